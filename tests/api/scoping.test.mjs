// Work scoping with the hub (issue 8, 仕事の切り出し) on a real workerd: the company's rough
// request, the hub's first split into task cards, the check with teams and backups, a proposal the
// company declines with a reason, the revision, the acceptance that posts the cards as jobs, and
// who may see and do what.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, demoWorld } from "../support/client.mjs";

let server, company, hub, city, resident, anonymous, companyId;
before(async () => {
  ({ server, resident, company, hub, city, anonymous } = await demoWorld());
  companyId = (await company.get("/api/v1/me")).body.role.company;
});
after(async () => { await server?.dispose(); });

const ROUGH = "月末の請求書と記帳が重いし、インスタの更新も止まっている。合わせて週40時間くらい。";
let requestId, cards;

/** A company registered now (pending approval), with its member's session. */
async function otherCompany() {
  const res = await fetch(`${server.base}/api/v1/companies`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name: "株式会社 よその会社", industry: "小売", prefecture: "熊本", municipality: "阿蘇市",
      size: "small", contact_person: "佐藤 花子",
      email: `scope-other-${Date.now()}@example.jp`, password: "midori-2026-pass",
    }),
  });
  assert.equal(res.status, 201, await res.text());
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__Host-musubi_session=")).split(";")[0];
  return new Client(server.base, cookie);
}

test("a company's rough request is checked, kept once per Idempotency-Key and listed for the hub", async () => {
  const empty = await company.post("/api/v1/work-requests", { text: "  " });
  assert.equal(empty.status, 422);
  assert.equal(empty.body.error.fields[0].field, "text");
  assert.match(empty.body.error.fields[0].message.ja, /ご相談の内容/);
  const hours = await company.post("/api/v1/work-requests", { text: "経理を手伝ってほしい", hours_per_week: "たくさん" });
  assert.equal(hours.status, 422);
  assert.equal(hours.body.error.fields[0].field, "hours_per_week");
  assert.match(hours.body.error.fields[0].message.ja, /数字で入力/);

  const key = { headers: { "idempotency-key": `scope-${Date.now()}` } };
  const first = await company.post("/api/v1/work-requests", { text: ROUGH, hours_per_week: "40時間" }, key);
  assert.equal(first.status, 201, JSON.stringify(first.body));
  const again = await company.post("/api/v1/work-requests", { text: ROUGH, hours_per_week: "40時間" }, key);
  assert.equal(again.body.request.id, first.body.request.id, "a retried post is the same request");
  requestId = first.body.request.id;
  assert.equal(first.body.status.state, "new");
  assert.equal(first.body.request.written_by, "company");
  assert.equal(first.body.request.hours_per_week, 40);

  const list = await hub.get("/api/v1/hub/work-requests");
  assert.equal(list.status, 200, JSON.stringify(list.body));
  assert.equal(list.body.filter((v) => v.request.id === requestId).length, 1);
  assert.equal(list.body[0].status.state, "new", "what needs the hub comes first");
  assert.ok(list.body.find((v) => v.request.id === requestId).company_name.length > 0);

  assert.equal((await anonymous.get("/api/v1/hub/work-requests")).status, 401);
  for (const who of [resident, company, city]) assert.equal((await who.get("/api/v1/hub/work-requests")).status, 403);
  const own = await company.get(`/api/v1/companies/${companyId}/work-requests`);
  assert.equal(own.status, 200);
  assert.equal(own.body[0].request.id, requestId);
});

test("the workspace splits the request into one card per need it names, with its hours spread", async () => {
  const w = await hub.get(`/api/v1/work-requests/${requestId}/workspace`);
  assert.equal(w.body.brief.status.state, "new");
  assert.equal(w.status, 200, JSON.stringify(w.body));
  cards = w.body.cards;
  assert.equal(cards.length, 2);
  assert.equal(w.body.explain.length, 2);
  const titles = cards.map((c) => c.title).join(" / ");
  assert.match(titles, /記帳/);
  assert.match(titles, /Instagram/);
  assert.equal(cards.reduce((sum, c) => sum + Number(c.hours_per_week), 0), 40);
  for (const c of cards) if (Number(c.hours_per_week) > 20) assert.equal(c.team_allowed, "true");
  for (const who of [company, resident]) {
    assert.equal((await who.get(`/api/v1/work-requests/${requestId}/workspace`)).status, 403);
  }
});

test("the check shows each card's team with backups, by name, for the hub only", async () => {
  const check = await hub.post(`/api/v1/work-requests/${requestId}/check`, { cards });
  assert.equal(check.status, 200, JSON.stringify(check.body));
  assert.equal(check.body.cards.length, 2);
  const names = new Map(check.body.names);
  for (const card of check.body.cards) {
    assert.ok(card.team.members.length >= 1, "the demo region has people for each card");
    assert.ok(card.preview.pay.hourly_equivalent > 0);
    for (const m of card.team.members) assert.ok(names.get(m.resident), "the hub sees each member's name");
  }
  const big = check.body.cards.find((c) => c.team.members.length > 1);
  assert.ok(big, "the 20+ hour card is team work");
  assert.ok(big.team.backups.some((b) => b.backup), "a task has a named backup");
  assert.equal((await company.post(`/api/v1/work-requests/${requestId}/check`, { cards })).status, 403);
});

test("a proposal with a bad card names the card and stores nothing", async () => {
  const broken = structuredClone(cards);
  broken[1].hours_per_week = "0";
  const res = await hub.put(`/api/v1/work-requests/${requestId}/proposal`, { cards: broken, note: "" });
  assert.equal(res.status, 422);
  const field = res.body.error.fields.find((f) => f.field === "cards[1].hours_per_week");
  assert.ok(field, JSON.stringify(res.body.error.fields));
  assert.match(field.message.ja, /^作業カード2: /);
  assert.equal((await company.get(`/api/v1/work-requests/${requestId}`)).body.status.state, "new");
});

let checkIds;

test("the company declines with a reason, the hub revises, an old version is refused, the accept posts the jobs", async () => {
  checkIds = (await hub.post(`/api/v1/work-requests/${requestId}/check`, { cards })).body.cards
    .flatMap((c) => c.team.members.map((m) => m.resident));
  const v1 = await hub.put(`/api/v1/work-requests/${requestId}/proposal`, { cards, note: "まずは3か月で試しましょう" });
  assert.equal(v1.status, 200, JSON.stringify(v1.body));
  assert.deepEqual(v1.body.status, { state: "proposed", version: 1 });

  const seen = await company.get(`/api/v1/work-requests/${requestId}`);
  assert.equal(seen.status, 200);
  assert.equal(seen.body.proposal.cards.length, 2);
  assert.ok(seen.body.proposal.cards.every((c) => c.team.members.length >= 1 && c.team.members.every((m) => m.hours > 0)));
  const text = JSON.stringify(seen.body);
  for (const id of checkIds) assert.ok(!text.includes(id), "the company's view names no resident");

  const noReason = await company.post(`/api/v1/work-requests/${requestId}/answer`, { decision: "decline", version: "1" });
  assert.equal(noReason.status, 422);
  assert.equal(noReason.body.error.fields[0].field, "reason");
  const declined = await company.post(`/api/v1/work-requests/${requestId}/answer`,
    { decision: "decline", version: "1", reason: "SNSは社内でやるので、経理だけにしたい" });
  assert.equal(declined.status, 200, JSON.stringify(declined.body));
  assert.equal(declined.body.status.state, "declined");
  const hubList = (await hub.get("/api/v1/hub/work-requests")).body;
  assert.equal(hubList.find((v) => v.request.id === requestId).status.reason, "SNSは社内でやるので、経理だけにしたい");

  const w = (await hub.get(`/api/v1/work-requests/${requestId}/workspace`)).body;
  // The stored titles are NFKC (full-width brackets fold), as every validated text.
  const nfkc = (list) => list.map((c) => c.title.normalize("NFKC"));
  assert.deepEqual(nfkc(w.cards), nfkc(cards), "the revision starts from the proposal");
  const books = w.cards.filter((c) => /記帳/.test(c.title));
  const v2 = await hub.put(`/api/v1/work-requests/${requestId}/proposal`, { cards: books, note: "経理だけにしました" });
  assert.deepEqual(v2.body.status, { state: "proposed", version: 2 });

  const stale = await company.post(`/api/v1/work-requests/${requestId}/answer`, { decision: "accept", version: "1" });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, "proposal_changed");
  assert.match(stale.body.error.message.ja, /第2版/);

  const before = (await company.get(`/api/v1/companies/${companyId}/jobs`)).body.length;
  const accepted = await company.post(`/api/v1/work-requests/${requestId}/answer`, { decision: "accept", version: "2" });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  assert.equal(accepted.body.status.state, "accepted");
  const jobs = accepted.body.status.jobs;
  assert.equal(jobs.length, 1);
  const job = await company.get(`/api/v1/jobs/${jobs[0]}`);
  assert.equal(job.status, 200);
  assert.equal(job.body.company_id, companyId);
  assert.equal(job.body.status, "open");
  assert.match(job.body.title, /記帳/);
  assert.equal((await company.get(`/api/v1/companies/${companyId}/jobs`)).body.length, before + 1);
  const team = await company.get(`/api/v1/jobs/${jobs[0]}/team`);
  assert.equal(team.status, 200, "the company goes on to the job's own team page");

  const twice = await company.post(`/api/v1/work-requests/${requestId}/answer`, { decision: "accept", version: "2" });
  assert.equal(twice.status, 409);
  assert.equal(twice.body.error.code, "already_answered");
  const revise = await hub.put(`/api/v1/work-requests/${requestId}/proposal`, { cards: books, note: "" });
  assert.equal(revise.status, 409);
  assert.equal(revise.body.error.code, "already_accepted");
});

test("the hub writes a request down for a company of its region; others learn nothing of it", async () => {
  const unknown = await hub.post("/api/v1/work-requests", { company: "no-such-company", text: "電話で相談を受けた" });
  assert.equal(unknown.status, 422);
  assert.equal(unknown.body.error.fields[0].field, "company");
  const byHub = await hub.post("/api/v1/work-requests", { company: companyId, text: "問い合わせメールの返信が追いつかない（電話で相談）" });
  assert.equal(byHub.status, 201, JSON.stringify(byHub.body));
  assert.equal(byHub.body.request.written_by, "hub");
  const own = (await company.get(`/api/v1/companies/${companyId}/work-requests`)).body;
  assert.ok(own.some((v) => v.request.id === byHub.body.request.id), "the company sees what the hub wrote down");

  const timeline = await hub.get(`/api/v1/hub/companies/${companyId}/timeline`);
  assert.equal(timeline.status, 200);
  const states = new Map(timeline.body.work_requests.map((v) => [v.request.id, v.status.state]));
  assert.equal(states.get(requestId), "accepted", "the company's handover timeline carries its requests");
  assert.equal(states.get(byHub.body.request.id), "new");

  const other = await otherCompany();
  assert.equal((await other.get(`/api/v1/work-requests/${requestId}`)).status, 404);
  assert.equal((await other.post(`/api/v1/work-requests/${requestId}/answer`, { decision: "accept", version: "2" })).status, 404);
  assert.equal((await resident.get(`/api/v1/work-requests/${requestId}`)).status, 404);
  assert.equal((await other.get(`/api/v1/companies/${companyId}/work-requests`)).status, 403);
  assert.equal((await city.post("/api/v1/work-requests", { text: "市からの相談" })).status, 403);
  assert.equal((await resident.put(`/api/v1/work-requests/${byHub.body.request.id}/proposal`, { cards })).status, 403);
});
