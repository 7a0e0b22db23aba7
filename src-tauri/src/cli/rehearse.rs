//! `rehearse`: replays Okta's first push for one test user (lookup, create, lookup in another
//! case, read, update, duplicate, deactivate, reactivate) and names each failure. It writes, so
//! production needs `--confirm-production DOMAIN`; without it: exit 2 before any request.
//! Exit 0 when nothing fails, 1 when something fails, 2 for bad input or a refused run.

use std::io::Write;

use serde::Serialize;

use crate::probe::Target;
use crate::rehearse::{self, Rehearsal, RehearsalFinding, RehearsalOptions};
use crate::secret::{HygieneNote, Secret};

use super::args::{adjust, NetworkArgs, ScimArgs};
use super::output::{exit_code, mark, print, write_notes};
use super::{runtime, CliError};

#[derive(Debug, clap::Args)]
#[command(mut_args(adjust("environment", |a| a.help(
    "Loopio's SCIM API to rehearse against (production needs --confirm-production)"
))))]
#[command(mut_args(adjust("base_url", |a| a.help(
    "An explicit SCIM base URL (https; http only to this computer), e.g. the practice tenant"
))))]
pub struct RehearseArgs {
    #[command(flatten)]
    pub scim: ScimArgs,
    /// A role value to send, as Okta sends it (repeatable; the update sends the second).
    #[arg(long = "role", value_name = "NAME")]
    pub roles: Vec<String>,
    /// The test user's e-mail domain (okta-rehearsal-<random>@DOMAIN).
    #[arg(long, value_name = "DOMAIN", default_value = "example.com")]
    pub email_domain: String,
    /// Your Loopio domain, typed again: required to rehearse against production.
    #[arg(long, value_name = "DOMAIN")]
    pub confirm_production: Option<String>,
    #[command(flatten)]
    pub net: NetworkArgs,
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
    let timeout = args.net.timeout()?;
    let target = args.scim.target(&args.net, timeout, None)?;
    // Refused before the token is even read, and before any request.
    rehearse::authorize(&target, args.confirm_production.as_deref())
        .map_err(|e| bad(e.to_string()))?;
    rehearse::email_domain(&args.email_domain).map_err(|e| bad(e.to_string()))?;
    let (secret, notes) = args.scim.token()?;
    let options = RehearsalOptions {
        roles: args.roles.clone(),
        email_domain: args.email_domain.clone(),
        confirm_production: args.confirm_production.clone(),
    };
    let text = args.net.text();
    if text {
        write_notes(err, &notes)?;
        writeln!(
            out,
            "Rehearsing Okta's first push against {} (creates one test user) ...",
            target.base_url
        )?;
        if options.roles.is_empty() {
            writeln!(
                out,
                "No --role given: the roles are not rehearsed (give --role ROLE, twice for the update)."
            )?;
        }
        out.flush()?;
    }
    let rehearsal = runtime()?
        .block_on(run(&target, &secret, &options, text))
        .map_err(|e| bad(e.to_string()))?;
    let doc = RehearseOutput {
        rehearsal: &rehearsal,
        token_notes: &notes,
    };
    print(args.net.format, out, &doc, |out| {
        write_summary(&rehearsal, out)
    })?;
    Ok(exit_code(rehearsal.verdict))
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
    writeln!(out, "[{}] {}: {}", mark(f.status), f.code, f.title)?;
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
