//! Okta's own OpenAPI document, `management-minimal.yaml`, as JSON Schema: what the fake Okta
//! serves and what the app sends are checked against it, so neither can drift from Okta.
//!
//! The document is OpenAPI 3.0.3, whose Schema Object is JSON Schema draft 4 (Wright draft 00)
//! plus a few keywords. [`Spec::load`] reads it (from `shared/` beside the repository, as CI lays
//! it), converts those keywords ([`to_json_schema`]) and registers the result with `jsonschema`
//! under one URI, so every `$ref: '#/components/schemas/X'` resolves inside it:
//! - `nullable: true` adds `null` to `type` (and to `enum`, which Okta marks nullable because it
//!   sends `null`); beside a `$ref`, it becomes `anyOf: [{type: null}, {$ref}]`. Okta's
//!   `x-okta-allow-null-property-value-for-updates: true` (on `UserSchemaAttribute`: a custom
//!   property set to `null` in a partial update removes it) reads the same.
//! - `discriminator` is no JSON Schema keyword: [`Spec::check`] follows it itself, so an
//!   `Application` with `signOnMode: SAML_2_0` is checked against `SamlApplication` (its
//!   `mapping`), a `BOOKMARK` one against `BookmarkApplication`.
//! - `readOnly`, `writeOnly`, `example`, `x-*` are annotations and stay as they are.
//! - [`ERRATA`]: the few schemas that reject Okta's own examples in the same document are
//!   corrected first, each with the example that shows it (a test proves each still needed).
//!
//! Which schema applies comes from the document too: [`Spec::response`] and [`Spec::request`]
//! find the operation by method and path template (`/api/v1/apps/{appId}`) and read its
//! `responses` / `requestBody` (through `#/components/responses/...`). `format` is asserted
//! (`date-time`, `uri`, `email`, `regex`); Okta's other formats (`int64`, `password`, ...) are
//! unknown to JSON Schema and only annotate.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use jsonschema::{Draft, Registry, Validator};
use serde_json::{json, Map, Value};

/// Where CI and every developer have Okta's document: `shared/` beside the repository.
pub const SPEC_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/reference/okta/management-minimal.yaml"
);

/// The URI the converted document is registered under. Nothing is ever fetched: `jsonschema` is
/// built without resolvers and every reference is inside the document.
const BASE: &str = "https://spec.okta.invalid/management-minimal.json";
const SCHEMAS: &str = "#/components/schemas/";

/// Reads and parses the OpenAPI document at `path`.
///
/// # Panics
/// When the file is missing or is not YAML, naming where the document is expected.
pub fn read(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "Okta's OpenAPI document is needed at {path} ({e}). It lives in \
             shared/reference/okta/ beside the repository (CI clones the repository with shared/ \
             next to it); put it there to run these tests."
        )
    });
    serde_yaml_ng::from_str(&text)
        .unwrap_or_else(|e| panic!("{path} is not YAML this test can read: {e}"))
}

/// A schema of the published document that rejects Okta's own example in the same document,
/// and the correction checked shapes get instead. Each is proved still needed by a test (the
/// published schema rejects `example` at `at`, the corrected one does not), so none outlives
/// Okta's fix, and none is added without an example of Okta's to show for it.
pub struct Erratum {
    /// The schema corrected (`#/components/schemas/{schema}`).
    pub schema: &'static str,
    /// Okta's example (`#/components/examples/{example}`) that the published schema rejects...
    pub example: &'static str,
    /// ...checked as this schema...
    pub example_of: &'static str,
    /// ...at this place (a JSON Pointer into the example).
    pub at: &'static str,
    pub why: &'static str,
    /// The correction, on the schema as published.
    pub fix: fn(&mut Value),
}

fn nullable(schema: &mut Value, properties: &[&str]) {
    for p in properties {
        schema["properties"][*p]["nullable"] = Value::Bool(true);
    }
}

/// The corrections to `management-minimal.yaml` (version 2026.06.3), each shown by Okta's own
/// example. Okta sends `null` for unset strings of an app, which its schemas do not mark
/// `nullable`; the fake sends them too, as Okta does.
pub const ERRATA: [Erratum; 4] = [
    Erratum {
        schema: "ApplicationAccessibility",
        example: "Saml2.0ResponseEx",
        example_of: "Application",
        at: "/accessibility/errorRedirectUrl",
        why: "Okta answers errorRedirectUrl and loginRedirectUrl null when unset",
        fix: |s| nullable(s, &["errorRedirectUrl", "loginRedirectUrl"]),
    },
    Erratum {
        schema: "ApplicationSettingsNotes",
        example: "Saml2.0ResponseEx",
        example_of: "Application",
        at: "/settings/notes/admin",
        why: "Okta answers notes.admin and notes.enduser null when unset",
        fix: |s| nullable(s, &["admin", "enduser"]),
    },
    Erratum {
        schema: "ApplicationSettingsNotificationsVpn",
        example: "GetApplicationsResponseEx",
        example_of: "Application",
        at: "/settings/notifications/vpn/message",
        why: "Okta answers notifications.vpn.message and helpUrl null when unset",
        fix: |s| nullable(s, &["message", "helpUrl"]),
    },
    Erratum {
        schema: "ProfileMappingRequest",
        example: "RemoveMappingBody",
        example_of: "ProfileMappingRequest",
        at: "",
        why: "`required` names expression and pushStatus, which belong to each mapped property, \
              and `properties` is a map of property name to {expression, pushStatus}, either \
              null to remove the property (Okta's Add/Update/RemoveMappingBody examples)",
        fix: |s| {
            s["required"] = json!(["properties"]);
            s["properties"]["properties"] = json!({
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "expression": {"type": "string", "nullable": true},
                        "pushStatus": {
                            "$ref": "#/components/schemas/ProfileMappingPropertyPushStatus",
                            "nullable": true
                        }
                    }
                }
            });
        },
    },
];

/// Okta's Management API document, converted, with the validators built so far.
pub struct Spec {
    /// The document as published (paths, components), as JSON.
    pub document: Value,
    registry: Registry<'static>,
    validators: Mutex<HashMap<String, Arc<Validator>>>,
}

/// Which schema a value was checked against, and what it broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON Pointer into the value checked.
    pub at: String,
    /// The schema (`SamlApplication`, ...) the value at `at` was checked against.
    pub schema: String,
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.at.is_empty() { "/" } else { &self.at };
        write!(f, "{at} ({}): {}", self.schema, self.message)
    }
}

impl Spec {
    /// The document at [`SPEC_PATH`] with [`ERRATA`], read and converted once per test binary.
    ///
    /// # Panics
    /// When the file is missing or unreadable: the checks against Okta's shapes must not be
    /// skipped silently.
    pub fn load() -> &'static Spec {
        static SPEC: OnceLock<Spec> = OnceLock::new();
        SPEC.get_or_init(|| Spec::new(read(SPEC_PATH), &ERRATA))
    }

    /// A spec from an OpenAPI 3.0 document already parsed, with `errata` applied to its schemas
    /// ([`ERRATA`], or none to check the document as published).
    ///
    /// # Panics
    /// When the document has no `components.schemas` or `jsonschema` refuses it.
    pub fn new(document: Value, errata: &[Erratum]) -> Spec {
        let mut schemas = document["components"]["schemas"]
            .as_object()
            .expect("components.schemas in the OpenAPI document")
            .clone();
        for erratum in errata {
            let schema = schemas
                .get_mut(erratum.schema)
                .unwrap_or_else(|| panic!("erratum for {}: no such schema", erratum.schema));
            (erratum.fix)(schema);
        }
        let converted: Map<String, Value> = schemas
            .iter()
            .map(|(name, s)| (name.clone(), to_json_schema(s)))
            .collect();
        let root = json!({"components": {"schemas": converted}});
        let registry = Registry::new()
            .add(BASE, Draft::Draft4.create_resource(root))
            .and_then(|b| b.prepare())
            .unwrap_or_else(|e| panic!("the converted document does not register: {e}"));
        Spec {
            document,
            registry,
            validators: Mutex::new(HashMap::new()),
        }
    }

    /// Okta's example `#/components/examples/{name}`: its `value`.
    pub fn example(&self, name: &str) -> Option<&Value> {
        self.document["components"]["examples"]
            .get(name)?
            .get("value")
    }

    /// The schema `name` as published (before conversion).
    pub fn schema(&self, name: &str) -> Option<&Value> {
        self.document["components"]["schemas"].get(name)
    }

    /// The validator for `#/components/schemas/{name}`, built once.
    ///
    /// # Panics
    /// When the document has no such schema.
    pub fn validator(&self, name: &str) -> Arc<Validator> {
        assert!(
            self.schema(name).is_some(),
            "management-minimal.yaml has no schema {name}"
        );
        let mut cache = self.validators.lock().unwrap();
        cache
            .entry(name.to_string())
            .or_insert_with(|| {
                let wrapper = json!({"$ref": format!("{BASE}{SCHEMAS}{name}")});
                let validator = jsonschema::options()
                    .with_draft(Draft::Draft4)
                    .with_registry(&self.registry)
                    .should_validate_formats(true)
                    .build(&wrapper)
                    .unwrap_or_else(|e| panic!("schema {name} does not compile: {e}"));
                Arc::new(validator)
            })
            .clone()
    }

    /// The concrete schema for `value` of schema `name`: what `name`'s `discriminator.mapping`
    /// names for the value's discriminating property (followed again from there); else `name`.
    pub fn concrete(&self, name: &str, value: &Value) -> String {
        let Some(schema) = self.schema(name) else {
            return name.to_string();
        };
        let Some(d) = schema.get("discriminator") else {
            return name.to_string();
        };
        let property = d["propertyName"].as_str().unwrap_or_default();
        match value[property]
            .as_str()
            .and_then(|v| d["mapping"][v].as_str())
            .and_then(|r| r.strip_prefix(SCHEMAS))
        {
            Some(mapped) if mapped != name => self.concrete(mapped, value),
            _ => name.to_string(),
        }
    }

    /// Checks `value` against the schema `name`, following its discriminator.
    pub fn check(&self, name: &str, value: &Value) -> Result<(), Vec<Violation>> {
        self.check_node(&json!({"$ref": format!("{SCHEMAS}{name}")}), value, "")
    }

    /// Checks `value` against a schema node of the document (a response's or request body's
    /// `schema`: a `$ref`, or an array of them), following discriminators item by item.
    pub fn check_node(&self, node: &Value, value: &Value, at: &str) -> Result<(), Vec<Violation>> {
        if let Some(name) = node["$ref"].as_str().and_then(|r| r.strip_prefix(SCHEMAS)) {
            let concrete = self.concrete(name, value);
            let validator = self.validator(&concrete);
            let errors: Vec<Violation> = validator
                .iter_errors(value)
                .map(|e| Violation {
                    at: format!("{at}{}", e.instance_path()),
                    schema: concrete.clone(),
                    message: e.to_string(),
                })
                .collect();
            return none_or(errors);
        }
        if node["type"] == "array" {
            let Some(items) = value.as_array() else {
                return Err(vec![Violation {
                    at: at.to_string(),
                    schema: "array".into(),
                    message: format!("{value} is not an array"),
                }]);
            };
            let errors: Vec<Violation> = items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    self.check_node(&node["items"], item, &format!("{at}/{i}"))
                        .err()
                })
                .flatten()
                .collect();
            return none_or(errors);
        }
        // An inline schema: checked as it is, converted (its `$ref`s resolve in the registry).
        let mut inline = to_json_schema(node);
        absolutize(&mut inline);
        let validator = jsonschema::options()
            .with_draft(Draft::Draft4)
            .with_registry(&self.registry)
            .should_validate_formats(true)
            .build(&inline)
            .unwrap_or_else(|e| panic!("inline schema {node} does not compile: {e}"));
        let errors: Vec<Violation> = validator
            .iter_errors(value)
            .map(|e| Violation {
                at: format!("{at}{}", e.instance_path()),
                schema: "inline".into(),
                message: e.to_string(),
            })
            .collect();
        none_or(errors)
    }

    /// The operation of `method` whose path template matches `path` (no query): its template
    /// and its object.
    pub fn operation(&self, method: &str, path: &str) -> Option<(&str, &Value)> {
        let method = method.to_ascii_lowercase();
        let wanted: Vec<&str> = path.trim_matches('/').split('/').collect();
        let paths = self.document["paths"].as_object()?;
        // A literal segment beats a `{parameter}` (`/apps/{appId}/users` vs `/apps/{appId}/{x}`).
        paths
            .iter()
            .filter_map(|(template, item)| {
                let parts: Vec<&str> = template.trim_matches('/').split('/').collect();
                if parts.len() != wanted.len() {
                    return None;
                }
                let mut literal = 0;
                for (p, w) in parts.iter().zip(&wanted) {
                    if p.starts_with('{') && p.ends_with('}') {
                        continue;
                    }
                    if p != w {
                        return None;
                    }
                    literal += 1;
                }
                let op = item.get(&method)?;
                Some((literal, template.as_str(), op))
            })
            .max_by_key(|(literal, _, _)| *literal)
            .map(|(_, template, op)| (template, op))
    }

    /// The JSON schema node the operation declares for `status`, or `None` when it declares no
    /// JSON body for it (`204`, XML). `Err` when the operation is missing or the status is not
    /// declared at all.
    pub fn response(&self, method: &str, path: &str, status: u16) -> Result<Option<Value>, String> {
        let (template, op) = self
            .operation(method, path)
            .ok_or_else(|| format!("management-minimal.yaml has no {method} {path}"))?;
        let response = op["responses"]
            .get(status.to_string())
            .ok_or_else(|| format!("{method} {template} declares no {status} response"))?;
        let response = self.follow(response);
        Ok(response["content"]["application/json"]
            .get("schema")
            .cloned())
    }

    /// The JSON schema node of the operation's request body, `None` when it takes none.
    pub fn request(&self, method: &str, path: &str) -> Result<Option<Value>, String> {
        let (_, op) = self
            .operation(method, path)
            .ok_or_else(|| format!("management-minimal.yaml has no {method} {path}"))?;
        let Some(body) = op.get("requestBody") else {
            return Ok(None);
        };
        Ok(self.follow(body)["content"]["application/json"]
            .get("schema")
            .cloned())
    }

    /// A `$ref: '#/components/...'` to what it names; anything else as it is.
    fn follow<'a>(&'a self, node: &'a Value) -> &'a Value {
        match node["$ref"].as_str().and_then(|r| r.strip_prefix("#/")) {
            Some(pointer) => self
                .document
                .pointer(&format!("/{pointer}"))
                .unwrap_or(&Value::Null),
            None => node,
        }
    }
}

fn none_or(errors: Vec<Violation>) -> Result<(), Vec<Violation>> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// `#/components/...` references of an inline schema, made absolute (the inline schema is its
/// own document, without `components`).
fn absolutize(node: &mut Value) {
    match node {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                match v {
                    Value::String(s) if k == "$ref" && s.starts_with("#/") => {
                        *s = format!("{BASE}{s}");
                    }
                    other => absolutize(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(absolutize),
        _ => {}
    }
}

/// One OpenAPI 3.0 Schema Object as a JSON Schema draft 4 schema (see the module's notes).
pub fn to_json_schema(schema: &Value) -> Value {
    let Some(map) = schema.as_object() else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (k, v) in map {
        let v = match k.as_str() {
            // Maps of subschemas.
            "properties" | "patternProperties" => match v.as_object() {
                Some(props) => Value::Object(
                    props
                        .iter()
                        .map(|(name, s)| (name.clone(), to_json_schema(s)))
                        .collect(),
                ),
                None => v.clone(),
            },
            // One subschema.
            "items" | "not" => to_json_schema(v),
            "additionalProperties" if v.is_object() => to_json_schema(v),
            // Lists of subschemas.
            "allOf" | "anyOf" | "oneOf" => match v.as_array() {
                Some(list) => Value::Array(list.iter().map(to_json_schema).collect()),
                None => v.clone(),
            },
            // OpenAPI only: `discriminator` is followed by `Spec::check`; `nullable` below.
            "discriminator" | "nullable" => continue,
            _ => v.clone(),
        };
        out.insert(k.clone(), v);
    }
    let nullable = ["nullable", "x-okta-allow-null-property-value-for-updates"]
        .iter()
        .any(|k| map.get(*k) == Some(&Value::Bool(true)));
    if nullable {
        match out.get("type").cloned() {
            Some(Value::String(t)) => {
                out.insert("type".into(), json!([t, "null"]));
                if let Some(Value::Array(values)) = out.get_mut("enum") {
                    if !values.contains(&Value::Null) {
                        values.push(Value::Null);
                    }
                }
            }
            _ if out.contains_key("$ref") => {
                return json!({"anyOf": [{"type": "null"}, Value::Object(out)]});
            }
            _ => {}
        }
    }
    Value::Object(out)
}
