//! `recheck --profile NAME` as a cron job runs it, in-process against the practice tenant (SCIM)
//! and the fake Okta, with a progress file in a temp dir: the JSON shape, exit codes (an expired
//! token or certificate is 1, bad input 2), the text report, and no token in any output.

use loopio_scim::practice;
use loopio_scim_tests::cli_harness::{assert_no_secret, run_cli, server_runtime};
use loopio_scim_tests::fake_okta::{self, OrgData, APP_ID, KID, TOKEN};
use serde_json::{json, Value};

const SCIM_TOKEN: &str = "recheck-practice-token-5b1e77c2";
const SCIM_VAR: &str = "LOOPIO_TEST_RECHECK_SCIM_TOKEN";
const OKTA_VAR: &str = "LOOPIO_TEST_RECHECK_OKTA_TOKEN";

/// The practice tenant and the fake Okta on their own runtime (the CLI blocks on its own).
struct Servers {
    _rt: tokio::runtime::Runtime,
    _tenant: practice::Running,
    scim: String,
    okta: String,
}

fn servers(data: OrgData) -> Servers {
    let rt = server_runtime();
    let (tenant, okta) = rt.block_on(async {
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        let tenant = practice::serve(addr, SCIM_TOKEN.to_string()).await.unwrap();
        let okta = fake_okta::start(data).await;
        (tenant, okta.url)
    });
    Servers {
        _rt: rt,
        scim: tenant.base_url.clone(),
        _tenant: tenant,
        okta,
    }
}

/// `YYYY-MM-DD`, `days` before today (UTC).
fn days_ago(days: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
    let z = now / 86_400 - days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A progress file with the profile "acme", its token generated on `generated_on`.
fn store(name: &str, generated_on: &str) -> String {
    let dir = std::env::temp_dir().join(format!("loopio-recheck-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("progress.json");
    let doc = json!({
        "active_profile": "acme",
        "profiles": {
            "acme": {
                "domain": fake_okta::DOMAIN,
                "environment": "production",
                "roles_known": fake_okta::ROLES,
                // Discovered in Loopio: names only added by hand would be "not seen" warnings.
                "roles_seen": fake_okta::ROLES,
                "token_generated_on": generated_on
            }
        }
    });
    std::fs::write(&path, doc.to_string()).unwrap();
    path.to_str().unwrap().to_string()
}

fn recheck(args: &[&str]) -> (i32, String, String) {
    std::env::set_var(SCIM_VAR, SCIM_TOKEN);
    std::env::set_var(OKTA_VAR, TOKEN);
    let (code, out, err) = run_cli(std::iter::once("recheck").chain(args.iter().copied()));
    assert_no_secret(&[&out, &err], &[SCIM_TOKEN, TOKEN]);
    (code, out, err)
}

fn full_args<'a>(s: &'a Servers, store: &'a str) -> Vec<&'a str> {
    vec![
        "--profile",
        "acme",
        "--store",
        store,
        "--base-url",
        &s.scim,
        "--token-env",
        SCIM_VAR,
        "--okta-url",
        &s.okta,
        "--okta-token-env",
        OKTA_VAR,
        "--app-id",
        APP_ID,
    ]
}

#[test]
fn a_sound_setup_passes_with_every_part_in_the_json() {
    let s = servers(in_sync());
    let store = store("sound", &days_ago(30));
    let mut args = full_args(&s, &store);
    args.extend(["--format", "json"]);
    let (code, out, err) = recheck(&args);
    assert_eq!(code, 0, "{out}{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["profile"], "acme");
    assert_ne!(doc["verdict"], "fail", "{doc:#}");
    assert_ne!(doc["scim"]["verdict"], "fail", "{doc:#}");
    assert_eq!(doc["okta"]["verdict"], "pass", "{doc:#}");
    assert_eq!(doc["okta"]["app"]["id"], APP_ID);
    assert!(doc["okta"]["idp"]["certificate_sha256"].is_string());
    assert_eq!(doc["expiry"]["token"]["status"], "pass", "{doc:#}");
    assert!(doc["expiry"]["token"]["days_left"].as_i64().unwrap() > 300);
    assert_eq!(doc["expiry"]["certificate"]["status"], "pass", "{doc:#}");
    assert_eq!(
        doc["expiry"]["certificate"]["expires"],
        fake_okta::metadata::KEY_EXPIRES_AT
    );
    assert_eq!(doc["reconcile"]["verdict"], "pass", "{doc:#}");
    assert_eq!(doc["reconcile"]["counts"]["user.in_sync"], 6, "{doc:#}");

    // The same in text.
    let (code, out, _) = recheck(&full_args(&s, &store));
    assert_eq!(code, 0, "{out}");
    for line in [
        "SCIM connection test",
        "Okta read-back of the app Loopio",
        "IdP entity ID (issuer):",
        "[PASS] SCIM token expiry",
        "[PASS] Signing certificate expiry",
    ] {
        assert!(out.contains(line), "{line} in {out}");
    }
}

/// The correct org whose assigned users are the practice tenant's, linked and in sync.
fn in_sync() -> OrgData {
    let mut data = OrgData::correct();
    *data.users_mut() = fake_okta::people::tenant_app_users();
    data
}

#[test]
fn a_failed_push_fails_the_recheck() {
    let mut data = in_sync();
    data.users_mut()[1]["syncState"] = json!("ERROR");
    let s = servers(data);
    let store = store("failed", &days_ago(30));
    let mut args = full_args(&s, &store);
    args.extend(["--format", "json"]);
    let (code, out, err) = recheck(&args);
    assert_eq!(code, 1, "{out}{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_ne!(
        doc["okta"]["verdict"], "fail",
        "the app itself is right: {doc:#}"
    );
    assert_eq!(doc["reconcile"]["verdict"], "fail", "{doc:#}");
    assert_eq!(doc["reconcile"]["counts"]["user.push_failed"], 1, "{doc:#}");
    let (_, out, _) = recheck(&full_args(&s, &store));
    assert!(out.contains("user.push_failed: 1"), "{out}");
}

#[test]
fn an_expired_token_or_certificate_fails() {
    let s = servers(OrgData::correct());
    // Without Okta: the certificate is not checked (skip), the old token fails.
    let store_old = store("expired-token", "2020-01-02");
    let args = [
        "--profile",
        "acme",
        "--store",
        &store_old,
        "--base-url",
        &s.scim,
        "--token-env",
        SCIM_VAR,
        "--format",
        "json",
    ];
    let (code, out, err) = recheck(&args);
    assert_eq!(code, 1, "{out}{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["verdict"], "fail");
    assert!(doc["okta"].is_null());
    assert_eq!(doc["expiry"]["token"]["status"], "fail");
    assert_eq!(doc["expiry"]["certificate"]["status"], "skip");

    // An expired signing key (and no metadata to read it from): the certificate fails.
    let mut data = OrgData::correct();
    data.metadata.clear();
    let keys = data.keys.get_mut(APP_ID).unwrap();
    for k in keys.iter_mut().filter(|k| k["kid"] == KID) {
        k["expiresAt"] = json!("2021-01-01T00:00:00.000Z");
    }
    let s = servers(data);
    let store = store("expired-cert", &days_ago(10));
    let mut args = full_args(&s, &store);
    args.extend(["--format", "json"]);
    let (code, out, _) = recheck(&args);
    assert_eq!(code, 1, "{out}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["expiry"]["certificate"]["status"], "fail", "{doc:#}");
    assert_eq!(doc["expiry"]["token"]["status"], "pass", "{doc:#}");
}

#[test]
fn bad_input_exits_2() {
    let s = servers(OrgData::correct());
    let store = store("bad", &days_ago(10));
    let base = [
        "--store",
        store.as_str(),
        "--base-url",
        &s.scim,
        "--token-env",
        SCIM_VAR,
    ];
    let cases: [(&[&str], &str); 4] = [
        (&["--profile", "staging"], "There is no profile \"staging\""),
        (
            &["--profile", "acme", "--okta-url", &s.okta],
            "--okta-token-env",
        ),
        (
            &["--profile", "acme", "--okta-token-env", OKTA_VAR],
            "--okta-url",
        ),
        (
            &["--profile", "acme", "--timeout-secs", "0"],
            "--timeout-secs",
        ),
    ];
    for (extra, fragment) in cases {
        let args: Vec<&str> = base.iter().copied().chain(extra.iter().copied()).collect();
        let (code, out, err) = recheck(&args);
        assert_eq!(code, 2, "{extra:?}: {out}{err}");
        assert!(err.contains(fragment), "{extra:?}: {err}");
    }
    let (code, _, err) = recheck(&["--profile", "acme", "--store", "/nonexistent/progress.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("No saved progress"), "{err}");
}
