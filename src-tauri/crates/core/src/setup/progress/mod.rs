//! What the wizard saves between runs: the admin's input, the ticked steps and where they were.
//! Never the token. Reading tolerates anything: a file that is not valid progress is set aside
//! (renamed, never deleted) and the wizard starts fresh, saying so.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
    pub current_step: StepId,
    /// Loopio role names: discovered from the SCIM endpoint or added by hand. Not secret.
    pub roles_known: Vec<String>,
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
    /// The changes the assistant made in Okta after the admin confirmed them, newest last, each
    /// with Okta's answers and its undo list.
    pub okta_changes: Vec<super::okta_apply::SavedOktaChange>,
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

/// "Test the token and connection" is done when ticked and not contradicted by the last saved
/// test (a failure, or a pass against the practice tenant, a custom URL or the other
/// environment).
pub fn connection_test_done(
    ticked: &BTreeSet<String>,
    last_test: Option<&SavedTest>,
    environment: Environment,
) -> bool {
    ticked.contains(StepId::ConnectionTest.id())
        && last_test.map_or(true, |t| t.counts_for(environment))
}

impl Progress {
    /// Whether "Test the token and connection" is done: ticked, and not contradicted by the last
    /// saved test (a failure, or a pass against the practice tenant, a custom URL or the other
    /// environment).
    pub fn connection_test_done(&self) -> bool {
        connection_test_done(&self.ticked, self.last_test.as_ref(), self.environment)
    }

    /// Records a connection test: kept for the report; a test that counts ticks "Test the token
    /// and connection", and one that shows Okta's test failing against this set-up's own Loopio
    /// SCIM API unticks it. A test of anything else (the practice tenant, a custom URL, the
    /// other environment) or one that never reached the server leaves the tick as it was.
    pub fn record_test(&mut self, test: SavedTest) {
        let step = StepId::ConnectionTest.id().to_string();
        let about_this_setup = test
            .target_kind()
            .counts_for(&test.base_url, self.environment);
        if test.counts_for(self.environment) {
            self.ticked.insert(step);
        } else if about_this_setup
            && test.report.okta_connector_test == crate::findings::Status::Fail
        {
            self.ticked.remove(&step);
        }
        self.last_test = Some(test);
    }
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            domain: String::new(),
            environment: Environment::Production,
            app_variable: String::new(),
            ticked: BTreeSet::new(),
            current_step: StepId::Prerequisites,
            roles_known: Vec::new(),
            roles_plan: RolesPlan::default(),
            last_test: None,
            token_generated_on: String::new(),
            remember_token: false,
            last_rehearsal: None,
            last_okta_check: None,
            okta_changes: Vec::new(),
        }
    }
}

mod store;
#[cfg(test)]
mod tests;

pub use store::*;
