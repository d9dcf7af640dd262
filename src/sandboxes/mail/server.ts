import { randomUUID } from "node:crypto";
import Fastify, { type FastifyRequest } from "fastify";
import { type AddressObject, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { html } from "../../web/html.js";
import type { RunningSandbox } from "../index.js";
import { sandboxPage } from "../page.js";

/**
 * Mail capture SANDBOX: an SMTP server that accepts every message and keeps it in memory (bounded), plus an HTTP
 * API to read them. Nothing is ever delivered. API (all responses carry `x-sandbox`):
 *   GET    /messages[?to=addr]  → { sandbox: true, messages: CapturedMessage[] } (newest first, without html)
 *   GET    /messages/:id        → CapturedMessage (with html and raw headers)
 *   DELETE /messages            → { deleted: n }
 *   GET    /                    → an HTML page listing them
 */

export interface CapturedMessage {
  id: string;
  from: string;
  to: string[];
  subject: string;
  date: string;
  text: string;
  html?: string;
  messageId?: string;
  /** The SMTP envelope (what the client said in MAIL FROM / RCPT TO). */
  envelope: { from: string; to: string[] };
  receivedAt: string;
}

export interface MailSandboxOptions {
  smtpPort: number;
  httpPort: number;
  host?: string;
  /** Messages kept; the oldest are dropped beyond it. */
  limit?: number;
  /** Max size of one message in bytes. */
  maxBytes?: number;
}

export interface MailSandbox extends RunningSandbox {
  smtpPort: number;
  smtpUrl: string;
  messages(): CapturedMessage[];
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address ?? "")).filter(Boolean);

export async function startMailSandbox(opts: MailSandboxOptions): Promise<MailSandbox> {
  const host = opts.host ?? "127.0.0.1";
  const limit = opts.limit ?? 500;
  const store: CapturedMessage[] = [];

  const smtp = new SMTPServer({
    name: "mail-sandbox.motcua.local",
    banner: "motcua SANDBOX mail capture - nothing is delivered",
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    size: opts.maxBytes ?? 25 * 1024 * 1024,
    logger: false,
    onAuth(_auth, _session, cb) {
      cb(null, { user: "sandbox" });
    },
    onData(stream, session, cb) {
      simpleParser(stream)
        .then((m) => {
          if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
            cb(Object.assign(new Error("Message exceeds the size limit"), { responseCode: 552 }));
            return;
          }
          const envFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
          const envTo = session.envelope.rcptTo.map((r) => r.address);
          store.unshift({
            id: randomUUID(),
            from: m.from?.value[0]?.address ?? envFrom,
            to: addresses(m.to).length ? addresses(m.to) : envTo,
            subject: m.subject ?? "",
            date: (m.date ?? new Date()).toISOString(),
            text: m.text ?? "",
            html: typeof m.html === "string" ? m.html : undefined,
            messageId: m.messageId,
            envelope: { from: envFrom, to: envTo },
            receivedAt: new Date().toISOString(),
          });
          if (store.length > limit) store.length = limit;
          cb();
        })
        .catch((e: Error) => cb(e));
    },
  });
  smtp.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    smtp.server.once("error", reject);
    smtp.listen(opts.smtpPort, host, () => {
      smtp.server.off("error", reject);
      resolve();
    });
  });
  const smtpAddr = smtp.server.address();
  const smtpPort = typeof smtpAddr === "object" && smtpAddr ? smtpAddr.port : opts.smtpPort;

  const app = Fastify({ logger: false });
  app.addHook("onSend", async (_req, reply) => {
    reply.header("x-sandbox", "mail capture SANDBOX");
  });
  const summary = ({ html: _h, ...m }: CapturedMessage) => m;

  app.get("/messages", async (req: FastifyRequest<{ Querystring: { to?: string } }>) => {
    const to = req.query.to?.toLowerCase();
    const list = to ? store.filter((m) => m.to.some((a) => a.toLowerCase() === to)) : store;
    return { sandbox: true, messages: list.map(summary) };
  });
  app.get("/messages/:id", async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const m = store.find((x) => x.id === req.params.id);
    if (!m) return reply.code(404).send({ error: "not_found" });
    return m;
  });
  app.delete("/messages", async () => {
    const deleted = store.length;
    store.length = 0;
    return { deleted };
  });
  app.get("/", async (_req, reply) =>
    reply.type("text/html; charset=utf-8").send(
      sandboxPage({
        title: "Hộp thư",
        service: "Hộp thư thử nghiệm (SANDBOX) – thư không được gửi đi thật",
        body: html`<h1>Thư đã nhận (${store.length})</h1>
<p>Máy chủ SMTP: <code>smtp://${host}:${smtpPort}</code>. API: <a href="/messages">/messages</a>.</p>
${
  store.length === 0
    ? html`<p>Chưa có thư nào.</p>`
    : html`<table><thead><tr><th scope="col">Thời gian</th><th scope="col">Người nhận</th><th scope="col">Tiêu đề</th><th scope="col">Nội dung</th></tr></thead><tbody>
${store.map(
  (m) =>
    html`<tr><td>${m.date}</td><td>${m.to.join(", ")}</td><td><a href="/messages/${m.id}">${m.subject}</a></td><td><pre>${m.text}</pre></td></tr>`,
)}
</tbody></table>`
}`,
      }),
    ),
  );

  await app.listen({ port: opts.httpPort, host });
  const addr = app.server.address();
  const httpPort = typeof addr === "object" && addr ? addr.port : opts.httpPort;
  const url = `http://${host}:${httpPort}`;
  return {
    name: "mail capture",
    url,
    urlLabel: "web page",
    endpoints: [{ label: "SMTP server", url: `smtp://${host}:${smtpPort}` }],
    smtpPort,
    smtpUrl: `smtp://${host}:${smtpPort}`,
    messages: () => [...store],
    async close() {
      await app.close();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
