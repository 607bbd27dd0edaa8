// Accounts, sessions and invites: registration, login (no user enumeration, throttle), logout,
// /me, invite issuance by role, registration with an invite, CSRF, and what KV holds.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { kv as kvOf, kvKeys, startServer } from "../support/server.mjs";


let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.dispose(); });

const PASSWORD = "midori-2026-pass";
let n = 0;
const uniqueEmail = (tag) => `${tag}-${Date.now().toString(36)}-${n++}@example.jp`;

function post(path, body, headers = {}) {
  return fetch(`${server.base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/** The `__Host-musubi_session` Set-Cookie line and its token. */
function sessionCookie(res) {
  const line = res.headers.getSetCookie().find((c) => c.startsWith("__Host-musubi_session="));
  assert.ok(line, "a __Host-musubi_session cookie is set");
  const token = line.slice("__Host-musubi_session=".length).split(";")[0];
  return { line, token, header: `__Host-musubi_session=${token}` };
}

const me = (cookie) => fetch(`${server.base}/api/v1/me`, { headers: cookie ? { cookie } : {} });

async function register(body) {
  const res = await post("/api/v1/accounts", body);
  const json = await res.json();
  assert.equal(res.status, 201, JSON.stringify(json));
  return { res, body: json, cookie: sessionCookie(res) };
}

/** Local KV through wrangler, on the test server's state folder. */
const kv = (...args) => kvOf(server, ...args);

test("register: 201, a protective session cookie, and /me works with it and only with it", async () => {
  const email = uniqueEmail("hanako");
  const started = performance.now();
  const { body, cookie } = await register({ email, password: PASSWORD });
  console.log(`# register (PBKDF2 100k + KV writes): ${(performance.now() - started).toFixed(0)} ms`);
  assert.equal(body.email, email);
  assert.deepEqual(body.role, { kind: "resident" });
  assert.equal(body.region, "midori");
  assert.match(body.id, /^u[a-z2-7]{26}$/);
  assert.equal(body.password, undefined);
  const flags = cookie.line.split(";").map((s) => s.trim());
  for (const f of ["HttpOnly", "Secure", "SameSite=Lax", "Path=/", "Max-Age=2592000"]) {
    assert.ok(flags.includes(f), `${f} in ${cookie.line}`);
  }
  assert.match(cookie.token, /^[0-9a-f]{64}$/);

  const mine = await me(cookie.header);
  assert.equal(mine.status, 200);
  const view = await mine.json();
  assert.equal(view.id, body.id);
  assert.ok(!JSON.stringify(view).includes("hash"), "no password hash in /me");

  const anonymous = await me();
  assert.equal(anonymous.status, 401);
  assert.equal((await anonymous.json()).error.code, "unauthenticated");
  const forged = await me(`__Host-musubi_session=${"0".repeat(64)}`);
  assert.equal(forged.status, 401);
});

test("a duplicate email (in any case or width) is 409", async () => {
  const email = uniqueEmail("dup");
  await register({ email, password: PASSWORD });
  const again = await post("/api/v1/accounts", { email: email.toUpperCase(), password: PASSWORD });
  assert.equal(again.status, 409);
  const body = await again.json();
  assert.equal(body.error.code, "email_taken");
  assert.ok(body.error.message.ja && body.error.message.en);
});

test("bad input is 422 with every field's problem in Japanese and English", async () => {
  const res = await post("/api/v1/accounts", { email: "taro@", password: "short", invite_code: "a:b" });
  assert.equal(res.status, 422);
  const body = await res.json();
  assert.equal(body.error.code, "validation_failed");
  const byField = Object.fromEntries(body.error.fields.map((f) => [f.field, f]));
  assert.equal(byField.email.code, "invalid_email");
  assert.equal(byField.password.code, "password_too_short");
  assert.equal(byField.invite_code.code, "invalid_id");
  for (const f of body.error.fields) assert.ok(f.message.ja && f.message.en, f.field);
  const broken = await fetch(`${server.base}/api/v1/accounts`, { method: "POST", body: "{" });
  assert.equal(broken.status, 400);
});

test("login: a wrong password and an unknown email get the same 401; the right one a session", async () => {
  const email = uniqueEmail("login");
  await register({ email, password: PASSWORD });
  let t = performance.now();
  const wrong = await post("/api/v1/sessions", { login: email, password: "not-the-password" });
  const wrongMs = performance.now() - t;
  t = performance.now();
  const unknown = await post("/api/v1/sessions", { login: uniqueEmail("nobody"), password: "not-the-password" });
  const unknownMs = performance.now() - t;
  console.log(`# login wrong password: ${wrongMs.toFixed(0)} ms, unknown email: ${unknownMs.toFixed(0)} ms`);
  assert.equal(wrong.status, 401);
  assert.equal(unknown.status, 401);
  const [a, b] = [await wrong.json(), await unknown.json()];
  assert.deepEqual(a, b);
  assert.equal(a.error.code, "invalid_credentials");
  assert.equal(wrong.headers.getSetCookie().length, 0);

  t = performance.now();
  const ok = await post("/api/v1/sessions", { login: email.toUpperCase(), password: PASSWORD });
  console.log(`# login ok: ${(performance.now() - t).toFixed(0)} ms`);
  assert.equal(ok.status, 201);
  const cookie = sessionCookie(ok);
  assert.equal((await me(cookie.header)).status, 200);
});

test("5 failed logins within 15 minutes: the 6th try is 429 with Retry-After, even with the right password", async () => {
  const email = uniqueEmail("throttle");
  await register({ email, password: PASSWORD });
  for (let i = 0; i < 5; i++) {
    const res = await post("/api/v1/sessions", { login: email, password: `wrong-${i}` });
    assert.equal(res.status, 401, `attempt ${i + 1}`);
  }
  const sixth = await post("/api/v1/sessions", { login: email, password: PASSWORD });
  assert.equal(sixth.status, 429);
  const retry = Number(sixth.headers.get("retry-after"));
  assert.ok(retry > 800 && retry <= 900, `Retry-After ${retry}`);
  assert.equal((await sixth.json()).error.code, "too_many_requests");
  // Unknown emails are throttled the same way (no enumeration through the throttle either).
  const ghost = uniqueEmail("ghost");
  for (let i = 0; i < 5; i++) await post("/api/v1/sessions", { login: ghost, password: "x" });
  assert.equal((await post("/api/v1/sessions", { login: ghost, password: "x" })).status, 429);
});

test("logout revokes the session on the server and clears the cookie", async () => {
  const { cookie } = await register({ email: uniqueEmail("bye"), password: PASSWORD });
  assert.equal((await me(cookie.header)).status, 200);
  const res = await fetch(`${server.base}/api/v1/sessions/current`, {
    method: "DELETE",
    headers: { cookie: cookie.header },
  });
  assert.equal(res.status, 204);
  const cleared = res.headers.getSetCookie().find((c) => c.startsWith("__Host-musubi_session="));
  assert.match(cleared, /^__Host-musubi_session=;.*Max-Age=0/);
  // The old token no longer works even if a client kept it.
  assert.equal((await me(cookie.header)).status, 401);
  const twice = await fetch(`${server.base}/api/v1/sessions/current`, { method: "DELETE" });
  assert.equal(twice.status, 204);
});

test("CSRF: login and registration from another origin are refused", async () => {
  const foreign = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };
  const login = await post("/api/v1/sessions", { login: "a@b.jp", password: "x" }, foreign);
  assert.equal(login.status, 403);
  assert.equal((await login.json()).error.code, "forbidden");
  const reg = await post("/api/v1/accounts", { email: uniqueEmail("csrf"), password: PASSWORD }, { origin: "https://evil.example" });
  assert.equal(reg.status, 403);
});

test("invites: residents may not issue them; a hub issues one that grants its role", async () => {
  const resident = await register({ email: uniqueEmail("res"), password: PASSWORD });
  const refused = await post("/api/v1/invites", { role: "resident" }, { cookie: resident.cookie.header });
  assert.equal(refused.status, 403);
  assert.equal((await refused.json()).error.code, "forbidden");
  assert.equal((await post("/api/v1/invites", { role: "resident" })).status, 401);

  // Bootstrap: a hub invite written straight into local KV (what an admin would issue).
  const now = Date.now();
  const hubCode = `hubboot-${now.toString(36)}`;
  await kv("put", `invite:${hubCode}`, JSON.stringify({
    code: hubCode, role: { kind: "hub", region: "midori" }, region: "midori", program: null,
    issued_by: "admin", issued_at: new Date(now).toISOString(),
    expires_at: new Date(now + 86_400_000).toISOString(), max_uses: 1,
  }));
  const hub = await register({ email: uniqueEmail("hub"), password: PASSWORD, invite_code: hubCode.toUpperCase() });
  assert.deepEqual(hub.body.role, { kind: "hub", region: "midori" });
  // The code is used up now.
  const reuse = await post("/api/v1/accounts", { email: uniqueEmail("late"), password: PASSWORD, invite_code: hubCode });
  assert.equal(reuse.status, 422);
  assert.equal((await reuse.json()).error.fields[0].field, "invite_code");

  // The hub invites a resident with a personal code; the resident needs no email.
  const issued = await post("/api/v1/invites", { role: "resident", expires_in_days: 7 }, { cookie: hub.cookie.header });
  const invite = await issued.json();
  assert.equal(issued.status, 201, JSON.stringify(invite));
  assert.match(invite.code, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  assert.deepEqual(invite.role, { kind: "resident" });
  assert.equal(invite.max_uses, 1);
  assert.equal(invite.issued_by, hub.body.id);
  const invited = await register({ invite_code: invite.code, password: PASSWORD });
  assert.deepEqual(invited.body.role, { kind: "resident" });
  assert.equal(invited.body.email, null);
  const byCode = await post("/api/v1/sessions", { login: invite.code.toUpperCase(), password: PASSWORD });
  assert.equal(byCode.status, 201);

  // Shape errors are 422 per field; a hub may not mint hubs.
  const bad = await post("/api/v1/invites", { role: "company_member", company: "no-such-company", max_uses: 0 }, { cookie: hub.cookie.header });
  assert.equal(bad.status, 422);
  const fields = (await bad.json()).error.fields.map((f) => f.field).sort();
  assert.deepEqual(fields, ["max_uses"]);
  const unknownCompany = await post("/api/v1/invites", { role: "company_member", company: "no-such-company" }, { cookie: hub.cookie.header });
  assert.equal(unknownCompany.status, 422);
  const hubByHub = await post("/api/v1/invites", { role: "hub" }, { cookie: hub.cookie.header });
  assert.equal(hubByHub.status, 403);
  const unknownCode = await post("/api/v1/accounts", { email: uniqueEmail("x"), password: PASSWORD, invite_code: "nosuchcode" });
  assert.equal(unknownCode.status, 422);
});

test("KV holds the SHA-256 of the session token and of the email, never the token or email", async () => {
  const email = uniqueEmail("kvcheck");
  const { cookie } = await register({ email, password: PASSWORD });
  const keys = await kvKeys(server);
  const sha = (s) => createHash("sha256").update(s).digest("hex");
  assert.ok(keys.includes(`session:${sha(cookie.token)}`), "session key is the token's hash");
  assert.ok(keys.includes(`login:${sha(email)}`), "login key is the email's hash");
  assert.ok(!keys.some((k) => k.includes(cookie.token)), "no key names the token");
  assert.ok(!keys.some((k) => k.includes(email)), "no key names the email");
  const stored = await kv("get", `session:${sha(cookie.token)}`);
  assert.ok(!stored.includes(cookie.token));
  const account = JSON.parse(await kv("get", `account:${JSON.parse(await (await me(cookie.header)).text()).id}`));
  assert.equal(account.password.algorithm, "pbkdf2-sha256");
  assert.equal(account.password.iterations, 100000);
  assert.match(account.password.salt_hex, /^[0-9a-f]{32}$/);
  assert.ok(!JSON.stringify(account).includes(PASSWORD));
});

test("login and registration are never replayed for an Idempotency-Key (each answer sets its own cookie)", async () => {
  const email = uniqueEmail("idem");
  const key = { "idempotency-key": `login-retry-${Date.now()}` };
  await register({ email, password: PASSWORD });
  const first = await post("/api/v1/sessions", { login: email, password: PASSWORD }, key);
  const second = await post("/api/v1/sessions", { login: email, password: PASSWORD }, key);
  assert.equal(first.status, 201);
  assert.equal(second.status, 201);
  assert.equal(second.headers.get("idempotent-replayed"), null);
  const [a, b] = [sessionCookie(first), sessionCookie(second)];
  assert.notEqual(a.token, b.token);
  assert.equal((await me(b.header)).status, 200);
  // Another anonymous client with the same key gets its own answer, not the account above.
  const stranger = await post("/api/v1/sessions", { login: uniqueEmail("stranger"), password: "x" }, key);
  assert.equal(stranger.status, 401);
});
