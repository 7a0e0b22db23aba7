//! The org as state: the apps (each with its user schema, group assignments and user-to-app
//! profile mapping) and the org's groups, as JSON, built from [`PracticeOrg`]; the reads that
//! serve them, and the console switches no API has. What depends on the server's address
//! (`_links`, the schema's `id`) is added when served, so the state holds none of it.

use std::collections::HashMap;

use loopio_scim_core::error::Problem;
use loopio_scim_core::setup::app_variable::roles_variable_name;
use loopio_scim_core::setup::values::{CORE_USER_SCHEMA, SP_ENTITY_ID};
use serde_json::{json, Value};

use super::{
    ConsoleSwitch, OktaError, PracticeMistake, PracticeOrg, PRACTICE_APP_ID, PRACTICE_APP_NAME,
    PRACTICE_GROUPS,
};
use crate::PRACTICE_ROLES;

/// The signing key's id and certificate (Okta's own example certificate from its Management
/// API reference; valid 2015–2045). Every app of the practice Okta signs with it.
pub(super) const KID: &str = "practiceKid0mXtzOtml09Dg1ZCeKxTRBo3KrQuBWFk";
const X5C: &str = "MIIDqDCCApCgAwIBAgIGAUsUkouzMA0GCSqGSIb3DQEBBQUAMIGUMQswCQYDVQQGEwJVUzETMBEGA1UECAwKQ2FsaWZvcm5pYTEWMBQGA1UEBwwNU2FuIEZyYW5jaXNjbzENMAsGA1UECgwET2t0YTEUMBIGA1UECwwLU1NPUHJvdmlkZXIxFTATBgNVBAMMDGJhbGFjb21wdGVzdDEcMBoGCSqGSIb3DQEJARYNaW5mb0Bva3RhLmNvbTAeFw0xNTAxMjMwMjE0MjNaFw00NTAxMjMwMjE1MjNaMIGUMQswCQYDVQQGEwJVUzETMBEGA1UECAwKQ2FsaWZvcm5pYTEWMBQGA1UEBwwNU2FuIEZyYW5jaXNjbzENMAsGA1UECgwET2t0YTEUMBIGA1UECwwLU1NPUHJvdmlkZXIxFTATBgNVBAMMDGJhbGFjb21wdGVzdDEcMBoGCSqGSIb3DQEJARYNaW5mb0Bva3RhLmNvbTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAKhmkmKsu3FYeBiJg44aN6Ah3g9gof1cytXJVMnblDUWpLfe/FMUQCssh8Y8NCYRri5jni4efBgk6B3SkC7ymqsOXILIEHSwUYWnAaqDOTxO101mHzryowu1+0PldRNoyTthahpprvAPYlTin9zrDTqFT+WY/zwoaN8H+CfixlW1nM85qF18zYYekkW50MSoHPcfJKe2ywIhPXTYTSBEPcHh8dQEjBrZn7A4qOoDnfOXll8OL7j2O6EVyTtHA0tLJHVLpwI4gSPsXFwEnHltjN57odwYe9yds0BbM/YG9i+am1+3cmZ6Uyd16mLGclrr05o9BHcEZ4ZctV2hr6whbRsCAwEAATANBgkqhkiG9w0BAQUFAAOCAQEAnNlF27gRmhGTQ+GRAvbvYToFRgsIbBAPvRqB2LmEIiQ6UJd602w6uP1sv/zEzBYg4SnMLuVyWgOJ6d71dCvXdIO9mgAq6BaEPjlo0WhGyt+zGrpkMnIX5EwRa64kHydcPRHNA607wVYA96sJdyNJEMzBvjY9fJnfevzzDCN3NWpMS2T6rk6HP5IziI1VuFWY2OUC1kbCqLj1dUgp8koe3ftLL55ZpkAocnVMnrzBveNjgAOAiKTMcyS0bhESph9aVWvuHVZSfTnUjnTPb/4jA2YlB3ED+qaU3aqHwft1KXwZskNXBKXy7lyC+CMoeB3/ncFhSg/UllBooPPS3wYlNA==";
const KEY_EXPIRES: &str = "2045-01-23T02:15:23.000Z";
/// The org's groups: id, name and the one member's login. The first three carry the practice
/// roles in the practice app; Sales is assigned to nothing.
pub(super) const GROUPS: [(&str, &str, &str); 4] = [
    ("00gpractice0admins01", PRACTICE_GROUPS[0], "alice.admin"),
    ("00gpractice0writers1", PRACTICE_GROUPS[1], "bob.writer"),
    ("00gpractice0review01", PRACTICE_GROUPS[2], "carol.review"),
    ("00gpractice0sales001", "Sales", "dan.lead"),
];

/// What a request is answered with.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Answer {
    Json(Value),
    Xml(String),
    Empty,
}

/// One app and what hangs off it.
#[derive(Debug, Clone)]
pub(super) struct AppEntry {
    /// `SamlApplication`, without `_links`.
    pub app: Value,
    /// `UserSchema`, without its `id`.
    pub schema: Value,
    /// `ApplicationGroupAssignment`s with `_embedded.group`, without `_links`.
    pub assignments: Vec<Value>,
    /// The Okta user to app user `ProfileMapping`, in full.
    pub mapping: Value,
}

/// The whole org.
#[derive(Debug, Clone, Default)]
pub(crate) struct Org {
    pub apps: Vec<AppEntry>,
    /// `Group` objects (`GET /api/v1/groups?q=`).
    pub groups: Vec<Value>,
    /// Apps made so far (the practice app counts): numbers the next one's id and name.
    pub created: u32,
    /// Every write received: method and path with its query.
    pub writes: Vec<(String, String)>,
    /// What it was set up for (`None` before the first set-up).
    pub built_for: Option<PracticeOrg>,
    /// After go-live: users assigned directly and failed pushes in the System Log (`live`).
    pub live: bool,
}

pub(super) fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The roles attribute's variable name in an app named `name` (`<name>_roles`).
pub(super) fn roles_var(name: &str) -> String {
    roles_variable_name(name).unwrap_or_else(|_| format!("{name}_roles"))
}

/// The app's `features[]`.
pub(super) fn features(app: &Value) -> Vec<String> {
    let list = app["features"].as_array().into_iter().flatten();
    list.filter_map(Value::as_str).map(str::to_string).collect()
}

impl PracticeOrg {
    /// The practice app as Okta's `GET /api/v1/apps/{id}` returns it (without `_links`).
    pub(super) fn app(&self) -> Value {
        let sso = self.expected("saml.sso_url");
        let audience = match self.mistake {
            Some(PracticeMistake::Audience) => {
                format!("https://{}/{SP_ENTITY_ID}", self.domain.host())
            }
            None => SP_ENTITY_ID.to_string(),
        };
        json!({
            "id": PRACTICE_APP_ID,
            "name": PRACTICE_APP_NAME,
            "label": self.environment.app_label(),
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
                    "honorForceAuthn": true,
                    "authnContextClassRef": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
                    "requestCompressed": false,
                    "allowMultipleAcsEndpoints": false,
                    "acsEndpoints": [],
                    "attributeStatements": [],
                    "inlineHooks": []
                },
                "manualProvisioning": false,
                "implicitAssignment": false
            }
        })
    }
}

/// An app user schema (`UserSchema`, without its `id`) with no custom property.
pub(super) fn schema(name: &str, label: &str) -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "name": name,
        "title": format!("{label} User"),
        "definitions": {
            "custom": {"id": "#custom", "type": "object", "properties": {}, "required": []},
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

/// The roles attribute as Loopio's guide adds it, as Okta returns it.
fn roles_property() -> Value {
    json!({
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
    })
}

/// The Okta user to app user profile mapping (`ProfileMapping`): the username only.
pub(super) fn mapping(id: &str, app_id: &str, app_name: &str) -> Value {
    json!({
        "id": id,
        "source": {"id": "otypractice0user0001", "name": "user", "type": "user"},
        "target": {"id": app_id, "name": app_name, "type": "appuser"},
        "properties": {"userName": {"expression": "user.email", "pushStatus": "PUSH"}}
    })
}

/// A group assignment (`ApplicationGroupAssignment`) with its group embedded.
pub(super) fn assignment(group: &Value, priority: u64, profile: Value, at: &str) -> Value {
    json!({
        "id": group["id"],
        "lastUpdated": at,
        "priority": priority,
        "profile": profile,
        "_embedded": {"group": group}
    })
}

/// The app as served: with its `_links`.
pub(super) fn served_app(app: &Value, origin: &str) -> Value {
    let id = app["id"].as_str().unwrap_or_default();
    let mut app = app.clone();
    app["_links"] = json!({
        "groups": {"href": format!("{origin}/api/v1/apps/{id}/groups")},
        "users": {"href": format!("{origin}/api/v1/apps/{id}/users")},
        "metadata": {"href": format!("{origin}/api/v1/apps/{id}/sso/saml/metadata"), "type": "application/xml"}
    });
    app
}

/// A group assignment as served: with its `_links`.
pub(super) fn served_assignment(a: &Value, origin: &str) -> Value {
    let mut a = a.clone();
    let href = format!(
        "{origin}/api/v1/groups/{}",
        a["id"].as_str().unwrap_or_default()
    );
    a["_links"] = json!({"group": {"href": href}});
    a
}

/// The schema as served: with its `id`.
pub(super) fn served_schema(entry: &AppEntry, origin: &str) -> Value {
    let id = entry.app["id"].as_str().unwrap_or_default();
    let mut schema = entry.schema.clone();
    schema["id"] = json!(format!("{origin}/meta/schemas/apps/{id}/default"));
    schema
}

impl Org {
    /// The org as `practice` says: the groups, and the practice app unless left out.
    pub(super) fn build(practice: &PracticeOrg) -> Org {
        let at = "2025-03-01T09:00:00.000Z";
        let groups = GROUPS.iter().map(|(id, name, _)| {
            json!({
                "id": id, "created": at, "lastUpdated": at, "lastMembershipUpdated": at,
                "objectClass": ["okta:user_group"], "type": "OKTA_GROUP",
                "profile": {"name": name, "description": format!("Members of {name}")}
            })
        });
        let mut org = Org {
            groups: groups.collect(),
            built_for: Some(practice.clone()),
            live: practice.live,
            ..Org::default()
        };
        if practice.with_app {
            let var = roles_var(PRACTICE_APP_NAME);
            let mut schema = schema(PRACTICE_APP_NAME, practice.environment.app_label());
            schema["definitions"]["custom"]["properties"][&var] = roles_property();
            let assignments = org.groups.iter().zip(PRACTICE_ROLES).enumerate();
            let assignments = assignments.map(|(priority, (group, role))| {
                let profile = json!({var.as_str(): [role]});
                assignment(group, priority as u64, profile, "2025-03-03T09:00:00.000Z")
            });
            org.apps.push(AppEntry {
                app: practice.app(),
                schema,
                assignments: assignments.collect(),
                mapping: mapping("prmpractice0loopio01", PRACTICE_APP_ID, PRACTICE_APP_NAME),
            });
            org.created = 1;
        }
        org
    }

    pub(super) fn entry(&self, id: &str) -> Result<&AppEntry, OktaError> {
        let found = self.apps.iter().find(|e| e.app["id"] == id);
        found.ok_or_else(|| OktaError::not_found(&format!("{id} (AppInstance)")))
    }

    pub(super) fn entry_mut(&mut self, id: &str) -> Result<&mut AppEntry, OktaError> {
        let found = self.apps.iter_mut().find(|e| e.app["id"] == id);
        found.ok_or_else(|| OktaError::not_found(&format!("{id} (AppInstance)")))
    }

    /// A GET of `path` (under `/api/v1`).
    pub(super) fn read(
        &self,
        path: &str,
        query: &HashMap<String, String>,
        origin: &str,
    ) -> Result<Answer, OktaError> {
        let q = query.get("q").map(|q| q.to_lowercase()).unwrap_or_default();
        let starts = |v: &Value| v.as_str().is_some_and(|s| s.to_lowercase().starts_with(&q));
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        let people = (&GROUPS[..], &self.groups[..], self.live);
        if let Some(answer) = super::live::read(people, &segments, query) {
            return answer.map(Answer::Json);
        }
        let json = match segments.as_slice() {
            ["apps", id, "users", rest @ ..] => return self.app_users(id, rest, query),
            // Okta's `q` is a starts-with match on the app's name or label.
            ["apps"] => self
                .apps
                .iter()
                .filter(|e| starts(&e.app["label"]) || starts(&e.app["name"]))
                .map(|e| served_app(&e.app, origin))
                .collect(),
            ["apps", id, rest @ ..] => return self.entry(id)?.read(rest, origin),
            ["meta", "schemas", "apps", id, "default"] => served_schema(self.entry(id)?, origin),
            ["groups"] => {
                let found = self.groups.iter().filter(|g| starts(&g["profile"]["name"]));
                found.cloned().collect()
            }
            ["mappings"] => self.mappings(query),
            ["mappings", id] => {
                let found = self
                    .apps
                    .iter()
                    .map(|e| &e.mapping)
                    .find(|m| m["id"] == *id);
                let what = format!("{id} (ProfileMapping)");
                found.cloned().ok_or_else(|| OktaError::not_found(&what))?
            }
            _ => return Err(OktaError::not_found(path)),
        };
        Ok(Answer::Json(json))
    }

    /// `GET /apps/{id}/users` (with the users assigned directly after go-live; `expand=user`
    /// embeds each `User`) and `GET /apps/{id}/users/{userId}`.
    fn app_users(
        &self,
        id: &str,
        rest: &[&str],
        query: &HashMap<String, String>,
    ) -> Result<Answer, OktaError> {
        let mut users: Vec<Value> = self
            .entry(id)?
            .users()
            .as_array()
            .cloned()
            .unwrap_or_default();
        if self.live {
            users.extend(super::live::app_users());
        }
        let expand = query.get("expand").is_some_and(|e| e == "user");
        match rest {
            [] => Ok(Answer::Json(
                users
                    .iter()
                    .map(|u| {
                        if expand {
                            super::live::embedded(u, &GROUPS)
                        } else {
                            u.clone()
                        }
                    })
                    .collect(),
            )),
            [user] => match users.iter().find(|u| u["id"] == *user) {
                Some(u) if expand => Ok(Answer::Json(super::live::embedded(u, &GROUPS))),
                Some(u) => Ok(Answer::Json(u.clone())),
                None => Err(OktaError::not_found(&format!("{user} (AppUser)"))),
            },
            _ => Err(OktaError::not_found("the requested resource")),
        }
    }

    /// `GET /mappings?sourceId=&targetId=`: the mappings, without their properties.
    fn mappings(&self, query: &HashMap<String, String>) -> Value {
        let matches = |m: &Value, key: &str, side: &str| {
            query
                .get(key)
                .map_or(true, |want| m[side]["id"] == want.as_str())
        };
        let found = self.apps.iter().map(|e| &e.mapping);
        let found =
            found.filter(|m| matches(m, "sourceId", "source") && matches(m, "targetId", "target"));
        found
            .map(|m| json!({"id": m["id"], "source": m["source"], "target": m["target"]}))
            .collect()
    }

    /// Flips a switch no API can, as the admin would in the console.
    pub(super) fn console(
        &mut self,
        app_id: Option<&str>,
        switch: ConsoleSwitch,
        on: bool,
    ) -> Result<(), Problem> {
        let refused = |why: String| Problem::new("practice.console_step", why);
        let entry = match app_id {
            Some(id) => self.apps.iter_mut().find(|e| e.app["id"] == id),
            None => self.apps.last_mut(),
        };
        let Some(entry) = entry else {
            return Err(refused(match app_id {
                Some(id) => format!("The practice Okta has no app {id}."),
                None => "The practice Okta has no app yet: create it first.".into(),
            }));
        };
        let mut features = features(&entry.app);
        let feature = switch.feature().to_string();
        let scim = features.iter().any(|f| f == "SCIM_PROVISIONING");
        match (switch, on) {
            (ConsoleSwitch::EnableScim, false) => features.clear(),
            (ConsoleSwitch::EnableScim, true) => {}
            (_, true) if !scim => return Err(refused("Enable SCIM provisioning first (General > App Settings): Okta shows the To App settings only once it is on.".into())),
            _ => {}
        }
        features.retain(|f| *f != feature);
        if on {
            features.push(feature);
        }
        features.sort();
        entry.app["features"] = json!(features);
        entry.app["lastUpdated"] = json!(now());
        Ok(())
    }
}

impl AppEntry {
    /// A GET of `/apps/{id}/...`: `rest` is what follows the id.
    fn read(&self, rest: &[&str], origin: &str) -> Result<Answer, OktaError> {
        let json = match rest {
            [] => served_app(&self.app, origin),
            ["groups"] => {
                let served = self
                    .assignments
                    .iter()
                    .map(|a| served_assignment(a, origin));
                served.collect()
            }
            ["users"] => self.users(),
            ["credentials", "keys"] => keys(),
            ["sso", "saml", "metadata"] => return Ok(Answer::Xml(self.metadata(origin))),
            _ => return Err(OktaError::not_found("the requested resource")),
        };
        Ok(Answer::Json(json))
    }

    /// The users assigned through the app's groups (`AppUser`), the group's profile theirs;
    /// provisioned (an external id) when SCIM provisioning and Create Users are on.
    pub(super) fn users(&self) -> Value {
        let on = features(&self.app);
        let pushing = ["SCIM_PROVISIONING", "PUSH_NEW_USERS"]
            .iter()
            .all(|f| on.iter().any(|o| o == f));
        let mut assignments: Vec<&Value> = self.assignments.iter().collect();
        assignments.sort_by_key(|a| a["priority"].as_u64().unwrap_or(u64::MAX));
        let users = assignments.into_iter().filter_map(|a| {
            let i = GROUPS.iter().position(|(id, _, _)| a["id"] == *id)?;
            let email = format!("{}@acme.example", GROUPS[i].2);
            let mut profile = a["profile"].clone();
            profile["email"] = json!(email);
            let mut user = json!({"id": format!("00upractice0user000{i}"), "scope": "GROUP", "status": "ACTIVE", "syncState": "DISABLED", "credentials": {"userName": email}, "profile": profile});
            if pushing {
                user["externalId"] = json!(format!("100{}", i + 1));
                user["status"] = json!("PROVISIONED");
                user["syncState"] = json!("SYNCHRONIZED");
                user["lastSync"] = json!("2025-03-04T09:00:02.000Z");
            }
            Some(user)
        });
        users.collect()
    }

    /// The app's IdP metadata, as Okta serves it at `/sso/saml/metadata`.
    fn metadata(&self, origin: &str) -> String {
        let id = self.app["id"].as_str().unwrap_or_default();
        let name = self.app["name"].as_str().unwrap_or_default();
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://www.okta.com/{id}"><md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>{X5C}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{origin}/app/{name}/{id}/sso/saml"/><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{origin}/app/{name}/{id}/sso/saml"/></md:IDPSSODescriptor></md:EntityDescriptor>"#
        )
    }
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
