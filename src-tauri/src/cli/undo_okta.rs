//! `undo-okta`: sends the undo list an `apply-okta --yes --format json` printed (its `undo` key),
//! in order, stopping at the first failure. A dry run by default: it prints the requests and
//! sends nothing; `--yes` sends them. Only Management API writes of the kinds `apply-okta` makes
//! are accepted from the file. Exit 0 when every request was accepted or only the list was
//! printed, 1 when one failed, 2 for bad input.

use loopio_scim_core::error::Problem;
use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use crate::okta::apply::{self, Request, WriteResult};

use super::args::{adjust, NetworkArgs, OktaAccessArgs};
use super::output::{print, write_notes};
use super::{runtime, CliError};

#[derive(Debug, clap::Args)]
#[command(mut_args(adjust("okta_url", |a| a.required(true))))]
#[command(mut_args(adjust("okta_token_env", |a| a.required_unless_present("okta_client_id"))))]
pub struct UndoOktaArgs {
    #[command(flatten)]
    pub okta: OktaAccessArgs,
    /// The JSON `apply-okta --yes --format json` printed (its `undo` list is sent in order).
    #[arg(long, value_name = "FILE")]
    pub from: PathBuf,
    /// Send the requests. Without it, only the list is printed and nothing is written.
    #[arg(long)]
    pub yes: bool,
    #[command(flatten)]
    pub net: NetworkArgs,
}

/// What `undo-okta` prints as JSON.
#[derive(Serialize)]
struct UndoReport {
    applied: bool,
    plan: Vec<Request>,
    results: Vec<WriteResult>,
}

/// The undo list of an apply's JSON, each request one `apply` could have planned.
fn undo_list(text: &str) -> Result<Vec<Request>, Problem> {
    #[derive(serde::Deserialize)]
    struct App {
        id: String,
    }
    #[derive(serde::Deserialize)]
    struct Applied {
        app: Option<App>,
        undo: Vec<Request>,
    }
    let applied: Applied = serde_json::from_str(text).map_err(|e| {
        Problem::new(
            "okta.undo.bad_file",
            format!("The file is not the JSON apply-okta prints (--format json): {e}."),
        )
    })?;
    let app_id = applied.app.map(|a| a.id).unwrap_or_default();
    apply::check_undo_list(&applied.undo, &app_id)?;
    Ok(applied.undo)
}

pub(super) fn undo_okta(
    args: UndoOktaArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, CliError> {
    let bad = CliError::BadInput;
    let timeout = args.net.timeout()?;
    let text = std::fs::read_to_string(&args.from)
        .map_err(|e| bad(format!("{} could not be read: {e}.", args.from.display())))?;
    let plan = undo_list(&text).map_err(|p| bad(p.to_string()))?;
    let org = args.okta.org.org()?;
    let target = args.net.okta_target(&org, timeout)?;
    let (auth, notes) = args.okta.credentials()?;
    if args.net.text() {
        write_notes(err, org.notes().iter().chain(&notes))?;
    }
    let results = if args.yes && !plan.is_empty() {
        runtime()?.block_on(async {
            let access = auth.for_writes();
            apply::undo_with(&target, access.credentials(), &plan, &|_| {}).await
        })
    } else {
        Vec::new()
    };
    let failed = results.iter().any(|r| !r.succeeded());
    let report = UndoReport {
        applied: args.yes && !failed,
        plan,
        results,
    };
    print(args.net.format, out, &report, |out| {
        write_text(&report, args.yes, out)
    })?;
    Ok(i32::from(failed))
}

fn write_text(report: &UndoReport, confirmed: bool, out: &mut dyn Write) -> std::io::Result<()> {
    if report.plan.is_empty() {
        writeln!(out, "The undo list is empty: nothing to undo.")?;
    }
    for (i, r) in report.plan.iter().enumerate() {
        writeln!(out, "{}. {} {}\n   why: {}", i + 1, r.method, r.path, r.why)?;
    }
    for r in &report.results {
        let status = r
            .status
            .map(|s| s.to_string())
            .unwrap_or_else(|| "no answer".into());
        let error = r
            .okta_error
            .as_ref()
            .map(|e| format!(": {e}"))
            .unwrap_or_default();
        writeln!(out, "[{status}] {} {}{error}", r.method, r.path)?;
    }
    if !confirmed && !report.plan.is_empty() {
        writeln!(
            out,
            "Dry run: nothing was sent. Run again with --yes to send these {} requests.",
            report.plan.len()
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_writes_apply_makes_are_taken_from_the_file() {
        let ok = r#"{"applied": true, "app": {"id": "0oa1"}, "undo": [{"method": "POST", "path": "/api/v1/apps/0oa1/lifecycle/deactivate", "body": null, "why": "deactivate"}, {"method": "DELETE", "path": "/api/v1/apps/0oa1", "body": null, "why": "delete"}]}"#;
        assert_eq!(undo_list(ok).unwrap().len(), 2);
        for bad in [
            r#"{"app": {"id": "0oa1"}, "undo": [{"method": "GET", "path": "/api/v1/apps/0oa1", "body": null, "why": ""}]}"#,
            r#"{"app": {"id": "0oa1"}, "undo": [{"method": "DELETE", "path": "/api/v1/users/00u1", "body": null, "why": ""}]}"#,
            r#"{"app": {"id": "0oa1"}, "undo": [{"method": "PUT", "path": "/api/v1/apps/../users/x", "body": null, "why": ""}]}"#,
            r#"{"app": {"id": "0oa1"}, "undo": [{"method": "DELETE", "path": "/api/v1/apps/%2e%2e/users/00u1", "body": null, "why": ""}]}"#,
            r#"{"app": {"id": "0oa1"}, "undo": [{"method": "DELETE", "path": "/api/v1/apps/0oa2", "body": null, "why": ""}]}"#,
            r#"{"undo": [{"method": "DELETE", "path": "/api/v1/apps/0oa1", "body": null, "why": ""}]}"#,
            r#"{"plan": []}"#,
            "not json",
        ] {
            assert!(undo_list(bad).is_err(), "{bad}");
        }
    }
}
