//! Objects in an S3-compatible bucket (AWS, Garage, MinIO, s3s-fs), path-style addressed.
//!
//! Small objects are one `PutObject`; anything larger than a part goes up as a multipart
//! upload that is completed only after the last byte arrived and its hash matched, and aborted
//! otherwise, so a refused or broken upload never becomes visible. Memory stays at about two
//! parts whatever the object's size.

use std::time::Duration;

use aws_sdk_s3::config::{
    BehaviorVersion, Credentials, Region, RequestChecksumCalculation, ResponseChecksumValidation,
};
use aws_sdk_s3::error::{DisplayErrorContext, SdkError};
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::Client;

mod upload;

use super::{resolve_range, ByteRange, Listed, ObjectStream, StorageError, StorageKey};

/// How long a presigned download URL stays valid (the spec's one hour).
const PRESIGNED_TTL: Duration = Duration::from_secs(3600);

/// The `S3_*` settings.
#[derive(Debug, Clone)]
pub struct S3Settings {
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key: String,
    pub secret_key: String,
    /// Hand downloads to the browser as presigned URLs (the bucket must be reachable by it).
    pub presigned_downloads: bool,
}

#[derive(Debug, Clone)]
pub struct S3Store {
    client: Client,
    bucket: String,
    endpoint: String,
}

/// An SDK failure in words, with the HTTP status when there was an answer.
fn failure<E, R>(what: &str, err: &SdkError<E, R>) -> StorageError
where
    E: std::error::Error + 'static,
    R: std::fmt::Debug,
{
    StorageError::S3(format!("{what}: {}", DisplayErrorContext(err)))
}

fn status<E, R: HasStatus>(err: &SdkError<E, R>) -> Option<u16> {
    err.raw_response().map(HasStatus::status_code)
}

/// The status of a raw response, whatever the SDK's response type.
trait HasStatus {
    fn status_code(&self) -> u16;
}

impl HasStatus for aws_sdk_s3::config::http::HttpResponse {
    fn status_code(&self) -> u16 {
        self.status().as_u16()
    }
}

impl S3Store {
    /// Builds the client and makes sure the bucket is there: created when missing, a clear
    /// error when the endpoint is unreachable or the credentials are refused.
    pub async fn connect(s: &S3Settings) -> Result<S3Store, StorageError> {
        let http = aws_smithy_http_client::Builder::new()
            .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
            ))
            .build_https();
        let config = aws_sdk_s3::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .endpoint_url(&s.endpoint)
            .region(Region::new(s.region.clone()))
            .credentials_provider(Credentials::new(
                &s.access_key,
                &s.secret_key,
                None,
                None,
                "aitoolbox-config",
            ))
            // S3-compatible servers rarely do virtual-host buckets or the newer checksums.
            .force_path_style(true)
            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
            .response_checksum_validation(ResponseChecksumValidation::WhenRequired)
            .http_client(http)
            // An endpoint that swallows packets fails the start instead of hanging it.
            .timeout_config(
                aws_sdk_s3::config::timeout::TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(10))
                    // A server that stops answering mid-request fails the attempt.
                    .read_timeout(Duration::from_secs(120))
                    .build(),
            )
            .build();
        let store = S3Store {
            client: Client::from_conf(config),
            bucket: s.bucket.clone(),
            endpoint: s.endpoint.clone(),
        };
        store.ensure_bucket(&s.region).await?;
        Ok(store)
    }

    async fn ensure_bucket(&self, region: &str) -> Result<(), StorageError> {
        let head = self.client.head_bucket().bucket(&self.bucket).send().await;
        let err = match head {
            Ok(_) => return Ok(()),
            Err(err) => err,
        };
        match status(&err) {
            Some(404) => {}
            Some(401 | 403) => {
                return Err(StorageError::S3(format!(
                    "{} refused the credentials (S3_ACCESS_KEY, S3_SECRET_KEY) for bucket {}",
                    self.endpoint, self.bucket
                )))
            }
            Some(code) => {
                return Err(StorageError::S3(format!(
                    "{} answered {code} for bucket {}",
                    self.endpoint, self.bucket
                )))
            }
            None => {
                return Err(StorageError::S3(format!(
                    "cannot reach S3_ENDPOINT {}: {}",
                    self.endpoint,
                    DisplayErrorContext(&err)
                )))
            }
        }
        let mut create = self.client.create_bucket().bucket(&self.bucket);
        if region != "us-east-1" {
            create = create.create_bucket_configuration(
                aws_sdk_s3::types::CreateBucketConfiguration::builder()
                    .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::from(region))
                    .build(),
            );
        }
        create
            .send()
            .await
            .map_err(|e| failure(&format!("creating bucket {}", self.bucket), &e))?;
        tracing::info!(bucket = %self.bucket, "created the S3 bucket");
        Ok(())
    }

    pub fn describe(&self) -> String {
        format!("S3 bucket {} at {}", self.bucket, self.endpoint)
    }

    pub async fn read(
        &self,
        key: &StorageKey,
        range: Option<ByteRange>,
    ) -> Result<ObjectStream, StorageError> {
        let total = self.size(key).await?;
        let (start, end) = resolve_range(range, total)?;
        let mut get = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key.as_str());
        if total > 0 {
            get = get.range(format!("bytes={start}-{end}"));
        }
        let out = get.send().await.map_err(|e| match status(&e) {
            Some(404) => StorageError::NotFound,
            Some(416) => StorageError::BadRange,
            _ => failure("GetObject", &e),
        })?;
        let body = futures::stream::unfold(out.body, |mut body| async move {
            body.next()
                .await
                .map(|chunk| (chunk.map_err(std::io::Error::other), body))
        });
        Ok(ObjectStream {
            total,
            start,
            end,
            body: Box::pin(body),
        })
    }

    pub async fn delete(&self, key: &StorageKey) -> Result<(), StorageError> {
        match self
            .client
            .delete_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if status(&e) == Some(404) => Ok(()),
            Err(e) => Err(failure("DeleteObject", &e)),
        }
    }

    pub async fn size(&self, key: &StorageKey) -> Result<u64, StorageError> {
        match self
            .client
            .head_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .send()
            .await
        {
            Ok(out) => Ok(out.content_length().unwrap_or(0).max(0) as u64),
            Err(e) if status(&e) == Some(404) => Err(StorageError::NotFound),
            Err(e) => Err(failure("HeadObject", &e)),
        }
    }

    pub async fn list(&self) -> Result<Vec<Listed>, StorageError> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = self
                .client
                .list_objects_v2()
                .bucket(&self.bucket)
                .set_continuation_token(token.take())
                .send()
                .await
                .map_err(|e| failure("ListObjectsV2", &e))?;
            for object in page.contents() {
                if let Some(key) = object.key() {
                    out.push(Listed {
                        key: key.to_string(),
                        size: object.size().unwrap_or(0).max(0) as u64,
                    });
                }
            }
            match page.next_continuation_token() {
                Some(next) if page.is_truncated() == Some(true) => token = Some(next.to_string()),
                _ => break,
            }
        }
        out.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(out)
    }

    /// A GET URL valid for an hour that answers with `mime` (objects are stored without a
    /// type) and, for downloads, the file's name.
    pub async fn presigned_get(
        &self,
        key: &StorageKey,
        mime: &str,
        download_name: Option<&str>,
    ) -> Option<String> {
        let config = PresigningConfig::expires_in(PRESIGNED_TTL).ok()?;
        let mut get = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .response_content_type(mime);
        if let Some(name) = download_name {
            let header = crate::infra::file_response::content_disposition(name);
            get = get.response_content_disposition(header.to_str().ok()?);
        }
        match get.presigned(config).await {
            Ok(request) => Some(request.uri().to_string()),
            Err(e) => {
                tracing::warn!(error = %DisplayErrorContext(&e), "presigning failed; streaming instead");
                None
            }
        }
    }
}
