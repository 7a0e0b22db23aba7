//! Writes every file generated from the core: what the window imports as data
//! (`ui/src/bindings/*.json`, `codes.ts`), the backend answers the UI's unit tests replay
//! (`ui/src/test-fixtures/`), and the README's list of codes. CI runs it and then checks that
//! nothing changed, so the committed files are the core's.
//!
//!   cargo gen        (an alias in .cargo/config.toml for `cargo run -p loopio-scim-core --bin gen`)
//!
//! The ts-rs type bindings (`ui/src/bindings/*.ts` other than `codes.ts`) are still written by
//! `cargo test` (ts-rs's `#[ts(export)]`), since the types live in every crate up to the app.

use std::path::{Path, PathBuf};

use loopio_scim_core::codes;
use loopio_scim_core::setup::okta_check;
use loopio_scim_core::setup::progress::{Progress, TestTargetKind};
use loopio_scim_core::setup::{plan, Environment, PlanInput};
use serde::Serialize;
use serde_json::{json, Value};

fn main() {
    let root = workspace();
    let files = [
        ("ui/src/bindings/checks.json", pretty(&check_labels())),
        ("ui/src/bindings/codes.ts", codes::typescript()),
        (
            "ui/src/bindings/default-progress.json",
            pretty(&Progress::default()),
        ),
        ("ui/src/bindings/targets.json", pretty(&test_targets())),
        (
            "ui/src/bindings/okta-scopes.json",
            pretty(&json!({"read": okta_check::READ_SCOPES, "manage": okta_check::MANAGE_SCOPES})),
        ),
        ("ui/src/test-fixtures/plans.json", pretty(&plans())),
    ];
    for (path, text) in files {
        write(&root.join(path), &text);
    }
    let readme_path = root.join("README.md");
    let readme = std::fs::read_to_string(&readme_path).expect("README.md is readable");
    write(&readme_path, &with_codes_section(&readme));
}

/// The workspace's root: this crate is `src-tauri/crates/core`.
fn workspace() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.join("../../..")
        .canonicalize()
        .expect("the workspace root exists")
}

/// Writes `text` to `path` if it differs, and says which files changed.
fn write(path: &Path, text: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("the folder can be made");
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    println!("wrote {}", path.display());
}

/// Pretty JSON with a final newline (serialized directly: the fields keep their order).
fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).expect("JSON serializes") + "\n"
}

/// The window's check labels, in the table's order.
fn check_labels() -> Value {
    codes::checks()
        .map(|c| json!({ "id": c.code, "label": c.label }))
        .collect()
}

/// The connection test's and the rehearsal's targets with their labels and hints.
fn test_targets() -> Value {
    TestTargetKind::OFFERED
        .iter()
        .chain([&TestTargetKind::Custom])
        .map(|t| {
            json!({
                "id": t,
                "label": t.label(),
                "hint": t.hint(),
                "offered": *t != TestTargetKind::Custom,
            })
        })
        .collect()
}

/// The plans the UI's unit tests replay, each with the input it was made from.
fn plans() -> Value {
    let acme = "  https://ACME.loopio.com/home ";
    let input = |domain: &str, environment, app_variable: &str| PlanInput {
        domain: domain.into(),
        environment,
        app_variable: app_variable.into(),
        ..Default::default()
    };
    let cases = [
        ("plan-empty", PlanInput::default()),
        (
            "plan-api-host",
            PlanInput {
                domain: "api.loopio.com".into(),
                ..Default::default()
            },
        ),
        ("plan-acme", input(acme, Environment::Production, "")),
        // A near miss of loopio.com, its likely domain, and an Okta org: refused (issue 17 #2).
        (
            "plan-near-miss",
            input("acme.loopio.co", Environment::Production, ""),
        ),
        (
            "plan-near-miss-meant",
            input("acme.loopio.com", Environment::Production, ""),
        ),
        (
            "plan-custom-domain",
            input("rfp.acme.com", Environment::Production, ""),
        ),
        (
            "plan-okta-host",
            input("acme.okta.com", Environment::Production, ""),
        ),
        ("plan-acme-sandbox", input(acme, Environment::Sandbox, "")),
        (
            "plan-acme-sandbox-roles",
            input(acme, Environment::Sandbox, "loopio_1"),
        ),
        (
            "plan-acme-sandbox-roles-suffix",
            input(acme, Environment::Sandbox, "loopio_1_roles"),
        ),
        (
            "plan-acme-bad-variable",
            input(acme, Environment::Production, "1x"),
        ),
    ];
    cases
        .into_iter()
        .map(|(name, input)| {
            let entry = json!({ "input": input, "plan": plan(&input) });
            (name.to_string(), entry)
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// The README with its list of codes replaced by the table's (between its markers).
fn with_codes_section(readme: &str) -> String {
    let begin = readme
        .find("<!-- codes:begin")
        .expect("README has the codes:begin marker");
    let end_marker = "<!-- codes:end -->";
    let end = readme
        .find(end_marker)
        .expect("README has the codes:end marker")
        + end_marker.len();
    format!(
        "{}{}{}",
        &readme[..begin],
        codes::readme_section(),
        &readme[end..]
    )
}
