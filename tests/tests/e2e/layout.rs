//! Every step at 200 % zoom and in an 800x600 dark window, without sideways scrolling.

#![allow(unused_imports)]

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::{Client, Locator};
use loopio_scim_tests::driver::Driver;

use super::pages::*;

/// Visits all 11 steps as laid out now (zoom, window size, theme), runs the practice connection
/// test on the way, and lists what is wrong: sideways scrolling (WCAG 1.4.10 reflow) or a
/// covered Next/Back button. Screenshots of some steps are named `{shots}-{step id}`.
async fn walk_every_step(c: &Client, shots: &str) -> Vec<String> {
    let titles = [
        "Before you start",
        "Your Loopio instance",
        "Create the SAML app in Okta",
        "Configure SAML",
    ];
    let mut problems = Vec::new();
    let ids = step_ids(c).await;
    for (i, id) in ids.iter().enumerate() {
        let step = i + 1;
        // Reach every step from the step list, as an admin would at this zoom.
        zoomed_click(c, &step_button(id), &mut problems).await;
        if id == "instance" {
            type_into(
                c,
                "#domain",
                "a-very-long-subdomain-name-for-testing.loopio.com",
            )
            .await;
            wait_text(c, "#normalised-domain", |t| !t.is_empty()).await;
        }
        if id == "connection_test" {
            for control in ["#target-practice", "#use-practice-token", "#run-test"] {
                zoomed_click(c, control, &mut problems).await;
            }
            wait_text(c, "#okta-verdict", |t| t.contains(PRACTICE_PASS)).await;
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
        let control = if step < ids.len() {
            r#"[data-action="next"]"#
        } else {
            r#"[data-action="back"]"#
        };
        if let Some(problem) = covered(c, control).await {
            problems.push(format!("step {step}: {problem}"));
        }
        let shown = [
            "instance",
            "configure_saml",
            "connection_test",
            "map_roles",
            "okta_check",
        ];
        if shown.contains(&id.as_str()) {
            c.execute("window.scrollTo(0, 0);", vec![]).await.unwrap();
            screenshot(c, &format!("{shots}-{id}")).await;
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
    click(&c, ".steps li[data-step=connection_test] button").await;
    // The practice tenant again, as chosen on the walk (the panel restores the last target
    // asynchronously; choosing it keeps the run from racing that restore).
    click(&c, "#target-practice").await;
    type_into(&c, "#token", "Bearer wrong-token-0123456789abcdef").await;
    click(&c, "#run-test").await;
    wait_text(&c, "#okta-verdict", |t| t.contains(PRACTICE_FAIL)).await;
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
