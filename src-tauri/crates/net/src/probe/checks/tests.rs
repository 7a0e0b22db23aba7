use std::time::{Duration, Instant, SystemTime};

use super::list::parse_list;
use super::site::{clock_skew, discovery_skipped_title};
use super::*;
use crate::http::Fetched;

#[test]
fn metadata_is_checked_for_entity_and_acs() {
    let acs = "https://acme.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp";
    let good = format!(
        r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="loopio-sp"><md:SPSSODescriptor><md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{acs}" index="0"/></md:SPSSODescriptor></md:EntityDescriptor>"#
    );
    assert_eq!(check_metadata(good.as_bytes(), acs), Ok(()));
    let wrong_entity = good.replace("entityID=\"loopio-sp\"", "entityID=\"other\"");
    assert!(check_metadata(wrong_entity.as_bytes(), acs)
        .unwrap_err()
        .to_string()
        .contains("entity ID"));
    let wrong_acs = good.replace("acme", "other");
    assert!(check_metadata(wrong_acs.as_bytes(), acs)
        .unwrap_err()
        .to_string()
        .contains("Single sign-on"));
    assert!(check_metadata(b"<html>", acs)
        .unwrap_err()
        .to_string()
        .contains("not valid XML"));
    assert!(check_metadata(b"<a/>", acs)
        .unwrap_err()
        .to_string()
        .contains("root element"));
}

fn fetched(body: &str) -> Fetched {
    Fetched {
        status: reqwest::StatusCode::OK,
        headers: Default::default(),
        body: body.as_bytes().to_vec(),
    }
}

#[test]
fn list_responses_are_validated_like_okta() {
    let (secret, _) = Secret::from_pasted("lp_scim_0123456789abcdef").unwrap();
    let ok = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,"startIndex":1,"itemsPerPage":1,"Resources":[{}]}"#;
    assert_eq!(parse_list(&fetched(ok), &secret).unwrap().total, 1);
    let numeric_id = ok.replace("[{}]", r#"[{"id":7,"userName":"a"}]"#);
    assert_eq!(
        parse_list(&fetched(&numeric_id), &secret)
            .err()
            .map(|f| f.code),
        Some("response.bad_types")
    );
    let empty = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0}"#;
    assert_eq!(parse_list(&fetched(empty), &secret).unwrap().total, 0);
    let cases: &[(&str, &str)] = &[
        ("<html>login</html>", "response.not_json"),
        ("[]", "response.not_scim"),
        (r#"{"totalResults":1}"#, "response.not_scim"),
        (
            &ok.replace("\"totalResults\":1", "\"totalResults\":\"1\""),
            "response.bad_types",
        ),
        (
            &ok.replace("\"itemsPerPage\":1", "\"itemsPerPage\":1.5"),
            "response.bad_types",
        ),
        (&ok.replace(",\"Resources\":[{}]", ""), "response.not_scim"),
        (&ok.replace(",\"startIndex\":1", ""), "response.not_scim"),
    ];
    for (body, code) in cases {
        assert_eq!(
            parse_list(&fetched(body), &secret).err().map(|f| f.code),
            Some(*code),
            "{body}"
        );
    }
}

#[test]
fn a_skipped_discovery_says_what_was_answered() {
    let titles = |answers: &[&str]| {
        discovery_skipped_title(&answers.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    };
    let t = titles(&["401", "401", "401"]);
    assert!(t.contains("answered 401"), "{t}");
    assert!(!t.contains("No discovery endpoints"), "{t}");
    assert!(titles(&["404", "404", "404"]).starts_with("No discovery endpoints"));
    assert!(titles(&["403", "403", "403"]).contains("answered 403"));
    assert!(titles(&["network.dns"; 3]).contains("could not be reached: network.dns"));
    assert!(titles(&["404", "401", "500"]).contains("answered 404, 401, 500"));
}

#[test]
fn skew_over_two_minutes_warns() {
    let now = SystemTime::now();
    let start = Instant::now();
    assert_eq!(
        clock_skew(Some(now - Duration::from_secs(30)), start).status,
        Status::Pass
    );
    assert_eq!(
        clock_skew(Some(now - Duration::from_secs(600)), start).status,
        Status::Warn
    );
    assert_eq!(
        clock_skew(Some(now + Duration::from_secs(600)), start).status,
        Status::Warn
    );
    assert_eq!(clock_skew(None, start).status, Status::Skip);
}

#[test]
fn a_failure_to_reach_the_instance_names_the_instance_domain_not_the_api_host() {
    let target = Target::from_options(&crate::http::TargetOptions {
        environment: Some(loopio_scim_core::setup::Environment::Production),
        base_url: None,
        domain: Some("acme.loopio.com".into()),
        resolve: Vec::new(),
        ca_file: None,
        timeout: None,
        deadline: None,
    })
    .unwrap();
    let failed = |check: &str| Finding {
        check: check.into(),
        code: "network.dns".into(),
        status: Status::Fail,
        title: "The host name could not be found".into(),
        detail: "dns error".into(),
        remedy: "Check the spelling of the URL.".into(),
        elapsed_ms: 1,
    };
    let instance = network_remedy(&failed(DOMAIN_REACHABLE), &target, true).unwrap();
    assert!(instance.contains("acme.loopio.com"), "{instance}");
    assert!(!instance.contains("api.loopio.com"), "{instance}");
    let api = network_remedy(&failed(OKTA_CONNECTOR), &target, true).unwrap();
    assert!(api.contains("api.loopio.com"), "{api}");
    // A custom base URL keeps the failure's own remedy.
    assert_eq!(
        network_remedy(&failed(OKTA_CONNECTOR), &target, false),
        None
    );
}
