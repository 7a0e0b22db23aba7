//! The token in the OS keychain, only when the admin asks ("Remember this token on this
//! computer"): Secret Service on Linux, Keychain on macOS, Credential Manager on Windows.
//! Behind a trait so tests use an in-memory vault. There is no file fallback: without a
//! keychain the token stays in memory only.

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

impl OsKeychain {
    fn entry(profile: &str) -> Result<keyring::Entry, VaultError> {
        keyring::Entry::new(SERVICE, &account(profile))
            .map_err(|e| VaultError::Unavailable(e.to_string()))
    }
}

impl TokenVault for OsKeychain {
    fn save(&self, profile: &str, token: &Secret) -> Result<(), VaultError> {
        let entry = Self::entry(profile)?;
        token
            .with_plain_text(|t| entry.set_password(t))
            .map_err(|e| VaultError::Unavailable(e.to_string()))
    }

    fn load(&self, profile: &str) -> Result<Option<Secret>, VaultError> {
        match Self::entry(profile)?.get_password() {
            Ok(text) => {
                let text = Zeroizing::new(text);
                Secret::from_pasted(&text)
                    .map(|(s, _)| Some(s))
                    .map_err(|e| VaultError::Corrupt(e.to_string()))
            }
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(VaultError::Unavailable(e.to_string())),
        }
    }

    fn forget(&self, profile: &str) -> Result<(), VaultError> {
        match Self::entry(profile)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(VaultError::Unavailable(e.to_string())),
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
}
