// Every API answer a test receives is checked against the OpenAPI document (worker/openapi.json,
// the same file the worker serves): the operation is found by method and path template, the
// status must be one the operation documents, the content type one it documents for that status,
// and a JSON body must match that status's schema (JSON Schema 2020-12, as OpenAPI 3.1 says).
// A request to no documented operation (the router's own 404 and 405) must answer the Error shape.
// An answer that does not match fails the test that made the request, naming the operation, the
// status, the schema path and the offending value. So the hand-written document cannot drift
// from the code without a test noticing.
//
// Installed for API tests (files under tests/api/) by tests/support/client.mjs and server.mjs:
// it wraps `fetch`, so direct `fetch` calls in test files are checked as well as the Client's.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const ROOT = new URL("../..", import.meta.url);
const DOC_ID = "https://musubi.example/openapi.json";

// ajv is what @seriousme/openapi-schema-validator (a dev dependency in package-lock.json) uses;
// it is resolved through that package so that nothing new is installed.
const requireFromValidator = createRequire(
  createRequire(import.meta.url).resolve("@seriousme/openapi-schema-validator/package.json"),
);
const Ajv2020 = requireFromValidator("ajv/dist/2020").default;
const addFormats = requireFromValidator("ajv-formats").default;

export const DOCUMENT = JSON.parse(readFileSync(new URL("worker/openapi.json", ROOT), "utf8"));

let ajv;
function compiler() {
  if (ajv) return ajv;
  // `strict: false`: the document's top level (paths, info…) is not JSON Schema. Every keyword of
  // a response schema is checked, and objects are closed (`closed` below).
  ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true });
  addFormats(ajv);
  ajv.addSchema(closed(DOCUMENT), DOC_ID);
  return ajv;
}

/**
 * The document with every object that lists its `properties` closed, unless it says otherwise
 * (`additionalProperties` or `unevaluatedProperties`): an answer carrying a field the document
 * does not list is drift too. Where the object also combines schemas (allOf/oneOf/anyOf) it is
 * closed with `unevaluatedProperties`, which sees the combined ones' fields.
 */
function closed(node) {
  if (Array.isArray(node)) return node.map(closed);
  if (!node || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    // `properties` maps field names to schemas (a field may be called `properties` or `type`).
    out[k] = k === "properties" && v && typeof v === "object"
      ? Object.fromEntries(Object.entries(v).map(([name, schema]) => [name, closed(schema)]))
      : closed(v);
  }
  const isObjectSchema = out.properties && typeof out.properties === "object" && !("content" in out);
  if (isObjectSchema && !("additionalProperties" in out) && !("unevaluatedProperties" in out)) {
    if (out.allOf || out.oneOf || out.anyOf) out.unevaluatedProperties = false;
    else out.additionalProperties = false;
  }
  return out;
}

const escape = (s) => s.replace(/~/g, "~0").replace(/\//g, "~1");

/** The operation of the document for a method and a concrete path: `{ path, method, op }` or null. */
export function operationOf(method, pathname) {
  const parts = pathname.split("/");
  let best = null;
  for (const [template, item] of Object.entries(DOCUMENT.paths)) {
    const t = template.split("/");
    if (t.length !== parts.length) continue;
    let literal = 0;
    let ok = true;
    for (let i = 0; i < t.length && ok; i++) {
      if (/^\{[^}]+\}$/.test(t[i])) continue;
      if (t[i] === parts[i]) literal++;
      else ok = false;
    }
    // The most literal template wins (`/records/public-key` over `/records/{id}`), as in the router.
    if (ok && (!best || literal > best.literal)) best = { template, item, literal };
  }
  if (!best) return null;
  const op = best.item[method.toLowerCase()];
  return { path: best.template, method: method.toUpperCase(), op: op ?? null };
}

function resolveResponse(response) {
  if (response?.$ref) {
    const name = response.$ref.replace("#/components/responses/", "");
    return { pointer: `#/components/responses/${escape(name)}`, response: DOCUMENT.components.responses[name] };
  }
  return { pointer: null, response };
}

function describe(value) {
  const text = JSON.stringify(value);
  return text === undefined ? "undefined" : text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function at(body, instancePath) {
  let v = body;
  for (const p of instancePath.split("/").slice(1)) v = v?.[p.replace(/~1/g, "/").replace(/~0/g, "~")];
  return v;
}

/**
 * The problems of one answer (empty when it matches the document). `body` is the response's text.
 */
export function checkResponse(method, url, status, contentType, text) {
  const { pathname } = new URL(url);
  const found = operationOf(method, pathname);
  const name = found?.op ? `${found.method} ${found.path}` : `${method.toUpperCase()} ${pathname}`;
  const mediaType = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (!found?.op) {
    // No documented operation: only the router's own refusals, in the Error shape.
    const want = found ? 405 : 404;
    if (status !== want) return [`${name}: no documented operation, and the answer is ${status}, not ${want}`];
    return checkBody(name, status, `#/components/schemas/Error`, mediaType, text);
  }
  const pointerOfOp = `#/paths/${escape(found.path)}/${found.method.toLowerCase()}`;
  const declared = found.op.responses?.[String(status)];
  if (!declared) {
    return [`${name}: status ${status} is not documented (documented: ${Object.keys(found.op.responses ?? {}).join(", ")}); body ${describe(text?.slice(0, 300))}`];
  }
  const { pointer, response } = resolveResponse(declared);
  const content = response?.content;
  if (status === 204 || status === 304 || !text) {
    if (text) return [`${name} ${status}: the document has no body for it, the answer has one`];
    return [];
  }
  if (!content) return [`${name} ${status}: the document has no body for it, the answer has ${mediaType || "one"}: ${describe(text.slice(0, 300))}`];
  const key = Object.keys(content).find((k) => k.split(";")[0].trim().toLowerCase() === mediaType);
  if (!key) return [`${name} ${status}: content type ${mediaType || "(none)"} is not documented (documented: ${Object.keys(content).join(", ")})`];
  if (mediaType !== "application/json") return [];
  const schemaPointer = `${pointer ?? `${pointerOfOp}/responses/${status}`}/content/${escape(key)}/schema`;
  if (!content[key].schema) return [];
  return checkBody(name, status, schemaPointer, mediaType, text);
}

const validators = new Map();
function checkBody(name, status, schemaPointer, mediaType, text) {
  if (mediaType !== "application/json") return [`${name} ${status}: answered ${mediaType || "no content type"}, the document says application/json`];
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return [`${name} ${status}: the body is not JSON: ${describe(text.slice(0, 300))}`];
  }
  let validate = validators.get(schemaPointer);
  if (!validate) {
    validate = compiler().getSchema(`${DOC_ID}${schemaPointer}`);
    if (!validate) return [`${name} ${status}: the document's schema ${schemaPointer} cannot be compiled`];
    validators.set(schemaPointer, validate);
  }
  if (validate(body)) return [];
  return validate.errors.map((e) =>
    `${name} ${status}: at ${e.instancePath || "(the body)"} ${e.message}` +
    `${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ""}` +
    ` (schema ${schemaPointer.replace(/^#/, "")}${e.schemaPath.replace(/^#/, " →")}); value: ${describe(at(body, e.instancePath))}`);
}

/** Every answer found not to match, for a test that wants to look (the hook throws on the first). */
export const seen = { checked: 0, problems: [] };

const COLLECT = process.env.MUSUBI_OPENAPI_COLLECT;

/**
 * wrangler dev's own answer, in plain text, when its fetch to the worker failed (what it means:
 * tests/support/server.mjs): not the worker's.
 */
export function isDevProxyFailure(status, text) {
  return status === 503 && text.startsWith("Your worker restarted mid-request");
}

let installed = false;
/** Wraps the global `fetch`: an API answer that does not match the document throws. */
export function installResponseCheck() {
  if (installed) return;
  installed = true;
  const original = globalThis.fetch;
  globalThis.fetch = async function checkedFetch(input, init) {
    const res = await original(input, init);
    const request = input instanceof Request ? input : null;
    const method = init?.method ?? request?.method ?? "GET";
    const url = new URL(request ? request.url : String(input));
    // A followed redirect (the log-out form's 303 to `/`) ends outside the API: nothing to check.
    if (!url.pathname.startsWith("/api/") || res.redirected) return res;
    const text = await res.clone().text();
    if (isDevProxyFailure(res.status, text)) return res;
    const problems = checkResponse(method, url, res.status, res.headers.get("content-type"), text);
    seen.checked++;
    if (problems.length && COLLECT) {
      // Survey mode (MUSUBI_OPENAPI_COLLECT=<file>): every mismatch is written down, nothing fails.
      const { appendFileSync } = await import("node:fs");
      const found = operationOf(method, url.pathname);
      appendFileSync(COLLECT, `${JSON.stringify({ op: found?.op ? `${found.method} ${found.path}` : null, status: res.status, problems, body: text })}\n`);
    } else if (problems.length) {
      seen.problems.push(...problems);
      throw new Error(`the answer does not match worker/openapi.json:\n  ${problems.join("\n  ")}`);
    }
    return res;
  };
}

/** API tests (files under tests/api/) check every answer; benchmarks and browser tests do not. */
export function installForApiTests() {
  if (/[\\/]tests[\\/]api[\\/]/.test(process.argv[1] ?? "")) installResponseCheck();
}
