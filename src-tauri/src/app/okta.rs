//! "Check your Okta app" behind the window: the org URL and API token the admin gave (the token
//! held for the call only: never saved, never logged, sent to that org alone), or the practice
//! Okta on this computer, set up for the wizard's domain with a mistake planted when asked. The
//! read-back and its findings are `okta::verify`'s; the record kept in
//! `Progress::last_okta_check`, its headline and whether it completes the step are the core's.

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;
use zeroize::Zeroizing;

use super::connection::{practice_okta, PracticeState};
use super::progress_store::{self, OpenProfile};
use crate::okta::{self, AppSelector, Expected, OktaOrg, VerifyReport};
use crate::setup::okta_check::SavedOktaCheck;
use crate::setup::progress::Progress;
use crate::setup::roles::normalise_catalog;
use crate::setup::{Environment, InstanceDomain};
use loopio_scim_core::error::CommandError;
use loopio_scim_practice::okta::{PracticeMistake, PracticeOrg, PRACTICE_OKTA_TOKEN};
use loopio_scim_practice::PRACTICE_ROLES;

/// What the window sends to check the Okta app. The token is only held for the duration of the
/// call.
#[derive(Deserialize, TS)]
#[ts(export)]
pub struct OktaCheckRequest {
    /// Check the practice Okta on this computer instead of an org (no URL or token needed).
    pub practice: bool,
    /// With the practice Okta: the mistake to plant, if any.
    pub practice_mistake: Option<PracticeMistake>,
    /// With the practice Okta: start it without the Loopio app, to practise creating it.
    #[serde(default)]
    pub practice_without_app: bool,
    pub org_url: String,
    /// An API token; ignored when `client_id` is given.
    pub token: String,
    /// Sign in as an OAuth 2.0 service app instead (recommended: it can be read-only): its
    /// client id, and the path of its private key file (read here; the key never passes
    /// through the window).
    #[serde(default)]
    pub client_id: String,
    #[serde(default)]
    pub private_key_path: String,
    /// The connection test's advanced options, for the org: HOST:PORT:ADDRESS overrides and an
    /// extra CA certificate file (PEM) to trust.
    #[serde(default)]
    pub resolve: Vec<String>,
    #[serde(default)]
    pub ca_file: String,
    /// The app's id; when empty, the app is found by `app_label`.
    pub app_id: String,
    pub app_label: String,
    /// The wizard's Loopio domain and environment: what Okta is compared with.
    pub domain: String,
    pub environment: Environment,
    /// Loopio's role names the wizard knows (discovered or added by hand).
    pub known_roles: Vec<String>,
}

/// The finished check: the record to keep in `Progress::last_okta_check`.
#[derive(Serialize, TS)]
#[ts(export)]
pub struct OktaCheckOutcome {
    pub record: SavedOktaCheck,
    /// Whether it completes "Check your Okta app" (the core's rule, for the window to say so).
    pub counts_as_progress: bool,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

/// Reads the Okta app back and compares it with what the wizard generated.
/// The open profile's roles plan and To App choices are what Okta is compared with, besides
/// the request's values (read from the store: the window saves before it checks).
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn check_okta<R: Runtime>(
    app: AppHandle<R>,
    open: State<'_, OpenProfile>,
    state: State<'_, PracticeState>,
    request: OktaCheckRequest,
) -> Result<OktaCheckOutcome, CommandError> {
    let saved = progress_store::saved_progress(&app, &open)
        .ok()
        .map(|(_, progress)| progress);
    run(&state, request, saved.as_ref()).await
}

/// The app the request names: by id when given, else by label (for a change, a label no app
/// has yet is the app to create).
pub(super) fn selector(request: &OktaCheckRequest) -> Result<AppSelector, CommandError> {
    let chosen = if request.app_id.trim().is_empty() {
        AppSelector::label(&request.app_label)
    } else {
        AppSelector::id(&request.app_id)
    };
    chosen.map_err(CommandError::from)
}

/// How the window signs in to Okta: the one [`okta::Access`] the CLI uses too.
pub(super) use crate::okta::Access as Auth;

/// The org and how to sign in: the practice Okta set up for `domain`, or what the admin gave.
pub(super) async fn org_and_auth(
    state: &PracticeState,
    request: &OktaCheckRequest,
    domain: &InstanceDomain,
) -> Result<(OktaOrg, Auth), CommandError> {
    if request.practice {
        let org = PracticeOrg::new(domain.clone(), request.environment)
            .with_mistake(request.practice_mistake);
        return practice_access(
            state,
            if request.practice_without_app {
                org.without_app()
            } else {
                org
            },
        )
        .await;
    }
    let org =
        OktaOrg::parse(&request.org_url).map_err(|e| CommandError::new(e.code(), e.to_string()))?;
    if !request.client_id.trim().is_empty() {
        return Ok((org, service_app(request)?));
    }
    let token = Zeroizing::new(request.token.clone());
    let (secret, _notes) = okta::token_from_pasted(&token)
        .map_err(|e| CommandError::new(e.code(), okta::token_error_message(&e)))?;
    Ok((org, Auth::Token(secret)))
}

/// The practice Okta set up as `org`, and its token. Kept as it is while the admin practises (an
/// app created, switches on); set up afresh when the domain, environment, mistake, app mode or
/// live users change.
pub(super) async fn practice_access(
    state: &PracticeState,
    org: PracticeOrg,
) -> Result<(OktaOrg, Auth), CommandError> {
    let practice = practice_okta(state).await?;
    practice.ensure(org);
    let org =
        OktaOrg::parse(&practice.url()).map_err(|e| CommandError::new(e.code(), e.to_string()))?;
    let (secret, _) = okta::token_from_pasted(PRACTICE_OKTA_TOKEN)
        .map_err(|e| CommandError::new(e.code(), okta::token_error_message(&e)))?;
    Ok((org, Auth::Token(secret)))
}

/// The service app of the request: its client id and the key read from its file.
fn service_app(request: &OktaCheckRequest) -> Result<Auth, CommandError> {
    let path = std::path::Path::new(request.private_key_path.trim());
    Auth::service_app(&request.client_id, path).map_err(CommandError::from)
}

/// The org's target with the request's resolve overrides and CA file.
pub(super) fn target_for(
    org: &OktaOrg,
    request: &OktaCheckRequest,
) -> Result<crate::probe::Target, CommandError> {
    let resolve: Vec<String> = request
        .resolve
        .iter()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect();
    let ca_file = Some(request.ca_file.trim())
        .filter(|f| !f.is_empty())
        .map(std::path::PathBuf::from);
    Ok(okta::target(org, &resolve, ca_file, None)?)
}

/// The check for a request.
/// `saved`: the open profile's progress; its roles plan is not compared with the practice Okta,
/// whose groups are its own.
pub async fn run(
    state: &PracticeState,
    request: OktaCheckRequest,
    saved: Option<&Progress>,
) -> Result<OktaCheckOutcome, CommandError> {
    let domain = InstanceDomain::parse(&request.domain)?;
    let app = selector(&request)?;
    let (org, auth) = org_and_auth(state, &request, &domain).await?;
    let target = target_for(&org, &request)?;
    let mut known = normalise_catalog(request.known_roles.clone());
    // Only names seen in Loopio pass: the practice tenant's, or (from the saved profile) the
    // discovered ones; a name added by hand is "not seen in Loopio yet".
    let mut seen = saved
        .map(|p| normalise_catalog(p.roles_seen.clone()))
        .unwrap_or_default();
    // The practice Okta's groups carry the practice tenant's example roles, whatever the
    // admin's list holds: those are the names it is checked against.
    if request.practice {
        known = PRACTICE_ROLES.iter().map(|r| r.to_string()).collect();
        seen.clone_from(&known);
    }
    let expected = Expected {
        domain,
        environment: request.environment,
        known_roles: known,
        seen_roles: seen,
        deactivate_users: None,
        roles_plan: None,
    };
    let expected = match saved {
        Some(progress) if !request.practice => expected.with_saved(progress),
        _ => expected,
    };
    let mut report = okta::verify_with(&target, auth.credentials(), &app, &expected).await;
    if request.practice {
        practice_role_words(&mut report.findings);
    }
    let record = record(super::now_unix(), org.origin(), request.practice, &report);
    Ok(OktaCheckOutcome {
        counts_as_progress: record.counts(),
        elapsed_ms: report.elapsed_ms,
        record,
    })
}

/// The practice Okta's role names are the practice tenant's examples: its findings never call
/// them Loopio's.
fn practice_role_words(findings: &mut [loopio_scim_core::setup::okta_check::OktaFinding]) {
    for f in findings
        .iter_mut()
        .filter(|f| f.code.starts_with("okta.roles."))
    {
        f.detail = f.detail.replace(
            " is a Loopio role name.",
            " is one of the practice tenant's example role names (not Loopio's).",
        );
    }
}

/// What is kept of a read-back: the org, the app, the verdict and its headline, each finding
/// and the IdP values (already redacted by the read-back).
/// Whether Okta was reached, the headline and what the window may offer are the core's
/// (`SavedOktaCheck::new`). The window records the values it checked for (the plan's
/// `values_now`).
pub fn record(at_unix: u64, org: &str, practice: bool, report: &VerifyReport) -> SavedOktaCheck {
    SavedOktaCheck::new(
        at_unix,
        org,
        practice,
        report.app.as_ref().map(|a| (a.id.clone(), a.label.clone())),
        report.verdict,
        report.findings.clone(),
        report.idp.clone(),
    )
    .with_app_name(report.app.as_ref().map_or("", |a| a.name.as_str()))
}

/// An Okta check of acme.loopio.com (Production) by the label "Loopio", against the practice
/// Okta or, with nothing else set, an org not given: the tests' one request to start from.
#[cfg(test)]
pub(crate) fn check_request(practice: bool) -> OktaCheckRequest {
    OktaCheckRequest {
        practice,
        practice_mistake: None,
        practice_without_app: false,
        org_url: String::new(),
        token: String::new(),
        client_id: String::new(),
        private_key_path: String::new(),
        resolve: Vec::new(),
        ca_file: String::new(),
        app_id: String::new(),
        app_label: "Loopio".into(),
        domain: "acme.loopio.com".into(),
        environment: Environment::Production,
        known_roles: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use loopio_scim_core::findings::Status;

    fn request(practice: bool, mistake: Option<PracticeMistake>) -> OktaCheckRequest {
        OktaCheckRequest {
            practice_mistake: mistake,
            ..check_request(practice)
        }
    }

    #[tokio::test]
    async fn the_practice_okta_passes_then_names_the_planted_mistake() {
        let state = PracticeState::default();
        // A saved roles plan is the admin's org's, not the practice Okta's: not compared.
        let planned = Progress {
            roles_plan: crate::setup::roles::RolesPlan::SameForAll {
                role: "Admin".into(),
            },
            ..Progress::default()
        };
        let passed = run(&state, request(true, None), Some(&planned))
            .await
            .unwrap();
        let r = &passed.record;
        assert_eq!(r.verdict, Status::Pass, "{:#?}", r.findings);
        assert!(
            r.practice && !passed.counts_as_progress,
            "practice is never progress"
        );
        assert!(r.headline.contains("practice Okta"), "{}", r.headline);
        // Its roles are the practice tenant's examples, never called Loopio's.
        let roles: Vec<&str> = r
            .findings
            .iter()
            .filter(|f| f.code == "okta.roles.value")
            .map(|f| f.detail.as_str())
            .collect();
        assert!(!roles.is_empty(), "{:#?}", r.findings);
        for detail in roles {
            assert!(!detail.contains("is a Loopio role name"), "{detail}");
        }
        assert!(r.org.starts_with("http://127.0.0.1:"), "{}", r.org);
        let json = serde_json::to_string(r).unwrap();
        assert!(!json.contains(PRACTICE_OKTA_TOKEN), "the token is not kept");

        let planted = run(&state, request(true, Some(PracticeMistake::Audience)), None)
            .await
            .unwrap();
        let failing: Vec<&str> = planted
            .record
            .findings
            .iter()
            .filter(|f| f.status == Status::Fail)
            .map(|f| f.code.as_str())
            .collect();
        assert_eq!(failing, ["okta.saml.audience"]);
    }

    #[tokio::test]
    async fn bad_input_is_refused_before_any_request() {
        let state = PracticeState::default();
        let mut bad_org = request(false, None);
        bad_org.org_url = "acme".into();
        bad_org.token = "00abcdefghijklmnopqrstuvwxyz0123456789".into();
        assert_eq!(
            run(&state, bad_org, None).await.err().unwrap().code,
            "okta_url.incomplete"
        );
        let mut no_token = request(false, None);
        no_token.org_url = "https://acme.okta.com".into();
        assert_eq!(
            run(&state, no_token, None).await.err().unwrap().code,
            "token.empty"
        );
        let mut bad_id = request(true, None);
        bad_id.app_id = "0oa/../x".into();
        assert_eq!(
            run(&state, bad_id, None).await.err().unwrap().code,
            "okta.app.invalid"
        );
    }
}
