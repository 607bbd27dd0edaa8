// Fair work terms and pay (issue 19) against a real `wrangler dev`, with the development clock
// set so that due dates, inspection days and notice periods do not depend on today's date.
// One engagement of the demo company and the demo resident goes from terms to a paid,
// accepted, invoiced month; each rule of the issue is checked on the way.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, login, registerResident } from "../support/client.mjs";
import { jobInput } from "../support/fixtures.mjs";
import { cardOf } from "../support/cards.mjs";
import { deskDump, startSeededServer, startServer } from "../support/server.mjs";

let server, base, c; // c: the clients { resident, company, hub, city }
let engagement, companyId, residentId;

/** Sets the development clock (noon in Japan on `date`) and logs everyone in again: sessions
 * live 30 days of the clock's time. */
async function at(date) {
  const res = await fetch(`${base}/api/v1/dev/clock`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ now: `${date}T12:00:00+09:00` }),
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  const clock = JSON.parse(text);
  assert.equal(clock.today_jst, date);
  const [resident, company, hub, city] = await Promise.all(
    [DEMO.resident, DEMO.company, DEMO.hub, DEMO.municipality].map((e) => login(base, e)));
  c = { resident, company, hub, city };
}

const END_NEXT_END = { closing: "end_of_month", pay_months_after: 1, pay_day: "end_of_month" };

function termsInput(overrides = {}) {
  return {
    contracting: "direct",
    commissioned_on: "2026-01-05",
    delivery_from: "2026-01-05",
    delivery_to: "2026-12-31",
    inspection_days: 5,
    amount: { rate: { yen: 1500, per: "hour" } },
    payment_due: { schedule: END_NEXT_END },
    payment_method: "銀行振込（振込手数料は発注者負担）",
    ...overrides,
  };
}

before(async () => {
  server = await startSeededServer();
  base = server.base;
  await at("2026-01-05");
  companyId = (await c.company.get("/api/v1/me")).body.role.company;
  residentId = (await c.resident.get("/api/v1/me")).body.id;
  const job = await c.company.post("/api/v1/jobs", jobInput({ title: "観光サイトの記事の入力", duration_weeks: 52 }));
  assert.equal(job.status, 201, JSON.stringify(job.body));
  const opened = await c.resident.post(`/api/v1/jobs/${job.body.id}/interest`);
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  engagement = opened.body.id;
});

after(async () => {
  await server?.dispose();
});

test("the development clock: set, read by every handler, and back to the real time", async () => {
  const now = await (await fetch(`${base}/api/v1/dev/clock`)).json();
  assert.equal(now.today_jst, "2026-01-05");
  assert.equal(now.set, true);
  const bad = await fetch(`${base}/api/v1/dev/clock`, {
    method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ now: "July" }),
  });
  assert.equal(bad.status, 400);
  const err = (await bad.json()).error;
  assert.equal(err.code, "bad_time");
  assert.ok(err.message.ja && err.message.en);
  // The terms' commission date defaults to today as the clock reads it (checked below), and the
  // clock is the real one again after `null`.
  const real = await fetch(`${base}/api/v1/dev/clock`, {
    method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ now: null }),
  });
  const back = await real.json();
  assert.equal(back.set, false);
  assert.ok(Math.abs(Date.parse(back.now) - Date.now()) < 60_000);
  await at("2026-01-05");
});

test("the development clock is refused in production (404)", async () => {
  const prod = await startServer({ env: "production" });
  try {
    for (const method of ["GET", "PUT"]) {
      const res = await fetch(`${prod.base}/api/v1/dev/clock`, {
        method,
        headers: { "content-type": "application/json" },
        body: method === "PUT" ? JSON.stringify({ now: "2030-01-01T00:00:00Z" }) : undefined,
      });
      assert.equal(res.status, 404, `${method} /dev/clock in production`);
    }
    const health = await (await fetch(`${prod.base}/api/v1/health`)).json();
    assert.equal(health.environment, "production");
  } finally {
    await prod.stop();
  }
});

test("company profile: employees and officers decide which duties apply", async () => {
  const path = `/api/v1/companies/${companyId}/fair-work-profile`;
  const before = await c.company.get(path);
  assert.equal(before.status, 200);
  assert.equal(before.body.answered, false, "not answered yet");
  assert.equal(before.body.specified, true, "until it answers, every duty applies");
  const none = await c.company.put(path, { form: "corporation", employees: 0, officers: 0 });
  assert.equal(none.status, 422);
  assert.ok(none.body.error.fields.some((f) => f.field === "officers" && f.message.ja && f.message.en));
  const alone = await c.company.put(path, { form: "corporation", employees: 0, officers: 1 });
  assert.equal(alone.status, 200, JSON.stringify(alone.body));
  assert.equal(alone.body.specified, false, "one officer, no employees: not a 特定業務委託事業者");
  assert.equal(alone.body.duties.length, 1, "only the terms statement");
  const staffed = await c.company.put(path, { form: "corporation", employees: 3, officers: 2 });
  assert.equal(staffed.body.specified, true);
  assert.ok(staffed.body.duties.length >= 5, JSON.stringify(staffed.body.duties));
  const after = (await c.company.get(path)).body;
  assert.equal(after.specified, true);
  assert.equal(after.answered, true);
  assert.equal((await c.resident.get(path)).status, 403);
  assert.equal((await c.hub.put(path, { form: "individual", employees: 0, officers: 0 })).status, 403);
});

test("payout: registration number format-checked and optional; bank details checked", async () => {
  const bad = await c.resident.put("/api/v1/me/payout", {
    registration_number: "T12345",
    bank: { bank: "みどり信用金庫", branch: "本店", account_type: "ordinary", number: "12", holder_kana: "yamada" },
  });
  assert.equal(bad.status, 422);
  const fields = bad.body.error.fields.map((f) => f.field);
  assert.ok(fields.includes("registration_number"), fields.join());
  assert.ok(fields.some((f) => f.startsWith("bank.")), fields.join());
  for (const f of bad.body.error.fields) assert.ok(f.message.ja && f.message.en);
  // No registration number (a plain 請求書 later), bank details in full.
  const ok = await c.resident.put("/api/v1/me/payout", {
    registration_number: "",
    bank: { bank: "みどり信用金庫", branch: "本店", account_type: "ordinary", number: "1234567", holder_kana: "ヤマダ ハナコ" },
  });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.registration_number, null);
  assert.equal((await c.resident.get("/api/v1/me/payout")).body.bank.number, "1234567");
  assert.equal((await c.company.get("/api/v1/me/payout")).status, 403);
});

test("pay calendar: the domain refuses a schedule that can pay late, naming the date and why", async () => {
  const lawful = await c.company.post("/api/v1/pay-schedules/check", END_NEXT_END);
  assert.equal(lawful.status, 200);
  assert.equal(lawful.body.lawful, true, "末日締め翌月末日払い: the 2 months of monthly closing");
  assert.equal(lawful.body.text.ja, "毎月末日締め、翌月末日払い");
  const late = await c.company.post("/api/v1/pay-schedules/check", { closing: "end_of_month", pay_months_after: 2, pay_day: { day: 10 } });
  assert.equal(late.body.lawful, false);
  assert.match(late.body.refusal.message.ja, /受け取った仕事の支払いが.*日目/);
  assert.match(late.body.refusal.message.en, /day \d+ counting the day of receipt/);
  assert.ok(late.body.lawful_choices.every((s) => s.pay_months_after <= 1));
  const shape = await c.company.post("/api/v1/pay-schedules/check", { closing: { day: 31 }, pay_months_after: 1, pay_day: "end_of_month" });
  assert.equal(shape.status, 422);
});

test("the job form chooses the pay calendar: the posting states it, a late one is refused, and the first terms are drafted from the job", async () => {
  const calendar = { closing_day: "20", pay_months_after: "1", pay_day: "10" };
  const posted = await c.company.post("/api/v1/jobs", jobInput({ title: "請求書の入力", ...calendar }));
  assert.equal(posted.status, 201, JSON.stringify(posted.body));
  const job = await c.resident.get(`/api/v1/jobs/${posted.body.id}`);
  assert.deepEqual(job.body.pay_schedule, { closing: { day: 20 }, pay_months_after: 1, pay_day: { day: 10 } });
  // The wizard's preview states it as the posting will.
  const preview = await c.company.post("/api/v1/jobs/preview", jobInput(calendar));
  assert.equal(preview.status, 200, JSON.stringify(preview.body));
  assert.equal(preview.body.pay_schedule.ja, "毎月20日締め、翌月10日払い");
  // 末日締め翌々月25日払い pays work of 1 January on 25 March: refused on the form, in both languages.
  for (const path of ["/api/v1/jobs", "/api/v1/jobs/preview"]) {
    const late = await c.company.post(path, jobInput({ closing_day: "end", pay_months_after: "2", pay_day: "25" }));
    assert.equal(late.status, 422, JSON.stringify(late.body));
    const field = late.body.error.fields.find((f) => f.field === "pay_day");
    assert.ok(field, JSON.stringify(late.body));
    assert.match(field.message.ja, /2026年1月1日に受け取った仕事の支払いが2026年3月25日になり/);
    assert.match(field.message.en, /60 days of receipt/);
  }
  const ambiguous = await c.company.post("/api/v1/jobs", jobInput({ closing_day: "30" }));
  assert.equal(ambiguous.status, 422);
  assert.ok(ambiguous.body.error.fields.some((f) => f.field === "closing_day" && /末日/.test(f.message.ja)));
  // The engagement's job was posted without a calendar: 末日締め翌月末日払い, its pay per hour
  // and its 52 weeks from today, for the company only (the resident does not set terms).
  const draft = await c.company.get(`/api/v1/engagements/${engagement}/fair-terms/draft`);
  assert.equal(draft.status, 200, JSON.stringify(draft.body));
  assert.deepEqual(draft.body.payment_due, { schedule: END_NEXT_END });
  assert.deepEqual(draft.body.amount, { rate: { yen: 1200, per: "hour" } });
  assert.equal(draft.body.contracting, "direct");
  assert.deepEqual([draft.body.delivery_from, draft.body.delivery_to], ["2026-01-05", "2027-01-03"]);
  assert.equal((await c.resident.get(`/api/v1/engagements/${engagement}/fair-terms/draft`)).status, 403);
  assert.equal((await c.hub.get(`/api/v1/engagements/${engagement}/fair-terms/draft`)).body.contracting, "through_hub");
});

test("terms: none before interest is mutual; then generated, versioned and acknowledged by both", async () => {
  const early = await c.company.put(`/api/v1/engagements/${engagement}/fair-terms`, termsInput());
  assert.equal(early.status, 409, JSON.stringify(early.body));
  assert.equal(early.body.error.code, "not_matched");
  const interest = await c.company.post(`/api/v1/jobs/${(await c.company.get(`/api/v1/engagements/${engagement}`)).body.state.parties.job}/talent/${cardOf((await c.company.get(`/api/v1/engagements/${engagement}`)).body.state.parties.job, residentId)}/interest`);
  assert.equal(interest.status, 201, JSON.stringify(interest.body));
  // Work does not start on terms nobody wrote down (Art. 3): the trial waits for them.
  const trial = () => c.hub.post(`/api/v1/engagements/${engagement}/events`, { type: "trial_started", trial_weeks: 4 });
  const noTerms = await trial();
  assert.equal(noTerms.status, 409, JSON.stringify(noTerms.body));
  assert.equal(noTerms.body.error.code, "terms_not_agreed");
  assert.match(noTerms.body.error.message.ja, /取引条件.*まだありません/);

  // A late schedule is refused with the domain's message on the field.
  const late = await c.company.put(`/api/v1/engagements/${engagement}/fair-terms`,
    termsInput({ payment_due: { schedule: { closing: "end_of_month", pay_months_after: 2, pay_day: { day: 10 } } } }));
  assert.equal(late.status, 422, JSON.stringify(late.body));
  const due = late.body.error.fields.find((f) => f.field === "payment_due");
  assert.ok(due, JSON.stringify(late.body.error.fields));
  assert.match(due.message.ja, /2か月以内/);
  // A fixed date far after the delivery period is refused too, naming the 60th day.
  const far = await c.company.put(`/api/v1/engagements/${engagement}/fair-terms`, termsInput({ payment_due: { date: "2029-12-31" } }));
  assert.equal(far.status, 422, JSON.stringify(far.body));
  const farDue = far.body.error.fields.find((f) => f.field === "payment_due");
  assert.ok(farDue, JSON.stringify(far.body.error.fields));
  assert.match(farDue.message.ja, /60日目の2027年2月28日までに/);
  assert.match(farDue.message.en, /by day 60/);
  // Only the commissioner sets terms: the resident cannot; the hub only for a 再委託.
  assert.equal((await c.resident.put(`/api/v1/engagements/${engagement}/fair-terms`, termsInput())).status, 403);
  assert.equal((await c.hub.put(`/api/v1/engagements/${engagement}/fair-terms`, termsInput())).status, 403);

  const v1 = await c.company.put(`/api/v1/engagements/${engagement}/fair-terms`, termsInput());
  assert.equal(v1.status, 200, JSON.stringify(v1.body));
  assert.equal(v1.body.version, 1);
  assert.equal(v1.body.specified, true);
  assert.equal(v1.body.my_side, "commissioner");
  assert.match(v1.body.text_hash, /^[0-9a-f]{64}$/);
  assert.match(v1.body.text.ja, /観光サイトの記事の入力/);
  assert.match(v1.body.text.ja, /毎月末日締め、翌月末日払い/);
  assert.ok(v1.body.text.en.length > 100);
  const read = await c.resident.get(`/api/v1/engagements/${engagement}/fair-terms`);
  assert.equal(read.body.my_side, "contractor");
  assert.equal(read.body.agreed, false);
  // Reports wait for both acknowledgements.
  const tooSoon = await c.resident.post(`/api/v1/engagements/${engagement}/work-reports`, { period: "2026-01", content: { hours: { minutes: 60 } } });
  assert.equal(tooSoon.status, 409);
  assert.equal(tooSoon.body.error.code, "terms_not_agreed");

  const wrong = await c.resident.post(`/api/v1/engagements/${engagement}/fair-terms/acknowledgements`, { version: 1, text_hash: "0".repeat(64) });
  assert.equal(wrong.status, 409, "a text other than the one in force");
  const ack = await c.resident.post(`/api/v1/engagements/${engagement}/fair-terms/acknowledgements`, { version: 1, text_hash: read.body.text_hash });
  assert.equal(ack.status, 201, JSON.stringify(ack.body));
  assert.equal(ack.body.acknowledgements.length, 1);
  assert.equal(ack.body.acknowledgements[0].side, "contractor");
  assert.equal(ack.body.acknowledgements[0].text_hash, read.body.text_hash);
  assert.ok(ack.body.acknowledgements[0].at.startsWith("2026-01-05"));
  const halfAgreed = await trial();
  assert.equal(halfAgreed.status, 409, "the company has not confirmed yet");
  assert.match(halfAgreed.body.error.message.ja, /仕事を頼む側が取引条件 第1版をまだ確認していません/);
  assert.match(halfAgreed.body.error.message.en, /commissioning side has not confirmed version 1/);

  // A change makes version 2, which both acknowledge again.
  const v2 = await c.company.put(`/api/v1/engagements/${engagement}/fair-terms`, termsInput({ inspection_days: 4 }));
  assert.equal(v2.body.version, 2);
  assert.equal(v2.body.acknowledgements.length, 0);
  const stale = await c.company.post(`/api/v1/engagements/${engagement}/fair-terms/acknowledgements`, { version: 1, text_hash: read.body.text_hash });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, "terms_changed");
  const same = await c.company.put(`/api/v1/engagements/${engagement}/fair-terms`, termsInput({ inspection_days: 4 }));
  assert.equal(same.body.version, 2, "unchanged terms keep their version");
  for (const who of [c.resident, c.company]) {
    const res = await who.post(`/api/v1/engagements/${engagement}/fair-terms/acknowledgements`, { version: 2, text_hash: v2.body.text_hash });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  const agreed = await c.hub.get(`/api/v1/engagements/${engagement}/fair-terms`);
  assert.equal(agreed.body.agreed, true);
  const started = await trial();
  assert.equal(started.status, 201, JSON.stringify(started.body));
  assert.equal(agreed.body.my_side, null, "the hub is no party to a direct contract");
  assert.equal((await c.city.get(`/api/v1/engagements/${engagement}/fair-terms`)).status, 404);
});

test("bank details reach the paying party only, once contacts are open", async () => {
  const res = await c.company.get(`/api/v1/engagements/${engagement}/payout`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.bank.holder_kana, "ヤマダ ハナコ");
  assert.equal((await c.hub.get(`/api/v1/engagements/${engagement}/payout`)).status, 403, "not the payer");
  assert.equal((await c.resident.get(`/api/v1/engagements/${engagement}/payout`)).status, 403);
});

test("work reports: a fix asked within the agreed days, then accepted automatically and recorded", async () => {
  await at("2026-07-31");
  const path = `/api/v1/engagements/${engagement}/work-reports`;
  const badPeriod = await c.resident.post(path, { period: "July", content: { hours: { minutes: 60 } } });
  assert.equal(badPeriod.status, 422);
  const zero = await c.resident.post(path, { period: "2026-07", content: { hours: { minutes: 0 } } });
  assert.equal(zero.status, 422);
  const sent = await c.resident.post(path, { period: "2026-07", content: { hours: { minutes: 600 } } });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  assert.equal(sent.body.state.state, "submitted");
  assert.equal(sent.body.state.review_until, "2026-08-04", "4 days after the report (version 2)");
  assert.equal((await c.resident.post(`${path}/${sent.body.id}/review`, { decision: "accept" })).status, 403);

  await at("2026-08-01");
  const fix = await c.company.post(`${path}/${sent.body.id}/review`, { decision: "fix", reason: "8月分の時間が混ざっています" });
  assert.equal(fix.status, 200, JSON.stringify(fix.body));
  assert.equal(fix.body.state.state, "returned");
  const again = await c.resident.post(path, { period: "2026-07", content: { hours: { minutes: 540 } } });
  assert.equal(again.status, 201);
  assert.equal(again.body.state.state, "submitted");
  assert.equal(again.body.state.received_on, "2026-07-31", "the pay clock runs from the first receipt");
  // Not invoiceable while it awaits inspection.
  const early = await c.resident.post(`/api/v1/engagements/${engagement}/invoices`, { period: "2026-07" });
  assert.equal(early.status, 409, JSON.stringify(early.body));

  await at("2026-08-06");
  const list = await c.company.get(path);
  assert.equal(list.status, 200);
  const report = list.body.find((r) => r.period === "2026-07");
  assert.equal(report.state.state, "accepted");
  assert.equal(report.state.how, "automatically");
  assert.equal(report.history.at(-1).event, "accept", "the automatic acceptance is recorded");
  const late = await c.company.post(`${path}/${report.id}/review`, { decision: "fix", reason: "遅れて" });
  assert.equal(late.status, 409, "no fix after acceptance");
});

let julyInvoice;
test("invoice: a plain 請求書 without a registration number, with the buyer's deduction share; CSV with BOM", async () => {
  // Before July is invoiced both agree a lower rate (¥1,200 from today, 6 August): July's work,
  // received before it, keeps ¥1,500 an hour (Art. 5(1)(ii): no cut to work already received).
  const lower = await c.company.put(`/api/v1/engagements/${engagement}/fair-terms`, termsInput({ inspection_days: 4, amount: { rate: { yen: 1200, per: "hour" } } }));
  assert.equal(lower.status, 200, JSON.stringify(lower.body));
  assert.equal(lower.body.version, 3);
  for (const who of [c.resident, c.company]) {
    const res = await who.post(`/api/v1/engagements/${engagement}/fair-terms/acknowledgements`, { version: 3, text_hash: lower.body.text_hash });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  const res = await c.resident.post(`/api/v1/engagements/${engagement}/invoices`, { period: "2026-07" });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  julyInvoice = res.body;
  const inv = res.body.invoice;
  assert.equal(inv.kind, "plain");
  assert.equal(inv.amount, 13500, "9 h × ¥1,500, the rate agreed when the work was received");
  assert.equal(inv.tax, 1350, "10%, rounded once for the rate");
  assert.equal(inv.total, 14850);
  assert.equal(inv.buyer_deduction_percent, 80, "until 2026-09-30");
  assert.match(res.body.buyer_note.ja, /80/);
  assert.equal(inv.draft.due_on, "2026-08-31", "末日締め翌月末日払い");
  assert.equal(res.body.unpaid, inv.payable);
  assert.match(res.body.text.ja, /請求書/);
  const twice = await c.resident.post(`/api/v1/engagements/${engagement}/invoices`, { period: "2026-07" });
  assert.equal(twice.status, 409);
  assert.equal((await c.company.post(`/api/v1/engagements/${engagement}/invoices`, { period: "2026-07" })).status, 403);
  const csv = await fetch(`${base}/api/v1/invoices/${julyInvoice.id}?format=csv`, { headers: { cookie: c.company.cookie } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get("content-type"), /text\/csv; charset=utf-8/);
  const bytes = new Uint8Array(await csv.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 with BOM");
  const text = new TextDecoder().decode(bytes);
  assert.match(text, /日付,取引先,摘要,税抜金額,税率,消費税額,源泉徴収税額,合計,登録番号/);
  assert.match(text, /13500/);
  assert.equal((await c.city.get(`/api/v1/invoices/${julyInvoice.id}`)).status, 404);
});

test("the invoice CSV in Shift_JIS decodes back to the same text; an unknown encoding is refused", async () => {
  const path = `${base}/api/v1/invoices/${julyInvoice.id}?format=csv`;
  const utf8 = new TextDecoder().decode(new Uint8Array(await (await fetch(path, { headers: { cookie: c.company.cookie } })).arrayBuffer()));
  const sjis = await fetch(`${path}&encoding=shift_jis`, { headers: { cookie: c.company.cookie } });
  assert.equal(sjis.status, 200);
  assert.match(sjis.headers.get("content-type"), /text\/csv; charset=Shift_JIS/);
  const bytes = new Uint8Array(await sjis.arrayBuffer());
  assert.notDeepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], "no BOM in Shift_JIS");
  const text = new TextDecoder("shift_jis", { fatal: true }).decode(bytes);
  assert.equal(text, utf8.replace(/^\uFEFF/, ""), "the same text, byte for byte once decoded");
  assert.match(text, /観光サイトの記事の入力/);
  assert.ok(bytes.length < new TextEncoder().encode(utf8).length, "two bytes a kanji, not three");
  const bad = await fetch(`${path}&encoding=latin1`, { headers: { cookie: c.company.cookie } });
  assert.equal(bad.status, 400);
  const err = (await bad.json()).error;
  assert.equal(err.code, "bad_encoding");
  assert.ok(err.message.ja.includes("shift_jis") && err.message.en.includes("shift_jis"));
});

test("a qualified invoice once the resident registers", async () => {
  await c.resident.put("/api/v1/me/payout", {
    registration_number: "T1234567890123",
    bank: { bank: "みどり信用金庫", branch: "本店", account_type: "ordinary", number: "1234567", holder_kana: "ヤマダ ハナコ" },
  });
  await at("2026-08-31");
  const sent = await c.resident.post(`/api/v1/engagements/${engagement}/work-reports`, { period: "2026-08", content: { hours: { minutes: 120 } } });
  assert.equal(sent.status, 201);
  assert.equal((await c.company.post(`/api/v1/engagements/${engagement}/work-reports/${sent.body.id}/review`, { decision: "accept" })).status, 200);
  const res = await c.resident.post(`/api/v1/engagements/${engagement}/invoices`, { period: "2026-08" });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.invoice.kind, "qualified");
  assert.equal(res.body.invoice.draft.registration, "T1234567890123");
  assert.equal(res.body.buyer_note, null);
  assert.equal(res.body.invoice.draft.due_on, "2026-09-30");
});

test("an unpaid invoice shows on the hub's attention list and in the resident's inbox the day after its due date; payments and receipt", async () => {
  // On the due date itself: not overdue yet.
  let hubList = await c.hub.get("/api/v1/hub/fair-work/overdue");
  assert.equal(hubList.status, 200);
  assert.equal(hubList.body.length, 0, JSON.stringify(hubList.body));
  await at("2026-09-01");
  hubList = await c.hub.get("/api/v1/hub/fair-work/overdue");
  assert.equal(hubList.body.length, 1, JSON.stringify(hubList.body));
  assert.equal(hubList.body[0].invoice, julyInvoice.id);
  assert.equal(hubList.body[0].since, "2026-09-01");
  assert.match(hubList.body[0].message.ja, /支払日2026年8月31日を過ぎても/);
  const inbox = await c.resident.get("/api/v1/me/fair-work");
  assert.equal(inbox.body.overdue.length, 1);
  assert.equal((await c.company.get("/api/v1/hub/fair-work/overdue")).status, 403);

  const pay = `/api/v1/invoices/${julyInvoice.id}/payments`;
  const tooMuch = await c.company.post(pay, { paid_on: "2026-09-01", amount: julyInvoice.invoice.payable + 1 });
  assert.equal(tooMuch.status, 422);
  assert.ok(tooMuch.body.error.message.ja && tooMuch.body.error.message.en);
  const future = await c.company.post(pay, { paid_on: "2026-09-02", amount: 100 });
  assert.equal(future.status, 422);
  assert.equal((await c.resident.post(pay, { paid_on: "2026-09-01", amount: 100 })).status, 403);
  const paid = await c.company.post(pay, { paid_on: "2026-09-01", amount: julyInvoice.invoice.payable });
  assert.equal(paid.status, 201, JSON.stringify(paid.body));
  assert.equal(paid.body.unpaid, 0);
  assert.equal(paid.body.overdue_since, null);
  assert.equal((await c.hub.get("/api/v1/hub/fair-work/overdue")).body.length, 0);
  const toConfirm = (await c.resident.get("/api/v1/me/fair-work")).body.to_confirm;
  assert.equal(toConfirm.length, 1);
  const confirmed = await c.resident.post(`/api/v1/invoices/${julyInvoice.id}/receipt`);
  assert.equal(confirmed.status, 200);
  assert.equal(confirmed.body.payments[0].confirmed_on, "2026-09-01");
  assert.equal((await c.resident.get("/api/v1/me/fair-work")).body.to_confirm.length, 0);
});

test("earnings: monthly and yearly (earned, paid, withheld, due), CSV with BOM; the city's figure is suppressed under 5 residents", async () => {
  const res = await c.resident.get("/api/v1/me/earnings?year=2026");
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.year, 2026);
  assert.equal(res.body.totals.paid, julyInvoice.invoice.payable);
  assert.equal(res.body.totals.earned, julyInvoice.invoice.total + 2640, "July, and August's 2 h at the lower ¥1,200 agreed on 6 August");
  assert.ok(res.body.months.some((m) => m.month === 9 && m.paid === julyInvoice.invoice.payable));
  assert.equal((await c.resident.get("/api/v1/me/earnings?year=twenty")).status, 400);
  const csv = await fetch(`${base}/api/v1/me/earnings?year=2026&format=csv`, { headers: { cookie: c.resident.cookie } });
  const bytes = new Uint8Array(await csv.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.match(new TextDecoder().decode(bytes), /2026年 合計/);
  const sjis = await fetch(`${base}/api/v1/me/earnings?year=2026&format=csv&encoding=shift_jis`, { headers: { cookie: c.resident.cookie } });
  assert.equal(sjis.status, 200);
  assert.equal(new TextDecoder("shift_jis", { fatal: true }).decode(new Uint8Array(await sjis.arrayBuffer())),
    new TextDecoder().decode(bytes).replace(/^\uFEFF/, ""), "the earnings CSV in Shift_JIS");
  assert.equal((await c.company.get("/api/v1/me/earnings")).status, 403);

  const municipality = (await c.city.get("/api/v1/me")).body.role.municipality;
  const city = await c.city.get(`/api/v1/municipalities/${municipality}/paid-to-residents`);
  assert.equal(city.status, 200, JSON.stringify(city.body));
  const sept = city.body.find((m) => m.year === 2026 && m.month === 9);
  assert.ok(sept, JSON.stringify(city.body));
  assert.equal(JSON.stringify(sept.yen).includes(String(julyInvoice.invoice.payable)), false, "one resident: suppressed");
  assert.equal((await c.resident.get(`/api/v1/municipalities/${municipality}/paid-to-residents`)).status, 403);
});

/** Posts an end event; returns the response. */
const endEvent = (who, body) => who.post(`/api/v1/engagements/${engagement}/events`, body);
const stageOf = async () => (await c.company.get(`/api/v1/engagements/${engagement}`)).body.stage.stage;

test("the engagement's own end (completed, cancelled by the company or the hub) is refused after 6 months without recorded notice", async () => {
  await at("2026-09-08");
  const before = await stageOf();
  assert.ok(["trial", "working", "renewed"].includes(before), before);
  for (const [who, body] of [[c.company, { type: "completed" }], [c.hub, { type: "completed" }], [c.company, { type: "cancelled", reason: "予算の都合" }]]) {
    const res = await endEvent(who, body);
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.body.error.code, "notice_too_short");
    assert.match(res.body.error.message.ja, /終了の予告/);
    assert.match(res.body.error.message.ja, /2026年10月8日から/);
    assert.match(res.body.error.message.en, /record the notice of ending first/);
    assert.match(res.body.error.message.en, /8 October 2026/);
  }
  assert.equal(await stageOf(), before, "nothing stored");
});

test("care (Art. 13): the resident asks for consideration of childcare or caregiving, one request at a time; declining needs the reason", async () => {
  await at("2026-09-09");
  const terms = `/api/v1/engagements/${engagement}/fair-terms`;
  const view = (await c.resident.get(terms)).body;
  assert.equal(view.care_duty.level, "duty", "a year's work for a company with employees: a duty (Art. 13(1))");
  assert.match(view.care_duty.text.ja, /第13条第1項/);
  assert.match(view.care_duty.text.en, /Art\. 13\(1\)/);
  assert.deepEqual(view.care_requests, []);

  const path = `/api/v1/engagements/${engagement}/care-requests`;
  const input = { situation: "childcare", ask: "change_hours", text: "保育園のお迎えがあるので、定例の打ち合わせを午前にしてほしいです" };
  assert.equal((await c.company.post(path, input)).status, 403, "the company does not ask");
  assert.equal((await c.hub.post(path, input)).status, 403);
  assert.equal((await c.city.post(path, input)).status, 404, "the city is no party");
  const blank = await c.resident.post(path, { situation: "caregiving", ask: "other", text: " " });
  assert.equal(blank.status, 422, JSON.stringify(blank.body));
  const field = blank.body.error.fields.find((f) => f.field === "text");
  assert.ok(field?.message.ja && field.message.en, JSON.stringify(blank.body));
  const asked = await c.resident.post(path, input);
  assert.equal(asked.status, 201, JSON.stringify(asked.body));
  assert.equal(asked.body.state, "open");
  assert.equal(asked.body.text, input.text);
  assert.equal(asked.body.answer, null);
  // The hub, which accompanies the engagement, sees the request wait on its attention page.
  const waiting = async () => (await c.hub.get("/api/v1/hub/fair-work/waiting")).body.filter((w) => w.engagement === engagement);
  const [open] = await waiting();
  assert.equal(open?.kind, "care", "an open care request waits");
  assert.equal(open.asked_on, "2026-09-09");
  assert.equal(open.days_waiting, 0);
  assert.equal(open.commissioner, view.statement.commissioner.name);
  assert.match(open.message.ja, /育児・介護などへの配慮を求めました。0日間、回答がありません。/);
  assert.match(open.message.en, /asked for consideration of childcare or caregiving/);
  assert.equal((await c.company.get("/api/v1/hub/fair-work/waiting")).status, 403);
  // The company, which must answer, sees it marked on the engagement in its list.
  const marked = async () =>
    (await c.company.get(`/api/v1/companies/${companyId}/engagements`)).body.find((e) => e.id === engagement)?.awaiting_answer;
  assert.deepEqual(await marked(), ["care"]);
  const second = await c.resident.post(path, { situation: "caregiving", ask: "remote" });
  assert.equal(second.status, 409, "one open request at a time");
  assert.equal(second.body.error.code, "not_allowed_now");
  assert.match(second.body.error.message.ja, /前の相談/);

  const answer = `${path}/${asked.body.id}/answer`;
  assert.equal((await c.resident.post(answer, { accommodate: true, text: "自分で決めます" })).status, 403);
  assert.equal((await c.hub.post(answer, { accommodate: true, text: "横から" })).status, 403);
  assert.equal((await c.company.post(`${path}/c99/answer`, { accommodate: true, text: "x" })).status, 404);
  const noReason = await c.company.post(answer, { accommodate: false, text: "  " });
  assert.equal(noReason.status, 422, JSON.stringify(noReason.body));
  assert.equal(noReason.body.error.code, "inconsistent");
  assert.match(noReason.body.error.message.ja, /理由を書いてください/);
  assert.match(noReason.body.error.message.en, /write the reason/);
  const declined = await c.company.post(answer, { accommodate: false, text: "打ち合わせは取引先の都合で午後しか開けないため" });
  assert.equal(declined.status, 200, JSON.stringify(declined.body));
  assert.equal(declined.body.state, "declined");
  assert.equal(declined.body.answer, "打ち合わせは取引先の都合で午後しか開けないため");
  assert.ok(declined.body.answered_at);
  assert.equal((await c.company.post(answer, { accommodate: true, text: "やはり変えます" })).status, 409, "answered once");
  assert.deepEqual(await waiting(), [], "an answered request no longer waits");
  assert.equal(await marked(), undefined, "nor is it marked for the company");

  const next = await c.resident.post(path, { situation: "caregiving", ask: "remote", text: "" });
  assert.equal(next.status, 201, JSON.stringify(next.body));
  assert.notEqual(next.body.id, asked.body.id);
  const accommodated = await c.company.post(`${path}/${next.body.id}/answer`, { accommodate: true, text: "介護の日は在宅で作業できるようにしました" });
  assert.equal(accommodated.status, 200, JSON.stringify(accommodated.body));
  assert.equal(accommodated.body.state, "accommodated");
  const listed = (await c.company.get(terms)).body.care_requests;
  assert.deepEqual(listed.map((r) => r.state), ["declined", "accommodated"]);
  assert.equal(listed[1].answer, "介護の日は在宅で作業できるようにしました");
  const exported = await c.resident.get("/api/v1/me/export");
  assert.equal(exported.status, 200);
  assert.ok(JSON.stringify(exported.body).includes("保育園のお迎え"), "the resident's export holds the requests");
});

test("ending after 6 months needs 30 days' notice unless a listed exception applies; the reason is tracked until answered", async () => {
  await at("2026-09-10");
  const path = `/api/v1/engagements/${engagement}/ending`;
  assert.equal((await c.resident.get(path)).status, 404, "nothing recorded yet");
  const short = await c.company.put(path, { kind: "termination", ends_on: "2026-09-30" });
  assert.equal(short.status, 422, JSON.stringify(short.body));
  assert.equal(short.body.error.code, "notice_too_short");
  assert.match(short.body.error.message.ja, /2026年10月10日以降/);
  assert.match(short.body.error.message.en, /10 October 2026 or later/);
  const recommissionOnly = await c.company.put(path, { kind: "termination", ends_on: "2026-09-30", exception: "original_commission_cancelled" });
  assert.equal(recommissionOnly.status, 422, "that exception is for a re-commission only");
  assert.equal((await c.resident.put(path, { kind: "termination", ends_on: "2026-12-31" })).status, 403);
  const ok = await c.company.put(path, { kind: "non_renewal", ends_on: "2026-10-10" });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.notice_on, "2026-09-10", "the notice date is recorded");
  assert.deepEqual(ok.body.basis, { basis: "notice", notice_on: "2026-09-10" });

  await at("2026-09-15");
  const notYet = await c.company.post(`${path}/reason`, { reason: "予算の都合" });
  assert.equal(notYet.status, 409);
  const asked = await c.resident.post(`${path}/reason-request`);
  assert.equal(asked.status, 201, JSON.stringify(asked.body));
  assert.deepEqual(asked.body.reason_request, { state: "open", requested_on: "2026-09-15" });
  assert.equal((await c.resident.post(`${path}/reason-request`)).status, 409);
  const blank = await c.company.post(`${path}/reason`, { reason: " " });
  assert.equal(blank.status, 422);
  await at("2026-09-17");
  const waiting = async () => (await c.hub.get("/api/v1/hub/fair-work/waiting")).body.filter((w) => w.engagement === engagement);
  const [open] = await waiting();
  assert.deepEqual([open?.kind, open?.asked_on, open?.days_waiting], ["reason", "2026-09-15", 2], JSON.stringify(open));
  assert.match(open.message.ja, /契約を終える理由の説明を求めました。2日間、回答がありません。/);
  assert.match(open.message.en, /no answer for 2 days\./);
  const answered = await c.company.post(`${path}/reason`, { reason: "来年度の予算が減るため" });
  assert.equal(answered.status, 200);
  assert.equal(answered.body.reason_request.state, "answered");
  assert.equal(answered.body.reason_request.answered_on, "2026-09-17");
  assert.equal((await c.resident.get(path)).body.reason_request.reason, "来年度の予算が減るため");
  assert.deepEqual(await waiting(), [], "an answered reason no longer waits");
});

test("with notice recorded, the engagement's own end waits for the 30 days", async () => {
  await at("2026-09-20");
  const res = await endEvent(c.company, { type: "completed" });
  assert.equal(res.status, 422, JSON.stringify(res.body));
  assert.equal(res.body.error.code, "notice_too_short");
  assert.match(res.body.error.message.ja, /2026年10月10日以降/);
  assert.match(res.body.error.message.en, /10 October 2026 or later/);
  assert.notEqual(await stageOf(), "completed");
});

test("a listed exception of the law lets the work end sooner than 30 days", async () => {
  const path = `/api/v1/engagements/${engagement}/ending`;
  const exception = await c.company.put(path, { kind: "termination", ends_on: "2026-09-20", exception: "freelancer_at_fault" });
  assert.equal(exception.status, 200, JSON.stringify(exception.body));
  assert.deepEqual(exception.body.basis, { basis: "exception", exception: "freelancer_at_fault" });
});

test("a recorded exception lets the company end the engagement at once", async () => {
  const res = await endEvent(c.company, { type: "cancelled", reason: "無断で作業を止めたため" });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(await stageOf(), "cancelled");
});

test("deleting an account erases its payout profile with it", async () => {
  const { client } = await registerResident(base, `fair-${Date.now()}@example.jp`);
  // Values no other record holds, to look for in the stored rows.
  const number = `T${Date.now()}`;
  const account = String(Date.now()).slice(-7);
  const put = await client.put("/api/v1/me/payout", {
    registration_number: number,
    bank: { bank: "みどり信用金庫", branch: "本店", account_type: "ordinary", number: account, holder_kana: "ケシ タロウ" },
  });
  // A new resident without a profile may still keep a payout profile (it is theirs alone).
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const stored = (await deskDump(server)).text;
  assert.ok(stored.includes(number) && stored.includes(account), "the payout profile is stored in the region desk");
  const del = await client.request("DELETE", "/api/v1/me", { body: { confirm: "DELETE" } });
  assert.equal(del.status, 200, JSON.stringify(del.body));
  const left = (await deskDump(server)).text;
  assert.ok(!left.includes(number), "no stored row keeps the registration number");
  assert.ok(!left.includes(account), "no stored row keeps the account number");
  assert.ok(!left.includes("ケシ タロウ"), "no stored row keeps the account holder");
});

test("再委託: the hub sets the terms of work it passes on, with the original client and the day it pays; the resident's pay date is at most 30 days after; as commissioner it answers care requests and gives notice", async () => {
  const job = await c.company.post("/api/v1/jobs", jobInput({ title: "商品データの入力（再委託）", duration_weeks: 12 }));
  assert.equal(job.status, 201, JSON.stringify(job.body));
  const opened = await c.resident.post(`/api/v1/jobs/${job.body.id}/interest`);
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  const path = `/api/v1/engagements/${opened.body.id}/fair-terms`;
  const mutual = await c.company.post(`/api/v1/jobs/${job.body.id}/talent/${cardOf(job.body.id, residentId)}/interest`);
  assert.equal(mutual.status, 201, JSON.stringify(mutual.body));
  const hubTerms = (o = {}) => termsInput({ contracting: "through_hub", payment_due: { days_after_original: 10 }, ...o });

  const missing = await c.hub.put(path, hubTerms());
  assert.equal(missing.status, 422, JSON.stringify(missing.body));
  const field = missing.body.error.fields.find((f) => f.field === "recommission.original_due");
  assert.ok(field?.message.ja && field.message.en, JSON.stringify(missing.body.error.fields));
  const late = await c.hub.put(path, hubTerms({ original_due: "2026-02-27", payment_due: { days_after_original: 45 } }));
  assert.equal(late.status, 422, JSON.stringify(late.body));
  assert.ok(late.body.error.fields.some((f) => f.field === "payment_due"), JSON.stringify(late.body.error.fields));
  assert.equal((await c.company.put(path, hubTerms({ original_due: "2026-02-27" }))).status, 403, "the company does not set the hub's 再委託");

  const set = await c.hub.put(path, hubTerms({ original_due: "2026-02-27", original_client: "株式会社みなと観光" }));
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.equal(set.body.contracting, "through_hub");
  assert.equal(set.body.my_side, "commissioner");
  assert.equal(set.body.specified, true, "the hub is an organisation with staff");
  assert.match(set.body.text.ja, /再委託：この仕事は再委託です/);
  assert.match(set.body.text.ja, /元の発注者：株式会社みなと観光/);
  assert.match(set.body.text.en, /Re-commission/);
  assert.equal((await c.company.get(path)).body.my_side, null, "the company is the original client, not a party");
  for (const who of [c.resident, c.hub]) {
    const res = await who.post(`${path}/acknowledgements`, { version: 1, text_hash: set.body.text_hash });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  assert.equal((await c.resident.get(path)).body.agreed, true);

  // The hub is the commissioner here: it answers a care request, gives notice and the reason;
  // the company, the original client, is no party to this contract.
  const care = `/api/v1/engagements/${opened.body.id}/care-requests`;
  const asked = await c.resident.post(care, { situation: "pregnancy", ask: "change_deadline", text: "出産予定日の前後2週間は納期をずらしてほしいです" });
  assert.equal(asked.status, 201, JSON.stringify(asked.body));
  const careAnswer = { accommodate: true, text: "その2週間の納期を翌月に移しました" };
  assert.equal((await c.company.post(`${care}/${asked.body.id}/answer`, careAnswer)).status, 403, "the original client does not answer");
  const [passedOn] = (await c.hub.get("/api/v1/hub/fair-work/waiting")).body.filter((w) => w.engagement === opened.body.id);
  assert.equal(passedOn?.through_hub, true, "the hub answers what it passes on");
  const companyList = (await c.company.get(`/api/v1/companies/${companyId}/engagements`)).body;
  assert.equal(companyList.find((e) => e.id === opened.body.id)?.awaiting_answer, undefined, "nothing for the company to answer");
  const answered = await c.hub.post(`${care}/${asked.body.id}/answer`, careAnswer);
  assert.equal(answered.status, 200, JSON.stringify(answered.body));
  assert.equal(answered.body.state, "accommodated");
  const ending = `/api/v1/engagements/${opened.body.id}/ending`;
  const endsOn = "2026-12-31"; // the terms' last day
  assert.equal((await c.company.put(ending, { kind: "non_renewal", ends_on: endsOn })).status, 403);
  const notice = await c.hub.put(ending, { kind: "non_renewal", ends_on: endsOn });
  assert.equal(notice.status, 200, JSON.stringify(notice.body));
  assert.equal((await c.resident.post(`${ending}/reason-request`)).status, 201);
  assert.equal((await c.company.post(`${ending}/reason`, { reason: "横から" })).status, 403);
  const reason = await c.hub.post(`${ending}/reason`, { reason: "元の発注者の案件が終わるため" });
  assert.equal(reason.status, 200, JSON.stringify(reason.body));
  assert.equal(reason.body.reason_request.state, "answered");
});

test("withholding: writing work has 10.21% withheld on its invoice, and the resident's earnings say so", async () => {
  await at("2027-02-01");
  const job = await c.company.post("/api/v1/jobs", jobInput({
    title: "観光記事の執筆", tasks: [{ task: "writing.article", level: "beginner" }], duration_weeks: 12,
  }));
  assert.equal(job.status, 201, JSON.stringify(job.body));
  const opened = await c.resident.post(`/api/v1/jobs/${job.body.id}/interest`);
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  const id = opened.body.id;
  const mutual = await c.company.post(`/api/v1/jobs/${job.body.id}/talent/${cardOf(job.body.id, residentId)}/interest`);
  assert.equal(mutual.status, 201, JSON.stringify(mutual.body));
  const path = `/api/v1/engagements/${id}/fair-terms`;
  const set = await c.company.put(path, termsInput({ commissioned_on: "2027-02-01", delivery_from: "2027-02-01", delivery_to: "2027-04-30" }));
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.equal(set.body.care_duty.level, "effort", "three months: consideration is an effort (Art. 13(2))");
  for (const who of [c.resident, c.company]) {
    const res = await who.post(`${path}/acknowledgements`, { version: set.body.version, text_hash: set.body.text_hash });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  assert.equal((await c.hub.post(`/api/v1/engagements/${id}/events`, { type: "trial_started", trial_weeks: 4 })).status, 201);
  await at("2027-02-26");
  const reports = `/api/v1/engagements/${id}/work-reports`;
  const sent = await c.resident.post(reports, { period: "2027-02", content: { hours: { minutes: 600 } } });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  const accepted = await c.company.post(`${reports}/${sent.body.id}/review`, { decision: "accept" });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  const res = await c.resident.post(`/api/v1/engagements/${id}/invoices`, { period: "2027-02" });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const inv = res.body.invoice;
  assert.equal(inv.amount, 15000, "10 h × ¥1,500");
  assert.equal(inv.withholding, 1531, "⌊15,000 × 10.21%⌋ (所得税法204条: writing)");
  assert.equal(inv.payable, inv.total - inv.withholding, "the company pays the rest and the tax office the withheld");
  assert.match(res.body.text.ja, /源泉徴収/);
  // Withheld when paid: counted in the month of the payment.
  let earnings = (await c.resident.get("/api/v1/me/earnings?year=2027")).body;
  assert.equal(earnings.totals.withheld, 0, "nothing withheld before a payment");
  await at("2027-03-31");
  const paid = await c.company.post(`/api/v1/invoices/${res.body.id}/payments`, { paid_on: "2027-03-31", amount: inv.payable });
  assert.equal(paid.status, 201, JSON.stringify(paid.body));
  earnings = (await c.resident.get("/api/v1/me/earnings?year=2027")).body;
  assert.equal(earnings.totals.withheld, 1531, JSON.stringify(earnings.totals));
  assert.equal(earnings.totals.paid, inv.payable);
  assert.ok(earnings.months.some((m) => m.month === 3 && m.withheld === 1531), JSON.stringify(earnings.months));
});
