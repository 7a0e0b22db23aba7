//! The practice servers after go-live (the practice Okta's live users, the practice tenant's
//! users): one user in every state, offline, as the window's step and `simulate-okta` show it.

use super::*;
use loopio_scim::practice;
use loopio_scim::practice_okta::{PracticeOrg, PRACTICE_APP_ID, PRACTICE_OKTA_TOKEN};
use loopio_scim::setup::{Environment, InstanceDomain};

async fn against_practice(users: Vec<String>) -> Reconciliation {
    let running = practice::serve(
        "127.0.0.1:0".parse().unwrap(),
        "practice-scim-token-0001".into(),
    )
    .await
    .unwrap();
    let domain = InstanceDomain::parse("acme.loopio.com").unwrap();
    running
        .okta
        .set(PracticeOrg::new(domain, Environment::Production).with_live_users());
    let org = OktaOrg::parse(&running.okta.url()).unwrap();
    let okta_target = okta::target(&org, &[], None, None).unwrap();
    let scim_target = Target::from_options(&TargetOptions {
        base_url: Some(running.base_url.clone()),
        ..Default::default()
    })
    .unwrap();
    let okta_secret = okta::token_from_pasted(PRACTICE_OKTA_TOKEN).unwrap().0;
    let scim_secret = Secret::from_pasted("practice-scim-token-0001").unwrap().0;
    let request = Request {
        okta_target: &okta_target,
        credentials: Credentials::ApiToken(&okta_secret),
        app: &AppSelector::id(PRACTICE_APP_ID).unwrap(),
        scim_target: &scim_target,
        scim_secret: &scim_secret,
        since: Duration::from_secs(30 * 86_400),
        users: &users,
        limit_users: None,
    };
    let r = reconcile::reconcile(&request).await;
    running.stop();
    r
}

#[tokio::test]
async fn the_practice_servers_have_one_user_in_every_state() {
    let r = against_practice(Vec::new()).await;
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
    let a = |name: &str| format!("{name}@acme.example");
    for name in ["alice.admin", "bob.writer", "carol.review"] {
        assert_eq!(state(&r, &a(name)), ("user.in_sync", None), "{name}");
    }
    assert_eq!(
        state(&r, &a("hal.new")),
        ("user.not_pushed", Some("push.not_attempted"))
    );
    let erin: Vec<&str> = r
        .users
        .iter()
        .filter(|u| u.login == a("erin.new"))
        .map(|u| u.state.as_str())
        .collect();
    assert_eq!(erin, ["user.push_failed", "user.unmanaged"], "the 409 pair");
    assert_eq!(
        state(&r, &a("jon.role")),
        ("user.push_failed", Some("push.role_value"))
    );
    assert_eq!(state(&r, &a("ivy.gone")).0, "user.missing_in_loopio");
    assert_eq!(state(&r, &a("dan.lead")).0, "user.roles_differ");
    assert_eq!(state(&r, &a("fay.former")).0, "user.inactive_in_loopio");
    assert_eq!(state(&r, &a("gil.old")).0, "user.username_differs");
    let pushed = user(&r, &a("erin.new"));
    assert_eq!(pushed.cause.as_deref(), Some("push.conflict"));
    assert!(pushed.events[0].reason.contains("Conflict"));
    let counts: Vec<(&String, &u64)> = r.counts.iter().filter(|(_, n)| **n > 0).collect();
    assert_eq!(counts.len(), 8, "{counts:?}");
}

#[tokio::test]
async fn the_practice_okta_has_someone_not_assigned() {
    let r = against_practice(vec!["kim.sales@acme.example".into()]).await;
    let kim = user(&r, "kim.sales@acme.example");
    assert_eq!(kim.state, "user.not_assigned");
    assert!(kim.detail.contains("Sales"), "{}", kim.detail);
    assert!(kim.detail.contains("Loopio Admins"), "{}", kim.detail);
}
