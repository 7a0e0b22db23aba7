//! The token in the OS keychain, only when the admin asks ("Remember this token on this
//! computer"): Secret Service on Linux (through libsecret), Keychain on macOS, Credential
//! Manager on Windows (through the keyring crate). Behind a trait so tests use an in-memory
//! vault. There is no file fallback: without a keychain the token stays in memory only.

use std::collections::HashMap;
use std::sync::Mutex;

use zeroize::Zeroizing;

use loopio_scim_core::secret::Secret;

const SERVICE: &str = "org.loopioscim.assistant";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    #[error("No keychain is available on this computer ({0}). The token stays in memory until you close the app; nothing is written to disk.")]
    Unavailable(String),
    #[error("The saved token could not be used: {0}")]
    Corrupt(String),
}

impl VaultError {
    pub fn code(&self) -> &'static str {
        match self {
            VaultError::Unavailable(_) => "keychain.unavailable",
            VaultError::Corrupt(_) => "keychain.corrupt",
        }
    }
}

impl From<VaultError> for loopio_scim_core::error::CommandError {
    fn from(e: VaultError) -> Self {
        Self::new(e.code(), e.to_string())
    }
}

pub trait TokenVault: Send + Sync {
    fn save(&self, profile: &str, token: &Secret) -> Result<(), VaultError>;
    fn load(&self, profile: &str) -> Result<Option<Secret>, VaultError>;
    fn forget(&self, profile: &str) -> Result<(), VaultError>;
}

fn account(profile: &str) -> String {
    format!("scim-token:{profile}")
}

/// The operating system's keychain.
pub struct OsKeychain;

impl TokenVault for OsKeychain {
    fn save(&self, profile: &str, token: &Secret) -> Result<(), VaultError> {
        os::save(&account(profile), token)
    }

    fn load(&self, profile: &str) -> Result<Option<Secret>, VaultError> {
        let Some(text) = os::load(&account(profile))? else {
            return Ok(None);
        };
        Secret::from_pasted(&text)
            .map(|(s, _)| Some(s))
            .map_err(|e| VaultError::Corrupt(e.to_string()))
    }

    fn forget(&self, profile: &str) -> Result<(), VaultError> {
        os::forget(&account(profile))
    }
}

/// macOS Keychain and Windows Credential Manager, through the keyring crate.
#[cfg(any(target_os = "macos", target_os = "ios", windows))]
mod os {
    use zeroize::Zeroizing;

    use super::{Secret, VaultError, SERVICE};

    fn entry(account: &str) -> Result<keyring::Entry, VaultError> {
        keyring::Entry::new(SERVICE, account).map_err(|e| VaultError::Unavailable(e.to_string()))
    }

    pub fn save(account: &str, token: &Secret) -> Result<(), VaultError> {
        let entry = entry(account)?;
        token
            .with_plain_text(|t| entry.set_password(t))
            .map_err(|e| VaultError::Unavailable(e.to_string()))
    }

    pub fn load(account: &str) -> Result<Option<Zeroizing<String>>, VaultError> {
        match entry(account)?.get_password() {
            Ok(text) => Ok(Some(Zeroizing::new(text))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(VaultError::Unavailable(e.to_string())),
        }
    }

    pub fn forget(account: &str) -> Result<(), VaultError> {
        match entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(VaultError::Unavailable(e.to_string())),
        }
    }
}

/// The Secret Service (GNOME Keyring, KWallet) through libsecret.
///
/// Items carry the attributes the keyring crate (which this replaced on Linux) gave them:
/// `service`, `username` (`scim-token:PROFILE`), `target` = `default` and `application` =
/// `rust-keyring`; they are found by the first three, whatever schema wrote them
/// (`DONT_MATCH_NAME`), so a token remembered by an earlier build is still found, replaced and
/// forgotten, and an earlier build finds a token remembered by this one.
#[cfg(not(any(target_os = "macos", target_os = "ios", windows)))]
mod os {
    use std::collections::HashMap;

    use libsecret::{Schema, SchemaAttributeType, SchemaFlags};
    use zeroize::Zeroizing;

    use super::{Secret, VaultError, SERVICE};

    /// Stored as `xdg:schema` on the items this build writes; never matched on.
    const SCHEMA: &str = "org.loopioscim.assistant.Token";
    const TARGET: &str = "default";
    const APPLICATION: &str = "rust-keyring";

    fn schema() -> Schema {
        let string = SchemaAttributeType::String;
        Schema::new(
            SCHEMA,
            SchemaFlags::DONT_MATCH_NAME,
            HashMap::from([
                ("service", string),
                ("username", string),
                ("target", string),
                ("application", string),
            ]),
        )
    }

    fn matching(account: &str) -> HashMap<&str, &str> {
        HashMap::from([
            ("service", SERVICE),
            ("username", account),
            ("target", TARGET),
        ])
    }

    /// Why the keychain could not be used, in the admin's words: GLib's and libsecret's own
    /// messages ('Failed to execute child process "dbus-launch"', 'The name
    /// org.freedesktop.secrets was not provided by any .service files') tell them nothing.
    fn unavailable(e: gio::glib::Error) -> VaultError {
        // The raw cause is for support (the log), never a secret: GLib names the service.
        tracing::warn!(cause = %e, "the OS keychain could not be used");
        let reason = if e.matches(libsecret::Error::IsLocked)
            || e.matches(gio::IOErrorEnum::Cancelled)
        {
            "it is locked and was not unlocked"
        } else {
            "the keychain service, such as GNOME Keyring or KWallet, is missing or could not be used"
        };
        VaultError::Unavailable(reason.into())
    }

    pub fn save(account: &str, token: &Secret) -> Result<(), VaultError> {
        // One item per profile: an earlier one (this build's or the keyring crate's, whose
        // attributes differ by `xdg:schema`) is removed rather than left beside the new one.
        forget(account)?;
        let mut attributes = matching(account);
        attributes.insert("application", APPLICATION);
        let label = format!("{account}@{SERVICE}:{TARGET}");
        let value = token.with_plain_text(|t| libsecret::Value::new(t, "text/plain"));
        libsecret::password_store_binary_sync(
            Some(&schema()),
            attributes,
            Some(libsecret::COLLECTION_DEFAULT),
            &label,
            &value,
            gio::Cancellable::NONE,
        )
        .map_err(unavailable)
    }

    pub fn load(account: &str) -> Result<Option<Zeroizing<String>>, VaultError> {
        let found = libsecret::password_lookup_binary_sync(
            Some(&schema()),
            matching(account),
            gio::Cancellable::NONE,
        )
        .map_err(unavailable)?;
        let Some(value) = found else {
            return Ok(None);
        };
        let bytes = Zeroizing::new(value.get());
        std::str::from_utf8(&bytes)
            .map(|text| Some(Zeroizing::new(text.to_string())))
            .map_err(|_| VaultError::Corrupt("the saved token is not text".into()))
    }

    pub fn forget(account: &str) -> Result<(), VaultError> {
        libsecret::password_clear_sync(Some(&schema()), matching(account), gio::Cancellable::NONE)
            .map_err(unavailable)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// The keyring crate's search attributes: changing them would lose every token
        /// remembered so far (the item would no longer be found, nor replaced, nor forgotten).
        #[test]
        fn items_are_found_by_the_keyring_crates_attributes() {
            assert_eq!(
                matching("scim-token:sandbox"),
                HashMap::from([
                    ("service", "org.loopioscim.assistant"),
                    ("username", "scim-token:sandbox"),
                    ("target", "default"),
                ])
            );
            assert_eq!(APPLICATION, "rust-keyring");
        }
    }
}

/// An in-memory vault for tests (and a stand-in where no keychain exists).
#[derive(Default)]
pub struct MemoryVault(Mutex<HashMap<String, Zeroizing<String>>>);

impl TokenVault for MemoryVault {
    fn save(&self, profile: &str, token: &Secret) -> Result<(), VaultError> {
        let mut map = self
            .0
            .lock()
            .map_err(|_| VaultError::Unavailable("lock poisoned".into()))?;
        token.with_plain_text(|t| map.insert(account(profile), Zeroizing::new(t.to_string())));
        Ok(())
    }

    fn load(&self, profile: &str) -> Result<Option<Secret>, VaultError> {
        let map = self
            .0
            .lock()
            .map_err(|_| VaultError::Unavailable("lock poisoned".into()))?;
        match map.get(&account(profile)) {
            None => Ok(None),
            Some(t) => Secret::from_pasted(t)
                .map(|(s, _)| Some(s))
                .map_err(|e| VaultError::Corrupt(e.to_string())),
        }
    }

    fn forget(&self, profile: &str) -> Result<(), VaultError> {
        let mut map = self
            .0
            .lock()
            .map_err(|_| VaultError::Unavailable("lock poisoned".into()))?;
        map.remove(&account(profile));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memory_vault_round_trips_per_profile() {
        let vault = MemoryVault::default();
        let (token, _) = Secret::from_pasted("vault-token-0123456789abcdef").unwrap();
        assert!(vault.load("sandbox").unwrap().is_none());
        vault.save("sandbox", &token).unwrap();
        let back = vault.load("sandbox").unwrap().unwrap();
        assert_eq!(
            back.authorization_header().as_str(),
            "Bearer vault-token-0123456789abcdef"
        );
        assert!(vault.load("production").unwrap().is_none());
        vault.forget("sandbox").unwrap();
        assert!(vault.load("sandbox").unwrap().is_none());
        vault.forget("sandbox").unwrap();
    }

    /// Against the real keychain: ignored in the ordinary run (it needs an unlocked one, and
    /// would use the developer's own). `scripts/keychain-test.sh` (a step of `scripts/test.sh`)
    /// runs it on Linux against GNOME Keyring in a private D-Bus session with a throwaway login
    /// keyring, unlocked for the run; there every call must succeed, so a missing or locked
    /// keychain fails it.
    #[test]
    #[ignore = "needs an unlocked OS keychain: scripts/keychain-test.sh"]
    fn the_os_keychain_round_trips_and_replaces() {
        let vault = OsKeychain;
        let profile = "vault-test-profile";
        let (first, _) = Secret::from_pasted("vault-token-first-0123456789").unwrap();
        let (second, _) = Secret::from_pasted("vault-token-second-0123456789").unwrap();
        let reached = |what: &str, e: VaultError| -> ! {
            panic!("the OS keychain could not {what} the token: {e}")
        };
        vault
            .forget(profile)
            .unwrap_or_else(|e| reached("forget", e));
        let none = vault
            .load(profile)
            .unwrap_or_else(|e| reached("look up", e));
        assert!(none.is_none(), "a forgotten token was still found");
        vault
            .save(profile, &first)
            .unwrap_or_else(|e| reached("store", e));
        vault
            .save(profile, &second)
            .unwrap_or_else(|e| reached("replace", e));
        let back = vault
            .load(profile)
            .unwrap_or_else(|e| reached("read back", e))
            .expect("the stored token was not found");
        assert_eq!(
            back.authorization_header().as_str(),
            "Bearer vault-token-second-0123456789"
        );
        vault
            .forget(profile)
            .unwrap_or_else(|e| reached("delete", e));
        let gone = vault
            .load(profile)
            .unwrap_or_else(|e| reached("look up", e));
        assert!(gone.is_none(), "the deleted token was still found");
        vault
            .forget(profile)
            .unwrap_or_else(|e| reached("forget", e));
    }
}
