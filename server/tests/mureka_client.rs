//! The app's Mureka client: it parses the very fixtures the mock answers from, and against the
//! mock over HTTP it maps every scenario to the right outcome.

use std::time::Duration;

use app::error::{ProviderName, ProviderProblem};
use app::providers::mureka::{
    GenerateRequest, Generator, SubmitError, Task, TaskCreated, TaskStatus,
};
use app::providers::{http_client, Endpoint, Mureka, MurekaBilling};
use mock::{mureka_fixture, MockConfig};

#[test]
fn the_client_types_read_the_mock_fixtures() {
    let created: TaskCreated = serde_json::from_value(mureka_fixture("song_generate")).unwrap();
    assert_eq!(created.status, Some(TaskStatus::Preparing));
    let running: Task = serde_json::from_value(mureka_fixture("song_query_running")).unwrap();
    assert_eq!(running.status, TaskStatus::Running);
    assert_eq!(running.progress, Some(45.0));
    let done: Task = serde_json::from_value(mureka_fixture("song_query_succeeded")).unwrap();
    assert_eq!(done.status, TaskStatus::Succeeded);
    assert_eq!(done.choices.len(), 2);
    assert!(done.choices[0].url.ends_with(".mp3"));
    assert!(done.choices[0]
        .flac_url
        .as_deref()
        .unwrap()
        .ends_with(".flac"));
    assert_eq!(done.choices[0].duration, Some(4000.0));
    let failed: Task = serde_json::from_value(mureka_fixture("song_query_failed")).unwrap();
    assert_eq!(failed.status, TaskStatus::Failed);
    assert!(failed.failed_reason.is_some());
    let billing: MurekaBilling = serde_json::from_value(mureka_fixture("account_billing")).unwrap();
    assert_eq!(billing.concurrent_request_limit, 5);
    let unknown: Task =
        serde_json::from_value(serde_json::json!({ "id": "1", "status": "dreaming" })).unwrap();
    assert_eq!(
        unknown.status,
        TaskStatus::Unknown,
        "new statuses do not break the client"
    );
}

fn client(base: &str, key: &str, timeout: Duration) -> Mureka {
    Mureka {
        endpoint: Endpoint {
            base_url: base.to_string(),
            api_key: Some(key.to_string()),
            demo: false,
        },
        http: http_client(timeout),
    }
}

fn song(lyrics: &str) -> GenerateRequest {
    GenerateRequest {
        lyrics: Some(lyrics.into()),
        model: "auto".into(),
        n: 2,
        prompt: "pop".into(),
    }
}

#[tokio::test]
async fn every_scenario_maps_to_its_outcome() {
    let mock = mock::start(
        "127.0.0.1:0".parse().unwrap(),
        MockConfig {
            job_duration: Duration::from_millis(200),
            ..MockConfig::default()
        },
    )
    .await
    .unwrap();
    let m = client(&mock.base_url, "mk-test", Duration::from_secs(10));

    let task = m.submit(Generator::Song, &song("0001 ok")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let done = m.query(Generator::Song, &task.id).await.unwrap();
    assert_eq!(done.status, TaskStatus::Succeeded);
    let mut audio = m.download(&done.choices[0].url).await.unwrap();
    let mut len = 0;
    while let Some(chunk) = futures::StreamExt::next(&mut audio).await {
        len += chunk.unwrap().len();
    }
    assert!(len > 1000);

    match m.submit(Generator::Song, &song("0002 bad token")).await {
        Err(SubmitError::NotCreated(e)) => {
            assert_eq!(
                (e.provider, e.problem),
                (ProviderName::Mureka, ProviderProblem::InvalidKey)
            )
        }
        other => panic!("expected a refused key, got {other:?}"),
    }
    let failing = m
        .submit(Generator::Song, &song("0003 fails"))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let failed = m.query(Generator::Song, &failing.id).await.unwrap();
    assert_eq!(failed.status, TaskStatus::Failed);

    let missing = m.query(Generator::Song, "999").await.unwrap_err();
    assert_eq!(missing.problem, ProviderProblem::Rejected);
    let billing = m.billing().await.unwrap();
    assert_eq!(billing.total_spending, 10, "two accepted jobs");
    let lyrics = m.lyrics("summer rain").await.unwrap();
    assert!(!lyrics.title.is_empty());

    // Nobody listening: certainly not created.
    let closed = client("http://127.0.0.1:9", "mk-test", Duration::from_secs(2));
    assert!(matches!(
        closed.submit(Generator::Song, &song("x")).await,
        Err(SubmitError::NotCreated(_))
    ));
}

#[tokio::test]
async fn a_lost_answer_is_unknown_not_failed() {
    let mock = mock::start(
        "127.0.0.1:0".parse().unwrap(),
        MockConfig {
            submit_delay: Duration::from_secs(2),
            ..MockConfig::default()
        },
    )
    .await
    .unwrap();
    let m = client(&mock.base_url, "mk-test", Duration::from_millis(300));
    match m.submit(Generator::Song, &song("0001 slow answer")).await {
        Err(SubmitError::Unknown(e)) => assert_eq!(e.problem, ProviderProblem::Timeout),
        other => panic!("expected an unknown outcome, got {other:?}"),
    }
    assert!(
        mock.mureka.submissions()[0].job_id.is_some(),
        "the job exists at the provider"
    );
}
