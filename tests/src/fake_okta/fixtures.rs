//! The fake org's fixtures: Okta's shapes (`SamlApplication`, `UserSchema`,
//! `ApplicationGroupAssignment`, `JsonWebKey`, `AppUser`) and [`OrgData::correct`].

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{OrgData, APP_ID, APP_LABEL, APP_NAME, CORE_USER_SCHEMA, DOMAIN, KID, ROLES_VAR};

/// A certificate from the spec's `ListAllKeyCredentialsExample` (its dates are not read).
const X5C: &str = "MIIDqDCCApCgAwIBAgIGAUsUkouzMA0GCSqGSIb3DQEBBQUAMIGUMQswCQYDVQQGEwJVUzETMBEGA1UECAwKQ2FsaWZvcm5pYTEWMBQGA1UEBwwNU2FuIEZyYW5jaXNjbzENMAsGA1UECgwET2t0YTEUMBIGA1UECwwLU1NPUHJvdmlkZXIxFTATBgNVBAMMDGJhbGFjb21wdGVzdDEcMBoGCSqGSIb3DQEJARYNaW5mb0Bva3RhLmNvbTAeFw0xNTAxMjMwMjE0MjNaFw00NTAxMjMwMjE1MjNaMIGUMQswCQYDVQQGEwJVUzETMBEGA1UECAwKQ2FsaWZvcm5pYTEWMBQGA1UEBwwNU2FuIEZyYW5jaXNjbzENMAsGA1UECgwET2t0YTEUMBIGA1UECwwLU1NPUHJvdmlkZXIxFTATBgNVBAMMDGJhbGFjb21wdGVzdDEcMBoGCSqGSIb3DQEJARYNaW5mb0Bva3RhLmNvbTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAKhmkmKsu3FYeBiJg44aN6Ah3g9gof1cytXJVMnblDUWpLfe/FMUQCssh8Y8NCYRri5jni4efBgk6B3SkC7ymqsOXILIEHSwUYWnAaqDOTxO101mHzryowu1+0PldRNoyTthahpprvAPYlTin9zrDTqFT+WY/zwoaN8H+CfixlW1nM85qF18zYYekkW50MSoHPcfJKe2ywIhPXTYTSBEPcHh8dQEjBrZn7A4qOoDnfOXll8OL7j2O6EVyTtHA0tLJHVLpwI4gSPsXFwEnHltjN57odwYe9yds0BbM/YG9i+am1+3cmZ6Uyd16mLGclrr05o9BHcEZ4ZctV2hr6whbRsCAwEAATANBgkqhkiG9w0BAQUFAAOCAQEAnNlF27gRmhGTQ+GRAvbvYToFRgsIbBAPvRqB2LmEIiQ6UJd602w6uP1sv/zEzBYg4SnMLuVyWgOJ6d71dCvXdIO9mgAq6BaEPjlo0WhGyt+zGrpkMnIX5EwRa64kHydcPRHNA607wVYA96sJdyNJEMzBvjY9fJnfevzzDCN3NWpMS2T6rk6HP5IziI1VuFWY2OUC1kbCqLj1dUgp8koe3ftLL55ZpkAocnVMnrzBveNjgAOAiKTMcyS0bhESph9aVWvuHVZSfTnUjnTPb/4jA2YlB3ED+qaU3aqHwft1KXwZskNXBKXy7lyC+CMoeB3/ncFhSg/UllBooPPS3wYlNA==";

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
                "profile": {"name": name, "description": format!("Members of {name}")}
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

/// The Loopio app's signing keys: an expired one, and the active one (`KID`).
fn signing_keys() -> BTreeMap<String, Vec<Value>> {
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
    keys
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
        let keys = signing_keys();
        let mut users = BTreeMap::new();
        users.insert(
            APP_ID.to_string(),
            vec![
                app_user("00u1ada000000000000", "ada@acme.example", "Admin"),
                app_user("00u2bob000000000000", "bob@acme.example", "Contributor"),
                app_user("00u3cy0000000000000", "cy@acme.example", "Reviewer"),
            ],
        );
        let idp_cert = super::metadata::IdpCert::generate();
        let mut metadata = BTreeMap::new();
        metadata.insert(APP_ID.to_string(), super::metadata::document(&idp_cert));
        OrgData {
            apps,
            schemas,
            groups,
            keys,
            users,
            metadata,
            idp_cert,
            page_size: 200,
            forbidden: Vec::new(),
            rate_limited_once: Vec::new(),
            rate_limited: Vec::new(),
            html: false,
            link_origin: None,
            oauth: None,
            latency: std::time::Duration::ZERO,
            directory: super::writes::Directory::acme(),
            people: super::people::People::acme(),
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
