//! 仕事の切り出し: from a business need as a company would say it ("Instagramの更新が止まっている")
//! to proposed work in the shared vocabulary. Each template is an editable draft of the job form
//! (`JobInput`), so the wizard shows exactly what will be posted and the company changes any of it.
//!
//! The templates are data, not rules: they are starting points a hub coordinator would suggest.
//! `suggest` orders them for what the company typed, by plain keyword hits.

use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use crate::engagement::needs_terms;
use crate::model::{DataAccess, Localized, TaskKindId};
use crate::pay::{PayGuidance, pay_guidance, typical_pay};
use crate::validate::ValidJob;
use crate::validate::{JobInput, Raw, SkillInput};
use crate::vocabulary::{Taxonomy, YenRange};

/// Hours a week one resident usually gives to side work; a job above it is proposed as a team.
pub const ONE_PERSON_HOURS: u32 = 20;

/// One need with the work proposed for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedProposal {
    pub id: String,
    /// The need in the company's words.
    pub need: Localized,
    /// Why the work is cut this way, in one or two sentences.
    pub explain: Localized,
    /// The job form filled in; every field may be changed before posting.
    pub draft: JobInput,
    /// The usual hourly pay for the draft's tasks (the most demanding task sets it).
    pub typical_pay: Option<YenRange>,
}

struct Template {
    id: &'static str,
    need: (&'static str, &'static str),
    explain: (&'static str, &'static str),
    keywords: &'static [&'static str],
    title: &'static str,
    description: &'static str,
    tasks: &'static [(&'static str, &'static str)],
    hours_per_week: u32,
    min_hours_per_person: u32,
    windows: &'static [&'static str],
    duration_weeks: u32,
    /// (`hourly`, yen, _) or (`per_task`, yen, minutes per task).
    pay: (&'static str, u32, u32),
    data_access: &'static str,
    team_allowed: bool,
    needs_pc: bool,
}

const TEMPLATES: &[Template] = &[
    Template {
        id: "sns_stalled",
        need: (
            "Instagramの更新が止まっている",
            "Our Instagram has gone quiet",
        ),
        explain: (
            "投稿の計画・写真の加工・投稿作成に分けると、週数時間の在宅の仕事になります。公開する素材だけを扱います。",
            "Split into planning, photo editing and writing posts, it becomes a few hours a week from home, with public material only.",
        ),
        keywords: &[
            "instagram",
            "インスタ",
            "sns",
            "投稿",
            "facebook",
            "x",
            "フォロワー",
            "更新が止まっ",
        ],
        title: "Instagramの投稿づくり（週2〜3回）",
        description: "月ごとの投稿計画を一緒に決め、写真の加工と投稿文の作成・予約投稿をお願いします。素材の写真はこちらで用意します。",
        tasks: &[
            ("sns.plan", "experienced"),
            ("sns.post", "experienced"),
            ("sns.photo", "beginner"),
        ],
        hours_per_week: 6,
        min_hours_per_person: 3,
        windows: &["weekday_daytime", "weekday_evening"],
        duration_weeks: 12,
        pay: ("hourly", 1200, 0),
        data_access: "public_only",
        team_allowed: false,
        needs_pc: false,
    },
    Template {
        id: "month_end_books",
        need: (
            "月末の請求書と記帳が重い",
            "Month-end invoices and bookkeeping weigh on us",
        ),
        explain: (
            "請求書の発行・記帳・領収書の入力は手順を決めれば分担できます。社内の資料を扱うので、守秘の約束への同意が必要です。",
            "Invoicing, bookkeeping and entering receipts can be shared once the steps are written down. They touch internal material, so the resident accepts your confidentiality terms first.",
        ),
        keywords: &[
            "請求",
            "記帳",
            "経理",
            "領収書",
            "会計",
            "月末",
            "仕訳",
            "invoice",
            "bookkeeping",
            "accounting",
        ],
        title: "月末の請求書発行と記帳の補助",
        description: "会計ソフトへの記帳、請求書の作成・送付、領収書の入力をお願いします。手順書があります。月末の週は多めになります。",
        tasks: &[
            ("accounting.invoice", "experienced"),
            ("accounting.bookkeeping", "experienced"),
            ("accounting.receipts", "beginner"),
        ],
        hours_per_week: 20,
        min_hours_per_person: 5,
        windows: &["weekday_morning", "weekday_daytime"],
        duration_weeks: 24,
        pay: ("hourly", 1300, 0),
        data_access: "internal",
        team_allowed: true,
        needs_pc: true,
    },
    Template {
        id: "paper_forms",
        need: (
            "紙の申込書をデータにしたい",
            "We want our paper application forms as data",
        ),
        explain: (
            "スキャン・入力・確認の3つに分け、1件ごとの報酬にすると、多くの人で短期間に進められます。お客様の個人情報を扱うので、守秘の約束への同意が必要です。",
            "Split into scanning, entry and checking, paid per form, many people can finish it quickly. It touches your customers' personal data, so the resident accepts your confidentiality terms first.",
        ),
        keywords: &[
            "紙",
            "申込書",
            "入力",
            "データ化",
            "スキャン",
            "アンケート",
            "名簿",
            "paper",
            "form",
            "data entry",
        ],
        title: "紙の申込書のデータ入力",
        description: "スキャンした申込書を表計算の決まった形式に入力し、別の人が確認します。1件あたり約3分の見込みです。",
        tasks: &[
            ("data.scan", "beginner"),
            ("data.entry", "beginner"),
            ("data.check", "experienced"),
        ],
        hours_per_week: 40,
        min_hours_per_person: 5,
        windows: &["weekday_daytime", "weekday_evening", "weekend_daytime"],
        duration_weeks: 8,
        pay: ("per_task", 60, 3),
        data_access: "customer_personal_data",
        team_allowed: true,
        needs_pc: true,
    },
    Template {
        id: "inquiries",
        need: (
            "問い合わせのメールに返信が追いつかない",
            "We cannot keep up with customer emails",
        ),
        explain: (
            "よくある質問をまとめ、その上でメール返信を分担します。お客様の個人情報を扱います。",
            "First collect the frequent questions, then share the replies. It touches your customers' personal data.",
        ),
        keywords: &[
            "問い合わせ",
            "メール",
            "返信",
            "お客様",
            "クレーム",
            "サポート",
            "support",
            "email",
            "inquiry",
        ],
        title: "お問い合わせメールの返信",
        description: "返信の例文集をもとに、お問い合わせメールへの返信をお願いします。判断が必要なものは社内に回します。",
        tasks: &[
            ("support.email", "experienced"),
            ("support.faq", "beginner"),
        ],
        hours_per_week: 15,
        min_hours_per_person: 5,
        windows: &["weekday_daytime", "weekday_evening"],
        duration_weeks: 12,
        pay: ("hourly", 1150, 0),
        data_access: "customer_personal_data",
        team_allowed: true,
        needs_pc: true,
    },
    Template {
        id: "website_outdated",
        need: ("ホームページの情報が古いまま", "Our website is out of date"),
        explain: (
            "お知らせや商品説明の更新は、決まった手順なら週数時間の在宅の仕事です。",
            "Updating news and product texts is a few hours a week from home once the steps are set.",
        ),
        keywords: &[
            "ホームページ",
            "サイト",
            "web",
            "ウェブ",
            "hp",
            "website",
            "古い",
        ],
        title: "ホームページのお知らせ・商品情報の更新",
        description: "月数回、お知らせと商品説明を更新してください。文章の下書きもお願いします。",
        tasks: &[
            ("web.update", "experienced"),
            ("writing.product", "beginner"),
        ],
        hours_per_week: 4,
        min_hours_per_person: 2,
        windows: &["weekday_evening", "weekend_daytime"],
        duration_weeks: 8,
        pay: ("hourly", 1300, 0),
        data_access: "public_only",
        team_allowed: false,
        needs_pc: true,
    },
    Template {
        id: "ec_listing",
        need: (
            "ネットショップの商品登録が間に合わない",
            "We cannot list our shop's products fast enough",
        ),
        explain: (
            "商品登録と説明文づくりを分けると、新商品の時期だけ人を増やせます。",
            "With listing and product texts split, you add people only when new products come.",
        ),
        keywords: &[
            "ネットショップ",
            "ec",
            "商品登録",
            "通販",
            "ふるさと納税",
            "楽天",
            "shop",
            "listing",
        ],
        title: "ネットショップの商品登録と説明文",
        description: "写真と仕様をもとに商品を登録し、説明文を書いてください。",
        tasks: &[
            ("web.ec_listing", "beginner"),
            ("writing.product", "experienced"),
        ],
        hours_per_week: 10,
        min_hours_per_person: 3,
        windows: &["weekday_daytime", "weekday_evening", "weekend_daytime"],
        duration_weeks: 12,
        pay: ("hourly", 1150, 0),
        data_access: "internal",
        team_allowed: true,
        needs_pc: true,
    },
    Template {
        id: "english_guide",
        need: (
            "観光案内を英語にしたい",
            "We want our visitor guide in English",
        ),
        explain: (
            "翻訳と、別の人のチェックを組み合わせると品質が安定します。",
            "A translation plus a second person's check keeps the quality steady.",
        ),
        keywords: &[
            "英語",
            "翻訳",
            "観光",
            "外国人",
            "インバウンド",
            "多言語",
            "english",
            "translation",
        ],
        title: "観光案内の英語化",
        description: "パンフレットとホームページの観光案内を英語にし、別の方がチェックします。",
        tasks: &[
            ("translation.tourism", "experienced"),
            ("translation.check", "experienced"),
        ],
        hours_per_week: 5,
        min_hours_per_person: 2,
        windows: &["weekday_evening", "weekend_daytime", "weekend_evening"],
        duration_weeks: 8,
        pay: ("hourly", 1600, 0),
        data_access: "public_only",
        team_allowed: true,
        needs_pc: true,
    },
    Template {
        id: "office_overflow",
        need: (
            "日程調整や書類づくりに追われている",
            "Scheduling and paperwork eat our days",
        ),
        explain: (
            "日程調整・メール・書類作成はまとめて在宅の事務補助にできます。社内の資料を扱います。",
            "Scheduling, email and documents make one remote office-assistant role. It touches internal material.",
        ),
        keywords: &[
            "日程",
            "事務",
            "書類",
            "スケジュール",
            "秘書",
            "資料",
            "office",
            "schedule",
            "paperwork",
        ],
        title: "事務補助（日程調整・メール・書類作成）",
        description: "来客や会議の日程調整、定型メールの送信、書類の作成をお願いします。",
        tasks: &[
            ("office.schedule", "beginner"),
            ("office.email", "beginner"),
            ("office.documents", "experienced"),
        ],
        hours_per_week: 10,
        min_hours_per_person: 5,
        windows: &["weekday_morning", "weekday_daytime"],
        duration_weeks: 12,
        pay: ("hourly", 1100, 0),
        data_access: "internal",
        team_allowed: false,
        needs_pc: true,
    },
];

fn raw(s: impl Into<String>) -> Raw {
    Raw(s.into())
}

impl Template {
    fn draft(&self) -> JobInput {
        let (pay_kind, pay_yen, minutes) = self.pay;
        JobInput {
            title: raw(self.title),
            description: raw(self.description),
            tasks: self
                .tasks
                .iter()
                .map(|(task, level)| SkillInput {
                    task: raw(*task),
                    level: raw(*level),
                })
                .collect(),
            hours_per_week: raw(self.hours_per_week.to_string()),
            min_hours_per_person: raw(self.min_hours_per_person.to_string()),
            windows: self.windows.iter().map(|w| raw(*w)).collect(),
            duration_weeks: raw(self.duration_weeks.to_string()),
            place: raw(""),
            place_kind: raw("remote"),
            days_on_site: raw(""),
            pay_kind: raw(pay_kind),
            pay_yen: raw(pay_yen.to_string()),
            minutes_per_task: raw(if minutes > 0 {
                minutes.to_string()
            } else {
                String::new()
            }),
            who_may_apply: raw("local_and_related"),
            team_allowed: raw(self.team_allowed.to_string()),
            needs_pc: raw(self.needs_pc.to_string()),
            data_access: raw(self.data_access),
            // 末日締め翌月末日払い: the company changes it in the job form.
            closing_day: raw("end"),
            pay_months_after: raw("1"),
            pay_day: raw("end"),
        }
    }

    fn proposal(&self, taxonomy: &Taxonomy) -> NeedProposal {
        let tasks: Vec<TaskKindId> = self
            .tasks
            .iter()
            .map(|(t, _)| TaskKindId::from(*t))
            .collect();
        NeedProposal {
            id: self.id.to_owned(),
            need: Localized::new(self.need.0, self.need.1),
            explain: Localized::new(self.explain.0, self.explain.1),
            draft: self.draft(),
            typical_pay: typical_pay(taxonomy, &tasks),
        }
    }

    /// Keyword hits in what the company typed (case-insensitive, full-width folded by the caller).
    fn hits(&self, text: &str) -> usize {
        self.keywords
            .iter()
            .filter(|k| contains_keyword(text, k))
            .count()
    }
}

/// A keyword in the text. Latin keywords must stand as a word ("x" is the network X, not the
/// x of "excel" or "fax"); Japanese has no spaces, so its keywords match anywhere.
fn contains_keyword(text: &str, keyword: &str) -> bool {
    if !keyword.is_ascii() {
        return text.contains(keyword);
    }
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    text.match_indices(keyword).any(|(at, _)| {
        !is_word(text[..at].chars().next_back())
            && !is_word(text[at + keyword.len()..].chars().next())
    })
}

/// Templates with their keyword hits in `text`, best first (ties: the listed order).
fn ranked(text: &str) -> Vec<(usize, &'static Template)> {
    let text = crate::text::normalize_line(text).to_lowercase();
    let mut ranked: Vec<(usize, usize, &Template)> = TEMPLATES
        .iter()
        .enumerate()
        .map(|(i, t)| (t.hits(&text), i, t))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.into_iter().map(|(hits, _, t)| (hits, t)).collect()
}

/// Every template, the best match for `text` first (ties and no text: the listed order).
pub fn suggest(text: &str, taxonomy: &Taxonomy) -> Vec<NeedProposal> {
    ranked(text)
        .into_iter()
        .map(|(_, t)| t.proposal(taxonomy))
        .collect()
}

/// Only the templates `text` names, best first: a request may name several needs at once
/// ("the books and our Instagram"). Empty when it names none.
pub fn named_in(text: &str, taxonomy: &Taxonomy) -> Vec<NeedProposal> {
    ranked(text)
        .into_iter()
        .filter(|(hits, _)| *hits > 0)
        .map(|(_, t)| t.proposal(taxonomy))
        .collect()
}

/// One template by id.
pub fn proposal(id: &str, taxonomy: &Taxonomy) -> Option<NeedProposal> {
    TEMPLATES
        .iter()
        .find(|t| t.id == id)
        .map(|t| t.proposal(taxonomy))
}

/// What the wizard shows before posting: pay guidance (minimum wage and typical pay, computed
/// here so the app embeds no table) and what the chosen data access asks of the resident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobPreview {
    pub pay: PayGuidance,
    pub needs_terms: bool,
    pub data_access_note: Localized,
    /// More hours a week than one person offers: the work goes to a team.
    pub team_needed: bool,
    /// The pay calendar in words (毎月末日締め、翌月末日払い), as the posting will show it.
    pub pay_schedule: Localized,
}

/// The wizard's preview of a valid job in `prefecture` on `on`.
pub fn preview(job: &ValidJob, taxonomy: &Taxonomy, prefecture: u8, on: NaiveDate) -> JobPreview {
    let tasks: Vec<TaskKindId> = job.tasks.iter().map(|t| t.task.clone()).collect();
    JobPreview {
        pay: pay_guidance(taxonomy, &tasks, &job.pay, prefecture, on),
        needs_terms: needs_terms(job.data_access),
        data_access_note: data_access_note(job.data_access),
        team_needed: job.hours_per_week > ONE_PERSON_HOURS,
        pay_schedule: Localized::new(
            job.pay_schedule.text(crate::model::Lang::Ja),
            job.pay_schedule.text(crate::model::Lang::En),
        ),
    }
}

/// What each data-access level means for the people who take the work.
pub fn data_access_note(access: DataAccess) -> Localized {
    match access {
        DataAccess::PublicOnly => Localized::new(
            "公開してよい素材だけを扱います。守秘の約束への同意は不要です。",
            "Public material only: no confidentiality terms are needed.",
        ),
        DataAccess::Internal => Localized::new(
            "社内の資料を扱います。連絡先を開く前に、住民が御社の守秘の約束に同意します（日時と版を記録）。",
            "Internal material: before contacts open, the resident accepts your confidentiality terms (time and version recorded).",
        ),
        DataAccess::CustomerPersonalData => Localized::new(
            "お客様の個人情報を扱います。連絡先を開く前に、住民が御社の守秘の約束に同意します（日時と版を記録）。本人確認済み・セキュリティ講座修了の方を選ぶと安心です。",
            "Your customers' personal data: before contacts open, the resident accepts your confidentiality terms (time and version recorded). Prefer people with confirmed skills and a security course.",
        ),
    }
}

#[cfg(test)]
mod tests;
