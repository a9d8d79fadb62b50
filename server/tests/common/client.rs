//! The test clients: server functions called over HTTP as the browser and the CLI call them,
//! pages loaded as a browser navigates.

use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Every test client gives up on a request after 30 s, so a stuck request fails its test
/// instead of stalling the suite.
pub fn http_client() -> reqwest::ClientBuilder {
    reqwest::Client::builder().timeout(std::time::Duration::from_secs(30))
}

/// An HTTP client calling server functions the way the browser and the CLI do.
#[derive(Clone)]
pub struct Client {
    pub base: String,
    pub http: reqwest::Client,
    pub bearer: Option<String>,
    pub extra: HeaderMap,
}

/// A server function's answer: status and JSON body.
pub struct Answer {
    pub status: u16,
    pub body: Value,
}

impl Answer {
    pub fn error_kind(&self) -> &str {
        self.body.get("kind").and_then(Value::as_str).unwrap_or("")
    }
}

impl Client {
    /// A browser-like client of the app at `base`, with its own cookie jar.
    pub fn new(base: &str) -> Client {
        Client {
            base: base.to_string(),
            http: http_client().cookie_store(true).build().unwrap(),
            bearer: None,
            extra: HeaderMap::new(),
        }
    }

    pub fn with_bearer(&self, token: &str) -> Client {
        let mut c = self.clone();
        c.http = http_client().build().unwrap();
        c.bearer = Some(token.to_string());
        c
    }

    pub fn with_header(&self, name: &'static str, value: &str) -> Client {
        let mut c = self.clone();
        c.extra.insert(name, value.parse().unwrap());
        c
    }

    /// Calls `/api/{name}` with form-encoded arguments, as a WASM client does.
    pub async fn call(&self, name: &str, args: &[(&str, &str)]) -> Answer {
        let mut req = self
            .http
            .post(format!("{}/api/{name}", self.base))
            .form(args);
        if let Some(token) = &self.bearer {
            req = req.bearer_auth(token);
        }
        for (k, v) in &self.extra {
            req = req.header(k, v);
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        let text = res.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Answer { status, body }
    }

    /// Calls and expects success, returning the decoded result.
    pub async fn call_ok<T: DeserializeOwned>(&self, name: &str, args: &[(&str, &str)]) -> T {
        let answer = self.call(name, args).await;
        assert_eq!(answer.status, 200, "{name} failed: {}", answer.body);
        serde_json::from_value(answer.body).expect("decode result")
    }

    /// Loads a page the way a browser navigates: `Accept: text/html`.
    /// Signs in (the `next` field empty, as the sign-in form sends it).
    pub async fn login(&self, email: &str, password: &str) -> Answer {
        self.call(
            "login",
            &[("email", email), ("password", password), ("next", "")],
        )
        .await
    }

    /// Signs in and expects success.
    pub async fn login_ok(&self, email: &str, password: &str) {
        let answer = self.login(email, password).await;
        assert_eq!(answer.status, 200, "sign-in failed: {}", answer.body);
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        let mut req = self
            .http
            .get(format!("{}{path}", self.base))
            .header("accept", "text/html");
        if let Some(token) = &self.bearer {
            req = req.bearer_auth(token);
        }
        for (k, v) in &self.extra {
            req = req.header(k, v);
        }
        req.send().await.expect("request")
    }
}

impl Client {
    /// Generates an image through the in-process demo provider and returns its id.
    pub async fn generate_image(&self, title: &str) -> String {
        let image: Value = self
            .call_ok(
                "generate_image",
                &[
                    ("prompt", "a lake"),
                    ("size", "1024x1024"),
                    ("quality", "low"),
                    ("title", title),
                ],
            )
            .await;
        image["id"].as_str().unwrap().to_string()
    }
}
