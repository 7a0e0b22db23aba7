//! The window's plan, apply and undo against the practice Okta.

use std::sync::Mutex;

use super::*;
use crate::findings::Status;

fn check(without_app: bool) -> OktaCheckRequest {
    OktaCheckRequest {
        practice_without_app: without_app,
        ..crate::app::okta::check_request(true)
    }
}

async fn org(state: &PracticeState) -> String {
    let url = crate::app::connection::practice_okta(state)
        .await
        .unwrap()
        .url();
    crate::okta::OktaOrg::parse(&url)
        .unwrap()
        .origin()
        .to_string()
}

fn undo_request(confirmed: Option<Vec<Request>>, org: String) -> OktaUndoRequest {
    OktaUndoRequest {
        check: check(true),
        confirmed_undo: confirmed,
        confirmed_org: org,
    }
}

async fn change(
    state: &PracticeState,
    plan: Option<Vec<Request>>,
    saved: &Progress,
) -> (OktaChangeOutcome, Vec<WriteResult>) {
    let streamed = Mutex::new(Vec::new());
    let request = OktaChangeRequest {
        check: check(true),
        confirmed_org: if plan.is_some() {
            org(state).await
        } else {
            String::new()
        },
        confirmed_plan: plan,
    };
    let out = run(state, request, Some(saved), &|r| {
        streamed.lock().unwrap().push(r.clone())
    })
    .await
    .unwrap();
    (out, streamed.into_inner().unwrap())
}

#[tokio::test]
async fn the_window_creates_the_app_then_adds_roles_only_as_confirmed_and_can_undo() {
    let state = PracticeState::default();
    let mut saved = Progress::default();
    saved.okta_changes = create_the_app_as_confirmed(&state, &saved).await;
    saved.okta_changes = add_the_roles_as_confirmed(&state, &saved).await;
    undo_the_last_change_as_confirmed(&state, &saved).await;
}

/// A plan sends nothing, a plan other than Okta's is refused, the plan as shown creates the app:
/// the history after it.
async fn create_the_app_as_confirmed(
    state: &PracticeState,
    saved: &Progress,
) -> Vec<SavedOktaChange> {
    // A plan sends nothing; the app is to be created.
    let (planned, streamed) = change(state, None, saved).await;
    assert!(
        planned.app_id.is_none() && streamed.is_empty(),
        "{:?}",
        planned.problem
    );
    assert_eq!(planned.plan.len(), 1);
    assert_eq!(planned.plan[0].method, "POST");
    let practice = crate::app::connection::practice_okta(state).await.unwrap();
    assert!(practice.writes().is_empty(), "a plan writes nothing");
    // A confirmed plan that is not Okta's plan now is refused without a write.
    let mut other = planned.plan.clone();
    other[0].why = "something else".into();
    let (refused, _) = change(state, Some(other), saved).await;
    assert_eq!(refused.problem.unwrap().code, "okta.apply.plan_changed");
    assert!(practice.writes().is_empty());
    // The plan as shown: sent, each answer streamed, the change kept with its undo.
    let (applied, streamed) = change(state, Some(planned.plan.clone()), saved).await;
    assert!(applied.applied, "{:?}", applied.problem);
    assert_eq!(streamed, applied.results);
    let history = applied.okta_changes.clone().unwrap();
    assert_eq!(history.len(), 1);
    assert!(!history[0].undo.is_empty());
    assert!(applied
        .pending_manual
        .iter()
        .any(|m| m.step == "general.enable_scim"));
    // The practice Okta does the switches for the admin, not the Integration tab.
    assert!(applied
        .practice_steps
        .contains(&"general.enable_scim".to_string()));
    assert!(!applied
        .practice_steps
        .contains(&"scim.base_url".to_string()));
    history
}

/// The admin's clicks done in the practice Okta, then the roles planned and applied as
/// confirmed, and the read-back passes: the history after it.
async fn add_the_roles_as_confirmed(
    state: &PracticeState,
    saved: &Progress,
) -> Vec<SavedOktaChange> {
    let practice = crate::app::connection::practice_okta(state).await.unwrap();
    // The check after it keeps the created app (the practice is not reset).
    let read = crate::app::okta::run(state, check(true), None)
        .await
        .unwrap();
    assert_ne!(read.record.app_id, "");
    // The admin's clicks, done in the practice Okta; then the roles are planned and applied.
    for step in [
        "general.enable_scim",
        "to_app.create_users",
        "to_app.update_user_attributes",
    ] {
        let switch = practice_okta::ConsoleSwitch::for_step(step).unwrap();
        practice.console(None, switch, true).unwrap();
    }
    let (roles, _) = change(state, None, saved).await;
    assert!(roles.plan.len() >= 2, "{:#?}", roles.plan);
    let (done, _) = change(state, Some(roles.plan), saved).await;
    assert!(done.applied, "{:?}", done.problem);
    let history = done.okta_changes.unwrap();
    let read = crate::app::okta::run(state, check(true), None)
        .await
        .unwrap();
    assert_ne!(
        read.record.verdict,
        Status::Fail,
        "{:#?}",
        read.record.findings
    );
    // Applying again plans nothing; undo restores what the last change did.
    let mut after = saved.clone();
    after.okta_changes = history.clone();
    let (again, _) = change(state, None, &after).await;
    assert!(again.plan.is_empty(), "{:#?}", again.plan);
    history
}

/// The undo: shown first (nothing sent), then sent only as confirmed, each answer streamed.
async fn undo_the_last_change_as_confirmed(state: &PracticeState, saved: &Progress) {
    let practice = crate::app::connection::practice_okta(state).await.unwrap();
    // Undo: first shown (nothing sent), then sent only as confirmed, each answer streamed.
    let writes = practice.writes().len();
    let shown = undo(state, undo_request(None, String::new()), saved, &|_| {})
        .await
        .unwrap();
    assert!(!shown.plan.is_empty() && shown.results.is_empty());
    assert_eq!(
        practice.writes().len(),
        writes,
        "showing the undo sends nothing"
    );
    let streamed = Mutex::new(Vec::new());
    let request = undo_request(Some(shown.plan.clone()), shown.org.clone());
    let undone = undo(state, request, saved, &|r| {
        streamed.lock().unwrap().push(r.clone())
    })
    .await
    .unwrap();
    assert!(undone.applied, "{:#?}", undone.results);
    assert_eq!(streamed.into_inner().unwrap(), undone.results);
    let history = undone.okta_changes.unwrap();
    assert_eq!(history.len(), 3);
    assert!(history[1].undone && history[2].is_undo);
    // The roles change is undone; the app's creation is the next to undo.
    assert_eq!(okta_apply::undoable(&history), Some(0));
}

#[tokio::test]
async fn a_plan_confirmed_for_another_org_sends_nothing() {
    let state = PracticeState::default();
    let saved = Progress::default();
    let (planned, _) = change(&state, None, &saved).await;
    let request = OktaChangeRequest {
        check: check(true),
        confirmed_plan: Some(planned.plan),
        confirmed_org: "https://acme.okta.com".into(),
    };
    let err = run(&state, request, Some(&saved), &|_| {})
        .await
        .err()
        .unwrap();
    assert_eq!(err.code, "okta.apply.org_changed");
    let practice = crate::app::connection::practice_okta(&state).await.unwrap();
    assert!(practice.writes().is_empty());
}

/// A change on `org` with one undo request (restoring app 0oa1), not undone yet.
fn undoable_change(org: &str, practice: bool) -> SavedOktaChange {
    SavedOktaChange {
        at_unix: 1,
        org: org.into(),
        practice,
        app_id: "0oa1".into(),
        app_label: "Loopio".into(),
        applied: true,
        results: Vec::new(),
        not_sent: Vec::new(),
        undo: vec![Request {
            method: "PUT".into(),
            path: "/api/v1/apps/0oa1".into(),
            body: None,
            why: "restore".into(),
        }],
        pending_manual: Vec::new(),
        error: None,
        is_undo: false,
        undone: false,
    }
}

#[tokio::test]
async fn undo_needs_a_change_and_the_org_it_was_made_on() {
    let state = PracticeState::default();
    let err = undo(
        &state,
        undo_request(None, String::new()),
        &Progress::default(),
        &|_| {},
    )
    .await
    .err()
    .unwrap();
    assert_eq!(err.code, "okta.undo.nothing");
    let mut saved = Progress::default();
    saved
        .okta_changes
        .push(undoable_change("https://acme.okta.com", false));
    let err = undo(&state, undo_request(None, String::new()), &saved, &|_| {})
        .await
        .err()
        .unwrap();
    assert_eq!(err.code, "okta.undo.other_org");
    // An undo list changed in the saved file is refused before anything is sent.
    saved.okta_changes[0].practice = true;
    saved.okta_changes[0].undo[0].path = "/api/v1/users/00u1".into();
    let err = undo(&state, undo_request(None, String::new()), &saved, &|_| {})
        .await
        .err()
        .unwrap();
    assert_eq!(err.code, "okta.undo.changed");
}

#[tokio::test]
async fn a_practice_plan_says_at_its_top_that_it_uses_the_practice_okta_s_example_groups() {
    let state = PracticeState::default();
    let saved = Progress {
        roles_plan: RolesPlan::SameForAll {
            role: "Admin".into(),
        },
        ..Progress::default()
    };
    let (planned, _) = change(&state, None, &saved).await;
    let note = planned.roles_note.unwrap_or_default();
    for name in practice_okta::PRACTICE_GROUPS.iter().chain(&PRACTICE_ROLES) {
        assert!(note.contains(name), "{name} in {note}");
    }
    assert!(note.contains("not the roles plan you made"), "{note}");
}

#[tokio::test]
async fn a_change_on_a_practice_okta_that_no_longer_exists_is_not_sent_and_leaves_the_list() {
    let state = PracticeState::default();
    let mut saved = Progress::default();
    // The practice Okta of an earlier run of the assistant: another port.
    saved
        .okta_changes
        .push(undoable_change("http://127.0.0.1:1", true));
    let sent = Mutex::new(0);
    let out = undo(&state, undo_request(None, String::new()), &saved, &|_| {
        *sent.lock().unwrap() += 1
    })
    .await
    .unwrap();
    assert_eq!(*sent.lock().unwrap(), 0);
    assert!(out.plan.is_empty());
    let problem = out.problem.unwrap();
    assert_eq!(problem.code, "okta.undo.practice_reset");
    assert!(
        problem.message.contains("http://127.0.0.1:1"),
        "{}",
        problem.message
    );
    let history = out.okta_changes.unwrap();
    assert!(okta_apply::undoable(&history).is_none(), "{history:?}");
}
