//! "Check real users" in the real window, against the practice Okta (with its live users) and
//! the practice tenant: the counts, the failing users grouped by cause with the Okta screen, the
//! search narrowing to one person, and the result labelled practice. After a restart the saved
//! result is shown with its time, still searchable, and no login is in the log or the output.

use fantoccini::{Client, Locator};
use loopio_scim_tests::driver::{app_data_dir, Driver};

use super::pages::*;

#[tokio::test]
#[ignore = "needs a display, tauri-driver and a built app: run by scripts/test.sh"]
async fn the_practice_users_are_checked_grouped_by_cause_and_searchable() {
    let home = temp_home("check-users");
    let driver = Driver::start(&home);
    let c = driver.session().await;
    click(&c, ".steps li[data-step=instance] button").await;
    type_into(&c, "#domain", "acme.loopio.com").await;
    wait_text(&c, "#normalised-domain", |t| t == "acme.loopio.com").await;

    // The practice Okta is chosen at "Check your Okta app"; the users step comes right after.
    click(&c, ".steps li[data-step=okta_check] button").await;
    wait_text(&c, "#step-title", |t| t == "Check your Okta app").await;
    click(&c, "#okta-source-practice").await;
    assert_eq!(
        step_number(&c, "check_users").await,
        step_number(&c, "okta_check").await + 1
    );
    click(&c, ".steps li[data-step=check_users] button").await;
    wait_text(&c, "#step-title", |t| t == "Check real users").await;

    click(&c, "#check-users-run").await;
    let headline = wait_text(&c, "#users-headline", |t| !t.is_empty()).await;
    assert!(headline.contains("need attention"), "{headline}");
    let practice = text_of(&c, "#users-practice").await;
    assert!(practice.contains("Practice"), "{practice}");
    the_counts_and_causes_are_shown(&c).await;
    scroll_to(&c, "users-verdict").await;
    screenshot(&c, "check-users-practice").await;
    the_search_narrows_to_one_person(&c).await;
    saved_with_the_check(&home).await;
    c.close().await.unwrap();
    drop(driver);

    the_saved_result_is_shown_after_a_restart(&home).await;
    logins_stay_out_of_the_log_and_the_output(&home);
    let _ = std::fs::remove_dir_all(&home);
}

/// The check is saved for the profile (the window saves it as soon as it arrives).
async fn saved_with_the_check(home: &std::path::Path) {
    let store = app_data_dir(home).join("progress.json");
    for _ in 0..50 {
        let text = std::fs::read_to_string(&store).unwrap_or_default();
        if text.contains("last_users_check") {
            assert!(
                text.contains("fay.former@acme.example"),
                "the users not in sync are kept"
            );
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the check was not saved in {}", store.display());
}

/// After a restart: the step, the saved result with its time, practice, and the search.
async fn the_saved_result_is_shown_after_a_restart(home: &std::path::Path) {
    let driver = Driver::start(home);
    let c = driver.session().await;
    wait_text(&c, "#step-title", |t| t == "Check real users").await;
    let when = wait_text(&c, "#users-when", |t| !t.is_empty()).await;
    assert!(
        when.starts_with("Checked ") && when.contains("(saved result)"),
        "{when}"
    );
    let headline = text_of(&c, "#users-headline").await;
    assert!(headline.contains("need attention"), "{headline}");
    let practice = text_of(&c, "#users-practice").await;
    assert!(practice.contains("Practice"), "{practice}");
    the_counts_and_causes_are_shown(&c).await;
    scroll_to(&c, "users-verdict").await;
    screenshot(&c, "check-users").await;
    the_search_narrows_to_one_person(&c).await;
    c.close().await.unwrap();
    drop(driver);
}

/// Logins are personal data: in the progress store (asked for), never in the log file or the
/// app's output.
fn logins_stay_out_of_the_log_and_the_output(home: &std::path::Path) {
    let log = app_data_dir(home).join("logs").join("assistant.log");
    let log = std::fs::read_to_string(&log).unwrap_or_else(|e| panic!("{}: {e}", log.display()));
    assert!(log.contains("users checked"), "the check is logged: {log}");
    let output = std::fs::read_to_string(home.join(loopio_scim_tests::driver::OUTPUT_LOG)).unwrap();
    for (name, text) in [("log", &log), ("output", &output)] {
        for login in ["fay.former@acme.example", "fay.former"] {
            assert!(!text.contains(login), "{login} in the {name}");
        }
    }
}

/// The counts first, then every cause with its remedy and the Okta screen, then who.
async fn the_counts_and_causes_are_shown(c: &Client) {
    let counts = text_of(c, "#users-counts").await;
    assert!(counts.contains("In sync"), "{counts}");
    assert!(counts.contains("Push failed"), "{counts}");
    let causes = c
        .find_all(Locator::Css("#users-causes [data-cause]"))
        .await
        .unwrap();
    assert!(causes.len() >= 3, "one group per cause: {}", causes.len());
    let conflict = text_of(c, r#"#users-causes [data-cause="push.conflict"]"#).await;
    assert!(
        conflict.contains("Where: Applications > Applications"),
        "{conflict}"
    );
    assert!(conflict.contains("Import"), "{conflict}");
}

/// The search box: one person's login leaves only their cause and them.
async fn the_search_narrows_to_one_person(c: &Client) {
    type_into(c, "#users-search", "fay.former").await;
    let who = c
        .find_all(Locator::Css("#users-causes li[data-login]"))
        .await
        .unwrap();
    assert_eq!(who.len(), 1, "one person");
    let text = text_of(c, "#users-causes").await;
    assert!(text.contains("fay.former@acme.example"), "{text}");
    assert!(text.contains("Deactivated in Loopio"), "{text}");
}
