import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "../helpers/app.js";
import type { TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import { insertSubmitProcedure, PDF, submit, upload, VALID_DATA } from "./submission-helpers.js";

describe("my dossiers and the public look-up", () => {
  let ctx: TestContext;
  let proc: TestProcedure;
  let an: TestCitizen;
  let binh: TestCitizen;
  let dossier: { id: string; reference: string };
  const CODE = "000.00.99.H99-260316-0001";

  beforeAll(async () => {
    ctx = await createTestApp({ demo: false, now: "2026-03-16T02:30:00Z" });
    proc = await insertSubmitProcedure(ctx);
    an = await loginAsCitizen(ctx);
    binh = await loginAsCitizen(ctx, { subject: "test|binh", idNumber: "079195001234", name: "Trần Thị Bình" });
    const file = (await upload(ctx, an, { filename: "to-khai.pdf", content: PDF() })).json();
    const res = await submit(ctx, an, {
      procedureCode: proc.code,
      data: VALID_DATA,
      files: [{ componentCode: "TK", fileId: file.id }],
    });
    dossier = res.json();
    // The office receives it later and gives it its legal code (simulated here).
    await ctx.deps.db
      .updateTable("dossiers")
      .set({
        code: CODE,
        status: 2,
        received_at: new Date("2026-03-16T03:00:00Z"),
        due_at: new Date("2026-03-19T03:00:00Z"),
      })
      .where("id", "=", dossier.id)
      .execute();
  });
  afterAll(() => ctx.close());

  it("lists my dossiers and shows one with its data, files and history", async () => {
    const list = await ctx.app.inject({ url: "/api/my/dossiers", headers: an.headers });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      expect.objectContaining({
        id: dossier.id,
        reference: dossier.reference,
        code: CODE,
        procedureCode: proc.code,
        procedureName: "Thủ tục thử nghiệm cấp giấy xác nhận",
        status: 2,
        statusName: "Được tiếp nhận",
        channel: "online",
        submittedAt: "2026-03-16T02:30:00.000Z",
      }),
    ]);
    expect((await ctx.app.inject({ url: "/api/my/dossiers", headers: binh.headers })).json()).toEqual([]);

    const one = await ctx.app.inject({ url: `/api/my/dossiers/${dossier.id}?lang=en`, headers: an.headers });
    expect(one.statusCode).toBe(200);
    const d = one.json();
    expect(d).toMatchObject({
      id: dossier.id,
      statusName: "Received",
      receivingUnit: { id: proc.unitId, code: "000.00.99.H99" },
      data: { applicant: { fullName: "Nguyễn Văn An" }, address: { commune: "00004" } },
      files: [{ name: "to-khai.pdf", componentCode: "TK", componentName: "Tờ khai", mime: "application/pdf" }],
      events: [{ seq: 1, type: "submitted", name: "Submitted online", toStatus: 1, statusName: "Submitted" }],
    });
  });

  it("someone else's dossier is 404, not 403, in the API and on the pages", async () => {
    const api = await ctx.app.inject({ url: `/api/my/dossiers/${dossier.id}`, headers: binh.headers });
    expect(api.statusCode).toBe(404);
    expect(api.json().error).toMatchObject({
      code: "dossier_not_found",
      message: "Không tìm thấy hồ sơ này trong các hồ sơ của bạn.",
    });
    const unknown = await ctx.app.inject({ url: `/api/my/dossiers/${randomUUID()}`, headers: an.headers });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe(api.json().error.message);
    const garbage = await ctx.app.inject({ url: "/api/my/dossiers/not-a-uuid", headers: an.headers });
    expect(garbage.statusCode).toBe(404);
    const page = await ctx.app.inject({
      url: `/ho-so-cua-toi/${dossier.id}`,
      headers: { ...binh.headers, accept: "text/html" },
    });
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain("Nguyễn Văn An");
    const fileId = (
      await ctx.deps.db
        .selectFrom("dossier_files")
        .select("file_id")
        .where("dossier_id", "=", dossier.id)
        .executeTakeFirstOrThrow()
    ).file_id;
    const file = await ctx.app.inject({ url: `/ho-so-cua-toi/${dossier.id}/tep/${fileId}`, headers: binh.headers });
    expect(file.statusCode).toBe(404);
    const mine = await ctx.app.inject({ url: `/ho-so-cua-toi/${dossier.id}/tep/${fileId}`, headers: an.headers });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers["content-type"]).toBe("application/pdf");
    const anon = await ctx.app.inject({ url: "/api/my/dossiers" });
    expect(anon.statusCode).toBe(401);
  });

  it("renders my dossiers and the dossier page with its timeline", async () => {
    const list = await ctx.app.inject({ url: "/ho-so-cua-toi", headers: { ...an.headers, accept: "text/html" } });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`<a href="/ho-so-cua-toi/${dossier.id}">${dossier.reference}</a>`);
    expect(list.body).toContain(CODE);
    expect(list.body).toContain("Được tiếp nhận");
    const page = await ctx.app.inject({
      url: `/ho-so-cua-toi/${dossier.id}`,
      headers: { ...an.headers, accept: "text/html" },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      '<time datetime="2026-03-16T02:30:00.000Z">09:30 16/03/2026</time><strong>Nộp hồ sơ trực tuyến</strong>',
    );
    expect(page.body).toContain("<dt>Ngày sinh</dt><dd>12/05/1990</dd>");
    expect(page.body).toContain("<dd>Phường Ba Đình</dd>");
    expect(page.body).toContain("<dd>10:00 19/03/2026</dd>");
    const anon = await ctx.app.inject({ url: "/ho-so-cua-toi", headers: { accept: "text/html" } });
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toBe("/dang-nhap?next=%2Fho-so-cua-toi");
  });

  it("look-up: anyone sees only the status, procedure and dates; the owner also gets the link", async () => {
    const pub = await ctx.app.inject({ url: `/api/lookup/${CODE}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toEqual({
      code: CODE,
      reference: null,
      procedureName: "Thủ tục thử nghiệm cấp giấy xác nhận",
      status: 2,
      statusName: "Được tiếp nhận",
      submittedAt: "2026-03-16T02:30:00.000Z",
      receivedAt: "2026-03-16T03:00:00.000Z",
      dueAt: "2026-03-19T03:00:00.000Z",
      returnedAt: null,
    });
    const other = await ctx.app.inject({ url: `/api/lookup/${CODE}`, headers: binh.headers });
    expect(other.json().ownerUrl).toBeUndefined();
    const owner = await ctx.app.inject({ url: `/api/lookup/${CODE}`, headers: an.headers });
    expect(owner.json()).toMatchObject({ reference: dossier.reference, ownerUrl: `/ho-so-cua-toi/${dossier.id}` });
    const byRef = await ctx.app.inject({ url: `/api/lookup/${dossier.reference.toLowerCase()}` });
    expect(byRef.json()).toMatchObject({ code: CODE, reference: dossier.reference, status: 2 });
    const missing = await ctx.app.inject({ url: "/api/lookup/HS-ZZZZZZZZ?lang=en" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe(
      "No dossier has the code “HS-ZZZZZZZZ”. Check the dossier code or reference.",
    );

    const page = await ctx.app.inject({
      url: `/tra-cuu?ma=${encodeURIComponent(CODE)}`,
      headers: { accept: "text/html" },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Được tiếp nhận");
    expect(page.body).toContain("Thủ tục thử nghiệm cấp giấy xác nhận");
    expect(page.body).not.toContain("Nguyễn Văn An");
    expect(page.body).not.toContain(dossier.reference);
    expect(page.body).not.toContain("/ho-so-cua-toi/");
    const ownerPage = await ctx.app.inject({
      url: `/tra-cuu?ma=${encodeURIComponent(CODE)}`,
      headers: { ...an.headers, accept: "text/html" },
    });
    expect(ownerPage.body).toContain(`href="/ho-so-cua-toi/${dossier.id}"`);
    const nothing = await ctx.app.inject({ url: "/tra-cuu?ma=abc", headers: { accept: "text/html" } });
    expect(nothing.statusCode).toBe(404);
    expect(nothing.body).toContain("Không tìm thấy hồ sơ có mã “abc”.");
    const empty = await ctx.app.inject({ url: "/tra-cuu", headers: { accept: "text/html" } });
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('<label for="ma">');
  });
});
