//! After go-live: Okta's assigned users and Loopio's SCIM users side by side, user by user.
//!
//! Pure: the network side (`loopio-scim-net`, `reconcile`) reads Okta's app users, the app's
//! provisioning failures in the System Log and Loopio's SCIM users into the input types here;
//! [`reconcile`] links them and gives every user one state, a cause and a remedy.
//!
//! - `classify`: a System Log event's cause (`push.conflict`, `push.auth`, ...), from its type
//!   and the reason Okta wrote.
//! - `link`: the linking (`externalId` == SCIM `id`; `userName` case-insensitively only to explain
//!   an unlinked pair) and the state of each user.
//! - `remedy`: what to do for each cause, in Okta's and Loopio's words, and where.
//! - `summary`: the setup report's "Users" section (failing logins only, at most 50 a cause).
//!
//! Privacy: logins are in the result because the admin asked for them; the callers log counts
//! and ids only.

mod classify;
mod link;
mod remedy;
mod summary;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::findings::Status;

pub use classify::{classify, is_failure};
pub use link::reconcile;
pub use remedy::{remedy, Remedy, CAUSES};
pub use summary::{report_lines, summary, CauseSummary, UsersSummary, MAX_LOGINS};

/// Every state a user can be in, in the order counts are listed.
pub const STATES: [&str; 10] = [
    "user.in_sync",
    "user.not_pushed",
    "user.push_failed",
    "user.missing_in_loopio",
    "user.roles_differ",
    "user.inactive_in_loopio",
    "user.username_differs",
    "user.unmanaged",
    "user.not_assigned",
    "user.unchecked",
];

/// Every cause a push failure's event is classified as.
pub const PUSH_CAUSES: [&str; 6] = [
    "push.conflict",
    "push.auth",
    "push.role_value",
    "push.not_found",
    "push.rate_limited",
    "push.other",
];

/// The status of a state: `pass` in sync, `warn` for the two states Okta will not fix by itself
/// but that do not break anyone's sign-in, `skip` when Loopio's side is unknown, else `fail`.
pub fn status_of(state: &str) -> Status {
    match state {
        "user.in_sync" => Status::Pass,
        "user.unmanaged" | "user.not_assigned" => Status::Warn,
        "user.unchecked" => Status::Skip,
        _ => Status::Fail,
    }
}

/// One assigned user as Okta's app users list shows it (`expand=user`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ReconcileOktaUser")]
pub struct OktaUser {
    /// The Okta user's id (`00u...`).
    #[serde(skip)]
    pub id: String,
    /// The Okta user's login (`_embedded.user.profile.login`); the app username without it.
    #[serde(skip)]
    pub login: String,
    /// The app user's `status` (PROVISIONED, STAGED, ...).
    pub status: String,
    /// `syncState` (SYNCHRONIZED, ERROR, ...); empty when Okta gave none.
    pub sync_state: String,
    /// The Loopio SCIM id Okta stored; empty until Okta created or matched the user.
    pub external_id: String,
    /// `credentials.userName`: what Okta sends as SCIM `userName`.
    pub user_name: String,
    /// The app profile's `<variable>_roles`.
    pub roles: Vec<String>,
    /// `USER` (assigned directly) or `GROUP`.
    pub scope: String,
    /// The user's group names, when they were read (`--user` only).
    pub groups: Vec<String>,
    /// `lastSync`, RFC 3339; empty when none.
    #[serde(skip)]
    pub last_sync: String,
}

/// One SCIM user as Loopio lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ReconcileLoopioUser")]
pub struct LoopioUser {
    pub id: String,
    pub user_name: String,
    pub active: bool,
    /// Role values (strings, or the `value` of RFC 7643 objects).
    pub roles: Vec<String>,
    /// `meta.lastModified`, RFC 3339; empty when the server gave none.
    #[serde(skip)]
    pub last_modified: String,
}

/// One System Log event about the app's provisioning.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LogEvent {
    pub published: String,
    pub event_type: String,
    /// `outcome.result` (SUCCESS, FAILURE, ...).
    pub result: String,
    /// `outcome.reason`, as Okta wrote it (or `displayMessage` when there is no reason).
    pub reason: String,
    /// The `User` target's id; empty for an event about the app itself.
    #[serde(skip)]
    pub okta_user_id: String,
    /// The `AppUser` (or `User`) target's `alternateId`, usually the login.
    #[serde(skip)]
    pub login: String,
}

/// A person looked up by `--user`: who Okta says they are and which groups they are in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LookedUp {
    /// As given on the command line.
    pub asked: String,
    /// The Okta user's id and login, when Okta has them.
    pub okta_user_id: Option<String>,
    pub login: Option<String>,
    /// Their group names.
    pub groups: Vec<String>,
}

/// What the app says about itself and the plan, for the likely cause of `roles_differ`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// Whether To App "Update User Attributes" is on (`PUSH_PROFILE_UPDATES`); `None` unknown.
    pub update_attributes: Option<bool>,
    /// Whether To App "Create Users" is on (`PUSH_NEW_USERS`); `None` unknown.
    pub create_users: Option<bool>,
    /// The app's label, for the Okta screens in remedies.
    pub app_label: String,
    /// The names of the groups assigned to the app (for `not_assigned`).
    pub assigned_groups: Vec<String>,
}

/// Everything read, for [`reconcile`].
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub okta: Vec<OktaUser>,
    /// False when Okta's side could not be read at all.
    pub okta_read: bool,
    pub loopio: Vec<LoopioUser>,
    /// False when Loopio's side could not be read at all.
    pub loopio_read: bool,
    /// False when not every Loopio page was read: a missing user may be on an unread page.
    pub loopio_complete: bool,
    pub events: Vec<LogEvent>,
    /// `--user`: only these people are reported, each looked up.
    pub only: Vec<LookedUp>,
    pub context: Context,
}

/// A failure to read one part, with its stable code (`okta.auth.forbidden`, `network.timeout`,
/// `reconcile.page_repeated`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReadProblem {
    pub code: String,
    /// `okta`, `okta_log`, `loopio` or `lookup`.
    pub part: String,
    pub status: Status,
    pub title: String,
    pub detail: String,
    pub remedy: String,
}

/// One user's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UserResult {
    pub state: String,
    pub status: Status,
    pub login: String,
    pub okta_user_id: Option<String>,
    pub loopio_id: Option<String>,
    pub okta: Option<OktaUser>,
    pub loopio: Option<LoopioUser>,
    /// `null` for a user in sync.
    pub cause: Option<String>,
    /// What to do, in Okta's and Loopio's words; empty in sync.
    pub remedy: String,
    /// Where it is done: an Okta screen, or Loopio's.
    #[serde(rename = "where")]
    pub location: String,
    /// What was seen, in a sentence (the unlinked pair, the roles on each side).
    pub detail: String,
    /// The user's provisioning failures, oldest first, each as Okta wrote it.
    pub events: Vec<LogEvent>,
}

/// The failing (and warned) users of one cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CauseGroup {
    pub cause: String,
    /// What the cause means, in words (the code table's meaning of `cause`).
    #[serde(default)]
    pub title: String,
    pub status: Status,
    #[ts(type = "number")]
    pub count: u64,
    pub remedy: String,
    #[serde(rename = "where")]
    pub location: String,
    pub logins: Vec<String>,
}

/// The whole reconciliation: `verdict` is `fail` when a user fails or a part could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Reconciliation {
    pub verdict: Status,
    /// Every state, with how many users are in it (zeros included: stable keys).
    #[ts(type = "Record<string, number>")]
    pub counts: BTreeMap<String, u64>,
    pub users: Vec<UserResult>,
    /// The failing and warned users grouped by cause, the largest group first.
    pub causes: Vec<CauseGroup>,
    /// True when not everything could be read: what was read is still reported.
    pub truncated: bool,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
    /// What could not be read, each with its code and remedy.
    pub problems: Vec<ReadProblem>,
}

impl Reconciliation {
    /// Users in failing states.
    pub fn failing(&self) -> u64 {
        self.users
            .iter()
            .filter(|u| u.status == Status::Fail)
            .count() as u64
    }

    /// Every text cleaned with `clean` (redaction before anything is shown or kept).
    pub fn cleaned(mut self, clean: impl Fn(&str) -> String) -> Reconciliation {
        for p in &mut self.problems {
            for t in [&mut p.title, &mut p.detail, &mut p.remedy] {
                *t = clean(t);
            }
        }
        for u in &mut self.users {
            for e in &mut u.events {
                e.reason = clean(&e.reason);
            }
        }
        self
    }
}

#[cfg(test)]
mod tests;
