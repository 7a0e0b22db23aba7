//! The "Users" section of the setup report, from a reconciliation: the counts, then each cause
//! with its remedy and who has it. Logins only for failing users (a warned user, such as one made
//! by hand in Loopio, is counted, not named), at most [`MAX_LOGINS`] per cause, then "and N more".

use crate::findings::Status;

use super::Reconciliation;

/// The most logins named per cause.
pub const MAX_LOGINS: usize = 50;

/// The section as Markdown lines (without its heading).
pub fn report_lines(r: &Reconciliation) -> Vec<String> {
    let total: u64 = r.counts.values().sum();
    let mut out = vec![format!(
        "{total} user(s) compared, verdict {}{}.",
        r.verdict.mark(),
        if r.truncated {
            " (not everything could be read)"
        } else {
            ""
        }
    )];
    out.push(String::new());
    out.push("| state | users |".into());
    out.push("|---|---|".into());
    for (state, n) in r.counts.iter().filter(|(_, n)| **n > 0) {
        out.push(format!("| `{state}` | {n} |"));
    }
    for c in &r.causes {
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
        if c.status == Status::Fail {
            let named: Vec<&str> = c
                .logins
                .iter()
                .take(MAX_LOGINS)
                .map(String::as_str)
                .collect();
            let more = c.logins.len().saturating_sub(MAX_LOGINS);
            let tail = if more > 0 {
                format!(", and {more} more")
            } else {
                String::new()
            };
            out.push(format!("Users: {}{tail}.", named.join(", ")));
        }
    }
    for p in &r.problems {
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
