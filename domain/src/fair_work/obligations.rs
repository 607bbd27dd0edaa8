//! Who owes what under the Freelance Act (特定受託事業者に係る取引の適正化等に関する法律).
//!
//! Art. 2: a freelancer (特定受託事業者) is an individual without employees, or a company with
//! one representative and no other officers and no employees. A commissioner that has employees,
//! or is a company with two or more officers, is a 特定業務委託事業者 and owes more. "Employee"
//! (従業員) means someone hired for 20 hours a week or more and expected to stay 31 days or more
//! (公正取引委員会・厚生労働省「特定受託事業者に係る取引の適正化等に関する法律の考え方」); the
//! count passed in must already follow that definition.
//!
//! Duties by article:
//! - Art. 3 terms statement (取引条件の明示): every commissioner, even a freelancer without staff.
//! - Art. 4 payment within 60 days of receipt: 特定業務委託事業者.
//! - Art. 5 the seven prohibited acts: 特定業務委託事業者, work lasting 1 month or more
//!   (施行令 第1条: 1か月), renewals included.
//! - Art. 12 accurate and current job postings: 特定業務委託事業者.
//! - Art. 13 consideration of pregnancy, childcare and caregiving: a duty from 6 months
//!   (施行令 第3条: 6か月), an effort below.
//! - Art. 14 measures against harassment: 特定業務委託事業者.
//! - Art. 16 30 days' notice of ending or non-renewal, the reason on request: 6 months or more.

use serde::{Deserialize, Serialize};

use crate::model::Localized;

/// What kind of business the commissioner (発注事業者) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BusinessForm {
    /// An individual business (個人事業者).
    Individual,
    /// A company, association or other legal person (法人).
    Corporation,
}

/// The facts about a business that decide its role under the Act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessProfile {
    pub form: BusinessForm,
    /// Employees in the Act's sense (20 h a week or more, 31 days or more expected).
    pub employees: u32,
    /// Officers (役員) including the representative; ignored for individuals.
    pub officers: u32,
}

impl BusinessProfile {
    /// 特定業務委託事業者 (Art. 2(6)): an individual who employs staff, or a company with two or
    /// more officers or any employee.
    pub fn is_specified_commissioner(&self) -> bool {
        match self.form {
            BusinessForm::Individual => self.employees > 0,
            BusinessForm::Corporation => self.officers >= 2 || self.employees > 0,
        }
    }

    /// 特定受託事業者 (Art. 2(1)): an individual without employees, or a company with only its
    /// representative and no employees. The Act protects this party.
    pub fn is_protected_freelancer(&self) -> bool {
        self.employees == 0
            && match self.form {
                BusinessForm::Individual => true,
                BusinessForm::Corporation => self.officers <= 1,
            }
    }
}

/// How long the work has run continuously (renewals included), as the thresholds of the Act
/// see it. Compute it with [`super::ending::continuous_work`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reach {
    UnderOneMonth,
    /// 1 month or more: the prohibited acts (Art. 5) apply.
    OneMonth,
    /// 6 months or more: notice (Art. 16) and the childcare duty (Art. 13) apply.
    SixMonths,
}

/// One duty of the commissioner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Obligation {
    /// Art. 3: written or electronic terms, immediately on commissioning.
    TermsStatement,
    /// Art. 4: a concrete pay date within 60 days of receipt (30 days after the original
    /// client's date for a 再委託).
    PaymentWithin60Days,
    /// Art. 5: no refusing delivery, cutting pay, returns, 買いたたき, forced purchases, unjust
    /// benefits, unjust changes or redos.
    NoProhibitedActs,
    /// Art. 12: job postings accurate and current.
    AccurateJobPostings,
    /// Art. 13(1): consideration of pregnancy, childcare and caregiving (a duty).
    ChildcareCaregivingConsideration,
    /// Art. 13(2): the same as an effort, for shorter work.
    ChildcareCaregivingEffort,
    /// Art. 14: measures against harassment.
    HarassmentMeasures,
    /// Art. 16: 30 days' written notice of ending or non-renewal, the reason on request.
    AdvanceNoticeOfEnding,
}

impl Obligation {
    /// The duty in plain words.
    pub fn label(self) -> Localized {
        let (ja, en) = match self {
            Obligation::TermsStatement => (
                "仕事の条件を書面かメッセージで、すぐに伝える（第3条）",
                "Give the terms in writing or electronically, straight away (Art. 3)",
            ),
            Obligation::PaymentWithin60Days => (
                "受け取った日から60日以内の支払日を決めて払う（第4条）",
                "Set a pay date within 60 days of receiving the work and pay on it (Art. 4)",
            ),
            Obligation::NoProhibitedActs => (
                "受け取り拒否・減額・返品・買いたたき・購入の強制・不当な利益の要求・不当なやり直しをしない（第5条）",
                "No refusing delivery, cutting pay, returns, unfairly low prices, forced purchases, unjust benefits or unjust changes and redos (Art. 5)",
            ),
            Obligation::AccurateJobPostings => (
                "募集の情報を正確に、最新に保つ（第12条）",
                "Keep job postings accurate and up to date (Art. 12)",
            ),
            Obligation::ChildcareCaregivingConsideration => (
                "妊娠・出産・育児・介護と両立できるよう配慮する（第13条第1項）",
                "Make room for pregnancy, childbirth, childcare and caregiving (Art. 13(1))",
            ),
            Obligation::ChildcareCaregivingEffort => (
                "妊娠・出産・育児・介護と両立できるよう配慮に努める（第13条第2項）",
                "Try to make room for pregnancy, childbirth, childcare and caregiving (Art. 13(2))",
            ),
            Obligation::HarassmentMeasures => (
                "ハラスメントの相談に応じ、防ぐ体制をつくる（第14条）",
                "Set up ways to prevent harassment and to hear about it (Art. 14)",
            ),
            Obligation::AdvanceNoticeOfEnding => (
                "終了・更新しないときは30日前までに書面等で伝え、求められたら理由を示す（第16条）",
                "Give 30 days' written notice of ending or not renewing, and the reason when asked (Art. 16)",
            ),
        };
        Localized::new(ja, en)
    }
}

/// The seven prohibited acts of Art. 5 (work of 1 month or more by a 特定業務委託事業者): five
/// in Art. 5(1) and two in Art. 5(2), each "without cause attributable to the freelancer"
/// (特定受託事業者の責めに帰すべき事由なく) where the Act says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProhibitedAct {
    /// 受領拒否 (Art. 5(1)(i)).
    RefusingDelivery,
    /// 報酬の減額 (Art. 5(1)(ii)).
    CuttingPay,
    /// 返品 (Art. 5(1)(iii)).
    Returns,
    /// 買いたたき (Art. 5(1)(iv)): pay far below what is usual for the same work.
    UnfairlyLowPrice,
    /// 購入・利用強制 (Art. 5(1)(v)).
    ForcedPurchase,
    /// 不当な経済上の利益の提供要請 (Art. 5(2)(i)).
    UnjustBenefits,
    /// 不当な給付内容の変更・やり直し (Art. 5(2)(ii)).
    UnjustChangesOrRedos,
}

impl ProhibitedAct {
    pub const ALL: [ProhibitedAct; 7] = [
        ProhibitedAct::RefusingDelivery,
        ProhibitedAct::CuttingPay,
        ProhibitedAct::Returns,
        ProhibitedAct::UnfairlyLowPrice,
        ProhibitedAct::ForcedPurchase,
        ProhibitedAct::UnjustBenefits,
        ProhibitedAct::UnjustChangesOrRedos,
    ];

    /// In plain words.
    pub fn label(self) -> Localized {
        let (ja, en) = match self {
            ProhibitedAct::RefusingDelivery => (
                "受注者に落ち度がないのに、納品を受け取らない",
                "Refusing delivery when the freelancer is not at fault",
            ),
            ProhibitedAct::CuttingPay => (
                "受注者に落ち度がないのに、決めた報酬を減らす",
                "Cutting the agreed pay when the freelancer is not at fault",
            ),
            ProhibitedAct::Returns => (
                "受注者に落ち度がないのに、受け取った物を返す",
                "Returning delivered work when the freelancer is not at fault",
            ),
            ProhibitedAct::UnfairlyLowPrice => (
                "同じような仕事の相場よりとても低い報酬を一方的に決める（買いたたき）",
                "Setting pay far below the usual price for similar work",
            ),
            ProhibitedAct::ForcedPurchase => (
                "正当な理由なく、指定した物やサービスを買わせる・使わせる",
                "Forcing the freelancer to buy or use goods or services without good reason",
            ),
            ProhibitedAct::UnjustBenefits => (
                "お金や労務の提供など、不当な利益を求める",
                "Demanding money, work or other benefits unjustly",
            ),
            ProhibitedAct::UnjustChangesOrRedos => (
                "受注者に落ち度がないのに、内容を変えさせる・やり直させる（費用を負担しない）",
                "Changing the work or making the freelancer redo it without fault and without bearing the cost",
            ),
        };
        Localized::new(ja, en)
    }
}

/// The duties a commissioner owes a freelancer for work of this length. Empty when the
/// contractor is not a freelancer the Act protects.
pub fn obligations(
    commissioner: &BusinessProfile,
    contractor: &BusinessProfile,
    reach: Reach,
) -> Vec<Obligation> {
    if !contractor.is_protected_freelancer() {
        return Vec::new();
    }
    let mut out = vec![Obligation::TermsStatement];
    if !commissioner.is_specified_commissioner() {
        return out;
    }
    out.push(Obligation::PaymentWithin60Days);
    if reach >= Reach::OneMonth {
        out.push(Obligation::NoProhibitedActs);
    }
    out.push(Obligation::AccurateJobPostings);
    out.push(if reach >= Reach::SixMonths {
        Obligation::ChildcareCaregivingConsideration
    } else {
        Obligation::ChildcareCaregivingEffort
    });
    out.push(Obligation::HarassmentMeasures);
    if reach >= Reach::SixMonths {
        out.push(Obligation::AdvanceNoticeOfEnding);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESIDENT: BusinessProfile = BusinessProfile {
        form: BusinessForm::Individual,
        employees: 0,
        officers: 0,
    };

    fn company(officers: u32, employees: u32) -> BusinessProfile {
        BusinessProfile {
            form: BusinessForm::Corporation,
            employees,
            officers,
        }
    }

    #[test]
    fn specified_commissioner_has_staff_or_two_officers() {
        assert!(!company(1, 0).is_specified_commissioner());
        assert!(company(2, 0).is_specified_commissioner());
        assert!(company(1, 1).is_specified_commissioner());
        assert!(!RESIDENT.is_specified_commissioner());
        let shop = BusinessProfile {
            employees: 1,
            ..RESIDENT
        };
        assert!(shop.is_specified_commissioner());
        assert!(!shop.is_protected_freelancer());
        assert!(RESIDENT.is_protected_freelancer());
        assert!(
            company(1, 0).is_protected_freelancer(),
            "one-person company"
        );
        assert!(!company(2, 0).is_protected_freelancer());
    }

    #[test]
    fn a_freelancer_commissioning_a_freelancer_owes_only_the_terms() {
        assert_eq!(
            obligations(&RESIDENT, &RESIDENT, Reach::SixMonths),
            vec![Obligation::TermsStatement]
        );
        assert_eq!(
            obligations(&company(1, 0), &RESIDENT, Reach::SixMonths),
            vec![Obligation::TermsStatement]
        );
    }

    #[test]
    fn duties_grow_with_length() {
        let c = company(3, 10);
        let short = obligations(&c, &RESIDENT, Reach::UnderOneMonth);
        assert!(short.contains(&Obligation::PaymentWithin60Days));
        assert!(short.contains(&Obligation::AccurateJobPostings));
        assert!(short.contains(&Obligation::ChildcareCaregivingEffort));
        assert!(!short.contains(&Obligation::NoProhibitedActs));
        assert!(!short.contains(&Obligation::AdvanceNoticeOfEnding));
        let month = obligations(&c, &RESIDENT, Reach::OneMonth);
        assert!(month.contains(&Obligation::NoProhibitedActs));
        assert!(!month.contains(&Obligation::AdvanceNoticeOfEnding));
        let half_year = obligations(&c, &RESIDENT, Reach::SixMonths);
        assert!(half_year.contains(&Obligation::AdvanceNoticeOfEnding));
        assert!(half_year.contains(&Obligation::ChildcareCaregivingConsideration));
        assert!(!half_year.contains(&Obligation::ChildcareCaregivingEffort));
    }

    #[test]
    fn no_duties_to_a_contractor_with_employees() {
        assert!(obligations(&company(3, 10), &company(1, 4), Reach::SixMonths).is_empty());
    }

    #[test]
    fn seven_prohibited_acts_in_plain_words() {
        let labels: std::collections::BTreeSet<String> =
            ProhibitedAct::ALL.iter().map(|a| a.label().ja).collect();
        assert_eq!(labels.len(), 7);
        assert!(ProhibitedAct::ALL.iter().all(|a| !a.label().en.is_empty()));
    }

    #[test]
    fn every_duty_has_both_languages_and_its_article() {
        for o in obligations(&company(3, 10), &RESIDENT, Reach::SixMonths) {
            let l = o.label();
            assert!(l.ja.contains('条') && l.en.contains("Art."), "{o:?}");
        }
    }
}
