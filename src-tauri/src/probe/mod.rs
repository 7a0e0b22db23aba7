//! The connection test: Okta's own check and a preflight around it, before provisioning is on.
//!
//! - `target`: what is tested (SCIM base URL, DNS overrides, extra CA, bounds), validated.
//! - `http`: the one HTTP client, bounded requests, and the classification of every failure into
//!   a stable code with a remedy an IT admin can follow.
//! - `checks`: the checks themselves, each producing a [`Finding`].
//! - `roles`: discovery of the Loopio role names in use, by paging through the users.
//!
//! All checks run concurrently on one client; each finding is sent as soon as it is known, so the
//! window can show progress; the whole run is bounded by an overall deadline.

pub mod checks;
pub mod http;
pub mod roles;
pub mod target;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use target::{Target, TargetError, TargetOptions};

use crate::secret::Secret;

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Status {
    Pass,
    Skip,
    Warn,
    Fail,
}

/// One check's result. `code` is the check's id when it passes, or the stable code of what went
/// wrong (`auth.rejected`, `tls.untrusted`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Finding {
    /// Which check produced this (`okta.connector`, `okta.lookup`, ...).
    pub check: String,
    pub code: String,
    pub status: Status,
    pub title: String,
    /// What was seen: status, content type, the start of an unexpected body (redacted).
    pub detail: String,
    /// What to do about it; empty when nothing needs doing.
    pub remedy: String,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

/// The whole connection test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Report {
    /// `fail` if any check failed, else `warn` if any warned, else `pass`.
    pub verdict: Status,
    /// Whether Okta's "Test Connector Configuration" will pass: the `okta.connector` check alone.
    pub okta_connector_test: Status,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn from_findings(findings: Vec<Finding>, elapsed_ms: u64) -> Report {
        let verdict = findings
            .iter()
            .map(|f| match f.status {
                Status::Skip => Status::Pass,
                s => s,
            })
            .max()
            .unwrap_or(Status::Pass);
        let okta_connector_test = findings
            .iter()
            .find(|f| f.check == checks::OKTA_CONNECTOR)
            .map(|f| {
                if f.status == Status::Pass {
                    Status::Pass
                } else {
                    Status::Fail
                }
            })
            .unwrap_or(Status::Fail);
        Report {
            verdict,
            okta_connector_test,
            elapsed_ms,
            findings,
        }
    }
}

/// Runs every check against `target` with `secret`, sending each finding to `on_finding` as it
/// arrives, and returns the report. Never panics on network input; never sends the token
/// anywhere but the target's SCIM base URL.
pub async fn run(
    target: &Target,
    secret: &Secret,
    on_finding: impl FnMut(&Finding) + Send,
) -> Report {
    checks::run_all(target, secret, on_finding).await
}
