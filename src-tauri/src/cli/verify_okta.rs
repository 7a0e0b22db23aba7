//! `verify-okta`: reads the Loopio app back from Okta (GET only) and names every difference from
//! what the wizard generates. Exit 0 when nothing fails, 1 when something fails, 2 for bad input.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use crate::findings::Status;
use crate::okta::{self, AppSelector, Credentials, Expected, OktaOrg, ServiceApp, VerifyReport};
use crate::secret::{HygieneNote, Secret};
use crate::setup::progress::Progress;
use crate::setup::roles::normalise_catalog;
use crate::setup::{Environment, InstanceDomain};

use super::{runtime, CliError, EnvironmentArg, Format};

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("app").required(true).args(["app_id", "app_label"])))]
#[command(group(clap::ArgGroup::new("okta_auth").required(true).args(["okta_token_env", "okta_client_id"])))]
pub struct VerifyOktaArgs {
    /// Your Okta org, e.g. https://acme.okta.com (the admin console's address works too).
    #[arg(long, value_name = "URL")]
    pub okta_url: String,
    /// Read the Okta API token from this environment variable (the token alone; a leading
    /// "SSWS " is removed). Never give it on the command line.
    #[arg(long, value_name = "VAR")]
    pub okta_token_env: Option<String>,
    /// Or sign in as an OAuth 2.0 service app (recommended: it can be read-only): its client id.
    #[arg(long, value_name = "ID", requires = "okta_private_key")]
    pub okta_client_id: Option<String>,
    /// The service app's private key file (PEM PKCS#8, RSA or EC P-256, or a JWK). It is read,
    /// used to sign the token request, and never shown or stored.
    #[arg(long, value_name = "FILE", requires = "okta_client_id")]
    pub okta_private_key: Option<PathBuf>,
    /// Your Loopio domain, e.g. acme.loopio.com: what the app is compared with.
    #[arg(long)]
    pub domain: String,
    #[arg(long, value_enum, default_value_t = EnvironmentArg::Production)]
    pub environment: EnvironmentArg,
    /// The Okta app's id (in its admin console address).
    #[arg(long, value_name = "ID")]
    pub app_id: Option<String>,
    /// The Okta app's label, exactly as the Applications list shows it.
    #[arg(long, value_name = "LABEL")]
    pub app_label: Option<String>,
    /// A Loopio role name, to check the group roles against (repeatable).
    #[arg(long = "role", value_name = "NAME")]
    pub roles: Vec<String>,
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

pub(super) fn verify_okta(
    args: VerifyOktaArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, CliError> {
    let prepared = prepare(&args)?;
    if args.format == Format::Text {
        for n in prepared.org.notes().iter().chain(&prepared.notes) {
            writeln!(err, "note: {}", n.message)?;
        }
        writeln!(
            out,
            "Reading the Loopio app from {} ...",
            prepared.org.origin()
        )?;
    }
    let report = runtime()?.block_on(prepared.run());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &report).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Text => print_text(&report, out)?,
    }
    Ok(if report.verdict == Status::Fail { 1 } else { 0 })
}

/// A read-back ready to run: every flag checked (bad input is exit 2 before any request).
pub(super) struct Prepared {
    pub org: OktaOrg,
    target: crate::probe::Target,
    auth: Auth,
    selector: AppSelector,
    expected: Expected,
    /// What was cleaned from the pasted token.
    pub notes: Vec<HygieneNote>,
}

impl Prepared {
    /// Compares Okta with a saved profile's roles plan and To App choices too.
    pub fn with_saved(mut self, progress: &Progress) -> Prepared {
        self.expected = self.expected.with_saved(progress);
        self
    }

    pub async fn run(&self) -> VerifyReport {
        let credentials = match &self.auth {
            Auth::Token(secret) => Credentials::ApiToken(secret),
            Auth::Service(app) => Credentials::ServiceApp(app),
        };
        okta::verify_with(&self.target, credentials, &self.selector, &self.expected).await
    }
}

/// Checks the flags and reads the credentials (never shown).
pub(super) fn prepare(args: &VerifyOktaArgs) -> Result<Prepared, CliError> {
    let bad = |m: String| CliError::BadInput(m);
    super::timeout_secs(args.timeout_secs)?;
    let org = OktaOrg::parse(&args.okta_url).map_err(|e| bad(e.to_string()))?;
    let domain = InstanceDomain::parse(&args.domain).map_err(|e| bad(e.to_string()))?;
    let selector = app_selector(args.app_id.as_deref(), args.app_label.as_deref()).map_err(bad)?;
    let target = okta::target(
        &org,
        &args.resolve,
        args.ca_file.clone(),
        Some(Duration::from_secs(args.timeout_secs)),
    )
    .map_err(|e| bad(e.to_string()))?;
    let (auth, notes) = credentials(args)?;
    let expected = Expected {
        domain,
        environment: Environment::from(args.environment),
        known_roles: normalise_catalog(args.roles.clone()),
        deactivate_users: None,
        roles_plan: None,
    };
    Ok(Prepared {
        org,
        target,
        auth,
        selector,
        expected,
        notes,
    })
}

/// The app to read: `--app-id` wins over `--app-label`; one of them is needed.
pub(super) fn app_selector(id: Option<&str>, label: Option<&str>) -> Result<AppSelector, String> {
    match (id, label) {
        (Some(id), _) => AppSelector::id(id),
        (None, Some(label)) => AppSelector::label(label),
        (None, None) => Err("Give --app-id or --app-label.".into()),
    }
}

/// The API token or the service app, as the flags give them.
enum Auth {
    Token(Secret),
    Service(Box<ServiceApp>),
}

fn credentials(args: &VerifyOktaArgs) -> Result<(Auth, Vec<HygieneNote>), CliError> {
    let bad = |m: String| CliError::BadInput(m);
    if let (Some(id), Some(path)) = (&args.okta_client_id, &args.okta_private_key) {
        if id.trim().is_empty() || !id.trim().chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(bad("--okta-client-id takes the service app's client id (letters and digits, like 0oa1b2c3d4E5f6G7h8i9; General > Client Credentials).".into()));
        }
        let text = std::fs::read_to_string(path)
            .map(zeroize::Zeroizing::new)
            .map_err(|e| {
                bad(format!(
                    "The private key file {} could not be read: {e}.",
                    path.display()
                ))
            })?;
        let app = ServiceApp::new(id, &text).map_err(|e| bad(e.to_string()))?;
        return Ok((Auth::Service(Box::new(app)), Vec::new()));
    }
    let var = args.okta_token_env.as_deref().unwrap_or_default();
    let raw = super::read_token(Some(var))?;
    let (secret, notes) =
        okta::token_from_pasted(&raw).map_err(|e| bad(okta::token_error_message(&e)))?;
    Ok((Auth::Token(secret), notes))
}

/// The IdP values, each labelled by what it is (not by a guess at Loopio's field names).
pub(super) fn print_idp(idp: &okta::IdpValues, out: &mut dyn Write) -> std::io::Result<()> {
    let unknown = |v: &Option<String>| v.clone().unwrap_or_else(|| "(unknown)".into());
    writeln!(out, "IdP values for Loopio's SSO settings:")?;
    writeln!(
        out,
        "  IdP entity ID (issuer):            {}",
        idp.entity_id
    )?;
    writeln!(out, "  IdP sign-in URL (HTTP-POST):       {}", idp.sso_url)?;
    let metadata = unknown(&idp.metadata_url);
    writeln!(out, "  IdP metadata URL:                  {metadata}")?;
    let sha = &idp.certificate_sha256;
    writeln!(out, "  Signing certificate SHA-256:       {sha}")?;
    let subject = unknown(&idp.subject);
    writeln!(out, "  Signing certificate subject:       {subject}")?;
    let not_after = unknown(&idp.certificate_not_after);
    writeln!(out, "  Signing certificate expires:       {not_after}")?;
    writeln!(out, "  Signing certificate (PEM):")?;
    for line in idp.certificate_pem.lines() {
        writeln!(out, "    {line}")?;
    }
    Ok(())
}

fn print_text(report: &VerifyReport, out: &mut dyn Write) -> Result<(), CliError> {
    if let Some(app) = &report.app {
        writeln!(
            out,
            "App: {} (id {}, variable name {}, {})",
            app.label, app.id, app.name, app.status
        )?;
    }
    if let Some(idp) = &report.idp {
        print_idp(idp, out)?;
    }
    for f in &report.findings {
        let mark = match f.status {
            Status::Pass => "PASS",
            Status::Warn => "WARN",
            Status::Fail => "FAIL",
            Status::Skip => "SKIP",
        };
        writeln!(out, "[{mark}] {}: {}", f.code, f.title)?;
        if !f.location.is_empty() {
            writeln!(out, "       where:    {}", f.location)?;
        }
        if f.status != Status::Pass {
            if let Some(has) = &f.okta_has {
                writeln!(out, "       Okta has: {has}")?;
            }
            if let Some(expected) = &f.expected {
                writeln!(out, "       expected: {expected}")?;
            }
        }
        if !f.detail.is_empty() {
            writeln!(out, "       seen:     {}", f.detail)?;
        }
        if !f.remedy.is_empty() {
            writeln!(out, "       fix:      {}", f.remedy)?;
        }
    }
    writeln!(
        out,
        "Overall: {:?} in {} ms.",
        report.verdict, report.elapsed_ms
    )?;
    Ok(())
}
