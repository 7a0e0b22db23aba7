//! The headless command line: the same core as the window, for scripts and change tickets.
//!
//! Exit codes: 0 success, 2 bad input (with the same message the GUI shows, on stderr).

use std::io::Write;

use clap::{Parser, Subcommand, ValueEnum};

use crate::practice;

mod apply_okta;
mod args;
mod check;
mod output;
mod recheck;
mod reconcile;
mod rehearse;
mod report;
mod simulate_okta;
mod undo_okta;
mod values;
mod verify_okta;
use crate::setup::{self, app_variable, DomainWarning, Environment, OktaValue, StepId};
pub use apply_okta::ApplyOktaArgs;
pub use args::{
    AppArgs, LoopioArgs, NetworkArgs, OktaAccessArgs, OktaOrgArgs, ScimArgs, ServeArgs,
};
use check::check;
pub use check::CheckArgs;
pub use recheck::RecheckArgs;
pub use reconcile::{ReconcileArgs, ReconcileFlags};
pub use rehearse::RehearseArgs;
pub use report::{default_store_path, ReportArgs, ReportFormatArg, SimulateArgs};
use report::{report, simulate};
pub use simulate_okta::{MistakeArg, SimulateOktaArgs};
pub use undo_okta::UndoOktaArgs;
use values::values;
pub use values::{ValuesArgs, ValuesOutput};
pub use verify_okta::VerifyOktaArgs;

/// Exit code for invalid input.
pub const EXIT_BAD_INPUT: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "loopio-scim-assistant",
    version,
    about = "Loopio SCIM Setup Assistant: every value for Okta's SAML and SCIM screens, from your Loopio domain.",
    long_about = "Loopio SCIM Setup Assistant.\n\nRun without a subcommand to open the wizard window. \
                  Subcommands print the same values for scripts."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Log what is done (requests, findings, files) to stderr; credentials are redacted.
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print every value to enter in Okta, with the screen, section and field it goes into.
    Values(ValuesArgs),
    /// Test the token and the SCIM endpoint with the requests Okta makes.
    Check(CheckArgs),
    /// Serve the practice tenant (an in-memory SCIM server) on loopback until stopped.
    Simulate(SimulateArgs),
    /// Serve the practice Okta (an in-memory Okta org) on loopback until stopped, for verify-okta,
    /// apply-okta and undo-okta.
    SimulateOkta(SimulateOktaArgs),
    /// Write the setup report (for the change ticket) from the saved progress.
    Report(ReportArgs),
    /// Read the Loopio app back from Okta (read-only) and name every difference from the wizard.
    VerifyOkta(VerifyOktaArgs),
    /// Make the Okta changes the API allows, after showing each request (dry run without --yes).
    ApplyOkta(ApplyOktaArgs),
    /// Send the undo list an apply-okta printed (dry run without --yes).
    UndoOkta(UndoOktaArgs),
    /// Rehearse Okta's first push with one test user (creates, updates and deactivates it).
    Rehearse(RehearseArgs),
    /// Check a saved setup again (SCIM connection, Okta read-back, token and certificate expiry).
    Recheck(RecheckArgs),
    /// After go-live: Okta's assigned users and Loopio's users side by side, every failed push
    /// explained (read-only).
    Reconcile(ReconcileArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EnvironmentArg {
    Production,
    Sandbox,
}

impl From<EnvironmentArg> for Environment {
    fn from(e: EnvironmentArg) -> Self {
        match e {
            EnvironmentArg::Production => Environment::Production,
            EnvironmentArg::Sandbox => Environment::Sandbox,
        }
    }
}

impl From<Environment> for EnvironmentArg {
    fn from(e: Environment) -> Self {
        match e {
            Environment::Production => EnvironmentArg::Production,
            Environment::Sandbox => EnvironmentArg::Sandbox,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Parses the process arguments and runs; returns the exit code. No subcommand opens the window.
pub fn main() -> i32 {
    let cli = Cli::parse();
    if cli.verbose {
        crate::logging::to_stderr();
    }
    tracing::debug!(version = crate::VERSION, "started");
    match cli.command {
        #[cfg(feature = "gui")]
        None => {
            if !cli.verbose {
                if let Some(dir) = dirs::data_dir() {
                    crate::logging::to_file(&dir.join(crate::IDENTIFIER));
                }
            }
            tracing::info!(version = crate::VERSION, "window opened");
            crate::app::run();
            0
        }
        #[cfg(not(feature = "gui"))]
        None => {
            eprintln!("error: this build has no window; run a subcommand (see --help).");
            EXIT_BAD_INPUT
        }
        Some(command) => run(
            command,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ),
    }
}

/// Runs one subcommand, writing to the given streams. Returns the exit code.
pub fn run(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match command {
        Command::Values(args) => values(args, out).map(|()| 0),
        Command::Check(args) => check(args, out, err),
        Command::Simulate(args) => simulate(args, out),
        Command::SimulateOkta(args) => simulate_okta::simulate_okta(args, out),
        Command::Report(args) => report(args, out),
        Command::VerifyOkta(args) => verify_okta::verify_okta(args, out, err),
        Command::ApplyOkta(args) => apply_okta::apply_okta(args, out, err),
        Command::UndoOkta(args) => undo_okta::undo_okta(args, out, err),
        Command::Rehearse(args) => rehearse::rehearse(args, out, err),
        Command::Recheck(args) => recheck::recheck(args, out, err),
        Command::Reconcile(args) => reconcile::run(args, out, err),
    };
    match result {
        Ok(code) => code,
        Err(CliError::BadInput(message)) => {
            let _ = writeln!(err, "error: {message}");
            EXIT_BAD_INPUT
        }
        Err(CliError::Io(e)) => {
            let _ = writeln!(err, "error: could not write output: {e}");
            1
        }
    }
}

enum CliError {
    BadInput(String),
    Io(std::io::Error),
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Io(e)
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(CliError::Io)
}

fn read_token(token_env: Option<&str>) -> Result<zeroize::Zeroizing<String>, CliError> {
    if let Some(var) = token_env {
        return std::env::var(var)
            .map(zeroize::Zeroizing::new)
            .map_err(|_| {
                CliError::BadInput(format!(
                    "The environment variable {var} is not set (or not UTF-8)."
                ))
            });
    }
    let mut text = zeroize::Zeroizing::new(String::new());
    std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text).map_err(|e| {
        CliError::BadInput(format!(
            "The token could not be read from standard input: {e}"
        ))
    })?;
    Ok(text)
}

#[cfg(test)]
mod tests;
