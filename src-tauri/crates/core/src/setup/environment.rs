//! Which Loopio SCIM API the Okta app talks to.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.id() == id)
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
            assert_eq!(Environment::from_id(env.id()), Some(env));
        }
        assert_eq!(Environment::from_id("staging"), None);
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
