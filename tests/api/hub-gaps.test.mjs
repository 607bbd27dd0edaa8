// The rest of the hub console and the municipality dashboard (issue 8) on a real workerd: the
// approval queue of the hub's region, check-in notes the company reads only when the hub shared
// them (old events without the flag stay with the hub), resident names on the hub's cards and
// never in the municipality's report, and the report's twelve-month trend.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { demoWorld, registerResident, agreeTerms, assertInstantOrder } from "../support/client.mjs";
import { jobInput, profileInput } from "../support/fixtures.mjs";
import { cardOf } from "../support/cards.mjs";

let server, company, hub, city, resident, anonymous, municipality, companyId;
before(async () => {
  ({ server, resident, company, hub, city, anonymous } = await demoWorld());
  municipality = (await city.get("/api/v1/me")).body.role.municipality;
  companyId = (await company.get("/api/v1/me")).body.role.company;
});
after(async () => { await server?.dispose(); });

const NAME = "山川 すみれ";

async function registerCompany(tag) {
  const res = await fetch(`${server.base}/api/v1/companies`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name: `株式会社 ${tag}`, industry: "製造業", prefecture: "熊本", municipality: "阿蘇市",
      size: "small", contact_person: "田中 一郎",
      email: `approve-${Date.now()}@example.jp`, password: "midori-2026-pass",
    }),
  });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  return body.company.id;
}

test("the approval queue lists a new company as pending until the hub decides, for the hub only", async () => {
  const id = await registerCompany("ささき工房");
  const queue = await hub.get("/api/v1/hub/companies");
  assert.equal(queue.status, 200, JSON.stringify(queue.body));
  const pending = queue.body.pending.find((c) => c.company === id);
  assert.ok(pending, "the new company waits");
  assert.equal(pending.name, "株式会社 ささき工房");
  assert.equal(pending.approval.state, "pending");
  assert.ok(queue.body.decided.length > 0, "the demo's approved companies are listed as decided");
  const times = queue.body.pending.map((c) => c.registered_at);
  assertInstantOrder(times, "oldest first", "the oldest registration first");

  const approved = await hub.post(`/api/v1/companies/${id}/approval`, { decision: "approve" });
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  const after = (await hub.get("/api/v1/hub/companies")).body;
  assert.ok(!after.pending.some((c) => c.company === id));
  assert.equal(after.decided[0].company, id, "the latest decision first");
  assert.equal(after.decided[0].approval.state, "approved");

  assert.equal((await anonymous.get("/api/v1/hub/companies")).status, 401);
  for (const who of [resident, company, city]) assert.equal((await who.get("/api/v1/hub/companies")).status, 403);
});

let engagement, residentId;

test("the company reads a check-in's note only when the hub shared it with the company", async () => {
  const job = await company.post("/api/v1/jobs", jobInput({ title: "伝票の入力（共有テスト）" }));
  assert.equal(job.status, 201, JSON.stringify(job.body));
  const email = `share-${Date.now()}@example.jp`;
  const { client, account } = await registerResident(server.base, email);
  residentId = account.id;
  const put = await client.put("/api/v1/me/profile", profileInput({ display_name: NAME, skills: [{ task: "data.entry", level: "beginner" }] }));
  assert.equal(put.status, 201, JSON.stringify(put.body));
  assert.equal((await company.post(`/api/v1/jobs/${job.body.id}/talent/${cardOf(job.body.id, account.id)}/interest`)).status, 201);
  const mutual = await client.post(`/api/v1/jobs/${job.body.id}/interest`);
  assert.equal(mutual.status, 201, JSON.stringify(mutual.body));
  engagement = mutual.body.id;
  const post = (event) => hub.post(`/api/v1/engagements/${engagement}/events`, event);
  await agreeTerms(company, client, engagement);
  assert.equal((await post({ type: "trial_started", trial_weeks: 4 })).status, 201);
  const checkIn = (note, extra) => ({ type: "check_in", mood: 4, hours_worked: 3, note, follow_up: `${note}の次`, with: "both", ...extra });
  assert.equal((await post(checkIn("企業にも伝えるメモ", { shared_with_company: true }))).status, 201);
  assert.equal((await post(checkIn("推進ハブだけのメモ", { shared_with_company: false }))).status, 201);
  // An event as stored before the flag existed: no field at all.
  assert.equal((await post(checkIn("古い形のメモ", {}))).status, 201);
  // With the resident alone: even asked to share, the company does not see it at all.
  assert.equal((await post(checkIn("本人とだけのメモ", { with: "resident", shared_with_company: true }))).status, 201);

  const list = await company.get(`/api/v1/companies/${companyId}/engagements`);
  assert.equal(list.status, 200, JSON.stringify(list.body));
  const mine = list.body.find((e) => e.id === engagement);
  assert.ok(mine, "the company lists the engagement");
  assert.equal(mine.checkins.length, 3, "check-ins held with the company");
  const notes = mine.checkins.map((c) => c.note).filter(Boolean);
  assert.deepEqual(notes, ["企業にも伝えるメモ"]);
  const text = JSON.stringify(list.body);
  for (const hidden of ["推進ハブだけのメモ", "古い形のメモ", "本人とだけのメモ"]) assert.ok(!text.includes(hidden), hidden);
  assert.ok(text.includes("企業にも伝えるメモの次"), "the shared follow-up too");

  const one = JSON.stringify((await company.get(`/api/v1/engagements/${engagement}`)).body);
  assert.ok(one.includes("企業にも伝えるメモ") && !one.includes("推進ハブだけのメモ"), "the same in the engagement's own view");
  const timeline = JSON.stringify((await hub.get(`/api/v1/hub/residents/${residentId}/timeline`)).body);
  for (const note of ["企業にも伝えるメモ", "推進ハブだけのメモ", "古い形のメモ"]) assert.ok(timeline.includes(note), `the hub reads ${note}`);
});

test("hub cards carry the resident's name; the municipality's report never does", async () => {
  const cards = (await hub.get("/api/v1/hub/pipeline")).body.columns.flatMap((c) => c.cards);
  const card = cards.find((c) => c.engagement === engagement);
  assert.equal(card.resident_name, NAME);
  assert.ok(cards.filter((c) => c.resident_name).length > 50, "the demo residents are named too");
  const due = (await hub.get("/api/v1/hub/due")).body.items;
  assert.ok(due.every((c) => typeof c.resident_name === "string"), "due cards are named");
  const attention = (await hub.get("/api/v1/hub/attention")).body;
  assert.ok(attention.idle.every((g) => typeof g.resident_name === "string"), "idle graduates are named");
  const t = (await hub.get(`/api/v1/hub/residents/${residentId}/timeline`)).body;
  assert.equal(t.party_name, NAME);

  const report = JSON.stringify((await city.get(`/api/v1/municipalities/${municipality}/metrics`)).body);
  assert.ok(!report.includes(NAME) && !report.includes("resident_name") && !report.includes(residentId), "no name, no id");
});

test("the report carries twelve months of trend, each month as its own report, small cells suppressed", async () => {
  const path = `/api/v1/municipalities/${municipality}/metrics`;
  const { trend } = (await city.get(`${path}?month=2026-03`)).body;
  assert.equal(trend.length, 12);
  assert.equal(trend[0].month, "2025-04-01");
  assert.equal(trend[11].month, "2026-03-01");
  const ok = (cell) => cell === "suppressed" || Number.isInteger(cell.value);
  for (const p of trend) assert.ok(ok(p.registered) && ok(p.working) && ok(p.hours), JSON.stringify(p));
  for (const p of trend) if (p.working.value !== undefined) assert.ok(p.working.value >= 5, "no cell under 5");
  // A month of the trend equals that month's own report.
  const month = (await city.get(`${path}?month=2026-01`)).body;
  const jan = trend.find((p) => p.month === "2026-01-01");
  assert.deepEqual(jan.hours, month.work.hours);
  assert.deepEqual(jan.working, month.work.working_residents);
  assert.deepEqual(jan.registered, month.funnel[0].count);
  const registered = trend.map((p) => p.registered.value ?? 0);
  assert.deepEqual(registered, [...registered].sort((a, b) => a - b), "registrations only grow");
});
