//! What cannot be read: an unknown app, wrong tokens on either side, a System Log the token may
//! not read, an org or SCIM server that stops answering mid-way, a page that repeats, a user
//! listed twice. Each gets its code and remedy; what was read is still reported.

use super::*;

#[tokio::test]
async fn an_unknown_app_is_named_and_loopio_is_still_listed() {
    let (okta, scim) = every_state();
    let w = world(okta, scim).await;
    let app = AppSelector::id("0oa0nosuchapp0000000").unwrap();
    let r = run(
        &w,
        Options {
            app,
            ..Default::default()
        },
    )
    .await;
    let p = problem(&r, "okta.app.not_found");
    assert_eq!(p.status, Status::Fail);
    assert!(!p.remedy.is_empty());
    assert_eq!(r.verdict, Status::Fail);
    assert_eq!(
        r.counts["user.unchecked"], 7,
        "Loopio's side alone: {:#?}",
        r.users
    );
}

#[tokio::test]
async fn wrong_tokens_on_either_side() {
    let (okta, scim) = every_state();
    let w = world(okta, scim).await;
    let wrong = "00WrongOkta-apiToken_000000000000000000";
    let r = run(
        &w,
        Options {
            okta_token: wrong,
            ..Default::default()
        },
    )
    .await;
    assert_eq!(problem(&r, "okta.auth.rejected").part, "okta");
    assert_eq!(r.verdict, Status::Fail);
    let wrong = "wrong-loopio-scim-token-0000000000";
    let r = run(
        &w,
        Options {
            scim_token: wrong,
            ..Default::default()
        },
    )
    .await;
    let p = problem(&r, "auth.rejected");
    assert_eq!(p.part, "loopio");
    assert!(p.remedy.contains("Loopio"), "{}", p.remedy);
    // Okta's side is still read: the failed pushes stand, the rest is unchecked.
    assert_eq!(
        state(&r, &at("clash")),
        ("user.push_failed", Some("push.conflict"))
    );
    assert_eq!(state(&r, &at("sync")).0, "user.unchecked");
    assert!(r.truncated);
}

#[tokio::test]
async fn a_system_log_the_token_may_not_read_names_its_scope() {
    let (mut okta, scim) = every_state();
    okta.forbidden = vec!["/api/v1/logs".into()];
    let w = world(okta, scim).await;
    let r = run(&w, Options::default()).await;
    let p = problem(&r, "okta.auth.forbidden");
    assert_eq!((p.part.as_str(), p.status), ("okta_log", Status::Warn));
    assert!(p.remedy.contains("okta.logs.read"), "{}", p.remedy);
    // syncState still names the failures, without a cause from the log.
    assert_eq!(
        state(&r, &at("auth")),
        ("user.push_failed", Some("push.other"))
    );
    assert_eq!(state(&r, &at("sync")), ("user.in_sync", None));
    assert!(r.truncated);
}

#[tokio::test]
async fn app_users_the_token_may_not_read_name_their_scope() {
    let (mut okta, scim) = every_state();
    okta.forbidden = vec![format!("/api/v1/apps/{APP_ID}/users")];
    let w = world(okta, scim).await;
    let r = run(&w, Options::default()).await;
    let p = problem(&r, "okta.auth.forbidden");
    assert!(p.remedy.contains("okta.apps.read"), "{}", p.remedy);
    assert_eq!(r.counts["user.unchecked"], 7);
}

fn paged_okta() -> OrgData {
    let mut okta = OrgData::correct();
    okta.page_size = 2;
    *okta.users_mut() = (0..5)
        .map(|i| {
            assigned(
                &format!("00u{i}"),
                &format!("u{i}@acme.example"),
                &format!("L{i}"),
                &["Admin"],
            )
        })
        .collect();
    okta
}

fn paged_scim() -> ScimData {
    ScimData {
        users: (0..5)
            .map(|i| {
                fake_scim::user(
                    &format!("L{i}"),
                    &format!("u{i}@acme.example"),
                    true,
                    json!(["Admin"]),
                )
            })
            .collect(),
        max_count: 2,
        ..Default::default()
    }
}

#[tokio::test]
async fn an_org_that_stops_answering_mid_way_keeps_the_first_pages() {
    let mut okta = paged_okta();
    okta.people.stall_after_first = true;
    let w = world(okta, paged_scim()).await;
    let timeout = Duration::from_secs(1);
    let r = run(
        &w,
        Options {
            timeout,
            ..Default::default()
        },
    )
    .await;
    assert_eq!(problem(&r, "network.timeout").part, "okta");
    assert!(r.truncated);
    assert_eq!(
        r.counts["user.in_sync"], 2,
        "the first page: {:#?}",
        r.users
    );
}

#[tokio::test]
async fn a_scim_server_that_stops_answering_mid_way_keeps_the_first_page() {
    let mut scim = paged_scim();
    scim.stall_after_first = true;
    let w = world(paged_okta(), scim).await;
    let timeout = Duration::from_secs(1);
    let r = run(
        &w,
        Options {
            timeout,
            ..Default::default()
        },
    )
    .await;
    assert_eq!(problem(&r, "network.timeout").part, "loopio");
    assert!(r.truncated);
    assert_eq!(r.counts["user.in_sync"], 2);
    assert_eq!(
        r.counts["user.missing_in_loopio"], 0,
        "not claimed from a partial read"
    );
    assert_eq!(r.counts["user.unchecked"], 3);
}

#[tokio::test]
async fn pages_that_repeat_stop_the_read_on_either_side() {
    let mut okta = paged_okta();
    okta.people.ignore_cursor = true;
    let mut scim = paged_scim();
    scim.ignore_start_index = true;
    let w = world(okta, scim).await;
    let r = run(&w, Options::default()).await;
    let parts: Vec<&str> = r
        .problems
        .iter()
        .filter(|p| p.code == "reconcile.page_repeated")
        .map(|p| p.part.as_str())
        .collect();
    assert_eq!(parts.len(), 2, "{:#?}", r.problems);
    assert!(parts.contains(&"okta") && parts.contains(&"loopio"));
    assert!(r.truncated);
    let okta_pages = w
        .okta
        .requests()
        .iter()
        .filter(|s| s.path_and_query.contains("/users?"))
        .count();
    assert_eq!(okta_pages, 2, "stopped at the first repeat");
}

#[tokio::test]
async fn a_user_listed_twice_counts_once() {
    let mut okta = paged_okta();
    let twice = okta.users_mut()[0].clone();
    okta.users_mut().push(twice);
    let mut scim = paged_scim();
    let again = scim.users[1].clone();
    scim.users.push(again);
    let w = world(okta, scim).await;
    let r = run(&w, Options::default()).await;
    let parts: Vec<&str> = r
        .problems
        .iter()
        .filter(|p| p.code == "reconcile.duplicate_user")
        .map(|p| p.part.as_str())
        .collect();
    assert_eq!(parts, ["okta", "loopio"], "{:#?}", r.problems);
    assert_eq!(r.counts["user.in_sync"], 5);
    assert_eq!(r.users.len(), 5);
}

#[tokio::test]
async fn limit_users_reads_the_first_and_says_so() {
    let w = world(paged_okta(), paged_scim()).await;
    let r = run(
        &w,
        Options {
            limit: Some(3),
            ..Default::default()
        },
    )
    .await;
    assert!(r.truncated);
    assert!(
        r.problems.iter().any(|p| p.code == "reconcile.page_limit"),
        "{:#?}",
        r.problems
    );
    assert_eq!(r.counts["user.in_sync"], 3, "{:#?}", r.users);
}
