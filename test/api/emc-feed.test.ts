/**
 * The dossier-level feed to the national monitoring platform (EMC; issue #8), against its SANDBOX over HTTP: status
 * changes queued in the event's transaction and pushed through the outbox with the dossier's procedure code, channel,
 * end-to-end flag, status and times; a failing platform retried with back-off until it answers; repeats harmless;
 * nothing queued while the feed is off; the sandbox refusing unsigned, badly signed and invalid records.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushEmcRecord } from "../../src/adapters/emc/client.js";
import { EMC_TOPIC, emcRecord, setEmcFeedEnabled } from "../../src/app/emc.js";
import { loadServiceConfig } from "../../src/config-services.js";
import { runOutboxOnce } from "../../src/jobs/outbox.js";
import { type EmcSandbox, startEmcSandbox } from "../../src/sandboxes/emc/server.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { freePort } from "../helpers/ports.js";
import { ok, type Staff, staff, submitOnline } from "./office-fixtures.js";

let ctx: TestContext;
let p: TestProcedure;
let s: Staff;
let sandbox: EmcSandbox;
let feed: { url: string; siteCode: string; secret: string };

beforeAll(async () => {
  const port = await freePort();
  feed = { url: `http://127.0.0.1:${port}`, siteCode: "H26-TEST", secret: "emc-test-secret" };
  sandbox = await startEmcSandbox({ port, sites: [{ code: feed.siteCode, secret: feed.secret }] });
  const services = loadServiceConfig({}, false, "/tmp/motcua-emc-feed");
  ctx = await createTestApp({ demo: false, now: new Date(), config: { services: { ...services, emcFeed: feed } } });
  p = await insertTestProcedure(ctx.deps.db, { onlineKind: "end_to_end" });
  s = await staff(ctx, p);
});
afterAll(async () => {
  await ctx?.close();
  await sandbox?.close();
});

const queued = async () =>
  ctx.deps.db
    .selectFrom("outbox")
    .select(["key", "done_at", "failed_at", "attempts", "last_error"])
    .where("topic", "=", EMC_TOPIC)
    .orderBy("id")
    .execute();
// no back-off wait in the test: a retried message is due again at once
const drain = () => runOutboxOnce(ctx.deps, undefined, { batchSize: 50, backoffBaseSeconds: 0 });

describe("EMC feed", () => {
  it("queues nothing while the feed is off", async () => {
    await submitOnline(ctx, p);
    expect(await queued()).toEqual([]);
  });

  it("pushes each status change with the dossier's state; the sandbox keeps the newest", async () => {
    await setEmcFeedEnabled(ctx.deps.db, true);
    const id = await submitOnline(ctx, p);
    await ok(ctx, s.receiving, id, "receive");
    expect((await queued()).map((q) => q.key)).toEqual([`${id}:1`, `${id}:2`]);
    await drain();
    expect((await queued()).every((q) => q.done_at !== null)).toBe(true);
    const row = await ctx.deps.db.selectFrom("dossiers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const got = sandbox.records().find((r) => r.dossierCode === row.code);
    expect(got).toMatchObject({
      site: "H26-TEST",
      procedureCode: p.code,
      channel: "online",
      endToEnd: true,
      status: 2,
      seq: row.last_event_seq,
      receivedAt: new Date(row.received_at!).toISOString(),
      dueAt: new Date(row.due_at!).toISOString(),
      finishedAt: null,
    });
    // both messages sent the current state: the second is a harmless repeat
    expect(got?.pushes).toBe(2);
  });

  it("a failing platform is retried with back-off until it answers", async () => {
    const id = await submitOnline(ctx, p);
    sandbox.setFault("error");
    const r1 = await drain();
    expect(r1.retried).toBe(1);
    const [msg] = (await queued()).filter((q) => q.key === `${id}:1`);
    expect(msg.last_error).toContain("503");
    expect(msg.done_at).toBeNull();
    sandbox.setFault("none");
    await drain();
    expect((await queued()).filter((q) => q.key === `${id}:1`)[0].done_at).not.toBeNull();
    const rec = await emcRecord(ctx.deps.db, id);
    expect(sandbox.records().find((r) => r.dossierCode === rec!.dossierCode)).toMatchObject({ status: 1, seq: 1 });
  });

  it("the sandbox refuses a wrong key and an invalid record, and names the fields", async () => {
    const id = await submitOnline(ctx, p);
    const rec = (await emcRecord(ctx.deps.db, id))!;
    await expect(pushEmcRecord({ ...feed, secret: "wrong" }, rec, new Date())).rejects.toThrow(/401.*bad_signature/);
    await expect(pushEmcRecord({ ...feed, siteCode: "OTHER" }, rec, new Date())).rejects.toThrow(/401.*unknown_site/);
    await expect(pushEmcRecord(feed, rec, new Date(Date.now() - 3600_000))).rejects.toThrow(/stale_timestamp/);
    await expect(
      pushEmcRecord(feed, { ...rec, channel: "fax" as never, status: 42, procedureCode: "" }, new Date()),
    ).rejects.toThrow(/400.*procedureCode.*channel.*status/);
    expect(await pushEmcRecord(feed, rec, new Date())).toEqual({ stored: true });
    expect(await pushEmcRecord(feed, rec, new Date())).toEqual({ stored: false });
  });

  it("lists what it got on its page", async () => {
    const res = await fetch(`${feed.url}/`);
    const page = await res.text();
    expect(page).toContain("SANDBOX");
    expect(page).toContain(p.code);
    expect(page).toContain("<td>online</td><td>Có</td>");
  });
});
