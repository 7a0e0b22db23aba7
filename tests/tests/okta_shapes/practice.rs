//! The practice Okta (the window's and `simulate`'s offline Okta) against the same schemas as
//! the fake: every read the read-back and `reconcile` make, and a refused token, answered in
//! Okta's shapes.

use super::*;
use loopio_scim::practice;
use loopio_scim::practice_okta::{PracticeOrg, PRACTICE_APP_ID, PRACTICE_OKTA_TOKEN};
use loopio_scim::setup::{Environment, InstanceDomain};

async fn get(url: &str, path: &str, token: &str) -> Served {
    served::send_with(url, "GET", path, Some(token), None).await
}

#[tokio::test]
async fn every_read_the_practice_okta_answers_is_an_okta_shape() {
    let spec = spec();
    let running = practice::serve("127.0.0.1:0".parse().unwrap(), "practice-scim".into())
        .await
        .unwrap();
    let url = running.okta.url();
    let domain = InstanceDomain::parse("acme.loopio.com").unwrap();
    let org = PracticeOrg::new(domain, Environment::Production).with_live_users();
    running.okta.set(org);
    let app = format!("/api/v1/apps/{PRACTICE_APP_ID}");
    let app_json: Value = serde_json::from_str(&get(&url, &app, PRACTICE_OKTA_TOKEN).await.body)
        .expect("the practice app is JSON");
    let kid = app_json["credentials"]["signing"]["kid"]
        .as_str()
        .expect("the practice app names its signing key")
        .to_string();
    let mappings = get(
        &url,
        &format!("/api/v1/mappings?targetId={PRACTICE_APP_ID}"),
        PRACTICE_OKTA_TOKEN,
    )
    .await;
    let mapping_list: Value = serde_json::from_str(&mappings.body).unwrap();
    let mapping_id = mapping_list[0]["id"]
        .as_str()
        .expect("a mapping")
        .to_string();
    let mut served = vec![mappings];
    for path in [
        "/api/v1/apps?q=Loopio&limit=200".to_string(),
        app.clone(),
        format!("{app}/groups?expand=group&limit=200"),
        format!("{app}/users?limit=200"),
        format!("{app}/credentials/keys"),
        format!("{app}/sso/saml/metadata?kid={kid}"),
        format!("/api/v1/meta/schemas/apps/{PRACTICE_APP_ID}/default"),
        "/api/v1/groups?q=Loopio&limit=200".into(),
        format!("/api/v1/mappings/{mapping_id}"),
        // reconcile's reads, after go-live.
        format!("{app}/users?limit=500&expand=user"),
        format!("{app}/users/00upractice0user0000?expand=user"),
        "/api/v1/users/kim.sales@acme.example".into(),
        "/api/v1/users?search=profile.email%20eq%20%22kim.sales%40acme.example%22".into(),
        "/api/v1/users/00upractice0kim00001/groups".into(),
        "/api/v1/logs?since=2020-01-01T00%3A00%3A00Z&limit=1000".into(),
    ] {
        served.push(get(&url, &path, PRACTICE_OKTA_TOKEN).await);
    }
    served.push(get(&url, &app, "practice-okta-token-wrong-000000").await);
    running.stop();
    let mut failures = Vec::new();
    let mut statuses = BTreeSet::new();
    for s in &served {
        statuses.insert(s.status);
        if let Err(e) = check_served(spec, s) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(statuses, BTreeSet::from([200, 401]), "{served:#?}");
}
