//! Every answer the fake serves, checked against its operation's schema.

use super::*;

/// One answer of the fake.
#[derive(Debug)]
pub(crate) struct Served {
    method: String,
    path_and_query: String,
    request: Option<Value>,
    pub(crate) status: u16,
    content_type: String,
    pub(crate) body: String,
}

impl Served {
    fn path(&self) -> &str {
        self.path_and_query.split('?').next().unwrap_or_default()
    }
}

pub(crate) async fn send(
    url: &str,
    method: &str,
    path: &str,
    auth: bool,
    body: Option<&Value>,
) -> Served {
    send_with(url, method, path, auth.then_some(TOKEN), body).await
}

/// One request with `token` as the API token when given.
pub(crate) async fn send_with(
    url: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> Served {
    let client = reqwest::Client::new();
    let mut request = client.request(method.parse().unwrap(), format!("{url}{path}"));
    if let Some(token) = token {
        request = request.header("authorization", format!("SSWS {token}"));
    }
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    Served {
        method: method.to_string(),
        path_and_query: path.to_string(),
        request: body.cloned(),
        status,
        content_type,
        body: response.text().await.unwrap(),
    }
}

/// The operations (method, path template) [`serve_everything`] asks the fake for.
pub(crate) const SERVED: [(&str, &str); 23] = [
    ("GET", "/api/v1/apps"),
    ("GET", "/api/v1/apps/{appId}"),
    ("GET", "/api/v1/apps/{appId}/groups"),
    ("GET", "/api/v1/apps/{appId}/users"),
    ("GET", "/api/v1/apps/{appId}/credentials/keys"),
    ("GET", "/api/v1/apps/{appId}/sso/saml/metadata"),
    ("GET", "/api/v1/meta/schemas/apps/{appId}/default"),
    ("GET", "/api/v1/groups"),
    ("GET", "/api/v1/mappings"),
    ("GET", "/api/v1/mappings/{mappingId}"),
    ("GET", "/api/v1/apps/{appId}/users/{userId}"),
    ("GET", "/api/v1/users"),
    ("GET", "/api/v1/users/{id}"),
    ("GET", "/api/v1/users/{id}/groups"),
    ("GET", "/api/v1/logs"),
    ("POST", "/api/v1/apps"),
    ("PUT", "/api/v1/apps/{appId}"),
    ("POST", "/api/v1/apps/{appId}/lifecycle/deactivate"),
    ("DELETE", "/api/v1/apps/{appId}"),
    ("POST", "/api/v1/meta/schemas/apps/{appId}/default"),
    ("PUT", "/api/v1/apps/{appId}/groups/{groupId}"),
    ("DELETE", "/api/v1/apps/{appId}/groups/{groupId}"),
    ("POST", "/api/v1/mappings/{mappingId}"),
];

/// Asks the fake started with `data` for everything it serves: each read, each write (with
/// bodies shaped as Okta takes them), and each error (401, 403, 404, 405, 429, 400, 500).
pub(crate) async fn serve_everything(data: OrgData) -> Vec<Served> {
    let mut data = data;
    data.forbidden = vec!["/api/v1/apps/0oa2sandbox000000000/users".into()];
    data.rate_limited = vec!["/api/v1/apps/0oa2sandbox000000000/credentials".into()];
    data.directory.failing_writes = vec!["/api/v1/apps/0oa2sandbox000000000/groups".into()];
    data.people.events = vec![sample_event()];
    let fake = fake_okta::start(data).await;
    let url = fake.url.as_str();
    let mut out = serve_reads(url).await;
    let writes = serve_writes(url, &out).await;
    out.extend(writes);
    out.extend(serve_errors(url).await);
    out
}

/// The app's path, `/api/v1/apps/{APP_ID}`.
fn app_path() -> String {
    format!("/api/v1/apps/{APP_ID}")
}

/// The app user schema's path.
fn schema_path() -> String {
    format!("/api/v1/meta/schemas/apps/{APP_ID}/default")
}

/// The Sales group's assignment to the app.
fn group_path() -> String {
    format!("{}/groups/{SALES}", app_path())
}

/// A group assignment as Okta takes it, with a role.
fn assignment() -> Value {
    json!({"priority": 3, "profile": {fake_okta::ROLES_VAR: ["Reviewer"]}})
}

/// Each read the fake serves.
async fn serve_reads(url: &str) -> Vec<Served> {
    let app = app_path();
    let mut out = Vec::new();
    for path in [
        "/api/v1/apps".to_string(),
        "/api/v1/apps?q=Loopio&limit=200".into(),
        app.clone(),
        format!("{app}/groups?expand=group&limit=200"),
        format!("{app}/users?limit=200"),
        format!("{app}/credentials/keys"),
        format!("{app}/sso/saml/metadata?kid={KID}"),
        schema_path(),
        "/api/v1/groups?q=Loopio".into(),
        "/api/v1/groups".into(),
        format!("/api/v1/mappings?targetId={APP_ID}"),
        format!("/api/v1/mappings/{MAPPING_ID}"),
        // reconcile's reads.
        format!("{app}/users?limit=200&expand=user"),
        format!("{app}/users/{ADA}?expand=user"),
        "/api/v1/users?search=profile.email%20eq%20%22pat%40acme.example%22&limit=2".into(),
        "/api/v1/users/pat@acme.example".into(),
        format!("/api/v1/users/{ADA}/groups"),
        format!(
            "/api/v1/logs?since=2020-01-01T00%3A00%3A00Z&filter={}&limit=1000&sortOrder=ASCENDING",
            "target.id%20eq%20%220oa1loopio2app3id4x5%22"
        ),
    ] {
        out.push(send(url, "GET", &path, true, None).await);
    }
    out
}

/// An Okta user of the correct org.
const ADA: &str = "00u1ada000000000000";

/// A failed push of the Loopio app, as the System Log has it.
pub(crate) fn sample_event() -> Value {
    fake_okta::people::failure(
        ADA,
        "ada@acme.example",
        "application.provision.user.push",
        "Automatic provisioning of user ada@acme.example to app Loopio failed: Conflict",
        "2026-03-02T10:00:00.000Z",
    )
}

/// The writes, each answered with the object as Okta has it afterwards; the app's update is the
/// app as `reads` got it, changed.
async fn serve_writes(url: &str, reads: &[Served]) -> Vec<Served> {
    let app = app_path();
    let mut out = Vec::new();
    let (answer, new_id) = create_app(url).await;
    out.push(answer);
    let read = reads.iter().find(|s| s.path_and_query == app).unwrap();
    let mut current: Value = serde_json::from_str(&read.body).unwrap();
    current["settings"]["signOn"]["audience"] = json!("loopio-sp");
    out.push(send(url, "PUT", &app, true, Some(&current)).await);
    let roles = json!({"definitions": {"custom": {"id": "#custom", "type": "object", "properties": {
        "acmeorg_loopio_1_team": {"title": "team", "type": "string", "scope": "NONE"}}}}});
    out.push(send(url, "POST", &schema_path(), true, Some(&roles)).await);
    let group_path = group_path();
    out.push(send(url, "PUT", &group_path, true, Some(&assignment())).await);
    out.push(send(url, "DELETE", &group_path, true, None).await);
    let mapping = json!({"properties": {fake_okta::ROLES_VAR: {"expression": "\"Reviewer\"", "pushStatus": "PUSH"}}});
    let mapping_path = format!("/api/v1/mappings/{MAPPING_ID}");
    out.push(send(url, "POST", &mapping_path, true, Some(&mapping)).await);
    let new_app = format!("/api/v1/apps/{new_id}");
    out.push(
        send(
            url,
            "POST",
            &format!("{new_app}/lifecycle/deactivate"),
            true,
            None,
        )
        .await,
    );
    out.push(send(url, "DELETE", &new_app, true, None).await);
    out
}

/// Creates a SAML app as Okta takes a new one (no id, status, signing key...): the answer, and
/// the new app's id.
async fn create_app(url: &str) -> (Served, String) {
    let mut created = fake_okta::saml_app("unused", "unused", "Loopio Shapes");
    for k in [
        "id",
        "name",
        "orn",
        "created",
        "lastUpdated",
        "status",
        "features",
        "_links",
    ] {
        created.as_object_mut().unwrap().remove(k);
    }
    created["credentials"]
        .as_object_mut()
        .unwrap()
        .remove("signing");
    let answer = send(
        url,
        "POST",
        "/api/v1/apps?activate=true",
        true,
        Some(&created),
    )
    .await;
    let new_id = serde_json::from_str::<Value>(&answer.body).unwrap()["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    (answer, new_id)
}

/// Each error: 401, 403, 404, 405, 429, 400 and 500, in that order.
async fn serve_errors(url: &str) -> Vec<Served> {
    let app = app_path();
    let group_path = group_path();
    let mut out = Vec::new();
    out.push(send(url, "GET", &app, false, None).await); // 401
    let sandbox = "/api/v1/apps/0oa2sandbox000000000";
    out.push(send(url, "GET", &format!("{sandbox}/users"), true, None).await); // 403
    out.push(send(url, "GET", "/api/v1/apps/0oa0nosuchapp0000000", true, None).await); // 404
    out.push(send(url, "PATCH", &app, true, Some(&json!({}))).await); // 405
    out.push(
        send(
            url,
            "GET",
            &format!("{sandbox}/credentials/keys"),
            true,
            None,
        )
        .await,
    ); // 429
    let bad = json!({"priority": "first"});
    out.push(send(url, "PUT", &group_path, true, Some(&bad)).await); // 400
    let failing = format!("{sandbox}/groups/{SALES}");
    out.push(send(url, "PUT", &failing, true, Some(&assignment())).await); // 500
    out
}

/// Checks one answer against what the document declares for its operation and status, and
/// says which schema that was. Errors the operation does not declare (401 and 405 on any
/// operation, 500) are checked as `Error`, the shape of every error in the document.
pub(crate) fn check_served(spec: &Spec, s: &Served) -> Result<String, String> {
    let what = format!("{} {} -> {}", s.method, s.path_and_query, s.status);
    if s.content_type.starts_with("text/xml") {
        let (_, op) = spec
            .operation(&s.method, s.path())
            .ok_or(format!("{what}: no such operation"))?;
        return match op["responses"][s.status.to_string()]["content"].get("text/xml") {
            Some(_) => Ok("text/xml".into()),
            None => Err(format!("{what}: the document declares no XML answer")),
        };
    }
    if !s.content_type.starts_with("application/json") {
        return Err(format!("{what}: content type {:?}", s.content_type));
    }
    let node = match spec.response(&s.method, s.path(), s.status) {
        Ok(Some(node)) => node,
        // Declared without a body (204, or the lifecycle's 200): Okta sends none or `{}`.
        Ok(None) if s.body.is_empty() || s.body == "{}" => return Ok("(no body)".into()),
        Ok(None) => return Err(format!("{what}: a body where none is declared: {}", s.body)),
        Err(_) if s.status >= 400 => json!({"$ref": "#/components/schemas/Error"}),
        Err(e) => return Err(format!("{what}: {e}")),
    };
    let body: Value = serde_json::from_str(&s.body).map_err(|e| format!("{what}: {e}"))?;
    let label = node["$ref"]
        .as_str()
        .or(node["items"]["$ref"].as_str())
        .unwrap_or("inline")
        .trim_start_matches("#/components/schemas/")
        .to_string();
    spec.check_node(&node, &body, "")
        .map(|()| label)
        .map_err(|v| format!("{what}:\n{}", listed(&v)))
}

pub(crate) fn template(spec: &Spec, method: &str, path: &str) -> Option<(String, String)> {
    let path = path.split('?').next().unwrap_or_default();
    spec.operation(method, path)
        .map(|(t, _)| (method.to_string(), t.to_string()))
}

#[tokio::test]
async fn every_response_the_fake_serves_is_an_okta_shape() {
    let spec = spec();
    let served = serve_everything(OrgData::correct()).await;
    let mut failures = Vec::new();
    let mut checked = Vec::new();
    for s in &served {
        // The bodies sent here are Okta's request shapes too (the 400's is wrong on purpose).
        if let (Some(body), 200..=299) = (&s.request, s.status) {
            let node = spec.request(&s.method, s.path()).unwrap().unwrap();
            if let Err(v) = spec.check_node(&node, body, "") {
                failures.push(format!("{} {} sent:\n{}", s.method, s.path(), listed(&v)));
            }
        }
        match check_served(spec, s) {
            Ok(schema) => checked.push(format!("{} {} {} {schema}", s.method, s.path(), s.status)),
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every status the table means to reach was reached.
    let statuses: BTreeSet<u16> = served.iter().map(|s| s.status).collect();
    assert_eq!(
        statuses,
        BTreeSet::from([200, 204, 400, 401, 403, 404, 405, 429, 500]),
        "{checked:#?}"
    );
    // And every operation in SERVED, found in the document.
    let operations: BTreeSet<(String, String)> = served
        .iter()
        .filter(|s| s.status < 300)
        .filter_map(|s| template(spec, &s.method, &s.path_and_query))
        .collect();
    let want: BTreeSet<(String, String)> = SERVED
        .iter()
        .map(|(m, t)| (m.to_string(), t.to_string()))
        .collect();
    assert_eq!(operations, want, "{checked:#?}");
}
