//! The fake org's OAuth 2.0 side: `POST /oauth2/v1/token` for a service app (client credentials,
//! `private_key_jwt`: the client assertion's signature is checked with the registered public
//! key, and its `iss`, `sub`, `aud`, `exp` and `jti`), optionally requiring DPoP (RFC 9449:
//! `invalid_dpop_proof` without a proof, `use_dpop_nonce` with a `DPoP-Nonce` until the proof
//! carries it), and the API side: `Bearer` tokens it issued, or `DPoP` tokens with a valid proof
//! (`htm`, `htu`, `ath`, the same key as at issue).

use std::sync::Mutex;

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{self, UnparsedPublicKey};
use serde_json::{json, Value};

use super::{now_secs, query_pairs_of};

/// The nonce the fake asks DPoP proofs to carry.
pub const DPOP_NONCE: &str = "fakeDpopNonce-4Jd8Qw";
/// The scopes a service app may be granted here (the read scopes).
pub const READ_SCOPES: [&str; 4] = [
    "okta.apps.read",
    "okta.schemas.read",
    "okta.groups.read",
    "okta.profileMappings.read",
];

/// The further read scopes `reconcile` asks for (users and the System Log).
pub const RECONCILE_SCOPES: [&str; 2] = ["okta.users.read", "okta.logs.read"];

/// The scopes `apply` needs besides the read scopes.
pub const MANAGE_SCOPES: [&str; 3] = [
    "okta.apps.manage",
    "okta.schemas.manage",
    "okta.profileMappings.manage",
];

/// A registered service app.
#[derive(Debug, Clone)]
pub struct OAuthApp {
    pub client_id: String,
    /// `ES256`: the uncompressed P-256 point; `RS256`: the DER `RSAPublicKey`.
    pub public_key: Vec<u8>,
    pub alg: &'static str,
    /// "Require Demonstrating Proof of Possession (DPoP) header in token requests".
    pub require_dpop: bool,
    /// The `.manage` scopes are granted too (the app's Okta API Scopes tab), for `apply`.
    pub granted_manage: bool,
}

/// Tokens the fake issued: the token and, for a DPoP-bound one, the proof key's `x.y`.
#[derive(Default)]
pub struct Issued {
    tokens: Mutex<Vec<(String, Option<String>)>>,
    jtis: Mutex<Vec<String>>,
}

impl Issued {
    pub fn tokens(&self) -> Vec<String> {
        self.tokens
            .lock()
            .unwrap()
            .iter()
            .map(|(t, _)| t.clone())
            .collect()
    }
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        json!({"error": error, "error_description": description}).to_string(),
    )
        .into_response()
}

fn unb64(s: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(s).ok()
}

/// A JWT's header and claims, once its signature verified with `key`'s algorithm.
fn verified(jwt: &str, alg: &str, public_key: &[u8]) -> Option<(Value, Value)> {
    let (input, sig) = jwt.rsplit_once('.')?;
    let (h, c) = input.split_once('.')?;
    let header: Value = serde_json::from_slice(&unb64(h)?).ok()?;
    let claims: Value = serde_json::from_slice(&unb64(c)?).ok()?;
    if header["alg"] != alg {
        return None;
    }
    let algorithm: &dyn signature::VerificationAlgorithm = match alg {
        "ES256" => &signature::ECDSA_P256_SHA256_FIXED,
        "RS256" => &signature::RSA_PKCS1_2048_8192_SHA256,
        _ => return None,
    };
    UnparsedPublicKey::new(algorithm, public_key)
        .verify(input.as_bytes(), &unb64(sig)?)
        .ok()?;
    Some((header, claims))
}

/// A DPoP proof's claims and its key (`x.y`), if it is signed by the key in its header and
/// is for `method url`.
fn dpop_proof(headers: &HeaderMap, method: &str, url: &str) -> Option<(Value, String)> {
    let proof = headers.get("dpop")?.to_str().ok()?;
    let header: Value = serde_json::from_slice(&unb64(proof.split('.').next()?)?).ok()?;
    let jwk = &header["jwk"];
    if header["typ"] != "dpop+jwt" || jwk["crv"] != "P-256" {
        return None;
    }
    let mut point = vec![4u8];
    point.extend(unb64(jwk["x"].as_str()?)?);
    point.extend(unb64(jwk["y"].as_str()?)?);
    let (_, claims) = verified(proof, "ES256", &point)?;
    let fresh = claims["iat"].as_u64()?.abs_diff(now_secs()) < 300;
    (claims["htm"] == method && claims["htu"] == url && fresh).then(|| {
        let thumb = format!("{}.{}", jwk["x"], jwk["y"]);
        (claims, thumb)
    })
}

fn random_token() -> String {
    let mut bytes = [0u8; 24];
    SystemRandom::new().fill(&mut bytes).unwrap();
    format!("fakeAccess.{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Checks the client assertion; `Err` is the answer to send.
fn check_assertion(
    app: &OAuthApp,
    issued: &Issued,
    assertion: &str,
    aud: &str,
) -> Result<(), Box<Response>> {
    let invalid =
        |why: &str| Box::new(oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", why));
    let (_, claims) = verified(assertion, app.alg, &app.public_key)
        .ok_or_else(|| invalid("The client_assertion signature is invalid."))?;
    if claims["iss"] != app.client_id.as_str() || claims["sub"] != app.client_id.as_str() {
        return Err(invalid(
            "The client_assertion iss and sub must be the client_id.",
        ));
    }
    if claims["aud"] != aud {
        return Err(invalid("The audience of the client_assertion is invalid."));
    }
    if claims["exp"].as_u64().is_none_or(|e| e <= now_secs()) {
        return Err(invalid("The client_assertion token is expired."));
    }
    let jti = claims["jti"].as_str().unwrap_or("").to_string();
    let mut jtis = issued.jtis.lock().unwrap();
    if jti.is_empty() || jtis.contains(&jti) {
        return Err(invalid("The client_assertion token has already been used."));
    }
    jtis.push(jti);
    Ok(())
}

/// `POST /oauth2/v1/token`.
pub fn token(
    app: Option<&OAuthApp>,
    issued: &Issued,
    origin: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let form = query_pairs_of(&String::from_utf8_lossy(body));
    let get = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let Some(app) = app else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed.",
        );
    };
    if get("grant_type") != Some("client_credentials")
        || get("client_assertion_type")
            != Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Unsupported grant or client authentication.",
        );
    }
    let url = format!("{origin}/oauth2/v1/token");
    if let Err(answer) = check_assertion(app, issued, get("client_assertion").unwrap_or(""), &url) {
        return *answer;
    }
    let scope = get("scope").unwrap_or("");
    let granted = |s: &str| {
        READ_SCOPES.contains(&s)
            || RECONCILE_SCOPES.contains(&s)
            || (app.granted_manage && MANAGE_SCOPES.contains(&s))
    };
    if scope.split(' ').any(|s| !granted(s)) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "The following scopes are not allowed.",
        );
    }
    let bound = match dpop_binding(app, headers, &url) {
        Ok(bound) => bound,
        Err(answer) => return *answer,
    };
    let token = random_token();
    let token_type = if bound.is_some() { "DPoP" } else { "Bearer" };
    issued.tokens.lock().unwrap().push((token.clone(), bound));
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        json!({"token_type": token_type, "expires_in": 3600, "access_token": token, "scope": scope})
            .to_string(),
    )
        .into_response()
}

/// With DPoP required: the proof key a token will be bound to, or the error to answer.
fn dpop_binding(
    app: &OAuthApp,
    headers: &HeaderMap,
    url: &str,
) -> Result<Option<String>, Box<Response>> {
    if !app.require_dpop {
        return Ok(None);
    }
    let invalid = |why: &str| {
        Box::new(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_dpop_proof",
            why,
        ))
    };
    if headers.get("dpop").is_none() {
        return Err(invalid("The DPoP proof JWT header is missing."));
    }
    let Some((claims, thumb)) = dpop_proof(headers, "POST", url) else {
        return Err(invalid("The DPoP proof JWT is invalid."));
    };
    if claims["nonce"] != DPOP_NONCE {
        let mut answer = oauth_error(
            StatusCode::BAD_REQUEST,
            "use_dpop_nonce",
            "Authorization server requires nonce in DPoP proof.",
        );
        answer
            .headers_mut()
            .insert("dpop-nonce", DPOP_NONCE.parse().unwrap());
        return Err(Box::new(answer));
    }
    Ok(Some(thumb))
}

/// Whether an API request carries a token this fake issued, with a valid DPoP proof when the
/// token is DPoP-bound.
pub fn api_authorized(
    issued: &Issued,
    authorization: &str,
    headers: &HeaderMap,
    url: &str,
) -> bool {
    let tokens = issued.tokens.lock().unwrap();
    let find = |t: &str| tokens.iter().find(|(token, _)| token == t);
    if let Some(t) = authorization.strip_prefix("Bearer ") {
        return find(t).is_some_and(|(_, bound)| bound.is_none());
    }
    let Some(t) = authorization.strip_prefix("DPoP ") else {
        return false;
    };
    let Some((_, Some(bound))) = find(t) else {
        return false;
    };
    let ath = URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, t.as_bytes()));
    dpop_proof(headers, "GET", url)
        .is_some_and(|(claims, thumb)| claims["ath"] == ath && &thumb == bound)
}
