import { PGlite, types } from "@electric-sql/pglite";
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";

/**
 * A `pg.Pool`-shaped facade over one embedded PGlite instance, so that Kysely's PostgresDialect drives both
 * PostgreSQL and PGlite through one code path. PGlite is a single session: `connect()` hands out the one
 * connection under a FIFO mutex, which is what a pool of size 1 does.
 */
export class PGlitePool implements PostgresPool {
  private queue: Array<() => void> = [];
  private busy = false;

  constructor(readonly pg: PGlite) {}

  static async open(dataDir: string | undefined): Promise<PGlitePool> {
    // The options-object form: with `new PGlite(dir, opts)` PGlite 0.5 ignores some parsers (date came back as Date).
    const pg = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      parsers: {
        [types.INT8]: (v: string) => Number(v),
        [types.DATE]: (v: string) => v,
        [types.NUMERIC]: (v: string) => v,
      },
    });
    return new PGlitePool(pg);
  }

  async connect(): Promise<PostgresPoolClient> {
    if (this.busy) await new Promise<void>((r) => this.queue.push(r));
    this.busy = true;
    let released = false;
    return {
      // Only the (sql, parameters) form of PostgresPoolClient.query: Kysely asks for a cursor only when a query is
      // streamed, which this code base never does on PGlite.
      query: (async <R>(sql: string, params: readonly unknown[] = []): Promise<PostgresQueryResult<R>> => {
        if (params.length === 0 && /;\s*\S/.test(sql)) {
          // Several statements (migrations): the simple-query protocol.
          const all = await this.pg.exec(sql);
          const last = all[all.length - 1];
          return { command: "SELECT", rowCount: last?.affectedRows ?? 0, rows: (last?.rows ?? []) as R[] };
        }
        const res = await this.pg.query(sql, params as unknown[]);
        const command = (/^\s*(\w+)/.exec(sql)?.[1] ?? "SELECT").toUpperCase() as PostgresQueryResult<R>["command"];
        return { command, rowCount: res.affectedRows ?? res.rows.length, rows: res.rows as R[] };
      }) as PostgresPoolClient["query"],
      release: () => {
        if (released) return;
        released = true;
        const next = this.queue.shift();
        if (next) next();
        else this.busy = false;
      },
    };
  }

  async end() {
    await this.pg.close();
  }
}
