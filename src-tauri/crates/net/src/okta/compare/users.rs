//! `okta.users.not_provisioned` and `okta.roles.unassigned_users` from the assigned users
//! (`AppUser`), and `okta.cert.expiry` from the signing keys (`JsonWebKey`).

use loopio_scim_core::findings::Status;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::provisioning::features;
use super::{shown, str_at, AppView, OktaFinding, CERT_WARN_DAYS};

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
    let assignments = format!("{} > Assignments", app.screen());
    let read = if complete {
        format!("{} user(s) assigned", users.len())
    } else {
        format!(
            "the first {} users assigned (the list was cut off)",
            users.len()
        )
    };
    let mut out = vec![not_provisioned(app, users, &assignments, &read)];
    if let Some(var) = roles_variable {
        out.push(unassigned(users, var, &assignments, &read));
    }
    out
}

fn not_provisioned(
    app: &AppView<'_>,
    users: &[Value],
    assignments: &str,
    read: &str,
) -> OktaFinding {
    let on = features(app.json);
    let pushing = on.contains(&"SCIM_PROVISIONING") && on.contains(&"PUSH_NEW_USERS");
    let f = OktaFinding::new(
        "okta.users.not_provisioned",
        Status::Pass,
        "Assigned users are in Loopio",
    )
    .expected("every assigned user provisioned (with an external id)")
    .at(format!("{assignments} > People"));
    if !pushing {
        return f
            .status(Status::Skip)
            .detail("Create Users (SCIM) is not on, so Okta provisions no one yet.");
    }
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
    if !pending.is_empty() {
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
    }
}

fn unassigned(users: &[Value], var: &str, assignments: &str, read: &str) -> OktaFinding {
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
    if direct.is_empty() {
        f.has(format!("{read}; none assigned directly without a role"))
    } else {
        f.status(Status::Warn)
            .title("Users assigned directly have no role")
            .has(format!("{} user(s): {}", direct.len(), first_names(&direct)))
            .detail("They were assigned to the app as people, not through a group, and no role was entered: Loopio gives them its default role.")
            .remedy("Assign them through a group that carries a role, or edit each assignment (pencil in Assignments > People) and enter the Loopio role.")
    }
}

/// When the app's active signing key (`kid == credentials.signing.kid`) expires, as Okta's key
/// list says (`expiresAt`): the certificate's not-after date, without parsing the certificate.
pub fn active_key_expires(app: &Value, keys: &[Value]) -> Option<OffsetDateTime> {
    let kid = str_at(app, "/credentials/signing/kid")?;
    keys.iter()
        .find(|k| k.get("kid").and_then(Value::as_str) == Some(kid))
        .and_then(|k| k.get("expiresAt"))
        .and_then(Value::as_str)
        .and_then(|s| OffsetDateTime::parse(s, &Rfc3339).ok())
}

/// `okta.cert.expiry`: the active signing key (`kid == credentials.signing.kid`) from
/// `GET /api/v1/apps/{id}/credentials/keys`.
pub fn cert_expiry(app: &AppView<'_>, keys: &[Value], now: OffsetDateTime) -> OktaFinding {
    let at = format!("{} > Sign On > SAML Signing Certificates", app.screen());
    let f = OktaFinding::new("okta.cert.expiry", Status::Pass, "SAML signing certificate").at(at);
    let kid = str_at(app.json, "/credentials/signing/kid");
    let expires = active_key_expires(app.json, keys);
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
