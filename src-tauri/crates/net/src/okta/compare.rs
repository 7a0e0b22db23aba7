//! What Okta has against what the wizard generated: pure functions from Okta's JSON (shapes of
//! `management-minimal.yaml`: `SamlApplication`, `UserSchema`, `ApplicationGroupAssignment`,
//! `JsonWebKey`) to findings. Expected values and Okta's field labels come from the core's
//! [`okta_values`], the same list the wizard shows, so nothing is spelled twice.

use loopio_scim_core::findings::Status;
use loopio_scim_core::setup::roles::{check_role, RoleStatus};
use loopio_scim_core::setup::values::{CORE_USER_SCHEMA, SP_ENTITY_ID};
use loopio_scim_core::setup::{okta_values, Environment, InstanceDomain, OktaValue, ValueInputs};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::OktaFinding;

/// Loopio's guide: Name ID format "Unspecified".
pub const NAME_ID_UNSPECIFIED: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
/// Loopio's guide: Application username "Email".
pub const USERNAME_EMAIL: &str = "${source.email}";
/// A signing certificate closer to expiry than this is a warning.
pub const CERT_WARN_DAYS: i64 = 60;

/// Okta's labels for the `subjectNameIdFormat` values (the spec's `x-enumDescriptions`).
const NAME_ID_LABELS: [(&str, &str); 5] = [
    (
        "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
        "EmailAddress",
    ),
    (
        "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
        "Persistent",
    ),
    (
        "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
        "Transient",
    ),
    (NAME_ID_UNSPECIFIED, "Unspecified"),
    (
        "urn:oasis:names:tc:SAML:1.1:nameid-format:x509SubjectName",
        "x509SubjectName",
    ),
];

/// Okta's labels for the built-in username templates (the spec's table under
/// `ApplicationCredentialsUsernameTemplate.template`).
const USERNAME_LABELS: [(&str, &str); 8] = [
    ("${source.email}", "Email"),
    ("${fn:toLowerCase(source.email)}", "Email (lowercase)"),
    ("${fn:substringBefore(source.email, \"@\")}", "Email prefix"),
    ("${source.login}", "Okta username"),
    (
        "${fn:substringBefore(source.login, \"@\")}",
        "Okta username prefix",
    ),
    ("${source.samAccountName}", "AD SAM Account Name"),
    ("${source.userName}", "AD User Principal Name"),
    ("${source.employeeID}", "AD Employee ID"),
];

/// What the read-back is compared with: the wizard's inputs.
#[derive(Debug, Clone)]
pub struct Expected {
    pub domain: InstanceDomain,
    pub environment: Environment,
    /// Loopio's role names (`--role`, role discovery or the saved profile); empty = unknown.
    pub known_roles: Vec<String>,
    /// The admin's choice for To App > Deactivate Users in the wizard, when known.
    pub deactivate_users: Option<bool>,
}

/// The app as the findings name it.
pub struct AppView<'a> {
    pub json: &'a Value,
    pub label: &'a str,
    /// `<app name>_roles`: the roles attribute's variable name the guide asks for.
    pub expected_roles_variable: Option<String>,
}

impl AppView<'_> {
    fn screen(&self) -> String {
        format!("Applications > Applications > {}", self.label)
    }

    fn values(&self, expected: &Expected) -> Vec<OktaValue> {
        okta_values(&ValueInputs {
            domain: Some(&expected.domain),
            environment: expected.environment,
            roles_variable: self.expected_roles_variable.as_deref(),
        })
    }
}

fn value<'v>(values: &'v [OktaValue], key: &str) -> Option<&'v OktaValue> {
    values.iter().find(|v| v.key == key)
}

fn field(values: &[OktaValue], key: &str) -> String {
    value(values, key)
        .map(|v| v.field.clone())
        .unwrap_or_default()
}

fn expected_text(values: &[OktaValue], key: &str) -> String {
    value(values, key)
        .and_then(|v| v.value.clone())
        .unwrap_or_default()
}

/// Where a value of an existing app's screens is, from the core's breadcrumb.
fn app_where(values: &[OktaValue], key: &str, label: &str) -> String {
    match value(values, key) {
        Some(v) => format!(
            "{} > {} > {}",
            v.screen.replace("(your Loopio app)", label),
            v.section,
            v.field
        ),
        None => String::new(),
    }
}

fn str_at<'a>(json: &'a Value, pointer: &str) -> Option<&'a str> {
    json.pointer(pointer).and_then(Value::as_str)
}

fn shown(s: Option<&str>) -> String {
    match s {
        None => "(not set)".into(),
        Some("") => "(empty)".into(),
        Some(s) => s.into(),
    }
}

fn label_of(labels: &[(&str, &str)], value: &str) -> String {
    labels
        .iter()
        .find(|(v, _)| *v == value)
        .map(|(v, l)| format!("{l} ({v})"))
        .unwrap_or_else(|| value.to_string())
}

/// Why `has` is not `want`, in the admin's words.
fn url_difference(has: &str, want: &str, domain: &InstanceDomain) -> String {
    if has.is_empty() {
        return "The field is empty.".into();
    }
    if has.trim() == want {
        return "It has extra spaces around it.".into();
    }
    if has.eq_ignore_ascii_case(want) {
        return "It differs in upper/lower case; Loopio's URL is all lower case.".into();
    }
    if has.strip_prefix("http://") == want.strip_prefix("https://") {
        return "It starts with http:// instead of https://.".into();
    }
    if has.trim_end_matches('/') == want {
        return "It has a trailing slash.".into();
    }
    let has_host = url::Url::parse(has)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string));
    match has_host {
        Some(h) if h.starts_with("api.") && h.ends_with("loopio.com") => format!(
            "It points to {h}, Loopio's SCIM API host, not your instance {}.",
            domain.host()
        ),
        Some(h) if h != domain.host() => format!(
            "It points to {h}, not your Loopio instance {}.",
            domain.host()
        ),
        Some(_) => "The host is right but the path differs.".into(),
        None => "It is not a URL.".into(),
    }
}

/// `okta.saml.*`: the Configure SAML screen.
pub fn saml(app: &AppView<'_>, expected: &Expected) -> Vec<OktaFinding> {
    let values = app.values(expected);
    let saml_where = |key: &str| {
        format!(
            "{} > General > SAML Settings > Edit > Configure SAML > {}",
            app.screen(),
            field(&values, key)
        )
    };
    let sign_on = |name: &str| str_at(app.json, &format!("/settings/signOn/{name}"));
    let mut out = Vec::new();

    // Single sign-on URL, and Recipient/Destination when Okta was told to use others.
    let want = expected_text(&values, "saml.sso_url");
    let acs = sign_on("ssoAcsUrl");
    let mut f = OktaFinding::new("okta.saml.sso_url", Status::Pass, "Single sign-on URL")
        .expected(&want)
        .has(shown(acs))
        .at(saml_where("saml.sso_url"));
    if acs != Some(want.as_str()) {
        f = f
            .status(Status::Fail)
            .title("The Single sign-on URL is not Loopio's")
            .detail(url_difference(acs.unwrap_or(""), &want, &expected.domain))
            .remedy(format!("Set Single sign-on URL to exactly {want} and keep \"Use this for Recipient URL and Destination URL\" ticked. Until then Loopio rejects every sign-in from Okta."));
    } else {
        let others: Vec<(&str, &str)> = [
            ("recipient", "Recipient URL"),
            ("destination", "Destination URL"),
        ]
        .into_iter()
        .filter_map(|(k, l)| {
            sign_on(k)
                .filter(|v| !v.is_empty() && *v != want)
                .map(|v| (l, v))
        })
        .collect();
        if others.is_empty() {
            f = f.detail("Okta posts sign-ins to Loopio's endpoint (Recipient and Destination are the same URL).");
        } else {
            let list: Vec<String> = others.iter().map(|(l, v)| format!("{l} {v}")).collect();
            f = f
                .status(Status::Fail)
                .title("Recipient or Destination URL differs from the Single sign-on URL")
                .has(list.join("; "))
                .detail("\"Use this for Recipient URL and Destination URL\" is not ticked and Okta sends a different URL: Loopio rejects the assertion.")
                .remedy(format!("Tick \"Use this for Recipient URL and Destination URL\" under the Single sign-on URL (or set both to {want})."))
                .at(format!("{} > Use this for Recipient URL and Destination URL", saml_where("saml.sso_url")));
        }
    }
    out.push(f);

    // Audience URI (SP Entity ID).
    let audience = sign_on("audience");
    let mut f = OktaFinding::new(
        "okta.saml.audience",
        Status::Pass,
        "Audience URI (SP Entity ID)",
    )
    .expected(SP_ENTITY_ID)
    .has(shown(audience))
    .at(saml_where("saml.sp_entity_id"))
    .detail("Okta names Loopio's service provider as Loopio expects.");
    if audience != Some(SP_ENTITY_ID) {
        let why = match audience {
            None | Some("") => "The field is empty.".to_string(),
            Some(a) if a.trim().eq_ignore_ascii_case(SP_ENTITY_ID) => {
                "It differs only in case or spaces, but Loopio compares it exactly.".into()
            }
            Some(a) if a.starts_with("http") => {
                format!("It is a URL ({a}); Loopio's entity ID is the plain name {SP_ENTITY_ID}.")
            }
            Some(_) => "It is not Loopio's entity ID.".into(),
        };
        f = f
            .status(Status::Fail)
            .title("The Audience URI is not Loopio's")
            .detail(why)
            .remedy(format!("Set Audience URI (SP Entity ID) to exactly {SP_ENTITY_ID}. Until then Loopio rejects every sign-in from Okta."));
    }
    out.push(f);

    // Default RelayState.
    let want = expected_text(&values, "saml.default_relay_state");
    let relay = sign_on("defaultRelayState");
    let mut f = OktaFinding::new("okta.saml.relay_state", Status::Pass, "Default RelayState")
        .expected(&want)
        .has(shown(relay))
        .at(saml_where("saml.default_relay_state"))
        .detail("Sign-ins started from the Okta dashboard open Loopio's home page.");
    match relay {
        Some(r) if r == want => {}
        None | Some("") => {
            f = f
                .status(Status::Warn)
                .title("Default RelayState is empty")
                .detail("Sign-ins started from the Okta dashboard may not land in Loopio.")
                .remedy(format!("Set Default RelayState to {want}."));
        }
        Some(r) => {
            let same_host = url::Url::parse(r)
                .ok()
                .is_some_and(|u| u.host_str() == Some(expected.domain.host()));
            f = f
                .status(if same_host {
                    Status::Warn
                } else {
                    Status::Fail
                })
                .title("Default RelayState is not Loopio's home page")
                .detail(url_difference(r, &want, &expected.domain))
                .remedy(format!("Set Default RelayState to {want}."));
        }
    }
    out.push(f);

    // Name ID format.
    let format = sign_on("subjectNameIdFormat");
    let mut f = OktaFinding::new("okta.saml.name_id_format", Status::Pass, "Name ID format")
        .expected(label_of(&NAME_ID_LABELS, NAME_ID_UNSPECIFIED))
        .has(
            format
                .map(|v| label_of(&NAME_ID_LABELS, v))
                .unwrap_or_else(|| shown(None)),
        )
        .at(saml_where("saml.name_id_format"))
        .detail("The format Loopio's guide asks for.");
    if format != Some(NAME_ID_UNSPECIFIED) {
        f = f
            .status(Status::Fail)
            .title("Name ID format is not Unspecified")
            .detail("Loopio's guide sets Name ID format to Unspecified.")
            .remedy("Choose Name ID format: Unspecified.");
    }
    out.push(f);

    // Application username.
    let template = str_at(app.json, "/credentials/userNameTemplate/template");
    let mut f = OktaFinding::new("okta.saml.username", Status::Pass, "Application username")
        .expected(label_of(&USERNAME_LABELS, USERNAME_EMAIL))
        .has(
            template
                .map(|t| label_of(&USERNAME_LABELS, t))
                .unwrap_or_else(|| shown(None)),
        )
        .at(saml_where("saml.application_username"))
        .detail("Users sign in to Loopio with their email address.");
    if template != Some(USERNAME_EMAIL) {
        let why = match template {
            Some("${source.login}") => "Okta sends the Okta username; when it is not the user's email, Loopio does not find the user (or SCIM creates a second one).",
            _ => "Loopio identifies users by email address: another value makes sign-in and SCIM disagree about who the user is.",
        };
        f = f
            .status(Status::Fail)
            .title("Application username is not Email")
            .detail(why)
            .remedy("Choose Application username: Email.");
    }
    out.push(f);

    // Update application username on.
    let push = str_at(app.json, "/credentials/userNameTemplate/pushStatus");
    let mut f = OktaFinding::new(
        "okta.saml.username_update",
        Status::Pass,
        "Update application username on",
    )
    .expected("Create and update (PUSH)")
    .has(match push {
        Some("PUSH") => "Create and update (PUSH)".to_string(),
        Some("DONT_PUSH") => "Create only (DONT_PUSH)".to_string(),
        other => shown(other),
    })
    .at(saml_where("saml.update_username_on"))
    .detail("A changed email address reaches Loopio.");
    match push {
        Some("PUSH") => {}
        Some("DONT_PUSH") => {
            f = f
                .status(Status::Fail)
                .title("The username is only set when a user is created")
                .detail("When a user's email changes in Okta, Loopio keeps the old one and the user can no longer sign in.")
                .remedy("Choose Update application username on: Create and update.");
        }
        _ => {
            f = f
                .status(Status::Warn)
                .title("Okta did not say when the username is updated")
                .detail("The app's userNameTemplate has no pushStatus.")
                .remedy("Check that Update application username on is Create and update.");
        }
    }
    out.push(f);
    out
}

fn features(app: &Value) -> Vec<&str> {
    app.get("features")
        .and_then(Value::as_array)
        .map(|f| f.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// `okta.provisioning.*`: from the app's read-only `features[]`. `roles_attribute` is whether
/// the app user schema has a roles attribute (`None` when the schema could not be read).
pub fn provisioning(
    app: &AppView<'_>,
    expected: &Expected,
    roles_attribute: Option<bool>,
) -> Vec<OktaFinding> {
    let values = app.values(expected);
    let on = features(app.json);
    let has = |f: &str| on.contains(&f);
    let state = |b: bool| if b { "On" } else { "Off" }.to_string();
    let mut out = Vec::new();

    let scim = has("SCIM_PROVISIONING");
    let mut f = OktaFinding::new(
        "okta.provisioning.scim",
        Status::Pass,
        "SCIM provisioning is enabled",
    )
    .has(state(scim))
    .expected("On")
    .at(app_where(&values, "general.enable_scim", app.label))
    .detail("The app has a Provisioning tab with the SCIM connector.");
    if !scim {
        f = f
            .status(Status::Fail)
            .title("SCIM provisioning is not enabled")
            .detail("Without it Okta never creates or updates anyone in Loopio.")
            .remedy("On the app's General tab, App Settings > Edit, tick Enable SCIM provisioning and Save; then fill in Provisioning > Integration (the wizard's step) and test it.");
    }
    out.push(f);

    let toggle = |code: &str, key: &str, feature: &str, title_on: &str, title_off: &str| {
        let enabled = has(feature);
        let f = OktaFinding::new(code, Status::Pass, title_on)
            .has(state(enabled))
            .expected("On")
            .at(app_where(&values, key, app.label));
        (f, enabled, title_off.to_string())
    };
    let skip_without_scim = |f: OktaFinding| {
        f.status(Status::Skip)
            .detail("SCIM provisioning is not enabled, so the To App settings do not exist yet.")
            .remedy("")
    };

    let (f, enabled, off) = toggle(
        "okta.provisioning.create_users",
        "to_app.create_users",
        "PUSH_NEW_USERS",
        "Create Users is on",
        "Create Users is off",
    );
    out.push(if !scim {
        skip_without_scim(f)
    } else if enabled {
        f.detail("Okta creates users in Loopio when they are assigned the app.")
    } else {
        f.status(Status::Fail)
            .title(off)
            .detail("Assigned users are never created in Loopio.")
            .remedy("Provisioning > To App > Edit: enable Create Users, then Save.")
    });

    let (f, enabled, off) = toggle(
        "okta.provisioning.update_attributes",
        "to_app.update_user_attributes",
        "PUSH_PROFILE_UPDATES",
        "Update User Attributes is on",
        "Update User Attributes is off",
    );
    out.push(if !scim {
        skip_without_scim(f)
    } else if enabled {
        f.detail("Changes in Okta (including roles) reach Loopio.")
    } else if roles_attribute == Some(true) {
        f.status(Status::Fail)
            .title(off)
            .detail("The app has a roles attribute, and Loopio's guide needs Update User Attributes for roles: without it role changes never reach Loopio.")
            .remedy("Provisioning > To App > Edit: enable Update User Attributes, then Save.")
    } else {
        f.status(Status::Warn)
            .title(off)
            .detail("Optional, but without it changes in Okta (names, roles) never reach Loopio.")
            .remedy("Provisioning > To App > Edit: enable Update User Attributes, then Save.")
    });

    let (f, enabled, off) = toggle(
        "okta.provisioning.deactivate_users",
        "to_app.deactivate_users",
        "PUSH_USER_DEACTIVATION",
        "Deactivate Users is on",
        "Deactivate Users is off",
    );
    let f = match expected.deactivate_users {
        Some(want) => f.expected(state(want)),
        None => f.expected("Optional"),
    };
    out.push(if !scim {
        skip_without_scim(f)
    } else {
        match (expected.deactivate_users, enabled) {
            (Some(true), false) => f
                .status(Status::Fail)
                .title(off)
                .detail("You chose in the wizard that Okta deactivates users in Loopio, but it is off: unassigned or deactivated Okta users keep their Loopio access.")
                .remedy("Provisioning > To App > Edit: enable Deactivate Users, then Save."),
            (Some(false), true) => f
                .status(Status::Warn)
                .detail("On, though you chose in the wizard to leave it off: Okta deactivates users in Loopio when they are unassigned or deactivated.")
                .remedy("Leave it on if that is intended; otherwise disable Deactivate Users."),
            (_, true) => f.detail("Okta deactivates users in Loopio when they are unassigned or deactivated in Okta."),
            (_, false) => f
                .title(off)
                .detail("Optional and off: users unassigned or deactivated in Okta keep their Loopio access until removed in Loopio."),
        }
    });
    out
}

/// The roles attribute found in the app user schema.
pub struct RolesAttribute {
    pub variable: String,
}

/// `okta.roles.missing|variable_name|type|external_name|namespace|group_priority`, from
/// `GET /api/v1/meta/schemas/apps/{id}/default`.
pub fn roles_attribute(
    app: &AppView<'_>,
    expected: &Expected,
    schema: &Value,
) -> (Vec<OktaFinding>, Option<RolesAttribute>) {
    let values = app.values(expected);
    let props = schema
        .pointer("/definitions/custom/properties")
        .and_then(Value::as_object);
    let want_var = app.expected_roles_variable.clone();
    let found = props.and_then(|p| {
        let by_var = want_var.as_deref().and_then(|v| p.get_key_value(v));
        let by_external = || {
            p.iter()
                .find(|(_, a)| a.get("externalName").and_then(Value::as_str) == Some("roles"))
        };
        let by_name = || {
            p.iter().find(|(k, a)| {
                k.to_ascii_lowercase().ends_with("roles")
                    || a.get("title")
                        .and_then(Value::as_str)
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("roles"))
                    || a.get("externalName")
                        .and_then(Value::as_str)
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("roles"))
            })
        };
        by_var.or_else(by_external).or_else(by_name)
    });
    let profile_editor = |variable: &str, key: &str| {
        format!(
            "Directory > Profile Editor > {} User > {variable} (pencil) > {}",
            app.label,
            field(&values, key)
        )
    };
    let codes = [
        (
            "okta.roles.variable_name",
            "roles.variable_name",
            "Variable name",
        ),
        ("okta.roles.type", "roles.data_type", "Data type"),
        (
            "okta.roles.external_name",
            "roles.external_name",
            "External name",
        ),
        (
            "okta.roles.namespace",
            "roles.external_namespace",
            "External namespace",
        ),
        (
            "okta.roles.group_priority",
            "roles.group_priority",
            "Group Priority",
        ),
    ];
    let Some((variable, attr)) = found else {
        let want = want_var
            .clone()
            .unwrap_or_else(|| "<app variable>_roles".into());
        let mut out = vec![OktaFinding::new("okta.roles.missing", Status::Fail, "The app has no roles attribute")
            .has("(no roles attribute)")
            .expected(format!("{want}: string array, external name roles, namespace {CORE_USER_SCHEMA}"))
            .at(format!("Directory > Profile Editor > {} User > Add Attribute", app.label))
            .detail("Without it Okta sends no role and Loopio gives new users its default role.")
            .remedy(format!("Add the attribute as the wizard's Profile Editor step shows: variable name {want}, data type string array, external name roles, external namespace {CORE_USER_SCHEMA}, Use Group Priority."))];
        for (code, _, title) in codes {
            out.push(
                OktaFinding::new(code, Status::Skip, title)
                    .detail("The app has no roles attribute to check."),
            );
        }
        return (out, None);
    };
    let mut out = vec![OktaFinding::new(
        "okta.roles.missing",
        Status::Pass,
        "The app has a roles attribute",
    )
    .has(variable.clone())
    .expected(
        want_var
            .clone()
            .unwrap_or_else(|| "<app variable>_roles".into()),
    )
    .at(format!("Directory > Profile Editor > {} User", app.label))
    .detail(format!(
        "The attribute {variable} is in the app user profile."
    ))];

    let mut f = OktaFinding::new("okta.roles.variable_name", Status::Pass, "Variable name")
        .has(variable.clone())
        .at(profile_editor(variable, "roles.variable_name"));
    f = match &want_var {
        Some(w) if w == variable => f.expected(w).detail("The name Loopio's guide asks for."),
        Some(w) => f
            .expected(w)
            .status(Status::Warn)
            .title("The roles attribute has another variable name")
            .detail(format!("Loopio's guide names it {w} (the app's name with _roles). It still works when the external name and namespace are right; group values are read from {variable}."))
            .remedy("Nothing to do if it works; a new attribute would need every group's roles entered again."),
        None => f.detail("The app's variable name is not a valid Okta variable name, so the guide's name could not be derived."),
    };
    out.push(f);

    let ty = attr.get("type").and_then(Value::as_str);
    let item_ty = attr.pointer("/items/type").and_then(Value::as_str);
    let has_type = match (ty, item_ty) {
        (Some("array"), Some(i)) => format!("{i} array"),
        (Some(t), _) => t.to_string(),
        (None, _) => shown(None),
    };
    let mut f = OktaFinding::new("okta.roles.type", Status::Pass, "Data type")
        .has(has_type)
        .expected(expected_text(&values, "roles.data_type"))
        .at(profile_editor(variable, "roles.data_type"))
        .detail("Okta sends roles as a list of strings, as Loopio expects.");
    if ty != Some("array") || item_ty.is_some_and(|i| i != "string") {
        f = f
            .status(Status::Fail)
            .title("The roles attribute is not a string array")
            .detail("Loopio reads roles as a list of strings; another type is not sent as roles.")
            .remedy(format!("The data type cannot be changed: delete {variable} and add it again as string array (then enter every group's roles again)."));
    }
    out.push(f);

    let external = attr.get("externalName").and_then(Value::as_str);
    let mut f = OktaFinding::new("okta.roles.external_name", Status::Pass, "External name")
        .has(shown(external))
        .expected("roles")
        .at(profile_editor(variable, "roles.external_name"))
        .detail("Okta sends the attribute as roles.");
    if external != Some("roles") {
        f = f
            .status(Status::Fail)
            .title("The roles attribute's external name is not roles")
            .detail(match external {
                None | Some("") => {
                    "Without an external name Okta leaves the attribute out of every SCIM request."
                        .to_string()
                }
                Some(e) => format!("Okta sends it to Loopio as {e}, which Loopio ignores."),
            })
            .remedy("Set External name to exactly roles (lower case).");
    }
    out.push(f);

    let namespace = attr.get("externalNamespace").and_then(Value::as_str);
    let mut f = OktaFinding::new("okta.roles.namespace", Status::Pass, "External namespace")
        .has(shown(namespace))
        .expected(CORE_USER_SCHEMA)
        .at(profile_editor(variable, "roles.external_namespace"))
        .detail("Roles are sent in the SCIM core user schema, where Loopio reads them.");
    if namespace != Some(CORE_USER_SCHEMA) {
        f = f
            .status(Status::Fail)
            .title("The roles attribute is in the wrong namespace")
            .detail(match namespace {
                None | Some("") => "Without an external namespace Okta leaves the attribute out of every SCIM request.".to_string(),
                Some(n) if n.trim() == CORE_USER_SCHEMA => "It has extra spaces around it.".to_string(),
                Some(n) if n.contains("enterprise") => "It is the enterprise extension; Loopio reads roles from the core user schema.".to_string(),
                Some(_) => "Loopio reads roles from the SCIM core user schema only.".to_string(),
            })
            .remedy(format!("Set External namespace to exactly {CORE_USER_SCHEMA}. The field only appears once SCIM provisioning is enabled."));
    }
    out.push(f);

    let scope = attr.get("scope").and_then(Value::as_str);
    let union = attr.get("union").and_then(Value::as_str);
    let mut f = OktaFinding::new("okta.roles.group_priority", Status::Pass, "Group Priority")
        .has(match (scope, union) {
            (Some("SELF"), _) => "Attribute type: Personal (scope SELF)".to_string(),
            (_, Some("ENABLE")) => "Combine values across groups".to_string(),
            _ => "Use Group Priority".to_string(),
        })
        .expected(expected_text(&values, "roles.group_priority"))
        .at(profile_editor(variable, "roles.group_priority"))
        .detail("A user in several groups gets the role of the highest-priority group.");
    if scope == Some("SELF") {
        f = f
            .status(Status::Fail)
            .title("The roles attribute is personal, not group")
            .detail("A personal attribute is set per user: the roles entered on group assignments are ignored.")
            .remedy("Set Attribute type to Group and choose Use Group Priority.");
    } else if union == Some("ENABLE") {
        f = f
            .status(Status::Fail)
            .title("Roles are combined across groups")
            .detail("A user in several groups gets all their roles; Loopio expects one.")
            .remedy(
                "Choose Group Priority: Use Group Priority, then order the groups in Assignments.",
            );
    }
    out.push(f);
    (
        out,
        Some(RolesAttribute {
            variable: variable.clone(),
        }),
    )
}

/// `okta.roles.value`: every group assignment's roles, from
/// `GET /api/v1/apps/{id}/groups?expand=group`, through the core's Loopio role-name check.
pub fn role_values(
    app: &AppView<'_>,
    expected: &Expected,
    variable: &str,
    assignments: &[Value],
) -> Vec<OktaFinding> {
    let mut sorted: Vec<&Value> = assignments.iter().collect();
    sorted.sort_by_key(|a| {
        a.get("priority")
            .and_then(Value::as_i64)
            .unwrap_or(i64::MAX)
    });
    let mut out = Vec::new();
    let mut with_roles = 0;
    for a in &sorted {
        let group = a
            .pointer("/_embedded/group/profile/name")
            .and_then(Value::as_str)
            .or_else(|| a.get("id").and_then(Value::as_str))
            .unwrap_or("(unnamed group)");
        let priority = a
            .get("priority")
            .and_then(Value::as_i64)
            .map(|p| format!(", priority {p}"))
            .unwrap_or_default();
        let at = format!(
            "{} > Assignments > Groups > {group} (pencil) > roles",
            app.screen()
        );
        let roles: Vec<&str> = match a.pointer(&format!("/profile/{variable}")) {
            Some(Value::Array(v)) => v.iter().filter_map(Value::as_str).collect(),
            Some(Value::String(s)) => vec![s.as_str()],
            _ => Vec::new(),
        };
        let title = format!("Roles of the group {group}{priority}");
        if roles.is_empty() {
            out.push(
                OktaFinding::new("okta.roles.value", Status::Warn, title)
                    .has("(no role)")
                    .at(at)
                    .detail(format!("Users who get the app only through {group} are pushed without a role; Loopio gives them its default role."))
                    .remedy("Enter the Loopio role for this group, or leave it empty if the default role is intended."),
            );
            continue;
        }
        with_roles += 1;
        let checks: Vec<_> = roles
            .iter()
            .map(|r| check_role(r, &expected.known_roles))
            .collect();
        let worst = checks
            .iter()
            .map(|c| match c.status {
                RoleStatus::Pass => Status::Pass,
                RoleStatus::Warn => Status::Warn,
                RoleStatus::Error => Status::Fail,
            })
            .max()
            .unwrap_or(Status::Pass);
        let suggestion: Vec<String> = checks
            .iter()
            .map(|c| c.suggestion.clone().unwrap_or_else(|| c.value.clone()))
            .collect();
        let mut messages: Vec<String> = checks.iter().map(|c| c.message.clone()).collect();
        if roles.len() > 1 {
            messages.push("Several roles are given; Loopio expects one role per user.".into());
        }
        let mut f = OktaFinding::new("okta.roles.value", worst, title)
            .has(roles.join(", "))
            .expected(suggestion.join(", "))
            .at(at)
            .detail(messages.join(" "));
        f = match worst {
            Status::Fail => f.remedy(format!(
                "Change the group's roles to {}: Loopio matches role names exactly.",
                suggestion.join(", ")
            )),
            Status::Warn => f.remedy("Check the spelling against Loopio's role names (Loopio: Admin > Roles), or create the role in Loopio first."),
            _ => f,
        };
        out.push(f);
    }
    if with_roles == 0 {
        out.insert(
            0,
            OktaFinding::new("okta.roles.value", Status::Skip, "No group assignment sets a role")
                .has(format!("{} group assignment(s), none with roles", sorted.len()))
                .at(format!("{} > Assignments > Groups", app.screen()))
                .detail("Either roles come from a \"Same value for all users\" mapping (Provisioning > To App, not read here), or no group carries a role yet.")
                .remedy("If roles should come from groups, enter a Loopio role on each group assignment."),
        );
    }
    out
}

/// Names of the first few users, for a finding's detail.
fn first_names(users: &[&Value]) -> String {
    let mut names: Vec<String> = users
        .iter()
        .take(5)
        .map(|u| {
            str_at(u, "/credentials/userName")
                .or_else(|| str_at(u, "/profile/email"))
                .or_else(|| str_at(u, "/id"))
                .unwrap_or("(unnamed)")
                .to_string()
        })
        .collect();
    if users.len() > 5 {
        names.push(format!("and {} more", users.len() - 5));
    }
    names.join(", ")
}

/// `okta.users.not_provisioned` and `okta.roles.unassigned_users`, from
/// `GET /api/v1/apps/{id}/users` (`AppUser`): users Okta never pushed (assigned before
/// provisioning was on: no `externalId`, or stuck in `STAGED`/`APPROVED`, or a failed sync), and
/// users assigned directly, not through a group, without a role.
pub fn users(
    app: &AppView<'_>,
    users: &[Value],
    roles_variable: Option<&str>,
    complete: bool,
) -> Vec<OktaFinding> {
    let on = features(app.json);
    let pushing = on.contains(&"SCIM_PROVISIONING") && on.contains(&"PUSH_NEW_USERS");
    let assignments = format!("{} > Assignments", app.screen());
    let read = if complete {
        format!("{} user(s) assigned", users.len())
    } else {
        format!(
            "the first {} users assigned (the list was cut off)",
            users.len()
        )
    };
    let mut out = Vec::new();

    let f = OktaFinding::new(
        "okta.users.not_provisioned",
        Status::Pass,
        "Assigned users are in Loopio",
    )
    .expected("every assigned user provisioned (with an external id)")
    .at(format!("{assignments} > People"));
    if !pushing {
        out.push(
            f.status(Status::Skip)
                .detail("Create Users (SCIM) is not on, so Okta provisions no one yet."),
        );
    } else {
        let pending: Vec<&Value> = users
            .iter()
            .filter(|u| {
                str_at(u, "/externalId").map_or(true, str::is_empty)
                    || matches!(str_at(u, "/status"), Some("STAGED" | "APPROVED"))
            })
            .collect();
        let failed: Vec<&Value> = users
            .iter()
            .filter(|u| str_at(u, "/syncState") == Some("ERROR"))
            .collect();
        out.push(if !pending.is_empty() {
            f.status(Status::Warn)
                .title("Some assigned users were never pushed to Loopio")
                .has(format!("{} of {read} not provisioned: {}", pending.len(), first_names(&pending)))
                .detail("Users assigned before provisioning was enabled are not pushed until someone provisions them: they have no Loopio account.")
                .remedy("In the app's Assignments tab, click \"Provision User\" in the banner above the list (or unassign and assign them again).")
                .at(format!("{assignments} > Provision User"))
        } else if !failed.is_empty() {
            f.status(Status::Warn)
                .title("Okta could not push some users to Loopio")
                .has(format!("{} of {read} with a sync error: {}", failed.len(), first_names(&failed)))
                .detail("A provisioning task failed for these users (a wrong role name or a Loopio-side error is the usual cause).")
                .remedy("Open Okta's Dashboard > Tasks, read the error, fix it, then Retry.")
                .at("Dashboard > Tasks")
        } else {
            f.has(format!("{read}, all provisioned"))
                .detail("Every assigned user has a Loopio account linked (an external id).")
        });
    }

    if let Some(var) = roles_variable {
        let direct: Vec<&Value> = users
            .iter()
            .filter(|u| str_at(u, "/scope") == Some("USER"))
            .filter(|u| match u.pointer(&format!("/profile/{var}")) {
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .all(|r| r.trim().is_empty()),
                Some(Value::String(s)) => s.trim().is_empty(),
                _ => true,
            })
            .collect();
        let f = OktaFinding::new(
            "okta.roles.unassigned_users",
            Status::Pass,
            "Directly assigned users have a role",
        )
        .expected("a role for every user assigned directly (not through a group)")
        .at(format!("{assignments} > People"));
        out.push(if direct.is_empty() {
            f.has(format!("{read}; none assigned directly without a role"))
        } else {
            f.status(Status::Warn)
                .title("Users assigned directly have no role")
                .has(format!("{} user(s): {}", direct.len(), first_names(&direct)))
                .detail("They were assigned to the app as people, not through a group, and no role was entered: Loopio gives them its default role.")
                .remedy("Assign them through a group that carries a role, or edit each assignment (pencil in Assignments > People) and enter the Loopio role.")
        });
    }
    out
}

/// `okta.cert.expiry`: the active signing key (`kid == credentials.signing.kid`) from
/// `GET /api/v1/apps/{id}/credentials/keys`.
pub fn cert_expiry(app: &AppView<'_>, keys: &[Value], now: OffsetDateTime) -> OktaFinding {
    let at = format!("{} > Sign On > SAML Signing Certificates", app.screen());
    let f = OktaFinding::new("okta.cert.expiry", Status::Pass, "SAML signing certificate").at(at);
    let kid = str_at(app.json, "/credentials/signing/kid");
    let key = keys
        .iter()
        .find(|k| kid.is_some() && k.get("kid").and_then(Value::as_str) == kid);
    let expires = key
        .and_then(|k| k.get("expiresAt"))
        .and_then(Value::as_str)
        .and_then(|s| OffsetDateTime::parse(s, &Rfc3339).ok());
    let Some(expires) = expires else {
        return f
            .status(Status::Warn)
            .title("The signing certificate's expiry is unknown")
            .detail(format!(
                "No key with the app's signing kid ({}) and an expiry was found among {} key(s).",
                shown(kid),
                keys.len()
            ))
            .remedy("Check the active certificate's expiry on the app's Sign On tab.");
    };
    let when = expires.format(&Rfc3339).unwrap_or_default();
    let days = (expires - now).whole_days();
    let f = f
        .has(format!("expires {when}"))
        .expected(format!("valid for more than {CERT_WARN_DAYS} days"));
    if expires <= now {
        f.status(Status::Fail)
            .title("The SAML signing certificate has expired")
            .detail(format!("It expired on {when}: Loopio rejects every sign-in signed with it."))
            .remedy("On the Sign On tab generate a new certificate, activate it, and give Loopio the new certificate (or metadata URL) in its SSO settings.")
    } else if days < CERT_WARN_DAYS {
        f.status(Status::Warn)
            .title("The SAML signing certificate expires soon")
            .detail(format!("It expires on {when}, in {days} day(s)."))
            .remedy("Before then, generate a new certificate on the Sign On tab, give it to Loopio's SSO settings, and activate it in Okta at the same time.")
    } else {
        f.detail(format!("It expires on {when}, in {days} days."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn expected() -> Expected {
        Expected {
            domain: InstanceDomain::parse("acme.loopio.com").unwrap(),
            environment: Environment::Production,
            known_roles: vec!["Admin".into(), "Contributor".into()],
            deactivate_users: None,
        }
    }

    fn status_of(findings: &[OktaFinding], code: &str) -> Status {
        findings.iter().find(|f| f.code == code).unwrap().status
    }

    #[test]
    fn a_correct_saml_app_passes_and_a_wrong_one_is_named() {
        let mut app = json!({
            "label": "Loopio", "name": "acme_loopio_1",
            "credentials": {"userNameTemplate": {"template": "${source.email}", "type": "BUILT_IN", "pushStatus": "PUSH"}},
            "settings": {"signOn": {
                "ssoAcsUrl": "https://acme.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp",
                "recipient": "https://acme.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp",
                "destination": "https://acme.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp",
                "audience": "loopio-sp",
                "defaultRelayState": "https://acme.loopio.com/home",
                "subjectNameIdFormat": NAME_ID_UNSPECIFIED
            }}
        });
        let view = |app: &Value| {
            let v = AppView {
                json: app,
                label: "Loopio",
                expected_roles_variable: Some("acme_loopio_1_roles".into()),
            };
            saml(&v, &expected())
        };
        let findings = view(&app);
        assert!(
            findings.iter().all(|f| f.status == Status::Pass),
            "{findings:#?}"
        );
        assert!(findings[0]
            .location
            .contains("Applications > Applications > Loopio > General > SAML Settings"));

        app["settings"]["signOn"]["ssoAcsUrl"] =
            json!("https://ACME.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp");
        app["settings"]["signOn"]["audience"] = json!("https://acme.loopio.com");
        app["credentials"]["userNameTemplate"]["template"] = json!("${source.login}");
        let findings = view(&app);
        let sso = &findings[0];
        assert_eq!(sso.status, Status::Fail);
        assert!(sso.detail.contains("case"), "{}", sso.detail);
        assert_eq!(status_of(&findings, "okta.saml.audience"), Status::Fail);
        let user = findings
            .iter()
            .find(|f| f.code == "okta.saml.username")
            .unwrap();
        assert_eq!(
            user.okta_has.as_deref(),
            Some("Okta username (${source.login})")
        );
    }

    #[test]
    fn an_expired_certificate_fails_and_a_close_one_warns() {
        let app = json!({"credentials": {"signing": {"kid": "k1"}}});
        let view = AppView {
            json: &app,
            label: "Loopio",
            expected_roles_variable: None,
        };
        let now = OffsetDateTime::parse("2026-01-01T00:00:00Z", &Rfc3339).unwrap();
        let keys = |at: &str| {
            vec![
                json!({"kid": "other", "expiresAt": "2020-01-01T00:00:00.000Z"}),
                json!({"kid": "k1", "expiresAt": at}),
            ]
        };
        assert_eq!(
            cert_expiry(&view, &keys("2025-12-01T00:00:00.000Z"), now).status,
            Status::Fail
        );
        assert_eq!(
            cert_expiry(&view, &keys("2026-02-01T00:00:00.000Z"), now).status,
            Status::Warn
        );
        assert_eq!(
            cert_expiry(&view, &keys("2027-02-01T00:00:00.000Z"), now).status,
            Status::Pass
        );
        assert_eq!(cert_expiry(&view, &[], now).status, Status::Warn);
    }
}
