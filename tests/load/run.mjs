// Load benchmark (not a test): a real `wrangler dev` with the demo region, then 100 concurrent
// clients for 30 s (DURATION=seconds, CLIENTS=n to change) doing what people do: residents read
// their matches, edit profiles and show interest; companies read talent and show interest; the
// hub posts check-ins; anyone reads the public summary. Prints requests/s, latency percentiles
// and errors (5xx or network failures; 4xx are counted apart: e.g. a repeated interest is a 409).
//
//   make bench-load            DURATION=15 make bench-load      LOG_FILE=/tmp/wrangler.log (keeps the server log)
import { performance } from "node:perf_hooks";
import { seedDemo, startServer } from "../support/server.mjs";
import { cardOf } from "../support/cards.mjs";
import { Client, DEMO, login, registerResident, agreeTerms } from "../support/client.mjs";
import { jobInput, profileInput } from "../support/fixtures.mjs";

const DURATION_S = Number(process.env.DURATION ?? 30);
const CLIENTS = Number(process.env.CLIENTS ?? 100);
const EXTRA_RESIDENTS = 6;

const PROFILE = (i, hours) => profileInput({ display_name: `負荷 テスト${i}`, hours_per_week: hours });
const JOB = (i) => jobInput({ title: `データ入力 ${i}`, team_allowed: true });


const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function setup(base) {
  console.log("# seeding the demo region …");
  await seedDemo(base);
  const company = await Promise.all([1, 2, 3].map(() => login(base, DEMO.company)));
  const hub = await Promise.all([1, 2].map(() => login(base, DEMO.hub)));
  const demoResident = await login(base, DEMO.resident);
  console.log(`# registering ${EXTRA_RESIDENTS} residents (PBKDF2 each) …`);
  const editors = [];
  for (let i = 0; i < EXTRA_RESIDENTS; i++) {
    const { client } = await registerResident(base, `load-${Date.now()}-${i}@example.jp`);
    const put = await client.put("/api/v1/me/profile", PROFILE(i, 20));
    if (put.status !== 201) throw new Error(`profile: ${put.status} ${JSON.stringify(put.body)}`);
    editors.push({ client, i });
  }
  const jobs = [];
  for (let i = 0; i < 3; i++) {
    const res = await company[0].post("/api/v1/jobs", JOB(i));
    if (res.status !== 201) throw new Error(`job: ${res.status} ${JSON.stringify(res.body)}`);
    jobs.push(res.body.id);
  }
  // Engagements the hub can check in on: mutual interest, then a trial.
  const engagements = [];
  for (const { client } of editors) {
    const mine = await client.post(`/api/v1/jobs/${jobs[0]}/interest`);
    const me = (await client.get("/api/v1/me")).body.id;
    await company[0].post(`/api/v1/jobs/${jobs[0]}/talent/${cardOf(jobs[0], me)}/interest`);
    await agreeTerms(company[0], client, mine.body.id);
    const trial = await hub[0].post(`/api/v1/engagements/${mine.body.id}/events`, { type: "trial_started", trial_weeks: 4 });
    if (trial.status !== 201) throw new Error(`trial: ${trial.status} ${JSON.stringify(trial.body)}`);
    engagements.push(mine.body.id);
  }
  // Distinct (job, card) pairs for company interest, so most posts are first interests.
  const pairs = [];
  for (const job of jobs) {
    for (let offset = 0; offset < 300; offset += 50) {
      const page = await company[0].get(`/api/v1/jobs/${job}/talent?limit=50&offset=${offset}`);
      for (const c of page.body.items) pairs.push([job, c.card]);
      if (!page.body.has_more) break;
    }
  }
  pairs.sort(() => Math.random() - 0.5);
  const residents = [demoResident, ...editors.map((e) => e.client)];
  const openJobs = (await demoResident.get("/api/v1/me/matches?limit=50")).body.items.map((m) => m.job.id);
  return {
    company, hub, residents, editors, jobs, engagements, pairs, openJobs,
    anonymous: new Client(base),
  };
}

/** The mix: [weight, name, action(world) → request promise]. */
const MIX = [
  [30, "resident GET matches", (w) => pick(w.residents).get(`/api/v1/me/matches?limit=10&offset=${pick([0, 0, 10])}`)],
  [10, "resident PUT profile", (w) => { const e = pick(w.editors); return e.client.put("/api/v1/me/profile", PROFILE(e.i, 10 + Math.floor(Math.random() * 20))); }],
  [5, "resident POST interest", (w) => pick(w.residents).post(`/api/v1/jobs/${pick(w.openJobs)}/interest`)],
  [30, "company GET talent", (w) => pick(w.company).get(`/api/v1/jobs/${pick(w.jobs)}/talent?limit=20&offset=${pick([0, 0, 0, 20, 40])}`)],
  [10, "company POST interest", (w) => { const [job, card] = w.pairs.pop() ?? [pick(w.jobs), "none"]; return pick(w.company).post(`/api/v1/jobs/${job}/talent/${card}/interest`); }],
  [10, "hub POST check-in", (w) => pick(w.hub).post(`/api/v1/engagements/${pick(w.engagements)}/events`, { type: "check_in", mood: 1 + Math.floor(Math.random() * 5), hours_worked: 6, note: "負荷試験", follow_up: null, with: "both" })],
  [5, "public GET summary", (w) => w.anonymous.get("/api/v1/public/summary")],
];
const TOTAL_WEIGHT = MIX.reduce((a, [w]) => a + w, 0);
function choose() {
  let r = Math.random() * TOTAL_WEIGHT;
  for (const m of MIX) { r -= m[0]; if (r < 0) return m; }
  return MIX[0];
}

async function main() {
  const server = await startServer({ env: "dev" }); // the seed routes exist only in `dev`
  try {
    const world = await setup(server.base);
    console.log(`# ${CLIENTS} clients for ${DURATION_S} s against ${server.base}`);
    const stats = new Map(MIX.map(([, name]) => [name, { lat: [], s4xx: 0, errors: 0, codes: {} }]));
    const all = [];
    let errors = 0;
    const failures = new Map();
    const deadline = performance.now() + DURATION_S * 1000;
    const started = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const [, name, action] = choose();
        const st = stats.get(name);
        const t0 = performance.now();
        try {
          const res = await action(world);
          const ms = performance.now() - t0;
          st.lat.push(ms); all.push(ms);
          st.codes[res.status] = (st.codes[res.status] ?? 0) + 1;
          if (res.status >= 500) {
            st.errors++; errors++;
            const why = `${res.status} ${res.body?.error?.code ?? res.body?.text ?? ""}`;
            failures.set(why, (failures.get(why) ?? 0) + 1);
          } else if (res.status >= 400) st.s4xx++;
        } catch (e) {
          st.errors++; errors++;
          failures.set(String(e.cause?.code ?? e.message), (failures.get(String(e.cause?.code ?? e.message)) ?? 0) + 1);
          st.codes.network = (st.codes.network ?? 0) + 1;
        }
      }
    }));
    const elapsed = (performance.now() - started) / 1000;
    all.sort((a, b) => a - b);
    const line = (name, lat, extra) => {
      const s = [...lat].sort((a, b) => a - b);
      return `${name.padEnd(24)} ${String(lat.length).padStart(7)} ${(lat.length / elapsed).toFixed(1).padStart(8)} ${pct(s, 50).toFixed(0).padStart(6)} ${pct(s, 95).toFixed(0).padStart(6)} ${pct(s, 99).toFixed(0).padStart(6)}  ${extra}`;
    };
    console.log(`\n${"operation".padEnd(24)} ${"requests".padStart(7)} ${"req/s".padStart(8)} ${"p50ms".padStart(6)} ${"p95ms".padStart(6)} ${"p99ms".padStart(6)}  statuses`);
    for (const [name, st] of stats) console.log(line(name, st.lat, JSON.stringify(st.codes)));
    console.log(line("ALL", all, ""));
    console.log(`\nrequests/s: ${(all.length / elapsed).toFixed(1)}   p50 ${pct(all, 50).toFixed(0)} ms   p95 ${pct(all, 95).toFixed(0)} ms   p99 ${pct(all, 99).toFixed(0)} ms   errors (5xx/network): ${errors}   4xx: ${[...stats.values()].reduce((a, s) => a + s.s4xx, 0)}   (${CLIENTS} clients, ${elapsed.toFixed(1)} s)`);
    if (failures.size) {
      console.log(`failures: ${JSON.stringify(Object.fromEntries(failures))}`);
      const lines = server.log.join("").split("\n").filter((l) => /error|exceed|limit|Your worker/i.test(l) && !/ENOTFOUND|Request\.cf/.test(l));
      console.log(`wrangler said (last lines):\n${lines.slice(-8).join("\n")}`);
    }
    if (process.env.LOG_FILE) (await import("node:fs")).writeFileSync(process.env.LOG_FILE, server.log.join(""));
    process.exitCode = errors > 0 ? 1 : 0;
  } finally {
    await server.dispose();
  }
}

await main();
