import Fastify from "fastify";
import { type EmcDossierRecord, emcRecordProblems, emcSignatureValid } from "../../adapters/emc/protocol.js";
import { html } from "../../web/html.js";
import type { RunningSandbox } from "../index.js";
import { sandboxPage } from "../page.js";

/**
 * National monitoring platform (EMC) SANDBOX: receives the dossier-level feed and validates it like the platform.
 *   POST /api/v1/dossiers   EmcDossierRecord, signed (src/adapters/emc/protocol.ts) → {accepted, stored}
 *     401 unknown site / bad signature / stale timestamp; 400 invalid fields (named); a record whose seq is not newer
 *     than the one kept for the dossier is accepted and ignored (idempotent retries, late arrivals).
 * Controls (sandbox only): POST /sandbox/fault {mode: none|error} (error: every push answers 503), GET / (an HTML
 * list of what it got).
 */
export interface EmcSandboxOptions {
  port: number;
  host?: string;
  sites: { code: string; secret: string }[];
  now?: () => Date;
}

export interface EmcSandbox extends RunningSandbox {
  /** The latest record of each dossier, by site. */
  records(): (EmcDossierRecord & { site: string; pushes: number })[];
  /** Every push accepted (including repeats), in order. */
  received(): number;
  setFault(mode: "none" | "error"): void;
}

export async function startEmcSandbox(o: EmcSandboxOptions): Promise<EmcSandbox> {
  const now = o.now ?? (() => new Date());
  const secrets = new Map(o.sites.map((s) => [s.code, s.secret]));
  const kept = new Map<string, EmcDossierRecord & { site: string; pushes: number }>();
  let received = 0;
  let fault: "none" | "error" = "none";
  const app = Fastify({ logger: false });
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => done(null, body));
  app.addHook("onSend", async (_req, reply) => {
    reply.header("x-sandbox", "emc");
  });

  app.post("/api/v1/dossiers", async (req, reply) => {
    if (fault === "error") return reply.code(503).send({ error: "unavailable", message: "SANDBOX: simulated failure" });
    const site = req.headers["x-emc-site"];
    const secret = typeof site === "string" ? secrets.get(site) : undefined;
    if (!secret || typeof site !== "string") return reply.code(401).send({ error: "unknown_site" });
    const raw = typeof req.body === "string" ? req.body : "";
    const v = emcSignatureValid(secret, req.headers, "POST", "/api/v1/dossiers", raw, now());
    if (v !== "ok") return reply.code(401).send({ error: v });
    let r: Partial<EmcDossierRecord>;
    try {
      r = JSON.parse(raw) as Partial<EmcDossierRecord>;
    } catch {
      return reply.code(400).send({ error: "bad_json" });
    }
    const bad = emcRecordProblems(r);
    if (bad.length) return reply.code(400).send({ error: "invalid_record", fields: bad });
    const rec = r as EmcDossierRecord;
    received++;
    const key = `${site}/${rec.dossierCode}`;
    const prev = kept.get(key);
    if (prev && prev.seq >= rec.seq) {
      prev.pushes++;
      return { accepted: true, stored: false };
    }
    kept.set(key, { ...rec, site, pushes: (prev?.pushes ?? 0) + 1 });
    return { accepted: true, stored: true };
  });

  app.post("/sandbox/fault", async (req) => {
    fault = (JSON.parse((req.body as string) || "{}") as { mode?: typeof fault }).mode === "error" ? "error" : "none";
    return { fault };
  });

  app.get("/", async (_req, reply) => {
    const body = html`<h1>Dữ liệu hồ sơ đã nhận</h1><p>Chế độ lỗi: ${fault === "error" ? "BẬT (mọi lần gửi trả 503)" : "tắt"}</p>
<table><caption>Bản ghi mới nhất của mỗi hồ sơ</caption><thead><tr><th scope="col">Đơn vị (site)</th><th scope="col">Mã hồ sơ</th><th scope="col">Mã thủ tục</th><th scope="col">Kênh</th><th scope="col">Toàn trình</th><th scope="col">Trạng thái</th><th scope="col">Nộp</th><th scope="col">Tiếp nhận</th><th scope="col">Hẹn trả</th><th scope="col">Hoàn thành</th><th scope="col">Lần gửi</th></tr></thead><tbody>${[
      ...kept.values(),
    ].map(
      (r) =>
        html`<tr><td>${r.site}</td><td>${r.dossierCode}</td><td>${r.procedureCode}</td><td>${r.channel}</td><td>${r.endToEnd ? "Có" : "Không"}</td><td>${String(r.status)}</td><td>${r.submittedAt}</td><td>${r.receivedAt ?? ""}</td><td>${r.dueAt ?? ""}</td><td>${r.finishedAt ?? ""}</td><td>${String(r.pushes)}</td></tr>`,
    )}</tbody></table>`;
    return reply
      .type("text/html; charset=utf-8")
      .send(sandboxPage({ title: "Dữ liệu hồ sơ", service: "Hệ thống giám sát, đo lường (EMC)", body }));
  });

  await app.listen({ port: o.port, host: o.host ?? "127.0.0.1" });
  return {
    name: "EMC (giám sát, đo lường)",
    url: `http://${o.host ?? "127.0.0.1"}:${o.port}`,
    records: () => [...kept.values()],
    received: () => received,
    setFault: (m) => {
      fault = m;
    },
    close: () => app.close(),
  };
}
