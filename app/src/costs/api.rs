//! Server function for the cost overview (administrators: the figures are the organization's).

use leptos::prelude::*;

use super::CostSummary;
use crate::error::AppError;

#[server(endpoint = "get_costs")]
pub async fn get_costs() -> Result<CostSummary, AppError> {
    let (state, _) = crate::auth::admin().await?;
    super::refresh::summary(&state, crate::infra::now_ms()).await
}
