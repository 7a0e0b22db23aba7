//! The network side of the Loopio SCIM Setup Assistant. One HTTP stack, every request bounded;
//! what the requests found is expressed in the core's types ([`loopio_scim_core::findings`]).
//!
//! # Layout
//! - [`probe`]: the connection test (Okta's own request and a preflight around it, each failure
//!   classified with a stable code and a remedy) and role discovery (paging through the users).
//! - [`practice`]: an in-memory SCIM tenant on loopback, to walk the flow offline and to test.

pub mod practice;
pub mod probe;
