//! "Fix these in Okta for me" behind the window: the plan of requests that makes the Okta app
//! match the wizard (nothing sent), then, once the admin confirmed that exact plan, the writes,
//! each answer streamed as it arrives; the undo of the last change. The org and token are the
//! check's (`okta::org_and_token`); the plan, the sending and the undo are `okta::apply`'s. What
//! was sent is kept in `Progress::okta_changes` (the core's `okta_apply::record`).

use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use super::connection::PracticeState;
use super::okta::{org_and_auth, selector, target_for, OktaCheckRequest};
use super::progress_store::{self, OpenProfile, StartupCheck};
use crate::okta::apply::{self, ApplyReport, Sending, Wanted};
use crate::setup::okta_apply::{self, ManualStep, Request, SavedOktaChange, WriteResult};
use crate::setup::progress::Progress;
use crate::setup::roles::{normalise_catalog, RolesPlan};
use crate::setup::InstanceDomain;
use loopio_scim_core::error::CommandError;
use loopio_scim_practice::okta as practice_okta;
use loopio_scim_practice::PRACTICE_ROLES;

/// What the window sends to plan or apply: the check's inputs and, to apply, the plan the admin
/// confirmed (nothing is sent unless Okta still calls for exactly that plan).
#[derive(Deserialize, TS)]
#[ts(export)]
pub struct OktaChangeRequest {
    pub check: OktaCheckRequest,
    /// `None` plans only (GET requests); `Some` applies if the plan is still this one.
    pub confirmed_plan: Option<Vec<Request>>,
    /// The org the confirmed plan was shown for: nothing is sent to any other.
    #[serde(default)]
    pub confirmed_org: String,
}

/// What the window sends to undo the profile's last change: the check's inputs (the org and
/// how to sign in) and, to send it, the undo list the admin confirmed.
#[derive(Deserialize, TS)]
#[ts(export)]
pub struct OktaUndoRequest {
    pub check: OktaCheckRequest,
    /// `None` shows the undo list only; `Some` sends it if it is still the saved one.
    pub confirmed_undo: Option<Vec<Request>>,
    #[serde(default)]
    pub confirmed_org: String,
}

/// Why a plan could not be built or was not (fully) sent.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ChangeProblem {
    pub code: String,
    pub message: String,
    pub remedy: String,
}

/// A plan, or what applying it did.
#[derive(Serialize, TS)]
#[ts(export)]
pub struct OktaChangeOutcome {
    /// The org the requests are (or were) for: its origin.
    pub org: String,
    /// The app the plan is for; `None` when it will be created.
    pub app_id: Option<String>,
    pub app_label: String,
    /// The requests, in order: what would be sent (plan) or what was planned (apply).
    pub plan: Vec<Request>,
    /// One per write sent, in order (empty for a plan).
    pub results: Vec<WriteResult>,
    pub not_sent: Vec<Request>,
    /// Steps only the admin can do, that Okta shows as not done yet.
    pub pending_manual: Vec<ManualStep>,
    /// What no API can confirm (the connection test checks it instead).
    pub reminders: Vec<String>,
    pub warnings: Vec<String>,
    pub problem: Option<ChangeProblem>,
    /// Every planned write was sent and accepted.
    pub applied: bool,
    /// After writes were sent: the profile's change history with this one added, to save.
    pub okta_changes: Option<Vec<SavedOktaChange>>,
    /// With the practice Okta: the manual steps it can do for the admin (`practice_console`).
    pub practice_steps: Vec<String>,
    /// The requests that undo what was just sent (empty for a plan, or when nothing was).
    pub undo: Vec<Request>,
    /// With the practice Okta: that the plan uses its example groups, not the admin's roles
    /// plan (shown at the plan's top).
    pub roles_note: Option<String>,
}

fn outcome(report: ApplyReport, label: &str, practice: bool, org: &str) -> OktaChangeOutcome {
    let practice_steps = report
        .pending_manual
        .iter()
        .filter(|m| practice && practice_okta::ConsoleSwitch::for_step(&m.step).is_some())
        .map(|m| m.step.clone())
        .collect();
    OktaChangeOutcome {
        org: org.to_string(),
        undo: report.undo.clone(),
        practice_steps,
        app_id: report.app.as_ref().map(|a| a.id.clone()),
        app_label: report
            .app
            .as_ref()
            .map(|a| a.label.clone())
            .unwrap_or_else(|| label.trim().to_string()),
        plan: report.plan,
        results: report.results,
        not_sent: report.not_sent,
        pending_manual: report.pending_manual,
        reminders: report.reminders,
        warnings: report.warnings,
        problem: report.error.map(|e| ChangeProblem {
            code: e.code,
            message: e.message,
            remedy: e.remedy,
        }),
        applied: report.applied,
        okta_changes: None,
        roles_note: practice.then(practice_okta::example_groups_note),
    }
}

/// What the wizard wants in Okta: its values and, for the admin's org, the saved roles plan;
/// for the practice Okta, the practice groups' roles (its groups are its own).
fn wanted(request: &OktaCheckRequest, domain: InstanceDomain, saved: Option<&Progress>) -> Wanted {
    let (roles, known, seen) = if request.practice {
        let practice: Vec<String> = PRACTICE_ROLES.iter().map(|r| r.to_string()).collect();
        (
            Some(practice_okta::practice_roles_plan()),
            practice.clone(),
            practice,
        )
    } else {
        let plan = saved.map(|p| &p.roles_plan).filter(|p| p.gives_a_role());
        let known = normalise_catalog(request.known_roles.clone());
        // Only the names role discovery saw in Loopio pass; the others were added by hand.
        let seen = saved.map(|p| normalise_catalog(p.roles_seen.clone()));
        (plan.cloned(), known, seen.unwrap_or_default())
    };
    Wanted {
        domain,
        environment: request.environment,
        label: request.app_label.trim().to_string(),
        roles: roles.filter(RolesPlan::gives_a_role),
        known_roles: known,
        seen_roles: seen,
    }
}

/// Plans the Okta changes (GET requests only) or, with a confirmed plan, applies them.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn change_okta<R: Runtime>(
    app: AppHandle<R>,
    open: State<'_, OpenProfile>,
    startup: State<'_, StartupCheck>,
    state: State<'_, PracticeState>,
    request: OktaChangeRequest,
    on_result: Channel<WriteResult>,
) -> Result<OktaChangeOutcome, CommandError> {
    let (profile, saved) = progress_store::saved_progress(&app, &open)?;
    let mut out = run(&state, request, Some(&saved), &|r| {
        let _ = on_result.send(r.clone());
    })
    .await?;
    keep(&app, &startup, &profile, &mut out);
    Ok(out)
}

/// Records the change history in the profile the change was made for.
fn keep<R: Runtime>(
    app: &AppHandle<R>,
    startup: &StartupCheck,
    profile: &str,
    out: &mut OktaChangeOutcome,
) {
    if let Some(history) = &out.okta_changes {
        if let Err(e) = progress_store::save_okta_changes(app, startup, profile, history) {
            out.warnings.push(e.message);
        }
    }
}

/// The plan, or its application; see [`change_okta`].
pub async fn run(
    state: &PracticeState,
    request: OktaChangeRequest,
    saved: Option<&Progress>,
    on_result: &(dyn Fn(&WriteResult) + Sync),
) -> Result<OktaChangeOutcome, CommandError> {
    let check = &request.check;
    let domain = InstanceDomain::parse(&check.domain)?;
    let selector = selector(check)?;
    let (org, auth) = org_and_auth(state, check, &domain).await?;
    if request.confirmed_plan.is_some() && request.confirmed_org != org.origin() {
        return Err(CommandError::new(
            "okta.apply.org_changed",
            format!("The plan was shown for {}, not {}: nothing was sent. Plan the changes again for this org.", request.confirmed_org, org.origin()),
        ));
    }
    // Planning reads only: the write scopes are asked for once the admin confirmed.
    let auth = if request.confirmed_plan.is_some() {
        auth.for_writes()
    } else {
        auth
    };
    let target = target_for(&org, check)?;
    let wanted = wanted(check, domain, saved);
    let go = match &request.confirmed_plan {
        None => Sending::DryRun,
        Some(plan) => Sending::IfPlanIs(plan),
    };
    let report = apply::apply_with(
        &target,
        auth.credentials(),
        &selector,
        &wanted,
        go,
        on_result,
    )
    .await;
    let change =
        (!report.results.is_empty()).then(|| saved_change(&report, org.origin(), check.practice));
    let mut out = outcome(report, &check.app_label, check.practice, org.origin());
    out.okta_changes = change.map(|c| with_change(saved, c));
    Ok(out)
}

/// The profile's change history with `change` added (the core keeps the newest).
fn with_change(saved: Option<&Progress>, change: SavedOktaChange) -> Vec<SavedOktaChange> {
    let mut history = saved.map(|p| p.okta_changes.clone()).unwrap_or_default();
    okta_apply::record(&mut history, change);
    history
}

fn saved_change(report: &ApplyReport, org: &str, practice: bool) -> SavedOktaChange {
    SavedOktaChange {
        at_unix: super::now_unix(),
        org: org.to_string(),
        practice,
        app_id: report
            .app
            .as_ref()
            .map(|a| a.id.clone())
            .unwrap_or_default(),
        app_label: report
            .app
            .as_ref()
            .map(|a| a.label.clone())
            .unwrap_or_default(),
        applied: report.applied,
        results: report.results.clone(),
        not_sent: report.not_sent.clone(),
        undo: report.undo.clone(),
        pending_manual: report.pending_manual.clone(),
        error: report.error.as_ref().map(|e| e.message.clone()),
        is_undo: false,
        undone: false,
    }
}

/// Shows (without `confirmed_undo`) or sends the undo of the profile's newest change that has
/// one pending, on the org it was made on, each answer streamed. Nothing is sent unless the
/// list is still the one the admin confirmed, for that org.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn undo_okta_change<R: Runtime>(
    app: AppHandle<R>,
    open: State<'_, OpenProfile>,
    startup: State<'_, StartupCheck>,
    state: State<'_, PracticeState>,
    request: OktaUndoRequest,
    on_result: Channel<WriteResult>,
) -> Result<OktaChangeOutcome, CommandError> {
    let (profile, saved) = progress_store::saved_progress(&app, &open)?;
    let mut out = undo(&state, request, &saved, &|r| {
        let _ = on_result.send(r.clone());
    })
    .await?;
    keep(&app, &startup, &profile, &mut out);
    Ok(out)
}

/// The undo's plan or its sending; see [`undo_okta_change`].
pub async fn undo(
    state: &PracticeState,
    request: OktaUndoRequest,
    saved: &Progress,
    on_result: &(dyn Fn(&WriteResult) + Sync),
) -> Result<OktaChangeOutcome, CommandError> {
    let Some(at) = okta_apply::undoable(&saved.okta_changes) else {
        return Err(CommandError::new(
            "okta.undo.nothing",
            "There is no change by the assistant to undo in this profile.",
        ));
    };
    let last = &saved.okta_changes[at];
    same_org(&request.check, last)?;
    apply::check_undo_list(&last.undo, &last.app_id).map_err(CommandError::from)?;
    if last.practice && practice_origin(state).await? != last.org {
        return Ok(practice_reset(saved, last));
    }
    let mut out = undo_outcome(last);
    let Some(confirmed) = &request.confirmed_undo else {
        return Ok(out);
    };
    if *confirmed != last.undo || request.confirmed_org != last.org {
        return Err(CommandError::new(
            "okta.undo.changed",
            "The saved undo list is not the one shown: nothing was sent. Show the undo again.",
        ));
    }
    let domain = InstanceDomain::parse(&request.check.domain)?;
    let (org, auth) = org_and_auth(state, &request.check, &domain).await?;
    let auth = auth.for_writes();
    let target = target_for(&org, &request.check)?;
    let results = apply::undo_with(&target, auth.credentials(), &last.undo, on_result).await;
    let failed = results.iter().any(|r| !r.succeeded());
    let mut history = saved.okta_changes.clone();
    let undo_record = SavedOktaChange {
        at_unix: super::now_unix(),
        applied: !failed,
        results: results.clone(),
        undo: Vec::new(),
        error: failed.then(|| {
            "Okta refused part of the undo; what was not undone can be sent again.".to_string()
        }),
        is_undo: true,
        undone: false,
        ..last.clone()
    };
    okta_apply::record_undo(&mut history, at, undo_record);
    out.results = results;
    out.applied = !failed;
    out.okta_changes = Some(history);
    Ok(out)
}

/// Where the practice Okta answers now (it is set up afresh each time the assistant starts).
async fn practice_origin(state: &PracticeState) -> Result<String, CommandError> {
    let url = super::connection::practice_okta(state).await?.url();
    crate::okta::OktaOrg::parse(&url)
        .map(|o| o.origin().to_string())
        .map_err(|e| CommandError::new(e.code(), e.to_string()))
}

/// A change made on a practice Okta that no longer exists (the assistant restarted since): it
/// went with that practice Okta, so nothing is sent; it and the other changes made there leave
/// the undo list, and the window says why.
fn practice_reset(saved: &Progress, last: &SavedOktaChange) -> OktaChangeOutcome {
    let mut history = saved.okta_changes.clone();
    for c in history
        .iter_mut()
        .filter(|c| c.practice && c.org == last.org && !c.is_undo)
    {
        c.undone = true;
    }
    OktaChangeOutcome {
        plan: Vec::new(),
        problem: Some(ChangeProblem {
            code: "okta.undo.practice_reset".into(),
            message: format!(
                "The practice Okta at {} was set up afresh when the assistant restarted: the changes made there went with it, so there is nothing to undo.",
                last.org
            ),
            remedy: "Nothing to do: they are no longer offered for undo.".into(),
        }),
        okta_changes: Some(history),
        ..undo_outcome(last)
    }
}

/// The undo is sent only to the org (and kind of Okta) the change was made on; checked before
/// anything is read or signed.
fn same_org(check: &OktaCheckRequest, last: &SavedOktaChange) -> Result<(), CommandError> {
    let other = || {
        CommandError::new(
            "okta.undo.other_org",
            format!(
                "The last change was made on {}; connect to that org to undo it.",
                last.org
            ),
        )
    };
    if last.practice && !check.practice {
        return Err(CommandError::new(
            "okta.undo.other_org",
            "The last change was made on the practice Okta: choose \"The practice Okta on this computer\" above to undo it. After the assistant restarted there is nothing left to undo: the practice Okta is set up afresh.",
        ));
    }
    if check.practice != last.practice {
        return Err(other());
    }
    if !check.practice {
        let org = crate::okta::OktaOrg::parse(&check.org_url)
            .map_err(|e| CommandError::new(e.code(), e.to_string()))?;
        if org.origin() != last.org {
            return Err(other());
        }
    }
    Ok(())
}

/// The undo of `last`, as shown before it is sent.
fn undo_outcome(last: &SavedOktaChange) -> OktaChangeOutcome {
    OktaChangeOutcome {
        org: last.org.clone(),
        app_id: Some(last.app_id.clone()).filter(|id| !id.is_empty()),
        app_label: last.app_label.clone(),
        plan: last.undo.clone(),
        results: Vec::new(),
        not_sent: Vec::new(),
        pending_manual: Vec::new(),
        reminders: Vec::new(),
        warnings: Vec::new(),
        problem: None,
        applied: false,
        okta_changes: None,
        practice_steps: Vec::new(),
        undo: Vec::new(),
        roles_note: None,
    }
}

/// In the practice Okta only: does a manual step of the plan (no API) as the admin would in
/// Okta's admin console, so the practice can go on to the next step.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn practice_console(
    state: State<'_, PracticeState>,
    step: String,
    app_id: Option<String>,
) -> Result<(), CommandError> {
    let switch = practice_okta::ConsoleSwitch::for_step(&step).ok_or_else(|| {
        CommandError::new(
            "practice.console_step",
            format!("The practice Okta cannot do {step:?} for you: do it by reading the step, then check again."),
        )
    })?;
    let practice = super::connection::practice_okta(&state).await?;
    practice
        .console(app_id.as_deref().filter(|id| !id.is_empty()), switch, true)
        .map_err(CommandError::from)
}

#[cfg(test)]
mod tests;
