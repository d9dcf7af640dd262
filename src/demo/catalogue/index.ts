import { BUSINESS } from "./procedures/business.js";
import { CERTIFICATION } from "./procedures/certification.js";
import { CIVIL_STATUS } from "./procedures/civil-status.js";
import { LAND_CONSTRUCTION } from "./procedures/land-construction.js";
import { LICENSING } from "./procedures/licensing.js";
import { RESIDENCE } from "./procedures/residence.js";
import { SOCIAL_EDUCATION } from "./procedures/social-education.js";
import type { DemoProcedure } from "./types.js";

export { DEMO_FIELDS, FIELD } from "./fields.js";
export type { DemoProcedure } from "./types.js";
export * from "./units.js";

/** Every procedure of the demo catalogue. */
export const DEMO_PROCEDURES: DemoProcedure[] = [
  ...CIVIL_STATUS,
  ...CERTIFICATION,
  ...RESIDENCE,
  ...BUSINESS,
  ...LAND_CONSTRUCTION,
  ...SOCIAL_EDUCATION,
  ...LICENSING,
];
