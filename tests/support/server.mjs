// Starts a real `wrangler dev` (workerd + Miniflare's on-disk KV) on a free port with its own
// throw-away state folder, for API and browser tests. Stop and start again on the same folder
// to test durability.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { installForApiTests } from "./openapi.mjs";

// Every answer an API test receives is checked against worker/openapi.json (tests/support/openapi.mjs).
installForApiTests();

const ROOT = new URL("../..", import.meta.url).pathname;

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Every server group this process started and has not stopped. A test file ended by a signal (the
 * runner's timeout, `timeout` in scripts/test.sh) never runs its `after` hooks: the groups are
 * killed here, else their workerd keeps running (seen: two left from killed runs spun at half a
 * core each for an hour, slowing every later build and test).
 */
const running = new Set();
const killAll = () => {
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Gone already.
    }
  }
};
process.once("exit", killAll);
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + (signal === "SIGTERM" ? 15 : 2));
  });
}

/** A child that ended, by its own exit or by a signal (then `exitCode` is null). */
const hasExited = (child) => child.exitCode !== null || child.signalCode !== null;

async function waitForHealth(base, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (hasExited(child)) throw new Error(`wrangler dev exited with ${child.exitCode ?? child.signalCode}`);
    try {
      const res = await fetch(`${base}/api/v1/health`);
      if (res.ok) return;
      lastError = new Error(`health ${res.status}`);
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not become healthy: ${lastError}`);
}

/**
 * A running worker; `stop()` ends it, `restart()` starts it again on the same KV state.
 * `env` is the wrangler environment: `dev` (the default: seed routes, development keys) or
 * `production` (wrangler.toml's top level, exactly what a plain `wrangler deploy` ships).
 */
export async function startServer({ stateDir, env = "dev" } = {}) {
  const state = stateDir ?? mkdtempSync(join(tmpdir(), "musubi-test-"));
  // A free port is only free when asked: another server starting beside this one (its workerd
  // opens ports of its own) may take it before wrangler binds it. Then start again on others.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreePorts(state, env, !stateDir);
    } catch (e) {
      if (attempt >= 3 || !/Address already in use/.test(e.message)) throw e;
    }
  }
}

async function startOnFreePorts(state, env, ownsState) {
  const port = await freePort();
  const inspector = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = [];
  const child = spawn(
    join(ROOT, "node_modules/.bin/wrangler"),
    ["dev", ...envArgs(env), "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspector),
      "--persist-to", state, "--log-level", "warn", "--show-interactive-dev-session=false"],
    // Its own process group, so that stopping it also stops the workerd it starts: a workerd left
    // running after a SIGKILL to wrangler alone holds this process's pipes open, and the test file
    // then never exits (a CI run hung until its time limit so).
    {
      cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"], detached: true,
    },
  );
  running.add(child.pid);
  child.stdout.on("data", (d) => log.push(String(d)));
  child.stderr.on("data", (d) => log.push(String(d)));
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  // Whatever of the group outlived wrangler, and the pipes that would keep this process alive.
  const release = () => {
    killGroup("SIGKILL");
    running.delete(child.pid);
    child.stdout.destroy();
    child.stderr.destroy();
  };
  try {
    await waitForHealth(base, child, 90_000);
  } catch (e) {
    release();
    throw new Error(`${e.message}\n--- wrangler output ---\n${log.join("")}`);
  }
  const stop = () =>
    new Promise((resolve) => {
      const done = () => {
        release();
        resolve();
      };
      if (hasExited(child)) return done();
      child.once("exit", done);
      killGroup("SIGTERM");
      setTimeout(() => killGroup("SIGKILL"), 5000).unref();
    });
  return {
    base,
    state,
    env,
    log,
    stop,
    async restart() {
      await stop();
      return startServer({ stateDir: state, env });
    },
    async dispose() {
      await stop();
      if (ownsState) rmSync(state, { recursive: true, force: true });
    },
  };
}

/**
 * Runs a test body; when it fails, the error also carries the last lines the server printed
 * (wrangler and workerd warn there of what the test cannot see: a 503 from the dev proxy, an
 * exception in the desk, an isolate restarted). For tests of concurrent requests, whose rare
 * failures cannot be replayed.
 *
 * The dev proxy's 503 "Your worker restarted mid-request" does not mean a restart: wrangler
 * 4.86's ProxyWorker answers it for any proxied POST whose fetch to the worker failed, because it
 * compares the request's URL (path included) with the worker's bare origin, which never match.
 * The usual failure is the first request after ~5 s of quiet: the proxy's pooled connection to
 * the worker is closed by both sides' 5 s idle timeouts as the request is written into it
 * (cloudflare/workers-sdk#14641). The request never reached the worker.
 */
export async function withServerLog(server, run, lines = 60) {
  try {
    return await run();
  } catch (e) {
    const tail = server.log.join("").split("\n").slice(-lines).join("\n");
    if (e instanceof Error) e.message += `\n--- wrangler output, last ${lines} lines ---\n${tail || "(nothing)"}`;
    throw e;
  }
}

/** wrangler's `--env` arguments for an environment (none for production, the top level). */
export function envArgs(env = "dev") {
  return env === "production" ? [] : ["--env", env];
}

/**
 * The id of the `KV` binding's namespace in an environment of wrangler.toml: the folder of the
 * local store that `wrangler dev --env <env>` keeps in its state folder.
 */
function kvNamespaceId(env) {
  const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
  const header = env === "production" ? "[[kv_namespaces]]" : `[[env.${env}.kv_namespaces]]`;
  const at = toml.indexOf(header);
  if (at < 0) throw new Error(`wrangler.toml declares no ${header}`);
  const block = toml.slice(at + header.length).split(/\n\[/)[0];
  if (!/^binding\s*=\s*"KV"/m.test(block)) throw new Error(`${header} in wrangler.toml is not the KV binding`);
  return block.match(/^id\s*=\s*"([^"]+)"/m)[1];
}

/**
 * Opens the local KV of a server's state folder, in its environment, as `wrangler kv --local`
 * does (one Miniflare on the same files), and runs `use(namespace)` on it. One Miniflare for a
 * whole dump: the CLI started a workerd per command, a hundred for one dump, and one of those
 * starts failed in CI (wrangler's AssertionError, "false == true").
 *
 * The running server holds the same SQLite files, so a read can meet its write lock
 * (`SQLITE_BUSY`, seen in CI while the worker's background writes ran). Every use here is a read
 * or an idempotent write, so that answer is tried again after a pause, up to 8 times; any other
 * failure is thrown at once.
 */
async function withLocalKv(server, use) {
  const { Miniflare } = await import("miniflare");
  for (let attempt = 1; ; attempt++) {
    const mf = new Miniflare({
      script: 'addEventListener("fetch", (e) => e.respondWith(new Response(null, { status: 404 })))',
      defaultPersistRoot: join(server.state, "v3"),
      kvNamespaces: { KV: kvNamespaceId(server.env) },
      cf: false, // no request.cf to fetch: this machine is offline
    });
    try {
      return await use(await mf.getKVNamespace("KV"));
    } catch (err) {
      if (!/SQLITE_BUSY|database is locked/.test(String(err?.stack ?? err)) || attempt === 8) throw err;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    } finally {
      await mf.dispose();
    }
  }
}

/** Every key name of a namespace, page by page. */
async function allKeyNames(namespace) {
  const names = [];
  let cursor;
  do {
    const page = await namespace.list({ cursor });
    names.push(...page.keys.map((k) => k.name));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return names;
}

/** Every key name in the local KV of a server's state folder. */
export async function kvKeys(server) {
  return withLocalKv(server, allKeyNames);
}

/**
 * One key of the local KV of a server's state folder, as the `wrangler kv key` commands spell it:
 * `get KEY` (the value as text, `""` when missing), `put KEY VALUE`, `delete KEY`.
 */
export async function kv(server, command, key, value) {
  return withLocalKv(server, async (namespace) => {
    switch (command) {
      case "get":
        return (await namespace.get(key, "text")) ?? "";
      case "put":
        await namespace.put(key, value);
        return "";
      case "delete":
        await namespace.delete(key);
        return "";
      default:
        throw new Error(`kv: no command ${command}`);
    }
  });
}

/** Every key and its value (as text), read straight from the local KV of a server's state. */
export async function kvDump(server) {
  return withLocalKv(server, async (namespace) => {
    const names = await allKeyNames(namespace);
    const dump = [];
    for (let i = 0; i < names.length; i += 50) {
      const batch = names.slice(i, i + 50);
      const values = await Promise.all(batch.map((name) => namespace.get(name, "text")));
      batch.forEach((name, j) => dump.push({ name, value: values[j] ?? "" }));
    }
    return dump;
  });
}

/** sqlite3 waits up to 5 s for the running server's write lock instead of failing with SQLITE_BUSY. */
const BUSY_WAIT = ".timeout 5000";

/** The SQLite files of a server's region desks (Durable Objects) in its state folder. */
function deskFiles(server) {
  return readdirSync(server.state, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".sqlite") && f.includes("RegionDesk") && !f.endsWith("metadata.sqlite"))
    .map((f) => join(server.state, f));
}

/** Every row of every region desk (the Durable Objects' SQLite files in the state folder), as SQL text. */
export async function deskDump(server) {
  const { execFile } = await import("node:child_process");
  const { promisify } = await import("node:util");
  const files = deskFiles(server);
  let text = "";
  for (const file of files) {
    const { stdout } = await promisify(execFile)("sqlite3", ["-readonly", "-cmd", BUSY_WAIT, file, ".dump"], { maxBuffer: 64 * 1024 * 1024 });
    text += stdout;
  }
  return { files: files.length, text };
}

/**
 * Runs one SQL statement on every region desk's SQLite file of a running server, as someone with
 * the disk could (a test's way to alter a record no API can). Answers sqlite3's output.
 */
export async function deskSql(server, statement) {
  const { execFile } = await import("node:child_process");
  const { promisify } = await import("node:util");
  let out = "";
  for (const file of deskFiles(server)) {
    const { stdout } = await promisify(execFile)("sqlite3", ["-cmd", BUSY_WAIT, file, statement]);
    out += stdout;
  }
  return out;
}

/** Seeds the demo region, one chunk per call, until the worker says it is complete. Returns every report. */
export async function seedDemo(base) {
  const reports = [];
  let from = 0;
  for (;;) {
    const res = await fetch(`${base}/api/v1/dev/seed?from=${from}`, { method: "POST" });
    if (!res.ok) throw new Error(`seed failed: ${res.status} ${await res.text()}`);
    const report = await res.json();
    reports.push(report);
    if (report.next == null) return reports;
    from = report.next;
  }
}

/**
 * A server on a fresh copy of a state folder in which the demo region was seeded once for this
 * build of the worker (seeding takes ~10 s; most test files want the same demo region). The
 * template is made by the first caller under a lock (a directory: mkdir is atomic), so test files
 * running at the same time seed it once; it is keyed by the worker's wasm, so a rebuilt worker
 * (a changed seed) makes a new one. Returns the server and the seed's reports.
 */
export async function startSeededServer() {
  const template = await seededTemplate();
  const state = mkdtempSync(join(tmpdir(), "musubi-test-"));
  cpSync(join(template, "state"), state, { recursive: true });
  const server = await startServer({ stateDir: state });
  const reports = JSON.parse(readFileSync(join(template, "reports.json"), "utf8"));
  return {
    ...server,
    reports,
    async dispose() {
      await server.stop();
      rmSync(state, { recursive: true, force: true });
    },
  };
}

async function seededTemplate() {
  const wasm = readFileSync(join(ROOT, "worker/build/index_bg.wasm"));
  const config = readFileSync(join(ROOT, "wrangler.toml"));
  const key = createHash("sha256").update(wasm).update(config).digest("hex").slice(0, 16);
  const dir = process.env.MUSUBI_SEEDED_TEMPLATE_DIR ?? join(tmpdir(), `musubi-seeded-${key}`);
  const done = join(dir, "reports.json");
  const lock = `${dir}.lock`;
  const deadline = Date.now() + 180_000;
  mkdirSync(dirname(dir), { recursive: true }); // else the lock's mkdir fails as if it were taken
  while (!existsSync(done)) {
    try {
      mkdirSync(lock);
    } catch {
      // Another test file is seeding; a lock older than 3 minutes was left by a killed run.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`the seeded template ${dir} did not appear`);
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const server = await startServer({ stateDir: join(dir, "state") });
      let reports;
      try {
        reports = await seedDemo(server.base);
      } finally {
        await server.stop();
      }
      writeFileSync(done, JSON.stringify(reports));
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return dir;
}
