//! The headless command line: the same core as the window, for scripts and change tickets.
//!
//! Exit codes: 0 success, 2 bad input (with the same message the GUI shows, on stderr).

use std::io::Write;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::setup::{
    self, app_variable, DomainWarning, Environment, InstanceDomain, OktaValue, StepId, ValueKind,
};

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
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print every value to enter in Okta, with the screen, section and field it goes into.
    Values(ValuesArgs),
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
    match cli.command {
        None => {
            crate::app::run();
            0
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
        Command::Values(args) => values(args, out),
    };
    match result {
        Ok(()) => 0,
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
    let values = setup::okta_values(&setup::ValueInputs {
        domain: Some(&domain),
        environment,
        roles_variable: roles_variable.as_deref(),
    });
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
            let value = match (&v.value, v.kind) {
                (_, ValueKind::Secret) => "<your Loopio SCIM token>".to_string(),
                (Some(value), ValueKind::Checkbox) => format!("[x] {value}"),
                (Some(value), ValueKind::Choice) => format!("select: {value}"),
                (Some(value), ValueKind::Text) => value.clone(),
                (None, _) => "(not available yet)".to_string(),
            };
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
        assert!(out.contains("<your Loopio SCIM token>"));
    }
}
