//! The song job's steps: submit once, poll, then copy the results into storage right away
//! (the provider's URLs expire).

use super::db::{self, JobSong, NewChoice};
use super::job_kind::SongJob;
use crate::error::ProviderProblem;
use crate::infra::StorageKey;
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

/// Copies every choice's MP3 and FLAC into storage under keys derived from song and index, so
/// fetching again overwrites instead of duplicating, then records them.
async fn fetch(ctx: &JobContext, song: &JobSong, task: &Task) -> Outcome {
    if task.choices.is_empty() {
        return failed(FailureKind::BadResponse, "succeeded without results");
    }
    let mut saved = Vec::new();
    for choice in &task.choices {
        let base = format!("songs/{}/{}/{}", song.user_id, song.id, choice.index);
        let mp3_key = format!("{base}.mp3");
        if let Err(outcome) = copy(ctx, &choice.url, &mp3_key).await {
            return outcome;
        }
        let flac_key = match &choice.flac_url {
            Some(url) => {
                let key = format!("{base}.flac");
                if let Err(outcome) = copy(ctx, url, &key).await {
                    return outcome;
                }
                Some(key)
            }
            None => None,
        };
        saved.push(NewChoice {
            provider_choice_id: choice.id.clone(),
            index: choice.index as i64,
            duration_ms: choice.duration.unwrap_or(0.0).round() as i64,
            mp3_key,
            flac_key,
        });
    }
    // BEGIN, one upsert per choice, the song's completion, COMMIT.
    ctx.queue.note_round_trips(3 + saved.len() as u64);
    match db::save_choices(ctx.queue.db(), &song.id, &saved, ctx.queue.now_ms()).await {
        Ok(()) => Outcome::Succeeded,
        Err(err) => retry(FailureKind::Database, &err.to_string()),
    }
}

async fn copy(ctx: &JobContext, url: &str, key: &str) -> Result<(), Outcome> {
    let bytes = ctx
        .providers
        .mureka
        .download(url)
        .await
        .map_err(|e| retry(FailureKind::Download, &e.detail))?;
    let key = StorageKey::new(key).map_err(|e| failed(FailureKind::Storage, &e.to_string()))?;
    ctx.storage
        .put(&key, &bytes)
        .await
        .map_err(|e| retry(FailureKind::Storage, &e.to_string()))
}
