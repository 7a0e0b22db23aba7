//! The practice Okta against the real read-back and apply: set up as the wizard says it passes;
//! with the mistake planted, the read-back names exactly that finding and nothing else fails;
//! without the app, `apply` creates it, the console switches turn provisioning on, a second
//! `apply` adds the roles, and the read-back then passes; an apply with nothing to change sends
//! no write; the undo list deletes what was created.

use std::net::SocketAddr;

use loopio_scim_core::findings::Status;
use loopio_scim_core::secret::Secret;
use loopio_scim_core::setup::roles::RolesPlan;
use loopio_scim_core::setup::{Environment, InstanceDomain};
use loopio_scim_net::http::Target;
use loopio_scim_net::okta::apply::{self, ApplyReport, Wanted};
use loopio_scim_net::okta::{self, AppSelector, AppSummary, Expected, OktaOrg, VerifyReport};
use loopio_scim_practice::okta::{
    practice_roles_plan, ConsoleSwitch, PracticeMistake, PracticeOrg, PRACTICE_APP_ID,
    PRACTICE_OKTA_TOKEN,
};
use loopio_scim_practice::{self as practice, DEFAULT_PRACTICE_TOKEN, PRACTICE_ROLES};

fn globex() -> InstanceDomain {
    InstanceDomain::parse("globex.loopio.com").unwrap()
}

fn known_roles() -> Vec<String> {
    PRACTICE_ROLES.iter().map(|r| r.to_string()).collect()
}

fn target(running: &practice::Running) -> Target {
    let org = OktaOrg::parse(&running.okta.url()).expect("a loopback org URL");
    okta::target(&org, &[], None, None).expect("a target")
}

fn secret(token: &str) -> Secret {
    Secret::from_pasted(token).expect("a token").0
}

/// The read-back of `app`, against the wizard's values and, when given, its roles plan.
async fn verify(
    running: &practice::Running,
    token: &str,
    app: AppSelector,
    roles_plan: Option<RolesPlan>,
) -> VerifyReport {
    let expected = Expected {
        domain: globex(),
        environment: Environment::Sandbox,
        known_roles: known_roles(),
        seen_roles: known_roles(),
        deactivate_users: Some(true),
        roles_plan,
    };
    okta::verify(&target(running), &secret(token), &app, &expected).await
}

async fn check(running: &practice::Running, token: &str, app: AppSelector) -> VerifyReport {
    verify(running, token, app, None).await
}

/// A confirmed apply of the wizard's values (and `roles`) to the app labelled Loopio.
async fn apply_now(running: &practice::Running, roles: Option<RolesPlan>) -> ApplyReport {
    let wanted = Wanted {
        domain: globex(),
        environment: Environment::Sandbox,
        label: Environment::Sandbox.app_label().into(),
        roles,
        known_roles: known_roles(),
        seen_roles: known_roles(),
    };
    let label = AppSelector::label(Environment::Sandbox.app_label()).unwrap();
    let token = secret(PRACTICE_OKTA_TOKEN);
    apply::apply(&target(running), &token, &label, &wanted, true).await
}

fn sent(report: &ApplyReport) -> Vec<String> {
    report
        .results
        .iter()
        .map(|r| format!("{} {} {:?}", r.method, r.path, r.status))
        .collect()
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
        AppSelector::label(Environment::Sandbox.app_label()).unwrap(),
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
        AppSelector::label(Environment::Sandbox.app_label()).unwrap(),
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
async fn a_wrong_token_is_refused_and_unknown_methods_are_not_served() {
    let running = start().await;
    let report = check(
        &running,
        "not-the-practice-okta-token-0123",
        AppSelector::label(Environment::Sandbox.app_label()).unwrap(),
    )
    .await;
    assert_eq!(failing(&report), ["okta.auth.rejected"]);
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/apps/{PRACTICE_APP_ID}", running.okta.url());
    let send = |method: reqwest::Method, token: &str| {
        client
            .request(method, &url)
            .header("Authorization", format!("SSWS {token}"))
            .body("{}")
            .send()
    };
    // A write with a wrong token is refused before it is looked at.
    let refused = send(reqwest::Method::PUT, "not-the-practice-okta-token-0123")
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 401);
    // A method Okta does not serve there is refused, with the right token too.
    let patch = send(reqwest::Method::PATCH, PRACTICE_OKTA_TOKEN)
        .await
        .unwrap();
    assert_eq!(patch.status().as_u16(), 405);
    // A PUT whose body is no app is refused as Okta does: E0000001, nothing changed.
    let put = send(reqwest::Method::PUT, PRACTICE_OKTA_TOKEN)
        .await
        .unwrap();
    assert_eq!(put.status().as_u16(), 400);
    let error: serde_json::Value = serde_json::from_str(&put.text().await.unwrap()).unwrap();
    assert_eq!(error["errorCode"], "E0000001");
    assert!(
        error["errorCauses"][0]["errorSummary"].is_string(),
        "{error}"
    );
    let path = format!("/api/v1/apps/{PRACTICE_APP_ID}");
    assert_eq!(running.okta.writes(), [("PUT".to_string(), path)]);
    let still = check(
        &running,
        PRACTICE_OKTA_TOKEN,
        AppSelector::id(PRACTICE_APP_ID).unwrap(),
    )
    .await;
    assert_eq!(still.verdict, Status::Pass, "{:#?}", still.findings);
    running.stop();
}

/// The first apply in an org without the app: one POST with every SAML value; provisioning and
/// the roles stay to do. The created app.
async fn create_the_app(running: &practice::Running, plan: Option<RolesPlan>) -> AppSummary {
    let created = apply_now(running, plan).await;
    assert!(created.applied, "{created:#?}");
    assert_eq!(
        sent(&created),
        ["POST /api/v1/apps?activate=true Some(200)"]
    );
    let app = created.app.clone().expect("the created app");
    assert!(app.id.starts_with("0oa") && app.id.chars().all(|c| c.is_ascii_alphanumeric()));
    assert!(app.name.starts_with("practiceorg_loopio_"), "{}", app.name);
    assert_eq!(app.status, "ACTIVE");
    let manual: Vec<&str> = created
        .pending_manual
        .iter()
        .map(|m| m.step.as_str())
        .collect();
    for step in ["general.enable_scim", "to_app.create_users", "roles"] {
        assert!(manual.contains(&step), "{step}: {manual:?}");
    }
    app
}

/// What no API does: the admin's clicks in Okta's console, through the practice handle.
fn switch_provisioning_on(running: &practice::Running) {
    for switch in [
        ConsoleSwitch::EnableScim,
        ConsoleSwitch::CreateUsers,
        ConsoleSwitch::UpdateUserAttributes,
        ConsoleSwitch::DeactivateUsers,
    ] {
        running.okta.console(None, switch, true).unwrap();
    }
}

#[tokio::test]
async fn apply_creates_the_app_then_adds_the_roles_once_provisioning_is_on() {
    let running = start().await;
    running
        .okta
        .set(PracticeOrg::new(globex(), Environment::Sandbox).without_app());
    let label = || AppSelector::label(Environment::Sandbox.app_label()).unwrap();
    let before = check(&running, PRACTICE_OKTA_TOKEN, label()).await;
    assert_eq!(failing(&before), ["okta.app.not_found"]);
    let plan = Some(practice_roles_plan());
    let app = create_the_app(&running, plan.clone()).await;

    // The read-back finds it: the SAML values pass, provisioning is off (no API turns it on).
    let read = check(&running, PRACTICE_OKTA_TOKEN, label()).await;
    assert_eq!(
        read.app.as_ref().map(|a| a.id.as_str()),
        Some(app.id.as_str())
    );
    // The roles attribute is missing too: it can be added only once provisioning is on.
    let mut fails = failing(&read);
    fails.sort();
    assert_eq!(
        fails,
        ["okta.provisioning.scim", "okta.roles.missing"],
        "{:#?}",
        read.findings
    );
    // Until provisioning is on, the roles wait: nothing more is sent.
    let waiting = apply_now(&running, plan.clone()).await;
    assert!(
        waiting.plan.is_empty() && waiting.error.is_none(),
        "{waiting:#?}"
    );
    assert_eq!(running.okta.writes().len(), 1);

    // Provisioning on, apply again: the roles attribute and the groups' roles.
    switch_provisioning_on(&running);
    let roles = apply_now(&running, plan.clone()).await;
    assert!(roles.applied, "{roles:#?}");
    let groups = "/api/v1/apps/".to_string() + &app.id + "/groups/00gpractice0";
    assert_eq!(
        sent(&roles),
        [
            format!(
                "POST /api/v1/meta/schemas/apps/{}/default Some(200)",
                app.id
            ),
            format!("PUT {groups}admins01 Some(200)"),
            format!("PUT {groups}writers1 Some(200)"),
            format!("PUT {groups}review01 Some(200)"),
        ]
    );
    assert!(
        roles.pending_manual.is_empty(),
        "{:#?}",
        roles.pending_manual
    );

    // Now the read-back passes, roles plan included.
    let done = verify(&running, PRACTICE_OKTA_TOKEN, label(), plan.clone()).await;
    assert_eq!(done.verdict, Status::Pass, "{:#?}", done.findings);
    for code in [
        "okta.roles.group_priority",
        "okta.roles.plan_drift",
        "okta.users.not_provisioned",
    ] {
        let pass = done
            .findings
            .iter()
            .any(|f| f.code == code && f.status == Status::Pass);
        assert!(pass, "{code} passes: {:#?}", done.findings);
    }

    // And a third apply has nothing left to send.
    let again = apply_now(&running, plan).await;
    assert!(again.applied && again.plan.is_empty(), "{again:#?}");
    assert_eq!(running.okta.writes().len(), 5);
    running.stop();
}

#[tokio::test]
async fn apply_to_the_app_set_up_as_the_wizard_says_sends_no_write() {
    let running = start().await;
    let report = apply_now(&running, Some(practice_roles_plan())).await;
    assert!(report.applied, "{report:#?}");
    assert_eq!(report.app.as_ref().unwrap().id, PRACTICE_APP_ID);
    assert!(report.plan.is_empty(), "{:#?}", report.plan);
    assert!(
        report.pending_manual.is_empty(),
        "{:#?}",
        report.pending_manual
    );
    assert!(
        running.okta.writes().is_empty(),
        "{:?}",
        running.okta.writes()
    );
    running.stop();
}

#[tokio::test]
async fn the_undo_list_deactivates_then_deletes_the_created_app() {
    let running = start().await;
    running
        .okta
        .set(PracticeOrg::new(globex(), Environment::Sandbox).without_app());
    let created = apply_now(&running, None).await;
    assert!(created.applied, "{created:#?}");
    let id = created.app.as_ref().unwrap().id.clone();
    let steps: Vec<String> = created
        .undo
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        steps,
        [
            format!("POST /api/v1/apps/{id}/lifecycle/deactivate"),
            format!("DELETE /api/v1/apps/{id}"),
        ]
    );
    let token = secret(PRACTICE_OKTA_TOKEN);
    // Okta deletes only inactive apps: the DELETE alone is refused.
    let early = apply::undo(&target(&running), &token, &created.undo[1..]).await;
    assert_eq!(early[0].status, Some(400));
    let why = early[0].okta_error.as_deref().unwrap_or_default();
    assert!(why.starts_with("E0000056"), "{why}");
    let undone = apply::undo(&target(&running), &token, &created.undo).await;
    let statuses: Vec<Option<u16>> = undone.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(200), Some(204)], "{undone:#?}");
    let gone = check(
        &running,
        PRACTICE_OKTA_TOKEN,
        AppSelector::label(Environment::Sandbox.app_label()).unwrap(),
    )
    .await;
    assert_eq!(failing(&gone), ["okta.app.not_found"]);
    running.stop();
}
