//! The org's people, for `reconcile`: Okta users (`User`), their groups, the System Log
//! (`LogEvent`, filtered as Okta filters it: the time window, `eventType sw`, `outcome.result
//! eq`, `target.id eq`), and the app's users with `expand=user` (the `User` embedded). Two faults:
//! app-user pages that ignore the `after` cursor (a repeating page) and app-user pages after the
//! first that never answer (an org that times out mid-way).

use std::collections::BTreeMap;

use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde_json::{json, Value};

use super::{
    json_ok, okta_error, page, page_mapped, query_pairs, OrgData, Server, APP_ID, ROLES_VAR,
};

/// Okta users, their groups and the System Log.
#[derive(Debug, Clone, Default)]
pub struct People {
    /// `User` objects.
    pub users: Vec<Value>,
    /// User id → the ids of their groups (in `directory.groups`).
    pub memberships: BTreeMap<String, Vec<String>>,
    /// `LogEvent` objects, oldest first.
    pub events: Vec<Value>,
    /// App-user pages ignore `after`: every page is the first, with the same `next` link.
    pub ignore_cursor: bool,
    /// App-user pages after the first never answer.
    pub stall_after_first: bool,
}

/// An Okta user (`User`).
pub fn okta_user(id: &str, login: &str) -> Value {
    let first = login.split(['@', '.']).next().unwrap_or("user");
    json!({
        "id": id, "status": "ACTIVE", "created": "2025-01-02T09:00:00.000Z",
        "activated": "2025-01-02T09:00:00.000Z", "statusChanged": "2025-01-02T09:00:00.000Z",
        "lastLogin": null, "lastUpdated": "2025-01-02T09:00:00.000Z", "passwordChanged": null,
        "type": {"id": "oty1default0000000000"},
        "profile": {"login": login, "email": login, "firstName": first, "lastName": "Acme"},
        "credentials": {"provider": {"type": "OKTA", "name": "OKTA"}},
        "_links": {"self": {"href": format!("https://acme.okta.com/api/v1/users/{id}")}}
    })
}

/// A failed provisioning event of the Loopio app for one user (`LogEvent`).
pub fn failure(user_id: &str, login: &str, event_type: &str, reason: &str, at: &str) -> Value {
    let mut targets = vec![
        json!({"id": APP_ID, "type": "AppInstance", "alternateId": "Loopio", "displayName": "Loopio"}),
    ];
    if !user_id.is_empty() {
        targets.push(
            json!({"id": user_id, "type": "User", "alternateId": login, "displayName": login}),
        );
        targets.push(json!({"id": format!("0ua{user_id}"), "type": "AppUser", "alternateId": login, "displayName": login}));
    }
    json!({
        "uuid": format!("evt-{user_id}-{at}"), "published": at, "eventType": event_type,
        "version": "0", "severity": "ERROR", "legacyEventType": "app.user_management.push_new_user_failed",
        "displayMessage": "Push user to app", "outcome": {"result": "FAILURE", "reason": reason},
        "actor": {"id": "0oa1okta0system000000", "type": "PublicClientApp", "alternateId": "Okta", "displayName": "Okta"},
        "target": targets
    })
}

/// An assigned user (`AppUser`) linked to Loopio id `external_id` (empty: never pushed).
pub fn assigned(id: &str, user_name: &str, external_id: &str, roles: &[&str]) -> Value {
    let mut u = super::app_user(id, user_name, "Admin");
    u["externalId"] = json!(external_id);
    u["profile"][ROLES_VAR] = json!(roles);
    if external_id.is_empty() {
        u["status"] = json!("STAGED");
        u["syncState"] = json!("DISABLED");
    }
    u
}

/// The practice tenant's users (`loopio_scim_practice::tenant`) as the app's users, each linked
/// and with the same roles: a reconciliation of the two is in sync.
pub fn tenant_app_users() -> Vec<Value> {
    [
        ("00u1001", "alice.admin@acme.example", "1001", vec!["Admin"]),
        (
            "00u1003",
            "carol.review@acme.example",
            "1003",
            vec!["Reviewer"],
        ),
        (
            "00u1002",
            "bob.writer@acme.example",
            "1002",
            vec!["Contributor"],
        ),
        (
            "00u1004",
            "dan.lead@acme.example",
            "1004",
            vec!["Reviewer", "Admin"],
        ),
        ("00u1005", "erin.new@acme.example", "1005", vec![]),
        ("00u1007", "gil.old@acme.example", "1007", vec![]),
    ]
    .iter()
    .map(|(id, name, ext, roles)| assigned(id, name, ext, roles))
    .collect()
}

impl People {
    /// The acme org's people: the correct org's three assigned users, and Pat in Sales only.
    pub fn acme() -> People {
        let mut memberships = BTreeMap::new();
        for (id, groups) in [
            (
                "00u1ada000000000000",
                vec!["00g1admins0000000000", "00g3everyone00000000"],
            ),
            (
                "00u2bob000000000000",
                vec!["00g2proposal00000000", "00g3everyone00000000"],
            ),
            ("00u3cy0000000000000", vec!["00g3everyone00000000"]),
            ("00u4pat000000000000", vec!["00g4sales00000000000"]),
        ] {
            memberships.insert(
                id.to_string(),
                groups.into_iter().map(str::to_string).collect(),
            );
        }
        People {
            users: vec![
                okta_user("00u1ada000000000000", "ada@acme.example"),
                okta_user("00u2bob000000000000", "bob@acme.example"),
                okta_user("00u3cy0000000000000", "cy@acme.example"),
                okta_user("00u4pat000000000000", "pat@acme.example"),
            ],
            memberships,
            ..People::default()
        }
    }
}

/// Whether this request should never be answered (`stall_after_first`).
pub(super) fn stalls(data: &OrgData, uri: &Uri) -> bool {
    data.people.stall_after_first
        && uri.path().ends_with("/users")
        && query_pairs(uri).iter().any(|(k, _)| k == "after")
}

/// The `User` an app user embeds with `expand=user`: the org's, or one made from its username.
fn embedded(people: &People, app_user: &Value) -> Value {
    let id = app_user["id"].as_str().unwrap_or_default();
    let user = people.users.iter().find(|u| u["id"] == id).cloned();
    let mut out = app_user.clone();
    let login = app_user["credentials"]["userName"]
        .as_str()
        .unwrap_or_default();
    out["_embedded"] = json!({"user": user.unwrap_or_else(|| okta_user(id, login))});
    out
}

/// `GET /api/v1/apps/{id}/users`: one page, `expand=user` honoured, the cursor ignored when told.
pub(super) fn app_users(server: &Server, uri: &Uri, users: &[Value]) -> Response {
    let people = server.data.lock().unwrap().people.clone();
    let pairs = query_pairs(uri);
    let expand = pairs.iter().any(|(k, v)| k == "expand" && v == "user");
    let serve = |u: &Value| match expand {
        true => embedded(&people, u),
        false => u.clone(),
    };
    let mut uri = uri.clone();
    if people.ignore_cursor {
        let query: Vec<String> = pairs
            .iter()
            .filter(|(k, _)| k != "after")
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        uri = format!("{}?{}", uri.path(), query.join("&"))
            .parse()
            .unwrap();
    }
    page_mapped(server, &uri, users, serve)
}

/// The value of `field op "value"` in an Okta filter expression, each occurrence.
fn filter_values(filter: &str, field_op: &str) -> Vec<String> {
    filter
        .match_indices(field_op)
        .filter_map(|(at, _)| {
            let rest = filter[at + field_op.len()..]
                .trim_start()
                .strip_prefix('"')?;
            rest.split('"').next().map(str::to_string)
        })
        .collect()
}

fn log(server: &Server, uri: &Uri, data: &OrgData) -> Response {
    let pairs = query_pairs(uri);
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (since, until, filter) = (get("since"), get("until"), get("filter"));
    let types = filter_values(&filter, "eventType sw");
    let results = filter_values(&filter, "outcome.result eq");
    let targets = filter_values(&filter, "target.id eq");
    let events: Vec<Value> = data
        .people
        .events
        .iter()
        .filter(|e| {
            let at = e["published"].as_str().unwrap_or_default();
            let kind = e["eventType"].as_str().unwrap_or_default();
            (since.is_empty() || at >= since.as_str())
                && (until.is_empty() || at <= until.as_str())
                && (types.is_empty() || types.iter().any(|t| kind.starts_with(t.as_str())))
                && results.iter().all(|r| e["outcome"]["result"] == r.as_str())
                && targets.iter().all(|t| {
                    e["target"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|x| x["id"] == t.as_str())
                })
        })
        .cloned()
        .collect();
    page(server, uri, &events)
}

/// The user with this id or login (any case).
fn user<'a>(data: &'a OrgData, id_or_login: &str) -> Option<&'a Value> {
    data.people.users.iter().find(|u| {
        u["id"] == id_or_login
            || u["profile"]["login"]
                .as_str()
                .is_some_and(|l| l.eq_ignore_ascii_case(id_or_login))
    })
}

/// The people routes: users, a user's groups, one app user, the System Log.
pub(super) fn read(server: &Server, uri: &Uri, path: &str) -> Option<Response> {
    let data = super::snapshot(server);
    let not_found = |what: &str| {
        okta_error(
            StatusCode::NOT_FOUND,
            "E0000007",
            &format!("Not found: Resource not found: {what} (User)"),
        )
    };
    let segments: Vec<String> = path
        .trim_matches('/')
        .split('/')
        .map(super::decode)
        .collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    Some(match segments.as_slice() {
        ["api", "v1", "logs"] => log(server, uri, &data),
        ["api", "v1", "users"] => {
            let search = query_pairs(uri)
                .into_iter()
                .find(|(k, _)| k == "search")
                .map(|(_, v)| v)
                .unwrap_or_default();
            let emails = filter_values(&search, "profile.email eq");
            let found: Vec<Value> = data
                .people
                .users
                .iter()
                .filter(|u| {
                    emails.iter().all(|e| {
                        u["profile"]["email"]
                            .as_str()
                            .is_some_and(|m| m.eq_ignore_ascii_case(e))
                    })
                })
                .cloned()
                .collect();
            page(server, uri, &found)
        }
        ["api", "v1", "users", who] => match user(&data, who) {
            Some(u) => json_ok(u),
            None => not_found(who),
        },
        ["api", "v1", "users", id, "groups"] => match user(&data, id) {
            Some(u) => {
                let ids = data
                    .people
                    .memberships
                    .get(u["id"].as_str().unwrap_or_default())
                    .cloned()
                    .unwrap_or_default();
                let groups: Vec<Value> = data
                    .directory
                    .groups
                    .iter()
                    .filter(|g| ids.iter().any(|i| g["id"] == i.as_str()))
                    .cloned()
                    .collect();
                json_ok(&Value::Array(groups))
            }
            None => not_found(id),
        },
        ["api", "v1", "apps", app, "users", id] => {
            let found = server
                .data
                .lock()
                .unwrap()
                .users
                .get(*app)
                .and_then(|list| list.iter().find(|u| u["id"] == *id).cloned());
            match &found {
                Some(u) => json_ok(&embedded(&data.people, u)),
                None => not_found(id),
            }
        }
        _ => return None,
    })
}
