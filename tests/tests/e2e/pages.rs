//! Shared page helpers for the end-to-end tests: where files and screenshots go, reading and
//! waiting for text, clicking, typing, stepping through the wizard, keys and zoom.

#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

pub(crate) const PASTED_URL: &str = "  https://ACME.loopio.com/home ";
/// The headline of a passing and a failing test against the practice tenant (not Loopio).
pub(crate) const PRACTICE_PASS: &str =
    "answered the requests of Okta's Test Connector Configuration as Okta expects";
pub(crate) const PRACTICE_FAIL: &str = "failed the request of Okta's Test Connector Configuration";
pub(crate) const SSO_URL: &str =
    "https://acme.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp";

pub(crate) fn temp_home(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("loopio-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Where screenshots go: `E2E_SCREENSHOT_DIR`, else `target/e2e-screenshots`.
pub(crate) fn screenshot_dir() -> PathBuf {
    let dir = std::env::var_os("E2E_SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots")
        });
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub(crate) async fn screenshot(c: &Client, name: &str) {
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

/// Waits (up to 10 s) for the element `css`.
pub(crate) async fn wait_for(c: &Client, css: &str) -> Element {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"))
}

/// Waits for an element and returns its text.
pub(crate) async fn text_of(c: &Client, css: &str) -> String {
    wait_for(c, css).await.text().await.unwrap()
}

/// The attribute `name` of the element `css` (`None` when it is absent).
pub(crate) async fn attr_of(c: &Client, css: &str, name: &str) -> Option<String> {
    wait_for(c, css).await.attr(name).await.unwrap()
}

/// The DOM property `name` of the element `css`, e.g. `checked`.
pub(crate) async fn prop_of(c: &Client, css: &str, name: &str) -> Option<String> {
    wait_for(c, css).await.prop(name).await.unwrap()
}

/// Polls until the element's text satisfies `ok`, or fails with the last text seen.
pub(crate) async fn wait_text(c: &Client, css: &str, ok: impl Fn(&str) -> bool) -> String {
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
pub(crate) async fn scroll_to(c: &Client, id: &str) {
    // Let late updates above the element (the keychain status) settle first.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let script = format!("document.getElementById({id:?}).scrollIntoView({{block: 'start'}})");
    let _ = c.execute(&script, vec![]).await;
}

/// Scrolls `css` to the middle of the window, as an admin would before using it, so that the
/// step's sticky Back/Next bar never covers it when WebDriver acts.
pub(crate) async fn centre(c: &Client, css: &str) {
    let script = format!(
        "const e = document.querySelector({css:?}); if (e) e.scrollIntoView({{block: 'center'}});"
    );
    let _ = c.execute(&script, vec![]).await;
}

pub(crate) async fn click(c: &Client, css: &str) {
    // A redraw between finding the element and clicking it leaves a stale reference (the view
    // draws the step afresh): find it again, a few times, before calling it a failure.
    for attempt in 0..3 {
        let element = wait_for(c, css).await;
        centre(c, css).await;
        match element.click().await {
            Ok(_) => return,
            Err(e) if attempt < 2 && e.to_string().to_lowercase().contains("stale") => {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => panic!("could not click {css}: {e}"),
        }
    }
}

/// The step list's button for the step with this id (stored ids: they never change).
pub(crate) fn step_button(id: &str) -> String {
    format!(".steps li[data-step={id}] button")
}

/// Every step's id, in the order the step list shows them.
pub(crate) async fn step_ids(c: &Client) -> Vec<String> {
    // The list is drawn once the saved progress is loaded: wait for it, never read it empty.
    wait_for(c, ".steps li[data-step]").await;
    let ids = c
        .execute(
            "return [...document.querySelectorAll('.steps li')].map((li) => li.dataset.step);",
            vec![],
        )
        .await
        .expect("read the step list");
    serde_json::from_value(ids).expect("the step ids")
}

/// The number the step list shows for the step with this id (1-based).
pub(crate) async fn step_number(c: &Client, id: &str) -> usize {
    let ids = step_ids(c).await;
    1 + ids
        .iter()
        .position(|s| s == id)
        .unwrap_or_else(|| panic!("no step {id} in {ids:?}"))
}

pub(crate) async fn step_title(c: &Client) -> String {
    text_of(c, "#step-title").await
}

pub(crate) async fn next(c: &Client, expect_title: &str) {
    click(c, r#"[data-action="next"]"#).await;
    wait_text(c, "#step-title", |t| t == expect_title).await;
}

/// The current value of an input.
pub(crate) async fn value_of(c: &Client, css: &str) -> Option<String> {
    prop_of(c, css, "value").await
}

/// A store file as the app writes it: one "default" profile at the instance step.
pub(crate) fn saved_progress(domain: &str) -> String {
    serde_json::json!({
        "profiles": { "default": { "domain": domain, "current_step": "instance" } },
        "active_profile": "default"
    })
    .to_string()
}

pub(crate) async fn type_into(c: &Client, css: &str, text: &str) {
    let input = wait_for(c, css).await;
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
}

/// Presses a key on whatever has focus.
pub(crate) async fn press(c: &Client, key: fantoccini::key::Key) {
    let focused = c.active_element().await.expect("something has focus");
    let key: char = key.into();
    focused
        .send_keys(&key.to_string())
        .await
        .expect("key press");
}

/// Presses Tab until the focused element matches `css` (at most 60 times).
pub(crate) async fn tab_to(c: &Client, css: &str) {
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

/// Ctrl+= pressed `times` times, as an admin zooms in (Tauri's zoom hotkeys, 20 % a press).
pub(crate) async fn zoom_in(c: &Client, times: usize) {
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

pub(crate) async fn js_f64(c: &Client, script: &str) -> f64 {
    c.execute(script, vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap_or_else(|| panic!("{script} gave no number"))
}

/// Scrolls `css` into view and says what covers its centre, if anything does.
pub(crate) async fn covered(c: &Client, css: &str) -> Option<String> {
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
pub(crate) async fn zoomed_click(c: &Client, css: &str, problems: &mut Vec<String>) {
    wait_for(c, css).await;
    if let Some(problem) = covered(c, css).await {
        problems.push(problem);
    }
    c.execute(&format!("document.querySelector({css:?}).click();"), vec![])
        .await
        .unwrap_or_else(|e| panic!("could not activate {css}: {e}"));
}

pub(crate) fn assert_no_file_contains(dir: &std::path::Path, needle: &str) {
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
