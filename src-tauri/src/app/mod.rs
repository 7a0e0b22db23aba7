//! The Tauri shell: the only module that imports `tauri`.
//!
//! - `commands`: the IPC surface. Each command forwards to `setup` or to the progress store.
//! - `connection`: the connection test for the window: targets, streaming, the practice tenant.
//! - `okta`: "Check your Okta app": the read-back of the live Okta app, or the practice Okta.
//! - `okta_change`: "Fix these in Okta for me": the plan, then the confirmed writes, and undo.
//! - `export`: the setup report and the expiry reminder, written where the save dialog says.
//! - `progress_store`: saved progress in tauri-plugin-store, with a bad file set aside at start-up;
//!   profiles opened, renamed and deleted.
//! - `rehearsal`: the rehearsal of Okta's first push, each step streamed to the window.
//! - `reconcile`: "Check real users": Okta's assigned users and Loopio's, user by user.

pub mod commands;
pub mod connection;
pub mod export;
pub mod okta;
pub mod okta_change;
pub mod progress_store;
pub mod reconcile;
pub mod rehearsal;

/// Seconds since the Unix epoch, for the records the window keeps (0 if the clock is before it).
pub(crate) fn now_unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The token vault the commands use: the OS keychain.
pub struct Vault(pub Box<dyn crate::vault::TokenVault>);

use tauri::{Manager, Runtime};

/// Registers plugins, state and commands on a builder. Shared by `run()` and the headless tests.
pub fn builder<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_store::Builder::new().build())
        .setup(|app| {
            let state = progress_store::StartupCheck::run(app.handle());
            app.manage(state);
            app.manage(connection::PracticeState::default());
            app.manage(progress_store::OpenProfile::default());
            app.manage(Vault(Box::new(crate::vault::OsKeychain)));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::get_plan,
            commands::load_progress,
            commands::save_progress,
            commands::inspect_token,
            commands::practice_tenant,
            commands::run_connection_test,
            commands::switch_profile,
            commands::discover_roles,
            commands::roles_view,
            commands::token_expiry,
            commands::remember_token,
            commands::forget_token,
            commands::saved_token_status,
            commands::export_file,
            commands::log_file,
            commands::record_test,
            commands::saved_test_outcome,
            commands::rename_profile,
            commands::delete_profile,
            rehearsal::run_rehearsal,
            okta::check_okta,
            reconcile::check_users,
            okta_change::change_okta,
            okta_change::undo_okta_change,
            okta_change::practice_console,
        ])
}

/// Opens the window and runs until it is closed.
pub fn run() {
    let result = builder(tauri::Builder::default()).run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("error: the window could not be opened: {e}");
        std::process::exit(1);
    }
}
