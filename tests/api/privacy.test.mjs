// Privacy on a real workerd: the export holds my profile and engagements; deleting the account
// ends every session and login, the company never sees the person's name or contact again (the
// engagement itself stays, anonymised), matching drops them at once, and the next summary
// refresh counts one resident fewer.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { seedDemo, startServer } from "../support/server.mjs";
import { Client, DEMO, allTalent, login, registerResident } from "../support/client.mjs";
import { jobInput, profileInput } from "../support/fixtures.mjs";

const ROOT = new URL("../..", import.meta.url).pathname;
const run = promisify(execFile);

let server, company, hub;
before(async () => {
  server = await startServer();
  await seedDemo(server.base);
  [company, hub] = await Promise.all([DEMO.company, DEMO.hub].map((e) => login(server.base, e)));
});
after(async () => { await server?.dispose(); });

const NAME = "削除 テスト花子";
const PROFILE = profileInput({
  display_name: NAME,
  skills: [{ task: "data.entry", level: "experienced" }],
  windows: ["weekday_morning", "weekday_daytime"],
});
const JOB = jobInput({
  title: "アンケートの集計",
  description: "紙のアンケートを表計算ソフトに入力します。",
  duration_weeks: 8,
  pay_yen: 1100,
});

/**
 * Recomputes the public summary as its refresh does: the summary is derived, so dropping the
 * stored copy makes the next read count the membership markers again. (The cron handler cannot
 * be triggered locally: wrangler 4.86 fails to pass workers-rs its ScheduledController.)
 */
async function refreshSummary() {
  await run(
    join(ROOT, "node_modules/.bin/wrangler"),
    ["kv", "key", "delete", "summary:midori", "--binding", "KV", "--local", "--persist-to", server.state],
    { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" } },
  );
}

async function residentsCount() {
  const res = await fetch(`${server.base}/api/v1/public/summary`);
  return (await res.json()).residents;
}

test("export holds everything about me; deletion erases the person but keeps the engagement anonymised", async () => {
  const email = `forget-me-${Date.now()}@example.jp`;
  const { client: me, account } = await registerResident(server.base, email);
  assert.equal((await me.put("/api/v1/me/profile", PROFILE)).status, 201);
  const otherDevice = await login(server.base, email, "midori-2026-pass");

  const job = await company.post("/api/v1/jobs", JOB);
  assert.equal(job.status, 201, JSON.stringify(job.body));
  const jobId = job.body.id;
  assert.ok((await allTalent(company, jobId)).some((c) => c.card === account.id), "listed before deletion");
  const mine = await me.post(`/api/v1/jobs/${jobId}/interest`);
  assert.equal(mine.status, 201);
  const engagementId = mine.body.id;
  assert.equal((await company.post(`/api/v1/jobs/${jobId}/talent/${account.id}/interest`)).status, 201);
  const before = await company.get(`/api/v1/engagements/${engagementId}`);
  assert.equal(before.body.contacts.resident_name, NAME, "mutual interest reveals the name");

  // Export: account without the hash, the profile, the engagement with its events.
  const exported = await me.get("/api/v1/me/export");
  assert.equal(exported.status, 200);
  assert.match(exported.headers.get("content-disposition") ?? "", /attachment/);
  const x = exported.body;
  assert.equal(x.account.id, account.id);
  assert.equal(x.account.email, email);
  assert.ok(!JSON.stringify(x).includes("hash_hex") && !JSON.stringify(x).includes("salt"), "no password hash");
  assert.equal(x.resident_profile.display_name, NAME);
  const eng = x.engagements.find((e) => e.id === engagementId);
  assert.ok(eng, "the engagement is in the export");
  const kinds = eng.events.map((e) => e.kind.type);
  assert.ok(kinds.includes("proposed") && kinds.includes("interest_shown"), kinds.join());
  assert.ok(Array.isArray(x.other_records));
  assert.ok(x.note.ja && x.note.en);

  await refreshSummary();
  const residentsBefore = await residentsCount();

  // Deletion needs the exact confirmation.
  const noBody = await me.delete("/api/v1/me");
  assert.equal(noBody.status, 400);
  const wrong = await me.request("DELETE", "/api/v1/me", { body: { confirm: "yes" } });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.error.code, "confirmation_required");
  assert.ok(wrong.body.error.message.ja && wrong.body.error.message.en);
  assert.equal((await me.get("/api/v1/me")).status, 200, "nothing was deleted yet");

  const gone = await me.request("DELETE", "/api/v1/me", { body: { confirm: "DELETE" } });
  assert.equal(gone.status, 200, JSON.stringify(gone.body));
  assert.equal(gone.body.deleted, true);
  assert.ok(gone.body.sessions_ended >= 2, "both sessions ended");
  assert.ok(gone.headers.getSetCookie().some((c) => c.startsWith("musubi_session=;") || c.includes("Max-Age=0")));

  // Logged out everywhere, and the login is gone.
  assert.equal((await me.get("/api/v1/me")).status, 401);
  assert.equal((await otherDevice.get("/api/v1/me")).status, 401, "the other device's session ended too");
  assert.equal((await otherDevice.put("/api/v1/me/profile", PROFILE)).status, 401, "no profile can be re-created");
  const relogin = await fetch(`${server.base}/api/v1/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: email, password: "midori-2026-pass" }),
  });
  assert.equal(relogin.status, 401);

  // The engagement stays for the company and the hub, but never names the person again.
  for (const viewer of [company, hub]) {
    const after = await viewer.get(`/api/v1/engagements/${engagementId}`);
    assert.equal(after.status, 200);
    assert.equal(after.body.contacts.resident_deleted, true);
    assert.equal(after.body.contacts.resident_name, "");
    assert.equal(after.body.contacts.resident_email, null);
    const text = JSON.stringify(after.body);
    assert.ok(!text.includes(NAME) && !text.includes(email), "no name or email anywhere");
    assert.equal(after.body.column, "matched", "the engagement's history is kept");
  }
  assert.ok(!(await allTalent(company, jobId)).some((c) => c.card === account.id), "matching drops the person at once");
  assert.equal((await company.post(`/api/v1/jobs/${jobId}/talent/${account.id}/interest`)).status, 404);

  await refreshSummary();
  assert.equal(await residentsCount(), residentsBefore - 1, "the refreshed summary counts one resident fewer");

  // The same email may register again, as a new person with nothing of the old one.
  const again = await registerResident(server.base, email);
  assert.notEqual(again.account.id, account.id);
  assert.equal((await again.client.get("/api/v1/me/profile")).status, 404);
  const fresh = await again.client.get("/api/v1/me/export");
  assert.deepEqual(fresh.body.engagements, []);
});

test("a company member's export holds the events they posted; anonymous gets 401", async () => {
  const res = await company.get("/api/v1/me/export");
  assert.equal(res.status, 200);
  assert.equal(res.body.account.email, DEMO.company);
  assert.equal(res.body.resident_profile, null);
  const me = (await company.get("/api/v1/me")).body.id;
  for (const e of res.body.engagements) {
    assert.ok(e.events.every((ev) => ev.actor.user === me), "only my own events");
  }
  const anonymous = new Client(server.base);
  assert.equal((await anonymous.get("/api/v1/me/export")).status, 401);
  assert.equal((await anonymous.request("DELETE", "/api/v1/me", { body: { confirm: "DELETE" } })).status, 401);
});
