/**
 * Counter and postal intake: a receiving officer creates the dossier on behalf of a walk-in (or posting) applicant,
 * attaches the scans they uploaded, records how the result goes back, and — by default — receives it at once
 * (code, due instant, form 01) in the same transaction. The dossier itself is created by the one write path,
 * createDossier (src/app/dossiers/create.ts).
 */
import { Status } from "../../domain/status.js";
import type { Officer } from "../actors.js";
import { getCalendar } from "../calendar.js";
import type { Deps } from "../deps.js";
import { nextDossierCode } from "../dossier-code.js";
import { appendEvent } from "../history.js";
import { enqueue } from "../outbox.js";
import { officerActor, type ActionMeta } from "./actions.js";
import { createDossier, ruleSetInForce } from "../dossiers/create.js";
import { mayReceive } from "../../domain/catalogue.js";
import { type DossierRow, loadRules, loadVersion } from "./context.js";
import { checkOwnFiles, insertFirstStep, receiptPatch, refuseGaps, type FormNo } from "./engine.js";
import { defaultKind, eformHasFields, type ReceivedPaper, receiptGaps } from "../../domain/receipt.js";
import { isDeclaration } from "../declarations.js";
import { applicantFromEForm } from "../../shared/eform-applicant.js";
import { vnToday } from "../../shared/eform-validate.js";
import { checkEForm } from "../eform-check.js";
import { AppError, fieldError, invalidInput, parseInput } from "./errors.js";
import { ensureIssuedForms } from "./forms.js";
import { IntakeInput } from "./schemas.js";
import { backingLookups, heldComponents, INTAKE_PURPOSE } from "../registry-lookups.js";

export { intakeReference } from "../dossiers/create.js";

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
      .select([
        "p.id",
        "p.national_code as code",
        "v.name",
        "v.id as version_id",
        "v.status",
        "v.implementing_unit_ids",
        "v.competent_unit_id",
        "v.components",
        "v.eform",
      ])
      .where("p.id", "=", input.procedureId)
      .executeTakeFirst();
    if (proc?.status !== "published")
      throw fieldError(
        "body.procedureId",
        "Không tìm thấy thủ tục đang áp dụng.",
        "No procedure in force with this id.",
      );
    const receivers = {
      procedureId: proc.id,
      versionId: proc.version_id,
      implementingUnitIds: (proc.implementing_unit_ids ?? []) as string[],
      competentUnitId: proc.competent_unit_id,
    };
    if (!mayReceive(receivers, unit.id))
      throw fieldError(
        "body.procedureId",
        "Đơn vị của bạn không tiếp nhận thủ tục này.",
        "Your unit does not receive this procedure.",
      );
    // The same e-form validation as the portal and the intake page: an API client gets the same field errors.
    const today = vnToday(now);
    // A postal dossier left for checking (receive=false) may arrive before its data is keyed in.
    const checked = checkEForm(proc.eform, input.data ?? {}, today, "body.data");
    if (checked.errors.length && (receive || input.data !== undefined)) throw invalidInput(checked.errors);
    if (input.data !== undefined) input.data = checked.value as typeof input.data;
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

    // the papers whose data the officer's look-up of this applicant in a national database brought (issue #7)
    const registryLookups = await backingLookups(
      trx,
      now,
      { kind: "officer", id: officer.id },
      { population: input.applicant.idNumber, business: input.applicant.taxCode },
      INTAKE_PURPOSE,
      input.registryLookupIds ?? [],
    );
    const held = heldComponents(proc.components, registryLookups);
    const version = await loadVersion(trx, proc.version_id, cal.hoursPerDay);
    // the papers actually received, as form 01 lists them (kind and number), and no receipt of an empty dossier: a
    // declaration component counts as received when it is rendered from the e-form data (issue #10 items 3, 7)
    const byCode = new Map(proc.components.map((c) => [c.code, c]));
    const papers: ReceivedPaper[] = (input.components ?? []).map((c) => ({
      code: c.code,
      kind: c.kind ?? defaultKind(byCode.get(c.code)),
      quantity: c.quantity ?? 1,
      files: c.fileIds.length,
      paperOnly: c.paperOnly === true && c.fileIds.length === 0,
    }));
    const hasEFormData = input.data !== undefined && Object.keys(input.data).length > 0;
    if (receive) {
      const rules = await loadRules(trx, await ruleSetInForce(trx, now));
      const rendered = hasEFormData ? proc.components.filter(isDeclaration).map((c) => c.code) : [];
      const counted = [
        ...papers,
        ...rendered.map((code) => ({ code, kind: "original" as const, quantity: 1, files: 1, paperOnly: false })),
      ];
      refuseGaps(
        receiptGaps(
          proc.components.filter((c) => !held.includes(c)),
          counted,
          { hasEFormData, eformHasFields: eformHasFields(proc.eform) },
          rules,
        ),
        "body.components",
      );
    }
    const actor = officerActor(officer, meta);
    let receipt: Awaited<ReturnType<typeof receiptPatch>> | undefined;
    const made = await createDossier(
      trx,
      {
        channel: input.channel,
        procedure: receivers,
        receivingUnitId: unit.id,
        applicantAccountId: null,
        applicant: input.applicant,
        data: input.data ?? {},
        files,
        returnMethod: input.returnMethod,
        returnAddress:
          input.returnAddress ?? (input.returnMethod === "post" ? (input.applicant.address ?? null) : null),
        sets: input.sets ?? 1,
        event: {
          actor,
          data: {
            channel: input.channel,
            onBehalfOf: input.applicant.name,
            returnMethod: input.returnMethod,
            files: files.map((f) => ({ fileId: f.fileId, componentCode: f.componentCode })),
            papers,
            note: input.note ?? null,
            ...(registryLookups.length ? { registryLookups } : {}),
          },
        },
        // the application form is rendered from the e-form the officer keyed in (issue #10 item 7)
        declarations:
          input.data !== undefined
            ? {
                procedure: { code: proc.code, name: proc.name, eform: proc.eform, components: proc.components },
                applicantName: input.applicant.name,
              }
            : undefined,
        notify: false,
        at: now,
      },
      // Received at once: the row is inserted already received (code, due instant), computed from the row to be.
      async (values) => {
        if (!receive) return {};
        const rules = await loadRules(trx, values.rule_set_code);
        // the code first: the counter row is always locked before the dossier counts (same order as online receipts)
        const code = await nextDossierCode(trx, unit, now);
        const draft = { ...values, id: "", applicant: input.applicant } as unknown as DossierRow;
        receipt = await receiptPatch({ trx, cal, now }, draft, version, rules, code, officer);
        return receipt.patch;
      },
    );
    if (!made.created) throw new Error("intake without an idempotency key cannot replay");
    const { row, head } = made;
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
