//! The test clients: server functions called over HTTP as the browser and the CLI call them,
//! pages loaded as a browser navigates.

use leptos::server_fn::ServerFn;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use serde::Serialize;
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

    /// Calls a server function through the argument type `#[server]` generates for it, encoded
    /// as the browser encodes it: argument names and the result type are checked at compile
    /// time. A refusal comes back as the [`Answer`] (status and error body).
    pub async fn run<F>(&self, args: F) -> Result<F::Output, Answer>
    where
        F: ServerFn + Serialize,
        F::Output: DeserializeOwned,
    {
        let body = serde_qs::to_string(&args).expect("encode arguments");
        let answer = self.post(F::PATH, body).await;
        if answer.status == 200 {
            Ok(serde_json::from_value(answer.body).expect("decode result"))
        } else {
            Err(answer)
        }
    }

    /// Calls a server function that streams text (`output = StreamingText`) and reads the whole
    /// stream: the status and the text (or the error body).
    pub async fn stream_text<F>(&self, args: F) -> (u16, String)
    where
        F: ServerFn + Serialize,
    {
        let body = serde_qs::to_string(&args).expect("encode arguments");
        let res = self
            .http
            .post(format!("{}{}", self.base, F::PATH))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("request");
        let status = res.status().as_u16();
        (status, res.text().await.unwrap_or_default())
    }

    /// [`Client::run`], expecting success.
    pub async fn run_ok<F>(&self, args: F) -> F::Output
    where
        F: ServerFn + Serialize,
        F::Output: DeserializeOwned,
    {
        match self.run(args).await {
            Ok(output) => output,
            Err(a) => panic!("{} failed with {}: {}", F::PATH, a.status, a.body),
        }
    }

    /// [`Client::run`], expecting a refusal: its status and error kind.
    pub async fn run_err<F>(&self, args: F) -> (u16, String)
    where
        F: ServerFn + Serialize,
        F::Output: DeserializeOwned,
    {
        match self.run(args).await {
            Ok(_) => panic!("{} succeeded where a refusal was expected", F::PATH),
            Err(a) => (a.status, a.error_kind().to_string()),
        }
    }

    /// Calls `/api/{name}` with form-encoded arguments spelled out, as a hand-written or hostile
    /// client would; [`Client::run`] is the typed way.
    pub async fn call(&self, name: &str, args: &[(&str, &str)]) -> Answer {
        let body = serde_urlencoded_pairs(args);
        self.post(&format!("/api/{name}"), body).await
    }

    async fn post(&self, path: &str, body: String) -> Answer {
        let mut req = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
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

    /// Signs in (no `next` page, as the sign-in form sends it).
    pub async fn login(&self, email: &str, password: &str) -> Answer {
        let login = app::auth::api::Login {
            email: email.into(),
            password: password.into(),
            next: None,
        };
        match self.run(login).await {
            Ok(()) => Answer {
                status: 200,
                body: Value::Null,
            },
            Err(refused) => refused,
        }
    }

    /// Signs in and expects success.
    pub async fn login_ok(&self, email: &str, password: &str) {
        let answer = self.login(email, password).await;
        assert_eq!(answer.status, 200, "sign-in failed: {}", answer.body);
    }

    /// Loads a page the way a browser navigates: `Accept: text/html`.
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
        let request = app::images::GenerateImageRequest {
            prompt: "a lake".into(),
            size: "1024x1024".into(),
            quality: "low".into(),
            title: title.into(),
            ..Default::default()
        };
        self.run_ok(app::images::api::GenerateImage { request })
            .await
            .id
    }
}

/// `a=1&b=2`, percent-encoded as a form would send it.
fn serde_urlencoded_pairs(args: &[(&str, &str)]) -> String {
    reqwest::Url::parse_with_params("http://x/", args)
        .expect("encode arguments")
        .query()
        .unwrap_or_default()
        .to_string()
}
