// The municipality's console in a real browser (headless Chromium): enrolment by CSV (UTF-8,
// Shift_JIS made here byte by byte, and a file with bad rows: errors name row and field and
// nothing is imported), completion that verifies skills and so changes a resident's matches,
// the continuity dashboard equal to the API's figures and to counts made from the seeded data,
// small cells suppressed, no resident's name anywhere, and no serious accessibility violation.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { browserWorld, DESKTOP, PHONE, seriousViolations, screenshot } from "../support/browser.mjs";
import { Client, DEMO, login, registerResident } from "../support/client.mjs";
import { profileInput } from "../support/fixtures.mjs";

const world = browserWorld();
const { loggedIn } = world;
let server, browser, city, resident, municipality, summary;
let registeredHere = 0; // residents this file registers after reading the summary
before(async () => {
  ({ server, browser } = await world.ready());
  city = await login(server.base, DEMO.municipality);
  resident = await login(server.base, DEMO.resident);
  municipality = (await city.get("/api/v1/me")).body.role.municipality;
  summary = (await new Client(server.base).get("/api/v1/public/summary")).body;
});

/** Shift_JIS bytes of a text, from the table Node's own Shift_JIS decoder implies. */
function shiftJis(text) {
  const decoder = new TextDecoder("shift_jis");
  const table = new Map();
  for (let b1 = 0x81; b1 <= 0xfc; b1++) {
    if (b1 >= 0xa0 && b1 <= 0xdf) continue;
    for (let b2 = 0x40; b2 <= 0xfc; b2++) {
      if (b2 === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([b1, b2]));
      if (ch.length === 1 && ch !== "\ufffd" && !table.has(ch)) table.set(ch, [b1, b2]);
    }
  }
  const out = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else if (table.has(ch)) out.push(...table.get(ch));
    else throw new Error(`no Shift_JIS for ${ch}`);
  }
  const bytes = Buffer.from(out);
  assert.equal(decoder.decode(bytes), text, "the bytes decode back to the text");
  assert.throws(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes), "and are not UTF-8");
  return bytes;
}

async function newCourse(tag) {
  const res = await city.post("/api/v1/programs", {
    name_ja: `データ入力講座 ${tag} ${Date.now()}`,
    description_ja: "全4回で表計算ソフトへの入力を学びます。",
    municipality, kind: "course", certifies: ["data.entry"],
    starts_on: "2026-04-01", ends_on: "2026-05-13", online: true, capacity: 20,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

const enrolled = async (course) => (await city.get(`/api/v1/programs/${course}/enrolments`)).body.items;

/** Chooses a file; waits for its preview (`ready`), or for its errors when it has bad rows. */
async function importFile(page, name, buffer, ready = '[data-testid="csv-preview"]') {
  await page.setInputFiles('[data-testid="csv-file"]', { name, mimeType: "text/csv", buffer });
  await page.waitForSelector(ready, { timeout: 30_000 });
}

/** The figures a table shows, by stage: [count, reached]. */
async function tableFigures(page, testid) {
  return page.$$eval(`[data-testid="${testid}"] tbody tr`, (rows) => rows.map((r) => [
    r.dataset.stage, r.querySelector('[data-testid="count"]').textContent, r.querySelector('[data-testid="reached"]').textContent,
  ]));
}
/** A figure as the console shows it: with thousands separators (issue 18). */
const shown = (cell) => (cell === "suppressed" ? "X" : cell === "not_applicable" ? "-" : cell.value.toLocaleString("en-US"));


test("one resident count: the home page and the city dashboard show the same number and say which count it is, in both languages", async () => {
  const home = await (await browser.newContext({ viewport: PHONE })).newPage();
  await home.goto(`${server.base}/`);
  await home.waitForSelector('[data-testid="figures"][data-loaded="true"]', { timeout: 30_000 });
  const onHome = Number((await home.textContent('[data-testid="figure-residents"]')).replaceAll(",", ""));
  assert.match(await home.textContent('[data-testid="figures-note"]'), /プロフィールを作った住民/);
  await home.click('[data-testid="lang-switch"]');
  assert.match(await home.textContent('[data-testid="figures-note"]'), /made a profile/);
  assert.deepEqual(await seriousViolations(home), []);
  await home.context().close();
  const page = await loggedIn(DEMO.municipality, "/city", DESKTOP);
  await page.waitForSelector('[data-testid="funnel-table"]', { timeout: 30_000 });
  const onDashboard = Number((await page.textContent('[data-testid="funnel-table"] tr[data-stage="registered"] [data-testid="count"]')).replaceAll(",", ""));
  assert.equal(onDashboard, onHome, `home ${onHome}, dashboard ${onDashboard}`);
  assert.match(await page.textContent('[data-testid="registered-note"]'), /プロフィールを作った住民.*トップページ/);
  await page.click('[data-testid="lang-switch"]');
  assert.match(await page.textContent('[data-testid="registered-note"]'), /made a profile.*home page/);
  assert.deepEqual(await seriousViolations(page), []);
  await page.context().close();
});

test("the continuity dashboard shows the API's figures, equal to counts from the seeded data, small cells as X", async () => {
  const report = (await city.get(`/api/v1/municipalities/${municipality}/metrics`)).body;
  const page = await loggedIn(DEMO.municipality, "/city", DESKTOP);
  await page.waitForSelector('[data-testid="funnel-table"]', { timeout: 30_000 });
  assert.deepEqual(await tableFigures(page, "funnel-table"),
    report.funnel.map((r) => [r.stage.replace("_", ""), shown(r.count), shown(r.reached)]));
  for (const p of report.programs) {
    assert.deepEqual(await tableFigures(page, `program-${p.program}`),
      p.rows.map((r) => [r.stage.replace("_", ""), shown(r.count), shown(r.reached)]), p.program);
  }
  assert.equal(await page.textContent('[data-testid="work-hours"]'), shown(report.work.hours));
  assert.equal(await page.textContent('[data-testid="work-yen"]'), shown(report.work.yen));

  // Independently of the metrics code: everyone registered in the seeded region is counted.
  const registered = summary.residents + registeredHere;
  assert.equal(report.funnel[0].count.value, registered);
  assert.equal(Number((await page.textContent('[data-testid="funnel-table"] tr[data-stage="registered"] [data-testid="count"]')).replaceAll(",", "")), registered);
  // Small cells: suppressed in the API, X on the page, and no shown count of people under 5.
  const all = [...report.funnel, ...report.programs.flatMap((p) => p.rows)];
  assert.ok(all.some((r) => r.count === "suppressed"), "the demo has small cells");
  const counts = await page.$$eval('[data-testid="count"], [data-testid="reached"]', (els) => els.map((e) => e.textContent));
  for (const c of counts) assert.ok(c === "X" || c === "-" || Number(c.replaceAll(",", "")) >= 5, `a count of ${c} is shown`);
  // Issue 18: a suppressed stage is drawn as suppressed — no bar at all (its length would tell), only X.
  const chart = await page.$$eval('[data-testid="funnel-chart"] g[data-stage]', (gs) => gs.map((g) => [g.dataset.stage, g.querySelectorAll("rect").length, g.textContent]));
  const suppressedStages = report.funnel.filter((r) => r.count === "suppressed").map((r) => r.stage.replace("_", ""));
  assert.ok(suppressedStages.length > 0, "the demo's funnel has a small cell");
  for (const [stage, bars, text] of chart) {
    if (suppressedStages.includes(stage)) {
      assert.equal(bars, 0, `no bar for the suppressed ${stage}`);
      assert.match(text, /X/);
    } else assert.equal(bars, 1, stage);
  }
  await screenshot(page, "city-dashboard", { fullPage: true });

  // A month of the fiscal year, from the period picker.
  const month = `month=${report.period.start.slice(0, 7)}`;
  const monthly = (await city.get(`/api/v1/municipalities/${municipality}/metrics?${month}`)).body;
  await page.selectOption('[data-testid="period"]', month);
  await page.waitForFunction((label) => document.querySelector('[data-testid="period-label"]')?.textContent.includes(label),
    `${Number(report.period.start.slice(0, 4))}年${Number(report.period.start.slice(5, 7))}月`, { timeout: 30_000 });
  assert.deepEqual(await tableFigures(page, "funnel-table"),
    monthly.funnel.map((r) => [r.stage.replace("_", ""), shown(r.count), shown(r.reached)]));
  // The export link is the CSV with a BOM.
  const href = await page.getAttribute('[data-testid="csv-export"]', "href");
  const csv = await fetch(`${server.base}${href}`, { headers: { cookie: city.cookie } });
  assert.deepEqual([...new Uint8Array(await csv.arrayBuffer()).slice(0, 3)], [0xef, 0xbb, 0xbf]);
  await page.context().close();
});

test("CSV import of a good UTF-8 file, with preview and progress; the same file again adds nobody", async () => {
  const course = await newCourse("utf8");
  const csv = "氏名,メール/電話,講座\r\n青木 一郎,ichiro.ok@example.jp,\r\n石井 二葉,090-2222-3333,\r\n";
  const page = await loggedIn(DEMO.municipality, `/city/programs/${course}`);
  await importFile(page, "participants.csv", Buffer.from(`\ufeff${csv}`, "utf8"));
  assert.equal(await page.textContent('[data-testid="csv-encoding"]'), "UTF-8");
  assert.equal(Number(await page.textContent('[data-testid="csv-rows"]')), 2);
  assert.match(await page.textContent('[data-testid="csv-preview"]'), /青木 一郎/);
  assert.equal((await enrolled(course)).length, 0, "a preview writes nothing");
  assert.match(await page.textContent('[data-testid="csv-preview-summary"]'), /2/);
  await page.click('[data-testid="csv-import"]');
  await page.waitForSelector('[data-testid="csv-result"]', { timeout: 30_000 });
  assert.equal(await page.getAttribute('[data-testid="csv-progress"]', "value"), "1");
  assert.equal(await page.textContent('[data-testid="csv-created"]'), "2");
  await page.waitForSelector('[data-testid="participant"]');
  assert.equal(await page.locator('[data-testid="participant"]').count(), 2);
  // The same file again: nobody new.
  await importFile(page, "participants.csv", Buffer.from(csv, "utf8"));
  await page.click('[data-testid="csv-import"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="csv-unchanged"]')?.textContent === "2", null, { timeout: 30_000 });
  assert.equal(await page.textContent('[data-testid="csv-created"]'), "0");
  assert.equal((await enrolled(course)).length, 2);
  await page.context().close();
});

test("CSV import of a Shift_JIS file with Japanese headers", async () => {
  const course = await newCourse("sjis");
  const names = ["渡辺 桜子", "髙橋 一樹", "斉藤 みどり"].filter((n) => { try { shiftJis(n); return true; } catch { return false; } });
  const csv = `氏名,メール/電話,講座\r\n${names.map((n, i) => `${n},sjis${i}@example.jp,`).join("\r\n")}\r\n`;
  const page = await loggedIn(DEMO.municipality, `/city/programs/${course}`);
  await importFile(page, "受講者名簿.csv", shiftJis(csv));
  assert.equal(await page.textContent('[data-testid="csv-encoding"]'), "Shift_JIS");
  for (const n of names) assert.match(await page.textContent('[data-testid="csv-preview"]'), new RegExp(n));
  await page.click('[data-testid="csv-import"]');
  await page.waitForSelector('[data-testid="csv-result"]', { timeout: 30_000 });
  assert.equal(Number(await page.textContent('[data-testid="csv-created"]')), names.length);
  assert.deepEqual((await enrolled(course)).map((i) => i.name).sort(), [...names].sort(), "names stored exactly");
  await page.context().close();
});

test("CSV import of a file with bad rows: errors name row and field in Japanese, nothing is imported", async () => {
  const course = await newCourse("bad");
  const csv = "氏名,メール/電話,講座\r\n上田 正しい,ueda.ok@example.jp,\r\n大野 誤り,not-an-email@,\r\n,kara@example.jp,\r\n";
  const page = await loggedIn(DEMO.municipality, `/city/programs/${course}`);
  // The preview already checks every row: errors show before anything can be imported.
  await importFile(page, "bad.csv", Buffer.from(csv, "utf8"), '[data-testid="csv-errors"] li');
  assert.equal(await page.locator('[data-testid="csv-import"]').count(), 0, "no import button for a rejected file");
  const errors = await page.$$eval('[data-testid="csv-errors"] li', (els) => els.map((e) => ({ field: e.dataset.field, text: e.textContent })));
  const contact = errors.find((e) => e.field === "rows[3].contact");
  const name = errors.find((e) => e.field === "rows[4].name");
  assert.ok(contact && name, JSON.stringify(errors));
  assert.match(contact.text, /3行目/);
  assert.match(name.text, /4行目/);
  assert.equal(await page.locator('[data-testid="csv-result"]').count(), 0);
  assert.equal((await enrolled(course)).length, 0, "not even the good row was imported");
  await page.context().close();
});

test("completion verifies the course's skills, which changes the resident's matches", async () => {
  const course = await newCourse("done");
  const email = `graduate-${Date.now()}@example.jp`;
  const { client } = await registerResident(server.base, email);
  registeredHere += 1;
  const put = await client.put("/api/v1/me/profile", profileInput({
    display_name: "修了 花子", skills: [{ task: "data.entry", level: "beginner" }],
  }));
  assert.equal(put.status, 201, JSON.stringify(put.body));
  const pointsOf = async () => {
    const body = (await client.get("/api/v1/me/matches?limit=50")).body;
    const list = Array.isArray(body) ? body : body.matches ?? body.items;
    return new Map(list.map((m) => [m.job.id, m.score.points]));
  };
  const before = await pointsOf();
  assert.ok(before.size > 0, "the resident has matches");

  const page = await loggedIn(DEMO.municipality, `/city/programs/${course}`);
  await importFile(page, "one.csv", Buffer.from(`氏名,メール/電話,講座\r\n修了 花子,${email},\r\n`, "utf8"));
  await page.click('[data-testid="csv-import"]');
  await page.waitForSelector('[data-testid="participant"]', { timeout: 30_000 });
  // Linked only once the person accepts the course in their inbox.
  assert.ok(await page.locator('[data-testid="participant"] input[type="checkbox"]').isDisabled(), "not before accepting");
  assert.equal((await client.post(`/api/v1/programs/${course}`.replace("/programs/", "/me/courses/"), { decision: "accept" })).status, 200);
  await page.reload();
  await page.waitForSelector('[data-testid="participant"] input[type="checkbox"]:not([disabled])', { timeout: 30_000 });
  await page.check('[data-testid="participant"] input[type="checkbox"]');
  await page.click('[data-testid="complete-selected"]');
  await page.waitForSelector('[data-testid="completion-result"]', { timeout: 30_000 });
  assert.equal(await page.textContent('[data-testid="verified-count"]'), "1");

  const profile = (await client.get("/api/v1/me/profile")).body;
  assert.equal(profile.skills.find((s) => s.task === "data.entry").verification.by, "course");
  const after = await pointsOf();
  const changed = [...after].filter(([job, p]) => before.has(job) && p !== before.get(job));
  assert.ok(changed.length > 0, "some match changed");
  assert.ok(changed.every(([job, p]) => p > before.get(job)), "verified skills only raise scores");
  await page.context().close();
});

test("the program form shows the server's errors next to the fields, then creates a course and a scheme", async () => {
  const page = await loggedIn(DEMO.municipality, "/city/programs");
  await page.waitForSelector('[data-testid="programs"]', { timeout: 30_000 });
  await page.click('[data-testid="program-form-box"] summary');
  await page.click('[data-testid="program-submit"]');
  await page.waitForFunction(() => document.querySelector("#program-name_ja-error")?.textContent.length > 0, null, { timeout: 30_000 });
  for (const field of ["name_ja", "starts_on", "capacity"]) {
    assert.ok((await page.textContent(`#program-${field}-error`)).length > 0, `${field} is named next to it`);
  }
  assert.ok((await page.textContent("#certifies-error")).length > 0, "the certified tasks are named");
  assert.equal(await page.getAttribute("#program-name_ja", "aria-invalid"), "true");
  assert.deepEqual(await seriousViolations(page), [], "the form with its errors");

  const name = `はじめての記帳講座 ${Date.now()}`;
  await page.fill('[data-testid="program-name_ja"]', name);
  await page.fill('[data-testid="program-description_ja"]', "全3回で会計ソフトへの記帳を学びます。");
  await page.fill('[data-testid="program-starts_on"]', "2026-06-01");
  await page.fill('[data-testid="program-ends_on"]', "2026-05-01");
  await page.fill('[data-testid="program-capacity"]', "15");
  await page.check('[data-testid="program-online"]');
  await page.check('[data-testid="program-security"]');
  await page.check("#certifies-data-entry");
  await page.click('[data-testid="program-submit"]');
  await page.waitForFunction(() => document.querySelector("#program-ends_on-error")?.textContent.length > 0, null, { timeout: 30_000 });
  assert.match(await page.textContent("#program-ends_on-error"), /終了日/);
  await page.fill('[data-testid="program-ends_on"]', "2026-06-29");
  await page.click('[data-testid="program-submit"]');
  const created = await page.waitForSelector('[data-testid="program-created"]', { timeout: 30_000 });
  const id = await created.getAttribute("data-program");
  await page.waitForSelector(`[data-testid="program"][data-program="${id}"]`, { timeout: 30_000 });
  const course = (await city.get("/api/v1/programs")).body.find((p) => p.id === id);
  assert.equal(course.name.ja, name);
  assert.equal(course.kind.kind, "course");
  assert.deepEqual(course.kind.certifies, ["data.entry"]);
  assert.equal(course.kind.online, true);
  assert.equal(course.kind.capacity, 15);
  assert.equal(course.security_course, true, "marked as the security course companies look for");

  await page.selectOption('[data-testid="program-kind"]', "support_scheme");
  await page.fill('[data-testid="program-name_ja"]', `在宅ワーク機器の購入補助 ${Date.now()}`);
  await page.fill('[data-testid="program-description_ja"]', "パソコンや回線の費用を半額補助します。");
  await page.fill('[data-testid="program-for_whom"]', "圏域に住む在宅ワーク希望者");
  await page.fill('[data-testid="program-link"]', "https://www.example.lg.jp/hojo");
  await page.click('[data-testid="program-submit"]');
  await page.waitForFunction((old) => {
    const el = document.querySelector('[data-testid="program-created"]');
    return el && el.dataset.program !== old;
  }, id, { timeout: 30_000 });
  const schemeId = await page.getAttribute('[data-testid="program-created"]', "data-program");
  const scheme = (await city.get("/api/v1/programs")).body.find((p) => p.id === schemeId);
  assert.equal(scheme.kind.kind, "support_scheme");
  assert.equal(scheme.kind.link, "https://www.example.lg.jp/hojo");
  assert.equal(scheme.security_course ?? false, false, "the box was cleared after the course was created");
  await page.context().close();
});

test("the twelve-month trend chart shows the API's months, suppressed months outlined", async () => {
  const report = (await city.get(`/api/v1/municipalities/${municipality}/metrics`)).body;
  assert.equal(report.trend.length, 12);
  const page = await loggedIn(DEMO.municipality, "/city");
  await page.waitForSelector('[data-testid="trend-table"]', { timeout: 30_000 });
  const rows = await page.$$eval('[data-testid="trend-table"] tbody tr', (trs) => trs.map((r) => [
    r.dataset.month, r.querySelector('[data-testid="trend-working"]').textContent, r.querySelector('[data-testid="trend-hours"]').textContent,
  ]));
  const shown = (cell) => (cell === "suppressed" ? "X" : cell.value.toLocaleString("en-US"));
  assert.deepEqual(rows, report.trend.map((p) => [p.month.slice(0, 7), shown(p.working), shown(p.hours)]));
  for (const [chart, key] of [["trend-working", "working"], ["trend-hours", "hours"]]) {
    const bars = await page.$$eval(`svg[data-testid="${chart}"] [data-testid="trend-bar"]`, (gs) => gs.map((g) => g.dataset.suppressed));
    assert.deepEqual(bars, report.trend.map((p) => String(p[key] === "suppressed")), chart);
    const rects = await page.$$eval(`svg[data-testid="${chart}"] [data-testid="trend-bar"]`, (gs) => gs.map((g) => g.querySelectorAll("rect").length));
    assert.deepEqual(rects, report.trend.map((p) => (p[key] === "suppressed" ? 0 : 1)), `${chart}: no bar for a suppressed month`);
  }
  await page.context().close();
});

test("role boundaries: the municipality never sees a resident's name; residents cannot open the console", async () => {
  const name = (await resident.get("/api/v1/me/profile")).body.display_name;
  assert.ok(name);
  const page = await loggedIn(DEMO.municipality, "/city");
  await page.waitForSelector('[data-testid="funnel-table"]', { timeout: 30_000 });
  assert.ok(!(await page.textContent("body")).includes(name), "no name on the dashboard");
  await page.goto(`${server.base}/city/programs`);
  await page.waitForSelector('[data-testid="programs"]', { timeout: 30_000 });
  assert.ok(!(await page.textContent("body")).includes(name), "no name on the programs page");
  await page.context().close();

  const own = await loggedIn(DEMO.resident, "/me");
  await own.goto(`${server.base}/city`);
  await own.waitForURL(/\/login\?next=%2Fcity/, { timeout: 30_000 });
  await own.context().close();
});

test("every municipality page has no serious or critical accessibility violations", async () => {
  const course = await newCourse("axe");
  const page = await loggedIn(DEMO.municipality, "/city");
  for (const [path, ready] of [["/city", '[data-testid="funnel-table"]'], ["/city/programs", '[data-testid="programs"]'],
    [`/city/programs/${course}`, '[data-testid="participant-count"]']]) {
    await page.goto(`${server.base}${path}`);
    await page.waitForSelector(ready, { timeout: 30_000 });
    assert.deepEqual(await seriousViolations(page), [], path);
  }
  await importFile(page, "bad.csv", Buffer.from("氏名,メール/電話,講座\r\n,bad@,\r\n", "utf8"), '[data-testid="csv-errors"] li');
  assert.deepEqual(await seriousViolations(page), [], "with preview and errors");
  await page.context().close();
});

/** A blocking pair of a placement, computed here from both sides' rankings, or null. */
function blockingPair(p) {
  const assigned = new Map(p.placed.map((x) => [x.graduate, x.job]));
  const jobs = new Map(p.job_prefs.map(([job, capacity, list]) => [job, { capacity, list }]));
  for (const [g, prefs] of p.graduate_prefs) {
    for (const job of prefs) {
      if (assigned.get(g) === job) break; // the rest are worse for g
      const j = jobs.get(job);
      if (!j || !j.list.includes(g)) continue;
      const holders = [...assigned].filter(([, jj]) => jj === job).map(([h]) => h);
      if (holders.length < j.capacity) return [g, job, "free slot"];
      if (holders.some((h) => j.list.indexOf(h) > j.list.indexOf(g))) return [g, job, "preferred"];
    }
  }
  return null;
}

test("cohort placement of a course's graduates: shown with who got which slot and why, and stable", async () => {
  const programs = (await city.get("/api/v1/programs")).body;
  const courses = programs.filter((p) => p.kind.kind === "course" && p.municipality_id === municipality);
  let course, placement;
  for (const c of courses) {
    const res = await city.get(`/api/v1/programs/${c.id}/placement`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    if (res.body.placed.length >= 2) { course = c.id; placement = res.body; break; }
  }
  assert.ok(course, "a demo course has graduates to place");
  assert.equal(blockingPair(placement), null, "no graduate and job would both rather have each other");
  assert.equal(placement.stable, true);
  for (const [job, capacity] of placement.job_prefs) {
    assert.ok(placement.placed.filter((x) => x.job === job).length <= capacity, `${job} over capacity`);
  }
  for (const x of placement.placed) {
    const prefs = new Map(placement.graduate_prefs).get(x.graduate);
    assert.equal(prefs.indexOf(x.job) + 1, x.graduate_rank, "the reason is the graduate's own ranking");
  }
  const page = await loggedIn(DEMO.municipality, `/city/programs/${course}`);
  await page.click('[data-testid="placement-run"]');
  await page.waitForSelector('[data-testid="placement-summary"]', { timeout: 60_000 });
  assert.equal(await page.getAttribute('[data-testid="placement-summary"]', "data-stable"), "true");
  const rows = await page.$$eval('[data-testid="placed"]', (els) => els.map((e) => [e.dataset.graduate, e.dataset.job]));
  assert.deepEqual(rows.sort(), placement.placed.map((x) => [x.graduate, x.job]).sort());
  assert.deepEqual(await seriousViolations(page), []);
  await page.context().close();
});

// ---- Issue 18, items 11 and 12, at 1280×800 and 768×1024.
const TABLET = { width: 768, height: 1024 };
const jstToday = () => new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);

for (const viewport of [DESKTOP, TABLET]) {
  test(`the dashboard names the municipality and the date on screen and in print, with separators (${viewport.width}px)`, async () => {
    const report = (await city.get(`/api/v1/municipalities/${municipality}/metrics`)).body;
    assert.ok(report.municipality_name?.ja, "the API names the municipality");
    const page = await loggedIn(DEMO.municipality, "/city", viewport);
    await page.waitForSelector('[data-testid="report-heading"]', { timeout: 30_000 });
    assert.equal(await page.textContent('[data-testid="municipality-name"]'), report.municipality_name.ja);
    assert.equal(await page.textContent('[data-testid="made-on"]'), jstToday());
    const yen = await page.textContent('[data-testid="work-yen"]');
    if (report.work.yen !== "suppressed" && report.work.yen.value >= 1000) assert.match(yen, /^\d{1,3}(,\d{3})+$/, yen);
    await page.emulateMedia({ media: "print" });
    assert.ok(await page.isVisible('[data-testid="report-heading"]'), "the name and date are printed");
    assert.match(await page.textContent('[data-testid="report-heading"]'), new RegExp(report.municipality_name.ja));
    await page.emulateMedia({ media: "screen" });
    assert.deepEqual(await seriousViolations(page), [], "axe: dashboard");
    await page.context().close();
  });
}

test("a course page is named; a 3-row Shift_JIS file with one bad email shows 3 rows and the bad value; no completion without participants", async () => {
  const course = await newCourse("named");
  const program = (await city.get("/api/v1/programs")).body.find((p) => p.id === course);
  const page = await loggedIn(DEMO.municipality, "/city/programs", DESKTOP);
  await page.click(`[data-testid="program"][data-program="${course}"] a`);
  await page.waitForSelector('[data-testid="course-name"]', { timeout: 30_000 });
  await page.waitForFunction((n) => document.querySelector('[data-testid="course-name"]')?.textContent === n, program.name.ja, { timeout: 30_000 });
  // Programs list: words and units.
  await page.waitForSelector('[data-testid="participant-count"]', { timeout: 30_000 });
  assert.equal(await page.locator('[data-testid="complete-all"]:visible').count(), 0, "no completion button with nobody to complete");
  assert.ok(await page.isVisible('[data-testid="no-completion"]'));
  const csv = "氏名,メール/電話,講座\r\n渡辺 桜子,sakura@example.jp,\r\n斉藤 一郎,ichiro@@example,\r\n高田 花,hana@example.jp,\r\n";
  await importFile(page, "名簿.csv", shiftJis(csv), '[data-testid="csv-errors"] li');
  assert.equal(await page.textContent('[data-testid="csv-encoding"]'), "Shift_JIS");
  assert.equal(Number(await page.textContent('[data-testid="csv-rows"]')), 3, "the file's rows are counted though it was refused");
  assert.match(await page.textContent('[data-testid="csv-errors"]'), /ichiro@@example/, "the bad value is repeated");
  assert.deepEqual(await seriousViolations(page), [], "axe: course page");
  await page.goto(`${server.base}/city/programs`);
  await page.waitForSelector(`[data-testid="program"][data-program="${course}"] [data-testid="program-detail"]`, { timeout: 30_000 });
  const detail = await page.textContent(`[data-testid="program"][data-program="${course}"] [data-testid="program-detail"]`);
  assert.match(detail, /オンライン/);
  assert.match(detail, /定員 20人/);
  await page.context().close();
});
