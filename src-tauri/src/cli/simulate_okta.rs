//! `simulate-okta`: serves the practice Okta (and the practice tenant, on the same loopback
//! server) until stopped, and prints what `verify-okta`, `apply-okta` and `undo-okta` need to
//! try it offline: the org URL, the practice Okta token (not a secret: it opens only this
//! in-memory org) and the app to use. What `simulate` is for the SCIM side.

use std::future::Future;
use std::io::Write;

use crate::practice;
use crate::practice_okta::{
    PracticeMistake, PracticeOrg, PRACTICE_APP_ID, PRACTICE_DEFAULT_DOMAIN, PRACTICE_OKTA_TOKEN,
};
use crate::setup::Environment;

use super::args::{adjust, LoopioArgs, ServeArgs};
use super::{runtime, CliError};

/// The mistake `--mistake` plants (the practice Okta's [`PracticeMistake`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MistakeArg {
    /// Audience URI (SP Entity ID) typed as a URL instead of `loopio-sp`.
    Audience,
}

impl From<MistakeArg> for PracticeMistake {
    fn from(m: MistakeArg) -> Self {
        match m {
            MistakeArg::Audience => PracticeMistake::Audience,
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(mut_args(adjust("domain", |a| a.required(false).default_value(PRACTICE_DEFAULT_DOMAIN).help(
    "The Loopio domain the practice Okta's app is set up for (use the same with verify-okta and apply-okta)"
))))]
pub struct SimulateOktaArgs {
    #[command(flatten)]
    pub serve: ServeArgs,
    /// Start without the Loopio app, to practise creating it with apply-okta.
    #[arg(long)]
    pub without_app: bool,
    /// Plant one mistake in the app, to see how verify-okta names it and apply-okta fixes it.
    #[arg(long, value_enum, value_name = "NAME", conflicts_with = "without_app")]
    pub mistake: Option<MistakeArg>,
    #[command(flatten)]
    pub loopio: LoopioArgs,
}

pub(super) fn simulate_okta(args: SimulateOktaArgs, out: &mut dyn Write) -> Result<i32, CliError> {
    serve_until(args, out, async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// Serves until `stop` completes (Ctrl+C from the command line; a signal of their own in tests).
fn serve_until(
    args: SimulateOktaArgs,
    out: &mut dyn Write,
    stop: impl Future<Output = ()>,
) -> Result<i32, CliError> {
    let domain = args.loopio.instance()?;
    let environment = Environment::from(args.loopio.environment);
    let mut org = PracticeOrg::new(domain.clone(), environment)
        .with_mistake(args.mistake.map(PracticeMistake::from));
    if args.without_app {
        org = org.without_app();
    }
    runtime()?.block_on(async {
        let addr = args.serve.addr();
        let token = practice::DEFAULT_PRACTICE_TOKEN.to_string();
        let running = practice::serve(addr, token).await.map_err(|e| {
            CliError::BadInput(format!("The practice Okta could not listen on {addr}: {e}"))
        })?;
        running.okta.set(org);
        let shown = Shown {
            url: running.okta.url(),
            scim_url: running.base_url.clone(),
            domain: domain.host().to_string(),
            environment,
            mistake: args.mistake.map(PracticeMistake::from),
            without_app: args.without_app,
        };
        shown.write(out)?;
        out.flush()?;
        stop.await;
        running.stop();
        Ok(0)
    })
}

/// What is printed once the server listens.
struct Shown {
    url: String,
    scim_url: String,
    domain: String,
    environment: Environment,
    mistake: Option<PracticeMistake>,
    without_app: bool,
}

impl Shown {
    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let Shown { url, domain, .. } = self;
        let env = self.environment;
        writeln!(
            out,
            "Practice Okta at {url} (set up for {domain}, {})",
            env.label()
        )?;
        writeln!(
            out,
            "Okta API token: {PRACTICE_OKTA_TOKEN} (a practice token, only valid here)"
        )?;
        // The core's label for the environment: the one the wizard names and the practice app has.
        let label = env.app_label().to_string();
        if self.without_app {
            writeln!(
                out,
                "App: none yet; apply-okta --app-label \"{label}\" creates it"
            )?;
        } else {
            writeln!(out, "App: \"{label}\", id {PRACTICE_APP_ID}")?;
        }
        if let Some(m) = self.mistake {
            writeln!(
                out,
                "Planted mistake: verify-okta names it as {}",
                m.finding_code()
            )?;
        }
        writeln!(
            out,
            "The practice tenant (SCIM) is on the same server: {}, token {}",
            self.scim_url,
            practice::DEFAULT_PRACTICE_TOKEN
        )?;
        let env_flag = match env {
            Environment::Production => String::new(),
            Environment::Sandbox => " --environment sandbox".to_string(),
        };
        let org = format!("--okta-url {url} --okta-token-env OKTA_TOKEN");
        let app = format!("--app-label \"{label}\"");
        writeln!(out, "\nTry it from another terminal:")?;
        writeln!(out, "  export OKTA_TOKEN={PRACTICE_OKTA_TOKEN}")?;
        writeln!(
            out,
            "  loopio-scim-assistant verify-okta {org} --domain {domain}{env_flag} {app}"
        )?;
        writeln!(out, "  loopio-scim-assistant apply-okta {org} --domain {domain}{env_flag} {app} --yes --format json > applied.json")?;
        writeln!(
            out,
            "  loopio-scim-assistant undo-okta {org} --from applied.json --yes"
        )?;
        writeln!(out, "Stop it with Ctrl+C.")
    }
}

#[cfg(test)]
mod tests;
