//! The To App profile mapping (`okta.roles.mapping_override`, a "same value for all users" role)
//! and the differences from the wizard's saved roles plan (`okta.roles.plan_drift`).

use super::*;
use loopio_scim::setup::roles::{GroupRole, RolesPlan};

/// Sets the Loopio app's user mapping expression for the roles attribute.
fn map_roles(data: &mut OrgData, expression: &str) {
    let mapping = &mut data.directory.mappings[0];
    mapping["properties"][ROLES_VAR] = json!({"expression": expression, "pushStatus": "PUSH"});
}

fn without_group_roles(data: &mut OrgData) {
    for a in data.groups.get_mut(APP_ID).unwrap() {
        a["profile"] = json!({});
    }
}

fn all(report: &VerifyReport, code: &str) -> Vec<OktaFinding> {
    report
        .findings
        .iter()
        .filter(|f| f.code == code)
        .cloned()
        .collect()
}

#[tokio::test]
async fn an_expression_mapping_over_group_roles_fails() {
    let r = planted(
        |d| map_roles(d, "user.department"),
        "okta.roles.mapping_override",
        Status::Fail,
    )
    .await;
    let f = found(&r, "okta.roles.mapping_override");
    assert_eq!(f.okta_has.as_deref(), Some("user.department"));
    assert!(f.location.contains("To App"), "{f:#?}");
    assert!(f.detail.contains("never sent"), "{f:#?}");
    // Without group roles, an expression is only a warning: its values cannot be checked.
    planted(
        |d| {
            without_group_roles(d);
            map_roles(d, "user.department");
        },
        "okta.roles.mapping_override",
        Status::Warn,
    )
    .await;
}

#[tokio::test]
async fn a_same_value_role_goes_through_the_role_name_check() {
    let same_value = |r: &VerifyReport| {
        all(r, "okta.roles.value")
            .into_iter()
            .find(|f| f.title == "Same value for all users")
            .unwrap_or_else(|| panic!("{:#?}", r.findings))
    };
    let plant = |role: &'static str| {
        move |d: &mut OrgData| {
            without_group_roles(d);
            map_roles(d, role);
        }
    };
    let r = planted(
        plant("\"Contributor\""),
        "okta.roles.mapping_override",
        Status::Pass,
    )
    .await;
    assert_eq!(same_value(&r).status, Status::Pass);
    assert_eq!(
        r.verdict,
        Status::Warn,
        "the groups have no role: {:#?}",
        r.findings
    );
    // A near miss of Loopio's spelling fails and names it.
    let r = planted(
        plant("\"contributor\""),
        "okta.roles.mapping_override",
        Status::Pass,
    )
    .await;
    let f = same_value(&r);
    assert_eq!(f.status, Status::Fail, "{f:#?}");
    assert_eq!(f.expected.as_deref(), Some("Contributor"));
    // A literal and group roles at once: the mapping wins, which is worth a warning.
    planted(
        |d| map_roles(d, "\"Contributor\""),
        "okta.roles.mapping_override",
        Status::Warn,
    )
    .await;
}

#[tokio::test]
async fn an_unreadable_mapping_names_its_scope_and_the_rest_still_runs() {
    let mut data = OrgData::correct();
    data.forbidden.push("/api/v1/mappings".into());
    let r = verify(data).await;
    let f = found(&r, "okta.auth.forbidden");
    assert!(
        f.detail.contains("okta.profileMappings.read")
            || f.remedy.contains("okta.profileMappings.read"),
        "{f:#?}"
    );
    assert_eq!(status(&r, "okta.roles.namespace"), Status::Pass);
    assert_eq!(status(&r, "okta.cert.expiry"), Status::Pass);
}

fn with_plan(plan: RolesPlan) -> Expected {
    Expected {
        roles_plan: Some(plan),
        ..expected()
    }
}

fn group_plan(rows: &[(&str, &str)]) -> RolesPlan {
    RolesPlan::PerGroup {
        groups: rows
            .iter()
            .map(|(g, r)| GroupRole {
                group: g.to_string(),
                role: r.to_string(),
            })
            .collect(),
    }
}

async fn drift(data: OrgData, plan: RolesPlan) -> Vec<OktaFinding> {
    let (r, _) = verify_with(data, by_label(), with_plan(plan), TOKEN).await;
    all(&r, "okta.roles.plan_drift")
}

#[tokio::test]
async fn okta_matching_the_saved_plan_passes_and_each_difference_is_named() {
    let plan = [
        ("Loopio Admins", "Admin"),
        ("Proposal Team", "Contributor"),
        ("Everyone", "Reviewer"),
    ];
    let found = drift(OrgData::correct(), group_plan(&plan)).await;
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].status, Status::Pass);

    // Another role, a group missing from Okta, the order swapped, and a group the plan lacks.
    let plan = [
        ("Proposal Team", "Admin"),
        ("Loopio Admins", "Admin"),
        ("Sales", "Contributor"),
    ];
    let found = drift(OrgData::correct(), group_plan(&plan)).await;
    let titles: Vec<&str> = found.iter().map(|f| f.title.as_str()).collect();
    assert!(found.iter().all(|f| f.status == Status::Warn), "{found:#?}");
    assert!(
        titles.contains(&"The group Proposal Team has a different role than the plan"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"The group Sales is not assigned to the app"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"The groups' priority differs from the plan"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"The group Everyone has a role the plan does not give"),
        "{titles:?}"
    );
    assert_eq!(found.len(), 4, "{found:#?}");
    let role = found
        .iter()
        .find(|f| f.title.contains("Proposal Team"))
        .unwrap();
    assert_eq!(
        (role.okta_has.as_deref(), role.expected.as_deref()),
        (Some("Contributor"), Some("Admin"))
    );
}

#[tokio::test]
async fn a_same_value_plan_is_compared_with_the_mapping() {
    let plan = RolesPlan::SameForAll {
        role: "Contributor".into(),
    };
    let found = drift(OrgData::correct(), plan.clone()).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].status, Status::Warn);
    assert_eq!(found[0].okta_has.as_deref(), Some("(not mapped)"));
    let mut data = OrgData::correct();
    map_roles(&mut data, "\"Contributor\"");
    let found = drift(data, plan).await;
    assert_eq!(found[0].status, Status::Pass, "{found:#?}");
    // No plan saved: nothing to compare, no finding.
    let (r, _) = verify_with(OrgData::correct(), by_label(), expected(), TOKEN).await;
    assert!(all(&r, "okta.roles.plan_drift").is_empty());
}
