//! How a resident is paid (振込先) and the city's yen-paid-per-month figure.
//!
//! Bank details are personal: the API shows them only to the paying party after contacts open
//! and erases them on deletion (issue 19); this module only checks their form. A Japanese
//! account number for transfers (全銀) is 7 digits; ゆうちょ銀行 accounts receive transfers
//! under their 振込用 branch (3 digits, 〇一八 etc.) and 7-digit number, which the message says.
//! The holder's name is in katakana as the bank registers it (半角 input is folded by NFKC).
//!
//! The city's figure ([`paid_by_month`]) is suppressed when fewer than [`MIN_CELL`] residents are
//! behind a month, like every published cell ([`crate::metrics::Cell`]).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::Yen;
use crate::metrics::{Cell, MIN_CELL};
use crate::model::ResidentId;
use crate::text::normalize_line;
use crate::validate::checker::{Checker, label};
use crate::validate::{ErrorCode, ValidationErrors};

/// Ordinary (普通) or current (当座) account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountType {
    Ordinary,
    Current,
}

/// What the resident types.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BankAccountInput {
    pub bank: String,
    pub branch: String,
    pub account_type: Option<AccountType>,
    pub number: String,
    pub holder_kana: String,
}

/// Checked bank details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankAccount {
    pub bank: String,
    pub branch: String,
    pub account_type: AccountType,
    /// 7 digits.
    pub number: String,
    pub holder_kana: String,
}

/// Longest bank or branch name.
pub const MAX_NAME_CHARS: usize = 40;

fn is_katakana_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| {
            ('\u{30a1}'..='\u{30fa}').contains(&c)
                || matches!(c, 'ー' | ' ' | '・' | '（' | '）' | '(' | ')' | '.')
        })
}

impl BankAccountInput {
    /// Every problem at once; field names as in the JSON.
    pub fn validate(&self) -> Result<BankAccount, ValidationErrors> {
        let mut c = Checker::default();
        let name = |c: &mut Checker, field: &str, l, raw: &str| {
            let v = normalize_line(raw);
            if v.is_empty() {
                c.required(field, l);
                None
            } else if v.chars().count() > MAX_NAME_CHARS {
                c.push(
                    field,
                    ErrorCode::TooLong,
                    format!("{MAX_NAME_CHARS}文字以内にしてください。"),
                    format!("Please keep it to {MAX_NAME_CHARS} characters."),
                );
                None
            } else {
                Some(v)
            }
        };
        let bank = name(&mut c, "bank", label("銀行名", "the bank"), &self.bank);
        let branch = name(
            &mut c,
            "branch",
            label("支店名", "the branch"),
            &self.branch,
        );
        if self.account_type.is_none() {
            c.required("account_type", label("口座の種類", "the account type"));
        }
        let number: String = normalize_line(&self.number)
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect();
        let number_ok = number.len() == 7 && number.bytes().all(|b| b.is_ascii_digit());
        if number.is_empty() {
            c.required("number", label("口座番号", "the account number"));
        } else if !number_ok {
            c.push(
                "number",
                ErrorCode::OutOfRange,
                "口座番号は7桁の数字です。ゆうちょ銀行は「振込用」の店名と7桁の番号を入れてください。".to_owned(),
                "An account number is 7 digits. For Japan Post Bank, use the branch and 7-digit number for transfers.".to_owned(),
            );
        }
        let holder = normalize_line(&self.holder_kana);
        if holder.is_empty() {
            c.required(
                "holder_kana",
                label("口座名義（カタカナ）", "the account holder in katakana"),
            );
        } else if !is_katakana_name(&holder) {
            c.push(
                "holder_kana",
                ErrorCode::InvalidCharacters,
                "口座名義はカタカナで入れてください（例：ヤマダ ハナコ）。".to_owned(),
                "Please write the account holder in katakana (e.g. ヤマダ ハナコ).".to_owned(),
            );
        }
        match (bank, branch, self.account_type, number_ok) {
            (Some(bank), Some(branch), Some(account_type), true) if is_katakana_name(&holder) => c
                .into_result(BankAccount {
                    bank,
                    branch,
                    account_type,
                    number,
                    holder_kana: holder,
                }),
            _ => Err(c.into_errors()),
        }
    }
}

/// One payment to a resident, as the city's figure needs it (no invoice, no company).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaidToResident {
    pub resident: ResidentId,
    pub paid_on: NaiveDate,
    pub amount: Yen,
}

/// Yen paid to residents in one month, and how many residents it went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthPaid {
    pub year: i32,
    pub month: u32,
    pub residents: Cell<u64>,
    pub yen: Cell<u64>,
}

/// The city dashboard's yen paid to residents per month, oldest first; a month with fewer than
/// [`MIN_CELL`] residents paid is suppressed (both figures).
pub fn paid_by_month(payments: &[PaidToResident]) -> Vec<MonthPaid> {
    let mut months: BTreeMap<(i32, u32), (BTreeSet<&ResidentId>, Yen)> = BTreeMap::new();
    for p in payments {
        let m = months
            .entry((p.paid_on.year(), p.paid_on.month()))
            .or_default();
        m.0.insert(&p.resident);
        m.1 += p.amount;
    }
    months
        .into_iter()
        .map(|((year, month), (people, yen))| {
            let n = people.len() as u64;
            let shown = n >= MIN_CELL;
            MonthPaid {
                year,
                month,
                residents: Cell::people(n),
                yen: if shown {
                    Cell::Value(yen.0)
                } else {
                    Cell::Suppressed
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> BankAccountInput {
        BankAccountInput {
            bank: "みなと信用金庫".into(),
            branch: "本店".into(),
            account_type: Some(AccountType::Ordinary),
            number: "０１２３４５６".into(),
            holder_kana: "ﾔﾏﾀﾞ ﾊﾅｺ".into(),
        }
    }

    #[test]
    fn bank_details_are_folded_and_checked() {
        let a = input().validate().expect("valid");
        assert_eq!(a.number, "0123456");
        assert_eq!(a.holder_kana, "ヤマダ ハナコ");
        let e = BankAccountInput::default().validate().expect_err("empty");
        let fields: Vec<&str> = e.fields().collect();
        assert_eq!(
            fields,
            ["bank", "branch", "account_type", "number", "holder_kana"]
        );
        let mut bad = input();
        bad.number = "12345678".into();
        bad.holder_kana = "山田花子".into();
        let e = bad.validate().expect_err("bad");
        assert!(e.has("number", ErrorCode::OutOfRange));
        assert!(e.has("holder_kana", ErrorCode::InvalidCharacters));
    }

    fn paid(resident: &str, on: NaiveDate, yen: u64) -> PaidToResident {
        PaidToResident {
            resident: ResidentId::from(resident),
            paid_on: on,
            amount: Yen(yen),
        }
    }

    #[test]
    fn months_under_five_residents_are_suppressed() {
        let day = |m| NaiveDate::from_ymd_opt(2026, m, 25).expect("valid");
        let mut list: Vec<PaidToResident> = (0..5)
            .map(|i| paid(&format!("r{i}"), day(8), 10_000))
            .collect();
        list.push(paid("r0", day(8), 5_000));
        list.extend((0..4).map(|i| paid(&format!("r{i}"), day(9), 10_000)));
        let months = paid_by_month(&list);
        assert_eq!(
            months[0],
            MonthPaid {
                year: 2026,
                month: 8,
                residents: Cell::Value(5),
                yen: Cell::Value(55_000)
            }
        );
        assert!(months[1].residents.is_suppressed() && months[1].yen.is_suppressed());
    }
}
