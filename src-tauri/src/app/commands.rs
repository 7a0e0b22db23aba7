//! Tauri commands: a few lines each, forwarding to the core.

use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use super::connection::{
    self, ConnectionTestOutcome, ConnectionTestRequest, PracticeState, TokenCheck,
};
use crate::practice::DEFAULT_PRACTICE_TOKEN;
use crate::probe::Finding;

use super::progress_store::{self, LoadedProgress, StartupCheck};
use crate::setup::{self, progress::Progress, Plan, PlanInput};

/// Everything the wizard shows for the admin's current input.
#[tauri::command]
pub fn get_plan(input: PlanInput) -> Plan {
    setup::plan(&input)
}

/// Saved progress, and a notice if the saved file had to be set aside.
#[tauri::command]
pub fn load_progress<R: Runtime>(
    app: AppHandle<R>,
    startup: State<'_, StartupCheck>,
) -> LoadedProgress {
    progress_store::load(&app, &startup)
}

/// Saves progress. The error is a sentence the UI shows as is.
#[tauri::command]
pub fn save_progress<R: Runtime>(
    app: AppHandle<R>,
    startup: State<'_, StartupCheck>,
    progress: Progress,
) -> Result<(), String> {
    progress_store::save(&app, &startup, &progress)
}

/// Cleans a pasted token and says what was cleaned; the token itself is not returned.
#[tauri::command]
pub fn inspect_token(token: String) -> TokenCheck {
    connection::inspect_token(&zeroize::Zeroizing::new(token))
}

/// The practice tenant's base URL and its (non-secret) practice token, starting it if needed.
#[tauri::command]
pub async fn practice_tenant(state: State<'_, PracticeState>) -> Result<(String, String), String> {
    Ok((
        connection::practice_base_url(&state).await?,
        DEFAULT_PRACTICE_TOKEN.to_string(),
    ))
}

/// Runs the connection test, streaming each finding over `on_finding` as it arrives.
#[tauri::command]
pub async fn run_connection_test(
    state: State<'_, PracticeState>,
    request: ConnectionTestRequest,
    on_finding: Channel<Finding>,
) -> Result<ConnectionTestOutcome, String> {
    connection::run(&state, request, on_finding).await
}
