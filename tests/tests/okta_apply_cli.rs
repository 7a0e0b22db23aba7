//! `apply-okta` as a script runs it, in-process against the fake Okta: a dry run by default,
//! `--yes` to send, the JSON keys, and the exit codes (0, 3, 1, 2).

use loopio_scim_tests::cli_harness::{assert_no_secret, run_cli, serve_fake_okta};
use loopio_scim_tests::fake_okta::{FakeOkta, OrgData, APP_ID, TOKEN};
use serde_json::{json, Value};

const TOKEN_VAR: &str = "LOOPIO_TEST_OKTA_TOKEN_APPLY_CLI";

fn cli(okta: &FakeOkta, args: &[&str]) -> (i32, String) {
    std::env::set_var(TOKEN_VAR, TOKEN);
    let org = [
        "apply-okta",
        "--okta-url",
        &okta.url,
        "--okta-token-env",
        TOKEN_VAR,
        "--domain",
        "acme.loopio.com",
    ];
    let (code, out, err) = run_cli(org.into_iter().chain(args.iter().copied()));
    assert_no_secret(&[&out, &err], &[TOKEN]);
    (code, out)
}

#[test]
fn apply_okta_is_a_dry_run_until_yes_and_exits_as_documented() {
    let mut data = OrgData::correct();
    data.app_mut()["settings"]["signOn"]["audience"] = json!("loopio");
    let (_rt, okta) = serve_fake_okta(data);
    let (code, out) = cli(&okta, &["--app-label", "Loopio", "--format", "json"]);
    assert_eq!(code, 0, "{out}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["applied"], false);
    assert_eq!(json["plan"][0]["method"], "PUT");
    assert_eq!(json["plan"][0]["path"], format!("/api/v1/apps/{APP_ID}"));
    assert!(json["plan"][0]["body"].is_object() && json["plan"][0]["why"].is_string());
    assert_eq!(json["results"], json!([]));
    assert!(json["pending_manual"].is_array() && json["reminders"].is_array());
    assert!(okta.requests().iter().all(|s| s.method == "GET"));

    let (code, out) = cli(
        &okta,
        &[
            "--app-label",
            "Loopio",
            "--yes",
            "--group",
            "Loopio Admins=Admin",
            "--group",
            "Proposal Team=Contributor",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("[200] PUT"), "{out}");

    // A new app: written, but the manual steps are pending (exit 3).
    let (code, out) = cli(
        &okta,
        &["--app-label", "Loopio Two", "--yes", "--format", "json"],
    );
    assert_eq!(code, 3, "{out}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["applied"], true);
    assert_eq!(json["results"][0]["status"], 200);
    assert_eq!(json["pending_manual"][0]["step"], "general.enable_scim");

    // A near miss (exit 2) and a refused write (exit 1).
    let (code, _) = cli(
        &okta,
        &[
            "--app-label",
            "Loopio",
            "--role",
            "Admin",
            "--group",
            "Loopio Admins=admin",
        ],
    );
    assert_eq!(code, 2);
    okta.state.lock().unwrap().directory.forbidden_writes = vec!["/api/v1/apps".into()];
    okta.state.lock().unwrap().app_mut()["settings"]["signOn"]["audience"] = json!("x");
    let (code, out) = cli(&okta, &["--app-label", "Loopio", "--yes"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("okta.apps.manage"), "{out}");
}

#[test]
fn apply_okta_emits_terraform_without_contacting_okta() {
    let (code, text, err) = run_cli([
        "apply-okta",
        "--emit",
        "terraform",
        "--domain",
        "acme.loopio.com",
        "--app-label",
        "Loopio",
        "--same-role",
        "Contributor",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        text.contains("resource \"okta_app_saml\" \"loopio\"") && text.contains("\"Contributor\""),
        "{text}"
    );
}

/// A service app granted the `.manage` scopes, its key in a file, and the fake Okta it signs in to.
struct ServiceApp {
    pem: String,
    key: std::path::PathBuf,
    dir: std::path::PathBuf,
    okta: FakeOkta,
    _rt: tokio::runtime::Runtime,
}

impl ServiceApp {
    fn start(mut data: OrgData) -> ServiceApp {
        let (pem, public) = loopio_scim_tests::cli_harness::service_key();
        data.oauth = Some(loopio_scim_tests::fake_okta::OAuthApp {
            client_id: "0oaCliWriter00000000".into(),
            public_key: public,
            alg: "ES256",
            require_dpop: false,
            granted_manage: true,
        });
        let (rt, okta) = serve_fake_okta(data);
        let dir = std::env::temp_dir().join(format!("okta-undo-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let key = dir.join("key.pem");
        std::fs::write(&key, &pem).unwrap();
        ServiceApp {
            pem,
            key,
            dir,
            okta,
            _rt: rt,
        }
    }

    /// Runs `command` signed in as the service app; neither its key nor a token is in the output.
    fn run(&self, command: &str, rest: &[&str]) -> (i32, String) {
        let args = [
            command,
            "--okta-url",
            &self.okta.url,
            "--okta-client-id",
            "0oaCliWriter00000000",
            "--okta-private-key",
            self.key.to_str().unwrap(),
        ];
        let (code, out, err) = run_cli(args.into_iter().chain(rest.iter().copied()));
        let body: String = self
            .pem
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect();
        assert!(
            !out.contains(&body[..32]) && !err.contains(&body[..32]),
            "key in output"
        );
        for token in self.okta.issued.tokens() {
            assert_no_secret(&[&out, &err], &[&token]);
        }
        (code, out)
    }

    fn audience(&self) -> Value {
        self.okta.state.lock().unwrap().app_mut()["settings"]["signOn"]["audience"].clone()
    }

    fn writes(&self) -> usize {
        self.okta
            .requests()
            .iter()
            .filter(|s| s.method != "GET")
            .count()
    }
}

#[test]
fn a_service_app_applies_with_the_manage_scopes_then_undo_okta_restores_from_the_json() {
    let mut data = OrgData::correct();
    data.app_mut()["settings"]["signOn"]["audience"] = json!("loopio");
    let app = ServiceApp::start(data);
    let yes_json = ["--yes", "--format", "json"];
    let target = ["--domain", "acme.loopio.com", "--app-label", "Loopio"];
    let (code, out) = app.run("apply-okta", &[&target[..], &yes_json[..]].concat());
    assert_eq!(code, 0, "{out}");
    let applied: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(applied["results"][0]["status"], 200);
    assert_ne!(app.audience(), json!("loopio"));
    let file = app.dir.join("applied.json");
    std::fs::write(&file, &out).unwrap();
    let from = file.to_str().unwrap();

    // A dry run lists the undo requests and sends nothing, not even a token request.
    let writes = app.writes();
    let (code, out) = app.run("undo-okta", &["--from", from]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("PUT /api/v1/apps/{APP_ID}")), "{out}");
    assert!(out.contains("Dry run"), "{out}");
    assert_eq!(app.writes(), writes);
    // With --yes the previous Audience URI is back.
    let (code, out) = app.run(
        "undo-okta",
        &[&["--from", from][..], &yes_json[..]].concat(),
    );
    assert_eq!(code, 0, "{out}");
    let undone: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(undone["applied"], true);
    assert_eq!(app.audience(), json!("loopio"));
    // A changed file is refused before anything is sent (exit 2).
    std::fs::write(&file, r#"{"undo": [{"method": "DELETE", "path": "/api/v1/users/00u1", "body": null, "why": ""}]}"#).unwrap();
    let (code, _) = app.run("undo-okta", &["--from", from, "--yes"]);
    assert_eq!(code, 2);
    std::fs::remove_dir_all(&app.dir).ok();
}

#[test]
fn without_a_label_the_app_is_the_one_the_wizard_names_for_the_environment() {
    let (_rt, okta) = serve_fake_okta(OrgData::correct());
    let (code, out) = cli(&okta, &["--format", "json"]);
    assert_eq!(code, 0, "{out}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["app"]["label"], "Loopio", "{out}");
    assert_eq!(json["app"]["id"], APP_ID, "{out}");
    // For sandbox the wizard names the app "Loopio Sandbox": that is the app looked for, never
    // the production one (the fake org has both).
    let (code, out) = cli(&okta, &["--environment", "sandbox", "--format", "json"]);
    assert_eq!(code, 0, "{out}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["app"]["label"], "Loopio Sandbox", "{out}");
    assert_ne!(json["app"]["id"], APP_ID, "{out}");
}
