//! End-to-end: the real app window, driven through tauri-driver and WebKitWebDriver.
//!
//! Needs a display (run under `xvfb-run`), `tauri-driver` and `WebKitWebDriver` on PATH, and a
//! built app (`cargo build -p loopio-scim-assistant`). `scripts/test.sh` arranges all three and
//! runs this with `--ignored`; a plain `cargo test` skips it.

//!
//! One test binary, split by concern; the page helpers they share are in `pages`.

mod accessibility;
mod assistant_way;
mod changed_values;
mod connection;
mod layout;
mod okta;
mod pages;
mod store;
mod users;
mod walkthrough;
