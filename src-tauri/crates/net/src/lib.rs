//! The network side of the Loopio SCIM Setup Assistant. One HTTP stack, every request bounded;
//! what the requests found is expressed in the core's types ([`loopio_scim_core::findings`]).
//!
//! # Layout
//! - [`probe`]: the connection test (Okta's own request and a preflight around it, each failure
//!   classified with a stable code and a remedy) and role discovery (paging through the users).
//! - [`http`]: the one HTTP layer every request goes through (client, send, credential and DPoP
//!   proof, capped read, failure and status classification) and the target it talks to.
//! - [`okta`]: the Okta read-back (reads the Loopio app from Okta's Management API and names every
//!   difference from the wizard's values) and `apply`'s confirmed writes.
//! - [`rehearse`]: the opt-in rehearsal of Okta's first push (create, look up in another case,
//!   update, deactivate, reactivate one test user), each step a finding with its fix.
//!
//! - [`reconcile`]: after go-live, Okta's app users, the System Log's failed pushes and Loopio's
//!   users read (GET only) and linked user by user.
//!
//! No server code: the practice servers are their own crate (`loopio-scim-practice`).

pub mod http;
pub mod okta;
pub mod probe;
pub mod reconcile;
pub mod rehearse;
