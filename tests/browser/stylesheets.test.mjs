// Each entry links its own cut of the one stylesheet: the rules whose classes its files spell
// (scripts/css-subset.mjs). Each page, with every <details> open, must look exactly as it does
// with the whole stylesheet: every computed style of every element is compared after swapping
// the page's sheet for the whole one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { browserWorld, PHONE } from "../support/browser.mjs";
import { DEMO } from "../support/client.mjs";

const world = browserWorld();
const built = JSON.parse(readFileSync(new URL("../../dist/first-view.json", import.meta.url), "utf8"));
const whole = built.wholeStylesheet;

/** Each element's computed style (every property) with the page's sheet, then with the whole
 * one instead; the elements whose style differs, with the first property that does. */
async function differences(page) {
  // Opened first, and what opening loads (a chunk, the excluded jobs' titles) given time to
  // arrive: the widths compared are laid out, so the content must not change between the reads.
  await page.evaluate(() => { for (const d of document.querySelectorAll("details")) d.open = true; });
  await page.waitForTimeout(1500);
  return page.evaluate(async (whole) => {
    const own = document.querySelector('link[rel="stylesheet"]');
    if (!own || own.getAttribute("href") === whole) return ["the page links the whole stylesheet, not its own"];
    const elements = [...document.querySelectorAll("body *")];
    const styles = () => elements.map((e) => {
      const cs = getComputedStyle(e);
      return Object.fromEntries([...cs].map((p) => [p, cs.getPropertyValue(p)]));
    });
    const before = styles();
    const swapped = Object.assign(document.createElement("link"), { rel: "stylesheet", href: whole });
    await new Promise((resolve, reject) => { swapped.onload = resolve; swapped.onerror = reject; own.after(swapped); });
    own.remove();
    const after = styles();
    return elements.flatMap((e, i) => {
      const p = Object.keys(after[i]).find((k) => after[i][k] !== before[i][k]);
      const name = `${e.tagName.toLowerCase()}${e.className ? "." + String(e.className).trim().split(/\s+/).join(".") : ""}`;
      return p ? [`${name} ${p}: ${before[i][p]} → ${after[i][p]}`] : [];
    });
  }, whole);
}

/** Opens each [path, ready, open?] (clicking `open` first: a part built from a chunk) and
 * compares its styles with the whole stylesheet's. */
async function sameOnEach(page, pages) {
  // A skeleton's pulse would read differently at each moment: no motion, as some phones ask.
  await page.emulateMedia({ reducedMotion: "reduce" });
  for (const [path, ready, open] of pages) {
    await page.goto(`${world.server.base}${path}`);
    if (open) await page.click(open, { timeout: 30_000 });
    await page.waitForSelector(ready, { timeout: 30_000 });
    assert.deepEqual(await differences(page), [], path);
  }
}

test("every page looks the same with its entry's cut of the stylesheet as with the whole one", async () => {
  const sheets = new Set(Object.values(built.entries).map((files) => files.find((f) => f.startsWith("/style-"))));
  assert.ok(!sheets.has(whole) && sheets.size > 1, "each entry links a cut of its own");
  const visitor = await world.browser.newContext({ viewport: PHONE });
  await sameOnEach(await visitor.newPage(), [
    ["/", '[data-testid="front-login"]'],
    ["/start", 'form[data-step="place"]'],
    ["/login", '[data-testid="login-form"]'],
  ]);
  await visitor.close();
  const resident = await world.loggedIn(DEMO.resident, "/me");
  await sameOnEach(resident, [
    ["/me", '[data-testid="matches"][data-loaded="true"]'],
    ["/me/engagements", '[data-testid="engagements"][data-loaded="true"]'],
    ["/me/inbox", '[data-testid="inbox"][data-loaded="true"]'],
    ["/me/profile", '[data-testid="profile-summary"] dd'],
    ["/me/profile", '[data-testid="profile-form"] details', '[data-testid="edit-skills"]'],
    ["/me/record", '[data-testid="record-check"], [data-testid="no-finished-work"]'],
    ["/me/earnings", '[data-testid="earnings"]'],
    ["/me/earnings", '[data-testid="payout-form"]', '[data-testid="open-payout"]'],
  ]);
  await resident.context().close();
  for (const [who, path, ready] of [
    ["company", "/company", '[data-testid="job-list"], [data-testid="approval-state"]'],
    ["hub", "/hub", '[data-testid="board"]'],
    ["municipality", "/city", '[data-testid="report-heading"]'],
  ]) {
    const page = await world.loggedIn(DEMO[who], path);
    await sameOnEach(page, [[path, ready]]);
    await page.context().close();
  }
});
