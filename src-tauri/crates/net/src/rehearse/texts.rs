//! Every rehearsal step, written once: its code, what a pass and a failure are called, the fix,
//! and how Okta shows the failure. The CLI, the window and the README list these.

pub const LOOKUP_BEFORE_CREATE: &str = "rehearse.lookup_before_create";
pub const CREATE: &str = "rehearse.create";
pub const PASSWORD: &str = "rehearse.password";
pub const ROLES: &str = "rehearse.roles";
pub const LOOKUP_CASE: &str = "rehearse.lookup_case";
pub const READ: &str = "rehearse.read";
pub const UPDATE: &str = "rehearse.update";
pub const DUPLICATE: &str = "rehearse.duplicate";
pub const DEACTIVATE: &str = "rehearse.deactivate";
pub const REACTIVATE: &str = "rehearse.reactivate";

/// One step's texts.
#[derive(Debug, Clone, Copy)]
pub struct StepText {
    pub code: &'static str,
    /// The title when the step passes.
    pub pass: &'static str,
    /// The title when it does not.
    pub fail: &'static str,
    /// What to do when it does not.
    pub remedy: &'static str,
    /// How Okta shows the failure (Okta's task error reads "<Okta's message>: <the server's>").
    pub okta_shows: &'static str,
}

/// The steps in Okta's order.
pub const STEPS: [StepText; 10] = [
    StepText {
        code: LOOKUP_BEFORE_CREATE,
        pass: "Okta's lookup before a create finds nobody for a new user",
        fail: "Okta's lookup before a create does not work",
        remedy: "Okta looks every user up by userName before creating them. Fix what the detail names (token, base URL); if the server ignores the filter, send this report to Loopio Support.",
        okta_shows: "Automatic provisioning of user to app Loopio failed: Error while trying to look up the user (or the user is linked to the wrong Loopio user).",
    },
    StepText {
        code: CREATE,
        pass: "Creating a user as Okta does works",
        fail: "Creating a user as Okta does fails",
        remedy: "Okta creates every assigned user with exactly this request. Fix what the detail names; a server error (5xx) or an empty answer is on Loopio's side: send this report to Loopio Support.",
        okta_shows: "Automatic provisioning of user to app Loopio failed: Error while creating user: <the server's error> (an empty answer: \"Create new user returned empty user\").",
    },
    StepText {
        code: PASSWORD,
        pass: "The placeholder password Okta sends on create is accepted",
        fail: "The placeholder password Okta sends on create is refused",
        remedy: "Okta sends a random password in every create, even with password sync off, and it cannot be switched off for a custom SCIM app. Ask Loopio Support to ignore the password of SCIM creates (Loopio signs users in through SAML).",
        okta_shows: "Automatic provisioning of user to app Loopio failed: Error while creating user: <the server's password error>.",
    },
    StepText {
        code: ROLES,
        pass: "The roles come back as Okta sent them",
        fail: "The roles are not taken as Okta sends them",
        remedy: "Each role value must be a Loopio role name exactly (case and spacing included), sent as a flat list of strings (Okta's string array attribute \"roles\"). Correct the role value on the Okta group (Applications > Loopio > Assignments), or, if the server wants another format, send this report to Loopio Support.",
        okta_shows: "Automatic provisioning of user to app Loopio failed: Error while creating user: <the server's role error>; for objects sent back, Okta's import fails with \"Invalid value data type\".",
    },
    StepText {
        code: LOOKUP_CASE,
        pass: "The userName lookup ignores letter case",
        fail: "The userName lookup is case-sensitive",
        remedy: "RFC 7643 makes userName case-insensitive. A user whose Okta login differs in case from Loopio's userName is not found, so Okta creates a duplicate or hits 409. Send this report to Loopio Support; meanwhile make Okta's logins match Loopio's userNames exactly.",
        okta_shows: "Automatic provisioning of user to app Loopio failed: Error while creating user: conflict / user already exists (409).",
    },
    StepText {
        code: READ,
        pass: "The new user can be read by its id",
        fail: "The new user cannot be read by its id",
        remedy: "Okta reads a user by the id the create returned before every update. Send this report to Loopio Support.",
        okta_shows: "Automatic provisioning of user to app Loopio failed: Error while reading user: <the server's error>.",
    },
    StepText {
        code: UPDATE,
        pass: "A full update (PUT) as Okta sends it is applied",
        fail: "A full update (PUT) as Okta sends it is not applied",
        remedy: "Okta's custom SCIM apps update with a full PUT of the whole profile. If the change is refused or not kept, profile and role changes in Okta never reach Loopio: send this report to Loopio Support.",
        okta_shows: "Automatic profile push of user to app Loopio failed: Error while updating user: <the server's error> (or no error, and the change is silently lost).",
    },
    StepText {
        code: DUPLICATE,
        pass: "A second user with the same userName in another case is refused (409)",
        fail: "A second user with the same userName in another case is not refused with 409",
        remedy: "userName must be unique whatever its case, and a duplicate must be answered with 409. Otherwise one person can end up with two Loopio accounts. Send this report to Loopio Support.",
        okta_shows: "Nothing: Okta believes the push worked, and the person has two Loopio users.",
    },
    StepText {
        code: DEACTIVATE,
        pass: "Deactivating as Okta does (PUT active: false) works",
        fail: "Deactivating as Okta does (PUT active: false) does not work",
        remedy: "Okta deactivates with a PUT carrying active: false. If the server ignores it, people removed in Okta keep their Loopio access: deactivate them in Loopio by hand and send this report to Loopio Support.",
        okta_shows: "Nothing, or \"Automatic deactivation of user in app Loopio failed\": the user stays active in Loopio.",
    },
    StepText {
        code: REACTIVATE,
        pass: "Reactivating as Okta does (PUT active: true) works",
        fail: "Reactivating as Okta does (PUT active: true) does not work",
        remedy: "When a user is assigned again, Okta sends a PUT with active: true, not a new create. A server that keeps the user inactive makes Okta retry forever. Send this report to Loopio Support; meanwhile reactivate such users in Loopio by hand.",
        okta_shows: "\"Delay in reactivating remote User. Rescheduling provision job\", repeated.",
    },
];

/// The texts of the step with this code.
pub fn step(code: &str) -> &'static StepText {
    STEPS.iter().find(|s| s.code == code).unwrap_or(&STEPS[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_written_once() {
        let mut codes: Vec<&str> = STEPS.iter().map(|s| s.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), STEPS.len());
        for s in STEPS {
            assert!(s.code.starts_with("rehearse."));
            assert!(!s.remedy.is_empty() && !s.okta_shows.is_empty());
            assert_eq!(step(s.code).code, s.code);
        }
    }
}
