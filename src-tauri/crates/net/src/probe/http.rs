//! One HTTP client for the whole test, bounded requests, and what every failure means.

use std::error::Error as _;
use std::time::{Duration, Instant};

use reqwest::header::{
    HeaderMap, ACCEPT, AUTHORIZATION, CONTENT_TYPE, DATE, LOCATION, RETRY_AFTER,
};
use reqwest::{Client, StatusCode};

use super::target::Target;
use loopio_scim_core::secret::Secret;

/// The most of a response body that is read.
pub const BODY_CAP: usize = 1024 * 1024;

/// A response that arrived in full, within the bounds.
#[derive(Debug)]
pub struct Fetched {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Fetched {
    pub fn content_type(&self) -> String {
        self.headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("none")
            .to_string()
    }

    pub fn date(&self) -> Option<std::time::SystemTime> {
        self.headers
            .get(DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|s| httpdate::parse_http_date(s).ok())
    }
}

/// A classified failure: a stable code, a title, what was seen and the remedy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: &'static str,
    pub title: String,
    pub detail: String,
    pub remedy: String,
}

impl Failure {
    fn new(code: &'static str, title: &str, detail: String, remedy: &str) -> Failure {
        Failure {
            code,
            title: title.into(),
            detail,
            remedy: remedy.into(),
        }
    }
}

/// Builds the client: OS trust store plus any extra CA, system proxy, no redirects followed
/// (a redirect must never carry the token elsewhere), per-request timeout.
pub fn client(target: &Target) -> Result<Client, Failure> {
    let mut builder = Client::builder()
        .use_rustls_tls()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(target.timeout)
        .connect_timeout(target.timeout)
        .user_agent(concat!("loopio-scim-assistant/", env!("CARGO_PKG_VERSION")));
    for (host, addr) in &target.resolve {
        builder = builder.resolve(host, *addr);
    }
    // A proxy must never see a plain-HTTP request carrying the token: loopback targets (tests,
    // the practice tenant) are always reached directly.
    if super::target::is_loopback(&target.base_host) {
        builder = builder.no_proxy();
    }
    if let Some(pem) = &target.extra_roots {
        let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| {
            Failure::new(
                "config.ca_file",
                "The extra CA file could not be read",
                e.to_string(),
                "Give a PEM file with one or more certificates.",
            )
        })?;
        for cert in certs {
            builder = builder.add_root_certificate(cert);
        }
    }
    builder.build().map_err(|e| {
        Failure::new(
            "config.client",
            "The HTTP client could not be set up",
            e.to_string(),
            "Check the proxy settings (HTTPS_PROXY) and the CA file.",
        )
    })
}

/// Sends a GET, with the token when `secret` is given, honouring one `Retry-After` on 429 when it
/// fits before `deadline`. Reads at most [`BODY_CAP`] bytes.
pub async fn get(
    client: &Client,
    url: &str,
    secret: Option<&Secret>,
    deadline: Instant,
) -> Result<Fetched, Failure> {
    let mut retried = false;
    loop {
        let fetched = get_once(client, url, secret).await?;
        if fetched.status == StatusCode::TOO_MANY_REQUESTS && !retried {
            if let Some(wait) = retry_after(&fetched.headers) {
                // Saturating: a server may send an absurd Retry-After.
                let remaining = deadline.saturating_duration_since(Instant::now());
                if wait.saturating_add(Duration::from_millis(500)) < remaining {
                    tokio::time::sleep(wait).await;
                    retried = true;
                    continue;
                }
            }
        }
        return Ok(fetched);
    }
}

async fn get_once(client: &Client, url: &str, secret: Option<&Secret>) -> Result<Fetched, Failure> {
    send(client, reqwest::Method::GET, url, secret, None).await
}

/// Sends one request (a JSON body as `application/scim+json` when given) with the same bounds,
/// token handling and failure classification as [`get`]; no retry. For the rehearsal's writes.
pub async fn send(
    client: &Client,
    method: reqwest::Method,
    url: &str,
    secret: Option<&Secret>,
    body: Option<&serde_json::Value>,
) -> Result<Fetched, Failure> {
    let mut request = client
        .request(method, url)
        .header(ACCEPT, "application/scim+json, application/json");
    if let Some(body) = body {
        request = request
            .header(CONTENT_TYPE, "application/scim+json")
            .body(body.to_string());
    }
    if let Some(secret) = secret {
        let header = secret.authorization_header();
        let mut value = reqwest::header::HeaderValue::from_str(header.as_str()).map_err(|_| {
            Failure::new(
                "token.bad_character",
                "The token cannot be sent in a header",
                "It contains characters a header cannot carry.".into(),
                "Copy the token again from Loopio.",
            )
        })?;
        value.set_sensitive(true);
        request = request.header(AUTHORIZATION, value);
    }
    let mut response = request
        .send()
        .await
        .map_err(|e| classify_error(&e, secret))?;
    let status = response.status();
    let headers = response.headers().clone();
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > BODY_CAP {
                    return Err(Failure::new(
                        "response.too_large",
                        "The response is too large",
                        format!("HTTP {} with a body over {} KiB; the test stopped reading.", status.as_u16(), BODY_CAP / 1024),
                        "A SCIM list of two users is a few kilobytes. Something between you and Loopio (a proxy or a wrong URL) answers instead: check the base URL and proxy.",
                    ));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => return Err(classify_error(&e, secret)),
        }
    }
    Ok(Fetched {
        status,
        headers,
        body,
    })
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

/// Whether a proxy is configured through the environment.
fn proxy_configured() -> bool {
    [
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ]
    .iter()
    .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

/// Maps a transport error to a stable code. The token never appears: reqwest errors carry the
/// URL, which never holds it.
pub fn classify_error(e: &reqwest::Error, secret: Option<&Secret>) -> Failure {
    let text = redact(&error_chain(e), secret);
    if e.is_timeout() {
        return Failure::new(
            "network.timeout",
            "The server did not answer in time",
            text,
            "Check that this computer can reach the host (VPN, firewall, proxy). If the network is slow, raise the timeout. Okta itself waits up to 60 seconds.",
        );
    }
    if let Some(tls) = find_tls_error(e) {
        return tls;
    }
    let lower = text.to_ascii_lowercase();
    if e.is_connect() && proxy_configured() && lower.contains("proxy") {
        return Failure::new(
            "network.proxy",
            "The proxy refused or failed the connection",
            text,
            "A proxy is set (HTTPS_PROXY). Check its address and that it allows this host, or ask your network team.",
        );
    }
    if lower.contains("dns error")
        || lower.contains("failed to lookup address")
        || lower.contains("name or service not known")
    {
        return Failure::new(
            "network.dns",
            "The host name could not be found",
            text,
            "Check the spelling of the URL. If it is right, this computer's DNS cannot resolve it: check the VPN or ask your network team.",
        );
    }
    if find_io_kind(e) == Some(std::io::ErrorKind::ConnectionRefused)
        || lower.contains("connection refused")
    {
        return Failure::new(
            "network.refused",
            "The connection was refused",
            text,
            "Nothing accepts connections at that address and port. Check the URL; a firewall may also be blocking it.",
        );
    }
    if e.is_connect() && proxy_configured() {
        return Failure::new(
            "network.proxy",
            "The connection through the proxy failed",
            text,
            "A proxy is set (HTTPS_PROXY). Check its address and that it allows this host.",
        );
    }
    Failure::new(
        "network.error",
        "The request failed before an answer arrived",
        text,
        "Check the URL and that this computer can reach it.",
    )
}

fn error_chain(e: &reqwest::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        let part = s.to_string();
        if !parts.iter().any(|p| p.contains(&part)) {
            parts.push(part);
        }
        source = s.source();
    }
    parts.join(": ")
}

fn find_io_kind(e: &reqwest::Error) -> Option<std::io::ErrorKind> {
    let mut source = e.source();
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        source = s.source();
    }
    None
}

/// Finds a rustls error anywhere in the chain, including inside an `io::Error`.
fn find_tls_error(e: &reqwest::Error) -> Option<Failure> {
    let mut source = e.source();
    while let Some(s) = source {
        let rustls_err = s.downcast_ref::<rustls::Error>().or_else(|| {
            s.downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        });
        if let Some(err) = rustls_err {
            return Some(classify_tls(err));
        }
        source = s.source();
    }
    // Some connector layers re-wrap the rustls error in a way that hides its type; its text is
    // rustls's own and stable within a major version.
    let text = error_chain(e);
    let marker = "invalid peer certificate: ";
    let at = text.find(marker)?;
    let what = text[at + marker.len()..]
        .to_ascii_lowercase()
        .replace(' ', "");
    use rustls::CertificateError as C;
    let cert_error = if what.starts_with("expired")
        || what.starts_with("certificateexpired")
        || what.starts_with("notvalidyet")
        || what.starts_with("certificatenotvalidyet")
    {
        C::Expired
    } else if what.starts_with("notvalidforname") || what.starts_with("certificatenotvalidforname")
    {
        C::NotValidForName
    } else if what.starts_with("unknownissuer") || what.starts_with("badsignature") {
        C::UnknownIssuer
    } else {
        C::BadEncoding
    };
    let mut failure = classify_tls(&rustls::Error::InvalidCertificate(cert_error));
    failure.detail = text;
    Some(failure)
}

fn classify_tls(err: &rustls::Error) -> Failure {
    use rustls::CertificateError as C;
    let detail = err.to_string();
    match err {
        rustls::Error::InvalidCertificate(C::Expired | C::ExpiredContext { .. } | C::NotValidYet | C::NotValidYetContext { .. }) => Failure::new(
            "tls.expired",
            "The server's certificate has expired (or is not valid yet)",
            detail,
            "Check this computer's date and time. If they are right, the server's certificate is out of date: if a proxy inspects TLS, tell your network team; otherwise tell Loopio Support.",
        ),
        rustls::Error::InvalidCertificate(C::NotValidForName | C::NotValidForNameContext { .. }) => Failure::new(
            "tls.hostname",
            "The server's certificate is for a different host name",
            detail,
            "Check the URL's host name. A proxy or firewall answering instead of Loopio also causes this: ask your network team.",
        ),
        rustls::Error::InvalidCertificate(C::UnknownIssuer | C::BadSignature | C::InvalidPurpose | C::ApplicationVerificationFailure | C::Other(_)) => Failure::new(
            "tls.untrusted",
            "The server's certificate is not trusted by this computer",
            detail,
            "Your network probably inspects TLS with its own root certificate. Add it with the CA file option (--ca-file), or install it in the system trust store. Okta is not affected: it connects from the cloud.",
        ),
        _ => Failure::new(
            "tls.error",
            "The secure connection could not be set up",
            detail,
            "Check the URL and any proxy or firewall in between.",
        ),
    }
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

/// Replaces the token with `[redacted]` wherever it appears.
pub fn redact(text: &str, secret: Option<&Secret>) -> String {
    match secret {
        Some(s) if s.appears_in(text) => s.redact(text),
        _ => text.to_string(),
    }
}

/// The start of a body, printable and redacted, for "what was seen".
pub fn excerpt(body: &[u8], secret: Option<&Secret>) -> String {
    // Redact the whole body before cutting it, so a token across the cut cannot leave a piece.
    let text = redact(&String::from_utf8_lossy(body), secret);
    let text: String = text.chars().take(2048).collect();
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = clean.chars().take(160).collect();
    if clean.chars().count() > 160 {
        out.push('…');
    }
    out
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
    let failure = match status.as_u16() {
        200..=299 => return None,
        300..=399 => {
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
        401 => Failure::new(
            "auth.rejected",
            "The token was refused (401)",
            seen,
            "The token is wrong, expired (Loopio tokens last one year) or was replaced: generating a new token deletes the old ones. Generate a new one in Loopio (Admin > Integrations > SCIM) and paste it both here and in Okta. In Okta this shows as \"Error authenticating: null\".",
        ),
        403 => Failure::new(
            "auth.forbidden",
            "The token was accepted but not allowed (403)",
            seen,
            "SCIM is probably not enabled for your Loopio instance or plan. Ask Loopio Support to switch SCIM on, then test again.",
        ),
        404 => Failure::new(
            "endpoint.not_found",
            "Nothing was found at this URL (404)",
            seen,
            "The SCIM base URL is wrong. It must be exactly https://api.loopio.com/scim/v2 (sandbox: https://api.int01.loopio.com/scim/v2): with /v2, without a trailing slash, and the API host, not your instance domain.",
        ),
        429 => {
            let after = fetched.headers.get(RETRY_AFTER).and_then(|v| v.to_str().ok()).unwrap_or("not given");
            Failure::new(
                "http.rate_limited",
                "The server asked to slow down (429)",
                format!("{seen} Retry-After: {after}."),
                "Wait a minute and run the test again. If it persists, ask Loopio Support whether a limit applies to your token.",
            )
        }
        500..=599 => Failure::new(
            "http.server_error",
            "The server had an error",
            seen,
            "This is on the server's side. Try again in a few minutes; if it persists, send this report to Loopio Support.",
        ),
        _ => Failure::new(
            "http.unexpected_status",
            "The server answered with an unexpected status",
            seen,
            "Check the SCIM base URL. If it is right, send this report to Loopio Support.",
        ),
    };
    Some(failure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_short_single_line_and_redacted() {
        let (secret, _) = Secret::from_pasted("lp_scim_0123456789abcdef").unwrap();
        let body = b"<html>\n<body>token lp_scim_0123456789abcdef here</body></html>";
        let e = excerpt(body, Some(&secret));
        assert!(!e.contains("lp_scim_0123456789abcdef"));
        assert!(e.contains("[redacted]"));
        assert!(!e.contains('\n'));
        let long = vec![b'a'; 5000];
        assert!(excerpt(&long, None).chars().count() <= 161);
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
