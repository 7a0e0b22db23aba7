//! `check`: the connection test from the command line, findings in the report's fixed order.

use std::io::Write;

use serde::Serialize;

use super::args::{adjust, NetworkArgs, ScimArgs};
use super::output::{exit_code, print, write_findings, write_notes};
use super::{runtime, CliError};
use crate::probe;
use crate::secret::HygieneNote;

#[derive(Debug, clap::Args)]
#[command(mut_args(adjust("timeout_secs", |a| a.help(
    "Per-request timeout in seconds (the whole test gets twice this, at least 20 s)"
))))]
pub struct CheckArgs {
    #[command(flatten)]
    pub scim: ScimArgs,
    /// Also check that this Loopio instance answers and its SAML metadata matches.
    #[arg(long)]
    pub domain: Option<String>,
    #[command(flatten)]
    pub net: NetworkArgs,
}

/// The JSON document `check --format json` prints (see the README).
#[derive(Serialize)]
struct CheckOutput<'a> {
    #[serde(flatten)]
    report: &'a probe::Report,
    token_notes: &'a [HygieneNote],
}

pub(super) fn check(
    args: CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, CliError> {
    let timeout = args.net.timeout()?;
    let target = args.scim.target(&args.net, timeout, args.domain.clone())?;
    let (secret, notes) = args.scim.token()?;
    if args.net.text() {
        write_notes(err, &notes)?;
        writeln!(out, "Testing {} ...", target.base_url)?;
    }
    // Printed once the test is over, in the report's fixed order (the cause first, then
    // failures), not in the order the answers happened to arrive.
    let report = runtime()?.block_on(probe::run(&target, &secret, |_| {}));
    let doc = CheckOutput {
        report: &report,
        token_notes: &notes,
    };
    print(args.net.format, out, &doc, |out| {
        write_findings(&report.findings, out)?;
        writeln!(out)?;
        writeln!(out, "{}", report.headline_text())?;
        writeln!(
            out,
            "Overall: {:?} in {} ms.",
            report.verdict, report.elapsed_ms
        )
    })?;
    Ok(exit_code(report.verdict))
}
