//! The rehearsal of Okta's first push: it passes against the practice tenant, names each failure
//! a test server plants, never deletes, never shows the token, and sends nothing to production
//! without the domain confirmed.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};

use loopio_scim::practice::{self, DEFAULT_PRACTICE_TOKEN};
use loopio_scim::probe::{Status, Target, TargetOptions};
use loopio_scim::rehearse::{self, Rehearsal, RehearsalOptions};
use loopio_scim::secret::Secret;

const TOKEN: &str = "rehearsal-token-5f2c9e01d7";

/// The one thing a test server gets wrong.
#[derive(Clone, Copy, PartialEq)]
enum Quirk {
    CaseSensitiveFilter,
    DuplicatesAccepted,
    StringRolesRefused,
    PutIgnoresActive,
    CreateFails,
    PasswordRefused,
}

#[derive(Clone)]
struct Quirky {
    quirk: Quirk,
    users: Arc<Mutex<Vec<Value>>>,
    methods: Arc<Mutex<Vec<String>>>,
}

fn scim(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/scim+json")],
        body.to_string(),
    )
        .into_response()
}

fn error(status: StatusCode, detail: &str) -> Response {
    let body = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": status.as_u16().to_string(), "detail": detail});
    scim(status, body)
}

fn same(a: &str, b: &str, quirk: Quirk) -> bool {
    match quirk {
        Quirk::CaseSensitiveFilter | Quirk::DuplicatesAccepted => a == b,
        _ => a.eq_ignore_ascii_case(b),
    }
}

/// A SCIM server that does everything right but its one quirk. Routes by hand, so every
/// request (a DELETE too) is recorded.
async fn handle(
    State(s): State<Quirky>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    s.methods.lock().unwrap().push(method.to_string());
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    if auth != format!("Bearer {TOKEN}") {
        return error(StatusCode::UNAUTHORIZED, "no");
    }
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let path = uri.path().trim_start_matches("/scim/v2");
    let mut users = s.users.lock().unwrap();
    match (method.as_str(), path) {
        ("GET", "/Users") => list_users(&uri, &users, s.quirk),
        ("POST", "/Users") => create_user(&mut users, &auth, &body, s.quirk),
        (m, p) if p.starts_with("/Users/") => {
            one_user(&mut users, m, &p["/Users/".len()..], &body, s.quirk)
        }
        _ => error(StatusCode::NOT_FOUND, "no such endpoint"),
    }
}

/// `GET /Users`, with or without a `userName eq "..."` filter.
fn list_users(uri: &Uri, users: &[Value], quirk: Quirk) -> Response {
    let url = reqwest::Url::parse(&format!("http://x{uri}")).unwrap();
    let filter = url
        .query_pairs()
        .find(|(k, _)| k == "filter")
        .map(|(_, v)| v.to_string())
        .unwrap_or_default();
    let wanted = filter.split('"').nth(1).unwrap_or("").to_string();
    let found: Vec<Value> = users
        .iter()
        .filter(|u| filter.is_empty() || same(u["userName"].as_str().unwrap_or(""), &wanted, quirk))
        .cloned()
        .collect();
    scim(
        StatusCode::OK,
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": found.len(), "startIndex": 1, "itemsPerPage": found.len(), "Resources": found}),
    )
}

/// `POST /Users`: the quirk's refusal, a conflict, or the user created.
fn create_user(users: &mut Vec<Value>, auth: &str, body: &Value, quirk: Quirk) -> Response {
    if let Some(refused) = create_refused(auth, body, quirk) {
        return refused;
    }
    let name = body["userName"].as_str().unwrap_or("");
    if users
        .iter()
        .any(|u| same(u["userName"].as_str().unwrap_or(""), name, quirk))
    {
        return error(StatusCode::CONFLICT, "exists");
    }
    let mut user = body.clone();
    user["id"] = json!(format!("u{}", users.len() + 1));
    user.as_object_mut().unwrap().remove("password");
    users.push(user.clone());
    scim(StatusCode::CREATED, user)
}

/// The error a quirky server answers a create with, if its quirk refuses this one.
fn create_refused(auth: &str, body: &Value, quirk: Quirk) -> Option<Response> {
    match quirk {
        // The server echoes the request's header: the rehearsal must redact it.
        Quirk::CreateFails => Some(error(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("internal error handling {auth}"),
        )),
        Quirk::PasswordRefused if body.get("password").is_some() => Some(error(
            StatusCode::BAD_REQUEST,
            "password does not meet the password policy",
        )),
        Quirk::StringRolesRefused
            if body["roles"]
                .as_array()
                .is_some_and(|r| r.iter().any(Value::is_string)) =>
        {
            Some(error(
                StatusCode::BAD_REQUEST,
                "roles: each value must be a complex object with a \"value\" attribute",
            ))
        }
        _ => None,
    }
}

/// `GET` or `PUT /Users/{id}` (any other method is not allowed).
fn one_user(users: &mut [Value], method: &str, id: &str, body: &Value, quirk: Quirk) -> Response {
    let Some(i) = users.iter().position(|u| u["id"] == id) else {
        return error(StatusCode::NOT_FOUND, "no such user");
    };
    if method == "PUT" {
        let mut user = body.clone();
        user["id"] = json!(id);
        if quirk == Quirk::PutIgnoresActive {
            user["active"] = users[i]["active"].clone();
        }
        users[i] = user;
    } else if method != "GET" {
        return error(StatusCode::METHOD_NOT_ALLOWED, "no");
    }
    scim(StatusCode::OK, users[i].clone())
}

async fn quirky(quirk: Quirk) -> (String, Quirky) {
    let state = Quirky {
        quirk,
        users: Arc::default(),
        methods: Arc::default(),
    };
    let app = Router::new().fallback(handle).with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}/scim/v2"), state)
}

fn target(base_url: &str) -> Target {
    Target::from_options(&TargetOptions {
        base_url: Some(base_url.into()),
        timeout: Some(Duration::from_secs(5)),
        ..Default::default()
    })
    .unwrap()
}

async fn rehearse_at(base_url: &str, token: &str, roles: &[&str]) -> (Rehearsal, usize) {
    let (secret, _) = Secret::from_pasted(token).unwrap();
    let options = RehearsalOptions {
        roles: roles.iter().map(|r| r.to_string()).collect(),
        ..Default::default()
    };
    let mut streamed = 0;
    let result = rehearse::run(&target(base_url), &secret, &options, |_| streamed += 1)
        .await
        .unwrap();
    let json = serde_json::to_string(&result).unwrap();
    assert!(!json.contains(token), "the token appears: {json}");
    assert!(!format!("{result:?}").contains(token));
    (result, streamed)
}

fn status_of(r: &Rehearsal, code: &str) -> Status {
    r.findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no {code} in {r:#?}"))
        .status
}

fn cause_of(r: &Rehearsal, code: &str) -> Option<String> {
    r.findings.iter().find(|f| f.code == code)?.cause.clone()
}

#[tokio::test]
async fn the_practice_tenant_passes_every_step_and_keeps_the_test_user_inactive() {
    let tenant = practice::serve(
        "127.0.0.1:0".parse().unwrap(),
        DEFAULT_PRACTICE_TOKEN.into(),
    )
    .await
    .unwrap();
    let (r, streamed) = rehearse_at(
        &tenant.base_url,
        DEFAULT_PRACTICE_TOKEN,
        &["Admin", "Reviewer"],
    )
    .await;
    assert_eq!(r.verdict, Status::Pass, "{r:#?}");
    assert_eq!(streamed, r.findings.len(), "every finding was streamed");
    let codes: Vec<&str> = r.findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "rehearse.lookup_before_create",
            "rehearse.create",
            "rehearse.roles",
            "rehearse.lookup_case",
            "rehearse.read",
            "rehearse.update",
            "rehearse.duplicate",
            "rehearse.deactivate",
            "rehearse.reactivate",
        ]
    );
    assert!(
        r.findings.iter().all(|f| f.status == Status::Pass),
        "{r:#?}"
    );
    assert_eq!(r.test_users.len(), 1);
    let user = &r.test_users[0];
    assert!(user.user_name.starts_with("okta-rehearsal-"));
    assert!(user.user_name.ends_with("@example.com"));
    assert_eq!(user.active, Some(false));
    // The practice tenant is on this computer: no advice to search Loopio's user list.
    assert!(
        r.cleanup.contains("Nothing was created in Loopio"),
        "{}",
        r.cleanup
    );
    assert!(!r.cleanup.contains("Loopio's user list"), "{}", r.cleanup);
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["test_users"][0]["userName"], user.user_name.as_str());
    tenant.stop();
}

#[tokio::test]
async fn an_unknown_role_is_named() {
    let tenant = practice::serve(
        "127.0.0.1:0".parse().unwrap(),
        DEFAULT_PRACTICE_TOKEN.into(),
    )
    .await
    .unwrap();
    let (r, _) = rehearse_at(&tenant.base_url, DEFAULT_PRACTICE_TOKEN, &["admin"]).await;
    assert_eq!(r.verdict, Status::Fail);
    assert_eq!(status_of(&r, "rehearse.roles"), Status::Fail);
    assert_eq!(
        cause_of(&r, "rehearse.roles").as_deref(),
        Some("role.unknown")
    );
    let roles = r
        .findings
        .iter()
        .find(|f| f.code == "rehearse.roles")
        .unwrap();
    assert!(roles.detail.contains("\"admin\""), "{}", roles.detail);
    assert!(!roles.okta_shows.is_empty());
    // The rest still ran, without the role.
    assert_eq!(status_of(&r, "rehearse.create"), Status::Pass);
    assert_eq!(status_of(&r, "rehearse.deactivate"), Status::Pass);
    tenant.stop();
}

#[tokio::test]
async fn each_planted_failure_is_named() {
    let cases: [(Quirk, &str, Status, &str); 6] = [
        (
            Quirk::CaseSensitiveFilter,
            "rehearse.lookup_case",
            Status::Fail,
            "scim.filter_case_sensitive",
        ),
        (
            Quirk::DuplicatesAccepted,
            "rehearse.duplicate",
            Status::Warn,
            "scim.duplicate_accepted",
        ),
        (
            Quirk::StringRolesRefused,
            "rehearse.roles",
            Status::Fail,
            "role.format",
        ),
        (
            Quirk::PutIgnoresActive,
            "rehearse.deactivate",
            Status::Fail,
            "scim.active_ignored",
        ),
        (
            Quirk::CreateFails,
            "rehearse.create",
            Status::Fail,
            "http.server_error",
        ),
        (
            Quirk::PasswordRefused,
            "rehearse.password",
            Status::Fail,
            "",
        ),
    ];
    for (quirk, code, status, cause) in cases {
        let (url, server) = quirky(quirk).await;
        let (r, _) = rehearse_at(&url, TOKEN, &["Admin", "Reviewer"]).await;
        assert_eq!(status_of(&r, code), status, "{code}: {r:#?}");
        if !cause.is_empty() {
            assert_eq!(cause_of(&r, code).as_deref(), Some(cause), "{code}");
        }
        let f = r.findings.iter().find(|f| f.code == code).unwrap();
        assert!(!f.request.is_empty() && !f.remedy.is_empty() && !f.okta_shows.is_empty());
        let methods = server.methods.lock().unwrap().clone();
        assert!(
            !methods.iter().any(|m| m == "DELETE"),
            "never DELETE: {methods:?}"
        );
        match quirk {
            Quirk::CreateFails => {
                assert!(r.test_users.is_empty());
                assert_eq!(status_of(&r, "rehearse.update"), Status::Skip);
                let create = r.findings.iter().find(|f| f.code == code).unwrap();
                assert!(create.detail.contains("[redacted]"), "{}", create.detail);
            }
            Quirk::DuplicatesAccepted => {
                assert_eq!(r.test_users.len(), 2, "{r:#?}");
                assert!(
                    r.test_users.iter().all(|u| u.active == Some(false)),
                    "{r:#?}"
                );
            }
            Quirk::PutIgnoresActive => {
                assert_eq!(r.test_users[0].active, Some(true), "reported as it is");
            }
            _ => assert_eq!(status_of(&r, "rehearse.create"), Status::Pass, "{code}"),
        }
    }
}

/// A TCP listener that only counts connections: nothing may reach it.
async fn counting_listener() -> (u16, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((_stream, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
        }
    });
    (port, count)
}

#[tokio::test]
async fn production_without_the_domain_confirmed_sends_nothing() {
    let (port, connections) = counting_listener().await;
    let target = Target::from_options(&TargetOptions {
        base_url: Some(format!("https://api.loopio.com:{port}/scim/v2")),
        resolve: vec![format!("api.loopio.com:{port}:127.0.0.1")],
        timeout: Some(Duration::from_secs(2)),
        ..Default::default()
    })
    .unwrap();
    let (secret, _) = Secret::from_pasted(TOKEN).unwrap();
    let mut options = RehearsalOptions::default();
    let refused = rehearse::run(&target, &secret, &options, |_| {})
        .await
        .unwrap_err();
    assert_eq!(refused.code, "rehearse.production_unconfirmed");
    assert!(!refused.message.contains(TOKEN));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(connections.load(Ordering::SeqCst), 0, "nothing was sent");

    // Confirmed, it does go there (so the listener above would have seen a request).
    options.confirm_production = Some("acme.loopio.com".into());
    let r = rehearse::run(&target, &secret, &options, |_| {})
        .await
        .unwrap();
    assert_eq!(r.verdict, Status::Fail, "no TLS on the listener");
    assert!(connections.load(Ordering::SeqCst) > 0);
}

/// The connection test's read-only part (issue 11, item 0): an existing user looked up in
/// another case, and the shape of the roles listed.
#[tokio::test]
async fn the_connection_test_looks_up_an_existing_user_in_another_case() {
    use loopio_scim::probe;
    let (secret, _) = Secret::from_pasted(TOKEN).unwrap();
    let find = |r: &probe::Report, check: &str| {
        r.findings
            .iter()
            .find(|f| f.check == check)
            .cloned()
            .unwrap()
    };
    let existing =
        json!({"id": "u1", "userName": "Ann.Lee@acme.example", "roles": [{"value": "Admin"}]});

    let (url, server) = quirky(Quirk::CaseSensitiveFilter).await;
    let report = probe::run(&target(&url), &secret, |_| {}).await;
    assert_eq!(
        find(&report, "okta.lookup_case").status,
        Status::Skip,
        "no users yet"
    );
    server.users.lock().unwrap().push(existing.clone());
    let report = probe::run(&target(&url), &secret, |_| {}).await;
    let case = find(&report, "okta.lookup_case");
    assert_eq!(
        (case.status, case.code.as_str()),
        (Status::Fail, "scim.filter_case_sensitive"),
        "{case:#?}"
    );
    let shape = find(&report, "okta.roles_shape");
    assert_eq!(
        (shape.status, shape.code.as_str()),
        (Status::Warn, "scim.roles_objects")
    );

    let (url, server) = quirky(Quirk::PutIgnoresActive).await;
    server.users.lock().unwrap().push(existing);
    let report = probe::run(&target(&url), &secret, |_| {}).await;
    assert_eq!(find(&report, "okta.lookup_case").status, Status::Pass);
    let methods = server.methods.lock().unwrap().clone();
    assert!(methods.iter().all(|m| m == "GET"), "read-only: {methods:?}");
}
