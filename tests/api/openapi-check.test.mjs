// The check every API test's answers go through (tests/support/openapi.mjs) catches drift: an
// unlisted field, a missing required one, a wrong type, an undocumented status or content type,
// and a router refusal outside the Error shape. No server: the checker is called directly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkResponse, operationOf } from "../support/openapi.mjs";

const JSON_TYPE = "application/json; charset=utf-8";
const base = "http://127.0.0.1:1";
const health = { status: "ok", version: "0.1.0", environment: "development", kv: { ok: true, round_trip_ms: 3 } };
const error = { error: { code: "not_found", message: { ja: "見つかりませんでした。", en: "Not found." } } };

test("an answer as documented passes", () => {
  assert.deepEqual(checkResponse("GET", `${base}/api/v1/health`, 200, JSON_TYPE, JSON.stringify(health)), []);
  assert.deepEqual(checkResponse("GET", `${base}/api/v1/no-such-thing`, 404, JSON_TYPE, JSON.stringify(error)), []);
  assert.deepEqual(checkResponse("GET", `${base}/api/v1/vocabulary`, 304, null, ""), []);
});

test("drift is named: operation, status, schema path and the value", () => {
  const extra = checkResponse("GET", `${base}/api/v1/health`, 200, JSON_TYPE, JSON.stringify({ ...health, uptime: 5 }));
  assert.equal(extra.length, 1);
  assert.match(extra[0], /^GET \/api\/v1\/health 200: .*additional properties.*"uptime".*schema .*; value: /);
  const missing = checkResponse("GET", `${base}/api/v1/health`, 200, JSON_TYPE, JSON.stringify({ ...health, version: undefined }));
  assert.ok(missing.some((p) => p.includes("'version'")), missing.join("\n"));
  const wrongType = checkResponse("GET", `${base}/api/v1/health`, 200, JSON_TYPE, JSON.stringify({ ...health, kv: { ok: "yes", round_trip_ms: 3 } }));
  assert.ok(wrongType.some((p) => p.includes("at /kv/ok must be boolean") && p.includes('value: "yes"')), wrongType.join("\n"));
  const nested = checkResponse("GET", `${base}/api/v1/no-such-thing`, 404, JSON_TYPE, JSON.stringify({ error: { ...error.error, message: { ja: "x" } } }));
  assert.ok(nested.some((p) => p.includes("'en'")), nested.join("\n"));
});

test("an undocumented status, content type or operation fails", () => {
  const status = checkResponse("GET", `${base}/api/v1/health`, 418, JSON_TYPE, JSON.stringify(error));
  assert.match(status[0], /status 418 is not documented \(documented: 200, 503\)/);
  const type = checkResponse("GET", `${base}/api/v1/health`, 200, "text/plain", "ok");
  assert.match(type[0], /content type text\/plain is not documented/);
  const unknown = checkResponse("GET", `${base}/api/v1/no-such-thing`, 200, JSON_TYPE, "{}");
  assert.match(unknown[0], /no documented operation, and the answer is 200, not 404/);
  const notJson = checkResponse("GET", `${base}/api/v1/health`, 200, JSON_TYPE, "<html>");
  assert.match(notJson[0], /the body is not JSON/);
});

test("paths find their operation; a literal segment wins over a parameter", () => {
  assert.equal(operationOf("GET", "/api/v1/records/public-key").path, "/api/v1/records/public-key");
  assert.equal(operationOf("GET", "/api/v1/records/abc").path, "/api/v1/records/{id}");
  assert.equal(operationOf("GET", "/api/v1/jobs/j1/talent/c1/interest").op, null, "known path, no GET");
  assert.equal(operationOf("GET", "/api/v1/nope"), null);
});
