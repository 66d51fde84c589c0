//! XLSX export of any `ListSpec`: streamed in batches into a constant-memory
//! worksheet, so the size of the list does not change the memory used.
use std::path::Path;

use fazhi_core::access::Actor;
use rust_xlsxwriter::{Format, Workbook};

use crate::error::{AppError, AppResult};
use crate::kernel::App;
use crate::platform::listing::{self, ColKind, ListQuery, ListSpec};

/// Excel's sheet limit (1,048,576 rows including the header).
pub const MAX_ROWS: u64 = 1_048_575;

pub async fn write_xlsx(app: &App, actor: &Actor, spec: &ListSpec, q: &ListQuery, path: &Path) -> AppResult<u64> {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet_with_constant_memory().map_err(AppError::internal)?;
    sheet.set_name(spec.title).map_err(AppError::internal)?;
    let bold = Format::new().set_bold();
    for (i, c) in spec.columns.iter().enumerate() {
        sheet.write_string_with_format(0, i as u16, c.label, &bold).map_err(AppError::internal)?;
        sheet.set_column_width(i as u16, if c.kind == ColKind::Int { 10 } else { 22 }).map_err(AppError::internal)?;
    }
    let mut row: u32 = 1;
    let total = listing::for_each_batch(app, actor, spec, q, 1000, |rows| {
        for r in rows {
            if row as u64 > MAX_ROWS {
                return Err(fazhi_core::DomainError::refused("export", "导出行数超过 Excel 上限（1,048,575 行），请缩小筛选范围").into());
            }
            for (i, cell) in r.cells.iter().enumerate() {
                match spec.columns[i].kind {
                    ColKind::Int => match cell.parse::<f64>() {
                        Ok(n) => sheet.write_number(row, i as u16, n),
                        Err(_) => sheet.write_string(row, i as u16, cell),
                    },
                    ColKind::Text => sheet.write_string(row, i as u16, cell),
                }
                .map_err(AppError::internal)?;
            }
            row += 1;
        }
        Ok(())
    })
    .await?;
    wb.save(path).map_err(AppError::internal)?;
    Ok(total)
}
