import type { DemoProcedure } from "./types.js";
import { demoCatalogueFile, demoCatalogueFileNames } from "./files.js";

export { DEMO_FIELDS, FIELD } from "./fields.js";
export type { DemoProcedure } from "./types.js";
export * from "./units.js";

/** Every procedure of the demo catalogue (src/demo/catalogue/data/*.json), in file order. */
export const DEMO_PROCEDURES: DemoProcedure[] = demoCatalogueFileNames().flatMap(
  (n) => demoCatalogueFile(n).procedures as DemoProcedure[],
);
