import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenedDatabase, openDatabase } from "../../src/adapters/db/index.js";

/** On a PostgreSQL server with MOTCUA_TEST_PG; PGlite (below) always. */
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

describe("PGlite keeps parameterised statements prepared", () => {
  let dir: string;
  let opened: OpenedDatabase;
  const t = () => opened.db as any;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "motcua-pglite-"));
    opened = await openDatabase(undefined, dir);
    await sql`create table t (id int primary key, v text, d date, at timestamptz, n int8, j jsonb, b boolean)`.execute(
      opened.db,
    );
  });
  afterAll(async () => {
    await opened.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("binds and reads every kind of value the app uses, the same on each call", async () => {
    const at = new Date("2026-03-04T05:06:07.089Z");
    for (const id of [1, 2, 3]) {
      await t()
        .insertInto("t")
        .values({
          id,
          v: `v${id}`,
          d: "2026-01-02",
          at,
          n: 9007199254740991,
          j: JSON.stringify({ a: [id] }),
          b: id > 1,
        })
        .execute();
    }
    await t().insertInto("t").values({ id: 4, v: null, d: null, at: null, n: null, j: null, b: null }).execute();
    for (const id of [1, 3, 1]) {
      const row = await t().selectFrom("t").selectAll().where("id", "=", id).executeTakeFirst();
      expect(row).toEqual({ id, v: `v${id}`, d: "2026-01-02", at, n: 9007199254740991, j: { a: [id] }, b: id > 1 });
    }
    expect(await t().selectFrom("t").selectAll().where("id", "=", 4).executeTakeFirst()).toEqual({
      id: 4,
      v: null,
      d: null,
      at: null,
      n: null,
      j: null,
      b: null,
    });
    const prepared = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(opened.db);
    expect(prepared.rows.filter((r) => r.statement === 'select * from "t" where "id" = $1')).toHaveLength(1);
    const updated = await t().updateTable("t").set({ v: "x" }).where("id", ">", 1).executeTakeFirst();
    expect(Number(updated.numUpdatedRows)).toBe(3);
  });

  it("reports a failing statement with its code and goes on working", async () => {
    const dup = () => t().insertInto("t").values({ id: 1, v: "again" }).execute();
    await expect(dup()).rejects.toMatchObject({ code: "23505" });
    await expect(dup()).rejects.toMatchObject({ code: "23505" });
    expect((await t().selectFrom("t").select("v").where("id", "=", 1).executeTakeFirst()).v).toBe("v1");
  });

  it("commits and rolls back transactions, and a commit is on disk after reopening", async () => {
    await expect(
      opened.db.transaction().execute(async (trx) => {
        await (trx as any).insertInto("t").values({ id: 10, v: "rolled back" }).execute();
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    await opened.db.transaction().execute(async (trx) => {
      await (trx as any).insertInto("t").values({ id: 11, v: "kept" }).execute();
    });
    await opened.close();
    opened = await openDatabase(undefined, dir);
    const rows = await t().selectFrom("t").select(["id", "v"]).where("id", ">=", 10).execute();
    expect(rows).toEqual([{ id: 11, v: "kept" }]);
  });

  it("recovers when a migration changes what a prepared select * returns", async () => {
    const all = (id: number) => t().selectFrom("t").selectAll().where("id", "=", id).executeTakeFirst();
    expect(await all(11)).toMatchObject({ id: 11, v: "kept" });
    await sql`alter table t add column w text not null default 'x'`.execute(opened.db);
    let first: unknown;
    try {
      first = await all(11);
    } catch (e) {
      expect((e as Error).message).toMatch(/cached plan/);
    }
    if (first !== undefined) expect(first).toMatchObject({ id: 11, w: "x" });
    expect(await all(11)).toMatchObject({ id: 11, v: "kept", w: "x" });
  });
});
