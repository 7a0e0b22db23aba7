//! The connection test against servers on loopback: the practice tenant, and a hostile server
//! that answers each failure. Every test checks the classification code and that the token
//! appears in no finding.

use std::sync::atomic::Ordering;
use std::time::Duration;

use loopio_scim::practice::{self, DEFAULT_PRACTICE_TOKEN};
use loopio_scim::probe::{self, Finding, Report, Status, Target, TargetOptions};
use loopio_scim::secret::Secret;
use loopio_scim_tests::hostile::{self, TestPki};

const TOKEN: &str = "lp_scim_test_token_5f2b9c1e7a";

fn secret(token: &str) -> Secret {
    Secret::from_pasted(token).unwrap().0
}

fn target(base: &str) -> Target {
    target_with(TargetOptions {
        base_url: Some(base.into()),
        ..Default::default()
    })
}

fn target_with(mut options: TargetOptions) -> Target {
    options.timeout.get_or_insert(Duration::from_secs(3));
    options.deadline.get_or_insert(Duration::from_secs(8));
    Target::from_options(&options).unwrap()
}

async fn run(target: &Target, token: &str) -> Report {
    let secret = secret(token);
    let mut streamed = Vec::new();
    let report = probe::run(target, &secret, |f| streamed.push(f.clone())).await;
    // Streamed as they arrive; the report then lists them in its fixed order.
    loopio_scim::findings::sort_findings(&mut streamed);
    assert_eq!(
        streamed, report.findings,
        "every finding is streamed, and the report holds the same ones"
    );
    let json = serde_json::to_string(&report).unwrap();
    assert!(
        !json.contains(token),
        "the token leaked into the report: {json}"
    );
    report
}

fn find<'a>(report: &'a Report, check: &str) -> &'a Finding {
    report
        .findings
        .iter()
        .find(|f| f.check == check)
        .unwrap_or_else(|| panic!("no {check} in {:#?}", report.findings))
}

#[tokio::test]
async fn the_practice_tenant_passes_every_check() {
    let tenant = practice::serve(
        "127.0.0.1:0".parse().unwrap(),
        DEFAULT_PRACTICE_TOKEN.into(),
    )
    .await
    .unwrap();
    let report = run(&target(&tenant.base_url), DEFAULT_PRACTICE_TOKEN).await;
    assert_eq!(
        report.okta_connector_test,
        Status::Pass,
        "{:#?}",
        report.findings
    );
    for check in [
        "okta.connector",
        "okta.lookup",
        "okta.groups",
        "auth.enforced",
        "scim.discovery",
        "clock.skew",
    ] {
        assert_eq!(
            find(&report, check).status,
            Status::Pass,
            "{check}: {:#?}",
            find(&report, check)
        );
    }
    assert_eq!(report.verdict, Status::Pass);
    assert!(find(&report, "scim.discovery").detail.contains("filter"));
    tenant.stop();
}

#[tokio::test]
async fn a_wrong_token_is_auth_rejected() {
    let tenant = practice::serve(
        "127.0.0.1:0".parse().unwrap(),
        DEFAULT_PRACTICE_TOKEN.into(),
    )
    .await
    .unwrap();
    let report = run(&target(&tenant.base_url), TOKEN).await;
    assert_eq!(find(&report, "okta.connector").code, "auth.rejected");
    assert!(find(&report, "okta.connector").remedy.contains("one year"));
    assert_eq!(report.okta_connector_test, Status::Fail);
    assert_eq!(report.verdict, Status::Fail);
    // The checks that read the refused answer name the 401, not an empty user list.
    for check in ["okta.lookup_case", "okta.roles_shape"] {
        let f = find(&report, check);
        assert_eq!(f.status, Status::Skip, "{check}");
        assert!(
            f.detail.contains("auth.rejected") && f.detail.contains("401"),
            "{f:?}"
        );
        assert!(!f.detail.contains("no user"), "{f:?}");
    }
    tenant.stop();
}

#[tokio::test]
async fn a_wrong_base_url_is_not_found() {
    let tenant = practice::serve(
        "127.0.0.1:0".parse().unwrap(),
        DEFAULT_PRACTICE_TOKEN.into(),
    )
    .await
    .unwrap();
    let without_v2 = tenant.base_url.trim_end_matches("/v2").to_string();
    let report = run(&target(&without_v2), DEFAULT_PRACTICE_TOKEN).await;
    assert_eq!(find(&report, "okta.connector").code, "endpoint.not_found");
    let trailing = format!("{}/", tenant.base_url);
    let report = run(&target(&trailing), DEFAULT_PRACTICE_TOKEN).await;
    assert_eq!(find(&report, "target").code, "target.trailing_slash");
    tenant.stop();
}

#[tokio::test]
async fn hostile_answers_are_classified() {
    let server = hostile::start().await;
    let cases = [
        ("html", "response.not_json"),
        ("strings", "response.bad_types"),
        ("notscim", "response.not_scim"),
        ("huge", "response.too_large"),
        ("unauthorized", "auth.rejected"),
        ("forbidden", "auth.forbidden"),
        ("error", "http.server_error"),
        ("nowhere", "endpoint.not_found"),
        ("ratelimit-long", "http.rate_limited"),
        ("ratelimit-huge", "http.rate_limited"),
        ("echo-json", "response.bad_types"),
        ("echo", "auth.rejected"),
    ];
    for (behaviour, code) in cases {
        let report = run(&target(&server.base(behaviour)), TOKEN).await;
        let f = find(&report, "okta.connector");
        assert_eq!(f.code, code, "{behaviour}: {f:#?}");
        assert_eq!(f.status, Status::Fail);
        assert!(!f.remedy.is_empty(), "{behaviour} has no remedy");
    }
    let report = run(&target(&server.base("html")), TOKEN).await;
    assert!(find(&report, "okta.connector").detail.contains("text/html"));
}

#[tokio::test]
async fn the_echoed_token_is_redacted_from_what_was_seen() {
    let server = hostile::start().await;
    let report = run(&target(&server.base("echo")), TOKEN).await;
    assert!(find(&report, "okta.connector")
        .detail
        .contains("[redacted]"));
}

#[tokio::test]
async fn a_slow_drip_times_out() {
    let server = hostile::start().await;
    let t = target_with(TargetOptions {
        base_url: Some(server.base("slow")),
        timeout: Some(Duration::from_secs(2)),
        deadline: Some(Duration::from_secs(5)),
        ..Default::default()
    });
    let started = std::time::Instant::now();
    let report = run(&t, TOKEN).await;
    assert_eq!(find(&report, "okta.connector").code, "network.timeout");
    assert!(
        started.elapsed() < Duration::from_secs(7),
        "the deadline held: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_redirect_is_reported_and_never_followed_with_the_token() {
    let server = hostile::start().await;
    let report = run(&target(&server.base("redirect")), TOKEN).await;
    let f = find(&report, "okta.connector");
    assert_eq!(f.code, "http.redirect");
    assert!(f.detail.contains("another host"), "{}", f.detail);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        server.elsewhere_seen.requests.load(Ordering::SeqCst),
        0,
        "the redirect was followed"
    );
    assert!(server
        .elsewhere_seen
        .authorization
        .lock()
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn retry_after_is_honoured_once() {
    let server = hostile::start().await;
    let t = target(&server.base("ratelimit"));
    let secret = secret(TOKEN);
    let report = probe::run(&t, &secret, |_| {}).await;
    // Exactly one of the concurrent requests met the 429; it waited a second and then passed.
    let failed: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == "http.rate_limited")
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
    assert_eq!(find(&report, "okta.connector").status, Status::Pass);
}

#[tokio::test]
async fn refused_and_dns_failures() {
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let report = run(&target(&format!("http://127.0.0.1:{port}/scim/v2")), TOKEN).await;
    assert_eq!(find(&report, "okta.connector").code, "network.refused");
    // .invalid never resolves (RFC 2606); the lookup fails locally, no traffic leaves.
    let report = run(&target("https://scim.nonexistent.invalid/scim/v2"), TOKEN).await;
    assert_eq!(find(&report, "okta.connector").code, "network.dns");
    // Nothing answered: no verdict on Okta's test, which runs from Okta's cloud.
    assert_eq!(report.okta_connector_test, Status::Skip);
    let headline = report.headline_text();
    assert!(
        headline.contains("This computer could not reach"),
        "{headline}"
    );
    assert!(headline.contains("may still pass"), "{headline}");
    // A custom host may be misspelt: its remedy still says so.
    assert!(find(&report, "okta.connector").remedy.contains("spelling"));
}

#[tokio::test]
async fn a_failure_on_the_way_to_loopio_never_blames_the_url() {
    // Loopio's own host, sent to port 443 of this computer, where nothing listens: refused, as
    // by a firewall.
    let report = run(
        &target_with(TargetOptions {
            environment: Some(loopio_scim::setup::Environment::Production),
            resolve: vec!["api.loopio.com:443:127.0.0.1".into()],
            ..Default::default()
        }),
        TOKEN,
    )
    .await;
    let connector = find(&report, "okta.connector");
    assert!(connector.code.starts_with("network."), "{connector:#?}");
    assert_eq!(report.okta_connector_test, Status::Skip);
    for f in &report.findings {
        assert!(!f.remedy.contains("spelling"), "{f:#?}");
        assert!(!f.remedy.contains("Check the URL"), "{f:#?}");
    }
    assert!(connector.remedy.contains("this computer"), "{connector:#?}");
    assert!(!report.headline_text().contains("will fail"));
}

async fn tls_case(pki: &TestPki, cert_host: &str, expired: bool, trust: bool) -> Report {
    let (cert, key) = pki.leaf(cert_host, expired);
    let addr = hostile::tls_server(cert, key).await;
    let dir = std::env::temp_dir().join(format!(
        "loopio-probe-ca-{}-{}",
        std::process::id(),
        addr.port()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, &pki.ca_pem).unwrap();
    let t = target_with(TargetOptions {
        base_url: Some(format!("https://scim.test:{}/scim/v2", addr.port())),
        resolve: vec![format!("scim.test:{}:127.0.0.1", addr.port())],
        ca_file: trust.then_some(ca_file),
        ..Default::default()
    });
    run(&t, TOKEN).await
}

#[tokio::test]
async fn tls_is_verified_and_failures_are_classified() {
    let pki = TestPki::new();
    let trusted = tls_case(&pki, "scim.test", false, true).await;
    assert_eq!(
        find(&trusted, "okta.connector").status,
        Status::Pass,
        "{:#?}",
        trusted.findings
    );
    assert_eq!(find(&trusted, "target").code, "target.custom_host");

    let untrusted = tls_case(&pki, "scim.test", false, false).await;
    assert_eq!(
        find(&untrusted, "okta.connector").code,
        "tls.untrusted",
        "{:#?}",
        find(&untrusted, "okta.connector")
    );
    let expired = tls_case(&pki, "scim.test", true, true).await;
    assert_eq!(
        find(&expired, "okta.connector").code,
        "tls.expired",
        "{:#?}",
        find(&expired, "okta.connector")
    );
    let wrong_host = tls_case(&pki, "other.test", false, true).await;
    assert_eq!(find(&wrong_host, "okta.connector").code, "tls.hostname");
}

#[tokio::test]
async fn checks_run_concurrently() {
    // Five checks against a server that answers in about a second each: concurrently, the whole
    // test takes about as long as one; one after another it would take five.
    let server = hostile::start().await;
    let t = target(&server.base("slow"));
    let t = Target {
        timeout: Duration::from_millis(1500),
        deadline: Duration::from_secs(6),
        ..t
    };
    let started = std::time::Instant::now();
    let _ = probe::run(&t, &secret(TOKEN), |_| {}).await;
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "took {:?}",
        started.elapsed()
    );
}
