//! Which Loopio SCIM API the Okta app talks to.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::findings::Report;

/// A Loopio SCIM environment. Serialised as `production` / `sandbox`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Environment {
    /// Loopio's production SCIM API.
    #[default]
    Production,
    /// Loopio's sandbox, INT01, available from Loopio Support on request.
    Sandbox,
}

impl Environment {
    pub const ALL: [Environment; 2] = [Environment::Production, Environment::Sandbox];

    /// The SCIM connector base URL, exactly as Okta wants it: no trailing slash.
    pub fn scim_base_url(self) -> &'static str {
        match self {
            Environment::Production => "https://api.loopio.com/scim/v2",
            Environment::Sandbox => "https://api.int01.loopio.com/scim/v2",
        }
    }

    /// Stable identifier, as used on the command line and in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Environment::Production => "production",
            Environment::Sandbox => "sandbox",
        }
    }

    /// The label the wizard tells the admin to give the Loopio app in Okta for this environment,
    /// and the label every check, change and practice Okta looks the app up by unless told
    /// otherwise. The one place it is decided.
    pub fn app_label(self) -> &'static str {
        match self {
            Environment::Production => "Loopio",
            Environment::Sandbox => "Loopio Sandbox",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Environment::Production => "Production",
            Environment::Sandbox => "Sandbox (INT01)",
        }
    }

    /// One line on what the environment is, for the window's choice.
    pub fn hint(self) -> &'static str {
        match self {
            Environment::Production => "Your live Loopio instance.",
            Environment::Sandbox => {
                "A test instance from Loopio Support. Set it up here first if you have one."
            }
        }
    }
}

/// Where the connection test points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum TestTargetKind {
    Production,
    Sandbox,
    /// The practice tenant built into the app, on this computer.
    Practice,
    /// An explicit base URL from the advanced options.
    Custom,
}

impl TestTargetKind {
    /// The targets the window offers for the connection test and the rehearsal (a custom URL
    /// is the advanced option, not a choice).
    pub const OFFERED: [TestTargetKind; 3] = [
        TestTargetKind::Production,
        TestTargetKind::Sandbox,
        TestTargetKind::Practice,
    ];

    /// The target's name, as the window's choice and the saved results say it.
    pub fn label(self) -> &'static str {
        match self {
            TestTargetKind::Production => Environment::Production.label(),
            TestTargetKind::Sandbox => Environment::Sandbox.label(),
            TestTargetKind::Practice => "Practice tenant",
            TestTargetKind::Custom => "A custom base URL",
        }
    }

    /// One line on what the target is, for the window's choice.
    pub fn hint(self) -> &'static str {
        match self {
            TestTargetKind::Production => "Loopio's live SCIM API.",
            TestTargetKind::Sandbox => "Loopio's sandbox SCIM API.",
            TestTargetKind::Practice => {
                "A simulated Loopio on this computer: try the flow with no Loopio access."
            }
            TestTargetKind::Custom => "The base URL given in the advanced options.",
        }
    }

    /// The Loopio environment this target is, if it is one.
    pub fn environment(self) -> Option<Environment> {
        match self {
            TestTargetKind::Production => Some(Environment::Production),
            TestTargetKind::Sandbox => Some(Environment::Sandbox),
            TestTargetKind::Practice | TestTargetKind::Custom => None,
        }
    }

    /// The verdict of a test against this target in one sentence, as the window, the CLI and the
    /// report say it. Only a test of Loopio's SCIM API speaks of Okta's result; the practice
    /// tenant and a custom URL say plainly that they are not Loopio.
    pub fn headline(self, report: &Report) -> String {
        use crate::findings::Status;
        let what = match self {
            TestTargetKind::Production | TestTargetKind::Sandbox => return report.headline_text(),
            TestTargetKind::Practice => "The practice tenant on this computer (not Loopio)",
            TestTargetKind::Custom => "The custom base URL (not Loopio's SCIM API)",
        };
        let outcome = match report.okta_connector_test {
            Status::Pass => {
                "answered the requests of Okta's Test Connector Configuration as Okta expects"
                    .to_string()
            }
            Status::Skip => format!(
                "could not be reached from this computer: {}",
                report.connector_problem()
            ),
            _ => format!(
                "failed the request of Okta's Test Connector Configuration: {}",
                report.connector_problem()
            ),
        };
        format!(
            "{what} {outcome}. This says nothing about whether Okta can connect to Loopio, and it \
             does not count as the step \"Test the token and connection\"."
        )
    }

    /// Whether a passing test against `base_url` aimed at this target shows that Okta can reach
    /// Loopio's SCIM API for `environment`: only a test of Loopio's own URL for that environment
    /// does. The practice tenant and custom URLs never do.
    pub fn counts_for(self, base_url: &str, environment: Environment) -> bool {
        self.environment() == Some(environment) && base_url == environment.scim_base_url()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_match_the_guide() {
        let cases = [
            (Environment::Production, "https://api.loopio.com/scim/v2"),
            (Environment::Sandbox, "https://api.int01.loopio.com/scim/v2"),
        ];
        for (env, url) in cases {
            assert_eq!(env.scim_base_url(), url);
            assert!(!env.scim_base_url().ends_with('/'));
            // The id is serde's: written once.
            assert_eq!(serde_json::to_value(env).unwrap(), env.id());
        }
        assert!(serde_json::from_str::<Environment>("\"staging\"").is_err());
    }

    #[test]
    fn serde_uses_the_stable_ids() {
        assert_eq!(
            serde_json::to_string(&Environment::Sandbox).unwrap(),
            "\"sandbox\""
        );
        let e: Environment = serde_json::from_str("\"production\"").unwrap();
        assert_eq!(e, Environment::Production);
    }
}

/// An environment as the window offers it: the core's label and hint, so the window has no
/// wording of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EnvironmentChoice {
    pub id: Environment,
    pub label: String,
    pub hint: String,
}

/// Every environment, in the order the window lists them.
pub fn choices() -> Vec<EnvironmentChoice> {
    Environment::ALL
        .into_iter()
        .map(|e| EnvironmentChoice {
            id: e,
            label: e.label().into(),
            hint: e.hint().into(),
        })
        .collect()
}
