//! `rehearse`: replays Okta's first push for one test user (lookup, create, lookup in another
//! case, read, update, duplicate, deactivate, reactivate) and names each failure. It writes, so
//! production needs `--confirm-production DOMAIN`; without it: exit 2 before any request.
//! Exit 0 when nothing fails, 1 when something fails, 2 for bad input or a refused run.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use crate::findings::Status;
use crate::probe::{Target, TargetOptions};
use crate::rehearse::{self, Rehearsal, RehearsalFinding, RehearsalOptions};
use crate::secret::{HygieneNote, Secret};
use crate::setup::Environment;

use super::{read_token, runtime, CliError, EnvironmentArg, Format};

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["environment", "base_url"])))]
#[command(group(clap::ArgGroup::new("token").required(true).args(["token_env", "token_stdin"])))]
pub struct RehearseArgs {
    /// Loopio's SCIM API to rehearse against (production needs --confirm-production).
    #[arg(long, value_enum)]
    pub environment: Option<EnvironmentArg>,
    /// An explicit SCIM base URL (https; http only to this computer), e.g. the practice tenant.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Read the token from this environment variable.
    #[arg(long, value_name = "VAR")]
    pub token_env: Option<String>,
    /// Read the token from standard input.
    #[arg(long)]
    pub token_stdin: bool,
    /// A role value to send, as Okta sends it (repeatable; the update sends the second).
    #[arg(long = "role", value_name = "NAME")]
    pub roles: Vec<String>,
    /// The test user's e-mail domain (okta-rehearsal-<random>@DOMAIN).
    #[arg(long, value_name = "DOMAIN", default_value = "example.com")]
    pub email_domain: String,
    /// Your Loopio domain, typed again: required to rehearse against production.
    #[arg(long, value_name = "DOMAIN")]
    pub confirm_production: Option<String>,
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

/// The JSON document `rehearse --format json` prints (see the README).
#[derive(Serialize)]
struct RehearseOutput<'a> {
    #[serde(flatten)]
    rehearsal: &'a Rehearsal,
    token_notes: &'a [HygieneNote],
}

pub(super) fn rehearse(
    args: RehearseArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, CliError> {
    let bad = |m: String| CliError::BadInput(m);
    let timeout = super::timeout_secs(args.timeout_secs)?;
    let target = Target::from_options(&TargetOptions {
        environment: args.environment.map(Environment::from),
        base_url: args.base_url.clone(),
        resolve: args.resolve.clone(),
        ca_file: args.ca_file.clone(),
        timeout: Some(timeout),
        ..Default::default()
    })
    .map_err(|e| bad(e.to_string()))?;
    // Refused before the token is even read, and before any request.
    rehearse::authorize(&target, args.confirm_production.as_deref())
        .map_err(|e| bad(e.to_string()))?;
    rehearse::email_domain(&args.email_domain).map_err(|e| bad(e.to_string()))?;
    let raw = read_token(args.token_env.as_deref())?;
    let (secret, notes) = Secret::from_pasted(&raw).map_err(|e| bad(e.to_string()))?;
    drop(raw);
    let options = RehearsalOptions {
        roles: args.roles.clone(),
        email_domain: args.email_domain.clone(),
        confirm_production: args.confirm_production.clone(),
    };
    let text = args.format == Format::Text;
    if text {
        for n in &notes {
            writeln!(err, "note: {}", n.message)?;
        }
        writeln!(
            out,
            "Rehearsing Okta's first push against {} (creates one test user) ...",
            target.base_url
        )?;
        out.flush()?;
    }
    let rehearsal = runtime()?
        .block_on(run(&target, &secret, &options, text))
        .map_err(|e| bad(e.to_string()))?;
    if text {
        write_summary(&rehearsal, out)?;
    } else {
        let doc = RehearseOutput {
            rehearsal: &rehearsal,
            token_notes: &notes,
        };
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
        writeln!(out)?;
    }
    Ok(if rehearsal.verdict == Status::Fail {
        1
    } else {
        0
    })
}

/// Runs the rehearsal; in text mode each step is printed as it arrives.
async fn run(
    target: &Target,
    secret: &Secret,
    options: &RehearsalOptions,
    text: bool,
) -> Result<Rehearsal, rehearse::Refusal> {
    rehearse::run(target, secret, options, |f| {
        if text {
            let _ = write_finding(f, &mut std::io::stdout().lock());
        }
    })
    .await
}

fn write_finding(f: &RehearsalFinding, out: &mut dyn Write) -> std::io::Result<()> {
    let mark = match f.status {
        Status::Pass => "PASS",
        Status::Warn => "WARN",
        Status::Fail => "FAIL",
        Status::Skip => "SKIP",
    };
    writeln!(out, "[{mark}] {}: {}", f.code, f.title)?;
    if !f.request.is_empty() {
        writeln!(out, "       request: {}", f.request)?;
    }
    writeln!(out, "       seen:    {}", f.detail)?;
    if !f.remedy.is_empty() {
        writeln!(out, "       fix:     {}", f.remedy)?;
    }
    if !f.okta_shows.is_empty() {
        writeln!(out, "       in Okta: {}", f.okta_shows)?;
    }
    out.flush()
}

fn write_summary(r: &Rehearsal, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out)?;
    if !r.test_users.is_empty() {
        writeln!(out, "Test users left behind:")?;
        for u in &r.test_users {
            let state = match u.active {
                Some(true) => "active",
                Some(false) => "deactivated",
                None => "state unknown",
            };
            writeln!(out, "  {} (id {}, {state})", u.user_name, u.id)?;
        }
        writeln!(out, "{}", r.cleanup)?;
    }
    writeln!(out, "Overall: {:?} in {} ms.", r.verdict, r.elapsed_ms)
}
