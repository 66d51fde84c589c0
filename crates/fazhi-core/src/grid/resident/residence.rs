//! 户籍/流动: whether the resident is registered here or a floating resident.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResidenceStatus {
    /// 户籍人口: household registration (户口) here.
    Registered,
    /// 流动人口: living here, registered elsewhere (the seed's 流动人口管理).
    Floating,
}

impl ResidenceStatus {
    pub const ALL: [ResidenceStatus; 2] = [ResidenceStatus::Registered, ResidenceStatus::Floating];

    pub fn code(self) -> &'static str {
        match self {
            ResidenceStatus::Registered => "registered",
            ResidenceStatus::Floating => "floating",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ResidenceStatus::Registered => "户籍",
            ResidenceStatus::Floating => "流动",
        }
    }

    /// Reads a cell: the label, the code, or the longer names tables use.
    pub fn parse(input: &str) -> Option<ResidenceStatus> {
        match input.trim() {
            "户籍" | "户籍人口" | "常住户籍" | "registered" => Some(ResidenceStatus::Registered),
            "流动" | "流动人口" | "外来" | "floating" => Some(ResidenceStatus::Floating),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_labels_codes_and_long_names() {
        for s in ResidenceStatus::ALL {
            assert_eq!(ResidenceStatus::parse(s.label()), Some(s));
            assert_eq!(ResidenceStatus::parse(s.code()), Some(s));
        }
        assert_eq!(ResidenceStatus::parse(" 流动人口 "), Some(ResidenceStatus::Floating));
        assert_eq!(ResidenceStatus::parse("暂住"), None);
    }
}
