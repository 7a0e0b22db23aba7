//! axe-core on every step, in the light and the dark theme.

#![allow(unused_imports)]

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::{Client, Locator};
use loopio_scim_tests::driver::Driver;

use super::pages::*;

/// Runs axe-core (from the UI's npm packages) inside the real window and returns its violations.
async fn axe_violations(c: &Client) -> Vec<String> {
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../ui/node_modules/axe-core/axe.min.js"
    ))
    .expect("axe-core is installed (npm ci --prefix ui)");
    c.execute(&format!("{source}\nwindow.axe = axe;"), vec![])
        .await
        .expect("inject axe");
    let script = r#"
        const done = arguments[arguments.length - 1];
        window.axe.run(document, { resultTypes: ["violations"] }).then(
            (r) => done(r.violations.map((v) => v.id + " (" + v.impact + "): " + v.nodes.map((n) => n.target.join(" ")).join(", "))),
            (e) => done(["axe failed: " + e]));
    "#;
    let result = c.execute_async(script, vec![]).await.expect("run axe");
    serde_json::from_value(result).unwrap_or_else(|e| vec![format!("unreadable axe result: {e}")])
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and a built app: run by scripts/test.sh"]
async fn axe_finds_no_accessibility_violations_on_any_step() {
    let home = temp_home("axe");
    let driver = Driver::start(&home);
    let c = driver.session().await;
    let mut all = Vec::new();
    for step in step_ids(&c).await {
        click(&c, &step_button(&step)).await;
        match step.as_str() {
            "instance" => {
                type_into(&c, "#domain", "acme.loopio.com:8443").await;
                wait_text(&c, "#domain-error", |t| !t.is_empty()).await;
                // Check the error state, then make it valid for the following steps.
                for v in axe_violations(&c).await {
                    all.push(format!("step 2 with an error: {v}"));
                }
                type_into(&c, "#domain", "acme.loopio.com").await;
                wait_text(&c, "#normalised-domain", |t| !t.is_empty()).await;
            }
            "connection_test" => {
                click(&c, "#target-practice").await;
                click(&c, "#use-practice-token").await;
                click(&c, "#run-test").await;
                wait_text(&c, "#okta-verdict", |t| t.contains(PRACTICE_PASS)).await;
            }
            "map_roles" => {
                click(&c, "#discover-roles").await;
                wait_text(&c, "#discover-status", |t| t.starts_with("Read all")).await;
                type_into(&c, "#same-role", "admin").await;
                wait_text(&c, r#"[data-row="0"]"#, |t| t.contains("Fix")).await;
            }
            "okta_check" => {
                // The practice Okta with its mistake: the results grouped by screen are checked.
                click(&c, "#okta-source-practice").await;
                click(&c, "#okta-plant-mistake").await;
                click(&c, "#run-okta-check").await;
                wait_text(&c, "#okta-check-headline", |t| t.contains("differs")).await;
            }
            _ => {}
        }
        for v in axe_violations(&c).await {
            all.push(format!("step {step}: {v}"));
        }
    }
    // The harness itself can fail: an unlabeled input and faint text are reported.
    let plant = r#"
        const i = document.createElement("input"); i.id = "planted-input"; document.querySelector("main").append(i);
        const p = document.createElement("p"); p.textContent = "faint"; p.style.color = "rgb(221, 221, 221)"; document.querySelector("main").append(p);
    "#;
    c.execute(plant, vec![]).await.unwrap();
    let planted = axe_violations(&c).await.join("\n");
    assert!(
        planted.contains("label") && planted.contains("color-contrast"),
        "axe missed planted violations: {planted}"
    );
    c.close().await.unwrap();
    drop(driver);
    let _ = std::fs::remove_dir_all(&home);
    assert!(all.is_empty(), "axe violations:\n{}", all.join("\n"));
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and a built app: run by scripts/test.sh"]
async fn the_dark_theme_follows_the_system_and_passes_axe() {
    let home = temp_home("dark");
    let driver = Driver::start_with_env(&home, &[("GTK_THEME", "Adwaita:dark")]);
    let c = driver.session().await;
    let dark = c
        .execute(
            "return window.matchMedia('(prefers-color-scheme: dark)').matches;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        dark,
        serde_json::Value::Bool(true),
        "the window did not follow the dark system theme"
    );
    let mut all = Vec::new();
    for step in [
        "prerequisites",
        "instance",
        "configure_saml",
        "connection_test",
        "map_roles",
        "okta_check",
        "done",
    ] {
        click(&c, &step_button(step)).await;
        if step == "instance" {
            type_into(&c, "#domain", "http://acme.loopio.com").await;
            wait_text(&c, "#domain-error", |t| !t.is_empty()).await;
        }
        if step == "connection_test" {
            click(&c, "#target-practice").await;
            click(&c, "#use-practice-token").await;
            click(&c, "#run-test").await;
            wait_text(&c, "#okta-verdict", |t| !t.is_empty()).await;
        }
        for v in axe_violations(&c).await {
            all.push(format!("step {step}: {v}"));
        }
    }
    screenshot(&c, "dark-connection").await;
    c.close().await.unwrap();
    drop(driver);
    let _ = std::fs::remove_dir_all(&home);
    assert!(
        all.is_empty(),
        "axe violations in the dark theme:\n{}",
        all.join("\n")
    );
}
