//! The song job's steps: submit once, poll, then copy the results into storage right away
//! (the provider's URLs expire).

use super::db::{self, JobSong, NewChoice};
use super::job_kind::SongJob;
use crate::error::AppError;
use crate::error::ProviderProblem;
use crate::infra::objects::Unclaimed;
use crate::infra::storage::WriteCheck;
use crate::infra::{objects, outbox, StorageKey};
use crate::jobs::{FailureKind, JobContext, Lease, Outcome};
use crate::providers::mureka::{GenerateRequest, Generator, SubmitError, Task, TaskStatus};
use crate::providers::ProviderError;

/// Variants asked of the provider per song.
const CHOICES: u32 = 2;

/// Runs one step of a song job.
pub async fn step(ctx: &JobContext, lease: &Lease, job: SongJob) -> Outcome {
    let generator = job.generator();
    ctx.queue.note_round_trips(1);
    let song = match db::for_job(ctx.queue.db(), &lease.job.subject_id).await {
        Ok(Some(song)) => song,
        Ok(None) => return failed(FailureKind::Gone, "the song was deleted"),
        Err(err) => return retry(FailureKind::Database, &err.to_string()),
    };
    match &lease.job.provider_job_id {
        None => submit(ctx, lease, generator, &song).await,
        Some(id) => poll(ctx, generator, &song, id).await,
    }
}

fn failed(kind: FailureKind, message: &str) -> Outcome {
    Outcome::Failed {
        kind,
        message: message.into(),
    }
}

fn retry(kind: FailureKind, message: &str) -> Outcome {
    Outcome::Retry {
        kind,
        message: message.into(),
    }
}

/// 429, 5xx, timeouts and garbled answers pass; a refused key or request does not.
fn classify(err: ProviderError) -> Outcome {
    let kind = FailureKind::from(err.problem);
    match err.problem {
        ProviderProblem::InvalidKey | ProviderProblem::Rejected => failed(kind, &err.detail),
        _ => retry(kind, &err.detail),
    }
}

async fn submit(ctx: &JobContext, lease: &Lease, generator: Generator, song: &JobSong) -> Outcome {
    let request = GenerateRequest {
        lyrics: (generator == Generator::Song).then(|| song.lyrics.clone()),
        model: song.model.clone(),
        n: CHOICES,
        prompt: song.prompt.clone(),
    };
    match ctx.providers.mureka.submit(generator, &request).await {
        Ok(task) => {
            if let Err(err) = ctx.queue.record_provider_id(lease, &task.id).await {
                // The provider has the job but we could not write its id down.
                tracing::error!(error = %err, provider_job = %task.id, "provider id not recorded");
                return Outcome::Interrupted {
                    message: format!("provider job {} not recorded", task.id),
                };
            }
            Outcome::Pending {
                progress: 0,
                provider_status: task.status.unwrap_or(TaskStatus::Preparing).as_str().into(),
            }
        }
        Err(SubmitError::NotCreated(err)) => classify(err),
        Err(SubmitError::Unknown(err)) => Outcome::Interrupted {
            message: err.detail,
        },
    }
}

async fn poll(ctx: &JobContext, generator: Generator, song: &JobSong, id: &str) -> Outcome {
    let task = match ctx.providers.mureka.query(generator, id).await {
        Ok(task) => task,
        // A 404 while polling means the provider lost the job: asking again won't help.
        Err(err) => return classify(err),
    };
    match task.status {
        TaskStatus::Succeeded => fetch(ctx, song, &task).await,
        TaskStatus::Failed | TaskStatus::Timeouted | TaskStatus::Cancelled => failed(
            FailureKind::GenerationFailed,
            task.failed_reason
                .as_deref()
                .unwrap_or(task.status.as_str()),
        ),
        status => Outcome::Pending {
            progress: task
                .progress
                .map(|p| p.round() as i64)
                .unwrap_or(match status {
                    TaskStatus::Preparing | TaskStatus::Queued => 5,
                    TaskStatus::Streaming => 80,
                    _ => 50,
                }),
            provider_status: status.as_str().into(),
        },
    }
}

/// Copies every choice's MP3 and FLAC into storage as they download, then records them and
/// claims the files in one transaction. Fetching again (after a crash) writes new objects; the
/// ones a dead attempt left are removed when their write lease runs out.
async fn fetch(ctx: &JobContext, song: &JobSong, task: &Task) -> Outcome {
    if task.choices.is_empty() {
        return failed(FailureKind::BadResponse, "succeeded without results");
    }
    let db = ctx.queue.db();
    let mut saved = Vec::new();
    let mut written = Vec::new();
    for choice in &task.choices {
        let mp3 = match copy(ctx, song, &choice.url, ".mp3").await {
            Ok(w) => w,
            Err(outcome) => {
                objects::discard(db, &ctx.storage, written).await;
                return outcome;
            }
        };
        let flac = match &choice.flac_url {
            Some(url) => match copy(ctx, song, url, ".flac").await {
                Ok(w) => Some(w),
                Err(outcome) => {
                    written.push(mp3);
                    objects::discard(db, &ctx.storage, written).await;
                    return outcome;
                }
            },
            None => None,
        };
        saved.push(NewChoice {
            provider_choice_id: choice.id.clone(),
            index: choice.index as i64,
            duration_ms: choice.duration.unwrap_or(0.0).round() as i64,
            mp3_key: mp3.key.as_str().to_string(),
            flac_key: flac.as_ref().map(|f| f.key.as_str().to_string()),
        });
        written.push(mp3);
        written.extend(flac);
    }
    // BEGIN, old keys, one upsert and one claim per file, the song's completion, COMMIT.
    ctx.queue
        .note_round_trips(4 + saved.len() as u64 + written.len() as u64);
    match db::save_choices(db, &song.id, &saved, &written, ctx.queue.now_ms()).await {
        Ok(replaced) => {
            outbox::deliver(db, &ctx.storage, &replaced).await;
            Outcome::Succeeded
        }
        Err(err) => {
            objects::discard(db, &ctx.storage, written).await;
            retry(FailureKind::Database, &err.to_string())
        }
    }
}

async fn copy(
    ctx: &JobContext,
    song: &JobSong,
    url: &str,
    suffix: &str,
) -> Result<Unclaimed, Outcome> {
    let body = ctx
        .providers
        .mureka
        .download(url)
        .await
        .map_err(|e| retry(FailureKind::Download, &e.detail))?;
    let key = StorageKey::generate(&format!("songs/{}/{}", song.user_id, song.id), suffix)
        .map_err(|e| failed(FailureKind::Storage, &e.to_string()))?;
    objects::write(
        ctx.queue.db(),
        &ctx.storage,
        key,
        body,
        WriteCheck::default(),
    )
    .await
    .map_err(|e| match e {
        // The download broke midway: worth another try, like a failed download.
        AppError::BadRequest => retry(FailureKind::Download, "download interrupted"),
        other => retry(FailureKind::Storage, &other.to_string()),
    })
}
