//! `into_fresh()`: a view erased like `into_any()`, but built anew when its branch shows again
//! instead of patched in place.
//!
//! A reactive branch (`move || match data.get() { … }`) hands tachys a new view each time it
//! runs, and `AnyView` links, for every type it erases, the code that diffs a new view of that
//! type into the old one (`Render::rebuild`), as large as the view's build again. On the
//! resident's pages such a branch runs again only when its data has changed (a new answer, a
//! filter, another page of results) and the components inside make new signals anyway, so
//! building the branch anew shows the same thing; the diffing code (measured: ~5 KB brotli on
//! `/me`, of the 100 KB a first view may weigh) is never linked.
//!
//! Not for a branch that re-runs while the person types into it: a rebuilt input loses its
//! focus. (No branch here holds an input that its own closure reads.)

use leptos::prelude::*;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::ssr::StreamBuilder;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};

/// A view whose rebuild builds it anew (see the module).
pub struct Fresh<T>(T);

pub trait IntoFresh: RenderHtml + Sized + Send + 'static {
    /// Erases the view (like `into_any`); showing it again replaces its DOM.
    fn into_fresh(self) -> AnyView {
        Fresh(self).into_any()
    }
}

impl<T: RenderHtml + Send + 'static> IntoFresh for T {}

impl<T: Render> Render for Fresh<T> {
    type State = T::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        let mut new = self.0.build();
        // The new nodes go where the old ones are, then the old ones leave.
        if state.insert_before_this(&mut new) {
            state.unmount();
            *state = new;
        }
    }
}

impl<T: RenderHtml> RenderHtml for Fresh<T> {
    type AsyncOutput = T::AsyncOutput;
    type Owned = Fresh<T::Owned>;

    const MIN_LENGTH: usize = T::MIN_LENGTH;
    const EXISTS: bool = T::EXISTS;

    async fn resolve(self) -> Self::AsyncOutput {
        self.0.resolve().await
    }

    fn dry_resolve(&mut self) {
        self.0.dry_resolve();
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
    }

    fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
        self,
        buf: &mut StreamBuilder,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) where
        Self: Sized,
    {
        self.0.to_html_async_with_buf::<OUT_OF_ORDER>(
            buf,
            position,
            escape,
            mark_branches,
            extra_attrs,
        );
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    async fn hydrate_async(self, cursor: &Cursor, position: &PositionState) -> Self::State {
        self.0.hydrate_async(cursor, position).await
    }

    fn into_owned(self) -> Self::Owned {
        Fresh(self.0.into_owned())
    }
}

impl<T: AddAnyAttr> AddAnyAttr for Fresh<T> {
    type Output<SomeNewAttr: Attribute> = Fresh<T::Output<SomeNewAttr>>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        Fresh(self.0.add_any_attr(attr))
    }
}
