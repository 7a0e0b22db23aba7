//! Pure domain logic: no I/O, no Tauri. Everything the wizard shows is computed here, once.
//!
//! - `domain`: the admin's Loopio instance domain, parsed and normalised.
//! - `environment`: production or sandbox (INT01) and their SCIM base URLs.
//! - `app_variable`: the Okta app variable name and the `roles` variable derived from it.
//! - `values`: every value for every Okta screen, with where it goes.
//! - `wizard`: the steps, in the order the admin meets the Okta screens.
//! - `roles`: Loopio role names, the roles mapping plan and its checks.
//! - `reminder`: the token's expiry and an iCalendar reminder before it.
//! - `progress`: what is saved between runs (never the token).
//! - `done_for`: the values a tick or result was for, and whether it still holds for today's.
//! - `profiles`: renaming and deleting a saved profile.
//! - `rehearsal`: the saved record of the last rehearsal of Okta's first push.
//! - `okta_check`: the saved record of the last Okta read-back, and when it completes its step.
//! - `okta_apply`: the changes the assistant made in Okta (requests, answers, undo), as saved.
//! - `users_check`: the saved record of the last "Check real users" (users in sync counted only).

pub mod app_variable;
pub mod domain;
pub mod done_for;
pub mod environment;
pub mod okta_apply;
pub mod okta_check;
pub mod okta_steps;
pub mod profiles;
pub mod progress;
pub mod rehearsal;
pub mod reminder;
pub mod roles;
pub mod users_check;
pub mod values;
pub mod wizard;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use done_for::{Depends, DoneFor};
use progress::{Progress, SavedTest};
use roles::RolesPlan;
use wizard::Completion;

pub use domain::{DomainError, DomainWarning, InstanceDomain};
pub use environment::Environment;
pub use values::{okta_values, OktaValue, ValueInputs, ValueKind};
pub use wizard::{step_info, StepId, StepInfo};

/// What the admin has entered so far: the raw text, exactly as typed, so nothing is lost when it
/// is invalid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlanInput {
    pub domain: String,
    pub environment: Environment,
    pub app_variable: String,
    /// Ticked step and checklist ids, so the plan can say which steps are done.
    #[serde(default)]
    pub ticked: BTreeSet<String>,
    /// The values each step was ticked for: a tick counts only while they are today's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[ts(as = "Option<BTreeMap<String, DoneFor>>", optional)]
    pub ticked_for: BTreeMap<String, DoneFor>,
    /// The last connection test: it can complete, or contradict, "Test the token and connection".
    #[serde(default)]
    pub last_test: Option<SavedTest>,
    /// The last Okta check: it completes "Check your Okta app" when nothing failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub last_okta_check: Option<okta_check::SavedOktaCheck>,
    /// The roles plan: once it gives a role, Update User Attributes is required for roles.
    #[serde(default)]
    pub roles_plan: RolesPlan,
    /// The last rehearsal: the plan says when it ran for other values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub last_rehearsal: Option<rehearsal::SavedRehearsal>,
    /// What the last "Check real users" ran for (only that: the plan says when it is old).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub last_users_check_for: Option<DoneFor>,
    /// How the admin sets up the Okta app; none chosen yet is the manual way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub way: Option<okta_steps::SetupWay>,
}

impl PlanInput {
    /// Everything the plan needs from saved progress.
    pub fn from_progress(p: &Progress) -> PlanInput {
        PlanInput {
            domain: p.domain.clone(),
            environment: p.environment,
            app_variable: p.app_variable.clone(),
            way: p.way,
            ticked: p.ticked.clone(),
            ticked_for: p.ticked_for.clone(),
            last_test: p.last_test.clone(),
            last_okta_check: p.last_okta_check.clone(),
            roles_plan: p.roles_plan.clone(),
            last_rehearsal: p.last_rehearsal.clone(),
            last_users_check_for: p.last_users_check.as_ref().and_then(|c| c.ran_for.clone()),
        }
    }

    /// Today's values, as a tick or a result made now records them.
    pub fn values_now(&self) -> DoneFor {
        DoneFor::new(&self.domain, self.environment, &self.app_variable)
    }
}

/// An input the admin must correct, with a stable code and the message to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldError {
    pub code: String,
    pub message: String,
    /// What the admin most likely meant, offered as a one-click fix ("Did you mean
    /// acme.loopio.com?"); `None` when the core cannot tell.
    pub suggestion: Option<String>,
}

/// One step as the UI shows it: the static description plus its values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StepView {
    #[serde(flatten)]
    pub info: StepInfo,
    pub values: Vec<OktaValue>,
    /// Why Next waits on this step, when it does (the domain step until the domain is valid).
    pub blocked: Option<String>,
    /// Set when the step was done for other values than today's ("Done for acme.loopio.com,
    /// not for globex.loopio.com: check it again."); the step is then not done.
    pub done_for_other: Option<String>,
    /// Set when only a result completes the step (there is no tick): what completes it.
    pub completed_by: Option<String>,
    /// In the assistant's way, for a step Okta's API can read: what the last read-back says
    /// about it (`None` until Okta answered for today's values).
    pub okta_says: Option<okta_steps::OktaSays>,
    /// In the assistant's way: the read-back findings this step shows (empty otherwise).
    pub okta_codes: Vec<String>,
}

/// Everything the wizard shows for the current input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Plan {
    /// The normalised domain, when the input is valid.
    pub domain: Option<String>,
    pub domain_error: Option<FieldError>,
    /// The domain's error as the field shows it: none while the field is still empty.
    pub domain_field_error: Option<FieldError>,
    pub domain_warnings: Vec<DomainWarning>,
    pub environment: Environment,
    pub scim_base_url: String,
    /// The roles attribute variable name, when the app variable is given and valid.
    pub roles_variable: Option<String>,
    /// Set only when the admin typed something invalid (empty is not an error here).
    pub app_variable_error: Option<FieldError>,
    /// Said under the app variable when it already ended in `_roles` and was taken as is.
    pub app_variable_note: Option<String>,
    /// Value keys the roles plan makes required (Update User Attributes once a role is mapped:
    /// Okta sends roles to Loopio only with it).
    pub required_for_roles: Vec<String>,
    /// The steps that count and are not done yet, in order (the last step lists them).
    pub remaining: Vec<StepId>,
    pub steps: Vec<StepView>,
    /// The environments to choose from, with the core's labels and hints.
    pub environments: Vec<environment::EnvironmentChoice>,
    /// The steps that are done, in order. The summary step counts once every other step is.
    pub done: Vec<StepId>,
    /// The one progress counter: "3 of 10 done" (the summary step is not counted).
    pub progress_text: String,
    #[ts(type = "number")]
    pub done_count: usize,
    #[ts(type = "number")]
    pub countable: usize,
    /// Today's values: what a tick made now is for (the window records it with the tick).
    pub values_now: DoneFor,
    /// Set when the last connection test, rehearsal or Okta check ran for other values than
    /// today's: what it ran for. It then no longer counts, and the window says so beside it.
    pub last_test_for_other: Option<String>,
    pub last_rehearsal_for_other: Option<String>,
    pub last_okta_check_for_other: Option<String>,
    /// Set when the last "Check real users" ran for other values than today's: what it ran for.
    /// The window then marks the saved result as old.
    pub last_users_check_for_other: Option<String>,
    /// The label the Loopio app has in Okta for this environment (the core's
    /// [`Environment::app_label`]): what the Okta check looks the app up by unless the admin
    /// gives another.
    pub app_label: String,
    /// For a domain outside loopio.com: the tick that says "This is the address I sign in to
    /// Loopio at" for this very host. The domain step is done only once it is ticked.
    pub custom_domain_tick: Option<String>,
    /// The roles the rehearsal sends: the roles plan's, as Okta sends them (empty = none planned).
    pub rehearsal_roles: Vec<String>,
}

/// The tick confirming a domain outside loopio.com, for that host only (another host needs its
/// own confirmation); `None` for a loopio.com domain.
pub fn custom_domain_tick(domain: &InstanceDomain) -> Option<String> {
    let custom = domain.warnings().iter().any(|w| w.code == "domain.custom");
    custom.then(|| format!("instance.custom_domain:{}", domain.host()))
}

/// Whether `step` is done for this input. The one place this is decided: the window, the CLI
/// and the setup report all read it from the plan. A tick or result counts only for the values
/// it was made for.
fn step_done(step: &StepInfo, input: &PlanInput, domain_valid: bool) -> bool {
    let now = input.values_now();
    match step.completion {
        Completion::Checklist => step.checklist.iter().all(|c| input.ticked.contains(&c.id)),
        Completion::ValidDomain => domain_valid,
        Completion::TestResult => progress::connection_test_done(input.last_test.as_ref(), &now),
        Completion::Ticked => {
            input.ticked.contains(step.id.id())
                && done_for::still_holds(input.ticked_for.get(step.id.id()), &now, depends(step.id))
        }
        Completion::OktaCheck => okta_check::okta_check_done(input.last_okta_check.as_ref(), &now),
        Completion::OktaAnswer => {
            okta_steps::okta_says(step.id, input.last_okta_check.as_ref(), &now)
                .is_some_and(|s| s.completes)
        }
        Completion::None | Completion::Optional => false,
    }
}

/// Which values a step's tick depends on: every Okta step is for one Loopio instance and
/// environment; the roles attribute and the roles mapping also for the app's variable.
pub fn depends(step: StepId) -> Depends {
    match step {
        StepId::ProfileEditorRoles | StepId::MapRoles | StepId::OktaCheck => Depends::AlsoTheApp,
        _ => Depends::DomainAndEnvironment,
    }
}

/// "Done for acme.loopio.com, not for globex.loopio.com: check it again." when the step was
/// done (ticked, or by its result) for other values than today's.
fn done_for_other(step: &StepInfo, input: &PlanInput) -> Option<String> {
    let now = input.values_now();
    let was_for = match step.completion {
        Completion::Ticked if input.ticked.contains(step.id.id()) => {
            input.ticked_for.get(step.id.id())
        }
        // Only a test that completed the step for the values it ran for (a pass against
        // Loopio's own SCIM API): a practice or custom-URL pass was never "done".
        Completion::TestResult => input
            .last_test
            .as_ref()
            .and_then(|t| t.ran_for.as_ref().filter(|f| t.counts_for(f.environment))),
        // A step Okta's answer completed for the values it read Okta for.
        Completion::OktaAnswer => input.last_okta_check.as_ref().and_then(|c| {
            let ran_for = c.ran_for.as_ref()?;
            okta_steps::okta_says(step.id, Some(c), ran_for)
                .filter(|s| s.completes)
                .map(|_| ran_for)
        }),
        Completion::OktaCheck => input
            .last_okta_check
            .as_ref()
            .filter(|c| !c.practice && c.verdict != crate::findings::Status::Fail)
            .and_then(|c| c.ran_for.as_ref()),
        _ => None,
    }?;
    was_for.step_note(&now, depends(step.id))
}

/// What completes a step that has no tick.
fn completed_by(completion: Completion) -> Option<String> {
    match completion {
        Completion::TestResult => Some(
            "This step is done when the test above says Okta's test will pass against Loopio's own SCIM API for your domain and environment: there is nothing to tick. A practice or custom-URL test never completes it.".into(),
        ),
        Completion::OktaCheck => Some(
            "This step is done when a check of your own Okta app finds nothing failing: there is nothing to tick. The practice Okta never completes it.".into(),
        ),
        Completion::OktaAnswer => Some(okta_steps::COMPLETED_BY_OKTA.into()),
        _ => None,
    }
}

/// What the last test, rehearsal and Okta check ran for, when that is not today's values.
fn results_for_other(input: &PlanInput) -> [Option<String>; 3] {
    let now = input.values_now();
    let note = |ran_for: Option<&DoneFor>, depends: Depends, what: &str, again: &str| {
        ran_for.and_then(|f| f.result_note(&now, depends, what, again))
    };
    [
        note(
            input.last_test.as_ref().and_then(|t| t.ran_for.as_ref()),
            Depends::DomainAndEnvironment,
            "test",
            match input.last_test.as_ref().map(SavedTest::target_kind) {
                Some(progress::TestTargetKind::Practice | progress::TestTargetKind::Custom) => {
                    "Run the test again."
                }
                _ => "It no longer counts: run the test again.",
            },
        ),
        note(
            input
                .last_rehearsal
                .as_ref()
                .and_then(|r| r.ran_for.as_ref()),
            Depends::DomainAndEnvironment,
            "rehearsal",
            "Rehearse again for today's values.",
        ),
        note(
            input
                .last_okta_check
                .as_ref()
                .and_then(|c| c.ran_for.as_ref()),
            Depends::AlsoTheApp,
            "check",
            if input.last_okta_check.as_ref().is_some_and(|c| c.practice) {
                "Check again."
            } else {
                "It no longer counts: check again."
            },
        ),
    ]
}

/// Computes the whole wizard for the admin's current input. Never fails: problems are reported
/// per field so the rest of the wizard still renders.
pub fn plan(input: &PlanInput) -> Plan {
    let parsed = InstanceDomain::parse(&input.domain);
    let (domain, domain_error) = match &parsed {
        Ok(d) => (Some(d), None),
        Err(e) => (
            None,
            Some(FieldError {
                code: e.code().into(),
                message: e.to_string(),
                suggestion: e.suggestion().map(str::to_string),
            }),
        ),
    };
    let (roles_variable, app_variable_error) = parse_app_variable(&input.app_variable);
    let steps = step_views(input, domain, roles_variable.as_deref());
    // A custom domain counts once the admin confirmed it is where they sign in to Loopio.
    let custom_domain_tick = domain.and_then(custom_domain_tick);
    let domain_ok = domain.is_some()
        && custom_domain_tick
            .as_ref()
            .map_or(true, |t| input.ticked.contains(t));
    let StepTally {
        done,
        remaining,
        done_count,
        countable,
    } = tally(&steps, input, domain_ok);
    let app_variable_note = taken_as_is_note(roles_variable.as_deref(), &input.app_variable);
    let [last_test_for_other, last_rehearsal_for_other, last_okta_check_for_other] =
        results_for_other(input);
    let required_for_roles = if input.roles_plan.gives_a_role() {
        values::REQUIRED_FOR_ROLES
            .iter()
            .map(|k| k.to_string())
            .collect()
    } else {
        Vec::new()
    };
    Plan {
        environments: environment::choices(),
        done,
        progress_text: format!("{done_count} of {countable} done"),
        done_count,
        countable,
        domain: domain.map(|d| d.host().to_string()),
        domain_warnings: domain.map(|d| d.warnings().to_vec()).unwrap_or_default(),
        domain_field_error: domain_error
            .clone()
            .filter(|_| !input.domain.trim().is_empty()),
        domain_error,
        environment: input.environment,
        scim_base_url: input.environment.scim_base_url().to_string(),
        app_label: input.environment.app_label().to_string(),
        custom_domain_tick,
        roles_variable,
        app_variable_error,
        app_variable_note,
        required_for_roles,
        remaining,
        steps,
        values_now: input.values_now(),
        last_test_for_other,
        last_rehearsal_for_other,
        last_okta_check_for_other,
        last_users_check_for_other: input.last_users_check_for.as_ref().and_then(|f| {
            f.result_note(
                &input.values_now(),
                Depends::AlsoTheApp,
                "check of real users",
                "Check again.",
            )
        }),
        rehearsal_roles: rehearsal::rehearsal_roles(&input.roles_plan),
    }
}

/// The roles attribute's variable name from the app variable typed, or the field's error (both
/// `None` while the field is empty).
fn parse_app_variable(app_variable: &str) -> (Option<String>, Option<FieldError>) {
    if app_variable.trim().is_empty() {
        return (None, None);
    }
    match app_variable::roles_variable_name(app_variable) {
        Ok(v) => (Some(v), None),
        Err(e) => (
            None,
            Some(FieldError {
                code: e.code().into(),
                message: e.to_string(),
                suggestion: None,
            }),
        ),
    }
}

/// Said under the app variable when it already ended in `_roles` and was taken as is.
fn taken_as_is_note(roles_variable: Option<&str>, app_variable: &str) -> Option<String> {
    let typed_variable = app_variable.trim();
    roles_variable.filter(|v| *v == typed_variable).map(|v| {
        format!("{v} already ends in _roles, so it was taken as is: no second _roles is added.")
    })
}

/// Every step, in order, with the values it shows and why Next waits on it.
fn step_views(
    input: &PlanInput,
    domain: Option<&InstanceDomain>,
    roles_variable: Option<&str>,
) -> Vec<StepView> {
    let mut values = okta_values(&ValueInputs {
        domain,
        environment: input.environment,
        roles_variable,
    });
    if input.roles_plan.gives_a_role() {
        values::require_for_roles(&mut values);
    }
    StepId::ALL
        .iter()
        .map(|&id| {
            let info = info_for_way(id, input.way);
            let by_okta = info.completion == Completion::OktaAnswer;
            StepView {
                values: values.iter().filter(|v| v.step == id).cloned().collect(),
                blocked: (info.completion == Completion::ValidDomain && domain.is_none())
                    .then(|| "Enter a valid Loopio domain first".to_string()),
                done_for_other: done_for_other(&info, input),
                completed_by: completed_by(info.completion),
                okta_says: by_okta
                    .then(|| {
                        okta_steps::okta_says(
                            id,
                            input.last_okta_check.as_ref(),
                            &input.values_now(),
                        )
                    })
                    .flatten(),
                okta_codes: if by_okta {
                    okta_steps::step_codes(id)
                        .iter()
                        .map(|c| c.to_string())
                        .collect()
                } else {
                    Vec::new()
                },
                info,
            }
        })
        .collect()
}

/// A step as the chosen way asks it: in the assistant's way, a step Okta's API can read has
/// its own instructions and is completed by Okta's answer, not a tick.
pub fn info_for_way(id: StepId, way: Option<okta_steps::SetupWay>) -> StepInfo {
    let mut info = step_info(id);
    if okta_steps::decided_by_okta(id, way) {
        info.completion = Completion::OktaAnswer;
        if let Some(lines) = okta_steps::assistant_instructions(id) {
            info.instructions = lines;
        }
    }
    info
}

/// Which steps are done and which remain.
struct StepTally {
    /// The steps done, in order; the uncounted (summary) steps too once every counted one is.
    done: Vec<StepId>,
    /// The counted steps not done yet, in order.
    remaining: Vec<StepId>,
    /// How many counted steps are done.
    done_count: usize,
    /// How many steps count.
    countable: usize,
}

fn tally(steps: &[StepView], input: &PlanInput, domain_valid: bool) -> StepTally {
    let mut done: Vec<StepId> = steps
        .iter()
        .filter(|s| step_done(&s.info, input, domain_valid))
        .map(|s| s.info.id)
        .collect();
    let countable = steps.iter().filter(|s| s.info.completion.counts()).count();
    let done_count = done.len();
    let remaining = steps
        .iter()
        .filter(|s| s.info.completion.counts() && !done.contains(&s.info.id))
        .map(|s| s.info.id)
        .collect();
    if done_count == countable {
        done.extend(
            steps
                .iter()
                .filter(|s| s.info.completion == Completion::None)
                .map(|s| s.info.id),
        );
    }
    StepTally {
        done,
        remaining,
        done_count,
        countable,
    }
}

#[cfg(test)]
mod tests;
