//! The practice tenant behaves as a SCIM server must for Okta: create, duplicate, replace, 404.

use loopio_scim::practice::{self, DEFAULT_PRACTICE_TOKEN};
use reqwest::Method;
use serde_json::{json, Value};

/// One authenticated SCIM request; returns the status and the JSON body (Null when empty).
async fn scim(method: Method, url: &str, body: Option<&Value>) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .request(method, url)
        .bearer_auth(DEFAULT_PRACTICE_TOKEN);
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.bytes().await.unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn create_duplicate_replace_and_unknown_ids() {
    let tenant = practice::serve(
        "127.0.0.1:0".parse().unwrap(),
        DEFAULT_PRACTICE_TOKEN.into(),
    )
    .await
    .unwrap();
    let users = format!("{}/Users", tenant.base_url);
    let new_user = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "new.person@acme.example", "password": "x", "active": true});

    let (status, created) = scim(Method::POST, &users, Some(&new_user)).await;
    assert_eq!(status, 201);
    let id = created["id"].as_str().unwrap().to_string();
    assert!(
        created.get("password").is_none(),
        "the password is not kept"
    );

    // Same userName in another case: 409 uniqueness.
    let dup = json!({"userName": "NEW.PERSON@acme.example"});
    let (status, conflict) = scim(Method::POST, &users, Some(&dup)).await;
    assert_eq!(status, 409);
    assert_eq!(conflict["scimType"], "uniqueness");

    // Replacing a user with its own name is fine; taking another user's name is not.
    let own = json!({"userName": "new.person@acme.example", "active": false});
    let (status, replaced) = scim(Method::PUT, &format!("{users}/{id}"), Some(&own)).await;
    assert_eq!(status, 200);
    assert_eq!(replaced["active"], false);
    let taken = json!({"userName": "alice.admin@acme.example"});
    let (status, _) = scim(Method::PUT, &format!("{users}/{id}"), Some(&taken)).await;
    assert_eq!(status, 409);

    // Unknown ids are 404, also when the userName in the body belongs to someone else.
    let unknown = format!("{users}/nope");
    assert_eq!(scim(Method::GET, &unknown, None).await.0, 404);
    let nobody = json!({"userName": "nobody.yet@acme.example"});
    assert_eq!(scim(Method::PUT, &unknown, Some(&nobody)).await.0, 404);
    assert_eq!(scim(Method::PUT, &unknown, Some(&taken)).await.0, 404);

    let unauthenticated = reqwest::Client::new().get(&users).send().await.unwrap();
    assert_eq!(unauthenticated.status(), 401);
    tenant.stop();
}
