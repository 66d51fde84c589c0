//! 西联镇's grid demo: buildings and 楼栋长, a few hundred synthetic residents
//! (valid checksums, clearly fictional names), patrols and events over the past
//! weeks. Each part lives beside the code it exercises.
use crate::error::AppResult;
use crate::kernel::App;

pub async fn load(app: &App) -> AppResult<()> {
    super::places::demo(app).await?;
    super::residents::demo(app).await?;
    super::patrols::demo(app).await?;
    super::events::demo(app).await?;
    Ok(())
}
