import Fastify from "fastify";
import {
  answerSignature,
  type BusinessRecord,
  type CitizenRecord,
  equalHex,
  requestSignature,
} from "../../adapters/registries/protocol.js";
import type { RunningSandbox } from "../index.js";
import { DEMO_PEOPLE } from "../vneid/people.js";

/**
 * SANDBOX of the national registries: the population database (`GET /api/v1/citizens/:soDinhDanh`) and the
 * business registration database (`GET /api/v1/businesses/:maSoDoanhNghiep`), with the demo people and business of
 * the VNeID sandbox. Signed requests and answers (src/adapters/registries/protocol.ts); every lookup is logged
 * (`GET /sandbox/log`); `POST /sandbox/fault {mode: none|error|tamper}` (tamper: the answer's body is altered after
 * signing, as an attacker in the middle would).
 */

export interface RegistrySandboxOptions {
  port: number;
  host?: string;
  clients: { id: string; secret: string }[];
  now?: () => Date;
}

export interface RegistrySandbox extends RunningSandbox {
  setFault(mode: "none" | "error" | "tamper"): void;
  log(): { at: string; clientId: string; requestId: string; path: string; found: boolean }[];
}

const CITIZENS: CitizenRecord[] = DEMO_PEOPLE.filter((p) => p.kind === "citizen" && p.cccd).map((p) => ({
  soDinhDanh: p.cccd!,
  hoTen: p.name,
  ngaySinh: p.birthdate!,
  gioiTinh: p.gender === "female" ? "Nữ" : "Nam",
  noiThuongTru: p.address.formatted,
  quocTich: "Việt Nam",
  danToc: "Kinh",
}));

const BUSINESSES: BusinessRecord[] = DEMO_PEOPLE.filter((p) => p.kind === "business" && p.taxCode).map((p) => ({
  maSoDoanhNghiep: p.taxCode!,
  tenDoanhNghiep: p.name,
  loaiHinh: "Công ty trách nhiệm hữu hạn hai thành viên trở lên",
  diaChiTruSo: p.address.formatted,
  nguoiDaiDien: {
    hoTen: p.representative?.name ?? "",
    soDinhDanh: p.representative?.cccd ?? "",
    chucDanh: p.representative?.title ?? "",
  },
  ngayThanhLap: p.birthdate!,
  tinhTrang: "DANG_HOAT_DONG",
}));

export async function startRegistrySandbox(o: RegistrySandboxOptions): Promise<RegistrySandbox> {
  const now = o.now ?? (() => new Date());
  const secrets = new Map(o.clients.map((c) => [c.id, c.secret]));
  const entries: { at: string; clientId: string; requestId: string; path: string; found: boolean }[] = [];
  let fault: "none" | "error" | "tamper" = "none";
  const app = Fastify({ logger: false });

  app.get("/api/v1/:kind/:id", async (req, reply) => {
    const h = req.headers;
    const clientId = typeof h["x-client-id"] === "string" ? h["x-client-id"] : "";
    const ts = typeof h["x-timestamp"] === "string" ? h["x-timestamp"] : "";
    const requestId = typeof h["x-request-id"] === "string" ? h["x-request-id"] : "";
    const sig = typeof h["x-signature"] === "string" ? h["x-signature"] : "";
    const secret = secrets.get(clientId);
    const path = req.url.split("?")[0] ?? req.url;
    if (!secret || !requestId || !/^\d+$/.test(ts))
      return reply.code(401).send({ error: "unauthenticated", message: "Missing or unknown client credentials" });
    if (!equalHex(sig, requestSignature(secret, "GET", path, ts, requestId, "")))
      return reply.code(401).send({ error: "bad_signature", message: "The request signature does not verify" });
    if (Math.abs(now().getTime() / 1000 - Number(ts)) > 300)
      return reply.code(401).send({ error: "stale", message: "The request is too old" });
    if (fault === "error")
      return reply.code(500).send({ error: "server_error", message: "SANDBOX: simulated failure" });
    const { kind, id } = req.params as { kind: string; id: string };
    let record: CitizenRecord | BusinessRecord | undefined;
    if (kind === "citizens") {
      if (!/^\d{12}$/.test(id)) return reply.code(400).send({ error: "invalid_id", message: "12 digits expected" });
      record = CITIZENS.find((c) => c.soDinhDanh === id);
    } else if (kind === "businesses") {
      if (!/^\d{10}(-\d{3})?$/.test(id))
        return reply.code(400).send({ error: "invalid_id", message: "10 or 13 digits" });
      record = BUSINESSES.find((b) => b.maSoDoanhNghiep === id);
    } else return reply.code(404).send({ error: "not_found", message: "Unknown registry" });
    entries.push({ at: now().toISOString(), clientId, requestId, path, found: !!record });
    const answerTs = String(Math.floor(now().getTime() / 1000));
    const body = JSON.stringify(record ? { found: true, data: record } : { found: false });
    const signature = answerSignature(secret, answerTs, body);
    const sent = fault === "tamper" ? body.replace(/"hoTen":"[^"]*"/, '"hoTen":"Kẻ Mạo Danh"') : body;
    return reply
      .header("x-sandbox", "national-registries")
      .header("x-timestamp", answerTs)
      .header("x-signature", signature)
      .type("application/json")
      .send(sent);
  });
  app.post("/sandbox/fault", async (req) => {
    fault = ((req.body ?? {}) as { mode?: typeof fault }).mode ?? "none";
    return { fault };
  });
  app.get("/sandbox/log", async () => ({ sandbox: true, log: entries }));

  const host = o.host ?? "127.0.0.1";
  await app.listen({ port: o.port, host });
  return {
    name: "population and business registries",
    url: `http://${host}:${(app.server.address() as { port: number }).port}`,
    setFault(m) {
      fault = m;
    },
    log: () => [...entries],
    close: () => app.close(),
  };
}
