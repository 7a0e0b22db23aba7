//! The one HTTP layer: every request the app sends (the connection test, role discovery, the
//! rehearsal's writes, Okta's reads, writes and token requests) goes through [`send`].
//!
//! - [`client`]: the client for a [`Target`]: OS trust store plus any extra CA, system proxy
//!   except for loopback, `--resolve` overrides, no redirects followed (a redirect must never
//!   carry a credential elsewhere), per-request timeout.
//! - [`send`]: one request, with the credential in the `Authorization` header (and a DPoP proof
//!   when the credential is bound to a key), the body read up to the service's cap.
//! - [`classify`]: what a transport failure (DNS, refused, timeout, TLS, proxy) means, as a
//!   stable code; redaction of the credential from anything shown.
//! - [`StatusClass`]: what an HTTP status means, decided once for every service; the words for
//!   each class are the caller's (Loopio's SCIM API in [`scim`], Okta's in `okta::client`).
//! - [`target`]: what is talked to, validated before any request is made.

pub mod classify;
pub mod scim;
pub mod target;

use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, DATE};
use reqwest::{Client, Method, StatusCode};

use loopio_scim_core::secret::Secret;

pub use classify::{classify_error, excerpt, redact, Failure};
pub use target::{is_loopback, Target, TargetError, TargetOptions};

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

    /// What the status means.
    pub fn class(&self) -> StatusClass {
        StatusClass::of(self.status.as_u16())
    }
}

/// What an HTTP status means, whoever answered. The one rule for "did it work": 2xx.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusClass {
    Success,
    Redirect,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    RateLimited,
    ServerError,
    Unexpected,
}

impl StatusClass {
    pub fn of(status: u16) -> StatusClass {
        match status {
            200..=299 => StatusClass::Success,
            300..=399 => StatusClass::Redirect,
            401 => StatusClass::Unauthorized,
            403 => StatusClass::Forbidden,
            404 => StatusClass::NotFound,
            409 => StatusClass::Conflict,
            429 => StatusClass::RateLimited,
            500..=599 => StatusClass::ServerError,
            _ => StatusClass::Unexpected,
        }
    }
}

/// Who is being talked to, for the words of the failures [`send`] itself makes.
#[derive(Debug, Clone, Copy)]
pub struct Service {
    /// The most of one answer that is read.
    pub body_cap: usize,
    /// The credential's name in a sentence ("The token", "The Okta token").
    pub credential: &'static str,
    /// Where to copy the credential again.
    pub recopy: &'static str,
    /// `response.too_large`: (title, what was seen after "HTTP 200 with a body over ...", remedy).
    pub too_large: (&'static str, &'static str, &'static str),
}

impl Service {
    fn too_large(&self, status: StatusCode) -> Failure {
        let cap = if self.body_cap >= 1 << 20
            && self.body_cap % (1 << 20) == 0
            && self.body_cap > 1 << 20
        {
            format!("{} MiB", self.body_cap >> 20)
        } else {
            format!("{} KiB", self.body_cap >> 10)
        };
        Failure {
            code: "response.too_large",
            title: self.too_large.0.into(),
            detail: format!(
                "HTTP {} with a body over {cap}; {}",
                status.as_u16(),
                self.too_large.1
            ),
            remedy: self.too_large.2.into(),
        }
    }

    fn bad_character(&self) -> Failure {
        Failure {
            code: "token.bad_character",
            title: format!("{} cannot be sent in a header", self.credential),
            detail: "It contains characters a header cannot carry.".into(),
            remedy: self.recopy.into(),
        }
    }
}

/// A proof of possession of the key a credential is bound to (DPoP, RFC 9449), made per request.
pub trait Proof: Send + Sync {
    /// The `DPoP` header's value for `method url`, bound to `access_token` when given.
    fn proof(
        &self,
        method: &str,
        url: &str,
        nonce: Option<&str>,
        access_token: Option<&[u8]>,
    ) -> Result<String, Failure>;
}

/// The credential of a request: `Authorization: {scheme} {secret}`, with a proof when bound.
#[derive(Clone, Copy)]
pub struct Auth<'a> {
    pub secret: &'a Secret,
    /// `Bearer` (SCIM, a service app's token), `SSWS` (an Okta API token) or `DPoP`.
    pub scheme: &'static str,
    pub proof: Option<&'a dyn Proof>,
}

impl<'a> Auth<'a> {
    pub fn bearer(secret: &'a Secret) -> Auth<'a> {
        Auth {
            secret,
            scheme: "Bearer",
            proof: None,
        }
    }
}

/// A request body with its content type.
#[derive(Debug, Clone, Copy)]
pub enum Body<'a> {
    Json {
        content_type: &'static str,
        value: &'a serde_json::Value,
    },
    Form(&'a str),
}

/// One request.
pub struct Call<'a> {
    pub method: Method,
    pub url: &'a str,
    pub accept: &'static str,
    pub auth: Option<Auth<'a>>,
    pub body: Option<Body<'a>>,
    /// Extra headers (a DPoP proof for a token request, which has no credential yet).
    pub headers: Vec<(&'static str, String)>,
}

impl<'a> Call<'a> {
    pub fn new(method: Method, url: &'a str, accept: &'static str) -> Call<'a> {
        Call {
            method,
            url,
            accept,
            auth: None,
            body: None,
            headers: Vec::new(),
        }
    }

    pub fn auth(mut self, auth: Option<Auth<'a>>) -> Self {
        self.auth = auth;
        self
    }

    pub fn body(mut self, body: Option<Body<'a>>) -> Self {
        self.body = body;
        self
    }

    pub fn header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }
}

/// Sends one request and reads its answer up to the service's cap. No retry (see
/// [`send_retrying`]). The credential never appears in a failure: transport errors are redacted.
pub async fn send(client: &Client, service: &Service, call: Call<'_>) -> Result<Fetched, Failure> {
    let secret = call.auth.map(|a| a.secret);
    let mut request = client
        .request(call.method.clone(), call.url)
        .header(ACCEPT, call.accept);
    match call.body {
        Some(Body::Json {
            content_type,
            value,
        }) => {
            request = request
                .header(CONTENT_TYPE, content_type)
                .body(value.to_string())
        }
        Some(Body::Form(form)) => {
            request = request
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(form.to_string())
        }
        None => {}
    }
    if let Some(auth) = call.auth {
        let header = auth.secret.authorization_header_with(auth.scheme);
        let mut value =
            HeaderValue::from_str(header.as_str()).map_err(|_| service.bad_character())?;
        value.set_sensitive(true);
        request = request.header(AUTHORIZATION, value);
        if let Some(key) = auth.proof {
            let method = call.method.as_str();
            let proof = auth
                .secret
                .with_plain_text(|t| key.proof(method, call.url, None, Some(t.as_bytes())))?;
            request = request.header("DPoP", proof);
        }
    }
    for (name, value) in call.headers {
        request = request.header(name, value);
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
            Ok(Some(chunk)) if body.len() + chunk.len() > service.body_cap => {
                return Err(service.too_large(status))
            }
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
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

/// When a 429 is waited out: once, for the wait `wait_of` reads from the answer's headers, when
/// it is at most `longest` and ends `margin` before the deadline.
#[derive(Clone, Copy)]
pub struct Retry {
    pub wait_of: fn(&HeaderMap) -> Option<Duration>,
    pub longest: Duration,
    pub margin: Duration,
    pub deadline: Instant,
}

/// [`send`], with one 429 waited out when [`Retry`] allows it. For reads only: a write that may
/// have reached the server is never sent twice.
pub async fn send_retrying<'a>(
    client: &Client,
    service: &Service,
    make: impl Fn() -> Call<'a>,
    retry: Retry,
) -> Result<Fetched, Failure> {
    let fetched = send(client, service, make()).await?;
    if fetched.status != StatusCode::TOO_MANY_REQUESTS {
        return Ok(fetched);
    }
    if let Some(wait) = (retry.wait_of)(&fetched.headers) {
        // Saturating: a server may send an absurd wait.
        let remaining = retry.deadline.saturating_duration_since(Instant::now());
        if wait <= retry.longest && wait.saturating_add(retry.margin) < remaining {
            tokio::time::sleep(wait).await;
            return send(client, service, make()).await;
        }
    }
    Ok(fetched)
}

/// Percent-encodes a query value, everything but RFC 3986's unreserved characters (space as
/// `%20`, quotes as `%22`, `@` as `%40`), as SCIM filters and Okta's queries take it. The one
/// encoder for every query the app builds.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Builds the client for `target`.
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
    // A proxy must never see a plain-HTTP request carrying a credential: loopback targets
    // (tests, the practice servers) are always reached directly.
    if is_loopback(&target.base_host) {
        builder = builder.no_proxy();
    }
    if let Some(pem) = &target.extra_roots {
        let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| Failure {
            code: "config.ca_file",
            title: "The extra CA file could not be read".into(),
            detail: e.to_string(),
            remedy: "Give a PEM file with one or more certificates.".into(),
        })?;
        for cert in certs {
            builder = builder.add_root_certificate(cert);
        }
    }
    builder.build().map_err(|e| Failure {
        code: "config.client",
        title: "The HTTP client could not be set up".into(),
        detail: e.to_string(),
        remedy: "Check the proxy settings (HTTPS_PROXY) and the CA file.".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_keep_only_unreserved_characters() {
        assert_eq!(encode("Loopio Sandbox"), "Loopio%20Sandbox");
        assert_eq!(
            encode("userName eq \"a@b.c\""),
            "userName%20eq%20%22a%40b.c%22"
        );
        assert_eq!(encode("a+b&c=d/é"), "a%2Bb%26c%3Dd%2F%C3%A9");
        assert_eq!(encode("A-z_0.9~"), "A-z_0.9~");
    }

    #[test]
    fn status_classes() {
        assert_eq!(StatusClass::of(200), StatusClass::Success);
        assert_eq!(StatusClass::of(204), StatusClass::Success);
        assert_eq!(StatusClass::of(302), StatusClass::Redirect);
        assert_eq!(StatusClass::of(401), StatusClass::Unauthorized);
        assert_eq!(StatusClass::of(409), StatusClass::Conflict);
        assert_eq!(StatusClass::of(418), StatusClass::Unexpected);
        assert_eq!(StatusClass::of(503), StatusClass::ServerError);
        assert_eq!(StatusClass::of(100), StatusClass::Unexpected);
    }

    #[test]
    fn caps_are_named_in_the_unit_that_reads_best() {
        let mut s = scim::SERVICE;
        assert!(s.too_large(StatusCode::OK).detail.contains("1024 KiB"));
        s.body_cap = 8 << 20;
        assert!(s.too_large(StatusCode::OK).detail.contains("8 MiB"));
    }
}
