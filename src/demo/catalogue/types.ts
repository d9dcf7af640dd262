import type { CatalogueProcedure } from "../../domain/catalogue-rules.js";

/** One procedure of the demo catalogue, written from its public description; units and field named by code. */
export type DemoProcedure = CatalogueProcedure;
