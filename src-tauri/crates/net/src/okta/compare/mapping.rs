//! What decides the roles Okta sends besides the group assignments: the Okta user to app user
//! profile mapping (`ProfileMapping`; "Same value for all users" is a literal expression there),
//! and how the roles Okta has differ from the roles plan saved in the wizard.
//!
//! - `okta.roles.mapping_override`: an expression maps the roles attribute while groups carry
//!   roles. The mapping wins and the groups' values are never sent (reported by admins on Okta's
//!   support site).
//! - `okta.roles.value`: a "same value for all users" literal, through Loopio's role-name check.
//! - `okta.roles.plan_drift`: each difference between Okta's roles and the wizard's roles plan.

use loopio_scim_core::findings::Status;
use loopio_scim_core::setup::roles::{GroupRole, RolesPlan};
use serde_json::Value;

use super::roles::{assignment_group, assignment_roles, checked_roles};
use super::{AppView, Expected, OktaFinding};

const DRIFT_REMEDY: &str = "Make Okta match the plan (or let the assistant apply it), or change the plan in the wizard's roles step if Okta is right.";

/// The roles attribute's expression in the mapping, if any (trimmed; `None` when unmapped).
pub fn roles_expression<'m>(mapping: &'m Value, variable: &str) -> Option<&'m str> {
    mapping
        .get("properties")?
        .get(variable)?
        .get("expression")?
        .as_str()
        .map(str::trim)
        .filter(|e| !e.is_empty())
}

/// The string a literal expression (`"Contributor"`) stands for; `None` for any other expression.
pub fn literal_value(expression: &str) -> Option<String> {
    let inner = expression.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(chars.next()?),
            '"' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

fn to_app_mappings(app: &AppView<'_>) -> String {
    format!(
        "{} > Provisioning > To App > {} Attribute Mappings > roles (pencil)",
        app.screen(),
        app.label
    )
}

/// `okta.roles.mapping_override`, and `okta.roles.value` for a "same value for all users"
/// literal. `groups_carry_roles`: whether any group assignment sets a role.
pub fn mapping(
    app: &AppView<'_>,
    expected: &Expected,
    variable: &str,
    mapping: Option<&Value>,
    groups_carry_roles: bool,
) -> Vec<OktaFinding> {
    let at = to_app_mappings(app);
    let expression = mapping.and_then(|m| roles_expression(m, variable));
    let base = OktaFinding::new(
        "okta.roles.mapping_override",
        Status::Pass,
        "Roles mapping in To App",
    )
    .at(at.clone());
    let Some(expression) = expression else {
        let f = base.has("(not mapped)").detail(
            "No profile mapping sets roles, so the roles on the group assignments are sent.",
        );
        return vec![f];
    };
    let f = base.has(expression.to_string());
    match literal_value(expression) {
        Some(role) => {
            let value = OktaFinding::new(
                "okta.roles.value",
                Status::Pass,
                "Same value for all users",
            )
            .has(role.clone())
            .at(at);
            let value = checked_roles(value, &[role.as_str()], expected);
            let f = if groups_carry_roles {
                f.status(Status::Warn)
                    .title("Every user gets the same role, whatever their groups")
                    .expected("(not mapped), or no role on the group assignments")
                    .detail(format!("The mapping gives every user {role:?}; the roles entered on the group assignments are never sent."))
                    .remedy("Keep one source of roles: either clear the roles mapping in To App (pencil beside roles, Do not map) so the group roles are sent, or remove the roles from the group assignments.")
            } else {
                f.detail(format!("Every user assigned to the app gets {role:?}."))
            };
            vec![f, value]
        }
        None if groups_carry_roles => vec![f
            .status(Status::Fail)
            .title("A mapping expression overrides the group roles")
            .expected("(not mapped)")
            .detail("The To App mapping's expression decides every user's roles, so the roles entered on the group assignments are never sent to Loopio.")
            .remedy("Open the roles mapping in To App (pencil beside roles) and choose Do not map, then save; the group roles are sent on the next update (Update User Attributes).")],
        None => vec![f
            .status(Status::Warn)
            .title("Roles come from an expression")
            .detail("An expression decides each user's roles; the assistant cannot check the values it yields.")
            .remedy("Check that the expression yields Loopio role names exactly (Loopio: Admin > Roles), or use group roles, which the assistant checks.")],
    }
}

/// `okta.roles.plan_drift`: each difference between Okta's roles and the wizard's saved plan,
/// or one `pass` when they agree. Nothing when no plan is saved.
pub fn plan_drift(
    app: &AppView<'_>,
    expected: &Expected,
    variable: &str,
    assignments: &[Value],
    mapping: Option<&Value>,
) -> Vec<OktaFinding> {
    let drift = |title: String| {
        OktaFinding::new("okta.roles.plan_drift", Status::Warn, title).remedy(DRIFT_REMEDY)
    };
    let mut out = Vec::new();
    match &expected.roles_plan {
        None => return out,
        Some(RolesPlan::SameForAll { role }) => {
            let role = role.trim();
            if role.is_empty() {
                return out;
            }
            let has = mapping
                .and_then(|m| roles_expression(m, variable))
                .map(|e| literal_value(e).unwrap_or_else(|| e.to_string()));
            if has.as_deref() != Some(role) {
                out.push(
                    drift("Same value for all users differs from the plan".into())
                        .has(has.unwrap_or_else(|| "(not mapped)".into()))
                        .expected(role.to_string())
                        .at(to_app_mappings(app))
                        .detail("The wizard's plan gives every user one role through the To App mapping."),
                );
            }
        }
        Some(RolesPlan::PerGroup { groups }) => {
            out = group_drift(app, groups, variable, assignments);
        }
    }
    if out.is_empty() {
        out.push(
            OktaFinding::new(
                "okta.roles.plan_drift",
                Status::Pass,
                "Roles match the wizard's plan",
            )
            .at(format!("{} > Assignments > Groups", app.screen())),
        );
    }
    out
}

fn group_drift(
    app: &AppView<'_>,
    plan: &[GroupRole],
    variable: &str,
    assignments: &[Value],
) -> Vec<OktaFinding> {
    let groups_at = format!("{} > Assignments > Groups", app.screen());
    let rows: Vec<_> = plan.iter().filter(|r| !r.group.trim().is_empty()).collect();
    let mut out = Vec::new();
    let mut found_priorities = Vec::new();
    for row in &rows {
        let name = row.group.trim();
        let role = row.role.trim();
        let Some(a) = assignments
            .iter()
            .find(|a| assignment_group(a).eq_ignore_ascii_case(name))
        else {
            out.push(unassigned_group(name, role, &groups_at));
            continue;
        };
        found_priorities.push((name, a.get("priority").and_then(Value::as_i64)));
        let roles = assignment_roles(a, variable);
        out.extend(group_role_drift(name, role, &roles, &groups_at));
    }
    out.extend(priority_drift(&found_priorities, &groups_at));
    out.extend(unplanned_group_roles(
        &rows,
        variable,
        assignments,
        &groups_at,
    ));
    out
}

/// A `okta.roles.plan_drift` warning about the group assignments, at `at`.
fn group_drift_finding(title: String, at: &str) -> OktaFinding {
    OktaFinding::new("okta.roles.plan_drift", Status::Warn, title)
        .at(at.to_string())
        .remedy(DRIFT_REMEDY)
}

/// A group of the plan that Okta does not assign to the app.
fn unassigned_group(name: &str, role: &str, groups_at: &str) -> OktaFinding {
    group_drift_finding(format!("The group {name} is not assigned to the app"), groups_at)
        .has("(not assigned)")
        .expected(format!("{name}: {role}"))
        .detail("The plan gives this group a role, but Okta does not assign the app to it, so its members get no Loopio account through it.")
}

/// An assigned group of the plan whose roles in Okta are not the one the plan gives it.
fn group_role_drift(
    name: &str,
    role: &str,
    roles: &[&str],
    groups_at: &str,
) -> Option<OktaFinding> {
    if roles.len() == 1 && roles[0].trim() == role {
        return None;
    }
    let has = if roles.is_empty() {
        "(no role)".to_string()
    } else {
        roles.join(", ")
    };
    Some(
        group_drift_finding(
            format!("The group {name} has a different role than the plan"),
            &format!("{groups_at} > {name} (pencil) > roles"),
        )
        .has(has)
        .expected(role.to_string())
        .detail("Okta sends the role on the group assignment; the wizard's plan says another."),
    )
}

/// The assigned groups of the plan, in the plan's order, against Okta's priority order.
fn priority_drift(
    found_priorities: &[(&str, Option<i64>)],
    groups_at: &str,
) -> Option<OktaFinding> {
    let mut by_okta = found_priorities.to_vec();
    by_okta.sort_by_key(|(_, p)| p.unwrap_or(i64::MAX));
    let plan_order: Vec<&str> = found_priorities.iter().map(|(n, _)| *n).collect();
    let okta_order: Vec<&str> = by_okta.iter().map(|(n, _)| *n).collect();
    if plan_order == okta_order {
        return None;
    }
    Some(
        group_drift_finding("The groups' priority differs from the plan".into(), groups_at)
            .has(okta_order.join(" > "))
            .expected(plan_order.join(" > "))
            .detail("A user in several groups gets the role of the group first in Okta's priority order (priority 1); the plan's order is the wizard's."),
    )
}

/// The assigned groups that carry a role while the plan has no row for them.
fn unplanned_group_roles(
    rows: &[&GroupRole],
    variable: &str,
    assignments: &[Value],
    groups_at: &str,
) -> Vec<OktaFinding> {
    let mut out = Vec::new();
    for a in assignments {
        let name = assignment_group(a);
        let roles = assignment_roles(a, variable);
        let planned = rows
            .iter()
            .any(|r| r.group.trim().eq_ignore_ascii_case(name));
        if !planned && !roles.is_empty() {
            out.push(
                group_drift_finding(format!("The group {name} has a role the plan does not give"), &format!("{groups_at} > {name} (pencil) > roles"))
                    .has(roles.join(", "))
                    .expected("(not in the plan)")
                    .detail("Okta sends this group's role, but the wizard's roles plan has no row for the group."),
            );
        }
    }
    out
}
