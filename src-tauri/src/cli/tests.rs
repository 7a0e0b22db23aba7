use super::*;

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
