//! What to do about each cause, in the words of Okta's admin console and Loopio's, with the screen
//! it is done on.

/// A remedy and where it is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remedy {
    pub text: String,
    pub location: String,
}

/// Every cause a user can get, in the order the README lists them.
pub const CAUSES: [&str; 17] = [
    "push.conflict",
    "push.auth",
    "push.role_value",
    "push.not_found",
    "push.rate_limited",
    "push.other",
    "push.not_attempted",
    "push.create_users_off",
    "drift.deleted_in_loopio",
    "drift.deactivated_in_loopio",
    "drift.username",
    "drift.update_attributes_off",
    "drift.group_priority",
    "drift.edited_in_loopio",
    "drift.unmanaged",
    "drift.not_assigned",
    "drift.loopio_unread",
];

/// The remedy for `cause`, for the app labelled `app` (its screens are named after it).
pub fn remedy(cause: &str, app: &str) -> Remedy {
    let app = if app.is_empty() {
        "the Loopio app"
    } else {
        app
    };
    let apps = format!("Applications > Applications > {app}");
    let (text, location) = push(cause, &apps).unwrap_or_else(|| drift(cause, &apps));
    Remedy {
        text: text.to_string(),
        location,
    }
}

/// The push causes' remedies.
fn push(cause: &str, apps: &str) -> Option<(&'static str, String)> {
    Some(match cause {
        "push.conflict" => (
            "Loopio already has a user with this userName that Okta did not create or match (made by hand before SCIM, or left from an earlier app). In Okta run Import (the app's Import tab), confirm the match of the two, then retry the task; or remove the duplicate in Loopio (Admin > Users) and retry the task in Okta (Dashboard > Tasks).",
            format!("{apps} > Import"),
        ),
        "push.auth" => (
            "Loopio refused Okta's SCIM token: it was revoked, replaced or expired (Loopio tokens last one year, and generating a new one deletes the old). Generate a token in Loopio (Admin > Integrations > SCIM), paste it into Okta (Provisioning > Integration > Edit, then Test API Credentials), then retry the failed tasks (Dashboard > Tasks).",
            format!("{apps} > Provisioning > Integration"),
        ),
        "push.role_value" => (
            "Loopio refused a roles value it does not know. Correct the role in Okta to Loopio's exact spelling (the group's roles in the app's Assignments tab, or the roles mapping in Profile Editor), then retry the task (Dashboard > Tasks).",
            format!("{apps} > Assignments > Groups"),
        ),
        "push.not_found" => (
            "Okta updated a Loopio user that no longer exists (deleted in Loopio). Unassign and reassign the user in Okta so Okta creates them again, or restore them in Loopio.",
            format!("{apps} > Assignments"),
        ),
        "push.rate_limited" => (
            "Loopio asked Okta to slow down. Okta retries by itself; if the task stays failed, retry it (Dashboard > Tasks) after a few minutes.",
            "Dashboard > Tasks".to_string(),
        ),
        "push.other" => (
            "Read the reason Okta wrote (below). Fix what it names, then retry the task in Okta; if it names nothing to fix, send it to Loopio Support.",
            "Dashboard > Tasks".to_string(),
        ),
        "push.not_attempted" => (
            "Okta has not created this user in Loopio yet and logged no failure. Check the assignment is active and To App Create Users is on, then in the user's row use Provision User (or unassign and reassign them).",
            format!("{apps} > Assignments"),
        ),
        "push.create_users_off" => (
            "To App Create Users is off, so Okta never creates anyone in Loopio. Turn it on (Provisioning > To App > Edit > Create Users), then reassign or provision the users.",
            format!("{apps} > Provisioning > To App"),
        ),
        _ => return None,
    })
}

/// The other causes' remedies (drift between the two sides).
fn drift(cause: &str, apps: &str) -> (&'static str, String) {
    match cause {
        "drift.deleted_in_loopio" => (
            "Okta still links this user to a Loopio user that was deleted in Loopio. Unassign and reassign the user in Okta so it creates them again (Okta does not notice a deletion).",
            format!("{apps} > Assignments"),
        ),
        "drift.deactivated_in_loopio" => (
            "The user is assigned in Okta but deactivated in Loopio (by hand, or by an earlier unassignment). Reactivate them in Loopio (Admin > Users), or unassign and reassign them in Okta, which sends active true.",
            "Loopio: Admin > Users".to_string(),
        ),
        "drift.username" => (
            "Okta's app username and Loopio's userName differ, so SSO sign-in and Okta's matching break. Make them the same: Application username Email and Update application username on Create and update (Sign On tab), then push the user again.",
            format!("{apps} > Sign On > Settings"),
        ),
        "drift.update_attributes_off" => (
            "To App Update User Attributes is off, so role changes in Okta never reach Loopio. Turn it on (Provisioning > To App > Edit), then Okta pushes the current roles.",
            format!("{apps} > Provisioning > To App"),
        ),
        "drift.group_priority" => (
            "The user is in several groups with roles and Okta's group priority gives them another role than Loopio has. Check the group order (Assignments > Groups, Group Priority) against the roles plan; the first matching group wins.",
            format!("{apps} > Assignments > Groups"),
        ),
        "drift.edited_in_loopio" => (
            "The roles were likely changed by hand in Loopio after Okta's last push. Okta is the source: change the role in Okta (group or mapping) or push the user again to overwrite Loopio's.",
            "Loopio: Admin > Users".to_string(),
        ),
        "drift.unmanaged" => (
            "Active in Loopio with no Okta app user: made by hand, or unassigned while Deactivate Users was off. Okta will never deactivate them. Assign them in Okta and Import to link them, or deactivate them in Loopio.",
            "Loopio: Admin > Users".to_string(),
        ),
        "drift.not_assigned" => (
            "The Okta user is not assigned to the app, so Okta does not provision them. Add them to one of the app's assigned groups (Directory > Groups), or assign them directly.",
            format!("{apps} > Assignments"),
        ),
        _ => (
            "Loopio's side could not be read, so this user was checked on Okta's side only. Fix what stopped the read (below) and run the check again.",
            String::new(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cause_has_its_own_remedy() {
        let unread = remedy("drift.loopio_unread", "Loopio");
        for cause in CAUSES {
            let r = remedy(cause, "Loopio");
            assert!(!r.text.is_empty(), "{cause}");
            if cause != "drift.loopio_unread" {
                assert_ne!(r, unread, "{cause} falls through to the default");
            }
        }
        assert!(remedy("drift.username", "Loopio SSO")
            .location
            .contains("Loopio SSO > Sign On"));
        assert!(remedy("push.auth", "").location.contains("the Loopio app"));
    }
}
