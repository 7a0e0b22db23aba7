use super::html::esc;
use super::markdown::{cell, md_text};
use super::*;
use crate::findings::{Finding, Report};
use crate::setup::roles::RolesPlan;
use time::macros::datetime;

fn progress() -> Progress {
    let mut p = Progress {
        domain: "https://ACME.loopio.com/home".into(),
        app_variable: "loopio_1".into(),
        roles_known: vec!["Admin".into(), "Reviewer".into()],
        roles_plan: RolesPlan::SameForAll {
            role: "admin".into(),
        },
        token_generated_on: "2026-11-01".into(),
        ..Default::default()
    };
    p.ticked.insert("create_app".into());
    let finding = Finding {
        check: "okta.connector".into(),
        code: "auth.rejected".into(),
        status: Status::Fail,
        title: "The token was refused (401)".into(),
        detail: "HTTP 401 <html>|x".into(),
        remedy: "Generate a new token.".into(),
        elapsed_ms: 12,
    };
    p.last_test = Some(SavedTest {
        at_unix: 1_795_000_000,
        base_url: "https://api.loopio.com/scim/v2".into(),
        report: Report::from_findings(vec![finding], 40),
        target: Some(TestTargetKind::Production),
        ran_for: None,
    });
    p
}

fn passing(target: TestTargetKind, base_url: &str) -> SavedTest {
    let finding = Finding {
        check: "okta.connector".into(),
        code: "okta.connector".into(),
        status: Status::Pass,
        title: "The request of Okta's Test Connector Configuration is answered as Okta expects"
            .into(),
        detail: "GET /Users answered 200 > 0 users".into(),
        remedy: String::new(),
        elapsed_ms: 3,
    };
    SavedTest {
        at_unix: 1_795_000_000,
        base_url: base_url.into(),
        report: Report::from_findings(vec![finding], 5),
        target: Some(target),
        ran_for: None,
    }
}

fn every_format(r: &SetupReport) -> [String; 3] {
    [to_markdown(r), to_html(r), to_json(r)]
}

#[test]
fn a_practice_pass_is_never_progress_and_says_so() {
    let mut p = progress();
    p.ticked.insert("connection_test".into());
    p.last_test = Some(passing(
        TestTargetKind::Practice,
        "http://127.0.0.1:40123/scim/v2",
    ));
    let r = build_with(&p, "production", datetime!(2026-11-28 10:00 UTC), true);
    let step = |r: &SetupReport| {
        r.steps
            .iter()
            .find(|s| s.id == StepId::ConnectionTest)
            .unwrap()
            .done
    };
    assert!(!step(&r), "a practice pass ticked the connection step");
    assert_eq!(r.last_test_counts, Some(false));
    for text in every_format(&r) {
        assert!(
            text.contains("the practice tenant on this computer, not Loopio"),
            "{text}"
        );
        assert!(text.contains("does not count"), "{text}");
        assert!(!text.contains("will pass"), "{text}");
    }

    p.last_test = Some(passing(
        TestTargetKind::Custom,
        "https://scim.example.com/v2",
    ));
    let r = build(&p, "production", datetime!(2026-11-28 10:00 UTC));
    assert!(!step(&r));
    for text in every_format(&r) {
        assert!(text.contains("a custom base URL, not Loopio"), "{text}");
    }

    p.last_test = Some(passing(
        TestTargetKind::Sandbox,
        "https://api.int01.loopio.com/scim/v2",
    ));
    let r = build(&p, "production", datetime!(2026-11-28 10:00 UTC));
    assert!(
        !step(&r),
        "a sandbox pass does not complete a production set-up"
    );
    assert!(to_markdown(&r).contains("while this set-up is for Production"));

    p.last_test = Some(passing(
        TestTargetKind::Production,
        "https://api.loopio.com/scim/v2",
    ));
    let r = build(&p, "production", datetime!(2026-11-28 10:00 UTC));
    assert!(step(&r));
    let md = to_markdown(&r);
    assert!(
        md.contains("against https://api.loopio.com/scim/v2, **Loopio's SCIM API (Production)**."),
        "{md}"
    );
    assert!(md.contains("will pass"), "{md}");
}

#[test]
fn no_domain_is_not_an_instruction() {
    let r = build(
        &Progress::default(),
        "default",
        datetime!(2026-11-28 10:00 UTC),
    );
    let [md, html, _] = every_format(&r);
    assert!(md.contains("- Instance: not entered yet"), "{md}");
    assert!(!md.contains("Enter your Loopio domain"), "{md}");
    assert!(!html.contains("Enter your Loopio domain"), "{html}");
    let p = Progress {
        domain: "api.loopio.com".into(),
        ..Default::default()
    };
    let md = to_markdown(&build(&p, "default", datetime!(2026-11-28 10:00 UTC)));
    assert!(md.contains("- Instance: not valid: "), "{md}");
}

#[test]
fn markdown_escapes_only_what_markdown_needs() {
    assert_eq!(md_text("a > b"), "a > b");
    assert_eq!(md_text("<html>x</html>"), "\\<html>x\\</html>");
    assert_eq!(md_text("1 < 2 & 3"), "1 < 2 & 3");
    assert_eq!(md_text("&gt;"), "\\&gt;");
    assert_eq!(md_text("line\nbreak"), "line break");
    assert_eq!(cell("a|b > c"), "a\\|b > c");
    let mut p = progress();
    p.roles_plan = RolesPlan::PerGroup {
        groups: vec![crate::setup::roles::GroupRole {
            group: "Sales > EMEA".into(),
            role: "Admin".into(),
        }],
    };
    let md = to_markdown(&build(&p, "production", datetime!(2026-11-28 10:00 UTC)));
    assert!(!md.contains("&gt;") && !md.contains("&lt;"), "{md}");
    assert!(md.contains("Sales > EMEA"), "{md}");
}

#[test]
fn every_format_has_every_value_and_the_test() {
    let r = build(&progress(), "production", datetime!(2026-11-28 10:00 UTC));
    assert_eq!(r.generated_at, "2026-11-28T10:00:00Z");
    let md = to_markdown(&r);
    let html = to_html(&r);
    let json = to_json(&r);
    for v in r.values.iter().filter(|v| v.value.is_some()) {
        let value = v.value.as_deref().unwrap();
        assert!(md.contains(value), "md lacks {}", v.key);
        assert!(html.contains(&esc(value)), "html lacks {}", v.key);
        assert!(
            json.contains(&serde_json::to_string(value).unwrap()),
            "json lacks {}",
            v.key
        );
    }
    for text in [&md, &html, &json] {
        assert!(text.contains("auth.rejected"));
        assert!(text.contains("2027-11-01"), "expiry missing");
        assert!(
            text.contains("role.near_miss"),
            "the roles check is missing"
        );
    }
    assert!(html.contains("&lt;html&gt;"), "HTML is escaped");
    assert!(
        md.contains("HTTP 401 \\<html>\\|x"),
        "Markdown pipes and markup are escaped, the Markdown way"
    );
    assert!(html.starts_with("<!doctype html>") && !html.contains("<script"));
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["instance_domain"], "acme.loopio.com");
    assert_eq!(parsed["last_test"]["report"]["verdict"], "fail");
}

#[test]
fn the_last_rehearsal_and_its_test_users_are_in_every_format() {
    use crate::setup::rehearsal::{RehearsalStepResult, SavedRehearsal, SavedTestUser};
    let mut p = progress();
    let r = build(&p, "default", datetime!(2026-11-28 10:00 UTC));
    assert!(
        !to_markdown(&r).contains("Rehearsal of Okta"),
        "no section before a rehearsal"
    );
    p.last_rehearsal = Some(SavedRehearsal {
        at_unix: 1_795_000_000,
        target: TestTargetKind::Sandbox,
        base_url: "https://api.int01.loopio.com/scim/v2".into(),
        verdict: Status::Pass,
        headline: "Okta's first push will work.".into(),
        steps: vec![RehearsalStepResult {
            code: "rehearse.create".into(),
            status: Status::Pass,
            title: "The test user was created".into(),
        }],
        test_users: vec![SavedTestUser {
            id: "u-42".into(),
            user_name: "okta-rehearsal-1a2b@example.com".into(),
            active: Some(false),
        }],
        cleanup: "Remove them in Loopio under Admin > Users.".into(),
        ran_for: None,
    });
    let r = build(&p, "default", datetime!(2026-11-28 10:00 UTC));
    for text in every_format(&r) {
        assert!(text.contains("okta-rehearsal-1a2b@example.com"), "{text}");
        assert!(text.contains("rehearse.create"), "{text}");
        assert!(text.contains("u-42"), "{text}");
    }
    assert!(to_markdown(&r).contains("## Rehearsal of Okta's first push"));
    assert!(to_markdown(&r).contains("deactivated"));
}

#[test]
fn the_okta_read_back_and_the_idp_values_are_in_every_format() {
    use crate::setup::okta_check::{IdpValues, OktaFinding, SavedOktaCheck};
    let mut p = progress();
    let r = build(&p, "default", datetime!(2026-11-28 10:00 UTC));
    assert!(
        !to_markdown(&r).contains("read back from Okta"),
        "no section before a check"
    );
    let pem = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----";
    p.last_okta_check = Some(SavedOktaCheck {
        at_unix: 1_795_000_000,
        org: "https://acme.okta.com".into(),
        practice: false,
        app_id: "0oa1loopio".into(),
        app_label: "Loopio".into(),
        app_name: "acme_loopio_1".into(),
        verdict: Status::Fail,
        headline: "Your Okta app differs from what the wizard generated in 1 place.".into(),
        findings: vec![
            OktaFinding::new("okta.saml.audience", Status::Fail, "Audience URI")
                .has("https://acme.loopio.com/sp")
                .expected("https://acme.loopio.com/saml/metadata")
                .at("Applications > Loopio > General > SAML Settings > Audience URI")
                .remedy("Set Audience URI to the expected value."),
            OktaFinding::new("okta.saml.sso_url", Status::Pass, "Single sign-on URL"),
        ],
        idp: Some(IdpValues {
            entity_id: "http://www.okta.com/exk1a2b3".into(),
            sso_url: "https://acme.okta.com/app/acme_loopio_1/exk1a2b3/sso/saml".into(),
            certificate_sha256: "AB:CD:EF".into(),
            certificate_not_after: Some("2036-01-01T00:00:00Z".into()),
            metadata_url: Some("https://acme.okta.com/app/exk1a2b3/sso/saml/metadata".into()),
            certificate_pem: pem.into(),
        }),
        ran_for: None,
        reached: true,
        offers_fix: true,
        offers_create: false,
    });
    let r = build(&p, "default", datetime!(2026-11-28 10:00 UTC));
    for text in every_format(&r) {
        for want in [
            "okta.saml.audience",
            "https://acme.loopio.com/sp",
            "0oa1loopio",
            "http://www.okta.com/exk1a2b3",
            "AB:CD:EF",
            "2036-01-01T00:00:00Z",
            "/sso/saml/metadata",
            "MIIBszCCAVmgAwIBAgIU",
        ] {
            assert!(text.contains(want), "{want} missing from {text}");
        }
    }
    let md = to_markdown(&r);
    assert!(md.contains("## Okta app, as read back from Okta"), "{md}");
    assert!(md.contains("1 check matched"), "{md}");
    // The PEM keeps its lines, fenced in Markdown and preformatted in HTML.
    assert!(
        md.contains("```\n-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n"),
        "{md}"
    );
    assert!(to_html(&r).contains("<pre>-----BEGIN CERTIFICATE-----\nMIIB"));
}

#[test]
fn the_changes_made_in_okta_and_their_undo_are_in_every_format() {
    use crate::setup::okta_apply::{Request, SavedOktaChange, WriteResult};
    let mut p = progress();
    p.okta_changes.push(SavedOktaChange {
        at_unix: 1_795_000_000,
        org: "https://acme.okta.com".into(),
        practice: false,
        app_id: "0oa1loopio".into(),
        app_label: "Loopio".into(),
        applied: false,
        results: vec![WriteResult {
            method: "POST".into(),
            path: "/api/v1/meta/schemas/apps/0oa1loopio/default".into(),
            status: Some(403),
            okta_error: Some("E0000006: You do not have permission".into()),
            why: "Add the roles attribute.".into(),
            at: "2026-11-30T05:00:00Z".into(),
        }],
        not_sent: Vec::new(),
        undo: vec![Request {
            method: "PUT".into(),
            path: "/api/v1/apps/0oa1loopio".into(),
            body: None,
            why: "Restore the Audience URI.".into(),
        }],
        pending_manual: Vec::new(),
        error: Some("okta.schemas.manage is missing".into()),
        is_undo: false,
        undone: false,
    });
    let r = build(&p, "default", datetime!(2026-11-30 10:00 UTC));
    for text in every_format(&r) {
        for want in [
            "/api/v1/meta/schemas/apps/0oa1loopio/default",
            "E0000006",
            "403",
            "Restore the Audience URI.",
            "okta.schemas.manage is missing",
        ] {
            assert!(text.contains(want), "{want} missing from {text}");
        }
    }
    assert!(to_markdown(&r).contains("## Changes the assistant made in Okta"));
}

#[test]
fn steps_and_results_for_another_domain_are_not_listed_as_done() {
    let mut p = progress();
    p.tick("configure_saml", true);
    p.record_test(passing(
        TestTargetKind::Production,
        "https://api.loopio.com/scim/v2",
    ));
    let done = |r: &SetupReport, id: StepId| r.steps.iter().any(|s| s.id == id && s.done);
    let r = build(&p, "default", datetime!(2026-11-28 10:00 UTC));
    assert!(done(&r, StepId::ConfigureSaml) && done(&r, StepId::ConnectionTest));
    assert_eq!(r.last_test_for_other, None);

    p.domain = "globex.loopio.com".into();
    p.environment = crate::setup::Environment::Sandbox;
    let r = build(&p, "default", datetime!(2026-11-28 10:00 UTC));
    assert!(
        !done(&r, StepId::ConfigureSaml),
        "a step listed as done for acme"
    );
    assert!(!done(&r, StepId::ConnectionTest));
    for text in every_format(&r) {
        assert!(
            text.contains("This test ran for acme.loopio.com, Production, not for globex.loopio.com, Sandbox (INT01)"),
            "{text}"
        );
    }
}

/// A profile where every result came from the practice servers.
fn practice_progress() -> Progress {
    use crate::setup::okta_apply::SavedOktaChange;
    use crate::setup::okta_check::{IdpValues, SavedOktaCheck};
    use crate::setup::rehearsal::SavedRehearsal;
    let mut p = progress();
    p.last_test = Some(passing(
        TestTargetKind::Practice,
        "http://127.0.0.1:46713/scim/v2",
    ));
    p.last_rehearsal = Some(SavedRehearsal {
        at_unix: 1_795_000_000,
        target: TestTargetKind::Practice,
        base_url: "http://127.0.0.1:46713/scim/v2".into(),
        verdict: Status::Pass,
        headline: "Okta's first push will work.".into(),
        steps: Vec::new(),
        test_users: Vec::new(),
        cleanup: String::new(),
        ran_for: None,
    });
    p.last_okta_check = Some(SavedOktaCheck {
        at_unix: 1_795_000_000,
        org: "http://127.0.0.1:46713".into(),
        practice: true,
        app_id: "0oapractice0loopio01".into(),
        app_label: "Loopio".into(),
        app_name: "acme_loopio_1".into(),
        verdict: Status::Pass,
        headline: "Your Okta app matches.".into(),
        findings: Vec::new(),
        idp: Some(IdpValues {
            entity_id: "http://127.0.0.1:46713/exkpractice".into(),
            sso_url: "http://127.0.0.1:46713/app/practice/sso/saml".into(),
            certificate_sha256: "AB:CD".into(),
            certificate_not_after: None,
            metadata_url: None,
            certificate_pem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----".into(),
        }),
        ran_for: None,
        reached: true,
        offers_fix: false,
        offers_create: false,
    });
    p.okta_changes.push(SavedOktaChange {
        at_unix: 1_795_000_000,
        org: "http://127.0.0.1:46713".into(),
        practice: true,
        app_id: "0oapractice0loopio01".into(),
        app_label: "Loopio".into(),
        applied: true,
        results: Vec::new(),
        not_sent: Vec::new(),
        undo: Vec::new(),
        pending_manual: Vec::new(),
        error: None,
        is_undo: false,
        undone: false,
    });
    p
}

#[test]
fn practice_results_stay_out_of_the_report_unless_asked_for() {
    let p = practice_progress();
    let r = build(&p, "production", datetime!(2026-11-28 10:00 UTC));
    assert!(r.last_test.is_none() && r.last_rehearsal.is_none());
    assert!(r.last_okta_check.is_none() && r.okta_changes.is_empty());
    assert_eq!(r.practice_left_out.len(), 4, "{:?}", r.practice_left_out);
    for text in every_format(&r) {
        for practice in ["127.0.0.1", "balacomptest", "0oapractice0loopio01"] {
            assert!(!text.contains(practice), "{practice} in {text}");
        }
        assert!(text.contains("the check of the practice Okta"), "{text}");
    }
    assert!(to_markdown(&r).contains("report --include-practice"));
    assert!(to_html(&r).contains("report --include-practice"));
    // A real result stays.
    assert!(
        to_markdown(&build(&progress(), "p", datetime!(2026-11-28 10:00 UTC)))
            .contains("## Last connection test\n")
    );
}

#[test]
fn practice_results_asked_for_are_each_marked_as_practice_beside_the_heading() {
    let p = practice_progress();
    let r = build_with(&p, "production", datetime!(2026-11-28 10:00 UTC), true);
    assert!(r.practice_left_out.is_empty());
    let md = to_markdown(&r);
    for heading in [
        "## Last connection test (practice tenant, not Loopio)",
        "## Rehearsal of Okta's first push (practice tenant, not Loopio)",
        "## Okta app, as read back from the practice Okta (practice, not your Okta org)",
        "## Identity provider values of the practice Okta (practice: not for Loopio's SSO settings)",
        "## Changes the assistant made in the practice Okta (practice, not your Okta org)",
    ] {
        assert!(md.contains(heading), "{heading} missing from {md}");
    }
    assert!(
        !md.contains("## Identity provider values for Loopio's SSO settings"),
        "{md}"
    );
    for text in every_format(&r) {
        assert!(
            text.contains("http://127.0.0.1:46713/exkpractice"),
            "{text}"
        );
    }
}

#[test]
fn update_user_attributes_is_required_with_why_once_roles_are_mapped() {
    let why = crate::setup::values::REQUIRED_FOR_ROLES_WHY;
    // The fixture maps everyone to a role: required, with why, in every format.
    let r = build(&progress(), "production", datetime!(2026-11-28 10:00 UTC));
    let v = r
        .values
        .iter()
        .find(|v| v.key == "to_app.update_user_attributes")
        .unwrap();
    assert!(v.required);
    let [md, html, json] = every_format(&r);
    let cell = "Update User Attributes (required because you map Loopio roles: Okta sends roles to Loopio only with Update User Attributes enabled, as Loopio's guide says)";
    assert!(md.contains(cell), "{md}");
    assert!(html.contains(&esc(cell)), "{html}");
    assert!(json.contains(why), "{json}");
    for text in [md, html, json] {
        assert!(!text.contains("Update User Attributes (optional)"));
    }
    // Without roles it is the guide's optional setting.
    let mut p = progress();
    p.roles_plan = RolesPlan::default();
    let md = to_markdown(&build(&p, "production", datetime!(2026-11-28 10:00 UTC)));
    assert!(md.contains("Update User Attributes (optional)"), "{md}");
    assert!(!md.contains(why));
}

#[test]
fn the_report_says_how_the_okta_app_was_set_up() {
    let mut p = progress();
    let words = |p: &Progress| {
        let r = build(p, "default", datetime!(2026-11-28 10:00 UTC));
        every_format(&r)
    };
    for text in words(&p) {
        assert!(text.contains("by hand (no way chosen)"), "{text}");
    }
    p.way = Some(crate::setup::okta_steps::SetupWay::Assistant);
    for text in words(&p) {
        assert!(text.contains("by the assistant, through Okta"), "{text}");
    }
}

#[test]
fn what_practice_left_behind_is_named_as_practice_and_never_as_loopios() {
    use crate::setup::rehearsal::SavedTestUser;
    let mut p = practice_progress();
    p.roles_seen = vec!["Reviewer".into()];
    // Left out: the practice test is said to have run, not "not run yet".
    let r = build(&p, "production", datetime!(2026-11-28 10:00 UTC));
    for text in [to_markdown(&r), to_html(&r)] {
        assert!(
            text.contains("Only a test against the practice tenant ran"),
            "{text}"
        );
        assert!(!text.contains("Not run yet"), "{text}");
        // Only the name read from Loopio is listed as Loopio's.
        assert!(
            text.contains("Loopio role names: Reviewer; not seen in Loopio yet (added by hand, or read from the practice tenant or a custom URL): Admin"),
            "{text}"
        );
    }
    // Included: the practice rehearsal's test users are the practice tenant's.
    let rehearsal = p.last_rehearsal.as_mut().unwrap();
    rehearsal.test_users.push(SavedTestUser {
        id: "u-1".into(),
        user_name: "okta-rehearsal-1@example.com".into(),
        active: Some(false),
    });
    let r = build_with(&p, "production", datetime!(2026-11-28 10:00 UTC), true);
    let md = to_markdown(&r);
    assert!(
        md.contains("Test users left on the practice tenant (not Loopio)"),
        "{md}"
    );
    assert!(!md.contains("Test users left in Loopio"), "{md}");
}
