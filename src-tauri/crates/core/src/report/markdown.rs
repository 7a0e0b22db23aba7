//! The report's sections as Markdown: readable as plain text too (never an HTML entity), for
//! ticket systems that do not render Markdown.

use super::sections::{Block, Document, Span};

/// Text in Markdown, kept on one line. Only what Markdown would read as markup is escaped, with
/// Markdown's own backslash: a `<` that would open an HTML tag, a `&` that would start an entity,
/// a backslash before punctuation. Never an HTML entity, so the report still reads as plain
/// text where a ticket system does not render Markdown.
pub(super) fn md_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match c {
            '\n' | '\r' => out.push(' '),
            '<' if next
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) =>
            {
                out.push_str("\\<")
            }
            '&' if next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#') => {
                out.push_str("\\&")
            }
            '\\' if next.is_some_and(|n| n.is_ascii_punctuation()) => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out
}

/// A Markdown table cell: [`md_text`], and a pipe would end the cell.
pub(super) fn cell(text: &str) -> String {
    md_text(text).replace('|', "\\|")
}

fn spans(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| match s {
            Span::Plain(t) | Span::Code(t) => md_text(t),
            Span::Strong(t) if t.is_empty() => String::new(),
            Span::Strong(t) => format!("**{}**", md_text(t)),
        })
        .collect()
}

fn block(b: &Block, out: &mut Vec<String>) {
    match b {
        Block::Facts(facts) => {
            out.extend(facts.iter().map(|(k, v)| format!("- {k}: {}", md_text(v))));
        }
        Block::Table { head, rows } => {
            out.push(format!("| {} |", head.join(" | ")));
            out.push(format!("|{}", "---|".repeat(head.len())));
            for row in rows {
                let cells: Vec<String> = row.iter().map(|c| cell(&c.text)).collect();
                out.push(format!("| {} |", cells.join(" | ")));
            }
        }
        Block::Checklist(items) => {
            out.extend(
                items.iter().map(|(done, t)| {
                    format!("- [{}] {}", if *done { "x" } else { " " }, md_text(t))
                }),
            );
        }
        Block::Bullets(items) => out.extend(items.iter().map(|i| format!("- {}", spans(i)))),
        Block::Numbered(items) => out.extend(
            items
                .iter()
                .enumerate()
                .map(|(n, i)| format!("{}. {}", n + 1, md_text(i))),
        ),
        Block::Paragraph(p) => out.push(spans(p)),
        Block::Preformatted(text) => {
            // A fence longer than any run of backticks inside, so nothing can close it early.
            let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
            let fence = "`".repeat((longest + 1).max(3));
            out.push(fence.clone());
            out.extend(text.lines().map(str::to_string));
            out.push(fence);
        }
    }
}

pub fn render(doc: &Document) -> String {
    let mut lines = vec![format!("# {}", md_text(&doc.title))];
    for section in &doc.sections {
        if let Some(heading) = section.heading {
            lines.push(String::new());
            lines.push(format!("## {heading}"));
        }
        for b in &section.blocks {
            lines.push(String::new());
            block(b, &mut lines);
        }
    }
    lines.join("\n") + "\n"
}
