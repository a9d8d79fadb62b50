//! Who may touch a project: the signed-in owner; another user's ids answer "not found", so
//! their existence is not revealed. Every project server function starts here.

use super::db;
use crate::auth::signed_in;
use crate::error::AppError;
use crate::infra::record_id;
use crate::state::AppState;

/// The signed-in user's state and project `id`, or "not found".
pub async fn owned(id: &str) -> Result<(AppState, crate::auth::db::UserRow), AppError> {
    let (state, user) = signed_in().await?;
    record_id(id)?;
    if !db::is_owned(&state.db, &user.id, id).await? {
        return Err(AppError::NotFound);
    }
    Ok((state, user))
}

/// Folder `folder` of project `project` (which the caller owns), or "not found".
pub async fn folder_of(
    state: &AppState,
    user_id: &str,
    project: &str,
    folder: &str,
) -> Result<String, AppError> {
    record_id(folder)?;
    db::folder_name(&state.db, user_id, project, folder)
        .await?
        .ok_or(AppError::NotFound)
}
