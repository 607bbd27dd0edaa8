// Region benchmark (not a test): every console view and the resident's and company's hot paths
// on a local `wrangler dev`, with p50/p95 over RUNS sequential requests and the storage each one
// made (`Server-Timing: storage;…;desc="kv=<n> do=<m>"`), beside a one-key read measured in the
// same run. `make bench-region`.
//
// Sizes: the demo region only, so far. The large region the issue names (10,000 residents,
// 200 companies, 3,000 engagements, 40,000 events, 20 programs) needs a scaled seed in the worker,
// which is not built yet; the figures below are the baseline that the region desk's views will be
// compared with.
import { seedDemo, startServer } from "../support/server.mjs";
import { DEMO, login } from "../support/client.mjs";

const RUNS = Number(process.env.RUNS ?? 15);

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(client, path) {
  const times = [];
  let ops = { kv: 0, desk: 0 };
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const res = await fetch(`${client.base}${path}`, { headers: client.cookie ? { cookie: client.cookie } : {} });
    await res.arrayBuffer();
    times.push(performance.now() - started);
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    const m = (res.headers.get("server-timing") ?? "").match(/kv=(\d+) do=(\d+)/);
    if (m) ops = { kv: Number(m[1]), desk: Number(m[2]) };
  }
  times.sort((a, b) => a - b);
  return { p50: pct(times, 50), p95: pct(times, 95), ...ops };
}

const server = await startServer();
try {
  await seedDemo(server.base);
  const [resident, company, hub, city] = await Promise.all(
    [DEMO.resident, DEMO.company, DEMO.hub, DEMO.municipality].map((e) => login(server.base, e)),
  );
  const anonymous = { base: server.base, cookie: null };
  const companyId = (await company.get("/api/v1/me")).body.role.company;
  const municipality = (await city.get("/api/v1/me")).body.role.municipality;
  const views = [
    ["one-key read", anonymous, "/api/v1/public/summary"],
    ["hub pipeline", hub, "/api/v1/hub/pipeline"],
    ["hub due", hub, "/api/v1/hub/due"],
    ["hub attention", hub, "/api/v1/hub/attention"],
    ["hub companies", hub, "/api/v1/hub/companies"],
    ["hub work requests", hub, "/api/v1/hub/work-requests"],
    ["hub invites", hub, "/api/v1/invites"],
    ["city metrics", city, `/api/v1/municipalities/${municipality}/metrics`],
    ["city programs", city, "/api/v1/programs"],
    ["resident matches", resident, "/api/v1/me/matches"],
    ["resident engagements", resident, "/api/v1/me/engagements"],
    ["company engagements", company, `/api/v1/companies/${companyId}/engagements`],
    ["company jobs", company, `/api/v1/companies/${companyId}/jobs`],
  ];
  console.log(`demo region, ${RUNS} sequential requests each`);
  console.log(`${"view".padEnd(22)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"KV".padStart(6)} ${"desk".padStart(5)}`);
  let baseline;
  for (const [name, client, path] of views) {
    const r = await measure(client, path);
    baseline ??= r.p50;
    const ratio = (r.p50 / baseline).toFixed(1);
    console.log(`${name.padEnd(22)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${String(r.kv).padStart(6)} ${String(r.desk).padStart(5)}   ${ratio}× the one-key read`);
  }
} finally {
  await server.dispose();
}
