//! The two ways through the Okta steps, and what Okta's answers say about each step.
//!
//! By hand, the admin enters every value in Okta and ticks each step; the Okta check verifies it
//! all at the end. With the assistant, it connects to Okta once, creates and fixes the app
//! through Okta's API after the admin confirms each plan, and the steps Okta's API can read are
//! done only when the last read-back of the app says so: the admin never ticks them. This module
//! is the one place that says which read-back findings belong to which step, and what they say.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::done_for::{self, Depends, DoneFor};
use super::okta_check::SavedOktaCheck;
use super::wizard::StepId;
use crate::findings::Status;

/// How the admin sets up the Okta app: chosen at the first step, and again at "Create the SAML
/// app". Saved with the progress; none chosen yet is the manual way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SetupWay {
    /// "I'll enter the values in Okta myself": every step ticked by the admin.
    Manual,
    /// "The assistant sets up the Okta app for me": through Okta's API, ticks from Okta's answers.
    Assistant,
}

/// The way in words, for the setup report.
pub fn way_words(way: Option<SetupWay>) -> &'static str {
    match way {
        Some(SetupWay::Assistant) => "by the assistant, through Okta's API: each step Okta's API can read is done only when Okta's answer for today's values says so",
        Some(SetupWay::Manual) => "by hand: each step ticked by the admin once done in Okta",
        None => "by hand (no way chosen): each step ticked by the admin once done in Okta",
    }
}

/// The read-back findings that decide a step in the assistant's way, in the order the read-back
/// makes them. Empty for a step Okta's API cannot read (the Integration screen, Loopio's own
/// settings, the tests).
pub fn step_codes(step: StepId) -> &'static [&'static str] {
    match step {
        StepId::CreateApp => &[
            "okta.app.not_found",
            "okta.app.not_saml",
            "okta.app.inactive",
        ],
        StepId::ConfigureSaml => &[
            "okta.saml.sso_url",
            "okta.saml.audience",
            "okta.saml.relay_state",
            "okta.saml.name_id_format",
            "okta.saml.username",
            "okta.saml.username_update",
        ],
        StepId::EnableScim => &["okta.provisioning.scim"],
        StepId::ProvisioningToApp => &[
            "okta.provisioning.create_users",
            "okta.provisioning.update_attributes",
            "okta.provisioning.deactivate_users",
        ],
        StepId::ProfileEditorRoles => &[
            "okta.roles.missing",
            "okta.roles.variable_name",
            "okta.roles.type",
            "okta.roles.external_name",
            "okta.roles.namespace",
            "okta.roles.group_priority",
        ],
        StepId::MapRoles => &[
            "okta.roles.value",
            "okta.roles.mapping_override",
            "okta.roles.plan_drift",
            "okta.roles.unassigned_users",
        ],
        _ => &[],
    }
}

/// Whether Okta's answers decide `step` in `way` (instead of the admin's tick).
pub fn decided_by_okta(step: StepId, way: Option<SetupWay>) -> bool {
    way == Some(SetupWay::Assistant) && !step_codes(step).is_empty()
}

/// What the last read-back says about one step, as the step shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct OktaSays {
    /// The worst of the step's findings (a skipped one counts as a pass).
    pub status: Status,
    /// One sentence: whose answer (the admin's org or the practice Okta) and what it means.
    pub text: String,
    /// The answer came from the practice Okta on this computer: it never completes a step.
    pub practice: bool,
    /// When Okta answered, seconds since the Unix epoch.
    #[ts(type = "number")]
    pub at_unix: u64,
    /// Whether it completes the step: the admin's own org, and nothing failing.
    pub completes: bool,
}

/// What the last read-back says about `step`, when it read Okta for today's values. `None`
/// when there is no such read-back, when it did not reach Okta (a network failure says nothing
/// about the app), or when it says nothing about this step (no app found yet, for a step after
/// "Create the SAML app").
pub fn okta_says(step: StepId, check: Option<&SavedOktaCheck>, now: &DoneFor) -> Option<OktaSays> {
    let codes = step_codes(step);
    let check = check?;
    if codes.is_empty()
        || !check.reached
        || !done_for::still_holds(check.ran_for.as_ref(), now, Depends::AlsoTheApp)
    {
        return None;
    }
    let who = if check.practice {
        "The practice Okta"
    } else {
        "Okta"
    };
    let app_found = !check.app_id.is_empty();
    let status = if app_found {
        let mine: Vec<Status> = check
            .findings
            .iter()
            .filter(|f| codes.contains(&f.code.as_str()))
            .map(|f| f.status)
            .collect();
        if mine.is_empty() && step != StepId::CreateApp {
            return None;
        }
        Status::verdict(mine)
    } else if step == StepId::CreateApp && check.offers_create {
        Status::Fail
    } else {
        return None;
    };
    let failing = |s: Status| {
        check
            .findings
            .iter()
            .filter(|f| f.status == s && codes.contains(&f.code.as_str()))
            .count()
    };
    let what = match (step, status) {
        (StepId::CreateApp, Status::Fail) if !app_found => format!(
            "{who} has no app labelled {} yet: create it below, after reading the plan.",
            quoted(searched_label(check))
        ),
        (StepId::CreateApp, Status::Fail) => format!(
            "{who} has the app {}, but it cannot be used as it is: see below.",
            quoted(&check.app_label)
        ),
        (_, Status::Fail) => format!(
            "{who} differs from Loopio's guide here in {}: see below.",
            places(failing(Status::Fail))
        ),
        (_, Status::Warn) => format!(
            "{who} has what this step needs, with {} to read below.",
            plural(failing(Status::Warn), "warning")
        ),
        (StepId::CreateApp, _) => format!(
            "{who} has the app {} (id {}).",
            quoted(&check.app_label),
            check.app_id
        ),
        _ => format!("{who} has what Loopio's guide needs here."),
    };
    let text = if check.practice && step == StepId::MapRoles {
        format!("{what} The practice Okta gives its own example groups' roles and is not compared with your roles plan; practice answers never complete your own setup.")
    } else if check.practice {
        format!("{what} Practice answers never complete your own setup.")
    } else {
        what
    };
    Some(OktaSays {
        status,
        text,
        practice: check.practice,
        at_unix: check.at_unix,
        completes: !check.practice && status != Status::Fail,
    })
}

/// The label the check looked for: the app's when found, else the one Okta had no app for.
fn searched_label(check: &SavedOktaCheck) -> &str {
    if !check.app_label.is_empty() {
        return &check.app_label;
    }
    check
        .findings
        .iter()
        .find(|f| f.code == "okta.app.not_found")
        .and_then(|f| f.expected.as_deref())
        .unwrap_or("Loopio")
}

fn quoted(label: &str) -> String {
    format!("\u{201c}{label}\u{201d}")
}

fn places(n: usize) -> String {
    plural(n, "place")
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// What the step asks in the assistant's way, where it differs from the manual way's.
pub fn assistant_instructions(step: StepId) -> Option<Vec<String>> {
    let lines: &[&str] = match step {
        StepId::CreateApp => &[
            "Connect the assistant to your Okta org once: its address and an API token of an administrator who can create apps (or a service app granted the .manage scopes). Check it: one read shows whether the credential works and whether the app exists.",
            "When Okta has no app with the label below, click Create the app in Okta: you see every request first, and nothing is sent until you confirm.",
            "This step is done when Okta's answer shows the app, not when you tick it.",
        ],
        StepId::ConfigureSaml => &[
            "The assistant created the app with these SAML settings. Okta's answer below says whether the app has them now.",
            "If something differs, Fix these in Okta for me shows the requests that correct it; nothing is sent until you confirm.",
        ],
        StepId::EnableScim => &[
            "Okta has no API for this switch: on your new app's page, open the General tab; in App Settings click Edit, tick Enable SCIM provisioning and click Save.",
            "Then click Check again: the step is done when Okta's answer shows provisioning enabled.",
        ],
        StepId::ProvisioningToApp => &[
            "Okta has no API for these switches: open Provisioning > To App, click Edit, enable Create Users (and Update User Attributes when you map roles), and the optional settings you want, then click Save.",
            "Then click Check again: the step is done when Okta's answer shows them on.",
        ],
        StepId::ProfileEditorRoles => &[
            "The assistant adds the roles attribute to your app's profile through Okta's API (a plan you confirm). Okta's answer below says whether the app's profile has it as Loopio's guide needs.",
            "Okta shows the External Namespace field only once SCIM provisioning is enabled: enable it first.",
        ],
        StepId::MapRoles => &[
            "List Loopio's role names below (discover them from Loopio, or add them by hand) and choose how roles are given: the same role for everyone, or one role per Okta group.",
            "Then click Check again: Okta's answer compares Okta's roles with your plan, and Fix these in Okta for me sends what differs (you see every request first).",
        ],
        _ => return None,
    };
    Some(lines.iter().map(|l| l.to_string()).collect())
}

/// What completes a step decided by Okta's answers (there is no tick).
pub const COMPLETED_BY_OKTA: &str = "In the assistant's way, Okta's answer completes this step, not a tick: after a change in Okta, click Check again. Answers from the practice Okta never complete it.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setup::okta_check::OktaFinding;
    use crate::setup::Environment;

    fn now() -> DoneFor {
        DoneFor::new("acme.loopio.com", Environment::Production, "acme_loopio_1")
    }

    fn check(practice: bool, app: bool, findings: Vec<OktaFinding>) -> SavedOktaCheck {
        let verdict = Status::verdict(findings.iter().map(|f| f.status));
        let app = app.then(|| ("0oa1".to_string(), "Loopio".to_string()));
        let mut c = SavedOktaCheck::new(
            100,
            "https://acme.okta.com",
            practice,
            app,
            verdict,
            findings,
            None,
        );
        c.ran_for = Some(now());
        c
    }

    fn f(code: &str, status: Status) -> OktaFinding {
        OktaFinding::new(code, status, code)
    }

    #[test]
    fn every_code_named_for_a_step_is_a_known_code_and_belongs_to_one_step() {
        let mut seen = std::collections::BTreeSet::new();
        for step in StepId::ALL {
            for code in step_codes(step) {
                assert!(
                    crate::codes::find(code).is_some(),
                    "{code} is not a known code"
                );
                assert!(seen.insert(*code), "{code} is listed for two steps");
            }
        }
        assert!(seen.len() >= 20, "{seen:?}");
    }

    #[test]
    fn only_the_assistants_way_lets_okta_decide_and_only_for_steps_it_can_read() {
        assert!(decided_by_okta(
            StepId::ConfigureSaml,
            Some(SetupWay::Assistant)
        ));
        assert!(!decided_by_okta(
            StepId::ConfigureSaml,
            Some(SetupWay::Manual)
        ));
        assert!(!decided_by_okta(StepId::ConfigureSaml, None));
        for no_api in [
            StepId::ProvisioningIntegration,
            StepId::LoopioSso,
            StepId::ConnectionTest,
        ] {
            assert!(
                !decided_by_okta(no_api, Some(SetupWay::Assistant)),
                "{no_api:?}"
            );
        }
    }

    #[test]
    fn a_step_follows_its_own_findings_only() {
        let c = check(
            false,
            true,
            vec![
                f("okta.saml.audience", Status::Fail),
                f("okta.saml.sso_url", Status::Pass),
                f("okta.provisioning.scim", Status::Pass),
                f("okta.roles.value", Status::Warn),
            ],
        );
        let saml = okta_says(StepId::ConfigureSaml, Some(&c), &now()).unwrap();
        assert_eq!(saml.status, Status::Fail);
        assert!(!saml.completes);
        assert!(saml.text.contains("in 1 place"), "{}", saml.text);
        let scim = okta_says(StepId::EnableScim, Some(&c), &now()).unwrap();
        assert!(scim.completes && scim.status == Status::Pass, "{scim:?}");
        let roles = okta_says(StepId::MapRoles, Some(&c), &now()).unwrap();
        assert!(roles.completes && roles.status == Status::Warn, "{roles:?}");
        assert!(roles.text.contains("1 warning"), "{}", roles.text);
        let app = okta_says(StepId::CreateApp, Some(&c), &now()).unwrap();
        assert!(app.completes && app.text.contains("0oa1"), "{app:?}");
        // Nothing read for the roles attribute: Okta said nothing about that step.
        assert!(okta_says(StepId::ProfileEditorRoles, Some(&c), &now()).is_none());
    }

    #[test]
    fn no_app_yet_fails_create_app_and_says_nothing_about_the_later_steps() {
        let missing = f("okta.app.not_found", Status::Fail).expected("Loopio Sandbox");
        let c = check(false, false, vec![missing]);
        assert!(c.offers_create);
        let create = okta_says(StepId::CreateApp, Some(&c), &now()).unwrap();
        assert_eq!(create.status, Status::Fail);
        assert!(
            create
                .text
                .contains("no app labelled \u{201c}Loopio Sandbox\u{201d}"),
            "{}",
            create.text
        );
        assert!(okta_says(StepId::ConfigureSaml, Some(&c), &now()).is_none());
    }

    #[test]
    fn practice_answers_show_but_never_complete() {
        let c = check(true, true, vec![f("okta.saml.audience", Status::Pass)]);
        let says = okta_says(StepId::ConfigureSaml, Some(&c), &now()).unwrap();
        assert!(says.practice && !says.completes && says.status == Status::Pass);
        assert!(says.text.starts_with("The practice Okta"), "{}", says.text);
        // Its roles are its own example groups': said, never a verdict on the admin's plan.
        let roles = check(true, true, vec![f("okta.roles.value", Status::Pass)]);
        let says = okta_says(StepId::MapRoles, Some(&roles), &now()).unwrap();
        assert!(
            says.text.contains("not compared with your roles plan"),
            "{}",
            says.text
        );
    }

    #[test]
    fn an_unreached_org_or_a_check_for_other_values_says_nothing() {
        let c = check(false, false, vec![f("network.dns", Status::Fail)]);
        assert!(!c.reached);
        assert!(okta_says(StepId::CreateApp, Some(&c), &now()).is_none());
        let ok = check(false, true, vec![f("okta.saml.audience", Status::Pass)]);
        let other = DoneFor::new(
            "globex.loopio.com",
            Environment::Production,
            "acme_loopio_1",
        );
        assert!(okta_says(StepId::ConfigureSaml, Some(&ok), &other).is_none());
        let other_app = DoneFor::new("acme.loopio.com", Environment::Production, "acme_loopio_2");
        assert!(okta_says(StepId::ConfigureSaml, Some(&ok), &other_app).is_none());
        assert!(okta_says(StepId::ConfigureSaml, None, &now()).is_none());
    }

    #[test]
    fn every_step_okta_decides_has_its_own_instructions() {
        for step in StepId::ALL {
            assert_eq!(
                assistant_instructions(step).is_some(),
                !step_codes(step).is_empty(),
                "{step:?}"
            );
        }
    }
}
