//! Accounts, roles, invite codes, the login throttle and who may do what.
//!
//! Pure rules only: the worker hashes passwords, draws random tokens and reads the clock, and
//! hands the results (and `now`) to these functions. Nothing here ever holds a plaintext
//! password or session token.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{CompanyId, Localized, MunicipalityId, ProgramId, Region, RegionId, UserId};
use crate::validate::{ErrorCode, FieldError, Raw, ValidationErrors, is_opaque_id};

/// What an account is, and of which company, municipality or region.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Role {
    Resident,
    CompanyMember {
        company: CompanyId,
    },
    MunicipalityStaff {
        municipality: MunicipalityId,
    },
    /// The coordinator of a region's hub (推進ハブ).
    Hub {
        region: RegionId,
    },
    Admin,
}

/// The role without its data, for guards and forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleKind {
    Resident,
    CompanyMember,
    MunicipalityStaff,
    Hub,
    Admin,
}

impl RoleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RoleKind::Resident => "resident",
            RoleKind::CompanyMember => "company_member",
            RoleKind::MunicipalityStaff => "municipality_staff",
            RoleKind::Hub => "hub",
            RoleKind::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            RoleKind::Resident,
            RoleKind::CompanyMember,
            RoleKind::MunicipalityStaff,
            RoleKind::Hub,
            RoleKind::Admin,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

impl Role {
    pub fn kind(&self) -> RoleKind {
        match self {
            Role::Resident => RoleKind::Resident,
            Role::CompanyMember { .. } => RoleKind::CompanyMember,
            Role::MunicipalityStaff { .. } => RoleKind::MunicipalityStaff,
            Role::Hub { .. } => RoleKind::Hub,
            Role::Admin => RoleKind::Admin,
        }
    }

    pub fn is_admin(&self) -> bool {
        matches!(self, Role::Admin)
    }

    pub fn is_resident(&self) -> bool {
        matches!(self, Role::Resident)
    }

    /// The coordinator of this region's hub (not of another region's).
    pub fn is_hub_of(&self, region: &RegionId) -> bool {
        matches!(self, Role::Hub { region: r } if r == region)
    }

    pub fn is_staff_of(&self, municipality: &MunicipalityId) -> bool {
        matches!(self, Role::MunicipalityStaff { municipality: m } if m == municipality)
    }

    pub fn is_member_of(&self, company: &CompanyId) -> bool {
        matches!(self, Role::CompanyMember { company: c } if c == company)
    }
}

/// A stored password: PBKDF2-HMAC-SHA256. Salt and hash are lowercase hex.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordHash {
    /// Always `pbkdf2-sha256` for now; a future scheme gets its own name.
    pub algorithm: String,
    pub iterations: u32,
    pub salt_hex: String,
    pub hash_hex: String,
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordHash")
            .field("algorithm", &self.algorithm)
            .field("iterations", &self.iterations)
            .field("hash", &"<redacted>")
            .finish()
    }
}

pub const PBKDF2_SHA256: &str = "pbkdf2-sha256";

/// An account. `email` is `None` for a resident who registered with a personal invite code and
/// logs in with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: UserId,
    pub email: Option<String>,
    pub role: Role,
    /// The region the account belongs to (a resident's home region, a hub's region, …).
    pub region: RegionId,
    pub created_at: DateTime<Utc>,
    pub password: PasswordHash,
}

/// What `GET /api/v1/me` answers: the account without its password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub id: UserId,
    pub email: Option<String>,
    pub role: Role,
    pub region: RegionId,
    pub created_at: DateTime<Utc>,
}

impl From<&Account> for AccountView {
    fn from(a: &Account) -> Self {
        AccountView {
            id: a.id.clone(),
            email: a.email.clone(),
            role: a.role.clone(),
            region: a.region.clone(),
            created_at: a.created_at,
        }
    }
}

/// The app's reading of `GET /api/v1/me`: the same JSON as [`AccountView`], read into flat
/// fields. The role's tagged enum and the timestamp cost the app's wasm a JSON buffering step and
/// a date parser (measured: about 8 KB gzip), which every area's first view would pay for only
/// to learn who is logged in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AccountBrief {
    pub id: UserId,
    pub email: Option<String>,
    pub role: RoleBrief,
    pub region: RegionId,
}

/// [`Role`] as flat fields: `kind` and whichever id the role carries.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RoleBrief {
    pub kind: RoleKind,
    pub company: Option<CompanyId>,
    pub municipality: Option<MunicipalityId>,
    pub region: Option<RegionId>,
}

impl RoleBrief {
    /// The role, or `None` when the id its kind needs is missing.
    pub fn role(&self) -> Option<Role> {
        Some(match self.kind {
            RoleKind::Resident => Role::Resident,
            RoleKind::CompanyMember => Role::CompanyMember {
                company: self.company.clone()?,
            },
            RoleKind::MunicipalityStaff => Role::MunicipalityStaff {
                municipality: self.municipality.clone()?,
            },
            RoleKind::Hub => Role::Hub {
                region: self.region.clone()?,
            },
            RoleKind::Admin => Role::Admin,
        })
    }
}

/// The identifier a person logs in with: their email, or the personal invite code they
/// registered with. Both are normalised by `validate::{RegisterInput, LoginInput}`; an email
/// always has `@` and a code never does, so the two cannot collide.
pub fn login_name(email: Option<&str>, invite_code: Option<&str>) -> Option<String> {
    email.or(invite_code).map(str::to_owned)
}

// ---------------------------------------------------------------------------------------------
// Sessions

/// How long a login lasts.
pub const SESSION_DAYS: i64 = 30;

pub fn session_lifetime() -> Duration {
    Duration::days(SESSION_DAYS)
}

/// What the server keeps for a session (under the hash of its token, never the token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub user: UserId,
    pub role: Role,
    pub region: RegionId,
    pub expires: DateTime<Utc>,
}

impl SessionRecord {
    pub fn new(account: &Account, now: DateTime<Utc>) -> Self {
        SessionRecord {
            user: account.id.clone(),
            role: account.role.clone(),
            region: account.region.clone(),
            expires: now + session_lifetime(),
        }
    }

    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        now < self.expires
    }
}

// ---------------------------------------------------------------------------------------------
// Login throttle

/// Refuses logins for an identifier after too many recent failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginThrottle {
    /// This many failures …
    pub max_failures: usize,
    /// … within this window …
    pub window: Duration,
    /// … refuse for this long after the failure that reached the limit.
    pub lockout: Duration,
}

impl LoginThrottle {
    /// 5 failures within 15 minutes: refused for 15 minutes.
    pub const DEFAULT: LoginThrottle = LoginThrottle {
        max_failures: 5,
        window: Duration::minutes(15),
        lockout: Duration::minutes(15),
    };

    /// How long a failure record matters: keep it at least this long (a TTL), then forget it.
    pub fn memory(&self) -> Duration {
        self.window + self.lockout
    }

    /// When the lockout ends, if `now` is within one. `failures` are the failure times in any
    /// order; refused attempts are not failures (they never reach the password check).
    pub fn locked_until(
        &self,
        failures: &[DateTime<Utc>],
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        if self.max_failures == 0 {
            return None;
        }
        let mut times: Vec<DateTime<Utc>> =
            failures.iter().copied().filter(|t| *t <= now).collect();
        times.sort_unstable();
        let span = self.max_failures - 1;
        times
            .windows(self.max_failures)
            .filter(|w| w[span] - w[0] < self.window)
            .map(|w| w[span] + self.lockout)
            .max()
            .filter(|until| now < *until)
    }

    /// Whole seconds to wait (at least 1), for `Retry-After`; `None` when a login may be tried.
    pub fn retry_after_secs(&self, failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<u32> {
        self.locked_until(failures, now).map(|until| {
            let millis = (until - now).num_milliseconds().max(1);
            u32::try_from((millis + 999) / 1000).unwrap_or(u32::MAX)
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Invite codes

/// An invite code grants a role in a region to whoever registers with it (before it expires,
/// at most `max_uses` times). Written once by its issuer; uses are counted from separate
/// append-only redemption markers, so the invite itself is never rewritten.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    pub code: String,
    pub role: Role,
    pub region: RegionId,
    /// The course or scheme the invitee was invited through, if any.
    pub program: Option<ProgramId>,
    pub issued_by: UserId,
    pub issued_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub max_uses: u32,
    /// The issuer's name for the code ("3月 SNS講座 説明会"), so it can be found again in the
    /// region's list. Invites issued before labels existed read as `None`.
    #[serde(default)]
    pub label: Option<String>,
}

/// Why an invite code cannot be used now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InviteProblem {
    Expired,
    UsedUp,
    /// Registering without an email needs a personal (single-use) code, which becomes the login.
    NeedsEmail,
}

impl Invite {
    pub fn uses_left(&self, redeemed: usize) -> u32 {
        self.max_uses
            .saturating_sub(u32::try_from(redeemed).unwrap_or(u32::MAX))
    }

    /// May someone register with this code now, having redeemed it `redeemed` times before?
    pub fn check_redeemable(
        &self,
        redeemed: usize,
        has_email: bool,
        now: DateTime<Utc>,
    ) -> Result<(), InviteProblem> {
        if now >= self.expires_at {
            Err(InviteProblem::Expired)
        } else if self.uses_left(redeemed) == 0 {
            Err(InviteProblem::UsedUp)
        } else if !has_email && self.max_uses != 1 {
            Err(InviteProblem::NeedsEmail)
        } else {
            Ok(())
        }
    }
}

impl InviteProblem {
    /// The field error shown on the registration form.
    pub fn field_error(self) -> FieldError {
        let (field, code, ja, en) = match self {
            InviteProblem::Expired | InviteProblem::UsedUp => (
                "invite_code",
                ErrorCode::InvalidId,
                "この招待コードは使えません（期限切れか、使用済みです）。発行した窓口にお問い合わせください。",
                "This invite code cannot be used (expired or already used). Please ask whoever gave it to you.",
            ),
            InviteProblem::NeedsEmail => (
                "email",
                ErrorCode::Required,
                "この招待コードで登録するには「メールアドレス」を入力してください。",
                "Please fill in your email address to register with this invite code.",
            ),
        };
        FieldError {
            field: field.to_owned(),
            code,
            message: Localized::new(ja, en),
        }
    }
}

/// The field error for a code that does not exist. Same wording as an expired one, so codes
/// cannot be probed.
pub fn unknown_invite_error() -> FieldError {
    InviteProblem::Expired.field_error()
}

/// Who may invite whom: the hub of a region invites residents, company members and municipality
/// staff of its region; municipality staff invite residents and colleagues of their own
/// municipality, in their region; an admin invites anyone. Nobody else issues invites.
pub fn may_issue_invite(
    issuer: &Role,
    issuer_region: &RegionId,
    grant: &Role,
    invite_region: &RegionId,
) -> bool {
    match issuer {
        Role::Admin => true,
        Role::Hub { region } => {
            region == invite_region
                && matches!(
                    grant,
                    Role::Resident | Role::CompanyMember { .. } | Role::MunicipalityStaff { .. }
                )
        }
        Role::MunicipalityStaff { municipality } => {
            issuer_region == invite_region
                && match grant {
                    Role::Resident => true,
                    Role::MunicipalityStaff { municipality: m } => m == municipality,
                    _ => false,
                }
        }
        Role::Resident | Role::CompanyMember { .. } => false,
    }
}

/// May this role issue invites at all (for showing the form)?
pub fn may_issue_any_invite(issuer: &Role) -> bool {
    matches!(
        issuer,
        Role::Admin | Role::Hub { .. } | Role::MunicipalityStaff { .. }
    )
}

pub const DEFAULT_INVITE_DAYS: u32 = 14;
pub const MAX_INVITE_DAYS: u32 = 90;
pub const MAX_INVITE_USES: u32 = 500;
/// Long enough for "3月 SNS講座 説明会（阿蘇市役所 2階）", short enough for one line of a list.
pub const MAX_INVITE_LABEL: usize = 60;

/// The label of an invite: optional (a personal code for one company member needs none), one
/// line, trimmed and folded like every single-line field.
pub fn invite_label(raw: &Raw) -> Result<Option<String>, FieldError> {
    use crate::text::TextProblem;
    match crate::text::single_line(raw.as_str(), MAX_INVITE_LABEL) {
        Ok(label) => Ok(Some(label)),
        Err(TextProblem::Empty) => Ok(None),
        Err(TextProblem::TooLong { max_chars }) => {
            let typed = crate::text::normalize_line(raw.as_str()).chars().count();
            Err(field_error(
                "label",
                ErrorCode::TooLong,
                format!("「ラベル」は{max_chars}文字以内にしてください（いまは{typed}文字です）。"),
                format!("The label can be at most {max_chars} characters (it has {typed})."),
            ))
        }
        Err(TextProblem::ControlCharacter) => Err(field_error(
            "label",
            ErrorCode::InvalidCharacters,
            "「ラベル」に使えない文字（制御文字や文字の向きを変える記号）が入っています。".to_owned(),
            "The label contains characters that cannot be used (control or text-direction characters).".to_owned(),
        )),
    }
}

/// `POST /api/v1/invites`: what the issuer fills in. Loose like every input.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InviteInput {
    /// `resident`, `company_member`, `municipality_staff` or `hub`.
    pub role: Raw,
    /// For `company_member`: the company's id.
    pub company: Raw,
    /// For `municipality_staff`: the municipality's id (one of the region's).
    pub municipality: Raw,
    /// Optional: the course or scheme this invite belongs to.
    pub program: Raw,
    /// Blank: 1 (a personal code).
    pub max_uses: Raw,
    /// Blank: 14 days.
    pub expires_in_days: Raw,
    /// Optional: a name for the code in the region's list, at most `MAX_INVITE_LABEL` chars.
    pub label: Raw,
}

/// A checked invite request; the worker adds code, issuer and times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidInvite {
    pub role: Role,
    pub program: Option<ProgramId>,
    pub max_uses: u32,
    pub expires_in_days: u32,
    pub label: Option<String>,
}

impl ValidInvite {
    pub fn into_invite(
        self,
        code: String,
        region: RegionId,
        issued_by: UserId,
        now: DateTime<Utc>,
    ) -> Invite {
        Invite {
            code,
            role: self.role,
            region,
            program: self.program,
            issued_by,
            issued_at: now,
            expires_at: now + Duration::days(i64::from(self.expires_in_days)),
            max_uses: self.max_uses,
            label: self.label,
        }
    }
}

fn field_error(field: &str, code: ErrorCode, ja: String, en: String) -> FieldError {
    FieldError {
        field: field.to_owned(),
        code,
        message: Localized { ja, en },
    }
}

fn required(field: &str, ja: &str, en: &str) -> FieldError {
    field_error(
        field,
        ErrorCode::Required,
        format!("「{ja}」を入力してください。"),
        format!("Please fill in {en}."),
    )
}

fn opaque(raw: &Raw) -> Option<String> {
    let v = crate::text::normalize_line(raw.as_str());
    (!v.is_empty()).then_some(v)
}

fn bad_id(field: &str, ja: &str, en: &str) -> FieldError {
    field_error(
        field,
        ErrorCode::InvalidId,
        format!("「{ja}」の形が正しくありません。"),
        format!("{en} does not look right."),
    )
}

fn whole(
    field: &str,
    raw: &Raw,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
    ja: &str,
    en: &str,
    errors: &mut Vec<FieldError>,
) -> u32 {
    if raw.is_blank() {
        return default;
    }
    match crate::text::parse_whole_number(raw.as_str(), &[]) {
        Ok(n) if range.contains(&n) => n,
        Ok(_) | Err(crate::text::NumberProblem::TooLarge) => {
            errors.push(field_error(
                field,
                ErrorCode::OutOfRange,
                format!(
                    "「{ja}」は{}から{}までにしてください。",
                    range.start(),
                    range.end()
                ),
                format!("{en} must be from {} to {}.", range.start(), range.end()),
            ));
            default
        }
        Err(_) => {
            errors.push(field_error(
                field,
                ErrorCode::NotANumber,
                format!("「{ja}」は数字で入力してください。"),
                format!("{en} must be a whole number."),
            ));
            default
        }
    }
}

impl InviteInput {
    /// Checks the shape and that a municipality belongs to `region`; whether a company or
    /// program exists is the worker's to look up.
    pub fn validate(&self, region: &Region) -> Result<ValidInvite, ValidationErrors> {
        let mut errors = Vec::new();
        let kind_text = crate::text::normalize_line(self.role.as_str()).to_lowercase();
        let kind = if kind_text.is_empty() {
            errors.push(required("role", "招待する立場", "the role to invite"));
            None
        } else {
            match RoleKind::parse(&kind_text) {
                Some(RoleKind::Admin) | None => {
                    errors.push(field_error(
                        "role",
                        ErrorCode::InvalidChoice,
                        "「招待する立場」は住民・企業・自治体職員・ハブから選んでください。"
                            .to_owned(),
                        "The role must be resident, company member, municipality staff or hub."
                            .to_owned(),
                    ));
                    None
                }
                Some(k) => Some(k),
            }
        };
        let role = match kind {
            Some(RoleKind::Resident) => Some(Role::Resident),
            Some(RoleKind::Hub) => Some(Role::Hub {
                region: region.id.clone(),
            }),
            Some(RoleKind::CompanyMember) => match opaque(&self.company) {
                None => {
                    errors.push(required("company", "企業", "the company"));
                    None
                }
                Some(c) if is_opaque_id(&c) => Some(Role::CompanyMember {
                    company: CompanyId(c),
                }),
                Some(_) => {
                    errors.push(bad_id("company", "企業", "The company"));
                    None
                }
            },
            Some(RoleKind::MunicipalityStaff) => match opaque(&self.municipality) {
                None => {
                    errors.push(required("municipality", "市町村", "the municipality"));
                    None
                }
                Some(m) if region.municipalities.iter().any(|x| x.id.as_str() == m) => {
                    Some(Role::MunicipalityStaff {
                        municipality: MunicipalityId(m),
                    })
                }
                Some(_) => {
                    errors.push(field_error(
                        "municipality",
                        ErrorCode::UnknownMunicipality,
                        "この圏域にない市町村です。".to_owned(),
                        "This municipality is not in the region.".to_owned(),
                    ));
                    None
                }
            },
            Some(RoleKind::Admin) | None => None,
        };
        let program = match opaque(&self.program) {
            None => None,
            Some(p) if is_opaque_id(&p) => Some(ProgramId(p)),
            Some(_) => {
                errors.push(bad_id("program", "講座・制度", "The program"));
                None
            }
        };
        let max_uses = whole(
            "max_uses",
            &self.max_uses,
            1,
            1..=MAX_INVITE_USES,
            "使える人数",
            "The number of uses",
            &mut errors,
        );
        let expires_in_days = whole(
            "expires_in_days",
            &self.expires_in_days,
            DEFAULT_INVITE_DAYS,
            1..=MAX_INVITE_DAYS,
            "有効日数",
            "The number of valid days",
            &mut errors,
        );
        let label = invite_label(&self.label).unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        match role {
            Some(role) if errors.is_empty() => Ok(ValidInvite {
                role,
                program,
                max_uses,
                expires_in_days,
                label,
            }),
            _ => Err(ValidationErrors(errors)),
        }
    }
}

/// Invite codes are typed from paper: lowercase letters and digits without look-alikes
/// (no `0 o 1 l i`), grouped by `-`.
pub const INVITE_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// Builds a code like `abcd-efgh-jkmn` from random bytes (one character per byte).
pub fn invite_code_from(random: &[u8]) -> String {
    let mut out = String::with_capacity(random.len() + random.len() / 4);
    for (i, b) in random.iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let idx = usize::from(*b) % INVITE_ALPHABET.len();
        out.push(char::from(INVITE_ALPHABET[idx]));
    }
    out
}

/// What a deleted person's records carry instead of their account id (`forgotten_id`): random,
/// so it leads nowhere, and marked, so every view can say the person left.
const FORGOTTEN_PREFIX: &str = "gone-";

/// A new id for a deleted person's kept records (engagements the region's figures count).
pub fn forgotten_id(random: &[u8]) -> String {
    opaque_id(FORGOTTEN_PREFIX, random)
}

/// Whether `id` is one `forgotten_id` made (no account id starts so).
pub fn is_forgotten_id(id: &str) -> bool {
    id.starts_with(FORGOTTEN_PREFIX)
}

/// Builds an opaque id (`prefix` + lowercase base32 of `random`): no `:` or `/`, safe in keys
/// and paths.
pub fn opaque_id(prefix: &str, random: &[u8]) -> String {
    const B32: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut out = String::from(prefix);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in random {
        acc = (acc << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(B32[((acc >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(B32[((acc << (5 - bits)) & 31) as usize]));
    }
    out
}

pub mod guard;
mod listing;
pub use listing::{
    InviteList, InviteMark, InviteStatus, LISTED_DAYS_AFTER_EXPIRY, ListedInvite,
    MAX_LISTED_INVITES, newest_first,
};

#[cfg(test)]
mod tests;
