//! How the assistant signs in to Okta, decided once for the window and the command line: an API
//! token, or a service app whose private key is read from the file the admin names (read here,
//! never through the webview, never shown or stored).

use std::path::Path;

use loopio_scim_core::error::Problem;
use loopio_scim_core::secret::Secret;
use zeroize::Zeroizing;

use super::{Credentials, ServiceApp};

/// An API token or a service app.
#[derive(Debug)]
pub enum Access {
    Token(Secret),
    Service(Box<ServiceApp>),
}

impl Access {
    /// A service app from its client id (checked) and its private key file (read, parsed).
    pub fn service_app(client_id: &str, key_file: &Path) -> Result<Access, Problem> {
        let id = ServiceApp::check_client_id(client_id)?;
        if key_file.as_os_str().is_empty() {
            return Err(Problem::new(
                "okta.key.empty",
                "Choose the service app's private key file (PEM or JWK).",
            ));
        }
        let text = std::fs::read_to_string(key_file)
            .map(Zeroizing::new)
            .map_err(|e| {
                Problem::new(
                    "okta.key.unreadable",
                    format!(
                        "The private key file {} could not be read: {e}.",
                        key_file.display()
                    ),
                )
            })?;
        let app = ServiceApp::new(id, &text).map_err(|e| Problem::new(e.code(), e.to_string()))?;
        Ok(Access::Service(Box::new(app)))
    }

    /// What the requests sign in with.
    pub fn credentials(&self) -> Credentials<'_> {
        match self {
            Access::Token(secret) => Credentials::ApiToken(secret),
            Access::Service(app) => Credentials::ServiceApp(app),
        }
    }

    /// For `apply` and undo: a service app asks for the `.manage` scopes too.
    pub fn for_writes(self) -> Access {
        match self {
            Access::Service(app) => Access::Service(Box::new(app.for_writes())),
            token => token,
        }
    }

    /// For `reconcile`: a service app asks for the scopes it reads with.
    pub fn for_reconcile(self) -> Access {
        match self {
            Access::Service(app) => Access::Service(Box::new(app.for_reconcile())),
            token => token,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_app_is_refused_with_the_field_to_fix() {
        let code = |r: Result<Access, Problem>| r.map(|_| ()).unwrap_err().code();
        assert_eq!(
            code(Access::service_app("0oa/../x", Path::new("k.pem"))),
            "okta.client_id.invalid"
        );
        assert_eq!(
            code(Access::service_app("0oa1", Path::new(""))),
            "okta.key.empty"
        );
        let missing = std::env::temp_dir().join("loopio-no-such-key-file.pem");
        assert_eq!(
            code(Access::service_app("0oa1", &missing)),
            "okta.key.unreadable"
        );
        let junk = std::env::temp_dir().join(format!("loopio-junk-key-{}.pem", std::process::id()));
        std::fs::write(&junk, "not a key").unwrap();
        let refused = Access::service_app("0oa1", &junk).map(|_| ()).unwrap_err();
        let _ = std::fs::remove_file(&junk);
        assert!(refused.code().starts_with("okta.key."), "{refused:?}");
        assert!(!refused.to_string().contains("not a key"), "{refused}");
    }
}
