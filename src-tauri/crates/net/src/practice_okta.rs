//! The practice Okta: a simulated Okta org served by the practice tenant, on the same loopback
//! server, so "Check your Okta app" works offline and in the end-to-end tests. It holds one
//! Loopio SAML app set up exactly as the wizard says for a given Loopio domain and environment
//! (the values come from the core's [`okta_values`], never spelled twice), its roles attribute,
//! three groups carrying Loopio's practice roles, a signing key and the users assigned through
//! those groups. A switch plants one mistake, so the admin can see how the check names it.
//!
//! Only what the read-back reads is served, and only with GET (any other method is refused by
//! the router): the shapes are those of Okta's Management API (`SamlApplication`, `UserSchema`,
//! `ApplicationGroupAssignment`, `JsonWebKey`, `AppUser`, `Error`). Requests need
//! `Authorization: SSWS` with [`PRACTICE_OKTA_TOKEN`], which, like the practice SCIM token, is
//! not a secret: it only opens this in-memory org on this computer.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use loopio_scim_core::setup::app_variable::roles_variable_name;
use loopio_scim_core::setup::values::{CORE_USER_SCHEMA, SP_ENTITY_ID};
use loopio_scim_core::setup::{okta_values, Environment, InstanceDomain, ValueInputs};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use crate::practice::PRACTICE_ROLES;

/// The API token the practice Okta accepts (`Authorization: SSWS ...`). Not a secret.
pub const PRACTICE_OKTA_TOKEN: &str = "practice-okta-token-0123456789abcdef";
/// The practice Loopio app's id, label and generated name (its variable name).
pub const PRACTICE_APP_ID: &str = "0oapractice0loopio01";
pub const PRACTICE_APP_LABEL: &str = "Loopio";
pub const PRACTICE_APP_NAME: &str = "practiceorg_loopio_1";
/// The domain the practice Okta is set up for until told otherwise.
pub const PRACTICE_DEFAULT_DOMAIN: &str = "acme.loopio.com";

/// The signing key's id and certificate (Okta's own example certificate from its Management
/// API reference; valid 2015–2045).
const KID: &str = "practiceKid0mXtzOtml09Dg1ZCeKxTRBo3KrQuBWFk";
const X5C: &str = "MIIDqDCCApCgAwIBAgIGAUsUkouzMA0GCSqGSIb3DQEBBQUAMIGUMQswCQYDVQQGEwJVUzETMBEGA1UECAwKQ2FsaWZvcm5pYTEWMBQGA1UEBwwNU2FuIEZyYW5jaXNjbzENMAsGA1UECgwET2t0YTEUMBIGA1UECwwLU1NPUHJvdmlkZXIxFTATBgNVBAMMDGJhbGFjb21wdGVzdDEcMBoGCSqGSIb3DQEJARYNaW5mb0Bva3RhLmNvbTAeFw0xNTAxMjMwMjE0MjNaFw00NTAxMjMwMjE1MjNaMIGUMQswCQYDVQQGEwJVUzETMBEGA1UECAwKQ2FsaWZvcm5pYTEWMBQGA1UEBwwNU2FuIEZyYW5jaXNjbzENMAsGA1UECgwET2t0YTEUMBIGA1UECwwLU1NPUHJvdmlkZXIxFTATBgNVBAMMDGJhbGFjb21wdGVzdDEcMBoGCSqGSIb3DQEJARYNaW5mb0Bva3RhLmNvbTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAKhmkmKsu3FYeBiJg44aN6Ah3g9gof1cytXJVMnblDUWpLfe/FMUQCssh8Y8NCYRri5jni4efBgk6B3SkC7ymqsOXILIEHSwUYWnAaqDOTxO101mHzryowu1+0PldRNoyTthahpprvAPYlTin9zrDTqFT+WY/zwoaN8H+CfixlW1nM85qF18zYYekkW50MSoHPcfJKe2ywIhPXTYTSBEPcHh8dQEjBrZn7A4qOoDnfOXll8OL7j2O6EVyTtHA0tLJHVLpwI4gSPsXFwEnHltjN57odwYe9yds0BbM/YG9i+am1+3cmZ6Uyd16mLGclrr05o9BHcEZ4ZctV2hr6whbRsCAwEAATANBgkqhkiG9w0BAQUFAAOCAQEAnNlF27gRmhGTQ+GRAvbvYToFRgsIbBAPvRqB2LmEIiQ6UJd602w6uP1sv/zEzBYg4SnMLuVyWgOJ6d71dCvXdIO9mgAq6BaEPjlo0WhGyt+zGrpkMnIX5EwRa64kHydcPRHNA607wVYA96sJdyNJEMzBvjY9fJnfevzzDCN3NWpMS2T6rk6HP5IziI1VuFWY2OUC1kbCqLj1dUgp8koe3ftLL55ZpkAocnVMnrzBveNjgAOAiKTMcyS0bhESph9aVWvuHVZSfTnUjnTPb/4jA2YlB3ED+qaU3aqHwft1KXwZskNXBKXy7lyC+CMoeB3/ncFhSg/UllBooPPS3wYlNA==";
const KEY_EXPIRES: &str = "2045-01-23T02:15:23.000Z";

/// The one mistake the practice Okta can plant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PracticeMistake {
    /// Audience URI (SP Entity ID) typed as a URL instead of Loopio's plain entity ID.
    Audience,
}

impl PracticeMistake {
    /// The finding code the read-back names this mistake with.
    pub fn finding_code(self) -> &'static str {
        match self {
            PracticeMistake::Audience => "okta.saml.audience",
        }
    }
}

/// What the practice Okta is set up for: the wizard's domain and environment, and whether a
/// mistake is planted.
#[derive(Debug, Clone)]
pub struct PracticeOrg {
    domain: InstanceDomain,
    environment: Environment,
    mistake: Option<PracticeMistake>,
}

impl PracticeOrg {
    /// The Loopio app set up exactly as the wizard says for `domain` and `environment`.
    pub fn new(domain: InstanceDomain, environment: Environment) -> PracticeOrg {
        PracticeOrg {
            domain,
            environment,
            mistake: None,
        }
    }

    /// The same org with `mistake` planted (or none).
    pub fn with_mistake(mut self, mistake: Option<PracticeMistake>) -> PracticeOrg {
        self.mistake = mistake;
        self
    }

    fn expected(&self, key: &str) -> String {
        let roles_variable = roles_variable_name(PRACTICE_APP_NAME).ok();
        okta_values(&ValueInputs {
            domain: Some(&self.domain),
            environment: self.environment,
            roles_variable: roles_variable.as_deref(),
        })
        .into_iter()
        .find(|v| v.key == key)
        .and_then(|v| v.value)
        .unwrap_or_default()
    }

    /// The app as Okta's `GET /api/v1/apps/{id}` returns it.
    fn app(&self, origin: &str) -> Value {
        let sso = self.expected("saml.sso_url");
        let audience = match self.mistake {
            Some(PracticeMistake::Audience) => {
                format!("https://{}/{SP_ENTITY_ID}", self.domain.host())
            }
            None => SP_ENTITY_ID.to_string(),
        };
        let id = PRACTICE_APP_ID;
        json!({
            "id": id,
            "name": PRACTICE_APP_NAME,
            "label": PRACTICE_APP_LABEL,
            "status": "ACTIVE",
            "created": "2025-03-02T10:11:12.000Z",
            "lastUpdated": "2025-03-02T10:20:00.000Z",
            "features": ["PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION", "REACTIVATE_USERS", "SCIM_PROVISIONING"],
            "signOnMode": "SAML_2_0",
            "credentials": {
                "userNameTemplate": {"template": "${source.email}", "type": "BUILT_IN", "pushStatus": "PUSH"},
                "signing": {"kid": KID}
            },
            "settings": {
                "app": {},
                "signOn": {
                    "defaultRelayState": self.expected("saml.default_relay_state"),
                    "ssoAcsUrl": sso,
                    "idpIssuer": "http://www.okta.com/${org.externalKey}",
                    "audience": audience,
                    "recipient": sso,
                    "destination": sso,
                    "subjectNameIdTemplate": "${user.userName}",
                    "subjectNameIdFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
                    "responseSigned": true,
                    "assertionSigned": true,
                    "signatureAlgorithm": "RSA_SHA256",
                    "digestAlgorithm": "SHA256",
                    "attributeStatements": []
                },
                "manualProvisioning": false,
                "implicitAssignment": false
            },
            "_links": {
                "groups": {"href": format!("{origin}/api/v1/apps/{id}/groups")},
                "users": {"href": format!("{origin}/api/v1/apps/{id}/users")},
                "metadata": {"href": format!("{origin}/api/v1/apps/{id}/sso/saml/metadata"), "type": "application/xml"}
            }
        })
    }
}

/// The roles attribute's variable name in the practice app's profile.
fn roles_var() -> String {
    roles_variable_name(PRACTICE_APP_NAME).unwrap_or_else(|_| format!("{PRACTICE_APP_NAME}_roles"))
}

/// The app user schema (`UserSchema`) with the roles attribute as Loopio's guide adds it.
fn schema(origin: &str) -> Value {
    json!({
        "id": format!("{origin}/meta/schemas/apps/{PRACTICE_APP_ID}/default"),
        "$schema": "http://json-schema.org/draft-04/schema#",
        "name": PRACTICE_APP_NAME,
        "title": "Loopio User",
        "definitions": {
            "custom": {
                "id": "#custom",
                "type": "object",
                "properties": {
                    roles_var(): {
                        "title": "roles",
                        "description": "Loopio role",
                        "type": "array",
                        "items": {"type": "string"},
                        "scope": "NONE",
                        "union": "DISABLE",
                        "externalName": "roles",
                        "externalNamespace": CORE_USER_SCHEMA,
                        "master": {"type": "PROFILE_MASTER"},
                        "mutability": "READ_WRITE"
                    }
                },
                "required": []
            },
            "base": {
                "id": "#base",
                "type": "object",
                "properties": {"userName": {"title": "Username", "type": "string", "required": true, "scope": "NONE"}},
                "required": ["userName"]
            }
        },
        "type": "object"
    })
}

/// The three groups: (group id, group name, Loopio role), in priority order.
fn practice_groups() -> [(&'static str, &'static str, &'static str); 3] {
    [
        ("00gpractice0admins01", "Loopio Admins", PRACTICE_ROLES[0]),
        ("00gpractice0writers1", "Proposal Team", PRACTICE_ROLES[1]),
        ("00gpractice0review01", "Reviewers", PRACTICE_ROLES[2]),
    ]
}

/// The group assignments (`ApplicationGroupAssignment`, with `expand=group`'s embedded group).
fn groups(origin: &str) -> Value {
    let var = roles_var();
    let list: Vec<Value> = practice_groups()
        .iter()
        .enumerate()
        .map(|(priority, (id, name, role))| {
            json!({
                "id": id,
                "lastUpdated": "2025-03-03T09:00:00.000Z",
                "priority": priority,
                "profile": {var.as_str(): [role]},
                "_links": {"group": {"href": format!("{origin}/api/v1/groups/{id}")}},
                "_embedded": {"group": {"id": id, "type": "OKTA_GROUP", "profile": {"name": name, "description": null}}}
            })
        })
        .collect();
    Value::Array(list)
}

/// One user per group, assigned through it and already provisioned (`AppUser`).
fn users() -> Value {
    let var = roles_var();
    let people = ["alice.admin", "bob.writer", "carol.review"];
    let list: Vec<Value> = practice_groups()
        .iter()
        .zip(people)
        .enumerate()
        .map(|(i, ((_, _, role), who))| {
            let email = format!("{who}@acme.example");
            json!({
                "id": format!("00upractice0user000{i}"),
                "externalId": format!("100{}", i + 1),
                "scope": "GROUP",
                "status": "PROVISIONED",
                "syncState": "SYNCHRONIZED",
                "lastSync": "2025-03-04T09:00:02.000Z",
                "credentials": {"userName": email},
                "profile": {"email": email, var.as_str(): [role]}
            })
        })
        .collect();
    Value::Array(list)
}

/// The signing keys (`JsonWebKey`): one, valid until 2045.
fn keys() -> Value {
    json!([{
        "created": "2025-03-02T10:11:12.000Z",
        "lastUpdated": "2025-03-02T10:11:12.000Z",
        "expiresAt": KEY_EXPIRES,
        "x5c": [X5C],
        "e": "AQAB",
        "kid": KID,
        "kty": "RSA",
        "use": "sig"
    }])
}

/// The app's IdP metadata, as Okta serves it at `/sso/saml/metadata`.
fn metadata(origin: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://www.okta.com/{PRACTICE_APP_ID}"><md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>{X5C}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{origin}/app/{PRACTICE_APP_NAME}/{PRACTICE_APP_ID}/sso/saml"/><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{origin}/app/{PRACTICE_APP_NAME}/{PRACTICE_APP_ID}/sso/saml"/></md:IDPSSODescriptor></md:EntityDescriptor>"#
    )
}

/// The practice Okta's state, shared with the server: set it up for the admin's domain (and a
/// mistake) before each check.
#[derive(Clone)]
pub struct PracticeOkta {
    org: Arc<Mutex<PracticeOrg>>,
    origin: Arc<Mutex<String>>,
}

impl Default for PracticeOkta {
    fn default() -> Self {
        let domain = InstanceDomain::parse(PRACTICE_DEFAULT_DOMAIN).expect("a valid domain");
        PracticeOkta {
            org: Arc::new(Mutex::new(PracticeOrg::new(
                domain,
                Environment::Production,
            ))),
            origin: Arc::new(Mutex::new(String::new())),
        }
    }
}

impl PracticeOkta {
    /// Sets the org up as `org` says, for every request from now on.
    pub fn set(&self, org: PracticeOrg) {
        *self.org.lock().unwrap_or_else(|e| e.into_inner()) = org;
    }

    /// The org URL to give the read-back (`http://127.0.0.1:PORT`), once the server runs.
    pub fn url(&self) -> String {
        self.origin
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(crate) fn set_origin(&self, origin: String) {
        *self.origin.lock().unwrap_or_else(|e| e.into_inner()) = origin;
    }

    fn org(&self) -> PracticeOrg {
        self.org.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// The routes under `/api/v1`, GET only, behind the practice API token.
pub(crate) fn router(okta: PracticeOkta) -> Router {
    Router::new()
        .route("/apps", get(list_apps))
        .route("/apps/{id}", get(get_app))
        .route("/apps/{id}/groups", get(app_part))
        .route("/apps/{id}/users", get(app_part))
        .route("/apps/{id}/credentials/keys", get(app_part))
        .route("/apps/{id}/sso/saml/metadata", get(app_metadata))
        .route("/meta/schemas/apps/{id}/default", get(app_part))
        .route("/mappings", get(|| async { okta_json(json!([])) }))
        .fallback(|| async { not_found("the requested resource") })
        .route_layer(middleware::from_fn_with_state(okta.clone(), require_token))
        .with_state(okta)
}

fn okta_error(status: StatusCode, code: &str, summary: &str) -> Response {
    let body = json!({"errorCode": code, "errorSummary": summary, "errorLink": code, "errorId": "practice", "errorCauses": []});
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn not_found(what: &str) -> Response {
    okta_error(
        StatusCode::NOT_FOUND,
        "E0000007",
        &format!("Not found: Resource not found: {what}"),
    )
}

fn okta_json(body: Value) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

async fn require_token(
    State(okta): State<PracticeOkta>,
    headers: HeaderMap,
    request: Request,
    next: Next,
) -> Response {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if given != Some(format!("SSWS {PRACTICE_OKTA_TOKEN}").as_str()) {
        return okta_error(
            StatusCode::UNAUTHORIZED,
            "E0000011",
            "Invalid token provided",
        );
    }
    if okta.url().is_empty() {
        return okta_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "E0000010",
            "The practice Okta is starting",
        );
    }
    next.run(request).await
}

/// `GET /apps?q=`: Okta's `q` is a starts-with match on the app's name or label.
async fn list_apps(
    State(okta): State<PracticeOkta>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let q = q.get("q").map(|s| s.to_lowercase()).unwrap_or_default();
    let matches =
        PRACTICE_APP_LABEL.to_lowercase().starts_with(&q) || PRACTICE_APP_NAME.starts_with(&q);
    let apps = if matches {
        vec![okta.org().app(&okta.url())]
    } else {
        Vec::new()
    };
    okta_json(Value::Array(apps))
}

async fn get_app(State(okta): State<PracticeOkta>, Path(id): Path<String>) -> Response {
    if id != PRACTICE_APP_ID {
        return not_found(&format!("{id} (AppInstance)"));
    }
    okta_json(okta.org().app(&okta.url()))
}

/// The app's schema, groups, users or keys, by the path asked for.
async fn app_part(
    State(okta): State<PracticeOkta>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    if id != PRACTICE_APP_ID {
        return not_found(&format!("{id} (AppInstance)"));
    }
    let origin = okta.url();
    let path = request.uri().path();
    let body = if path.ends_with("/groups") {
        groups(&origin)
    } else if path.ends_with("/users") {
        users()
    } else if path.ends_with("/keys") {
        keys()
    } else {
        schema(&origin)
    };
    okta_json(body)
}

async fn app_metadata(State(okta): State<PracticeOkta>, Path(id): Path<String>) -> Response {
    if id != PRACTICE_APP_ID {
        return not_found(&format!("{id} (AppInstance)"));
    }
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/xml")],
        metadata(&okta.url()),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_carries_the_wizards_values_and_the_mistake_only_when_planted() {
        let domain = InstanceDomain::parse("globex.loopio.com").unwrap();
        let org = PracticeOrg::new(domain, Environment::Sandbox);
        let app = org.app("http://127.0.0.1:1");
        let sso = app["settings"]["signOn"]["ssoAcsUrl"].as_str().unwrap();
        assert!(sso.starts_with("https://globex.loopio.com/"), "{sso}");
        assert_eq!(app["settings"]["signOn"]["audience"], SP_ENTITY_ID);
        let wrong = org
            .with_mistake(Some(PracticeMistake::Audience))
            .app("http://127.0.0.1:1");
        assert_ne!(wrong["settings"]["signOn"]["audience"], SP_ENTITY_ID);
        assert_eq!(
            PracticeMistake::Audience.finding_code(),
            "okta.saml.audience"
        );
    }

    #[test]
    fn three_groups_carry_loopios_practice_roles() {
        let groups = groups("http://127.0.0.1:1");
        let roles: Vec<&str> = groups
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["profile"][roles_var()][0].as_str().unwrap())
            .collect();
        assert_eq!(roles, PRACTICE_ROLES);
    }
}
