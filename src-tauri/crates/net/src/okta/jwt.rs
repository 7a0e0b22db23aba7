//! Signed JWTs for Okta's OAuth 2.0 service apps: the `private_key_jwt` client assertion (RFC 7523,
//! signed with the admin's key, RS256 or ES256) and DPoP proofs (RFC 9449, signed with an
//! ephemeral P-256 key made per read-back). Signing is `ring`'s, already linked through rustls.
//!
//! The private key is read from the text the admin gives (PEM PKCS#8 or PKCS#1, or a JWK as
//! Okta's admin console generates it) and kept only as `ring`'s key pair, which never prints
//! its private part. Error messages never quote the key.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use ring::rand::{SecureRandom, SystemRandom};
use ring::rsa::{KeyPairComponents, PublicKeyComponents};
use ring::signature::{self, EcdsaKeyPair, KeyPair, RsaKeyPair};
use serde_json::{json, Value};

/// The admin's private key for `private_key_jwt`.
pub struct SigningKey {
    pair: Pair,
    /// The JWK's `kid`, when the key came as a JWK that has one.
    kid: Option<String>,
}

enum Pair {
    Rsa(RsaKeyPair),
    Ec(EcdsaKeyPair),
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({} [redacted])", self.alg())
    }
}

/// Why the key could not be used. The messages say what a usable key looks like.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("The private key file is empty.")]
    Empty,
    #[error("The file holds a public key or a certificate, not the private key. Give the private key you generated for the service app (Okta shows it once, as PEM or JSON, when the key is added).")]
    NotPrivate,
    #[error("The private key is encrypted. Decrypt it first: openssl pkcs8 -in key.pem -nocrypt -out key-plain.pem")]
    Encrypted,
    #[error("The key is an EC key in SEC1 form (BEGIN EC PRIVATE KEY). Convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem")]
    Sec1,
    #[error("The key could not be read: {0}. Give an RSA (2048 bits or more) or EC P-256 private key as PEM (BEGIN PRIVATE KEY) or as a JWK.")]
    Invalid(String),
}

/// Why a signature (a client assertion or a DPoP proof) could not be made: the key or this
/// computer's randomness failed. Never quotes the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SignError(&'static str);

impl SignError {
    pub fn code(&self) -> &'static str {
        "okta.key.invalid"
    }
}

impl KeyError {
    pub fn code(&self) -> &'static str {
        match self {
            KeyError::Empty => "okta.key.empty",
            KeyError::NotPrivate => "okta.key.not_private",
            KeyError::Encrypted => "okta.key.encrypted",
            KeyError::Sec1 | KeyError::Invalid(_) => "okta.key.invalid",
        }
    }
}

pub(crate) fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn unb64url(text: &str) -> Result<Vec<u8>, KeyError> {
    URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|_| KeyError::Invalid("a JWK member is not base64url".into()))
}

/// The DER inside a PEM block labelled `label`, if the text has one.
fn pem_block(text: &str, label: &str) -> Option<Result<Vec<u8>, KeyError>> {
    let begin = format!("-----BEGIN {label}-----");
    let start = text.find(&begin)? + begin.len();
    let end = text[start..].find("-----END")? + start;
    let body: String = text[start..end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    Some(
        STANDARD
            .decode(body)
            .map_err(|_| KeyError::Invalid("the PEM body is not base64".into())),
    )
}

impl SigningKey {
    /// Reads the key from the text of the file the admin gave: PEM or JWK (a JWK set's first
    /// private key).
    pub fn from_text(text: &str) -> Result<SigningKey, KeyError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(KeyError::Empty);
        }
        if text.starts_with('{') {
            let json: Value = serde_json::from_str(text)
                .map_err(|_| KeyError::Invalid("the file starts with { but is not JSON".into()))?;
            return Self::from_jwk(&json);
        }
        if text.contains("ENCRYPTED PRIVATE KEY") {
            return Err(KeyError::Encrypted);
        }
        if text.contains("BEGIN EC PRIVATE KEY") {
            return Err(KeyError::Sec1);
        }
        let rng = SystemRandom::new();
        if let Some(der) = pem_block(text, "PRIVATE KEY") {
            let der = der?;
            let pair = match RsaKeyPair::from_pkcs8(&der) {
                Ok(rsa) => Pair::Rsa(rsa),
                Err(rsa_err) => EcdsaKeyPair::from_pkcs8(
                    &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
                    &der,
                    &rng,
                )
                .map(Pair::Ec)
                .map_err(|_| {
                    KeyError::Invalid(format!("not an RSA key ({rsa_err}) nor a P-256 key"))
                })?,
            };
            return Ok(SigningKey { pair, kid: None });
        }
        if let Some(der) = pem_block(text, "RSA PRIVATE KEY") {
            let rsa = RsaKeyPair::from_der(&der?).map_err(|e| KeyError::Invalid(e.to_string()))?;
            return Ok(SigningKey {
                pair: Pair::Rsa(rsa),
                kid: None,
            });
        }
        if text.contains("PUBLIC KEY") || text.contains("CERTIFICATE") {
            return Err(KeyError::NotPrivate);
        }
        Err(KeyError::Invalid("no PEM private key or JWK found".into()))
    }

    fn from_jwk(json: &Value) -> Result<SigningKey, KeyError> {
        if let Some(keys) = json.get("keys").and_then(Value::as_array) {
            let key = keys.iter().find(|k| k.get("d").is_some());
            return match key {
                Some(k) => Self::from_jwk(k),
                None => Err(KeyError::NotPrivate),
            };
        }
        let member = |name: &str| match json.get(name).and_then(Value::as_str) {
            Some(v) => unb64url(v),
            None if json.get("d").is_none() => Err(KeyError::NotPrivate),
            None => Err(KeyError::Invalid(format!("the JWK has no {name:?}"))),
        };
        let kid = json.get("kid").and_then(Value::as_str).map(str::to_string);
        let pair = match json.get("kty").and_then(Value::as_str) {
            Some("RSA") => {
                let components = KeyPairComponents {
                    public_key: PublicKeyComponents {
                        n: member("n")?,
                        e: member("e")?,
                    },
                    d: member("d")?,
                    p: member("p")?,
                    q: member("q")?,
                    dP: member("dp")?,
                    dQ: member("dq")?,
                    qInv: member("qi")?,
                };
                Pair::Rsa(
                    RsaKeyPair::from_components(&components)
                        .map_err(|e| KeyError::Invalid(e.to_string()))?,
                )
            }
            Some("EC") if json.get("crv").and_then(Value::as_str) == Some("P-256") => {
                let mut public = vec![4u8];
                public.extend(member("x")?);
                public.extend(member("y")?);
                Pair::Ec(
                    EcdsaKeyPair::from_private_key_and_public_key(
                        &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
                        &member("d")?,
                        &public,
                        &SystemRandom::new(),
                    )
                    .map_err(|e| KeyError::Invalid(e.to_string()))?,
                )
            }
            other => {
                return Err(KeyError::Invalid(format!(
                    "key type {} is not RSA or EC P-256",
                    other.unwrap_or("(none)")
                )))
            }
        };
        Ok(SigningKey { pair, kid })
    }

    /// `RS256` or `ES256`.
    pub fn alg(&self) -> &'static str {
        match self.pair {
            Pair::Rsa(_) => "RS256",
            Pair::Ec(_) => "ES256",
        }
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        let rng = SystemRandom::new();
        match &self.pair {
            Pair::Rsa(key) => {
                let mut sig = vec![0; key.public().modulus_len()];
                key.sign(&signature::RSA_PKCS1_SHA256, &rng, message, &mut sig)
                    .map_err(|_| SignError("RSA signing failed"))?;
                Ok(sig)
            }
            Pair::Ec(key) => key
                .sign(&rng, message)
                .map(|s| s.as_ref().to_vec())
                .map_err(|_| SignError("ECDSA signing failed")),
        }
    }

    /// The client assertion: `iss` = `sub` = the client id, `aud` = the token endpoint, valid
    /// for five minutes, a fresh `jti` each time (Okta refuses a reused one).
    pub fn client_assertion(&self, client_id: &str, token_url: &str) -> Result<String, SignError> {
        let now = now_secs();
        let mut header = json!({"alg": self.alg(), "typ": "JWT"});
        if let Some(kid) = &self.kid {
            header["kid"] = json!(kid);
        }
        let claims = json!({
            "iss": client_id,
            "sub": client_id,
            "aud": token_url,
            "iat": now,
            "exp": now + 300,
            "jti": random_id()?,
        });
        signed(&header, &claims, |m| self.sign(m))
    }
}

pub(crate) fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn random_id() -> Result<String, SignError> {
    let mut bytes = [0u8; 18];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| SignError("no randomness available"))?;
    Ok(b64url(&bytes))
}

fn signed(
    header: &Value,
    claims: &Value,
    sign: impl FnOnce(&[u8]) -> Result<Vec<u8>, SignError>,
) -> Result<String, SignError> {
    let input = format!(
        "{}.{}",
        b64url(header.to_string().as_bytes()),
        b64url(claims.to_string().as_bytes())
    );
    let sig = sign(input.as_bytes())?;
    Ok(format!("{input}.{}", b64url(&sig)))
}

impl crate::http::Proof for DpopKey {
    fn proof(
        &self,
        method: &str,
        url: &str,
        nonce: Option<&str>,
        access_token: Option<&[u8]>,
    ) -> Result<String, crate::http::Failure> {
        DpopKey::proof(self, method, url, nonce, access_token).map_err(|e| {
            crate::http::Failure {
                code: e.code(),
                title: "The DPoP proof could not be made".into(),
                detail: e.to_string(),
                remedy: "This computer could not sign the request. Try again; if it persists, use an API token instead of a service app.".into(),
            }
        })
    }
}

/// An ephemeral P-256 key for DPoP proofs, made for one read-back and never stored.
pub struct DpopKey {
    pair: EcdsaKeyPair,
}

impl std::fmt::Debug for DpopKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DpopKey([redacted])")
    }
}

impl DpopKey {
    pub fn generate() -> Result<DpopKey, SignError> {
        let rng = SystemRandom::new();
        let alg = &signature::ECDSA_P256_SHA256_FIXED_SIGNING;
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(alg, &rng)
            .map_err(|_| SignError("the DPoP key could not be made"))?;
        let pair = EcdsaKeyPair::from_pkcs8(alg, pkcs8.as_ref(), &rng)
            .map_err(|_| SignError("the DPoP key could not be read"))?;
        Ok(DpopKey { pair })
    }

    fn jwk(&self) -> Value {
        // Uncompressed point: 0x04, x (32 bytes), y (32 bytes).
        let public = self.pair.public_key().as_ref();
        json!({
            "kty": "EC",
            "crv": "P-256",
            "x": b64url(&public[1..33]),
            "y": b64url(&public[33..65]),
        })
    }

    /// A proof for `method url` (`htu` without query or fragment), with the server's nonce when
    /// it gave one and `ath` (the access token's SHA-256) on API requests.
    pub fn proof(
        &self,
        method: &str,
        url: &str,
        nonce: Option<&str>,
        access_token: Option<&[u8]>,
    ) -> Result<String, SignError> {
        let htu = url.split(['?', '#']).next().unwrap_or(url);
        let header = json!({"typ": "dpop+jwt", "alg": "ES256", "jwk": self.jwk()});
        let mut claims = json!({
            "jti": random_id()?,
            "htm": method,
            "htu": htu,
            "iat": now_secs(),
        });
        if let Some(nonce) = nonce {
            claims["nonce"] = json!(nonce);
        }
        if let Some(token) = access_token {
            claims["ath"] = json!(b64url(
                ring::digest::digest(&ring::digest::SHA256, token).as_ref()
            ));
        }
        let rng = SystemRandom::new();
        signed(&header, &claims, |m| {
            self.pair
                .sign(&rng, m)
                .map(|s| s.as_ref().to_vec())
                .map_err(|_| SignError("DPoP signing failed"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(jwt: &str) -> (Value, Value) {
        let mut it = jwt.split('.');
        let mut next = || serde_json::from_slice(&unb64url(it.next().unwrap()).unwrap()).unwrap();
        (next(), next())
    }

    #[test]
    fn an_ec_key_signs_a_verifiable_client_assertion() {
        let rng = SystemRandom::new();
        let alg = &signature::ECDSA_P256_SHA256_FIXED_SIGNING;
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(alg, &rng).unwrap();
        let pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            STANDARD.encode(pkcs8.as_ref())
        );
        let key = SigningKey::from_text(&pem).unwrap();
        assert_eq!(key.alg(), "ES256");
        assert!(!format!("{key:?}").contains(&pem[30..60]));
        let jwt = key
            .client_assertion("0oaclient", "https://acme.okta.com/oauth2/v1/token")
            .unwrap();
        let (header, claims) = parts(&jwt);
        assert_eq!(header["alg"], "ES256");
        assert_eq!(claims["iss"], "0oaclient");
        assert_eq!(claims["aud"], "https://acme.okta.com/oauth2/v1/token");
        let (input, sig) = jwt.rsplit_once('.').unwrap();
        let public = EcdsaKeyPair::from_pkcs8(alg, pkcs8.as_ref(), &rng)
            .unwrap()
            .public_key()
            .as_ref()
            .to_vec();
        signature::UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, public)
            .verify(input.as_bytes(), &unb64url(sig).unwrap())
            .unwrap();
    }

    #[test]
    fn unusable_keys_are_named_without_quoting_them() {
        assert_eq!(SigningKey::from_text(" ").unwrap_err(), KeyError::Empty);
        assert_eq!(
            SigningKey::from_text("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")
                .unwrap_err(),
            KeyError::NotPrivate
        );
        assert_eq!(
            SigningKey::from_text(r#"{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}"#).unwrap_err(),
            KeyError::NotPrivate
        );
        let e = SigningKey::from_text(
            "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----",
        )
        .unwrap_err();
        assert_eq!(e.code(), "okta.key.invalid");
        assert!(!e.to_string().contains("c2VjcmV0"));
    }

    #[test]
    fn dpop_proofs_carry_method_url_nonce_and_token_hash() {
        let key = DpopKey::generate().unwrap();
        let proof = key
            .proof(
                "GET",
                "https://acme.okta.com/api/v1/apps?q=x",
                Some("n1"),
                Some(b"tok"),
            )
            .unwrap();
        let (header, claims) = parts(&proof);
        assert_eq!(header["typ"], "dpop+jwt");
        assert_eq!(header["jwk"]["crv"], "P-256");
        assert_eq!(claims["htu"], "https://acme.okta.com/api/v1/apps");
        assert_eq!(claims["nonce"], "n1");
        assert_eq!(
            claims["ath"],
            b64url(ring::digest::digest(&ring::digest::SHA256, b"tok").as_ref())
        );
    }
}
