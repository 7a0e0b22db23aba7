//! The IdP values for Loopio, from the app's SAML metadata: they match the fake's certificate of
//! this run, a broken document is named, and the metadata is read with a GET.

use super::*;
use loopio_scim_tests::fake_okta::metadata;

/// SHA-256 of `der`, as `AB:CD:...`, computed here independently of the read-back.
fn sha256(der: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, der)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

#[tokio::test]
async fn the_idp_values_come_from_the_metadata_and_match_the_certificate() {
    let data = OrgData::correct();
    let der = data.idp_cert.der.clone();
    let (report, fake) = verify_with(data, by_label(), expected(), TOKEN).await;
    assert_eq!(report.verdict, Status::Pass, "{:#?}", report.findings);
    let idp = report.idp.as_ref().expect("IdP values");
    assert_eq!(idp.entity_id, metadata::entity_id());
    assert_eq!(idp.sso_url, metadata::sso_url());
    assert_eq!(idp.certificate_sha256, sha256(&der));
    // The expiry is Okta's key list's word for the active key: the certificate is not parsed.
    assert_eq!(
        idp.certificate_not_after.as_deref(),
        Some(metadata::KEY_EXPIRES_AT)
    );
    assert_eq!(
        idp.metadata_url.as_deref(),
        Some(
            format!(
                "https://acme.okta.com/app/{}/sso/saml/metadata",
                metadata::ENTITY_KEY
            )
            .as_str()
        )
    );
    // The PEM holds the very certificate.
    let pem = &idp.certificate_pem;
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----\n"), "{pem}");
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    use base64::Engine;
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap(),
        der
    );
    // The JSON shape.
    let json = serde_json::to_value(&report).unwrap();
    for key in [
        "entity_id",
        "sso_url",
        "certificate_sha256",
        "certificate_not_after",
        "metadata_url",
        "certificate_pem",
    ] {
        assert!(json["idp"].get(key).is_some(), "{key}");
    }
    // Asked for with the app's signing kid, with a GET (verify_with checks every method).
    let asked: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|s| s.path_and_query.contains("/sso/saml/metadata"))
        .collect();
    assert_eq!(asked.len(), 1, "{asked:#?}");
    assert_eq!(asked[0].method, "GET");
    assert_eq!(
        asked[0].path_and_query,
        format!(
            "/api/v1/apps/{APP_ID}/sso/saml/metadata?kid={}",
            fake_okta::KID
        )
    );
}

#[tokio::test]
async fn a_broken_metadata_document_is_named_and_the_rest_still_checked() {
    for broken in [
        "<html><body>Sign in</body></html>".to_string(),
        "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\"><md:IDPSSODescriptor/></md:EntityDescriptor>".to_string(),
        "not xml at all <".to_string(),
    ] {
        let mut data = OrgData::correct();
        data.metadata.insert(APP_ID.to_string(), broken.clone());
        let report = verify(data).await;
        assert!(report.idp.is_none(), "{broken}");
        let f = found(&report, "okta.idp.metadata");
        assert_eq!(f.status, Status::Warn, "{f:#?}");
        assert!(f.detail.contains("could not be parsed"), "{f:#?}");
        assert!(!f.remedy.is_empty() && f.location.contains("Sign On"), "{f:#?}");
        assert_eq!(status(&report, "okta.saml.sso_url"), Status::Pass);
        assert_eq!(report.verdict, Status::Warn);
    }
}

#[tokio::test]
async fn metadata_okta_will_not_give_is_named() {
    let mut data = OrgData::correct();
    data.metadata.clear();
    let report = verify(data).await;
    assert!(report.idp.is_none());
    assert_eq!(status(&report, "okta.idp.metadata"), Status::Warn);

    let mut data = OrgData::correct();
    data.forbidden = vec![format!("/api/v1/apps/{APP_ID}/sso")];
    let report = verify(data).await;
    assert!(report.idp.is_none());
    let f = found(&report, "okta.auth.forbidden");
    assert!(f.title.contains("SAML metadata"), "{f:#?}");
}
