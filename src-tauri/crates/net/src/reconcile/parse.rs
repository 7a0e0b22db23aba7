//! Okta's and Loopio's JSON into the core's reconciliation inputs. Lenient: a missing or
//! wrongly typed field reads as empty, never a panic; an item without an id is left out (it
//! cannot be linked) and counted by the caller.

use loopio_scim_core::reconcile::{LogEvent, LoopioUser, OktaUser};
use serde_json::Value;

use crate::probe::roles::roles_of;

fn text(v: &Value, pointer: &str) -> String {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Role values of an app profile's roles attribute: a string array (as the wizard sets it up),
/// or one string.
fn profile_roles(v: &Value, variable: &str) -> Vec<String> {
    match v.get("profile").and_then(|p| p.get(variable)) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string)
            .collect(),
        Some(Value::String(s)) if !s.trim().is_empty() => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// An `AppUser` (with `_embedded.user` from `expand=user`), reading roles from `roles_variable`.
pub fn app_user(v: &Value, roles_variable: &str) -> Option<OktaUser> {
    let id = text(v, "/id");
    if id.is_empty() {
        return None;
    }
    let user_name = text(v, "/credentials/userName");
    let mut login = text(v, "/_embedded/user/profile/login");
    if login.is_empty() {
        login = user_name.clone();
    }
    Some(OktaUser {
        id,
        login,
        status: text(v, "/status"),
        sync_state: text(v, "/syncState"),
        external_id: text(v, "/externalId"),
        user_name,
        roles: profile_roles(v, roles_variable),
        scope: text(v, "/scope"),
        groups: Vec::new(),
        last_sync: text(v, "/lastSync"),
    })
}

/// A SCIM `User`. `active` absent reads as active (RFC 7643 leaves it optional).
pub fn scim_user(v: &Value) -> Option<LoopioUser> {
    let id = text(v, "/id");
    if id.is_empty() {
        return None;
    }
    Some(LoopioUser {
        id,
        user_name: text(v, "/userName"),
        active: v.get("active").and_then(Value::as_bool).unwrap_or(true),
        roles: roles_of(v),
        last_modified: text(v, "/meta/lastModified"),
    })
}

/// A System Log `LogEvent`: the `User` target's id, and the login from the `AppUser` (or
/// `User`) target's `alternateId`.
pub fn log_event(v: &Value) -> LogEvent {
    let targets = v.get("target").and_then(Value::as_array);
    let target = |kind: &str| {
        targets
            .into_iter()
            .flatten()
            .find(|t| t.get("type").and_then(Value::as_str) == Some(kind))
    };
    let user = target("User");
    let app_user = target("AppUser");
    let login = app_user
        .or(user)
        .map(|t| text(t, "/alternateId"))
        .unwrap_or_default();
    let mut reason = text(v, "/outcome/reason");
    if reason.is_empty() {
        reason = text(v, "/displayMessage");
    }
    LogEvent {
        published: text(v, "/published"),
        event_type: text(v, "/eventType"),
        result: text(v, "/outcome/result"),
        reason,
        okta_user_id: user.map(|t| text(t, "/id")).unwrap_or_default(),
        login,
    }
}

/// The app's To App switches from its read-only `features[]`: (Create Users, Update User
/// Attributes); `None` when the app lists no features at all.
pub fn features(app: &Value) -> (Option<bool>, Option<bool>) {
    let Some(list) = app.get("features").and_then(Value::as_array) else {
        return (None, None);
    };
    let has = |f: &str| Some(list.iter().any(|v| v.as_str() == Some(f)));
    (has("PUSH_NEW_USERS"), has("PUSH_PROFILE_UPDATES"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_app_user_with_its_embedded_user() {
        let v = json!({
            "id": "00u1", "status": "PROVISIONED", "syncState": "ERROR", "externalId": "L1",
            "scope": "GROUP", "lastSync": "2026-03-01T00:00:00.000Z",
            "credentials": {"userName": "jo@acme.com"},
            "profile": {"loopio_1_roles": ["Admin", "", 3]},
            "_embedded": {"user": {"profile": {"login": "jo.login@acme.com"}}}
        });
        let u = app_user(&v, "loopio_1_roles").unwrap();
        assert_eq!(u.login, "jo.login@acme.com");
        assert_eq!(u.user_name, "jo@acme.com");
        assert_eq!(u.roles, ["Admin"]);
        assert_eq!(u.sync_state, "ERROR");
        let single = json!({"id": "00u2", "profile": {"r": "Admin"}});
        let u = app_user(&single, "r").unwrap();
        assert_eq!(u.roles, ["Admin"]);
        assert_eq!(u.login, "", "no login and no userName: empty, not a panic");
        assert!(app_user(&json!({"status": "x"}), "r").is_none());
        assert!(app_user(&json!([1, 2]), "r").is_none());
    }

    #[test]
    fn scim_users_with_either_roles_shape() {
        let u = scim_user(&json!({"id": "L1", "userName": "a", "roles": [{"value": "Admin"}]}));
        let u = u.unwrap();
        assert!(u.active, "active is optional in SCIM");
        assert_eq!(u.roles, ["Admin"]);
        let u = scim_user(&json!({"id": "L2", "active": false, "roles": ["Reviewer"]})).unwrap();
        assert!(!u.active);
        assert_eq!(u.roles, ["Reviewer"]);
        assert!(scim_user(&json!({"userName": "no id"})).is_none());
    }

    #[test]
    fn a_log_event_names_its_user_and_reason() {
        let v = json!({
            "eventType": "application.provision.user.push", "published": "2026-03-02T10:00:00.000Z",
            "displayMessage": "Push user to app", "outcome": {"result": "FAILURE", "reason": "Conflict"},
            "target": [
                {"id": "0oa1", "type": "AppInstance", "alternateId": "Loopio"},
                {"id": "00u1", "type": "User", "alternateId": "jo@acme.com"},
                {"id": "0ua1", "type": "AppUser", "alternateId": "jo.app@acme.com"}
            ]
        });
        let e = log_event(&v);
        assert_eq!(e.okta_user_id, "00u1");
        assert_eq!(e.login, "jo.app@acme.com");
        assert_eq!(e.reason, "Conflict");
        let e = log_event(&json!({"displayMessage": "x", "target": "nonsense"}));
        assert_eq!(e.reason, "x");
        assert_eq!(e.okta_user_id, "");
    }

    #[test]
    fn features_read_as_to_app_switches() {
        let app = json!({"features": ["PUSH_NEW_USERS"]});
        assert_eq!(features(&app), (Some(true), Some(false)));
        assert_eq!(features(&json!({})), (None, None));
    }
}
