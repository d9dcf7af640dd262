import type { DB } from "../../src/adapters/db/index.js";
import { invalidateCatalogue } from "../../src/app/catalogue.js";
import type { Component, ProcessSpec, TimeLimit } from "../../src/domain/catalogue.js";
import { DEFAULT_RULE_SET_CODE, DEFAULT_RULES } from "../../src/domain/rules.js";
import type { EForm } from "../../src/shared/eform.js";

export interface TestProcedure {
  procedureId: string;
  versionId: string;
  code: string;
  unitId: string;
  unitCode: string;
  specialistUnitId: string;
}

export const TEST_EFORM: EForm = {
  sections: [
    {
      key: "applicant",
      title: { vi: "Người yêu cầu", en: "Applicant" },
      fields: [
        {
          key: "fullName",
          type: "text",
          label: { vi: "Họ và tên", en: "Full name" },
          required: true,
          prefill: "name",
          maxLength: 100,
        },
        {
          key: "idNumber",
          type: "cccd",
          label: { vi: "Số định danh cá nhân", en: "Personal ID number" },
          required: true,
          prefill: "idNumber",
        },
        {
          key: "birthDate",
          type: "date",
          label: { vi: "Ngày sinh", en: "Date of birth" },
          required: true,
          dateRule: "past",
          prefill: "birthDate",
        },
        { key: "phone", type: "phone", label: { vi: "Số điện thoại", en: "Phone" }, required: false, prefill: "phone" },
      ],
    },
  ],
};

export const TEST_COMPONENTS: Component[] = [
  { code: "TK", name: "Tờ khai", form: "original", quantity: 1, required: true },
  { code: "GT", name: "Giấy tờ kèm theo", form: "copy", quantity: 1, required: false },
];

/**
 * Inserts a receiving centre, a specialist department, a field, the default rule set and one published procedure
 * (3-step process) for tests that must not depend on the demo catalogue. Idempotent per `code`.
 */
export async function insertTestProcedure(
  db: DB,
  opts: {
    code?: string;
    name?: string;
    timeLimit?: TimeLimit;
    onlineKind?: "end_to_end" | "partial" | "none";
    process?: ProcessSpec;
    status?: "published" | "draft";
  } = {},
): Promise<TestProcedure> {
  const code = opts.code ?? "9.999001";
  const inserted = await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("rule_sets")
      .values({
        code: DEFAULT_RULE_SET_CODE,
        name: "Nghị định 118/2025/NĐ-CP",
        effective_from: "2025-07-01",
        rules: JSON.stringify(DEFAULT_RULES),
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const unit = await trx
      .insertInto("units")
      .values({
        code: "000.00.99.H99",
        name: "Trung tâm Phục vụ hành chính công tỉnh Thử nghiệm",
        kind: "centre",
        level: "province",
      })
      .onConflict((oc) => oc.column("code").doUpdateSet({ name: (eb) => eb.ref("excluded.name") }))
      .returning(["id", "code"])
      .executeTakeFirstOrThrow();
    const dept = await trx
      .insertInto("units")
      .values({
        code: "000.01.99.H99",
        name: "Sở Tư pháp tỉnh Thử nghiệm",
        kind: "department",
        level: "province",
        parent_id: unit.id,
      })
      .onConflict((oc) => oc.column("code").doUpdateSet({ name: (eb) => eb.ref("excluded.name") }))
      .returning(["id"])
      .executeTakeFirstOrThrow();
    const field = await trx
      .insertInto("fields")
      .values({ code: "H99-TEST", name: "Lĩnh vực thử nghiệm", name_en: "Test field" })
      .onConflict((oc) => oc.column("code").doUpdateSet({ name: (eb) => eb.ref("excluded.name") }))
      .returning("id")
      .executeTakeFirstOrThrow();
    const existing = await trx
      .selectFrom("procedures")
      .select(["id", "current_version_id"])
      .where("national_code", "=", code)
      .executeTakeFirst();
    if (existing?.current_version_id)
      return {
        procedureId: existing.id,
        versionId: existing.current_version_id,
        code,
        unitId: unit.id,
        unitCode: unit.code,
        specialistUnitId: dept.id,
      };
    const proc = await trx
      .insertInto("procedures")
      .values({ national_code: code })
      .returning("id")
      .executeTakeFirstOrThrow();
    const version = await trx
      .insertInto("procedure_versions")
      .values({
        procedure_id: proc.id,
        version: 1,
        status: opts.status ?? "published",
        name: opts.name ?? "Thủ tục thử nghiệm cấp giấy xác nhận",
        field_id: field.id,
        level: "province",
        competent_unit_id: dept.id,
        implementing_unit_ids: JSON.stringify([unit.id]),
        time_limit: JSON.stringify(opts.timeLimit ?? { unit: "working_days", value: 3 }),
        fees: JSON.stringify([{ name: "Lệ phí", amount: 50000 }]),
        components: JSON.stringify(TEST_COMPONENTS),
        result: JSON.stringify({ name: "Giấy xác nhận", electronic: true }),
        legal_bases: JSON.stringify([{ number: "123/2015/NĐ-CP", title: "Nghị định quy định chi tiết Luật Hộ tịch" }]),
        online_kind: opts.onlineKind ?? "end_to_end",
        eform: JSON.stringify(TEST_EFORM),
        process: JSON.stringify(
          opts.process ?? {
            steps: [
              { code: "TN", name: "Tiếp nhận hồ sơ", unit: "receiving", role: "receiving", budgetHours: 4 },
              { code: "TD", name: "Thẩm định", unit: "competent", role: "specialist", budgetHours: 12 },
              { code: "PD", name: "Phê duyệt", unit: "competent", role: "leader", budgetHours: 4 },
              { code: "TKQ", name: "Trả kết quả", unit: "receiving", role: "receiving", budgetHours: 4 },
            ],
          },
        ),
        published_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if ((opts.status ?? "published") === "published")
      await trx.updateTable("procedures").set({ current_version_id: version.id }).where("id", "=", proc.id).execute();
    return {
      procedureId: proc.id,
      versionId: version.id,
      code,
      unitId: unit.id,
      unitCode: unit.code,
      specialistUnitId: dept.id,
    };
  });
  // this process's published catalogue is read again (as after a publication on this node)
  invalidateCatalogue({ db });
  return inserted;
}
