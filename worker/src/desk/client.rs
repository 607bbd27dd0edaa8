//! The worker's handle to a region's desk: sends one `Command`, reads one `Answer`, and counts
//! the call on the request's meter (`Server-Timing`).

use wasm_bindgen::JsValue;
use worker::{Env, Method, Request, RequestInit, Stub};

use super::wire::{Answer, Command, KEPT_STAMP_HEADER};
use crate::error::{ApiError, ApiResult};
use crate::meter::Meter;

pub const DESK_BINDING: &str = "DESK";

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

    /// A page this worker built and the desk keeps (`Command::KeptPage`, `desk::kept`): the
    /// stamp to keep one built now under (`records::keep_page`), and the page's bytes while no
    /// row of the desk changed since it was kept. Asked before what the page is built from.
    pub async fn kept_page(&self, key: &str) -> ApiResult<(String, Option<Vec<u8>>)> {
        let command = Command::KeptPage {
            key: key.to_owned(),
        };
        let mut resp = self.send(&command).await?;
        let stamp = resp.headers().get(KEPT_STAMP_HEADER)?.unwrap_or_default();
        let bytes = resp.bytes().await?;
        Ok((stamp, (!bytes.is_empty()).then_some(bytes)))
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
