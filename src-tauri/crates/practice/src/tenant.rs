//! The practice tenant: an in-memory Loopio-like SCIM server on loopback, so anyone can walk the
//! whole flow (including the connection test) offline. It behaves as a SCIM 2.0 server must for
//! Okta: ListResponse with integer counts, case-insensitive `userName eq` filters, 401 without
//! the right token, 404 SCIM errors for unknown ids, 409 on a duplicate userName (any case).
//! Roles are taken as Okta sends them (a flat list of strings; RFC 7643 objects too), and a role
//! Loopio does not have is refused with a SCIM error naming it, as Loopio is expected to.
//! The same server also serves the practice Okta under `/api/v1` ([`crate::okta`]).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

use crate::http::{self, header, HeaderMap, Incoming, Request, Response, Route, StatusCode};
use crate::okta::{self as practice_okta, PracticeOkta};
use crate::PRACTICE_ROLES;

const LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

/// The token the practice tenant accepts unless another is chosen. Not a secret: it only opens
/// this in-memory server on this computer.
pub const DEFAULT_PRACTICE_TOKEN: &str = "practice-token-0123456789abcdef";

/// What to do when the practice tenant refuses a token (401): it takes only its own practice
/// token, never a Loopio token, so "generate a new one in Loopio" would be wrong here.
pub fn wrong_token_remedy() -> String {
    // The token itself is not quoted: findings are saved and exported, and no token is written
    // to a file, not even this one.
    String::from(
        "This is not the practice token: the practice tenant takes only its own token (in the \
         window, the \"Use the practice token\" button pastes it), never a token from Loopio.",
    )
}

#[derive(Clone)]
struct Tenant {
    token: Arc<String>,
    users: Arc<Mutex<Vec<Value>>>,
    next_id: Arc<Mutex<u64>>,
}

/// A running practice tenant.
pub struct Running {
    pub addr: SocketAddr,
    pub base_url: String,
    /// The practice Okta on the same server: its org URL is `okta.url()`.
    pub okta: PracticeOkta,
    handle: tokio::task::JoinHandle<()>,
}

impl Running {
    pub fn stop(self) {
        self.handle.abort();
    }
}

fn sample_users() -> Vec<Value> {
    let user = |id: &str, user_name: &str, given: &str, family: &str, roles: Value| {
        json!({
            "schemas": [USER],
            "id": id,
            "externalId": format!("00u{id}"),
            "userName": user_name,
            "name": { "givenName": given, "familyName": family },
            "displayName": format!("{given} {family}"),
            "emails": [{ "primary": true, "value": user_name, "type": "work" }],
            "active": true,
            "roles": roles,
        })
    };
    vec![
        user(
            "1001",
            "alice.admin@acme.example",
            "Alice",
            "Admin",
            json!(["Admin"]),
        ),
        user(
            "1003",
            "carol.review@acme.example",
            "Carol",
            "Review",
            json!(["Reviewer"]),
        ),
        // The RFC 7643 object form, as some servers send it: not on the first page of two, which
        // Okta's own test request reads (the connection test would warn, see probe::existing).
        user(
            "1002",
            "bob.writer@acme.example",
            "Bob",
            "Writer",
            json!([{ "value": "Contributor", "primary": true }]),
        ),
        user(
            "1004",
            "dan.lead@acme.example",
            "Dan",
            "Lead",
            json!(["Admin", "Reviewer"]),
        ),
        user("1005", "erin.new@acme.example", "Erin", "New", json!([])),
        // After go-live (the practice Okta's `with_live_users`): Fay was deactivated in Loopio by
        // hand, Gil's userName is his old one.
        inactive(user(
            "1006",
            "fay.former@acme.example",
            "Fay",
            "Former",
            json!([]),
        )),
        user("1007", "gil.old@acme.example", "Gil", "Old", json!([])),
    ]
}

fn inactive(mut user: Value) -> Value {
    user["active"] = json!(false);
    user
}

/// Serves the practice tenant on `addr` (use port 0 for any free port) until stopped.
pub async fn serve(addr: SocketAddr, token: String) -> std::io::Result<Running> {
    let tenant = Tenant {
        token: Arc::new(token),
        users: Arc::new(Mutex::new(sample_users())),
        next_id: Arc::new(Mutex::new(2000)),
    };
    let okta = PracticeOkta::default();
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    okta.set_origin(format!("http://{addr}"));
    let server = Server {
        tenant,
        okta: okta.clone(),
    };
    let handle = tokio::spawn(http::serve(listener, move |request| {
        let server = server.clone();
        async move { server.handle(request).await }
    }));
    Ok(Running {
        addr,
        base_url: format!("http://{addr}/scim/v2"),
        okta,
        handle,
    })
}

/// The SCIM routes under `/scim/v2`, behind the practice token.
const SCIM_ROUTES: &[Route] = &[
    ("/Users", &["GET", "POST"]),
    ("/Users/{id}", &["GET", "PUT"]),
    ("/Groups", &["GET"]),
    ("/ServiceProviderConfig", &["GET"]),
];

/// The whole server: the practice tenant's SCIM under `/scim/v2`, the practice Okta under
/// `/api/v1`, anything else a bare 404.
#[derive(Clone)]
struct Server {
    tenant: Tenant,
    okta: PracticeOkta,
}

impl Server {
    async fn handle(self, request: Request<Incoming>) -> Response {
        let path = request.uri().path();
        if let Some(rest) = http::under(path, "/scim/v2") {
            let Some(route) = http::route(SCIM_ROUTES, rest) else {
                return scim_error(StatusCode::NOT_FOUND, None, "No such SCIM endpoint.");
            };
            let rest = rest.to_string();
            return self.tenant.scim(route, &rest, request).await;
        }
        if let Some(rest) = http::under(path, practice_okta::API) {
            let rest = rest.to_string();
            return practice_okta::handle(&self.okta, &rest, request).await;
        }
        http::empty(StatusCode::NOT_FOUND)
    }
}

impl Tenant {
    /// A request to one of [`SCIM_ROUTES`] (`route`, matched by `path`): 405 for a method the
    /// route does not take, 401 without the token, else the route's answer.
    async fn scim(self, route: &'static str, path: &str, request: Request<Incoming>) -> Response {
        let methods = http::methods(SCIM_ROUTES, route);
        let Some(method) = http::allowed(request.method(), methods) else {
            return http::method_not_allowed(methods);
        };
        if let Some(refused) = require_token(&self, request.headers()) {
            return refused;
        }
        match (route, method) {
            ("/Users", "GET") => list_users(&self, &http::query(request.uri())),
            ("/Users", _) => match http::json_body(request).await {
                Ok(body) => create_user(&self, body),
                Err(refused) => refused,
            },
            ("/Users/{id}", method) => {
                let Some(id) = http::segment(path, 2) else {
                    return http::bad_segment();
                };
                if method == "GET" {
                    return get_user(&self, &id);
                }
                match http::json_body(request).await {
                    Ok(body) => replace_user(&self, &id, body),
                    Err(refused) => refused,
                }
            }
            ("/Groups", _) => list_groups(),
            _ => service_provider_config(),
        }
    }
}

fn scim_error(status: StatusCode, scim_type: Option<&str>, detail: &str) -> Response {
    let mut body =
        json!({ "schemas": [ERROR], "status": status.as_u16().to_string(), "detail": detail });
    if let Some(t) = scim_type {
        body["scimType"] = json!(t);
    }
    scim_json(status, body)
}

fn scim_json(status: StatusCode, body: Value) -> Response {
    http::text(status, "application/scim+json", body.to_string())
}

/// The 401 for a request without the practice token, if it is one.
fn require_token(tenant: &Tenant, headers: &HeaderMap) -> Option<Response> {
    let expected = format!("Bearer {}", tenant.token);
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    (given != Some(expected.as_str())).then(|| {
        scim_error(
            StatusCode::UNAUTHORIZED,
            None,
            "Missing or invalid bearer token.",
        )
    })
}

/// `userName eq "value"` (attribute and value case-insensitive); the only filter Okta sends.
fn parse_filter(filter: &str) -> Option<String> {
    let mut parts = filter.trim().splitn(3, char::is_whitespace);
    let attr = parts.next()?;
    let op = parts.next()?;
    let value = parts.next()?.trim();
    if !attr.eq_ignore_ascii_case("userName") || !op.eq_ignore_ascii_case("eq") {
        return None;
    }
    let inner = value.strip_prefix('"')?.strip_suffix('"')?;
    Some(inner.to_string())
}

fn list(resources: Vec<Value>, total: usize, start: usize) -> Value {
    json!({
        "schemas": [LIST],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": resources.len(),
        "Resources": resources,
    })
}

fn list_users(tenant: &Tenant, q: &HashMap<String, String>) -> Response {
    let users = tenant.users.lock().map(|u| u.clone()).unwrap_or_default();
    let matching: Vec<Value> = match q.get("filter") {
        Some(f) => match parse_filter(f) {
            Some(name) => users
                .into_iter()
                .filter(|u| {
                    u["userName"]
                        .as_str()
                        .is_some_and(|n| n.eq_ignore_ascii_case(&name))
                })
                .collect(),
            None => {
                return scim_error(
                    StatusCode::BAD_REQUEST,
                    Some("invalidFilter"),
                    "Only userName eq \"...\" is supported.",
                )
            }
        },
        None => users,
    };
    let start = q
        .get("startIndex")
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let count = q
        .get("count")
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(100)
        .min(100);
    let total = matching.len();
    let page: Vec<Value> = matching.into_iter().skip(start - 1).take(count).collect();
    scim_json(StatusCode::OK, list(page, total, start))
}

fn get_user(tenant: &Tenant, id: &str) -> Response {
    let users = tenant.users.lock().map(|u| u.clone()).unwrap_or_default();
    match users.into_iter().find(|u| u["id"] == id) {
        Some(u) => scim_json(StatusCode::OK, u),
        None => scim_error(StatusCode::NOT_FOUND, None, "No user with this id."),
    }
}

/// The userName of a create or replace body, if it has one.
fn valid_user(body: &Value) -> Option<String> {
    let name = body["userName"].as_str().map(str::trim).unwrap_or("");
    (!name.is_empty()).then(|| name.to_string())
}

fn unavailable() -> Response {
    scim_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        None,
        "Tenant state unavailable.",
    )
}

/// userName is unique, case-insensitively; `except` is the user being replaced.
fn user_name_taken(users: &[Value], name: &str, except: Option<&str>) -> bool {
    users.iter().any(|u| {
        except.map_or(true, |id| u["id"] != id)
            && u["userName"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
    })
}

/// What the tenant keeps of a create or replace body: its id set, the password dropped.
fn as_stored(body: &mut Value, id: &str) {
    body["id"] = json!(id);
    if let Some(obj) = body.as_object_mut() {
        obj.remove("password");
    }
}

/// A SCIM error naming the first role value the tenant does not have, if any.
fn unknown_role(body: &Value) -> Option<Response> {
    let roles = body.get("roles")?.as_array()?;
    let name = roles.iter().find_map(|r| {
        let name = match r {
            Value::String(s) => s.as_str(),
            Value::Object(o) => o.get("value").and_then(Value::as_str).unwrap_or(""),
            _ => "",
        };
        (!PRACTICE_ROLES.contains(&name)).then_some(name)
    })?;
    Some(scim_error(
        StatusCode::BAD_REQUEST,
        Some("invalidValue"),
        &format!(
            "Unknown role \"{name}\". The roles are: {}.",
            PRACTICE_ROLES.join(", ")
        ),
    ))
}

fn missing_user_name() -> Response {
    scim_error(
        StatusCode::BAD_REQUEST,
        Some("invalidValue"),
        "userName is required.",
    )
}

fn create_user(tenant: &Tenant, mut body: Value) -> Response {
    let Some(name) = valid_user(&body) else {
        return missing_user_name();
    };
    if let Some(refused) = unknown_role(&body) {
        return refused;
    }
    let Ok(mut users) = tenant.users.lock() else {
        return unavailable();
    };
    if user_name_taken(&users, &name, None) {
        return scim_error(
            StatusCode::CONFLICT,
            Some("uniqueness"),
            "A user with this userName already exists.",
        );
    }
    let id = {
        let mut next = tenant.next_id.lock().unwrap_or_else(|e| e.into_inner());
        *next += 1;
        next.to_string()
    };
    as_stored(&mut body, &id);
    users.push(body.clone());
    scim_json(StatusCode::CREATED, body)
}

fn replace_user(tenant: &Tenant, id: &str, mut body: Value) -> Response {
    let Some(name) = valid_user(&body) else {
        return missing_user_name();
    };
    if let Some(refused) = unknown_role(&body) {
        return refused;
    }
    let Ok(mut users) = tenant.users.lock() else {
        return unavailable();
    };
    // An unknown id is a 404 whatever the body says: there is nothing to conflict with.
    let Some(index) = users.iter().position(|u| u["id"] == id) else {
        return scim_error(StatusCode::NOT_FOUND, None, "No user with this id.");
    };
    if user_name_taken(&users, &name, Some(id)) {
        return scim_error(
            StatusCode::CONFLICT,
            Some("uniqueness"),
            "Another user has this userName.",
        );
    }
    as_stored(&mut body, id);
    users[index] = body.clone();
    scim_json(StatusCode::OK, body)
}

fn list_groups() -> Response {
    scim_json(StatusCode::OK, list(Vec::new(), 0, 1))
}

fn service_provider_config() -> Response {
    scim_json(
        StatusCode::OK,
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "patch": { "supported": false },
            "bulk": { "supported": false, "maxOperations": 0, "maxPayloadSize": 0 },
            "filter": { "supported": true, "maxResults": 100 },
            "changePassword": { "supported": false },
            "sort": { "supported": false },
            "etag": { "supported": false },
            "authenticationSchemes": [{ "type": "oauthbearertoken", "name": "Bearer token", "description": "Practice token" }],
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters() {
        assert_eq!(parse_filter("userName eq \"a@b.c\""), Some("a@b.c".into()));
        assert_eq!(parse_filter("USERNAME EQ \"A@B.C\""), Some("A@B.C".into()));
        assert_eq!(parse_filter("emails eq \"a\""), None);
        assert_eq!(parse_filter("userName co \"a\""), None);
        assert_eq!(parse_filter("userName eq a"), None);
    }

    #[test]
    fn unknown_roles_are_refused_by_name() {
        assert!(unknown_role(&json!({"roles": ["Admin", {"value": "Reviewer"}]})).is_none());
        assert!(unknown_role(&json!({"userName": "a"})).is_none());
        let refused = unknown_role(&json!({"roles": ["Admin", "admin"]})).unwrap();
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    }
}
