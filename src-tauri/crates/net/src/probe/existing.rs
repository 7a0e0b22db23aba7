//! Read-only checks on the users that Okta's own test request listed: the lookup Okta makes
//! before each create, for one existing user in another letter case (it must find them, or
//! Okta creates a duplicate or hits 409), and the shape of their `roles` (objects where Okta's
//! string array attribute expects strings break Okta's imports).

use std::time::Instant;

use reqwest::Client;
use serde_json::Value;

use super::{Finding, Status};
use crate::http::excerpt;
use crate::http::scim::{self, classify_status};
use crate::http::Target;
use loopio_scim_core::secret::Secret;

/// Check ids.
pub const OKTA_LOOKUP_CASE: &str = "okta.lookup_case";
pub const OKTA_ROLES_SHAPE: &str = "okta.roles_shape";

fn finding(check: &str, code: &str, status: Status, texts: [&str; 3], started: Instant) -> Finding {
    let [title, detail, remedy] = texts;
    Finding {
        check: check.into(),
        code: code.into(),
        status,
        title: title.into(),
        detail: detail.into(),
        remedy: remedy.into(),
        elapsed_ms: started.elapsed().as_millis() as u64,
    }
}

pub(crate) use crate::http::encode;

/// `name` with the case of every letter swapped; the same text when it has no letters.
fn other_case(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_uppercase() {
                c.to_lowercase().to_string()
            } else {
                c.to_uppercase().to_string()
            }
        })
        .collect()
}

/// Okta's lookup before a create, for an existing user's userName in another case.
pub async fn lookup_case(
    client: &Client,
    target: &Target,
    secret: &Secret,
    deadline: Instant,
    users: &[Value],
) -> Finding {
    let started = Instant::now();
    let check = OKTA_LOOKUP_CASE;
    let name = users
        .iter()
        .filter_map(|u| u.get("userName").and_then(Value::as_str))
        .find(|n| other_case(n) != *n);
    let Some(name) = name else {
        return finding(
            check,
            check,
            Status::Skip,
            [
                "Lookup in another letter case not tried",
                "The server listed no user to try it on.",
                "",
            ],
            started,
        );
    };
    let other = other_case(name);
    let filter = encode(&format!("userName eq \"{other}\""));
    let url = format!(
        "{}/Users?filter={filter}&startIndex=1&count=100",
        target.base_url
    );
    let answer = scim::get(client, &url, Some(secret), deadline).await;
    let answer = answer.and_then(
        |f| match classify_status(&f, &target.base_url, Some(secret)) {
            Some(failure) => Err(failure),
            None => Ok(f),
        },
    );
    let fetched = match answer {
        Ok(f) => f,
        Err(f) => {
            let texts = [f.title.as_str(), &f.detail, &f.remedy];
            return finding(check, f.code, Status::Fail, texts, started);
        }
    };
    let json: Value = serde_json::from_slice(&fetched.body).unwrap_or(Value::Null);
    let found = json
        .get("Resources")
        .and_then(Value::as_array)
        .is_some_and(|r| {
            r.iter().any(|u| {
                u.get("userName")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
        });
    if found {
        let detail = format!("A lookup of {other} found the user {name}.");
        return finding(
            check,
            check,
            Status::Pass,
            ["User lookups ignore letter case", &detail, ""],
            started,
        );
    }
    let detail = format!(
        "A lookup of {other} did not find the user {name}, who exists. Answer: {}",
        excerpt(&fetched.body, Some(secret))
    );
    finding(check, "scim.filter_case_sensitive", Status::Fail, ["User lookups are case-sensitive", &detail,
        "RFC 7643 makes userName case-insensitive. When an Okta login differs in case from the user's Loopio userName, Okta does not find the user and creates a duplicate or fails with 409 (\"already exists\"). Send this report to Loopio Support; meanwhile make the logins match exactly."], started)
}

/// The shape of `roles` in the users listed: strings as Okta sends them, or RFC 7643 objects.
pub fn roles_shape(users: &[Value]) -> Finding {
    let started = Instant::now();
    let check = OKTA_ROLES_SHAPE;
    let roles: Vec<&Value> = users
        .iter()
        .filter_map(|u| u.get("roles").and_then(Value::as_array))
        .flatten()
        .collect();
    if let Some(object) = roles.iter().find(|r| r.is_object()) {
        let detail = format!("GET /Users listed roles as RFC 7643 objects, such as {object}; Okta's roles attribute is a list of strings.");
        return finding(check, "scim.roles_objects", Status::Warn, ["Roles come back as objects, not strings", &detail,
            "Pushes from Okta may still work (Okta sends strings), but importing users from Loopio into Okta fails with \"Invalid value data type\". Do not run imports; ask Loopio Support whether roles can be returned as strings."], started);
    }
    if roles.is_empty() {
        return finding(
            check,
            check,
            Status::Skip,
            [
                "Roles shape not checked",
                "The users listed carry no roles.",
                "",
            ],
            started,
        );
    }
    finding(
        check,
        check,
        Status::Pass,
        [
            "Roles come as a list of strings, as Okta expects",
            "GET /Users listed roles as strings.",
            "",
        ],
        started,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn roles_shapes() {
        let strings = [json!({"roles": ["Admin"]})];
        assert_eq!(roles_shape(&strings).status, Status::Pass);
        let objects = [
            json!({"roles": ["Admin"]}),
            json!({"roles": [{"value": "Admin"}]}),
        ];
        let f = roles_shape(&objects);
        assert_eq!(
            (f.status, f.code.as_str()),
            (Status::Warn, "scim.roles_objects")
        );
        assert!(f.remedy.contains("Invalid value data type"));
        assert_eq!(
            roles_shape(&[json!({"userName": "a"})]).status,
            Status::Skip
        );
        assert_eq!(roles_shape(&[]).status, Status::Skip);
    }

    #[test]
    fn names_in_another_case() {
        assert_eq!(other_case("Ann.Lee@X.com"), "aNN.lEE@x.COM");
        assert_eq!(other_case("123@456"), "123@456");
        assert_eq!(encode("userName eq \"a@b\""), "userName%20eq%20%22a%40b%22");
    }
}
