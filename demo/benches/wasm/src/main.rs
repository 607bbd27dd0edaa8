//! Ranks demo residents for one job with the packed index, in wasm, and prints one table row.
//! Usage (see demo/benches/rank.rs): `node run.mjs [wasm file] [residents]`.

use std::time::{Duration, Instant};

use musubi_demo::{DemoConfig, DemoRegion, REGION_ID};
use domain::index::{IndexBuilder, IndexView, Overlay, TaskSpace};
use domain::matching::Page;
use domain::model::{Level, RegionId, TaskKindId, TaskRequirement, TimeWindows, WhoMayApply};
use domain::vocabulary::Taxonomy;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let demo = DemoRegion::new(DemoConfig {
        seed: 20,
        residents: n,
        companies: 24,
    });
    // The native bench's job: data entry + SNS posts, 20 h on weekday mornings and daytime.
    let mut job = demo.jobs().remove(0);
    job.tasks = vec![
        TaskRequirement {
            task: TaskKindId::from("data.entry"),
            level: Level::Beginner,
        },
        TaskRequirement {
            task: TaskKindId::from("sns.post"),
            level: Level::Experienced,
        },
    ];
    job.hours_per_week = 20;
    job.min_hours_per_person = 5;
    job.windows = TimeWindows(0b0000_0011);
    job.place = domain::model::WorkPlace::Remote;
    job.pay = domain::model::Pay::Hourly { yen: 1100 };
    job.who_may_apply = WhoMayApply::LocalAndRelated;
    job.needs_pc = true;
    job.status = domain::model::JobStatus::Open;

    let space = TaskSpace::from_taxonomy(Taxonomy::builtin()).expect("taxonomy fits 128 bits");
    let started = Instant::now();
    let mut builder = IndexBuilder::new(RegionId::from(REGION_ID), space);
    for r in demo.residents() {
        builder
            .push(&r)
            .expect("demo residents use vocabulary tasks");
    }
    let bytes = builder.to_bytes();
    let build = started.elapsed();

    let started = Instant::now();
    let view = IndexView::from_bytes(&bytes).expect("index just built");
    let open = started.elapsed();
    let mut runs: Vec<Duration> = (0..21)
        .map(|_| {
            let t = Instant::now();
            let hits = view.rank(&job, Page::top(20), &Overlay::default());
            assert_eq!(hits.len(), 20);
            t.elapsed()
        })
        .collect();
    runs.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| residents | generate+build | from_bytes | bytes/resident | rank top-20 median | min |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {n} | {:.0} ms | {:.3} ms | {:.1} | {:.3} ms | {:.3} ms |",
        ms(build),
        ms(open),
        bytes.len() as f64 / n as f64,
        ms(runs[runs.len() / 2]),
        ms(runs[0])
    );
}
