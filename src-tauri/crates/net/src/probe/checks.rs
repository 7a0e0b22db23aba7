//! The checks. Each mirrors a request Okta makes (or one that explains a failure of Okta's) and
//! turns what came back into a [`Finding`].

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, Instant, SystemTime};

use reqwest::Client;
use serde_json::Value;
use tokio::sync::mpsc;

use super::existing;
use super::http::{self, classify_status, excerpt, Failure, Fetched};
use super::target::Target;
use super::{Finding, Report, Status};
use loopio_scim_core::secret::Secret;
use loopio_scim_core::setup::values::{SP_ENTITY_ID, SSO_PATH};

pub use loopio_scim_core::findings::{
    AUTH_ENFORCED, CLOCK_SKEW, DOMAIN_REACHABLE, OKTA_CONNECTOR, OKTA_GROUPS, OKTA_LOOKUP,
    SCIM_DISCOVERY, TARGET,
};

const LIST_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
/// SAML assertions are rejected by most service providers past a few minutes of skew.
const MAX_SKEW: Duration = Duration::from_secs(120);

/// The query Okta's "Test Connector Configuration" sends, byte for byte.
pub const CONNECTOR_QUERY: &str = "/Users?startIndex=1&count=2";

struct Ctx<'a> {
    client: Client,
    target: &'a Target,
    secret: &'a Secret,
    deadline: Instant,
}

fn finding(
    check: &str,
    started: Instant,
    status: Status,
    code: &str,
    title: &str,
    detail: String,
    remedy: &str,
) -> Finding {
    Finding {
        check: check.into(),
        code: code.into(),
        status,
        title: title.into(),
        detail,
        remedy: remedy.into(),
        elapsed_ms: started.elapsed().as_millis() as u64,
    }
}

fn from_failure(check: &str, started: Instant, status: Status, f: Failure) -> Finding {
    finding(
        check, started, status, f.code, &f.title, f.detail, &f.remedy,
    )
}

/// Runs every check concurrently and reports each finding as it arrives.
pub async fn run_all(
    target: &Target,
    secret: &Secret,
    mut on_finding: impl FnMut(&Finding) + Send,
) -> Report {
    let started = Instant::now();
    let mut findings = Vec::new();
    // Every finding passes through here: whatever a server echoed, the token is replaced in
    // all of its text before anyone sees or saves it.
    // For Loopio's own API host, a failure on the way there is never a misspelt URL: the remedy
    // points at this computer's network instead.
    let builtin = super::target::is_loopio_api_host(&target.base_host);
    let mut emit = |mut f: Finding, findings: &mut Vec<Finding>| {
        if builtin {
            if let Some(remedy) = http::loopio_host_remedy(&f.code, &target.base_host) {
                f.remedy = remedy;
            }
        }
        for text in [&mut f.title, &mut f.detail, &mut f.remedy] {
            *text = http::redact(text, Some(secret));
        }
        on_finding(&f);
        findings.push(f);
    };
    for (code, seen, fix) in &target.warnings {
        emit(
            finding(
                TARGET,
                started,
                Status::Warn,
                code,
                "Check the SCIM base URL",
                seen.clone(),
                fix,
            ),
            &mut findings,
        );
    }
    let client = match http::client(target) {
        Ok(c) => c,
        Err(f) => {
            emit(
                from_failure(OKTA_CONNECTOR, started, Status::Fail, f),
                &mut findings,
            );
            return Report::from_findings(findings, started.elapsed().as_millis() as u64);
        }
    };
    let ctx = Ctx {
        client,
        target,
        secret,
        deadline: started + target.deadline,
    };

    let (tx, mut rx) = mpsc::unbounded_channel::<Finding>();
    let mut expected: Vec<&str> = vec![
        OKTA_CONNECTOR,
        CLOCK_SKEW,
        OKTA_LOOKUP,
        OKTA_GROUPS,
        AUTH_ENFORCED,
        SCIM_DISCOVERY,
        existing::OKTA_LOOKUP_CASE,
        existing::OKTA_ROLES_SHAPE,
    ];
    if target.domain.is_some() {
        expected.push(DOMAIN_REACHABLE);
    }
    let all = async {
        let send = |f: Finding| {
            let _ = tx.send(f);
        };
        tokio::join!(
            async {
                let (f, date, users) = connector(&ctx).await;
                send(f);
                send(clock_skew(date, started));
                send(existing::roles_shape(&users));
                let (c, t, s, d) = (&ctx.client, ctx.target, ctx.secret, ctx.deadline);
                send(existing::lookup_case(c, t, s, d, &users).await);
            },
            async { send(lookup(&ctx).await) },
            async { send(groups(&ctx).await) },
            async { send(auth_enforced(&ctx).await) },
            async { send(discovery(&ctx).await) },
            async {
                if ctx.target.domain.is_some() {
                    send(domain_reachable(&ctx).await)
                }
            },
        );
    };
    let all = tokio::time::timeout(target.deadline, all);
    tokio::pin!(all);
    let mut done = false;
    while !done {
        tokio::select! {
            biased;
            Some(f) = rx.recv() => emit(f, &mut findings),
            result = &mut all, if !done => {
                done = true;
                while let Ok(f) = rx.try_recv() {
                    emit(f, &mut findings);
                }
                if result.is_err() {
                    for check in &expected {
                        if !findings.iter().any(|f| f.check == *check) {
                            let f = finding(check, started, Status::Fail, "network.timeout", "The test ran out of time",
                                format!("No answer within the overall limit of {} s.", target.deadline.as_secs()),
                                "Check that this computer can reach the host (VPN, firewall, proxy), then run the test again.");
                            emit(f, &mut findings);
                        }
                    }
                }
            }
        }
    }
    Report::from_findings(findings, started.elapsed().as_millis() as u64)
}

/// Okta's own test: `GET {base}/Users?startIndex=1&count=2` with the token.
/// Also returns the users listed, for the checks on existing users.
async fn connector(ctx: &Ctx<'_>) -> (Finding, Option<SystemTime>, Vec<Value>) {
    let started = Instant::now();
    let url = format!("{}{CONNECTOR_QUERY}", ctx.target.base_url);
    let fetched = match http::get(&ctx.client, &url, Some(ctx.secret), ctx.deadline).await {
        Ok(f) => f,
        Err(f) => {
            let f = from_failure(OKTA_CONNECTOR, started, Status::Fail, f);
            return (f, None, Vec::new());
        }
    };
    let date = fetched.date();
    if let Some(f) = classify_status(&fetched, &ctx.target.base_url, Some(ctx.secret)) {
        let f = from_failure(OKTA_CONNECTOR, started, Status::Fail, f);
        return (f, date, Vec::new());
    }
    let parsed = parse_list(&fetched, ctx.secret);
    let users = parsed.as_ref().map(|l| l.users.clone()).unwrap_or_default();
    let f = match parsed {
        Ok(list) => finding(
            OKTA_CONNECTOR,
            started,
            Status::Pass,
            OKTA_CONNECTOR,
            // Not "will pass": the same answer from the practice tenant says nothing about Okta
            // and Loopio. The report's headline says that, for the target it ran against.
            "The request of Okta's Test Connector Configuration is answered as Okta expects",
            format!(
                "GET /Users?startIndex=1&count=2 answered 200 with a SCIM list: {} user(s) in all.",
                list.total
            ),
            "",
        ),
        Err(f) => from_failure(OKTA_CONNECTOR, started, Status::Fail, f),
    };
    (f, date, users)
}

struct ListInfo {
    total: i64,
    /// The users listed, for the checks on existing users (`existing`).
    users: Vec<Value>,
}

/// Validates a response body the way Okta reads a ListResponse: the total, or the failure code.
/// The public face of `parse_list`, for the fuzzers.
pub fn validate_list_response(body: &[u8]) -> Result<i64, &'static str> {
    let Ok((secret, _)) = Secret::from_pasted("placeholder-token-for-validation") else {
        return Err("internal");
    };
    let fetched = Fetched {
        status: reqwest::StatusCode::OK,
        headers: Default::default(),
        body: body.to_vec(),
    };
    parse_list(&fetched, &secret)
        .map(|l| l.total)
        .map_err(|f| f.code)
}

/// Validates a SCIM ListResponse the way Okta reads it.
fn parse_list(fetched: &Fetched, secret: &Secret) -> Result<ListInfo, Failure> {
    let seen = || {
        format!(
            "HTTP {}, content type {}: {}",
            fetched.status.as_u16(),
            fetched.content_type(),
            excerpt(&fetched.body, Some(secret))
        )
    };
    let json: Value = serde_json::from_slice(&fetched.body).map_err(|_| Failure {
        code: "response.not_json",
        title: "The answer is not JSON".into(),
        detail: seen(),
        remedy: "Something other than Loopio's SCIM API answered, often a proxy or sign-in page. Check the base URL (https://api.loopio.com/scim/v2) and any proxy. In Okta this fails with a parse error or \"Error authenticating: null\".".into(),
    })?;
    let not_scim = |why: &str| {
        Failure {
        code: "response.not_scim",
        title: "The answer is JSON but not a SCIM user list".into(),
        detail: format!("{why}. {}", seen()),
        remedy: "Check that the base URL is Loopio's SCIM API (https://api.loopio.com/scim/v2), not another API or your instance domain.".into(),
    }
    };
    let obj = json
        .as_object()
        .ok_or_else(|| not_scim("The answer is not a JSON object"))?;
    let has_schema = obj
        .get("schemas")
        .and_then(Value::as_array)
        .is_some_and(|s| s.iter().any(|v| v.as_str() == Some(LIST_RESPONSE)));
    if !has_schema {
        return Err(not_scim(
            "\"schemas\" does not list the SCIM ListResponse schema",
        ));
    }
    let mut total = 0;
    for key in ["totalResults", "startIndex", "itemsPerPage"] {
        match obj.get(key) {
            Some(Value::Number(n)) if n.is_i64() => {
                if key == "totalResults" {
                    total = n.as_i64().unwrap_or(0);
                }
            }
            Some(other) => {
                return Err(Failure {
                    code: "response.bad_types",
                    title: "The user list has values of the wrong type".into(),
                    detail: format!("\"{key}\" is {other}, not a whole number. {}", seen()),
                    remedy: "Okta needs totalResults, startIndex and itemsPerPage as JSON numbers, not strings. This is on the server's side: send this report to Loopio Support.".into(),
                });
            }
            None => return Err(not_scim(&format!("\"{key}\" is missing"))),
        }
    }
    let resources = match obj.get("Resources") {
        Some(Value::Array(a)) => a.clone(),
        None if total == 0 => Vec::new(),
        _ => {
            return Err(not_scim(
                "\"Resources\" is missing or not a list although totalResults is above 0",
            ))
        }
    };
    // Okta reads each user's id and userName as strings.
    for (i, r) in resources.iter().enumerate() {
        for key in ["id", "userName"] {
            if r.get(key).is_some_and(|v| !v.is_string()) {
                return Err(Failure {
                    code: "response.bad_types",
                    title: "A user in the list has values of the wrong type".into(),
                    detail: format!("Resources[{i}].{key} is {}, not a string. {}", r[key], seen()),
                    remedy: "Okta needs id and userName as strings. This is on the server's side: send this report to Loopio Support.".into(),
                });
            }
        }
    }
    Ok(ListInfo {
        total,
        users: resources,
    })
}

fn random_login() -> String {
    let n = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    format!("okta-preflight-{n:016x}@example.invalid")
}

/// The lookup Okta sends before each create: a user name that cannot exist must find nobody.
async fn lookup(ctx: &Ctx<'_>) -> Finding {
    let started = Instant::now();
    let login = random_login();
    // Okta encodes spaces as %20 and quotes as %22; '@' is kept encoded as %40.
    let filter = format!("userName%20eq%20%22{}%22", login.replace('@', "%40"));
    let url = format!(
        "{}/Users?filter={filter}&startIndex=1&count=100",
        ctx.target.base_url
    );
    let fetched = match http::get(&ctx.client, &url, Some(ctx.secret), ctx.deadline).await {
        Ok(f) => f,
        Err(f) => return from_failure(OKTA_LOOKUP, started, Status::Fail, f),
    };
    if let Some(f) = classify_status(&fetched, &ctx.target.base_url, Some(ctx.secret)) {
        return from_failure(OKTA_LOOKUP, started, Status::Fail, f);
    }
    match parse_list(&fetched, ctx.secret) {
        Ok(list) if list.total == 0 => finding(OKTA_LOOKUP, started, Status::Pass, OKTA_LOOKUP, "User lookups by userName work",
            "A filter on a user name that does not exist found nobody, as it should.".into(), ""),
        Ok(list) => finding(OKTA_LOOKUP, started, Status::Fail, "scim.filter_ignored", "User lookups by userName are ignored",
            format!("A filter on a user name that does not exist returned {} user(s).", list.total),
            "Okta would link new users to the wrong existing user. The server ignores the userName filter: send this report to Loopio Support."),
        Err(f) => from_failure(OKTA_LOOKUP, started, Status::Fail, f),
    }
}

/// The request Okta sends when To App settings are saved.
async fn groups(ctx: &Ctx<'_>) -> Finding {
    let started = Instant::now();
    let url = format!("{}/Groups?startIndex=1&count=100", ctx.target.base_url);
    let fetched = match http::get(&ctx.client, &url, Some(ctx.secret), ctx.deadline).await {
        Ok(f) => f,
        Err(f) => return from_failure(OKTA_GROUPS, started, Status::Fail, f),
    };
    if matches!(fetched.status.as_u16(), 404 | 501) {
        return finding(OKTA_GROUPS, started, Status::Warn, "okta.groups_unavailable", "Group push is not available",
            format!("GET /Groups answered {}.", fetched.status.as_u16()),
            "Users still provision. Do not enable Push Groups in Okta; map roles with the roles attribute instead.");
    }
    if let Some(f) = classify_status(&fetched, &ctx.target.base_url, Some(ctx.secret)) {
        return from_failure(OKTA_GROUPS, started, Status::Fail, f);
    }
    match parse_list(&fetched, ctx.secret) {
        Ok(list) => finding(
            OKTA_GROUPS,
            started,
            Status::Pass,
            OKTA_GROUPS,
            "Saving To App settings will work",
            format!(
                "GET /Groups answered with a SCIM list ({} group(s)).",
                list.total
            ),
            "",
        ),
        Err(f) => from_failure(OKTA_GROUPS, started, Status::Warn, f),
    }
}

/// Without a token the endpoint must refuse (401).
async fn auth_enforced(ctx: &Ctx<'_>) -> Finding {
    let started = Instant::now();
    let url = format!("{}{CONNECTOR_QUERY}", ctx.target.base_url);
    match http::get(&ctx.client, &url, None, ctx.deadline).await {
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
async fn discovery(ctx: &Ctx<'_>) -> Finding {
    let started = Instant::now();
    let mut seen = Vec::new();
    // What each path answered: a status, or the code of the failure on the way.
    let mut answers: Vec<String> = Vec::new();
    let mut supports = Vec::new();
    const PATHS: [&str; 3] = ["/ServiceProviderConfig", "/ResourceTypes", "/Schemas"];
    let fetch = |path: &'static str| {
        let url = format!("{}{path}", ctx.target.base_url);
        async move { http::get(&ctx.client, &url, Some(ctx.secret), ctx.deadline).await }
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
fn discovery_skipped_title(answers: &[String]) -> String {
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
fn clock_skew(date: Option<SystemTime>, started: Instant) -> Finding {
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
async fn domain_reachable(ctx: &Ctx<'_>) -> Finding {
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
    if let Err(f) = http::get(&ctx.client, &format!("{origin}/"), None, ctx.deadline).await {
        return from_failure(DOMAIN_REACHABLE, started, Status::Fail, f);
    }
    let metadata_url = format!("{origin}/sso_saml/module.php/saml/sp/metadata.php/{SP_ENTITY_ID}");
    let expected_acs = format!("{origin}{SSO_PATH}");
    match http::get(&ctx.client, &metadata_url, None, ctx.deadline).await {
        Ok(f) if f.status.is_success() => match check_metadata(&f.body, &expected_acs) {
            Ok(()) => finding(DOMAIN_REACHABLE, started, Status::Pass, DOMAIN_REACHABLE, "Your Loopio instance answers and its SAML settings match",
                format!("{origin} answers over HTTPS; its SAML metadata names entity ID {SP_ENTITY_ID} and the Single sign-on URL the wizard gives."), ""),
            Err(why) => finding(DOMAIN_REACHABLE, started, Status::Warn, "domain.metadata_mismatch", "Your instance's SAML metadata differs from the wizard's values",
                why, "Check the domain. If it is right, compare the SAML values with Loopio Support before saving them in Okta."),
        },
        Ok(f) => finding(DOMAIN_REACHABLE, started, Status::Warn, "domain.unconfirmed", "Your instance answers, but its SAML settings could not be confirmed",
            format!("{origin} answers over HTTPS; its SAML metadata URL answered {}.", f.status.as_u16()),
            "Nothing to fix if the domain is the one you sign in to Loopio at."),
        Err(f) => from_failure(DOMAIN_REACHABLE, started, Status::Warn, f),
    }
}

/// Checks SAML SP metadata for our entity ID and assertion consumer service URL.
pub fn check_metadata(xml: &[u8], expected_acs: &str) -> Result<(), String> {
    let text =
        std::str::from_utf8(xml).map_err(|_| "The metadata is not UTF-8 text.".to_string())?;
    let doc = roxmltree::Document::parse(text)
        .map_err(|e| format!("The metadata is not valid XML ({e})."))?;
    let root = doc.root_element();
    if root.tag_name().name() != "EntityDescriptor" {
        return Err(format!(
            "The metadata's root element is {}, not EntityDescriptor.",
            root.tag_name().name()
        ));
    }
    let entity = root.attribute("entityID").unwrap_or("");
    if entity != SP_ENTITY_ID {
        return Err(format!(
            "The metadata's entity ID is {entity:?}, not {SP_ENTITY_ID:?}."
        ));
    }
    let acs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "AssertionConsumerService")
        .filter_map(|n| n.attribute("Location"))
        .collect();
    if !acs.contains(&expected_acs) {
        return Err(format!(
            "The metadata's Single sign-on URLs are {acs:?}; the wizard's is {expected_acs}."
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_is_checked_for_entity_and_acs() {
        let acs = "https://acme.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp";
        let good = format!(
            r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="loopio-sp"><md:SPSSODescriptor><md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{acs}" index="0"/></md:SPSSODescriptor></md:EntityDescriptor>"#
        );
        assert_eq!(check_metadata(good.as_bytes(), acs), Ok(()));
        let wrong_entity = good.replace("entityID=\"loopio-sp\"", "entityID=\"other\"");
        assert!(check_metadata(wrong_entity.as_bytes(), acs)
            .unwrap_err()
            .contains("entity ID"));
        let wrong_acs = good.replace("acme", "other");
        assert!(check_metadata(wrong_acs.as_bytes(), acs)
            .unwrap_err()
            .contains("Single sign-on"));
        assert!(check_metadata(b"<html>", acs)
            .unwrap_err()
            .contains("not valid XML"));
        assert!(check_metadata(b"<a/>", acs)
            .unwrap_err()
            .contains("root element"));
    }

    fn fetched(body: &str) -> Fetched {
        Fetched {
            status: reqwest::StatusCode::OK,
            headers: Default::default(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn list_responses_are_validated_like_okta() {
        let (secret, _) = Secret::from_pasted("lp_scim_0123456789abcdef").unwrap();
        let ok = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,"startIndex":1,"itemsPerPage":1,"Resources":[{}]}"#;
        assert_eq!(parse_list(&fetched(ok), &secret).unwrap().total, 1);
        let numeric_id = ok.replace("[{}]", r#"[{"id":7,"userName":"a"}]"#);
        assert_eq!(
            parse_list(&fetched(&numeric_id), &secret)
                .err()
                .map(|f| f.code),
            Some("response.bad_types")
        );
        let empty = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0}"#;
        assert_eq!(parse_list(&fetched(empty), &secret).unwrap().total, 0);
        let cases: &[(&str, &str)] = &[
            ("<html>login</html>", "response.not_json"),
            ("[]", "response.not_scim"),
            (r#"{"totalResults":1}"#, "response.not_scim"),
            (
                &ok.replace("\"totalResults\":1", "\"totalResults\":\"1\""),
                "response.bad_types",
            ),
            (
                &ok.replace("\"itemsPerPage\":1", "\"itemsPerPage\":1.5"),
                "response.bad_types",
            ),
            (&ok.replace(",\"Resources\":[{}]", ""), "response.not_scim"),
            (&ok.replace(",\"startIndex\":1", ""), "response.not_scim"),
        ];
        for (body, code) in cases {
            assert_eq!(
                parse_list(&fetched(body), &secret).err().map(|f| f.code),
                Some(*code),
                "{body}"
            );
        }
    }

    #[test]
    fn a_skipped_discovery_says_what_was_answered() {
        let titles = |answers: &[&str]| {
            discovery_skipped_title(&answers.iter().map(|a| a.to_string()).collect::<Vec<_>>())
        };
        let t = titles(&["401", "401", "401"]);
        assert!(t.contains("answered 401"), "{t}");
        assert!(!t.contains("No discovery endpoints"), "{t}");
        assert!(titles(&["404", "404", "404"]).starts_with("No discovery endpoints"));
        assert!(titles(&["403", "403", "403"]).contains("answered 403"));
        assert!(titles(&["network.dns"; 3]).contains("could not be reached: network.dns"));
        assert!(titles(&["404", "401", "500"]).contains("answered 404, 401, 500"));
    }

    #[test]
    fn skew_over_two_minutes_warns() {
        let now = SystemTime::now();
        let start = Instant::now();
        assert_eq!(
            clock_skew(Some(now - Duration::from_secs(30)), start).status,
            Status::Pass
        );
        assert_eq!(
            clock_skew(Some(now - Duration::from_secs(600)), start).status,
            Status::Warn
        );
        assert_eq!(
            clock_skew(Some(now + Duration::from_secs(600)), start).status,
            Status::Warn
        );
        assert_eq!(clock_skew(None, start).status, Status::Skip);
    }
}
