//! Who is logged in, read at most once per page load and shared through context. Role areas
//! guard their routes with it (`nav::Protected`); a page that gets a 401 later sends the person
//! to log in again. The `/me` request is only made when a page first asks (a public page or the
//! login form never does): on a weak link that is one round trip the first view does not wait for.

use domain::account::{AccountBrief, RoleBrief, RoleKind};
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

    /// The id `pick` finds in the account's role (its company, its municipality), if loaded.
    pub fn role_id(&self, pick: fn(&RoleBrief) -> Option<String>) -> Option<String> {
        self.account().and_then(|a| pick(&a.role))
    }

    /// The same once the session has loaded: a page may show before it has (`Protected` trusts
    /// the device's login marker), so a read that needs the account's company or municipality
    /// awaits this where its resource starts, instead of asking the server about an empty id.
    /// A session that could not be read (offline, a server error) is that read's error, never
    /// an empty id: the area's `Protected` shows it with a way to try again.
    ///
    /// Awaited untracked: a resource that waits here would otherwise also subscribe to the
    /// session and run again when it arrives, asking each of its reads twice (measured on the
    /// company's home: five reads, each answered 200 and then 304).
    pub async fn role_id_loaded(
        self,
        pick: fn(&RoleBrief) -> Option<String>,
    ) -> Result<String, ApiError> {
        let account = leptos::reactive::computed::ScopedFuture::new_untracked(
            std::future::IntoFuture::into_future(self.0),
        )
        .await?;
        pick(&account.role).ok_or(ApiError::Server {
            status: 403,
            code: "forbidden".to_owned(),
            message: domain::model::Localized::new(
                "このページはこのアカウントでは開けません。",
                "This account cannot open this page.",
            ),
            fields: Vec::new(),
        })
    }
}

/// A company member's company id, for [`Session::role_id`].
pub fn company_of(role: &RoleBrief) -> Option<String> {
    role.company.as_ref().map(|c| c.0.clone())
}

/// A municipality staff member's municipality id, for [`Session::role_id`].
pub fn municipality_of(role: &RoleBrief) -> Option<String> {
    role.municipality.as_ref().map(ToString::to_string)
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
fn login_path(path: &str) -> String {
    format!("/login?next={}", api::encode(path))
}

/// Set once the person has asked to log out: the page is on its way to `/`, so a read that
/// the ended session now refuses (401) must not turn that way into the login form.
static LEAVING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Called as the log-out form is sent.
pub fn leaving() {
    LEAVING.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// To the login form, coming back to `path` afterwards; nothing while logging out.
pub fn to_login(path: &str) {
    if !LEAVING.load(std::sync::atomic::Ordering::Relaxed) {
        go(&login_path(path));
    }
}

/// A full page load: role areas are separate wasm entry points, so crossing into another area
/// must load that area's wasm instead of routing inside this one.
pub fn go(path: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(path);
    }
}
