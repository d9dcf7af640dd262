import { randomBytes } from "node:crypto";
import pg from "pg";
import { type DB, openDatabase } from "../../src/adapters/db/index.js";
import { migrateToLatest } from "../../src/adapters/db/migrate.js";

/**
 * A fresh, migrated database for one test file. With MOTCUA_TEST_PG=postgres://… it creates a database on that
 * server and drops it afterwards; otherwise an in-memory PGlite.
 */
export interface TestDatabase {
  db: DB;
  kind: "postgres" | "pglite";
  url: string | undefined;
  drop(): Promise<void>;
}

/**
 * `connectTimeoutMs`: how long a request may wait for a connection of the pool (default the application's 10 s); a
 * test of many concurrent requests that checks their outcome, not load shedding, raises it so a slow shared machine
 * does not turn the wait into 503s.
 */
export async function createTestDatabase(opts: { connectTimeoutMs?: number } = {}): Promise<TestDatabase> {
  const admin = process.env.MOTCUA_TEST_PG;
  if (admin) {
    const name = `motcua_t_${randomBytes(6).toString("hex")}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`create database ${name}`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    const opened = await openDatabase(url.toString(), undefined, 20, opts.connectTimeoutMs);
    await migrateToLatest(opened.db);
    return {
      db: opened.db,
      kind: "postgres",
      url: url.toString(),
      async drop() {
        await opened.close();
        const c = new pg.Client({ connectionString: admin });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const opened = await openDatabase(undefined);
  await migrateToLatest(opened.db);
  return { db: opened.db, kind: "pglite", url: undefined, drop: () => opened.close() };
}
