//! The instance domain's tests: what is accepted, refused and warned about.

use super::*;

#[test]
fn accepted_inputs_normalise_to_the_bare_host() {
    let cases = [
        ("acme.loopio.com", "acme.loopio.com"),
        ("ACME.loopio.com", "acme.loopio.com"),
        (" acme.loopio.com ", "acme.loopio.com"),
        ("\tacme.loopio.com\n", "acme.loopio.com"),
        ("https://acme.loopio.com/home", "acme.loopio.com"),
        ("HTTPS://ACME.LOOPIO.COM/home?x=1#top", "acme.loopio.com"),
        ("acme.loopio.com/", "acme.loopio.com"),
        ("acme.loopio.com.", "acme.loopio.com"),
        ("https://acme.loopio.com", "acme.loopio.com"),
        ("acme.int01.loopio.com", "acme.int01.loopio.com"),
        ("my-company.loopio.com", "my-company.loopio.com"),
        ("acme.loopio.com?next=/home", "acme.loopio.com"),
        // Internationalised names go through IDNA.
        ("bücher.loopio.com", "xn--bcher-kva.loopio.com"),
        ("BÜCHER.loopio.com", "xn--bcher-kva.loopio.com"),
    ];
    for (input, want) in cases {
        let got =
            InstanceDomain::parse(input).unwrap_or_else(|e| panic!("{input:?} was rejected: {e}"));
        assert_eq!(got.host(), want, "input {input:?}");
        assert!(got.warnings().is_empty(), "input {input:?} warned");
    }
}

#[test]
fn rejections_name_the_problem_and_show_a_valid_example() {
    let cases: &[(&str, &str, &str)] = &[
        ("", "domain.empty", "Enter your Loopio domain"),
        ("   ", "domain.empty", "Enter your Loopio domain"),
        ("https://", "domain.empty", "Enter your Loopio domain"),
        ("acme loopio.com", "domain.space", "contains a space"),
        ("acme.loo pio.com", "domain.space", "contains a space"),
        ("acme_x.loopio.com", "domain.illegal_character", "\"_\""),
        ("acme!.loopio.com", "domain.illegal_character", "\"!\""),
        ("acme*.loopio.com", "domain.illegal_character", "\"*\""),
        ("acme.loopio.com:8443", "domain.port", ":8443"),
        ("https://acme.loopio.com:443/home", "domain.port", ":443"),
        ("http://acme.loopio.com", "domain.scheme", "\"http://\""),
        ("ftp://acme.loopio.com", "domain.scheme", "\"ftp://\""),
        ("user@acme.loopio.com", "domain.user_info", "before \"@\""),
        (
            "https://user:pw@acme.loopio.com",
            "domain.user_info",
            "before \"@\"",
        ),
        ("192.168.1.10", "domain.ip_address", "192.168.1.10"),
        ("https://10.0.0.1/home", "domain.ip_address", "IP address"),
        ("[::1]", "domain.ip_address", "::1"),
        ("https://[2001:db8::1]/", "domain.ip_address", "2001:db8::1"),
        ("localhost", "domain.invalid_dns", "at least one dot"),
        ("acme..loopio.com", "domain.invalid_dns", "empty part"),
        ("-acme.loopio.com", "domain.invalid_dns", "hyphen"),
        ("acme-.loopio.com", "domain.invalid_dns", "hyphen"),
        ("acme.123", "domain.invalid_dns", "number"),
        (
            "api.loopio.com",
            "domain.api_host",
            "SCIM API host, not your instance",
        ),
        (
            "https://api.loopio.com/scim/v2",
            "domain.api_host",
            "SCIM API host",
        ),
        ("API.INT01.loopio.com", "domain.api_host", "SCIM API host"),
        ("www.loopio.com", "domain.marketing_site", "public web site"),
        ("loopio.com", "domain.marketing_site", "public web site"),
    ];
    for (input, code, fragment) in cases {
        let err = InstanceDomain::parse(input).expect_err(input);
        assert_eq!(err.code(), *code, "input {input:?}: {err}");
        let message = err.to_string();
        assert!(message.contains(fragment), "input {input:?}: {message}");
        assert!(
            message.contains("acme.loopio.com"),
            "no example in {message}"
        );
    }
}

#[test]
fn too_long_labels_and_names_are_rejected() {
    let long_label = format!("{}.loopio.com", "a".repeat(64));
    let err = InstanceDomain::parse(&long_label).unwrap_err();
    assert_eq!(err.code(), "domain.invalid_dns");
    assert!(err.to_string().contains("63"));

    let long_name = format!("{}loopio.com", "abcdefghi.".repeat(25));
    let err = InstanceDomain::parse(&long_name).unwrap_err();
    assert_eq!(err.code(), "domain.invalid_dns");
    assert!(err.to_string().contains("253"));
}

#[test]
fn a_host_outside_loopio_is_accepted_with_a_warning() {
    let d = InstanceDomain::parse("https://rfp.example.com/home").unwrap();
    assert_eq!(d.host(), "rfp.example.com");
    assert_eq!(d.warnings().len(), 1);
    assert_eq!(d.warnings()[0].code, "domain.custom");
    assert!(d.warnings()[0].message.contains("rfp.example.com"));
    // A look-alike suffix is not loopio.com either.
    let d = InstanceDomain::parse("acme.notloopio.com").unwrap();
    assert_eq!(d.warnings().len(), 1);
}

#[test]
fn a_look_alike_of_loopio_is_refused_naming_the_odd_character() {
    let cyrillic_o = "acme.l\u{043E}opio.com";
    let punycode = url::Url::parse(&format!("https://{cyrillic_o}/"))
        .unwrap()
        .host_str()
        .unwrap()
        .to_string();
    assert!(punycode.contains("xn--"), "{punycode}");
    for input in [
        cyrillic_o.to_string(),
        format!("https://{cyrillic_o}/home"),
        // Already converted, as the url crate or a browser hands it over.
        punycode.clone(),
    ] {
        let err = InstanceDomain::parse(&input).expect_err(&input);
        assert_eq!(err.code(), "domain.lookalike", "{input}: {err}");
        let message = err.to_string();
        assert!(message.contains("character 7"), "{message}");
        assert!(message.contains("U+043E"), "{message}");
        assert!(message.contains("Cyrillic"), "{message}");
        assert!(message.contains("stands in for \"o\""), "{message}");
        assert!(message.contains("acme.l\u{043E}opio.com"), "{message}");
        assert!(message.contains(&punycode), "{message}");
        assert!(message.contains("SAML"), "{message}");
    }
    // Other look-alikes of loopio.com: a Cyrillic "о" in "com", a Greek omicron, and plain
    // ASCII that reads the same ("rn" for "m", "1" for "l").
    for (input, fragment) in [
        ("acme.loopio.c\u{043E}m", "character 14"),
        ("acme.lo\u{03BF}pio.com", "Greek"),
        ("acme.loopio.corn", "\"r\" then \"n\", stands in for \"m\""),
        ("acme.1oopio.com", "\"1\", stands in for \"l\""),
        ("l\u{043E}opio.com", "character 2"),
    ] {
        let err = InstanceDomain::parse(input).expect_err(input);
        assert_eq!(err.code(), "domain.lookalike", "{input}: {err}");
        assert!(err.to_string().contains(fragment), "{input}: {err}");
    }
    // The real thing, other scripts in the instance's own name, and custom domains pass.
    for input in [
        "acme.loopio.com",
        "b\u{00FC}cher.loopio.com",
        "rfp.example.com",
        "acme.notloopio.com",
    ] {
        assert!(InstanceDomain::parse(input).is_ok(), "{input}");
    }
}

#[test]
fn origin_has_no_trailing_slash() {
    let d = InstanceDomain::parse("acme.loopio.com").unwrap();
    assert_eq!(d.origin(), "https://acme.loopio.com");
}

#[test]
fn an_okta_org_is_refused_as_the_loopio_domain() {
    for input in [
        "acme.okta.com",
        "https://acme-admin.okta.com/admin/dashboard",
        "acme.oktapreview.com",
        "acme.okta-emea.com",
    ] {
        let err = InstanceDomain::parse(input).unwrap_err();
        assert_eq!(err.code(), "domain.okta_host", "{input}: {err}");
        let message = err.to_string();
        assert!(message.contains("is your Okta org"), "{message}");
        assert!(
            message.contains("the address you sign in to Loopio at"),
            "{message}"
        );
        // Not even on purpose.
        assert!(InstanceDomain::parse_with(input, true).is_err(), "{input}");
    }
}

#[test]
fn one_or_two_letters_off_loopio_com_is_refused_with_the_likely_domain() {
    for input in [
        "acme.loopio.co",
        "acme.looopio.com",
        "acme.lopio.com",
        "acme.loopio.cm",
        "acme.loopi0.com",
        "https://ACME.lopoio.com/home",
    ] {
        let err = InstanceDomain::parse(input).unwrap_err();
        assert_eq!(err.code(), "domain.lookalike", "{input}: {err}");
        assert_eq!(err.suggestion(), Some("acme.loopio.com"), "{input}");
        assert!(
            err.to_string().contains("Did you mean acme.loopio.com?"),
            "{err}"
        );
        // Accepted on purpose, it is a custom domain like any other.
        let d = InstanceDomain::parse_with(input, true).unwrap();
        assert_eq!(d.warnings()[0].code, "domain.custom", "{input}");
    }
    // Other hosts outside loopio.com, and loopio.com itself, are no near miss.
    for input in [
        "rfp.acme.com",
        "acme.loopio.com",
        "acme.notloopio.com",
        "loopio.example.org",
    ] {
        assert!(InstanceDomain::parse(input).is_ok(), "{input}");
    }
    assert_eq!(
        InstanceDomain::parse("rfp.acme.com").unwrap().warnings()[0].code,
        "domain.custom"
    );
}
