//! The talent rules (`domain::talent`) on the demo region: the index filter agrees with the
//! profile filter, filtered rankings, comparison, team swaps, trust marks and coarsened places.

use domain::api::TalentCard;
use domain::index::{IndexBuilder, IndexView, Overlay, TaskSpace};
use domain::matching::{Page, score};
use domain::model::*;
use domain::talent::*;
use domain::team::*;
use domain::vocabulary::Taxonomy;
use musubi_demo::{DemoConfig, DemoRegion};

fn demo_index(demo: &DemoRegion) -> (Vec<u8>, Vec<Resident>) {
    let residents: Vec<Resident> = demo.residents().collect();
    let space = TaskSpace::from_taxonomy(Taxonomy::builtin()).expect("space");
    let mut b = IndexBuilder::new(demo.region().id, space);
    for r in &residents {
        b.push(r).expect("row");
    }
    (b.to_bytes(), residents)
}

#[test]
fn the_index_filter_says_what_the_profile_filter_says() {
    let demo = DemoRegion::new(DemoConfig::default());
    let (bytes, residents) = demo_index(&demo);
    let view = IndexView::from_bytes(&bytes).expect("index");
    let filters = [
        sample_filter(),
        TalentFilter {
            verified_only: true,
            ..TalentFilter::default()
        },
        TalentFilter {
            local_only: true,
            min_hours: Some(20),
            ..TalentFilter::default()
        },
        TalentFilter {
            task: Some(TaskKindId::from("sns.post")),
            ..TalentFilter::default()
        },
        TalentFilter {
            windows: TimeWindows(0b1000_0000),
            ..TalentFilter::default()
        },
    ];
    for f in &filters {
        let mut admitted = 0;
        for r in &residents {
            let row = view.find(r.id.as_str()).expect("row");
            assert_eq!(f.admits_row(&view, row), f.admits(r), "{f:?} {}", r.id);
            admitted += usize::from(f.admits(r));
        }
        assert!(
            admitted > 0 && admitted < residents.len(),
            "{f:?} narrows: {admitted}"
        );
    }
}

#[test]
fn a_filtered_ranking_keeps_only_admitted_cards_best_first() {
    let demo = DemoRegion::new(DemoConfig::default());
    let (bytes, residents) = demo_index(&demo);
    let view = IndexView::from_bytes(&bytes).expect("index");
    let job = demo.jobs().into_iter().next().expect("job");
    let f = TalentFilter {
        local_only: true,
        verified_only: true,
        ..TalentFilter::default()
    };
    let hits = view.rank_where(
        &job,
        Page::top(20),
        &Overlay::default(),
        &|v, i| f.admits_row(v, i),
        &|r| f.admits(r),
    );
    assert!(!hits.is_empty());
    for h in &hits {
        let r = residents
            .iter()
            .find(|r| r.id == h.resident)
            .expect("resident");
        assert!(f.admits(r));
    }
    assert!(hits.windows(2).all(|w| w[0].points >= w[1].points));
}

fn cards(n: usize) -> Vec<TalentCard> {
    let demo = DemoRegion::new(DemoConfig::default());
    let job = demo.jobs().into_iter().next().expect("job");
    demo.residents()
        .take(n)
        .map(|r| {
            TalentCard::new(
                &r,
                score(&job, &r, Taxonomy::builtin()),
                Taxonomy::builtin(),
            )
        })
        .collect()
}

#[test]
fn up_to_three_cards_compare_side_by_side() {
    let three = cards(4);
    let rows = compare(&three[..3]).expect("three compare");
    assert!(rows.len() >= 6);
    assert!(rows.iter().all(|r| r.values.len() == 3));
    assert!(compare(&three).is_none(), "four is too many");
    assert!(compare(&[]).is_none());
    let skills = &rows[1].values[0];
    assert!(!skills.ja.is_empty() && !skills.en.is_empty());
    // Every reason of the score, strengths and gaps apart (not the first three).
    let strengths = rows
        .iter()
        .find(|r| r.label.ja == "合う点")
        .expect("strengths row");
    let gaps = rows
        .iter()
        .find(|r| r.label.ja == "足りない点")
        .expect("gaps row");
    for (i, card) in three[..3].iter().enumerate() {
        let (good, missing) = card.score.strengths_and_gaps();
        assert_eq!(good.len() + missing.len(), card.score.reasons.len());
        for r in &good {
            assert!(strengths.values[i].ja.contains(&r.text.ja), "{}", r.text.ja);
        }
        for r in &missing {
            assert!(gaps.values[i].ja.contains(&r.text.ja), "{}", r.text.ja);
        }
    }
}

#[test]
fn swapping_a_member_keeps_every_task_covered_with_a_backup() {
    let demo = DemoRegion::new(DemoConfig::default());
    let residents: Vec<Resident> = demo.residents().collect();
    let names = Taxonomy::builtin();
    let mut checked = 0;
    for job in demo
        .jobs()
        .into_iter()
        .filter(|j| j.team_allowed && j.tasks.len() >= 2)
    {
        let team = form_team(&job, &residents, 4, names);
        let covered =
            team.uncovered_tasks.is_empty() && team.backups.iter().all(|b| b.backup.is_some());
        if !covered || team.members.len() < 2 {
            continue;
        }
        let out = team.members[0].resident.clone();
        let swapped = team_without(&job, &residents, 4, std::slice::from_ref(&out), names);
        assert!(swapped.members.iter().all(|m| m.resident != out));
        assert!(
            swapped
                .backups
                .iter()
                .all(|b| b.backup.as_ref() != Some(&out))
        );
        assert!(
            swapped.uncovered_tasks.is_empty(),
            "{}: {:?}",
            job.id,
            swapped.summary
        );
        assert!(swapped.backups.iter().all(|b| b.backup.is_some()));
        // The others stay.
        for m in &team.members[1..] {
            assert!(swapped.members.iter().any(|s| s.resident == m.resident));
        }
        // A second swap does not bring the first back.
        let second = swapped.members[0].resident.clone();
        let twice = team_without(&job, &residents, 4, &[out.clone(), second.clone()], names);
        assert!(
            twice
                .members
                .iter()
                .all(|m| m.resident != out && m.resident != second)
        );
        checked += 1;
    }
    assert!(checked > 0, "the demo has team jobs to check");
}

#[test]
fn the_demo_has_some_residents_with_a_checked_identity_or_the_security_course() {
    use musubi_demo::{DemoConfig, DemoRegion, SECURITY_COURSE};
    let demo = DemoRegion::new(DemoConfig::default());
    let ids = demo.identity_checks();
    let sec = demo.security_completions();
    assert!(
        ids.len() > 10 && ids.len() < demo.len() / 2,
        "{}",
        ids.len()
    );
    assert!(
        sec.len() > 10 && sec.len() < demo.len() / 2,
        "{}",
        sec.len()
    );
    let course = demo
        .programs()
        .into_iter()
        .find(|p| p.security_course)
        .expect("a security course");
    assert_eq!(course.id.as_str(), format!("course-{SECURITY_COURSE}"));
    assert!(sec.iter().all(|s| s.program == course.id));
    let trust = domain::trust::Trust {
        identity: ids.iter().map(|c| c.resident.clone()).collect(),
        security: sec.iter().map(|c| c.resident.clone()).collect(),
    };
    let both = demo
        .residents()
        .filter(|r| trust.identity_verified(&r.id) && trust.security_course(&r.id))
        .count();
    assert!(both > 5, "{both}");
    // A card shows the facts, never who checked or which document.
    let job = demo.jobs().into_iter().next().expect("a job");
    let r = demo.resident(0);
    let card = with_trust(
        TalentCard::new(
            &r,
            domain::matching::score(&job, &r, Taxonomy::builtin()),
            Taxonomy::builtin(),
        ),
        &trust,
    );
    assert!(card.identity_verified && card.security_course);
    let json = serde_json::to_string(&card).expect("json");
    assert!(
        !json.contains("my_number")
            && !json.contains("hub-midori")
            && !json.contains(&r.display_name)
    );
    assert!(trust_text(&card).ja.contains("本人確認済み"));
}

#[test]
fn a_place_with_fewer_than_five_residents_is_coarsened_to_the_region() {
    let demo = DemoRegion::new(DemoConfig::default());
    let job = demo.jobs()[0].clone();
    let mut r = demo.resident(0);
    r.municipality_id = Some(MunicipalityId("aso".into()));
    let card = |r: &Resident, n: usize| {
        let mut c = TalentCard::new(r, score(&job, r, Taxonomy::builtin()), Taxonomy::builtin());
        coarsen_place(&mut c, |_| n);
        c.municipality
    };
    assert_eq!(card(&r, 4), None, "4 people: the region only");
    assert_eq!(card(&r, 0), None);
    assert_eq!(
        card(&r, 5),
        Some(MunicipalityId("aso".into())),
        "5 people: the municipality"
    );
    r.municipality_id = None;
    assert_eq!(card(&r, 9), None, "no place stays no place");
}

fn sample_filter() -> TalentFilter {
    TalentFilter {
        task: Some(TaskKindId::from("data.entry")),
        level: Some(Level::Experienced),
        verified_only: true,
        min_hours: Some(10),
        windows: TimeWindows(0b0000_0110),
        local_only: true,
        identity_only: true,
        security_only: true,
    }
}
