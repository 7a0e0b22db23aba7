//! `report` (the setup report from saved progress) and `simulate` (the practice tenant until
//! stopped).

use std::io::Write;
use std::path::Path;

use crate::setup::progress::ProfileBook;

use super::args::ServeArgs;
use super::*;

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[arg(long, value_enum, default_value_t = ReportFormatArg::Md)]
    pub format: ReportFormatArg,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// The profile to report on (default: the one open in the app).
    #[arg(long)]
    pub profile: Option<String>,
    /// The app's progress file (default: the app's data folder).
    #[arg(long)]
    pub store: Option<std::path::PathBuf>,
    /// Include the practice results (the practice tenant's test and rehearsal, the practice
    /// Okta's check, IdP values and changes), each marked as practice. Left out by default: the
    /// report is for the change ticket.
    #[arg(long)]
    pub include_practice: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormatArg {
    Md,
    Html,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    pub serve: ServeArgs,
    /// Accept the token in this environment variable instead of the built-in practice token.
    #[arg(long, value_name = "VAR")]
    pub token_env: Option<String>,
}

pub(super) fn simulate(args: SimulateArgs, out: &mut dyn Write) -> Result<i32, CliError> {
    let (token, announce) = match &args.token_env {
        Some(var) => (
            std::env::var(var).map_err(|_| {
                CliError::BadInput(format!("The environment variable {var} is not set."))
            })?,
            format!("Token: the value of ${var}"),
        ),
        None => (
            practice::DEFAULT_PRACTICE_TOKEN.to_string(),
            format!(
                "Token: {} (a practice token, only valid here)",
                practice::DEFAULT_PRACTICE_TOKEN
            ),
        ),
    };
    let rt = runtime()?;
    rt.block_on(async {
        let addr = args.serve.addr();
        let running = practice::serve(addr, token).await.map_err(|e| {
            CliError::BadInput(format!(
                "The practice tenant could not listen on {addr}: {e}"
            ))
        })?;
        writeln!(out, "Practice tenant at {}", running.base_url)?;
        writeln!(out, "{announce}")?;
        writeln!(out, "Stop it with Ctrl+C.")?;
        out.flush()?;
        let _ = tokio::signal::ctrl_c().await;
        running.stop();
        Ok(0)
    })
}

/// Where the app keeps its progress: the same folder Tauri's app data path resolves to.
pub fn default_store_path() -> Option<std::path::PathBuf> {
    dirs::data_dir().map(|d| {
        d.join(crate::IDENTIFIER)
            .join(crate::setup::progress::STORE_FILE)
    })
}

/// The saved profiles in `store` (default: the app's), for `report` and `recheck`. `first`
/// says what to do in the app when there is no file yet.
pub(super) fn load_book(store: Option<&Path>, first: &str) -> Result<ProfileBook, CliError> {
    let path = store
        .map(Path::to_path_buf)
        .or_else(default_store_path)
        .ok_or_else(|| CliError::BadInput("No data folder was found; give --store FILE.".into()))?;
    let bytes = std::fs::read(&path).map_err(|e| {
        CliError::BadInput(format!(
            "No saved progress at {} ({e}). Open the app and {first}, or give --store FILE.",
            path.display()
        ))
    })?;
    crate::setup::progress::parse_book(&bytes).map_err(|e| {
        CliError::BadInput(format!(
            "The progress file {} could not be read: {e}",
            path.display()
        ))
    })
}

/// The profile `name` when the book has it.
pub(super) fn known_profile(book: &ProfileBook, name: &str) -> Result<(), CliError> {
    if book.profiles.contains_key(name) {
        return Ok(());
    }
    Err(CliError::BadInput(format!(
        "There is no profile {name:?}. Profiles: {}.",
        book.names().join(", ")
    )))
}

pub(super) fn report(args: ReportArgs, out: &mut dyn Write) -> Result<i32, CliError> {
    let book = load_book(args.store.as_deref(), "start the wizard first")?;
    let profile = match args.profile {
        Some(p) => {
            known_profile(&book, &p)?;
            p
        }
        None => book.active_name(),
    };
    let format = match args.format {
        ReportFormatArg::Md => crate::report::ReportFormat::Md,
        ReportFormatArg::Html => crate::report::ReportFormat::Html,
        ReportFormatArg::Json => crate::report::ReportFormat::Json,
    };
    let r = crate::report::build_with(
        &book.progress(&profile),
        &profile,
        time::OffsetDateTime::now_utc(),
        args.include_practice,
    );
    let text = crate::report::render(&r, format);
    match args.out {
        Some(file) => std::fs::write(&file, text).map_err(|e| {
            CliError::BadInput(format!("{} could not be written: {e}", file.display()))
        })?,
        None => out.write_all(text.as_bytes())?,
    }
    Ok(0)
}
