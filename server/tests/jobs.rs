//! The job queue's rules with a controllable clock, on real SQLite and PostgreSQL: provider
//! slots, leases and takeover, fencing, the interrupted-submission flag, backoff, cancel.

mod common;

use std::sync::Arc;
use std::time::Duration;

use app::jobs::{FailureKind, JobState, ManualClock, Policy, Queue};
use app::songs::job_kind::SongJob;
use common::TestDb;

const START: i64 = 1_700_000_000_000;

fn policy() -> Policy {
    Policy {
        lease: Duration::from_secs(30),
        poll_interval: Duration::from_secs(3),
        backoff_base: Duration::from_secs(2),
        backoff_max: Duration::from_secs(10),
        max_attempts: 4,
        default_slots: 1,
    }
}

async fn setup(t: &TestDb) -> (Queue, Arc<ManualClock>, String) {
    let user = t.user("admin@example.org").await;
    let clock = Arc::new(ManualClock::new(START));
    let queue = Queue::new(t.db.clone(), clock.clone(), policy());
    (queue, clock, user)
}

async fn enqueue(queue: &Queue, user: &str, n: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..n {
        let mut tx = queue.db().begin_write().await.unwrap();
        ids.push(
            queue
                .enqueue(
                    &mut tx,
                    user,
                    SongJob::Song.as_str(),
                    &format!("subject-{i}"),
                    "mureka",
                )
                .await
                .unwrap(),
        );
        tx.commit().await.unwrap();
    }
    ids
}

async fn state(queue: &Queue, id: &str) -> (String, i64, i64) {
    let row: (String, i64, i64) =
        sqlx::query_as("SELECT state, attempts, next_run_at FROM jobs WHERE id = $1")
            .bind(id)
            .fetch_one(&queue.db().pool)
            .await
            .unwrap();
    row
}

both_backends!(slots_bound_submissions, database_only, |t| async move {
    let (queue, _clock, user) = setup(&t).await;
    queue.set_slots("mureka", 2).await.unwrap();
    let ids = enqueue(&queue, &user, 3).await;
    let a = queue.claim().await.unwrap().expect("first");
    let b = queue.claim().await.unwrap().expect("second");
    assert_eq!(a.job.state, JobState::Submitting);
    assert_ne!(a.job.id, b.job.id);
    assert!(
        queue.claim().await.unwrap().is_none(),
        "both slots are taken"
    );
    assert!(queue
        .finish(&a, JobState::Failed, Some((FailureKind::Rejected, "no")))
        .await
        .unwrap());
    let c = queue.claim().await.unwrap().expect("a slot freed up");
    let mut claimed = vec![a.job.id.clone(), b.job.id.clone(), c.job.id.clone()];
    claimed.sort();
    let mut all = ids.clone();
    all.sort();
    assert_eq!(claimed, all, "each job claimed once");
    // A running job (the provider has it) still holds its slot.
    queue.record_provider_id(&b, "p-1").await.unwrap();
    assert!(queue.pending(&b, 10, "running").await.unwrap());
    assert_eq!(state(&queue, &b.job.id).await.0, "running");
    t
});

both_backends!(
    expired_leases_are_taken_over_and_fenced,
    database_only,
    |t| async move {
        let (queue, clock, user) = setup(&t).await;
        queue.set_slots("mureka", 5).await.unwrap();
        let ids = enqueue(&queue, &user, 1).await;
        let first = queue.claim().await.unwrap().unwrap();
        queue.record_provider_id(&first, "p-7").await.unwrap();
        assert!(queue.claim().await.unwrap().is_none(), "leased");
        clock.advance_ms(29_000);
        assert!(queue.heartbeat(&first).await.unwrap(), "heartbeat extends");
        clock.advance_ms(29_000);
        assert!(
            queue.claim().await.unwrap().is_none(),
            "still within the renewed lease"
        );
        clock.advance_ms(2_000);
        let second = queue
            .claim()
            .await
            .unwrap()
            .expect("taken over after expiry");
        assert_eq!(second.job.id, ids[0]);
        assert_eq!(
            second.job.provider_job_id.as_deref(),
            Some("p-7"),
            "resumes polling"
        );
        assert_ne!(second.token, first.token);
        // The old holder can change nothing any more.
        assert!(!queue.pending(&first, 99, "running").await.unwrap());
        assert!(!queue.heartbeat(&first).await.unwrap());
        assert!(!queue
            .finish(&first, JobState::Succeeded, None)
            .await
            .unwrap());
        assert!(queue
            .finish(&second, JobState::Succeeded, None)
            .await
            .unwrap());
        assert_eq!(state(&queue, &ids[0]).await.0, "succeeded");
        t
    }
);

both_backends!(
    cut_off_submissions_are_flagged_not_resent,
    database_only,
    |t| async move {
        let (queue, clock, user) = setup(&t).await;
        queue.set_slots("mureka", 5).await.unwrap();
        let ids = enqueue(&queue, &user, 1).await;
        let lease = queue.claim().await.unwrap().unwrap();
        assert_eq!(
            state(&queue, &ids[0]).await.0,
            "submitting",
            "committed before the POST"
        );
        assert_eq!(
            queue.flag_interrupted().await.unwrap(),
            0,
            "lease still live"
        );
        clock.advance_ms(31_000);
        assert!(
            queue.claim().await.unwrap().is_none(),
            "never claimed for submission again"
        );
        assert_eq!(queue.flag_interrupted().await.unwrap(), 1);
        assert_eq!(state(&queue, &ids[0]).await.0, "interrupted");
        assert!(queue.claim().await.unwrap().is_none());
        // A late answer still records the id and resumes the job.
        queue.record_provider_id(&lease, "p-late").await.unwrap();
        assert_eq!(state(&queue, &ids[0]).await.0, "running");
        let resumed = queue
            .claim()
            .await
            .unwrap()
            .expect("polled like any running job");
        assert_eq!(resumed.job.provider_job_id.as_deref(), Some("p-late"));
        assert!(queue
            .finish(&resumed, JobState::Succeeded, None)
            .await
            .unwrap());
        // The user's retry of an interrupted job submits afresh.
        let ids = enqueue(&queue, &user, 1).await;
        queue.claim().await.unwrap().unwrap();
        clock.advance_ms(31_000);
        queue.flag_interrupted().await.unwrap();
        assert!(
            !queue.requeue("someone-else", &ids[0]).await.unwrap(),
            "only its owner"
        );
        assert!(queue.requeue(&user, &ids[0]).await.unwrap());
        let again = queue
            .claim()
            .await
            .unwrap()
            .expect("claimable after the user's retry");
        assert_eq!(again.job.id, ids[0]);
        assert!(again.job.provider_job_id.is_none());
        t
    }
);

both_backends!(failures_back_off_then_fail, database_only, |t| async move {
    let (queue, clock, user) = setup(&t).await;
    queue.set_slots("mureka", 5).await.unwrap();
    let ids = enqueue(&queue, &user, 1).await;
    let mut expected_delay = 2_000;
    for attempt in 1..=3 {
        let lease = queue.claim().await.unwrap().expect("due");
        let now = queue.now_ms();
        let next = queue
            .retry_later(&lease, FailureKind::RateLimited, "429")
            .await
            .unwrap();
        assert_eq!(
            next,
            JobState::Queued,
            "nothing was created: back in the queue"
        );
        let (st, attempts, next_run) = state(&queue, &ids[0]).await;
        assert_eq!((st.as_str(), attempts), ("queued", attempt));
        assert_eq!(next_run - now, expected_delay, "attempt {attempt}");
        assert!(
            queue.claim().await.unwrap().is_none(),
            "not before the backoff"
        );
        clock.advance_ms(expected_delay);
        expected_delay = (expected_delay * 2).min(10_000);
    }
    let lease = queue.claim().await.unwrap().unwrap();
    assert_eq!(
        queue
            .retry_later(&lease, FailureKind::Unavailable, "503")
            .await
            .unwrap(),
        JobState::Failed
    );
    assert_eq!(state(&queue, &ids[0]).await.0, "failed");
    assert_eq!(policy().backoff(10), Duration::from_secs(10), "capped");
    t
});

both_backends!(cancel_ends_the_lease, database_only, |t| async move {
    let (queue, _clock, user) = setup(&t).await;
    queue.set_slots("mureka", 5).await.unwrap();
    let ids = enqueue(&queue, &user, 1).await;
    let lease = queue.claim().await.unwrap().unwrap();
    queue.record_provider_id(&lease, "p-1").await.unwrap();
    assert!(!queue.cancel("someone-else", &ids[0]).await.unwrap());
    assert!(queue.cancel(&user, &ids[0]).await.unwrap());
    assert!(
        !queue.heartbeat(&lease).await.unwrap(),
        "the worker sees it lost the job"
    );
    assert!(!queue.pending(&lease, 50, "running").await.unwrap());
    assert_eq!(state(&queue, &ids[0]).await.0, "cancelled");
    assert!(
        !queue.cancel(&user, &ids[0]).await.unwrap(),
        "already settled"
    );
    t
});

// Two queues (as two processes would have) claiming concurrently never get the same job.
both_backends!(
    concurrent_claims_never_share_a_job,
    database_only,
    |t| async move {
        let (queue, _clock, user) = setup(&t).await;
        queue.set_slots("mureka", 1000).await.unwrap();
        enqueue(&queue, &user, 40).await;
        let other = app::infra::Db::connect(&t.url).await.unwrap();
        let queues = [
            queue.clone(),
            Queue::new(other, Arc::new(ManualClock::new(START)), policy()),
        ];
        let mut tasks = Vec::new();
        for q in queues.iter().cycle().take(6) {
            let q = q.clone();
            tasks.push(tokio::spawn(async move {
                let mut got = Vec::new();
                while let Some(lease) = q.claim().await.unwrap() {
                    got.push(lease.job.id);
                }
                got
            }));
        }
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await.unwrap());
        }
        let total = all.len();
        all.sort();
        all.dedup();
        assert_eq!(
            (total, all.len()),
            (40, 40),
            "every job claimed exactly once"
        );
        t
    }
);
