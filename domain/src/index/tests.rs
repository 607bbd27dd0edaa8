use super::*;
use crate::matching::fixtures::*;
use crate::model::Level;
use proptest::prelude::*;

fn space() -> TaskSpace {
    TaskSpace::new(TASKS.iter().map(|t| TaskKindId::from(*t)))
        .unwrap_or_else(|_| TaskSpace { ids: Vec::new() })
}

fn in_region(mut rs: Vec<Resident>) -> Vec<Resident> {
    for r in &mut rs {
        r.region_id = RegionId::from(REGION);
    }
    rs
}

fn build(rs: &[Resident]) -> Vec<u8> {
    let mut b = IndexBuilder::new(RegionId::from(REGION), space());
    for r in rs {
        assert_eq!(b.push(r), Ok(()));
    }
    b.to_bytes()
}

/// What `matching` says the full ranking is: (points, id), best first.
fn matching_order(job: &Job, rs: &[&Resident]) -> Vec<(u32, String)> {
    let terms = JobTerms::new(job);
    let mut all: Vec<(u32, String)> = rs
        .iter()
        .filter(|r| hard_check(job, r).is_ok())
        .map(|r| (matching::score_points(&terms, r), r.id.0.clone()))
        .collect();
    all.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    all
}

fn pairs(hits: Vec<Hit>) -> Vec<(u32, String)> {
    hits.into_iter().map(|h| (h.points, h.resident.0)).collect()
}

#[test]
fn round_trip_keeps_ids_and_header() {
    let rs = vec![
        resident("b", &[("sns.post", Level::CanTeach, true)]),
        resident("a", &[]),
        resident("c", &[("data.entry", Level::Beginner, false)]),
    ];
    let bytes = build(&rs);
    let view = IndexView::from_bytes(&bytes).expect("valid index");
    assert_eq!(view.len(), 3);
    assert_eq!(view.region(), REGION);
    assert_eq!(view.task_ids().len(), TASKS.len());
    assert_eq!((view.id(0), view.id(2)), (Some("a"), Some("c")));
    assert_eq!(view.find("b"), Some(1));
    assert_eq!(view.find("zz"), None);
    let skill = view.task_skill(1, "sns.post").expect("in the space");
    assert_eq!((skill.level, skill.verified), (3, true));
    assert_eq!(view.task_skill(0, "sns.post").map(|s| s.level), Some(0));
    assert!(view.task_skill(0, "no.such").is_none() && view.task_skill(9, "sns.post").is_none());
}

#[test]
fn rejects_bad_input() {
    assert!(IndexView::from_bytes(b"nope").is_err());
    let bytes = build(&[resident("a", &[])]);
    for cut in [0, 10, bytes.len() - 1] {
        assert!(IndexView::from_bytes(&bytes[..cut]).is_err());
    }
    let mut broken_id = bytes.clone();
    let last = broken_id.len() - 1;
    broken_id[last] = 0xff;
    let view = IndexView::from_bytes(&broken_id).expect("ids are checked when read");
    assert_eq!((view.id(0), view.find("a")), (None, None));
    let mut wrong = bytes.clone();
    wrong[4] = 9;
    assert_eq!(
        IndexView::from_bytes(&wrong).err(),
        Some(IndexError::Version(9))
    );
    let mut b = IndexBuilder::new(RegionId::from(REGION), space());
    let mut other = resident("x", &[]);
    other.region_id = RegionId::from("other");
    assert!(matches!(b.push(&other), Err(IndexError::OtherRegion(_))));
    let unknown = resident("y", &[("no.such", Level::Beginner, false)]);
    assert!(matches!(b.push(&unknown), Err(IndexError::UnknownTask(_))));
    let many = (0..200).map(|i| TaskKindId(format!("t{i}")));
    assert_eq!(
        TaskSpace::new(many).err(),
        Some(IndexError::TooManyTasks(200))
    );
}

#[test]
fn row_fits_the_budget() {
    const { assert!(ROW_BYTES <= 64) };
    let rs: Vec<Resident> = (0..1000)
        .map(|i| resident(&format!("r{i:06}"), &[]))
        .collect();
    let bytes = build(&rs);
    let per_row = IndexView::from_bytes(&bytes).map_or(0.0, |v| v.bytes_per_resident());
    assert!(per_row < (ROW_BYTES + 4 + 7 + 1) as f64, "{per_row}");
}

#[test]
fn later_push_replaces_and_overlay_reads_your_writes() {
    let job = job("j", &[("sns.post", Level::Beginner)]);
    let mut b = IndexBuilder::new(RegionId::from(REGION), space());
    let _ = b.push(&resident("a", &[]));
    let _ = b.push(&resident("b", &[]));
    let _ = b.push(&resident("a", &[("sns.post", Level::Beginner, true)]));
    let bytes = b.to_bytes();
    let view = IndexView::from_bytes(&bytes).expect("valid index");
    assert_eq!(view.len(), 2);
    let top = view.rank(&job, Page::top(1), &Overlay::default());
    assert_eq!(top[0].resident.as_str(), "a");
    let mut overlay = Overlay::default();
    overlay.delete(ResidentId::from("a"));
    overlay.upsert(resident("c", &[("sns.post", Level::CanTeach, true)]));
    let got: Vec<String> = view
        .rank(&job, Page::top(5), &overlay)
        .into_iter()
        .map(|h| h.resident.0)
        .collect();
    assert_eq!(got, ["c", "b"]);
}

proptest! {
    #[test]
    fn index_score_equals_matching_score(job in arb_job(), rs in arb_residents(20)) {
        let rs = in_region(rs);
        let bytes = build(&rs);
        let view = IndexView::from_bytes(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let terms = JobTerms::new(&job);
        for r in &rs {
            let row = view.find(r.id.as_str()).ok_or_else(|| TestCaseError::fail("missing"))?;
            prop_assert_eq!(view.points(&job, row), matching::score_points(&terms, r));
        }
        let want = matching_order(&job, &rs.iter().collect::<Vec<_>>());
        let got = pairs(view.rank(&job, Page::top(rs.len() + 1), &Overlay::default()));
        prop_assert_eq!(got, want);
    }

    #[test]
    fn top_k_pages_equal_the_full_sort(
        job in arb_job(), rs in arb_residents(40), offset in 0usize..12, limit in 0usize..12,
    ) {
        let rs = in_region(rs);
        let bytes = build(&rs);
        let view = IndexView::from_bytes(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let want: Vec<(u32, String)> = matching_order(&job, &rs.iter().collect::<Vec<_>>())
            .into_iter().skip(offset).take(limit).collect();
        let got = pairs(view.rank(&job, Page { offset, limit }, &Overlay::default()));
        prop_assert_eq!(got, want);
    }

    #[test]
    fn overlay_equals_rebuilding(
        job in arb_job(), rs in arb_residents(25), fresh in arb_residents(8),
        deletes in prop::collection::vec(0usize..30, 0..5), k in 1usize..15,
    ) {
        let rs = in_region(rs);
        let bytes = build(&rs);
        let view = IndexView::from_bytes(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut overlay = Overlay::default();
        let mut now: BTreeMap<ResidentId, Resident> =
            rs.iter().map(|r| (r.id.clone(), r.clone())).collect();
        // Upserts reuse ids r0000.. (replacing) and may come from another region (any id).
        for r in fresh {
            now.insert(r.id.clone(), r.clone());
            overlay.upsert(r);
        }
        for d in deletes {
            let id = ResidentId(format!("r{d:04}"));
            now.remove(&id);
            overlay.delete(id);
        }
        let want: Vec<(u32, String)> =
            matching_order(&job, &now.values().collect::<Vec<_>>()).into_iter().take(k).collect();
        prop_assert_eq!(pairs(view.rank(&job, Page::top(k), &overlay)), want);
    }
}

#[test]
fn taxonomy_space_uses_the_taxonomy_bits() {
    let tax = crate::vocabulary::Taxonomy::builtin();
    let space = TaskSpace::from_taxonomy(tax).expect("at most 128 tasks");
    for t in &tax.tasks {
        assert_eq!(space.bit(&t.id), tax.task_index(&t.id));
    }
}

fn arb_row() -> impl Strategy<Value = Row> {
    (
        (any::<u128>(), any::<u128>(), any::<u128>(), any::<u8>()),
        (
            any::<u8>(),
            any::<u8>(),
            any::<u16>(),
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
        ),
    )
        .prop_map(|((lo, hi, verified, flags), (w, h, pay, f, re, a))| Row {
            lo,
            hi,
            verified,
            flags,
            terms: ResidentTerms {
                windows: w,
                hours: h,
                min_pay: pay,
                finished: f,
                renewed: re,
                active: a,
            },
        })
}

proptest! {
    #[test]
    fn row_code_round_trips(row in arb_row()) {
        let space = space();
        let text = row.encode(&space);
        prop_assert!(text.len() <= KV_METADATA_MAX);
        prop_assert_eq!(text.len(), 2 + 8 + 1 + 2 * ROW_CODE_BYTES);
        prop_assert_eq!(Row::decode(&text, &space), Ok(row));
    }

    #[test]
    fn rows_with_verifications_equal_overlaid_residents(
        rs in arb_residents(12),
        picks in prop::collection::vec((0usize..12, 0usize..TASKS.len(), 0u8..4, 0i64..5), 0..20),
    ) {
        // Validation refuses the same task twice on a profile.
        let mut rs = in_region(rs);
        for r in &mut rs {
            let mut seen = BTreeSet::new();
            r.skills.retain(|c| seen.insert(c.task.clone()));
        }
        let marks: Vec<(usize, VerificationMark)> = picks
            .iter()
            .filter(|(i, ..)| *i < rs.len())
            .map(|&(i, t, level, day)| (i, VerificationMark {
                task: TaskKindId::from(TASKS[t]),
                level: Level::ALL.get(usize::from(level)).copied(),
                at: later_than_fixtures(day),
            }))
            .collect();
        prop_assert_eq!(build_from_rows(&rs, &marks), build_overlaid(&rs, &marks));
    }
}

/// Verification times after any the fixtures put on a profile.
fn later_than_fixtures(day: i64) -> i64 {
    4_000_000_000_000 + day * 86_400_000
}

fn record(r: &Resident, m: &VerificationMark) -> crate::verification::SkillVerification {
    let at = chrono::DateTime::from_timestamp_millis(m.at).unwrap_or_default();
    crate::verification::SkillVerification {
        resident: r.id.clone(),
        task: m.task.clone(),
        level: m.level,
        verification: match m.level {
            Some(_) => crate::model::Verification::Hub {
                coordinator: crate::model::UserId::from("hub"),
                note: String::new(),
                at,
            },
            None => crate::model::Verification::Course {
                program: crate::model::ProgramId::from("p"),
                at,
            },
        },
    }
}

fn build_overlaid(rs: &[Resident], marks: &[(usize, VerificationMark)]) -> Vec<u8> {
    let overlaid: Vec<Resident> = rs
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut r = r.clone();
            let records: Vec<_> = marks
                .iter()
                .filter(|(j, _)| *j == i)
                .map(|(_, m)| record(&r, m))
                .collect();
            crate::verification::overlay(&mut r, &records);
            r
        })
        .collect();
    build(&overlaid)
}

/// As the worker rebuilds: each resident's row from its marker's metadata, the verification
/// marks applied.
fn build_from_rows(rs: &[Resident], marks: &[(usize, VerificationMark)]) -> Vec<u8> {
    let space = space();
    let mut b = IndexBuilder::new(RegionId::from(REGION), space.clone());
    for (i, r) in rs.iter().enumerate() {
        let text = Row::of(r, &space)
            .map(|row| row.encode(&space))
            .unwrap_or_default();
        let mut row = Row::decode(&text, &space).unwrap_or_default();
        let mine: Vec<VerificationMark> = marks
            .iter()
            .filter(|(j, _)| *j == i)
            .map(|(_, m)| m.clone())
            .collect();
        row.apply_verifications(&space, &mine);
        b.push_row(r.id.clone(), row);
    }
    b.to_bytes()
}

#[test]
fn row_code_refuses_another_task_space_and_garbage() {
    let row = Row::of(
        &resident("a", &[("sns.post", Level::Experienced, true)]),
        &space(),
    )
    .unwrap_or_default();
    let text = row.encode(&space());
    let other = TaskSpace::new([TaskKindId::from("x")]).unwrap_or_else(|_| space());
    assert!(Row::decode(&text, &other).is_err());
    assert!(Row::decode("", &space()).is_err());
    assert!(Row::decode(&text.replacen("1:", "2:", 1), &space()).is_err());
    assert!(Row::decode(&format!("{text}00"), &space()).is_err());
    assert!(Row::decode(&text.to_uppercase(), &space()).is_err());
}
