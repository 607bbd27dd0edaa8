use super::*;
use crate::engagement::{
    Actor, CheckInWith, EngagementEvent, EventId, EventKind, Role, Side, fold,
};
use crate::model::{CompanyId, EngagementId, JobId, UserId};
use chrono::TimeZone;
use proptest::prelude::*;

fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 10, 1, 0, 0, 0)
        .single()
        .expect("valid time")
}

fn day(d: i64) -> DateTime<Utc> {
    base() + TimeDelta::days(d)
}

fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .expect("valid time")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn region() -> RegionId {
    RegionId::from("R")
}

#[derive(Default)]
struct Plan {
    resident: &'static str,
    matched: i64,
    trial: Option<i64>,
    checkins: Vec<(DateTime<Utc>, u32)>,
    renewed: Option<i64>,
    completed: Option<i64>,
    cancelled: Option<i64>,
}

/// An engagement folded from plausible events, asserting that none is rejected.
fn engagement(region: &str, hourly_yen: u32, p: Plan) -> EngagementFacts {
    let mut events = Vec::new();
    let mut push = |at: DateTime<Utc>, role: Role, kind: EventKind| {
        let n = events.len();
        events.push(EngagementEvent {
            id: EventId(format!("{}-{n:02}", p.resident)),
            engagement_id: EngagementId(format!("e-{}-{region}", p.resident)),
            at,
            actor: Actor {
                user: UserId::from("u"),
                role,
            },
            kind,
        });
    };
    push(
        day(p.matched - 2),
        Role::Hub,
        EventKind::Proposed {
            job: JobId::from("j"),
            company: CompanyId::from("c"),
            resident: ResidentId::from(p.resident),
            needs_terms: false,
            hours_per_week: 10,
        },
    );
    push(
        day(p.matched - 1),
        Role::Resident,
        EventKind::InterestShown {
            side: Side::Resident,
        },
    );
    push(
        day(p.matched),
        Role::Company,
        EventKind::InterestShown {
            side: Side::Company,
        },
    );
    if let Some(t) = p.trial {
        push(
            day(t),
            Role::Hub,
            EventKind::TrialStarted { trial_weeks: 4 },
        );
    }
    for (at, hours) in &p.checkins {
        push(
            *at,
            Role::Hub,
            EventKind::CheckIn {
                mood: 4,
                hours_worked: *hours,
                note: String::new(),
                follow_up: None,
                with: CheckInWith::Both,
                shared_with_company: false,
                next_on: None,
            },
        );
    }
    if let Some(r) = p.renewed {
        push(day(r - 1), Role::Company, EventKind::TrialPassed);
        push(day(r), Role::Company, EventKind::Renewed { weeks: 12 });
    }
    if let Some(c) = p.completed {
        push(day(c), Role::Hub, EventKind::Completed);
    }
    if let Some(c) = p.cancelled {
        push(
            day(c),
            Role::Resident,
            EventKind::Cancelled {
                reason: "都合".into(),
            },
        );
    }
    let f = fold(&events);
    assert!(f.rejected.is_empty(), "{:?}", f.rejected);
    EngagementFacts {
        region: RegionId::from(region),
        hourly_yen,
        state: f.state,
    }
}

fn resident(id: &str, region: &str, residency: Residency, at: DateTime<Utc>) -> ResidentFacts {
    ResidentFacts {
        id: ResidentId::from(id),
        region: RegionId::from(region),
        municipality: None,
        residency,
        registered_at: at,
    }
}

fn course(r: &str, p: &str, enrolled: i64, completed: Option<i64>) -> CourseFacts {
    CourseFacts {
        resident: ResidentId::from(r),
        program: ProgramId::from(p),
        enrolled_at: day(enrolled),
        completed_at: completed.map(day),
    }
}

fn verified(r: &str, at: DateTime<Utc>) -> VerificationFacts {
    VerificationFacts {
        resident: ResidentId::from(r),
        at,
    }
}

/// The hand-computed region of the module docs' definitions: see the expectations below.
fn sample() -> MetricsInput {
    let mut residents: Vec<ResidentFacts> = (1..=12)
        .map(|i| {
            let residency = if i == 10 {
                Residency::Related
            } else {
                Residency::Local
            };
            resident(&format!("r{i:02}"), "R", residency, day(0))
        })
        .collect();
    residents.push(resident("r13", "R", Residency::Local, utc(2027, 5, 1, 0)));
    residents.push(resident("r14", "Other", Residency::Local, day(0)));

    let mut courses: Vec<CourseFacts> = (1..=8)
        .map(|i| course(&format!("r{i:02}"), "P1", 10, Some(60)))
        .collect();
    courses.push(course("r09", "P1", 10, None));
    courses.push(course("r11", "P1", 300, None));
    courses.push(course("r13", "P1", 10, Some(60)));
    courses.push(course("r01", "P2", 20, Some(70)));
    courses.push(course("r02", "P2", 20, Some(70)));

    let mut verifications: Vec<VerificationFacts> = (1..=7)
        .map(|i| verified(&format!("r{i:02}"), day(65)))
        .collect();
    verifications.push(verified("r09", day(80)));
    verifications.push(verified("r08", utc(2027, 4, 5, 0)));

    let lasting = |r: &'static str, checkins: Vec<(DateTime<Utc>, u32)>| Plan {
        resident: r,
        matched: 90,
        trial: Some(100),
        checkins,
        ..Plan::default()
    };
    let engagements = vec![
        engagement(
            "R",
            1000,
            Plan {
                renewed: Some(250),
                ..lasting("r01", vec![(day(170), 50), (day(200), 60), (day(300), 40)])
            },
        ),
        engagement(
            "R",
            1000,
            Plan {
                renewed: Some(250),
                ..lasting("r02", vec![(day(200), 100)])
            },
        ),
        engagement(
            "R",
            1000,
            Plan {
                completed: Some(400),
                ..lasting("r03", vec![(day(200), 100)])
            },
        ),
        // 2026-03-31T16:00Z is 1 April in Japan: FY2026.
        engagement(
            "R",
            1000,
            lasting("r04", vec![(utc(2026, 3, 31, 16), 50), (day(200), 50)]),
        ),
        // 2027-03-31T16:00Z is 1 April 2027 in Japan: FY2027.
        engagement(
            "R",
            1000,
            lasting("r05", vec![(day(200), 100), (utc(2027, 3, 31, 16), 70)]),
        ),
        engagement(
            "R",
            1000,
            Plan {
                resident: "r06",
                matched: 200,
                trial: Some(210),
                cancelled: Some(230),
                ..Plan::default()
            },
        ),
        engagement(
            "R",
            1500,
            Plan {
                resident: "r10",
                matched: 150,
                trial: Some(160),
                checkins: vec![(day(250), 200), (day(350), 200)],
                ..Plan::default()
            },
        ),
        // Work on another region's job does not count here.
        engagement("Other", 1000, lasting("r01", vec![(day(200), 777)])),
        engagement("Other", 1000, lasting("r14", vec![(day(200), 777)])),
    ];
    MetricsInput {
        residents,
        courses,
        verifications,
        engagements,
    }
}

fn counts(rows: &[FunnelRow]) -> Vec<Cell<u64>> {
    rows.iter().map(|r| r.count).collect()
}

fn reached(rows: &[FunnelRow]) -> Vec<Cell<u64>> {
    rows.iter().map(|r| r.reached).collect()
}

fn close(c: Cell<f64>, want: f64) -> bool {
    c.value().is_some_and(|v| (v - want).abs() < 1e-9)
}

use Cell::{NotApplicable, Suppressed, Value};

#[test]
fn hand_computed_region_fiscal_year() {
    let fy = Period::fiscal_year(2026).expect("period");
    let r = region_report(&sample(), &region(), fy);
    let stages: Vec<FunnelStage> = r.funnel.iter().map(|r| r.stage).collect();
    assert_eq!(
        stages,
        [
            FunnelStage::Registered,
            FunnelStage::Trained,
            FunnelStage::Verified,
            FunnelStage::Matched,
            FunnelStage::Working,
            FunnelStage::Retained90,
            FunnelStage::Renewed,
        ]
    );
    assert_eq!(
        counts(&r.funnel),
        [
            Value(12),
            Value(8),
            Value(7),
            Value(6),
            Value(6),
            Value(5),
            Suppressed
        ]
    );
    assert_eq!(
        reached(&r.funnel),
        [
            Value(12),
            Value(8),
            Value(8),
            Value(7),
            Value(7),
            Value(6),
            Suppressed
        ]
    );
    let rates: Vec<Cell<f64>> = r.funnel.iter().map(|r| r.rate_from_previous).collect();
    assert_eq!(rates[0], NotApplicable);
    assert!(close(rates[1], 8.0 / 12.0));
    assert!(close(rates[2], 7.0 / 8.0));
    assert!(close(rates[3], 6.0 / 7.0));
    assert!(close(rates[4], 1.0));
    assert!(close(rates[5], 5.0 / 6.0));
    assert_eq!(
        rates[6], Suppressed,
        "a rate from a suppressed count is suppressed"
    );

    let w = r.work;
    assert_eq!(w.working_residents, Value(7));
    assert_eq!(w.contributors, Value(6));
    assert_eq!(w.hours, Value(900));
    assert_eq!(w.yen, Value(500 * 1000 + 400 * 1500));
    assert!(close(w.gini, 8.0 / 21.0), "{:?}", w.gini);
    assert_eq!(
        w.related_hours_share, Suppressed,
        "only one 関係人口 contributor"
    );
    assert_eq!(w.top10_share, Suppressed, "top 10% of 7 is one person");

    let programs: Vec<&str> = r.programs.iter().map(|p| p.program.as_str()).collect();
    assert_eq!(programs, ["P1", "P2"]);
    let p1 = &r.programs[0].rows;
    assert_eq!(p1[0].stage, FunnelStage::Enrolled);
    assert_eq!(
        counts(p1),
        [
            Value(10),
            Value(8),
            Value(7),
            Value(6),
            Value(6),
            Value(5),
            Suppressed
        ]
    );
    assert_eq!(
        reached(p1),
        [
            Value(10),
            Value(8),
            Value(8),
            Value(6),
            Value(6),
            Value(5),
            Suppressed
        ]
    );
    assert!(r.programs[1].rows.iter().all(|row| row.count == Suppressed));
}

#[test]
fn facts_after_the_period_end_do_not_count() {
    // As of the end of FY2025 (2026-04-01 JST): nobody had passed 90 days of work yet except
    // r01..r05 (trial on day 100 = 2026-01-08, +90 days = 2026-04-08): none.
    let fy = Period::fiscal_year(2025).expect("period");
    let r = region_report(&sample(), &region(), fy);
    assert_eq!(
        counts(&r.funnel),
        [
            Value(12),
            Value(8),
            Value(7),
            Value(5),
            Value(5),
            Suppressed,
            Suppressed
        ]
    );
    assert_eq!(reached(&r.funnel)[3], Value(6), "r10 matched on day 150");
    // Only r01 worked in FY2025 (50 hours): suppressed.
    assert_eq!(r.work.hours, Suppressed);
    assert_eq!(r.work.yen, Suppressed);
    assert_eq!(r.work.gini, Suppressed);
}

#[test]
fn a_month_counts_only_its_own_checkins() {
    // April 2026 (JST): day 200 is 19 April; r04's check-in of 2026-03-31T16:00Z is 1 April.
    let april = Period::month(2026, 4).expect("period");
    let r = region_report(&sample(), &region(), april);
    assert_eq!(r.work.contributors, Value(5));
    assert_eq!(r.work.hours, Value(60 + 100 + 100 + 50 + 50 + 100));
    // r01..r05 and r10 were running, r06 started on 29 April.
    assert_eq!(r.work.working_residents, Value(7));
    // May 2026: nobody checked in, so nothing about work is shown.
    let may = Period::month(2026, 5).expect("period");
    let r = region_report(&sample(), &region(), may);
    assert_eq!(r.work.working_residents, Value(7));
    assert_eq!(
        (r.work.contributors, r.work.hours, r.work.yen),
        (Suppressed, Suppressed, Suppressed)
    );
}

#[test]
fn small_regions_are_suppressed_everywhere() {
    let input = MetricsInput {
        residents: (1..=4)
            .map(|i| resident(&format!("s{i}"), "S", Residency::Local, day(0)))
            .collect(),
        courses: vec![course("s1", "P", 1, Some(2))],
        verifications: vec![verified("s1", day(3))],
        engagements: vec![engagement(
            "S",
            1000,
            Plan {
                resident: "s1",
                matched: 10,
                trial: Some(20),
                checkins: vec![(day(30), 10)],
                ..Plan::default()
            },
        )],
    };
    let r = region_report(
        &input,
        &RegionId::from("S"),
        Period::fiscal_year(2025).expect("p"),
    );
    assert!(
        r.funnel
            .iter()
            .all(|row| row.count == Suppressed && row.reached == Suppressed)
    );
    assert!(
        r.funnel
            .iter()
            .skip(1)
            .all(|row| row.rate_from_previous == Suppressed)
    );
    let w = r.work;
    for c in [w.working_residents, w.contributors, w.hours, w.yen] {
        assert_eq!(c, Suppressed);
    }
    for c in [w.related_hours_share, w.gini, w.top10_share] {
        assert_eq!(c, Suppressed);
    }
    let json = serde_json::to_string(&r).expect("serialize");
    assert!(
        !json.contains("\"value\":1"),
        "no small number leaks: {json}"
    );
}

fn workers(local: &[u32], related: &[u32]) -> MetricsInput {
    let mut input = MetricsInput::default();
    let people = local
        .iter()
        .map(|h| (Residency::Local, *h))
        .chain(related.iter().map(|h| (Residency::Related, *h)));
    for (i, (residency, hours)) in people.enumerate() {
        let id: &'static str = Box::leak(format!("w{i:03}").into_boxed_str());
        input.residents.push(resident(id, "R", residency, day(0)));
        input.engagements.push(engagement(
            "R",
            1000,
            Plan {
                resident: id,
                matched: 190,
                trial: Some(200),
                checkins: vec![(day(214), hours)],
                ..Plan::default()
            },
        ));
    }
    input
}

#[test]
fn related_share_and_gini() {
    let fy = Period::fiscal_year(2026).expect("period");
    let r = region_report(&workers(&[10; 5], &[30; 5]), &region(), fy);
    assert_eq!(r.work.hours, Value(200));
    assert!(close(r.work.related_hours_share, 0.75));
    assert!(close(r.work.gini, 0.25));
    assert_eq!(r.work.top10_share, Suppressed);
    // Four 関係人口 contributors: their share is suppressed.
    let r = region_report(&workers(&[10; 5], &[30; 4]), &region(), fy);
    assert_eq!(r.work.related_hours_share, Suppressed);
    assert_eq!(r.work.hours, Value(170));
    // Four local contributors: the share would reveal their hours as 1 − share.
    let r = region_report(&workers(&[10; 4], &[30; 5]), &region(), fy);
    assert_eq!(r.work.related_hours_share, Suppressed);
}

#[test]
fn top_ten_percent_needs_five_people_in_the_top_group() {
    let fy = Period::fiscal_year(2026).expect("period");
    let hours: Vec<u32> = (1..=50).collect();
    let r = region_report(&workers(&hours, &[]), &region(), fy);
    assert!(
        close(r.work.top10_share, 240.0 / 1275.0),
        "{:?}",
        r.work.top10_share
    );
    let r = region_report(&workers(&hours[..40], &[]), &region(), fy);
    assert_eq!(r.work.top10_share, Suppressed, "top group of 4");
}

#[test]
fn gini_known_values() {
    assert_eq!(gini(&[]), None);
    assert_eq!(gini(&[0, 0, 0]), None);
    assert!(gini(&[7; 9]).is_some_and(|g| g.abs() < 1e-12));
    for n in 1..=20usize {
        let mut v = vec![0u64; n - 1];
        v.push(1234);
        let want = (n as f64 - 1.0) / n as f64;
        assert!(
            gini(&v).is_some_and(|g| (g - want).abs() < 1e-12),
            "n = {n}"
        );
    }
    assert!(
        gini(&[0, 100, 100, 100, 100, 100, 400]).is_some_and(|g| (g - 8.0 / 21.0).abs() < 1e-12)
    );
}

proptest! {
    #[test]
    fn gini_is_within_bounds_and_order_free(mut v in prop::collection::vec(0u64..10_000, 1..60)) {
        if let Some(g) = gini(&v) {
            let n = v.len() as f64;
            prop_assert!(g >= -1e-12 && g <= (n - 1.0) / n + 1e-12, "{}", g);
            v.reverse();
            prop_assert!(gini(&v).is_some_and(|h| (h - g).abs() < 1e-9));
        }
    }
}

#[test]
fn fiscal_year_boundaries() {
    assert_eq!(fiscal_year(date(2026, 3, 31)), 2025);
    assert_eq!(fiscal_year(date(2026, 4, 1)), 2026);
    assert_eq!(fiscal_year(date(2026, 1, 1)), 2025);
    assert_eq!(fiscal_year(date(2026, 12, 31)), 2026);
    let fy = Period::fiscal_year(2025).expect("period");
    assert_eq!((fy.start, fy.end), (date(2025, 4, 1), date(2026, 4, 1)));
    // 2026-03-31 23:59 JST is in FY2025; 00:00 JST on 1 April is not.
    assert!(fy.contains(utc(2026, 3, 31, 14)));
    assert!(!fy.contains(utc(2026, 3, 31, 15)));
    assert_eq!(fy.end_utc(), utc(2026, 3, 31, 15));
    assert_eq!(fy.start_utc(), utc(2025, 3, 31, 15));
    assert_eq!(jst_date(utc(2026, 3, 31, 15)), date(2026, 4, 1));
    assert_eq!(Period::fiscal_year_of(date(2026, 3, 31)), Some(fy));
    assert_eq!(fy.label(), Localized::new("2025年度", "FY2025"));
}

#[test]
fn month_periods() {
    let dec = Period::month(2026, 12).expect("period");
    assert_eq!((dec.start, dec.end), (date(2026, 12, 1), date(2027, 1, 1)));
    assert_eq!(dec.label().ja, "2026年12月");
    assert_eq!(dec.label().en, "December 2026");
    assert_eq!(Period::month(2026, 13), None);
    assert_eq!(Period::month_of(date(2026, 2, 28)), Period::month(2026, 2));
    let feb = Period::month(2026, 2).expect("period");
    assert!(feb.contains(utc(2026, 2, 28, 14)));
    assert!(!feb.contains(utc(2026, 2, 28, 15)));
}

/// The named region of the sample (id `R`, one municipality `M`) and its two courses.
fn named() -> (crate::model::Region, Vec<crate::model::Program>) {
    let named_region = crate::model::Region {
        id: region(),
        name: Localized::new("みどり圏域", "Midori area"),
        prefecture: 20,
        municipalities: vec![crate::model::Municipality {
            id: crate::model::MunicipalityId::from("M"),
            name: Localized::new("みどり市", "Midori City"),
        }],
    };
    let course = |id: &str, ja: &str| crate::model::Program {
        id: ProgramId::from(id),
        region_id: region(),
        municipality_id: crate::model::MunicipalityId::from("M"),
        name: Localized::new(ja, ja),
        description: Localized::new("", ""),
        kind: crate::model::ProgramKind::SupportScheme {
            for_whom: String::new(),
            link: None,
        },
        security_course: false,
    };
    (
        named_region,
        vec![course("P1", "経理入門"), course("P2", "SNS講座")],
    )
}

#[test]
fn csv_rows_in_japanese() {
    let mut r = region_report_with_trend(
        &sample(),
        &region(),
        Period::fiscal_year(2026).expect("period"),
        date(2027, 3, 31),
    );
    let (named_region, programs) = named();
    r.name(
        &named_region,
        &crate::model::MunicipalityId::from("M"),
        &programs,
    );
    assert_eq!(
        r.municipality_name.as_ref().map(|n| n.ja.as_str()),
        Some("みどり市")
    );
    let rows = to_csv_rows(&r);
    assert_eq!(rows[0], CSV_HEADER.map(str::to_owned).to_vec());
    assert!(rows.iter().all(|row| row.len() == CSV_HEADER.len()));
    let find = |group: &str, program: &str, item: &str| {
        rows.iter()
            .find(|row| row[2] == group && row[3] == program && row[4] == item)
            .map(|row| row[5].clone())
            .expect("row present")
    };
    assert_eq!(find("ファネル", "", "登録"), "12");
    assert_eq!(find("ファネル", "", "契約更新"), SUPPRESSED_MARK);
    assert_eq!(find("前段階からの移行率", "", "登録"), NOT_APPLICABLE_MARK);
    assert_eq!(find("前段階からの移行率", "", "講座修了"), "66.7");
    assert_eq!(find("到達人数", "", "スキル認定"), "8");
    assert_eq!(find("就業", "", "稼働時間"), "900");
    assert_eq!(find("就業", "", "報酬額"), "1100000");
    assert_eq!(find("就業", "", "ジニ係数"), "0.381");
    assert_eq!(
        find("就業", "", "関係人口による時間の割合"),
        SUPPRESSED_MARK
    );
    // Words, not codes (issue 18): the region and the courses by name.
    assert_eq!(find("講座別ファネル", "経理入門", "受講申込"), "10");
    assert_eq!(
        find("講座別ファネル", "SNS講座", "受講申込"),
        SUPPRESSED_MARK
    );
    assert!(rows.iter().skip(1).all(|row| row[0] == "みどり圏域"));
    assert!(
        rows.iter()
            .skip(1)
            .all(|row| row[3] != "P1" && row[3] != "P2")
    );
    let (report_rows, trend_rows): (Vec<_>, Vec<_>) = rows
        .iter()
        .skip(1)
        .partition(|row| row[2] != "12か月の推移");
    assert!(report_rows.iter().all(|row| row[1] == "2026年度"));
    // The twelve-month trend is in the CSV: 12 months × 3 figures, each month named.
    assert_eq!(trend_rows.len(), 36);
    assert_eq!(trend_rows[0][1], "2026年4月");
    assert_eq!(trend_rows[35][1], "2027年3月");
    // 3 funnel blocks × 7 rows, 7 work rows, 2 programs × 3 blocks × 7 rows, the trend, header.
    assert_eq!(rows.len(), 1 + 21 + 7 + 42 + 36);
}

#[test]
fn csv_text_has_bom_crlf_and_quotes() {
    let rows = vec![
        vec!["地域".to_owned(), "a,b".to_owned()],
        vec!["say \"hi\"".to_owned(), "x".to_owned()],
    ];
    let text = csv_with_bom(&rows);
    assert_eq!(text, "\u{feff}地域,\"a,b\"\r\n\"say \"\"hi\"\"\",x\r\n");
}

#[test]
fn report_serializes_cells_plainly() {
    let c: Cell<u64> = Value(12);
    assert_eq!(serde_json::to_string(&c).expect("json"), r#"{"value":12}"#);
    assert_eq!(
        serde_json::to_string(&Cell::<u64>::Suppressed).expect("json"),
        r#""suppressed""#
    );
    let r = region_report(
        &sample(),
        &region(),
        Period::fiscal_year(2026).expect("period"),
    );
    let json = serde_json::to_string(&r).expect("json");
    let back: RegionReport = serde_json::from_str(&json).expect("back");
    assert_eq!(back.funnel, r.funnel);
}

#[test]
fn input_from_model_types() {
    use crate::model::{
        DataAccess, Devices, JobStatus, Level, Pay, SkillClaim, TaskKindId, TimeWindows,
        Verification, WhoMayApply, Wishes, WorkPlace,
    };
    let res = Resident {
        id: ResidentId::from("r1"),
        region_id: region(),
        municipality_id: None,
        residency: Residency::Related,
        display_name: "山田".into(),
        phone: None,
        skills: vec![
            SkillClaim {
                task: TaskKindId::from("sns.post"),
                level: Level::Experienced,
                verification: Some(Verification::Hub {
                    coordinator: UserId::from("hub"),
                    note: "作品を確認".into(),
                    at: day(5),
                }),
            },
            SkillClaim {
                task: TaskKindId::from("x"),
                level: Level::Beginner,
                verification: None,
            },
        ],
        hours_per_week: 10,
        windows: TimeWindows::ALL,
        devices: Devices::Pc,
        wishes: Wishes::default(),
        track: Default::default(),
        created_at: day(1),
    };
    let f = ResidentFacts::from_resident(&res);
    assert_eq!((f.residency, f.registered_at), (Residency::Related, day(1)));
    assert_eq!(
        VerificationFacts::from_resident(&res),
        vec![verified("r1", day(5))]
    );
    let job = Job {
        id: JobId::from("j"),
        company_id: CompanyId::from("c"),
        region_id: region(),
        title: String::new(),
        description: String::new(),
        tasks: vec![],
        hours_per_week: 10,
        min_hours_per_person: 5,
        windows: TimeWindows::ALL,
        duration_weeks: 12,
        place: WorkPlace::Remote,
        pay: Pay::PerTask {
            yen: 500,
            minutes_per_task: 20,
        },
        who_may_apply: WhoMayApply::Anyone,
        team_allowed: false,
        needs_pc: true,
        data_access: DataAccess::PublicOnly,
        status: JobStatus::Open,
        pay_schedule: Default::default(),
        closure: None,
        created_at: day(0),
    };
    let e = EngagementFacts::new(&job, Default::default());
    assert_eq!((e.region, e.hourly_yen), (region(), 1500));
}

#[test]
fn the_trend_ends_at_the_period_end_or_this_month_while_it_runs() {
    let fy = Period::fiscal_year(2026).expect("period");
    assert_eq!(
        trend_end(&fy, date(2026, 5, 10)),
        date(2026, 5, 1),
        "running: this month"
    );
    assert_eq!(
        trend_end(&fy, date(2027, 6, 1)),
        date(2027, 3, 1),
        "over: its last month"
    );
    let month = Period::month(2026, 2).expect("month");
    assert_eq!(trend_end(&month, date(2026, 2, 14)), date(2026, 2, 1));
    assert_eq!(trend_end(&month, date(2026, 9, 1)), date(2026, 2, 1));
}

#[test]
fn the_trend_has_twelve_months_each_as_its_own_report_with_small_cells_suppressed() {
    // Ten residents registered in October 2025, working from 19 April 2026, hours in May.
    let input = workers(&[10; 5], &[30; 5]);
    let t = trend(&input, &region(), date(2026, 5, 1), TREND_MONTHS);
    assert_eq!(t.len(), 12);
    assert_eq!(t[0].month, date(2025, 6, 1));
    assert_eq!(t[11].month, date(2026, 5, 1));
    let at = |y, m| t.iter().find(|p| p.month == date(y, m, 1)).expect("month");
    assert_eq!(
        at(2025, 9).registered,
        Suppressed,
        "nobody yet: 0 is under 5"
    );
    assert_eq!(at(2025, 10).registered, Value(10));
    assert_eq!(at(2026, 3).working, Suppressed);
    assert_eq!(at(2026, 4).working, Value(10));
    assert_eq!(at(2026, 4).hours, Suppressed, "no hours recorded in April");
    assert_eq!(at(2026, 5).hours, Value(200));
    for p in &t {
        let month = Period::month_of(p.month).expect("month");
        let r = region_report(&input, &region(), month);
        assert_eq!(p.hours, r.work.hours);
        assert_eq!(p.working, r.work.working_residents);
    }
    // Four workers: every work figure of every month is suppressed.
    let few = trend(
        &workers(&[10; 2], &[30; 2]),
        &region(),
        date(2026, 5, 1),
        12,
    );
    assert!(few.iter().all(|p| p.working.is_suppressed()
        && p.hours.is_suppressed()
        && p.registered.is_suppressed()));
}

#[test]
fn the_report_with_trend_is_the_report_plus_its_months() {
    let input = workers(&[10; 5], &[30; 5]);
    let fy = Period::fiscal_year(2026).expect("period");
    let plain = region_report(&input, &region(), fy);
    assert!(plain.trend.is_empty());
    let with = region_report_with_trend(&input, &region(), fy, date(2026, 5, 10));
    assert_eq!(with.trend.len(), 12);
    assert_eq!(with.trend[11].month, date(2026, 5, 1));
    assert_eq!(
        RegionReport {
            trend: Vec::new(),
            ..with
        },
        plain
    );
}

#[test]
fn funnel_stages_name_themselves_as_serde_does() {
    // The dashboard's data attributes use `as_str` (the app is built without Debug output).
    for s in FunnelStage::ALL {
        assert_eq!(
            serde_json::to_value(s).ok(),
            Some(serde_json::json!(s.as_str()))
        );
    }
}

#[test]
fn an_engagements_marks_say_when_it_counts_as_retained_at_any_moment() {
    let start = day(10);
    let states = [None, Some(50), Some(100), Some(500)].map(|ended| EngagementState {
        trial_started_at: Some(start),
        matched_at: Some(day(5)),
        ended_at: ended.map(day),
        ..EngagementState::default()
    });
    for s in &states {
        let marks = EngagementMarks::of(s);
        assert_eq!(marks.working, Some(start));
        for d in 0..400 {
            let as_of = day(d);
            assert_eq!(
                marks.retained.is_some_and(|r| r <= as_of),
                retained(s, as_of),
                "{:?} on day {d}",
                s.ended_at
            );
        }
    }
    assert_eq!(
        EngagementMarks::of(&EngagementState::default()),
        EngagementMarks::default()
    );
}

#[test]
fn the_trend_months_are_the_twelve_months_up_to_the_last() {
    let months = trend_months(date(2026, 3, 1), 12);
    assert_eq!(months.len(), 12);
    assert_eq!(months[0].start, date(2025, 4, 1));
    assert_eq!(months[11].end, date(2026, 4, 1));
}
