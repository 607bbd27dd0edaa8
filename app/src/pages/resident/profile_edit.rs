//! The editor of one part of my profile: the chunk `profile_edit` of the `profile` entry,
//! fetched when 「変更する」 is tapped (`profile.rs`). It reads the profile, the region and the
//! full vocabulary fetched beside it, shows the part's fields (the sign-up wizard's,
//! `fields.rs`), checks the whole profile with the domain's validator, saves it with one
//! Idempotency-Key per intent and writes the page's summary anew with the domain's words.

use domain::model::Region;
use domain::onboarding::{SavedProfile, input_of};
use domain::profile_summary::{ProfilePart, profile_summary};
use domain::validate::{ResidentInput, ValidationContext};
use domain::vocabulary::Taxonomy;
use leptos::prelude::*;

use super::fields::{
    DeviceFields, PhoneField, PlaceFields, ProfileForm, SkillFields, TimeFields, WishFields,
};
use super::profile::Editing;
use crate::api::{self, ApiError, Intent, Unread};
use crate::components::form::{ErrorNotice, focus_top};
use crate::i18n::{pick, tr, use_lang};
use crate::split::{BuildView, ChunkMissing};

/// What an editor edits, fetched beside its chunk and read here.
pub(super) struct Edited {
    pub me: Unread<SavedProfile>,
    pub region: Unread<Region>,
    pub vocabulary: Unread<Taxonomy>,
}

crate::split::in_chunk! { "split-profile", profile_edit,
    /// The editor of `part`.
    pub(super) fn editor(part: ProfilePart, editing: Editing) -> Result<BuildView<Edited>, ChunkMissing> {
        Ok(BuildView::new(move |edited: Edited| {
            let (me, region, taxonomy) =
                (edited.me.read()?, edited.region.read()?, edited.vocabulary.read()?);
            Ok(ViewFn::from(move || {
                view! { <PartForm part editing me=me.clone() region=region.clone() taxonomy=taxonomy.clone()/> }
                    .into_any()
            }))
        }))
    }
}

#[component]
fn PartForm(
    part: ProfilePart,
    editing: Editing,
    me: SavedProfile,
    region: Region,
    taxonomy: Taxonomy,
) -> impl IntoView {
    let lang = use_lang();
    let form = ProfileForm::new(input_of(&me));
    let intent = Intent::new();
    let save = Action::new_local(move |input: &ResidentInput| {
        let input = input.clone();
        intent.send(move |key| async move { api::resident::save_profile(&input, &key).await })
    });
    let (taxonomy_v, region_v) = (
        StoredValue::new(taxonomy.clone()),
        StoredValue::new(region.clone()),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.profile.get_untracked();
        let checked = region_v.with_value(|r| {
            taxonomy_v.with_value(|t| input.validate(&ValidationContext::new(t, r)).err())
        });
        match checked {
            Some(errors) => form.show(errors.0),
            None => {
                form.errors.set(Vec::new());
                save.dispatch(input);
            }
        }
    };
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => {
            let summary =
                region_v.with_value(|r| taxonomy_v.with_value(|t| profile_summary(&saved, r, t)));
            editing.summary.set(summary);
            editing.saved.set(true);
            editing.close(part);
        }
        Some(Err(ApiError::Server { fields, .. })) => form.errors.set(
            fields
                .iter()
                .map(|f| (f.field.clone(), f.message.clone()))
                .collect(),
        ),
        _ => {}
    });
    let whole_error = Signal::derive(move || save.value().get().and_then(Result::err));
    let fields = match part {
        ProfilePart::Place => view! { <PlaceFields form region/><PhoneField form/> }.into_any(),
        ProfilePart::Skills => view! { <SkillFields form taxonomy/> }.into_any(),
        ProfilePart::Time => view! { <TimeFields form/> }.into_any(),
        ProfilePart::Device => view! { <DeviceFields form/> }.into_any(),
        ProfilePart::Wishes => view! { <WishFields form taxonomy/> }.into_any(),
    };
    let form_id = format!("profile-form-{}", part.code());
    // The form takes the focus where 「変更する」 was, so a keyboard or a screen reader goes on
    // from there (its top scrolled into view, not its middle).
    request_animation_frame({
        let form_id = form_id.clone();
        move || focus_top(&form_id)
    });
    view! {
        <form id=form_id.clone() tabindex="-1" on:submit=on_submit novalidate data-testid="profile-form" data-part=part.code()>
            {fields}
            <OtherParts form part editing/>
            <ErrorNotice error=whole_error/>
            <button type="submit" class="button button-wide" data-testid="save-profile" disabled=move || save.pending().get()>
                {move || if save.pending().get() { tr(lang, "保存しています…", "Saving…") } else { tr(lang, "保存する", "Save") }}
            </button>
            <button type="button" class="button button-secondary button-wide" data-testid="cancel-edit"
                on:click=move |_| editing.close(part)>{move || tr(lang, "やめる（保存しない）", "Cancel (do not save)")}</button>
        </form>
    }
}

/// Errors of fields in other parts than the open one (a profile saved under an older rule that
/// the validator now refuses): the whole profile is checked on save, so this part cannot be
/// saved until they are mended. Each is named with a button that opens its part instead.
#[component]
fn OtherParts(form: ProfileForm, part: ProfilePart, editing: Editing) -> impl IntoView {
    let lang = use_lang();
    let others = move || {
        form.errors.with(|errors| {
            errors
                .iter()
                .filter(|(field, _)| !part.owns(field))
                .filter_map(|(field, message)| {
                    let other = ProfilePart::ALL.into_iter().find(|p| p.owns(field))?;
                    Some((other, message.clone()))
                })
                .collect::<Vec<_>>()
        })
    };
    move || {
        let others = others();
        (!others.is_empty()).then(|| view! {
            <div class="notice notice-error" role="alert" data-testid="other-parts-error">
                <p>{move || tr(lang,
                    "ほかの項目に直すところがあるため、保存できません。先にそちらを直してください（この項目の変更は消えます）。",
                    "Another part needs a change first, so this cannot be saved yet. Change that part first (what you changed here is dropped).")}</p>
                {others.into_iter().map(|(other, message)| {
                    let title = other.title();
                    view! {
                        <p>{move || pick(lang, &message)}</p>
                        <button type="button" class="button button-secondary button-wide"
                            on:click=move |_| { editing.open.set(Some(other)) }>
                            {move || format!("{}{}", pick(lang, &title), tr(lang, "を直す", ": change"))}
                        </button>
                    }
                }).collect_view()}
            </div>
        })
    }
}
