// Issue 18 item 2: a minimum-wage floor, not a note. Pay whose hourly equivalent is below the
// minimum wage in force on the day (the development clock) where the work is (the region's prefecture for remote work, the
// company's own for on-site work) is refused with 422 on `pay_yen` wherever pay is set: the
// preview, a new job, a job's update and the hub's scoping proposals; the message names the
// figure, the prefecture and its effective date.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { demoWorld, registerCompany } from "../support/client.mjs";
import { jobInput } from "../support/fixtures.mjs";

let world, kumamoto, municipality;
before(async () => {
  // The table's figures in force on a fixed day (熊本県's 1,034 yen took effect 2026-01-01), so
  // that a later revision added to the table does not change what this file expects.
  world = await demoWorld({ clock: "2026-06-01" });
  // A company of the demo region (長野県) whose own office is in 熊本県 (a lower minimum wage).
  const { client, body } = await registerCompany(world.server.base, {
    name: "株式会社 ひのくに", prefecture: "熊本県", municipality: "熊本市",
    contact_person: "坂本 一郎", email: `hinokuni-${Date.now()}@example.jp`,
  });
  kumamoto = client;
  const approved = await world.hub.post(`/api/v1/companies/${body.company.id}/approval`, { decision: "approve" });
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  const me = (await world.company.get("/api/v1/me")).body;
  const region = await world.company.get(`/api/v1/regions/${me.region}`);
  municipality = region.body.municipalities[0].id;
});
after(async () => { await world?.server.dispose(); });

function belowFloor(res, field = "pay_yen") {
  assert.equal(res.status, 422, JSON.stringify(res.body));
  const f = res.body.error.fields.find((x) => x.field === field);
  assert.ok(f, JSON.stringify(res.body.error.fields));
  assert.equal(f.code, "below_minimum_wage");
  return f.message;
}

test("a remote job at 500 yen an hour is refused everywhere pay is set, naming figure, prefecture and date", async () => {
  const low = jobInput({ pay_yen: 500 });
  const m = belowFloor(await world.company.post("/api/v1/jobs", low));
  assert.match(m.ja, /500円/);
  assert.match(m.ja, /長野県の最低賃金 1,061円（2025年10月3日から）/);
  assert.match(m.en, /Nagano \(1,061 yen from 2025-10-03\)/);
  belowFloor(await world.company.post("/api/v1/jobs/preview", low));
  // Per-task pay is compared as hourly: 40 yen for a 3-minute task is 800 yen an hour.
  belowFloor(await world.company.post("/api/v1/jobs", jobInput({ pay_kind: "per_task", pay_yen: 40, minutes_per_task: 3 })));

  const fair = await world.company.post("/api/v1/jobs", jobInput({ pay_yen: 1061 }));
  assert.equal(fair.status, 201, JSON.stringify(fair.body));
  belowFloor(await world.company.put(`/api/v1/jobs/${fair.body.id}`, low));
  const kept = await world.company.get(`/api/v1/jobs/${fair.body.id}`);
  assert.equal(kept.body.pay.yen, 1061, "the refused update changed nothing");
  const raised = await world.company.put(`/api/v1/jobs/${fair.body.id}`, jobInput({ pay_yen: 1100 }));
  assert.equal(raised.status, 200, JSON.stringify(raised.body));
});

test("the work's prefecture: the region's for remote work, the company's own for on-site work, stated in the preview", async () => {
  const pay = { pay_yen: 1040 }; // above 熊本県 (1,034), below 長野県 (1,061)
  const remote = await kumamoto.post("/api/v1/jobs/preview", jobInput(pay));
  assert.match(belowFloor(remote).ja, /長野県/);
  const onSite = jobInput({ ...pay, place_kind: "on_site", place: municipality });
  const preview = await kumamoto.post("/api/v1/jobs/preview", onSite);
  assert.equal(preview.status, 200, JSON.stringify(preview.body));
  assert.equal(preview.body.pay.prefecture.ja, "熊本県");
  assert.equal(preview.body.pay.minimum_wage.yen, 1034);
  assert.equal((await kumamoto.post("/api/v1/jobs", onSite)).status, 201);
  const fine = await world.company.post("/api/v1/jobs/preview", jobInput({ pay_yen: 1200 }));
  assert.equal(fine.body.pay.prefecture.ja, "長野県");
});

test("the hub's scoping check and proposal refuse a card below the minimum wage, naming the card", async () => {
  const request = await world.company.post("/api/v1/work-requests", { text: "紙の申込書をデータにしたい" });
  assert.equal(request.status, 201, JSON.stringify(request.body));
  const id = request.body.request.id;
  const workspace = await world.hub.get(`/api/v1/work-requests/${id}/workspace`);
  assert.equal(workspace.status, 200, JSON.stringify(workspace.body));
  const cards = workspace.body.cards.map((c) => ({ ...c, place: "remote", place_kind: "remote", pay_kind: "hourly", pay_yen: "1200" }));
  cards[0].pay_yen = "500";
  const check = await world.hub.post(`/api/v1/work-requests/${id}/check`, { cards });
  const m = belowFloor(check, "cards[0].pay_yen");
  assert.match(m.ja, /^作業カード1: .*長野県/);
  belowFloor(await world.hub.put(`/api/v1/work-requests/${id}/proposal`, { cards, note: "" }), "cards[0].pay_yen");
  cards[0].pay_yen = "1100";
  const sent = await world.hub.put(`/api/v1/work-requests/${id}/proposal`, { cards, note: "" });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
});
