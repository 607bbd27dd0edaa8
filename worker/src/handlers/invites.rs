//! `POST /api/v1/invites`: the hub or municipality staff of a region issue invite codes.

use domain::account::{
    InviteInput, Role, invite_code_from, may_issue_any_invite, may_issue_invite,
};
use domain::model::{Company, Localized, Program, Region};
use domain::validate::{ErrorCode, FieldError, ValidationErrors};
use worker::Response;

use crate::auth::{self, crypto};
use crate::clock;
use crate::error::ApiResult;
use crate::http::{self, Ctx};
use crate::store::{Store, keys};

/// Random characters of a code (12 from a 31-letter alphabet: about 59 bits).
const CODE_CHARS: usize = 12;

fn unknown(field: &str, code: ErrorCode, ja: &str, en: &str) -> ValidationErrors {
    ValidationErrors(vec![FieldError {
        field: field.to_owned(),
        code,
        message: Localized::new(ja, en),
    }])
}

pub async fn issue(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require_where(ctx, |s| may_issue_any_invite(&s.role)).await?;
    let input: InviteInput = ctx.json()?;
    let store = Store::open(&ctx.env)?;
    let region_id = session.region.clone();
    let region = store
        .get_json::<Region>(&keys::region(region_id.as_str()))
        .await?
        .unwrap_or_else(|| Region {
            id: region_id.clone(),
            name: Localized::new("", ""),
            prefecture: 0,
            municipalities: Vec::new(),
        });
    let valid = input.validate(&region)?;
    if !may_issue_invite(&session.role, &session.region, &valid.role, &region_id) {
        return Err(crate::error::ApiError::Forbidden);
    }
    if let Role::CompanyMember { company } = &valid.role {
        let found: Option<Company> = store.get_json(&keys::company(company.as_str())).await?;
        if found.is_none_or(|c| c.region_id != region_id) {
            return Err(unknown(
                "company",
                ErrorCode::InvalidId,
                "この圏域に登録されている企業ではありません。",
                "This company is not registered in the region.",
            )
            .into());
        }
    }
    if let Some(program) = &valid.program {
        let found: Option<Program> = store.get_json(&keys::program(program.as_str())).await?;
        if found.is_none_or(|p| p.region_id != region_id) {
            return Err(unknown(
                "program",
                ErrorCode::UnknownProgram,
                "この圏域の講座・制度ではありません。",
                "This is not a course or scheme of the region.",
            )
            .into());
        }
    }
    let now = clock::now();
    let code = invite_code_from(&crypto::random_bytes(CODE_CHARS)?);
    let ttl = u64::from(valid.expires_in_days) * 24 * 60 * 60;
    let invite = valid.into_invite(code, region_id, session.user, now);
    store
        .put_json_expiring(&keys::invite(&invite.code), &invite, ttl)
        .await?;
    http::json_status(201, &invite)
}
