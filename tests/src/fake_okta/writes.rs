//! The fake Okta's writes, for `apply`'s tests: create, change, deactivate and delete the app,
//! the partial app user schema update, group assignments and the profile mapping, plus the reads
//! only `apply` makes (`/api/v1/groups?q=`, `/api/v1/mappings`).
//!
//! Every body is checked against the shapes of `management-minimal.yaml` ([`SPEC_PROPERTIES`]
//! lists the properties each schema allows; a test reads the spec to prove each is there), and
//! a `PUT` of an app whose body lacks the provisioning features drops them, as reported for
//! SCIM apps changed with a body built from scratch (terraform-provider-okta issues 655, 710).

use axum::http::{header, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

mod apply;

use super::{json_ok, okta_error, page, query_pairs, schema, Server, APP_ID, APP_NAME, KID};

/// The write methods the fake accepts.
pub const METHODS: [&str; 3] = ["POST", "PUT", "DELETE"];

/// The provisioning features a full PUT without them drops.
pub const PROVISIONING: [&str; 8] = [
    "SCIM_PROVISIONING",
    "PUSH_NEW_USERS",
    "PUSH_PROFILE_UPDATES",
    "PUSH_USER_DEACTIVATION",
    "REACTIVATE_USERS",
    "IMPORT_NEW_USERS",
    "IMPORT_PROFILE_UPDATES",
    "GROUP_PUSH",
];

/// Properties each schema of `management-minimal.yaml` allows, for the request body checks.
/// `UserSchemaAttribute` also gets `items` and `union`, which Okta keeps for arrays (the spec
/// does not list them; it does not forbid extra properties).
pub const SPEC_PROPERTIES: [(&str, &[&str]); 6] = [
    (
        "Application",
        &[
            "accessibility",
            "created",
            "expressConfiguration",
            "features",
            "id",
            "label",
            "lastUpdated",
            "licensing",
            "orn",
            "profile",
            "signOnMode",
            "status",
            "universalLogout",
            "visibility",
            "_embedded",
            "_links",
        ],
    ),
    (
        "SamlApplicationSettingsSignOn",
        &[
            "acsEndpoints",
            "allowMultipleAcsEndpoints",
            "assertionEncryption",
            "assertionSigned",
            "attributeStatements",
            "audience",
            "audienceOverride",
            "authnContextClassRef",
            "configuredAttributeStatements",
            "defaultRelayState",
            "destination",
            "destinationOverride",
            "digestAlgorithm",
            "honorForceAuthn",
            "idpIssuer",
            "inlineHooks",
            "participateSlo",
            "recipient",
            "recipientOverride",
            "requestCompressed",
            "responseSigned",
            "samlAssertionLifetimeSeconds",
            "signatureAlgorithm",
            "slo",
            "spCertificate",
            "spIssuer",
            "ssoAcsUrl",
            "ssoAcsUrlOverride",
            "subjectNameIdFormat",
            "subjectNameIdTemplate",
        ],
    ),
    (
        "ApplicationCredentialsUsernameTemplate",
        &["pushStatus", "template", "type"],
    ),
    (
        "UserSchema",
        &[
            "$schema",
            "created",
            "definitions",
            "id",
            "lastUpdated",
            "name",
            "properties",
            "title",
            "type",
            "_links",
        ],
    ),
    (
        "UserSchemaAttribute",
        &[
            "default",
            "description",
            "enum",
            "externalName",
            "externalNamespace",
            "format",
            "master",
            "maxLength",
            "minLength",
            "mutability",
            "oneOf",
            "pattern",
            "permissions",
            "required",
            "scope",
            "title",
            "type",
            "unique",
        ],
    ),
    (
        "ApplicationGroupAssignment",
        &[
            "id",
            "lastUpdated",
            "priority",
            "profile",
            "_embedded",
            "_links",
        ],
    ),
];
/// `SamlApplication` adds these to `Application`.
const SAML_APPLICATION: [&str; 3] = ["credentials", "name", "settings"];
/// Required in `SamlApplicationSettingsSignOn`.
pub const SIGN_ON_REQUIRED: [&str; 5] = [
    "allowMultipleAcsEndpoints",
    "assertionSigned",
    "honorForceAuthn",
    "requestCompressed",
    "responseSigned",
];
/// Enums of the spec the bodies use: (schema, property, allowed values).
pub const SPEC_ENUMS: [(&str, &str, &[&str]); 6] = [
    (
        "SamlApplicationSettingsSignOn",
        "subjectNameIdFormat",
        &[
            "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
            "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
            "urn:oasis:names:tc:SAML:1.1:nameid-format:x509SubjectName",
        ],
    ),
    (
        "SamlApplicationSettingsSignOn",
        "signatureAlgorithm",
        &["RSA_SHA1", "RSA_SHA256"],
    ),
    (
        "SamlApplicationSettingsSignOn",
        "digestAlgorithm",
        &["SHA1", "SHA256"],
    ),
    (
        "ApplicationCredentialsUsernameTemplate",
        "pushStatus",
        &["PUSH", "DONT_PUSH", "NOT_CONFIGURED"],
    ),
    (
        "ApplicationCredentialsUsernameTemplate",
        "type",
        &["NONE", "BUILT_IN", "CUSTOM"],
    ),
    (
        "ProfileMappingPropertyPushStatus",
        "",
        &["DONT_PUSH", "PUSH"],
    ),
];

/// The org's groups, profile mappings, and how writes misbehave.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    /// `Group` objects (`GET /api/v1/groups?q=`).
    pub groups: Vec<Value>,
    /// `ProfileMapping` objects, in full.
    pub mappings: Vec<Value>,
    /// Writes to paths starting with one of these answer 403 `E0000006`.
    pub forbidden_writes: Vec<String>,
    /// Writes to paths starting with one of these answer 500.
    pub failing_writes: Vec<String>,
    /// Every write accepted: method, path, body.
    pub log: Vec<(String, String, Value)>,
    created: u32,
}

fn okta_group(id: &str, name: &str) -> Value {
    json!({"id": id, "created": "2025-01-01T00:00:00.000Z", "lastUpdated": "2025-01-01T00:00:00.000Z",
           "lastMembershipUpdated": "2025-01-01T00:00:00.000Z", "objectClass": ["okta:user_group"], "type": "OKTA_GROUP",
           "profile": {"name": name, "description": format!("Members of {name}")},
           "_links": {"self": {"href": format!("https://acme.okta.com/api/v1/groups/{id}")}}})
}

/// A profile mapping (`ProfileMapping`) from the Okta user to `app_id`'s user.
pub fn mapping(id: &str, app_id: &str, app_name: &str) -> Value {
    json!({"id": id,
           "source": {"id": "otysbePhQ3yqt4cVv0g3", "name": "user", "type": "user"},
           "target": {"id": app_id, "name": app_name, "type": "appuser"},
           "properties": {"userName": {"expression": "user.email", "pushStatus": "PUSH"}},
           "_links": {"self": {"href": format!("https://acme.okta.com/api/v1/mappings/{id}")}}})
}

impl Directory {
    /// The acme org: the three groups the Loopio app is assigned to, one more, and the Loopio
    /// app's user mapping.
    pub fn acme() -> Directory {
        Directory {
            groups: vec![
                okta_group("00g1admins0000000000", "Loopio Admins"),
                okta_group("00g2proposal00000000", "Proposal Team"),
                okta_group("00g3everyone00000000", "Everyone"),
                okta_group("00g4sales00000000000", "Sales"),
            ],
            mappings: vec![mapping("prm1loopio0mapping00", APP_ID, APP_NAME)],
            ..Directory::default()
        }
    }
}

/// The reads only `apply` makes.
pub(super) fn read(server: &Server, uri: &Uri, path: &str) -> Option<Response> {
    let data = server.data.lock().unwrap().clone();
    let pairs = query_pairs(uri);
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segments.as_slice() {
        ["api", "v1", "groups"] => {
            let q = get("q").unwrap_or_default().to_lowercase();
            let found: Vec<Value> = data
                .directory
                .groups
                .iter()
                .filter(|g| {
                    g["profile"]["name"]
                        .as_str()
                        .is_some_and(|n| n.to_lowercase().starts_with(&q))
                })
                .cloned()
                .collect();
            Some(page(server, uri, &found))
        }
        ["api", "v1", "mappings"] => {
            let (source, target) = (get("sourceId"), get("targetId"));
            let found: Vec<Value> = data.directory.mappings.iter()
                .filter(|m| source.as_ref().is_none_or(|s| m["source"]["id"] == s.as_str()))
                .filter(|m| target.as_ref().is_none_or(|t| m["target"]["id"] == t.as_str()))
                .map(|m| json!({"id": m["id"], "source": m["source"], "target": m["target"], "_links": m["_links"]}))
                .collect();
            Some(page(server, uri, &found))
        }
        ["api", "v1", "mappings", id] => data
            .directory
            .mappings
            .iter()
            .find(|m| m["id"] == *id)
            .map(json_ok),
        _ => None,
    }
}

fn invalid(why: &str) -> Response {
    let body = json!({"errorCode": "E0000001", "errorSummary": "Api validation failed: body", "errorLink": "E0000001",
                      "errorId": "oaeFakeOkta0000000000", "errorCauses": [{"errorSummary": why}]});
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn keys_allowed(v: &Value, allowed: &[&str], what: &str) -> Result<(), String> {
    let Some(map) = v.as_object() else {
        return Err(format!("{what} must be an object"));
    };
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(format!("{what}: unknown property {k}")),
        None => Ok(()),
    }
}

fn in_enum(v: &Value, schema: &str, property: &str) -> Result<(), String> {
    let Some(s) = v.as_str() else { return Ok(()) };
    let (_, _, values) = SPEC_ENUMS
        .iter()
        .find(|(n, p, _)| *n == schema && *p == property)
        .expect("enum");
    if values.contains(&s) {
        Ok(())
    } else {
        Err(format!("{schema}.{property}: {s} is not one of {values:?}"))
    }
}

fn spec(name: &str) -> &'static [&'static str] {
    SPEC_PROPERTIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, p)| *p)
        .expect("schema")
}

/// `SamlApplication`: its properties, the sign-on flags it requires, its enums.
pub fn check_app(body: &Value) -> Result<(), String> {
    let top: Vec<&str> = spec("Application")
        .iter()
        .chain(SAML_APPLICATION.iter())
        .copied()
        .collect();
    keys_allowed(body, &top, "SamlApplication")?;
    if body["signOnMode"] != "SAML_2_0" {
        return Err("signOnMode must be SAML_2_0 here".into());
    }
    let sign_on = &body["settings"]["signOn"];
    keys_allowed(
        sign_on,
        spec("SamlApplicationSettingsSignOn"),
        "settings.signOn",
    )?;
    if let Some(missing) = SIGN_ON_REQUIRED.iter().find(|k| !sign_on[**k].is_boolean()) {
        return Err(format!("settings.signOn.{missing} is required (boolean)"));
    }
    for p in [
        "subjectNameIdFormat",
        "signatureAlgorithm",
        "digestAlgorithm",
    ] {
        in_enum(&sign_on[p], "SamlApplicationSettingsSignOn", p)?;
    }
    let template = &body["credentials"]["userNameTemplate"];
    if !template.is_null() {
        keys_allowed(
            template,
            spec("ApplicationCredentialsUsernameTemplate"),
            "userNameTemplate",
        )?;
        in_enum(
            &template["pushStatus"],
            "ApplicationCredentialsUsernameTemplate",
            "pushStatus",
        )?;
        in_enum(
            &template["type"],
            "ApplicationCredentialsUsernameTemplate",
            "type",
        )?;
    }
    Ok(())
}

/// A partial `UserSchema`: custom properties only, each a `UserSchemaAttribute` or `null`.
pub fn check_schema(body: &Value) -> Result<(), String> {
    keys_allowed(body, spec("UserSchema"), "UserSchema")?;
    keys_allowed(&body["definitions"], &["base", "custom"], "definitions")?;
    let props = body["definitions"]["custom"]["properties"]
        .as_object()
        .ok_or("definitions.custom.properties must be an object")?;
    let allowed: Vec<&str> = spec("UserSchemaAttribute")
        .iter()
        .copied()
        .chain(["items", "union"])
        .collect();
    for (name, p) in props {
        if p.is_null() {
            continue;
        }
        keys_allowed(p, &allowed, name)?;
        if !["array", "boolean", "integer", "number", "string"]
            .contains(&p["type"].as_str().unwrap_or(""))
        {
            return Err(format!("{name}.type is not a UserSchemaAttributeType"));
        }
        if !p["scope"].is_null() && !["NONE", "SELF"].contains(&p["scope"].as_str().unwrap_or("")) {
            return Err(format!("{name}.scope is not NONE or SELF"));
        }
    }
    Ok(())
}

/// `ApplicationGroupAssignment`: an integer priority and an object profile.
pub fn check_assignment(body: &Value) -> Result<(), String> {
    keys_allowed(
        body,
        spec("ApplicationGroupAssignment"),
        "ApplicationGroupAssignment",
    )?;
    if !body["priority"].is_null() && !body["priority"].is_u64() {
        return Err("priority must be an integer".into());
    }
    if !body["profile"].is_null() && !body["profile"].is_object() {
        return Err("profile must be an object".into());
    }
    Ok(())
}

/// `ProfileMappingRequest`: `properties` of `ProfileMappingProperty` (`null`s remove one).
pub fn check_mapping(body: &Value) -> Result<(), String> {
    keys_allowed(body, &["properties"], "ProfileMappingRequest")?;
    let props = body["properties"]
        .as_object()
        .ok_or("properties is required")?;
    for (name, p) in props {
        keys_allowed(p, &["expression", "pushStatus"], name)?;
        if !p["expression"].is_null() && !p["expression"].is_string() {
            return Err(format!("{name}.expression must be a string"));
        }
        in_enum(&p["pushStatus"], "ProfileMappingPropertyPushStatus", "")?;
    }
    Ok(())
}

/// One write: refused, failed, invalid, or applied to the org.
pub(super) fn write(server: &Server, method: &Method, path: &str, body: &[u8]) -> Response {
    let mut data = server.data.lock().unwrap();
    let d = &data.directory;
    if d.forbidden_writes
        .iter()
        .any(|p| path.starts_with(p.as_str()))
    {
        return okta_error(
            StatusCode::FORBIDDEN,
            "E0000006",
            "You do not have permission to perform the requested action",
        );
    }
    if d.failing_writes
        .iter()
        .any(|p| path.starts_with(p.as_str()))
    {
        return okta_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "E0000009",
            "Internal Server Error",
        );
    }
    let json: Value = if body.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(_) => return invalid("the body is not JSON"),
        }
    };
    let response = apply::apply(&mut data, method.as_str(), path, &json);
    if response.status().is_success() {
        data.directory
            .log
            .push((method.to_string(), path.to_string(), json));
    }
    response
}

pub(super) fn no_content() -> Response {
    (
        StatusCode::NO_CONTENT,
        [(header::CONTENT_TYPE, "application/json")],
        "",
    )
        .into_response()
}

/// A new app as Okta makes it from a create body: an id, a generated name, no provisioning.
pub(super) fn created_app(directory: &mut Directory, body: &Value) -> Value {
    directory.created += 1;
    let n = directory.created;
    let id = format!("0oa9created{n:09}");
    let name = format!("acmeorg_loopio_{}", n + 1);
    let mut app = body.clone();
    app["id"] = json!(id);
    app["name"] = json!(name);
    app["status"] = json!("ACTIVE");
    app["created"] = json!("2025-06-01T00:00:00.000Z");
    app["lastUpdated"] = json!("2025-06-01T00:00:00.000Z");
    app["features"] = json!([]);
    app["credentials"]["signing"] = json!({"kid": KID});
    app["_links"] = json!({"metadata": {"href": format!("https://acme.okta.com/api/v1/apps/{id}/sso/saml/metadata")}});
    app
}

/// An app user schema with no custom property yet.
pub(super) fn empty_schema(app_id: &str) -> Value {
    let mut s = schema(app_id, "placeholder");
    s["definitions"]["custom"]["properties"] = json!({});
    s
}
