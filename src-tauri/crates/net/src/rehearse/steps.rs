//! The rehearsal's requests, in Okta's order, for one test user. Each step becomes one
//! [`RehearsalFinding`]; a step that cannot run (an earlier one failed, time ran out) is listed
//! as skipped with the reason, so every run shows every step.

use std::time::Instant;

use reqwest::{Client, Method};
use serde_json::{json, Value};

use super::texts::{self, *};
use super::{random_hex, verdict, Rehearsal, RehearsalFinding, TestUser};
use crate::http::scim::{self, classify_status};
use crate::http::{self, excerpt, Failure, Fetched};
use crate::probe::existing::encode;
use crate::probe::roles::roles_of;
use crate::probe::{Status, Target};
use loopio_scim_core::error::Problem;
use loopio_scim_core::secret::Secret;

const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

/// What a step found, before it gets its texts.
pub(super) struct Outcome {
    status: Status,
    detail: String,
    cause: Option<String>,
    remedy: Option<String>,
}

impl Outcome {
    fn new(status: Status, detail: impl Into<String>) -> Outcome {
        Outcome {
            status,
            detail: detail.into(),
            cause: None,
            remedy: None,
        }
    }

    fn with_cause(mut self, cause: &str) -> Outcome {
        self.cause = Some(cause.to_string());
        self
    }

    fn with_remedy(mut self, remedy: impl Into<String>) -> Outcome {
        self.remedy = Some(remedy.into());
        self
    }

    /// A classified HTTP or network failure. Its own remedy, unless the server itself failed
    /// (then the step's remedy says more).
    fn failed(f: Failure) -> Outcome {
        let own_remedy = !matches!(f.code, "http.server_error" | "http.unexpected_status");
        let out =
            Outcome::new(Status::Fail, format!("{}: {}", f.title, f.detail)).with_cause(f.code);
        if own_remedy {
            out.with_remedy(f.remedy)
        } else {
            out
        }
    }
}

/// The user as Okta's app profile has it; every PUT sends all of it.
#[derive(Clone)]
struct Profile {
    user_name: String,
    family_name: String,
    roles: Vec<String>,
    active: bool,
}

/// The callback a finding goes to as it is known. A `dyn`, not a type parameter: the steps are
/// the biggest function of the rehearsal, and a parameter made one copy of them per caller (the
/// window and the CLI) in the binary. `Sync` because `&Run` is held across awaits.
type OnFinding<'a> = &'a mut (dyn FnMut(&RehearsalFinding) + Send + Sync);

struct Run<'a> {
    client: Client,
    target: &'a Target,
    secret: &'a Secret,
    deadline: Instant,
    external_id: String,
    password: String,
    profile: Profile,
    /// The role values refused on create: the rest of the rehearsal runs without roles.
    roles_refused: bool,
    findings: Vec<RehearsalFinding>,
    users: Vec<TestUser>,
    on_finding: OnFinding<'a>,
}

/// Runs every step against `target` for the test user `user_name`.
pub(super) async fn rehearse(
    target: &Target,
    secret: &Secret,
    roles: &[String],
    user_name: String,
    on_finding: OnFinding<'_>,
) -> Rehearsal {
    let started = Instant::now();
    let profile = Profile {
        user_name,
        family_name: "Rehearsal".into(),
        roles: roles.to_vec(),
        active: true,
    };
    let mut run = Run {
        client: Client::new(),
        target,
        secret,
        // Fourteen requests one after another: three times the connection test's budget.
        deadline: started + target.deadline * 3,
        external_id: format!("00u{}", random_hex()),
        // Okta sends a random password on every create; this one is random too, and no secret.
        password: format!("Okta-{}-Aa1!", random_hex()),
        profile,
        roles_refused: false,
        findings: Vec::new(),
        users: Vec::new(),
        on_finding,
    };
    match http::client(target) {
        Ok(client) => {
            run.client = client;
            run.steps().await;
        }
        Err(f) => {
            let request = run.lookup_request(&run.profile.user_name.clone());
            run.emit(LOOKUP_BEFORE_CREATE, request, Outcome::failed(f), started);
            run.skip_rest("Not run: the HTTP client could not be set up.");
        }
    }
    run.finish(started)
}

impl Run<'_> {
    async fn steps(&mut self) {
        if !self.lookup_before_create().await {
            return self.skip_rest(
                "Not run: the lookup before it failed, so the create would fail the same way.",
            );
        }
        let Some((id, created)) = self.create().await else {
            return self.skip_rest("Not run: no test user was created.");
        };
        self.roles_came_back(&created);
        let checks: [&str; 6] = [LOOKUP_CASE, READ, UPDATE, DUPLICATE, DEACTIVATE, REACTIVATE];
        for code in checks {
            if Instant::now() >= self.deadline {
                return self.skip_rest(&format!(
                    "Not run: the rehearsal ran out of time ({} s).",
                    (self.target.deadline * 3).as_secs()
                ));
            }
            match code {
                LOOKUP_CASE => self.lookup_case(&id).await,
                READ => self.read(&id).await,
                UPDATE => self.update(&id).await,
                DUPLICATE => self.duplicate().await,
                DEACTIVATE => self.deactivate(&id).await,
                _ => self.reactivate(&id).await,
            }
        }
    }

    /// Records a finding: its texts from the step's table, redacted, streamed, kept.
    fn emit(&mut self, code: &str, request: String, outcome: Outcome, started: Instant) {
        let text = texts::step(code);
        let passed = matches!(outcome.status, Status::Pass | Status::Skip);
        let title = if passed { text.pass } else { text.fail };
        let remedy = match (passed, outcome.remedy) {
            (_, Some(r)) => r,
            (true, None) => String::new(),
            (false, None) => text.remedy.to_string(),
        };
        let okta_shows = if passed { "" } else { text.okta_shows };
        let redact = |s: &str| http::redact(s, Some(self.secret));
        let finding = RehearsalFinding {
            code: code.to_string(),
            status: outcome.status,
            title: redact(title),
            request: redact(&request),
            detail: redact(&outcome.detail),
            remedy: redact(&remedy),
            okta_shows: okta_shows.to_string(),
            cause: outcome.cause,
            elapsed_ms: started.elapsed().as_millis() as u64,
        };
        tracing::info!(step = %finding.code, status = ?finding.status, elapsed_ms = finding.elapsed_ms, "rehearsal step");
        (self.on_finding)(&finding);
        self.findings.push(finding);
    }

    /// Every step not yet reported is listed as skipped, with why.
    fn skip_rest(&mut self, why: &str) {
        for step in STEPS {
            if step.code == PASSWORD || self.findings.iter().any(|f| f.code == step.code) {
                continue;
            }
            let outcome = Outcome::new(Status::Skip, why);
            self.emit(step.code, String::new(), outcome, Instant::now());
        }
    }

    fn finish(mut self, started: Instant) -> Rehearsal {
        let order = |f: &RehearsalFinding| STEPS.iter().position(|s| s.code == f.code);
        self.findings.sort_by_key(order);
        let cleanup = cleanup_text(
            self.users.len(),
            crate::http::is_loopback(&self.target.base_host),
        );
        Rehearsal {
            verdict: verdict(&self.findings),
            test_users: self.users,
            findings: self.findings,
            cleanup,
            elapsed_ms: started.elapsed().as_millis() as u64,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.target.base_url)
    }

    async fn get(&self, path: &str) -> Result<Fetched, Failure> {
        scim::get(
            &self.client,
            &self.url(path),
            Some(self.secret),
            self.deadline,
        )
        .await
    }

    async fn send(&self, method: Method, path: &str, body: &Value) -> Result<Fetched, Failure> {
        let url = self.url(path);
        scim::send(&self.client, method, &url, Some(self.secret), Some(body)).await
    }

    /// A non-2xx answer as a failure, or the answer.
    fn success(&self, answer: Result<Fetched, Failure>) -> Result<Fetched, Failure> {
        let fetched = answer?;
        match classify_status(&fetched, &self.target.base_url, Some(self.secret)) {
            Some(f) => Err(f),
            None => Ok(fetched),
        }
    }

    fn seen(&self, f: &Fetched) -> String {
        format!(
            "HTTP {}: {}",
            f.status.as_u16(),
            excerpt(&f.body, Some(self.secret))
        )
    }

    /// The body Okta sends: on create (no id) with the placeholder password, on PUT with the id.
    fn body(&self, p: &Profile, id: Option<&str>) -> Value {
        let mut body = json!({
            "schemas": [USER_SCHEMA],
            "userName": p.user_name,
            "name": { "givenName": "Okta", "familyName": p.family_name },
            "emails": [{ "primary": true, "value": p.user_name, "type": "work" }],
            "displayName": format!("Okta {}", p.family_name),
            "locale": "en-US",
            "externalId": self.external_id,
            "groups": [],
            "active": p.active,
        });
        if !p.roles.is_empty() && !self.roles_refused {
            body["roles"] = json!(p.roles);
        }
        match id {
            Some(id) => body["id"] = json!(id),
            None => body["password"] = json!(self.password),
        }
        body
    }

    fn lookup_request(&self, user_name: &str) -> String {
        format!("GET /Users?filter=userName eq \"{user_name}\"&startIndex=1&count=100")
    }

    /// `GET /Users?filter=userName eq "<name>"`: the ids it lists, or why it failed.
    async fn lookup(&self, user_name: &str) -> Result<Vec<String>, Outcome> {
        let filter = encode(&format!("userName eq \"{user_name}\""));
        let path = format!("/Users?filter={filter}&startIndex=1&count=100");
        let fetched = self
            .success(self.get(&path).await)
            .map_err(Outcome::failed)?;
        listed_ids(&fetched.body).map_err(|why| {
            Outcome::new(Status::Fail, format!("{why}. {}", self.seen(&fetched)))
                .with_cause(why.code())
        })
    }

    async fn lookup_before_create(&mut self) -> bool {
        let started = Instant::now();
        let name = self.profile.user_name.clone();
        let request = self.lookup_request(&name);
        let (outcome, go_on) = match self.lookup(&name).await {
            Ok(ids) if ids.is_empty() => (
                Outcome::new(Status::Pass, format!("Nobody is called {name}, as expected.")),
                true,
            ),
            Ok(ids) => (
                Outcome::new(Status::Fail, format!("A user name nobody has matched {} user(s): the server ignores the filter, so Okta would link new people to existing users.", ids.len()))
                    .with_cause("scim.filter_ignored"),
                true,
            ),
            Err(outcome) => (outcome, false),
        };
        self.emit(LOOKUP_BEFORE_CREATE, request, outcome, started);
        go_on
    }

    fn note_user(&mut self, id: &str, user_name: &str, active: Option<bool>) {
        match self.users.iter_mut().find(|u| u.id == id) {
            Some(u) => u.active = active.or(u.active),
            None => self.users.push(TestUser {
                id: id.to_string(),
                user_name: user_name.to_string(),
                active,
            }),
        }
    }
}

/// What to do about the test users left: in Loopio, how to find and remove them; on this
/// computer (the practice tenant, a test server), that nothing reached Loopio.
fn cleanup_text(users: usize, on_this_computer: bool) -> String {
    if users == 0 {
        String::new()
    } else if on_this_computer {
        format!("The rehearsal left {users} test user(s), deactivated, on the server on this computer (the practice tenant keeps them until the app closes). Nothing was created in Loopio.")
    } else {
        format!("The rehearsal left {users} test user(s), deactivated, named okta-rehearsal-...: Okta never deletes users, and neither did the rehearsal. They cannot sign in. To remove them, search Loopio's user list (Admin > Users) for \"okta-rehearsal-\" and remove each one, or ask Loopio Support to.")
    }
}

/// The ids of the users in a SCIM ListResponse.
fn listed_ids(body: &[u8]) -> Result<Vec<String>, Problem> {
    let not_scim = |why: &str| Problem::new("response.not_scim", why);
    let json: Value =
        serde_json::from_slice(body).map_err(|_| not_scim("The answer is not JSON"))?;
    let total = json
        .get("totalResults")
        .and_then(Value::as_u64)
        .ok_or_else(|| not_scim("The answer has no whole-number totalResults"))?;
    let resources = json
        .get("Resources")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut ids: Vec<String> = resources
        .iter()
        .map(|r| {
            r.get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        })
        .collect();
    // A server that counts matches but does not list them still matched someone.
    while (ids.len() as u64) < total {
        ids.push(String::new());
    }
    Ok(ids)
}

/// A user resource from an answer body, when it is one.
fn resource(body: &[u8]) -> Option<Value> {
    serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_object)
}

#[path = "writes.rs"]
mod writes;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cleanup_names_loopio_only_for_loopio() {
        assert_eq!(cleanup_text(0, false), "");
        let loopio = cleanup_text(2, false);
        assert!(
            loopio.contains("Admin > Users") && loopio.contains("2 test user(s)"),
            "{loopio}"
        );
        let here = cleanup_text(1, true);
        assert!(
            !here.contains("Loopio's user list") && here.contains("Nothing was created in Loopio"),
            "{here}"
        );
    }

    #[test]
    fn list_ids_count_unlisted_matches() {
        let body = br#"{"totalResults":2,"Resources":[{"id":"7"}]}"#;
        assert_eq!(listed_ids(body).unwrap(), ["7", ""]);
        assert!(listed_ids(b"<html>").is_err());
        assert!(listed_ids(b"{}").is_err());
    }
}
