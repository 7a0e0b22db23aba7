//! Loopio SCIM Setup Assistant: takes an IT admin from "we bought Loopio's SCIM add-on" to
//! "Okta provisions users into Loopio".
//!
//! # Layout
//! - [`setup`]: the pure domain. Parses the admin's Loopio domain, knows the SCIM environments,
//!   computes every value for every Okta screen and describes the wizard's steps as data. No I/O,
//!   no Tauri: the GUI and the CLI both call it, and it is tested without a window.
//! - [`cli`]: the same core behind `clap` subcommands, for scripted use (JSON and exit codes).
//!   With no subcommand the binary opens the window.
//! - [`secret`]: the SCIM token: cleaned from what was pasted, redacted everywhere, zeroized.
//! - [`probe`]: the connection test: Okta's own request and a preflight around it, each failure
//!   classified with a stable code and a remedy.
//! - [`practice`]: an in-memory SCIM tenant on loopback, to walk the flow offline and to test.
//! - [`report`]: the setup report (Markdown, HTML, JSON) for the change ticket, from saved progress.
//! - [`vault`]: the token in the OS keychain, only when the admin asks; a trait with a mock.
//! - [`app`]: the only module that imports `tauri`. Commands are thin: they call `setup` and
//!   convert errors; progress is kept with tauri-plugin-store.

#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
pub mod practice;
pub mod probe;
pub mod report;
pub mod secret;
pub mod setup;
pub mod vault;

/// The app's identifier (tauri.conf.json): the name of its data folder.
pub const IDENTIFIER: &str = "org.loopioscim.assistant";

/// The app's version, as shown by `--version` and in reports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
