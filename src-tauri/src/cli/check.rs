//! `check`: the connection test from the command line, findings in the report's fixed order.

use std::io::Write;

use serde::Serialize;

use super::*;

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

/// The JSON document `check --format json` prints (see the README).
#[derive(Serialize)]
struct CheckOutput<'a> {
    #[serde(flatten)]
    report: &'a probe::Report,
    token_notes: &'a [HygieneNote],
}

/// `--timeout-secs`, within the connection test's own bounds (one rule, in `probe::target`).
pub(super) fn timeout_secs(secs: u64) -> Result<std::time::Duration, CliError> {
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

pub(super) fn check(
    args: CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, CliError> {
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

pub(super) fn write_finding(f: &probe::Finding, out: &mut dyn Write) -> std::io::Result<()> {
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
