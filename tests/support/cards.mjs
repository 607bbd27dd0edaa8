// The talent cards' per-job pseudonyms, computed as the worker does (worker/src/pseudonym.rs)
// with the development key of wrangler.toml's `dev` environment, so tests can find a known
// resident's card. Only a holder of the key can do this: a company never can.
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";

const ROOT = new URL("../..", import.meta.url).pathname;
const toml = readFileSync(`${ROOT}wrangler.toml`, "utf8");
const SECRET = toml.match(/^CARD_PSEUDONYM_KEY = "([^"]+)"/m)[1];
const B32 = "abcdefghijklmnopqrstuvwxyz234567";

const root = createHash("sha256").update(SECRET).digest();
const hmac = (key, ...parts) => {
  const h = createHmac("sha256", key);
  for (const p of parts) h.update(p);
  return h.digest();
};
const kSiv = hmac(root, "musubi card siv");
const kEnc = hmac(root, "musubi card enc");

function base32(bytes) {
  let out = "", acc = 0, bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += B32[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += B32[(acc << (5 - bits)) & 31];
  return out;
}

/** The card id of `residentId` on the job `jobId`. */
export function cardOf(jobId, residentId) {
  const id = Buffer.from(residentId);
  const zero = Buffer.from([0]);
  const siv = hmac(kSiv, Buffer.from(jobId), zero, id).subarray(0, 10);
  const stream = hmac(kEnc, Buffer.from(jobId), zero, siv);
  const ct = Buffer.from(id.map((b, i) => b ^ stream[i]));
  return `c${base32(Buffer.concat([siv, ct]))}`;
}
