//! The little HTTP the practice servers need, on hyper's own HTTP/1 server (already linked for
//! the client through reqwest): routes as fixed paths with `{name}` segments, a 405 naming the
//! methods a route takes, the query as a map, and JSON bodies. It answers as axum, which served
//! them before, did: no route is a 404, a method the route does not take is a 405 with `Allow`
//! (before any token check), HEAD is answered as GET, a JSON body needs a JSON content type
//! (415) and must parse (400), and bodies stop at 2 MiB (413).

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;

pub(crate) use hyper::body::Incoming;
pub(crate) use hyper::{header, HeaderMap, Method, Request, StatusCode, Uri};

/// An answer: the whole body at once.
pub(crate) type Response = hyper::Response<Full<Bytes>>;

/// A route: its path (`/apps/{id}/groups`) and the methods it takes.
pub(crate) type Route = (&'static str, &'static [&'static str]);

/// The most a request body may hold (axum's default limit).
const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Serves HTTP/1 connections accepted on `listener` with `handler`, each connection in a task
/// of its own, until the task running this is aborted.
pub(crate) async fn serve<F, A>(listener: TcpListener, handler: F)
where
    F: Fn(Request<Incoming>) -> A + Clone + Send + 'static,
    A: Future<Output = Response> + Send + 'static,
{
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) if connection_error(&e) => continue,
            // Out of file descriptors and the like: wait before accepting again.
            Err(_) => {
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        let handler = handler.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let answer = handler(request);
                async move { Ok::<_, Infallible>(answer.await) }
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

fn connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    )
}

/// The rest of `path` under `prefix` (`""` or starting with `/`), if it is under it.
pub(crate) fn under<'p>(path: &'p str, prefix: &str) -> Option<&'p str> {
    path.strip_prefix(prefix)
        .filter(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The route of `routes` whose path `path` matches: the same number of segments, each the
/// same, or any non-empty one for a `{name}` segment.
pub(crate) fn route(routes: &[Route], path: &str) -> Option<&'static str> {
    routes.iter().map(|(pattern, _)| *pattern).find(|pattern| {
        let mut given = path.split('/');
        let matches = pattern.split('/').all(|want| match given.next() {
            Some(seg) if want.starts_with('{') => !seg.is_empty(),
            Some(seg) => seg == want,
            None => false,
        });
        matches && given.next().is_none()
    })
}

/// The methods of the route with path `pattern` in `routes`.
pub(crate) fn methods(routes: &[Route], pattern: &str) -> &'static [&'static str] {
    routes
        .iter()
        .find(|(p, _)| *p == pattern)
        .map_or(&[], |(_, methods)| methods)
}

/// The method of `methods` that answers `method` (GET answers HEAD), if any.
pub(crate) fn allowed(method: &Method, methods: &[&'static str]) -> Option<&'static str> {
    let method = if method == Method::HEAD {
        "GET"
    } else {
        method.as_str()
    };
    methods.iter().copied().find(|m| *m == method)
}

/// 405, with the methods the route takes in `Allow`.
pub(crate) fn method_not_allowed(methods: &[&str]) -> Response {
    let allow: Vec<&str> = methods
        .iter()
        .map(|m| if *m == "GET" { "GET,HEAD" } else { m })
        .collect();
    let mut answer = empty(StatusCode::METHOD_NOT_ALLOWED);
    if let Ok(allow) = allow.join(",").parse() {
        answer.headers_mut().insert(header::ALLOW, allow);
    }
    answer
}

/// Segment `index` of `path` (`/Users/1001`: 2 is `1001`), percent-decoded; `None` if that is
/// not UTF-8 (answer [`bad_segment`]).
pub(crate) fn segment(path: &str, index: usize) -> Option<String> {
    let raw = path.split('/').nth(index).unwrap_or_default();
    percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// 400 for a path segment that is not UTF-8 once decoded.
pub(crate) fn bad_segment() -> Response {
    plain(StatusCode::BAD_REQUEST, "Invalid URL: not UTF-8".into())
}

/// The query's parameters, decoded (the last one of a repeated name).
pub(crate) fn query(uri: &Uri) -> HashMap<String, String> {
    let query = uri.query().unwrap_or_default();
    form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

/// The whole body (at most [`BODY_LIMIT`]).
pub(crate) async fn body(request: Request<Incoming>) -> Result<Bytes, Response> {
    match Limited::new(request.into_body(), BODY_LIMIT)
        .collect()
        .await
    {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) => {
            let status = if e.is::<http_body_util::LengthLimitError>() {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::BAD_REQUEST
            };
            Err(plain(
                status,
                format!("Failed to buffer the request body: {e}"),
            ))
        }
    }
}

/// The JSON body: 415 without a JSON content type (`application/json`, `application/*+json`),
/// 400 if it is not JSON.
pub(crate) async fn json_body(request: Request<Incoming>) -> Result<Value, Response> {
    if !json_content_type(request.headers()) {
        let expected = "Expected request with `Content-Type: application/json`";
        return Err(plain(StatusCode::UNSUPPORTED_MEDIA_TYPE, expected.into()));
    }
    let body = body(request).await?;
    serde_json::from_slice(&body).map_err(|e| {
        let message = format!("Failed to parse the request body as JSON: {e}");
        plain(StatusCode::BAD_REQUEST, message)
    })
}

fn json_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim();
    let Some((kind, subtype)) = essence.split_once('/') else {
        return false;
    };
    let subtype = subtype.to_ascii_lowercase();
    kind.eq_ignore_ascii_case("application") && (subtype == "json" || subtype.ends_with("+json"))
}

/// An answer of `status` with `body` of `content_type`.
pub(crate) fn text(status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut answer = hyper::Response::new(Full::new(Bytes::from(body)));
    *answer.status_mut() = status;
    answer.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static(content_type),
    );
    answer
}

fn plain(status: StatusCode, body: String) -> Response {
    text(status, "text/plain; charset=utf-8", body)
}

/// An answer of `status` without a body.
pub(crate) fn empty(status: StatusCode) -> Response {
    let mut answer = hyper::Response::new(Full::new(Bytes::new()));
    *answer.status_mut() = status;
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROUTES: &[Route] = &[
        ("/apps", &["GET", "POST"]),
        ("/apps/{id}", &["GET", "PUT", "DELETE"]),
        ("/apps/{id}/groups/{group}", &["PUT"]),
    ];

    #[test]
    fn paths_match_their_route_only() {
        assert_eq!(route(ROUTES, "/apps"), Some("/apps"));
        assert_eq!(route(ROUTES, "/apps/0oa1"), Some("/apps/{id}"));
        assert_eq!(
            route(ROUTES, "/apps/0oa1/groups/00g2"),
            Some("/apps/{id}/groups/{group}")
        );
        for none in [
            "",
            "/",
            "/apps/",
            "/apps//groups/g",
            "/apps/a/groups",
            "/appsx",
        ] {
            assert_eq!(route(ROUTES, none), None, "{none}");
        }
    }

    #[test]
    fn paths_under_a_prefix() {
        assert_eq!(under("/scim/v2/Users", "/scim/v2"), Some("/Users"));
        assert_eq!(under("/scim/v2", "/scim/v2"), Some(""));
        assert_eq!(under("/scim/v20/Users", "/scim/v2"), None);
    }

    #[test]
    fn methods_and_allow() {
        let methods = methods(ROUTES, "/apps");
        assert_eq!(allowed(&Method::HEAD, methods), Some("GET"));
        assert_eq!(allowed(&Method::POST, methods), Some("POST"));
        assert_eq!(allowed(&Method::PATCH, methods), None);
        let refused = method_not_allowed(methods);
        assert_eq!(refused.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(refused.headers()[header::ALLOW], "GET,HEAD,POST");
    }

    #[test]
    fn json_content_types() {
        let with = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(header::CONTENT_TYPE, header::HeaderValue::from_static(v));
            json_content_type(&h)
        };
        assert!(with("application/json"));
        assert!(with("application/scim+json; charset=utf-8"));
        assert!(!with("text/plain"));
        assert!(!json_content_type(&HeaderMap::new()));
    }

    #[test]
    fn segments_are_decoded() {
        assert_eq!(segment("/Users/10%2001", 2).unwrap(), "10 01");
        assert!(segment("/Users/%FF", 2).is_none());
    }
}
