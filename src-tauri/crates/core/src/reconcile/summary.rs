//! The "Users" section of the setup report, from a reconciliation: the counts, then each cause
//! with its remedy and who has it. Logins only for failing users (a warned user, such as one made
//! by hand in Loopio, is counted, not named), at most [`MAX_LOGINS`] per cause, then "and N more".

use std::collections::BTreeMap;

use serde::Serialize;

use crate::findings::Status;

use super::{ReadProblem, Reconciliation};

/// The most logins named per cause.
pub const MAX_LOGINS: usize = 50;

/// The report's view of a reconciliation: what its "Users" section says, also as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsersSummary {
    pub verdict: Status,
    /// How many users were compared (every state's count).
    pub compared: u64,
    /// True when not everything could be read.
    pub truncated: bool,
    /// Every state with how many users are in it (zeros included: stable keys).
    pub counts: BTreeMap<String, u64>,
    pub causes: Vec<CauseSummary>,
    pub problems: Vec<ReadProblem>,
}

/// One cause: its remedy, and who has it when it fails (at most [`MAX_LOGINS`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CauseSummary {
    pub cause: String,
    pub title: String,
    pub status: Status,
    pub count: u64,
    pub remedy: String,
    #[serde(rename = "where")]
    pub location: String,
    /// The failing users' logins, at most [`MAX_LOGINS`]; none for a warning.
    pub logins: Vec<String>,
    /// How many failing users are not named.
    pub more: u64,
}

impl CauseSummary {
    /// "Users: a@acme.com, b@acme.com, and 10 more." for a failing cause; `None` for a warning.
    pub fn users_line(&self) -> Option<String> {
        if self.status != Status::Fail {
            return None;
        }
        let tail = if self.more > 0 {
            format!(", and {} more", self.more)
        } else {
            String::new()
        };
        Some(format!("Users: {}{tail}.", self.logins.join(", ")))
    }
}

/// What the report says about `r`.
pub fn summary(r: &Reconciliation) -> UsersSummary {
    let causes = r
        .causes
        .iter()
        .map(|c| {
            let failing = c.status == Status::Fail;
            let named: Vec<String> = if failing {
                c.logins.iter().take(MAX_LOGINS).cloned().collect()
            } else {
                Vec::new()
            };
            CauseSummary {
                cause: c.cause.clone(),
                title: c.title.clone(),
                status: c.status,
                count: c.count,
                remedy: c.remedy.clone(),
                location: c.location.clone(),
                // From the count: a saved check keeps only the logins named.
                more: if failing {
                    c.count.saturating_sub(named.len() as u64)
                } else {
                    0
                },
                logins: named,
            }
        })
        .collect();
    UsersSummary {
        verdict: r.verdict,
        compared: r.counts.values().sum(),
        truncated: r.truncated,
        counts: r.counts.clone(),
        causes,
        problems: r.problems.clone(),
    }
}

impl UsersSummary {
    /// "61 user(s) compared, verdict FAIL."
    pub fn headline(&self) -> String {
        format!(
            "{} user(s) compared, verdict {}{}.",
            self.compared,
            self.verdict.mark(),
            if self.truncated {
                " (not everything could be read)"
            } else {
                ""
            }
        )
    }
}

/// The section as Markdown lines (without its heading).
pub fn report_lines(r: &Reconciliation) -> Vec<String> {
    let s = summary(r);
    let mut out = vec![s.headline()];
    out.push(String::new());
    out.push("| state | users |".into());
    out.push("|---|---|".into());
    for (state, n) in s.counts.iter().filter(|(_, n)| **n > 0) {
        out.push(format!("| `{state}` | {n} |"));
    }
    for c in &s.causes {
        out.push(String::new());
        out.push(format!(
            "**`{}`** ({}, {} user(s)): {}{}",
            c.cause,
            c.status.mark(),
            c.count,
            c.remedy,
            if c.location.is_empty() {
                String::new()
            } else {
                format!(" ({})", c.location)
            }
        ));
        out.extend(c.users_line());
    }
    for p in &s.problems {
        out.push(String::new());
        out.push(format!(
            "{} `{}` ({}): {}. {}",
            p.status.mark(),
            p.code,
            p.part,
            p.title,
            p.remedy
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{reconcile, Context, Inputs, LoopioUser, OktaUser};
    use super::*;

    fn okta(i: usize) -> OktaUser {
        OktaUser {
            id: format!("00u{i}"),
            login: format!("u{i}@acme.com"),
            sync_state: "SYNCHRONIZED".into(),
            ..Default::default()
        }
    }

    #[test]
    fn failing_logins_are_named_up_to_fifty_and_warned_ones_never() {
        let inputs = Inputs {
            okta: (0..60).map(okta).collect(),
            okta_read: true,
            loopio: vec![LoopioUser {
                id: "L1".into(),
                user_name: "byhand@acme.com".into(),
                active: true,
                ..Default::default()
            }],
            loopio_read: true,
            loopio_complete: true,
            context: Context::default(),
            ..Default::default()
        };
        let r = reconcile(&inputs, Vec::new(), false, 0);
        let text = report_lines(&r).join("\n");
        assert!(
            text.contains("61 user(s) compared, verdict FAIL."),
            "{text}"
        );
        assert!(text.contains("| `user.not_pushed` | 60 |"), "{text}");
        assert!(text.contains("u0@acme.com"), "{text}");
        assert!(text.contains(", and 10 more."), "{text}");
        assert_eq!(text.matches("@acme.com,").count(), 50, "{text}");
        assert!(text.contains("`drift.unmanaged`"), "{text}");
        assert!(
            !text.contains("byhand@acme.com"),
            "a warned user is counted, not named"
        );
    }
}
