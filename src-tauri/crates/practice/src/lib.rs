//! The practice servers: everything the assistant can be walked through offline, on loopback,
//! depending only on the core (never on the code that talks to real servers).
//!
//! - [`tenant`]: the practice tenant, an in-memory Loopio-like SCIM server; the same server
//!   also serves the practice Okta under `/api/v1`.
//! - [`okta`]: the practice Okta, an org in memory that answers the read-back and takes the
//!   writes `apply` sends, with a switch that plants one mistake and one that leaves the app out.
//! - [`PRACTICE_ROLES`]: the roles both use.

mod http;
pub mod okta;
pub mod tenant;

pub use tenant::{serve, wrong_token_remedy, Running, DEFAULT_PRACTICE_TOKEN};

/// The roles of the practice tenant, spelled exactly (Loopio's role names are case-sensitive);
/// the practice Okta's groups carry them.
pub const PRACTICE_ROLES: [&str; 3] = ["Admin", "Contributor", "Reviewer"];
