import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { html } from "../../web/html.js";
import type { RunningSandbox } from "../index.js";
import { sandboxPage } from "../page.js";
import { BROKEN_IN_DECEMBER, type NationalProcedure, SNAPSHOTS, type SnapshotName, snapshot } from "./catalogue.js";
import {
  NationalDossier,
  type NationalRating,
  type NationalSubmission,
  NEXT_STATUSES,
  nationalTime,
  ProgressStep,
  parseNationalTime,
  type ServiceAnswer,
} from "./protocol.js";

/**
 * National Public Service Portal SANDBOX (Cổng Dịch vụ công quốc gia, as a province reaches it through its LGSP).
 * A stand-in that speaks the protocol provincial one-stop systems use (domain.md §9) and validates like the real
 * one: it must never run in production.
 *
 *   POST /lgsp/dang-nhap  {username, password} → {error_code:"0", data:{session, expires_in}}
 *   POST /lgsp/dich-vu    header `lgsp-session: <session>`, body {service, ...params} → ServiceAnswer
 *     services: LayDanhSachTTHC {TuNgay?, Trang?, SoBanGhi?} · LayThuTuc {MaTTHC}
 *               DongBoHoSoMC {data: NationalDossier, isUpdating} · CapNhatTienDoHoSoMC {data: ProgressStep}
 *               TraCuuHoSo {MaHoSo} — the province's code, or the portal's own id (MaHoSoQG) of a dossier
 *               submitted on the national portal, once a push echoing that id linked the two
 *               LayDanhSachHoSoMoi {SoBanGhi?} · LayTepDinhKem {MaTep} · XacNhanHoSoMoi {MaHoSoQG, KetQua, MaHoSo?, LyDo?}
 *               LayDanhGia {TuThoiDiem?}
 *   Sandbox controls (no session; a test or a developer drives them):
 *   POST /sandbox/fault {mode: "none"|"error"|"unavailable"|"timeout"|"slow", delayMs?}
 *   POST /sandbox/catalogue {snapshot: "2026-11"|"2026-12"}
 *   POST /sandbox/submissions  a dossier a citizen submitted on the national portal → {MaHoSoQG}
 *   POST /sandbox/ratings      a rating given on the national portal → {MaDanhGia}
 *   GET  /sandbox/state        everything received (JSON) · DELETE /sandbox/state resets it
 *   GET  /                     an HTML page listing what was received
 * New submissions are also announced by a signed callback when `callbackUrl` is set:
 *   POST callbackUrl {SuKien:"HoSoMoi", MaHoSoQG, ThoiDiem} with `x-lgsp-timestamp` and
 *   `x-lgsp-signature: hex(HMAC-SHA256(callbackSecret, timestamp + "." + body))`.
 */

export interface NationalPortalSandboxOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  /** The province's credentials at the LGSP. */
  username: string;
  password: string;
  sessionTtlSeconds?: number;
  snapshot?: SnapshotName;
  callbackUrl?: string;
  callbackSecret?: string;
  now?: () => Date;
}

export type FaultMode = "none" | "error" | "unavailable" | "timeout" | "slow";

export interface SyncedDossier {
  dossier: NationalDossier;
  firstAt: string;
  updatedAt: string;
  pushes: number;
  statuses: { status: number; at: string }[];
  steps: ProgressStep[];
}

export type { NationalRating, NationalSubmission };

export interface CallRecord {
  at: string;
  service: string;
  error_code: string;
  MaHoSo?: string;
}

export interface NationalPortalSandbox extends RunningSandbox {
  setFault(mode: FaultMode, delayMs?: number): void;
  setSnapshot(name: SnapshotName): void;
  state(): {
    dossiers: SyncedDossier[];
    submissions: NationalSubmission[];
    ratings: NationalRating[];
    calls: CallRecord[];
  };
}

const ok = <D>(data: D): ServiceAnswer<D> => ({ error_code: "0", message: "Thành công", data });
const fail = (error_code: string, message: string, errors?: ServiceAnswer["errors"]): ServiceAnswer => ({
  error_code,
  message,
  ...(errors ? { errors } : {}),
});

function schemaErrors(schema: TSchema, value: unknown, root: string): { field: string; message: string }[] {
  const seen = new Set<string>();
  const out: { field: string; message: string }[] = [];
  for (const e of Value.Errors(schema, value)) {
    const field = root + e.path.replace(/\//g, ".");
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, message: e.message });
  }
  return out;
}

/** Whether a dossier received at `received` (yyyyMMddHHmmss, Vietnam time) was received before the day `day` (dd/mm/yyyy). */
function receivedBefore(received: string | undefined, day: string): boolean {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(day);
  if (!received || !m) return false;
  return received.slice(0, 8) < `${m[3]}${m[2]}${m[1]}`;
}

const safeEqual = (a: string, b: string) => {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
};

export async function startNationalPortalSandbox(opts: NationalPortalSandboxOptions): Promise<NationalPortalSandbox> {
  const now = opts.now ?? (() => new Date());
  const ttl = (opts.sessionTtlSeconds ?? 1800) * 1000;
  const sessions = new Map<string, number>();
  let fault: { mode: FaultMode; delayMs: number } = { mode: "none", delayMs: 0 };
  let catalogueName: SnapshotName = opts.snapshot ?? "2026-11";
  let catalogue = snapshot(catalogueName);
  const dossiers = new Map<string, SyncedDossier>();
  const submissions = new Map<string, NationalSubmission>();
  const files = new Map<string, { name: string; type: string; content: Buffer }>();
  const ratings: NationalRating[] = [];
  const calls: CallRecord[] = [];
  const held = new Set<FastifyReply>();

  const byCode = () => new Map(catalogue.map((p) => [p.MaTTHC, p]));
  const record = (service: string, answer: ServiceAnswer, MaHoSo?: string) => {
    calls.push({ at: now().toISOString(), service, error_code: answer.error_code, ...(MaHoSo ? { MaHoSo } : {}) });
    if (calls.length > 5000) calls.splice(0, calls.length - 5000);
    return answer;
  };

  const app = Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024 });
  app.addHook("onSend", async (_req, reply) => {
    reply.header("x-sandbox", "national-public-service-portal");
  });

  /** Applies the fault switch to the LGSP routes: an error, an outage, a request never answered, or a slow answer. */
  async function faulted(reply: FastifyReply): Promise<boolean> {
    if (fault.mode === "error") {
      reply.code(500).send(fail("SYSTEM_ERROR", "Lỗi hệ thống (SANDBOX: lỗi giả lập)."));
      return true;
    }
    if (fault.mode === "unavailable") {
      reply.code(503).header("retry-after", "30").send(fail("UNAVAILABLE", "Hệ thống đang bảo trì (SANDBOX)."));
      return true;
    }
    if (fault.mode === "timeout") {
      held.add(reply);
      reply.raw.on("close", () => held.delete(reply));
      return true;
    }
    if (fault.mode === "slow") await new Promise((r) => setTimeout(r, fault.delayMs));
    return false;
  }

  app.post("/lgsp/dang-nhap", async (req, reply) => {
    if (await faulted(reply)) return reply;
    const b = (req.body ?? {}) as { username?: unknown; password?: unknown };
    if (typeof b.username !== "string" || typeof b.password !== "string")
      return reply.code(400).send(fail("DATA_INVALID", "Thiếu tên đăng nhập hoặc mật khẩu."));
    if (!safeEqual(b.username, opts.username) || !safeEqual(b.password, opts.password))
      return reply.code(401).send(fail("LOGIN_FAILED", "Sai tên đăng nhập hoặc mật khẩu."));
    const session = randomBytes(24).toString("base64url");
    sessions.set(session, now().getTime() + ttl);
    return ok({ session, expires_in: Math.floor(ttl / 1000) });
  });

  function sessionOk(req: FastifyRequest): boolean {
    const s = req.headers["lgsp-session"];
    if (typeof s !== "string") return false;
    const exp = sessions.get(s);
    if (exp === undefined) return false;
    if (exp <= now().getTime()) {
      sessions.delete(s);
      return false;
    }
    return true;
  }

  const services: Record<string, (p: Record<string, unknown>) => ServiceAnswer> = {
    LayDanhSachTTHC(p) {
      const size = Math.min(Math.max(Number(p.SoBanGhi ?? 100) || 100, 1), 500);
      const page = Math.max(Number(p.Trang ?? 1) || 1, 1);
      const list = [...catalogue].sort((a, b) => a.MaTTHC.localeCompare(b.MaTTHC));
      return ok({
        PhienBanDanhMuc: catalogueName,
        TongSo: list.length,
        Trang: page,
        SoBanGhi: size,
        DanhSach: list.slice((page - 1) * size, page * size).map((x) => ({
          MaTTHC: x.MaTTHC,
          TenTTHC: x.TenTTHC,
          MaLinhVuc: x.MaLinhVuc,
          PhienBan: x.PhienBan,
          TrangThai: x.TrangThai,
          NgayCapNhat: x.NgayCapNhat,
        })),
      });
    },
    LayThuTuc(p) {
      const found = typeof p.MaTTHC === "string" ? byCode().get(p.MaTTHC) : undefined;
      if (!found) return fail("TTHC_NOT_FOUND", `Không tìm thấy thủ tục có mã “${String(p.MaTTHC ?? "")}”.`);
      return ok<NationalProcedure>(found);
    },
    DongBoHoSoMC(p) {
      const data = p.data;
      const errors = schemaErrors(NationalDossier, data, "data");
      if (typeof p.isUpdating !== "boolean") errors.push({ field: "isUpdating", message: "Required boolean" });
      if (errors.length) return fail("DATA_INVALID", "Dữ liệu hồ sơ không hợp lệ.", errors);
      const d = data as NationalDossier;
      for (const k of ["NgayTiepNhan", "NgayHenTra", "NgayTra"] as const) {
        const v = d[k];
        if (v !== undefined && !parseNationalTime(v)) errors.push({ field: `data.${k}`, message: "Not a real time" });
      }
      if (d.TrangThaiHoSo >= 2 && d.TrangThaiHoSo !== 3 && !d.NgayTiepNhan)
        errors.push({ field: "data.NgayTiepNhan", message: "Required once the dossier is received" });
      if (d.TrangThaiHoSo >= 2 && d.TrangThaiHoSo !== 3 && !d.NgayHenTra)
        errors.push({ field: "data.NgayHenTra", message: "Required once the dossier is received" });
      if (d.TrangThaiHoSo === 10 && !d.NgayTra)
        errors.push({ field: "data.NgayTra", message: "Required when the result is returned" });
      if (errors.length) return fail("DATA_INVALID", "Dữ liệu hồ sơ không hợp lệ.", errors);
      const proc = byCode().get(d.MaTTHC);
      if (!proc) return fail("TTHC_NOT_FOUND", `Mã thủ tục “${d.MaTTHC}” không có trong CSDL quốc gia về TTHC.`);
      const known = dossiers.get(d.MaHoSo);
      const link = linkCheck(d.MaHoSo, d.MaHoSoQG ?? known?.dossier.MaHoSoQG, d.MaTTHC);
      if (link) return link;
      const at = now().toISOString();
      if (!p.isUpdating) {
        if (known) return fail("DOSSIER_DUPLICATE", `Hồ sơ “${d.MaHoSo}” đã được đồng bộ trước đó.`);
        // a withdrawn procedure takes no new dossier; one the province received before the withdrawal is still synced
        if (proc.TrangThai === "BAI_BO" && !receivedBefore(d.NgayTiepNhan, proc.NgayCapNhat))
          return fail("TTHC_WITHDRAWN", `Thủ tục “${d.MaTTHC}” đã bị bãi bỏ; không nhận hồ sơ mới.`);
        if (d.MaHoSoQG) linkTo(d.MaHoSoQG, d.MaHoSo);
        dossiers.set(d.MaHoSo, {
          dossier: d,
          firstAt: at,
          updatedAt: at,
          pushes: 1,
          statuses: [{ status: d.TrangThaiHoSo, at }],
          steps: [],
        });
        return ok({ MaHoSo: d.MaHoSo });
      }
      if (!known) return fail("DOSSIER_NOT_FOUND", `Hồ sơ “${d.MaHoSo}” chưa được đồng bộ (isUpdating=true).`);
      const from = known.dossier.TrangThaiHoSo;
      if (d.TrangThaiHoSo !== from && !(NEXT_STATUSES[from] ?? []).includes(d.TrangThaiHoSo))
        return fail(
          "STATUS_TRANSITION",
          `Không thể chuyển trạng thái hồ sơ “${d.MaHoSo}” từ ${from} sang ${d.TrangThaiHoSo}.`,
        );
      if (d.TrangThaiHoSo !== from) known.statuses.push({ status: d.TrangThaiHoSo, at });
      if (d.MaHoSoQG) linkTo(d.MaHoSoQG, d.MaHoSo);
      // a link, once made, stays (a later push need not repeat the id)
      known.dossier = known.dossier.MaHoSoQG && !d.MaHoSoQG ? { ...d, MaHoSoQG: known.dossier.MaHoSoQG } : d;
      known.updatedAt = at;
      known.pushes++;
      return ok({ MaHoSo: d.MaHoSo });
    },
    CapNhatTienDoHoSoMC(p) {
      const errors = schemaErrors(ProgressStep, p.data, "data");
      if (errors.length) return fail("DATA_INVALID", "Dữ liệu tiến độ không hợp lệ.", errors);
      const s = p.data as ProgressStep;
      for (const k of ["ThoiDiemXuLy", "NgayBatDau", "NgayKetThucTheoQuyDinh"] as const) {
        const v = s[k];
        if (v !== undefined && !parseNationalTime(v)) errors.push({ field: `data.${k}`, message: "Not a real time" });
      }
      if (errors.length) return fail("DATA_INVALID", "Dữ liệu tiến độ không hợp lệ.", errors);
      const known = dossiers.get(s.MaHoSo);
      if (!known) return fail("DOSSIER_NOT_FOUND", `Hồ sơ “${s.MaHoSo}” chưa được đồng bộ.`);
      if (s.MaHoSoQG && s.MaHoSoQG !== known.dossier.MaHoSoQG)
        return fail("DATA_INVALID", "Mã hồ sơ trên Cổng quốc gia không khớp hồ sơ đã đồng bộ.", [
          { field: "data.MaHoSoQG", message: `Hồ sơ “${s.MaHoSo}” không liên kết với “${s.MaHoSoQG}”` },
        ]);
      if (!known.steps.some((x) => x.MaTienDo === s.MaTienDo)) known.steps.push(s);
      return ok({ MaHoSo: s.MaHoSo, MaTienDo: s.MaTienDo });
    },
    TraCuuHoSo(p) {
      const ref = typeof p.MaHoSo === "string" ? p.MaHoSo : typeof p.MaHoSoQG === "string" ? p.MaHoSoQG : "";
      // the province's code, or the id the citizen got when submitting here, once the province linked it
      const linked = submissions.get(ref)?.MaHoSoDongBo;
      const known = dossiers.get(ref) ?? (linked ? dossiers.get(linked) : undefined);
      if (!known) {
        const sub = submissions.get(ref);
        if (sub)
          return fail(
            "DOSSIER_NOT_FOUND",
            `Hồ sơ “${ref}” đã nộp (${sub.TrangThai}); tỉnh chưa đồng bộ trạng thái xử lý.`,
          );
        return fail("DOSSIER_NOT_FOUND", `Không tìm thấy hồ sơ “${ref}”.`);
      }
      return ok({ ...known.dossier, LichSuTrangThai: known.statuses, TienDo: known.steps });
    },
    LayDanhSachHoSoMoi(p) {
      const size = Math.min(Math.max(Number(p.SoBanGhi ?? 50) || 50, 1), 200);
      const pending = [...submissions.values()].filter((s) => s.TrangThai === "CHO_TIEP_NHAN").slice(0, size);
      return ok({ DanhSach: pending });
    },
    LayTepDinhKem(p) {
      const f = typeof p.MaTep === "string" ? files.get(p.MaTep) : undefined;
      if (!f) return fail("FILE_NOT_FOUND", `Không tìm thấy tệp “${String(p.MaTep ?? "")}”.`);
      return ok({ TenTep: f.name, LoaiTep: f.type, NoiDung: f.content.toString("base64") });
    },
    XacNhanHoSoMoi(p) {
      const s = typeof p.MaHoSoQG === "string" ? submissions.get(p.MaHoSoQG) : undefined;
      if (!s) return fail("DOSSIER_NOT_FOUND", `Không tìm thấy hồ sơ “${String(p.MaHoSoQG ?? "")}”.`);
      if (p.KetQua !== "DA_NHAN" && p.KetQua !== "TU_CHOI")
        return fail("DATA_INVALID", "KetQua phải là DA_NHAN hoặc TU_CHOI.", [{ field: "KetQua", message: "Invalid" }]);
      if (p.KetQua === "TU_CHOI" && (typeof p.LyDo !== "string" || !p.LyDo))
        return fail("DATA_INVALID", "Cần nêu lý do từ chối.", [{ field: "LyDo", message: "Required" }]);
      if (s.TrangThai !== "CHO_TIEP_NHAN" && s.TrangThai !== p.KetQua)
        return fail("STATUS_TRANSITION", `Hồ sơ “${s.MaHoSoQG}” đã được xác nhận (${s.TrangThai}).`);
      s.TrangThai = p.KetQua;
      if (typeof p.MaHoSo === "string") s.MaHoSo = p.MaHoSo;
      if (typeof p.LyDo === "string") s.LyDo = p.LyDo;
      return ok({ MaHoSoQG: s.MaHoSoQG, TrangThai: s.TrangThai });
    },
    LayDanhGia(p) {
      const since = typeof p.TuThoiDiem === "string" ? p.TuThoiDiem : "";
      return ok({ DanhSach: ratings.filter((r) => r.ThoiDiem > since) });
    },
  };

  app.post("/lgsp/dich-vu", async (req, reply) => {
    if (await faulted(reply)) return reply;
    if (!sessionOk(req))
      return reply.code(401).send(fail("SESSION_INVALID", "Phiên làm việc không hợp lệ hoặc đã hết hạn."));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const name = typeof body.service === "string" ? body.service : "";
    const handler = Object.hasOwn(services, name) ? services[name] : undefined;
    if (!handler) return record(name || "?", fail("SERVICE_UNKNOWN", `Không có dịch vụ “${name}”.`));
    const code = (body.data as { MaHoSo?: unknown } | undefined)?.MaHoSo ?? body.MaHoSo;
    return record(name, handler(body), typeof code === "string" ? code : undefined);
  });

  // ---- sandbox controls ----
  app.post("/sandbox/fault", async (req, reply) => {
    const b = (req.body ?? {}) as { mode?: FaultMode; delayMs?: number };
    if (!["none", "error", "unavailable", "timeout", "slow"].includes(b.mode ?? ""))
      return reply.code(400).send({ error: "mode must be none|error|unavailable|timeout|slow" });
    setFault(b.mode as FaultMode, b.delayMs);
    return { fault };
  });
  app.post("/sandbox/catalogue", async (req, reply) => {
    const name = (req.body as { snapshot?: string } | undefined)?.snapshot;
    if (!SNAPSHOTS.includes(name as SnapshotName))
      return reply.code(400).send({ error: `snapshot must be one of ${SNAPSHOTS.join(", ")}` });
    setSnapshot(name as SnapshotName);
    return { snapshot: catalogueName, procedures: catalogue.length };
  });
  app.post("/sandbox/submissions", async (req, reply) => {
    const b = (req.body ?? {}) as Partial<Omit<NationalSubmission, "TepDinhKem">> & {
      TepDinhKem?: { MaThanhPhan: string; TenTep: string; LoaiTep: string; NoiDungBase64: string }[];
    };
    if (typeof b.MaTTHC !== "string" || typeof b.MaDonViTiepNhan !== "string" || !b.ChuHoSo)
      return reply.code(400).send({ error: "MaTTHC, MaDonViTiepNhan and ChuHoSo are required" });
    const id = `G22.${nationalTime(now()).slice(2, 8)}.${randomBytes(3).toString("hex").toUpperCase()}`;
    const attached = (b.TepDinhKem ?? []).map((f) => {
      const content = Buffer.from(f.NoiDungBase64 ?? "", "base64");
      const MaTep = randomUUID();
      files.set(MaTep, { name: f.TenTep, type: f.LoaiTep, content });
      return {
        MaTep,
        MaThanhPhan: f.MaThanhPhan,
        TenTep: f.TenTep,
        LoaiTep: f.LoaiTep,
        KichThuoc: content.length,
        SHA256: createHash("sha256").update(content).digest("hex"),
      };
    });
    const s: NationalSubmission = {
      MaHoSoQG: id,
      MaTTHC: b.MaTTHC,
      MaDonViTiepNhan: b.MaDonViTiepNhan,
      NgayNop: nationalTime(now()),
      ChuHoSo: b.ChuHoSo,
      DuLieuBieuMau: b.DuLieuBieuMau ?? {},
      TepDinhKem: attached,
      TrangThai: "CHO_TIEP_NHAN",
    };
    submissions.set(id, s);
    void announce(id);
    return { MaHoSoQG: id };
  });
  app.post("/sandbox/ratings", async (req, reply) => {
    const b = (req.body ?? {}) as Partial<NationalRating>;
    if (typeof b.MaHoSo !== "string" || ![1, 2, 3].includes(b.MucDoHaiLong as number))
      return reply.code(400).send({ error: "MaHoSo and MucDoHaiLong (1|2|3) are required" });
    // a citizen rates the dossier they submitted here by its national id: named by the province's code once linked
    const linked = submissions.get(b.MaHoSo)?.MaHoSoDongBo;
    const r: NationalRating = {
      MaDanhGia: randomUUID(),
      MaHoSo: linked ?? b.MaHoSo,
      ...(linked ? { MaHoSoQG: b.MaHoSo } : {}),
      MucDoHaiLong: b.MucDoHaiLong as 1 | 2 | 3,
      ...(b.TieuChi ? { TieuChi: b.TieuChi } : {}),
      ...(b.YKien ? { YKien: b.YKien } : {}),
      ThoiDiem: nationalTime(now()),
    };
    ratings.push(r);
    return { MaDanhGia: r.MaDanhGia };
  });
  app.get("/sandbox/state", async () => ({ sandbox: true, snapshot: catalogueName, fault, ...state() }));
  app.delete("/sandbox/state", async () => {
    dossiers.clear();
    submissions.clear();
    files.clear();
    ratings.length = 0;
    calls.length = 0;
    return { reset: true };
  });

  app.get("/", async (_req, reply) => {
    const list = [...dossiers.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, 200);
    const failures = calls
      .filter((c) => c.error_code !== "0")
      .slice(-50)
      .reverse();
    const body = html`<h1>Hồ sơ đã nhận đồng bộ</h1>
<p>Danh mục TTHC: phiên bản ${catalogueName} (${String(catalogue.length)} thủ tục). Chế độ lỗi giả lập: ${fault.mode}.
${String(dossiers.size)} hồ sơ đồng bộ, ${String(submissions.size)} hồ sơ nộp trên Cổng quốc gia, ${String(ratings.length)} đánh giá.</p>
<table><caption>Hồ sơ (mới cập nhật trước)</caption>
<thead><tr><th scope="col">Mã hồ sơ</th><th scope="col">Thủ tục</th><th scope="col">Trạng thái</th><th scope="col">Số lần đẩy</th><th scope="col">Tiến độ</th><th scope="col">Cập nhật</th></tr></thead>
<tbody>${list.map(
      (d) =>
        html`<tr><td>${d.dossier.MaHoSo}</td><td>${d.dossier.MaTTHC}</td><td>${d.statuses.map((s) => String(s.status)).join(" → ")}</td><td>${String(d.pushes)}</td><td>${String(d.steps.length)}</td><td>${d.updatedAt}</td></tr>`,
    )}</tbody></table>
<h2>Hồ sơ công dân nộp trên Cổng quốc gia</h2>
<table><caption>Hồ sơ nộp trên Cổng quốc gia và trạng thái tỉnh đã đồng bộ</caption>
<thead><tr><th scope="col">Mã hồ sơ Cổng quốc gia</th><th scope="col">Thủ tục</th><th scope="col">Tiếp nhận</th><th scope="col">Mã hồ sơ của tỉnh</th><th scope="col">Trạng thái xử lý</th></tr></thead>
<tbody>${[...submissions.values()].slice(-200).map((x) => {
      const synced = x.MaHoSoDongBo ? dossiers.get(x.MaHoSoDongBo) : undefined;
      return html`<tr><td>${x.MaHoSoQG}</td><td>${x.MaTTHC}</td><td>${x.TrangThai}</td><td>${x.MaHoSoDongBo ?? x.MaHoSo ?? ""}</td><td>${synced ? String(synced.dossier.TrangThaiHoSo) : ""}</td></tr>`;
    })}</tbody></table>
<h2>Lỗi đã trả về gần đây</h2>
<table><caption>Các lời gọi bị từ chối</caption>
<thead><tr><th scope="col">Thời điểm</th><th scope="col">Dịch vụ</th><th scope="col">Mã lỗi</th><th scope="col">Hồ sơ</th></tr></thead>
<tbody>${failures.map((c) => html`<tr><td>${c.at}</td><td>${c.service}</td><td>${c.error_code}</td><td>${c.MaHoSo ?? ""}</td></tr>`)}</tbody></table>`;
    return reply
      .type("text/html; charset=utf-8")
      .send(sandboxPage({ title: "Hồ sơ đồng bộ", service: "Cổng Dịch vụ công quốc gia", body }));
  });

  /**
   * Checks the national id a push echoes: a submission made here, not refused, for the same procedure, and linked to
   * no other dossier of the province. Undefined when fine (or no id).
   */
  function linkCheck(code: string, nationalId: string | undefined, procedureCode: string): ServiceAnswer | undefined {
    if (!nationalId) return undefined;
    const sub = submissions.get(nationalId);
    const bad = (message: string) =>
      fail("DATA_INVALID", "Mã hồ sơ trên Cổng quốc gia không hợp lệ.", [{ field: "data.MaHoSoQG", message }]);
    if (!sub) return bad(`Không có hồ sơ “${nationalId}” nộp trên Cổng quốc gia`);
    if (sub.TrangThai === "TU_CHOI") return bad(`Hồ sơ “${nationalId}” đã bị tỉnh từ chối tiếp nhận`);
    if (sub.MaTTHC !== procedureCode) return bad(`Hồ sơ “${nationalId}” nộp cho thủ tục “${sub.MaTTHC}”`);
    if (sub.MaHoSoDongBo && sub.MaHoSoDongBo !== code)
      return bad(`Hồ sơ “${nationalId}” đã liên kết với hồ sơ “${sub.MaHoSoDongBo}” của tỉnh`);
    const known = dossiers.get(code);
    if (known?.dossier.MaHoSoQG && known.dossier.MaHoSoQG !== nationalId)
      return bad(`Hồ sơ “${code}” đã liên kết với hồ sơ “${known.dossier.MaHoSoQG}” của Cổng quốc gia`);
    return undefined;
  }
  function linkTo(nationalId: string, code: string) {
    const sub = submissions.get(nationalId);
    if (sub) sub.MaHoSoDongBo = code;
  }

  /** Tells the province about a new submission through its callback (signed), a few attempts. */
  async function announce(id: string) {
    if (!opts.callbackUrl || !opts.callbackSecret) return;
    const body = JSON.stringify({ SuKien: "HoSoMoi", MaHoSoQG: id, ThoiDiem: nationalTime(now()) });
    for (let attempt = 0; attempt < 3; attempt++) {
      const ts = String(Math.floor(Date.now() / 1000));
      const sig = createHmac("sha256", opts.callbackSecret).update(`${ts}.${body}`).digest("hex");
      try {
        const res = await fetch(opts.callbackUrl, {
          method: "POST",
          headers: { "content-type": "application/json", "x-lgsp-timestamp": ts, "x-lgsp-signature": sig },
          body,
          signal: AbortSignal.timeout(5000),
        });
        if (res.ok) return;
      } catch {
        // retried below
      }
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }

  function setFault(mode: FaultMode, delayMs = 2000) {
    fault = { mode, delayMs };
    if (mode !== "timeout") {
      for (const r of held) r.raw.destroy();
      held.clear();
    }
  }
  function setSnapshot(name: SnapshotName) {
    catalogueName = name;
    catalogue = snapshot(name);
  }
  function state() {
    return {
      dossiers: [...dossiers.values()],
      submissions: [...submissions.values()],
      ratings: [...ratings],
      calls: [...calls],
    };
  }

  const host = opts.host ?? "127.0.0.1";
  await app.listen({ port: opts.port, host });
  const port = (app.server.address() as { port: number }).port;
  return {
    name: "National Public Service Portal",
    url: `http://${host}:${port}`,
    setFault,
    setSnapshot,
    state,
    async close() {
      for (const r of held) r.raw.destroy();
      held.clear();
      await app.close();
    },
  };
}

export { BROKEN_IN_DECEMBER };
