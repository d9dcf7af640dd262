/**
 * Notifications beside e-mail (issue #9): the citizen's choice of channels, SMS through the gateway SANDBOX over
 * HTTP (signed requests, GSM-7 text, delivery reports signed back to the app), the gateway's faults, and the
 * administrators' templates with their preview — each refusal tested.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signedHeaders } from "../../src/adapters/signed-http.js";
import { buildStatusMail } from "../../src/jobs/notify.js";
import { runOutboxOnce } from "../../src/jobs/outbox.js";
import { loadServiceConfig } from "../../src/config-services.js";
import { type SmsSandbox, startSmsSandbox } from "../../src/sandboxes/sms/server.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import { freePort } from "../helpers/ports.js";
import { as, ok, type Staff, staff, submitOnline } from "./office-fixtures.js";

const SECRET = "sms-secret-for-tests";
const CLIENT = "H99";
const SENDER = "DVCTEST";

let ctx: TestContext;
let sb: SmsSandbox;
let p: TestProcedure;
let s: Staff;
let citizen: TestCitizen;
let noPhone: TestCitizen;

beforeAll(async () => {
  const port = await freePort();
  sb = await startSmsSandbox({
    port: 0,
    clients: [{ id: CLIENT, secret: SECRET, senders: [SENDER] }],
    reportDelayMs: 10,
  });
  ctx = await createTestApp({
    demo: false,
    config: {
      baseUrl: `http://127.0.0.1:${port}`,
      services: {
        ...loadServiceConfig({}, false, "/tmp"),
        sms: { url: sb.url, clientId: CLIENT, secret: SECRET, sender: SENDER },
      },
    },
  });
  await ctx.app.listen({ port, host: "127.0.0.1" });
  p = await insertTestProcedure(ctx.deps.db);
  s = await staff(ctx, p);
  citizen = await loginAsCitizen(ctx);
  noPhone = await loginAsCitizen(ctx, { subject: "test|nophone", idNumber: "001090077777", name: "Lê Thị Không" });
  await ctx.deps.db.updateTable("citizens").set({ phone: null }).where("id", "=", noPhone.id).execute();
});
afterAll(async () => {
  await ctx?.close();
  await sb?.close();
});
beforeEach(async () => {
  await ctx.deps.db.deleteFrom("outbox").execute();
  ctx.mailer.sent.length = 0;
  sb.setFault("none");
});

async function drain() {
  for (let i = 0; i < 20; i++) if ((await runOutboxOnce(ctx.deps)).claimed === 0) return;
}
const sms = () => ctx.deps.db.selectFrom("sms_messages").selectAll().orderBy("id").execute();
const until = async <T>(f: () => Promise<T | undefined>): Promise<T> => {
  for (let i = 0; i < 200; i++) {
    const v = await f();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("condition not reached");
};
const setChannels = async (who: TestCitizen, channels: unknown) =>
  ctx.app.inject({
    method: "PUT",
    url: "/api/my/notification-settings",
    headers: await as(ctx, who, "citizen"),
    payload: { channels },
  });

describe("the citizen's choice of channels", () => {
  it("is e-mail by default, can add SMS, and refuses none, an unknown channel, SMS without a mobile and strangers", async () => {
    const h = await as(ctx, citizen, "citizen");
    const r0 = await ctx.app.inject({ method: "GET", url: "/api/my/notification-settings", headers: h });
    expect(r0.json()).toMatchObject({ channels: ["email"], phone: "0912345678", smsAvailable: true });

    expect((await setChannels(citizen, [])).statusCode).toBe(422);
    expect((await setChannels(citizen, ["fax"])).statusCode).toBe(422);
    const refused = await setChannels(noPhone, ["sms"]);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toMatch(/số điện thoại di động/);
    const anon = await ctx.app.inject({
      method: "PUT",
      url: "/api/my/notification-settings",
      payload: { channels: ["sms"] },
    });
    expect(anon.statusCode).toBe(401);

    const r = await setChannels(citizen, ["email", "sms"]);
    expect(r.statusCode).toBe(200);
    expect(r.json().channels).toEqual(["email", "sms"]);
    await setChannels(citizen, ["email"]);
  });

  it("is a page in Vietnamese that saves the choice and shows a refusal in place", async () => {
    const h = await as(ctx, citizen, "citizen");
    const page = await ctx.app.inject({ method: "GET", url: "/tai-khoan/thong-bao", headers: h });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Cài đặt nhận thông báo");
    expect(page.body).toContain("0912345678");
    const none = await ctx.app.inject({
      method: "POST",
      url: "/tai-khoan/thong-bao",
      headers: { ...h, "content-type": "application/x-www-form-urlencoded" },
      payload: "",
    });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain("Chọn ít nhất một cách nhận thông báo.");
    const saved = await ctx.app.inject({
      method: "POST",
      url: "/tai-khoan/thong-bao",
      headers: { ...h, "content-type": "application/x-www-form-urlencoded" },
      payload: "channels=email&channels=sms",
    });
    expect(saved.statusCode).toBe(303);
    const row = await ctx.deps.db
      .selectFrom("citizens")
      .select("notify_channels")
      .where("id", "=", citizen.id)
      .executeTakeFirstOrThrow();
    expect(row.notify_channels).toEqual(["email", "sms"]);
    await setChannels(citizen, ["email"]);
    const anon = await ctx.app.inject({ method: "GET", url: "/tai-khoan/thong-bao" });
    expect(anon.statusCode).toBe(303);
  });
});

describe("SMS through the gateway", () => {
  it("a citizen on e-mail only gets no SMS; one who chose SMS gets it without diacritics, and its delivery report", async () => {
    const before = sb.messages().length;
    const a = await submitOnline(ctx, p, { citizenId: citizen.id });
    await ok(ctx, s.receiving, a, "receive");
    await drain();
    expect(ctx.mailer.sent.length).toBeGreaterThan(0);
    expect(sb.messages().length).toBe(before);

    expect((await setChannels(citizen, ["sms"])).statusCode).toBe(200);
    ctx.mailer.sent.length = 0;
    const id = await submitOnline(ctx, p, { citizenId: citizen.id });
    await ok(ctx, s.receiving, id, "receive");
    await drain();
    expect(ctx.mailer.sent).toHaveLength(0);
    const mine = sb.messages().filter((m) => m.text.includes("Duoc tiep nhan"));
    expect(mine.length).toBeGreaterThan(0);
    const m = mine.at(-1)!;
    expect(m.to).toBe("0912345678");
    expect(m.sender).toBe(SENDER);
    expect(m.text).toMatch(/^Ho so .+: Duoc tiep nhan\. Han tra ket qua: \d\d:\d\d ngay \d\d\/\d\d\/\d{4}\./);
    expect(m.text).toContain(`/ho-so-cua-toi/${id}`);
    expect(/[^\x20-\x7e]/.test(m.text)).toBe(false);
    const row = await until(async () => {
      const r = (await sms()).find((x) => x.gateway_id === m.messageId);
      return r?.status === "delivered" ? r : undefined;
    });
    expect(row.dossier_id).toBe(id);
    expect(row.reported_at).toBeInstanceOf(Date);
    await setChannels(citizen, ["email"]);
  });

  it("a gateway fault retries the SMS alone: the e-mail goes, the SMS is sent once when the gateway is back", async () => {
    await setChannels(citizen, ["email", "sms"]);
    const id = await submitOnline(ctx, p, { citizenId: citizen.id });
    await ok(ctx, s.receiving, id, "receive");
    sb.setFault("error");
    await runOutboxOnce(ctx.deps);
    await runOutboxOnce(ctx.deps);
    expect(ctx.mailer.sent.some((x) => x.text.includes(id))).toBe(true);
    const queued = await ctx.deps.db
      .selectFrom("outbox")
      .selectAll()
      .where("topic", "=", "notify.sms")
      .where("dossier_id", "=", id)
      .execute();
    expect(queued.length).toBeGreaterThan(0);
    expect(queued.every((q) => q.done_at === null)).toBe(true);
    expect(queued.some((q) => /unavailable/.test(q.last_error ?? ""))).toBe(true);

    sb.setFault("none");
    await ctx.deps.db
      .updateTable("outbox")
      .set({ available_at: new Date(0) })
      .where("done_at", "is", null)
      .execute();
    await drain();
    await drain();
    const sent = sb.messages().filter((m) => m.text.includes(id));
    expect(sent.length).toBe(queued.length);
    expect(new Set(sent.map((m) => m.ref)).size).toBe(sent.length);
    await setChannels(citizen, ["email"]);
  });

  it("a dossier without an account is told by e-mail only; an undeliverable number is recorded as failed", async () => {
    const counter = await submitOnline(ctx, p, { citizenId: null });
    await ok(ctx, s.receiving, counter, "receive");
    await drain();
    expect(ctx.mailer.sent.some((x) => x.text.includes(counter))).toBe(true);
    expect(sb.messages().some((m) => m.text.includes(counter))).toBe(false);

    const far = await loginAsCitizen(ctx, { subject: "test|far", idNumber: "001090055555", name: "Phạm Văn Xa" });
    await ctx.deps.db.updateTable("citizens").set({ phone: "0987 000 111" }).where("id", "=", far.id).execute();
    sb.setUndeliverable("0987000111");
    expect((await setChannels(far, ["sms"])).statusCode).toBe(200);
    const id = await submitOnline(ctx, p, { citizenId: far.id });
    // the phone written on the dossier is the one told
    await ctx.deps.db
      .updateTable("dossiers")
      .set({ applicant: JSON.stringify({ type: "citizen", name: "Phạm Văn Xa", phone: "0987 000 111" }) })
      .where("id", "=", id)
      .execute();
    await ok(ctx, s.receiving, id, "receive");
    await drain();
    const row = await until(async () => {
      const r = (await sms()).find((x) => x.dossier_id === id);
      return r && r.status !== "sent" ? r : undefined;
    });
    expect(row.to_phone).toBe("0987000111");
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/unreachable/);
  });

  it("delivery reports: a forged or stale one is refused, a repeat changes nothing, an unknown message is 404", async () => {
    const [last] = (await sms()).filter((r) => r.status === "delivered").slice(-1);
    expect(last).toBeDefined();
    const body = JSON.stringify({
      messageId: last!.gateway_id,
      ref: last!.ref,
      status: "FAILED",
      at: new Date().toISOString(),
    });
    const path = "/api/integration/sms/report";
    const post = (headers: Record<string, string>, payload = body) =>
      ctx.app.inject({ method: "POST", url: path, headers, payload });

    const forged = await post(signedHeaders("x-sms", "not-the-secret", "POST", path, body));
    expect(forged.statusCode).toBe(401);
    const unsigned = await post({ "content-type": "application/json" });
    expect(unsigned.statusCode).toBe(401);
    const tampered = await post(
      signedHeaders("x-sms", SECRET, "POST", path, body),
      body.replace("FAILED", "DELIVERED"),
    );
    expect(tampered.statusCode).toBe(401);

    // a later report for a message already settled is accepted and changes nothing
    const repeat = await post(signedHeaders("x-sms", SECRET, "POST", path, body));
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json()).toEqual({ outcome: "duplicate", status: "delivered" });
    const again = (await sms()).find((r) => r.id === last!.id)!;
    expect(again.status).toBe("delivered");

    const unknown = JSON.stringify({
      messageId: "SMSNOPE",
      ref: "nope",
      status: "DELIVERED",
      at: new Date().toISOString(),
    });
    const u = await post(signedHeaders("x-sms", SECRET, "POST", path, unknown), unknown);
    expect(u.statusCode).toBe(404);
    const bad = JSON.stringify({ messageId: "x", ref: "y", status: "MAYBE", at: "yesterday" });
    expect((await post(signedHeaders("x-sms", SECRET, "POST", path, bad), bad)).statusCode).toBe(400);
  });
});

describe("notification templates", () => {
  const api = async (who: { id: string }, method: "GET" | "PUT" | "POST" | "DELETE", url: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: await as(ctx, who), ...(payload ? { payload } : {}) });

  it("are for administrators only, on the API and the pages", async () => {
    for (const who of [s.receiving, s.leader, s.supervisor]) {
      expect((await api(who, "GET", "/api/admin/notification-templates")).statusCode).toBe(403);
      expect(
        (await api(who, "PUT", "/api/admin/notification-templates/status.sms", { body: "{{dossierRef}}" })).statusCode,
      ).toBe(403);
      expect((await api(who, "GET", "/office/quan-tri/mau-thong-bao")).statusCode).toBe(403);
    }
    const list = await api(s.admin, "GET", "/api/admin/notification-templates");
    expect(list.statusCode).toBe(200);
    expect(list.json().map((t: { id: string }) => t.id)).toEqual([
      "status.email",
      "extended.email",
      "status.sms",
      "extended.sms",
    ]);
    const page = await api(s.admin, "GET", "/office/quan-tri/mau-thong-bao/status.email");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("{{procedureName}}");
    expect((await api(s.admin, "GET", "/api/admin/notification-templates/nope")).statusCode).toBe(404);
  });

  it("refuse an unknown variable, a broken tag, a partial, a missing subject and an SMS longer than three parts", async () => {
    const put = (id: string, payload: object) =>
      api(s.admin, "PUT", `/api/admin/notification-templates/${id}`, payload);
    const unknown = await put("status.email", { subject: "Hồ sơ {{dossierRef}}", body: "Xin chào {{hoTen}}" });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.message).toContain("«hoTen»");
    expect((await put("status.email", { subject: "x", body: "{{#reason}}không đóng" })).statusCode).toBe(422);
    expect((await put("status.email", { subject: "x", body: "{{> khac}}" })).statusCode).toBe(422);
    expect((await put("status.email", { body: "Thân" })).statusCode).toBe(422);
    const long = await put("status.sms", { body: `${"Thông báo rất dài ".repeat(30)}{{dossierUrl}}` });
    expect(long.statusCode).toBe(422);
    expect(long.json().error.message).toMatch(/tối đa 3 phần/);
    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "like", "notify_template.%")
      .execute();
    expect(audit).toHaveLength(0);
  });

  it("preview with sample values, save (audited) and reach the next e-mail; reset brings the default back", async () => {
    const pv = await api(s.admin, "POST", "/api/admin/notification-templates/status.sms/preview", {
      body: "Hồ sơ {{dossierRef}}: {{statusName}}",
    });
    expect(pv.statusCode).toBe(200);
    expect(pv.json()).toEqual({ body: "Ho so 000.00.12.H26-261204-0001: Da tiep nhan", segments: 1 });

    const saved = await api(s.admin, "PUT", "/api/admin/notification-templates/status.email", {
      subject: "[Một cửa] {{dossierRef}} – {{statusName}}",
      body: "Kính gửi {{addressee}},\n{{procedureName}}: {{statusName}}.{{#reason}} Lý do: {{reason}}.{{/reason}}",
    });
    expect(saved.statusCode).toBe(200);
    const id = await submitOnline(ctx, p, { citizenId: citizen.id });
    await ok(ctx, s.receiving, id, "receive");
    const seq = (
      await ctx.deps.db.selectFrom("dossiers").select("last_event_seq").where("id", "=", id).executeTakeFirstOrThrow()
    ).last_event_seq;
    const mail = await buildStatusMail(ctx.deps, { dossierId: id, seq });
    expect(mail?.subject).toMatch(/^\[Một cửa\] .+ – Được tiếp nhận$/);
    expect(mail?.text).toBe(`Kính gửi Ông/Bà Nguyễn Văn An,\nThủ tục thử nghiệm cấp giấy xác nhận: Được tiếp nhận.`);
    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "notify_template.update")
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(s.admin.id);
    expect((audit.data as { after: { subject: string } }).after.subject).toContain("[Một cửa]");

    // the page's preview does not save; reset restores the default
    const form = await ctx.app.inject({
      method: "POST",
      url: "/office/quan-tri/mau-thong-bao/status.email",
      headers: { ...(await as(ctx, s.admin)), "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({
        subject: "S {{statusName}}",
        body: "B {{unitName}}",
        action: "preview",
      }).toString(),
    });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain("B UBND phường Hoàn Kiếm");
    const reset = await api(s.admin, "DELETE", "/api/admin/notification-templates/status.email");
    expect(reset.statusCode).toBe(204);
    const back = await buildStatusMail(ctx.deps, { dossierId: id, seq });
    expect(back?.text).toContain("Hồ sơ của Ông/Bà đã chuyển sang trạng thái: Được tiếp nhận.");
    expect(back?.text).toMatch(/Đây là thư tự động/);
  });
});
