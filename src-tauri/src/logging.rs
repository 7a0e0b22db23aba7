//! Logs, through `tracing`: the CLI writes them to stderr with `--verbose`; the window appends
//! them to `logs/assistant.log` in the app's data folder, for the admin to attach to a support
//! ticket. Every line passes through [`loopio_scim_core::redact::credentials`] before it is
//! written, so a credential-shaped value never reaches either.
//!
//! The subscriber is our own, a few dozen lines: `tracing` is already linked (hyper and the
//! store plugin use it), while `tracing-subscriber` would add its formatting and filtering
//! machinery to a binary that is at its size budget. Spans are not tracked; events are.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

use loopio_scim_core::redact;

/// The log file is started afresh past this size (the previous one kept as `.1`).
const MAX_LOG_BYTES: u64 = 1024 * 1024;

/// The log file's name inside the data folder.
pub const LOG_FILE: &str = "logs/assistant.log";

struct Sink {
    most_verbose: Level,
    out: Mutex<Box<dyn Write + Send>>,
    next_span: AtomicU64,
}

/// Collects an event's message and fields as `message key=value ...`.
struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.0, " {value:?}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            let _ = write!(self.0, " {value}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }
}

/// One log line: time (UTC), level, where it came from, the message and fields, redacted.
pub fn format_line(level: &Level, target: &str, fields: &str) -> String {
    let now = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    redact::credentials(&format!("{now} {level:>5} {target}:{fields}"))
}

impl Subscriber for Sink {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        // Ours only: the HTTP and store crates' own events are noise in a support log.
        metadata.level() <= &self.most_verbose && metadata.target().starts_with("loopio_scim")
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(self.next_span.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut line = Line(String::new());
        event.record(&mut line);
        let meta = event.metadata();
        let text = format_line(meta.level(), meta.target(), &line.0);
        if let Ok(mut out) = self.out.lock() {
            let _ = writeln!(out, "{text}");
            let _ = out.flush();
        }
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

fn install(most_verbose: Level, out: Box<dyn Write + Send>) {
    let sink = Sink {
        most_verbose,
        out: Mutex::new(out),
        next_span: AtomicU64::new(0),
    };
    // Only the first call wins; a second (tests) keeps the first sink.
    let _ = tracing::subscriber::set_global_default(sink);
}

/// `--verbose`: everything down to debug, on stderr.
pub fn to_stderr() {
    install(Level::DEBUG, Box::new(std::io::stderr()));
}

/// Where the window's log goes: `logs/assistant.log` in the app's data folder.
pub fn log_path(data_dir: &Path) -> PathBuf {
    data_dir.join(LOG_FILE)
}

/// The window: info and above, appended to the log file (rotated past 1 MiB). A log that cannot
/// be opened is not an error the admin must deal with: the app runs without one.
pub fn to_file(data_dir: &Path) -> Option<PathBuf> {
    let path = log_path(data_dir);
    std::fs::create_dir_all(path.parent()?).ok()?;
    if std::fs::metadata(&path)
        .map(|m| m.len() > MAX_LOG_BYTES)
        .unwrap_or(false)
    {
        let _ = std::fs::rename(&path, path.with_extension("log.1"));
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ok()?;
    install(Level::INFO, Box::new(file));
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_carries_time_level_source_and_fields_and_never_a_credential() {
        let line = format_line(
            &Level::WARN,
            "loopio_scim::app",
            " request failed header=\"Authorization: Bearer abc123\" code=auth.rejected",
        );
        assert!(
            line.contains(" WARN loopio_scim::app: request failed"),
            "{line}"
        );
        assert!(line.contains("code=auth.rejected"), "{line}");
        assert!(!line.contains("abc123"), "{line}");
        assert!(line.starts_with("20"), "an RFC 3339 time first: {line}");
    }

    #[test]
    fn events_go_through_the_sink_redacted() {
        #[derive(Clone, Default)]
        struct Shared(std::sync::Arc<Mutex<Vec<u8>>>);
        impl Write for Shared {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let buffer = Shared::default();
        let sink = Sink {
            most_verbose: Level::INFO,
            out: Mutex::new(Box::new(buffer.clone())),
            next_span: AtomicU64::new(0),
        };
        tracing::subscriber::with_default(sink, || {
            tracing::info!(target: "loopio_scim::test", host = "api.loopio.com", "sent with SSWS 00secret");
            tracing::debug!(target: "loopio_scim::test", "too verbose for info");
            tracing::info!(target: "hyper::client", "not ours");
        });
        let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(text.contains("sent with SSWS [redacted]"), "{text}");
        assert!(text.contains("host=\"api.loopio.com\""), "{text}");
        assert!(!text.contains("00secret"));
    }
}
