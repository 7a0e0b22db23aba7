//! What Okta has now, read with GETs only: the app object exactly as Okta returned it (the
//! starting point of any change), its user schema and group assignments, the roles plan's groups
//! by name, and the Okta user to app user profile mapping.

use loopio_scim_core::setup::roles::RolesPlan;
use serde_json::Value;

use super::{ApplyError, Wanted};
use crate::okta::client::{self, OktaClient, GROUPS_READ};
use crate::okta::{encode, find_app, summary_of, AppSelector, AppSummary};

/// Okta's feature for General > Enable SCIM provisioning.
pub const SCIM_PROVISIONING: &str = "SCIM_PROVISIONING";

/// A group of the roles plan, found by its exact name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedGroup {
    pub name: String,
    pub id: String,
}

/// The state a plan is built from.
#[derive(Debug, Clone, Default)]
pub struct OktaState {
    /// `None`: no app with the label yet (it will be created).
    pub app: Option<Value>,
    pub schema: Option<Value>,
    pub assignments: Vec<Value>,
    pub groups: Vec<ResolvedGroup>,
    /// The Okta user to app user mapping (`ProfileMapping`), for "same value for all users".
    pub mapping: Option<Value>,
}

impl OktaState {
    pub fn summary(&self) -> Option<AppSummary> {
        self.app.as_ref().map(summary_of)
    }

    pub fn features(&self) -> Vec<String> {
        features_of(self.app.as_ref())
    }

    pub fn provisioning_on(&self) -> bool {
        self.features().iter().any(|f| f == SCIM_PROVISIONING)
    }

    pub fn app_id(&self) -> Option<String> {
        let id = self.app.as_ref()?.get("id")?.as_str()?;
        safe_id(id).then(|| id.to_string())
    }
}

pub(crate) fn features_of(app: Option<&Value>) -> Vec<String> {
    let mut features: Vec<String> = app
        .and_then(|a| a.get("features"))
        .and_then(Value::as_array)
        .map(|f| {
            f.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    features.sort();
    features
}

/// Okta ids are letters and digits: safe in a path.
pub(crate) fn safe_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Reads what the plan needs; the roles' state only once SCIM provisioning is on.
pub(crate) async fn read(
    client: &OktaClient<'_>,
    selector: &AppSelector,
    wanted: &Wanted,
) -> Result<OktaState, ApplyError> {
    let app = match find_app(client, selector).await {
        Ok(app) => app,
        Err(f) if f.code == "okta.app.not_found" && matches!(selector, AppSelector::Label(_)) => {
            return Ok(OktaState::default())
        }
        Err(f) => {
            let bad = f.code == "okta.app.not_found" || f.code == "okta.app.ambiguous";
            let e = ApplyError::new(
                &f.code,
                format!("{} {}", f.title, f.detail).trim().to_string(),
                f.remedy,
            );
            return Err(if bad { e.input() } else { e });
        }
    };
    if app.get("signOnMode").and_then(Value::as_str) != Some("SAML_2_0") {
        return Err(ApplyError::new(
            "okta.app.not_saml",
            "The app is not a SAML 2.0 app: the assistant changes only SAML 2.0 apps.",
            "Give the Loopio SAML app's id or label, or a new label to create one.",
        )
        .input());
    }
    let mut state = OktaState {
        app: Some(app),
        ..OktaState::default()
    };
    let Some(id) = state.app_id() else {
        return Err(ApplyError::from(&client::unexpected(
            "/api/v1/apps",
            "the app's id is not an Okta id",
        )));
    };
    if !state.provisioning_on() || wanted.roles.is_none() {
        return Ok(state);
    }
    let get = |path: String, need| async move {
        client
            .get_json(&path, need)
            .await
            .map_err(|f| ApplyError::from(&f))
    };
    state.schema = Some(
        get(
            format!("/api/v1/meta/schemas/apps/{id}/default"),
            client::SCHEMAS,
        )
        .await?,
    );
    let (assignments, _) = client
        .get_all(
            &format!("/api/v1/apps/{id}/groups?expand=group&limit=200"),
            client::GROUP_ASSIGNMENTS,
        )
        .await
        .map_err(|f| ApplyError::from(&f))?;
    state.assignments = assignments;
    if let Some(RolesPlan::PerGroup { groups }) = &wanted.roles {
        for g in groups {
            state
                .groups
                .push(group_by_name(client, g.group.trim()).await?);
        }
    }
    // Read for both plans: "same value for all users" is written there, and a mapping
    // expression would silently override the group roles (a manual step then).
    if wanted.roles.is_some() {
        state.mapping = client
            .user_mapping(&id)
            .await
            .map_err(|f| ApplyError::from(&f))?;
    }
    Ok(state)
}

/// `GET /api/v1/groups?q=` is a starts-with search: the group with exactly this name is taken,
/// else one whose name differs only in letter case (Okta's group names are case-insensitive).
async fn group_by_name(client: &OktaClient<'_>, name: &str) -> Result<ResolvedGroup, ApplyError> {
    let (found, _) = client
        .get_all(
            &format!("/api/v1/groups?q={}&limit=200", encode(name)),
            GROUPS_READ,
        )
        .await
        .map_err(|f| ApplyError::from(&f))?;
    let name_of = |g: &Value| {
        g.pointer("/profile/name")
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let exact = found.iter().find(|g| name_of(g).as_deref() == Some(name));
    let loose = found
        .iter()
        .find(|g| name_of(g).is_some_and(|n| n.eq_ignore_ascii_case(name)));
    match exact.or(loose).and_then(|g| g.get("id")?.as_str()) {
        Some(id) if safe_id(id) => Ok(ResolvedGroup {
            name: name.to_string(),
            id: id.to_string(),
        }),
        _ => {
            let similar: Vec<String> = found.iter().filter_map(name_of).take(5).collect();
            let hint = if similar.is_empty() {
                String::new()
            } else {
                format!(" Groups starting so: {}.", similar.join(", "))
            };
            Err(ApplyError::new(
                "okta.apply.group_not_found",
                format!("Okta has no group named {name:?}.{hint}"),
                "Nothing was sent. Give the group's name exactly as Okta's Directory > Groups shows it, or create the group first.",
            )
            .input())
        }
    }
}
