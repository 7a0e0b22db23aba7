//! A fake Okta org on loopback for the read-back's tests.
//!
//! It serves the Management API's shapes as `management-minimal.yaml` describes them
//! (`SamlApplication` as in its `Saml2.0ResponseEx`, `UserSchema`, `ApplicationGroupAssignment`,
//! `JsonWebKey`, `Error`), pages lists with `Link: <...>; rel="next"` like Okta, and records the
//! method, path and `Authorization` of every request, so a test proves only GET is sent and the
//! token only goes here. [`OrgData::correct`] is a Loopio app set up exactly as the wizard says;
//! a test plants one mistake by editing its JSON before [`start`].

use std::collections::{BTreeMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};

/// The API token the fake accepts (`Authorization: SSWS <TOKEN>`).
pub const TOKEN: &str = "00FakeOkta-apiToken_7Hq2Lm9Zx4Pw8Rt6Yv3Nb1Kc";
pub const APP_ID: &str = "0oa1loopio2app3id4x5";
pub const APP_LABEL: &str = "Loopio";
pub const APP_NAME: &str = "acmeorg_loopio_1";
pub const ROLES_VAR: &str = "acmeorg_loopio_1_roles";
pub const DOMAIN: &str = "acme.loopio.com";
pub const KID: &str = "mXtzOtml09Dg1ZCeKxTRBo3KrQuBWFkJ5oxhVagjTzo";
pub const CORE_USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// Loopio's role names the correct org's groups use.
pub const ROLES: [&str; 3] = ["Admin", "Contributor", "Reviewer"];

mod fixtures;
pub mod metadata;
pub mod oauth;
pub mod people;
pub mod writes;
pub use fixtures::{app_user, group, key, saml_app, schema};
pub use oauth::OAuthApp;
pub use people::People;

/// What the fake org holds and how it misbehaves.
#[derive(Debug, Clone)]
pub struct OrgData {
    /// `Application` objects, in list order.
    pub apps: Vec<Value>,
    /// App id → its default app user schema (`UserSchema`).
    pub schemas: BTreeMap<String, Value>,
    /// App id → its group assignments (`ApplicationGroupAssignment`, with `_embedded.group`).
    pub groups: BTreeMap<String, Vec<Value>>,
    /// App id → its signing keys (`JsonWebKey`).
    pub keys: BTreeMap<String, Vec<Value>>,
    /// App id → its assigned users (`AppUser`).
    pub users: BTreeMap<String, Vec<Value>>,
    /// App id → its SAML metadata document (served for its signing `kid`).
    pub metadata: BTreeMap<String, String>,
    /// The certificate in the Loopio app's metadata, made for this run.
    pub idp_cert: metadata::IdpCert,
    /// The most items per page whatever `limit` asks: small values force `Link` paging.
    pub page_size: usize,
    /// Paths starting with one of these answer 403 `E0000006`.
    pub forbidden: Vec<String>,
    /// Paths starting with one of these answer 429 `E0000047` once, resetting in a second.
    pub rate_limited_once: Vec<String>,
    /// Paths starting with one of these answer 429 with a reset an hour away.
    pub rate_limited: Vec<String>,
    /// Answer every request with an HTML sign-in page (a wrong org URL or a portal).
    pub html: bool,
    /// Put this origin in `next` links instead of the fake's own (a rewriting proxy).
    pub link_origin: Option<String>,
    /// A registered OAuth 2.0 service app: the token endpoint answers for it.
    pub oauth: Option<OAuthApp>,
    /// Every answer waits this long first (the benchmark's network latency).
    pub latency: std::time::Duration,
    /// What the writes of `apply` see and change: groups, mappings, failing paths.
    pub directory: writes::Directory,
    /// Okta users, their groups and the System Log (`reconcile`).
    pub people: People,
}

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path_and_query: String,
    pub authorization: Option<String>,
}

/// The running fake: `url` is the org URL to give the read-back.
pub struct FakeOkta {
    pub url: String,
    pub addr: SocketAddr,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    /// The access tokens the token endpoint issued.
    pub issued: Arc<oauth::Issued>,
    /// The org as it is now: writes change it, and tests may too between runs.
    pub state: Arc<Mutex<OrgData>>,
}

impl FakeOkta {
    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

struct Server {
    data: Arc<Mutex<OrgData>>,
    origin: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    limited_once: Mutex<HashSet<String>>,
    issued: Arc<oauth::Issued>,
}

/// Starts the fake on 127.0.0.1 with `data`.
pub async fn start(data: OrgData) -> FakeOkta {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let origin = format!("http://{addr}");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let state = Arc::new(Mutex::new(data));
    let issued = Arc::new(oauth::Issued::default());
    let server = Arc::new(Server {
        issued: issued.clone(),
        data: state.clone(),
        origin: origin.clone(),
        seen: seen.clone(),
        limited_once: Mutex::new(HashSet::new()),
    });
    let router = Router::new().fallback(handle).with_state(server);
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    FakeOkta {
        url: origin,
        addr,
        seen,
        issued,
        state,
    }
}

fn okta_error(status: StatusCode, code: &str, summary: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        json!({
            "errorCode": code,
            "errorSummary": summary,
            "errorLink": code,
            "errorId": "oaeFakeOkta0000000000",
            "errorCauses": []
        })
        .to_string(),
    )
        .into_response()
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn rate_limited(reset_in: u64) -> Response {
    let mut response = okta_error(
        StatusCode::TOO_MANY_REQUESTS,
        "E0000047",
        "API call exceeded rate limit due to too many requests.",
    );
    let headers = response.headers_mut();
    headers.insert("x-rate-limit-limit", "600".parse().unwrap());
    headers.insert("x-rate-limit-remaining", "0".parse().unwrap());
    headers.insert(
        "x-rate-limit-reset",
        (now_secs() + reset_in).to_string().parse().unwrap(),
    );
    response
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn query_pairs(uri: &Uri) -> Vec<(String, String)> {
    query_pairs_of(uri.query().unwrap_or(""))
}

/// `k=v&...` pairs, decoded (a query, or a form body).
fn query_pairs_of(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

/// One page of `items`, with Okta's `Link` headers (`self`, and `next` when there is more).
fn page(server: &Server, uri: &Uri, items: &[Value]) -> Response {
    page_mapped(server, uri, items, Value::clone)
}

/// [`page`], each item of the page served as `serve` makes it (an app user with its user).
fn page_mapped(
    server: &Server,
    uri: &Uri,
    items: &[Value],
    serve: impl Fn(&Value) -> Value,
) -> Response {
    let pairs = query_pairs(uri);
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let after: usize = get("after").and_then(|a| a.parse().ok()).unwrap_or(0);
    let limit = get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .filter(|l| *l > 0)
        .unwrap_or(20)
        .min(500)
        .min(server.data.lock().unwrap().page_size.max(1));
    let slice: Vec<Value> = items.iter().skip(after).take(limit).map(serve).collect();
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        Value::Array(slice).to_string(),
    )
        .into_response();
    let path = uri.path();
    let link = |after: usize| {
        let mut query: Vec<String> = pairs
            .iter()
            .filter(|(k, _)| k != "after")
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        query.push(format!("after={after}"));
        let link_origin = server.data.lock().unwrap().link_origin.clone();
        let origin = link_origin.as_deref().unwrap_or(&server.origin);
        format!("{origin}{path}?{}", query.join("&"))
    };
    let headers = response.headers_mut();
    headers.append(
        header::LINK,
        format!("<{}>; rel=\"self\"", link(after)).parse().unwrap(),
    );
    if after + limit < items.len() {
        headers.append(
            header::LINK,
            format!("<{}>; rel=\"next\"", link(after + limit))
                .parse()
                .unwrap(),
        );
    }
    response
}

fn json_ok(value: &Value) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

/// The API token, or an access token the token endpoint issued (with its DPoP proof).
fn authorized(
    server: &Server,
    authorization: Option<&str>,
    headers: &HeaderMap,
    path: &str,
) -> bool {
    match authorization {
        Some(a) if a == format!("SSWS {TOKEN}") => true,
        Some(a) => {
            let url = format!("{}{path}", server.origin);
            oauth::api_authorized(&server.issued, a, headers, &url)
        }
        None => false,
    }
}

async fn handle(
    State(server): State<Arc<Server>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    server.seen.lock().unwrap().push(Seen {
        method: method.to_string(),
        path_and_query: uri
            .path_and_query()
            .map(|p| p.to_string())
            .unwrap_or_default(),
        authorization: authorization.clone(),
    });
    let snapshot = snapshot(&server);
    let data = &snapshot;
    let path = uri.path().to_string();
    let stalled = people::stalls(data, &uri).then_some(std::time::Duration::from_secs(3600));
    tokio::time::sleep(stalled.unwrap_or(data.latency)).await;
    if data.html {
        return (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html")],
            "<!doctype html><html><head><title>Sign in</title></head><body>Okta sign-in</body></html>",
        )
            .into_response();
    }
    if path == "/oauth2/v1/token" && method == Method::POST {
        let app = data.oauth.as_ref();
        return oauth::token(app, &server.issued, &server.origin, &headers, &body);
    }
    if method != Method::GET && !writes::METHODS.contains(&method.as_str()) {
        return okta_error(
            StatusCode::METHOD_NOT_ALLOWED,
            "E0000022",
            "The endpoint does not support the provided HTTP method",
        );
    }
    if !authorized(&server, authorization.as_deref(), &headers, &path) {
        return okta_error(
            StatusCode::UNAUTHORIZED,
            "E0000011",
            "Invalid token provided",
        );
    }
    if data.forbidden.iter().any(|p| path.starts_with(p.as_str())) {
        return okta_error(
            StatusCode::FORBIDDEN,
            "E0000006",
            "You do not have permission to perform the requested action",
        );
    }
    if data
        .rate_limited
        .iter()
        .any(|p| path.starts_with(p.as_str()))
    {
        return rate_limited(3600);
    }
    if let Some(p) = data
        .rate_limited_once
        .iter()
        .find(|p| path.starts_with(p.as_str()))
    {
        if server.limited_once.lock().unwrap().insert(p.clone()) {
            return rate_limited(1);
        }
    }
    if method != Method::GET {
        return writes::write(&server, &method, &path, &body);
    }
    route(&server, &uri, &path)
}

/// The org without its app users (a benchmark's org has 10,000 of them: each request would
/// otherwise copy them all).
fn snapshot(server: &Server) -> OrgData {
    let mut data = server.data.lock().unwrap();
    let users = std::mem::take(&mut data.users);
    let snapshot = data.clone();
    data.users = users;
    snapshot
}

/// The users assigned to app `id`, when it has a list.
fn app_users_of(server: &Server, id: &str) -> Option<Vec<Value>> {
    server.data.lock().unwrap().users.get(id).cloned()
}

/// The read routes: the app list (`q=` starts-with on label or name), one app, its group
/// assignments, users, signing keys and app user schema.
fn route(server: &Server, uri: &Uri, path: &str) -> Response {
    let snapshot = snapshot(server);
    let data = &snapshot;
    let not_found = || {
        okta_error(
            StatusCode::NOT_FOUND,
            "E0000007",
            &format!("Not found: Resource not found: {path} (AppInstance)"),
        )
    };
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segments.as_slice() {
        ["api", "v1", "apps"] => {
            let pairs = query_pairs(uri);
            let q = pairs
                .iter()
                .find(|(k, _)| k == "q")
                .map(|(_, v)| v.to_lowercase());
            let matching: Vec<Value> = data
                .apps
                .iter()
                .filter(|a| match &q {
                    None => true,
                    Some(q) => ["label", "name"].iter().any(|k| {
                        a[*k]
                            .as_str()
                            .is_some_and(|v| v.to_lowercase().starts_with(q.as_str()))
                    }),
                })
                .cloned()
                .collect();
            page(server, uri, &matching)
        }
        ["api", "v1", "apps", id] => match data.apps.iter().find(|a| a["id"] == *id) {
            Some(app) => json_ok(app),
            None => not_found(),
        },
        ["api", "v1", "apps", id, "groups"] => match data.groups.get(*id) {
            Some(groups) => page(server, uri, groups),
            None if data.apps.iter().any(|a| a["id"] == *id) => page(server, uri, &[]),
            None => not_found(),
        },
        ["api", "v1", "apps", id, "users"] => match app_users_of(server, id) {
            Some(users) => people::app_users(server, uri, &users),
            None if data.apps.iter().any(|a| a["id"] == *id) => page(server, uri, &[]),
            None => not_found(),
        },
        ["api", "v1", "apps", id, "credentials", "keys"] => match data.keys.get(*id) {
            Some(keys) => json_ok(&Value::Array(keys.clone())),
            None => not_found(),
        },
        ["api", "v1", "apps", id, "sso", "saml", "metadata"] => {
            let pairs = query_pairs(uri);
            let kid = pairs
                .iter()
                .find(|(k, _)| k == "kid")
                .map(|(_, v)| v.as_str());
            match metadata::answer(data, id, kid) {
                Some(xml) => {
                    (StatusCode::OK, [(header::CONTENT_TYPE, "text/xml")], xml).into_response()
                }
                None => not_found(),
            }
        }
        ["api", "v1", "meta", "schemas", "apps", id, "default"] => match data.schemas.get(*id) {
            Some(schema) => json_ok(schema),
            None => not_found(),
        },
        _ => people::read(server, uri, path)
            .or_else(|| writes::read(server, uri, path))
            .unwrap_or_else(not_found),
    }
}
