//! Writing an object: one `PutObject` when it fits in a part, otherwise a multipart upload
//! (a few parts in flight at once) completed only after the last byte arrived and the hash
//! matched, aborted on any failure.

use aws_sdk_s3::error::DisplayErrorContext;
use aws_sdk_s3::primitives::ByteStream as SdkBody;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};
use bytes::{Bytes, BytesMut};
use futures::stream::FuturesUnordered;
use futures::StreamExt;

use super::{failure, S3Store};
use crate::infra::storage::{ByteStream, StorageError, StorageKey, Tally, WriteCheck};

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
    ) -> Result<(u64, String), StorageError> {
        let mut tally = Tally::new(check.max_bytes);
        let mut buf = BytesMut::with_capacity(PART_SIZE);
        let mut upload_id: Option<String> = None;
        let result = async {
            let mut parts = Vec::new();
            let mut in_flight = FuturesUnordered::new();
            while let Some(chunk) = body.next().await {
                let chunk = chunk.map_err(StorageError::Source)?;
                tally.add(&chunk)?;
                buf.extend_from_slice(&chunk);
                while buf.len() >= PART_SIZE {
                    let part = buf.split_to(PART_SIZE).freeze();
                    let id = match &upload_id {
                        Some(id) => id.clone(),
                        None => upload_id.insert(self.start_multipart(key).await?).clone(),
                    };
                    if in_flight.len() >= PARTS_IN_FLIGHT {
                        parts.push(in_flight.next().await.expect("one in flight")?);
                    }
                    let number = (parts.len() + in_flight.len() + 1) as i32;
                    in_flight.push(self.upload_part(key, id, number, part));
                }
            }
            let done = tally.finish(check.sha256)?;
            let Some(id) = upload_id.clone() else {
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
                let number = (parts.len() + in_flight.len() + 1) as i32;
                in_flight.push(self.upload_part(key, id.clone(), number, buf.split().freeze()));
            }
            while let Some(part) = in_flight.next().await {
                parts.push(part?);
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
            upload_id = None;
            Ok(done)
        }
        .await;
        if let (Err(_), Some(id)) = (&result, &upload_id) {
            let abort = self
                .client
                .abort_multipart_upload()
                .bucket(&self.bucket)
                .key(key.as_str())
                .upload_id(id)
                .send()
                .await;
            if let Err(e) = abort {
                tracing::warn!(key = key.as_str(), error = %DisplayErrorContext(&e),
                    "could not abort a failed multipart upload; a lifecycle rule removes it");
            }
        }
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
        &self,
        key: &StorageKey,
        upload_id: String,
        number: i32,
        part: Bytes,
    ) -> Result<CompletedPart, StorageError> {
        let out = self
            .client
            .upload_part()
            .bucket(&self.bucket)
            .key(key.as_str())
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
