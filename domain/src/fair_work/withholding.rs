//! Withholding at source (源泉徴収) on fees for writing, design and similar work.
//!
//! Sources: 所得税法 第204条第1項第1号 (原稿、さし絵、作曲…デザインの報酬…講演料, with the
//! kinds of 所得税法施行令 第320条第1項) and 第205条第1号 (the rate: 10% of a payment up to
//! ¥1,000,000, 20% of the part above), plus 復興特別所得税 at 2.1% of the income tax
//! (東日本大震災からの復興のための施策を実施するために必要な財源の確保に関する特別措置法 第28条,
//! 2013–2037), which makes 10.21% and 20.42%. 国税庁 タックスアンサー No.2795
//! 「原稿料や講演料などを支払ったとき」: (amount − ¥1,000,000) × 20.42% + ¥102,100 above the
//! threshold; yen fractions are dropped (1円未満切り捨て).
//!
//! The base is the fee without consumption tax when the invoice shows the tax separately
//! (国税庁 平成元年1月30日付直法6-1「消費税法等の施行に伴う源泉所得税の取扱いについて」), else the
//! whole amount. Only a payer that is a withholding agent (源泉徴収義務者, 所得税法 第6条 and 第204条
//! 第2項: e.g. not an individual who pays no salaries) withholds, and only for task kinds the
//! vocabulary flags ([`crate::vocabulary::TaskKind::withholding`]).

use serde::{Deserialize, Serialize};

use super::Yen;
use crate::model::TaskKindId;
use crate::vocabulary::Taxonomy;

/// The part of one payment taxed at the lower rate.
pub const THRESHOLD: Yen = Yen(1_000_000);
/// 10.21% in basis points of a percent (1/10,000).
pub const LOWER_RATE_PER_10000: u64 = 1_021;
/// 20.42% in 1/10,000.
pub const UPPER_RATE_PER_10000: u64 = 2_042;

/// Whether the invoice shows consumption tax apart from the fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxShown {
    Separately,
    Included,
}

/// The amount withholding is computed on.
pub fn base(fee_excluding_tax: Yen, tax: Yen, shown: TaxShown) -> Yen {
    match shown {
        TaxShown::Separately => fee_excluding_tax,
        TaxShown::Included => fee_excluding_tax + tax,
    }
}

/// The tax withheld from one payment of `base`: 10.21% up to ¥1,000,000 and 20.42% of the part
/// above, each yen fraction dropped.
pub fn withholding_tax(base: Yen) -> Yen {
    let lower = base.0.min(THRESHOLD.0);
    let upper = base.0.saturating_sub(THRESHOLD.0);
    // Each part separately floored equals flooring the sum here: 1,000,000 × 10.21% is whole.
    Yen(lower * LOWER_RATE_PER_10000 / 10_000 + upper * UPPER_RATE_PER_10000 / 10_000)
}

/// Whether any of these task kinds is one the law withholds on.
pub fn applies_to(taxonomy: &Taxonomy, tasks: &[TaskKindId]) -> bool {
    tasks
        .iter()
        .any(|t| taxonomy.task(t.as_str()).is_some_and(|k| k.withholding))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_national_tax_agency_examples() {
        assert_eq!(withholding_tax(Yen(0)), Yen(0));
        assert_eq!(withholding_tax(Yen(10_000)), Yen(1_021));
        assert_eq!(
            withholding_tax(Yen(55_555)),
            Yen(5_672),
            "5,672.1655 dropped to 5,672"
        );
        assert_eq!(withholding_tax(Yen(1_000_000)), Yen(102_100));
        // (1,500,000 − 1,000,000) × 20.42% + 102,100 = 204,200.
        assert_eq!(withholding_tax(Yen(1_500_000)), Yen(204_200));
        assert_eq!(
            withholding_tax(Yen(1_000_001)),
            Yen(102_100),
            "0.2042 dropped"
        );
        assert_eq!(withholding_tax(Yen(1_000_005)), Yen(102_101));
    }

    #[test]
    fn the_base_leaves_out_tax_shown_separately() {
        assert_eq!(
            base(Yen(100_000), Yen(10_000), TaxShown::Separately),
            Yen(100_000)
        );
        assert_eq!(
            base(Yen(100_000), Yen(10_000), TaxShown::Included),
            Yen(110_000)
        );
        assert_eq!(withholding_tax(Yen(110_000)), Yen(11_231));
    }

    #[test]
    fn only_flagged_task_kinds_are_withheld() {
        let t = Taxonomy::builtin();
        let id = |s: &str| TaskKindId::from(s);
        assert!(applies_to(t, &[id("data.entry"), id("writing.article")]));
        assert!(applies_to(t, &[id("design.flyer")]));
        assert!(!applies_to(
            t,
            &[id("data.entry"), id("accounting.bookkeeping")]
        ));
        assert!(!applies_to(t, &[id("no.such.task")]));
    }

    proptest! {
        /// Against the exact rational: tax = ⌊(min(b,1M)·1021 + max(b−1M,0)·2042) / 10000⌋,
        /// and never more than 20.42% nor less than 10.21% − 1 yen.
        #[test]
        fn matches_the_exact_formula(b in 0u64..50_000_000) {
            let t = withholding_tax(Yen(b)).0;
            let exact_numerator = b.min(1_000_000) * 1021 + b.saturating_sub(1_000_000) * 2042;
            prop_assert_eq!(t, exact_numerator / 10_000);
            prop_assert!(t * 10_000 <= b * 2042);
            prop_assert!((t + 1) * 10_000 > b * 1021);
        }
    }
}
