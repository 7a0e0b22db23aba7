//! The connection test behind the window: the target the admin chose, the token they pasted,
//! findings streamed over a channel as they arrive, and the practice tenant started on demand.

use std::net::SocketAddr;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tokio::sync::Mutex;
use ts_rs::TS;

use crate::practice::{self, DEFAULT_PRACTICE_TOKEN};
use crate::probe::{self, Finding, Report, Target, TargetOptions};
use crate::secret::{HygieneNote, Secret};
use crate::setup::Environment;
use loopio_scim_core::error::CommandError;

/// Where the connection test points (kept with the saved result, so the core can tell a test of
/// Loopio from practice).
pub use crate::setup::progress::TestTargetKind;

/// What the window sends to run the test. The token is only held for the duration of the call.
#[derive(Deserialize, TS)]
#[ts(export)]
pub struct ConnectionTestRequest {
    pub target: TestTargetKind,
    pub base_url: String,
    pub domain: String,
    pub token: String,
    /// curl-style HOST:PORT:ADDRESS lines.
    pub resolve: Vec<String>,
    pub ca_file: String,
    /// Use the token saved in the OS keychain for the open profile instead of `token`.
    pub use_saved_token: bool,
}

/// The outcome shown after the run.
#[derive(Serialize, TS)]
#[ts(export)]
pub struct ConnectionTestOutcome {
    #[ts(type = "number")]
    pub at_unix: u64,
    pub base_url: String,
    pub report: Report,
    pub token_notes: Vec<HygieneNote>,
    /// What the test ran against: save it with the result (`SavedTest::target`).
    pub target: TestTargetKind,
    /// Whether this result completes "Test the token and connection": Okta's test will pass
    /// and it ran against Loopio's own SCIM API (Production or Sandbox). Never for the practice
    /// tenant or a custom URL.
    pub counts_as_progress: bool,
    /// The verdict in one sentence, for this target: "will pass / will fail" only for what
    /// Loopio answered; for the practice tenant or a custom URL, plainly not Loopio; for a
    /// failure on the way, that this computer could not reach it and Okta's test may still pass.
    pub headline: String,
}

/// The outcome of a finished test against `target`.
pub fn outcome(
    at_unix: u64,
    base_url: String,
    report: Report,
    token_notes: Vec<HygieneNote>,
    target: TestTargetKind,
) -> ConnectionTestOutcome {
    let counts_as_progress = report.okta_connector_test == probe::Status::Pass
        && target
            .environment()
            .is_some_and(|env| target.counts_for(&base_url, env));
    ConnectionTestOutcome {
        at_unix,
        headline: target.headline(&report),
        base_url,
        report,
        token_notes,
        target,
        counts_as_progress,
    }
}

/// What the hygiene check found in a pasted token, shown as the admin pastes.
#[derive(Serialize, TS)]
#[ts(export)]
pub struct TokenCheck {
    pub notes: Vec<HygieneNote>,
    pub error: Option<String>,
}

/// The practice tenant, once started.
#[derive(Default)]
pub struct PracticeState(Mutex<Option<(practice::Running, String)>>);

pub fn inspect_token(token: &str) -> TokenCheck {
    match Secret::from_pasted(token) {
        Ok((_, notes)) => TokenCheck { notes, error: None },
        Err(e) => TokenCheck {
            notes: Vec::new(),
            error: Some(e.to_string()),
        },
    }
}

/// Starts the practice tenant if needed; returns its base URL.
pub async fn practice_base_url(state: &PracticeState) -> Result<String, CommandError> {
    let mut guard = state.0.lock().await;
    if let Some((_, url)) = guard.as_ref() {
        return Ok(url.clone());
    }
    let running = practice::serve(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        DEFAULT_PRACTICE_TOKEN.into(),
    )
    .await
    .map_err(|e| {
        CommandError::new(
            "practice.start_failed",
            format!("The practice tenant could not start on this computer: {e}"),
        )
    })?;
    let url = running.base_url.clone();
    *guard = Some((running, url.clone()));
    Ok(url)
}

/// The practice Okta the practice tenant serves, starting the tenant if needed.
pub async fn practice_okta(
    state: &PracticeState,
) -> Result<loopio_scim_practice::okta::PracticeOkta, CommandError> {
    practice_base_url(state).await?;
    let guard = state.0.lock().await;
    guard
        .as_ref()
        .map(|(running, _)| running.okta.clone())
        .ok_or_else(|| CommandError::new("practice.start_failed", "The practice tenant stopped."))
}

/// The token for a request: pasted, or from the keychain when asked.
pub fn request_secret(
    token: String,
    use_saved: Option<&dyn crate::vault::TokenVault>,
    profile: &str,
) -> Result<(Secret, Vec<HygieneNote>), CommandError> {
    let token = zeroize::Zeroizing::new(token);
    if token.trim().is_empty() {
        if let Some(vault) = use_saved {
            return match vault.load(profile)? {
                Some(secret) => Ok((secret, Vec::new())),
                None => Err(CommandError::new(
                    "keychain.no_token",
                    "No token is saved in the keychain for this profile. Paste the token.",
                )),
            };
        }
    }
    Ok(Secret::from_pasted(&token)?)
}

/// The token saved in the keychain only goes to Loopio's SCIM API or this computer; for any
/// other URL the admin pastes it, knowingly.
fn saved_token_destination(use_saved: bool, target: &Target) -> Result<(), CommandError> {
    let allowed = loopio_scim_net::http::target::is_loopio_api_host(&target.base_host)
        || loopio_scim_net::http::target::is_loopback(&target.base_host);
    if use_saved && !allowed {
        return Err(CommandError::new(
            "keychain.wrong_host",
            format!(
                "The saved token is only sent to Loopio's SCIM API. To test {}, paste the token.",
                target.base_host
            ),
        ));
    }
    Ok(())
}

/// Builds the target for a request (shared by the connection test and role discovery).
pub async fn target_for(
    state: &PracticeState,
    kind: TestTargetKind,
    base_url: String,
    domain: String,
    resolve: Vec<String>,
    ca_file: String,
) -> Result<Target, CommandError> {
    let mut options = TargetOptions {
        domain: Some(domain),
        resolve: resolve
            .into_iter()
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect(),
        ca_file: Some(ca_file.trim())
            .filter(|f| !f.is_empty())
            .map(Into::into),
        timeout: Some(Duration::from_secs(10)),
        ..Default::default()
    };
    match kind {
        TestTargetKind::Production => options.environment = Some(Environment::Production),
        TestTargetKind::Sandbox => options.environment = Some(Environment::Sandbox),
        TestTargetKind::Practice => {
            options.base_url = Some(practice_base_url(state).await?);
            // The practice tenant has no instance web site to check.
            options.domain = None;
        }
        TestTargetKind::Custom => options.base_url = Some(base_url),
    }
    Ok(Target::from_options(&options)?)
}

/// Where a request goes, as the window chose it.
pub struct TargetChoice {
    pub kind: TestTargetKind,
    pub base_url: String,
    pub domain: String,
    pub resolve: Vec<String>,
    pub ca_file: String,
}

/// The token (pasted, or from the keychain when asked and the field is empty) and the target,
/// with the rule that a saved token only goes to Loopio's API or this computer. Shared by the
/// connection test, role discovery and the rehearsal so none can skip that rule.
pub(super) async fn token_and_target(
    state: &PracticeState,
    vault: &dyn crate::vault::TokenVault,
    profile: &str,
    token: String,
    use_saved_token: bool,
    choice: TargetChoice,
) -> Result<(Secret, Vec<HygieneNote>, Target), CommandError> {
    let from_keychain = use_saved_token && token.trim().is_empty();
    let (secret, notes) = request_secret(token, use_saved_token.then_some(vault), profile)?;
    let target = target_for(
        state,
        choice.kind,
        choice.base_url,
        choice.domain,
        choice.resolve,
        choice.ca_file,
    )
    .await?;
    saved_token_destination(from_keychain, &target)?;
    Ok((secret, notes, target))
}

pub async fn run(
    state: &PracticeState,
    vault: &dyn crate::vault::TokenVault,
    profile: &str,
    request: ConnectionTestRequest,
    on_finding: Channel<Finding>,
) -> Result<ConnectionTestOutcome, CommandError> {
    let kind = request.target;
    let where_to = TargetChoice {
        kind: request.target,
        base_url: request.base_url,
        domain: request.domain,
        resolve: request.resolve,
        ca_file: request.ca_file,
    };
    let (secret, token_notes, target) = token_and_target(
        state,
        vault,
        profile,
        request.token,
        request.use_saved_token,
        where_to,
    )
    .await?;
    let at_unix = super::now_unix();
    let mut report = probe::run(&target, &secret, |f| {
        let _ = on_finding.send(for_target(kind, f.clone()));
    })
    .await;
    report.findings = report
        .findings
        .into_iter()
        .map(|f| for_target(kind, f))
        .collect();
    Ok(outcome(at_unix, target.base_url, report, token_notes, kind))
}

/// A finding as the window shows it for `kind`: a token the practice tenant refused is not the
/// practice token, and the remedy says so (not "generate a new one in Loopio").
fn for_target(kind: TestTargetKind, f: Finding) -> Finding {
    if kind == TestTargetKind::Practice && f.code == "auth.rejected" {
        return Finding {
            remedy: practice::wrong_token_remedy(),
            ..f
        };
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_the_practice_tenant_refuses_is_said_not_to_be_the_practice_token() {
        let refused = Finding {
            check: "okta.connector".into(),
            code: "auth.rejected".into(),
            status: probe::Status::Fail,
            title: "The token was refused (401)".into(),
            detail: "HTTP 401".into(),
            remedy: "Generate a new one in Loopio (Admin > Integrations > SCIM).".into(),
            elapsed_ms: 1,
        };
        let practice = for_target(TestTargetKind::Practice, refused.clone());
        assert!(
            practice.remedy.contains("not the practice token"),
            "{practice:?}"
        );
        assert!(
            !practice.remedy.contains(DEFAULT_PRACTICE_TOKEN)
                && practice.remedy.contains("Use the practice token"),
            "{practice:?}"
        );
        assert!(
            !practice.remedy.contains("Generate a new one"),
            "{practice:?}"
        );
        for kind in [TestTargetKind::Production, TestTargetKind::Custom] {
            assert_eq!(for_target(kind, refused.clone()), refused);
        }
    }

    #[test]
    fn token_inspection_reports_notes_or_the_error() {
        let ok = inspect_token("Bearer practice-token-0123456789abcdef");
        assert_eq!(ok.error, None);
        assert_eq!(ok.notes[0].code, "token.bearer_prefix");
        let bad = inspect_token("abc");
        assert!(bad.error.unwrap().contains("cut off"));
    }

    #[test]
    fn only_a_pass_against_loopio_counts_as_progress() {
        let pass = Report::from_findings(
            vec![Finding {
                check: probe::checks::OKTA_CONNECTOR.into(),
                code: probe::checks::OKTA_CONNECTOR.into(),
                status: probe::Status::Pass,
                title: "answered".into(),
                detail: String::new(),
                remedy: String::new(),
                elapsed_ms: 1,
            }],
            1,
        );
        let practice = outcome(
            1,
            "http://127.0.0.1:4000/scim/v2".into(),
            pass.clone(),
            Vec::new(),
            TestTargetKind::Practice,
        );
        assert!(!practice.counts_as_progress);
        assert!(
            practice.headline.contains("practice tenant"),
            "{}",
            practice.headline
        );
        assert!(
            practice.headline.contains("not Loopio"),
            "{}",
            practice.headline
        );
        assert!(
            !practice.headline.contains("will pass"),
            "{}",
            practice.headline
        );
        let custom = outcome(
            1,
            "https://api.loopio.com/scim/v2".into(),
            pass.clone(),
            Vec::new(),
            TestTargetKind::Custom,
        );
        assert!(!custom.counts_as_progress);
        let real = outcome(
            1,
            "https://api.loopio.com/scim/v2".into(),
            pass,
            Vec::new(),
            TestTargetKind::Production,
        );
        assert!(real.counts_as_progress);
        assert_eq!(
            real.headline,
            "Okta's Test Connector Configuration will pass."
        );
        let json = serde_json::to_value(&real).unwrap();
        assert_eq!(json["target"], "production");
        assert_eq!(json["counts_as_progress"], true);
    }

    #[test]
    fn the_saved_token_only_goes_to_loopio_or_this_computer() {
        let target = |url: &str| {
            Target::from_options(&TargetOptions {
                base_url: Some(url.into()),
                ..Default::default()
            })
            .unwrap()
        };
        assert!(saved_token_destination(true, &target("https://api.loopio.com/scim/v2")).is_ok());
        assert!(
            saved_token_destination(true, &target("https://api.int01.loopio.com/scim/v2")).is_ok()
        );
        assert!(saved_token_destination(true, &target("http://127.0.0.1:9/scim/v2")).is_ok());
        let err =
            saved_token_destination(true, &target("https://scim.example.com/v2")).unwrap_err();
        assert_eq!(err.code, "keychain.wrong_host");
        assert!(err.message.contains("paste the token"), "{err}");
        assert!(saved_token_destination(false, &target("https://scim.example.com/v2")).is_ok());
    }
}

/// What role discovery needs: where, and with which token.
#[derive(Deserialize, TS)]
#[ts(export)]
pub struct DiscoveryRequest {
    pub target: TestTargetKind,
    pub base_url: String,
    pub token: String,
    pub use_saved_token: bool,
    pub resolve: Vec<String>,
    pub ca_file: String,
}

pub async fn discover_roles(
    state: &PracticeState,
    vault: &dyn crate::vault::TokenVault,
    profile: &str,
    request: DiscoveryRequest,
    on_progress: Channel<probe::roles::DiscoveryProgress>,
) -> Result<probe::roles::RoleDiscovery, CommandError> {
    let from_loopio = names_are_loopios(request.target);
    let where_to = TargetChoice {
        kind: request.target,
        base_url: request.base_url,
        domain: String::new(),
        resolve: request.resolve,
        ca_file: request.ca_file,
    };
    let (secret, _, target) = token_and_target(
        state,
        vault,
        profile,
        request.token,
        request.use_saved_token,
        where_to,
    )
    .await?;
    probe::roles::discover(
        &target,
        &secret,
        probe::roles::PAGE_SIZE,
        probe::roles::MAX_PAGES,
        |p| {
            let _ = on_progress.send(p);
        },
    )
    .await
    .map(|found| probe::roles::RoleDiscovery {
        from_loopio,
        ..found
    })
    .map_err(|f| CommandError::new(f.code, format!("{}: {} {}", f.title, f.detail, f.remedy)))
}

/// Whether role names read from this target are Loopio's: only Loopio's own SCIM API
/// (production or sandbox) says so; the practice tenant and a custom URL do not.
fn names_are_loopios(target: TestTargetKind) -> bool {
    target.environment().is_some()
}

#[cfg(test)]
mod discovery_tests {
    use super::*;

    #[test]
    fn only_loopios_own_api_gives_names_seen_in_loopio() {
        assert!(names_are_loopios(TestTargetKind::Production));
        assert!(names_are_loopios(TestTargetKind::Sandbox));
        assert!(!names_are_loopios(TestTargetKind::Practice));
        assert!(!names_are_loopios(TestTargetKind::Custom));
    }
}
