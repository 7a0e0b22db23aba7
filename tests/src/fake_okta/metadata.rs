//! The app's SAML metadata (`GET /api/v1/apps/{id}/sso/saml/metadata?kid=`, `text/xml`, shaped
//! like the spec's `previewSAML` example), signed by a certificate made for each run with rcgen.

use base64::Engine;

use super::{APP_NAME, KID};

/// The fake IdP's entity key (the `exk...` id in Okta's URLs).
pub const ENTITY_KEY: &str = "exk1loopio2idp3key4x";
/// The subject's common name and organisation.
pub const CERT_CN: &str = "acmeorg";
pub const CERT_ORG: &str = "Okta";
/// The certificate's not-after date, as the read-back reports it.
pub const CERT_NOT_AFTER: &str = "2045-01-23T00:00:00Z";
/// The active signing key's `expiresAt` in the fake's key list, as the read-back gives it
/// (RFC 3339): the certificate's expiry comes from there, the certificate is not parsed.
pub const KEY_EXPIRES_AT: &str = "2045-01-23T02:15:23Z";

/// The signing certificate of this run.
#[derive(Debug, Clone)]
pub struct IdpCert {
    pub der: Vec<u8>,
}

impl IdpCert {
    /// A new self-signed certificate (ECDSA P-256), valid until [`CERT_NOT_AFTER`].
    pub fn generate() -> IdpCert {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, CERT_CN);
        params
            .distinguished_name
            .push(rcgen::DnType::OrganizationName, CERT_ORG);
        params.not_before = rcgen::date_time_ymd(2025, 3, 2);
        params.not_after = rcgen::date_time_ymd(2045, 1, 23);
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        IdpCert {
            der: cert.der().to_vec(),
        }
    }

    /// Base64 of the DER, wrapped at 76 characters as Okta's metadata does.
    pub fn base64_lines(&self) -> String {
        let b64 = base64::engine::general_purpose::STANDARD.encode(&self.der);
        b64.as_bytes()
            .chunks(76)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The IdP's SSO URL (HTTP-POST and HTTP-Redirect share it, as in Okta).
pub fn sso_url() -> String {
    format!("https://acme.okta.com/app/{APP_NAME}/{ENTITY_KEY}/sso/saml")
}

pub fn entity_id() -> String {
    format!("http://www.okta.com/{ENTITY_KEY}")
}

/// The metadata document for `cert`.
pub fn document(cert: &IdpCert) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{entity}">
    <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
        <md:KeyDescriptor use="signing">
            <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
                <ds:X509Data>
                    <ds:X509Certificate>{cert}</ds:X509Certificate>
                </ds:X509Data>
            </ds:KeyInfo>
        </md:KeyDescriptor>
        <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
        <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>
        <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{sso}"/>
        <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{sso}"/>
    </md:IDPSSODescriptor>
</md:EntityDescriptor>
"#,
        entity = entity_id(),
        cert = cert.base64_lines(),
        sso = sso_url()
    )
}

/// The answer to a metadata request: the app's document when `kid` is its signing key.
pub fn answer(data: &super::OrgData, id: &str, kid: Option<&str>) -> Option<String> {
    if kid != Some(KID) {
        return None;
    }
    data.metadata.get(id).cloned()
}
