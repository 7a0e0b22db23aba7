//! The progress file: its name and keys, the profiles it holds, and how a file that is not valid
//! progress is recognised, set aside and backed up. Plain std file handling, no Tauri.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Progress;
use crate::problem::Problem;

/// The store's file name, in the app's data folder.
pub const STORE_FILE: &str = "progress.json";
/// The last good store file, copied aside before each save: a save cut off by a full disk or a
/// crash can then be undone at the next start.
pub const BACKUP_FILE: &str = "progress.json.bak";

/// The key under which a single, pre-profiles progress lived; read as the "default" profile.
pub const STORE_KEY: &str = "progress";
/// The keys of the profile layout.
pub const PROFILES_KEY: &str = "profiles";
pub const ACTIVE_KEY: &str = "active_profile";
pub const DEFAULT_PROFILE: &str = "default";

/// Every profile (e.g. sandbox and production set-ups side by side) and which one is open.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileBook {
    pub active: String,
    pub profiles: std::collections::BTreeMap<String, Progress>,
}

impl ProfileBook {
    pub fn active_name(&self) -> String {
        if self.active.is_empty() {
            DEFAULT_PROFILE.to_string()
        } else {
            self.active.clone()
        }
    }

    pub fn progress(&self, name: &str) -> Progress {
        self.profiles.get(name).cloned().unwrap_or_default()
    }

    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.profiles.keys().cloned().collect();
        let active = self.active_name();
        if !names.contains(&active) {
            names.push(active);
            names.sort();
        }
        names
    }
}

/// Checks a profile name: what the admin types to create one.
pub fn check_profile_name(name: &str) -> Result<String, Problem> {
    let invalid = |m: String| Problem::new("profile.name_invalid", m);
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid(
            "Give the profile a name, for example sandbox or production.".into(),
        ));
    }
    if name.chars().count() > 40 {
        return Err(invalid("Profile names are at most 40 characters.".into()));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.')))
    {
        return Err(invalid(format!(
            "Profile names use letters, digits, spaces, '-', '_' and '.', not {}.",
            crate::text::describe_char(c)
        )));
    }
    Ok(name.to_string())
}

/// Saved progress that cannot be read, with why.
fn unreadable(why: String) -> Problem {
    Problem::new("store.read_failed", why)
}

/// Reads the profile book from a store file's contents (either layout).
pub fn parse_book(contents: &[u8]) -> Result<ProfileBook, Problem> {
    let value: serde_json::Value =
        serde_json::from_slice(contents).map_err(|e| unreadable(format!("not valid JSON: {e}")))?;
    let object = value
        .as_object()
        .ok_or_else(|| unreadable("the file does not hold a JSON object".into()))?;
    let mut book = ProfileBook::default();
    if let Some(p) = object.get(PROFILES_KEY) {
        // Deserialized from the borrowed value (the same deserializer as from_slice: one copy of
        // every progress deserializer in the binary, about 130 KiB less than from_value).
        book.profiles = serde::Deserialize::deserialize(p)
            .map_err(|e| unreadable(format!("the saved profiles are malformed: {e}")))?;
    }
    if let Some(a) = object.get(ACTIVE_KEY) {
        book.active = a.as_str().unwrap_or_default().to_string();
    }
    if let Some(legacy) = parse_store(contents)? {
        book.profiles
            .entry(DEFAULT_PROFILE.to_string())
            .or_insert(legacy);
    }
    for progress in book.profiles.values_mut() {
        progress.record_missing_values();
    }
    Ok(book)
}

/// The outcome of checking a store file before it is opened.
#[derive(Debug, PartialEq, Eq)]
pub enum StoreFileCheck {
    /// No file yet, or a readable file with valid progress (or none).
    Usable,
    /// The file was not valid; it was renamed to `kept_as`.
    SetAside { kept_as: PathBuf, reason: String },
    /// The file was not valid; it was renamed to `kept_as` and the backup of the save before
    /// it put in its place.
    Restored { kept_as: PathBuf, reason: String },
    /// The file could not be read or set aside: progress will not be saved this run.
    Unusable { reason: String },
}

impl StoreFileCheck {
    /// The message shown to the admin, if any.
    pub fn notice(&self) -> Option<String> {
        match self {
            StoreFileCheck::Usable => None,
            StoreFileCheck::SetAside { kept_as, reason } => Some(format!(
                "Your saved progress could not be read ({reason}), so the wizard started fresh. \
                 The old file was kept as {}.",
                kept_as.display()
            )),
            StoreFileCheck::Restored { kept_as, reason } => Some(format!(
                "Your saved progress could not be read ({reason}), so the save before it was \
                 restored: your last change may be missing. The unreadable file was kept as {}.",
                kept_as.display()
            )),
            StoreFileCheck::Unusable { reason } => Some(format!(
                "Your saved progress could not be read or moved aside ({reason}). The wizard \
                 started fresh and will not be able to save progress this time."
            )),
        }
    }
}

/// Parses a store file's contents. `Ok(None)` when it holds no progress yet.
pub fn parse_store(contents: &[u8]) -> Result<Option<Progress>, Problem> {
    let value: serde_json::Value =
        serde_json::from_slice(contents).map_err(|e| unreadable(format!("not valid JSON: {e}")))?;
    let object = value
        .as_object()
        .ok_or_else(|| unreadable("the file does not hold a JSON object".into()))?;
    match object.get(STORE_KEY) {
        None => Ok(None),
        Some(p) => serde::Deserialize::deserialize(p)
            .map(|mut progress: Progress| {
                progress.record_missing_values();
                Some(progress)
            })
            .map_err(|e| unreadable(format!("the saved progress is malformed: {e}"))),
    }
}

/// Checks the store file at `path` and sets it aside if it cannot be used, so that opening the
/// store afterwards never fails on a bad file. `stamp` makes the kept name unique (seconds since
/// the epoch in the app).
pub fn check_store_file(path: &Path, stamp: u64) -> StoreFileCheck {
    let reason = match std::fs::read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return StoreFileCheck::Usable,
        Err(e) => format!("could not read it: {e}"),
        Ok(bytes) => match parse_book(&bytes) {
            Ok(_) => return StoreFileCheck::Usable,
            Err(problem) => problem.to_string(),
        },
    };
    let mut kept_as = path.as_os_str().to_owned();
    kept_as.push(format!(".corrupt-{stamp}"));
    let kept_as = PathBuf::from(kept_as);
    if let Err(e) = std::fs::rename(path, &kept_as) {
        return StoreFileCheck::Unusable {
            reason: format!("{reason}; moving it aside failed: {e}"),
        };
    }
    // The copy made before the save that went wrong, if it is itself whole.
    let backup = path.with_file_name(BACKUP_FILE);
    let restorable = std::fs::read(&backup)
        .ok()
        .is_some_and(|bytes| parse_book(&bytes).is_ok());
    if restorable && std::fs::copy(&backup, path).is_ok() {
        return StoreFileCheck::Restored { kept_as, reason };
    }
    StoreFileCheck::SetAside { kept_as, reason }
}

/// Copies a whole store file to [`BACKUP_FILE`] before it is overwritten. Best effort: with no
/// room for the copy, the older backup stays, and the save goes ahead.
pub fn back_up_store_file(path: &Path) {
    let whole = std::fs::read(path)
        .ok()
        .is_some_and(|bytes| parse_book(&bytes).is_ok());
    if whole {
        let _ = std::fs::copy(path, path.with_file_name(BACKUP_FILE));
    }
}
