//! What a failure on the way means: transport errors (DNS, refused, timeout, proxy, TLS) as
//! stable codes, and the credential redacted from anything shown.

use std::error::Error as _;

use loopio_scim_core::secret::Secret;

/// A classified failure: a stable code, a title, what was seen and the remedy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: &'static str,
    pub title: String,
    pub detail: String,
    pub remedy: String,
}

impl Failure {
    pub(crate) fn new(code: &'static str, title: &str, detail: String, remedy: &str) -> Failure {
        Failure {
            code,
            title: title.into(),
            detail,
            remedy: remedy.into(),
        }
    }
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
}
