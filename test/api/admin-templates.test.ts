/**
 * Issue #9, procedures' "components with templates": an administrator uploads the province's blank forms (PDF or
 * DOCX by content, through the one upload pipeline), components name them, the catalogue checker knows them, the
 * portal serves them; refusals for non-administrators and wrong files, nothing written then.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PDF_BYTES } from "../factories/index.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { loginAsOfficer, type TestOfficer } from "../helpers/officer.js";
import { multipart } from "./office-fixtures.js";

let ctx: TestContext;
let admin: TestOfficer;
let leader: TestOfficer;

beforeAll(async () => {
  ctx = await createTestApp();
  const unit = await ctx.deps.db.selectFrom("units").select("id").limit(1).executeTakeFirstOrThrow();
  admin = await loginAsOfficer(ctx, { unitId: unit.id, roles: ["admin"], username: "quantri.mau" });
  leader = await loginAsOfficer(ctx, { unitId: unit.id, roles: ["leader"], username: "lanhdao.mau" });
});
afterAll(async () => ctx?.close());

const send = (who: TestOfficer, url: string, title: string, bytes: Buffer, name = "mau.pdf") => {
  const m = multipart({ title }, [{ field: "template", name, type: "application/pdf", bytes }]);
  return ctx.app.inject({ method: "POST", url, headers: { ...who.headers, ...m.headers }, payload: m.payload });
};
const rows = () => ctx.deps.db.selectFrom("catalogue_templates").selectAll().execute();

describe("blank forms for procedure components", () => {
  it("are for administrators only", async () => {
    expect((await ctx.app.inject({ url: "/api/admin/templates", headers: leader.headers })).statusCode).toBe(403);
    expect((await ctx.app.inject({ url: "/office/quan-tri/mau-don", headers: leader.headers })).statusCode).toBe(403);
    expect((await send(leader, "/api/admin/templates", "X", PDF_BYTES)).statusCode).toBe(403);
    expect(await rows()).toEqual([]);
  });

  it("refuse a file that is not a PDF or DOCX by its content, and a missing file; nothing is written", async () => {
    const fake = await send(admin, "/api/admin/templates", "Giả", Buffer.from("not a pdf at all"), "gia.pdf");
    expect(fake.statusCode).toBe(422);
    const page = await send(admin, "/office/quan-tri/mau-don", "Giả", Buffer.from("MZ executable"), "gia.pdf");
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('id="template-error"');
    const none = multipart({ title: "Không tệp" }, []);
    const r = await ctx.app.inject({
      method: "POST",
      url: "/api/admin/templates",
      headers: { ...admin.headers, ...none.headers },
      payload: none.payload,
    });
    expect(r.statusCode).toBe(422);
    expect(await rows()).toEqual([]);
  });

  it("are named in plain letters, served by the portal, known to the checker, and audited", async () => {
    const a = await send(admin, "/api/admin/templates", "Tờ khai đăng ký kết hôn (mẫu mới)", PDF_BYTES);
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ file: "to-khai-dang-ky-ket-hon-mau-moi.pdf", source: "uploaded" });
    const b = await send(admin, "/office/quan-tri/mau-don", "Tờ khai đăng ký kết hôn (mẫu mới)", PDF_BYTES);
    expect(b.statusCode).toBe(303);
    expect(b.headers.location).toContain("to-khai-dang-ky-ket-hon-mau-moi-2.pdf");

    const dl = await ctx.app.inject({ url: "/mau-don/to-khai-dang-ky-ket-hon-mau-moi.pdf" });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers["content-type"]).toBe("application/pdf");
    expect(dl.rawPayload.equals(PDF_BYTES)).toBe(true);
    expect((await ctx.app.inject({ url: "/mau-don/khong-co.pdf" })).statusCode).toBe(404);
    // the shipped ones still come from their folder
    const list = (await ctx.app.inject({ url: "/api/admin/templates", headers: admin.headers })).json();
    expect(list.some((t: { source: string }) => t.source === "shipped")).toBe(true);
    expect(list.filter((t: { source: string }) => t.source === "uploaded")).toHaveLength(2);

    // a procedure's component may name it; a name that is nowhere is refused
    const file = (await ctx.app.inject({ url: "/api/admin/catalogue", headers: admin.headers })).json();
    const p = structuredClone(file.procedures.find((x: { code: string }) => x.code === "1.001193"));
    delete p.version;
    delete p.searchWords;
    const draft = {
      ...p,
      code: "1.999301",
      components: p.components
        .filter((c: { declaration?: boolean }) => !c.declaration)
        .map((c: object, i: number) =>
          i === 0 ? { ...c, template: { name: "Tờ khai", file: "khong-ton-tai.pdf" } } : c,
        ),
    };
    const missing = await ctx.app.inject({
      method: "POST",
      url: "/api/admin/procedures",
      headers: admin.headers,
      payload: draft,
    });
    expect(missing.statusCode).toBe(422);
    expect(JSON.stringify(missing.json())).toContain("khong-ton-tai.pdf");
    draft.components[0].template.file = "to-khai-dang-ky-ket-hon-mau-moi.pdf";
    const ok = await ctx.app.inject({
      method: "POST",
      url: "/api/admin/procedures",
      headers: admin.headers,
      payload: draft,
    });
    expect(ok.statusCode).toBeLessThan(300);

    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .select(["action", "target", "actor_id"])
      .where("action", "=", "catalogue_template.uploaded")
      .execute();
    expect(audit.map((x) => x.target).sort()).toEqual([
      "to-khai-dang-ky-ket-hon-mau-moi-2.pdf",
      "to-khai-dang-ky-ket-hon-mau-moi.pdf",
    ]);
  });
});
