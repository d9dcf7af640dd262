import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "../helpers/app.js";
import type { TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import { counts, insertSubmitProcedure, PDF, submit, upload, VALID_DATA } from "./submission-helpers.js";

/**
 * Issue #10 item 8: losing the database is not losing the server. PostgreSQL drops the connections (here an
 * administrator terminates the backends, as a restart, a failover or a pooler would) while a submission is inside its
 * transaction: the process stays up, that request gets 503 with Retry-After, and service resumes by itself.
 */
const onPostgres = !!process.env.MOTCUA_TEST_PG;

describe.skipIf(!onPostgres)(
  "losing PostgreSQL connections (PostgreSQL only: an embedded PGlite has no connection to lose)",
  () => {
    let ctx: TestContext;
    let proc: TestProcedure;
    let an: TestCitizen;
    let admin: pg.Client;
    let dbName: string;

    beforeAll(async () => {
      ctx = await createTestApp({ demo: false, now: "2026-03-16T02:30:00.000Z" });
      proc = await insertSubmitProcedure(ctx);
      an = await loginAsCitizen(ctx);
      admin = new pg.Client({ connectionString: ctx.database.url });
      await admin.connect();
      dbName = new URL(ctx.database.url!).pathname.slice(1);
    });
    afterAll(async () => {
      await admin.end();
      await ctx.close();
    });

    /** Waits until one of the app's connections is blocked on a lock (a condition, not a delay). */
    async function waitForBlockedBackend() {
      for (;;) {
        const r = await admin.query(
          "select count(*)::int as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock' and pid <> pg_backend_pid()",
          [dbName],
        );
        if (r.rows[0].n > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    const terminateAppBackends = () =>
      admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
        [dbName],
      );

    it("answers the in-flight request 503 with Retry-After, stays up, and serves the retry", async () => {
      const file = await upload(ctx, an, { filename: "to-khai.pdf", content: PDF() });
      expect(file.statusCode).toBe(201);
      const body = {
        procedureCode: proc.code,
        data: VALID_DATA,
        files: [{ componentCode: "TK", fileId: file.json().id }],
      };
      const before = await counts(ctx);

      // Hold the submission inside its transaction: the outbox row is its last write.
      await admin.query("begin");
      await admin.query("lock table outbox in access exclusive mode");
      const inFlight = submit(ctx, an, body, { key: "mat-ket-noi-1" });
      await waitForBlockedBackend();
      const killed = await terminateAppBackends();
      expect(killed.rowCount).toBeGreaterThan(0);
      await admin.query("rollback");

      const res = await inFlight;
      expect(res.statusCode).toBe(503);
      expect(res.headers["retry-after"]).toBe("5");
      expect(res.json().error).toMatchObject({
        code: "database_unavailable",
        message: "Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít giây.",
      });
      expect(await counts(ctx)).toEqual(before); // the transaction rolled back with the connection

      // The pool opens fresh connections by itself: readiness and the retried submission succeed.
      const ready = await ctx.app.inject({ url: "/readyz" });
      expect(ready.statusCode).toBe(200);
      const retry = await submit(ctx, an, body, { key: "mat-ket-noi-1" });
      expect(retry.statusCode).toBe(201);
    });

    it("survives the termination of idle pooled connections and of a connection between two statements", async () => {
      // Idle connections die: the next requests get fresh ones.
      await ctx.app.inject({ url: "/readyz" });
      await terminateAppBackends();
      const a = await ctx.app.inject({ url: `/api/procedures/${proc.code}` });
      expect(a.statusCode).toBe(200);

      // A connection checked out inside a transaction, idle between two statements, dies: the transaction fails
      // cleanly and the process does not crash on the connection's 'error' event.
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      let entered!: () => void;
      const inside = new Promise<void>((r) => {
        entered = r;
      });
      const tx = ctx.deps.db
        .transaction()
        .execute(async (trx) => {
          await trx.selectFrom("procedures").select("id").execute();
          entered();
          await gate;
          await trx.selectFrom("procedures").select("id").execute();
        })
        .then(
          () => "committed",
          (e: Error) => e.message,
        );
      await inside;
      await terminateAppBackends();
      // Wait until the server has really closed it (the backend is gone) before the transaction goes on.
      for (;;) {
        const r = await admin.query(
          "select count(*)::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
          [dbName],
        );
        if (r.rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      release();
      expect(await tx).not.toBe("committed");
      const b = await ctx.app.inject({ url: `/api/procedures/${proc.code}` });
      expect(b.statusCode).toBe(200);
    });
  },
);
