//! The real binary, as a script would run it: arguments, stdout, stderr and exit codes.

mod common;

fn run(args: &[&str]) -> (i32, String, String) {
    common::run(args, &[])
}

#[test]
fn values_for_a_pasted_url_match_the_guide() {
    let (code, out, err) = run(&[
        "values",
        "--domain",
        "https://ACME.loopio.com/home",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let value = |key: &str| {
        json["values"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["key"] == key)
            .unwrap_or_else(|| panic!("no {key}"))["value"]
            .clone()
    };
    assert_eq!(
        value("saml.sso_url"),
        "https://acme.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp"
    );
    assert_eq!(
        value("saml.default_relay_state"),
        "https://acme.loopio.com/home"
    );
    assert_eq!(value("scim.base_url"), "https://api.loopio.com/scim/v2");
    assert_eq!(value("scim.authorization"), serde_json::Value::Null);
}

#[test]
fn sandbox_text_output() {
    let (code, out, _) = run(&[
        "values",
        "--domain",
        "acme.loopio.com",
        "--environment",
        "sandbox",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("https://api.int01.loopio.com/scim/v2"),
        "{out}"
    );
    assert!(
        out.contains("https://acme.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp")
    );
}

#[test]
fn bad_input_exits_2_with_a_message_on_stderr() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["values", "--domain", "http://acme.loopio.com"],
            "only served over https",
        ),
        (
            &["values", "--domain", "acme.loopio.com:8443"],
            "Remove the port",
        ),
        (&["values", "--domain", ""], "Enter your Loopio domain"),
        (
            &[
                "values",
                "--domain",
                "acme.loopio.com",
                "--app-variable",
                "x-y",
            ],
            "letters, digits and underscores",
        ),
        // clap's own usage errors use exit code 2 as well.
        (&["values"], "--domain"),
        (
            &[
                "values",
                "--domain",
                "acme.loopio.com",
                "--environment",
                "staging",
            ],
            "staging",
        ),
    ];
    for (args, fragment) in cases {
        let (code, out, err) = run(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?} printed to stdout");
        assert!(err.contains(fragment), "{args:?}: {err}");
    }
}

#[test]
fn version_and_help() {
    let (code, out, _) = run(&["--version"]);
    assert_eq!(code, 0);
    assert!(out.contains(env!("CARGO_PKG_VERSION")));
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("values"));
}

#[test]
fn a_domain_surely_wrong_exits_2_and_a_near_miss_says_what_was_meant() {
    let (code, out, err) = run(&["values", "--domain", "acme.okta.com"]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("is your Okta org"), "{err}");
    let (code, _, err) = run(&["values", "--domain", "acme.loopio.co"]);
    assert_eq!(code, 2);
    assert!(err.contains("Did you mean acme.loopio.com?"), "{err}");
    assert!(err.contains("give --custom-domain"), "{err}");
    // Accepted on purpose: a custom domain, with its warning.
    let (code, out, err) = run(&[
        "values",
        "--domain",
        "acme.loopio.co",
        "--custom-domain",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["domain"], "acme.loopio.co");
    assert_eq!(json["warnings"][0]["code"], "domain.custom");
    // An Okta org is refused even then.
    let (code, _, _) = run(&["values", "--domain", "acme.okta.com", "--custom-domain"]);
    assert_eq!(code, 2);
}
