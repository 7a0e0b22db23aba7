//! The connection test: Okta's own check and a preflight around it, before provisioning is on.
//!
//! - what is tested (SCIM base URL, DNS overrides, extra CA, bounds) is a [`Target`], and every
//!   request goes through the one HTTP layer ([`crate::http`], SCIM's words in
//!   [`crate::http::scim`]).
//! - `checks`: the checks themselves, each producing a [`Finding`].
//! - `existing`: the checks on the users Okta's test request listed (lookup in another case,
//!   the shape of their roles).
//! - `roles`: discovery of the Loopio role names in use, by paging through the users.
//!
//! All checks run concurrently on one client; each finding is sent as soon as it is known, so the
//! window can show progress; the whole run is bounded by an overall deadline.

pub mod checks;
pub mod existing;
pub mod roles;

pub use crate::http::{Target, TargetError, TargetOptions};
pub use loopio_scim_core::findings::{Finding, Report, Status};

use loopio_scim_core::secret::Secret;

/// Runs every check against `target` with `secret`, sending each finding to `on_finding` as it
/// arrives, and returns the report. Never panics on network input; never sends the token
/// anywhere but the target's SCIM base URL.
pub async fn run(
    target: &Target,
    secret: &Secret,
    on_finding: impl FnMut(&Finding) + Send,
) -> Report {
    tracing::info!(base_url = %target.base_url, "connection test started");
    let mut on_finding = on_finding;
    let report = checks::run_all(target, secret, |f: &Finding| {
        tracing::info!(check = %f.check, code = %f.code, status = ?f.status, elapsed_ms = f.elapsed_ms, "finding");
        on_finding(f)
    })
    .await;
    tracing::info!(verdict = ?report.verdict, elapsed_ms = report.elapsed_ms, "connection test done");
    report
}
