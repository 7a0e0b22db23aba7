//! `reconcile` against the fake Okta (app users, users, groups and System Log events, shaped as
//! `management-minimal.yaml` says: see `okta_shapes`) and a fake Loopio SCIM API: every state and
//! cause, bad input and faults, only GET (and a service app's token POST) sent, no token in any
//! output. Split: `faults` (what cannot be read), `lookups` (`--user`).

use std::time::Duration;

use loopio_scim::findings::Status;
use loopio_scim::okta::{self, AppSelector, Credentials, OktaOrg};
use loopio_scim::probe::{Target, TargetOptions};
use loopio_scim::reconcile::{self, Reconciliation, Request, UserResult};
use loopio_scim::secret::Secret;
use loopio_scim_tests::fake_okta::people::{assigned, failure};
use loopio_scim_tests::fake_okta::{self, FakeOkta, OrgData, APP_ID, TOKEN};
use loopio_scim_tests::fake_scim::{self, FakeScim, ScimData};
use serde_json::{json, Value};

mod faults;
mod lookups;
mod practice;

/// `days` days ago, as Okta writes times (`2026-03-02T10:00:00.000Z`).
pub fn days_ago(days: u64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        - days * 86_400;
    // Howard Hinnant's days-to-civil.
    let z = (now / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let secs = now % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.000Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

pub struct World {
    pub okta: FakeOkta,
    pub scim: FakeScim,
}

pub async fn world(okta: OrgData, scim: ScimData) -> World {
    World {
        okta: fake_okta::start(okta).await,
        scim: fake_scim::start(scim).await,
    }
}

pub struct Options<'a> {
    pub app: AppSelector,
    pub okta_token: &'a str,
    pub scim_token: &'a str,
    pub users: Vec<String>,
    pub limit: Option<usize>,
    pub timeout: Duration,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            app: AppSelector::label(fake_okta::APP_LABEL).unwrap(),
            okta_token: TOKEN,
            scim_token: fake_scim::TOKEN,
            users: Vec::new(),
            limit: None,
            timeout: Duration::from_secs(5),
        }
    }
}

/// Runs the reconciliation, and checks what must always hold: no token in any output, only GET
/// sent to either side.
pub async fn run(w: &World, o: Options<'_>) -> Reconciliation {
    let org = OktaOrg::parse(&w.okta.url).unwrap();
    let okta_target = okta::target(&org, &[], None, Some(o.timeout)).unwrap();
    let scim_target = Target::from_options(&TargetOptions {
        base_url: Some(w.scim.base_url.clone()),
        timeout: Some(o.timeout),
        ..Default::default()
    })
    .unwrap();
    let okta_secret = okta::token_from_pasted(o.okta_token).unwrap().0;
    let scim_secret = Secret::from_pasted(o.scim_token).unwrap().0;
    let request = Request {
        okta_target: &okta_target,
        credentials: Credentials::ApiToken(&okta_secret),
        app: &o.app,
        scim_target: &scim_target,
        scim_secret: &scim_secret,
        since: Duration::from_secs(30 * 86_400),
        users: &o.users,
        limit_users: o.limit,
    };
    let result = reconcile::reconcile(&request).await;
    let text = format!("{}{result:?}", serde_json::to_string(&result).unwrap());
    for token in [TOKEN, fake_scim::TOKEN, o.okta_token, o.scim_token] {
        assert!(!text.contains(token), "a token in the result");
    }
    for seen in w.okta.requests() {
        assert_eq!(seen.method, "GET", "{seen:?}");
    }
    for (method, path) in w.scim.requests() {
        assert_eq!(method, "GET", "{path}");
    }
    result
}

pub fn user<'a>(r: &'a Reconciliation, login: &str) -> &'a UserResult {
    r.users
        .iter()
        .find(|u| u.login.eq_ignore_ascii_case(login))
        .unwrap_or_else(|| panic!("{login} not in {:#?}", r.users))
}

pub fn state<'a>(r: &'a Reconciliation, login: &str) -> (&'a str, Option<&'a str>) {
    let u = user(r, login);
    (u.state.as_str(), u.cause.as_deref())
}

pub fn problem<'a>(r: &'a Reconciliation, code: &str) -> &'a loopio_scim::reconcile::ReadProblem {
    r.problems
        .iter()
        .find(|p| p.code == code)
        .unwrap_or_else(|| panic!("{code} not in {:#?}", r.problems))
}

const PUSH: &str = "application.provision.user.push";
const PROFILE: &str = "application.provision.user.push_profile";

fn at(login: &str) -> String {
    format!("{login}@acme.example")
}

/// One Okta user and one Loopio user in every state, and one failed push of every cause.
pub fn every_state() -> (OrgData, ScimData) {
    let mut okta = OrgData::correct();
    let recent = days_ago(2);
    let mut users = vec![
        assigned("00u01sync", &at("sync"), "L01", &["Admin"]),
        assigned("00u02new", &at("new"), "", &["Admin"]),
        assigned("00u03clash", &at("clash"), "", &["Admin"]),
        assigned("00u05gone", &at("gone"), "L05", &["Admin"]),
        assigned("00u06roles", &at("roles"), "L06", &["Admin"]),
        assigned("00u07off", &at("off"), "L07", &["Admin"]),
        assigned("00u08renamed", &at("renamed"), "L08", &["Admin"]),
    ];
    let mut events = vec![failure("00u03clash", &at("clash"), PUSH, "Automatic provisioning of user clash@acme.example to app Loopio failed: Error while creating user clash@acme.example: Conflict", &recent)];
    let causes = [
        ("auth", PROFILE, "Error authenticating: null"),
        (
            "rolev",
            PUSH,
            "Error while creating user: Bad Request. roles: 'admin' is not a Loopio role",
        ),
        ("notfound", PROFILE, "Error while updating user: Not Found"),
        ("limited", PROFILE, "429 Too Many Requests"),
        ("other", PUSH, "Internal Server Error"),
    ];
    for (name, kind, reason) in causes {
        let id = format!("00u1{name}");
        let mut u = assigned(&id, &at(name), "", &["Admin"]);
        u["syncState"] = json!("ERROR");
        users.push(u);
        events.push(failure(&id, &at(name), kind, reason, &recent));
    }
    // A failure older than the window is not read.
    events.push(failure(
        "00u01sync",
        &at("sync"),
        PUSH,
        "Conflict",
        &days_ago(45),
    ));
    // Another app's failure is not this app's.
    let mut other = failure("00u01sync", &at("sync"), PUSH, "Conflict", &recent);
    other["target"][0]["id"] = json!("0oa2sandbox000000000");
    events.push(other);
    for u in &users {
        let (id, login) = (
            u["id"].as_str().unwrap(),
            u["credentials"]["userName"].as_str().unwrap(),
        );
        okta.people
            .users
            .push(fake_okta::people::okta_user(id, login));
    }
    *okta.users_mut() = users;
    okta.people.events = events;
    let u = |id: &str, name: &str, active: bool, roles: Value| {
        fake_scim::user(id, &at(name), active, roles)
    };
    let scim = ScimData {
        users: vec![
            u("L01", "SYNC", true, json!(["Admin"])),
            u("L03", "Clash", true, json!(["Admin"])),
            u(
                "L06",
                "roles",
                true,
                json!([{"value": "Reviewer", "primary": true}]),
            ),
            u("L07", "off", false, json!(["Admin"])),
            u("L08", "renamed.old", true, json!(["Admin"])),
            u("L09", "byhand", true, json!([])),
            u("L10", "left", false, json!([])),
        ],
        ..Default::default()
    };
    (okta, scim)
}

#[tokio::test]
async fn every_state_and_cause_from_the_two_sides_and_the_system_log() {
    let (okta, scim) = every_state();
    let w = world(okta, scim).await;
    let r = run(&w, Options::default()).await;
    assert_eq!(state(&r, &at("sync")), ("user.in_sync", None));
    assert_eq!(
        state(&r, &at("new")),
        ("user.not_pushed", Some("push.not_attempted"))
    );
    assert_eq!(
        state(&r, &at("clash")),
        ("user.push_failed", Some("push.conflict"))
    );
    assert_eq!(
        state(&r, &at("gone")),
        ("user.missing_in_loopio", Some("drift.deleted_in_loopio"))
    );
    assert_eq!(
        state(&r, &at("roles")).0,
        "user.roles_differ",
        "Admin against an RFC 7643 Reviewer"
    );
    assert_eq!(
        state(&r, &at("off")),
        (
            "user.inactive_in_loopio",
            Some("drift.deactivated_in_loopio")
        )
    );
    assert_eq!(
        state(&r, &at("renamed")),
        ("user.username_differs", Some("drift.username"))
    );
    assert_eq!(
        state(&r, &at("byhand")),
        ("user.unmanaged", Some("drift.unmanaged"))
    );
}

#[tokio::test]
async fn every_push_cause_from_its_system_log_event() {
    let (okta, scim) = every_state();
    let w = world(okta, scim).await;
    let r = run(&w, Options::default()).await;
    for (name, cause) in [
        ("auth", "push.auth"),
        ("rolev", "push.role_value"),
        ("notfound", "push.not_found"),
        ("limited", "push.rate_limited"),
        ("other", "push.other"),
    ] {
        assert_eq!(
            state(&r, &at(name)),
            ("user.push_failed", Some(cause)),
            "{name}"
        );
        let u = user(&r, &at(name));
        assert_eq!(u.events.len(), 1, "{name}");
        assert!(!u.events[0].reason.is_empty() && !u.events[0].published.is_empty());
        assert!(!u.remedy.is_empty());
    }
    let clash = user(&r, &at("clash"));
    assert!(
        clash.events[0].reason.ends_with(": Conflict"),
        "the reason as Okta wrote it"
    );
    assert!(
        clash.detail.contains("Clash@acme.example"),
        "{}",
        clash.detail
    );
    assert_eq!(
        user(&r, &at("sync")).events.len(),
        0,
        "old and other apps' failures are not read"
    );
    assert!(r.users.iter().all(|u| u.login != at("left")));
    assert_eq!(r.verdict, Status::Fail);
    assert!(!r.truncated, "{:#?}", r.problems);
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
    assert_eq!(r.counts["user.push_failed"], 6);
    assert_eq!(
        r.counts["user.unmanaged"], 2,
        "byhand and the unlinked Clash"
    );
    assert_eq!(r.counts.values().sum::<u64>(), r.users.len() as u64);
    let conflict = r
        .causes
        .iter()
        .find(|c| c.cause == "push.conflict")
        .unwrap();
    assert_eq!(conflict.logins, [at("clash")]);
    assert!(
        conflict.location.contains("Import"),
        "{}",
        conflict.location
    );
    // One narrow filtered read of the System Log, since 30 days.
    let logs: Vec<String> = w
        .okta
        .requests()
        .into_iter()
        .map(|s| s.path_and_query)
        .filter(|p| p.starts_with("/api/v1/logs"))
        .collect();
    assert_eq!(logs.len(), 1, "{logs:?}");
    assert!(logs[0].contains("filter=") && logs[0].contains(APP_ID) && logs[0].contains("since="));
}

#[tokio::test]
async fn a_setup_in_sync_passes() {
    let mut okta = OrgData::correct();
    *okta.users_mut() = fake_okta::people::tenant_app_users();
    let scim = ScimData {
        users: vec![fake_scim::user(
            "1001",
            "alice.admin@acme.example",
            true,
            json!(["Admin"]),
        )],
        ..Default::default()
    };
    okta.users_mut().truncate(1);
    let w = world(okta, scim).await;
    let r = run(&w, Options::default()).await;
    assert_eq!(r.verdict, Status::Pass, "{r:#?}");
    assert_eq!(r.counts["user.in_sync"], 1);
    assert!(r.causes.is_empty());
}

#[tokio::test]
async fn update_user_attributes_off_is_the_likely_cause_of_roles_that_differ() {
    let (mut okta, scim) = every_state();
    okta.app_mut()["features"] = json!(["SCIM_PROVISIONING", "PUSH_NEW_USERS"]);
    let w = world(okta, scim).await;
    let r = run(&w, Options::default()).await;
    assert_eq!(
        state(&r, &at("roles")),
        ("user.roles_differ", Some("drift.update_attributes_off"))
    );
}

#[tokio::test]
async fn many_users_page_on_both_sides() {
    let mut okta = OrgData::correct();
    okta.page_size = 50;
    let users: Vec<Value> = (0..230)
        .map(|i| {
            assigned(
                &format!("00u{i:05}"),
                &format!("u{i}@acme.example"),
                &format!("L{i}"),
                &["Admin"],
            )
        })
        .collect();
    *okta.users_mut() = users;
    let scim = ScimData {
        users: (0..230)
            .map(|i| {
                fake_scim::user(
                    &format!("L{i}"),
                    &format!("u{i}@acme.example"),
                    true,
                    json!(["Admin"]),
                )
            })
            .collect(),
        max_count: 40,
        ..Default::default()
    };
    let w = world(okta, scim).await;
    let r = run(&w, Options::default()).await;
    assert_eq!(r.counts["user.in_sync"], 230, "{:#?}", r.problems);
    assert_eq!(r.verdict, Status::Pass);
    let pages = w
        .okta
        .requests()
        .iter()
        .filter(|s| s.path_and_query.contains("/users?"))
        .count();
    assert_eq!(pages, 5, "230 users, 50 a page");
    assert!(w
        .okta
        .requests()
        .iter()
        .any(|s| s.path_and_query.contains("expand=user")));
}

#[tokio::test]
async fn a_service_app_sends_one_token_post_then_gets_only() {
    let (mut okta, scim) = every_state();
    let (pem, public_key) = loopio_scim_tests::cli_harness::service_key();
    okta.oauth = Some(fake_okta::OAuthApp {
        client_id: "0oa7service0app00000".into(),
        public_key,
        alg: "ES256",
        require_dpop: false,
        granted_manage: false,
    });
    let w = world(okta, scim).await;
    let org = OktaOrg::parse(&w.okta.url).unwrap();
    let okta_target = okta::target(&org, &[], None, None).unwrap();
    let scim_target = Target::from_options(&TargetOptions {
        base_url: Some(w.scim.base_url.clone()),
        ..Default::default()
    })
    .unwrap();
    let app = okta::ServiceApp::new("0oa7service0app00000", &pem)
        .unwrap()
        .for_reconcile();
    let scim_secret = Secret::from_pasted(fake_scim::TOKEN).unwrap().0;
    let request = Request {
        okta_target: &okta_target,
        credentials: Credentials::ServiceApp(&app),
        app: &AppSelector::label(fake_okta::APP_LABEL).unwrap(),
        scim_target: &scim_target,
        scim_secret: &scim_secret,
        since: Duration::from_secs(30 * 86_400),
        users: &[],
        limit_users: None,
    };
    let r = reconcile::reconcile(&request).await;
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
    assert_eq!(
        state(&r, &at("clash")),
        ("user.push_failed", Some("push.conflict"))
    );
    let not_get: Vec<String> = w
        .okta
        .requests()
        .into_iter()
        .filter(|s| s.method != "GET")
        .map(|s| format!("{} {}", s.method, s.path_and_query))
        .collect();
    assert_eq!(not_get, ["POST /oauth2/v1/token"]);
    assert!(w.scim.requests().iter().all(|(m, _)| m == "GET"));
    let text = serde_json::to_string(&r).unwrap();
    assert!(!text.contains(fake_scim::TOKEN) && !text.contains("PRIVATE KEY"));
}
