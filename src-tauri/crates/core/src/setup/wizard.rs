//! The wizard as data: its steps in the order the admin meets the Okta screens, what each asks the
//! admin to do, and what completes it. The UI renders this; it holds no step logic of its own.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The wizard's steps. Serialised in snake_case; these ids are stored in saved progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StepId {
    Prerequisites,
    Instance,
    CreateApp,
    ConfigureSaml,
    /// Added after the SAML settings (stored ids are never renamed): the IdP values for Loopio.
    LoopioSso,
    EnableScim,
    ProvisioningIntegration,
    ConnectionTest,
    ProvisioningToApp,
    ProfileEditorRoles,
    MapRoles,
    /// Added after the roles (stored ids are never renamed): the rehearsal with the planned roles.
    Rehearsal,
    OktaCheck,
    /// Added after the Okta check (stored ids are never renamed): Okta's users and Loopio's.
    CheckUsers,
    Done,
}

impl StepId {
    /// Every step, in wizard order.
    pub const ALL: [StepId; 15] = [
        StepId::Prerequisites,
        StepId::Instance,
        StepId::CreateApp,
        StepId::ConfigureSaml,
        StepId::LoopioSso,
        StepId::EnableScim,
        StepId::ProvisioningIntegration,
        StepId::ConnectionTest,
        StepId::ProvisioningToApp,
        StepId::ProfileEditorRoles,
        StepId::MapRoles,
        StepId::Rehearsal,
        StepId::OktaCheck,
        StepId::CheckUsers,
        StepId::Done,
    ];

    pub fn id(self) -> &'static str {
        match self {
            StepId::Prerequisites => "prerequisites",
            StepId::Instance => "instance",
            StepId::CreateApp => "create_app",
            StepId::ConfigureSaml => "configure_saml",
            StepId::LoopioSso => "loopio_sso",
            StepId::EnableScim => "enable_scim",
            StepId::ProvisioningIntegration => "provisioning_integration",
            StepId::ConnectionTest => "connection_test",
            StepId::ProvisioningToApp => "provisioning_to_app",
            StepId::ProfileEditorRoles => "profile_editor_roles",
            StepId::MapRoles => "map_roles",
            StepId::Rehearsal => "rehearsal",
            StepId::OktaCheck => "okta_check",
            StepId::CheckUsers => "check_users",
            StepId::Done => "done",
        }
    }
}

/// What marks a step complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Completion {
    /// Every checklist item is ticked.
    Checklist,
    /// The Loopio domain parses.
    ValidDomain,
    /// The admin ticks "I have done this in Okta".
    Ticked,
    /// The connection test passed against Loopio's own SCIM API for today's domain and
    /// environment (there is no tick: only the result completes it).
    TestResult,
    /// The last read-back of the admin's own Okta app found nothing failing (a tick cannot
    /// stand in for it, and the practice Okta never counts).
    OktaCheck,
    /// In the assistant's way: the last read-back of the admin's own Okta app shows what this
    /// step sets up (there is no tick; see `okta_steps`).
    OktaAnswer,
    /// Nothing to do (the summary).
    None,
    /// Offered, not required (the rehearsal): not counted, and never shown as done; its own
    /// result says how it went.
    Optional,
}

impl Completion {
    /// Whether a step completed this way counts in "3 of 10 done".
    pub fn counts(self) -> bool {
        !matches!(self, Completion::None | Completion::Optional)
    }
}

/// A checklist item (prerequisites).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CheckItem {
    /// Stable id, stored in progress when ticked.
    pub id: String,
    pub label: String,
    pub detail: String,
}

/// The static description of one step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StepInfo {
    pub id: StepId,
    pub title: String,
    /// Where in Okta (or Loopio) the admin works during this step.
    pub location: String,
    /// What to click, in order.
    pub instructions: Vec<String>,
    pub checklist: Vec<CheckItem>,
    pub completion: Completion,
    /// What the tick beside the step says, for a step completed by a tick.
    pub tick_label: String,
}

fn item(id: &str, label: &str, detail: &str) -> CheckItem {
    CheckItem {
        id: id.into(),
        label: label.into(),
        detail: detail.into(),
    }
}

fn lines(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The static description of `id`.
pub fn step_info(id: StepId) -> StepInfo {
    let mut info = StepInfo {
        id,
        title: String::new(),
        location: String::new(),
        instructions: Vec::new(),
        checklist: Vec::new(),
        completion: Completion::Ticked,
        tick_label: "I have done this in Okta".into(),
    };
    match id {
        StepId::Prerequisites => {
            info.title = "Before you start".into();
            info.location = "Loopio and Okta".into();
            info.instructions =
                lines(&["Tick each item once it is true. Every later step depends on them."]);
            info.checklist = vec![
                item("prerequisites.okta", "You manage users in Okta", "You need an Okta admin account that can create app integrations."),
                item("prerequisites.saml_sso", "You can change Loopio's single sign-on (SAML SSO) settings", "SCIM needs SAML SSO as Loopio's only login method. The values Loopio's SSO settings need come from the Okta app: the assistant shows them right after the SAML settings, at \"Loopio's SSO settings\". If you already use Okta SSO with Loopio, the SAML steps may already be done."),
                item("prerequisites.scim_enabled", "Loopio Support has switched SCIM on for your instance", "SCIM is on select subscription plans and Loopio Support enables it. Without it, the token is refused."),
                item("prerequisites.token", "You have generated a SCIM token", "Loopio: Admin > Integrations > SCIM > Generate Token. It is shown once and expires after one year; generating a new one deletes the old ones."),
            ];
            info.completion = Completion::Checklist;
        }
        StepId::Instance => {
            info.title = "Your Loopio instance".into();
            info.location = "This app".into();
            info.instructions = lines(&[
                "Type or paste your Loopio domain: the address you sign in to Loopio at. A whole URL from the browser is fine.",
                "Choose Production, or Sandbox (INT01) if Loopio Support gave you a sandbox to test with first.",
            ]);
            info.completion = Completion::ValidDomain;
        }
        StepId::CreateApp => {
            info.title = "Create the SAML app in Okta".into();
            info.location = "Okta Admin Console > Applications > Applications".into();
            info.instructions = lines(&[
                "In the Okta Admin Console, go to Applications > Applications and click Create App Integration.",
                "Select SAML 2.0 as the sign-in method and click Next.",
                "On General Settings, enter the app name and click Next.",
            ]);
        }
        StepId::ConfigureSaml => {
            info.title = "Configure SAML".into();
            info.location = "Create SAML Integration > Configure SAML > SAML Settings".into();
            info.instructions = lines(&[
                "Fill in SAML Settings with the values below.",
                "Fill out the Feedback page and click Finish.",
            ]);
        }
        StepId::LoopioSso => {
            info.title = "Loopio's SSO settings".into();
            info.location = "Loopio: single sign-on (SAML) settings".into();
            info.instructions = lines(&[
                "Loopio's single sign-on settings need your Okta app's identity provider values: its issuer (entity ID), its single sign-on URL and its signing certificate, or its metadata URL.",
                "Once the assistant has read your Okta app, they are below with copy buttons. Otherwise copy them in Okta: your Loopio app > Sign On tab > SAML 2.0 > View SAML setup instructions.",
                "Enter them in Loopio and make SAML SSO Loopio's only login method: SCIM needs it.",
            ]);
            info.tick_label = "I have entered these in Loopio".into();
        }
        StepId::EnableScim => {
            info.title = "Enable SCIM provisioning".into();
            info.location = "Your Loopio app > General".into();
            info.instructions = lines(&[
                "On your new app's page, open the General tab.",
                "In App Settings click Edit, tick Enable SCIM provisioning and click Save.",
            ]);
        }
        StepId::ProvisioningIntegration => {
            info.title = "Connect Okta to Loopio's SCIM API".into();
            info.location = "Your Loopio app > Provisioning > Integration".into();
            info.instructions = lines(&[
                "Open the Provisioning tab, then Integration, and click Edit.",
                "Fill in the form with the values below.",
                "Run the connection test in the next step before you click Test Connector Configuration and Save in Okta.",
            ]);
            info.tick_label =
                "I have filled in this form in Okta (I save it once the connection test passes)"
                    .into();
        }
        StepId::ConnectionTest => {
            info.title = "Test the token and connection".into();
            info.location = "This app, before Okta's Test Connector Configuration".into();
            info.instructions = lines(&[
                "Paste the SCIM token and run the test. It sends the same request as Okta's Test Connector Configuration, then the requests Okta makes later, and explains anything that fails.",
                "When it says Okta's test will pass, click Test Connector Configuration in Okta, then Save.",
                "Okta says \"Error authenticating: null\"? That is almost always a refused token (auth.rejected) or a wrong base URL (endpoint.not_found): this test tells which.",
                "No Loopio access yet? Choose Practice tenant to try the whole flow on this computer.",
            ]);
            info.completion = Completion::TestResult;
        }
        StepId::ProvisioningToApp => {
            info.title = "Choose what Okta does in Loopio".into();
            info.location = "Your Loopio app > Provisioning > To App".into();
            info.instructions = lines(&[
                "Open Provisioning > To App and click Edit.",
                "Enable Create Users, and the optional settings you want, then click Save.",
            ]);
        }
        StepId::ProfileEditorRoles => {
            info.title = "Add the roles attribute".into();
            info.location = "Directory > Profile Editor > your Loopio app".into();
            info.instructions = lines(&[
                "In Okta go to Directory > Profile Editor and open your Loopio app's profile.",
                "Copy the variable name shown under the app's name and paste it below.",
                "Click Add Attribute and fill in the values below, then Save.",
            ]);
        }
        StepId::MapRoles => {
            info.title = "Map Okta users to Loopio roles".into();
            info.location = "Your Loopio app > Provisioning > To App, or Assignments".into();
            info.instructions = lines(&[
                "Make sure Update User Attributes is enabled in Provisioning > To App, then click Show Unmapped Attributes.",
                "List Loopio's role names below: discover them from Loopio (the token from the connection test is used) or add them by hand. The value Okta sends must match a Loopio role name exactly, including case.",
                "Choose how roles are given: the same role for everyone, or one role per Okta group. Then follow the Okta steps the wizard writes for you.",
            ]);
        }
        StepId::Rehearsal => {
            info.title = "Rehearse Okta's first push".into();
            info.location =
                "This app, against the SCIM API chosen in \"Test the token and connection\"".into();
            info.instructions = lines(&[
                "Optional, before you assign users in Okta: send the requests Okta sends when it first provisions a user (create, read, update with the planned roles, deactivate), with the token and target of the connection test.",
                "It sends the roles planned in the previous step, as Okta will. Rehearse on the sandbox or the practice tenant where you can.",
            ]);
            info.completion = Completion::Optional;
        }
        StepId::OktaCheck => {
            info.title = "Check your Okta app".into();
            info.location = "This app, reading your Okta org (read-only)".into();
            info.instructions = lines(&[
                "Give your Okta org's address and how the assistant signs in: an API token (Okta: Security > API > Tokens; a Read-only Administrator's token is enough) or, better, a service app with read-only scopes. Neither the token nor the key is ever saved.",
                "Pick your Loopio app by its label (as Okta's Applications list shows it) or by its id. The check reads it back with GET requests only and changes nothing.",
                "Each Okta screen lists what Okta has, what the wizard generated and how to fix a difference. Fix them in Okta, or let the assistant do what Okta's API allows (you see every request first), then click Check again.",
                "The identity provider values it reads are also at \"Loopio's SSO settings\", for Loopio's single sign-on settings.",
                "No Okta access yet? Choose the practice Okta to try all of it on this computer.",
            ]);
            info.completion = Completion::OktaCheck;
        }
        StepId::CheckUsers => {
            info.title = "Check real users".into();
            info.location = "This app, reading your Okta org and Loopio (read-only)".into();
            info.instructions = lines(&[
                "Optional, once users are assigned in Okta: compare Okta's assigned users with Loopio's users, one by one. It signs in to Okta as \"Check your Okta app\" does and to Loopio with the token of \"Test the token and connection\", and sends GET requests only.",
                "The token needs okta.apps.read, okta.users.read, okta.groups.read and okta.logs.read to read the app's users and its failed pushes in the System Log.",
                "Failing users are grouped by cause, each with what to do and the Okta screen to do it on. Search for one person by login.",
                "No Okta access yet? With the practice Okta, the practice tenant has one user in every state.",
            ]);
            info.completion = Completion::Optional;
        }
        StepId::Done => {
            info.title = "Finished".into();
            info.location = "Okta > Assignments".into();
            info.instructions = lines(&[
                "Assign users or groups to the app in Okta (Assignments tab). Users assigned before provisioning was enabled need Provision User run for them.",
                "Check in Loopio that the first users arrived with the right roles.",
            ]);
            info.completion = Completion::None;
        }
    }
    info
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_in_okta_order_with_prerequisites_first() {
        assert_eq!(StepId::ALL[0], StepId::Prerequisites);
        assert_eq!(StepId::ALL[StepId::ALL.len() - 1], StepId::Done);
        // The order the guide walks through Okta.
        let pos = |s: StepId| StepId::ALL.iter().position(|x| *x == s).unwrap();
        // Loopio's order: its SSO settings right after the SAML settings are in Okta.
        assert_eq!(pos(StepId::LoopioSso), pos(StepId::ConfigureSaml) + 1);
        assert!(pos(StepId::LoopioSso) < pos(StepId::EnableScim));
        assert!(pos(StepId::EnableScim) < pos(StepId::ProvisioningIntegration));
        assert!(pos(StepId::ProvisioningIntegration) < pos(StepId::ProvisioningToApp));
        assert!(pos(StepId::ProvisioningToApp) < pos(StepId::ProfileEditorRoles));
        assert!(pos(StepId::ProfileEditorRoles) < pos(StepId::MapRoles));
        // The rehearsal comes after the roles, with the planned roles, then the final check.
        assert_eq!(pos(StepId::Rehearsal), pos(StepId::MapRoles) + 1);
        assert_eq!(pos(StepId::OktaCheck), pos(StepId::Rehearsal) + 1);
        // The real users are checked once the app is.
        assert_eq!(pos(StepId::CheckUsers), pos(StepId::OktaCheck) + 1);
        let mut sorted = StepId::ALL;
        sorted.sort();
        assert_eq!(sorted, StepId::ALL, "enum order and wizard order differ");
    }

    #[test]
    fn every_step_is_described_and_ids_match_serde() {
        for id in StepId::ALL {
            let info = step_info(id);
            assert!(!info.title.is_empty(), "{id:?}");
            assert!(!info.location.is_empty(), "{id:?}");
            assert!(!info.instructions.is_empty(), "{id:?}");
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(json, format!("\"{}\"", id.id()));
        }
    }

    #[test]
    fn progress_saved_before_the_loopio_sso_step_still_loads() {
        // Saved before "loopio_sso" existed: every stored id still means the same step, and the
        // new step is simply not done yet.
        let old = br#"{"progress": {"domain": "acme.loopio.com", "environment": "production",
            "current_step": "enable_scim", "ticked": ["create_app", "configure_saml", "enable_scim"]}}"#;
        let book = crate::setup::progress::parse_book(old).unwrap();
        let p = book.progress(crate::setup::progress::DEFAULT_PROFILE);
        assert_eq!(p.current_step, StepId::EnableScim);
        let plan = crate::setup::plan(&crate::setup::PlanInput::from_progress(&p));
        assert!(plan.done.contains(&StepId::ConfigureSaml));
        assert!(plan.done.contains(&StepId::EnableScim));
        assert!(plan.remaining.contains(&StepId::LoopioSso));
        let sso = step_info(StepId::LoopioSso);
        assert_eq!(sso.completion, Completion::Ticked);
        assert_eq!(sso.tick_label, "I have entered these in Loopio");
        assert!(sso.instructions.join(" ").contains("Sign On tab"));
    }

    #[test]
    fn the_prerequisites_cover_the_guide() {
        let info = step_info(StepId::Prerequisites);
        assert_eq!(info.completion, Completion::Checklist);
        let text: String = info
            .checklist
            .iter()
            .map(|c| format!("{} {} ", c.label, c.detail))
            .collect();
        for needle in [
            "Okta",
            "SAML SSO",
            "only login method",
            "Loopio Support",
            "SCIM token",
        ] {
            assert!(text.contains(needle), "missing {needle}");
        }
    }
}
