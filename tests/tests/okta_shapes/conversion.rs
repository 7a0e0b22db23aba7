//! How the OpenAPI document is read: `nullable`, `discriminator`, Okta's examples, the errata
//! and a missing document.

use super::*;

/// OpenAPI 3.0's `nullable` and `discriminator`, as the conversion reads them.
#[test]
fn nullable_and_discriminator_read_as_openapi_means_them() {
    assert_eq!(
        spec::to_json_schema(&json!({"type": "string", "format": "date-time", "nullable": true})),
        json!({"type": ["string", "null"], "format": "date-time"})
    );
    assert_eq!(
        spec::to_json_schema(&json!({"$ref": "#/components/schemas/X", "nullable": true})),
        json!({"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/X"}]})
    );
    assert_eq!(
        spec::to_json_schema(&json!({"type": "string", "enum": ["A"], "nullable": true})),
        json!({"type": ["string", "null"], "enum": ["A", null]})
    );
    let mut user = fake_okta::app_user("00u1ada000000000000", "ada@acme.example", "Admin");
    assert!(user["passwordChanged"].is_null());
    spec().check("AppUser", &user).unwrap();
    user["passwordChanged"] = json!("yesterday");
    let e = spec().check("AppUser", &user).unwrap_err();
    assert_eq!(e[0].at, "/passwordChanged", "{e:?}");

    // An inline schema (as a response may declare) resolves its references the same way.
    let inline =
        json!({"type": "object", "properties": {"error": {"$ref": "#/components/schemas/Error"}}});
    let e = spec()
        .check_node(&inline, &json!({"error": {"errorCode": 11}}), "")
        .unwrap_err();
    assert_eq!(e[0].at, "/error/errorCode", "{e:?}");

    // A SAML app is a SamlApplication: its sign-on settings are checked...
    let mut app = fake_okta::saml_app(APP_ID, "acmeorg_loopio_1", APP_LABEL);
    assert_eq!(spec().concrete("Application", &app), "SamlApplication");
    app["settings"]["signOn"]["digestAlgorithm"] = json!("MD5");
    assert!(spec().check("Application", &app).is_err());
    // ...which a bookmark app does not have.
    app["signOnMode"] = json!("BOOKMARK");
    assert_eq!(spec().concrete("Application", &app), "BookmarkApplication");
}

/// Examples (of operations `reconcile` reads) that fill every unset field with `null`.
const NULL_FILLED: [&str; 4] = [
    "ListUsersSearchResponse",
    "ListLogs",
    "ListLogsWithAdditionalSecurityContext",
    "LogTargetChangeDetails",
];

/// Okta's own examples for every operation the fake serves pass, so the conversion reads the
/// document as Okta means it. Except the examples of apps: those predate the app schemas (they
/// leave out sign-on flags `SamlApplicationSettingsSignOn` requires, and send `null` for unset
/// strings all over); the app's shapes are pinned by the fixtures and [`ERRATA`] instead. Nor
/// [`NULL_FILLED`]: System Log and user search examples that send `null` (or `""` for an email)
/// for every unset field; the fixtures pin those shapes (`LogEvent`, `User`).
#[test]
fn oktas_own_examples_pass_as_converted() {
    let spec = spec();
    let follow = |node: &Value| -> Value {
        match node["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
            Some(p) => spec.document.pointer(p).cloned().unwrap_or(Value::Null),
            None => node.clone(),
        }
    };
    let mut failures = Vec::new();
    let mut passed = BTreeSet::new();
    for (method, template) in SERVED {
        let op = &spec.document["paths"][template][method.to_ascii_lowercase()];
        let mut parts = vec![("request".to_string(), follow(&op["requestBody"]))];
        for (status, r) in op["responses"].as_object().unwrap() {
            parts.push((status.clone(), follow(r)));
        }
        for (part, r) in parts {
            let content = &r["content"]["application/json"];
            if content["schema"]
                .to_string()
                .contains("/schemas/Application\"")
            {
                continue;
            }
            for (name, example) in content["examples"].as_object().into_iter().flatten() {
                let id = example["$ref"]
                    .as_str()
                    .and_then(|r| r.rsplit('/').next())
                    .unwrap_or(name);
                if NULL_FILLED.contains(&id) {
                    continue;
                }
                let value = follow(example)["value"].clone();
                match spec.check_node(&content["schema"], &value, "") {
                    Ok(()) => {
                        passed.insert(id.to_string());
                    }
                    Err(v) => {
                        failures.push(format!("{method} {template} {part} {id}:\n{}", listed(&v)))
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Errors, groups, assignments, users, keys, the app user schema and mappings at least.
    assert!(passed.len() > 20, "{passed:?}");
}

/// Each correction to the published document is still needed: the published schema rejects
/// Okta's own example at the erratum's place, the corrected one does not.
#[test]
fn each_erratum_is_still_needed() {
    let published = Spec::new(spec().document.clone(), &[]);
    for erratum in &ERRATA {
        let example = spec()
            .example(erratum.example)
            .unwrap_or_else(|| panic!("no example {}", erratum.example));
        let at = |s: &Spec| -> Vec<Violation> {
            match s.check(erratum.example_of, example) {
                Ok(()) => Vec::new(),
                Err(v) => v.into_iter().filter(|v| v.at == erratum.at).collect(),
            }
        };
        assert!(
            !at(&published).is_empty(),
            "{} takes {} at {:?} as published: drop its erratum ({})",
            erratum.schema,
            erratum.example,
            erratum.at,
            erratum.why
        );
        let left = at(spec());
        assert!(
            left.is_empty(),
            "{} still rejects {}:\n{}",
            erratum.schema,
            erratum.example,
            listed(&left)
        );
    }
}

#[test]
#[should_panic(
    expected = "Okta's OpenAPI document is needed at /nonexistent/management-minimal.yaml"
)]
fn a_missing_document_fails_instead_of_skipping() {
    spec::read("/nonexistent/management-minimal.yaml");
}
