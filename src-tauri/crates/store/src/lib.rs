//! What the Loopio SCIM Setup Assistant keeps on this computer besides the progress file.
//!
//! # Layout
//! - [`vault`]: the SCIM token in the OS keychain (Secret Service, Keychain, Credential
//!   Manager), only when the admin asks; a trait with an in-memory mock for tests. There is no
//!   file fallback: the token is never written to disk by this app.

pub mod vault;
