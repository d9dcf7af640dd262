import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "../helpers/app.js";
import type { TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import { insertSubmitProcedure, PDF, submit, upload, VALID_DATA } from "./submission-helpers.js";

describe("drafts on the server", () => {
  let ctx: TestContext;
  let proc: TestProcedure;
  let laptop: TestCitizen;
  let phone: TestCitizen;
  let binh: TestCitizen;

  beforeAll(async () => {
    ctx = await createTestApp({ demo: false, now: "2026-03-16T02:30:00Z" });
    proc = await insertSubmitProcedure(ctx);
    laptop = await loginAsCitizen(ctx);
    // The same account logged in again: another session, as on another device.
    phone = await loginAsCitizen(ctx);
    binh = await loginAsCitizen(ctx, { subject: "test|binh", idNumber: "079195001234", name: "Trần Thị Bình" });
  });
  afterAll(() => ctx.close());

  const put = (who: TestCitizen, body: unknown, code = proc.code) =>
    ctx.app.inject({ method: "PUT", url: `/api/drafts/${code}`, headers: who.headers, payload: body as object });
  const get = (who: TestCitizen, code = proc.code) =>
    ctx.app.inject({ url: `/api/drafts/${code}`, headers: who.headers });

  it("saves a draft that another session of the same account resumes", async () => {
    expect(phone.cookie).not.toBe(laptop.cookie);
    const file = (await upload(ctx, laptop, { filename: "to-khai.pdf", content: PDF() })).json();
    const saved = await put(laptop, {
      data: {
        applicant: { fullName: "Nguyễn Văn An", idNumber: "0010900", sneaky: "x" },
        family: { children: [{ fullName: "Khang", sneaky: "x" }] },
        sneaky: 1,
      },
      files: { TK: [file.id] },
      receivingUnitId: proc.unitId,
      returnMethod: "post",
      returnAddress: "12 Trần Phú",
    });
    expect(saved.statusCode).toBe(200);
    const resumed = await get(phone);
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json()).toEqual({
      procedureCode: proc.code,
      procedureName: "Thủ tục thử nghiệm cấp giấy xác nhận",
      procedureVersionId: proc.versionId,
      receivingUnitId: proc.unitId,
      returnMethod: "post",
      returnAddress: "12 Trần Phú",
      // Kept as typed (not yet valid), but only the e-form's keys.
      data: {
        applicant: { fullName: "Nguyễn Văn An", idNumber: "0010900" },
        family: { children: [{ fullName: "Khang" }] },
      },
      files: { TK: [file.id] },
      updatedAt: "2026-03-16T02:30:00.000Z",
    });
    // Saving again replaces it: one draft per account and procedure.
    ctx.setNow("2026-03-16T02:45:00Z");
    await put(phone, { data: { applicant: { fullName: "Nguyễn Văn An (sửa)" } } });
    const list = await ctx.app.inject({ url: "/api/drafts", headers: laptop.headers });
    expect(list.json()).toEqual([
      {
        procedureCode: proc.code,
        procedureName: "Thủ tục thử nghiệm cấp giấy xác nhận",
        updatedAt: "2026-03-16T02:45:00.000Z",
      },
    ]);
    expect((await get(laptop)).json().data).toEqual({ applicant: { fullName: "Nguyễn Văn An (sửa)" } });
  });

  it("the form page restores the draft on another device", async () => {
    const page = await ctx.app.inject({
      url: `/nop-ho-so/${proc.code}`,
      headers: { ...phone.headers, accept: "text/html" },
    });
    expect(page.body).toContain("Đã khôi phục bản nháp lưu lúc 09:45 16/03/2026.");
    expect(page.body).toContain('value="Nguyễn Văn An (sửa)"');
  });

  it("is invisible to another citizen, who cannot attach someone else's files either", async () => {
    expect((await get(binh)).statusCode).toBe(404);
    expect((await ctx.app.inject({ url: "/api/drafts", headers: binh.headers })).json()).toEqual([]);
    const anFile = (await upload(ctx, laptop, { filename: "a.pdf", content: PDF() })).json();
    const res = await put(binh, { data: {}, files: { TK: [anFile.id] } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields).toEqual([
      { path: "files.TK", message: "Tờ khai: tệp đính kèm không tồn tại hoặc không phải do bạn tải lên." },
    ]);
    expect((await get(binh)).statusCode).toBe(404);
    // Deleting one's own draft leaves the other's alone.
    await put(binh, { data: { applicant: { fullName: "Trần Thị Bình" } } });
    expect(
      (await ctx.app.inject({ method: "DELETE", url: `/api/drafts/${proc.code}`, headers: binh.headers })).statusCode,
    ).toBe(204);
    expect((await get(laptop)).statusCode).toBe(200);
    expect(
      (await ctx.app.inject({ method: "DELETE", url: `/api/drafts/${proc.code}`, headers: binh.headers })).statusCode,
    ).toBe(404);
  });

  it("an upload belongs to one draft or one dossier", async () => {
    const other = await insertSubmitProcedure(ctx, { code: "9.000777" });
    const file = (await upload(ctx, laptop, { filename: "to-khai.pdf", content: PDF() })).json();
    expect((await put(laptop, { data: {}, files: { TK: [file.id] } })).statusCode).toBe(200);
    // Saving the same draft again keeps it; another procedure's draft cannot take it.
    expect((await put(laptop, { data: {}, files: { TK: [file.id] } })).statusCode).toBe(200);
    const elsewhere = await put(laptop, { data: {}, files: { TK: [file.id] } }, other.code);
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().error.fields).toEqual([
      {
        path: "files.TK",
        message:
          "Tờ khai: tệp đính kèm đã thuộc một hồ sơ hoặc một bản nháp khác; mỗi tệp tải lên chỉ dùng cho một hồ sơ.",
      },
    ]);
    // Once submitted, the file is the dossier's: no draft may take it back.
    const sent = await submit(ctx, laptop, {
      procedureCode: proc.code,
      data: VALID_DATA,
      files: [{ componentCode: "TK", fileId: file.id }],
    });
    expect(sent.statusCode).toBe(201);
    expect((await put(laptop, { data: {}, files: { TK: [file.id] } })).statusCode).toBe(422);
    expect((await put(laptop, { data: {}, files: { TK: [file.id] } }, other.code)).statusCode).toBe(422);
  });

  it("refuses drafts for unknown procedures, bad bodies and anonymous callers", async () => {
    const unknown = await put(laptop, { data: {} }, "9.000000");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe("Không tìm thấy thủ tục hành chính có mã “9.000000”.");
    const bad = await put(laptop, { data: "x" });
    expect(bad.statusCode).toBe(422);
    const anon = await ctx.app.inject({ method: "PUT", url: `/api/drafts/${proc.code}`, payload: { data: {} } });
    expect(anon.statusCode).toBe(401);
  });
});
