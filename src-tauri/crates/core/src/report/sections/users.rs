//! The "Users" section: the last "Check real users", its counts and causes, and who has a
//! failing cause (at most 50 logins a cause, then "and N more"; a warned user is counted, not
//! named). A practice result is here only when practice results were asked for, marked so.

use super::{for_other, status_word, Block, Cell, Section, SetupReport, Span};
use crate::reconcile::STATES;

pub(super) fn section(r: &SetupReport) -> Option<Section> {
    let users = r.last_users_check.as_ref()?;
    let s = &users.summary;
    let against = if users.practice {
        "the practice Okta and the practice tenant on this computer (not your Okta org or Loopio)"
    } else {
        "Okta's assigned users and Loopio's SCIM users"
    };
    let mut blocks = for_other(users.for_other.as_deref());
    blocks.push(Block::Paragraph(vec![Span::Plain(format!(
        "Checked {} against {against}. {}",
        users.at,
        s.headline()
    ))]));
    // In the order the window lists them: in sync first, then each failing state.
    let mut counts: Vec<(&String, &u64)> = s.counts.iter().filter(|(_, n)| **n > 0).collect();
    counts.sort_by_key(|(state, _)| STATES.iter().position(|s| s == state));
    let rows: Vec<Vec<Cell>> = counts
        .into_iter()
        .map(|(state, n)| vec![Cell::code(state), Cell::plain(n.to_string())])
        .collect();
    if !rows.is_empty() {
        blocks.push(Block::Table {
            head: &["State", "Users"],
            rows,
        });
    }
    for c in &s.causes {
        let title = if c.title.is_empty() {
            &c.cause
        } else {
            &c.title
        };
        let place = if c.location.is_empty() {
            String::new()
        } else {
            format!(" Where: {}.", c.location)
        };
        blocks.push(Block::Paragraph(vec![
            Span::Strong(title.clone()),
            Span::Plain(" (".into()),
            Span::Code(c.cause.clone()),
            Span::Plain(format!(
                ", {}, {} user(s)): {}{place}",
                status_word(c.status),
                c.count,
                c.remedy
            )),
        ]));
        if let Some(line) = c.users_line() {
            blocks.push(Block::Paragraph(vec![Span::Plain(line)]));
        }
    }
    if !s.problems.is_empty() {
        blocks.push(Block::Bullets(
            s.problems
                .iter()
                .map(|p| {
                    vec![
                        Span::Plain(format!("{} ", status_word(p.status))),
                        Span::Code(p.code.clone()),
                        Span::Plain(format!(" ({}): {}. {}", p.part, p.title, p.remedy)),
                    ]
                })
                .collect(),
        ));
    }
    Some(Section {
        heading: Some(if users.practice {
            "Users (practice Okta and tenant, not your users)"
        } else {
            "Users"
        }),
        blocks,
    })
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use crate::reconcile::{reconcile, Context, Inputs, LoopioUser, OktaUser};
    use crate::report::{build, build_with, to_html, to_json, to_markdown, SetupReport};
    use crate::setup::done_for::DoneFor;
    use crate::setup::progress::Progress;
    use crate::setup::users_check::SavedUsersCheck;
    use crate::setup::Environment;

    /// 60 users never created in Loopio, one in sync, and one made by hand in Loopio.
    fn saved(practice: bool) -> SavedUsersCheck {
        let okta = |i: usize, external_id: &str| OktaUser {
            id: format!("00u{i}"),
            login: format!("u{i:02}@acme.com"),
            user_name: format!("u{i:02}@acme.com"),
            sync_state: "SYNCHRONIZED".into(),
            external_id: external_id.into(),
            ..Default::default()
        };
        let loopio = |id: &str, name: &str| LoopioUser {
            id: id.into(),
            user_name: name.into(),
            active: true,
            ..Default::default()
        };
        let mut users: Vec<OktaUser> = (0..60).map(|i| okta(i, "")).collect();
        users.push(okta(99, "L99"));
        let inputs = Inputs {
            okta: users,
            okta_read: true,
            loopio: vec![
                loopio("L99", "u99@acme.com"),
                loopio("L1", "byhand@acme.com"),
            ],
            loopio_read: true,
            loopio_complete: true,
            context: Context::default(),
            ..Default::default()
        };
        let mut s = SavedUsersCheck::new(
            1_795_000_000,
            practice,
            reconcile(&inputs, Vec::new(), false, 0),
        );
        s.ran_for = Some(DoneFor::new("acme.loopio.com", Environment::Production, ""));
        s
    }

    fn progress(practice: bool) -> Progress {
        Progress {
            domain: "acme.loopio.com".into(),
            last_users_check: Some(saved(practice)),
            ..Default::default()
        }
    }

    fn every_format(r: &SetupReport) -> [String; 3] {
        [to_markdown(r), to_html(r), to_json(r)]
    }

    #[test]
    fn the_users_section_has_the_counts_causes_and_failing_logins_up_to_fifty() {
        let r = build(&progress(false), "p", datetime!(2026-12-05 14:02 UTC));
        let md = to_markdown(&r);
        assert!(md.contains("\n## Users\n"), "{md}");
        assert!(
            md.contains("Checked 2026-11-18T11:06:40Z against Okta's assigned users and Loopio's SCIM users. 62 user(s) compared, verdict FAIL."),
            "{md}"
        );
        assert!(md.contains("| user.not_pushed | 60 |"), "{md}");
        assert!(md.contains("| user.in_sync | 1 |"), "{md}");
        assert!(md.contains("(drift.unmanaged, WARN, 1 user(s))"), "{md}");
        for text in every_format(&r) {
            assert!(text.contains("u00@acme.com"), "{text}");
            assert!(text.contains("u49@acme.com"), "{text}");
            assert!(!text.contains("u50@acme.com"), "at most 50 named: {text}");
            assert!(
                !text.contains("byhand@acme.com"),
                "a warned user is counted only"
            );
            assert!(
                !text.contains("u99@acme.com"),
                "a user in sync is counted only"
            );
        }
        assert!(md.contains(", and 10 more."), "{md}");
        assert!(to_html(&r).contains(", and 10 more."));
        let json: serde_json::Value = serde_json::from_str(&to_json(&r)).unwrap();
        let users = &json["last_users_check"];
        assert_eq!(users["counts"]["user.not_pushed"], 60);
        assert_eq!(users["causes"][0]["more"], 10);
        assert_eq!(users["practice"], false);
        assert_eq!(users["at"], "2026-11-18T11:06:40Z");
        // None saved: no section.
        let none = build(&Progress::default(), "p", datetime!(2026-12-05 14:02 UTC));
        assert!(!to_markdown(&none).contains("## Users"));
        assert!(none.last_users_check.is_none());
    }

    #[test]
    fn a_practice_check_is_in_only_when_asked_for_and_marked_practice() {
        let p = progress(true);
        let r = build(&p, "p", datetime!(2026-12-05 14:02 UTC));
        assert!(r.last_users_check.is_none());
        assert!(r
            .practice_left_out
            .contains(&"the check of real users against the practice Okta and tenant".into()));
        for text in every_format(&r) {
            assert!(!text.contains("u00@acme.com"), "{text}");
        }
        let r = build_with(&p, "p", datetime!(2026-12-05 14:02 UTC), true);
        let md = to_markdown(&r);
        assert!(
            md.contains("\n## Users (practice Okta and tenant, not your users)\n"),
            "{md}"
        );
        assert!(
            md.contains("against the practice Okta and the practice tenant"),
            "{md}"
        );
        assert!(md.contains("u00@acme.com"), "{md}");
        assert!(to_html(&r).contains("Users (practice Okta and tenant, not your users)"));
    }

    #[test]
    fn a_check_for_another_domain_says_so() {
        let mut p = progress(false);
        p.domain = "globex.loopio.com".into();
        let r = build(&p, "p", datetime!(2026-12-05 14:02 UTC));
        for text in every_format(&r) {
            assert!(
                text.contains(
                    "This check of real users ran for acme.loopio.com, not for globex.loopio.com. Check again."
                ),
                "{text}"
            );
        }
    }
}
