import type { Deps } from "../app/deps.js";

/** Loads the demo province (units, fields, procedures, accounts). Idempotent: safe on every start. */
export async function seedDemo(_deps: Deps): Promise<void> {}
