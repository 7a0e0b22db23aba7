//! What a tick or a result was for. A step ticked, a connection test, a rehearsal or an Okta
//! check is true for the values it was given (the instance domain, the environment and, where
//! it matters, the Okta app variable), not for whatever the admin types later. Each records
//! them here, and counts only while they are still today's values; otherwise it says what it
//! was for ("done for acme.loopio.com, not for globex.loopio.com").

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::domain::InstanceDomain;
use super::environment::Environment;

/// The values a tick or a result was for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DoneFor {
    /// The instance domain, normalised (`acme.loopio.com`); as typed (trimmed) when it did not
    /// parse.
    pub domain: String,
    pub environment: Environment,
    /// The Okta app variable name, trimmed (may be empty).
    #[serde(default)]
    pub app_variable: String,
}

/// Which of the values a tick or result depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depends {
    /// The instance domain and the environment: everything set up for one Loopio instance.
    DomainAndEnvironment,
    /// Those and the Okta app variable (the roles attribute and the read-back of the app).
    AlsoTheApp,
}

impl DoneFor {
    /// Today's values, from what the admin typed.
    pub fn new(domain: &str, environment: Environment, app_variable: &str) -> DoneFor {
        let domain = InstanceDomain::parse(domain)
            .map(|d| d.host().to_string())
            .unwrap_or_else(|_| domain.trim().to_string());
        DoneFor {
            domain,
            environment,
            app_variable: app_variable.trim().to_string(),
        }
    }

    /// Whether what was done for these values is still true for `now`.
    pub fn holds_for(&self, now: &DoneFor, depends: Depends) -> bool {
        self.difference(now, depends).is_none()
    }

    /// What these values were and what they are now, naming only what differs:
    /// `("acme.loopio.com, Production", "globex.loopio.com, Sandbox (INT01)")`. `None` when
    /// nothing that matters differs.
    pub fn difference(&self, now: &DoneFor, depends: Depends) -> Option<(String, String)> {
        let mut then_words = Vec::new();
        let mut now_words = Vec::new();
        if self.domain != now.domain {
            then_words.push(domain_words(&self.domain));
            now_words.push(domain_words(&now.domain));
        }
        if self.environment != now.environment {
            then_words.push(self.environment.label().to_string());
            now_words.push(now.environment.label().to_string());
        }
        if depends == Depends::AlsoTheApp && self.app_variable != now.app_variable {
            then_words.push(app_words(&self.app_variable));
            now_words.push(app_words(&now.app_variable));
        }
        (!then_words.is_empty()).then(|| (then_words.join(", "), now_words.join(", ")))
    }

    /// "Done for acme.loopio.com, not for globex.loopio.com: check it again." for a ticked step
    /// whose values changed.
    pub fn step_note(&self, now: &DoneFor, depends: Depends) -> Option<String> {
        self.difference(now, depends)
            .map(|(then, now)| format!("Done for {then}, not for {now}: check it again."))
    }

    /// "This {what} ran for acme.loopio.com, not for globex.loopio.com. {again}" for a result
    /// whose values changed; it no longer counts.
    pub fn result_note(
        &self,
        now: &DoneFor,
        depends: Depends,
        what: &str,
        again: &str,
    ) -> Option<String> {
        self.difference(now, depends)
            .map(|(then, now)| format!("This {what} ran for {then}, not for {now}. {again}"))
    }
}

fn domain_words(domain: &str) -> String {
    if domain.is_empty() {
        "no domain".to_string()
    } else {
        domain.to_string()
    }
}

fn app_words(variable: &str) -> String {
    if variable.is_empty() {
        "no app variable".to_string()
    } else {
        format!("app {variable}")
    }
}

/// Whether a result recorded for `ran_for` still counts for `now`. A result saved before the
/// values were recorded counts (loading saved progress records today's values for it, see
/// `Progress::record_missing_values`).
pub fn still_holds(ran_for: Option<&DoneFor>, now: &DoneFor, depends: Depends) -> bool {
    ran_for.map_or(true, |f| f.holds_for(now, depends))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Environment::*;

    #[test]
    fn the_domain_is_compared_normalised() {
        let a = DoneFor::new("https://ACME.loopio.com/home", Production, " loopio_1 ");
        assert_eq!(a.domain, "acme.loopio.com");
        assert_eq!(a.app_variable, "loopio_1");
        let b = DoneFor::new("acme.loopio.com", Production, "loopio_1");
        assert!(a.holds_for(&b, Depends::AlsoTheApp));
        // Not valid: kept as typed, still compared.
        assert_eq!(DoneFor::new(" acme ", Production, "").domain, "acme");
    }

    #[test]
    fn a_change_of_domain_environment_or_app_is_named() {
        let then = DoneFor::new("acme.loopio.com", Production, "loopio_1");
        let domain = DoneFor::new("globex.loopio.com", Production, "loopio_1");
        assert_eq!(
            then.step_note(&domain, Depends::DomainAndEnvironment)
                .as_deref(),
            Some("Done for acme.loopio.com, not for globex.loopio.com: check it again.")
        );
        let both = DoneFor::new("globex.loopio.com", Sandbox, "loopio_1");
        assert_eq!(
            then.difference(&both, Depends::DomainAndEnvironment),
            Some((
                "acme.loopio.com, Production".to_string(),
                "globex.loopio.com, Sandbox (INT01)".to_string()
            ))
        );
        let app = DoneFor::new("acme.loopio.com", Production, "loopio_2");
        assert!(then.holds_for(&app, Depends::DomainAndEnvironment));
        assert!(!then.holds_for(&app, Depends::AlsoTheApp));
        let note = then
            .result_note(&app, Depends::AlsoTheApp, "check", "Check again.")
            .unwrap();
        assert_eq!(
            note,
            "This check ran for app loopio_1, not for app loopio_2. Check again."
        );
        assert!(still_holds(None, &app, Depends::AlsoTheApp));
        assert!(!still_holds(Some(&then), &app, Depends::AlsoTheApp));
    }
}
