//! A small router for one area: the current path and query as signals, links inside the area
//! handled without a page load, and the browser's back button. `leptos_router` costs about as
//! much wasm as a whole area's pages (measured: +60 KB gzip), which a first view on a weak
//! connection cannot afford; an area needs only a few flat routes.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Where the area is now.
#[derive(Debug, Clone, Copy)]
pub struct Nav {
    path: RwSignal<String>,
    query: RwSignal<String>,
}

fn current() -> (String, String) {
    let location = window().location();
    (
        location.pathname().unwrap_or_else(|_| "/".to_owned()),
        location.search().unwrap_or_default(),
    )
}

/// Starts the router for an area that serves the paths for which `handles` is true: clicks on
/// links to those paths and the back button change the signals; other links load normally.
pub fn provide_nav(handles: fn(&str) -> bool) -> Nav {
    let (path, query) = current();
    let nav = Nav {
        path: RwSignal::new(path),
        query: RwSignal::new(query),
    };
    let on_pop = Closure::<dyn Fn()>::new(move || nav.sync());
    let _ = window().add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    on_pop.forget();
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if let Some(href) = internal_link(&ev).filter(|h| handles(h.split('?').next().unwrap_or(h)))
        {
            ev.prevent_default();
            nav.push(&href);
        }
    });
    let _ = document().add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    on_click.forget();
    provide_context(nav);
    nav
}

pub fn use_nav() -> Nav {
    expect_context::<Nav>()
}

/// The same-origin path of the link a plain left click landed on, if any.
fn internal_link(ev: &web_sys::MouseEvent) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return None;
    }
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let anchor: web_sys::HtmlAnchorElement = target.closest("a[href]").ok()??.dyn_into().ok()?;
    if !anchor.target().is_empty()
        || anchor.has_attribute("download")
        || anchor.origin() != window().location().origin().ok()?
    {
        return None;
    }
    Some(format!("{}{}", anchor.pathname(), anchor.search()))
}

impl Nav {
    fn sync(&self) {
        let (path, query) = current();
        self.path.set(path);
        self.query.set(query);
    }

    /// Goes to `href` (path and optional query) inside the area, adding a history entry.
    pub fn push(&self, href: &str) {
        let _ = window()
            .history()
            .and_then(|h| h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href)));
        self.sync();
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }

    /// The path's segments, e.g. `/me/jobs/42` → `["me", "jobs", "42"]` (reactive).
    pub fn segments(&self) -> Vec<String> {
        self.path
            .get()
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The page for the current path: `pages` maps its segments (`/me/jobs/42` →
    /// `["me", "jobs", "42"]`) to a view. Reactive: call it inside the area's `<main>`.
    pub fn route(&self, pages: fn(&[&str]) -> AnyView) -> AnyView {
        let segments = self.segments();
        pages(&segments.iter().map(String::as_str).collect::<Vec<_>>())
    }

    pub fn path(&self) -> String {
        self.path.get()
    }

    /// One query parameter's decoded value (reactive).
    pub fn query(&self, name: &str) -> Option<String> {
        let query = self.query.get();
        query
            .trim_start_matches('?')
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == name)
            .and_then(|(_, v)| decode(v))
    }
}

/// Percent-decoding (the inverse of `api::encode`), `+` as space.
fn decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = value.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Shows `children` only to an account with one of the area's roles; sends everyone else to
/// log in (and back here afterwards). When this device has a session open (the `musubi_in`
/// cookie), the page starts at once, its data loading beside the session instead of after it
/// (one round trip less on a weak link); the session still decides, and a wrong role leaves.
/// Otherwise a skeleton while the session loads.
#[component]
pub fn Protected(
    allowed: fn(domain::account::RoleKind) -> bool,
    children: ChildrenFn,
) -> impl IntoView {
    #[derive(Clone, PartialEq)]
    enum Gate {
        Wait,
        Show,
        Leave,
        /// The session could not be read (offline, a server error): not a reason to log in
        /// again. Its error, with a button that asks again; the page is built anew once it came.
        Failed(crate::api::ApiError),
    }
    let session = crate::session::use_session();
    let nav = use_nav();
    let optimistic = crate::components::header::signed_in();
    // A memo, so that the page is built once (not again when the session confirms it).
    let gate = Memo::new(move |_| match session.0.get() {
        None if optimistic => Gate::Show,
        None => Gate::Wait,
        Some(Ok(account)) if allowed(account.role.kind) => Gate::Show,
        Some(Err(e)) if !e.is_unauthenticated() => Gate::Failed(e),
        Some(_) => Gate::Leave,
    });
    move || match gate.get() {
        Gate::Wait => view! { <div class="skeleton-page" aria-busy="true"></div> }.into_any(),
        Gate::Show => children().into_any(),
        Gate::Failed(error) => view! {
            <section class="page">
                <crate::components::load::LoadError error retry=move || session.0.refetch()/>
            </section>
        }
        .into_any(),
        Gate::Leave => {
            crate::session::to_login(&nav.path.get_untracked());
            ().into_any()
        }
    }
}

/// The gate of the resident's own pages. The device's session marker names the role
/// (`components::header::session_marker`), so the page and its data start at once, with no
/// request for who is logged in (one round trip and ~7 KB of wasm less on every first view);
/// without the marker, or with another role's, the person is sent to log in and back. The server
/// still decides every read: a session that has ended answers 401, and the page's `LoadError`
/// sends the person to log in.
#[component]
pub fn ResidentGate(children: Children) -> impl IntoView {
    use domain::account::RoleKind;
    let marker = crate::components::header::session_marker();
    let another_role = |m: &String| RoleKind::parse(m).is_some_and(|k| k != RoleKind::Resident);
    match marker {
        Some(m) if !another_role(&m) => children().into_any(),
        _ => {
            crate::session::to_login(&use_nav().path.get_untracked());
            ().into_any()
        }
    }
}
