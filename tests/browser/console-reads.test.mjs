// A console's first page asks each of its reads once. Its reads wait for the session to say
// which company or municipality (`Session::role_id_loaded`); they must not also run again when
// the session arrives (they did: every read of the company's home went out twice, 200 then 304).
import { test } from "node:test";
import assert from "node:assert/strict";
import { browserWorld } from "../support/browser.mjs";
import { DEMO } from "../support/client.mjs";

const world = browserWorld();

test("the company's, the hub's and the city's first pages ask each read once", async () => {
  for (const [who, path, ready] of [
    ["company", "/company", '[data-testid="job-list"], [data-testid="approval-state"]'],
    ["hub", "/hub", '[data-testid="board"]'],
    ["municipality", "/city", '[data-testid="report-heading"]'],
  ]) {
    const page = await world.loggedIn(DEMO[who], path);
    // The login lands on `path` as a whole page load whose reads may still be starting when
    // `loggedIn` returns; leave it first, so every read counted is the fresh page's own.
    await page.goto("about:blank");
    const reads = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith("/api/")) reads.push(url.pathname + url.search);
    });
    await page.goto(`${world.server.base}${path}`);
    await page.waitForSelector(ready, { timeout: 30_000 });
    await page.waitForTimeout(1500); // what the page still asks once its content shows
    const twice = reads.filter((r, i) => reads.indexOf(r) !== i);
    assert.ok(reads.length > 1, `${path} asked ${reads.join(", ")}`);
    assert.deepEqual(twice, [], `${path} asked again: ${reads.join(", ")}`);
    await page.context().close();
  }
});

// The session read failing (a dropped connection) is not a reason to log in again, nor to ask
// the console's reads about an empty id: the page says it could not connect, and its button
// asks again and shows the dashboard.
test("a console whose session read drops says so and offers to try again (not the login form)", async () => {
  const page = await world.loggedIn(DEMO.municipality, "/city");
  await page.goto("about:blank");
  const asked = [];
  page.on("request", (r) => asked.push(new URL(r.url()).pathname));
  let dropped = 0;
  await page.route("**/api/v1/me", (route) => (dropped++ === 0 ? route.abort("connectionreset") : route.continue()));
  await page.goto(`${world.server.base}/city`);
  const error = page.locator('[data-testid="load-error"]');
  await error.waitFor({ timeout: 30_000 });
  assert.match(await error.textContent(), /通信できませんでした/);
  assert.equal(new URL(page.url()).pathname, "/city", "still on the dashboard, not sent to log in");
  assert.deepEqual(asked.filter((p) => p.includes("//")), [], "no read about an empty id");
  await error.locator("button").click();
  await page.waitForSelector('[data-testid="report-heading"]', { timeout: 30_000 });
  assert.equal(await page.locator('[data-testid="load-error"]').count(), 0);
  await page.context().close();
});
