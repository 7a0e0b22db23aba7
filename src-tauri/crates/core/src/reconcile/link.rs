//! Linking Okta's app users to Loopio's SCIM users and giving each one state.
//!
//! An app user is linked by `externalId` == SCIM `id`, nothing else: that is the link Okta
//! itself uses for every update. `userName` (case-insensitively, as Okta's lookup before a create
//! is) only explains an unlinked pair: the Loopio user Okta collided with, or could match on
//! Import.

use std::collections::{BTreeMap, HashMap, HashSet};

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::{
    classify, is_failure, remedy, status_of, CauseGroup, Inputs, LogEvent, LookedUp, LoopioUser,
    OktaUser, ReadProblem, Reconciliation, UserResult, STATES,
};
use crate::findings::Status;

/// Whether RFC 3339 time `a` is after `b`; `None` when either is missing or unreadable.
fn after(a: &str, b: &str) -> Option<bool> {
    let a = OffsetDateTime::parse(a, &Rfc3339).ok()?;
    let b = OffsetDateTime::parse(b, &Rfc3339).ok()?;
    Some(a > b)
}

/// Role values as a set: order and repeats do not matter, case does (Loopio's names are exact).
fn role_set(roles: &[String]) -> Vec<&str> {
    let mut set: Vec<&str> = roles.iter().map(String::as_str).collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// Whether two role lists differ, case-exact.
pub fn roles_differ(okta: &[String], loopio: &[String]) -> bool {
    role_set(okta) != role_set(loopio)
}

/// Loopio's users by id and by lower-case userName.
struct Index<'a> {
    by_id: HashMap<&'a str, &'a LoopioUser>,
    by_name: HashMap<String, &'a LoopioUser>,
}

impl<'a> Index<'a> {
    fn new(users: &'a [LoopioUser]) -> Self {
        let mut by_id = HashMap::with_capacity(users.len());
        let mut by_name = HashMap::with_capacity(users.len());
        for u in users {
            by_id.entry(u.id.as_str()).or_insert(u);
            by_name.entry(u.user_name.to_lowercase()).or_insert(u);
        }
        Index { by_id, by_name }
    }
}

/// The failure events, by Okta user id and by lower-case login; the app's own (no user) apart.
struct Events<'a> {
    by_user: HashMap<&'a str, Vec<&'a LogEvent>>,
    by_login: HashMap<String, Vec<&'a LogEvent>>,
    app_auth: Option<&'a LogEvent>,
}

impl<'a> Events<'a> {
    fn new(events: &'a [LogEvent]) -> Self {
        let mut out = Events {
            by_user: HashMap::new(),
            by_login: HashMap::new(),
            app_auth: None,
        };
        let mut sorted: Vec<&LogEvent> = events.iter().filter(|e| is_failure(e)).collect();
        sorted.sort_by(|a, b| a.published.cmp(&b.published));
        for e in sorted {
            if !e.okta_user_id.is_empty() {
                out.by_user
                    .entry(e.okta_user_id.as_str())
                    .or_default()
                    .push(e);
            } else if !e.login.is_empty() {
                out.by_login
                    .entry(e.login.to_lowercase())
                    .or_default()
                    .push(e);
            } else if classify(e) == "push.auth" {
                out.app_auth = Some(e);
            }
        }
        out
    }

    /// The user's failures, oldest first.
    fn of(&self, u: &OktaUser) -> Vec<&'a LogEvent> {
        let mut found: Vec<&LogEvent> =
            self.by_user.get(u.id.as_str()).cloned().unwrap_or_default();
        for key in [&u.login, &u.user_name] {
            if let Some(more) = self.by_login.get(&key.to_lowercase()) {
                let new: Vec<&LogEvent> = more
                    .iter()
                    .filter(|e| !found.contains(e))
                    .copied()
                    .collect();
                found.extend(new);
            }
        }
        found.sort_by(|a, b| a.published.cmp(&b.published));
        found
    }
}

/// What one Okta user's state was decided from.
struct Decided<'a> {
    state: &'static str,
    cause: Option<&'static str>,
    loopio: Option<&'a LoopioUser>,
    detail: String,
}

fn decided<'a>(
    state: &'static str,
    cause: &'static str,
    loopio: Option<&'a LoopioUser>,
) -> Decided<'a> {
    Decided {
        state,
        cause: Some(cause),
        loopio,
        detail: String::new(),
    }
}

/// The cause of a failed push: the newest failure that counts, or the app's own auth failure,
/// or the unlinked Loopio user with the same userName.
fn push_cause(failures: &[&LogEvent], app_auth: Option<&LogEvent>, pair: bool) -> &'static str {
    match (failures.last(), app_auth, pair) {
        (Some(e), _, _) => classify(e),
        (None, Some(_), _) => "push.auth",
        (None, None, true) => "push.conflict",
        (None, None, false) => "push.other",
    }
}

/// The failures that still count: Okta has not synchronised the user since.
fn counting<'a>(u: &OktaUser, failures: &[&'a LogEvent]) -> Vec<&'a LogEvent> {
    failures
        .iter()
        .filter(|e| {
            u.sync_state != "SYNCHRONIZED" || after(&e.published, &u.last_sync) != Some(false)
        })
        .copied()
        .collect()
}

fn roles_cause(u: &OktaUser, l: &LoopioUser, inputs: &Inputs) -> &'static str {
    if inputs.context.update_attributes == Some(false) {
        "drift.update_attributes_off"
    } else if after(&l.last_modified, &u.last_sync) == Some(true) || u.scope != "GROUP" {
        "drift.edited_in_loopio"
    } else {
        "drift.group_priority"
    }
}

fn decide<'a>(
    u: &OktaUser,
    index: &Index<'a>,
    failures: &[&LogEvent],
    app_auth: Option<&LogEvent>,
    inputs: &Inputs,
    linked_ids: &HashSet<&str>,
) -> Decided<'a> {
    let linked = (!u.external_id.is_empty())
        .then(|| index.by_id.get(u.external_id.as_str()).copied())
        .flatten();
    let pair = linked
        .is_none()
        .then(|| index.by_name.get(&u.user_name.to_lowercase()).copied())
        .flatten()
        .filter(|l| !linked_ids.contains(l.id.as_str()));
    let pair_detail = pair.map(|l| format!("Loopio has {} (id {}, {}), with the same userName but not linked to this Okta user.", l.user_name, l.id, if l.active { "active" } else { "inactive" })).unwrap_or_default();
    let failed = u.sync_state == "ERROR" || !counting(u, failures).is_empty();
    if failed {
        let cause = push_cause(&counting(u, failures), app_auth, pair.is_some());
        return Decided {
            detail: pair_detail,
            ..decided("user.push_failed", cause, linked.or(pair))
        };
    }
    if u.external_id.is_empty() {
        let cause = match (inputs.context.create_users, pair) {
            (Some(false), _) => "push.create_users_off",
            (_, Some(_)) => "push.conflict",
            _ => "push.not_attempted",
        };
        return Decided {
            detail: pair_detail,
            ..decided("user.not_pushed", cause, pair)
        };
    }
    let Some(l) = linked else {
        if !inputs.loopio_read || !inputs.loopio_complete {
            return decided("user.unchecked", "drift.loopio_unread", None);
        }
        let detail = format!(
            "Okta links this user to Loopio id {}, which Loopio does not have.",
            u.external_id
        );
        return Decided {
            detail,
            ..decided("user.missing_in_loopio", "drift.deleted_in_loopio", None)
        };
    };
    if !l.active {
        return decided(
            "user.inactive_in_loopio",
            "drift.deactivated_in_loopio",
            Some(l),
        );
    }
    if !u.user_name.eq_ignore_ascii_case(&l.user_name) {
        let detail = format!("Okta sends {}; Loopio has {}.", u.user_name, l.user_name);
        return Decided {
            detail,
            ..decided("user.username_differs", "drift.username", Some(l))
        };
    }
    if roles_differ(&u.roles, &l.roles) {
        let detail = format!("Okta's roles: {:?}; Loopio's: {:?}.", u.roles, l.roles);
        return Decided {
            detail,
            ..decided("user.roles_differ", roles_cause(u, l, inputs), Some(l))
        };
    }
    Decided {
        state: "user.in_sync",
        cause: None,
        loopio: Some(l),
        detail: String::new(),
    }
}

fn result(
    state: &'static str,
    cause: Option<&'static str>,
    login: String,
    okta: Option<&OktaUser>,
    loopio: Option<&LoopioUser>,
    app: &str,
) -> UserResult {
    let remedy = cause.map(|c| remedy(c, app));
    UserResult {
        state: state.into(),
        status: status_of(state),
        login,
        okta_user_id: okta.map(|u| u.id.clone()).filter(|id| !id.is_empty()),
        loopio_id: loopio.map(|l| l.id.clone()),
        okta: okta.cloned(),
        loopio: loopio.cloned(),
        cause: cause.map(str::to_string),
        remedy: remedy.as_ref().map(|r| r.text.clone()).unwrap_or_default(),
        location: remedy.map(|r| r.location).unwrap_or_default(),
        detail: String::new(),
        events: Vec::new(),
    }
}

fn login_of(u: &OktaUser) -> String {
    if u.login.is_empty() {
        u.user_name.clone()
    } else {
        u.login.clone()
    }
}

/// Whether `--user` asked for this login (any letter case) or this Okta user.
fn asked_for(only: &[LookedUp], logins: &[&str], okta_id: Option<&str>) -> bool {
    only.is_empty()
        || only.iter().any(|p| {
            okta_id.is_some_and(|id| p.okta_user_id.as_deref() == Some(id))
                || logins.iter().any(|l| {
                    !l.is_empty()
                        && (l.eq_ignore_ascii_case(&p.asked)
                            || p.login
                                .as_deref()
                                .is_some_and(|x| x.eq_ignore_ascii_case(l)))
                })
        })
}

/// Every Okta app user's result (each Okta user once), and the Loopio ids they link to.
fn okta_results<'a>(inputs: &'a Inputs, index: &Index<'a>) -> (Vec<UserResult>, HashSet<&'a str>) {
    let events = Events::new(&inputs.events);
    let linked_ids: HashSet<&str> = inputs
        .okta
        .iter()
        .filter(|u| index.by_id.contains_key(u.external_id.as_str()))
        .map(|u| u.external_id.as_str())
        .collect();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for u in &inputs.okta {
        if !seen.insert(u.id.as_str())
            || !asked_for(&inputs.only, &[&u.login, &u.user_name], Some(&u.id))
        {
            continue;
        }
        let failures = events.of(u);
        let d = decide(u, index, &failures, events.app_auth, inputs, &linked_ids);
        let mut r = result(
            d.state,
            d.cause,
            login_of(u),
            Some(u),
            d.loopio,
            &inputs.context.app_label,
        );
        r.detail = d.detail;
        r.events = failures.into_iter().cloned().collect();
        if r.events.is_empty() && d.state == "user.push_failed" {
            r.events.extend(events.app_auth.cloned());
        }
        out.push(r);
    }
    (out, linked_ids)
}

/// Active Loopio users no Okta app user links to.
fn unmanaged(inputs: &Inputs, linked: &HashSet<&str>) -> Vec<UserResult> {
    if !inputs.okta_read {
        // The Loopio side alone is still a useful list.
        let app = &inputs.context.app_label;
        return inputs
            .loopio
            .iter()
            .map(|l| {
                let mut r = result(
                    "user.unchecked",
                    None,
                    l.user_name.clone(),
                    None,
                    Some(l),
                    app,
                );
                r.detail = "Okta's side could not be read: this is Loopio's side only.".into();
                r
            })
            .collect();
    }
    let okta_names: HashMap<String, &OktaUser> = inputs
        .okta
        .iter()
        .map(|u| (u.user_name.to_lowercase(), u))
        .collect();
    inputs
        .loopio
        .iter()
        .filter(|l| l.active && !linked.contains(l.id.as_str()))
        .filter(|l| asked_for(&inputs.only, &[&l.user_name], None))
        .map(|l| {
            let mut r = result("user.unmanaged", Some("drift.unmanaged"), l.user_name.clone(), None, Some(l), &inputs.context.app_label);
            if let Some(u) = okta_names.get(&l.user_name.to_lowercase()) {
                r.detail = format!("Okta's app user {} has the same userName but is not linked to this Loopio user: Import in Okta and confirm the match.", login_of(u));
            }
            r
        })
        .collect()
}

/// `--user` people Okta has but the app does not: `not_assigned`, naming their groups.
fn not_assigned(
    inputs: &Inputs,
    index: &Index<'_>,
    problems: &mut Vec<ReadProblem>,
) -> Vec<UserResult> {
    let assigned: HashSet<&str> = inputs.okta.iter().map(|u| u.id.as_str()).collect();
    let mut out = Vec::new();
    for p in &inputs.only {
        let Some(id) = p.okta_user_id.as_deref() else {
            if !index.by_name.contains_key(&p.asked.to_lowercase()) {
                problems.push(ReadProblem {
                    code: "reconcile.user_unknown".into(),
                    part: "lookup".into(),
                    status: Status::Warn,
                    title: format!("Nobody is {} in Okta or Loopio", p.asked),
                    detail: "Okta has no user with this login or email, and Loopio no user with this userName.".into(),
                    remedy: "Check the spelling: give the Okta login or the email.".into(),
                });
            }
            continue;
        };
        if assigned.contains(id) {
            continue;
        }
        let login = p.login.clone().unwrap_or_else(|| p.asked.clone());
        let okta = OktaUser {
            id: id.into(),
            login: login.clone(),
            groups: p.groups.clone(),
            ..Default::default()
        };
        let loopio = index.by_name.get(&login.to_lowercase()).copied();
        let mut r = result(
            "user.not_assigned",
            Some("drift.not_assigned"),
            login,
            Some(&okta),
            loopio,
            &inputs.context.app_label,
        );
        let missing: Vec<&str> = inputs
            .context
            .assigned_groups
            .iter()
            .filter(|g| !p.groups.contains(g))
            .map(String::as_str)
            .collect();
        r.detail = format!(
            "Their groups: {}. Groups assigned to the app they are not in: {}.",
            list(&p.groups),
            list(&missing)
        );
        out.push(r);
    }
    out
}

fn list<S: AsRef<str>>(items: &[S]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The failing and warned users by cause, the worst and largest group first.
fn cause_groups(users: &[UserResult]) -> Vec<CauseGroup> {
    let mut groups: BTreeMap<&str, CauseGroup> = BTreeMap::new();
    for u in users
        .iter()
        .filter(|u| matches!(u.status, Status::Fail | Status::Warn))
    {
        let Some(cause) = u.cause.as_deref() else {
            continue;
        };
        let g = groups.entry(cause).or_insert_with(|| CauseGroup {
            cause: cause.into(),
            title: cause_title(cause),
            status: u.status,
            count: 0,
            remedy: u.remedy.clone(),
            location: u.location.clone(),
            logins: Vec::new(),
        });
        g.count += 1;
        g.status = g.status.max(u.status);
        g.logins.push(u.login.clone());
    }
    let mut out: Vec<CauseGroup> = groups.into_values().collect();
    out.sort_by(|a, b| {
        b.status
            .cmp(&a.status)
            .then(b.count.cmp(&a.count))
            .then(a.cause.cmp(&b.cause))
    });
    out
}

/// Links what was read and gives every user one state. `problems` are the parts that could not be
/// read; `truncated` says not everything was.
pub fn reconcile(
    inputs: &Inputs,
    mut problems: Vec<ReadProblem>,
    truncated: bool,
    elapsed_ms: u64,
) -> Reconciliation {
    let index = Index::new(&inputs.loopio);
    let (mut users, linked) = okta_results(inputs, &index);
    users.extend(unmanaged(inputs, &linked));
    users.extend(not_assigned(inputs, &index, &mut problems));
    users.sort_by(|a, b| {
        b.status
            .cmp(&a.status)
            .then_with(|| a.login.to_lowercase().cmp(&b.login.to_lowercase()))
    });
    let mut counts: BTreeMap<String, u64> = STATES.iter().map(|s| (s.to_string(), 0)).collect();
    for u in &users {
        *counts.entry(u.state.clone()).or_default() += 1;
    }
    let verdict = Status::verdict(
        users
            .iter()
            .map(|u| u.status)
            .chain(problems.iter().map(|p| p.status)),
    );
    Reconciliation {
        verdict,
        counts,
        causes: cause_groups(&users),
        users,
        truncated,
        elapsed_ms,
        problems,
    }
}

/// A cause's meaning from the code table, with a capital first letter, for a heading.
fn cause_title(cause: &str) -> String {
    let meaning = crate::codes::find(cause)
        .map(|c| c.meaning)
        .unwrap_or(cause);
    let mut chars = meaning.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
