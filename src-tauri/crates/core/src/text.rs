//! Characters named in the admin's words: "a space", not `' '`; an invisible character by its
//! name and code point, so a message about it can be acted on.

/// Names `c` for a message: `a space`, `a tab`, `a zero-width space (U+200B)`, or the character
/// itself in quotes (`"_"`) when it is visible.
pub fn describe_char(c: char) -> String {
    let named = match c {
        ' ' => return "a space".into(),
        '\t' => return "a tab".into(),
        '\n' | '\r' => return "a line break".into(),
        '\u{00A0}' => "a non-breaking space",
        '\u{00AD}' => "a soft hyphen",
        '\u{200B}' => "a zero-width space",
        '\u{200C}' => "a zero-width non-joiner",
        '\u{200D}' => "a zero-width joiner",
        '\u{2060}' => "a word joiner",
        '\u{FEFF}' => "a byte order mark",
        '\u{202F}' => "a narrow no-break space",
        '\u{3000}' => "an ideographic space",
        c if c.is_whitespace() => "a space character",
        c if c.is_control() => "a control character",
        '"' => return "a double quote (\")".into(),
        c => return format!("\"{c}\""),
    };
    format!("{named} (U+{:04X})", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_are_named_not_quoted() {
        assert_eq!(describe_char(' '), "a space");
        assert_eq!(describe_char('\t'), "a tab");
        assert_eq!(describe_char('\u{200B}'), "a zero-width space (U+200B)");
        assert_eq!(describe_char('\u{00A0}'), "a non-breaking space (U+00A0)");
        assert_eq!(describe_char('\u{0007}'), "a control character (U+0007)");
        assert_eq!(describe_char('\u{2003}'), "a space character (U+2003)");
        assert_eq!(describe_char('_'), "\"_\"");
    }
}
