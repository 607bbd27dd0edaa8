// Each entry's stylesheet: the app's one stylesheet less the rules that cannot match on that
// entry's pages, because their selectors need a class that none of its files (the glue, the
// loader, the main wasm and its chunks, index.html) spells. Class names are literal strings in
// the views (`class="…"`, `class:name`, a literal chosen by an `if`), so they are in the wasm's
// data as they are; a class that is a substring of other text is kept, which errs on the safe
// side. The rules kept stay in their order, so the cascade of every page is the one the whole
// stylesheet gives (a browser test compares the two, style by style).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** The classes the stylesheet `css` names that occur in `text`. */
export function classesIn(css, text) {
  const named = new Set([...css.matchAll(/\.(-?[A-Za-z_][\w-]*)/g)].map((m) => m[1]));
  return new Set([...named].filter((c) => text.includes(c)));
}

/** Stops the build where a view writes its class as anything but literal text: a `class=` given
 * a format!, a closure or a variable other than a component's own `class` prop, whose callers
 * write it literally, and the literal branches of an `if`. Such a class could be missing from
 * the wasm's data and its rules from the entry's stylesheet. */
export function checkLiteralClasses(root) {
  const walk = (path) => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path)) walk(join(path, name));
      return;
    }
    const text = readFileSync(path, "utf8");
    for (const m of text.matchAll(/\bclass=(?!"|class\b|if\b[^{]*\{\s*")/g)) {
      const line = text.slice(0, m.index).split("\n").length;
      throw new Error(`${path}:${line}: a class written as an expression; write it literally (scripts/css-subset.mjs)`);
    }
  };
  walk(root);
}

/** Splits `text` at `sep` where no (), [] or string is open. */
function splitTop(text, sep) {
  const parts = [];
  let depth = 0, quote = null, from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) { if (c === "\\") i++; else if (c === quote) quote = null; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === sep && depth === 0) { parts.push(text.slice(from, i)); from = i + 1; }
  }
  parts.push(text.slice(from));
  return parts;
}

/** The classes a selector needs on the page: those outside attribute tests, strings and
 * functional pseudo-classes (`:not(.x)` matches without `.x`; `:is`/`:has` are kept whole). */
function classesNeeded(selector) {
  let bare = "";
  let depth = 0, quote = null;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (quote) { if (c === "\\") i++; else if (c === quote) quote = null; continue; }
    if (c === '"' || c === "'") { quote = c; continue; }
    if (c === "(" || c === "[") { depth++; continue; }
    if (c === ")" || c === "]") { depth--; continue; }
    if (depth === 0) bare += c;
  }
  return [...bare.matchAll(/\.(-?[A-Za-z_][\w-]*)/g)].map((m) => m[1]);
}

/** The top-level items of a block of CSS: `{ head, body }` with the braces' content as body
 * (null for a statement such as `@import ...;`). */
function items(css) {
  const out = [];
  let i = 0;
  while (i < css.length) {
    while (i < css.length && /\s/.test(css[i])) i++;
    if (i >= css.length) break;
    let j = i, quote = null, paren = 0;
    while (j < css.length) {
      const c = css[j];
      if (quote) { if (c === "\\") j++; else if (c === quote) quote = null; }
      else if (c === '"' || c === "'") quote = c;
      else if (c === "(") paren++;
      else if (c === ")") paren--;
      else if (paren === 0 && (c === "{" || c === ";")) break;
      j++;
    }
    if (j >= css.length) throw new Error(`css: unterminated item: ${css.slice(i, i + 60)}`);
    const head = css.slice(i, j).trim();
    if (css[j] === ";") { out.push({ head, body: null }); i = j + 1; continue; }
    let depth = 1, k = j + 1;
    quote = null;
    for (; k < css.length && depth > 0; k++) {
      const c = css[k];
      if (quote) { if (c === "\\") k++; else if (c === quote) quote = null; }
      else if (c === '"' || c === "'") quote = c;
      else if (c === "{") depth++;
      else if (c === "}") depth--;
    }
    if (depth !== 0) throw new Error(`css: unbalanced braces after: ${head.slice(0, 60)}`);
    out.push({ head, body: css.slice(j + 1, k - 1) });
    i = k;
  }
  return out;
}

/** `css` without the selectors (and then rules) that need a class not in `used`. At-rules that
 * hold rules (`@media`, `@supports`, `@layer`) are filtered inside; others are kept whole. */
export function subsetCss(css, used) {
  return items(css).map(({ head, body }) => {
    if (body === null) return `${head};`;
    if (/^@(media|supports|layer|container)\b/.test(head)) {
      const inner = subsetCss(body, used);
      return inner ? `${head}{${inner}}` : "";
    }
    if (head.startsWith("@")) return `${head}{${body}}`;
    const kept = splitTop(head, ",").map((s) => s.trim()).filter((s) => classesNeeded(s).every((c) => used.has(c)));
    return kept.length ? `${kept.join(",")}{${body}}` : "";
  }).join("");
}
