import type pg from "pg";

/** Statements kept prepared per connection; beyond this, statements run unnamed as before. */
export const PREPARED_PER_CONNECTION = 1000;

/**
 * Makes one PostgreSQL connection run every parameterised statement as a named prepared statement, keyed by its text.
 * Kysely compiles a given query shape to the same text each time, so the server parses it once per connection and,
 * after a few executions, keeps its plan: planning a look-up on the `dossiers` table (two dozen indexes) costs about
 * ten times its execution, so this is most of the database's CPU on the read and submission paths. Statements without
 * parameters (migrations, transaction control, several statements at once) run as before, unnamed. At most
 * PREPARED_PER_CONNECTION texts are kept per connection (query shapes are few: each `in (…)` length is one).
 *
 * A statement prepared before a migration that changes the columns a `select *` returns fails once on this connection
 * ("cached plan must not change result type"); the connection then forgets it and prepares it again on next use.
 */
export function cachePreparedStatements(client: pg.PoolClient | pg.Client): void {
  const names = new Map<string, string>();
  let next = 0;
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  const prepared = (...args: unknown[]): unknown => {
    const [text, values, callback] = args;
    if (typeof text !== "string" || !Array.isArray(values) || values.length === 0 || callback !== undefined)
      return original(...args);
    let name = names.get(text);
    if (!name) {
      if (names.size >= PREPARED_PER_CONNECTION) return original(...args);
      name = `motcua_${(next++).toString(36)}`;
      names.set(text, name);
    }
    const result = original({ name, text, values }) as Promise<unknown>;
    return result.catch((e: { code?: string; message?: string }) => {
      if (e?.code === "0A000" && /cached plan/.test(e.message ?? "")) forget(client, names, text);
      throw e;
    });
  };
  client.query = prepared as typeof client.query;
}

function forget(client: pg.PoolClient | pg.Client, names: Map<string, string>, text: string): void {
  const name = names.get(text);
  names.delete(text);
  // pg remembers which names it parsed on this connection; the next use of the text gets a new name anyway.
  if (name) void (client.query(`deallocate "${name}"`) as Promise<unknown>).catch(() => {});
}
