//! What the connection test talks to, validated before any request is made.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use url::Url;

use loopio_scim_core::setup::{Environment, InstanceDomain};

/// Hosts of Loopio's SCIM API; anything else gets a warning, and a token saved in the keychain
/// is never sent to it.
const LOOPIO_API_HOSTS: [&str; 2] = ["api.loopio.com", "api.int01.loopio.com"];

/// Whether `host` is Loopio's SCIM API (production or sandbox).
pub fn is_loopio_api_host(host: &str) -> bool {
    LOOPIO_API_HOSTS.contains(&host)
}

/// Raw options, as given on the command line or in the window's advanced options.
#[derive(Debug, Clone, Default)]
pub struct TargetOptions {
    pub environment: Option<Environment>,
    pub base_url: Option<String>,
    pub domain: Option<String>,
    /// curl-style `HOST:PORT:ADDR` overrides.
    pub resolve: Vec<String>,
    pub ca_file: Option<PathBuf>,
    pub timeout: Option<Duration>,
    pub deadline: Option<Duration>,
}

/// A validated target.
#[derive(Debug, Clone)]
pub struct Target {
    /// The SCIM base URL exactly as Okta will use it (a trailing slash is kept: Okta keeps it).
    pub base_url: String,
    pub base_host: String,
    pub domain: Option<InstanceDomain>,
    pub resolve: Vec<(String, SocketAddr)>,
    /// PEM bytes of extra trusted roots.
    pub extra_roots: Option<Vec<u8>>,
    pub timeout: Duration,
    pub deadline: Duration,
    /// Things about the target itself the admin should know (custom host, trailing slash, a
    /// path other than Loopio's): `(code, what was seen, what to do)`.
    pub warnings: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("Choose an environment (production or sandbox) or give a SCIM base URL.")]
    NoTarget,
    #[error(
        "The SCIM base URL is not a valid URL ({0}). It looks like https://api.loopio.com/scim/v2."
    )]
    BadUrl(String),
    #[error("The SCIM base URL must start with https://. Plain http:// is only allowed to this computer (127.0.0.1, ::1 or localhost), for testing.")]
    PlainHttp,
    #[error("The SCIM base URL must not contain a user name, password, query or fragment. It looks like https://api.loopio.com/scim/v2.")]
    ExtraParts,
    #[error("--resolve {0:?} is not HOST:PORT:ADDRESS, as in api.loopio.com:443:127.0.0.1.")]
    BadResolve(String),
    #[error("The CA file {path} could not be used: {reason}.")]
    BadCaFile { path: String, reason: String },
    #[error("{0}")]
    BadDomain(String),
    #[error("The timeout must be between 1 and 120 seconds.")]
    BadTimeout,
}

impl TargetError {
    pub fn code(&self) -> &'static str {
        match self {
            TargetError::NoTarget => "config.no_target",
            TargetError::BadUrl(_) => "config.base_url",
            TargetError::PlainHttp => "config.plain_http",
            TargetError::ExtraParts => "config.base_url_parts",
            TargetError::BadResolve(_) => "config.resolve",
            TargetError::BadCaFile { .. } => "config.ca_file",
            TargetError::BadDomain(_) => "domain.invalid",
            TargetError::BadTimeout => "config.timeout",
        }
    }
}

impl From<TargetError> for loopio_scim_core::error::CommandError {
    fn from(e: TargetError) -> Self {
        Self::new(e.code(), e.to_string())
    }
}

/// The per-request timeout the connection test accepts, in seconds: the CLI's --timeout-secs
/// and the window use the same bounds.
pub const TIMEOUT_SECS: std::ops::RangeInclusive<u64> = 1..=120;

/// The base URL parsed and checked: https (plain http only to this computer), a host, nothing
/// but a path. Returns it with its bare host (no IPv6 brackets).
fn checked_url(raw: &str) -> Result<(Url, String), TargetError> {
    let url = Url::parse(raw).map_err(|e| TargetError::BadUrl(e.to_string()))?;
    if !url.username().is_empty()
        || url.password().is_some()
        || url.query().is_some()
        || url.fragment().is_some()
    {
        return Err(TargetError::ExtraParts);
    }
    let host = url
        .host_str()
        .ok_or_else(|| TargetError::BadUrl("there is no host".into()))?
        .to_string();
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => return Err(TargetError::PlainHttp),
        other => {
            return Err(TargetError::BadUrl(format!(
                "the scheme {other}:// is not https://"
            )))
        }
    }
    let bare_host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    Ok((url, bare_host))
}

/// What is worth a look in a valid base URL: `(code, what was seen, what to do)`.
fn url_warnings(url: &Url, raw: &str, bare_host: &str) -> Vec<(String, String, String)> {
    let mut warnings = Vec::new();
    let loopio_host = is_loopio_api_host(bare_host);
    if url.scheme() == "https" && !loopio_host {
        warnings.push((
            "target.custom_host".to_string(),
            format!("{bare_host} is not Loopio's SCIM API host (api.loopio.com, or api.int01.loopio.com for the sandbox)."),
            "Check this is the URL you mean to give Okta.".to_string(),
        ));
    }
    let path = url.path().trim_end_matches('/');
    if loopio_host && path != "/scim/v2" {
        let shown = if path.is_empty() { "/" } else { path };
        warnings.push((
            "target.path".to_string(),
            format!("The base URL's path is {shown}; Loopio's SCIM API is at /scim/v2."),
            format!("Use https://{bare_host}/scim/v2 exactly, in Okta too: with any other path, Okta's requests find nothing (404)."),
        ));
    }
    if raw.ends_with('/') {
        // With a wrong path too, the URL to give Okta is the one the path warning names.
        let give = if warnings.iter().any(|w| w.0 == "target.path") {
            String::new()
        } else {
            format!(" and give Okta {}", raw.trim_end_matches('/'))
        };
        warnings.push((
            "target.trailing_slash".to_string(),
            format!("The base URL ends with \"/\": {raw}"),
            format!("Remove the trailing slash{give}. Okta adds \"/Users\" itself, so with the slash it requests \"//Users\"."),
        ));
    }
    warnings
}

/// The `--resolve` overrides, with the rule that plain HTTP only ever reaches this computer.
fn overrides(
    specs: &[String],
    url: &Url,
    bare_host: &str,
) -> Result<Vec<(String, SocketAddr)>, TargetError> {
    let mut resolve = specs
        .iter()
        .map(|r| parse_resolve(r))
        .collect::<Result<Vec<_>, _>>()?;
    if url.scheme() == "http" {
        // Plain HTTP carries the token unencrypted: it may only reach this computer, whatever
        // DNS or an override says.
        if resolve.iter().any(|(_, addr)| !addr.ip().is_loopback()) {
            return Err(TargetError::PlainHttp);
        }
        if bare_host.eq_ignore_ascii_case("localhost") {
            let port = url.port_or_known_default().unwrap_or(80);
            resolve.push(("localhost".into(), SocketAddr::from(([127, 0, 0, 1], port))));
        }
    }
    Ok(resolve)
}

impl Target {
    pub fn from_options(options: &TargetOptions) -> Result<Target, TargetError> {
        let raw = match (&options.base_url, options.environment) {
            (Some(url), _) => url.trim().to_string(),
            (None, Some(env)) => env.scim_base_url().to_string(),
            (None, None) => return Err(TargetError::NoTarget),
        };
        let (url, bare_host) = checked_url(&raw)?;
        let warnings = url_warnings(&url, &raw, &bare_host);
        let domain = match options
            .domain
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            Some(d) => {
                Some(InstanceDomain::parse(d).map_err(|e| TargetError::BadDomain(e.to_string()))?)
            }
            None => None,
        };
        let resolve = overrides(&options.resolve, &url, &bare_host)?;
        let extra_roots = match &options.ca_file {
            None => None,
            Some(path) => Some(read_ca_file(path)?),
        };
        let timeout = options.timeout.unwrap_or(Duration::from_secs(10));
        let bounds =
            Duration::from_secs(*TIMEOUT_SECS.start())..=Duration::from_secs(*TIMEOUT_SECS.end());
        if !bounds.contains(&timeout) {
            return Err(TargetError::BadTimeout);
        }
        let deadline = options
            .deadline
            .unwrap_or_else(|| (timeout * 2).max(Duration::from_secs(20)));
        Ok(Target {
            base_url: raw,
            base_host: bare_host,
            domain,
            resolve,
            extra_roots,
            timeout,
            deadline,
            warnings,
        })
    }
}

/// True for hosts that are this computer.
pub fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn parse_resolve(spec: &str) -> Result<(String, SocketAddr), TargetError> {
    let bad = || TargetError::BadResolve(spec.to_string());
    let (host, rest) = spec.split_once(':').ok_or_else(bad)?;
    let (port, addr) = rest.split_once(':').ok_or_else(bad)?;
    let port: u16 = port.parse().map_err(|_| bad())?;
    let addr = addr.trim_start_matches('[').trim_end_matches(']');
    let ip: IpAddr = addr.parse().map_err(|_| bad())?;
    if host.is_empty() {
        return Err(bad());
    }
    Ok((host.to_ascii_lowercase(), SocketAddr::new(ip, port)))
}

fn read_ca_file(path: &PathBuf) -> Result<Vec<u8>, TargetError> {
    let err = |reason: String| TargetError::BadCaFile {
        path: path.display().to_string(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| err(e.to_string()))?;
    if bytes.len() > 1024 * 1024 {
        return Err(err("it is larger than 1 MiB".into()));
    }
    // Validate now so a bad file is reported as such, not as a TLS failure later.
    reqwest::Certificate::from_pem_bundle(&bytes)
        .map_err(|e| err(format!("it is not a PEM certificate ({e})")))?;
    if !String::from_utf8_lossy(&bytes).contains("-----BEGIN CERTIFICATE-----") {
        return Err(err("it holds no PEM certificate".into()));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(base: &str) -> TargetOptions {
        TargetOptions {
            base_url: Some(base.into()),
            ..Default::default()
        }
    }

    #[test]
    fn environments_and_urls() {
        let t = Target::from_options(&TargetOptions {
            environment: Some(Environment::Sandbox),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(t.base_url, "https://api.int01.loopio.com/scim/v2");
        assert!(t.warnings.is_empty());
        let t = Target::from_options(&opts("http://127.0.0.1:8080/scim/v2")).unwrap();
        assert_eq!(t.base_host, "127.0.0.1");
        let t = Target::from_options(&opts("https://scim.example.com/v2/")).unwrap();
        let codes: Vec<&str> = t.warnings.iter().map(|w| w.0.as_str()).collect();
        assert_eq!(codes, ["target.custom_host", "target.trailing_slash"]);
        // What was seen and what to do are never the same words.
        for (code, seen, fix) in &t.warnings {
            assert_ne!(seen, fix, "{code}");
        }
        let slash = &t.warnings[1];
        assert!(
            slash.1.contains("https://scim.example.com/v2/"),
            "{slash:?}"
        );
        assert!(
            slash.2.contains("give Okta https://scim.example.com/v2."),
            "{slash:?}"
        );
        // A path on Loopio's own host other than /scim/v2.
        let t = Target::from_options(&opts("https://api.loopio.com/scim")).unwrap();
        let codes: Vec<&str> = t.warnings.iter().map(|w| w.0.as_str()).collect();
        assert_eq!(codes, ["target.path"]);
        assert!(t.warnings[0].2.contains("https://api.loopio.com/scim/v2"));
        let t = Target::from_options(&opts("https://api.loopio.com/scim/v2/")).unwrap();
        let codes: Vec<&str> = t.warnings.iter().map(|w| w.0.as_str()).collect();
        assert_eq!(codes, ["target.trailing_slash"]);
    }

    #[test]
    fn rejections() {
        let cases: &[(&str, &str)] = &[
            (
                "http://api.loopio.com/scim/v2",
                "only allowed to this computer",
            ),
            ("http://10.0.0.5/scim/v2", "only allowed to this computer"),
            ("ftp://api.loopio.com/scim/v2", "not https"),
            ("api.loopio.com/scim/v2", "not a valid URL"),
            ("https://u:p@api.loopio.com/scim/v2", "user name"),
            ("https://api.loopio.com/scim/v2?x=1", "query"),
        ];
        for (url, fragment) in cases {
            let err = Target::from_options(&opts(url)).unwrap_err();
            assert!(err.to_string().contains(fragment), "{url}: {err}");
        }
        // An override cannot send a plain-HTTP request (and its token) off this computer.
        let mut o = opts("http://localhost:8080/scim/v2");
        o.resolve = vec!["localhost:8080:203.0.113.5".into()];
        assert_eq!(
            Target::from_options(&o).unwrap_err(),
            TargetError::PlainHttp
        );
        o.resolve = vec!["localhost:8080:127.0.0.2".into()];
        assert!(Target::from_options(&o).is_ok());
        let pinned = Target::from_options(&opts("http://localhost:8080/scim/v2")).unwrap();
        assert_eq!(
            pinned.resolve,
            [("localhost".to_string(), "127.0.0.1:8080".parse().unwrap())]
        );
        assert_eq!(
            Target::from_options(&TargetOptions::default()).unwrap_err(),
            TargetError::NoTarget
        );
    }

    #[test]
    fn resolve_specs() {
        assert_eq!(
            parse_resolve("api.loopio.com:443:127.0.0.1").unwrap(),
            ("api.loopio.com".into(), "127.0.0.1:443".parse().unwrap())
        );
        assert_eq!(
            parse_resolve("h:8443:[::1]").unwrap().1,
            "[::1]:8443".parse().unwrap()
        );
        for bad in [
            "api.loopio.com",
            "h:x:127.0.0.1",
            "h:443:notanip",
            ":443:127.0.0.1",
        ] {
            assert!(parse_resolve(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn loopback_detection() {
        for h in ["127.0.0.1", "127.5.5.5", "[::1]", "localhost", "LOCALHOST"] {
            assert!(is_loopback(h), "{h}");
        }
        for h in ["10.0.0.1", "api.loopio.com", "localhost.example.com"] {
            assert!(!is_loopback(h), "{h}");
        }
    }
}
