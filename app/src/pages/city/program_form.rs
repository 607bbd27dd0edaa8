//! The form that creates a program on `/city/programs`: a course (講座: dates, place or online,
//! capacity, the task kinds a completion certifies), a support scheme (支援制度: what, for whom,
//! link) or a coworking place. The server validates (`domain::validate::ProgramInput`) and its
//! per-field messages show next to the fields.

use domain::model::Program;
use domain::validate::{ProgramInput, Raw};
use leptos::prelude::*;

use super::my_municipality;
use crate::api::{self, ApiError};
use crate::components::form::{ErrorNotice, ErrorSummary, FieldError};
use crate::components::load::Tr;
use crate::i18n::{pick, tr, use_lang};

/// The form's fields, one signal each.
#[derive(Debug, Clone, Copy)]
struct Fields {
    kind: RwSignal<String>,
    name_ja: RwSignal<String>,
    name_en: RwSignal<String>,
    description_ja: RwSignal<String>,
    description_en: RwSignal<String>,
    starts_on: RwSignal<String>,
    ends_on: RwSignal<String>,
    online: RwSignal<bool>,
    place: RwSignal<String>,
    capacity: RwSignal<String>,
    certifies: RwSignal<Vec<String>>,
    for_whom: RwSignal<String>,
    link: RwSignal<String>,
    address: RwSignal<String>,
    open_hours: RwSignal<String>,
}

impl Fields {
    fn new() -> Self {
        let s = || RwSignal::new(String::new());
        Fields {
            kind: RwSignal::new("course".to_owned()),
            name_ja: s(),
            name_en: s(),
            description_ja: s(),
            description_en: s(),
            starts_on: s(),
            ends_on: s(),
            online: RwSignal::new(false),
            place: s(),
            capacity: s(),
            certifies: RwSignal::new(Vec::new()),
            for_whom: s(),
            link: s(),
            address: s(),
            open_hours: s(),
        }
    }

    /// What the form sends: every field as typed; the server checks only the chosen kind's.
    fn input(&self) -> ProgramInput {
        let r = |s: RwSignal<String>| Raw(s.get_untracked());
        ProgramInput {
            name_ja: r(self.name_ja),
            name_en: r(self.name_en),
            description_ja: r(self.description_ja),
            description_en: r(self.description_en),
            municipality: Raw(my_municipality().unwrap_or_default()),
            kind: r(self.kind),
            certifies: self
                .certifies
                .get_untracked()
                .into_iter()
                .map(Raw)
                .collect(),
            starts_on: r(self.starts_on),
            ends_on: r(self.ends_on),
            online: Raw(self.online.get_untracked().to_string()),
            place: r(self.place),
            capacity: r(self.capacity),
            for_whom: r(self.for_whom),
            link: r(self.link),
            address: r(self.address),
            open_hours: r(self.open_hours),
        }
    }

    fn clear(&self) {
        for s in [
            self.name_ja,
            self.name_en,
            self.description_ja,
            self.description_en,
            self.starts_on,
            self.ends_on,
            self.place,
            self.capacity,
            self.for_whom,
            self.link,
            self.address,
            self.open_hours,
        ] {
            s.set(String::new());
        }
        self.online.set(false);
        self.certifies.set(Vec::new());
    }
}

/// Every field the server may name; an error naming another goes to the form's notice.
const FIELDS: &[&str] = &[
    "name_ja",
    "name_en",
    "description_ja",
    "description_en",
    "kind",
    "certifies",
    "starts_on",
    "ends_on",
    "online",
    "place",
    "capacity",
    "for_whom",
    "link",
    "address",
    "open_hours",
];

/// The element of a field: `kind` is the select `program-kind`, `certifies[2]` the task list.
fn program_field_id(field: &str) -> String {
    match field {
        "kind" => "program-kind".to_owned(),
        f if f.starts_with("certifies") => "certifies".to_owned(),
        f => f.to_owned(),
    }
}

#[component]
pub fn ProgramForm(on_created: impl Fn(Program) + 'static) -> impl IntoView {
    let lang = use_lang();
    let f = Fields::new();
    let vocabulary = LocalResource::new(|| {
        crate::api::vocabulary::vocabulary::<domain::api::VocabularyBrief>(
            crate::api::vocabulary::Form::Names,
        )
    });
    // An answer (the program, or a refusal) ends the intent: a retry with its key would replay
    // it (`api::Intent`).
    let intent = api::Intent::new();
    // Whether completing the course counts as the security course companies look for.
    let security = RwSignal::new(false);
    let create = Action::new_local(move |input: &ProgramInput| {
        let input = input.clone();
        let security = security.get_untracked() && input.kind.as_str() == "course";
        intent
            .send(move |key| async move { api::city::create_program(&input, security, &key).await })
    });
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    // `certifies[2]` is shown under the task list as well.
    let field = move |name: &'static str| {
        Signal::derive(move || {
            error.get().and_then(|e: ApiError| match &e {
                ApiError::Server { fields, .. } => fields
                    .iter()
                    .find(|x| {
                        x.field == name
                            || (name == "certifies" && x.field.starts_with("certifies["))
                    })
                    .map(|x| x.message.clone()),
                ApiError::Network => None,
            })
        })
    };
    let created = RwSignal::new(None::<Program>);
    Effect::new(move |_| {
        if let Some(Ok(p)) = create.value().get() {
            f.clear();
            security.set(false);
            created.set(Some(p.clone()));
            on_created(p);
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        created.set(None);
        create.dispatch(f.input());
    };
    let kind_is = move |k: &'static str| move || f.kind.get() == k;
    view! {
        <details class="card program-form" data-testid="program-form-box">
            <summary><Tr ja="講座・支援制度・コワーキングを登録する" en="Add a course, support scheme or coworking place"/></summary>
            <form on:submit=on_submit novalidate data-testid="program-form">
                <ErrorNotice error=Signal::derive(move || error.get().filter(|e| FIELDS.iter().all(|n| e.field(n).is_none())
                    && !matches!(e, ApiError::Server { fields, .. } if fields.iter().any(|x| x.field.starts_with("certifies[")))))/>
                <div class="field">
                    <label for="program-kind"><Tr ja="種類" en="Kind"/></label>
                    <select id="program-kind" data-testid="program-kind" on:change=move |ev| f.kind.set(event_target_value(&ev))>
                        <option value="course" selected><Tr ja="講座" en="Course"/></option>
                        <option value="support_scheme"><Tr ja="支援制度" en="Support scheme"/></option>
                        <option value="coworking"><Tr ja="コワーキングスペース" en="Coworking place"/></option>
                    </select>
                    <FieldError id="program-kind-error".to_owned() error=field("kind")/>
                </div>
                <Text id="name_ja" label=("名前（日本語）", "Name (Japanese)") value=f.name_ja error=field("name_ja")/>
                <Text id="name_en" label=("名前（英語・任意）", "Name (English, optional)") value=f.name_en error=field("name_en")/>
                <Area id="description_ja" label=("説明（日本語）", "Description (Japanese)") value=f.description_ja error=field("description_ja")/>
                <Area id="description_en" label=("説明（英語・任意）", "Description (English, optional)") value=f.description_en error=field("description_en")/>
                <Show when=kind_is("course")>
                    <div class="field-row">
                        <Text id="starts_on" label=("開始日", "Start date") value=f.starts_on error=field("starts_on") kind="date"/>
                        <Text id="ends_on" label=("終了日", "End date") value=f.ends_on error=field("ends_on") kind="date"/>
                        <Text id="capacity" label=("定員（人）", "Places") value=f.capacity error=field("capacity") kind="number"/>
                    </div>
                    <div class="field field-check">
                        <label>
                            <input type="checkbox" data-testid="program-online" prop:checked=move || f.online.get()
                                on:change=move |ev| f.online.set(event_target_checked(&ev))/>
                            " "<Tr ja="オンラインで開く" en="Held online"/>
                        </label>
                    </div>
                    <div class="field field-check">
                        <label>
                            <input type="checkbox" data-testid="program-security" prop:checked=move || security.get()
                                on:change=move |ev| security.set(event_target_checked(&ev))/>
                            " "<Tr ja="情報セキュリティ講座（修了者は企業の画面に表示されます）" en="Information security course (graduates are shown to companies)"/>
                        </label>
                    </div>
                    <Text id="place" label=("会場（オンラインでなければ必須）", "Venue (required unless online)") value=f.place error=field("place")/>
                    <fieldset class="field task-choices" aria-describedby="certifies-error" data-testid="program-certifies">
                        <legend><Tr ja="修了で確認できる仕事（1つ以上）" en="Tasks a completion certifies (one or more)"/></legend>
                        {move || vocabulary.get().and_then(Result::ok).map(|v| v.tasks.into_iter().map(|t| {
                            let id = t.id.to_string();
                            let (check_id, value) = (format!("certifies-{}", id.replace('.', "-")), id.clone());
                            let name = t.name;
                            let label_for = check_id.clone();
                            view! {
                                <label class="choice" for=label_for>
                                    <input type="checkbox" id=check_id value=id.clone()
                                        prop:checked=move || f.certifies.with(|c| c.contains(&value))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            f.certifies.update(|c| {
                                                c.retain(|x| *x != id);
                                                if on { c.push(id.clone()); }
                                            });
                                        }/>
                                    " "{move || pick(lang, &name)}
                                </label>
                            }
                        }).collect_view())}
                        <FieldError id="certifies-error".to_owned() error=field("certifies")/>
                    </fieldset>
                </Show>
                <Show when=kind_is("support_scheme")>
                    <Text id="for_whom" label=("対象となる人", "Who it is for") value=f.for_whom error=field("for_whom")/>
                    <Text id="link" label=("詳しい案内のURL（任意）", "Link to details (optional)") value=f.link error=field("link") kind="url"/>
                </Show>
                <Show when=kind_is("coworking")>
                    <Text id="address" label=("住所", "Address") value=f.address error=field("address")/>
                    <Text id="open_hours" label=("開いている時間", "Opening hours") value=f.open_hours error=field("open_hours")/>
                </Show>
                <ErrorSummary error=error id_of=program_field_id/>
                <button type="submit" class="button" data-testid="program-submit" disabled=move || create.pending().get()>
                    <Tr ja="登録する" en="Add"/>
                </button>
                {move || created.get().map(|p| {
                    let name = p.name.clone();
                    view! {
                        <p class="notice notice-ok" role="status" data-testid="program-created" data-program=p.id.to_string()>
                            {move || tr(lang, "登録しました: ", "Added: ")}{move || pick(lang, &name)}
                        </p>
                    }
                })}
            </form>
        </details>
    }
}

/// A labelled input whose server error shows under it.
#[component]
fn Text(
    id: &'static str,
    label: (&'static str, &'static str),
    value: RwSignal<String>,
    error: Signal<Option<domain::model::Localized>>,
    #[prop(default = "text")] kind: &'static str,
) -> impl IntoView {
    let input_id = format!("program-{id}");
    let error_id = format!("program-{id}-error");
    view! {
        <div class="field">
            <label for=input_id.clone()><Tr ja=label.0 en=label.1/></label>
            <input id=input_id data-testid=format!("program-{id}") type=kind
                aria-describedby=error_id.clone()
                aria-invalid=move || error.get().is_some().then_some("true")
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            <FieldError id=error_id error=error/>
        </div>
    }
}

/// A labelled text area whose server error shows under it.
#[component]
fn Area(
    id: &'static str,
    label: (&'static str, &'static str),
    value: RwSignal<String>,
    error: Signal<Option<domain::model::Localized>>,
) -> impl IntoView {
    let input_id = format!("program-{id}");
    let error_id = format!("program-{id}-error");
    view! {
        <div class="field">
            <label for=input_id.clone()><Tr ja=label.0 en=label.1/></label>
            <textarea id=input_id data-testid=format!("program-{id}") rows="3"
                aria-describedby=error_id.clone()
                aria-invalid=move || error.get().is_some().then_some("true")
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            <FieldError id=error_id error=error/>
        </div>
    }
}
