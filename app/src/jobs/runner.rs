//! Worker loops: claim a job, run one step of it under a heartbeat, record the outcome.
//!
//! A step is short (one submission, one poll, or fetching the results), so a job is held only
//! while something happens; between polls it sits in the table where any process can pick it up.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinSet;

use std::future::Future;

use super::{FailureKind, JobState, Lease, Queue};
use crate::infra::Storage;
use crate::providers::Providers;

/// What one step of a job came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The provider is still working; poll again after the poll interval.
    Pending {
        progress: i64,
        provider_status: String,
    },
    Succeeded,
    /// A failure worth retrying (timeouts, 429, 5xx, a failed download), with backoff.
    Retry {
        kind: FailureKind,
        message: String,
    },
    /// A failure retrying cannot fix (401, 400, the provider's "failed").
    Failed {
        kind: FailureKind,
        message: String,
    },
    /// The submission's fate is unknown: the provider may have the job. Never resent by itself.
    Interrupted {
        message: String,
    },
}

/// What handlers may use.
#[derive(Clone)]
pub struct JobContext {
    pub queue: Queue,
    pub storage: Storage,
    pub providers: Arc<Providers>,
}

/// Runs one step of a claimed job, whatever its kind. The server crate implements it once, as
/// the exhaustive match over every feature's job kinds; tests implement it to script outcomes.
pub trait JobHandler: Clone + Send + Sync + 'static {
    fn step(&self, ctx: &JobContext, lease: &Lease) -> impl Future<Output = Outcome> + Send;
}

/// The worker pool of one server process.
pub struct Runner<H> {
    ctx: JobContext,
    handler: H,
    workers: usize,
    idle_poll: Duration,
}

/// Stops a started [`Runner`].
pub struct RunnerHandle {
    stop: watch::Sender<bool>,
    done: tokio::task::JoinHandle<()>,
}

impl RunnerHandle {
    /// Graceful stop: no new claims; steps in flight get `drain` to finish, then running jobs
    /// are released for other processes (jobs mid-submission keep their lease, see
    /// [`Queue::release`]).
    pub async fn shutdown(self, drain: Duration) {
        let _ = self.stop.send(true);
        let _ = tokio::time::timeout(drain + Duration::from_secs(5), self.done).await;
    }
}

/// Leases of the steps currently running in this process, for release at shutdown.
type InFlight = Arc<Mutex<HashMap<String, Lease>>>;

impl<H: JobHandler> Runner<H> {
    pub fn new(ctx: JobContext, handler: H, workers: usize) -> Runner<H> {
        Runner {
            ctx,
            handler,
            workers: workers.max(1),
            idle_poll: Duration::from_millis(500),
        }
    }

    /// How often an idle worker looks for due jobs (it is also woken by new work).
    pub fn idle_poll(mut self, every: Duration) -> Runner<H> {
        self.idle_poll = every;
        self
    }

    /// Starts the workers on the current runtime.
    pub fn start(self, drain: Duration) -> RunnerHandle {
        let (stop, stopped) = watch::channel(false);
        let in_flight: InFlight = Arc::default();
        let done = tokio::spawn(async move {
            let mut workers = JoinSet::new();
            for _ in 0..self.workers {
                workers.spawn(worker(
                    self.ctx.clone(),
                    self.handler.clone(),
                    stopped.clone(),
                    in_flight.clone(),
                    self.idle_poll,
                ));
            }
            workers.spawn(sweeper(self.ctx.queue.clone(), stopped.clone()));
            let mut stopped = stopped;
            let _ = stopped.wait_for(|s| *s).await;
            if tokio::time::timeout(drain, async {
                while workers.join_next().await.is_some() {}
            })
            .await
            .is_err()
            {
                workers.abort_all();
            }
            let leases: Vec<Lease> = in_flight
                .lock()
                .expect("lock")
                .drain()
                .map(|(_, l)| l)
                .collect();
            for lease in leases {
                let _ = self.ctx.queue.release(&lease).await;
            }
        });
        RunnerHandle { stop, done }
    }
}

async fn worker<H: JobHandler>(
    ctx: JobContext,
    handler: H,
    mut stop: watch::Receiver<bool>,
    in_flight: InFlight,
    idle_poll: Duration,
) {
    while !*stop.borrow() {
        let lease = match ctx.queue.claim().await {
            Ok(Some(lease)) => lease,
            Ok(None) => {
                tokio::select! {
                    _ = ctx.queue.woken() => {}
                    _ = tokio::time::sleep(idle_poll) => {}
                    _ = stop.changed() => {}
                }
                continue;
            }
            Err(err) => {
                tracing::warn!(error = %err, "claiming a job failed");
                tokio::time::sleep(idle_poll).await;
                continue;
            }
        };
        in_flight
            .lock()
            .expect("lock")
            .insert(lease.token.clone(), lease.clone());
        run_step(&ctx, &handler, &lease).await;
        in_flight.lock().expect("lock").remove(&lease.token);
    }
}

/// Runs the step under a heartbeat; a lost lease (cancelled, or taken over) abandons it.
async fn run_step<H: JobHandler>(ctx: &JobContext, handler: &H, lease: &Lease) {
    let heartbeat = async {
        let every = ctx.queue.policy.lease / 3;
        loop {
            tokio::time::sleep(every).await;
            match ctx.queue.heartbeat(lease).await {
                Ok(true) => {}
                Ok(false) => return,
                Err(err) => tracing::warn!(error = %err, job = %lease.job.id, "heartbeat failed"),
            }
        }
    };
    let outcome = tokio::select! {
        outcome = handler.step(ctx, lease) => outcome,
        _ = heartbeat => {
            tracing::info!(job = %lease.job.id, "lease lost, step abandoned");
            return;
        }
    };
    if let Err(err) = record(&ctx.queue, lease, &outcome).await {
        tracing::warn!(error = %err, job = %lease.job.id, "recording a job step failed");
    }
}

async fn record(queue: &Queue, lease: &Lease, outcome: &Outcome) -> Result<(), sqlx::Error> {
    match outcome {
        Outcome::Pending {
            progress,
            provider_status,
        } => {
            queue.pending(lease, *progress, provider_status).await?;
        }
        Outcome::Succeeded => {
            queue.finish(lease, JobState::Succeeded, None).await?;
        }
        Outcome::Retry { kind, message } => {
            let state = queue.retry_later(lease, *kind, message).await?;
            tracing::info!(job = %lease.job.id, ?state, %kind, message, "job step failed, will retry");
        }
        Outcome::Failed { kind, message } => {
            queue
                .finish(lease, JobState::Failed, Some((*kind, message)))
                .await?;
        }
        Outcome::Interrupted { message } => {
            queue
                .finish(
                    lease,
                    JobState::Interrupted,
                    Some((FailureKind::Interrupted, message)),
                )
                .await?;
        }
    }
    // A finished job frees a provider slot another worker may be waiting for.
    queue.notify();
    Ok(())
}

/// Periodically flags jobs whose worker died mid-submission.
async fn sweeper(queue: Queue, mut stop: watch::Receiver<bool>) {
    let every = (queue.policy.lease / 2).max(Duration::from_millis(100));
    while !*stop.borrow() {
        match queue.flag_interrupted().await {
            Ok(n) if n > 0 => tracing::warn!(count = n, "jobs interrupted mid-submission flagged"),
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "flagging interrupted jobs failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.changed() => {}
        }
    }
}
