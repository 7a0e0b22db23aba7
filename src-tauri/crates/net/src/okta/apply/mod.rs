//! Apply: the Okta changes the assistant can make itself, as a plan of requests shown before
//! anything is sent, then sent one by one after the admin confirms.
//!
//! - `state`: what Okta has now (GET only): the app object as Okta returned it, its user schema,
//!   group assignments, the plan's groups by name and the user-to-app profile mapping.
//! - `plan`: pure: from that state, the wizard's values and the roles plan, the exact requests
//!   (method, path, body, why), the manual steps no API can do, and each write's undo.
//! - `send`: sends a confirmed plan in order, records each answer, stops at the first failure
//!   (the next apply continues: the plan is rebuilt from what Okta then has), and reads the app
//!   back after changing it to catch a full PUT that dropped provisioning (`features`).
//! - `terraform`: the same values and roles plan as Terraform for the okta/okta provider.
//!
//! Idempotent by construction: a request is planned only for a difference, so a second apply
//! plans (and sends) no write. No body holds a secret; every text is redacted all the same.

mod plan;
mod send;
mod state;
pub mod terraform;

use std::time::Instant;

use loopio_scim_core::error::Problem;
use loopio_scim_core::secret::Secret;
use loopio_scim_core::setup::roles::{plan_view_seen, RoleStatus, RolesPlan};
use loopio_scim_core::setup::{Environment, InstanceDomain};
use serde::Serialize;

use super::client::OktaClient;
use super::oauth::AccessToken;
use super::{AppSelector, AppSummary, Credentials};
use crate::http::{Failure, Target};

pub use plan::{desired_roles_property, Plan};
pub use state::OktaState;

/// What the wizard wants in Okta.
#[derive(Debug, Clone)]
pub struct Wanted {
    pub domain: InstanceDomain,
    pub environment: Environment,
    /// The label of the app to create when there is none.
    pub label: String,
    /// The saved roles plan; `None` leaves roles alone.
    pub roles: Option<RolesPlan>,
    /// Loopio's role names, to refuse a near miss before anything is sent.
    pub known_roles: Vec<String>,
    /// Of `known_roles`, the names seen in Loopio (role discovery); a name given by hand is
    /// "not seen in Loopio yet", a warning.
    pub seen_roles: Vec<String>,
}

pub use loopio_scim_core::setup::okta_apply::{ManualStep, Request, WriteResult};

/// Why nothing (more) was planned or sent. `code` is stable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplyError {
    pub code: String,
    pub message: String,
    pub remedy: String,
    /// The admin's input is wrong (CLI exit 2), rather than Okta or the network.
    #[serde(skip)]
    pub bad_input: bool,
}

/// A network or Okta failure that stopped the apply.
impl From<&Failure> for ApplyError {
    fn from(f: &Failure) -> ApplyError {
        ApplyError::new(
            f.code,
            format!("{}: {}", f.title, f.detail),
            f.remedy.clone(),
        )
    }
}

impl ApplyError {
    pub(crate) fn new(code: &str, message: impl Into<String>, remedy: impl Into<String>) -> Self {
        ApplyError {
            code: code.into(),
            message: message.into(),
            remedy: remedy.into(),
            bad_input: false,
        }
    }

    pub(crate) fn input(mut self) -> Self {
        self.bad_input = true;
        self
    }
}

/// Everything an apply (or a dry run) did and found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApplyReport {
    /// True when the plan was confirmed and every planned write succeeded.
    pub applied: bool,
    pub app: Option<AppSummary>,
    pub plan: Vec<Request>,
    /// One per write sent, in order.
    pub results: Vec<WriteResult>,
    /// Planned writes not sent (a dry run, or after a failure).
    pub not_sent: Vec<Request>,
    pub pending_manual: Vec<ManualStep>,
    /// What no API can confirm (the Integration tab), checked by the connection test instead.
    pub reminders: Vec<String>,
    /// Requests that undo the writes that succeeded, to send in this order.
    pub undo: Vec<Request>,
    pub warnings: Vec<String>,
    pub error: Option<ApplyError>,
}

impl ApplyReport {
    fn failed(error: ApplyError, warnings: Vec<String>) -> ApplyReport {
        ApplyReport {
            applied: false,
            app: None,
            plan: Vec::new(),
            results: Vec::new(),
            not_sent: Vec::new(),
            pending_manual: Vec::new(),
            reminders: Vec::new(),
            undo: Vec::new(),
            warnings,
            error: Some(error),
        }
    }
}

/// Runs every role value of the plan through Loopio's role-name check, before any request: a
/// near miss, an empty value or a group listed twice refuses the apply. Warnings come back.
pub fn check_roles(wanted: &Wanted) -> Result<Vec<String>, ApplyError> {
    let Some(roles) = &wanted.roles else {
        return Ok(Vec::new());
    };
    let view = plan_view_seen(roles, &wanted.known_roles, &wanted.seen_roles);
    let mut warnings = Vec::new();
    for row in &view.rows {
        let whose = if row.group.is_empty() {
            "The role for all users".to_string()
        } else {
            format!("The role of group {:?}", row.group)
        };
        if let Some(e) = &row.group_error {
            return Err(ApplyError::new(
                "okta.apply.roles_plan",
                format!("{whose}: {e}"),
                "Correct the roles plan, then apply again.",
            )
            .input());
        }
        match row.role.status {
            RoleStatus::Error => {
                return Err(ApplyError::new(
                    "okta.apply.role_refused",
                    format!("{whose}: {}", row.role.message),
                    "Nothing was sent to Okta. Use Loopio's exact spelling, then apply again.",
                )
                .input())
            }
            RoleStatus::Warn => warnings.push(format!("{whose}: {}", row.role.message)),
            RoleStatus::Pass => {}
        }
    }
    Ok(warnings)
}

/// Reads Okta, builds the plan and, when `confirmed`, sends it, with an API token; see
/// [`apply_with`].
pub async fn apply(
    target: &Target,
    secret: &Secret,
    selector: &AppSelector,
    wanted: &Wanted,
    confirmed: bool,
) -> ApplyReport {
    let go = if confirmed {
        Sending::Confirmed
    } else {
        Sending::DryRun
    };
    apply_with(
        target,
        Credentials::ApiToken(secret),
        selector,
        wanted,
        go,
        &|_| {},
    )
    .await
}

/// Whether the plan built now is the one shown (both as shown: redacted).
fn same_plan(shown: &[Request], now: &[Request], secret: &Secret) -> bool {
    shown.len() == now.len()
        && shown.iter().zip(now).all(|(a, b)| {
            let mut b = b.clone();
            send::redact_request(&mut b, secret);
            *a == b
        })
}

/// What [`apply_with`] may send.
#[derive(Debug, Clone, Copy)]
pub enum Sending<'p> {
    /// Reads only: the plan is built and returned, nothing is written.
    DryRun,
    /// Sends the plan built now (the CLI's `--yes`, which prints it as it goes).
    Confirmed,
    /// Sends only when the plan built now is exactly the one the admin confirmed (the window's
    /// confirm button under the list); otherwise nothing is sent and `okta.apply.plan_changed`
    /// says why.
    IfPlanIs(&'p [Request]),
}

/// The credentials as a client: a service app's access token is obtained first (with the write
/// scopes the caller asked for). `None` and the failure when that fails.
async fn with_credentials<'c>(
    target: &Target,
    credentials: Credentials<'c>,
    deadline: Instant,
) -> Result<Signed<'c>, ApplyError> {
    match credentials {
        Credentials::ApiToken(secret) => Ok(Signed::Token(secret)),
        Credentials::ServiceApp(app) => super::service_token(target, app, deadline)
            .await
            .map(|t| Signed::Service(Box::new(t)))
            .map_err(|f| ApplyError::from(&f)),
    }
}

/// What the requests carry: the API token, or a service app's access token.
enum Signed<'c> {
    Token(&'c Secret),
    Service(Box<AccessToken>),
}

impl Signed<'_> {
    fn client<'s>(
        &'s self,
        target: &Target,
        deadline: Instant,
    ) -> Result<OktaClient<'s>, ApplyError> {
        let client =
            |secret| OktaClient::new(target, secret, deadline).map_err(|f| ApplyError::from(&f));
        match self {
            Signed::Token(secret) => client(secret),
            Signed::Service(t) => {
                Ok(client(&t.token)?.with_access_token(t.scheme, t.dpop.as_ref()))
            }
        }
    }

    fn secret(&self) -> &Secret {
        match self {
            Signed::Token(secret) => secret,
            Signed::Service(t) => &t.token,
        }
    }
}

/// Reads Okta, builds the plan and, when `confirmed`, sends it. Without `confirmed` only GETs
/// are sent (and, for a service app, its token request). The token goes to `target`'s origin
/// only and appears in no text.
pub async fn apply_with(
    target: &Target,
    credentials: Credentials<'_>,
    selector: &AppSelector,
    wanted: &Wanted,
    go: Sending<'_>,
    on_result: &(dyn Fn(&WriteResult) + Sync),
) -> ApplyReport {
    let warnings = match check_roles(wanted) {
        Ok(w) => w,
        Err(e) => return ApplyReport::failed(e, Vec::new()),
    };
    let deadline = Instant::now() + target.deadline;
    let signed = match with_credentials(target, credentials, deadline).await {
        Ok(s) => s,
        Err(e) => return ApplyReport::failed(e, warnings),
    };
    let client = match signed.client(target, deadline) {
        Ok(c) => c,
        Err(e) => return ApplyReport::failed(e, warnings),
    };
    let secret = signed.secret();
    let streamed = |r: &WriteResult| {
        let mut r = r.clone();
        send::redact_result(&mut r, secret);
        log_write("okta write", &r);
        on_result(&r);
    };
    let read = async {
        let state = match state::read(&client, selector, wanted).await {
            Ok(s) => s,
            Err(e) => return Err(ApplyReport::failed(e, warnings.clone())),
        };
        match plan::build(&state, wanted) {
            Ok(plan) => Ok((state, plan)),
            Err(e) => {
                let mut report = ApplyReport::failed(e, warnings.clone());
                report.app = state.summary();
                Err(report)
            }
        }
    };
    // The reads and the plan are bounded as a whole; the writes each by their own timeout, so
    // a slow org never loses what was already written (send::run stops at the first failure
    // and says what was not sent).
    let report = match tokio::time::timeout(target.deadline, read).await {
        Err(_) => ApplyReport::failed(
            ApplyError::new("network.timeout", format!("Okta did not answer within {} s.", target.deadline.as_secs()), "Check that this computer can reach the org, then apply again: the next apply continues from what Okta has."),
            Vec::new(),
        ),
        Ok(Err(report)) => report,
        Ok(Ok((state, plan))) => {
            let mut report = plan.report(state.summary(), warnings);
            match go {
                Sending::DryRun => {}
                Sending::IfPlanIs(shown) if !same_plan(shown, &report.plan, secret) => {
                    report.error = Some(ApplyError::new(
                        "okta.apply.plan_changed",
                        "Okta changed since the plan was shown, so the plan is different now. Nothing was sent.",
                        "Review the new plan, then confirm it.",
                    ));
                }
                Sending::Confirmed | Sending::IfPlanIs(_) => {
                    send::run(&client, &state, plan, wanted, &mut report, &streamed).await;
                }
            }
            report
        }
    };
    let report = send::redacted(report, secret);
    log_report(target, &report);
    match credentials {
        Credentials::ApiToken(secret) => send::redacted(report, secret),
        Credentials::ServiceApp(_) => report,
    }
}

/// An apply's outcome in the log: the org, how much was planned and sent, and the error's code.
fn log_report(target: &Target, report: &ApplyReport) {
    tracing::info!(
        org = %target.base_url,
        planned = report.plan.len(),
        sent = report.results.len(),
        error = report.error.as_ref().map(|e| e.code.as_str()).unwrap_or(""),
        "okta apply done"
    );
}

/// One write to Okta in the log: method, path (app and group ids only) and Okta's status.
fn log_write(what: &str, r: &WriteResult) {
    tracing::info!(
        method = %r.method,
        path = %r.path,
        status = r.status.unwrap_or(0),
        succeeded = r.succeeded(),
        "{what}"
    );
}

/// Whether every request of an undo list read back from a file (the CLI's JSON, the saved
/// progress) is one of the writes `apply` makes to undo a change of the app `app_id`, in exactly
/// the shape it makes them: anything else means the list was changed, and nothing of it is sent.
pub fn check_undo_list(steps: &[Request], app_id: &str) -> Result<(), Problem> {
    let id =
        |s: &str| !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric());
    let changed = |why: String| Problem::new("okta.undo.changed", why);
    if !id(app_id) {
        return Err(changed(
            "The undo list does not name the app it is for, so none of it is sent.".into(),
        ));
    }
    for r in steps {
        let parts: Vec<&str> = r
            .path
            .strip_prefix("/api/v1/")
            .unwrap_or("")
            .split('/')
            .collect();
        let ok = match (r.method.as_str(), parts.as_slice()) {
            ("PUT" | "DELETE", ["apps", app]) => *app == app_id,
            ("POST", ["apps", app, "lifecycle", "deactivate"]) => *app == app_id,
            ("PUT" | "DELETE", ["apps", app, "groups", group]) => *app == app_id && id(group),
            ("POST", ["meta", "schemas", "apps", app, "default"]) => *app == app_id,
            ("POST", ["mappings", mapping]) => id(mapping),
            _ => false,
        };
        if !ok {
            return Err(changed(format!(
                "{} {} is not a request the assistant makes to undo a change of the app {app_id}: the undo list was changed, so none of it is sent.",
                r.method, r.path
            )));
        }
    }
    Ok(())
}

/// Sends an undo list (from [`ApplyReport::undo`]) in order with an API token, stopping at the
/// first failure; see [`undo_with`].
pub async fn undo(target: &Target, secret: &Secret, steps: &[Request]) -> Vec<WriteResult> {
    undo_with(target, Credentials::ApiToken(secret), steps, &|_| {}).await
}

/// Sends an undo list in order, stopping at the first failure.
pub async fn undo_with(
    target: &Target,
    credentials: Credentials<'_>,
    steps: &[Request],
    on_result: &(dyn Fn(&WriteResult) + Sync),
) -> Vec<WriteResult> {
    let deadline = Instant::now() + target.deadline;
    let signed = match with_credentials(target, credentials, deadline).await {
        Ok(s) => s,
        Err(e) => return vec![undo_failed(e)],
    };
    let secret = signed.secret();
    let streamed = |r: &WriteResult| {
        let mut r = r.clone();
        send::redact_result(&mut r, secret);
        log_write("okta undo write", &r);
        on_result(&r);
    };
    tracing::info!(org = %target.base_url, steps = steps.len(), "okta undo started");
    match signed.client(target, deadline) {
        Ok(client) => {
            let mut results = send::undo(&client, steps, &streamed).await;
            results
                .iter_mut()
                .for_each(|r| send::redact_result(r, secret));
            results
        }
        Err(e) => vec![undo_failed(e)],
    }
}

fn undo_failed(e: ApplyError) -> WriteResult {
    WriteResult {
        method: String::new(),
        path: String::new(),
        status: None,
        okta_error: Some(format!("{}: {}", e.code, e.message)),
        why: "undo".into(),
        at: send::now(),
    }
}
