//! The municipality's programs, and one course: enrolment by CSV (UTF-8 or Shift_JIS, decoded
//! in the browser; preview; progress; per-row errors naming row and field; nothing written
//! unless every row is valid; a second import of the same file adds nobody) and completion,
//! per participant or all at once, which verifies the course's task kinds.

use domain::city::{CompletionInput, EnrolmentItem};
use domain::model::{Program, ProgramKind};
use domain::validate::EnrolmentRow;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::CityNav;
use super::program_form::ProgramForm;
use crate::api::{self, ApiError};
use crate::components::form::ErrorNotice;
use crate::components::load::{LoadError, Skeleton, Tr, ymd};
use crate::i18n::{pick, tr, use_lang};

/// `/city/programs`: the region's courses, support schemes and coworking places.
#[component]
pub fn Programs() -> impl IntoView {
    let programs = LocalResource::new(api::city::programs);
    view! {
        <section class="page console">
            <CityNav current="programs"/>
            <h1><Tr ja="講座・支援制度・コワーキング" en="Courses, support schemes, coworking"/></h1>
            <ProgramForm on_created=move |_| programs.refetch()/>
            <h2><Tr ja="登録済み" en="Registered"/></h2>
            <Transition fallback=Skeleton>
                {move || Suspend::new(async move {
                    match programs.await {
                        Ok(list) => view! {
                            <ul class="plain-list" data-testid="programs">
                                {list.into_iter().map(|p| view! { <ProgramItem program=p/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <LoadError error=e retry=move || programs.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ProgramItem(program: Program) -> impl IntoView {
    let lang = use_lang();
    let name = program.name.clone();
    let detail = match &program.kind {
        ProgramKind::Course {
            starts_on,
            ends_on,
            online,
            place,
            capacity,
            ..
        } => {
            let (start, end, place, capacity) = (
                ymd(*starts_on),
                ymd(*ends_on),
                (!*online).then(|| place.clone().unwrap_or_default()),
                *capacity,
            );
            return view! {
                <ProgramCard program=program.clone()>
                    <p class="muted" data-testid="program-detail">
                        {start}"〜"{end}" · "
                        {match place {
                            None => view! { <Tr ja="オンライン" en="Online"/> }.into_any(),
                            Some(p) => view! { <Tr ja="会場: " en="Venue: "/>{p} }.into_any(),
                        }}
                        " · "<Tr ja="定員 " en="Capacity "/>{capacity}<Tr ja="人" en=" people"/>
                    </p>
                </ProgramCard>
            }
            .into_any();
        }
        ProgramKind::SupportScheme { for_whom, .. } => for_whom.clone(),
        ProgramKind::Coworking { address, .. } => address.clone(),
    };
    let _ = (lang, name);
    view! {
        <ProgramCard program=program>
            <p class="muted" data-testid="program-detail">{detail}</p>
        </ProgramCard>
    }
    .into_any()
}

/// A program in the list: its name (a course's links to its page) and its details.
#[component]
fn ProgramCard(program: Program, children: Children) -> impl IntoView {
    let lang = use_lang();
    let name = program.name.clone();
    let course = matches!(program.kind, ProgramKind::Course { .. });
    let href = format!("/city/programs/{}", program.id);
    view! {
        <li class="card" data-testid="program" data-program=program.id.to_string()>
            <h2 class="card-title">
                {if course {
                    view! { <a href=href>{move || pick(lang, &name)}</a> }.into_any()
                } else {
                    let name = name.clone();
                    view! { <span>{move || pick(lang, &name)}</span> }.into_any()
                }}
            </h2>
            {children()}
        </li>
    }
}

/// The file's bytes as text: UTF-8 when they are valid UTF-8 (a BOM is dropped), else
/// Shift_JIS (what Excel writes for Japanese on Windows). Answers the encoding it used.
async fn read_text(file: web_sys::File) -> Option<(String, &'static str)> {
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    let buffer: &js_sys::Object = buffer.unchecked_ref();
    let strict = web_sys::TextDecoderOptions::new();
    strict.set_fatal(true);
    let utf8 = web_sys::TextDecoder::new_with_label_and_options("utf-8", &strict).ok()?;
    if let Ok(text) = utf8.decode_with_buffer_source(buffer) {
        return Some((text, "UTF-8"));
    }
    let sjis = web_sys::TextDecoder::new_with_label("shift_jis").ok()?;
    Some((sjis.decode_with_buffer_source(buffer).ok()?, "Shift_JIS"))
}

/// `/city/programs/{id}`: enrolment and completion of one course.
#[component]
pub fn Course(#[prop(into)] id: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    let list = LocalResource::new(move || {
        let id = id.get();
        async move { api::city::enrolments(&id).await }
    });
    // The course by its name and dates (read from the region's programs).
    let program = LocalResource::new(move || {
        let id = id.get();
        async move {
            api::city::programs()
                .await
                .map(|l| l.into_iter().find(|p| p.id.as_str() == id))
        }
    });
    let course_name = move || {
        program
            .get()
            .and_then(Result::ok)
            .flatten()
            .map(|p| pick(lang, &p.name))
    };
    let course_dates = move || {
        program
            .get()
            .and_then(Result::ok)
            .flatten()
            .and_then(|p| match p.kind {
                ProgramKind::Course {
                    starts_on, ends_on, ..
                } => Some(format!("{}〜{}", ymd(starts_on), ymd(ends_on))),
                _ => None,
            })
    };
    view! {
        <section class="page console">
            <CityNav current="programs"/>
            <h1 data-testid="course-name">{move || course_name().unwrap_or_default()}</h1>
            <p class="muted">{move || course_dates()}" · "<Tr ja="受講者の登録と修了" en="Participants and completion"/></p>
            <CsvImport id course_name=Signal::derive(move || course_name().unwrap_or_default()) on_done=move || list.refetch()/>
            <h2><Tr ja="受講者" en="Participants"/></h2>
            <Transition fallback=Skeleton>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(l) => view! { <Participants id items=l.items/> }.into_any(),
                        Err(e) => view! { <LoadError error=e retry=move || list.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
            <Placement id/>
        </section>
    }
}

/// The cohort placement: graduates (labelled, never named) into the region's open jobs by
/// deferred acceptance, with each side's rank of the other as the reason.
#[component]
fn Placement(id: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    let run = Action::new_local(move |_: &()| {
        let id = id.get_untracked();
        async move { api::city::placement(&id).await }
    });
    view! {
        <section aria-labelledby="placement-title" class="report-block">
            <h2 id="placement-title"><Tr ja="修了者の配置（安定マッチング）" en="Placing graduates (stable matching)"/></h2>
            <p class="hint">{move || tr(lang,
                "修了者と求人の双方を適合度で順位づけし、受入れ保留方式で配置します。誰も「お互いにもっと良い相手」を持たない安定な結果です。",
                "Both sides are ranked by fit and placed by deferred acceptance: a stable result in which no graduate and job would both rather have each other.")}</p>
            <button type="button" class="button" data-testid="placement-run" disabled=move || run.pending().get()
                on:click=move |_| { run.dispatch(()); }>
                <Tr ja="配置を計算する" en="Compute the placement"/>
            </button>
            <ErrorNotice error=Signal::derive(move || run.value().get().and_then(Result::err))/>
            {move || run.value().get().and_then(Result::ok).map(|p| view! {
                <p data-testid="placement-summary" data-stable=p.stable.to_string()>
                    <Tr ja="修了者: " en="Graduates: "/>{p.graduates}
                    <Tr ja="人 · 配置: " en=" · placed: "/>{p.placed.len()}
                    " · "{move || if p.stable { tr(lang, "安定（ブロッキングペアなし）", "stable (no blocking pair)") } else { tr(lang, "不安定", "not stable") }}
                </p>
                <div class="table-scroll">
                    <table class="table" data-testid="placement">
                        <thead><tr>
                            <th scope="col"><Tr ja="修了者" en="Graduate"/></th>
                            <th scope="col"><Tr ja="求人" en="Job"/></th>
                            <th scope="col"><Tr ja="理由: 修了者の希望順位" en="Why: graduate's rank of the job"/></th>
                            <th scope="col"><Tr ja="理由: 求人の順位" en="Why: job's rank of the graduate"/></th>
                        </tr></thead>
                        <tbody>
                            {p.placed.into_iter().map(|x| view! {
                                <tr data-testid="placed" data-graduate=x.graduate.clone() data-job=x.job.to_string()>
                                    <td>{x.graduate.clone()}</td><td>{x.job_title.clone()}</td>
                                    <td>{x.graduate_rank}</td><td>{x.job_rank}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <p><Tr ja="配置なし: " en="Not placed: "/>{p.unplaced.join(", ")}</p>
            })}
        </section>
    }
}

#[component]
fn CsvImport(
    id: Signal<String>,
    course_name: Signal<String>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let text = RwSignal::new(None::<(String, &'static str)>);
    // The server reads and checks the file as an import would (the domain's parser and
    // validation, so the app carries neither), and writes nothing.
    let preview = Action::new_local(move |csv: &String| {
        let (csv, id) = (csv.clone(), id.get_untracked());
        async move { api::city::preview(&id, csv).await }
    });
    let rows = move || {
        preview
            .value()
            .get()
            .and_then(Result::ok)
            .map(|p| p.rows)
            .unwrap_or_default()
    };
    let key = RwSignal::new(api::new_idempotency_key());
    let upload = Action::new_local(move |csv: &String| {
        let (csv, id, key) = (csv.clone(), id.get_untracked(), key.get_untracked());
        async move { api::city::enrol(&id, csv, &key).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = upload.value().get() {
            on_done();
        }
    });
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        upload.value().set(None);
        preview.value().set(None);
        key.set(api::new_idempotency_key());
        leptos::task::spawn_local(async move {
            let read = read_text(file).await;
            if let Some((csv, _)) = &read {
                preview.dispatch(csv.clone());
            }
            text.set(read);
        });
    };
    let error = Signal::derive(move || {
        upload
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| preview.value().get().and_then(Result::err))
    });
    let row_errors = move || match error.get() {
        Some(ApiError::Server { fields, .. }) => fields,
        _ => Vec::new(),
    };
    let can_import = move || preview.value().get().is_some_and(|p| p.is_ok());
    // The file's rows (not its header or blank lines), also when the check refused it.
    let data_rows = move || {
        preview
            .value()
            .get()
            .and_then(Result::ok)
            .map(|p| p.rows.len())
            .or_else(|| {
                text.get().map(|(t, _)| {
                    t.lines()
                        .skip(1)
                        .filter(|l| !l.trim().trim_matches(',').is_empty())
                        .count()
                })
            })
            .unwrap_or_default()
    };
    view! {
        <section class="card" aria-labelledby="csv-title">
            <h2 id="csv-title" class="card-title"><Tr ja="CSVで受講者を登録" en="Enrol participants from a CSV file"/></h2>
            <p class="hint" id="csv-hint">{move || tr(lang,
                "見出し: 氏名, メール/電話, 講座（空欄ならこの講座）。UTF-8 と Shift_JIS に対応。同じファイルを2回取り込んでも重複しません。",
                "Headers: 氏名 (name), メール/電話 (email/phone), 講座 (course; blank = this one). UTF-8 or Shift_JIS. Importing a file twice adds nobody twice.")}</p>
            <div class="field">
                <label for="csv-file"><Tr ja="CSVファイル" en="CSV file"/></label>
                <input id="csv-file" type="file" accept=".csv,text/csv" aria-describedby="csv-hint" data-testid="csv-file" on:change=on_file/>
            </div>
            {move || text.get().map(|(_, enc)| view! {
                <p data-testid="csv-preview-summary">
                    <Tr ja="文字コード: " en="Encoding: "/><span data-testid="csv-encoding">{enc}</span>
                    " · "<Tr ja="行数: " en="Rows: "/><span data-testid="csv-rows">{move || data_rows()}</span>
                </p>
            })}
            <Show when=can_import>
                <div class="table-scroll">
                    <table class="table" data-testid="csv-preview">
                        <caption><Tr ja="取り込む前の確認" en="Preview before importing"/></caption>
                        <thead><tr>
                            <th scope="col"><Tr ja="行" en="Row"/></th>
                            <th scope="col"><Tr ja="氏名" en="Name"/></th>
                            <th scope="col"><Tr ja="メール/電話" en="Email/phone"/></th>
                            <th scope="col"><Tr ja="講座" en="Course"/></th>
                        </tr></thead>
                        <tbody>
                            {move || rows().into_iter().take(50).map(|r: EnrolmentRow| view! {
                                <tr><td>{r.line}</td><td>{r.name.0}</td><td>{r.contact.0}</td>
                                    <td>{if r.course.0.trim().is_empty() { course_name.get() } else { r.course.0 }}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <button type="button" class="button" data-testid="csv-import" disabled=move || upload.pending().get()
                    on:click=move |_| { if let Some((t, _)) = text.get_untracked() { upload.dispatch(t); } }>
                    <Tr ja="この内容で取り込む" en="Import these rows"/>
                </button>
            </Show>
            <div class="field" aria-live="polite">
                {move || (upload.pending().get() || upload.value().get().is_some()).then(|| view! {
                    <label for="csv-progress"><Tr ja="進み具合" en="Progress"/></label>
                    <progress id="csv-progress" data-testid="csv-progress" max="1"
                        value=move || (!upload.pending().get()).then_some("1")></progress>
                })}
            </div>
            {move || upload.value().get().and_then(Result::ok).map(|r| view! {
                <p class="notice notice-ok" role="status" data-testid="csv-result">
                    <Tr ja="取り込みました。新しく登録: " en="Imported. New: "/><span data-testid="csv-created">{r.created}</span>
                    <Tr ja="人、登録済み: " en=", already enrolled: "/><span data-testid="csv-unchanged">{r.unchanged}</span>
                    <Tr ja="人" en=""/>
                </p>
            })}
            <ErrorNotice error=error/>
            <ul class="row-errors" data-testid="csv-errors">
                {move || row_errors().into_iter().map(|f| {
                    let m = f.message.clone();
                    view! { <li data-field=f.field.clone()>{move || pick(lang, &m)}</li> }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Participants(id: Signal<String>, items: Vec<EnrolmentItem>) -> impl IntoView {
    let chosen = RwSignal::new(Vec::<String>::new());
    let all: Vec<String> = items
        .iter()
        .filter(|i| i.linked)
        .map(|i| i.enrolment.clone())
        .collect();
    // One intent per button: resending after no answer is the same request (same key); an
    // answer ends the intent (`api::Intent`).
    let (chosen_intent, all_intent) = (api::Intent::new(), api::Intent::new());
    let complete = Action::new_local(move |(enrolments, intent): &(Vec<String>, api::Intent)| {
        let input = CompletionInput {
            residents: Vec::new(),
            enrolments: enrolments.clone(),
        };
        let (id, intent) = (id.get_untracked(), *intent);
        async move {
            intent
                .send(|key| async move { api::city::complete(&id, &input, &key).await })
                .await
        }
    });
    let error = Signal::derive(move || complete.value().get().and_then(Result::err));
    let count = items.len();
    // Completion needs someone to complete: nobody has accepted the course yet, no button.
    let nobody = all.is_empty();
    view! {
        <p class="muted" data-testid="participant-count">{count}<Tr ja="人" en=" people"/></p>
        <ul class="plain-list participants" data-testid="participants">
            {items.into_iter().map(|i| {
                let box_id = format!("done-{}", i.enrolment.chars().take(12).collect::<String>());
                let reference = i.enrolment.clone();
                view! {
                    <li data-testid="participant">
                        <input type="checkbox" id=box_id.clone() disabled=!i.linked
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let r = reference.clone();
                                chosen.update(|c| { c.retain(|x| *x != r); if on { c.push(r); } });
                            }/>
                        <label for=box_id>{i.name.clone()}" ("{i.contact.clone()}")"
                            {(!i.linked).then(|| view! { " — "<Tr ja="本人の受講承諾待ち" en="waiting for the person to accept"/> })}
                        </label>
                    </li>
                }
            }).collect_view()}
        </ul>
        {nobody.then(|| view! {
            <p class="hint" data-testid="no-completion"><Tr ja="修了にできる受講者（musubiに登録済みの人）がまだいません。CSVで受講者を登録すると修了を記録できます。" en="No participant with a musubi account yet: enrol participants from a CSV file to record completion."/></p>
        })}
        <div class="toolbar" hidden=nobody>
            <button type="button" class="button" data-testid="complete-selected" disabled=move || complete.pending().get() || chosen.with(Vec::is_empty)
                on:click=move |_| { complete.dispatch((chosen.get_untracked(), chosen_intent)); }>
                <Tr ja="選んだ人を修了にする" en="Mark the chosen as completed"/>
            </button>
            <button type="button" class="button button-secondary" data-testid="complete-all" disabled=move || complete.pending().get()
                on:click=move |_| { complete.dispatch((all.clone(), all_intent)); }>
                <Tr ja="全員を修了にする" en="Mark everyone as completed"/>
            </button>
        </div>
        {move || complete.value().get().and_then(Result::ok).map(|r| view! {
            <p class="notice notice-ok" role="status" data-testid="completion-result">
                <Tr ja="修了を記録し、スキルを認定しました: " en="Completion recorded, skills verified: "/>
                <span data-testid="verified-count">{r.verified.len()}</span><Tr ja="人" en=" people"/>
            </p>
        })}
        <ErrorNotice error=error/>
    }
}
