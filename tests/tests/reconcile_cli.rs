//! `reconcile` as a script runs it, in-process against the fake Okta and a fake Loopio SCIM API:
//! exit 0 in sync, 1 when a user fails, 2 for bad input; the JSON's stable keys; text with the
//! counts first; no token in anything printed.

use loopio_scim_tests::cli_harness::{assert_no_secret, run_cli, server_runtime};
use loopio_scim_tests::fake_okta::{self, OrgData, APP_ID, TOKEN};
use loopio_scim_tests::fake_scim::{self, ScimData};
use serde_json::{json, Value};

const OKTA_VAR: &str = "RECONCILE_CLI_OKTA_TOKEN";
const SCIM_VAR: &str = "RECONCILE_CLI_SCIM_TOKEN";

struct Servers {
    _rt: tokio::runtime::Runtime,
    okta: String,
    scim: String,
}

fn servers(okta: OrgData, scim: ScimData) -> Servers {
    std::env::set_var(OKTA_VAR, TOKEN);
    std::env::set_var(SCIM_VAR, fake_scim::TOKEN);
    let rt = server_runtime();
    let (okta, scim) = rt.block_on(async {
        let okta = fake_okta::start(okta).await;
        let scim = fake_scim::start(scim).await;
        (okta.url, scim.base_url)
    });
    Servers {
        _rt: rt,
        okta,
        scim,
    }
}

fn in_sync() -> (OrgData, ScimData) {
    let mut okta = OrgData::correct();
    *okta.users_mut() = fake_okta::people::tenant_app_users();
    okta.users_mut().truncate(1);
    let alice = fake_scim::user("1001", "alice.admin@acme.example", true, json!(["Admin"]));
    let scim = ScimData {
        users: vec![alice],
        ..Default::default()
    };
    (okta, scim)
}

fn args<'a>(s: &'a Servers, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "reconcile",
        "--okta-url",
        &s.okta,
        "--okta-token-env",
        OKTA_VAR,
        "--app-id",
        APP_ID,
        "--base-url",
        &s.scim,
        "--token-env",
        SCIM_VAR,
    ];
    args.extend_from_slice(extra);
    args
}

fn reconcile(args: &[&str]) -> (i32, String, String) {
    let (code, out, err) = run_cli(args.iter().copied());
    assert_no_secret(&[&out, &err], &[TOKEN, fake_scim::TOKEN]);
    (code, out, err)
}

#[test]
fn in_sync_exits_0_with_the_stable_keys() {
    let (okta, scim) = in_sync();
    let s = servers(okta, scim);
    let (code, out, err) = reconcile(&args(&s, &["--format", "json"]));
    assert_eq!(code, 0, "{out}{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    for key in [
        "verdict",
        "counts",
        "users",
        "causes",
        "truncated",
        "elapsed_ms",
    ] {
        assert!(doc.get(key).is_some(), "{key} in {doc:#}");
    }
    assert_eq!(doc["verdict"], "pass");
    assert_eq!(doc["counts"]["user.in_sync"], 1);
    assert_eq!(doc["counts"]["user.push_failed"], 0);
    assert_eq!(doc["users"][0]["okta"]["sync_state"], "SYNCHRONIZED");
    assert_eq!(doc["users"][0]["loopio"]["id"], "1001");
    let (code, out, _) = reconcile(&args(&s, &[]));
    assert_eq!(code, 0, "{out}");
    let counts = out.find("Users: 1").expect("counts");
    assert!(counts < out.find("Overall: Pass").unwrap(), "{out}");
}

#[test]
fn a_failing_user_exits_1_and_is_explained() {
    let (mut okta, scim) = in_sync();
    okta.users_mut()[0]["syncState"] = json!("ERROR");
    okta.people.events = vec![fake_okta::people::failure(
        "00u1001",
        "alice.admin@acme.example",
        "application.provision.user.push_profile",
        "Error while updating user alice.admin@acme.example: Error authenticating: null",
        &recent(),
    )];
    let s = servers(okta, scim);
    let (code, out, err) = reconcile(&args(&s, &[]));
    assert_eq!(code, 1, "{out}{err}");
    for line in [
        "user.push_failed: 1",
        "[FAIL] push.auth (1 user(s))",
        "Provisioning > Integration",
        "- alice.admin@acme.example (user.push_failed)",
        "Error authenticating: null",
    ] {
        assert!(out.contains(line), "{line} in {out}");
    }
    assert!(out.find("Users: 1").unwrap() < out.find("push.auth").unwrap());
}

/// A day ago, as Okta writes times.
fn recent() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        - 86_400;
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let (era, doe) = (z.div_euclid(146_097), z.rem_euclid(146_097));
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T12:00:00.000Z")
}

#[test]
fn bad_input_exits_2_before_any_request() {
    let (okta, scim) = in_sync();
    let s = servers(okta, scim);
    for (extra, fragment) in [
        (vec!["--since", "forever"], "--since"),
        (vec!["--since", "120d"], "at most 90d"),
        (vec!["--since", "0d"], "--since"),
        (vec!["--limit-users", "0"], "--limit-users"),
        (vec!["--user", " "], "--user"),
        (vec!["--timeout-secs", "0"], "--timeout-secs"),
    ] {
        let (code, out, err) = reconcile(&args(&s, &extra));
        assert_eq!(code, 2, "{extra:?}: {out}{err}");
        assert!(err.contains(fragment), "{extra:?}: {err}");
    }
    // A required flag missing is clap's usage error (2).
    let (code, _, err) = reconcile(&["reconcile", "--okta-url", &s.okta, "--app-id", APP_ID]);
    assert_eq!(code, 2, "{err}");
}
