//! The Okta app's variable name, pasted by the admin from the app's Profile Editor, and the
//! `roles` attribute's variable name derived from it.

/// The suffix the Loopio guide appends to the app's variable name.
pub const ROLES_SUFFIX: &str = "_roles";

/// Why a pasted app variable name was rejected. The message is shown as is in the GUI and CLI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppVariableError {
    #[error("Paste the variable name shown under your Loopio app's name in Okta's Profile Editor, for example loopio_1.")]
    Empty,
    #[error("The variable name must start with a letter, but starts with {}. Copy it again from Okta's Profile Editor, for example loopio_1.", crate::text::describe_char(*.0))]
    BadStart(char),
    #[error("The variable name contains {}. Okta variable names only have letters, digits and underscores, for example loopio_1.", crate::text::describe_char(*.0))]
    BadCharacter(char),
    #[error("The variable name is {0} characters long; Okta's are at most 100. Copy it again from Okta's Profile Editor.")]
    TooLong(usize),
}

impl AppVariableError {
    pub fn code(&self) -> &'static str {
        match self {
            AppVariableError::Empty => "app_variable.empty",
            AppVariableError::BadStart(_) => "app_variable.bad_start",
            AppVariableError::BadCharacter(_) => "app_variable.bad_character",
            AppVariableError::TooLong(_) => "app_variable.too_long",
        }
    }
}

/// Validates the pasted app variable name and returns the `roles` attribute variable name:
/// the app variable name with `_roles` appended, never doubled.
pub fn roles_variable_name(pasted: &str) -> Result<String, AppVariableError> {
    let name = pasted.trim();
    let first = name.chars().next().ok_or(AppVariableError::Empty)?;
    if !first.is_ascii_alphabetic() {
        return Err(AppVariableError::BadStart(first));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
    {
        return Err(AppVariableError::BadCharacter(bad));
    }
    let count = name.chars().count();
    if count > 100 {
        return Err(AppVariableError::TooLong(count));
    }
    if name.ends_with(ROLES_SUFFIX) {
        Ok(name.to_string())
    } else {
        Ok(format!("{name}{ROLES_SUFFIX}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suffix_is_appended_once() {
        let cases = [
            ("loopio_1", "loopio_1_roles"),
            ("  acmeloopio ", "acmeloopio_roles"),
            ("Loopio2", "Loopio2_roles"),
            ("loopio_1_roles", "loopio_1_roles"),
            ("a", "a_roles"),
        ];
        for (input, want) in cases {
            assert_eq!(roles_variable_name(input).unwrap(), want, "input {input:?}");
        }
    }

    #[test]
    fn okta_rules_are_enforced() {
        let long = "a".repeat(101);
        let cases: &[(&str, &str)] = &[
            ("", "app_variable.empty"),
            ("   ", "app_variable.empty"),
            ("1loopio", "app_variable.bad_start"),
            ("_loopio", "app_variable.bad_start"),
            ("loopio-1", "app_variable.bad_character"),
            ("loopio 1", "app_variable.bad_character"),
            ("appuser.loopio", "app_variable.bad_character"),
            ("loopío", "app_variable.bad_character"),
            (&long, "app_variable.too_long"),
        ];
        for (input, code) in cases {
            let err = roles_variable_name(input).expect_err(input);
            assert_eq!(err.code(), *code, "input {input:?}");
            assert!(
                err.to_string().contains("loopio_1") || err.to_string().contains("Profile Editor")
            );
        }
    }

    #[test]
    fn odd_characters_are_named_in_words() {
        let err = roles_variable_name("loopio 1").unwrap_err().to_string();
        assert!(err.contains("contains a space"), "{err}");
        assert!(!err.contains("' '"), "{err}");
        let err = roles_variable_name("loopio\u{200B}1")
            .unwrap_err()
            .to_string();
        assert!(err.contains("a zero-width space (U+200B)"), "{err}");
        let err = roles_variable_name("loopio-1").unwrap_err().to_string();
        assert!(err.contains("contains \"-\""), "{err}");
    }
}
