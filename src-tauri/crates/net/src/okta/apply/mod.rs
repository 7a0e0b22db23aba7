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

use loopio_scim_core::secret::Secret;
use loopio_scim_core::setup::roles::{plan_view, RoleStatus, RolesPlan};
use loopio_scim_core::setup::{Environment, InstanceDomain};
use serde::Serialize;
use serde_json::Value;

use super::client::OktaClient;
use super::{AppSelector, AppSummary};
use crate::probe::target::Target;

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
}

/// One request of the plan, as shown before it is sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub body: Option<Value>,
    pub why: String,
}

/// What Okta answered to one write, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WriteResult {
    pub method: String,
    pub path: String,
    /// Okta's HTTP status; `None` when no answer arrived (network, timeout).
    pub status: Option<u16>,
    /// Okta's `errorCode: errorSummary`, or the failure's title when Okta said nothing.
    pub okta_error: Option<String>,
    pub why: String,
    /// RFC 3339, UTC.
    pub at: String,
}

/// A step only the admin can do (no API), that the read-back shows as not done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManualStep {
    /// The wizard's step or value key (`general.enable_scim`, `to_app.create_users`, ...).
    pub step: String,
    #[serde(rename = "where")]
    pub location: String,
    pub what: String,
}

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
    let view = plan_view(roles, &wanted.known_roles);
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

/// Reads Okta, builds the plan and, when `confirmed`, sends it. Without `confirmed` only GETs
/// are sent. The token goes to `target`'s origin only and appears in no text.
pub async fn apply(
    target: &Target,
    secret: &Secret,
    selector: &AppSelector,
    wanted: &Wanted,
    confirmed: bool,
) -> ApplyReport {
    let warnings = match check_roles(wanted) {
        Ok(w) => w,
        Err(e) => return ApplyReport::failed(e, Vec::new()),
    };
    let deadline = Instant::now() + target.deadline;
    let client = match OktaClient::new(target, secret, deadline) {
        Ok(c) => c,
        Err(f) => return ApplyReport::failed(send::from_failure(&f), warnings),
    };
    let run = async {
        let state = match state::read(&client, selector, wanted).await {
            Ok(s) => s,
            Err(e) => return ApplyReport::failed(e, warnings),
        };
        let plan = match plan::build(&state, wanted) {
            Ok(p) => p,
            Err(e) => {
                let mut report = ApplyReport::failed(e, warnings);
                report.app = state.summary();
                return report;
            }
        };
        let mut report = plan.report(state.summary(), warnings);
        if confirmed {
            send::run(&client, &state, plan, wanted, &mut report).await;
        }
        report
    };
    let report = match tokio::time::timeout(target.deadline, run).await {
        Ok(r) => r,
        Err(_) => ApplyReport::failed(
            ApplyError::new("network.timeout", format!("Okta did not answer within {} s.", target.deadline.as_secs()), "Check that this computer can reach the org, then apply again: the next apply continues from what Okta has."),
            Vec::new(),
        ),
    };
    send::redacted(report, secret)
}

/// Sends an undo list (from [`ApplyReport::undo`]) in order, stopping at the first failure.
pub async fn undo(target: &Target, secret: &Secret, steps: &[Request]) -> Vec<WriteResult> {
    let deadline = Instant::now() + target.deadline;
    let client = match OktaClient::new(target, secret, deadline) {
        Ok(c) => c,
        Err(f) => {
            let e = send::from_failure(&f);
            return vec![WriteResult {
                method: String::new(),
                path: String::new(),
                status: None,
                okta_error: Some(format!("{}: {}", e.code, e.message)),
                why: "undo".into(),
                at: send::now(),
            }];
        }
    };
    send::undo(&client, steps).await
}
