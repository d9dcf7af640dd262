import { type Static, Type } from "@sinclair/typebox";
import { sql } from "kysely";
import { addDays, dayStartMs, isValidDay } from "../../domain/calendar/days.js";
import type { Role } from "../../domain/catalogue.js";
import type { Officer } from "../actors.js";
import type { Deps } from "../deps.js";
import { fieldError, forbidden, parseInput } from "../errors.js";

/**
 * The audit log for the operations page (issue #9): every officer action (sign-ins, dossier actions, administration)
 * filtered by action, officer, target and period, newest first. Administrators and supervisors read it; nobody
 * writes to it but the use cases, and nothing here changes it.
 */

export const AUDIT_READERS: Role[] = ["admin", "supervisor"];

export function authoriseAuditReader(officer: Pick<Officer, "roles">): void {
  if (!officer.roles.some((r) => AUDIT_READERS.includes(r)))
    throw forbidden("forbidden", {
      vi: "Chỉ quản trị viên và cán bộ giám sát được xem nhật ký hệ thống.",
      en: "Only administrators and supervisors read the audit log.",
    });
}

export const AuditFilter = Type.Object({
  action: Type.Optional(
    Type.String({ maxLength: 80, description: "An action, or its prefix ending with a dot (e.g. `officer.`)" }),
  ),
  officer: Type.Optional(Type.String({ maxLength: 50, description: "The acting officer's username" })),
  target: Type.Optional(Type.String({ maxLength: 100, description: "The target (username, dossier code …)" })),
  from: Type.Optional(Type.String({ maxLength: 10, description: "First day (yyyy-mm-dd, Vietnam time)" })),
  to: Type.Optional(Type.String({ maxLength: 10, description: "Last day, included" })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
});
export type AuditFilter = Static<typeof AuditFilter>;

export interface AuditItem {
  id: number;
  at: Date;
  actorKind: string;
  actorUsername: string | null;
  actorName: string | null;
  unitName: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  data: Record<string, unknown>;
}

const BAD_DAY = {
  vi: "Ngày không hợp lệ (định dạng năm-tháng-ngày, ví dụ 2026-12-01).",
  en: "Not a valid day (year-month-day, e.g. 2026-12-01).",
};

export async function listAudit(
  deps: Deps,
  reader: Pick<Officer, "roles">,
  raw: unknown = {},
): Promise<{ total: number; items: AuditItem[] }> {
  authoriseAuditReader(reader);
  const f = parseInput(AuditFilter, raw, "query");
  let q = deps.db
    .selectFrom("audit_log as a")
    .leftJoin("officers as o", (j) => j.onRef("o.id", "=", "a.actor_id").on("a.actor_kind", "=", "officer"))
    .leftJoin("units as u", "u.id", "a.unit_id");
  const action = f.action?.trim();
  if (action) q = action.endsWith(".") ? q.where("a.action", "like", `${action}%`) : q.where("a.action", "=", action);
  const officer = f.officer?.trim().toLowerCase();
  if (officer) q = q.where("o.username", "=", officer);
  const target = f.target?.trim();
  if (target) q = q.where("a.target", "=", target);
  for (const [key, value] of [
    ["from", f.from],
    ["to", f.to],
  ] as const)
    if (value && !isValidDay(value)) throw fieldError(`query.${key}`, BAD_DAY);
  if (f.from) q = q.where("a.at", ">=", new Date(dayStartMs(f.from)));
  if (f.to) q = q.where("a.at", "<", new Date(dayStartMs(addDays(f.to, 1))));
  const total = await q.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
  const rows = await q
    .select([
      "a.id",
      "a.at",
      "a.actor_kind",
      "a.action",
      "a.target",
      "a.ip",
      "a.data",
      "o.username",
      "o.name",
      "u.name as unit_name",
    ])
    .orderBy("a.at", "desc")
    .orderBy("a.id", "desc")
    .limit(f.limit ?? 100)
    .offset(f.offset ?? 0)
    .execute();
  return {
    total: total.n,
    items: rows.map((r) => ({
      id: Number(r.id),
      at: r.at,
      actorKind: r.actor_kind,
      actorUsername: r.username,
      actorName: r.name,
      unitName: r.unit_name,
      action: r.action,
      target: r.target,
      ip: r.ip,
      data: (r.data ?? {}) as Record<string, unknown>,
    })),
  };
}
