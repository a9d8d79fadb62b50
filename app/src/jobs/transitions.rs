//! What happens to a job after it was claimed: each transition is one SQL statement. A
//! worker's writes name its lease token and the states a worker may write in, so a worker that
//! lost its lease (cancelled, or taken over after expiry) changes nothing.

use super::queue::ACTIVE;
use super::{FailureKind, JobState, Lease, Queue};

impl Queue {
    /// Flags jobs whose worker died mid-submission: they may exist at the provider, so only
    /// the user may send them again.
    pub async fn flag_interrupted(&self) -> Result<u64, sqlx::Error> {
        self.execute(
            sqlx::query(
                "UPDATE jobs SET state = 'interrupted', error_kind = 'interrupted', \
                 lease_token = NULL, lease_expires_at = NULL, updated_at = $1 \
                 WHERE state = 'submitting' AND provider_job_id IS NULL AND lease_expires_at < $1",
            )
            .bind(self.now_ms()),
        )
        .await
    }

    /// Extends the lease; false when it was lost (cancelled, or taken over after expiry).
    pub async fn heartbeat(&self, lease: &Lease) -> Result<bool, sqlx::Error> {
        let sql = format!(
            "UPDATE jobs SET lease_expires_at = $3 WHERE id = $1 AND lease_token = $2 \
             AND state IN {ACTIVE}"
        );
        let query = sqlx::query(&sql)
            .bind(&lease.job.id)
            .bind(&lease.token)
            .bind(self.lease_until(self.now_ms()));
        Ok(self.execute(query).await? == 1)
    }

    /// Commits the provider's job id the moment it is known. Not fenced: knowing the id is
    /// always better than not, even for a worker that lost its lease (or a cancelled job).
    pub async fn record_provider_id(
        &self,
        lease: &Lease,
        provider_job_id: &str,
    ) -> Result<(), sqlx::Error> {
        let query = sqlx::query(
            "UPDATE jobs SET provider_job_id = $2, \
             state = CASE WHEN state IN ('submitting', 'interrupted') THEN 'running' ELSE state END, \
             error_kind = CASE WHEN state = 'interrupted' THEN NULL ELSE error_kind END, \
             updated_at = $3 WHERE id = $1 AND provider_job_id IS NULL",
        )
        .bind(&lease.job.id)
        .bind(provider_job_id)
        .bind(self.now_ms());
        self.execute(query).await.map(drop)
    }

    /// The provider is still working: record progress and release until the next poll.
    pub async fn pending(
        &self,
        lease: &Lease,
        progress: i64,
        provider_status: &str,
    ) -> Result<bool, sqlx::Error> {
        let now = self.now_ms();
        let next = now + self.policy.poll_interval.as_millis() as i64;
        let query = sqlx::query(
            "UPDATE jobs SET progress = $3, provider_status = $4, attempts = 0, next_run_at = $5, \
             error_kind = NULL, last_error = NULL, lease_token = NULL, lease_expires_at = NULL, \
             updated_at = $6 WHERE id = $1 AND lease_token = $2 AND state = 'running'",
        )
        .bind(&lease.job.id)
        .bind(&lease.token)
        .bind(progress.clamp(0, 100))
        .bind(provider_status)
        .bind(next)
        .bind(now);
        Ok(self.execute(query).await? == 1)
    }

    /// A retryable failure: back off exponentially; after `max_attempts` the job fails. A job
    /// whose submission certainly created nothing goes back to `Queued` (freeing its slot).
    pub async fn retry_later(
        &self,
        lease: &Lease,
        error_kind: FailureKind,
        message: &str,
    ) -> Result<JobState, sqlx::Error> {
        let now = self.now_ms();
        let attempt = lease.job.attempts + 1;
        let state = if attempt >= self.policy.max_attempts {
            JobState::Failed
        } else if lease.job.provider_job_id.is_none() {
            JobState::Queued
        } else {
            JobState::Running
        };
        let next = now + self.policy.backoff(attempt).as_millis() as i64;
        let sql = format!(
            "UPDATE jobs SET attempts = $3, state = $4, next_run_at = $5, error_kind = $6, \
             last_error = $7, finished_at = $8, lease_token = NULL, lease_expires_at = NULL, \
             updated_at = $9 WHERE id = $1 AND lease_token = $2 AND state IN {ACTIVE}"
        );
        let query = sqlx::query(&sql)
            .bind(&lease.job.id)
            .bind(&lease.token)
            .bind(attempt)
            .bind(state.as_str())
            .bind(next)
            .bind(error_kind.as_str())
            .bind(message)
            .bind((state == JobState::Failed).then_some(now))
            .bind(now);
        self.execute(query).await?;
        Ok(state)
    }

    /// Ends the job (`Succeeded`, `Failed` or `Interrupted`) with an optional error.
    pub async fn finish(
        &self,
        lease: &Lease,
        state: JobState,
        error: Option<(FailureKind, &str)>,
    ) -> Result<bool, sqlx::Error> {
        let sql = format!(
            "UPDATE jobs SET state = $3, progress = CASE WHEN $3 = 'succeeded' THEN 100 ELSE progress END, \
             error_kind = $4, last_error = $5, finished_at = $6, lease_token = NULL, \
             lease_expires_at = NULL, updated_at = $6 \
             WHERE id = $1 AND lease_token = $2 AND state IN {ACTIVE}"
        );
        let query = sqlx::query(&sql)
            .bind(&lease.job.id)
            .bind(&lease.token)
            .bind(state.as_str())
            .bind(error.map(|e| e.0.as_str()))
            .bind(error.map(|e| e.1))
            .bind(self.now_ms());
        Ok(self.execute(query).await? == 1)
    }

    /// Gives a running job back at shutdown so another process polls it at once. A job still
    /// `Submitting` keeps its lease: when it expires the job is flagged, as it must be.
    pub async fn release(&self, lease: &Lease) -> Result<(), sqlx::Error> {
        let query = sqlx::query(
            "UPDATE jobs SET lease_token = NULL, lease_expires_at = NULL \
             WHERE id = $1 AND lease_token = $2 AND state = 'running'",
        )
        .bind(&lease.job.id)
        .bind(&lease.token);
        self.execute(query).await.map(drop)
    }

    /// The user's cancel; false when the job is already settled (or not theirs).
    pub async fn cancel(&self, user_id: &str, job_id: &str) -> Result<bool, sqlx::Error> {
        let query = sqlx::query(
            "UPDATE jobs SET state = 'cancelled', lease_token = NULL, lease_expires_at = NULL, \
             finished_at = $3, updated_at = $3 WHERE id = $1 AND user_id = $2 \
             AND state IN ('queued', 'submitting', 'running', 'interrupted')",
        )
        .bind(job_id)
        .bind(user_id)
        .bind(self.now_ms());
        Ok(self.execute(query).await? == 1)
    }

    /// The user's retry of a failed, cancelled or interrupted job: submitted afresh.
    pub async fn requeue(&self, user_id: &str, job_id: &str) -> Result<bool, sqlx::Error> {
        let query = sqlx::query(
            "UPDATE jobs SET state = 'queued', attempts = 0, provider_job_id = NULL, \
             provider_status = NULL, progress = 0, error_kind = NULL, last_error = NULL, \
             next_run_at = $3, finished_at = NULL, lease_token = NULL, lease_expires_at = NULL, \
             updated_at = $3 WHERE id = $1 AND user_id = $2 \
             AND state IN ('failed', 'cancelled', 'interrupted')",
        )
        .bind(job_id)
        .bind(user_id)
        .bind(self.now_ms());
        let requeued = self.execute(query).await? == 1;
        if requeued {
            self.notify();
        }
        Ok(requeued)
    }
}
