import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../src/adapters/db/index.js";
import { getPublishedProcedure, invalidateCatalogue, searchProcedures } from "../../src/app/catalogue.js";
import type { Component, Fee, TimeLimit } from "../../src/domain/catalogue.js";
import { DEFAULT_RULE_SET_CODE, DEFAULT_RULES } from "../../src/domain/rules.js";
import { readTemplate } from "../../src/app/templates.js";
import type { EForm } from "../../src/shared/eform.js";
import { createTestApp, type TestContext } from "../helpers/app.js";

// ---------- fixture catalogue (independent of the demo data) ----------

const EFORM: EForm = {
  sections: [
    {
      key: "child",
      title: { vi: "Người được khai sinh", en: "Child" },
      fields: [
        { key: "fullName", type: "text", label: { vi: "Họ, chữ đệm và tên", en: "Full name" }, required: true },
        { key: "birthDate", type: "date", label: { vi: "Ngày sinh", en: "Date of birth" }, dateRule: "past" },
        {
          key: "witnesses",
          type: "group",
          label: { vi: "Người làm chứng", en: "Witnesses" },
          minItems: 0,
          maxItems: 2,
          fields: [{ key: "name", type: "text", label: { vi: "Họ tên", en: "Name" }, maxLength: 80 }],
        },
      ],
    },
  ],
};

const BIRTH_COMPONENTS: Component[] = [
  {
    code: "TK",
    name: "Tờ khai đăng ký khai sinh",
    form: "original",
    quantity: 1,
    required: true,
    template: { name: "Tờ khai đăng ký khai sinh (mẫu)", file: "to-khai-khai-sinh.pdf" },
  },
  {
    code: "GCS",
    name: "Giấy chứng sinh",
    form: "certified_copy",
    quantity: 1,
    required: true,
    note: "Do cơ sở y tế cấp",
  },
  {
    code: "UQ",
    name: "Văn bản ủy quyền",
    form: "copy",
    quantity: 1,
    required: false,
    template: { name: "Mẫu đáng ngờ", file: "../../etc/passwd" },
  },
];

interface Fixture {
  code: string;
  name: string;
  field: string;
  level: "province" | "commune";
  competent: string;
  implementing: string[];
  online: "end_to_end" | "partial" | "none";
  reason?: string;
  timeLimit?: TimeLimit;
  fees?: Fee[];
  components?: Component[];
  status?: "published" | "draft" | "retired";
}

const FIXTURES: Fixture[] = [
  {
    code: "1.001193",
    name: "Đăng ký khai sinh",
    field: "T99-HT",
    level: "commune",
    competent: "000.20.01.H99",
    implementing: ["000.20.01.H99", "000.20.02.H99"],
    online: "end_to_end",
    timeLimit: { unit: "working_days", value: 1, note: "ngay trong ngày nếu nộp trước 15 giờ" },
    fees: [{ name: "Lệ phí đăng ký khai sinh", amount: 0, note: "miễn lệ phí khi đăng ký đúng hạn" }],
    components: BIRTH_COMPONENTS,
  },
  {
    code: "1.001695",
    name: "Đăng ký khai sinh có yếu tố nước ngoài",
    field: "T99-HT",
    level: "province",
    competent: "000.01.01.H99",
    implementing: ["000.00.01.H99"],
    online: "end_to_end",
  },
  {
    code: "1.000894",
    name: "Đăng ký kết hôn",
    field: "T99-HT",
    level: "commune",
    competent: "000.20.01.H99",
    implementing: ["000.20.01.H99"],
    online: "partial",
    reason: "Hai bên nam, nữ phải có mặt khi trao Giấy chứng nhận kết hôn",
    fees: [{ name: "Lệ phí", amount: 30000 }],
  },
  {
    code: "2.000635",
    name: "Cấp bản sao trích lục hộ tịch",
    field: "T99-HT",
    level: "commune",
    competent: "000.20.02.H99",
    implementing: ["000.20.02.H99"],
    online: "none",
    fees: [{ name: "Phí cấp bản sao", amount: 8000, note: "mỗi bản" }],
  },
  {
    code: "1.009994",
    name: "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
    field: "T99-XD",
    level: "province",
    competent: "000.02.01.H99",
    implementing: ["000.00.01.H99"],
    online: "partial",
    reason: "Nộp bản vẽ thiết kế bản giấy",
    timeLimit: { unit: "working_days", value: 15 },
    fees: [{ name: "Lệ phí cấp giấy phép xây dựng", amount: 75000 }],
  },
  {
    code: "9.900001",
    name: "Thủ tục nháp chưa công bố về khai sinh",
    field: "T99-HT",
    level: "commune",
    competent: "000.20.01.H99",
    implementing: [],
    online: "end_to_end",
    status: "draft",
  },
  {
    code: "9.900002",
    name: "Thủ tục đã bãi bỏ về khai sinh",
    field: "T99-HT",
    level: "commune",
    competent: "000.20.01.H99",
    implementing: [],
    online: "end_to_end",
    status: "retired",
  },
];

const UNITS = [
  {
    code: "000.00.01.H99",
    name: "Trung tâm Phục vụ hành chính công tỉnh Thử Nghiệm",
    kind: "centre",
    level: "province",
  },
  { code: "000.01.01.H99", name: "Sở Tư pháp tỉnh Thử Nghiệm", kind: "department", level: "province" },
  { code: "000.02.01.H99", name: "Sở Xây dựng tỉnh Thử Nghiệm", kind: "department", level: "province" },
  { code: "000.20.01.H99", name: "Ủy ban nhân dân xã An Bình", kind: "commune", level: "commune" },
  { code: "000.20.02.H99", name: "Ủy ban nhân dân phường Bình Minh", kind: "commune", level: "commune" },
] as const;

async function insertProcedure(db: DB, f: Fixture, ids: Map<string, string>, version = 1): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const proc =
      (await trx.selectFrom("procedures").select("id").where("national_code", "=", f.code).executeTakeFirst()) ??
      (await trx.insertInto("procedures").values({ national_code: f.code }).returning("id").executeTakeFirstOrThrow());
    const status = f.status ?? "published";
    const v = await trx
      .insertInto("procedure_versions")
      .values({
        procedure_id: proc.id,
        version,
        status,
        name: f.name,
        field_id: ids.get(f.field)!,
        level: f.level,
        competent_unit_id: ids.get(f.competent)!,
        implementing_unit_ids: JSON.stringify(f.implementing.map((c) => ids.get(c)!)),
        applicant_types: JSON.stringify(["citizen"]),
        description: "Bước 1: Người yêu cầu nộp hồ sơ.\n\nBước 2: Cán bộ kiểm tra và trả kết quả.",
        requirements: "",
        time_limit: JSON.stringify(f.timeLimit ?? { unit: "working_days", value: 3 }),
        fees: JSON.stringify(f.fees ?? []),
        components: JSON.stringify(
          f.components ?? [{ code: "DN", name: "Đơn đề nghị", form: "original", quantity: 1, required: true }],
        ),
        result: JSON.stringify({ name: "Giấy xác nhận", electronic: true }),
        legal_bases: JSON.stringify([
          { number: "60/2014/QH13", title: "Luật Hộ tịch", date: "2014-11-20" },
          { number: "123/2015/NĐ-CP", title: "Nghị định quy định chi tiết Luật Hộ tịch" },
        ]),
        online_kind: f.online,
        online_reason: f.reason ?? null,
        eform: JSON.stringify(EFORM),
        process: JSON.stringify({
          steps: [{ code: "TN", name: "Tiếp nhận", unit: "receiving", role: "receiving", budgetHours: 4 }],
        }),
        published_at: status === "draft" ? null : new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (status !== "draft")
      await trx.updateTable("procedures").set({ current_version_id: v.id }).where("id", "=", proc.id).execute();
    return v.id;
  });
}

async function insertFixtures(db: DB): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  await db
    .insertInto("rule_sets")
    .values({
      code: DEFAULT_RULE_SET_CODE,
      name: "Nghị định 118/2025/NĐ-CP",
      effective_from: "2025-07-01",
      rules: JSON.stringify(DEFAULT_RULES),
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  let parent: string | null = null;
  for (const u of UNITS) {
    const row = await db
      .insertInto("units")
      .values({
        code: u.code,
        name: u.name,
        kind: u.kind,
        level: u.level,
        parent_id: u.kind === "department" ? parent : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (u.kind === "centre") parent = row.id;
    ids.set(u.code, row.id);
  }
  for (const f of [
    { code: "T99-HT", name: "Hộ tịch", name_en: "Civil status" },
    { code: "T99-XD", name: "Xây dựng", name_en: "Construction" },
    { code: "T99-TRONG", name: "Lĩnh vực chưa có thủ tục", name_en: null },
  ]) {
    const row = await db.insertInto("fields").values(f).returning("id").executeTakeFirstOrThrow();
    ids.set(f.code, row.id);
  }
  for (const f of FIXTURES) await insertProcedure(db, f, ids);
  return ids;
}

const html = { accept: "text/html,application/xhtml+xml" };
const resultLinks = (body: string) =>
  [...body.matchAll(/<li class="result">\s*<h2><a href="\/thu-tuc\/([^"]+)">/g)].map((m) => decodeURIComponent(m[1]));

describe("catalogue API and pages", () => {
  let ctx: TestContext;
  let ids: Map<string, string>;
  beforeAll(async () => {
    ctx = await createTestApp({ demo: false });
    ids = await insertFixtures(ctx.deps.db);
    invalidateCatalogue(ctx.deps);
  });
  afterAll(() => ctx.close());

  describe("GET /api/procedures", () => {
    it("finds “Đăng ký khai sinh” first with or without diacritics, in any case or Unicode form", async () => {
      for (const q of [
        "dang ky khai sinh",
        "khai sinh",
        "Đăng ký khai sinh",
        "dang ki khai sinh",
        "DANG KY KHAI SINH",
        "Đăng ký khai sinh".normalize("NFD"),
        "dnag ky khai sinh",
      ]) {
        const res = await ctx.app.inject({ url: `/api/procedures?q=${encodeURIComponent(q)}` });
        expect(res.statusCode, q).toBe(200);
        const body = res.json();
        expect(body.items[0], q).toMatchObject({
          code: "1.001193",
          name: "Đăng ký khai sinh",
          field: { code: "T99-HT", name: "Hộ tịch", nameEn: "Civil status" },
          level: "commune",
          onlineKind: "end_to_end",
          timeLimit: { unit: "working_days", value: 1 },
        });
        expect(body.items[0].score).toBeGreaterThan(body.items[1]?.score ?? 0);
      }
    });

    it("finds by national code first", async () => {
      const body = (await ctx.app.inject("/api/procedures?q=1.009994")).json();
      expect(body.total).toBe(1);
      expect(body.items[0]).toMatchObject({ code: "1.009994", score: 1000 });
    });

    it("never shows draft or retired versions", async () => {
      const body = (await ctx.app.inject(`/api/procedures?q=${encodeURIComponent("khai sinh")}&pageSize=100`)).json();
      const codes = body.items.map((i: { code: string }) => i.code);
      expect(codes).toContain("1.001193");
      expect(codes).not.toContain("9.900001");
      expect(codes).not.toContain("9.900002");
      expect((await ctx.app.inject("/api/procedures?pageSize=100")).json().total).toBe(5);
    });

    it("filters by field, unit (competent or implementing), level and online kind, and pages", async () => {
      const get = async (qs: string) => (await ctx.app.inject(`/api/procedures?${qs}`)).json();
      const codes = (b: { items: Array<{ code: string }> }) => b.items.map((i) => i.code).sort();
      expect(codes(await get("field=T99-XD"))).toEqual(["1.009994"]);
      // implementing unit
      expect(codes(await get("unit=000.20.02.H99"))).toEqual(["1.001193", "2.000635"]);
      // competent unit
      expect(codes(await get("unit=000.01.01.H99"))).toEqual(["1.001695"]);
      expect(codes(await get("level=province"))).toEqual(["1.001695", "1.009994"]);
      expect(codes(await get("online=none"))).toEqual(["2.000635"]);
      expect(codes(await get("online=partial"))).toEqual(["1.000894", "1.009994"]);
      expect(codes(await get("online=available")).length).toBe(4);
      expect(codes(await get("q=khai%20sinh&level=province"))).toEqual(["1.001695"]);
      expect((await get("field=T99-TRONG")).total).toBe(0);
      const p2 = await get("pageSize=2&page=2");
      expect(p2).toMatchObject({ total: 5, page: 2, pageSize: 2 });
      expect(p2.items).toHaveLength(2);
      const all = await get("pageSize=100");
      expect(p2.items.map((i: { code: string }) => i.code)).toEqual(
        all.items.slice(2, 4).map((i: { code: string }) => i.code),
      );
    });

    it("refuses bad parameters with the standard localised error", async () => {
      for (const qs of ["level=district", "online=maybe", "pageSize=1000", "page=0", "page=abc"]) {
        const res = await ctx.app.inject(`/api/procedures?${qs}`);
        expect(res.statusCode, qs).toBe(422);
        expect(res.json().error).toMatchObject({ code: "validation_failed", message: "Dữ liệu gửi lên không hợp lệ." });
        expect(res.json().error.fields[0].path).toMatch(/^querystring\./);
      }
      const long = await ctx.app.inject(`/api/procedures?q=${"a".repeat(201)}&lang=en`);
      expect(long.statusCode).toBe(422);
      expect(long.json().error.message).toBe("The submitted data is not valid.");
    });
  });

  describe("GET /api/procedures/:code", () => {
    it("returns the published version's full public definition", async () => {
      const res = await ctx.app.inject("/api/procedures/1.001193");
      expect(res.statusCode).toBe(200);
      const p = res.json();
      expect(p).toMatchObject({
        code: "1.001193",
        name: "Đăng ký khai sinh",
        version: 1,
        field: { code: "T99-HT", name: "Hộ tịch" },
        level: "commune",
        competentUnit: { code: "000.20.01.H99", name: "Ủy ban nhân dân xã An Bình" },
        onlineKind: "end_to_end",
        onlineReason: null,
        submitUrl: "/nop-ho-so/1.001193",
        timeLimit: { unit: "working_days", value: 1, note: "ngay trong ngày nếu nộp trước 15 giờ" },
        fees: [{ name: "Lệ phí đăng ký khai sinh", amount: 0 }],
        result: { name: "Giấy xác nhận", electronic: true },
      });
      expect(p.implementingUnits.map((u: { code: string }) => u.code)).toEqual(["000.20.01.H99", "000.20.02.H99"]);
      expect(p.components).toHaveLength(3);
      expect(p.components[0]).toMatchObject({
        code: "TK",
        form: "original",
        quantity: 1,
        required: true,
        template: { file: "to-khai-khai-sinh.pdf", url: "/mau-don/to-khai-khai-sinh.pdf" },
        maxBytes: 10 * 1024 * 1024,
        accept: ["application/pdf", "image/jpeg", "image/png"],
      });
      // an unsafe template name is never offered
      expect(p.components[2].template).toBeUndefined();
      // the e-form schema is complete, nested group fields included
      expect(p.eform).toEqual(EFORM);
      expect(p.legalBases[0]).toEqual({ number: "60/2014/QH13", title: "Luật Hộ tịch", date: "2014-11-20" });
      expect(typeof p.publishedAt).toBe("string");
      // the internal process is not public
      expect(p.process).toBeUndefined();
    });

    it("gives the partial reason, and no submit URL when the service is not online", async () => {
      expect((await ctx.app.inject("/api/procedures/1.000894")).json()).toMatchObject({
        onlineKind: "partial",
        onlineReason: "Hai bên nam, nữ phải có mặt khi trao Giấy chứng nhận kết hôn",
        submitUrl: "/nop-ho-so/1.000894",
      });
      expect((await ctx.app.inject("/api/procedures/2.000635")).json()).toMatchObject({
        onlineKind: "none",
        submitUrl: null,
      });
    });

    it("answers 404 with the standard error for unknown, draft, retired or malformed codes", async () => {
      for (const code of ["0.000000", "9.900001", "9.900002", "..%2F..%2Fetc", "1.001193'%20or%201=1--"]) {
        const res = await ctx.app.inject(`/api/procedures/${code}`);
        expect(res.statusCode, code).toBe(404);
        expect(res.json().error, code).toMatchObject({
          code: "procedure_not_found",
          message: "Không tìm thấy trang hoặc dữ liệu yêu cầu.",
          fields: [],
        });
        expect(typeof res.json().error.requestId).toBe("string");
      }
      const en = await ctx.app.inject("/api/procedures/0.000000?lang=en");
      expect(en.json().error.message).toBe("The page or data you asked for was not found.");
    });
  });

  it("lists fields and units with their published procedure counts", async () => {
    const fields = (await ctx.app.inject("/api/fields")).json().items;
    expect(fields.find((f: { code: string }) => f.code === "T99-HT")).toEqual({
      code: "T99-HT",
      name: "Hộ tịch",
      nameEn: "Civil status",
      procedures: 4,
    });
    expect(fields.find((f: { code: string }) => f.code === "T99-TRONG").procedures).toBe(0);
    const units = (await ctx.app.inject("/api/units")).json().items;
    expect(units.find((u: { code: string }) => u.code === "000.01.01.H99")).toMatchObject({
      name: "Sở Tư pháp tỉnh Thử Nghiệm",
      kind: "department",
      level: "province",
      parentCode: "000.00.01.H99",
      procedures: 1,
    });
    expect(units.find((u: { code: string }) => u.code === "000.20.01.H99").procedures).toBe(2);
  });

  it("documents the catalogue API in the OpenAPI document", async () => {
    const doc = (await ctx.app.inject("/api/openapi.json")).json();
    for (const path of ["/api/procedures", "/api/procedures/{code}", "/api/fields", "/api/units"])
      expect(doc.paths[path]?.get?.tags, path).toEqual(["catalogue"]);
    expect(doc.paths["/api/procedures/{code}"].get.responses["404"]).toBeDefined();
  });

  describe("pages", () => {
    it("home: search box, fields with counts, popular and end-to-end services, counts", async () => {
      const res = await ctx.app.inject({ url: "/", headers: html });
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toContain("text/html");
      const b = res.body;
      expect(b).toContain('<html lang="vi">');
      expect(b).toMatch(/<form method="get" action="\/thu-tuc" role="search">/);
      expect(b).toMatch(/<label for="q">Tìm thủ tục hành chính<\/label>/);
      expect(b).toContain('href="/thu-tuc?linh-vuc=T99-HT"');
      expect(b).toMatch(/Hộ tịch<\/span><span class="count">4 thủ tục/);
      expect(b).not.toContain("linh-vuc=T99-TRONG"); // no empty fields
      expect(b).toMatch(/<strong>5<\/strong> thủ tục hành chính/);
      expect(b).toMatch(/<strong>2<\/strong> dịch vụ trực tuyến toàn trình/);
      // popular: the everyday needs the catalogue has
      expect(b).toContain('href="/thu-tuc/1.001193"');
      expect(b).toContain('<meta name="description"');
    });

    it("home: popular services follow the portal.popular setting when an administrator sets it", async () => {
      const section = (body: string) =>
        body.slice(body.indexOf('id="popular-h"'), body.indexOf("</section>", body.indexOf('id="popular-h"')));
      const before = section((await ctx.app.inject({ url: "/", headers: html })).body);
      expect(before).toContain('href="/thu-tuc/1.001193"');
      expect(before).not.toContain('href="/thu-tuc/1.001695"');
      await ctx.deps.db
        .insertInto("settings")
        .values({ key: "portal.popular", value: JSON.stringify(["1.001695", "0.000000", "2.000635"]) })
        .execute();
      invalidateCatalogue(ctx.deps);
      const after = section((await ctx.app.inject({ url: "/", headers: html })).body);
      const codes = [...after.matchAll(/href="\/thu-tuc\/([^"]+)"/g)].map((m) => m[1]);
      expect(codes).toEqual(["1.001695", "2.000635"]); // unknown codes are skipped, order kept
      await ctx.deps.db.deleteFrom("settings").where("key", "=", "portal.popular").execute();
      invalidateCatalogue(ctx.deps);
    });

    it("switches to English with ?lang=en and remembers it in a cookie", async () => {
      const res = await ctx.app.inject({ url: "/?lang=en", headers: html });
      expect(res.body).toContain('<html lang="en">');
      expect(res.body).toContain("Search procedures");
      const cookie = res.cookies.find((c) => c.name === "lang");
      expect(cookie).toMatchObject({ value: "en", path: "/" });
      const next = await ctx.app.inject({ url: "/thu-tuc", headers: { ...html, cookie: "lang=en" } });
      expect(next.body).toContain('<html lang="en">');
      expect(next.body).toContain("Filter results");
      // no cookie is set again when it already holds the choice
      const again = await ctx.app.inject({ url: "/?lang=en", headers: { ...html, cookie: "lang=en" } });
      expect(again.cookies.find((c) => c.name === "lang")).toBeUndefined();
    });

    it("search results: ranked list, filters kept in the form, counts", async () => {
      const res = await ctx.app.inject({ url: "/thu-tuc?q=dang+ky+khai+sinh", headers: html });
      expect(res.statusCode).toBe(200);
      const links = resultLinks(res.body);
      expect(links[0]).toBe("1.001193");
      expect(links).not.toContain("9.900001");
      expect(res.body).toContain('value="dang ky khai sinh"');
      expect(res.body).toMatch(/<title>Tìm “dang ky khai sinh” – /);

      const filtered = await ctx.app.inject({ url: "/thu-tuc?linh-vuc=T99-HT&truc-tuyen=khong", headers: html });
      expect(resultLinks(filtered.body)).toEqual(["2.000635"]);
      expect(filtered.body).toContain('<option value="T99-HT" selected>');
      expect(filtered.body).toContain('<option value="khong" selected>');
      expect(filtered.body).toContain("Tìm thấy 1 thủ tục");

      const level = await ctx.app.inject({ url: "/thu-tuc?cap=tinh&don-vi=000.00.01.H99", headers: html });
      expect(resultLinks(level.body).sort()).toEqual(["1.001695", "1.009994"]);

      const none = await ctx.app.inject({ url: "/thu-tuc?q=zzzzqqq", headers: html });
      expect(resultLinks(none.body)).toEqual([]);
      expect(none.body).toContain("Không tìm thấy thủ tục phù hợp");
    });

    it("search page ignores nonsense parameters instead of failing", async () => {
      const res = await ctx.app.inject({ url: "/thu-tuc?cap=quan&truc-tuyen=x&trang=abc&linh-vuc=", headers: html });
      expect(res.statusCode).toBe(200);
      expect(resultLinks(res.body)).toHaveLength(5);
      const far = await ctx.app.inject({ url: "/thu-tuc?trang=999", headers: html });
      expect(resultLinks(far.body)).toHaveLength(5); // clamped to the last page
    });

    it("procedure page: facts, components table with templates, fees, legal bases and the submit link", async () => {
      const res = await ctx.app.inject({ url: "/thu-tuc/1.001193", headers: html });
      expect(res.statusCode).toBe(200);
      const b = res.body;
      expect(b).toContain("<h1>Đăng ký khai sinh</h1>");
      expect(b).toMatch(/<title>Đăng ký khai sinh \(1\.001193\) – /);
      expect(b).toMatch(/<meta name="description" content="Đăng ký khai sinh \(1\.001193\)/);
      expect(b).toMatch(
        /<strong>1 ngày làm việc<\/strong><br><span class="hint">ngay trong ngày nếu nộp trước 15 giờ<\/span>/,
      );
      expect(b).toContain("Ủy ban nhân dân xã An Bình");
      expect(b).toContain("Ủy ban nhân dân phường Bình Minh");
      expect(b).toContain("Lệ phí đăng ký khai sinh: Miễn phí – miễn lệ phí khi đăng ký đúng hạn");
      expect(b).toMatch(/<table class="components stack">/);
      expect(b).toContain("Giấy chứng sinh");
      expect(b).toContain("Bản sao chứng thực");
      expect(b).toContain("Bản chính");
      expect(b).toContain('href="/mau-don/to-khai-khai-sinh.pdf"');
      expect(b).not.toContain("etc/passwd");
      expect(b).toContain("60/2014/QH13");
      expect(b).toContain('href="/nop-ho-so/1.001193"');
      expect(b).toContain("Nộp hồ sơ trực tuyến");
      expect(b).toContain('"@type":"GovernmentService"');
      expect(b).toContain('href="/thu-tuc?linh-vuc=T99-HT"'); // breadcrumb to the field
    });

    it("procedure page: VND fees, partial reason; no submit link when not online", async () => {
      const partial = (await ctx.app.inject({ url: "/thu-tuc/1.009994", headers: html })).body;
      expect(partial).toContain("15 ngày làm việc");
      expect(partial).toContain("Lệ phí cấp giấy phép xây dựng: 75.000 ₫");
      expect(partial).toContain("Nộp bản vẽ thiết kế bản giấy");
      expect(partial).toContain('href="/nop-ho-so/1.009994"');

      const offline = (await ctx.app.inject({ url: "/thu-tuc/2.000635", headers: html })).body;
      expect(offline).toContain("Phí cấp bản sao: 8.000 ₫ – mỗi bản");
      expect(offline).not.toContain("/nop-ho-so/");
      expect(offline).toContain("Thủ tục này chưa cung cấp dịch vụ trực tuyến");
      expect(offline).toContain("Bản chính");
    });

    it("unknown, draft and retired procedures get a 404 page with the layout", async () => {
      for (const code of ["0.000000", "9.900001", "9.900002"]) {
        const res = await ctx.app.inject({ url: `/thu-tuc/${code}`, headers: html });
        expect(res.statusCode, code).toBe(404);
        expect(res.headers["content-type"]).toContain("text/html");
        expect(res.body).toContain("<h1>Không tìm thấy trang</h1>");
        expect(res.body).toContain("chưa được công bố");
        expect(res.body).toContain('<a class="skip" href="#main">');
      }
    });

    it("renders errors for browsers as pages (app.errorPage) and as JSON for the API", async () => {
      const page404 = await ctx.app.inject({ url: "/khong-co-trang-nay?lang=en", headers: html });
      expect(page404.statusCode).toBe(404);
      expect(page404.headers["content-type"]).toContain("text/html");
      expect(page404.body).toContain("<h1>Page not found</h1>");
      expect(page404.body).toContain("The page or data you asked for was not found.");
      const api = await ctx.app.inject({ url: "/api/khong-co", headers: html });
      expect(api.headers["content-type"]).toContain("application/json");
    });

    it("serves templates only by plain names from the templates folder", async () => {
      for (const bad of ["..%2F..%2Fpackage.json", "evil.exe", "Khai-Sinh.PDF", "khong-co-mau-nay.pdf", "a%00.pdf"]) {
        const res = await ctx.app.inject({ url: `/mau-don/${bad}`, headers: html });
        // NUL is refused at the boundary for every route (issue #10 item 10), before this route sees it.
        expect(res.statusCode, bad).toBe(bad.includes("%00") ? 400 : 404);
        expect(res.body).not.toContain('"name": "motcua"');
      }
    });
  });

  it("readTemplate reads plain names and refuses anything else", async () => {
    const dir = await mkdtemp(join(tmpdir(), "motcua-tpl-"));
    try {
      await mkdir(join(dir, "inner"));
      await writeFile(join(dir, "inner", "to-khai.pdf"), "%PDF-1.4 test");
      await writeFile(join(dir, "secret.pdf"), "secret");
      const ok = await readTemplate(join(dir, "inner"), "to-khai.pdf");
      expect(ok?.type).toBe("application/pdf");
      expect(ok?.body.toString()).toBe("%PDF-1.4 test");
      expect(await readTemplate(join(dir, "inner"), "../secret.pdf")).toBeUndefined();
      expect(await readTemplate(join(dir, "inner"), "missing.docx")).toBeUndefined();
      expect(await readTemplate(join(dir, "inner"), "to-khai.pdf.exe")).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe("catalogue changes", () => {
    it("reads the procedure page from the database: a new published version shows at once", async () => {
      await insertProcedure(
        ctx.deps.db,
        { ...FIXTURES.find((f) => f.code === "1.000894")!, name: "Đăng ký kết hôn (bản sửa đổi)" },
        ids,
        2,
      );
      const p = await getPublishedProcedure(ctx.deps, "1.000894");
      expect(p).toMatchObject({ version: 2, name: "Đăng ký kết hôn (bản sửa đổi)" });
    });

    it("converges the in-process index without being told (as another node would see a change)", async () => {
      await insertProcedure(
        ctx.deps.db,
        {
          code: "1.004227",
          name: "Đăng ký thường trú",
          field: "T99-XD",
          level: "commune",
          competent: "000.20.01.H99",
          implementing: [],
          online: "end_to_end",
        },
        ids,
      );
      // Poll: the node re-checks the catalogue signature every couple of seconds in the background.
      let found = false;
      for (let i = 0; i < 100 && !found; i++) {
        const r = await searchProcedures(ctx.deps, { q: "dang ky thuong tru" });
        found = r.items[0]?.doc.code === "1.004227";
        if (!found) await new Promise((res) => setTimeout(res, 100));
      }
      expect(found).toBe(true);
      const api = (await ctx.app.inject("/api/procedures?q=ket%20hon")).json();
      expect(api.items[0].name).toBe("Đăng ký kết hôn (bản sửa đổi)");
    });

    it("drops a procedure whose current version is withdrawn", async () => {
      await ctx.deps.db
        .updateTable("procedures")
        .set({ current_version_id: null })
        .where("national_code", "=", "1.004227")
        .execute();
      expect(await getPublishedProcedure(ctx.deps, "1.004227")).toBeUndefined();
      invalidateCatalogue(ctx.deps);
      expect((await searchProcedures(ctx.deps, { q: "1.004227" })).total).toBe(0);
      const page = await ctx.app.inject({ url: "/thu-tuc/1.004227", headers: html });
      expect(page.statusCode).toBe(404);
    });
  });
});

describe("catalogue over the demo province", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it("finds the demo's “Đăng ký khai sinh” first for the everyday ways of typing it", async () => {
    for (const q of ["dang ky khai sinh", "khai sinh", "Đăng ký khai sinh", "dang ki khai sinh"]) {
      const body = (await ctx.app.inject(`/api/procedures?q=${encodeURIComponent(q)}`)).json();
      expect(body.items[0]?.name, q).toBe("Đăng ký khai sinh");
    }
  });

  it("renders every published demo procedure, with working template links", async () => {
    const all = (await ctx.app.inject("/api/procedures?pageSize=100")).json();
    expect(all.total).toBeGreaterThan(0);
    const templates = new Set<string>();
    for (const item of all.items as Array<{ code: string; name: string; onlineKind: string }>) {
      const res = await ctx.app.inject({ url: `/thu-tuc/${item.code}`, headers: html });
      expect(res.statusCode, item.code).toBe(200);
      expect(res.body).toContain(`<h1>${item.name.replace(/&/g, "&amp;")}</h1>`);
      expect(res.body.includes(`href="/nop-ho-so/${item.code}"`), item.code).toBe(item.onlineKind !== "none");
      for (const m of res.body.matchAll(/href="\/mau-don\/([^"]+)"/g)) templates.add(m[1]);
      const api = (await ctx.app.inject(`/api/procedures/${item.code}`)).json();
      if (api.components.length) expect(res.body, item.code).toContain('<table class="components stack">');
    }
    for (const file of templates) {
      const res = await ctx.app.inject(`/mau-don/${file}`);
      expect(res.statusCode, file).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^application\/(pdf|vnd\.openxmlformats)/);
      expect(res.headers["content-disposition"]).toBe(`attachment; filename="${file}"`);
      if (file.endsWith(".pdf")) expect(res.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    }
  });

  it("puts every published service within three clicks of the home page", async () => {
    const home = (await ctx.app.inject({ url: "/", headers: html })).body;
    const fieldLinks = [...home.matchAll(/href="(\/thu-tuc\?linh-vuc=[^"]+)"/g)].map((m) =>
      m[1].replace(/&amp;/g, "&"),
    );
    const reached = new Set<string>();
    for (const link of fieldLinks) {
      const list = (await ctx.app.inject({ url: link, headers: html })).body;
      const pages = [
        link,
        ...[...list.matchAll(/href="(\/thu-tuc\?[^"]*trang=\d+)"/g)].map((m) => m[1].replace(/&amp;/g, "&")),
      ];
      for (const p of pages)
        for (const code of resultLinks((await ctx.app.inject({ url: p, headers: html })).body)) reached.add(code);
    }
    const all = (await ctx.app.inject("/api/procedures?pageSize=100")).json();
    for (const item of all.items) expect(reached.has(item.code), item.code).toBe(true);
  });
});
