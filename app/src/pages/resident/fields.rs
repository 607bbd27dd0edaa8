//! The profile's fields, one group per onboarding step; the wizard shows one group at a time,
//! the profile page all of them. Each group edits the shared `ProfileForm` and shows, next to
//! its controls, the errors the domain's validator gave for its fields.

use domain::model::{Level, Localized, Region};
use domain::onboarding::{
    all_slots, devices_code, devices_label, level_code, slot_label, slot_name, wish_pay_guidance,
};
use domain::validate::resident::RELATED;
use domain::validate::{FieldError, Raw, ResidentInput, SkillInput};
use domain::vocabulary::Taxonomy;
use leptos::prelude::*;

use crate::components::form::FieldError as FieldErrorView;
use crate::i18n::{pick, tr, use_lang};

/// The profile being edited and the errors of the last check.
#[derive(Debug, Clone, Copy)]
pub struct ProfileForm {
    pub profile: RwSignal<ResidentInput>,
    /// (field, message), from the domain's validator or from the server's answer.
    pub errors: RwSignal<Vec<(String, Localized)>>,
}

impl ProfileForm {
    pub fn new(profile: ResidentInput) -> Self {
        ProfileForm {
            profile: RwSignal::new(profile),
            errors: RwSignal::new(Vec::new()),
        }
    }

    /// The first error of `field` or of anything below it (`skills` covers `skills[2].level`).
    pub fn show(self, errors: Vec<FieldError>) {
        self.errors
            .set(errors.into_iter().map(|e| (e.field, e.message)).collect());
    }

    pub fn error(self, field: &'static str) -> Signal<Option<Localized>> {
        Signal::derive(move || {
            self.errors.with(|errors| {
                errors
                    .iter()
                    .find(|(f, _)| {
                        f == field
                            || f.strip_prefix(field)
                                .is_some_and(|r| r.starts_with('[') || r.starts_with('.'))
                    })
                    .map(|(_, m)| m.clone())
            })
        })
    }
}

impl ProfileForm {
    /// The error of exactly `field` (not of the fields below it).
    pub fn error_exact(self, field: &'static str) -> Signal<Option<Localized>> {
        Signal::derive(move || {
            self.errors
                .with(|e| e.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()))
        })
    }

    /// The error of the level of the skill at the index `at` gives (it moves as skills are
    /// added and removed).
    pub fn error_at(
        self,
        at: impl Fn() -> Option<usize> + Send + Sync + 'static,
    ) -> Signal<Option<Localized>> {
        Signal::derive(move || {
            let field = format!("skills[{}].level", at()?);
            self.errors
                .with(|e| e.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone()))
        })
    }
}

fn described(field: &'static str, error: Signal<Option<Localized>>) -> impl Fn() -> Option<String> {
    move || error.get().is_some().then(|| format!("{field}-error"))
}

/// A text or number input bound to one `Raw` of the profile.
#[component]
fn RawInput(
    form: ProfileForm,
    id: &'static str,
    label: (&'static str, &'static str),
    get: fn(&ResidentInput) -> &Raw,
    set: fn(&mut ResidentInput) -> &mut Raw,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] mode: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let lang = use_lang();
    let error = form.error(id);
    view! {
        <div class="field">
            <label for=id>{move || tr(lang, label.0, label.1)}</label>
            <input
                id=id
                name=id
                type=kind
                inputmode=mode
                autocomplete=autocomplete
                prop:value=move || form.profile.with(|p| get(p).0.clone())
                on:input=move |ev| form.profile.update(|p| set(p).0 = event_target_value(&ev))
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described(id, error)
            />
            <FieldErrorView id=format!("{id}-error") error=error/>
        </div>
    }
}

/// Toggles `value` in a list of `Raw`.
fn toggle(list: &mut Vec<Raw>, value: &str, on: bool) {
    list.retain(|r| r.as_str() != value);
    if on {
        list.push(value.into());
    }
}

/// My phone number (optional), on the profile page: shown to a company only once contacts open.
/// Not in the sign-up wizard, so the first download stays small.
#[component]
pub fn PhoneField(form: ProfileForm) -> impl IntoView {
    let lang = use_lang();
    view! {
        <RawInput form id="phone" label=("電話番号（なくてもかまいません）", "Phone number (optional)")
            get=|p| &p.phone set=|p| &mut p.phone kind="tel" mode="tel" autocomplete="tel"/>
        <p class="hint" data-testid="phone-privacy">{move || tr(lang,
            "電話番号は、おたがいに「興味あり」になり連絡先を伝えるときに、その企業にだけ見えます。",
            "Your phone number is shown only to a company once you are both interested and contacts open.")}</p>
    }
}

/// Step 1: my name, and where I live (a municipality of the region, or 関係人口).
#[component]
pub fn PlaceFields(form: ProfileForm, region: Region) -> impl IntoView {
    let lang = use_lang();
    let error = form.error("lives_in");
    let choice = move |value: String,
                       ja: String,
                       en: String,
                       hint: Option<(&'static str, &'static str)>| {
        let checked_value = value.clone();
        view! {
            <label class="choice">
                <input
                    type="radio"
                    name="lives_in"
                    value=value.clone()
                    prop:checked=move || form.profile.with(|p| p.lives_in.as_str() == checked_value)
                    on:change=move |_| form.profile.update(|p| p.lives_in = value.as_str().into())
                />
                <span>
                    {move || if lang.get() == domain::model::Lang::Ja { ja.clone() } else { en.clone() }}
                    {hint.map(|(hj, he)| view! { <small class="choice-hint">{move || tr(lang, hj, he)}</small> })}
                </span>
            </label>
        }
    };
    view! {
        <RawInput form id="display_name" label=("お名前（表示名）", "Your name (shown name)")
            get=|p| &p.display_name set=|p| &mut p.display_name autocomplete="nickname"/>
        <p class="hint" data-testid="name-privacy">{move || tr(lang,
            "お名前が見えるのは、おたがいに「興味あり」になった企業と推進ハブだけです。それまで企業には名前を伏せたカードで紹介します。",
            "Only a company you are both interested in, and the hub, see your name. Until then companies see your card without it.")}</p>
        <fieldset class="group" aria-describedby=described("lives_in", error)>
            <legend>{move || tr(lang, "住んでいる所", "Where you live")}</legend>
            {region.municipalities.into_iter().map(|m| {
                choice(m.id.as_str().to_owned(), m.name.ja, m.name.en, None)
            }).collect_view()}
            {choice(
                RELATED.to_owned(),
                "地域の外から手伝う（関係人口）".to_owned(),
                "I help from outside the region".to_owned(),
                Some(("離れていても、地域の仕事をリモートで手伝えます。", "You can help the region's work remotely from anywhere.")),
            )}
            <FieldErrorView id="lives_in-error".to_owned() error=error/>
        </fieldset>
    }
}

/// Step 2: what I can do, by family of the shared vocabulary, each task with its plain
/// description, an example, and the level I pick.
#[component]
pub fn SkillFields(form: ProfileForm, taxonomy: Taxonomy) -> impl IntoView {
    let lang = use_lang();
    // Errors of one skill show beside it; this is for the list as a whole.
    let error = form.error_exact("skills");
    let families = taxonomy.families.clone();
    view! {
        <p class="hint">{move || tr(lang,
            "できることを選び、どのくらいできるかを選んでください。なくても次へ進めます。",
            "Pick what you can do and how well. You can go on without any.")}</p>
        {families.into_iter().map(|family| {
            let tasks: Vec<_> = taxonomy.tasks_in(&family.id).cloned().collect();
            let fam_id = family.id.as_str().to_owned();
            let chosen = move || {
                let prefix = format!("{fam_id}.");
                form.profile.with(|p| p.skills.iter().filter(|s| s.task.as_str().starts_with(&prefix)).count())
            };
            let open_now = untrack(chosen.clone()) > 0;
            view! {
                // A family with picked tasks starts open, so a restored draft shows them.
                <details class="family" open=open_now data-testid=format!("family-{}", family.id.as_str())>
                    <summary>
                        <span class="family-name">{let n = family.name.clone(); move || pick(lang, &n)}</span>
                        {move || (chosen() > 0).then(|| view! { <span class="badge">{chosen()}</span> })}
                        <small class="family-desc">{let d = family.description.clone(); move || pick(lang, &d)}</small>
                        <span class="family-open" aria-hidden="true">{move || tr(lang, "開いて選ぶ", "Open to choose")}</span>
                    </summary>
                    {tasks.into_iter().map(|task| view! { <TaskChoice form task/> }).collect_view()}
                </details>
            }
        }).collect_view()}
        <FieldErrorView id="skills-error".to_owned() error=error/>
    }
}

#[component]
fn TaskChoice(form: ProfileForm, task: domain::vocabulary::TaskKind) -> impl IntoView {
    let lang = use_lang();
    let id = task.id.as_str().to_owned();
    let box_id = format!("task-{}", id.replace('.', "-"));
    let level_id = format!("{box_id}-level");
    let id_for_error = id.clone();
    let level_of = {
        let id = id.clone();
        move || {
            form.profile.with(|p| {
                p.skills
                    .iter()
                    .find(|s| s.task.as_str() == id)
                    .map(|s| s.level.0.clone())
            })
        }
    };
    let on_check = {
        let id = id.clone();
        move |ev| {
            let on = event_target_checked(&ev);
            form.profile.update(|p| {
                p.skills.retain(|s| s.task.as_str() != id);
                if on {
                    // No silent default: the person picks the level (the check asks if not).
                    p.skills.push(SkillInput {
                        task: id.as_str().into(),
                        level: Raw::default(),
                    });
                }
            });
        }
    };
    let levels = task.levels.clone();
    let level_of2 = level_of.clone();
    let error = form.error_at(move || {
        let id = id_for_error.clone();
        form.profile
            .with(|p| p.skills.iter().position(|s| s.task.as_str() == id))
    });
    view! {
        <div class="task">
            <label class="choice" for=box_id.clone()>
                <input type="checkbox" id=box_id.clone() value=id.clone()
                    prop:checked=move || level_of().is_some() on:change=on_check/>
                <span>
                    <strong>{let n = task.name.clone(); move || pick(lang, &n)}</strong>
                    <small class="choice-hint">{let d = task.description.clone(); move || pick(lang, &d)}</small>
                    <small class="choice-hint">{move || tr(lang, "例：", "e.g. ")}{let e = task.example.clone(); move || pick(lang, &e)}</small>
                </span>
            </label>
            {move || level_of2().map(|current| {
                let levels = levels.clone();
                let id = id.clone();
                let level_id = level_id.clone();
                view! {
                    // Radios, not a select: each level's whole text is readable, and none is
                    // chosen until the person picks one.
                    <fieldset class="level" id=level_id.clone() data-testid="level">
                        <legend>{move || tr(lang, "どのくらいできますか", "How well?")}</legend>
                        {Level::ALL.into_iter().map(|l| {
                            let code = level_code(l);
                            let text = levels.get(l).clone();
                            let label = l.label();
                            let id = id.clone();
                            view! {
                                <label class="choice">
                                    <input type="radio" name=level_id.clone() value=code checked=current == code
                                        on:change=move |_| form.profile.update(|p| {
                                            if let Some(s) = p.skills.iter_mut().find(|s| s.task.as_str() == id) {
                                                s.level = code.into();
                                            }
                                        })/>
                                    <span><strong>{let label = label.clone(); move || pick(lang, &label)}</strong>
                                        <small class="choice-hint">{move || pick(lang, &text)}</small></span>
                                </label>
                            }
                        }).collect_view()}
                        <FieldErrorView id=format!("{level_id}-error") error=error/>
                    </fieldset>
                }
            })}
        </div>
    }
}

/// Step 3: hours a week and the times I can work.
#[component]
pub fn TimeFields(form: ProfileForm) -> impl IntoView {
    let lang = use_lang();
    let error = form.error("windows");
    view! {
        <RawInput form id="hours_per_week" label=("1週間に働ける時間（時間）", "Hours a week you can work")
            get=|p| &p.hours_per_week set=|p| &mut p.hours_per_week kind="text" mode="numeric"/>
        <fieldset class="group" aria-describedby=described("windows", error)>
            <legend>{move || tr(lang, "働ける時間帯（いくつでも）", "When you can work (any number)")}</legend>
            {all_slots().map(|(d, p)| {
                let name = slot_name(d, p);
                let text = slot_label(d, p);
                let (n1, n2) = (name.clone(), name.clone());
                view! {
                    <label class="choice">
                        <input type="checkbox" name="windows" value=name.clone()
                            prop:checked=move || form.profile.with(|p| p.windows.iter().any(|w| w.as_str() == n1))
                            on:change=move |ev| { let on = event_target_checked(&ev); form.profile.update(|p| toggle(&mut p.windows, &n2, on)) }/>
                        <span>{move || pick(lang, &text)}</span>
                    </label>
                }
            }).collect_view()}
            <FieldErrorView id="windows-error".to_owned() error=error/>
        </fieldset>
    }
}

/// Step 4: the device I work on.
#[component]
pub fn DeviceFields(form: ProfileForm) -> impl IntoView {
    let lang = use_lang();
    let error = form.error("devices");
    let options = [
        (
            domain::model::Devices::Pc,
            (
                "パソコンが必要な仕事も選べます。",
                "You can also take work that needs a computer.",
            ),
        ),
        (
            domain::model::Devices::SmartphoneOnly,
            (
                "スマートフォンでできる仕事を探します。",
                "We look for work you can do on a phone.",
            ),
        ),
    ];
    view! {
        <fieldset class="group" aria-describedby=described("devices", error)>
            <legend>{move || tr(lang, "使える機器", "Your device")}</legend>
            {options.into_iter().map(|(d, (hj, he))| {
                let code = devices_code(d);
                let name = devices_label(d);
                view! {
                    <label class="choice">
                        <input type="radio" name="devices" value=code
                            prop:checked=move || form.profile.with(|p| p.devices.as_str() == code)
                            on:change=move |_| form.profile.update(|p| p.devices = code.into())/>
                        <span>{move || pick(lang, &name)}<small class="choice-hint">{move || tr(lang, hj, he)}</small></span>
                    </label>
                }
            }).collect_view()}
            <FieldErrorView id="devices-error".to_owned() error=error/>
        </fieldset>
    }
}

/// The minimum wage's guidance for a wished pay below it (the wizard's step 5).
#[component]
pub fn PayGuidance(form: ProfileForm, prefecture: u8) -> impl IntoView {
    let lang = use_lang();
    let guidance = move || {
        let today = chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64)
            .unwrap_or_default()
            .date_naive();
        form.profile
            .with(|p| wish_pay_guidance(p.wishes.min_hourly_yen.as_str(), prefecture, today))
    };
    move || {
        guidance().map(|g| view! {
            <p class="notice notice-queued" role="status" data-testid="pay-guidance">{move || pick(lang, &g)}</p>
        })
    }
}

/// Step 5: the lowest pay I accept (with the minimum wage's guidance when below it), whether a
/// team is fine, and on the profile page the kinds of work I would like (the wizard does not
/// ask for kinds of work again: step 2's skills already say it).
#[component]
pub fn WishFields(
    form: ProfileForm,
    taxonomy: Taxonomy,
    /// Ask for kinds of work (the profile page); the wizard leaves them to the skills.
    #[prop(default = true)]
    families: bool,
    /// Shown under the pay (the wizard's minimum-wage guidance; the profile page has none, so
    /// the resident area does not link the wage tables).
    #[prop(optional)]
    pay_note: Option<AnyView>,
) -> impl IntoView {
    let lang = use_lang();
    let error = form.error("wishes.families");
    let team_error = form.error("wishes.team_ok");
    view! {
        {families.then(|| view! { <fieldset class="group" aria-describedby=described("wishes.families", error)>
            <legend>{move || tr(lang, "やってみたい分野（選ばなければ全部）", "Kinds of work you would like (none: all)")}</legend>
            {taxonomy.families.into_iter().map(|f| {
                let id = f.id.as_str().to_owned();
                let (i1, i2) = (id.clone(), id.clone());
                let name = f.name;
                view! {
                    <label class="choice">
                        <input type="checkbox" name="families" value=id
                            prop:checked=move || form.profile.with(|p| p.wishes.families.iter().any(|w| w.as_str() == i1))
                            on:change=move |ev| { let on = event_target_checked(&ev); form.profile.update(|p| toggle(&mut p.wishes.families, &i2, on)) }/>
                        <span>{move || pick(lang, &name)}</span>
                    </label>
                }
            }).collect_view()}
            <FieldErrorView id="wishes.families-error".to_owned() error=error/>
        </fieldset> })}
        <RawInput form id="wishes.min_hourly_yen" label=("希望する最低の時給（円・空欄可）", "Lowest hourly pay you accept (yen, optional)")
            get=|p| &p.wishes.min_hourly_yen set=|p| &mut p.wishes.min_hourly_yen mode="numeric"/>
        {pay_note}
        <div class="field">
            <label class="choice">
                <input type="checkbox" id="wishes.team_ok" name="team_ok"
                    aria-describedby=described("wishes.team_ok", team_error)
                    prop:checked=move || form.profile.with(|p| p.wishes.team_ok.as_str() == "true")
                    on:change=move |ev| { let on = event_target_checked(&ev); form.profile.update(|p| p.wishes.team_ok = if on { "true" } else { "false" }.into()) }/>
                <span>{move || tr(lang, "チームで分担する仕事もしたい", "I am happy to work in a team")}</span>
            </label>
            <FieldErrorView id="wishes.team_ok-error".to_owned() error=team_error/>
        </div>
    }
}
