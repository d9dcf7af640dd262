import { NationalPortalError, type NationalPortalPort } from "../../app/national-portal/port.js";
import type {
  AttachedFile,
  CataloguePage,
  LookedUpDossier,
  NationalDossier,
  NationalProcedure,
  NationalRating,
  NationalSubmission,
  ProgressStep,
  ServiceAnswer,
} from "./protocol.js";

/**
 * The National Public Service Portal as the province reaches it through its integration platform (LGSP): a
 * session login (`POST /lgsp/dang-nhap`), then `POST /lgsp/dich-vu` naming a service, with header `lgsp-session`.
 *
 * - The session is cached and shared by concurrent calls (one login in flight at a time); it is renewed a minute
 *   before it expires and once more when the portal answers `SESSION_INVALID` (it restarted, or expired it early).
 * - Every request has a timeout; an unreachable portal, a timeout, a 5xx or a non-JSON answer is a transient
 *   `NationalPortalError` ("UNAVAILABLE", "TIMEOUT", the portal's code); a coded refusal is a permanent one.
 */
export interface LgspClientOptions {
  url: string;
  username: string;
  password: string;
  /** Per request; default 15 s. */
  timeoutMs?: number;
  now?: () => Date;
}

/** Codes the portal answers that are worth retrying unchanged. */
const TRANSIENT_CODES = new Set(["SYSTEM_ERROR", "UNAVAILABLE", "TIMEOUT", "BUSY", "SESSION_INVALID"]);

export class LgspClient implements NationalPortalPort {
  private session: { id: string; expiresAt: number } | undefined;
  private loggingIn: Promise<string> | undefined;
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly now: () => Date;
  /** Number of logins made (for operations and tests). */
  logins = 0;

  constructor(private readonly opts: LgspClientOptions) {
    this.base = opts.url.replace(/\/$/, "");
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.now = opts.now ?? (() => new Date());
  }

  private async post(path: string, body: unknown, headers: Record<string, string> = {}) {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === "TimeoutError" || name === "AbortError")
        throw new NationalPortalError("TIMEOUT", `No answer within ${this.timeoutMs} ms (${path})`, true);
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      throw new NationalPortalError("UNAVAILABLE", `Cannot reach the national portal (${cause ?? String(e)})`, true);
    }
    let answer: ServiceAnswer;
    try {
      answer = (await res.json()) as ServiceAnswer;
    } catch {
      throw new NationalPortalError("UNAVAILABLE", `HTTP ${res.status}: not a JSON answer (${path})`, true);
    }
    if (typeof answer?.error_code !== "string")
      throw new NationalPortalError("UNAVAILABLE", `HTTP ${res.status}: not an LGSP answer (${path})`, true);
    return { status: res.status, answer };
  }

  private async login(): Promise<string> {
    this.loggingIn ??= (async () => {
      try {
        const { answer } = await this.post("/lgsp/dang-nhap", {
          username: this.opts.username,
          password: this.opts.password,
        });
        const data = answer.data as { session?: unknown; expires_in?: unknown } | undefined;
        if (answer.error_code !== "0" || typeof data?.session !== "string")
          throw new NationalPortalError(
            answer.error_code === "0" ? "LOGIN_FAILED" : answer.error_code,
            answer.message,
            TRANSIENT_CODES.has(answer.error_code),
          );
        const ttl = typeof data.expires_in === "number" ? data.expires_in : 1800;
        this.logins++;
        this.session = { id: data.session, expiresAt: this.now().getTime() + Math.max(ttl - 60, 1) * 1000 };
        return data.session;
      } finally {
        this.loggingIn = undefined;
      }
    })();
    return this.loggingIn;
  }

  private async sessionId(): Promise<string> {
    const s = this.session;
    if (s && s.expiresAt > this.now().getTime()) return s.id;
    return this.login();
  }

  /** Calls a service; answers its `data` when `error_code` is "0", else throws a NationalPortalError. */
  async call<D>(service: string, params: Record<string, unknown> = {}): Promise<D> {
    for (let attempt = 0; ; attempt++) {
      const session = await this.sessionId();
      const { status, answer } = await this.post("/lgsp/dich-vu", { service, ...params }, { "lgsp-session": session });
      if (answer.error_code === "0") return answer.data as D;
      if (answer.error_code === "SESSION_INVALID" && attempt === 0) {
        if (this.session?.id === session) this.session = undefined;
        continue;
      }
      throw new NationalPortalError(
        answer.error_code,
        answer.message,
        status >= 500 || TRANSIENT_CODES.has(answer.error_code),
        answer.errors ?? [],
      );
    }
  }

  async pushDossier(dossier: NationalDossier, isUpdating: boolean): Promise<void> {
    await this.call("DongBoHoSoMC", { data: dossier, isUpdating });
  }

  async pushStep(step: ProgressStep): Promise<void> {
    await this.call("CapNhatTienDoHoSoMC", { data: step });
  }

  async lookupDossier(code: string): Promise<LookedUpDossier | undefined> {
    try {
      return await this.call<LookedUpDossier>("TraCuuHoSo", { MaHoSo: code });
    } catch (e) {
      if (e instanceof NationalPortalError && e.code === "DOSSIER_NOT_FOUND") return undefined;
      throw e;
    }
  }

  listProcedures(page: number, size: number): Promise<CataloguePage> {
    return this.call<CataloguePage>("LayDanhSachTTHC", { Trang: page, SoBanGhi: size });
  }

  async getProcedure(code: string): Promise<NationalProcedure | undefined> {
    try {
      return await this.call<NationalProcedure>("LayThuTuc", { MaTTHC: code });
    } catch (e) {
      if (e instanceof NationalPortalError && e.code === "TTHC_NOT_FOUND") return undefined;
      throw e;
    }
  }

  async listNewSubmissions(max: number): Promise<NationalSubmission[]> {
    const data = await this.call<{ DanhSach: NationalSubmission[] }>("LayDanhSachHoSoMoi", { SoBanGhi: max });
    return Array.isArray(data?.DanhSach) ? data.DanhSach : [];
  }

  async fetchFile(fileId: string): Promise<{ name: string; type: string; content: Buffer }> {
    const f = await this.call<AttachedFile>("LayTepDinhKem", { MaTep: fileId });
    return { name: f.TenTep, type: f.LoaiTep, content: Buffer.from(f.NoiDung ?? "", "base64") };
  }

  async acknowledgeSubmission(
    nationalId: string,
    outcome: { accepted: true; code: string } | { accepted: false; reason: string },
  ): Promise<void> {
    await this.call(
      "XacNhanHoSoMoi",
      outcome.accepted
        ? { MaHoSoQG: nationalId, KetQua: "DA_NHAN", MaHoSo: outcome.code }
        : { MaHoSoQG: nationalId, KetQua: "TU_CHOI", LyDo: outcome.reason },
    );
  }

  async listRatings(since?: string): Promise<NationalRating[]> {
    const data = await this.call<{ DanhSach: NationalRating[] }>("LayDanhGia", since ? { TuThoiDiem: since } : {});
    return Array.isArray(data?.DanhSach) ? data.DanhSach : [];
  }
}
