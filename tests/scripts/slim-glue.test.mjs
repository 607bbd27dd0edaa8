// scripts/slim-glue.mjs on a small module and glue of wasm-bindgen's shape: what it removes and
// renames, that the result is still a valid module whose imports the glue defines, and that it
// stops rather than guess when the shape is not the one it knows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dropExports, dropStreamClasses, dropUnusedImports, importedNames, shortenImportNames } from "../../scripts/slim-glue.mjs";

const bytes = (...parts) => Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p))));
const str = (s) => bytes([Buffer.byteLength(s)], Buffer.from(s));
const section = (id, ...body) => {
  const b = bytes(...body);
  return bytes([id, b.length], b);
};
const APPEND = "__wbg_appendChild_5b9e1c4a7f3d2e10";
const THROW = "__wbindgen_throw_4c88d8bf264fd984";

/** A module importing two functions from the glue and exporting both plus a stream adapter's. */
function module() {
  return bytes(
    [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    section(1, [1, 0x60, 0, 0]), // one type: () -> ()
    section(2, [2], str("./x_bg.js"), str(APPEND), [0, 0], str("./x_bg.js"), str(THROW), [0, 0]),
    section(7, [3], str("intounderlyingsink_close"), [0, 0], str("keep"), [0, 1], str("__wbg_intounderlyingsink_free"), [0, 0]),
  );
}

const GLUE = `export class IntoUnderlyingSink {
    close() {
        wasm.intounderlyingsink_close();
    }
}
if (Symbol.dispose) IntoUnderlyingSink.prototype[Symbol.dispose] = IntoUnderlyingSink.prototype.free;

function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        ${APPEND}: function(arg0, arg1) {
            arg0.appendChild(arg1);
        },
        __wbg_unused_0123456789abcdef: function() {
            return 1;
        },
        ${THROW}: function(arg0, arg1) {
            throw new Error("x");
        },
    };
    return { "./x_bg.js": import0 };
}
const IntoUnderlyingSinkFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_intounderlyingsink_free(ptr, 1));
const __wbindgen_enum_ReadableStreamType = ["bytes"];
export default __wbg_get_imports;
`;

test("the stream adapters' exports go, the others stay, and the module is still valid", async () => {
  const [wasm, dropped] = dropExports(module(), /^(__wbg_)?intounderlying/);
  assert.deepEqual(dropped, ["intounderlyingsink_close", "__wbg_intounderlyingsink_free"]);
  const compiled = await WebAssembly.compile(wasm);
  assert.deepEqual(WebAssembly.Module.exports(compiled).map((e) => e.name), ["keep"]);
});

test("the glue loses the adapters' classes, finalizers and enum, and nothing else", () => {
  const glue = dropStreamClasses(GLUE);
  assert.doesNotMatch(glue, /IntoUnderlying|intounderlying|ReadableStreamType/);
  assert.match(glue, /function __wbg_get_imports\(\)/);
  assert.match(glue, new RegExp(`${APPEND}: function`));
  // A class written another way is not guessed at: the build stops.
  assert.throws(() => dropStreamClasses(GLUE.replace("export class IntoUnderlyingSink {", "export class IntoUnderlyingSink{")), /still names/);
});

test("imports the wasm no longer asks go from the glue; the rest get short names in both", async () => {
  const [kept, dropped] = dropUnusedImports(GLUE, importedNames(module()));
  assert.equal(dropped, 1);
  assert.doesNotMatch(kept, /__wbg_unused_/);
  const [glue, wasm, count] = shortenImportNames(kept, module());
  assert.equal(count, 2);
  const compiled = await WebAssembly.compile(wasm);
  const names = WebAssembly.Module.imports(compiled).map((i) => `${i.module} ${i.name}`);
  assert.deepEqual(names, ["./x_bg.js w0", "./x_bg.js w1"]);
  assert.match(glue, /^ {8}w0: function\(arg0, arg1\) \{\n {12}arg0\.appendChild/m);
  assert.match(glue, /^ {8}w1: function\(arg0, arg1\) \{\n {12}throw/m);
  assert.doesNotMatch(glue, /5b9e1c4a7f3d2e10|4c88d8bf264fd984/);
  // The glue's functions, called through the renamed names, are the ones the wasm asked for.
  const imports = new Function(`${glue.replace(/^export default .*$/m, "").replace(/^export /gm, "")}; return __wbg_get_imports();`)();
  const appended = [];
  imports["./x_bg.js"].w0({ appendChild: (c) => appended.push(c) }, "child");
  assert.deepEqual(appended, ["child"]);
});

test("a name the glue mentions twice (or not as a key) stops the build", () => {
  const twice = GLUE.replace("return { \"./x_bg.js\": import0 };", `return { "./x_bg.js": import0, again: "${APPEND}" };`);
  assert.throws(() => shortenImportNames(twice, module()), /named 2 times/);
  assert.throws(() => dropUnusedImports(GLUE.replace(`${THROW}: function`, `"${THROW}": function`), importedNames(module())), /no longer defines/);
});
