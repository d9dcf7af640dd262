import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Mailer } from "../../src/adapters/mail/index.js";
import { appendEvent, SYSTEM } from "../../src/app/history.js";
import { enqueue } from "../../src/app/outbox.js";
import { DEFAULT_RULE_SET_CODE } from "../../src/domain/rules.js";
import {
  backoffSeconds,
  type OutboxHandlers,
  requeueFailed,
  runOutboxOnce,
  startOutboxDispatcher,
} from "../../src/jobs/outbox.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";

describe("outbox dispatcher and status notifications", () => {
  let ctx: TestContext;
  let proc: TestProcedure;
  let citizen: TestCitizen;

  beforeAll(async () => {
    ctx = await createTestApp({ demo: false });
    proc = await insertTestProcedure(ctx.deps.db, { name: "Cấp phiếu lý lịch tư pháp" });
    citizen = await loginAsCitizen(ctx, { email: "an.nguyen@example.vn" });
  });
  afterAll(() => ctx.close());
  beforeEach(async () => {
    // Each test starts with an empty queue, an empty mailbox and the real clock.
    await ctx.deps.db.deleteFrom("outbox").execute();
    ctx.mailer.sent.length = 0;
    ctx.setNow(new Date());
  });

  // each dossier its own receipt code (random ones collided now and then: "dossiers_code_key")
  let codes = 0;
  /** A dossier with one status event and its notify.status message, queued in one transaction like the use cases. */
  async function dossierWithEvent(o: {
    applicantEmail?: string | null;
    account?: string | null;
    status?: number;
    code?: string | null;
    dueAt?: Date | null;
    event?: { type: string; data?: Record<string, unknown> };
  }) {
    const now = ctx.deps.now();
    const status = o.status ?? 2;
    return ctx.deps.db.transaction().execute(async (trx) => {
      const d = await trx
        .insertInto("dossiers")
        .values({
          reference: `HS-${randomBytes(4).toString("hex").toUpperCase()}`,
          code: o.code === undefined ? `${proc.unitCode}-260316-${String(++codes).padStart(4, "0")}` : o.code,
          procedure_id: proc.procedureId,
          procedure_version_id: proc.versionId,
          rule_set_code: DEFAULT_RULE_SET_CODE,
          receiving_unit_id: proc.unitId,
          status: status as 2,
          channel: "online",
          applicant_account_id: o.account === undefined ? citizen.id : o.account,
          applicant: JSON.stringify({
            type: "citizen",
            name: "Nguyễn Văn An",
            ...(o.applicantEmail ? { email: o.applicantEmail } : {}),
          }),
          data: JSON.stringify({}),
          submitted_at: now,
          received_at: now,
          due_at: o.dueAt === undefined ? new Date("2026-03-20T10:00:00Z") : o.dueAt,
        })
        .returning(["id", "code", "reference", "last_event_seq", "last_event_hash"])
        .executeTakeFirstOrThrow();
      const { seq } = await appendEvent(
        trx,
        { id: d.id, last_event_seq: d.last_event_seq, last_event_hash: d.last_event_hash },
        SYSTEM,
        {
          type: o.event?.type ?? "received",
          at: new Date("2026-03-16T02:05:00Z"),
          fromStatus: 1,
          toStatus: status,
          data: o.event?.data,
        },
      );
      await enqueue(trx, {
        topic: "notify.status",
        key: `${d.id}:${seq}`,
        dossierId: d.id,
        payload: { dossierId: d.id, status, seq },
      });
      return { ...d, seq };
    });
  }

  const outboxRow = (dossierId: string) =>
    ctx.deps.db.selectFrom("outbox").selectAll().where("dossier_id", "=", dossierId).executeTakeFirstOrThrow();

  it("is vacuumed and analysed every few thousand changes, whatever its size (a queue's dead rows)", async () => {
    const r = await sql<{
      reloptions: string[] | null;
    }>`select reloptions from pg_class where relname = 'outbox'`.execute(ctx.deps.db);
    expect(r.rows[0]?.reloptions).toEqual(
      expect.arrayContaining(["autovacuum_vacuum_scale_factor=0", "autovacuum_vacuum_threshold=5000"]),
    );
  });

  it("e-mails the applicant once, in Vietnamese, for a notify.status message", async () => {
    const d = await dossierWithEvent({ applicantEmail: "nguoinop@example.vn" });
    const r = await runOutboxOnce(ctx.deps);
    expect(r).toEqual({ claimed: 1, done: 1, retried: 0, failed: 0 });
    expect(ctx.mailer.sent).toHaveLength(1);
    const m = ctx.mailer.sent[0];
    expect(m.to).toBe("nguoinop@example.vn");
    expect(m.subject).toBe(`Hồ sơ ${d.code}: Được tiếp nhận`);
    expect(m.text).toContain("Kính gửi Ông/Bà Nguyễn Văn An,");
    expect(m.text).toContain("Hồ sơ của Ông/Bà đã chuyển sang trạng thái: Được tiếp nhận.");
    expect(m.text).toContain("Thủ tục: Cấp phiếu lý lịch tư pháp");
    expect(m.text).toContain(`Mã hồ sơ: ${d.code}`);
    // 10:00 UTC is 17:00 in Vietnam.
    expect(m.text).toContain("Hạn trả kết quả: 17:00 ngày 20/03/2026");
    expect(m.text).toContain("Thời điểm: 09:05 ngày 16/03/2026");
    expect(m.text).toContain(`Xem chi tiết hồ sơ: http://localhost:3000/ho-so-cua-toi/${d.id}`);
    expect(m.messageId).toMatch(/^<outbox-\d+\..+@localhost>$/);

    const row = await outboxRow(d.id);
    expect(row.done_at).toBeInstanceOf(Date);
    expect(row.attempts).toBe(1);
    expect(row.locked_until).toBeNull();
    expect(row.last_error).toBeNull();

    // Dispatching again, or queuing the same message again, sends nothing more.
    expect((await runOutboxOnce(ctx.deps)).claimed).toBe(0);
    await enqueue(ctx.deps.db, {
      topic: "notify.status",
      key: `${d.id}:${d.seq}`,
      dossierId: d.id,
      payload: { dossierId: d.id, status: 2, seq: d.seq },
    });
    expect((await runOutboxOnce(ctx.deps)).claimed).toBe(0);
    expect(ctx.mailer.sent).toHaveLength(1);
  });

  it("falls back to the account's e-mail, uses the reference before a code exists, and skips when nobody has one", async () => {
    const d = await dossierWithEvent({ status: 1, code: null });
    await runOutboxOnce(ctx.deps);
    expect(ctx.mailer.sent).toHaveLength(1);
    expect(ctx.mailer.sent[0].to).toBe("an.nguyen@example.vn");
    expect(ctx.mailer.sent[0].subject).toBe(`Hồ sơ ${d.reference}: Mới đăng ký`);
    expect(ctx.mailer.sent[0].text).toContain(`Số tham chiếu: ${d.reference}`);

    const counter = await dossierWithEvent({ account: null });
    const r = await runOutboxOnce(ctx.deps);
    expect(r.done).toBe(1);
    expect(ctx.mailer.sent).toHaveLength(1);
    expect((await outboxRow(counter.id)).done_at).toBeInstanceOf(Date);
  });

  it("tells the applicant about an extended deadline with the reason and the new date", async () => {
    await dossierWithEvent({
      status: 4,
      event: {
        type: "deadline_extended",
        data: {
          reason: "Cần xác minh thêm thông tin tại cơ quan khác",
          previousDueAt: "2026-03-20T10:00:00.000Z",
          newDueAt: "2026-03-25T10:00:00.000Z",
        },
      },
    });
    await runOutboxOnce(ctx.deps);
    const m = ctx.mailer.sent[0];
    expect(m.subject).toMatch(/: gia hạn thời gian giải quyết$/);
    expect(m.text).toContain("Hạn trả kết quả cũ: 17:00 ngày 20/03/2026");
    expect(m.text).toContain("Hạn trả kết quả mới: 17:00 ngày 25/03/2026");
    expect(m.text).toContain("Lý do: Cần xác minh thêm thông tin tại cơ quan khác");
  });

  it("retries a failed send with backoff, keeping the error, and sends exactly once when it works", async () => {
    const d = await dossierWithEvent({ applicantEmail: "nguoinop@example.vn" });
    const real = ctx.deps.mailer;
    let calls = 0;
    const down: Mailer = {
      async send() {
        calls++;
        throw new Error("421 SMTP service not available");
      },
      close() {},
    };
    ctx.deps.mailer = down;
    try {
      expect(await runOutboxOnce(ctx.deps)).toEqual({ claimed: 1, done: 0, retried: 1, failed: 0 });
    } finally {
      ctx.deps.mailer = real;
    }
    expect(calls).toBe(1);
    const failed = await outboxRow(d.id);
    expect(failed.done_at).toBeNull();
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toBe("Error: 421 SMTP service not available");
    expect(failed.locked_until).toBeNull();
    const delay = (failed.available_at.getTime() - Date.now()) / 1000;
    expect(delay).toBeGreaterThan(5);
    expect(delay).toBeLessThanOrEqual(30);

    // Not due yet: nothing happens.
    expect((await runOutboxOnce(ctx.deps)).claimed).toBe(0);
    expect(ctx.mailer.sent).toHaveLength(0);

    ctx.setNow(new Date(failed.available_at.getTime() + 1000));
    expect(await runOutboxOnce(ctx.deps)).toEqual({ claimed: 1, done: 1, retried: 0, failed: 0 });
    expect(ctx.mailer.sent).toHaveLength(1);
    const done = await outboxRow(d.id);
    expect(done.attempts).toBe(2);
    expect(done.done_at).toBeInstanceOf(Date);
    expect(done.last_error).toBeNull();
    ctx.setNow(new Date(Date.now() + 24 * 3600 * 1000));
    expect((await runOutboxOnce(ctx.deps)).claimed).toBe(0);
    expect(ctx.mailer.sent).toHaveLength(1);
  });

  it("backs off exponentially up to a cap, then keeps the message as failed until requeued", async () => {
    expect([1, 2, 3, 4].map((n) => backoffSeconds(n))).toEqual([30, 60, 120, 240]);
    expect(backoffSeconds(20)).toBe(3600);

    await enqueue(ctx.deps.db, { topic: "test.flaky", key: "k1", payload: { n: 1 } });
    let runs = 0;
    const handlers: OutboxHandlers = {
      "test.flaky": async () => {
        runs++;
        throw new Error(`still failing (${runs})`);
      },
    };
    const opts = { maxAttempts: 3, backoffBaseSeconds: 10, backoffCapSeconds: 15 };
    const row = () => ctx.deps.db.selectFrom("outbox").selectAll().where("key", "=", "k1").executeTakeFirstOrThrow();
    let t = Date.now();
    const delays: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const r = await runOutboxOnce(ctx.deps, handlers, opts);
      expect(r.claimed).toBe(1);
      const after = await row();
      expect(after.attempts).toBe(i);
      expect(after.last_error).toBe(`Error: still failing (${i})`);
      if (i < 3) {
        expect(r.retried).toBe(1);
        delays.push(Math.round((after.available_at.getTime() - Math.max(t, Date.now())) / 1000));
        t = after.available_at.getTime() + 1;
        ctx.setNow(new Date(t));
      } else {
        expect(r.failed).toBe(1);
        expect(after.failed_at).toBeInstanceOf(Date);
      }
    }
    expect(delays[0]).toBeGreaterThanOrEqual(9);
    expect(delays[0]).toBeLessThanOrEqual(10);
    expect(delays[1]).toBeGreaterThanOrEqual(14);
    expect(delays[1]).toBeLessThanOrEqual(15);
    // Failed for good: never picked again by itself.
    ctx.setNow(new Date(Date.now() + 30 * 24 * 3600 * 1000));
    expect((await runOutboxOnce(ctx.deps, handlers, opts)).claimed).toBe(0);
    expect(runs).toBe(3);

    expect(await requeueFailed(ctx.deps)).toBe(1);
    const ok: OutboxHandlers = { "test.flaky": async () => {} };
    expect(await runOutboxOnce(ctx.deps, ok, opts)).toMatchObject({ claimed: 1, done: 1 });
    const final = await row();
    expect(final.failed_at).toBeNull();
    expect(final.done_at).toBeInstanceOf(Date);
  });

  it("records a message whose topic has no handler as an error", async () => {
    await enqueue(ctx.deps.db, { topic: "nobody.listens", key: "x", payload: {} });
    const r = await runOutboxOnce(ctx.deps, {});
    expect(r.retried).toBe(1);
    const row = await ctx.deps.db.selectFrom("outbox").selectAll().where("key", "=", "x").executeTakeFirstOrThrow();
    expect(row.last_error).toBe('no handler for topic "nobody.listens"');
  });

  it("leaves a leased row alone, and takes it back when its dispatcher died", async () => {
    await enqueue(ctx.deps.db, { topic: "test.count", key: "leased", payload: {} });
    await enqueue(ctx.deps.db, { topic: "test.count", key: "orphan", payload: {} });
    await ctx.deps.db
      .updateTable("outbox")
      .set({ locked_until: sql`now() + interval '5 minutes'`, attempts: 1 })
      .where("key", "=", "leased")
      .execute();
    await ctx.deps.db
      .updateTable("outbox")
      .set({ locked_until: sql`now() - interval '1 second'`, attempts: 1 })
      .where("key", "=", "orphan")
      .execute();
    const seen: string[] = [];
    const r = await runOutboxOnce(ctx.deps, {
      "test.count": async (row) => {
        seen.push(row.key);
      },
    });
    expect(r.claimed).toBe(1);
    expect(seen).toEqual(["orphan"]);
  });

  it("lets racing dispatchers claim every row exactly once", async () => {
    const n = 40;
    for (let i = 0; i < n; i++) await enqueue(ctx.deps.db, { topic: "test.count", key: `r${i}`, payload: { i } });
    const handled = new Map<string, number>();
    const handlers: OutboxHandlers = {
      "test.count": async (row) => {
        handled.set(row.key, (handled.get(row.key) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 2));
      },
    };
    const worker = async () => {
      let claimed = 0;
      for (;;) {
        const r = await runOutboxOnce(ctx.deps, handlers, { batchSize: 3 });
        if (r.claimed === 0) return claimed;
        claimed += r.claimed;
      }
    };
    const counts = await Promise.all([worker(), worker(), worker(), worker()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
    expect(handled.size).toBe(n);
    expect([...handled.values()].every((c) => c === 1)).toBe(true);
    const left = await ctx.deps.db.selectFrom("outbox").select("id").where("done_at", "is", null).execute();
    expect(left).toHaveLength(0);
  });

  it("runs as a polling loop that can be stopped", async () => {
    const d = await dossierWithEvent({ applicantEmail: "loop@example.vn" });
    const log = { error: vi.fn(), warn: vi.fn() };
    const dispatcher = startOutboxDispatcher(ctx.deps, log, { intervalMs: 20 });
    try {
      await vi.waitFor(() => expect(ctx.mailer.sent).toHaveLength(1), { timeout: 20_000, interval: 20 });
    } finally {
      await dispatcher.stop();
    }
    expect(ctx.mailer.sent[0].to).toBe("loop@example.vn");
    expect((await outboxRow(d.id)).done_at).toBeInstanceOf(Date);
    expect(log.error).not.toHaveBeenCalled();
    // Stopped: a new message stays queued.
    const later = await dossierWithEvent({ applicantEmail: "later@example.vn" });
    await new Promise((r) => setTimeout(r, 100));
    expect((await outboxRow(later.id)).done_at).toBeNull();
  });
});
