//! The typed error of the core's checks and parsers (and net's): a stable code and a sentence.
//! Apart from `error` (the window's `CommandError`, which knows every error type), so that the
//! modules that return it do not import the module that converts them.

/// A failure below the window's commands and the CLI's output: a stable code from the code table
/// and a sentence for the admin (what was wrong, never a secret). What internal checks and
/// parsers return instead of a bare `String`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Problem {
    code: &'static str,
    message: String,
}

impl Problem {
    pub fn new(code: &'static str, message: impl Into<String>) -> Problem {
        Problem {
            code,
            message: message.into(),
        }
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The same problem, its sentence put in context (`"--app-id: {message}"`).
    pub fn context(self, before: &str) -> Problem {
        Problem {
            code: self.code,
            message: format!("{before}{}", self.message),
        }
    }
}
