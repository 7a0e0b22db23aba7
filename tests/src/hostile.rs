//! A hostile SCIM server on loopback: each base path answers one way things go wrong in the
//! field, and a second "elsewhere" server records whether a redirect made anyone send it the
//! token. TLS servers use certificates made per run with rcgen.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const LIST_OK: &str = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[]}"#;

/// What the "elsewhere" server saw.
#[derive(Default)]
pub struct Seen {
    pub requests: AtomicUsize,
    pub authorization: Mutex<Vec<String>>,
}

#[derive(Clone)]
struct HostileState {
    elsewhere: SocketAddr,
    rate_limited: Arc<AtomicUsize>,
}

/// The running hostile server; base URLs are `{url}/{behaviour}/scim/v2`.
pub struct Hostile {
    pub addr: SocketAddr,
    pub elsewhere_seen: Arc<Seen>,
}

impl Hostile {
    pub fn base(&self, behaviour: &str) -> String {
        format!("http://{}/{behaviour}/scim/v2", self.addr)
    }
}

fn scim(status: StatusCode, body: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/scim+json")],
        body,
    )
        .into_response()
}

/// Serves `router` on a free loopback port until the runtime stops.
pub(crate) async fn serve(router: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    addr
}

/// Starts the hostile server and its "elsewhere" twin.
pub async fn start() -> Hostile {
    let seen = Arc::new(Seen::default());
    let state = HostileState {
        elsewhere: serve(elsewhere(seen.clone())).await,
        rate_limited: Arc::new(AtomicUsize::new(0)),
    };
    let router = Router::new()
        .merge(wrong_bodies())
        .merge(wrong_statuses())
        .merge(echoes())
        .fallback(|| async { (StatusCode::NOT_FOUND, "not found").into_response() })
        .with_state(state);
    Hostile {
        addr: serve(router).await,
        elsewhere_seen: seen,
    }
}

/// The "elsewhere" server: records each request and its Authorization header in `recorder`.
fn elsewhere(recorder: Arc<Seen>) -> Router {
    Router::new().fallback(move |headers: HeaderMap| {
        let recorder = recorder.clone();
        async move {
            recorder.requests.fetch_add(1, Ordering::SeqCst);
            if let Some(v) = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
            {
                recorder.authorization.lock().unwrap().push(v.to_string());
            }
            scim(StatusCode::OK, LIST_OK)
        }
    })
}

/// A 200 whose body is not what Okta expects: HTML, strings for counts, JSON that is not SCIM,
/// too much of it, or too slowly.
fn wrong_bodies() -> Router<HostileState> {
    Router::new()
        // An HTML sign-in page from a proxy or portal.
        .route("/html/scim/v2/{*rest}", get(|| async {
            ([(header::CONTENT_TYPE, "text/html")], "<!doctype html><html><head><title>Sign in</title></head><body><form>Corporate proxy login</form></body></html>")
        }))
        // Counts as strings.
        .route("/strings/scim/v2/{*rest}", get(|| async {
            scim(StatusCode::OK, r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":"2","startIndex":"1","itemsPerPage":"2","Resources":[{"id":"1","userName":"a"},{"id":"2","userName":"b"}]}"#)
        }))
        // JSON, but not SCIM.
        .route("/notscim/scim/v2/{*rest}", get(|| async { scim(StatusCode::OK, r#"{"users":[],"count":0}"#) }))
        // 100 MB of body.
        .route("/huge/scim/v2/{*rest}", get(|| async {
            let chunk = vec![b' '; 64 * 1024];
            let body = stream::iter((0..1600).map(move |_| Ok::<_, std::io::Error>(chunk.clone())));
            ([(header::CONTENT_TYPE, "application/scim+json")], Body::from_stream(body)).into_response()
        }))
        // A slow drip: one byte a second, forever (until the client gives up).
        .route("/slow/scim/v2/{*rest}", get(|| async {
            let body = stream::unfold((), |()| async {
                tokio::time::sleep(Duration::from_secs(1)).await;
                Some((Ok::<_, std::io::Error>(vec![b' ']), ()))
            });
            ([(header::CONTENT_TYPE, "application/scim+json")], Body::from_stream(body)).into_response()
        }))
}

/// A status other than 200: a redirect elsewhere, rate limits, refusals, a gateway error.
fn wrong_statuses() -> Router<HostileState> {
    Router::new()
        // A redirect to another host, which records what it receives.
        .route("/redirect/scim/v2/{*rest}", get(|State(s): State<HostileState>| async move {
            (StatusCode::FOUND, [(header::LOCATION, format!("http://{}/scim/v2/Users", s.elsewhere))]).into_response()
        }))
        // 429 with Retry-After once, then fine.
        .route("/ratelimit/scim/v2/{*rest}", get(|State(s): State<HostileState>, headers: HeaderMap| async move {
            if headers.get(header::AUTHORIZATION).is_none() {
                return scim(StatusCode::UNAUTHORIZED, r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"401"}"#);
            }
            if s.rate_limited.fetch_add(1, Ordering::SeqCst) == 0 {
                return (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")], "slow down").into_response();
            }
            scim(StatusCode::OK, LIST_OK)
        }))
        // 429 with a Retry-After far beyond the deadline.
        .route("/ratelimit-long/scim/v2/{*rest}", get(|| async {
            (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "3600")], "slow down").into_response()
        }))
        // A Retry-After too large for any clock.
        .route("/ratelimit-huge/scim/v2/{*rest}", get(|| async {
            (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "18446744073709551615")], "slow down").into_response()
        }))
        .route("/unauthorized/scim/v2/{*rest}", get(|| async {
            scim(StatusCode::UNAUTHORIZED, r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"401","detail":"invalid token"}"#)
        }))
        .route("/forbidden/scim/v2/{*rest}", get(|| async {
            scim(StatusCode::FORBIDDEN, r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"403"}"#)
        }))
        .route("/error/scim/v2/{*rest}", get(|| async { (StatusCode::BAD_GATEWAY, "upstream failed").into_response() }))
}

/// The Authorization header sent back, for the redaction tests.
fn echoes() -> Router<HostileState> {
    Router::new()
        // A server that reflects the Authorization header into an error page.
        .route("/echo/scim/v2/{*rest}", get(|headers: HeaderMap| async move {
            (StatusCode::UNAUTHORIZED, [(header::CONTENT_TYPE, "text/html")], format!("<html>bad credentials: {}</html>", authorization(&headers))).into_response()
        }))
        // Echoes the Authorization header inside a JSON value (a count as a string).
        .route("/echo-json/scim/v2/{*rest}", get(|headers: HeaderMap| async move {
            let body = serde_json::json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
                "totalResults": authorization(&headers), "startIndex": 1, "itemsPerPage": 0, "Resources": []
            });
            ([(header::CONTENT_TYPE, "application/scim+json")], body.to_string()).into_response()
        }))
}

/// The request's Authorization header, or "".
fn authorization(headers: &HeaderMap) -> String {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// Certificates made for one test run.
pub struct TestPki {
    pub ca_pem: String,
    ca: rcgen::CertifiedIssuer<'static, rcgen::KeyPair>,
}

impl TestPki {
    pub fn new() -> TestPki {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "Loopio SCIM Assistant test CA");
        let ca = rcgen::CertifiedIssuer::self_signed(params, rcgen::KeyPair::generate().unwrap())
            .unwrap();
        TestPki {
            ca_pem: ca.pem(),
            ca,
        }
    }

    /// A leaf certificate for `host`, optionally already expired.
    pub fn leaf(&self, host: &str, expired: bool) -> (Vec<u8>, Vec<u8>) {
        let mut params = rcgen::CertificateParams::new(vec![host.to_string()]).unwrap();
        if expired {
            params.not_before = rcgen::date_time_ymd(2020, 1, 1);
            params.not_after = rcgen::date_time_ymd(2021, 1, 1);
        }
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &*self.ca).unwrap();
        (cert.der().to_vec(), key.serialize_der())
    }
}

impl Default for TestPki {
    fn default() -> Self {
        Self::new()
    }
}

/// A TLS server that answers every request with a valid, empty SCIM list (or 401 without a
/// token). Plain HTTP/1.1 written by hand: the TLS handshake is what these tests exercise.
pub async fn tls_server(cert_der: Vec<u8>, key_der: Vec<u8>) -> SocketAddr {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![rustls::pki_types::CertificateDer::from(cert_der)],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key_der.into()),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 65536 {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let authorized = String::from_utf8_lossy(&request)
                    .to_ascii_lowercase()
                    .contains("\r\nauthorization: bearer ");
                let (status, body) = if authorized {
                    ("200 OK", LIST_OK)
                } else {
                    ("401 Unauthorized", "{}")
                };
                let response = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: application/scim+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    addr
}
