use super::*;
use crate::matching::fixtures::*;
use crate::model::Level;
use proptest::prelude::*;

fn big_job() -> Job {
    let mut j = job(
        "team",
        &[
            ("data.entry", Level::Beginner),
            ("sns.post", Level::Experienced),
        ],
    );
    j.hours_per_week = 40;
    j.min_hours_per_person = 5;
    j
}

fn person(id: &str, hours: u32, skills: &[(&str, Level, bool)]) -> Resident {
    let mut r = resident(id, skills);
    r.hours_per_week = hours;
    r.wishes.team_ok = true;
    r
}

fn pool() -> Vec<Resident> {
    vec![
        person("a", 20, &[("data.entry", Level::Experienced, true)]),
        person("b", 15, &[("sns.post", Level::CanTeach, true)]),
        person("c", 10, &[("data.entry", Level::Beginner, false)]),
        person(
            "d",
            12,
            &[
                ("sns.post", Level::Experienced, false),
                ("data.entry", Level::Beginner, false),
            ],
        ),
        person("e", 30, &[("sns.post", Level::Beginner, false)]),
    ]
}

#[test]
fn covers_tasks_and_hours_with_backups() {
    let team = form_team(&big_job(), &pool(), 4, &names);
    assert!(team.uncovered_tasks.is_empty(), "{team:?}");
    assert_eq!(team.uncovered_hours, 0, "{:?}", team.summary);
    assert!(team.members.len() <= 4);
    assert_eq!(team.members.iter().map(|m| m.hours).sum::<u32>(), 40);
    let ids: Vec<&str> = team.members.iter().map(|m| m.resident.as_str()).collect();
    for b in &team.backups {
        if let Some(id) = &b.backup {
            assert!(!ids.contains(&id.as_str()), "backup {id} is in the team");
        }
    }
    assert!(
        team.summary.ja.contains("すべての作業をカバー"),
        "{}",
        team.summary.ja
    );
    let with_sns = team
        .members
        .iter()
        .find(|m| m.tasks.iter().any(|t| t.as_str() == "sns.post"));
    assert!(with_sns.is_some_and(|m| m.why.ja.contains("SNS投稿作成を担当")));
}

#[test]
fn input_order_does_not_matter() {
    let mut reversed = pool();
    reversed.reverse();
    assert_eq!(
        form_team(&big_job(), &pool(), 3, &names),
        form_team(&big_job(), &reversed, 3, &names)
    );
}

#[test]
fn reports_what_cannot_be_covered() {
    let mut job = big_job();
    job.tasks.push(TaskRequirement {
        task: TaskKindId::from("translation.ja_en"),
        level: Level::Beginner,
    });
    let team = form_team(&job, &pool()[..2], 2, &names);
    assert_eq!(
        team.uncovered_tasks,
        [TaskKindId::from("translation.ja_en")]
    );
    assert_eq!(team.uncovered_hours, 5);
    assert!(team.summary.ja.contains("週5時間分"), "{}", team.summary.ja);
    assert!(
        team.summary
            .ja
            .contains("「日本語から英語への翻訳」の担当者")
    );
}

#[test]
fn swap_takes_the_next_best_and_never_the_swapped() {
    let job = big_job();
    let team = form_team(&job, &pool(), 3, &names);
    let out = team.members[0].resident.clone();
    let swapped = swap_member(&job, &team, &out, &pool(), &names);
    assert!(swapped.members.iter().all(|m| m.resident != out));
    assert!(
        swapped
            .backups
            .iter()
            .all(|b| b.backup.as_ref() != Some(&out))
    );
    for m in team.members.iter().skip(1) {
        assert!(swapped.members.iter().any(|n| n.resident == m.resident));
    }
}

#[test]
fn solo_only_people_are_proposed_alone() {
    let mut loner = person(
        "z",
        40,
        &[
            ("data.entry", Level::CanTeach, true),
            ("sns.post", Level::CanTeach, true),
        ],
    );
    loner.wishes.team_ok = false;
    let team = form_team(&big_job(), &[loner.clone()], 3, &names);
    assert_eq!(team.members.len(), 1);
    loner.hours_per_week = 20;
    let mut candidates = pool();
    candidates.push(loner);
    let team = form_team(&big_job(), &candidates, 3, &names);
    assert!(team.members.iter().all(|m| m.resident.as_str() != "z"));
}

proptest! {
    #[test]
    fn teams_are_sound(mut job in arb_job(), rs in arb_residents(15), max in 1usize..5) {
        // A job names each task once (validation's rule); coverage below is per task.
        let mut seen = BTreeSet::new();
        job.tasks.retain(|t| seen.insert(t.task.clone()));
        let team = form_team(&job, &rs, max, &names);
        prop_assert!(team.members.len() <= max);
        let ids: BTreeSet<&ResidentId> = team.members.iter().map(|m| &m.resident).collect();
        prop_assert_eq!(ids.len(), team.members.len());
        for m in &team.members {
            let r = rs.iter().find(|r| r.id == m.resident);
            prop_assert!(r.is_some_and(|r| hard_check(&job, r).is_ok()));
        }
        for b in &team.backups {
            prop_assert!(b.backup.as_ref().is_none_or(|id| !ids.contains(id)));
        }
        for t in &job.tasks {
            let covered = team.members.iter().any(|m| m.tasks.contains(&t.task));
            prop_assert_eq!(covered, !team.uncovered_tasks.contains(&t.task));
        }
        let given: u32 = team.members.iter().map(|m| m.hours).sum();
        prop_assert_eq!(team.uncovered_hours, job.hours_per_week.saturating_sub(given));
        prop_assert_eq!(&team, &form_team(&job, &rs, max, &names));
    }
}
