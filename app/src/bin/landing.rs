//! The landing page's own entry point: it mounts only what the first view needs (no router, no
//! role screens), so a first visit on a weak connection downloads the least.

fn main() {
    leptos::mount::mount_to_body(musubi_app::LandingApp);
}
