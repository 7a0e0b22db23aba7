//! The roles attribute: which Loopio role each Okta user gets, checked against Loopio's real
//! role names before Okta pushes anyone.
//!
//! Loopio matches role names exactly. A near miss ("admin" for "Admin", "Admins", "Admin " or a
//! look-alike Cyrillic "а") only fails when users are pushed, so it is an error here, with the
//! right spelling; a name no Loopio user has yet is a warning (the role may exist with no users).

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_security::confusable_detection::skeleton;

/// How roles are assigned: the two ways the Loopio guide describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "mode", rename_all = "snake_case")]
#[ts(export)]
pub enum RolesPlan {
    /// "Same value for all users": everyone assigned to the app gets this role.
    SameForAll { role: String },
    /// One role per Okta group; the first matching group in this order wins (Group Priority).
    PerGroup { groups: Vec<GroupRole> },
}

impl RolesPlan {
    /// Whether the plan gives anyone a role yet (blank rows and an empty role are no plan).
    pub fn gives_a_role(&self) -> bool {
        match self {
            RolesPlan::SameForAll { role } => !role.trim().is_empty(),
            RolesPlan::PerGroup { groups } => groups.iter().any(|g| !g.role.trim().is_empty()),
        }
    }
}

impl Default for RolesPlan {
    fn default() -> Self {
        RolesPlan::SameForAll {
            role: String::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GroupRole {
    pub group: String,
    pub role: String,
}

/// The verdict on one role value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum RoleStatus {
    Pass,
    Warn,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RoleCheck {
    pub value: String,
    pub status: RoleStatus,
    /// `role.exact`, `role.near_miss`, `role.unknown`, `role.unverified`, `role.empty`.
    pub code: String,
    pub message: String,
    /// The exact Loopio spelling, for a near miss.
    pub suggestion: Option<String>,
}

/// One row of the plan, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PlanRow {
    /// Empty for "same value for all users".
    pub group: String,
    pub group_error: Option<String>,
    pub role: RoleCheck,
}

/// The plan, checked, with the Okta steps that carry it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RolesPlanView {
    /// The known Loopio role names as the core keeps them: trimmed, without blanks or repeats,
    /// sorted. The window saves this list rather than cleaning names itself.
    pub known: Vec<String>,
    pub rows: Vec<PlanRow>,
    pub instructions: Vec<String>,
    /// Names in the list that differ only in case, spacing, punctuation, plural or a look-alike
    /// letter (`role.duplicate`), each naming both: Loopio has one of them at most.
    pub known_errors: Vec<String>,
    /// True when nothing is an error (warnings allowed).
    pub ready: bool,
}

/// Compares names ignoring case, spacing, punctuation, a plural "s" and look-alike characters.
fn loose_key(name: &str) -> String {
    // Lower case first: the confusable skeleton of upper-case letters differs from lower-case.
    let lower: String = name.trim().chars().flat_map(char::to_lowercase).collect();
    let folded: String = skeleton(&lower).collect();
    let mut key: String = folded
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect();
    if key.len() > 1 && key.ends_with('s') {
        key.pop();
    }
    key
}

fn describe_difference(value: &str, correct: &str) -> &'static str {
    if value.trim() != value {
        "extra spaces around it"
    } else if value.to_lowercase() == correct.to_lowercase() {
        "different upper/lower case"
    } else if !value.is_ascii() {
        "characters that only look like the right ones"
    } else {
        "different spacing, punctuation or plural"
    }
}

/// Checks one role value against the known Loopio role names, all of them seen in Loopio.
pub fn check_role(value: &str, known: &[String]) -> RoleCheck {
    check_role_seen(value, known, known)
}

/// Checks one role value against the known names, of which only `seen` were seen in Loopio
/// (discovered); the rest were added by hand. Only a name seen in Loopio passes.
pub fn check_role_seen(value: &str, known: &[String], seen: &[String]) -> RoleCheck {
    let make = |status, code: &str, message: String, suggestion: Option<String>| RoleCheck {
        value: value.to_string(),
        status,
        code: code.into(),
        message,
        suggestion,
    };
    if value.trim().is_empty() {
        return make(
            RoleStatus::Error,
            "role.empty",
            "Enter a Loopio role name.".into(),
            None,
        );
    }
    if known.iter().any(|k| k == value) && !seen.iter().any(|k| k == value) {
        return make(
            RoleStatus::Warn,
            "role.not_seen",
            format!("\"{value}\" is not seen in Loopio yet (added by hand, or read from the practice tenant or a custom URL): check it is exactly a Loopio role name, or discover the role names from Loopio."),
            None,
        );
    }
    if known.iter().any(|k| k == value) {
        return make(
            RoleStatus::Pass,
            "role.exact",
            format!("{value} is a Loopio role name."),
            None,
        );
    }
    let key = loose_key(value);
    if let Some(correct) = known.iter().find(|k| loose_key(k) == key) {
        let why = describe_difference(value, correct);
        return make(
            RoleStatus::Error,
            "role.near_miss",
            format!("\"{value}\" is not a Loopio role name: Loopio's is \"{correct}\" ({why}). Loopio matches role names exactly, so use \"{correct}\"."),
            Some(correct.clone()),
        );
    }
    if known.is_empty() {
        return make(
            RoleStatus::Warn,
            "role.unverified",
            "No Loopio role names are known yet: discover them from Loopio or add them by hand to check this value.".into(),
            None,
        );
    }
    make(
        RoleStatus::Warn,
        "role.unknown",
        format!("No Loopio user has the role \"{value}\" yet: create it in Loopio first (or check its spelling), or users will fail to provision."),
        None,
    )
}

/// Distinct role names, in a stable order, dropping blanks.
pub fn normalise_catalog(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = names
        .into_iter()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The value an Okta instruction may tell the admin to enter: Loopio's spelling for a near miss
/// (never the wrong one), nothing for an empty or refused value.
fn value_to_enter(check: &RoleCheck) -> Option<String> {
    match (check.status, &check.suggestion) {
        (_, Some(loopio)) => Some(loopio.clone()),
        (RoleStatus::Error, None) => None,
        _ if check.value.trim().is_empty() => None,
        _ => Some(check.value.trim().to_string()),
    }
}

/// Pairs of names in the list that Loopio cannot both have meant: they differ only in case,
/// spacing, punctuation, plural or a look-alike letter. One message per pair, naming both.
pub fn duplicate_names(known: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, a) in known.iter().enumerate() {
        for b in &known[i + 1..] {
            if a != b && loose_key(a) == loose_key(b) {
                let why = if a.is_ascii() && b.is_ascii() {
                    describe_difference(a, b)
                } else {
                    "characters that only look like the right ones"
                };
                out.push(format!("\"{a}\" and \"{b}\" are listed as two role names but differ only in {why}: Loopio matches names exactly, so keep the one Loopio has and remove the other."));
            }
        }
    }
    out
}

/// Checks the plan and writes the Okta steps for it, every known name taken as seen in Loopio.
pub fn plan_view(plan: &RolesPlan, known: &[String]) -> RolesPlanView {
    plan_view_seen(plan, known, known)
}

/// Checks the plan and writes the Okta steps for it: a value passes only when Loopio was seen
/// using it (`in_loopio`); a name added by hand is a warning until then.
pub fn plan_view_seen(plan: &RolesPlan, known: &[String], in_loopio: &[String]) -> RolesPlanView {
    let mut rows = Vec::new();
    let mut instructions = Vec::new();
    match plan {
        RolesPlan::SameForAll { role } => {
            let check = check_role_seen(role, known, in_loopio);
            let enter = value_to_enter(&check);
            rows.push(PlanRow {
                group: String::new(),
                group_error: None,
                role: check,
            });
            instructions.push("In Okta open your Loopio app > Provisioning > To App, scroll to the attribute mappings and click the pencil beside roles.".into());
            instructions
                .push("For \"Attribute value\" choose \"Same value for all users\".".into());
            instructions.push(match enter {
                Some(value) => format!("Enter exactly: {value}"),
                None => "Enter exactly the Loopio role name (fix the value above first)".into(),
            });
            instructions.push("Set \"Apply on\" to \"Create and update\" and click Save.".into());
        }
        RolesPlan::PerGroup { groups } => {
            let mut seen = Vec::new();
            for g in groups {
                let name = g.group.trim().to_string();
                let group_error = if name.is_empty() {
                    Some("Enter the Okta group name.".to_string())
                } else if seen.iter().any(|s: &String| s.eq_ignore_ascii_case(&name)) {
                    Some(format!("{name} is listed twice: each group gets one role."))
                } else {
                    None
                };
                seen.push(name.clone());
                rows.push(PlanRow {
                    group: name,
                    group_error,
                    role: check_role_seen(&g.role, known, in_loopio),
                });
            }
            instructions.push(
                "In Okta open your Loopio app > Assignments > Assign > Assign to Groups.".into(),
            );
            // Never an instruction with an empty group or value, nor with a wrong spelling.
            for (i, row) in rows.iter().enumerate() {
                let step = match (row.group.is_empty(), value_to_enter(&row.role)) {
                    (false, Some(value)) => format!(
                        "Priority {}: click Assign beside the group \"{}\", enter roles = {value}, click Save and Go Back.",
                        i + 1,
                        row.group,
                    ),
                    _ => format!("Priority {}: (fill in the group and its role above first)", i + 1),
                };
                instructions.push(step);
            }
            if rows.len() > 1 {
                let order: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
                instructions.push(format!(
                    "Click Done, then in Assignments > Groups set the priority (drag the groups) to: {}. A user in several groups gets the role of the first one.",
                    order.join(" > ")
                ));
            } else {
                instructions.push("Click Done.".into());
            }
        }
    }
    let known_errors = duplicate_names(&normalise_catalog(known.iter().cloned()));
    let ready = known_errors.is_empty()
        && !rows.is_empty()
        && rows
            .iter()
            .all(|r| r.group_error.is_none() && r.role.status != RoleStatus::Error);
    RolesPlanView {
        known: normalise_catalog(known.iter().cloned()),
        rows,
        instructions,
        known_errors,
        ready,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<String> {
        normalise_catalog(["Admin", "Contributor", "Reviewer", "Admin", " "].map(String::from))
    }

    #[test]
    fn catalog_is_distinct_and_sorted() {
        assert_eq!(known(), ["Admin", "Contributor", "Reviewer"]);
    }

    #[test]
    fn role_values_are_matched_exactly_and_near_misses_named() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("Admin", "role.exact", None),
            ("Reviewer", "role.exact", None),
            ("admin", "role.near_miss", Some("Admin")),
            ("ADMIN", "role.near_miss", Some("Admin")),
            (" Admin", "role.near_miss", Some("Admin")),
            ("Admins", "role.near_miss", Some("Admin")),
            ("Contri-butor", "role.near_miss", Some("Contributor")),
            ("Re viewer", "role.near_miss", Some("Reviewer")),
            // Cyrillic "а" (U+0430) in place of the Latin "a".
            ("\u{0410}dmin", "role.near_miss", Some("Admin")),
            ("Owner", "role.unknown", None),
            ("", "role.empty", None),
            ("   ", "role.empty", None),
        ];
        for (value, code, suggestion) in cases {
            let check = check_role(value, &known());
            assert_eq!(check.code, *code, "{value:?}: {}", check.message);
            assert_eq!(check.suggestion.as_deref(), *suggestion, "{value:?}");
            let status = match *code {
                "role.exact" => RoleStatus::Pass,
                "role.unknown" => RoleStatus::Warn,
                _ => RoleStatus::Error,
            };
            assert_eq!(check.status, status, "{value:?}");
        }
        let near = check_role("admin", &known());
        assert!(
            near.message.contains("\"Admin\"") && near.message.contains("case"),
            "{}",
            near.message
        );
        assert!(check_role("\u{0410}dmin", &known())
            .message
            .contains("look like"));
    }

    #[test]
    fn without_known_roles_values_are_unverified() {
        assert_eq!(check_role("Admin", &[]).code, "role.unverified");
    }

    #[test]
    fn same_for_all_plan() {
        let view = plan_view(
            &RolesPlan::SameForAll {
                role: "Admin".into(),
            },
            &known(),
        );
        assert!(view.ready);
        assert!(view
            .instructions
            .iter()
            .any(|i| i.contains("Same value for all users")));
        assert!(view
            .instructions
            .iter()
            .any(|i| i.ends_with("Enter exactly: Admin")));
        let view = plan_view(
            &RolesPlan::SameForAll {
                role: "admin".into(),
            },
            &known(),
        );
        assert!(!view.ready);
    }

    #[test]
    fn per_group_plan_in_priority_order() {
        let plan = RolesPlan::PerGroup {
            groups: vec![
                GroupRole {
                    group: "Loopio Admins".into(),
                    role: "Admin".into(),
                },
                GroupRole {
                    group: "Proposal Team".into(),
                    role: "Contributor".into(),
                },
                GroupRole {
                    group: "loopio admins".into(),
                    role: "Reviewer".into(),
                },
                GroupRole {
                    group: "".into(),
                    role: "Owner".into(),
                },
            ],
        };
        let view = plan_view(&plan, &known());
        assert!(!view.ready);
        assert_eq!(view.rows[0].group_error, None);
        assert!(view.rows[2]
            .group_error
            .as_deref()
            .unwrap()
            .contains("twice"));
        assert!(view.rows[3].group_error.is_some());
        assert_eq!(view.rows[3].role.code, "role.unknown");
        let text = view.instructions.join("\n");
        assert!(text.contains("Assign to Groups"));
        assert!(text.contains("\"Loopio Admins\", enter roles = Admin"));
        assert!(text.contains("Loopio Admins > Proposal Team"), "{text}");

        let ok = RolesPlan::PerGroup {
            groups: vec![GroupRole {
                group: "Everyone".into(),
                role: "Reviewer".into(),
            }],
        };
        assert!(plan_view(&ok, &known()).ready);
    }

    #[test]
    fn plans_serialise_with_a_mode_tag() {
        let json = serde_json::to_value(RolesPlan::SameForAll {
            role: "Admin".into(),
        })
        .unwrap();
        assert_eq!(json["mode"], "same_for_all");
        let back: RolesPlan = serde_json::from_value(
            serde_json::json!({"mode": "per_group", "groups": [{"group": "G", "role": "R"}]}),
        )
        .unwrap();
        assert_eq!(
            back,
            RolesPlan::PerGroup {
                groups: vec![GroupRole {
                    group: "G".into(),
                    role: "R".into()
                }]
            }
        );
    }

    #[test]
    fn instructions_never_carry_a_wrong_spelling_or_an_empty_value() {
        let known = normalise_catalog(["Admin".to_string(), "Contributor".to_string()]);
        let same = plan_view(
            &RolesPlan::SameForAll {
                role: "admin".into(),
            },
            &known,
        );
        assert!(
            same.instructions
                .iter()
                .any(|i| i == "Enter exactly: Admin"),
            "{:?}",
            same.instructions
        );
        assert!(!same
            .instructions
            .iter()
            .any(|i| i.contains("admin\n") || i.ends_with(": admin")));
        let groups = plan_view(
            &RolesPlan::PerGroup {
                groups: vec![
                    GroupRole {
                        group: "Sales".into(),
                        role: "contributor".into(),
                    },
                    GroupRole {
                        group: String::new(),
                        role: String::new(),
                    },
                ],
            },
            &known,
        );
        let text = groups.instructions.join("\n");
        assert!(
            text.contains("beside the group \"Sales\", enter roles = Contributor,"),
            "{text}"
        );
        assert!(!text.contains("group \"\""), "{text}");
        assert!(!text.contains("roles = ,"), "{text}");
        assert!(!text.contains("= contributor"), "{text}");
    }

    #[test]
    fn names_in_the_list_that_differ_only_loosely_are_an_error_naming_both() {
        for (a, b) in [
            ("Admin", "admin"),
            ("Admin", "Admins"),
            ("Admin", "Ad-min"),
            ("Admin", "\u{0410}dmin"),
        ] {
            let known = normalise_catalog([a, b].map(String::from));
            let errors = duplicate_names(&known);
            assert_eq!(errors.len(), 1, "{a} / {b}: {errors:?}");
            assert!(
                errors[0].contains(a) && errors[0].contains(b),
                "{}",
                errors[0]
            );
            let plan = RolesPlan::SameForAll { role: a.into() };
            let view = plan_view_seen(&plan, &known, &[]);
            assert!(!view.ready, "{a} / {b}");
            assert_eq!(view.known_errors, errors);
        }
        assert!(duplicate_names(&known()).is_empty());
    }

    #[test]
    fn a_name_added_by_hand_is_not_seen_in_loopio_yet_never_a_tick() {
        let known = normalise_catalog(["Admin", "Contributor"].map(String::from));
        let seen = vec!["Contributor".to_string()];
        let by_hand = check_role_seen("Admin", &known, &seen);
        assert_eq!(by_hand.status, RoleStatus::Warn);
        assert_eq!(by_hand.code, "role.not_seen");
        assert!(
            by_hand.message.contains("not seen in Loopio yet"),
            "{}",
            by_hand.message
        );
        assert!(!by_hand.message.contains("is a Loopio role name."));
        let discovered = check_role_seen("Contributor", &known, &seen);
        assert_eq!(discovered.status, RoleStatus::Pass);
        assert_eq!(discovered.message, "Contributor is a Loopio role name.");
        // Mapping everyone to a name only added by hand is ready, with the warning.
        let plan = RolesPlan::SameForAll {
            role: "Admin".into(),
        };
        let view = plan_view_seen(&plan, &known, &seen);
        assert!(view.ready);
        assert_eq!(view.rows[0].role.code, "role.not_seen");
    }
}
