//! The report as sections of blocks: what it says, decided once. The Markdown and HTML
//! renderers only choose how each block looks.

use super::{instance_words, status_word, value_text, SetupReport};
use crate::findings::Status;
use crate::setup::progress::TestTargetKind;

mod users;

/// A piece of running text and how it is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    Plain(String),
    /// A value to copy or an identifier (`code` in HTML, as is in Markdown tables).
    Code(String),
    Strong(String),
}

/// One table cell: text, set as code or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub code: bool,
}

impl Cell {
    fn plain(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            code: false,
        }
    }

    fn code(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            code: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Label and value pairs (a definition list).
    Facts(Vec<(&'static str, String)>),
    Table {
        head: &'static [&'static str],
        rows: Vec<Vec<Cell>>,
    },
    /// Items with a done mark.
    Checklist(Vec<(bool, String)>),
    /// Bulleted items of running text.
    Bullets(Vec<Vec<Span>>),
    /// Numbered items.
    Numbered(Vec<String>),
    Paragraph(Vec<Span>),
    /// Text kept exactly as it is, line breaks included (a certificate's PEM).
    Preformatted(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// `None` for the part before the first heading.
    pub heading: Option<&'static str>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    pub sections: Vec<Section>,
}

fn facts(r: &SetupReport) -> Block {
    let mut facts = vec![
        (
            "Generated",
            format!("{} by {} {}", r.generated_at, r.app, r.app_version),
        ),
        ("Profile", r.profile.clone()),
        ("Instance", instance_words(r)),
        (
            "Environment",
            format!("{} (SCIM base URL {})", r.environment, r.scim_base_url),
        ),
        ("Okta app set up", r.okta_setup.clone()),
    ];
    if !r.practice_left_out.is_empty() {
        facts.push((
            "Practice results",
            format!(
                "left out: {} (they say nothing about Loopio or your Okta org; \
                 report --include-practice, or \"Include practice results\" on Finished, adds \
                 them, marked as practice)",
                r.practice_left_out.join("; ")
            ),
        ));
    } else if r.include_practice {
        facts.push((
            "Practice results",
            "included when there are any, each marked as practice beside its heading".into(),
        ));
    }
    if let Some(e) = &r.token_expiry {
        facts.push((
            "SCIM token",
            format!(
                "generated {}, expires {} (reminder {})",
                e.generated_on, e.expires_on, e.remind_on
            ),
        ));
    }
    Block::Facts(facts)
}

fn values(r: &SetupReport) -> Section {
    let rows = r
        .values
        .iter()
        .map(|v| {
            let marked = if !v.required {
                " (optional)".to_string()
            } else if crate::setup::values::REQUIRED_FOR_ROLES.contains(&v.key.as_str()) {
                // "(required because you map Loopio roles: ...)", the window's words.
                let why = crate::setup::values::REQUIRED_FOR_ROLES_WHY;
                let why = why
                    .trim_end_matches('.')
                    .replacen("Required", "required", 1);
                format!(" ({why})")
            } else {
                String::new()
            };
            vec![
                Cell::plain(&v.screen),
                Cell::plain(&v.section),
                Cell::plain(format!("{}{marked}", v.field)),
                Cell::code(value_text(v)),
            ]
        })
        .collect();
    Section {
        heading: Some("Okta values"),
        blocks: vec![Block::Table {
            head: &["Okta screen", "Section", "Field", "Value"],
            rows,
        }],
    }
}

fn roles(r: &SetupReport) -> Section {
    // Only names read from Loopio's own SCIM API are Loopio's; the others say so.
    let (seen, not_seen): (Vec<&String>, Vec<&String>) =
        r.roles_known.iter().partition(|k| r.roles_seen.contains(k));
    let list = |names: &[&String]| {
        names
            .iter()
            .map(|n| n.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let known = match (seen.is_empty(), not_seen.is_empty()) {
        (true, true) => "(none yet)".to_string(),
        (false, true) => list(&seen),
        (true, false) => format!(
            "none seen in Loopio yet; listed (added by hand, or read from the practice tenant or a custom URL): {}",
            list(&not_seen)
        ),
        (false, false) => format!(
            "{}; not seen in Loopio yet (added by hand, or read from the practice tenant or a custom URL): {}",
            list(&seen),
            list(&not_seen)
        ),
    };
    let rows = r
        .roles
        .rows
        .iter()
        .map(|row| {
            let group = if row.group.is_empty() {
                "All users".to_string()
            } else {
                row.group.clone()
            };
            vec![
                Span::Plain(format!("{group} → ")),
                Span::Code(row.role.value.clone()),
                Span::Plain(format!(" ({}): {}", row.role.code, row.role.message)),
            ]
        })
        .collect();
    let mut blocks = vec![
        Block::Paragraph(vec![Span::Plain(format!("Loopio role names: {known}"))]),
        Block::Bullets(rows),
    ];
    if !r.roles.instructions.is_empty() {
        blocks.push(Block::Numbered(r.roles.instructions.clone()));
    }
    Section {
        heading: Some("Roles"),
        blocks,
    }
}

fn last_test(r: &SetupReport) -> Section {
    let blocks = match &r.last_test {
        // A practice test left out is not "not run": say what ran and why it is not here.
        None if r
            .practice_left_out
            .iter()
            .any(|l| l == super::LEFT_OUT_TEST) =>
        {
            vec![Block::Paragraph(vec![Span::Plain(
                "Only a test against the practice tenant ran; it says nothing about Loopio and is left out of this report (see Practice results above).".into(),
            )])]
        }
        None => vec![Block::Paragraph(vec![Span::Plain("Not run yet.".into())])],
        Some(t) => {
            let rows = t
                .report
                .findings
                .iter()
                .map(|f| {
                    vec![
                        Cell::plain(status_word(f.status)),
                        Cell::plain(&f.check),
                        Cell::code(&f.code),
                        Cell::plain(&f.title),
                        Cell::plain(&f.detail),
                        Cell::plain(&f.remedy),
                        Cell::plain(f.elapsed_ms.to_string()),
                    ]
                })
                .collect();
            let mut blocks = for_other(r.last_test_for_other.as_deref());
            blocks.extend([
                Block::Paragraph(vec![
                    Span::Plain(format!(
                        "Run {} against ",
                        r.last_test_at.as_deref().unwrap_or("")
                    )),
                    Span::Code(t.base_url.clone()),
                    Span::Plain(", ".into()),
                    Span::Strong(r.last_test_target.clone().unwrap_or_default()),
                    Span::Plain(format!(
                        ". {}",
                        r.last_test_outcome.as_deref().unwrap_or("")
                    )),
                ]),
                Block::Table {
                    head: &["Result", "Check", "Code", "Title", "Seen", "Remedy", "ms"],
                    rows,
                },
            ]);
            blocks
        }
    };
    let practice = r
        .last_test
        .as_ref()
        .is_some_and(|t| t.target_kind() == TestTargetKind::Practice);
    Section {
        heading: Some(if practice {
            "Last connection test (practice tenant, not Loopio)"
        } else {
            "Last connection test"
        }),
        blocks,
    }
}

/// A result that ran for other values than this set-up's says so first, in bold.
fn for_other(note: Option<&str>) -> Vec<Block> {
    note.map(|n| Block::Paragraph(vec![Span::Strong(n.to_string())]))
        .into_iter()
        .collect()
}

fn rehearsal(r: &SetupReport) -> Option<Section> {
    let rehearsal = r.last_rehearsal.as_ref()?;
    let steps = rehearsal
        .steps
        .iter()
        .map(|s| {
            vec![
                Cell::plain(status_word(s.status)),
                Cell::code(&s.code),
                Cell::plain(&s.title),
            ]
        })
        .collect();
    let mut blocks = for_other(r.last_rehearsal_for_other.as_deref());
    blocks.extend([
        Block::Paragraph(vec![
            Span::Plain(format!(
                "Run {} against ",
                r.last_rehearsal_at.as_deref().unwrap_or("")
            )),
            Span::Code(rehearsal.base_url.clone()),
            Span::Plain(format!(". {}", rehearsal.headline)),
        ]),
        Block::Table {
            head: &["Result", "Step", "What happened"],
            rows: steps,
        },
    ]);
    if !rehearsal.test_users.is_empty() {
        let users = rehearsal
            .test_users
            .iter()
            .map(|u| {
                let state = match u.active {
                    Some(false) => "deactivated",
                    Some(true) => "still active",
                    None => "state unknown",
                };
                vec![
                    Span::Code(u.user_name.clone()),
                    Span::Plain(format!(" (id {}, {state})", u.id)),
                ]
            })
            .collect();
        blocks.push(Block::Paragraph(vec![Span::Strong(
            match rehearsal.target {
                TestTargetKind::Practice => "Test users left on the practice tenant (not Loopio)",
                TestTargetKind::Custom => "Test users left at the custom URL",
                _ => "Test users left in Loopio",
            }
            .into(),
        )]));
        blocks.push(Block::Bullets(users));
        if !rehearsal.cleanup.is_empty() {
            blocks.push(Block::Paragraph(vec![Span::Plain(
                rehearsal.cleanup.clone(),
            )]));
        }
    }
    Some(Section {
        heading: Some(if rehearsal.target == TestTargetKind::Practice {
            "Rehearsal of Okta's first push (practice tenant, not Loopio)"
        } else {
            "Rehearsal of Okta's first push"
        }),
        blocks,
    })
}

fn okta_check(r: &SetupReport) -> Option<Section> {
    let check = r.last_okta_check.as_ref()?;
    let app = if !check.reached {
        "Okta was not reached".to_string()
    } else if check.app_id.is_empty() {
        "no app was found".to_string()
    } else {
        format!("app {} ({})", check.app_label, check.app_id)
    };
    let mut blocks = for_other(r.last_okta_check_for_other.as_deref());
    blocks.push(Block::Paragraph(vec![
        Span::Plain(format!(
            "Read back {} from ",
            r.last_okta_check_at.as_deref().unwrap_or("")
        )),
        Span::Code(check.org.clone()),
        Span::Plain(format!(", {app}. {}", check.headline)),
    ]));
    let rows: Vec<Vec<Cell>> = check
        .findings
        .iter()
        .filter(|f| f.status != Status::Pass)
        .map(|f| {
            vec![
                Cell::plain(status_word(f.status)),
                Cell::plain(format!("{} ({})", f.title, f.code)),
                Cell::plain(&f.location),
                Cell::code(f.okta_has.as_deref().unwrap_or("")),
                Cell::code(f.expected.as_deref().unwrap_or("")),
                Cell::plain(&f.remedy),
            ]
        })
        .collect();
    let passed = check
        .findings
        .iter()
        .filter(|f| f.status == Status::Pass)
        .count();
    if !rows.is_empty() {
        blocks.push(Block::Table {
            head: &[
                "Result",
                "Check",
                "Where in Okta",
                "Okta has",
                "Expected",
                "Fix",
            ],
            rows,
        });
    }
    blocks.push(Block::Paragraph(vec![Span::Plain(format!(
        "{passed} {} matched what the wizard generated.",
        if passed == 1 { "check" } else { "checks" }
    ))]));
    Some(Section {
        heading: Some(if check.practice {
            "Okta app, as read back from the practice Okta (practice, not your Okta org)"
        } else {
            "Okta app, as read back from Okta"
        }),
        blocks,
    })
}

fn idp_values(r: &SetupReport) -> Option<Section> {
    let check = r.last_okta_check.as_ref()?;
    let idp = check.idp.as_ref()?;
    let unknown = || "(could not be read)".to_string();
    let mut facts = vec![
        (
            "Identity provider entity ID (issuer)",
            idp.entity_id.clone(),
        ),
        ("Identity provider single sign-on URL", idp.sso_url.clone()),
        (
            "Signing certificate SHA-256 fingerprint",
            idp.certificate_sha256.clone(),
        ),
        (
            "Signing certificate valid until",
            idp.certificate_not_after.clone().unwrap_or_else(unknown),
        ),
    ];
    if let Some(url) = &idp.metadata_url {
        facts.push(("IdP metadata URL (public)", url.clone()));
    }
    Some(Section {
        heading: Some(if check.practice {
            "Identity provider values of the practice Okta (practice: not for Loopio's SSO settings)"
        } else {
            "Identity provider values for Loopio's SSO settings"
        }),
        blocks: vec![
            Block::Paragraph(vec![Span::Plain(
                "From the Okta app's SAML metadata: what Loopio's single sign-on settings need from Okta.".into(),
            )]),
            Block::Facts(facts),
            Block::Paragraph(vec![Span::Strong("Signing certificate (PEM)".into())]),
            Block::Preformatted(idp.certificate_pem.trim().to_string()),
        ],
    })
}

fn okta_changes(r: &SetupReport) -> Option<Section> {
    if r.okta_changes.is_empty() {
        return None;
    }
    let mut blocks = vec![Block::Paragraph(vec![Span::Plain(
        "Each change was sent after the admin confirmed the plan; Okta's answer is kept with it."
            .into(),
    )])];
    for (change, at) in r.okta_changes.iter().zip(&r.okta_changes_at) {
        let place = if change.practice {
            "the practice Okta on this computer (not an Okta org)".to_string()
        } else {
            change.org.clone()
        };
        let outcome = match &change.error {
            None if change.applied => "Every write was accepted.".to_string(),
            None => "Not every write was accepted.".to_string(),
            Some(e) => format!("Stopped: {e}"),
        };
        blocks.push(Block::Paragraph(vec![
            Span::Strong(format!("{at}: {} ({})", change.app_label, change.app_id)),
            Span::Plain(format!(" on {place}. {outcome}")),
        ]));
        let rows = change
            .results
            .iter()
            .map(|w| {
                vec![
                    Cell::code(format!("{} {}", w.method, w.path)),
                    Cell::plain(
                        w.status
                            .map(|s| s.to_string())
                            .unwrap_or_else(|| "no answer".into()),
                    ),
                    Cell::plain(w.okta_error.clone().unwrap_or_default()),
                    Cell::plain(&w.why),
                    Cell::plain(&w.at),
                ]
            })
            .collect();
        blocks.push(Block::Table {
            head: &["Request", "Okta's answer", "Okta's error", "Why", "When"],
            rows,
        });
        if change.is_undo {
            blocks.push(Block::Paragraph(vec![Span::Plain(
                "This was an undo of the change before it.".into(),
            )]));
        } else if change.undone {
            blocks.push(Block::Paragraph(vec![Span::Plain(
                "It has been undone (see below).".into(),
            )]));
        } else if !change.undo.is_empty() {
            blocks.push(Block::Paragraph(vec![Span::Plain(
                "To undo it (the assistant's Undo button, or these requests in order):".into(),
            )]));
            blocks.push(Block::Numbered(
                change
                    .undo
                    .iter()
                    .map(|u| format!("{} {}: {}", u.method, u.path, u.why))
                    .collect(),
            ));
        }
    }
    let practice = r.okta_changes.iter().filter(|c| c.practice).count();
    Some(Section {
        heading: Some(if practice == r.okta_changes.len() {
            "Changes the assistant made in the practice Okta (practice, not your Okta org)"
        } else if practice > 0 {
            "Changes the assistant made in Okta (some in the practice Okta, marked so)"
        } else {
            "Changes the assistant made in Okta"
        }),
        blocks,
    })
}

/// The whole report, in order.
pub fn document(r: &SetupReport) -> Document {
    Document {
        title: format!(
            "Loopio SCIM setup report: {}",
            r.instance_domain.as_deref().unwrap_or("(no valid domain)")
        ),
        sections: vec![
            Section {
                heading: None,
                blocks: vec![facts(r)],
            },
            values(r),
            Section {
                heading: Some("Steps"),
                blocks: vec![Block::Checklist(
                    r.steps.iter().map(|s| (s.done, s.title.clone())).collect(),
                )],
            },
            roles(r),
            last_test(r),
        ]
        .into_iter()
        .chain(rehearsal(r))
        .chain(okta_check(r))
        .chain(idp_values(r))
        .chain(okta_changes(r))
        .chain(users::section(r))
        .collect(),
    }
}
