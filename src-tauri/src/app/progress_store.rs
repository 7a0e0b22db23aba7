//! Progress in tauri-plugin-store (`progress.json` in the app's data folder).
//!
//! Before the store is first opened, the file is checked; a file that is not valid progress is
//! renamed aside so the plugin never sees it, and the admin is told.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_store::StoreExt;
use ts_rs::TS;

use crate::setup::progress::{self, Progress, StoreFileCheck, STORE_KEY};

/// The store's file name, relative to the app data folder.
pub const STORE_FILE: &str = "progress.json";

/// What was found when the app started.
pub struct StartupCheck {
    notice: Option<String>,
    /// False when the file could neither be read nor moved: saving would overwrite or fail.
    can_save: bool,
}

impl StartupCheck {
    pub fn run<R: Runtime>(app: &AppHandle<R>) -> Self {
        let path = match app.path().app_data_dir() {
            Ok(dir) => dir.join(STORE_FILE),
            Err(e) => {
                return StartupCheck {
                    notice: Some(format!(
                    "No folder to save progress in was found ({e}). Progress will not be saved."
                )),
                    can_save: false,
                }
            }
        };
        let stamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let check = progress::check_store_file(&path, stamp);
        StartupCheck {
            notice: check.notice(),
            can_save: !matches!(check, StoreFileCheck::Unusable { .. }),
        }
    }
}

/// Progress as loaded at start-up.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct LoadedProgress {
    pub progress: Progress,
    /// Shown to the admin when the saved file was unusable or progress cannot be saved.
    pub notice: Option<String>,
}

pub fn load<R: Runtime>(app: &AppHandle<R>, startup: &StartupCheck) -> LoadedProgress {
    if !startup.can_save {
        return LoadedProgress {
            progress: Progress::default(),
            notice: startup.notice.clone(),
        };
    }
    let stored = app.store(STORE_FILE).map(|store| store.get(STORE_KEY));
    match stored {
        Ok(Some(value)) => match serde_json::from_value(value) {
            Ok(progress) => LoadedProgress {
                progress,
                notice: startup.notice.clone(),
            },
            Err(e) => LoadedProgress {
                progress: Progress::default(),
                notice: Some(format!(
                    "Your saved progress could not be read ({e}); the wizard started fresh."
                )),
            },
        },
        Ok(None) => LoadedProgress {
            progress: Progress::default(),
            notice: startup.notice.clone(),
        },
        Err(e) => LoadedProgress {
            progress: Progress::default(),
            notice: Some(format!(
                "Your saved progress could not be opened ({e}); the wizard started fresh."
            )),
        },
    }
}

pub fn save<R: Runtime>(
    app: &AppHandle<R>,
    startup: &StartupCheck,
    progress: &Progress,
) -> Result<(), String> {
    if !startup.can_save {
        return Err(
            "Progress cannot be saved this time: the saved file could not be read or moved aside."
                .into(),
        );
    }
    let store = app
        .store(STORE_FILE)
        .map_err(|e| format!("Progress could not be saved: {e}"))?;
    let value =
        serde_json::to_value(progress).map_err(|e| format!("Progress could not be saved: {e}"))?;
    store.set(STORE_KEY, value);
    store
        .save()
        .map_err(|e| format!("Progress could not be saved: {e}"))
}
