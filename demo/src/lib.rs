//! A plausible, deterministic demo region「みどり圏域」(長野県, prefecture 20): municipalities,
//! courses, support schemes, coworking places, companies with jobs, and residents.
//!
//! Everything follows from [`DemoConfig::seed`]. Residents are generated one at a time from their
//! own random stream ([`SplitMix64::for_item`]), so [`DemoRegion::resident`] is O(1) and a million
//! can be streamed without holding them; adding residents never changes the earlier ones.
//! Task ids come from the shared vocabulary ([`Taxonomy::builtin`]).
//!
//! Ids: region `midori`; municipality `midori-<romaji>`; program `course-…` / `scheme-…` /
//! `cowork-…`; company `co-000`; job `job-000-0`; resident `res-0000000` (zero-padded, so id
//! order is index order).

pub mod history;
pub mod rng;

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};

use crate::rng::SplitMix64;
use domain::model::{
    CloseReason, Company, CompanyId, CompanySize, DataAccess, Devices, FamilyId, Job, JobClosure,
    JobId, JobStatus, Level, Localized, Municipality, MunicipalityId, Pay, Program, ProgramId,
    ProgramKind, RegionId, Residency, Resident, ResidentId, SkillClaim, TaskKindId,
    TaskRequirement, TimeWindows, TrackRecord, UserId, Verification, WhoMayApply, Wishes,
    WorkPlace,
};
use domain::vocabulary::Taxonomy;

pub const REGION_ID: &str = "midori";
pub const PREFECTURE_NAGANO: u8 = 20;

/// Streams of [`SplitMix64::for_item`], one per kind of generated thing.
const STREAM_REGION: u64 = 1;
const STREAM_COMPANY: u64 = 2;
const STREAM_RESIDENT: u64 = 3;
const STREAM_JOBS: u64 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoConfig {
    pub seed: u64,
    /// 50 to 1,000,000 work well.
    pub residents: usize,
    pub companies: usize,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            seed: 20,
            residents: 300,
            companies: 24,
        }
    }
}

/// (id suffix, name, romaji, population weight)
const MUNICIPALITIES: [(&str, &str, &str, u32); 8] = [
    ("midorikawa", "緑川市", "Midorikawa City", 40),
    ("aoba", "青葉町", "Aoba Town", 18),
    ("yamabuki", "山吹村", "Yamabuki Village", 7),
    ("shirakaba", "白樺町", "Shirakaba Town", 14),
    ("asagiri", "朝霧村", "Asagiri Village", 6),
    ("takahara", "高原町", "Takahara Town", 12),
    ("kirigamine", "霧ヶ峰村", "Kirigamine Village", 5),
    ("chikuma", "千曲川町", "Chikumagawa Town", 10),
];

const FAMILY_NAMES: [&str; 44] = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
    "木村",
    "林",
    "清水",
    "山崎",
    "中島",
    "池田",
    "阿部",
    "橋本",
    "山下",
    "森",
    "石川",
    "前田",
    "小川",
    "藤田",
    "岡田",
    "後藤",
    "村上",
    "近藤",
    "宮沢",
    "丸山",
    "小池",
    "滝沢",
    "北沢",
    "柳沢",
    "百瀬",
    "竹内",
    "中沢",
    "上条",
];
const GIVEN_NAMES: [&str; 40] = [
    "花子",
    "陽子",
    "美咲",
    "由美",
    "恵子",
    "さくら",
    "結衣",
    "真由美",
    "千尋",
    "裕子",
    "直美",
    "彩",
    "葵",
    "智子",
    "和子",
    "明美",
    "奈々",
    "里美",
    "優子",
    "ひかり",
    "翔太",
    "健太",
    "大輔",
    "拓也",
    "誠",
    "浩二",
    "隆",
    "修",
    "和也",
    "亮",
    "悠斗",
    "蓮",
    "大樹",
    "健一",
    "茂",
    "正人",
    "直樹",
    "悟",
    "哲也",
    "光",
];

/// (name stem, industry, name endings)
const INDUSTRIES: [(&str, [&str; 3]); 9] = [
    ("観光・宿泊", ["旅館", "リゾートホテル", "観光"]),
    ("農業", ["農園", "ファーム", "果樹園"]),
    ("食品製造", ["味噌", "酒造", "食品"]),
    ("製造業", ["精密", "工業", "製作所"]),
    ("小売", ["商店", "ストア", "物産"]),
    ("IT・Web", ["デジタル", "システムズ", "ネット"]),
    ("医療・福祉", ["ケアサービス", "福祉会", "メディカル"]),
    ("建設", ["建設", "工務店", "住建"]),
    ("運輸", ["運輸", "物流", "交通"]),
];
const COMPANY_STEMS: [&str; 16] = [
    "みどり",
    "緑川",
    "青葉",
    "山吹",
    "白樺",
    "朝霧",
    "高原",
    "信州",
    "千曲",
    "霧ヶ峰",
    "あずみ",
    "ほたる",
    "雪割",
    "こもれび",
    "さくら",
    "やまびこ",
];

/// A job template: title, tasks with levels, weekly hours, min hours per person, needs a PC,
/// on site, and the industries (by index into INDUSTRIES) that post it.
struct JobTemplate {
    title: &'static str,
    description: &'static str,
    tasks: &'static [(&'static str, Level)],
    hours: u32,
    min_hours: u32,
    needs_pc: bool,
    on_site: bool,
    industries: &'static [usize],
}

const JOB_TEMPLATES: [JobTemplate; 14] = [
    JobTemplate {
        title: "SNS投稿の作成と運用",
        description: "季節の情報を写真と短い文で週3回発信します。",
        tasks: &[
            ("sns.post", Level::Experienced),
            ("sns.photo", Level::Beginner),
        ],
        hours: 8,
        min_hours: 4,
        needs_pc: false,
        on_site: false,
        industries: &[0, 1, 2, 4],
    },
    JobTemplate {
        title: "受注データの入力",
        description: "FAXや注文書の内容を販売管理の画面に入力します。",
        tasks: &[
            ("data.entry", Level::Beginner),
            ("data.check", Level::Beginner),
        ],
        hours: 15,
        min_hours: 5,
        needs_pc: true,
        on_site: false,
        industries: &[2, 3, 4, 8],
    },
    JobTemplate {
        title: "請求書発行と入金確認",
        description: "月末の請求書を作り、入金を確かめます。",
        tasks: &[
            ("accounting.invoice", Level::Experienced),
            ("accounting.payments", Level::Beginner),
        ],
        hours: 10,
        min_hours: 5,
        needs_pc: true,
        on_site: false,
        industries: &[3, 7, 8],
    },
    JobTemplate {
        title: "ネットショップの商品登録",
        description: "新商品の写真と説明文を通販サイトに登録します。",
        tasks: &[
            ("web.ec_listing", Level::Beginner),
            ("writing.product", Level::Experienced),
        ],
        hours: 10,
        min_hours: 4,
        needs_pc: true,
        on_site: false,
        industries: &[1, 2, 4],
    },
    JobTemplate {
        title: "ふるさと納税返礼品の登録",
        description: "返礼品の情報をポータルサイトに登録・更新します。",
        tasks: &[
            ("web.furusato", Level::Beginner),
            ("writing.product", Level::Beginner),
        ],
        hours: 6,
        min_hours: 3,
        needs_pc: true,
        on_site: false,
        industries: &[1, 2],
    },
    JobTemplate {
        title: "観光案内の英訳",
        description: "宿の案内や観光パンフレットを英語にします。",
        tasks: &[
            ("translation.ja_en", Level::Experienced),
            ("translation.tourism", Level::Beginner),
        ],
        hours: 6,
        min_hours: 3,
        needs_pc: true,
        on_site: false,
        industries: &[0],
    },
    JobTemplate {
        title: "問い合わせメール対応",
        description: "予約や商品に関するメールに、決まった手順で返信します。",
        tasks: &[
            ("support.email", Level::Beginner),
            ("support.faq", Level::Beginner),
        ],
        hours: 12,
        min_hours: 6,
        needs_pc: true,
        on_site: false,
        industries: &[0, 4, 5],
    },
    JobTemplate {
        title: "チラシとバナーの制作",
        description: "イベントのチラシとウェブ用バナーを作ります。",
        tasks: &[
            ("design.flyer", Level::Experienced),
            ("design.banner", Level::Experienced),
        ],
        hours: 8,
        min_hours: 4,
        needs_pc: true,
        on_site: false,
        industries: &[0, 4, 7],
    },
    JobTemplate {
        title: "会議の文字起こしと議事録",
        description: "録音から文字を起こし、議事録にまとめます。",
        tasks: &[
            ("data.transcription", Level::Beginner),
            ("office.minutes", Level::Experienced),
        ],
        hours: 6,
        min_hours: 3,
        needs_pc: true,
        on_site: false,
        industries: &[3, 6, 7],
    },
    JobTemplate {
        title: "営業リストの作成",
        description: "ネットで取引先候補を調べ、一覧にまとめます。",
        tasks: &[
            ("research.list", Level::Beginner),
            ("research.web", Level::Beginner),
        ],
        hours: 10,
        min_hours: 5,
        needs_pc: true,
        on_site: false,
        industries: &[3, 5, 8],
    },
    JobTemplate {
        title: "ショート動画の編集",
        description: "撮影した素材を短い動画にまとめ、字幕を入れます。",
        tasks: &[
            ("video.short", Level::Experienced),
            ("video.subtitles", Level::Beginner),
        ],
        hours: 8,
        min_hours: 4,
        needs_pc: true,
        on_site: false,
        industries: &[0, 1, 5],
    },
    JobTemplate {
        title: "シニア向けスマホ教室の講師",
        description: "公民館でスマホの使い方を教えます。",
        tasks: &[("teaching.smartphone", Level::CanTeach)],
        hours: 4,
        min_hours: 2,
        needs_pc: false,
        on_site: true,
        industries: &[5, 6],
    },
    JobTemplate {
        title: "ホームページの更新",
        description: "お知らせやメニューをホームページに反映します。",
        tasks: &[("web.update", Level::Beginner)],
        hours: 4,
        min_hours: 2,
        needs_pc: true,
        on_site: false,
        industries: &[0, 6, 7],
    },
    JobTemplate {
        title: "データ入力とSNS運用（チーム）",
        description: "受注入力とSNSの発信・返信を数人で分担します。",
        tasks: &[
            ("data.entry", Level::Beginner),
            ("sns.post", Level::Experienced),
            ("sns.reply", Level::Beginner),
        ],
        hours: 40,
        min_hours: 8,
        needs_pc: true,
        on_site: false,
        industries: &[0, 2, 4],
    },
];

/// (course id suffix, name, English name, tasks it certifies, online)
/// The id (after `course-`) of the demo's security course.
pub const SECURITY_COURSE: &str = "security";

const COURSES: [(&str, &str, &str, &[&str], bool); 8] = [
    (
        "sns",
        "SNS発信講座",
        "Social media course",
        &["sns.post", "sns.photo", "sns.plan"],
        true,
    ),
    (
        "data",
        "データ入力基礎講座",
        "Data entry basics",
        &["data.entry", "data.check", "data.scan"],
        false,
    ),
    (
        "accounting",
        "はじめての経理講座",
        "Bookkeeping for beginners",
        &[
            "accounting.bookkeeping",
            "accounting.invoice",
            "accounting.receipts",
        ],
        false,
    ),
    (
        "ec",
        "ネットショップ運営講座",
        "Running an online shop",
        &["web.ec_listing", "web.ec_orders", "writing.product"],
        true,
    ),
    (
        "translation",
        "観光英語翻訳講座",
        "Tourism translation",
        &["translation.ja_en", "translation.tourism"],
        true,
    ),
    (
        "support",
        "カスタマーサポート講座",
        "Customer support course",
        &["support.email", "support.chat", "support.faq"],
        true,
    ),
    (
        "video",
        "スマホで動画編集講座",
        "Video editing on a phone",
        &["video.cut", "video.short", "video.subtitles"],
        false,
    ),
    // The security course (`Program::security_course`): confidentiality and handling of
    // customers' data; it also confirms careful data checking.
    (
        SECURITY_COURSE,
        "情報セキュリティと守秘の基礎講座",
        "Information security and confidentiality basics",
        &["data.check"],
        true,
    ),
];

/// Hours a week residents offer, weighted.
const HOURS: [(u32, u32); 9] = [
    (5, 10),
    (8, 12),
    (10, 20),
    (12, 10),
    (15, 12),
    (20, 15),
    (25, 6),
    (30, 8),
    (40, 7),
];

/// Typical weeks: (time windows, weight). Bits: weekday morning, daytime, evening, night, then
/// the same for weekends.
const WINDOW_PATTERNS: [(u8, u32); 6] = [
    (0b0000_0011, 25), // 子育て中: weekday mornings and daytime
    (0b0010_1100, 22), // 会社員の副業: weekday evenings and nights, weekend daytime
    (0b0001_0011, 15), // シニア: weekday mornings and daytime, weekend mornings
    (0b0000_0111, 18), // weekdays until the evening
    (0b1000_1000, 8),  // night owls
    (0b0011_0011, 12), // mornings and daytime all week
];

fn utc(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The demo region, its programs, companies and jobs; residents on demand.
#[derive(Debug, Clone)]
pub struct DemoRegion {
    config: DemoConfig,
    region: domain::model::Region,
    /// Population weights of the region's municipalities, by position.
    weights: Vec<(usize, u32)>,
    programs: Vec<Program>,
    companies: Vec<Company>,
    jobs: Vec<Job>,
    /// Every task of the vocabulary, grouped by family.
    families: Vec<(FamilyId, Vec<TaskKindId>)>,
}

impl DemoRegion {
    pub fn new(config: DemoConfig) -> Self {
        let mut rng = SplitMix64::for_item(config.seed, STREAM_REGION, 0);
        let region = make_region(&mut rng);
        let weights = region
            .municipalities
            .iter()
            .enumerate()
            .map(|(i, m)| (i, population_weight(&m.id)))
            .collect();
        let programs = make_programs(&region);
        let companies: Vec<Company> = (0..config.companies)
            .map(|i| make_company(config.seed, i, &region))
            .collect();
        let jobs = companies
            .iter()
            .enumerate()
            .flat_map(|(i, c)| make_jobs(config.seed, i, c, &region))
            .collect();
        DemoRegion {
            config,
            region,
            weights,
            programs,
            companies,
            jobs,
            families: vocabulary_families(),
        }
    }

    pub fn config(&self) -> DemoConfig {
        self.config
    }

    pub fn region(&self) -> domain::model::Region {
        self.region.clone()
    }

    pub fn programs(&self) -> Vec<Program> {
        self.programs.clone()
    }

    pub fn companies(&self) -> Vec<Company> {
        self.companies.clone()
    }

    pub fn jobs(&self) -> Vec<Job> {
        self.jobs.clone()
    }

    pub fn len(&self) -> usize {
        self.config.residents
    }

    pub fn is_empty(&self) -> bool {
        self.config.residents == 0
    }

    /// Resident `i` (any `i`, also past `len`), from its own random stream.
    pub fn resident(&self, i: usize) -> Resident {
        let mut rng = SplitMix64::for_item(self.config.seed, STREAM_RESIDENT, i as u64);
        let related = rng.chance(15);
        let municipality = if related {
            None
        } else {
            rng.weighted(&self.weights)
                .and_then(|m| self.region.municipalities.get(*m))
                .map(|m| m.id.clone())
        };
        let skills = self.skills(&mut rng);
        let families = primary_family(&skills).into_iter().collect();
        Resident {
            id: ResidentId(format!("res-{i:07}")),
            region_id: self.region.id.clone(),
            residency: if related {
                Residency::Related
            } else {
                Residency::Local
            },
            municipality_id: municipality,
            display_name: japanese_name(&mut rng),
            phone: None,
            skills,
            hours_per_week: *rng.weighted(&HOURS).unwrap_or(&10),
            windows: windows(&mut rng, related),
            devices: if rng.chance(82) {
                Devices::Pc
            } else {
                Devices::SmartphoneOnly
            },
            wishes: Wishes {
                families,
                min_hourly_yen: rng.chance(55).then(|| 1100 + 50 * rng.below(8) as u32),
                team_ok: rng.chance(60),
            },
            track: track(&mut rng),
            created_at: utc(2025, 4, 1) + Days::new(rng.below(540)),
        }
    }

    pub fn residents(&self) -> impl Iterator<Item = Resident> + '_ {
        (0..self.config.residents).map(|i| self.resident(i))
    }

    /// The hub's identity checks of the demo: every fourth resident, by the demo coordinator,
    /// with the documents people usually bring (no random draw, so residents stay as they are).
    pub fn identity_checks(&self) -> Vec<domain::trust::IdentityCheck> {
        use domain::trust::{IdentityCheck, IdentityMethod};
        (0..self.config.residents)
            .step_by(4)
            .map(|i| IdentityCheck {
                resident: ResidentId(format!("res-{i:07}")),
                method: [
                    IdentityMethod::MyNumberCard,
                    IdentityMethod::DriversLicence,
                    IdentityMethod::MyNumberCard,
                    IdentityMethod::Passport,
                ][i / 4 % 4],
                by: UserId::from("hub-midori-1"),
                at: utc(2026, 2, 2) + Days::new((i / 4 % 60) as u64),
            })
            .collect()
    }

    /// Who finished the demo's security course: every sixth resident.
    pub fn security_completions(&self) -> Vec<domain::trust::SecurityCourseDone> {
        let program = ProgramId(format!("course-{SECURITY_COURSE}"));
        let ends = self
            .programs
            .iter()
            .find(|p| p.id == program)
            .and_then(|p| match &p.kind {
                ProgramKind::Course { ends_on, .. } => ends_on.and_hms_opt(17, 0, 0),
                _ => None,
            })
            .map(|t| t.and_utc())
            .unwrap_or_default();
        (0..self.config.residents)
            .step_by(6)
            .map(|i| domain::trust::SecurityCourseDone {
                resident: ResidentId(format!("res-{i:07}")),
                program: program.clone(),
                by: UserId::from("city-demo"),
                at: ends,
            })
            .collect()
    }

    /// One to three tasks of a main family, sometimes one more from another; 1 in 10 has none.
    fn skills(&self, rng: &mut SplitMix64) -> Vec<SkillClaim> {
        if rng.chance(10) || self.families.is_empty() {
            return Vec::new();
        }
        let mut tasks: Vec<TaskKindId> = Vec::new();
        let main = self.pick_family(rng);
        for _ in 0..rng.range(1, 3) {
            if let Some(t) = rng.pick(&main.1) {
                tasks.push(t.clone());
            }
        }
        if rng.chance(30) {
            let other = self.pick_family(rng);
            if let Some(t) = rng.pick(&other.1) {
                tasks.push(t.clone());
            }
        }
        tasks.sort();
        tasks.dedup();
        tasks
            .into_iter()
            .map(|task| self.claim(rng, task))
            .collect()
    }

    fn pick_family(&self, rng: &mut SplitMix64) -> &(FamilyId, Vec<TaskKindId>) {
        let i = rng.below(self.families.len() as u64) as usize;
        &self.families[i.min(self.families.len() - 1)]
    }

    fn claim(&self, rng: &mut SplitMix64, task: TaskKindId) -> SkillClaim {
        let level = *rng
            .weighted(&[
                (Level::Beginner, 45),
                (Level::Experienced, 40),
                (Level::CanTeach, 15),
            ])
            .unwrap_or(&Level::Beginner);
        let course = self.programs.iter().find_map(|p| match &p.kind {
            ProgramKind::Course {
                certifies, ends_on, ..
            } if certifies.contains(&task) => Some((p.id.clone(), *ends_on)),
            _ => None,
        });
        let verification = match course {
            Some((program, ends_on)) if rng.chance(35) => Some(Verification::Course {
                program,
                at: ends_on
                    .and_hms_opt(17, 0, 0)
                    .map(|t| t.and_utc())
                    .unwrap_or_default(),
            }),
            _ if rng.chance(8) => Some(Verification::Hub {
                coordinator: UserId::from("hub-midori-1"),
                note: "試行作業の成果物を確認".to_owned(),
                at: utc(2026, 1, 15) + Days::new(rng.below(120)),
            }),
            _ => None,
        };
        SkillClaim {
            task,
            level,
            verification,
        }
    }
}

fn vocabulary_families() -> Vec<(FamilyId, Vec<TaskKindId>)> {
    let tax = Taxonomy::builtin();
    tax.families
        .iter()
        .map(|f| {
            let tasks = tax.tasks_in(&f.id).map(|t| t.id.clone()).collect();
            (f.id.clone(), tasks)
        })
        .filter(|(_, tasks): &(FamilyId, Vec<TaskKindId>)| !tasks.is_empty())
        .collect()
}

fn primary_family(skills: &[SkillClaim]) -> Option<FamilyId> {
    let task = skills.first()?;
    let family = task.task.as_str().split('.').next()?;
    Some(FamilyId::from(family))
}

fn japanese_name(rng: &mut SplitMix64) -> String {
    let family = rng.pick(&FAMILY_NAMES).copied().unwrap_or("佐藤");
    let given = rng.pick(&GIVEN_NAMES).copied().unwrap_or("花子");
    format!("{family} {given}")
}

/// 関係人口 mostly work evenings and weekends, from their own jobs elsewhere.
fn windows(rng: &mut SplitMix64, related: bool) -> TimeWindows {
    let base = if related && rng.chance(60) {
        0b0010_1100
    } else {
        *rng.weighted(&WINDOW_PATTERNS).unwrap_or(&0b0000_0011)
    };
    let extra = if rng.chance(30) {
        1u8 << rng.below(8)
    } else {
        0
    };
    TimeWindows(base | extra)
}

fn track(rng: &mut SplitMix64) -> TrackRecord {
    let finished = *rng
        .weighted(&[(0u32, 60), (1, 20), (2, 10), (3, 6), (5, 4)])
        .unwrap_or(&0);
    let renewed = if finished > 0 {
        rng.below(u64::from(finished / 2) + 1) as u32
    } else {
        0
    };
    let active = *rng.weighted(&[(0u32, 70), (1, 25), (2, 5)]).unwrap_or(&0);
    let checkins_total = (finished + active) * 3;
    TrackRecord {
        finished,
        renewed,
        active,
        checkins_total,
        checkins_on_time: checkins_total.saturating_sub(rng.below(2) as u32),
        // Reviews of the finished work (no random draw, so the other values stay as they were).
        reviews: finished,
        rating_total: 4 * finished + renewed.min(finished),
    }
}

fn population_weight(id: &MunicipalityId) -> u32 {
    MUNICIPALITIES
        .iter()
        .find(|m| id.as_str().ends_with(m.0))
        .map_or(1, |m| m.3)
}

/// The city always, then 3 to 5 of the towns and villages.
fn make_region(rng: &mut SplitMix64) -> domain::model::Region {
    let mut others: Vec<usize> = (1..MUNICIPALITIES.len()).collect();
    // Fisher–Yates with our own stream, so the choice is the same everywhere.
    for i in (1..others.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        others.swap(i, j);
    }
    let count = rng.range(3, 5) as usize;
    let mut chosen = vec![0];
    chosen.extend(others.into_iter().take(count));
    chosen.sort_unstable();
    domain::model::Region {
        id: RegionId::from(REGION_ID),
        name: Localized::new("みどり圏域", "Midori area"),
        prefecture: PREFECTURE_NAGANO,
        municipalities: chosen
            .into_iter()
            .map(|i| {
                let (id, ja, en, _) = MUNICIPALITIES[i];
                Municipality {
                    id: MunicipalityId(format!("{REGION_ID}-{id}")),
                    name: Localized::new(ja, en),
                }
            })
            .collect(),
    }
}

fn municipality_at(region: &domain::model::Region, i: usize) -> &Municipality {
    &region.municipalities[i % region.municipalities.len()]
}

fn make_programs(region: &domain::model::Region) -> Vec<Program> {
    let mut out: Vec<Program> = COURSES
        .iter()
        .enumerate()
        .map(|(i, (id, ja, en, tasks, online))| {
            let m = municipality_at(region, i);
            let starts_on = date(2025, 6, 1) + Days::new(45 * i as u64);
            Program {
                id: ProgramId(format!("course-{id}")),
                region_id: region.id.clone(),
                municipality_id: m.id.clone(),
                name: Localized::new(*ja, *en),
                description: Localized::new(
                    format!(
                        "{ja}（全6回）。修了すると対象の作業が「講座修了で確認済み」になります。"
                    ),
                    format!("{en} (6 sessions). Completing it verifies its tasks."),
                ),
                kind: ProgramKind::Course {
                    certifies: tasks.iter().map(|t| TaskKindId::from(*t)).collect(),
                    starts_on,
                    ends_on: starts_on + Days::new(42),
                    online: *online,
                    place: (!online).then(|| format!("{}公民館", m.name.ja)),
                    capacity: 20,
                },
                security_course: *id == SECURITY_COURSE,
            }
        })
        .collect();
    out.extend(support_schemes(region));
    out.extend(coworking(region));
    out
}

fn support_schemes(region: &domain::model::Region) -> Vec<Program> {
    let schemes = [
        (
            "telework",
            "テレワーク開始支援金",
            "Telework start-up grant",
            "在宅で働き始める住民（パソコン購入費の一部を補助）",
        ),
        (
            "childcare",
            "子育て世帯の在宅ワーク支援",
            "Home-work support for parents",
            "未就学児を育てる世帯",
        ),
        (
            "related",
            "関係人口ワーケーション補助",
            "Workation support for related people",
            "圏域外から圏域の仕事を担う方",
        ),
    ];
    let city = municipality_at(region, 0);
    schemes
        .into_iter()
        .map(|(id, ja, en, for_whom)| Program {
            id: ProgramId(format!("scheme-{id}")),
            region_id: region.id.clone(),
            municipality_id: city.id.clone(),
            name: Localized::new(ja, en),
            description: Localized::new(format!("{ja}の案内"), format!("About the {en}")),
            kind: ProgramKind::SupportScheme {
                for_whom: for_whom.to_owned(),
                link: None,
            },
            security_course: false,
        })
        .collect()
}

fn coworking(region: &domain::model::Region) -> Vec<Program> {
    let names = [
        "コワーキングスペース「ゆい」",
        "まちの仕事場「こもれび」",
        "テレワークセンター「あおば」",
    ];
    region
        .municipalities
        .iter()
        .step_by(2)
        .zip(names)
        .enumerate()
        .map(|(i, (m, name))| Program {
            id: ProgramId(format!("cowork-{}", i + 1)),
            region_id: region.id.clone(),
            municipality_id: m.id.clone(),
            name: Localized::new(name, format!("Coworking place in {}", m.name.en)),
            description: Localized::new(
                "Wi-Fi・電源・個室ブースあり。講座や相談会も開かれます。",
                "Wi-Fi, power, private booths; courses and consultations take place here.",
            ),
            kind: ProgramKind::Coworking {
                address: format!("長野県{}本町{}-{}", m.name.ja, i + 1, 3 * i + 2),
                open_hours: "平日 9:00〜18:00".to_owned(),
            },
            security_course: false,
        })
        .collect()
}

fn make_company(seed: u64, i: usize, region: &domain::model::Region) -> Company {
    let mut rng = SplitMix64::for_item(seed, STREAM_COMPANY, i as u64);
    let industry = (i + rng.below(3) as usize) % INDUSTRIES.len();
    let (industry_name, endings) = INDUSTRIES[industry];
    // Stems cycle with the company number so names stay distinct for the first 16×9.
    let stem = COMPANY_STEMS[(i + industry * 5) % COMPANY_STEMS.len()];
    let ending = rng.pick(&endings).copied().unwrap_or("商店");
    let name = match rng.below(4) {
        0 => format!("{stem}{ending}株式会社"),
        1 => format!("有限会社{stem}{ending}"),
        2 => format!("合同会社{stem}{ending}"),
        _ => format!("株式会社{stem}{ending}"),
    };
    let m = municipality_at(
        region,
        rng.below(region.municipalities.len() as u64) as usize,
    );
    Company {
        id: CompanyId(format!("co-{i:03}")),
        region_id: region.id.clone(),
        name,
        industry: industry_name.to_owned(),
        prefecture: PREFECTURE_NAGANO,
        municipality: m.name.ja.clone(),
        size: *rng
            .weighted(&[
                (CompanySize::Micro, 40),
                (CompanySize::Small, 35),
                (CompanySize::Medium, 20),
                (CompanySize::Large, 5),
            ])
            .unwrap_or(&CompanySize::Small),
        contact_person: japanese_name(&mut rng).replace(' ', ""),
        created_at: utc(2025, 4, 1) + Days::new(rng.below(365)),
    }
}

fn industry_of(c: &Company) -> usize {
    INDUSTRIES
        .iter()
        .position(|(name, _)| *name == c.industry)
        .unwrap_or(0)
}

/// One to three jobs from the templates the company's industry posts.
fn make_jobs(seed: u64, i: usize, c: &Company, region: &domain::model::Region) -> Vec<Job> {
    let mut rng = SplitMix64::for_item(seed, STREAM_JOBS, i as u64);
    let industry = industry_of(c);
    let templates: Vec<&JobTemplate> = JOB_TEMPLATES
        .iter()
        .filter(|t| t.industries.contains(&industry))
        .collect();
    let count = rng.range(1, 3) as usize;
    (0..count)
        .filter_map(|n| {
            let t = *rng.pick(&templates)?;
            Some(make_job(&mut rng, t, c, n, region))
        })
        .collect()
}

fn make_job(
    rng: &mut SplitMix64,
    t: &JobTemplate,
    c: &Company,
    n: usize,
    region: &domain::model::Region,
) -> Job {
    let municipality = region
        .municipalities
        .iter()
        .find(|m| m.name.ja == c.municipality)
        .map_or_else(|| municipality_at(region, 0).id.clone(), |m| m.id.clone());
    // Above Nagano's minimum wage (1,061 yen from October 2025) and in the vocabulary's typical range.
    let yen = 1100 + 50 * rng.below(10) as u32;
    let mut job = Job {
        id: JobId(format!(
            "job-{}-{n}",
            c.id.as_str().trim_start_matches("co-")
        )),
        company_id: c.id.clone(),
        region_id: region.id.clone(),
        title: t.title.to_owned(),
        description: t.description.to_owned(),
        tasks: t
            .tasks
            .iter()
            .map(|(task, level)| TaskRequirement {
                task: TaskKindId::from(*task),
                level: *level,
            })
            .collect(),
        hours_per_week: t.hours,
        min_hours_per_person: t.min_hours,
        windows: *rng
            .pick(&[
                TimeWindows(0),
                TimeWindows(0b0000_0011),
                TimeWindows(0b0000_0111),
                TimeWindows(0b0010_1100),
            ])
            .unwrap_or(&TimeWindows(0)),
        duration_weeks: *rng.pick(&[12, 24, 52]).unwrap_or(&12),
        place: if t.on_site {
            WorkPlace::OnSite { municipality }
        } else {
            WorkPlace::Remote
        },
        pay: if rng.chance(25) && !t.on_site {
            Pay::PerTask {
                yen: yen / 4,
                minutes_per_task: 15,
            }
        } else {
            Pay::Hourly { yen }
        },
        who_may_apply: *rng
            .weighted(&[
                (WhoMayApply::LocalOnly, 20),
                (WhoMayApply::LocalAndRelated, 60),
                (WhoMayApply::Anyone, 20),
            ])
            .unwrap_or(&WhoMayApply::LocalAndRelated),
        team_allowed: t.hours > 20,
        needs_pc: t.needs_pc,
        data_access: *rng
            .weighted(&[
                (DataAccess::PublicOnly, 50),
                (DataAccess::Internal, 35),
                (DataAccess::CustomerPersonalData, 15),
            ])
            .unwrap_or(&DataAccess::PublicOnly),
        status: if rng.chance(90) {
            JobStatus::Open
        } else {
            JobStatus::Closed
        },
        created_at: utc(2026, 1, 5) + Days::new(rng.below(120)),
        pay_schedule: Default::default(),
        closure: None,
    };
    // A closed demo job says when and why (from its number: no random draw, so the other
    // values stay as they were).
    if job.status == JobStatus::Closed {
        job.closure = Some(JobClosure {
            at: job.created_at + Days::new(28 + 7 * (n as u64 % 4)),
            by: UserId(format!("{}-member", c.id)),
            reason: CloseReason::ALL[n % 3],
            note: String::new(),
        });
    }
    job
}

#[cfg(test)]
mod tests;
