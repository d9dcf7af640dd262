import { createHash, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PGlitePool } from "../../src/adapters/db/pglite-pool.js";
import { invalidateCatalogue, publishedProcedure } from "../../src/app/catalogue.js";
import { verifyChains } from "../../src/app/history.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import type { TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import {
  counts,
  HTML,
  insertSubmitProcedure,
  multipart,
  PDF,
  type Part,
  storedBlobs,
  submit,
  upload,
  VALID_DATA,
} from "./submission-helpers.js";

/**
 * Issue #11 "submission three times faster": the submission and its files in ONE multipart request, through the same
 * use case as the JSON submission of files uploaded before (same checks, same errors, same idempotency), written by
 * one statement; and about two database round trips per submission, counted here on the driver (not timed).
 */

// Every statement sent to the database, counted on the driver (PGlite's pool, or each PostgreSQL client).
let statements = 0;
const pgliteConnect = PGlitePool.prototype.connect;
PGlitePool.prototype.connect = async function (this: PGlitePool) {
  const client = await pgliteConnect.call(this);
  const query = client.query;
  client.query = ((...args: Parameters<typeof query>) => {
    statements++;
    return query(...args);
  }) as typeof query;
  return client;
};
const pgQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (pgQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pgQuery;

const NOW = "2026-03-16T02:30:00.000Z"; // 09:30 Monday 16/03/2026 in Vietnam

describe("one-request submission (multipart)", () => {
  let ctx: TestContext;
  let proc: TestProcedure;
  let an: TestCitizen;

  beforeAll(async () => {
    ctx = await createTestApp({ demo: false, now: NOW });
    proc = await insertSubmitProcedure(ctx);
    an = await loginAsCitizen(ctx);
  });
  afterAll(async () => {
    await ctx.close();
    PGlitePool.prototype.connect = pgliteConnect;
    pg.Client.prototype.query = pgQuery;
  });

  const fields = (over: Record<string, string | undefined> = {}): Part[] =>
    Object.entries({ procedureCode: proc.code, data: JSON.stringify(VALID_DATA), ...over })
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([name, value]) => ({ name, value }));

  function send(parts: Part[], opts: { key?: string; lang?: string; who?: TestCitizen | null } = {}) {
    const body = multipart(parts);
    const who = opts.who === undefined ? an : opts.who;
    return ctx.app.inject({
      method: "POST",
      url: `/api/dossiers${opts.lang ? `?lang=${opts.lang}` : ""}`,
      payload: body.payload,
      headers: {
        ...body.headers,
        ...(who?.headers ?? {}),
        ...(opts.key ? { "idempotency-key": opts.key } : {}),
      },
    });
  }

  it("creates the dossier with its files in one request: rows, bytes, event, outbox, draft gone", async () => {
    const tk = PDF();
    const gt = PDF();
    await ctx.app.inject({
      method: "PUT",
      url: `/api/drafts/${proc.code}`,
      headers: an.headers,
      payload: { data: { applicant: { fullName: "Nguyễn" } } },
    });
    const res = await send([
      ...fields(),
      { name: "files.TK", file: { filename: "tờ khai.pdf", content: tk, type: "application/pdf" } },
      { name: "files.GT", file: { filename: "giay-to.pdf", content: gt } },
    ]);
    expect(res.statusCode).toBe(201);
    const d = res.json();
    expect(d).toMatchObject({ status: 1, statusName: "Mới đăng ký" });
    expect(d.reference).toMatch(/^HS-[0-9A-Z]{8}$/);

    const files = await ctx.deps.db
      .selectFrom("dossier_files")
      .innerJoin("files", "files.id", "dossier_files.file_id")
      .select(["files.id", "files.name", "files.sha256", "files.owner_kind", "files.owner_id", "files.storage_key"])
      .select("dossier_files.component_code")
      .where("dossier_files.dossier_id", "=", d.id)
      .orderBy("dossier_files.component_code", "desc")
      .execute();
    const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
    expect(files.map((f) => [f.component_code, f.name, f.sha256, f.owner_kind, f.owner_id])).toEqual([
      ["TK", "tờ khai.pdf", sha(tk), "citizen", an.id],
      ["GT", "giay-to.pdf", sha(gt), "citizen", an.id],
    ]);
    expect(await ctx.deps.files.get(files[0].storage_key!)).toEqual(tk);
    const ev = await ctx.deps.db
      .selectFrom("dossier_events")
      .select(["seq", "type", "data"])
      .where("dossier_id", "=", d.id)
      .execute();
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ seq: 1, type: "submitted" });
    expect((ev[0].data as { files: unknown[] }).files).toEqual(
      expect.arrayContaining([expect.objectContaining({ componentCode: "TK", sha256: sha(tk), name: "tờ khai.pdf" })]),
    );
    const outbox = await ctx.deps.db.selectFrom("outbox").select("key").where("dossier_id", "=", d.id).execute();
    expect(outbox.map((o) => o.key)).toEqual([`${d.id}:1`]);
    expect((await ctx.app.inject({ url: `/api/drafts/${proc.code}`, headers: an.headers })).statusCode).toBe(404);
    expect((await verifyChains(ctx.deps.db, d.id)).broken).toBeUndefined();
  });

  it("checks the form as the JSON submission does: the same localised errors, nothing written or kept", async () => {
    const data = { ...VALID_DATA, applicant: { ...VALID_DATA.applicant, fullName: "" } };
    const before = await counts(ctx);
    const blobs = await storedBlobs(ctx);
    const viaForm = await send(
      [
        ...fields({ data: JSON.stringify(data) }),
        { name: "files.TK", file: { filename: "a.pdf", content: PDF(), type: "application/pdf" } },
      ],
      { lang: "en" },
    );
    const fileId = (await upload(ctx, an, { filename: "a.pdf", content: PDF() })).json().id;
    const viaJson = await submit(
      ctx,
      an,
      { procedureCode: proc.code, data, files: [{ componentCode: "TK", fileId }] },
      { lang: "en" },
    );
    expect(viaForm.statusCode).toBe(422);
    expect(viaForm.json().error).toMatchObject({ code: "validation_failed" });
    expect(viaForm.json().error.fields).toEqual(viaJson.json().error.fields);
    expect(viaForm.json().error.fields[0].message).toMatch(/required|Enter/i);
    // the JSON path kept its upload (made by its own request); the refused form kept nothing
    expect(await counts(ctx)).toEqual({ ...before, files: before.files + 1 });
    expect(await storedBlobs(ctx)).toBe(blobs + 1);

    // the schema of the body, as for JSON: `data` must be an object
    const notJson = await send([...fields({ data: "{not json" })]);
    expect(notJson.statusCode).toBe(422);
    expect(notJson.json().error.fields.map((f: { path: string }) => f.path)).toEqual(["body.data"]);
    // a missing required component, a component the procedure does not have
    const missing = await send([
      ...fields(),
      { name: "files.XX", file: { filename: "x.pdf", content: PDF(), type: "application/pdf" } },
    ]);
    expect(missing.statusCode).toBe(422);
    expect(
      missing
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(["files.TK", "files.XX"]);
    expect(await storedBlobs(ctx)).toBe(blobs + 1);
  });

  it("refuses a file by its content as the upload does (at files.<component>), keeping nothing", async () => {
    const before = await counts(ctx);
    const blobs = await storedBlobs(ctx);
    const res = await send([
      ...fields(),
      { name: "files.TK", file: { filename: "ok.pdf", content: PDF(), type: "application/pdf" } },
      { name: "files.GT", file: { filename: "trojan.pdf", content: HTML, type: "application/pdf" } },
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe("file_type_not_allowed");
    expect(res.json().error.fields.map((f: { path: string }) => f.path)).toEqual(["files.GT"]);
    expect(await counts(ctx)).toEqual(before);
    expect(await storedBlobs(ctx)).toBe(blobs);
    const anonymous = await send([...fields()], { who: null });
    expect(anonymous.statusCode).toBe(401);
  });

  it("replays by Idempotency-Key: the same files give the same dossier, other files a 409; nothing more kept", async () => {
    const key = `multi-${randomUUID()}`;
    const tk = PDF();
    const parts = [
      ...fields(),
      { name: "files.TK", file: { filename: "tk.pdf", content: tk, type: "application/pdf" } },
    ];
    const first = await send(parts, { key });
    expect(first.statusCode).toBe(201);
    const after = await counts(ctx);
    const blobs = await storedBlobs(ctx);
    const again = await send(parts, { key });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const other = await send(
      [...fields(), { name: "files.TK", file: { filename: "tk.pdf", content: PDF(), type: "application/pdf" } }],
      { key },
    );
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe("idempotency_key_reused");
    expect(await counts(ctx)).toEqual(after);
    expect(await storedBlobs(ctx)).toBe(blobs);
  });

  it("costs about two database round trips: session and account, then one statement", async () => {
    const tk = () => ({ name: "files.TK", file: { filename: "tk.pdf", content: PDF(), type: "application/pdf" } });
    // a fresh catalogue snapshot, so that no freshness check of the catalogue falls into the counted requests
    invalidateCatalogue(ctx.deps);
    expect(await publishedProcedure(ctx.deps, proc.code)).toBeDefined();

    statements = 0;
    const one = await send([...fields(), tk()], { key: `count-${randomUUID()}` });
    expect(one.statusCode).toBe(201);
    const multipartStatements = statements;
    expect(multipartStatements).toBeLessThanOrEqual(2);

    // the two-request path of the browser: upload (session, row), then submit (session, own files, statement)
    const fileId = (await upload(ctx, an, { filename: "a.pdf", content: PDF() })).json().id;
    statements = 0;
    const two = await submit(
      ctx,
      an,
      { procedureCode: proc.code, data: VALID_DATA, files: [{ componentCode: "TK", fileId }] },
      { key: `count-${randomUUID()}` },
    );
    expect(two.statusCode).toBe(201);
    expect(statements).toBeLessThanOrEqual(3);
  });
});
