//! The practice Okta: a simulated Okta org served by the practice tenant, on the same loopback
//! server, so "Check your Okta app" and "Create the app in Okta" work offline and in the
//! end-to-end tests. It holds one Loopio SAML app set up exactly as the wizard says for a given
//! Loopio domain and environment (the values come from the core's [`okta_values`], never
//! spelled twice), its roles attribute, three groups carrying Loopio's practice roles (and one
//! more, Sales, assigned to nothing), a signing key, the users assigned through those groups and
//! the user-to-app profile mapping. A switch plants one mistake, so the admin can see how the
//! check names it; another leaves the app out, so creating it can be practised.
//!
//! The org is state (JSON in memory, built from [`PracticeOrg`] by [`PracticeOkta::set`]): the
//! reads serve it and the writes `apply` sends change it, with Okta's semantics (`org`,
//! `writes`): `features` (the provisioning switches) are read-only, a `PUT` of an app without
//! them drops them, and [`PracticeOkta::console`] stands for the admin's clicks in Okta's
//! console that no API can do. The shapes are those of Okta's Management API
//! (`SamlApplication`, `UserSchema`, `ApplicationGroupAssignment`, `Group`, `ProfileMapping`,
//! `JsonWebKey`, `AppUser`, `Error`). Requests need `Authorization: SSWS` with
//! [`PRACTICE_OKTA_TOKEN`], which, like the practice SCIM token, is not a secret: it only opens
//! this in-memory org on this computer.

mod live;
mod org;
mod writes;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use loopio_scim_core::error::Problem;
use loopio_scim_core::setup::roles::{GroupRole, RolesPlan};
use loopio_scim_core::setup::{okta_values, Environment, InstanceDomain, ValueInputs};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use crate::http::{self, header, HeaderMap, Incoming, Request, Response, Route, StatusCode};
use crate::PRACTICE_ROLES;
use org::{Answer, Org};

/// The API token the practice Okta accepts (`Authorization: SSWS ...`). Not a secret.
pub const PRACTICE_OKTA_TOKEN: &str = "practice-okta-token-0123456789abcdef";
/// The practice Loopio app's id and generated name (its variable name). Its label is the core's
/// for the org's environment ([`Environment::app_label`]), as the wizard tells the admin.
pub const PRACTICE_APP_ID: &str = "0oapractice0loopio01";
pub const PRACTICE_APP_NAME: &str = "practiceorg_loopio_1";
/// The domain the practice Okta is set up for until told otherwise.
pub const PRACTICE_DEFAULT_DOMAIN: &str = "acme.loopio.com";
/// The groups that carry [`PRACTICE_ROLES`] (same order) in the practice app.
pub const PRACTICE_GROUPS: [&str; 3] = ["Loopio Admins", "Proposal Team", "Reviewers"];
/// Where the practice tenant serves the practice Okta's routes.
pub(crate) const API: &str = "/api/v1";

/// The one mistake the practice Okta can plant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PracticeMistake {
    /// Audience URI (SP Entity ID) typed as a URL instead of Loopio's plain entity ID.
    Audience,
}

impl PracticeMistake {
    /// The finding code the read-back names this mistake with.
    pub fn finding_code(self) -> &'static str {
        match self {
            PracticeMistake::Audience => "okta.saml.audience",
        }
    }
}

/// A switch of Okta's admin console that no API turns on: [`PracticeOkta::console`] flips it in
/// the practice Okta, as the admin would by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConsoleSwitch {
    /// General > App Settings > Enable SCIM provisioning (`SCIM_PROVISIONING`). Off also turns
    /// every To App switch off.
    EnableScim,
    /// Provisioning > To App > Create Users (`PUSH_NEW_USERS`).
    CreateUsers,
    /// Provisioning > To App > Update User Attributes (`PUSH_PROFILE_UPDATES`).
    UpdateUserAttributes,
    /// Provisioning > To App > Deactivate Users (`PUSH_USER_DEACTIVATION`).
    DeactivateUsers,
}

impl ConsoleSwitch {
    /// The app `features[]` entry Okta shows for the switch.
    pub fn feature(self) -> &'static str {
        match self {
            ConsoleSwitch::EnableScim => "SCIM_PROVISIONING",
            ConsoleSwitch::CreateUsers => "PUSH_NEW_USERS",
            ConsoleSwitch::UpdateUserAttributes => "PUSH_PROFILE_UPDATES",
            ConsoleSwitch::DeactivateUsers => "PUSH_USER_DEACTIVATION",
        }
    }

    /// The switch a manual step of `apply` (its `step` key) stands for, if it is one.
    pub fn for_step(step: &str) -> Option<ConsoleSwitch> {
        match step {
            "general.enable_scim" => Some(ConsoleSwitch::EnableScim),
            "to_app.create_users" => Some(ConsoleSwitch::CreateUsers),
            "to_app.update_user_attributes" => Some(ConsoleSwitch::UpdateUserAttributes),
            "to_app.deactivate_users" => Some(ConsoleSwitch::DeactivateUsers),
            _ => None,
        }
    }
}

/// What the practice Okta is set up for: the wizard's domain and environment, whether a
/// mistake is planted, and whether the Loopio app exists yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PracticeOrg {
    domain: InstanceDomain,
    environment: Environment,
    mistake: Option<PracticeMistake>,
    with_app: bool,
    live: bool,
}

impl PracticeOrg {
    /// The Loopio app set up exactly as the wizard says for `domain` and `environment`.
    pub fn new(domain: InstanceDomain, environment: Environment) -> PracticeOrg {
        PracticeOrg {
            domain,
            environment,
            mistake: None,
            with_app: true,
            live: false,
        }
    }

    /// After go-live: users assigned directly (one in every state of `reconcile` with the
    /// practice tenant's users) and failed pushes in the System Log.
    pub fn with_live_users(mut self) -> PracticeOrg {
        self.live = true;
        self
    }

    /// The same org with `mistake` planted (or none).
    pub fn with_mistake(mut self, mistake: Option<PracticeMistake>) -> PracticeOrg {
        self.mistake = mistake;
        self
    }

    /// A fresh org: the groups and users, but no Loopio app yet (to practise creating it).
    pub fn without_app(mut self) -> PracticeOrg {
        self.with_app = false;
        self
    }

    fn expected(&self, key: &str) -> String {
        let roles_variable = org::roles_var(PRACTICE_APP_NAME);
        okta_values(&ValueInputs {
            domain: Some(&self.domain),
            environment: self.environment,
            roles_variable: Some(&roles_variable),
        })
        .into_iter()
        .find(|v| v.key == key)
        .and_then(|v| v.value)
        .unwrap_or_default()
    }
}

/// The roles plan the practice groups carry: each of [`PRACTICE_GROUPS`] with its role of
/// [`PRACTICE_ROLES`], in priority order.
pub fn practice_roles_plan() -> RolesPlan {
    let groups = PRACTICE_GROUPS
        .iter()
        .zip(PRACTICE_ROLES)
        .map(|(group, role)| GroupRole {
            group: group.to_string(),
            role: role.to_string(),
        })
        .collect();
    RolesPlan::PerGroup { groups }
}

/// What a plan for the practice Okta says at its top: its roles come from the practice org's
/// own example groups (each named with its role), not from the admin's roles plan, which names
/// groups of the admin's own org.
pub fn example_groups_note() -> String {
    let groups: Vec<String> = PRACTICE_GROUPS
        .iter()
        .zip(PRACTICE_ROLES)
        .map(|(group, role)| format!("{group} → {role}"))
        .collect();
    format!(
        "Practice: the practice Okta has its own example groups, and its plans give them example \
         roles ({}), not the roles plan you made: that names groups of your own Okta org, and a \
         plan for your org uses it.",
        groups.join(", ")
    )
}

/// The practice Okta's state, shared with the server: set it up for the admin's domain (and a
/// mistake) before practising.
#[derive(Clone)]
pub struct PracticeOkta {
    org: Arc<Mutex<Org>>,
    origin: Arc<Mutex<String>>,
}

impl Default for PracticeOkta {
    fn default() -> Self {
        let domain = InstanceDomain::parse(PRACTICE_DEFAULT_DOMAIN).expect("a valid domain");
        let org = PracticeOrg::new(domain, Environment::Production);
        PracticeOkta {
            org: Arc::new(Mutex::new(Org::build(&org))),
            origin: Arc::new(Mutex::new(String::new())),
        }
    }
}

impl PracticeOkta {
    /// Sets the org up afresh as `org` says: every earlier write (and the list of writes) is
    /// forgotten.
    pub fn set(&self, org: PracticeOrg) {
        *self.lock() = Org::build(&org);
    }

    /// Sets the org up as `org` says unless it already is (same domain, environment, mistake and
    /// app mode), so what was practised (an app created, switches turned on) survives a check.
    /// Returns whether it was set up afresh.
    pub fn ensure(&self, org: PracticeOrg) -> bool {
        let mut current = self.lock();
        if current.built_for.as_ref() == Some(&org) {
            return false;
        }
        *current = Org::build(&org);
        true
    }

    /// The org URL to give the read-back (`http://127.0.0.1:PORT`), once the server runs.
    pub fn url(&self) -> String {
        self.origin
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Flips a console switch of an app, as the admin would in Okta's admin console: the app
    /// `app_id`, or the app created last (the practice Loopio app unless another was created).
    /// Refused, with the admin's words, for an unknown app or a To App switch turned on while
    /// SCIM provisioning is off (Okta shows no To App settings then).
    pub fn console(
        &self,
        app_id: Option<&str>,
        switch: ConsoleSwitch,
        on: bool,
    ) -> Result<(), Problem> {
        self.lock().console(app_id, switch, on)
    }

    /// The writes received since the org was set up, in order: method and path (with its
    /// query), e.g. `("POST", "/api/v1/apps?activate=true")`. Refused ones too.
    pub fn writes(&self) -> Vec<(String, String)> {
        self.lock().writes.clone()
    }

    pub(crate) fn set_origin(&self, origin: String) {
        *self.origin.lock().unwrap_or_else(|e| e.into_inner()) = origin;
    }

    fn lock(&self) -> MutexGuard<'_, Org> {
        self.org.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The routes under `/api/v1`, behind the practice API token. Other methods are refused (405).
const ROUTES: &[Route] = &[
    ("/apps", &["GET", "POST"]),
    ("/apps/{id}", &["GET", "PUT", "DELETE"]),
    ("/apps/{id}/groups", &["GET"]),
    ("/apps/{id}/groups/{group}", &["PUT", "DELETE"]),
    ("/apps/{id}/users", &["GET"]),
    ("/apps/{id}/users/{user}", &["GET"]),
    ("/users", &["GET"]),
    ("/users/{id}", &["GET"]),
    ("/users/{id}/groups", &["GET"]),
    ("/logs", &["GET"]),
    ("/apps/{id}/credentials/keys", &["GET"]),
    ("/apps/{id}/sso/saml/metadata", &["GET"]),
    ("/apps/{id}/lifecycle/deactivate", &["POST"]),
    ("/meta/schemas/apps/{id}/default", &["GET", "POST"]),
    ("/groups", &["GET"]),
    ("/mappings", &["GET"]),
    ("/mappings/{id}", &["GET", "POST"]),
];

/// A request to the practice Okta, `path` under `/api/v1`: 404 for no route, 405 for a method
/// the route does not take, 401 without the token, else a read (GET) or a write.
pub(crate) async fn handle(
    okta: &PracticeOkta,
    path: &str,
    request: Request<Incoming>,
) -> Response {
    let Some(route) = http::route(ROUTES, path) else {
        return OktaError::not_found("the requested resource").response();
    };
    let methods = http::methods(ROUTES, route);
    let Some(method) = http::allowed(request.method(), methods) else {
        return http::method_not_allowed(methods);
    };
    if let Some(refused) = require_token(okta, request.headers()) {
        return refused;
    }
    if method == "GET" {
        return read(okta, path, &http::query(request.uri()));
    }
    let query = request.uri().query().map(str::to_string);
    match http::body(request).await {
        Ok(body) => write(okta, method, path, query.as_deref(), &body),
        Err(refused) => refused,
    }
}

/// An Okta error (`Error`): status, `errorCode`, `errorSummary` and `errorCauses`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OktaError {
    status: StatusCode,
    code: &'static str,
    summary: String,
    causes: Vec<String>,
}

impl OktaError {
    fn new(status: StatusCode, code: &'static str, summary: impl Into<String>) -> OktaError {
        OktaError {
            status,
            code,
            summary: summary.into(),
            causes: Vec::new(),
        }
    }

    fn not_found(what: &str) -> OktaError {
        let summary = format!("Not found: Resource not found: {what}");
        OktaError::new(StatusCode::NOT_FOUND, "E0000007", summary)
    }

    /// `E0000001`, the cause in `errorCauses`.
    fn invalid(cause: impl Into<String>) -> OktaError {
        let mut e = OktaError::new(StatusCode::BAD_REQUEST, "E0000001", "Api validation failed");
        e.causes.push(cause.into());
        e
    }

    fn response(&self) -> Response {
        let causes: Vec<Value> = self
            .causes
            .iter()
            .map(|c| json!({"errorSummary": c}))
            .collect();
        let body = json!({"errorCode": self.code, "errorSummary": self.summary, "errorLink": self.code, "errorId": "oaepractice0okta0000", "errorCauses": causes});
        http::text(self.status, "application/json", body.to_string())
    }
}

/// The 401 for a request without the practice API token (503 before the server knows its
/// address), if it is one.
fn require_token(okta: &PracticeOkta, headers: &HeaderMap) -> Option<Response> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if given != Some(format!("SSWS {PRACTICE_OKTA_TOKEN}").as_str()) {
        let e = OktaError::new(
            StatusCode::UNAUTHORIZED,
            "E0000011",
            "Invalid token provided",
        );
        return Some(e.response());
    }
    if okta.url().is_empty() {
        let summary = "The practice Okta is starting";
        let e = OktaError::new(StatusCode::SERVICE_UNAVAILABLE, "E0000010", summary);
        return Some(e.response());
    }
    None
}

fn answer(result: Result<Answer, OktaError>) -> Response {
    let (content_type, body) = match result {
        Ok(Answer::Json(v)) => ("application/json", v.to_string()),
        Ok(Answer::Xml(x)) => ("text/xml", x),
        Ok(Answer::Empty) => return http::empty(StatusCode::NO_CONTENT),
        Err(e) => return e.response(),
    };
    http::text(StatusCode::OK, content_type, body)
}

/// Every GET: the path (under `/api/v1`) and query say what is read.
fn read(okta: &PracticeOkta, path: &str, query: &HashMap<String, String>) -> Response {
    let origin = okta.url();
    answer(okta.lock().read(path, query, &origin))
}

/// Every write, recorded first, then applied to the org with Okta's semantics.
fn write(
    okta: &PracticeOkta,
    method: &str,
    path: &str,
    query: Option<&str>,
    body: &[u8],
) -> Response {
    let origin = okta.url();
    let mut org = okta.lock();
    let sent = match query {
        Some(query) => format!("{API}{path}?{query}"),
        None => format!("{API}{path}"),
    };
    org.writes.push((method.to_string(), sent));
    let json = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(_) => {
                let summary = "The request body was not well-formed.";
                return OktaError::new(StatusCode::BAD_REQUEST, "E0000003", summary).response();
            }
        }
    };
    let query = query.unwrap_or_default();
    answer(org.write(method, path, query, &json, &origin))
}

#[cfg(test)]
mod tests;
