//! The endpoints the command-line client adds to the file endpoints: a token with its own
//! lifetime, the project list and tree, deleting a file, the sync status; each refusing
//! another user's ids.

use super::*;
use crate::common::Client;

async fn json(
    c: &Client,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut req = c.http.request(method, format!("{}{path}", c.base));
    if let Some(token) = &c.bearer {
        req = req.bearer_auth(token);
    }
    if let Some(body) = body {
        req = req.json(&body);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or_default())
}

crate::both_backends!(sync_endpoints, ["CLI_TOKEN_TTL_DAYS" => "2"], |app| async move {
    let web = app.admin("admin@example.org").await;
    let other = app.member("other@example.org").await;
    let anon = app.client();
    let post = reqwest::Method::POST;

    // A token for the client: its own lifetime; wrong passwords and malformed bodies refused.
    let creds = serde_json::json!({"email": "admin@example.org", "password": crate::common::PASSWORD});
    let (status, token) = json(&anon, post.clone(), "/api/v1/tokens", Some(creds)).await;
    assert_eq!(status, 201, "{token}");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let lifetime = token["expires_at"].as_u64().unwrap() - now;
    assert!((2 * 86_400 - 60..=2 * 86_400).contains(&lifetime), "{lifetime}");
    let wrong = serde_json::json!({"email": "admin@example.org", "password": "nope nope nope"});
    let (status, body) = json(&anon, post.clone(), "/api/v1/tokens", Some(wrong)).await;
    assert_eq!((status, body["kind"].as_str()), (401, Some("invalid_credentials")));
    let res = anon.http.post(format!("{}/api/v1/tokens", anon.base)).body("{").header("content-type", "application/json").send().await.unwrap();
    assert_eq!(res.status(), 400);
    let cli = anon.with_bearer(token["token"].as_str().unwrap());

    let p = project(&web, "Mine").await;
    project(&other, "Theirs").await;
    let pid = p.project.id.clone();
    let (status, list) = json(&cli, reqwest::Method::GET, "/api/v1/projects", None).await;
    assert_eq!(status, 200);
    assert_eq!(list.as_array().unwrap().len(), 1, "only the user's own: {list}");
    assert_eq!(list[0]["name"], "Mine");
    let (_, tree) = json(&cli, reqwest::Method::GET, &format!("/api/v1/projects/{pid}"), None).await;
    assert_eq!(tree["folders"].as_array().unwrap().len(), 5);
    assert_eq!(tree["folders"][1]["name"], "02 Mixing");

    let folder = p.folders[0].id.clone();
    let f = upload_ok(&web, &pid, &folder, "a.wav", b"abc".to_vec()).await;
    let file_path = format!("/api/v1/projects/{pid}/files/{}", f.id);
    let sync_path = format!("/api/v1/projects/{pid}/sync");
    // Another user: not found, nothing changes.
    for (method, path, body) in [
        (reqwest::Method::GET, format!("/api/v1/projects/{pid}"), None),
        (reqwest::Method::DELETE, file_path.clone(), None),
        (reqwest::Method::PUT, sync_path.clone(), Some(serde_json::json!({"status": "synced"}))),
    ] {
        assert_eq!(json(&other, method, &path, body).await.0, 404, "{path}");
    }
    assert_eq!(totals(&web, &pid).await, (1, 3));

    let (status, body) = json(&cli, reqwest::Method::PUT, &sync_path, Some(serde_json::json!({"status": "done"}))).await;
    assert_eq!((status, body["kind"].as_str()), (422, Some("validation")), "{body}");
    assert_eq!(json(&cli, reqwest::Method::PUT, &sync_path, Some(serde_json::json!({"status": "synced"}))).await.0, 204);
    let synced = web.run_ok(app::projects::api::GetProject { id: pid.clone() }).await.project;
    assert_eq!(synced.sync_status.as_str(), "synced");
    assert!(synced.last_sync_at.is_some());

    assert_eq!(json(&cli, reqwest::Method::DELETE, &file_path, None).await.0, 204);
    assert_eq!(json(&cli, reqwest::Method::DELETE, &file_path, None).await.0, 404, "deleted once");
    assert_eq!(totals(&web, &pid).await, (0, 0));
    assert!(app.stored_files("projects").is_empty(), "the object went with the record");
    // Signed out of everything: the client's token goes too.
    web.run_ok(app::auth::api::Logout {}).await;
    assert_eq!(json(&cli, reqwest::Method::GET, "/api/v1/projects", None).await.0, 401);
    app
});
