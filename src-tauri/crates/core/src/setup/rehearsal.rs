//! The rehearsal of Okta's first push as the wizard keeps it: what ran against what, the verdict,
//! each step's outcome and the test users it left behind (Okta never deletes; neither does the
//! rehearsal), so the setup report can list them with how to remove them. The requests
//! themselves live in `loopio-scim-net` (`rehearse`); this is the saved, redacted record.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::environment::TestTargetKind;
use super::roles::RolesPlan;
use crate::findings::Status;

/// The last rehearsal, kept in [`super::progress::Progress::last_rehearsal`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SavedRehearsal {
    /// Seconds since the Unix epoch, when it finished.
    #[ts(type = "number")]
    pub at_unix: u64,
    /// What it ran against (a practice or custom-URL rehearsal is not Loopio).
    pub target: TestTargetKind,
    pub base_url: String,
    /// `fail` if any step failed, else `warn` if any warned, else `pass`.
    pub verdict: Status,
    /// The headline, as the window showed it.
    pub headline: String,
    /// Each step in Okta's order: code, status and title (no server answers: they may be long).
    pub steps: Vec<RehearsalStepResult>,
    /// The users created and left deactivated, to remove in Loopio.
    pub test_users: Vec<SavedTestUser>,
    /// How to remove the test users in Loopio; empty when none was created.
    pub cleanup: String,
    /// The domain and environment it ran for; once they differ from today's it is shown as for
    /// those, not as a result for this set-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub ran_for: Option<super::done_for::DoneFor>,
}

/// One step of a saved rehearsal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RehearsalStepResult {
    /// `rehearse.create`, `rehearse.roles`, ...
    pub code: String,
    pub status: Status,
    pub title: String,
}

/// A test user the rehearsal created and left behind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SavedTestUser {
    pub id: String,
    #[serde(rename = "userName")]
    pub user_name: String,
    /// As last confirmed by a read; `null` when no read confirmed it.
    pub active: Option<bool>,
}

/// The role values a rehearsal sends, from the roles plan, as Okta would: the plan's role for
/// everyone, or each group's role in priority order; blanks and repeats dropped.
pub fn rehearsal_roles(plan: &RolesPlan) -> Vec<String> {
    let values: Vec<&str> = match plan {
        RolesPlan::SameForAll { role } => vec![role.as_str()],
        RolesPlan::PerGroup { groups } => groups.iter().map(|g| g.role.as_str()).collect(),
    };
    let mut roles: Vec<String> = Vec::new();
    for v in values.into_iter().map(str::trim).filter(|v| !v.is_empty()) {
        if !roles.iter().any(|r| r == v) {
            roles.push(v.to_string());
        }
    }
    roles
}

/// The rehearsal's verdict in one sentence, for this target. Only a rehearsal against Loopio's
/// own SCIM API speaks of Okta's first push; the practice tenant and a custom URL say plainly
/// that they are not Loopio.
pub fn rehearsal_headline(target: TestTargetKind, verdict: Status, failed: usize) -> String {
    let outcome = match verdict {
        Status::Pass | Status::Skip => "every step worked as Okta needs it".to_string(),
        Status::Warn => "the steps worked, with warnings to read below".to_string(),
        Status::Fail if failed == 1 => "1 step failed: fix it before assigning users".to_string(),
        Status::Fail => format!("{failed} steps failed: fix them before assigning users"),
    };
    match target {
        TestTargetKind::Production | TestTargetKind::Sandbox => {
            let push = match verdict {
                Status::Fail => "Okta's first push would fail",
                Status::Warn => "Okta's first push should work",
                _ => "Okta's first push should work",
            };
            format!("{push}: {outcome}.")
        }
        TestTargetKind::Practice => format!(
            "Rehearsal against the practice tenant on this computer (not Loopio): {outcome}. \
             This says nothing about Loopio."
        ),
        TestTargetKind::Custom => {
            format!("Rehearsal against the custom base URL (not Loopio's SCIM API): {outcome}.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setup::progress::Progress;
    use crate::setup::roles::GroupRole;

    #[test]
    fn roles_come_from_the_plan_in_priority_order() {
        assert!(rehearsal_roles(&RolesPlan::default()).is_empty());
        let same = RolesPlan::SameForAll {
            role: " Admin ".into(),
        };
        assert_eq!(rehearsal_roles(&same), ["Admin"]);
        let groups = RolesPlan::PerGroup {
            groups: vec![
                GroupRole {
                    group: "Leads".into(),
                    role: "Admin".into(),
                },
                GroupRole {
                    group: "Empty".into(),
                    role: " ".into(),
                },
                GroupRole {
                    group: "Again".into(),
                    role: "Admin".into(),
                },
                GroupRole {
                    group: "Writers".into(),
                    role: "Contributor".into(),
                },
            ],
        };
        assert_eq!(rehearsal_roles(&groups), ["Admin", "Contributor"]);
    }

    #[test]
    fn headlines_say_what_was_rehearsed_against() {
        let prod = rehearsal_headline(TestTargetKind::Production, Status::Fail, 2);
        assert!(
            prod.starts_with("Okta's first push would fail: 2 steps failed"),
            "{prod}"
        );
        let practice = rehearsal_headline(TestTargetKind::Practice, Status::Pass, 0);
        assert!(practice.contains("not Loopio"), "{practice}");
        assert!(!practice.contains("Okta's first push"), "{practice}");
        let one = rehearsal_headline(TestTargetKind::Sandbox, Status::Fail, 1);
        assert!(one.contains("1 step failed: fix it"), "{one}");
    }

    #[test]
    fn the_saved_rehearsal_round_trips_and_old_files_still_read() {
        let saved = SavedRehearsal {
            at_unix: 7,
            target: TestTargetKind::Sandbox,
            base_url: "https://api.int01.loopio.com/scim/v2".into(),
            verdict: Status::Warn,
            headline: "h".into(),
            steps: vec![RehearsalStepResult {
                code: "rehearse.duplicate".into(),
                status: Status::Warn,
                title: "t".into(),
            }],
            test_users: vec![SavedTestUser {
                id: "u1".into(),
                user_name: "okta-rehearsal-1@example.com".into(),
                active: Some(false),
            }],
            cleanup: "Remove them in Loopio.".into(),
            ran_for: None,
        };
        let p = Progress {
            last_rehearsal: Some(saved.clone()),
            ..Default::default()
        };
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(
            json["last_rehearsal"]["test_users"][0]["userName"],
            "okta-rehearsal-1@example.com"
        );
        let back: Progress = serde_json::from_value(json).unwrap();
        assert_eq!(back.last_rehearsal, Some(saved));
        let old: Progress = serde_json::from_str(r#"{"domain": "acme.loopio.com"}"#).unwrap();
        assert_eq!(old.last_rehearsal, None);
        let none = serde_json::to_value(Progress::default()).unwrap();
        assert!(none.get("last_rehearsal").is_none());
    }
}
