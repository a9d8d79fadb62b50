//! One module a command; what they share: the signed-in session and running many transfers
//! at once.

pub mod account;
pub mod download;
pub mod mirror;
pub mod upload;

use std::future::Future;

use futures::StreamExt;

use crate::api::Api;
use crate::args::Global;
use crate::config;
use crate::error::Result;

/// A command's connection: the stored sign-in, checked for expiry before anything is sent.
pub fn session(global: &Global) -> Result<Api> {
    let server = global.server.as_deref();
    let login = config::signed_in(server)?;
    Api::new(global, &login.server, Some(login.token))
}

/// Runs `jobs` with at most `parallel` at a time, collecting their results in any order.
pub async fn run_parallel<T, F>(parallel: u16, jobs: impl IntoIterator<Item = F>) -> Vec<T>
where
    F: Future<Output = T>,
{
    futures::stream::iter(jobs)
        .buffer_unordered(parallel.max(1) as usize)
        .collect()
        .await
}
