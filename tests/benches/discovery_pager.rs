//! Role discovery over 10,000 users on a server that takes 200 ms per page (loopback, so the
//! network adds nothing else): the pager as shipped (a few pages in flight) against the plain
//! sequential pager, in one run. The target is at most 0.3x.
//!
//! Run: `cargo bench -p loopio-scim-tests --bench discovery_pager`. It prints each time and the
//! ratio. Nothing is asserted: it is a measurement, not a test.

use std::time::{Duration, Instant};

use loopio_scim::probe::roles::{discover_paced, IN_FLIGHT, MAX_PAGES, PAGE_SIZE};
use loopio_scim::probe::{Target, TargetOptions};
use loopio_scim::secret::Secret;

const USERS: u64 = 10_000;
const LATENCY: Duration = Duration::from_millis(200);
const ROUNDS: usize = 2;

#[tokio::main]
async fn main() {
    let (base, _seen) = loopio_scim_tests::paced::serve(USERS, LATENCY, None).await;
    let target = Target::from_options(&TargetOptions {
        base_url: Some(base),
        timeout: Some(Duration::from_secs(60)),
        ..Default::default()
    })
    .unwrap();
    let (secret, _) = Secret::from_pasted("bench-token-0123456789abcdef").unwrap();
    let time = |in_flight: usize| {
        let (target, secret) = (&target, &secret);
        async move {
            let started = Instant::now();
            let found = discover_paced(target, secret, PAGE_SIZE, MAX_PAGES, in_flight, |_| {})
                .await
                .expect("discovery against the loopback server");
            assert_eq!(found.users_seen, USERS);
            started.elapsed()
        }
    };
    let mut best = (Duration::MAX, Duration::MAX);
    for _ in 0..ROUNDS {
        best.0 = best.0.min(time(1).await);
        best.1 = best.1.min(time(IN_FLIGHT).await);
    }
    let (sequential, paced) = best;
    println!(
        "role discovery, {USERS} users, {} per page, {} ms per page (best of {ROUNDS}):",
        PAGE_SIZE,
        LATENCY.as_millis()
    );
    println!(
        "  sequential pager:        {:>8.1} ms",
        sequential.as_secs_f64() * 1e3
    );
    println!(
        "  {IN_FLIGHT} pages in flight:      {:>8.1} ms",
        paced.as_secs_f64() * 1e3
    );
    println!(
        "  ratio: {:.2}x (target at most 0.3x)",
        paced.as_secs_f64() / sequential.as_secs_f64()
    );
}
