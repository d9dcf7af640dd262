import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextDossierCode } from "../../src/app/dossier-code.js";
import { appendEvent, type Actor, verifyChains } from "../../src/app/history.js";
import { enqueue } from "../../src/app/outbox.js";
import { createSession, destroySession, findSession } from "../../src/app/sessions.js";
import { DEFAULT_RULE_SET_CODE } from "../../src/domain/rules.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

const officer: Actor = { kind: "officer", id: null, name: "Trần Thị Bình", ip: "10.0.0.7" };

async function newDossier(t: TestDatabase, p: TestProcedure, ref: string) {
  return t.db
    .insertInto("dossiers")
    .values({
      reference: ref,
      procedure_id: p.procedureId,
      procedure_version_id: p.versionId,
      rule_set_code: DEFAULT_RULE_SET_CODE,
      receiving_unit_id: p.unitId,
      status: 1,
      channel: "online",
      applicant: JSON.stringify({ type: "citizen", name: "Lê Văn Cường" }),
      data: JSON.stringify({}),
      submitted_at: new Date("2026-03-02T01:00:00Z"),
    })
    .returning(["id", "last_event_seq", "last_event_hash"])
    .executeTakeFirstOrThrow();
}

describe("dossier history, codes, outbox and sessions", () => {
  let t: TestDatabase;
  let p: TestProcedure;
  beforeAll(async () => {
    t = await createTestDatabase();
    p = await insertTestProcedure(t.db);
  });
  afterAll(() => t.drop());

  it("chains events, moves the head, and verifies the chain", async () => {
    const head = await newDossier(t, p, "HS-CHAIN001");
    await appendEvent(t.db, head, officer, {
      type: "submitted",
      at: new Date("2026-03-02T01:00:00Z"),
      toStatus: 1,
      data: { channel: "online" },
    });
    await appendEvent(t.db, head, officer, {
      type: "received",
      at: new Date("2026-03-02T02:00:00Z"),
      fromStatus: 1,
      toStatus: 2,
      data: { note: "Đủ hồ sơ" },
    });
    const events = await t.db
      .selectFrom("dossier_events")
      .selectAll()
      .where("dossier_id", "=", head.id)
      .orderBy("seq")
      .execute();
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
    expect(events[0].prev_hash).toBeNull();
    expect(events[1].prev_hash).toBe(events[0].hash);
    expect(events[1].ip).toBe("10.0.0.7");
    const row = await t.db
      .selectFrom("dossiers")
      .select(["last_event_seq", "last_event_hash"])
      .where("id", "=", head.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ last_event_seq: 2, last_event_hash: events[1].hash });
    expect(await verifyChains(t.db, head.id)).toEqual({ checked: 2 });
  });

  it("refuses an append from a stale head instead of forking the chain", async () => {
    const head = await newDossier(t, p, "HS-CHAIN002");
    const stale = { ...head };
    await appendEvent(t.db, head, officer, { type: "submitted", at: new Date(), toStatus: 1 });
    await expect(
      appendEvent(t.db, stale, officer, { type: "received", at: new Date(), toStatus: 2 }),
    ).rejects.toMatchObject({
      status: 409,
      code: "dossier_changed",
    });
    expect(await verifyChains(t.db, head.id)).toEqual({ checked: 1 });
  });

  it("names the first broken link when an event is tampered with", async () => {
    const head = await newDossier(t, p, "HS-CHAIN003");
    for (const [i, type] of ["submitted", "received", "forwarded"].entries())
      await appendEvent(t.db, head, officer, { type, at: new Date(Date.UTC(2026, 2, 2, i)), data: { step: i } });
    await sql`update dossier_events set data = '{"step": 99}' where dossier_id = ${head.id} and seq = 2`.execute(t.db);
    const result = await verifyChains(t.db);
    expect(result.broken).toEqual({ dossierId: head.id, seq: 2, reason: "hash_mismatch" });
    // a deleted event is a gap
    await sql`delete from dossier_events where dossier_id = ${head.id} and seq = 2`.execute(t.db);
    expect((await verifyChains(t.db, head.id)).broken).toEqual({ dossierId: head.id, seq: 2, reason: "sequence_gap" });
  });

  it("gives concurrent receipts distinct, gap-free codes per unit and Vietnamese day", async () => {
    const unit = { id: p.unitId, code: p.unitCode };
    const at = new Date("2026-03-15T16:59:00Z"); // 23:59 on 15/03 in Vietnam
    const codes = await Promise.all(
      Array.from({ length: 60 }, () => t.db.transaction().execute((trx) => nextDossierCode(trx, unit, at))),
    );
    expect(new Set(codes).size).toBe(60);
    const seqs = codes.map((c) => Number(c.slice(-4))).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    for (const c of codes) expect(c).toMatch(/^000\.00\.99\.H99-260315-\d{4}$/);
    // the next Vietnamese day starts again at 0001
    expect(await nextDossierCode(t.db, unit, new Date("2026-03-15T17:00:00Z"))).toBe("000.00.99.H99-260316-0001");
  });

  it("keeps one outbox message per (topic, key)", async () => {
    await enqueue(t.db, { topic: "notify.status", key: "x:1", payload: { a: 1 } });
    await enqueue(t.db, { topic: "notify.status", key: "x:1", payload: { a: 2 } });
    const rows = await t.db.selectFrom("outbox").selectAll().where("key", "=", "x:1").execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].payload).toEqual({ a: 1 });
  });

  it("stores only a hash of the session token and honours expiry and logout", async () => {
    const now = new Date("2026-03-02T01:00:00Z");
    const token = await createSession(t.db, { kind: "citizen", accountId: null, ttlSeconds: 60, now });
    expect(await t.db.selectFrom("sessions").select("id").where("id", "=", token).executeTakeFirst()).toBeUndefined();
    expect(await findSession(t.db, token, "citizen", now)).toBeDefined();
    expect(await findSession(t.db, token, "officer", now)).toBeUndefined();
    expect(await findSession(t.db, token, "citizen", new Date(now.getTime() + 61_000))).toBeUndefined();
    await destroySession(t.db, token);
    expect(await findSession(t.db, token, "citizen", now)).toBeUndefined();
  });
});
