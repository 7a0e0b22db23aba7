//! `--user`: each person looked up directly (Okta by login or email, their groups, their System
//! Log events; Loopio by id and userName), reported assigned or not.

use super::*;

#[tokio::test]
async fn looked_up_people_are_reported_assigned_or_not() {
    let (okta, scim) = every_state();
    let w = world(okta, scim).await;
    let users = vec![
        "pat@acme.example".to_string(),
        at("CLASH"),
        at("sync"),
        "nobody@acme.example".to_string(),
    ];
    let r = run(
        &w,
        Options {
            users,
            ..Default::default()
        },
    )
    .await;
    let logins: Vec<&str> = r.users.iter().map(|u| u.login.as_str()).collect();
    assert_eq!(r.users.len(), 4, "{logins:?}");
    let pat = user(&r, "pat@acme.example");
    assert_eq!(
        (pat.state.as_str(), pat.status),
        ("user.not_assigned", Status::Warn)
    );
    assert!(pat.detail.contains("Sales"), "{}", pat.detail);
    assert!(
        pat.detail
            .contains("Loopio Admins, Proposal Team, Everyone"),
        "{}",
        pat.detail
    );
    assert_eq!(
        state(&r, &at("clash")),
        ("user.push_failed", Some("push.conflict"))
    );
    assert_eq!(user(&r, &at("clash")).events.len(), 1);
    assert_eq!(state(&r, &at("sync")), ("user.in_sync", None));
    assert_eq!(problem(&r, "reconcile.user_unknown").status, Status::Warn);
    // Looked up directly: no page of every app user, no page of every Loopio user.
    let okta_paths: Vec<String> = w
        .okta
        .requests()
        .into_iter()
        .map(|s| s.path_and_query)
        .collect();
    assert!(
        okta_paths.iter().all(|p| !p.contains("/users?limit=")),
        "{okta_paths:?}"
    );
    assert!(
        okta_paths
            .iter()
            .any(|p| p.starts_with("/api/v1/users/pat%40acme.example")
                || p.starts_with("/api/v1/users/pat@acme.example")),
        "{okta_paths:?}"
    );
    assert!(w
        .scim
        .requests()
        .iter()
        .all(|(_, p)| !p.contains("startIndex")));
}

#[tokio::test]
async fn a_person_found_by_email_when_the_login_differs() {
    let (mut okta, scim) = every_state();
    let mut pat = fake_okta::people::okta_user("00u4pat000000000000", "pat.login");
    pat["profile"]["email"] = json!("pat@acme.example");
    okta.people.users[3] = pat;
    let w = world(okta, scim).await;
    let users = vec!["pat@acme.example".to_string()];
    let r = run(
        &w,
        Options {
            users,
            ..Default::default()
        },
    )
    .await;
    assert_eq!(state(&r, "pat.login").0, "user.not_assigned");
}
