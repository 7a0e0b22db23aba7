//! Test support for the Loopio SCIM Setup Assistant.
//!
//! - [`driver`]: starts `tauri-driver` with an isolated data folder and opens WebDriver sessions
//!   on the real app window, for the end-to-end tests in `tests/e2e/`.
//! - [`hostile`]: a SCIM server on loopback that answers each failure the connection test must
//!   classify, TLS servers with per-run certificates, and a recorder for redirected requests.
//! - [`fake_okta`]: a fake Okta org serving the Management API's shapes, configurable to plant
//!   each mistake the Okta read-back names, recording every request's method.
//! - [`fake_scim`]: a Loopio SCIM API holding chosen users (paged, filtered, faults), recording
//!   every request's method, for `reconcile`.
//! - [`paced`]: a SCIM server whose pages of users answer after a set latency, for the role
//!   pager's tests and benchmark.

pub mod cli_harness;
pub mod driver;
pub mod fake_okta;
pub mod fake_scim;
pub mod hostile;
pub mod paced;
pub mod spec;
