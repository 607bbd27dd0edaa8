//! Reference data every area reads before it can show a form: the shared vocabulary of skills
//! and tasks, and a region with its municipalities. Public and revalidated with ETags, so that a
//! phone downloads each once.

use domain::model::RegionId;
use domain::vocabulary::Taxonomy;
use worker::Response;

use crate::error::ApiResult;
use crate::http::{self, Ctx};
use crate::records;
use crate::store::Store;

/// `GET /api/v1/vocabulary`: the families and task kinds with their plain descriptions.
pub fn vocabulary(ctx: &Ctx) -> ApiResult<Response> {
    http::json_cached(ctx, Taxonomy::builtin())
}

/// `GET /api/v1/regions/{id}`: a region's name, prefecture and municipalities.
pub async fn region(ctx: &Ctx) -> ApiResult<Response> {
    let store = Store::open(&ctx.env)?;
    let region = records::region(&store, &RegionId(ctx.param("id")?.to_owned())).await?;
    http::json_cached(ctx, &region)
}
