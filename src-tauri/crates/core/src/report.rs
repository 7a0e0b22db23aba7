//! The setup report for the change ticket: what was configured, where, and what the last
//! connection test saw, in Markdown, self-contained HTML and JSON, built from saved progress.
//!
//! It is built only from `Progress`, which never holds the token, so the report cannot contain
//! it; the tests check that anyway.

use serde::Serialize;
use time::OffsetDateTime;
use ts_rs::TS;

use crate::findings::Status;
use crate::setup::progress::{Progress, SavedTest, TestTargetKind};
use crate::setup::reminder::{self, Expiry};
use crate::setup::roles::{self, RolesPlanView};
use crate::setup::{self, OktaValue, PlanInput, StepId, ValueKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ReportFormat {
    Md,
    Html,
    Json,
}

impl ReportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Md => "md",
            ReportFormat::Html => "html",
            ReportFormat::Json => "json",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StepState {
    pub id: StepId,
    pub title: String,
    pub done: bool,
}

/// Everything in the report. Serialised as is for the JSON format.
#[derive(Debug, Clone, Serialize)]
pub struct SetupReport {
    pub app: String,
    pub app_version: String,
    pub generated_at: String,
    pub profile: String,
    pub instance_domain: Option<String>,
    pub instance_domain_error: Option<String>,
    pub environment: String,
    pub scim_base_url: String,
    pub values: Vec<OktaValue>,
    pub steps: Vec<StepState>,
    pub roles_known: Vec<String>,
    pub roles: RolesPlanView,
    pub token_expiry: Option<Expiry>,
    pub last_test: Option<SavedTest>,
    pub last_test_at: Option<String>,
    /// What the last test ran against, in words: Loopio's SCIM API, or plainly the practice
    /// tenant or a custom URL and not Loopio.
    pub last_test_target: Option<String>,
    /// Whether the last test counts as "Test the token and connection" done: a pass against
    /// Loopio's own SCIM API for this profile's environment.
    pub last_test_counts: Option<bool>,
    /// The last test's verdict in words, for its target.
    pub last_test_outcome: Option<String>,
}

/// What a saved test ran against, in words, for `environment`'s set-up.
fn target_words(t: &SavedTest, environment: crate::setup::Environment) -> String {
    match t.target_kind() {
        TestTargetKind::Practice => "the practice tenant on this computer, not Loopio".to_string(),
        TestTargetKind::Custom => "a custom base URL, not Loopio's SCIM API".to_string(),
        kind => match kind.environment() {
            Some(env) if env == environment && t.base_url == env.scim_base_url() => {
                format!("Loopio's SCIM API ({})", env.label())
            }
            Some(env) => format!(
                "Loopio's {} SCIM API, while this set-up is for {}",
                env.label(),
                environment.label()
            ),
            None => "a custom base URL, not Loopio's SCIM API".to_string(),
        },
    }
}

/// What the last test says, after "Run ... against ...": the verdict, then Okta's outlook only
/// for a test of Loopio's own SCIM API; any other target says nothing about Okta and Loopio.
fn test_outcome(t: &SavedTest, environment: crate::setup::Environment) -> String {
    let verdict = format!(
        "Verdict {} in {} ms.",
        status_word(t.report.verdict),
        t.report.elapsed_ms
    );
    let kind = t.target_kind();
    if kind.counts_for(&t.base_url, environment) {
        format!("{verdict} {}", t.report.headline_text())
    } else if kind.environment().is_some() {
        format!(
            "{verdict} This test did not run against Loopio's SCIM API for {}, so it says \
             nothing about this set-up, and it does not count as the step \"Test the token and \
             connection\".",
            environment.label()
        )
    } else {
        format!("{verdict} {}", kind.headline(&t.report))
    }
}

/// The instance line: the domain, why it is not valid, or that none was entered yet.
fn instance_words(r: &SetupReport) -> String {
    match (&r.instance_domain, &r.instance_domain_error) {
        (Some(d), _) => d.clone(),
        (None, Some(e)) => format!("not valid: {e}"),
        (None, None) => "not entered yet".into(),
    }
}

fn rfc3339(unix: u64) -> String {
    OffsetDateTime::from_unix_timestamp(unix as i64)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

pub fn build(progress: &Progress, profile: &str, now: OffsetDateTime) -> SetupReport {
    let plan = setup::plan(&PlanInput::from_progress(progress));
    let steps = plan
        .steps
        .iter()
        .map(|s| StepState {
            id: s.info.id,
            title: s.info.title.clone(),
            done: plan.done.contains(&s.info.id),
        })
        .collect();
    let values = plan.steps.iter().flat_map(|s| s.values.clone()).collect();
    SetupReport {
        app: "Loopio SCIM Setup Assistant".into(),
        app_version: crate::VERSION.into(),
        generated_at: rfc3339(now.unix_timestamp().max(0) as u64),
        profile: profile.into(),
        instance_domain: plan.domain.clone(),
        // An empty domain is "not entered yet", not the instruction the wizard shows for it.
        instance_domain_error: plan
            .domain_error
            .filter(|e| e.code != "domain.empty")
            .map(|e| e.message),
        environment: progress.environment.label().into(),
        scim_base_url: plan.scim_base_url.clone(),
        values,
        steps,
        roles_known: progress.roles_known.clone(),
        roles: roles::plan_view(&progress.roles_plan, &progress.roles_known),
        token_expiry: reminder::expiry(&progress.token_generated_on, now.date()).ok(),
        last_test_at: progress.last_test.as_ref().map(|t| rfc3339(t.at_unix)),
        last_test_target: progress
            .last_test
            .as_ref()
            .map(|t| target_words(t, progress.environment)),
        last_test_counts: progress
            .last_test
            .as_ref()
            .map(|t| t.counts_for(progress.environment)),
        last_test_outcome: progress
            .last_test
            .as_ref()
            .map(|t| test_outcome(t, progress.environment)),
        last_test: progress.last_test.clone(),
    }
}

fn value_text(v: &OktaValue) -> String {
    match (&v.value, v.kind) {
        (_, ValueKind::Secret) => "(your Loopio SCIM token: not recorded)".into(),
        (Some(value), ValueKind::Checkbox) => format!("tick: {value}"),
        (Some(value), ValueKind::Choice) => format!("select: {value}"),
        (Some(value), ValueKind::Text) => value.clone(),
        (None, _) => "(not available: input missing)".into(),
    }
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Pass => "PASS",
        Status::Warn => "WARN",
        Status::Fail => "FAIL",
        Status::Skip => "SKIP",
    }
}

/// Text in Markdown, kept on one line. Only what Markdown would read as markup is escaped, with
/// Markdown's own backslash: a `<` that would open an HTML tag, a `&` that would start an entity,
/// a backslash before punctuation. Never an HTML entity, so the report still reads as plain
/// text where a ticket system does not render Markdown.
fn md_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match c {
            '\n' | '\r' => out.push(' '),
            '<' if next
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) =>
            {
                out.push_str("\\<")
            }
            '&' if next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#') => {
                out.push_str("\\&")
            }
            '\\' if next.is_some_and(|n| n.is_ascii_punctuation()) => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out
}

/// A Markdown table cell: [`md_text`], and a pipe would end the cell.
fn cell(text: &str) -> String {
    md_text(text).replace('|', "\\|")
}

pub fn to_markdown(r: &SetupReport) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(format!(
        "# Loopio SCIM setup report: {}",
        r.instance_domain.as_deref().unwrap_or("(no valid domain)")
    ));
    line(String::new());
    line(format!(
        "- Generated: {} by {} {}",
        r.generated_at, r.app, r.app_version
    ));
    line(format!("- Profile: {}", r.profile));
    line(format!("- Instance: {}", md_text(&instance_words(r))));
    line(format!(
        "- Environment: {} (SCIM base URL {})",
        r.environment, r.scim_base_url
    ));
    if let Some(e) = &r.token_expiry {
        line(format!(
            "- SCIM token generated {}, expires {} (reminder {})",
            e.generated_on, e.expires_on, e.remind_on
        ));
    }
    line(String::new());
    line("## Okta values".into());
    line(String::new());
    line("| Okta screen | Section | Field | Value |".into());
    line("|---|---|---|---|".into());
    for v in &r.values {
        let optional = if v.required { "" } else { " (optional)" };
        line(format!(
            "| {} | {} | {}{optional} | {} |",
            cell(&v.screen),
            cell(&v.section),
            cell(&v.field),
            cell(&value_text(v))
        ));
    }
    line(String::new());
    line("## Steps".into());
    line(String::new());
    for s in &r.steps {
        line(format!(
            "- [{}] {}",
            if s.done { "x" } else { " " },
            s.title
        ));
    }
    line(String::new());
    line("## Roles".into());
    line(String::new());
    line(format!(
        "Known Loopio role names: {}",
        if r.roles_known.is_empty() {
            "(none yet)".into()
        } else {
            r.roles_known.join(", ")
        }
    ));
    line(String::new());
    for row in &r.roles.rows {
        let group = if row.group.is_empty() {
            "All users".to_string()
        } else {
            row.group.clone()
        };
        line(format!(
            "- {} -> {} ({}: {})",
            md_text(&group),
            md_text(&row.role.value),
            row.role.code,
            md_text(&row.role.message)
        ));
    }
    for i in &r.roles.instructions {
        line(format!("  - {}", md_text(i)));
    }
    line(String::new());
    line("## Last connection test".into());
    line(String::new());
    match &r.last_test {
        None => line("Not run yet.".into()),
        Some(t) => {
            line(format!(
                "Run {} against {}, {}. {}",
                r.last_test_at.as_deref().unwrap_or(""),
                md_text(&t.base_url),
                r.last_test_target.as_deref().unwrap_or(""),
                md_text(r.last_test_outcome.as_deref().unwrap_or(""))
            ));
            line(String::new());
            line("| Result | Check | Code | Title | Seen | Remedy | ms |".into());
            line("|---|---|---|---|---|---|---|".into());
            for f in &t.report.findings {
                line(format!(
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    status_word(f.status),
                    f.check,
                    f.code,
                    cell(&f.title),
                    cell(&f.detail),
                    cell(&f.remedy),
                    f.elapsed_ms
                ));
            }
        }
    }
    out
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

pub fn to_html(r: &SetupReport) -> String {
    let mut body = String::new();
    let title = format!(
        "Loopio SCIM setup report: {}",
        r.instance_domain.as_deref().unwrap_or("(no valid domain)")
    );
    body.push_str(&format!("<h1>{}</h1>\n<dl>", esc(&title)));
    let mut facts = vec![
        (
            "Generated",
            format!("{} by {} {}", r.generated_at, r.app, r.app_version),
        ),
        ("Profile", r.profile.clone()),
        ("Instance", instance_words(r)),
        (
            "Environment",
            format!("{} (SCIM base URL {})", r.environment, r.scim_base_url),
        ),
    ];
    if let Some(e) = &r.token_expiry {
        facts.push((
            "SCIM token",
            format!(
                "generated {}, expires {} (reminder {})",
                e.generated_on, e.expires_on, e.remind_on
            ),
        ));
    }
    for (k, v) in facts {
        body.push_str(&format!("<dt>{}</dt><dd>{}</dd>", esc(k), esc(&v)));
    }
    body.push_str("</dl>\n<h2>Okta values</h2>\n<table><thead><tr><th>Okta screen</th><th>Section</th><th>Field</th><th>Value</th></tr></thead><tbody>");
    for v in &r.values {
        let optional = if v.required { "" } else { " (optional)" };
        body.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}{}</td><td><code>{}</code></td></tr>",
            esc(&v.screen),
            esc(&v.section),
            esc(&v.field),
            optional,
            esc(&value_text(v))
        ));
    }
    body.push_str("</tbody></table>\n<h2>Steps</h2>\n<ul>");
    for s in &r.steps {
        body.push_str(&format!(
            "<li>{} {}</li>",
            if s.done {
                "&#10003; done:"
            } else {
                "&#9744; to do:"
            },
            esc(&s.title)
        ));
    }
    body.push_str("</ul>\n<h2>Roles</h2>\n");
    body.push_str(&format!(
        "<p>Known Loopio role names: {}</p><ul>",
        esc(&if r.roles_known.is_empty() {
            "(none yet)".into()
        } else {
            r.roles_known.join(", ")
        })
    ));
    for row in &r.roles.rows {
        let group = if row.group.is_empty() {
            "All users".to_string()
        } else {
            row.group.clone()
        };
        body.push_str(&format!(
            "<li>{} &rarr; <code>{}</code> ({}): {}</li>",
            esc(&group),
            esc(&row.role.value),
            esc(&row.role.code),
            esc(&row.role.message)
        ));
    }
    body.push_str("</ul><ol>");
    for i in &r.roles.instructions {
        body.push_str(&format!("<li>{}</li>", esc(i)));
    }
    body.push_str("</ol>\n<h2>Last connection test</h2>\n");
    match &r.last_test {
        None => body.push_str("<p>Not run yet.</p>"),
        Some(t) => {
            body.push_str(&format!(
                "<p>Run {} against <code>{}</code>, <strong>{}</strong>. {}</p>",
                esc(r.last_test_at.as_deref().unwrap_or("")),
                esc(&t.base_url),
                esc(r.last_test_target.as_deref().unwrap_or("")),
                esc(r.last_test_outcome.as_deref().unwrap_or(""))
            ));
            body.push_str("<table><thead><tr><th>Result</th><th>Check</th><th>Code</th><th>Title</th><th>Seen</th><th>Remedy</th><th>ms</th></tr></thead><tbody>");
            for f in &t.report.findings {
                body.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    status_word(f.status),
                    esc(&f.check),
                    esc(&f.code),
                    esc(&f.title),
                    esc(&f.detail),
                    esc(&f.remedy),
                    f.elapsed_ms
                ));
            }
            body.push_str("</tbody></table>");
        }
    }
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>\
body{{font-family:system-ui,sans-serif;margin:2rem;color:#111;line-height:1.45}}\
table{{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.9rem}}\
th,td{{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}}\
th{{background:#eef1f5}}code{{overflow-wrap:anywhere}}dt{{font-weight:700}}dd{{margin:0 0 .4rem}}\
@media print{{body{{margin:0}}h2{{break-after:avoid}}tr{{break-inside:avoid}}}}\
</style></head><body>\n{}\n</body></html>\n",
        esc(&title),
        body
    )
}

pub fn to_json(r: &SetupReport) -> String {
    serde_json::to_string_pretty(r).unwrap_or_else(|_| "{}".into()) + "\n"
}

pub fn render(r: &SetupReport, format: ReportFormat) -> String {
    match format {
        ReportFormat::Md => to_markdown(r),
        ReportFormat::Html => to_html(r),
        ReportFormat::Json => to_json(r),
    }
}

#[cfg(test)]
mod tests {
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
        let r = build(&p, "production", datetime!(2026-11-28 10:00 UTC));
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
            md.contains("against https://api.loopio.com/scim/v2, Loopio's SCIM API (Production)."),
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
}
