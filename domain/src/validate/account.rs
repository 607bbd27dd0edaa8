//! Registering and logging in.
//!
//! Passwords are NFKC-normalised (so the same password typed on a Japanese keyboard in
//! full-width, or on a PC in half-width, is the same password) but never trimmed or otherwise
//! changed: spaces may be part of them. Their `Debug` output is redacted.

use serde::{Deserialize, Serialize};

use super::checker::{Checker, label};
use super::{ErrorCode, Raw, ValidationErrors, is_opaque_id, normalize_email};

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 128;
/// Invite codes are handed out on paper by the municipality or hub: short enough to type.
pub const MIN_INVITE_CODE: usize = 6;
pub const MAX_INVITE_CODE: usize = 64;

/// Register with an email address and password, or — for residents invited by the municipality
/// or hub who may have no email — with an invite code and password.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegisterInput {
    pub email: Raw,
    pub password: Raw,
    pub invite_code: Raw,
}

#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoginInput {
    /// An email address or an invite code.
    pub login: Raw,
    pub password: Raw,
}

#[derive(Clone, PartialEq, Eq)]
pub struct ValidRegistration {
    pub email: Option<String>,
    pub invite_code: Option<String>,
    /// NFKC-normalised; hash it, never store it.
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginId {
    Email(String),
    InviteCode(String),
}

#[derive(Clone, PartialEq, Eq)]
pub struct ValidLogin {
    pub login: LoginId,
    pub password: String,
}

macro_rules! redacted_debug {
    ($t:ty, $($field:ident),*) => {
        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($t))
                    $(.field(stringify!($field), &self.$field))*
                    .field("password", &"<redacted>")
                    .finish()
            }
        }
    };
}
redacted_debug!(RegisterInput, email, invite_code);
redacted_debug!(LoginInput, login);
redacted_debug!(ValidRegistration, email, invite_code);
redacted_debug!(ValidLogin, login);

impl RegisterInput {
    pub fn validate(&self) -> Result<ValidRegistration, ValidationErrors> {
        let mut c = Checker::default();
        let invite_code = optional_invite_code(&mut c, "invite_code", &self.invite_code);
        // An invited resident may have no email; everyone else registers with one.
        let email_required = matches!(invite_code, Some(None));
        let email = if email_required || !self.email.is_blank() {
            email(&mut c, "email", &self.email).map(Some)
        } else {
            Some(None)
        };
        let password = new_password(&mut c, &self.password);
        let (Some(email), Some(invite_code), Some(password)) = (email, invite_code, password)
        else {
            return Err(c.into_errors());
        };
        if email.as_deref() == Some(password.to_lowercase().as_str()) {
            c.push(
                "password",
                ErrorCode::Inconsistent,
                "パスワードにメールアドレスは使えません。".to_owned(),
                "The password cannot be your email address.".to_owned(),
            );
        }
        c.into_result(ValidRegistration {
            email,
            invite_code,
            password,
        })
    }
}

impl LoginInput {
    /// Only the shape is checked: the rules for new passwords are not applied at login, so
    /// changing them later never locks anyone out.
    pub fn validate(&self) -> Result<ValidLogin, ValidationErrors> {
        let mut c = Checker::default();
        let l = label(
            "メールアドレスまたは招待コード",
            "your email or invite code",
        );
        let login = if crate::text::normalize_line(self.login.as_str()).contains('@') {
            email(&mut c, "login", &self.login).map(LoginId::Email)
        } else {
            invite_code(&mut c, "login", l, &self.login).map(LoginId::InviteCode)
        };
        let password = password_shape(&mut c, &self.password);
        let (Some(login), Some(password)) = (login, password) else {
            return Err(c.into_errors());
        };
        c.into_result(ValidLogin { login, password })
    }
}

fn email(c: &mut Checker, field: &str, raw: &Raw) -> Option<String> {
    let l = label("メールアドレス", "your email address");
    match normalize_email(raw.as_str()) {
        Ok(e) => Some(e),
        Err(ErrorCode::Required) => {
            c.required(field, l);
            None
        }
        Err(_) => {
            c.push(
                field,
                ErrorCode::InvalidEmail,
                "メールアドレスの形が正しくありません。「taro@example.jp」のように入力してください。".to_owned(),
                "This email address does not look right. Please write it like taro@example.jp.".to_owned(),
            );
            None
        }
    }
}

fn optional_invite_code(c: &mut Checker, field: &str, raw: &Raw) -> Option<Option<String>> {
    if raw.is_blank() {
        return Some(None);
    }
    invite_code(c, field, label("招待コード", "the invite code"), raw).map(Some)
}

/// Codes are case-insensitive: people copy them from paper.
fn invite_code(
    c: &mut Checker,
    field: &str,
    l: super::checker::Label<'_>,
    raw: &Raw,
) -> Option<String> {
    let code = crate::text::normalize_line(raw.as_str()).to_ascii_lowercase();
    if code.is_empty() {
        c.required(field, l);
        return None;
    }
    let ok = (MIN_INVITE_CODE..=MAX_INVITE_CODE).contains(&code.len()) && is_opaque_id(&code);
    if !ok {
        c.push(
            field,
            ErrorCode::InvalidId,
            format!("「{}」の形が正しくありません。", l.ja),
            format!("{} does not look right.", super::checker::capital(l.en)),
        );
    }
    ok.then_some(code)
}

fn password_shape(c: &mut Checker, raw: &Raw) -> Option<String> {
    let l = label("パスワード", "a password");
    let password = crate::text::compat(raw.as_str());
    if password.is_empty() {
        c.required("password", l);
        return None;
    }
    if password.chars().count() > MAX_PASSWORD_CHARS || password.chars().any(char::is_control) {
        c.push(
            "password",
            ErrorCode::InvalidCharacters,
            format!("パスワードは{MAX_PASSWORD_CHARS}文字までで、改行などは使えません。"),
            format!("A password has at most {MAX_PASSWORD_CHARS} characters and no line breaks."),
        );
        return None;
    }
    Some(password)
}

fn new_password(c: &mut Checker, raw: &Raw) -> Option<String> {
    let password = password_shape(c, raw)?;
    if password.chars().count() < MIN_PASSWORD_CHARS {
        c.push(
            "password",
            ErrorCode::PasswordTooShort,
            format!("パスワードは{MIN_PASSWORD_CHARS}文字以上にしてください。"),
            format!("A password needs at least {MIN_PASSWORD_CHARS} characters."),
        );
        return None;
    }
    Some(password)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn register_with_email() {
        let input = RegisterInput {
            email: " Hanako@Example.JP".into(),
            password: "ｍｕｓｕｂｉ２０２６!".into(),
            invite_code: "".into(),
        };
        let v = input.validate().expect("valid");
        assert_eq!(v.email.as_deref(), Some("hanako@example.jp"));
        assert_eq!(v.password, "musubi2026!");
        assert!(!format!("{v:?}").contains("musubi2026"));
        assert!(!format!("{input:?}").contains("２０２６"));
    }

    #[test]
    fn register_with_invite_code_needs_no_email() {
        let input = RegisterInput {
            email: "".into(),
            password: "long enough pw".into(),
            invite_code: "ASO-2026-ABCD".into(),
        };
        let v = input.validate().expect("valid");
        assert_eq!(
            (v.email, v.invite_code.as_deref()),
            (None, Some("aso-2026-abcd"))
        );
    }

    #[test]
    fn register_reports_all_problems() {
        let e = RegisterInput {
            email: "".into(),
            password: "short".into(),
            invite_code: "".into(),
        }
        .validate()
        .expect_err("invalid");
        assert!(
            e.has("email", ErrorCode::Required) && e.has("password", ErrorCode::PasswordTooShort)
        );
        let e = RegisterInput {
            email: "x@".into(),
            password: "".into(),
            invite_code: "a:b/c".into(),
        }
        .validate()
        .expect_err("invalid");
        assert!(
            e.has("email", ErrorCode::InvalidEmail)
                && e.has("password", ErrorCode::Required)
                && e.has("invite_code", ErrorCode::InvalidId)
        );
        let e = RegisterInput {
            email: "aaaa@bbbb.jp".into(),
            password: "AAAA@bbbb.jp".into(),
            invite_code: "".into(),
        }
        .validate()
        .expect_err("same");
        assert!(e.has("password", ErrorCode::Inconsistent));
    }

    #[test]
    fn login_accepts_email_or_code_and_old_short_passwords() {
        let v = LoginInput {
            login: "Taro＠Mail.com".into(),
            password: "short".into(),
        }
        .validate()
        .expect("valid");
        assert_eq!(v.login, LoginId::Email("taro@mail.com".to_owned()));
        let v = LoginInput {
            login: "ABC123".into(),
            password: "x".into(),
        }
        .validate()
        .expect("valid");
        assert_eq!(v.login, LoginId::InviteCode("abc123".to_owned()));
        let e = LoginInput::default().validate().expect_err("empty");
        assert!(e.has("login", ErrorCode::Required) && e.has("password", ErrorCode::Required));
    }

    proptest! {
        #[test]
        fn never_panic(a in any::<String>(), b in any::<String>(), c in any::<String>()) {
            let _ = RegisterInput { email: Raw(a.clone()), password: Raw(b.clone()), invite_code: Raw(c) }.validate();
            let _ = LoginInput { login: Raw(a), password: Raw(b) }.validate();
        }
    }
}
