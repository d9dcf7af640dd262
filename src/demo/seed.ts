import type { Deps } from "../app/deps.js";
import { seedCatalogue } from "./catalogue/seed.js";
import { seedDemoOfficers } from "./officers.js";

/** Loads the demo province (units, fields, procedures, accounts). Idempotent: safe on every start. */
export async function seedDemo(deps: Deps): Promise<void> {
  await seedCatalogue(deps.db, deps.now());
  await seedDemoOfficers(deps);
}
