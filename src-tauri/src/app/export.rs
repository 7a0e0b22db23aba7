//! Writes the setup report or the expiry reminder where the admin chooses.
//!
//! `LOOPIO_SCIM_EXPORT_DIR`, when set, saves into that folder without asking: for scripted use
//! and for the end-to-end test, which cannot drive the system's save dialog.

use serde::Deserialize;
use tauri::{AppHandle, Runtime};
use ts_rs::TS;

use super::progress_store;
use crate::report::{self, ReportFormat};
use crate::setup::progress::Progress;
use crate::setup::reminder;
use loopio_scim_core::error::CommandError;

#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "lowercase")]
#[ts(export)]
pub enum ExportKind {
    Report {
        format: ReportFormat,
        /// Put the practice results in, each marked as practice (Finished's checkbox).
        #[serde(default)]
        include_practice: bool,
    },
    Reminder,
    /// The Okta app's signing certificate, from the last Okta check's IdP values.
    #[serde(rename = "certificate_reminder")]
    CertificateReminder,
}

/// What an export writes: the contents, the file name offered, and the save dialog's filter (an
/// extension).
struct Exported {
    contents: String,
    file_name: String,
    filter: &'static str,
}

pub async fn export<R: Runtime>(
    app: &AppHandle<R>,
    open: &progress_store::OpenProfile,
    kind: ExportKind,
) -> Result<Option<String>, CommandError> {
    let (profile, progress) = progress_store::saved_progress(app, open)?;
    let Exported {
        contents,
        file_name,
        filter,
    } = exported(kind, &profile, &progress, time::OffsetDateTime::now_utc())?;
    let Some(path) = destination(app, &file_name, filter)? else {
        return Ok(None);
    };
    std::fs::write(&path, contents).map_err(|e| {
        CommandError::new(
            "export.write_failed",
            format!("The file could not be written to {}: {e}", path.display()),
        )
    })?;
    tracing::info!(path = %path.display(), "exported");
    Ok(Some(path.display().to_string()))
}

/// The report, the token reminder or the certificate reminder of the saved progress.
fn exported(
    kind: ExportKind,
    profile: &str,
    progress: &Progress,
    now: time::OffsetDateTime,
) -> Result<Exported, CommandError> {
    let instance = crate::setup::InstanceDomain::parse(&progress.domain)
        .map(|d| d.host().to_string())
        .unwrap_or_else(|_| "loopio".into());
    Ok(match kind {
        ExportKind::Report {
            format,
            include_practice,
        } => {
            let r = report::build_with(progress, profile, now, include_practice);
            Exported {
                contents: report::render(&r, format),
                file_name: format!(
                    "loopio-scim-setup-{instance}-{profile}.{}",
                    format.extension()
                ),
                filter: format.extension(),
            }
        }
        ExportKind::CertificateReminder => certificate_reminder(progress, &instance, now)?,
        ExportKind::Reminder => {
            let expiry = reminder::expiry(&progress.token_generated_on, now.date())?;
            Exported {
                contents: reminder::ics(&expiry, &instance, now),
                file_name: format!("loopio-scim-token-renewal-{instance}.ics"),
                filter: "ics",
            }
        }
    })
}

/// The Okta signing certificate's renewal reminder, from the last Okta check's IdP values.
fn certificate_reminder(
    progress: &Progress,
    instance: &str,
    now: time::OffsetDateTime,
) -> Result<Exported, CommandError> {
    let check = progress.last_okta_check.as_ref();
    let idp = check.and_then(|c| c.idp.as_ref());
    let (Some(check), Some(idp), Some(not_after)) = (
        check,
        idp,
        idp.and_then(|i| i.certificate_not_after.as_deref()),
    ) else {
        return Err(CommandError::new(
            "export.no_certificate",
            "No signing certificate date is known yet: run \"Check your Okta app\" first.",
        ));
    };
    Ok(Exported {
        contents: reminder::certificate_ics(
            not_after,
            &check.app_label,
            &idp.certificate_sha256,
            now,
        )?,
        file_name: format!("okta-signing-certificate-renewal-{instance}.ics"),
        filter: "ics",
    })
}

/// Where to write: `LOOPIO_SCIM_EXPORT_DIR`, else the place the admin picks in the save dialog
/// (`None` when they cancel it).
fn destination<R: Runtime>(
    app: &AppHandle<R>,
    file_name: &str,
    filter: &str,
) -> Result<Option<std::path::PathBuf>, CommandError> {
    if let Some(dir) = std::env::var_os("LOOPIO_SCIM_EXPORT_DIR") {
        return Ok(Some(std::path::PathBuf::from(dir).join(file_name)));
    }
    // rfd's GTK dialog is made on the main thread and awaited on a thread of its own, as
    // tauri-plugin-dialog's blocking_save_file did; this command waits for the answer.
    let (file_name, filter) = (file_name.to_string(), filter.to_string());
    let (tx, rx) = std::sync::mpsc::sync_channel(0);
    app.run_on_main_thread(move || {
        let chosen = rfd::AsyncFileDialog::new()
            .set_file_name(file_name)
            .add_filter(&filter, &[&filter])
            .set_can_create_directories(true)
            .save_file();
        std::thread::spawn(move || {
            let path = tauri::async_runtime::block_on(chosen).map(|f| f.path().to_path_buf());
            let _ = tx.send(path);
        });
    })
    .map_err(|e| {
        CommandError::new(
            "export.location",
            format!("The save dialog could not be opened: {e}"),
        )
    })?;
    rx.recv().map_err(|_| {
        CommandError::new(
            "export.location",
            "The save dialog closed without an answer.",
        )
    })
}
