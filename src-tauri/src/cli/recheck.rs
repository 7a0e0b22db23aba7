//! `recheck --profile NAME`: a saved setup checked again, for a cron job or a systemd user timer:
//! the SCIM connection test against the profile's environment, the Okta read-back (when an org
//! and Okta credentials are given), and the expiry of the SCIM token (from the saved generation
//! date) and of the SAML signing certificate. Exit 0 when nothing fails, 1 when something fails
//! (an expired token or certificate included), 2 for bad input.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::findings::Status;
use crate::okta::VerifyReport;
use crate::probe;
use crate::reconcile::Reconciliation;
use crate::secret::Secret;
use crate::setup::progress::Progress;
use crate::setup::reminder;
use crate::vault::{OsKeychain, TokenVault};

use super::args::{adjust, scim_token, AppArgs, LoopioArgs, NetworkArgs, OktaAccessArgs};
use super::output::{exit_code, mark, print, write_finding};
use super::reconcile::{self as reconcile_cli, ReconcileFlags};
use super::report::{known_profile, load_book};
use super::verify_okta::{self, VerifyOktaArgs};
use super::{runtime, CliError};

/// A signing certificate this close to its expiry is a warning (as `okta.cert.expiry`): the
/// core's one threshold, also the renewal reminder's.
use crate::setup::reminder::CERT_REMIND_DAYS_BEFORE as CERT_WARN_DAYS;

#[derive(Debug, clap::Args)]
#[command(mut_args(adjust("okta_url", |a| a.help("Your Okta org, to read the Loopio app back too"))))]
#[command(mut_args(adjust("app_id", |a| a.help(
    "The Okta app's id (default: the app of the profile's last Okta check)"
))))]
pub struct RecheckArgs {
    /// The saved profile to check again.
    #[arg(long)]
    pub profile: String,
    /// The app's progress file (default: the app's data folder).
    #[arg(long, value_name = "FILE")]
    pub store: Option<PathBuf>,
    /// Read the SCIM token from this environment variable (default: the keychain entry the
    /// window saved for the profile).
    #[arg(long, value_name = "VAR")]
    pub token_env: Option<String>,
    /// Test this SCIM base URL instead of the profile's environment (https; http only to this
    /// computer).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    #[command(flatten)]
    pub okta: OktaAccessArgs,
    #[command(flatten)]
    pub app: AppArgs,
    /// With Okta access, Okta's assigned users are reconciled with Loopio's too (`reconcile`).
    #[command(flatten)]
    pub rc: ReconcileFlags,
    #[command(flatten)]
    pub net: NetworkArgs,
}

/// One expiry: `fail` once passed, `warn` when close, `skip` when unknown.
#[derive(Debug, Serialize)]
struct Dated {
    status: Status,
    /// `YYYY-MM-DD` (the token) or RFC 3339 (the certificate); `None` when unknown.
    expires: Option<String>,
    days_left: Option<i64>,
    detail: String,
}

#[derive(Debug, Serialize)]
struct ExpiryOut {
    token: Dated,
    certificate: Dated,
}

/// The JSON document `recheck --format json` prints.
#[derive(Debug, Serialize)]
struct RecheckOutput<'a> {
    profile: &'a str,
    verdict: Status,
    scim: &'a probe::Report,
    okta: Option<&'a VerifyReport>,
    /// Okta's assigned users against Loopio's (with Okta access only).
    reconcile: Option<&'a Reconciliation>,
    expiry: ExpiryOut,
}

pub(super) fn recheck(
    args: RecheckArgs,
    out: &mut dyn Write,
    _err: &mut dyn Write,
) -> Result<i32, CliError> {
    let timeout = args.net.timeout()?;
    let progress = load_profile(&args)?;
    let environment = args.base_url.is_none().then_some(progress.environment);
    let target = args
        .net
        .scim_target(timeout, environment, args.base_url.clone(), None)?;
    let secret = scim_secret(&args)?;
    let (okta, users) = match okta_args(&args, &progress)? {
        Some(okta_args) => {
            let selector = okta_args.app.selector(progress.environment)?;
            let users = reconcile_cli::prepare(
                &args.okta,
                selector,
                target.clone(),
                Vec::new(),
                &args.rc,
                &args.net,
            )?;
            let okta = verify_okta::prepare(&okta_args)?.with_saved(&progress);
            (Some(okta), Some(users))
        }
        None => (None, None),
    };
    let (scim, okta_report, users) = runtime()?.block_on(async {
        let okta_run = async {
            match &okta {
                Some(p) => Some(p.run().await),
                None => None,
            }
        };
        let users_run = async {
            match &users {
                Some(p) => Some(p.run(&secret).await),
                None => None,
            }
        };
        tokio::join!(probe::run(&target, &secret, |_| {}), okta_run, users_run)
    });
    drop(secret);
    let now = OffsetDateTime::now_utc();
    let expiry = ExpiryOut {
        token: token_expiry(&progress, now),
        certificate: cert_expiry(okta_report.as_ref(), now),
    };
    let verdict = [
        scim.verdict,
        okta_report.as_ref().map_or(Status::Pass, |r| r.verdict),
        users.as_ref().map_or(Status::Pass, |r| r.verdict),
        expiry.token.status,
        expiry.certificate.status,
    ]
    .into_iter()
    .map(|s| if s == Status::Skip { Status::Pass } else { s })
    .max()
    .unwrap_or(Status::Pass);
    let doc = RecheckOutput {
        profile: &args.profile,
        verdict,
        scim: &scim,
        okta: okta_report.as_ref(),
        reconcile: users.as_ref(),
        expiry,
    };
    print(args.net.format, out, &doc, |out| {
        print_text(&doc, &progress, out)
    })?;
    Ok(exit_code(verdict))
}

/// The saved profile, read as `report` reads it.
fn load_profile(args: &RecheckArgs) -> Result<Progress, CliError> {
    let book = load_book(args.store.as_deref(), "save a profile first")?;
    known_profile(&book, &args.profile)?;
    Ok(book.progress(&args.profile))
}

/// The SCIM token: from `--token-env`, else the keychain entry of the profile.
fn scim_secret(args: &RecheckArgs) -> Result<Secret, CliError> {
    if let Some(var) = &args.token_env {
        return scim_token(Some(var)).map(|(secret, _)| secret);
    }
    match OsKeychain.load(&args.profile) {
        Ok(Some(secret)) => Ok(secret),
        Ok(None) => Err(CliError::BadInput(format!(
            "No SCIM token is saved in the keychain for the profile {:?} (keychain.no_token). Tick \"Remember this token\" in the window, or give --token-env VAR.",
            args.profile
        ))),
        Err(e) => Err(CliError::BadInput(format!(
            "{} ({}). Give --token-env VAR.",
            e,
            e.code()
        ))),
    }
}

/// The read-back's flags, when an org is given: the profile gives the domain, environment,
/// known roles and (unless a flag names one) the app of the last Okta check.
fn okta_args(args: &RecheckArgs, progress: &Progress) -> Result<Option<VerifyOktaArgs>, CliError> {
    let bad = |m: &str| CliError::BadInput(m.to_string());
    if args.okta.org.okta_url.is_none() {
        if args.okta.has_credentials() {
            return Err(bad("Give --okta-url with the Okta credentials."));
        }
        return Ok(None);
    }
    if !args.okta.has_credentials() {
        return Err(bad("Give --okta-token-env VAR (or --okta-client-id with --okta-private-key) with --okta-url."));
    }
    let saved_app = progress
        .last_okta_check
        .as_ref()
        .map(|c| c.app_id.clone())
        .filter(|id| !id.is_empty());
    let app_id = args.app.app_id.clone().or(saved_app);
    if progress.domain.trim().is_empty() {
        return Err(bad(
            "The profile has no Loopio domain yet: finish the wizard's first step.",
        ));
    }
    Ok(Some(VerifyOktaArgs {
        okta: args.okta.clone(),
        loopio: LoopioArgs {
            domain: progress.domain.clone(),
            environment: progress.environment.into(),
            custom_domain: false,
        },
        app: AppArgs {
            app_id: app_id.filter(|_| args.app.app_label.is_none()),
            app_label: args.app.app_label.clone(),
        },
        roles: progress.roles_known.clone(),
        net: args.net.clone(),
    }))
}

fn token_expiry(progress: &Progress, now: OffsetDateTime) -> Dated {
    match reminder::expiry(&progress.token_generated_on, now.date()) {
        Ok(e) => {
            let status = if e.days_left < 0 {
                Status::Fail
            } else if e.renew_now {
                Status::Warn
            } else {
                Status::Pass
            };
            let detail = if e.days_left < 0 {
                format!("The SCIM token expired on {}: Okta's provisioning stops. Generate a new token in Loopio and paste it into Okta (Provisioning > Integration > API Token).", e.expires_on)
            } else {
                format!("The SCIM token (generated {}) expires on {} ({}).", e.generated_on, e.expires_on, e.summary)
            };
            Dated {
                status,
                expires: Some(e.expires_on),
                days_left: Some(e.days_left),
                detail,
            }
        }
        Err(_) => Dated {
            status: Status::Skip,
            expires: None,
            days_left: None,
            detail: "The profile has no token generation date: set it in the wizard to follow the token's expiry.".into(),
        },
    }
}

/// From the IdP metadata's certificate, else from the signing key's `expiresAt` finding.
fn cert_expiry(okta: Option<&VerifyReport>, now: OffsetDateTime) -> Dated {
    let unknown = |detail: &str| Dated {
        status: Status::Skip,
        expires: None,
        days_left: None,
        detail: detail.into(),
    };
    let Some(report) = okta else {
        return unknown(
            "Not checked: give --okta-url and Okta credentials to read the signing certificate.",
        );
    };
    let not_after = report
        .idp
        .as_ref()
        .and_then(|i| i.certificate_not_after.as_deref())
        .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok());
    let Some(not_after) = not_after else {
        return match report
            .findings
            .iter()
            .find(|f| f.code == "okta.cert.expiry")
        {
            Some(f) => Dated {
                status: f.status,
                expires: None,
                days_left: None,
                detail: f.detail.clone(),
            },
            None => unknown("The signing certificate could not be read from Okta."),
        };
    };
    let days = (not_after - now).whole_days();
    let when = not_after.format(&Rfc3339).unwrap_or_default();
    let (status, detail) = if not_after <= now {
        (Status::Fail, format!("The SAML signing certificate expired on {when}: Loopio rejects every sign-in. Generate and activate a new one on the app's Sign On tab and give it to Loopio's SSO settings."))
    } else if days < CERT_WARN_DAYS {
        (Status::Warn, format!("The SAML signing certificate expires on {when}, in {days} day(s): renew it on the app's Sign On tab and give the new one to Loopio."))
    } else {
        (
            Status::Pass,
            format!("The SAML signing certificate expires on {when}, in {days} days."),
        )
    };
    Dated {
        status,
        expires: Some(when),
        days_left: Some(days),
        detail,
    }
}

fn print_text(doc: &RecheckOutput<'_>, p: &Progress, out: &mut dyn Write) -> std::io::Result<()> {
    let env = p.environment.label();
    writeln!(
        out,
        "Re-check of profile {:?} ({}, {env})",
        doc.profile, p.domain
    )?;
    let scim = doc.scim;
    writeln!(
        out,
        "[{}] SCIM connection test: {}",
        mark(scim.verdict),
        scim.headline_text()
    )?;
    for f in scim.findings.iter().filter(|f| f.status != Status::Pass) {
        write_finding(f, out)?;
    }
    match doc.okta {
        Some(r) => {
            let app = r
                .app
                .as_ref()
                .map_or("(not found)".to_string(), |a| a.label.clone());
            writeln!(out, "[{}] Okta read-back of the app {app}", mark(r.verdict))?;
            for f in r.findings.iter().filter(|f| f.status != Status::Pass) {
                writeln!(out, "[{}] {}: {}", mark(f.status), f.code, f.title)?;
                if !f.remedy.is_empty() {
                    writeln!(out, "       fix:  {}", f.remedy)?;
                }
            }
            if let Some(idp) = &r.idp {
                verify_okta::print_idp(idp, out)?;
            }
        }
        None => writeln!(
            out,
            "[SKIP] Okta read-back: not run (give --okta-url and Okta credentials)"
        )?,
    }
    if let Some(r) = doc.reconcile {
        writeln!(out, "[{}] Okta's users against Loopio's:", mark(r.verdict))?;
        reconcile_cli::print_text(r, out)?;
    }
    let (t, c) = (&doc.expiry.token, &doc.expiry.certificate);
    writeln!(out, "[{}] SCIM token expiry: {}", mark(t.status), t.detail)?;
    writeln!(
        out,
        "[{}] Signing certificate expiry: {}",
        mark(c.status),
        c.detail
    )?;
    writeln!(out, "Overall: {:?}", doc.verdict)
}
