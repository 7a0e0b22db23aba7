//! `verify-okta`: reads the Loopio app back from Okta (GET only) and names every difference from
//! what the wizard generates. Exit 0 when nothing fails, 1 when something fails, 2 for bad input.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use crate::findings::Status;
use crate::okta::{self, AppSelector, Expected, OktaOrg};
use crate::setup::roles::normalise_catalog;
use crate::setup::{Environment, InstanceDomain};

use super::{runtime, CliError, EnvironmentArg, Format};

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("app").required(true).args(["app_id", "app_label"])))]
pub struct VerifyOktaArgs {
    /// Your Okta org, e.g. https://acme.okta.com (the admin console's address works too).
    #[arg(long, value_name = "URL")]
    pub okta_url: String,
    /// Read the Okta API token from this environment variable (the token alone; a leading
    /// "SSWS " is removed). Never give it on the command line.
    #[arg(long, value_name = "VAR")]
    pub okta_token_env: String,
    /// Your Loopio domain, e.g. acme.loopio.com: what the app is compared with.
    #[arg(long)]
    pub domain: String,
    #[arg(long, value_enum, default_value_t = EnvironmentArg::Production)]
    pub environment: EnvironmentArg,
    /// The Okta app's id (in its admin console address).
    #[arg(long, value_name = "ID")]
    pub app_id: Option<String>,
    /// The Okta app's label, exactly as the Applications list shows it.
    #[arg(long, value_name = "LABEL")]
    pub app_label: Option<String>,
    /// A Loopio role name, to check the group roles against (repeatable).
    #[arg(long = "role", value_name = "NAME")]
    pub roles: Vec<String>,
    /// Send requests for HOST:PORT to ADDRESS instead of asking DNS (repeatable), like curl.
    #[arg(long, value_name = "HOST:PORT:ADDRESS")]
    pub resolve: Vec<String>,
    /// An extra trusted root certificate (PEM), e.g. a corporate TLS-inspection CA.
    #[arg(long, value_name = "PEM")]
    pub ca_file: Option<PathBuf>,
    /// Per-request timeout in seconds.
    #[arg(long, default_value_t = 10)]
    pub timeout_secs: u64,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub(super) fn verify_okta(
    args: VerifyOktaArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, CliError> {
    let bad = |m: String| CliError::BadInput(m);
    if args.timeout_secs == 0 || args.timeout_secs > 120 {
        return Err(bad("--timeout-secs must be between 1 and 120.".into()));
    }
    let org = OktaOrg::parse(&args.okta_url).map_err(|e| bad(e.to_string()))?;
    let domain = InstanceDomain::parse(&args.domain).map_err(|e| bad(e.to_string()))?;
    let selector = match (&args.app_id, &args.app_label) {
        (Some(id), _) => AppSelector::id(id),
        (None, Some(label)) => AppSelector::label(label),
        (None, None) => Err("Give --app-id or --app-label.".into()),
    }
    .map_err(bad)?;
    let target = okta::target(
        &org,
        &args.resolve,
        args.ca_file.clone(),
        Some(Duration::from_secs(args.timeout_secs)),
    )
    .map_err(|e| bad(e.to_string()))?;
    let raw = std::env::var(&args.okta_token_env)
        .map(zeroize::Zeroizing::new)
        .map_err(|_| {
            bad(format!(
                "The environment variable {} is not set (or not UTF-8).",
                args.okta_token_env
            ))
        })?;
    let (secret, token_notes) =
        okta::token_from_pasted(&raw).map_err(|e| bad(okta::token_error_message(&e)))?;
    drop(raw);
    let expected = Expected {
        domain,
        environment: Environment::from(args.environment),
        known_roles: normalise_catalog(args.roles),
        deactivate_users: None,
    };
    if args.format == Format::Text {
        for n in org.notes().iter().chain(&token_notes) {
            writeln!(err, "note: {}", n.message)?;
        }
        writeln!(out, "Reading the Loopio app from {} ...", org.origin())?;
    }
    let report = runtime()?.block_on(okta::verify(&target, &secret, &selector, &expected));
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &report).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Text => {
            if let Some(app) = &report.app {
                writeln!(
                    out,
                    "App: {} (id {}, variable name {}, {})",
                    app.label, app.id, app.name, app.status
                )?;
            }
            for f in &report.findings {
                let mark = match f.status {
                    Status::Pass => "PASS",
                    Status::Warn => "WARN",
                    Status::Fail => "FAIL",
                    Status::Skip => "SKIP",
                };
                writeln!(out, "[{mark}] {}: {}", f.code, f.title)?;
                if !f.location.is_empty() {
                    writeln!(out, "       where:    {}", f.location)?;
                }
                if f.status != Status::Pass {
                    if let Some(has) = &f.okta_has {
                        writeln!(out, "       Okta has: {has}")?;
                    }
                    if let Some(expected) = &f.expected {
                        writeln!(out, "       expected: {expected}")?;
                    }
                }
                if !f.detail.is_empty() {
                    writeln!(out, "       seen:     {}", f.detail)?;
                }
                if !f.remedy.is_empty() {
                    writeln!(out, "       fix:      {}", f.remedy)?;
                }
            }
            writeln!(
                out,
                "Overall: {:?} in {} ms.",
                report.verdict, report.elapsed_ms
            )?;
        }
    }
    Ok(if report.verdict == Status::Fail { 1 } else { 0 })
}
