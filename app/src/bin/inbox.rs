//! The `inbox` entry point: it only mounts; see `musubi_app` for which paths it serves.

fn main() {
    leptos::mount::mount_to_body(musubi_app::InboxApp);
}
