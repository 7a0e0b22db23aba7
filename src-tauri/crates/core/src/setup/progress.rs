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
    /// The last rehearsal of Okta's first push: verdict, steps, target and the test users it
    /// left behind (for the report). Absent until one has run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub last_rehearsal: Option<super::rehearsal::SavedRehearsal>,
}

/// Where the connection test points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum TestTargetKind {
    Production,
    Sandbox,
    /// The practice tenant built into the app, on this computer.
    Practice,
    /// An explicit base URL from the advanced options.
    Custom,
}

impl TestTargetKind {
    /// The Loopio environment this target is, if it is one.
    pub fn environment(self) -> Option<Environment> {
        match self {
            TestTargetKind::Production => Some(Environment::Production),
            TestTargetKind::Sandbox => Some(Environment::Sandbox),
            TestTargetKind::Practice | TestTargetKind::Custom => None,
        }
    }

    /// The verdict of a test against this target in one sentence, as the window, the CLI and the
    /// report say it. Only a test of Loopio's SCIM API speaks of Okta's result; the practice
    /// tenant and a custom URL say plainly that they are not Loopio.
    pub fn headline(self, report: &Report) -> String {
        use crate::findings::Status;
        let what = match self {
            TestTargetKind::Production | TestTargetKind::Sandbox => return report.headline_text(),
            TestTargetKind::Practice => "The practice tenant on this computer (not Loopio)",
            TestTargetKind::Custom => "The custom base URL (not Loopio's SCIM API)",
        };
        let outcome = match report.okta_connector_test {
            Status::Pass => {
                "answered the requests of Okta's Test Connector Configuration as Okta expects"
                    .to_string()
            }
            Status::Skip => format!(
                "could not be reached from this computer: {}",
                report.connector_problem()
            ),
            _ => format!(
                "failed the request of Okta's Test Connector Configuration: {}",
                report.connector_problem()
            ),
        };
        format!(
            "{what} {outcome}. This says nothing about whether Okta can connect to Loopio, and it \
             does not count as the step \"Test the token and connection\"."
        )
    }

    /// Whether a passing test against `base_url` aimed at this target shows that Okta can reach
    /// Loopio's SCIM API for `environment`: only a test of Loopio's own URL for that environment
    /// does. The practice tenant and custom URLs never do.
    pub fn counts_for(self, base_url: &str, environment: Environment) -> bool {
        self.environment() == Some(environment) && base_url == environment.scim_base_url()
    }
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
    /// What the test was aimed at. Missing in saves from before it was recorded: then it is
    /// read from `base_url` (see [`SavedTest::target_kind`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub target: Option<TestTargetKind>,
}

impl SavedTest {
    /// What the test was aimed at: as recorded, or for older saves, Loopio's environment whose
    /// URL it is, else a custom URL.
    pub fn target_kind(&self) -> TestTargetKind {
        self.target.unwrap_or_else(|| {
            Environment::ALL
                .into_iter()
                .find(|e| e.scim_base_url() == self.base_url)
                .map(|e| match e {
                    Environment::Production => TestTargetKind::Production,
                    Environment::Sandbox => TestTargetKind::Sandbox,
                })
                .unwrap_or(TestTargetKind::Custom)
        })
    }

    /// Whether this result completes "Test the token and connection" for `environment`: Okta's
    /// test will pass, and it ran against Loopio's own SCIM API for that environment. A pass
    /// against the practice tenant or a custom URL is never progress.
    pub fn counts_for(&self, environment: Environment) -> bool {
        self.report.okta_connector_test == crate::findings::Status::Pass
            && self.target_kind().counts_for(&self.base_url, environment)
    }
}

/// "Test the token and connection" is done when ticked and not contradicted by the last saved
/// test (a failure, or a pass against the practice tenant, a custom URL or the other
/// environment).
pub fn connection_test_done(
    ticked: &BTreeSet<String>,
    last_test: Option<&SavedTest>,
    environment: Environment,
) -> bool {
    ticked.contains(StepId::ConnectionTest.id())
        && last_test.map_or(true, |t| t.counts_for(environment))
}

impl Progress {
    /// Whether "Test the token and connection" is done: ticked, and not contradicted by the last
    /// saved test (a failure, or a pass against the practice tenant, a custom URL or the other
    /// environment).
    pub fn connection_test_done(&self) -> bool {
        connection_test_done(&self.ticked, self.last_test.as_ref(), self.environment)
    }

    /// Records a connection test: kept for the report; a test that counts ticks "Test the token
    /// and connection", and one that shows Okta's test failing against this set-up's own Loopio
    /// SCIM API unticks it. A test of anything else (the practice tenant, a custom URL, the
    /// other environment) or one that never reached the server leaves the tick as it was.
    pub fn record_test(&mut self, test: SavedTest) {
        let step = StepId::ConnectionTest.id().to_string();
        let about_this_setup = test
            .target_kind()
            .counts_for(&test.base_url, self.environment);
        if test.counts_for(self.environment) {
            self.ticked.insert(step);
        } else if about_this_setup
            && test.report.okta_connector_test == crate::findings::Status::Fail
        {
            self.ticked.remove(&step);
        }
        self.last_test = Some(test);
    }
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
            last_rehearsal: None,
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
            "Profile names use letters, digits, spaces, '-', '_' and '.', not {}.",
            crate::text::describe_char(c)
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

    fn saved(target: Option<TestTargetKind>, base_url: &str, pass: bool) -> SavedTest {
        let finding = crate::findings::Finding {
            check: crate::findings::OKTA_CONNECTOR.into(),
            code: if pass {
                "okta.connector"
            } else {
                "auth.rejected"
            }
            .into(),
            status: if pass {
                crate::findings::Status::Pass
            } else {
                crate::findings::Status::Fail
            },
            title: String::new(),
            detail: String::new(),
            remedy: String::new(),
            elapsed_ms: 1,
        };
        SavedTest {
            at_unix: 1,
            base_url: base_url.into(),
            report: Report::from_findings(vec![finding], 1),
            target,
        }
    }

    #[test]
    fn recording_a_test_ticks_or_unticks_only_for_this_setups_loopio_api() {
        use TestTargetKind::*;
        let prod = "https://api.loopio.com/scim/v2";
        let local = "http://127.0.0.1:41234/scim/v2";
        let step = "connection_test";
        let mut p = Progress::default();
        p.record_test(saved(Some(Practice), local, true));
        assert!(!p.ticked.contains(step), "a practice pass ticked the step");
        p.record_test(saved(Some(Production), prod, true));
        assert!(p.ticked.contains(step) && p.connection_test_done());
        p.record_test(saved(Some(Practice), local, false));
        assert!(
            p.ticked.contains(step),
            "a practice failure says nothing about Loopio"
        );
        p.record_test(saved(Some(Production), prod, false));
        assert!(
            !p.ticked.contains(step),
            "a later failure against Loopio unticks"
        );
        assert_eq!(
            p.last_test.as_ref().map(|t| t.base_url.as_str()),
            Some(prod)
        );
    }

    #[test]
    fn practice_is_not_progress() {
        use TestTargetKind::*;
        let prod = "https://api.loopio.com/scim/v2";
        let sandbox = "https://api.int01.loopio.com/scim/v2";
        let local = "http://127.0.0.1:41234/scim/v2";
        let env = Environment::Production;
        assert!(saved(Some(Production), prod, true).counts_for(env));
        assert!(!saved(Some(Production), prod, false).counts_for(env));
        assert!(!saved(Some(Practice), local, true).counts_for(env));
        assert!(!saved(Some(Custom), local, true).counts_for(env));
        assert!(!saved(Some(Custom), prod, true).counts_for(env));
        assert!(!saved(Some(Sandbox), sandbox, true).counts_for(env));
        assert!(saved(Some(Sandbox), sandbox, true).counts_for(Environment::Sandbox));
        // Saves from before the target was recorded: read from the URL.
        assert!(saved(None, prod, true).counts_for(env));
        assert_eq!(saved(None, local, true).target_kind(), Custom);
        assert!(!saved(None, local, true).counts_for(env));

        let mut p = Progress::default();
        p.ticked.insert("connection_test".into());
        p.last_test = Some(saved(Some(Practice), local, true));
        assert!(
            !p.connection_test_done(),
            "a practice pass ticked the real step"
        );
        p.last_test = Some(saved(Some(Production), prod, false));
        assert!(!p.connection_test_done(), "a later failure must untick it");
        p.last_test = Some(saved(Some(Production), prod, true));
        assert!(p.connection_test_done());
        p.ticked.clear();
        assert!(!p.connection_test_done());

        // The target round-trips, and older files without it still read.
        let json = serde_json::to_value(saved(Some(Practice), local, true)).unwrap();
        assert_eq!(json["target"], "practice");
        let mut old = json.clone();
        old.as_object_mut().unwrap().remove("target");
        let back: SavedTest = serde_json::from_value(old).unwrap();
        assert_eq!(back.target, None);
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
