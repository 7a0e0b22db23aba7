//! Tauri commands: a few lines each, forwarding to the core.

use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use super::connection::{
    self, ConnectionTestOutcome, ConnectionTestRequest, DiscoveryRequest, PracticeState, TokenCheck,
};
use super::export::{self, ExportKind};
use super::Vault;
use crate::practice::DEFAULT_PRACTICE_TOKEN;
use crate::probe::roles::{DiscoveryProgress, RoleDiscovery};
use crate::probe::Finding;
use crate::secret::Secret;
use crate::setup::reminder::{self, Expiry};
use crate::setup::roles::{self, RolesPlan, RolesPlanView};

use super::progress_store::{self, LoadedProgress, OpenProfile, StartupCheck};
use crate::setup::{self, progress::Progress, Plan, PlanInput};
use loopio_scim_core::error::CommandError;

/// Everything the wizard shows for the admin's current input.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn get_plan(input: PlanInput) -> Plan {
    setup::plan(&input)
}

/// Saved progress, and a notice if the saved file had to be set aside.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn load_progress<R: Runtime>(
    app: AppHandle<R>,
    startup: State<'_, StartupCheck>,
    open: State<'_, OpenProfile>,
) -> LoadedProgress {
    progress_store::load(&app, &startup, &open)
}

/// Saves progress. The error is a sentence the UI shows as is.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn save_progress<R: Runtime>(
    app: AppHandle<R>,
    startup: State<'_, StartupCheck>,
    open: State<'_, OpenProfile>,
    progress: Progress,
) -> Result<(), CommandError> {
    progress_store::save(&app, &startup, &open, &progress)
}

/// Cleans a pasted token and says what was cleaned; the token itself is not returned.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn inspect_token(token: String) -> TokenCheck {
    connection::inspect_token(&zeroize::Zeroizing::new(token))
}

/// The practice tenant's base URL and its (non-secret) practice token, starting it if needed.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn practice_tenant(
    state: State<'_, PracticeState>,
) -> Result<(String, String), CommandError> {
    Ok((
        connection::practice_base_url(&state).await?,
        DEFAULT_PRACTICE_TOKEN.to_string(),
    ))
}

/// Runs the connection test, streaming each finding over `on_finding` as it arrives.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn run_connection_test(
    open: State<'_, OpenProfile>,
    state: State<'_, PracticeState>,
    vault: State<'_, Vault>,
    request: ConnectionTestRequest,
    on_finding: Channel<Finding>,
) -> Result<ConnectionTestOutcome, CommandError> {
    connection::run(&state, vault.0.as_ref(), &open.name(), request, on_finding).await
}

/// Opens profile `name` (created empty if new) and returns its progress.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn switch_profile<R: Runtime>(
    app: AppHandle<R>,
    startup: State<'_, StartupCheck>,
    open: State<'_, OpenProfile>,
    name: String,
) -> Result<LoadedProgress, CommandError> {
    progress_store::switch(&app, &startup, &open, &name)
}

/// Pages through the users of the chosen SCIM endpoint and counts the role names in use.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn discover_roles(
    open: State<'_, OpenProfile>,
    state: State<'_, PracticeState>,
    vault: State<'_, Vault>,
    request: DiscoveryRequest,
    on_progress: Channel<DiscoveryProgress>,
) -> Result<RoleDiscovery, CommandError> {
    connection::discover_roles(&state, vault.0.as_ref(), &open.name(), request, on_progress).await
}

/// Checks a roles plan against the known role names (of which `seen` were seen in Loopio; the
/// rest were added by hand) and writes the Okta steps.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn roles_view(plan: RolesPlan, known: Vec<String>, seen: Vec<String>) -> RolesPlanView {
    roles::plan_view_seen(
        &plan,
        &roles::normalise_catalog(known),
        &roles::normalise_catalog(seen),
    )
}

/// The token's expiry and reminder dates, from the day it was generated.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn token_expiry(generated_on: String) -> Result<Expiry, CommandError> {
    let today = time::OffsetDateTime::now_utc().date();
    Ok(reminder::expiry(&generated_on, today)?)
}

/// Keeps the token in the OS keychain for the open profile.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn remember_token(
    open: State<'_, OpenProfile>,
    vault: State<'_, Vault>,
    token: String,
) -> Result<(), CommandError> {
    let (secret, _) = Secret::from_pasted(&zeroize::Zeroizing::new(token))?;
    Ok(vault.0.save(&open.name(), &secret)?)
}

/// Removes the open profile's token from the OS keychain.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn forget_token(
    open: State<'_, OpenProfile>,
    vault: State<'_, Vault>,
) -> Result<(), CommandError> {
    Ok(vault.0.forget(&open.name())?)
}

/// Whether the keychain holds a token for the open profile (never the token itself).
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn saved_token_status(
    open: State<'_, OpenProfile>,
    vault: State<'_, Vault>,
) -> Result<bool, CommandError> {
    Ok(vault.0.load(&open.name())?.is_some())
}

/// Saves the setup report or the expiry reminder through the save dialog. Returns where it was
/// written, or `None` if the admin cancelled.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn export_file<R: Runtime>(
    app: AppHandle<R>,
    open: State<'_, OpenProfile>,
    kind: ExportKind,
) -> Result<Option<String>, CommandError> {
    export::export(&app, &open, kind).await
}

/// Where this window's log is (for a support ticket), or `None` when there is no log file.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn log_file<R: Runtime>(app: AppHandle<R>) -> Option<String> {
    use tauri::Manager;
    let path = crate::logging::log_path(&app.path().app_data_dir().ok()?);
    path.exists().then(|| path.display().to_string())
}

/// Records a connection test in `progress`; the core decides whether it ticks or unticks
/// "Test the token and connection" (a practice or custom-URL result never does).
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn record_test(mut progress: Progress, test: crate::setup::progress::SavedTest) -> Progress {
    progress.record_test(test);
    progress
}

/// A saved connection test as the window shows it after a restart: the headline for the
/// target it ran against, as when it ran.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn saved_test_outcome(test: crate::setup::progress::SavedTest) -> ConnectionTestOutcome {
    let target = test.target_kind();
    connection::outcome(test.at_unix, test.base_url, test.report, Vec::new(), target)
}

/// Renames profile `from` to `to`; its token in the keychain moves with it.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn rename_profile<R: Runtime>(
    app: AppHandle<R>,
    startup: State<'_, StartupCheck>,
    open: State<'_, OpenProfile>,
    vault: State<'_, Vault>,
    from: String,
    to: String,
) -> Result<LoadedProgress, CommandError> {
    progress_store::rename(&app, &startup, &open, vault.0.as_ref(), &from, &to)
}

/// Deletes profile `name` and forgets its token; another profile opens if it was the open one.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn delete_profile<R: Runtime>(
    app: AppHandle<R>,
    startup: State<'_, StartupCheck>,
    open: State<'_, OpenProfile>,
    vault: State<'_, Vault>,
    name: String,
) -> Result<LoadedProgress, CommandError> {
    progress_store::delete(&app, &startup, &open, vault.0.as_ref(), &name)
}
