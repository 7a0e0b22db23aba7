//! `check` and `simulate` as a script runs them: exit codes, JSON, and the token in no output.

mod common;

use common::{run_with_token, Tenant};

const TOKEN: &str = "cli-test-token-8d1f0e6c2b";

fn check(args: &[&str], token: &str) -> (i32, String, String) {
    run_with_token("check", args, token)
}

#[test]
fn check_against_simulate() {
    let tenant = Tenant::start(TOKEN);
    let url = tenant.url.clone();

    let (code, out, err) = check(
        &[
            "--base-url",
            &url,
            "--token-env",
            "SCIM_TOKEN",
            "--format",
            "json",
        ],
        &format!("Bearer {TOKEN}\n"),
    );
    assert_eq!(code, 0, "{out}{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["verdict"], "pass");
    assert_eq!(json["okta_connector_test"], "pass");
    assert!(json["elapsed_ms"].is_u64());
    for key in ["code", "status", "title", "detail", "remedy", "elapsed_ms"] {
        assert!(json["findings"][0].get(key).is_some(), "missing {key}");
    }
    let notes: Vec<&str> = json["token_notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap())
        .collect();
    assert!(notes.contains(&"token.bearer_prefix"), "{notes:?}");
    assert!(!out.contains(TOKEN) && !err.contains(TOKEN));

    // A wrong token: a failed check is exit 1, and neither token is printed.
    let wrong = "wrong-token-0000000000000";
    let (code, out, err) = check(&["--base-url", &url, "--token-env", "SCIM_TOKEN"], wrong);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("auth.rejected"), "{out}");
    assert!(
        out.contains("Okta's Test Connector Configuration will fail"),
        "{out}"
    );
    assert!(!out.contains(wrong) && !err.contains(wrong));
}

#[test]
fn bad_check_input_exits_2() {
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "--base-url",
                "http://api.loopio.com/scim/v2",
                "--token-env",
                "SCIM_TOKEN",
            ],
            "only allowed to this computer",
        ),
        (
            &[
                "--environment",
                "production",
                "--token-env",
                "NOT_SET_ANYWHERE_42",
            ],
            "not set",
        ),
        (
            &[
                "--environment",
                "production",
                "--token-env",
                "SCIM_TOKEN",
                "--resolve",
                "nonsense",
            ],
            "HOST:PORT:ADDRESS",
        ),
        (
            &[
                "--environment",
                "production",
                "--token-env",
                "SCIM_TOKEN",
                "--ca-file",
                "/nonexistent/ca.pem",
            ],
            "CA file",
        ),
        (&["--environment", "production"], "--token-env"),
        (&["--token-env", "SCIM_TOKEN"], "--environment"),
    ];
    for (args, fragment) in cases {
        let (code, out, err) = check(args, "a-token-that-is-long-enough-1234");
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.contains(fragment), "{args:?}: {err}");
    }
    let (code, _, err) = check(
        &["--environment", "production", "--token-env", "SCIM_TOKEN"],
        "short",
    );
    assert_eq!(code, 2);
    assert!(err.contains("cut off"), "{err}");
}

/// The lines of `check`'s text output that name a finding (`[FAIL] ...`), in order.
fn finding_lines(out: &str) -> Vec<String> {
    out.lines()
        .filter(|l| l.starts_with('['))
        .map(str::to_string)
        .collect()
}

#[test]
fn check_prints_findings_in_a_fixed_order_with_the_cause_first() {
    let tenant = Tenant::start(TOKEN);
    let url = tenant.url.clone();
    // A trailing slash and a refused token: the slash warning explains nothing here, but it is
    // about the URL itself, so it comes before the failures; the order never varies.
    let slash = format!("{url}/");
    let args = ["--base-url", slash.as_str(), "--token-env", "SCIM_TOKEN"];
    let (code, first, err) = check(&args, " Bearer wrong-token-0000000000000 \n");
    assert_eq!(code, 1, "{first}{err}");
    let lines = finding_lines(&first);
    assert!(
        lines[0].starts_with("[WARN] target (target.trailing_slash)"),
        "{first}"
    );
    let statuses: Vec<&str> = lines.iter().map(|l| &l[..6]).collect();
    let first_non_fail = statuses[1..]
        .iter()
        .position(|s| *s != "[FAIL]")
        .map(|p| p + 1)
        .unwrap_or(statuses.len());
    assert!(
        statuses[first_non_fail..].iter().all(|s| *s != "[FAIL]"),
        "failures are not first: {first}"
    );
    for _ in 0..3 {
        let (_, again, _) = check(&args, " Bearer wrong-token-0000000000000 \n");
        assert_eq!(
            finding_lines(&again),
            lines,
            "the order changed between runs"
        );
    }
    // The slash warning says what was seen and what to do, in different words.
    let at = first.find("target.trailing_slash").unwrap();
    let block: Vec<&str> = first[at..].lines().take(3).collect();
    let seen = block[1].trim().strip_prefix("seen:").unwrap().trim();
    let fix = block[2].trim().strip_prefix("fix:").unwrap().trim();
    assert_ne!(seen, fix, "{first}");
    assert!(fix.contains(&url), "{fix}");
    // An id is printed once when the code is the check's own.
    assert!(
        !first.contains("(clock.skew)") && !first.contains("(auth.enforced)"),
        "{first}"
    );
    // The cleaning of the pasted token is noted once.
    assert_eq!(err.matches("Removed spaces").count(), 1, "{err}");
}

#[test]
fn a_network_failure_here_is_not_a_verdict_on_okta() {
    // Loopio's production API, sent to port 443 of this computer, where nothing listens: the
    // connection is refused before any answer, as a firewall would.
    let (code, out, err) = check(
        &[
            "--environment",
            "production",
            "--token-env",
            "SCIM_TOKEN",
            "--resolve",
            "api.loopio.com:443:127.0.0.1",
            "--timeout-secs",
            "2",
        ],
        "a-token-that-is-long-enough-1234",
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("This computer could not reach Loopio's SCIM API"),
        "{out}"
    );
    assert!(out.contains("may still pass"), "{out}");
    assert!(!out.contains("will fail"), "{out}");
    assert!(!out.contains("spelling"), "{out}");
    assert!(!out.contains("Check the URL"), "{out}");
}
