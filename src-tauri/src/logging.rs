//! Logs, through `tracing`: the CLI writes them to stderr with `--verbose`; the window appends
//! them to `logs/assistant.log` in the app's data folder, for the admin to attach to a support
//! ticket. Every line passes through [`loopio_scim_core::redact::credentials`] before it is
//! written, so a credential-shaped value never reaches either.
//!
//! The subscriber is our own, a few dozen lines: `tracing` is already linked (hyper and the
//! store plugin use it), while `tracing-subscriber` would add its formatting and filtering
//! machinery to a binary that is at its size budget. Spans are tracked just enough to name, on
//! each line, the window command (or other span) the event happened in: `[okta_check] ...`.

use std::cell::RefCell;
use std::collections::HashMap;
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
    /// Each open span's name and how many handles hold it.
    spans: Mutex<HashMap<u64, (&'static str, usize)>>,
}

thread_local! {
    /// The spans entered on this thread, innermost last.
    static ENTERED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

impl Sink {
    fn new(most_verbose: Level, out: Box<dyn Write + Send>) -> Sink {
        Sink {
            most_verbose,
            out: Mutex::new(out),
            next_span: AtomicU64::new(0),
            spans: Mutex::new(HashMap::new()),
        }
    }

    /// `[outer:inner]` for the spans entered on this thread, or nothing.
    fn scope(&self) -> String {
        let names: Vec<&'static str> = ENTERED.with(|e| {
            let spans = self.spans.lock().ok();
            e.borrow()
                .iter()
                .filter_map(|id| spans.as_ref()?.get(id).map(|(name, _)| *name))
                .collect()
        });
        if names.is_empty() {
            String::new()
        } else {
            format!(" [{}]", names.join(":"))
        }
    }
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

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let id = self.next_span.fetch_add(1, Ordering::Relaxed) + 1;
        if let Ok(mut spans) = self.spans.lock() {
            spans.insert(id, (attributes.metadata().name(), 1));
        }
        Id::from_u64(id)
    }

    fn clone_span(&self, id: &Id) -> Id {
        if let Ok(mut spans) = self.spans.lock() {
            if let Some((_, handles)) = spans.get_mut(&id.into_u64()) {
                *handles += 1;
            }
        }
        id.clone()
    }

    fn try_close(&self, id: Id) -> bool {
        let Ok(mut spans) = self.spans.lock() else {
            return false;
        };
        let key = id.into_u64();
        match spans.get_mut(&key) {
            Some((_, handles)) if *handles > 1 => {
                *handles -= 1;
                false
            }
            Some(_) => {
                spans.remove(&key);
                true
            }
            None => false,
        }
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut line = Line(String::new());
        event.record(&mut line);
        let meta = event.metadata();
        let fields = format!("{}{}", self.scope(), line.0);
        let text = format_line(meta.level(), meta.target(), &fields);
        if let Ok(mut out) = self.out.lock() {
            let _ = writeln!(out, "{text}");
            let _ = out.flush();
        }
    }

    fn enter(&self, id: &Id) {
        ENTERED.with(|e| e.borrow_mut().push(id.into_u64()));
    }

    fn exit(&self, id: &Id) {
        ENTERED.with(|e| {
            let mut entered = e.borrow_mut();
            if let Some(at) = entered.iter().rposition(|x| *x == id.into_u64()) {
                entered.remove(at);
            }
        });
    }
}

fn install(most_verbose: Level, out: Box<dyn Write + Send>) {
    let sink = Sink::new(most_verbose, out);
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
        let sink = Sink::new(Level::INFO, Box::new(buffer.clone()));
        tracing::subscriber::with_default(sink, || {
            let span = tracing::info_span!(target: "loopio_scim::test", "okta_check");
            let _in_span = span.enter();
            tracing::info!(target: "loopio_scim::test", host = "api.loopio.com", "sent with SSWS 00secret");
            tracing::debug!(target: "loopio_scim::test", "too verbose for info");
            tracing::info!(target: "hyper::client", "not ours");
        });
        let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(text.contains("sent with SSWS [redacted]"), "{text}");
        assert!(text.contains("host=\"api.loopio.com\""), "{text}");
        // The span the event happened in names the line.
        assert!(
            text.contains("loopio_scim::test: [okta_check] sent"),
            "{text}"
        );
        assert!(!text.contains("00secret"));
    }
}
