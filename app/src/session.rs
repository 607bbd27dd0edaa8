//! Who is logged in, read once per page load and shared through context. Role areas guard their
//! routes with it (`ProtectedRoute condition=…`); a page that gets a 401 later sends the person
//! to log in again.

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

pub fn provide_session() -> Session {
    let session = Session(LocalResource::new(api::session::me));
    provide_context(session);
    session
}

pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(provide_session)
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
