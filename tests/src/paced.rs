//! A SCIM server on loopback whose every page of users takes a set time to answer: for the role
//! pager's tests (how many pages are in flight, a 429 waited out) and its benchmark.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::json;

#[derive(Default)]
pub struct Seen {
    pub now: AtomicUsize,
    pub most: AtomicUsize,
    pub requests: AtomicUsize,
    pub slowed_down: AtomicBool,
}

pub async fn serve(
    users: u64,
    latency: Duration,
    slow_down_start: Option<u64>,
) -> (String, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let state = (seen.clone(), users, latency, slow_down_start);
    let app = Router::new()
        .route("/scim/v2/Users", get(page))
        .with_state(state);
    let addr = crate::hostile::serve(app).await;
    (format!("http://{addr}/scim/v2"), seen)
}

type S = (Arc<Seen>, u64, Duration, Option<u64>);

async fn page(
    State((seen, users, latency, slow_down_start)): State<S>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Response {
    seen.requests.fetch_add(1, Ordering::SeqCst);
    let now = seen.now.fetch_add(1, Ordering::SeqCst) + 1;
    seen.most.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(latency).await;
    seen.now.fetch_sub(1, Ordering::SeqCst);
    let start: u64 = q
        .get("startIndex")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let count: u64 = q.get("count").and_then(|s| s.parse().ok()).unwrap_or(100);
    if Some(start) == slow_down_start && !seen.slowed_down.swap(true, Ordering::SeqCst) {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "1")],
            "",
        )
            .into_response();
    }
    let resources: Vec<_> = (start..(start + count).min(users + 1))
        .map(|i| json!({"id": i.to_string(), "userName": format!("u{i}@example.com"), "roles": [if i % 2 == 0 { "Admin" } else { "Reviewer" }]}))
        .collect();
    (
        [(header::CONTENT_TYPE, "application/scim+json")],
        json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": users,
            "startIndex": start,
            "itemsPerPage": resources.len(),
            "Resources": resources,
        })
        .to_string(),
    )
        .into_response()
}
