//! Role discovery against the practice tenant: both role shapes, several pages, bounds.

use std::time::Duration;

use loopio_scim::practice::{self, DEFAULT_PRACTICE_TOKEN};
use loopio_scim::probe::roles::discover;
use loopio_scim::probe::{Target, TargetOptions};
use loopio_scim::secret::Secret;
use loopio_scim::setup::roles::{check_role, normalise_catalog};

async fn tenant_target() -> (practice::Running, Target) {
    let tenant = practice::serve(
        "127.0.0.1:0".parse().unwrap(),
        DEFAULT_PRACTICE_TOKEN.into(),
    )
    .await
    .unwrap();
    let target = Target::from_options(&TargetOptions {
        base_url: Some(tenant.base_url.clone()),
        timeout: Some(Duration::from_secs(3)),
        ..Default::default()
    })
    .unwrap();
    (tenant, target)
}

#[tokio::test]
async fn discovery_pages_through_users_and_reads_both_role_shapes() {
    let (tenant, target) = tenant_target().await;
    let (secret, _) = Secret::from_pasted(DEFAULT_PRACTICE_TOKEN).unwrap();
    let mut progress = Vec::new();
    let found = discover(&target, &secret, 2, 100, |p| progress.push(p))
        .await
        .unwrap();
    assert!(found.complete);
    assert_eq!(found.pages, 4, "7 users, 2 per page");
    assert_eq!(found.users_seen, 7);
    assert_eq!(
        progress.iter().map(|p| p.users_seen).collect::<Vec<_>>(),
        [2, 4, 6, 7]
    );
    let names: Vec<(&str, u64)> = found
        .roles
        .iter()
        .map(|r| (r.name.as_str(), r.users))
        .collect();
    // "Contributor" is only in the RFC 7643 object form.
    assert_eq!(names, [("Admin", 2), ("Contributor", 1), ("Reviewer", 2)]);

    let known = normalise_catalog(found.roles.into_iter().map(|r| r.name));
    let check = check_role("admin", &known);
    assert_eq!(check.code, "role.near_miss");
    assert_eq!(check.suggestion.as_deref(), Some("Admin"));
    tenant.stop();
}

#[tokio::test]
async fn discovery_stops_at_the_page_limit_and_says_so() {
    let (tenant, target) = tenant_target().await;
    let (secret, _) = Secret::from_pasted(DEFAULT_PRACTICE_TOKEN).unwrap();
    let found = discover(&target, &secret, 2, 1, |_| {}).await.unwrap();
    assert!(!found.complete);
    assert_eq!(found.users_seen, 2);
    assert_eq!(found.total_users, 7);
    tenant.stop();
}

#[tokio::test]
async fn discovery_with_a_wrong_token_is_refused_with_a_remedy() {
    let (tenant, target) = tenant_target().await;
    let (secret, _) = Secret::from_pasted("wrong-token-0123456789abcdef").unwrap();
    let err = discover(&target, &secret, 100, 10, |_| {})
        .await
        .unwrap_err();
    assert_eq!(err.code, "auth.rejected");
    assert!(!err.detail.contains("wrong-token-0123456789abcdef"));
    tenant.stop();
}

fn paced_target(base_url: String) -> Target {
    Target::from_options(&TargetOptions {
        base_url: Some(base_url),
        timeout: Some(Duration::from_secs(10)),
        ..Default::default()
    })
    .unwrap()
}

#[tokio::test]
async fn discovery_keeps_a_few_pages_in_flight_and_reads_every_user_once() {
    use std::sync::atomic::Ordering;
    let (base, seen) =
        loopio_scim_tests::paced::serve(1_000, Duration::from_millis(50), None).await;
    let target = paced_target(base);
    let (secret, _) = Secret::from_pasted(DEFAULT_PRACTICE_TOKEN).unwrap();
    let mut progress = Vec::new();
    let found = discover(&target, &secret, 100, 100, |p| progress.push(p.users_seen))
        .await
        .unwrap();
    assert!(found.complete);
    assert_eq!((found.users_seen, found.pages), (1_000, 10));
    assert_eq!(seen.requests.load(Ordering::SeqCst), 10, "no page twice");
    let most = seen.most.load(Ordering::SeqCst);
    assert!(
        most > 1 && most <= loopio_scim::probe::roles::IN_FLIGHT,
        "{most} requests were in flight at once"
    );
    assert!(progress.windows(2).all(|w| w[0] < w[1]), "{progress:?}");
    let names: Vec<(&str, u64)> = found
        .roles
        .iter()
        .map(|r| (r.name.as_str(), r.users))
        .collect();
    assert_eq!(names, [("Admin", 500), ("Reviewer", 500)]);
}

#[tokio::test]
async fn discovery_waits_out_a_429_and_still_reads_every_user() {
    use std::sync::atomic::Ordering;
    let (base, seen) =
        loopio_scim_tests::paced::serve(500, Duration::from_millis(10), Some(201)).await;
    let target = paced_target(base);
    let (secret, _) = Secret::from_pasted(DEFAULT_PRACTICE_TOKEN).unwrap();
    let found = discover(&target, &secret, 100, 100, |_| {}).await.unwrap();
    assert!(seen.slowed_down.load(Ordering::SeqCst));
    assert!(found.complete);
    assert_eq!(found.users_seen, 500);
    assert_eq!(
        seen.requests.load(Ordering::SeqCst),
        6,
        "five pages and one retry"
    );
}
