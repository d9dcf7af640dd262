import { randomBytes } from "node:crypto";
import Fastify, { type FastifyRequest } from "fastify";
import {
  type PostalAddress,
  postalSignature,
  postalSignatureValid,
  type ShipmentRequest,
  type TrackingEvent,
  type TrackingStatus,
  tariff,
} from "../../adapters/postal/protocol.js";
import { html } from "../../web/html.js";
import type { RunningSandbox } from "../index.js";
import { sandboxPage } from "../page.js";

/**
 * Public postal service SANDBOX: fee quotes, booking of a pickup (the citizen's papers to the centre) or a
 * delivery (the result to the citizen), tracking, and signed tracking callbacks to the province.
 *   POST /api/v1/quote       {service, weightGrams, from: provinceCode, to: provinceCode} → {fee, estimatedDays}
 *   POST /api/v1/shipments   ShipmentRequest → {trackingNumber, fee, status} (idempotent by reference)
 *   GET  /api/v1/shipments/:trackingNumber → the shipment and its events
 * All signed (src/adapters/postal/protocol.ts). Controls (sandbox only): POST /sandbox/advance
 * {trackingNumber, status, note?} (the next tracking event, sent as a callback), POST /sandbox/fault
 * {mode: none|error|refuse}, POST /sandbox/callbacks {mode: normal|duplicate}, GET / (an HTML list).
 */

export interface PostalSandboxOptions {
  port: number;
  host?: string;
  clients: { id: string; secret: string }[];
  now?: () => Date;
}

interface Shipment extends ShipmentRequest {
  trackingNumber: string;
  clientId: string;
  fee: number;
  events: TrackingEvent[];
}

export interface PostalSandbox extends RunningSandbox {
  advance(trackingNumber: string, status: TrackingStatus, note?: string): Promise<{ status: number }[]>;
  setFault(mode: "none" | "error" | "refuse"): void;
  setCallbackMode(mode: "normal" | "duplicate"): void;
  shipments(): Shipment[];
}

const NEXT: Record<TrackingStatus, TrackingStatus[]> = {
  CREATED: ["PICKED_UP", "FAILED"],
  PICKED_UP: ["IN_TRANSIT", "DELIVERED", "FAILED"],
  IN_TRANSIT: ["DELIVERED", "FAILED"],
  FAILED: ["IN_TRANSIT", "RETURNED", "DELIVERED"],
  DELIVERED: [],
  RETURNED: [],
};

export async function startPostalSandbox(o: PostalSandboxOptions): Promise<PostalSandbox> {
  const now = o.now ?? (() => new Date());
  const secrets = new Map(o.clients.map((c) => [c.id, c.secret]));
  const shipments = new Map<string, Shipment>();
  const byRef = new Map<string, string>();
  let fault: "none" | "error" | "refuse" = "none";
  let callbackMode: "normal" | "duplicate" = "normal";
  const app = Fastify({ logger: false });
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => done(null, body));
  app.addHook("onSend", async (_req, reply) => {
    reply.header("x-sandbox", "postal-service");
  });

  function authenticate(req: FastifyRequest): { clientId: string; body: Record<string, unknown> } | { error: string } {
    const clientId = req.headers["x-postal-client"];
    const secret = typeof clientId === "string" ? secrets.get(clientId) : undefined;
    if (!secret || typeof clientId !== "string") return { error: "unknown_client" };
    const raw = typeof req.body === "string" ? req.body : "";
    const path = req.url.split("?")[0] ?? req.url;
    const v = postalSignatureValid(secret, req.headers, req.method, path, raw, now());
    if (v !== "ok") return { error: v };
    try {
      return { clientId, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} };
    } catch {
      return { error: "bad_json" };
    }
  }
  app.addHook("preHandler", async (req, reply) => {
    if (!req.url.startsWith("/api/")) return;
    if (fault === "error")
      return reply.code(500).send({ error: "server_error", message: "SANDBOX: simulated failure" });
  });

  app.post("/api/v1/quote", async (req, reply) => {
    const a = authenticate(req);
    if ("error" in a) return reply.code(401).send({ error: a.error });
    const b = a.body as { service?: string; weightGrams?: number; from?: string; to?: string };
    if ((b.service !== "EMS" && b.service !== "BUU_KIEN") || !Number.isInteger(b.weightGrams) || !b.from || !b.to)
      return reply.code(400).send({ error: "invalid_request", message: "service, weightGrams, from, to are required" });
    const same = b.from === b.to;
    return {
      fee: tariff(b.service, b.weightGrams as number, same),
      estimatedDays: same ? 1 : b.service === "EMS" ? 2 : 4,
    };
  });

  const addressOk = (x: unknown): x is PostalAddress => {
    const p = x as PostalAddress | undefined;
    return !!p && !!p.name && /^0\d{9,10}$/.test(p.phone ?? "") && !!p.address && !!p.provinceCode;
  };

  app.post("/api/v1/shipments", async (req, reply) => {
    const a = authenticate(req);
    if ("error" in a) return reply.code(401).send({ error: a.error });
    if (fault === "refuse")
      return reply
        .code(422)
        .send({ error: "service_unavailable_for_route", message: "SANDBOX: no pickup in this area" });
    const r = a.body as unknown as ShipmentRequest;
    const bad: string[] = [];
    if (typeof r.reference !== "string" || !r.reference || r.reference.length > 100) bad.push("reference");
    if (r.kind !== "pickup" && r.kind !== "delivery") bad.push("kind");
    if (r.service !== "EMS" && r.service !== "BUU_KIEN") bad.push("service");
    if (!addressOk(r.sender)) bad.push("sender");
    if (!addressOk(r.receiver)) bad.push("receiver");
    if (!Number.isInteger(r.weightGrams) || r.weightGrams <= 0 || r.weightGrams > 30_000) bad.push("weightGrams");
    if (typeof r.callbackUrl !== "string" || !/^https?:\/\//.test(r.callbackUrl)) bad.push("callbackUrl");
    if (bad.length) return reply.code(400).send({ error: "invalid_request", message: `Invalid: ${bad.join(", ")}` });
    const key = `${a.clientId}/${r.reference}`;
    const known = byRef.get(key);
    if (known) {
      const s = shipments.get(known)!;
      return { trackingNumber: s.trackingNumber, fee: s.fee, status: s.events.at(-1)?.status ?? "CREATED" };
    }
    const trackingNumber = `EV${randomBytes(4).readUInt32BE(0).toString().padStart(9, "0").slice(0, 9)}VN`;
    const fee = tariff(r.service, r.weightGrams, r.sender.provinceCode === r.receiver.provinceCode);
    const s: Shipment = {
      ...r,
      trackingNumber,
      clientId: a.clientId,
      fee,
      events: [{ trackingNumber, reference: r.reference, status: "CREATED", at: now().toISOString(), sequence: 1 }],
    };
    shipments.set(trackingNumber, s);
    byRef.set(key, trackingNumber);
    return { trackingNumber, fee, status: "CREATED" };
  });

  app.get("/api/v1/shipments/:tn", async (req, reply) => {
    const a = authenticate(req);
    if ("error" in a) return reply.code(401).send({ error: a.error });
    const s = shipments.get((req.params as { tn: string }).tn);
    if (!s || s.clientId !== a.clientId) return reply.code(404).send({ error: "not_found" });
    return { trackingNumber: s.trackingNumber, reference: s.reference, fee: s.fee, events: s.events };
  });

  app.post("/sandbox/advance", async (req, reply) => {
    const b = JSON.parse((req.body as string) || "{}") as {
      trackingNumber?: string;
      status?: TrackingStatus;
      note?: string;
    };
    try {
      return { deliveries: await advance(b.trackingNumber ?? "", b.status ?? "PICKED_UP", b.note) };
    } catch (e) {
      return reply.code(409).send({ error: (e as Error).message });
    }
  });
  app.post("/sandbox/fault", async (req) => {
    const m = (JSON.parse((req.body as string) || "{}") as { mode?: typeof fault }).mode ?? "none";
    fault = m;
    return { fault };
  });
  app.post("/sandbox/callbacks", async (req) => {
    callbackMode = (JSON.parse((req.body as string) || "{}") as { mode?: typeof callbackMode }).mode ?? "normal";
    return { callbackMode };
  });
  app.get("/", async (_req, reply) => {
    const body = html`<h1>Bưu gửi</h1><table><caption>Bưu gửi đã đặt</caption><thead><tr><th scope="col">Số hiệu</th><th scope="col">Tham chiếu</th><th scope="col">Loại</th><th scope="col">Cước</th><th scope="col">Trạng thái</th></tr></thead><tbody>${[
      ...shipments.values(),
    ].map(
      (s) =>
        html`<tr><td>${s.trackingNumber}</td><td>${s.reference}</td><td>${s.kind === "pickup" ? "Thu gom hồ sơ" : "Phát kết quả"}</td><td>${String(s.fee)}</td><td>${s.events.at(-1)?.status ?? ""}</td></tr>`,
    )}</tbody></table>`;
    return reply
      .type("text/html; charset=utf-8")
      .send(sandboxPage({ title: "Bưu gửi", service: "Bưu chính công ích", body }));
  });

  async function send(s: Shipment, event: TrackingEvent): Promise<{ status: number }> {
    const secret = secrets.get(s.clientId)!;
    const body = JSON.stringify(event);
    const ts = String(Math.floor(now().getTime() / 1000));
    const url = new URL(s.callbackUrl);
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-postal-timestamp": ts,
          "x-postal-signature": postalSignature(secret, ts, "POST", url.pathname, body),
        },
        body,
        signal: AbortSignal.timeout(5000),
      });
      return { status: res.status };
    } catch {
      return { status: 0 };
    }
  }

  async function advance(tn: string, status: TrackingStatus, note?: string) {
    const s = shipments.get(tn);
    if (!s) throw new Error("unknown shipment");
    const last = s.events.at(-1)!;
    if (!NEXT[last.status].includes(status)) throw new Error(`cannot go from ${last.status} to ${status}`);
    const event: TrackingEvent = {
      trackingNumber: tn,
      reference: s.reference,
      status,
      at: now().toISOString(),
      sequence: last.sequence + 1,
      ...(note ? { note } : {}),
    };
    s.events.push(event);
    const out = [await send(s, event)];
    if (callbackMode === "duplicate") out.push(await send(s, event));
    return out;
  }

  const host = o.host ?? "127.0.0.1";
  await app.listen({ port: o.port, host });
  return {
    name: "postal service",
    url: `http://${host}:${(app.server.address() as { port: number }).port}`,
    advance,
    setFault(m) {
      fault = m;
    },
    setCallbackMode(m) {
      callbackMode = m;
    },
    shipments: () => [...shipments.values()],
    close: () => app.close(),
  };
}
