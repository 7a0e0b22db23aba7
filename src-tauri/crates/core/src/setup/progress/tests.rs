use std::path::PathBuf;

use super::*;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("loopio-progress-{name}-{}", std::process::id()));
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
    p.tick("create_app", true);
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
        ran_for: None,
    }
}

#[test]
fn only_a_test_result_completes_the_connection_step() {
    use TestTargetKind::*;
    let prod = "https://api.loopio.com/scim/v2";
    let local = "http://127.0.0.1:41234/scim/v2";
    let mut p = Progress {
        domain: "acme.loopio.com".into(),
        ..Default::default()
    };
    p.record_test(saved(Some(Practice), local, true));
    assert!(
        !p.connection_test_done(),
        "a practice pass completed the step"
    );
    p.record_test(saved(Some(Production), prod, true));
    assert!(p.connection_test_done());
    assert_eq!(
        p.last_test.as_ref().and_then(|t| t.ran_for.as_ref()),
        Some(&p.values_now()),
        "the test records what it ran for"
    );
    p.record_test(saved(Some(Production), prod, false));
    assert!(!p.connection_test_done(), "a later failure undoes it");
    // A tick never stands in for the result.
    p.last_test = None;
    p.tick("connection_test", true);
    assert!(!p.connection_test_done(), "a tick completed the step");
}

#[test]
fn a_change_of_domain_or_environment_undoes_the_test_and_the_ticks() {
    use TestTargetKind::*;
    let mut p = Progress {
        domain: "acme.loopio.com".into(),
        app_variable: "loopio_1".into(),
        ..Default::default()
    };
    p.record_test(saved(
        Some(Production),
        "https://api.loopio.com/scim/v2",
        true,
    ));
    p.tick("create_app", true);
    p.tick("profile_editor_roles", true);
    p.tick("prerequisites.okta", true);
    let done = |p: &Progress| crate::setup::plan(&crate::setup::PlanInput::from_progress(p)).done;
    assert!(done(&p).contains(&StepId::ConnectionTest));
    assert!(done(&p).contains(&StepId::CreateApp));
    assert!(
        !p.ticked_for.contains_key("prerequisites.okta"),
        "only steps record values"
    );

    p.domain = "globex.loopio.com".into();
    let plan = crate::setup::plan(&crate::setup::PlanInput::from_progress(&p));
    assert!(!plan.done.contains(&StepId::ConnectionTest));
    assert!(!plan.done.contains(&StepId::CreateApp));
    let create = step(&plan, StepId::CreateApp);
    assert_eq!(
        create.done_for_other.as_deref(),
        Some("Done for acme.loopio.com, not for globex.loopio.com: check it again.")
    );
    let note = plan.last_test_for_other.clone().unwrap();
    let test_step = step(&plan, StepId::ConnectionTest);
    assert!(
        test_step.done_for_other.is_some(),
        "a Loopio pass was done for acme"
    );
    a_practice_pass_is_never_done_for_a_domain(&mut p);
    assert!(
        note.starts_with("This test ran for acme.loopio.com, not for globex.loopio.com"),
        "{note}"
    );

    // Back to the values they were done for: they count again.
    p.domain = "https://ACME.loopio.com/home".into();
    assert!(done(&p).contains(&StepId::CreateApp));
    // The app variable matters to the roles attribute only.
    p.app_variable = "loopio_2".into();
    assert!(done(&p).contains(&StepId::CreateApp));
    assert!(!done(&p).contains(&StepId::ProfileEditorRoles));
    p.app_variable = "loopio_1".into();
    p.environment = Environment::Sandbox;
    assert!(!done(&p).contains(&StepId::CreateApp));
    // Ticked again: for today's values.
    p.tick("create_app", true);
    assert!(done(&p).contains(&StepId::CreateApp));
    p.tick("create_app", false);
    assert!(!p.ticked_for.contains_key("create_app"));
}

/// The step `id` of `plan`.
fn step(plan: &crate::setup::Plan, id: StepId) -> &crate::setup::StepView {
    plan.steps.iter().find(|s| s.info.id == id).unwrap()
}

/// After a change of domain: a practice pass (with what it ran for) was never done for any
/// domain, so the step does not say it was; the result itself says what it ran for.
fn a_practice_pass_is_never_done_for_a_domain(p: &mut Progress) {
    use TestTargetKind::Practice;
    // A practice pass was never done for any domain: the step does not say it was.
    p.record_test(saved(
        Some(Practice),
        "http://127.0.0.1:41234/scim/v2",
        true,
    ));
    p.last_test.as_mut().unwrap().ran_for =
        Some(DoneFor::new("acme.loopio.com", Environment::Production, ""));
    let plan = crate::setup::plan(&crate::setup::PlanInput::from_progress(p));
    let test_step = step(&plan, StepId::ConnectionTest);
    assert_eq!(
        test_step.done_for_other, None,
        "a practice pass said done for acme"
    );
    assert!(plan
        .last_test_for_other
        .unwrap()
        .contains("ran for acme.loopio.com"));
}

#[test]
fn saves_from_before_values_were_recorded_count_for_the_values_saved_with_them() {
    let old = br#"{"progress": {"domain": "acme.loopio.com", "environment": "production",
        "ticked": ["create_app", "connection_test", "prerequisites.okta"],
        "last_test": {"at_unix": 1, "base_url": "https://api.loopio.com/scim/v2", "target": "production",
            "report": {"verdict": "pass", "okta_connector_test": "pass", "elapsed_ms": 1, "findings": []}},
        "last_okta_check": {"at_unix": 1, "org": "https://acme.okta.com", "practice": false,
            "app_id": "0oa1", "app_label": "Loopio", "verdict": "pass", "headline": "", "findings": []}}}"#;
    let book = parse_book(old).unwrap();
    let mut p = book.progress(DEFAULT_PROFILE);
    let acme = p.values_now();
    assert_eq!(p.ticked_for.get("create_app"), Some(&acme));
    assert_eq!(p.ticked_for.len(), 2, "{:?}", p.ticked_for);
    assert_eq!(p.last_test.as_ref().unwrap().ran_for.as_ref(), Some(&acme));
    assert_eq!(
        p.last_okta_check.as_ref().unwrap().ran_for.as_ref(),
        Some(&acme)
    );
    let done = |p: &Progress| crate::setup::plan(&crate::setup::PlanInput::from_progress(p)).done;
    assert!(done(&p).contains(&StepId::CreateApp));
    assert!(done(&p).contains(&StepId::OktaCheck));
    p.domain = "globex.loopio.com".into();
    let now = done(&p);
    assert!(
        !now.contains(&StepId::CreateApp) && !now.contains(&StepId::OktaCheck),
        "{now:?}"
    );
    // What is saved now reads back the same.
    let file = serde_json::json!({ STORE_KEY: p });
    let back = parse_store(file.to_string().as_bytes()).unwrap().unwrap();
    assert_eq!(back, p);
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

    let mut p = Progress {
        last_test: Some(saved(Some(Practice), local, true)),
        ..Default::default()
    };
    assert!(
        !p.connection_test_done(),
        "a practice pass ticked the real step"
    );
    p.last_test = Some(saved(Some(Production), prod, false));
    assert!(!p.connection_test_done(), "a later failure must untick it");
    p.last_test = Some(saved(Some(Production), prod, true));
    assert!(p.connection_test_done());

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
    let bad = parse_book(br#"{"profiles": [1]}"#).unwrap_err();
    assert!(bad.to_string().contains("malformed"), "{bad}");
    assert_eq!(bad.code(), "store.read_failed");
    assert_eq!(check_profile_name(" sandbox ").unwrap(), "sandbox");
    assert!(check_profile_name("").is_err());
    assert_eq!(
        check_profile_name("a/b").unwrap_err().code(),
        "profile.name_invalid"
    );
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
        assert!(err.to_string().contains(reason), "{err}");
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
