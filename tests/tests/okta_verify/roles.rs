//! The roles attribute, group role values, assigned users and the signing certificate.

use super::*;

#[tokio::test]
async fn roles_attribute_mistakes_are_each_named() {
    let r = planted(
        |d| d.schemas.get_mut(APP_ID).unwrap()["definitions"]["custom"]["properties"] = json!({}),
        "okta.roles.missing",
        Status::Fail,
    )
    .await;
    assert_eq!(status(&r, "okta.roles.type"), Status::Skip);
    assert_eq!(status(&r, "okta.roles.value"), Status::Skip);
    planted(
        |d| {
            let attr = d.roles_attribute_mut();
            attr["type"] = json!("string");
            attr.as_object_mut().unwrap().remove("items");
        },
        "okta.roles.type",
        Status::Fail,
    )
    .await;
    planted(
        |d| d.roles_attribute_mut()["externalName"] = json!("Roles"),
        "okta.roles.external_name",
        Status::Fail,
    )
    .await;
    let r = planted(
        |d| {
            d.roles_attribute_mut()["externalNamespace"] =
                json!("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
        },
        "okta.roles.namespace",
        Status::Fail,
    )
    .await;
    assert!(found(&r, "okta.roles.namespace")
        .detail
        .contains("enterprise"));
    planted(
        |d| d.roles_attribute_mut()["scope"] = json!("SELF"),
        "okta.roles.group_priority",
        Status::Fail,
    )
    .await;
    planted(
        |d| d.roles_attribute_mut()["union"] = json!("ENABLE"),
        "okta.roles.group_priority",
        Status::Fail,
    )
    .await;
    // Another variable name still works (the groups use it) but is a warning.
    let r = planted(
        |d| {
            let props = d.schemas.get_mut(APP_ID).unwrap()["definitions"]["custom"]["properties"]
                .as_object_mut()
                .unwrap();
            let attr = props.remove(ROLES_VAR).unwrap();
            props.insert("loopioRole".into(), attr);
            for g in d.groups_mut() {
                let roles = g["profile"][ROLES_VAR].take();
                g["profile"] = json!({ "loopioRole": roles });
            }
        },
        "okta.roles.variable_name",
        Status::Warn,
    )
    .await;
    assert_eq!(status(&r, "okta.roles.missing"), Status::Pass);
    assert!(r
        .findings
        .iter()
        .filter(|f| f.code == "okta.roles.value")
        .all(|f| f.status == Status::Pass));
}

#[tokio::test]
async fn group_role_values_go_through_loopios_name_check() {
    let mut data = OrgData::correct();
    data.groups_mut()[0]["profile"][ROLES_VAR] = json!(["admin"]);
    data.groups_mut()[1]["profile"][ROLES_VAR] = json!(["Owner"]);
    data.groups_mut()[2]["profile"][ROLES_VAR] = json!(null);
    let r = verify(data).await;
    let values: Vec<&OktaFinding> = r
        .findings
        .iter()
        .filter(|f| f.code == "okta.roles.value")
        .collect();
    assert_eq!(values.len(), 3);
    assert_eq!(values[0].status, Status::Fail);
    assert_eq!(values[0].okta_has.as_deref(), Some("admin"));
    assert_eq!(values[0].expected.as_deref(), Some("Admin"));
    assert!(values[0].title.contains("Loopio Admins") && values[0].title.contains("priority 1"));
    // Numbered from 1 like the window: Okta's 0-based value is never shown.
    assert!(values.iter().all(|f| !f.title.contains("priority 0")));
    assert!(values[0].remedy.contains("Admin"));
    assert_eq!(values[1].status, Status::Warn);
    assert!(values[1].detail.contains("Owner"));
    assert_eq!(values[2].status, Status::Warn, "a group without a role");
    assert_eq!(r.verdict, Status::Fail);
}

#[tokio::test]
async fn an_expired_signing_certificate_fails() {
    let r = planted(
        |d| d.keys.get_mut(APP_ID).unwrap()[1]["expiresAt"] = json!("2024-01-23T02:15:23.000Z"),
        "okta.cert.expiry",
        Status::Fail,
    )
    .await;
    assert!(found(&r, "okta.cert.expiry")
        .okta_has
        .as_deref()
        .unwrap()
        .contains("2024-01-23"));
}

#[tokio::test]
async fn users_okta_never_pushed_or_without_a_role_are_named() {
    let r = planted(
        |d| {
            let users = d.users_mut();
            users[0].as_object_mut().unwrap().remove("externalId");
            users[0]["status"] = json!("STAGED");
        },
        "okta.users.not_provisioned",
        Status::Warn,
    )
    .await;
    let f = found(&r, "okta.users.not_provisioned");
    assert!(
        f.okta_has.as_deref().unwrap().contains("ada@acme.example"),
        "{f:#?}"
    );
    assert!(f.remedy.contains("Provision User"));
    planted(
        |d| d.users_mut()[1]["syncState"] = json!("ERROR"),
        "okta.users.not_provisioned",
        Status::Warn,
    )
    .await;
    planted(
        |d| without_feature(d, "PUSH_NEW_USERS"),
        "okta.users.not_provisioned",
        Status::Skip,
    )
    .await;
    let r = planted(
        |d| {
            let user = &mut d.users_mut()[2];
            user["scope"] = json!("USER");
            user["profile"][ROLES_VAR] = json!([]);
        },
        "okta.roles.unassigned_users",
        Status::Warn,
    )
    .await;
    assert!(found(&r, "okta.roles.unassigned_users")
        .okta_has
        .as_deref()
        .unwrap()
        .contains("cy@acme.example"));
}
