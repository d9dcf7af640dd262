import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type PostalError, postalService } from "../../src/adapters/postal/client.js";
import { postalSignature, type ShipmentRequest, tariff } from "../../src/adapters/postal/protocol.js";
import { type PostalSandbox, startPostalSandbox } from "../../src/sandboxes/postal/server.js";
import { startCaptureServer } from "../helpers/capture-server.js";

let sb: PostalSandbox;
let hook: Awaited<ReturnType<typeof startCaptureServer>>;
let hookUrl: string;
const SECRET = "postal-secret-for-tests";
const client = () => postalService({ baseUrl: sb.url, clientId: "H26", secret: SECRET });
const addr = {
  name: "Nguyễn Văn An",
  phone: "0912345678",
  address: "12 Hàng Bạc, phường Hoàn Kiếm, Hà Nội",
  provinceCode: "01",
};
const centre = {
  name: "Trung tâm PVHCC Hà Nội",
  phone: "02437654321",
  address: "258 Võ Chí Công, Hà Nội",
  provinceCode: "01",
};
let n = 0;
const shipment = (over: Partial<ShipmentRequest> = {}): ShipmentRequest => ({
  reference: `000.00.12.H26-261204-${String(++n).padStart(4, "0")}:result`,
  kind: "delivery",
  service: "EMS",
  sender: centre,
  receiver: addr,
  weightGrams: 300,
  callbackUrl: hookUrl,
  ...over,
});

beforeAll(async () => {
  hook = await startCaptureServer();
  hookUrl = `${hook.url}/api/integration/postal/callback`;
  sb = await startPostalSandbox({ port: 0, clients: [{ id: "H26", secret: SECRET }] });
});
afterAll(async () => {
  await sb.close();
  await hook.close();
});
beforeEach(() => {
  hook.clear();
  sb.setFault("none");
  sb.setCallbackMode("normal");
});

describe("postal service sandbox and the province's client", () => {
  it("quotes by the tariff, books once per reference, and tracks through signed callbacks", async () => {
    const c = client();
    expect(await c.quote({ service: "EMS", weightGrams: 1200, from: "01", to: "79" })).toEqual({
      fee: tariff("EMS", 1200, false),
      estimatedDays: 2,
    });
    expect(tariff("EMS", 1200, false)).toBe(25_000 + 2 * 5_000 + 10_000);
    const s = shipment();
    const booked = await c.book(s);
    expect(booked.trackingNumber).toMatch(/^EV\d{9}VN$/);
    expect((await c.book(s)).trackingNumber).toBe(booked.trackingNumber);
    await sb.advance(booked.trackingNumber, "PICKED_UP");
    await sb.advance(booked.trackingNumber, "DELIVERED", "Người nhận: Nguyễn Văn An");
    expect(hook.calls).toHaveLength(2);
    const checked = hook.calls.map((x) => c.checkCallback(x.headers, x.path, x.body, new Date()));
    expect(checked.map((x) => x.ok && x.event.status)).toEqual(["PICKED_UP", "DELIVERED"]);
    expect(checked.map((x) => x.ok && x.event.sequence)).toEqual([2, 3]);
    const tracked = await c.track(booked.trackingNumber);
    expect(tracked.events.map((e) => e.status)).toEqual(["CREATED", "PICKED_UP", "DELIVERED"]);
    await expect(sb.advance(booked.trackingNumber, "IN_TRANSIT")).rejects.toThrow("cannot go from DELIVERED");
  });

  it("refuses unsigned, foreign and stale requests, bad bookings, and reports faults", async () => {
    const wrong = postalService({ baseUrl: sb.url, clientId: "H26", secret: "not-it" });
    expect(((await wrong.book(shipment()).catch((e) => e)) as PostalError).code).toBe("bad_signature");
    const stranger = postalService({ baseUrl: sb.url, clientId: "H99", secret: SECRET });
    expect(
      ((await stranger.quote({ service: "EMS", weightGrams: 1, from: "01", to: "01" }).catch((e) => e)) as PostalError)
        .code,
    ).toBe("unknown_client");
    const ts = String(Math.floor(Date.now() / 1000) - 3600);
    const old = await fetch(`${sb.url}/api/v1/quote`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-postal-client": "H26",
        "x-postal-timestamp": ts,
        "x-postal-signature": postalSignature(SECRET, ts, "POST", "/api/v1/quote", "{}"),
      },
      body: "{}",
    });
    expect(((await old.json()) as { error: string }).error).toBe("stale");
    const bad = (await client()
      .book(shipment({ weightGrams: 0, receiver: { ...addr, phone: "12" } }))
      .catch((e) => e)) as PostalError;
    expect(bad.message).toContain("receiver, weightGrams");
    sb.setFault("refuse");
    expect(
      (
        (await client()
          .book(shipment())
          .catch((e) => e)) as PostalError
      ).status,
    ).toBe(422);
    sb.setFault("error");
    expect(
      (
        (await client()
          .quote({ service: "EMS", weightGrams: 1, from: "01", to: "01" })
          .catch((e) => e)) as PostalError
      ).status,
    ).toBe(500);
  });

  it("the client refuses forged, replayed and malformed callbacks; duplicates carry the same sequence", async () => {
    const c = client();
    sb.setCallbackMode("duplicate");
    const booked = await c.book(shipment({ kind: "pickup", sender: addr, receiver: centre }));
    await sb.advance(booked.trackingNumber, "FAILED", "Không liên lạc được người gửi");
    expect(hook.calls).toHaveLength(2);
    const [a, b] = hook.calls.map((x) => c.checkCallback(x.headers, x.path, x.body, new Date()));
    expect(a?.ok && b?.ok && a.event.sequence === b.event.sequence).toBe(true);
    const first = hook.calls[0]!;
    const forged = first.body.replace("FAILED", "DELIVERED");
    expect(c.checkCallback(first.headers, first.path, forged, new Date())).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(c.checkCallback(first.headers, first.path, first.body, new Date(Date.now() + 3600_000))).toEqual({
      ok: false,
      reason: "stale",
    });
    expect(c.checkCallback({}, first.path, first.body, new Date())).toEqual({ ok: false, reason: "missing" });
  });
});
