//! The demo region, written into KV by `POST /api/v1/dev/seed`. The writes are planned from
//! `domain::demo` (deterministic ids and values) and carried out in chunks, because one Workers
//! invocation may make at most 1,000 KV operations. Idempotent: the same keys get the same values,
//! and a marker records the seeded version, so a second run writes nothing.

use domain::demo::{DemoConfig, DemoRegion};
use domain::index::{IndexBuilder, TaskSpace};
use domain::model::{JobStatus, ProgramKind, Residency};
use domain::vocabulary::Taxonomy;
use serde::Serialize;
use worker::Env;

use crate::error::{ApiError, ApiResult};
use crate::handlers::summary;
use crate::store::{Store, keys};

/// Bump when the demo data changes shape, so that an old local KV is re-seeded.
pub const SEED_VERSION: &str = "2";

/// Writes per call: well below the 1,000 KV operations one invocation may make.
pub const CHUNK: usize = 250;

#[derive(Debug, Serialize)]
pub struct SeedReport {
    /// False when this version was already seeded and nothing was written.
    pub seeded: bool,
    pub version: String,
    pub region: String,
    /// Where the next call continues (`?from=`), or None when the seed is complete.
    pub next: Option<usize>,
    pub total: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Json(String),
    Bytes(Vec<u8>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Write {
    pub key: String,
    pub value: Value,
}

fn json<T: Serialize>(key: String, value: &T) -> ApiResult<Write> {
    Ok(Write {
        key,
        value: Value::Json(serde_json::to_string(value)?),
    })
}

fn marker(region: &str, kind: &str, id: &str) -> Write {
    Write {
        key: keys::member(region, kind, id),
        value: Value::Json(String::new()),
    }
}

/// Every write of the demo region, in a fixed order.
pub fn plan(demo: &DemoRegion) -> ApiResult<Vec<Write>> {
    let region = demo.region();
    let r = region.id.as_str();
    let mut out = vec![json(keys::region(r), &region)?];
    for p in demo.programs() {
        out.push(json(keys::program(p.id.as_str()), &p)?);
        if matches!(p.kind, ProgramKind::Course { .. }) {
            out.push(marker(r, "course", p.id.as_str()));
        }
    }
    for c in demo.companies() {
        out.push(json(keys::company(c.id.as_str()), &c)?);
        out.push(marker(r, "company", c.id.as_str()));
    }
    for j in demo.jobs() {
        out.push(json(keys::job(j.id.as_str()), &j)?);
        if j.status == JobStatus::Open {
            out.push(marker(r, "job", j.id.as_str()));
        }
    }
    let space = TaskSpace::from_taxonomy(Taxonomy::builtin()).map_err(ApiError::internal)?;
    let mut index = IndexBuilder::new(region.id.clone(), space);
    for res in demo.residents() {
        index.push(&res).map_err(ApiError::internal)?;
        out.push(json(keys::resident(res.id.as_str()), &res)?);
        out.push(marker(r, "resident", res.id.as_str()));
        if res.residency == Residency::Related {
            out.push(marker(r, "related", res.id.as_str()));
        }
    }
    out.push(Write {
        key: keys::match_index(r),
        value: Value::Bytes(index.to_bytes()),
    });
    Ok(out)
}

pub fn demo_region() -> DemoRegion {
    DemoRegion::new(DemoConfig::default())
}

/// Carries out the writes from `from` on, one chunk; the last chunk also refreshes the summary
/// and records the seed version.
pub async fn seed_demo(env: &Env, from: usize) -> ApiResult<SeedReport> {
    let store = Store::open(env)?;
    let demo = demo_region();
    let region = demo.region().id.0;
    let done = store.get_text(keys::SEED_MARKER).await?.as_deref() == Some(SEED_VERSION);
    let writes = if done { Vec::new() } else { plan(&demo)? };
    let total = writes.len();
    let end = (from + CHUNK).min(total);
    for w in writes.get(from..end).unwrap_or_default() {
        match &w.value {
            Value::Json(text) => store.put_text(&w.key, text, None).await?,
            Value::Bytes(bytes) => store.put_bytes(&w.key, bytes).await?,
        }
    }
    let next = (end < total).then_some(end);
    if !done && next.is_none() {
        summary::refresh(&store, &region).await?;
        store.put_text(keys::SEED_MARKER, SEED_VERSION, None).await?;
    }
    Ok(SeedReport {
        seeded: !done,
        version: SEED_VERSION.to_owned(),
        region,
        next,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_is_deterministic_and_every_key_is_written_once() {
        let a = plan(&demo_region()).expect("plan");
        let b = plan(&demo_region()).expect("plan");
        assert_eq!(a, b);
        let mut keys: Vec<&str> = a.iter().map(|w| w.key.as_str()).collect();
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n, "a key is written twice");
    }

    #[test]
    fn plan_holds_residents_companies_jobs_courses_and_the_index() {
        let writes = plan(&demo_region()).expect("plan");
        let count = |prefix: &str| writes.iter().filter(|w| w.key.starts_with(prefix)).count();
        let config = DemoConfig::default();
        assert_eq!(count("resident:"), config.residents);
        assert_eq!(count("idx:midori:resident:"), config.residents);
        assert_eq!(count("company:"), config.companies);
        assert!(count("idx:midori:related:") > 0);
        assert!(count("idx:midori:job:") > 0);
        assert!(count("idx:midori:course:") > 0);
        assert_eq!(count("matchidx:midori"), 1);
        assert!(
            writes.len() < 4 * CHUNK,
            "seeding takes {} calls",
            writes.len().div_ceil(CHUNK)
        );
    }

    #[test]
    fn every_id_could_be_a_path_parameter() {
        for w in plan(&demo_region()).expect("plan") {
            let id = w.key.rsplit(':').next().unwrap_or_default();
            assert!(crate::router::param_is_safe(id), "{}", w.key);
        }
    }
}
