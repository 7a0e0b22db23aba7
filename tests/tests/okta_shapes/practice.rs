//! The practice Okta (the window's and `simulate`'s offline Okta) against the same schemas as
//! the fake: every read the read-back makes, and a refused token, answered in Okta's shapes.

use super::*;
use loopio_scim::practice;
use loopio_scim::practice_okta::{PRACTICE_APP_ID, PRACTICE_OKTA_TOKEN};

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
