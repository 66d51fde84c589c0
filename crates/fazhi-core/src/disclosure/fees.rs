//! 信息处理费 (条例 art.42; 《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号).
//!
//! Both standards are 超额累进 (progressive: each band's rate applies only to
//! the part inside the band), and a request is charged by one of them, never
//! both (办法 art.3) — [`FeeBasis`] is an enum so the two cannot be combined.
//!
//! - 按件 (art.4): per applicant and natural month, counting the 件 of all the
//!   applicant's requests that month (one request may be split into several
//!   件 by "一事一申请"): 1–10 free; 11–30 ¥100/件; from 31 on, each further
//!   band of 10 件 costs ¥100/件 more (31–40 ¥200, 41–50 ¥300 …).
//! - 按量 (art.5, for paper copies, e-mail or copied electronic data): per
//!   request by pages: 1–30 free; 31–100 ¥10/页; 101–200 ¥20/页; above 200
//!   ¥40/页.
//!
//! Amounts are fen (1 元 = 100 fen) so no float ever touches money.
use serde::{Deserialize, Serialize};

use super::DisclosureError;

/// How a request is charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum FeeBasis {
    /// 按件计收: `earlier_in_month` 件 already counted for this applicant in
    /// the same natural month, `items` 件 in this request.
    PerItem { earlier_in_month: u32, items: u32 },
    /// 按量计收: pages supplied for this request.
    PerPage { pages: u32 },
}

/// One band of the computation, for the 收费通知 which must state the standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeBand {
    /// First and last 件/页 (1-based, inclusive) charged in this band.
    pub from: u32,
    pub to: u32,
    /// Per 件 or 页.
    pub rate_fen: u64,
    pub subtotal_fen: u64,
}

/// A computed fee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    pub fen: u64,
    pub bands: Vec<FeeBand>,
    /// The computation in one Chinese sentence, for the notice and the ledger.
    pub explanation: String,
}

/// More 件 than this in one applicant-month is a typing error, not a request.
pub const MAX_ITEMS_PER_MONTH: u32 = 100_000;

const YUAN: u64 = 100;

/// The rate for the `nth` 件 of the applicant's month (1-based).
pub fn item_rate_fen(nth: u32) -> u64 {
    match nth {
        0..=10 => 0,
        11..=30 => 100 * YUAN,
        _ => (200 + 100 * u64::from((nth - 31) / 10)) * YUAN,
    }
}

/// The rate for the `nth` page of a request (1-based).
pub fn page_rate_fen(nth: u32) -> u64 {
    match nth {
        0..=30 => 0,
        31..=100 => 10 * YUAN,
        101..=200 => 20 * YUAN,
        _ => 40 * YUAN,
    }
}

/// The fee for a request under either standard.
pub fn fee(basis: FeeBasis) -> Result<Fee, DisclosureError> {
    match basis {
        FeeBasis::PerItem {
            earlier_in_month,
            items,
        } => fee_per_item(earlier_in_month, items),
        FeeBasis::PerPage { pages } => Ok(fee_per_page(pages)),
    }
}

/// 按件计收 for a request of `items` 件 after `earlier_in_month` 件.
pub fn fee_per_item(earlier_in_month: u32, items: u32) -> Result<Fee, DisclosureError> {
    let last = earlier_in_month
        .checked_add(items)
        .filter(|last| *last <= MAX_ITEMS_PER_MONTH)
        .ok_or_else(|| {
            DisclosureError::invalid(
                "items",
                format!("本月累计件数超出合理范围（不超过 {MAX_ITEMS_PER_MONTH} 件），请核对"),
            )
        })?;
    let bands = bands(earlier_in_month + 1, last, item_rate_fen, item_band_end);
    let head = format!(
        "按件计收（国办函〔2020〕109号第四条）：本月此前已申请 {earlier_in_month} 件，本次 {items} 件{}",
        span(earlier_in_month + 1, last, "件")
    );
    Ok(finish(head, bands, "件"))
}

/// 按量计收 for `pages` pages.
pub fn fee_per_page(pages: u32) -> Fee {
    let bands = bands(1, pages, page_rate_fen, page_band_end);
    let head = format!("按量计收（国办函〔2020〕109号第五条）：共 {pages} 页");
    finish(head, bands, "页")
}

/// `fen` as "1234.50元".
pub fn format_yuan(fen: u64) -> String {
    format!("{}.{:02}元", fen / 100, fen % 100)
}

/// Splits [first, last] into the standard's bands (`band_end(n)` = the last
/// number sharing `n`'s rate). Counted in u64 so no edge can overflow.
fn bands(first: u32, last: u32, rate: fn(u32) -> u64, band_end: fn(u32) -> u64) -> Vec<FeeBand> {
    let mut bands = Vec::new();
    let (mut n, last) = (u64::from(first), u64::from(last));
    while n <= last {
        let from = u32::try_from(n).expect("n <= last, a u32");
        let to = u32::try_from(band_end(from).min(last)).expect("<= last, a u32");
        let rate_fen = rate(from);
        bands.push(FeeBand {
            from,
            to,
            rate_fen,
            subtotal_fen: rate_fen * u64::from(to - from + 1),
        });
        n = u64::from(to) + 1;
    }
    bands
}

fn item_band_end(n: u32) -> u64 {
    match n {
        0..=10 => 10,
        11..=30 => 30,
        _ => u64::from((n - 31) / 10) * 10 + 40,
    }
}

fn page_band_end(n: u32) -> u64 {
    match n {
        0..=30 => 30,
        31..=100 => 100,
        101..=200 => 200,
        _ => u64::MAX,
    }
}

fn span(first: u32, last: u32, unit: &str) -> String {
    match last.checked_sub(first) {
        None => String::new(),
        Some(0) => format!("（第 {first} {unit}）"),
        Some(_) => format!("（第 {first}—{last} {unit}）"),
    }
}

fn finish(head: String, bands: Vec<FeeBand>, unit: &str) -> Fee {
    let fen: u64 = bands.iter().map(|b| b.subtotal_fen).sum();
    let mut parts = vec![head];
    for band in &bands {
        let count = band.to - band.from + 1;
        let range = if band.from == band.to {
            format!("第 {} {unit}", band.from)
        } else {
            format!("第 {}—{} {unit}", band.from, band.to)
        };
        parts.push(if band.rate_fen == 0 {
            format!("{range}共 {count} {unit}免费")
        } else {
            format!(
                "{range}共 {count} {unit} × {} = {}",
                format_yuan(band.rate_fen),
                format_yuan(band.subtotal_fen)
            )
        });
    }
    let total = if fen == 0 {
        "合计 0.00元，不收费".to_string()
    } else {
        format!("合计 {}", format_yuan(fen))
    };
    parts.push(total);
    Fee {
        fen,
        bands,
        explanation: parts.join("；"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn item_rates_by_band() {
        let table = [
            (1, 0),
            (10, 0),
            (11, 100),
            (30, 100),
            (31, 200),
            (40, 200),
            (41, 300),
            (50, 300),
            (51, 400),
            (100, 800),
        ];
        for (nth, yuan) in table {
            assert_eq!(item_rate_fen(nth), yuan * 100, "第 {nth} 件");
        }
    }

    #[test]
    fn page_rates_by_band() {
        let table = [
            (1, 0),
            (30, 0),
            (31, 10),
            (100, 10),
            (101, 20),
            (200, 20),
            (201, 40),
            (5000, 40),
        ];
        for (nth, yuan) in table {
            assert_eq!(page_rate_fen(nth), yuan * 100, "第 {nth} 页");
        }
    }

    #[test]
    fn per_item_fees() {
        // (earlier this month, items now, yuan)
        let table = [
            (0, 1, 0),
            (0, 10, 0),
            (9, 1, 0),
            (10, 1, 100),
            (8, 5, 300),
            (0, 30, 2_000),
            (0, 31, 2_200),
            (29, 3, 100 + 200 * 2),
            (0, 40, 2_000 + 2_000),
            (0, 50, 2_000 + 2_000 + 3_000),
            (40, 10, 3_000),
            (5, 0, 0),
        ];
        for (earlier, items, yuan) in table {
            assert_eq!(
                fee_per_item(earlier, items).unwrap().fen,
                yuan * 100,
                "{earlier}+{items}"
            );
        }
    }

    #[test]
    fn per_page_fees() {
        let table = [
            (0, 0),
            (30, 0),
            (31, 10),
            (100, 700),
            (101, 720),
            (200, 700 + 2_000),
            (201, 2_700 + 40),
            (250, 2_700 + 50 * 40),
        ];
        for (pages, yuan) in table {
            assert_eq!(fee_per_page(pages).fen, yuan * 100, "{pages} 页");
        }
    }

    #[test]
    fn explanations_state_every_band() {
        let fee = fee_per_item(8, 5).unwrap();
        assert_eq!(
            fee.explanation,
            "按件计收（国办函〔2020〕109号第四条）：本月此前已申请 8 件，本次 5 件（第 9—13 件）；第 9—10 件共 2 件免费；第 11—13 件共 3 件 × 100.00元 = 300.00元；合计 300.00元"
        );
        let fee = fee_per_page(120);
        assert_eq!(
            fee.explanation,
            "按量计收（国办函〔2020〕109号第五条）：共 120 页；第 1—30 页共 30 页免费；第 31—100 页共 70 页 × 10.00元 = 700.00元；第 101—120 页共 20 页 × 20.00元 = 400.00元；合计 1100.00元"
        );
        assert!(
            fee_per_page(12)
                .explanation
                .ends_with("合计 0.00元，不收费")
        );
        assert_eq!(
            fee_per_item(10, 1)
                .unwrap()
                .explanation
                .matches("第 11 件")
                .count(),
            2
        );
    }

    #[test]
    fn basis_enum_dispatches_and_absurd_counts_are_refused() {
        assert_eq!(fee(FeeBasis::PerPage { pages: 31 }).unwrap().fen, 1_000);
        assert_eq!(
            fee(FeeBasis::PerItem {
                earlier_in_month: 10,
                items: 1
            })
            .unwrap()
            .fen,
            10_000
        );
        let err = fee_per_item(u32::MAX, 1).unwrap_err();
        assert_eq!(err.field(), Some("items"));
        assert!(fee_per_item(MAX_ITEMS_PER_MONTH, 1).is_err());
        assert!(fee_per_item(0, MAX_ITEMS_PER_MONTH).is_ok());
        assert_eq!(format_yuan(123_405), "1234.05元");
        // The largest page count still computes in four bands.
        let max = fee_per_page(u32::MAX);
        assert_eq!(max.bands.len(), 4);
        assert_eq!(
            max.fen,
            (700 + 2_000 + 40 * (u64::from(u32::MAX) - 200)) * 100
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        /// The banded sum equals the item-by-item sum, the bands tile the
        /// range, and charging in two requests costs the same as in one.
        #[test]
        fn bands_equal_the_naive_sum(earlier in 0u32..300, items in 0u32..300, split in 0u32..300) {
            let fee = fee_per_item(earlier, items).unwrap();
            let naive: u64 = (earlier + 1..=earlier + items).map(item_rate_fen).sum();
            prop_assert_eq!(fee.fen, naive);
            let mut expect = earlier + 1;
            for band in &fee.bands {
                prop_assert_eq!(band.from, expect);
                prop_assert!(band.to >= band.from);
                prop_assert!((band.from..=band.to).all(|n| item_rate_fen(n) == band.rate_fen));
                expect = band.to + 1;
            }
            prop_assert_eq!(expect, earlier + items + 1);
            let first = split.min(items);
            let two = fee_per_item(earlier, first).unwrap().fen
                + fee_per_item(earlier + first, items - first).unwrap().fen;
            prop_assert_eq!(two, fee.fen);
        }

        #[test]
        fn page_fee_is_the_naive_sum_and_monotonic(pages in 0u32..2000) {
            let fee = fee_per_page(pages);
            prop_assert_eq!(fee.fen, (1..=pages).map(page_rate_fen).sum::<u64>());
            prop_assert!(fee_per_page(pages + 1).fen >= fee.fen);
        }
    }
}
