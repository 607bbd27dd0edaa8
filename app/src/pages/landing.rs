use leptos::prelude::*;

use crate::components::figures::RegionFigures;
use crate::i18n::{tr, use_lang};

struct RoleCard {
    id: &'static str,
    title: (&'static str, &'static str),
    body: (&'static str, &'static str),
}

const ROLES: [RoleCard; 4] = [
    RoleCard {
        id: "resident",
        title: ("住民のみなさん", "Residents"),
        body: (
            "履歴書がなくても大丈夫。できること・働ける時間を選ぶだけで、地域の仕事とつながります。地域の外から応援する関係人口の方も歓迎です。",
            "No CV needed. Choose what you can do and when you can work, and meet local work. People helping from outside the region are welcome too.",
        ),
    },
    RoleCard {
        id: "company",
        title: ("企業のみなさん", "Companies"),
        body: (
            "「記帳が重い」「SNSが止まっている」をそのまま書けば、仕事の単位に切り分け、チームとバックアップまで提案します。",
            "Describe the need in your own words; musubi splits it into tasks and proposes a team with backups.",
        ),
    },
    RoleCard {
        id: "municipality",
        title: ("自治体のみなさん", "Municipalities"),
        body: (
            "講座・支援制度・コワーキングを載せ、受講から就労、1年後の継続まで地域の成果を数字で示せます。",
            "Publish courses, support schemes and coworking places, and show results from training to work still going a year later.",
        ),
    },
    RoleCard {
        id: "hub",
        title: ("推進ハブ（コーディネーター）", "Hub coordinators"),
        body: (
            "三者の言葉を翻訳し、仕事をチームに分け、定期的な声かけで続く仕事に育てます。点を面に。",
            "Translate between the three, split work into team tasks, and check in on a schedule so the work lasts.",
        ),
    },
];

#[component]
pub fn Landing() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="hero">
            <h1 data-testid="hero-title">
                {move || tr(lang, "地域の仕事を、みんなで結ぶ。", "Tying local work together.")}
            </h1>
            <p class="lead">
                {move || tr(
                    lang,
                    "musubiは、自治体・企業・住民と推進ハブがひとつのチームになり、テレワークやBPOの仕事を地域に長く根づかせるための場所です。",
                    "musubi lets a region's municipality, companies, residents and hub work as one team, so remote work and BPO become lasting local jobs.",
                )}
            </p>
        </section>
        <RegionFigures/>
        <section class="roles" aria-labelledby="roles-title">
            <h2 id="roles-title">{move || tr(lang, "4つの立場", "Four roles, one team")}</h2>
            <ul class="role-list">
                {ROLES
                    .iter()
                    .map(|role| {
                        view! {
                            <li class="role-card" data-role=role.id>
                                <h3>{move || tr(lang, role.title.0, role.title.1)}</h3>
                                <p>{move || tr(lang, role.body.0, role.body.1)}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
