//! How much the whole connection test costs against its floor, on a server that adds 200 ms of
//! latency to every answer (loopback, so the network adds nothing else). The server lists one
//! user, so the test makes its dependent request too: the lookup of that user in another letter
//! case, which can only be sent once Okta's own request has answered. The floor is therefore two
//! round trips: two bare requests one after the other.
//!
//! Run: `cargo bench -p loopio-scim-tests --bench check_latency` (or scripts/bench-check.sh).
//! It prints the medians and the ratio to the floor; the target is at most 1.25x. Nothing here
//! is asserted: it is a measurement, not a test.

use std::time::{Duration, Instant};

use axum::http::header;
use axum::response::IntoResponse;
use axum::Router;
use loopio_scim::probe::{self, Target, TargetOptions};
use loopio_scim::secret::Secret;

const LATENCY: Duration = Duration::from_millis(200);
const ROUNDS: usize = 15;
const LIST: &str = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,"startIndex":1,"itemsPerPage":1,"Resources":[{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1001","userName":"ada@acme.example","active":true,"roles":["Admin"]}]}"#;

async fn slow_scim() -> impl IntoResponse {
    tokio::time::sleep(LATENCY).await;
    ([(header::CONTENT_TYPE, "application/scim+json")], LIST)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, Router::new().fallback(slow_scim)).await;
    });
    let base = format!("http://{addr}/scim/v2");
    let target = Target::from_options(&TargetOptions {
        base_url: Some(base.clone()),
        ..Default::default()
    })
    .unwrap();
    let (secret, _) = Secret::from_pasted("bench-token-0123456789abcdef").unwrap();

    // The floor: two GETs one after the other (Okta's request, then the dependent lookup), on a
    // fresh client (as two curl commands in a row would be, on one connection).
    let mut bare = Vec::new();
    let mut whole = Vec::new();
    for _ in 0..ROUNDS {
        let client = reqwest::Client::builder().build().unwrap();
        let started = Instant::now();
        for _ in 0..2 {
            let response = client
                .get(format!("{base}/Users?startIndex=1&count=2"))
                .bearer_auth("bench-token-0123456789abcdef")
                .send()
                .await
                .unwrap();
            let _ = response.bytes().await.unwrap();
        }
        bare.push(started.elapsed());

        let started = Instant::now();
        let report = probe::run(&target, &secret, |_| {}).await;
        whole.push(started.elapsed());
        assert!(report.findings.len() >= 6, "the check ran fully");
        let case = report
            .findings
            .iter()
            .find(|f| f.check == "okta.lookup_case");
        assert!(
            case.is_some_and(|f| f.status != loopio_scim::findings::Status::Skip),
            "the dependent lookup in another case was made: {case:?}"
        );
    }
    let (bare, whole) = (median(bare), median(whole));
    println!(
        "server latency per request: {} ms, {ROUNDS} rounds, medians:",
        LATENCY.as_millis()
    );
    println!(
        "  floor, two bare GETs in a row:{:>7.1} ms",
        bare.as_secs_f64() * 1e3
    );
    println!(
        "  whole check (8 requests):     {:>7.1} ms",
        whole.as_secs_f64() * 1e3
    );
    println!(
        "  ratio whole/floor:            {:>7.2}x (target <= 1.25x)",
        whole.as_secs_f64() / bare.as_secs_f64()
    );
}
