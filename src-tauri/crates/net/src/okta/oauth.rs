//! An access token for an OAuth 2.0 service app ("API Services" app): client credentials at
//! `{org}/oauth2/v1/token` with `private_key_jwt`, the read scopes only. When the app requires
//! DPoP, Okta answers `invalid_dpop_proof`; the request is sent again with a DPoP proof (RFC 9449)
//! from an ephemeral P-256 key, and once more with the `DPoP-Nonce` Okta asks for
//! (`use_dpop_nonce`). Outside `apply`'s confirmed writes, it is the only request that is not a GET.
//!
//! The access token is a [`Secret`]: it goes into no text, and only to the org's origin.

use std::time::Instant;

use loopio_scim_core::error::Problem;
use loopio_scim_core::secret::Secret;
use loopio_scim_core::setup::okta_check::{MANAGE_SCOPES, READ_SCOPES};
use reqwest::header::HeaderMap;
use reqwest::{Client, Method};
use serde_json::Value;
use url::Url;

use super::jwt::{DpopKey, KeyError, SigningKey};
use crate::http::{self, Body, Call, Failure, Service};

/// The scopes asked for: the core's read scopes (apps, schemas, groups and profile mappings),
/// nothing more.
pub const SCOPES: &[&str] = &READ_SCOPES;
/// The scopes `apply` asks for: the read scopes and the three its writes need.
pub const WRITE_SCOPES: &[&str] = &[
    READ_SCOPES[0],
    READ_SCOPES[1],
    READ_SCOPES[2],
    READ_SCOPES[3],
    MANAGE_SCOPES[0],
    MANAGE_SCOPES[1],
    MANAGE_SCOPES[2],
];
/// The scopes `reconcile` asks for: the app's users, Okta users, their groups, the System Log.
pub const RECONCILE_SCOPES: &[&str] = &[
    "okta.apps.read",
    "okta.users.read",
    "okta.groups.read",
    "okta.logs.read",
];
/// The token endpoint's path on the org.
pub const TOKEN_PATH: &str = "/oauth2/v1/token";
/// A token answer is small; this bounds what is read.
const TOKEN_SERVICE: Service = Service {
    body_cap: 64 * 1024,
    ..super::client::SERVICE
};

/// Where the admin turns DPoP off, when a DPoP proof could not be made or was refused.
pub const DPOP_SETTING: &str = "Applications > Applications > (the service app) > General > General Settings > Edit > Proof of possession: untick \"Require Demonstrating Proof of Possession (DPoP) header in token requests\"";

/// A service app's credentials: its client id and the admin's private key.
#[derive(Debug)]
pub struct ServiceApp {
    client_id: String,
    key: SigningKey,
    /// [`SCOPES`], or [`WRITE_SCOPES`] for `apply`.
    scopes: &'static [&'static str],
}

impl ServiceApp {
    /// `client_id` as Okta shows it (`0oa...`), `key_text` the private key file's text.
    pub fn new(client_id: &str, key_text: &str) -> Result<ServiceApp, KeyError> {
        Ok(ServiceApp {
            client_id: client_id.trim().to_string(),
            key: SigningKey::from_text(key_text)?,
            scopes: SCOPES,
        })
    }

    /// Asks for [`RECONCILE_SCOPES`] instead of the read-back's.
    pub fn for_reconcile(mut self) -> ServiceApp {
        self.scopes = RECONCILE_SCOPES;
        self
    }

    /// Asks for the write scopes too ([`WRITE_SCOPES`]): for `apply` only.
    pub fn for_writes(mut self) -> ServiceApp {
        self.scopes = WRITE_SCOPES;
        self
    }

    /// A client id as Okta makes them (`0oa...`): letters and digits; the message says where
    /// it is when it is not one.
    pub fn check_client_id(id: &str) -> Result<&str, Problem> {
        let id = id.trim();
        if id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Problem::new("okta.client_id.invalid", "A client id is letters and digits, like 0oa1b2c3d4E5f6G7h8i9 (the service app's General > Client Credentials)."));
        }
        Ok(id)
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }
}

/// What the API requests carry: the token, its scheme (`Bearer`, or `DPoP` for a DPoP-bound
/// token) and the DPoP key that proves possession.
pub struct AccessToken {
    pub token: Secret,
    pub scheme: &'static str,
    pub dpop: Option<DpopKey>,
}

fn failure(code: &'static str, title: &str, detail: String, remedy: &str) -> Failure {
    Failure {
        code,
        title: title.into(),
        detail,
        remedy: remedy.into(),
    }
}

/// One token answer: its status, `DPoP-Nonce` and JSON (`{access_token, token_type}` or
/// `{error, error_description}`).
struct Answer {
    status: u16,
    nonce: Option<String>,
    json: Value,
    excerpt: String,
}

async fn post(
    client: &Client,
    token_url: &str,
    app: &ServiceApp,
    dpop: Option<(&DpopKey, Option<&str>)>,
) -> Result<Answer, Failure> {
    let sign_failed = |e: String| {
        failure(
            "okta.key.invalid",
            "The client assertion could not be signed",
            e,
            "Give the service app's private key (PEM or JWK).",
        )
    };
    let assertion = app
        .key
        .client_assertion(&app.client_id, token_url)
        .map_err(|e| sign_failed(e.to_string()))?;
    let form: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "client_credentials")
        .append_pair("scope", &app.scopes.join(" "))
        .append_pair(
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        )
        .append_pair("client_assertion", &assertion)
        .finish();
    let mut call =
        Call::new(Method::POST, token_url, "application/json").body(Some(Body::Form(&form)));
    if let Some((key, nonce)) = dpop {
        let proof = key
            .proof("POST", token_url, nonce, None)
            .map_err(|e| sign_failed(e.to_string()))?;
        call = call.header("DPoP", proof);
    }
    let fetched = http::send(client, &TOKEN_SERVICE, call).await?;
    let status = fetched.status.as_u16();
    let nonce = dpop_nonce(&fetched.headers);
    let body = fetched.body;
    Ok(Answer {
        status,
        nonce,
        json: serde_json::from_slice(&body).unwrap_or(Value::Null),
        excerpt: redact_token(&http::excerpt(&body, None)),
    })
}

/// An excerpt never shows an access token, even one sent in an unexpected place.
fn redact_token(text: &str) -> String {
    loopio_scim_core::redact::credentials(text)
}

fn dpop_nonce(headers: &HeaderMap) -> Option<String> {
    headers
        .get("dpop-nonce")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn error_of(answer: &Answer) -> (&str, String) {
    let error = answer
        .json
        .get("error")
        .and_then(Value::as_str)
        .unwrap_or("");
    let description = answer
        .json
        .get("error_description")
        .and_then(Value::as_str)
        .unwrap_or("");
    (
        error,
        redact_token(&format!(
            "POST {TOKEN_PATH}: HTTP {}, {error}: {description}",
            answer.status
        )),
    )
}

/// Gets an access token, with DPoP when Okta asks for it.
pub async fn obtain(
    client: &Client,
    origin: &Url,
    app: &ServiceApp,
    deadline: Instant,
) -> Result<AccessToken, Failure> {
    let token_url = origin
        .join(TOKEN_PATH)
        .map_err(|e| {
            failure(
                "config.client",
                "The token URL could not be built",
                e.to_string(),
                "Give the org URL as https://acme.okta.com.",
            )
        })?
        .to_string();
    let first = post(client, &token_url, app, None).await?;
    if error_of(&first).0 != "invalid_dpop_proof" {
        return accept(first, None, &app.scopes.join(" "));
    }
    let key = DpopKey::generate().map_err(|e| dpop_unavailable(e.to_string(), &first))?;
    let mut answer = post(client, &token_url, app, Some((&key, None))).await?;
    if error_of(&answer).0 == "use_dpop_nonce" && Instant::now() < deadline {
        let nonce = answer.nonce.clone();
        answer = post(client, &token_url, app, Some((&key, nonce.as_deref()))).await?;
    }
    accept(answer, Some(key), &app.scopes.join(" "))
}

fn dpop_unavailable(why: String, answer: &Answer) -> Failure {
    failure(
        "okta.auth.dpop",
        "The service app requires DPoP proofs, which could not be made",
        format!("{} ({why})", error_of(answer).1),
        &format!("Turn DPoP off for the service app: {DPOP_SETTING}."),
    )
}

fn accept(answer: Answer, dpop: Option<DpopKey>, scopes: &str) -> Result<AccessToken, Failure> {
    let token = answer.json.get("access_token").and_then(Value::as_str);
    if let (200, Some(token)) = (answer.status, token) {
        let token = Secret::from_pasted(token).map(|(s, _)| s).map_err(|_| {
            failure(
                "okta.response.unexpected",
                "Okta's access token is not usable",
                "The token endpoint answered with an empty or malformed access_token.".into(),
                "Try again; if it persists, check the org URL.",
            )
        })?;
        let bound = answer.json.get("token_type").and_then(Value::as_str) == Some("DPoP");
        return Ok(AccessToken {
            token,
            scheme: if bound && dpop.is_some() {
                "DPoP"
            } else {
                "Bearer"
            },
            dpop: dpop.filter(|_| bound),
        });
    }
    Err(token_failure(&answer, dpop.is_some(), scopes))
}

fn token_failure(answer: &Answer, sent_dpop: bool, scopes: &str) -> Failure {
    let (error, seen) = error_of(answer);
    match (answer.status, error) {
        (_, "invalid_client") => failure(
            "okta.auth.rejected",
            "Okta refused the service app's credentials",
            seen,
            "Check the client id (Applications > the service app > General > Client Credentials), that Client authentication is \"Public key / Private key\", and that the public key registered there is the pair of the private key given here (and is Active).",
        ),
        (_, "invalid_scope") => failure(
            "okta.auth.forbidden",
            "Okta did not grant the scopes asked for",
            seen,
            &format!("Grant the service app these scopes on its Okta API Scopes tab: {scopes}."),
        ),
        (_, "unauthorized_client") => failure(
            "okta.auth.rejected",
            "The app may not use client credentials",
            seen,
            "Use an API Services app (Applications > Create App Integration > API Services), which has the Client Credentials grant.",
        ),
        (_, "invalid_dpop_proof" | "use_dpop_nonce") if sent_dpop => failure(
            "okta.auth.dpop",
            "Okta refused the DPoP proof",
            seen,
            &format!("Turn DPoP off for the service app: {DPOP_SETTING}."),
        ),
        (200..=299, _) | (_, "") if answer.json.is_null() => failure(
            "okta.response.not_json",
            "Okta's token answer is not JSON",
            format!("POST {TOKEN_PATH}: HTTP {}: {}", answer.status, answer.excerpt),
            "Something other than Okta answered: check the org URL and the proxy.",
        ),
        _ => failure(
            "okta.auth.rejected",
            "Okta did not issue an access token",
            seen,
            "Check the service app's client id, key and granted scopes in Okta.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_asks_for_the_read_scopes_and_the_manage_ones_only() {
        let mut wanted: Vec<&str> = READ_SCOPES.iter().chain(&MANAGE_SCOPES).copied().collect();
        let mut asked = WRITE_SCOPES.to_vec();
        wanted.sort();
        asked.sort();
        assert_eq!(asked, wanted);
        assert_eq!(SCOPES, READ_SCOPES);
    }
}
