//! Changes the assistant made in Okta, as the wizard keeps them: each request Okta was sent
//! after the admin confirmed the plan, Okta's answer and when, the steps only the admin can do,
//! and the undo list. The requests are made in `loopio-scim-net` (`okta::apply`); this is the
//! shape they are shown, saved and reported in. No body holds a secret.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// One request of a plan, as shown before it is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Request {
    pub method: String,
    pub path: String,
    #[ts(type = "unknown")]
    pub body: Option<Value>,
    pub why: String,
}

/// What Okta answered to one write, and when. Sent and saved as [`WriteResultSent`]: with
/// `succeeded`, so the window draws the core's 2xx rule instead of restating it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export, as = "WriteResultSent<'static>")]
pub struct WriteResult {
    pub method: String,
    pub path: String,
    /// Okta's HTTP status; `None` when no answer arrived (network, timeout).
    pub status: Option<u16>,
    /// Okta's `errorCode: errorSummary`, or the failure's title when Okta said nothing.
    pub okta_error: Option<String>,
    pub why: String,
    /// RFC 3339, UTC.
    pub at: String,
}

impl WriteResult {
    /// Okta accepted it (2xx).
    pub fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// A [`WriteResult`] as it is serialized (its TypeScript type is `WriteResult`): its fields and
/// [`WriteResult::succeeded`]. Reading one back ignores `succeeded` and decides it again.
#[derive(Serialize, TS)]
pub struct WriteResultSent<'a> {
    method: &'a str,
    path: &'a str,
    /// Okta's HTTP status; `null` when no answer arrived (network, timeout).
    status: Option<u16>,
    /// Okta's `errorCode: errorSummary`, or the failure's title when Okta said nothing.
    okta_error: Option<&'a str>,
    why: &'a str,
    /// RFC 3339, UTC.
    at: &'a str,
    /// Okta accepted it (a 2xx answer).
    succeeded: bool,
}

impl Serialize for WriteResult {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        WriteResultSent {
            method: &self.method,
            path: &self.path,
            status: self.status,
            okta_error: self.okta_error.as_deref(),
            why: &self.why,
            at: &self.at,
            succeeded: self.succeeded(),
        }
        .serialize(serializer)
    }
}

/// A step only the admin can do (no API), that the read-back shows as not done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ManualStep {
    /// The wizard's step or value key (`general.enable_scim`, `to_app.create_users`, ...).
    pub step: String,
    #[serde(rename = "where")]
    pub location: String,
    pub what: String,
    /// The read-back finding that shows it done once it passes (`okta.provisioning.scim`, ...);
    /// `None` for what no read-back shows (the Integration screen).
    #[serde(default)]
    pub confirmed_by: Option<String>,
}

/// One confirmed apply, kept in [`super::progress::Progress::okta_changes`] and the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SavedOktaChange {
    /// Seconds since the Unix epoch, when it finished.
    #[ts(type = "number")]
    pub at_unix: u64,
    /// The org's origin: where the requests went.
    pub org: String,
    /// Sent to the practice Okta on this computer, not the admin's org.
    pub practice: bool,
    pub app_id: String,
    pub app_label: String,
    /// Every planned write was sent and accepted.
    pub applied: bool,
    /// One per write sent, in order.
    pub results: Vec<WriteResult>,
    /// Planned writes not sent (after a failure); the next apply continues.
    pub not_sent: Vec<Request>,
    /// Requests that undo the writes that succeeded, in the order to send them.
    pub undo: Vec<Request>,
    pub pending_manual: Vec<ManualStep>,
    /// Why it stopped, when it did.
    pub error: Option<String>,
    /// This record is an undo of an earlier change (its results are the undo's answers).
    #[serde(default)]
    pub is_undo: bool,
    /// Its undo list was sent in full: there is nothing left to undo.
    #[serde(default)]
    pub undone: bool,
}

impl SavedOktaChange {
    /// Whether this change still has an undo to send.
    pub fn undo_pending(&self) -> bool {
        !self.is_undo && !self.undone && !self.undo.is_empty()
    }
}

/// The change the window's Undo is for: the newest one with an undo still pending.
pub fn undoable(history: &[SavedOktaChange]) -> Option<usize> {
    history.iter().rposition(SavedOktaChange::undo_pending)
}

/// What an undo of `history[at]` leaves: the change marked undone when every request of its
/// undo list was accepted, else its list cut to what was not (the failed request onwards, to
/// send again); and the undo itself recorded after it.
pub fn record_undo(history: &mut Vec<SavedOktaChange>, at: usize, undo: SavedOktaChange) {
    let accepted = undo.results.iter().take_while(|r| r.succeeded()).count();
    if let Some(change) = history.get_mut(at) {
        if accepted >= change.undo.len() {
            change.undone = true;
        } else {
            change.undo.drain(..accepted);
        }
    }
    record(history, undo);
}

/// How many changes the saved progress keeps (the newest).
pub const KEPT: usize = 20;

/// Adds `change` to `history`, keeping the newest [`KEPT`].
pub fn record(history: &mut Vec<SavedOktaChange>, change: SavedOktaChange) {
    history.push(change);
    let extra = history.len().saturating_sub(KEPT);
    history.drain(..extra);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(at_unix: u64) -> SavedOktaChange {
        SavedOktaChange {
            at_unix,
            org: "https://acme.okta.com".into(),
            practice: false,
            app_id: "0oa1".into(),
            app_label: "Loopio".into(),
            applied: true,
            results: Vec::new(),
            not_sent: Vec::new(),
            undo: Vec::new(),
            pending_manual: Vec::new(),
            error: None,
            is_undo: false,
            undone: false,
        }
    }

    #[test]
    fn the_history_keeps_the_newest_changes() {
        let mut history = Vec::new();
        for at in 0..(KEPT as u64 + 5) {
            record(&mut history, change(at));
        }
        assert_eq!(history.len(), KEPT);
        assert_eq!(history[0].at_unix, 5);
        assert_eq!(history.last().unwrap().at_unix, KEPT as u64 + 4);
    }

    fn answer(status: u16) -> WriteResult {
        WriteResult {
            method: "POST".into(),
            path: "/api/v1/apps/0oa1/lifecycle/deactivate".into(),
            status: Some(status),
            okta_error: None,
            why: String::new(),
            at: String::new(),
        }
    }

    fn request(path: &str) -> Request {
        Request {
            method: "POST".into(),
            path: path.into(),
            body: None,
            why: String::new(),
        }
    }

    #[test]
    fn an_undo_marks_its_change_or_keeps_what_was_not_undone() {
        let mut history = vec![change(1), change(2)];
        history[0].undo = vec![request("/a"), request("/b")];
        history[1].undo = Vec::new();
        // A change without undo (a failed apply) does not hide the one before it.
        assert_eq!(undoable(&history), Some(0));
        let mut failed = change(3);
        failed.is_undo = true;
        failed.results = vec![answer(200), answer(403)];
        record_undo(&mut history, 0, failed);
        assert_eq!(
            history[0].undo,
            vec![request("/b")],
            "the rest, to send again"
        );
        assert_eq!(
            undoable(&history),
            Some(0),
            "the undo itself is no change to undo"
        );
        let mut done = change(4);
        done.is_undo = true;
        done.results = vec![answer(204)];
        record_undo(&mut history, 0, done);
        assert!(history[0].undone);
        assert_eq!(undoable(&history), None);
    }

    #[test]
    fn after_create_then_fix_both_can_be_undone_newest_first() {
        let mut history = Vec::new();
        let mut created = change(1);
        created.undo = vec![
            request("/api/v1/apps/0oa1/lifecycle/deactivate"),
            request("/api/v1/apps/0oa1"),
        ];
        record(&mut history, created);
        let mut fixed = change(2);
        fixed.undo = vec![request("/api/v1/apps/0oa1/x")];
        record(&mut history, fixed);
        // The history is what a restart reads back: the fix first, then the create.
        let saved: Vec<SavedOktaChange> =
            serde_json::from_value(serde_json::to_value(&history).unwrap()).unwrap();
        assert_eq!(undoable(&saved), Some(1));
        let mut undo = change(3);
        undo.is_undo = true;
        undo.results = vec![answer(200)];
        let mut history = saved;
        record_undo(&mut history, 1, undo);
        assert_eq!(undoable(&history), Some(0), "then the create");
        assert_eq!(history[0].undo.len(), 2, "deactivate, then delete");
    }

    #[test]
    fn only_a_2xx_answer_succeeded() {
        let r = |status| WriteResult {
            method: "PUT".into(),
            path: "/api/v1/apps/0oa1".into(),
            status,
            okta_error: None,
            why: String::new(),
            at: String::new(),
        };
        assert!(r(Some(200)).succeeded() && r(Some(204)).succeeded());
        assert!(!r(Some(403)).succeeded() && !r(None).succeeded());
    }

    #[test]
    fn a_result_is_sent_with_the_core_s_verdict_and_read_back_without_it() {
        let sent = serde_json::to_value(answer(204)).unwrap();
        assert_eq!(sent["succeeded"], true);
        assert_eq!(sent["status"], 204);
        assert_eq!(
            serde_json::to_value(answer(409)).unwrap()["succeeded"],
            false
        );
        let mut saved = sent.clone();
        saved["status"] = 500.into();
        let back: WriteResult = serde_json::from_value(saved).unwrap();
        assert_eq!(back.status, Some(500));
        assert!(!back.succeeded(), "decided again, not read from the file");
        assert_eq!(serde_json::to_value(&back).unwrap()["succeeded"], false);
        let mut old = sent;
        old.as_object_mut().unwrap().remove("succeeded");
        let back: WriteResult = serde_json::from_value(old).unwrap();
        assert_eq!(
            back,
            answer(204),
            "results saved before the field still load"
        );
    }
}
