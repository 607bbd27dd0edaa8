//! Validation of everything people type, for every role.
//!
//! Each input type has ONE validator, `validate(&ctx)`, that returns ALL field errors at once
//! (a phone form should show every problem in one go, not one per round trip). Every error has
//! a stable [`ErrorCode`] for programs and a Japanese and English message that names the field
//! in plain words. [`ValidationErrors`] converts into the API's [`ErrorBody`].
//!
//! Inputs are loose on purpose: scalar fields are [`Raw`], which accepts a JSON string, number,
//! boolean or null, and every input struct defaults missing fields to empty. So a half-filled
//! form yields "please fill in X" per field instead of one opaque JSON error.
//!
//! Validators take the vocabulary by reference through [`ValidationContext`]; they never call
//! `Taxonomy::builtin()`, so the app can validate without linking the data file.

pub mod account;
pub(crate) mod checker;
pub mod company;
pub mod engagement;
pub mod enrolment;
pub mod job;
pub mod program;
pub mod resident;

use serde::{Deserialize, Serialize};

use crate::api::{ErrorBody, ErrorDetail, FieldErrorBody};
use crate::model::{Localized, Program, Region};
use crate::text::normalize_line;
use crate::vocabulary::Taxonomy;

pub use account::{LoginId, LoginInput, RegisterInput, ValidLogin, ValidRegistration};
pub use company::{CompanyInput, CompanyRegistrationInput, ValidCompany};
pub use engagement::{CheckInInput, SkillVerificationInput, ValidCheckIn, ValidSkillVerification};
pub use enrolment::{
    Contact, EnrolmentRow, ValidEnrolment, parse_enrolment_csv, validate_enrolment,
};
pub use job::{JobInput, ValidJob};
pub use program::{ProgramInput, ValidProgram};
pub use resident::{ResidentInput, SkillInput, ValidResident, WishesInput};

/// What the validators need to know besides the input itself.
#[derive(Debug, Clone, Copy)]
pub struct ValidationContext<'a> {
    pub taxonomy: &'a Taxonomy,
    /// The region the input belongs to: its municipalities and prefecture.
    pub region: &'a Region,
    /// The region's programs, for enrolment rows that name a course.
    pub programs: &'a [Program],
}

impl<'a> ValidationContext<'a> {
    pub fn new(taxonomy: &'a Taxonomy, region: &'a Region) -> Self {
        Self {
            taxonomy,
            region,
            programs: &[],
        }
    }

    pub fn with_programs(self, programs: &'a [Program]) -> Self {
        Self { programs, ..self }
    }
}

/// Stable, machine-readable reason of a field error (snake_case on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Required,
    TooLong,
    /// Control characters or invisible direction overrides.
    InvalidCharacters,
    NotANumber,
    OutOfRange,
    /// Not one of the allowed options.
    InvalidChoice,
    UnknownTask,
    UnknownFamily,
    UnknownMunicipality,
    UnknownProgram,
    Duplicate,
    TooMany,
    InvalidEmail,
    InvalidPhone,
    InvalidId,
    InvalidDate,
    /// A start after its end.
    DateOrder,
    InvalidUrl,
    PasswordTooShort,
    /// Fields that contradict each other.
    Inconsistent,
    /// Pay whose hourly equivalent is below the prefecture's minimum wage in force.
    BelowMinimumWage,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Required => "required",
            ErrorCode::TooLong => "too_long",
            ErrorCode::InvalidCharacters => "invalid_characters",
            ErrorCode::NotANumber => "not_a_number",
            ErrorCode::OutOfRange => "out_of_range",
            ErrorCode::InvalidChoice => "invalid_choice",
            ErrorCode::UnknownTask => "unknown_task",
            ErrorCode::UnknownFamily => "unknown_family",
            ErrorCode::UnknownMunicipality => "unknown_municipality",
            ErrorCode::UnknownProgram => "unknown_program",
            ErrorCode::Duplicate => "duplicate",
            ErrorCode::TooMany => "too_many",
            ErrorCode::InvalidEmail => "invalid_email",
            ErrorCode::InvalidPhone => "invalid_phone",
            ErrorCode::InvalidId => "invalid_id",
            ErrorCode::InvalidDate => "invalid_date",
            ErrorCode::DateOrder => "date_order",
            ErrorCode::InvalidUrl => "invalid_url",
            ErrorCode::PasswordTooShort => "password_too_short",
            ErrorCode::Inconsistent => "inconsistent",
            ErrorCode::BelowMinimumWage => "below_minimum_wage",
        }
    }
}

/// One problem with one field. `field` is the input's path, e.g. `skills[2].task`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: ErrorCode,
    pub message: Localized,
}

/// Every problem of one input. Never empty when returned by a validator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(transparent)]
#[error("invalid input: {}", summary(.0))]
pub struct ValidationErrors(pub Vec<FieldError>);

fn summary(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{} ({})", e.field, e.code.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl ValidationErrors {
    /// The code of the API error body.
    pub const CODE: &'static str = "validation_failed";

    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|e| e.field.as_str())
    }

    pub fn has(&self, field: &str, code: ErrorCode) -> bool {
        self.0.iter().any(|e| e.field == field && e.code == code)
    }

    /// The message for one field, for a form that shows it beside that field.
    pub fn message(&self, field: &str) -> Option<&Localized> {
        self.0.iter().find(|e| e.field == field).map(|e| &e.message)
    }
}

impl From<FieldError> for FieldErrorBody {
    fn from(e: FieldError) -> Self {
        FieldErrorBody {
            field: e.field,
            code: e.code.as_str().to_owned(),
            message: e.message,
        }
    }
}

impl From<ValidationErrors> for ErrorBody {
    fn from(e: ValidationErrors) -> Self {
        ErrorBody {
            error: ErrorDetail {
                code: ValidationErrors::CODE.to_owned(),
                message: Localized::new(
                    "入力内容に確認が必要なところがあります。",
                    "Some of the entries need checking.",
                ),
                fields: e.0.into_iter().map(FieldErrorBody::from).collect(),
            },
        }
    }
}

/// A loosely typed scalar as a phone sends it: JSON string, number, boolean or null, kept as
/// text. Validators parse it; a missing field is an empty `Raw`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Raw(pub String);

impl Raw {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Empty after normalisation (only whitespace counts as empty).
    pub fn is_blank(&self) -> bool {
        normalize_line(&self.0).is_empty()
    }
}

impl From<&str> for Raw {
    fn from(s: &str) -> Self {
        Raw(s.to_owned())
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

#[derive(Debug)]
struct RawVisitor;

impl serde::de::Visitor<'_> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string, number, boolean or null")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Raw, E> {
        Ok(Raw(v))
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw(v.to_string()))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw(v.to_string()))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw(v.to_string()))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw(v.to_string()))
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::default())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::default())
    }
}

/// A list as phones send it: a JSON array, a single value (a form with one ticked box), or
/// null/missing (none ticked) — all become a `Vec`, so the validator can name what is missing.
pub(crate) fn loose_list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        Many(Vec<T>),
        One(T),
    }
    Ok(match Option::<OneOrMany<T>>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::Many(v)) => v,
        Some(OneOrMany::One(t)) => vec![t],
    })
}

/// Longest opaque server id.
pub const MAX_ID_LEN: usize = 128;

/// Checks an opaque server id (from a URL path or a form) before it goes into a storage key:
/// ascii letters, digits, `_`, `-`, `.` only, so it can never smuggle a key separator (`:`),
/// a path (`/`) or a wildcard into a key.
pub fn validate_id(raw: &str) -> Result<&str, ValidationErrors> {
    if is_opaque_id(raw) {
        Ok(raw)
    } else {
        Err(ValidationErrors(vec![FieldError {
            field: "id".to_owned(),
            code: ErrorCode::InvalidId,
            message: Localized::new("IDの形が正しくありません。", "The id is not valid."),
        }]))
    }
}

/// The one rule for an opaque id, wherever it comes from (a URL path parameter, a form, an
/// import): 1–128 ascii letters, digits, `_`, `-`, `.`, not dots alone. No `:` (a KV key
/// separator), `/` (a path), space or wildcard can pass, so an id can never address another key.
pub fn is_opaque_id(raw: &str) -> bool {
    !raw.is_empty()
        && raw.len() <= MAX_ID_LEN
        && raw.bytes().any(|b| b != b'.')
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
}

/// Longest email address (RFC 5321 path limit).
pub const MAX_EMAIL_LEN: usize = 254;

/// An email address as one canonical string: NFKC (full-width `＠` and letters fold), trimmed,
/// lowercased. The whole address is lowercased: strictly the local part is case-sensitive, but
/// no provider our users have treats it so, and two accounts differing only in case would be a
/// support nightmare. International domain names are not accepted (write them as `xn--`).
pub fn normalize_email(raw: &str) -> Result<String, ErrorCode> {
    let email = normalize_line(raw).to_lowercase();
    if email.is_empty() {
        return Err(ErrorCode::Required);
    }
    if email.chars().count() > MAX_EMAIL_LEN {
        return Err(ErrorCode::TooLong);
    }
    let (local, domain) = email.split_once('@').ok_or(ErrorCode::InvalidEmail)?;
    if is_email_local(local) && is_email_domain(domain) {
        Ok(email)
    } else {
        Err(ErrorCode::InvalidEmail)
    }
}

fn is_email_local(local: &str) -> bool {
    (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b))
}

fn is_email_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_accepts_loose_json_scalars() {
        #[derive(Debug, Deserialize)]
        struct T {
            a: Raw,
            b: Raw,
            c: Raw,
            d: Raw,
        }
        let t: T = serde_json::from_str(r#"{"a":"１０","b":10,"c":true,"d":null}"#)
            .expect("loose scalars parse");
        assert_eq!(
            (t.a.as_str(), t.b.as_str(), t.c.as_str(), t.d.as_str()),
            ("１０", "10", "true", "")
        );
    }

    #[test]
    fn errors_become_the_api_body() {
        let errors = ValidationErrors(vec![FieldError {
            field: "title".to_owned(),
            code: ErrorCode::Required,
            message: Localized::new(
                "「仕事の名前」を入力してください。",
                "Please fill in the job title.",
            ),
        }]);
        assert!(errors.to_string().contains("title (required)"));
        let body = ErrorBody::from(errors);
        assert_eq!(body.error.code, "validation_failed");
        assert_eq!(body.error.fields[0].code, "required");
        let json = serde_json::to_value(&body).expect("json");
        assert_eq!(json["error"]["fields"][0]["field"], "title");
    }

    #[test]
    fn error_codes_serialize_as_their_names() {
        for code in [
            ErrorCode::Required,
            ErrorCode::UnknownTask,
            ErrorCode::PasswordTooShort,
            ErrorCode::DateOrder,
        ] {
            let json = serde_json::to_string(&code).expect("json");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn ids_refuse_key_injection() {
        assert!(validate_id("res_01HZX-abc.2").is_ok());
        for bad in [
            "",
            "a:b",
            "a/b",
            "..",
            "a b",
            "a*",
            "résumé",
            &"x".repeat(129),
        ] {
            let err = validate_id(bad).expect_err(bad);
            assert!(err.has("id", ErrorCode::InvalidId));
        }
    }

    #[test]
    fn one_rule_for_every_opaque_id() {
        // Path parameters, stored ids and invite codes all pass through `is_opaque_id`.
        for good in [
            "res-000123",
            "j0a1b2c3",
            "accounting.bookkeeping",
            "abcd-efgh-jkmn",
            "p_1",
        ] {
            assert!(is_opaque_id(good), "{good}");
        }
        for bad in [
            "res:1", "../x", "", ".", "..", "a/b", "a?b", "a%2Fb", "a b", "名前",
        ] {
            assert!(!is_opaque_id(bad), "{bad}");
        }
        assert!(is_opaque_id(&"x".repeat(MAX_ID_LEN)));
        assert!(!is_opaque_id(&"x".repeat(MAX_ID_LEN + 1)));
    }

    #[test]
    fn emails_are_normalised() {
        assert_eq!(
            normalize_email(" Taro.Yamada＠Example.JP "),
            Ok("taro.yamada@example.jp".to_owned())
        );
        assert_eq!(
            normalize_email("ｈａｎａ＠ｍａｉｌ．ｃｏｍ"),
            Ok("hana@mail.com".to_owned())
        );
        assert_eq!(normalize_email(""), Err(ErrorCode::Required));
        for bad in [
            "taro",
            "taro@",
            "@x.jp",
            "a@@b.jp",
            "a@b",
            "a..b@x.jp",
            "a b@x.jp",
            "a@-x.jp",
            "山田@x.jp",
        ] {
            assert_eq!(normalize_email(bad), Err(ErrorCode::InvalidEmail), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn email_normalisation_is_idempotent(s in "\\PC{0,30}|[A-Za-zＡ-Ｚ0-9._＠@-]{1,20}") {
            if let Ok(once) = normalize_email(&s) {
                proptest::prop_assert_eq!(normalize_email(&once), Ok(once.clone()));
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::model::{Localized, Municipality, MunicipalityId, Region, RegionId};
    use crate::vocabulary::Taxonomy;

    pub fn region() -> Region {
        Region {
            id: RegionId::from("aso"),
            name: Localized::new("阿蘇地域", "Aso"),
            prefecture: 43,
            municipalities: vec![
                Municipality {
                    id: MunicipalityId::from("m1"),
                    name: Localized::new("阿蘇市", "Aso City"),
                },
                Municipality {
                    id: MunicipalityId::from("m2"),
                    name: Localized::new("小国町", "Oguni"),
                },
            ],
        }
    }

    pub fn ctx_fixture() -> (&'static Taxonomy, Region) {
        (Taxonomy::builtin(), region())
    }
}
