//! What a check found, and the whole connection test's verdict: the model the window, the CLI
//! and the setup report all show. The network crate fills it in; nothing here does I/O.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Check ids: the `check` of every finding of the connection test, one per request it stands for.
pub const OKTA_CONNECTOR: &str = "okta.connector";
pub const OKTA_LOOKUP: &str = "okta.lookup";
pub const OKTA_GROUPS: &str = "okta.groups";
pub const AUTH_ENFORCED: &str = "auth.enforced";
pub const SCIM_DISCOVERY: &str = "scim.discovery";
pub const CLOCK_SKEW: &str = "clock.skew";
pub const DOMAIN_REACHABLE: &str = "domain.reachable";
pub const TARGET: &str = "target";

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
            .find(|f| f.check == OKTA_CONNECTOR)
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
