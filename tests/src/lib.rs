//! Test support for the Loopio SCIM Setup Assistant.
//!
//! - [`driver`]: starts `tauri-driver` with an isolated data folder and opens WebDriver sessions
//!   on the real app window, for the end-to-end tests in `tests/e2e.rs`.

pub mod driver;
