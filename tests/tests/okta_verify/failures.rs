//! Apps that are not there or not SAML, Okta's failures, and where the token goes.

use super::*;

#[tokio::test]
async fn the_app_that_is_not_there_or_not_one_is_named() {
    let (r, _) = verify_with(
        OrgData::correct(),
        AppSelector::label("Loopio Prod").unwrap(),
        expected(),
        TOKEN,
    )
    .await;
    let f = found(&r, "okta.app.not_found");
    assert_eq!(f.status, Status::Fail);
    assert!(
        f.detail.contains("Loopio Sandbox") && f.detail.contains(APP_ID),
        "{}",
        f.detail
    );
    assert!(
        !f.detail.contains("Loopio Help"),
        "a bookmark app is not similar: {}",
        f.detail
    );
    assert!(r.app.is_none());

    let (r, _) = verify_with(
        OrgData::correct(),
        AppSelector::id("0oaNoSuchApp000000000").unwrap(),
        expected(),
        TOKEN,
    )
    .await;
    assert_eq!(status(&r, "okta.app.not_found"), Status::Fail);

    let mut data = OrgData::correct();
    let mut twin = fake_okta::saml_app("0oa7twin000000000000", "acmeorg_loopio_2", "Loopio");
    twin["created"] = json!("2025-06-01T00:00:00.000Z");
    data.apps.push(twin);
    let r = verify(data).await;
    let f = found(&r, "okta.app.ambiguous");
    assert_eq!(f.status, Status::Fail);
    assert!(
        f.detail.contains(APP_ID)
            && f.detail.contains("0oa7twin000000000000")
            && f.detail.contains("2025-06-01"),
        "{}",
        f.detail
    );

    let (r, _) = verify_with(
        OrgData::correct(),
        AppSelector::id("0oa9bookmark0000000x").unwrap(),
        expected(),
        TOKEN,
    )
    .await;
    assert_eq!(status(&r, "okta.app.not_saml"), Status::Fail);
    assert_eq!(r.findings.len(), 1);

    let r = planted(
        |d| d.app_mut()["status"] = json!("INACTIVE"),
        "okta.app.inactive",
        Status::Fail,
    )
    .await;
    assert_eq!(
        status(&r, "okta.saml.sso_url"),
        Status::Pass,
        "the rest is still checked"
    );
}

#[tokio::test]
async fn okta_failures_are_classified() {
    // A wrong token: 401, and neither token appears anywhere.
    let wrong = "00WrongToken-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let (r, _) = verify_with(
        OrgData::correct(),
        by_label(),
        expected(),
        &format!("SSWS {wrong}"),
    )
    .await;
    let f = found(&r, "okta.auth.rejected");
    assert!(f.detail.contains("E0000011"), "{}", f.detail);
    assert!(!serde_json::to_string(&r).unwrap().contains(wrong));

    // No right to read the schema: named with its scope, and every other check still runs.
    let mut data = OrgData::correct();
    data.forbidden = vec!["/api/v1/meta/schemas".into()];
    let r = verify(data).await;
    let f = found(&r, "okta.auth.forbidden");
    assert!(f.remedy.contains("okta.schemas.read"), "{}", f.remedy);
    assert_eq!(status(&r, "okta.saml.sso_url"), Status::Pass);
    assert_eq!(status(&r, "okta.cert.expiry"), Status::Pass);
    assert_eq!(status(&r, "okta.roles.value"), Status::Skip);

    // A rate limit that resets in a second is waited out; one an hour away is reported.
    let mut data = OrgData::correct();
    data.rate_limited_once = vec!["/api/v1/apps".into()];
    let (r, fake) = verify_with(data, by_label(), expected(), TOKEN).await;
    assert_eq!(r.verdict, Status::Pass, "{:#?}", r.findings);
    assert_eq!(fake.requests().len(), 9);
    let mut data = OrgData::correct();
    data.rate_limited = vec!["/api/v1/apps".into()];
    let r = verify(data).await;
    let f = found(&r, "okta.rate_limited");
    assert!(f.detail.contains("resets at"), "{}", f.detail);

    // A sign-in page instead of the API.
    let mut data = OrgData::correct();
    data.html = true;
    let r = verify(data).await;
    assert_eq!(status(&r, "okta.response.not_json"), Status::Fail);

    // Nothing listening.
    let org = OktaOrg::parse("http://127.0.0.1:9").unwrap();
    let target = okta::target(&org, &[], None, None).unwrap();
    let r = okta::verify(&target, &secret(TOKEN), &by_label(), &expected()).await;
    assert_eq!(r.findings[0].code, "network.refused", "{:#?}", r.findings);
}

#[tokio::test]
async fn the_token_goes_nowhere_but_the_org_and_is_never_echoed() {
    // A next page on another host is not followed: that host never sees the token.
    let elsewhere = fake_okta::start(OrgData::correct()).await;
    let mut data = OrgData::correct();
    data.page_size = 1;
    data.link_origin = Some(elsewhere.url.clone());
    let r = verify(data).await;
    assert_eq!(status(&r, "okta.response.foreign_link"), Status::Fail);
    assert!(elsewhere.requests().is_empty());

    // Okta text that contains the token is redacted wherever it shows.
    let mut data = OrgData::correct();
    data.app_mut()["settings"]["signOn"]["audience"] = json!(format!("x{TOKEN}y"));
    data.groups_mut()[0]["_embedded"]["group"]["profile"]["name"] = json!(TOKEN);
    let r = verify(data).await;
    assert_eq!(
        found(&r, "okta.saml.audience").okta_has.as_deref(),
        Some("x[redacted]y")
    );
    let text = format!("{r:?}");
    assert!(!text.contains(TOKEN));
}
