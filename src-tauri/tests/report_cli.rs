//! `report` from a saved progress file, the reminder's iCalendar validity, and the data folder.

use std::process::Command;

use loopio_scim::setup::reminder;

const BIN: &str = env!("CARGO_BIN_EXE_loopio-scim-assistant");

fn store_file(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("loopio-report-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("progress.json");
    let store = serde_json::json!({
        "active_profile": "production",
        "profiles": {
            "sandbox": {"domain": "acme.loopio.com", "environment": "sandbox"},
            "production": {
                "domain": "https://ACME.loopio.com/home",
                "environment": "production",
                "app_variable": "loopio_1",
                "ticked": ["create_app", "configure_saml"],
                "roles_known": ["Admin", "Reviewer"],
                "roles_plan": {"mode": "per_group", "groups": [{"group": "Loopio Admins", "role": "admin"}]},
                "token_generated_on": "2026-06-01"
            }
        }
    });
    std::fs::write(&path, store.to_string()).unwrap();
    path
}

fn report(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).arg("report").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn reports_in_every_format_from_the_saved_profile() {
    let store = store_file("formats");
    let store = store.to_str().unwrap();
    for format in ["md", "html", "json"] {
        let (code, out, err) = report(&["--store", store, "--format", format]);
        assert_eq!(code, 0, "{err}");
        for needle in [
            "https://acme.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp",
            "https://api.loopio.com/scim/v2",
            "loopio_1_roles",
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "role.near_miss",
            "2027-06-01",
        ] {
            assert!(out.contains(needle), "{format} lacks {needle}");
        }
    }
    let (code, out, _) = report(&["--store", store, "--format", "json", "--profile", "sandbox"]);
    assert_eq!(code, 0);
    assert!(out.contains("https://api.int01.loopio.com/scim/v2"));

    let file = std::path::Path::new(store).with_file_name("report.html");
    let (code, out, _) = report(&[
        "--store",
        store,
        "--format",
        "html",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(out.is_empty());
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .starts_with("<!doctype html>"));
}

#[test]
fn role_names_added_by_hand_are_not_seen_in_loopio_yet_never_a_pass() {
    let dir = std::env::temp_dir().join(format!("loopio-report-seen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("progress.json");
    let store = serde_json::json!({
        "active_profile": "production",
        "profiles": {"production": {
            "domain": "acme.loopio.com",
            "environment": "production",
            // Admin was discovered in Loopio; Reviewer was only typed in.
            "roles_known": ["Admin", "Reviewer"],
            "roles_seen": ["Admin"],
            "roles_plan": {"mode": "per_group", "groups": [
                {"group": "Loopio Admins", "role": "Admin"},
                {"group": "Reviewers", "role": "Reviewer"}
            ]}
        }}
    });
    std::fs::write(&path, store.to_string()).unwrap();
    let store = path.to_str().unwrap();
    let (code, md, err) = report(&["--store", store, "--format", "md"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        md.contains("Admin (role.exact): Admin is a Loopio role name."),
        "{md}"
    );
    assert!(md.contains("Reviewer (role.not_seen)"), "{md}");
    assert!(md.contains("not seen in Loopio yet"), "{md}");
    assert!(!md.contains("Reviewer is a Loopio role name"), "{md}");
    let (code, json, _) = report(&["--store", store, "--format", "json"]);
    assert_eq!(code, 0);
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = parsed["roles"]["rows"].as_array().unwrap();
    assert_eq!(rows[1]["role"]["code"], "role.not_seen");
    assert_eq!(rows[1]["role"]["status"], "warn");
}

#[test]
fn report_input_errors_exit_2() {
    let store = store_file("errors");
    let (code, _, err) = report(&["--store", store.to_str().unwrap(), "--profile", "staging"]);
    assert_eq!(code, 2);
    assert!(err.contains("production, sandbox"), "{err}");
    let (code, _, err) = report(&["--store", "/nonexistent/progress.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("No saved progress"), "{err}");
}

#[test]
fn the_reminder_is_valid_icalendar() {
    let today = time::OffsetDateTime::now_utc();
    let generated = (today.date() - time::Duration::days(30)).to_string();
    let expiry = reminder::expiry(&generated, today.date()).unwrap();
    let text = reminder::ics(&expiry, "acme.loopio.com", today);
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let calendar = parser.next().expect("one calendar").expect("it parses");
    assert!(parser.next().is_none());
    assert_eq!(calendar.events.len(), 1);
    let event = &calendar.events[0];
    let prop = |name: &str| {
        event
            .properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    assert_eq!(prop("DTSTART"), expiry.remind_on.replace('-', ""));
    assert!(prop("SUMMARY").contains(&expiry.expires_on));
    assert!(
        prop("DESCRIPTION").contains("Generate Token"),
        "folded lines unfold: {}",
        prop("DESCRIPTION")
    );
    assert_eq!(event.alarms.len(), 1);
}

#[test]
fn the_cli_reads_the_folder_the_app_writes() {
    let conf: serde_json::Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
    assert_eq!(conf["identifier"], loopio_scim::IDENTIFIER);
}

/// A store whose open profile has a saved "Check real users" (practice or not): one failed push,
/// one user made by hand in Loopio (warned), the rest in sync.
fn store_with_users_check(name: &str, practice: bool) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("loopio-report-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("progress.json");
    let cause = |cause: &str, status: &str, login: &str| {
        serde_json::json!({"cause": cause, "title": cause, "status": status, "count": 1,
            "remedy": "Do this.", "where": "Dashboard > Tasks", "logins": [login]})
    };
    let store = serde_json::json!({
        "active_profile": "production",
        "profiles": {"production": {
            "domain": "acme.loopio.com",
            "environment": "production",
            "last_users_check": {
                "at_unix": 1_795_912_000,
                "practice": practice,
                "reconciliation": {
                    "verdict": "fail",
                    "counts": {"user.in_sync": 40, "user.push_failed": 1, "user.unmanaged": 1},
                    "users": [],
                    "causes": [cause("push.auth", "fail", "fay.failed@acme.example"),
                        cause("drift.unmanaged", "warn", "hal.byhand@acme.example")],
                    "truncated": false, "elapsed_ms": 900, "problems": []
                },
                "in_sync_not_kept": 40
            }
        }}
    });
    std::fs::write(&path, store.to_string()).unwrap();
    path
}

#[test]
fn the_report_has_the_saved_users_check_and_a_practice_one_only_when_asked() {
    let store = store_with_users_check("users", false);
    let store = store.to_str().unwrap();
    for format in ["md", "html", "json"] {
        let (code, out, err) = report(&["--store", store, "--format", format]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("fay.failed@acme.example"), "{format}: {out}");
        assert!(
            !out.contains("hal.byhand@acme.example"),
            "{format}: a warned login"
        );
    }
    let (_, md, _) = report(&["--store", store]);
    assert!(md.contains("\n## Users\n"), "{md}");
    assert!(md.contains("42 user(s) compared, verdict FAIL."), "{md}");

    let practice = store_with_users_check("users-practice", true);
    let practice = practice.to_str().unwrap();
    let (code, md, _) = report(&["--store", practice]);
    assert_eq!(code, 0);
    assert!(!md.contains("## Users"), "{md}");
    assert!(!md.contains("fay.failed@acme.example"), "{md}");
    assert!(md.contains("the check of real users against the practice Okta and tenant"));
    let (code, md, _) = report(&["--store", practice, "--include-practice"]);
    assert_eq!(code, 0);
    assert!(
        md.contains("\n## Users (practice Okta and tenant, not your users)\n"),
        "{md}"
    );
    assert!(md.contains("fay.failed@acme.example"), "{md}");
}
