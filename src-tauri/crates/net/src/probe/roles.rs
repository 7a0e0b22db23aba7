//! Discovers the Loopio role names already in use by paging through `GET /Users`, bounded in
//! pages and time. Roles come as strings (`"roles": ["Admin"]`, how Okta sends them) or as
//! RFC 7643 objects (`"roles": [{"value": "Admin"}]`); both are read.

use std::collections::BTreeMap;
use std::time::Instant;

use futures_util::{stream, StreamExt};
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::http::scim::{self, classify_status};
use crate::http::Target;
use crate::http::{self, Failure};
use loopio_scim_core::secret::Secret;

/// Users per page (what Okta uses for lookups too).
pub const PAGE_SIZE: u64 = 100;
/// At most this many pages (10,000 users): enough to find every role in use in practice.
pub const MAX_PAGES: u64 = 100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RoleCount {
    pub name: String,
    #[ts(type = "number")]
    pub users: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RoleDiscovery {
    pub roles: Vec<RoleCount>,
    #[ts(type = "number")]
    pub users_seen: u64,
    #[ts(type = "number")]
    pub total_users: u64,
    #[ts(type = "number")]
    pub pages: u64,
    /// False when the page or time limit stopped it before every user was read.
    pub complete: bool,
    /// Whether the names were read from Loopio's own SCIM API (production or sandbox): only then
    /// are they "seen in Loopio". The practice tenant's or a custom URL's names are not.
    pub from_loopio: bool,
}

/// Progress: users read so far, and the total the server reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DiscoveryProgress {
    #[ts(type = "number")]
    pub users_seen: u64,
    #[ts(type = "number")]
    pub total_users: u64,
}

/// Role names in one user resource.
pub fn roles_of(user: &Value) -> Vec<String> {
    let Some(roles) = user.get("roles").and_then(Value::as_array) else {
        return Vec::new();
    };
    roles
        .iter()
        .filter_map(|r| match r {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o.get("value").and_then(Value::as_str).map(str::to_string),
            _ => None,
        })
        .filter(|s| !s.trim().is_empty())
        .collect()
}

fn as_count(v: &Value) -> Option<u64> {
    v.as_u64()
}

/// Pages requested at once after the first: enough to hide most of the latency of a slow link,
/// few enough not to trip a SCIM server's rate limit (429 is honoured once per request).
pub const IN_FLIGHT: usize = 4;

/// Pages through the users and counts each role name. After the first page (which tells how
/// many users there are and how many the server returns per page) up to [`IN_FLIGHT`] pages
/// are requested at once; results are taken in page order, so progress only ever grows.
/// A failure's text is redacted.
pub async fn discover(
    target: &Target,
    secret: &Secret,
    page_size: u64,
    max_pages: u64,
    on_progress: impl FnMut(DiscoveryProgress) + Send,
) -> Result<RoleDiscovery, Failure> {
    discover_paced(target, secret, page_size, max_pages, IN_FLIGHT, on_progress).await
}

/// [`discover`] with a chosen number of pages in flight (1 is the plain sequential pager, which
/// the benchmark compares against).
pub async fn discover_paced(
    target: &Target,
    secret: &Secret,
    page_size: u64,
    max_pages: u64,
    in_flight: usize,
    on_progress: impl FnMut(DiscoveryProgress) + Send,
) -> Result<RoleDiscovery, Failure> {
    discover_unredacted(
        target,
        secret,
        page_size,
        max_pages,
        in_flight.max(1),
        on_progress,
    )
    .await
    .map_err(|mut f| {
        // The same three texts the connection test redacts in every finding.
        for text in [&mut f.title, &mut f.detail, &mut f.remedy] {
            *text = http::redact(text, Some(secret));
        }
        f
    })
}

/// One page of users, and the total the server reported with it.
struct Page {
    users: Vec<Value>,
    total: Option<u64>,
}

async fn fetch_page(
    client: &reqwest::Client,
    target: &Target,
    secret: &Secret,
    start_index: u64,
    page_size: u64,
    deadline: Instant,
) -> Result<Page, Failure> {
    let url = format!(
        "{}/Users?startIndex={start_index}&count={page_size}",
        target.base_url
    );
    let fetched = scim::get(client, &url, Some(secret), deadline).await?;
    if let Some(f) = classify_status(&fetched, &target.base_url, Some(secret)) {
        return Err(f);
    }
    let json: Value = serde_json::from_slice(&fetched.body).map_err(|_| Failure {
        code: "response.not_json",
        title: "The user list is not JSON".into(),
        detail: http::excerpt(&fetched.body, Some(secret)),
        remedy: "Run the connection test: something other than Loopio's SCIM API answers.".into(),
    })?;
    let users = match json.get("Resources") {
        Some(Value::Array(users)) => users.clone(),
        _ => Vec::new(),
    };
    Ok(Page {
        users,
        total: json.get("totalResults").and_then(as_count),
    })
}

/// What the pages read so far add up to.
#[derive(Default)]
struct Tally {
    counts: BTreeMap<String, u64>,
    seen: u64,
    total: u64,
    pages: u64,
}

impl Tally {
    fn add(&mut self, page: &Page) -> DiscoveryProgress {
        self.pages += 1;
        self.total = page.total.unwrap_or(self.total);
        for user in &page.users {
            for role in roles_of(user) {
                *self.counts.entry(role).or_default() += 1;
            }
        }
        self.seen += page.users.len() as u64;
        DiscoveryProgress {
            users_seen: self.seen,
            total_users: self.total,
        }
    }

    fn finish(self, complete: bool) -> RoleDiscovery {
        tracing::info!(
            pages = self.pages,
            users = self.seen,
            total = self.total,
            roles = self.counts.len(),
            complete,
            "role discovery done"
        );
        RoleDiscovery {
            roles: self
                .counts
                .into_iter()
                .map(|(name, users)| RoleCount { name, users })
                .collect(),
            users_seen: self.seen,
            total_users: self.total,
            from_loopio: false,
            pages: self.pages,
            complete,
        }
    }
}

async fn discover_unredacted(
    target: &Target,
    secret: &Secret,
    page_size: u64,
    max_pages: u64,
    in_flight: usize,
    mut on_progress: impl FnMut(DiscoveryProgress) + Send,
) -> Result<RoleDiscovery, Failure> {
    let client = http::client(target)?;
    let deadline = Instant::now() + target.deadline;
    let mut tally = Tally::default();
    tracing::info!(base_url = %target.base_url, in_flight, "role discovery started");
    if max_pages == 0 {
        return Ok(tally.finish(false));
    }
    let first = fetch_page(&client, target, secret, 1, page_size, deadline).await?;
    on_progress(tally.add(&first));
    if first.users.is_empty() || tally.seen >= tally.total {
        return Ok(tally.finish(true));
    }
    // The server may return fewer users per page than asked: step by what it returned.
    let step = first.users.len() as u64;
    let wanted = tally.total.saturating_sub(tally.seen).div_ceil(step);
    let more = wanted.min(max_pages - 1);
    let starts = (1..=more).map(|k| 1 + k * step);
    let mut pages = stream::iter(
        starts.map(|start| fetch_page(&client, target, secret, start, page_size, deadline)),
    )
    .buffered(in_flight);
    while let Some(page) = pages.next().await {
        let page = page?;
        on_progress(tally.add(&page));
        if page.users.is_empty() || tally.seen >= tally.total {
            return Ok(tally.finish(true));
        }
        if Instant::now() >= deadline {
            return Ok(tally.finish(false));
        }
    }
    // Every page asked for was read and users remain: the page limit stopped it.
    Ok(tally.finish(false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_role_shapes_are_read() {
        assert_eq!(
            roles_of(&json!({"roles": ["Admin", "Reviewer"]})),
            ["Admin", "Reviewer"]
        );
        assert_eq!(
            roles_of(&json!({"roles": [{"value": "Admin", "primary": true}, {"display": "x"}]})),
            ["Admin"]
        );
        assert_eq!(
            roles_of(&json!({"roles": ["", 7, null]})),
            Vec::<String>::new()
        );
        assert_eq!(roles_of(&json!({"userName": "a"})), Vec::<String>::new());
    }
}
