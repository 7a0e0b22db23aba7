//! The two things the read-back shows of the IdP signing certificate, read from its DER: the
//! subject (`CN=acme, O=Okta`) and the not-after date (RFC 3339).
//!
//! A walk of the X.509 structure (RFC 5280 4.1) down to the subject, instead of a whole X.509
//! parser: the outer `Certificate` must be the three parts it is made of, and the
//! `TBSCertificate` must have its fields in order up to the public key; what follows (unique
//! ids, extensions) is not read. The subject is written as x509-parser, used before, wrote it:
//! RDNs joined with `, `, the attributes of one RDN with ` + `, each `ABBR=value` (`CN`, `C`,
//! `L`, `ST`, `O`, `OU`, `DC`, `Email`, else the attribute's short name, else `OID(2.5.4.99)`),
//! string values as they are (BMPString decoded), any other value in upper-case hex.

use std::fmt::Write;

/// Subject and not-after of the DER certificate `der`, or `None` if it is not one.
pub(super) fn details(der: &[u8]) -> Option<(String, String)> {
    let (certificate, _) = Der(der).next(SEQUENCE)?;
    let mut parts = Der(certificate);
    let (tbs, _) = parts.next(SEQUENCE)?;
    algorithm(parts.next(SEQUENCE)?.0)?; // signatureAlgorithm
    parts.next(BIT_STRING)?; // signatureValue
    if !parts.0.is_empty() {
        return None;
    }
    let mut tbs = Der(tbs);
    if tbs.0.first() == Some(&VERSION) {
        let mut version = Der(tbs.next(VERSION)?.0);
        version.next(INTEGER)?;
        if !version.0.is_empty() {
            return None;
        }
    }
    tbs.next(INTEGER)?; // serialNumber
    algorithm(tbs.next(SEQUENCE)?.0)?; // signature
    let (issuer, _) = tbs.next(SEQUENCE)?;
    name(issuer)?;
    let (validity, _) = tbs.next(SEQUENCE)?;
    let (subject, _) = tbs.next(SEQUENCE)?;
    let subject = name(subject)?;
    tbs.next(SEQUENCE)?; // subjectPublicKeyInfo
    let mut validity = Der(validity);
    time(validity.any()?)?; // notBefore
    let not_after = time(validity.any()?)?;
    if !validity.0.is_empty() {
        return None;
    }
    Some((subject, not_after))
}

/// An `AlgorithmIdentifier`'s contents: an OID, then parameters or none.
fn algorithm(der: &[u8]) -> Option<()> {
    let mut parts = Der(der);
    dotted(parts.next(OID)?.0)?;
    if !parts.0.is_empty() {
        parts.any()?;
    }
    parts.0.is_empty().then_some(())
}

const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OID: u8 = 0x06;
const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;
const VERSION: u8 = 0xa0;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;
const BMP_STRING: u8 = 0x1e;
/// The string types whose bytes are the text (UTF-8 for all of them, as x509-parser took them).
const STRINGS: [u8; 10] = [0x07, 0x0c, 0x12, 0x13, 0x14, 0x15, 0x16, 0x19, 0x1a, 0x1b];

/// DER elements one after the other.
struct Der<'a>(&'a [u8]);

impl<'a> Der<'a> {
    /// The next element: its tag (the first byte of a multi-byte tag) and contents.
    fn any(&mut self) -> Option<(u8, &'a [u8])> {
        let (&tag, mut rest) = self.0.split_first()?;
        if tag & 0x1f == 0x1f {
            // A tag number over 30: its bytes go on while the top bit is set.
            let end = rest.iter().position(|b| b & 0x80 == 0)?;
            rest = &rest[end + 1..];
        }
        let (&first, mut rest) = rest.split_first()?;
        let len = if first < 0x80 {
            usize::from(first)
        } else {
            // The long form; 0x80 (indefinite) is not DER.
            let count = usize::from(first & 0x7f);
            if count == 0 || count > 4 || rest.len() < count {
                return None;
            }
            let (bytes, after) = rest.split_at(count);
            rest = after;
            bytes.iter().fold(0usize, |n, b| (n << 8) | usize::from(*b))
        };
        if rest.len() < len {
            return None;
        }
        let (contents, after) = rest.split_at(len);
        self.0 = after;
        Some((tag, contents))
    }

    /// The next element, which must have tag `tag`.
    fn next(&mut self, tag: u8) -> Option<(&'a [u8], ())> {
        let (found, contents) = self.any()?;
        (found == tag).then_some((contents, ()))
    }
}

/// A `Name`: a sequence of RDNs (sets of type and value), written out; `None` if it is not
/// one. A value that is not text in the string type it claims makes the whole subject
/// `<X509Error: Invalid X.509 name>`, as x509-parser wrote it (the certificate is still read).
fn name(der: &[u8]) -> Option<String> {
    let mut rdns = Der(der);
    let mut out: Vec<Option<String>> = Vec::new();
    while !rdns.0.is_empty() {
        let (set, _) = rdns.next(SET)?;
        let mut set = Der(set);
        let mut attributes: Vec<Option<String>> = Vec::new();
        while !set.0.is_empty() {
            let (pair, _) = set.next(SEQUENCE)?;
            let mut pair = Der(pair);
            let (oid, _) = pair.next(OID)?;
            let (tag, value) = pair.any()?;
            if !pair.0.is_empty() {
                return None;
            }
            let kind = attribute_type(oid)?;
            attributes.push(attribute_value(tag, value).map(|v| format!("{kind}={v}")));
        }
        let rdn: Option<Vec<String>> = attributes.into_iter().collect();
        out.push(rdn.map(|a| a.join(" + ")));
    }
    let written: Option<Vec<String>> = out.into_iter().collect();
    Some(written.map_or_else(
        || "<X509Error: Invalid X.509 name>".into(),
        |n| n.join(", "),
    ))
}

/// The abbreviation or short name of an attribute type, else `OID(dotted)`.
fn attribute_type(oid: &[u8]) -> Option<String> {
    let dotted = dotted(oid)?;
    let known = match dotted.as_str() {
        "2.5.4.3" => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "0.9.2342.19200300.100.1.25" => "DC",
        "1.2.840.113549.1.9.1" => "Email",
        "0.9.2342.19200300.100.1.1" => "uid",
        "2.5.4.0" => "objectClass",
        "2.5.4.1" => "aliasedEntryName",
        "2.5.4.2" => "knowledgeInformation",
        "2.5.4.4" => "surname",
        "2.5.4.5" => "serialNumber",
        "2.5.4.9" => "streetAddress",
        "2.5.4.12" => "title",
        "2.5.4.13" => "description",
        "2.5.4.14" => "searchGuide",
        "2.5.4.15" => "businessCategory",
        "2.5.4.16" => "postalAddress",
        "2.5.4.17" => "postalCode",
        "2.5.4.41" => "name",
        "2.5.4.42" => "givenName",
        "2.5.4.43" => "initials",
        "2.5.4.44" => "generationQualifier",
        "2.5.4.45" => "uniqueIdentifier",
        "2.5.4.46" => "dnQualifier",
        _ => return Some(format!("OID({dotted})")),
    };
    Some(known.to_string())
}

/// An OID's contents as `1.2.840...`.
fn dotted(oid: &[u8]) -> Option<String> {
    let mut arcs: Vec<u64> = Vec::new();
    let mut arc: u64 = 0;
    for (i, b) in oid.iter().enumerate() {
        arc = arc.checked_mul(128)? | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            arcs.push(arc);
            arc = 0;
        } else if i + 1 == oid.len() {
            return None;
        }
    }
    let (&first, rest) = arcs.split_first()?;
    let (a, b) = match first {
        0..=39 => (0, first),
        40..=79 => (1, first - 40),
        _ => (2, first - 80),
    };
    let mut out = format!("{a}.{b}");
    for arc in rest {
        let _ = write!(out, ".{arc}");
    }
    Some(out)
}

fn attribute_value(tag: u8, value: &[u8]) -> Option<String> {
    if STRINGS.contains(&tag) {
        return std::str::from_utf8(value).ok().map(str::to_string);
    }
    if tag == BMP_STRING {
        if value.len() % 2 != 0 {
            return None;
        }
        let units: Vec<u16> = value
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16(&units).ok();
    }
    Some(value.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02X}");
        out
    }))
}

/// A `Time` (UTCTime `YYMMDDHHMMSSZ`, years 1950 to 2049, or GeneralizedTime
/// `YYYYMMDDHHMMSSZ`) as RFC 3339.
fn time((tag, value): (u8, &[u8])) -> Option<String> {
    let text = std::str::from_utf8(value).ok()?;
    let digits = text.strip_suffix('Z')?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, rest) = match (tag, digits.len()) {
        (UTC_TIME, 12) => {
            let yy: i32 = digits[..2].parse().ok()?;
            (if yy < 50 { 2000 + yy } else { 1900 + yy }, &digits[2..])
        }
        (GENERALIZED_TIME, 14) => (digits[..4].parse().ok()?, &digits[4..]),
        _ => return None,
    };
    let two = |i: usize| rest[i..i + 2].parse::<u8>().ok();
    let month = time::Month::try_from(two(0)?).ok()?;
    let date = time::Date::from_calendar_date(year, month, two(2)?).ok()?;
    let at = time::Time::from_hms(two(4)?, two(6)?, two(8)?).ok()?;
    time::PrimitiveDateTime::new(date, at)
        .assume_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        match contents.len() {
            n if n < 0x80 => out.push(n as u8),
            n if n < 0x100 => out.extend([0x81, n as u8]),
            n => out.extend([0x82, (n >> 8) as u8, n as u8]),
        }
        out.extend_from_slice(contents);
        out
    }

    fn attribute(oid: &[u8], tag: u8, value: &[u8]) -> Vec<u8> {
        tlv(SEQUENCE, &[tlv(OID, oid), tlv(tag, value)].concat())
    }

    /// A certificate with `subject` (the contents of its Name) and a fixed validity.
    fn certificate(subject: &[u8], not_after: (u8, &str)) -> Vec<u8> {
        let validity = [
            tlv(UTC_TIME, b"250302000000Z"),
            tlv(not_after.0, not_after.1.as_bytes()),
        ];
        let tbs = [
            tlv(VERSION, &tlv(INTEGER, &[2])),
            tlv(INTEGER, &[1]),
            tlv(
                SEQUENCE,
                &tlv(OID, &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]),
            ),
            tlv(SEQUENCE, subject),
            tlv(SEQUENCE, &validity.concat()),
            tlv(SEQUENCE, subject),
            tlv(SEQUENCE, &tlv(BIT_STRING, &[0; 66])),
        ];
        let alg = tlv(
            SEQUENCE,
            &tlv(OID, &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]),
        );
        let parts = [tlv(SEQUENCE, &tbs.concat()), alg, tlv(BIT_STRING, &[0; 72])];
        tlv(SEQUENCE, &parts.concat())
    }

    const CN: &[u8] = &[0x55, 0x04, 0x03];
    const O: &[u8] = &[0x55, 0x04, 0x0a];
    const EMAIL: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01];

    #[test]
    fn subject_and_expiry_as_x509_parser_wrote_them() {
        let subject = [
            tlv(SET, &attribute(CN, 0x0c, b"acmeorg")),
            tlv(SET, &attribute(O, 0x13, b"Okta")),
            tlv(
                SET,
                &[
                    attribute(EMAIL, 0x16, b"info@okta.com"),
                    attribute(&[0x55, 0x04, 0x63], 0x1e, &[0, b'h', 0, b'i']),
                ]
                .concat(),
            ),
            tlv(SET, &attribute(&[0x55, 0x04, 0x2a], 0x04, &[0xab, 0x01])),
        ]
        .concat();
        let der = certificate(&subject, (GENERALIZED_TIME, "20450123000000Z"));
        assert_eq!(
            details(&der),
            Some((
                "CN=acmeorg, O=Okta, Email=info@okta.com + OID(2.5.4.99)=hi, givenName=AB01".into(),
                "2045-01-23T00:00:00Z".into()
            ))
        );
        let utc = certificate(&subject, (UTC_TIME, "491231235959Z"));
        assert_eq!(details(&utc).unwrap().1, "2049-12-31T23:59:59Z");
        let utc = certificate(&subject, (UTC_TIME, "500101000000Z"));
        assert_eq!(details(&utc).unwrap().1, "1950-01-01T00:00:00Z");
    }

    #[test]
    fn what_is_not_a_certificate() {
        let subject = tlv(SET, &attribute(CN, 0x0c, b"acmeorg"));
        let good = certificate(&subject, (GENERALIZED_TIME, "20450123000000Z"));
        assert!(details(&good).is_some());
        for bad in [
            certificate(&subject, (GENERALIZED_TIME, "20451323000000Z")),
            certificate(&subject, (GENERALIZED_TIME, "2045012300000Z")),
            certificate(&subject, (UTC_TIME, "20450123000000Z")),
            certificate(
                &tlv(SET, &tlv(SEQUENCE, &tlv(OID, CN))),
                (UTC_TIME, "450123000000Z"),
            ),
        ] {
            assert_eq!(details(&bad), None);
        }
        for cut in 0..good.len() {
            assert_eq!(details(&good[..cut]), None, "{cut}");
        }
        assert_eq!(details(b""), None);
        let not_text = tlv(SET, &attribute(CN, 0x0c, &[0xff]));
        let der = certificate(&not_text, (UTC_TIME, "450123000000Z"));
        assert_eq!(
            details(&der),
            Some((
                "<X509Error: Invalid X.509 name>".into(),
                "2045-01-23T00:00:00Z".into()
            ))
        );
        assert_eq!(details(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]), None);
    }
}
