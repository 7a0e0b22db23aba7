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
/// A certificate from the spec's `ListAllKeyCredentialsExample` (its dates are not read).
const X5C: &str = "MIIDqDCCApCgAwIBAgIGAUsUkouzMA0GCSqGSIb3DQEBBQUAMIGUMQswCQYDVQQGEwJVUzETMBEGA1UECAwKQ2FsaWZvcm5pYTEWMBQGA1UEBwwNU2FuIEZyYW5jaXNjbzENMAsGA1UECgwET2t0YTEUMBIGA1UECwwLU1NPUHJvdmlkZXIxFTATBgNVBAMMDGJhbGFjb21wdGVzdDEcMBoGCSqGSIb3DQEJARYNaW5mb0Bva3RhLmNvbTAeFw0xNTAxMjMwMjE0MjNaFw00NTAxMjMwMjE1MjNaMIGUMQswCQYDVQQGEwJVUzETMBEGA1UECAwKQ2FsaWZvcm5pYTEWMBQGA1UEBwwNU2FuIEZyYW5jaXNjbzENMAsGA1UECgwET2t0YTEUMBIGA1UECwwLU1NPUHJvdmlkZXIxFTATBgNVBAMMDGJhbGFjb21wdGVzdDEcMBoGCSqGSIb3DQEJARYNaW5mb0Bva3RhLmNvbTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAKhmkmKsu3FYeBiJg44aN6Ah3g9gof1cytXJVMnblDUWpLfe/FMUQCssh8Y8NCYRri5jni4efBgk6B3SkC7ymqsOXILIEHSwUYWnAaqDOTxO101mHzryowu1+0PldRNoyTthahpprvAPYlTin9zrDTqFT+WY/zwoaN8H+CfixlW1nM85qF18zYYekkW50MSoHPcfJKe2ywIhPXTYTSBEPcHh8dQEjBrZn7A4qOoDnfOXll8OL7j2O6EVyTtHA0tLJHVLpwI4gSPsXFwEnHltjN57odwYe9yds0BbM/YG9i+am1+3cmZ6Uyd16mLGclrr05o9BHcEZ4ZctV2hr6whbRsCAwEAATANBgkqhkiG9w0BAQUFAAOCAQEAnNlF27gRmhGTQ+GRAvbvYToFRgsIbBAPvRqB2LmEIiQ6UJd602w6uP1sv/zEzBYg4SnMLuVyWgOJ6d71dCvXdIO9mgAq6BaEPjlo0WhGyt+zGrpkMnIX5EwRa64kHydcPRHNA607wVYA96sJdyNJEMzBvjY9fJnfevzzDCN3NWpMS2T6rk6HP5IziI1VuFWY2OUC1kbCqLj1dUgp8koe3ftLL55ZpkAocnVMnrzBveNjgAOAiKTMcyS0bhESph9aVWvuHVZSfTnUjnTPb/4jA2YlB3ED+qaU3aqHwft1KXwZskNXBKXy7lyC+CMoeB3/ncFhSg/UllBooPPS3wYlNA==";

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
}

fn sso_url() -> String {
    format!("https://{DOMAIN}/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp")
}

/// A SAML app as Okta returns it (the shape of the spec's `Saml2.0ResponseEx`).
pub fn saml_app(id: &str, name: &str, label: &str) -> Value {
    json!({
        "id": id,
        "orn": format!("orn:okta:idp:00o1n8sbwArJ7OQRw406:apps:{name}:{id}"),
        "name": name,
        "label": label,
        "status": "ACTIVE",
        "created": "2025-03-02T10:11:12.000Z",
        "lastUpdated": "2025-03-02T10:20:00.000Z",
        "accessibility": {"selfService": false, "errorRedirectUrl": null, "loginRedirectUrl": null},
        "visibility": {"autoLaunch": false, "autoSubmitToolbar": false, "hide": {"iOS": false, "web": false}, "appLinks": {format!("{name}_link"): true}},
        "features": ["IMPORT_NEW_USERS", "IMPORT_PROFILE_UPDATES", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION", "REACTIVATE_USERS", "SCIM_PROVISIONING"],
        "signOnMode": "SAML_2_0",
        "credentials": {
            "userNameTemplate": {"template": "${source.email}", "type": "BUILT_IN", "pushStatus": "PUSH"},
            "signing": {"kid": KID}
        },
        "settings": {
            "app": {},
            "signOn": {
                "defaultRelayState": format!("https://{DOMAIN}/home"),
                "ssoAcsUrl": sso_url(),
                "idpIssuer": "http://www.okta.com/${org.externalKey}",
                "audience": "loopio-sp",
                "recipient": sso_url(),
                "destination": sso_url(),
                "subjectNameIdTemplate": "${user.userName}",
                "subjectNameIdFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
                "responseSigned": true,
                "assertionSigned": true,
                "signatureAlgorithm": "RSA_SHA256",
                "digestAlgorithm": "SHA256",
                "honorForceAuthn": true,
                "authnContextClassRef": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
                "requestCompressed": false,
                "allowMultipleAcsEndpoints": false,
                "acsEndpoints": [],
                "attributeStatements": [],
                "inlineHooks": []
            },
            "notifications": {"vpn": {"network": {"connection": "DISABLED"}, "message": null, "helpUrl": null}},
            "manualProvisioning": false,
            "implicitAssignment": false,
            "notes": {"admin": null, "enduser": null}
        },
        "_links": {
            "groups": {"href": format!("https://acme.okta.com/api/v1/apps/{id}/groups")},
            "users": {"href": format!("https://acme.okta.com/api/v1/apps/{id}/users")},
            "metadata": {"href": format!("https://acme.okta.com/api/v1/apps/{id}/sso/saml/metadata"), "type": "application/xml"},
            "deactivate": {"href": format!("https://acme.okta.com/api/v1/apps/{id}/lifecycle/deactivate")}
        }
    })
}

/// The app user schema (`UserSchema`) with the roles attribute as Loopio's guide adds it.
/// `items` and `union` are what Okta sends for a string array with "Use Group Priority"; the
/// spec's `UserSchemaAttribute` does not list them (it does not forbid extra properties).
pub fn schema(app_id: &str, roles_var: &str) -> Value {
    json!({
        "id": format!("https://acme.okta.com/meta/schemas/apps/{app_id}/default"),
        "$schema": "http://json-schema.org/draft-04/schema#",
        "name": APP_NAME,
        "title": "Loopio User",
        "lastUpdated": "2025-03-02T10:30:00.000Z",
        "created": "2025-03-02T10:11:12.000Z",
        "definitions": {
            "custom": {
                "id": "#custom",
                "type": "object",
                "properties": {
                    roles_var: {
                        "title": "roles",
                        "description": "Loopio role",
                        "type": "array",
                        "items": {"type": "string"},
                        "scope": "NONE",
                        "union": "DISABLE",
                        "externalName": "roles",
                        "externalNamespace": CORE_USER_SCHEMA,
                        "master": {"type": "PROFILE_MASTER"},
                        "mutability": "READ_WRITE",
                        "permissions": [{"principal": "SELF", "action": "READ_ONLY"}]
                    }
                },
                "required": []
            },
            "base": {
                "id": "#base",
                "type": "object",
                "properties": {
                    "userName": {"title": "Username", "type": "string", "required": true, "scope": "NONE", "master": {"type": "PROFILE_MASTER"}}
                },
                "required": ["userName"]
            }
        },
        "type": "object",
        "properties": {"profile": {"allOf": [{"$ref": "#/definitions/base"}, {"$ref": "#/definitions/custom"}]}}
    })
}

/// A group assignment (`ApplicationGroupAssignment`) with `expand=group`'s embedded group.
pub fn group(app_id: &str, group_id: &str, name: &str, priority: i64, roles: Value) -> Value {
    json!({
        "id": group_id,
        "lastUpdated": "2025-03-03T09:00:00.000Z",
        "priority": priority,
        "profile": {ROLES_VAR: roles},
        "_links": {
            "app": {"href": format!("https://acme.okta.com/api/v1/apps/{app_id}")},
            "self": {"href": format!("https://acme.okta.com/api/v1/apps/{app_id}/groups/{group_id}")},
            "group": {"href": format!("https://acme.okta.com/api/v1/groups/{group_id}")}
        },
        "_embedded": {
            "group": {
                "id": group_id,
                "created": "2025-01-01T00:00:00.000Z",
                "type": "OKTA_GROUP",
                "profile": {"name": name, "description": null}
            }
        }
    })
}

/// A signing key (`JsonWebKey`) expiring at `expires_at`.
pub fn key(kid: &str, expires_at: &str) -> Value {
    json!({
        "created": "2025-03-02T10:11:12.000Z",
        "lastUpdated": "2025-03-02T10:11:12.000Z",
        "expiresAt": expires_at,
        "x5c": [X5C],
        "e": "AQAB",
        "n": "htbi5H5MN_oYaKcZ8vlWRZn2oTrPY0v8_2Br_VZPJgJ57dCgguq5dDk1Me_ax-B3kjBPdXcW8wEoUFaU30spyVeQjZrdqsSvF0nMW4OzrMOIqrGLwCrAoDBS8tutfk5Y7qc-5xABzxgu4BjgSK5nWXbCt_UR0DzVTknotmMGeT8tAej8F6GAphLa0YhIxWT7Jy-y_pdANsiUPRiZBoLueGI0rrCqgYHIQVjNoj4-si105KCXbQuyYM9_Cd-dyyu5KJ4Ic0cOW61gpx4pnecMgSy8OX57FEd06W2hExBd49ah6jra2KFMeOGe3rkIXirdkofl1mBgeQ77ruKO1wW9Qw",
        "kid": kid,
        "kty": "RSA",
        "use": "sig",
        "x5t#S256": "7CCyXWwKzH4P6PoBP91B1S_iIZVzuGffVnUXu-BTYQQ"
    })
}

/// An assigned user (`AppUser`, the shape of the spec's `AppUserListEx`), provisioned to Loopio
/// through a group with `role`.
pub fn app_user(user_id: &str, email: &str, role: &str) -> Value {
    json!({
        "id": user_id,
        "externalId": format!("loopio-{user_id}"),
        "created": "2025-03-04T09:00:00.000Z",
        "lastUpdated": "2025-03-04T09:00:02.000Z",
        "scope": "GROUP",
        "status": "PROVISIONED",
        "statusChanged": "2025-03-04T09:00:02.000Z",
        "passwordChanged": null,
        "syncState": "SYNCHRONIZED",
        "lastSync": "2025-03-04T09:00:02.000Z",
        "credentials": {"userName": email},
        "profile": {"email": email, ROLES_VAR: [role]},
        "_links": {
            "app": {"href": format!("https://acme.okta.com/api/v1/apps/{APP_ID}")},
            "user": {"href": format!("https://acme.okta.com/api/v1/users/{user_id}")}
        }
    })
}

impl OrgData {
    /// The Loopio app set up exactly as the wizard says for acme.loopio.com (production), three
    /// groups with Loopio's roles, a valid signing key; plus a sandbox SAML app and a bookmark
    /// app whose labels also start with "Loopio".
    pub fn correct() -> OrgData {
        let mut bookmark = saml_app("0oa9bookmark0000000x", "bookmark", "Loopio Help");
        bookmark["signOnMode"] = json!("BOOKMARK");
        bookmark["settings"] =
            json!({"app": {"requestIntegration": false, "url": "https://help.loopio.com"}});
        let sandbox_id = "0oa2sandbox000000000";
        let apps = vec![
            saml_app(sandbox_id, "acmeorg_loopiosandbox_1", "Loopio Sandbox"),
            bookmark,
            saml_app(APP_ID, APP_NAME, APP_LABEL),
        ];
        let mut schemas = BTreeMap::new();
        schemas.insert(APP_ID.to_string(), schema(APP_ID, ROLES_VAR));
        let mut groups = BTreeMap::new();
        groups.insert(
            APP_ID.to_string(),
            vec![
                group(
                    APP_ID,
                    "00g1admins0000000000",
                    "Loopio Admins",
                    0,
                    json!(["Admin"]),
                ),
                group(
                    APP_ID,
                    "00g2proposal00000000",
                    "Proposal Team",
                    1,
                    json!(["Contributor"]),
                ),
                group(
                    APP_ID,
                    "00g3everyone00000000",
                    "Everyone",
                    2,
                    json!(["Reviewer"]),
                ),
            ],
        );
        let mut keys = BTreeMap::new();
        keys.insert(
            APP_ID.to_string(),
            vec![
                key(
                    "SIMcCQNY3uwXoW3y0vf6VxiBb5n9pf8L2fK8d-FIbm4",
                    "2017-12-10T18:56:22.000Z",
                ),
                key(KID, "2045-01-23T02:15:23.000Z"),
            ],
        );
        let mut users = BTreeMap::new();
        users.insert(
            APP_ID.to_string(),
            vec![
                app_user("00u1ada000000000000", "ada@acme.example", "Admin"),
                app_user("00u2bob000000000000", "bob@acme.example", "Contributor"),
                app_user("00u3cy0000000000000", "cy@acme.example", "Reviewer"),
            ],
        );
        OrgData {
            apps,
            schemas,
            groups,
            keys,
            users,
            page_size: 200,
            forbidden: Vec::new(),
            rate_limited_once: Vec::new(),
            rate_limited: Vec::new(),
            html: false,
            link_origin: None,
        }
    }

    /// The Loopio app's JSON, to plant a mistake in.
    pub fn app_mut(&mut self) -> &mut Value {
        self.apps
            .iter_mut()
            .find(|a| a["id"] == APP_ID)
            .expect("the Loopio app")
    }

    /// The roles attribute in the Loopio app's schema.
    pub fn roles_attribute_mut(&mut self) -> &mut Value {
        &mut self.schemas.get_mut(APP_ID).expect("schema")["definitions"]["custom"]["properties"]
            [ROLES_VAR]
    }

    pub fn groups_mut(&mut self) -> &mut Vec<Value> {
        self.groups.get_mut(APP_ID).expect("groups")
    }

    pub fn users_mut(&mut self) -> &mut Vec<Value> {
        self.users.get_mut(APP_ID).expect("users")
    }
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
}

impl FakeOkta {
    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

struct Server {
    data: OrgData,
    origin: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    limited_once: Mutex<HashSet<String>>,
}

/// Starts the fake on 127.0.0.1 with `data`.
pub async fn start(data: OrgData) -> FakeOkta {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let origin = format!("http://{addr}");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let server = Arc::new(Server {
        data,
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
    uri.query()
        .unwrap_or("")
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
        .min(200)
        .min(server.data.page_size.max(1));
    let slice: Vec<Value> = items.iter().skip(after).take(limit).cloned().collect();
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
        let origin = server.data.link_origin.as_deref().unwrap_or(&server.origin);
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

async fn handle(
    State(server): State<Arc<Server>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
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
    let data = &server.data;
    let path = uri.path().to_string();
    if data.html {
        return (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html")],
            "<!doctype html><html><head><title>Sign in</title></head><body>Okta sign-in</body></html>",
        )
            .into_response();
    }
    if method != Method::GET {
        return okta_error(
            StatusCode::METHOD_NOT_ALLOWED,
            "E0000022",
            "The endpoint does not support the provided HTTP method",
        );
    }
    if authorization.as_deref() != Some(format!("SSWS {TOKEN}").as_str()) {
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
            let pairs = query_pairs(&uri);
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
            page(&server, &uri, &matching)
        }
        ["api", "v1", "apps", id] => match data.apps.iter().find(|a| a["id"] == *id) {
            Some(app) => json_ok(app),
            None => not_found(),
        },
        ["api", "v1", "apps", id, "groups"] => match data.groups.get(*id) {
            Some(groups) => page(&server, &uri, groups),
            None if data.apps.iter().any(|a| a["id"] == *id) => page(&server, &uri, &[]),
            None => not_found(),
        },
        ["api", "v1", "apps", id, "users"] => match data.users.get(*id) {
            Some(users) => page(&server, &uri, users),
            None if data.apps.iter().any(|a| a["id"] == *id) => page(&server, &uri, &[]),
            None => not_found(),
        },
        ["api", "v1", "apps", id, "credentials", "keys"] => match data.keys.get(*id) {
            Some(keys) => json_ok(&Value::Array(keys.clone())),
            None => not_found(),
        },
        ["api", "v1", "meta", "schemas", "apps", id, "default"] => match data.schemas.get(*id) {
            Some(schema) => json_ok(schema),
            None => not_found(),
        },
        _ => not_found(),
    }
}
