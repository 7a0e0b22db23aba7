//! A Loopio SCIM API on loopback holding chosen users, for `reconcile`'s tests and benchmark:
//! `GET /Users` pages by `startIndex`/`count`, `filter=userName eq "x"` (any case), and
//! `GET /Users/{id}`; every answer after a set latency; every request's method and path
//! recorded. Faults: a wrong token (401), pages that ignore `startIndex` (a repeating page),
//! pages after the first that never answer (a server that times out mid-way), and a user listed
//! twice.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use serde_json::{json, Value};

/// The token the fake accepts (`Authorization: Bearer <TOKEN>`).
pub const TOKEN: &str = "fake-loopio-scim-token-3c9e51a7d2";

/// What the fake holds and how it misbehaves.
#[derive(Debug, Clone, Default)]
pub struct ScimData {
    pub users: Vec<Value>,
    pub latency: Duration,
    /// Every page is the first, whatever `startIndex` says.
    pub ignore_start_index: bool,
    /// Pages with `startIndex` above 1 never answer.
    pub stall_after_first: bool,
    /// The most users per page, whatever `count` asks (0: no cap).
    pub max_count: usize,
}

/// The running fake: `base_url` is the SCIM base URL.
pub struct FakeScim {
    pub base_url: String,
    pub seen: Arc<Mutex<Vec<(String, String)>>>,
}

impl FakeScim {
    /// Every request as `METHOD path?query`.
    pub fn requests(&self) -> Vec<(String, String)> {
        self.seen.lock().unwrap().clone()
    }
}

/// A SCIM user; `roles` as given (strings or RFC 7643 objects).
pub fn user(id: &str, user_name: &str, active: bool, roles: Value) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": id, "userName": user_name, "active": active, "roles": roles,
        "name": {"givenName": "Test", "familyName": "User"},
        "emails": [{"primary": true, "value": user_name, "type": "work"}],
        "meta": {"resourceType": "User", "lastModified": "2025-03-04T08:00:00Z"}
    })
}

type S = (Arc<ScimData>, Arc<Mutex<Vec<(String, String)>>>);

fn scim_error(status: StatusCode, detail: &str) -> Response {
    let body = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": status.as_u16().to_string(), "detail": detail});
    (
        status,
        [(header::CONTENT_TYPE, "application/scim+json")],
        body.to_string(),
    )
        .into_response()
}

async fn guard(state: &S, method: &Method, uri: &Uri, headers: &HeaderMap) -> Option<Response> {
    let pq = uri
        .path_and_query()
        .map(|p| p.to_string())
        .unwrap_or_default();
    state.1.lock().unwrap().push((method.to_string(), pq));
    if !state.0.latency.is_zero() {
        tokio::time::sleep(state.0.latency).await;
    }
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if method != Method::GET {
        return Some(scim_error(StatusCode::METHOD_NOT_ALLOWED, "Read-only fake"));
    }
    (auth != Some(format!("Bearer {TOKEN}").as_str()))
        .then(|| scim_error(StatusCode::UNAUTHORIZED, "Invalid token"))
}

async fn list(
    State(state): State<S>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Response {
    if let Some(refused) = guard(&state, &method, &uri, &headers).await {
        return refused;
    }
    let data = &state.0;
    let mut start: usize = q
        .get("startIndex")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .max(1);
    if start > 1 && data.stall_after_first {
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
    if data.ignore_start_index {
        start = 1;
    }
    let mut count: usize = q.get("count").and_then(|s| s.parse().ok()).unwrap_or(100);
    if data.max_count > 0 {
        count = count.min(data.max_count);
    }
    let matching: Vec<&Value> = match q.get("filter").and_then(|f| f.split('"').nth(1)) {
        Some(name) => data
            .users
            .iter()
            .filter(|u| {
                u["userName"]
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
            .collect(),
        None => data.users.iter().collect(),
    };
    let page: Vec<Value> = matching
        .iter()
        .skip(start - 1)
        .take(count)
        .map(|u| (*u).clone())
        .collect();
    let body = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": matching.len(), "startIndex": start, "itemsPerPage": page.len(), "Resources": page
    });
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/scim+json")],
        body.to_string(),
    )
        .into_response()
}

async fn one(
    State(state): State<S>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Some(refused) = guard(&state, &method, &uri, &headers).await {
        return refused;
    }
    match state.0.users.iter().find(|u| u["id"] == id.as_str()) {
        Some(u) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/scim+json")],
            u.to_string(),
        )
            .into_response(),
        None => scim_error(StatusCode::NOT_FOUND, "User not found"),
    }
}

/// Starts the fake on 127.0.0.1 with `data`.
pub async fn start(data: ScimData) -> FakeScim {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let state: S = (Arc::new(data), seen.clone());
    let app = Router::new()
        .route("/scim/v2/Users", any(list))
        .route("/scim/v2/Users/{id}", any(one))
        .with_state(state);
    let addr = crate::hostile::serve(app).await;
    FakeScim {
        base_url: format!("http://{addr}/scim/v2"),
        seen,
    }
}
