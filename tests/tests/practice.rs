//! The practice tenant behaves as a SCIM server must for Okta: create, duplicate, replace, 404.

use loopio_scim::practice::{self, DEFAULT_PRACTICE_TOKEN};
use serde_json::{json, Value};

#[tokio::test]
async fn create_duplicate_replace_and_unknown_ids() {
    let tenant = practice::serve(
        "127.0.0.1:0".parse().unwrap(),
        DEFAULT_PRACTICE_TOKEN.into(),
    )
    .await
    .unwrap();
    let client = reqwest::Client::new();
    let users = format!("{}/Users", tenant.base_url);
    let new_user = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "new.person@acme.example", "password": "x", "active": true});

    let created = client
        .post(&users)
        .bearer_auth(DEFAULT_PRACTICE_TOKEN)
        .header("content-type", "application/json")
        .body(new_user.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: Value = serde_json::from_slice(&created.bytes().await.unwrap()).unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    assert!(
        created.get("password").is_none(),
        "the password is not kept"
    );

    // Same userName in another case: 409 uniqueness.
    let dup = json!({"userName": "NEW.PERSON@acme.example"});
    let conflict = client
        .post(&users)
        .bearer_auth(DEFAULT_PRACTICE_TOKEN)
        .header("content-type", "application/json")
        .body(dup.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(conflict.status(), 409);
    assert_eq!(
        conflict
            .bytes()
            .await
            .map(|b| serde_json::from_slice::<Value>(&b).unwrap())
            .unwrap()["scimType"],
        "uniqueness"
    );

    // Replacing a user with its own name is fine; taking another user's name is not.
    let own = json!({"userName": "new.person@acme.example", "active": false});
    let put = client
        .put(format!("{users}/{id}"))
        .bearer_auth(DEFAULT_PRACTICE_TOKEN)
        .header("content-type", "application/json")
        .body(own.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
    assert_eq!(
        put.bytes()
            .await
            .map(|b| serde_json::from_slice::<Value>(&b).unwrap())
            .unwrap()["active"],
        false
    );
    let taken = json!({"userName": "alice.admin@acme.example"});
    let put = client
        .put(format!("{users}/{id}"))
        .bearer_auth(DEFAULT_PRACTICE_TOKEN)
        .header("content-type", "application/json")
        .body(taken.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 409);

    let missing = client
        .get(format!("{users}/nope"))
        .bearer_auth(DEFAULT_PRACTICE_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let put = client
        .put(format!("{users}/nope"))
        .bearer_auth(DEFAULT_PRACTICE_TOKEN)
        .header("content-type", "application/json")
        .body(json!({"userName": "nobody.yet@acme.example"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 404);
    // An unknown id with a userName someone else has: still 404, not 409.
    let put = client
        .put(format!("{users}/nope"))
        .bearer_auth(DEFAULT_PRACTICE_TOKEN)
        .header("content-type", "application/json")
        .body(taken.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 404);
    let unauthenticated = client.get(&users).send().await.unwrap();
    assert_eq!(unauthenticated.status(), 401);
    tenant.stop();
}
