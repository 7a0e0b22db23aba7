//! Discovers the Loopio role names already in use by paging through `GET /Users`, bounded in
//! pages and time. Roles come as strings (`"roles": ["Admin"]`, how Okta sends them) or as
//! RFC 7643 objects (`"roles": [{"value": "Admin"}]`); both are read.

use std::collections::BTreeMap;
use std::time::Instant;

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use super::http::{self, classify_status, Failure};
use super::target::Target;
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

/// Pages through the users and counts each role name. A failure's text is redacted.
pub async fn discover(
    target: &Target,
    secret: &Secret,
    page_size: u64,
    max_pages: u64,
    on_progress: impl FnMut(DiscoveryProgress) + Send,
) -> Result<RoleDiscovery, Failure> {
    discover_unredacted(target, secret, page_size, max_pages, on_progress)
        .await
        .map_err(|mut f| {
            // The same three texts the connection test redacts in every finding.
            for text in [&mut f.title, &mut f.detail, &mut f.remedy] {
                *text = http::redact(text, Some(secret));
            }
            f
        })
}

async fn discover_unredacted(
    target: &Target,
    secret: &Secret,
    page_size: u64,
    max_pages: u64,
    mut on_progress: impl FnMut(DiscoveryProgress) + Send,
) -> Result<RoleDiscovery, Failure> {
    let client = http::client(target)?;
    let started = Instant::now();
    let deadline = started + target.deadline;
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let (mut seen, mut total, mut pages) = (0u64, 0u64, 0u64);
    let mut start_index = 1u64;
    let complete = loop {
        if pages >= max_pages || Instant::now() >= deadline {
            break false;
        }
        let url = format!(
            "{}/Users?startIndex={start_index}&count={page_size}",
            target.base_url
        );
        let fetched = http::get(&client, &url, Some(secret), deadline).await?;
        if let Some(f) = classify_status(&fetched, &target.base_url, Some(secret)) {
            return Err(f);
        }
        let json: Value = serde_json::from_slice(&fetched.body).map_err(|_| Failure {
            code: "response.not_json",
            title: "The user list is not JSON".into(),
            detail: http::excerpt(&fetched.body, Some(secret)),
            remedy: "Run the connection test: something other than Loopio's SCIM API answers."
                .into(),
        })?;
        pages += 1;
        total = json.get("totalResults").and_then(as_count).unwrap_or(total);
        let resources = json
            .get("Resources")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for user in &resources {
            for role in roles_of(user) {
                *counts.entry(role).or_default() += 1;
            }
        }
        seen += resources.len() as u64;
        on_progress(DiscoveryProgress {
            users_seen: seen,
            total_users: total,
        });
        if resources.is_empty() || seen >= total {
            break true;
        }
        start_index += resources.len() as u64;
    };
    Ok(RoleDiscovery {
        roles: counts
            .into_iter()
            .map(|(name, users)| RoleCount { name, users })
            .collect(),
        users_seen: seen,
        total_users: total,
        pages,
        complete,
    })
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
