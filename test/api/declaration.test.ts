import { createHash } from "node:crypto";
/**
 * Issue #10 item 7: the declaration is the e-form. A component marked `declaration` (the application form itself) is
 * not asked for in the upload step nor in the required-file check; the dossier gets it as a PDF rendered from the
 * e-form data, filed under that component, which the applicant and the officer both open. Also at the counter.
 */
import { invalidateCatalogue } from "../../src/app/catalogue.js";
import { extractText } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declarationFileName } from "../../src/app/declarations.js";
import { DEMO_PROCEDURES } from "../../src/demo/catalogue/index.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import type { TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import { loginAsOfficer, type TestOfficer } from "../helpers/officer.js";
import { insertSubmitProcedure, PDF, SUBMIT_COMPONENTS, submit, upload, VALID_DATA } from "./submission-helpers.js";

const pdfText = async (bytes: Buffer) =>
  (await extractText(new Uint8Array(bytes), { mergePages: true })).text.replace(/\s+/g, " ");

describe("the declaration is rendered from the e-form", () => {
  let ctx: TestContext;
  let p: TestProcedure;
  let an: TestCitizen;
  let officer: TestOfficer;

  beforeAll(async () => {
    ctx = await createTestApp({ demo: false, now: "2026-03-16T02:30:00Z" });
    p = await insertSubmitProcedure(ctx);
    // the test procedure's "Tờ khai" is the application form itself
    await ctx.deps.db
      .updateTable("procedure_versions")
      .set({
        components: JSON.stringify(
          SUBMIT_COMPONENTS.map((c) =>
            c.code === "TK" ? { ...c, name: "Tờ khai đề nghị cấp giấy xác nhận", declaration: true } : c,
          ),
        ),
      })
      .where("id", "=", p.versionId)
      .execute();
    invalidateCatalogue(ctx.deps); // a published version changed in place (only a test does that)
    an = await loginAsCitizen(ctx);
    officer = await loginAsOfficer(ctx, { unitId: p.unitId, roles: ["receiving"], username: "tn.decl" });
  });
  afterAll(() => ctx.close());

  it("marks the application forms of the demo catalogue, one per procedure at most", () => {
    const marked = DEMO_PROCEDURES.flatMap((d) => d.components.filter((c) => c.declaration).map((c) => [d.code, c]));
    expect(marked.length).toBeGreaterThanOrEqual(25);
    const khaiSinh = DEMO_PROCEDURES.find((d) => d.code === "1.001193")!;
    expect(khaiSinh.components.filter((c) => c.declaration).map((c) => c.code)).toEqual(["TK"]);
    for (const d of DEMO_PROCEDURES) expect(d.components.filter((c) => c.declaration).length).toBeLessThanOrEqual(1);
    expect(declarationFileName("Tờ khai đăng ký khai sinh")).toBe("to-khai-dang-ky-khai-sinh.pdf");
  });

  it("does not ask for it in the upload step, and says why", async () => {
    const page = await ctx.app.inject({ url: `/nop-ho-so/${p.code}`, headers: an.headers });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('name="upload.TK"');
    expect(page.body).toContain('name="upload.GT"');
    expect(page.body).toContain("được lập tự động từ tờ khai điện tử ở trên khi bạn nộp hồ sơ");
    // the script's required-file check does not know it either
    const data = /<script type="application\/json" id="eform-data">(.*?)<\/script>/s.exec(page.body)?.[1];
    expect(JSON.parse(data!).components.map((c: { code: string }) => c.code)).toEqual(["GT"]);
    const api = (await ctx.app.inject({ url: `/api/procedures/${p.code}` })).json();
    expect(
      api.components.map((c: { code: string; declaration?: boolean }) => [c.code, c.declaration ?? false]),
    ).toEqual([
      ["TK", true],
      ["GT", false],
    ]);
  });

  it("submits without uploading it and files the rendered PDF under the component", async () => {
    const res = await submit(ctx, an, { procedureCode: p.code, data: VALID_DATA }, { key: "decl-0001" });
    expect(res.statusCode, res.body).toBe(201);
    const { id, reference } = res.json();
    const files = await ctx.deps.db
      .selectFrom("dossier_files as df")
      .innerJoin("files as f", "f.id", "df.file_id")
      .select(["df.component_code", "df.kind", "f.id", "f.name", "f.mime", "f.owner_kind", "f.owner_id"])
      .where("df.dossier_id", "=", id)
      .execute();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({
      component_code: "TK",
      kind: "component",
      name: "to-khai-de-nghi-cap-giay-xac-nhan.pdf",
      mime: "application/pdf",
      owner_kind: "dossier",
      owner_id: id,
    });
    const ev = await ctx.deps.db
      .selectFrom("dossier_events")
      .select("data")
      .where("dossier_id", "=", id)
      .where("type", "=", "submitted")
      .executeTakeFirstOrThrow();
    expect(ev.data.declarations).toEqual([
      { fileId: files[0].id, componentCode: "TK", name: "to-khai-de-nghi-cap-giay-xac-nhan.pdf" },
    ]);

    // the applicant opens it from their dossier …
    const mine = await ctx.app.inject({ url: `/ho-so-cua-toi/${id}/tep/${files[0].id}`, headers: an.headers });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers["content-type"]).toBe("application/pdf");
    const text = await pdfText(mine.rawPayload);
    for (const s of [
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "TỜ KHAI ĐỀ NGHỊ CẤP GIẤY XÁC NHẬN",
      "Kính gửi: Trung tâm Phục vụ hành chính công tỉnh Thử nghiệm",
      "Họ và tên: Nguyễn Văn An",
      "Số định danh cá nhân: 001090012345",
      "Ngày sinh: 12/05/1990",
      "Nguyễn Minh Khang",
      "Tôi cam đoan",
      "NGƯỜI YÊU CẦU",
      reference,
    ])
      expect(text).toContain(s);

    // … and the officer sees it among the dossier's papers
    const detail = (await ctx.app.inject({ url: `/api/office/dossiers/${id}`, headers: officer.headers })).json();
    const seen = detail.files.find((f: { id: string }) => f.id === files[0].id);
    expect(seen).toMatchObject({ componentCode: "TK", kind: "component" });
    const byOfficer = await ctx.app.inject({
      url: `/api/office/files/${files[0].id}`,
      headers: officer.headers,
    });
    expect(byOfficer.statusCode).toBe(200);
  });

  it("refuses an upload offered for it, naming the component", async () => {
    const file = (await upload(ctx, an, { filename: "to-khai.pdf", content: PDF() }, { procedure: p.code })).json();
    const res = await submit(ctx, an, {
      procedureCode: p.code,
      data: VALID_DATA,
      files: [{ componentCode: "TK", fileId: file.id }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields).toEqual([
      {
        path: "files.TK",
        message:
          "Tờ khai đề nghị cấp giấy xác nhận: được lập tự động từ tờ khai điện tử khi nộp hồ sơ, không tải tệp lên cho thành phần này.",
      },
    ]);
  });

  it("renders it at the counter too, from the e-form the officer keyed in", async () => {
    const form = await ctx.app.inject({ url: `/office/intake?procedure=${p.code}`, headers: officer.headers });
    expect(form.body).not.toContain('name="intake.file.TK"');
    expect(form.body).toContain("Không quét: được lập tự động từ tờ khai điện tử ở trên khi tạo hồ sơ.");
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/office/intake",
      headers: officer.headers,
      payload: {
        procedureId: p.procedureId,
        channel: "counter",
        applicant: { type: "citizen", name: "Phạm Thị Hoa" },
        data: {
          applicant: { fullName: "Phạm Thị Hoa", idNumber: "001185004321", birthDate: "1985-04-01" },
          address: { province: "01", commune: "00004" },
        },
        returnMethod: "counter",
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json();
    const tk = d.files.find((f: { componentCode: string }) => f.componentCode === "TK");
    expect(tk).toMatchObject({ kind: "component", name: "to-khai-de-nghi-cap-giay-xac-nhan.pdf" });
    const pdf = await ctx.app.inject({
      url: `/api/office/files/${tk.id}`,
      headers: officer.headers,
    });
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain("Họ và tên: Phạm Thị Hoa");
    expect(text).not.toContain("định danh điện tử");
  });

  it("is written with the dossier and rendered once, at its first read, by whichever reader comes first", async () => {
    const res = await submit(ctx, an, { procedureCode: p.code, data: VALID_DATA }, { key: "decl-lazy-1" });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json();
    const row = () =>
      ctx.deps.db
        .selectFrom("dossier_files as df")
        .innerJoin("files as f", "f.id", "df.file_id")
        .select(["f.id", "f.storage_key", "f.sha256", "f.size", "f.render"])
        .where("df.dossier_id", "=", id)
        .where("df.component_code", "=", "TK")
        .executeTakeFirstOrThrow();
    // the submission wrote the row, not the bytes: nothing to render until someone reads it
    const before = await row();
    expect(before).toMatchObject({ storage_key: null, sha256: null, size: null, render: "declaration" });
    const mine = (await ctx.app.inject({ url: `/api/my/dossiers/${id}`, headers: an.headers })).json();
    expect(mine.files.find((f: { id: string }) => f.id === before.id)).toMatchObject({ size: null, sha256: null });

    // the applicant and the officer open it at the same moment: one rendering is kept, both get the same bytes
    const [a, b] = await Promise.all([
      ctx.app.inject({ url: `/ho-so-cua-toi/${id}/tep/${before.id}`, headers: an.headers }),
      ctx.app.inject({ url: `/api/office/files/${before.id}`, headers: officer.headers }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(Buffer.compare(a.rawPayload, b.rawPayload)).toBe(0);
    const after = await row();
    expect(after.storage_key).not.toBeNull();
    expect(after.sha256).toBe(createHash("sha256").update(a.rawPayload).digest("hex"));
    expect(Number(after.size)).toBe(a.rawPayload.length);
    expect(await ctx.deps.files.get(after.storage_key!)).toEqual(a.rawPayload);

    // later reads serve the stored bytes; listings now give the size and checksum
    const again = await ctx.app.inject({ url: `/ho-so-cua-toi/${id}/tep/${before.id}`, headers: an.headers });
    expect(Buffer.compare(again.rawPayload, a.rawPayload)).toBe(0);
    expect((await row()).storage_key).toBe(after.storage_key);
    const listed = (await ctx.app.inject({ url: `/api/my/dossiers/${id}`, headers: an.headers })).json();
    expect(listed.files.find((f: { id: string }) => f.id === before.id)).toMatchObject({
      size: a.rawPayload.length,
      sha256: after.sha256,
    });
  });
});
