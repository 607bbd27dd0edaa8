// The signed skill record: a resident's verified skills (by vocabulary id) and finished work,
// signed ES256 by the server; anyone can check it — with the published public key (here with
// Node's own crypto, as another platform would) or with the verify endpoint — and any change
// breaks the signature. The public link shows the same document; deletion removes it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createPublicKey, verify } from "node:crypto";
import { Client, demoWorld, registerResident } from "../support/client.mjs";
import { profileInput } from "../support/fixtures.mjs";

let world, resident, anonymous;
before(async () => {
  world = await demoWorld();
  anonymous = world.anonymous;
  ({ client: resident } = await registerResident(world.server.base, "record@example.jp"));
  const put = await resident.put("/api/v1/me/profile", profileInput({
    skills: [{ task: "data.entry", level: "experienced" }, { task: "sns.post", level: "beginner" }],
  }));
  assert.ok([200, 201].includes(put.status), JSON.stringify(put.body));
  const me = (await resident.get("/api/v1/me")).body;
  const verified = await world.hub.post(`/api/v1/residents/${me.id}/verifications`,
    { task: "data.entry", level: "experienced", note: "作業を見学して確認" });
  assert.equal(verified.status, 201, JSON.stringify(verified.body));
});
after(async () => { await world?.server.dispose(); });

/** The canonical form an outside verifier rebuilds: JSON with sorted keys, no whitespace. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

test("my record lists only verified skills, by vocabulary id, signed so that anyone can check it", async () => {
  const mine = await resident.get("/api/v1/me/record");
  assert.equal(mine.status, 200, JSON.stringify(mine.body));
  const { record, signature } = mine.body;
  assert.deepEqual(record.skills.map((s) => [s.task, s.level, s.verified_by]), [["data.entry", "experienced", "hub"]]);
  assert.ok(record.skills[0].name.ja && record.skills[0].name.en);
  assert.deepEqual(record.finished_work, []);
  assert.equal(signature.algorithm, "ES256");

  const jwk = (await anonymous.get("/api/v1/records/public-key")).body;
  assert.equal(jwk.kid, signature.key_id);
  assert.equal(jwk.d, undefined, "the private part is never published");
  const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: "jwk" });
  const sig = Buffer.from(signature.value, "hex");
  const ok = verify("sha256", Buffer.from(canonical(record)), { key, dsaEncoding: "ieee-p1363" }, sig);
  assert.equal(ok, true, "Node verifies the server's signature with the public key alone");

  const forged = structuredClone(record);
  forged.skills[0].level = "can_teach";
  assert.equal(verify("sha256", Buffer.from(canonical(forged)), { key, dsaEncoding: "ieee-p1363" }, sig), false);

  assert.deepEqual((await anonymous.post("/api/v1/records/verify", mine.body)).body, { valid: true });
  assert.deepEqual((await anonymous.post("/api/v1/records/verify", { record: forged, signature })).body, { valid: false });
});

test("the shareable link shows the same signed record to anyone, and deletion removes it", async () => {
  const mine = (await resident.get("/api/v1/me/record")).body;
  const again = (await resident.get("/api/v1/me/record")).body;
  assert.equal(again.record.id, mine.record.id, "one record id per resident");
  const shared = await new Client(world.server.base).get(`/api/v1/records/${mine.record.id}`);
  assert.equal(shared.status, 200);
  assert.deepEqual(shared.body, again);
  assert.equal((await world.company.get("/api/v1/me/record")).status, 403);

  const deleted = await resident.delete("/api/v1/me", { body: { confirm: "DELETE" } });
  assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
  assert.equal((await anonymous.get(`/api/v1/records/${mine.record.id}`)).status, 404);
});
