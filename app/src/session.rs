//! Who is logged in, read at most once per page load and shared through context. Role areas
//! guard their routes with it (`nav::Protected`); a page that gets a 401 later sends the person
//! to log in again. The `/me` request is only made when a page first asks (a public page or the
//! login form never does): on a weak link that is one round trip the first view does not wait for.

use domain::account::{AccountBrief, RoleKind};
use leptos::prelude::*;

use crate::api::{self, ApiError};

/// The logged-in account, or the reason there is none (401 = not logged in).
#[derive(Clone, Copy)]
pub struct Session(pub LocalResource<Result<AccountBrief, ApiError>>);

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Session")
    }
}

/// Where the area keeps its session once a page has asked for it. The resource is created under
/// the area's root owner, so that it outlives the page that asked first.
#[derive(Clone)]
struct SessionSlot {
    root: Owner,
    session: StoredValue<Option<Session>>,
}

/// Called once by an area at its root; nothing is fetched yet.
pub fn provide_session() {
    provide_context(SessionSlot {
        root: Owner::current().unwrap_or_default(),
        session: StoredValue::new(None),
    });
}

/// The area's session, loading it on first use.
pub fn use_session() -> Session {
    let load = || Session(LocalResource::new(api::session::me));
    let Some(slot) = use_context::<SessionSlot>() else {
        return load();
    };
    if let Some(session) = slot.session.get_value() {
        return session;
    }
    let session = slot.root.with(load);
    slot.session.set_value(Some(session));
    session
}

impl Session {
    pub fn account(&self) -> Option<AccountBrief> {
        self.0.get().and_then(Result::ok)
    }
}

/// Where each role starts after logging in.
pub fn home_of(role: RoleKind) -> &'static str {
    match role {
        RoleKind::Resident => "/me",
        RoleKind::CompanyMember => "/company",
        RoleKind::Hub | RoleKind::Admin => "/hub",
        RoleKind::MunicipalityStaff => "/city",
    }
}

/// The login page's address that comes back to `path` afterwards.
pub fn login_path(path: &str) -> String {
    format!("/login?next={}", api::encode(path))
}

/// A full page load: role areas are separate wasm entry points, so crossing into another area
/// must load that area's wasm instead of routing inside this one.
pub fn go(path: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(path);
    }
}
