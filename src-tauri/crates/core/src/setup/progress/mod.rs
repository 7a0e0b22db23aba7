//! What the wizard saves between runs: the admin's input, the ticked steps and where they were.
//! Never the token. Reading tolerates anything: a file that is not valid progress is set aside
//! (renamed, never deleted) and the wizard starts fresh, saying so.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::done_for::DoneFor;
pub use super::environment::TestTargetKind;
use super::roles::RolesPlan;
use super::{Environment, StepId};
use crate::findings::Report;

/// Saved progress. Unknown fields are ignored and missing ones take defaults, so older and newer
/// versions of the app can read each other's files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Progress {
    pub domain: String,
    pub environment: Environment,
    pub app_variable: String,
    /// Ticked step ids and checklist item ids.
    pub ticked: BTreeSet<String>,
    /// The values each step was ticked for (domain, environment, app variable): the tick counts
    /// only while they are today's. Saves from before it was recorded get today's values when
    /// read (see [`Progress::record_missing_values`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[ts(as = "Option<BTreeMap<String, DoneFor>>", optional)]
    pub ticked_for: BTreeMap<String, DoneFor>,
    pub current_step: StepId,
    /// Loopio role names: discovered from the SCIM endpoint or added by hand. Not secret.
    pub roles_known: Vec<String>,
    /// Of those, the names seen in Loopio (discovered from the SCIM endpoint): only these pass
    /// the roles check; a name added by hand is "not seen in Loopio yet". Not secret.
    pub roles_seen: Vec<String>,
    pub roles_plan: RolesPlan,
    /// The last connection test (already redacted: findings never hold the token).
    pub last_test: Option<SavedTest>,
    /// When the SCIM token was generated (YYYY-MM-DD), for the expiry reminder.
    pub token_generated_on: String,
    /// The admin asked to keep the token in the OS keychain (the token itself is never here).
    pub remember_token: bool,
    /// The last rehearsal of Okta's first push: verdict, steps, target and the test users it
    /// left behind (for the report). Absent until one has run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub last_rehearsal: Option<super::rehearsal::SavedRehearsal>,
    /// The last "Check your Okta app": when, which org and app, the verdict and what Okta had
    /// (never the Okta token). It alone decides whether that step is done. Absent until one
    /// has run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub last_okta_check: Option<super::okta_check::SavedOktaCheck>,
    /// The last "Check real users": when, against what, for which values, the counts, causes
    /// and every user not in sync (users in sync are counted only). Logins are here because
    /// the admin asked for them; never the tokens. Absent until one has run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub last_users_check: Option<super::users_check::SavedUsersCheck>,
    /// The changes the assistant made in Okta after the admin confirmed them, newest last, each
    /// with Okta's answers and its undo list.
    pub okta_changes: Vec<super::okta_apply::SavedOktaChange>,
    /// How the admin chose to set up the Okta app (by hand, or by the assistant through Okta's
    /// API); absent until chosen, which is the manual way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub way: Option<super::okta_steps::SetupWay>,
}

/// A connection test result kept for the setup report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SavedTest {
    /// Seconds since the Unix epoch.
    #[ts(type = "number")]
    pub at_unix: u64,
    pub base_url: String,
    pub report: Report,
    /// What the test was aimed at. Missing in saves from before it was recorded: then it is
    /// read from `base_url` (see [`SavedTest::target_kind`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub target: Option<TestTargetKind>,
    /// The domain and environment it ran for (recorded by [`Progress::record_test`]); it stops
    /// counting once they differ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub ran_for: Option<DoneFor>,
}

impl SavedTest {
    /// What the test was aimed at: as recorded, or for older saves, Loopio's environment whose
    /// URL it is, else a custom URL.
    pub fn target_kind(&self) -> TestTargetKind {
        self.target.unwrap_or_else(|| {
            Environment::ALL
                .into_iter()
                .find(|e| e.scim_base_url() == self.base_url)
                .map(|e| match e {
                    Environment::Production => TestTargetKind::Production,
                    Environment::Sandbox => TestTargetKind::Sandbox,
                })
                .unwrap_or(TestTargetKind::Custom)
        })
    }

    /// Whether this result completes "Test the token and connection" for `environment`: Okta's
    /// test will pass, and it ran against Loopio's own SCIM API for that environment. A pass
    /// against the practice tenant or a custom URL is never progress.
    pub fn counts_for(&self, environment: Environment) -> bool {
        self.report.okta_connector_test == crate::findings::Status::Pass
            && self.target_kind().counts_for(&self.base_url, environment)
    }
}

/// "Test the token and connection" is done by its result only (there is no tick): the last
/// saved test passed Okta's test against Loopio's own SCIM API for today's environment, and it
/// ran for today's domain and environment. A failure, a pass against the practice tenant, a
/// custom URL or the other environment, or a test for another domain is not done.
pub fn connection_test_done(last_test: Option<&SavedTest>, now: &DoneFor) -> bool {
    last_test.is_some_and(|t| {
        t.counts_for(now.environment)
            && super::done_for::still_holds(
                t.ran_for.as_ref(),
                now,
                super::done_for::Depends::DomainAndEnvironment,
            )
    })
}

impl Progress {
    /// Today's values: what a tick or result made now is for.
    pub fn values_now(&self) -> DoneFor {
        DoneFor::new(&self.domain, self.environment, &self.app_variable)
    }

    /// Whether "Test the token and connection" is done (see [`connection_test_done`]).
    pub fn connection_test_done(&self) -> bool {
        connection_test_done(self.last_test.as_ref(), &self.values_now())
    }

    /// Records a connection test, with today's domain and environment when it does not say
    /// what it ran for. Only the result decides the step (see [`connection_test_done`]); the
    /// test is kept for the report.
    pub fn record_test(&mut self, mut test: SavedTest) {
        if test.ran_for.is_none() {
            test.ran_for = Some(self.values_now());
        }
        self.last_test = Some(test);
    }

    /// Ticks or unticks step or checklist item `id`; a step's tick records today's values.
    pub fn tick(&mut self, id: &str, on: bool) {
        if on {
            self.ticked.insert(id.to_string());
            if StepId::ALL.iter().any(|s| s.id() == id) {
                self.ticked_for.insert(id.to_string(), self.values_now());
            }
        } else {
            self.ticked.remove(id);
            self.ticked_for.remove(id);
        }
    }

    /// Saves from before ticks and results recorded their values: each ticked step, the last
    /// test, rehearsal and Okta check are taken as done for the values saved with them (today's
    /// when the file is read), so they keep counting until the admin changes a value.
    pub fn record_missing_values(&mut self) {
        let now = self.values_now();
        let steps: Vec<String> = self
            .ticked
            .iter()
            .filter(|t| StepId::ALL.iter().any(|s| s.id() == t.as_str()))
            .filter(|t| !self.ticked_for.contains_key(t.as_str()))
            .cloned()
            .collect();
        for step in steps {
            self.ticked_for.insert(step, now.clone());
        }
        if let Some(t) = self.last_test.as_mut() {
            t.ran_for.get_or_insert_with(|| now.clone());
        }
        if let Some(r) = self.last_rehearsal.as_mut() {
            r.ran_for.get_or_insert_with(|| now.clone());
        }
        if let Some(c) = self.last_okta_check.as_mut() {
            c.ran_for.get_or_insert_with(|| now.clone());
            // Whether Okta was reached and what is offered, by today's rule.
            c.decide();
        }
        if let Some(c) = self.last_users_check.as_mut() {
            c.ran_for.get_or_insert_with(|| now.clone());
        }
    }
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            domain: String::new(),
            environment: Environment::Production,
            app_variable: String::new(),
            ticked: BTreeSet::new(),
            ticked_for: BTreeMap::new(),
            current_step: StepId::Prerequisites,
            roles_known: Vec::new(),
            roles_seen: Vec::new(),
            roles_plan: RolesPlan::default(),
            last_test: None,
            token_generated_on: String::new(),
            remember_token: false,
            last_rehearsal: None,
            last_okta_check: None,
            last_users_check: None,
            okta_changes: Vec::new(),
            way: None,
        }
    }
}

mod store;
#[cfg(test)]
mod tests;

pub use store::*;
