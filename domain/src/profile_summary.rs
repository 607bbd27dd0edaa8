//! A resident's profile in words, part by part: what `/me/profile` shows first
//! (`GET /api/v1/me/profile?view=summary`, made by the worker with the region's and the
//! vocabulary's names). Each part is edited on its own (its fields come with the tap on
//! 「変更する」), so the page a resident opens reads no profile, region or vocabulary and carries
//! no form: only these lines.

use serde::{Deserialize, Serialize};

use crate::model::{Localized, Region, Residency};
use crate::onboarding::{SavedProfile, devices_label, slot_label};
use crate::vocabulary::Taxonomy;

/// The parts of a profile, in the order the page and the sign-up wizard show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfilePart {
    Place,
    Skills,
    Time,
    Device,
    Wishes,
}

impl ProfilePart {
    pub const ALL: [ProfilePart; 5] = [
        ProfilePart::Place,
        ProfilePart::Skills,
        ProfilePart::Time,
        ProfilePart::Device,
        ProfilePart::Wishes,
    ];

    /// A stable name for ids and tests.
    pub fn code(self) -> &'static str {
        match self {
            ProfilePart::Place => "place",
            ProfilePart::Skills => "skills",
            ProfilePart::Time => "time",
            ProfilePart::Device => "device",
            ProfilePart::Wishes => "wishes",
        }
    }

    pub fn title(self) -> Localized {
        match self {
            ProfilePart::Place => Localized::new("住んでいる所", "Where you live"),
            ProfilePart::Skills => Localized::new("できること", "What you can do"),
            ProfilePart::Time => Localized::new("働ける時間", "When you can work"),
            ProfilePart::Device => Localized::new("使える機器", "Your device"),
            ProfilePart::Wishes => Localized::new("希望", "Your wishes"),
        }
    }

    /// The profile input's fields this part edits (the validator's field names, whose errors
    /// show beside this part's controls).
    fn fields(self) -> &'static [&'static str] {
        match self {
            ProfilePart::Place => &["display_name", "lives_in", "phone"],
            ProfilePart::Skills => &["skills"],
            ProfilePart::Time => &["hours_per_week", "windows"],
            ProfilePart::Device => &["devices"],
            ProfilePart::Wishes => &["wishes"],
        }
    }

    /// Whether an error of `field` (`skills[2].level`, `wishes.min_hourly_yen`) belongs here.
    pub fn owns(self, field: &str) -> bool {
        self.fields().iter().any(|f| {
            field.strip_prefix(f).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with('[') || rest.starts_with('.')
            })
        })
    }
}

/// One line of a part: what it is (「お名前」) and its value in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryLine {
    pub label: Localized,
    pub value: Localized,
}

/// A part's lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartSummary {
    pub part: ProfilePart,
    pub lines: Vec<SummaryLine>,
}

/// Every part of a profile in words, in `ProfilePart::ALL`'s order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileSummary {
    pub parts: Vec<PartSummary>,
}

/// `me` in words, every part.
pub fn profile_summary(me: &SavedProfile, region: &Region, names: &Taxonomy) -> ProfileSummary {
    ProfileSummary {
        parts: ProfilePart::ALL
            .into_iter()
            .map(|part| PartSummary {
                part,
                lines: summary(part, me, region, names),
            })
            .collect(),
    }
}

fn line(label: Localized, value: Localized) -> SummaryLine {
    SummaryLine { label, value }
}

/// The lines of `part` of `me`, named with the region's municipalities and the vocabulary's
/// names (an id neither knows is shown as it is, never dropped).
pub fn summary(
    part: ProfilePart,
    me: &SavedProfile,
    region: &Region,
    names: &Taxonomy,
) -> Vec<SummaryLine> {
    match part {
        ProfilePart::Place => place(me, region),
        ProfilePart::Skills => skills(me, names),
        ProfilePart::Time => time(me),
        ProfilePart::Device => vec![line(ProfilePart::Device.title(), devices_label(me.devices))],
        ProfilePart::Wishes => wishes(me, names),
    }
}

fn place(me: &SavedProfile, region: &Region) -> Vec<SummaryLine> {
    let lives_in = match (me.residency, &me.municipality_id) {
        (Residency::Local, Some(id)) => region
            .municipalities
            .iter()
            .find(|m| &m.id == id)
            .map(|m| m.name.clone())
            .unwrap_or_else(|| Localized::new(id.as_str(), id.as_str())),
        _ => Localized::new(
            "地域の外から手伝う（関係人口）",
            "I help from outside the region",
        ),
    };
    let phone = match me.phone.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => Localized::new(p, p),
        None => Localized::new("登録していません", "Not given"),
    };
    vec![
        line(
            Localized::new("お名前", "Name"),
            Localized::new(me.display_name.as_str(), me.display_name.as_str()),
        ),
        line(ProfilePart::Place.title(), lives_in),
        line(Localized::new("電話番号", "Phone number"), phone),
    ]
}

fn skills(me: &SavedProfile, names: &Taxonomy) -> Vec<SummaryLine> {
    if me.skills.is_empty() {
        return vec![line(
            ProfilePart::Skills.title(),
            Localized::new("まだ選んでいません", "None chosen yet"),
        )];
    }
    me.skills
        .iter()
        .map(|s| {
            let name = names
                .task(s.task.as_str())
                .map(|t| t.name.clone())
                .unwrap_or_else(|| Localized::new(s.task.as_str(), s.task.as_str()));
            line(name, s.level.label())
        })
        .collect()
}

fn time(me: &SavedProfile) -> Vec<SummaryLine> {
    let hours = me.hours_per_week;
    let slots: Vec<Localized> = me.windows.slots().map(|(d, p)| slot_label(d, p)).collect();
    vec![
        line(
            Localized::new("1週間に働ける時間", "Hours a week"),
            Localized::new(format!("週{hours}時間"), format!("{hours} h a week")),
        ),
        line(
            Localized::new("働ける時間帯", "When"),
            joined(&slots, Localized::new("決めていません", "None chosen")),
        ),
    ]
}

fn wishes(me: &SavedProfile, names: &Taxonomy) -> Vec<SummaryLine> {
    let families: Vec<Localized> = me
        .wishes
        .families
        .iter()
        .map(|id| {
            names
                .family(id.as_str())
                .map(|f| f.name.clone())
                .unwrap_or_else(|| Localized::new(id.as_str(), id.as_str()))
        })
        .collect();
    let pay = match me.wishes.min_hourly_yen {
        Some(yen) => Localized::new(
            format!("時給{yen}円以上"),
            format!("{yen} yen an hour or more"),
        ),
        None => Localized::new("決めていません", "None given"),
    };
    let team = if me.wishes.team_ok {
        Localized::new("チームで分担する仕事もしたい", "Happy to work in a team")
    } else {
        Localized::new("ひとりでする仕事だけ", "Only work done alone")
    };
    vec![
        line(
            Localized::new("やってみたい分野", "Kinds of work"),
            joined(&families, Localized::new("どの分野でも", "Any kind")),
        ),
        line(
            Localized::new("希望する最低の時給", "Lowest hourly pay"),
            pay,
        ),
        line(Localized::new("チームの仕事", "Team work"), team),
    ]
}

/// 「A、B」 / "A, B", or `none` for an empty list.
fn joined(items: &[Localized], none: Localized) -> Localized {
    if items.is_empty() {
        return none;
    }
    let ja: Vec<&str> = items.iter().map(|l| l.ja.as_str()).collect();
    let en: Vec<&str> = items.iter().map(|l| l.en.as_str()).collect();
    Localized::new(ja.join("、"), en.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Devices, Level, Municipality, TimeWindows, Wishes};
    use crate::onboarding::SavedSkill;

    fn region() -> Region {
        Region {
            id: "r1".into(),
            name: Localized::new("地域", "Region"),
            prefecture: 1,
            municipalities: vec![Municipality {
                id: "m1".into(),
                name: Localized::new("北町", "Kita"),
            }],
        }
    }

    fn names() -> &'static Taxonomy {
        Taxonomy::builtin()
    }

    fn me() -> SavedProfile {
        SavedProfile {
            municipality_id: Some("m1".into()),
            residency: Residency::Local,
            display_name: "山田 花子".into(),
            phone: None,
            skills: vec![
                SavedSkill {
                    task: "sns.post".into(),
                    level: Level::Experienced,
                },
                SavedSkill {
                    task: "nobody.knows".into(),
                    level: Level::Beginner,
                },
            ],
            hours_per_week: 10,
            windows: TimeWindows::NONE,
            devices: Devices::SmartphoneOnly,
            wishes: Wishes {
                families: vec!["sns".into()],
                min_hourly_yen: Some(1000),
                team_ok: false,
            },
        }
    }

    fn values(part: ProfilePart, me: &SavedProfile) -> Vec<String> {
        summary(part, me, &region(), names())
            .into_iter()
            .map(|l| format!("{}: {}", l.label.ja, l.value.ja))
            .collect()
    }

    #[test]
    fn each_part_reads_in_words_with_the_regions_and_the_vocabularys_names() {
        let me = me();
        assert_eq!(
            values(ProfilePart::Place, &me),
            [
                "お名前: 山田 花子",
                "住んでいる所: 北町",
                "電話番号: 登録していません"
            ]
        );
        // A task the names do not know is shown by its id, not dropped.
        assert_eq!(
            values(ProfilePart::Skills, &me),
            ["SNS投稿作成: 経験あり", "nobody.knows: はじめて"]
        );
        assert_eq!(
            values(ProfilePart::Time, &me),
            [
                "1週間に働ける時間: 週10時間",
                "働ける時間帯: 決めていません"
            ]
        );
        assert_eq!(
            values(ProfilePart::Device, &me),
            ["使える機器: スマートフォンだけ"]
        );
        assert_eq!(
            values(ProfilePart::Wishes, &me),
            [
                "やってみたい分野: SNS運用",
                "希望する最低の時給: 時給1000円以上",
                "チームの仕事: ひとりでする仕事だけ"
            ]
        );
    }

    #[test]
    fn a_related_person_a_phone_and_all_windows_read_in_both_languages() {
        let mut me = me();
        me.residency = Residency::Related;
        me.municipality_id = None;
        me.phone = Some("090-1234-5678".into());
        me.windows = TimeWindows::ALL;
        me.skills.clear();
        let place = summary(ProfilePart::Place, &me, &region(), names());
        assert_eq!(place[1].value.en, "I help from outside the region");
        assert_eq!(place[2].value.en, "090-1234-5678");
        let time = summary(ProfilePart::Time, &me, &region(), names());
        assert_eq!(time[1].value.ja.split('、').count(), 8);
        assert!(
            time[1]
                .value
                .en
                .starts_with("Weekday mornings (8:00–12:00), ")
        );
        let skills = summary(ProfilePart::Skills, &me, &region(), names());
        assert_eq!(skills[0].value.en, "None chosen yet");
    }

    #[test]
    fn every_field_of_the_validator_belongs_to_exactly_one_part() {
        for field in [
            "display_name",
            "lives_in",
            "phone",
            "skills",
            "skills[2].level",
            "hours_per_week",
            "windows",
            "windows[0]",
            "devices",
            "wishes.families",
            "wishes.min_hourly_yen",
            "wishes.team_ok",
        ] {
            let owners: Vec<_> = ProfilePart::ALL
                .into_iter()
                .filter(|p| p.owns(field))
                .collect();
            assert_eq!(owners.len(), 1, "{field}: {owners:?}");
        }
        assert!(!ProfilePart::Skills.owns("skillset"));
    }

    #[test]
    fn the_whole_summary_has_every_part_in_order_and_reads_back_from_its_json() {
        let whole = profile_summary(&me(), &region(), names());
        let parts: Vec<_> = whole.parts.iter().map(|p| p.part).collect();
        assert_eq!(parts, ProfilePart::ALL);
        let json = serde_json::to_string(&whole).expect("json");
        assert!(json.contains(r#""part":"wishes""#), "{json}");
        assert_eq!(
            serde_json::from_str::<ProfileSummary>(&json).expect("read"),
            whole
        );
    }
}
