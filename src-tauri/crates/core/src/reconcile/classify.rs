//! Why a push failed, from its System Log event: Okta writes the remote server's answer into
//! `outcome.reason` ("... : Conflict", "... 401 Unauthorized", a SCIM error's `detail`), so the
//! cause is read from the event's type and those words. The reason itself is always shown as
//! Okta wrote it; this only names the cause.

use super::LogEvent;

/// Whether the event is a failure (`outcome.result` FAILURE, or an integration failure type).
pub fn is_failure(event: &LogEvent) -> bool {
    event.result.eq_ignore_ascii_case("FAILURE")
        || event.event_type.starts_with("application.integration.")
}

/// Whether `text` has `word` as a whole word (letters and digits around it do not count).
fn has_word(text: &str, word: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices(word).any(|(at, _)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + word.len()).copied();
        let edge = |b: Option<u8>| b.map_or(true, |b| !b.is_ascii_alphanumeric());
        edge(before) && edge(after)
    })
}

/// Whether the event is about an update of an existing user (not the create).
fn is_update(event_type: &str) -> bool {
    [
        "application.provision.user.push_profile",
        "application.provision.user.deactivate",
        "application.provision.user.reactivate",
        "application.provision.user.sync",
    ]
    .contains(&event_type)
}

/// The cause of a failed push: `push.conflict`, `push.auth`, `push.role_value`,
/// `push.not_found`, `push.rate_limited` or `push.other`.
pub fn classify(event: &LogEvent) -> &'static str {
    let reason = event.reason.to_lowercase();
    let kind = event.event_type.as_str();
    if kind == "application.integration.authentication_failure"
        || has_word(&reason, "401")
        || reason.contains("unauthorized")
        || reason.contains("error authenticating")
    {
        return "push.auth";
    }
    if kind == "application.integration.rate_limit_exceeded"
        || has_word(&reason, "429")
        || reason.contains("too many requests")
        || reason.contains("rate limit")
    {
        return "push.rate_limited";
    }
    if has_word(&reason, "409") || reason.contains("conflict") || reason.contains("already exist") {
        return "push.conflict";
    }
    let bad_request = has_word(&reason, "400") || reason.contains("bad request");
    if (bad_request || reason.contains("invalid")) && has_word(&reason, "role")
        || bad_request && has_word(&reason, "roles")
    {
        return "push.role_value";
    }
    if (has_word(&reason, "404") || reason.contains("not found")) && is_update(kind) {
        return "push.not_found";
    }
    "push.other"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: &str, reason: &str) -> LogEvent {
        LogEvent {
            event_type: kind.into(),
            result: "FAILURE".into(),
            reason: reason.into(),
            ..Default::default()
        }
    }

    const PUSH: &str = "application.provision.user.push";
    const PROFILE: &str = "application.provision.user.push_profile";

    #[test]
    fn each_cause_from_the_words_okta_writes() {
        let cases = [
            (PUSH, "Automatic provisioning of user jo@acme.com to app Loopio failed: Error while creating user: Conflict", "push.conflict"),
            (PUSH, "HTTP 409: a user with this userName already exists", "push.conflict"),
            (PUSH, "Error authenticating: null", "push.auth"),
            (PROFILE, "Error while updating user: 401 Unauthorized", "push.auth"),
            ("application.integration.authentication_failure", "", "push.auth"),
            (PUSH, "Bad Request: roles value 'admin' is not a Loopio role", "push.role_value"),
            (PROFILE, "Error 400: invalid role Admins", "push.role_value"),
            (PROFILE, "Error while updating user: Not Found", "push.not_found"),
            ("application.provision.user.deactivate", "404", "push.not_found"),
            (PUSH, "Not Found", "push.other"),
            ("application.integration.rate_limit_exceeded", "", "push.rate_limited"),
            (PROFILE, "429 Too Many Requests", "push.rate_limited"),
            (PUSH, "Bad Request: emails is required", "push.other"),
            (PUSH, "Internal Server Error", "push.other"),
        ];
        for (kind, reason, cause) in cases {
            assert_eq!(classify(&event(kind, reason)), cause, "{kind}: {reason}");
        }
    }

    #[test]
    fn numbers_inside_other_numbers_are_not_statuses() {
        assert_eq!(classify(&event(PUSH, "user 14091 failed")), "push.other");
        assert_eq!(classify(&event(PUSH, "id 4012a failed")), "push.other");
        assert!(has_word("HTTP 409.", "409"));
        assert!(!has_word("a4090", "409"));
    }

    #[test]
    fn failures_are_failure_outcomes_or_integration_errors() {
        assert!(is_failure(&event(PUSH, "")));
        let mut ok = event(PUSH, "");
        ok.result = "SUCCESS".into();
        assert!(!is_failure(&ok));
        ok.event_type = "application.integration.general_failure".into();
        assert!(is_failure(&ok));
    }
}
