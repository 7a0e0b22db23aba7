//! The headless command line: the same core as the window, for scripts and change tickets.
//!
//! Exit codes: 0 success, 2 bad input (with the same message the GUI shows, on stderr).

use std::io::Write;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::practice;
use crate::probe;

mod apply_okta;
mod recheck;
mod rehearse;
mod verify_okta;
use crate::secret::{HygieneNote, Secret};
use crate::setup::{
    self, app_variable, DomainWarning, Environment, InstanceDomain, OktaValue, StepId,
};
pub use apply_okta::ApplyOktaArgs;
pub use recheck::RecheckArgs;
pub use rehearse::RehearseArgs;
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
    /// Write the setup report (for the change ticket) from the saved progress.
    Report(ReportArgs),
    /// Read the Loopio app back from Okta (read-only) and name every difference from the wizard.
    VerifyOkta(VerifyOktaArgs),
    /// Make the Okta changes the API allows, after showing each request (dry run without --yes).
    ApplyOkta(ApplyOktaArgs),
    /// Rehearse Okta's first push with one test user (creates, updates and deactivates it).
    Rehearse(RehearseArgs),
    /// Check a saved setup again (SCIM connection, Okta read-back, token and certificate expiry).
    Recheck(RecheckArgs),
}

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormatArg {
    Md,
    Html,
    Json,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["environment", "base_url"])))]
#[command(group(clap::ArgGroup::new("token").required(true).args(["token_env", "token_stdin"])))]
pub struct CheckArgs {
    /// Loopio's SCIM API to test.
    #[arg(long, value_enum)]
    pub environment: Option<EnvironmentArg>,
    /// An explicit SCIM base URL (https; http only to this computer).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Read the token from this environment variable.
    #[arg(long, value_name = "VAR")]
    pub token_env: Option<String>,
    /// Read the token from standard input.
    #[arg(long)]
    pub token_stdin: bool,
    /// Also check that this Loopio instance answers and its SAML metadata matches.
    #[arg(long)]
    pub domain: Option<String>,
    /// Send requests for HOST:PORT to ADDRESS instead of asking DNS (repeatable), like curl.
    #[arg(long, value_name = "HOST:PORT:ADDRESS")]
    pub resolve: Vec<String>,
    /// An extra trusted root certificate (PEM), e.g. a corporate TLS-inspection CA.
    #[arg(long, value_name = "PEM")]
    pub ca_file: Option<std::path::PathBuf>,
    /// Per-request timeout in seconds (the whole test gets twice this, at least 20 s).
    #[arg(long, default_value_t = 10)]
    pub timeout_secs: u64,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Accept the token in this environment variable instead of the built-in practice token.
    #[arg(long, value_name = "VAR")]
    pub token_env: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ValuesArgs {
    /// Your Loopio domain, e.g. acme.loopio.com (a whole https:// URL is fine).
    #[arg(long)]
    pub domain: String,
    /// Which Loopio SCIM API Okta will talk to.
    #[arg(long, value_enum, default_value_t = EnvironmentArg::Production)]
    pub environment: EnvironmentArg,
    /// The variable name of your Okta app (Profile Editor), to derive the roles variable name.
    #[arg(long)]
    pub app_variable: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// The JSON document `values --format json` prints. Its keys are stable (see the README).
#[derive(Debug, Serialize)]
pub struct ValuesOutput {
    pub domain: String,
    pub environment: Environment,
    pub scim_base_url: String,
    pub roles_variable: Option<String>,
    pub warnings: Vec<DomainWarning>,
    pub values: Vec<OktaValue>,
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
        Command::Report(args) => report(args, out),
        Command::VerifyOkta(args) => verify_okta::verify_okta(args, out, err),
        Command::ApplyOkta(args) => apply_okta::apply_okta(args, out, err),
        Command::Rehearse(args) => rehearse::rehearse(args, out, err),
        Command::Recheck(args) => recheck::recheck(args, out, err),
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

/// The JSON document `check --format json` prints (see the README).
#[derive(Serialize)]
struct CheckOutput<'a> {
    #[serde(flatten)]
    report: &'a probe::Report,
    token_notes: &'a [HygieneNote],
}

/// `--timeout-secs`, within the connection test's own bounds (one rule, in `probe::target`).
fn timeout_secs(secs: u64) -> Result<std::time::Duration, CliError> {
    let bounds = probe::target::TIMEOUT_SECS;
    if !bounds.contains(&secs) {
        return Err(CliError::BadInput(format!(
            "--timeout-secs must be between {} and {}.",
            bounds.start(),
            bounds.end()
        )));
    }
    Ok(std::time::Duration::from_secs(secs))
}

fn check(args: CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, CliError> {
    let timeout = timeout_secs(args.timeout_secs)?;
    let options = probe::TargetOptions {
        environment: args.environment.map(Environment::from),
        base_url: args.base_url.clone(),
        domain: args.domain.clone(),
        resolve: args.resolve.clone(),
        ca_file: args.ca_file.clone(),
        timeout: Some(timeout),
        deadline: None,
    };
    let target =
        probe::Target::from_options(&options).map_err(|e| CliError::BadInput(e.to_string()))?;
    let raw = read_token(args.token_env.as_deref())?;
    let (secret, notes) =
        Secret::from_pasted(&raw).map_err(|e| CliError::BadInput(e.to_string()))?;
    drop(raw);
    if args.format == Format::Text {
        for n in &notes {
            writeln!(err, "note: {}", n.message)?;
        }
        writeln!(out, "Testing {} ...", target.base_url)?;
    }
    // Printed once the test is over, in the report's fixed order (the cause first, then
    // failures), not in the order the answers happened to arrive.
    let report = runtime()?.block_on(probe::run(&target, &secret, |_| {}));
    match args.format {
        Format::Json => {
            let doc = CheckOutput {
                report: &report,
                token_notes: &notes,
            };
            serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Text => {
            for f in &report.findings {
                write_finding(f, out)?;
            }
            writeln!(out)?;
            writeln!(out, "{}", report.headline_text())?;
            writeln!(
                out,
                "Overall: {:?} in {} ms.",
                report.verdict, report.elapsed_ms
            )?;
        }
    }
    Ok(if report.verdict == probe::Status::Fail {
        1
    } else {
        0
    })
}

fn write_finding(f: &probe::Finding, out: &mut dyn Write) -> std::io::Result<()> {
    let mark = match f.status {
        probe::Status::Pass => "PASS",
        probe::Status::Warn => "WARN",
        probe::Status::Fail => "FAIL",
        probe::Status::Skip => "SKIP",
    };
    if f.code == f.check {
        writeln!(out, "[{mark}] {}: {}", f.check, f.title)?;
    } else {
        writeln!(out, "[{mark}] {} ({}): {}", f.check, f.code, f.title)?;
    }
    writeln!(out, "       seen: {}", f.detail)?;
    if !f.remedy.is_empty() {
        writeln!(out, "       fix:  {}", f.remedy)?;
    }
    Ok(())
}

fn simulate(args: SimulateArgs, out: &mut dyn Write) -> Result<i32, CliError> {
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
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], args.port));
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

fn report(args: ReportArgs, out: &mut dyn Write) -> Result<i32, CliError> {
    let path = args
        .store
        .or_else(default_store_path)
        .ok_or_else(|| CliError::BadInput("No data folder was found; give --store FILE.".into()))?;
    let bytes = std::fs::read(&path).map_err(|e| {
        CliError::BadInput(format!("No saved progress at {} ({e}). Open the app and start the wizard first, or give --store FILE.", path.display()))
    })?;
    let book = crate::setup::progress::parse_book(&bytes).map_err(|e| {
        CliError::BadInput(format!(
            "The progress file {} could not be read: {e}",
            path.display()
        ))
    })?;
    let profile = match args.profile {
        Some(p) if book.profiles.contains_key(&p) => p,
        Some(p) => {
            return Err(CliError::BadInput(format!(
                "There is no profile {p:?}. Profiles: {}.",
                book.names().join(", ")
            )));
        }
        None => book.active_name(),
    };
    let format = match args.format {
        ReportFormatArg::Md => crate::report::ReportFormat::Md,
        ReportFormatArg::Html => crate::report::ReportFormat::Html,
        ReportFormatArg::Json => crate::report::ReportFormat::Json,
    };
    let r = crate::report::build(
        &book.progress(&profile),
        &profile,
        time::OffsetDateTime::now_utc(),
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

fn values(args: ValuesArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let domain =
        InstanceDomain::parse(&args.domain).map_err(|e| CliError::BadInput(e.to_string()))?;
    let roles_variable = args
        .app_variable
        .as_deref()
        .map(app_variable::roles_variable_name)
        .transpose()
        .map_err(|e| CliError::BadInput(e.to_string()))?;
    let environment = Environment::from(args.environment);
    let mut values = setup::okta_values(&setup::ValueInputs {
        domain: Some(&domain),
        environment,
        roles_variable: roles_variable.as_deref(),
    });
    // The window's note points at its input field; here the input is an option.
    for v in values.iter_mut().filter(|v| v.value.is_none()) {
        if v.key == "roles.variable_name" {
            v.note = Some(
                "Give --app-variable with your app's variable name (Okta: Profile Editor, under \
                 the app's name) to get this value."
                    .into(),
            );
        }
    }
    let output = ValuesOutput {
        domain: domain.host().to_string(),
        environment,
        scim_base_url: environment.scim_base_url().to_string(),
        roles_variable,
        warnings: domain.warnings().to_vec(),
        values,
    };
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &output).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Text => write_text(&output, out)?,
    }
    Ok(())
}

fn write_text(output: &ValuesOutput, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "Okta values for {} ({}, SCIM base URL {})",
        output.domain,
        output.environment.label(),
        output.scim_base_url
    )?;
    for w in &output.warnings {
        writeln!(out, "\nWarning: {}", w.message)?;
    }
    for step in StepId::ALL {
        let in_step: Vec<&OktaValue> = output.values.iter().filter(|v| v.step == step).collect();
        if in_step.is_empty() {
            continue;
        }
        let info = setup::step_info(step);
        writeln!(out, "\n== {} ==", info.title)?;
        let mut screen = "";
        for v in in_step {
            if v.screen != screen {
                screen = &v.screen;
                writeln!(out, "Okta screen: {screen}")?;
            }
            let value = v.as_text();
            let optional = if v.required { "" } else { " (optional)" };
            writeln!(out, "  {} > {}{optional}", v.section, v.field)?;
            writeln!(out, "      {value}")?;
            if let Some(note) = &v.note {
                writeln!(out, "      note: {note}")?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_args(args: &[&str]) -> (i32, String, String) {
        let cli = Cli::try_parse_from(
            std::iter::once("loopio-scim-assistant").chain(args.iter().copied()),
        )
        .expect("arguments parse");
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(cli.command.expect("a subcommand"), &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn json_output_has_the_stable_keys() {
        let (code, out, err) = run_args(&[
            "values",
            "--domain",
            "https://ACME.loopio.com/home",
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{err}");
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(json["domain"], "acme.loopio.com");
        assert_eq!(json["environment"], "production");
        assert_eq!(json["scim_base_url"], "https://api.loopio.com/scim/v2");
        let first = &json["values"][0];
        for key in [
            "key", "step", "screen", "section", "field", "value", "kind", "required", "note",
        ] {
            assert!(first.get(key).is_some(), "missing {key}");
        }
    }

    #[test]
    fn bad_input_exits_2_with_the_gui_message() {
        let (code, out, err) = run_args(&["values", "--domain", "api.loopio.com"]);
        assert_eq!(code, EXIT_BAD_INPUT);
        assert!(out.is_empty());
        let expected = InstanceDomain::parse("api.loopio.com")
            .unwrap_err()
            .to_string();
        assert_eq!(err.trim(), format!("error: {expected}"));

        let (code, _, err) = run_args(&[
            "values",
            "--domain",
            "acme.loopio.com",
            "--app-variable",
            "9x",
        ]);
        assert_eq!(code, EXIT_BAD_INPUT);
        assert!(err.contains("start with a letter"), "{err}");
    }

    #[test]
    fn text_output_shows_where_each_value_goes() {
        let (code, out, _) = run_args(&[
            "values",
            "--domain",
            "acme.loopio.com",
            "--environment",
            "sandbox",
            "--app-variable",
            "loopio_1",
        ]);
        assert_eq!(code, 0);
        assert!(out.contains("https://api.int01.loopio.com/scim/v2"));
        assert!(out.contains("SAML Settings > General > Single sign-on URL"));
        assert!(out.contains("loopio_1_roles"));
        assert!(out.contains("(your Loopio SCIM token: never shown or recorded)"));
    }

    #[test]
    fn without_app_variable_the_note_names_the_option() {
        for format in ["text", "json"] {
            let (code, out, _) =
                run_args(&["values", "--domain", "acme.loopio.com", "--format", format]);
            assert_eq!(code, 0);
            assert!(out.contains("--app-variable"), "{out}");
            assert!(!out.contains("variable name above"), "{out}");
        }
    }

    #[test]
    fn a_finding_whose_code_is_its_check_names_it_once() {
        let f = |code: &str| probe::Finding {
            check: "okta.lookup".into(),
            code: code.into(),
            status: probe::Status::Pass,
            title: "User lookups by userName work".into(),
            detail: "seen".into(),
            remedy: String::new(),
            elapsed_ms: 1,
        };
        let mut out = Vec::new();
        write_finding(&f("okta.lookup"), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("[PASS] okta.lookup: User lookups"),
            "{text}"
        );
        let mut out = Vec::new();
        write_finding(&f("scim.filter_ignored"), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("[PASS] okta.lookup (scim.filter_ignored): "),
            "{text}"
        );
    }
}
