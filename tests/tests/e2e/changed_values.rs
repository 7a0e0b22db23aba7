//! A change invalidates what it changes (issue 17 #1): a whole practice run for
//! acme.loopio.com, then the domain changed to globex.loopio.com. The ticked steps are no
//! longer done, each says what it was done for, and the last test and Okta check are shown as
//! for the old domain.

use fantoccini::{Client, Locator};
use loopio_scim_tests::driver::Driver;

use super::pages::*;

#[tokio::test]
#[ignore = "needs a display, tauri-driver and a built app: run by scripts/test.sh"]
async fn a_changed_domain_unticks_the_steps_and_marks_the_old_results() {
    let home = temp_home("changed-values");
    let driver = Driver::start(&home);
    let c = driver.session().await;
    whole_practice_run(&c).await;
    wait_text(&c, "#progress-text", |t| t.contains("10 of 12 done")).await;

    // The domain changes: only what does not depend on it stays done.
    click(&c, ".steps li[data-step=instance] button").await;
    wait_text(&c, "#step-title", |t| t == "Your Loopio instance").await;
    type_into(&c, "#domain", "globex.loopio.com").await;
    wait_text(&c, "#normalised-domain", |t| t == "globex.loopio.com").await;
    wait_text(&c, "#progress-text", |t| t.contains("2 of 12 done")).await;
    for (id, title) in [
        ("create_app", "Create the SAML app in Okta"),
        (
            "provisioning_integration",
            "Connect Okta to Loopio's SCIM API",
        ),
        ("map_roles", "Map Okta users to Loopio roles"),
    ] {
        let n = step_number(&c, id).await;
        assert_eq!(
            text_of(&c, &format!(".steps li[data-step={id}] .marker")).await,
            n.to_string(),
            "step {n} still marked done"
        );
        click(&c, &step_button(id)).await;
        wait_text(&c, "#step-title", |t| t == title).await;
        let note = wait_text(&c, "#for-other", |t| !t.is_empty()).await;
        assert_eq!(
            note,
            "Done for acme.loopio.com, not for globex.loopio.com: check it again."
        );
        let ticked = prop_of(&c, "#step-done", "checked").await;
        assert_eq!(ticked.as_deref(), Some("false"), "step {n} still ticked");
    }
    // The values on screen are globex's.
    click(&c, ".steps li[data-step=configure_saml] button").await;
    let sso = wait_text(&c, r#"[data-key="saml.sso_url"] code.value"#, |t| {
        !t.is_empty()
    })
    .await;
    assert!(sso.contains("globex.loopio.com"), "{sso}");

    // The old results say what they ran for.
    click(&c, ".steps li[data-step=connection_test] button").await;
    wait_text(&c, "#step-title", |t| t == "Test the token and connection").await;
    let note = wait_text(&c, "#for-other", |t| !t.is_empty()).await;
    assert!(
        note.contains("This test ran for acme.loopio.com, not for globex.loopio.com"),
        "{note}"
    );
    // The practice test never completed the step, so it was never "done for" acme.
    assert!(!note.contains("Done for"), "{note}");
    screenshot(&c, "changed-domain-connection-test").await;
    click(&c, ".steps li[data-step=okta_check] button").await;
    wait_text(&c, "#step-title", |t| t == "Check your Okta app").await;
    let note = wait_text(&c, "#for-other", |t| !t.is_empty()).await;
    assert!(
        note.contains("This check ran for acme.loopio.com, not for globex.loopio.com"),
        "{note}"
    );
    the_old_okta_check_is_marked_old(&c).await;
    screenshot(&c, "changed-domain-okta-check").await;

    // Ticking again records today's domain.
    click(&c, ".steps li[data-step=create_app] button").await;
    wait_text(&c, "#step-title", |t| t == "Create the SAML app in Okta").await;
    click(&c, "#step-done").await;
    wait_text(&c, "#progress-text", |t| t.contains("3 of 12 done")).await;
    let hidden = attr_of(&c, "#for-other", "hidden").await;
    assert!(hidden.is_some(), "the note stays after ticking again");
    screenshot(&c, "changed-domain-ticked-again").await;
    c.close().await.unwrap();
    drop(driver);
    let _ = std::fs::remove_dir_all(&home);
}

/// Every step for acme.loopio.com: ticks, the practice connection test and the practice Okta.
async fn whole_practice_run(c: &Client) {
    for id in ["okta", "saml_sso", "scim_enabled", "token"] {
        click(c, &format!("#check-prerequisites-{id}")).await;
    }
    next(c, "Your Loopio instance").await;
    type_into(c, "#domain", "acme.loopio.com").await;
    wait_text(c, "#normalised-domain", |t| t == "acme.loopio.com").await;
    for title in [
        "Create the SAML app in Okta",
        "Configure SAML",
        "Loopio's SSO settings",
        "Enable SCIM provisioning",
        "Connect Okta to Loopio's SCIM API",
    ] {
        next(c, title).await;
        click(c, "#step-done").await;
    }
    next(c, "Test the token and connection").await;
    assert!(c.find(Locator::Css("#step-done")).await.is_err());
    click(c, "#target-practice").await;
    click(c, "#use-practice-token").await;
    wait_text(c, "#token-notes", |_| true).await;
    click(c, "#run-test").await;
    wait_text(c, "#okta-verdict", |t| t.contains(PRACTICE_PASS)).await;
    next(c, "Choose what Okta does in Loopio").await;
    click(c, "#step-done").await;
    next(c, "Add the roles attribute").await;
    type_into(c, "#app-variable", "loopio_1").await;
    wait_text(c, r#"[data-key="roles.variable_name"] code.value"#, |t| {
        t == "loopio_1_roles"
    })
    .await;
    click(c, "#step-done").await;
    next(c, "Map Okta users to Loopio roles").await;
    click(c, "#step-done").await;
    next(c, "Rehearse Okta's first push").await;
    next(c, "Check your Okta app").await;
    click(c, "#okta-source-practice").await;
    click(c, "#run-okta-check").await;
    let verdict = wait_text(c, "#okta-check-headline", |t| !t.is_empty()).await;
    assert!(verdict.contains("practice Okta"), "{verdict}");
    let hidden = attr_of(c, "#for-other", "hidden").await;
    assert!(hidden.is_some(), "a note before any change");
}

/// The old result itself is marked old, not shown as today's verdict.
async fn the_old_okta_check_is_marked_old(c: &Client) {
    let old = text_of(c, "#okta-check-old").await;
    assert!(
        old.starts_with("Old result: This check ran for acme.loopio.com"),
        "{old}"
    );
    let class = attr_of(c, "#okta-check-headline", "class")
        .await
        .unwrap_or_default();
    assert!(class.contains("old") && !class.contains(" ok"), "{class}");
}
