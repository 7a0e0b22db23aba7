//! The plan: pure functions from what Okta has ([`OktaState`]) and what the wizard wants
//! ([`Wanted`]) to the exact requests, in the order they must be sent. A request is planned only
//! for a difference, so a plan built after a successful apply is empty.
//!
//! An existing app is changed by a `PUT` of the object Okta returned with only the differing
//! fields replaced: a body built from scratch has reset SCIM apps' provisioning to None.

use loopio_scim_core::setup::app_variable::roles_variable_name;
use loopio_scim_core::setup::roles::RolesPlan;
use loopio_scim_core::setup::values::CORE_USER_SCHEMA;
use loopio_scim_core::setup::{okta_values, ValueInputs};
use serde_json::{json, Map, Value};

use super::state::{OktaState, ResolvedGroup};
use super::{ApplyError, ApplyReport, ManualStep, Request, Wanted};
use crate::okta::compare::{NAME_ID_UNSPECIFIED, USERNAME_EMAIL};
use crate::okta::AppSummary;

/// What a planned write changes, to record it and to undo it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    CreateApp,
    /// JSON pointers in the app object and their values before the change.
    UpdateApp {
        previous: Vec<(String, Value)>,
    },
    Schema {
        variable: String,
        previous: Option<Value>,
    },
    Group {
        previous: Option<Value>,
    },
    Mapping {
        variable: String,
        previous: Option<Value>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Step {
    pub request: Request,
    pub kind: Kind,
}

/// The requests to send, in order, and what stays manual.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub(crate) steps: Vec<Step>,
    pub pending_manual: Vec<ManualStep>,
    pub reminders: Vec<String>,
}

impl Plan {
    pub fn requests(&self) -> Vec<Request> {
        self.steps.iter().map(|s| s.request.clone()).collect()
    }

    pub(crate) fn report(&self, app: Option<AppSummary>, warnings: Vec<String>) -> ApplyReport {
        ApplyReport {
            applied: false,
            app,
            plan: self.requests(),
            results: Vec::new(),
            not_sent: self.requests(),
            pending_manual: self.pending_manual.clone(),
            reminders: self.reminders.clone(),
            undo: Vec::new(),
            warnings,
            error: None,
        }
    }
}

/// The SAML fields the wizard sets: (JSON pointer in the app object, Okta's label, value).
pub(crate) fn saml_fields(wanted: &Wanted) -> Vec<(&'static str, &'static str, String)> {
    let values = okta_values(&ValueInputs {
        domain: Some(&wanted.domain),
        environment: wanted.environment,
        roles_variable: None,
    });
    let v = |key: &str| {
        values
            .iter()
            .find(|v| v.key == key)
            .and_then(|v| v.value.clone())
            .unwrap_or_default()
    };
    let sso = v("saml.sso_url");
    vec![
        (
            "/settings/signOn/ssoAcsUrl",
            "Single sign-on URL",
            sso.clone(),
        ),
        ("/settings/signOn/recipient", "Recipient URL", sso.clone()),
        ("/settings/signOn/destination", "Destination URL", sso),
        (
            "/settings/signOn/audience",
            "Audience URI (SP Entity ID)",
            v("saml.sp_entity_id"),
        ),
        (
            "/settings/signOn/defaultRelayState",
            "Default RelayState",
            v("saml.default_relay_state"),
        ),
        (
            "/settings/signOn/subjectNameIdFormat",
            "Name ID format",
            NAME_ID_UNSPECIFIED.into(),
        ),
        (
            "/credentials/userNameTemplate/template",
            "Application username",
            USERNAME_EMAIL.into(),
        ),
        (
            "/credentials/userNameTemplate/type",
            "Application username type",
            "BUILT_IN".into(),
        ),
        (
            "/credentials/userNameTemplate/pushStatus",
            "Update application username on",
            "PUSH".into(),
        ),
    ]
}

/// Sets `pointer` in `target`, creating the objects on the way.
pub(crate) fn set(target: &mut Value, pointer: &str, value: Value) {
    let mut at = target;
    for part in pointer.trim_start_matches('/').split('/') {
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        at = at
            .as_object_mut()
            .expect("made an object above")
            .entry(part.to_string())
            .or_insert(Value::Null);
    }
    *at = value;
}

/// The body of `POST /api/v1/apps?activate=true` (`SamlApplication`): the required sign-on
/// flags with Okta's console defaults, then every value the wizard generates.
pub(crate) fn create_body(wanted: &Wanted) -> Value {
    let mut body = json!({
        "label": wanted.label,
        "signOnMode": "SAML_2_0",
        "visibility": {"autoSubmitToolbar": false, "hide": {"iOS": false, "web": false}},
        "settings": {"signOn": {
            "subjectNameIdTemplate": "${user.userName}",
            "responseSigned": true,
            "assertionSigned": true,
            "signatureAlgorithm": "RSA_SHA256",
            "digestAlgorithm": "SHA256",
            "honorForceAuthn": true,
            "authnContextClassRef": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
            "requestCompressed": false,
            "allowMultipleAcsEndpoints": false
        }}
    });
    for (pointer, _, value) in saml_fields(wanted) {
        set(&mut body, pointer, Value::String(value));
    }
    body
}

/// The roles attribute as Loopio's guide adds it: a string array sent as SCIM `roles`, set per
/// group with "Use Group Priority". `items` and `union` are the attributes Okta keeps for arrays.
pub fn desired_roles_property() -> Value {
    json!({
        "title": "roles",
        "description": "Loopio role",
        "type": "array",
        "items": {"type": "string"},
        "scope": "NONE",
        "union": "DISABLE",
        "externalName": "roles",
        "externalNamespace": CORE_USER_SCHEMA
    })
}

/// Builds the plan. Errors when the roles plan cannot be carried out as asked.
pub(crate) fn build(state: &OktaState, wanted: &Wanted) -> Result<Plan, ApplyError> {
    let mut plan = Plan {
        steps: Vec::new(),
        pending_manual: Vec::new(),
        reminders: reminders(wanted),
    };
    let Some(app) = &state.app else {
        plan.steps.push(Step {
            request: Request {
                method: "POST".into(),
                path: "/api/v1/apps?activate=true".into(),
                body: Some(create_body(wanted)),
                why: format!("No SAML app is labelled {:?}: create it with every SAML value the wizard generated (Single sign-on URL, Audience URI, Default RelayState, Name ID format Unspecified, Application username Email, updated on create and update).", wanted.label),
            },
            kind: Kind::CreateApp,
        });
        plan.pending_manual = manual_steps(state, wanted, &wanted.label);
        return Ok(plan);
    };
    let id = state.app_id().unwrap_or_default();
    let label = app
        .get("label")
        .and_then(Value::as_str)
        .unwrap_or(&wanted.label)
        .to_string();
    if let Some(step) = app_update(app, &id, wanted) {
        plan.steps.push(step);
    }
    plan.pending_manual = manual_steps(state, wanted, &label);
    if state.provisioning_on() {
        if let Some(roles) = &wanted.roles {
            plan.steps.extend(roles_steps(state, &id, roles)?);
        }
    }
    Ok(plan)
}

fn app_update(app: &Value, id: &str, wanted: &Wanted) -> Option<Step> {
    let mut body = app.clone();
    let mut previous = Vec::new();
    let mut said = Vec::new();
    for (pointer, label, value) in saml_fields(wanted) {
        let has = app.pointer(pointer).cloned().unwrap_or(Value::Null);
        if has.as_str() != Some(value.as_str()) {
            said.push(format!(
                "{label}: {} -> {value}",
                has.as_str().unwrap_or("(none)")
            ));
            set(&mut body, pointer, Value::String(value));
            previous.push((pointer.to_string(), has));
        }
    }
    if previous.is_empty() {
        return None;
    }
    Some(Step {
        request: Request {
            method: "PUT".into(),
            path: format!("/api/v1/apps/{id}"),
            body: Some(body),
            why: format!("Change only what differs, in the app object Okta returned (its provisioning settings kept): {}.", said.join("; ")),
        },
        kind: Kind::UpdateApp { previous },
    })
}

/// The roles attribute's variable name and its current definition, if the schema has one.
fn roles_attribute(state: &OktaState, expected: &str) -> (String, Option<Value>) {
    let props = state
        .schema
        .as_ref()
        .and_then(|s| s.pointer("/definitions/custom/properties"))
        .and_then(Value::as_object);
    if let Some(props) = props {
        if let Some(p) = props.get(expected) {
            return (expected.to_string(), Some(p.clone()));
        }
        if let Some((k, p)) = props
            .iter()
            .find(|(_, p)| p.get("externalName").and_then(Value::as_str) == Some("roles"))
        {
            return (k.clone(), Some(p.clone()));
        }
    }
    (expected.to_string(), None)
}

fn schema_step(state: &OktaState, id: &str) -> (String, Option<Step>) {
    let name = state
        .app
        .as_ref()
        .and_then(|a| a.get("name"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let expected = roles_variable_name(name).unwrap_or_else(|_| format!("{name}_roles"));
    let (variable, existing) = roles_attribute(state, &expected);
    let desired = desired_roles_property();
    let mut property = existing.clone().unwrap_or_else(|| desired.clone());
    let mut fixed = Vec::new();
    for key in [
        "type",
        "items",
        "scope",
        "union",
        "externalName",
        "externalNamespace",
    ] {
        let has = property.get(key).cloned();
        let unset_union = key == "union" && has.is_none();
        if has.as_ref() != desired.get(key) && !unset_union {
            fixed.push(key);
            property[key] = desired[key].clone();
        }
    }
    if existing.is_some() && fixed.is_empty() {
        return (variable, None);
    }
    let why = match &existing {
        None => format!("Add the roles attribute {variable} (string array, external name roles, namespace {CORE_USER_SCHEMA}, Use Group Priority), and nothing else."),
        Some(_) => format!("Correct the roles attribute {variable} ({}), and nothing else.", fixed.join(", ")),
    };
    let body = json!({"definitions": {"custom": {"id": "#custom", "type": "object", "properties": {variable.clone(): property}}}});
    let step = Step {
        request: Request {
            method: "POST".into(),
            path: format!("/api/v1/meta/schemas/apps/{id}/default"),
            body: Some(body),
            why,
        },
        kind: Kind::Schema {
            variable: variable.clone(),
            previous: existing,
        },
    };
    (variable, Some(step))
}

fn roles_steps(state: &OktaState, id: &str, roles: &RolesPlan) -> Result<Vec<Step>, ApplyError> {
    let (variable, schema) = schema_step(state, id);
    let mut steps: Vec<Step> = schema.into_iter().collect();
    match roles {
        RolesPlan::PerGroup { groups } => {
            for (priority, g) in groups.iter().enumerate() {
                let resolved = state.groups.iter().find(|r| r.name == g.group.trim());
                let Some(resolved) = resolved else {
                    return Err(ApplyError::new(
                        "okta.apply.group_not_found",
                        format!("Okta has no group named {:?}.", g.group),
                        "Nothing was sent. Give the group's name exactly as Okta shows it.",
                    )
                    .input());
                };
                steps.extend(group_step(
                    state, id, &variable, resolved, priority, &g.role,
                ));
            }
        }
        RolesPlan::SameForAll { role } => steps.extend(mapping_step(state, &variable, role)?),
    }
    Ok(steps)
}

fn group_step(
    state: &OktaState,
    id: &str,
    variable: &str,
    group: &ResolvedGroup,
    priority: usize,
    role: &str,
) -> Option<Step> {
    let existing = state
        .assignments
        .iter()
        .find(|a| a.get("id").and_then(Value::as_str) == Some(group.id.as_str()));
    let wanted_roles = json!([role]);
    if let Some(a) = existing {
        let same_priority = a.get("priority").and_then(Value::as_u64) == Some(priority as u64);
        if same_priority && a.pointer(&format!("/profile/{variable}")) == Some(&wanted_roles) {
            return None;
        }
    }
    let mut profile = existing
        .and_then(|a| a.get("profile"))
        .filter(|p| p.is_object())
        .cloned()
        .unwrap_or_else(|| json!({}));
    profile[variable] = wanted_roles;
    let previous = existing.map(|a| json!({"priority": a.get("priority").cloned().unwrap_or(Value::Null), "profile": a.get("profile").cloned().unwrap_or_else(|| json!({}))}));
    let verb = if existing.is_some() {
        "Set"
    } else {
        "Assign the app to"
    };
    Some(Step {
        request: Request {
            method: "PUT".into(),
            path: format!("/api/v1/apps/{id}/groups/{}", group.id),
            body: Some(json!({"priority": priority, "profile": profile})),
            // Okta's priority is 0-based; people (the window, the findings, the report) count from 1.
            why: format!("{verb} group {:?}: role {role:?}, priority {} (the first matching group in the plan wins).", group.name, priority + 1),
        },
        kind: Kind::Group { previous },
    })
}

/// A literal in Okta's expression language: a quoted string.
pub(crate) fn literal(role: &str) -> String {
    format!("\"{}\"", role.replace('\\', "\\\\").replace('"', "\\\""))
}

fn mapping_step(state: &OktaState, variable: &str, role: &str) -> Result<Option<Step>, ApplyError> {
    let Some(mapping) = &state.mapping else {
        return Err(ApplyError::new("okta.apply.mapping_not_found", "Okta has no profile mapping from the Okta user to this app's user.", "Open Directory > Profile Editor > Mappings for the app once, or set \"Same value for all users\" by hand (Provisioning > To App > roles)."));
    };
    let mapping_id = mapping
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let previous = mapping.pointer(&format!("/properties/{variable}")).cloned();
    let desired = json!({"expression": literal(role), "pushStatus": "PUSH"});
    if previous.as_ref() == Some(&desired) {
        return Ok(None);
    }
    Ok(Some(Step {
        request: Request {
            method: "POST".into(),
            path: format!("/api/v1/mappings/{mapping_id}"),
            body: Some(json!({"properties": {variable: desired}})),
            why: format!("Same value for all users: every user assigned to the app gets the role {role:?}, on create and update."),
        },
        kind: Kind::Mapping {
            variable: variable.to_string(),
            previous,
        },
    }))
}

/// The manual steps the read-back shows as not done (none has an API).
pub(crate) fn manual_steps(state: &OktaState, wanted: &Wanted, label: &str) -> Vec<ManualStep> {
    let features = state.features();
    let has = |f: &str| features.iter().any(|x| x == f);
    let app = format!("Applications > Applications > {label}");
    // The finding that shows each step done, so the window can say so after Check again.
    let step = |step: &str, location: String, what: &str| ManualStep {
        step: step.into(),
        location,
        what: what.into(),
        confirmed_by: match step {
            "general.enable_scim" => Some("okta.provisioning.scim"),
            "to_app.create_users" => Some("okta.provisioning.create_users"),
            "to_app.update_user_attributes" => Some("okta.provisioning.update_attributes"),
            "to_app.roles_mapping" => Some("okta.roles.mapping_override"),
            _ => None,
        }
        .map(str::to_string),
    };
    let mut steps = Vec::new();
    if !has("SCIM_PROVISIONING") {
        steps.push(step(
            "general.enable_scim",
            format!("{app} > General > App Settings"),
            "Click Edit, tick Enable SCIM provisioning, then Save. No Okta API can do this.",
        ));
        steps.push(step("scim.base_url", format!("{app} > Provisioning > Integration"), "Fill in the SCIM connection (base URL, unique identifier userName, HTTP Header with your Loopio SCIM token), then Test Connector Configuration and Save."));
    }
    if !has("PUSH_NEW_USERS") {
        steps.push(step(
            "to_app.create_users",
            format!("{app} > Provisioning > To App"),
            "Click Edit, enable Create Users, then Save.",
        ));
    }
    if wanted.roles.is_some() && !has("PUSH_PROFILE_UPDATES") {
        steps.push(step("to_app.update_user_attributes", format!("{app} > Provisioning > To App"), "Click Edit, enable Update User Attributes (needed for roles to reach Loopio), then Save."));
    }
    if let (Some(RolesPlan::PerGroup { .. }), Some(mapping)) = (&wanted.roles, &state.mapping) {
        let name = state.summary().map(|a| a.name).unwrap_or_default();
        let variable = roles_variable_name(&name).unwrap_or_default();
        if crate::okta::compare::roles_expression(mapping, &variable).is_some() {
            steps.push(step("to_app.roles_mapping", format!("{app} > Provisioning > To App > {label} Attribute Mappings > roles (pencil)"), "Choose Do not map for roles, then Save: the mapping's expression overrides the roles on the group assignments, so they are never sent."));
        }
    }
    if wanted.roles.is_some() && !has("SCIM_PROVISIONING") {
        steps.push(step("roles", format!("{app} > Provisioning"), "Once SCIM provisioning is on, apply the changes again: that adds the roles attribute and the roles (Okta shows the attribute's namespace only then)."));
    }
    steps
}

fn reminders(wanted: &Wanted) -> Vec<String> {
    vec![format!(
        "Provisioning > Integration: SCIM connector base URL {}, Unique identifier field for users userName, Authentication Mode HTTP Header with your Loopio SCIM token. No Okta API reads these: the assistant's connection test and Okta's Test Connector Configuration confirm them.",
        wanted.environment.scim_base_url()
    )]
}
