//! The worker's handle to a region's desk: sends one `Command`, reads one `Answer`, and counts
//! the call on the request's meter (`Server-Timing`).

use wasm_bindgen::JsValue;
use worker::{Env, Method, Request, RequestInit, Stub};

use super::wire::{Answer, Command, KEPT_STAMP_HEADER, PageInputs, WorkerPage};
use crate::error::{ApiError, ApiResult};
use crate::meter::Meter;

pub const DESK_BINDING: &str = "DESK";

/// What `Desk::kept_page` answered.
#[derive(Debug)]
pub enum KeptPage {
    /// The page as it was kept.
    Kept(Vec<u8>),
    /// No page is kept: what to build it from, and the stamp to keep it under.
    Build { stamp: String, inputs: PageInputs },
}

pub struct Desk {
    stub: Stub,
    meter: Meter,
}

impl std::fmt::Debug for Desk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Desk").finish_non_exhaustive()
    }
}

impl Desk {
    /// The desk of a region (one Durable Object per region name).
    pub fn of(env: &Env, region: &str, meter: Meter) -> ApiResult<Desk> {
        let stub = env
            .durable_object(DESK_BINDING)?
            .id_from_name(region)?
            .get_stub()?;
        Ok(Desk { stub, meter })
    }

    pub async fn call(&self, command: &Command) -> ApiResult<Answer> {
        Ok(self.send(command).await?.json::<Answer>().await?)
    }

    /// A command whose answer is JSON for the API (`Command::ViewJson`): its bytes, unread.
    pub async fn call_json(&self, command: &Command) -> ApiResult<Vec<u8>> {
        Ok(self.send(command).await?.bytes().await?)
    }

    /// A page the desk keeps (`Command::KeptPage`, `desk::kept`): its bytes while none of the
    /// rows it was built from changed since it was kept, or as the desk builds it when it holds
    /// every input; otherwise what the desk holds of its inputs, and the stamp to keep the page
    /// this worker builds from them under (`records::keep_page`).
    pub async fn kept_page(&self, page: WorkerPage) -> ApiResult<KeptPage> {
        let mut resp = self.send(&Command::KeptPage { page }).await?;
        match resp.headers().get(KEPT_STAMP_HEADER)? {
            None => Ok(KeptPage::Kept(resp.bytes().await?)),
            Some(stamp) => match resp.json::<Option<PageInputs>>().await? {
                Some(inputs) => Ok(KeptPage::Build { stamp, inputs }),
                None => Err(ApiError::internal("the desk answered no inputs")),
            },
        }
    }

    /// Sends one command; the desk's response when it answered 200.
    async fn send(&self, command: &Command) -> ApiResult<worker::Response> {
        let body = serde_json::to_string(command)?;
        let mut init = RequestInit::new();
        init.with_method(Method::Post)
            .with_body(Some(JsValue::from_str(&body)));
        let req = Request::new_with_init("https://desk/", &init)?;
        self.meter.start();
        let started = Meter::now();
        let sent = self.stub.fetch_with_request(req).await;
        self.meter.desk_call(started);
        let mut resp = sent?;
        if resp.status_code() != 200 {
            let text = resp.text().await.unwrap_or_default();
            return Err(ApiError::internal(format!(
                "desk answered {}: {text}",
                resp.status_code()
            )));
        }
        Ok(resp)
    }
}
