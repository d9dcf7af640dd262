import { randomBytes } from "node:crypto";
import Fastify, { type FastifyRequest } from "fastify";
import { signedHeaders } from "../../adapters/signed-http.js";
import {
  type DeliveryReport,
  type DeliveryStatus,
  MAX_SEGMENTS,
  nonGsmCharacters,
  SMS_PREFIX,
  type SmsRequest,
  segmentsOf,
  smsSignatureValid,
  VN_MOBILE,
} from "../../adapters/sms/protocol.js";
import { html } from "../../web/html.js";
import type { RunningSandbox } from "../index.js";
import { sandboxPage } from "../page.js";

/**
 * SMS gateway SANDBOX (brandname SMS): accepts signed messages (src/adapters/sms/protocol.ts), checks the number, the
 * GSM-7 alphabet and the length as a carrier would, keeps them, and posts a signed delivery report to the province's
 * callback (retried until answered 2xx, a few times). Nothing reaches a telephone.
 * Controls (sandbox only): POST /sandbox/fault {mode: none|error}, POST /sandbox/undeliverable {to} (that number's
 * messages are reported FAILED), GET /sandbox/messages (JSON), GET / (an HTML list).
 */

export interface SmsSandboxOptions {
  port: number;
  host?: string;
  clients: { id: string; secret: string; senders: string[] }[];
  /** Delay before the delivery report (default 50 ms). */
  reportDelayMs?: number;
}

export interface SandboxSms extends SmsRequest {
  messageId: string;
  clientId: string;
  segments: number;
  status: "ACCEPTED" | DeliveryStatus;
  reportAttempts: number;
  receivedAt: string;
}

export interface SmsSandbox extends RunningSandbox {
  messages(): SandboxSms[];
  setFault(mode: "none" | "error"): void;
  setUndeliverable(to: string): void;
}

export async function startSmsSandbox(o: SmsSandboxOptions): Promise<SmsSandbox> {
  const clients = new Map(o.clients.map((c) => [c.id, c]));
  const messages = new Map<string, SandboxSms>();
  const byRef = new Map<string, string>();
  const undeliverable = new Set<string>();
  let fault: "none" | "error" = "none";
  const timers = new Set<NodeJS.Timeout>();
  const app = Fastify({ logger: false });
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => done(null, body));
  app.addHook("onSend", async (_req, reply) => {
    reply.header("x-sandbox", "sms-gateway");
  });
  app.addHook("preHandler", async (req, reply) => {
    if (req.url.startsWith("/api/") && fault === "error")
      return reply.code(503).send({ error: "unavailable", message: "SANDBOX: simulated gateway failure" });
  });

  function authenticate(req: FastifyRequest) {
    const id = req.headers[`${SMS_PREFIX}-client`];
    const client = typeof id === "string" ? clients.get(id) : undefined;
    if (!client) return { error: "unknown_client" } as const;
    const raw = typeof req.body === "string" ? req.body : "";
    const path = req.url.split("?")[0] ?? req.url;
    const v = smsSignatureValid(client.secret, req.headers, req.method, path, raw, new Date());
    if (v !== "ok") return { error: v } as const;
    try {
      return { client, body: (raw ? JSON.parse(raw) : {}) as Record<string, unknown> };
    } catch {
      return { error: "bad_json" } as const;
    }
  }

  app.post("/api/v1/messages", async (req, reply) => {
    const a = authenticate(req);
    if ("error" in a) return reply.code(401).send({ error: a.error });
    const m = a.body as unknown as SmsRequest;
    const bad: string[] = [];
    if (typeof m.ref !== "string" || !m.ref || m.ref.length > 200) bad.push("ref");
    if (typeof m.to !== "string" || !VN_MOBILE.test(m.to)) bad.push("to");
    if (typeof m.sender !== "string" || !a.client.senders.includes(m.sender)) bad.push("sender");
    if (typeof m.callbackUrl !== "string" || !/^https?:\/\//.test(m.callbackUrl)) bad.push("callbackUrl");
    if (typeof m.text !== "string" || !m.text) bad.push("text");
    if (bad.length) return reply.code(400).send({ error: "invalid_request", message: `Invalid: ${bad.join(", ")}` });
    const nonGsm = nonGsmCharacters(m.text);
    if (nonGsm) return reply.code(422).send({ error: "not_gsm7", message: `Characters outside GSM-7: ${nonGsm}` });
    const segments = segmentsOf(m.text);
    if (segments > MAX_SEGMENTS)
      return reply.code(422).send({ error: "too_long", message: `${segments} parts; at most ${MAX_SEGMENTS}` });
    const key = `${a.client.id}/${m.ref}`;
    const known = byRef.get(key);
    if (known) {
      const s = messages.get(known)!;
      return { messageId: s.messageId, segments: s.segments, status: "ACCEPTED" };
    }
    const messageId = `SMS${randomBytes(6).toString("hex").toUpperCase()}`;
    const s: SandboxSms = {
      ref: m.ref,
      to: m.to,
      text: m.text,
      sender: m.sender,
      callbackUrl: m.callbackUrl,
      messageId,
      clientId: a.client.id,
      segments,
      status: "ACCEPTED",
      reportAttempts: 0,
      receivedAt: new Date().toISOString(),
    };
    messages.set(messageId, s);
    byRef.set(key, messageId);
    schedule(s, o.reportDelayMs ?? 50, 0);
    return { messageId, segments, status: "ACCEPTED" };
  });

  app.get("/api/v1/messages/:id", async (req, reply) => {
    const a = authenticate(req);
    if ("error" in a) return reply.code(401).send({ error: a.error });
    const s = messages.get((req.params as { id: string }).id);
    if (!s || s.clientId !== a.client.id) return reply.code(404).send({ error: "not_found" });
    return { messageId: s.messageId, ref: s.ref, status: s.status, segments: s.segments };
  });

  function schedule(s: SandboxSms, delay: number, attempt: number) {
    if (attempt >= 5) return;
    const t = setTimeout(async () => {
      timers.delete(t);
      const ok = await report(s);
      if (!ok) schedule(s, 200 * 2 ** attempt, attempt + 1);
    }, delay);
    timers.add(t);
  }

  async function report(s: SandboxSms): Promise<boolean> {
    const secret = clients.get(s.clientId)!.secret;
    const status: DeliveryStatus = undeliverable.has(s.to) ? "FAILED" : "DELIVERED";
    s.status = status;
    s.reportAttempts++;
    const r: DeliveryReport = {
      messageId: s.messageId,
      ref: s.ref,
      status,
      at: new Date().toISOString(),
      ...(status === "FAILED" ? { error: "SANDBOX: subscriber unreachable" } : {}),
    };
    const body = JSON.stringify(r);
    const url = new URL(s.callbackUrl);
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: signedHeaders(SMS_PREFIX, secret, "POST", url.pathname, body),
        body,
        signal: AbortSignal.timeout(5000),
      });
      return res.ok;
    } catch {
      return false;
    }
  }

  const json = (req: FastifyRequest) => JSON.parse((req.body as string) || "{}") as Record<string, unknown>;
  app.post("/sandbox/fault", async (req) => {
    fault = json(req).mode === "error" ? "error" : "none";
    return { fault };
  });
  app.post("/sandbox/undeliverable", async (req) => {
    undeliverable.add(String(json(req).to ?? ""));
    return { undeliverable: [...undeliverable] };
  });
  app.get("/sandbox/messages", async () => [...messages.values()]);
  app.get("/", async (_req, reply) => {
    const rows = [...messages.values()].reverse();
    const body = html`<h1>Tin nhắn đã nhận</h1><table><caption>Tin nhắn SMS (không gửi tới điện thoại thật)</caption><thead><tr><th scope="col">Thời điểm</th><th scope="col">Số điện thoại</th><th scope="col">Nội dung</th><th scope="col">Số phần</th><th scope="col">Trạng thái</th></tr></thead><tbody>${rows.map(
      (s) =>
        html`<tr><td>${s.receivedAt}</td><td>${s.to}</td><td>${s.text}</td><td>${String(s.segments)}</td><td>${s.status}</td></tr>`,
    )}</tbody></table>`;
    return reply
      .type("text/html; charset=utf-8")
      .send(sandboxPage({ title: "Tin nhắn", service: "Cổng tin nhắn SMS", body }));
  });

  const host = o.host ?? "127.0.0.1";
  await app.listen({ port: o.port, host });
  return {
    name: "SMS gateway",
    url: `http://${host}:${(app.server.address() as { port: number }).port}`,
    messages: () => [...messages.values()],
    setFault(m) {
      fault = m;
    },
    setUndeliverable(to) {
      undeliverable.add(to);
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      await app.close();
    },
  };
}
