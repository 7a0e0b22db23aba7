//! The report's sections as one self-contained, printable HTML page (no script, no external
//! resource).

use super::sections::{Block, Document, Span};

pub(super) fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn spans(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| match s {
            Span::Plain(t) => esc(t),
            Span::Code(t) => format!("<code>{}</code>", esc(t)),
            Span::Strong(t) => format!("<strong>{}</strong>", esc(t)),
        })
        .collect()
}

fn block(b: &Block) -> String {
    match b {
        Block::Facts(facts) => {
            let items: String = facts
                .iter()
                .map(|(k, v)| format!("<dt>{}</dt><dd>{}</dd>", esc(k), esc(v)))
                .collect();
            format!("<dl>{items}</dl>")
        }
        Block::Table { head, rows } => {
            let head: String = head
                .iter()
                .map(|h| format!("<th>{}</th>", esc(h)))
                .collect();
            let body: String = rows
                .iter()
                .map(|row| {
                    let cells: String = row
                        .iter()
                        .map(|c| match c.code {
                            true => format!("<td><code>{}</code></td>", esc(&c.text)),
                            false => format!("<td>{}</td>", esc(&c.text)),
                        })
                        .collect();
                    format!("<tr>{cells}</tr>")
                })
                .collect();
            format!("<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        }
        Block::Checklist(items) => {
            let items: String = items
                .iter()
                .map(|(done, t)| {
                    let mark = if *done {
                        "&#10003; done:"
                    } else {
                        "&#9744; to do:"
                    };
                    format!("<li>{mark} {}</li>", esc(t))
                })
                .collect();
            format!("<ul>{items}</ul>")
        }
        Block::Bullets(items) => {
            let items: String = items
                .iter()
                .map(|i| format!("<li>{}</li>", spans(i)))
                .collect();
            format!("<ul>{items}</ul>")
        }
        Block::Numbered(items) => {
            let items: String = items
                .iter()
                .map(|i| format!("<li>{}</li>", esc(i)))
                .collect();
            format!("<ol>{items}</ol>")
        }
        Block::Paragraph(p) => format!("<p>{}</p>", spans(p)),
        Block::Preformatted(text) => format!("<pre>{}</pre>", esc(text)),
    }
}

const STYLE: &str =
    "body{font-family:system-ui,sans-serif;margin:2rem;color:#111;line-height:1.45}\
table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.9rem}\
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th{background:#eef1f5}code{overflow-wrap:anywhere}dt{font-weight:700}dd{margin:0 0 .4rem}\
@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}}";

pub fn render(doc: &Document) -> String {
    let mut body = format!("<h1>{}</h1>\n", esc(&doc.title));
    for section in &doc.sections {
        if let Some(heading) = section.heading {
            body.push_str(&format!("<h2>{}</h2>\n", esc(heading)));
        }
        for b in &section.blocks {
            body.push_str(&block(b));
            body.push('\n');
        }
    }
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>\n{}</body></html>\n",
        esc(&doc.title),
        body
    )
}
