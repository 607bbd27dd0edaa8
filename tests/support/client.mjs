// A small JSON client for API tests: one session (cookie) per client, Idempotency-Key when asked.
import assert from "node:assert/strict";
import { installForApiTests, isDevProxyFailure } from "./openapi.mjs";

// Every answer an API test receives is checked against worker/openapi.json (tests/support/openapi.mjs).
installForApiTests();

export const DEMO_PASSWORD = "musubi-demo-2026";
export const DEMO = {
  resident: "resident@demo.musubi.example",
  company: "company@demo.musubi.example",
  hub: "hub@demo.musubi.example",
  municipality: "city@demo.musubi.example",
};

// Instants on the wire are RFC 3339 in UTC; chrono leaves out a fraction of zero ("…:30Z" beside
// "…:30.093Z"), so their order is the order of the instants, not of the strings.
export function assertInstantOrder(times, order, message) {
  const instants = times.map((t) => Date.parse(t));
  assert.ok(instants.every(Number.isFinite), `instants: ${JSON.stringify(times)}`);
  const sorted = [...instants].sort((a, b) => (order === "newest first" ? b - a : a - b));
  assert.deepEqual(instants, sorted, `${message ?? order}: ${JSON.stringify(times)}`);
}

export class Client {
  constructor(base, cookie = null) {
    this.base = base;
    this.cookie = cookie;
  }

  async request(method, path, { body, headers = {} } = {}) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    // A non-JSON answer (wrangler's dev proxy answers some failures in text) is kept as text, so
    // that a test or the load benchmark sees its status instead of a parse error.
    let parsed = null;
    try { parsed = text ? JSON.parse(text) : null; } catch { parsed = { text: text.slice(0, 200) }; }
    return { status: res.status, headers: res.headers, body: parsed };
  }

  get(path, opts) { return this.request("GET", path, opts); }
  post(path, body, opts = {}) { return this.request("POST", path, { ...opts, body }); }
  put(path, body, opts = {}) { return this.request("PUT", path, { ...opts, body }); }
  delete(path, opts) { return this.request("DELETE", path, opts); }
}

function cookieOf(headers) {
  const line = headers.getSetCookie().find((c) => c.startsWith("__Host-musubi_session="));
  assert.ok(line, "a session cookie is set");
  return line.split(";")[0];
}

/** Logs in and returns a client carrying the session. */
export async function login(base, email, password = DEMO_PASSWORD) {
  const attempt = () => fetch(`${base}/api/v1/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: email, password }),
  });
  let res = await attempt();
  // wrangler's dev proxy answers this 503 when its connection to the worker failed, most often
  // on a test's first request after ~5 s of quiet (a POST is never retried by the proxy; see
  // tests/support/server.mjs). Production has no such proxy, and a login is safe to send again:
  // a session that was made anyway is never used.
  if (isDevProxyFailure(res.status, await res.clone().text())) res = await attempt();
  assert.equal(res.status, 201, await res.text());
  return new Client(base, cookieOf(res.headers));
}

/** Registers a new resident and returns a client carrying the session, and the account. */
export async function registerResident(base, email, password = "midori-2026-pass") {
  const res = await fetch(`${base}/api/v1/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const account = await res.json();
  assert.equal(res.status, 201, JSON.stringify(account));
  return { client: new Client(base, cookieOf(res.headers)), account };
}

/**
 * The city puts `email` on a course (the CSV import) and the resident accepts it in their inbox:
 * only then is the person enrolled and may a completion be credited to them.
 */
export async function enrolAndAccept(city, resident, course, email, name = "受講 花子") {
  const imported = await city.post(`/api/v1/programs/${course}/enrolments`, { csv: `氏名,メール/電話,講座\r\n${name},${email},\r\n` });
  assert.ok([200, 201].includes(imported.status), JSON.stringify(imported.body));
  const accepted = await resident.post(`/api/v1/me/courses/${course}`, { decision: "accept" });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  assert.equal(accepted.body.state, "accepted");
}

/** Registers a company (pending until its hub approves) and returns its member's client and the answer's body. */
export async function registerCompany(base, fields) {
  const res = await fetch(`${base}/api/v1/companies`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ industry: "小売業", size: "small", password: "midori-2026-pass", ...fields }),
  });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  return { client: new Client(base, cookieOf(res.headers)), body };
}

/** Starts a server with the demo region and logs in its four demo accounts. */
/** Sets the development clock (`PUT /api/v1/dev/clock`) to noon in Japan on `date` (YYYY-MM-DD). */
export async function setDevClock(base, date) {
  const res = await fetch(`${base}/api/v1/dev/clock`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ now: `${date}T12:00:00+09:00` }),
  });
  if (res.status !== 200) throw new Error(`dev clock: ${res.status} ${await res.text()}`);
}

/**
 * Terms both sides confirmed for `engagement`, so that its work may start: the Freelance Act's
 * written terms gate the trial (`terms_not_agreed` before). `commissioner` (the company, or the
 * hub with `{ contracting: "through_hub", … }`) sets and confirms them, `contractor` (the
 * resident) confirms. Work runs for a year from the server's today. Returns the terms.
 */
export async function agreeTerms(commissioner, contractor, engagement, overrides = {}) {
  const clock = await commissioner.get("/api/v1/dev/clock");
  assert.equal(clock.status, 200, JSON.stringify(clock.body));
  const today = clock.body.today_jst;
  const yearOn = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`.replace(/-02-29$/, "-02-28");
  const path = `/api/v1/engagements/${engagement}/fair-terms`;
  const set = await commissioner.put(path, {
    contracting: "direct",
    delivery_from: today,
    delivery_to: yearOn,
    inspection_days: 5,
    amount: { rate: { yen: 1200, per: "hour" } },
    payment_due: { schedule: { closing: "end_of_month", pay_months_after: 1, pay_day: "end_of_month" } },
    payment_method: "銀行振込（振込手数料は発注者負担）",
    ...overrides,
  });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  for (const who of [commissioner, contractor]) {
    const ack = await who.post(`${path}/acknowledgements`, { version: set.body.version, text_hash: set.body.text_hash });
    assert.equal(ack.status, 201, JSON.stringify(ack.body));
  }
  return set.body;
}

export async function demoWorld({ clock } = {}) {
  const { startSeededServer } = await import("./server.mjs");
  const server = await startSeededServer();
  // A date-dependent file sets the development clock before anyone logs in.
  if (clock) await setDevClock(server.base, clock);
  const [resident, company, hub, city] = await Promise.all(
    [DEMO.resident, DEMO.company, DEMO.hub, DEMO.municipality].map((e) => login(server.base, e)),
  );
  return { server, resident, company, hub, city, anonymous: new Client(server.base) };
}

/** Every talent card of a job, page by page (50 at a time) until the API says there is no more. */
export async function allTalent(client, jobId) {
  const cards = [];
  for (let offset = 0; ; offset += 50) {
    const page = await client.get(`/api/v1/jobs/${jobId}/talent?limit=50&offset=${offset}`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    cards.push(...page.body.items);
    if (!page.body.has_more) return cards;
  }
}
