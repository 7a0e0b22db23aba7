//! Renaming and deleting a saved profile: the rules, decided once. The window's commands apply
//! them to the store and move (or forget) the profile's keychain token to match.

use super::progress::{check_profile_name, ProfileBook};

/// Why a rename or delete was refused: a stable code and the sentence for the admin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ProfileError {
    /// `profile.name_invalid`, `profile.not_found`, `profile.exists`, `profile.last`.
    pub code: &'static str,
    pub message: String,
}

impl ProfileError {
    pub fn code(&self) -> &'static str {
        self.code
    }
}

fn refused(code: &'static str, message: String) -> ProfileError {
    ProfileError { code, message }
}

impl ProfileBook {
    /// Whether a profile of this exact name exists (the open one counts even before its first
    /// save).
    pub fn has(&self, name: &str) -> bool {
        self.profiles.contains_key(name) || self.active_name() == name
    }

    fn existing(&self, name: &str) -> Result<(), ProfileError> {
        if self.has(name) {
            Ok(())
        } else {
            Err(refused(
                "profile.not_found",
                format!("There is no profile named \"{name}\"."),
            ))
        }
    }

    /// Renames `from` to `to` (trimmed and checked like a new name), keeping its progress; the
    /// open profile stays open under its new name. Another profile's name, in any letter case,
    /// is refused. Returns the new name.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<String, ProfileError> {
        self.existing(from)?;
        let to = check_profile_name(to).map_err(|m| refused(m.code(), m.to_string()))?;
        if to == from {
            return Ok(to);
        }
        let clash = self
            .names()
            .into_iter()
            .find(|n| n != from && n.to_lowercase() == to.to_lowercase());
        if let Some(clash) = clash {
            return Err(refused(
                "profile.exists",
                format!("A profile named \"{clash}\" already exists. Choose another name."),
            ));
        }
        let progress = self.profiles.remove(from).unwrap_or_default();
        self.profiles.insert(to.clone(), progress);
        if self.active_name() == from {
            self.active = to.clone();
        }
        Ok(to)
    }

    /// Deletes `name` and its progress. The only profile cannot be deleted (rename it, or
    /// create another first). When the open profile is deleted, the first remaining one by name
    /// is opened. Returns the profile open afterwards.
    pub fn delete(&mut self, name: &str) -> Result<String, ProfileError> {
        self.existing(name)?;
        let others: Vec<String> = self.names().into_iter().filter(|n| n != name).collect();
        let Some(first_other) = others.first() else {
            return Err(refused(
                "profile.last",
                format!(
                    "\"{name}\" is the only profile, so it cannot be deleted. Create another \
                     profile first, or rename this one."
                ),
            ));
        };
        if self.active_name() == name {
            self.active = first_other.clone();
        }
        self.profiles.remove(name);
        self.profiles.entry(self.active_name()).or_default();
        Ok(self.active_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setup::progress::Progress;

    fn book() -> ProfileBook {
        let mut book = ProfileBook {
            active: "sandbox".into(),
            ..Default::default()
        };
        for (name, domain) in [("sandbox", "s.loopio.com"), ("production", "p.loopio.com")] {
            book.profiles.insert(
                name.into(),
                Progress {
                    domain: domain.into(),
                    ..Default::default()
                },
            );
        }
        book
    }

    #[test]
    fn renaming_keeps_the_progress_and_the_open_profile() {
        let mut b = book();
        assert_eq!(b.rename("sandbox", "  int01 ").unwrap(), "int01");
        assert_eq!(b.active_name(), "int01");
        assert_eq!(b.progress("int01").domain, "s.loopio.com");
        assert!(!b.has("sandbox"));
        assert_eq!(b.rename("production", "live").unwrap(), "live");
        assert_eq!(
            b.active_name(),
            "int01",
            "renaming another leaves the open one"
        );
        assert_eq!(b.names(), ["int01", "live"]);
    }

    #[test]
    fn renaming_refuses_empty_taken_and_missing_names() {
        let mut b = book();
        let before = b.clone();
        assert_eq!(
            b.rename("sandbox", " ").unwrap_err().code,
            "profile.name_invalid"
        );
        let taken = b.rename("sandbox", "PRODUCTION").unwrap_err();
        assert_eq!(taken.code, "profile.exists");
        assert!(taken.message.contains("\"production\""), "{taken}");
        assert_eq!(b.rename("nope", "x").unwrap_err().code, "profile.not_found");
        assert_eq!(b, before, "a refusal changes nothing");
        // Only the letter case of its own name.
        assert_eq!(b.rename("sandbox", "Sandbox").unwrap(), "Sandbox");
        // The open profile before its first save can be renamed too.
        let mut fresh = ProfileBook::default();
        assert_eq!(fresh.rename("default", "production").unwrap(), "production");
        assert_eq!(fresh.names(), ["production"]);
    }

    #[test]
    fn deleting_opens_another_and_never_the_last() {
        let mut b = book();
        assert_eq!(b.delete("sandbox").unwrap(), "production");
        assert_eq!(b.names(), ["production"]);
        assert_eq!(b.progress("production").domain, "p.loopio.com");
        let last = b.delete("production").unwrap_err();
        assert_eq!(last.code, "profile.last");
        assert!(last.message.contains("only profile"), "{last}");
        assert_eq!(b.names(), ["production"]);
        assert_eq!(b.delete("gone").unwrap_err().code, "profile.not_found");

        // Deleting one that is not open leaves the open one open.
        let mut b = book();
        assert_eq!(b.delete("production").unwrap(), "sandbox");
        assert_eq!(b.names(), ["sandbox"]);
        assert_eq!(
            crate::error::CommandError::from(b.delete("sandbox").unwrap_err()).code,
            "profile.last"
        );
    }
}
