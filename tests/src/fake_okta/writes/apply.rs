//! What each write does to the fake org.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::{
    check_app, check_assignment, check_mapping, check_schema, created_app, empty_schema, invalid,
    no_content, PROVISIONING,
};
use crate::fake_okta::{json_ok, okta_error, OrgData};

fn not_found(path: &str) -> Response {
    okta_error(
        StatusCode::NOT_FOUND,
        "E0000007",
        &format!("Not found: Resource not found: {path}"),
    )
}

pub(super) fn apply(data: &mut OrgData, method: &str, path: &str, body: &Value) -> Response {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let checked =
        |check: fn(&Value) -> Result<(), String>| check(body).err().map(|why| invalid(&why));
    match (method, segments.as_slice()) {
        ("POST", ["api", "v1", "apps"]) => {
            if let Some(r) = checked(check_app) {
                return r;
            }
            let app = created_app(&mut data.directory, body);
            let id = app["id"].as_str().unwrap_or_default().to_string();
            data.schemas.insert(id.clone(), empty_schema(&id));
            data.apps.push(app.clone());
            json_ok(&app)
        }
        ("PUT", ["api", "v1", "apps", id]) => {
            if let Some(r) = checked(check_app) {
                return r;
            }
            put_app(data, id, body).unwrap_or_else(|| not_found(path))
        }
        ("POST", ["api", "v1", "apps", id, "lifecycle", "deactivate"]) => {
            match data.apps.iter_mut().find(|a| a["id"] == *id) {
                Some(app) => {
                    app["status"] = json!("INACTIVE");
                    json_ok(&json!({}))
                }
                None => not_found(path),
            }
        }
        ("DELETE", ["api", "v1", "apps", id]) => {
            let Some(at) = data.apps.iter().position(|a| a["id"] == *id) else {
                return not_found(path);
            };
            if data.apps[at]["status"] != "INACTIVE" {
                return okta_error(
                    StatusCode::BAD_REQUEST,
                    "E0000001",
                    "Api validation failed: Application must be inactive to be deleted",
                );
            }
            data.apps.remove(at);
            data.schemas.remove(*id);
            data.groups.remove(*id);
            no_content()
        }
        ("POST", ["api", "v1", "meta", "schemas", "apps", id, "default"]) => {
            if let Some(r) = checked(check_schema) {
                return r;
            }
            post_schema(data, id, body).unwrap_or_else(|| not_found(path))
        }
        ("PUT", ["api", "v1", "apps", id, "groups", group_id]) => {
            if let Some(r) = checked(check_assignment) {
                return r;
            }
            put_group(data, id, group_id, body).unwrap_or_else(|| not_found(path))
        }
        ("DELETE", ["api", "v1", "apps", id, "groups", group_id]) => {
            let Some(list) = data.groups.get_mut(*id) else {
                return not_found(path);
            };
            list.retain(|g| g["id"] != *group_id);
            no_content()
        }
        ("POST", ["api", "v1", "mappings", id]) => {
            if let Some(r) = checked(check_mapping) {
                return r;
            }
            post_mapping(data, id, body).unwrap_or_else(|| not_found(path))
        }
        _ => not_found(path),
    }
}

/// A full replacement of the app's writable properties. The provisioning features survive only
/// when the body carries them (the object Okta returned); otherwise they are dropped.
fn put_app(data: &mut OrgData, id: &str, body: &Value) -> Option<Response> {
    let app = data.apps.iter_mut().find(|a| a["id"] == id)?;
    let sent: Vec<&str> = body["features"]
        .as_array()
        .map(|f| f.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let had: Vec<Value> = app["features"].as_array().cloned().unwrap_or_default();
    let kept: Vec<Value> = had
        .into_iter()
        .filter(|f| {
            !PROVISIONING.contains(&f.as_str().unwrap_or(""))
                || sent.contains(&f.as_str().unwrap_or(""))
        })
        .collect();
    let mut new = body.clone();
    for key in ["id", "name", "orn", "created", "status", "_links"] {
        new[key] = app[key].clone();
    }
    new["credentials"]["signing"] = app["credentials"]["signing"].clone();
    new["features"] = Value::Array(kept);
    new["lastUpdated"] = json!("2025-06-02T00:00:00.000Z");
    *app = new;
    Some(json_ok(app))
}

fn put_group(data: &mut OrgData, app_id: &str, group_id: &str, body: &Value) -> Option<Response> {
    if !data.apps.iter().any(|a| a["id"] == app_id) {
        return None;
    }
    let group = data
        .directory
        .groups
        .iter()
        .find(|g| g["id"] == group_id)?
        .clone();
    let list = data.groups.entry(app_id.to_string()).or_default();
    let priority = body["priority"].as_u64().unwrap_or(list.len() as u64);
    let assignment = json!({
        "id": group_id,
        "lastUpdated": "2025-06-02T00:00:00.000Z",
        "priority": priority,
        "profile": body.get("profile").cloned().unwrap_or_else(|| json!({})),
        "_links": {"group": {"href": format!("https://acme.okta.com/api/v1/groups/{group_id}")}},
        "_embedded": {"group": group}
    });
    match list.iter_mut().find(|g| g["id"] == group_id) {
        Some(existing) => *existing = assignment.clone(),
        None => list.push(assignment.clone()),
    }
    let mut out = assignment;
    out.as_object_mut().map(|o| o.remove("_embedded"));
    Some(json_ok(&out))
}

/// A partial update: each custom property given replaces the old one; `null` removes it.
fn post_schema(data: &mut OrgData, id: &str, body: &Value) -> Option<Response> {
    let schema = data.schemas.get_mut(id)?;
    let props = schema["definitions"]["custom"]["properties"].as_object_mut()?;
    for (name, p) in body["definitions"]["custom"]["properties"]
        .as_object()
        .into_iter()
        .flatten()
    {
        if p.is_null() {
            props.remove(name);
        } else {
            props.insert(name.clone(), p.clone());
        }
    }
    Some(json_ok(schema))
}

/// Each property given replaces the old one; a `null` expression removes it.
fn post_mapping(data: &mut OrgData, id: &str, body: &Value) -> Option<Response> {
    let m = data.directory.mappings.iter_mut().find(|m| m["id"] == id)?;
    for (name, p) in body["properties"].as_object().into_iter().flatten() {
        if p["expression"].is_null() {
            m["properties"]
                .as_object_mut()
                .map(|props| props.remove(name));
        } else {
            m["properties"][name] = p.clone();
        }
    }
    Some(json_ok(m))
}
