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
            DomainError::LookAlike { .. } => "domain.look_alike",
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
mod tests {
    use super::*;

    #[test]
    fn accepted_inputs_normalise_to_the_bare_host() {
        let cases = [
            ("acme.loopio.com", "acme.loopio.com"),
            ("ACME.loopio.com", "acme.loopio.com"),
            (" acme.loopio.com ", "acme.loopio.com"),
            ("\tacme.loopio.com\n", "acme.loopio.com"),
            ("https://acme.loopio.com/home", "acme.loopio.com"),
            ("HTTPS://ACME.LOOPIO.COM/home?x=1#top", "acme.loopio.com"),
            ("acme.loopio.com/", "acme.loopio.com"),
            ("acme.loopio.com.", "acme.loopio.com"),
            ("https://acme.loopio.com", "acme.loopio.com"),
            ("acme.int01.loopio.com", "acme.int01.loopio.com"),
            ("my-company.loopio.com", "my-company.loopio.com"),
            ("acme.loopio.com?next=/home", "acme.loopio.com"),
            // Internationalised names go through IDNA.
            ("bücher.loopio.com", "xn--bcher-kva.loopio.com"),
            ("BÜCHER.loopio.com", "xn--bcher-kva.loopio.com"),
        ];
        for (input, want) in cases {
            let got = InstanceDomain::parse(input)
                .unwrap_or_else(|e| panic!("{input:?} was rejected: {e}"));
            assert_eq!(got.host(), want, "input {input:?}");
            assert!(got.warnings().is_empty(), "input {input:?} warned");
        }
    }

    #[test]
    fn rejections_name_the_problem_and_show_a_valid_example() {
        let cases: &[(&str, &str, &str)] = &[
            ("", "domain.empty", "Enter your Loopio domain"),
            ("   ", "domain.empty", "Enter your Loopio domain"),
            ("https://", "domain.empty", "Enter your Loopio domain"),
            ("acme loopio.com", "domain.space", "contains a space"),
            ("acme.loo pio.com", "domain.space", "contains a space"),
            ("acme_x.loopio.com", "domain.illegal_character", "\"_\""),
            ("acme!.loopio.com", "domain.illegal_character", "\"!\""),
            ("acme*.loopio.com", "domain.illegal_character", "\"*\""),
            ("acme.loopio.com:8443", "domain.port", ":8443"),
            ("https://acme.loopio.com:443/home", "domain.port", ":443"),
            ("http://acme.loopio.com", "domain.scheme", "\"http://\""),
            ("ftp://acme.loopio.com", "domain.scheme", "\"ftp://\""),
            ("user@acme.loopio.com", "domain.user_info", "before \"@\""),
            (
                "https://user:pw@acme.loopio.com",
                "domain.user_info",
                "before \"@\"",
            ),
            ("192.168.1.10", "domain.ip_address", "192.168.1.10"),
            ("https://10.0.0.1/home", "domain.ip_address", "IP address"),
            ("[::1]", "domain.ip_address", "::1"),
            ("https://[2001:db8::1]/", "domain.ip_address", "2001:db8::1"),
            ("localhost", "domain.invalid_dns", "at least one dot"),
            ("acme..loopio.com", "domain.invalid_dns", "empty part"),
            ("-acme.loopio.com", "domain.invalid_dns", "hyphen"),
            ("acme-.loopio.com", "domain.invalid_dns", "hyphen"),
            ("acme.123", "domain.invalid_dns", "number"),
            (
                "api.loopio.com",
                "domain.api_host",
                "SCIM API host, not your instance",
            ),
            (
                "https://api.loopio.com/scim/v2",
                "domain.api_host",
                "SCIM API host",
            ),
            ("API.INT01.loopio.com", "domain.api_host", "SCIM API host"),
            ("www.loopio.com", "domain.marketing_site", "public web site"),
            ("loopio.com", "domain.marketing_site", "public web site"),
        ];
        for (input, code, fragment) in cases {
            let err = InstanceDomain::parse(input).expect_err(input);
            assert_eq!(err.code(), *code, "input {input:?}: {err}");
            let message = err.to_string();
            assert!(message.contains(fragment), "input {input:?}: {message}");
            assert!(
                message.contains("acme.loopio.com"),
                "no example in {message}"
            );
        }
    }

    #[test]
    fn too_long_labels_and_names_are_rejected() {
        let long_label = format!("{}.loopio.com", "a".repeat(64));
        let err = InstanceDomain::parse(&long_label).unwrap_err();
        assert_eq!(err.code(), "domain.invalid_dns");
        assert!(err.to_string().contains("63"));

        let long_name = format!("{}loopio.com", "abcdefghi.".repeat(25));
        let err = InstanceDomain::parse(&long_name).unwrap_err();
        assert_eq!(err.code(), "domain.invalid_dns");
        assert!(err.to_string().contains("253"));
    }

    #[test]
    fn a_host_outside_loopio_is_accepted_with_a_warning() {
        let d = InstanceDomain::parse("https://rfp.example.com/home").unwrap();
        assert_eq!(d.host(), "rfp.example.com");
        assert_eq!(d.warnings().len(), 1);
        assert_eq!(d.warnings()[0].code, "domain.custom");
        assert!(d.warnings()[0].message.contains("rfp.example.com"));
        // A look-alike suffix is not loopio.com either.
        let d = InstanceDomain::parse("acme.notloopio.com").unwrap();
        assert_eq!(d.warnings().len(), 1);
    }

    #[test]
    fn a_look_alike_of_loopio_is_refused_naming_the_odd_character() {
        let cyrillic_o = "acme.l\u{043E}opio.com";
        let punycode = url::Url::parse(&format!("https://{cyrillic_o}/"))
            .unwrap()
            .host_str()
            .unwrap()
            .to_string();
        assert!(punycode.contains("xn--"), "{punycode}");
        for input in [
            cyrillic_o.to_string(),
            format!("https://{cyrillic_o}/home"),
            // Already converted, as the url crate or a browser hands it over.
            punycode.clone(),
        ] {
            let err = InstanceDomain::parse(&input).expect_err(&input);
            assert_eq!(err.code(), "domain.look_alike", "{input}: {err}");
            let message = err.to_string();
            assert!(message.contains("character 7"), "{message}");
            assert!(message.contains("U+043E"), "{message}");
            assert!(message.contains("Cyrillic"), "{message}");
            assert!(message.contains("stands in for \"o\""), "{message}");
            assert!(message.contains("acme.l\u{043E}opio.com"), "{message}");
            assert!(message.contains(&punycode), "{message}");
            assert!(message.contains("SAML"), "{message}");
        }
        // Other look-alikes of loopio.com: a Cyrillic "о" in "com", a Greek omicron, and plain
        // ASCII that reads the same ("rn" for "m", "1" for "l").
        for (input, fragment) in [
            ("acme.loopio.c\u{043E}m", "character 14"),
            ("acme.lo\u{03BF}pio.com", "Greek"),
            ("acme.loopio.corn", "\"r\" then \"n\", stands in for \"m\""),
            ("acme.1oopio.com", "\"1\", stands in for \"l\""),
            ("l\u{043E}opio.com", "character 2"),
        ] {
            let err = InstanceDomain::parse(input).expect_err(input);
            assert_eq!(err.code(), "domain.look_alike", "{input}: {err}");
            assert!(err.to_string().contains(fragment), "{input}: {err}");
        }
        // The real thing, other scripts in the instance's own name, and custom domains pass.
        for input in [
            "acme.loopio.com",
            "b\u{00FC}cher.loopio.com",
            "rfp.example.com",
            "acme.notloopio.com",
        ] {
            assert!(InstanceDomain::parse(input).is_ok(), "{input}");
        }
    }

    #[test]
    fn origin_has_no_trailing_slash() {
        let d = InstanceDomain::parse("acme.loopio.com").unwrap();
        assert_eq!(d.origin(), "https://acme.loopio.com");
    }
}
