//! The last steps: a duplicate in another case, deactivation and reactivation, each confirmed
//! by a read, and the test users left deactivated.

use std::time::Instant;

use reqwest::Method;
use serde_json::Value;

use crate::probe::Status;
use crate::rehearse::steps::{resource, Outcome, Run};
use crate::rehearse::texts::*;

/// `User@Domain` for `user@domain`: the same userName in another case than the lookup's.
fn title_case(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Run<'_> {
    pub(in crate::rehearse) async fn duplicate(&mut self) {
        let started = Instant::now();
        let mut p = self.profile.clone();
        p.user_name = title_case(&p.user_name);
        let request = format!(
            "POST /Users with the same userName in another case (\"{}\")",
            p.user_name
        );
        let body = self.body(&p, None);
        let outcome = match self.send(Method::POST, "/Users", &body).await {
            Ok(f) if f.status.as_u16() == 409 => Outcome::new(
                Status::Pass,
                format!("HTTP 409, as Okta expects: {}", self.seen(&f)),
            ),
            Ok(f) if f.status.is_success() => {
                let second = resource(&f.body)
                    .and_then(|u| u.get("id").and_then(Value::as_str).map(str::to_string));
                let cleanup = match second {
                    Some(id) => {
                        self.note_user(&id, &p.user_name, Some(true));
                        p.active = false;
                        match self.put_then_read(&id, &p).await {
                            Ok(u) if u.get("active") == Some(&Value::Bool(false)) => {
                                format!(" The second user (id {id}) was deactivated.")
                            }
                            _ => format!(" The second user (id {id}) could not be deactivated: do it in Loopio."),
                        }
                    }
                    None => " Its id was not returned: find it in Loopio and remove it.".into(),
                };
                Outcome::new(
                    Status::Warn,
                    format!(
                        "HTTP {}: a second user was created.{cleanup}",
                        f.status.as_u16()
                    ),
                )
                .with_cause("scim.duplicate_accepted")
            }
            Ok(f) => Outcome::new(
                Status::Warn,
                format!(
                    "Refused, but not with 409 (Okta expects 409 with scimType uniqueness): {}",
                    self.seen(&f)
                ),
            )
            .with_cause("http.unexpected_status"),
            Err(f) => Outcome::failed(f),
        };
        self.emit(DUPLICATE, request, outcome, started);
    }

    /// PUTs the profile with `active`, reads it back: whether the read shows it.
    async fn set_active(&mut self, id: &str, active: bool) -> Result<(), Outcome> {
        let mut p = self.profile.clone();
        p.active = active;
        let user = self.put_then_read(id, &p).await?;
        self.profile = p;
        match user.get("active").and_then(Value::as_bool) {
            Some(a) if a == active => Ok(()),
            other => Err(Outcome::new(
                Status::Fail,
                format!(
                    "HTTP 2xx, but a read shows active: {}, not {active}.",
                    other.map_or("(missing)".to_string(), |a| a.to_string())
                ),
            )
            .with_cause("scim.active_ignored")),
        }
    }

    pub(in crate::rehearse) async fn deactivate(&mut self, id: &str) {
        let started = Instant::now();
        let request = format!(
            "PUT /Users/{id} with the whole profile and active: false, then GET /Users/{id}"
        );
        let outcome = match self.set_active(id, false).await {
            Ok(()) => Outcome::new(Status::Pass, "The read shows active: false."),
            Err(o) => o,
        };
        self.emit(DEACTIVATE, request, outcome, started);
    }

    /// Reactivation as Okta sends it, then deactivated again: the test user is left inactive.
    pub(in crate::rehearse) async fn reactivate(&mut self, id: &str) {
        let started = Instant::now();
        let request = format!("PUT /Users/{id} with the whole profile and active: true, then GET /Users/{id}; then active: false again");
        let mut outcome = match self.set_active(id, true).await {
            Ok(()) => Outcome::new(Status::Pass, "The read shows active: true."),
            Err(o) => o,
        };
        let again = self.set_active(id, false).await;
        let left = match &again {
            Ok(()) => " The test user was deactivated again.".to_string(),
            Err(o) => format!(
                " Deactivating it again failed ({}): deactivate it in Loopio.",
                o.detail
            ),
        };
        outcome.detail.push_str(&left);
        if again.is_err() && outcome.status == Status::Pass {
            outcome.status = Status::Warn;
            outcome = outcome
                .with_cause("scim.active_ignored")
                .with_remedy("Deactivate the test user in Loopio by hand.");
        }
        self.emit(REACTIVATE, request, outcome, started);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_duplicate_differs_only_in_case() {
        let name = "okta-rehearsal-0a1b@example.com";
        let dup = super::title_case(name);
        assert_ne!(dup, name);
        assert_ne!(dup, name.to_uppercase());
        assert!(dup.eq_ignore_ascii_case(name));
    }
}
