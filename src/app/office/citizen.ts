/**
 * What the applicant does on their own dossier through the portal: complete a requested supplement (which resumes or
 * restarts the clock per the rule set) and withdraw the dossier before processing ends. Same transaction discipline
 * and history as the office actions; the actor is the citizen.
 */
import { decideCitizen } from "../../domain/lifecycle.js";
import type { Citizen } from "../actors.js";
import { ownedBy } from "../citizen-dossiers.js";
import { getCalendar } from "../calendar.js";
import type { Deps } from "../deps.js";
import type { Actor } from "../history.js";
import { completeSupplement, withdraw } from "./actions.js";
import { loadDossier } from "./context.js";
import { type ActionContext, checkOwnFiles } from "./engine.js";
import { AppError, invalidInput, refusal } from "./errors.js";
import { ensureIssuedForms } from "./forms.js";

const notYours = () =>
  new AppError(404, "dossier_not_found", { vi: "Không tìm thấy hồ sơ.", en: "Dossier not found." });

async function run(
  deps: Deps,
  citizen: Pick<Citizen, "id" | "name">,
  dossierId: string,
  meta: { ip?: string | null },
  act: (c: ActionContext) => Promise<void>,
  action: "withdraw" | "supplement",
): Promise<{ status: number }> {
  const cal = await getCalendar(deps);
  const now = deps.now();
  const forms: ActionContext["forms"] = [];
  const status = await deps.db.transaction().execute(async (trx) => {
    const l = await loadDossier(trx, dossierId, { lock: true, hoursPerDay: cal.hoursPerDay });
    if (!l) throw notYours();
    const own = await trx
      .selectFrom("dossiers as d")
      .select("d.id")
      .where("d.id", "=", dossierId)
      .where(ownedBy(citizen.id))
      .executeTakeFirst();
    if (!own) throw notYours();
    const decision = decideCitizen(action, { status: l.d.status as never });
    if (!decision.ok) throw refusal(decision);
    const actor: Actor = { kind: "citizen", id: citizen.id, name: citizen.name, ip: meta.ip ?? null };
    await act({
      trx,
      deps,
      cal,
      now,
      actor,
      l,
      head: { id: l.d.id, last_event_seq: l.d.last_event_seq, last_event_hash: l.d.last_event_hash },
      forms,
    });
    return l.d.status;
  });
  await ensureIssuedForms(deps, dossierId, forms);
  return { status };
}

/** The applicant withdraws their dossier (status 7) before processing ends. */
export async function citizenWithdraw(
  deps: Deps,
  citizen: Pick<Citizen, "id" | "name">,
  dossierId: string,
  input: { reason?: string },
  meta: { ip?: string | null } = {},
): Promise<{ status: number }> {
  return run(deps, citizen, dossierId, meta, (c) => withdraw(c, input.reason ?? null), "withdraw");
}

/**
 * The applicant completes the requested supplement with files they uploaded (owned by them, not part of another
 * dossier). The dossier goes back to checking (before receipt) or to processing with the clock restarted or resumed;
 * its new status is returned.
 */
export async function citizenSupplement(
  deps: Deps,
  citizen: Pick<Citizen, "id" | "name">,
  dossierId: string,
  input: { files: { fileId: string; componentCode?: string }[]; note?: string },
  meta: { ip?: string | null } = {},
): Promise<{ status: number }> {
  if (input.files.length === 0 && !input.note?.trim())
    throw invalidInput([
      {
        path: "body.files",
        text: {
          vi: "Cần đính kèm giấy tờ bổ sung hoặc ghi nội dung bổ sung.",
          en: "Attach the papers or describe the supplement.",
        },
      },
    ]);
  return run(
    deps,
    citizen,
    dossierId,
    meta,
    async (c) => {
      await checkOwnFiles(
        c.trx,
        input.files.map((f) => f.fileId),
        { kind: "citizen", id: citizen.id },
        "body.files",
        dossierId,
      );
      await completeSupplement(c, input.files, input.note);
    },
    "supplement",
  );
}
