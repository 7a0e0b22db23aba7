//! End-to-end: the real app window, driven through tauri-driver and WebKitWebDriver.
//!
//! Needs a display (run under `xvfb-run`), `tauri-driver` and `WebKitWebDriver` on PATH, and a
//! built app (`cargo build -p loopio-scim-assistant`). `scripts/test.sh` arranges all three and
//! runs this with `--ignored`; a plain `cargo test` skips it.

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::{Client, Locator};
use loopio_scim_tests::driver::Driver;

const PASTED_URL: &str = "  https://ACME.loopio.com/home ";
const SSO_URL: &str = "https://acme.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp";

fn temp_home(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("loopio-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Where screenshots go: `E2E_SCREENSHOT_DIR`, else `target/e2e-screenshots`.
fn screenshot_dir() -> PathBuf {
    let dir = std::env::var_os("E2E_SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots")
        });
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn screenshot(c: &Client, name: &str) {
    // Two animation frames: the last DOM change is painted before the capture (without this,
    // WebKitWebDriver sometimes returned a frame from an earlier step).
    let _ = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        )
        .await;
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(screenshot_dir().join(format!("{name}.png")), png).unwrap();
}

/// Waits for an element and returns its text.
async fn text_of(c: &Client, css: &str) -> String {
    let el = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"));
    el.text().await.unwrap()
}

/// Polls until the element's text satisfies `ok`, or fails with the last text seen.
async fn wait_text(c: &Client, css: &str, ok: impl Fn(&str) -> bool) -> String {
    let mut last = String::new();
    for _ in 0..50 {
        if let Ok(el) = c.find(Locator::Css(css)).await {
            last = el.text().await.unwrap_or_default();
            if ok(&last) {
                return last;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{css} never had the expected text; last seen {last:?}");
}

/// Scrolls an element into view for a screenshot (best effort: screenshots are not assertions).
async fn scroll_to(c: &Client, id: &str) {
    // Let late updates above the element (the keychain status) settle first.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let script = format!("document.getElementById({id:?}).scrollIntoView({{block: 'start'}})");
    let _ = c.execute(&script, vec![]).await;
}

async fn click(c: &Client, css: &str) {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("could not click {css}: {e}"));
}

async fn step_title(c: &Client) -> String {
    text_of(c, "#step-title").await
}

async fn next(c: &Client, expect_title: &str) {
    click(c, r#"[data-action="next"]"#).await;
    wait_text(c, "#step-title", |t| t == expect_title).await;
}

/// The current value of an input.
async fn value_of(c: &Client, css: &str) -> Option<String> {
    let input = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"));
    input.prop("value").await.unwrap()
}

/// A store file as the app writes it: one "default" profile at the instance step.
fn saved_progress(domain: &str) -> String {
    serde_json::json!({
        "profiles": { "default": { "domain": domain, "current_step": "instance" } },
        "active_profile": "default"
    })
    .to_string()
}

async fn type_into(c: &Client, css: &str, text: &str) {
    let input = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"));
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and a built app: run by scripts/test.sh"]
async fn wizard_walkthrough_and_restore_after_restart() {
    let home = temp_home("walkthrough");
    let driver = Driver::start(&home);
    let c = driver.session().await;

    // Prerequisites: the window opened on the first step.
    assert_eq!(step_title(&c).await, "Before you start");
    assert_eq!(c.title().await.unwrap(), "Loopio SCIM Setup Assistant");
    for id in ["okta", "saml_sso", "scim_enabled", "token"] {
        click(&c, &format!("#check-prerequisites-{id}")).await;
    }
    wait_text(&c, "#progress-text", |t| t.contains("1 of 10 done")).await;
    next(&c, "Your Loopio instance").await;

    // The domain field: found by its visible label, errors appear as the admin types.
    let label = text_of(&c, r#"label[for="domain"]"#).await;
    assert!(label.contains("Loopio domain"), "label is {label:?}");
    type_into(&c, "#domain", "api.loopio.com").await;
    let error = wait_text(&c, "#domain-error", |t| !t.is_empty()).await;
    assert!(
        error.contains("SCIM API host, not your instance"),
        "{error}"
    );
    let next_disabled = c
        .find(Locator::Css(r#"[data-action="next"]"#))
        .await
        .unwrap()
        .attr("disabled")
        .await
        .unwrap();
    assert!(next_disabled.is_some(), "Next must wait for a valid domain");
    screenshot(&c, "instance-error").await;

    type_into(&c, "#domain", PASTED_URL).await;
    let normalised = wait_text(&c, "#normalised-domain", |t| !t.is_empty()).await;
    assert_eq!(normalised, "acme.loopio.com");
    let error_hidden = c
        .find(Locator::Css("#domain-error"))
        .await
        .unwrap()
        .attr("hidden")
        .await
        .unwrap();
    assert!(
        error_hidden.is_some(),
        "the error must go once the domain is valid"
    );
    screenshot(&c, "instance").await;
    next(&c, "Create the SAML app in Okta").await;
    click(&c, "#step-done").await;

    next(&c, "Configure SAML").await;
    let sso = text_of(&c, r#"[data-key="saml.sso_url"] code.value"#).await;
    assert_eq!(sso, SSO_URL);
    let relay = text_of(&c, r#"[data-key="saml.default_relay_state"] code.value"#).await;
    assert_eq!(relay, "https://acme.loopio.com/home");
    let field = text_of(&c, r#"[data-key="saml.sso_url"] .field-name"#).await;
    assert_eq!(field, "Single sign-on URL");
    // The copy button reports success (the clipboard plugin answered).
    click(&c, r#"[data-key="saml.sso_url"] button.copy"#).await;
    wait_text(&c, r#"[data-key="saml.sso_url"] button.copy"#, |t| {
        t.starts_with("Copied")
    })
    .await;
    screenshot(&c, "configure-saml").await;
    click(&c, "#step-done").await;

    next(&c, "Enable SCIM provisioning").await;
    click(&c, "#step-done").await;
    next(&c, "Connect Okta to Loopio's SCIM API").await;
    let base = text_of(&c, r#"[data-key="scim.base_url"] code.value"#).await;
    assert_eq!(base, "https://api.loopio.com/scim/v2");
    screenshot(&c, "provisioning-integration").await;
    click(&c, "#step-done").await;
    next(&c, "Test the token and connection").await;
    click(&c, "#step-done").await;
    next(&c, "Choose what Okta does in Loopio").await;
    click(&c, "#step-done").await;
    next(&c, "Add the roles attribute").await;
    type_into(&c, "#app-variable", "loopio_1").await;
    wait_text(&c, r#"[data-key="roles.variable_name"] code.value"#, |t| {
        t == "loopio_1_roles"
    })
    .await;
    screenshot(&c, "profile-editor-roles").await;
    click(&c, "#step-done").await;
    next(&c, "Map Okta users to Loopio roles").await;
    click(&c, "#step-done").await;
    next(&c, "Finished").await;
    wait_text(&c, "#all-done", |t| t.contains("Every step is done")).await;
    wait_text(&c, "#progress-text", |t| t.contains("10 of 10 done")).await;
    screenshot(&c, "finished").await;

    // Progress is on disk, with the domain exactly as the admin typed it.
    let saved = std::fs::read_to_string(driver.app_data_dir().join("progress.json"))
        .expect("progress saved");
    assert!(saved.contains(PASTED_URL), "{saved}");
    c.close().await.unwrap();
    drop(driver);

    // Restart: same data folder, new app process.
    let driver = Driver::start(&home);
    let c = driver.session().await;
    wait_text(&c, "#step-title", |t| t == "Finished").await;
    wait_text(&c, "#progress-text", |t| t.contains("10 of 10 done")).await;
    click(&c, ".steps li:nth-child(2) button").await;
    wait_text(&c, "#step-title", |t| t == "Your Loopio instance").await;
    let value = value_of(&c, "#domain").await;
    assert_eq!(
        value.as_deref(),
        Some(PASTED_URL),
        "the domain as typed is restored"
    );
    assert_eq!(text_of(&c, "#normalised-domain").await, "acme.loopio.com");
    click(&c, ".steps li:nth-child(9) button").await;
    wait_text(&c, "#step-title", |t| t == "Add the roles attribute").await;
    let var = value_of(&c, "#app-variable").await;
    assert_eq!(var.as_deref(), Some("loopio_1"));
    c.close().await.unwrap();
    drop(driver);
    let _ = std::fs::remove_dir_all(&home);
}

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

#[tokio::test]
#[ignore = "needs a display, tauri-driver and a built app: run by scripts/test.sh"]
async fn the_practice_connection_test_in_the_real_window() {
    let home = temp_home("practice");
    let driver = Driver::start(&home);
    let c = driver.session().await;
    click(&c, ".steps li:nth-child(7) button").await;
    wait_text(&c, "#step-title", |t| t == "Test the token and connection").await;
    click(&c, "#target-practice").await;
    click(&c, "#use-practice-token").await;
    wait_text(&c, "#token-notes", |_| true).await;
    click(&c, "#run-test").await;
    let verdict = wait_text(&c, "#okta-verdict", |t| !t.is_empty()).await;
    assert!(
        verdict.contains("Okta's Test Connector Configuration will pass"),
        "{verdict}"
    );
    let connector = text_of(&c, r#"[data-check="okta.connector"]"#).await;
    assert!(connector.contains("Pass"), "{connector}");
    for check in [
        "okta.lookup",
        "okta.groups",
        "auth.enforced",
        "scim.discovery",
        "clock.skew",
    ] {
        let text = text_of(&c, &format!(r#"[data-check="{check}"]"#)).await;
        assert!(text.contains("Pass"), "{check}: {text}");
    }
    // A passing test ticks the step.
    wait_text(&c, ".steps li:nth-child(7) .marker", |t| t == "✓").await;
    scroll_to(&c, "okta-verdict").await;
    screenshot(&c, "connection-test-practice").await;

    // "Remember this token": saved in the keychain, or (no Secret Service here) a clear
    // message; never a file (checked below).
    click(&c, "#remember-token").await;
    click(&c, "#run-test").await;
    let keychain = wait_text(&c, "#keychain-status", |t| {
        t.contains("keychain") && !t.contains("when you run")
    })
    .await;
    assert!(
        keychain.contains("Saved in this computer's keychain")
            || keychain.contains("No keychain is available"),
        "{keychain}"
    );

    // A wrong token is explained, not just refused.
    type_into(&c, "#token", "Bearer wrong-token-0123456789abcdef").await;
    wait_text(&c, "#token-notes", |t| t.contains("Bearer")).await;
    click(&c, "#run-test").await;
    let verdict = wait_text(&c, "#okta-verdict", |t| t.contains("will fail")).await;
    assert!(verdict.contains("refused"), "{verdict}");
    let connector = text_of(&c, r#"[data-check="okta.connector"]"#).await;
    assert!(
        connector.contains("auth.rejected") && connector.contains("What to do"),
        "{connector}"
    );
    scroll_to(&c, "okta-verdict").await;
    screenshot(&c, "connection-test-rejected").await;
    c.close().await.unwrap();
    drop(driver);

    // Neither token reached any file the app wrote, nor anything it printed.
    assert!(home.join(loopio_scim_tests::driver::OUTPUT_LOG).exists());
    for token in [
        "wrong-token-0123456789abcdef",
        loopio_scim::practice::DEFAULT_PRACTICE_TOKEN,
    ] {
        assert_no_file_contains(&home, token);
    }
    let _ = std::fs::remove_dir_all(&home);
}

fn assert_no_file_contains(dir: &std::path::Path, needle: &str) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            assert_no_file_contains(&path, needle);
        } else if let Ok(bytes) = std::fs::read(&path) {
            let found = bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
            assert!(!found, "{} contains the token", path.display());
        }
    }
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and a built app: run by scripts/test.sh"]
async fn roles_from_the_practice_tenant_and_the_report_export() {
    let home = temp_home("roles");
    let exports = home.join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    std::env::set_var("LOOPIO_SCIM_EXPORT_DIR", &exports);
    let driver = Driver::start(&home);
    let c = driver.session().await;

    click(&c, ".steps li:nth-child(2) button").await;
    type_into(&c, "#domain", "acme.loopio.com").await;
    wait_text(&c, "#normalised-domain", |t| t == "acme.loopio.com").await;
    click(&c, ".steps li:nth-child(7) button").await;
    click(&c, "#target-practice").await;
    click(&c, "#use-practice-token").await;
    click(&c, "#run-test").await;
    wait_text(&c, "#okta-verdict", |t| t.contains("will pass")).await;

    click(&c, ".steps li:nth-child(10) button").await;
    wait_text(&c, "#step-title", |t| t == "Map Okta users to Loopio roles").await;
    click(&c, "#discover-roles").await;
    let status = wait_text(&c, "#discover-status", |t| t.starts_with("Read all")).await;
    assert!(status.contains("5 of 5 users"), "{status}");
    let known = text_of(&c, "#known-roles").await;
    for role in ["Admin", "Contributor", "Reviewer"] {
        assert!(known.contains(role), "{known}");
    }
    type_into(&c, "#same-role", "admin").await;
    let check = wait_text(&c, r#"[data-row="0"]"#, |t| t.contains("Fix")).await;
    assert!(
        check.contains("\"Admin\""),
        "the right spelling is named: {check}"
    );
    scroll_to(&c, "roles-checks").await;
    screenshot(&c, "roles-near-miss").await;
    type_into(&c, "#same-role", "Admin").await;
    wait_text(&c, "#roles-ready", |t| t.contains("Ready")).await;

    click(&c, ".steps li:nth-child(11) button").await;
    for format in ["md", "html", "json"] {
        click(&c, &format!("#export-{format}")).await;
        wait_text(&c, "#export-status", |t| t.contains(&format!(".{format}"))).await;
    }
    screenshot(&c, "finished-export").await;
    c.close().await.unwrap();
    drop(driver);

    let files: Vec<_> = std::fs::read_dir(&exports)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.contains(
                "https://acme.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp"
            ),
            "{}",
            file.display()
        );
        assert!(
            text.contains("okta.connector"),
            "{} has the last test",
            file.display()
        );
        assert!(
            !text.contains(loopio_scim::practice::DEFAULT_PRACTICE_TOKEN),
            "{} holds the token",
            file.display()
        );
    }
    // Nor is it in any file the app wrote, or in anything it printed.
    assert!(home.join(loopio_scim_tests::driver::OUTPUT_LOG).exists());
    assert_no_file_contains(&home, loopio_scim::practice::DEFAULT_PRACTICE_TOKEN);
    let _ = std::fs::remove_dir_all(&home);
}

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
    for step in 1..=11 {
        click(&c, &format!(".steps li:nth-child({step}) button")).await;
        match step {
            2 => {
                type_into(&c, "#domain", "acme.loopio.com:8443").await;
                wait_text(&c, "#domain-error", |t| !t.is_empty()).await;
                // Check the error state, then make it valid for the following steps.
                for v in axe_violations(&c).await {
                    all.push(format!("step 2 with an error: {v}"));
                }
                type_into(&c, "#domain", "acme.loopio.com").await;
                wait_text(&c, "#normalised-domain", |t| !t.is_empty()).await;
            }
            7 => {
                click(&c, "#target-practice").await;
                click(&c, "#use-practice-token").await;
                click(&c, "#run-test").await;
                wait_text(&c, "#okta-verdict", |t| t.contains("will pass")).await;
            }
            10 => {
                click(&c, "#discover-roles").await;
                wait_text(&c, "#discover-status", |t| t.starts_with("Read all")).await;
                type_into(&c, "#same-role", "admin").await;
                wait_text(&c, r#"[data-row="0"]"#, |t| t.contains("Fix")).await;
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
    for step in [1, 2, 4, 7, 10, 11] {
        click(&c, &format!(".steps li:nth-child({step}) button")).await;
        if step == 2 {
            type_into(&c, "#domain", "http://acme.loopio.com").await;
            wait_text(&c, "#domain-error", |t| !t.is_empty()).await;
        }
        if step == 7 {
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

/// Presses a key on whatever has focus.
async fn press(c: &Client, key: fantoccini::key::Key) {
    let focused = c.active_element().await.expect("something has focus");
    let key: char = key.into();
    focused
        .send_keys(&key.to_string())
        .await
        .expect("key press");
}

/// Presses Tab until the focused element matches `css` (at most 60 times).
async fn tab_to(c: &Client, css: &str) {
    for _ in 0..60 {
        let matches = c
            .execute(&format!("return document.activeElement !== null && document.activeElement.matches({css:?});"), vec![])
            .await
            .unwrap();
        if matches == serde_json::Value::Bool(true) {
            // Focus must be visible: an outline, drawn by :focus-visible.
            let outline = c
                .execute(
                    "return getComputedStyle(document.activeElement).outlineStyle;",
                    vec![],
                )
                .await
                .unwrap();
            assert_ne!(
                outline,
                serde_json::json!("none"),
                "{css} has focus but no visible outline"
            );
            return;
        }
        press(c, fantoccini::key::Key::Tab).await;
    }
    panic!("Tab never reached {css}");
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and a built app: run by scripts/test.sh"]
async fn the_wizard_works_from_the_keyboard_alone() {
    use fantoccini::key::Key;
    let home = temp_home("keyboard");
    let driver = Driver::start(&home);
    let c = driver.session().await;
    assert_eq!(step_title(&c).await, "Before you start");

    tab_to(&c, "#check-prerequisites-okta").await;
    press(&c, Key::Space).await;
    let checked = c
        .find(Locator::Css("#check-prerequisites-okta"))
        .await
        .unwrap()
        .prop("checked")
        .await
        .unwrap();
    assert_eq!(checked.as_deref(), Some("true"), "Space ticks a checkbox");

    tab_to(&c, r#"[data-action="next"]"#).await;
    press(&c, Key::Enter).await;
    wait_text(&c, "#step-title", |t| t == "Your Loopio instance").await;

    tab_to(&c, "#domain").await;
    let input = c.active_element().await.unwrap();
    input.send_keys("acme.loopio.com").await.unwrap();
    wait_text(&c, "#normalised-domain", |t| t == "acme.loopio.com").await;
    tab_to(&c, "#env-production").await;
    tab_to(&c, r#"[data-action="next"]"#).await;
    press(&c, Key::Enter).await;
    wait_text(&c, "#step-title", |t| t == "Create the SAML app in Okta").await;

    tab_to(&c, "#step-done").await;
    press(&c, Key::Space).await;
    tab_to(&c, r#"[data-action="next"]"#).await;
    press(&c, Key::Enter).await;
    wait_text(&c, "#step-title", |t| t == "Configure SAML").await;
    tab_to(&c, r#"[data-key="saml.sso_url"] button.copy"#).await;
    press(&c, Key::Enter).await;
    wait_text(&c, r#"[data-key="saml.sso_url"] button.copy"#, |t| {
        t.starts_with("Copied")
    })
    .await;
    screenshot(&c, "keyboard-focus").await;
    c.close().await.unwrap();
    drop(driver);
    let _ = std::fs::remove_dir_all(&home);
}

/// Ctrl+= pressed `times` times, as an admin zooms in (Tauri's zoom hotkeys, 20 % a press).
async fn zoom_in(c: &Client, times: usize) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    use fantoccini::key::Key;
    let mut keys = KeyActions::new("keyboard".to_string());
    for _ in 0..times {
        keys = keys
            .then(KeyAction::Down {
                value: Key::Control.into(),
            })
            .then(KeyAction::Down { value: '=' })
            .then(KeyAction::Up { value: '=' })
            .then(KeyAction::Up {
                value: Key::Control.into(),
            });
    }
    c.perform_actions(keys).await.expect("zoom keys");
}

async fn js_f64(c: &Client, script: &str) -> f64 {
    c.execute(script, vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap_or_else(|| panic!("{script} gave no number"))
}

/// Scrolls `css` into view and says what covers its centre, if anything does.
async fn covered(c: &Client, css: &str) -> Option<String> {
    let hit = c
        .execute(
            &format!(
                r#"const b = document.querySelector({css:?});
                   if (b === null) return "missing";
                   b.scrollIntoView({{block: "center"}});
                   const r = b.getBoundingClientRect();
                   const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                   return hit === b || b.contains(hit) ? "" : String(hit && hit.outerHTML).slice(0, 80);"#
            ),
            vec![],
        )
        .await
        .unwrap();
    match hit.as_str() {
        Some("") => None,
        other => Some(format!("{css} is covered by {other:?}")),
    }
}

/// Activates a control at page zoom. WebKitWebDriver computes click coordinates without the
/// page zoom, so a WebDriver click lands elsewhere; instead check the control is on screen and
/// uncovered where the admin would click, then activate it as that click would.
async fn zoomed_click(c: &Client, css: &str, problems: &mut Vec<String>) {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"));
    if let Some(problem) = covered(c, css).await {
        problems.push(problem);
    }
    c.execute(&format!("document.querySelector({css:?}).click();"), vec![])
        .await
        .unwrap_or_else(|e| panic!("could not activate {css}: {e}"));
}

/// Visits all 11 steps as laid out now (zoom, window size, theme), runs the practice connection
/// test on the way, and lists what is wrong: sideways scrolling (WCAG 1.4.10 reflow) or a
/// covered Next/Back button. Screenshots of steps 2, 4, 7, 10 and 11 are named `{shots}-stepN`.
async fn walk_every_step(c: &Client, shots: &str) -> Vec<String> {
    let titles = [
        "Before you start",
        "Your Loopio instance",
        "Create the SAML app in Okta",
        "Configure SAML",
    ];
    let mut problems = Vec::new();
    for step in 1..=11 {
        // Reach every step from the step list, as an admin would at this zoom.
        zoomed_click(
            c,
            &format!(".steps li:nth-child({step}) button"),
            &mut problems,
        )
        .await;
        if step == 2 {
            type_into(
                c,
                "#domain",
                "a-very-long-subdomain-name-for-testing.loopio.com",
            )
            .await;
            wait_text(c, "#normalised-domain", |t| !t.is_empty()).await;
        }
        if step == 7 {
            for control in ["#target-practice", "#use-practice-token", "#run-test"] {
                zoomed_click(c, control, &mut problems).await;
            }
            wait_text(c, "#okta-verdict", |t| t.contains("will pass")).await;
        }
        if let Some(expected) = titles.get(step - 1) {
            assert_eq!(&step_title(c).await, expected);
        }
        // WCAG 1.4.10 reflow: nothing needs scrolling sideways to be read or used.
        let overflow = js_f64(
            c,
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
        )
        .await;
        if overflow > 1.0 {
            let wide = c
                .execute(
                    r##"const w = document.documentElement.clientWidth;
                       return [...document.querySelectorAll("main *")]
                         .filter((e) => e.getBoundingClientRect().right > w + 1)
                         .slice(0, 5).map((e) => e.tagName + "#" + e.id + "." + e.className).join(", ");"##,
                    vec![],
                )
                .await
                .unwrap();
            problems.push(format!(
                "step {step}: {overflow}px sideways scroll ({wide})"
            ));
        }
        // The step's own controls stay reachable: Next (Back on the last step) can be scrolled
        // to and nothing covers it.
        let control = if step < 11 {
            r#"[data-action="next"]"#
        } else {
            r#"[data-action="back"]"#
        };
        if let Some(problem) = covered(c, control).await {
            problems.push(format!("step {step}: {problem}"));
        }
        if [2, 4, 7, 10, 11].contains(&step) {
            c.execute("window.scrollTo(0, 0);", vec![]).await.unwrap();
            screenshot(c, &format!("{shots}-step{step}")).await;
        }
    }
    problems
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and a built app: run by scripts/test.sh"]
async fn every_step_is_usable_at_200_percent_zoom() {
    let home = temp_home("zoom");
    let driver = Driver::start(&home);
    let c = driver.session().await;
    assert_eq!(step_title(&c).await, "Before you start");
    let css_width_at_100 = js_f64(&c, "return window.innerWidth;").await;

    // Five presses of Ctrl+= is 200 %: the page then lays out in half the CSS pixels.
    zoom_in(&c, 5).await;
    let mut ratio = 0.0;
    for _ in 0..50 {
        ratio = css_width_at_100 / js_f64(&c, "return window.innerWidth;").await;
        if (ratio - 2.0).abs() < 0.05 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        (ratio - 2.0).abs() < 0.05,
        "Ctrl+= five times should zoom to 200 %, got {ratio:.2}x"
    );

    let problems = walk_every_step(&c, "zoom200").await;
    // The checks themselves can fail: a too-wide table and a banner over Next are caught.
    let plant = r#"
        const wide = document.createElement("pre"); wide.textContent = "x".repeat(400);
        document.querySelector("main").append(wide);
        const back = document.querySelector('[data-action="back"]');
        back.scrollIntoView({block: "center"});
        const next = back.getBoundingClientRect();
        const cover = document.createElement("div");
        cover.style = `position: fixed; left: ${next.left}px; top: ${next.top}px; width: ${next.width}px; height: ${next.height}px`;
        document.body.append(cover);
    "#;
    c.execute(plant, vec![]).await.unwrap();
    let overflow = js_f64(
        &c,
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
    )
    .await;
    assert!(overflow > 1.0, "a 400-character line did not overflow");
    assert!(
        covered(&c, r#"[data-action="back"]"#).await.is_some(),
        "a covered button was not noticed"
    );
    c.close().await.unwrap();
    drop(driver);
    let _ = std::fs::remove_dir_all(&home);
    assert!(
        problems.is_empty(),
        "at 200 % zoom:\n{}",
        problems.join("\n")
    );
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
async fn every_step_fits_an_800x600_window_in_the_dark_theme() {
    let home = temp_home("small");
    let driver = Driver::start_with_env(&home, &[("GTK_THEME", "Adwaita:dark")]);
    let c = driver.session().await;
    c.set_window_size(800, 600)
        .await
        .expect("resize the window");
    let mut width = 0.0;
    for _ in 0..50 {
        width = js_f64(&c, "return window.innerWidth;").await;
        if width <= 800.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(width <= 800.0, "the window is still {width} px wide");

    let mut problems = walk_every_step(&c, "small-dark").await;

    // The longest texts the wizard shows: a refused token's findings and advice.
    click(&c, ".steps li:nth-child(7) button").await;
    type_into(&c, "#token", "Bearer wrong-token-0123456789abcdef").await;
    click(&c, "#run-test").await;
    wait_text(&c, "#okta-verdict", |t| t.contains("will fail")).await;
    let overflow = js_f64(
        &c,
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
    )
    .await;
    if overflow > 1.0 {
        problems.push(format!(
            "a refused token's findings scroll {overflow}px sideways"
        ));
    }
    scroll_to(&c, "okta-verdict").await;
    screenshot(&c, "small-dark-refused").await;
    c.close().await.unwrap();
    drop(driver);
    let _ = std::fs::remove_dir_all(&home);
    assert!(problems.is_empty(), "at 800x600:\n{}", problems.join("\n"));
}
