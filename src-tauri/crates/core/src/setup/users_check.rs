//! The last "Check real users", as kept per profile in saved progress (`Progress::last_users_check`)
//! and shown after a restart and in the setup report.
//!
//! Size: the window saves the whole progress on every change, so this stays small. A check of
//! 10,000 users is mostly users in sync, and nobody acts on those: the saved record keeps the
//! counts and the causes whole, and the users who are not in sync (what the admin acts on, and
//! what the search box must still find after a restart), failing ones first, up to
//! [`MAX_SAVED_USERS`]; users in sync, and any beyond that, are counted only. Each kept user
//! keeps their state, login, ids, Loopio's side, cause, what was seen and their System Log
//! failures; their remedy and where it is done are kept once, in their cause's group, which
//! names at most [`MAX_LOGINS`] people (what the report names). Measured in
//! `a_saved_check_of_ten_thousand_users_stays_small`: 10,000 users with 100 failing is about
//! 60 KB (the whole result 6 MB); with all 10,000 failing, about 560 KB (of 10 MB).
//!
//! Logins are personal data: they are here because the admin asked for them, and never logged.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::done_for::DoneFor;
use crate::findings::Status;
use crate::reconcile::{Reconciliation, MAX_LOGINS};

/// The most users not in sync kept in a saved check (failing ones first).
pub const MAX_SAVED_USERS: usize = 1_000;

/// The last "Check real users" of a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SavedUsersCheck {
    /// When it finished, seconds since the Unix epoch.
    #[ts(type = "number")]
    pub at_unix: u64,
    /// Against the practice Okta and the practice tenant, not the admin's org and Loopio.
    pub practice: bool,
    /// The domain, environment and app variable it ran for: it is old once they differ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub ran_for: Option<DoneFor>,
    /// The result, with the users in sync left out of `users` (they are in `counts`).
    pub reconciliation: Reconciliation,
    /// How many users in sync were left out of `reconciliation.users`.
    #[serde(default)]
    #[ts(type = "number")]
    pub in_sync_not_kept: u64,
    /// How many users not in sync were left out beyond [`MAX_SAVED_USERS`] (counted only).
    #[serde(default)]
    #[ts(type = "number")]
    pub others_not_kept: u64,
}

impl SavedUsersCheck {
    /// The record to keep of a finished check (see the module's notes on size).
    pub fn new(at_unix: u64, practice: bool, mut reconciliation: Reconciliation) -> Self {
        let before = reconciliation.users.len();
        reconciliation.users.retain(|u| u.status != Status::Pass);
        let in_sync_not_kept = (before - reconciliation.users.len()) as u64;
        // Failing first, then warned, then unchecked: what the admin acts on first is kept.
        reconciliation
            .users
            .sort_by_key(|u| std::cmp::Reverse(u.status));
        let others_not_kept = reconciliation.users.len().saturating_sub(MAX_SAVED_USERS) as u64;
        reconciliation.users.truncate(MAX_SAVED_USERS);
        for g in &mut reconciliation.causes {
            g.logins.truncate(MAX_LOGINS);
        }
        let causes = &reconciliation.causes;
        for u in &mut reconciliation.users {
            // What Okta had is in the state, what was seen and the events.
            u.okta = None;
            let group = causes
                .iter()
                .find(|g| Some(g.cause.as_str()) == u.cause.as_deref());
            if let Some(g) = group {
                if g.remedy == u.remedy && g.location == u.location {
                    u.remedy.clear();
                    u.location.clear();
                }
            }
        }
        SavedUsersCheck {
            at_unix,
            practice,
            ran_for: None,
            reconciliation,
            in_sync_not_kept,
            others_not_kept,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::{reconcile, Context, Inputs, LogEvent, LoopioUser, OktaUser};

    const N: usize = 10_000;

    fn okta(i: usize, roles: &str) -> OktaUser {
        OktaUser {
            id: format!("00u{i:017}"),
            login: format!("first.last{i}@acme-corporation.example"),
            status: "PROVISIONED".into(),
            sync_state: "SYNCHRONIZED".into(),
            external_id: format!("5f1c2d3e-0000-4000-8000-{i:012}"),
            user_name: format!("first.last{i}@acme-corporation.example"),
            roles: vec![roles.into()],
            scope: "GROUP".into(),
            ..Default::default()
        }
    }

    fn loopio(i: usize) -> LoopioUser {
        LoopioUser {
            id: format!("5f1c2d3e-0000-4000-8000-{i:012}"),
            user_name: format!("first.last{i}@acme-corporation.example"),
            active: true,
            roles: vec!["Contributor".into()],
            ..Default::default()
        }
    }

    /// 10,000 users, the first `failing` of them with a failed push (an event each) or roles
    /// that differ, the rest in sync.
    fn check(failing: usize) -> Reconciliation {
        let okta = (0..N)
            .map(|i| {
                let mut u = okta(i, if i < failing { "Admin" } else { "Contributor" });
                if i < failing && i % 2 == 0 {
                    u.sync_state = "ERROR".into();
                }
                u
            })
            .collect();
        let events = (0..failing)
            .step_by(2)
            .map(|i| LogEvent {
                published: "2026-11-30T05:00:00.000Z".into(),
                event_type: "app.user_management.push_profile_failure".into(),
                result: "FAILURE".into(),
                reason: "Automatic provisioning of user to app failed: Error while trying to update: 400 Bad Request".into(),
                okta_user_id: format!("00u{i:017}"),
                login: String::new(),
            })
            .collect();
        let inputs = Inputs {
            okta,
            okta_read: true,
            loopio: (0..N).map(loopio).collect(),
            loopio_read: true,
            loopio_complete: true,
            events,
            context: Context {
                update_attributes: Some(true),
                app_label: "Loopio".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        reconcile(&inputs, Vec::new(), false, 0)
    }

    fn size(r: &Reconciliation) -> (usize, usize) {
        let full = serde_json::to_string(r).unwrap().len();
        let saved = serde_json::to_string(&SavedUsersCheck::new(1, false, r.clone()))
            .unwrap()
            .len();
        (full, saved)
    }

    #[test]
    fn users_in_sync_are_counted_only_and_a_remedy_is_kept_once() {
        let r = check(3);
        let saved = SavedUsersCheck::new(1_795_000_000, true, r.clone());
        assert_eq!(saved.in_sync_not_kept, (N - 3) as u64);
        assert_eq!(saved.reconciliation.users.len(), 3);
        assert_eq!(
            saved.reconciliation.counts, r.counts,
            "the counts are whole"
        );
        assert_eq!(
            saved.reconciliation.causes, r.causes,
            "the causes are whole"
        );
        assert!(saved.practice);
        assert_eq!(saved.others_not_kept, 0);
        let u = &saved.reconciliation.users[0];
        assert!(u.remedy.is_empty() && u.location.is_empty(), "{u:?}");
        assert!(!u.login.is_empty() && u.loopio.is_some() && !u.events.is_empty());
        let json = serde_json::to_string(&saved).unwrap();
        let back: SavedUsersCheck = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }

    #[test]
    fn past_the_limit_failing_users_are_kept_first_and_the_rest_counted() {
        let mut r = check(MAX_SAVED_USERS + 20);
        // A warned user (made by hand in Loopio) sorted among the failing ones.
        let mut warned = r.users[0].clone();
        warned.status = Status::Warn;
        warned.login = "aaa.byhand@acme-corporation.example".into();
        r.users.insert(0, warned);
        let saved = SavedUsersCheck::new(1, false, r);
        let users = &saved.reconciliation.users;
        assert_eq!(users.len(), MAX_SAVED_USERS);
        assert!(users.iter().all(|u| u.status == Status::Fail));
        assert_eq!(saved.others_not_kept, 21);
        let roles = saved
            .reconciliation
            .causes
            .iter()
            .find(|c| c.cause == "drift.group_priority")
            .unwrap();
        assert_eq!(roles.logins.len(), MAX_LOGINS);
        assert_eq!(roles.count as usize, (MAX_SAVED_USERS + 20) / 2);
        // The report still says how many more there are.
        let summary = crate::reconcile::summary(&saved.reconciliation);
        let line = summary
            .causes
            .iter()
            .find(|c| c.cause == "drift.group_priority")
            .and_then(|c| c.users_line())
            .unwrap();
        assert!(line.ends_with(", and 460 more."), "{line}");
    }

    #[test]
    fn a_saved_check_of_ten_thousand_users_stays_small() {
        // Mostly in sync, as after a good go-live: a few kilobytes, not megabytes.
        let (full, saved) = size(&check(100));
        assert!(full > 4_000_000, "the whole result: {full} bytes");
        assert!(saved < 100_000, "saved: {saved} bytes of {full}");
        // Every user failing (a revoked token, Update User Attributes off for everyone).
        let (full, saved) = size(&check(N));
        assert!(saved < 700_000, "saved: {saved} bytes of {full}");
    }

    #[test]
    fn it_is_kept_in_progress_and_old_once_the_values_differ() {
        use crate::setup::progress::Progress;
        use crate::setup::{plan, PlanInput};
        // Saves without it still load; one saved before `ran_for` is for the values saved.
        let old: Progress = serde_json::from_str(r#"{"domain": "acme.loopio.com"}"#).unwrap();
        assert!(old.last_users_check.is_none());
        assert!(!serde_json::to_string(&old)
            .unwrap()
            .contains("last_users_check"));
        let mut p = Progress {
            domain: "acme.loopio.com".into(),
            last_users_check: Some(SavedUsersCheck::new(1, true, check(1))),
            ..Default::default()
        };
        p.record_missing_values();
        let saved = p.last_users_check.as_ref().unwrap();
        assert_eq!(saved.ran_for.as_ref().unwrap().domain, "acme.loopio.com");
        assert_eq!(
            plan(&PlanInput::from_progress(&p)).last_users_check_for_other,
            None
        );
        p.domain = "globex.loopio.com".into();
        assert_eq!(
            plan(&PlanInput::from_progress(&p))
                .last_users_check_for_other
                .as_deref(),
            Some("This check of real users ran for acme.loopio.com, not for globex.loopio.com. Check again.")
        );
        p.app_variable = "loopio_2".into();
        p.domain = "acme.loopio.com".into();
        let note = plan(&PlanInput::from_progress(&p)).last_users_check_for_other;
        assert!(
            note.unwrap().contains("app loopio_2"),
            "the app matters too"
        );
    }
}
