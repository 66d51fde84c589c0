//! The column layout of the town's resident table, in sheet order.
//!
//! The seed says the community "自制居民基础信息表，表内涉及计生、环境卫生等6项
//! 内容"; the identity and address columns follow what such tables keep (and
//! GB/T 31000-2015 实有人口), the six item columns are the seed's six grid
//! work items. 出生日期 and 性别 are not columns: they are read from the
//! 身份证号, so they can never disagree with it.
use serde::Serialize;

/// One column: its header as printed in the template, and whether a row
/// without it is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Column {
    pub header: &'static str,
    pub required: bool,
    /// Shown in the template's note row.
    pub hint: &'static str,
}

const fn col(header: &'static str, required: bool, hint: &'static str) -> Column {
    Column { header, required, hint }
}

/// Sheet order; the index is the cell index of a row.
pub const COLUMNS: [Column; 16] = [
    col("序号", false, "可留空"),
    col("姓名", true, "与身份证一致"),
    col("身份证号", true, "18位，末位可为X；性别、出生日期由号码自动读取"),
    col("联系电话", false, "手机号或带区号的固定电话"),
    col("与户主关系", true, "填代码或名称，如 02 或 户主"),
    col("户籍/流动", true, "户籍 或 流动"),
    col("流入日期", false, "流动人口必填，格式 2021-03-01"),
    col("楼栋", true, "如 3栋"),
    col("门牌号", true, "如 2单元301"),
    col("计划生育/流动人口管理", false, "无 / 情况说明；以“重点：”开头表示重点关注"),
    col("环境卫生", false, "同上"),
    col("消防安全", false, "同上"),
    col("便民服务需求", false, "同上"),
    col("治安联防", false, "同上"),
    col("矛盾纠纷记录", false, "同上"),
    col("备注", false, "可留空"),
];

/// Cell indexes by meaning, so the row validator never counts by hand.
pub(crate) mod idx {
    pub const NAME: usize = 1;
    pub const ID_NUMBER: usize = 2;
    pub const PHONE: usize = 3;
    pub const RELATION: usize = 4;
    pub const RESIDENCE: usize = 5;
    pub const FLOATING_SINCE: usize = 6;
    pub const BUILDING: usize = 7;
    pub const DOOR: usize = 8;
    pub const ITEMS: usize = 9;
    pub const NOTE: usize = 15;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_point_at_their_headers() {
        assert_eq!(COLUMNS[idx::NAME].header, "姓名");
        assert_eq!(COLUMNS[idx::ID_NUMBER].header, "身份证号");
        assert_eq!(COLUMNS[idx::PHONE].header, "联系电话");
        assert_eq!(COLUMNS[idx::RELATION].header, "与户主关系");
        assert_eq!(COLUMNS[idx::RESIDENCE].header, "户籍/流动");
        assert_eq!(COLUMNS[idx::FLOATING_SINCE].header, "流入日期");
        assert_eq!(COLUMNS[idx::BUILDING].header, "楼栋");
        assert_eq!(COLUMNS[idx::DOOR].header, "门牌号");
        assert_eq!(COLUMNS[idx::ITEMS].header, "计划生育/流动人口管理");
        assert_eq!(COLUMNS[idx::ITEMS + 5].header, "矛盾纠纷记录");
        assert_eq!(COLUMNS[idx::NOTE].header, "备注");
    }

    #[test]
    fn headers_are_unique() {
        let mut h: Vec<_> = COLUMNS.iter().map(|c| c.header).collect();
        h.sort_unstable();
        h.dedup();
        assert_eq!(h.len(), COLUMNS.len());
    }
}
