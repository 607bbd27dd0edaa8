// Company registration on a real workerd: a company registers with its first member's login,
// starts pending, sees its approval, edits its profile; field errors and duplicate emails.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startSeededServer } from "../support/server.mjs";
import { Client, DEMO, login } from "../support/client.mjs";

let server, hub, resident, demoCompany;
before(async () => {
  server = await startSeededServer();
  [hub, resident, demoCompany] = await Promise.all([DEMO.hub, DEMO.resident, DEMO.company].map((e) => login(server.base, e)));
});
after(async () => { await server?.dispose(); });

const COMPANY = {
  name: "株式会社　みどり観光",
  industry: "宿泊業",
  prefecture: "熊本",
  municipality: "阿蘇市",
  size: "small",
  contact_person: "田中 一郎",
};

async function register(body) {
  const res = await fetch(`${server.base}/api/v1/companies`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

test("a company registers, is pending, edits its profile, and cannot post work before approval", async () => {
  const email = `tanaka-${Date.now()}@example.jp`;
  const res = await register({ ...COMPANY, email, password: "midori-2026-pass" });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.company.name, "株式会社 みどり観光");
  assert.equal(res.body.company.prefecture, 43);
  assert.deepEqual(res.body.approval, { state: "pending" });
  assert.deepEqual(res.body.account.role, { kind: "company_member", company: res.body.company.id });
  assert.equal(res.body.account.password, undefined);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__Host-musubi_session=")).split(";")[0];
  const member = new Client(server.base, cookie);
  const id = res.body.company.id;

  assert.equal((await member.get("/api/v1/me")).body.email, email);
  const approval = await member.get(`/api/v1/companies/${id}/approval`);
  assert.equal(approval.status, 200);
  assert.deepEqual(approval.body, { company: id, approval: { state: "pending" } });
  const posted = await member.post("/api/v1/jobs", {});
  assert.equal(posted.status, 409, "no work before the hub approves");
  assert.equal(posted.body.error.code, "company_not_approved");

  const put = await member.put(`/api/v1/companies/${id}`, { ...COMPANY, size: "medium", contact_person: "田中 花" });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.equal(put.body.size, "medium");
  assert.equal(put.body.created_at, res.body.company.created_at);
  const got = await member.get(`/api/v1/companies/${id}`);
  assert.equal(got.body.contact_person, "田中 花");

  // The region's hub reads it; others may not.
  assert.equal((await hub.get(`/api/v1/companies/${id}`)).status, 200);
  assert.equal((await hub.get(`/api/v1/companies/${id}/approval`)).body.approval.state, "pending");
  assert.equal((await hub.put(`/api/v1/companies/${id}`, COMPANY)).status, 403, "the hub does not edit a company");
  assert.equal((await resident.get(`/api/v1/companies/${id}`)).status, 403);
  assert.equal((await demoCompany.get(`/api/v1/companies/${id}`)).status, 403, "another company may not read it");
  assert.equal((await demoCompany.put(`/api/v1/companies/${id}`, COMPANY)).status, 403);
  assert.equal((await new Client(server.base).get(`/api/v1/companies/${id}`)).status, 401);

  // The hub sees it in the region: counted by the summary after the next refresh.
  const again = await register({ ...COMPANY, email: email.toUpperCase(), password: "another-pass-2026" });
  assert.equal(again.status, 409, "the same email (any case) registers once");
  assert.equal(again.body.error.code, "email_taken");
});

test("registration reports every field error at once, in Japanese and English", async () => {
  const res = await register({ name: " ", prefecture: "火星", size: "huge", email: "not-an-email", password: "short" });
  assert.equal(res.status, 422);
  const fields = res.body.error.fields.map((f) => f.field);
  for (const f of ["name", "industry", "prefecture", "size", "contact_person", "email", "password"]) {
    assert.ok(fields.includes(f), `${f} in ${fields}`);
  }
  assert.ok(res.body.error.fields.every((f) => f.message.ja && f.message.en));
  assert.equal((await register("nope")).status, 400, "a JSON string is not a form");
  const bad = await fetch(`${server.base}/api/v1/companies`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
  assert.equal(bad.status, 400);
});

test("a demo company sees its approval", async () => {
  const me = await demoCompany.get("/api/v1/me");
  const id = me.body.role.company;
  const res = await demoCompany.get(`/api/v1/companies/${id}/approval`);
  assert.equal(res.status, 200);
  assert.equal(res.body.approval.state, "approved");
  assert.equal((await demoCompany.get("/api/v1/companies/c-no-such-company")).status, 403, "not a member: refused before any read");
  assert.equal((await hub.get("/api/v1/companies/c-no-such-company")).status, 404);
});
