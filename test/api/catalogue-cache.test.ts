import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invalidateCatalogue, publishedProcedure } from "../../src/app/catalogue.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { loginAsCitizen } from "../helpers/citizen.js";

/**
 * The public read path keeps the published definition, its page and its API reply in process per catalogue snapshot.
 * These tests check what a reader sees, not how fast: what was kept never outlives a change of the catalogue, whether
 * the change is made on this node (invalidateCatalogue) or on another one (seen through the database).
 */

const CODE = "1.001193";
const html = { accept: "text/html" };

/** Publishes a new version of `code` straight in the database, as another node (or an import) would. */
async function publishNewVersion(ctx: TestContext, code: string, name: string): Promise<void> {
  await sql`
with cur as (
  select v.* from procedures p join procedure_versions v on v.id = p.current_version_id where p.national_code = ${code}
), ins as (
  insert into procedure_versions (procedure_id, version, status, name, field_id, level, competent_unit_id,
    implementing_unit_ids, applicant_types, description, requirements, time_limit, fees, components, result,
    legal_bases, online_kind, online_reason, eform, process, published_at)
  select procedure_id, (select max(version) + 1 from procedure_versions w where w.procedure_id = cur.procedure_id),
    'published', ${name}, field_id, level, competent_unit_id, implementing_unit_ids, applicant_types, description,
    requirements, time_limit, fees, components, result, legal_bases, online_kind, online_reason, eform, process, now()
  from cur
  returning id, procedure_id
)
update procedures set current_version_id = ins.id from ins where procedures.id = ins.procedure_id`.execute(ctx.deps.db);
}

/** Polls until `check` holds: the node re-reads the catalogue signature every couple of seconds. */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe("public read path kept per catalogue snapshot", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it("serves the same procedure page and API reply on repeated requests", async () => {
    const [a1, a2] = [await ctx.app.inject(`/api/procedures/${CODE}`), await ctx.app.inject(`/api/procedures/${CODE}`)];
    expect(a1.statusCode).toBe(200);
    expect(a1.headers["content-type"]).toMatch(/^application\/json/);
    expect(a2.body).toBe(a1.body);
    expect(a1.json()).toMatchObject({ code: CODE, version: 1, submitUrl: `/nop-ho-so/${CODE}` });
    const [p1, p2] = [
      await ctx.app.inject({ url: `/thu-tuc/${CODE}`, headers: html }),
      await ctx.app.inject({ url: `/thu-tuc/${CODE}`, headers: html }),
    ];
    expect(p1.statusCode).toBe(200);
    expect(p1.headers["content-type"]).toMatch(/^text\/html/);
    expect(p2.body).toBe(p1.body);
    expect(p1.body).toContain(`(${CODE})`);
  });

  it("keeps one page per language and address, and never shows a citizen's name to the next visitor", async () => {
    const vi = await ctx.app.inject({ url: `/thu-tuc/${CODE}`, headers: html });
    const en = await ctx.app.inject({ url: `/thu-tuc/${CODE}?lang=en`, headers: html });
    expect(vi.body).toContain('<html lang="vi">');
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain(`href="/thu-tuc/${CODE}?lang=vi"`);
    const other = await ctx.app.inject({ url: `/thu-tuc/${CODE}?utm_source=x`, headers: html });
    expect(other.statusCode).toBe(200);
    expect(other.body).toContain(`href="/thu-tuc/${CODE}?utm_source=x&amp;lang=en"`);

    const citizen = await loginAsCitizen(ctx, { name: "Trần Thị Bình" });
    const mine = await ctx.app.inject({ url: `/thu-tuc/${CODE}`, headers: { ...html, ...citizen.headers } });
    expect(mine.body).toContain("Trần Thị Bình");
    const next = await ctx.app.inject({ url: `/thu-tuc/${CODE}`, headers: html });
    expect(next.body).not.toContain("Trần Thị Bình");
    expect(next.body).toBe(vi.body);
  });

  it("answers 404 for a code that is not in the published catalogue", async () => {
    expect((await ctx.app.inject("/api/procedures/9.999999")).statusCode).toBe(404);
    expect((await ctx.app.inject({ url: "/thu-tuc/9.999999", headers: html })).statusCode).toBe(404);
    expect(await publishedProcedure(ctx.deps, "9.999999")).toBeUndefined();
  });

  it("shows a version published by another node once this node sees the catalogue change", async () => {
    expect((await ctx.app.inject(`/api/procedures/${CODE}`)).json().version).toBe(1);
    await publishNewVersion(ctx, CODE, "Đăng ký khai sinh (bản sửa đổi)");
    const seen = await eventually(async () => {
      const api = (await ctx.app.inject(`/api/procedures/${CODE}`)).json();
      const page = (await ctx.app.inject({ url: `/thu-tuc/${CODE}`, headers: html })).body;
      return api.version === 2 && api.name === "Đăng ký khai sinh (bản sửa đổi)" && page.includes("(bản sửa đổi)");
    });
    expect(seen).toBe(true);
    expect(await publishedProcedure(ctx.deps, CODE)).toMatchObject({ version: 2 });
  });

  it("shows a version published on this node at once", async () => {
    await publishNewVersion(ctx, CODE, "Đăng ký khai sinh (lần ba)");
    invalidateCatalogue(ctx.deps);
    expect((await ctx.app.inject(`/api/procedures/${CODE}`)).json()).toMatchObject({
      version: 3,
      name: "Đăng ký khai sinh (lần ba)",
    });
    expect((await ctx.app.inject({ url: `/thu-tuc/${CODE}?lang=en`, headers: html })).body).toContain("(lần ba)");
  });

  it("shows a unit's new telephone number (contact details are part of the page)", async () => {
    const p = (await ctx.app.inject(`/api/procedures/${CODE}`)).json();
    const unitCode: string = p.competentUnit.code;
    await ctx.deps.db.updateTable("units").set({ phone: "0243 999 8888" }).where("code", "=", unitCode).execute();
    const seen = await eventually(async () => {
      const api = (await ctx.app.inject(`/api/procedures/${CODE}`)).json();
      return api.competentUnit.phone === "0243 999 8888";
    });
    expect(seen).toBe(true);
  });

  it("stops serving a withdrawn procedure", async () => {
    await ctx.deps.db
      .updateTable("procedures")
      .set({ current_version_id: null })
      .where("national_code", "=", CODE)
      .execute();
    const gone = await eventually(async () => {
      const api = await ctx.app.inject(`/api/procedures/${CODE}`);
      const page = await ctx.app.inject({ url: `/thu-tuc/${CODE}`, headers: html });
      return api.statusCode === 404 && page.statusCode === 404;
    });
    expect(gone).toBe(true);
  });
});
