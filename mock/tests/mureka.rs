//! The Mureka mock over real HTTP: scenarios, the job life cycle, limits, audio and the log.

use std::time::Duration;

use mock::{start, MockConfig, MockServer};
use serde_json::{json, Value};

async fn server(config: MockConfig) -> MockServer {
    start("127.0.0.1:0".parse().unwrap(), config).await.unwrap()
}

fn quick() -> MockConfig {
    MockConfig {
        slow_delay: Duration::from_millis(1500),
        job_duration: Duration::from_millis(600),
        ..MockConfig::default()
    }
}

async fn post(base: &str, path: &str, key: &str, body: Value) -> (u16, Value) {
    let res = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .bearer_auth(key)
        .json(&body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn get(base: &str, path: &str) -> (u16, Value) {
    let res = reqwest::Client::new()
        .get(format!("{base}{path}"))
        .bearer_auth("mk-test")
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

/// The keys of a JSON object, to compare shapes with the fixtures.
fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

async fn wait_final(base: &str, kind: &str, id: &str) -> (Vec<String>, Value) {
    let mut seen = Vec::new();
    for _ in 0..100 {
        let (status, task) = get(base, &format!("/v1/{kind}/query/{id}")).await;
        assert_eq!(status, 200, "{task}");
        let s = task["status"].as_str().unwrap().to_string();
        if seen.last() != Some(&s) {
            seen.push(s.clone());
        }
        if ["succeeded", "failed", "timeouted", "cancelled"].contains(&s.as_str()) {
            return (seen, task);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("job {id} never finished: {seen:?}");
}

#[tokio::test]
async fn a_song_moves_through_its_states_and_its_audio_is_real() {
    let mock = server(quick()).await;
    let base = &mock.base_url;
    let (status, created) = post(
        base,
        "/v1/song/generate",
        "mk-test",
        json!({ "lyrics": "[Verse]\n0001 hello\nworld", "model": "auto", "prompt": "indie pop" }),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(keys(&created), keys(&mock::mureka_fixture("song_generate")));
    let id = created["id"].as_str().unwrap();
    let (states, task) = wait_final(base, "song", id).await;
    assert_eq!(
        states.first().map(String::as_str),
        Some("preparing"),
        "{states:?}"
    );
    assert!(states.iter().any(|s| s == "running"), "{states:?}");
    assert_eq!(states.last().map(String::as_str), Some("succeeded"));
    assert_eq!(
        keys(&task),
        keys(&mock::mureka_fixture("song_query_succeeded"))
    );
    let choices = task["choices"].as_array().unwrap();
    assert_eq!(choices.len(), 2, "n defaults to 2");
    let mut bodies = Vec::new();
    for c in choices {
        let mp3 = reqwest::get(c["url"].as_str().unwrap()).await.unwrap();
        assert_eq!(mp3.headers()["content-type"], "audio/mpeg");
        let mp3 = mp3.bytes().await.unwrap();
        // An MPEG audio frame sync (no ID3 tag: lame was told not to write one).
        assert!(mp3[0] == 0xFF && mp3[1] & 0xE0 == 0xE0, "not an MP3 frame");
        let flac = reqwest::get(c["flac_url"].as_str().unwrap()).await.unwrap();
        let flac = flac.bytes().await.unwrap();
        assert_eq!(&flac[..4], b"fLaC");
        assert_eq!(c["duration"], 4000);
        bodies.push(mp3);
    }
    assert_ne!(bodies[0], bodies[1], "the two choices sound different");
    // Result URLs expire.
    let url = choices[0]["url"].as_str().unwrap();
    let expired = format!("{}?expires=1", url.split('?').next().unwrap());
    assert_eq!(reqwest::get(expired).await.unwrap().status(), 403);
}

#[tokio::test]
async fn scenarios_and_validation() {
    let mock = server(quick()).await;
    let base = &mock.base_url;
    let (s, body) = post(
        base,
        "/v1/song/generate",
        "mk-test",
        json!({ "lyrics": "0002 la", "prompt": "x" }),
    )
    .await;
    assert_eq!(s, 401);
    assert_eq!(keys(&body), keys(&mock::mureka_fixture("error")));
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Invalid"));
    let (s, _) = post(
        base,
        "/v1/song/generate",
        "mk-0002",
        json!({ "lyrics": "la", "prompt": "x" }),
    )
    .await;
    assert_eq!(s, 401, "a key containing 0002 is refused too");
    let (s, _) = post(
        base,
        "/v1/song/generate",
        "mk-test",
        json!({ "prompt": "x" }),
    )
    .await;
    assert_eq!(s, 400, "lyrics are required");
    let long = "a".repeat(3001);
    let (s, _) = post(
        base,
        "/v1/song/generate",
        "mk-test",
        json!({ "lyrics": long }),
    )
    .await;
    assert_eq!(s, 400);
    let (s, _) = post(
        base,
        "/v1/song/generate",
        "mk-test",
        json!({ "lyrics": "la", "n": 4 }),
    )
    .await;
    assert_eq!(s, 400);

    let (s, created) = post(
        base,
        "/v1/song/generate",
        "mk-test",
        json!({ "lyrics": "0003 la", "prompt": "x" }),
    )
    .await;
    assert_eq!(s, 200);
    let (_, task) = wait_final(base, "song", created["id"].as_str().unwrap()).await;
    assert_eq!(task["status"], "failed");
    assert!(task["failed_reason"].as_str().is_some());

    // "30s" in the style prompt: the job takes the slow delay.
    let (_, slow) = post(
        base,
        "/v1/song/generate",
        "mk-test",
        json!({ "lyrics": "la", "prompt": "30s ballad" }),
    )
    .await;
    let id = slow["id"].as_str().unwrap();
    tokio::time::sleep(Duration::from_millis(800)).await;
    let (_, task) = get(base, &format!("/v1/song/query/{id}")).await;
    assert_eq!(
        task["status"], "running",
        "still running after the normal duration"
    );
    let (_, task) = wait_final(base, "song", id).await;
    assert_eq!(task["status"], "succeeded");
}

#[tokio::test]
async fn instrumentals_lyrics_and_billing() {
    let mock = server(quick()).await;
    let base = &mock.base_url;
    let (s, created) = post(
        base,
        "/v1/instrumental/generate",
        "mk-test",
        json!({ "model": "auto", "prompt": "lofi", "n": 1 }),
    )
    .await;
    assert_eq!(s, 200, "{created}");
    let (_, task) = wait_final(base, "instrumental", created["id"].as_str().unwrap()).await;
    assert_eq!(task["choices"].as_array().unwrap().len(), 1);

    let (s, lyrics) = post(
        base,
        "/v1/lyrics/generate",
        "mk-test",
        json!({ "prompt": "rainy city night" }),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        keys(&lyrics),
        keys(&mock::mureka_fixture("lyrics_generate"))
    );
    assert!(lyrics["lyrics"].as_str().unwrap().contains("[Chorus]"));

    let (s, billing) = get(base, "/v1/account/billing").await;
    assert_eq!(s, 200);
    assert_eq!(
        keys(&billing),
        keys(&mock::mureka_fixture("account_billing"))
    );
    assert_eq!(billing["total_spending"], 5, "one job so far");
    assert_eq!(billing["concurrent_request_limit"], 5);
}

#[tokio::test]
async fn the_concurrency_limit_answers_429_and_every_post_is_logged() {
    let mock = server(MockConfig {
        job_duration: Duration::from_secs(5),
        concurrent_limit: 2,
        ..MockConfig::default()
    })
    .await;
    let base = &mock.base_url;
    let mut statuses = Vec::new();
    for i in 0..3 {
        let (s, _) = post(
            base,
            "/v1/song/generate",
            "mk-test",
            json!({ "lyrics": format!("song {i}") }),
        )
        .await;
        statuses.push(s);
    }
    assert_eq!(statuses, [200, 200, 429]);
    let log = mock.mureka.submissions();
    assert_eq!(log.len(), 3);
    assert_eq!(log.iter().filter(|p| p.job_id.is_some()).count(), 2);
    assert_eq!(log[2].status, 429);
    // The same log over HTTP, for a test whose mock runs elsewhere.
    let over_http: Value = reqwest::get(format!("{base}/__mock/mureka/submissions"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(over_http.as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_delayed_answer_still_creates_the_job_first() {
    let mock = server(MockConfig {
        submit_delay: Duration::from_millis(800),
        ..quick()
    })
    .await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let res = client
        .post(format!("{}/v1/song/generate", mock.base_url))
        .bearer_auth("mk-test")
        .json(&json!({ "lyrics": "lost answer" }))
        .send()
        .await;
    assert!(res.is_err(), "the client gave up before the answer");
    let log = mock.mureka.submissions();
    assert_eq!(log.len(), 1);
    assert!(
        log[0].job_id.is_some(),
        "the provider made (and billed) the job anyway"
    );
}
