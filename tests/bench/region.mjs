// Region benchmark (not a test): every console view and the resident's and company's hot paths
// on a local `wrangler dev`, with p50/p95 over RUNS sequential requests and the storage each one
// made (`Server-Timing: storage;…;desc="kv=<n> do=<m>"`), beside a one-key read measured in the
// same run. `make bench-region`.
//
// Two sizes, each on its own server and state folder: the demo region (300 residents, 24
// companies, about 60 engagements) and a large one seeded by `POST /api/v1/dev/seed?size=large`
// (10,000 residents, 200 companies, about 3,000 engagements and 36,000 events), whose
// engagements the seed hands the region desk in batches. SIZES=demo or SIZES=large runs one.
// KEEP=<folder> keeps each size's state in <folder>/<size> and, on the next run, measures that
// region again without seeding it (and leaves the desk's SQLite file there to read with sqlite3).
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer } from "../support/server.mjs";
import { DEMO, login } from "../support/client.mjs";
import { jobInput } from "../support/fixtures.mjs";

const RUNS = Number(process.env.RUNS ?? 15);
const SIZES = (process.env.SIZES ?? "demo,large").split(",");
const TIMEOUT_MS = Number(process.env.TIMEOUT_MS ?? 60_000);
const KEEP = process.env.KEEP;
// Untimed requests per view before its RUNS: the first calls after a start run the worker's and
// the desk's wasm before V8 has optimised it (the first view measured was ~20 ms slower).
const WARMUP = Number(process.env.WARMUP ?? 2);
// Untimed rounds of every view (reads only) before any is measured: V8 optimises the worker's
// wasm as it runs, so without them the views measured first pay for it (one run read the same
// board page in 18.2 ms first and 7.7 ms last). Production isolates serve warm.
const WARM_ROUNDS = Number(process.env.WARM_ROUNDS ?? 3);

/** Seeds a region of this size, one step per call, until the worker says it is complete. */
async function seed(base, size) {
  const started = performance.now();
  let from = 0;
  let calls = 0;
  for (;;) {
    const res = await fetch(`${base}/api/v1/dev/seed?from=${from}&size=${size}`, { method: "POST" });
    if (!res.ok) throw new Error(`seed failed: ${res.status} ${await res.text()}`);
    const report = await res.json();
    calls++;
    if (report.next == null) break;
    from = report.next;
    if (calls % 25 === 0) console.log(`  seeding ${size}: ${from} of ${report.total} steps`);
  }
  console.log(`${size} region seeded in ${((performance.now() - started) / 1000).toFixed(0)} s (${calls} calls)`);
}

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** RUNS sequential reads of `path`; `before` (not timed) runs ahead of each, e.g. a write. */
async function measure(client, path, before) {
  const times = [];
  let ops = { kv: 0, desk: 0 };
  for (let i = 0; i < WARMUP; i++) {
    const res = await fetch(`${client.base}${path}`, { headers: client.cookie ? { cookie: client.cookie } : {}, signal: AbortSignal.timeout(TIMEOUT_MS) });
    await res.arrayBuffer();
  }
  for (let i = 0; i < RUNS; i++) {
    if (before) await before(i);
    const started = performance.now();
    let res;
    try {
      res = await fetch(`${client.base}${path}`, { headers: client.cookie ? { cookie: client.cookie } : {}, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (e) {
      return { p50: NaN, p95: NaN, kv: "-", desk: "-", failed: `no answer in ${TIMEOUT_MS / 1000} s` };
    }
    await res.arrayBuffer();
    times.push(performance.now() - started);
    if (!res.ok) return { p50: NaN, p95: NaN, kv: "-", desk: "-", failed: `${res.status}` };
    const m = (res.headers.get("server-timing") ?? "").match(/kv=(\d+) do=(\d+)/);
    if (m) ops = { kv: Number(m[1]), desk: Number(m[2]) };
  }
  times.sort((a, b) => a - b);
  return { p50: pct(times, 50), p95: pct(times, 95), ...ops };
}

/** Bytes of the Durable Objects' SQLite files in a state folder (the region desks). */
function deskBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += deskBytes(path);
    else if (path.includes(`${"/do/"}`) && /\.sqlite(-wal)?$/.test(entry.name)) total += statSync(path).size;
  }
  return total;
}

async function bench(size) {
  const stateDir = KEEP ? join(KEEP, size) : undefined;
  const seeded = stateDir && existsSync(join(stateDir, ".seeded"));
  if (stateDir) mkdirSync(stateDir, { recursive: true });
  const server = await startServer({ stateDir });
  try {
    if (seeded) console.log(`${size}: measuring the region kept in ${stateDir}`);
    else {
      await seed(server.base, size);
      if (stateDir) writeFileSync(join(stateDir, ".seeded"), "");
    }
    const [resident, company, hub, city] = await Promise.all(
      [DEMO.resident, DEMO.company, DEMO.hub, DEMO.municipality].map((e) => login(server.base, e)),
    );
    const anonymous = { base: server.base, cookie: null };
    const companyId = (await company.get("/api/v1/me")).body.role.company;
    const municipality = (await city.get("/api/v1/me")).body.role.municipality;
    const board = (await hub.get("/api/v1/hub/pipeline")).body;
    const card = board.columns.flatMap((c) => c.cards)[0];
    console.log(`${size}: ${board.total} cards; today: ${board.today.checkins_total} check-ins due, ${board.today.stalled_total} stalled (the board carries ${board.today.checkins.length} and ${board.today.stalled.length})`);
    const job = (await company.get(`/api/v1/companies/${companyId}/jobs`)).body[0];
    const course = (await city.get("/api/v1/programs")).body
      .find((p) => p.kind.kind === "course" && p.municipality_id === municipality);
    const views = [
      ["one-key read", anonymous, "/api/v1/public/summary"],
      ["hub pipeline", hub, "/api/v1/hub/pipeline"],
      ["hub pipeline page", hub, "/api/v1/hub/pipeline?limit=50"],
      ["hub due", hub, "/api/v1/hub/due"],
      ["hub attention", hub, "/api/v1/hub/attention"],
      ["hub companies", hub, "/api/v1/hub/companies"],
      ["hub work requests", hub, "/api/v1/hub/work-requests"],
      ["hub invites", hub, "/api/v1/invites"],
      ["hub engagement", hub, `/api/v1/engagements/${card.engagement}`],
      ["hub resident timeline", hub, `/api/v1/hub/residents/${card.resident}/timeline`],
      ["hub company timeline", hub, `/api/v1/hub/companies/${card.company}/timeline`],
      ["city metrics", city, `/api/v1/municipalities/${municipality}/metrics`],
      ["city programs", city, "/api/v1/programs"],
      ["city placement", city, `/api/v1/programs/${course.id}/placement`],
      ["resident matches", resident, "/api/v1/me/matches"],
      ["resident engagements", resident, "/api/v1/me/engagements"],
      ["resident inbox", resident, "/api/v1/me/inbox"],
      ["company engagements", company, `/api/v1/companies/${companyId}/engagements`],
      ["company jobs", company, `/api/v1/companies/${companyId}/jobs`],
      ["company talent", company, `/api/v1/jobs/${job.id}/talent?limit=20`],
    ];
    console.log(`${size}: the region desk's SQLite on disk: ${(deskBytes(server.state) / 1e6).toFixed(1)} MB`);
    // The city's report is kept until a fact it counts changes: measured also right after a
    // write (a check-in with hours), as the first read after each change would find it.
    const running = board.columns.find((c) => c.column === "working")?.cards[0];
    if (running) {
      const checkIn = async (i) => {
        const res = await hub.post(`/api/v1/engagements/${running.engagement}/events`, {
          type: "check_in", mood: 4, hours_worked: 1 + (i % 5), note: "計測", follow_up: null, with: "resident", shared_with_company: false,
        });
        if (res.status !== 201) throw new Error(`check-in: ${res.status} ${JSON.stringify(res.body)}`);
      };
      views.push(["city metrics, new fact", city, `/api/v1/municipalities/${municipality}/metrics`, checkIn]);
      // The desk keeps a board page until a row changes (desk::kept): the first read
      // after each write builds it again.
      views.push(["hub pipeline, new fact", hub, "/api/v1/hub/pipeline?limit=20", checkIn]);
      views.push(["hub attention, new fact", hub, "/api/v1/hub/attention", checkIn]);
      // A course's placement scores every graduate against every open job: kept in the desk
      // until one of its inputs changes, which a check-in is not.
      views.push(["city placement, new fact", city, `/api/v1/programs/${course.id}/placement`, checkIn]);
    }
    // A job edited before each read is one of the placement's inputs: built every time.
    const edited = (await company.post("/api/v1/jobs", jobInput({ title: "計測の仕事" }))).body;
    const editJob = async (i) => {
      const res = await company.put(`/api/v1/jobs/${edited.id}`, jobInput({ title: `計測の仕事 ${i}`, pay_yen: 1200 + 10 * (i % 5) }));
      if (res.status !== 200) throw new Error(`job edit: ${res.status} ${JSON.stringify(res.body)}`);
    };
    views.push(["city placement, new input", city, `/api/v1/programs/${course.id}/placement`, editJob]);
    views.push(["hub pipeline page 20", hub, "/api/v1/hub/pipeline?limit=20"]);
    for (let round = 0; round < WARM_ROUNDS; round++) {
      for (const [, client, path] of views) {
        const res = await fetch(`${client.base}${path}`, { headers: client.cookie ? { cookie: client.cookie } : {}, signal: AbortSignal.timeout(TIMEOUT_MS) });
        await res.arrayBuffer();
      }
    }
    const rows = [];
    for (const [name, client, path, before] of views) {
      const r = await measure(client, path, before);
      console.log(`  ${size} ${name}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, kv=${r.kv} do=${r.desk}${r.failed ? ` (${r.failed})` : ""}`);
      rows.push([name, r]);
    }
    return rows;
  } finally {
    await server.dispose();
  }
}

const results = {};
for (const size of SIZES) results[size] = await bench(size);
console.log(`\n${RUNS} sequential requests per view; ops = KV operations + desk calls (Server-Timing)`);
const sizes = Object.keys(results);
console.log(["view".padEnd(22), ...sizes.map((s) => `${s} p50/p95 ms`.padStart(22) + `${s} kv/do`.padStart(13))].join(""));
const names = results[sizes[0]].map(([name]) => name);
for (const [i, name] of names.entries()) {
  const cells = sizes.map((s) => {
    const r = results[s][i][1];
    const base = results[s][0][1].p50;
    const ratio = (r.p50 / base).toFixed(1);
    return `${r.p50.toFixed(1)}/${r.p95.toFixed(1)} (${ratio}×)`.padStart(22) + `${r.kv}/${r.desk}`.padStart(13);
  });
  console.log([name.padEnd(22), ...cells].join(""));
}
