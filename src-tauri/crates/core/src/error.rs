//! The one error every window command returns: a stable `code` the window switches on (and
//! support can be told), and a sentence for the admin that says what to do. Its JSON shape,
//! `{"code": "...", "message": "..."}`, is pinned by a test: the UI depends on it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::secret::TokenError;
use crate::setup::app_variable::AppVariableError;
use crate::setup::profiles::ProfileError;
use crate::setup::reminder::ReminderError;
use crate::setup::DomainError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[ts(export)]
#[error("{message}")]
pub struct CommandError {
    /// Stable, dotted: `token.truncated`, `store.save_failed`, `keychain.unavailable`, ...
    pub code: String,
    /// What happened and what to do, in the admin's words. Never holds a secret.
    pub message: String,
}

impl CommandError {
    pub fn new(code: &str, message: impl Into<String>) -> CommandError {
        CommandError {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

pub use crate::problem::Problem;

/// The core's own errors carry their codes across unchanged.
macro_rules! coded {
    ($($error:ty),* $(,)?) => {$(
        impl From<$error> for CommandError {
            fn from(e: $error) -> CommandError {
                CommandError::new(e.code(), e.to_string())
            }
        }
    )*};
}
coded!(
    TokenError,
    DomainError,
    ReminderError,
    AppVariableError,
    ProfileError,
    Problem
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_shape_the_window_reads_is_code_and_message() {
        let e = CommandError::new("store.save_failed", "The folder is read-only.");
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code": "store.save_failed", "message": "The folder is read-only."})
        );
        assert_eq!(e.to_string(), "The folder is read-only.");
    }

    #[test]
    fn a_core_error_keeps_its_code() {
        let e: CommandError = crate::secret::Secret::from_pasted("abc")
            .unwrap_err()
            .into();
        assert_eq!(e.code, "token.truncated");
        assert!(e.message.contains("3 characters"), "{}", e.message);
    }
}
