//! Loopio's SCIM API over the one HTTP layer: how a SCIM request is sent (the token as a
//! `Bearer` credential, `application/scim+json`, 1 MiB read at most, one `Retry-After` waited
//! out on a read) and what each status means for it, in an IT admin's words. Used by the
//! connection test, role discovery and the rehearsal.

use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, LOCATION, RETRY_AFTER};
use reqwest::{Client, Method};

use super::{excerpt, redact, Auth, Body, Call, Failure, Fetched, Retry, Service, StatusClass};
use loopio_scim_core::secret::Secret;

/// The most of a SCIM answer that is read.
pub const BODY_CAP: usize = 1024 * 1024;

/// Loopio's SCIM API, for the failures the HTTP layer itself makes.
pub const SERVICE: Service = Service {
    body_cap: BODY_CAP,
    credential: "The token",
    recopy: "Copy the token again from Loopio.",
    too_large: (
        "The response is too large",
        "the test stopped reading.",
        "A SCIM list of two users is a few kilobytes. Something between you and Loopio (a proxy or a wrong URL) answers instead: check the base URL and proxy.",
    ),
};

const ACCEPT_SCIM: &str = "application/scim+json, application/json";

/// Sends a GET, with the token when `secret` is given, honouring one `Retry-After` on 429 when it
/// fits before `deadline`.
pub async fn get(
    client: &Client,
    url: &str,
    secret: Option<&Secret>,
    deadline: Instant,
) -> Result<Fetched, Failure> {
    let retry = Retry {
        wait_of: retry_after,
        longest: Duration::MAX,
        margin: Duration::from_millis(500),
        deadline,
    };
    let call = || Call::new(Method::GET, url, ACCEPT_SCIM).auth(secret.map(Auth::bearer));
    super::send_retrying(client, &SERVICE, call, retry).await
}

/// Sends one request with a JSON body as `application/scim+json`; no retry. For the rehearsal's
/// writes.
pub async fn send(
    client: &Client,
    method: Method,
    url: &str,
    secret: Option<&Secret>,
    body: Option<&serde_json::Value>,
) -> Result<Fetched, Failure> {
    let body = body.map(|value| Body::Json {
        content_type: "application/scim+json",
        value,
    });
    let call = Call::new(method, url, ACCEPT_SCIM)
        .auth(secret.map(Auth::bearer))
        .body(body);
    super::send(client, &SERVICE, call).await
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}

/// The remedy for a failure on the way to `host` when `host` is Loopio's own SCIM API: the URL
/// is built in, so it is not misspelt, and Okta connects from its own cloud, so this computer's
/// network is what to check. `None` for failures that are not on the way (the server answered).
pub fn loopio_host_remedy(code: &str, host: &str) -> Option<String> {
    let okta = "Okta connects from its own cloud, not from this computer, so its Test Connector Configuration may still pass.";
    let text = match code {
        "network.dns" => format!("This computer could not look up {host}, Loopio's own address (the name is right): its DNS, VPN or proxy settings are in the way. Ask your network team. {okta}"),
        "network.refused" => format!("Something on this computer's network refused the connection to {host}: a firewall, a VPN, or a proxy this computer must use. Ask your network team. {okta}"),
        "network.timeout" => format!("No answer from {host} reached this computer in time. Check the VPN, firewall and proxy on this computer's network; if it is only slow, raise the timeout. {okta}"),
        "network.proxy" => format!("A proxy is set on this computer (HTTPS_PROXY). Check its address and that it lets this computer reach {host}, or ask your network team. {okta}"),
        "network.error" => format!("This computer could not reach {host}. Check the VPN, firewall and proxy on this computer's network. {okta}"),
        "tls.hostname" => format!("Something on this computer's network (a proxy or firewall that inspects TLS) answered instead of {host}. Ask your network team. {okta}"),
        "tls.untrusted" => format!("Your network probably inspects TLS with its own root certificate. Add it with the CA file option (--ca-file), or install it in the system trust store. {okta}"),
        "tls.expired" => format!("Check this computer's date and time. If they are right, a proxy that inspects TLS on this computer's network is presenting an out-of-date certificate: tell your network team. {okta}"),
        "tls.error" => format!("The secure connection to {host} failed on this computer's network: check any proxy or firewall in between. {okta}"),
        _ => return None,
    };
    Some(text)
}

/// What an HTTP error status means for a SCIM request. `None` for 2xx.
pub fn classify_status(
    fetched: &Fetched,
    base_url: &str,
    secret: Option<&Secret>,
) -> Option<Failure> {
    let status = fetched.status;
    let seen = format!(
        "HTTP {}, content type {}: {}",
        status.as_u16(),
        fetched.content_type(),
        excerpt(&fetched.body, secret)
    );
    let failure = match fetched.class() {
        StatusClass::Success => return None,
        StatusClass::Redirect => {
            let location = fetched.headers.get(LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("(no Location)");
            let base = url::Url::parse(base_url).ok();
            let target = base.as_ref().and_then(|b| b.join(location).ok());
            let elsewhere = match (&base, &target) {
                (Some(b), Some(t)) if b.origin() != t.origin() => Some(t.origin().ascii_serialization()),
                _ => None,
            };
            Failure::new(
                "http.redirect",
                "The server redirects instead of answering",
                format!(
                    "HTTP {} to {}{}. The test did not follow it: the token is only sent to the base URL.",
                    status.as_u16(),
                    redact(location, secret),
                    elsewhere.map(|h| format!(" (another host: {h})")).unwrap_or_default()
                ),
                "Okta does not follow redirects either. Use the final URL as the SCIM base URL (for Loopio: https://api.loopio.com/scim/v2, no trailing slash).",
            )
        }
        StatusClass::Unauthorized => Failure::new(
            "auth.rejected",
            "The token was refused (401)",
            seen,
            "The token is wrong, expired (Loopio tokens last one year) or was replaced: generating a new token deletes the old ones. Generate a new one in Loopio (Admin > Integrations > SCIM) and paste it both here and in Okta. In Okta this shows as \"Error authenticating: null\".",
        ),
        StatusClass::Forbidden => Failure::new(
            "auth.forbidden",
            "The token was accepted but not allowed (403)",
            seen,
            "SCIM is probably not enabled for your Loopio instance or plan. Ask Loopio Support to switch SCIM on, then test again.",
        ),
        StatusClass::NotFound => Failure::new(
            "endpoint.not_found",
            "Nothing was found at this URL (404)",
            seen,
            &not_found_remedy(base_url),
        ),
        StatusClass::RateLimited => {
            let after = fetched.headers.get(RETRY_AFTER).and_then(|v| v.to_str().ok()).unwrap_or("not given");
            Failure::new(
                "http.rate_limited",
                "The server asked to slow down (429)",
                format!("{seen} Retry-After: {after}."),
                "Wait a minute and run the test again. If it persists, ask Loopio Support whether a limit applies to your token.",
            )
        }
        StatusClass::ServerError => Failure::new(
            "http.server_error",
            "The server had an error",
            seen,
            "This is on the server's side. Try again in a few minutes; if it persists, send this report to Loopio Support.",
        ),
        StatusClass::Conflict | StatusClass::Unexpected => Failure::new(
            "http.unexpected_status",
            "The server answered with an unexpected status",
            seen,
            "Check the SCIM base URL. If it is right, send this report to Loopio Support.",
        ),
    };
    Some(failure)
}

/// What to do about a 404: a trailing slash is named first (Okta keeps it, so every request goes
/// to `//Users`); Loopio's own URLs only for Loopio's hosts and a base URL that is not a loopback
/// or custom server's.
fn not_found_remedy(base_url: &str) -> String {
    let host = url::Url::parse(base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default();
    if let Some(trimmed) = base_url.strip_suffix('/') {
        return format!("The SCIM base URL ends with a slash, so every request goes to a path with two: drop the slash and give Okta {trimmed}.");
    }
    if super::target::is_loopio_api_host(&host) {
        return "The SCIM base URL is wrong. It must be exactly https://api.loopio.com/scim/v2 (sandbox: https://api.int01.loopio.com/scim/v2): with /v2, without a trailing slash, and the API host, not your instance domain.".into();
    }
    if super::target::is_loopback(&host) {
        return "The base URL is not the practice tenant's SCIM path: it ends in /scim/v2 (the practice tenant's own URL is shown beside its token).".into();
    }
    format!("Nothing answers SCIM requests under {base_url}. Check its path; Loopio's own SCIM base URL is https://api.loopio.com/scim/v2 (sandbox: https://api.int01.loopio.com/scim/v2), the API host, not your instance domain.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_404_names_what_to_change_for_the_url_given() {
        let slash = not_found_remedy("http://127.0.0.1:8461/scim/v2/");
        assert!(
            slash.contains("drop the slash") && slash.contains("http://127.0.0.1:8461/scim/v2."),
            "{slash}"
        );
        assert!(!slash.contains("must be exactly"), "{slash}");
        let loopio = not_found_remedy("https://api.loopio.com/scim");
        assert!(
            loopio.contains("must be exactly https://api.loopio.com/scim/v2"),
            "{loopio}"
        );
        let practice = not_found_remedy("http://127.0.0.1:8461/v2");
        assert!(
            practice.contains("practice tenant") && !practice.contains("must be exactly"),
            "{practice}"
        );
        let custom = not_found_remedy("https://scim.example.com/api");
        assert!(
            custom.contains("https://scim.example.com/api") && !custom.contains("must be exactly"),
            "{custom}"
        );
    }

    #[test]
    fn failures_on_the_way_to_loopio_point_at_this_computer() {
        for code in [
            "network.dns",
            "network.refused",
            "network.timeout",
            "network.proxy",
            "network.error",
            "tls.hostname",
            "tls.untrusted",
            "tls.expired",
            "tls.error",
        ] {
            let remedy = loopio_host_remedy(code, "api.loopio.com").expect(code);
            assert!(
                !remedy.to_lowercase().contains("spelling"),
                "{code}: {remedy}"
            );
            assert!(!remedy.contains("Check the URL"), "{code}: {remedy}");
            assert!(remedy.contains("this computer"), "{code}: {remedy}");
            assert!(remedy.contains("may still pass"), "{code}: {remedy}");
        }
        assert_eq!(loopio_host_remedy("auth.rejected", "api.loopio.com"), None);
    }

    #[test]
    fn retry_after_forms() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert(RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }
}
