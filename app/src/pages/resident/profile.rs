//! My profile (`/me/profile`): each part in words first (`GET /me/profile?view=summary`, made
//! by the worker with `domain::profile_summary`), each with 「変更する」. The part's fields, the
//! profile, the region, the full vocabulary and the validator come with that tap, the code as a
//! chunk (`profile_edit`, feature `split-profile`), so the page a resident opens first reads one
//! small answer and carries no form. One part is edited at a time; its save sends the whole
//! profile, checked with the same validator as the sign-up, and the matches follow it.

use domain::model::Lang;
use domain::profile_summary::{ProfilePart, ProfileSummary};
use leptos::prelude::*;

use super::profile_edit;
use crate::api::{self, ApiError};
use crate::components::load::{LoadError, Skeleton};
use crate::fetched::Fetched;
use crate::fresh::IntoFresh;
use crate::i18n::{pick, tr, use_lang};

/// What the page and the open part's editor share.
#[derive(Debug, Clone, Copy)]
pub(super) struct Editing {
    /// The profile in words, as last saved (an editor's save writes the new one).
    pub summary: RwSignal<ProfileSummary>,
    /// The part being edited, if any.
    pub open: RwSignal<Option<ProfilePart>>,
    /// A save just landed (its notice shows until the next edit starts).
    pub saved: RwSignal<bool>,
}

impl Editing {
    fn start(self, part: ProfilePart) {
        self.saved.set(false);
        self.open.set(Some(part));
    }

    /// Closes the editor of `part` (saved or not), and gives the focus back to its 「変更する」.
    pub fn close(self, part: ProfilePart) {
        self.open.set(None);
        request_animation_frame(move || {
            crate::components::form::focus_field(&edit_button_id(part));
        });
    }
}

fn edit_button_id(part: ProfilePart) -> String {
    format!("edit-{}", part.code())
}

#[component]
pub fn ProfileEdit() -> impl IntoView {
    let lang = use_lang();
    let data = Fetched::new(|| api::resident::with_retries(api::resident::profile_summary));
    view! {
        <section class="page narrow">
            <h1>{move || tr(lang, "プロフィール", "My profile")}</h1>
            {move || match data.get() {
                None => Skeleton().into_fresh(),
                Some(Err(e)) => view! { <LoadError error=e retry=move || data.refetch()/> }.into_fresh(),
                Some(Ok(summary)) => view! { <Summary summary/> }.into_fresh(),
            }}
        </section>
    }
}

#[component]
fn Summary(summary: ProfileSummary) -> impl IntoView {
    let lang = use_lang();
    let editing = Editing {
        summary: RwSignal::new(summary),
        open: RwSignal::new(None),
        saved: RwSignal::new(false),
    };
    view! {
        <div data-testid="profile-summary">
            <p class="hint">{move || tr(lang,
                "直したいところの「変更する」を押してください。おすすめの仕事は、このプロフィールで選んでいます。",
                "Tap Change where you want to change something. Your matches are chosen with this profile.")}</p>
            {move || editing.saved.get().then(|| view! {
                <p class="notice notice-ok" role="status" data-testid="profile-saved">
                    {move || tr(lang, "保存しました。おすすめの仕事も新しいプロフィールで並べ直しました。", "Saved. Your matches now follow your new profile.")}
                    " " <a href="/me">{move || tr(lang, "おすすめを見る", "See matches")}</a>
                </p>
            })}
            {ProfilePart::ALL.into_iter().map(|part| view! { <Part part editing/> }).collect_view()}
        </div>
    }
}

/// One part: its lines and 「変更する」, or its editor while open.
#[component]
fn Part(part: ProfilePart, editing: Editing) -> impl IntoView {
    let lang = use_lang();
    let code = part.code();
    let (title_id, labelled_by) = (format!("part-{code}-title"), format!("part-{code}-title"));
    let title = part.title();
    let body = move || {
        if editing.open.get() == Some(part) {
            return view! { <PartEditor part editing/> }.into_fresh();
        }
        let lines = editing.summary.with(|s| {
            s.parts
                .iter()
                .find(|p| p.part == part)
                .map(|p| p.lines.clone())
                .unwrap_or_default()
        });
        let title = part.title();
        view! {
            <dl>
                {lines.into_iter().map(|l| view! {
                    <div class="summary-row">
                        <dt>{move || pick(lang, &l.label)}</dt>
                        <dd>{move || pick(lang, &l.value)}</dd>
                    </div>
                }).collect_view()}
            </dl>
            // Hidden while another part is open: one part is edited at a time, so that no
            // save overwrites another part's unsaved change with what it had.
            {move || editing.open.get().is_none().then(|| {
                let title = title.clone();
                view! {
                    <button type="button" class="button button-secondary button-wide" id=edit_button_id(part)
                        data-testid=edit_button_id(part) on:click=move |_| editing.start(part)>
                        {move || tr(lang, "変更する", "Change")}
                        // Which part, for a screen reader going from button to button.
                        <span class="visually-hidden">{move || match lang.get() {
                            Lang::Ja => format!("（{}）", title.ja),
                            Lang::En => format!(" ({})", title.en),
                        }}</span>
                    </button>
                }
            })}
        }
        .into_fresh()
    };
    view! {
        <section class="summary profile-part" data-testid=format!("part-{code}") aria-labelledby=labelled_by>
            <h2 id=title_id>{move || pick(lang, &title)}</h2>
            {body}
        </section>
    }
}

/// The editor of one part, from its chunk, with what it edits read at the same time (the
/// profile, the region, the full vocabulary: each read in the chunk): a skeleton while they
/// arrive, and a retry (or going back) if one could not be fetched.
#[component]
fn PartEditor(part: ProfilePart, editing: Editing) -> impl IntoView {
    use api::resident::{default_region_unread, profile, with_retries};
    use api::vocabulary::{Form, vocabulary_unread};
    let lang = use_lang();
    // Each retried with a back-off (a weak link drops a fetch now and then) before the error.
    let editor = Fetched::new(move || async move {
        let (make, me, region, vocabulary) = futures_util::future::join4(
            with_retries(|| async move {
                profile_edit::editor(part, editing)
                    .await
                    .map_err(ApiError::from)
            }),
            with_retries(profile),
            with_retries(default_region_unread),
            with_retries(|| vocabulary_unread(Form::Full)),
        )
        .await;
        make?.build(profile_edit::Edited {
            me: me?,
            region: region?,
            vocabulary: vocabulary?,
        })
    });
    move || {
        match editor.get() {
        None => Skeleton().into_fresh(),
        Some(Ok(view)) => view.run().into_fresh(),
        Some(Err(e)) => view! {
            <LoadError error=e retry=move || editor.refetch()/>
            <button type="button" class="button button-secondary button-wide" data-testid="cancel-edit"
                on:click=move |_| editing.close(part)>{move || tr(lang, "やめる", "Cancel")}</button>
        }
        .into_fresh(),
    }
    }
}
