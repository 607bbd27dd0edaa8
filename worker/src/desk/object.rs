//! The Durable Object: one per region, its own SQLite. Each request carries one `Command`; it
//! runs (after any pending schema migration) inside `transactionSync`, so an error rolls back
//! every write the command made.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;
use worker::{
    DurableObject, Env, Request, Response, SqlStorage, SqlStorageValue, State, durable_object,
};

use super::kept::{self, Kept};
use super::logic;
use super::schema;
use super::sql::{Arg, DeskError, DeskResult, Sql};
use super::wire::{Answer, Command, KEPT_STAMP_HEADER};

#[durable_object]
pub struct RegionDesk {
    db: DoSql,
    migrated: Cell<bool>,
    /// Console pages answered since the last write (`kept`).
    kept: Rc<RefCell<Kept>>,
}

impl std::fmt::Debug for RegionDesk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegionDesk").finish_non_exhaustive()
    }
}

/// The desk's SQLite and the storage object whose `transactionSync` wraps each command.
#[derive(Debug, Clone)]
struct DoSql {
    sql: SqlStorage,
    storage: JsValue,
}

fn value(arg: &Arg) -> SqlStorageValue {
    match arg {
        Arg::Int(i) => SqlStorageValue::Integer(*i),
        Arg::Text(t) => SqlStorageValue::String(t.clone()),
        Arg::Null => SqlStorageValue::Null,
    }
}

impl Sql for DoSql {
    fn rows<T: DeserializeOwned>(&self, query: &str, args: &[Arg]) -> DeskResult<Vec<T>> {
        self.sql
            .exec(query, args.iter().map(value).collect::<Vec<_>>())
            .and_then(|c| c.to_array::<T>())
            .map_err(DeskError::of)
    }

    fn run(&self, query: &str, args: &[Arg]) -> DeskResult<()> {
        self.sql
            .exec(query, args.iter().map(value).collect::<Vec<_>>())
            .map(|_| ())
            .map_err(DeskError::of)
    }
}

impl DoSql {
    /// Runs `f` inside `storage.transactionSync`: synchronous from the first read to the last
    /// write, and rolled back when `f` fails (its error is thrown through the closure).
    fn transaction<R: 'static>(
        &self,
        f: impl FnOnce(&DoSql) -> DeskResult<R> + 'static,
    ) -> DeskResult<R> {
        let out: Rc<RefCell<Option<DeskResult<R>>>> = Rc::new(RefCell::new(None));
        let slot = Rc::clone(&out);
        let db = self.clone();
        let body = Closure::once(move || -> Result<JsValue, JsValue> {
            let result = f(&db);
            let failed = result
                .as_ref()
                .err()
                .map(|e| JsValue::from_str(&e.to_string()));
            *slot.borrow_mut() = Some(result);
            match failed {
                Some(e) => Err(e),
                None => Ok(JsValue::UNDEFINED),
            }
        });
        let run = js_sys::Reflect::get(&self.storage, &JsValue::from_str("transactionSync"))
            .map_err(|e| DeskError(format!("transactionSync: {e:?}")))?;
        let run: js_sys::Function = run
            .dyn_into_function()
            .ok_or_else(|| DeskError("transactionSync is not a function".into()))?;
        let called = run.call1(&self.storage, body.as_ref());
        let result = out.borrow_mut().take();
        match (called, result) {
            (_, Some(Err(e))) => Err(e),
            (Err(e), _) => Err(DeskError(format!("transaction: {e:?}"))),
            (Ok(_), Some(Ok(r))) => Ok(r),
            (Ok(_), None) => Err(DeskError("transaction did not run".into())),
        }
    }
}

trait IntoFunction {
    fn dyn_into_function(self) -> Option<js_sys::Function>;
}

impl IntoFunction for JsValue {
    fn dyn_into_function(self) -> Option<js_sys::Function> {
        use wasm_bindgen::JsCast;
        self.dyn_into::<js_sys::Function>().ok()
    }
}

/// A name for this instance of the object (its memory), unlike any earlier one's: the clock and
/// a random draw.
fn instance() -> String {
    let draw = js_sys::Math::random() * 9_007_199_254_740_992.0;
    format!("{:x}-{:x}", js_sys::Date::now() as u64, draw as u64)
}

impl DurableObject for RegionDesk {
    fn new(state: State, _env: Env) -> Self {
        let raw = state._inner();
        let storage = raw
            .storage()
            .map(JsValue::from)
            .unwrap_or(JsValue::UNDEFINED);
        let state = State::from(raw);
        RegionDesk {
            db: DoSql {
                sql: state.storage().sql(),
                storage,
            },
            migrated: Cell::new(false),
            kept: Rc::new(RefCell::new(Kept::new(instance()))),
        }
    }

    async fn fetch(&self, mut req: Request) -> worker::Result<Response> {
        let command: Command = match req.json().await {
            Ok(c) => c,
            Err(e) => return Response::error(format!("bad command: {e}"), 400),
        };
        let migrate = !self.migrated.get();
        let pages = Rc::clone(&self.kept);
        let answer = self.db.transaction(move |db| {
            if migrate {
                schema::migrate(db)?;
            }
            kept::execute(db, &mut pages.borrow_mut(), command, logic::execute)
        });
        match answer {
            // A kept page (or one the desk just built), sent as it is; otherwise its inputs and
            // the stamp to keep the page the worker builds from them under (`desk::kept`).
            Ok(Answer::KeptPage {
                stamp,
                json,
                inputs,
            }) => {
                self.migrated.set(true);
                let headers = worker::Headers::new();
                headers.set("content-type", "application/json")?;
                let body = match json {
                    Some(json) => json,
                    None => {
                        headers.set(KEPT_STAMP_HEADER, &stamp)?;
                        serde_json::to_string(&inputs)?
                    }
                };
                Ok(Response::ok(body)?.with_headers(headers))
            }
            // JSON for the API's answer: sent as it is, for the worker to pass on unread.
            Ok(Answer::Body { json }) => {
                self.migrated.set(true);
                let headers = worker::Headers::new();
                headers.set("content-type", "application/json")?;
                Ok(Response::ok(json)?.with_headers(headers))
            }
            Ok(answer) => {
                self.migrated.set(true);
                Response::from_json(&answer)
            }
            Err(e) => Response::error(e.to_string(), 500),
        }
    }
}
