//! The rehearsal: Okta's own provisioning traffic for one obviously fake test user, replayed
//! against the SCIM API before real users are assigned. It writes (creates a user, updates it,
//! deactivates it), so it is opt-in and production needs the instance domain typed again.
//!
//! - this file: what a rehearsal is given and returns, and the production gate.
//! - `steps`: the requests, in Okta's order, each turned into a [`RehearsalFinding`].
//! - `texts`: every step's code, title, fix and what Okta would show, written once.
//!
//! One HTTP layer: [`crate::http`] builds the client, bounds every request and body,
//! classifies failures and redacts; [`crate::http::scim`] has the SCIM status words. Okta never deletes a user; neither does the rehearsal: the
//! test users are left deactivated and listed in the result.

mod steps;
pub mod texts;

use std::hash::{BuildHasher, Hasher};

use serde::Serialize;
use ts_rs::TS;

use crate::probe::{Status, Target};
use loopio_scim_core::error::CommandError;
use loopio_scim_core::secret::Secret;
use loopio_scim_core::setup::InstanceDomain;

pub use texts::STEPS;

/// Loopio's production SCIM API host: rehearsing against it needs the domain confirmed.
const PRODUCTION_HOST: &str = "api.loopio.com";

/// What the admin chose for the rehearsal.
#[derive(Debug, Clone, Default)]
pub struct RehearsalOptions {
    /// Role values to send, as Okta sends them (the roles plan's, or `--role`); the update sends
    /// the second one when there is one.
    pub roles: Vec<String>,
    /// The test user's e-mail domain; `example.com` when empty.
    pub email_domain: String,
    /// The instance domain typed again: required when the target is Loopio's production API.
    pub confirm_production: Option<String>,
}

/// One step of the rehearsal: the request it stands for, what came back, the fix, and how Okta
/// would show the failure. `code` is the step's (`rehearse.create`, ...); `cause` the classified
/// failure behind it (`auth.rejected`, `http.server_error`, ...), when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RehearsalFinding {
    pub code: String,
    pub status: Status,
    pub title: String,
    /// The request, as Okta sends it (method, path, the parts of the body that matter).
    pub request: String,
    /// What came back (redacted, bounded).
    pub detail: String,
    /// What to do; empty when nothing needs doing.
    pub remedy: String,
    /// How Okta would show this failure; empty when it passed.
    pub okta_shows: String,
    pub cause: Option<String>,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

/// A user the rehearsal created and left behind (Okta never deletes; neither do we).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TestUser {
    pub id: String,
    #[serde(rename = "userName")]
    pub user_name: String,
    /// As last confirmed by a read; `null` when no read confirmed it.
    pub active: Option<bool>,
}

/// The whole rehearsal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Rehearsal {
    /// `fail` if any step failed, else `warn` if any warned, else `pass`.
    pub verdict: Status,
    pub test_users: Vec<TestUser>,
    /// In the order of the steps (Okta's order).
    pub findings: Vec<RehearsalFinding>,
    /// How to remove the test users in Loopio; empty when none was created.
    pub cleanup: String,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

/// Why a rehearsal was refused before any request. Never holds the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Refusal {
    pub code: &'static str,
    pub message: String,
}

impl From<Refusal> for CommandError {
    fn from(r: Refusal) -> Self {
        CommandError::new(r.code, r.message)
    }
}

/// Whether `target` is Loopio's production SCIM API (by environment or by an explicit URL).
pub fn is_production(target: &Target) -> bool {
    target.base_host.eq_ignore_ascii_case(PRODUCTION_HOST)
}

/// The production gate: Loopio's production API only with the instance domain typed again,
/// equal to the target's domain when it has one. Sandbox, the practice tenant and other base
/// URLs need nothing.
pub fn authorize(target: &Target, confirmation: Option<&str>) -> Result<(), Refusal> {
    if !is_production(target) {
        return Ok(());
    }
    let typed = confirmation.map(str::trim).filter(|c| !c.is_empty());
    let Some(typed) = typed else {
        return Err(Refusal {
            code: "rehearse.production_unconfirmed",
            message: "This would create a test user in your production Loopio. Rehearse on the sandbox (api.int01.loopio.com) or the practice tenant, or confirm by typing your Loopio domain again (--confirm-production acme.loopio.com).".into(),
        });
    };
    let confirmed = InstanceDomain::parse(typed).map_err(|e| Refusal {
        code: "rehearse.production_mismatch",
        message: format!("The production confirmation is not a Loopio domain: {e}"),
    })?;
    match &target.domain {
        Some(expected) if expected.host() != confirmed.host() => Err(Refusal {
            code: "rehearse.production_mismatch",
            message: format!(
                "The confirmation {} is not this instance ({}). Type your Loopio domain exactly.",
                confirmed.host(),
                expected.host()
            ),
        }),
        _ => Ok(()),
    }
}

/// Checks the e-mail domain of the test user: a plain host name, nothing else.
pub fn email_domain(given: &str) -> Result<String, Refusal> {
    let d = given.trim().trim_start_matches('@').to_ascii_lowercase();
    if d.is_empty() {
        return Ok("example.com".into());
    }
    let ok = d.contains('.')
        && !d.starts_with('.')
        && !d.ends_with('.')
        && d.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if ok {
        Ok(d)
    } else {
        Err(Refusal {
            code: "rehearse.email_domain",
            message: format!("The e-mail domain {given:?} is not a host name such as example.com."),
        })
    }
}

/// A random suffix for the test user: not guessable, not a secret.
pub(crate) fn random_hex() -> String {
    let n = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    format!("{n:016x}")[..12].to_string()
}

/// Runs the rehearsal against `target`, sending each finding to `on_finding` as it is known.
/// Refused before any request when the production gate or the options say no.
pub async fn run(
    target: &Target,
    secret: &Secret,
    options: &RehearsalOptions,
    mut on_finding: impl FnMut(&RehearsalFinding) + Send + Sync,
) -> Result<Rehearsal, Refusal> {
    authorize(target, options.confirm_production.as_deref())?;
    let domain = email_domain(&options.email_domain)?;
    let user_name = format!("okta-rehearsal-{}@{domain}", random_hex());
    let rehearsal = steps::rehearse(target, secret, &options.roles, user_name, &mut on_finding);
    Ok(rehearsal.await)
}

/// The verdict of a list of findings: skipped steps count as passes.
pub fn verdict(findings: &[RehearsalFinding]) -> Status {
    Status::verdict(findings.iter().map(|f| f.status))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::TargetOptions;

    fn target(url: &str, domain: Option<&str>) -> Target {
        Target::from_options(&TargetOptions {
            base_url: Some(url.into()),
            domain: domain.map(str::to_string),
            ..Default::default()
        })
        .unwrap()
    }

    #[test]
    fn production_needs_the_domain_typed_again() {
        let prod = target("https://api.loopio.com/scim/v2", None);
        assert_eq!(
            authorize(&prod, None).unwrap_err().code,
            "rehearse.production_unconfirmed"
        );
        assert_eq!(
            authorize(&prod, Some("  ")).unwrap_err().code,
            "rehearse.production_unconfirmed"
        );
        assert!(authorize(&prod, Some("acme.loopio.com")).is_ok());
        let with_domain = target("https://api.loopio.com/scim/v2", Some("acme.loopio.com"));
        assert!(authorize(&with_domain, Some("https://ACME.loopio.com/home")).is_ok());
        assert_eq!(
            authorize(&with_domain, Some("other.loopio.com"))
                .unwrap_err()
                .code,
            "rehearse.production_mismatch"
        );
        for free in [
            "https://api.int01.loopio.com/scim/v2",
            "http://127.0.0.1:9/scim/v2",
            "https://scim.example.com/v2",
        ] {
            assert!(authorize(&target(free, None), None).is_ok(), "{free}");
        }
    }

    #[test]
    fn test_user_names_are_obviously_tests() {
        assert_eq!(email_domain("").unwrap(), "example.com");
        assert_eq!(email_domain("@Acme.Example").unwrap(), "acme.example");
        for bad in ["acme", "a b.com", "x@y.com", ".com"] {
            assert_eq!(email_domain(bad).unwrap_err().code, "rehearse.email_domain");
        }
        let a = random_hex();
        assert_eq!(a.len(), 12);
        assert_ne!(a, random_hex());
    }
}
