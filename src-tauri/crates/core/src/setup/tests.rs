//! The plan's tests: what the window, the CLI and the report read from it.

use super::*;

#[test]
fn the_plan_decides_what_the_window_only_shows() {
    // An empty domain blocks Next but shows no error yet; a bad one shows it.
    let mut input = PlanInput::default();
    let p = plan(&input);
    let instance = p
        .steps
        .iter()
        .find(|s| s.info.id == StepId::Instance)
        .unwrap();
    assert!(instance.blocked.is_some());
    assert!(p.domain_error.is_some() && p.domain_field_error.is_none());
    input.domain = "acme".into();
    assert!(plan(&input).domain_field_error.is_some());
    input.domain = "acme.loopio.com".into();
    let p = plan(&input);
    assert!(p.steps.iter().all(|s| s.blocked.is_none()));
    assert_eq!(p.remaining.len(), p.countable - p.done_count);
    assert!(!p.remaining.contains(&StepId::Instance));
    // The app variable already ending in _roles is taken as is, and said so.
    input.app_variable = "loopio_1_roles".into();
    let note = plan(&input).app_variable_note.unwrap();
    assert!(
        note.starts_with("loopio_1_roles already ends in _roles"),
        "{note}"
    );
    input.app_variable = "loopio_1".into();
    assert_eq!(plan(&input).app_variable_note, None);
    // Update User Attributes is required once the roles plan gives a role.
    assert!(plan(&input).required_for_roles.is_empty());
    input.roles_plan = RolesPlan::PerGroup {
        groups: vec![roles::GroupRole {
            group: "Admins".into(),
            role: " ".into(),
        }],
    };
    assert!(
        plan(&input).required_for_roles.is_empty(),
        "a blank role is no plan"
    );
    input.roles_plan = RolesPlan::SameForAll {
        role: "Admin".into(),
    };
    assert_eq!(
        plan(&input).required_for_roles,
        ["to_app.update_user_attributes"]
    );
    // The To App card itself says so, with why (the report prints these values).
    let update = |input: &PlanInput| {
        plan(input)
            .steps
            .iter()
            .flat_map(|s| s.values.clone())
            .find(|v| v.key == "to_app.update_user_attributes")
            .unwrap()
    };
    let v = update(&input);
    assert!(v.required);
    assert_eq!(v.note.as_deref(), Some(values::REQUIRED_FOR_ROLES_WHY));
    input.roles_plan = RolesPlan::default();
    assert!(!update(&input).required, "optional without roles");
}

#[test]
fn the_plan_says_which_steps_are_done_and_counts_them_once() {
    let mut input = PlanInput {
        domain: "acme.loopio.com".into(),
        ..Default::default()
    };
    let p = plan(&input);
    assert_eq!(p.done, [StepId::Instance]);
    assert_eq!(p.progress_text, format!("1 of {} done", p.countable));
    let optional = [StepId::Rehearsal, StepId::Done]
        .iter()
        .chain(
            StepId::ALL
                .iter()
                .filter(|s| step_info(**s).completion == Completion::Optional),
        )
        .collect::<BTreeSet<_>>()
        .len();
    assert_eq!(
        p.countable,
        StepId::ALL.len() - optional,
        "the summary and the optional steps (the rehearsal) are not counted"
    );
    // Everything ticked and a passing Okta check: every step is done, the summary too.
    input.last_okta_check = Some(okta_check::SavedOktaCheck {
        at_unix: 1,
        org: "https://acme.okta.com".into(),
        practice: false,
        app_id: "0oa1".into(),
        app_label: "Loopio".into(),
        app_name: String::new(),
        verdict: crate::findings::Status::Pass,
        headline: String::new(),
        findings: Vec::new(),
        idp: None,
        ran_for: None,
        reached: true,
        offers_fix: false,
        offers_create: false,
    });
    // The connection test is done by its result only.
    let pass = crate::findings::Finding {
        check: crate::findings::OKTA_CONNECTOR.into(),
        code: "okta.connector".into(),
        status: crate::findings::Status::Pass,
        title: String::new(),
        detail: String::new(),
        remedy: String::new(),
        elapsed_ms: 1,
    };
    input.last_test = Some(SavedTest {
        at_unix: 1,
        base_url: Environment::Production.scim_base_url().into(),
        report: crate::findings::Report::from_findings(vec![pass], 1),
        target: Some(progress::TestTargetKind::Production),
        ran_for: None,
    });
    for s in &p.steps {
        input.ticked.insert(s.info.id.id().to_string());
        input
            .ticked
            .extend(s.info.checklist.iter().map(|c| c.id.clone()));
    }
    let p = plan(&input);
    assert_eq!(p.done.len(), StepId::ALL.len() - optional + 1);
    assert_eq!(p.done_count, p.countable);
    assert!(p.done.contains(&StepId::Done));
    assert!(
        !p.done.contains(&StepId::Rehearsal),
        "an optional step is never shown as done"
    );
}

#[test]
fn a_valid_input_fills_every_step() {
    let p = plan(&PlanInput {
        domain: "https://ACME.loopio.com/home".into(),
        environment: Environment::Sandbox,
        app_variable: "loopio_1".into(),
        ..Default::default()
    });
    assert_eq!(p.domain.as_deref(), Some("acme.loopio.com"));
    assert_eq!(p.domain_error, None);
    assert_eq!(p.scim_base_url, "https://api.int01.loopio.com/scim/v2");
    assert_eq!(p.roles_variable.as_deref(), Some("loopio_1_roles"));
    assert_eq!(p.steps.len(), StepId::ALL.len());
    let saml = p
        .steps
        .iter()
        .find(|s| s.info.id == StepId::ConfigureSaml)
        .unwrap();
    assert_eq!(saml.values.len(), 6);
    // Every value lands on exactly one step.
    let total: usize = p.steps.iter().map(|s| s.values.len()).sum();
    assert_eq!(
        total,
        okta_values(&ValueInputs {
            domain: None,
            environment: Environment::Production,
            roles_variable: None
        })
        .len()
    );
}

#[test]
fn invalid_inputs_are_reported_per_field_without_losing_the_rest() {
    let p = plan(&PlanInput {
        domain: "api.loopio.com".into(),
        environment: Environment::Production,
        app_variable: "1bad".into(),
        ..Default::default()
    });
    assert_eq!(p.domain, None);
    assert_eq!(p.domain_error.as_ref().unwrap().code, "domain.api_host");
    assert_eq!(
        p.app_variable_error.as_ref().unwrap().code,
        "app_variable.bad_start"
    );
    assert_eq!(p.steps.len(), StepId::ALL.len());
}

#[test]
fn an_empty_app_variable_is_not_an_error_yet() {
    let p = plan(&PlanInput {
        domain: "acme.loopio.com".into(),
        ..Default::default()
    });
    assert_eq!(p.app_variable_error, None);
    assert_eq!(p.roles_variable, None);
}

#[test]
fn plan_json_flattens_step_info() {
    let p = plan(&PlanInput {
        domain: "acme.loopio.com".into(),
        ..Default::default()
    });
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["steps"][0]["id"], "prerequisites");
    assert!(json["steps"][0]["values"].is_array());
}

#[test]
fn the_app_label_is_the_one_the_wizard_names_for_the_environment() {
    for environment in Environment::ALL {
        let p = plan(&PlanInput {
            environment,
            ..PlanInput::default()
        });
        let named = p
            .steps
            .iter()
            .flat_map(|s| &s.values)
            .find(|v| v.key == "general.app_name")
            .and_then(|v| v.value.clone());
        assert_eq!(named.as_deref(), Some(p.app_label.as_str()));
    }
    assert_eq!(Environment::Sandbox.app_label(), "Loopio Sandbox");
    assert_eq!(Environment::Production.app_label(), "Loopio");
}

#[test]
fn a_near_miss_of_loopio_com_carries_the_likely_domain_for_the_window() {
    let p = plan(&PlanInput {
        domain: "acme.loopio.co".into(),
        ..PlanInput::default()
    });
    let error = p.domain_field_error.unwrap();
    assert_eq!(error.code, "domain.lookalike");
    assert_eq!(error.suggestion.as_deref(), Some("acme.loopio.com"));
    let p = plan(&PlanInput {
        domain: "acme.okta.com".into(),
        ..PlanInput::default()
    });
    assert_eq!(p.domain_error.unwrap().code, "domain.okta_host");
}

#[test]
fn a_custom_domain_counts_only_once_confirmed_for_that_host() {
    let mut input = PlanInput {
        domain: "rfp.acme.com".into(),
        ..PlanInput::default()
    };
    let p = plan(&input);
    let tick = p.custom_domain_tick.clone().unwrap();
    assert!(
        !p.done.contains(&StepId::Instance),
        "not before the admin confirms"
    );
    input.ticked.insert(tick);
    assert!(plan(&input).done.contains(&StepId::Instance));
    // Another custom host needs its own confirmation; a loopio.com domain needs none.
    input.domain = "sso.acme.com".into();
    assert!(!plan(&input).done.contains(&StepId::Instance));
    input.domain = "acme.loopio.com".into();
    let p = plan(&input);
    assert_eq!(p.custom_domain_tick, None);
    assert!(p.done.contains(&StepId::Instance));
}

#[test]
fn in_the_assistants_way_a_tick_no_longer_completes_a_step_okta_can_read() {
    use okta_steps::SetupWay;

    let mut input = PlanInput {
        domain: "acme.loopio.com".into(),
        app_variable: "acme_loopio_1".into(),
        ..PlanInput::default()
    };
    let now = input.values_now();
    input.ticked.insert("configure_saml".into());
    input
        .ticked_for
        .insert("configure_saml".into(), now.clone());
    input.ticked.insert("provisioning_integration".into());
    input
        .ticked_for
        .insert("provisioning_integration".into(), now.clone());
    let done = |input: &PlanInput, step: StepId| plan(input).done.contains(&step);
    // By hand (or before choosing), the tick is what counts.
    assert!(done(&input, StepId::ConfigureSaml));
    input.way = Some(SetupWay::Assistant);
    let p = plan(&input);
    let saml = p
        .steps
        .iter()
        .find(|s| s.info.id == StepId::ConfigureSaml)
        .unwrap();
    assert_eq!(saml.info.completion, Completion::OktaAnswer);
    assert!(saml.okta_codes.contains(&"okta.saml.audience".to_string()));
    assert!(saml.completed_by.is_some() && saml.okta_says.is_none());
    assert!(
        !done(&input, StepId::ConfigureSaml),
        "a tick does not stand in for Okta's answer"
    );
    // Okta has no API for the Integration screen: it stays the admin's tick.
    assert!(done(&input, StepId::ProvisioningIntegration));
}

#[test]
fn in_the_assistants_way_only_the_admins_own_okta_answer_for_todays_values_completes_a_step() {
    use crate::findings::Status;
    use okta_check::{OktaFinding, SavedOktaCheck};
    use okta_steps::SetupWay;

    let mut input = PlanInput {
        domain: "acme.loopio.com".into(),
        app_variable: "acme_loopio_1".into(),
        way: Some(SetupWay::Assistant),
        ..PlanInput::default()
    };
    let now = input.values_now();
    let done = |input: &PlanInput, step: StepId| plan(input).done.contains(&step);
    let findings = vec![
        OktaFinding::new("okta.saml.audience", Status::Pass, "Audience"),
        OktaFinding::new("okta.provisioning.scim", Status::Fail, "SCIM off"),
    ];
    let app = Some(("0oa1".to_string(), "Loopio".to_string()));
    let mut check = SavedOktaCheck::new(
        9,
        "https://acme.okta.com",
        false,
        app,
        Status::Fail,
        findings,
        None,
    );
    check.ran_for = Some(now.clone());
    input.last_okta_check = Some(check.clone());
    assert!(done(&input, StepId::ConfigureSaml));
    assert!(done(&input, StepId::CreateApp));
    assert!(!done(&input, StepId::EnableScim));
    let p = plan(&input);
    let scim = p
        .steps
        .iter()
        .find(|s| s.info.id == StepId::EnableScim)
        .unwrap();
    assert_eq!(
        scim.okta_says.as_ref().map(|s| s.status),
        Some(Status::Fail)
    );

    // The practice Okta's answers are shown, never counted.
    check.practice = true;
    input.last_okta_check = Some(check.clone());
    assert!(!done(&input, StepId::ConfigureSaml));
    // Nor an answer for another domain.
    check.practice = false;
    input.last_okta_check = Some(check);
    input.domain = "globex.loopio.com".into();
    assert!(!done(&input, StepId::ConfigureSaml));
    let p = plan(&input);
    let saml = p
        .steps
        .iter()
        .find(|s| s.info.id == StepId::ConfigureSaml)
        .unwrap();
    assert!(saml
        .done_for_other
        .as_deref()
        .is_some_and(|n| n.contains("acme.loopio.com")));
}
