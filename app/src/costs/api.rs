//! Server function for the cost overview (administrators: the figures are the organization's).

use leptos::prelude::*;

use super::CostSummary;
use crate::error::AppError;

#[server(endpoint = "get_costs")]
pub async fn get_costs() -> Result<CostSummary, AppError> {
    let state = crate::server::state()?;
    crate::auth::session::current_admin()
        .await
        .map_err(crate::server::respond_error)?;
    super::refresh::summary(&state, crate::server::now_ms())
        .await
        .map_err(crate::server::respond_error)
}
