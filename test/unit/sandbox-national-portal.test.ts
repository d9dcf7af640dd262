import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_PROCEDURES } from "../../src/demo/catalogue/index.js";
import {
  BROKEN_IN_DECEMBER,
  CHANGED_IN_DECEMBER,
  NEW_IN_DECEMBER,
  WITHDRAWN_IN_DECEMBER,
} from "../../src/sandboxes/national-portal/catalogue.js";
import { nationalTime, parseNationalTime } from "../../src/sandboxes/national-portal/protocol.js";
import { type NationalPortalSandbox, startNationalPortalSandbox } from "../../src/sandboxes/national-portal/server.js";
import { startCaptureServer } from "../helpers/capture-server.js";

let sb: NationalPortalSandbox;
let hook: Awaited<ReturnType<typeof startCaptureServer>>;
const SECRET = "callback-secret-for-tests";

async function login(): Promise<string> {
  const res = await fetch(`${sb.url}/lgsp/dang-nhap`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "H26", password: "pw" }),
  });
  expect(res.status).toBe(200);
  const j = (await res.json()) as { data: { session: string } };
  return j.data.session;
}

async function call(session: string, service: string, params: Record<string, unknown> = {}) {
  const res = await fetch(`${sb.url}/lgsp/dich-vu`, {
    method: "POST",
    headers: { "content-type": "application/json", "lgsp-session": session },
    body: JSON.stringify({ service, ...params }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const at = (iso: string) => nationalTime(new Date(iso));
function dossier(over: Record<string, unknown> = {}) {
  return {
    MaHoSo: "000.00.12.H26-261204-0001",
    MaTTHC: "1.001193",
    MaLinhVuc: "HT",
    KenhThucHien: 2,
    ChuHoSo: "Nguyễn Văn An",
    LoaiDoiTuong: 1,
    MaDoiTuong: "001085012345",
    TrichYeuHoSo: "Đăng ký khai sinh cho con",
    TrangThaiHoSo: 1,
    TraKetQuaQuaBuuChinh: false,
    DonViXuLy: "000.00.12.H26",
    TaiLieuNop: [{ MaThanhPhan: "TK", TenTepDinhKem: "to-khai.pdf" }],
    DanhSachLePhi: [],
    DanhSachHoSoBoSung: [],
    DanhSachGiayToKetQua: [],
    ...over,
  };
}

beforeAll(async () => {
  hook = await startCaptureServer();
  sb = await startNationalPortalSandbox({
    port: 0,
    username: "H26",
    password: "pw",
    callbackUrl: `${hook.url}/hook`,
    callbackSecret: SECRET,
  });
});
afterAll(async () => {
  await sb.close();
  await hook.close();
});
beforeEach(async () => {
  sb.setFault("none");
  sb.setSnapshot("2026-11");
  hook.clear();
  await fetch(`${sb.url}/sandbox/state`, { method: "DELETE" });
});

describe("national portal sandbox: session", () => {
  it("refuses wrong credentials and calls without a valid session", async () => {
    const bad = await fetch(`${sb.url}/lgsp/dang-nhap`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "H26", password: "nope" }),
    });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error_code: string }).error_code).toBe("LOGIN_FAILED");
    const r = await call("forged", "LayDanhSachTTHC");
    expect(r.status).toBe(401);
    expect(r.body.error_code).toBe("SESSION_INVALID");
    const s = await login();
    expect((await call(s, "KhongCo")).body.error_code).toBe("SERVICE_UNKNOWN");
  });
});

describe("national portal sandbox: catalogue", () => {
  it("serves at least 60 procedures with unique codes, including every demo procedure", async () => {
    const s = await login();
    const r = await call(s, "LayDanhSachTTHC", { SoBanGhi: 500 });
    const list = r.body.data.DanhSach as { MaTTHC: string }[];
    expect(r.body.data.TongSo).toBeGreaterThanOrEqual(60);
    expect(new Set(list.map((p) => p.MaTTHC)).size).toBe(list.length);
    for (const p of DEMO_PROCEDURES) expect(list.map((x) => x.MaTTHC)).toContain(p.code);
    const one = await call(s, "LayThuTuc", { MaTTHC: "1.001193" });
    expect(one.body.data.TenTTHC).toBe("Đăng ký khai sinh");
    expect(one.body.data.ThanhPhanHoSo.length).toBeGreaterThan(0);
    expect((await call(s, "LayThuTuc", { MaTTHC: "9.999999" })).body.error_code).toBe("TTHC_NOT_FOUND");
  });

  it("the 2026-12 snapshot changes, withdraws, adds, and carries one broken record", async () => {
    const s = await login();
    const before = await call(s, "LayThuTuc", { MaTTHC: "2.000815" });
    sb.setSnapshot("2026-12");
    const after = await call(s, "LayThuTuc", { MaTTHC: "2.000815" });
    expect(after.body.data.PhienBan).toBe(before.body.data.PhienBan + 1);
    expect(after.body.data.PhiLePhi[0].MucPhi).toBe(before.body.data.PhiLePhi[0].MucPhi + 1000);
    const list = (await call(s, "LayDanhSachTTHC", { SoBanGhi: 500 })).body.data.DanhSach as {
      MaTTHC: string;
      TrangThai: string;
      PhienBan: number;
    }[];
    for (const c of WITHDRAWN_IN_DECEMBER) expect(list.find((p) => p.MaTTHC === c)?.TrangThai).toBe("BAI_BO");
    for (const c of NEW_IN_DECEMBER) expect(list.some((p) => p.MaTTHC === c)).toBe(true);
    for (const c of CHANGED_IN_DECEMBER) expect(list.find((p) => p.MaTTHC === c)?.PhienBan).toBe(2);
    const broken = await call(s, "LayThuTuc", { MaTTHC: BROKEN_IN_DECEMBER });
    expect(broken.body.data.TenTTHC).toBe("");
    expect(broken.body.data.ThoiHanGiaiQuyet.GiaTri).toBeLessThan(0);
  });
});

describe("national portal sandbox: dossier sync", () => {
  it("validates a pushed dossier like the real portal: fields, procedure code, duplicates, transitions", async () => {
    const s = await login();
    const missing = await call(s, "DongBoHoSoMC", { data: dossier({ ChuHoSo: undefined }), isUpdating: false });
    expect(missing.body.error_code).toBe("DATA_INVALID");
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain("data.ChuHoSo");
    const badTime = await call(s, "DongBoHoSoMC", {
      data: dossier({ TrangThaiHoSo: 2, NgayTiepNhan: "20261332250000", NgayHenTra: at("2026-12-10T10:00:00Z") }),
      isUpdating: false,
    });
    expect(badTime.body.errors.map((e: { field: string }) => e.field)).toContain("data.NgayTiepNhan");
    const received = await call(s, "DongBoHoSoMC", { data: dossier({ TrangThaiHoSo: 2 }), isUpdating: false });
    expect(received.body.errors.map((e: { field: string }) => e.field)).toEqual([
      "data.NgayTiepNhan",
      "data.NgayHenTra",
    ]);
    const unknown = await call(s, "DongBoHoSoMC", { data: dossier({ MaTTHC: "9.999999" }), isUpdating: false });
    expect(unknown.body.error_code).toBe("TTHC_NOT_FOUND");

    expect((await call(s, "DongBoHoSoMC", { data: dossier(), isUpdating: false })).body.error_code).toBe("0");
    expect((await call(s, "DongBoHoSoMC", { data: dossier(), isUpdating: false })).body.error_code).toBe(
      "DOSSIER_DUPLICATE",
    );
    const toProcessed = await call(s, "DongBoHoSoMC", {
      data: dossier({
        TrangThaiHoSo: 10,
        NgayTiepNhan: at("2026-12-04T03:00:00Z"),
        NgayHenTra: at("2026-12-08T10:00:00Z"),
        NgayTra: at("2026-12-05T03:00:00Z"),
      }),
      isUpdating: true,
    });
    expect(toProcessed.body.error_code).toBe("STATUS_TRANSITION");
    const times = { NgayTiepNhan: at("2026-12-04T03:00:00Z"), NgayHenTra: at("2026-12-08T10:00:00Z") };
    expect(
      (await call(s, "DongBoHoSoMC", { data: dossier({ TrangThaiHoSo: 2, ...times }), isUpdating: true })).body
        .error_code,
    ).toBe("0");
    expect(
      (await call(s, "DongBoHoSoMC", { data: dossier({ TrangThaiHoSo: 4, ...times }), isUpdating: true })).body
        .error_code,
    ).toBe("0");
    const never = await call(s, "DongBoHoSoMC", {
      data: dossier({ MaHoSo: "000.00.12.H26-261204-0099" }),
      isUpdating: true,
    });
    expect(never.body.error_code).toBe("DOSSIER_NOT_FOUND");

    const step = {
      MaHoSo: "000.00.12.H26-261204-0001",
      MaTienDo: "evt-1",
      NguoiXuLy: "Trần Thị Bình",
      ThoiDiemXuLy: at("2026-12-04T04:00:00Z"),
      PhongBanXuLy: "Sở Tư pháp",
      NoiDungXuLy: "Thẩm định hồ sơ",
      TrangThai: 4,
    };
    expect((await call(s, "CapNhatTienDoHoSoMC", { data: step })).body.error_code).toBe("0");
    expect((await call(s, "CapNhatTienDoHoSoMC", { data: step })).body.error_code).toBe("0");
    const looked = await call(s, "TraCuuHoSo", { MaHoSo: "000.00.12.H26-261204-0001" });
    expect(looked.body.data.TrangThaiHoSo).toBe(4);
    expect(looked.body.data.LichSuTrangThai.map((x: { status: number }) => x.status)).toEqual([1, 2, 4]);
    expect(looked.body.data.TienDo).toHaveLength(1);
    const page = await (await fetch(`${sb.url}/`)).text();
    expect(page).toContain("SANDBOX");
    expect(page).toContain("000.00.12.H26-261204-0001");
    expect(page).toContain("STATUS_TRANSITION");
  });

  it("refuses new dossiers for a withdrawn procedure", async () => {
    const s = await login();
    sb.setSnapshot("2026-12");
    const r = await call(s, "DongBoHoSoMC", { data: dossier({ MaTTHC: WITHDRAWN_IN_DECEMBER[0] }), isUpdating: false });
    expect(r.body.error_code).toBe("TTHC_WITHDRAWN");
  });
});

describe("national portal sandbox: dossiers submitted on the national portal", () => {
  it("lists them with e-form data and files, announces them by a signed callback, and takes acknowledgements", async () => {
    const pdf = Buffer.from("%PDF-1.4\n% sandbox\n");
    const created = await fetch(`${sb.url}/sandbox/submissions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        MaTTHC: "1.001193",
        MaDonViTiepNhan: "000.00.12.H26",
        ChuHoSo: { HoTen: "Nguyễn Văn An", SoDinhDanh: "001085012345", LoaiDoiTuong: 1 },
        DuLieuBieuMau: { child: { fullName: "Nguyễn Minh Khôi" } },
        TepDinhKem: [
          {
            MaThanhPhan: "TK",
            TenTep: "to-khai.pdf",
            LoaiTep: "application/pdf",
            NoiDungBase64: pdf.toString("base64"),
          },
        ],
      }),
    });
    const { MaHoSoQG } = (await created.json()) as { MaHoSoQG: string };
    const s = await login();
    const list = (await call(s, "LayDanhSachHoSoMoi")).body.data.DanhSach as any[];
    expect(list).toHaveLength(1);
    expect(list[0].DuLieuBieuMau.child.fullName).toBe("Nguyễn Minh Khôi");
    const file = await call(s, "LayTepDinhKem", { MaTep: list[0].TepDinhKem[0].MaTep });
    expect(Buffer.from(file.body.data.NoiDung, "base64").equals(pdf)).toBe(true);

    for (let i = 0; i < 50 && hook.calls.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(hook.calls).toHaveLength(1);
    const cb = hook.calls[0]!;
    const expected = createHmac("sha256", SECRET).update(`${cb.headers["x-lgsp-timestamp"]}.${cb.body}`).digest("hex");
    expect(cb.headers["x-lgsp-signature"]).toBe(expected);
    expect(JSON.parse(cb.body).MaHoSoQG).toBe(MaHoSoQG);

    const refuseNoReason = await call(s, "XacNhanHoSoMoi", { MaHoSoQG, KetQua: "TU_CHOI" });
    expect(refuseNoReason.body.error_code).toBe("DATA_INVALID");
    const ack = { MaHoSoQG, KetQua: "DA_NHAN", MaHoSo: "000.00.12.H26-261204-0002" };
    expect((await call(s, "XacNhanHoSoMoi", ack)).body.error_code).toBe("0");
    expect((await call(s, "XacNhanHoSoMoi", ack)).body.error_code).toBe("0");
    expect((await call(s, "XacNhanHoSoMoi", { MaHoSoQG, KetQua: "TU_CHOI", LyDo: "x" })).body.error_code).toBe(
      "STATUS_TRANSITION",
    );
    expect((await call(s, "LayDanhSachHoSoMoi")).body.data.DanhSach).toHaveLength(0);
  });

  it("lists ratings given on the national portal since a time", async () => {
    await fetch(`${sb.url}/sandbox/ratings`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ MaHoSo: "000.00.12.H26-261204-0001", MucDoHaiLong: 1 }),
    });
    const s = await login();
    const all = (await call(s, "LayDanhGia")).body.data.DanhSach;
    expect(all).toHaveLength(1);
    expect(all[0].MucDoHaiLong).toBe(1);
    expect((await call(s, "LayDanhGia", { TuThoiDiem: "99999999999999" })).body.data.DanhSach).toHaveLength(0);
  });
});

describe("national portal sandbox: faults", () => {
  it("fails, is unavailable, never answers, or answers slowly on demand", async () => {
    const s = await login();
    sb.setFault("error");
    expect((await call(s, "LayDanhSachTTHC")).status).toBe(500);
    sb.setFault("unavailable");
    const down = await fetch(`${sb.url}/lgsp/dich-vu`, {
      method: "POST",
      headers: { "content-type": "application/json", "lgsp-session": s },
      body: "{}",
    });
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("30");
    sb.setFault("timeout");
    const hung = fetch(`${sb.url}/lgsp/dich-vu`, {
      method: "POST",
      headers: { "content-type": "application/json", "lgsp-session": s },
      body: JSON.stringify({ service: "LayDanhSachTTHC" }),
      signal: AbortSignal.timeout(300),
    });
    await expect(hung).rejects.toThrow();
    const viaHttp = await fetch(`${sb.url}/sandbox/fault`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ mode: "slow", delayMs: 150 }),
    });
    expect(viaHttp.status).toBe(200);
    const t0 = Date.now();
    expect((await call(s, "LayDanhSachTTHC")).body.error_code).toBe("0");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    // sandbox controls are never faulted
    expect((await fetch(`${sb.url}/sandbox/state`)).status).toBe(200);
  });
});

describe("national time format", () => {
  it("writes and reads yyyyMMddHHmmss in Vietnam time, refusing impossible dates", () => {
    expect(nationalTime(new Date("2026-12-04T03:05:09Z"))).toBe("20261204100509");
    expect(parseNationalTime("20261204100509")?.toISOString()).toBe("2026-12-04T03:05:09.000Z");
    expect(parseNationalTime("20260230100000")).toBeUndefined();
    expect(parseNationalTime("2026120410050")).toBeUndefined();
  });
});
