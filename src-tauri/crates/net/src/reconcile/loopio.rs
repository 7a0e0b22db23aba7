//! Loopio's side: its SCIM users, paged by `startIndex`. The first page says how many users there
//! are; the rest are fetched [`IN_FLIGHT`] at a time and taken in order. A failure (or the
//! deadline) stops the read and keeps what came before; a page that only repeats users already
//! read stops it too (a server that ignores `startIndex`).

use std::collections::HashSet;
use std::time::Instant;

use futures_util::{stream, StreamExt};
use loopio_scim_core::reconcile::LoopioUser;
use loopio_scim_core::secret::Secret;
use reqwest::Client;
use serde_json::Value;

use super::parse::scim_user;
use super::{problem, Part, Side};
use crate::http::scim::{self, classify_status};
use crate::http::{self, Failure, Target};

/// Users per page.
pub const PAGE_SIZE: usize = 100;
/// Pages at once after the first (as role discovery).
pub const IN_FLIGHT: usize = 4;
/// At most this many pages (20,000 users).
pub const MAX_PAGES: usize = 200;

/// One page: its users and the total the server reported.
struct Page {
    users: Vec<Value>,
    total: Option<usize>,
}

async fn fetch(
    client: &Client,
    target: &Target,
    secret: &Secret,
    start: usize,
    deadline: Instant,
) -> Result<Page, Failure> {
    let url = format!(
        "{}/Users?startIndex={start}&count={PAGE_SIZE}",
        target.base_url
    );
    let json = get_json(client, target, secret, &url, deadline).await?;
    let users = match json.get("Resources") {
        Some(Value::Array(users)) => users.clone(),
        _ => Vec::new(),
    };
    let total = json
        .get("totalResults")
        .and_then(Value::as_u64)
        .map(|t| t as usize);
    Ok(Page { users, total })
}

/// One GET answered 2xx with JSON.
pub(super) async fn get_json(
    client: &Client,
    target: &Target,
    secret: &Secret,
    url: &str,
    deadline: Instant,
) -> Result<Value, Failure> {
    let fetched = scim::get(client, url, Some(secret), deadline).await?;
    if let Some(f) = classify_status(&fetched, &target.base_url, Some(secret)) {
        return Err(f);
    }
    serde_json::from_slice(&fetched.body).map_err(|_| Failure {
        code: "response.not_json",
        title: "Loopio's user list is not JSON".into(),
        detail: http::excerpt(&fetched.body, Some(secret)),
        remedy: "Run the connection test: something other than Loopio's SCIM API answers.".into(),
    })
}

/// What the pages read so far add up to.
#[derive(Default)]
struct Read {
    side: Side<LoopioUser>,
    ids: HashSet<String>,
    duplicates: usize,
}

impl Read {
    /// Adds a page; false when it brought no user not already read (a repeated page).
    fn add(&mut self, page: &Page, limit: usize) -> bool {
        let mut new = false;
        for user in page.users.iter().filter_map(scim_user) {
            if self.side.items.len() >= limit {
                break;
            }
            if self.ids.insert(user.id.clone()) {
                new = true;
                self.side.items.push(user);
            } else {
                self.duplicates += 1;
            }
        }
        new || page.users.is_empty() || self.side.items.len() >= limit
    }
}

/// Every SCIM user (at most `limit`), concurrently paged.
pub async fn read_all(target: &Target, secret: &Secret, limit: usize) -> Side<LoopioUser> {
    let mut read = Read::default();
    let client = match http::client(target) {
        Ok(c) => c,
        Err(f) => return read.side.failed(problem(Part::Loopio, f)),
    };
    let deadline = Instant::now() + target.deadline;
    let first = match fetch(&client, target, secret, 1, deadline).await {
        Ok(p) => p,
        Err(f) => return read.side.failed(problem(Part::Loopio, f)),
    };
    read.side.read = true;
    let total = first.total.unwrap_or(first.users.len());
    let step = first.users.len().max(1);
    read.add(&first, limit);
    let wanted = total.min(limit).saturating_sub(read.side.items.len());
    let pages = wanted.div_ceil(step).min(MAX_PAGES - 1);
    let starts = (1..=pages).map(|k| 1 + k * step);
    let mut stream = stream::iter(starts.map(|s| fetch(&client, target, secret, s, deadline)))
        .buffered(IN_FLIGHT);
    while let Some(page) = stream.next().await {
        match page {
            Ok(page) if read.add(&page, limit) => {}
            Ok(_) => {
                let f = crate::okta::client::pages::repeated("/Users", read.side.pages);
                read.side.problems.push(problem(Part::Loopio, f));
                break;
            }
            Err(f) => {
                read.side.problems.push(problem(Part::Loopio, f));
                break;
            }
        }
        read.side.pages += 1;
    }
    finish(read, total, limit)
}

fn finish(mut read: Read, total: usize, limit: usize) -> Side<LoopioUser> {
    read.side.pages += 1;
    if read.duplicates > 0 {
        read.side
            .problems
            .push(super::duplicates(Part::Loopio, read.duplicates));
    }
    let stopped = read.side.problems.iter().any(|p| {
        p.status == loopio_scim_core::findings::Status::Fail || p.code == "reconcile.page_repeated"
    });
    read.side.complete = !stopped && read.side.items.len() >= total.min(limit) && total <= limit;
    if total > limit {
        read.side
            .problems
            .push(super::limited(Part::Loopio, limit, Some(total)));
    }
    read.side
}

/// `GET /Users/{id}` and `GET /Users?filter=userName eq "x"` for `--user`: the users found.
pub async fn look_up(
    target: &Target,
    secret: &Secret,
    ids: &[String],
    user_names: &[String],
) -> Side<LoopioUser> {
    let mut side = Side::default();
    let client = match http::client(target) {
        Ok(c) => c,
        Err(f) => return side.failed(problem(Part::Loopio, f)),
    };
    let deadline = Instant::now() + target.deadline;
    let by_id = ids.iter().map(|id| {
        let id: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
        format!("{}/Users/{id}", target.base_url)
    });
    let by_name = user_names.iter().map(|n| {
        let filter = format!("userName eq \"{}\"", n.replace('"', ""));
        let q: String = url::form_urlencoded::byte_serialize(filter.as_bytes()).collect();
        format!("{}/Users?filter={q}", target.base_url)
    });
    let mut seen = HashSet::new();
    side.read = true;
    for url in by_id.chain(by_name) {
        match get_json(&client, target, secret, &url, deadline).await {
            Ok(json) => {
                let users = match json.get("Resources") {
                    Some(Value::Array(list)) => list.clone(),
                    _ => vec![json],
                };
                for user in users.iter().filter_map(scim_user) {
                    if seen.insert(user.id.clone()) {
                        side.items.push(user);
                    }
                }
            }
            Err(f) if f.code == "endpoint.not_found" => {}
            Err(f) => {
                side.problems.push(problem(Part::Loopio, f));
                return side;
            }
        }
        side.pages += 1;
    }
    side.complete = true;
    side
}
