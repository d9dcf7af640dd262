import { type Static, Type } from "@sinclair/typebox";
import type { Officer } from "../actors.js";
import { invalidateCatalogue } from "../catalogue.js";
import type { Deps } from "../deps.js";
import { type FieldError, invalidInput, notFound, parseInput } from "../errors.js";
import { auditOfficer } from "../officers.js";
import { authoriseOfficerAdmin } from "./officers.js";
import { DAY_NAMES, type ReceptionHours, receptionHoursProblem } from "../../domain/reception-hours.js";

/**
 * Administration of the province's units (issue #9): the tree (province, centre, departments and agencies,
 * communes/wards), each unit's contact details and whether it receives dossiers; new units. Units are part of the
 * public catalogue (procedure pages show their address and telephone): the catalogue's signature includes them, so
 * every node shows a change within seconds. Every change is audited with its before and after.
 */

export const UNIT_KINDS = ["province", "department", "centre", "commune", "ministry", "agency"] as const;
export const UNIT_LEVELS = ["province", "commune", "ministry"] as const;

export interface AdminUnit {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  kind: string;
  level: string;
  parentId: string | null;
  parentName: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  receivesDossiers: boolean;
  /** Reception hours when they differ from the working time (null: the working time). */
  receptionHours: ReceptionHours | null;
  officers: number;
  /** Depth in the tree (0 for a root), for an indented list. */
  depth: number;
}

export async function listAdminUnits(deps: Deps, admin: Pick<Officer, "roles">): Promise<AdminUnit[]> {
  authoriseOfficerAdmin(admin);
  const rows = await deps.db
    .selectFrom("units as u")
    .leftJoin("units as p", "p.id", "u.parent_id")
    .select((eb) => [
      "u.id",
      "u.code",
      "u.name",
      "u.short_name",
      "u.kind",
      "u.level",
      "u.parent_id",
      "p.name as parent_name",
      "u.address",
      "u.phone",
      "u.email",
      "u.receives_dossiers",
      "u.reception_hours",
      eb
        .selectFrom("officers as o")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("o.unit_id", "=", "u.id")
        .where("o.active", "=", true)
        .as("officers"),
    ])
    .orderBy("u.code")
    .execute();
  // The tree in order: each unit after its parent, children by code.
  const byParent = new Map<string | null, typeof rows>();
  const ids = new Set(rows.map((r) => r.id));
  for (const r of rows) {
    const key = r.parent_id && ids.has(r.parent_id) ? r.parent_id : null;
    byParent.set(key, [...(byParent.get(key) ?? []), r]);
  }
  const out: AdminUnit[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const r of byParent.get(parent) ?? []) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push({
        id: r.id,
        code: r.code,
        name: r.name,
        shortName: r.short_name,
        kind: r.kind,
        level: r.level,
        parentId: r.parent_id,
        parentName: r.parent_name,
        address: r.address,
        phone: r.phone,
        email: r.email,
        receivesDossiers: r.receives_dossiers,
        receptionHours: r.reception_hours ?? null,
        officers: Number(r.officers ?? 0),
        depth,
      });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

const Opt = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const Clock = Type.String({ pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$" });
/** Seven days, Monday first, each up to four periods; null: the province's working time. */
export const ReceptionHoursSchema = Type.Union([
  Type.Array(Type.Array(Type.Object({ start: Clock, end: Clock }), { maxItems: 4 }), { minItems: 7, maxItems: 7 }),
  Type.Null(),
]);
export const UnitChanges = Type.Object({
  receptionHours: Type.Optional(ReceptionHoursSchema),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  shortName: Opt(100),
  address: Opt(300),
  phone: Opt(50),
  email: Opt(200),
  receivesDossiers: Type.Optional(Type.Boolean()),
  parentCode: Opt(40),
});
export type UnitChanges = Static<typeof UnitChanges>;

export const NewUnit = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 40 }),
  name: Type.String({ minLength: 1, maxLength: 300 }),
  kind: Type.Union(UNIT_KINDS.map((k) => Type.Literal(k))),
  level: Type.Union(UNIT_LEVELS.map((k) => Type.Literal(k))),
  parentCode: Opt(40),
  shortName: Opt(100),
  address: Opt(300),
  phone: Opt(50),
  email: Opt(200),
  receivesDossiers: Type.Optional(Type.Boolean()),
});
export type NewUnit = Static<typeof NewUnit>;

const PHONE = /^[0-9 +().-]{6,50}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

function checkContact(fields: FieldError[], c: { phone?: string; email?: string }) {
  if (c.phone?.trim() && !PHONE.test(c.phone.trim()))
    fields.push({ path: "phone", text: { vi: "Số điện thoại không hợp lệ.", en: "Not a valid telephone number." } });
  if (c.email?.trim() && !EMAIL.test(c.email.trim()))
    fields.push({
      path: "email",
      text: { vi: "Địa chỉ thư điện tử không hợp lệ.", en: "Not a valid e-mail address." },
    });
}

const blank = (s: string | undefined) => (s === undefined ? undefined : s.trim() || null);

export async function createUnit(deps: Deps, admin: Officer, raw: unknown, ctx: { ip?: string | null } = {}) {
  authoriseOfficerAdmin(admin);
  const input = parseInput(NewUnit, raw);
  const fields: FieldError[] = [];
  if (!CODE.test(input.code))
    fields.push({
      path: "code",
      text: { vi: "Mã đơn vị: chữ, số, dấu chấm, gạch.", en: "Unit code: letters, digits, dots, hyphens." },
    });
  checkContact(fields, input);
  const taken = await deps.db.selectFrom("units").select("id").where("code", "=", input.code).executeTakeFirst();
  if (taken) fields.push({ path: "code", text: { vi: "Mã đơn vị đã được dùng.", en: "This unit code is taken." } });
  let parentId: string | null = null;
  if (input.parentCode?.trim()) {
    const p = await deps.db
      .selectFrom("units")
      .select("id")
      .where("code", "=", input.parentCode.trim())
      .executeTakeFirst();
    if (!p)
      fields.push({
        path: "parentCode",
        text: { vi: `Không có đơn vị mã ${input.parentCode}`, en: `No unit has the code ${input.parentCode}` },
      });
    else parentId = p.id;
  }
  if (fields.length) throw invalidInput(fields);
  const id = await deps.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("units")
      .values({
        code: input.code,
        name: input.name.trim(),
        short_name: blank(input.shortName) ?? null,
        kind: input.kind,
        level: input.level,
        parent_id: parentId,
        address: blank(input.address) ?? null,
        phone: blank(input.phone) ?? null,
        email: blank(input.email) ?? null,
        receives_dossiers: input.receivesDossiers ?? false,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await auditOfficer(
      deps,
      {
        action: "unit.created",
        actorId: admin.id,
        unitId: admin.unitId,
        target: input.code,
        ip: ctx.ip ?? null,
        data: { unitId: row.id, ...input },
      },
      tx,
    );
    return row.id;
  });
  invalidateCatalogue(deps);
  return id;
}

/** Edits a unit's name, contact details, parent or reception; refuses a parent that would make a cycle. */
export async function updateUnit(
  deps: Deps,
  admin: Officer,
  id: string,
  raw: unknown,
  ctx: { ip?: string | null } = {},
): Promise<void> {
  authoriseOfficerAdmin(admin);
  const input = parseInput(UnitChanges, raw);
  const before = await deps.db.selectFrom("units").selectAll().where("id", "=", id).executeTakeFirst();
  if (!before) throw notFound("not_found", { vi: "Không tìm thấy đơn vị.", en: "Unit not found." });
  const fields: FieldError[] = [];
  checkContact(fields, input);
  if (input.name !== undefined && !input.name.trim())
    fields.push({ path: "name", text: { vi: "Bắt buộc nhập tên đơn vị.", en: "The unit's name is required." } });
  let parentId = before.parent_id;
  if (input.parentCode !== undefined) {
    const code = input.parentCode.trim();
    if (!code) parentId = null;
    else {
      const p = await deps.db.selectFrom("units").select("id").where("code", "=", code).executeTakeFirst();
      if (!p)
        fields.push({
          path: "parentCode",
          text: { vi: `Không có đơn vị mã ${code}`, en: `No unit has the code ${code}` },
        });
      else {
        // the new parent must not be the unit itself or below it
        const all = await deps.db.selectFrom("units").select(["id", "parent_id"]).execute();
        const parentOf = new Map(all.map((u) => [u.id, u.parent_id]));
        let cur: string | null | undefined = p.id;
        let cycle = false;
        for (let i = 0; cur && i < all.length + 1; i++) {
          if (cur === id) {
            cycle = true;
            break;
          }
          cur = parentOf.get(cur);
        }
        if (cycle)
          fields.push({
            path: "parentCode",
            text: {
              vi: "Đơn vị cấp trên không thể là chính đơn vị này hoặc một đơn vị trực thuộc nó.",
              en: "The parent cannot be the unit itself or one of its own sub-units.",
            },
          });
        else parentId = p.id;
      }
    }
  }
  if (input.receptionHours) {
    const problem = receptionHoursProblem(input.receptionHours);
    if (problem)
      fields.push({
        path: `receptionHours.${problem.day}`,
        text: {
          vi: `Giờ tiếp nhận ${DAY_NAMES.vi[problem.day]}: ${problem.problem.vi}.`,
          en: `Reception hours on ${DAY_NAMES.en[problem.day]}: ${problem.problem.en ?? problem.problem.vi}.`,
        },
      });
  }
  if (fields.length) throw invalidInput(fields);
  const set = {
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.shortName !== undefined ? { short_name: blank(input.shortName) ?? null } : {}),
    ...(input.address !== undefined ? { address: blank(input.address) ?? null } : {}),
    ...(input.phone !== undefined ? { phone: blank(input.phone) ?? null } : {}),
    ...(input.email !== undefined ? { email: blank(input.email) ?? null } : {}),
    ...(input.receivesDossiers !== undefined ? { receives_dossiers: input.receivesDossiers } : {}),
    parent_id: parentId,
  };
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, v] of Object.entries(set)) {
    const old = (before as Record<string, unknown>)[k];
    if (old !== v) changes[k] = { from: old, to: v };
  }
  const hours = input.receptionHours;
  const hoursChanged = hours !== undefined && JSON.stringify(hours) !== JSON.stringify(before.reception_hours ?? null);
  if (hoursChanged) changes.reception_hours = { from: before.reception_hours ?? null, to: hours };
  if (Object.keys(changes).length === 0) return;
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .updateTable("units")
      .set({ ...set, ...(hoursChanged ? { reception_hours: hours === null ? null : JSON.stringify(hours) } : {}) })
      .where("id", "=", id)
      .execute();
    await auditOfficer(
      deps,
      {
        action: "unit.updated",
        actorId: admin.id,
        unitId: admin.unitId,
        target: before.code,
        ip: ctx.ip ?? null,
        data: { unitId: id, changes },
      },
      tx,
    );
  });
  invalidateCatalogue(deps);
}
