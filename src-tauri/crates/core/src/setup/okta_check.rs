//! "Check your Okta app" as the wizard keeps it: the last read-back of the live Okta app (when,
//! which org and app, the verdict, and each finding with what Okta had, what was expected and
//! where it is), and whether it completes the step. The requests live in `loopio-scim-net`
//! (`okta`); this is the saved, redacted record. Never the Okta token.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::findings::Status;

/// The last Okta check, kept in [`super::progress::Progress::last_okta_check`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SavedOktaCheck {
    /// Seconds since the Unix epoch, when it finished.
    #[ts(type = "number")]
    pub at_unix: u64,
    /// The org's origin (`https://acme.okta.com`), the only place the token was sent.
    pub org: String,
    /// Whether it ran against the practice Okta on this computer (never progress).
    pub practice: bool,
    /// The app that was read; empty when none was found.
    pub app_id: String,
    pub app_label: String,
    /// `fail` if any finding failed, else `warn` if any warned, else `pass`.
    pub verdict: Status,
    /// The verdict in one sentence, as the window showed it.
    pub headline: String,
    /// Every finding, in the read-back's order (already redacted).
    pub findings: Vec<SavedOktaFinding>,
}

/// One finding of a saved Okta check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SavedOktaFinding {
    /// `okta.saml.audience`, `okta.roles.value`, ...
    pub code: String,
    pub status: Status,
    pub title: String,
    pub detail: String,
    /// What to do; empty when nothing needs doing.
    pub remedy: String,
    /// What Okta has, as its admin console shows it.
    pub okta_has: Option<String>,
    /// What the wizard generated for this field.
    pub expected: Option<String>,
    /// Where it is in Okta: screen > section > field.
    #[serde(rename = "where")]
    pub location: String,
}

impl SavedOktaCheck {
    /// Whether this check completes "Check your Okta app": it read the admin's own Okta org
    /// (not the practice Okta) and nothing failed. Warnings are for the admin to read; they do
    /// not hold the setup back.
    pub fn counts(&self) -> bool {
        !self.practice && !self.app_id.is_empty() && self.verdict != Status::Fail
    }
}

/// "Check your Okta app" is done when the last saved check counts (see
/// [`SavedOktaCheck::counts`]). A tick cannot stand in for it: the check is the proof.
pub fn okta_check_done(last: Option<&SavedOktaCheck>) -> bool {
    last.is_some_and(SavedOktaCheck::counts)
}

/// The verdict of a check in one sentence, for the window, the report and the CLI.
pub fn okta_check_headline(
    practice: bool,
    verdict: Status,
    failed: usize,
    warned: usize,
) -> String {
    let what = if practice {
        "The practice Okta on this computer (not your Okta org)"
    } else {
        "Your Okta app"
    };
    let outcome = match verdict {
        Status::Fail => format!(
            "differs from what the wizard generated in {failed} {}: fix {} in Okta, then check again",
            plural(failed, "place", "places"),
            plural(failed, "it", "them"),
        ),
        Status::Warn => format!(
            "matches what the wizard generated, with {warned} {} to read",
            plural(warned, "warning", "warnings"),
        ),
        Status::Pass | Status::Skip => "matches what the wizard generated".to_string(),
    };
    let note = if practice {
        " This says nothing about your own Okta org, and it does not count as the step \"Check your Okta app\"."
    } else {
        ""
    };
    format!("{what} {outcome}.{note}")
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(practice: bool, verdict: Status) -> SavedOktaCheck {
        SavedOktaCheck {
            at_unix: 1,
            org: "https://acme.okta.com".into(),
            practice,
            app_id: "0oa1".into(),
            app_label: "Loopio".into(),
            verdict,
            headline: String::new(),
            findings: Vec::new(),
        }
    }

    #[test]
    fn only_a_check_of_the_admins_own_org_with_nothing_failing_completes_the_step() {
        assert!(!okta_check_done(None));
        assert!(okta_check_done(Some(&check(false, Status::Pass))));
        assert!(okta_check_done(Some(&check(false, Status::Warn))));
        assert!(!okta_check_done(Some(&check(false, Status::Fail))));
        assert!(
            !okta_check_done(Some(&check(true, Status::Pass))),
            "practice is never progress"
        );
        let mut not_found = check(false, Status::Pass);
        not_found.app_id.clear();
        assert!(!okta_check_done(Some(&not_found)));
    }

    #[test]
    fn headlines_say_how_many_and_that_practice_is_not_okta() {
        let h = okta_check_headline(false, Status::Fail, 1, 0);
        assert!(h.contains("in 1 place: fix it"), "{h}");
        let h = okta_check_headline(false, Status::Fail, 3, 1);
        assert!(h.contains("in 3 places: fix them"), "{h}");
        assert_eq!(
            okta_check_headline(false, Status::Pass, 0, 0),
            "Your Okta app matches what the wizard generated."
        );
        let h = okta_check_headline(true, Status::Pass, 0, 0);
        assert!(
            h.contains("not your Okta org") && h.contains("does not count"),
            "{h}"
        );
    }

    #[test]
    fn the_where_field_keeps_okta_s_json_name() {
        let f = SavedOktaFinding {
            code: "okta.saml.audience".into(),
            status: Status::Fail,
            title: "t".into(),
            detail: String::new(),
            remedy: String::new(),
            okta_has: None,
            expected: None,
            location: "Applications".into(),
        };
        assert_eq!(serde_json::to_value(&f).unwrap()["where"], "Applications");
    }
}
