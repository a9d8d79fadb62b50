//! Where features meet the job runner: the one exhaustive dispatch over every feature's job
//! kinds, and the start of this process's workers. A new kind of job touches its feature (an
//! enum of its kinds and a step function) and the match below.

use app::jobs::{FailureKind, JobContext, JobHandler, Lease, Outcome, Runner, RunnerHandle};
use app::songs::job_kind::SongJob;
use app::state::AppState;

use crate::config::Config;

/// Every kind of job there is, by the feature that owns it.
enum Kind {
    Songs(SongJob),
}

impl Kind {
    fn parse(kind: &str) -> Option<Kind> {
        SongJob::parse(kind).map(Kind::Songs)
    }
}

/// The application's [`JobHandler`]: parses a job's kind and runs its feature's step.
#[derive(Clone, Copy)]
pub struct JobKinds;

impl JobHandler for JobKinds {
    async fn step(&self, ctx: &JobContext, lease: &Lease) -> Outcome {
        match Kind::parse(&lease.job.kind) {
            Some(Kind::Songs(kind)) => app::songs::job_step::step(ctx, lease, kind).await,
            // A row written by a newer version, or by hand: fail it visibly, never loop on it.
            None => Outcome::Failed {
                kind: FailureKind::UnknownKind,
                message: format!("no handler for job kind {:?}", lease.job.kind),
            },
        }
    }
}

/// Starts this process's background work: the sweep that marks chat replies of a stopped
/// process interrupted and the storage outbox's retries (in every process), and the job workers, after settling the provider's
/// concurrency limit: the configured one, else the account's own (`concurrent_request_limit`),
/// else the queue's default. Every process writes the same shared row, so the limit holds
/// across processes.
pub async fn start_jobs(state: &AppState, config: &Config) -> Option<RunnerHandle> {
    app::chat::reply::start_sweeper(state.clone());
    app::infra::outbox::start(
        state.db.clone(),
        state.storage.clone(),
        config.storage_retry_interval,
    );
    let slots = match config.mureka_concurrency {
        Some(n) => Some(n),
        None => match state.providers.mureka.billing().await {
            Ok(billing) => Some(billing.concurrent_request_limit),
            Err(err) => {
                tracing::warn!(error = %err, "Mureka billing unavailable; keeping the known limit");
                None
            }
        },
    };
    let provider = app::songs::db::PROVIDER;
    let set = match slots {
        Some(n) => state.jobs.set_slots(provider, n).await,
        None => state.jobs.ensure_slots(provider).await,
    };
    if let Err(err) = set {
        tracing::error!(error = %err, "provider slots not set");
    }
    if config.job_workers == 0 {
        return None;
    }
    let ctx = JobContext {
        queue: state.jobs.clone(),
        storage: state.storage.clone(),
        providers: state.providers.clone(),
    };
    let idle = config
        .job_poll_interval
        .min(std::time::Duration::from_millis(500));
    Some(
        Runner::new(ctx, JobKinds, config.job_workers)
            .idle_poll(idle)
            .start(
                config
                    .provider_timeout
                    .min(std::time::Duration::from_secs(20)),
            ),
    )
}
