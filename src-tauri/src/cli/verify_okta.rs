//! `verify-okta`: reads the Loopio app back from Okta (GET only) and names every difference from
//! what the wizard generates. Exit 0 when nothing fails, 1 when something fails, 2 for bad input.

use std::io::Write;

use crate::findings::Status;
use crate::okta::{self, AppSelector, Expected, OktaOrg, VerifyReport};
use crate::secret::HygieneNote;
use crate::setup::okta_check;
use crate::setup::progress::Progress;
use crate::setup::roles::normalise_catalog;
use crate::setup::Environment;

use super::args::{adjust, AppArgs, Auth, LoopioArgs, NetworkArgs, OktaAccessArgs};
use super::output::{exit_code, mark, print, write_app, write_notes, Remedies};
use super::{runtime, CliError};

#[derive(Debug, clap::Args)]
#[command(mut_args(adjust("okta_url", |a| a.required(true))))]
#[command(group(clap::ArgGroup::new("okta_auth").required(true).args(["okta_token_env", "okta_client_id"])))]
pub struct VerifyOktaArgs {
    #[command(flatten)]
    pub okta: OktaAccessArgs,
    #[command(flatten)]
    pub loopio: LoopioArgs,
    #[command(flatten)]
    pub app: AppArgs,
    /// A Loopio role name, to check the group roles against (repeatable).
    #[arg(long = "role", value_name = "NAME")]
    pub roles: Vec<String>,
    #[command(flatten)]
    pub net: NetworkArgs,
}

pub(super) fn verify_okta(
    args: VerifyOktaArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, CliError> {
    let prepared = prepare(&args)?;
    if args.net.text() {
        write_notes(err, prepared.org.notes().iter().chain(&prepared.notes))?;
        writeln!(
            out,
            "Reading the Loopio app from {} ...",
            prepared.org.origin()
        )?;
    }
    let report = runtime()?.block_on(prepared.run());
    print(args.net.format, out, &report, |out| {
        print_text(&report, out)
    })?;
    Ok(exit_code(report.verdict))
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
        let credentials = self.auth.credentials();
        okta::verify_with(&self.target, credentials, &self.selector, &self.expected).await
    }
}

/// Checks the flags and reads the credentials (never shown).
pub(super) fn prepare(args: &VerifyOktaArgs) -> Result<Prepared, CliError> {
    let timeout = args.net.timeout()?;
    let org = args.okta.org.org()?;
    let domain = args.loopio.instance()?;
    let selector = args
        .app
        .selector(Environment::from(args.loopio.environment))?;
    let target = args.net.okta_target(&org, timeout)?;
    let (auth, notes) = args.okta.credentials()?;
    let expected = Expected {
        domain,
        environment: Environment::from(args.loopio.environment),
        known_roles: normalise_catalog(args.roles.clone()),
        // Names given with --role were never seen in Loopio: "not seen in Loopio yet".
        seen_roles: Vec::new(),
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
    let not_after = unknown(&idp.certificate_not_after);
    writeln!(out, "  Signing certificate expires:       {not_after}")?;
    writeln!(out, "  Signing certificate (PEM):")?;
    for line in idp.certificate_pem.lines() {
        writeln!(out, "    {line}")?;
    }
    Ok(())
}

fn print_text(report: &VerifyReport, out: &mut dyn Write) -> std::io::Result<()> {
    let mut remedies = Remedies::default();
    if let Some(app) = &report.app {
        write_app(app, out)?;
    }
    if let Some(idp) = &report.idp {
        print_idp(idp, out)?;
    }
    for f in &report.findings {
        writeln!(out, "[{}] {}: {}", mark(f.status), f.code, f.title)?;
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
            writeln!(
                out,
                "       fix:      {}",
                remedies.text(&f.code, &f.remedy)
            )?;
        }
    }
    // A failure on the way to Okta says nothing about the app (the core's rule, as the window's).
    if let Some(failure) = okta_check::unreached(&report.findings) {
        writeln!(out, "{}", okta_check::unreached_headline(false, failure))?;
    }
    writeln!(
        out,
        "Overall: {:?} in {} ms.",
        report.verdict, report.elapsed_ms
    )
}
