import type { Officer } from "../../app/actors.js";
import type { OfficeUser } from "../../web/office/common.js";

/** The first value of a query or form parameter that may come repeated. */
export const one = (v: unknown): string | undefined =>
  typeof v === "string" ? v : Array.isArray(v) && typeof v[0] === "string" ? v[0] : undefined;

/** What the office page shell shows of the signed-in officer. */
export const userOf = (o: Officer): OfficeUser => ({ name: o.name, unitName: o.unitName, roles: o.roles });
