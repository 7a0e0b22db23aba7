//! Issue 17 #10 in the real window: the assistant's way, chosen at the first step, against the
//! practice Okta without the Loopio app. The admin connects once at "Create the SAML app", the
//! app is created after its plan is confirmed, and every step Okta's API can read shows Okta's
//! answer (never a tick); what no API can do is done in the practice Okta's console and read
//! back with Check again, through to the final check. Practice answers never count as done.

use fantoccini::Client;
use loopio_scim_tests::driver::Driver;

use super::pages::*;

#[tokio::test]
#[ignore = "needs a display, tauri-driver and a built app: run by scripts/test.sh"]
async fn the_assistants_way_from_the_first_step_reaches_the_final_check_on_okta_answers() {
    let home = temp_home("assistant-way");
    let driver = Driver::start(&home);
    let c = driver.session().await;
    wait_text(&c, "#step-title", |t| t == "Before you start").await;
    click(&c, "#way-prerequisites-assistant").await;
    wait_for(&c, r#"#way-prerequisites[data-way="assistant"]"#).await;
    screenshot(&c, "assistant-way-choice").await;
    click(&c, &step_button("instance")).await;
    type_into(&c, "#domain", "acme.loopio.com").await;
    wait_text(&c, "#normalised-domain", |t| t == "acme.loopio.com").await;

    the_app_is_created_from_its_step(&c).await;
    the_saml_step_shows_okta_answer_and_no_tick(&c).await;
    the_manual_switches_are_read_back(&c).await;
    the_roles_are_sent_and_read_back(&c).await;

    // The final check reads the same practice app: it matches, and says practice.
    click(&c, &step_button("okta_check")).await;
    wait_text(&c, "#step-title", |t| t == "Check your Okta app").await;
    click(&c, "#run-okta-check").await;
    let verdict = wait_text(&c, "#okta-check-headline", |t| t.contains("matches")).await;
    assert!(verdict.contains("practice Okta"), "{verdict}");
    // Practice answers never count: none of the Okta-read steps is marked done.
    for step in [
        "create_app",
        "configure_saml",
        "enable_scim",
        "provisioning_to_app",
    ] {
        let class = attr_of(&c, &format!("{} ", step_button(step)), "class").await;
        assert!(
            !class.unwrap_or_default().contains("done"),
            "{step} counted as done"
        );
    }
    c.close().await.unwrap();
    drop(driver);
    let _ = std::fs::remove_dir_all(&home);
}

/// "Okta's answer" on the open step: its status once it is for this step.
async fn okta_says(c: &Client, status: &str) -> String {
    let css = format!(r#"#okta-says [data-status="{status}"]"#);
    for _ in 0..100 {
        if let Ok(e) = c.find(fantoccini::Locator::Css(&css)).await {
            return e.text().await.unwrap_or_default();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    screenshot(c, "assistant-way-failed").await;
    panic!(
        "Okta's answer never became {status}: {:?} (findings: {:?})",
        text_of(c, "#okta-says").await,
        text_of(c, "#okta-results").await
    );
}

async fn the_app_is_created_from_its_step(c: &Client) {
    click(c, &step_button("create_app")).await;
    wait_text(c, "#step-title", |t| t == "Create the SAML app in Okta").await;
    // The way chosen first is shown again here, and the step has no tick to give.
    assert_eq!(
        prop_of(c, "#way-create_app-assistant", "checked")
            .await
            .as_deref(),
        Some("true")
    );
    assert!(text_of(c, "#completed-by").await.contains("Okta's answer"));
    assert!(c
        .find(fantoccini::Locator::Css("#step-done"))
        .await
        .is_err());
    click(c, "#okta-source-practice").await;
    click(c, "#okta-practice-without-app").await;
    click(c, "#run-okta-check").await;
    let missing = okta_says(c, "fail").await;
    assert!(missing.contains("no app labelled"), "{missing}");
    click(c, "#plan-okta-changes").await;
    let plan = wait_text(c, "#okta-plan", |t| !t.is_empty()).await;
    assert!(plan.contains("POST /api/v1/apps?activate=true"), "{plan}");
    click(c, "#confirm-okta-changes").await;
    wait_text(c, "#okta-change-done", |t| t.contains("accepted")).await;
    // Okta's answer, read back at once, now has the app; the connection folds away.
    let found = okta_says(c, "pass").await;
    assert!(
        found.contains("practice Okta") && found.contains("Practice answers never complete"),
        "{found}"
    );
    assert_eq!(
        prop_of(c, "#okta-connection", "open").await.as_deref(),
        Some("false")
    );
    scroll_to(c, "step-title").await;
    screenshot(c, "assistant-way-create-app").await;
}

async fn the_saml_step_shows_okta_answer_and_no_tick(c: &Client) {
    click(c, &step_button("configure_saml")).await;
    wait_text(c, "#step-title", |t| t == "Configure SAML").await;
    okta_says(c, "pass").await;
    // Only this step's findings: SAML, not provisioning.
    let shown = text_of(c, "#okta-results").await;
    assert!(shown.contains("Audience"), "{shown}");
    let codes = c
        .find_all(fantoccini::Locator::Css("#okta-results [data-code]"))
        .await
        .unwrap();
    for f in codes {
        let code = f.attr("data-code").await.unwrap().unwrap_or_default();
        assert!(
            code.starts_with("okta.saml."),
            "{code} shown on the SAML step"
        );
    }
}

async fn the_manual_switches_are_read_back(c: &Client) {
    click(c, &step_button("enable_scim")).await;
    wait_text(c, "#step-title", |t| t == "Enable SCIM provisioning").await;
    let off = okta_says(c, "fail").await;
    assert!(off.contains("1 place"), "{off}");
    screenshot(c, "assistant-way-enable-scim").await;
    // Check again on the same org keeps the list of what is still the admin's to do.
    click(c, "#run-okta-check").await;
    okta_says(c, "fail").await;
    assert!(text_of(c, "#okta-manual-steps")
        .await
        .contains("Enable SCIM provisioning"));
    // The admin's click in Okta's console; Check again reads it back.
    click(c, r#"[data-practice-step="general.enable_scim"]"#).await;
    okta_says(c, "pass").await;
    // The list of what is the admin's to do says this one is done now.
    let item = r#"li.manual-step[data-step="general.enable_scim"]"#;
    let class = attr_of(c, item, "class").await.unwrap_or_default();
    assert!(class.contains("done"), "{class}");
    assert!(text_of(c, item)
        .await
        .contains("Okta's answer shows this done"));
    click(c, &step_button("provisioning_to_app")).await;
    wait_text(c, "#step-title", |t| t == "Choose what Okta does in Loopio").await;
    for (step, finding) in [
        ("to_app.create_users", "okta.provisioning.create_users"),
        (
            "to_app.update_user_attributes",
            "okta.provisioning.update_attributes",
        ),
    ] {
        click(c, &format!(r#"[data-practice-step="{step}"]"#)).await;
        let css = format!(r#"#okta-results [data-code="{finding}"]"#);
        wait_text(c, &css, |t| t.contains("Pass")).await;
    }
    okta_says(c, "pass").await;
    scroll_to(c, "okta-says").await;
    screenshot(c, "assistant-way-to-app").await;
}

async fn the_roles_are_sent_and_read_back(c: &Client) {
    click(c, &step_button("profile_editor_roles")).await;
    wait_text(c, "#step-title", |t| t == "Add the roles attribute").await;
    okta_says(c, "fail").await;
    screenshot(c, "assistant-way-roles-attribute").await;
    click(c, "#plan-okta-changes").await;
    let plan = wait_text(c, "#okta-plan", |t| t.contains("meta/schemas")).await;
    assert!(plan.contains("/groups/"), "{plan}");
    click(c, "#confirm-okta-changes").await;
    wait_text(c, "#okta-change-done", |t| t.contains("accepted")).await;
    okta_says(c, "pass").await;
    click(c, &step_button("map_roles")).await;
    wait_text(c, "#step-title", |t| t == "Map Okta users to Loopio roles").await;
    let roles = okta_says(c, "pass").await;
    assert!(roles.contains("practice Okta"), "{roles}");
    screenshot(c, "assistant-way-map-roles").await;
}
