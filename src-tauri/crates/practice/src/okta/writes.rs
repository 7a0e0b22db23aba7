//! The writes `apply` sends (and its undo), with Okta's semantics:
//!
//! - `POST /apps?activate=true`: a new SAML app, active, with a generated id and name, a signing
//!   key, no provisioning (`features: []`: no API switches it on), an app user schema with no
//!   custom property and a user-to-app profile mapping.
//! - `PUT /apps/{id}`: the body replaces the app (its label, settings and credentials); id, name,
//!   status and signing key stay. `features[]` is read-only: a provisioning feature survives only
//!   when the body carries it, so a body built from scratch drops provisioning, as reported for
//!   SCIM apps (terraform-provider-okta issues 655 and 710).
//! - `POST /apps/{id}/lifecycle/deactivate`; `DELETE /apps/{id}` of an inactive app only.
//! - `POST /meta/schemas/apps/{id}/default`: a partial update of the custom properties (`null`
//!   removes one).
//! - `PUT /apps/{id}/groups/{groupId}` (`{priority, profile}`) creates or replaces the
//!   assignment; `DELETE` removes it.
//! - `POST /mappings/{id}`: each property given replaces the old one; a `null` expression
//!   removes it.

use crate::http::StatusCode;
use serde_json::{json, Map, Value};

use super::org::{
    assignment, features, mapping, now, schema, served_app, served_assignment, served_schema,
    Answer, AppEntry, Org, KID,
};
use super::OktaError;

/// The types of an app user schema property (`UserSchemaAttributeType`).
const TYPES: [&str; 5] = ["array", "boolean", "integer", "number", "string"];

/// An object with the keys Okta manages itself (`_links`, `_embedded`) left out.
fn without_links(body: &Value) -> Value {
    let mut map = body.as_object().cloned().unwrap_or_default();
    map.retain(|k, _| !k.starts_with('_'));
    Value::Object(map)
}

/// A `SamlApplication` body: what Okta refuses with `E0000001`.
fn check_app(body: &Value) -> Result<(), OktaError> {
    if !body.is_object() {
        return Err(OktaError::invalid(
            "The body must be an application object.",
        ));
    }
    if body["signOnMode"] != "SAML_2_0" {
        return Err(OktaError::invalid(
            "signOnMode: the practice Okta has SAML 2.0 apps only (SAML_2_0).",
        ));
    }
    if !body["label"].as_str().is_some_and(|l| !l.trim().is_empty()) {
        return Err(OktaError::invalid("label: The field cannot be left blank."));
    }
    if !body["settings"]["signOn"].is_object() {
        return Err(OktaError::invalid(
            "settings.signOn: The field is required.",
        ));
    }
    // Fields the practice Okta writes into must be objects when given (a string there would
    // be Okta's 400, not something to index into).
    if !(body["credentials"].is_null() || body["credentials"].is_object()) {
        return Err(OktaError::invalid("credentials: an object is required."));
    }
    Ok(())
}

fn object_at<'v>(body: &'v Value, pointer: &str) -> Result<&'v Map<String, Value>, OktaError> {
    let found = body.pointer(pointer).and_then(Value::as_object);
    let field = pointer.trim_start_matches('/').replace('/', ".");
    found.ok_or_else(|| OktaError::invalid(format!("{field}: an object is required.")))
}

impl Org {
    /// A write of `path` (under `/api/v1`, `query` its query string), with Okta's semantics.
    pub(super) fn write(
        &mut self,
        method: &str,
        path: &str,
        query: &str,
        body: &Value,
        origin: &str,
    ) -> Result<Answer, OktaError> {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        let json = match (method, segments.as_slice()) {
            ("POST", ["apps"]) => {
                let activate = !query.split('&').any(|p| p == "activate=false");
                let id = self.create_app(body, activate)?;
                served_app(&self.entry(&id)?.app, origin)
            }
            ("PUT", ["apps", id]) => served_app(self.put_app(id, body)?, origin),
            ("POST", ["apps", id, "lifecycle", "deactivate"]) => {
                let app = &mut self.entry_mut(id)?.app;
                app["status"] = json!("INACTIVE");
                app["lastUpdated"] = json!(now());
                json!({})
            }
            ("DELETE", ["apps", id]) => return self.delete_app(id).map(|_| Answer::Empty),
            ("PUT", ["apps", id, "groups", group]) => {
                let mut served = served_assignment(&self.put_group(id, group, body)?, origin);
                served.as_object_mut().map(|a| a.remove("_embedded"));
                served
            }
            ("DELETE", ["apps", id, "groups", group]) => {
                let entry = self.entry_mut(id)?;
                let before = entry.assignments.len();
                entry.assignments.retain(|a| a["id"] != *group);
                if entry.assignments.len() == before {
                    let what = format!("{group} (ApplicationGroupAssignment)");
                    return Err(OktaError::not_found(&what));
                }
                return Ok(Answer::Empty);
            }
            ("POST", ["meta", "schemas", "apps", id, "default"]) => {
                self.post_schema(id, body)?;
                served_schema(self.entry(id)?, origin)
            }
            ("POST", ["mappings", id]) => self.post_mapping(id, body)?,
            _ => return Err(OktaError::not_found(path)),
        };
        Ok(Answer::Json(json))
    }

    /// A new app from a create body: its id.
    fn create_app(&mut self, body: &Value, activate: bool) -> Result<String, OktaError> {
        check_app(body)?;
        self.created += 1;
        let n = self.created;
        let id = format!("0oapractice0app{n:05}");
        let name = format!("practiceorg_loopio_{n}");
        let at = now();
        let mut app = without_links(body);
        app["id"] = json!(id);
        app["name"] = json!(name);
        app["status"] = json!(if activate { "ACTIVE" } else { "INACTIVE" });
        app["created"] = json!(at);
        app["lastUpdated"] = json!(at);
        app["features"] = json!([]);
        app["credentials"]["signing"] = json!({"kid": KID});
        let sign_on = &mut app["settings"]["signOn"];
        if sign_on["idpIssuer"].is_null() {
            sign_on["idpIssuer"] = json!("http://www.okta.com/${org.externalKey}");
        }
        let label = app["label"].as_str().unwrap_or_default().to_string();
        self.apps.push(AppEntry {
            schema: schema(&name, &label),
            assignments: Vec::new(),
            mapping: mapping(&format!("prmpractice0app{n:05}"), &id, &name),
            app,
        });
        Ok(id)
    }

    /// The body replaces the app; the provisioning features stay only if it carries them.
    fn put_app(&mut self, id: &str, body: &Value) -> Result<&Value, OktaError> {
        let entry = self.entry_mut(id)?;
        check_app(body)?;
        let old = &entry.app;
        let sent = features(body);
        let kept: Vec<String> = features(old)
            .into_iter()
            .filter(|f| sent.contains(f))
            .collect();
        let mut app = without_links(body);
        for key in ["id", "name", "status", "created"] {
            app[key] = old[key].clone();
        }
        app["credentials"]["signing"] = old["credentials"]["signing"].clone();
        app["features"] = json!(kept);
        app["lastUpdated"] = json!(now());
        entry.app = app;
        Ok(&entry.app)
    }

    fn delete_app(&mut self, id: &str) -> Result<(), OktaError> {
        let at = self.apps.iter().position(|e| e.app["id"] == id);
        let at = at.ok_or_else(|| OktaError::not_found(&format!("{id} (AppInstance)")))?;
        if self.apps[at].app["status"] != "INACTIVE" {
            let summary = "Delete application forbidden.";
            let mut e = OktaError::new(StatusCode::BAD_REQUEST, "E0000056", summary);
            e.causes
                .push("The app is active: deactivate it first.".into());
            return Err(e);
        }
        self.apps.remove(at);
        Ok(())
    }

    /// Creates or replaces the assignment of the directory's group `group_id`.
    fn put_group(&mut self, id: &str, group_id: &str, body: &Value) -> Result<Value, OktaError> {
        let priority = match &body["priority"] {
            Value::Null => None,
            p => Some(
                p.as_u64()
                    .ok_or_else(|| OktaError::invalid("priority: a whole number is required."))?,
            ),
        };
        let profile = match &body["profile"] {
            Value::Null => json!({}),
            p if p.is_object() => p.clone(),
            _ => return Err(OktaError::invalid("profile: an object is required.")),
        };
        self.entry(id)?;
        let group = self.groups.iter().find(|g| g["id"] == group_id).cloned();
        let what = format!("{group_id} (UserGroup)");
        let group = group.ok_or_else(|| OktaError::not_found(&what))?;
        let entry = self.entry_mut(id)?;
        let priority = priority.unwrap_or(entry.assignments.len() as u64);
        let new = assignment(&group, priority, profile, &now());
        match entry.assignments.iter_mut().find(|a| a["id"] == group_id) {
            Some(old) => *old = new.clone(),
            None => entry.assignments.push(new.clone()),
        }
        Ok(new)
    }

    /// A partial update of the custom properties: each given replaces the old; `null` removes.
    fn post_schema(&mut self, id: &str, body: &Value) -> Result<(), OktaError> {
        self.entry(id)?;
        let props = object_at(body, "/definitions/custom/properties")?;
        for (name, p) in props.iter().filter(|(_, p)| !p.is_null()) {
            if !TYPES.contains(&p["type"].as_str().unwrap_or_default()) {
                let why = format!("{name}.type: one of {} is required.", TYPES.join(", "));
                return Err(OktaError::invalid(why));
            }
        }
        let custom = &mut self.entry_mut(id)?.schema["definitions"]["custom"]["properties"];
        for (name, p) in props {
            if !p.is_null() {
                custom[name] = p.clone();
            } else if let Some(custom) = custom.as_object_mut() {
                custom.remove(name);
            }
        }
        Ok(())
    }

    /// Each property given replaces the old one; a `null` expression removes it.
    fn post_mapping(&mut self, id: &str, body: &Value) -> Result<Value, OktaError> {
        let props = object_at(body, "/properties")?;
        let bad = props
            .iter()
            .find(|(_, p)| !p["expression"].is_null() && !p["expression"].is_string());
        if let Some((name, _)) = bad {
            return Err(OktaError::invalid(format!(
                "{name}.expression: a string is required."
            )));
        }
        let found = self
            .apps
            .iter_mut()
            .map(|e| &mut e.mapping)
            .find(|m| m["id"] == id);
        let what = format!("{id} (ProfileMapping)");
        let mapping = found.ok_or_else(|| OktaError::not_found(&what))?;
        for (name, p) in props {
            if !p["expression"].is_null() {
                mapping["properties"][name] = p.clone();
            } else if let Some(all) = mapping["properties"].as_object_mut() {
                all.remove(name);
            }
        }
        Ok(mapping.clone())
    }
}
