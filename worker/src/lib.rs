//! musubi's edge API. Layers: `router` (one function that maps a request to a named handler) →
//! `handlers` (thin: parse, authorise, call the domain, store) → `store` (Workers KV keys and
//! values) and `desk` (each region's Durable Object with SQLite, for what several parties
//! write) → `domain` (every rule). Errors are one type, `error::ApiError`, mapped to the JSON
//! error shape in one place.

pub mod auth;
mod clock;
mod desk;
mod error;
mod handlers;
mod http;
mod idempotency;
mod meter;
mod payments;
mod pseudonym;
mod records;
mod roles;
mod router;
mod seed;
mod store;

pub use router::{ROUTES, Route};

mod entry {
    use worker::{Context, Env, Request, Response, ScheduleContext, ScheduledEvent, event};

    #[event(fetch)]
    async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
        Ok(crate::router::handle(req, env).await)
    }

    #[event(scheduled)]
    async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
        if let Err(e) = crate::records::summary::refresh_all(&env).await {
            worker::console_error!("scheduled refresh failed: {e}");
        }
        if let Err(e) = crate::records::rebuild_all_indexes(&env).await {
            worker::console_error!("scheduled index rebuild failed: {e}");
        }
        if let Err(e) = crate::records::summary::erase_old_free_text_all(&env).await {
            worker::console_error!("scheduled erasure of old free text failed: {e}");
        }
    }
}
