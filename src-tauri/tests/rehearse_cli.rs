//! `rehearse` as a script runs it: exit codes, the JSON keys, the token in no output, and a
//! refused production run that sends nothing.

mod common;

use std::net::TcpListener;

use common::{run_with_token, Tenant};

const TOKEN: &str = "cli-rehearsal-token-71c0a9e4";

fn rehearse(args: &[&str], token: &str) -> (i32, String, String) {
    run_with_token("rehearse", args, token)
}

#[test]
fn rehearse_against_simulate() {
    let tenant = Tenant::start(TOKEN);
    let url = tenant.url.clone();
    let base = ["--base-url", url.as_str(), "--token-env", "SCIM_TOKEN"];

    let mut args = base.to_vec();
    args.extend(["--role", "Admin", "--role", "Reviewer", "--format", "json"]);
    let (code, out, err) = rehearse(&args, &format!("Bearer {TOKEN}\n"));
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains(TOKEN) && !err.contains(TOKEN));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["verdict"], "pass");
    assert!(json["elapsed_ms"].is_u64());
    let user = &json["test_users"][0];
    assert!(user["id"].is_string());
    assert!(user["userName"]
        .as_str()
        .unwrap()
        .starts_with("okta-rehearsal-"));
    assert_eq!(user["active"], false);
    for key in ["code", "status", "title", "detail", "remedy", "elapsed_ms"] {
        assert!(json["findings"][0].get(key).is_some(), "missing {key}");
    }

    // An unknown role: exit 1, the role named, in text.
    let mut args = base.to_vec();
    args.extend(["--role", "admin", "--email-domain", "acme.example"]);
    let (code, out, err) = rehearse(&args, TOKEN);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("[FAIL] rehearse.roles"), "{out}");
    assert!(out.contains("[PASS] rehearse.create"), "{out}");
    assert!(out.contains("@acme.example (id "), "{out}");
    assert!(!out.contains(TOKEN) && !err.contains(TOKEN));
}

#[test]
fn a_refused_production_run_exits_2_and_sends_nothing() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let url = format!("https://api.loopio.com:{port}/scim/v2");
    let resolve = format!("api.loopio.com:{port}:127.0.0.1");
    let args = [
        "--base-url",
        url.as_str(),
        "--resolve",
        resolve.as_str(),
        "--token-env",
        "SCIM_TOKEN",
    ];
    let (code, out, err) = rehearse(&args, TOKEN);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("--confirm-production"), "{err}");
    assert!(listener.accept().is_err(), "a connection was made");

    let (code, _, err) = rehearse(
        &["--environment", "production", "--token-env", "SCIM_TOKEN"],
        TOKEN,
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("production"), "{err}");
    assert!(!err.contains(TOKEN));
}

#[test]
fn bad_rehearse_input_exits_2() {
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "--environment",
                "sandbox",
                "--token-env",
                "SCIM_TOKEN",
                "--email-domain",
                "not a domain",
            ],
            "e-mail domain",
        ),
        (
            &[
                "--environment",
                "production",
                "--token-env",
                "SCIM_TOKEN",
                "--confirm-production",
                "http://",
            ],
            "not a Loopio domain",
        ),
        (
            &[
                "--environment",
                "sandbox",
                "--token-env",
                "NOT_SET_ANYWHERE_42",
            ],
            "not set",
        ),
        (&["--token-env", "SCIM_TOKEN"], "--environment"),
    ];
    for (args, fragment) in cases {
        let (code, out, err) = rehearse(args, "a-token-that-is-long-enough-1234");
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.contains(fragment), "{args:?}: {err}");
    }
}
