//! Okta's side: the app (by id or label, as the read-back finds it), its assigned users through
//! the `after` cursor with `expand=user` (pages one after another), the app's provisioning
//! failures in the System Log (one narrow filter, between `since` and now), and for `--user` each
//! person looked up directly (by login, then by email), their app user and their groups.

use std::collections::HashSet;
use std::time::Instant;

use loopio_scim_core::findings::Status;
use loopio_scim_core::reconcile::{Context, LogEvent, LookedUp, OktaUser, ReadProblem};
use loopio_scim_core::setup::app_variable::roles_variable_name;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::parse::{app_user, features, log_event};
use super::{asked, duplicates, limited, problem, Part, Request, Side};
use crate::http::Failure;
use crate::okta::client::{self, OktaClient};
use crate::okta::find::find_app;
use crate::okta::{service_token, Credentials, OktaFinding};

/// App users per page (Okta's most).
pub const APP_USERS_PAGE: usize = 500;
/// App-user pages read at most (Okta may send fewer than asked per page).
const MAX_APP_USER_PAGES: usize = 200;
/// System Log events per page (Okta's most), and pages read at most.
const LOG_PAGE: usize = 1000;
const LOG_PAGES: usize = 20;

/// What Okta's side read.
#[derive(Debug, Default)]
pub(super) struct OktaRead {
    pub users: Side<OktaUser>,
    pub events: Vec<LogEvent>,
    pub log_problems: Vec<ReadProblem>,
    pub log_complete: bool,
    pub looked_up: Vec<LookedUp>,
    pub context: Context,
}

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn from_finding(f: OktaFinding) -> ReadProblem {
    ReadProblem {
        code: f.code,
        part: "okta".into(),
        status: Status::Fail,
        title: f.title,
        detail: f.detail,
        remedy: f.remedy,
    }
}

/// Signs in (an API token, or a service app's access token) and reads.
pub(super) async fn read(
    req: &Request<'_>,
    since: OffsetDateTime,
    until: OffsetDateTime,
    limit: usize,
) -> OktaRead {
    let target = req.okta_target;
    let deadline = Instant::now() + target.deadline;
    let failed = |f: Failure| OktaRead {
        users: Side::default().failed(problem(Part::Okta, f)),
        ..Default::default()
    };
    match req.credentials {
        Credentials::ApiToken(secret) => match OktaClient::new(target, secret, deadline) {
            Ok(client) => read_with(&client, req, since, until, limit).await,
            Err(f) => failed(f),
        },
        Credentials::ServiceApp(app) => {
            let token = match service_token(target, app, deadline).await {
                Ok(token) => token,
                Err(f) => return failed(f),
            };
            let mut read = match OktaClient::new(target, &token.token, deadline) {
                Ok(client) => {
                    let client = client.with_access_token(token.scheme, token.dpop.as_ref());
                    read_with(&client, req, since, until, limit).await
                }
                Err(f) => failed(f),
            };
            let clean = |t: &mut String| *t = crate::http::redact(t, Some(&token.token));
            for p in read.users.problems.iter_mut().chain(&mut read.log_problems) {
                clean(&mut p.title);
                clean(&mut p.detail);
                clean(&mut p.remedy);
            }
            read
        }
    }
}

async fn read_with(
    client: &OktaClient<'_>,
    req: &Request<'_>,
    since: OffsetDateTime,
    until: OffsetDateTime,
    limit: usize,
) -> OktaRead {
    let mut read = OktaRead::default();
    let app = match find_app(client, req.app).await {
        Ok(app) => app,
        Err(f) => {
            read.users.problems.push(from_finding(f));
            return read;
        }
    };
    let id = app.get("id").and_then(Value::as_str).unwrap_or_default();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        let f = client::unexpected("/api/v1/apps", "the app's id is not an Okta id");
        read.users.problems.push(problem(Part::Okta, f));
        return read;
    }
    let name = app.get("name").and_then(Value::as_str).unwrap_or_default();
    let roles_variable = roles_variable_name(name).unwrap_or_default();
    (read.context.create_users, read.context.update_attributes) = features(&app);
    read.context.app_label = app
        .get("label")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let log = read_log(client, id, since, until);
    if req.users.is_empty() {
        let users = app_users(client, id, &roles_variable, limit);
        let (users, log) = tokio::join!(users, log);
        read.users = users;
        (read.events, read.log_problems, read.log_complete) = log;
    } else {
        let people = look_up(client, id, &roles_variable, req.users);
        let ((users, looked_up, groups), log) = tokio::join!(people, log);
        read.users = users;
        read.looked_up = looked_up;
        read.context.assigned_groups = groups;
        (read.events, read.log_problems, read.log_complete) = log;
    }
    tracing::info!(
        app = id,
        users = read.users.items.len(),
        events = read.events.len(),
        "okta side read"
    );
    read
}

/// Every assigned user (at most `limit`), page after page.
async fn app_users(
    client: &OktaClient<'_>,
    id: &str,
    variable: &str,
    limit: usize,
) -> Side<OktaUser> {
    let path = format!("/api/v1/apps/{id}/users?limit={APP_USERS_PAGE}&expand=user");
    let pages = MAX_APP_USER_PAGES;
    let paged = client
        .get_pages(&path, client::APP_USERS, (pages, limit), |v| {
            app_user(&v, variable)
        })
        .await;
    let mut side = Side {
        read: paged.pages > 0 || paged.stopped.is_none(),
        complete: paged.complete && paged.stopped.is_none(),
        pages: paged.pages,
        ..Default::default()
    };
    let mut ids = HashSet::new();
    let mut repeats = 0;
    for user in paged.items {
        if !ids.insert(user.id.clone()) {
            repeats += 1;
        } else if side.items.len() < limit {
            side.items.push(user);
        } else {
            side.complete = false;
        }
    }
    if let Some(f) = paged.stopped {
        side.problems.push(problem(Part::Okta, f));
    } else if !paged.complete || !side.complete {
        side.complete = false;
        side.problems.push(limited(Part::Okta, limit, None));
    }
    if repeats > 0 {
        side.problems.push(duplicates(Part::Okta, repeats));
    }
    side
}

/// The app's provisioning failures since `since`: (events, problems, read in full).
async fn read_log(
    client: &OktaClient<'_>,
    id: &str,
    since: OffsetDateTime,
    until: OffsetDateTime,
) -> (Vec<LogEvent>, Vec<ReadProblem>, bool) {
    let time = |t: OffsetDateTime| t.format(&Rfc3339).unwrap_or_default();
    let filter = format!("(eventType sw \"application.provision.user\" or eventType sw \"application.integration\") and outcome.result eq \"FAILURE\" and target.id eq \"{id}\"");
    let path = format!(
        "/api/v1/logs?since={}&until={}&filter={}&limit={LOG_PAGE}&sortOrder=ASCENDING",
        encode(&time(since)),
        encode(&time(until)),
        encode(&filter)
    );
    let paged = client
        .get_pages(&path, client::LOGS_READ, (LOG_PAGES, usize::MAX), |v| {
            Some(log_event(&v))
        })
        .await;
    let events = paged.items;
    let problems = paged
        .stopped
        .map(|f| problem(Part::OktaLog, f))
        .into_iter()
        .collect();
    (events, problems, paged.complete)
}

/// `--user`: each person by login (then by email), their app user and groups; and the names of
/// the groups assigned to the app.
async fn look_up(
    client: &OktaClient<'_>,
    app_id: &str,
    variable: &str,
    users: &[String],
) -> (Side<OktaUser>, Vec<LookedUp>, Vec<String>) {
    let mut side = Side {
        read: true,
        complete: true,
        ..Default::default()
    };
    let mut people = asked(users);
    for person in &mut people {
        match look_up_one(client, app_id, variable, person).await {
            Ok(Some(user)) if !side.items.iter().any(|u: &OktaUser| u.id == user.id) => {
                side.items.push(user)
            }
            Ok(_) => {}
            Err(f) => side.problems.push(problem(Part::Lookup, f)),
        }
        side.pages += 1;
    }
    let groups_path = format!("/api/v1/apps/{app_id}/groups?expand=group&limit=200");
    let groups = match client
        .get_all(&groups_path, client::GROUP_ASSIGNMENTS)
        .await
    {
        Ok((list, _)) => list
            .iter()
            .filter_map(|a| {
                a.pointer("/_embedded/group/profile/name")
                    .and_then(Value::as_str)
            })
            .map(str::to_string)
            .collect(),
        Err(f) => {
            side.problems.push(problem(Part::Lookup, f));
            Vec::new()
        }
    };
    (side, people, groups)
}

/// One person: fills in who Okta says they are; their app user when assigned.
async fn look_up_one(
    client: &OktaClient<'_>,
    app_id: &str,
    variable: &str,
    person: &mut LookedUp,
) -> Result<Option<OktaUser>, Failure> {
    let Some(user) = find_user(client, &person.asked).await? else {
        return Ok(None);
    };
    let id = user
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Ok(None);
    }
    person.login = user
        .pointer("/profile/login")
        .and_then(Value::as_str)
        .map(str::to_string);
    person.okta_user_id = Some(id.clone());
    let groups = client
        .get_json(&format!("/api/v1/users/{id}/groups"), client::USER_GROUPS)
        .await?;
    person.groups = groups
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|g| g.pointer("/profile/name").and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    let path = format!("/api/v1/apps/{app_id}/users/{id}?expand=user");
    match client.get_json(&path, client::APP_USERS).await {
        Ok(v) => Ok(app_user(&v, variable).map(|mut u| {
            u.groups = person.groups.clone();
            if u.login.is_empty() || u.login == u.user_name {
                u.login = person.login.clone().unwrap_or(u.login);
            }
            u
        })),
        Err(f) if f.code == "endpoint.not_found" => Ok(None),
        Err(f) => Err(f),
    }
}

/// `GET /api/v1/users/{login}`, else the first user whose email is `who`.
async fn find_user(client: &OktaClient<'_>, who: &str) -> Result<Option<Value>, Failure> {
    match client
        .get_json(
            &format!("/api/v1/users/{}", encode_path(who)),
            client::USERS_READ,
        )
        .await
    {
        Ok(user) if user.is_object() => return Ok(Some(user)),
        Ok(_) => {}
        Err(f) if f.code == "endpoint.not_found" => {}
        Err(f) => return Err(f),
    }
    let search = format!("profile.email eq \"{}\"", who.replace('"', ""));
    let path = format!("/api/v1/users?search={}&limit=2", encode(&search));
    let found = client.get_json(&path, client::USERS_READ).await?;
    Ok(found.as_array().and_then(|list| list.first()).cloned())
}

/// A login in a path segment: everything but unreserved characters and `@` percent-encoded.
fn encode_path(s: &str) -> String {
    if s.chars().all(|c| c == '.') {
        return s.replace('.', "%2E");
    }
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'@' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_login_stays_in_its_path_segment() {
        assert_eq!(super::encode_path("jo@acme.com"), "jo@acme.com");
        assert_eq!(super::encode_path("../x?y"), "..%2Fx%3Fy");
        assert_eq!(super::encode_path(".."), "%2E%2E");
    }
}
