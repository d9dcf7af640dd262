/**
 * The Decision 766 facts of each dossier (issue #6; domain.md §8): recorded in the transaction of the event that
 * changes them (digitised components, electronic result, payment obligation and online payment), read together with
 * the channel, on-time flag, sync and rating in the dossier's sync detail (API and page) and counted in the 766
 * online-payment figure; what motcua cannot know yet is null ("no data"), never zero.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setNationalSyncEnabled } from "../../src/app/national-portal/sync.js";
import { rateDossier, ratingLink } from "../../src/app/ratings.js";
import { runOutboxOnce } from "../../src/jobs/outbox.js";
import { type NationalPortalSandbox, startNationalPortalSandbox } from "../../src/sandboxes/national-portal/server.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { act, as, ok, type Staff, staff, submitOnline, vn } from "./office-fixtures.js";

const CREDS = { username: "H99-lgsp", password: "lgsp-secret", callbackSecret: "cb-facts" };
let sb: NationalPortalSandbox;
let ctx: TestContext;
let p: TestProcedure;
let s: Staff;

beforeAll(async () => {
  sb = await startNationalPortalSandbox({ port: 0, username: CREDS.username, password: CREDS.password });
  ctx = await createTestApp({
    demo: false,
    now: vn("2026-03-02 07:00"),
    config: { nationalPortal: { url: sb.url, ...CREDS, timeoutMs: 5000, pollSeconds: 0, catalogueSyncSeconds: 0 } },
  });
  p = await insertTestProcedure(ctx.deps.db);
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

const factsRow = (id: string) =>
  ctx.deps.db.selectFrom("dossier_facts").selectAll().where("dossier_id", "=", id).executeTakeFirst();
const codeOf = async (id: string) =>
  (await ctx.deps.db.selectFrom("dossiers").select("code").where("id", "=", id).executeTakeFirstOrThrow()).code!;
async function drain() {
  for (let i = 0; i < 200; i++) if ((await runOutboxOnce(ctx.deps)).claimed === 0) break;
}

/** Received and at appraisal in the department, on 2026-03-<day>. */
async function atAppraisal(day: string) {
  ctx.setNow(vn(`2026-03-${day} 07:30`));
  const id = await submitOnline(ctx, p);
  ctx.setNow(vn(`2026-03-${day} 08:00`));
  await ok(ctx, s.receiving, id, "receive");
  ctx.setNow(vn(`2026-03-${day} 08:30`));
  await ok(ctx, s.receiving, id, "forward");
  return id;
}

describe("per-dossier 766 facts", () => {
  it("are recorded as the dossier goes, and read with the channel, on-time flag, sync and rating", async () => {
    const id = await atAppraisal("02");
    expect(await factsRow(id)).toMatchObject({
      components_digitised: 1,
      payment_required: false,
      paid_online: null,
      electronic_result: null,
      // nothing picked from a data warehouse, no registry look-up (issue #7): known, and false
      data_reused: false,
      population_data_used: false,
      e_certified_copies: null,
    });
    ctx.setNow(vn("2026-03-02 09:00"));
    await ok(ctx, s.deptSpecialist, id, "generate_result", { title: "Giấy xác nhận", content: "Xác nhận." });
    expect((await factsRow(id))?.electronic_result).toBe(true);
    await ok(ctx, s.deptSpecialist, id, "request_payment", { amount: 50000, description: "Lệ phí" });
    expect((await factsRow(id))?.payment_required).toBe(true);
    // a refused action changes nothing
    const before = await factsRow(id);
    expect((await act(ctx, s.deptSpecialist, id, "request_payment", { amount: 1, description: "x" })).status).toBe(409);
    expect(await factsRow(id)).toEqual(before);
    ctx.setNow(vn("2026-03-02 09:30"));
    await ok(ctx, s.receiving, id, "confirm_payment", { method: "online", reference: "TT-0001" });
    expect((await factsRow(id))?.paid_online).toBe(true);
    await ok(ctx, s.deptSpecialist, id, "forward");
    ctx.setNow(vn("2026-03-02 10:00"));
    await ok(ctx, s.deptLeader, id, "approve");
    ctx.setNow(vn("2026-03-02 11:00"));
    await ok(ctx, s.receiving, id, "return_result", { method: "online" });
    await rateDossier(ctx.deps, { via: "link", token: ratingLink(ctx.deps, id).split("/").pop()! }, undefined, {
      overall: "very_satisfied",
    });
    await drain();

    const code = await codeOf(id);
    const res = await ctx.app.inject({
      url: `/api/office/national-sync?code=${encodeURIComponent(code)}`,
      headers: await as(ctx, s.supervisor),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0].facts).toEqual({
      channel: "online",
      online: true,
      onTime: "early",
      synced: true,
      componentsDigitised: 1,
      electronicResult: true,
      dataReused: false,
      populationDataUsed: false,
      eCertifiedCopies: null,
      paymentRequired: true,
      paidOnline: true,
      rating: "very_satisfied",
    });
    const page = await ctx.app.inject({
      url: `/office/national-sync?code=${encodeURIComponent(code)}`,
      headers: { ...(await as(ctx, s.supervisor)), accept: "text/html" },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Dữ liệu của hồ sơ cho Bộ chỉ số 766");
    expect(page.body).toMatch(/<dt>Thanh toán trực tuyến<\/dt><dd>Có<\/dd>/);
    expect(page.body).toMatch(/<dt>Tái sử dụng dữ liệu số hóa<\/dt><dd>Không<\/dd>/);
  });

  it("a fee paid at the counter is not paid online; the 766 online-payment figure counts dossiers with an obligation", async () => {
    const MARCH = "kind=month&year=2026&index=3";
    const index = async () => {
      const r = await ctx.app.inject({
        url: `/api/office/reports/index766?${MARCH}&unitId=${p.unitId}`,
        headers: await as(ctx, s.supervisor),
      });
      expect(r.statusCode).toBe(200);
      return r
        .json()
        .index.groups.flatMap((g: any) => g.components)
        .find((c: any) => c.key === "online_payment");
    };
    // the first dossier (paid online) alone: 1 of 1
    expect((await index()).ratio).toMatchObject({ numerator: 1, denominator: 1 });
    const id = await atAppraisal("03");
    ctx.setNow(vn("2026-03-03 09:00"));
    await ok(ctx, s.deptSpecialist, id, "request_payment", { amount: 50000, description: "Lệ phí" });
    // an obligation not paid yet: counted in the denominator, paid online not known yet
    expect(await factsRow(id)).toMatchObject({ payment_required: true, paid_online: null });
    ctx.setNow(vn("2026-03-03 10:00"));
    await ok(ctx, s.receiving, id, "confirm_payment", { method: "counter", reference: "BL-0002" });
    expect(await factsRow(id)).toMatchObject({ payment_required: true, paid_online: false, electronic_result: null });
    const c = await index();
    expect(c).toMatchObject({ status: "scored", ratio: { numerator: 1, denominator: 2 } });
  });

  it("a dossier with no obligation has none; with no dossier received the figure is no data, not zero", async () => {
    const id = await atAppraisal("04");
    expect(await factsRow(id)).toMatchObject({ payment_required: false, paid_online: null });
    const r = await ctx.app.inject({
      url: `/api/office/reports/index766?kind=month&year=2026&index=1&unitId=${p.unitId}`,
      headers: await as(ctx, s.supervisor),
    });
    const c = r
      .json()
      .index.groups.flatMap((g: any) => g.components)
      .find((x: any) => x.key === "online_payment");
    expect(c).toMatchObject({ status: "no_data", points: null });
  });
});
