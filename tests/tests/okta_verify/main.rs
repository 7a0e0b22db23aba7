//! The Okta read-back against the fake Okta: one test per finding code, failures classified,
//! only GETs sent, and the token in no output.
//! Split by concern: `roles` (the roles attribute, group values, users, certificate) and
//! `failures` (not found, Okta errors, where the token goes).

use loopio_scim::findings::Status;
use loopio_scim::okta::{self, AppSelector, Expected, OktaFinding, OktaOrg, VerifyReport};
use loopio_scim::secret::Secret;
use loopio_scim::setup::{Environment, InstanceDomain};
use loopio_scim_tests::fake_okta::{
    self, FakeOkta, OrgData, APP_ID, DOMAIN, ROLES, ROLES_VAR, TOKEN,
};
use serde_json::json;

fn expected() -> Expected {
    Expected {
        domain: InstanceDomain::parse(DOMAIN).unwrap(),
        environment: Environment::Production,
        known_roles: ROLES.iter().map(|r| r.to_string()).collect(),
        seen_roles: ROLES.iter().map(|r| r.to_string()).collect(),
        deactivate_users: None,
        roles_plan: None,
    }
}

fn secret(token: &str) -> Secret {
    okta::token_from_pasted(token).unwrap().0
}

async fn verify_with(
    data: OrgData,
    selector: AppSelector,
    expected: Expected,
    token: &str,
) -> (VerifyReport, FakeOkta) {
    let fake = fake_okta::start(data).await;
    let org = OktaOrg::parse(&fake.url).unwrap();
    let target = okta::target(&org, &[], None, None).unwrap();
    let report = okta::verify(&target, &secret(token), &selector, &expected).await;
    // Whatever happened, the token is in no output and only GETs were sent.
    let json = serde_json::to_string(&report).unwrap();
    assert!(
        !json.contains(TOKEN) && !json.contains(token),
        "token in {json}"
    );
    for seen in fake.requests() {
        assert_eq!(seen.method, "GET", "{seen:?}");
    }
    (report, fake)
}

async fn verify(data: OrgData) -> VerifyReport {
    verify_with(data, by_label(), expected(), TOKEN).await.0
}

fn by_label() -> AppSelector {
    AppSelector::label(fake_okta::APP_LABEL).unwrap()
}

fn found<'a>(report: &'a VerifyReport, code: &str) -> &'a OktaFinding {
    report
        .findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:#?}", report.findings))
}

fn status(report: &VerifyReport, code: &str) -> Status {
    found(report, code).status
}

/// Plants a mistake and checks that exactly `code` changes to `want`.
async fn planted(plant: impl FnOnce(&mut OrgData), code: &str, want: Status) -> VerifyReport {
    let mut data = OrgData::correct();
    plant(&mut data);
    let report = verify(data).await;
    let f = found(&report, code);
    assert_eq!(f.status, want, "{f:#?}");
    if want != Status::Pass {
        assert!(!f.remedy.is_empty() || want == Status::Skip, "{f:#?}");
        assert!(!f.location.is_empty(), "{f:#?}");
    }
    report
}

const EVERY_CODE: [&str; 20] = [
    "okta.saml.sso_url",
    "okta.saml.audience",
    "okta.saml.relay_state",
    "okta.saml.name_id_format",
    "okta.saml.username",
    "okta.saml.username_update",
    "okta.provisioning.scim",
    "okta.provisioning.create_users",
    "okta.provisioning.update_attributes",
    "okta.provisioning.deactivate_users",
    "okta.roles.missing",
    "okta.roles.variable_name",
    "okta.roles.type",
    "okta.roles.external_name",
    "okta.roles.namespace",
    "okta.roles.group_priority",
    "okta.cert.expiry",
    "okta.users.not_provisioned",
    "okta.roles.unassigned_users",
    "okta.roles.mapping_override",
];

#[tokio::test]
async fn a_correct_app_passes_every_check_with_gets_only() {
    let (report, fake) = verify_with(OrgData::correct(), by_label(), expected(), TOKEN).await;
    assert_eq!(report.verdict, Status::Pass, "{:#?}", report.findings);
    let app = report.app.as_ref().unwrap();
    assert_eq!(
        (
            app.id.as_str(),
            app.label.as_str(),
            app.name.as_str(),
            app.status.as_str()
        ),
        (APP_ID, "Loopio", fake_okta::APP_NAME, "ACTIVE")
    );
    for code in EVERY_CODE {
        assert_eq!(status(&report, code), Status::Pass, "{code}");
    }
    let values: Vec<&OktaFinding> = report
        .findings
        .iter()
        .filter(|f| f.code == "okta.roles.value")
        .collect();
    assert_eq!(values.len(), 3);
    assert!(values.iter().all(|f| f.status == Status::Pass));
    let sso = found(&report, "okta.saml.sso_url");
    assert_eq!(
        sso.location,
        "Applications > Applications > Loopio > General > SAML Settings > Edit > Configure SAML > Single sign-on URL"
    );
    // The JSON shape other tools rely on.
    let json = serde_json::to_value(&report).unwrap();
    for key in ["verdict", "app", "findings", "elapsed_ms"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    for key in [
        "code", "status", "title", "detail", "remedy", "okta_has", "expected", "where",
    ] {
        assert!(json["findings"][0].get(key).is_some(), "{key}");
    }
    // Every request carried the token to this org and nowhere else; the app was found in one
    // request and the rest came concurrently after it (the mapping's properties last).
    let seen = fake.requests();
    assert_eq!(seen.len(), 8, "{seen:#?}");
    assert!(
        seen[7].path_and_query.starts_with("/api/v1/mappings/"),
        "{seen:#?}"
    );
    assert!(seen
        .iter()
        .all(|s| s.authorization.as_deref() == Some(format!("SSWS {TOKEN}").as_str())));
    assert!(seen[0]
        .path_and_query
        .starts_with("/api/v1/apps?q=Loopio&limit=200"));
}

#[tokio::test]
async fn the_app_is_found_by_id_and_through_several_pages() {
    let (report, _) = verify_with(
        OrgData::correct(),
        AppSelector::id(APP_ID).unwrap(),
        expected(),
        TOKEN,
    )
    .await;
    assert_eq!(report.verdict, Status::Pass, "{:#?}", report.findings);

    let mut data = OrgData::correct();
    data.page_size = 1;
    let (report, fake) = verify_with(data, by_label(), expected(), TOKEN).await;
    assert_eq!(report.verdict, Status::Pass, "{:#?}", report.findings);
    let pages = fake
        .requests()
        .iter()
        .filter(|s| s.path_and_query.starts_with("/api/v1/apps?"))
        .count();
    assert_eq!(pages, 3, "the app is on the third page");
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.code == "okta.roles.value")
            .count(),
        3,
        "every group page was read"
    );
}

#[tokio::test]
async fn saml_mistakes_are_each_named() {
    let r = planted(
        |d| {
            d.app_mut()["settings"]["signOn"]["ssoAcsUrl"] =
                json!("https://api.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp")
        },
        "okta.saml.sso_url",
        Status::Fail,
    )
    .await;
    let f = found(&r, "okta.saml.sso_url");
    assert!(f.detail.contains("SCIM API host"), "{}", f.detail);
    assert_eq!(
        f.expected.as_deref(),
        Some("https://acme.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp")
    );

    let r = planted(
        |d| d.app_mut()["settings"]["signOn"]["recipient"] = json!("https://acme.loopio.com/"),
        "okta.saml.sso_url",
        Status::Fail,
    )
    .await;
    assert!(found(&r, "okta.saml.sso_url")
        .okta_has
        .as_deref()
        .unwrap()
        .contains("Recipient URL"));

    let r = planted(
        |d| d.app_mut()["settings"]["signOn"]["audience"] = json!("Loopio-SP"),
        "okta.saml.audience",
        Status::Fail,
    )
    .await;
    assert!(found(&r, "okta.saml.audience").detail.contains("case"));
}

#[tokio::test]
async fn relay_state_name_id_and_username_mistakes_are_each_named() {
    planted(
        |d| d.app_mut()["settings"]["signOn"]["defaultRelayState"] = json!(null),
        "okta.saml.relay_state",
        Status::Warn,
    )
    .await;
    planted(
        |d| {
            d.app_mut()["settings"]["signOn"]["defaultRelayState"] =
                json!("https://other.loopio.com/home")
        },
        "okta.saml.relay_state",
        Status::Fail,
    )
    .await;
    let r = planted(
        |d| {
            d.app_mut()["settings"]["signOn"]["subjectNameIdFormat"] =
                json!("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")
        },
        "okta.saml.name_id_format",
        Status::Fail,
    )
    .await;
    assert!(found(&r, "okta.saml.name_id_format")
        .okta_has
        .as_deref()
        .unwrap()
        .starts_with("EmailAddress"));
    let r = planted(
        |d| d.app_mut()["credentials"]["userNameTemplate"]["template"] = json!("${source.login}"),
        "okta.saml.username",
        Status::Fail,
    )
    .await;
    assert!(found(&r, "okta.saml.username")
        .okta_has
        .as_deref()
        .unwrap()
        .starts_with("Okta username"));
    planted(
        |d| d.app_mut()["credentials"]["userNameTemplate"]["pushStatus"] = json!("DONT_PUSH"),
        "okta.saml.username_update",
        Status::Fail,
    )
    .await;
}

fn without_feature(d: &mut OrgData, feature: &str) {
    let features = d.app_mut()["features"].as_array_mut().unwrap();
    features.retain(|f| f != feature);
}

#[tokio::test]
async fn provisioning_switches_are_read_from_features() {
    let r = planted(
        |d| without_feature(d, "SCIM_PROVISIONING"),
        "okta.provisioning.scim",
        Status::Fail,
    )
    .await;
    assert_eq!(status(&r, "okta.provisioning.create_users"), Status::Skip);
    planted(
        |d| without_feature(d, "PUSH_NEW_USERS"),
        "okta.provisioning.create_users",
        Status::Fail,
    )
    .await;
    // Fails while a roles attribute exists; only warns without one.
    planted(
        |d| without_feature(d, "PUSH_PROFILE_UPDATES"),
        "okta.provisioning.update_attributes",
        Status::Fail,
    )
    .await;
    planted(
        |d| {
            without_feature(d, "PUSH_PROFILE_UPDATES");
            d.schemas.get_mut(APP_ID).unwrap()["definitions"]["custom"]["properties"] = json!({});
        },
        "okta.provisioning.update_attributes",
        Status::Warn,
    )
    .await;
    // Deactivate Users is reported as the admin chose in the wizard.
    let mut data = OrgData::correct();
    without_feature(&mut data, "PUSH_USER_DEACTIVATION");
    let r = verify(data.clone()).await;
    assert_eq!(
        status(&r, "okta.provisioning.deactivate_users"),
        Status::Pass
    );
    let wanted = Expected {
        deactivate_users: Some(true),
        ..expected()
    };
    let (r, _) = verify_with(data, by_label(), wanted, TOKEN).await;
    assert_eq!(
        status(&r, "okta.provisioning.deactivate_users"),
        Status::Fail
    );
}

#[tokio::test]
async fn update_user_attributes_is_required_with_why_once_roles_are_mapped() {
    use loopio_scim::setup::roles::RolesPlan;
    use loopio_scim::setup::values::REQUIRED_FOR_ROLES_WHY;
    let wanted = Expected {
        roles_plan: Some(RolesPlan::SameForAll {
            role: ROLES[0].into(),
        }),
        ..expected()
    };
    // Off, and no roles attribute in Okta yet: the mapped roles alone make it a failure.
    let mut data = OrgData::correct();
    without_feature(&mut data, "PUSH_PROFILE_UPDATES");
    data.schemas.get_mut(APP_ID).unwrap()["definitions"]["custom"]["properties"] = json!({});
    let (r, _) = verify_with(data, by_label(), wanted.clone(), TOKEN).await;
    let f = found(&r, "okta.provisioning.update_attributes");
    assert_eq!(f.status, Status::Fail, "{f:#?}");
    assert!(f.detail.contains(REQUIRED_FOR_ROLES_WHY), "{f:#?}");
    // On: it passes and says why it matters.
    let (r, _) = verify_with(OrgData::correct(), by_label(), wanted, TOKEN).await;
    let f = found(&r, "okta.provisioning.update_attributes");
    assert_eq!(f.status, Status::Pass, "{f:#?}");
    assert_eq!(f.detail, REQUIRED_FOR_ROLES_WHY);
}

mod failures;
mod idp;
mod mapping;
mod oauth;
mod roles;
