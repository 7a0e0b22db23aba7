//! The report as sections of blocks: what it says, decided once. The Markdown and HTML
//! renderers only choose how each block looks.

use super::{instance_words, status_word, value_text, SetupReport};

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
    ];
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
            let optional = if v.required { "" } else { " (optional)" };
            vec![
                Cell::plain(&v.screen),
                Cell::plain(&v.section),
                Cell::plain(format!("{}{optional}", v.field)),
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
    let known = if r.roles_known.is_empty() {
        "(none yet)".to_string()
    } else {
        r.roles_known.join(", ")
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
        Block::Paragraph(vec![Span::Plain(format!(
            "Known Loopio role names: {known}"
        ))]),
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
            vec![
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
            ]
        }
    };
    Section {
        heading: Some("Last connection test"),
        blocks,
    }
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
    let mut blocks = vec![
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
    ];
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
            "Test users left in Loopio".into(),
        )]));
        blocks.push(Block::Bullets(users));
        if !rehearsal.cleanup.is_empty() {
            blocks.push(Block::Paragraph(vec![Span::Plain(
                rehearsal.cleanup.clone(),
            )]));
        }
    }
    Some(Section {
        heading: Some("Rehearsal of Okta's first push"),
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
        .collect(),
    }
}
