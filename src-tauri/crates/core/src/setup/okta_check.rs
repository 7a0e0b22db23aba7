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
    pub findings: Vec<OktaFinding>,
    /// The IdP values for Loopio's SSO settings, when the app's SAML metadata was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub idp: Option<IdpValues>,
}

/// One thing the Okta read-back found. `code` is stable (`okta.saml.sso_url`,
/// `okta.auth.forbidden`, ...); `status` is `pass` when Okta has what the wizard generated. The
/// read-back makes them (`loopio-scim-net`), the check keeps them as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OktaFinding {
    /// `okta.saml.audience`, `okta.roles.value`, ...
    pub code: String,
    pub status: Status,
    pub title: String,
    /// What was seen, and why it matters.
    pub detail: String,
    /// What to do; empty when nothing needs doing.
    pub remedy: String,
    /// What Okta has, as its admin console shows it (`None` when not applicable).
    pub okta_has: Option<String>,
    /// What the wizard generated for this field.
    pub expected: Option<String>,
    /// Where it is in Okta: screen > section > field.
    #[serde(rename = "where")]
    pub location: String,
}

impl OktaFinding {
    pub fn new(code: &str, status: Status, title: impl Into<String>) -> OktaFinding {
        OktaFinding {
            code: code.into(),
            status,
            title: title.into(),
            detail: String::new(),
            remedy: String::new(),
            okta_has: None,
            expected: None,
            location: String::new(),
        }
    }

    pub fn status(mut self, status: Status) -> Self {
        self.status = status;
        self
    }

    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    pub fn remedy(mut self, remedy: impl Into<String>) -> Self {
        self.remedy = remedy.into();
        self
    }

    pub fn has(mut self, has: impl Into<String>) -> Self {
        self.okta_has = Some(has.into());
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn at(mut self, location: impl Into<String>) -> Self {
        self.location = location.into();
        self
    }

    /// Every text passed through `clean` (the read-back removes the tokens with it).
    pub fn cleaned(mut self, clean: impl Fn(&str) -> String) -> OktaFinding {
        for text in [
            &mut self.title,
            &mut self.detail,
            &mut self.remedy,
            &mut self.location,
        ] {
            *text = clean(text);
        }
        for text in [&mut self.okta_has, &mut self.expected]
            .into_iter()
            .flatten()
        {
            *text = clean(text);
        }
        self
    }
}

/// What Loopio's SSO settings need from the Okta app, read from its SAML metadata. `subject`
/// and `certificate_not_after` are `None` when the certificate could not be read as X.509;
/// `metadata_url` when it cannot be derived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IdpValues {
    /// The IdP's entity ID (the issuer of Okta's SAML responses).
    pub entity_id: String,
    /// Where Loopio sends users to sign in (the HTTP-POST SingleSignOnService location).
    pub sso_url: String,
    /// SHA-256 of the certificate's DER, colon-separated upper-case hex (as Okta shows it).
    pub certificate_sha256: String,
    /// The certificate's not-after date, RFC 3339.
    pub certificate_not_after: Option<String>,
    /// The certificate's subject, RFC 4514 style (`CN=..., O=...`).
    pub subject: Option<String>,
    /// The public metadata URL (no token needed), as the app's Sign On tab shows it.
    pub metadata_url: Option<String>,
    /// The signing certificate, PEM.
    pub certificate_pem: String,
}

impl IdpValues {
    /// The texts Okta chose passed through `clean` (the certificate's PEM and fingerprint are
    /// computed here, not Okta's words).
    pub fn cleaned(mut self, clean: impl Fn(&str) -> String) -> IdpValues {
        for text in [&mut self.entity_id, &mut self.sso_url] {
            *text = clean(text);
        }
        for text in [&mut self.subject, &mut self.metadata_url]
            .into_iter()
            .flatten()
        {
            *text = clean(text);
        }
        self
    }
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
            idp: None,
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
        let f = OktaFinding {
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
