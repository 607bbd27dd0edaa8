//! The shared vocabulary (共通言語): the skill families and task kinds that residents, companies,
//! the municipality and the hub coordinator all use, in plain words.
//!
//! The data lives in `domain/data/taxonomy.json`. A task's position in the file is its bit in
//! skill bitsets ([`Taxonomy::task_index`]), so the file is append-only: add new task kinds at
//! the end, never reorder or delete (the `task_order_is_append_only` test guards this). Only [`Taxonomy::builtin`] compiles it in;
//! everything else takes a `&Taxonomy`, so the app can validate with a taxonomy it received over
//! the API without linking the data file into its wasm.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::{FamilyId, Level, Localized, TaskKindId};

/// Task kinds are addressed by their position in a `u128` bitset, so there may be at most this many.
pub const MAX_TASKS: usize = 128;
/// Longest id of a family or task kind.
pub const MAX_ID_LEN: usize = 48;

/// A typical hourly pay range in yen, for pay guidance (not a rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct YenRange {
    pub min_yen: u32,
    pub max_yen: u32,
}

/// What each level means for one task kind, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelDescriptors {
    pub beginner: Localized,
    pub experienced: Localized,
    pub can_teach: Localized,
}

impl LevelDescriptors {
    pub fn get(&self, level: Level) -> &Localized {
        match level {
            Level::Beginner => &self.beginner,
            Level::Experienced => &self.experienced,
            Level::CanTeach => &self.can_teach,
        }
    }
}

/// A skill family (e.g. `sns` SNS運用): a group of task kinds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Family {
    pub id: FamilyId,
    pub name: Localized,
    pub description: Localized,
    /// Typical hourly pay for the family's tasks unless a task has its own.
    pub pay: YenRange,
}

/// A task kind (e.g. `sns.post` SNS投稿作成): one kind of work a resident can do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskKind {
    pub id: TaskKindId,
    pub family: FamilyId,
    pub name: Localized,
    /// Who does what, in one plain sentence.
    pub description: Localized,
    pub example: Localized,
    pub levels: LevelDescriptors,
    /// Overrides the family's typical pay when this task pays differently.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay: Option<YenRange>,
    /// The payer withholds income tax from this kind of fee (源泉徴収): 所得税法204条1項1号 and
    /// 所得税法施行令320条1項 list 原稿・挿絵・写真・デザイン・翻訳・通訳・校正 and the 教授・指導料
    /// of 技芸・知識 (国税庁 タックスアンサー No.2795 「原稿料や講演料などを支払ったとき」).
    /// Absent in the file means no. See [`crate::fair_work::withholding`].
    #[serde(default, skip_serializing_if = "is_false")]
    pub withholding: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Taxonomy {
    /// Bumped when ids change meaning; ids themselves are never reused.
    #[serde(default)]
    pub version: u32,
    pub families: Vec<Family>,
    /// In stable order: a task's position is its bit in skill bitsets.
    pub tasks: Vec<TaskKind>,
}

static BUILTIN: OnceLock<Taxonomy> = OnceLock::new();

impl Taxonomy {
    /// The vocabulary shipped with musubi, parsed once. Links the data file: avoid in the app.
    pub fn builtin() -> &'static Taxonomy {
        BUILTIN.get_or_init(|| {
            serde_json::from_str(include_str!("../data/taxonomy.json"))
                .expect("domain/data/taxonomy.json is checked by the vocabulary tests")
        })
    }

    pub fn task(&self, id: &str) -> Option<&TaskKind> {
        self.tasks.iter().find(|t| t.id.as_str() == id)
    }

    pub fn family(&self, id: &str) -> Option<&Family> {
        self.families.iter().find(|f| f.id.as_str() == id)
    }

    pub fn tasks_in<'a>(&'a self, family: &'a FamilyId) -> impl Iterator<Item = &'a TaskKind> + 'a {
        self.tasks.iter().filter(move |t| &t.family == family)
    }

    /// The task's bit position: its place in the file. `None` for unknown tasks.
    pub fn task_index(&self, id: &TaskKindId) -> Option<u8> {
        let i = self.tasks.iter().position(|t| &t.id == id)?;
        u8::try_from(i).ok().filter(|&i| usize::from(i) < MAX_TASKS)
    }

    pub fn contains_task(&self, id: &str) -> bool {
        self.task(id).is_some()
    }

    /// The typical hourly pay of a task: its own range, else its family's.
    pub fn typical_pay(&self, task: &TaskKind) -> Option<YenRange> {
        task.pay
            .or_else(|| self.family(task.family.as_str()).map(|f| f.pay))
    }

    /// Everything wrong with this taxonomy, in plain English for developers; empty when sound.
    /// The app may run this on a taxonomy received over the API before trusting it.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.tasks.len() > MAX_TASKS {
            out.push(format!("{} tasks, at most {MAX_TASKS}", self.tasks.len()));
        }
        let mut seen = std::collections::BTreeSet::new();
        for f in &self.families {
            let id = f.id.as_str();
            check_id(id, &mut out);
            if !seen.insert(id) {
                out.push(format!("duplicate id {id}"));
            }
            check_texts(id, &[&f.name, &f.description], &mut out);
            check_range(id, f.pay, &mut out);
            if self.tasks_in(&f.id).next().is_none() {
                out.push(format!("family {id} has no tasks"));
            }
        }
        for t in &self.tasks {
            let id = t.id.as_str();
            check_id(id, &mut out);
            if !seen.insert(id) {
                out.push(format!("duplicate id {id}"));
            }
            if self.family(t.family.as_str()).is_none() {
                out.push(format!("task {id}: unknown family {}", t.family));
            }
            if !id.starts_with(&format!("{}.", t.family)) {
                out.push(format!("task {id} should start with its family id"));
            }
            let l = &t.levels;
            let texts = [
                &t.name,
                &t.description,
                &t.example,
                &l.beginner,
                &l.experienced,
                &l.can_teach,
            ];
            check_texts(id, &texts, &mut out);
            if let Some(pay) = t.pay {
                check_range(id, pay, &mut out);
            }
        }
        out
    }
}

/// Ids go into storage keys and URLs: lowercase ascii letters, digits, `_`, `.`, `-` only.
pub fn is_vocabulary_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.-".contains(&b))
}

fn check_id(id: &str, out: &mut Vec<String>) {
    if !is_vocabulary_id(id) {
        out.push(format!("id {id:?} is not [a-z0-9_.-]{{1,{MAX_ID_LEN}}}"));
    }
}

fn check_texts(id: &str, texts: &[&Localized], out: &mut Vec<String>) {
    for (i, t) in texts.iter().enumerate() {
        if t.ja.trim().is_empty() || t.en.trim().is_empty() {
            out.push(format!("{id}: text #{i} is missing a language"));
        }
    }
}

/// Pay guidance should sit between the lowest minimum wage and what remote work plausibly pays.
fn check_range(id: &str, r: YenRange, out: &mut Vec<String>) {
    if !(900..=10_000).contains(&r.min_yen) || r.min_yen > r.max_yen || r.max_yen > 10_000 {
        out.push(format!(
            "{id}: pay range {}..{} is not sane",
            r.min_yen, r.max_yen
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_file_is_sound() {
        let t = Taxonomy::builtin();
        assert_eq!(t.problems(), Vec::<String>::new());
        assert!(
            (12..=14).contains(&t.families.len()),
            "{}",
            t.families.len()
        );
        assert!((60..=90).contains(&t.tasks.len()), "{}", t.tasks.len());
    }

    #[test]
    fn japanese_text_is_japanese_and_english_is_not() {
        let is_ja = |s: &str| {
            s.chars().any(|c| {
                ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c)
            })
        };
        for task in &Taxonomy::builtin().tasks {
            assert!(is_ja(&task.description.ja), "{}", task.id);
            assert!(!is_ja(&task.description.en), "{}", task.id);
            assert!(!is_ja(&task.levels.can_teach.en), "{}", task.id);
        }
    }

    /// Plain words are short words: names fit a button, descriptions fit one line on a phone.
    #[test]
    fn texts_stay_short_and_levels_say_different_things() {
        let chars = |s: &str| s.chars().count();
        for task in &Taxonomy::builtin().tasks {
            assert!(chars(&task.name.ja) <= 16, "{}", task.id);
            assert!(chars(&task.description.ja) <= 45, "{}", task.id);
            assert!(chars(&task.example.ja) <= 45, "{}", task.id);
            let l = &task.levels;
            assert!(
                l.beginner != l.experienced && l.experienced != l.can_teach,
                "{}",
                task.id
            );
            for level in Level::ALL {
                assert!(chars(&l.get(level).ja) <= 35, "{} {level:?}", task.id);
            }
        }
    }

    /// 所得税法204条1項1号: writing (原稿・校正) and design fees are withheld; bookkeeping,
    /// data entry and support are not. Absent flags read as no (older files still parse).
    #[test]
    fn withholding_flag_marks_writing_and_design_only_where_the_law_lists_them() {
        let t = Taxonomy::builtin();
        for task in &t.tasks {
            let family = task.family.as_str();
            if family == "writing" || family == "design" || family == "translation" {
                assert!(task.withholding, "{}", task.id);
            }
            if ["accounting", "data", "support", "research", "web", "it"].contains(&family) {
                assert!(!task.withholding, "{}", task.id);
            }
        }
        let json = serde_json::to_value(t.task("data.entry").expect("known")).expect("json");
        assert!(
            json.get("withholding").is_none(),
            "false is left out on the wire"
        );
        let mut v = serde_json::to_value(t.task("writing.article").expect("known")).expect("json");
        assert_eq!(v["withholding"], serde_json::Value::Bool(true));
        v.as_object_mut().expect("object").remove("withholding");
        let back: TaskKind = serde_json::from_value(v).expect("parses without the flag");
        assert!(!back.withholding);
    }

    #[test]
    fn lookups_find_known_entries() {
        let t = Taxonomy::builtin();
        assert_eq!(
            t.task("sns.post").map(|k| k.name.ja.as_str()),
            Some("SNS投稿作成")
        );
        assert_eq!(
            t.family("accounting").map(|f| f.name.ja.as_str()),
            Some("経理・会計")
        );
        assert!(t.contains_task("data.transcription"));
        assert!(!t.contains_task("sns"));
        assert!(t.task("nope").is_none());
        let sns = FamilyId::from("sns");
        assert!(t.tasks_in(&sns).all(|k| k.family == sns));
        assert!(t.tasks_in(&sns).count() >= 4);
    }

    #[test]
    fn task_index_follows_file_order() {
        let t = Taxonomy::builtin();
        for (i, task) in t.tasks.iter().enumerate() {
            assert_eq!(t.task_index(&task.id).map(usize::from), Some(i));
        }
        assert_eq!(t.task_index(&TaskKindId::from("unknown.task")), None);
    }

    /// Bit positions are stored in skill bitsets: new tasks go at the end of the file, and no
    /// task is ever moved or removed (retire it in a later version instead). Extend this list
    /// when appending.
    #[test]
    fn task_order_is_append_only() {
        const FROZEN: [&str; 67] = [
            "sns.post",
            "sns.reply",
            "sns.plan",
            "sns.photo",
            "sns.report",
            "accounting.bookkeeping",
            "accounting.invoice",
            "accounting.receipts",
            "accounting.payments",
            "accounting.expenses",
            "accounting.payroll",
            "data.entry",
            "data.transcription",
            "data.cleanup",
            "data.scan",
            "data.check",
            "office.schedule",
            "office.email",
            "office.documents",
            "office.filing",
            "office.minutes",
            "support.email",
            "support.chat",
            "support.phone",
            "support.faq",
            "support.orders",
            "writing.article",
            "writing.product",
            "writing.proofread",
            "writing.interview",
            "writing.newsletter",
            "design.flyer",
            "design.banner",
            "design.sns_image",
            "design.logo",
            "design.slides",
            "web.update",
            "web.ec_listing",
            "web.ec_orders",
            "web.furusato",
            "web.seo",
            "web.booking",
            "translation.ja_en",
            "translation.en_ja",
            "translation.tourism",
            "translation.check",
            "translation.easy_ja",
            "research.web",
            "research.list",
            "research.survey",
            "research.competitor",
            "research.reviews",
            "video.cut",
            "video.subtitles",
            "video.short",
            "video.thumbnail",
            "video.live",
            "teaching.pc",
            "teaching.smartphone",
            "teaching.language",
            "teaching.tutoring",
            "teaching.hobby",
            "it.helpdesk",
            "it.setup",
            "it.spreadsheet",
            "it.nocode",
            "it.testing",
        ];
        let ids: Vec<&str> = Taxonomy::builtin()
            .tasks
            .iter()
            .map(|t| t.id.as_str())
            .collect();
        assert_eq!(&ids[..FROZEN.len()], &FROZEN[..]);
    }

    #[test]
    fn typical_pay_prefers_the_task_range() {
        let t = Taxonomy::builtin();
        let logo = t.task("design.logo").expect("logo");
        assert_eq!(t.typical_pay(logo), logo.pay);
        let flyer = t.task("design.flyer").expect("flyer");
        assert_eq!(t.typical_pay(flyer), t.family("design").map(|f| f.pay));
    }

    #[test]
    fn round_trips_over_the_api() {
        let t = Taxonomy::builtin();
        let json = serde_json::to_string(t).expect("serialize");
        let back: Taxonomy = serde_json::from_str(&json).expect("parse");
        assert_eq!(&back, t);
    }

    #[test]
    fn problems_catches_broken_data() {
        let mut t = Taxonomy::builtin().clone();
        t.tasks[0].id = TaskKindId::from("SNS:post");
        t.tasks[1].family = FamilyId::from("ghost");
        t.tasks[2].name.en.clear();
        t.families[1].pay = YenRange {
            min_yen: 2000,
            max_yen: 1000,
        };
        let p = t.problems();
        assert!(p.iter().any(|s| s.contains("SNS:post")), "{p:?}");
        assert!(
            p.iter().any(|s| s.contains("unknown family ghost")),
            "{p:?}"
        );
        assert!(p.iter().any(|s| s.contains("missing a language")), "{p:?}");
        assert!(p.iter().any(|s| s.contains("not sane")), "{p:?}");
    }

    #[test]
    fn vocabulary_ids_refuse_key_separators() {
        assert!(is_vocabulary_id("web.ec_listing"));
        for bad in ["", "a:b", "a/b", "A", "a b", "あ"] {
            assert!(!is_vocabulary_id(bad), "{bad}");
        }
    }
}
