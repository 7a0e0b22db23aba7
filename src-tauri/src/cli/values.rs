//! `values`: every value for Okta's screens, as text or JSON.

use std::io::Write;

use serde::Serialize;

use super::args::LoopioArgs;
use super::output::print;
use super::*;

#[derive(Debug, clap::Args)]
pub struct ValuesArgs {
    #[command(flatten)]
    pub loopio: LoopioArgs,
    /// The variable name of your Okta app (Profile Editor), to derive the roles variable name.
    #[arg(long)]
    pub app_variable: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
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

pub(super) fn values(args: ValuesArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let domain = args.loopio.instance()?;
    let roles_variable = args
        .app_variable
        .as_deref()
        .map(app_variable::roles_variable_name)
        .transpose()
        .map_err(|e| CliError::BadInput(e.to_string()))?;
    let environment = Environment::from(args.loopio.environment);
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
    print(args.format, out, &output, |out| write_text(&output, out))
}

pub(super) fn write_text(output: &ValuesOutput, out: &mut dyn Write) -> std::io::Result<()> {
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
