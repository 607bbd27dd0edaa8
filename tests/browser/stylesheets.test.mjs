// The pages outside the consoles link the resident's stylesheet: the whole one less the rules
// that only the consoles' pages can match (scripts/css-subset.mjs). Each such page, with every
// <details> open, must look exactly as it does with the whole stylesheet: every computed style
// of every element is compared after swapping one sheet for the other.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { browserWorld, PHONE } from "../support/browser.mjs";
import { DEMO } from "../support/client.mjs";

const world = browserWorld();
const firstViews = JSON.parse(readFileSync(new URL("../../dist/first-view.json", import.meta.url), "utf8")).entries;
const sheetOf = (entry) => firstViews[entry].find((p) => p.startsWith("/style-"));

/** Each element's computed style (every property) with the page's sheet, then with `whole`
 * instead; the elements whose style differs, with the first property that does. */
async function differences(page, whole) {
  // Opened first, and what opening loads (the excluded jobs' titles) given time to arrive: the
  // widths compared are laid out, so the content must not change between the two reads.
  await page.evaluate(() => { for (const d of document.querySelectorAll("details")) d.open = true; });
  await page.waitForTimeout(1000);
  return page.evaluate(async (whole) => {
    // A skeleton's pulse would read differently at each moment: animations stopped for both reads.
    const still = Object.assign(document.createElement("style"), { textContent: "*{animation:none!important;transition:none!important}" });
    document.head.append(still);
    const elements = [...document.querySelectorAll("body *")];
    const styles = () => elements.map((e) => {
      const cs = getComputedStyle(e);
      return Object.fromEntries([...cs].map((p) => [p, cs.getPropertyValue(p)]));
    });
    const before = styles();
    const own = document.querySelector('link[rel="stylesheet"]');
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

test("every page outside the consoles looks the same with the resident's stylesheet as with the whole one", async () => {
  const whole = sheetOf("hub");
  assert.notEqual(sheetOf("resident"), whole, "the resident's pages have a stylesheet of their own");
  const visitor = await world.browser.newContext({ viewport: PHONE });
  const page = await visitor.newPage();
  const pages = [
    ["/", '[data-testid="front-login"]'],
    ["/start", 'form[data-step="place"]'],
    ["/login", '[data-testid="login-form"]'],
  ];
  for (const [path, ready] of pages) {
    await page.goto(`${world.server.base}${path}`);
    await page.waitForSelector(ready, { timeout: 30_000 });
    assert.deepEqual(await differences(page, whole), [], path);
  }
  await visitor.close();
  const resident = await world.loggedIn(DEMO.resident, "/me");
  const mine = [
    ["/me", '[data-testid="matches"][data-loaded="true"]'],
    ["/me/engagements", '[data-testid="engagements"][data-loaded="true"]'],
    ["/me/inbox", '[data-testid="inbox"][data-loaded="true"]'],
    ["/me/profile", '[data-testid="profile-form"] input'],
    ["/me/record", '[data-testid="record-check"], [data-testid="no-finished-work"]'],
    ["/me/earnings", '[data-testid="earnings"]'],
  ];
  for (const [path, ready] of mine) {
    await resident.goto(`${world.server.base}${path}`);
    await resident.waitForSelector(ready, { timeout: 30_000 });
    assert.deepEqual(await differences(resident, whole), [], path);
  }
  // A piece of work's page (the pay terms), from the engagements list.
  await resident.goto(`${world.server.base}/me/engagements`);
  const work = resident.locator('a[href^="/me/work/"]').first();
  if (await work.count()) {
    await work.click();
    await resident.waitForSelector("main h1", { timeout: 30_000 });
    assert.deepEqual(await differences(resident, whole), [], "/me/work/…");
  }
  await resident.context().close();
});
