//! `apply` against the fake Okta: create the app, fix it in place without losing provisioning,
//! the roles attribute and group roles, idempotence, a failure part-way then resume, a 403 that
//! names the scope, undo, a near-miss role refused before any request, a dry run of GETs only,
//! and the Terraform export parsed as HCL.

use loopio_scim::okta::apply::{self, ApplyReport, Wanted};
use loopio_scim::okta::{self, AppSelector, OktaOrg};
use loopio_scim::setup::roles::{GroupRole, RolesPlan};
use loopio_scim::setup::{Environment, InstanceDomain};
use loopio_scim_tests::fake_okta::writes::{check_app, SPEC_ENUMS, SPEC_PROPERTIES};
use loopio_scim_tests::fake_okta::{
    self, FakeOkta, OrgData, APP_ID, APP_LABEL, DOMAIN, ROLES, ROLES_VAR, TOKEN,
};
use serde_json::{json, Value};

const SSO: &str = "https://acme.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp";

fn groups(rows: &[(&str, &str)]) -> Option<RolesPlan> {
    Some(RolesPlan::PerGroup {
        groups: rows
            .iter()
            .map(|(g, r)| GroupRole {
                group: g.to_string(),
                role: r.to_string(),
            })
            .collect(),
    })
}

/// The roles plan the correct org already carries out.
fn fixture_plan() -> Option<RolesPlan> {
    groups(&[
        ("Loopio Admins", "Admin"),
        ("Proposal Team", "Contributor"),
        ("Everyone", "Reviewer"),
    ])
}

fn wanted(label: &str, roles: Option<RolesPlan>) -> Wanted {
    Wanted {
        domain: InstanceDomain::parse(DOMAIN).unwrap(),
        environment: Environment::Production,
        label: label.into(),
        roles,
        known_roles: ROLES.iter().map(|r| r.to_string()).collect(),
        seen_roles: ROLES.iter().map(|r| r.to_string()).collect(),
    }
}

async fn run(fake: &FakeOkta, label: &str, wanted: &Wanted, yes: bool) -> ApplyReport {
    let target = okta::target(&OktaOrg::parse(&fake.url).unwrap(), &[], None, None).unwrap();
    let secret = okta::token_from_pasted(TOKEN).unwrap().0;
    let report = apply::apply(
        &target,
        &secret,
        &AppSelector::label(label).unwrap(),
        wanted,
        yes,
    )
    .await;
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains(TOKEN), "token in {json}");
    report
}

fn writes(fake: &FakeOkta) -> Vec<String> {
    fake.requests()
        .into_iter()
        .filter(|s| s.method != "GET")
        .map(|s| format!("{} {}", s.method, s.path_and_query))
        .collect()
}

fn app(fake: &FakeOkta, id: &str) -> Value {
    fake.state
        .lock()
        .unwrap()
        .apps
        .iter()
        .find(|a| a["id"] == id)
        .cloned()
        .expect("app")
}

fn wrong_audience(d: &mut OrgData) {
    d.app_mut()["settings"]["signOn"]["audience"] = json!("loopio");
}

#[tokio::test]
async fn a_missing_app_is_created_with_every_saml_value_then_nothing_more() {
    let fake = fake_okta::start(OrgData::correct()).await;
    let w = wanted("Loopio Production", fixture_plan());
    let report = run(&fake, "Loopio Production", &w, true).await;
    assert!(report.error.is_none(), "{report:#?}");
    assert_eq!(writes(&fake), ["POST /api/v1/apps?activate=true"]);
    let body = report.plan[0].body.as_ref().unwrap();
    check_app(body).unwrap();
    assert_eq!(body["label"], "Loopio Production");
    assert_eq!(body["signOnMode"], "SAML_2_0");
    for k in ["ssoAcsUrl", "recipient", "destination"] {
        assert_eq!(body["settings"]["signOn"][k], SSO);
    }
    assert_eq!(body["settings"]["signOn"]["audience"], "loopio-sp");
    assert_eq!(
        body["settings"]["signOn"]["defaultRelayState"],
        "https://acme.loopio.com/home"
    );
    assert_eq!(
        body["settings"]["signOn"]["subjectNameIdFormat"],
        "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
    );
    assert_eq!(
        body["credentials"]["userNameTemplate"],
        json!({"template": "${source.email}", "type": "BUILT_IN", "pushStatus": "PUSH"})
    );
    let created = report.app.clone().expect("the created app");
    assert_eq!(created.label, "Loopio Production");
    let steps: Vec<&str> = report
        .pending_manual
        .iter()
        .map(|m| m.step.as_str())
        .collect();
    assert!(
        steps.contains(&"general.enable_scim") && steps.contains(&"roles"),
        "{steps:?}"
    );
    assert!(report.reminders[0].contains("https://api.loopio.com/scim/v2"));
    assert_eq!(
        report
            .undo
            .iter()
            .map(|u| u.method.as_str())
            .collect::<Vec<_>>(),
        ["POST", "DELETE"]
    );
    // Again: the app is there, provisioning is still off, nothing is written.
    let again = run(&fake, "Loopio Production", &w, true).await;
    assert!(
        again.plan.is_empty() && again.results.is_empty(),
        "{again:#?}"
    );
    assert_eq!(writes(&fake).len(), 1);
    // Undo: deactivate, then delete.
    let target = okta::target(&OktaOrg::parse(&fake.url).unwrap(), &[], None, None).unwrap();
    let secret = okta::token_from_pasted(TOKEN).unwrap().0;
    let undone = apply::undo(&target, &secret, &report.undo).await;
    assert!(undone.iter().all(|r| r.okta_error.is_none()), "{undone:?}");
    assert!(!fake
        .state
        .lock()
        .unwrap()
        .apps
        .iter()
        .any(|a| a["id"] == created.id.as_str()));
}

#[tokio::test]
async fn a_wrong_saml_value_is_fixed_in_the_object_okta_returned_keeping_provisioning() {
    let mut data = OrgData::correct();
    wrong_audience(&mut data);
    let before = data.app_mut()["features"].clone();
    let fake = fake_okta::start(data).await;
    let report = run(&fake, APP_LABEL, &wanted(APP_LABEL, None), true).await;
    assert!(report.applied && report.error.is_none(), "{report:#?}");
    assert_eq!(writes(&fake), [format!("PUT /api/v1/apps/{APP_ID}")]);
    let body = report.plan[0].body.as_ref().unwrap();
    assert_eq!(
        body["features"], before,
        "the body starts from Okta's object"
    );
    assert!(report.plan[0]
        .why
        .contains("Audience URI (SP Entity ID): loopio -> loopio-sp"));
    let now = app(&fake, APP_ID);
    assert_eq!(now["settings"]["signOn"]["audience"], "loopio-sp");
    assert_eq!(now["features"], before, "provisioning kept");
    assert_eq!(report.pending_manual, []);
}

#[tokio::test]
async fn the_fake_drops_provisioning_on_a_put_built_from_scratch() {
    let fake = fake_okta::start(OrgData::correct()).await;
    let mut scratch = app(&fake, APP_ID);
    scratch.as_object_mut().unwrap().remove("features");
    let client = reqwest::Client::new();
    let r = client
        .put(format!("{}/api/v1/apps/{APP_ID}", fake.url))
        .header("authorization", format!("SSWS {TOKEN}"))
        .header("content-type", "application/json")
        .body(scratch.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(app(&fake, APP_ID)["features"], json!([]));
}

#[tokio::test]
async fn the_roles_attribute_and_group_roles_are_added_then_the_read_back_passes() {
    let mut data = OrgData::correct();
    data.schemas.get_mut(APP_ID).unwrap()["definitions"]["custom"]["properties"] = json!({});
    let fake = fake_okta::start(data).await;
    let plan = groups(&[
        ("Loopio Admins", "Admin"),
        ("Proposal Team", "Contributor"),
        ("Sales", "Reviewer"),
    ]);
    let w = wanted(APP_LABEL, plan);
    let report = run(&fake, APP_LABEL, &w, true).await;
    assert!(report.applied, "{report:#?}");
    assert_eq!(
        writes(&fake),
        [
            format!("POST /api/v1/meta/schemas/apps/{APP_ID}/default"),
            format!("PUT /api/v1/apps/{APP_ID}/groups/00g4sales00000000000")
        ]
    );
    let schema_body = report.plan[0].body.as_ref().unwrap();
    let props = schema_body["definitions"]["custom"]["properties"]
        .as_object()
        .unwrap();
    assert_eq!(props.len(), 1, "only the roles property");
    assert_eq!(props[ROLES_VAR], apply::desired_roles_property());
    assert_eq!(
        report.plan[1].body.as_ref().unwrap(),
        &json!({"priority": 2, "profile": {ROLES_VAR: ["Reviewer"]}})
    );
    // Okta's 0-based value stays in the body; the plan of changes counts from 1, like the window.
    let why = &report.plan[1].why;
    assert!(
        why.contains("priority 3") && !why.contains("priority 2"),
        "{why}"
    );
    let again = run(&fake, APP_LABEL, &w, true).await;
    assert!(again.plan.is_empty() && again.applied, "{again:#?}");
    assert_eq!(writes(&fake).len(), 2, "the second apply wrote nothing");
}

#[tokio::test]
async fn same_role_for_all_users_goes_through_the_profile_mapping() {
    let fake = fake_okta::start(OrgData::correct()).await;
    let w = wanted(
        APP_LABEL,
        Some(RolesPlan::SameForAll {
            role: "Contributor".into(),
        }),
    );
    let report = run(&fake, APP_LABEL, &w, true).await;
    assert!(report.applied, "{report:#?}");
    assert_eq!(
        writes(&fake),
        ["POST /api/v1/mappings/prm1loopio0mapping00"]
    );
    let m = fake.state.lock().unwrap().directory.mappings[0].clone();
    assert_eq!(
        m["properties"][ROLES_VAR],
        json!({"expression": "\"Contributor\"", "pushStatus": "PUSH"})
    );
    assert!(run(&fake, APP_LABEL, &w, true).await.plan.is_empty());
}

#[tokio::test]
async fn applying_a_setup_okta_already_has_writes_nothing() {
    let fake = fake_okta::start(OrgData::correct()).await;
    let report = run(&fake, APP_LABEL, &wanted(APP_LABEL, fixture_plan()), true).await;
    assert!(
        report.applied && report.plan.is_empty() && report.results.is_empty(),
        "{report:#?}"
    );
    assert_eq!(writes(&fake), Vec::<String>::new());
}

#[tokio::test]
async fn a_failure_part_way_says_what_was_done_and_the_next_apply_continues() {
    let mut data = OrgData::correct();
    wrong_audience(&mut data);
    data.directory.failing_writes = vec![format!("/api/v1/apps/{APP_ID}/groups")];
    let fake = fake_okta::start(data).await;
    let w = wanted(
        APP_LABEL,
        groups(&[
            ("Loopio Admins", "Admin"),
            ("Sales", "Reviewer"),
            ("Everyone", "Contributor"),
        ]),
    );
    let report = run(&fake, APP_LABEL, &w, true).await;
    let error = report.error.clone().expect("a failure");
    assert!(!report.applied);
    assert_eq!(error.code, "http.server_error");
    assert!(
        error
            .message
            .contains(&format!("Done: PUT /api/v1/apps/{APP_ID}.")),
        "{}",
        error.message
    );
    assert!(
        error.message.contains("Not sent: PUT /api/v1/apps/")
            && error.message.contains("00g3everyone"),
        "{}",
        error.message
    );
    assert_eq!(report.results.len(), 2);
    assert_eq!(report.results[1].status, Some(500));
    assert!(report.results[1]
        .okta_error
        .as_deref()
        .unwrap()
        .starts_with("E0000009"));
    assert_eq!(report.not_sent.len(), 1);
    fake.state.lock().unwrap().directory.failing_writes.clear();
    let resumed = run(&fake, APP_LABEL, &w, true).await;
    assert!(resumed.applied, "{resumed:#?}");
    let paths: Vec<&str> = resumed.results.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            format!("/api/v1/apps/{APP_ID}/groups/00g4sales00000000000"),
            format!("/api/v1/apps/{APP_ID}/groups/00g3everyone00000000")
        ]
    );
}

#[tokio::test]
async fn a_403_names_the_scope_the_write_needs() {
    let mut data = OrgData::correct();
    data.schemas.get_mut(APP_ID).unwrap()["definitions"]["custom"]["properties"] = json!({});
    data.directory.forbidden_writes = vec!["/api/v1/meta/schemas".into()];
    let fake = fake_okta::start(data).await;
    let report = run(&fake, APP_LABEL, &wanted(APP_LABEL, fixture_plan()), true).await;
    let error = report.error.expect("refused");
    assert_eq!(error.code, "okta.auth.forbidden");
    assert!(
        error.remedy.contains("okta.schemas.manage"),
        "{}",
        error.remedy
    );
    assert!(report.results[0]
        .okta_error
        .as_deref()
        .unwrap()
        .starts_with("E0000006"));

    let mut data = OrgData::correct();
    wrong_audience(&mut data);
    data.directory.forbidden_writes = vec!["/api/v1/apps".into()];
    let fake = fake_okta::start(data).await;
    let report = run(&fake, APP_LABEL, &wanted(APP_LABEL, None), true).await;
    assert!(report.error.unwrap().remedy.contains("okta.apps.manage"));
}

#[tokio::test]
async fn undo_restores_the_previous_values() {
    let mut data = OrgData::correct();
    wrong_audience(&mut data);
    let fake = fake_okta::start(data).await;
    let w = wanted(
        APP_LABEL,
        groups(&[
            ("Loopio Admins", "Contributor"),
            ("Proposal Team", "Contributor"),
            ("Sales", "Reviewer"),
        ]),
    );
    let report = run(&fake, APP_LABEL, &w, true).await;
    assert!(report.applied, "{report:#?}");
    assert_eq!(report.undo.len(), 3);
    let target = okta::target(&OktaOrg::parse(&fake.url).unwrap(), &[], None, None).unwrap();
    let secret = okta::token_from_pasted(TOKEN).unwrap().0;
    let results = apply::undo(&target, &secret, &report.undo).await;
    assert!(
        results.iter().all(|r| r.okta_error.is_none()),
        "{results:?}"
    );
    let state = fake.state.lock().unwrap().clone();
    let app = state.apps.iter().find(|a| a["id"] == APP_ID).unwrap();
    assert_eq!(app["settings"]["signOn"]["audience"], "loopio");
    assert_eq!(
        app["features"].as_array().unwrap().len(),
        7,
        "provisioning kept through undo"
    );
    let assigned = &state.groups[APP_ID];
    assert!(!assigned.iter().any(|g| g["id"] == "00g4sales00000000000"));
    let admins = assigned
        .iter()
        .find(|g| g["id"] == "00g1admins0000000000")
        .unwrap();
    assert_eq!(admins["profile"][ROLES_VAR], json!(["Admin"]));
}

#[tokio::test]
async fn a_near_miss_role_is_refused_before_any_request() {
    let fake = fake_okta::start(OrgData::correct()).await;
    let w = wanted(APP_LABEL, groups(&[("Loopio Admins", "admin")]));
    let report = run(&fake, APP_LABEL, &w, true).await;
    let error = report.error.expect("refused");
    assert_eq!(error.code, "okta.apply.role_refused");
    assert!(
        error.bad_input && error.message.contains("\"Admin\""),
        "{error:?}"
    );
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn a_group_okta_does_not_have_is_named_and_nothing_is_written() {
    let fake = fake_okta::start(OrgData::correct()).await;
    let report = run(
        &fake,
        APP_LABEL,
        &wanted(APP_LABEL, groups(&[("Loopio Admin", "Admin")])),
        true,
    )
    .await;
    let error = report.error.expect("no such group");
    assert_eq!(error.code, "okta.apply.group_not_found");
    assert!(
        error.message.contains("\"Loopio Admin\"") && error.message.contains("Loopio Admins"),
        "{}",
        error.message
    );
    assert!(writes(&fake).is_empty());
}

#[tokio::test]
async fn a_dry_run_sends_only_gets() {
    let mut data = OrgData::correct();
    wrong_audience(&mut data);
    data.schemas.get_mut(APP_ID).unwrap()["definitions"]["custom"]["properties"] = json!({});
    let fake = fake_okta::start(data).await;
    let report = run(&fake, APP_LABEL, &wanted(APP_LABEL, fixture_plan()), false).await;
    assert!(!report.applied && report.error.is_none());
    assert_eq!(report.plan.len(), 2);
    assert_eq!(report.not_sent, report.plan);
    assert!(report.results.is_empty());
    assert!(fake.requests().iter().all(|s| s.method == "GET"));
}

#[test]
fn terraform_is_valid_hcl_naming_every_value() {
    let w = wanted(
        "Loopio",
        groups(&[("Loopio Admins", "Admin"), ("Proposal Team", "Contributor")]),
    );
    let text = apply::terraform::emit(&w, Some(APP_ID));
    let body: hcl::Body = hcl::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let resource = |kind: &str| {
        body.blocks()
            .find(|b| {
                b.identifier() == "resource" && b.labels().first().map(|l| l.as_str()) == Some(kind)
            })
            .unwrap_or_else(|| panic!("no {kind}"))
    };
    let attr = |block: &hcl::Block, name: &str| -> String {
        let a = block
            .body()
            .attributes()
            .find(|a| a.key() == name)
            .unwrap_or_else(|| panic!("no {name}"));
        match a.expr() {
            hcl::Expression::String(s) => s.clone(),
            hcl::Expression::TemplateExpr(t) => t.to_string(),
            other => other.to_string(),
        }
    };
    let saml = resource("okta_app_saml");
    for (name, value) in [
        ("label", "Loopio"),
        ("sso_url", SSO),
        ("recipient", SSO),
        ("destination", SSO),
        ("audience", "loopio-sp"),
        ("default_relay_state", "https://acme.loopio.com/home"),
        (
            "subject_name_id_format",
            "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
        ),
        ("user_name_template_type", "BUILT_IN"),
        ("user_name_template_push_status", "PUSH"),
    ] {
        assert_eq!(attr(saml, name), value, "{name}");
    }
    // Escaped in the file so Terraform does not read Okta's expression as its own.
    assert!(text.contains("\"$${source.email}\""), "{text}");
    assert_eq!(attr(saml, "user_name_template"), "${source.email}");
    assert_eq!(attr(saml, "subject_name_id_template"), "${user.userName}");
    let roles = resource("okta_app_user_schema_property");
    assert_eq!(attr(roles, "external_name"), "roles");
    assert_eq!(
        attr(roles, "external_namespace"),
        "urn:ietf:params:scim:schemas:core:2.0:User"
    );
    assert_eq!(attr(roles, "array_type"), "string");
    assert_eq!(attr(roles, "scope"), "NONE");
    assert!(text.contains("union              = false"));
    let assignments = resource("okta_app_group_assignments");
    assert_eq!(
        assignments
            .body()
            .blocks()
            .filter(|b| b.identifier() == "group")
            .count(),
        2
    );
    for needle in [
        "\"Loopio Admins\"",
        "\"Proposal Team\"",
        "[\"Admin\"]",
        "[\"Contributor\"]",
        "priority = 0",
        "priority = 1",
        APP_ID,
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
}

/// The fake's body rules name only properties and enum values `management-minimal.yaml` has.
#[test]
fn the_fakes_body_rules_come_from_the_spec() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/reference/okta/management-minimal.yaml"
    );
    let Ok(spec) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {path} is not here");
        return;
    };
    let block = |name: &str| -> String {
        let start = spec
            .find(&format!("\n    {name}:\n"))
            .unwrap_or_else(|| panic!("no schema {name}"));
        let rest = &spec[start + 1..];
        let end = rest[5..].find("\n    ").map(|i| {
            let mut at = i + 5;
            while rest[at + 1..].starts_with("     ") || rest[at + 1..].starts_with('\n') {
                at += 1 + rest[at + 1..].find('\n').unwrap();
            }
            at
        });
        rest[..end.unwrap_or(rest.len())].to_string()
    };
    for (schema, props) in SPEC_PROPERTIES {
        let text = block(schema);
        for p in props {
            assert!(text.contains(&format!(" {p}:")), "{schema} has no {p}");
        }
    }
    for (schema, _, values) in SPEC_ENUMS {
        let text = block(schema);
        for v in values {
            assert!(
                text.contains(&format!("- {v}")),
                "{schema} has no enum value {v}"
            );
        }
    }
}

#[test]
fn role_names_given_by_hand_are_a_warning_never_a_pass() {
    // --role names (never seen in Loopio) plan with a warning each; discovered ones pass.
    let by_hand = Wanted {
        seen_roles: Vec::new(),
        ..wanted(APP_LABEL, groups(&[("Loopio Admins", "Admin")]))
    };
    let warnings = apply::check_roles(&by_hand).unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("not seen in Loopio yet"),
        "{warnings:?}"
    );
    let seen = wanted(APP_LABEL, groups(&[("Loopio Admins", "Admin")]));
    assert!(apply::check_roles(&seen).unwrap().is_empty());
}
