//! What a check found, and the whole connection test's verdict: the model the window, the CLI
//! and the setup report all show. The network crate fills it in; nothing here does I/O.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Check ids: the `check` of every finding of the connection test, one per request it stands for.
pub const OKTA_CONNECTOR: &str = "okta.connector";
pub const OKTA_LOOKUP: &str = "okta.lookup";
pub const OKTA_GROUPS: &str = "okta.groups";
pub const AUTH_ENFORCED: &str = "auth.enforced";
pub const SCIM_DISCOVERY: &str = "scim.discovery";
pub const CLOCK_SKEW: &str = "clock.skew";
pub const DOMAIN_REACHABLE: &str = "domain.reachable";
pub const TARGET: &str = "target";

/// True for the codes of failures on the way from this computer to the server (DNS, refused or
/// timed-out connections, a proxy, TLS interception, the local set-up): no answer from the
/// server was seen. Okta connects from its own cloud, so these say nothing about Okta's result.
pub fn is_network_path(code: &str) -> bool {
    code.starts_with("network.") || code.starts_with("tls.") || code.starts_with("config.")
}

/// A warning about the base URL itself (a trailing slash, a wrong path): when other checks
/// fail, it is their likely cause, so it is listed before them.
fn explains_failures(f: &Finding) -> bool {
    f.check == TARGET && f.status == Status::Warn && f.code != "target.custom_host"
}

/// The fixed order of findings: a warning about the base URL that explains the failures first,
/// then failures, warnings, skipped checks and passes; within each, the order of
/// the checks in [`crate::codes::CODES`] (the order Okta makes its requests), then by code. The same for every run, whatever order the answers came in.
pub fn sort_findings(findings: &mut [Finding]) {
    let any_failure = findings.iter().any(|f| f.status == Status::Fail);
    let rank = |f: &Finding| {
        if any_failure && explains_failures(f) {
            return 0;
        }
        match f.status {
            Status::Fail => 1,
            Status::Warn => 2,
            Status::Skip => 3,
            Status::Pass => 4,
        }
    };
    let position = |f: &Finding| {
        crate::codes::checks()
            .position(|c| c.code == f.check)
            .unwrap_or(usize::MAX)
    };
    findings.sort_by(|a, b| {
        (rank(a), position(a), &a.check, &a.code).cmp(&(rank(b), position(b), &b.check, &b.code))
    });
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Status {
    Pass,
    Skip,
    Warn,
    Fail,
}

impl Status {
    /// The verdict of a list of results: the worst of them, a skipped check counting as a pass.
    /// The one rule for the connection test, the Okta read-back and the rehearsal.
    pub fn verdict(statuses: impl IntoIterator<Item = Status>) -> Status {
        statuses
            .into_iter()
            .map(|s| match s {
                Status::Skip => Status::Pass,
                s => s,
            })
            .max()
            .unwrap_or(Status::Pass)
    }

    /// The status as text reports mark it: `PASS`, `WARN`, `FAIL`, `SKIP`.
    pub fn mark(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Warn => "WARN",
            Status::Fail => "FAIL",
            Status::Skip => "SKIP",
        }
    }
}

/// One check's result. `code` is the check's id when it passes, or the stable code of what went
/// wrong (`auth.rejected`, `tls.untrusted`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Finding {
    /// Which check produced this (`okta.connector`, `okta.lookup`, ...).
    pub check: String,
    pub code: String,
    pub status: Status,
    pub title: String,
    /// What was seen: status, content type, the start of an unexpected body (redacted).
    pub detail: String,
    /// What to do about it; empty when nothing needs doing.
    pub remedy: String,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

/// The whole connection test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Report {
    /// `fail` if any check failed, else `warn` if any warned, else `pass`.
    pub verdict: Status,
    /// Whether Okta's "Test Connector Configuration" will pass: the `okta.connector` check alone.
    /// `pass` or `fail` for what the server answered; `skip` when this computer did not reach the
    /// server (DNS, proxy, firewall, TLS inspection, timeout): Okta tests from its own cloud, so
    /// its result is unknown, and may well be a pass.
    pub okta_connector_test: Status,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
    pub findings: Vec<Finding>,
}

impl Report {
    /// The report of `findings`, put in the fixed order of [`sort_findings`].
    pub fn from_findings(mut findings: Vec<Finding>, elapsed_ms: u64) -> Report {
        sort_findings(&mut findings);
        let verdict = Status::verdict(findings.iter().map(|f| f.status));
        let okta_connector_test = findings
            .iter()
            .find(|f| f.check == OKTA_CONNECTOR)
            .map(|f| {
                if f.status == Status::Pass {
                    Status::Pass
                } else if is_network_path(&f.code) {
                    Status::Skip
                } else {
                    Status::Fail
                }
            })
            .unwrap_or(Status::Fail);
        Report {
            verdict,
            okta_connector_test,
            elapsed_ms,
            findings,
        }
    }

    /// Why Okta's test request did not pass, in lower case for the middle of a sentence.
    pub fn connector_problem(&self) -> String {
        self.findings
            .iter()
            .find(|f| f.check == OKTA_CONNECTOR)
            .map(|f| lower_first(f.title.trim_end_matches('.')))
            .unwrap_or_else(|| "the test did not finish".into())
    }

    /// The verdict in one sentence, for a test of Loopio's SCIM API: "will pass / will fail" only
    /// for what the server answered; for a failure on the way there, that this computer could
    /// not reach it and Okta's own test may still pass. (For the practice tenant or a custom URL,
    /// see `TestTargetKind::headline`.)
    pub fn headline_text(&self) -> String {
        let why = self.connector_problem();
        match self.okta_connector_test {
            Status::Pass => "Okta's Test Connector Configuration will pass.".into(),
            Status::Skip => format!(
                "This computer could not reach Loopio's SCIM API: {why}. Okta tests from its own \
                 cloud, not from this computer, so its Test Connector Configuration may still \
                 pass. Check this computer's network (VPN, proxy, firewall, TLS inspection), or \
                 run Okta's test directly."
            ),
            _ => format!("Okta's Test Connector Configuration will fail: {why}."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(check: &str, code: &str, status: Status) -> Finding {
        Finding {
            check: check.into(),
            code: code.into(),
            status,
            title: format!("{code} title"),
            detail: String::new(),
            remedy: String::new(),
            elapsed_ms: 1,
        }
    }

    #[test]
    fn findings_come_in_a_fixed_order_with_the_cause_first() {
        let arrived = vec![
            f(CLOCK_SKEW, CLOCK_SKEW, Status::Pass),
            f(AUTH_ENFORCED, "auth.unexpected", Status::Warn),
            f(OKTA_GROUPS, "endpoint.not_found", Status::Fail),
            f(TARGET, "target.custom_host", Status::Warn),
            f(SCIM_DISCOVERY, "scim.discovery_absent", Status::Skip),
            f(OKTA_LOOKUP, "endpoint.not_found", Status::Fail),
            f(TARGET, "target.trailing_slash", Status::Warn),
            f(OKTA_CONNECTOR, "endpoint.not_found", Status::Fail),
        ];
        let order = |findings: Vec<Finding>| {
            Report::from_findings(findings, 5)
                .findings
                .iter()
                .map(|f| format!("{}/{}", f.check, f.code))
                .collect::<Vec<_>>()
        };
        let want = [
            "target/target.trailing_slash",
            "okta.connector/endpoint.not_found",
            "okta.lookup/endpoint.not_found",
            "okta.groups/endpoint.not_found",
            "auth.enforced/auth.unexpected",
            "target/target.custom_host",
            "scim.discovery/scim.discovery_absent",
            "clock.skew/clock.skew",
        ];
        assert_eq!(order(arrived.clone()), want);
        // Whatever order the answers arrive in.
        let mut reversed = arrived;
        reversed.reverse();
        assert_eq!(order(reversed), want);
        // Without failures, the URL warning is one warning among the others.
        let calm = order(vec![
            f(TARGET, "target.trailing_slash", Status::Warn),
            f(OKTA_CONNECTOR, OKTA_CONNECTOR, Status::Pass),
            f(AUTH_ENFORCED, "auth.unexpected", Status::Warn),
        ]);
        assert_eq!(
            calm,
            [
                "auth.enforced/auth.unexpected",
                "target/target.trailing_slash",
                "okta.connector/okta.connector"
            ]
        );
    }

    #[test]
    fn a_failure_on_the_way_is_not_a_verdict_on_okta() {
        for code in [
            "network.dns",
            "network.proxy",
            "network.timeout",
            "tls.untrusted",
        ] {
            let r = Report::from_findings(vec![f(OKTA_CONNECTOR, code, Status::Fail)], 1);
            assert_eq!(r.verdict, Status::Fail);
            assert_eq!(r.okta_connector_test, Status::Skip, "{code}");
            let headline = r.headline_text();
            assert!(
                headline.starts_with("This computer could not reach Loopio"),
                "{headline}"
            );
            assert!(headline.contains("may still pass"), "{headline}");
            assert!(!headline.contains("will fail"), "{headline}");
        }
        let r = Report::from_findings(vec![f(OKTA_CONNECTOR, "auth.rejected", Status::Fail)], 1);
        assert_eq!(r.okta_connector_test, Status::Fail);
        assert_eq!(
            r.headline_text(),
            "Okta's Test Connector Configuration will fail: auth.rejected title."
        );
        let r = Report::from_findings(vec![f(OKTA_CONNECTOR, OKTA_CONNECTOR, Status::Pass)], 1);
        assert_eq!(
            r.headline_text(),
            "Okta's Test Connector Configuration will pass."
        );
    }
}
