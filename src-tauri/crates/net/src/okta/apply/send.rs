//! Sends a confirmed plan in order. Each answer is recorded (what, when, Okta's answer) with the
//! request that undoes it; the first failure stops the run and says what was done and what was
//! not. After changing the app, the app is read back: if `features` changed (provisioning
//! dropped by the PUT), the run stops with a clear error.

use loopio_scim_core::secret::Secret;
use reqwest::Method;
use serde_json::{json, Value};

use super::plan::{manual_steps, set, Kind, Plan, Step};
use super::state::{features_of, OktaState};
use super::{ApplyError, ApplyReport, Request, Wanted, WriteResult};
use crate::http;
use crate::okta::client::writes::{
    WriteFailure, Written, APPS_MANAGE, MAPPINGS_MANAGE, SCHEMAS_MANAGE,
};
use crate::okta::client::{self, Need, OktaClient};
use crate::okta::summary_of;

pub(crate) fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The scope a write needs, to name it on a 403.
fn need_of(path: &str) -> Need {
    if path.starts_with("/api/v1/meta/schemas/") {
        SCHEMAS_MANAGE
    } else if path.starts_with("/api/v1/mappings") {
        MAPPINGS_MANAGE
    } else {
        APPS_MANAGE
    }
}

async fn send(client: &OktaClient<'_>, request: &Request) -> Result<Written, WriteFailure> {
    let method = Method::from_bytes(request.method.as_bytes()).unwrap_or(Method::POST);
    client
        .write(
            method,
            &request.path,
            request.body.as_ref(),
            need_of(&request.path),
        )
        .await
}

fn result(request: &Request, outcome: &Result<Written, WriteFailure>) -> WriteResult {
    let (status, okta_error) = match outcome {
        Ok(w) => (Some(w.status), None),
        Err(e) => (
            e.status,
            Some(
                e.okta_error
                    .clone()
                    .unwrap_or_else(|| format!("{}: {}", e.failure.code, e.failure.title)),
            ),
        ),
    };
    WriteResult {
        method: request.method.clone(),
        path: request.path.clone(),
        status,
        okta_error,
        why: request.why.clone(),
        at: now(),
    }
}

fn list(requests: &[Request]) -> String {
    if requests.is_empty() {
        return "none".into();
    }
    requests
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Sends the plan's writes in order into `report`.
pub(crate) async fn run(
    client: &OktaClient<'_>,
    state: &OktaState,
    plan: Plan,
    wanted: &Wanted,
    report: &mut ApplyReport,
    on_result: &(dyn Fn(&WriteResult) + Sync),
) {
    report.not_sent.clear();
    let mut undo: Vec<Vec<Request>> = Vec::new();
    let mut done: Vec<Request> = Vec::new();
    for (i, step) in plan.steps.iter().enumerate() {
        let outcome = send(client, &step.request).await;
        let answered = result(&step.request, &outcome);
        on_result(&answered);
        report.results.push(answered);
        let stop = match outcome {
            Ok(written) => {
                undo.push(undo_for(step, &written));
                done.push(step.request.clone());
                after_write(client, state, step, &written, wanted, report).await
            }
            Err(e) => Some(ApplyError::from(&e.failure)),
        };
        if let Some(mut error) = stop {
            let rest: Vec<Request> = plan.steps[i + 1..]
                .iter()
                .map(|s| s.request.clone())
                .collect();
            error.message = format!(
                "{} Done: {}. Not sent: {}. Apply again once this is fixed: it continues from what Okta then has.",
                error.message,
                list(&done),
                list(&rest)
            );
            report.not_sent = rest;
            report.error = Some(error);
            break;
        }
    }
    report.undo = undo.into_iter().rev().flatten().collect();
    report.applied = report.error.is_none();
}

/// What follows a successful write: the created app's summary and manual steps, or the
/// read-back of a changed app's `features`.
async fn after_write(
    client: &OktaClient<'_>,
    state: &OktaState,
    step: &Step,
    written: &Written,
    wanted: &Wanted,
    report: &mut ApplyReport,
) -> Option<ApplyError> {
    match &step.kind {
        Kind::CreateApp => {
            report.app = Some(summary_of(&written.json));
            let created = OktaState {
                app: Some(written.json.clone()),
                ..OktaState::default()
            };
            let label = report
                .app
                .as_ref()
                .map(|a| a.label.clone())
                .unwrap_or_default();
            report.pending_manual = manual_steps(&created, wanted, &label);
            None
        }
        Kind::UpdateApp { .. } => {
            let before = features_of(state.app.as_ref());
            let after = match client.get_json(&step.request.path, client::APPS).await {
                Ok(app) => features_of(Some(&app)),
                Err(f) => return Some(ApplyError::from(&f)),
            };
            (before != after).then(|| ApplyError::new(
                "okta.apply.features_changed",
                format!("After the change, Okta reports different app features: before [{}], now [{}]. The change may have reset the app's provisioning.", before.join(", "), after.join(", ")),
                "Stop and check the app in Okta: General > App Settings > Enable SCIM provisioning, and Provisioning > Integration and To App. Re-enable what was lost; the undo list restores the SAML values.",
            ))
        }
        _ => None,
    }
}

fn request(method: &str, path: String, body: Option<Value>, why: &str) -> Request {
    Request {
        method: method.into(),
        path,
        body,
        why: why.into(),
    }
}

/// Deactivate, then delete: Okta deletes only inactive apps.
fn undo_create(written: &Written) -> Vec<Request> {
    let Some(id) = written
        .json
        .get("id")
        .and_then(Value::as_str)
        .filter(|id| super::state::safe_id(id))
    else {
        // Okta's answer names no usable id: no undo can be written for it.
        return Vec::new();
    };
    vec![
        request(
            "POST",
            format!("/api/v1/apps/{id}/lifecycle/deactivate"),
            None,
            "Deactivate the app the assistant created (Okta deletes only inactive apps).",
        ),
        request(
            "DELETE",
            format!("/api/v1/apps/{id}"),
            None,
            "Delete the app the assistant created.",
        ),
    ]
}

/// The object Okta returned after the change, with the changed fields put back.
fn undo_update(step: &Step, written: &Written, previous: &[(String, Value)]) -> Request {
    let mut body = if written.json.is_object() {
        written.json.clone()
    } else {
        step.request.body.clone().unwrap_or_default()
    };
    for (pointer, old) in previous {
        set(&mut body, pointer, old.clone());
    }
    request(
        "PUT",
        step.request.path.clone(),
        Some(body),
        "Restore the SAML values the app had, in the object Okta returned.",
    )
}

/// The requests that undo one successful write, in the order to send them.
fn undo_for(step: &Step, written: &Written) -> Vec<Request> {
    let path = step.request.path.clone();
    match &step.kind {
        Kind::CreateApp => undo_create(written),
        Kind::UpdateApp { previous } => vec![undo_update(step, written, previous)],
        Kind::Schema { variable, previous } => {
            let body = json!({"definitions": {"custom": {"id": "#custom", "type": "object", "properties": {variable.clone(): previous.clone().unwrap_or(Value::Null)}}}});
            let why = if previous.is_some() {
                "Restore the roles attribute as it was."
            } else {
                "Remove the roles attribute the assistant added."
            };
            vec![request("POST", path, Some(body), why)]
        }
        Kind::Group {
            previous: Some(previous),
        } => {
            vec![request(
                "PUT",
                path,
                Some(previous.clone()),
                "Restore the group's previous priority and role.",
            )]
        }
        Kind::Group { previous: None } => {
            vec![request(
                "DELETE",
                path,
                None,
                "Remove the group assignment the assistant added.",
            )]
        }
        Kind::Mapping { variable, previous } => {
            let old = previous
                .clone()
                .unwrap_or_else(|| json!({"expression": null, "pushStatus": null}));
            vec![request(
                "POST",
                path,
                Some(json!({"properties": {variable.clone(): old}})),
                "Restore the roles mapping as it was.",
            )]
        }
    }
}

/// Sends undo requests in order, stopping at the first failure.
pub(crate) async fn undo(
    client: &OktaClient<'_>,
    steps: &[Request],
    on_result: &(dyn Fn(&WriteResult) + Sync),
) -> Vec<WriteResult> {
    let mut results = Vec::new();
    for step in steps {
        let outcome = send(client, step).await;
        let failed = outcome.is_err();
        let answered = result(step, &outcome);
        on_result(&answered);
        results.push(answered);
        if failed {
            break;
        }
    }
    results
}

fn redact_value(value: &mut Value, secret: &Secret) {
    match value {
        Value::String(s) => *s = http::redact(s, Some(secret)),
        Value::Array(items) => items.iter_mut().for_each(|v| redact_value(v, secret)),
        Value::Object(map) => map.values_mut().for_each(|v| redact_value(v, secret)),
        _ => {}
    }
}

/// Every text of the report with the token replaced, should it ever appear.
pub(crate) fn redacted(mut report: ApplyReport, secret: &Secret) -> ApplyReport {
    let r = |s: &mut String| *s = http::redact(s, Some(secret));
    for list in [&mut report.plan, &mut report.not_sent, &mut report.undo] {
        for request in list.iter_mut() {
            redact_request(request, secret);
        }
    }
    for result in &mut report.results {
        redact_result(result, secret);
    }
    if let Some(e) = &mut report.error {
        r(&mut e.message);
        r(&mut e.remedy);
    }
    report.warnings.iter_mut().for_each(r);
    report
}

/// A request as it is shown: the token in none of its texts.
pub(crate) fn redact_request(request: &mut Request, secret: &Secret) {
    let r = |s: &mut String| *s = http::redact(s, Some(secret));
    r(&mut request.why);
    r(&mut request.path);
    if let Some(body) = &mut request.body {
        redact_value(body, secret);
    }
}

/// A write's answer as it is shown: the token in none of its texts.
pub(crate) fn redact_result(result: &mut WriteResult, secret: &Secret) {
    result.path = http::redact(&result.path, Some(secret));
    if let Some(e) = &mut result.okta_error {
        *e = http::redact(e, Some(secret));
    }
}
