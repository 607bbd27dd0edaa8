//! `Fetched<T>`: what a page reads from the server when it opens, read again on `refetch` or
//! when a signal the fetcher read changes: the part of Leptos's `LocalResource` the resident's
//! pages use (`get` → `None` until the first answer, then the latest; `refetch`), on an `Effect`
//! and a task. `LocalResource` runs on an async-derived signal whose machinery (wakers, its
//! async subscriber, a channel per resource type) cost each resident entry about 7 KB brotli
//! of the 100 KB a first view may weigh (measured on the record entry: 102.6 → 75.0 KB with the
//! session gate and both resources gone); every entry already links effects and tasks.
//!
//! A page that reloads keeps showing what it had until the new answer arrives, as a resource
//! does; an answer overtaken by a newer fetch is dropped, so a slow first answer never
//! replaces a later one.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;

pub struct Fetched<T: 'static> {
    value: RwSignal<Option<T>, LocalStorage>,
    again: Trigger,
}

impl<T> Clone for Fetched<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Fetched<T> {}

impl<T: 'static> Fetched<T> {
    /// Starts the first fetch on the next tick (like a resource, under the current owner: a page
    /// that is left stops listening, and an answer that comes after is dropped).
    pub fn new<F>(fetch: impl Fn() -> F + 'static) -> Self
    where
        F: Future<Output = T> + 'static,
    {
        let value = RwSignal::new_local(None);
        let latest = Rc::new(Cell::new(0u32));
        let start = move || {
            let run = latest.get().wrapping_add(1);
            latest.set(run);
            // Read now, inside the effect: the signals the fetcher reads are what it follows.
            let future = fetch();
            let latest = Rc::clone(&latest);
            leptos::task::spawn_local(async move {
                let answer = future.await;
                if latest.get() == run {
                    value.try_set(Some(answer));
                }
            });
        };
        Self {
            value,
            again: follow(Box::new(start)),
        }
    }

    /// Reads the fetch again (a retry button, a page that changed what it shows).
    pub fn refetch(&self) {
        self.again.notify();
    }
}

impl<T: Clone + 'static> Fetched<T> {
    /// The latest answer, `None` before the first (reactive).
    pub fn get(&self) -> Option<T> {
        self.value.get()
    }
}

/// The effect that runs `start` now and again on `refetch` or when what it read changes; apart
/// from `Fetched::new` so that it is compiled once, not once per type of answer.
fn follow(start: Box<dyn Fn()>) -> Trigger {
    let again = Trigger::new();
    Effect::new(move |_| {
        again.track();
        start();
    });
    again
}
