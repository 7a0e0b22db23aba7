//! Every value the admin enters into Okta, with the exact screen, section and field it goes into.
//!
//! This is the single source of these values: the wizard, the CLI and (later) the setup report all
//! read them from here, so a URL is never rebuilt anywhere else.

use serde::Serialize;
use ts_rs::TS;

use super::domain::InstanceDomain;
use super::environment::Environment;
use super::wizard::StepId;

/// The path of the Loopio SAML endpoint (SimpleSAMLphp's assertion consumer service).
pub const SSO_PATH: &str = "/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp";
/// Loopio's SAML service provider entity ID.
pub const SP_ENTITY_ID: &str = "loopio-sp";
/// Where Loopio lands the user after an IdP-initiated sign-in.
pub const RELAY_STATE_PATH: &str = "/home";
/// The SCIM core user schema, which the `roles` attribute belongs to.
pub const CORE_USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

/// How the admin puts the value into Okta.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ValueKind {
    /// Type or paste the text into a field.
    Text,
    /// Pick this option from a list or radio group.
    Choice,
    /// Tick this box.
    Checkbox,
    /// The SCIM token: never shown or stored here; the admin pastes their own.
    Secret,
}

impl ValueKind {
    /// The word that says what to do with a value of this kind ("Select", "Tick"), or `None`
    /// when it is typed or pasted. The one wording the window, the CLI and the report share.
    pub fn action(self) -> Option<&'static str> {
        match self {
            ValueKind::Choice => Some("Select"),
            ValueKind::Checkbox => Some("Tick"),
            ValueKind::Text | ValueKind::Secret => None,
        }
    }
}

/// One value for one Okta field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct OktaValue {
    /// Stable identifier (`saml.sso_url`, `scim.base_url`, ...). Documented in the README.
    pub key: String,
    /// The wizard step that shows it.
    pub step: StepId,
    /// The Okta screen, as a breadcrumb of what the admin clicks.
    pub screen: String,
    /// The section of that screen.
    pub section: String,
    /// The field's label, exactly as Okta shows it.
    pub field: String,
    /// What to enter. `None` when it depends on input the admin has not given yet, or is secret.
    pub value: Option<String>,
    pub kind: ValueKind,
    /// `false` for settings the guide calls optional.
    pub required: bool,
    /// Extra guidance shown beside the value.
    pub note: Option<String>,
    /// What to do with it ("Select", "Tick"), from [`ValueKind::action`]; `None` to type or paste.
    pub action: Option<String>,
}

impl OktaValue {
    /// The value as one line of text: "Tick: Enable", "Select: SAML 2.0", the text itself, or
    /// what stands in for the token or a value that still needs input.
    pub fn as_text(&self) -> String {
        match (&self.value, self.kind) {
            (_, ValueKind::Secret) => "(your Loopio SCIM token: never shown or recorded)".into(),
            (Some(value), kind) => match kind.action() {
                Some(action) => format!("{action}: {value}"),
                None => value.clone(),
            },
            (None, _) => "(not available yet: input missing)".into(),
        }
    }
}

/// What the values are built from.
pub struct ValueInputs<'a> {
    pub domain: Option<&'a InstanceDomain>,
    pub environment: Environment,
    /// The roles attribute's variable name (already validated, `_roles` appended).
    pub roles_variable: Option<&'a str>,
}

/// What goes in Okta's Authorization field, as Loopio's guide says ("Authorization: Your unique
/// Bearer Token"; "The HTTP Header Bearer token will be the SCIM token"): the token alone.
pub const AUTHORIZATION_NOTE: &str = "Paste only your Loopio SCIM token, exactly as Loopio generated it (Loopio: Admin > Integrations > SCIM > Generate Token), without \"Bearer \" in front: Loopio's guide says this field takes the SCIM token, and Okta sends it as \"Authorization: Bearer <token>\". This app never shows your token or puts it in a file, a log or a report; it keeps it only if you ask it to, in the system keychain.";

/// The values Loopio's guide needs once roles are mapped: Okta sends the roles attribute to
/// Loopio only with To App > Update User Attributes enabled.
pub const REQUIRED_FOR_ROLES: &[&str] = &["to_app.update_user_attributes"];

/// Why [`REQUIRED_FOR_ROLES`] are required: the same words in the window, the report and the
/// Okta check.
pub const REQUIRED_FOR_ROLES_WHY: &str = "Required because you map Loopio roles: Okta sends roles to Loopio only with Update User Attributes enabled, as Loopio's guide says.";

/// Marks the values the roles plan makes required, with why (call it once the plan gives a role).
pub fn require_for_roles(values: &mut [OktaValue]) {
    for v in values
        .iter_mut()
        .filter(|v| REQUIRED_FOR_ROLES.contains(&v.key.as_str()))
    {
        v.required = true;
        v.note = Some(REQUIRED_FOR_ROLES_WHY.to_string());
    }
}

const CREATE_SCREEN: &str = "Applications > Applications > Create App Integration";
const GENERAL_SETTINGS_SCREEN: &str = "Create SAML Integration > 1 General Settings";
const SAML_SCREEN: &str = "Create SAML Integration > 2 Configure SAML";
const APP_GENERAL_SCREEN: &str = "Applications > Applications > (your Loopio app) > General";
const INTEGRATION_SCREEN: &str =
    "Applications > Applications > (your Loopio app) > Provisioning > Integration";
const TO_APP_SCREEN: &str =
    "Applications > Applications > (your Loopio app) > Provisioning > To App";
const PROFILE_EDITOR_SCREEN: &str =
    "Directory > Profile Editor > (your Loopio app) User > Add Attribute";

const NEEDS_DOMAIN: &str = "Enter your Loopio domain in the Loopio instance step first.";

/// Builds every value, in the order the admin meets them in Okta.
pub fn okta_values(inputs: &ValueInputs<'_>) -> Vec<OktaValue> {
    let origin = inputs.domain.map(InstanceDomain::origin);
    let from_domain = |path: &str| origin.as_ref().map(|o| format!("{o}{path}"));
    let domain_note = |note: &str| {
        if origin.is_some() {
            Some(note.to_string())
        } else {
            Some(NEEDS_DOMAIN.to_string())
        }
    };
    let app_name = inputs.environment.app_label();

    let v = |key: &str,
             step: StepId,
             screen: &str,
             section: &str,
             field: &str,
             value: Option<String>,
             kind: ValueKind| OktaValue {
        key: key.into(),
        step,
        screen: screen.into(),
        section: section.into(),
        field: field.into(),
        value,
        kind,
        required: true,
        note: None,
        action: kind.action().map(str::to_string),
    };
    let with_note = |mut value: OktaValue, note: Option<String>| {
        value.note = note;
        value
    };
    let optional = |mut value: OktaValue| {
        value.required = false;
        value
    };
    let text = |s: &str| Some(s.to_string());

    use StepId as S;
    use ValueKind::{Checkbox, Choice, Secret, Text};
    vec![
        v("create.sign_in_method", S::CreateApp, CREATE_SCREEN, "Create a new app integration", "Sign-in method", text("SAML 2.0"), Choice),
        with_note(
            v("general.app_name", S::CreateApp, GENERAL_SETTINGS_SCREEN, "General Settings", "App name", text(app_name), Text),
            text("A suggestion: any name works. A distinct name per environment avoids mixing up sandbox and production."),
        ),
        with_note(
            v("saml.sso_url", S::ConfigureSaml, SAML_SCREEN, "SAML Settings > General", "Single sign-on URL", from_domain(SSO_PATH), Text),
            domain_note("Where Okta posts the SAML assertion: your Loopio instance's sign-in endpoint."),
        ),
        v("saml.sp_entity_id", S::ConfigureSaml, SAML_SCREEN, "SAML Settings > General", "Audience URI (SP Entity ID)", text(SP_ENTITY_ID), Text),
        with_note(
            v("saml.default_relay_state", S::ConfigureSaml, SAML_SCREEN, "SAML Settings > General", "Default RelayState", from_domain(RELAY_STATE_PATH), Text),
            domain_note("Where Loopio opens after a sign-in started from the Okta dashboard."),
        ),
        v("saml.name_id_format", S::ConfigureSaml, SAML_SCREEN, "SAML Settings > General", "Name ID format", text("Unspecified"), Choice),
        v("saml.application_username", S::ConfigureSaml, SAML_SCREEN, "SAML Settings > General", "Application username", text("Email"), Choice),
        v("saml.update_username_on", S::ConfigureSaml, SAML_SCREEN, "SAML Settings > General", "Update application username on", text("Create and update"), Choice),
        with_note(
            v("general.enable_scim", S::EnableScim, APP_GENERAL_SCREEN, "App Settings", "Enable SCIM provisioning", text("Checked"), Checkbox),
            text("Click Edit in App Settings, tick the box, then Save. The Provisioning tab appears."),
        ),
        with_note(
            v("scim.base_url", S::ProvisioningIntegration, INTEGRATION_SCREEN, "SCIM Connection", "SCIM connector base URL", text(inputs.environment.scim_base_url()), Text),
            text("No trailing slash. This is Loopio's SCIM API host, not your instance domain."),
        ),
        v("scim.unique_identifier", S::ProvisioningIntegration, INTEGRATION_SCREEN, "SCIM Connection", "Unique identifier field for users", text("userName"), Text),
        v("scim.action.import_users", S::ProvisioningIntegration, INTEGRATION_SCREEN, "SCIM Connection > Supported provisioning actions", "Import New Users and Profile Updates", text("Checked"), Checkbox),
        v("scim.action.push_new_users", S::ProvisioningIntegration, INTEGRATION_SCREEN, "SCIM Connection > Supported provisioning actions", "Push New Users", text("Checked"), Checkbox),
        v("scim.action.push_profile_updates", S::ProvisioningIntegration, INTEGRATION_SCREEN, "SCIM Connection > Supported provisioning actions", "Push Profile Updates", text("Checked"), Checkbox),
        v("scim.auth_mode", S::ProvisioningIntegration, INTEGRATION_SCREEN, "SCIM Connection", "Authentication Mode", text("HTTP Header"), Choice),
        with_note(
            v("scim.authorization", S::ProvisioningIntegration, INTEGRATION_SCREEN, "HTTP Header", "Authorization", None, Secret),
            text(AUTHORIZATION_NOTE),
        ),
        with_note(
            v("to_app.create_users", S::ProvisioningToApp, TO_APP_SCREEN, "Provisioning to App", "Create Users", text("Enable"), Checkbox),
            text("Click Edit first, then Save at the end of the section."),
        ),
        with_note(
            optional(v("to_app.update_user_attributes", S::ProvisioningToApp, TO_APP_SCREEN, "Provisioning to App", "Update User Attributes", text("Enable"), Checkbox)),
            text("Optional, but needed for the roles attribute: changes in Okta then reach Loopio."),
        ),
        with_note(
            optional(v("to_app.deactivate_users", S::ProvisioningToApp, TO_APP_SCREEN, "Provisioning to App", "Deactivate Users", text("Enable"), Checkbox)),
            text("Optional: lets Okta deactivate users in Loopio (SCIM deprovisioning)."),
        ),
        v("roles.data_type", S::ProfileEditorRoles, PROFILE_EDITOR_SCREEN, "Add Attribute", "Data type", text("string array"), Choice),
        v("roles.display_name", S::ProfileEditorRoles, PROFILE_EDITOR_SCREEN, "Add Attribute", "Display name", text("roles"), Text),
        with_note(
            v("roles.variable_name", S::ProfileEditorRoles, PROFILE_EDITOR_SCREEN, "Add Attribute", "Variable name", inputs.roles_variable.map(str::to_string), Text),
            Some(if inputs.roles_variable.is_some() {
                "Your app's variable name with _roles appended.".to_string()
            } else {
                "Paste your app's variable name above (Profile Editor, under the app's name) to get this value.".to_string()
            }),
        ),
        v("roles.external_name", S::ProfileEditorRoles, PROFILE_EDITOR_SCREEN, "Add Attribute", "External name", text("roles"), Text),
        with_note(
            v("roles.external_namespace", S::ProfileEditorRoles, PROFILE_EDITOR_SCREEN, "Add Attribute", "External namespace", text(CORE_USER_SCHEMA), Text),
            text("Must be exactly this."),
        ),
        v("roles.group_priority", S::ProfileEditorRoles, PROFILE_EDITOR_SCREEN, "Add Attribute", "Group Priority", text("Use Group Priority"), Choice),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values_for(domain: &str, env: Environment, roles: Option<&str>) -> Vec<OktaValue> {
        let d = InstanceDomain::parse(domain).unwrap();
        okta_values(&ValueInputs {
            domain: Some(&d),
            environment: env,
            roles_variable: roles,
        })
    }

    fn get<'a>(values: &'a [OktaValue], key: &str) -> &'a OktaValue {
        values
            .iter()
            .find(|v| v.key == key)
            .unwrap_or_else(|| panic!("no value {key}"))
    }

    /// Every value of Loopio's guide: key, Okta's field, the value for acme (production,
    /// app variable loopio_1).
    const GUIDE: &[(&str, &str, &str)] = &[
        (
            "saml.sso_url",
            "Single sign-on URL",
            "https://acme.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp",
        ),
        (
            "saml.sp_entity_id",
            "Audience URI (SP Entity ID)",
            "loopio-sp",
        ),
        (
            "saml.default_relay_state",
            "Default RelayState",
            "https://acme.loopio.com/home",
        ),
        ("saml.name_id_format", "Name ID format", "Unspecified"),
        ("saml.application_username", "Application username", "Email"),
        (
            "saml.update_username_on",
            "Update application username on",
            "Create and update",
        ),
        ("general.enable_scim", "Enable SCIM provisioning", "Checked"),
        (
            "scim.base_url",
            "SCIM connector base URL",
            "https://api.loopio.com/scim/v2",
        ),
        (
            "scim.unique_identifier",
            "Unique identifier field for users",
            "userName",
        ),
        (
            "scim.action.import_users",
            "Import New Users and Profile Updates",
            "Checked",
        ),
        ("scim.action.push_new_users", "Push New Users", "Checked"),
        (
            "scim.action.push_profile_updates",
            "Push Profile Updates",
            "Checked",
        ),
        ("scim.auth_mode", "Authentication Mode", "HTTP Header"),
        ("to_app.create_users", "Create Users", "Enable"),
        (
            "to_app.update_user_attributes",
            "Update User Attributes",
            "Enable",
        ),
        ("to_app.deactivate_users", "Deactivate Users", "Enable"),
        ("roles.data_type", "Data type", "string array"),
        ("roles.display_name", "Display name", "roles"),
        ("roles.variable_name", "Variable name", "loopio_1_roles"),
        ("roles.external_name", "External name", "roles"),
        (
            "roles.external_namespace",
            "External namespace",
            "urn:ietf:params:scim:schemas:core:2.0:User",
        ),
        (
            "roles.group_priority",
            "Group Priority",
            "Use Group Priority",
        ),
        ("general.app_name", "App name", "Loopio"),
        ("create.sign_in_method", "Sign-in method", "SAML 2.0"),
    ];

    #[test]
    fn every_guide_value_is_generated_in_its_field() {
        let values = values_for(
            "https://ACME.loopio.com/home",
            Environment::Production,
            Some("loopio_1_roles"),
        );
        let cases = GUIDE;
        for (key, field, value) in cases {
            let v = get(&values, key);
            assert_eq!(v.field, *field, "{key}");
            assert_eq!(v.value.as_deref(), Some(*value), "{key}");
            assert!(
                !v.screen.is_empty() && !v.section.is_empty(),
                "{key} has no location"
            );
        }
        assert_eq!(
            values.len(),
            cases.len() + 1,
            "a value was added without a test"
        );
    }

    #[test]
    fn sandbox_uses_int01() {
        let values = values_for("acme.loopio.com", Environment::Sandbox, None);
        assert_eq!(
            get(&values, "scim.base_url").value.as_deref(),
            Some("https://api.int01.loopio.com/scim/v2")
        );
        assert_eq!(
            get(&values, "general.app_name").value.as_deref(),
            Some("Loopio Sandbox")
        );
    }

    #[test]
    fn the_token_is_never_a_value() {
        let values = values_for("acme.loopio.com", Environment::Production, None);
        let auth = get(&values, "scim.authorization");
        assert_eq!(auth.kind, ValueKind::Secret);
        assert_eq!(auth.value, None);
        // Exactly what goes in the field (Loopio's guide: the SCIM token, no "Bearer "), and no
        // "never stored" beside the keychain option.
        let note = auth.note.as_deref().unwrap();
        assert!(note.contains("Paste only your Loopio SCIM token"), "{note}");
        assert!(note.contains("without \"Bearer \""), "{note}");
        assert!(!note.contains("never shows, stores"), "{note}");
        assert!(
            note.contains("only if you ask it to, in the system keychain"),
            "{note}"
        );
    }

    #[test]
    fn missing_inputs_leave_values_empty_and_say_why() {
        let values = okta_values(&ValueInputs {
            domain: None,
            environment: Environment::Production,
            roles_variable: None,
        });
        let sso = get(&values, "saml.sso_url");
        assert_eq!(sso.value, None);
        assert!(sso.note.as_deref().unwrap().contains("Loopio domain"));
        let var = get(&values, "roles.variable_name");
        assert_eq!(var.value, None);
        assert!(var.note.as_deref().unwrap().contains("variable name"));
        // Values that do not depend on the domain are still there.
        assert_eq!(
            get(&values, "saml.sp_entity_id").value.as_deref(),
            Some("loopio-sp")
        );
    }

    #[test]
    fn only_the_guide_optional_settings_are_optional() {
        let values = values_for("acme.loopio.com", Environment::Production, None);
        let optional: Vec<&str> = values
            .iter()
            .filter(|v| !v.required)
            .map(|v| v.key.as_str())
            .collect();
        assert_eq!(
            optional,
            ["to_app.update_user_attributes", "to_app.deactivate_users"]
        );
    }

    #[test]
    fn keys_are_unique() {
        let values = values_for("acme.loopio.com", Environment::Production, None);
        let mut keys: Vec<&str> = values.iter().map(|v| v.key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), values.len());
    }
}
