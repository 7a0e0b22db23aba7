//! Snapshots of the setup report in each format, from a fixed progress that includes a test
//! run whose server echoed the token: the report shows what was seen, redacted.

use loopio_scim::probe::{Finding, Report, Status};
use loopio_scim::report::{build, render, ReportFormat};
use loopio_scim::secret::Secret;
use loopio_scim::setup::progress::{Progress, SavedTest, TestTargetKind};
use loopio_scim::setup::roles::{GroupRole, RolesPlan};

const TOKEN: &str = "lp_scim_snapshot_token_93c1d0";

fn progress() -> Progress {
    let (secret, _) = Secret::from_pasted(TOKEN).unwrap();
    // What the probe records when a proxy page reflects the Authorization header.
    let seen = loopio_scim::http::excerpt(
        format!("<html>bad credentials: Bearer {TOKEN}</html>").as_bytes(),
        Some(&secret),
    );
    let mut p = Progress {
        domain: "https://ACME.loopio.com/home".into(),
        app_variable: "loopio_1".into(),
        roles_known: vec!["Admin".into(), "Contributor".into(), "Reviewer".into()],
        // Discovered from Loopio (a name added by hand is "not seen in Loopio yet").
        roles_seen: vec!["Admin".into(), "Contributor".into(), "Reviewer".into()],
        roles_plan: RolesPlan::PerGroup {
            groups: vec![
                GroupRole {
                    group: "Loopio Admins".into(),
                    role: "Admin".into(),
                },
                GroupRole {
                    group: "Proposal Team".into(),
                    role: "contributor".into(),
                },
            ],
        },
        token_generated_on: "2026-06-01".into(),
        ..Default::default()
    };
    for t in [
        "prerequisites.okta",
        "prerequisites.saml_sso",
        "prerequisites.scim_enabled",
        "prerequisites.token",
        "create_app",
        "configure_saml",
    ] {
        p.ticked.insert(t.into());
    }
    let findings = vec![
        Finding {
            check: "okta.connector".into(),
            code: "auth.rejected".into(),
            status: Status::Fail,
            title: "The token was refused (401)".into(),
            detail: format!("HTTP 401, content type text/html: {seen}"),
            remedy: "Generate a new token in Loopio and paste it here and in Okta.".into(),
            elapsed_ms: 31,
        },
        Finding {
            check: "auth.enforced".into(),
            code: "auth.enforced".into(),
            status: Status::Pass,
            title: "The API refuses requests without a token".into(),
            detail: "Without a token: 401, as it should.".into(),
            remedy: String::new(),
            elapsed_ms: 29,
        },
    ];
    p.last_test = Some(SavedTest {
        at_unix: 1_795_910_400,
        base_url: "https://api.loopio.com/scim/v2".into(),
        report: Report::from_findings(findings, 35),
        target: Some(TestTargetKind::Production),
        ran_for: None,
    });
    p.last_users_check = Some(users_check());
    p
}

/// A saved "Check real users" of the admin's own org, as the progress file holds it: two
/// failed pushes (a conflict), one user deleted in Loopio, one made by hand in Loopio (warned:
/// counted, never named in the report) and the users in sync (counted only).
fn users_check() -> loopio_scim::setup::users_check::SavedUsersCheck {
    let cause = |cause: &str,
                 title: &str,
                 status: &str,
                 remedy: &str,
                 place: &str,
                 logins: &[&str]| {
        serde_json::json!({"cause": cause, "title": title, "status": status, "count": logins.len(),
            "remedy": remedy, "where": place, "logins": logins})
    };
    serde_json::from_value(serde_json::json!({
        "at_unix": 1_795_912_000,
        "practice": false,
        "ran_for": {"domain": "acme.loopio.com", "environment": "production", "app_variable": "loopio_1"},
        "reconciliation": {
            "verdict": "fail",
            "counts": {"user.in_sync": 9996, "user.push_failed": 2, "user.missing_in_loopio": 1,
                "user.unmanaged": 1, "user.not_pushed": 0},
            "users": [],
            "causes": [
                cause("push.conflict", "A Loopio user with that userName already exists", "fail",
                    "In Okta run Import, confirm the match, then retry the task.",
                    "Applications > Applications > Loopio > Import",
                    &["bob.dup@acme.example", "cat.dup@acme.example"]),
                cause("drift.deleted_in_loopio", "Deleted in Loopio", "fail",
                    "Unassign and assign them again in Okta.",
                    "Applications > Applications > Loopio > Assignments",
                    &["dee.gone@acme.example"]),
                cause("drift.unmanaged", "A Loopio user Okta does not manage", "warn",
                    "Assign them in Okta and Import, or deactivate them in Loopio.",
                    "Loopio: Admin > Users", &["eve.byhand@acme.example"]),
            ],
            "truncated": false,
            "elapsed_ms": 4100,
            "problems": []
        },
        "in_sync_not_kept": 9996
    }))
    .unwrap()
}

#[test]
fn report_snapshots() {
    let r = build(
        &progress(),
        "production",
        time::macros::datetime!(2026-11-28 12:00 UTC),
    );
    for (format, name) in [
        (ReportFormat::Md, "report_md"),
        (ReportFormat::Html, "report_html"),
        (ReportFormat::Json, "report_json"),
    ] {
        let text = render(&r, format).replace(loopio_scim::VERSION, "VERSION");
        assert!(!text.contains(TOKEN), "{name} contains the token");
        assert!(
            !text.contains("lp_scim_snapshot"),
            "{name} contains part of the token"
        );
        assert!(
            text.contains("[redacted]"),
            "{name} lost the redaction marker"
        );
        assert!(
            text.contains("dee.gone@acme.example"),
            "{name} names a failing user"
        );
        assert!(
            !text.contains("eve.byhand@acme.example"),
            "{name} names a warned user"
        );
        insta::assert_snapshot!(name, text);
    }
}
