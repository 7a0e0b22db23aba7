//! The pure core of the Loopio SCIM Setup Assistant: everything the window and the CLI show is
//! decided here, once. No network, no window, no async runtime: the crate does not depend on
//! tokio, reqwest or tauri, so the compiler keeps it that way.
//!
//! # Layout
//! - [`setup`]: the admin's Loopio domain (parsed, normalised, validated), the SCIM environments,
//!   every value for every Okta screen, the wizard's steps as data, the roles rules, the token's
//!   expiry reminder and the saved progress model.
//! - [`codes`]: every stable code in one table (checks with their labels, failures, warnings,
//!   notes, input errors); the README's list and the window's check labels come from it.
//! - [`error`]: `CommandError`, the `{code, message}` every window command fails with.
//! - [`problem`]: `Problem`, the code and sentence the core's checks and parsers fail with.
//! - [`findings`]: what a check found (`Finding`, `Status`) and the connection test's verdict.
//! - [`redact`]: credential-shaped text cut from anything written to a log.
//! - [`secret`]: the SCIM token: cleaned from what was pasted, redacted everywhere, zeroized.
//! - [`reconcile`]: after go-live, Okta's assigned users and Loopio's users linked user by user,
//!   each with one state, and every failed push's cause from Okta's System Log.
//! - [`report`]: the setup report (Markdown, HTML, JSON) for the change ticket.
//! - [`text`]: characters named in the admin's words ("a space", not `' '`).

pub mod codes;
pub mod error;
pub mod findings;
pub mod problem;
pub mod reconcile;
pub mod redact;
pub mod report;
pub mod secret;
pub mod setup;
pub mod text;

/// The app's identifier (tauri.conf.json): the name of its data folder.
pub const IDENTIFIER: &str = "org.loopioscim.assistant";

/// The app's version, as shown by `--version` and in reports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
