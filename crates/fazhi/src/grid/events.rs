//! (to be written)

/// Demo data of this part (see `grid::demo`).
pub async fn demo(_app: &crate::kernel::App) -> crate::error::AppResult<()> {
    Ok(())
}
