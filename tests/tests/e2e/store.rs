//! Saved progress under stress: a corrupt file, a save cut off half-way, a read-only data
//! folder.

#![allow(unused_imports)]

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::{Client, Locator};
use loopio_scim_tests::driver::Driver;

use super::pages::*;

#[tokio::test]
#[ignore = "needs a display, tauri-driver and a built app: run by scripts/test.sh"]
async fn a_corrupt_progress_file_is_set_aside_and_the_app_starts() {
    let home = temp_home("corrupt");
    let data = loopio_scim_tests::driver::app_data_dir(&home);
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("progress.json"), b"{\"progress\": {\"domain\": ").unwrap();
    let driver = Driver::start(&home);
    let c = driver.session().await;
    let notice = text_of(&c, ".banner.warn").await;
    assert!(notice.contains("started fresh"), "{notice}");
    assert_eq!(step_title(&c).await, "Before you start");
    let kept: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("progress.json.corrupt-")
        })
        .collect();
    assert_eq!(kept.len(), 1, "the bad file is kept aside");
    screenshot(&c, "corrupt-store-notice").await;
    c.close().await.unwrap();
    drop(driver);
    // The app's own output reaches the output log that the token greps read.
    let output = std::fs::read_to_string(home.join(loopio_scim_tests::driver::OUTPUT_LOG)).unwrap();
    assert!(
        output.contains("loopio-scim-assistant: Your saved progress could not be read"),
        "the app's stderr is not in the output log: {output:?}"
    );
    let _ = std::fs::remove_dir_all(&home);
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and a built app: run by scripts/test.sh"]
async fn a_cut_off_save_is_undone_from_the_backup() {
    let home = temp_home("backup");
    let data = loopio_scim_tests::driver::app_data_dir(&home);
    std::fs::create_dir_all(&data).unwrap();
    let good = saved_progress("acme.loopio.com");
    std::fs::write(data.join("progress.json.bak"), &good).unwrap();
    // What a full disk leaves of the next save.
    std::fs::write(
        data.join("progress.json"),
        &good.as_bytes()[..good.len() / 2],
    )
    .unwrap();
    let driver = Driver::start(&home);
    let c = driver.session().await;
    let notice = text_of(&c, ".banner.warn").await;
    assert!(notice.contains("save before it was restored"), "{notice}");
    assert_eq!(step_title(&c).await, "Your Loopio instance");
    let domain = value_of(&c, "#domain").await;
    assert_eq!(domain.as_deref(), Some("acme.loopio.com"));
    c.close().await.unwrap();
    drop(driver);
    let _ = std::fs::remove_dir_all(&home);
}

/// Makes `dir` and the files in it read-only, and says how: permission bits (enough for a
/// normal user), else the immutable attribute (root ignores permission bits). `None` if neither
/// works on this machine. The returned guard makes everything writable again when dropped.
fn make_read_only(dir: &std::path::Path) -> (ReadOnly, Option<&'static str>) {
    use std::os::unix::fs::PermissionsExt;
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    let guard = ReadOnly {
        dir: dir.to_path_buf(),
        files: files.clone(),
    };
    let refuses_writes = || {
        let probe = dir.join("write-probe");
        let created = std::fs::write(&probe, b"x").is_ok();
        let _ = std::fs::remove_file(&probe);
        let changed = files
            .iter()
            .any(|f| std::fs::OpenOptions::new().append(true).open(f).is_ok());
        !created && !changed
    };
    for f in &files {
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o444)).unwrap();
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    if refuses_writes() {
        return (guard, Some("permission bits"));
    }
    let immutable = std::process::Command::new("chattr")
        .arg("+i")
        .args(&files)
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success());
    let how = (immutable && refuses_writes()).then_some("the immutable attribute (chattr +i)");
    (guard, how)
}

/// Undoes [`make_read_only`] when dropped, also when a test fails.
struct ReadOnly {
    dir: PathBuf,
    files: Vec<PathBuf>,
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.dir)
            .args(&self.files)
            .stderr(std::process::Stdio::null())
            .status();
        let _ = std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o755));
        for f in &self.files {
            let _ = std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o644));
        }
    }
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and a built app: run by scripts/test.sh"]
async fn a_read_only_data_folder_keeps_progress_and_says_saving_failed() {
    // A run killed before its guard could undo `chattr +i` leaves a folder even root cannot
    // delete: clear those first.
    for old in std::fs::read_dir(std::env::temp_dir()).unwrap().flatten() {
        if old
            .file_name()
            .to_string_lossy()
            .starts_with("loopio-e2e-readonly-")
        {
            let _ = std::process::Command::new("chattr")
                .args(["-R", "-i"])
                .arg(old.path())
                .stderr(std::process::Stdio::null())
                .status();
            let _ = std::fs::remove_dir_all(old.path());
        }
    }
    let home = temp_home("readonly");
    let data = loopio_scim_tests::driver::app_data_dir(&home);
    std::fs::create_dir_all(&data).unwrap();
    let saved = saved_progress("acme.loopio.com");
    std::fs::write(data.join("progress.json"), &saved).unwrap();
    let (read_only, how) = make_read_only(&data);
    let Some(how) = how else {
        drop(read_only);
        let _ = std::fs::remove_dir_all(&home);
        panic!(
            "this machine can make no folder read-only (not by permission bits, not by chattr +i); \
             run the end-to-end tests as a normal user"
        );
    };
    eprintln!("the data folder is read-only through {how}");

    let driver = Driver::start(&home);
    let c = driver.session().await;
    // What was saved before is all there.
    assert_eq!(step_title(&c).await, "Your Loopio instance");
    let domain = value_of(&c, "#domain").await;
    assert_eq!(domain.as_deref(), Some("acme.loopio.com"));

    // A change cannot be saved: the admin is told where and why, and loses nothing typed.
    type_into(&c, "#domain", "globex.loopio.com").await;
    let error = wait_text(&c, ".banner.error", |t| t.contains("could not be saved")).await;
    assert!(
        error.contains("progress.json")
            && error.contains("stays in this window")
            && error.contains("next change saves everything"),
        "{error}"
    );
    wait_text(&c, "#normalised-domain", |t| t == "globex.loopio.com").await;
    screenshot(&c, "read-only-folder").await;

    // Writable again: the next change saves everything, and the file was never damaged.
    drop(read_only);
    assert_eq!(
        std::fs::read_to_string(data.join("progress.json")).unwrap(),
        saved
    );
    click(&c, "#env-sandbox").await;
    for _ in 0..50 {
        let now = std::fs::read_to_string(data.join("progress.json")).unwrap_or_default();
        if now.contains("globex.loopio.com") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let now = std::fs::read_to_string(data.join("progress.json")).unwrap();
    assert!(now.contains("globex.loopio.com"), "{now}");
    // The save kept the file it replaced, to fall back on if a save is ever cut off.
    let backup = std::fs::read_to_string(data.join("progress.json.bak")).unwrap();
    assert!(backup.contains("acme.loopio.com"), "{backup}");
    c.close().await.unwrap();
    drop(driver);
    let _ = std::fs::remove_dir_all(&home);
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and a built app: run by scripts/test.sh"]
async fn profiles_are_renamed_and_deleted() {
    let home = temp_home("profiles");
    let driver = Driver::start(&home);
    let c = driver.session().await;
    click(&c, "#new-profile-toggle").await;
    type_into(&c, "#new-profile", "sandbox").await;
    click(&c, "#add-profile").await;
    wait_text(&c, "#profile option:checked", |t| t == "sandbox").await;

    // Rename: an empty name is refused with a message; a good one renames the open profile.
    click(&c, "#manage-profile-toggle").await;
    type_into(&c, "#rename-profile", " ").await;
    click(&c, "#rename-profile-button").await;
    wait_text(&c, "#manage-error", |t| {
        t.contains("Give the profile a name")
    })
    .await;
    type_into(&c, "#rename-profile", "int01").await;
    click(&c, "#rename-profile-button").await;
    wait_text(&c, "#profile option:checked", |t| t == "int01").await;

    // Delete, after a second confirmation: the other profile opens.
    click(&c, "#manage-profile-toggle").await;
    click(&c, "#delete-profile").await;
    click(&c, "#delete-profile-confirm").await;
    wait_text(&c, "#profile option:checked", |t| t == "default").await;
    let notice = text_of(&c, ".banner.warn").await;
    assert!(notice.contains("\"int01\" was deleted"), "{notice}");

    // The only profile left cannot be deleted.
    click(&c, "#manage-profile-toggle").await;
    click(&c, "#delete-profile").await;
    click(&c, "#delete-profile-confirm").await;
    wait_text(&c, "#manage-error", |t| t.contains("only profile")).await;
    c.close().await.unwrap();
    drop(driver);

    let saved = std::fs::read_to_string(
        loopio_scim_tests::driver::app_data_dir(&home).join("progress.json"),
    )
    .unwrap();
    assert!(
        !saved.contains("int01") && !saved.contains("sandbox"),
        "{saved}"
    );
    let _ = std::fs::remove_dir_all(&home);
}
