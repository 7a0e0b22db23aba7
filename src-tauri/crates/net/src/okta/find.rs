//! Finding the app: by id, or by exact label among `GET /api/v1/apps?q=` pages (Okta's `q` is a
//! starts-with match on name or label), naming similar SAML apps when none matches exactly.

use loopio_scim_core::findings::Status;
use serde_json::Value;

use super::client::{self, OktaClient};
use super::{finding_of, text, AppSelector, OktaFinding};
use crate::http::Failure;

pub(super) fn describe(app: &Value) -> String {
    format!(
        "{} (id {}, {}, created {})",
        text(app, "label"),
        text(app, "id"),
        text(app, "signOnMode"),
        text(app, "created")
    )
}

pub(super) use crate::http::encode;

/// Finds the app: by id, or by exact label among `q=` results (Okta's `q` is a starts-with match
/// on name or label).
pub(crate) async fn find_app(
    client: &OktaClient<'_>,
    selector: &AppSelector,
) -> Result<Value, OktaFinding> {
    match selector {
        AppSelector::Id(id) => find_by_id(client, id).await,
        AppSelector::Label(label) => find_by_label(client, label).await,
    }
}

/// `GET /api/v1/apps/{id}`.
async fn find_by_id(client: &OktaClient<'_>, id: &str) -> Result<Value, OktaFinding> {
    let path = format!("/api/v1/apps/{id}");
    match client.get_json(&path, client::APPS).await {
        Ok(app) if app.is_object() => Ok(app),
        Ok(_) => Err(finding_of(client::unexpected(&path, "an app object was expected"))),
        Err(f) if f.code == "endpoint.not_found" => Err(OktaFinding::new("okta.app.not_found", Status::Fail, "No Okta app has this id")
            .has(format!("no app {id}"))
            .at("Applications > Applications")
            .detail(f.detail)
            .remedy("Open the Loopio app in Okta's admin console: its id is in the address (/admin/app/<name>/instance/<id>/). Or give the app's label instead.")),
        Err(f) => Err(finding_of(f)),
    }
}

/// `GET /api/v1/apps?q=`, every page.
async fn search(client: &OktaClient<'_>, q: &str) -> Result<(Vec<Value>, bool), Failure> {
    client
        .get_all(
            &format!("/api/v1/apps?q={}&limit=200", encode(q)),
            client::APPS,
        )
        .await
}

/// The one app labelled exactly `label`; else what is similar, looking a little wider.
async fn find_by_label(client: &OktaClient<'_>, label: &str) -> Result<Value, OktaFinding> {
    let (mut results, _) = search(client, label).await.map_err(finding_of)?;
    if let Some(app) = exact_label(&results, label).map_err(|f| *f)? {
        return Ok(app);
    }
    // Nothing exact: look a little wider for what the admin may have meant.
    if let Some(word) = label.split_whitespace().next().filter(|w| *w != label) {
        if let Ok((more, _)) = search(client, word).await {
            results.extend(more);
        }
    }
    Err(label_not_found(label, &results))
}

/// The one result labelled exactly `label` (`None` when none is; `okta.app.ambiguous` when
/// several are).
fn exact_label(results: &[Value], label: &str) -> Result<Option<Value>, Box<OktaFinding>> {
    let exact: Vec<&Value> = results
        .iter()
        .filter(|a| a.get("label").and_then(Value::as_str) == Some(label))
        .collect();
    match exact.len() {
        1 => Ok(Some(exact[0].clone())),
        0 => Ok(None),
        _ => {
            let list: Vec<String> = exact.iter().map(|a| describe(a)).collect();
            Err(Box::new(OktaFinding::new("okta.app.ambiguous", Status::Fail, "Several Okta apps have this label")
                .has(list.join("; "))
                .at("Applications > Applications")
                .detail(format!("{} apps are labelled {label:?}: {}.", exact.len(), list.join("; ")))
                .remedy("Give the id of the one you mean (it is in the app's address in the admin console), or rename the others.")))
        }
    }
}

/// `okta.app.not_found` for a label, naming up to ten similar SAML apps among `results`.
fn label_not_found(label: &str, results: &[Value]) -> OktaFinding {
    let mut similar: Vec<String> = results
        .iter()
        .filter(|a| a.get("signOnMode").and_then(Value::as_str) == Some("SAML_2_0"))
        .map(describe)
        .collect();
    similar.sort();
    similar.dedup();
    similar.truncate(10);
    let detail = if similar.is_empty() {
        format!(
            "No app is labelled exactly {label:?}, and no SAML app's label or name starts with it."
        )
    } else {
        format!(
            "No app is labelled exactly {label:?} (the label is compared exactly, case included). Similar SAML apps: {}.",
            similar.join("; ")
        )
    };
    OktaFinding::new("okta.app.not_found", Status::Fail, "No Okta app has this label")
        .has(if similar.is_empty() { "(none)".into() } else { similar.join("; ") })
        .expected(label)
        .at("Applications > Applications")
        .detail(detail)
        .remedy("Give the app's label exactly as Okta's Applications list shows it, or its id (it is in the app's address in the admin console). If the app does not exist yet, create it as the wizard's steps say, or let the assistant create it after showing you the plan.")
}
