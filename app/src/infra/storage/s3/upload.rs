//! Writing an object: one `PutObject` when it fits in a part, otherwise a multipart upload
//! completed only after the last byte arrived and the hash matched, aborted on any failure.

use aws_sdk_s3::error::DisplayErrorContext;
use aws_sdk_s3::primitives::ByteStream as SdkBody;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};
use bytes::{Bytes, BytesMut};
use futures::StreamExt;

use super::{failure, S3Store};
use crate::infra::storage::{ByteStream, StorageError, StorageKey, Tally, WriteCheck};

/// Part size of multipart uploads (S3's minimum is 5 MiB for all but the last part).
const PART_SIZE: usize = 8 * 1024 * 1024;

impl S3Store {
    pub async fn write(
        &self,
        key: &StorageKey,
        mut body: ByteStream,
        check: WriteCheck,
    ) -> Result<(u64, String), StorageError> {
        let mut tally = Tally::new(check.max_bytes);
        let mut buf = BytesMut::with_capacity(PART_SIZE);
        let mut upload: Option<Multipart> = None;
        let result = async {
            while let Some(chunk) = body.next().await {
                let chunk = chunk.map_err(StorageError::Source)?;
                tally.add(&chunk)?;
                buf.extend_from_slice(&chunk);
                while buf.len() >= PART_SIZE {
                    let part = buf.split_to(PART_SIZE).freeze();
                    if upload.is_none() {
                        upload = Some(self.start_multipart(key).await?);
                    }
                    if let Some(u) = upload.as_mut() {
                        self.upload_part(key, u, part).await?;
                    }
                }
            }
            let done = tally.finish(check.sha256)?;
            match upload.as_mut() {
                None => {
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
                }
                Some(u) => {
                    if !buf.is_empty() {
                        let rest = buf.split().freeze();
                        self.upload_part(key, u, rest).await?;
                    }
                    self.client
                        .complete_multipart_upload()
                        .bucket(&self.bucket)
                        .key(key.as_str())
                        .upload_id(&u.id)
                        .multipart_upload(
                            CompletedMultipartUpload::builder()
                                .set_parts(Some(std::mem::take(&mut u.parts)))
                                .build(),
                        )
                        .send()
                        .await
                        .map_err(|e| failure("CompleteMultipartUpload", &e))?;
                    upload = None;
                }
            }
            Ok(done)
        }
        .await;
        if let (Err(_), Some(u)) = (&result, &upload) {
            let abort = self
                .client
                .abort_multipart_upload()
                .bucket(&self.bucket)
                .key(key.as_str())
                .upload_id(&u.id)
                .send()
                .await;
            if let Err(e) = abort {
                tracing::warn!(key = key.as_str(), error = %DisplayErrorContext(&e),
                    "could not abort a failed multipart upload; a lifecycle rule removes it");
            }
        }
        result
    }

    async fn start_multipart(&self, key: &StorageKey) -> Result<Multipart, StorageError> {
        let out = self
            .client
            .create_multipart_upload()
            .bucket(&self.bucket)
            .key(key.as_str())
            .send()
            .await
            .map_err(|e| failure("CreateMultipartUpload", &e))?;
        let id = out.upload_id().ok_or_else(|| {
            StorageError::S3("CreateMultipartUpload returned no upload id".into())
        })?;
        Ok(Multipart {
            id: id.to_string(),
            parts: Vec::new(),
        })
    }

    async fn upload_part(
        &self,
        key: &StorageKey,
        upload: &mut Multipart,
        part: Bytes,
    ) -> Result<(), StorageError> {
        let number = upload.parts.len() as i32 + 1;
        let out = self
            .client
            .upload_part()
            .bucket(&self.bucket)
            .key(key.as_str())
            .upload_id(&upload.id)
            .part_number(number)
            .content_length(part.len() as i64)
            .body(SdkBody::from(part))
            .send()
            .await
            .map_err(|e| failure("UploadPart", &e))?;
        upload.parts.push(
            CompletedPart::builder()
                .set_e_tag(out.e_tag().map(str::to_string))
                .part_number(number)
                .build(),
        );
        Ok(())
    }
}

struct Multipart {
    id: String,
    parts: Vec<CompletedPart>,
}
