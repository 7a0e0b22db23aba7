//! `reconcile` at scale: 10,000 users assigned in Okta and 10,000 in Loopio, every answer 200 ms
//! late (loopback, so the network adds nothing else). Okta's app users come 500 a page through the
//! cursor (20 pages, one after another); Loopio's 100 a page, 4 in flight (100 pages).
//!
//! Run: `cargo bench -p loopio-scim-tests --bench reconcile_scale`. It measures three runs, each
//! in a child process of its own (so its peak memory is the reconciliation's, not the fake
//! servers'): the Okta chain alone (10,000 app users, 1 Loopio user), the Loopio chain alone (no
//! app user, 10,000 Loopio users), and the whole. It prints the medians, the ratio of the whole to
//! the longer chain (target: at most 1.2x) and each child's peak resident memory (`VmHWM`,
//! target: under 150 MB). A measurement, not a test: nothing is asserted beyond the runs having
//! read every user.

use std::process::Command;
use std::time::{Duration, Instant};

use loopio_scim::okta::{self, AppSelector, Credentials, OktaOrg};
use loopio_scim::probe::{Target, TargetOptions};
use loopio_scim::reconcile::{self, Request};
use loopio_scim::secret::Secret;
use loopio_scim_tests::fake_okta::people::assigned;
use loopio_scim_tests::fake_okta::{self, OrgData, APP_ID, TOKEN};
use loopio_scim_tests::fake_scim::{self, ScimData};
use serde_json::{json, Value};

const USERS: usize = 10_000;
const LATENCY: Duration = Duration::from_millis(200);
const ROUNDS: usize = 3;
const CHILD: &str = "RECONCILE_SCALE_CHILD";

fn median(mut v: Vec<u64>) -> u64 {
    v.sort_unstable();
    v[v.len() / 2]
}

/// The child: one reconciliation of `okta_url` and `scim_url`, then `elapsed_ms users peak_kb`.
async fn child(okta_url: &str, scim_url: &str) {
    let org = OktaOrg::parse(okta_url).unwrap();
    let okta_target = okta::target(&org, &[], None, None).unwrap();
    let scim_target = Target::from_options(&TargetOptions {
        base_url: Some(scim_url.to_string()),
        ..Default::default()
    })
    .unwrap();
    let okta_secret = okta::token_from_pasted(TOKEN).unwrap().0;
    let scim_secret = Secret::from_pasted(fake_scim::TOKEN).unwrap().0;
    let request = Request {
        okta_target: &okta_target,
        credentials: Credentials::ApiToken(&okta_secret),
        app: &AppSelector::id(APP_ID).unwrap(),
        scim_target: &scim_target,
        scim_secret: &scim_secret,
        since: Duration::from_secs(30 * 86_400),
        users: &[],
        limit_users: None,
    };
    let started = Instant::now();
    let r = reconcile::reconcile(&request).await;
    let elapsed = started.elapsed().as_millis();
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak_kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    println!("{elapsed} {} {peak_kb}", r.users.len());
}

fn okta_data(users: usize) -> OrgData {
    let mut data = OrgData::correct();
    data.latency = LATENCY;
    data.page_size = 500;
    *data.users_mut() = (0..users)
        .map(|i| {
            assigned(
                &format!("00u{i:07}"),
                &format!("user{i}@acme.example"),
                &format!("L{i}"),
                &["Admin"],
            )
        })
        .collect();
    data
}

fn scim_data(users: usize) -> ScimData {
    let users: Vec<Value> = (0..users)
        .map(|i| {
            fake_scim::user(
                &format!("L{i}"),
                &format!("user{i}@acme.example"),
                true,
                json!(["Admin"]),
            )
        })
        .collect();
    ScimData {
        users,
        latency: LATENCY,
        ..Default::default()
    }
}

/// Runs the child against the two URLs: (elapsed ms, users, peak kB).
fn run_child(okta_url: &str, scim_url: &str) -> (u64, u64, u64) {
    let exe = std::env::current_exe().unwrap();
    let out = Command::new(exe)
        .env(CHILD, format!("{okta_url} {scim_url}"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().last().unwrap_or_default().to_string();
    let n: Vec<u64> = line.split(' ').filter_map(|s| s.parse().ok()).collect();
    assert_eq!(
        n.len(),
        3,
        "child said {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (n[0], n[1], n[2])
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    if let Ok(urls) = std::env::var(CHILD) {
        let (okta_url, scim_url) = urls.split_once(' ').unwrap();
        rt.block_on(child(okta_url, scim_url));
        return;
    }
    let (okta_full, okta_none, scim_full, scim_one) = rt.block_on(async {
        (
            fake_okta::start(okta_data(USERS)).await.url,
            fake_okta::start(okta_data(0)).await.url,
            fake_scim::start(scim_data(USERS)).await.base_url,
            fake_scim::start(scim_data(1)).await.base_url,
        )
    });
    let runs = [
        ("Okta chain alone (10,000 app users)", &okta_full, &scim_one),
        (
            "Loopio chain alone (10,000 SCIM users)",
            &okta_none,
            &scim_full,
        ),
        ("whole reconciliation (10,000 each)", &okta_full, &scim_full),
    ];
    let mut medians = Vec::new();
    for (what, okta_url, scim_url) in runs {
        let mut times = Vec::new();
        let mut peaks = Vec::new();
        let mut users = 0;
        for _ in 0..ROUNDS {
            let (ms, n, kb) = run_child(okta_url, scim_url);
            times.push(ms);
            peaks.push(kb);
            users = n;
        }
        let (ms, kb) = (median(times), peaks.into_iter().max().unwrap_or(0));
        println!(
            "{what}: median {ms} ms, {users} users, peak memory {:.1} MB",
            kb as f64 / 1024.0
        );
        medians.push(ms);
    }
    let longer = medians[0].max(medians[1]);
    println!(
        "whole / longer chain: {:.2}x (target at most 1.2x)",
        medians[2] as f64 / longer as f64
    );
}
