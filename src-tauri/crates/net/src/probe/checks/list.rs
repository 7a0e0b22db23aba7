//! The checks that read Okta's user lists: Okta's own test request, the lookup before each
//! create, and the group list; and the validation of a SCIM ListResponse the way Okta reads it.

use std::hash::{BuildHasher, Hasher};
use std::time::{Instant, SystemTime};

use serde_json::Value;

use super::{finding, from_failure, Ctx, CONNECTOR_QUERY, LIST_RESPONSE};
use super::{OKTA_CONNECTOR, OKTA_GROUPS, OKTA_LOOKUP};
use crate::http::scim::{self, classify_status};
use crate::http::{excerpt, Failure, Fetched};
use crate::probe::{Finding, Status};
use loopio_scim_core::secret::Secret;

/// Okta's own test: `GET {base}/Users?startIndex=1&count=2` with the token.
/// Also returns the users listed, for the checks on existing users.
pub(super) async fn connector(ctx: &Ctx<'_>) -> (Finding, Option<SystemTime>, Vec<Value>) {
    let started = Instant::now();
    let url = format!("{}{CONNECTOR_QUERY}", ctx.target.base_url);
    let fetched = match scim::get(&ctx.client, &url, Some(ctx.secret), ctx.deadline).await {
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

pub(super) struct ListInfo {
    pub(super) total: i64,
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
pub(super) fn parse_list(fetched: &Fetched, secret: &Secret) -> Result<ListInfo, Failure> {
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
    let total = list_numbers(obj, &seen, &not_scim)?;
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

/// `totalResults`, `startIndex` and `itemsPerPage` are whole JSON numbers; returns the total.
fn list_numbers(
    obj: &serde_json::Map<String, Value>,
    seen: &dyn Fn() -> String,
    not_scim: &dyn Fn(&str) -> Failure,
) -> Result<i64, Failure> {
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
    Ok(total)
}

fn random_login() -> String {
    let n = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    format!("okta-preflight-{n:016x}@example.invalid")
}

/// The lookup Okta sends before each create: a user name that cannot exist must find nobody.
pub(super) async fn lookup(ctx: &Ctx<'_>) -> Finding {
    let started = Instant::now();
    let login = random_login();
    // Okta encodes spaces as %20 and quotes as %22; '@' is kept encoded as %40.
    let filter = format!("userName%20eq%20%22{}%22", login.replace('@', "%40"));
    let url = format!(
        "{}/Users?filter={filter}&startIndex=1&count=100",
        ctx.target.base_url
    );
    let fetched = match scim::get(&ctx.client, &url, Some(ctx.secret), ctx.deadline).await {
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
pub(super) async fn groups(ctx: &Ctx<'_>) -> Finding {
    let started = Instant::now();
    let url = format!("{}/Groups?startIndex=1&count=100", ctx.target.base_url);
    let fetched = match scim::get(&ctx.client, &url, Some(ctx.secret), ctx.deadline).await {
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
