//! The IdP values Loopio's SSO settings need, read from the app's SAML metadata
//! (`GET /api/v1/apps/{id}/sso/saml/metadata?kid={credentials.signing.kid}`): the IdP entity ID,
//! the SSO URL (HTTP-POST binding), the signing certificate (PEM, SHA-256 fingerprint) and the
//! metadata URL. Each is named by what it is, not by a guess at Loopio's labels. The
//! certificate is passed on as Okta sent it, never parsed: its expiry comes from Okta's key list
//! (`credentials/keys`, read beside the metadata).

use base64::Engine;

use loopio_scim_core::error::Problem;
use loopio_scim_core::findings::Status;
use serde_json::Value;

use super::{IdpValues, OktaFinding};
use crate::http::Failure;

const MD: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
const DS: &str = "http://www.w3.org/2000/09/xmldsig#";
const HTTP_POST: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
/// The code of the finding about the metadata itself.
pub const CODE: &str = "okta.idp.metadata";

/// The metadata request's path, from the app's active signing key (`credentials.signing.kid`).
pub(crate) fn metadata_path(app: &Value, id: &str) -> Result<String, Box<OktaFinding>> {
    let kid = app
        .pointer("/credentials/signing/kid")
        .and_then(Value::as_str)
        .filter(|k| {
            !k.is_empty()
                && k.len() <= 128
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        });
    match kid {
        Some(kid) => Ok(format!("/api/v1/apps/{id}/sso/saml/metadata?kid={kid}")),
        None => Err(Box::new(unreadable(
            "The app has no active signing key id (credentials.signing.kid), so its metadata cannot be asked for.",
        ))),
    }
}

fn unreadable(detail: impl Into<String>) -> OktaFinding {
    OktaFinding::new(CODE, Status::Warn, "The app's IdP metadata could not be read")
        .detail(detail)
        .remedy("Open the app's Sign On tab in Okta and copy the IdP values from \"View SAML setup instructions\" (or the metadata link) instead; if the metadata is broken there too, generate a new signing certificate.")
        .at("Applications > Applications > (the app) > Sign On > SAML Signing Certificates")
}

/// The IdP values from the metadata request's answer, or the finding that says why there are
/// none (a warning: the app may be right, only the values for Loopio are missing).
pub(crate) fn from_answer(
    answer: Result<Vec<u8>, Failure>,
    label: &str,
) -> Result<IdpValues, Box<OktaFinding>> {
    let at = format!("Applications > Applications > {label} > Sign On > SAML Signing Certificates");
    let bytes = match answer {
        Ok(bytes) => bytes,
        Err(f) if f.code == "endpoint.not_found" => {
            let detail = format!(
                "Okta has no metadata for the app's signing key: {}",
                f.detail
            );
            return Err(Box::new(unreadable(detail).at(at)));
        }
        Err(f) => {
            let status = Status::Fail;
            return Err(Box::new(
                OktaFinding::new(f.code, status, f.title)
                    .detail(f.detail)
                    .remedy(f.remedy)
                    .at(at),
            ));
        }
    };
    match std::str::from_utf8(&bytes)
        .map_err(|_| bad("it is not UTF-8 text"))
        .and_then(parse_metadata)
    {
        Ok(values) => Ok(values),
        Err(why) => {
            let detail = format!("Okta's SAML metadata for the app could not be parsed: {why}.");
            Err(Box::new(unreadable(detail).at(at)))
        }
    }
}

/// Metadata that could not be read, with why.
fn bad(why: &str) -> Problem {
    Problem::new("okta.idp.metadata", why)
}

/// Parses SAML 2.0 IdP metadata (DTDs are refused by the parser: no entity expansion).
pub fn parse_metadata(xml: &str) -> Result<IdpValues, Problem> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| bad(&format!("not XML ({e})")))?;
    let root = doc.root_element();
    if !root.has_tag_name((MD, "EntityDescriptor")) {
        return Err(bad("no md:EntityDescriptor"));
    }
    let entity_id = root
        .attribute("entityID")
        .filter(|e| !e.trim().is_empty())
        .ok_or_else(|| bad("the EntityDescriptor has no entityID"))?
        .trim()
        .to_string();
    let idp = root
        .children()
        .find(|n| n.has_tag_name((MD, "IDPSSODescriptor")))
        .ok_or_else(|| bad("no md:IDPSSODescriptor"))?;
    let sso_url = idp
        .children()
        .filter(|n| n.has_tag_name((MD, "SingleSignOnService")))
        .find(|n| n.attribute("Binding") == Some(HTTP_POST))
        .and_then(|n| n.attribute("Location"))
        .filter(|l| l.starts_with("https://") || l.starts_with("http://"))
        .ok_or_else(|| bad("no SingleSignOnService with the HTTP-POST binding and a URL"))?
        .to_string();
    let cert_text = idp
        .children()
        .filter(|n| n.has_tag_name((MD, "KeyDescriptor")))
        .filter(|n| matches!(n.attribute("use"), None | Some("signing")))
        .flat_map(|n| n.descendants())
        .find(|n| n.has_tag_name((DS, "X509Certificate")))
        .and_then(|n| n.text())
        .ok_or_else(|| bad("no signing ds:X509Certificate"))?;
    let b64: String = cert_text.chars().filter(|c| !c.is_whitespace()).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(&b64)
        .map_err(|_| bad("the X509Certificate is not base64"))?;
    // A DER certificate is a SEQUENCE: anything else is not one (it is not parsed further).
    if der.first() != Some(&0x30) || der.len() < 64 {
        return Err(bad("the X509Certificate is not a DER certificate"));
    }
    Ok(IdpValues {
        metadata_url: public_metadata_url(&sso_url),
        entity_id,
        sso_url,
        certificate_sha256: fingerprint(&der),
        // Okta's key list gives the expiry (set by the read-back).
        certificate_not_after: None,
        certificate_pem: pem(&b64),
    })
}

/// `AB:CD:...`: SHA-256 of the DER, as Okta's Sign On tab shows a fingerprint.
pub fn fingerprint(der: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, der)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn pem(b64: &str) -> String {
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

/// Okta's SSO URL is `https://ORG/app/<app name>/<key>/sso/saml`; the public metadata URL of
/// the same app is `https://ORG/app/<key>/sso/saml/metadata` (inferred from what the Sign On
/// tab shows; `None` for any other shape).
fn public_metadata_url(sso_url: &str) -> Option<String> {
    let url = url::Url::parse(sso_url).ok()?;
    let segments: Vec<&str> = url.path_segments()?.collect();
    match segments.as_slice() {
        ["app", _, key, "sso", "saml"] if key.chars().all(|c| c.is_ascii_alphanumeric()) => {
            Some(format!(
                "{}/app/{key}/sso/saml/metadata",
                url.origin().ascii_serialization()
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_metadata_url_comes_from_the_sso_url() {
        assert_eq!(
            public_metadata_url("https://acme.okta.com/app/acme_loopio_1/exk1a2b3/sso/saml")
                .as_deref(),
            Some("https://acme.okta.com/app/exk1a2b3/sso/saml/metadata")
        );
        assert_eq!(public_metadata_url("https://acme.okta.com/sso/saml"), None);
    }

    #[test]
    fn broken_documents_are_named() {
        let not_xml = parse_metadata("<x").unwrap_err();
        assert!(not_xml.to_string().contains("not XML"), "{not_xml}");
        assert_eq!(not_xml.code(), "okta.idp.metadata");
        assert!(parse_metadata("<a/>")
            .unwrap_err()
            .to_string()
            .contains("EntityDescriptor"));
        let doctype = "<!DOCTYPE x [<!ENTITY e \"e\">]><x>&e;</x>";
        assert!(parse_metadata(doctype).is_err());
    }

    #[test]
    fn pem_lines_are_64_characters() {
        let p = pem(&"A".repeat(100));
        let lines: Vec<&str> = p.lines().collect();
        assert_eq!(lines[1].len(), 64);
        assert_eq!(lines[2].len(), 36);
        assert_eq!(lines[3], "-----END CERTIFICATE-----");
    }
}
