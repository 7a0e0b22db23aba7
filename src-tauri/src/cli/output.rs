//! How every subcommand prints: `--format json` as one pretty document, the text's status marks,
//! the notes about a cleaned credential on stderr, and the exit code of a verdict.

use std::io::Write;

use serde::Serialize;

use crate::findings::{Finding, Status};
use crate::okta::AppSummary;
use crate::secret::HygieneNote;

use super::{CliError, Format};

/// Prints `doc` as pretty JSON, or runs `text` to print it for a person.
pub(super) fn print<D: Serialize + ?Sized>(
    format: Format,
    out: &mut dyn Write,
    doc: &D,
    text: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), CliError> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, doc).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Text => text(out)?,
    }
    Ok(())
}

/// `note: ...` on stderr for each thing cleaned from a pasted token or address.
pub(super) fn write_notes<'a>(
    err: &mut dyn Write,
    notes: impl IntoIterator<Item = &'a HygieneNote>,
) -> std::io::Result<()> {
    for n in notes {
        writeln!(err, "note: {}", n.message)?;
    }
    Ok(())
}

/// A status as the text reports mark it (the core's words).
pub(super) fn mark(status: Status) -> &'static str {
    status.mark()
}

/// The exit code of a verdict: 1 when something failed, else 0.
pub(super) fn exit_code(verdict: Status) -> i32 {
    if verdict == Status::Fail {
        1
    } else {
        0
    }
}

/// The remedies already printed, so a remedy several findings share is printed in full once, and
/// after that as "the same as for CHECK, above" (the window's rule).
#[derive(Default)]
pub(super) struct Remedies(Vec<(String, String)>);

impl Remedies {
    /// What to print for `remedy` of the finding shown as `shown_as`.
    pub(super) fn text(&mut self, shown_as: &str, remedy: &str) -> String {
        if let Some((_, first)) = self.0.iter().find(|(r, _)| r == remedy) {
            return format!("the same as for {first}, above.");
        }
        self.0.push((remedy.to_string(), shown_as.to_string()));
        remedy.to_string()
    }
}

/// The connection test's findings, in order, each remedy in full only once.
pub(super) fn write_findings(findings: &[Finding], out: &mut dyn Write) -> std::io::Result<()> {
    let mut remedies = Remedies::default();
    for f in findings {
        write_finding_with(f, &mut remedies, out)?;
    }
    Ok(())
}

/// One finding of the connection test, its id once when the code is the check's own.
pub(super) fn write_finding(f: &Finding, out: &mut dyn Write) -> std::io::Result<()> {
    write_finding_with(f, &mut Remedies::default(), out)
}

fn write_finding_with(
    f: &Finding,
    remedies: &mut Remedies,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mark = mark(f.status);
    if f.code == f.check {
        writeln!(out, "[{mark}] {}: {}", f.check, f.title)?;
    } else {
        writeln!(out, "[{mark}] {} ({}): {}", f.check, f.code, f.title)?;
    }
    writeln!(out, "       seen: {}", f.detail)?;
    if !f.remedy.is_empty() {
        writeln!(out, "       fix:  {}", remedies.text(&f.check, &f.remedy))?;
    }
    Ok(())
}

/// The Okta app a read-back or an apply found.
pub(super) fn write_app(app: &AppSummary, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "App: {} (id {}, variable name {}, {})",
        app.label, app.id, app.name, app.status
    )
}
