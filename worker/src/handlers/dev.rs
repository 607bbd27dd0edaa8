//! Local development only: seeding the demo region. Refused unless `MUSUBI_ENV` is
//! `development`, which only the local wrangler configuration sets.

use domain::model::Localized;
use worker::Response;

use crate::error::{ApiError, ApiResult};
use crate::http::{self, Ctx};

pub fn ensure_development(ctx: &Ctx) -> ApiResult<()> {
    if ctx.var("MUSUBI_ENV").as_deref() == Some("development") {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

pub async fn seed(ctx: &Ctx) -> ApiResult<Response> {
    ensure_development(ctx)?;
    let from = match ctx.query("from") {
        None => 0,
        Some(v) => v.parse::<usize>().map_err(|_| ApiError::BadRequest {
            code: "bad_from",
            message: Localized::new(
                "from には 0 以上の整数を指定してください。",
                "`from` must be a whole number, 0 or more.",
            ),
        })?,
    };
    let report = crate::seed::seed_demo(&ctx.env, from).await?;
    http::json_status(200, &report)
}
