//! The admin's Loopio instance domain: what they type or paste, normalised to a bare host name.
//!
//! Admins paste all sorts of things here: a bare host, a host in capitals, a whole URL copied from
//! the browser's address bar, sometimes the SCIM API host by mistake. Everything the wizard
//! generates hangs off this one value, so it is parsed once, strictly, and every rejection says
//! what is wrong and what a valid value looks like.

use serde::Serialize;
use ts_rs::TS;

/// What a valid value looks like, appended to every rejection.
const EXAMPLE: &str =
    "A valid value looks like acme.loopio.com (the address you sign in to Loopio at).";

/// Hosts that belong to Loopio's SCIM API rather than to an instance.
const API_HOSTS: [&str; 2] = ["api.loopio.com", "api.int01.loopio.com"];

/// Loopio's own web site, not a customer instance.
const MARKETING_HOSTS: [&str; 2] = ["loopio.com", "www.loopio.com"];

const LOOPIO_SUFFIX: &str = ".loopio.com";

/// Okta's own domains: a host under one of them is the admin's Okta org, never Loopio.
const OKTA_DOMAINS: [&str; 3] = ["okta.com", "oktapreview.com", "okta-emea.com"];

/// A validated, normalised Loopio instance host name, e.g. `acme.loopio.com`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct InstanceDomain {
    /// The host in ASCII (IDNA "punycode" form for internationalised names), lower case.
    host: String,
    /// Warnings the admin must see (never a silent acceptance of something unusual).
    warnings: Vec<DomainWarning>,
}

/// Something accepted but unusual about the domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DomainWarning {
    /// Stable identifier, e.g. `domain.custom`.
    pub code: String,
    pub message: String,
}

/// Why a domain was rejected. `code()` is stable (the UI and CLI JSON use it); `Display` is the
/// message shown to the admin, identical in the GUI and the CLI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("Enter your Loopio domain. {EXAMPLE}")]
    Empty,
    #[error("The domain contains a space. Remove it: a domain has no spaces. {EXAMPLE}")]
    ContainsSpace,
    #[error(
        "The domain contains {}, which cannot appear in a domain name. {EXAMPLE}",
        crate::text::describe_char(*.0)
    )]
    IllegalCharacter(char),
    #[error("The address starts with \"{0}://\". Loopio is only served over https://. {EXAMPLE}")]
    UnsupportedScheme(String),
    #[error("\"{0}\" is an IP address. Okta needs your Loopio domain name, not an IP address. {EXAMPLE}")]
    IpAddress(String),
    #[error("Remove the port \":{0}\": Loopio is served on the standard https port. {EXAMPLE}")]
    Port(String),
    #[error("Remove the user name before \"@\": the domain is only the part after it. {EXAMPLE}")]
    UserInfo,
    #[error("\"{host}\" is not a valid domain name: {reason}. {EXAMPLE}")]
    InvalidDns { host: String, reason: String },
    #[error("\"{0}\" is the SCIM API host, not your instance. Enter the domain you sign in to Loopio at; the wizard picks the API host for you. {EXAMPLE}")]
    ApiHost(String),
    #[error("\"{0}\" is Loopio's public web site, not your instance. {EXAMPLE}")]
    MarketingSite(String),
    #[error("{shown} only looks like a loopio.com address: character {position}, {odd}, stands in for \"{looks_like}\". It is a different domain, and Okta would send every SAML sign-in to it. Type your Loopio domain by hand. {EXAMPLE}")]
    LookAlike {
        /// The domain as it reads (Unicode), quoted, with its ASCII form when that differs.
        shown: String,
        /// The odd character(s), named with code point and script.
        odd: String,
        /// 1-based position of the first odd character in the domain as it reads.
        position: usize,
        /// What the odd characters pretend to be.
        looks_like: String,
    },
    #[error("\"{0}\" is your Okta org. The Loopio domain is the address you sign in to Loopio at, not Okta's. {EXAMPLE}")]
    OktaHost(String),
    #[error("\"{host}\" is one or two letters away from loopio.com. Did you mean {suggestion}? A near miss would send every SAML sign-in to another site. {EXAMPLE}")]
    NearMiss {
        host: String,
        /// The same host under loopio.com, e.g. `acme.loopio.com`.
        suggestion: String,
    },
}

impl DomainError {
    /// A stable, machine-readable code for this rejection.
    pub fn code(&self) -> &'static str {
        match self {
            DomainError::Empty => "domain.empty",
            DomainError::ContainsSpace => "domain.space",
            DomainError::IllegalCharacter(_) => "domain.illegal_character",
            DomainError::UnsupportedScheme(_) => "domain.scheme",
            DomainError::IpAddress(_) => "domain.ip_address",
            DomainError::Port(_) => "domain.port",
            DomainError::UserInfo => "domain.user_info",
            DomainError::InvalidDns { .. } => "domain.invalid_dns",
            DomainError::ApiHost(_) => "domain.api_host",
            DomainError::MarketingSite(_) => "domain.marketing_site",
            DomainError::LookAlike { .. } | DomainError::NearMiss { .. } => "domain.lookalike",
            DomainError::OktaHost(_) => "domain.okta_host",
        }
    }

    /// The domain the admin most likely meant, when the core can tell ("Did you mean ...?").
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            DomainError::NearMiss { suggestion, .. } => Some(suggestion),
            _ => None,
        }
    }
}

/// The host part of what was typed, examined by hand before the URL parser sees it: the parser
/// silently accepts user info and drops the default port, and the admin should hear about
/// both. A bare host is treated as https.
fn authority_of(trimmed: &str) -> Result<&str, DomainError> {
    // Split off a scheme if there is one; a bare host is treated as https.
    let rest = match trimmed.find("://") {
        Some(at) => {
            let scheme = &trimmed[..at];
            if !scheme.eq_ignore_ascii_case("https") {
                return Err(DomainError::UnsupportedScheme(scheme.to_ascii_lowercase()));
            }
            &trimmed[at + 3..]
        }
        None => trimmed,
    };

    // The authority is everything up to the first path, query or fragment delimiter. It is
    // examined by hand first because the URL parser silently accepts user info and drops the
    // default port, and the admin should hear about both.
    let authority_end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    if authority.contains('@') {
        return Err(DomainError::UserInfo);
    }
    if authority.starts_with('[') {
        let ip = authority
            .trim_start_matches('[')
            .split(']')
            .next()
            .unwrap_or_default();
        return Err(DomainError::IpAddress(ip.to_string()));
    }
    if let Some((host, port)) = authority.rsplit_once(':') {
        if port.chars().all(|c| c.is_ascii_digit()) {
            if host.is_empty() {
                return Err(DomainError::InvalidDns {
                    host: authority.to_string(),
                    reason: "there is no host name before the port".into(),
                });
            }
            return Err(DomainError::Port(port.to_string()));
        }
        return Err(DomainError::IllegalCharacter(':'));
    }
    let authority = authority.strip_suffix('.').unwrap_or(authority);
    if authority.is_empty() {
        return Err(DomainError::Empty);
    }
    if let Some(bad) = authority.chars().find(|c| is_illegal_host_char(*c)) {
        return Err(DomainError::IllegalCharacter(bad));
    }
    Ok(authority)
}

impl InstanceDomain {
    /// Parses what the admin typed or pasted.
    ///
    /// Accepts a bare host or an `https://` URL (any path, query or fragment is ignored), in any
    /// case, with surrounding whitespace and a trailing dot. Internationalised names are converted
    /// with IDNA (UTS #46) by the `url` crate.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        Self::parse_with(input, false)
    }

    /// As [`InstanceDomain::parse`]; with `custom` a near miss of loopio.com (`acme.loopio.co`)
    /// is accepted on purpose, with the `domain.custom` warning. An Okta host never is.
    pub fn parse_with(input: &str, custom: bool) -> Result<Self, DomainError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(DomainError::Empty);
        }
        if trimmed.chars().any(char::is_whitespace) {
            return Err(DomainError::ContainsSpace);
        }

        let authority = authority_of(trimmed)?;
        let url = url::Url::parse(&format!("https://{authority}/")).map_err(|e| {
            DomainError::InvalidDns {
                host: authority.to_string(),
                reason: describe_url_error(e),
            }
        })?;
        let host = match url.host() {
            Some(url::Host::Domain(d)) => d.to_string(),
            Some(url::Host::Ipv4(ip)) => return Err(DomainError::IpAddress(ip.to_string())),
            Some(url::Host::Ipv6(ip)) => return Err(DomainError::IpAddress(ip.to_string())),
            None => return Err(DomainError::Empty),
        };
        check_dns_name(&host)?;
        check_look_alike(&host)?;

        if API_HOSTS.contains(&host.as_str()) {
            return Err(DomainError::ApiHost(host));
        }
        if MARKETING_HOSTS.contains(&host.as_str()) {
            return Err(DomainError::MarketingSite(host));
        }
        if OKTA_DOMAINS
            .iter()
            .any(|d| host == *d || host.ends_with(&format!(".{d}")))
        {
            return Err(DomainError::OktaHost(host));
        }
        if !custom {
            check_near_miss(&host)?;
        }

        let mut warnings = Vec::new();
        if !host.ends_with(LOOPIO_SUFFIX) {
            warnings.push(DomainWarning {
                code: "domain.custom".into(),
                message: format!(
                    "{host} is not under loopio.com. Custom domains exist, so this is allowed, but \
                     check it is exactly the address you sign in to Loopio at: every SAML value \
                     below is built from it."
                ),
            });
        }
        Ok(InstanceDomain { host, warnings })
    }

    /// The normalised host, e.g. `acme.loopio.com`.
    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn warnings(&self) -> &[DomainWarning] {
        &self.warnings
    }

    /// `https://<host>`, with no trailing slash.
    pub fn origin(&self) -> String {
        format!("https://{}", self.host)
    }
}

/// A host whose last two labels are one or two edits (a letter added, dropped, changed or two
/// swapped) from `loopio.com`: `acme.loopio.co`, `acme.looopio.com`, `acme.loopi0.com`.
fn check_near_miss(host: &str) -> Result<(), DomainError> {
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 {
        return Ok(());
    }
    let (name, site) = labels.split_at(labels.len() - 2);
    let site = site.join(".");
    let distance = edit_distance(&site, "loopio.com");
    if distance == 0 || distance > 2 {
        return Ok(());
    }
    let name = if name.is_empty() {
        "your-company".to_string()
    } else {
        name.join(".")
    };
    Err(DomainError::NearMiss {
        host: host.to_string(),
        suggestion: format!("{name}{LOOPIO_SUFFIX}"),
    })
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbours each count one.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// Characters that can never be part of a host name, even an internationalised one. Letters of
/// any script pass here and are left to IDNA.
fn is_illegal_host_char(c: char) -> bool {
    if c.is_ascii() {
        !(c.is_ascii_alphanumeric() || c == '-' || c == '.')
    } else {
        c.is_control() || c.is_whitespace() || (!c.is_alphanumeric() && !is_idna_mark(c))
    }
}

/// Combining marks are not alphanumeric but occur in valid internationalised labels.
fn is_idna_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0900..=0x0DFF | 0x200C | 0x200D)
}

fn describe_url_error(e: url::ParseError) -> String {
    match e {
        url::ParseError::IdnaError => {
            "it is not a valid internationalised domain name (IDNA conversion failed)".into()
        }
        url::ParseError::EmptyHost => "the host name is empty".into(),
        url::ParseError::InvalidIpv4Address => {
            "the last part is a number, so it reads as a broken IP address; a domain ends in a name such as .com".into()
        }
        url::ParseError::InvalidDomainCharacter => "it contains a character not allowed in a domain".into(),
        other => other.to_string(),
    }
}

/// Refuses a host whose last two labels have the UTS #39 skeleton of `loopio.com` but other
/// characters (`acme.lоopio.com` with a Cyrillic "о", `acme.loopio.corn`): it is someone else's
/// domain that reads as Loopio's, and Okta would post every SAML assertion to it. Works on the
/// ASCII form, so a name that arrives already converted (`xn--...`) is caught the same way.
fn check_look_alike(ascii_host: &str) -> Result<(), DomainError> {
    use unicode_security::confusable_detection::skeleton;
    const REAL: [&str; 2] = ["loopio", "com"];
    let (unicode, result) = idna::domain_to_unicode(ascii_host);
    if result.is_err() {
        return Ok(());
    }
    let labels: Vec<&str> = unicode.split('.').collect();
    if labels.len() < 2 {
        return Ok(());
    }
    let tail = &labels[labels.len() - 2..];
    if tail == REAL {
        return Ok(());
    }
    let skel = |s: &str| skeleton(&s.to_lowercase()).collect::<String>();
    if tail
        .iter()
        .zip(REAL)
        .any(|(got, real)| skel(got) != skel(real))
    {
        return Ok(());
    }
    // The first label that differs, and within it the odd stretch: what is left once the
    // common start and end are set aside.
    let (index, (got, real)) = tail
        .iter()
        .zip(REAL)
        .enumerate()
        .find(|(_, (got, real))| **got != *real)
        .map(|(i, (got, real))| (labels.len() - 2 + i, (*got, real)))
        .unwrap_or((labels.len() - 2, (tail[0], REAL[0])));
    let g: Vec<char> = got.chars().collect();
    let r: Vec<char> = real.chars().collect();
    let start = g.iter().zip(&r).take_while(|(a, b)| a == b).count();
    let end = g[start..]
        .iter()
        .rev()
        .zip(r[start..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let odd_chars = &g[start..g.len() - end];
    let looks_like: String = r[start..r.len() - end].iter().collect();
    let before: usize = labels[..index].iter().map(|l| l.chars().count() + 1).sum();
    let odd = odd_chars
        .iter()
        .map(|&c| describe_look_alike(c))
        .collect::<Vec<_>>()
        .join(" then ");
    let shown = if unicode == ascii_host {
        format!("\"{unicode}\"")
    } else {
        format!("\"{unicode}\" ({ascii_host})")
    };
    Err(DomainError::LookAlike {
        shown,
        odd,
        position: before + start + 1,
        looks_like,
    })
}

/// `"о" (U+043E, a Cyrillic letter)`, or `"r"` for a plain ASCII character.
fn describe_look_alike(c: char) -> String {
    use unicode_script::UnicodeScript;
    if c.is_ascii() {
        return format!("\"{c}\"");
    }
    format!(
        "\"{c}\" (U+{:04X}, a {} character)",
        c as u32,
        c.script().full_name()
    )
}

/// RFC 1035/1123 host name rules on the ASCII (post-IDNA) form.
fn check_dns_name(host: &str) -> Result<(), DomainError> {
    let invalid = |reason: &str| DomainError::InvalidDns {
        host: host.to_string(),
        reason: reason.to_string(),
    };
    if host.len() > 253 {
        return Err(invalid("it is longer than 253 characters"));
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 {
        return Err(invalid("it needs at least one dot, as in acme.loopio.com"));
    }
    for label in &labels {
        if label.is_empty() {
            return Err(invalid("it has an empty part between two dots"));
        }
        if label.len() > 63 {
            return Err(invalid(
                "one part between dots is longer than 63 characters",
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(invalid("a part between dots starts or ends with a hyphen"));
        }
        if let Some(bad) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return Err(DomainError::IllegalCharacter(bad));
        }
    }
    let tld = labels[labels.len() - 1];
    if tld.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid(
            "the last part is a number, which no domain ends with",
        ));
    }
    Ok(())
}

#[cfg(test)]
#[path = "domain_tests.rs"]
mod tests;
