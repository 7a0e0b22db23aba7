//! The flags several subcommands share, each declared once (clap's `#[command(flatten)]`), with
//! the code that turns them into what the commands use: a target, a token, the app to read.
//!
//! A subcommand that needs a shared flag to say more (or to be required) adjusts it where it
//! flattens it: `#[command(mut_args(adjust("flag_id", |a| a.help("..."))))]`.
//!
//! The structs have no doc comments on purpose: a flattened struct's doc comment would become
//! the subcommand's `about`.

use std::path::PathBuf;
use std::time::Duration;

use crate::okta::{self, AppSelector, OktaOrg};
use crate::probe::{Target, TargetOptions};
use crate::secret::{HygieneNote, Secret};
use crate::setup::domain::DomainError;
use crate::setup::{Environment, InstanceDomain};

use super::{read_token, CliError, EnvironmentArg, Format};

/// Changes the flag `id` with `change`, for `#[command(mut_args(adjust("id", ...)))]`. In place:
/// clap's `mut_arg` would move the flag last, which reorders the usage line and the list of
/// missing flags in error messages. (The tests in `cli/tests.rs` check each adjustment took.)
pub(super) fn adjust(
    id: &'static str,
    change: impl Fn(clap::Arg) -> clap::Arg,
) -> impl FnMut(clap::Arg) -> clap::Arg {
    move |arg| {
        if arg.get_id() == id {
            change(arg)
        } else {
            arg
        }
    }
}

fn bad(message: impl ToString) -> CliError {
    CliError::BadInput(message.to_string())
}

// Where requests go and how long they may take, and how the result is printed: every command
// that sends requests (check, rehearse, verify-okta, apply-okta, recheck).
#[derive(Debug, Clone, clap::Args)]
pub struct NetworkArgs {
    /// Send requests for HOST:PORT to ADDRESS instead of asking DNS (repeatable), like curl.
    #[arg(long, value_name = "HOST:PORT:ADDRESS")]
    pub resolve: Vec<String>,
    /// An extra trusted root certificate (PEM), e.g. a corporate TLS-inspection CA.
    #[arg(long, value_name = "PEM")]
    pub ca_file: Option<PathBuf>,
    /// Per-request timeout in seconds.
    #[arg(long, default_value_t = 10)]
    pub timeout_secs: u64,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

impl NetworkArgs {
    /// `--timeout-secs`, within the connection test's own bounds (one rule, in `net::http::target`).
    pub(super) fn timeout(&self) -> Result<Duration, CliError> {
        let bounds = loopio_scim_net::http::target::TIMEOUT_SECS;
        if !bounds.contains(&self.timeout_secs) {
            return Err(bad(format!(
                "--timeout-secs must be between {} and {}.",
                bounds.start(),
                bounds.end()
            )));
        }
        Ok(Duration::from_secs(self.timeout_secs))
    }

    /// A SCIM API to test: Loopio's `environment`, or `base_url` (with `domain`'s checks too).
    pub(super) fn scim_target(
        &self,
        timeout: Duration,
        environment: Option<Environment>,
        base_url: Option<String>,
        domain: Option<String>,
    ) -> Result<Target, CliError> {
        Target::from_options(&TargetOptions {
            environment,
            base_url,
            domain,
            resolve: self.resolve.clone(),
            ca_file: self.ca_file.clone(),
            timeout: Some(timeout),
            deadline: None,
        })
        .map_err(bad)
    }

    /// The Okta org's Management API.
    pub(super) fn okta_target(&self, org: &OktaOrg, timeout: Duration) -> Result<Target, CliError> {
        okta::target(org, &self.resolve, self.ca_file.clone(), Some(timeout)).map_err(bad)
    }

    pub(super) fn text(&self) -> bool {
        self.format == Format::Text
    }
}

// Loopio's SCIM API and its token, for the commands that talk to it (check, rehearse).
#[derive(Debug, Clone, clap::Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["environment", "base_url"])))]
#[command(group(clap::ArgGroup::new("token").required(true).args(["token_env", "token_stdin"])))]
pub struct ScimArgs {
    /// Loopio's SCIM API to test.
    #[arg(long, value_enum)]
    pub environment: Option<EnvironmentArg>,
    /// An explicit SCIM base URL (https; http only to this computer).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Read the token from this environment variable.
    #[arg(long, value_name = "VAR")]
    pub token_env: Option<String>,
    /// Read the token from standard input.
    #[arg(long)]
    pub token_stdin: bool,
}

impl ScimArgs {
    pub(super) fn target(
        &self,
        net: &NetworkArgs,
        timeout: Duration,
        domain: Option<String>,
    ) -> Result<Target, CliError> {
        let environment = self.environment.map(Environment::from);
        net.scim_target(timeout, environment, self.base_url.clone(), domain)
    }

    /// The SCIM token from `--token-env` or standard input, with what was cleaned from it.
    pub(super) fn token(&self) -> Result<(Secret, Vec<HygieneNote>), CliError> {
        scim_token(self.token_env.as_deref())
    }
}

/// A pasted SCIM token from the variable `var` (standard input without one), cleaned.
pub(super) fn scim_token(var: Option<&str>) -> Result<(Secret, Vec<HygieneNote>), CliError> {
    let raw = read_token(var)?;
    Secret::from_pasted(&raw).map_err(bad)
}

// The admin's Loopio instance, which the generated values come from (values, verify-okta,
// apply-okta).
#[derive(Debug, Clone, clap::Args)]
pub struct LoopioArgs {
    /// Your Loopio domain, e.g. acme.loopio.com (a whole https:// URL is fine).
    #[arg(long)]
    pub domain: String,
    /// Which Loopio SCIM API Okta will talk to.
    #[arg(long, value_enum, default_value_t = EnvironmentArg::Production)]
    pub environment: EnvironmentArg,
    /// Accept a domain one or two letters off loopio.com (acme.loopio.co) on purpose: it is
    /// your custom domain. An Okta org's address is never accepted.
    #[arg(long)]
    pub custom_domain: bool,
}

impl LoopioArgs {
    /// `--domain`, parsed as the wizard does (a near miss of loopio.com only with
    /// `--custom-domain`). A refusal is exit 2 with the core's message, "Did you mean ...?"
    /// included.
    pub(super) fn instance(&self) -> Result<InstanceDomain, CliError> {
        InstanceDomain::parse_with(&self.domain, self.custom_domain).map_err(|e| match e {
            DomainError::NearMiss { ref host, .. } => bad(format!(
                "{e} If {host} really is the address you sign in to Loopio at, give --custom-domain."
            )),
            e => bad(e),
        })
    }
}

// The Okta org and its API token (verify-okta, apply-okta, recheck).
#[derive(Debug, Clone, clap::Args)]
pub struct OktaOrgArgs {
    /// Your Okta org, e.g. https://acme.okta.com (the admin console's address works too).
    #[arg(long, value_name = "URL")]
    pub okta_url: Option<String>,
    /// Read the Okta API token from this environment variable (the token alone; a leading
    /// "SSWS " is removed). Never give it on the command line.
    #[arg(long, value_name = "VAR")]
    pub okta_token_env: Option<String>,
}

impl OktaOrgArgs {
    /// The org of `--okta-url`.
    pub(super) fn org(&self) -> Result<OktaOrg, CliError> {
        let url = self
            .okta_url
            .as_deref()
            .ok_or_else(|| bad("Give --okta-url."))?;
        OktaOrg::parse(url).map_err(bad)
    }

    /// The API token in `--okta-token-env`, with what was cleaned from it.
    pub(super) fn api_token(&self) -> Result<(Secret, Vec<HygieneNote>), CliError> {
        let raw = read_token(Some(self.okta_token_env.as_deref().unwrap_or_default()))?;
        okta::token_from_pasted(&raw).map_err(|e| bad(okta::token_error_message(&e)))
    }
}

// The org with either credential: an API token or a service app (verify-okta, recheck).
#[derive(Debug, Clone, clap::Args)]
pub struct OktaAccessArgs {
    #[command(flatten)]
    pub org: OktaOrgArgs,
    /// Or sign in as an OAuth 2.0 service app (recommended: it can be read-only): its client id.
    #[arg(
        long,
        value_name = "ID",
        requires = "okta_private_key",
        conflicts_with = "okta_token_env"
    )]
    pub okta_client_id: Option<String>,
    /// The service app's private key file (PEM PKCS#8, RSA or EC P-256, or a JWK). It is read,
    /// used to sign the token request, and never shown or stored.
    #[arg(long, value_name = "FILE", requires = "okta_client_id")]
    pub okta_private_key: Option<PathBuf>,
}

/// The API token or the service app, as the flags give them: the one [`okta::Access`] the
/// window uses too.
pub(super) use crate::okta::Access as Auth;

impl OktaAccessArgs {
    /// Whether any credential flag is given.
    pub(super) fn has_credentials(&self) -> bool {
        self.org.okta_token_env.is_some() || self.okta_client_id.is_some()
    }

    /// Reads the service app's key or the API token (never shown), with what was cleaned from a
    /// pasted token.
    pub(super) fn credentials(&self) -> Result<(Auth, Vec<HygieneNote>), CliError> {
        let (Some(id), Some(path)) = (&self.okta_client_id, &self.okta_private_key) else {
            let (secret, notes) = self.org.api_token()?;
            return Ok((Auth::Token(secret), notes));
        };
        let access = Auth::service_app(id, path).map_err(|p| match p.code() {
            "okta.client_id.invalid" => bad(format!("--okta-client-id: {p}")),
            _ => bad(p),
        })?;
        Ok((access, Vec::new()))
    }
}

// The Okta app to read or change (verify-okta, apply-okta, recheck).
#[derive(Debug, Clone, clap::Args)]
pub struct AppArgs {
    /// The Okta app's id (in its admin console address).
    #[arg(long, value_name = "ID")]
    pub app_id: Option<String>,
    /// The Okta app's label, exactly as the Applications list shows it. Without --app-id or
    /// --app-label: the label the wizard gives the app for the environment ("Loopio", or
    /// "Loopio Sandbox" for sandbox).
    #[arg(long, value_name = "LABEL", conflicts_with = "app_id")]
    pub app_label: Option<String>,
}

impl AppArgs {
    /// The app's label: `--app-label`, else the core's label for `environment`.
    pub(super) fn label(&self, environment: Environment) -> String {
        self.app_label
            .as_deref()
            .unwrap_or(environment.app_label())
            .trim()
            .to_string()
    }

    /// The app to read: `--app-id` wins over `--app-label`, which defaults to the core's label
    /// for `environment` (the one the wizard tells the admin to give the app).
    pub(super) fn selector(&self, environment: Environment) -> Result<AppSelector, CliError> {
        match &self.app_id {
            Some(id) => AppSelector::id(id),
            None => AppSelector::label(&self.label(environment)),
        }
        .map_err(bad)
    }
}

// Where a practice server listens (simulate, simulate-okta).
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
}

impl ServeArgs {
    /// The loopback address to listen on.
    pub(super) fn addr(&self) -> std::net::SocketAddr {
        std::net::SocketAddr::from(([127, 0, 0, 1], self.port))
    }
}
