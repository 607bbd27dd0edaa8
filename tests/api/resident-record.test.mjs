// The signed skill record: a resident's verified skills (by vocabulary id) and finished work,
// signed ES256 by the server; anyone can check it — with the published public key (here with
// Node's own crypto, as another platform would) or with the verify endpoint — and any change
// breaks the signature. The public link shows the same document; deletion removes it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createPublicKey, verify } from "node:crypto";
import { Client, demoWorld, enrolAndAccept, registerResident } from "../support/client.mjs";
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

  assert.equal((await anonymous.post("/api/v1/records/verify", mine.body)).body.valid, true);
  assert.equal((await anonymous.post("/api/v1/records/verify", { record: forged, signature })).body.valid, false);
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

/** A new resident with data.entry verified by the hub at "experienced" (the first tests' resident is deleted). */
async function verifiedResident(label) {
  const { client, account } = await registerResident(world.server.base, `${label}-${Date.now()}@example.jp`);
  const put = await client.put("/api/v1/me/profile", profileInput({
    skills: [{ task: "data.entry", level: "experienced" }, { task: "sns.post", level: "beginner" }],
  }));
  assert.equal(put.status, 201, JSON.stringify(put.body));
  const verified = await world.hub.post(`/api/v1/residents/${account.id}/verifications`,
    { task: "data.entry", level: "experienced", note: "作業を見学して確認" });
  assert.equal(verified.status, 201, JSON.stringify(verified.body));
  return client;
}

test("a record with a field added, removed or reshaped does not verify", async () => {
  const resident = await verifiedResident("strict");
  const { record, signature } = (await resident.get("/api/v1/me/record")).body;
  const check = async (r) => (await anonymous.post("/api/v1/records/verify", { record: r, signature })).body;
  assert.equal((await check(record)).valid, true);
  assert.equal((await check({ ...record, identity_verified: true })).valid, false, "an added field");
  const { expires_at, ...withoutExpiry } = record;
  assert.ok(expires_at, "a record says until when it is valid");
  assert.equal((await check(withoutExpiry)).valid, false, "a removed field");
  const inner = structuredClone(record);
  inner.skills[0].verified_by_employer = true;
  assert.equal((await check(inner)).valid, false, "a field added inside a skill");
  // Valid for a year from issue.
  assert.equal(new Date(record.expires_at) - new Date(record.issued_at), 365 * 86_400_000);
});

test("a level raised on a verified skill loses the verified mark (profile, card and record)", async () => {
  const resident = await verifiedResident("raise");
  const profile = (await resident.get("/api/v1/me/profile")).body;
  const input = {
    display_name: profile.display_name,
    lives_in: "related",
    skills: profile.skills.map((s) => ({ task: s.task, level: s.task === "data.entry" ? "can_teach" : s.level })),
    hours_per_week: profile.hours_per_week,
    windows: ["weekday_morning", "weekday_daytime", "weekday_evening"],
    devices: "pc",
    wishes: { families: [], min_hourly_yen: "", team_ok: true },
  };
  const put = await resident.put("/api/v1/me/profile", input);
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const skill = (await resident.get("/api/v1/me/profile")).body.skills.find((s) => s.task === "data.entry");
  assert.ok(!(skill.level === "can_teach" && skill.verification), "never a raised level with the mark");
  const { record } = (await resident.get("/api/v1/me/record")).body;
  assert.ok(!record.skills.some((s) => s.task === "data.entry" && s.level === "can_teach"), "the record never signs a raised level as verified");
});

test("a course's verification holds the level claimed when it was finished; a raise is not verified", async () => {
  const email = `course-level-${Date.now()}@example.jp`;
  const { client, account } = await registerResident(world.server.base, email);
  assert.equal((await client.put("/api/v1/me/profile", profileInput({ skills: [{ task: "data.check", level: "beginner" }] }))).status, 201);
  const municipality = (await world.city.get("/api/v1/me")).body.role.municipality;
  const course = await world.city.post("/api/v1/programs", {
    name_ja: `入力チェック講座 ${Date.now()}`, description_ja: "入力の確認を学びます。", municipality,
    kind: "course", certifies: ["data.check"], starts_on: "2026-04-01", ends_on: "2026-04-22", online: true, capacity: 20,
  });
  assert.equal(course.status, 201, JSON.stringify(course.body));
  await enrolAndAccept(world.city, client, course.body.id, email);
  const done = await world.city.post(`/api/v1/programs/${course.body.id}/completions`, { residents: [account.id] });
  assert.equal(done.status, 201, JSON.stringify(done.body));
  const signedLevel = async () => (await client.get("/api/v1/me/record")).body.record.skills.find((s) => s.task === "data.check");
  assert.deepEqual([(await signedLevel()).level, (await signedLevel()).verified_by], ["beginner", "course"]);
  // The resident raises the level: the record never signs "can teach" as course-verified.
  const put = await client.put("/api/v1/me/profile", profileInput({ skills: [{ task: "data.check", level: "can_teach" }] }));
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const after = await signedLevel();
  assert.ok(!after || after.level === "beginner", `signed as ${JSON.stringify(after)}`);
});

test("the holder or the region's hub revokes a record: its link says so and it no longer verifies", async () => {
  const { client } = await registerResident(world.server.base, `revoke-${Date.now()}@example.jp`);
  assert.equal((await client.put("/api/v1/me/profile", profileInput())).status, 201);
  const first = (await client.get("/api/v1/me/record")).body;
  assert.equal((await anonymous.post("/api/v1/records/verify", first)).body.valid, true);
  // Nobody else may revoke it: another resident, a company.
  const resident = await verifiedResident("other");
  assert.equal((await resident.post(`/api/v1/records/${first.record.id}/revocation`)).status, 404);
  assert.equal((await world.company.post(`/api/v1/records/${first.record.id}/revocation`)).status, 404);
  const revoked = await client.post(`/api/v1/records/${first.record.id}/revocation`);
  assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
  assert.equal(revoked.body.by, "holder");
  const shared = await anonymous.get(`/api/v1/records/${first.record.id}`);
  assert.equal(shared.status, 200);
  assert.equal(shared.body.revoked.by, "holder");
  const check = (await anonymous.post("/api/v1/records/verify", { record: first.record, signature: first.signature })).body;
  assert.equal(check.valid, false);
  assert.equal(check.revoked, true);
  assert.equal(check.signature_ok, true, "still musubi's signature, but withdrawn");
  // The holder's next record has a new id; the hub revokes records of its region.
  const second = (await client.get("/api/v1/me/record")).body;
  assert.notEqual(second.record.id, first.record.id);
  const byHub = await world.hub.post(`/api/v1/records/${second.record.id}/revocation`);
  assert.equal(byHub.status, 200, JSON.stringify(byHub.body));
  assert.equal(byHub.body.by, "hub");
});

test("key ids: every signature names its key, and the key set lists it for checking after a rotation", async () => {
  const resident = await verifiedResident("keys");
  const { signature } = (await resident.get("/api/v1/me/record")).body;
  const set = (await anonymous.get("/api/v1/records/keys")).body;
  assert.ok(set.keys.some((k) => k.kid === signature.key_id && !k.d), "the signing key is listed, public part only");
  const { record } = (await resident.get("/api/v1/me/record")).body;
  const unknownKey = (await anonymous.post("/api/v1/records/verify", { record, signature: { ...signature, key_id: "0000000000000000" } })).body;
  assert.equal(unknownKey.valid, false, "a key id musubi never used checks nothing");
});
