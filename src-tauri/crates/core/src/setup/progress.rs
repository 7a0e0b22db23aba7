//! What the wizard saves between runs: the admin's input, the ticked steps and where they were.
//! Never the token. Reading tolerates anything: a file that is not valid progress is set aside
//! (renamed, never deleted) and the wizard starts fresh, saying so.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::roles::RolesPlan;
use super::{Environment, StepId};
use crate::findings::Report;

/// Saved progress. Unknown fields are ignored and missing ones take defaults, so older and newer
/// versions of the app can read each other's files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Progress {
    pub domain: String,
    pub environment: Environment,
    pub app_variable: String,
    /// Ticked step ids and checklist item ids.
    pub ticked: BTreeSet<String>,
    pub current_step: StepId,
    /// Loopio role names: discovered from the SCIM endpoint or added by hand. Not secret.
    pub roles_known: Vec<String>,
    pub roles_plan: RolesPlan,
    /// The last connection test (already redacted: findings never hold the token).
    pub last_test: Option<SavedTest>,
    /// When the SCIM token was generated (YYYY-MM-DD), for the expiry reminder.
    pub token_generated_on: String,
    /// The admin asked to keep the token in the OS keychain (the token itself is never here).
    pub remember_token: bool,
}

/// A connection test result kept for the setup report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SavedTest {
    /// Seconds since the Unix epoch.
    #[ts(type = "number")]
    pub at_unix: u64,
    pub base_url: String,
    pub report: Report,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            domain: String::new(),
            environment: Environment::Production,
            app_variable: String::new(),
            ticked: BTreeSet::new(),
            current_step: StepId::Prerequisites,
            roles_known: Vec::new(),
            roles_plan: RolesPlan::default(),
            last_test: None,
            token_generated_on: String::new(),
            remember_token: false,
        }
    }
}

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
pub fn check_profile_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Give the profile a name, for example sandbox or production.".into());
    }
    if name.chars().count() > 40 {
        return Err("Profile names are at most 40 characters.".into());
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.')))
    {
        return Err(format!(
            "Profile names use letters, digits, spaces, '-', '_' and '.', not {c:?}."
        ));
    }
    Ok(name.to_string())
}

/// Reads the profile book from a store file's contents (either layout).
pub fn parse_book(contents: &[u8]) -> Result<ProfileBook, String> {
    let value: serde_json::Value =
        serde_json::from_slice(contents).map_err(|e| format!("not valid JSON: {e}"))?;
    let object = value
        .as_object()
        .ok_or_else(|| "the file does not hold a JSON object".to_string())?;
    let mut book = ProfileBook::default();
    if let Some(p) = object.get(PROFILES_KEY) {
        book.profiles = serde_json::from_value(p.clone())
            .map_err(|e| format!("the saved profiles are malformed: {e}"))?;
    }
    if let Some(a) = object.get(ACTIVE_KEY) {
        book.active = a.as_str().unwrap_or_default().to_string();
    }
    if let Some(legacy) = parse_store(contents)? {
        book.profiles
            .entry(DEFAULT_PROFILE.to_string())
            .or_insert(legacy);
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
pub fn parse_store(contents: &[u8]) -> Result<Option<Progress>, String> {
    let value: serde_json::Value =
        serde_json::from_slice(contents).map_err(|e| format!("not valid JSON: {e}"))?;
    let object = value
        .as_object()
        .ok_or_else(|| "the file does not hold a JSON object".to_string())?;
    match object.get(STORE_KEY) {
        None => Ok(None),
        Some(p) => serde_json::from_value(p.clone())
            .map(Some)
            .map_err(|e| format!("the saved progress is malformed: {e}")),
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
            Err(reason) => reason,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("loopio-progress-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn progress_round_trips_and_tolerates_missing_fields() {
        let mut p = Progress {
            domain: "acme.loopio.com".into(),
            ..Default::default()
        };
        p.ticked.insert("create_app".into());
        p.current_step = StepId::ConfigureSaml;
        let file = serde_json::json!({ STORE_KEY: p });
        let parsed = parse_store(file.to_string().as_bytes()).unwrap().unwrap();
        assert_eq!(parsed, p);

        let partial = br#"{"progress": {"domain": "x.loopio.com", "future_field": 1}}"#;
        let parsed = parse_store(partial).unwrap().unwrap();
        assert_eq!(parsed.domain, "x.loopio.com");
        assert_eq!(parsed.current_step, StepId::Prerequisites);
        assert_eq!(parse_store(b"{}").unwrap(), None);
    }

    #[test]
    fn profiles_and_the_legacy_layout() {
        let legacy = br#"{"progress": {"domain": "old.loopio.com"}}"#;
        let book = parse_book(legacy).unwrap();
        assert_eq!(book.active_name(), "default");
        assert_eq!(book.progress("default").domain, "old.loopio.com");
        let both = br#"{"active_profile": "sandbox", "profiles": {"sandbox": {"domain": "s.loopio.com", "environment": "sandbox"}, "production": {"domain": "p.loopio.com"}}}"#;
        let book = parse_book(both).unwrap();
        assert_eq!(book.active_name(), "sandbox");
        assert_eq!(book.progress("sandbox").environment, Environment::Sandbox);
        assert_eq!(book.names(), ["production", "sandbox"]);
        assert_eq!(book.progress("missing"), Progress::default());
        assert!(parse_book(br#"{"profiles": [1]}"#)
            .unwrap_err()
            .contains("malformed"));
        assert_eq!(check_profile_name(" sandbox ").unwrap(), "sandbox");
        assert!(check_profile_name("").is_err());
        assert!(check_profile_name("a/b").is_err());
    }

    #[test]
    fn bad_files_are_described() {
        let cases: &[(&[u8], &str)] = &[
            (b"{not json", "not valid JSON"),
            (b"", "not valid JSON"),
            (b"[1,2]", "JSON object"),
            (br#"{"progress": {"current_step": "nowhere"}}"#, "malformed"),
            (br#"{"progress": 7}"#, "malformed"),
        ];
        for (contents, reason) in cases {
            let err = parse_store(contents).unwrap_err();
            assert!(err.contains(reason), "{err}");
        }
    }

    #[test]
    fn a_corrupt_file_is_set_aside_not_deleted() {
        let dir = temp_dir("corrupt");
        let path = dir.join("progress.json");
        std::fs::write(&path, b"{\"progress\": tru").unwrap();
        let check = check_store_file(&path, 42);
        let StoreFileCheck::SetAside { kept_as, .. } = &check else {
            panic!("{check:?}")
        };
        assert!(!path.exists());
        assert_eq!(std::fs::read(kept_as).unwrap(), b"{\"progress\": tru");
        assert!(check.notice().unwrap().contains("started fresh"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_truncated_file_is_set_aside_with_its_bytes_kept() {
        let dir = temp_dir("truncated");
        let path = dir.join("progress.json");
        let full = serde_json::json!({ PROFILES_KEY: { "default": Progress { domain: "acme.loopio.com".into(), ..Default::default() } } }).to_string();
        let cut = &full.as_bytes()[..full.len() / 2];
        std::fs::write(&path, cut).unwrap();
        let check = check_store_file(&path, 9);
        let StoreFileCheck::SetAside { kept_as, reason } = &check else {
            panic!("{check:?}")
        };
        assert!(reason.contains("not valid JSON"), "{reason}");
        assert_eq!(std::fs::read(kept_as).unwrap(), cut);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_cut_off_save_is_undone_from_the_backup() {
        let dir = temp_dir("backup");
        let path = dir.join(STORE_FILE);
        let book = |domain: &str| {
            serde_json::json!({ PROFILES_KEY: { "default": Progress { domain: domain.into(), ..Default::default() } } })
                .to_string()
        };
        // A good save, backed up before the next one, which a full disk cuts off.
        std::fs::write(&path, book("acme.loopio.com")).unwrap();
        back_up_store_file(&path);
        let next = book("globex.loopio.com");
        std::fs::write(&path, &next.as_bytes()[..next.len() / 3]).unwrap();

        let check = check_store_file(&path, 5);
        let StoreFileCheck::Restored { kept_as, .. } = &check else {
            panic!("{check:?}")
        };
        assert!(check
            .notice()
            .unwrap()
            .contains("save before it was restored"));
        assert_eq!(
            std::fs::read(kept_as).unwrap(),
            &next.as_bytes()[..next.len() / 3]
        );
        let restored = parse_book(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(restored.profiles["default"].domain, "acme.loopio.com");
        assert_eq!(check_store_file(&path, 6), StoreFileCheck::Usable);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_broken_file_is_never_backed_up_and_a_broken_backup_is_never_restored() {
        let dir = temp_dir("bad-backup");
        let path = dir.join(STORE_FILE);
        std::fs::write(&path, b"{\"profiles\": ").unwrap();
        back_up_store_file(&path);
        assert!(!dir.join(BACKUP_FILE).exists());
        std::fs::write(dir.join(BACKUP_FILE), b"not json").unwrap();
        let check = check_store_file(&path, 8);
        assert!(
            matches!(check, StoreFileCheck::SetAside { .. }),
            "{check:?}"
        );
        assert!(!path.exists(), "nothing was put in its place");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_missing_folder_is_fine() {
        let path = std::env::temp_dir().join(format!(
            "loopio-missing-{}/deeper/progress.json",
            std::process::id()
        ));
        assert_eq!(check_store_file(&path, 1), StoreFileCheck::Usable);
        assert!(!path.parent().unwrap().exists(), "checking creates nothing");
    }

    #[test]
    fn good_and_missing_files_are_left_alone() {
        let dir = temp_dir("good");
        let path = dir.join("progress.json");
        assert_eq!(check_store_file(&path, 1), StoreFileCheck::Usable);
        std::fs::write(&path, br#"{"progress": {"domain": "acme.loopio.com"}}"#).unwrap();
        assert_eq!(check_store_file(&path, 1), StoreFileCheck::Usable);
        assert!(path.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_unreadable_path_does_not_panic() {
        let dir = temp_dir("unreadable");
        // A directory where the file should be: reading fails with something other than NotFound.
        let path = dir.join("progress.json");
        std::fs::create_dir_all(&path).unwrap();
        let check = check_store_file(&path, 7);
        assert!(check.notice().is_some());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
