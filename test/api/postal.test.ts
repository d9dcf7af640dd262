/**
 * The public postal service (issue #7), against the postal SANDBOX over HTTP: the applicant's choice with the fee
 * quote (checked with the page's e-form), bookings through the outbox (retried with back-off, idempotent by
 * reference, given up and shown to officers after the last attempt or at once when refused), signed tracking
 * callbacks on the history, a delivered result ending the return step, a failed delivery coming back to the counter,
 * and every fault: forged, replayed, reordered, duplicated or unknown callbacks refused or absorbed and logged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postalSignature, type TrackingEvent } from "../../src/adapters/postal/protocol.js";
import { POSTAL_MAX_ATTEMPTS, POSTAL_TOPIC, postalBookHandler } from "../../src/app/postal/service.js";
import { loadServiceConfig } from "../../src/config-services.js";
import { runOutboxOnce } from "../../src/jobs/outbox.js";
import { type PostalSandbox, startPostalSandbox } from "../../src/sandboxes/postal/server.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import { freePort } from "../helpers/ports.js";
import {
  act,
  as,
  dossierRow,
  eventsOf,
  ok,
  runToProcessed,
  type Staff,
  staff,
  submitOnline,
  vn,
} from "./office-fixtures.js";

const SECRET = "postal-secret-for-tests";
const CLIENT = "H99";
let ctx: TestContext;
let sb: PostalSandbox;
let p: TestProcedure;
let s: Staff;
let citizen: TestCitizen;
let other: TestCitizen;

beforeAll(async () => {
  const port = await freePort();
  let clock = () => new Date();
  sb = await startPostalSandbox({ port: 0, clients: [{ id: CLIENT, secret: SECRET }], now: () => clock() });
  ctx = await createTestApp({
    demo: false,
    now: vn("2026-03-02 07:00"),
    config: {
      baseUrl: `http://127.0.0.1:${port}`,
      services: {
        ...loadServiceConfig({}, false, "/tmp"),
        postal: { url: sb.url, clientId: CLIENT, secret: SECRET, provinceCode: "01" },
      },
    },
  });
  clock = () => ctx.deps.now();
  await ctx.app.listen({ port, host: "127.0.0.1" });
  p = await insertTestProcedure(ctx.deps.db);
  await ctx.deps.db
    .updateTable("units")
    .set({ phone: "024 3825 0000", address: "258 Võ Chí Công, Hà Nội" })
    .where("id", "=", p.unitId)
    .execute();
  s = await staff(ctx, p);
  citizen = await loginAsCitizen(ctx);
  other = await loginAsCitizen(ctx, { subject: "test|other", idNumber: "001090099999", name: "Trần Văn Khác" });
});
afterAll(async () => {
  await ctx?.close();
  await sb?.close();
});

const choice = (over: Record<string, unknown> = {}) => ({
  postal: {
    collect: false,
    deliver: true,
    name: "Nguyễn Văn An",
    phone: "0912345678",
    street: "12 Hàng Bạc",
    province: "01",
    commune: "00070",
    service: "EMS",
    ...over,
  },
});

async function call(
  method: "GET" | "POST" | "PUT",
  url: string,
  who: TestCitizen | null,
  payload?: object,
  lang?: "en",
) {
  const res = await ctx.app.inject({
    method,
    url: `${url}${lang ? "?lang=en" : ""}`,
    headers: who ? await as(ctx, who, "citizen") : {},
    ...(payload ? { payload } : {}),
  });
  return { status: res.statusCode, body: res.json() as any };
}

const book = () => runOutboxOnce(ctx.deps, { [POSTAL_TOPIC]: postalBookHandler });
const shipments = (id: string) =>
  ctx.deps.db.selectFrom("postal_shipments").selectAll().where("dossier_id", "=", id).orderBy("created_at").execute();
const callbacks = (tn: string) =>
  ctx.deps.db.selectFrom("postal_callbacks").selectAll().where("tracking_number", "=", tn).orderBy("id").execute();
const types = async (id: string) => (await eventsOf(ctx, id)).map((e) => e.type);

/** A tracking callback as the service would sign it (or forge it), posted to the app. */
async function callback(e: TrackingEvent, o: { secret?: string; ts?: number } = {}) {
  const body = JSON.stringify(e);
  const ts = String(o.ts ?? Math.floor(ctx.deps.now().getTime() / 1000));
  const path = "/api/integration/postal/callback";
  const res = await ctx.app.inject({
    method: "POST",
    url: path,
    headers: {
      "content-type": "application/json",
      "x-postal-timestamp": ts,
      "x-postal-signature": postalSignature(o.secret ?? SECRET, ts, "POST", path, body),
    },
    payload: body,
  });
  return { status: res.statusCode, body: res.json() as any };
}

/** An online dossier with postal delivery chosen, run to "processed" (9). */
async function processedWithDelivery(day: string): Promise<string> {
  ctx.setNow(vn(`${day} 07:30`));
  const id = await submitOnline(ctx, p, { citizenId: citizen.id });
  expect((await call("PUT", `/api/dossiers/${id}/postal`, citizen, choice())).status).toBe(200);
  await runToProcessed(ctx, s, id, {
    receive: vn(`${day} 08:00`),
    forward: vn(`${day} 08:10`),
    appraise: vn(`${day} 09:00`),
    approve: vn(`${day} 10:00`),
  });
  ctx.setNow(vn(`${day} 14:00`));
  return id;
}

describe("choosing the postal service", () => {
  it("quotes, stores the choice with the dossier, books the collection through the outbox and tracks it", async () => {
    ctx.setNow(vn("2026-03-02 07:30"));
    const id = await submitOnline(ctx, p, { citizenId: citizen.id });
    const q = await call(
      "POST",
      `/api/dossiers/${id}/postal/quote`,
      citizen,
      choice({ collect: true, province: "79", commune: "Phường Sài Gòn" }),
    );
    expect(q.status).toBe(200);
    // collection: 500 g from province 79 to the centre in 01; delivery: 200 g back; both across provinces
    expect(q.body).toEqual({
      collect: { fee: 35_000, estimatedDays: 2 },
      deliver: { fee: 35_000, estimatedDays: 2 },
      total: 70_000,
    });
    const put = await call("PUT", `/api/dossiers/${id}/postal`, citizen, choice({ collect: true }));
    expect(put.status).toBe(200);
    expect(put.body.quote.total).toBe(50_000);
    const d = await dossierRow(ctx, id);
    expect(d.return_method).toBe("post");
    expect(d.return_address).toBe("12 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội");
    const row = await ctx.deps.db
      .selectFrom("dossier_postal")
      .selectAll()
      .where("dossier_id", "=", id)
      .executeTakeFirstOrThrow();
    expect([row.collect, row.deliver, row.collect_fee, row.deliver_fee]).toEqual([true, true, 25_000, 25_000]);
    expect(await types(id)).toEqual(["submitted", "postal_chosen", "postal_pickup_requested"]);
    // a retried request records nothing more
    expect((await call("PUT", `/api/dossiers/${id}/postal`, citizen, choice({ collect: true }))).status).toBe(200);
    expect(await types(id)).toEqual(["submitted", "postal_chosen", "postal_pickup_requested"]);
    const [pickup] = await shipments(id);
    expect(pickup).toMatchObject({ kind: "pickup", status: "booking", reference: `${d.reference}:pickup:1` });

    expect((await book()).done).toBe(1);
    const [booked] = await shipments(id);
    expect(booked.status).toBe("booked");
    expect(booked.tracking_number).toMatch(/^EV\d{9}VN$/);
    expect(booked.fee).toBe(25_000);
    const at = sb.shipments().find((x) => x.trackingNumber === booked.tracking_number)!;
    expect(at.sender.name).toBe("Nguyễn Văn An");
    expect(at.receiver.phone).toMatch(/^0\d{9,10}$/);
    expect(at.callbackUrl).toBe(`${ctx.deps.config.baseUrl}/api/integration/postal/callback`);

    // the sandbox calls the app back over HTTP, signed
    expect(await sb.advance(booked.tracking_number!, "PICKED_UP")).toEqual([{ status: 200 }]);
    expect(await sb.advance(booked.tracking_number!, "DELIVERED")).toEqual([{ status: 200 }]);
    expect((await shipments(id))[0].status).toBe("delivered");
    expect((await types(id)).slice(-3)).toEqual(["postal_booked", "postal_picked_up", "postal_delivered"]);

    // the applicant sees each step (JSON and the dossier's page)
    const mine = await call("GET", `/api/dossiers/${id}/postal`, citizen);
    expect(mine.body.shipments[0].tracking.map((t: any) => t.name)).toEqual([
      "Yêu cầu bưu chính thu gom hồ sơ",
      "Bưu chính đã nhận yêu cầu (có số hiệu bưu gửi)",
      "Bưu chính: đã nhận bưu gửi",
      "Bưu chính: đã phát thành công",
    ]);
    expect(mine.body.shipments[0].tracking[3].note).toBe("Hồ sơ giấy do bưu chính thu gom đã đến nơi tiếp nhận.");
    const page = await ctx.app.inject({
      method: "GET",
      url: `/ho-so-cua-toi/${id}`,
      headers: await as(ctx, citizen, "citizen"),
    });
    expect(page.body).toContain(booked.tracking_number);
    expect(page.body).toContain("Bưu chính: đã phát thành công");
    // the officer sees it too
    const off = await ctx.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${id}`,
      headers: await as(ctx, s.receiving),
    });
    expect(off.statusCode).toBe(200);
    expect(JSON.stringify(off.json())).toContain("Bưu chính: đã nhận bưu gửi");
  });

  it("refuses bad choices with the e-form's messages, other applicants and the unauthenticated; nothing is written", async () => {
    ctx.setNow(vn("2026-03-02 07:40"));
    const id = await submitOnline(ctx, p, { citizenId: citizen.id });
    const bad = await call(
      "PUT",
      `/api/dossiers/${id}/postal`,
      citizen,
      choice({ deliver: false, phone: "12", commune: "26734", service: "FAST" }),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields.map((f: any) => f.path).sort()).toEqual([
      "body.postal.collect",
      "body.postal.commune",
      "body.postal.phone",
      "body.postal.service",
    ]);
    expect(bad.body.error.fields.find((f: any) => f.path === "body.postal.collect").message).toBe(
      "Vui lòng chọn thu gom hồ sơ, phát kết quả, hoặc cả hai.",
    );
    const en = await call("PUT", `/api/dossiers/${id}/postal`, citizen, choice({ deliver: false }), "en");
    expect(en.body.error.fields[0].message).toBe("Choose collection of the papers, delivery of the result, or both.");
    expect((await call("PUT", `/api/dossiers/${id}/postal`, other, choice())).status).toBe(404);
    expect((await call("GET", `/api/dossiers/${id}/postal`, other)).status).toBe(404);
    expect((await call("POST", `/api/dossiers/${id}/postal/quote`, other, choice())).status).toBe(404);
    expect((await call("PUT", `/api/dossiers/${id}/postal`, null, choice())).status).toBe(401);
    expect(await types(id)).toEqual(["submitted"]);
    expect(await shipments(id)).toEqual([]);
    // collection only before the dossier is received
    ctx.setNow(vn("2026-03-02 08:00"));
    await ok(ctx, s.receiving, id, "receive");
    const late = await call("PUT", `/api/dossiers/${id}/postal`, citizen, choice({ collect: true }));
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe("Chỉ đăng ký thu gom hồ sơ khi hồ sơ chưa được tiếp nhận.");
    expect((await call("PUT", `/api/dossiers/${id}/postal`, citizen, choice())).status).toBe(200);
  });
});

describe("the postal page without JavaScript", () => {
  it("submitted with the result by post: invited to confirm; quote → confirm → tracking section", async () => {
    ctx.setNow(vn("2026-03-02 07:45"));
    const id = await submitOnline(ctx, p, { citizenId: citizen.id });
    await ctx.deps.db.updateTable("dossiers").set({ return_method: "post" }).where("id", "=", id).execute();
    const headers = await as(ctx, citizen, "citizen");
    const mine = await ctx.app.inject({ method: "GET", url: `/ho-so-cua-toi/${id}`, headers });
    expect(mine.body).toContain("Bạn chọn nhận kết quả qua bưu chính: hãy xác nhận địa chỉ và xem cước phí");
    const form = (fields: Record<string, string>) =>
      ctx.app.inject({
        method: "POST",
        url: `/ho-so-cua-toi/${id}/buu-chinh`,
        headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams(fields).toString(),
      });
    const fields = {
      "postal.deliver": "true",
      "postal.name": "Nguyễn Văn An",
      "postal.phone": "0912345678",
      "postal.street": "12 Hàng Bạc",
      "postal.province": "01",
      "postal.commune": "00070",
      "postal.service": "BUU_KIEN",
    };
    const bad = await form({ ...fields, "postal.phone": "12", _step: "quote" });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#f-postal-phone"');
    const quote = await form({ ...fields, _step: "quote" });
    expect(quote.statusCode).toBe(200);
    expect(quote.body).toContain('<td id="postal-total">16.000');
    // the summary shows the choice as checked
    expect(quote.body).toMatch(/Phát kết quả giải quyết đến địa chỉ của tôi<\/dt>\s*<dd>Có<\/dd>/);
    expect(await types(id)).toEqual(["submitted"]);
    const confirmed = await form({ ...fields, _step: "confirm" });
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe(`/ho-so-cua-toi/${id}/buu-chinh?xong=1`);
    expect(await types(id)).toEqual(["submitted", "postal_chosen"]);
    const after = await ctx.app.inject({ method: "GET", url: `/ho-so-cua-toi/${id}`, headers });
    expect(after.body).not.toContain("hãy xác nhận địa chỉ");
    const foreign = await ctx.app.inject({
      method: "GET",
      url: `/ho-so-cua-toi/${id}/buu-chinh`,
      headers: await as(ctx, other, "citizen"),
    });
    expect(foreign.statusCode).toBe(404);
  });
});

describe("returning the result by post", () => {
  it("return_result books the delivery; the delivered callback returns the dossier through the lifecycle", async () => {
    const id = await processedWithDelivery("2026-03-03");
    await ok(ctx, s.receiving, id, "return_result", { method: "post" });
    expect((await dossierRow(ctx, id)).status).toBe(9);
    // while the delivery is under way no other return is possible
    const twice = await act(ctx, s.receiving, id, "return_result", { method: "counter" });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe("postal_delivery_in_flight");
    await book();
    const [delivery] = await shipments(id);
    expect(delivery).toMatchObject({ kind: "delivery", status: "booked" });
    const d = await dossierRow(ctx, id);
    expect(delivery.reference).toBe(`${d.code}:result:1`);
    const tn = delivery.tracking_number!;
    await sb.advance(tn, "PICKED_UP");
    await sb.advance(tn, "IN_TRANSIT");
    await sb.advance(tn, "DELIVERED", "Người nhận: Nguyễn Văn An");
    const after = await dossierRow(ctx, id);
    expect(after.status).toBe(10);
    expect(after.return_method).toBe("post");
    const ev = await eventsOf(ctx, id);
    expect(ev.slice(-5).map((e) => e.type)).toEqual([
      "postal_booked",
      "postal_picked_up",
      "postal_in_transit",
      "postal_delivered",
      "returned",
    ]);
    const returned = ev.at(-1)!;
    expect(returned.to_status).toBe(10);
    expect(returned.data).toMatchObject({ method: "post", trackingNumber: tn });
    expect((await callbacks(tn)).map((c) => c.outcome)).toEqual(["applied", "applied", "applied"]);
    // a late callback after the end changes nothing
    const late = await callback({
      trackingNumber: tn,
      reference: delivery.reference,
      status: "FAILED",
      at: new Date().toISOString(),
      sequence: 6,
    });
    expect(late.body.outcome).toBe("ignored");
  });

  it("a failed delivery brings the dossier back to the counter with a note; the counter then returns it", async () => {
    const id = await processedWithDelivery("2026-03-04");
    await ok(ctx, s.receiving, id, "return_result", { method: "post" });
    await book();
    const tn = (await shipments(id))[0].tracking_number!;
    await sb.advance(tn, "PICKED_UP");
    await sb.advance(tn, "FAILED", "Không liên lạc được người nhận");
    const d = await dossierRow(ctx, id);
    expect(d.status).toBe(9);
    expect(d.current_unit_id).toBe(p.unitId);
    const last = (await eventsOf(ctx, id)).at(-1)!;
    expect(last.type).toBe("postal_failed");
    expect((last.data as any).note).toBe(
      "Không liên lạc được người nhận — Bưu chính phát kết quả không thành công; kết quả trở lại Bộ phận Một cửa để liên hệ công dân, trả trực tiếp hoặc gửi lại qua bưu chính.",
    );
    const notify = await ctx.deps.db
      .selectFrom("outbox")
      .select("key")
      .where("topic", "=", "notify.status")
      .where("key", "=", `${id}:${last.seq}`)
      .execute();
    expect(notify).toHaveLength(1);
    // in the counter's queue, marked
    const queue = await ctx.app.inject({
      method: "GET",
      url: "/api/office/queue?view=receiving&status=9&pageSize=100",
      headers: await as(ctx, s.receiving),
    });
    expect((queue.json() as any).items.find((i: any) => i.id === id).postalDelivery).toEqual({
      status: "failed",
      statusName: { vi: "Phát không thành công", en: "Delivery failed" },
    });
    const page = await ctx.app.inject({
      method: "GET",
      url: "/office?view=receiving&status=9",
      headers: await as(ctx, s.receiving),
    });
    expect(page.body).toContain('<span class="tag err">Phát không thành công</span>');
    await ok(ctx, s.receiving, id, "return_result", { method: "counter", receiverName: "Nguyễn Văn An" });
    expect((await dossierRow(ctx, id)).status).toBe(10);
  });
});

describe("tracking callback faults", () => {
  it("refuses forged, replayed (stale) and unknown callbacks, absorbs duplicates and reordered ones; all logged", async () => {
    const id = await processedWithDelivery("2026-03-05");
    await ok(ctx, s.receiving, id, "return_result", { method: "post" });
    await book();
    const sh = (await shipments(id))[0];
    const tn = sh.tracking_number!;
    const ev = (status: TrackingEvent["status"], sequence: number): TrackingEvent => ({
      trackingNumber: tn,
      reference: sh.reference,
      status,
      at: ctx.deps.now().toISOString(),
      sequence,
    });
    const before = await types(id);

    const forged = await callback(ev("DELIVERED", 2), { secret: "not-the-secret" });
    expect(forged.status).toBe(401);
    expect(forged.body.error.message).toBe("Chữ ký của thông báo bưu chính không hợp lệ; thông báo bị từ chối.");
    const stale = await callback(ev("DELIVERED", 2), { ts: Math.floor(ctx.deps.now().getTime() / 1000) - 3600 });
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe("postal_callback_stale");
    const unknown = await callback({ ...ev("DELIVERED", 2), trackingNumber: "EV000000000VN" });
    expect(unknown.status).toBe(404);
    const otherRef = await callback({ ...ev("DELIVERED", 2), reference: "someone-else:result:1" });
    expect(otherRef.status).toBe(404);
    const unsigned = await ctx.app.inject({
      method: "POST",
      url: "/api/integration/postal/callback",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify(ev("DELIVERED", 2)),
    });
    expect(unsigned.statusCode).toBe(401);
    expect(await types(id)).toEqual(before);
    expect((await dossierRow(ctx, id)).status).toBe(9);

    // duplicated by the service: the second is absorbed
    sb.setCallbackMode("duplicate");
    expect(await sb.advance(tn, "PICKED_UP")).toEqual([{ status: 200 }, { status: 200 }]);
    sb.setCallbackMode("normal");
    // reordered: IN_TRANSIT (3) arrives after DELIVERED (4)
    expect((await callback(ev("DELIVERED", 4))).body.outcome).toBe("applied");
    expect((await callback(ev("IN_TRANSIT", 3))).body).toMatchObject({ outcome: "ignored", status: "delivered" });
    expect((await dossierRow(ctx, id)).status).toBe(10);
    expect((await types(id)).filter((t) => t === "postal_picked_up")).toHaveLength(1);
    expect((await types(id)).filter((t) => t === "returned")).toHaveLength(1);
    expect((await callbacks(tn)).map((c) => [c.outcome, c.reason])).toEqual([
      ["refused", "bad_signature"],
      ["refused", "stale"],
      ["refused", "unknown_shipment"],
      ["refused", "missing"],
      ["applied", "picked_up"],
      ["duplicate", "duplicate"],
      ["applied", "delivered"],
      ["ignored", "reordered"],
    ]);
  });
});

describe("a booking that fails", () => {
  it("is retried with back-off while the service fails, then given up, shown to officers; the dossier stays consistent", async () => {
    const id = await processedWithDelivery("2026-03-09");
    sb.setFault("error");
    try {
      await ok(ctx, s.receiving, id, "return_result", { method: "post" });
      // only the booking is dispatched here
      await ctx.deps.db
        .updateTable("outbox")
        .set({ done_at: ctx.deps.now() })
        .where("topic", "!=", POSTAL_TOPIC)
        .execute();
      // the dispatcher's clock is the later of the database's and the application's: move past both
      let t = Math.max(Date.now(), ctx.deps.now().getTime());
      for (let attempt = 1; attempt < POSTAL_MAX_ATTEMPTS; attempt++) {
        const r = await book();
        expect(r.retried).toBe(1);
        expect((await shipments(id))[0].status).toBe("booking");
        t += 2 * 3600_000; // past any back-off
        ctx.setNow(new Date(t));
      }
      const row = await ctx.deps.db
        .selectFrom("outbox")
        .selectAll()
        .where("topic", "=", POSTAL_TOPIC)
        .where("dossier_id", "=", id)
        .executeTakeFirstOrThrow();
      expect(row.attempts).toBe(POSTAL_MAX_ATTEMPTS - 1);
      expect(row.last_error).toContain("server_error");
      expect((await book()).done).toBe(1);
    } finally {
      sb.setFault("none");
    }
    const [sh] = await shipments(id);
    expect(sh.status).toBe("booking_failed");
    expect(sh.error).toContain("server_error");
    const last = (await eventsOf(ctx, id)).at(-1)!;
    expect(last.type).toBe("postal_booking_failed");
    expect((last.data as any).note).toContain("Không đặt được bưu chính phát kết quả");
    const d = await dossierRow(ctx, id);
    expect([d.status, d.current_unit_id]).toEqual([9, p.unitId]);
    const off = await ctx.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${id}`,
      headers: await as(ctx, s.receiving),
    });
    expect(JSON.stringify(off.json())).toContain("Không đặt được dịch vụ bưu chính");
    expect((off.json() as any).postal.shipments).toEqual([
      expect.objectContaining({
        kind: "delivery",
        status: "booking_failed",
        error: expect.stringContaining("server_error"),
      }),
    ]);
    const html = await ctx.app.inject({
      method: "GET",
      url: `/office/dossiers/${id}`,
      headers: await as(ctx, s.receiving),
    });
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain("Dịch vụ bưu chính công ích");
    expect(html.body).toContain("Không đặt được dịch vụ bưu chính");
    // the officer may book again (a new reference) or return at the counter
    await ok(ctx, s.receiving, id, "return_result", { method: "post" });
    const again = await shipments(id);
    expect(again.map((x) => [x.reference.endsWith(":result:2"), x.status])).toEqual([
      [false, "booking_failed"],
      [true, "booking"],
    ]);
    await book();
    expect((await shipments(id))[1].status).toBe("booked");
  });

  it("a refusal by the service fails the booking at once", async () => {
    const id = await processedWithDelivery("2026-03-10");
    sb.setFault("refuse");
    try {
      await ok(ctx, s.receiving, id, "return_result", { method: "post" });
      expect((await book()).done).toBe(1);
    } finally {
      sb.setFault("none");
    }
    const [sh] = await shipments(id);
    expect(sh.status).toBe("booking_failed");
    expect(sh.error).toContain("service_unavailable_for_route");
    expect((await dossierRow(ctx, id)).status).toBe(9);
    await ok(ctx, s.receiving, id, "return_result", { method: "counter" });
    expect((await dossierRow(ctx, id)).status).toBe(10);
  });
});
