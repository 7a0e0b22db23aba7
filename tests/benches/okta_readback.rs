//! How much the whole Okta read-back by label costs against one bare request, on a fake Okta
//! that waits 200 ms before every answer (loopback, so the network adds nothing else).
//!
//! Run: `cargo bench -p loopio-scim-tests --bench okta_readback`. It prints the medians of each
//! and their ratio; the target is at most 3.5x (the chain is: find the app by label, then the
//! schema, group assignments, signing keys, assigned users and IdP metadata at once). Nothing
//! here is asserted beyond the read-back having run: it is a measurement, not a test.

use std::time::{Duration, Instant};

use loopio_scim::findings::Status;
use loopio_scim::okta::{self, AppSelector, Expected, OktaOrg};
use loopio_scim::setup::{Environment, InstanceDomain};
use loopio_scim_tests::fake_okta::{self, OrgData, APP_ID, APP_LABEL, DOMAIN, ROLES, TOKEN};

const LATENCY: Duration = Duration::from_millis(200);
const ROUNDS: usize = 9;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let mut data = OrgData::correct();
    data.latency = LATENCY;
    let fake = fake_okta::start(data).await;
    let org = OktaOrg::parse(&fake.url).unwrap();
    let target = okta::target(&org, &[], None, None).unwrap();
    let (secret, _) = okta::token_from_pasted(TOKEN).unwrap();
    let selector = AppSelector::label(APP_LABEL).unwrap();
    let expected = Expected {
        domain: InstanceDomain::parse(DOMAIN).unwrap(),
        environment: Environment::Production,
        known_roles: ROLES.iter().map(|r| r.to_string()).collect(),
        seen_roles: ROLES.iter().map(|r| r.to_string()).collect(),
        deactivate_users: None,
        roles_plan: None,
    };

    let mut bare = Vec::new();
    let mut whole = Vec::new();
    let mut requests = 0;
    for _ in 0..ROUNDS {
        // The baseline: one GET of the app by id, on a fresh client (as a one-off curl).
        let client = reqwest::Client::builder().build().unwrap();
        let started = Instant::now();
        let response = client
            .get(format!("{}/api/v1/apps/{APP_ID}", fake.url))
            .header("Authorization", format!("SSWS {TOKEN}"))
            .send()
            .await
            .unwrap();
        let _ = response.bytes().await.unwrap();
        bare.push(started.elapsed());

        let before = fake.requests().len();
        let started = Instant::now();
        let report = okta::verify(&target, &secret, &selector, &expected).await;
        whole.push(started.elapsed());
        requests = fake.requests().len() - before;
        assert_eq!(report.verdict, Status::Pass, "{:#?}", report.findings);
    }
    let (bare, whole) = (median(bare), median(whole));
    println!(
        "server latency per request: {} ms, {ROUNDS} rounds, medians:",
        LATENCY.as_millis()
    );
    println!(
        "  one bare GET /api/v1/apps/{{id}}:  {:>7.1} ms",
        bare.as_secs_f64() * 1e3
    );
    println!(
        "  whole read-back by label ({requests} requests): {:>7.1} ms",
        whole.as_secs_f64() * 1e3
    );
    println!(
        "  ratio whole/bare:                 {:>7.2}x (target <= 3.5x)",
        whole.as_secs_f64() / bare.as_secs_f64()
    );
}
