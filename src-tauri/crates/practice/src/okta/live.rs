//! The practice Okta's people: its Okta users (`User`) and their groups, always; and, after go-live
//! ([`super::PracticeOrg::with_live_users`]), more users assigned directly to the Loopio app as
//! if Okta had been provisioning them for a while, and the System Log's failed pushes. With the
//! practice tenant's users, every state of `reconcile` has one user:
//!
//! | user | state |
//! |---|---|
//! | alice, bob, carol (through their groups) | `user.in_sync` |
//! | hal | `user.not_pushed` |
//! | erin.new (Okta) against erin.new (Loopio, made by hand) | `user.push_failed` (409) and `user.unmanaged` |
//! | jon | `user.push_failed` (a role Loopio does not know) |
//! | ivy | `user.missing_in_loopio` |
//! | dan | `user.roles_differ` |
//! | fay | `user.inactive_in_loopio` |
//! | gil | `user.username_differs` |
//! | kim (Sales, assigned to nothing; with `--user`) | `user.not_assigned` |

use std::collections::HashMap;

use serde_json::{json, Value};

use loopio_scim_core::setup::app_variable::roles_variable_name;

use super::{OktaError, PRACTICE_APP_ID, PRACTICE_APP_NAME};

/// The practice groups: (id, name, the login name of the user assigned through it).
pub(super) type Groups = [(&'static str, &'static str, &'static str)];

/// An Okta user (`User`).
fn okta_user(id: &str, login: &str) -> Value {
    let first = login.split(['@', '.']).next().unwrap_or("user");
    let at = "2025-02-01T09:00:00.000Z";
    json!({
        "id": id, "status": "ACTIVE", "created": at, "activated": at, "statusChanged": at,
        "lastUpdated": at, "type": {"id": "otypractice0default1"},
        "profile": {"login": login, "email": login, "firstName": first, "lastName": "Practice"},
        "credentials": {"provider": {"type": "OKTA", "name": "OKTA"}}
    })
}

/// The id of the user assigned through the practice group `i` (as `AppEntry::users` makes it).
fn group_user_id(i: usize) -> String {
    format!("00upractice0user000{i}")
}

/// Every Okta user of the org with their groups' ids.
pub(super) fn people(groups: &Groups) -> Vec<(Value, Vec<&'static str>)> {
    let mut out: Vec<(Value, Vec<&'static str>)> = groups
        .iter()
        .enumerate()
        .map(|(i, (group, _, name))| {
            let login = format!("{name}@acme.example");
            (okta_user(&group_user_id(i), &login), vec![*group])
        })
        .collect();
    for (id, name) in DIRECT {
        out.push((okta_user(id, &format!("{name}@acme.example")), Vec::new()));
    }
    out.push((
        okta_user("00upractice0kim00001", "kim.sales@acme.example"),
        groups.iter().skip(3).map(|g| g.0).collect(),
    ));
    out
}

/// The users assigned directly after go-live: (id, login name).
const DIRECT: [(&str, &str); 6] = [
    ("00upractice0hal00001", "hal.new"),
    ("00upractice0erin0001", "erin.new"),
    ("00upractice0jon00001", "jon.role"),
    ("00upractice0ivy00001", "ivy.gone"),
    ("00upractice0fay00001", "fay.former"),
    ("00upractice0gil00001", "gil.old"),
];

/// The directly assigned app users (`AppUser`), after go-live. `dan` (in Sales) is assigned
/// directly too.
pub(super) fn app_users() -> Vec<Value> {
    let var = roles_variable_name(PRACTICE_APP_NAME).unwrap_or_default();
    let user = |id: &str, user_name: &str, external: &str, sync: &str, roles: &[&str]| {
        let status = if external.is_empty() {
            "STAGED"
        } else {
            "PROVISIONED"
        };
        json!({
            "id": id, "scope": "USER", "status": status, "syncState": sync,
            "externalId": external, "created": "2025-03-04T09:00:00.000Z",
            "lastSync": "2025-03-04T09:00:02.000Z", "statusChanged": "2025-03-04T09:00:02.000Z",
            "credentials": {"userName": user_name}, "profile": {"email": user_name, var.as_str(): roles}
        })
    };
    vec![
        user(
            "00upractice0dan00001",
            "dan.lead@acme.example",
            "1004",
            "SYNCHRONIZED",
            &["Admin"],
        ),
        user(
            DIRECT[0].0,
            "hal.new@acme.example",
            "",
            "DISABLED",
            &["Reviewer"],
        ),
        user(
            DIRECT[1].0,
            "erin.new@acme.example",
            "",
            "ERROR",
            &["Contributor"],
        ),
        user(
            DIRECT[2].0,
            "jon.role@acme.example",
            "",
            "ERROR",
            &["Admins"],
        ),
        user(
            DIRECT[3].0,
            "ivy.gone@acme.example",
            "1099",
            "SYNCHRONIZED",
            &["Reviewer"],
        ),
        user(
            DIRECT[4].0,
            "fay.former@acme.example",
            "1006",
            "SYNCHRONIZED",
            &["Reviewer"],
        ),
        user(
            DIRECT[5].0,
            "gil.new@acme.example",
            "1007",
            "SYNCHRONIZED",
            &[],
        ),
    ]
}

/// A failed push of the practice app (`LogEvent`), `hours` before now.
fn failure(id: &str, login: &str, kind: &str, reason: &str, hours: i64) -> Value {
    let at = time::OffsetDateTime::now_utc() - time::Duration::hours(hours);
    let published = at
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    json!({
        "uuid": format!("practice-{id}-{hours}"), "published": published, "eventType": kind,
        "severity": "ERROR", "displayMessage": "Push user to app", "version": "0",
        "outcome": {"result": "FAILURE", "reason": reason},
        "target": [
            {"id": PRACTICE_APP_ID, "type": "AppInstance", "alternateId": "Loopio", "displayName": "Loopio"},
            {"id": id, "type": "User", "alternateId": login, "displayName": login}
        ]
    })
}

/// The System Log's failed pushes, after go-live.
pub(super) fn events() -> Vec<Value> {
    let push = "application.provision.user.push";
    vec![
        failure(DIRECT[1].0, "erin.new@acme.example", push, "Automatic provisioning of user erin.new@acme.example to app Loopio failed: Error while creating user erin.new@acme.example: Conflict. A user with this userName already exists.", 30),
        failure(DIRECT[2].0, "jon.role@acme.example", push, "Automatic provisioning of user jon.role@acme.example to app Loopio failed: Error while creating user jon.role@acme.example: Bad Request. Unknown role: Admins. Valid roles: Admin, Contributor, Reviewer.", 6),
    ]
}

/// `app_user` with `_embedded.user`, for `expand=user`.
pub(super) fn embedded(app_user: &Value, groups: &Groups) -> Value {
    let id = app_user["id"].as_str().unwrap_or_default();
    let mut out = app_user.clone();
    if let Some((user, _)) = people(groups).into_iter().find(|(u, _)| u["id"] == id) {
        out["_embedded"] = json!({"user": user});
    }
    out
}

/// The people reads: `/users` (`search=profile.email eq "x"`), `/users/{idOrLogin}`,
/// `/users/{id}/groups`, `/logs`. `None` for other paths.
pub(super) fn read(
    (groups, group_json, live): (&Groups, &[Value], bool),
    segments: &[&str],
    query: &HashMap<String, String>,
) -> Option<Result<Value, OktaError>> {
    let find = |who: &str| {
        people(groups).into_iter().find(|(u, _)| {
            u["id"] == who
                || u["profile"]["login"]
                    .as_str()
                    .is_some_and(|l| l.eq_ignore_ascii_case(who))
        })
    };
    let json = match segments {
        ["users"] => {
            let search = query.get("search").cloned().unwrap_or_default();
            let email = search.split('"').nth(1).unwrap_or_default().to_string();
            let found = people(groups).into_iter().map(|(u, _)| u);
            let found = found.filter(|u| {
                u["profile"]["email"]
                    .as_str()
                    .is_some_and(|e| email.is_empty() || e.eq_ignore_ascii_case(&email))
            });
            found.collect()
        }
        ["users", who] => match find(who) {
            Some((u, _)) => u,
            None => return Some(Err(OktaError::not_found(&format!("{who} (User)")))),
        },
        ["users", who, "groups"] => match find(who) {
            Some((_, ids)) => group_json
                .iter()
                .filter(|g| ids.iter().any(|id| g["id"] == *id))
                .cloned()
                .collect(),
            None => return Some(Err(OktaError::not_found(&format!("{who} (User)")))),
        },
        ["logs"] => {
            let since = query.get("since").cloned().unwrap_or_default();
            let events = live.then(events).unwrap_or_default().into_iter();
            let events =
                events.filter(|e| e["published"].as_str().is_some_and(|p| p >= since.as_str()));
            events.collect()
        }
        _ => return None,
    };
    Some(Ok(json))
}
