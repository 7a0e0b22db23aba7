//! Every body `apply` sends, and proof that an off-shape fixture or body is reported.

use super::*;

pub(crate) fn wanted(label: &str, roles: Option<RolesPlan>) -> Wanted {
    Wanted {
        domain: InstanceDomain::parse(DOMAIN).unwrap(),
        environment: Environment::Production,
        label: label.into(),
        roles,
        known_roles: ROLES.iter().map(|r| r.to_string()).collect(),
        seen_roles: ROLES.iter().map(|r| r.to_string()).collect(),
    }
}

pub(crate) fn per_group(rows: &[(&str, &str)]) -> Option<RolesPlan> {
    Some(RolesPlan::PerGroup {
        groups: rows
            .iter()
            .map(|(g, r)| GroupRole {
                group: g.to_string(),
                role: r.to_string(),
            })
            .collect(),
    })
}

/// Runs `apply` (and its undo) against a fake started with `data`; the fake afterwards.
pub(crate) async fn apply_then_undo(
    data: OrgData,
    label: &str,
    wanted: &Wanted,
) -> fake_okta::FakeOkta {
    let fake = fake_okta::start(data).await;
    let target = okta::target(&OktaOrg::parse(&fake.url).unwrap(), &[], None, None).unwrap();
    let secret = okta::token_from_pasted(TOKEN).unwrap().0;
    let selector = AppSelector::label(label).unwrap();
    let report = apply::apply(&target, &secret, &selector, wanted, true).await;
    assert!(report.applied && report.error.is_none(), "{report:#?}");
    let undone = apply::undo(&target, &secret, &report.undo).await;
    assert!(undone.iter().all(|r| r.okta_error.is_none()), "{undone:?}");
    fake
}

/// Each body `apply` and its undo send (the fake logs every write it accepts) is checked against
/// the request body schema of its operation in the document; and every request `apply` makes is
/// an operation whose answers `every_response_the_fake_serves_is_an_okta_shape` checks.
#[tokio::test]
async fn every_body_apply_sends_is_an_okta_request_shape() {
    let spec = spec();
    let mut checked = Checked::default();
    for fake in &apply_every_kind().await {
        checked.writes(spec, fake);
        checked.requests(spec, fake);
    }
    let Checked {
        failures,
        sent,
        requested,
    } = checked;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every kind of write was exercised.
    let writes = operations(&[
        ("POST", "/api/v1/apps"),
        ("PUT", "/api/v1/apps/{appId}"),
        ("POST", "/api/v1/apps/{appId}/lifecycle/deactivate"),
        ("DELETE", "/api/v1/apps/{appId}"),
        ("POST", "/api/v1/meta/schemas/apps/{appId}/default"),
        ("PUT", "/api/v1/apps/{appId}/groups/{groupId}"),
        ("DELETE", "/api/v1/apps/{appId}/groups/{groupId}"),
        ("POST", "/api/v1/mappings/{mappingId}"),
    ]);
    assert_eq!(sent, writes);
    // Every operation apply uses has its answers checked.
    let served = operations(&SERVED);
    let unchecked: Vec<_> = requested.difference(&served).collect();
    assert!(unchecked.is_empty(), "answers never checked: {unchecked:?}");
}

/// `apply` then its undo, once for each kind of write; the fakes afterwards.
async fn apply_every_kind() -> Vec<fake_okta::FakeOkta> {
    let mut fakes = Vec::new();
    // A missing app: created, then deactivated and deleted by undo.
    fakes.push(
        apply_then_undo(
            OrgData::correct(),
            "Loopio Production",
            &wanted("Loopio Production", None),
        )
        .await,
    );
    // A wrong SAML value fixed in place, the roles attribute added, group roles changed and
    // added; then all undone.
    let mut data = OrgData::correct();
    data.app_mut()["settings"]["signOn"]["audience"] = json!("loopio");
    data.schemas.get_mut(APP_ID).unwrap()["definitions"]["custom"]["properties"] = json!({});
    let plan = per_group(&[
        ("Loopio Admins", "Contributor"),
        ("Proposal Team", "Contributor"),
        ("Sales", "Reviewer"),
    ]);
    fakes.push(apply_then_undo(data, APP_LABEL, &wanted(APP_LABEL, plan)).await);
    // The same role for everyone, through the profile mapping.
    let same = Some(RolesPlan::SameForAll {
        role: "Contributor".into(),
    });
    fakes.push(apply_then_undo(OrgData::correct(), APP_LABEL, &wanted(APP_LABEL, same)).await);
    fakes
}

/// (method, path template) pairs as owned strings.
fn operations(list: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    list.iter()
        .map(|(m, t)| (m.to_string(), t.to_string()))
        .collect()
}

/// What the fakes saw, checked against the document.
#[derive(Default)]
struct Checked {
    failures: Vec<String>,
    /// The operations of the bodies sent that have Okta's request shape.
    sent: BTreeSet<(String, String)>,
    /// The operations of every request made.
    requested: BTreeSet<(String, String)>,
}

impl Checked {
    /// Each write the fake accepted, its body against its operation's request schema.
    fn writes(&mut self, spec: &Spec, fake: &fake_okta::FakeOkta) {
        for (method, path, body) in fake.state.lock().unwrap().directory.log.clone() {
            let what = format!("{method} {path}");
            match spec.request(&method, &path) {
                Ok(Some(node)) => match spec.check_node(&node, &body, "") {
                    Ok(()) => {
                        self.sent.insert(template(spec, &method, &path).unwrap());
                    }
                    Err(v) => self
                        .failures
                        .push(format!("{what} {body}:\n{}", listed(&v))),
                },
                Ok(None) if body.is_null() => {
                    self.sent.insert(template(spec, &method, &path).unwrap());
                }
                Ok(None) => self
                    .failures
                    .push(format!("{what}: a body where none is taken: {body}")),
                Err(e) => self.failures.push(e),
            }
        }
    }

    /// Each request the fake saw, as an operation of the document.
    fn requests(&mut self, spec: &Spec, fake: &fake_okta::FakeOkta) {
        for seen in fake.requests() {
            match template(spec, &seen.method, &seen.path_and_query) {
                Some(t) => {
                    self.requested.insert(t);
                }
                None => self.failures.push(format!(
                    "{} {}: not an operation of the document",
                    seen.method, seen.path_and_query
                )),
            }
        }
    }
}

/// The failure the check exists for: a fixture with a field of the wrong type is reported, at its
/// place, whether checked directly or as the fake serves it.
#[tokio::test]
async fn a_fixture_off_okta_shape_is_reported() {
    let mut data = OrgData::correct();
    data.groups_mut()[1]["priority"] = json!("one");
    data.app_mut()["signOnMode"] = json!(42);
    data.users_mut()[0]["status"] = json!("ENROLLED_ONCE");
    data.keys.get_mut(APP_ID).unwrap()[0]["x5c"] = json!("MIID...");
    data.directory.mappings[0]["properties"] = json!("userName");
    let mut failures = Vec::new();
    for (what, schema, value) in fixtures(&data) {
        if let Err(v) = spec().check(schema, &value) {
            failures.push(format!("{what}:\n{}", listed(&v)));
        }
    }
    let all = failures.join("\n");
    for expected in [
        "group assignment 1 of 0oa1loopio2app3id4x5:\n  /priority (ApplicationGroupAssignment)",
        "app \"0oa1loopio2app3id4x5\":\n  /signOnMode (Application)",
        "app user 0 of 0oa1loopio2app3id4x5:\n  /status (AppUser)",
        "signing key 0 of 0oa1loopio2app3id4x5:\n  /x5c (JsonWebKey)",
        "profile mapping \"prm1loopio0mapping00\":\n  /properties (ProfileMapping)",
    ] {
        assert!(all.contains(expected), "{expected:?} not in:\n{all}");
    }
    assert_eq!(failures.len(), 5, "{all}");
    // Error bodies too (the fake makes them in code, not from fixtures).
    let error = json!({"errorCode": "E0000011", "errorSummary": "Invalid token provided", "errorCauses": "none"});
    let e = spec().check("Error", &error).unwrap_err();
    assert_eq!(e[0].at, "/errorCauses", "{e:?}");

    // Served: the list of apps and the app, the assignments, the users and the keys fail (the
    // mapping goes back to Okta's shape: the fake's own writes need its properties).
    data.directory.mappings = OrgData::correct().directory.mappings;
    let served = serve_everything(data).await;
    let failed: Vec<String> = served
        .iter()
        .filter_map(|s| check_served(spec(), s).err())
        .collect();
    let all = failed.join("\n");
    for expected in [
        "GET /api/v1/apps -> 200:\n  /2/signOnMode (Application)",
        &format!("GET /api/v1/apps/{APP_ID} -> 200:\n  /signOnMode (Application)"),
        "/groups?expand=group&limit=200 -> 200:\n  /1/priority (ApplicationGroupAssignment)",
        "/users?limit=200 -> 200:\n  /0/status (AppUser)",
        "/credentials/keys -> 200:\n  /0/x5c (JsonWebKey)",
    ] {
        assert!(all.contains(expected), "{expected:?} not in:\n{all}");
    }
}

/// A body with a wrong type or value is reported against the operation's request schema.
#[test]
fn a_body_off_okta_shape_is_reported() {
    let spec = spec();
    let check = |method: &str, path: &str, body: Value| {
        let node = spec.request(method, path).unwrap().expect("a request body");
        spec.check_node(&node, &body, "")
    };
    let groups = format!("/api/v1/apps/{APP_ID}/groups/{SALES}");
    let e = check("PUT", &groups, json!({"priority": "one", "profile": {}})).unwrap_err();
    assert_eq!(e[0].at, "/priority", "{e:?}");
    assert_eq!(e[0].schema, "ApplicationGroupAssignment");
    check("PUT", &groups, json!({"priority": 1, "profile": {}})).unwrap();

    let mappings = format!("/api/v1/mappings/{MAPPING_ID}");
    let e = check(
        "POST",
        &mappings,
        json!({"properties": {"roles": {"expression": "\"Admin\"", "pushStatus": "ALWAYS"}}}),
    )
    .unwrap_err();
    assert_eq!(e[0].at, "/properties/roles/pushStatus", "{e:?}");
    let e = check("POST", &mappings, json!({"expression": "\"Admin\""})).unwrap_err();
    assert!(e[0].message.contains("properties"), "{e:?}");

    let mut app = fake_okta::saml_app(APP_ID, "acmeorg_loopio_1", APP_LABEL);
    app["settings"]["signOn"]["responseSigned"] = json!("yes");
    app["credentials"]["userNameTemplate"]["pushStatus"] = json!("ALWAYS");
    let e = check("PUT", &format!("/api/v1/apps/{APP_ID}"), app).unwrap_err();
    let at: BTreeSet<&str> = e.iter().map(|v| v.at.as_str()).collect();
    assert!(
        at.contains("/settings/signOn/responseSigned")
            && at.contains("/credentials/userNameTemplate/pushStatus"),
        "{e:?}"
    );
    assert!(e.iter().all(|v| v.schema == "SamlApplication"), "{e:?}");

    let schema = format!("/api/v1/meta/schemas/apps/{APP_ID}/default");
    let body = json!({"definitions": {"custom": {"properties": {"roles": {"type": "list"}}}}});
    let e = check("POST", &schema, body).unwrap_err();
    assert_eq!(
        e[0].at, "/definitions/custom/properties/roles/type",
        "{e:?}"
    );
}
