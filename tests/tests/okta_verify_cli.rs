//! `verify-okta` as a script runs it, in-process against the fake Okta: exit codes, the JSON
//! shape, the text report, and the token in no output.

use loopio_scim_tests::cli_harness::{assert_no_secret, run_cli, serve_fake_okta, service_key};
use loopio_scim_tests::fake_okta::{self, OrgData, APP_ID, TOKEN};
use serde_json::json;

fn cli(args: &[&str]) -> (i32, String, String) {
    run_cli(std::iter::once("verify-okta").chain(args.iter().copied()))
}

const TOKEN_VAR: &str = "LOOPIO_TEST_OKTA_TOKEN_CLI";

fn set_token() {
    // A pasted "SSWS " prefix is removed.
    std::env::set_var(TOKEN_VAR, format!("SSWS {TOKEN}\n"));
}

/// The org, its token and the Loopio domain: what every read-back here gives, then `rest`.
fn with_org<'a>(url: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let org = [
        "--okta-url",
        url,
        "--okta-token-env",
        TOKEN_VAR,
        "--domain",
        "acme.loopio.com",
    ];
    org.into_iter().chain(rest.iter().copied()).collect()
}

#[test]
fn verify_okta_json_and_exit_codes() {
    set_token();
    let (_rt, okta) = serve_fake_okta(OrgData::correct());
    let roles = [
        "--role",
        "Admin",
        "--role",
        "Contributor",
        "--role",
        "Reviewer",
    ];
    let rest = [
        &["--app-label", "Loopio"][..],
        &roles,
        &["--format", "json"],
    ]
    .concat();
    let (code, out, err) = cli(&with_org(&okta.url, &rest));
    assert_eq!(code, 0, "{out}{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Role names given with --role were never seen in Loopio: warnings, so the verdict is warn.
    assert_eq!(doc["verdict"], "warn");
    assert_eq!(doc["app"]["id"], APP_ID);
    for key in ["id", "label", "name", "status"] {
        assert!(doc["app"][key].is_string(), "app.{key}");
    }
    assert!(doc["elapsed_ms"].is_u64());
    // The IdP values for Loopio.
    assert_eq!(doc["idp"]["sso_url"], fake_okta::metadata::sso_url());
    for key in [
        "entity_id",
        "certificate_sha256",
        "certificate_not_after",
        "metadata_url",
        "certificate_pem",
    ] {
        assert!(doc["idp"][key].is_string(), "idp.{key}");
    }
    for key in [
        "code", "status", "title", "detail", "remedy", "okta_has", "expected", "where",
    ] {
        assert!(doc["findings"][0].get(key).is_some(), "findings[].{key}");
    }
    assert_no_secret(&[&out, &err], &[TOKEN]);
    assert!(okta.requests().iter().all(|r| r.method == "GET"));
}

#[test]
fn role_names_given_with_role_are_not_seen_in_loopio_yet_never_a_pass() {
    set_token();
    let (_rt, okta) = serve_fake_okta(OrgData::correct());
    let rest = [
        "--app-label",
        "Loopio",
        "--role",
        "Admin",
        "--format",
        "json",
    ];
    let (code, out, err) = cli(&with_org(&okta.url, &rest));
    assert_eq!(code, 0, "a warning, not a failure: {out}{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let admin: Vec<&serde_json::Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "okta.roles.value" && f["okta_has"] == "Admin")
        .collect();
    assert!(!admin.is_empty(), "{out}");
    for f in admin {
        assert_eq!(f["status"], "warn", "{f}");
        let detail = f["detail"].as_str().unwrap();
        assert!(detail.contains("not seen in Loopio yet"), "{detail}");
        assert!(!detail.contains("is a Loopio role name"), "{detail}");
    }
    // The text report never ticks it either.
    let (_, text, _) = cli(&with_org(&okta.url, &rest[..4]));
    assert!(!text.contains("Admin is a Loopio role name"), "{text}");
    assert!(text.contains("not seen in Loopio yet"), "{text}");
}

#[test]
fn a_planted_mistake_exits_1_and_the_text_says_where_and_what() {
    set_token();
    let mut data = OrgData::correct();
    data.app_mut()["settings"]["signOn"]["audience"] = json!("https://acme.loopio.com");
    let (_rt, okta) = serve_fake_okta(data);
    let (code, out, err) = cli(&with_org(&okta.url, &["--app-id", APP_ID]));
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("[FAIL] okta.saml.audience"), "{out}");
    assert!(out.contains("Okta has: https://acme.loopio.com"), "{out}");
    assert!(out.contains("expected: loopio-sp"), "{out}");
    assert!(
        out.contains("where:    Applications > Applications > Loopio > General"),
        "{out}"
    );
    assert!(err.contains("SSWS"), "the removed prefix is noted: {err}");
    assert_no_secret(&[&out, &err], &[TOKEN]);
    for label in [
        "IdP entity ID (issuer):",
        "IdP sign-in URL (HTTP-POST):",
        "Signing certificate SHA-256:",
        "Signing certificate expires:",
        "-----BEGIN CERTIFICATE-----",
    ] {
        assert!(out.contains(label), "{label} in {out}");
    }
}

#[test]
fn bad_verify_okta_input_exits_2() {
    set_token();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            with_org("http://acme.okta.com", &["--app-label", "Loopio"]),
            "https://",
        ),
        (
            with_org("acme", &["--app-label", "Loopio"]),
            "acme.okta.com",
        ),
        (
            with_org("acme.okta.com", &["--app-id", "0oa/../x"]),
            "not an Okta app id",
        ),
        // Without --app-id or --app-label the core's label for the environment is read (see
        // the label test); an empty label is still refused before any request.
        (with_org("acme.okta.com", &["--app-label", "  "]), "label"),
        (
            vec![
                "--okta-url",
                "acme.okta.com",
                "--okta-token-env",
                "NOT_SET_ANYWHERE_OKTA_42",
                "--domain",
                "acme.loopio.com",
                "--app-label",
                "Loopio",
            ],
            "not set",
        ),
        (
            vec![
                "--okta-url",
                "acme.okta.com",
                "--okta-token-env",
                TOKEN_VAR,
                "--domain",
                "api.loopio.com",
                "--app-label",
                "Loopio",
            ],
            "SCIM API host",
        ),
        (
            with_org(
                "acme.okta.com",
                &["--app-label", "Loopio", "--resolve", "nonsense"],
            ),
            "HOST:PORT:ADDRESS",
        ),
    ];
    for (args, fragment) in cases {
        let (code, out, err) = cli(&args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.contains(fragment), "{args:?}: {err}");
        assert_no_secret(&[&out, &err], &[TOKEN]);
    }
}

#[test]
fn verify_okta_as_a_service_app_with_dpop_shows_neither_key_nor_token() {
    let (pem, public) = service_key();
    let mut data = OrgData::correct();
    data.oauth = Some(fake_okta::OAuthApp {
        client_id: "0oaCliService0000000".into(),
        public_key: public,
        alg: "ES256",
        require_dpop: true,
        granted_manage: false,
    });
    let (_rt, okta) = serve_fake_okta(data);
    let key_file = std::env::temp_dir().join(format!("okta-cli-key-{}.pem", std::process::id()));
    std::fs::write(&key_file, &pem).unwrap();
    let key_path = key_file.to_str().unwrap();
    for format in ["json", "text"] {
        let (code, out, err) = cli(&[
            "--okta-url",
            &okta.url,
            "--okta-client-id",
            "0oaCliService0000000",
            "--okta-private-key",
            key_path,
            "--domain",
            "acme.loopio.com",
            "--app-label",
            "Loopio",
            "--format",
            format,
        ]);
        assert_eq!(code, 0, "{out}\n{err}");
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        for text in [&out, &err] {
            assert!(!text.contains(&body[..32]), "key in output");
            for token in okta.issued.tokens() {
                assert!(!text.contains(&token), "access token in output");
            }
        }
    }
    let posts = okta.requests().iter().filter(|s| s.method != "GET").count();
    assert_eq!(
        posts, 6,
        "three token requests per run (DPoP, then its nonce)"
    );

    // The wrong key: refused, exit 1. A key file that is not there, or no key: exit 2.
    let (other, _) = service_key();
    std::fs::write(&key_file, other).unwrap();
    let base = [
        "--okta-url",
        &okta.url,
        "--domain",
        "acme.loopio.com",
        "--app-id",
        APP_ID,
    ];
    let with = |extra: &[&str]| cli(&[&base[..], extra].concat());
    let (code, out, _) = with(&[
        "--okta-client-id",
        "0oaCliService0000000",
        "--okta-private-key",
        key_path,
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{out}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["findings"][0]["code"], "okta.auth.rejected");
    std::fs::remove_file(&key_file).unwrap();
    let (code, _, err) = with(&[
        "--okta-client-id",
        "0oaCliService0000000",
        "--okta-private-key",
        key_path,
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, _, _) = with(&["--okta-client-id", "0oaCliService0000000"]);
    assert_eq!(code, 2);
}

#[test]
fn an_unreachable_org_exits_1_with_the_network_code_never_app_not_found() {
    set_token();
    // A port nothing listens on: the connection is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let (code, out, err) = cli(&with_org(&url, &["--app-label", "Loopio"]));
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("network.refused"), "{out}");
    assert!(out.contains("Could not check your Okta app"), "{out}");
    assert!(!out.contains("okta.app.not_found"), "{out}");
    let (code, out, _) = cli(&with_org(
        &url,
        &["--app-label", "Loopio", "--format", "json"],
    ));
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let codes: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.iter().all(|c| c.starts_with("network.")), "{codes:?}");
    assert_eq!(doc["app"], serde_json::Value::Null);
}
