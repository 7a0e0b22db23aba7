use super::output::write_finding;
use super::*;
use crate::probe;
use crate::setup::InstanceDomain;

fn run_args(args: &[&str]) -> (i32, String, String) {
    let cli =
        Cli::try_parse_from(std::iter::once("loopio-scim-assistant").chain(args.iter().copied()))
            .expect("arguments parse");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(cli.command.expect("a subcommand"), &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn json_output_has_the_stable_keys() {
    let (code, out, err) = run_args(&[
        "values",
        "--domain",
        "https://ACME.loopio.com/home",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["domain"], "acme.loopio.com");
    assert_eq!(json["environment"], "production");
    assert_eq!(json["scim_base_url"], "https://api.loopio.com/scim/v2");
    let first = &json["values"][0];
    for key in [
        "key", "step", "screen", "section", "field", "value", "kind", "required", "note",
    ] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn bad_input_exits_2_with_the_gui_message() {
    let (code, out, err) = run_args(&["values", "--domain", "api.loopio.com"]);
    assert_eq!(code, EXIT_BAD_INPUT);
    assert!(out.is_empty());
    let expected = InstanceDomain::parse("api.loopio.com")
        .unwrap_err()
        .to_string();
    assert_eq!(err.trim(), format!("error: {expected}"));

    let (code, _, err) = run_args(&[
        "values",
        "--domain",
        "acme.loopio.com",
        "--app-variable",
        "9x",
    ]);
    assert_eq!(code, EXIT_BAD_INPUT);
    assert!(err.contains("start with a letter"), "{err}");
}

#[test]
fn text_output_shows_where_each_value_goes() {
    let (code, out, _) = run_args(&[
        "values",
        "--domain",
        "acme.loopio.com",
        "--environment",
        "sandbox",
        "--app-variable",
        "loopio_1",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("https://api.int01.loopio.com/scim/v2"));
    assert!(out.contains("SAML Settings > General > Single sign-on URL"));
    assert!(out.contains("loopio_1_roles"));
    assert!(out.contains("(your Loopio SCIM token: never shown or recorded)"));
}

#[test]
fn without_app_variable_the_note_names_the_option() {
    for format in ["text", "json"] {
        let (code, out, _) =
            run_args(&["values", "--domain", "acme.loopio.com", "--format", format]);
        assert_eq!(code, 0);
        assert!(out.contains("--app-variable"), "{out}");
        assert!(!out.contains("variable name above"), "{out}");
    }
}

#[test]
fn a_finding_whose_code_is_its_check_names_it_once() {
    let f = |code: &str| probe::Finding {
        check: "okta.lookup".into(),
        code: code.into(),
        status: probe::Status::Pass,
        title: "User lookups by userName work".into(),
        detail: "seen".into(),
        remedy: String::new(),
        elapsed_ms: 1,
    };
    let mut out = Vec::new();
    write_finding(&f("okta.lookup"), &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with("[PASS] okta.lookup: User lookups"),
        "{text}"
    );
    let mut out = Vec::new();
    write_finding(&f("scim.filter_ignored"), &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with("[PASS] okta.lookup (scim.filter_ignored): "),
        "{text}"
    );
}

/// `--help` of a subcommand, as clap renders it.
fn help_of(subcommand: &str) -> String {
    use clap::CommandFactory;
    let mut cli = Cli::command();
    cli.build();
    let mut sub = cli.find_subcommand_mut(subcommand).unwrap().clone();
    sub.render_help().to_string()
}

#[test]
fn the_command_line_is_consistent() {
    use clap::CommandFactory;
    Cli::command().debug_assert();
}

#[test]
fn the_network_flags_are_the_same_in_every_command_that_sends_requests() {
    for subcommand in ["check", "rehearse", "verify-okta", "apply-okta", "recheck"] {
        let help = help_of(subcommand);
        for line in [
            "--resolve <HOST:PORT:ADDRESS>  Send requests for HOST:PORT to ADDRESS instead of asking DNS (repeatable), like curl",
            "--ca-file <PEM>                An extra trusted root certificate (PEM), e.g. a corporate TLS-inspection CA",
            "[default: 10]",
            "--format <FORMAT>              [default: text] [possible values: text, json]",
        ] {
            assert!(help.contains(line), "{subcommand}: {line} in {help}");
        }
    }
}

#[test]
fn each_command_keeps_its_own_words_for_a_shared_flag() {
    let cases = [
        (
            "check",
            "(the whole test gets twice this, at least 20 s) [default: 10]",
        ),
        (
            "check",
            "--environment <ENVIRONMENT>    Loopio's SCIM API to test [",
        ),
        ("rehearse", "Per-request timeout in seconds [default: 10]"),
        (
            "rehearse",
            "to rehearse against (production needs --confirm-production)",
        ),
        (
            "rehearse",
            "(https; http only to this computer), e.g. the practice tenant",
        ),
        (
            "apply-okta",
            "Writes need okta.apps.manage, okta.schemas.manage",
        ),
        (
            "apply-okta",
            "an app with this label is created when there is none",
        ),
        ("recheck", "Your Okta org, to read the Loopio app back too"),
        (
            "recheck",
            "(default: the app of the profile's last Okta check)",
        ),
        ("verify-okta", "(the admin console's address works too)"),
    ];
    for (subcommand, text) in cases {
        let help = help_of(subcommand);
        assert!(help.contains(text), "{subcommand}: {text} in {help}");
    }
}

#[test]
fn shared_flags_keep_each_command_s_requirements() {
    let parse = |args: &[&str]| {
        Cli::try_parse_from(std::iter::once("loopio-scim-assistant").chain(args.iter().copied()))
    };
    let verify = [
        "verify-okta",
        "--domain",
        "acme.loopio.com",
        "--app-id",
        "0oa1",
    ];
    let err = parse(&[&verify[..], &["--okta-token-env", "V"]].concat()).unwrap_err();
    assert!(err.to_string().contains("--okta-url <URL>"), "{err}");
    let err = parse(&[&verify[..], &["--okta-url", "acme.okta.com"]].concat()).unwrap_err();
    assert!(err.to_string().contains("--okta-token-env"), "{err}");
    let apply = [
        "apply-okta",
        "--domain",
        "acme.loopio.com",
        "--app-id",
        "0oa1",
    ];
    assert!(
        parse(&apply).is_err(),
        "apply-okta needs the org unless --emit"
    );
    assert!(parse(&[&apply[..], &["--emit", "terraform"]].concat()).is_ok());
    let recheck = ["recheck", "--profile", "acme"];
    assert!(parse(&recheck).is_ok(), "recheck's Okta flags are optional");
    let both = [
        "--okta-token-env",
        "V",
        "--okta-client-id",
        "0oa2",
        "--okta-private-key",
        "k",
    ];
    assert!(parse(&[&recheck[..], &both].concat()).is_err());
    assert!(parse(&[&recheck[..], &["--app-id", "a", "--app-label", "b"]].concat()).is_err());
}

#[test]
fn apply_okta_without_credentials_names_both_ways_and_its_help_the_write_scopes() {
    let (code, out, err) = run_args(&[
        "apply-okta",
        "--okta-url",
        "https://acme.okta.com",
        "--domain",
        "acme.loopio.com",
        "--app-label",
        "Loopio",
    ]);
    assert_eq!(code, EXIT_BAD_INPUT, "{out}");
    for way in ["--okta-token-env", "--okta-client-id", "--okta-private-key"] {
        assert!(err.contains(way), "{way} in {err}");
    }
    for scope in crate::setup::okta_check::MANAGE_SCOPES {
        assert!(err.contains(scope), "{scope} in {err}");
    }
    let apply = help_of("apply-okta");
    assert!(!apply.contains("read-only"), "{apply}");
    assert!(
        apply.contains("service app: its client id. To make changes it must be granted okta.apps.manage, okta.schemas.manage, okta.profileMappings.manage"),
        "{apply}"
    );
    // The read-only commands keep their words.
    for subcommand in ["verify-okta", "recheck", "reconcile"] {
        let help = help_of(subcommand);
        assert!(
            help.contains("service app (recommended: it can be read-only)"),
            "{subcommand}: {help}"
        );
    }
}

#[test]
fn a_remedy_several_findings_share_is_printed_once() {
    let f = |check: &str, remedy: &str| probe::Finding {
        check: check.into(),
        code: "auth.rejected".into(),
        status: probe::Status::Fail,
        title: "The token was refused".into(),
        detail: "401".into(),
        remedy: remedy.into(),
        elapsed_ms: 1,
    };
    let findings = [
        f("okta.connector", "Generate a new token."),
        f("okta.lookup", "Generate a new token."),
        f("okta.groups", "Another fix."),
        f("auth.enforced", "Generate a new token."),
    ];
    let mut out = Vec::new();
    super::output::write_findings(&findings, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.matches("Generate a new token.").count(), 1, "{text}");
    assert_eq!(
        text.matches("fix:  the same as for okta.connector, above.")
            .count(),
        2,
        "{text}"
    );
    assert!(text.contains("fix:  Another fix."), "{text}");
}

#[test]
fn report_leaves_the_practice_test_out_unless_include_practice() {
    use crate::findings::Report;
    use crate::setup::progress::{Progress, SavedTest, TestTargetKind};
    let progress = Progress {
        domain: "acme.loopio.com".into(),
        last_test: Some(SavedTest {
            at_unix: 1_795_000_000,
            base_url: "http://127.0.0.1:46713/scim/v2".into(),
            report: Report::from_findings(Vec::new(), 5),
            target: Some(TestTargetKind::Practice),
            ran_for: None,
        }),
        ..Default::default()
    };
    let book = serde_json::json!({"active_profile": "acme", "profiles": {"acme": progress}});
    let dir = std::env::temp_dir().join(format!("report-practice-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = dir.join("progress.json");
    std::fs::write(&store, book.to_string()).unwrap();
    let store = store.to_str().unwrap();
    let (code, out, err) = run_args(&["report", "--store", store]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("127.0.0.1"), "{out}");
    assert!(
        out.contains("left out: the connection test against the practice tenant"),
        "{out}"
    );
    let (code, out, err) = run_args(&["report", "--store", store, "--include-practice"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("## Last connection test (practice tenant, not Loopio)"),
        "{out}"
    );
    assert!(out.contains("http://127.0.0.1:46713/scim/v2"), "{out}");
    let _ = std::fs::remove_dir_all(dir);
}
