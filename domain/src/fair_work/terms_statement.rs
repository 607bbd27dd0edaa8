//! The terms statement (取引条件の明示) of the Freelance Act, Art. 3: every commissioner, on
//! commissioning work to a freelancer, states the terms immediately, in writing or
//! electronically. The items follow the Japan Fair Trade Commission's rule
//! (公正取引委員会関係特定受託事業者に係る取引の適正化等に関する法律施行規則 第1条):
//! both parties' names (or ids that tell them apart), the date of commissioning, the content of
//! the work, the delivery date (or period for services), the place, the date inspection is
//! completed when the work is inspected, the amount (or how it is calculated when a figure is
//! impossible), the payment date, and the details of a payment method other than cash.
//! For a 再委託 under Art. 4(3): that it is one, the original client's name, and the date the
//! original client pays (元委託支払期日).
//!
//! musubi asks for a payment method always (bank transfer counts as cash for the rule, but the
//! resident needs to know it). The statement is versioned: any change makes the next version,
//! which both parties acknowledge again ([`VersionedStatement`]). What they acknowledge is the
//! exact text of [`TermsStatement::canonical_text`], hashed by the caller (the worker, with
//! SHA-256): the domain has no hash function and needs none.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::pay_calendar::{PaySchedule, check_recommission_offset};
use super::{Refusal, RefusalCode, Yen, date_text};
use crate::model::Lang;
use crate::validate::ErrorCode;
use crate::validate::ValidationErrors;
use crate::validate::checker::{Checker, Label, label};

/// Longest free text of one item (characters).
pub const MAX_ITEM_CHARS: usize = 2_000;

/// One party: a name and, optionally, an id that tells it apart (e.g. a company number).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// The delivery date (納期) of goods, or the period of a service (役務の提供期間).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    Date(NaiveDate),
    Period { from: NaiveDate, to: NaiveDate },
}

impl Delivery {
    /// The first day the statement names: the period's first, or the one delivery date.
    pub fn first_day(self) -> NaiveDate {
        match self {
            Delivery::Date(d) | Delivery::Period { from: d, .. } => d,
        }
    }

    /// The last day the statement names: the period's last, or the one delivery date.
    pub fn last_day(self) -> NaiveDate {
        match self {
            Delivery::Date(d) | Delivery::Period { to: d, .. } => d,
        }
    }
}

/// When inspection (検査) is completed, if the work is inspected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Inspection {
    /// Not inspected: accepted on receipt.
    None,
    /// Completed within this many days of receipt (day of receipt not counted).
    DaysAfterReceipt(u8),
    /// Completed by a date.
    By(NaiveDate),
}

/// The unit of a rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateUnit {
    Hour,
    Item,
    Month,
}

/// The amount of pay (報酬の額), excluding consumption tax.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Amount {
    Fixed(Yen),
    Rate {
        yen: Yen,
        per: RateUnit,
    },
    /// How it is calculated, when a figure cannot be given in advance (算定方法).
    Method(String),
}

/// The payment date (支払期日).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentDue {
    Schedule(PaySchedule),
    Date(NaiveDate),
    /// 再委託 only: this many days after the original client's payment date.
    DaysAfterOriginal(u32),
}

/// The extras of a 再委託 (Art. 4(3)).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommission {
    pub original_client: String,
    /// 元委託支払期日.
    pub original_due: Option<NaiveDate>,
}

/// Every item of a terms statement. Missing items are `None` or empty; [`Self::validate`]
/// names each.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TermsStatement {
    pub commissioner: Party,
    pub contractor: Party,
    pub commissioned_on: Option<NaiveDate>,
    pub content: String,
    pub delivery: Option<Delivery>,
    pub place: String,
    pub inspection: Option<Inspection>,
    pub amount: Option<Amount>,
    pub payment_due: Option<PaymentDue>,
    pub payment_method: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommission: Option<Recommission>,
}

const L_COMMISSIONER: Label<'static> = label("発注者の名前", "the client's name");
const L_CONTRACTOR: Label<'static> = label("受注者の名前", "the freelancer's name");
const L_COMMISSIONED_ON: Label<'static> = label("業務委託をした日", "the date of the commission");
const L_CONTENT: Label<'static> = label("仕事の内容", "the content of the work");
const L_DELIVERY: Label<'static> = label("納期（期間）", "the delivery date or period");
const L_PLACE: Label<'static> = label("納品・作業の場所", "the place of delivery or work");
const L_INSPECTION: Label<'static> = label("検査を終える日", "when inspection is completed");
const L_AMOUNT: Label<'static> = label("報酬の額", "the amount of pay");
const L_PAYMENT_DUE: Label<'static> = label("支払日", "the payment date");
const L_PAYMENT_METHOD: Label<'static> = label("支払方法", "the payment method");
const L_ORIGINAL_CLIENT: Label<'static> = label("元の発注者の名前", "the original client's name");
const L_ORIGINAL_DUE: Label<'static> =
    label("元の発注者が払う日", "the date the original client pays");

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// What a statement takes from the engagement rather than from the commissioner's form: the
/// parties, the work and where it is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngagementFacts {
    pub commissioner: Party,
    /// 再委託: the original client (the company, unless the form names another).
    pub recommission_client: Option<String>,
    pub contractor: String,
    pub job_title: String,
    pub job_description: String,
    pub place: String,
}

/// The job's place in words for the statement (both languages, as the text is read by both
/// parties): remote, or the municipality (`municipality_name`) on site or part of the week.
pub fn place_text(place: &crate::model::WorkPlace, municipality_name: &str) -> String {
    use crate::model::WorkPlace;
    match place {
        WorkPlace::Remote => "リモート（受注者の自宅など） / Remote".to_owned(),
        WorkPlace::OnSite { .. } => format!("{municipality_name}（現地） / on site"),
        WorkPlace::Hybrid { days_on_site, .. } => format!(
            "{municipality_name}（週{days_on_site}日現地、ほかはリモート） / hybrid, {days_on_site} days a week on site"
        ),
    }
}

impl TermsStatement {
    /// The statement of an engagement: its facts, and what the commissioner chose on the form
    /// (`today` is the date of the commission when the form gives none).
    pub fn of_engagement(
        facts: EngagementFacts,
        input: &super::api::FairTermsInput,
        today: NaiveDate,
    ) -> TermsStatement {
        TermsStatement {
            commissioner: facts.commissioner,
            contractor: Party {
                name: facts.contractor,
                id: None,
            },
            commissioned_on: Some(input.commissioned_on.unwrap_or(today)),
            content: input
                .content
                .clone()
                .unwrap_or_else(|| format!("{}\n{}", facts.job_title, facts.job_description)),
            delivery: Some(Delivery::Period {
                from: input.delivery_from,
                to: input.delivery_to,
            }),
            place: input.place.clone().unwrap_or(facts.place),
            inspection: Some(if input.inspection_days == 0 {
                Inspection::None
            } else {
                Inspection::DaysAfterReceipt(input.inspection_days)
            }),
            amount: Some(input.amount.clone()),
            payment_due: Some(input.payment_due),
            payment_method: input.payment_method.clone(),
            recommission: facts.recommission_client.map(|client| Recommission {
                original_client: input.original_client.clone().unwrap_or(client),
                original_due: input.original_due,
            }),
        }
    }

    /// Names every missing or contradictory item at once (field paths as in the JSON).
    /// `specified` is whether the commissioner is a 特定業務委託事業者: then the payment date must
    /// respect Art. 4 (60 days, or 30 days after the original client's date for a 再委託).
    pub fn validate(&self, specified: bool) -> Result<(), ValidationErrors> {
        let mut c = Checker::default();
        let long = |c: &mut Checker, field: &str, l: Label<'_>, s: &str| {
            if s.chars().count() > MAX_ITEM_CHARS {
                c.push(
                    field,
                    ErrorCode::TooLong,
                    format!("「{}」は{MAX_ITEM_CHARS}文字以内にしてください。", l.ja),
                    format!("Please keep {} to {MAX_ITEM_CHARS} characters.", l.en),
                );
            }
        };
        for (field, l, text) in [
            ("commissioner.name", L_COMMISSIONER, &self.commissioner.name),
            ("contractor.name", L_CONTRACTOR, &self.contractor.name),
            ("content", L_CONTENT, &self.content),
            ("place", L_PLACE, &self.place),
            ("payment_method", L_PAYMENT_METHOD, &self.payment_method),
        ] {
            if blank(text) {
                c.required(field, l);
            } else {
                long(&mut c, field, l, text);
            }
        }
        if self.commissioned_on.is_none() {
            c.required("commissioned_on", L_COMMISSIONED_ON);
        }
        match self.delivery {
            None => c.required("delivery", L_DELIVERY),
            Some(Delivery::Period { from, to }) if from > to => c.push(
                "delivery",
                ErrorCode::DateOrder,
                "期間の始まりが終わりより後になっています。".to_owned(),
                "The period starts after it ends.".to_owned(),
            ),
            Some(_) => {}
        }
        if self.inspection.is_none() {
            c.required("inspection", L_INSPECTION);
        }
        match &self.amount {
            None => c.required("amount", L_AMOUNT),
            Some(Amount::Method(text)) if blank(text) => c.required("amount", L_AMOUNT),
            Some(Amount::Method(text)) => long(&mut c, "amount", L_AMOUNT, text),
            Some(Amount::Fixed(y)) | Some(Amount::Rate { yen: y, .. }) if *y == Yen::ZERO => {
                c.push(
                    "amount",
                    ErrorCode::OutOfRange,
                    "「報酬の額」を1円以上で入力してください。".to_owned(),
                    "Please give an amount of pay of ¥1 or more.".to_owned(),
                );
            }
            Some(_) => {}
        }
        if let Some(r) = &self.recommission {
            if blank(&r.original_client) {
                c.required("recommission.original_client", L_ORIGINAL_CLIENT);
            }
            if r.original_due.is_none() {
                c.required("recommission.original_due", L_ORIGINAL_DUE);
            }
        }
        let refusal = |c: &mut Checker, r: Refusal| {
            c.push(
                "payment_due",
                ErrorCode::OutOfRange,
                r.message.ja,
                r.message.en,
            );
        };
        match self.payment_due {
            None => c.required("payment_due", L_PAYMENT_DUE),
            Some(PaymentDue::Schedule(s)) => match s.validate() {
                Err(e) => {
                    for f in e.0 {
                        c.push(
                            &format!("payment_due.{}", f.field),
                            f.code,
                            f.message.ja,
                            f.message.en,
                        );
                    }
                }
                // A 再委託 may use the 30-day route (Art. 4(3)) only with days after the
                // original date; a monthly schedule is held to the 60 days of Art. 4(1).
                Ok(()) => {
                    if let (Some(from), true) = (self.commissioned_on, specified)
                        && let Err(r) = s.check(from)
                    {
                        refusal(&mut c, r);
                    }
                }
            },
            // A fixed date is late if it falls after the 60th day from the last day the work
            // can be received: the delivery date, or the last day of the delivery period (work
            // done over a period is received by its end). Stricter readings would refuse an
            // ordinary lump sum paid soon after a period's work; this one refuses every date
            // that is late whenever the work comes.
            Some(PaymentDue::Date(due)) => {
                let received_by = match self.delivery {
                    Some(Delivery::Date(d)) => Some(d),
                    Some(Delivery::Period { to, .. }) => Some(to),
                    None => None,
                };
                if let (Some(d), true) = (received_by, specified)
                    && let Err(r) = super::pay_calendar::check_due_date(d, due)
                {
                    refusal(&mut c, r);
                }
            }
            Some(PaymentDue::DaysAfterOriginal(days)) => {
                if self.recommission.is_none() {
                    c.push(
                        "payment_due",
                        ErrorCode::Inconsistent,
                        "「元の発注者が払う日の何日後」は、再委託のときだけ選べます。".to_owned(),
                        "\"Days after the original client pays\" is only for a re-commission."
                            .to_owned(),
                    );
                } else if let (Err(r), true) = (check_recommission_offset(days), specified) {
                    refusal(&mut c, r);
                }
            }
        }
        c.into_result(())
    }

    /// The statement as people read it (what the A4 print shows), one item a line.
    pub fn render(&self, version: u32, lang: Lang) -> String {
        let ja = lang == Lang::Ja;
        let mut lines: Vec<String> = Vec::new();
        let mut item = |ja_label: &str, en_label: &str, value: String| {
            lines.push(if ja {
                format!("{ja_label}：{value}")
            } else {
                format!("{en_label}: {value}")
            });
        };
        let pick = |j: &str, e: &str| if ja { j.to_owned() } else { e.to_owned() };
        let date = |d: Option<NaiveDate>| {
            d.map_or_else(|| pick("（未記入）", "(not given)"), |d| date_text(d, lang))
        };
        let party = |p: &Party| match &p.id {
            Some(id) if !blank(id) => format!("{}（{}）", p.name.trim(), id.trim()),
            _ => p.name.trim().to_owned(),
        };
        item("発注者", "Client", party(&self.commissioner));
        item("受注者", "Freelancer", party(&self.contractor));
        item(
            "業務委託をした日",
            "Date of the commission",
            date(self.commissioned_on),
        );
        item(
            "仕事の内容",
            "Content of the work",
            self.content.trim().to_owned(),
        );
        let delivery = match self.delivery {
            None => pick("（未記入）", "(not given)"),
            Some(Delivery::Date(d)) => date_text(d, lang),
            Some(Delivery::Period { from, to }) => {
                if ja {
                    format!("{}から{}まで", date_text(from, lang), date_text(to, lang))
                } else {
                    format!("{} to {}", date_text(from, lang), date_text(to, lang))
                }
            }
        };
        item("納期（期間）", "Delivery date or period", delivery);
        item("場所", "Place", self.place.trim().to_owned());
        let inspection = match self.inspection {
            None => pick("（未記入）", "(not given)"),
            Some(Inspection::None) => pick("検査なし", "Not inspected"),
            Some(Inspection::DaysAfterReceipt(n)) => {
                if ja {
                    format!("受け取った日の翌日から{n}日以内")
                } else {
                    format!("Within {n} days after receipt")
                }
            }
            Some(Inspection::By(d)) => date_text(d, lang),
        };
        item("検査を終える日", "Inspection completed", inspection);
        let amount = match &self.amount {
            None => pick("（未記入）", "(not given)"),
            Some(Amount::Fixed(y)) => {
                if ja {
                    format!("{}（消費税別）", y.text(lang))
                } else {
                    format!("{} (excluding consumption tax)", y.text(lang))
                }
            }
            Some(Amount::Rate { yen, per }) => {
                let (u_ja, u_en) = match per {
                    RateUnit::Hour => ("1時間", "hour"),
                    RateUnit::Item => ("1件", "item"),
                    RateUnit::Month => ("1か月", "month"),
                };
                if ja {
                    format!("{u_ja}あたり{}（消費税別）", yen.text(lang))
                } else {
                    format!("{} per {u_en} (excluding consumption tax)", yen.text(lang))
                }
            }
            Some(Amount::Method(text)) => {
                if ja {
                    format!("算定方法：{}", text.trim())
                } else {
                    format!("Calculated as: {}", text.trim())
                }
            }
        };
        item("報酬の額", "Amount of pay", amount);
        let due = match self.payment_due {
            None => pick("（未記入）", "(not given)"),
            Some(PaymentDue::Schedule(s)) => s.text(lang),
            Some(PaymentDue::Date(d)) => date_text(d, lang),
            Some(PaymentDue::DaysAfterOriginal(n)) => {
                if ja {
                    format!("元の発注者が払う日の{n}日後")
                } else {
                    format!("{n} days after the original client pays")
                }
            }
        };
        item("支払日", "Payment date", due);
        item(
            "支払方法",
            "Payment method",
            self.payment_method.trim().to_owned(),
        );
        if let Some(r) = &self.recommission {
            item(
                "再委託",
                "Re-commission",
                pick(
                    "この仕事は再委託です（元の発注者から受けた仕事の一部をお願いしています）",
                    "This work is a re-commission (part of work the client received from an original client)",
                ),
            );
            item(
                "元の発注者",
                "Original client",
                r.original_client.trim().to_owned(),
            );
            item(
                "元の発注者が払う日",
                "Date the original client pays",
                date(r.original_due),
            );
        }
        let title = if ja {
            format!("取引条件の明示（フリーランス・事業者間取引適正化等法 第3条）　第{version}版")
        } else {
            format!("Terms of the work (Freelance Act, Art. 3), version {version}")
        };
        format!("{title}\n\n{}\n", lines.join("\n"))
    }

    /// The exact text both parties acknowledge: a format tag, then the Japanese and the English
    /// rendering. Stable: it depends only on the statement and the version. Hash it (SHA-256)
    /// to record what was acknowledged.
    pub fn canonical_text(&self, version: u32) -> String {
        format!(
            "musubi-terms-statement/1\n{}\n{}",
            self.render(version, Lang::Ja),
            self.render(version, Lang::En)
        )
    }
}

/// Which side acknowledges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Commissioner,
    Contractor,
}

/// One party's acknowledgement of one version: when, and the hash of the exact text it saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledgement {
    pub by: Side,
    pub version: u32,
    pub at: DateTime<Utc>,
    /// SHA-256 of [`TermsStatement::canonical_text`], hex.
    pub text_hash: String,
}

/// The statement in force with its version and acknowledgements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionedStatement {
    pub version: u32,
    pub statement: TermsStatement,
    pub acknowledgements: Vec<Acknowledgement>,
}

impl VersionedStatement {
    pub fn first(statement: TermsStatement) -> Self {
        VersionedStatement {
            version: 1,
            statement,
            acknowledgements: Vec::new(),
        }
    }

    /// A changed statement is the next version with no acknowledgements; an unchanged one keeps
    /// its version and acknowledgements.
    pub fn revise(&self, statement: TermsStatement) -> Self {
        if statement == self.statement {
            return self.clone();
        }
        VersionedStatement {
            version: self.version + 1,
            statement,
            acknowledgements: Vec::new(),
        }
    }

    pub fn canonical_text(&self) -> String {
        self.statement.canonical_text(self.version)
    }

    /// Records an acknowledgement of the version in force. `current_hash` is the hash of
    /// [`Self::canonical_text`]; an acknowledgement of another version or text (a stale page)
    /// is refused, and so is a second one by the same side.
    pub fn acknowledge(&mut self, ack: Acknowledgement, current_hash: &str) -> Result<(), Refusal> {
        if ack.version != self.version || ack.text_hash != current_hash {
            return Err(Refusal::new(
                RefusalCode::Inconsistent,
                "条件が変わりました。新しい内容を読んでから、もう一度確認してください。",
                "The terms have changed. Please read the new version and confirm again.",
            ));
        }
        if self.acknowledged_by(ack.by) {
            return Err(Refusal::new(
                RefusalCode::NotAllowedNow,
                "この版はもう確認済みです。",
                "This version is already confirmed.",
            ));
        }
        self.acknowledgements.push(ack);
        Ok(())
    }

    pub fn acknowledged_by(&self, side: Side) -> bool {
        self.acknowledgements
            .iter()
            .any(|a| a.by == side && a.version == self.version)
    }

    /// Both parties acknowledged the version in force: work may start.
    pub fn agreed(&self) -> bool {
        self.acknowledged_by(Side::Commissioner) && self.acknowledged_by(Side::Contractor)
    }
}

/// Work (the trial, and so everything after it) starts only on terms both parties confirmed.
/// Art. 3 asks for the statement "immediately" on commissioning; musubi makes it the gate, so no
/// one works a day on terms nobody wrote down. A newer version both have not confirmed yet holds
/// the start too: the resident would start on terms they have not read.
pub fn check_start(terms: Option<&VersionedStatement>) -> Result<(), Refusal> {
    let not_agreed =
        |ja: String, en: String| Err(Refusal::new(RefusalCode::TermsNotAgreed, ja, en));
    let Some(terms) = terms else {
        return not_agreed(
            "取引条件（フリーランス法で示す書面）がまだありません。仕事を頼む側が条件を作り、双方が確認してから始めてください。".to_owned(),
            "There are no terms yet (the written terms the Freelance Act asks for). The commissioning side sets them, and both sides confirm them before work starts.".to_owned(),
        );
    };
    let v = terms.version;
    match (
        terms.acknowledged_by(Side::Commissioner),
        terms.acknowledged_by(Side::Contractor),
    ) {
        (true, true) => Ok(()),
        (true, false) => not_agreed(
            format!("住民が取引条件 第{v}版をまだ確認していません。確認されてから始めてください。"),
            format!(
                "The resident has not confirmed version {v} of the terms yet. Work starts once they have."
            ),
        ),
        (false, true) => not_agreed(
            format!(
                "仕事を頼む側が取引条件 第{v}版をまだ確認していません。確認してから始めてください。"
            ),
            format!(
                "The commissioning side has not confirmed version {v} of the terms yet. Please confirm them first."
            ),
        ),
        (false, false) => not_agreed(
            format!(
                "取引条件 第{v}版を、まだどちらも確認していません。双方が確認してから始めてください。"
            ),
            format!(
                "Neither side has confirmed version {v} of the terms yet. Work starts once both have."
            ),
        ),
    }
}

#[cfg(test)]
mod tests;
