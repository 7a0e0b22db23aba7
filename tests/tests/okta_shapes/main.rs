//! The fake Okta against Okta's own schemas (`management-minimal.yaml`, through
//! `loopio_scim_tests::spec`), so its fixtures cannot drift from Okta: every fixture of the
//! correct org, every response it serves (the schema found from the document's own operation for
//! the method, path and status), and every request body `apply` sends it. Then proof each check
//! can fail (a fixture, a served answer and a body with a wrong type), that the conversion reads
//! the document as Okta means it (Okta's examples pass), that each erratum is still needed, and
//! that a missing document fails instead of skipping.

use std::collections::BTreeSet;

use loopio_scim::okta::apply::{self, Wanted};
use loopio_scim::okta::{self, AppSelector, OktaOrg};
use loopio_scim::setup::roles::{GroupRole, RolesPlan};
use loopio_scim::setup::{Environment, InstanceDomain};
use loopio_scim_tests::fake_okta::{self, OrgData, APP_ID, APP_LABEL, DOMAIN, KID, ROLES, TOKEN};
use loopio_scim_tests::spec::{self, Spec, Violation, ERRATA};
use serde_json::{json, Value};

const MAPPING_ID: &str = "prm1loopio0mapping00";
const SALES: &str = "00g4sales00000000000";

fn spec() -> &'static Spec {
    Spec::load()
}

fn listed(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(|v| format!("  {v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every fixture of `data` with the schema Okta's document gives it.
fn fixtures(data: &OrgData) -> Vec<(String, &'static str, Value)> {
    let mut out = Vec::new();
    let mut add =
        |what: String, schema: &'static str, v: &Value| out.push((what, schema, v.clone()));
    for app in &data.apps {
        add(format!("app {}", app["id"]), "Application", app);
    }
    for (id, s) in &data.schemas {
        add(format!("app user schema of {id}"), "UserSchema", s);
    }
    for (id, list) in &data.groups {
        for (i, a) in list.iter().enumerate() {
            add(
                format!("group assignment {i} of {id}"),
                "ApplicationGroupAssignment",
                a,
            );
            // `expand=group` embeds the group (the document types `_embedded` only as objects).
            if let Some(g) = a["_embedded"].get("group") {
                add(format!("embedded group {i} of {id}"), "Group", g);
            }
        }
    }
    for (id, list) in &data.keys {
        for (i, k) in list.iter().enumerate() {
            add(format!("signing key {i} of {id}"), "JsonWebKey", k);
        }
    }
    for (id, list) in &data.users {
        for (i, u) in list.iter().enumerate() {
            add(format!("app user {i} of {id}"), "AppUser", u);
        }
    }
    for g in &data.directory.groups {
        add(format!("group {}", g["id"]), "Group", g);
    }
    for m in &data.directory.mappings {
        add(format!("profile mapping {}", m["id"]), "ProfileMapping", m);
    }
    for u in &data.people.users {
        add(format!("user {}", u["id"]), "User", u);
    }
    for u in fake_okta::people::tenant_app_users() {
        add(format!("tenant app user {}", u["id"]), "AppUser", &u);
    }
    add("a failed push".into(), "LogEvent", &served::sample_event());
    out
}

#[test]
fn every_fixture_is_an_okta_shape() {
    let data = OrgData::correct();
    let all = fixtures(&data);
    let mut failures = Vec::new();
    for (what, schema, value) in &all {
        if let Err(v) = spec().check(schema, value) {
            failures.push(format!("{what} as {schema}:\n{}", listed(&v)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Each kind is there, and the polymorphic `Application` is checked as the concrete app.
    let kinds: BTreeSet<&str> = all.iter().map(|(_, s, _)| *s).collect();
    assert_eq!(kinds.len(), 9, "{kinds:?}");
    let concrete: BTreeSet<String> = data
        .apps
        .iter()
        .map(|a| spec().concrete("Application", a))
        .collect();
    assert_eq!(
        concrete,
        BTreeSet::from([
            "BookmarkApplication".to_string(),
            "SamlApplication".to_string()
        ])
    );
}

mod bodies;
mod conversion;
mod practice;
mod served;

use served::*;
