import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { Value } from "@sinclair/typebox/value";
import { sql } from "kysely";
import type { Applicant } from "../../adapters/db/schema.js";
import { type NationalSubmission, NationalSubmissionRecord } from "../../adapters/national-portal/protocol.js";
import { vnDay } from "../../domain/calendar/days.js";
import { createDossier } from "../dossiers/create.js";
import type { Deps } from "../deps.js";
import { checkEForm } from "../eform-check.js";
import { AppError } from "../errors.js";
import type { Actor } from "../history.js";
import { checkApplicantType, loadOnlineProcedure, receivingUnits } from "../submission.js";
import { checkUpload, limitsOf, storeUpload } from "../uploads.js";
import { NationalPortalError, type NationalPortalPort } from "./port.js";
import { INBOUND_TOPIC, nationalPortalOf } from "./sync.js";

/**
 * Inbound dossiers from the National Public Service Portal (issue #6): citizens submit on the national portal; the
 * province pulls them (`LayDanhSachHoSoMoi`, on a schedule and whenever the portal's signed callback announces one)
 * and each becomes a motcua dossier through the same creation path as online and counter dossiers
 * (`createDossier`), with channel "national_portal", after the same checks as an online submission: the procedure
 * published and open online, the applicant type, the receiving unit, the e-form (same validator), every file
 * sniffed and within its component's limits. A dossier pulled twice is one dossier (`national_inbound` keyed by
 * the national id). A malformed or hostile one is refused with its reason (logged, recorded, and told to the
 * portal with `XacNhanHoSoMoi` TU_CHOI); nothing of it is written but the refusal.
 */

export const PORTAL_ACTOR: Actor = { kind: "integration", id: null, name: "Cổng Dịch vụ công quốc gia" };
/** Form data larger than this (serialised) is refused before anything else. */
const MAX_FORM_BYTES = 256 * 1024;

export type InboundResult =
  | { nationalId: string; state: "accepted"; dossierId: string; reference: string }
  | { nationalId: string; state: "refused"; reason: string }
  | { nationalId: string; state: "known"; dossierId: string | null };

class Refusal extends Error {}
const refuse = (reason: string): never => {
  throw new Refusal(reason);
};

function applicantOf(c: NationalSubmission["ChuHoSo"]): Applicant {
  const type = c.LoaiDoiTuong === 1 ? "citizen" : "business";
  const a: Applicant = { type, name: c.HoTen.trim() };
  if (type === "citizen") a.idNumber = c.SoDinhDanh;
  else a.taxCode = c.SoDinhDanh;
  if (c.SoDienThoai) a.phone = c.SoDienThoai;
  if (c.Email) a.email = c.Email;
  if (c.DiaChi) a.address = c.DiaChi;
  return a;
}

const reasonOf = (e: AppError) =>
  [e.text.vi, ...e.fields.map((f) => `${f.path}: ${f.text.vi}`)].join(" ").slice(0, 2000);

/**
 * Takes one submission (as the portal listed it) into motcua, or refuses it. Idempotent on the national id.
 * Files are fetched and checked before anything is written; the dossier, its files and the record of the national
 * id are written in one transaction.
 */
export async function intakeNationalSubmission(
  deps: Deps,
  port: NationalPortalPort,
  raw: unknown,
  log?: { warn(obj: unknown, msg?: string): void },
): Promise<InboundResult> {
  const nationalId =
    typeof (raw as { MaHoSoQG?: unknown })?.MaHoSoQG === "string" ? (raw as { MaHoSoQG: string }).MaHoSoQG : "";
  if (nationalId) {
    const known = await deps.db
      .selectFrom("national_inbound")
      .selectAll()
      .where("national_id", "=", nationalId)
      .executeTakeFirst();
    if (known) {
      if (!known.acknowledged_at) await acknowledge(deps, port, known);
      return { nationalId, state: "known", dossierId: known.dossier_id };
    }
  }
  try {
    if (!nationalId || nationalId.length > 60) refuse("MaHoSoQG thiếu hoặc không hợp lệ.");
    const errors = [...Value.Errors(NationalSubmissionRecord, raw)].slice(0, 5);
    if (errors.length)
      refuse(`Dữ liệu không đúng cấu trúc: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
    const s = raw as NationalSubmission;
    if (JSON.stringify(s.DuLieuBieuMau).length > MAX_FORM_BYTES)
      refuse("Dữ liệu biểu mẫu vượt quá dung lượng cho phép.");

    // The procedure, as the portal knows it (the override code first), published and open online.
    const local = await deps.db
      .selectFrom("procedures")
      .select("national_code")
      .where((eb) => eb.or([eb("portal_code", "=", s.MaTTHC), eb("national_code", "=", s.MaTTHC)]))
      .orderBy(sqlPortalFirst)
      .executeTakeFirst();
    if (!local) refuse(`Thủ tục có mã “${s.MaTTHC}” không thuộc danh mục của tỉnh.`);
    const proc = await loadOnlineProcedure(deps, local!.national_code);
    const applicant = applicantOf(s.ChuHoSo);
    checkApplicantType(proc, applicant.type);
    const units = await receivingUnits(deps, proc);
    const unit = await deps.db
      .selectFrom("units")
      .select("id")
      .where("code", "=", s.MaDonViTiepNhan)
      .executeTakeFirst();
    if (!unit || !units.some((u) => u.id === unit.id))
      refuse(`Đơn vị “${s.MaDonViTiepNhan}” không tiếp nhận thủ tục “${proc.name}”.`);

    // E-form: the same validator as the portal's and the counter's.
    const { value: data, errors: formErrors } = checkEForm(proc.eform, s.DuLieuBieuMau, vnDay(deps.now()), "data");
    if (formErrors.length)
      throw new AppError(422, "validation_failed", { vi: "Dữ liệu biểu mẫu không hợp lệ." }, formErrors);

    // Files: each component known, announced size within its limit (checked before fetching), the bytes as
    // announced (size, SHA-256), the type sniffed from the bytes; every required component present.
    const fetched: { componentCode: string; name: string; bytes: Buffer; limits: ReturnType<typeof limitsOf> }[] = [];
    for (const f of s.TepDinhKem) {
      const component = proc.components.find((c) => c.code === f.MaThanhPhan);
      if (!component) refuse(`Thành phần hồ sơ “${f.MaThanhPhan}” không có trong thủ tục “${proc.name}”.`);
      const limits = limitsOf(component);
      if (f.KichThuoc > limits.maxBytes)
        refuse(
          `Tệp “${f.TenTep}” (${f.KichThuoc} byte) vượt quá dung lượng cho phép của thành phần “${component!.name}”.`,
        );
      const got = await port.fetchFile(f.MaTep);
      const sha = createHash("sha256").update(got.content).digest("hex");
      if (got.content.length !== f.KichThuoc || sha !== f.SHA256)
        refuse(`Tệp “${f.TenTep}” không khớp kích thước hoặc mã băm SHA-256 đã công bố.`);
      await checkUpload({ name: f.TenTep, bytes: got.content }, limits, `files.${f.MaThanhPhan}`);
      fetched.push({ componentCode: f.MaThanhPhan, name: f.TenTep, bytes: got.content, limits });
    }
    for (const c of proc.components)
      if (c.required && !fetched.some((f) => f.componentCode === c.code))
        refuse(`Thiếu thành phần hồ sơ bắt buộc “${c.name}”.`);

    const at = deps.now();
    const made = await deps.db.transaction().execute(async (trx) => {
      const stored = [];
      for (const f of fetched)
        stored.push({
          ...(await storeUpload(
            deps,
            { kind: "integration", id: null },
            { name: f.name, bytes: f.bytes },
            { limits: f.limits, path: `files.${f.componentCode}`, tx: trx },
          )),
          componentCode: f.componentCode,
        });
      const created = await createDossier(trx, {
        channel: "national_portal",
        procedure: proc,
        receivingUnitId: unit!.id,
        applicantAccountId: null,
        applicant,
        data,
        files: stored.map((f) => ({ fileId: f.id, componentCode: f.componentCode })),
        returnMethod: proc.resultElectronic ? "online" : "counter",
        returnAddress: null,
        event: {
          actor: PORTAL_ACTOR,
          data: {
            channel: "national_portal",
            nationalId: s.MaHoSoQG,
            submittedAt: s.NgayNop,
            procedureCode: proc.code,
            procedureVersionId: proc.versionId,
            procedureVersion: proc.version,
            receivingUnitId: unit!.id,
            files: stored.map((f) => ({
              fileId: f.id,
              componentCode: f.componentCode,
              name: f.name,
              sha256: f.sha256,
            })),
          },
        },
        notify: !!applicant.email,
        at,
      });
      if (!created.created) throw new Error("createDossier answered an existing dossier without an idempotency key");
      await trx
        .insertInto("national_inbound")
        .values({
          national_id: s.MaHoSoQG,
          dossier_id: created.row.id,
          state: "accepted",
          procedure_code: s.MaTTHC,
          received_at: at,
        })
        .execute();
      return created.row;
    });
    await acknowledge(deps, port, {
      national_id: s.MaHoSoQG,
      state: "accepted",
      reason: null,
      dossier_id: made.id,
      reference: made.reference,
    });
    return { nationalId: s.MaHoSoQG, state: "accepted", dossierId: made.id, reference: made.reference };
  } catch (e) {
    let reason: string;
    if (e instanceof Refusal) reason = e.message;
    else if (e instanceof AppError && e.status < 500 && e.status !== 409) reason = reasonOf(e);
    else if (e instanceof AppError && e.code === "file_in_another_dossier") reason = reasonOf(e);
    else {
      // A transient failure (the portal, the database): not the submission's fault; retried on the next pull.
      if (isUniqueViolation(e)) return { nationalId, state: "known", dossierId: null };
      throw e;
    }
    log?.warn({ nationalId, reason }, "national portal: inbound dossier refused");
    const row = { national_id: nationalId, state: "refused" as const, reason, dossier_id: null };
    await deps.db
      .insertInto("national_inbound")
      .values({
        national_id: nationalId,
        state: "refused",
        reason,
        procedure_code: String((raw as { MaTTHC?: unknown })?.MaTTHC ?? "").slice(0, 50) || null,
        received_at: deps.now(),
      })
      .onConflict((oc) => oc.column("national_id").doNothing())
      .execute();
    await acknowledge(deps, port, row);
    return { nationalId, state: "refused", reason };
  }
}

// Prefer the procedure whose override code matches over one whose own code does.
const sqlPortalFirst = sql`case when portal_code is not null then 0 else 1 end`;

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string })?.code === "23505";
}

/** Tells the portal (XacNhanHoSoMoi) and records when it heard; a failure is kept and retried on the next pull. */
async function acknowledge(
  deps: Deps,
  port: NationalPortalPort,
  r: {
    national_id: string;
    state: "accepted" | "refused";
    reason: string | null;
    dossier_id: string | null;
    reference?: string;
  },
) {
  if (!r.national_id) return;
  try {
    let reference = r.reference;
    if (r.state === "accepted" && !reference && r.dossier_id) {
      const d = await deps.db
        .selectFrom("dossiers")
        .select("reference")
        .where("id", "=", r.dossier_id)
        .executeTakeFirst();
      reference = d?.reference;
    }
    await port.acknowledgeSubmission(
      r.national_id,
      r.state === "accepted"
        ? { accepted: true, code: reference ?? "" }
        : { accepted: false, reason: r.reason ?? "Từ chối" },
    );
    await deps.db
      .updateTable("national_inbound")
      .set({ acknowledged_at: deps.now(), ack_error: null })
      .where("national_id", "=", r.national_id)
      .execute();
  } catch (e) {
    const msg = e instanceof NationalPortalError ? e.summary() : String(e);
    await deps.db
      .updateTable("national_inbound")
      .set({ ack_error: msg.slice(0, 2000) })
      .where("national_id", "=", r.national_id)
      .execute();
  }
}

/** Pulls the portal's new submissions and takes each in; acknowledgements that failed before are sent again. */
export async function pullNationalSubmissions(
  deps: Deps,
  log?: { warn(obj: unknown, msg?: string): void },
): Promise<InboundResult[]> {
  const port = nationalPortalOf(deps);
  if (!port) return [];
  const results: InboundResult[] = [];
  const list = await port.listNewSubmissions(50);
  for (const s of list) results.push(await intakeNationalSubmission(deps, port, s, log));
  const unacked = await deps.db
    .selectFrom("national_inbound")
    .selectAll()
    .where("acknowledged_at", "is", null)
    .orderBy("received_at")
    .limit(50)
    .execute();
  for (const r of unacked) await acknowledge(deps, port, r);
  return results;
}

/** How far a callback's timestamp may be from our clock (seconds). */
export const CALLBACK_WINDOW_SECONDS = 300;

/**
 * Checks a callback from the portal: `x-lgsp-signature` = hex HMAC-SHA256(secret, timestamp + "." + body) and a
 * timestamp within the window. Replays are refused by the caller (one delivery per signature).
 */
export function verifyCallback(
  secret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  body: string,
  now: Date,
): { ok: true } | { ok: false; reason: "missing" | "stale" | "forged" } {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp) || !/^[0-9a-f]{64}$/.test(signature))
    return { ok: false, reason: "missing" };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > CALLBACK_WINDOW_SECONDS)
    return { ok: false, reason: "stale" };
  const want = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest();
  const got = Buffer.from(signature, "hex");
  if (got.length !== want.length || !timingSafeEqual(got, want)) return { ok: false, reason: "forged" };
  return { ok: true };
}

/**
 * Queues the pull that a verified callback asks for (topic `national.inbound`, keyed by the call's signature), so
 * the dossier is taken in even if this process stops right after answering. False when this call was already
 * received (a replay).
 */
export async function queueInboundCallback(deps: Deps, signature: string, nationalId: string): Promise<boolean> {
  const queued = await deps.db
    .insertInto("outbox")
    .values({
      topic: INBOUND_TOPIC,
      key: `callback:${signature}`,
      dossier_id: null,
      payload: JSON.stringify({ nationalId }),
    })
    .onConflict((oc) => oc.columns(["topic", "key"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return queued !== undefined;
}
