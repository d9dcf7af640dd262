import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../src/adapters/db/index.js";
import { CENTRE_CODE, COMMUNE, COMMUNE_CODES, DEMO_PROCEDURES, DEMO_UNITS } from "../../src/demo/catalogue/index.js";
import { seedCatalogue } from "../../src/demo/catalogue/seed.js";
import { DEFAULT_RULE_SET_CODE, DEFAULT_RULES } from "../../src/domain/rules.js";
import { createTestApp, type TestContext } from "../helpers/app.js";

async function counts(db: DB) {
  const one = async (q: ReturnType<typeof sql<{ n: number }>>) => (await q.execute(db)).rows[0]!.n;
  return {
    units: await one(sql`select count(*)::int as n from units`),
    agencies: await one(
      sql`select count(*)::int as n from units where level = 'province' and kind in ('department', 'centre', 'agency')`,
    ),
    communes: await one(sql`select count(*)::int as n from units where kind = 'commune'`),
    fields: await one(sql`select count(*)::int as n from fields`),
    procedures: await one(sql`select count(*)::int as n from procedures`),
    versions: await one(sql`select count(*)::int as n from procedure_versions`),
    published:
      await one(sql`select count(*)::int as n from procedures p join procedure_versions v on v.id = p.current_version_id
      where v.status = 'published' and v.published_at is not null`),
    ruleSets: await one(sql`select count(*)::int as n from rule_sets`),
  };
}

describe("demo catalogue seed", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(); // runs seedDemo once
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it("loads the province, its agencies and communes, fields, the rule set and published procedures", async () => {
    const c = await counts(ctx.deps.db);
    expect(c.agencies).toBeGreaterThanOrEqual(10);
    expect(c.communes).toBeGreaterThanOrEqual(20);
    expect(c.units).toBe(DEMO_UNITS.length);
    expect(c.published).toBeGreaterThanOrEqual(30);
    expect(c.published).toBe(DEMO_PROCEDURES.length);
    expect(c.versions).toBe(c.procedures);
    const rs = await ctx.deps.db
      .selectFrom("rule_sets")
      .selectAll()
      .where("code", "=", DEFAULT_RULE_SET_CODE)
      .executeTakeFirstOrThrow();
    expect(rs.effective_from).toBe("2025-07-01");
    expect(rs.rules).toEqual(DEFAULT_RULES);
  });

  it("is idempotent: seeding again changes no count and creates no procedure", async () => {
    const before = await counts(ctx.deps.db);
    const again = await seedCatalogue(ctx.deps.db);
    expect(again).toEqual({ units: 0, fields: 0, proceduresCreated: 0 });
    const third = await seedCatalogue(ctx.deps.db);
    expect(third.proceduresCreated).toBe(0);
    expect(await counts(ctx.deps.db)).toEqual(before);
  });

  it("links units to their parents and procedures to existing units", async () => {
    const db = ctx.deps.db;
    const centre = await db
      .selectFrom("units as u")
      .innerJoin("units as p", "p.id", "u.parent_id")
      .select(["u.kind", "p.kind as parentKind", "u.receives_dossiers"])
      .where("u.code", "=", CENTRE_CODE)
      .executeTakeFirstOrThrow();
    expect(centre).toEqual({ kind: "centre", parentKind: "province", receives_dossiers: true });
    const orphans = await sql<{
      n: number;
    }>`select count(*)::int as n from units where parent_id is null and kind <> 'province'`.execute(db);
    expect(orphans.rows[0]!.n).toBe(0);
    // Every implementing unit id of every version is a real unit.
    const dangling = await sql<{ n: number }>`select count(*)::int as n from procedure_versions v,
      jsonb_array_elements_text(v.implementing_unit_ids) as e(id)
      where not exists (select 1 from units u where u.id::text = e.id)`.execute(db);
    expect(dangling.rows[0]!.n).toBe(0);
  });

  it("stores birth registration as written: commune level, every commune, free, with its template and e-form", async () => {
    const db = ctx.deps.db;
    const v = await db
      .selectFrom("procedures as p")
      .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
      .innerJoin("fields as f", "f.id", "v.field_id")
      .select([
        "v.name",
        "v.level",
        "v.version",
        "v.implementing_unit_ids",
        "v.fees",
        "v.components",
        "v.eform",
        "v.online_kind",
        "f.name as field",
        "v.time_limit",
      ])
      .where("p.national_code", "=", "1.001193")
      .executeTakeFirstOrThrow();
    expect(v).toMatchObject({
      name: "Đăng ký khai sinh",
      level: "commune",
      version: 1,
      online_kind: "end_to_end",
      field: "Hộ tịch",
    });
    expect(v.time_limit.unit).toBe("immediate");
    expect(v.implementing_unit_ids).toHaveLength(COMMUNE_CODES.length);
    const baDinh = await db
      .selectFrom("units")
      .select("id")
      .where("code", "=", COMMUNE.baDinh)
      .executeTakeFirstOrThrow();
    expect(v.implementing_unit_ids).toContain(baDinh.id);
    expect(v.fees[0]!.amount).toBe(0);
    expect(v.components[0]!.template?.file).toBe("to-khai-dang-ky-khai-sinh.pdf");
    expect(v.eform.sections.map((s) => s.key)).toContain("mother");
  });

  it("restores demo unit data but never overwrites an existing procedure", async () => {
    const db = ctx.deps.db;
    await db.updateTable("units").set({ name: "Đổi tên tạm" }).where("code", "=", CENTRE_CODE).execute();
    const proc = await db
      .selectFrom("procedures")
      .select(["id", "current_version_id"])
      .where("national_code", "=", "1.000894")
      .executeTakeFirstOrThrow();
    await db
      .updateTable("procedure_versions")
      .set({ name: "Đăng ký kết hôn (đã sửa)" })
      .where("id", "=", proc.current_version_id!)
      .execute();
    await seedCatalogue(db);
    const centre = await db
      .selectFrom("units")
      .select("name")
      .where("code", "=", CENTRE_CODE)
      .executeTakeFirstOrThrow();
    expect(centre.name).toBe(DEMO_UNITS.find((u) => u.code === CENTRE_CODE)!.name);
    const v = await db
      .selectFrom("procedure_versions")
      .select("name")
      .where("id", "=", proc.current_version_id!)
      .executeTakeFirstOrThrow();
    expect(v.name).toBe("Đăng ký kết hôn (đã sửa)");
  });

  it("fills in a procedure that is missing and leaves the rest alone", async () => {
    const db = ctx.deps.db;
    const target = DEMO_PROCEDURES[DEMO_PROCEDURES.length - 1]!.code;
    await db.transaction().execute(async (trx) => {
      const p = await trx
        .selectFrom("procedures")
        .select("id")
        .where("national_code", "=", target)
        .executeTakeFirstOrThrow();
      await trx.updateTable("procedures").set({ current_version_id: null }).where("id", "=", p.id).execute();
      await trx.deleteFrom("procedure_versions").where("procedure_id", "=", p.id).execute();
      await trx.deleteFrom("procedures").where("id", "=", p.id).execute();
    });
    const before = await counts(db);
    const r = await seedCatalogue(db);
    expect(r.proceduresCreated).toBe(1);
    const after = await counts(db);
    expect(after.procedures).toBe(before.procedures + 1);
    expect(after.published).toBe(DEMO_PROCEDURES.length);
  });
});
