//! `reconcile`: after go-live, Okta's assigned users and Loopio's users side by side (GET only),
//! every user with one state, every failed push with its cause and remedy. Exit 0 when no user
//! fails (and both sides were read), 1 when one does, 2 for bad input.

use std::io::Write;
use std::time::Duration;

use crate::okta::{AppSelector, OktaOrg};
use crate::probe::Target;
use crate::reconcile::{self, Reconciliation, Request};
use crate::secret::{HygieneNote, Secret};
use crate::setup::Environment;

use super::args::{adjust, AppArgs, Auth, NetworkArgs, OktaAccessArgs, ScimArgs};
use super::output::{exit_code, mark, print, write_notes};
use super::{runtime, CliError};

#[derive(Debug, clap::Args)]
#[command(mut_args(adjust("okta_url", |a| a.required(true))))]
#[command(group(clap::ArgGroup::new("okta_auth").required(true).args(["okta_token_env", "okta_client_id"])))]
pub struct ReconcileArgs {
    #[command(flatten)]
    pub okta: OktaAccessArgs,
    #[command(flatten)]
    pub app: AppArgs,
    #[command(flatten)]
    pub scim: ScimArgs,
    /// Your Loopio domain, for the base URL's checks (optional).
    #[arg(long)]
    pub domain: Option<String>,
    #[command(flatten)]
    pub rc: ReconcileFlags,
    #[command(flatten)]
    pub net: NetworkArgs,
}

// What to reconcile (reconcile, and recheck when it reconciles).
#[derive(Debug, Clone, clap::Args)]
pub struct ReconcileFlags {
    /// How far back Okta's System Log is read for failed pushes: Nd or Nh, at most 90d.
    #[arg(long, default_value = "30d", value_name = "AGE")]
    pub since: String,
    /// Only this person (Okta login or email; Loopio userName), looked up directly, assigned or
    /// not (repeatable).
    #[arg(long = "user", value_name = "LOGIN")]
    pub users: Vec<String>,
    /// Read at most this many users on each side.
    #[arg(long, value_name = "N")]
    pub limit_users: Option<usize>,
}

impl ReconcileFlags {
    /// `--since` as a duration: `30d`, `12h` (the System Log keeps 90 days).
    pub(super) fn since(&self) -> Result<Duration, CliError> {
        let bad = || {
            CliError::BadInput(format!(
                "--since {:?}: give an age like 30d or 12h (at most 90d; Okta keeps 90 days of System Log).",
                self.since
            ))
        };
        let s = self.since.trim();
        let (n, unit) = s.split_at(s.len().saturating_sub(1));
        let n: u64 = n.parse().map_err(|_| bad())?;
        let secs = match unit {
            "d" | "D" => n.checked_mul(86_400),
            "h" | "H" => n.checked_mul(3_600),
            _ => None,
        }
        .ok_or_else(bad)?;
        if secs == 0 || secs > 90 * 86_400 {
            return Err(bad());
        }
        Ok(Duration::from_secs(secs))
    }

    pub(super) fn limit(&self) -> Result<Option<usize>, CliError> {
        match self.limit_users {
            Some(n) if n == 0 || n > reconcile::MAX_USERS => Err(CliError::BadInput(format!(
                "--limit-users must be between 1 and {}.",
                reconcile::MAX_USERS
            ))),
            n => Ok(n),
        }
    }

    pub(super) fn users(&self) -> Result<Vec<String>, CliError> {
        let users: Vec<String> = self.users.iter().map(|u| u.trim().to_string()).collect();
        if users
            .iter()
            .any(|u| u.is_empty() || u.chars().any(char::is_control))
        {
            return Err(CliError::BadInput(
                "--user needs a login or email, without control characters.".into(),
            ));
        }
        Ok(users)
    }
}

/// A reconciliation ready to run: every flag checked (bad input is exit 2 before any request).
pub(super) struct Prepared {
    pub org: OktaOrg,
    okta_target: Target,
    auth: Auth,
    app: AppSelector,
    pub scim_target: Target,
    since: Duration,
    users: Vec<String>,
    limit: Option<usize>,
    pub notes: Vec<HygieneNote>,
}

impl Prepared {
    pub async fn run(&self, scim_secret: &Secret) -> Reconciliation {
        let credentials = self.auth.credentials();
        let request = Request {
            okta_target: &self.okta_target,
            credentials,
            app: &self.app,
            scim_target: &self.scim_target,
            scim_secret,
            since: self.since,
            users: &self.users,
            limit_users: self.limit,
        };
        reconcile::reconcile(&request).await
    }
}

/// Checks every flag, then reads the credentials (never shown).
pub(super) fn prepare(
    okta: &OktaAccessArgs,
    app: AppSelector,
    scim_target: Target,
    scim_notes: Vec<HygieneNote>,
    rc: &ReconcileFlags,
    net: &NetworkArgs,
) -> Result<Prepared, CliError> {
    let timeout = net.timeout()?;
    let org = okta.org.org()?;
    let okta_target = net.okta_target(&org, timeout)?;
    let (since, users, limit) = (rc.since()?, rc.users()?, rc.limit()?);
    let (auth, mut notes) = okta.credentials()?;
    let auth = auth.for_reconcile();
    notes.extend(scim_notes);
    Ok(Prepared {
        org,
        okta_target,
        auth,
        app,
        scim_target,
        since,
        users,
        limit,
        notes,
    })
}

pub(super) fn run(
    args: ReconcileArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, CliError> {
    let timeout = args.net.timeout()?;
    // Without --app-id or --app-label: the wizard's label for --environment (production with
    // --base-url alone).
    let environment = args.scim.environment.map(Environment::from);
    let app = args.app.selector(environment.unwrap_or_default())?;
    let scim_target = args.scim.target(&args.net, timeout, args.domain.clone())?;
    args.rc.since()?;
    let (secret, scim_notes) = args.scim.token()?;
    let prepared = prepare(
        &args.okta,
        app,
        scim_target,
        scim_notes,
        &args.rc,
        &args.net,
    )?;
    if args.net.text() {
        write_notes(err, prepared.org.notes().iter().chain(&prepared.notes))?;
        writeln!(
            out,
            "Reading Okta ({}) and Loopio ({}) ...",
            prepared.org.origin(),
            prepared.scim_target.base_url
        )?;
    }
    let result = runtime()?.block_on(prepared.run(&secret));
    drop(secret);
    print(args.net.format, out, &result, |out| {
        print_text(&result, out)
    })?;
    Ok(exit_code(result.verdict))
}

/// Counts first, then the failing and warned users by cause, then what could not be read.
pub(super) fn print_text(r: &Reconciliation, out: &mut dyn Write) -> std::io::Result<()> {
    let total: u64 = r.counts.values().sum();
    writeln!(out, "Users: {total}")?;
    for (state, n) in r.counts.iter().filter(|(_, n)| **n > 0) {
        writeln!(out, "  {state}: {n}")?;
    }
    for c in &r.causes {
        writeln!(
            out,
            "[{}] {} ({} user(s))",
            mark(c.status),
            c.cause,
            c.count
        )?;
        if !c.location.is_empty() {
            writeln!(out, "       where: {}", c.location)?;
        }
        writeln!(out, "       fix:   {}", c.remedy)?;
        for u in r
            .users
            .iter()
            .filter(|u| u.cause.as_deref() == Some(&c.cause))
        {
            writeln!(out, "       - {} ({})", u.login, u.state)?;
            if !u.detail.is_empty() {
                writeln!(out, "           {}", u.detail)?;
            }
            for e in &u.events {
                writeln!(
                    out,
                    "           {} {} {}: {}",
                    e.published, e.event_type, e.result, e.reason
                )?;
            }
        }
    }
    for p in &r.problems {
        writeln!(
            out,
            "[{}] {} ({}): {}",
            mark(p.status),
            p.code,
            p.part,
            p.title
        )?;
        if !p.detail.is_empty() {
            writeln!(out, "       seen: {}", p.detail)?;
        }
        writeln!(out, "       fix:  {}", p.remedy)?;
    }
    let truncated = if r.truncated {
        ", not everything was read"
    } else {
        ""
    };
    writeln!(
        out,
        "Overall: {:?} in {} ms{truncated}.",
        r.verdict, r.elapsed_ms
    )
}
