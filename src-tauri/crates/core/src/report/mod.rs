//! The setup report for the change ticket: what was configured, where, and what the last
//! connection test saw, in Markdown, self-contained HTML and JSON, built from saved progress.
//!
//! It is built only from `Progress`, which never holds the token, so the report cannot contain
//! it; the tests check that anyway.

use serde::Serialize;
use time::OffsetDateTime;
use ts_rs::TS;

use crate::findings::Status;
use crate::setup::progress::{Progress, SavedTest, TestTargetKind};
use crate::setup::reminder::{self, Expiry};
use crate::setup::roles::{self, RolesPlanView};
use crate::setup::{self, OktaValue, PlanInput, StepId};

mod html;
mod markdown;
mod sections;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ReportFormat {
    Md,
    Html,
    Json,
}

impl ReportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Md => "md",
            ReportFormat::Html => "html",
            ReportFormat::Json => "json",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StepState {
    pub id: StepId,
    pub title: String,
    pub done: bool,
}

/// Everything in the report. Serialised as is for the JSON format.
#[derive(Debug, Clone, Serialize)]
pub struct SetupReport {
    pub app: String,
    pub app_version: String,
    pub generated_at: String,
    pub profile: String,
    pub instance_domain: Option<String>,
    pub instance_domain_error: Option<String>,
    pub environment: String,
    pub scim_base_url: String,
    /// How the Okta app was set up: by hand, or by the assistant through Okta's API (then the
    /// steps Okta's API can read are done only by Okta's answers).
    pub okta_setup: String,
    pub values: Vec<OktaValue>,
    pub steps: Vec<StepState>,
    pub roles_known: Vec<String>,
    /// Of the known names, those read from Loopio's own SCIM API; the others were added by hand
    /// or read from the practice tenant, and are "not seen in Loopio yet".
    pub roles_seen: Vec<String>,
    pub roles: RolesPlanView,
    pub token_expiry: Option<Expiry>,
    pub last_test: Option<SavedTest>,
    pub last_test_at: Option<String>,
    /// What the last test ran against, in words: Loopio's SCIM API, or plainly the practice
    /// tenant or a custom URL and not Loopio.
    pub last_test_target: Option<String>,
    /// Whether the last test counts as "Test the token and connection" done: a pass against
    /// Loopio's own SCIM API for this profile's environment.
    pub last_test_counts: Option<bool>,
    /// The last test's verdict in words, for its target.
    pub last_test_outcome: Option<String>,
    /// The last rehearsal of Okta's first push, and the test users it left in Loopio.
    pub last_rehearsal: Option<crate::setup::rehearsal::SavedRehearsal>,
    pub last_rehearsal_at: Option<String>,
    /// The last read-back of the Okta app (what Okta had, field by field) and the IdP values.
    pub last_okta_check: Option<crate::setup::okta_check::SavedOktaCheck>,
    pub last_okta_check_at: Option<String>,
    /// The changes the assistant made in Okta, oldest first, with Okta's answers and undo lists.
    pub okta_changes: Vec<crate::setup::okta_apply::SavedOktaChange>,
    /// When each of `okta_changes` finished (RFC 3339).
    pub okta_changes_at: Vec<String>,
    /// The last "Check real users": when, against what, what it ran for, the counts and
    /// causes, logins of failing users only (at most 50 a cause).
    pub last_users_check: Option<UsersReport>,
    /// Set when the last test, rehearsal or Okta check ran for another domain, environment or
    /// app than this set-up's today: what it ran for (it no longer counts).
    pub last_test_for_other: Option<String>,
    pub last_rehearsal_for_other: Option<String>,
    pub last_okta_check_for_other: Option<String>,
    /// Whether practice results (the practice tenant, the practice Okta) were asked for; each
    /// one kept is then marked as practice beside its heading.
    pub include_practice: bool,
    /// The practice results left out because they were not asked for, in words (empty when
    /// none were, or when they were asked for).
    pub practice_left_out: Vec<String>,
}

/// The report's "Users" section: the last "Check real users" as the report tells it.
#[derive(Debug, Clone, Serialize)]
pub struct UsersReport {
    /// When it ran (RFC 3339).
    pub at: String,
    /// Against the practice Okta and tenant, not the admin's.
    pub practice: bool,
    /// Set when it ran for other values than this set-up's today: what it ran for.
    pub for_other: Option<String>,
    #[serde(flatten)]
    pub summary: crate::reconcile::UsersSummary,
}

fn users_report(progress: &Progress, plan: &setup::Plan) -> Option<UsersReport> {
    let check = progress.last_users_check.as_ref()?;
    Some(UsersReport {
        at: rfc3339(check.at_unix),
        practice: check.practice,
        for_other: plan.last_users_check_for_other.clone(),
        summary: crate::reconcile::summary(&check.reconciliation),
    })
}

/// A saved result of the practice servers, which says nothing about Loopio or an Okta org.
struct PracticeResults {
    test: bool,
    rehearsal: bool,
    okta_check: bool,
    users_check: bool,
}

impl PracticeResults {
    fn of(progress: &Progress) -> PracticeResults {
        let practice = TestTargetKind::Practice;
        PracticeResults {
            test: progress
                .last_test
                .as_ref()
                .is_some_and(|t| t.target_kind() == practice),
            rehearsal: progress
                .last_rehearsal
                .as_ref()
                .is_some_and(|r| r.target == practice),
            okta_check: progress
                .last_okta_check
                .as_ref()
                .is_some_and(|c| c.practice),
            users_check: progress
                .last_users_check
                .as_ref()
                .is_some_and(|c| c.practice),
        }
    }
}

/// The change ticket holds real results only: `progress` without its practice results (the
/// practice tenant's test and rehearsal, the practice Okta's check and changes), and what was
/// left out, in words.
/// How the report names a practice connection test it left out.
pub(crate) const LEFT_OUT_TEST: &str = "the connection test against the practice tenant";

fn without_practice(progress: &Progress) -> (Progress, Vec<String>) {
    let mut real = progress.clone();
    let mut left_out = Vec::new();
    let practice = PracticeResults::of(progress);
    if practice.test {
        real.last_test = None;
        left_out.push(LEFT_OUT_TEST.to_string());
    }
    if practice.rehearsal {
        real.last_rehearsal = None;
        left_out.push("the rehearsal against the practice tenant".to_string());
    }
    if practice.okta_check {
        real.last_okta_check = None;
        left_out.push("the check of the practice Okta and its IdP values".to_string());
    }
    if practice.users_check {
        real.last_users_check = None;
        left_out.push("the check of real users against the practice Okta and tenant".to_string());
    }
    let before = real.okta_changes.len();
    real.okta_changes.retain(|c| !c.practice);
    if real.okta_changes.len() < before {
        left_out.push("the changes made in the practice Okta".to_string());
    }
    (real, left_out)
}

/// What a saved test ran against, in words, for `environment`'s set-up.
fn target_words(t: &SavedTest, environment: crate::setup::Environment) -> String {
    match t.target_kind() {
        TestTargetKind::Practice => "the practice tenant on this computer, not Loopio".to_string(),
        TestTargetKind::Custom => "a custom base URL, not Loopio's SCIM API".to_string(),
        kind => match kind.environment() {
            Some(env) if env == environment && t.base_url == env.scim_base_url() => {
                format!("Loopio's SCIM API ({})", env.label())
            }
            Some(env) => format!(
                "Loopio's {} SCIM API, while this set-up is for {}",
                env.label(),
                environment.label()
            ),
            None => "a custom base URL, not Loopio's SCIM API".to_string(),
        },
    }
}

/// What the last test says, after "Run ... against ...": the verdict, then Okta's outlook only
/// for a test of Loopio's own SCIM API; any other target says nothing about Okta and Loopio.
fn test_outcome(t: &SavedTest, environment: crate::setup::Environment) -> String {
    let verdict = format!(
        "Verdict {} in {} ms.",
        status_word(t.report.verdict),
        t.report.elapsed_ms
    );
    let kind = t.target_kind();
    if kind.counts_for(&t.base_url, environment) {
        format!("{verdict} {}", t.report.headline_text())
    } else if kind.environment().is_some() {
        format!(
            "{verdict} This test did not run against Loopio's SCIM API for {}, so it says \
             nothing about this set-up, and it does not count as the step \"Test the token and \
             connection\".",
            environment.label()
        )
    } else {
        format!("{verdict} {}", kind.headline(&t.report))
    }
}

/// The instance line: the domain, why it is not valid, or that none was entered yet.
pub(crate) fn instance_words(r: &SetupReport) -> String {
    match (&r.instance_domain, &r.instance_domain_error) {
        (Some(d), _) => d.clone(),
        (None, Some(e)) => format!("not valid: {e}"),
        (None, None) => "not entered yet".into(),
    }
}

fn rfc3339(unix: u64) -> String {
    OffsetDateTime::from_unix_timestamp(unix as i64)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// The report of real results only: practice results are left out (and named as left out).
pub fn build(progress: &Progress, profile: &str, now: OffsetDateTime) -> SetupReport {
    build_with(progress, profile, now, false)
}

/// The report, with the practice results when `include_practice` (each marked as practice).
pub fn build_with(
    progress: &Progress,
    profile: &str,
    now: OffsetDateTime,
    include_practice: bool,
) -> SetupReport {
    let (real, practice_left_out) = if include_practice {
        (progress.clone(), Vec::new())
    } else {
        without_practice(progress)
    };
    SetupReport {
        include_practice,
        practice_left_out,
        ..build_all(&real, profile, now)
    }
}

fn build_all(progress: &Progress, profile: &str, now: OffsetDateTime) -> SetupReport {
    let plan = setup::plan(&PlanInput::from_progress(progress));
    let steps = plan
        .steps
        .iter()
        .map(|s| StepState {
            id: s.info.id,
            // An optional step (the rehearsal) is never done: the box says it is optional.
            title: match s.info.completion {
                crate::setup::wizard::Completion::Optional => {
                    format!("{} (optional)", s.info.title)
                }
                _ => s.info.title.clone(),
            },
            done: plan.done.contains(&s.info.id),
        })
        .collect();
    let values = plan.steps.iter().flat_map(|s| s.values.clone()).collect();
    let last_test_for_other = plan.last_test_for_other.clone();
    let last_rehearsal_for_other = plan.last_rehearsal_for_other.clone();
    let last_okta_check_for_other = plan.last_okta_check_for_other.clone();
    SetupReport {
        app: "Loopio SCIM Setup Assistant".into(),
        app_version: crate::VERSION.into(),
        generated_at: rfc3339(now.unix_timestamp().max(0) as u64),
        profile: profile.into(),
        instance_domain: plan.domain.clone(),
        last_users_check: users_report(progress, &plan),
        // An empty domain is "not entered yet", not the instruction the wizard shows for it.
        instance_domain_error: plan
            .domain_error
            .filter(|e| e.code != "domain.empty")
            .map(|e| e.message),
        environment: progress.environment.label().into(),
        scim_base_url: plan.scim_base_url.clone(),
        okta_setup: crate::setup::okta_steps::way_words(progress.way).into(),
        values,
        steps,
        // The same clean-up the window's list gets: trimmed, no blanks, no repeats.
        roles_known: roles::normalise_catalog(progress.roles_known.clone()),
        roles_seen: roles::normalise_catalog(progress.roles_seen.clone()),
        roles: roles::plan_view_seen(
            &progress.roles_plan,
            &roles::normalise_catalog(progress.roles_known.clone()),
            &roles::normalise_catalog(progress.roles_seen.clone()),
        ),
        token_expiry: reminder::expiry(&progress.token_generated_on, now.date()).ok(),
        last_test_at: progress.last_test.as_ref().map(|t| rfc3339(t.at_unix)),
        last_test_target: progress
            .last_test
            .as_ref()
            .map(|t| target_words(t, progress.environment)),
        last_test_counts: progress
            .last_test
            .as_ref()
            .map(|t| t.counts_for(progress.environment)),
        last_test_outcome: progress
            .last_test
            .as_ref()
            .map(|t| test_outcome(t, progress.environment)),
        last_test: progress.last_test.clone(),
        last_rehearsal: progress.last_rehearsal.clone(),
        last_rehearsal_at: progress.last_rehearsal.as_ref().map(|r| rfc3339(r.at_unix)),
        last_okta_check: progress.last_okta_check.clone(),
        last_okta_check_at: progress
            .last_okta_check
            .as_ref()
            .map(|c| rfc3339(c.at_unix)),
        okta_changes: progress.okta_changes.clone(),
        okta_changes_at: progress
            .okta_changes
            .iter()
            .map(|c| rfc3339(c.at_unix))
            .collect(),
        last_test_for_other,
        last_rehearsal_for_other,
        last_okta_check_for_other,
        include_practice: false,
        practice_left_out: Vec::new(),
    }
}

pub(crate) fn value_text(v: &OktaValue) -> String {
    v.as_text()
}

pub(crate) fn status_word(s: Status) -> &'static str {
    s.mark()
}

pub fn to_markdown(r: &SetupReport) -> String {
    markdown::render(&sections::document(r))
}

pub fn to_html(r: &SetupReport) -> String {
    html::render(&sections::document(r))
}

pub fn to_json(r: &SetupReport) -> String {
    serde_json::to_string_pretty(r).unwrap_or_else(|_| "{}".into()) + "\n"
}

pub fn render(r: &SetupReport, format: ReportFormat) -> String {
    match format {
        ReportFormat::Md => to_markdown(r),
        ReportFormat::Html => to_html(r),
        ReportFormat::Json => to_json(r),
    }
}

#[cfg(test)]
mod tests;
