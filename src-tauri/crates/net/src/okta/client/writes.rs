//! The client's writes, for `apply` only: `POST`, `PUT` and `DELETE` on the org's origin with the
//! same client, token handling and body cap as the reads. Nothing here is called before the admin
//! has seen the plan and confirmed it (the CLI's `--yes`, the window's confirm button).
//!
//! A 403 names the `.manage` scope the write needs; other failures keep the read-back's codes.

use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::Method;
use serde_json::Value;

use super::{classify_status, Need, OktaClient, BODY_CAP};
use crate::probe::http::{self, Failure, Fetched};

needs! {
    /// Creating, changing, deactivating or deleting the app, and its group assignments.
    APPS_MANAGE: "okta.apps.manage", "changing the app";
    /// The partial update of the app user schema (the roles attribute).
    SCHEMAS_MANAGE: "okta.schemas.manage", "changing the app user schema";
    /// The "same value for all users" profile mapping.
    MAPPINGS_MANAGE: "okta.profileMappings.manage", "changing the profile mapping";
}

/// What Okta answered to a write: its status and its JSON (`Null` for an empty body).
#[derive(Debug, Clone)]
pub struct Written {
    pub status: u16,
    pub json: Value,
}

/// Why a write failed: the classified failure, and Okta's own status and error when it answered.
#[derive(Debug, Clone)]
pub struct WriteFailure {
    pub failure: Failure,
    pub status: Option<u16>,
    /// `E0000006: You do not have permission ...`, as Okta said it (redacted).
    pub okta_error: Option<String>,
}

impl OktaClient<'_> {
    /// Sends one write. No retry: a write that may have reached Okta is never sent twice blind.
    pub async fn write(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        need: Need,
    ) -> Result<Written, WriteFailure> {
        let plain = |failure: Failure| WriteFailure {
            failure,
            status: None,
            okta_error: None,
        };
        let url = self.url(path).map_err(plain)?;
        let fetched = self
            .send_once(method.clone(), url.as_str(), body)
            .await
            .map_err(plain)?;
        let status = fetched.status.as_u16();
        if let Some(failure) = write_failure(&fetched, method.as_str(), path, need, self.secret) {
            let okta_error = super::okta_error(&fetched.body).map(|(code, summary)| {
                format!("{code}: {}", http::redact(&summary, Some(self.secret)))
            });
            return Err(WriteFailure {
                failure,
                status: Some(status),
                okta_error,
            });
        }
        let json = if fetched.body.iter().all(u8::is_ascii_whitespace) {
            Value::Null
        } else {
            serde_json::from_slice(&fetched.body).map_err(|_| WriteFailure {
                failure: super::unexpected(path, "Okta's answer to a write is not JSON"),
                status: Some(status),
                okta_error: None,
            })?
        };
        Ok(Written { status, json })
    }

    async fn send_once(
        &self,
        method: Method,
        url: &str,
        body: Option<&Value>,
    ) -> Result<Fetched, Failure> {
        let header = self.secret.authorization_header_with(self.scheme);
        let mut value = HeaderValue::from_str(header.as_str()).map_err(|_| Failure {
            code: "token.bad_character",
            title: "The Okta token cannot be sent in a header".into(),
            detail: "It contains characters a header cannot carry.".into(),
            remedy: "Copy the token again from Okta (Security > API > Tokens).".into(),
        })?;
        value.set_sensitive(true);
        let mut request = self
            .client
            .request(method.clone(), url)
            .header(ACCEPT, "application/json")
            .header(AUTHORIZATION, value);
        if let Some(key) = self.dpop {
            let proof = self
                .secret
                .with_plain_text(|t| key.proof(method.as_str(), url, None, Some(t.as_bytes())))
                .map_err(|e| super::unexpected(url, &e))?;
            request = request.header("DPoP", proof);
        }
        if let Some(body) = body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(body.to_string());
        }
        let mut response = request
            .send()
            .await
            .map_err(|e| http::classify_error(&e, Some(self.secret)))?;
        let status = response.status();
        let headers = response.headers().clone();
        let mut bytes = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) if bytes.len() + chunk.len() > BODY_CAP => {
                    return Err(Failure {
                        code: "response.too_large",
                        title: "Okta's answer is too large".into(),
                        detail: format!("HTTP {} with a body over {} MiB.", status.as_u16(), BODY_CAP >> 20),
                        remedy: "Something other than Okta's API may be answering: check the org URL and the proxy.".into(),
                    })
                }
                Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
                Ok(None) => break,
                Err(e) => return Err(http::classify_error(&e, Some(self.secret))),
            }
        }
        Ok(Fetched {
            status,
            headers,
            body: bytes,
        })
    }
}

/// The read-back's classification with the write's method, and a 403 naming the `.manage` scope.
fn write_failure(
    fetched: &Fetched,
    method: &str,
    path: &str,
    need: Need,
    secret: &loopio_scim_core::secret::Secret,
) -> Option<Failure> {
    let mut failure = classify_status(fetched, path, need, secret)?;
    failure.detail = failure.detail.replacen("GET ", &format!("{method} "), 1);
    if failure.code == "okta.auth.forbidden" {
        failure.title = format!("Okta did not allow {} (403)", need.what);
        failure.remedy = format!(
            "This needs the {scope} scope. With an OAuth service app, grant it {scope} (Okta API Scopes tab) and give it an admin role that can manage applications (App Administrator or Super Administrator). An API token has the rights of the admin who created it: that admin needs such a role. Nothing after this request was sent; apply again once it is granted.",
            scope = need.scope
        );
    }
    Some(failure)
}
