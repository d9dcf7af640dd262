import { messages, PGlite, parse, protocol, types } from "@electric-sql/pglite";

/** Statements kept prepared (by text); beyond this, statements run unnamed as before. */
const PREPARED_LIMIT = 2000;

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";

/**
 * A `pg.Pool`-shaped facade over one embedded PGlite instance, so that Kysely's PostgresDialect drives both
 * PostgreSQL and PGlite through one code path. PGlite is a single session: `connect()` hands out the one
 * connection under a FIFO mutex, which is what a pool of size 1 does.
 */
export class PGlitePool implements PostgresPool {
  private queue: Array<() => void> = [];
  private busy = false;
  /** Prepared statements by text: their name and parameter types. */
  private statements = new Map<string, { name: string; types: number[] }>();
  private nextStatement = 0;

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
        const res =
          params.length > 0 && this.statements.size < PREPARED_LIMIT
            ? await this.prepared(sql, params)
            : await this.pg.query(sql, params as unknown[]);
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

  /**
   * Runs a parameterised statement as a named prepared statement: parsed and described once, then bound and executed
   * in one protocol exchange. Planning dominates the cost of a short query in PGlite (several milliseconds on the
   * `dossiers` table with its indexes against well under one to execute a kept plan), and PGlite's own query() parses
   * and plans every call. Values are serialised and rows parsed exactly as query() does.
   */
  private async prepared(sql: string, params: readonly unknown[]) {
    const { serialize } = protocol;
    let st = this.statements.get(sql);
    if (!st) {
      const name = `motcua_${(this.nextStatement++).toString(36)}`;
      const described = await this.pg.execProtocol(
        concat([serialize.parse({ name, text: sql }), serialize.describe({ type: "S", name }), serialize.sync()]),
        { syncToFs: false },
      );
      st = { name, types: parse.parseDescribeStatementResults(described.messages) };
      this.statements.set(sql, st);
    }
    const values = params.map((v, i) => {
      if (v === null || v === undefined) return null;
      const serializer = this.pg.serializers[st.types[i]];
      return serializer ? serializer(v) : String(v);
    });
    let result: Awaited<ReturnType<PGlite["execProtocol"]>>;
    try {
      result = await this.pg.execProtocol(
        concat([
          serialize.bind({ statement: st.name, values }),
          serialize.describe({ type: "P" }),
          serialize.execute({}),
          serialize.sync(),
        ]),
        { syncToFs: false },
      );
    } catch (e) {
      // A plan made stale by a migration ("cached plan must not change result type"): prepared afresh next time.
      if ((e as { code?: string }).code === "0A000") this.statements.delete(sql);
      throw e;
    }
    const ready = result.messages.findLast((m) => m instanceof messages.ReadyForQueryMessage) as
      | { status: string }
      | undefined;
    if (ready?.status === "I") await this.pg.syncToFs(); // as query() does outside a transaction
    return parse.parseResults(result.messages, this.pg.parsers)[0] ?? { rows: [], affectedRows: 0 };
  }

  async end() {
    await this.pg.close();
  }
}
