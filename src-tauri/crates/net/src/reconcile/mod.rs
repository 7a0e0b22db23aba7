//! After go-live: reads Okta's app users (`expand=user`), the app's provisioning failures in the
//! System Log and Loopio's SCIM users, and hands them to the core's
//! [`loopio_scim_core::reconcile::reconcile`]. GET only (and a service app's token request).
//!
//! - `okta`: the Okta side: the app, its users through the `after` cursor (one page after
//!   another), the System Log (one narrow filter), and `--user` lookups.
//! - `loopio`: the Loopio side: `/Users` pages, [`loopio::IN_FLIGHT`] at a time.
//! - `parse`: their JSON into the core's inputs.
//!
//! The two sides run at the same time; a part that cannot be read (a 403 names its scope) is a
//! problem with its code, and the rest still runs. Logs name counts and ids, never logins.

mod loopio;
mod okta;
mod parse;

use std::time::{Duration, Instant};

use loopio_scim_core::findings::Status;
use loopio_scim_core::reconcile::{self as core, Inputs, LookedUp};
use loopio_scim_core::redact as core_redact;
use loopio_scim_core::secret::Secret;
use time::OffsetDateTime;

use crate::http::{self, Failure, Target};
use crate::okta::{AppSelector, Credentials};

pub use loopio::{IN_FLIGHT as LOOPIO_IN_FLIGHT, PAGE_SIZE as LOOPIO_PAGE_SIZE};
/// The core's result types, for the callers.
pub use loopio_scim_core::reconcile::{
    CauseGroup, LogEvent, ReadProblem, Reconciliation, UserResult,
};
pub use okta::APP_USERS_PAGE;

/// Which part a problem is about.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Part {
    Okta,
    OktaLog,
    Loopio,
    Lookup,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Okta => "okta",
            Part::OktaLog => "okta_log",
            Part::Loopio => "loopio",
            Part::Lookup => "lookup",
        }
    }
}

/// A failure to read `part`, as the result lists it. The System Log and the lookups are extras:
/// without them the rest still stands, so they warn.
pub(crate) fn problem(part: Part, f: Failure) -> ReadProblem {
    let status = match (part, f.code) {
        (_, "reconcile.page_repeated") => Status::Warn,
        (Part::OktaLog, _) | (Part::Lookup, _) => Status::Warn,
        _ => Status::Fail,
    };
    let title = match part {
        Part::OktaLog => format!(
            "{} (failed pushes are named from Okta's syncState only)",
            f.title
        ),
        _ => f.title,
    };
    ReadProblem {
        code: f.code.into(),
        part: part.name().into(),
        status,
        title,
        detail: f.detail,
        remedy: f.remedy,
    }
}

fn warn(part: Part, code: &str, title: String, detail: String, remedy: &str) -> ReadProblem {
    ReadProblem {
        code: code.into(),
        part: part.name().into(),
        status: Status::Warn,
        title,
        detail,
        remedy: remedy.into(),
    }
}

/// `reconcile.duplicate_user`: `n` users came more than once.
pub(crate) fn duplicates(part: Part, n: usize) -> ReadProblem {
    warn(part, "reconcile.duplicate_user", format!("{n} user(s) came twice in the list"), "Each was counted once, with what its first entry said.".into(), "Nothing to do unless it repeats; if it does, the list changed while it was read: run the check again.")
}

/// `reconcile.page_limit`: more users than `limit`.
pub(crate) fn limited(part: Part, limit: usize, total: Option<usize>) -> ReadProblem {
    let of = total.map(|t| format!(" of {t}")).unwrap_or_default();
    warn(part, "reconcile.page_limit", format!("Only the first {limit}{of} users were read"), "The rest were not compared: a user missing from what was read may be on a page that was not.".into(), "Raise --limit-users, or look up one person with --user.")
}

/// One side's reading: what was read, whether it was read at all and to its end, and problems.
#[derive(Debug)]
pub(crate) struct Side<T> {
    pub items: Vec<T>,
    pub read: bool,
    pub complete: bool,
    pub pages: usize,
    pub problems: Vec<ReadProblem>,
}

impl<T> Default for Side<T> {
    fn default() -> Self {
        Side {
            items: Vec::new(),
            read: false,
            complete: false,
            pages: 0,
            problems: Vec::new(),
        }
    }
}

impl<T> Side<T> {
    fn failed(mut self, p: ReadProblem) -> Self {
        self.problems.push(p);
        self
    }
}

/// What to reconcile.
pub struct Request<'a> {
    pub okta_target: &'a Target,
    pub credentials: Credentials<'a>,
    pub app: &'a AppSelector,
    pub scim_target: &'a Target,
    pub scim_secret: &'a Secret,
    /// How far back the System Log is read.
    pub since: Duration,
    /// `--user`: only these people, each looked up directly.
    pub users: &'a [String],
    /// At most this many users of each side.
    pub limit_users: Option<usize>,
}

/// The most users of a side without `--limit-users`.
pub const MAX_USERS: usize = 20_000;

/// Reads both sides at once and reconciles them. Never panics on what either side sends; no
/// secret appears in the result (every text is redacted).
pub async fn reconcile(req: &Request<'_>) -> Reconciliation {
    let started = Instant::now();
    let limit = req.limit_users.unwrap_or(MAX_USERS).max(1);
    let until = OffsetDateTime::now_utc();
    let since = until - req.since;
    tracing::info!(looked_up = req.users.len(), limit, "reconcile started");
    let (okta, loopio) = if req.users.is_empty() {
        let okta = okta::read(req, since, until, limit);
        let loopio = loopio::read_all(req.scim_target, req.scim_secret, limit);
        let (okta, loopio) = tokio::join!(okta, loopio);
        (okta, loopio)
    } else {
        let okta = okta::read(req, since, until, limit).await;
        let ids: Vec<String> = okta
            .users
            .items
            .iter()
            .map(|u| u.external_id.clone())
            .filter(|id| !id.is_empty())
            .collect();
        let mut names: Vec<String> = req.users.to_vec();
        names.extend(okta.looked_up.iter().filter_map(|p| p.login.clone()));
        let loopio = loopio::look_up(req.scim_target, req.scim_secret, &ids, &names).await;
        (okta, loopio)
    };
    let mut problems = okta.users.problems;
    problems.extend(okta.log_problems);
    problems.extend(loopio.problems);
    let truncated = !okta.users.complete || !loopio.complete || !okta.log_complete;
    let inputs = Inputs {
        okta: okta.users.items,
        okta_read: okta.users.read,
        loopio: loopio.items,
        loopio_read: loopio.read,
        loopio_complete: loopio.complete,
        events: okta.events,
        only: okta.looked_up,
        context: okta.context,
    };
    let result = core::reconcile(
        &inputs,
        problems,
        truncated,
        started.elapsed().as_millis() as u64,
    );
    tracing::info!(
        okta_users = inputs.okta.len(),
        okta_pages = okta.users.pages,
        loopio_users = inputs.loopio.len(),
        loopio_pages = loopio.pages,
        events = inputs.events.len(),
        failing = result.failing(),
        problems = result.problems.len(),
        truncated,
        elapsed_ms = result.elapsed_ms,
        "reconcile done"
    );
    let okta_secret = match req.credentials {
        Credentials::ApiToken(s) => Some(s),
        Credentials::ServiceApp(_) => None,
    };
    result.cleaned(|t| {
        let t = http::redact(t, Some(req.scim_secret));
        core_redact::credentials(&http::redact(&t, okta_secret))
    })
}

/// The people `--user` asks for, for the core.
fn asked(users: &[String]) -> Vec<LookedUp> {
    users
        .iter()
        .map(|u| LookedUp {
            asked: u.trim().to_string(),
            ..Default::default()
        })
        .collect()
}
