//! `okta.roles.*`: the roles attribute in the app user schema (`UserSchema`) and the roles each
//! group assignment (`ApplicationGroupAssignment`) carries.

use loopio_scim_core::findings::Status;
use loopio_scim_core::setup::roles::{check_role_seen, RoleStatus};
use loopio_scim_core::setup::values::CORE_USER_SCHEMA;
use loopio_scim_core::setup::OktaValue;
use serde_json::{Map, Value};

use super::{expected_text, field, shown, AppView, Expected, OktaFinding};

/// The roles attribute found in the app user schema.
pub struct RolesAttribute {
    pub variable: String,
}

/// The attribute being checked, and where its fields are in Profile Editor.
struct Attr<'a> {
    app: &'a AppView<'a>,
    values: &'a [OktaValue],
    variable: &'a str,
    json: &'a Value,
}

impl Attr<'_> {
    fn at(&self, key: &str) -> String {
        format!(
            "Directory > Profile Editor > {} User > {} (pencil) > {}",
            self.app.label,
            self.variable,
            field(self.values, key)
        )
    }

    fn text(&self, key: &str) -> Option<&str> {
        self.json.get(key).and_then(Value::as_str)
    }
}

const CODES: [(&str, &str); 5] = [
    ("okta.roles.variable_name", "Variable name"),
    ("okta.roles.type", "Data type"),
    ("okta.roles.external_name", "External name"),
    ("okta.roles.namespace", "External namespace"),
    ("okta.roles.group_priority", "Group Priority"),
];

/// The roles attribute: by the guide's variable name, else by external name `roles`, else by a
/// name or title that looks like roles.
fn find<'p>(
    props: &'p Map<String, Value>,
    want_var: Option<&str>,
) -> Option<(&'p String, &'p Value)> {
    let is_roles = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("roles"))
    };
    want_var
        .and_then(|v| props.get_key_value(v))
        .or_else(|| {
            props
                .iter()
                .find(|(_, a)| a.get("externalName").and_then(Value::as_str) == Some("roles"))
        })
        .or_else(|| {
            props.iter().find(|(k, a)| {
                k.to_ascii_lowercase().ends_with("roles")
                    || is_roles(a.get("title"))
                    || is_roles(a.get("externalName"))
            })
        })
}

fn missing(app: &AppView<'_>, want: &str) -> Vec<OktaFinding> {
    let mut out = vec![OktaFinding::new("okta.roles.missing", Status::Fail, "The app has no roles attribute")
        .has("(no roles attribute)")
        .expected(format!("{want}: string array, external name roles, namespace {CORE_USER_SCHEMA}"))
        .at(format!("Directory > Profile Editor > {} User > Add Attribute", app.label))
        .detail("Without it Okta sends no role and Loopio gives new users its default role.")
        .remedy(format!("Add the attribute as the wizard's Profile Editor step shows: variable name {want}, data type string array, external name roles, external namespace {CORE_USER_SCHEMA}, Use Group Priority."))];
    for (code, title) in CODES {
        out.push(
            OktaFinding::new(code, Status::Skip, title)
                .detail("The app has no roles attribute to check."),
        );
    }
    out
}

/// `okta.roles.missing|variable_name|type|external_name|namespace|group_priority`, from
/// `GET /api/v1/meta/schemas/apps/{id}/default`.
pub fn roles_attribute(
    app: &AppView<'_>,
    expected: &Expected,
    schema: &Value,
) -> (Vec<OktaFinding>, Option<RolesAttribute>) {
    let values = app.values(expected);
    let want_var = app.expected_roles_variable.as_deref();
    let want = want_var.unwrap_or("<app variable>_roles");
    let found = schema
        .pointer("/definitions/custom/properties")
        .and_then(Value::as_object)
        .and_then(|p| find(p, want_var));
    let Some((variable, json)) = found else {
        return (missing(app, want), None);
    };
    let attr = Attr {
        app,
        values: &values,
        variable,
        json,
    };
    let out = vec![
        OktaFinding::new(
            "okta.roles.missing",
            Status::Pass,
            "The app has a roles attribute",
        )
        .has(variable.clone())
        .expected(want)
        .at(format!("Directory > Profile Editor > {} User", app.label))
        .detail(format!(
            "The attribute {variable} is in the app user profile."
        )),
        variable_name(&attr, want_var),
        data_type(&attr),
        external_name(&attr),
        namespace(&attr),
        group_priority(&attr),
    ];
    (
        out,
        Some(RolesAttribute {
            variable: variable.clone(),
        }),
    )
}

fn variable_name(attr: &Attr<'_>, want_var: Option<&str>) -> OktaFinding {
    let variable = attr.variable;
    let f = OktaFinding::new("okta.roles.variable_name", Status::Pass, "Variable name")
        .has(variable)
        .at(attr.at("roles.variable_name"));
    match want_var {
        Some(w) if w == variable => f.expected(w).detail("The name Loopio's guide asks for."),
        Some(w) => f
            .expected(w)
            .status(Status::Warn)
            .title("The roles attribute has another variable name")
            .detail(format!("Loopio's guide names it {w} (the app's name with _roles). It still works when the external name and namespace are right; group values are read from {variable}."))
            .remedy("Nothing to do if it works; a new attribute would need every group's roles entered again."),
        None => f.detail("The app's variable name is not a valid Okta variable name, so the guide's name could not be derived."),
    }
}

fn data_type(attr: &Attr<'_>) -> OktaFinding {
    let ty = attr.text("type");
    let item_ty = attr.json.pointer("/items/type").and_then(Value::as_str);
    let has_type = match (ty, item_ty) {
        (Some("array"), Some(i)) => format!("{i} array"),
        (Some(t), _) => t.to_string(),
        (None, _) => shown(None),
    };
    let f = OktaFinding::new("okta.roles.type", Status::Pass, "Data type")
        .has(has_type)
        .expected(expected_text(attr.values, "roles.data_type"))
        .at(attr.at("roles.data_type"))
        .detail("Okta sends roles as a list of strings, as Loopio expects.");
    if ty == Some("array") && !item_ty.is_some_and(|i| i != "string") {
        return f;
    }
    f.status(Status::Fail)
        .title("The roles attribute is not a string array")
        .detail("Loopio reads roles as a list of strings; another type is not sent as roles.")
        .remedy(format!("The data type cannot be changed: delete {} and add it again as string array (then enter every group's roles again).", attr.variable))
}

fn external_name(attr: &Attr<'_>) -> OktaFinding {
    let external = attr.text("externalName");
    let f = OktaFinding::new("okta.roles.external_name", Status::Pass, "External name")
        .has(shown(external))
        .expected("roles")
        .at(attr.at("roles.external_name"))
        .detail("Okta sends the attribute as roles.");
    if external == Some("roles") {
        return f;
    }
    f.status(Status::Fail)
        .title("The roles attribute's external name is not roles")
        .detail(match external {
            None | Some("") => {
                "Without an external name Okta leaves the attribute out of every SCIM request."
                    .to_string()
            }
            Some(e) => format!("Okta sends it to Loopio as {e}, which Loopio ignores."),
        })
        .remedy("Set External name to exactly roles (lower case).")
}

fn namespace(attr: &Attr<'_>) -> OktaFinding {
    let namespace = attr.text("externalNamespace");
    let f = OktaFinding::new("okta.roles.namespace", Status::Pass, "External namespace")
        .has(shown(namespace))
        .expected(CORE_USER_SCHEMA)
        .at(attr.at("roles.external_namespace"))
        .detail("Roles are sent in the SCIM core user schema, where Loopio reads them.");
    if namespace == Some(CORE_USER_SCHEMA) {
        return f;
    }
    f.status(Status::Fail)
        .title("The roles attribute is in the wrong namespace")
        .detail(match namespace {
            None | Some("") => "Without an external namespace Okta leaves the attribute out of every SCIM request.".to_string(),
            Some(n) if n.trim() == CORE_USER_SCHEMA => "It has extra spaces around it.".to_string(),
            Some(n) if n.contains("enterprise") => "It is the enterprise extension; Loopio reads roles from the core user schema.".to_string(),
            Some(_) => "Loopio reads roles from the SCIM core user schema only.".to_string(),
        })
        .remedy(format!("Set External namespace to exactly {CORE_USER_SCHEMA}. The field only appears once SCIM provisioning is enabled."))
}

fn group_priority(attr: &Attr<'_>) -> OktaFinding {
    let scope = attr.text("scope");
    let union = attr.text("union");
    let f = OktaFinding::new("okta.roles.group_priority", Status::Pass, "Group Priority")
        .has(match (scope, union) {
            (Some("SELF"), _) => "Attribute type: Personal (scope SELF)".to_string(),
            (_, Some("ENABLE")) => "Combine values across groups".to_string(),
            _ => "Use Group Priority".to_string(),
        })
        .expected(expected_text(attr.values, "roles.group_priority"))
        .at(attr.at("roles.group_priority"))
        .detail("A user in several groups gets the role of the highest-priority group.");
    if scope == Some("SELF") {
        f.status(Status::Fail)
            .title("The roles attribute is personal, not group")
            .detail("A personal attribute is set per user: the roles entered on group assignments are ignored.")
            .remedy("Set Attribute type to Group and choose Use Group Priority.")
    } else if union == Some("ENABLE") {
        f.status(Status::Fail)
            .title("Roles are combined across groups")
            .detail("A user in several groups gets all their roles; Loopio expects one.")
            .remedy(
                "Choose Group Priority: Use Group Priority, then order the groups in Assignments.",
            )
    } else {
        f
    }
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
        let (f, has_roles) = assignment(app, expected, variable, a);
        with_roles += usize::from(has_roles);
        out.push(f);
    }
    if with_roles == 0 {
        out.insert(
            0,
            OktaFinding::new("okta.roles.value", Status::Skip, "No group assignment sets a role")
                .has(format!("{} group assignment(s), none with roles", sorted.len()))
                .at(format!("{} > Assignments > Groups", app.screen()))
                .detail("Either roles come from a \"Same value for all users\" mapping (Provisioning > To App: see the roles mapping finding), or no group carries a role yet.")
                .remedy("If roles should come from groups, enter a Loopio role on each group assignment."),
        );
    }
    out
}

/// One group assignment's finding, and whether it carries any role.
fn assignment(
    app: &AppView<'_>,
    expected: &Expected,
    variable: &str,
    a: &Value,
) -> (OktaFinding, bool) {
    let group = assignment_group(a);
    let priority = a
        .get("priority")
        .and_then(Value::as_i64)
        // Okta's 0-based value, counted from 1 as the window and the plan of changes count.
        .map(|p| format!(", priority {}", p.saturating_add(1)))
        .unwrap_or_default();
    let at = format!(
        "{} > Assignments > Groups > {group} (pencil) > roles",
        app.screen()
    );
    let roles = assignment_roles(a, variable);
    let title = format!("Roles of the group {group}{priority}");
    if roles.is_empty() {
        let f = OktaFinding::new("okta.roles.value", Status::Warn, title)
            .has("(no role)")
            .at(at)
            .detail(format!("Users who get the app only through {group} are pushed without a role; Loopio gives them its default role."))
            .remedy("Enter the Loopio role for this group, or leave it empty if the default role is intended.");
        return (f, false);
    }
    let f = OktaFinding::new("okta.roles.value", Status::Pass, title)
        .has(roles.join(", "))
        .at(at);
    (checked_roles(f, &roles, expected), true)
}

/// A group assignment's group name (`?expand=group`), else its id.
pub(super) fn assignment_group(a: &Value) -> &str {
    a.pointer("/_embedded/group/profile/name")
        .and_then(Value::as_str)
        .or_else(|| a.get("id").and_then(Value::as_str))
        .unwrap_or("(unnamed group)")
}

/// The roles a group assignment sets in the attribute `variable`.
pub fn assignment_roles<'a>(a: &'a Value, variable: &str) -> Vec<&'a str> {
    match a.pointer(&format!("/profile/{variable}")) {
        Some(Value::Array(v)) => v.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(s)) => vec![s.as_str()],
        _ => Vec::new(),
    }
}

/// The roles through Loopio's role-name check: the worst status, Loopio's spelling, the fix.
/// Only a name seen in Loopio passes; one given by hand is "not seen in Loopio yet" (a warning).
pub(super) fn checked_roles(f: OktaFinding, roles: &[&str], expected: &Expected) -> OktaFinding {
    let (known, seen) = (&expected.known_roles, &expected.seen_roles);
    let checks: Vec<_> = roles
        .iter()
        .map(|r| check_role_seen(r, known, seen))
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
    let f = f
        .status(worst)
        .expected(suggestion.join(", "))
        .detail(messages.join(" "));
    match worst {
        Status::Fail => f.remedy(format!(
            "Change the group's roles to {}: Loopio matches role names exactly.",
            suggestion.join(", ")
        )),
        Status::Warn => f.remedy("Check the spelling against Loopio's role names (Loopio: Admin > Roles), or create the role in Loopio first."),
        _ => f,
    }
}
