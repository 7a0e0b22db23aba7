//! The client's writes, for `apply` only: `POST`, `PUT` and `DELETE` on the org's origin with the
//! same client, token handling and body cap as the reads. Nothing here is called before the admin
//! has seen the plan and confirmed it (the CLI's `--yes`, the window's confirm button).
//!
//! A 403 names the `.manage` scope the write needs; other failures keep the read-back's codes.

use reqwest::Method;
use serde_json::Value;

use super::{classify_status, need, Need, OktaClient, SERVICE};
use crate::http::{self, Body, Call, Failure, Fetched};

/// Creating, changing, deactivating or deleting the app, and its group assignments.
pub const APPS_MANAGE: Need = need("okta.apps.manage", "changing the app");
/// The partial update of the app user schema (the roles attribute).
pub const SCHEMAS_MANAGE: Need = need("okta.schemas.manage", "changing the app user schema");
/// The "same value for all users" profile mapping.
pub const MAPPINGS_MANAGE: Need = need(
    "okta.profileMappings.manage",
    "changing the profile mapping",
);

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
        let body = body.map(|value| Body::Json {
            content_type: "application/json",
            value,
        });
        let call = Call::new(method.clone(), url.as_str(), "application/json")
            .auth(Some(self.auth()))
            .body(body);
        let fetched = http::send(&self.client, &SERVICE, call)
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
}

/// The read-back's classification with the write's method, and a 403 naming the `.manage` scope.
fn write_failure(
    fetched: &Fetched,
    method: &str,
    path: &str,
    need: Need,
    secret: &loopio_scim_core::secret::Secret,
) -> Option<Failure> {
    let mut failure = classify_status(fetched, method, path, need, secret)?;
    if failure.code == "okta.auth.forbidden" {
        failure.title = format!("Okta did not allow {} (403)", need.what);
        failure.remedy = format!(
            "This needs the {scope} scope. With an OAuth service app, grant it {scope} (Okta API Scopes tab) and give it an admin role that can manage applications (App Administrator or Super Administrator). An API token has the rights of the admin who created it: that admin needs such a role. Nothing after this request was sent; apply again once it is granted.",
            scope = need.scope
        );
    }
    Some(failure)
}
