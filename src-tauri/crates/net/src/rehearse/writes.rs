//! The steps after the first lookup: create (with what a refused password or role means), the
//! roles sent back, the lookup in another case, read, full update, duplicate, deactivate and
//! reactivate. A child of `steps`, so it shares its private run state.

use std::time::Instant;

use reqwest::Method;
use serde_json::Value;

use super::texts::*;
use super::{resource, roles_of, Outcome, Profile, Run};
use crate::http::Fetched;
use crate::probe::Status;

/// Words a server's answer uses when it refuses RFC 7643's complex form is what it wants.
const FORMAT_WORDS: [&str; 7] = [
    "object", "complex", "type", "format", "array", "string", "value",
];

/// The text of an error answer, lower case, for telling what it is about.
fn said(f: &Fetched) -> String {
    String::from_utf8_lossy(&f.body).to_lowercase()
}

/// The role an error answer names: one it quotes, else the only one it mentions (a server's
/// message often lists the roles it has too, so a mere mention is not enough when several are).
fn refused_role<'r>(roles: &'r [String], body: &[u8]) -> Option<&'r String> {
    let raw = String::from_utf8_lossy(body);
    let quoted = |r: &String| {
        [format!("\\\"{r}\\\""), format!("\"{r}\""), format!("'{r}'")]
            .iter()
            .any(|q| raw.contains(q.as_str()))
    };
    if let Some(role) = roles.iter().find(|r| quoted(r)) {
        return Some(role);
    }
    let mentioned: Vec<&String> = roles.iter().filter(|r| raw.contains(r.as_str())).collect();
    match mentioned.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

fn is_status(answer: &Result<Fetched, crate::http::Failure>, code: u16) -> bool {
    matches!(answer, Ok(f) if f.status.as_u16() == code)
}

impl Run<'_> {
    /// `POST /Users` with Okta's body. A refused password or role is its own finding; the create
    /// is then retried without it, so the steps after it still run.
    pub(super) async fn create(&mut self) -> Option<(String, Value)> {
        let started = Instant::now();
        let p = self.profile.clone();
        let request = format!(
            "POST /Users with Okta's create body: userName \"{}\", name, emails, displayName, locale, externalId, groups: [], a placeholder password, active: true{}",
            p.user_name,
            if p.roles.is_empty() { String::new() } else { format!(", roles {}", serde_json::json!(p.roles)) }
        );
        let mut body = self.body(&p, None);
        let mut answer = self.send(Method::POST, "/Users", &body).await;
        if is_status(&answer, 400) && answer.as_ref().is_ok_and(|f| said(f).contains("password")) {
            let seen = answer.as_ref().map(|f| self.seen(f)).unwrap_or_default();
            let outcome = Outcome::new(
                Status::Fail,
                format!("The create with Okta's placeholder password was refused: {seen}"),
            );
            self.emit(PASSWORD, request.clone(), outcome, started);
            if let Some(o) = body.as_object_mut() {
                o.remove("password");
            }
            answer = self.send(Method::POST, "/Users", &body).await;
        }
        if is_status(&answer, 400)
            && !p.roles.is_empty()
            && answer.as_ref().is_ok_and(|f| said(f).contains("role"))
        {
            if let Ok(f) = &answer {
                let outcome = self.roles_refused_outcome(f);
                self.emit(ROLES, request.clone(), outcome, started);
            }
            self.roles_refused = true;
            body = self.body(&p, None);
            answer = self.send(Method::POST, "/Users", &body).await;
        }
        let retried = self
            .findings
            .iter()
            .any(|f| f.code == PASSWORD || f.code == ROLES);
        let outcome = match self.success(answer) {
            Err(f) if f.code == "http.unexpected_status" && f.detail.starts_with("HTTP 409") => {
                Outcome::new(
                    Status::Fail,
                    format!(
                        "The server says the user exists although the lookup found nobody: {}",
                        f.detail
                    ),
                )
                .with_cause("http.conflict")
            }
            Err(f) => Outcome::failed(f),
            Ok(f) => match self.created(&f) {
                Ok((id, user)) => {
                    let again = if retried {
                        " (once what it refused was left out)"
                    } else {
                        ""
                    };
                    let detail =
                        format!("HTTP {}{again}: created with id {id}.", f.status.as_u16());
                    self.emit(CREATE, request, Outcome::new(Status::Pass, detail), started);
                    return Some((id, user));
                }
                Err(outcome) => outcome,
            },
        };
        self.emit(CREATE, request, outcome, started);
        None
    }

    /// The created user from a 2xx answer: an id and the same userName, as Okta needs.
    fn created(&mut self, f: &Fetched) -> Result<(String, Value), Outcome> {
        if f.body.iter().all(u8::is_ascii_whitespace) {
            return Err(Outcome::new(
                Status::Fail,
                format!(
                    "HTTP {} with an empty body: Okta needs the created user back.",
                    f.status.as_u16()
                ),
            )
            .with_cause("response.empty"));
        }
        let user = resource(&f.body).ok_or_else(|| {
            Outcome::new(
                Status::Fail,
                format!("The answer is not a JSON user. {}", self.seen(f)),
            )
            .with_cause("response.not_json")
        })?;
        let Some(id) = user
            .get("id")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
        else {
            return Err(Outcome::new(
                Status::Fail,
                format!("The created user has no string id. {}", self.seen(f)),
            )
            .with_cause("response.bad_types"));
        };
        let name = user.get("userName").and_then(Value::as_str).unwrap_or("");
        let active = user.get("active").and_then(Value::as_bool);
        self.note_user(id, name, active);
        if !name.eq_ignore_ascii_case(&self.profile.user_name) {
            return Err(Outcome::new(Status::Fail, format!("The created user (id {id}) came back with userName {name:?}, not {:?}: Okta would not recognise it.", self.profile.user_name)));
        }
        Ok((id.to_string(), user))
    }

    fn roles_refused_outcome(&self, f: &Fetched) -> Outcome {
        let text = said(f);
        let seen = self.seen(f);
        if let Some(role) = refused_role(&self.profile.roles, &f.body) {
            return Outcome::new(Status::Fail, format!("The server refused the role \"{role}\": {seen}"))
                .with_cause("role.unknown")
                .with_remedy(format!("\"{role}\" is not a Loopio role name as the server spells it. Correct the role value in Okta (on the group assignment, Applications > Loopio > Assignments) to Loopio's exact spelling, including case, then rehearse again."));
        }
        if FORMAT_WORDS.iter().any(|w| text.contains(w)) {
            return Outcome::new(Status::Fail, format!("The server refused roles sent as a flat list of strings ({}), the way Okta sends them: {seen}", serde_json::json!(self.profile.roles)))
                .with_cause("role.format")
                .with_remedy("The server wants roles in another format (probably RFC 7643 objects, [{\"value\": \"Admin\"}]), but Okta's string array attribute always sends [\"Admin\"]. Okta cannot send objects from a custom app: send this report to Loopio Support.");
        }
        Outcome::new(
            Status::Fail,
            format!("The server refused the roles: {seen}"),
        )
        .with_cause("role.refused")
    }

    /// The roles of the created user are the ones sent, as strings.
    pub(super) fn roles_came_back(&mut self, created: &Value) {
        if self.findings.iter().any(|f| f.code == ROLES) {
            return;
        }
        let request = "The roles in the answer to POST /Users".to_string();
        let sent = &self.profile.roles;
        let outcome = if sent.is_empty() {
            Outcome::new(
                Status::Skip,
                "No role was planned, so no role was sent and the roles were not rehearsed.",
            )
        } else {
            let got = roles_of(created);
            let objects = created
                .get("roles")
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().any(Value::is_object));
            let mut want = sent.clone();
            want.sort();
            let mut have = got.clone();
            have.sort();
            if have != want {
                Outcome::new(
                    Status::Fail,
                    format!(
                        "Sent {}, the server kept {}.",
                        serde_json::json!(sent),
                        serde_json::json!(got)
                    ),
                )
                .with_cause("role.not_kept")
            } else if objects {
                Outcome::new(Status::Warn, format!("The roles came back as RFC 7643 objects: {}.", created["roles"]))
                    .with_cause("role.objects")
                    .with_remedy("Pushes from Okta still work, but importing users into Okta fails with \"Invalid value data type\": Okta's roles attribute is a list of strings. Tell Loopio Support if you need imports.")
            } else {
                Outcome::new(
                    Status::Pass,
                    format!("The server kept {}.", serde_json::json!(got)),
                )
            }
        };
        self.emit(ROLES, request, outcome, Instant::now());
    }

    pub(super) async fn lookup_case(&mut self, id: &str) {
        let started = Instant::now();
        let other_case = self.profile.user_name.to_uppercase();
        let request = self.lookup_request(&other_case);
        let outcome = match self.lookup(&other_case).await {
            Ok(ids) if ids.iter().any(|i| i == id) => Outcome::new(
                Status::Pass,
                format!("{other_case} found the test user (id {id})."),
            ),
            Ok(ids) if ids.is_empty() => Outcome::new(
                Status::Fail,
                format!(
                    "{other_case} found nobody, although {} exists.",
                    self.profile.user_name
                ),
            )
            .with_cause("scim.filter_case_sensitive"),
            Ok(ids) => Outcome::new(
                Status::Fail,
                format!(
                    "{other_case} found {} other user(s), not the test user.",
                    ids.len()
                ),
            )
            .with_cause("scim.filter_ignored"),
            Err(outcome) => outcome,
        };
        self.emit(LOOKUP_CASE, request, outcome, started);
    }

    /// `GET /Users/{id}`: the user, or why not.
    async fn read_user(&mut self, id: &str) -> Result<Value, Outcome> {
        let answer = self.get(&format!("/Users/{id}")).await;
        let f = self.success(answer).map_err(Outcome::failed)?;
        let user = resource(&f.body).filter(|u| u.get("id").and_then(Value::as_str) == Some(id));
        let user = user.ok_or_else(|| {
            Outcome::new(
                Status::Fail,
                format!("The answer is not the user with id {id}. {}", self.seen(&f)),
            )
            .with_cause("response.not_scim")
        })?;
        let active = user.get("active").and_then(Value::as_bool);
        let name = user
            .get("userName")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        self.note_user(id, &name, active);
        Ok(user)
    }

    pub(super) async fn read(&mut self, id: &str) {
        let started = Instant::now();
        let outcome = match self.read_user(id).await {
            Ok(_) => Outcome::new(Status::Pass, format!("HTTP 200 with the user {id}.")),
            Err(o) => o,
        };
        self.emit(READ, format!("GET /Users/{id}"), outcome, started);
    }

    /// A full `PUT /Users/{id}` of `p`, then `GET /Users/{id}`: what the server kept.
    async fn put_then_read(&mut self, id: &str, p: &Profile) -> Result<Value, Outcome> {
        let body = self.body(p, Some(id));
        let answer = self.send(Method::PUT, &format!("/Users/{id}"), &body).await;
        self.success(answer).map_err(Outcome::failed)?;
        self.read_user(id).await
    }

    pub(super) async fn update(&mut self, id: &str) {
        let started = Instant::now();
        let mut p = self.profile.clone();
        p.family_name = "Rehearsal Updated".into();
        if let Some(second) = p.roles.get(1).cloned() {
            p.roles = vec![second];
        }
        let sends_roles = !p.roles.is_empty() && !self.roles_refused;
        let request = format!(
            "PUT /Users/{id} with the whole profile: name.familyName \"{}\"{}, then GET /Users/{id}",
            p.family_name,
            if sends_roles { format!(", roles {}", serde_json::json!(p.roles)) } else { String::new() }
        );
        let outcome = match self.put_then_read(id, &p).await {
            Ok(user) => {
                let family = user
                    .pointer("/name/familyName")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let roles = roles_of(&user);
                if family != p.family_name {
                    Outcome::new(
                        Status::Fail,
                        format!(
                            "HTTP 2xx, but a read shows familyName {family:?}, not {:?}.",
                            p.family_name
                        ),
                    )
                    .with_cause("scim.put_ignored")
                } else if sends_roles && roles != p.roles {
                    Outcome::new(
                        Status::Fail,
                        format!(
                            "The name changed, but the roles read back are {}, not {}.",
                            serde_json::json!(roles),
                            serde_json::json!(p.roles)
                        ),
                    )
                    .with_cause("role.not_kept")
                } else {
                    Outcome::new(Status::Pass, "The change is visible in the following read.")
                }
            }
            Err(o) => o,
        };
        self.profile = p;
        self.emit(UPDATE, request, outcome, started);
    }
}

#[path = "lifecycle.rs"]
mod lifecycle;

#[cfg(test)]
mod tests {
    use super::refused_role;

    #[test]
    fn the_refused_role_is_the_one_quoted() {
        let roles = ["Admin".to_string(), "Contributer".to_string()];
        let body =
            br#"{"detail":"Unknown role \"Contributer\". The roles are: Admin, Contributor."}"#;
        assert_eq!(refused_role(&roles, body), Some(&roles[1]));
        assert_eq!(
            refused_role(&roles, b"role 'Admin' unknown"),
            Some(&roles[0])
        );
        assert_eq!(
            refused_role(&roles, b"bad role Contributer"),
            Some(&roles[1])
        );
        assert_eq!(refused_role(&roles, b"roles Admin and Contributer"), None);
        assert_eq!(refused_role(&roles, b"roles must be objects"), None);
    }
}
