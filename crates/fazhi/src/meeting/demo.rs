//! Demo.
use crate::error::AppResult;
use crate::kernel::App;
pub async fn load(_app: &App) -> AppResult<()> { Ok(()) }
