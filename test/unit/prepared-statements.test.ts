import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenedDatabase, openDatabase } from "../../src/adapters/db/index.js";

/** Prepared statements exist only on PostgreSQL (PGlite runs each statement unnamed); run with MOTCUA_TEST_PG. */
const admin = process.env.MOTCUA_TEST_PG;

describe.runIf(admin)("PostgreSQL connections keep parameterised statements prepared", () => {
  const name = `motcua_t_${randomBytes(6).toString("hex")}`;
  let opened: OpenedDatabase;
  const adminQuery = async (q: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  beforeAll(async () => {
    await adminQuery(`create database ${name}`);
    const url = new URL(admin!);
    url.pathname = `/${name}`;
    opened = await openDatabase(url.toString(), undefined, 1); // one connection, so every query sees its statements
    await sql`create table t (id int primary key, v text)`.execute(opened.db);
    await sql`insert into t values (1, 'a'), (2, 'b')`.execute(opened.db);
  });
  afterAll(async () => {
    await opened.close();
    await adminQuery(`drop database if exists ${name} with (force)`);
  });

  const preparedTexts = async () =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(opened.db)).rows.map(
      (r) => r.statement,
    );

  it("prepares a parameterised statement once and reuses it, with the right rows each time", async () => {
    const q = (id: number) =>
      (opened.db as any).selectFrom("t").select("v").where("id", "=", id).executeTakeFirst() as Promise<
        { v: string } | undefined
      >;
    expect(await q(1)).toEqual({ v: "a" });
    expect(await q(2)).toEqual({ v: "b" });
    expect(await q(3)).toBeUndefined();
    const texts = await preparedTexts();
    expect(texts.filter((t) => t === 'select "v" from "t" where "id" = $1')).toHaveLength(1);
  });

  it("leaves statements without parameters unnamed", async () => {
    await sql`select count(*) from t`.execute(opened.db);
    expect(await preparedTexts()).not.toContain("select count(*) from t");
  });

  it("recovers when a migration changes what a prepared select * returns", async () => {
    const all = (id: number) =>
      (opened.db as any).selectFrom("t").selectAll().where("id", "=", id).executeTakeFirst() as Promise<unknown>;
    expect(await all(1)).toEqual({ id: 1, v: "a" });
    await sql`alter table t add column w text not null default 'x'`.execute(opened.db);
    // The server refuses the stale plan once; the connection forgets it and the next call prepares it again.
    let first: unknown;
    try {
      first = await all(1);
    } catch (e) {
      expect((e as Error).message).toMatch(/cached plan/);
    }
    if (first !== undefined) expect(first).toEqual({ id: 1, v: "a", w: "x" });
    expect(await all(1)).toEqual({ id: 1, v: "a", w: "x" });
  });
});
