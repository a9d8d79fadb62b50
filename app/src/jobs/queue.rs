//! The job table: adding jobs, provider slots, and claiming (the transitions after a claim are
//! in `transitions.rs`). Every write a worker makes is fenced by its lease token, so a worker
//! that lost its lease changes nothing.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use tokio::sync::Notify;

use super::{Clock, JobState};
use crate::infra::{Backend, Db};

/// Timing rules of the queue.
#[derive(Debug, Clone)]
pub struct Policy {
    /// How long a claim holds without a heartbeat.
    pub lease: Duration,
    /// How long to wait between two polls of a running provider job.
    pub poll_interval: Duration,
    /// First retry delay; doubles per consecutive failure up to `backoff_max`.
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    /// Consecutive failures after which a job fails for good.
    pub max_attempts: i64,
    /// Provider slots when neither the account nor the configuration says.
    pub default_slots: i64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            lease: Duration::from_secs(30),
            poll_interval: Duration::from_secs(3),
            backoff_base: Duration::from_secs(2),
            backoff_max: Duration::from_secs(300),
            max_attempts: 8,
            default_slots: 1,
        }
    }
}

impl Policy {
    /// Delay before attempt `attempt` (1-based) of a failing job.
    pub fn backoff(&self, attempt: i64) -> Duration {
        let exp = attempt.clamp(1, 30) as u32 - 1;
        self.backoff_base
            .saturating_mul(2u32.saturating_pow(exp))
            .min(self.backoff_max)
    }
}

/// A job as claimed.
#[derive(Debug, Clone)]
pub struct ClaimedJob {
    pub id: String,
    pub user_id: String,
    /// The kind its feature named it by (`song`, `instrumental`).
    pub kind: String,
    pub subject_id: String,
    pub provider: String,
    pub state: JobState,
    pub attempts: i64,
    pub provider_job_id: Option<String>,
}

/// A claimed job and the token that fences its writes.
#[derive(Debug, Clone)]
pub struct Lease {
    pub job: ClaimedJob,
    pub token: String,
}

/// The job table, as every server process sees it.
#[derive(Debug, Clone)]
pub struct Queue {
    db: Db,
    clock: Arc<dyn Clock>,
    pub policy: Policy,
    wake: Arc<Notify>,
    round_trips: Arc<AtomicU64>,
}

const COLUMNS: &str = "id, user_id, kind, subject_id, provider, state, attempts, provider_job_id";
/// The states that hold a provider slot (and a worker may write in).
pub(super) const ACTIVE: &str = "('submitting', 'running')";

fn claimed(row: &AnyRow) -> Result<ClaimedJob, sqlx::Error> {
    let state: String = row.try_get("state")?;
    let bad = |what: &str, v: &str| sqlx::Error::Decode(format!("unknown job {what} {v:?}").into());
    Ok(ClaimedJob {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        kind: row.try_get("kind")?,
        subject_id: row.try_get("subject_id")?,
        provider: row.try_get("provider")?,
        state: JobState::parse(&state).ok_or_else(|| bad("state", &state))?,
        attempts: row.try_get("attempts")?,
        provider_job_id: row.try_get("provider_job_id")?,
    })
}

impl Queue {
    pub fn new(db: Db, clock: Arc<dyn Clock>, policy: Policy) -> Queue {
        Queue {
            db,
            clock,
            policy,
            wake: Arc::default(),
            round_trips: Arc::default(),
        }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// How long work may go without a heartbeat before it is presumed abandoned.
    pub fn lease(&self) -> Duration {
        self.policy.lease
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// Database round trips made by the queue so far (for the throughput benchmark).
    pub fn round_trips(&self) -> u64 {
        self.round_trips.load(Ordering::Relaxed)
    }

    pub(super) fn count(&self, n: u64) {
        self.round_trips.fetch_add(n, Ordering::Relaxed);
    }

    /// Runs one statement on the pool, counted; returns the rows it changed.
    pub(super) async fn execute<'q>(
        &self,
        query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    ) -> Result<u64, sqlx::Error> {
        let done = query.execute(&self.db.pool).await?;
        self.count(1);
        Ok(done.rows_affected())
    }

    /// Adds round trips a job handler made on its own (they belong to the job's cost too).
    pub fn note_round_trips(&self, n: u64) {
        self.count(n);
    }

    /// Resolves when new work may be waiting (after [`Queue::notify`]).
    pub(crate) async fn woken(&self) {
        self.wake.notified().await
    }

    /// Wakes idle workers of this process; call after committing new work.
    pub fn notify(&self) {
        self.wake.notify_waiters();
    }

    pub(super) fn lease_until(&self, now: i64) -> i64 {
        now + self.policy.lease.as_millis() as i64
    }

    /// Adds a job inside the caller's transaction, so the job exists exactly when its subject
    /// does. Call [`Queue::notify`] after committing.
    pub async fn enqueue(
        &self,
        tx: &mut Transaction<'static, Any>,
        user_id: &str,
        kind: &str,
        subject_id: &str,
        provider: &str,
    ) -> Result<String, sqlx::Error> {
        let id = uuid::Uuid::new_v4().to_string();
        let now = self.now_ms();
        sqlx::query(
            "INSERT INTO jobs (id, user_id, kind, subject_id, provider, state, next_run_at, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'queued', $6, $6, $6)",
        )
        .bind(&id)
        .bind(user_id)
        .bind(kind)
        .bind(subject_id)
        .bind(provider)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        self.count(1);
        Ok(id)
    }

    /// Sets how many jobs `provider` may run at once across all processes.
    pub async fn set_slots(&self, provider: &str, slots: i64) -> Result<(), sqlx::Error> {
        let query = sqlx::query(
            "INSERT INTO provider_slots (provider, slots, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (provider) DO UPDATE SET slots = excluded.slots, updated_at = excluded.updated_at",
        )
        .bind(provider)
        .bind(slots.max(1))
        .bind(self.now_ms());
        self.execute(query).await.map(drop)
    }

    /// Makes sure `provider` has a limit row (the default) without changing an existing one.
    pub async fn ensure_slots(&self, provider: &str) -> Result<(), sqlx::Error> {
        let query = sqlx::query(
            "INSERT INTO provider_slots (provider, slots, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (provider) DO NOTHING",
        )
        .bind(provider)
        .bind(self.policy.default_slots.max(1))
        .bind(self.now_ms());
        self.execute(query).await.map(drop)
    }

    /// Claims the next due job: first one the provider already has (no slot needed), else a
    /// queued one whose provider has a free slot, which becomes `Submitting` in the same commit.
    pub async fn claim(&self) -> Result<Option<Lease>, sqlx::Error> {
        let now = self.now_ms();
        let token = uuid::Uuid::new_v4().to_string();
        let skip_locked = match self.db.backend {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let mut tx = self.db.begin_write().await?;
        self.count(1);
        let resume = format!(
            "UPDATE jobs SET lease_token = $1, lease_expires_at = $2, updated_at = $3 \
             WHERE id = (SELECT id FROM jobs WHERE state = 'running' AND next_run_at <= $3 \
             AND (lease_expires_at IS NULL OR lease_expires_at < $3) \
             ORDER BY next_run_at, id LIMIT 1{skip_locked}) RETURNING {COLUMNS}"
        );
        let row = sqlx::query(&resume)
            .bind(&token)
            .bind(self.lease_until(now))
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
        self.count(1);
        let row = match row {
            Some(row) => Some(row),
            None => self.claim_queued(&mut tx, &token, now).await?,
        };
        tx.commit().await?;
        self.count(1);
        row.map(|r| {
            Ok(Lease {
                job: claimed(&r)?,
                token,
            })
        })
        .transpose()
    }

    async fn claim_queued(
        &self,
        tx: &mut Transaction<'static, Any>,
        token: &str,
        now: i64,
    ) -> Result<Option<AnyRow>, sqlx::Error> {
        // Locking the slot rows serialises new submissions across processes, so two of them
        // cannot both see the last free slot.
        let lock = match self.db.backend {
            Backend::Postgres => " FOR UPDATE",
            Backend::Sqlite => "",
        };
        let free_sql = format!(
            "SELECT s.provider FROM provider_slots s WHERE s.slots > \
             (SELECT COUNT(*) FROM jobs j WHERE j.provider = s.provider AND j.state IN {ACTIVE}) \
             ORDER BY s.provider{lock}"
        );
        let free: Vec<String> = sqlx::query_scalar(&free_sql).fetch_all(&mut **tx).await?;
        self.count(1);
        if free.is_empty() {
            return Ok(None);
        }
        let placeholders: Vec<String> = (0..free.len()).map(|i| format!("${}", i + 4)).collect();
        let skip_locked = match self.db.backend {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE jobs SET state = 'submitting', lease_token = $1, lease_expires_at = $2, \
             updated_at = $3 WHERE id = (SELECT id FROM jobs WHERE state = 'queued' \
             AND next_run_at <= $3 AND provider IN ({}) ORDER BY next_run_at, created_at, id \
             LIMIT 1{skip_locked}) RETURNING {COLUMNS}",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(&sql)
            .bind(token)
            .bind(self.lease_until(now))
            .bind(now);
        for provider in &free {
            query = query.bind(provider);
        }
        let row = query.fetch_optional(&mut **tx).await?;
        self.count(1);
        Ok(row)
    }
}
