/**
 * Issue #9: the whole catalogue exported and imported as JSON files — versioned (a dossier keeps the version it was
 * created under), checked whole with every problem reported by record (nothing half-imported), administrators only,
 * audited; the demo catalogue itself is loaded through the same import.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { loginAsOfficer, type TestOfficer } from "../helpers/officer.js";
import { buildOnlineDossier } from "../factories/index.js";

let ctx: TestContext;
let admin: TestOfficer;
let clerk: TestOfficer;
type Procedure = {
  code: string;
  name: string;
  fieldCode: string;
  process: { steps: Array<{ budgetHours: number }> };
} & Record<string, unknown>;
type CatalogueFile = {
  format: string;
  version: number;
  units: Array<Record<string, unknown>>;
  fields: unknown[];
  procedures: Procedure[];
};

const exportFile = async (): Promise<CatalogueFile> => {
  const r = await ctx.app.inject({ url: "/api/admin/catalogue", headers: admin.headers });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};
const importFile = (body: unknown, who: TestOfficer = admin) =>
  ctx.app.inject({ method: "POST", url: "/api/admin/catalogue", headers: who.headers, payload: body as object });
const versions = () =>
  ctx.deps.db.selectFrom("procedure_versions").select(["id", "procedure_id", "version", "status"]).execute();

beforeAll(async () => {
  ctx = await createTestApp();
  const unit = await ctx.deps.db.selectFrom("units").select("id").limit(1).executeTakeFirstOrThrow();
  admin = await loginAsOfficer(ctx, { unitId: unit.id, roles: ["admin"], username: "quantri.dm" });
  clerk = await loginAsOfficer(ctx, { unitId: unit.id, roles: ["receiving"], username: "tiepnhan.dm" });
});
afterAll(async () => ctx?.close());

describe("catalogue export and import", () => {
  it("exports every unit, field and procedure by code, which imports back changing nothing", async () => {
    const file = await exportFile();
    expect(file).toMatchObject({ format: "motcua-catalogue", version: 1 });
    const counts = await Promise.all(
      (["units", "fields", "procedures"] as const).map(async (t) =>
        Number(
          (
            await ctx.deps.db
              .selectFrom(t)
              .select((eb) => eb.fn.countAll().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ),
    );
    expect([file.units.length, file.fields.length, file.procedures.length]).toEqual(counts);
    const khaiSinh = file.procedures.find((p) => p.code === "1.001193")!;
    expect(khaiSinh).toMatchObject({ name: "Đăng ký khai sinh", fieldCode: "H26-HT" });
    expect(khaiSinh.searchWords).toContain("giấy khai sinh");
    expect(JSON.stringify(file)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/); // no database ids

    const before = await versions();
    const r = await importFile(file);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({
      unitsWritten: 0,
      fieldsWritten: 0,
      proceduresCreated: 0,
      proceduresVersioned: 0,
      proceduresUnchanged: file.procedures.length,
      searchWordsSet: 0,
    });
    expect(await versions()).toEqual(before);
  });

  it("publishes a changed procedure as a new version; a dossier already created keeps its own", async () => {
    const p = await ctx.deps.db
      .selectFrom("procedures as p")
      .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
      .select(["p.id", "v.id as versionId", "v.implementing_unit_ids"])
      .where("p.national_code", "=", "1.001193")
      .executeTakeFirstOrThrow();
    const dossierId = await buildOnlineDossier(ctx, {
      versionId: p.versionId,
      unitId: p.implementing_unit_ids[0],
    } as never);

    const file = await exportFile();
    const khaiSinh = file.procedures.find((x) => x.code === "1.001193")!;
    khaiSinh.name = "Đăng ký khai sinh (đã sửa)";
    khaiSinh.searchWords = ["khai sinh em bé"];
    delete khaiSinh.version; // changed content without a version number: a new version

    const r = await importFile({ ...file, procedures: [khaiSinh], units: [], fields: [] });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      proceduresVersioned: 1,
      proceduresUnchanged: 0,
      proceduresCreated: 0,
      searchWordsSet: 1,
    });

    const all = (await versions()).filter((v) => v.procedure_id === p.id).sort((a, b) => a.version - b.version);
    expect(all.map((v) => [v.version, v.status])).toEqual([
      [1, "retired"],
      [2, "published"],
    ]);
    const dossier = await ctx.deps.db
      .selectFrom("dossiers")
      .select("procedure_version_id")
      .where("id", "=", dossierId)
      .executeTakeFirstOrThrow();
    expect(dossier.procedure_version_id).toBe(p.versionId);
    // the portal shows the new version at once on this node
    const page = await ctx.app.inject({ url: "/api/procedures/1.001193" });
    expect(page.json().name).toBe("Đăng ký khai sinh (đã sửa)");
    const found = await ctx.app.inject({ url: `/api/procedures?q=${encodeURIComponent("khai sinh em be")}` });
    expect(found.json().items[0].code).toBe("1.001193");

    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "catalogue.import")
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);
    expect(audit.at(-1)).toMatchObject({ actor_id: admin.id });
  });

  it("refuses a file that would change a published version (the editor's rule), importing nothing", async () => {
    const file = await exportFile();
    const p = structuredClone(file.procedures.find((x) => x.code === "1.001193")!);
    expect(p.version).toEqual(expect.any(Number));
    const before = await versions();
    p.name = "Sửa thẳng phiên bản đã công bố";
    const other = structuredClone(file.procedures.find((x) => x.code !== "1.001193")!);
    delete other.version;
    other.name = "Không được nhập vì tệp có lỗi";
    const r = await importFile({ format: "motcua-catalogue", version: 1, procedures: [p, other] });
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().error.code).toBe("catalogue_invalid");
    expect(r.json().error.fields).toEqual([
      {
        path: `procedure 1.001193 version ${p.version}`,
        message: `Thủ tục 1.001193: phiên bản ${p.version} đã công bố, không được sửa; hồ sơ đã nộp theo phiên bản này. Hãy tạo phiên bản mới (bản nháp).`,
      },
    ]);
    expect(await versions()).toEqual(before);
  });

  it("creates a procedure new to the installation, published as version 1", async () => {
    const file = await exportFile();
    const copy = structuredClone(file.procedures.find((x) => x.code === "1.001193")!);
    copy.code = "1.999001";
    copy.name = "Thủ tục thử nghiệm nhập từ tệp";
    delete copy.searchWords;
    const r = await importFile({ format: "motcua-catalogue", version: 1, procedures: [copy] });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ proceduresCreated: 1 });
    const page = await ctx.app.inject({ url: "/api/procedures/1.999001" });
    expect(page.statusCode).toBe(200);
    expect(page.json().name).toBe("Thủ tục thử nghiệm nhập từ tệp");
  });

  it("refuses a file with errors, naming each record and problem, and imports nothing of it", async () => {
    const file = await exportFile();
    const a = structuredClone(file.procedures.find((x) => x.code === "1.001193")!);
    a.name = "Sửa nhưng không được nhập";
    a.fieldCode = "KHONG-CO";
    a.process.steps[0]!.budgetHours += 5;
    const b = structuredClone(file.procedures.find((x) => x.code !== "1.001193")!);
    b.name = "Cũng không được nhập";
    const newUnit = { ...file.units[0], code: "999.99.99.H26", name: "Đơn vị mới không được nhập", parent: undefined };
    const before = await versions();

    const bad = await importFile({ format: "motcua-catalogue", version: 1, units: [newUnit], procedures: [a, b] });
    expect(bad.statusCode).toBe(422);
    const err = bad.json().error;
    expect(err.code).toBe("catalogue_invalid");
    expect(err.message).toMatch(/lỗi; không có gì được nhập/);
    const problems = err.fields.map((f: { path: string; message: string }) => `${f.path}: ${f.message}`).join("\n");
    expect(problems).toMatch(/procedures\[0\] 1\.001193: 1\.001193: không có lĩnh vực KHONG-CO/);
    expect(problems).toMatch(
      /procedures\[0\] 1\.001193: 1\.001193: các bước cộng lại \d+ giờ, thời hạn cho phép \d+ giờ/,
    );
    expect(await versions()).toEqual(before);
    expect(await ctx.deps.db.selectFrom("units").select("id").where("code", "=", "999.99.99.H26").execute()).toEqual(
      [],
    );

    // a structural error: the path to the value, in English when asked
    const typed = await ctx.app.inject({
      method: "POST",
      url: "/api/admin/catalogue?lang=en",
      headers: admin.headers,
      payload: {
        format: "motcua-catalogue",
        version: 1,
        procedures: [{ ...b, fees: [{ name: "Lệ phí", amount: "mười nghìn" }] }],
      },
    });
    expect(typed.statusCode).toBe(422);
    expect(typed.json().error.fields[0].path).toMatch(/^file\.procedures\[0\]\.fees\[0\]\.amount$/);
    expect(await versions()).toEqual(before);

    const wrongFormat = await importFile({ format: "something-else", version: 1 });
    expect(wrongFormat.statusCode).toBe(422);
  });

  it("is for administrators only", async () => {
    expect((await ctx.app.inject({ url: "/api/admin/catalogue", headers: clerk.headers })).statusCode).toBe(403);
    expect((await ctx.app.inject({ url: "/api/admin/catalogue" })).statusCode).toBe(401);
    expect((await importFile({ format: "motcua-catalogue", version: 1 }, clerk)).statusCode).toBe(403);
    expect((await ctx.app.inject({ url: "/office/quan-tri/danh-muc", headers: clerk.headers })).statusCode).toBe(403);
  });

  it("the page imports uploaded files and shows a refused file's problems", async () => {
    const page = await ctx.app.inject({ url: "/office/quan-tri/danh-muc", headers: admin.headers });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Nhập, xuất danh mục thủ tục");
    const upload = (name: string, content: string) => {
      const boundary = "----motcua-catalogue";
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="catalogue"; filename="${name}"\r\nContent-Type: application/json\r\n\r\n${content}\r\n--${boundary}--\r\n`;
      return ctx.app.inject({
        method: "POST",
        url: "/office/quan-tri/danh-muc",
        headers: { ...admin.headers, "content-type": `multipart/form-data; boundary=${boundary}` },
        payload: body,
      });
    };
    const file = await exportFile();
    const ok = await upload("danh-muc.json", JSON.stringify({ ...file, units: [], fields: [] }));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.body).toContain(
      `Đã nhập: 0 đơn vị và 0 lĩnh vực ghi mới hoặc sửa; 0 thủ tục mới, 0 thủ tục có phiên bản mới, ${file.procedures.length} thủ tục không đổi`,
    );

    const notJson = await upload("hong.json", "{ không phải json");
    expect(notJson.statusCode).toBe(422);
    expect(notJson.body).toContain("Tệp hong.json không phải JSON hợp lệ.");

    const broken = structuredClone(file.procedures[0]!);
    broken.fieldCode = "KHONG-CO";
    const refused = await upload(
      "loi.json",
      JSON.stringify({ format: "motcua-catalogue", version: 1, procedures: [broken] }),
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain("không có lĩnh vực KHONG-CO");
    expect(refused.body).toContain('aria-invalid="true"');
  });
});
