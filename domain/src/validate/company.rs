//! A company's registration.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::checker::{Checker, label};
use super::{ErrorCode, Raw, ValidationContext, ValidationErrors};
use crate::model::{Company, CompanyId, CompanySize, Region};
use crate::pay::prefecture_by_name;
use crate::text::normalize_line;

pub const MAX_COMPANY_NAME: usize = 100;
pub const MAX_INDUSTRY: usize = 50;
pub const MAX_MUNICIPALITY_NAME: usize = 50;
pub const MAX_PERSON_NAME: usize = 40;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CompanyInput {
    pub name: Raw,
    pub industry: Raw,
    /// JIS code (`43`) or name (`熊本県`, `熊本`, `Kumamoto`).
    pub prefecture: Raw,
    /// Free text: a company may sit outside the region's municipalities.
    pub municipality: Raw,
    /// `micro`, `small`, `medium` or `large`.
    pub size: Raw,
    pub contact_person: Raw,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidCompany {
    pub name: String,
    pub industry: String,
    pub prefecture: u8,
    pub municipality: String,
    pub size: CompanySize,
    pub contact_person: String,
}

const SIZES: &[(&str, CompanySize)] = &[
    ("micro", CompanySize::Micro),
    ("small", CompanySize::Small),
    ("medium", CompanySize::Medium),
    ("large", CompanySize::Large),
];

impl CompanyInput {
    /// `_ctx` is unused today; taken so every validator has the same shape and company rules
    /// may later depend on the region.
    pub fn validate(&self, _ctx: &ValidationContext<'_>) -> Result<ValidCompany, ValidationErrors> {
        let mut c = Checker::default();
        let name = c.line(
            "name",
            label("会社名", "the company name"),
            &self.name,
            MAX_COMPANY_NAME,
        );
        let industry = c.line(
            "industry",
            label("業種", "the industry"),
            &self.industry,
            MAX_INDUSTRY,
        );
        let prefecture = prefecture(&mut c, &self.prefecture);
        let municipality = c.line(
            "municipality",
            label("市区町村", "the city or town"),
            &self.municipality,
            MAX_MUNICIPALITY_NAME,
        );
        let size = c.choice(
            "size",
            label("会社の規模", "the company size"),
            &self.size,
            SIZES,
        );
        let contact = c.line(
            "contact_person",
            label("担当者のお名前", "the contact person's name"),
            &self.contact_person,
            MAX_PERSON_NAME,
        );
        let (
            Some(name),
            Some(industry),
            Some(prefecture),
            Some(municipality),
            Some(size),
            Some(contact_person),
        ) = (name, industry, prefecture, municipality, size, contact)
        else {
            return Err(c.into_errors());
        };
        c.into_result(ValidCompany {
            name,
            industry,
            prefecture,
            municipality,
            size,
            contact_person,
        })
    }
}

fn prefecture(c: &mut Checker, raw: &Raw) -> Option<u8> {
    let l = label("都道府県", "the prefecture");
    let text = normalize_line(raw.as_str());
    if text.is_empty() {
        c.required("prefecture", l);
        return None;
    }
    let found = prefecture_by_name(&text).map(|p| p.code);
    if found.is_none() {
        c.push(
            "prefecture",
            ErrorCode::InvalidChoice,
            "都道府県が見つかりません。「熊本県」のように入力してください。".to_owned(),
            "Prefecture not found. Please write it like \"Kumamoto\".".to_owned(),
        );
    }
    found
}

impl ValidCompany {
    pub fn into_company(self, id: CompanyId, region: &Region, now: DateTime<Utc>) -> Company {
        Company {
            id,
            region_id: region.id.clone(),
            name: self.name,
            industry: self.industry,
            prefecture: self.prefecture,
            municipality: self.municipality,
            size: self.size,
            contact_person: self.contact_person,
            created_at: now,
        }
    }
}

/// `POST /api/v1/companies`: a company registers itself together with its first member's login
/// (email and password), in one form. Loose like every input; the password's `Debug` is redacted.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CompanyRegistrationInput {
    #[serde(flatten)]
    pub company: CompanyInput,
    pub email: Raw,
    pub password: Raw,
}

impl std::fmt::Debug for CompanyRegistrationInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompanyRegistrationInput")
            .field("company", &self.company)
            .field("email", &self.email)
            .field("password", &"<redacted>")
            .finish()
    }
}

impl CompanyRegistrationInput {
    /// Checks the company and the member's login together, so every field error comes at once.
    /// The email is required (a company member always logs in with one).
    pub fn validate(
        &self,
        ctx: &ValidationContext<'_>,
    ) -> Result<(ValidCompany, super::ValidRegistration), ValidationErrors> {
        let company = self.company.validate(ctx);
        let login = super::RegisterInput {
            email: self.email.clone(),
            password: self.password.clone(),
            invite_code: Raw::default(),
        }
        .validate();
        match (company, login) {
            (Ok(c), Ok(l)) => Ok((c, l)),
            (c, l) => {
                let mut all = Vec::new();
                all.extend(c.err().map(|e| e.0).unwrap_or_default());
                all.extend(l.err().map(|e| e.0).unwrap_or_default());
                Err(ValidationErrors(all))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::test_support::{ctx_fixture, region};
    use proptest::prelude::*;

    fn good() -> CompanyInput {
        CompanyInput {
            name: "株式会社　むすび".into(),
            industry: "宿泊業".into(),
            prefecture: "熊本".into(),
            municipality: "阿蘇市".into(),
            size: "small".into(),
            contact_person: "田中".into(),
        }
    }

    #[test]
    fn a_good_company_is_accepted() {
        let (tax, reg) = ctx_fixture();
        let v = good()
            .validate(&ValidationContext::new(tax, &reg))
            .expect("valid");
        assert_eq!((v.name.as_str(), v.prefecture), ("株式会社 むすび", 43));
        let company = v.into_company(
            CompanyId::from("c1"),
            &region(),
            DateTime::<Utc>::UNIX_EPOCH,
        );
        assert_eq!(company.size, CompanySize::Small);
    }

    #[test]
    fn unknown_prefecture_and_blank_fields_are_reported() {
        let (tax, reg) = ctx_fixture();
        let input = CompanyInput {
            prefecture: "火星".into(),
            name: " ".into(),
            ..good()
        };
        let e = input
            .validate(&ValidationContext::new(tax, &reg))
            .expect_err("invalid");
        assert!(
            e.has("prefecture", ErrorCode::InvalidChoice) && e.has("name", ErrorCode::Required)
        );
    }

    #[test]
    fn a_registration_reports_company_and_login_errors_together() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let input = CompanyRegistrationInput {
            company: CompanyInput {
                name: " ".into(),
                ..good()
            },
            email: "".into(),
            password: "short".into(),
        };
        let e = input.validate(&ctx).expect_err("invalid");
        assert!(e.has("name", ErrorCode::Required) && e.has("email", ErrorCode::Required));
        assert!(e.has("password", ErrorCode::PasswordTooShort));
        assert!(
            !format!("{input:?}").contains("short"),
            "the password is redacted"
        );
        let ok = CompanyRegistrationInput {
            company: good(),
            email: "Tanaka@Example.JP".into(),
            password: "midori-2026-pass".into(),
        };
        let (c, l) = ok.validate(&ctx).expect("valid");
        assert_eq!(c.name, "株式会社 むすび");
        assert_eq!(l.email.as_deref(), Some("tanaka@example.jp"));
        let parsed: CompanyRegistrationInput =
            serde_json::from_str(r#"{"name":"x","email":"a@b.jp","password":"p","size":"small"}"#)
                .expect("flat JSON");
        assert_eq!(parsed.company.size.as_str(), "small");
    }

    proptest! {
        #[test]
        fn never_panics(a in any::<String>(), b in any::<String>(), p in any::<String>()) {
            let (tax, reg) = ctx_fixture();
            let input = CompanyInput { name: Raw(a), industry: Raw(b.clone()), prefecture: Raw(p), municipality: Raw(b.clone()), size: Raw(b), ..good() };
            let _ = input.validate(&ValidationContext::new(tax, &reg));
        }
    }
}
