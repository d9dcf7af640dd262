/**
 * Reports (issue #8): form II.06a for a month with hand-counted figures, the dossiers behind each cell, the Excel
 * workbook read back, the Decision 766 index with numerators and denominators and "no data", and who may see what.
 */
import { execFileSync } from "node:child_process";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { as, ok, PDF_BYTES, runToProcessed, type Staff, staff, submitOnline, upload, vn } from "./office-fixtures.js";

let ctx: TestContext;
let p: TestProcedure;
let s: Staff;
const ids: Record<string, string> = {};

async function counter(at: Date): Promise<string> {
  ctx.setNow(at);
  const up = await upload(ctx, s.receiving, [{ name: "to-khai.pdf", bytes: PDF_BYTES }]);
  const res = await ctx.app.inject({
    method: "POST",
    url: "/api/office/intake",
    headers: await as(ctx, s.receiving),
    payload: {
      procedureId: p.procedureId,
      channel: "counter",
      applicant: { type: "citizen", name: "Phạm Thị Hoa", idNumber: "001185004321", phone: "0987654321" },
      data: { applicant: { fullName: "Phạm Thị Hoa", idNumber: "001185004321", birthDate: "1985-04-01" } },
      components: [{ code: "TK", fileIds: [up.body.files[0].id] }],
      returnMethod: "counter",
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json().dossier.id;
}

beforeAll(async () => {
  ctx = await createTestApp({ demo: false, now: vn("2026-02-26 08:00") });
  p = await insertTestProcedure(ctx.deps.db);
  s = await staff(ctx, p);
  // D5: received in February, still pending on 1 March, withdrawn on 10 March
  ctx.setNow(vn("2026-02-26 07:50"));
  ids.d5 = await submitOnline(ctx, p);
  ctx.setNow(vn("2026-02-26 08:00"));
  await ok(ctx, s.receiving, ids.d5, "receive");
  // D1: online, received Mon 2 March, processed the same day (due Thu 5 March): early; returned
  ctx.setNow(vn("2026-03-02 07:50"));
  ids.d1 = await submitOnline(ctx, p);
  await runToProcessed(ctx, s, ids.d1, {
    receive: vn("2026-03-02 08:00"),
    forward: vn("2026-03-02 08:30"),
    appraise: vn("2026-03-02 09:00"),
    approve: vn("2026-03-02 09:30"),
  });
  ctx.setNow(vn("2026-03-02 10:00"));
  await ok(ctx, s.receiving, ids.d1, "return_result", { method: "counter" });
  // D2: at the counter on 3 March, due 6 March, still pending at the end of March: overdue
  ids.d2 = await counter(vn("2026-03-03 09:00"));
  // D3: online, received 30 March, due 2 April: pending within the deadline at the end of March
  ctx.setNow(vn("2026-03-30 09:50"));
  ids.d3 = await submitOnline(ctx, p);
  ctx.setNow(vn("2026-03-30 10:00"));
  await ok(ctx, s.receiving, ids.d3, "receive");
  // D4: submitted online, never received: not in the report
  ctx.setNow(vn("2026-03-31 10:00"));
  ids.d4 = await submitOnline(ctx, p);
  // D5 withdrawn on 10 March
  ctx.setNow(vn("2026-03-10 10:00"));
  await ok(ctx, s.receiving, ids.d5, "record_withdrawal", { reason: "Công dân rút hồ sơ" });
  ctx.setNow(vn("2026-04-15 10:00"));
});
afterAll(() => ctx.close());

const MARCH = "kind=month&year=2026&index=3";
const get = async (who: { id: string } | null, url: string) => {
  const res = await ctx.app.inject({ method: "GET", url, headers: who ? await as(ctx, who) : {} });
  return {
    status: res.statusCode,
    body: String(res.headers["content-type"] ?? "").includes("json") ? res.json() : res.body,
    raw: res,
  };
};

describe("periodic report (form II.06a)", () => {
  it("counts March by hand: 1 carried over + 2 online + 1 counter = 1 early + 2 pending (1 overdue) + 1 withdrawn", async () => {
    const r = await get(s.supervisor, `/api/office/reports/periodic?${MARCH}&unitId=${p.unitId}`);
    expect(r.status).toBe(200);
    expect(r.body.period).toMatchObject({ from: "2026-03-01", to: "2026-04-01", label: "Tháng 3/2026" });
    expect(r.body.total.report).toMatchObject({
      received: { total: 4, online: 2, counterPostal: 1, carriedOver: 1 },
      resolved: { total: 1, early: 1, onTime: 0, late: 0 },
      pending: { total: 2, withinDeadline: 1, overdue: 1 },
      withdrawn: 1,
      stopped: 0,
      onTimeRate: { numerator: 1, denominator: 1, value: 1 },
    });
    expect(r.body.total.violations).toEqual([]);
    expect(r.body.rows).toHaveLength(1);
    expect(r.body.rows[0].field.name).toBe("Lĩnh vực thử nghiệm");
    // April carries March's pending over
    const apr = await get(s.supervisor, "/api/office/reports/periodic?kind=month&year=2026&index=4");
    expect(apr.body.total.report.received.carriedOver).toBe(2);
  });

  it("opens the dossiers behind each cell", async () => {
    const cell = async (c: string) =>
      (await get(s.supervisor, `/api/office/reports/periodic/cells/${c}?${MARCH}`)).body.dossiers.map((d: any) => d.id);
    expect(await cell("carried_over")).toEqual([ids.d5]);
    expect(await cell("received_online")).toEqual([ids.d1, ids.d3]);
    expect(await cell("received_counter_postal")).toEqual([ids.d2]);
    expect(await cell("resolved_early")).toEqual([ids.d1]);
    expect(await cell("withdrawn")).toEqual([ids.d5]);
    expect(await cell("pending_overdue")).toEqual([ids.d2]);
    expect(await cell("pending_within")).toEqual([ids.d3]);
    const bad = await get(s.supervisor, `/api/office/reports/periodic/cells/everything?${MARCH}`);
    expect(bad.status).toBe(422);
  });

  it("exports the form to Excel, read back", async () => {
    const r = await get(s.centreLeader, `/api/office/reports/periodic.xlsx?${MARCH}`);
    expect(r.status).toBe(200);
    expect(r.raw.headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("II.06a")!;
    expect(ws.getCell("A1").value).toBe("Biểu số II.06a/VPCP/KSTT");
    expect(String(ws.getCell("A3").value)).toContain("Tháng 3/2026");
    expect(String(ws.getCell("A4").value)).toContain("Trung tâm Phục vụ hành chính công tỉnh Thử nghiệm");
    expect(ws.getCell("C6").value).toBe("Số hồ sơ nhận giải quyết");
    expect(ws.getCell("C6").isMerged).toBe(true);
    expect(ws.getCell("H7").value).toBe("Trả trước hạn");
    const total = ws.getRow(9).values as unknown[];
    expect(total.slice(2)).toEqual(["Tổng số", 4, 1, 2, 1, 1, 1, 0, 0, 2, 1, 1, 1]);
    expect((ws.getRow(10).values as unknown[]).slice(1, 4)).toEqual(["1", "Lĩnh vực thử nghiệm (H99-TEST)", 4]);
  });

  it("exports the form to PDF, read back with pdftotext", async () => {
    const r = await get(s.centreLeader, `/api/office/reports/periodic.pdf?${MARCH}`);
    expect(r.status).toBe(200);
    expect(r.raw.headers["content-type"]).toBe("application/pdf");
    const text = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", "-", "-"], { input: r.raw.rawPayload })
      .toString("utf8")
      .normalize("NFC");
    expect(text).toContain("Biểu số II.06a/VPCP/KSTT");
    expect(text).toContain("Kỳ báo cáo: Tháng 3/2026 (từ ngày 01/03/2026 đến ngày 31/03/2026)");
    expect(text).toContain("Trung tâm Phục vụ hành chính công tỉnh Thử nghiệm");
    const total = text.split("\n").find((l) => /^\s*Tổng số\s+\d/.test(l));
    expect(total?.trim().split(/\s+/).slice(2)).toEqual(["4", "1", "2", "1", "1", "1", "0", "0", "2", "1", "1", "1"]);
    expect(text).toMatch(/1\s+Lĩnh vực thử nghiệm \(H99-TEST\)\s+4/);
    expect((await get(s.receiving, `/api/office/reports/periodic.pdf?${MARCH}`)).status).toBe(403);
  });

  it("refuses: no login 401, a receiving officer 403, a leader asking for another unit 403", async () => {
    expect((await get(null, `/api/office/reports/periodic?${MARCH}`)).status).toBe(401);
    const clerk = await get(s.receiving, `/api/office/reports/periodic?${MARCH}`);
    expect(clerk.status).toBe(403);
    expect(clerk.body.error.message).toBe("Chỉ lãnh đạo, cán bộ giám sát và quản trị được xem báo cáo.");
    const other = await get(s.deptLeader, `/api/office/reports/periodic?${MARCH}&unitId=${p.unitId}`);
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe("Lãnh đạo đơn vị chỉ xem được báo cáo của đơn vị mình.");
    // the department's leader sees the department, which received nothing
    const own = await get(s.deptLeader, `/api/office/reports/periodic?${MARCH}`);
    expect(own.body.total.report.received.total).toBe(0);
    const badIndex = await get(s.supervisor, "/api/office/reports/periodic?kind=quarter&year=2026&index=5");
    expect(badIndex.status).toBe(422);
  });
});

describe("Decision 766 index", () => {
  it("scores from motcua's data with numerators and denominators, and shows the rest as no data", async () => {
    const r = await get(s.supervisor, `/api/office/reports/index766?${MARCH}&unitId=${p.unitId}`);
    expect(r.status).toBe(200);
    const c = Object.fromEntries(r.body.index.groups.flatMap((g: any) => g.components).map((x: any) => [x.key, x]));
    // progress: 1 early of 5 received (1 carried over + 4... of which 3 new): 20 × 1/4
    expect(c.progress).toMatchObject({ status: "scored", ratio: { numerator: 1, denominator: 4 }, points: 5 });
    // online dossiers: 2 of 3 new, full marks from 50 %
    expect(c.dossiers_online).toMatchObject({ ratio: { numerator: 2, denominator: 3 }, points: 6 });
    expect(c.procedures_online).toMatchObject({ ratio: { numerator: 1, denominator: 1 }, points: 2 });
    expect(c.online_services_used).toMatchObject({ ratio: { numerator: 1, denominator: 1 }, points: 4 });
    expect(c.electronic_results).toMatchObject({ ratio: { numerator: 1, denominator: 1 }, points: 6 });
    expect(c.digitised_components).toMatchObject({ ratio: { numerator: 3, denominator: 3 } });
    // no ratings yet: no data, not zero and not full marks
    expect(c.dossier_satisfaction).toMatchObject({ status: "no_data", points: null });
    expect(c.online_payment).toMatchObject({ status: "no_data", points: null });
    expect(c.petitions_on_time).toMatchObject({ status: "no_data" });
    expect(c.dossiers_synced.status).toBe("no_data");
    // provide once (issue #7): none of the 3 reused warehouse data or relied on the population database, and the
    // test procedure marks no paper as held there — real zeros now that both exist, not "no data"
    expect(c.digitised_data_reused).toMatchObject({ ratio: { numerator: 0, denominator: 3 }, points: 0 });
    expect(c.population_data_used).toMatchObject({ ratio: { numerator: 0, denominator: 3 }, points: 0 });
    expect(c.procedures_population_connected).toMatchObject({ ratio: { numerator: 0, denominator: 1 }, points: 0 });
    // no certification requests are tracked: no data
    expect(c.e_certified_copies.status).toBe("no_data");
    expect(r.body.index.scoredMax).toBe(20 + 6 + 2 + 4 + 6 + 4 + 2 + 2 + 2);
    expect(r.body.index.points).toBe(5 + 6 + 2 + 4 + 6 + 4);
  });

  it("the office page shows the report with links to each cell's dossiers and the index", async () => {
    const r = await get(s.supervisor, `/office/bao-cao?${MARCH}&unitId=${p.unitId}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain(
      `/office/bao-cao/o/pending_overdue?kind=month&amp;year=2026&amp;index=3&amp;unitId=${p.unitId}`,
    );
    expect(r.body).toContain("Chưa có dữ liệu");
    const cell = await get(s.supervisor, `/office/bao-cao/o/pending_overdue?${MARCH}&unitId=${p.unitId}`);
    expect(cell.status).toBe(200);
    expect(cell.body).toContain(`/office/dossiers/${ids.d2}`);
  });
});
