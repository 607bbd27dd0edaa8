//! Code that an entry fetches later, as a wasm module of its own (wasm-split-cli,
//! scripts/build-app.sh): the onboarding wizard's steps 2–6 (`start`) and the hub's scoping
//! workspace and the hub's, the company's and the city's page groups after the first (`hub`, `company`,
//! `city`), what `/me` shows only once opened: the filter's fields and the jobs left out
//! (`resident`), the profile's editor of one part (`profile`) and the payout form (`earnings`). Each split entry is built with its own feature (`split-start`,
//! `split-hub`, …), so that no other entry links the `#[no_mangle]` exports a split point needs.

/// A function whose code goes into the chunk `$module` when the feature `$feature` is on: calls
/// are `async`, and a chunk that could not be fetched is `Err(ChunkMissing)`, to retry (the
/// failure is not kept). Without the feature it is a plain `async fn`.
macro_rules! in_chunk {
    ($feature:literal, $module:ident,
     $(#[doc = $doc:literal])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[doc = $doc])*
        #[cfg(feature = $feature)]
        #[leptos::wasm_split::wasm_split(
            $module,
            wasm_split_path = ::leptos::wasm_split,
            fallible
        )]
        $vis fn $name($($arg: $ty),*) -> $ret $body

        $(#[doc = $doc])*
        #[cfg(not(feature = $feature))]
        $vis async fn $name($($arg: $ty),*) -> $ret $body
    };
}
pub(crate) use in_chunk;

/// A split wasm module that could not be fetched.
pub(crate) struct ChunkMissing;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkMissing {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkMissing
    }
}

impl From<ChunkMissing> for crate::api::ApiError {
    fn from(_: ChunkMissing) -> Self {
        crate::api::ApiError::Network
    }
}

use leptos::prelude::*;

/// A page whose view is built in a chunk (`load` is an `in_chunk!` function handing back the
/// view): a skeleton while the chunk arrives, and a retry if it could not be fetched. Every
/// page group of a console after its first page is one (`pages/console.rs`, `pages/company`).
#[component]
pub(crate) fn Lazy<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + 'static,
    Fut: std::future::Future<Output = Result<ViewFn, ChunkMissing>> + 'static,
{
    use crate::components::load::{LoadError, Skeleton};
    let page = LocalResource::new(move || {
        let view = load();
        async move { view.await.map_err(crate::api::ApiError::from) }
    });
    view! {
        <Transition fallback=Skeleton>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(view) => view.run(),
                    Err(e) => view! { <LoadError error=e retry=move || page.refetch()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A view built in a chunk from what was fetched beside it (`T`: `api::Unread` answers, read
/// in the chunk, so that the entry's first view links no reader for them): what a chunk's
/// function hands back when the view needs data, fetched at the same time as the chunk.
pub(crate) struct BuildView<T>(
    std::sync::Arc<dyn Fn(T) -> Result<ViewFn, crate::api::ApiError> + Send + Sync>,
);

impl<T> Clone for BuildView<T> {
    fn clone(&self) -> Self {
        BuildView(std::sync::Arc::clone(&self.0))
    }
}

impl<T> BuildView<T> {
    pub fn new(
        build: impl Fn(T) -> Result<ViewFn, crate::api::ApiError> + Send + Sync + 'static,
    ) -> Self {
        BuildView(std::sync::Arc::new(build))
    }

    pub fn build(&self, fetched: T) -> Result<ViewFn, crate::api::ApiError> {
        (self.0)(fetched)
    }
}

/// A view built in a chunk, fetched when this is first shown (the body of a `<details>` that
/// starts closed, a section opened with a button): a skeleton while the chunk (and what it
/// reads) arrives, and a retry if it could not be fetched. On `Fetched` rather than `Lazy`'s
/// resource, so that a resident entry links no resource machinery.
#[component]
pub(crate) fn InChunk<F, Fut, E>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + 'static,
    Fut: std::future::Future<Output = Result<ViewFn, E>> + 'static,
    E: Into<crate::api::ApiError> + 'static,
{
    use crate::components::load::{LoadError, Skeleton};
    use crate::fresh::IntoFresh;
    let view = crate::fetched::Fetched::new(move || {
        let view = load();
        async move { view.await.map_err(Into::into) }
    });
    move || match view.get() {
        None => Skeleton().into_fresh(),
        Some(Ok(view)) => view.run().into_fresh(),
        Some(Err(e)) => view! { <LoadError error=e retry=move || view.refetch()/> }.into_fresh(),
    }
}
