//! Rows for a company's accounting import (会計ソフトへの取込): one row per invoice and tax rate,
//! as pure data. The text encoding is I/O for the edge: UTF-8 with BOM through
//! [`crate::metrics::csv_with_bom`] (the city report's writer, whose quoting these rows reuse),
//! and Shift_JIS by the worker.
//!
//! Columns ([`HEADER`]): 日付, 取引先, 摘要, 税抜金額, 税率, 消費税額, 源泉徴収税額, 合計, 登録番号.
//! 合計 is amount plus tax of the row; the invoice's withholding sits on its first row only, so
//! the payable amount is Σ合計 − Σ源泉徴収税額 and no figure is counted twice.

use super::invoice::{Invoice, TaxRate};

/// The header row.
pub const HEADER: [&str; 9] = [
    "日付",
    "取引先",
    "摘要",
    "税抜金額",
    "税率",
    "消費税額",
    "源泉徴収税額",
    "合計",
    "登録番号",
];

/// Whose books the rows are for: the partner is the other party.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Books {
    /// The company that pays: the partner is the issuer (a purchase).
    Payer,
    /// The resident who is paid: the partner is the recipient (a sale).
    Payee,
}

/// The rows of these invoices, header first. Dates are `YYYY/MM/DD` (the form accounting
/// software reads), the rate `10%`, amounts plain digits.
pub fn rows(invoices: &[Invoice], books: Books) -> Vec<Vec<String>> {
    let mut out = vec![HEADER.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>()];
    for inv in invoices {
        let d = &inv.draft;
        let partner = match books {
            Books::Payer => d.issuer.trim(),
            Books::Payee => d.recipient.trim(),
        };
        let registration = d
            .registration
            .as_ref()
            .map(|r| r.as_str().to_owned())
            .unwrap_or_default();
        for (i, r) in inv.per_rate.iter().enumerate() {
            let lines = d.lines.iter().filter(|l| l.rate == r.rate);
            let date = lines
                .clone()
                .map(|l| l.transaction_date)
                .max()
                .unwrap_or(d.issued_on);
            let description = lines
                .map(|l| l.description.trim())
                .collect::<Vec<_>>()
                .join(" / ");
            let mark = if r.rate == TaxRate::Reduced {
                "（軽減）"
            } else {
                ""
            };
            out.push(vec![
                date.format("%Y/%m/%d").to_string(),
                partner.to_owned(),
                format!("{description}{mark}"),
                r.amount.0.to_string(),
                format!("{}%", r.rate.percent()),
                r.tax.0.to_string(),
                if i == 0 { inv.withholding.0 } else { 0 }.to_string(),
                (r.amount + r.tax).0.to_string(),
                registration.clone(),
            ]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::fair_work::Yen;
    use crate::fair_work::invoice::{
        InvoiceDraft, InvoiceLine, RegistrationNumber, Rounding, compute,
    };
    use crate::metrics::csv_with_bom;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    fn invoice() -> Invoice {
        let line = |date, desc: &str, amount, rate, withholding| InvoiceLine {
            transaction_date: date,
            description: desc.into(),
            amount: Yen(amount),
            rate,
            withholding,
        };
        compute(&InvoiceDraft {
            issuer: "山田 花子".into(),
            registration: Some(RegistrationNumber::parse("T1234567890123").expect("valid")),
            recipient: "株式会社みなと商店".into(),
            issued_on: d(2026, 8, 1),
            due_on: d(2026, 8, 25),
            lines: vec![
                line(
                    d(2026, 7, 15),
                    "記事作成, 2本",
                    40_000,
                    TaxRate::Standard,
                    true,
                ),
                line(
                    d(2026, 7, 31),
                    "記事作成 \"特集\"",
                    60_000,
                    TaxRate::Standard,
                    true,
                ),
                line(
                    d(2026, 7, 20),
                    "取材時の弁当",
                    1_000,
                    TaxRate::Reduced,
                    false,
                ),
            ],
            rounding: Rounding::Down,
            payer_withholds: true,
        })
        .expect("valid")
    }

    #[test]
    fn one_row_per_rate_with_withholding_once() {
        let rows = rows(&[invoice()], Books::Payer);
        assert_eq!(rows[0], HEADER.to_vec());
        assert_eq!(
            rows[1],
            [
                "2026/07/31",
                "山田 花子",
                "記事作成, 2本 / 記事作成 \"特集\"",
                "100000",
                "10%",
                "10000",
                "10210",
                "110000",
                "T1234567890123"
            ]
        );
        assert_eq!(
            rows[2],
            [
                "2026/07/20",
                "山田 花子",
                "取材時の弁当（軽減）",
                "1000",
                "8%",
                "80",
                "0",
                "1080",
                "T1234567890123"
            ]
        );
        let payee = super::rows(&[invoice()], Books::Payee);
        assert_eq!(payee[1][1], "株式会社みなと商店");
    }

    #[test]
    fn the_city_report_writer_quotes_commas_and_quotes() {
        let text = csv_with_bom(&rows(&[invoice()], Books::Payer));
        assert!(text.starts_with('\u{feff}'));
        assert!(
            text.contains("\"記事作成, 2本 / 記事作成 \"\"特集\"\"\""),
            "{text}"
        );
        assert_eq!(text.matches("\r\n").count(), 3);
    }
}
