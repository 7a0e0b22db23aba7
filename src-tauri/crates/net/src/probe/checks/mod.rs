//! The checks. Each mirrors a request Okta makes (or one that explains a failure of Okta's) and
//! turns what came back into a [`Finding`].

use std::time::Instant;

use reqwest::Client;
use tokio::sync::mpsc;

use super::existing;
use super::{Finding, Report, Status};
use crate::http::Target;
use crate::http::{self, Failure};
use loopio_scim_core::secret::Secret;

pub use loopio_scim_core::findings::{
    AUTH_ENFORCED, CLOCK_SKEW, DOMAIN_REACHABLE, OKTA_CONNECTOR, OKTA_GROUPS, OKTA_LOOKUP,
    SCIM_DISCOVERY, TARGET,
};

const LIST_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/// The query Okta's "Test Connector Configuration" sends, byte for byte.
pub const CONNECTOR_QUERY: &str = "/Users?startIndex=1&count=2";

pub(super) struct Ctx<'a> {
    pub(super) client: Client,
    pub(super) target: &'a Target,
    pub(super) secret: &'a Secret,
    pub(super) deadline: Instant,
}

pub(super) fn finding(
    check: &str,
    started: Instant,
    status: Status,
    code: &str,
    title: &str,
    detail: String,
    remedy: &str,
) -> Finding {
    Finding {
        check: check.into(),
        code: code.into(),
        status,
        title: title.into(),
        detail,
        remedy: remedy.into(),
        elapsed_ms: started.elapsed().as_millis() as u64,
    }
}

pub(super) fn from_failure(check: &str, started: Instant, status: Status, f: Failure) -> Finding {
    finding(
        check, started, status, f.code, &f.title, f.detail, &f.remedy,
    )
}

/// The checks expected in a complete run, for naming those an overall time-out cut off.
fn expected_checks(target: &Target) -> Vec<&'static str> {
    let mut expected = vec![
        OKTA_CONNECTOR,
        CLOCK_SKEW,
        OKTA_LOOKUP,
        OKTA_GROUPS,
        AUTH_ENFORCED,
        SCIM_DISCOVERY,
        existing::OKTA_LOOKUP_CASE,
        existing::OKTA_ROLES_SHAPE,
    ];
    if target.domain.is_some() {
        expected.push(DOMAIN_REACHABLE);
    }
    expected
}

/// Every check, concurrently on one client; each finding is sent on `tx` as it is known.
async fn run_checks(ctx: &Ctx<'_>, started: Instant, tx: mpsc::UnboundedSender<Finding>) {
    let send = |f: Finding| {
        let _ = tx.send(f);
    };
    tokio::join!(
        async {
            let (f, date, users) = connector(ctx).await;
            let skipped = because_connector_failed(&f);
            send(f);
            send(skipped(clock_skew(date, started)));
            send(skipped(existing::roles_shape(&users)));
            let (c, t, s, d) = (&ctx.client, ctx.target, ctx.secret, ctx.deadline);
            send(skipped(existing::lookup_case(c, t, s, d, &users).await));
        },
        async { send(lookup(ctx).await) },
        async { send(groups(ctx).await) },
        async { send(auth_enforced(ctx).await) },
        async { send(discovery(ctx).await) },
        async {
            if ctx.target.domain.is_some() {
                send(domain_reachable(ctx).await)
            }
        },
    );
}

/// The checks that read Okta's own request's answer are skipped when it failed: they then say
/// that failure (e.g. the 401), not what an empty answer would mean ("no user listed").
fn because_connector_failed(connector: &Finding) -> impl Fn(Finding) -> Finding {
    let cause = (connector.status == Status::Fail).then(|| {
        format!(
            "Not tried: Okta's own request failed first ({}: {}).",
            connector.code, connector.title
        )
    });
    move |f| match &cause {
        Some(cause) if f.status == Status::Skip => Finding {
            detail: cause.clone(),
            ..f
        },
        _ => f,
    }
}

/// A finding for each expected check that the overall deadline cut off.
fn timed_out(
    expected: &[&str],
    seen: &[Finding],
    target: &Target,
    started: Instant,
) -> Vec<Finding> {
    expected
        .iter()
        .filter(|check| !seen.iter().any(|f| f.check == **check))
        .map(|check| {
            finding(
                check,
                started,
                Status::Fail,
                "network.timeout",
                "The test ran out of time",
                format!(
                    "No answer within the overall limit of {} s.",
                    target.deadline.as_secs()
                ),
                "Check that this computer can reach the host (VPN, firewall, proxy), then run the test again.",
            )
        })
        .collect()
}

/// The remedy for a failure on the way to the host `f` is about, naming that host: the instance
/// domain for `domain.reachable` (typed by the admin: its spelling is worth checking), Loopio's
/// SCIM API host (`builtin`, never misspelt) for the others. `None` keeps `f`'s own remedy.
fn network_remedy(f: &Finding, target: &Target, builtin: bool) -> Option<String> {
    if f.check == DOMAIN_REACHABLE {
        let domain = target.domain.as_ref()?;
        let generic = loopio_scim_core::findings::is_network_path(&f.code) && !f.remedy.is_empty();
        return generic.then(|| {
            format!(
                "This is about {}, your Loopio instance as typed (not the SCIM API): check it is \
                 the address you sign in to Loopio at. {}",
                domain.host(),
                f.remedy
            )
        });
    }
    builtin
        .then(|| http::scim::loopio_host_remedy(&f.code, &target.base_host))
        .flatten()
}

/// Runs every check concurrently and reports each finding as it arrives.
pub async fn run_all(
    target: &Target,
    secret: &Secret,
    mut on_finding: impl FnMut(&Finding) + Send,
) -> Report {
    let started = Instant::now();
    let mut findings = Vec::new();
    // For Loopio's own API host, a failure on the way there is never a misspelt URL: the remedy
    // points at this computer's network instead.
    let builtin = crate::http::target::is_loopio_api_host(&target.base_host);
    // Every finding passes through here: whatever a server echoed, the token is replaced in
    // all of its text before anyone sees or saves it.
    let mut emit = |mut f: Finding, findings: &mut Vec<Finding>| {
        if let Some(remedy) = network_remedy(&f, target, builtin) {
            f.remedy = remedy;
        }
        for text in [&mut f.title, &mut f.detail, &mut f.remedy] {
            *text = http::redact(text, Some(secret));
        }
        on_finding(&f);
        findings.push(f);
    };
    for (code, seen, fix) in &target.warnings {
        let title = "Check the SCIM base URL";
        let f = finding(
            TARGET,
            started,
            Status::Warn,
            code,
            title,
            seen.clone(),
            fix,
        );
        emit(f, &mut findings);
    }
    let client = match http::client(target) {
        Ok(c) => c,
        Err(f) => {
            let f = from_failure(OKTA_CONNECTOR, started, Status::Fail, f);
            emit(f, &mut findings);
            return Report::from_findings(findings, started.elapsed().as_millis() as u64);
        }
    };
    let ctx = Ctx {
        client,
        target,
        secret,
        deadline: started + target.deadline,
    };
    let (tx, mut rx) = mpsc::unbounded_channel::<Finding>();
    let all = tokio::time::timeout(target.deadline, run_checks(&ctx, started, tx));
    tokio::pin!(all);
    let mut done = false;
    while !done {
        tokio::select! {
            biased;
            Some(f) = rx.recv() => emit(f, &mut findings),
            result = &mut all, if !done => {
                done = true;
                while let Ok(f) = rx.try_recv() {
                    emit(f, &mut findings);
                }
                if result.is_err() {
                    for f in timed_out(&expected_checks(target), &findings, target, started) {
                        emit(f, &mut findings);
                    }
                }
            }
        }
    }
    Report::from_findings(findings, started.elapsed().as_millis() as u64)
}

mod list;
mod site;
#[cfg(test)]
mod tests;

pub use list::validate_list_response;
use list::{connector, groups, lookup};
pub use site::check_metadata;
use site::{auth_enforced, clock_skew, discovery, domain_reachable};
