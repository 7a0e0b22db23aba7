//! `okta.saml.*`: the Configure SAML screen (`settings.signOn` and
//! `credentials.userNameTemplate` of the spec's `SamlApplication`).

use loopio_scim_core::findings::Status;
use loopio_scim_core::setup::values::SP_ENTITY_ID;
use loopio_scim_core::setup::OktaValue;

use super::{
    expected_text, field, label_of, shown, str_at, url_difference, AppView, Expected, OktaFinding,
    NAME_ID_LABELS, NAME_ID_UNSPECIFIED, USERNAME_EMAIL, USERNAME_LABELS,
};

type Check = fn(&AppView<'_>, &[OktaValue], &Expected) -> OktaFinding;

/// `okta.saml.*`: one finding per Configure SAML field Loopio's guide sets.
pub fn saml(app: &AppView<'_>, expected: &Expected) -> Vec<OktaFinding> {
    let values = app.values(expected);
    let checks: [Check; 6] = [
        sso_url,
        audience,
        relay_state,
        name_id_format,
        username,
        username_update,
    ];
    checks
        .iter()
        .map(|check| check(app, &values, expected))
        .collect()
}

fn saml_where(app: &AppView<'_>, values: &[OktaValue], key: &str) -> String {
    format!(
        "{} > General > SAML Settings > Edit > Configure SAML > {}",
        app.screen(),
        field(values, key)
    )
}

fn sign_on<'a>(app: &AppView<'a>, name: &str) -> Option<&'a str> {
    str_at(app.json, &format!("/settings/signOn/{name}"))
}

/// Single sign-on URL, and Recipient/Destination when Okta was told to use others.
fn sso_url(app: &AppView<'_>, values: &[OktaValue], expected: &Expected) -> OktaFinding {
    let want = expected_text(values, "saml.sso_url");
    let acs = sign_on(app, "ssoAcsUrl");
    let mut f = OktaFinding::new("okta.saml.sso_url", Status::Pass, "Single sign-on URL")
        .expected(&want)
        .has(shown(acs))
        .at(saml_where(app, values, "saml.sso_url"));
    if acs != Some(want.as_str()) {
        f = f
            .status(Status::Fail)
            .title("The Single sign-on URL is not Loopio's")
            .detail(url_difference(acs.unwrap_or(""), &want, &expected.domain))
            .remedy(format!("Set Single sign-on URL to exactly {want} and keep \"Use this for Recipient URL and Destination URL\" ticked. Until then Loopio rejects every sign-in from Okta."));
    } else {
        let others: Vec<(&str, &str)> = [
            ("recipient", "Recipient URL"),
            ("destination", "Destination URL"),
        ]
        .into_iter()
        .filter_map(|(k, l)| {
            sign_on(app, k)
                .filter(|v| !v.is_empty() && *v != want)
                .map(|v| (l, v))
        })
        .collect();
        if others.is_empty() {
            f = f.detail("Okta posts sign-ins to Loopio's endpoint (Recipient and Destination are the same URL).");
        } else {
            let list: Vec<String> = others.iter().map(|(l, v)| format!("{l} {v}")).collect();
            f = f
                .status(Status::Fail)
                .title("Recipient or Destination URL differs from the Single sign-on URL")
                .has(list.join("; "))
                .detail("\"Use this for Recipient URL and Destination URL\" is not ticked and Okta sends a different URL: Loopio rejects the assertion.")
                .remedy(format!("Tick \"Use this for Recipient URL and Destination URL\" under the Single sign-on URL (or set both to {want})."))
                .at(format!("{} > Use this for Recipient URL and Destination URL", saml_where(app, values, "saml.sso_url")));
        }
    }
    f
}

/// Audience URI (SP Entity ID).
fn audience(app: &AppView<'_>, values: &[OktaValue], _expected: &Expected) -> OktaFinding {
    let audience = sign_on(app, "audience");
    let mut f = OktaFinding::new(
        "okta.saml.audience",
        Status::Pass,
        "Audience URI (SP Entity ID)",
    )
    .expected(SP_ENTITY_ID)
    .has(shown(audience))
    .at(saml_where(app, values, "saml.sp_entity_id"))
    .detail("Okta names Loopio's service provider as Loopio expects.");
    if audience != Some(SP_ENTITY_ID) {
        let why = match audience {
            None | Some("") => "The field is empty.".to_string(),
            Some(a) if a.trim().eq_ignore_ascii_case(SP_ENTITY_ID) => {
                "It differs only in case or spaces, but Loopio compares it exactly.".into()
            }
            Some(a) if a.starts_with("http") => {
                format!("It is a URL ({a}); Loopio's entity ID is the plain name {SP_ENTITY_ID}.")
            }
            Some(_) => "It is not Loopio's entity ID.".into(),
        };
        f = f
            .status(Status::Fail)
            .title("The Audience URI is not Loopio's")
            .detail(why)
            .remedy(format!("Set Audience URI (SP Entity ID) to exactly {SP_ENTITY_ID}. Until then Loopio rejects every sign-in from Okta."));
    }
    f
}

/// Default RelayState.
fn relay_state(app: &AppView<'_>, values: &[OktaValue], expected: &Expected) -> OktaFinding {
    let want = expected_text(values, "saml.default_relay_state");
    let relay = sign_on(app, "defaultRelayState");
    let mut f = OktaFinding::new("okta.saml.relay_state", Status::Pass, "Default RelayState")
        .expected(&want)
        .has(shown(relay))
        .at(saml_where(app, values, "saml.default_relay_state"))
        .detail("Sign-ins started from the Okta dashboard open Loopio's home page.");
    match relay {
        Some(r) if r == want => {}
        None | Some("") => {
            f = f
                .status(Status::Warn)
                .title("Default RelayState is empty")
                .detail("Sign-ins started from the Okta dashboard may not land in Loopio.")
                .remedy(format!("Set Default RelayState to {want}."));
        }
        Some(r) => {
            let same_host = url::Url::parse(r)
                .ok()
                .is_some_and(|u| u.host_str() == Some(expected.domain.host()));
            f = f
                .status(if same_host {
                    Status::Warn
                } else {
                    Status::Fail
                })
                .title("Default RelayState is not Loopio's home page")
                .detail(url_difference(r, &want, &expected.domain))
                .remedy(format!("Set Default RelayState to {want}."));
        }
    }
    f
}

/// Name ID format.
fn name_id_format(app: &AppView<'_>, values: &[OktaValue], _expected: &Expected) -> OktaFinding {
    let format = sign_on(app, "subjectNameIdFormat");
    let mut f = OktaFinding::new("okta.saml.name_id_format", Status::Pass, "Name ID format")
        .expected(label_of(&NAME_ID_LABELS, NAME_ID_UNSPECIFIED))
        .has(
            format
                .map(|v| label_of(&NAME_ID_LABELS, v))
                .unwrap_or_else(|| shown(None)),
        )
        .at(saml_where(app, values, "saml.name_id_format"))
        .detail("The format Loopio's guide asks for.");
    if format != Some(NAME_ID_UNSPECIFIED) {
        f = f
            .status(Status::Fail)
            .title("Name ID format is not Unspecified")
            .detail("Loopio's guide sets Name ID format to Unspecified.")
            .remedy("Choose Name ID format: Unspecified.");
    }
    f
}

/// Application username.
fn username(app: &AppView<'_>, values: &[OktaValue], _expected: &Expected) -> OktaFinding {
    let template = str_at(app.json, "/credentials/userNameTemplate/template");
    let mut f = OktaFinding::new("okta.saml.username", Status::Pass, "Application username")
        .expected(label_of(&USERNAME_LABELS, USERNAME_EMAIL))
        .has(
            template
                .map(|t| label_of(&USERNAME_LABELS, t))
                .unwrap_or_else(|| shown(None)),
        )
        .at(saml_where(app, values, "saml.application_username"))
        .detail("Users sign in to Loopio with their email address.");
    if template != Some(USERNAME_EMAIL) {
        let why = match template {
            Some("${source.login}") => "Okta sends the Okta username; when it is not the user's email, Loopio does not find the user (or SCIM creates a second one).",
            _ => "Loopio identifies users by email address: another value makes sign-in and SCIM disagree about who the user is.",
        };
        f = f
            .status(Status::Fail)
            .title("Application username is not Email")
            .detail(why)
            .remedy("Choose Application username: Email.");
    }
    f
}

/// Update application username on.
fn username_update(app: &AppView<'_>, values: &[OktaValue], _expected: &Expected) -> OktaFinding {
    let push = str_at(app.json, "/credentials/userNameTemplate/pushStatus");
    let mut f = OktaFinding::new(
        "okta.saml.username_update",
        Status::Pass,
        "Update application username on",
    )
    .expected("Create and update (PUSH)")
    .has(match push {
        Some("PUSH") => "Create and update (PUSH)".to_string(),
        Some("DONT_PUSH") => "Create only (DONT_PUSH)".to_string(),
        other => shown(other),
    })
    .at(saml_where(app, values, "saml.update_username_on"))
    .detail("A changed email address reaches Loopio.");
    match push {
        Some("PUSH") => {}
        Some("DONT_PUSH") => {
            f = f
                .status(Status::Fail)
                .title("The username is only set when a user is created")
                .detail("When a user's email changes in Okta, Loopio keeps the old one and the user can no longer sign in.")
                .remedy("Choose Update application username on: Create and update.");
        }
        _ => {
            f = f
                .status(Status::Warn)
                .title("Okta did not say when the username is updated")
                .detail("The app's userNameTemplate has no pushStatus.")
                .remedy("Check that Update application username on is Create and update.");
        }
    }
    f
}
