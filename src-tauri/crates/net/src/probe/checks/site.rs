//! The checks around Okta's requests: that the API refuses a request without the token, the
//! SCIM discovery endpoints, the server's clock, and the instance's own site and SAML metadata.

use std::time::{Duration, Instant, SystemTime};

use super::{finding, from_failure, Ctx, CONNECTOR_QUERY};
use super::{AUTH_ENFORCED, CLOCK_SKEW, DOMAIN_REACHABLE, SCIM_DISCOVERY};
use crate::http;
use crate::probe::{Finding, Status};
use loopio_scim_core::error::Problem;
use loopio_scim_core::setup::values::{SP_ENTITY_ID, SSO_PATH};
use serde_json::Value;

/// SAML assertions are rejected by most service providers past a few minutes of skew.
const MAX_SKEW: Duration = Duration::from_secs(120);

/// Without a token the endpoint must refuse (401).
pub(super) async fn auth_enforced(ctx: &Ctx<'_>) -> Finding {
    let started = Instant::now();
    let url = format!("{}{CONNECTOR_QUERY}", ctx.target.base_url);
    match http::scim::get(&ctx.client, &url, None, ctx.deadline).await {
        Ok(f) if f.status.as_u16() == 401 => finding(AUTH_ENFORCED, started, Status::Pass, AUTH_ENFORCED, "The API refuses requests without a token",
            "Without a token: 401, as it should.".into(), ""),
        Ok(f) if f.status.is_success() => finding(AUTH_ENFORCED, started, Status::Warn, "auth.not_enforced", "The API answers without a token",
            format!("Without a token: HTTP {}.", f.status.as_u16()),
            "This URL may not be Loopio's SCIM API, or something in between answers for it. Check the base URL."),
        Ok(f) => finding(AUTH_ENFORCED, started, Status::Warn, "auth.unexpected", "Without a token the API gave an unexpected answer",
            format!("Without a token: HTTP {} (401 expected).", f.status.as_u16()),
            "Usually harmless. If other checks fail too, check the base URL."),
        Err(f) => from_failure(AUTH_ENFORCED, started, Status::Warn, f),
    }
}

/// The discovery endpoints: information only, Okta never reads them.
pub(super) async fn discovery(ctx: &Ctx<'_>) -> Finding {
    let started = Instant::now();
    let mut seen = Vec::new();
    // What each path answered: a status, or the code of the failure on the way.
    let mut answers: Vec<String> = Vec::new();
    let mut supports = Vec::new();
    const PATHS: [&str; 3] = ["/ServiceProviderConfig", "/ResourceTypes", "/Schemas"];
    let fetch = |path: &'static str| {
        let url = format!("{}{path}", ctx.target.base_url);
        async move { http::scim::get(&ctx.client, &url, Some(ctx.secret), ctx.deadline).await }
    };
    let (a, b, c) = tokio::join!(fetch(PATHS[0]), fetch(PATHS[1]), fetch(PATHS[2]));
    for (path, result) in PATHS.into_iter().zip([a, b, c]) {
        match result {
            Ok(f) if f.status.is_success() => {
                answers.push(f.status.as_u16().to_string());
                seen.push(format!("{path}: {}", f.status.as_u16()));
                if path == "/ServiceProviderConfig" {
                    if let Ok(v) = serde_json::from_slice::<Value>(&f.body) {
                        for feature in ["patch", "filter", "bulk", "changePassword", "sort", "etag"]
                        {
                            if v.get(feature)
                                .and_then(|x| x.get("supported"))
                                .and_then(Value::as_bool)
                                == Some(true)
                            {
                                supports.push(feature);
                            }
                        }
                    }
                }
            }
            Ok(f) => {
                answers.push(f.status.as_u16().to_string());
                seen.push(format!("{path}: {}", f.status.as_u16()));
            }
            Err(f) => {
                answers.push(f.code.to_string());
                seen.push(format!("{path}: {}", f.code));
            }
        }
    }
    let offered = seen.iter().any(|s| s.ends_with(": 200"));
    let detail = if supports.is_empty() {
        format!("{}.", seen.join(", "))
    } else {
        format!(
            "{}. The server says it supports: {}.",
            seen.join(", "),
            supports.join(", ")
        )
    };
    if offered {
        finding(
            SCIM_DISCOVERY,
            started,
            Status::Pass,
            SCIM_DISCOVERY,
            "What the server says it supports",
            detail,
            "",
        )
    } else {
        finding(
            SCIM_DISCOVERY,
            started,
            Status::Skip,
            "scim.discovery_absent",
            &discovery_skipped_title(&answers),
            detail,
            "",
        )
    }
}

/// The title of a skipped discovery check: what was answered, not a guess at why.
pub(super) fn discovery_skipped_title(answers: &[String]) -> String {
    let mut distinct: Vec<&str> = answers.iter().map(String::as_str).collect();
    distinct.dedup();
    match distinct.as_slice() {
        ["404"] => "No discovery endpoints: they answered 404 (Okta does not need them)".into(),
        ["401"] => {
            "The discovery endpoints answered 401: the token was refused there too (Okta does not need them)".into()
        }
        [one] if one.chars().all(|c| c.is_ascii_digit()) => {
            format!("The discovery endpoints answered {one} (Okta does not need them)")
        }
        [one] => {
            format!("The discovery endpoints could not be reached: {one} (Okta does not need them)")
        }
        _ => format!(
            "The discovery endpoints answered {} (Okta does not need them)",
            answers.join(", ")
        ),
    }
}

/// The server's clock against this computer's.
pub(super) fn clock_skew(date: Option<SystemTime>, started: Instant) -> Finding {
    let Some(date) = date else {
        return finding(
            CLOCK_SKEW,
            started,
            Status::Skip,
            "clock.unknown",
            "Clock not compared",
            "The server sent no Date header (or no answer).".into(),
            "",
        );
    };
    let now = SystemTime::now();
    let (skew, ahead) = match now.duration_since(date) {
        Ok(d) => (d, false),
        Err(e) => (e.duration(), true),
    };
    let words = format!(
        "{} s {}",
        skew.as_secs(),
        if ahead {
            "ahead of this computer"
        } else {
            "behind this computer"
        }
    );
    if skew > MAX_SKEW {
        finding(CLOCK_SKEW, started, Status::Warn, "clock.skew", "This computer's clock is off",
            format!("The server's clock is {words}."),
            "Set this computer's clock automatically (NTP). If Okta's or Loopio's clocks differ this much, SAML sign-ins fail.")
    } else {
        finding(
            CLOCK_SKEW,
            started,
            Status::Pass,
            CLOCK_SKEW,
            "Clocks agree",
            format!("The server's clock is {words}."),
            "",
        )
    }
}

/// The instance answers over HTTPS and, if it publishes SP metadata, it matches our values.
pub(super) async fn domain_reachable(ctx: &Ctx<'_>) -> Finding {
    let started = Instant::now();
    let Some(domain) = &ctx.target.domain else {
        return finding(
            DOMAIN_REACHABLE,
            started,
            Status::Skip,
            "domain.not_given",
            "Instance not checked",
            "No domain was given.".into(),
            "",
        );
    };
    let origin = domain.origin();
    // No token on these requests: the token only ever goes to the SCIM base URL.
    if let Err(f) = http::scim::get(&ctx.client, &format!("{origin}/"), None, ctx.deadline).await {
        return from_failure(DOMAIN_REACHABLE, started, Status::Fail, f);
    }
    let metadata_url = format!("{origin}/sso_saml/module.php/saml/sp/metadata.php/{SP_ENTITY_ID}");
    let expected_acs = format!("{origin}{SSO_PATH}");
    match http::scim::get(&ctx.client, &metadata_url, None, ctx.deadline).await {
        Ok(f) if f.status.is_success() => match check_metadata(&f.body, &expected_acs) {
            Ok(()) => finding(DOMAIN_REACHABLE, started, Status::Pass, DOMAIN_REACHABLE, "Your Loopio instance answers and its SAML settings match",
                format!("{origin} answers over HTTPS; its SAML metadata names entity ID {SP_ENTITY_ID} and the Single sign-on URL the wizard gives."), ""),
            Err(why) => finding(DOMAIN_REACHABLE, started, Status::Warn, why.code(), "Your instance's SAML metadata differs from the wizard's values",
                why.to_string(), "Check the domain. If it is right, compare the SAML values with Loopio Support before saving them in Okta."),
        },
        Ok(f) => finding(DOMAIN_REACHABLE, started, Status::Warn, "domain.unconfirmed", "Your instance answers, but its SAML settings could not be confirmed",
            format!("{origin} answers over HTTPS; its SAML metadata URL answered {}.", f.status.as_u16()),
            "Nothing to fix if the domain is the one you sign in to Loopio at."),
        Err(f) => from_failure(DOMAIN_REACHABLE, started, Status::Warn, f),
    }
}

/// Checks SAML SP metadata for our entity ID and assertion consumer service URL.
pub fn check_metadata(xml: &[u8], expected_acs: &str) -> Result<(), Problem> {
    let mismatch = |why: String| Problem::new("domain.metadata_mismatch", why);
    let text =
        std::str::from_utf8(xml).map_err(|_| mismatch("The metadata is not UTF-8 text.".into()))?;
    let doc = roxmltree::Document::parse(text)
        .map_err(|e| mismatch(format!("The metadata is not valid XML ({e}).")))?;
    let root = doc.root_element();
    if root.tag_name().name() != "EntityDescriptor" {
        return Err(mismatch(format!(
            "The metadata's root element is {}, not EntityDescriptor.",
            root.tag_name().name()
        )));
    }
    let entity = root.attribute("entityID").unwrap_or("");
    if entity != SP_ENTITY_ID {
        return Err(mismatch(format!(
            "The metadata's entity ID is {entity:?}, not {SP_ENTITY_ID:?}."
        )));
    }
    let acs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "AssertionConsumerService")
        .filter_map(|n| n.attribute("Location"))
        .collect();
    if !acs.contains(&expected_acs) {
        return Err(mismatch(format!(
            "The metadata's Single sign-on URLs are {acs:?}; the wizard's is {expected_acs}."
        )));
    }
    Ok(())
}
