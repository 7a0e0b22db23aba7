//! Every stable code the app emits, in one table: the connection test's check ids with the label
//! the window shows for each, and every failure, warning, note and input-error code with what it
//! means. The window's check labels (`ui/src/bindings/checks.json`), the UI's `Code` type
//! (`ui/src/bindings/codes.ts`) and the README's list of codes are generated from this table by
//! `cargo gen` (`src/bin/gen.rs`), and a test scans the sources so that a code used
//! anywhere but missing here fails the build. Codes are stable: scripts and support rely on them.

/// What a code is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A check of the connection test (the `check` of its findings; also its code when it passes).
    Check,
    /// Something went wrong (a finding's status `fail`, or a command's error).
    Failure,
    /// Worth a look, not blocking.
    Warning,
    /// What was cleaned or done, for information.
    Note,
    /// Input that cannot be used: the CLI exits 2, the window marks the field.
    Input,
    /// A check of the Okta read-back (`verify-okta`), `pass` when Okta matches the guide.
    OktaCheck,
    /// A step of the rehearsal of Okta's first push (`rehearse`).
    Step,
    /// After go-live (`reconcile`): a user's state, or the cause of a failing user.
    User,
}

impl Kind {
    /// Every kind, in the order the README and `codes.ts` list them.
    pub const ALL: [Kind; 8] = [
        Kind::Check,
        Kind::Failure,
        Kind::Warning,
        Kind::Note,
        Kind::Input,
        Kind::OktaCheck,
        Kind::Step,
        Kind::User,
    ];

    fn heading(self) -> &'static str {
        match self {
            Kind::Check => "Connection test checks",
            Kind::Failure => "Failures",
            Kind::Warning => "Warnings",
            Kind::Note => "Notes",
            Kind::Input => "Input errors",
            Kind::OktaCheck => "Okta read-back checks",
            Kind::Step => "Rehearsal steps",
            Kind::User => "User states and causes (reconcile)",
        }
    }

    /// The name of the kind's union in `codes.ts` (`FailureCode`, ...).
    fn type_name(self) -> &'static str {
        match self {
            Kind::Check => "CheckCode",
            Kind::Failure => "FailureCode",
            Kind::Warning => "WarningCode",
            Kind::Note => "NoteCode",
            Kind::Input => "InputCode",
            Kind::OktaCheck => "OktaCheckCode",
            Kind::Step => "StepCode",
            Kind::User => "UserCode",
        }
    }
}

/// One code: what it is, the label the window shows for a check, and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub code: &'static str,
    pub kind: Kind,
    /// For checks: what the window calls the request it stands for. Empty for other kinds.
    pub label: &'static str,
    pub meaning: &'static str,
}

const fn check(code: &'static str, label: &'static str, meaning: &'static str) -> Code {
    Code {
        code,
        kind: Kind::Check,
        label,
        meaning,
    }
}

const fn c(code: &'static str, kind: Kind, meaning: &'static str) -> Code {
    Code {
        code,
        kind,
        label: "",
        meaning,
    }
}

use Kind::{
    Failure as F, Input as I, Note as N, OktaCheck as O, Step as S, User as U, Warning as W,
};

/// The table. Checks come first, in the order Okta makes its requests (the order the window lists
/// findings of the same status in).
#[rustfmt::skip]
pub const CODES: &[Code] = &[
    check("okta.connector", "Okta's Test Connector Configuration (GET /Users?startIndex=1&count=2)", "Okta's own test request; its verdict is okta_connector_test"),
    check("okta.lookup", "Okta's user lookup by userName (GET /Users?filter=…)", "the lookup Okta makes before each create finds nobody for a random userName"),
    check("okta.lookup_case", "Okta's lookup of an existing user in another letter case", "an existing user is found by userName in another case (userName is not case-exact)"),
    check("okta.roles_shape", "The roles of the users Okta's request listed", "roles come back as strings, as Okta's string-array attribute expects"),
    check("okta.groups", "Okta's Groups request when To App settings are saved (GET /Groups)", "the group list Okta reads when To App settings are saved"),
    check("auth.enforced", "A request without the token", "the API refuses a request without a token (401)"),
    check("scim.discovery", "SCIM discovery endpoints", "ServiceProviderConfig, ResourceTypes and Schemas (information only)"),
    check("clock.skew", "This computer's clock against the server's", "the server's Date header is within 2 minutes of this computer's clock"),
    check("domain.reachable", "Your Loopio site", "the instance answers and its SAML metadata names loopio-sp and the wizard's SSO URL"),
    check("target", "The SCIM base URL", "the base URL itself (host, path, trailing slash)"),
    // The connection test's failures.
    c("network.dns", F, "the host name does not resolve from this computer"),
    c("network.refused", F, "the connection was refused"),
    c("network.timeout", F, "no answer within the time limit"),
    c("network.proxy", F, "the proxy refused or failed the connection"),
    c("network.error", F, "another network failure on the way from this computer"),
    c("tls.untrusted", F, "the certificate is not trusted (often TLS inspection by a corporate proxy)"),
    c("tls.expired", F, "the certificate has expired"),
    c("tls.hostname", F, "the certificate is for another host"),
    c("tls.error", F, "another TLS failure"),
    c("http.redirect", F, "the server redirected: redirects are never followed with the token"),
    c("http.rate_limited", F, "429 Too Many Requests (one Retry-After that fits the deadline is waited out)"),
    c("http.server_error", F, "a 5xx answer"),
    c("http.unexpected_status", F, "an answer with a status the request does not expect"),
    c("http.conflict", F, "409 Conflict"),
    c("auth.rejected", F, "401: the token was refused (Okta says \"Error authenticating: null\")"),
    c("auth.forbidden", F, "403: the token is not allowed to do this"),
    c("auth.not_enforced", F, "a request without the token was answered: the API is not protected"),
    c("endpoint.not_found", F, "404: the base URL is wrong (Okta says \"Error authenticating: null\")"),
    c("response.not_json", F, "the answer is not JSON (a sign-in page or a proxy answered)"),
    c("response.not_scim", F, "JSON, but not a SCIM ListResponse"),
    c("response.bad_types", F, "SCIM, but with values of the wrong type"),
    c("response.too_large", F, "the answer is over the size limit"),
    c("response.empty", F, "an answer without the body the request needs"),
    c("scim.filter_ignored", F, "the userName filter was ignored: every user came back"),
    c("scim.filter_case_sensitive", F, "a userName in another case finds nobody: Okta would create duplicates or hit 409"),
    c("scim.duplicate_accepted", W, "a second user with the same userName in another case was created"),
    c("scim.put_ignored", F, "a full PUT did not change the user"),
    c("scim.active_ignored", F, "a PUT with active false/true did not change the user's state"),
    c("scim.roles_objects", W, "roles come back as RFC 7643 objects: pushes may work, Okta's imports fail"),
    c("scim.discovery_absent", N, "no discovery endpoints, with what they answered"),
    c("config.ca_file", I, "the extra CA file cannot be read or holds no certificate"),
    c("config.client", F, "the HTTP client could not be set up (proxy settings, CA file)"),
    c("config.no_target", I, "neither an environment nor a base URL was given"),
    c("config.base_url", I, "the SCIM base URL is not a valid URL"),
    c("config.base_url_parts", I, "the SCIM base URL has a user name, password, query or fragment"),
    c("config.plain_http", I, "plain http:// is only allowed to this computer"),
    c("config.resolve", I, "a --resolve override is not HOST:PORT:ADDRESS"),
    c("config.timeout", I, "the timeout is not between 1 and 120 seconds"),
    c("auth.unexpected", W, "without a token the API gave an unexpected answer"),
    c("clock.unknown", N, "the server sent no usable Date header"),
    c("okta.groups_unavailable", W, "no /Groups: Okta cannot push groups (users still provision)"),
    c("domain.unconfirmed", W, "the instance could not be confirmed as a Loopio site"),
    c("domain.metadata_mismatch", W, "the instance's SAML metadata does not match the wizard's values"),
    c("domain.not_given", N, "no instance domain was given, so the site was not checked"),
    c("target.custom_host", W, "the base URL is not Loopio's SCIM API host"),
    c("target.trailing_slash", W, "the base URL ends with a slash: Okta's requests would go to //Users"),
    c("target.path", W, "a Loopio host with a path other than /scim/v2"),
    // The instance domain, the app variable, the token, the reminder.
    c("domain.empty", I, "no domain entered"),
    c("domain.space", I, "the domain contains a space"),
    c("domain.scheme", I, "the address starts with something other than https://"),
    c("domain.ip_address", I, "an IP address instead of the Loopio domain"),
    c("domain.port", I, "a port in the domain"),
    c("domain.user_info", I, "a user name before @"),
    c("domain.invalid", I, "not a valid domain name"),
    c("domain.invalid_dns", I, "a label that DNS does not allow"),
    c("domain.illegal_character", I, "a character a domain cannot have"),
    c("domain.api_host", I, "the SCIM API host instead of the instance"),
    c("domain.marketing_site", I, "Loopio's public web site instead of the instance"),
    c("domain.lookalike", I, "a look-alike of loopio.com: a character from another script, or one or two letters off"),
    c("domain.okta_host", I, "the Okta org's address instead of the Loopio domain"),
    c("domain.custom", W, "a host outside loopio.com (a custom domain)"),
    c("app_variable.empty", I, "no app variable name"),
    c("app_variable.bad_start", I, "the variable name does not start with a letter"),
    c("app_variable.bad_character", I, "the variable name has a character Okta does not allow"),
    c("app_variable.too_long", I, "the variable name is over 100 characters"),
    c("token.empty", I, "no token"),
    c("token.truncated", I, "the token looks cut off (too short, or ending in ...)"),
    c("token.bad_character", I, "the token has a character a token cannot have"),
    c("token.whitespace", N, "spaces or line breaks around the token were removed"),
    c("token.line_breaks", N, "line breaks inside the token were removed"),
    c("token.invisible", N, "invisible characters (such as zero-width spaces) were removed"),
    c("token.quotes", N, "quotes around the token were removed"),
    c("token.header_name", N, "a pasted header name (Authorization:) was removed"),
    c("token.bearer_prefix", N, "a leading Bearer was removed"),
    c("token.ssws_prefix", N, "a leading SSWS was removed from an Okta API token"),
    c("reminder.bad_date", I, "the generation date is not YYYY-MM-DD"),
    c("reminder.future_date", I, "the generation date is in the future"),
    // Loopio role names.
    c("role.exact", N, "a Loopio role name, spelled exactly"),
    c("role.empty", I, "no role name"),
    c("role.near_miss", F, "differs from a Loopio role name in case, spacing, punctuation, plural or a look-alike character"),
    c("role.unknown", W, "no Loopio user has this role yet"),
    c("role.not_seen", W, "a role name added by hand and not seen in Loopio yet"),
    c("role.duplicate", F, "two names in the list differ only in case, spacing, punctuation, plural or a look-alike letter"),
    c("role.unverified", W, "no Loopio role names are known to check against"),
    c("role.format", F, "roles sent as Okta sends them (strings) were refused"),
    c("role.refused", F, "a role value was refused"),
    c("role.not_kept", F, "the roles did not come back as sent"),
    c("role.objects", W, "roles came back as objects"),
    // The window's commands.
    c("store.save_failed", F, "progress could not be saved (what was entered stays in the window)"),
    c("store.read_failed", F, "saved progress could not be read"),
    c("store.unusable", F, "the progress file could neither be read nor moved aside"),
    c("profile.name_invalid", I, "a profile name that is empty or has a character profiles cannot have"),
    c("profile.exists", I, "another profile already has that name (in any letter case)"),
    c("profile.not_found", I, "no profile has that name"),
    c("profile.last", I, "the only profile cannot be deleted"),
    c("keychain.unavailable", W, "no keychain on this computer: the token stays in memory"),
    c("keychain.corrupt", F, "the saved token could not be used"),
    c("keychain.no_token", I, "no token is saved for this profile"),
    c("keychain.wrong_host", F, "a saved token is only sent to Loopio's SCIM API"),
    c("export.location", F, "the chosen location cannot be written"),
    c("export.write_failed", F, "the file could not be written"),
    c("export.no_certificate", I, "no Okta signing certificate date is known yet: the Okta check has not read one"),
    c("practice.start_failed", F, "the practice tenant could not start on this computer"),
    c("practice.console_step", I, "a manual step the practice Okta cannot do for the admin"),
    // The Okta read-back.
    c("okta.app.not_found", F, "no app with that id or exact label (similar SAML apps are named)"),
    c("okta.app.ambiguous", F, "several apps have that label"),
    c("okta.app.not_saml", F, "the app is not SAML 2.0"),
    c("okta.app.inactive", F, "the app is not active"),
    c("okta.app.invalid", I, "the app id or label given in the window is not usable"),
    c("okta.saml.sso_url", O, "Single sign-on URL (and Recipient/Destination)"),
    c("okta.saml.audience", O, "Audience URI (SP Entity ID)"),
    c("okta.saml.relay_state", O, "Default RelayState"),
    c("okta.saml.name_id_format", O, "Name ID format Unspecified"),
    c("okta.saml.username", O, "Application username Email"),
    c("okta.saml.username_update", O, "Update application username on Create and update"),
    c("okta.provisioning.scim", O, "SCIM provisioning enabled"),
    c("okta.provisioning.create_users", O, "To App: Create Users"),
    c("okta.provisioning.update_attributes", O, "To App: Update User Attributes (needed for roles)"),
    c("okta.provisioning.deactivate_users", O, "To App: Deactivate Users, as chosen in the wizard"),
    c("okta.roles.missing", O, "the app user schema has a roles attribute"),
    c("okta.roles.variable_name", O, "its variable name is <app name>_roles"),
    c("okta.roles.type", O, "it is a string array"),
    c("okta.roles.external_name", O, "its external name is roles"),
    c("okta.roles.namespace", O, "its external namespace is urn:ietf:params:scim:schemas:core:2.0:User"),
    c("okta.roles.group_priority", O, "group scope with Use Group Priority"),
    c("okta.roles.value", O, "each group's roles, and a same-value-for-all-users role, through Loopio's role-name check"),
    c("okta.roles.mapping_override", O, "a To App mapping expression for roles overrides the group roles"),
    c("okta.roles.plan_drift", O, "Okta's roles differ from the roles plan saved in the wizard"),
    c("okta.roles.unassigned_users", O, "users assigned directly without a role"),
    c("okta.users.not_provisioned", O, "assigned users Okta never pushed"),
    c("okta.cert.expiry", O, "the signing certificate: expired fails, within 60 days warns"),
    c("okta.auth.rejected", F, "401 E0000011: the Okta credentials were refused"),
    c("okta.auth.forbidden", F, "403 E0000006: names the scope or admin role the request needs"),
    c("okta.rate_limited", F, "429: Okta's rate limit (a reset a few seconds away is waited out once)"),
    c("okta.response.not_json", F, "Okta's answer is not JSON (a sign-in page or proxy answered)"),
    c("okta.response.unexpected", F, "Okta's answer does not have the expected shape"),
    c("okta.response.foreign_link", F, "a next-page link to another host was refused"),
    c("okta.auth.dpop", F, "the service app requires DPoP proofs and Okta still refused them (names the setting to change)"),
    c("okta.key.empty", I, "the private key file is empty (or, in the window, none was chosen)"),
    c("okta.key.unreadable", I, "the private key file could not be read"),
    c("okta.client_id.invalid", I, "the service app's client id is not letters and digits"),
    c("okta.key.not_private", I, "the key file holds a public key or certificate, not the private key"),
    c("okta.key.encrypted", I, "the private key is encrypted (the openssl command that decrypts it is given)"),
    c("okta.key.invalid", I, "not a PKCS#8 PEM (RSA or EC P-256) or JWK private key"),
    c("okta.apply.roles_plan", I, "the roles plan cannot be applied as it is (empty groups or values)"),
    c("okta.apply.role_refused", F, "a role value is a near miss of Loopio's spelling: refused before anything is sent"),
    c("okta.apply.group_not_found", F, "an Okta group of the roles plan does not exist (similar names are given)"),
    c("okta.apply.mapping_not_found", F, "Okta has no user-to-app profile mapping for the app"),
    c("okta.apply.features_changed", F, "after a change the app's provisioning features differ: stopped"),
    c("okta.apply.org_changed", I, "the plan was confirmed for another org than the one now given: nothing was sent"),
    c("okta.apply.plan_changed", F, "Okta changed since the plan was shown: nothing was sent, the new plan is shown"),
    c("okta.undo.nothing", I, "the profile has no change by the assistant to undo"),
    c("okta.undo.changed", F, "the saved undo list holds a request the assistant does not make: none of it is sent"),
    c("okta.undo.bad_file", I, "the undo-okta --from file is not the JSON apply-okta prints"),
    c("okta.undo.other_org", I, "the last change was made on another org: connect to that org to undo it"),
    c("okta.undo.practice_reset", I, "the change was made on a practice Okta set up afresh since (the assistant restarted): nothing to undo, it leaves the list"),
    c("okta.idp.metadata", W, "the app's SAML metadata (IdP values for Loopio) could not be read or parsed"),
    c("okta_url.empty", I, "no Okta org URL"),
    c("okta_url.scheme", I, "the org URL is not https (http only to this computer)"),
    c("okta_url.invalid", I, "the org URL is not a valid URL"),
    c("okta_url.user_info", I, "the org URL has a user name or password"),
    c("okta_url.ip_address", I, "an IP address instead of the org's host"),
    c("okta_url.okta_site", I, "Okta's own web site instead of the org"),
    c("okta_url.incomplete", I, "not a whole org host (e.g. acme without .okta.com)"),
    c("okta_url.loopio_host", I, "a Loopio host instead of the Okta org"),
    c("okta_url.admin_host", N, "the admin console host was turned into the org host"),
    c("okta_url.custom_domain", N, "a custom domain for the Okta org"),
    // The rehearsal.
    c("rehearse.lookup_before_create", S, "the lookup before the create finds nobody"),
    c("rehearse.create", S, "POST /Users with Okta's body answers 201 with an id"),
    c("rehearse.password", S, "the placeholder password Okta sends on create is accepted"),
    c("rehearse.roles", S, "the roles come back as sent"),
    c("rehearse.lookup_case", S, "the userName in another case finds the test user"),
    c("rehearse.read", S, "GET /Users/{id} returns the user"),
    c("rehearse.update", S, "a full PUT changes the user"),
    c("rehearse.duplicate", S, "a second POST of the userName in another case answers 409"),
    c("rehearse.deactivate", S, "PUT active false deactivates the user"),
    c("rehearse.reactivate", S, "PUT active true reactivates the user"),
    c("rehearse.production_unconfirmed", I, "a production rehearsal without the domain confirmed"),
    c("rehearse.production_mismatch", I, "the confirmed domain is not the instance's"),
    c("rehearse.email_domain", I, "the test user's email domain is not a valid domain"),
    // After go-live: each user's state (reconcile).
    c("user.in_sync", U, "assigned, linked, active in Loopio, same userName, same roles"),
    c("user.not_pushed", U, "assigned, but Okta has no externalId: never created in Loopio"),
    c("user.push_failed", U, "Okta's syncState is ERROR, or the System Log has a failed push for the user since its last sync"),
    c("user.missing_in_loopio", U, "linked to a Loopio id that no longer exists (deleted in Loopio)"),
    c("user.roles_differ", U, "Okta's app profile roles differ from Loopio's (case-exact; strings or RFC 7643 objects)"),
    c("user.inactive_in_loopio", U, "assigned in Okta, deactivated in Loopio"),
    c("user.username_differs", U, "linked, but Okta's app username and Loopio's userName differ"),
    c("user.unmanaged", U, "active in Loopio with no Okta app user: Okta will never deactivate it (warning)"),
    c("user.not_assigned", U, "with --user: the Okta user exists but is not assigned (warning; names their groups)"),
    c("user.unchecked", U, "one side could not be read (or not in full), so the user was not compared"),
    // After go-live: why (the cause of a failing user).
    c("push.conflict", U, "409 / Conflict / already exists: a Loopio user with that userName exists but is not linked"),
    c("push.auth", U, "401 / Unauthorized / authentication_failure: the SCIM token in Okta was revoked or expired"),
    c("push.role_value", U, "400 about roles: a role value Loopio does not know"),
    c("push.not_found", U, "404 on an update: the Loopio user is gone"),
    c("push.rate_limited", U, "Loopio asked Okta to slow down (429)"),
    c("push.other", U, "another failed push: the reason is shown as Okta wrote it"),
    c("push.not_attempted", U, "never pushed and no failure logged"),
    c("push.create_users_off", U, "never pushed because To App Create Users is off"),
    c("drift.deleted_in_loopio", U, "the linked Loopio user was deleted in Loopio"),
    c("drift.deactivated_in_loopio", U, "the user was deactivated in Loopio"),
    c("drift.username", U, "the app username and Loopio's userName differ"),
    c("drift.update_attributes_off", U, "roles differ because To App Update User Attributes is off"),
    c("drift.group_priority", U, "roles differ: Okta's group priority likely gives another role"),
    c("drift.edited_in_loopio", U, "roles differ: likely changed by hand in Loopio after Okta's last push"),
    c("drift.unmanaged", U, "a Loopio user Okta does not manage"),
    c("drift.not_assigned", U, "an Okta user not assigned to the app"),
    c("drift.loopio_unread", U, "Loopio's side could not be read for this user"),
    // After go-live: reading the two sides.
    c("reconcile.user_unknown", W, "a --user that neither Okta nor Loopio knows"),
    c("reconcile.page_repeated", F, "a page repeated an earlier one (a cursor or startIndex ignored): reading stopped there"),
    c("reconcile.duplicate_user", W, "the same user came twice in a list: counted once"),
    c("reconcile.page_limit", W, "more pages than the limit: the first were read"),
    c("reconcile.log_unread", W, "the System Log could not be read: failed pushes are named from syncState only"),
];

/// The entry for `code`, if it is one.
pub fn find(code: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.code == code)
}

/// The connection test's checks, in order, with their labels.
pub fn checks() -> impl Iterator<Item = &'static Code> {
    CODES.iter().filter(|c| c.kind == Kind::Check)
}

/// The README's list of codes, generated from the table (between its markers).
pub fn readme_section() -> String {
    let mut out = String::from(
        "<!-- codes:begin (generated from src-tauri/crates/core/src/codes.rs: run `cargo gen` after changing the table) -->\n",
    );
    for kind in Kind::ALL {
        out.push_str(&format!(
            "\n**{}**\n\n| code | meaning |\n|---|---|\n",
            kind.heading()
        ));
        for code in CODES.iter().filter(|c| c.kind == kind) {
            out.push_str(&format!(
                "| `{}` | {} |\n",
                code.code,
                code.meaning.replace('|', "\\|")
            ));
        }
    }
    out.push_str("\n<!-- codes:end -->");
    out
}

/// `ui/src/bindings/codes.ts`: every code as a TypeScript string union (`Code`, and one union per
/// kind), so a code the window matches against that is renamed or removed here fails the UI's
/// type check. Types only: nothing of it reaches the bundle.
pub fn typescript() -> String {
    let mut out = String::from(
        "// Generated from src-tauri/crates/core/src/codes.rs by `cargo gen`. Do not edit this file manually.\n\n\
         /** Every stable code the app emits. */\n\
         export type Code =",
    );
    for kind in Kind::ALL {
        out.push_str(&format!("\n  | {}", kind.type_name()));
    }
    out.push_str(";\n");
    for kind in Kind::ALL {
        out.push_str(&format!(
            "\n/** {} */\nexport type {} =",
            kind.heading(),
            kind.type_name()
        ));
        for code in CODES.iter().filter(|c| c.kind == kind) {
            out.push_str(&format!("\n  | \"{}\"", code.code));
        }
        out.push_str(";\n");
    }
    out
}

#[cfg(test)]
mod tests;
