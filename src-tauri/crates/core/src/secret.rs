//! The SCIM token: cleaned up from whatever the admin pasted, and kept out of every output.
//!
//! A [`Secret`] prints as `[redacted]` in `Debug`, `Display` and serde, is zeroed when dropped,
//! and its text is reachable only through [`Secret::authorization_header`], which the connection
//! test calls to build the one header that carries it.

use std::fmt;

use serde::{Serialize, Serializer};
use ts_rs::TS;
use zeroize::Zeroizing;

/// Shorter than this, a token is almost certainly cut off.
const MIN_TOKEN_LEN: usize = 16;

/// Characters that are invisible on screen but break a header: zero-width space/joiners, word
/// joiner, byte order mark, soft hyphen.
const INVISIBLE: [char; 6] = [
    '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}',
];

/// Quote pairs that chat and documents wrap around pasted text.
const QUOTES: [(char, char); 5] = [
    ('"', '"'),
    ('\'', '\''),
    ('`', '`'),
    ('\u{201C}', '\u{201D}'),
    ('\u{2018}', '\u{2019}'),
];

/// A SCIM bearer token.
pub struct Secret(Zeroizing<String>);

/// Something that was cleaned from the pasted token; shown to the admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct HygieneNote {
    pub code: String,
    pub message: String,
}

/// Why a pasted token cannot be used. Messages never include the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error(
        "Paste your Loopio SCIM token (Loopio: Admin > Integrations > SCIM > Generate Token)."
    )]
    Empty,
    #[error("The token is only {0} characters long, so it looks cut off. Copy the whole token again; if you no longer have it, generate a new one in Loopio (this replaces the old one).")]
    Truncated(usize),
    #[error("The token ends with \"...\", so it was copied from a shortened display. Copy the whole token.")]
    Ellipsis,
    #[error("The token contains a character a token cannot have ({0}). Copy it again from the place Loopio showed it.")]
    BadCharacter(String),
}

impl TokenError {
    pub fn code(&self) -> &'static str {
        match self {
            TokenError::Empty => "token.empty",
            TokenError::Truncated(_) => "token.truncated",
            TokenError::Ellipsis => "token.truncated",
            TokenError::BadCharacter(_) => "token.bad_character",
        }
    }
}

impl Secret {
    /// Cleans what the admin pasted: invisible characters, surrounding whitespace and line
    /// breaks, quotes, a `Bearer ` prefix (any case, repeated) or a whole `Authorization:` header.
    /// Each change is reported. The input is not kept.
    pub fn from_pasted(pasted: &str) -> Result<(Secret, Vec<HygieneNote>), TokenError> {
        let mut notes = Vec::new();
        // One note per kind of change: spaces trimmed twice (around a "Bearer " prefix, say) are
        // said once, in the fuller of the two wordings.
        let mut note = |code: &str, message: &str| match notes
            .iter_mut()
            .find(|n: &&mut HygieneNote| n.code == code)
        {
            // Spaces trimmed once and a line break another time: both were there.
            Some(n) if n.code == "token.whitespace" && n.message != message => {
                n.message = SPACES_AND_BREAKS.into();
            }
            Some(n) if message.len() > n.message.len() => n.message = message.into(),
            Some(_) => {}
            None => notes.push(HygieneNote {
                code: code.into(),
                message: message.into(),
            }),
        };
        let mut text = Zeroizing::new(String::with_capacity(pasted.len()));

        let invisible = pasted.chars().filter(|c| INVISIBLE.contains(c)).count();
        text.extend(pasted.chars().filter(|c| !INVISIBLE.contains(c)));
        if invisible > 0 {
            note("token.invisible", &format!("Removed {invisible} invisible character(s) (such as a zero-width space) that came with the paste."));
        }

        loop {
            let before = text.len();
            trim_in_place(&mut text, &mut note);
            strip_quotes(&mut text, &mut note);
            strip_prefix(&mut text, &mut note);
            if text.len() == before {
                break;
            }
        }

        // A token wrapped over several lines by an e-mail or chat client.
        if text.chars().any(|c| c == '\n' || c == '\r') {
            text.retain(|c| c != '\n' && c != '\r');
            note(
                "token.line_breaks",
                "Removed line breaks inside the token (it was wrapped over several lines).",
            );
        }

        if text.is_empty() || text.eq_ignore_ascii_case("bearer") {
            return Err(TokenError::Empty);
        }
        if text.ends_with("...") || text.ends_with('\u{2026}') {
            return Err(TokenError::Ellipsis);
        }
        if let Some(bad) = text.chars().find(|c| !c.is_ascii_graphic()) {
            let what = if bad.is_whitespace() || bad.is_control() || INVISIBLE.contains(&bad) {
                crate::text::describe_char(bad)
            } else {
                // A visible character is named by its code point only: the error never quotes
                // any part of the token.
                format!("U+{:04X}", bad as u32)
            };
            return Err(TokenError::BadCharacter(what));
        }
        let len = text.chars().count();
        if len < MIN_TOKEN_LEN {
            return Err(TokenError::Truncated(len));
        }
        Ok((Secret(text), notes))
    }

    /// The value of the `Authorization` header. The only way to the token's text.
    pub fn authorization_header(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("Bearer {}", self.0.as_str()))
    }

    /// The `Authorization` header value with another scheme: Okta's API tokens are sent as
    /// `SSWS <token>`.
    pub fn authorization_header_with(&self, scheme: &str) -> Zeroizing<String> {
        Zeroizing::new(format!("{scheme} {}", self.0.as_str()))
    }

    /// Lends the token's text to `f`: for the OS keychain only (see `vault`). Everything else
    /// goes through [`Secret::authorization_header`].
    pub fn with_plain_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        f(self.0.as_str())
    }

    /// `text` with every occurrence of the token replaced by `[redacted]`.
    pub fn redact(&self, text: &str) -> String {
        text.replace(self.0.as_str(), "[redacted]")
    }

    /// True if `haystack` contains the token (for tests and output checks; never prints it).
    pub fn appears_in(&self, haystack: &str) -> bool {
        haystack.contains(self.0.as_str())
    }
}

const SPACES_AND_BREAKS: &str = "Removed spaces and line breaks around the token.";

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{00A0}'
}

/// Trims what surrounds the token, and says what it was: spaces, line breaks, or both (never
/// "spaces" for a lone line break).
fn trim_in_place(text: &mut Zeroizing<String>, note: &mut impl FnMut(&str, &str)) {
    let trimmed = text.trim_matches(is_space);
    if trimmed.len() == text.len() {
        return;
    }
    let start = text.len() - text.trim_start_matches(is_space).len();
    let end = text.trim_end_matches(is_space).len();
    let removed = text[..start].chars().chain(text[end..].chars());
    let (mut breaks, mut spaces) = (false, false);
    for c in removed {
        if c == '\n' || c == '\r' {
            breaks = true;
        } else {
            spaces = true;
        }
    }
    let new = Zeroizing::new(trimmed.to_string());
    *text = new;
    let message = match (spaces, breaks) {
        (true, true) => SPACES_AND_BREAKS,
        (false, true) => "Removed a line break around the token.",
        _ => "Removed spaces around the token.",
    };
    note("token.whitespace", message);
}

fn strip_quotes(text: &mut Zeroizing<String>, note: &mut impl FnMut(&str, &str)) {
    for (open, close) in QUOTES {
        if text.chars().count() >= 2 && text.starts_with(open) && text.ends_with(close) {
            let inner =
                Zeroizing::new(text[open.len_utf8()..text.len() - close.len_utf8()].to_string());
            *text = inner;
            note("token.quotes", "Removed the quotes around the token.");
            return;
        }
    }
}

/// What the admin reads after pasting "Bearer <token>": exactly what goes in Okta's field.
pub const BEARER_NOTE: &str = "Removed a leading \"Bearer \": the token is what follows it. In Okta (Provisioning > Integration, Authentication Mode HTTP Header), the Authorization field takes only the SCIM token as Loopio generated it, without \"Bearer \": Loopio's guide says the HTTP Header Bearer token is the SCIM token, and Okta sends it as \"Authorization: Bearer <token>\".";

fn strip_prefix(text: &mut Zeroizing<String>, note: &mut impl FnMut(&str, &str)) {
    const HEADER: &str = "authorization:";
    // `get` rather than indexing: the cut may fall inside a multi-byte character.
    if text
        .get(..HEADER.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(HEADER))
    {
        // The space after the header's name goes with it: it was not around the token.
        let rest = Zeroizing::new(
            text[HEADER.len()..]
                .trim_start_matches(is_space)
                .to_string(),
        );
        *text = rest;
        note(
            "token.header_name",
            "Removed a leading \"Authorization:\": paste only the token.",
        );
        return;
    }
    const BEARER: &str = "bearer";
    if text
        .get(..BEARER.len())
        .is_some_and(|b| b.eq_ignore_ascii_case(BEARER))
        && text[BEARER.len()..].starts_with(|c: char| c.is_whitespace())
    {
        // The space after "Bearer" goes with it: it was not around the token.
        let rest = Zeroizing::new(
            text[BEARER.len()..]
                .trim_start_matches(is_space)
                .to_string(),
        );
        *text = rest;
        note("token.bearer_prefix", BEARER_NOTE);
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "lp_scim_0123456789abcdefABCDEF";

    fn clean(pasted: &str) -> (String, Vec<String>) {
        let (secret, notes) =
            Secret::from_pasted(pasted).unwrap_or_else(|e| panic!("{pasted:?}: {e}"));
        let header = secret.authorization_header();
        let token = header.strip_prefix("Bearer ").unwrap().to_string();
        (token, notes.into_iter().map(|n| n.code).collect())
    }

    #[test]
    fn pasted_tokens_are_cleaned_and_each_change_reported() {
        let cases: &[(&str, &[&str])] = &[
            (TOKEN, &[]),
            (&format!("  {TOKEN}\n"), &["token.whitespace"]),
            (&format!("Bearer {TOKEN}"), &["token.bearer_prefix"]),
            (&format!("bearer {TOKEN}"), &["token.bearer_prefix"]),
            // The spaces after "Bearer" belong to the prefix: no "spaces around the token".
            (&format!("BEARER   {TOKEN}"), &["token.bearer_prefix"]),
            (&format!("Bearer Bearer {TOKEN}"), &["token.bearer_prefix"]),
            (&format!("\"{TOKEN}\""), &["token.quotes"]),
            (
                &format!("'Bearer {TOKEN}'"),
                &["token.quotes", "token.bearer_prefix"],
            ),
            (&format!("\u{201C}{TOKEN}\u{201D}"), &["token.quotes"]),
            (&format!("\u{200B}{TOKEN}\u{FEFF}"), &["token.invisible"]),
            (&format!("\u{00A0}{TOKEN}\u{00A0}"), &["token.whitespace"]),
            (
                &format!("Authorization: Bearer {TOKEN}"),
                &["token.header_name", "token.bearer_prefix"],
            ),
            (
                &format!("{}\n{}", &TOKEN[..10], &TOKEN[10..]),
                &["token.line_breaks"],
            ),
        ];
        for (pasted, codes) in cases {
            let (token, notes) = clean(pasted);
            assert_eq!(token, TOKEN, "{pasted:?}");
            for code in *codes {
                assert!(
                    notes.contains(&code.to_string()),
                    "{pasted:?}: {notes:?} lacks {code}"
                );
            }
            // Nothing said that did not happen.
            assert_eq!(notes.len(), codes.len(), "{pasted:?}: {notes:?}");
        }
    }

    #[test]
    fn unusable_tokens_are_rejected_without_echoing_them() {
        let cases: &[(&str, &str)] = &[
            ("", "token.empty"),
            ("   \n", "token.empty"),
            ("Bearer ", "token.empty"),
            ("\"\"", "token.empty"),
            ("lp_scim_0123", "token.truncated"),
            ("lp_scim_0123456789abcdef...", "token.truncated"),
            ("lp_scim_0123456789 abcdef", "token.bad_character"),
            ("lp_scim_0123456789\u{00E9}abcdef", "token.bad_character"),
        ];
        for (pasted, code) in cases {
            let err = Secret::from_pasted(pasted).map(|_| ()).expect_err(pasted);
            assert_eq!(err.code(), *code, "{pasted:?}");
            let message = err.to_string();
            if pasted.len() > 8 {
                assert!(
                    !message.contains(pasted.trim()),
                    "the error echoes the token: {message}"
                );
            }
        }
    }

    #[test]
    fn each_cleaning_is_noted_once() {
        let (_, notes) = Secret::from_pasted(&format!("  Bearer   {TOKEN}\n")).unwrap();
        let codes: Vec<&str> = notes.iter().map(|n| n.code.as_str()).collect();
        assert_eq!(
            codes,
            ["token.whitespace", "token.bearer_prefix"],
            "{notes:?}"
        );
        assert_eq!(
            notes[0].message,
            "Removed spaces and line breaks around the token."
        );
        let (_, notes) = Secret::from_pasted(&format!(" \"Bearer {TOKEN} \" ")).unwrap();
        let spaces = notes
            .iter()
            .filter(|n| n.message.contains("Removed spaces"))
            .count();
        assert_eq!(spaces, 1, "{notes:?}");
    }

    /// Each note's message for what was pasted.
    fn messages(pasted: &str) -> Vec<String> {
        let (_, notes) = Secret::from_pasted(pasted).unwrap();
        notes.into_iter().map(|n| n.message).collect()
    }

    #[test]
    fn spaces_are_said_to_be_removed_only_when_there_were_spaces() {
        assert!(messages(TOKEN).is_empty());
        assert_eq!(
            messages(&format!("  {TOKEN}\t")),
            ["Removed spaces around the token."]
        );
        assert_eq!(
            messages(&format!("{TOKEN}\r\n")),
            ["Removed a line break around the token."]
        );
        assert_eq!(messages(&format!(" {TOKEN}\n")), [SPACES_AND_BREAKS]);
        // A space trimmed outside quotes and a line break inside them: both said.
        assert_eq!(messages(&format!(" \"{TOKEN}\n\"")).len(), 2);
        assert!(messages(&format!(" \"{TOKEN}\n\"")).contains(&SPACES_AND_BREAKS.to_string()));
        // The space after "Bearer" or "Authorization:" is part of the prefix, not around the token.
        assert_eq!(messages(&format!("Bearer {TOKEN}")), [BEARER_NOTE]);
        assert_eq!(messages(&format!("bearer \t{TOKEN}")), [BEARER_NOTE]);
        let header = messages(&format!("Authorization: Bearer {TOKEN}"));
        assert_eq!(header.len(), 2, "{header:?}");
        assert!(header.iter().all(|m| !m.contains("spaces")), "{header:?}");
    }

    #[test]
    fn the_bearer_note_says_exactly_what_goes_in_oktas_authorization_field() {
        assert!(!BEARER_NOTE.contains("the same way"));
        assert!(BEARER_NOTE.contains("Authorization field takes only the SCIM token"));
        assert!(BEARER_NOTE.contains("without \"Bearer \""));
    }

    #[test]
    fn a_space_in_the_token_is_named_in_words() {
        let err = Secret::from_pasted("lp_scim_0123456789 abcdef").unwrap_err();
        assert!(err.to_string().contains("(a space)"), "{err}");
        let err = Secret::from_pasted("lp_scim_0123456789\tabcdef").unwrap_err();
        assert!(err.to_string().contains("(a tab)"), "{err}");
    }

    /// Found by the token fuzzer: a token made of pieces of the redaction marker. Redaction is a
    /// constant, whatever the token.
    #[test]
    fn redaction_is_constant_even_for_tokens_that_look_like_it() {
        let (secret, _) = Secret::from_pasted("et([redacted])[re").unwrap();
        assert_eq!(format!("{secret:?}"), "Secret([redacted])");
        assert_eq!(format!("{secret}"), "[redacted]");
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"[redacted]\"");
    }

    #[test]
    fn the_token_is_redacted_everywhere() {
        let (secret, _) = Secret::from_pasted(TOKEN).unwrap();
        assert_eq!(format!("{secret:?}"), "Secret([redacted])");
        assert_eq!(format!("{secret}"), "[redacted]");
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"[redacted]\"");
        assert!(secret.appears_in(&format!("x{TOKEN}y")));
        assert_eq!(
            secret.authorization_header().as_str(),
            format!("Bearer {TOKEN}")
        );
    }
}
