//! The Okta org URL and the API token, as the admin pastes them.
//!
//! Admins paste the admin console's address (`acme-admin.okta.com/admin/dashboard`), a bare
//! host, a whole URL with a path, or their custom domain. The Management API lives on the org's
//! own host, so everything is reduced to `https://<org host>`: the only origin the token is ever
//! sent to.

use std::net::IpAddr;

use loopio_scim_core::secret::{HygieneNote, Secret, TokenError};
use url::Url;

use crate::http::target::is_loopback;

/// Okta's own domains: an org is `<name>.<one of these>` (`-admin` for its admin console).
const OKTA_DOMAINS: [&str; 5] = [
    "okta.com",
    "oktapreview.com",
    "okta-emea.com",
    "okta-gov.com",
    "okta.mil",
];

/// Hosts under Okta's domains that are Okta's own sites, never a customer org.
const OKTA_SITES: [&str; 8] = [
    "www",
    "login",
    "developer",
    "help",
    "support",
    "status",
    "trust",
    "auth0",
];

/// A validated Okta org: the origin every request goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OktaOrg {
    origin: String,
    host: String,
    notes: Vec<HygieneNote>,
}

/// Why an org URL was rejected. `code()` is stable; the message says what a valid one looks like.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrgError {
    #[error("Enter your Okta org URL, for example https://acme.okta.com (the address you sign in to Okta at).")]
    Empty,
    #[error("The Okta org URL must start with https://. Plain http:// is only allowed to this computer (127.0.0.1, ::1 or localhost), for testing.")]
    Scheme,
    #[error("\"{0}\" is not a valid Okta org URL. It looks like https://acme.okta.com.")]
    Invalid(String),
    #[error("Remove the user name before \"@\": the Okta org URL is only https://acme.okta.com.")]
    UserInfo,
    #[error("\"{0}\" is an IP address. Give your Okta org's host name, for example acme.okta.com: Okta's certificate names the host, not the address.")]
    IpAddress(String),
    #[error("\"{0}\" is one of Okta's own sites, not your org. Give your org's address, for example https://acme.okta.com.")]
    OktaSite(String),
    #[error("\"{0}\" is only part of a host name. Did you mean {0}.okta.com (or {0}.oktapreview.com for a preview org)?")]
    Incomplete(String),
    #[error("\"{0}\" is your Loopio instance, not your Okta org. Give the address you sign in to Okta at, for example https://acme.okta.com.")]
    LoopioHost(String),
}

impl OrgError {
    pub fn code(&self) -> &'static str {
        match self {
            OrgError::Empty => "okta_url.empty",
            OrgError::Scheme => "okta_url.scheme",
            OrgError::Invalid(_) => "okta_url.invalid",
            OrgError::UserInfo => "okta_url.user_info",
            OrgError::IpAddress(_) => "okta_url.ip_address",
            OrgError::OktaSite(_) => "okta_url.okta_site",
            OrgError::Incomplete(_) => "okta_url.incomplete",
            OrgError::LoopioHost(_) => "okta_url.loopio_host",
        }
    }
}

impl OktaOrg {
    /// Parses what the admin typed or pasted: a bare host or a URL, any path, query or fragment
    /// dropped, the admin console host mapped to the org host.
    pub fn parse(input: &str) -> Result<OktaOrg, OrgError> {
        let trimmed = input.trim().trim_end_matches('/');
        if trimmed.is_empty() {
            return Err(OrgError::Empty);
        }
        let with_scheme = if trimmed.contains("://") {
            trimmed.to_string()
        } else {
            format!("https://{trimmed}")
        };
        let url = Url::parse(&with_scheme).map_err(|_| OrgError::Invalid(trimmed.to_string()))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(OrgError::UserInfo);
        }
        let host = match url.host() {
            Some(url::Host::Domain(d)) => d.trim_end_matches('.').to_ascii_lowercase(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            None => return Err(OrgError::Invalid(trimmed.to_string())),
        };
        let loopback = is_loopback(&host);
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            _ => return Err(OrgError::Scheme),
        }
        if !loopback && host.parse::<IpAddr>().is_ok() {
            return Err(OrgError::IpAddress(host));
        }
        let mut notes = Vec::new();
        let mut host = host;
        if !loopback {
            if !host.contains('.') {
                return Err(OrgError::Incomplete(host));
            }
            if host == "loopio.com" || host.ends_with(".loopio.com") {
                return Err(OrgError::LoopioHost(host));
            }
            if let Some((first, domain)) = host.split_once('.') {
                let okta_domain = OKTA_DOMAINS.contains(&domain);
                if OKTA_DOMAINS.contains(&host.as_str())
                    || (okta_domain && OKTA_SITES.contains(&first))
                {
                    return Err(OrgError::OktaSite(host));
                }
                if okta_domain {
                    if let Some(org) = first.strip_suffix("-admin").filter(|o| !o.is_empty()) {
                        notes.push(HygieneNote {
                            code: "okta_url.admin_host".into(),
                            message: format!("{host} is the admin console; the API is on the org's own host, {org}.{domain}."),
                        });
                        host = format!("{org}.{domain}");
                    }
                } else {
                    notes.push(HygieneNote {
                        code: "okta_url.custom_domain".into(),
                        message: format!("{host} is not under an Okta domain (okta.com, oktapreview.com, okta-emea.com). That is fine if it is your org's custom domain; the API answers there too."),
                    });
                }
            }
        }
        let authority = match (url.port(), host.parse::<IpAddr>()) {
            (Some(port), Ok(IpAddr::V6(_))) => format!("[{host}]:{port}"),
            (None, Ok(IpAddr::V6(_))) => format!("[{host}]"),
            (Some(port), _) => format!("{host}:{port}"),
            (None, _) => host.clone(),
        };
        Ok(OktaOrg {
            origin: format!("{}://{authority}", url.scheme()),
            host,
            notes,
        })
    }

    /// `https://acme.okta.com` (no trailing slash): where every request goes.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The org's host name, e.g. `acme.okta.com`.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// What was changed or is unusual about the URL (admin console host, custom domain).
    pub fn notes(&self) -> &[HygieneNote] {
        &self.notes
    }
}

/// Cleans a pasted Okta API token: everything [`Secret::from_pasted`] removes, plus the `SSWS `
/// scheme Okta's documentation puts in front of it. The pasted text is only ever sliced, never
/// copied, so no extra copy of the token is left in memory.
pub fn token_from_pasted(pasted: &str) -> Result<(Secret, Vec<HygieneNote>), TokenError> {
    let mut rest = pasted.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    let mut notes = Vec::new();
    const HEADER: &str = "authorization:";
    if rest
        .get(..HEADER.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(HEADER))
    {
        rest = rest[HEADER.len()..].trim_start();
        notes.push(HygieneNote {
            code: "token.header_name".into(),
            message: "Removed a leading \"Authorization:\": paste only the token.".into(),
        });
    }
    const SSWS: &str = "ssws";
    if rest
        .get(..SSWS.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(SSWS))
        && rest[SSWS.len()..].starts_with(char::is_whitespace)
    {
        rest = rest[SSWS.len()..].trim_start();
        notes.push(HygieneNote {
            code: "token.ssws_prefix".into(),
            message: "Removed a leading \"SSWS \": the token is what follows it.".into(),
        });
    }
    let (secret, more) = Secret::from_pasted(rest)?;
    notes.extend(more);
    Ok((secret, notes))
}

/// The message for an unusable Okta token. The core's messages speak of the Loopio SCIM token.
pub fn token_error_message(e: &TokenError) -> String {
    match e {
        TokenError::Empty => "Give your Okta API token (Okta: Security > API > Tokens > Create token).".into(),
        TokenError::Truncated(n) => format!("The Okta API token is only {n} characters long, so it looks cut off. Copy the whole token; Okta shows it only once, so create a new one if you no longer have it."),
        TokenError::Ellipsis => "The Okta API token ends with \"...\", so it was copied from a shortened display. Copy the whole token.".into(),
        TokenError::BadCharacter(what) => format!("The Okta API token contains a character a token cannot have ({what}). Copy it again from the place Okta showed it."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_urls_are_normalised_to_the_org_origin() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("acme.okta.com", "https://acme.okta.com", &[]),
            ("  ACME.Okta.com/ ", "https://acme.okta.com", &[]),
            (
                "https://acme.okta.com/app/UserHome?x=1#top",
                "https://acme.okta.com",
                &[],
            ),
            (
                "https://acme-admin.okta.com/admin/dashboard",
                "https://acme.okta.com",
                &["okta_url.admin_host"],
            ),
            ("acme.oktapreview.com", "https://acme.oktapreview.com", &[]),
            (
                "acme-admin.oktapreview.com",
                "https://acme.oktapreview.com",
                &["okta_url.admin_host"],
            ),
            (
                "https://acme.okta-emea.com",
                "https://acme.okta-emea.com",
                &[],
            ),
            (
                "login.acme.com",
                "https://login.acme.com",
                &["okta_url.custom_domain"],
            ),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080", &[]),
            ("http://localhost:9/x", "http://localhost:9", &[]),
            ("http://[::1]:8443/", "http://[::1]:8443", &[]),
        ];
        for (input, origin, notes) in cases {
            let org = OktaOrg::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(org.origin(), *origin, "{input}");
            let codes: Vec<&str> = org.notes().iter().map(|n| n.code.as_str()).collect();
            assert_eq!(codes, *notes, "{input}");
        }
        assert_eq!(
            OktaOrg::parse("acme-admin.okta.com").unwrap().host(),
            "acme.okta.com"
        );
    }

    #[test]
    fn org_urls_that_cannot_be_right_are_rejected() {
        let cases: &[(&str, &str)] = &[
            ("", "okta_url.empty"),
            ("   ", "okta_url.empty"),
            ("http://acme.okta.com", "okta_url.scheme"),
            ("ftp://acme.okta.com", "okta_url.scheme"),
            ("http://10.0.0.5", "okta_url.scheme"),
            ("https://10.0.0.5", "okta_url.ip_address"),
            ("https://admin:pw@acme.okta.com", "okta_url.user_info"),
            ("okta.com", "okta_url.okta_site"),
            ("www.okta.com", "okta_url.okta_site"),
            ("https://developer.okta.com/docs", "okta_url.okta_site"),
            ("acme", "okta_url.incomplete"),
            ("acme.loopio.com", "okta_url.loopio_host"),
            ("https://exa mple.com", "okta_url.invalid"),
        ];
        for (input, code) in cases {
            let err = OktaOrg::parse(input).expect_err(input);
            assert_eq!(err.code(), *code, "{input}: {err}");
            assert!(!err.to_string().is_empty());
        }
    }

    #[test]
    fn a_pasted_ssws_prefix_is_removed_and_noted() {
        const TOKEN: &str = "00abcdefghijklmnopqrstuvwxyz0123456789ABCD";
        for pasted in [
            TOKEN.to_string(),
            format!("SSWS {TOKEN}"),
            format!("ssws   {TOKEN}\n"),
            format!("Authorization: SSWS {TOKEN}"),
        ] {
            let (secret, notes) = token_from_pasted(&pasted).unwrap();
            assert!(secret.appears_in(TOKEN) && !secret.appears_in("SSWS"));
            let has_prefix = pasted.to_ascii_lowercase().contains("ssws");
            assert_eq!(
                notes.iter().any(|n| n.code == "token.ssws_prefix"),
                has_prefix,
                "{notes:?}"
            );
        }
        let err = token_from_pasted("SSWS ").map(|_| ()).unwrap_err();
        assert!(token_error_message(&err).contains("Okta"));
    }
}
