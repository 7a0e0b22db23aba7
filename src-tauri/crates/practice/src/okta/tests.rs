//! The practice Okta's state, reads and writes, without a server.

use std::collections::HashMap;

use loopio_scim_core::setup::values::SP_ENTITY_ID;
use serde_json::{json, Value};

use super::org::{roles_var, Answer, Org};
use super::*;

const ORIGIN: &str = "http://127.0.0.1:1";

fn practice() -> PracticeOrg {
    let domain = InstanceDomain::parse("globex.loopio.com").unwrap();
    PracticeOrg::new(domain, Environment::Sandbox)
}

fn get(org: &Org, path: &str, query: &[(&str, &str)]) -> Value {
    let query: HashMap<String, String> = query
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    match org.read(path, &query, ORIGIN) {
        Ok(Answer::Json(v)) => v,
        other => panic!("GET {path}: {other:?}"),
    }
}

fn send(org: &mut Org, method: &str, path: &str, body: Value) -> Result<Value, OktaError> {
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    org.write(method, path, query, &body, ORIGIN)
        .map(|a| match a {
            Answer::Json(v) => v,
            _ => Value::Null,
        })
}

/// A fresh org with one app created from a minimal body: the app's id.
fn created(org: &mut Org) -> String {
    let body = json!({"label": "Loopio", "signOnMode": "SAML_2_0", "settings": {"signOn": {"ssoAcsUrl": "https://globex.loopio.com/x"}}});
    let app = send(org, "POST", "/apps?activate=true", body).unwrap();
    app["id"].as_str().unwrap().to_string()
}

#[test]
fn the_app_carries_the_wizards_values_and_the_mistake_only_when_planted() {
    let org = practice();
    let app = org.app();
    let sso = app["settings"]["signOn"]["ssoAcsUrl"].as_str().unwrap();
    assert!(sso.starts_with("https://globex.loopio.com/"), "{sso}");
    assert_eq!(app["settings"]["signOn"]["audience"], SP_ENTITY_ID);
    let wrong = org.with_mistake(Some(PracticeMistake::Audience)).app();
    assert_ne!(wrong["settings"]["signOn"]["audience"], SP_ENTITY_ID);
    assert_eq!(
        PracticeMistake::Audience.finding_code(),
        "okta.saml.audience"
    );
}

#[test]
fn three_groups_carry_loopios_practice_roles() {
    let org = Org::build(&practice());
    let groups = get(&org, &format!("/apps/{PRACTICE_APP_ID}/groups"), &[]);
    let roles: Vec<&str> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            g["profile"][roles_var(PRACTICE_APP_NAME)][0]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(roles, PRACTICE_ROLES);
    let names: Vec<&str> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["_embedded"]["group"]["profile"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, PRACTICE_GROUPS);
    // The directory has one group more; `q` is a case-insensitive starts-with.
    let sales = get(&org, "/groups", &[("q", "sAL")]);
    assert_eq!(sales.as_array().unwrap().len(), 1, "{sales}");
    assert_eq!(sales[0]["profile"]["name"], "Sales");
    assert_eq!(get(&org, "/groups", &[]).as_array().unwrap().len(), 4);
}

#[test]
fn a_put_without_the_provisioning_features_drops_them() {
    let mut org = Org::build(&practice());
    let path = format!("/apps/{PRACTICE_APP_ID}");
    let app = get(&org, &path, &[]);
    assert_eq!(app["features"].as_array().unwrap().len(), 5);
    // The object Okta returned, one value changed: the features stay.
    let mut body = app.clone();
    body["settings"]["signOn"]["defaultRelayState"] = json!("https://globex.loopio.com/other");
    let kept = send(&mut org, "PUT", &path, body).unwrap();
    assert_eq!(kept["features"], app["features"]);
    assert_eq!(
        kept["settings"]["signOn"]["defaultRelayState"],
        "https://globex.loopio.com/other"
    );
    // A body built from scratch (no features): provisioning is gone, as reported for SCIM apps.
    let mut scratch = app.clone();
    scratch.as_object_mut().unwrap().remove("features");
    scratch["id"] = json!("ignored");
    let dropped = send(&mut org, "PUT", &path, scratch).unwrap();
    assert_eq!(dropped["features"], json!([]));
    assert_eq!(dropped["id"], PRACTICE_APP_ID);
    assert_eq!(get(&org, &path, &[])["features"], json!([]));
    // Features sent are never added: they are read-only.
    let mut more = app;
    more["features"] = json!(["SCIM_PROVISIONING"]);
    let still = send(&mut org, "PUT", &path, more).unwrap();
    assert_eq!(still["features"], json!([]));
    let refused = send(&mut org, "PUT", &path, json!({})).unwrap_err();
    assert_eq!((refused.status.as_u16(), refused.code), (400, "E0000001"));
}

#[test]
fn a_created_app_has_no_provisioning_and_is_deleted_only_when_inactive() {
    let mut org = Org::build(&practice().without_app());
    assert!(get(&org, "/apps", &[]).as_array().unwrap().is_empty());
    let id = created(&mut org);
    let app = get(&org, &format!("/apps/{id}"), &[]);
    assert_eq!(app["status"], "ACTIVE");
    assert_eq!(app["name"], "practiceorg_loopio_1");
    assert_eq!(app["features"], json!([]));
    assert!(app["credentials"]["signing"]["kid"].is_string());
    assert!(app["_links"]["metadata"]["href"]
        .as_str()
        .unwrap()
        .starts_with(ORIGIN));
    let schema = get(&org, &format!("/meta/schemas/apps/{id}/default"), &[]);
    assert_eq!(schema["definitions"]["custom"]["properties"], json!({}));
    assert!(schema["definitions"]["base"]["properties"]["userName"].is_object());
    let mappings = get(&org, "/mappings", &[("targetId", &id)]);
    assert_eq!(mappings.as_array().unwrap().len(), 1);
    assert!(mappings[0].get("properties").is_none(), "{mappings}");
    let mapping_id = mappings[0]["id"].as_str().unwrap();
    assert!(get(&org, &format!("/mappings/{mapping_id}"), &[])["properties"].is_object());

    let delete = format!("/apps/{id}");
    let refused = send(&mut org, "DELETE", &delete, Value::Null).unwrap_err();
    assert_eq!((refused.status.as_u16(), refused.code), (400, "E0000056"));
    let deactivate = format!("/apps/{id}/lifecycle/deactivate");
    send(&mut org, "POST", &deactivate, Value::Null).unwrap();
    assert_eq!(get(&org, &delete, &[])["status"], "INACTIVE");
    send(&mut org, "DELETE", &delete, Value::Null).unwrap();
    let gone = send(&mut org, "DELETE", &delete, Value::Null).unwrap_err();
    assert_eq!(gone.code, "E0000007");
    // Inactive from the start when asked.
    let body = json!({"label": "Loopio", "signOnMode": "SAML_2_0", "settings": {"signOn": {}}});
    let inactive = send(&mut org, "POST", "/apps?activate=false", body).unwrap();
    assert_eq!(inactive["status"], "INACTIVE");
    assert_eq!(inactive["name"], "practiceorg_loopio_2");
}

#[test]
fn schema_group_and_mapping_writes_merge_and_null_removes() {
    let mut org = Org::build(&practice().without_app());
    let id = created(&mut org);
    let schema_path = format!("/meta/schemas/apps/{id}/default");
    let property = |p: Value| json!({"definitions": {"custom": {"properties": {"x_roles": p}}}});
    let added = send(
        &mut org,
        "POST",
        &schema_path,
        property(json!({"type": "array", "items": {"type": "string"}})),
    )
    .unwrap();
    assert_eq!(
        added["definitions"]["custom"]["properties"]["x_roles"]["type"],
        "array"
    );
    let bad = send(
        &mut org,
        "POST",
        &schema_path,
        property(json!({"type": "list"})),
    )
    .unwrap_err();
    assert_eq!(bad.code, "E0000001");
    let removed = send(&mut org, "POST", &schema_path, property(Value::Null)).unwrap();
    assert_eq!(removed["definitions"]["custom"]["properties"], json!({}));

    let group = format!("/apps/{id}/groups/00gpractice0sales001");
    let body = json!({"priority": 0, "profile": {"x_roles": ["Admin"]}});
    let assigned = send(&mut org, "PUT", &group, body).unwrap();
    assert_eq!(assigned["profile"]["x_roles"], json!(["Admin"]));
    send(
        &mut org,
        "PUT",
        &group,
        json!({"priority": 0, "profile": {}}),
    )
    .unwrap();
    let listed = get(&org, &format!("/apps/{id}/groups"), &[]);
    assert_eq!(listed.as_array().unwrap().len(), 1, "replaced, not added");
    assert_eq!(listed[0]["_embedded"]["group"]["profile"]["name"], "Sales");
    let unknown = send(
        &mut org,
        "PUT",
        &format!("/apps/{id}/groups/00gnone"),
        json!({}),
    );
    assert_eq!(unknown.unwrap_err().code, "E0000007");
    send(&mut org, "DELETE", &group, Value::Null).unwrap();
    assert!(get(&org, &format!("/apps/{id}/groups"), &[])
        .as_array()
        .unwrap()
        .is_empty());

    let mapping_id = get(&org, "/mappings", &[("targetId", &id)])[0]["id"].clone();
    let mapping = format!("/mappings/{}", mapping_id.as_str().unwrap());
    let role =
        json!({"properties": {"x_roles": {"expression": "\"Admin\"", "pushStatus": "PUSH"}}});
    let mapped = send(&mut org, "POST", &mapping, role).unwrap();
    assert_eq!(mapped["properties"]["x_roles"]["expression"], "\"Admin\"");
    assert!(
        mapped["properties"]["userName"].is_object(),
        "the others stay"
    );
    let unmap = json!({"properties": {"x_roles": {"expression": null, "pushStatus": null}}});
    let unmapped = send(&mut org, "POST", &mapping, unmap).unwrap();
    assert!(
        unmapped["properties"].get("x_roles").is_none(),
        "{unmapped}"
    );
}

#[test]
fn console_switches_need_scim_first_and_scim_off_clears_them() {
    let mut org = Org::build(&practice().without_app());
    let none = org.console(None, ConsoleSwitch::EnableScim, true);
    assert!(none.unwrap_err().to_string().contains("no app"));
    let id = created(&mut org);
    let early = org.console(None, ConsoleSwitch::CreateUsers, true);
    let early = early.unwrap_err();
    assert!(
        early.to_string().contains("SCIM provisioning first"),
        "{early}"
    );
    assert_eq!(early.code(), "practice.console_step");
    org.console(Some(&id), ConsoleSwitch::EnableScim, true)
        .unwrap();
    org.console(None, ConsoleSwitch::CreateUsers, true).unwrap();
    org.console(None, ConsoleSwitch::CreateUsers, true).unwrap();
    let features = |org: &Org| get(org, &format!("/apps/{id}"), &[])["features"].clone();
    assert_eq!(
        features(&org),
        json!(["PUSH_NEW_USERS", "SCIM_PROVISIONING"])
    );
    org.console(None, ConsoleSwitch::CreateUsers, false)
        .unwrap();
    assert_eq!(features(&org), json!(["SCIM_PROVISIONING"]));
    org.console(None, ConsoleSwitch::CreateUsers, true).unwrap();
    org.console(None, ConsoleSwitch::EnableScim, false).unwrap();
    assert_eq!(features(&org), json!([]));
    assert!(org
        .console(Some("0oanone"), ConsoleSwitch::EnableScim, true)
        .is_err());
    assert_eq!(
        ConsoleSwitch::for_step("to_app.update_user_attributes").map(ConsoleSwitch::feature),
        Some("PUSH_PROFILE_UPDATES")
    );
}

#[test]
fn a_body_with_credentials_that_are_not_an_object_is_refused_not_a_panic() {
    let mut org = Org::build(&practice().without_app());
    let body = json!({"label": "Loopio", "signOnMode": "SAML_2_0", "credentials": "x", "settings": {"signOn": {}}});
    let refused = send(&mut org, "POST", "/apps?activate=true", body.clone());
    assert!(refused.is_err());
    let id = created(&mut org);
    assert!(send(&mut org, "PUT", &format!("/apps/{id}"), body).is_err());
}

#[test]
fn the_app_has_the_label_the_wizard_names_for_the_environment() {
    let org = Org::build(&practice());
    let apps = get(&org, "/apps", &[("q", "Loopio Sandbox")]);
    assert_eq!(apps[0]["label"], "Loopio Sandbox");
    assert_eq!(apps[0]["label"], Environment::Sandbox.app_label());
    let domain = InstanceDomain::parse("globex.loopio.com").unwrap();
    let production = Org::build(&PracticeOrg::new(domain, Environment::Production));
    let apps = get(&production, "/apps", &[("q", "Loopio")]);
    assert_eq!(apps[0]["label"], "Loopio");
}
