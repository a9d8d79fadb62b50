//! The durable job runner: background work (song generation) that survives restarts, inside the
//! server process.
//!
//! The original ran this on Celery with Redis as broker. That is two more services to operate,
//! and still not what a paid, non-idempotent provider needs: Celery's acks-late redelivers a task
//! whose worker died mid-request, which pays for the song again. Here a job is a database row;
//! workers claim rows atomically (PostgreSQL `FOR UPDATE SKIP LOCKED`, SQLite `BEGIN IMMEDIATE`)
//! under a lease they renew by heartbeat, so any number of server processes on one database share
//! the queue and a killed process's jobs are taken over when its leases expire. The submission
//! protocol (see [`JobState`]) makes "never pay twice without the user choosing to" a property of
//! the data, not of luck; the provider's concurrency limit is counted in the database across all
//! processes.
//!
//! The runner knows no feature: a job's kind is the string its feature gave it, and the one
//! exhaustive dispatch over every feature's kinds is a [`JobHandler`] in the server crate, where
//! features are wired together.

#[cfg(feature = "ssr")]
mod clock;
#[cfg(feature = "ssr")]
mod queue;
#[cfg(feature = "ssr")]
mod runner;
#[cfg(feature = "ssr")]
mod transitions;

#[cfg(feature = "ssr")]
pub use clock::{Clock, ManualClock, SystemClock};
#[cfg(feature = "ssr")]
pub use queue::{Lease, Policy, Queue};
#[cfg(feature = "ssr")]
pub use runner::{JobContext, JobHandler, Outcome, Runner, RunnerHandle};

shared::closed_set! {
    /// Where a job is in its life.
    ///
    /// The submission protocol: a job is `Submitting` (committed) before the provider POST goes out,
    /// and its provider id is committed the moment the answer arrives (`Running`). A job that has a
    /// provider id is resumed by polling; one found `Submitting` without an id after its lease
    /// expired may or may not exist at the provider, so it becomes `Interrupted` and waits for the
    /// user's one-click retry instead of being sent again.
    pub enum JobState {
        /// Waiting for a free provider slot (or a retry's backoff).
        Queued = "queued",
        /// The provider request may be in flight.
        Submitting = "submitting",
        /// The provider has the job: polling, then fetching the results.
        Running = "running",
        Succeeded = "succeeded",
        Failed = "failed",
        Cancelled = "cancelled",
        /// Cut off mid-submission; needs the user's decision.
        Interrupted = "interrupted",
    }
}

impl JobState {
    /// No worker will touch the job again (interrupted waits for the user).
    pub fn is_settled(self) -> bool {
        matches!(
            self,
            JobState::Succeeded | JobState::Failed | JobState::Cancelled | JobState::Interrupted
        )
    }

    /// The user may start it again.
    pub fn can_retry(self) -> bool {
        matches!(
            self,
            JobState::Failed | JobState::Cancelled | JobState::Interrupted
        )
    }
}

shared::closed_set! {
    /// Why a job's last attempt failed, as stored in `jobs.error_kind` and shown on the song.
    pub enum FailureKind {
        /// The provider refused the API key.
        InvalidKey = "invalid_key",
        /// The provider refused this request.
        Rejected = "rejected",
        RateLimited = "rate_limited",
        Unavailable = "unavailable",
        Timeout = "timeout",
        /// The provider's answer did not match its documented format.
        BadResponse = "bad_response",
        /// The provider ran the job and reported it failed.
        GenerationFailed = "generation_failed",
        /// Cut off mid-submission (see [`JobState::Interrupted`]).
        Interrupted = "interrupted",
        /// Fetching the results from the provider failed.
        Download = "download",
        /// Writing the results to our storage failed.
        Storage = "storage",
        Database = "database",
        /// The job's subject was deleted meanwhile.
        Gone = "gone",
        /// No handler knows the job's kind.
        UnknownKind = "unknown_kind",
        /// Read in place of a value this version does not know (written by a newer one).
        Other = "other",
    }
}

impl From<crate::error::ProviderProblem> for FailureKind {
    fn from(problem: crate::error::ProviderProblem) -> FailureKind {
        use crate::error::ProviderProblem as P;
        match problem {
            P::InvalidKey => FailureKind::InvalidKey,
            P::Rejected => FailureKind::Rejected,
            P::RateLimited => FailureKind::RateLimited,
            P::Unavailable => FailureKind::Unavailable,
            P::Timeout => FailureKind::Timeout,
            P::BadResponse => FailureKind::BadResponse,
        }
    }
}
