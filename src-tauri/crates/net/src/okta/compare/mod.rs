//! What Okta has against what the wizard generated: pure functions from Okta's JSON (shapes of
//! `management-minimal.yaml`: `SamlApplication`, `UserSchema`, `ApplicationGroupAssignment`,
//! `JsonWebKey`) to findings. Expected values and Okta's field labels come from the core's
//! [`okta_values`], the same list the wizard shows, so nothing is spelled twice.

use loopio_scim_core::setup::progress::Progress;
use loopio_scim_core::setup::roles::{normalise_catalog, RolesPlan};
use loopio_scim_core::setup::{okta_values, Environment, InstanceDomain, OktaValue, ValueInputs};
use serde_json::Value;

use super::OktaFinding;

mod mapping;
mod provisioning;
mod roles;
mod saml;
mod users;

pub use mapping::{literal_value, mapping, plan_drift, roles_expression};
pub use provisioning::provisioning;
pub use roles::{assignment_roles, role_values, roles_attribute, RolesAttribute};
pub use saml::saml;
pub use users::{active_key_expires, cert_expiry, users};

/// Loopio's guide: Name ID format "Unspecified".
pub const NAME_ID_UNSPECIFIED: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
/// Loopio's guide: Application username "Email".
pub const USERNAME_EMAIL: &str = "${source.email}";
/// A signing certificate closer to expiry than this is a warning (when its reminder fires).
pub use loopio_scim_core::setup::reminder::CERT_REMIND_DAYS_BEFORE as CERT_WARN_DAYS;

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
    /// Of `known_roles`, the names seen in Loopio (role discovery). Only these pass; a name
    /// given by hand (`--role`, added in the window) is "not seen in Loopio yet" (`role.not_seen`).
    pub seen_roles: Vec<String>,
    /// The admin's choice for To App > Deactivate Users in the wizard, when known.
    pub deactivate_users: Option<bool>,
    /// The roles plan saved in the wizard, when there is one: Okta's roles are compared with it
    /// (`okta.roles.plan_drift`).
    pub roles_plan: Option<RolesPlan>,
}

impl Expected {
    /// What a saved profile adds: its roles plan (when it gives any role) and, when the admin
    /// ticked it, Deactivate Users.
    pub fn with_saved(mut self, progress: &Progress) -> Expected {
        let plan = &progress.roles_plan;
        self.roles_plan = plan.gives_a_role().then(|| plan.clone());
        // The profile's role names, and which of them role discovery saw in Loopio.
        let known = self
            .known_roles
            .iter()
            .chain(&progress.roles_known)
            .cloned();
        self.known_roles = normalise_catalog(known);
        let seen = self.seen_roles.iter().chain(&progress.roles_seen).cloned();
        self.seen_roles = normalise_catalog(seen);
        if progress.ticked.contains("to_app.deactivate_users") {
            self.deactivate_users = Some(true);
        }
        self
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use loopio_scim_core::findings::Status;
    use serde_json::json;
    use time::format_description::well_known::Rfc3339;
    use time::OffsetDateTime;

    fn expected() -> Expected {
        Expected {
            domain: InstanceDomain::parse("acme.loopio.com").unwrap(),
            environment: Environment::Production,
            known_roles: vec!["Admin".into(), "Contributor".into()],
            seen_roles: vec!["Admin".into(), "Contributor".into()],
            deactivate_users: None,
            roles_plan: None,
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
