//! "Check real users" in the real window, against the practice Okta (with its live users) and
//! the practice tenant: the counts, the failing users grouped by cause with the Okta screen, the
//! search narrowing to one person, and the result labelled practice.

use fantoccini::{Client, Locator};
use loopio_scim_tests::driver::Driver;

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
    the_search_narrows_to_one_person(&c).await;
    c.close().await.unwrap();
    drop(driver);
    let _ = std::fs::remove_dir_all(&home);
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
    scroll_to(c, "users-verdict").await;
    screenshot(c, "check-users-practice").await;
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
