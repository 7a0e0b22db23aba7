//! "Check real users" behind the window: Okta's assigned users and Loopio's SCIM users side by
//! side (GET only), every user with one state, every failure with its cause and remedy. The Okta
//! side signs in as "Check your Okta app" does; the Loopio side uses the connection test's target
//! and token. The practice Okta (with its live users) goes with the practice tenant, whose users
//! match. Tokens are held for the call only; the log gets counts, never logins.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use super::connection::{token_and_target, PracticeState, TargetChoice, TestTargetKind};
use super::okta::{org_and_auth, practice_access, selector, target_for, OktaCheckRequest};
use super::progress_store::OpenProfile;
use super::Vault;
use crate::practice::DEFAULT_PRACTICE_TOKEN;
use crate::reconcile::{self, Reconciliation, Request};
use crate::setup::users_check::SavedUsersCheck;
use crate::setup::InstanceDomain;
use loopio_scim_core::error::CommandError;
use loopio_scim_practice::okta::PracticeOrg;

/// What the window sends to check the real users. Tokens are only held for the call.
#[derive(Deserialize, TS)]
#[ts(export)]
pub struct UsersCheckRequest {
    /// The Okta side, as "Check your Okta app" sends it (with the practice Okta, the practice
    /// tenant is the Loopio side and the fields below are not used).
    pub okta: OktaCheckRequest,
    /// The Loopio side: the connection test's target and token.
    pub target: TestTargetKind,
    pub base_url: String,
    pub token: String,
    pub use_saved_token: bool,
    pub resolve: Vec<String>,
    pub ca_file: String,
    /// How many days of Okta's System Log are read for failed pushes (1 to 90; 30 when 0).
    #[serde(default)]
    pub since_days: u32,
}

/// The finished check, and the record to keep in `Progress::last_users_check` (users in sync
/// counted only: see `SavedUsersCheck`). The window records what it ran for.
#[derive(Serialize, TS)]
#[ts(export)]
pub struct UsersCheckOutcome {
    #[ts(type = "number")]
    pub at_unix: u64,
    /// Against the practice Okta and tenant, not the admin's.
    pub practice: bool,
    pub reconciliation: Reconciliation,
    pub record: SavedUsersCheck,
}

/// Reads both sides and reconciles them.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn check_users(
    open: State<'_, OpenProfile>,
    state: State<'_, PracticeState>,
    vault: State<'_, Vault>,
    request: UsersCheckRequest,
) -> Result<UsersCheckOutcome, CommandError> {
    run(&state, vault.0.as_ref(), &open.name(), request).await
}

/// The System Log window for `days` (30 when 0, at most 90: Okta keeps 90 days).
fn since(days: u32) -> Duration {
    let days = if days == 0 { 30 } else { days.min(90) };
    Duration::from_secs(u64::from(days) * 86_400)
}

pub async fn run(
    state: &PracticeState,
    vault: &dyn crate::vault::TokenVault,
    profile: &str,
    request: UsersCheckRequest,
) -> Result<UsersCheckOutcome, CommandError> {
    let okta = &request.okta;
    let domain = InstanceDomain::parse(&okta.domain)?;
    let app = selector(okta)?;
    let (org, auth) = if okta.practice {
        let org = PracticeOrg::new(domain.clone(), okta.environment)
            .with_mistake(okta.practice_mistake)
            .with_live_users();
        practice_access(state, org).await?
    } else {
        org_and_auth(state, okta, &domain).await?
    };
    let okta_target = target_for(&org, okta)?;
    let auth = auth.for_reconcile();
    let (token, use_saved_token, choice) = if okta.practice {
        let choice = TargetChoice {
            kind: TestTargetKind::Practice,
            base_url: String::new(),
            domain: okta.domain.clone(),
            resolve: Vec::new(),
            ca_file: String::new(),
        };
        (DEFAULT_PRACTICE_TOKEN.to_string(), false, choice)
    } else {
        let choice = TargetChoice {
            kind: request.target,
            base_url: request.base_url,
            domain: okta.domain.clone(),
            resolve: request.resolve,
            ca_file: request.ca_file,
        };
        (request.token, request.use_saved_token, choice)
    };
    let (secret, _notes, scim_target) =
        token_and_target(state, vault, profile, token, use_saved_token, choice).await?;
    let req = Request {
        okta_target: &okta_target,
        credentials: auth.credentials(),
        app: &app,
        scim_target: &scim_target,
        scim_secret: &secret,
        since: since(request.since_days),
        users: &[],
        limit_users: None,
    };
    let reconciliation = reconcile::reconcile(&req).await;
    tracing::info!(
        users = reconciliation.users.len(),
        failing = reconciliation.failing(),
        problems = reconciliation.problems.len(),
        elapsed_ms = reconciliation.elapsed_ms,
        "users checked"
    );
    let at_unix = super::now_unix();
    Ok(UsersCheckOutcome {
        at_unix,
        practice: okta.practice,
        record: SavedUsersCheck::new(at_unix, okta.practice, reconciliation.clone()),
        reconciliation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::MemoryVault;
    use loopio_scim_core::findings::Status;

    fn request(practice: bool) -> UsersCheckRequest {
        UsersCheckRequest {
            okta: crate::app::okta::check_request(practice),
            target: TestTargetKind::Production,
            base_url: String::new(),
            token: String::new(),
            use_saved_token: false,
            resolve: Vec::new(),
            ca_file: String::new(),
            since_days: 0,
        }
    }

    #[tokio::test]
    async fn the_practice_okta_and_tenant_give_a_user_in_every_failing_state() {
        let state = PracticeState::default();
        let outcome = run(&state, &MemoryVault::default(), "default", request(true))
            .await
            .unwrap();
        assert!(outcome.practice);
        let r = &outcome.reconciliation;
        assert!(r.problems.is_empty(), "{:#?}", r.problems);
        assert_eq!(r.verdict, Status::Fail);
        for state in [
            "user.in_sync",
            "user.not_pushed",
            "user.push_failed",
            "user.missing_in_loopio",
            "user.roles_differ",
            "user.inactive_in_loopio",
            "user.username_differs",
            "user.unmanaged",
        ] {
            assert!(
                r.counts.get(state).copied().unwrap_or(0) > 0,
                "{state}: {:?}",
                r.counts
            );
        }
        assert!(!r.causes.is_empty());
        assert!(r.causes.iter().all(|c| !c.location.is_empty()));
        // The record to keep: practice, every user not in sync, the ones in sync counted.
        let record = &outcome.record;
        assert!(record.practice && record.at_unix == outcome.at_unix);
        assert_eq!(record.reconciliation.counts, r.counts);
        let in_sync = r.counts["user.in_sync"];
        assert_eq!(record.in_sync_not_kept, in_sync);
        assert_eq!(
            record.reconciliation.users.len() as u64,
            r.users.len() as u64 - in_sync
        );
        let json = serde_json::to_string(&outcome).unwrap();
        assert!(
            !json.contains(DEFAULT_PRACTICE_TOKEN),
            "no token in the result"
        );
    }

    #[tokio::test]
    async fn bad_input_is_refused_before_any_request() {
        let state = PracticeState::default();
        let mut bad = request(false);
        bad.okta.org_url = "https://acme.okta.com".into();
        let err = run(&state, &MemoryVault::default(), "default", bad)
            .await
            .err()
            .unwrap();
        assert_eq!(err.code, "token.empty");
        assert_eq!(since(0), Duration::from_secs(30 * 86_400));
        assert_eq!(since(365), Duration::from_secs(90 * 86_400));
    }
}
