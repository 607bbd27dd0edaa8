//! Edit my profile (`/me/profile`): the onboarding's fields on one page, checked with the same
//! validator, saved with one Idempotency-Key per save; the matches follow the new profile.

use domain::model::Region;
use domain::onboarding::{SavedProfile, input_of};
use domain::validate::ValidationContext;
use domain::vocabulary::Taxonomy;
use leptos::prelude::*;

use super::fields::{
    DeviceFields, PhoneField, PlaceFields, ProfileForm, SkillFields, TimeFields, WishFields,
};
use crate::api::{self, ApiError, new_idempotency_key};
use crate::components::form::ErrorNotice;
use crate::components::load::{LoadError, Skeleton};
use crate::fetched::Fetched;
use crate::fresh::IntoFresh;
use crate::i18n::{tr, use_lang};

type Loaded = (SavedProfile, Region, Taxonomy);

async fn load_all() -> Result<Loaded, ApiError> {
    use api::resident::{default_region, profile, with_retries};
    use api::vocabulary::{Form, vocabulary};
    // At the same time: one round trip instead of three.
    let (me, region, taxonomy) = futures_util::future::join3(
        with_retries(profile),
        with_retries(default_region),
        with_retries(|| vocabulary::<Taxonomy>(Form::Full)),
    )
    .await;
    Ok((me?, region?, taxonomy?))
}

#[component]
pub fn ProfileEdit() -> impl IntoView {
    let lang = use_lang();
    let data = Fetched::new(load_all);
    view! {
        <section class="page narrow">
            <h1>{move || tr(lang, "プロフィールの編集", "Edit my profile")}</h1>
            {move || match data.get() {
                None => Skeleton().into_fresh(),
                Some(Err(e)) => view! { <LoadError error=e retry=move || data.refetch()/> }.into_fresh(),
                Some(Ok((me, region, taxonomy))) => view! { <EditForm me region taxonomy/> }.into_fresh(),
            }}
        </section>
    }
}

#[component]
fn EditForm(me: SavedProfile, region: Region, taxonomy: Taxonomy) -> impl IntoView {
    let lang = use_lang();
    let form = ProfileForm::new(input_of(&me));
    let save = Action::new_local(move |input: &domain::validate::ResidentInput| {
        let input = input.clone();
        let key = new_idempotency_key();
        async move { api::resident::save_profile(&input, &key).await }
    });
    let (region_v, taxonomy_v) = (
        StoredValue::new(region.clone()),
        StoredValue::new(taxonomy.clone()),
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
    Effect::new(move |_| {
        if let Some(Err(ApiError::Server { fields, .. })) = save.value().get() {
            form.errors.set(
                fields
                    .iter()
                    .map(|f| (f.field.clone(), f.message.clone()))
                    .collect(),
            );
        }
    });
    let whole_error = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <form on:submit=on_submit novalidate data-testid="profile-form">
            <h2>{move || tr(lang, "住んでいる所", "Where you live")}</h2>
            <PlaceFields form region/>
            <PhoneField form/>
            <h2>{move || tr(lang, "できること", "What you can do")}</h2>
            <SkillFields form taxonomy=taxonomy.clone()/>
            <h2>{move || tr(lang, "働ける時間", "When you can work")}</h2>
            <TimeFields form/>
            <h2>{move || tr(lang, "使える機器", "Your device")}</h2>
            <DeviceFields form/>
            <h2>{move || tr(lang, "希望", "Your wishes")}</h2>
            <WishFields form taxonomy/>
            <ErrorNotice error=whole_error/>
            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! {
                <p class="notice notice-ok" role="status" data-testid="profile-saved">
                    {move || tr(lang, "保存しました。おすすめの仕事も新しいプロフィールで並べ直しました。", "Saved. Your matches now follow your new profile.")}
                    " " <a href="/me">{move || tr(lang, "おすすめを見る", "See matches")}</a>
                </p>
            })}
            <button type="submit" class="button button-wide" data-testid="save-profile" disabled=move || save.pending().get()>
                {move || if save.pending().get() { tr(lang, "保存しています…", "Saving…") } else { tr(lang, "保存する", "Save") }}
            </button>
        </form>
    }
}
