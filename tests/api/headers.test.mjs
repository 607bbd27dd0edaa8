// Every answer, the app's files and the API's JSON alike, carries the protective headers: a strict
// Content-Security-Policy, nosniff, a referrer and a permissions policy; the session cookie is a
// `__Host-` cookie. (The production-only HSTS is in production.test.mjs; the app booting under its
// CSP is in tests/browser/landing.test.mjs.)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../support/server.mjs";
import { Client } from "../support/client.mjs";

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.dispose(); });

function directives(csp) {
  return Object.fromEntries((csp ?? "").split(";").map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...values] = d.split(/\s+/);
    return [name, values];
  }));
}

function assertCommon(res, what) {
  assert.equal(res.headers.get("x-content-type-options"), "nosniff", `${what}: nosniff`);
  assert.ok(res.headers.get("referrer-policy"), `${what}: Referrer-Policy`);
  assert.match(res.headers.get("permissions-policy") ?? "", /camera=\(\)/, `${what}: Permissions-Policy`);
  const csp = directives(res.headers.get("content-security-policy"));
  assert.deepEqual(csp["frame-ancestors"], ["'none'"], `${what}: frame-ancestors 'none'`);
  assert.deepEqual(csp["base-uri"], ["'none'"], `${what}: base-uri 'none'`);
  return csp;
}

test("the app's pages and files: strict CSP (scripts from here and wasm only), nosniff, policies", async () => {
  const index = await (await fetch(`${server.base}/`)).text();
  // The stylesheets are named in the loader's table (each entry's cut of the one stylesheet).
  const sheets = [...new Set(index.match(/\/style-[0-9a-f]+\.css/g))];
  assert.ok(sheets.length >= 2, `the entries' stylesheets: ${sheets}`);
  for (const path of ["/", "/me/data", "/company/jobs/j1", "/sw.js", "/manifest.webmanifest", ...sheets]) {
    const res = await fetch(`${server.base}${path}`);
    assert.equal(res.status, 200, path);
    await res.arrayBuffer();
    const csp = assertCommon(res, path);
    const scripts = csp["script-src"];
    assert.deepEqual(scripts.slice(0, 2), ["'self'", "'wasm-unsafe-eval'"], `${path}: script-src`);
    assert.ok(scripts.slice(2).every((s) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(s)), `${path}: only hashes besides 'self'`);
    assert.ok(!scripts.includes("'unsafe-inline'") && !scripts.includes("'unsafe-eval'"), path);
    assert.deepEqual(csp["object-src"], ["'none'"], `${path}: object-src 'none'`);
  }
});

test("the API's answers, success and error alike, carry the headers and forbid everything active", async () => {
  const anonymous = new Client(server.base);
  const answers = [
    await fetch(`${server.base}/api/v1/health`),
    await fetch(`${server.base}/api/v1/no-such-thing`),
    await fetch(`${server.base}/api/v1/me`),
    await fetch(`${server.base}/api/v1/accounts`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" }),
  ];
  for (const res of answers) {
    const csp = assertCommon(res, res.url);
    assert.deepEqual(csp["default-src"], ["'none'"], `${res.url}: the API loads nothing`);
  }
  assert.equal((await anonymous.get("/api/v1/me")).status, 401);
});

test("the session cookie is __Host-: Secure, Path=/, no Domain, HttpOnly", async () => {
  const res = await fetch(`${server.base}/api/v1/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `host-cookie-${Date.now()}@example.jp`, password: "midori-2026-pass" }),
  });
  assert.equal(res.status, 201);
  const line = res.headers.getSetCookie().find((c) => c.startsWith("__Host-musubi_session="));
  assert.ok(line, "the cookie carries the __Host- prefix");
  const attrs = line.split(";").map((a) => a.trim().toLowerCase());
  for (const a of ["secure", "path=/", "httponly", "samesite=lax"]) assert.ok(attrs.includes(a), `${a} in ${line}`);
  assert.ok(!attrs.some((a) => a.startsWith("domain=")), "no Domain");
  // The cookie works, and a cookie of the old name is no longer read.
  const cookie = line.split(";")[0];
  assert.equal((await new Client(server.base, cookie).get("/api/v1/me")).status, 200);
  const oldName = cookie.replace("__Host-musubi_session", "musubi_session");
  assert.equal((await new Client(server.base, oldName).get("/api/v1/me")).status, 401);
});
