// The walking skeleton's API: health with a real KV round trip, public figures with ETags,
// the JSON error shape, CSRF and body-size refusals, and the OpenAPI document.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Validator } from "@seriousme/openapi-schema-validator";
import { seedDemo, startServer } from "../support/server.mjs";

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.dispose(); });

test("health reports the version and a real KV read round trip", async () => {
  const res = await fetch(`${server.base}/api/v1/health`);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.status, "ok");
  assert.match(body.version, /^\d+\.\d+\.\d+$/);
  assert.equal(body.environment, "development");
  assert.equal(body.kv.ok, true);
  assert.equal(typeof body.kv.round_trip_ms, "number");
});

test("public summary carries an ETag and answers 304 when unchanged", async () => {
  const first = await fetch(`${server.base}/api/v1/public/summary`);
  assert.equal(first.status, 200);
  const etag = first.headers.get("etag");
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  const body = await first.json();
  for (const k of ["companies", "open_jobs", "courses"]) assert.equal(typeof body[k], "number");
  // Counts of people under 5 are not published (null), as the municipality's figures suppress them.
  for (const k of ["residents", "related_residents", "working"]) {
    assert.ok(body[k] === null || (typeof body[k] === "number" && body[k] >= 5), `${k}: ${body[k]}`);
  }
  const again = await fetch(`${server.base}/api/v1/public/summary`, { headers: { "if-none-match": etag } });
  assert.equal(again.status, 304);
});

test("the shared vocabulary is public and revalidated with its ETag", async () => {
  const vocab = await fetch(`${server.base}/api/v1/vocabulary`);
  assert.equal(vocab.status, 200);
  const taxonomy = await vocab.json();
  assert.ok(taxonomy.families.length >= 10 && taxonomy.tasks.length >= 60, "every family and task kind");
  const bookkeeping = taxonomy.tasks.find((t) => t.id === "bookkeeping-entry") ?? taxonomy.tasks[0];
  assert.ok(bookkeeping.name.ja && bookkeeping.name.en, "plain names in both languages");
  const again = await fetch(`${server.base}/api/v1/vocabulary`, { headers: { "if-none-match": vocab.headers.get("etag") } });
  assert.equal(again.status, 304);

});

test("unknown routes get the JSON error shape in both languages", async () => {
  const res = await fetch(`${server.base}/api/v1/no-such-thing`);
  assert.equal(res.status, 404);
  const body = await res.json();
  assert.equal(body.error.code, "not_found");
  assert.ok(body.error.message.ja && body.error.message.en);
  const wrong = await fetch(`${server.base}/api/v1/health`, { method: "DELETE" });
  assert.equal(wrong.status, 405);
});

test("a POST from another origin is refused (CSRF)", async () => {
  const res = await fetch(`${server.base}/api/v1/dev/seed`, {
    method: "POST",
    headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
  });
  assert.equal(res.status, 403);
  assert.equal((await res.json()).error.code, "forbidden");
});

test("bodies over 64 KB are refused with 413", async () => {
  const res = await fetch(`${server.base}/api/v1/dev/seed`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ pad: "x".repeat(70 * 1024) }),
  });
  assert.equal(res.status, 413);
  assert.equal((await res.json()).error.code, "payload_too_large");
});

test("the OpenAPI document is served and is version 3.1", async () => {
  const res = await fetch(`${server.base}/api/v1/openapi.json`);
  assert.equal(res.status, 200);
  const doc = await res.json();
  assert.match(doc.openapi, /^3\.1\./);
  assert.ok(doc.paths["/api/v1/health"].get);
  const validator = new Validator();
  const result = await validator.validate(doc);
  assert.equal(validator.version, "3.1");
  assert.deepEqual(result.errors ?? [], [], "the document validates against the OpenAPI 3.1 schema");
  assert.equal(result.valid, true);
});

test("the demo seed is idempotent and fills the landing figures", async () => {
  const first = await seedDemo(server.base);
  const summary1 = await (await fetch(`${server.base}/api/v1/public/summary`)).json();
  const second = await seedDemo(server.base);
  const summary2 = await (await fetch(`${server.base}/api/v1/public/summary`)).json();
  assert.ok(first.length > 1, "the seed is written in several chunks");
  assert.ok(first.every((r) => r.seeded));
  assert.equal(second.length, 1);
  assert.equal(second[0].seeded, false);
  assert.equal(second[0].next, null);
  assert.equal(summary1.region?.ja, "みどり圏域");
  assert.equal(summary1.residents, 301, "300 generated residents and the demo login's profile");
  assert.equal(summary1.companies, 24);
  assert.ok(summary1.related_residents > 0 && summary1.related_residents < summary1.residents);
  assert.ok(summary1.open_jobs > 0 && summary1.courses > 0);
  for (const k of ["residents", "related_residents", "companies", "open_jobs", "courses"]) {
    assert.equal(summary2[k], summary1[k], k);
  }
});

test("a seed offset that is not a number is refused with a bilingual message", async () => {
  const res = await fetch(`${server.base}/api/v1/dev/seed?from=abc`, { method: "POST" });
  assert.equal(res.status, 400);
  const body = await res.json();
  assert.equal(body.error.code, "bad_from");
  assert.ok(body.error.message.ja && body.error.message.en);
});

// After the seed test above: the demo region exists.
test("a region's municipalities are public; an unknown region is a bilingual 404", async () => {
  await seedDemo(server.base);
  const region = await (await fetch(`${server.base}/api/v1/regions/midori`)).json();
  assert.equal(region.id, "midori");
  assert.ok(region.municipalities.length >= 2);
  assert.ok(region.prefecture >= 1 && region.prefecture <= 47);
  const missing = await fetch(`${server.base}/api/v1/regions/nowhere`);
  assert.equal(missing.status, 404);
  const body = await missing.json();
  assert.equal(body.error.code, "not_found");
  assert.ok(body.error.message.ja && body.error.message.en);
});
