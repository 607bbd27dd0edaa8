//! Pay guidance: the 47 prefectures' minimum wages (地域別最低賃金) and the typical pay of the
//! shared vocabulary, turned into plain warnings for the company that posts a job.
//!
//! The warnings are reminders, not legal judgements: whether the minimum wage applies depends on
//! the contract (employment or not), and only the company and its advisers can decide that.
//!
//! Source of the table: the Ministry of Health, Labour and Welfare's lists of 地域別最低賃金 for
//! FY2024 (令和6年度) and FY2025 (令和7年度), with each prefecture's effective date (発効日).
//! Update it every autumn: [`table_may_be_outdated`] says when that is overdue.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{Localized, Pay, TaskKindId, WorkPlace};
use crate::validate::{ErrorCode, FieldError, ValidationErrors};
use crate::vocabulary::{Taxonomy, YenRange};

/// The newest fiscal year in the table.
pub const LATEST_FISCAL_YEAR: u16 = 2025;

/// A prefecture by its JIS X 0401 code, 1 (北海道) ..= 47 (沖縄県).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Prefecture {
    pub code: u8,
    pub name_ja: &'static str,
    pub name_en: &'static str,
}

impl Prefecture {
    pub fn name(&self) -> Localized {
        Localized::new(self.name_ja, self.name_en)
    }
}

/// The hourly minimum wage of a prefecture from a date on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinimumWage {
    pub yen: u32,
    pub effective_from: NaiveDate,
    /// Japanese fiscal year of the revision (2025 = 令和7年度).
    pub fiscal_year: u16,
}

type Ymd = (i32, u32, u32);

#[derive(Debug)]
struct WageRow {
    prefecture: Prefecture,
    fy2024: (u32, Ymd),
    fy2025: (u32, Ymd),
}

const fn row(
    code: u8,
    name_ja: &'static str,
    name_en: &'static str,
    yen_2024: u32,
    from_2024: Ymd,
    yen_2025: u32,
    from_2025: Ymd,
) -> WageRow {
    WageRow {
        prefecture: Prefecture {
            code,
            name_ja,
            name_en,
        },
        fy2024: (yen_2024, from_2024),
        fy2025: (yen_2025, from_2025),
    }
}

/// In JIS code order: `TABLE[code - 1]`.
const TABLE: [WageRow; 47] = [
    row(
        1,
        "北海道",
        "Hokkaido",
        1010,
        (2024, 10, 1),
        1075,
        (2025, 10, 4),
    ),
    row(
        2,
        "青森県",
        "Aomori",
        953,
        (2024, 10, 5),
        1029,
        (2025, 11, 21),
    ),
    row(
        3,
        "岩手県",
        "Iwate",
        952,
        (2024, 10, 27),
        1031,
        (2025, 12, 1),
    ),
    row(
        4,
        "宮城県",
        "Miyagi",
        973,
        (2024, 10, 1),
        1038,
        (2025, 10, 4),
    ),
    row(
        5,
        "秋田県",
        "Akita",
        951,
        (2024, 10, 1),
        1031,
        (2026, 3, 31),
    ),
    row(
        6,
        "山形県",
        "Yamagata",
        955,
        (2024, 10, 19),
        1032,
        (2025, 12, 23),
    ),
    row(
        7,
        "福島県",
        "Fukushima",
        955,
        (2024, 10, 5),
        1033,
        (2026, 1, 1),
    ),
    row(
        8,
        "茨城県",
        "Ibaraki",
        1005,
        (2024, 10, 1),
        1074,
        (2025, 10, 12),
    ),
    row(
        9,
        "栃木県",
        "Tochigi",
        1004,
        (2024, 10, 1),
        1068,
        (2025, 10, 1),
    ),
    row(
        10,
        "群馬県",
        "Gunma",
        985,
        (2024, 10, 4),
        1063,
        (2026, 3, 1),
    ),
    row(
        11,
        "埼玉県",
        "Saitama",
        1078,
        (2024, 10, 1),
        1141,
        (2025, 11, 1),
    ),
    row(
        12,
        "千葉県",
        "Chiba",
        1076,
        (2024, 10, 1),
        1140,
        (2025, 10, 3),
    ),
    row(
        13,
        "東京都",
        "Tokyo",
        1163,
        (2024, 10, 1),
        1226,
        (2025, 10, 3),
    ),
    row(
        14,
        "神奈川県",
        "Kanagawa",
        1162,
        (2024, 10, 1),
        1225,
        (2025, 10, 4),
    ),
    row(
        15,
        "新潟県",
        "Niigata",
        985,
        (2024, 10, 1),
        1050,
        (2025, 10, 2),
    ),
    row(
        16,
        "富山県",
        "Toyama",
        998,
        (2024, 10, 1),
        1062,
        (2025, 10, 12),
    ),
    row(
        17,
        "石川県",
        "Ishikawa",
        984,
        (2024, 10, 5),
        1054,
        (2025, 10, 8),
    ),
    row(
        18,
        "福井県",
        "Fukui",
        984,
        (2024, 10, 5),
        1053,
        (2025, 10, 8),
    ),
    row(
        19,
        "山梨県",
        "Yamanashi",
        988,
        (2024, 10, 1),
        1052,
        (2025, 12, 1),
    ),
    row(
        20,
        "長野県",
        "Nagano",
        998,
        (2024, 10, 1),
        1061,
        (2025, 10, 3),
    ),
    row(
        21,
        "岐阜県",
        "Gifu",
        1001,
        (2024, 10, 1),
        1065,
        (2025, 10, 18),
    ),
    row(
        22,
        "静岡県",
        "Shizuoka",
        1034,
        (2024, 10, 1),
        1097,
        (2025, 11, 1),
    ),
    row(
        23,
        "愛知県",
        "Aichi",
        1077,
        (2024, 10, 1),
        1140,
        (2025, 10, 18),
    ),
    row(
        24,
        "三重県",
        "Mie",
        1023,
        (2024, 10, 1),
        1087,
        (2025, 11, 21),
    ),
    row(
        25,
        "滋賀県",
        "Shiga",
        1017,
        (2024, 10, 1),
        1080,
        (2025, 10, 5),
    ),
    row(
        26,
        "京都府",
        "Kyoto",
        1058,
        (2024, 10, 1),
        1122,
        (2025, 11, 21),
    ),
    row(
        27,
        "大阪府",
        "Osaka",
        1114,
        (2024, 10, 1),
        1177,
        (2025, 10, 16),
    ),
    row(
        28,
        "兵庫県",
        "Hyogo",
        1052,
        (2024, 10, 1),
        1116,
        (2025, 10, 4),
    ),
    row(
        29,
        "奈良県",
        "Nara",
        986,
        (2024, 10, 1),
        1051,
        (2025, 11, 16),
    ),
    row(
        30,
        "和歌山県",
        "Wakayama",
        980,
        (2024, 10, 1),
        1045,
        (2025, 11, 1),
    ),
    row(
        31,
        "鳥取県",
        "Tottori",
        957,
        (2024, 10, 5),
        1030,
        (2025, 10, 4),
    ),
    row(
        32,
        "島根県",
        "Shimane",
        962,
        (2024, 10, 12),
        1033,
        (2025, 11, 17),
    ),
    row(
        33,
        "岡山県",
        "Okayama",
        982,
        (2024, 10, 2),
        1047,
        (2025, 12, 1),
    ),
    row(
        34,
        "広島県",
        "Hiroshima",
        1020,
        (2024, 10, 1),
        1085,
        (2025, 11, 1),
    ),
    row(
        35,
        "山口県",
        "Yamaguchi",
        979,
        (2024, 10, 1),
        1043,
        (2025, 10, 16),
    ),
    row(
        36,
        "徳島県",
        "Tokushima",
        980,
        (2024, 11, 1),
        1046,
        (2026, 1, 1),
    ),
    row(
        37,
        "香川県",
        "Kagawa",
        970,
        (2024, 10, 2),
        1036,
        (2025, 10, 18),
    ),
    row(
        38,
        "愛媛県",
        "Ehime",
        956,
        (2024, 10, 13),
        1033,
        (2025, 12, 1),
    ),
    row(
        39,
        "高知県",
        "Kochi",
        952,
        (2024, 10, 9),
        1023,
        (2025, 12, 1),
    ),
    row(
        40,
        "福岡県",
        "Fukuoka",
        992,
        (2024, 10, 5),
        1057,
        (2025, 11, 16),
    ),
    row(
        41,
        "佐賀県",
        "Saga",
        956,
        (2024, 10, 17),
        1030,
        (2025, 11, 21),
    ),
    row(
        42,
        "長崎県",
        "Nagasaki",
        953,
        (2024, 10, 12),
        1031,
        (2025, 12, 1),
    ),
    row(
        43,
        "熊本県",
        "Kumamoto",
        952,
        (2024, 10, 5),
        1034,
        (2026, 1, 1),
    ),
    row(44, "大分県", "Oita", 954, (2024, 10, 5), 1035, (2026, 1, 1)),
    row(
        45,
        "宮崎県",
        "Miyazaki",
        952,
        (2024, 10, 5),
        1023,
        (2025, 11, 16),
    ),
    row(
        46,
        "鹿児島県",
        "Kagoshima",
        953,
        (2024, 10, 5),
        1026,
        (2025, 11, 1),
    ),
    row(
        47,
        "沖縄県",
        "Okinawa",
        952,
        (2024, 10, 9),
        1023,
        (2025, 12, 1),
    ),
];

fn table_row(code: u8) -> Option<&'static WageRow> {
    TABLE.get(usize::from(code).checked_sub(1)?)
}

pub fn prefecture(code: u8) -> Option<Prefecture> {
    table_row(code).map(|r| r.prefecture)
}

pub fn prefectures() -> impl Iterator<Item = Prefecture> {
    TABLE.iter().map(|r| r.prefecture)
}

/// Finds a prefecture by what people write: `熊本県`, `熊本`, `Kumamoto`, `kumamoto-ken`, or its
/// code `43`. The caller normalises (NFKC) first.
pub fn prefecture_by_name(name: &str) -> Option<Prefecture> {
    let name = name.trim();
    if let Ok(code) = name.parse::<u8>() {
        return prefecture(code);
    }
    let lower = name.to_ascii_lowercase();
    let en = ["-ken", "-fu", "-to", " prefecture"]
        .iter()
        .find_map(|s| lower.strip_suffix(s))
        .unwrap_or(&lower);
    prefectures().find(|p| {
        p.name_ja == name || short_ja(p.name_ja) == name || p.name_en.eq_ignore_ascii_case(en)
    })
}

/// `熊本県` → `熊本`; 北海道 stays whole (道 is part of its name in everyday use).
fn short_ja(name: &str) -> &str {
    if name == "北海道" {
        return name;
    }
    ["県", "府", "都"]
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .unwrap_or(name)
}

fn date((y, m, d): Ymd) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The minimum wage in force in `prefecture` on `on`. Before the FY2025 revision took effect the
/// FY2024 value applies; dates before FY2024's revision also get FY2024, the oldest value kept
/// (close enough for guidance, and the app never posts jobs into the past).
pub fn minimum_wage(prefecture: u8, on: NaiveDate) -> Option<MinimumWage> {
    let r = table_row(prefecture)?;
    let (yen25, from25) = r.fy2025;
    let from25 = date(from25)?;
    if on >= from25 {
        return Some(MinimumWage {
            yen: yen25,
            effective_from: from25,
            fiscal_year: 2025,
        });
    }
    let (yen24, from24) = r.fy2024;
    Some(MinimumWage {
        yen: yen24,
        effective_from: date(from24)?,
        fiscal_year: 2024,
    })
}

/// After October of the year following the newest revision, new minimum wages are (very
/// likely) in force that the table does not know yet.
pub fn table_may_be_outdated(on: NaiveDate) -> bool {
    date((i32::from(LATEST_FISCAL_YEAR) + 1, 10, 1)).is_some_and(|d| on >= d)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayWarningCode {
    BelowMinimumWage,
    BelowTypicalPay,
    UnknownPrefecture,
    MinimumWageTableOutdated,
}

impl PayWarningCode {
    pub const ALL: [PayWarningCode; 4] = [
        PayWarningCode::BelowMinimumWage,
        PayWarningCode::BelowTypicalPay,
        PayWarningCode::UnknownPrefecture,
        PayWarningCode::MinimumWageTableOutdated,
    ];

    /// The wire name (serde's), for the preview's data attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            PayWarningCode::BelowMinimumWage => "below_minimum_wage",
            PayWarningCode::BelowTypicalPay => "below_typical_pay",
            PayWarningCode::UnknownPrefecture => "unknown_prefecture",
            PayWarningCode::MinimumWageTableOutdated => "minimum_wage_table_outdated",
        }
    }
}

/// A plain-words reminder to the company about its offered pay. Never a legal judgement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayWarning {
    pub code: PayWarningCode,
    pub message: Localized,
}

const NOT_LEGAL_JA: &str = "これは確認のためのお知らせで、法律上の判断ではありません。";
const NOT_LEGAL_EN: &str = "This is a reminder to check, not a legal judgement.";

/// Reminders about `job_pay` against the minimum wage of `prefecture` on `on`.
pub fn pay_warnings(job_pay: &Pay, prefecture: u8, on: NaiveDate) -> Vec<PayWarning> {
    let mut out = Vec::new();
    match (self::prefecture(prefecture), minimum_wage(prefecture, on)) {
        (Some(pref), Some(min)) => {
            if job_pay.hourly_equivalent() < min.yen {
                out.push(below_minimum(job_pay, pref, min));
            }
        }
        _ => out.push(PayWarning {
            code: PayWarningCode::UnknownPrefecture,
            message: Localized::new(
                "都道府県がわからないため、最低賃金と比べられませんでした。",
                "The prefecture is unknown, so the pay was not compared with the minimum wage.",
            ),
        }),
    }
    if table_may_be_outdated(on) {
        out.push(PayWarning {
            code: PayWarningCode::MinimumWageTableOutdated,
            message: Localized::new(
                format!(
                    "最低賃金は{}年度の額で比べています。新しい額が決まっている場合があるので、都道府県の労働局の案内もご確認ください。",
                    LATEST_FISCAL_YEAR
                ),
                format!(
                    "Compared with the FY{LATEST_FISCAL_YEAR} minimum wage; a newer one may apply. Please also check your prefecture's labour bureau."
                ),
            ),
        });
    }
    out
}

fn below_minimum(job_pay: &Pay, pref: Prefecture, min: MinimumWage) -> PayWarning {
    let hourly = job_pay.hourly_equivalent();
    let from = min.effective_from.format("%Y-%m-%d");
    let (how_ja, how_en) = match *job_pay {
        Pay::Hourly { .. } => (String::new(), String::new()),
        Pay::PerTask {
            yen,
            minutes_per_task,
        } => (
            format!("（1件{yen}円・1件にかかる見込み{minutes_per_task}分から計算）"),
            format!(" (from {yen} yen per task at an estimated {minutes_per_task} minutes each)"),
        ),
    };
    PayWarning {
        code: PayWarningCode::BelowMinimumWage,
        message: Localized::new(
            format!(
                "時給に直すと{hourly}円{how_ja}で、{}の最低賃金 {}円（{from}から）より低くなっています。雇って働いてもらう場合、最低賃金以上にする必要があります。{NOT_LEGAL_JA}",
                pref.name_ja, min.yen
            ),
            format!(
                "This works out at {hourly} yen an hour{how_en}, below the minimum wage of {} ({} yen from {from}). Employees must be paid at least the minimum wage. {NOT_LEGAL_EN}",
                pref.name_en, min.yen
            ),
        ),
    }
}

/// The prefecture whose minimum wage applies to work at `place`: the company's own for work on
/// site (or hybrid), the region's for remote work. A company without a known prefecture (0)
/// falls back to the region's.
pub fn work_prefecture(
    place: &WorkPlace,
    company_prefecture: Option<u8>,
    region_prefecture: u8,
) -> u8 {
    match place {
        WorkPlace::Remote => region_prefecture,
        WorkPlace::OnSite { .. } | WorkPlace::Hybrid { .. } => company_prefecture
            .filter(|c| prefecture(*c).is_some())
            .unwrap_or(region_prefecture),
    }
}

/// Why pay is refused: its hourly equivalent is below the minimum wage in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BelowFloor {
    pub hourly: u32,
    pub prefecture: Prefecture,
    pub minimum: MinimumWage,
}

impl BelowFloor {
    /// The message next to the pay field: the figure, the prefecture and the effective date.
    pub fn message(&self) -> Localized {
        let min = crate::matching::thousands(self.minimum.yen);
        let hourly = crate::matching::thousands(self.hourly);
        let from_ja = self.minimum.effective_from.format("%Y年%-m月%-d日");
        let from_en = self.minimum.effective_from.format("%Y-%m-%d");
        Localized::new(
            format!(
                "時給に直すと{hourly}円で、{}の最低賃金 {min}円（{from_ja}から）より低いため掲載できません。時給{min}円以上にしてください。",
                self.prefecture.name_ja
            ),
            format!(
                "This works out at {hourly} yen an hour, below the minimum wage of {} ({min} yen from {from_en}), so it cannot be posted. Please pay at least {min} yen an hour.",
                self.prefecture.name_en
            ),
        )
    }

    /// As a field error on `field` (the pay amount).
    pub fn into_errors(self, field: &str) -> ValidationErrors {
        ValidationErrors(vec![FieldError {
            field: field.to_owned(),
            code: ErrorCode::BelowMinimumWage,
            message: self.message(),
        }])
    }
}

/// The minimum-wage floor: pay whose hourly equivalent is below the minimum wage of
/// `prefecture` in force on `on` is refused. An unknown prefecture has no floor to compare with
/// (the guidance says so).
pub fn floor(job_pay: &Pay, prefecture: u8, on: NaiveDate) -> Result<(), BelowFloor> {
    let (Some(pref), Some(min)) = (self::prefecture(prefecture), minimum_wage(prefecture, on))
    else {
        return Ok(());
    };
    let hourly = job_pay.hourly_equivalent();
    if hourly < min.yen {
        return Err(BelowFloor {
            hourly,
            prefecture: pref,
            minimum: min,
        });
    }
    Ok(())
}

/// The typical hourly pay for a job needing all of `tasks`: the most demanding task sets the
/// rate, so both ends are the highest among the tasks. Unknown ids are skipped; `None` when no
/// task is known.
pub fn typical_pay(taxonomy: &Taxonomy, tasks: &[TaskKindId]) -> Option<YenRange> {
    tasks
        .iter()
        .filter_map(|id| taxonomy.task(id.as_str()))
        .filter_map(|t| taxonomy.typical_pay(t))
        .reduce(|a, b| YenRange {
            min_yen: a.min_yen.max(b.min_yen),
            max_yen: a.max_yen.max(b.max_yen),
        })
}

/// Everything the job form shows next to the pay field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayGuidance {
    pub hourly_equivalent: u32,
    /// The prefecture whose minimum wage applies (the work's: see [`work_prefecture`]).
    #[serde(default)]
    pub prefecture: Option<Localized>,
    pub minimum_wage: Option<MinimumWage>,
    pub typical: Option<YenRange>,
    /// The lowest hourly pay we suggest: the higher of the minimum wage and the typical minimum.
    pub suggested_min_hourly: Option<u32>,
    pub warnings: Vec<PayWarning>,
}

pub fn pay_guidance(
    taxonomy: &Taxonomy,
    tasks: &[TaskKindId],
    job_pay: &Pay,
    prefecture: u8,
    on: NaiveDate,
) -> PayGuidance {
    let hourly = job_pay.hourly_equivalent();
    let minimum = minimum_wage(prefecture, on);
    let typical = typical_pay(taxonomy, tasks);
    let mut warnings = pay_warnings(job_pay, prefecture, on);
    let below_minimum = minimum.is_some_and(|m| hourly < m.yen);
    if let Some(t) = typical.filter(|t| hourly < t.min_yen && !below_minimum) {
        warnings.push(PayWarning {
            code: PayWarningCode::BelowTypicalPay,
            message: Localized::new(
                format!(
                    "時給に直すと{hourly}円で、この仕事のよくある時給（{}〜{}円）より低めです。応募が集まりにくいかもしれません。",
                    t.min_yen, t.max_yen
                ),
                format!(
                    "At {hourly} yen an hour this is below the usual pay for this work ({}-{} yen); fewer people may apply.",
                    t.min_yen, t.max_yen
                ),
            ),
        });
    }
    let suggested = match (minimum, typical) {
        (Some(m), Some(t)) => Some(m.yen.max(t.min_yen)),
        (Some(m), None) => Some(m.yen),
        (None, t) => t.map(|t| t.min_yen),
    };
    PayGuidance {
        hourly_equivalent: hourly,
        prefecture: self::prefecture(prefecture).map(|p| p.name()),
        minimum_wage: minimum,
        typical,
        suggested_min_hourly: suggested,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warning_codes_name_themselves_as_serde_does() {
        // The preview's data attribute uses `as_str` (the app is built without Debug output).
        for c in PayWarningCode::ALL {
            assert_eq!(
                serde_json::to_value(c).ok(),
                Some(serde_json::json!(c.as_str()))
            );
        }
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn codes(w: &[PayWarning]) -> Vec<PayWarningCode> {
        w.iter().map(|w| w.code).collect()
    }

    #[test]
    fn table_is_complete_and_ordered() {
        for (i, r) in TABLE.iter().enumerate() {
            assert_eq!(usize::from(r.prefecture.code), i + 1);
            let (y24, d24) = r.fy2024;
            let (y25, d25) = r.fy2025;
            assert!(
                date(d24).is_some() && date(d25).is_some(),
                "{}",
                r.prefecture.name_ja
            );
            assert!(date(d24) < date(d25));
            assert!(y25 > y24 && (1000..1300).contains(&y25) && (900..1200).contains(&y24));
        }
        assert_eq!(prefectures().count(), 47);
        assert!(prefecture(0).is_none() && prefecture(48).is_none());
    }

    #[test]
    fn minimum_wage_switches_on_the_effective_date() {
        // 秋田: the latest revision of FY2025, 2026-03-31.
        assert_eq!(minimum_wage(5, ymd(2026, 3, 30)).map(|m| m.yen), Some(951));
        let akita = minimum_wage(5, ymd(2026, 3, 31));
        assert_eq!(akita.map(|m| (m.yen, m.fiscal_year)), Some((1031, 2025)));
        assert_eq!(
            minimum_wage(13, ymd(2025, 10, 3)).map(|m| m.yen),
            Some(1226)
        );
        assert_eq!(minimum_wage(13, ymd(2020, 1, 1)).map(|m| m.yen), Some(1163));
        assert_eq!(minimum_wage(47, ymd(2026, 6, 1)).map(|m| m.yen), Some(1023));
        assert!(minimum_wage(48, ymd(2026, 6, 1)).is_none());
    }

    #[test]
    fn per_task_pay_is_compared_as_hourly() {
        // 熊本 from 2026-01-01: 1034 yen. 100 yen per 6-minute task = 1000 yen an hour.
        let pay = Pay::PerTask {
            yen: 100,
            minutes_per_task: 6,
        };
        let w = pay_warnings(&pay, 43, ymd(2026, 2, 1));
        assert_eq!(codes(&w), vec![PayWarningCode::BelowMinimumWage]);
        assert!(
            w[0].message.ja.contains("1000円")
                && w[0].message.ja.contains("法律上の判断ではありません")
        );
        assert!(w[0].message.en.contains("not a legal judgement"));
        assert!(pay_warnings(&Pay::Hourly { yen: 1034 }, 43, ymd(2026, 2, 1)).is_empty());
    }

    #[test]
    fn unknown_prefecture_and_stale_table_are_said_plainly() {
        let w = pay_warnings(&Pay::Hourly { yen: 2000 }, 0, ymd(2026, 2, 1));
        assert_eq!(codes(&w), vec![PayWarningCode::UnknownPrefecture]);
        let w = pay_warnings(&Pay::Hourly { yen: 2000 }, 1, ymd(2026, 11, 1));
        assert_eq!(codes(&w), vec![PayWarningCode::MinimumWageTableOutdated]);
    }

    #[test]
    fn prefectures_are_found_by_everyday_names() {
        for name in ["熊本県", "熊本", "Kumamoto", "kumamoto-ken", "43"] {
            assert_eq!(prefecture_by_name(name).map(|p| p.code), Some(43), "{name}");
        }
        assert_eq!(prefecture_by_name("北海道").map(|p| p.code), Some(1));
        assert_eq!(prefecture_by_name("東京").map(|p| p.code), Some(13));
        assert!(prefecture_by_name("北海").is_none() && prefecture_by_name("").is_none());
    }

    #[test]
    fn typical_pay_takes_the_most_demanding_task() {
        let t = Taxonomy::builtin();
        let ids = [
            TaskKindId::from("data.entry"),
            TaskKindId::from("design.logo"),
            TaskKindId::from("x.y"),
        ];
        assert_eq!(
            typical_pay(t, &ids),
            Some(YenRange {
                min_yen: 1500,
                max_yen: 3000
            })
        );
        assert_eq!(typical_pay(t, &[TaskKindId::from("x.y")]), None);
    }

    #[test]
    fn guidance_combines_minimum_and_typical() {
        let t = Taxonomy::builtin();
        let tasks = [TaskKindId::from("design.logo")];
        let g = pay_guidance(t, &tasks, &Pay::Hourly { yen: 1200 }, 43, ymd(2026, 2, 1));
        assert_eq!(g.suggested_min_hourly, Some(1500));
        assert_eq!(codes(&g.warnings), vec![PayWarningCode::BelowTypicalPay]);
        let low = pay_guidance(t, &tasks, &Pay::Hourly { yen: 900 }, 43, ymd(2026, 2, 1));
        assert_eq!(codes(&low.warnings), vec![PayWarningCode::BelowMinimumWage]);
    }
}
