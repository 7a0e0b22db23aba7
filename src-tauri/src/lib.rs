//! Loopio SCIM Setup Assistant: takes an IT admin from "we bought Loopio's SCIM add-on" to
//! "Okta provisions users into Loopio".
//!
//! # Where to look
//! The workspace's crates, in the direction of their dependencies (the compiler enforces it:
//! none reaches back up):
//! - `loopio-scim-core` (`crates/core`): every value and rule on screen, decided once. The
//!   admin's domain, the SCIM environments, each Okta value with its screen and field, the
//!   wizard's steps, the roles rules, findings and verdicts, the secret type, the setup report.
//!   No network, no window, no async runtime.
//! - `loopio-scim-net` (`crates/net`): everything that talks to a server: the connection test,
//!   role discovery, the practice tenant.
//! - `loopio-scim-store` (`crates/store`): the OS keychain, only when asked.
//! - this crate: the window ([`app`], the only module that imports `tauri`; commands are thin)
//!   and the command line ([`cli`], clap). `main` is glue. [`logging`]: `--verbose` on stderr,
//!   the window's log file, both redacted.
//!
//! The modules of the lower crates are re-exported here under their usual names
//! (`loopio_scim::setup`, `loopio_scim::probe`, ...) for the app, the CLI and the tests.

#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
pub mod logging;

pub use loopio_scim_core::{findings, report, secret, setup, IDENTIFIER, VERSION};
pub use loopio_scim_net::{http, okta, probe, reconcile, rehearse};
pub use loopio_scim_practice as practice;
pub use loopio_scim_practice::okta as practice_okta;
pub use loopio_scim_store::vault;
