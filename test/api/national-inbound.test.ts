/**
 * Inbound dossiers from the National Public Service Portal (issue #6): pulled from the SANDBOX, they become motcua
 * dossiers through the one creation path (channel "national_portal"), once however often pulled; hostile or
 * malformed ones are refused with a reason (TU_CHOI) and nothing else written; the signed callback refuses forged,
 * stale and replayed calls.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pullNationalSubmissions } from "../../src/app/national-portal/inbound.js";
import { runOutboxOnce } from "../../src/jobs/outbox.js";
import { type NationalPortalSandbox, startNationalPortalSandbox } from "../../src/sandboxes/national-portal/server.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const SECRET = "cb-secret-inbound";
let sb: NationalPortalSandbox;
let ctx: TestContext;
let p: TestProcedure;

async function submit(over: Record<string, unknown> = {}) {
  const res = await fetch(`${sb.url}/sandbox/submissions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      MaTTHC: "1.001193",
      MaDonViTiepNhan: p.unitCode,
      ChuHoSo: { HoTen: "Lê Thị Hoa", SoDinhDanh: "001190012345", LoaiDoiTuong: 1, Email: "hoa.le@example.vn" },
      DuLieuBieuMau: { applicant: { fullName: "Lê Thị Hoa", idNumber: "001190012345", birthDate: "1990-05-06" } },
      TepDinhKem: [
        { MaThanhPhan: "TK", TenTep: "to-khai.pdf", LoaiTep: "application/pdf", NoiDungBase64: PDF.toString("base64") },
      ],
      ...over,
    }),
  });
  return ((await res.json()) as { MaHoSoQG: string }).MaHoSoQG;
}
const counts = async () => ({
  dossiers: (await ctx.deps.db.selectFrom("dossiers").select("id").execute()).length,
  files: (await ctx.deps.db.selectFrom("files").select("id").execute()).length,
});

beforeAll(async () => {
  sb = await startNationalPortalSandbox({ port: 0, username: "u", password: "p" });
  ctx = await createTestApp({
    demo: false,
    config: {
      nationalPortal: {
        url: sb.url,
        username: "u",
        password: "p",
        callbackSecret: SECRET,
        timeoutMs: 5000,
        pollSeconds: 0,
        catalogueSyncSeconds: 0,
      },
    },
  });
  p = await insertTestProcedure(ctx.deps.db);
  await ctx.deps.db
    .updateTable("procedures")
    .set({ portal_code: "1.001193" })
    .where("id", "=", p.procedureId)
    .execute();
});
afterAll(async () => {
  await ctx.close();
  await sb.close();
});
beforeEach(async () => {
  sb.setFault("none");
  await fetch(`${sb.url}/sandbox/state`, { method: "DELETE" });
});

describe("inbound national-portal dossiers", () => {
  it("becomes one motcua dossier (channel national portal), acknowledged DA_NHAN, however often pulled", async () => {
    const id = await submit();
    const r = await pullNationalSubmissions(ctx.deps);
    expect(r).toEqual([
      { nationalId: id, state: "accepted", dossierId: expect.any(String), reference: expect.any(String) },
    ]);
    const made = r[0] as { dossierId: string; reference: string };
    const d = await ctx.deps.db
      .selectFrom("dossiers")
      .selectAll()
      .where("id", "=", made.dossierId)
      .executeTakeFirstOrThrow();
    expect(d).toMatchObject({
      status: 1,
      channel: "national_portal",
      procedure_id: p.procedureId,
      receiving_unit_id: p.unitId,
      applicant_account_id: null,
      code: null,
    });
    expect(d.applicant).toMatchObject({ type: "citizen", name: "Lê Thị Hoa", idNumber: "001190012345" });
    expect(d.data).toMatchObject({ applicant: { fullName: "Lê Thị Hoa", birthDate: "1990-05-06" } });
    const files = await ctx.deps.db
      .selectFrom("dossier_files as df")
      .innerJoin("files as f", "f.id", "df.file_id")
      .select(["df.component_code", "f.mime", "f.size", "f.owner_kind"])
      .where("df.dossier_id", "=", d.id)
      .execute();
    expect(files).toEqual([
      { component_code: "TK", mime: "application/pdf", size: PDF.length, owner_kind: "integration" },
    ]);
    const ev = await ctx.deps.db.selectFrom("dossier_events").selectAll().where("dossier_id", "=", d.id).execute();
    expect(ev.map((e) => [e.type, e.actor_kind, (e.data as { nationalId?: string }).nationalId])).toEqual([
      ["submitted", "integration", id],
    ]);
    expect(sb.state().submissions.find((s) => s.MaHoSoQG === id)).toMatchObject({
      TrangThai: "DA_NHAN",
      MaHoSo: made.reference,
    });
    // Pulled again (the portal lists it again, or a callback repeats it): still one dossier.
    const before = await counts();
    const again = await (await import("../../src/app/national-portal/inbound.js")).intakeNationalSubmission(
      ctx.deps,
      (await import("../../src/app/national-portal/sync.js")).nationalPortalOf(ctx.deps)!,
      {
        ...sb.state().submissions.find((s) => s.MaHoSoQG === id),
      },
    );
    expect(again).toEqual({ nationalId: id, state: "known", dossierId: made.dossierId });
    expect(await counts()).toEqual(before);
  });

  const hostile: [string, Record<string, unknown>, RegExp][] = [
    ["unknown procedure", { MaTTHC: "9.999999" }, /không thuộc danh mục của tỉnh/],
    [
      "a file that is not what it claims (an executable named .pdf)",
      {
        TepDinhKem: [
          {
            MaThanhPhan: "TK",
            TenTep: "to-khai.pdf",
            LoaiTep: "application/pdf",
            NoiDungBase64: Buffer.from("MZ\x90\x00binary").toString("base64"),
          },
        ],
      },
      /to-khai\.pdf/,
    ],
    ["wrong types", { ChuHoSo: { HoTen: 42, SoDinhDanh: "x", LoaiDoiTuong: 9 } }, /^Dữ liệu không đúng cấu trúc/],
    [
      "oversized file",
      {
        TepDinhKem: [
          {
            MaThanhPhan: "TK",
            TenTep: "to-khai.pdf",
            LoaiTep: "application/pdf",
            NoiDungBase64: Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)]).toString("base64"),
          },
        ],
      },
      /vượt quá dung lượng cho phép/,
    ],
    [
      "e-form not valid",
      { DuLieuBieuMau: { applicant: { fullName: "", idNumber: "12", birthDate: "2090-01-01" } } },
      /biểu mẫu/,
    ],
    ["required component missing", { TepDinhKem: [] }, /Thiếu thành phần hồ sơ bắt buộc/],
    ["a receiving unit that does not carry it out", { MaDonViTiepNhan: "000.00.00.H00" }, /không tiếp nhận thủ tục/],
  ];
  for (const [what, over, reason] of hostile)
    it(`refuses ${what}: reason logged and sent (TU_CHOI), nothing written`, async () => {
      const before = await counts();
      const id = await submit(over);
      const r = await pullNationalSubmissions(ctx.deps);
      expect(r).toEqual([{ nationalId: id, state: "refused", reason: expect.stringMatching(reason) }]);
      expect(await counts()).toEqual(before);
      const rec = await ctx.deps.db
        .selectFrom("national_inbound")
        .selectAll()
        .where("national_id", "=", id)
        .executeTakeFirstOrThrow();
      expect(rec).toMatchObject({ state: "refused", dossier_id: null, ack_error: null });
      expect(rec.acknowledged_at).toBeInstanceOf(Date);
      expect(sb.state().submissions.find((s) => s.MaHoSoQG === id)).toMatchObject({
        TrangThai: "TU_CHOI",
        LyDo: (r[0] as { reason: string }).reason,
      });
    });

  it("the portal down while pulling: nothing written, taken in on the next pull", async () => {
    const id = await submit();
    sb.setFault("unavailable");
    const before = await counts();
    await expect(pullNationalSubmissions(ctx.deps)).rejects.toThrow(/UNAVAILABLE|bảo trì/);
    expect(await counts()).toEqual(before);
    sb.setFault("none");
    const r = await pullNationalSubmissions(ctx.deps);
    expect(r.map((x) => [x.nationalId, x.state])).toEqual([[id, "accepted"]]);
  });
});

describe("the portal's signed callback", () => {
  const sign = (ts: string, body: string, secret = SECRET) =>
    createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex");
  const call = (body: string, headers: Record<string, string>) =>
    ctx.app.inject({
      method: "POST",
      url: "/api/integration/national-portal/callback",
      headers: { "content-type": "application/json", ...headers },
      payload: body,
    });

  it("accepts a signed call once (queues a pull that takes the dossier in); refuses forgery, staleness and replay", async () => {
    const id = await submit();
    const body = JSON.stringify({ SuKien: "HoSoMoi", MaHoSoQG: id, ThoiDiem: "20261204090000" });
    const ts = String(Math.floor(ctx.deps.now().getTime() / 1000));
    const ok = await call(body, { "x-lgsp-timestamp": ts, "x-lgsp-signature": sign(ts, body) });
    expect(ok.statusCode).toBe(202);
    const replay = await call(body, { "x-lgsp-timestamp": ts, "x-lgsp-signature": sign(ts, body) });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.code).toBe("callback_replayed");
    const forged = await call(body, { "x-lgsp-timestamp": ts, "x-lgsp-signature": sign(ts, body, "wrong-secret") });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe("callback_forged");
    const tampered = await call(body.replace(id, "G22.000000.FFFFFF"), {
      "x-lgsp-timestamp": ts,
      "x-lgsp-signature": sign(ts, body),
    });
    expect(tampered.statusCode).toBe(401);
    const oldTs = String(Number(ts) - 3600);
    const stale = await call(body, { "x-lgsp-timestamp": oldTs, "x-lgsp-signature": sign(oldTs, body) });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error.code).toBe("callback_stale");
    expect((await call(body, {})).json().error.code).toBe("callback_missing");
    const bad = "{not json";
    const malformed = await call(bad, { "x-lgsp-timestamp": ts, "x-lgsp-signature": sign(ts, bad) });
    expect(malformed.statusCode).toBe(400);

    // The queued pull takes the dossier in.
    for (let i = 0; i < 10; i++) if ((await runOutboxOnce(ctx.deps)).claimed === 0) break;
    const rec = await ctx.deps.db
      .selectFrom("national_inbound")
      .selectAll()
      .where("national_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(rec.state).toBe("accepted");
    expect(rec.dossier_id).toBeTruthy();
  });
});
