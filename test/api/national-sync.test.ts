/**
 * Outbound sync with the National Public Service Portal (issue #6) against the portal SANDBOX (a separate HTTP
 * server): every status change and hand-over pushed in order, through the outbox; the portal down, erroring, timing
 * out or slow for an hour while officers keep working; a crash in the middle of a push; two dispatchers at once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LgspClient } from "../../src/adapters/national-portal/client.js";
import type { Deps } from "../../src/app/deps.js";
import type { NationalPortalPort } from "../../src/app/national-portal/port.js";
import { setNationalSyncEnabled } from "../../src/app/national-portal/sync.js";
import { runOutboxOnce } from "../../src/jobs/outbox.js";
import { type NationalPortalSandbox, startNationalPortalSandbox } from "../../src/sandboxes/national-portal/server.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { eventsOf, ok, type Staff, staff, submitOnline, vn } from "./office-fixtures.js";

let sb: NationalPortalSandbox;
let ctx: TestContext;
let p: TestProcedure;
let s: Staff;
const CREDS = { username: "H99-lgsp", password: "lgsp-secret", callbackSecret: "cb-secret" };

beforeAll(async () => {
  sb = await startNationalPortalSandbox({ port: 0, username: CREDS.username, password: CREDS.password });
  ctx = await createTestApp({
    demo: false,
    now: vn("2027-03-01 07:00"),
    config: {
      nationalPortal: { url: sb.url, ...CREDS, timeoutMs: 400, pollSeconds: 0, catalogueSyncSeconds: 0 },
    },
  });
  p = await insertTestProcedure(ctx.deps.db);
  // The test procedure's local code is unknown nationally: the override column maps it to a national code.
  await ctx.deps.db
    .updateTable("procedures")
    .set({ portal_code: "1.001193" })
    .where("id", "=", p.procedureId)
    .execute();
  s = await staff(ctx, p);
  await setNationalSyncEnabled(ctx.deps.db, true);
});
afterAll(async () => {
  await ctx.close();
  await sb.close();
});
beforeEach(async () => {
  sb.setFault("none");
  await fetch(`${sb.url}/sandbox/state`, { method: "DELETE" });
  ctx.deps.nationalPortal = undefined;
});

/** Runs the outbox until nothing is due at the current clock; returns the passes' results. */
async function drain(deps: Deps = ctx.deps) {
  const results = [];
  for (let i = 0; i < 200; i++) {
    const r = await runOutboxOnce(deps);
    results.push(r);
    if (r.claimed === 0) break;
  }
  return results;
}

const syncRow = (id: string) =>
  ctx.deps.db.selectFrom("national_sync").selectAll().where("dossier_id", "=", id).executeTakeFirstOrThrow();
const atPortal = (code: string) => sb.state().dossiers.find((d) => d.dossier.MaHoSo === code);
const codeOf = async (id: string) =>
  (await ctx.deps.db.selectFrom("dossiers").select("code").where("id", "=", id).executeTakeFirstOrThrow()).code!;

/** Online dossier received, handed to the department, appraised, approved and returned: 1 → 2 → 4 → 9 → 10. */
async function wholeLife(start: string) {
  const day = start.slice(0, 10);
  ctx.setNow(vn(`${day} 07:55`));
  const id = await submitOnline(ctx, p);
  ctx.setNow(vn(`${day} 08:00`));
  await ok(ctx, s.receiving, id, "receive");
  ctx.setNow(vn(`${day} 09:00`));
  await ok(ctx, s.receiving, id, "forward");
  ctx.setNow(vn(`${day} 10:00`));
  await ok(ctx, s.deptSpecialist, id, "generate_result", { title: "Giấy xác nhận", content: "Xác nhận." });
  await ok(ctx, s.deptSpecialist, id, "forward");
  ctx.setNow(vn(`${day} 14:00`));
  await ok(ctx, s.deptLeader, id, "approve");
  ctx.setNow(vn(`${day} 16:00`));
  await ok(ctx, s.receiving, id, "return_result", { method: "online" });
  return id;
}

describe("outbound sync: every status change and hand-over, in order", () => {
  it("pushes the dossier at receipt, each status change, each hand-over as a step (MaTienDo = event id)", async () => {
    const id = await wholeLife("2027-03-01");
    const code = await codeOf(id);
    // Nothing reached the portal during the officers' actions: it all waits in the outbox.
    expect(atPortal(code)).toBeUndefined();
    const before = await syncRow(id);
    expect(before).toMatchObject({ delivered_seq: 0, target_seq: 7, first_pushed: false });
    expect(before.pending_since).toEqual(vn("2027-03-01 07:55"));

    await drain();
    const got = atPortal(code)!;
    expect(got.statuses.map((x) => x.status)).toEqual([2, 4, 9, 10]);
    expect(got.dossier).toMatchObject({
      MaHoSo: code,
      MaTTHC: "1.001193",
      KenhThucHien: 2,
      ChuHoSo: "Nguyễn Văn An",
      LoaiDoiTuong: 1,
      MaDoiTuong: "001090012345",
      TrangThaiHoSo: 10,
      NgayTiepNhan: "20270301080000",
      NgayTra: "20270301160000",
      DonViXuLy: p.unitCode,
      TraKetQuaQuaBuuChinh: false,
    });
    const file = await ctx.deps.db
      .selectFrom("dossier_files as df")
      .innerJoin("files as f", "f.id", "df.file_id")
      .select(["f.sha256", "f.name"])
      .where("df.dossier_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(got.dossier.TaiLieuNop).toEqual([
      { MaThanhPhan: "TK", TenTepDinhKem: file.name, SHA256: file.sha256, SoHoa: true },
    ]);
    const evs = await eventsOf(ctx, id);
    const handovers = evs.filter((e) => (e.data as { handover?: unknown }).handover);
    expect(handovers.map((e) => e.type)).toEqual(["handed_over", "handed_over", "processed"]);
    expect(got.steps.map((x) => x.MaTienDo)).toEqual(handovers.map((e) => String(e.id)));
    expect(got.steps.map((x) => [x.NguoiXuLy, x.TrangThai, x.ThoiDiemXuLy])).toEqual([
      ["Trần Thị Bình", 4, "20270301090000"],
      [handovers[1].actor_name, 4, "20270301100000"],
      [handovers[2].actor_name, 9, "20270301140000"],
    ]);
    expect(got.steps[0].PhongBanXuLy).toBeTruthy();
    const after = await syncRow(id);
    expect(after).toMatchObject({
      delivered_seq: 7,
      first_pushed: true,
      synced_status: 10,
      pending_since: null,
      last_error: null,
      failures: 0,
      locked_until: null,
    });
    expect(after.last_synced_at).toBeInstanceOf(Date);
    // The portal refused nothing: no impossible transition, no duplicate.
    expect(sb.state().calls.filter((c) => c.error_code !== "0")).toEqual([]);
    // The portal's own look-up agrees.
    const client = new LgspClient({ url: sb.url, username: CREDS.username, password: CREDS.password });
    const looked = await client.lookupDossier(code);
    expect(looked?.LichSuTrangThai.map((x) => x.status)).toEqual([2, 4, 9, 10]);
    expect(await client.lookupDossier("000.00.99.H99-270301-9999")).toBeUndefined();
  });

  it("queues nothing while the province is not connected", async () => {
    await setNationalSyncEnabled(ctx.deps.db, false);
    try {
      ctx.setNow(vn("2027-03-02 07:55"));
      const id = await submitOnline(ctx, p);
      ctx.setNow(vn("2027-03-02 08:00"));
      await ok(ctx, s.receiving, id, "receive");
      const rows = await ctx.deps.db
        .selectFrom("outbox")
        .select("topic")
        .where("dossier_id", "=", id)
        .where("topic", "=", "national.sync")
        .execute();
      expect(rows).toEqual([]);
      expect(
        await ctx.deps.db.selectFrom("national_sync").selectAll().where("dossier_id", "=", id).executeTakeFirst(),
      ).toBeUndefined();
    } finally {
      await setNationalSyncEnabled(ctx.deps.db, true);
    }
  });
});

describe("outbound sync: faults", () => {
  const modes = [
    ["unavailable", "2027-03-15"],
    ["error", "2027-03-16"],
    ["timeout", "2027-03-17"],
  ] as const;
  for (const [mode, day] of modes) {
    it(`portal ${mode} for an hour: officers keep working, nothing lost, delivered in order afterwards`, async () => {
      sb.setFault(mode);
      const t0 = vn(`${day} 07:00`);
      const ids: string[] = [];
      // Two dossiers go through their whole life while the portal is out; the dispatcher tries every 5 minutes.
      ids.push(await wholeLife(day));
      ids.push(await wholeLife(day));
      for (let m = 0; m <= 60; m += 5) {
        ctx.setNow(new Date(t0.getTime() + (9 * 60 + m) * 60_000));
        await drain();
      }
      for (const id of ids) {
        const r = await syncRow(id);
        // The submission event (before the dossier had its code) needs no push; nothing else was delivered.
        expect(r.delivered_seq).toBe(1);
        expect(r.last_error).toMatch(mode === "timeout" ? /^TIMEOUT/ : /^(UNAVAILABLE|SYSTEM_ERROR)/);
        expect(r.failures).toBeGreaterThan(1);
        expect(atPortal(await codeOf(id))).toBeUndefined();
      }
      // Nothing given up for good.
      const failed = await ctx.deps.db
        .selectFrom("outbox")
        .select("id")
        .where("topic", "=", "national.sync")
        .where("failed_at", "is not", null)
        .execute();
      expect(failed).toEqual([]);

      sb.setFault("none");
      // Backoff is capped at 10 minutes: everything is due again by then.
      ctx.setNow(new Date(t0.getTime() + (9 * 60 + 71) * 60_000));
      await drain();
      for (const id of ids) {
        const got = atPortal(await codeOf(id))!;
        expect(got.statuses.map((x) => x.status)).toEqual([2, 4, 9, 10]);
        expect(got.steps).toHaveLength(3);
        expect(await syncRow(id)).toMatchObject({ delivered_seq: 7, pending_since: null, last_error: null });
      }
      expect(sb.state().calls.filter((c) => c.error_code !== "0")).toEqual([]);
      const left = await ctx.deps.db
        .selectFrom("outbox")
        .select("id")
        .where("topic", "=", "national.sync")
        .where("done_at", "is", null)
        .execute();
      expect(left).toEqual([]);
    });
  }

  it("a slow portal (answers within the timeout) gets everything in order", async () => {
    sb.setFault("slow", 150);
    const id = await wholeLife("2027-03-22");
    await drain();
    expect(atPortal(await codeOf(id))!.statuses.map((x) => x.status)).toEqual([2, 4, 9, 10]);
  });

  it("two dispatchers at once never push one dossier out of order", async () => {
    const ids = [await wholeLife("2027-03-23"), await wholeLife("2027-03-23"), await wholeLife("2027-03-23")];
    for (let i = 0; i < 20; i++) {
      const [a, b] = await Promise.all([
        runOutboxOnce(ctx.deps, undefined, { batchSize: 3 }),
        runOutboxOnce(ctx.deps, undefined, { batchSize: 3 }),
      ]);
      if (a.claimed + b.claimed === 0) {
        // Rows told to come back (another dispatcher held the dossier) are due a few seconds later.
        ctx.setNow(new Date(ctx.deps.now().getTime() + 10_000));
        const c = await runOutboxOnce(ctx.deps);
        if (c.claimed === 0) break;
      }
    }
    for (const id of ids) {
      const got = atPortal(await codeOf(id))!;
      expect(got.statuses.map((x) => x.status)).toEqual([2, 4, 9, 10]);
      expect(got.steps).toHaveLength(3);
    }
    expect(sb.state().calls.filter((c) => c.error_code !== "0")).toEqual([]);
  });

  it("a crash in the middle of a push: delivered once after restart", async () => {
    ctx.setNow(vn("2027-03-24 07:55"));
    const id = await submitOnline(ctx, p);
    ctx.setNow(vn("2027-03-24 08:00"));
    await ok(ctx, s.receiving, id, "receive");
    ctx.setNow(vn("2027-03-24 09:00"));
    await ok(ctx, s.receiving, id, "forward");
    const code = await codeOf(id);

    // The process "dies" right after the portal took the first push: the call never returns.
    const real = new LgspClient({ url: sb.url, username: CREDS.username, password: CREDS.password });
    let kill: (e: Error) => void = () => {};
    const dying = new Proxy(real, {
      get(target, key) {
        if (key === "pushDossier")
          return async (nd: Parameters<NationalPortalPort["pushDossier"]>[0], isUpdating: boolean) => {
            await target.pushDossier(nd, isUpdating);
            await new Promise((_, reject) => {
              kill = reject;
            });
          };
        const v = Reflect.get(target, key);
        return typeof v === "function" ? v.bind(target) : v;
      },
    }) as NationalPortalPort;
    const crashedDeps: Deps = { ...ctx.deps, nationalPortal: dying };
    const stuck = runOutboxOnce(crashedDeps, undefined, { handlerTimeoutSeconds: 3600 });
    for (let i = 0; i < 200 && !atPortal(code); i++) await new Promise((r) => setTimeout(r, 10));
    expect(atPortal(code)?.statuses.map((x) => x.status)).toEqual([2]);
    // The submission event (before the dossier had its code) needed no push; the receipt's push is not recorded.
    expect((await syncRow(id)).delivered_seq).toBe(1);

    // "Restart": a new process (a fresh client) after the leases ran out.
    ctx.setNow(vn("2027-03-24 09:10"));
    const restarted: Deps = {
      ...ctx.deps,
      nationalPortal: new LgspClient({ url: sb.url, username: CREDS.username, password: CREDS.password }),
    };
    await drain(restarted);
    const got = atPortal(code)!;
    expect(got.statuses.map((x) => x.status)).toEqual([2, 4]);
    expect(got.steps).toHaveLength(1);
    expect(await syncRow(id)).toMatchObject({ delivered_seq: 3, synced_status: 4, pending_since: null });
    // The first push was answered DOSSIER_DUPLICATE after the restart (it had been delivered) and not pushed anew.
    expect(
      sb
        .state()
        .calls.filter((c) => c.error_code !== "0")
        .map((c) => c.error_code),
    ).toEqual(["DOSSIER_DUPLICATE"]);

    // The dead process's handler finally returns: it no longer holds anything and changes nothing.
    kill(new Error("process gone"));
    await stuck;
    expect(await syncRow(id)).toMatchObject({ delivered_seq: 3, last_error: null });
    const rows = await ctx.deps.db
      .selectFrom("outbox")
      .select(["done_at"])
      .where("dossier_id", "=", id)
      .where("topic", "=", "national.sync")
      .execute();
    expect(rows.every((r) => r.done_at !== null)).toBe(true);
  });

  it("re-logs in when the portal forgets the session", async () => {
    const client = new LgspClient({ url: sb.url, username: CREDS.username, password: CREDS.password });
    ctx.deps.nationalPortal = client;
    const a = await wholeLife("2027-03-25");
    await drain();
    expect(client.logins).toBe(1);
    // The sandbox restarts: every session is gone.
    await sb.close();
    sb = await startNationalPortalSandbox({
      port: Number(new URL(sb.url).port),
      username: CREDS.username,
      password: CREDS.password,
    });
    const b = await wholeLife("2027-03-26");
    await drain();
    expect(client.logins).toBe(2);
    expect(atPortal(await codeOf(b))!.statuses.map((x) => x.status)).toEqual([2, 4, 9, 10]);
    expect(atPortal(await codeOf(a))).toBeUndefined();
  });
});

describe("a procedure withdrawn nationally (catalogue update)", () => {
  it("a dossier received before the withdrawal is still synced to its end; one received after is refused and shown failing", async () => {
    const withdrawn = "1.001022";
    await ctx.deps.db
      .updateTable("procedures")
      .set({ portal_code: withdrawn })
      .where("id", "=", p.procedureId)
      .execute();
    try {
      // received in November, the procedure withdrawn on 01/12/2026 (the sandbox's December snapshot)
      ctx.setNow(vn("2026-11-20 07:55"));
      const before = await submitOnline(ctx, p);
      ctx.setNow(vn("2026-11-20 08:00"));
      await ok(ctx, s.receiving, before, "receive");
      ctx.setNow(vn("2026-12-02 07:55"));
      const after = await submitOnline(ctx, p);
      ctx.setNow(vn("2026-12-02 08:00"));
      await ok(ctx, s.receiving, after, "receive");
      sb.setSnapshot("2026-12");
      await drain();
      expect(atPortal(await codeOf(before))!.dossier).toMatchObject({ MaTTHC: withdrawn, TrangThaiHoSo: 2 });
      ctx.setNow(vn("2026-12-02 09:00"));
      await ok(ctx, s.receiving, before, "forward");
      await drain();
      expect(atPortal(await codeOf(before))!.statuses.map((x) => x.status)).toEqual([2, 4]);
      // the one received after the withdrawal: the portal refuses it, the sync health shows why
      expect(atPortal(await codeOf(after))).toBeUndefined();
      expect((await syncRow(after)).last_error).toMatch(/^TTHC_WITHDRAWN: Thủ tục “1\.001022” đã bị bãi bỏ/);
    } finally {
      sb.setSnapshot("2026-11");
      await ctx.deps.db
        .updateTable("procedures")
        .set({ portal_code: "1.001193" })
        .where("id", "=", p.procedureId)
        .execute();
    }
  });
});
