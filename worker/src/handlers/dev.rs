//! Local development only: seeding the demo region and rebuilding its match index at once. Refused unless `MUSUBI_ENV` is
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
    // `?region=yamabiko`: the small second region of the tests (cross-region checks).
    if ctx.query("region") == Some(crate::seed::SECOND_REGION) {
        let report = crate::seed::seed_second_region(&ctx.env).await?;
        return http::json_status(200, &report);
    }
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
    // `?size=large`: the large region of `make bench-region` (a fresh state folder only).
    let size = match ctx.query("size") {
        Some("large") => crate::seed::Size::Large,
        _ => crate::seed::Size::Demo,
    };
    let report = crate::seed::seed_demo(&ctx.env, from, size).await?;
    http::json_status(200, &report)
}

/// What `POST /api/v1/dev/reindex` did: the residents indexed and the KV operations it took.
#[derive(Debug, serde::Serialize)]
pub struct Reindexed {
    pub region: String,
    pub residents: usize,
    pub kv_ops: usize,
    /// With `?resident=&task=`: what the rebuilt index holds for that resident's task, so a test
    /// can see a verification reach the index itself (not only the read-your-writes overlay).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skill: Option<IndexedSkill>,
}

#[derive(Debug, serde::Serialize)]
pub struct IndexedSkill {
    /// 0 (none) to 3 (can teach).
    pub level: u8,
    pub verified: bool,
}

/// Rebuilds the default region's match index and its public summary now, as the cron trigger
/// does every 10 minutes (which `wrangler dev` cannot trigger), and says how many KV operations
/// the index took.
pub async fn reindex(ctx: &Ctx) -> ApiResult<Response> {
    ensure_development(ctx)?;
    // `?region=` rebuilds another region's index (default: the default region).
    let region = domain::model::RegionId(
        ctx.query("region")
            .filter(|r| domain::validate::is_opaque_id(r))
            .map(str::to_owned)
            .unwrap_or_else(|| crate::records::summary::default_region(&ctx.env)),
    );
    let store = ctx.store()?;
    let residents = crate::records::rebuild_index(&store, &region).await?;
    let kv_ops = store.ops();
    let skill = match (ctx.query("resident"), ctx.query("task")) {
        (Some(resident), Some(task)) => {
            let bytes = store
                .get_bytes(&crate::store::keys::match_index(region.as_str()))
                .await?
                .unwrap_or_default();
            let view = domain::index::IndexView::from_bytes(&bytes).map_err(ApiError::internal)?;
            view.find(resident)
                .and_then(|i| view.task_skill(i, task))
                .map(|s| IndexedSkill {
                    level: s.level,
                    verified: s.verified,
                })
        }
        _ => None,
    };
    // The cron refreshes the public summary too (from the region's desk), and erases the free
    // text of engagements ended more than five years ago (by the development clock here).
    let desk = ctx.desk(region.as_str())?;
    crate::records::summary::refresh(&store, &desk, region.as_str()).await?;
    crate::records::engagements::erase_old_free_text(&desk, crate::clock::now()).await?;
    http::json_status(
        200,
        &Reindexed {
            region: region.0,
            residents,
            kv_ops,
            skill,
        },
    )
}

/// What the development clock reads (`GET`/`PUT /api/v1/dev/clock`).
#[derive(Debug, serde::Serialize)]
pub struct ClockView {
    /// The time every handler reads now.
    pub now: chrono::DateTime<chrono::Utc>,
    /// Its date in Japan (the date rules use).
    pub today_jst: chrono::NaiveDate,
    /// Whether a test set the clock (else it is the real time).
    pub set: bool,
}

fn clock_view() -> ClockView {
    let now = crate::clock::now();
    ClockView {
        now,
        today_jst: domain::metrics::jst_date(now),
        set: crate::clock::is_set(),
    }
}

/// `GET /api/v1/dev/clock`: the time handlers read (development only).
pub fn clock_get(ctx: &Ctx) -> ApiResult<Response> {
    ensure_development(ctx)?;
    http::json_status(200, &clock_view())
}

/// The body of `PUT /api/v1/dev/clock`: an RFC 3339 time, or `null` for the real time again.
#[derive(Debug, serde::Deserialize)]
struct SetClock {
    now: Option<String>,
}

/// `PUT /api/v1/dev/clock`: sets the time every handler reads from now on (development only;
/// 404 in production). Stored as an offset from the real time, so the clock keeps moving.
pub async fn clock_set(ctx: &Ctx) -> ApiResult<Response> {
    ensure_development(ctx)?;
    let body: SetClock = ctx.json()?;
    let store = crate::store::Store::open(&ctx.env)?;
    match body.now {
        None => {
            store.delete(crate::clock::DEV_CLOCK_KEY).await?;
            crate::clock::set_offset(0);
        }
        Some(text) => {
            let at = chrono::DateTime::parse_from_rfc3339(&text).map_err(|_| {
                ApiError::BadRequest {
                    code: "bad_time",
                    message: Localized::new(
                        "now には RFC 3339 の日時（例: 2026-07-01T09:00:00+09:00）を指定してください。",
                        "`now` must be an RFC 3339 time, e.g. 2026-07-01T09:00:00+09:00.",
                    ),
                }
            })?;
            let offset = at
                .timestamp_millis()
                .saturating_sub(crate::clock::real_now().timestamp_millis());
            // 0 would read as "not set"; a clock set to this very millisecond is 1 ms ahead.
            let offset = if offset == 0 { 1 } else { offset };
            store
                .put_text(crate::clock::DEV_CLOCK_KEY, &offset.to_string(), None)
                .await?;
            crate::clock::set_offset(offset);
        }
    }
    http::json_status(200, &clock_view())
}
