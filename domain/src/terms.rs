//! A company's confidentiality terms (守秘の約束): a document with a version, kept per company.
//! Until the company writes its own, the terms are the default template below (version 1).
//! A resident accepts one version (`EventKind::TermsAccepted {version, text_hash}`, with its
//! time and the hash of the exact text) before contacts open on a job above the public data
//! level; only the version in force can be accepted, so what the resident read is what they
//! agreed to, and the acceptance holds while that text is the one in force (`accepted_current`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{CompanyId, Localized, UserId};
use crate::validate::{ErrorCode, FieldError, ValidationErrors};

/// Longest terms text per language (characters).
pub const MAX_TERMS_CHARS: usize = 20_000;
/// Shortest own text: a sentence or two, not a placeholder.
pub const MIN_TERMS_CHARS: usize = 20;

/// One version of a company's terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsDocument {
    pub company: CompanyId,
    /// 1, 2, …; each edit by the company makes the next version.
    pub version: u32,
    /// The text in Japanese and English (the English falls back to the Japanese when the
    /// company wrote only one).
    pub body: Localized,
    /// When this version took effect; none for the default template.
    pub published_at: Option<DateTime<Utc>>,
    /// The company member who published it; none for the default template.
    pub by: Option<UserId>,
}

impl TermsDocument {
    /// The company's own text, or the default template.
    pub fn is_default(&self) -> bool {
        self.published_at.is_none()
    }
}

/// The default terms of a company that has not written its own: version 1.
pub fn default_terms(company: &CompanyId, company_name: &str) -> TermsDocument {
    let name = if company_name.trim().is_empty() {
        "当社"
    } else {
        company_name.trim()
    };
    let name_en = if company_name.trim().is_empty() {
        "the company"
    } else {
        company_name.trim()
    };
    let ja = format!(
        "{name} 守秘の約束\n\n\
1. 仕事で知った{name}とそのお客様の情報（名前、連絡先、取引の内容、社内の資料など）は、その仕事のためだけに使います。\n\
2. それらの情報を、家族や友人を含む第三者に話したり、見せたり、SNSに書いたりしません。\n\
3. 資料は{name}が指定した場所（共有フォルダ、業務用のアカウント）で扱い、自分の端末や個人のクラウドに保存しません。印刷が必要なときは指示に従い、使い終えたら破棄します。\n\
4. パソコンやスマートフォンには画面ロックをかけ、人目のある場所では画面が見えないようにします。\n\
5. 情報をなくした、誤って送った、のぞき見られたかもしれないときは、すぐに{name}と推進ハブに知らせます。\n\
6. 仕事が終わったら、預かった資料とその写しをすべて返すか消し、消したことを伝えます。\n\
7. この約束は、仕事が終わった後も続きます。\n\n\
わからないことがあれば、同意する前に推進ハブに相談してください。"
    );
    let en = format!(
        "{name_en} — confidentiality terms\n\n\
1. I use the information I learn at work about {name_en} and its customers (names, contacts, business details, internal material) only for that work.\n\
2. I do not tell, show or post it to anyone else, including family and friends, or on social media.\n\
3. I handle material only where {name_en} says (shared folders, work accounts) and do not keep it on my own devices or personal cloud. I print only when told to and destroy the prints after use.\n\
4. I lock the screen of my computer and phone and keep it out of sight in public places.\n\
5. If information is lost, sent to the wrong person or may have been seen, I tell {name_en} and the hub at once.\n\
6. When the work ends, I return or delete all material and copies, and say that I have done so.\n\
7. These terms continue after the work ends.\n\n\
If anything is unclear, please ask the hub before you accept."
    );
    TermsDocument {
        company: company.clone(),
        version: 1,
        body: Localized::new(ja, en),
        published_at: None,
        by: None,
    }
}

/// `PUT /api/v1/companies/{id}/terms`: the company's own text; Japanese required, English
/// optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TermsInput {
    pub body_ja: String,
    pub body_en: String,
}

fn field_error(field: &str, code: ErrorCode, ja: String, en: String) -> FieldError {
    FieldError {
        field: field.to_owned(),
        code,
        message: Localized::new(ja, en),
    }
}

fn check_text(field: &str, text: &str, required: bool, errors: &mut Vec<FieldError>) {
    let n = text.chars().count();
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        errors.push(field_error(
            field,
            ErrorCode::InvalidCharacters,
            "使えない文字（制御文字）が含まれています。".into(),
            "The text contains control characters that cannot be used.".into(),
        ));
    } else if n == 0 && required {
        errors.push(field_error(
            field,
            ErrorCode::Required,
            "守秘の約束の本文（日本語）を書いてください。".into(),
            "Please write the text of the terms in Japanese.".into(),
        ));
    } else if n > 0 && n < MIN_TERMS_CHARS {
        errors.push(field_error(
            field,
            ErrorCode::OutOfRange,
            format!("本文が短すぎます。{MIN_TERMS_CHARS}文字以上で書いてください。"),
            format!("The text is too short: write at least {MIN_TERMS_CHARS} characters."),
        ));
    } else if n > MAX_TERMS_CHARS {
        errors.push(field_error(
            field,
            ErrorCode::TooLong,
            format!("本文は{MAX_TERMS_CHARS}文字までです（今は{n}文字）。"),
            format!("The text may have at most {MAX_TERMS_CHARS} characters (now {n})."),
        ));
    }
}

impl TermsInput {
    /// The next version of the company's terms after `current`.
    pub fn publish(
        &self,
        current: &TermsDocument,
        by: UserId,
        at: DateTime<Utc>,
    ) -> Result<TermsDocument, ValidationErrors> {
        let ja = self.body_ja.trim().replace("\r\n", "\n");
        let en = self.body_en.trim().replace("\r\n", "\n");
        let mut errors = Vec::new();
        check_text("body_ja", &ja, true, &mut errors);
        check_text("body_en", &en, false, &mut errors);
        if errors.is_empty() && ja == current.body.ja && (en.is_empty() || en == current.body.en) {
            errors.push(field_error(
                "body_ja",
                ErrorCode::Duplicate,
                "今の版と同じ本文です。変更してから保存してください。".into(),
                "The text is the same as the version in force; change it before saving.".into(),
            ));
        }
        if !errors.is_empty() {
            return Err(ValidationErrors(errors));
        }
        let en = if en.is_empty() { ja.clone() } else { en };
        Ok(TermsDocument {
            company: current.company.clone(),
            version: current.version.saturating_add(1),
            body: Localized::new(ja, en),
            published_at: Some(at),
            by: Some(by),
        })
    }
}

/// Why a resident's acceptance is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TermsError {
    #[error("terms version {offered} is not the one in force ({current})")]
    NotCurrent { offered: u32, current: u32 },
    #[error("this job needs no confidentiality terms")]
    NotNeeded,
}

impl TermsError {
    pub fn code(&self) -> &'static str {
        match self {
            TermsError::NotCurrent { .. } => "terms_not_current",
            TermsError::NotNeeded => "terms_not_needed",
        }
    }

    pub fn message(&self) -> Localized {
        match self {
            TermsError::NotCurrent { current, .. } => Localized::new(
                format!(
                    "守秘の約束が改訂されました（第{current}版）。最新の本文を読んでから同意してください。"
                ),
                format!(
                    "The confidentiality terms have changed (version {current}). Please read the current text before accepting."
                ),
            ),
            TermsError::NotNeeded => Localized::new(
                "この仕事は公開してよい素材だけを扱うため、守秘の約束への同意は要りません。",
                "This work touches public material only, so no confidentiality terms are needed.",
            ),
        }
    }
}

/// Whether a resident may accept `offered` on an engagement: the job must need terms and the
/// version must be the one in force.
pub fn check_acceptance(needs_terms: bool, current: u32, offered: u32) -> Result<(), TermsError> {
    if !needs_terms {
        return Err(TermsError::NotNeeded);
    }
    if offered != current {
        return Err(TermsError::NotCurrent { offered, current });
    }
    Ok(())
}

/// Whether what the resident accepted is the terms in force: the version in force, and — where
/// the acceptance recorded the text's hash — that very text. An acceptance recorded before
/// events carried the hash counts by its version.
pub fn accepted_current(
    accepted_version: Option<u32>,
    accepted_hash: Option<&str>,
    current: u32,
    current_hash: &str,
) -> bool {
    accepted_version == Some(current) && accepted_hash.is_none_or(|h| h == current_hash)
}

/// The newest of the versions listed (the default template when there is none).
pub fn current<'a>(
    versions: impl IntoIterator<Item = &'a TermsDocument>,
    default: TermsDocument,
) -> TermsDocument {
    versions
        .into_iter()
        .max_by_key(|d| d.version)
        .cloned()
        .unwrap_or(default)
}

/// `GET /api/v1/engagements/{id}/terms`: the terms in force for the engagement's company and
/// where the resident's acceptance stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngagementTerms {
    pub engagement: crate::model::EngagementId,
    pub job_title: String,
    pub needs_terms: bool,
    pub terms: TermsDocument,
    /// The version the resident accepted, and when; none before.
    pub accepted_version: Option<u32>,
    pub accepted_at: Option<DateTime<Utc>>,
    /// The resident has accepted the version in force.
    pub accepted_current: bool,
}

/// [`EngagementTerms`] as the resident's terms page reads it, from the same JSON: the job, the
/// text in force and its version, and where my acceptance stands. No instants (the page shows
/// none), so the resident's entry links no date parser for them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EngagementTermsBrief {
    pub job_title: String,
    pub needs_terms: bool,
    pub terms: TermsText,
    pub accepted_version: Option<u32>,
    pub accepted_current: bool,
}

/// A [`TermsDocument`]'s version and text.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TermsText {
    pub version: u32,
    pub body: Localized,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_acceptance_holds_for_the_version_and_the_exact_text_in_force() {
        assert!(accepted_current(Some(2), Some("h2"), 2, "h2"));
        assert!(
            !accepted_current(Some(1), Some("h1"), 2, "h2"),
            "an older version"
        );
        assert!(!accepted_current(None, None, 1, "h1"), "nothing accepted");
        assert!(
            !accepted_current(Some(2), Some("other"), 2, "h2"),
            "the text accepted is not the text in force"
        );
        assert!(
            accepted_current(Some(2), None, 2, "h2"),
            "recorded before hashes"
        );
    }

    fn company() -> CompanyId {
        CompanyId::from("co-1")
    }

    fn at() -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_767_225_600, 0).unwrap_or_default()
    }

    #[test]
    fn the_served_terms_read_as_the_resident_page_brief() {
        let company = CompanyId::from("c1");
        let doc = default_terms(&company, "山の上商店");
        let served = EngagementTerms {
            engagement: "e1".into(),
            job_title: "帳簿づけ".into(),
            needs_terms: true,
            terms: doc.clone(),
            accepted_version: Some(1),
            accepted_at: Some(at()),
            accepted_current: true,
        };
        let json = serde_json::to_string(&served).expect("json");
        let brief: EngagementTermsBrief = serde_json::from_str(&json).expect("the brief reads it");
        assert_eq!(brief.job_title, "帳簿づけ");
        assert_eq!(
            (brief.terms.version, brief.terms.body),
            (doc.version, doc.body)
        );
        assert!(brief.needs_terms && brief.accepted_current);
        assert_eq!(brief.accepted_version, Some(1));
    }

    #[test]
    fn the_default_template_is_version_1_in_both_languages_with_the_company_name() {
        let d = default_terms(&company(), "みどり商店株式会社");
        assert_eq!(d.version, 1);
        assert!(d.is_default());
        assert!(d.body.ja.contains("みどり商店株式会社"));
        assert!(d.body.en.contains("みどり商店株式会社"));
        assert!(d.body.ja.contains("第三者"));
        assert!(d.body.en.contains("confidentiality"));
        let nameless = default_terms(&company(), " ");
        assert!(nameless.body.ja.starts_with("当社"));
    }

    #[test]
    fn publishing_makes_the_next_version_and_falls_back_to_japanese() {
        let d = default_terms(&company(), "A社");
        let input = TermsInput {
            body_ja: "お客様の情報は業務以外に使わず、終了後はすべて削除します。".into(),
            body_en: String::new(),
        };
        let v2 = input.publish(&d, UserId::from("u1"), at()).expect("valid");
        assert_eq!(v2.version, 2);
        assert_eq!(v2.body.en, v2.body.ja);
        assert!(!v2.is_default());
        let v3 = TermsInput {
            body_ja: v2.body.ja.clone(),
            body_en: "We use customer data only for the work and delete it afterwards.".into(),
        }
        .publish(&v2, UserId::from("u1"), at())
        .expect("english added");
        assert_eq!(v3.version, 3);
        assert_eq!(current([&v2, &v3], d.clone()).version, 3);
        assert_eq!(current([], d).version, 1);
    }

    #[test]
    fn bad_texts_are_named_in_both_languages() {
        let d = default_terms(&company(), "A社");
        let errs = TermsInput::default()
            .publish(&d, UserId::from("u"), at())
            .expect_err("empty");
        assert_eq!(errs.0[0].field, "body_ja");
        assert_eq!(errs.0[0].code, ErrorCode::Required);
        assert!(!errs.0[0].message.en.is_empty());
        let short = TermsInput {
            body_ja: "守ります".into(),
            body_en: "x".repeat(MAX_TERMS_CHARS + 1),
        }
        .publish(&d, UserId::from("u"), at())
        .expect_err("short and long");
        let codes: Vec<_> = short.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            codes,
            [
                ("body_ja", ErrorCode::OutOfRange),
                ("body_en", ErrorCode::TooLong)
            ]
        );
        let same = TermsInput {
            body_ja: d.body.ja.clone(),
            body_en: String::new(),
        }
        .publish(&d, UserId::from("u"), at())
        .expect_err("unchanged");
        assert_eq!(same.0[0].code, ErrorCode::Duplicate);
    }

    #[test]
    fn only_the_version_in_force_can_be_accepted_and_only_when_needed() {
        assert_eq!(check_acceptance(true, 2, 2), Ok(()));
        let old = check_acceptance(true, 3, 2).expect_err("outdated");
        assert_eq!(old.code(), "terms_not_current");
        assert!(old.message().ja.contains("第3版"));
        assert_eq!(check_acceptance(false, 1, 1), Err(TermsError::NotNeeded));
    }
}
