//! The shared vocabulary, one call for every area. The app's build writes it as two hashed static
//! files (scripts/build-app.mjs) that `index.html` names in `<meta name="musubi-vocabulary">`:
//! the browser and the service worker keep them for good, so a visit makes no API call for it.
//! `Names` is the compact form (ids and names of families and task kinds, a tenth of the size)
//! for filters and pick lists; `Full` has the descriptions, examples and levels the forms show.
//! Without the page's names (never, when served by index.html) it asks the API.

use serde::de::DeserializeOwned;

use super::{ApiError, Unread, get, get_unread};

#[derive(Debug, Clone, Copy)]
pub enum Form {
    /// `domain::api::VocabularyBrief`.
    Names,
    /// `domain::vocabulary::Taxonomy`.
    Full,
}

/// The vocabulary in the `form` it is read as.
pub async fn vocabulary<T: DeserializeOwned>(form: Form) -> Result<T, ApiError> {
    get(&path(form)).await
}

/// The vocabulary in the `form` it will be read as, fetched now and read where it is used (a
/// chunk, fetched beside it: the entry's first view then links no reader for it).
pub async fn vocabulary_unread<T>(form: Form) -> Result<Unread<T>, ApiError> {
    get_unread(&path(form)).await
}

fn path(form: Form) -> String {
    asset(form).unwrap_or_else(|| "/api/v1/vocabulary".to_owned())
}

fn asset(form: Form) -> Option<String> {
    let meta = web_sys::window()?
        .document()?
        .query_selector(r#"meta[name="musubi-vocabulary"]"#)
        .ok()??;
    meta.get_attribute(match form {
        Form::Names => "data-names",
        Form::Full => "data-full",
    })
    .filter(|p| p.starts_with("/pkg/"))
}
