//! Local development only: seeding the demo region. Refused unless `MUSUBI_ENV` is
//! `development`, which only the local wrangler configuration sets.

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
    let report = crate::seed::seed_demo(&ctx.env).await?;
    http::json_status(200, &report)
}
