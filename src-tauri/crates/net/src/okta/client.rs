//! A client of the Okta Management API on the one HTTP layer ([`crate::http`]: the client, the
//! credential header and DPoP proof, the capped read, the transport failure codes and the status
//! classes). What is Okta's own: the `SSWS` scheme, the error body (`{errorCode, errorSummary,
//! ...}`), `X-Rate-Limit-Reset`, `Link: rel="next"` paging and the words for each status.
//!
//! Reads here; the writes `apply` sends (after the admin confirmed them) in [`writes`]. The token
//! goes to the org's origin only: redirects are not followed and a `next` link to another origin
//! is refused.

use std::time::{Duration, Instant, SystemTime};

use loopio_scim_core::secret::Secret;
use reqwest::header::{HeaderMap, LINK};
use reqwest::{Client, Method};
use serde_json::Value;
use url::Url;

use crate::http::{self, Auth, Call, Failure, Fetched, Retry, Service, StatusClass, Target};

use super::jwt::DpopKey;

/// The most of one Okta answer that is read. Larger than the SCIM test's 1 MiB: a page of 200
/// full app objects (each with its settings and links) can pass 1 MiB.
pub const BODY_CAP: usize = 8 * 1024 * 1024;
/// Okta's API, for the failures the HTTP layer itself makes.
pub const SERVICE: Service = Service {
    body_cap: BODY_CAP,
    credential: "The Okta token",
    recopy: "Copy the token again from Okta (Security > API > Tokens).",
    too_large: (
        "Okta's answer is too large",
        "reading stopped.",
        "Something other than Okta's API may be answering: check the org URL and the proxy.",
    ),
};
/// Pages followed per list: 20 pages of 200 apps or group assignments.
pub const MAX_PAGES: usize = 20;
/// A rate limit that resets within this is waited out (once); a later one is reported.
const SHORT_WAIT: Duration = Duration::from_secs(5);

/// What a request needs, to name it when Okta says no (403).
#[derive(Debug, Clone, Copy)]
pub struct Need {
    /// The OAuth scope of the request (`okta.apps.read`, `okta.schemas.read`).
    pub scope: &'static str,
    /// What is being read, in the admin's words ("the app", "the app user schema").
    pub what: &'static str,
}

const fn need(scope: &'static str, what: &'static str) -> Need {
    Need { scope, what }
}

pub const APPS: Need = need("okta.apps.read", "applications");
pub const SCHEMAS: Need = need("okta.schemas.read", "the app user schema");
pub const GROUP_ASSIGNMENTS: Need = need("okta.apps.read", "the app's group assignments");
pub const APP_USERS: Need = need("okta.apps.read", "the app's assigned users");
pub const KEYS: Need = need("okta.apps.read", "the app's signing keys");
pub const METADATA: Need = need("okta.apps.read", "the app's SAML metadata");
/// Finding the plan's groups by name.
pub const GROUPS_READ: Need = need("okta.groups.read", "the org's groups");
/// Reading the Okta user to app user profile mapping.
pub const MAPPINGS_READ: Need = need("okta.profileMappings.read", "the profile mappings");

/// Reading Okta users (a `--user` looked up by login or email).
pub const USERS_READ: Need = need("okta.users.read", "users");
/// A user's groups (`GET /api/v1/users/{id}/groups`).
pub const USER_GROUPS: Need = need("okta.groups.read", "a user's groups");
/// The System Log (the app's provisioning failures).
pub const LOGS_READ: Need = need("okta.logs.read", "the System Log");

/// Long lists page by page through the `after` cursor, keeping what was read (`reconcile`).
pub mod pages;
/// The writes (`apply` only, after the admin confirmed the plan).
pub mod writes;

/// One client for the whole read-back.
pub struct OktaClient<'a> {
    client: Client,
    origin: Url,
    secret: &'a Secret,
    deadline: Instant,
    /// `SSWS` for an API token; `Bearer`, or `DPoP` for a DPoP-bound service-app token.
    scheme: &'static str,
    /// The key that proves possession of a DPoP-bound token (a proof on every request).
    dpop: Option<&'a DpopKey>,
}

impl<'a> OktaClient<'a> {
    /// `target.base_url` is the org's origin (see [`super::target`]).
    pub fn new(target: &Target, secret: &'a Secret, deadline: Instant) -> Result<Self, Failure> {
        let client = http::client(target)?;
        let origin = Url::parse(&target.base_url).map_err(|e| Failure {
            code: "config.client",
            title: "The Okta org URL could not be used".into(),
            detail: e.to_string(),
            remedy: "Give the org URL as https://acme.okta.com.".into(),
        })?;
        Ok(OktaClient {
            client,
            origin,
            secret,
            deadline,
            scheme: "SSWS",
            dpop: None,
        })
    }

    /// Sends `secret` as a service app's access token (`Bearer`, or `DPoP` with a proof from
    /// `dpop` on each request) instead of an API token.
    pub fn with_access_token(mut self, scheme: &'static str, dpop: Option<&'a DpopKey>) -> Self {
        self.scheme = scheme;
        self.dpop = dpop;
        self
    }

    /// `GET {origin}{path}`, parsed as JSON.
    pub async fn get_json(&self, path: &str, need: Need) -> Result<Value, Failure> {
        let url = self.url(path)?;
        self.get_url(url.as_str(), path, need).await.map(|(v, _)| v)
    }

    /// Every item of a list, following `Link: rel="next"` within the org, at most
    /// [`MAX_PAGES`] pages. Returns the items and whether the list was read to its end.
    pub async fn get_all(&self, path: &str, need: Need) -> Result<(Vec<Value>, bool), Failure> {
        let mut url = self.url(path)?.to_string();
        let mut items = Vec::new();
        for _ in 0..MAX_PAGES {
            let (json, headers) = self.get_url(&url, path, need).await?;
            match json {
                Value::Array(page) => items.extend(page),
                other => {
                    return Err(unexpected(
                        path,
                        &format!("a list was expected, Okta sent {}", kind(&other)),
                    ))
                }
            }
            match next_link(&headers) {
                None => return Ok((items, true)),
                Some(next) => url = self.same_origin(&next, path)?,
            }
        }
        Ok((items, false))
    }

    /// The profile mapping from the Okta user to app `app_id`'s user, read in full
    /// (`GET /api/v1/mappings?targetId=` lists it without its properties). `None` when Okta has
    /// no such mapping.
    pub async fn user_mapping(&self, app_id: &str) -> Result<Option<Value>, Failure> {
        let list_path = format!("/api/v1/mappings?targetId={app_id}&limit=200");
        let (list, _) = self.get_all(&list_path, MAPPINGS_READ).await?;
        let id = list.iter().find_map(|m| {
            let from_user = m.pointer("/source/type").and_then(Value::as_str) == Some("user");
            let to_app = m.pointer("/target/id").and_then(Value::as_str) == Some(app_id);
            let id = m.get("id")?.as_str()?;
            let safe =
                !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric());
            (from_user && to_app && safe).then(|| id.to_string())
        });
        match id {
            None => Ok(None),
            Some(id) => self
                .get_json(&format!("/api/v1/mappings/{id}"), MAPPINGS_READ)
                .await
                .map(Some),
        }
    }

    fn url(&self, path: &str) -> Result<Url, Failure> {
        self.origin
            .join(path)
            .map_err(|e| unexpected(path, &format!("the request URL could not be built: {e}")))
    }

    /// A `next` link is followed only on the org's own origin: the token goes nowhere else.
    fn same_origin(&self, next: &str, path: &str) -> Result<String, Failure> {
        let url = self
            .origin
            .join(next)
            .map_err(|_| unexpected(path, "the next page's link (Link header) is not a URL"))?;
        if url.origin() != self.origin.origin() {
            return Err(Failure {
                code: "okta.response.foreign_link",
                title: "Okta's next page points to another host".into(),
                detail: format!(
                    "GET {path}: the Link header's next page is on {}, not {}. It was not followed: the token is only sent to your org.",
                    url.origin().ascii_serialization(),
                    self.origin.origin().ascii_serialization()
                ),
                remedy: "Something between you and Okta rewrites its answers (a proxy?). Check the org URL and the proxy.".into(),
            });
        }
        Ok(url.to_string())
    }

    async fn get_url(
        &self,
        url: &str,
        path: &str,
        need: Need,
    ) -> Result<(Value, HeaderMap), Failure> {
        let fetched = self.get_ok(url, path, need, "application/json").await?;
        let json: Value = serde_json::from_slice(&fetched.body).map_err(|_| Failure {
            code: "okta.response.not_json",
            title: "Okta's answer is not JSON".into(),
            detail: format!(
                "GET {path}: HTTP {}, content type {}: {}",
                fetched.status.as_u16(),
                fetched.content_type(),
                http::excerpt(&fetched.body, Some(self.secret))
            ),
            remedy: "Something other than Okta's API answered, often a sign-in page, a proxy or a wrong org URL. Give the org URL you sign in to Okta at (https://acme.okta.com) and check the proxy.".into(),
        })?;
        Ok((json, fetched.headers))
    }

    /// `GET {origin}{path}` asking for XML (the app's SAML metadata): the body as sent.
    pub async fn get_xml(&self, path: &str, need: Need) -> Result<Vec<u8>, Failure> {
        let url = self.url(path)?;
        let accept = "application/xml, text/xml";
        Ok(self.get_ok(url.as_str(), path, need, accept).await?.body)
    }

    /// The credential of every request.
    fn auth(&self) -> Auth<'_> {
        Auth {
            secret: self.secret,
            scheme: self.scheme,
            proof: self.dpop.map(|k| k as &dyn http::Proof),
        }
    }

    /// One GET answered 2xx, a rate limit that resets soon waited out once.
    async fn get_ok(
        &self,
        url: &str,
        path: &str,
        need: Need,
        accept: &'static str,
    ) -> Result<Fetched, Failure> {
        let retry = Retry {
            wait_of: rate_limit_wait,
            longest: SHORT_WAIT,
            margin: Duration::from_secs(1),
            deadline: self.deadline,
        };
        let call = || Call::new(Method::GET, url, accept).auth(Some(self.auth()));
        let fetched = http::send_retrying(&self.client, &SERVICE, call, retry).await?;
        match classify_status(&fetched, "GET", path, need, self.secret) {
            Some(f) => Err(f),
            None => Ok(fetched),
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

pub(crate) fn unexpected(path: &str, why: &str) -> Failure {
    Failure {
        code: "okta.response.unexpected",
        title: "Okta's answer has an unexpected shape".into(),
        detail: format!("GET {path}: {why}."),
        remedy: "Check the org URL is your Okta org. If it is, send this report to your Okta administrator.".into(),
    }
}

/// The `next` link of an RFC 8288 `Link` header, as Okta sends it:
/// `<https://acme.okta.com/api/v1/apps?after=...&limit=200>; rel="next"`.
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find_map(|link| {
            let (target, params) = link.trim().strip_prefix('<')?.split_once('>')?;
            let is_next = params.split(';').any(|p| {
                let p = p.trim().replace(' ', "");
                p.eq_ignore_ascii_case("rel=\"next\"") || p.eq_ignore_ascii_case("rel=next")
            });
            is_next.then(|| target.to_string())
        })
}

/// How long until `X-Rate-Limit-Reset` (epoch seconds), measured on Okta's clock (its `Date`
/// header) when it sent one, so a skewed local clock does not matter.
fn rate_limit_wait(headers: &HeaderMap) -> Option<Duration> {
    let reset = rate_limit_reset(headers)?;
    let now = headers
        .get(reqwest::header::DATE)
        .and_then(|v| v.to_str().ok())
        .and_then(|s| httpdate::parse_http_date(s).ok())
        .unwrap_or_else(SystemTime::now)
        .duration_since(SystemTime::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some(Duration::from_secs(reset.saturating_sub(now)) + Duration::from_millis(250))
}

fn rate_limit_reset(headers: &HeaderMap) -> Option<u64> {
    headers
        .get("x-rate-limit-reset")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Okta's error body, when there is one: `errorCode: errorSummary (errorId ...)`.
fn okta_error(body: &[u8]) -> Option<(String, String)> {
    let json: Value = serde_json::from_slice(body).ok()?;
    let code = json.get("errorCode")?.as_str()?.to_string();
    let mut summary = json
        .get("errorSummary")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let causes: Vec<&str> = json
        .get("errorCauses")
        .and_then(Value::as_array)
        .map(|c| {
            c.iter()
                .filter_map(|c| c.get("errorSummary").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    if !causes.is_empty() {
        summary = format!("{summary} ({})", causes.join("; "));
    }
    if let Some(id) = json.get("errorId").and_then(Value::as_str) {
        summary = format!("{summary} [errorId {id}]");
    }
    Some((code, summary))
}

/// What an HTTP error status from Okta means. `None` for 2xx.
pub fn classify_status(
    fetched: &Fetched,
    method: &str,
    path: &str,
    need: Need,
    secret: &Secret,
) -> Option<Failure> {
    let status = fetched.status.as_u16();
    let class = fetched.class();
    if class == StatusClass::Success {
        return None;
    }
    let said = match okta_error(&fetched.body) {
        Some((code, summary)) => format!(
            "Okta error {code}: {}",
            http::redact(&summary, Some(secret))
        ),
        None => format!(
            "content type {}: {}",
            fetched.content_type(),
            http::excerpt(&fetched.body, Some(secret))
        ),
    };
    let seen = format!("{method} {path}: HTTP {status}, {said}");
    let failure = |code: &'static str, title: &str, detail: String, remedy: String| Failure {
        code,
        title: title.into(),
        detail,
        remedy,
    };
    Some(match class {
        StatusClass::Success => return None,
        StatusClass::Redirect => failure(
            "http.redirect",
            "Okta redirects instead of answering",
            format!("{seen}. The redirect was not followed: the token is only sent to the org URL."),
            "Give the org URL you sign in to Okta at (https://acme.okta.com), not a vanity or portal address that forwards to it.".into(),
        ),
        StatusClass::Unauthorized => failure(
            "okta.auth.rejected",
            "Okta refused the API token (401)",
            seen,
            "The token is wrong, revoked, or expired (Okta revokes API tokens unused for 30 days, and when their admin is deactivated). Create a new one in Okta (Security > API > Tokens > Create token) and give it here; the token alone, without \"SSWS\".".into(),
        ),
        StatusClass::Forbidden => failure(
            "okta.auth.forbidden",
            &format!("Okta did not allow reading {} (403)", need.what),
            seen,
            format!(
                "Reading {} needs the {} scope. An API token has the rights of the admin who created it: that admin needs a role that can read applications and their schema (Read-only Administrator, App Administrator or Super Administrator; Security > Administrators). With an OAuth service app, grant it {} (Okta API Scopes tab).",
                need.what, need.scope, need.scope
            ),
        ),
        StatusClass::RateLimited => rate_limited(fetched, seen),
        StatusClass::NotFound => failure(
            "endpoint.not_found",
            "Okta found nothing at this address (404)",
            seen,
            "Check the org URL (https://acme.okta.com) and the app id.".into(),
        ),
        StatusClass::ServerError => failure(
            "http.server_error",
            "Okta had an error",
            seen,
            "This is on Okta's side (or a proxy's). Try again in a few minutes; check status.okta.com.".into(),
        ),
        StatusClass::Conflict | StatusClass::Unexpected => failure(
            "http.unexpected_status",
            "Okta answered with an unexpected status",
            seen,
            "Check the org URL. If it is right, try again later.".into(),
        ),
    })
}

/// `okta.rate_limited`, saying when Okta's limit resets (`X-Rate-Limit-Reset`).
fn rate_limited(fetched: &Fetched, seen: String) -> Failure {
    let when = match rate_limit_reset(&fetched.headers) {
        Some(reset) => time::OffsetDateTime::from_unix_timestamp(reset as i64)
            .ok()
            .and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .map(|t| format!("Okta's limit resets at {t}."))
            .unwrap_or_default(),
        None => "Okta did not say when its limit resets.".into(),
    };
    Failure {
        code: "okta.rate_limited",
        title: "Okta asked to slow down (429)".into(),
        detail: format!("{seen}. {when}"),
        remedy: format!("Other tools using the same token or org share Okta's rate limit. Run the check again after the reset. {when}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_links_are_found_among_others() {
        let mut h = HeaderMap::new();
        h.append(
            LINK,
            "<https://acme.okta.com/api/v1/apps?limit=2>; rel=\"self\""
                .parse()
                .unwrap(),
        );
        h.append(
            LINK,
            "<https://acme.okta.com/api/v1/apps?after=0oa2&limit=2>; rel=\"next\""
                .parse()
                .unwrap(),
        );
        assert_eq!(
            next_link(&h).as_deref(),
            Some("https://acme.okta.com/api/v1/apps?after=0oa2&limit=2")
        );
        let mut one = HeaderMap::new();
        one.insert(
            LINK,
            "<https://a/x?page=1>; rel=\"self\", <https://a/x?after=9>; rel=next"
                .parse()
                .unwrap(),
        );
        assert_eq!(next_link(&one).as_deref(), Some("https://a/x?after=9"));
        assert_eq!(next_link(&HeaderMap::new()), None);
    }

    #[test]
    fn okta_errors_are_read_and_classified() {
        let (secret, _) = Secret::from_pasted("00okta-token-for-unit-tests-000").unwrap();
        let fetched = |status: u16, body: &str| Fetched {
            status: reqwest::StatusCode::from_u16(status).unwrap(),
            headers: HeaderMap::new(),
            body: body.as_bytes().to_vec(),
        };
        let f = classify_status(
            &fetched(403, r#"{"errorCode":"E0000006","errorSummary":"You do not have permission to perform the requested action","errorLink":"E0000006","errorId":"sample1","errorCauses":[]}"#),
            "GET",
            "/api/v1/meta/schemas/apps/0oa1/default",
            SCHEMAS,
            &secret,
        )
        .unwrap();
        assert_eq!(f.code, "okta.auth.forbidden");
        assert!(f.detail.contains("E0000006") && f.detail.contains("sample1"));
        assert!(f.remedy.contains("okta.schemas.read"));
        let f = classify_status(
            &fetched(
                401,
                r#"{"errorCode":"E0000011","errorSummary":"Invalid token provided"}"#,
            ),
            "GET",
            "/api/v1/apps",
            APPS,
            &secret,
        )
        .unwrap();
        assert_eq!(f.code, "okta.auth.rejected");
        assert!(classify_status(&fetched(200, "[]"), "GET", "/", APPS, &secret).is_none());
    }

    #[test]
    fn the_rate_limit_reset_is_read_on_oktas_clock() {
        let mut h = HeaderMap::new();
        h.insert(
            reqwest::header::DATE,
            "Sun, 06 Nov 1994 08:49:37 GMT".parse().unwrap(),
        );
        h.insert("x-rate-limit-reset", "784111780".parse().unwrap());
        let wait = rate_limit_wait(&h).unwrap();
        assert_eq!(wait.as_secs(), 3);
        h.insert("x-rate-limit-reset", "1".parse().unwrap());
        assert!(rate_limit_wait(&h).unwrap() < Duration::from_secs(1));
    }
}
