use leptos::prelude::*;

use crate::components::figures::RegionFigures;
use crate::i18n::{t, tr, use_lang};

struct RoleCard {
    id: &'static str,
    /// Where the role's card leads: sign-up or registration, or the log-in for roles that are
    /// given their account (the hub and the municipality's staff).
    href: &'static str,
    title: (&'static str, &'static str),
    body: (&'static str, &'static str),
}

const ROLES: [RoleCard; 4] = [
    RoleCard {
        id: "resident",
        href: "/start",
        title: ("住民のみなさん", "Residents"),
        body: (
            "履歴書がなくても大丈夫。できること・働ける時間を選ぶだけで、地域の仕事とつながります。地域の外から応援する関係人口の方も歓迎です。",
            "No CV needed. Choose what you can do and when you can work, and meet local work. People helping from outside the region are welcome too.",
        ),
    },
    RoleCard {
        id: "company",
        href: "/company/register",
        title: ("企業のみなさん", "Companies"),
        body: (
            "「記帳が重い」「SNSが止まっている」をそのまま書けば、仕事の単位に切り分け、チームとバックアップまで提案します。",
            "Describe the need in your own words; musubi splits it into tasks and proposes a team with backups.",
        ),
    },
    RoleCard {
        id: "municipality",
        href: "/login",
        title: ("自治体のみなさん", "Municipalities"),
        body: (
            "講座・支援制度・コワーキングを載せ、受講から就労、1年後の継続まで地域の成果を数字で示せます。",
            "Publish courses, support schemes and coworking places, and show results from training to work still going a year later.",
        ),
    },
    RoleCard {
        id: "hub",
        href: "/login",
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
        <FrontDoor/>
        <RegionFigures/>
        <section class="roles" aria-labelledby="roles-title">
            <h2 id="roles-title">{move || tr(lang, "4つの立場", "Four roles, one team")}</h2>
            <ul class="role-list">
                {ROLES
                    .iter()
                    .map(|role| {
                        view! {
                            <li class="role-card" data-role=role.id>
                                <h3><a href=role.href>{move || tr(lang, role.title.0, role.title.1)}</a></h3>
                                <p>{move || tr(lang, role.body.0, role.body.1)}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// The way in for every role: residents sign up (with or without a course's invite code),
/// companies register, and everyone who has an account logs in.
#[component]
fn FrontDoor() -> impl IntoView {
    view! {
        <nav class="front-door" aria-label=t("はじめる", "Get started")>
            <a class="button" href="/start" data-testid="signup">
                {t("住民の方：登録して仕事を探す", "Residents: sign up and find work")}
            </a>
            <a class="button button-secondary" href="/start?invite=1" data-testid="signup-invite">
                {t("講座の招待コードで登録する", "Sign up with an invite code from a course")}
            </a>
            <a class="button button-secondary" href="/company/register" data-testid="company-register">
                {t("企業の方：会社を登録する", "Companies: register your company")}
            </a>
            <p class="front-door-login">
                {t("登録済みの方（住民・企業・推進ハブ・自治体）は ", "Already have an account (resident, company, hub, municipality)? ")}
                <a href="/login" data-testid="front-login">{t("ログイン", "Log in")}</a>
            </p>
        </nav>
    }
}
