//! Invoices (インボイス制度, 適格請求書等保存方式, from 2023-10-01).
//!
//! A qualified invoice (適格請求書, 消費税法 第57条の4第1項) carries: the issuer's name and
//! registration number, the transaction date, the description (marking reduced-rate items),
//! the amount per tax rate with the rate, the consumption tax per rate, and the recipient's
//! name. The tax per rate is rounded once per rate per invoice (消費税法施行令 第70条の10); the
//! way of rounding is the issuer's choice ([`Rounding`]; 切り捨て is the common one and the
//! default here).
//!
//! The registration number (登録番号) is "T" and 13 digits: a company's 法人番号, or a number the
//! National Tax Agency assigns to an individual. [`RegistrationNumber::parse`] checks the
//! format only: the 法人番号 check digit ([`RegistrationNumber::has_corporate_check_digit`],
//! 法人番号の指定等に関する省令 第2条) is certain for company numbers, but whether individuals'
//! numbers follow it was not confirmed, and residents are individuals.
//!
//! A resident without a number issues a plain 請求書. The buyer then deducts only part of the
//! tax under the transitional measure (所得税法等の一部を改正する法律 (平成28年法律第15号) 附則
//! 第52条・第53条, as extended; the shares and dates are those of issue 19):
//! 80% until 2026-09-30, 70% from 2026-10-01, 50% from 2028-10-01, 30% from 2030-10-01, none
//! from 2031-10-01 ([`buyer_deduction_percent`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::withholding::{TaxShown, base, withholding_tax};
use super::{Yen, date_text};
use crate::model::{Lang, Localized};
use crate::text::normalize_line;
use crate::validate::checker::{Checker, label};
use crate::validate::{ErrorCode, FieldError, ValidationErrors};

/// A registration number as written on an invoice: `T` and 13 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegistrationNumber(String);

impl RegistrationNumber {
    /// Accepts what people type: full-width characters, a lowercase `t`, spaces and hyphens
    /// (`T-1234-5678-9012-3`). Checks the format only (see the module note).
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let folded: String = normalize_line(raw)
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '‐' | 'ー' | '−'))
            .collect::<String>()
            // Only `T` and digits pass: ASCII case is enough (no Unicode case table).
            .to_ascii_uppercase();
        let digits = folded.strip_prefix('T').unwrap_or("");
        if digits.len() == 13 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(RegistrationNumber(folded))
        } else {
            Err(FieldError {
                field: "registration_number".to_owned(),
                code: ErrorCode::InvalidId,
                message: Localized::new(
                    "「登録番号」は T と13桁の数字です（例：T1234567890123）。",
                    "A registration number is T followed by 13 digits (e.g. T1234567890123).",
                ),
            })
        }
    }

    /// For an optional profile field: blank is `None`.
    pub fn parse_optional(raw: &str) -> Result<Option<Self>, FieldError> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(raw).map(Some)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 13 digits without the `T`.
    pub fn digits(&self) -> &str {
        &self.0[1..]
    }

    /// The 法人番号 check digit rule (法人番号の指定等に関する省令 第2条): the first digit equals
    /// 9 − (Σ Pn × Qn mod 9), Pn the n-th digit of the other twelve counted from the right,
    /// Qn 1 for odd n and 2 for even n. Holds for every company's number.
    pub fn has_corporate_check_digit(&self) -> bool {
        let d: Vec<u32> = self
            .digits()
            .chars()
            .filter_map(|c| c.to_digit(10))
            .collect();
        let sum: u32 = d[1..]
            .iter()
            .rev()
            .enumerate()
            .map(|(i, p)| if i % 2 == 0 { *p } else { p * 2 })
            .sum();
        d[0] == 9 - sum % 9
    }
}

impl TryFrom<String> for RegistrationNumber {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        RegistrationNumber::parse(&s).map_err(|e| e.message.en)
    }
}

impl From<RegistrationNumber> for String {
    fn from(r: RegistrationNumber) -> String {
        r.0
    }
}

/// A consumption tax rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxRate {
    /// 10% (標準税率).
    Standard,
    /// 8% (軽減税率): food and newspapers; not musubi's services, kept for completeness.
    Reduced,
}

impl TaxRate {
    pub fn percent(self) -> u64 {
        match self {
            TaxRate::Standard => 10,
            TaxRate::Reduced => 8,
        }
    }
}

/// How the tax of one rate drops its yen fraction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// 切り捨て.
    #[default]
    Down,
    /// 四捨五入.
    HalfUp,
    /// 切り上げ.
    Up,
}

impl Rounding {
    /// `numerator / denominator` rounded this way.
    pub fn divide(self, numerator: u64, denominator: u64) -> u64 {
        match self {
            Rounding::Down => numerator / denominator,
            Rounding::HalfUp => (numerator + denominator / 2) / denominator,
            Rounding::Up => numerator.div_ceil(denominator),
        }
    }
}

/// One line: an accepted report turned into money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub transaction_date: NaiveDate,
    pub description: String,
    /// Excluding consumption tax.
    pub amount: Yen,
    pub rate: TaxRate,
    /// A fee the law withholds on ([`super::withholding`]).
    #[serde(default)]
    pub withholding: bool,
}

/// What the issuer fills in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDraft {
    pub issuer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<RegistrationNumber>,
    pub recipient: String,
    pub issued_on: NaiveDate,
    pub due_on: NaiveDate,
    pub lines: Vec<InvoiceLine>,
    #[serde(default)]
    pub rounding: Rounding,
    /// The payer is a withholding agent (源泉徴収義務者).
    #[serde(default)]
    pub payer_withholds: bool,
}

/// Whether the invoice is a qualified one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    /// 適格請求書: the buyer deducts all of the tax.
    Qualified,
    /// 請求書 from an unregistered issuer: the buyer deducts a share by date.
    Plain,
}

/// The totals of one rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateTotal {
    pub rate: TaxRate,
    pub amount: Yen,
    pub tax: Yen,
}

/// A computed invoice: every figure printed on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub draft: InvoiceDraft,
    pub kind: InvoiceKind,
    /// Standard rate first.
    pub per_rate: Vec<RateTotal>,
    pub amount: Yen,
    pub tax: Yen,
    /// Amount plus tax.
    pub total: Yen,
    pub withholding: Yen,
    /// What the payer transfers: total minus withholding.
    pub payable: Yen,
    /// For a plain invoice: the share of the tax the buyer may deduct on the issue date.
    pub buyer_deduction_percent: Option<u8>,
}

/// Longest description of a line.
pub const MAX_DESCRIPTION_CHARS: usize = 200;
/// Most lines of one invoice.
pub const MAX_LINES: usize = 100;

/// Checks a draft and computes its figures, or names every problem.
pub fn compute(draft: &InvoiceDraft) -> Result<Invoice, ValidationErrors> {
    let mut c = Checker::default();
    if draft.issuer.trim().is_empty() {
        c.required("issuer", label("請求する人の名前", "the issuer's name"));
    }
    if draft.recipient.trim().is_empty() {
        c.required("recipient", label("請求先の名前", "the recipient's name"));
    }
    if draft.lines.is_empty() {
        c.required("lines", label("請求する内容", "what is invoiced"));
    }
    if draft.lines.len() > MAX_LINES {
        c.push(
            "lines",
            ErrorCode::TooMany,
            format!("1枚の請求書は{MAX_LINES}行までです。"),
            format!("One invoice holds at most {MAX_LINES} lines."),
        );
    }
    if draft.due_on < draft.issued_on {
        c.push(
            "due_on",
            ErrorCode::DateOrder,
            "支払期日が請求日より前になっています。".to_owned(),
            "The due date is before the invoice date.".to_owned(),
        );
    }
    for (i, line) in draft.lines.iter().enumerate() {
        let d = line.description.trim();
        if d.is_empty() {
            c.required(
                &format!("lines[{i}].description"),
                label("内容", "the description"),
            );
        } else if d.chars().count() > MAX_DESCRIPTION_CHARS {
            c.push(
                &format!("lines[{i}].description"),
                ErrorCode::TooLong,
                format!("「内容」は{MAX_DESCRIPTION_CHARS}文字以内にしてください。"),
                format!("Please keep the description to {MAX_DESCRIPTION_CHARS} characters."),
            );
        }
        if line.amount == Yen::ZERO {
            c.push(
                &format!("lines[{i}].amount"),
                ErrorCode::OutOfRange,
                "金額を1円以上で入力してください。".to_owned(),
                "Please enter an amount of ¥1 or more.".to_owned(),
            );
        }
    }
    c.into_result(())?;
    let mut per_rate: Vec<RateTotal> = Vec::new();
    for rate in [TaxRate::Standard, TaxRate::Reduced] {
        let amount: Yen = draft
            .lines
            .iter()
            .filter(|l| l.rate == rate)
            .map(|l| l.amount)
            .sum();
        if amount > Yen::ZERO {
            let tax = Yen(draft.rounding.divide(amount.0 * rate.percent(), 100));
            per_rate.push(RateTotal { rate, amount, tax });
        }
    }
    let amount: Yen = per_rate.iter().map(|r| r.amount).sum();
    let tax: Yen = per_rate.iter().map(|r| r.tax).sum();
    let withheld_base: Yen = draft
        .lines
        .iter()
        .filter(|l| l.withholding)
        .map(|l| l.amount)
        .sum();
    let withholding = if draft.payer_withholds {
        withholding_tax(base(withheld_base, Yen::ZERO, TaxShown::Separately))
    } else {
        Yen::ZERO
    };
    let kind = if draft.registration.is_some() {
        InvoiceKind::Qualified
    } else {
        InvoiceKind::Plain
    };
    Ok(Invoice {
        draft: draft.clone(),
        kind,
        per_rate,
        amount,
        tax,
        total: amount + tax,
        withholding,
        payable: amount + tax - withholding,
        buyer_deduction_percent: (kind == InvoiceKind::Plain)
            .then(|| buyer_deduction_percent(draft.issued_on)),
    })
}

/// The share (%) of the tax on a purchase from an unregistered seller that the buyer deducts,
/// by the date of the purchase. 100 before the invoice system (2023-10-01).
pub fn buyer_deduction_percent(on: NaiveDate) -> u8 {
    let from = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MAX);
    if on < from(2023, 10) {
        100
    } else if on < from(2026, 10) {
        80
    } else if on < from(2028, 10) {
        70
    } else if on < from(2030, 10) {
        50
    } else if on < from(2031, 10) {
        30
    } else {
        0
    }
}

impl Invoice {
    /// The note the company sees on a plain invoice.
    pub fn buyer_note(&self) -> Option<Localized> {
        let p = self.buyer_deduction_percent?;
        let on = self.draft.issued_on;
        Some(Localized::new(
            format!(
                "登録番号のない請求書です。{}の取引では、この消費税相当額のうち{}%を仕入税額控除できます（経過措置）。",
                date_text(on, Lang::Ja),
                p
            ),
            format!(
                "This invoice has no registration number. For a purchase on {}, you may deduct {}% of this tax amount (transitional measure).",
                date_text(on, Lang::En),
                p
            ),
        ))
    }

    /// The invoice as printed (A4), one item a line.
    pub fn render(&self, lang: Lang) -> String {
        let ja = lang == Lang::Ja;
        let d = &self.draft;
        let mut out = Vec::new();
        out.push(match (self.kind, ja) {
            (InvoiceKind::Qualified, true) => "請求書（適格請求書）".to_owned(),
            (InvoiceKind::Plain, true) => "請求書".to_owned(),
            (InvoiceKind::Qualified, false) => "Invoice (qualified invoice)".to_owned(),
            (InvoiceKind::Plain, false) => "Invoice".to_owned(),
        });
        let pair = |j: &str, e: &str, v: String| {
            if ja {
                format!("{j}：{v}")
            } else {
                format!("{e}: {v}")
            }
        };
        let recipient = if ja {
            format!("{} 御中", d.recipient.trim())
        } else {
            d.recipient.trim().to_owned()
        };
        out.push(pair("請求先", "To", recipient));
        out.push(pair("請求日", "Date", date_text(d.issued_on, lang)));
        out.push(pair("請求元", "From", d.issuer.trim().to_owned()));
        if let Some(r) = &d.registration {
            out.push(pair(
                "登録番号",
                "Registration number",
                r.as_str().to_owned(),
            ));
        }
        for l in &d.lines {
            let mark = if l.rate == TaxRate::Reduced {
                "※"
            } else {
                ""
            };
            out.push(format!(
                "{}  {}{}  {}",
                date_text(l.transaction_date, lang),
                l.description.trim(),
                mark,
                l.amount.text(lang)
            ));
        }
        let tax_word = match (self.kind, ja) {
            (InvoiceKind::Qualified, true) => "消費税",
            (InvoiceKind::Plain, true) => "消費税相当額",
            (_, false) => "consumption tax",
        };
        for r in &self.per_rate {
            out.push(if ja {
                format!(
                    "{}%対象 {}　{tax_word} {}",
                    r.rate.percent(),
                    r.amount.text(lang),
                    r.tax.text(lang)
                )
            } else {
                format!(
                    "Subject to {}%: {}, {tax_word} {}",
                    r.rate.percent(),
                    r.amount.text(lang),
                    r.tax.text(lang)
                )
            });
        }
        if self.per_rate.iter().any(|r| r.rate == TaxRate::Reduced) {
            out.push(if ja {
                "※は軽減税率対象".to_owned()
            } else {
                "※ reduced rate".to_owned()
            });
        }
        out.push(pair(
            "合計（税込）",
            "Total (tax included)",
            self.total.text(lang),
        ));
        if self.withholding > Yen::ZERO {
            out.push(pair(
                "源泉徴収税額",
                "Income tax withheld",
                self.withholding.text(lang),
            ));
        }
        out.push(pair("お支払い額", "Amount to pay", self.payable.text(lang)));
        out.push(pair("お支払い期日", "Due date", date_text(d.due_on, lang)));
        if let Some(note) = self.buyer_note() {
            out.push(note.get(lang).to_owned());
        }
        out.join("\n") + "\n"
    }
}

#[cfg(test)]
mod tests;
