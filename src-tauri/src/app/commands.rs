//! Tauri commands: a few lines each, forwarding to the core.

use tauri::{AppHandle, Runtime, State};

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
