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
pub use runner::{JobContext, Outcome, Runner, RunnerHandle};

use serde::{Deserialize, Serialize};

/// What kind of work a job does; [`runner`]'s dispatch matches on it exhaustively, so a kind
/// without a handler does not compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobKind {
    /// A song with vocals from lyrics (`/v1/song/*`).
    Song,
    /// An instrumental from a style prompt (`/v1/instrumental/*`).
    Instrumental,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::Song => "song",
            JobKind::Instrumental => "instrumental",
        }
    }

    pub fn parse(s: &str) -> Option<JobKind> {
        match s {
            "song" => Some(JobKind::Song),
            "instrumental" => Some(JobKind::Instrumental),
            _ => None,
        }
    }
}

/// Where a job is in its life.
///
/// The submission protocol: a job is `Submitting` (committed) before the provider POST goes out,
/// and its provider id is committed the moment the answer arrives (`Running`). A job that has a
/// provider id is resumed by polling; one found `Submitting` without an id after its lease
/// expired may or may not exist at the provider, so it becomes `Interrupted` and waits for the
/// user's one-click retry instead of being sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobState {
    /// Waiting for a free provider slot (or a retry's backoff).
    Queued,
    /// The provider request may be in flight.
    Submitting,
    /// The provider has the job: polling, then fetching the results.
    Running,
    Succeeded,
    Failed,
    Cancelled,
    /// Cut off mid-submission; needs the user's decision.
    Interrupted,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Submitting => "submitting",
            JobState::Running => "running",
            JobState::Succeeded => "succeeded",
            JobState::Failed => "failed",
            JobState::Cancelled => "cancelled",
            JobState::Interrupted => "interrupted",
        }
    }

    pub fn parse(s: &str) -> Option<JobState> {
        Some(match s {
            "queued" => JobState::Queued,
            "submitting" => JobState::Submitting,
            "running" => JobState::Running,
            "succeeded" => JobState::Succeeded,
            "failed" => JobState::Failed,
            "cancelled" => JobState::Cancelled,
            "interrupted" => JobState::Interrupted,
            _ => return None,
        })
    }

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
