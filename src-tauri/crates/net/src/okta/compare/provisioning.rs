//! `okta.provisioning.*`: from the app's read-only `features[]`.

use loopio_scim_core::findings::Status;
use loopio_scim_core::setup::roles::RolesPlan;
use loopio_scim_core::setup::values::REQUIRED_FOR_ROLES_WHY;
use loopio_scim_core::setup::OktaValue;
use serde_json::Value;

use super::{app_where, AppView, Expected, OktaFinding};

pub(super) fn features(app: &Value) -> Vec<&str> {
    app.get("features")
        .and_then(Value::as_array)
        .map(|f| f.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn state(b: bool) -> String {
    if b { "On" } else { "Off" }.to_string()
}

/// One To App switch: its finding (pass so far), whether it is on, and its "off" title.
struct Toggle {
    finding: OktaFinding,
    enabled: bool,
    off: String,
}

struct Switches<'a> {
    app: &'a AppView<'a>,
    values: Vec<OktaValue>,
    on: Vec<&'a str>,
    scim: bool,
}

impl Switches<'_> {
    fn toggle(&self, code: &str, key: &str, feature: &str, titles: (&str, &str)) -> Toggle {
        let enabled = self.on.contains(&feature);
        Toggle {
            finding: OktaFinding::new(code, Status::Pass, titles.0)
                .has(state(enabled))
                .expected("On")
                .at(app_where(&self.values, key, self.app.label)),
            enabled,
            off: titles.1.to_string(),
        }
    }
}

fn skip_without_scim(f: OktaFinding) -> OktaFinding {
    f.status(Status::Skip)
        .detail("SCIM provisioning is not enabled, so the To App settings do not exist yet.")
        .remedy("")
}

/// `okta.provisioning.*`: from the app's read-only `features[]`. `roles_attribute` is whether
/// the app user schema has a roles attribute (`None` when the schema could not be read).
pub fn provisioning(
    app: &AppView<'_>,
    expected: &Expected,
    roles_attribute: Option<bool>,
) -> Vec<OktaFinding> {
    let on = features(app.json);
    let switches = Switches {
        app,
        values: app.values(expected),
        scim: on.contains(&"SCIM_PROVISIONING"),
        on,
    };
    vec![
        scim(&switches),
        create_users(&switches),
        update_attributes(
            &switches,
            roles_attribute,
            expected
                .roles_plan
                .as_ref()
                .is_some_and(RolesPlan::gives_a_role),
        ),
        deactivate_users(&switches, expected),
    ]
}

fn scim(s: &Switches<'_>) -> OktaFinding {
    let f = OktaFinding::new(
        "okta.provisioning.scim",
        Status::Pass,
        "SCIM provisioning is enabled",
    )
    .has(state(s.scim))
    .expected("On")
    .at(app_where(&s.values, "general.enable_scim", s.app.label))
    .detail("The app has a Provisioning tab with the SCIM connector.");
    if s.scim {
        return f;
    }
    f.status(Status::Fail)
        .title("SCIM provisioning is not enabled")
        .detail("Without it Okta never creates or updates anyone in Loopio.")
        .remedy("On the app's General tab, App Settings > Edit, tick Enable SCIM provisioning and Save; then fill in Provisioning > Integration (the wizard's step) and test it.")
}

fn create_users(s: &Switches<'_>) -> OktaFinding {
    let t = s.toggle(
        "okta.provisioning.create_users",
        "to_app.create_users",
        "PUSH_NEW_USERS",
        ("Create Users is on", "Create Users is off"),
    );
    if !s.scim {
        skip_without_scim(t.finding)
    } else if t.enabled {
        t.finding
            .detail("Okta creates users in Loopio when they are assigned the app.")
    } else {
        t.finding
            .status(Status::Fail)
            .title(t.off)
            .detail("Assigned users are never created in Loopio.")
            .remedy("Provisioning > To App > Edit: enable Create Users, then Save.")
    }
}

/// `roles_mapped`: the wizard's roles plan gives a role, so Update User Attributes is required.
fn update_attributes(
    s: &Switches<'_>,
    roles_attribute: Option<bool>,
    roles_mapped: bool,
) -> OktaFinding {
    let t = s.toggle(
        "okta.provisioning.update_attributes",
        "to_app.update_user_attributes",
        "PUSH_PROFILE_UPDATES",
        (
            "Update User Attributes is on",
            "Update User Attributes is off",
        ),
    );
    if !s.scim {
        skip_without_scim(t.finding)
    } else if t.enabled && roles_mapped {
        t.finding.detail(REQUIRED_FOR_ROLES_WHY)
    } else if t.enabled {
        t.finding
            .detail("Changes in Okta (including roles) reach Loopio.")
    } else if roles_mapped {
        t.finding
            .status(Status::Fail)
            .title(t.off)
            .detail(format!(
                "{REQUIRED_FOR_ROLES_WHY} Without it the roles you mapped never reach Loopio."
            ))
            .remedy("Provisioning > To App > Edit: enable Update User Attributes, then Save.")
    } else if roles_attribute == Some(true) {
        t.finding.status(Status::Fail)
            .title(t.off)
            .detail("The app has a roles attribute, and Loopio's guide needs Update User Attributes for roles: without it role changes never reach Loopio.")
            .remedy("Provisioning > To App > Edit: enable Update User Attributes, then Save.")
    } else {
        t.finding
            .status(Status::Warn)
            .title(t.off)
            .detail("Optional, but without it changes in Okta (names, roles) never reach Loopio.")
            .remedy("Provisioning > To App > Edit: enable Update User Attributes, then Save.")
    }
}

fn deactivate_users(s: &Switches<'_>, expected: &Expected) -> OktaFinding {
    let t = s.toggle(
        "okta.provisioning.deactivate_users",
        "to_app.deactivate_users",
        "PUSH_USER_DEACTIVATION",
        ("Deactivate Users is on", "Deactivate Users is off"),
    );
    let f = match expected.deactivate_users {
        Some(want) => t.finding.expected(state(want)),
        None => t.finding.expected("Optional"),
    };
    if !s.scim {
        return skip_without_scim(f);
    }
    match (expected.deactivate_users, t.enabled) {
        (Some(true), false) => f
            .status(Status::Fail)
            .title(t.off)
            .detail("You chose in the wizard that Okta deactivates users in Loopio, but it is off: unassigned or deactivated Okta users keep their Loopio access.")
            .remedy("Provisioning > To App > Edit: enable Deactivate Users, then Save."),
        (Some(false), true) => f
            .status(Status::Warn)
            .detail("On, though you chose in the wizard to leave it off: Okta deactivates users in Loopio when they are unassigned or deactivated.")
            .remedy("Leave it on if that is intended; otherwise disable Deactivate Users."),
        (_, true) => f.detail("Okta deactivates users in Loopio when they are unassigned or deactivated in Okta."),
        (_, false) => f
            .title(t.off)
            .detail("Optional and off: users unassigned or deactivated in Okta keep their Loopio access until removed in Loopio."),
    }
}
