/**
 * Issue #10 item 16: the portal's supplement and withdrawal pages, server-rendered and working without JavaScript.
 * The applicant reads what the office asked for, adds papers (or explains), and withdraws with an explicit
 * confirmation; a missing answer comes back as an error summary linking to the field, in Vietnamese or English;
 * another citizen gets 404 and changes nothing; a dossier that awaits no supplement (or can no longer be withdrawn)
 * shows why instead of a form.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import { as, multipart, ok, PDF_BYTES, type Staff, staff, submitOnline, vn } from "./office-fixtures.js";

describe("portal supplement and withdrawal pages", () => {
  let ctx: TestContext;
  let p: TestProcedure;
  let s: Staff;
  let an: TestCitizen;
  let binh: TestCitizen;
  let dossier: string;

  const page = async (who: TestCitizen, url: string) => ctx.app.inject({ url, headers: await as(ctx, who, "citizen") });
  const postForm = async (who: TestCitizen, url: string, fields: Record<string, string>) =>
    ctx.app.inject({
      method: "POST",
      url,
      headers: { ...(await as(ctx, who, "citizen")), "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams(fields).toString(),
    });
  const row = () =>
    ctx.deps.db
      .selectFrom("dossiers")
      .select(["status", "last_event_seq"])
      .where("id", "=", dossier)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    ctx = await createTestApp({ demo: false, now: vn("2026-03-02 09:00") });
    p = await insertTestProcedure(ctx.deps.db);
    s = await staff(ctx, p);
    an = await loginAsCitizen(ctx, { subject: "test|an", idNumber: "001090012345" });
    binh = await loginAsCitizen(ctx, { subject: "test|binh", idNumber: "079195001234", name: "Trần Thị Bình" });
    dossier = await submitOnline(ctx, p, { citizenId: an.id });
    await ok(ctx, s.receiving, dossier, "request_supplement", {
      items: [{ content: "Bản sao giấy khai sinh của con", reason: "Thiếu giấy tờ chứng minh quan hệ" }],
      note: "Nộp trong 10 ngày.",
    });
  });
  afterAll(() => ctx.close());

  it("offers the supplement from the dossier page and shows what the office asked for", async () => {
    const d = await page(an, `/ho-so-cua-toi/${dossier}`);
    expect(d.body).toContain(`href="/ho-so-cua-toi/${dossier}/bo-sung"`);
    expect(d.body).toContain(`href="/ho-so-cua-toi/${dossier}/rut-ho-so"`);
    const res = await page(an, `/ho-so-cua-toi/${dossier}/bo-sung`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Bản sao giấy khai sinh của con");
    expect(res.body).toContain("Lý do: Thiếu giấy tờ chứng minh quan hệ");
    expect(res.body).toContain("Nộp trong 10 ngày.");
    expect(res.body).toContain('enctype="multipart/form-data"');
    expect(res.body).toContain('name="upload.TK"');
    expect(res.body).toContain('name="upload._other"');
    expect(res.body).not.toContain("<script>");
  });

  it("refuses another citizen with 404 on both pages and both posts, changing nothing", async () => {
    const before = await row();
    for (const url of [`/ho-so-cua-toi/${dossier}/bo-sung`, `/ho-so-cua-toi/${dossier}/rut-ho-so`]) {
      expect((await page(binh, url)).statusCode).toBe(404);
      expect((await postForm(binh, url, { note: "x", confirm: "yes" })).statusCode).toBe(404);
    }
    expect(await row()).toEqual(before);
    // not logged in: to the login page
    const anon = await ctx.app.inject({ url: `/ho-so-cua-toi/${dossier}/bo-sung` });
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toBe(`/dang-nhap?next=${encodeURIComponent(`/ho-so-cua-toi/${dossier}/bo-sung`)}`);
  });

  it("an empty supplement comes back with an error summary linking to the papers, in either language", async () => {
    const before = await row();
    const vi = await postForm(an, `/ho-so-cua-toi/${dossier}/bo-sung`, { note: "  " });
    expect(vi.statusCode).toBe(422);
    expect(vi.body).toContain('class="error-summary"');
    expect(vi.body).toContain(
      '<a href="#supplement-files">Cần đính kèm giấy tờ bổ sung hoặc ghi nội dung bổ sung.</a>',
    );
    expect(vi.body).toContain('id="supplement-files"');
    const en = await postForm(an, `/ho-so-cua-toi/${dossier}/bo-sung?lang=en`, {});
    expect(en.statusCode).toBe(422);
    expect(en.body).toContain('<a href="#supplement-files">Attach the papers or describe the supplement.</a>');
    expect(en.body).toContain("Add the requested papers");
    expect(await row()).toEqual(before);
  });

  it("a file of a type not accepted is named next to its input", async () => {
    const body = multipart({ note: "" }, [
      {
        field: "upload.TK",
        name: "giay-khai-sinh.exe",
        type: "application/octet-stream",
        bytes: Buffer.from("MZ...."),
      },
    ]);
    const res = await ctx.app.inject({
      method: "POST",
      url: `/ho-so-cua-toi/${dossier}/bo-sung`,
      headers: { ...(await as(ctx, an, "citizen")), ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/<a href="#supplement-file-TK">[^<]*giay-khai-sinh\.exe/);
    expect(res.body).toContain('id="supplement-file-TK-error"');
  });

  it("sends the supplement with the papers, then the dossier page says so", async () => {
    const body = multipart({ note: "Đã bổ sung bản sao giấy khai sinh." }, [
      { field: "upload.TK", name: "giay-khai-sinh.pdf", type: "application/pdf", bytes: PDF_BYTES },
    ]);
    const res = await ctx.app.inject({
      method: "POST",
      url: `/ho-so-cua-toi/${dossier}/bo-sung`,
      headers: { ...(await as(ctx, an, "citizen")), ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode, res.body.slice(0, 1500)).toBe(303);
    expect(res.headers.location).toBe(`/ho-so-cua-toi/${dossier}?xong=bo-sung`);
    expect((await row()).status).toBe(1);
    const ev = await ctx.deps.db
      .selectFrom("dossier_events")
      .select(["type", "actor_kind", "actor_id", "data"])
      .where("dossier_id", "=", dossier)
      .orderBy("seq", "desc")
      .executeTakeFirstOrThrow();
    expect(ev).toMatchObject({ type: "supplement_completed", actor_kind: "citizen", actor_id: an.id });
    expect((ev.data as { note: string }).note).toBe("Đã bổ sung bản sao giấy khai sinh.");
    const files = await ctx.deps.db
      .selectFrom("dossier_files")
      .select(["component_code", "kind"])
      .where("dossier_id", "=", dossier)
      .where("kind", "=", "supplement")
      .execute();
    expect(files).toEqual([{ component_code: "TK", kind: "supplement" }]);
    const after = await page(an, res.headers.location as string);
    expect(after.body).toContain("Đã gửi bổ sung.");
    expect(after.body).not.toContain(`/ho-so-cua-toi/${dossier}/bo-sung"`);
    // no supplement awaited any more: the page explains instead of offering a form
    const again = await page(an, `/ho-so-cua-toi/${dossier}/bo-sung`);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("Hồ sơ này không có yêu cầu bổ sung đang chờ");
    expect(again.body).not.toContain(`action="/ho-so-cua-toi/${dossier}/bo-sung"`);
  });

  it("withdraws only with the confirmation ticked, then shows the dossier withdrawn", async () => {
    const form = await page(an, `/ho-so-cua-toi/${dossier}/rut-ho-so`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="confirm" value="yes"');
    const before = await row();
    const unticked = await postForm(an, `/ho-so-cua-toi/${dossier}/rut-ho-so`, { reason: "Nộp nhầm" });
    expect(unticked.statusCode).toBe(422);
    expect(unticked.body).toContain('<a href="#withdraw-confirm">Đánh dấu xác nhận nếu bạn muốn rút hồ sơ.</a>');
    expect(unticked.body).toContain(">Nộp nhầm</textarea>");
    expect(await row()).toEqual(before);
    const done = await postForm(an, `/ho-so-cua-toi/${dossier}/rut-ho-so`, { reason: "Nộp nhầm", confirm: "yes" });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/ho-so-cua-toi/${dossier}?xong=rut-ho-so`);
    expect((await row()).status).toBe(7);
    const ev = await ctx.deps.db
      .selectFrom("dossier_events")
      .select(["type", "actor_id", "data"])
      .where("dossier_id", "=", dossier)
      .orderBy("seq", "desc")
      .executeTakeFirstOrThrow();
    expect(ev).toMatchObject({ type: "withdrawn", actor_id: an.id, data: { reason: "Nộp nhầm" } });
    // withdrawn: no second withdrawal
    const again = await page(an, `/ho-so-cua-toi/${dossier}/rut-ho-so?lang=en`);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("cannot be withdrawn");
  });
});
