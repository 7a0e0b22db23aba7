//! The Okta read-back against the fake Okta: one test per finding code, failures classified,
//! only GETs sent, and the token in no output.

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
        deactivate_users: None,
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

const EVERY_CODE: [&str; 19] = [
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
    // request and the rest came concurrently after it.
    let seen = fake.requests();
    assert_eq!(seen.len(), 5, "{seen:#?}");
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
    assert!(values[0].title.contains("Loopio Admins") && values[0].title.contains("priority 0"));
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

#[tokio::test]
async fn the_app_that_is_not_there_or_not_one_is_named() {
    let (r, _) = verify_with(
        OrgData::correct(),
        AppSelector::label("Loopio Prod").unwrap(),
        expected(),
        TOKEN,
    )
    .await;
    let f = found(&r, "okta.app.not_found");
    assert_eq!(f.status, Status::Fail);
    assert!(
        f.detail.contains("Loopio Sandbox") && f.detail.contains(APP_ID),
        "{}",
        f.detail
    );
    assert!(
        !f.detail.contains("Loopio Help"),
        "a bookmark app is not similar: {}",
        f.detail
    );
    assert!(r.app.is_none());

    let (r, _) = verify_with(
        OrgData::correct(),
        AppSelector::id("0oaNoSuchApp000000000").unwrap(),
        expected(),
        TOKEN,
    )
    .await;
    assert_eq!(status(&r, "okta.app.not_found"), Status::Fail);

    let mut data = OrgData::correct();
    let mut twin = fake_okta::saml_app("0oa7twin000000000000", "acmeorg_loopio_2", "Loopio");
    twin["created"] = json!("2025-06-01T00:00:00.000Z");
    data.apps.push(twin);
    let r = verify(data).await;
    let f = found(&r, "okta.app.ambiguous");
    assert_eq!(f.status, Status::Fail);
    assert!(
        f.detail.contains(APP_ID)
            && f.detail.contains("0oa7twin000000000000")
            && f.detail.contains("2025-06-01"),
        "{}",
        f.detail
    );

    let (r, _) = verify_with(
        OrgData::correct(),
        AppSelector::id("0oa9bookmark0000000x").unwrap(),
        expected(),
        TOKEN,
    )
    .await;
    assert_eq!(status(&r, "okta.app.not_saml"), Status::Fail);
    assert_eq!(r.findings.len(), 1);

    let r = planted(
        |d| d.app_mut()["status"] = json!("INACTIVE"),
        "okta.app.inactive",
        Status::Fail,
    )
    .await;
    assert_eq!(
        status(&r, "okta.saml.sso_url"),
        Status::Pass,
        "the rest is still checked"
    );
}

#[tokio::test]
async fn okta_failures_are_classified() {
    // A wrong token: 401, and neither token appears anywhere.
    let wrong = "00WrongToken-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let (r, _) = verify_with(
        OrgData::correct(),
        by_label(),
        expected(),
        &format!("SSWS {wrong}"),
    )
    .await;
    let f = found(&r, "okta.auth.rejected");
    assert!(f.detail.contains("E0000011"), "{}", f.detail);
    assert!(!serde_json::to_string(&r).unwrap().contains(wrong));

    // No right to read the schema: named with its scope, and every other check still runs.
    let mut data = OrgData::correct();
    data.forbidden = vec!["/api/v1/meta/schemas".into()];
    let r = verify(data).await;
    let f = found(&r, "okta.auth.forbidden");
    assert!(f.remedy.contains("okta.schemas.read"), "{}", f.remedy);
    assert_eq!(status(&r, "okta.saml.sso_url"), Status::Pass);
    assert_eq!(status(&r, "okta.cert.expiry"), Status::Pass);
    assert_eq!(status(&r, "okta.roles.value"), Status::Skip);

    // A rate limit that resets in a second is waited out; one an hour away is reported.
    let mut data = OrgData::correct();
    data.rate_limited_once = vec!["/api/v1/apps".into()];
    let (r, fake) = verify_with(data, by_label(), expected(), TOKEN).await;
    assert_eq!(r.verdict, Status::Pass, "{:#?}", r.findings);
    assert_eq!(fake.requests().len(), 6);
    let mut data = OrgData::correct();
    data.rate_limited = vec!["/api/v1/apps".into()];
    let r = verify(data).await;
    let f = found(&r, "okta.rate_limited");
    assert!(f.detail.contains("resets at"), "{}", f.detail);

    // A sign-in page instead of the API.
    let mut data = OrgData::correct();
    data.html = true;
    let r = verify(data).await;
    assert_eq!(status(&r, "okta.response.not_json"), Status::Fail);

    // Nothing listening.
    let org = OktaOrg::parse("http://127.0.0.1:9").unwrap();
    let target = okta::target(&org, &[], None, None).unwrap();
    let r = okta::verify(&target, &secret(TOKEN), &by_label(), &expected()).await;
    assert_eq!(r.findings[0].code, "network.refused", "{:#?}", r.findings);
}

#[tokio::test]
async fn the_token_goes_nowhere_but_the_org_and_is_never_echoed() {
    // A next page on another host is not followed: that host never sees the token.
    let elsewhere = fake_okta::start(OrgData::correct()).await;
    let mut data = OrgData::correct();
    data.page_size = 1;
    data.link_origin = Some(elsewhere.url.clone());
    let r = verify(data).await;
    assert_eq!(status(&r, "okta.response.foreign_link"), Status::Fail);
    assert!(elsewhere.requests().is_empty());

    // Okta text that contains the token is redacted wherever it shows.
    let mut data = OrgData::correct();
    data.app_mut()["settings"]["signOn"]["audience"] = json!(format!("x{TOKEN}y"));
    data.groups_mut()[0]["_embedded"]["group"]["profile"]["name"] = json!(TOKEN);
    let r = verify(data).await;
    assert_eq!(
        found(&r, "okta.saml.audience").okta_has.as_deref(),
        Some("x[redacted]y")
    );
    let text = format!("{r:?}");
    assert!(!text.contains(TOKEN));
}
