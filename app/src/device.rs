//! What the app keeps on the device (localStorage): every key in one place, so that no two
//! modules share a key by importing each other, and one list says what a phone holds.

/// The language chosen (`i18n`); index.html reads it too, before the wasm arrives.
pub const LANG: &str = "musubi.lang";
/// When the resident last opened the inbox (ms since the epoch), for "new" marks.
pub const INBOX_OPENED: &str = "musubi.inbox.opened";
/// The onboarding wizard's answers so far, so that nothing typed is lost.
pub const ONBOARDING_DRAFT: &str = "musubi.onboarding.draft";
/// A registration waiting to be sent (the wizard's offline queue).
pub const ONBOARDING_QUEUE: &str = "musubi.onboarding.queue";
/// Set once the matches page has shown its welcome line on this device.
pub const WELCOMED: &str = "musubi.welcomed";
