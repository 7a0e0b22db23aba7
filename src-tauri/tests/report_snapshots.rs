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
    p
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
        insta::assert_snapshot!(name, text);
    }
}
