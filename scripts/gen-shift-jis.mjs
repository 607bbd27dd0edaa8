// Writes domain/data/shift_jis.bin, the two-byte part of Shift_JIS as the WHATWG Encoding
// Standard encodes it (index jis0208 without pointers 8272–8835, the first pointer for each code
// point, no private use): for each pointer 0..11104, the code point it stands for (0: none) as
// a little-endian u16 delta from the previous pointer's, so that the worker's gzip carries it in
// about 11 KB. Read by domain::fair_work::shift_jis. Generated once from Node's own decoder:
//   node scripts/gen-shift-jis.mjs
import { writeFileSync } from "node:fs";

const POINTERS = 11104;
const decoder = new TextDecoder("shift_jis", { fatal: true });
const points = new Uint16Array(POINTERS);
const seen = new Set();
for (let pointer = 0; pointer < POINTERS; pointer++) {
  if (pointer >= 8272 && pointer <= 8835) continue;
  const lead = Math.floor(pointer / 188);
  const trail = pointer % 188;
  const bytes = [lead + (lead < 0x1f ? 0x81 : 0xc1), trail + (trail < 0x3f ? 0x40 : 0x41)];
  let text;
  try {
    text = decoder.decode(new Uint8Array(bytes));
  } catch {
    continue;
  }
  const cp = text.codePointAt(0);
  if (text.length !== 1 || (cp >= 0xe000 && cp <= 0xf8ff) || seen.has(cp)) continue;
  seen.add(cp);
  points[pointer] = cp;
}
const buf = Buffer.alloc(POINTERS * 2);
let previous = 0;
points.forEach((cp, i) => {
  buf.writeUInt16LE((cp - previous) & 0xffff, i * 2);
  previous = cp;
});
writeFileSync(new URL("../domain/data/shift_jis.bin", import.meta.url), buf);
console.log(`${seen.size} code points in ${POINTERS} pointers, ${buf.length} bytes`);
