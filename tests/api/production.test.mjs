// Safe by default: the top level of wrangler.toml is what a plain `wrangler deploy` ships. Started
// as production (no `--env`), the worker refuses the dev routes, has no signing key of its own,
// sends HSTS, and an anonymous caller writes nothing to storage.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { kvKeys, startServer } from "../support/server.mjs";

let server;
before(async () => { server = await startServer({ env: "production" }); });
after(async () => { await server?.dispose(); });

test("production: the environment says so and the dev routes are refused", async () => {
  const health = await fetch(`${server.base}/api/v1/health`);
  assert.equal(health.status, 200);
  assert.equal((await health.json()).environment, "production");
  for (const path of ["/api/v1/dev/seed", "/api/v1/dev/seed?from=0", "/api/v1/dev/reindex"]) {
    const res = await fetch(`${server.base}${path}`, { method: "POST" });
    assert.equal(res.status, 404, `${path} is not there in production`);
    assert.equal((await res.json()).error.code, "not_found");
  }
});

test("production: no development signing key ships (the key comes only from a secret)", async () => {
  const res = await fetch(`${server.base}/api/v1/records/public-key`);
  assert.notEqual(res.status, 200, "without the secret there is no key to publish");
  const body = await res.json();
  assert.equal(body.error.code, "internal");
  assert.doesNotMatch(JSON.stringify(body), /RECORD_SIGNING_KEY|jwk/i, "no detail leaks");
});

test("production: every answer carries HSTS and the protective headers", async () => {
  for (const path of ["/api/v1/health", "/api/v1/no-such-route", "/api/v1/me"]) {
    const res = await fetch(`${server.base}${path}`);
    assert.match(res.headers.get("strict-transport-security") ?? "", /max-age=\d{7,}/, path);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
    assert.match(res.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/, path);
  }
});

test("production: anonymous requests write nothing to storage", async () => {
  const before = await kvKeys(server);
  const anonymous = [
    ["GET", "/api/v1/health"],
    ["GET", "/api/v1/health"],
    ["GET", "/api/v1/public/summary"],
    ["GET", "/api/v1/vocabulary"],
    ["GET", "/api/v1/regions/midori"],
    ["GET", "/api/v1/me"],
    ["GET", "/api/v1/records/abcdefgh"],
    ["POST", "/api/v1/records/verify", { record: {}, signature: {} }],
    ["GET", "/"],
  ];
  for (const [method, path, body] of anonymous) {
    const res = await fetch(`${server.base}${path}`, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    assert.ok(res.status < 500 || path === "/api/v1/records/verify", `${method} ${path}: ${res.status}`);
    await res.arrayBuffer();
  }
  const after = await kvKeys(server);
  const written = after.filter((n) => !before.includes(n));
  assert.deepEqual(written, [], "no key written by anonymous requests");
});
