// Who may call what: for every operation in the OpenAPI document (read at runtime), call it as
// anonymous, resident, company member, hub coordinator and municipality staff, and compare the
// status with the table below. Anonymous callers get 401 on every operation the document marks
// with the session scheme; nobody ever gets a 5xx. And a company never sees a resident's name
// or contact in talent or teams, nor in an engagement before interest is mutual.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, DEMO, allTalent, demoWorld, login } from "../support/client.mjs";
import { jobInput } from "../support/fixtures.mjs";
import { cardOf } from "../support/cards.mjs";

const ROLES = ["anonymous", "resident", "company", "hub", "city"];

// Expected status per role: [anonymous, resident, company, hub, city]. Bodies are `{}` for
// POST/PUT/DELETE (so a permitted write is refused by validation, 400/422, and changes nothing),
// except where the empty body is a complete request (interest, close). "GET" rows use real demo
// ids: a job of the demo company, an engagement of the demo resident, the demo company.
// 404 on an engagement for municipality staff is deliberate: it does not say whether it exists.
const TABLE = {
  "GET /api/v1/health": [200, 200, 200, 200, 200],
  "GET /api/v1/openapi.json": [200, 200, 200, 200, 200],
  "GET /api/v1/public/summary": [200, 200, 200, 200, 200],
  "GET /api/v1/vocabulary": [200, 200, 200, 200, 200],
  // A dummy region id: 404 for everyone (`default` names the region new residents join).
  "GET /api/v1/regions/{id}": [404, 404, 404, 404, 404],
  "POST /api/v1/dev/seed": [200, 200, 200, 200, 200],
  "POST /api/v1/dev/reindex": [200, 200, 200, 200, 200],
  "POST /api/v1/accounts": [422, 422, 422, 422, 422],
  "GET /api/v1/me": [401, 200, 200, 200, 200],
  "POST /api/v1/sessions": [422, 422, 422, 422, 422],
  "DELETE /api/v1/sessions/current": [204, 204, 204, 204, 204],
  // The header's log-out form: 303 to `/`, which the client follows (the landing page, 200).
  "POST /api/v1/sessions/current": [200, 200, 200, 200, 200],
  "POST /api/v1/invites": [401, 403, 403, 422, 422],
  // The region's codes are listed to its hub only.
  "GET /api/v1/invites": [401, 403, 403, 200, 403],
  "GET /api/v1/me/profile": [401, 200, 403, 403, 403],
  "PUT /api/v1/me/profile": [401, 422, 403, 403, 403],
  "GET /api/v1/me/matches": [401, 200, 403, 403, 403],
  "GET /api/v1/me/engagements": [401, 200, 200, 200, 403],
  "GET /api/v1/me/inbox": [401, 200, 403, 403, 403],
  // A resident's course invitations: only residents have them; an empty answer is 422.
  "GET /api/v1/me/courses": [401, 200, 403, 403, 403],
  "POST /api/v1/me/courses/{id}": [401, 422, 403, 403, 403],
  "POST /api/v1/jobs": [401, 403, 422, 403, 403],
  "GET /api/v1/jobs/{id}": [401, 200, 200, 200, 200],
  "PUT /api/v1/jobs/{id}": [401, 403, 422, 422, 403],
  // An empty body gives no reason for closing: 422 for those who may close.
  "POST /api/v1/jobs/{id}/close": [401, 403, 422, 422, 403],
  "GET /api/v1/jobs/{id}/talent": [401, 403, 200, 200, 403],
  "GET /api/v1/jobs/{id}/team": [401, 403, 200, 200, 403],
  // 409 for the resident: the demo resident already showed interest in this job (setup).
  "POST /api/v1/jobs/{id}/interest": [401, 409, 403, 403, 403],
  "POST /api/v1/jobs/{id}/talent/{card}/interest": [401, 403, 201, 403, 403],
  "GET /api/v1/engagements/{id}": [401, 200, 200, 200, 404],
  "POST /api/v1/engagements/{id}/events": [401, 400, 400, 400, 400],
  "POST /api/v1/companies": [422, 422, 422, 422, 422],
  "GET /api/v1/companies/{id}": [401, 403, 200, 200, 403],
  "PUT /api/v1/companies/{id}": [401, 403, 422, 403, 403],
  "GET /api/v1/companies/{id}/approval": [401, 403, 200, 200, 403],
  "GET /api/v1/me/export": [401, 200, 200, 200, 200],
  "DELETE /api/v1/me": [401, 400, 400, 400, 400],
  "GET /api/v1/hub/pipeline": [401, 403, 403, 200, 403],
  "GET /api/v1/hub/companies": [401, 403, 403, 200, 403],
  "GET /api/v1/hub/due": [401, 403, 403, 200, 403],
  "POST /api/v1/companies/{id}/approval": [401, 403, 403, 422, 403],
  "POST /api/v1/residents/{id}/verifications": [401, 403, 403, 422, 403],
  "POST /api/v1/programs": [401, 403, 403, 403, 422],
  "GET /api/v1/programs": [401, 200, 200, 200, 200],
  // A dummy program id: staff get 404 (no such program), everyone else 403 first.
  "PUT /api/v1/programs/{id}": [401, 403, 403, 403, 404],
  "POST /api/v1/programs/{id}/enrolments": [401, 403, 403, 403, 404],
  "POST /api/v1/programs/{id}/completions": [401, 403, 403, 403, 404],
  // A dummy municipality: the hub and staff get 404, the others 403.
  "GET /api/v1/municipalities/{id}/metrics": [401, 403, 403, 404, 404],
  // The company workspace: the shortlist and the company's lists are its members' own.
  "GET /api/v1/needs": [200, 200, 200, 200, 200],
  "POST /api/v1/jobs/preview": [401, 403, 422, 403, 403],
  "GET /api/v1/jobs/{id}/shortlist": [401, 403, 200, 403, 403],
  "PUT /api/v1/jobs/{id}/shortlist/{card}": [401, 403, 200, 403, 403],
  "DELETE /api/v1/jobs/{id}/shortlist/{card}": [401, 403, 200, 403, 403],
  "GET /api/v1/companies/{id}/jobs": [401, 403, 200, 403, 403],
  "GET /api/v1/companies/{id}/engagements": [401, 403, 200, 403, 403],
  "GET /api/v1/hub/attention": [401, 403, 403, 200, 403],
  // A dummy resident: the hub gets 404; the demo company's timeline: 200.
  "GET /api/v1/hub/residents/{id}/timeline": [401, 403, 403, 404, 403],
  "GET /api/v1/hub/companies/{id}/timeline": [401, 403, 403, 200, 403],
  "GET /api/v1/programs/{id}/enrolments": [401, 403, 403, 403, 404],
  "GET /api/v1/programs/{id}/placement": [401, 403, 403, 403, 404],
  // The skill record: only a resident has one; the public link of a dummy id is 404; an empty
  // body is not a record (400); the public key is public.
  "GET /api/v1/me/record": [401, 200, 403, 403, 403],
  "GET /api/v1/records/public-key": [200, 200, 200, 200, 200],
  "POST /api/v1/records/verify": [400, 400, 400, 400, 400],
  "GET /api/v1/records/{id}": [404, 404, 404, 404, 404],
  // Every key that signed a record (after a rotation too) is public; a dummy record cannot be
  // revoked by anyone (404 once logged in).
  "GET /api/v1/records/keys": [200, 200, 200, 200, 200],
  "POST /api/v1/records/{id}/revocation": [401, 404, 404, 404, 404],
  // Trust and terms: the hub checks identities (a dummy resident: 404 after validation 422
  // first); the company's terms are its members' and its hub's; the engagement's terms its
  // parties'.
  "POST /api/v1/residents/{id}/identity": [401, 403, 403, 422, 403],
  "GET /api/v1/companies/{id}/terms": [401, 403, 200, 200, 403],
  "PUT /api/v1/companies/{id}/terms": [401, 403, 422, 403, 403],
  "GET /api/v1/engagements/{id}/terms": [401, 200, 200, 200, 404],
  // Work scoping: a company writes its own request, the hub one for a company it names (an
  // empty body names none: 422); a dummy request is unknown to everyone (404) once the role may
  // reach it; the workspace, check and proposal are the hub's; the company lists its own.
  "POST /api/v1/work-requests": [401, 403, 422, 422, 403],
  "GET /api/v1/work-requests/{id}": [401, 404, 404, 404, 404],
  "GET /api/v1/work-requests/{id}/workspace": [401, 403, 403, 404, 403],
  "POST /api/v1/work-requests/{id}/check": [401, 403, 403, 404, 403],
  "PUT /api/v1/work-requests/{id}/proposal": [401, 403, 403, 404, 403],
  "POST /api/v1/work-requests/{id}/answer": [401, 404, 404, 404, 404],
  "GET /api/v1/hub/work-requests": [401, 403, 403, 200, 403],
  "GET /api/v1/companies/{id}/work-requests": [401, 403, 200, 403, 403],
  // Development clock: no session (404 in production, tests/api/fair-work.test.mjs); an empty
  // body sets the real time again.
  "GET /api/v1/dev/clock": [200, 200, 200, 200, 200],
  "PUT /api/v1/dev/clock": [200, 200, 200, 200, 200],
  // Fair work (issue 19). The demo engagement is one-sided and has no terms yet: its parties
  // read empty lists, get 404 for terms and ending, 409 where terms are needed first; the
  // municipality is no party (404). Writes with `{}` are 400 before anything is stored.
  "GET /api/v1/companies/{id}/fair-work-profile": [401, 403, 200, 403, 403],
  "PUT /api/v1/companies/{id}/fair-work-profile": [401, 403, 400, 403, 403],
  "GET /api/v1/me/payout": [401, 200, 403, 403, 403],
  "PUT /api/v1/me/payout": [401, 400, 403, 403, 403],
  "GET /api/v1/engagements/{id}/payout": [401, 409, 409, 409, 404],
  "GET /api/v1/engagements/{id}/fair-terms": [401, 404, 404, 404, 404],
  // The draft is for the side that sets the terms: the company (direct) or the hub (再委託).
  "GET /api/v1/engagements/{id}/fair-terms/draft": [401, 403, 200, 200, 404],
  "PUT /api/v1/engagements/{id}/fair-terms": [401, 400, 400, 400, 404],
  "POST /api/v1/engagements/{id}/fair-terms/acknowledgements": [401, 400, 400, 400, 404],
  "POST /api/v1/pay-schedules/check": [401, 400, 400, 400, 400],
  "GET /api/v1/engagements/{id}/work-reports": [401, 200, 200, 200, 404],
  "POST /api/v1/engagements/{id}/work-reports": [401, 400, 403, 403, 404],
  "POST /api/v1/engagements/{id}/work-reports/{report}/review": [401, 409, 409, 409, 404],
  "GET /api/v1/engagements/{id}/invoices": [401, 200, 200, 200, 404],
  "POST /api/v1/engagements/{id}/invoices": [401, 400, 403, 403, 404],
  "GET /api/v1/invoices/{id}": [401, 404, 404, 404, 404],
  "POST /api/v1/invoices/{id}/payments": [401, 404, 404, 404, 404],
  "POST /api/v1/invoices/{id}/receipt": [401, 404, 404, 404, 404],
  "GET /api/v1/hub/fair-work/overdue": [401, 403, 403, 200, 403],
  "GET /api/v1/hub/fair-work/waiting": [401, 403, 403, 200, 403],
  "GET /api/v1/me/fair-work": [401, 200, 403, 403, 403],
  "GET /api/v1/engagements/{id}/ending": [401, 404, 404, 404, 404],
  "PUT /api/v1/engagements/{id}/ending": [401, 403, 400, 400, 404],
  "POST /api/v1/engagements/{id}/ending/reason-request": [401, 404, 403, 403, 404],
  "POST /api/v1/engagements/{id}/ending/reason": [401, 403, 400, 400, 404],
  // Care requests (Art. 13): the resident asks, the commissioner answers; `{}` is 400.
  "POST /api/v1/engagements/{id}/care-requests": [401, 400, 403, 403, 404],
  "POST /api/v1/engagements/{id}/care-requests/{rid}/answer": [401, 403, 400, 400, 404],
  "GET /api/v1/me/earnings": [401, 200, 403, 403, 403],
  "GET /api/v1/municipalities/{id}/paid-to-residents": [401, 403, 403, 404, 404],
};

// Logging out needs no session (logging out twice is not an error), though the document lists
// the session scheme for it.
const NO_SESSION_NEEDED = new Set(["DELETE /api/v1/sessions/current", "POST /api/v1/sessions/current"]);

// Run last: it ends the caller's session.
const LAST = new Set(["DELETE /api/v1/sessions/current", "POST /api/v1/sessions/current"]);

let server, doc, clients, ids, residentName;
before(async () => {
  let resident, company, hub, city, anonymous;
  ({ server, resident, company, hub, city, anonymous } = await demoWorld());
  clients = { anonymous, resident, company, hub, city };
  doc = (await clients.anonymous.get("/api/v1/openapi.json")).body;
  const job = await company.post("/api/v1/jobs", jobInput({
    title: "観光パンフレットの翻訳チェック",
    description: "英語版パンフレットの表記を確認します。",
    hours_per_week: 6,
    min_hours_per_person: 3,
    windows: ["weekday_daytime", "weekday_evening"],
    duration_weeks: 4,
    pay_yen: 1100,
    team_allowed: true,
  }));
  assert.equal(job.status, 201, JSON.stringify(job.body));
  const me = await resident.get("/api/v1/me");
  residentName = (await resident.get("/api/v1/me/profile")).body.display_name;
  assert.ok(residentName, "the demo resident has a display name");
  const interest = await resident.post(`/api/v1/jobs/${job.body.id}/interest`);
  assert.equal(interest.status, 201);
  ids = {
    job: job.body.id,
    resident: me.body.id,
    email: me.body.email,
    engagement: interest.body.id,
    company: (await company.get("/api/v1/me")).body.role.company,
  };
});
after(async () => { await server?.dispose(); });

/** The operations of the document, as `METHOD path`, the logout last. */
function operations() {
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (["get", "post", "put", "delete", "patch"].includes(method)) {
        ops.push({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, op });
      }
    }
  }
  return [...ops.filter((o) => !LAST.has(o.key)), ...ops.filter((o) => LAST.has(o.key))];
}

/** A path with its parameters filled: real demo ids where the path names a resource, else a dummy. */
function fill(path) {
  return path
    .replace(/\/jobs\/\{id\}/, `/jobs/${ids.job}`)
    .replace(/\/engagements\/\{id\}/, `/engagements/${ids.engagement}`)
    .replace(/\/companies\/\{id\}/, `/companies/${ids.company}`)
    .replace(/\{card\}/, cardOf(ids.job, ids.resident))
    .replace(/\{[a-z_]+\}/g, "dummy-id-0");
}

const needsSession = (op) => (op.security ?? doc.security ?? []).some((s) => "session" in s);

test("a company sees no resident's name or contact in talent, teams, or a one-sided engagement", async () => {
  const { company, hub } = clients;
  const texts = [JSON.stringify(await allTalent(company, ids.job))];
  assert.ok(texts[0].includes(cardOf(ids.job, ids.resident)), "the demo resident is among the cards (anonymously)");
  texts.push(JSON.stringify((await company.get(`/api/v1/jobs/${ids.job}/team?members=8`)).body));
  texts.push(JSON.stringify((await hub.get(`/api/v1/jobs/${ids.job}/team?members=8`)).body));
  const oneSided = await company.get(`/api/v1/engagements/${ids.engagement}`);
  assert.equal(oneSided.status, 200);
  assert.equal(oneSided.body.contact_revealed, false);
  assert.equal(oneSided.body.contacts, null);
  texts.push(JSON.stringify(oneSided.body));
  for (const t of texts) {
    assert.ok(!t.includes(ids.resident), "no account id reaches the company: cards are per-job pseudonyms");
    assert.ok(!t.includes(residentName), `the name ${residentName} leaked`);
    assert.ok(!t.includes(ids.email), "the email leaked");
    assert.ok(!/"(display_name|email|resident_name|resident_email)":/.test(t), "no name or email field at all");
  }
});

// Cross-region and cross-company columns: a second region (its own hub, municipality staff and
// companies: `POST /api/v1/dev/seed?region=yamabiko`) and a second company of the first region
// act on the first region's real resources — a job with its talent and team, a resident's card,
// an engagement with its contacts and terms, the company's lists, a course with its enrolments
// and completions, the municipality's metrics, a resident's timeline and verification. Every
// call is refused (403, or 404 where existence is not told), never answered; lists of the second
// region name nothing of the first.
const CROSS = [
  ["GET", "/api/v1/jobs/{job}/talent"],
  ["GET", "/api/v1/jobs/{job}/team"],
  ["GET", "/api/v1/jobs/{job}/shortlist"],
  ["PUT", "/api/v1/jobs/{job}/shortlist/{card}"],
  ["POST", "/api/v1/jobs/{job}/talent/{card}/interest"],
  ["PUT", "/api/v1/jobs/{job}"],
  ["POST", "/api/v1/jobs/{job}/close", { reason: "filled", note: "" }],
  ["GET", "/api/v1/engagements/{engagement}"],
  ["GET", "/api/v1/engagements/{engagement}/terms"],
  ["POST", "/api/v1/engagements/{engagement}/events", { type: "cancelled", reason: "横から" }],
  ["GET", "/api/v1/companies/{company}"],
  ["GET", "/api/v1/companies/{company}/engagements"],
  ["GET", "/api/v1/companies/{company}/jobs"],
  ["GET", "/api/v1/companies/{company}/terms"],
  ["POST", "/api/v1/companies/{company}/approval", { decision: "reject", reason: "横から" }],
  ["GET", "/api/v1/hub/companies/{company}/timeline"],
  ["GET", "/api/v1/hub/residents/{resident}/timeline"],
  ["POST", "/api/v1/residents/{resident}/verifications", { task: "data.entry", level: "experienced", note: "横から" }],
  ["POST", "/api/v1/residents/{resident}/identity", { method: "residence_card" }],
  ["PUT", "/api/v1/programs/{program}", {}],
  ["GET", "/api/v1/programs/{program}/enrolments"],
  ["POST", "/api/v1/programs/{program}/enrolments?preview=1", { csv: "氏名,メール/電話,講座\r\n横 太郎,x@example.jp,\r\n" }],
  ["POST", "/api/v1/programs/{program}/completions", { residents: ["{resident}"] }],
  ["GET", "/api/v1/programs/{program}/placement"],
  ["GET", "/api/v1/municipalities/{municipality}/metrics"],
  // Fair work (issue 19): an engagement's terms, reports, invoices, bank details and ending.
  ["GET", "/api/v1/engagements/{engagement}/fair-terms"],
  ["GET", "/api/v1/engagements/{engagement}/fair-terms/draft"],
  ["PUT", "/api/v1/engagements/{engagement}/fair-terms", { contracting: "through_hub", delivery_from: "2026-01-01", delivery_to: "2026-12-31", inspection_days: 5, amount: { fixed: 1000 }, payment_due: { date: "2026-01-31" }, payment_method: "振込" }],
  ["GET", "/api/v1/engagements/{engagement}/work-reports"],
  ["GET", "/api/v1/engagements/{engagement}/invoices"],
  ["GET", "/api/v1/engagements/{engagement}/payout"],
  ["PUT", "/api/v1/engagements/{engagement}/ending", { kind: "termination", ends_on: "2026-12-31" }],
  ["POST", "/api/v1/engagements/{engagement}/care-requests", { situation: "childcare", ask: "remote" }],
  ["POST", "/api/v1/engagements/{engagement}/care-requests/c1/answer", { accommodate: false, text: "横から" }],
  ["GET", "/api/v1/companies/{company}/fair-work-profile"],
  ["GET", "/api/v1/municipalities/{municipality}/paid-to-residents"],
];

test("cross-region and cross-company: the second region and another company reach nothing of the first", async () => {
  const base = server.base;
  const seeded = await fetch(`${base}/api/v1/dev/seed?region=yamabiko`, { method: "POST" });
  assert.equal(seeded.status, 200, await seeded.text());
  const [hub1, company1, city1, resident1] = await Promise.all(
    [DEMO.hub, DEMO.company, DEMO.municipality, DEMO.resident].map((e) => login(base, e)));
  const [hub2, city2, company2] = await Promise.all([
    "hub@yamabiko.musubi.example", "city@yamabiko.musubi.example", "company@yamabiko.musubi.example",
  ].map((e) => login(base, e)));
  // Another company of the first region, approved by its hub.
  const reg = await fetch(`${base}/api/v1/companies`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name: "株式会社 となり", industry: "小売業", prefecture: "長野", municipality: "緑川市", size: "small",
      contact_person: "隣 一郎", email: `neighbour-${Date.now()}@example.jp`, password: "midori-2026-pass",
    }),
  });
  const neighbour = await reg.json();
  assert.equal(reg.status, 201, JSON.stringify(neighbour));
  const otherCompany = new Client(base, reg.headers.getSetCookie().find((c) => c.startsWith("__Host-musubi_session=")).split(";")[0]);
  assert.equal((await hub1.post(`/api/v1/companies/${neighbour.company.id}/approval`, { decision: "approve" })).status, 200);

  // The first region's real resources.
  const job = (await company1.post("/api/v1/jobs", jobInput({ title: "越境テストの仕事" }))).body;
  const residentId = (await resident1.get("/api/v1/me")).body.id;
  const opened = await resident1.post(`/api/v1/jobs/${job.id}/interest`);
  assert.equal(opened.status, 201);
  assert.equal((await company1.post(`/api/v1/jobs/${job.id}/talent/${cardOf(job.id, residentId)}/interest`)).status, 201);
  const municipality = (await city1.get("/api/v1/me")).body.role.municipality;
  const program = (await city1.get("/api/v1/programs")).body.find((p) => p.kind.kind === "course" && p.municipality_id === municipality);
  assert.ok(program, "a course of the first region");
  const real = {
    job: job.id, card: cardOf(job.id, residentId), engagement: opened.body.id, resident: residentId,
    company: (await company1.get("/api/v1/me")).body.role.company, program: program.id, municipality,
  };
  const fillReal = (text) => text.replace(/\{([a-z]+)\}/g, (_, k) => real[k]);

  const columns = { "other region's hub": hub2, "other region's city": city2, "other region's company": company2, "same region, other company": otherCompany };
  const rows = [];
  const problems = [];
  for (const [method, path, body] of CROSS) {
    const url = fillReal(path);
    const row = [];
    for (const [name, client] of Object.entries(columns)) {
      const res = await client.request(method, url, { body: body === undefined ? (["POST", "PUT"].includes(method) ? {} : undefined) : JSON.parse(fillReal(JSON.stringify(body))) });
      row.push(res.status);
      if (![403, 404].includes(res.status)) problems.push(`${method} ${path} as ${name}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
    rows.push(`${`${method} ${path}`.padEnd(58)} ${row.join(" ")}`);
  }
  console.log(`# ${"cross operation".padEnd(58)} hub2 city2 co2 co1'\n# ${rows.join("\n# ")}`);
  assert.deepEqual(problems, []);

  // Lists of the second region name nothing of the first.
  const firstIds = [real.job, real.engagement, real.resident, real.company, real.program, real.card];
  const lists = [
    await hub2.get("/api/v1/hub/pipeline"), await hub2.get("/api/v1/hub/due"), await hub2.get("/api/v1/hub/companies"),
    await hub2.get("/api/v1/hub/attention"), await hub2.get("/api/v1/hub/work-requests"), await hub2.get("/api/v1/invites"),
    await city2.get("/api/v1/programs"), await company2.get("/api/v1/me/engagements"),
    await company2.get(`/api/v1/companies/${(await company2.get("/api/v1/me")).body.role.company}/engagements`),
  ];
  for (const res of lists) {
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const text = JSON.stringify(res.body);
    for (const id of firstIds) assert.ok(!text.includes(id), `${id} of the first region in a list of the second`);
  }
  // And the second region's job ranks only its own residents.
  const job2 = await company2.post("/api/v1/jobs", jobInput({ title: "やまびこの入力" }));
  assert.equal(job2.status, 201, JSON.stringify(job2.body));
  const talent2 = await company2.get(`/api/v1/jobs/${job2.body.id}/talent?limit=50`);
  assert.equal(talent2.status, 200);
  assert.ok(!JSON.stringify(talent2.body).includes(real.resident));
  assert.ok(!talent2.body.items.some((c) => c.card === cardOf(job2.body.id, real.resident)), "the first region's resident is not on the second's cards");
});

test("every documented operation has a row in the matrix", () => {
  const missing = operations().map((o) => o.key).filter((k) => !(k in TABLE));
  assert.deepEqual(missing, [], `add these to TABLE in tests/api/matrix.test.mjs: ${missing.join(", ")}`);
  const stale = Object.keys(TABLE).filter((k) => !operations().some((o) => o.key === k));
  assert.deepEqual(stale, [], "rows for operations the document no longer has");
});

// The route table's roles (worker/src/roles.rs, served as each operation's `x-roles`) against
// this table: a role the route table refuses is refused here (401 without a session, 403 with
// one), and a role it lets through is never refused as a role here (its handler may still say 404
// for a resource that is not its own, or refuse a body).
test("the route table's roles (x-roles) agree with this table", () => {
  const problems = [];
  for (const { key, op } of operations()) {
    const roles = op["x-roles"];
    if (!Array.isArray(roles) || roles.some((r) => !ROLES.includes(r))) {
      problems.push(`${key}: x-roles ${JSON.stringify(roles)} is not a list of ${ROLES.join(", ")}`);
      continue;
    }
    for (const [i, role] of ROLES.entries()) {
      const want = TABLE[key]?.[i];
      if (want === undefined) continue;
      const refusedHere = role === "anonymous" ? want === 401 : [401, 403].includes(want);
      if (roles.includes(role) === refusedHere) {
        problems.push(`${key} as ${role}: the route table ${roles.includes(role) ? "lets it through" : "refuses it"}, the table wants ${want}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test("role × operation: each status is the one the table allows; 401 without a session; never 5xx", async () => {
  const got = [];
  const problems = [];
  for (const { key, method, path, op } of operations()) {
    const url = fill(path);
    const row = [];
    for (const [i, role] of ROLES.entries()) {
      const body = ["POST", "PUT", "DELETE"].includes(method) ? {} : undefined;
      const res = await clients[role].request(method, url, { body });
      row.push(res.status);
      if (res.status >= 500) problems.push(`${key} as ${role}: ${res.status} ${JSON.stringify(res.body)}`);
      if (role === "anonymous" && needsSession(op) && !NO_SESSION_NEEDED.has(key) && res.status !== 401) {
        problems.push(`${key} anonymous: ${res.status}, the document says a session is needed`);
      }
      const want = TABLE[key]?.[i];
      if (want !== undefined && res.status !== want) {
        problems.push(`${key} as ${role}: got ${res.status}, want ${want} ${JSON.stringify(res.body?.error?.code ?? "")}`);
      }
      if (res.status >= 400 && res.status !== 405 && res.body) {
        const m = res.body.error?.message;
        if (!(m?.ja && m?.en)) problems.push(`${key} as ${role}: ${res.status} without a bilingual message`);
      }
    }
    got.push(`${key.padEnd(52)} ${row.join(" ")}`);
  }
  console.log(`# ${"operation".padEnd(52)} anon res com hub city\n# ${got.join("\n# ")}`);
  assert.deepEqual(problems, []);
});
