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
  connectTimeoutMs = 10_000,
): Promise<OpenedDatabase> {
  if (url?.startsWith("postgres")) {
    // A connection attempt that hangs (a failover in progress) fails after 10 s instead of holding the request. The
    // pool applies the same limit to a request waiting for a free connection: under overload it is shed with a 503.
    const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: connectTimeoutMs });
    // A connection that dies (server restart, failover, a pooler, an administrator terminating the backend) must not
    // crash the process. The pool listens on idle connections only; a connection checked out by a request (inside a
    // transaction, between two statements) emits its 'error' with nobody listening, which Node turns into an
    // uncaught exception. So every connection gets a listener of its own when it opens: the request's next statement
    // fails ("not queryable", answered 503 by the HTTP layer), the pool discards the connection on release and opens
    // a fresh one on next use.
    const lost = (err: Error) => {
      if (!pool.ending) console.error(`database connection lost: ${err.message}`);
    };
    pool.on("error", lost);
    pool.on("connect", (client) => {
      client.on("error", lost);
      cachePreparedStatements(client);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: "postgres", close: () => db.destroy() };
  }
  if (pgliteDir) mkdirSync(pgliteDir, { recursive: true });
  const pool = await PGlitePool.open(pgliteDir);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: "pglite", close: () => db.destroy() };
}

/**
 * A database handle that never connects: building the HTTP app only to read its routes (the OpenAPI document) must
 * not touch the database, and a query would fail loudly with `reason`.
 */
export function unconnectedDatabase(reason: string): DB {
  return new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: async () => {
        throw new Error(reason);
      },
    }),
  });
}
