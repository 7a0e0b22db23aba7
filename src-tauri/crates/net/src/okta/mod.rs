//! The Okta read-back: reads the live Loopio app from Okta's Management API and says,
//! field by field, what differs from what the wizard generated, where it is in Okta's admin
//! console and how to fix it.
//!
//! - `org`: the org URL as pasted, reduced to the one origin the token is sent to; the API token
//!   as pasted (a leading `SSWS ` removed).
//! - `client`: the Okta client on the one HTTP layer ([`crate::http`]): `Link` paging, Okta's
//!   error bodies and rate limits classified into stable codes; its writes only for `apply`.
//! - `apply`: the writes, only after the admin confirmed the plan: the requests that make Okta
//!   match the wizard (create the app, fix its SAML values in the object Okta returned, the roles
//!   attribute and roles), each recorded with its undo; and the same as Terraform.
//! - `compare`: pure functions from Okta's JSON to findings, against the core's `OktaValues`.
//!
//! The dependency chain is two round trips: find the app (by id, or by label through `q=`
//! pages), then the app user schema, the group assignments, the signing keys and the assigned
//! users concurrently.

pub mod access;
pub mod apply;
pub mod client;
pub mod compare;
pub(crate) mod find;
pub mod idp;
pub mod jwt;
pub mod oauth;
pub mod org;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use loopio_scim_core::findings::Status;
use loopio_scim_core::secret::Secret;
use loopio_scim_core::setup::app_variable::roles_variable_name;
use serde::Serialize;
use serde_json::Value;

use crate::http::target::{Target, TargetError, TargetOptions};
use crate::http::{self, Failure};
pub use access::Access;
use client::OktaClient;
use compare::AppView;
pub use compare::Expected;
use find::{describe, encode, find_app};
use loopio_scim_core::error::Problem;
use loopio_scim_core::redact as core_redact;
pub use oauth::ServiceApp;
pub use org::{token_error_message, token_from_pasted, OktaOrg, OrgError};

pub use loopio_scim_core::setup::okta_check::{IdpValues, OktaFinding};

/// A network or Okta failure as a read-back finding.
pub(crate) fn finding_of(f: Failure) -> OktaFinding {
    let location = match f.code {
        "okta.auth.rejected" => "Security > API > Tokens",
        "okta.auth.forbidden" => "Security > Administrators",
        _ => "",
    };
    OktaFinding::new(f.code, Status::Fail, f.title)
        .detail(f.detail)
        .remedy(f.remedy)
        .at(location)
}

/// The app that was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppSummary {
    pub id: String,
    pub label: String,
    /// Okta's generated name: the app's variable name in Profile Editor.
    pub name: String,
    pub status: String,
}

/// The whole read-back: `verdict` is `fail` if any finding failed, else `warn` if any warned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    pub verdict: Status,
    pub app: Option<AppSummary>,
    /// What Loopio's SSO settings need, from the app's SAML metadata.
    pub idp: Option<IdpValues>,
    pub findings: Vec<OktaFinding>,
    pub elapsed_ms: u64,
}

/// What one read-back found: the app, its IdP values, the findings.
type ReadBack = (Option<AppSummary>, Option<IdpValues>, Vec<OktaFinding>);

/// Which app to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppSelector {
    Id(String),
    Label(String),
}

impl AppSelector {
    /// An app id as Okta makes them (`0oa...`): letters and digits only, so it is safe in a path.
    pub fn id(id: &str) -> Result<AppSelector, Problem> {
        let id = id.trim();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) || id.len() > 64 {
            return Err(Problem::new("okta.app.invalid", format!("{id:?} is not an Okta app id (letters and digits, like 0oa1b2c3d4E5f6G7h8i9; the id is in the app's address in the admin console: /admin/app/.../instance/<id>/).")));
        }
        Ok(AppSelector::Id(id.to_string()))
    }

    pub fn label(label: &str) -> Result<AppSelector, Problem> {
        let label = label.trim();
        if label.is_empty() {
            return Err(Problem::new(
                "okta.app.invalid",
                "Give the app's label, as shown in Okta's Applications list.",
            ));
        }
        Ok(AppSelector::Label(label.to_string()))
    }
}

/// The connection test's target for an Okta org: the same `--resolve`, `--ca-file`, proxy and
/// timeout handling, with the org's origin as the only URL.
pub fn target(
    org: &OktaOrg,
    resolve: &[String],
    ca_file: Option<PathBuf>,
    timeout: Option<Duration>,
) -> Result<Target, TargetError> {
    let timeout = timeout.unwrap_or(Duration::from_secs(10));
    let mut target = Target::from_options(&TargetOptions {
        environment: None,
        base_url: Some(org.origin().to_string()),
        domain: None,
        resolve: resolve.to_vec(),
        ca_file,
        timeout: Some(timeout),
        // A few round trips, each possibly paged and once retried after a short rate limit.
        deadline: Some((timeout * 4).max(Duration::from_secs(40))),
    })?;
    // Its warnings are about Loopio's SCIM hosts; an Okta org is not one.
    target.warnings.clear();
    Ok(target)
}

/// How the read-back signs in to Okta.
#[derive(Debug, Clone, Copy)]
pub enum Credentials<'a> {
    /// An API token (`Authorization: SSWS ...`): the rights of the admin who made it.
    ApiToken(&'a Secret),
    /// An OAuth 2.0 service app (client credentials, `private_key_jwt`, read scopes only).
    ServiceApp(&'a ServiceApp),
}

/// Reads the app back with an API token; see [`verify_with`].
pub async fn verify(
    target: &Target,
    secret: &Secret,
    app: &AppSelector,
    expected: &Expected,
) -> VerifyReport {
    verify_with(target, Credentials::ApiToken(secret), app, expected).await
}

/// Reads the app back and compares it. Never panics on what Okta sends; the token (and a
/// service app's access token) appears in no finding (every text is redacted) and is sent to
/// `target`'s origin only.
pub async fn verify_with(
    target: &Target,
    credentials: Credentials<'_>,
    app: &AppSelector,
    expected: &Expected,
) -> VerifyReport {
    let started = Instant::now();
    tracing::info!(org = %target.base_url, "okta read-back started");
    let deadline = started + target.deadline;
    let run = async {
        match credentials {
            Credentials::ApiToken(secret) => match OktaClient::new(target, secret, deadline) {
                Ok(client) => read_back(&client, app, expected).await,
                Err(f) => (None, None, vec![finding_of(f)]),
            },
            Credentials::ServiceApp(service) => {
                as_service_app(target, service, deadline, app, expected).await
            }
        }
    };
    let secret = match credentials {
        Credentials::ApiToken(secret) => Some(secret),
        Credentials::ServiceApp(_) => None,
    };
    let (summary, idp, mut findings) = match tokio::time::timeout(target.deadline, run).await {
        Ok(r) => r,
        Err(_) => (
            None,
            None,
            vec![OktaFinding::new("network.timeout", Status::Fail, "The read-back ran out of time")
                .detail(format!("Okta did not answer every request within {} s.", target.deadline.as_secs()))
                .remedy("Check that this computer can reach the org (VPN, firewall, proxy), then try again.")],
        ),
    };
    let summary = summary.map(|mut s| {
        redact_summary(&mut s, secret);
        s
    });
    redact_findings(&mut findings, secret);
    let idp = idp.map(|v| v.cleaned(|t| core_redact::credentials(&http::redact(t, secret))));
    let verdict = Status::verdict(findings.iter().map(|f| f.status));
    tracing::info!(
        org = %target.base_url,
        verdict = ?verdict,
        app_found = summary.is_some(),
        findings = findings.len(),
        failing = findings.iter().filter(|f| f.status == Status::Fail).count(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "okta read-back done"
    );
    VerifyReport {
        verdict,
        app: summary,
        idp,
        findings,
        elapsed_ms: started.elapsed().as_millis() as u64,
    }
}

fn redact_summary(s: &mut AppSummary, secret: Option<&Secret>) {
    for text in [&mut s.id, &mut s.label, &mut s.name, &mut s.status] {
        *text = core_redact::credentials(&http::redact(text, secret));
    }
}

/// Every text of every finding without the token, and without anything credential-shaped.
fn redact_findings(findings: &mut Vec<OktaFinding>, secret: Option<&Secret>) {
    let clean = |t: &str| core_redact::credentials(&http::redact(t, secret));
    *findings = std::mem::take(findings)
        .into_iter()
        .map(|f| f.cleaned(clean))
        .collect();
}

/// A service app's access token from the org's token endpoint (with DPoP when Okta asks).
pub(crate) async fn service_token(
    target: &Target,
    service: &ServiceApp,
    deadline: Instant,
) -> Result<oauth::AccessToken, Failure> {
    match (http::client(target), url::Url::parse(&target.base_url)) {
        (Ok(client), Ok(origin)) => oauth::obtain(&client, &origin, service, deadline).await,
        (Err(f), _) => Err(f),
        (_, Err(e)) => Err(client::unexpected(oauth::TOKEN_PATH, &e.to_string())),
    }
}

/// Gets a service app's access token, reads back with it, and redacts it from the result.
async fn as_service_app(
    target: &Target,
    service: &ServiceApp,
    deadline: Instant,
    app: &AppSelector,
    expected: &Expected,
) -> ReadBack {
    let service_app = "Applications > Applications > (the service app) > General";
    let token = match service_token(target, service, deadline).await {
        Ok(token) => token,
        Err(f) => {
            let at = match f.code {
                "okta.auth.dpop" => oauth::DPOP_SETTING,
                "okta.auth.forbidden" => {
                    "Applications > Applications > (the service app) > Okta API Scopes"
                }
                _ => service_app,
            };
            return (None, None, vec![finding_of(f).at(at)]);
        }
    };
    let (mut summary, idp, mut findings) = match OktaClient::new(target, &token.token, deadline) {
        Ok(client) => {
            let client = client.with_access_token(token.scheme, token.dpop.as_ref());
            read_back(&client, app, expected).await
        }
        Err(f) => (None, None, vec![finding_of(f)]),
    };
    for f in &mut findings {
        if f.code == "okta.auth.rejected" {
            f.remedy = "Okta refused the service app's access token. Check that the service app is active and has an admin role (its Admin roles tab: Read-only Administrator is enough), then try again.".into();
            f.location = service_app.into();
        }
    }
    if let Some(s) = summary.as_mut() {
        redact_summary(s, Some(&token.token));
    }
    redact_findings(&mut findings, Some(&token.token));
    (summary, idp, findings)
}

fn text(json: &Value, key: &str) -> String {
    json.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn summary_of(app: &Value) -> AppSummary {
    AppSummary {
        id: text(app, "id"),
        label: text(app, "label"),
        name: text(app, "name"),
        status: text(app, "status"),
    }
}

async fn read_back(
    client: &OktaClient<'_>,
    selector: &AppSelector,
    expected: &Expected,
) -> ReadBack {
    let app = match find_app(client, selector).await {
        Ok(app) => app,
        Err(f) => return (None, None, vec![f]),
    };
    let summary = summary_of(&app);
    let mut findings = Vec::new();
    let mode = text(&app, "signOnMode");
    if mode != "SAML_2_0" {
        findings.push(
            OktaFinding::new("okta.app.not_saml", Status::Fail, "The app is not a SAML 2.0 app")
                .has(mode)
                .expected("SAML_2_0")
                .at(format!("Applications > Applications > {}", summary.label))
                .detail(format!("{} signs users in with {}; Loopio's guide needs a SAML 2.0 app.", describe(&app), text(&app, "signOnMode")))
                .remedy("Check you picked the right app. Otherwise create a new app integration with sign-in method SAML 2.0, as the wizard shows: the sign-in method of an existing app cannot be changed."),
        );
        return (Some(summary), None, findings);
    }
    if summary.status != "ACTIVE" {
        findings.push(
            OktaFinding::new("okta.app.inactive", Status::Fail, "The app is not active")
                .has(summary.status.clone())
                .expected("ACTIVE")
                .at(format!("Applications > Applications > {}", summary.label))
                .detail("Users cannot sign in to Loopio through an inactive app, and Okta provisions no one.")
                .remedy("Activate the app (Applications > Applications > the app's gear menu > Activate)."),
        );
    }
    let expected_roles_variable = roles_variable_name(&summary.name).ok();
    let view = AppView {
        json: &app,
        label: &summary.label,
        expected_roles_variable,
    };
    findings.extend(compare::saml(&view, expected));

    let id = &summary.id;
    if !id.chars().all(|c| c.is_ascii_alphanumeric()) || id.is_empty() {
        findings.push(finding_of(client::unexpected(
            "/api/v1/apps",
            "the app's id is not an Okta id",
        )));
        return (Some(summary), None, findings);
    }
    let (idp, found) = details(client, &view, expected, id).await;
    findings.extend(found);
    (Some(summary), idp, findings)
}

/// The second round trip, all at once: the app user schema, group assignments, signing keys,
/// assigned users, SAML metadata and the profile mapping (a third round trip for the mapping's
/// properties), each compared (the metadata read for the IdP values).
async fn details(
    client: &OktaClient<'_>,
    view: &AppView<'_>,
    expected: &Expected,
    id: &str,
) -> (Option<IdpValues>, Vec<OktaFinding>) {
    let mut findings = Vec::new();
    let metadata_path = idp::metadata_path(view.json, id);
    let schema_path = format!("/api/v1/meta/schemas/apps/{id}/default");
    let groups_path = format!("/api/v1/apps/{id}/groups?expand=group&limit=200");
    let keys_path = format!("/api/v1/apps/{id}/credentials/keys");
    let users_path = format!("/api/v1/apps/{id}/users?limit=500");
    let metadata = async {
        match &metadata_path {
            Ok(path) => Some(client.get_xml(path, client::METADATA).await),
            Err(_) => None,
        }
    };
    let (schema, groups, keys, users, metadata, mapping) = tokio::join!(
        client.get_json(&schema_path, client::SCHEMAS),
        client.get_all(&groups_path, client::GROUP_ASSIGNMENTS),
        client.get_json(&keys_path, client::KEYS),
        client.get_all(&users_path, client::APP_USERS),
        metadata,
        client.user_mapping(id),
    );
    let (mut idp, found) = metadata_values(metadata_path, metadata, view.label);
    findings.extend(found);
    // The certificate's expiry is Okta's own word for the active key (no certificate parsing).
    if let (Some(idp), Ok(Value::Array(keys))) = (idp.as_mut(), &keys) {
        idp.certificate_not_after = compare::active_key_expires(view.json, keys).and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        });
    }
    let (found, attribute) = schema_attribute(view, expected, schema);
    findings.extend(found);
    findings.extend(compare::provisioning(
        view,
        expected,
        attribute.as_ref().map(Option::is_some),
    ));
    findings.extend(group_findings(view, expected, attribute.as_ref(), &groups));
    if let Some(Some(attr)) = &attribute {
        findings.extend(mapping_findings(
            view,
            expected,
            &attr.variable,
            &groups,
            mapping,
        ));
    }
    findings.push(key_finding(view, &keys_path, keys));
    findings.extend(user_findings(view, attribute.as_ref(), users));
    (idp, findings)
}

/// The IdP values from the SAML metadata, or the finding that says why there are none (`None`
/// and no finding when the metadata was not asked for).
fn metadata_values(
    path: Result<String, Box<OktaFinding>>,
    answer: Option<Result<Vec<u8>, Failure>>,
    label: &str,
) -> (Option<IdpValues>, Option<OktaFinding>) {
    match (path, answer) {
        (Ok(_), Some(answer)) => match idp::from_answer(answer, label) {
            Ok(values) => (Some(values), None),
            Err(f) => (None, Some(*f)),
        },
        (Err(f), _) => (None, Some(*f)),
        (Ok(_), None) => (None, None),
    }
}

/// The roles attribute from the app user schema (`None` when the schema could not be read,
/// `Some(None)` when it has no roles attribute), with the schema's findings.
fn schema_attribute(
    view: &AppView<'_>,
    expected: &Expected,
    schema: Result<Value, Failure>,
) -> (Vec<OktaFinding>, Option<Option<compare::RolesAttribute>>) {
    match schema {
        Ok(schema) => {
            let (found, attribute) = compare::roles_attribute(view, expected, &schema);
            (found, Some(attribute))
        }
        Err(f) => (vec![finding_of(f)], None),
    }
}

/// `okta.cert.expiry` from the app's signing keys.
fn key_finding(view: &AppView<'_>, keys_path: &str, keys: Result<Value, Failure>) -> OktaFinding {
    match keys {
        Ok(Value::Array(keys)) => {
            compare::cert_expiry(view, &keys, time::OffsetDateTime::now_utc())
        }
        Ok(_) => finding_of(client::unexpected(keys_path, "a list of keys was expected")),
        Err(f) => finding_of(f),
    }
}

/// The assigned users' findings, against the roles attribute when it is known.
fn user_findings(
    view: &AppView<'_>,
    attribute: Option<&Option<compare::RolesAttribute>>,
    users: Result<(Vec<Value>, bool), Failure>,
) -> Vec<OktaFinding> {
    match users {
        Ok((users, complete)) => {
            let variable = attribute
                .and_then(|a| a.as_ref())
                .map(|a| a.variable.as_str());
            compare::users(view, &users, variable, complete)
        }
        Err(f) => vec![finding_of(f)],
    }
}

/// `okta.roles.value` from the group assignments, once the roles attribute is known.
fn group_findings(
    view: &AppView<'_>,
    expected: &Expected,
    attribute: Option<&Option<compare::RolesAttribute>>,
    groups: &Result<(Vec<Value>, bool), Failure>,
) -> Vec<OktaFinding> {
    match (attribute, groups) {
        (Some(Some(attr)), Ok((assignments, complete))) => {
            let mut out = compare::role_values(view, expected, &attr.variable, assignments);
            if !complete {
                out.push(OktaFinding::new("okta.roles.value", Status::Warn, "Not every group assignment was read")
                    .detail(format!("The app has more than {} pages of group assignments; the first were checked.", client::MAX_PAGES))
                    .at(format!("Applications > Applications > {} > Assignments > Groups", view.label)));
            }
            out
        }
        (_, Err(f)) => vec![finding_of(f.clone())],
        (Some(None), Ok(_)) => {
            vec![
                OktaFinding::new("okta.roles.value", Status::Skip, "Group roles")
                    .detail("The app has no roles attribute, so no group carries a role."),
            ]
        }
        (None, Ok(_)) => {
            vec![OktaFinding::new("okta.roles.value", Status::Skip, "Group roles")
            .detail(
                "The app user schema could not be read, so the roles attribute's name is unknown.",
            )]
        }
    }
}

/// `okta.roles.mapping_override`, a "same value for all users" role and `okta.roles.plan_drift`,
/// from the profile mapping and the group assignments.
fn mapping_findings(
    view: &AppView<'_>,
    expected: &Expected,
    variable: &str,
    groups: &Result<(Vec<Value>, bool), Failure>,
    mapping: Result<Option<Value>, Failure>,
) -> Vec<OktaFinding> {
    let assignments: &[Value] = match groups {
        Ok((a, _)) => a,
        Err(_) => &[],
    };
    let carry = assignments
        .iter()
        .any(|a| !compare::assignment_roles(a, variable).is_empty());
    let mut out = Vec::new();
    let mapping = match mapping {
        Ok(m) => m,
        Err(f) => {
            out.push(finding_of(f));
            return out;
        }
    };
    out.extend(compare::mapping(
        view,
        expected,
        variable,
        mapping.as_ref(),
        carry,
    ));
    let complete = matches!(groups, Ok((_, true)));
    if groups.is_ok() && !complete && expected.roles_plan.is_some() {
        out.push(
            OktaFinding::new("okta.roles.plan_drift", Status::Skip, "Roles against the wizard's plan")
                .detail("Not every group assignment was read (too many pages), so the plan is not compared: a group could look unassigned when it is not."),
        );
    }
    if complete {
        out.extend(compare::plan_drift(
            view,
            expected,
            variable,
            assignments,
            mapping.as_ref(),
        ));
    }
    out
}
