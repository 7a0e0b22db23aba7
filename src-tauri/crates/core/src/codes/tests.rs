use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::*;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

#[test]
fn every_code_is_listed_once() {
    let mut seen = BTreeSet::new();
    for c in CODES {
        assert!(seen.insert(c.code), "{} is listed twice", c.code);
        assert!(!c.meaning.is_empty(), "{} has no meaning", c.code);
        assert_eq!(
            c.kind == Kind::Check,
            !c.label.is_empty(),
            "{}: a label is for checks only",
            c.code
        );
    }
    assert_eq!(find("auth.rejected").map(|c| c.kind), Some(Kind::Failure));
    assert!(find("no.such_code").is_none());
}

#[test]
fn every_check_id_of_the_connection_test_is_a_check_in_the_table() {
    use crate::findings::*;
    for id in [
        OKTA_CONNECTOR,
        OKTA_LOOKUP,
        OKTA_GROUPS,
        AUTH_ENFORCED,
        SCIM_DISCOVERY,
        CLOCK_SKEW,
        DOMAIN_REACHABLE,
        TARGET,
    ] {
        assert_eq!(find(id).map(|c| c.kind), Some(Kind::Check), "{id}");
    }
}

#[test]
fn the_typescript_union_has_every_code_once() {
    let ts = typescript();
    for c in CODES {
        let quoted = format!("\"{}\"", c.code);
        assert_eq!(ts.matches(&quoted).count(), 1, "{} in codes.ts", c.code);
    }
    assert!(ts.contains("export type Code =\n  | CheckCode\n  | FailureCode"));
}

#[test]
fn the_readme_lists_every_code_from_the_table() {
    let path = workspace().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let begin = readme
        .find("<!-- codes:begin")
        .expect("README has the codes:begin marker");
    let end = readme
        .find("<!-- codes:end -->")
        .expect("README has the codes:end marker")
        + "<!-- codes:end -->".len();
    assert!(
        readme[begin..end] == readme_section(),
        "README's list of codes is not the table's: run `cargo gen`"
    );
}

/// Families of stable codes; a dotted string literal of one of these families anywhere in the
/// app's sources must be in the table.
const FAMILIES: &[&str] = &[
    "auth",
    "network",
    "tls",
    "http",
    "endpoint",
    "response",
    "scim",
    "target",
    "okta",
    "clock",
    "domain",
    "config",
    "token",
    "role",
    "rehearse",
    "keychain",
    "store",
    "export",
    "practice",
    "profile",
    "reminder",
    "app_variable",
    "okta_url",
    "user",
    "push",
    "drift",
    "reconcile",
];

/// Dotted strings of those families that are not codes: the wizard's value keys and checklist
/// ids (listed by the core itself), Okta's OAuth scopes, Okta expressions, and host names.
fn not_a_code(s: &str) -> bool {
    let keys: BTreeSet<String> = crate::setup::plan(&crate::setup::PlanInput {
        domain: "acme.loopio.com".into(),
        app_variable: "loopio_1".into(),
        ..Default::default()
    })
    .steps
    .iter()
    .flat_map(|step| {
        step.values
            .iter()
            .map(|v| v.key.clone())
            .chain(step.info.checklist.iter().map(|c| c.id.clone()))
    })
    .collect();
    keys.contains(s)
        // Okta Expression Language: the Okta user's profile attributes.
        || ["user.email", "user.login"].contains(&s)
        || s.ends_with(".read")
        || s.ends_with(".manage")
        || [".com", ".mil", ".org", ".net", ".example", ".loopio"]
            .iter()
            .any(|t| s.ends_with(t))
}

fn files_ending(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_ending(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    files_ending(dir, "rs", out);
}

/// Whether a string looks like a code of one of the [`FAMILIES`] (`family.name`).
fn code_like(s: &str) -> bool {
    let family = s.split('.').next().unwrap_or("");
    s.contains('.')
        && FAMILIES.contains(&family)
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
        && !s.ends_with('.')
        && !s.contains("..")
}

/// Every `"family.name"` string literal in a file.
fn dotted_literals(text: &str) -> Vec<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| code_like(s))
        .map(str::to_string)
        .collect()
}

/// The code-like string literals of a UI file that are not written through `ui/src/codes.ts`'s
/// typed helpers (`code("…")`, `inFamily(x, "…")`), with their line numbers.
fn untyped_ui_codes(text: &str) -> Vec<(usize, String)> {
    let parts: Vec<&str> = text.split('"').collect();
    let mut found = Vec::new();
    let mut before = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 && code_like(part) && !not_a_code(part) {
            let line_start = before.rfind('\n').map_or(0, |at| at + 1);
            let typed = before.ends_with("code(\"") || before[line_start..].contains("inFamily(");
            if !typed {
                found.push((before.matches('\n').count() + 1, part.to_string()));
            }
        }
        before.push_str(part);
        before.push('"');
    }
    found
}

#[test]
fn the_window_writes_codes_only_through_its_typed_helpers() {
    let ui = workspace().join("ui/src");
    let mut files = Vec::new();
    files_ending(&ui, "ts", &mut files);
    assert!(
        files.len() > 10,
        "found only {} files in ui/src",
        files.len()
    );
    let mut untyped = Vec::new();
    for file in &files {
        let name = file.to_string_lossy();
        if file.starts_with(ui.join("bindings")) || name.ends_with(".test.ts") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for (line, s) in untyped_ui_codes(&text) {
            let path = file.strip_prefix(&ui).unwrap_or(file).display().to_string();
            untyped.push(format!("{path}:{line}: \"{s}\""));
        }
    }
    assert!(
        untyped.is_empty(),
        "code literals in ui/src that the type checker does not check against the table \
         (write them as code(\"…\") from ./codes):\n{}",
        untyped.join("\n")
    );
}

#[test]
fn the_ui_scan_accepts_only_the_typed_helpers() {
    let text = "a === code(\"okta.app.not_found\");\nif (inFamily(c, \"okta.key.\")) x;\n\
                if (inFamily(c, \"rehearse.production_\")) y;\nb === \"auth.rejected\";\n\
                key: \"scim.base_url\"";
    assert_eq!(untyped_ui_codes(text), [(4, "auth.rejected".to_string())]);
}

#[test]
fn every_code_in_the_sources_is_in_the_table() {
    let root = workspace().join("src-tauri");
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("crates"), &mut files);
    assert!(
        files.len() > 20,
        "found only {} source files under {}",
        files.len(),
        root.display()
    );
    let mut missing = BTreeSet::new();
    for file in &files {
        if file.ends_with("codes.rs") || file.ends_with("codes/tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for s in dotted_literals(&text) {
            if find(&s).is_none() && !not_a_code(&s) {
                missing.insert(format!(
                    "{s} ({})",
                    file.strip_prefix(&root).unwrap_or(file).display()
                ));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "codes used but not in codes.rs:\n{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_scan_finds_codes_and_skips_other_strings() {
    let found = dotted_literals(
        r#"code: "auth.rejected", host "api.loopio.com", key "saml.sso_url", "okta.apps.read", "x.y""#,
    );
    assert_eq!(found, ["auth.rejected", "okta.apps.read"]);
    assert!(not_a_code("okta.apps.read"));
    assert!(not_a_code("scim.base_url"), "a value key");
    assert!(!not_a_code("auth.rejected"));
}
