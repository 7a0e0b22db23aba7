//! The connection test against the practice tenant (with the keychain and the token-leak
//! sweep), role discovery and the report export.

#![allow(unused_imports)]

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::{Client, Locator};
use loopio_scim_tests::driver::Driver;

use super::pages::*;

#[tokio::test]
#[ignore = "needs a display, tauri-driver and a built app: run by scripts/test.sh"]
async fn the_practice_connection_test_in_the_real_window() {
    let home = temp_home("practice");
    let driver = Driver::start(&home);
    let c = driver.session().await;
    click(&c, ".steps li[data-step=connection_test] button").await;
    wait_text(&c, "#step-title", |t| t == "Test the token and connection").await;
    click(&c, "#target-practice").await;
    click(&c, "#use-practice-token").await;
    wait_text(&c, "#token-notes", |_| true).await;
    // The token field, its notes and the generated-on date, as the admin sees them.
    scroll_to(&c, "token").await;
    screenshot(&c, "connection-token-field").await;
    click(&c, "#run-test").await;
    let verdict = wait_text(&c, "#okta-verdict", |t| !t.is_empty()).await;
    // The practice tenant is not Loopio: its pass is said plainly and ticks nothing.
    assert!(
        verdict.contains(PRACTICE_PASS) && verdict.contains("not Loopio"),
        "{verdict}"
    );
    assert!(!verdict.contains("will pass"), "{verdict}");
    let connector = text_of(&c, r#"[data-check="okta.connector"]"#).await;
    assert!(connector.contains("Pass"), "{connector}");
    for check in [
        "okta.lookup",
        "okta.groups",
        "auth.enforced",
        "scim.discovery",
        "clock.skew",
    ] {
        let text = text_of(&c, &format!(r#"[data-check="{check}"]"#)).await;
        assert!(text.contains("Pass"), "{check}: {text}");
    }
    // A practice pass is not progress: the step stays to do (issue 13).
    assert_eq!(
        text_of(&c, ".steps li[data-step=connection_test] .marker").await,
        step_number(&c, "connection_test").await.to_string()
    );
    scroll_to(&c, "okta-verdict").await;
    screenshot(&c, "connection-test-practice").await;

    // "Remember this token": saved in the keychain, or (no Secret Service here) a clear
    // message; never a file (checked below).
    click(&c, "#remember-token").await;
    click(&c, "#run-test").await;
    let keychain = wait_text(&c, "#keychain-status", |t| {
        t.contains("keychain") && !t.contains("when you run")
    })
    .await;
    assert!(
        keychain.contains("Saved in this computer's keychain")
            || keychain.contains("No keychain is available"),
        "{keychain}"
    );

    // A wrong token is explained, not just refused.
    type_into(&c, "#token", "Bearer wrong-token-0123456789abcdef").await;
    wait_text(&c, "#token-notes", |t| t.contains("Bearer")).await;
    click(&c, "#run-test").await;
    let verdict = wait_text(&c, "#okta-verdict", |t| t.contains(PRACTICE_FAIL)).await;
    assert!(verdict.contains("refused"), "{verdict}");
    let connector = text_of(&c, r#"[data-check="okta.connector"]"#).await;
    assert!(
        connector.contains("auth.rejected") && connector.contains("What to do"),
        "{connector}"
    );
    scroll_to(&c, "okta-verdict").await;
    screenshot(&c, "connection-test-rejected").await;
    c.close().await.unwrap();
    drop(driver);

    // Neither token reached any file the app wrote, nor anything it printed.
    assert!(home.join(loopio_scim_tests::driver::OUTPUT_LOG).exists());
    for token in [
        "wrong-token-0123456789abcdef",
        loopio_scim::practice::DEFAULT_PRACTICE_TOKEN,
    ] {
        assert_no_file_contains(&home, token);
    }
    let _ = std::fs::remove_dir_all(&home);
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and a built app: run by scripts/test.sh"]
async fn roles_from_the_practice_tenant_and_the_report_export() {
    let home = temp_home("roles");
    let exports = home.join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    std::env::set_var("LOOPIO_SCIM_EXPORT_DIR", &exports);
    let driver = Driver::start(&home);
    let c = driver.session().await;

    click(&c, ".steps li[data-step=instance] button").await;
    type_into(&c, "#domain", "acme.loopio.com").await;
    wait_text(&c, "#normalised-domain", |t| t == "acme.loopio.com").await;
    click(&c, ".steps li[data-step=connection_test] button").await;
    click(&c, "#target-practice").await;
    click(&c, "#use-practice-token").await;
    click(&c, "#run-test").await;
    wait_text(&c, "#okta-verdict", |t| t.contains(PRACTICE_PASS)).await;

    click(&c, ".steps li[data-step=map_roles] button").await;
    wait_text(&c, "#step-title", |t| t == "Map Okta users to Loopio roles").await;
    click(&c, "#discover-roles").await;
    let status = wait_text(&c, "#discover-status", |t| t.starts_with("Read all")).await;
    assert!(status.contains("7 of 7 users"), "{status}");
    let known = text_of(&c, "#known-roles").await;
    for role in ["Admin", "Contributor", "Reviewer"] {
        assert!(known.contains(role), "{known}");
    }
    type_into(&c, "#same-role", "admin").await;
    let check = wait_text(&c, r#"[data-row="0"]"#, |t| t.contains("Fix")).await;
    assert!(
        check.contains("\"Admin\""),
        "the right spelling is named: {check}"
    );
    scroll_to(&c, "roles-checks").await;
    screenshot(&c, "roles-near-miss").await;
    type_into(&c, "#same-role", "Admin").await;
    wait_text(&c, "#roles-ready", |t| t.contains("Ready")).await;

    click(&c, ".steps li[data-step=done] button").await;
    click(&c, "#export-include-practice").await; // practice results only when asked for
    for format in ["md", "html", "json"] {
        click(&c, &format!("#export-{format}")).await;
        wait_text(&c, "#export-status", |t| t.contains(&format!(".{format}"))).await;
    }
    screenshot(&c, "finished-export").await;
    c.close().await.unwrap();
    drop(driver);

    let files: Vec<_> = std::fs::read_dir(&exports)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.contains(
                "https://acme.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp"
            ),
            "{}",
            file.display()
        );
        assert!(
            text.contains("okta.connector"),
            "{} has the last test",
            file.display()
        );
        let marked = text.contains("(practice tenant, not Loopio)");
        assert!(marked || !file.to_string_lossy().ends_with(".md"), "{text}");
        assert!(
            !text.contains(loopio_scim::practice::DEFAULT_PRACTICE_TOKEN),
            "{} holds the token",
            file.display()
        );
    }
    // Nor is it in any file the app wrote, or in anything it printed.
    assert!(home.join(loopio_scim_tests::driver::OUTPUT_LOG).exists());
    assert_no_file_contains(&home, loopio_scim::practice::DEFAULT_PRACTICE_TOKEN);
    let _ = std::fs::remove_dir_all(&home);
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and a built app: run by scripts/test.sh"]
async fn the_rehearsal_against_the_practice_tenant_and_both_results_after_a_restart() {
    let home = temp_home("rehearsal");
    let driver = Driver::start(&home);
    let c = driver.session().await;
    click(&c, ".steps li[data-step=connection_test] button").await;
    wait_text(&c, "#step-title", |t| t == "Test the token and connection").await;
    // The rehearsal is offered after the roles, on its own step (issue 17 #12).
    assert!(
        c.find(Locator::Css("#run-rehearsal")).await.is_err(),
        "the rehearsal is offered before the roles"
    );
    type_into(&c, "#token", "some-token-0123456789abcdef").await;
    to_the_rehearsal(&c).await;
    assert_eq!(
        step_number(&c, "rehearsal").await,
        step_number(&c, "map_roles").await + 1
    );
    let warning = text_of(&c, "#rehearsal-warning").await;
    assert!(warning.contains("creates one test user"), "{warning}");
    let no_roles = text_of(&c, "#rehearsal-no-roles").await;
    assert!(no_roles.contains("No role is planned yet"), "{no_roles}");
    production_is_refused_without_the_domain(&c).await;
    rehearsal_against_the_practice_tenant(&c).await;
    c.close().await.unwrap();
    drop(driver);

    // The outcome is kept for the report: the test users, verdict and target.
    let saved = std::fs::read_to_string(
        loopio_scim_tests::driver::app_data_dir(&home).join("progress.json"),
    )
    .unwrap();
    assert!(saved.contains("last_rehearsal"), "{saved}");
    assert!(saved.contains("okta-rehearsal-"), "{saved}");

    both_results_after_a_restart(&home).await;
    assert_no_file_contains(&home, loopio_scim::practice::DEFAULT_PRACTICE_TOKEN);
    assert_no_file_contains(&home, "some-token-0123456789abcdef");
    let _ = std::fs::remove_dir_all(&home);
}

/// The rehearsal's own step, after the roles.
async fn to_the_rehearsal(c: &Client) {
    click(c, &step_button("rehearsal")).await;
    wait_text(c, "#step-title", |t| t == "Rehearse Okta's first push").await;
}

/// Production asks for the domain again, and refuses before any request without it.
async fn production_is_refused_without_the_domain(c: &Client) {
    click(c, "#run-rehearsal").await;
    let refusal = wait_text(c, "#rehearsal-verdict", |t| t.contains("production")).await;
    assert!(
        refusal.contains("typing your Loopio domain again"),
        "{refusal}"
    );
    text_of(c, r#"[data-code="rehearse.production_unconfirmed"]"#).await;
    assert!(
        c.find(Locator::Css("#rehearsal-steps li")).await.is_err(),
        "no step ran"
    );
}

/// The practice tenant: every step arrives, passes, and the test user is listed.
async fn rehearsal_against_the_practice_tenant(c: &Client) {
    click(c, &step_button("connection_test")).await;
    click(c, "#target-practice").await;
    click(c, "#use-practice-token").await;
    click(c, "#run-test").await;
    wait_text(c, "#okta-verdict", |t| t.contains(PRACTICE_PASS)).await;
    to_the_rehearsal(c).await;
    let target = text_of(c, "#rehearsal-target").await;
    assert!(target.contains("Practice tenant"), "{target}");
    click(c, "#run-rehearsal").await;
    let headline = wait_text(c, "#rehearsal-headline", |t| !t.is_empty()).await;
    assert!(
        headline.contains("practice tenant") && headline.contains("not Loopio"),
        "{headline}"
    );
    let steps = text_of(c, "#rehearsal-steps").await;
    assert!(!steps.contains("✖ Fail"), "{steps}");
    // The window never gives command-line advice.
    let page = text_of(c, "main").await;
    assert!(
        !page.contains("--role") && !page.contains("command line"),
        "{page}"
    );
    for code in [
        "rehearse.lookup_before_create",
        "rehearse.create",
        "rehearse.lookup_case",
        "rehearse.read",
        "rehearse.update",
        "rehearse.duplicate",
        "rehearse.deactivate",
        "rehearse.reactivate",
    ] {
        let step = text_of(c, &format!(r#"#rehearsal-steps [data-code="{code}"]"#)).await;
        assert!(step.contains("✓ Pass"), "{code}: {step}");
    }
    let users = text_of(c, "#rehearsal-users").await;
    assert!(
        users.contains("okta-rehearsal-") && users.contains("deactivated"),
        "{users}"
    );
    assert!(
        text_of(c, "#test-users-cleanup")
            .await
            .contains("How to remove them"),
        "the way to remove the test users is said"
    );
    scroll_to(c, "rehearsal-title").await;
    screenshot(c, "rehearsal-practice").await;
}

/// After a restart the connection step shows the last test with its target, and the last
/// rehearsal with its test users.
async fn both_results_after_a_restart(home: &std::path::Path) {
    let driver = Driver::start(home);
    let c = driver.session().await;
    click(&c, ".steps li[data-step=connection_test] button").await;
    wait_text(&c, "#step-title", |t| t == "Test the token and connection").await;
    let verdict = wait_text(&c, "#okta-verdict", |t| t.contains(PRACTICE_PASS)).await;
    assert!(verdict.contains("not Loopio"), "{verdict}");
    let saved_line = text_of(&c, "#saved-result").await;
    assert!(saved_line.contains("Practice tenant"), "{saved_line}");
    let practice = prop_of(&c, "#target-practice", "checked").await;
    assert_eq!(
        practice.as_deref(),
        Some("true"),
        "the saved target is chosen"
    );
    to_the_rehearsal(&c).await;
    let last = text_of(&c, "#rehearsal-headline").await;
    assert!(last.contains("Last rehearsal"), "{last}");
    assert!(text_of(&c, "#rehearsal-users")
        .await
        .contains("okta-rehearsal-"));
    c.close().await.unwrap();
    drop(driver);
}
