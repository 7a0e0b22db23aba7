//! `apply-okta`: makes the Okta changes the API allows (create the SAML app, correct its SAML
//! values, add the roles attribute and the group roles or the "same value for all users"
//! mapping). A dry run by default: it prints the exact requests and sends only GETs; `--yes`
//! sends them. `--emit terraform` prints the same as Terraform instead, without contacting Okta.
//! Exit 0 when nothing is pending or only the plan was printed, 3 when the writes succeeded but
//! manual steps are pending, 1 when a write (or a read) failed, 2 for bad input.

use loopio_scim_core::error::Problem;
use std::io::Write;

use crate::okta::apply::{self, ApplyReport, Sending, Wanted};
use crate::okta::AppSelector;
use crate::setup::okta_check::MANAGE_SCOPES;
use crate::setup::roles::{normalise_catalog, GroupRole, RolesPlan};
use crate::setup::Environment;

use super::args::{adjust, AppArgs, LoopioArgs, NetworkArgs, OktaAccessArgs};
use super::output::{print, write_app, write_notes};
use super::{runtime, CliError};

/// What `--emit` writes instead of applying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Emit {
    Terraform,
}

#[derive(Debug, clap::Args)]
#[command(mut_args(adjust("okta_url", |a| a.required_unless_present("emit"))))]
// No clap requirement on the credential: without one, `apply_okta` names both ways.
#[command(mut_args(adjust("okta_token_env", |a| a.help(
    "Read the Okta API token from this environment variable (never on the command line). \
     Writes need okta.apps.manage, okta.schemas.manage and okta.profileMappings.manage"
))))]
#[command(mut_args(adjust("okta_client_id", |a| a.help(format!(
    "Or sign in as an OAuth 2.0 service app: its client id. To make changes it must be granted \
     {} (and the read scopes)", MANAGE_SCOPES.join(", ")
)))))]
#[command(mut_args(adjust("app_label", |a| a.help(
    "The Okta app's label; an app with this label is created when there is none. Default: the \
     label the wizard gives the app for --environment (\"Loopio\", or \"Loopio Sandbox\")"
))))]
pub struct ApplyOktaArgs {
    #[command(flatten)]
    pub okta: OktaAccessArgs,
    #[command(flatten)]
    pub loopio: LoopioArgs,
    #[command(flatten)]
    pub app: AppArgs,
    /// "OKTA GROUP=Loopio role" (repeatable): the first one given has the highest priority.
    #[arg(
        long = "group",
        value_name = "OKTA GROUP=ROLE",
        conflicts_with = "same_role"
    )]
    pub groups: Vec<String>,
    /// Give every user assigned to the app this Loopio role ("same value for all users").
    #[arg(long, value_name = "ROLE")]
    pub same_role: Option<String>,
    /// A Loopio role name (repeatable): role values are checked against these first.
    #[arg(long = "role", value_name = "NAME")]
    pub roles: Vec<String>,
    /// Send the requests. Without it, only the plan is printed and nothing is written.
    #[arg(long)]
    pub yes: bool,
    /// Write the plan as Terraform for the okta/okta provider instead of applying it.
    #[arg(long, value_enum)]
    pub emit: Option<Emit>,
    #[command(flatten)]
    pub net: NetworkArgs,
}

fn roles_plan(args: &ApplyOktaArgs) -> Result<Option<RolesPlan>, Problem> {
    if let Some(role) = &args.same_role {
        return Ok(Some(RolesPlan::SameForAll { role: role.clone() }));
    }
    if args.groups.is_empty() {
        return Ok(None);
    }
    let groups = args
        .groups
        .iter()
        .map(|g| match g.rsplit_once('=') {
            Some((group, role)) if !group.trim().is_empty() => Ok(GroupRole {
                group: group.trim().to_string(),
                role: role.to_string(),
            }),
            _ => Err(Problem::new("okta.apply.roles_plan", format!("--group {g:?}: give \"OKTA GROUP=Loopio role\", e.g. --group \"Loopio Admins=Admin\"."))),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(RolesPlan::PerGroup { groups }))
}

fn wanted(args: &ApplyOktaArgs) -> Result<Wanted, CliError> {
    let bad = CliError::BadInput;
    Ok(Wanted {
        domain: args.loopio.instance()?,
        environment: Environment::from(args.loopio.environment),
        label: args.app.label(Environment::from(args.loopio.environment)),
        roles: roles_plan(args).map_err(|p| bad(p.to_string()))?,
        known_roles: normalise_catalog(args.roles.clone()),
        // Names given with --role were never seen in Loopio: "not seen in Loopio yet".
        seen_roles: Vec::new(),
    })
}

pub(super) fn apply_okta(
    args: ApplyOktaArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, CliError> {
    let bad = CliError::BadInput;
    let timeout = args.net.timeout()?;
    let wanted = wanted(&args)?;
    let selector = args.app.selector(wanted.environment)?;
    if args.emit == Some(Emit::Terraform) {
        apply::check_roles(&wanted).map_err(|e| bad(format!("{} {}", e.message, e.remedy)))?;
        let id = match &selector {
            AppSelector::Id(id) => Some(id.as_str()),
            AppSelector::Label(_) => None,
        };
        out.write_all(apply::terraform::emit(&wanted, id).as_bytes())?;
        return Ok(0);
    }
    if args.okta.org.okta_url.is_none() || !args.okta.has_credentials() {
        return Err(bad(no_credentials()));
    }
    let org = args.okta.org.org()?;
    let target = args.net.okta_target(&org, timeout)?;
    let (auth, notes) = args.okta.credentials()?;
    if args.net.text() {
        write_notes(err, org.notes().iter().chain(&notes))?;
    }
    let go = if args.yes {
        Sending::Confirmed
    } else {
        Sending::DryRun
    };
    let report = runtime()?.block_on(async {
        // A service app asks for the write scopes too.
        let access = auth.for_writes();
        let credentials = access.credentials();
        apply::apply_with(&target, credentials, &selector, &wanted, go, &|_| {}).await
    });
    print(args.net.format, out, &report, |out| {
        write_text(&report, args.yes, out)
    })?;
    Ok(exit_code(&report, args.yes))
}

/// Both ways to sign in to Okta, and what each needs to make changes.
fn no_credentials() -> String {
    format!(
        "Give Okta credentials, one of two ways: --okta-token-env VAR, the variable holding an \
         API token (Security > API > Tokens) of an admin who can change apps; or --okta-client-id \
         ID with --okta-private-key FILE, a service app granted {} (and the read scopes). Or \
         --emit terraform to write the plan without contacting Okta.",
        MANAGE_SCOPES.join(", ")
    )
}

fn exit_code(report: &ApplyReport, confirmed: bool) -> i32 {
    match &report.error {
        Some(e) if e.bad_input => 2,
        Some(_) => 1,
        None if !confirmed => 0,
        None if report.pending_manual.is_empty() => 0,
        None => 3,
    }
}

fn write_text(report: &ApplyReport, confirmed: bool, out: &mut dyn Write) -> std::io::Result<()> {
    if let Some(app) = &report.app {
        write_app(app, out)?;
    }
    for w in &report.warnings {
        writeln!(out, "warning: {w}")?;
    }
    if report.plan.is_empty() && report.error.is_none() {
        writeln!(
            out,
            "Nothing to change in Okta: it already has what the wizard generated."
        )?;
    }
    for (i, r) in report.plan.iter().enumerate() {
        writeln!(out, "{}. {} {}\n   why: {}", i + 1, r.method, r.path, r.why)?;
        if let Some(body) = &r.body {
            let text = serde_json::to_string_pretty(body).unwrap_or_default();
            writeln!(out, "   body: {}", text.replace('\n', "\n   "))?;
        }
    }
    for r in &report.results {
        let status = r
            .status
            .map(|s| s.to_string())
            .unwrap_or_else(|| "no answer".into());
        writeln!(
            out,
            "[{status}] {} {}{}",
            r.method,
            r.path,
            r.okta_error
                .as_ref()
                .map(|e| format!(": {e}"))
                .unwrap_or_default()
        )?;
    }
    if let Some(e) = &report.error {
        writeln!(
            out,
            "error: {} ({})\n   fix: {}",
            e.message, e.code, e.remedy
        )?;
    } else if !confirmed && !report.plan.is_empty() {
        writeln!(
            out,
            "Dry run: nothing was sent. Run again with --yes to send these {} requests.",
            report.plan.len()
        )?;
    }
    for m in &report.pending_manual {
        writeln!(
            out,
            "to do by hand: {} ({})\n   where: {}",
            m.what, m.step, m.location
        )?;
    }
    for r in &report.reminders {
        writeln!(out, "reminder: {r}")?;
    }
    if !report.undo.is_empty() {
        writeln!(
            out,
            "{} undo requests are in the JSON output (--format json, key undo).",
            report.undo.len()
        )?;
    }
    Ok(())
}
