//! Progress in tauri-plugin-store (`progress.json` in the app's data folder).
//!
//! Before the store is first opened, the file is checked; a file that is not valid progress is
//! renamed aside so the plugin never sees it, and the admin is told.

use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_store::StoreExt;
use ts_rs::TS;

use crate::setup::progress::{
    self, ProfileBook, Progress, StoreFileCheck, ACTIVE_KEY, PROFILES_KEY, STORE_KEY,
};

pub use crate::setup::progress::STORE_FILE;
use crate::vault::{TokenVault, VaultError};
use loopio_scim_core::error::{CommandError, Problem};

/// The profile the window has open. Set when progress is loaded or a profile is switched to;
/// the keychain and export commands read it here rather than re-reading the store (which, on a
/// read error, would silently fall back to "default" and act on the wrong profile's token).
#[derive(Default)]
pub struct OpenProfile(std::sync::Mutex<String>);

impl OpenProfile {
    pub fn name(&self) -> String {
        let name = self.0.lock().map(|n| n.clone()).unwrap_or_default();
        if name.is_empty() {
            progress::DEFAULT_PROFILE.to_string()
        } else {
            name
        }
    }

    fn set(&self, name: &str) {
        if let Ok(mut open) = self.0.lock() {
            *open = name.to_string();
        }
    }
}

/// What was found when the app started.
pub struct StartupCheck {
    notice: Option<String>,
    /// False when the file could neither be read nor moved: saving would overwrite or fail.
    can_save: bool,
}

/// Where tauri-plugin-store keeps the progress file: `STORE_FILE` in the app's data folder.
fn store_path<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<std::path::PathBuf> {
    Ok(app.path().app_data_dir()?.join(STORE_FILE))
}

impl StartupCheck {
    pub fn run<R: Runtime>(app: &AppHandle<R>) -> Self {
        let path = match store_path(app) {
            Ok(path) => path,
            Err(e) => {
                return StartupCheck {
                    notice: Some(format!(
                    "No folder to save progress in was found ({e}). Progress will not be saved."
                )),
                    can_save: false,
                }
            }
        };
        let stamp = super::now_unix();
        let check = progress::check_store_file(&path, stamp);
        let notice = check.notice();
        // Also on stderr (the journal, a terminal), for whoever supports the admin later.
        if let Some(notice) = &notice {
            eprintln!("loopio-scim-assistant: {notice}");
        }
        StartupCheck {
            notice,
            can_save: !matches!(check, StoreFileCheck::Unusable { .. }),
        }
    }
}

/// Progress as loaded at start-up or on a profile switch.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct LoadedProgress {
    pub progress: Progress,
    /// Shown to the admin when the saved file was unusable or progress cannot be saved.
    pub notice: Option<String>,
    /// The open profile, and every profile there is.
    pub profile: String,
    pub profiles: Vec<String>,
}

fn read_book<R: Runtime>(app: &AppHandle<R>) -> Result<ProfileBook, Problem> {
    let store = app
        .store(STORE_FILE)
        .map_err(|e| Problem::new("store.read_failed", e.to_string()))?;
    let mut object = serde_json::Map::new();
    for key in [STORE_KEY, PROFILES_KEY, ACTIVE_KEY] {
        if let Some(v) = store.get(key) {
            object.insert(key.to_string(), v);
        }
    }
    progress::parse_book(serde_json::Value::Object(object).to_string().as_bytes())
}

fn write_book<R: Runtime>(app: &AppHandle<R>, book: &ProfileBook) -> Result<(), CommandError> {
    let store = app.store(STORE_FILE).map_err(|e| save_failed(app, e))?;
    let profiles = serde_json::to_value(&book.profiles).map_err(|e| save_failed(app, e))?;
    store.set(PROFILES_KEY, profiles);
    store.set(ACTIVE_KEY, book.active_name());
    store.delete(STORE_KEY);
    // tauri-plugin-store overwrites the file in place: keep the last good one to fall back on.
    if let Ok(path) = store_path(app) {
        progress::back_up_store_file(&path);
    }
    store.save().map_err(|e| save_failed(app, e))
}

/// What the admin reads when saving fails: where, why, that nothing typed is lost, and what
/// to do. Every save writes all profiles, so the next one after a fix catches up.
fn save_failed<R: Runtime>(app: &AppHandle<R>, error: impl std::fmt::Display) -> CommandError {
    let place = store_path(app)
        .map(|path| path.display().to_string())
        .unwrap_or_else(|_| STORE_FILE.to_string());
    tracing::warn!(place = %place, error = %error, "progress could not be saved");
    CommandError::new(
        "store.save_failed",
        format!(
            "Progress could not be saved to {place} ({error}). What you entered stays in this \
             window; once this is fixed, your next change saves everything."
        ),
    )
}

fn loaded(book: &ProfileBook, notice: Option<String>) -> LoadedProgress {
    let profile = book.active_name();
    LoadedProgress {
        progress: book.progress(&profile),
        notice,
        profiles: book.names(),
        profile,
    }
}

pub fn load<R: Runtime>(
    app: &AppHandle<R>,
    startup: &StartupCheck,
    open: &OpenProfile,
) -> LoadedProgress {
    let result = if !startup.can_save {
        loaded(&ProfileBook::default(), startup.notice.clone())
    } else {
        match read_book(app) {
            Ok(book) => loaded(&book, startup.notice.clone()),
            Err(e) => loaded(
                &ProfileBook::default(),
                Some(format!(
                    "Your saved progress could not be read ({e}); the wizard started fresh."
                )),
            ),
        }
    };
    open.set(&result.profile);
    result
}

/// Saves `progress` as the open profile's.
pub fn save<R: Runtime>(
    app: &AppHandle<R>,
    startup: &StartupCheck,
    open: &OpenProfile,
    progress: &Progress,
) -> Result<(), CommandError> {
    if !startup.can_save {
        return Err(CommandError::new(
            "store.unusable",
            "Progress cannot be saved this time: the saved file could not be read or moved aside.",
        ));
    }
    let mut book = read_book(app).unwrap_or_default();
    book.active = open.name();
    book.profiles.insert(book.active.clone(), progress.clone());
    write_book(app, &book)
}

/// Opens profile `name`, creating it (empty) if it does not exist.
pub fn switch<R: Runtime>(
    app: &AppHandle<R>,
    startup: &StartupCheck,
    open: &OpenProfile,
    name: &str,
) -> Result<LoadedProgress, CommandError> {
    let name = progress::check_profile_name(name).map_err(CommandError::from)?;
    let mut book = read_book(app).unwrap_or_default();
    // The profile being left stays in the book even if nothing was saved in it yet: the window
    // listed it, so the admin can go back to it (and it counts when deleting another).
    book.profiles.entry(open.name()).or_default();
    book.profiles.entry(name.clone()).or_default();
    book.active = name;
    if startup.can_save {
        write_book(app, &book)?;
    }
    let result = loaded(&book, None);
    open.set(&result.profile);
    tracing::info!(profile = %result.profile, "profile opened");
    Ok(result)
}

/// The open profile's saved progress, for exports.
pub fn saved_progress<R: Runtime>(
    app: &AppHandle<R>,
    open: &OpenProfile,
) -> Result<(String, Progress), CommandError> {
    let book = read_book(app).map_err(|e| {
        CommandError::new(
            "store.read_failed",
            format!(
                "Your saved progress could not be read ({e}), so there is nothing to export yet."
            ),
        )
    })?;
    let name = open.name();
    let progress = book.progress(&name);
    Ok((name, progress))
}

/// Saves `history` as profile `profile`'s changes made in Okta: written by the backend itself,
/// to the profile the change was made for, even if the window has opened another since.
pub fn save_okta_changes<R: Runtime>(
    app: &AppHandle<R>,
    startup: &StartupCheck,
    profile: &str,
    history: &[crate::setup::okta_apply::SavedOktaChange],
) -> Result<(), CommandError> {
    if !startup.can_save {
        return Ok(());
    }
    let mut book = read_book(app).map_err(|e| {
        CommandError::new(
            "store.read_failed",
            format!("The change was made but could not be recorded: the saved progress could not be read ({e})."),
        )
    })?;
    book.profiles
        .entry(profile.to_string())
        .or_default()
        .okta_changes = history.to_vec();
    write_book(app, &book)
}

/// The saved profiles, for a change to them; refused when progress cannot be saved this run.
fn writable_book<R: Runtime>(
    app: &AppHandle<R>,
    startup: &StartupCheck,
    open: &OpenProfile,
) -> Result<ProfileBook, CommandError> {
    if !startup.can_save {
        return Err(CommandError::new(
            "store.unusable",
            "Profiles cannot be changed this time: the saved file could not be read or moved aside.",
        ));
    }
    let mut book = read_book(app).unwrap_or_default();
    book.active = open.name();
    Ok(book)
}

/// Renames profile `from` to `to` (the core's rules); its token in the keychain moves with it.
pub fn rename<R: Runtime>(
    app: &AppHandle<R>,
    startup: &StartupCheck,
    open: &OpenProfile,
    vault: &dyn TokenVault,
    from: &str,
    to: &str,
) -> Result<LoadedProgress, CommandError> {
    let mut book = writable_book(app, startup, open)?;
    let to = book.rename(from, to)?;
    write_book(app, &book)?;
    let notice = if to == from {
        None
    } else {
        move_token(vault, from, &to)
    };
    let result = loaded(&book, notice);
    open.set(&result.profile);
    tracing::info!(profile = %to, "profile renamed");
    Ok(result)
}

/// Deletes profile `name` with its progress, and forgets its token in the keychain. The only
/// profile is never deleted; when the open one goes, another is opened.
pub fn delete<R: Runtime>(
    app: &AppHandle<R>,
    startup: &StartupCheck,
    open: &OpenProfile,
    vault: &dyn TokenVault,
    name: &str,
) -> Result<LoadedProgress, CommandError> {
    let mut book = writable_book(app, startup, open)?;
    let now_open = book.delete(name)?;
    write_book(app, &book)?;
    let notice = forget_deleted(vault, name).unwrap_or_else(|| {
        format!("Profile \"{name}\" was deleted, with its progress and any token saved for it. Profile \"{now_open}\" is open.")
    });
    let result = loaded(&book, Some(notice));
    open.set(&result.profile);
    tracing::info!(profile = %now_open, "profile deleted, another open");
    Ok(result)
}

/// Moves a renamed profile's saved token to its new name. Nothing to do without a keychain or
/// a saved token; otherwise a sentence when it could not be moved.
fn move_token(vault: &dyn TokenVault, from: &str, to: &str) -> Option<String> {
    let token = match vault.load(from) {
        Ok(Some(token)) => token,
        Ok(None) | Err(VaultError::Unavailable(_)) => return None,
        Err(e) => {
            return Some(format!(
                "The profile was renamed, but its saved token could not be read from the \
                 keychain ({e}). Paste the token again under the new name."
            ))
        }
    };
    match vault.save(to, &token).and_then(|()| vault.forget(from)) {
        Ok(()) => None,
        Err(e) => Some(format!(
            "The profile was renamed, but its saved token could not be moved in the keychain \
             ({e}). Paste the token again under the new name."
        )),
    }
}

/// Forgets a deleted profile's saved token; a sentence when it could not be removed.
fn forget_deleted(vault: &dyn TokenVault, name: &str) -> Option<String> {
    match vault.forget(name) {
        Ok(()) | Err(VaultError::Unavailable(_)) => None,
        Err(e) => Some(format!(
            "Profile \"{name}\" was deleted, but its saved token could not be removed from the \
             keychain ({e}). Remove it in the system's keychain (org.loopioscim.assistant)."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use crate::vault::MemoryVault;

    fn secret() -> Secret {
        Secret::from_pasted("token-0123456789abcdef").unwrap().0
    }

    #[test]
    fn a_renamed_profiles_token_moves_and_a_deleted_ones_is_forgotten() {
        let vault = MemoryVault::default();
        vault.save("sandbox", &secret()).unwrap();
        assert_eq!(move_token(&vault, "sandbox", "int01"), None);
        assert!(vault.load("sandbox").unwrap().is_none());
        let moved = vault.load("int01").unwrap().unwrap();
        assert!(secret().with_plain_text(|t| moved.appears_in(t)));
        // Nothing saved: nothing to move, nothing said.
        assert_eq!(move_token(&vault, "other", "new"), None);
        assert!(vault.load("new").unwrap().is_none());

        assert_eq!(forget_deleted(&vault, "int01"), None);
        assert!(vault.load("int01").unwrap().is_none());
    }
}
