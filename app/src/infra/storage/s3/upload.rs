//! Writing an object: one `PutObject` when it fits in a part, otherwise a multipart upload
//! (a few parts in flight at once) completed only after the last byte arrived and the hash
//! matched, aborted on any failure.

use aws_sdk_s3::error::DisplayErrorContext;
use aws_sdk_s3::primitives::ByteStream as SdkBody;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};
use bytes::{Bytes, BytesMut};
use futures::StreamExt;

use super::{failure, S3Store};
use crate::infra::storage::{ByteStream, StorageError, StorageKey, Tallied, Tally, WriteCheck};

/// Part size of multipart uploads (S3's minimum is 5 MiB for all but the last part).
const PART_SIZE: usize = 8 * 1024 * 1024;

/// Parts uploaded at once: the network stays busy while the next part fills. Memory is about
/// `PART_SIZE` × (this + 1).
const PARTS_IN_FLIGHT: usize = 3;

impl S3Store {
    pub async fn write(
        &self,
        key: &StorageKey,
        mut body: ByteStream,
        check: WriteCheck,
    ) -> Result<Tallied, StorageError> {
        let mut tally = Tally::new(check.max_bytes);
        let mut buf = BytesMut::with_capacity(PART_SIZE);
        // Aborts the upload if this future is dropped midway (a cancelled job step).
        // Holds the parts in flight (spawned, so they go up while the next part fills) and
        // aborts the upload if this future is dropped midway (a cancelled job step).
        let mut upload = AbortOnDrop {
            store: self.clone(),
            key: key.as_str().to_string(),
            id: None,
            in_flight: tokio::task::JoinSet::new(),
        };
        let result = async {
            let mut parts = Vec::new();
            let mut started: i32 = 0;
            while let Some(chunk) = body.next().await {
                let chunk = chunk.map_err(StorageError::Source)?;
                tally.add(&chunk)?;
                buf.extend_from_slice(&chunk);
                while buf.len() >= PART_SIZE {
                    let part = buf.split_to(PART_SIZE).freeze();
                    let id = match &upload.id {
                        Some(id) => id.clone(),
                        None => upload.id.insert(self.start_multipart(key).await?).clone(),
                    };
                    if upload.in_flight.len() >= PARTS_IN_FLIGHT {
                        parts.push(joined(upload.in_flight.join_next().await)?);
                    }
                    started += 1;
                    upload.in_flight.spawn(self.clone().upload_part(
                        upload.key.clone(),
                        id,
                        started,
                        part,
                    ));
                }
            }
            let done = tally.finish(check.sha256)?;
            let Some(id) = upload.id.clone() else {
                let bytes = buf.split().freeze();
                self.client
                    .put_object()
                    .bucket(&self.bucket)
                    .key(key.as_str())
                    .content_length(bytes.len() as i64)
                    .body(SdkBody::from(bytes))
                    .send()
                    .await
                    .map_err(|e| failure("PutObject", &e))?;
                return Ok(done);
            };
            if !buf.is_empty() {
                started += 1;
                let rest = buf.split().freeze();
                upload.in_flight.spawn(self.clone().upload_part(
                    upload.key.clone(),
                    id.clone(),
                    started,
                    rest,
                ));
            }
            while let Some(part) = upload.in_flight.join_next().await {
                parts.push(joined(Some(part))?);
            }
            parts.sort_by_key(|p: &CompletedPart| p.part_number());
            self.client
                .complete_multipart_upload()
                .bucket(&self.bucket)
                .key(key.as_str())
                .upload_id(&id)
                .multipart_upload(
                    CompletedMultipartUpload::builder()
                        .set_parts(Some(parts))
                        .build(),
                )
                .send()
                .await
                .map_err(|e| failure("CompleteMultipartUpload", &e))?;
            upload.id = None;
            Ok(done)
        }
        .await;
        if result.is_err() {
            // Let parts already on the wire land before the abort, so none outlives it.
            while upload.in_flight.join_next().await.is_some() {}
        }
        // On failure `upload` still holds the id and aborts it as it goes out of scope.
        result
    }

    async fn start_multipart(&self, key: &StorageKey) -> Result<String, StorageError> {
        let out = self
            .client
            .create_multipart_upload()
            .bucket(&self.bucket)
            .key(key.as_str())
            .send()
            .await
            .map_err(|e| failure("CreateMultipartUpload", &e))?;
        out.upload_id()
            .map(str::to_string)
            .ok_or_else(|| StorageError::S3("CreateMultipartUpload returned no upload id".into()))
    }

    async fn upload_part(
        self,
        key: String,
        upload_id: String,
        number: i32,
        part: Bytes,
    ) -> Result<CompletedPart, StorageError> {
        let out = self
            .client
            .upload_part()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload_id)
            .part_number(number)
            .content_length(part.len() as i64)
            .body(SdkBody::from(part))
            .send()
            .await
            .map_err(|e| failure("UploadPart", &e))?;
        Ok(CompletedPart::builder()
            .set_e_tag(out.e_tag().map(str::to_string))
            .part_number(number)
            .build())
    }
}

type PartResult = Result<Result<CompletedPart, StorageError>, tokio::task::JoinError>;

fn joined(part: Option<PartResult>) -> Result<CompletedPart, StorageError> {
    match part {
        Some(Ok(result)) => result,
        Some(Err(e)) => Err(StorageError::S3(format!("part upload task: {e}"))),
        None => Err(StorageError::S3("no part upload in flight".into())),
    }
}

/// An unfinished multipart upload, aborted in the background when dropped with an id, after
/// its parts in flight have stopped (a part landing after the abort would outlive it).
struct AbortOnDrop {
    store: S3Store,
    key: String,
    id: Option<String>,
    in_flight: tokio::task::JoinSet<Result<CompletedPart, StorageError>>,
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        let Some(id) = self.id.take() else {
            return;
        };
        let (store, key) = (self.store.clone(), std::mem::take(&mut self.key));
        let mut in_flight = std::mem::take(&mut self.in_flight);
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        runtime.spawn(async move {
            in_flight.shutdown().await;
            let abort = store
                .client
                .abort_multipart_upload()
                .bucket(&store.bucket)
                .key(&key)
                .upload_id(&id)
                .send()
                .await;
            if let Err(e) = abort {
                tracing::warn!(key, error = %DisplayErrorContext(&e),
                    "could not abort an unfinished multipart upload; a lifecycle rule removes it");
            }
        });
    }
}
