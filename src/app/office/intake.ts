/**
 * Counter and postal intake: a receiving officer creates the dossier on behalf of a walk-in (or posting) applicant,
 * attaches the scans they uploaded, records how the result goes back, and — by default — receives it at once
 * (code, due instant, form 01) in the same transaction.
 */
import { randomBytes } from "node:crypto";
import { vnDay } from "../../domain/calendar/days.js";
import { Status } from "../../domain/status.js";
import type { Officer } from "../actors.js";
import { getCalendar, ruleSetAt } from "../calendar.js";
import type { Deps } from "../deps.js";
import { nextDossierCode } from "../dossier-code.js";
import { appendEvent } from "../history.js";
import { enqueue } from "../outbox.js";
import { officerActor, type ActionMeta } from "./actions.js";
import { type DossierRow, loadRules, loadVersion } from "./context.js";
import { attachFiles, checkOwnFiles, insertFirstStep, receiptPatch, refuseGaps, type FormNo } from "./engine.js";
import { defaultKind, eformHasFields, type ReceivedPaper, receiptGaps } from "../../domain/receipt.js";
import { applicantFromEForm } from "../../shared/eform-applicant.js";
import { validateEForm, vnToday } from "../../shared/eform-validate.js";
import { AppError, fieldError, invalidInput, parseInput } from "./errors.js";
import { ensureIssuedForms } from "./forms.js";
import { IntakeInput } from "./schemas.js";
import { DEFAULT_RULE_SET_CODE } from "../../domain/rules.js";

const REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A reference for a dossier before it has its legal code: `TQ-YYMMDD-XXXXXX` (counter/postal intake). */
export function intakeReference(at: Date): string {
  const day = vnDay(at).replace(/-/g, "").slice(2);
  const bytes = randomBytes(6);
  let s = "";
  for (const b of bytes) s += REF_ALPHABET[b % REF_ALPHABET.length];
  return `TQ-${day}-${s}`;
}

/** Creates a counter/postal dossier; returns its id. */
export async function intake(
  deps: Deps,
  officer: Officer,
  raw: unknown,
  meta: ActionMeta = {},
): Promise<{ id: string }> {
  if (!officer.roles.includes("receiving"))
    throw new AppError(403, "receiving_officer_only", {
      vi: "Chỉ cán bộ tiếp nhận và trả kết quả được tiếp nhận hồ sơ trực tiếp hoặc qua bưu chính.",
      en: "Only a receiving officer may take in counter or postal dossiers.",
    });
  const input = parseInput(IntakeInput, raw);
  const cal = await getCalendar(deps);
  const now = deps.now();
  const ruleSet = await ruleSetAt(deps, now);
  const receive = input.receive !== false;
  const forms: { no: FormNo; seq: number }[] = [];
  const id = await deps.db.transaction().execute(async (trx) => {
    const unit = await trx
      .selectFrom("units")
      .select(["id", "code", "receives_dossiers"])
      .where("id", "=", officer.unitId)
      .executeTakeFirstOrThrow();
    if (!unit.receives_dossiers)
      throw new AppError(403, "unit_does_not_receive", {
        vi: "Đơn vị của bạn không tiếp nhận hồ sơ.",
        en: "Your unit does not receive dossiers.",
      });
    const proc = await trx
      .selectFrom("procedures as p")
      .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
      .select(["p.id", "v.id as version_id", "v.status", "v.implementing_unit_ids", "v.components", "v.eform"])
      .where("p.id", "=", input.procedureId)
      .executeTakeFirst();
    if (proc?.status !== "published")
      throw fieldError(
        "body.procedureId",
        "Không tìm thấy thủ tục đang áp dụng.",
        "No procedure in force with this id.",
      );
    const implementing = (proc.implementing_unit_ids ?? []) as string[];
    if (implementing.length > 0 && !implementing.includes(unit.id))
      throw fieldError(
        "body.procedureId",
        "Đơn vị của bạn không tiếp nhận thủ tục này.",
        "Your unit does not receive this procedure.",
      );
    // The same e-form validation as the portal and the intake page: an API client gets the same field errors.
    const today = vnToday(now);
    // A postal dossier left for checking (receive=false) may arrive before its data is keyed in.
    const checkedVi = validateEForm(proc.eform, input.data ?? {}, "vi", { today });
    if (checkedVi.errors.length && (receive || input.data !== undefined)) {
      const en = validateEForm(proc.eform, input.data ?? {}, "en", { today }).errors;
      throw invalidInput(
        checkedVi.errors.map((e, i) => ({
          path: `body.data.${e.path}`,
          text: { vi: e.message, en: en[i]?.message ?? e.message },
        })),
      );
    }
    if (input.data !== undefined) input.data = checkedVi.value as typeof input.data;
    // The applicant's details the e-form already holds (name, ID number, date of birth…) complete the applicant:
    // the officer types them once, and the dossier carries the identity number "my dossiers" finds it by.
    if (input.data !== undefined)
      input.applicant = { ...applicantFromEForm(proc.eform, input.data), ...input.applicant };
    const codes = new Set(proc.components.map((c) => c.code));
    const files: { fileId: string; componentCode: string }[] = [];
    for (const [i, c] of (input.components ?? []).entries()) {
      if (!codes.has(c.code))
        throw fieldError(
          `body.components[${i}].code`,
          "Thủ tục không có thành phần hồ sơ này.",
          "The procedure has no such component.",
        );
      for (const fid of c.fileIds) files.push({ fileId: fid, componentCode: c.code });
    }
    await checkOwnFiles(
      trx,
      files.map((f) => f.fileId),
      { kind: "officer", id: officer.id },
      "body.components",
    );
    if (
      (input.returnMethod === "post" || input.channel === "postal") &&
      input.returnMethod === "post" &&
      !input.returnAddress &&
      !input.applicant.address
    )
      throw fieldError(
        "body.returnAddress",
        "Cần địa chỉ nhận kết quả qua bưu chính.",
        "A postal address for the result is required.",
      );

    const version = await loadVersion(trx, proc.version_id, cal.hoursPerDay);
    const ruleSetCode = ruleSet.code ?? DEFAULT_RULE_SET_CODE;
    const rules = await loadRules(trx, ruleSetCode);
    // the papers actually received, as form 01 lists them (kind and number), and no receipt of an empty dossier
    const byCode = new Map(proc.components.map((c) => [c.code, c]));
    const papers: ReceivedPaper[] = (input.components ?? []).map((c) => ({
      code: c.code,
      kind: c.kind ?? defaultKind(byCode.get(c.code)),
      quantity: c.quantity ?? 1,
      files: c.fileIds.length,
      paperOnly: c.paperOnly === true && c.fileIds.length === 0,
    }));
    if (receive)
      refuseGaps(
        receiptGaps(
          proc.components,
          papers,
          {
            hasEFormData: input.data !== undefined && Object.keys(input.data).length > 0,
            eformHasFields: eformHasFields(proc.eform),
          },
          rules,
        ),
        "body.components",
      );
    // the code first: the counter row is always locked before the dossier counts (same order as online receipts)
    const code = receive ? await nextDossierCode(trx, unit, now) : null;
    const values = {
      reference: intakeReference(now),
      procedure_id: proc.id,
      procedure_version_id: proc.version_id,
      rule_set_code: ruleSetCode,
      receiving_unit_id: unit.id,
      status: Status.SUBMITTED as 1,
      channel: input.channel,
      applicant_account_id: null,
      applicant: JSON.stringify(input.applicant),
      data: JSON.stringify(input.data ?? {}),
      return_method: input.returnMethod,
      return_address: input.returnAddress ?? (input.returnMethod === "post" ? (input.applicant.address ?? null) : null),
      sets: input.sets ?? 1,
      submitted_at: now,
    };
    // a template row to compute the receipt from (the real row is inserted once, already received)
    const draft = { ...values, id: "", applicant: input.applicant } as unknown as DossierRow;
    const receipt = code ? await receiptPatch({ trx, cal, now }, draft, version, rules, code, officer) : undefined;
    const row = await trx
      .insertInto("dossiers")
      .values({ ...values, ...(receipt?.patch ?? {}) } as typeof values)
      .returningAll()
      .executeTakeFirstOrThrow();
    await attachFiles(trx, row.id, files, "component", now);
    const head = { id: row.id, last_event_seq: 0, last_event_hash: null as string | null };
    const actor = officerActor(officer, meta);
    await appendEvent(trx, head, actor, {
      type: "submitted",
      at: now,
      fromStatus: null,
      toStatus: Status.SUBMITTED,
      data: {
        channel: input.channel,
        onBehalfOf: input.applicant.name,
        returnMethod: input.returnMethod,
        files: files.map((f) => ({ fileId: f.fileId, componentCode: f.componentCode })),
        papers,
        note: input.note ?? null,
      },
    });
    if (receipt) {
      await insertFirstStep(trx, row, version, receipt.step0, now, officer.id);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const [k, v] of Object.entries(receipt.patch))
        changes[k] = { from: null, to: v instanceof Date ? v.toISOString() : v };
      changes.status = { from: Status.SUBMITTED, to: Status.RECEIVED };
      const { seq } = await appendEvent(trx, head, actor, {
        type: "received",
        at: now,
        fromStatus: Status.SUBMITTED,
        toStatus: Status.RECEIVED,
        data: { ...receipt.data, changes },
      });
      await enqueue(trx, {
        topic: "notify.status",
        key: `${row.id}:${seq}`,
        dossierId: row.id,
        payload: { dossierId: row.id, status: Status.RECEIVED, seq },
      });
      if (version.timeLimit.unit !== "immediate") forms.push({ no: "01", seq });
    }
    return row.id;
  });
  await ensureIssuedForms(deps, id, forms);
  return { id };
}
