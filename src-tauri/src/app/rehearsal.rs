//! The rehearsal of Okta's first push behind the window: the connection test's target and token,
//! the roles from the roles plan, the production confirmation, and each step streamed over a
//! channel as it finishes. The outcome carries the record the window keeps in
//! `Progress::last_rehearsal` for the setup report.

use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::State;
use ts_rs::TS;

use super::connection::{token_and_target, PracticeState, TargetChoice, TestTargetKind};
use super::progress_store::OpenProfile;
use super::Vault;
use crate::rehearse::{self, Rehearsal, RehearsalFinding, RehearsalOptions};
use crate::setup::rehearsal::{
    rehearsal_headline, rehearsal_roles, RehearsalStepResult, SavedRehearsal, SavedTestUser,
};
use crate::setup::roles::RolesPlan;
use loopio_scim_core::error::CommandError;
use loopio_scim_core::findings::Status;

/// What the window sends to rehearse. The token is only held for the duration of the call.
#[derive(Deserialize, TS)]
#[ts(export)]
pub struct RehearsalRequest {
    pub target: TestTargetKind,
    pub base_url: String,
    pub domain: String,
    pub token: String,
    /// Use the token saved in the OS keychain for the open profile instead of `token`.
    pub use_saved_token: bool,
    pub resolve: Vec<String>,
    pub ca_file: String,
    /// The roles plan: its role values are sent as Okta sends them.
    pub roles_plan: RolesPlan,
    /// The instance domain typed again: required for Loopio's production API.
    pub confirm_production: String,
}

/// The finished rehearsal and the record to keep in `Progress::last_rehearsal`.
#[derive(Serialize, TS)]
#[ts(export)]
pub struct RehearsalOutcome {
    pub rehearsal: Rehearsal,
    pub record: SavedRehearsal,
}

/// Runs the rehearsal, streaming each step over `on_finding` as it finishes. Refused before any
/// request for Loopio's production API without the instance domain typed again.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn run_rehearsal(
    open: State<'_, OpenProfile>,
    state: State<'_, PracticeState>,
    vault: State<'_, Vault>,
    request: RehearsalRequest,
    on_finding: Channel<RehearsalFinding>,
) -> Result<RehearsalOutcome, CommandError> {
    run(&state, vault.0.as_ref(), &open.name(), request, |f| {
        let _ = on_finding.send(f.clone());
    })
    .await
}

/// The rehearsal for a request, with findings handed to `on_finding` as they arrive.
pub async fn run(
    state: &PracticeState,
    vault: &dyn crate::vault::TokenVault,
    profile: &str,
    request: RehearsalRequest,
    on_finding: impl FnMut(&RehearsalFinding) + Send + Sync,
) -> Result<RehearsalOutcome, CommandError> {
    let kind = request.target;
    let choice = TargetChoice {
        kind,
        base_url: request.base_url,
        domain: request.domain,
        resolve: request.resolve,
        ca_file: request.ca_file,
    };
    let (secret, _notes, target) = token_and_target(
        state,
        vault,
        profile,
        request.token,
        request.use_saved_token,
        choice,
    )
    .await?;
    let options = RehearsalOptions {
        roles: rehearsal_roles(&request.roles_plan),
        email_domain: String::new(),
        confirm_production: Some(request.confirm_production),
    };
    let rehearsal = rehearse::run(&target, &secret, &options, on_finding).await?;
    let record = record(super::now_unix(), kind, target.base_url, &rehearsal);
    Ok(RehearsalOutcome { rehearsal, record })
}

/// What is kept of a rehearsal: no server answers, only each step's outcome, the verdict, the
/// target and the test users with how to remove them.
pub fn record(
    at_unix: u64,
    target: TestTargetKind,
    base_url: String,
    r: &Rehearsal,
) -> SavedRehearsal {
    let failed = r
        .findings
        .iter()
        .filter(|f| f.status == Status::Fail)
        .count();
    SavedRehearsal {
        at_unix,
        target,
        base_url,
        verdict: r.verdict,
        headline: rehearsal_headline(target, r.verdict, failed),
        steps: r
            .findings
            .iter()
            .map(|f| RehearsalStepResult {
                code: f.code.clone(),
                status: f.status,
                title: f.title.clone(),
            })
            .collect(),
        test_users: r
            .test_users
            .iter()
            .map(|u| SavedTestUser {
                id: u.id.clone(),
                user_name: u.user_name.clone(),
                active: u.active,
            })
            .collect(),
        cleanup: r.cleanup.clone(),
        // The window records the values it rehearsed for (the plan's values_now).
        ran_for: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::DEFAULT_PRACTICE_TOKEN;
    use crate::vault::MemoryVault;

    fn request(target: TestTargetKind, token: &str, confirm: &str) -> RehearsalRequest {
        RehearsalRequest {
            target,
            base_url: String::new(),
            domain: "acme.loopio.com".into(),
            token: token.into(),
            use_saved_token: false,
            resolve: Vec::new(),
            ca_file: String::new(),
            roles_plan: RolesPlan::SameForAll {
                role: "Admin".into(),
            },
            confirm_production: confirm.into(),
        }
    }

    #[tokio::test]
    async fn the_practice_tenant_rehearses_step_by_step_and_leaves_a_listed_test_user() {
        let state = PracticeState::default();
        let mut streamed = Vec::new();
        let outcome = run(
            &state,
            &MemoryVault::default(),
            "default",
            request(TestTargetKind::Practice, DEFAULT_PRACTICE_TOKEN, ""),
            |f| streamed.push(f.code.clone()),
        )
        .await
        .unwrap();
        let r = &outcome.rehearsal;
        assert_eq!(r.verdict, Status::Pass, "{:#?}", r.findings);
        assert_eq!(streamed.len(), r.findings.len(), "every step was streamed");
        assert_eq!(streamed[0], "rehearse.lookup_before_create");
        let saved = &outcome.record;
        assert_eq!(saved.target, TestTargetKind::Practice);
        assert!(saved.headline.contains("not Loopio"), "{}", saved.headline);
        assert_eq!(saved.steps.len(), r.findings.len());
        assert!(!saved.test_users.is_empty());
        assert!(saved.test_users[0].user_name.starts_with("okta-rehearsal-"));
        assert!(!saved.cleanup.is_empty());
        let json = serde_json::to_string(saved).unwrap();
        assert!(!json.contains(DEFAULT_PRACTICE_TOKEN));
    }

    #[tokio::test]
    async fn production_without_the_domain_typed_again_is_refused() {
        let state = PracticeState::default();
        let err = run(
            &state,
            &MemoryVault::default(),
            "default",
            request(
                TestTargetKind::Production,
                "some-token-0123456789abcdef",
                " ",
            ),
            |_| panic!("no step may run"),
        )
        .await
        .err()
        .unwrap();
        assert_eq!(err.code, "rehearse.production_unconfirmed");
        let err = run(
            &state,
            &MemoryVault::default(),
            "default",
            request(
                TestTargetKind::Production,
                "some-token-0123456789abcdef",
                "other.loopio.com",
            ),
            |_| panic!("no step may run"),
        )
        .await
        .err()
        .unwrap();
        assert_eq!(err.code, "rehearse.production_mismatch");
    }
}
