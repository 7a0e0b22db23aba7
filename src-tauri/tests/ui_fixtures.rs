//! Writes the backend answers the UI's unit tests replay (`ui/src/test-fixtures/`), from the
//! real core, so the UI is tested against what the backend really sends. CI regenerates them
//! and fails if they differ from the committed files.

use loopio_scim::setup::{plan, Environment, PlanInput};

#[test]
fn export_ui_fixtures() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/test-fixtures");
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        ("plan-empty", PlanInput::default()),
        (
            "plan-api-host",
            PlanInput {
                domain: "api.loopio.com".into(),
                ..Default::default()
            },
        ),
        (
            "plan-acme",
            PlanInput {
                domain: "  https://ACME.loopio.com/home ".into(),
                environment: Environment::Production,
                app_variable: String::new(),
                ..Default::default()
            },
        ),
        (
            "plan-acme-sandbox",
            PlanInput {
                domain: "  https://ACME.loopio.com/home ".into(),
                environment: Environment::Sandbox,
                app_variable: String::new(),
                ..Default::default()
            },
        ),
        (
            "plan-acme-sandbox-roles",
            PlanInput {
                domain: "  https://ACME.loopio.com/home ".into(),
                environment: Environment::Sandbox,
                app_variable: "loopio_1".into(),
                ..Default::default()
            },
        ),
        (
            "plan-acme-sandbox-roles-suffix",
            PlanInput {
                domain: "  https://ACME.loopio.com/home ".into(),
                environment: Environment::Sandbox,
                app_variable: "loopio_1_roles".into(),
                ..Default::default()
            },
        ),
        (
            "plan-acme-bad-variable",
            PlanInput {
                domain: "  https://ACME.loopio.com/home ".into(),
                environment: Environment::Production,
                app_variable: "1x".into(),
                ..Default::default()
            },
        ),
    ];
    let mut all = serde_json::Map::new();
    for (name, input) in cases {
        let entry = serde_json::json!({ "input": input, "plan": plan(&input) });
        all.insert(name.to_string(), entry);
    }
    let text = serde_json::to_string_pretty(&all).unwrap() + "\n";
    std::fs::write(dir.join("plans.json"), text).unwrap();
}
