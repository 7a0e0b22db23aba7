//! The practice Okta against the real read-back: set up as the wizard says it passes; with the
//! mistake planted, the read-back names exactly that finding and nothing else fails.

use std::net::SocketAddr;

use loopio_scim_core::findings::Status;
use loopio_scim_core::secret::Secret;
use loopio_scim_core::setup::{Environment, InstanceDomain};
use loopio_scim_net::okta::{self, AppSelector, Expected, OktaOrg, VerifyReport};
use loopio_scim_net::practice::{self, DEFAULT_PRACTICE_TOKEN, PRACTICE_ROLES};
use loopio_scim_net::practice_okta::{
    PracticeMistake, PracticeOrg, PRACTICE_APP_ID, PRACTICE_APP_LABEL, PRACTICE_OKTA_TOKEN,
};

async fn check(running: &practice::Running, token: &str, app: AppSelector) -> VerifyReport {
    let org = OktaOrg::parse(&running.okta.url()).expect("a loopback org URL");
    let target = okta::target(&org, &[], None, None).expect("a target");
    let (secret, _) = Secret::from_pasted(token).expect("a token");
    let expected = Expected {
        domain: InstanceDomain::parse("globex.loopio.com").unwrap(),
        environment: Environment::Sandbox,
        known_roles: PRACTICE_ROLES.iter().map(|r| r.to_string()).collect(),
        deactivate_users: Some(true),
        roles_plan: None,
    };
    okta::verify(&target, &secret, &app, &expected).await
}

fn failing(report: &VerifyReport) -> Vec<&str> {
    report
        .findings
        .iter()
        .filter(|f| f.status == Status::Fail)
        .map(|f| f.code.as_str())
        .collect()
}

async fn start() -> practice::Running {
    let addr = SocketAddr::from(([127, 0, 0, 1], 0));
    let running = practice::serve(addr, DEFAULT_PRACTICE_TOKEN.into())
        .await
        .unwrap();
    let domain = InstanceDomain::parse("globex.loopio.com").unwrap();
    running
        .okta
        .set(PracticeOrg::new(domain, Environment::Sandbox));
    running
}

#[tokio::test]
async fn the_practice_okta_passes_the_read_back_by_label_and_by_id() {
    let running = start().await;
    let by_label = check(
        &running,
        PRACTICE_OKTA_TOKEN,
        AppSelector::label(PRACTICE_APP_LABEL).unwrap(),
    )
    .await;
    assert_eq!(by_label.verdict, Status::Pass, "{:#?}", by_label.findings);
    assert_eq!(by_label.app.as_ref().unwrap().id, PRACTICE_APP_ID);
    for code in [
        "okta.saml.sso_url",
        "okta.saml.audience",
        "okta.roles.type",
        "okta.cert.expiry",
    ] {
        assert!(
            by_label
                .findings
                .iter()
                .any(|f| f.code == code && f.status == Status::Pass),
            "{code} passes: {:#?}",
            by_label.findings
        );
    }
    let by_id = check(
        &running,
        PRACTICE_OKTA_TOKEN,
        AppSelector::id(PRACTICE_APP_ID).unwrap(),
    )
    .await;
    assert_eq!(by_id.verdict, Status::Pass, "{:#?}", by_id.findings);
    running.stop();
}

#[tokio::test]
async fn the_planted_mistake_is_named_and_nothing_else_fails() {
    let running = start().await;
    let domain = InstanceDomain::parse("globex.loopio.com").unwrap();
    let mistake = PracticeMistake::Audience;
    running
        .okta
        .set(PracticeOrg::new(domain, Environment::Sandbox).with_mistake(Some(mistake)));
    let report = check(
        &running,
        PRACTICE_OKTA_TOKEN,
        AppSelector::label(PRACTICE_APP_LABEL).unwrap(),
    )
    .await;
    assert_eq!(report.verdict, Status::Fail);
    assert_eq!(
        failing(&report),
        [mistake.finding_code()],
        "{:#?}",
        report.findings
    );
    let f = report
        .findings
        .iter()
        .find(|f| f.code == mistake.finding_code())
        .unwrap();
    assert_eq!(f.expected.as_deref(), Some("loopio-sp"));
    assert!(f.location.contains("Audience URI"), "{}", f.location);
    running.stop();
}

#[tokio::test]
async fn a_wrong_token_is_refused_and_only_get_is_served() {
    let running = start().await;
    let report = check(
        &running,
        "not-the-practice-okta-token-0123",
        AppSelector::label(PRACTICE_APP_LABEL).unwrap(),
    )
    .await;
    assert_eq!(failing(&report), ["okta.auth.rejected"]);
    // Anything but GET is refused, with the right token too.
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/apps/{PRACTICE_APP_ID}", running.okta.url());
    let answer = client
        .put(&url)
        .header("Authorization", format!("SSWS {PRACTICE_OKTA_TOKEN}"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 405);
    running.stop();
}
