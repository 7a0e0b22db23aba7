//! Credential-shaped text removed from anything written to a log. The secret types already keep
//! themselves out of every message; this is the second line: whatever a log line holds that
//! looks like a credential (an `Authorization` value, a Bearer or SSWS token, a signed JWT, a
//! private key, a `token=`/`password=` pair) is replaced before the line is written.

const MARK: &str = "[redacted]";

/// Words after which the next value is a credential (case-insensitive), with what separates
/// them from it.
const SCHEMES: [&str; 4] = ["bearer ", "ssws ", "basic ", "dpop "];
const KEYS: [&str; 8] = [
    "authorization",
    "token",
    "client_assertion",
    "private_key",
    "privatekey",
    "password",
    "secret",
    "assertion",
];

fn is_value_char(c: char) -> bool {
    !(c.is_whitespace()
        || matches!(
            c,
            '"' | '\'' | ',' | ';' | '&' | ')' | ']' | '}' | '<' | '>'
        ))
}

/// The end (byte index) of the value starting at `from`.
fn value_end(text: &str, from: usize) -> usize {
    text[from..]
        .char_indices()
        .find(|&(_, c)| !is_value_char(c))
        .map(|(i, _)| from + i)
        .unwrap_or(text.len())
}

/// Replaces every credential-shaped value in `text` with `[redacted]`.
pub fn credentials(text: &str) -> String {
    let text = private_keys(text);
    let lower = text.to_ascii_lowercase();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for scheme in SCHEMES {
        for (at, _) in lower.match_indices(scheme) {
            let start = at + scheme.len();
            let end = value_end(&text, start);
            if end > start {
                cuts.push((start, end));
            }
        }
    }
    for key in KEYS {
        for (at, _) in lower.match_indices(key) {
            // The key, then optional quote and spaces, then '=' or ':', then the value.
            let rest = &text[at + key.len()..];
            let skipped = rest.len() - rest.trim_start_matches(['"', '\'', ' ']).len();
            let after = at + key.len() + skipped;
            let Some(sep) = text[after..]
                .chars()
                .next()
                .filter(|c| matches!(c, '=' | ':'))
            else {
                continue;
            };
            let value = after + sep.len_utf8();
            let value = value
                + (text[value..].len() - text[value..].trim_start_matches([' ', '"', '\'']).len());
            // An Authorization header's value starts with its scheme: cut the scheme's value.
            let scheme = SCHEMES
                .iter()
                .find(|s| lower[value..].starts_with(*s))
                .map(|s| s.len())
                .unwrap_or(0);
            let end = value_end(&text, value + scheme);
            if end > value + scheme {
                cuts.push((value + scheme, end));
            }
        }
    }
    for (at, _) in text.match_indices("eyJ") {
        let end = value_end(&text, at);
        if text[at..end].matches('.').count() >= 2 {
            cuts.push((at, end));
        }
    }
    apply(&text, cuts)
}

/// Whole PEM private-key blocks, wherever they are.
fn private_keys(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN") {
        let header_end = rest[start..].find("KEY-----").map(|i| start + i + 8);
        let Some(header_end) = header_end.filter(|_| rest[start..].contains("PRIVATE KEY")) else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str("[redacted private key]");
        rest = match rest[header_end..].find("-----END") {
            Some(end) => {
                let after = header_end + end;
                match rest[after..].find("KEY-----") {
                    Some(i) => &rest[after + i + 8..],
                    None => "",
                }
            }
            None => "",
        };
    }
    out.push_str(rest);
    out
}

fn apply(text: &str, mut cuts: Vec<(usize, usize)>) -> String {
    cuts.sort();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in cuts {
        if end <= at {
            continue;
        }
        out.push_str(&text[at..start.max(at)]);
        out.push_str(MARK);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::credentials;

    #[test]
    fn authorization_values_and_schemes_are_cut() {
        assert_eq!(
            credentials("Authorization: Bearer abc.DEF-123 sent"),
            "Authorization: Bearer [redacted] sent"
        );
        assert_eq!(
            credentials("header authorization=\"SSWS 00aBcD\", next"),
            "header authorization=\"SSWS [redacted]\", next"
        );
        assert_eq!(credentials("using bearer xyz"), "using bearer [redacted]");
    }

    #[test]
    fn key_value_pairs_jwts_and_private_keys_are_cut() {
        assert_eq!(
            credentials("client_assertion=eyJhbGci.eyJzdWIi.c2ln&scope=okta.apps.read"),
            "client_assertion=[redacted]&scope=okta.apps.read"
        );
        assert_eq!(
            credentials(r#"{"token": "s3cr3t-value", "user": "a"}"#),
            r#"{"token": "[redacted]", "user": "a"}"#
        );
        assert_eq!(credentials("sent eyJa.eyJb.sig now"), "sent [redacted] now");
        assert_eq!(
            credentials("key -----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY----- done"),
            "key [redacted private key] done"
        );
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        for text in [
            "GET https://api.loopio.com/scim/v2/Users?startIndex=1&count=2 -> 200",
            "finding okta.connector pass in 212 ms",
            "the token was refused (auth.rejected)",
            "tokens: 0",
        ] {
            assert_eq!(credentials(text), text);
        }
    }
}
