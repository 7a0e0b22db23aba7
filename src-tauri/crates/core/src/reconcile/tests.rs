use super::*;

fn okta(id: &str, login: &str, external_id: &str, roles: &[&str]) -> OktaUser {
    OktaUser {
        id: id.into(),
        login: login.into(),
        status: "PROVISIONED".into(),
        sync_state: "SYNCHRONIZED".into(),
        external_id: external_id.into(),
        user_name: login.into(),
        roles: roles.iter().map(|r| r.to_string()).collect(),
        scope: "GROUP".into(),
        groups: Vec::new(),
        last_sync: "2026-03-01T10:00:00.000Z".into(),
    }
}

fn loopio(id: &str, user_name: &str, active: bool, roles: &[&str]) -> LoopioUser {
    LoopioUser {
        id: id.into(),
        user_name: user_name.into(),
        active,
        roles: roles.iter().map(|r| r.to_string()).collect(),
        last_modified: "2026-03-01T09:00:00.000Z".into(),
    }
}

fn failure(user: &str, login: &str, kind: &str, reason: &str, at: &str) -> LogEvent {
    LogEvent {
        published: at.into(),
        event_type: kind.into(),
        result: "FAILURE".into(),
        reason: reason.into(),
        okta_user_id: user.into(),
        login: login.into(),
    }
}

fn inputs(okta: Vec<OktaUser>, loopio: Vec<LoopioUser>, events: Vec<LogEvent>) -> Inputs {
    Inputs {
        okta,
        okta_read: true,
        loopio,
        loopio_read: true,
        loopio_complete: true,
        events,
        only: Vec::new(),
        context: Context {
            app_label: "Loopio".into(),
            ..Default::default()
        },
    }
}

fn state_of<'a>(r: &'a Reconciliation, login: &str) -> (&'a str, Option<&'a str>) {
    let u = r
        .users
        .iter()
        .find(|u| u.login == login)
        .unwrap_or_else(|| panic!("{login} not in {:#?}", r.users));
    (u.state.as_str(), u.cause.as_deref())
}

const PUSH: &str = "application.provision.user.push";

/// One user in every state the two lists alone decide.
fn every_state() -> Inputs {
    inputs(
        vec![
            okta("00u1", "sync@acme.com", "L1", &["Admin"]),
            okta("00u2", "new@acme.com", "", &["Admin"]),
            okta("00u3", "clash@acme.com", "", &["Admin"]),
            okta("00u4", "gone@acme.com", "L4", &["Admin"]),
            okta("00u5", "roles@acme.com", "L5", &["Admin"]),
            okta("00u6", "off@acme.com", "L6", &["Admin"]),
            okta("00u7", "renamed@acme.com", "L7", &["Admin"]),
        ],
        vec![
            loopio("L1", "SYNC@acme.com", true, &["Admin"]),
            loopio("L3", "Clash@Acme.com", true, &["Admin"]),
            loopio("L5", "roles@acme.com", true, &["admin"]),
            loopio("L6", "off@acme.com", false, &["Admin"]),
            loopio("L7", "old-name@acme.com", true, &["Admin"]),
            loopio("L8", "byhand@acme.com", true, &[]),
            loopio("L9", "left@acme.com", false, &[]),
        ],
        vec![failure(
            "00u3",
            "clash@acme.com",
            PUSH,
            "Automatic provisioning of user to app Loopio failed: Conflict",
            "2026-03-02T10:00:00.000Z",
        )],
    )
}

#[test]
fn every_state_from_the_two_lists() {
    let r = reconcile(&every_state(), Vec::new(), false, 5);
    assert_eq!(state_of(&r, "sync@acme.com"), ("user.in_sync", None));
    assert_eq!(
        state_of(&r, "new@acme.com"),
        ("user.not_pushed", Some("push.not_attempted"))
    );
    assert_eq!(
        state_of(&r, "clash@acme.com"),
        ("user.push_failed", Some("push.conflict"))
    );
    assert_eq!(
        state_of(&r, "gone@acme.com"),
        ("user.missing_in_loopio", Some("drift.deleted_in_loopio"))
    );
    assert_eq!(state_of(&r, "roles@acme.com").0, "user.roles_differ");
    assert_eq!(
        state_of(&r, "off@acme.com"),
        (
            "user.inactive_in_loopio",
            Some("drift.deactivated_in_loopio")
        )
    );
    assert_eq!(
        state_of(&r, "renamed@acme.com"),
        ("user.username_differs", Some("drift.username"))
    );
    assert_eq!(
        state_of(&r, "byhand@acme.com"),
        ("user.unmanaged", Some("drift.unmanaged"))
    );
    assert!(
        r.users.iter().all(|u| u.login != "left@acme.com"),
        "an inactive unlinked Loopio user is nobody's problem"
    );
    // The unlinked pair is explained on both sides.
    let clash = r
        .users
        .iter()
        .find(|u| u.login == "clash@acme.com")
        .unwrap();
    assert!(clash.detail.contains("Clash@Acme.com"), "{}", clash.detail);
    assert_eq!(clash.loopio_id.as_deref(), Some("L3"));
    assert_eq!(clash.events.len(), 1);
    let l3 = r
        .users
        .iter()
        .find(|u| u.login == "Clash@Acme.com")
        .unwrap();
    assert_eq!(l3.state, "user.unmanaged");
    assert!(l3.detail.contains("clash@acme.com"), "{}", l3.detail);
    assert_eq!(r.verdict, Status::Fail);
    assert_eq!(r.counts["user.in_sync"], 1);
    assert_eq!(r.counts["user.unmanaged"], 2);
    assert_eq!(r.counts["user.not_assigned"], 0, "every state has a count");
    assert_eq!(r.counts.len(), STATES.len());
    assert_eq!(r.failing(), 6);
    assert_eq!(r.users[0].status, Status::Fail, "failing users first");
}

#[test]
fn every_push_cause_from_its_event() {
    let cases = [
        ("Error while creating user: Conflict", PUSH, "push.conflict"),
        ("Error authenticating: null", PUSH, "push.auth"),
        (
            "400 Bad Request: unknown roles value",
            PUSH,
            "push.role_value",
        ),
        (
            "Not Found",
            "application.provision.user.push_profile",
            "push.not_found",
        ),
        ("429 Too Many Requests", PUSH, "push.rate_limited"),
        ("Internal Server Error", PUSH, "push.other"),
    ];
    for (reason, kind, cause) in cases {
        let at = "2026-03-02T10:00:00.000Z";
        let mut u = okta("00u1", "a@acme.com", "", &["Admin"]);
        u.sync_state = "ERROR".into();
        let i = inputs(vec![u], vec![], vec![failure("00u1", "", kind, reason, at)]);
        let r = reconcile(&i, Vec::new(), false, 0);
        assert_eq!(
            state_of(&r, "a@acme.com"),
            ("user.push_failed", Some(cause))
        );
        let event = &r.users[0].events[0];
        assert_eq!(event.reason, reason, "the reason as Okta wrote it");
        assert_eq!(event.published, at);
        assert!(!r.users[0].remedy.is_empty());
        assert_eq!(r.causes[0].cause, cause);
        assert_eq!(r.causes[0].logins, ["a@acme.com"]);
    }
}

#[test]
fn an_old_failure_fixed_by_a_later_sync_does_not_count() {
    let u = okta("00u1", "a@acme.com", "L1", &["Admin"]);
    let old = failure("00u1", "", PUSH, "Conflict", "2026-02-01T00:00:00.000Z");
    let l = loopio("L1", "a@acme.com", true, &["Admin"]);
    let r = reconcile(
        &inputs(vec![u.clone()], vec![l.clone()], vec![old]),
        vec![],
        false,
        0,
    );
    assert_eq!(state_of(&r, "a@acme.com").0, "user.in_sync");
    let new = failure(
        "",
        "A@acme.com",
        PUSH,
        "Conflict",
        "2026-03-05T00:00:00.000Z",
    );
    let r = reconcile(&inputs(vec![u], vec![l], vec![new]), vec![], false, 0);
    assert_eq!(
        state_of(&r, "a@acme.com"),
        ("user.push_failed", Some("push.conflict")),
        "matched by the AppUser target's login"
    );
}

#[test]
fn an_error_state_without_its_own_event_takes_the_apps_auth_failure() {
    let mut u = okta("00u1", "a@acme.com", "L1", &["Admin"]);
    u.sync_state = "ERROR".into();
    let app = LogEvent {
        event_type: "application.integration.authentication_failure".into(),
        result: "FAILURE".into(),
        published: "2026-03-02T00:00:00.000Z".into(),
        ..Default::default()
    };
    let l = loopio("L1", "a@acme.com", true, &["Admin"]);
    let r = reconcile(&inputs(vec![u], vec![l], vec![app]), vec![], false, 0);
    assert_eq!(
        state_of(&r, "a@acme.com"),
        ("user.push_failed", Some("push.auth"))
    );
    assert_eq!(r.users[0].events.len(), 1);
}

#[test]
fn roles_compare_case_exact_in_any_order_and_name_a_likely_cause() {
    assert!(!link::roles_differ(
        &["Admin".into(), "Reviewer".into()],
        &["Reviewer".into(), "Admin".into(), "Admin".into()]
    ));
    assert!(link::roles_differ(&["Admin".into()], &["admin".into()]));
    assert!(link::roles_differ(&["Admin".into()], &[]));
    let u = okta("00u1", "a@acme.com", "L1", &["Admin"]);
    let l = loopio("L1", "a@acme.com", true, &["Reviewer"]);
    let mut i = inputs(vec![u.clone()], vec![l.clone()], vec![]);
    let cause = |i: &Inputs| {
        reconcile(i, vec![], false, 0).users[0]
            .cause
            .clone()
            .unwrap()
    };
    assert_eq!(cause(&i), "drift.group_priority");
    i.context.update_attributes = Some(false);
    assert_eq!(cause(&i), "drift.update_attributes_off");
    i.context.update_attributes = Some(true);
    i.loopio[0].last_modified = "2026-03-09T00:00:00Z".into();
    assert_eq!(cause(&i), "drift.edited_in_loopio");
    i.loopio[0].last_modified = String::new();
    i.okta[0].scope = "USER".into();
    assert_eq!(cause(&i), "drift.edited_in_loopio");
}

#[test]
fn create_users_off_is_the_cause_of_users_never_pushed() {
    let mut i = inputs(vec![okta("00u1", "a@acme.com", "", &[])], vec![], vec![]);
    i.context.create_users = Some(false);
    let r = reconcile(&i, vec![], false, 0);
    assert_eq!(
        state_of(&r, "a@acme.com"),
        ("user.not_pushed", Some("push.create_users_off"))
    );
    assert!(r.users[0]
        .location
        .contains("Loopio > Provisioning > To App"));
}

#[test]
fn a_partial_loopio_read_claims_no_deletion_and_an_okta_user_counts_once() {
    let u = okta("00u1", "a@acme.com", "L1", &[]);
    let mut i = inputs(vec![u.clone(), u], vec![], vec![]);
    i.loopio_complete = false;
    let r = reconcile(&i, vec![], true, 0);
    assert_eq!(r.users.len(), 1);
    assert_eq!(state_of(&r, "a@acme.com").0, "user.unchecked");
    assert_eq!(r.verdict, Status::Pass, "nothing seen failing");
    assert!(r.truncated);
}

#[test]
fn without_okta_the_loopio_side_is_still_listed() {
    let mut i = inputs(vec![], vec![loopio("L1", "a@acme.com", true, &[])], vec![]);
    i.okta_read = false;
    let problem = ReadProblem {
        code: "okta.auth.rejected".into(),
        part: "okta".into(),
        status: Status::Fail,
        title: "Okta refused the API token (401)".into(),
        detail: String::new(),
        remedy: "Create a new token".into(),
    };
    let r = reconcile(&i, vec![problem], true, 0);
    assert_eq!(state_of(&r, "a@acme.com"), ("user.unchecked", None));
    assert_eq!(
        r.verdict,
        Status::Fail,
        "a part that could not be read fails"
    );
}

#[test]
fn looked_up_people_are_reported_assigned_or_not() {
    let mut i = every_state();
    i.context.assigned_groups = vec!["Loopio Users".into(), "Sales".into()];
    i.only = vec![
        LookedUp {
            asked: "NEW@acme.com".into(),
            okta_user_id: Some("00u2".into()),
            login: Some("new@acme.com".into()),
            groups: vec![],
        },
        LookedUp {
            asked: "pat@acme.com".into(),
            okta_user_id: Some("00u99".into()),
            login: Some("pat@acme.com".into()),
            groups: vec!["Sales".into(), "Everyone".into()],
        },
        LookedUp {
            asked: "nobody@acme.com".into(),
            ..Default::default()
        },
    ];
    let r = reconcile(&i, vec![], false, 0);
    let logins: Vec<&str> = r.users.iter().map(|u| u.login.as_str()).collect();
    assert_eq!(logins, ["new@acme.com", "pat@acme.com"]);
    let pat = &r.users[1];
    assert_eq!(pat.state, "user.not_assigned");
    assert_eq!(pat.status, Status::Warn);
    assert!(pat.detail.contains("Sales, Everyone"), "{}", pat.detail);
    assert!(
        pat.detail.contains("not in: Loopio Users."),
        "{}",
        pat.detail
    );
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].code, "reconcile.user_unknown");
}

#[test]
fn the_json_has_the_stable_keys() {
    let r = reconcile(&every_state(), vec![], false, 12);
    let json = serde_json::to_value(&r).unwrap();
    for key in [
        "verdict",
        "counts",
        "users",
        "causes",
        "truncated",
        "elapsed_ms",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    let user = json["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["login"] == "clash@acme.com")
        .unwrap();
    for key in [
        "state",
        "status",
        "login",
        "okta_user_id",
        "loopio_id",
        "okta",
        "loopio",
        "cause",
        "remedy",
        "events",
    ] {
        assert!(user.get(key).is_some(), "{key}");
    }
    let mut okta_keys: Vec<&str> = user["okta"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    okta_keys.sort_unstable();
    assert_eq!(
        okta_keys,
        [
            "external_id",
            "groups",
            "roles",
            "scope",
            "status",
            "sync_state",
            "user_name"
        ]
    );
    let mut event_keys: Vec<&str> = user["events"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    event_keys.sort_unstable();
    assert_eq!(event_keys, ["event_type", "published", "reason", "result"]);
    let causes = json["causes"].as_array().unwrap();
    assert!(causes.iter().any(|c| c["cause"] == "push.conflict"
        && c["count"] == 1
        && c["logins"][0] == "clash@acme.com"));
    assert_eq!(json["verdict"], "fail");
}

#[test]
fn every_state_and_cause_is_a_code_of_the_table() {
    for code in STATES
        .iter()
        .chain(PUSH_CAUSES.iter())
        .chain(remedy::CAUSES.iter())
    {
        assert!(crate::codes::find(code).is_some(), "{code}");
    }
}
