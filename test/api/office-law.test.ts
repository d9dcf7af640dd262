/**
 * The law's limits on the office (issue #10, items 1, 2 and 4): one supplement request per dossier, before and after
 * receipt together, with an explicit, recorded and reported exception where the rule set allows one (which never
 * restarts the clock); the 15:00 cut-offs (same-day procedures, paper hand-over) as rule-set data; form 04 at least
 * one working day before the due instant, a late one flagged and reported, or refused where the rule set says so.
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "../../src/domain/rules.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import {
  act,
  as,
  dossierRow,
  eventsOf,
  multipart,
  ok,
  PDF_BYTES,
  type Staff,
  staff,
  submitOnline,
  upload,
  vn,
} from "./office-fixtures.js";

let ctx: TestContext;
let p: TestProcedure;
let same: TestProcedure;
let s: Staff;
let citizen: TestCitizen;

const ITEMS = { items: [{ content: "Bản sao Căn cước công dân", reason: "Hồ sơ chưa có giấy tờ tùy thân" }] };
const EXCEPTION = {
  legalBasis: ["Khoản 3 Điều 12 Luật chuyên ngành (thử nghiệm)"],
  reason: "Luật chuyên ngành cho phép yêu cầu bổ sung kết quả xác minh",
};

beforeAll(async () => {
  ctx = await createTestApp({ demo: false, now: vn("2026-03-02 07:00") });
  p = await insertTestProcedure(ctx.deps.db);
  same = await insertTestProcedure(ctx.deps.db, {
    code: "9.999077",
    name: "Thủ tục giải quyết ngay trong ngày",
    timeLimit: { unit: "immediate", value: 0 },
  });
  s = await staff(ctx, p);
  citizen = await loginAsCitizen(ctx);
  await ctx.deps.db
    .insertInto("rule_sets")
    .values([
      {
        code: "TEST-EXCEPTION",
        name: "Thử nghiệm: cho phép ngoại lệ bổ sung có căn cứ",
        effective_from: "2020-01-01",
        rules: JSON.stringify({ ...DEFAULT_RULES, supplementException: "with_legal_basis" }),
      },
      {
        code: "TEST-STRICT-APOLOGY",
        name: "Thử nghiệm: từ chối văn bản xin lỗi muộn",
        effective_from: "2020-01-01",
        rules: JSON.stringify({ ...DEFAULT_RULES, lateApology: "refuse" }),
      },
    ])
    .execute();
});
afterAll(() => ctx.close());

async function received(opts: { ruleSet?: string; at?: string; procedure?: TestProcedure } = {}) {
  ctx.setNow(vn("2026-03-02 07:50"));
  const id = await submitOnline(ctx, opts.procedure ?? p, {
    citizenId: citizen.id,
    procedureId: opts.procedure?.procedureId,
    versionId: opts.procedure?.versionId,
  });
  if (opts.ruleSet)
    await ctx.deps.db.updateTable("dossiers").set({ rule_set_code: opts.ruleSet }).where("id", "=", id).execute();
  ctx.setNow(vn(opts.at ?? "2026-03-02 08:00"));
  await ok(ctx, s.receiving, id, "receive");
  return id;
}

async function atAppraisal(opts: { ruleSet?: string } = {}) {
  const id = await received(opts);
  ctx.setNow(vn("2026-03-02 09:00"));
  await ok(ctx, s.receiving, id, "forward");
  return id;
}

async function citizenSupplement(id: string) {
  const body = multipart({ note: "Đã bổ sung" }, [
    { field: "upload.GT", name: "cccd.pdf", type: "application/pdf", bytes: PDF_BYTES },
  ]);
  return ctx.app.inject({
    method: "POST",
    url: `/api/dossiers/${id}/supplement`,
    headers: { ...(await as(ctx, citizen, "citizen")), ...body.headers },
    payload: body.payload,
  });
}

async function exceptions(from: string, to: string) {
  const res = await ctx.app.inject({
    method: "GET",
    url: `/api/office/reports/exceptions?from=${from}&to=${to}`,
    headers: await as(ctx, s.receiving),
  });
  expect(res.statusCode).toBe(200);
  return res.json().items as any[];
}

describe("supplement once, in full", () => {
  it("a request before receipt uses up the dossier's one request: none after receipt", async () => {
    ctx.setNow(vn("2026-03-02 07:50"));
    const id = await submitOnline(ctx, p, { citizenId: citizen.id });
    ctx.setNow(vn("2026-03-02 08:00"));
    await ok(ctx, s.receiving, id, "request_supplement", ITEMS);
    ctx.setNow(vn("2026-03-02 09:00"));
    expect((await citizenSupplement(id)).statusCode).toBe(200);
    // a second request before receipt is refused too
    const again = await act(ctx, s.receiving, id, "request_supplement", ITEMS);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("supplement_already_requested");
    ctx.setNow(vn("2026-03-02 09:30"));
    const r = await ok(ctx, s.receiving, id, "receive");
    expect(r.allowedActions.map((a: any) => a.action)).not.toContain("request_supplement");
    ctx.setNow(vn("2026-03-02 10:00"));
    await ok(ctx, s.receiving, id, "forward");
    const after = await act(ctx, s.deptSpecialist, id, "request_supplement", ITEMS);
    expect(after.status).toBe(409);
    expect(after.body.error).toMatchObject({
      code: "supplement_already_requested",
      message:
        "Hồ sơ đã được yêu cầu bổ sung, hoàn thiện; theo quy định chỉ được yêu cầu bổ sung một lần, nêu đầy đủ các nội dung cần bổ sung.",
    });
    const en = await act(ctx, s.deptSpecialist, id, "request_supplement", ITEMS, "en");
    expect(en.body.error.message).toBe(
      "A supplement has already been requested for this dossier; the rules allow one request, listing everything missing.",
    );
    expect((await dossierRow(ctx, id)).supplement_rounds).toBe(1);
  });

  it("after receipt: one request, its completion restarts the clock once; a second request is refused", async () => {
    const id = await atAppraisal();
    ctx.setNow(vn("2026-03-02 10:00"));
    await ok(ctx, s.deptSpecialist, id, "request_supplement", ITEMS);
    ctx.setNow(vn("2026-03-02 14:00"));
    expect((await citizenSupplement(id)).statusCode).toBe(200);
    const due = (await dossierRow(ctx, id)).due_at;
    expect(due).toEqual(vn("2026-03-05 14:00"));
    ctx.setNow(vn("2026-03-03 10:00"));
    const r = await act(ctx, s.deptSpecialist, id, "request_supplement", ITEMS);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("supplement_already_requested");
    const row = await dossierRow(ctx, id);
    expect(row).toMatchObject({ status: 4, supplement_rounds: 1 });
    expect(row.due_at).toEqual(due);
  });

  it("where the rule set allows an exception, it must name its legal basis, is recorded and reported, and only pauses", async () => {
    const id = await atAppraisal({ ruleSet: "TEST-EXCEPTION" });
    ctx.setNow(vn("2026-03-02 10:00"));
    const first = await ok(ctx, s.deptSpecialist, id, "request_supplement", ITEMS);
    expect(first.dossier.supplementRounds).toBe(1);
    ctx.setNow(vn("2026-03-02 14:00"));
    expect((await citizenSupplement(id)).statusCode).toBe(200);
    // restarted from zero: Mon 14:00 + 24 working hours → Thu 05/03 14:00
    expect((await dossierRow(ctx, id)).due_at).toEqual(vn("2026-03-05 14:00"));

    ctx.setNow(vn("2026-03-03 10:00"));
    const bare = await act(ctx, s.deptSpecialist, id, "request_supplement", ITEMS);
    expect(bare.status).toBe(422);
    expect(bare.body.error.fields.map((f: any) => f.path)).toEqual(["body.exception"]);
    expect((await dossierRow(ctx, id)).supplement_rounds).toBe(1);
    const second = await ok(ctx, s.deptSpecialist, id, "request_supplement", { ...ITEMS, exception: EXCEPTION });
    expect(second.dossier).toMatchObject({ status: 5, supplementRounds: 2 });
    const ev = (await eventsOf(ctx, id)).at(-1)!;
    expect(ev.type).toBe("supplement_requested");
    expect((ev.data as any).exception).toEqual({ ...EXCEPTION, limit: 1 });
    // 18.5 working hours were left (Tue 10:00 → Thu 14:00); completed Wed 09:00 they resume, no restart
    expect((await dossierRow(ctx, id)).remaining_hours).toBe(18.5);
    ctx.setNow(vn("2026-03-04 09:00"));
    expect((await citizenSupplement(id)).statusCode).toBe(200);
    const evs = await eventsOf(ctx, id);
    expect((evs.at(-1)!.data as any).clock).toBe("pause");
    expect((await dossierRow(ctx, id)).due_at).toEqual(vn("2026-03-06 11:30"));

    const items = (await exceptions("2026-03-01", "2026-03-31")).filter((i) => i.dossierId === id);
    expect(items).toEqual([
      expect.objectContaining({
        kind: "supplement_exception",
        at: vn("2026-03-03 10:00").toISOString(),
        actorName: "Hoàng Minh Đức",
        detail: expect.objectContaining({ round: 2, exception: { ...EXCEPTION, limit: 1 } }),
      }),
    ]);
  });
});

describe("the 15:00 cut-offs", () => {
  it("a same-day procedure received after 15:00 is due by the end of the next working day", async () => {
    const before = await received({ procedure: same, at: "2026-03-02 14:59" });
    expect((await dossierRow(ctx, before)).due_at).toEqual(vn("2026-03-02 17:00"));
    const after = await received({ procedure: same, at: "2026-03-02 15:30" });
    expect((await dossierRow(ctx, after)).due_at).toEqual(vn("2026-03-03 17:00"));
    // Friday after 15:00 → Monday
    const friday = await received({ procedure: same, at: "2026-03-06 16:10" });
    expect((await dossierRow(ctx, friday)).due_at).toEqual(vn("2026-03-09 17:00"));
  });

  async function counterIntake(at: string) {
    ctx.setNow(vn(at));
    const up = await upload(ctx, s.receiving, [{ name: "to-khai.pdf", bytes: PDF_BYTES }]);
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/office/intake",
      headers: await as(ctx, s.receiving),
      payload: {
        procedureId: p.procedureId,
        channel: "counter",
        applicant: { type: "citizen", name: "Phạm Thị Hoa", idNumber: "001185004321", address: "5 Hàng Bài" },
        data: { applicant: { fullName: "Phạm Thị Hoa", idNumber: "001185004321", birthDate: "1985-04-01" } },
        components: [{ code: "TK", fileIds: [up.body.files[0].id] }],
        returnMethod: "counter",
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json().dossier;
  }

  it("a paper dossier goes to the processing unit the same day, or the next working day after 15:00", async () => {
    // 10:00, budget 4 h → 15:30 the same day
    expect((await counterIntake("2026-03-02 10:00")).stepDueAt).toBe(vn("2026-03-02 15:30").toISOString());
    // 14:00: the 4 h budget would run into Tuesday; paper goes the same working day → 17:00
    expect((await counterIntake("2026-03-02 14:00")).stepDueAt).toBe(vn("2026-03-02 17:00").toISOString());
    // 15:30: at the start of the next working day (its first working hour)
    const late = await counterIntake("2026-03-02 15:30");
    expect(late.stepDueAt).toBe(vn("2026-03-03 08:30").toISOString());
    const ev = (await eventsOf(ctx, late.id)).find((e) => e.type === "received")!;
    expect((ev.data as any).paperHandover).toEqual({
      cutoff: "15:00",
      afterCutoff: true,
      dueAt: vn("2026-03-03 08:30").toISOString(),
    });
    // an electronic dossier received at 15:30 goes at once: its step keeps the budget (→ Tue 10:00)
    const online = await received({ at: "2026-03-02 15:30" });
    expect((await dossierRow(ctx, online)).step_due_at).toEqual(vn("2026-03-03 10:00"));
  });
});

describe("the apology comes in time", () => {
  it("in time (≥ 1 working day before the due instant): recorded as such, not reported", async () => {
    const id = await atAppraisal();
    ctx.setNow(vn("2026-03-03 10:00")); // due Thu 05/03 08:00: 14 working hours left
    const d = await ok(ctx, s.deptLeader, id, "apologise", {
      reason: "Cần xác minh",
      newDueAt: "2026-03-10T17:00:00+07:00",
    });
    expect(d.dossier).toMatchObject({ extensionCount: 1, dueState: "ok" });
    expect((await eventsOf(ctx, id)).at(-1)!.data).toMatchObject({
      issuedInTime: true,
      latestInTimeAt: vn("2026-03-04 08:00").toISOString(),
      lateApology: null,
    });
    expect((await exceptions("2026-03-01", "2026-03-31")).filter((i) => i.dossierId === id)).toEqual([]);
  });

  it("late but before the due instant: accepted under a flagging rule set, flagged and reported", async () => {
    const id = await atAppraisal();
    ctx.setNow(vn("2026-03-04 10:00")); // 5.5 working hours left
    await ok(ctx, s.deptLeader, id, "apologise", { reason: "Cần xác minh", newDueAt: "2026-03-10T17:00:00+07:00" });
    expect((await eventsOf(ctx, id)).at(-1)!.data).toMatchObject({
      issuedInTime: false,
      lateApology: { overdue: false, rule: "flag" },
    });
    const items = (await exceptions("2026-03-04", "2026-03-04")).filter((i) => i.dossierId === id);
    expect(items).toEqual([
      expect.objectContaining({
        kind: "late_apology",
        actorName: "Vũ Thị Hạnh",
        detail: expect.objectContaining({
          previousDueAt: vn("2026-03-05 08:00").toISOString(),
          latestInTimeAt: vn("2026-03-04 08:00").toISOString(),
        }),
      }),
    ]);
  });

  it("refused under a rule set that enforces it, with a clear message", async () => {
    const id = await atAppraisal({ ruleSet: "TEST-STRICT-APOLOGY" });
    ctx.setNow(vn("2026-03-04 10:00"));
    const r = await act(ctx, s.deptLeader, id, "apologise", { reason: "x", newDueAt: "2026-03-10T17:00:00+07:00" });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({
      code: "apology_too_late",
      message:
        "Văn bản xin lỗi và gia hạn phải được ban hành chậm nhất 01 ngày làm việc trước ngày hẹn trả kết quả (trước 08:00 04/03/2026); hồ sơ được ghi nhận là quá hạn.",
    });
    const row = await dossierRow(ctx, id);
    expect(row).toMatchObject({ extension_count: 0 });
    expect(row.due_at).toEqual(vn("2026-03-05 08:00"));
    ctx.setNow(vn("2026-03-03 10:00"));
    expect(
      (await act(ctx, s.deptLeader, id, "apologise", { reason: "x", newDueAt: "2026-03-10T17:00:00+07:00" })).status,
    ).toBe(200);
  });
});

describe("forms as Circular 03/2025 has them", () => {
  const pdfText = (b: Buffer) =>
    execFileSync("pdftotext", ["-enc", "UTF-8", "-", "-"], { input: b }).toString("utf8").replace(/\s+/g, " ");
  async function form(id: string, no: string, who = s.receiving) {
    const res = await ctx.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${id}/forms/${no}`,
      headers: await as(ctx, who),
    });
    expect(res.statusCode).toBe(200);
    return pdfText(res.rawPayload);
  }

  it("form 01 of a same-day procedure prints its appointment and its number …/TNHS", async () => {
    const id = await received({ procedure: same, at: "2026-03-02 15:30" });
    const t = await form(id, "01");
    expect(t).toContain("5. Thời gian trả kết quả giải quyết hồ sơ: 17:00 03/03/2026");
    expect(t).not.toContain("Trả kết quả ngay");
    const row = await dossierRow(ctx, id);
    expect(t).toContain(`Số: ${row.logbook_no}/TNHS`);
  });

  it("form 02 has its number …/HDHS, kind and quantity columns and where the rules are published", async () => {
    const id = await atAppraisal();
    ctx.setNow(vn("2026-03-02 10:00"));
    await ok(ctx, s.deptSpecialist, id, "request_supplement", {
      items: [
        { content: "Giấy tờ kèm theo", reason: "Chưa có bản sao", componentCode: "GT" },
        { content: "Giấy khai sinh", reason: "Thiếu", form: "certified_copy", quantity: 2 },
      ],
    });
    const ev = (await eventsOf(ctx, id)).at(-1)!;
    const no = (ev.data as any).documentNumber as string;
    expect(no).toMatch(/^\d+\/HDHS$/);
    const t = await form(id, "02");
    expect(t).toContain(`Số: ${no}`);
    expect(t).toContain("Hình thức (bản chính, bản sao…)");
    expect(t).toContain("Số lượng");
    expect(t).toMatch(/Giấy tờ kèm theo Bản sao 1 Chưa có bản sao/);
    expect(t).toMatch(/Giấy khai sinh Bản sao chứng thực 2 Thiếu/);
    expect(t).toContain("được công khai tại:");
    // the address may wrap: compare without spaces
    expect(t.replace(/ /g, "")).toContain(`đượccôngkhaitại:${ctx.deps.config.baseUrl}/thu-tuc/${p.code}`);
  });

  it("form 06 has the applicant's address and the consultation and inter-agency hand-overs", async () => {
    const id = await atAppraisal();
    const centreUnit = { id: p.unitId };
    ctx.setNow(vn("2026-03-02 10:00"));
    await ok(ctx, s.deptSpecialist, id, "take");
    await ok(ctx, s.deptSpecialist, id, "consult", {
      unitId: centreUnit.id,
      question: "Xác nhận nơi cư trú",
      workingDays: 1,
    });
    ctx.setNow(vn("2026-03-02 14:00"));
    await ok(ctx, s.specialist, id, "reply_consultation", { reply: "Đúng nơi cư trú" });
    await ok(ctx, s.deptSpecialist, id, "start_interagency", {
      units: [{ unitId: centreUnit.id, task: "Xác minh hộ tịch", workingDays: 1 }],
    });
    ctx.setNow(vn("2026-03-02 16:00"));
    await ok(ctx, s.specialist, id, "complete_interagency", {});
    const t = await form(id, "06");
    expect(t).toContain("Địa chỉ: 12 Trần Phú, phường Ba Đình, Thành phố Hà Nội");
    expect(t).toContain("Xin ý kiến");
    expect(t).toContain("Trả lời xin ý kiến");
    expect(t).toContain("Liên thông (chủ trì): Xác minh hộ tịch");
    expect(t).toContain("Hoàn thành phần việc liên thông");
  });
});

describe("no receipt of an empty dossier", () => {
  /** The table rows of a form as pdftotext lays them out: one line a row, cells separated by runs of spaces. */
  const rows = (b: Buffer) =>
    execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", "-", "-"], { input: b })
      .toString("utf8")
      .split("\n")
      .map((l) => l.trim().split(/\s{2,}/));
  const DATA = { applicant: { fullName: "Phạm Thị Hoa", idNumber: "001185004321", birthDate: "1985-04-01" } };
  const APPLICANT = { type: "citizen", name: "Phạm Thị Hoa", idNumber: "001185004321", address: "5 Hàng Bài" };
  const intake = async (payload: object) =>
    ctx.app.inject({
      method: "POST",
      url: "/api/office/intake",
      headers: await as(ctx, s.receiving),
      payload: {
        procedureId: p.procedureId,
        channel: "counter",
        applicant: APPLICANT,
        returnMethod: "counter",
        ...payload,
      },
    });

  it("a counter dossier without the scan of a required paper is not received; nothing is written", async () => {
    ctx.setNow(vn("2026-03-09 09:00"));
    const before = await ctx.deps.db.selectFrom("dossiers").select("id").execute();
    const r = await intake({ data: DATA, components: [] });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.fields).toEqual([
      {
        path: "body.components",
        message: '"Tờ khai" là thành phần bắt buộc nhưng chưa được số hóa (quét) và đính kèm.',
      },
    ]);
    const paperOnly = await intake({ data: DATA, components: [{ code: "TK", fileIds: [], paperOnly: true }] });
    expect(paperOnly.statusCode).toBe(422);
    expect(paperOnly.json().error.fields[0].message).toContain("không cho phép chỉ lưu bản giấy");
    expect(await ctx.deps.db.selectFrom("dossiers").select("id").execute()).toHaveLength(before.length);
  });

  it("form 01 lists the papers actually received, with their kind and number", async () => {
    ctx.setNow(vn("2026-03-09 09:00"));
    const up = await upload(ctx, s.receiving, [
      { name: "to-khai.pdf", bytes: PDF_BYTES },
      { name: "giay-to.pdf", bytes: PDF_BYTES },
    ]);
    const r = await intake({
      data: DATA,
      components: [
        { code: "TK", fileIds: [up.body.files[0].id], kind: "original", quantity: 2 },
        { code: "GT", fileIds: [up.body.files[1].id], kind: "certified_copy" },
      ],
    });
    expect(r.statusCode).toBe(201);
    const f = await ctx.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${r.json().dossier.id}/forms/01`,
      headers: await as(ctx, s.receiving),
    });
    const table = rows(f.rawPayload);
    expect(table).toContainEqual(["1", "Tờ khai", "Bản chính", "2"]);
    expect(table).toContainEqual(["2", "Giấy tờ kèm theo", "Bản sao chứng thực", "1"]);
  });

  it("a postal dossier left for checking is received only once scanned", async () => {
    ctx.setNow(vn("2026-03-09 10:00"));
    const r = await intake({ channel: "postal", returnMethod: "post", receive: false });
    expect(r.statusCode).toBe(201);
    const id = r.json().dossier.id;
    const rec = await act(ctx, s.receiving, id, "receive");
    expect(rec.status).toBe(422);
    expect(rec.body.error.fields.map((f: any) => f.path)).toEqual(["body", "body.data"]);
    expect((await dossierRow(ctx, id)).status).toBe(1);
  });

  it("where the rule set allows it, a paper is recorded as kept on paper only and listed as such", async () => {
    await ctx.deps.db
      .insertInto("rule_sets")
      .values({
        code: "TEST-PAPER-ONLY",
        name: "Thử nghiệm: cho phép chỉ lưu bản giấy",
        effective_from: "2026-01-01",
        rules: JSON.stringify({ ...DEFAULT_RULES, paperOnlyReceipt: "allowed" }),
      })
      .execute();
    ctx.setNow(vn("2026-03-09 11:00"));
    const r = await intake({
      data: DATA,
      components: [{ code: "TK", fileIds: [], paperOnly: true, kind: "original" }],
    });
    expect(r.statusCode).toBe(201);
    const id = r.json().dossier.id;
    const ev = (await eventsOf(ctx, id))[0];
    expect((ev.data as any).papers).toEqual([{ code: "TK", kind: "original", quantity: 1, files: 0, paperOnly: true }]);
    const f = await ctx.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${id}/forms/01`,
      headers: await as(ctx, s.receiving),
    });
    expect(rows(f.rawPayload)).toContainEqual(["1", "Tờ khai (chỉ lưu bản giấy)", "Bản chính", "1"]);
  });
});
