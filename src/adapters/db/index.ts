import { mkdirSync } from "node:fs";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { PGlitePool } from "./pglite-pool.js";
import { cachePreparedStatements } from "./prepared.js";
import type { Database } from "./schema.js";

export type { Database } from "./schema.js";
export type DB = Kysely<Database>;

// One representation of values on both engines: int8 as number (ids, money in VND), date as 'YYYY-MM-DD' text.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export interface OpenedDatabase {
  db: DB;
  kind: "postgres" | "pglite";
  close(): Promise<void>;
}

/**
 * Opens PostgreSQL when `url` is a postgres:// URL, otherwise embedded PGlite stored in `pgliteDir`
 * (in memory when `pgliteDir` is undefined).
 */
export async function openDatabase(
  url: string | undefined,
  pgliteDir?: string,
  poolSize = 10,
): Promise<OpenedDatabase> {
  if (url?.startsWith("postgres")) {
    const pool = new pg.Pool({ connectionString: url, max: poolSize });
    // An idle connection that dies (server restart, failover, admin termination) must not crash the process:
    // the pool drops it and opens a new one on next use.
    pool.on("error", (err) => {
      if (!pool.ending) console.error(`database connection lost: ${err.message}`);
    });
    pool.on("connect", (client) => cachePreparedStatements(client));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: "postgres", close: () => db.destroy() };
  }
  if (pgliteDir) mkdirSync(pgliteDir, { recursive: true });
  const pool = await PGlitePool.open(pgliteDir);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: "pglite", close: () => db.destroy() };
}
