//! Reference data every area reads before it can show a form: the shared vocabulary of skills
//! and tasks, and a region with its municipalities. Public and revalidated with ETags, so that a
//! phone downloads each once.

use domain::model::RegionId;
use domain::vocabulary::Taxonomy;
use worker::Response;

use crate::error::ApiResult;
use crate::http::{self, Ctx};
use crate::records;

/// `GET /api/v1/vocabulary`: the families and task kinds with their plain descriptions.
pub fn vocabulary(ctx: &Ctx) -> ApiResult<Response> {
    http::json_cached(ctx, Taxonomy::builtin())
}

/// `GET /api/v1/regions/{id}`: a region's name, prefecture and municipalities. `default` names
/// the region new residents join (the onboarding form asks where they live before any account).
pub async fn region(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let id = match ctx.param("id")? {
        "default" => crate::records::summary::default_region(&ctx.env),
        other => other.to_owned(),
    };
    let region = records::region(&store, &RegionId(id)).await?;
    http::json_cached(ctx, &region)
}
