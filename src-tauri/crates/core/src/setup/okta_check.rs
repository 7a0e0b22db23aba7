//! "Check your Okta app" as the wizard keeps it: the last read-back of the live Okta app (when,
//! which org and app, the verdict, and each finding with what Okta had, what was expected and
//! where it is), and whether it completes the step. The requests live in `loopio-scim-net`
//! (`okta`); this is the saved, redacted record. Never the Okta token.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::findings::{is_network_path, Status};

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
    /// The app's name in Okta (`acme_loopio_1`): the variable name the roles attribute's is
    /// made from. Empty when no app was found (or the check was saved by an older version).
    #[serde(default)]
    pub app_name: String,
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
    /// The domain, environment and app variable it compared Okta with: it stops counting once
    /// they differ from today's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub ran_for: Option<super::done_for::DoneFor>,
    /// Whether the read-back reached Okta. `false` when a failure on the way from this computer
    /// (DNS, refused, timeout, TLS, proxy: the connection test's rule,
    /// [`crate::findings::is_network_path`]) stopped it: nothing is then known about the app,
    /// no difference is counted and nothing is offered to fix or create.
    #[serde(default = "yes")]
    pub reached: bool,
    /// Whether to offer "Fix these in Okta for me": the app was read and something differs.
    #[serde(default)]
    pub offers_fix: bool,
    /// Whether to offer "Create the app in Okta": Okta answered that no app has the label.
    #[serde(default)]
    pub offers_create: bool,
}

fn yes() -> bool {
    true
}

/// The failure on the way to Okta that stopped a read-back, if one did (see
/// [`SavedOktaCheck::reached`]).
pub fn unreached(findings: &[OktaFinding]) -> Option<&OktaFinding> {
    findings
        .iter()
        .find(|f| f.status == Status::Fail && is_network_path(&f.code))
}

/// The OAuth scopes a service app is granted for the read-back: reading only.
pub const READ_SCOPES: [&str; 4] = [
    "okta.apps.read",
    "okta.schemas.read",
    "okta.groups.read",
    "okta.profileMappings.read",
];
/// The scopes `apply`'s writes need on top of [`READ_SCOPES`].
pub const MANAGE_SCOPES: [&str; 3] = [
    "okta.apps.manage",
    "okta.schemas.manage",
    "okta.profileMappings.manage",
];

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

/// What Loopio's SSO settings need from the Okta app, read from its SAML metadata; the
/// certificate is passed on as Okta sent it, never parsed. `certificate_not_after` is `None`
/// when Okta's key list gave no expiry for the active key; `metadata_url` when it cannot be
/// derived. (Checks saved by older versions may hold a `subject` too: it is ignored.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IdpValues {
    /// The IdP's entity ID (the issuer of Okta's SAML responses).
    pub entity_id: String,
    /// Where Loopio sends users to sign in (the HTTP-POST SingleSignOnService location).
    pub sso_url: String,
    /// SHA-256 of the certificate's DER, colon-separated upper-case hex (as Okta shows it).
    pub certificate_sha256: String,
    /// The certificate's not-after date, RFC 3339: the active key's `expiresAt` in Okta's key
    /// list (`GET /api/v1/apps/{id}/credentials/keys`).
    pub certificate_not_after: Option<String>,
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
        if let Some(url) = &mut self.metadata_url {
            *url = clean(url);
        }
        self
    }
}

impl SavedOktaCheck {
    /// The record of a read-back: the verdict's headline, whether Okta was reached and what the
    /// window may offer are decided here, from the findings.
    pub fn new(
        at_unix: u64,
        org: &str,
        practice: bool,
        app: Option<(String, String)>,
        verdict: Status,
        findings: Vec<OktaFinding>,
        idp: Option<IdpValues>,
    ) -> SavedOktaCheck {
        let (app_id, app_label) = app.unwrap_or_default();
        let mut check = SavedOktaCheck {
            at_unix,
            org: org.to_string(),
            practice,
            app_id,
            app_label,
            app_name: String::new(),
            verdict,
            headline: String::new(),
            findings,
            idp,
            ran_for: None,
            reached: true,
            offers_fix: false,
            offers_create: false,
        };
        check.decide();
        check
    }

    /// The record with the app's name in Okta.
    pub fn with_app_name(mut self, name: &str) -> SavedOktaCheck {
        self.app_name = name.to_string();
        self
    }

    /// Sets the headline, `reached` and the offers from the findings (also for checks saved by
    /// older versions, when progress is read).
    pub fn decide(&mut self) {
        let count = |s: Status| self.findings.iter().filter(|f| f.status == s).count();
        let unreached = unreached(&self.findings);
        self.reached = unreached.is_none();
        self.headline = match unreached {
            Some(f) => unreached_headline(self.practice, f),
            None => okta_check_headline(
                self.practice,
                self.verdict,
                count(Status::Fail),
                count(Status::Warn),
            ),
        };
        let app_found = !self.app_id.is_empty();
        let missing = self
            .findings
            .iter()
            .find(|f| f.code == "okta.app.not_found");
        self.offers_create = self.reached && !app_found && missing.is_some();
        self.offers_fix = self.reached && app_found && self.verdict != Status::Pass;
        // No app yet: the one thing to do is to create it, not "fix it in Okta".
        if let (true, Some(f)) = (self.offers_create, missing) {
            let who = if self.practice {
                "The practice Okta on this computer (not your Okta org)"
            } else {
                "Your Okta org"
            };
            let label = f.expected.as_deref().unwrap_or(&self.app_label);
            self.headline = format!(
                "{who} has no app labelled \u{201c}{label}\u{201d} yet: create it in Okta as the wizard's steps say, or let the assistant create it after showing you the plan. Then check again."
            );
        }
    }

    /// Whether this check completes "Check your Okta app": it read the admin's own Okta org
    /// (not the practice Okta) and nothing failed. Warnings are for the admin to read; they do
    /// not hold the setup back.
    pub fn counts(&self) -> bool {
        !self.practice && self.reached && !self.app_id.is_empty() && self.verdict != Status::Fail
    }
}

/// "Could not check your Okta app: <cause>. <what to do>" for a read-back stopped on the way:
/// no difference count, nothing about the app.
pub fn unreached_headline(practice: bool, failure: &OktaFinding) -> String {
    let what = if practice {
        "the practice Okta on this computer"
    } else {
        "your Okta app"
    };
    let cause = failure.title.trim_end_matches('.');
    let todo = if failure.remedy.is_empty() {
        "Check that this computer can reach the org (VPN, proxy, firewall, TLS inspection), then check again."
    } else {
        failure.remedy.as_str()
    };
    format!(
        "Could not check {what}: {}. Nothing is known about the app until Okta answers. {todo}",
        lower_first(cause)
    )
}

/// "The host ..." as "the host ..." for the middle of a sentence (an acronym such as "TLS"
/// stays).
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => first
            .to_lowercase()
            .chain(text[first.len_utf8()..].chars())
            .collect(),
        _ => text.to_string(),
    }
}

/// "Check your Okta app" is done when the last saved check counts (see
/// [`SavedOktaCheck::counts`]) and compared Okta with today's domain, environment and app
/// variable. A tick cannot stand in for it: the check is the proof.
pub fn okta_check_done(last: Option<&SavedOktaCheck>, now: &super::done_for::DoneFor) -> bool {
    last.is_some_and(|c| {
        c.counts()
            && super::done_for::still_holds(
                c.ran_for.as_ref(),
                now,
                super::done_for::Depends::AlsoTheApp,
            )
    })
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
            app_name: String::new(),
            verdict,
            headline: String::new(),
            findings: Vec::new(),
            idp: None,
            ran_for: Some(acme()),
            reached: true,
            offers_fix: false,
            offers_create: false,
        }
    }

    fn acme() -> super::super::done_for::DoneFor {
        super::super::done_for::DoneFor::new(
            "acme.loopio.com",
            super::super::Environment::Production,
            "loopio_1",
        )
    }

    #[test]
    fn only_a_check_of_the_admins_own_org_with_nothing_failing_completes_the_step() {
        let now = acme();
        assert!(!okta_check_done(None, &now));
        assert!(okta_check_done(Some(&check(false, Status::Pass)), &now));
        assert!(okta_check_done(Some(&check(false, Status::Warn)), &now));
        assert!(!okta_check_done(Some(&check(false, Status::Fail)), &now));
        assert!(
            !okta_check_done(Some(&check(true, Status::Pass)), &now),
            "practice is never progress"
        );
        let mut not_found = check(false, Status::Pass);
        not_found.app_id.clear();
        assert!(!okta_check_done(Some(&not_found), &now));
    }

    #[test]
    fn a_check_for_other_values_no_longer_completes_the_step() {
        use super::super::done_for::DoneFor;
        use super::super::Environment::*;
        let passed = check(false, Status::Pass);
        for now in [
            DoneFor::new("globex.loopio.com", Production, "loopio_1"),
            DoneFor::new("acme.loopio.com", Sandbox, "loopio_1"),
            DoneFor::new("acme.loopio.com", Production, "loopio_2"),
        ] {
            assert!(!okta_check_done(Some(&passed), &now), "{now:?}");
        }
        assert!(okta_check_done(
            Some(&passed),
            &DoneFor::new("https://ACME.loopio.com/home", Production, "loopio_1")
        ));
    }

    #[test]
    fn a_network_failure_is_never_a_finding_about_the_app() {
        for code in [
            "network.dns",
            "network.refused",
            "network.timeout",
            "network.proxy",
            "tls.untrusted",
        ] {
            let failure = OktaFinding::new(code, Status::Fail, "The host name does not resolve")
                .remedy("Check the org URL and this computer's DNS.");
            let c = SavedOktaCheck::new(
                1,
                "https://acme.okta.com",
                false,
                None,
                Status::Fail,
                vec![failure.clone()],
                None,
            );
            assert!(!c.reached, "{code}");
            assert!(!c.offers_fix && !c.offers_create, "{code}: a fix offered");
            assert!(!c.counts());
            assert_eq!(
                c.headline,
                "Could not check your Okta app: the host name does not resolve. Nothing is known about the app until Okta answers. Check the org URL and this computer's DNS."
            );
            assert!(!c.headline.contains("differs"), "{}", c.headline);
            // Even with an app read before a later request failed: no count, no offer.
            let app = Some(("0oa1".to_string(), "Loopio".to_string()));
            let c = SavedOktaCheck::new(1, "o", false, app, Status::Fail, vec![failure], None);
            assert!(!c.reached && !c.offers_fix && !c.counts());
        }
        // Okta answered: a missing app is offered to create, a differing one to fix.
        let missing = OktaFinding::new(
            "okta.app.not_found",
            Status::Fail,
            "No Okta app has this label",
        );
        let c = SavedOktaCheck::new(1, "o", true, None, Status::Fail, vec![missing], None);
        assert!(c.reached && c.offers_create && !c.offers_fix);
        assert!(
            c.headline.contains("no app labelled") && !c.headline.contains("fix it in Okta"),
            "{}",
            c.headline
        );
        let differs = OktaFinding::new("okta.saml.audience", Status::Fail, "Audience URI");
        let app = Some(("0oa1".to_string(), "Loopio".to_string()));
        let c = SavedOktaCheck::new(
            1,
            "o",
            false,
            app.clone(),
            Status::Fail,
            vec![differs],
            None,
        );
        assert!(c.reached && c.offers_fix && !c.offers_create);
        assert!(c
            .headline
            .contains("differs from what the wizard generated in 1 place"));
        let c = SavedOktaCheck::new(1, "o", false, app, Status::Pass, vec![], None);
        assert!(!c.offers_fix && !c.offers_create && c.counts());
        // A 401 is an answer, but says nothing to fix in the app.
        let refused = OktaFinding::new("okta.auth.rejected", Status::Fail, "The token was refused");
        let c = SavedOktaCheck::new(1, "o", false, None, Status::Fail, vec![refused], None);
        assert!(c.reached && !c.offers_fix && !c.offers_create);
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
