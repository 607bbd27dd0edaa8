// `/me/profile` as a resident meets it: from the front door, each part of the profile in words,
// one part opened at a time with its 「変更する」 (its fields, the full vocabulary and the
// validator come only then, as a chunk), a wrong value refused beside its field with nothing
// saved, a cancel that keeps what was saved, a save in English, and a chunk that could not be
// fetched shown with a retry that works. At 360×640 (a phone); axe on the summary and a form.
import { test } from "node:test";
import assert from "node:assert/strict";
import { browserWorld, enterFromFront, seriousViolations } from "../support/browser.mjs";
import { DEMO, DEMO_PASSWORD, login } from "../support/client.mjs";

const world = browserWorld();
const NO_WORKER = { serviceWorkers: "block" };

/** The requests a page makes from now on, by path and query. */
function recording(page) {
  const asked = [];
  page.on("request", (r) => { const u = new URL(r.url()); asked.push(u.pathname + u.search); });
  return asked;
}

async function toProfile(page) {
  await page.click('a[href="/me/profile"]');
  await page.waitForSelector('[data-testid="profile-summary"]', { timeout: 30_000 });
}

test("each part in words; the form comes with 「変更する」; a wrong value is refused beside its field; cancel keeps what was saved", async () => {
  // No service worker: the files a page loads are counted as it asks them.
  const { context, page } = await enterFromFront(world.browser, world.server.base, DEMO.resident, DEMO_PASSWORD, NO_WORKER);
  const client = await login(world.server.base, DEMO.resident);
  const before = (await client.get("/api/v1/me/profile")).body;
  const asked = recording(page);
  await toProfile(page);
  for (const part of ["place", "skills", "time", "device", "wishes"]) {
    assert.ok(await page.isVisible(`[data-testid="part-${part}"] dd`), `${part} is shown in words`);
  }
  assert.match(await page.textContent('[data-testid="part-place"]'), new RegExp(before.display_name));
  assert.match(await page.textContent('[data-testid="part-time"]'), new RegExp(`週${before.hours_per_week}時間`));
  assert.deepEqual(await seriousViolations(page), [], "the summary passes axe");
  assert.deepEqual(asked.filter((p) => p.startsWith("/api/")), ["/api/v1/me/profile?view=summary"],
    "the summary is one read, in words");
  assert.ok(!asked.some((p) => p.includes("vocabulary") || p.includes("split_profile_edit")),
    `the summary loads no form and no vocabulary: ${asked.filter((p) => p.startsWith("/pkg/")).join(", ")}`);

  assert.equal((await page.textContent('[data-testid="edit-time"]')).trim(), "変更する（働ける時間）", "each button names its part");
  await page.click('[data-testid="edit-time"]');
  const form = '[data-testid="profile-form"][data-part="time"]';
  await page.waitForSelector(form, { timeout: 30_000 });
  for (const read of ["vocabulary-full", "split_profile_edit", "/api/v1/me/profile", "/api/v1/regions/default"]) {
    assert.ok(asked.some((p) => p.includes(read) && !p.includes("view=summary")), `${read} comes with the form`);
  }
  // The focus moves on the animation frame after the form is built (profile_edit.rs): wait for it.
  await page.waitForFunction(() => document.activeElement?.dataset.part === "time", null, { timeout: 5_000 }).catch(() => {});
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.part), "time", "the form takes the focus");
  assert.equal(await page.locator('[data-testid^="edit-"]').count(), 0, "no other part opens while one is edited");
  assert.deepEqual(await seriousViolations(page), [], "the open part passes axe");
  await page.fill("#hours_per_week", "週に三十");
  await page.click(`${form} [data-testid="save-profile"]`);
  await page.waitForSelector("#hours_per_week-error:not(:empty)");
  assert.match(await page.textContent("#hours_per_week-error"), /時間/);
  assert.equal(await page.getAttribute("#hours_per_week", "aria-invalid"), "true");

  await page.click(`${form} [data-testid="cancel-edit"]`);
  await page.waitForSelector(form, { state: "detached" });
  assert.match(await page.textContent('[data-testid="part-time"]'), new RegExp(`週${before.hours_per_week}時間`));
  await page.waitForFunction(() => document.activeElement?.id === "edit-time");
  assert.equal(await page.isVisible('[data-testid="profile-saved"]'), false);
  assert.deepEqual((await client.get("/api/v1/me/profile")).body, before, "nothing was saved");
  await context.close();
});

test("in English: a part saved on its own keeps the others, and the summary says what was saved", async () => {
  const { context, page } = await enterFromFront(world.browser, world.server.base, DEMO.resident, DEMO_PASSWORD, { lang: "en" });
  const client = await login(world.server.base, DEMO.resident);
  const before = (await client.get("/api/v1/me/profile")).body;
  await toProfile(page);
  assert.match(await page.textContent('[data-testid="part-place"] h2'), /Where you live/);
  assert.equal((await page.textContent('[data-testid="edit-place"]')).trim(), "Change (Where you live)", "each button names its part");
  await page.click('[data-testid="edit-place"]');
  const form = '[data-testid="profile-form"][data-part="place"]';
  await page.waitForSelector(form, { timeout: 30_000 });
  await page.fill("#display_name", "Hanako Edit");
  await page.click(`${form} [data-testid="save-profile"]`);
  await page.waitForSelector('[data-testid="profile-saved"]');
  await page.waitForSelector(form, { state: "detached" });
  assert.match(await page.textContent('[data-testid="profile-saved"]'), /Saved/);
  assert.match(await page.textContent('[data-testid="part-place"]'), /Hanako Edit/);
  const after = (await client.get("/api/v1/me/profile")).body;
  assert.deepEqual({ ...after, display_name: before.display_name }, before, "only the name changed");
  assert.equal(after.display_name, "Hanako Edit");
  await context.close();
});

test("the editor's chunk that could not be fetched shows a retry that works", async () => {
  // No service worker: it would answer the chunk from its cache, past the blocked route.
  const { context, page } = await enterFromFront(world.browser, world.server.base, DEMO.resident, DEMO_PASSWORD, NO_WORKER);
  const chunk = "**/pkg/profile-split_*.wasm";
  let blocked = 0;
  await page.route(chunk, (route) => { blocked++; return route.abort("internetdisconnected"); });
  await toProfile(page);
  await page.click('[data-testid="edit-device"]');
  await page.waitForSelector('[data-testid="load-error"]', { timeout: 30_000 });
  assert.ok(blocked >= 1, `the chunk was asked for ${blocked} times`);
  await page.unroute(chunk);
  await page.click('[data-testid="load-error"] button');
  await page.waitForSelector('[data-testid="profile-form"][data-part="device"]', { timeout: 30_000 });
  await context.close();
});
