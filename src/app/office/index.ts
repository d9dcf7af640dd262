/**
 * The one-stop office engine (issue #3): the functions the office API and the office pages call. Every function takes
 * the logged-in officer and enforces what they may see (404 outside their units) and do (403 by role/unit, 409 by
 * the dossier's state).
 */
import type { Officer } from "../actors.js";
import type { Deps } from "../deps.js";
import { type ActionMeta, runAction } from "./actions.js";
import { type DossierDetail, getDossierDetail } from "./detail.js";

export { type ActionMeta, isOfficerAction, runAction } from "./actions.js";
export { citizenSupplement, citizenWithdraw } from "./citizen.js";
export {
  type ActionField,
  type AllowedAction,
  allowedActionFields,
  type DossierDetail,
  EVENT_LABELS,
  getDossierDetail,
} from "./detail.js";
export { readFileForOfficer, type StoredFile, storeUpload } from "./files.js";
export { FORM_NOS, type FormRendering, formsSettled, getForm, getLogbook, setFormRendering } from "./forms.js";
export { type LawException, lawExceptions } from "./exceptions.js";
export { intake } from "./intake.js";
export { getQueue, type QueueItem, type QueueResult } from "./queue.js";
export { ACTION_INPUTS, type ActionInputs, IntakeInput, QueueFilters } from "./schemas.js";
export { ACTION_LABELS, OFFICER_ACTIONS, type OfficerAction } from "../../domain/lifecycle.js";

/**
 * Performs `action` on a dossier (one transaction) and returns the dossier's new detail (without a view audit
 * record: the action's event is the record) — what the JSON API answers. A page that redirects to the dossier after
 * the action (Post/Redirect/Get) calls `runAction`, which reads nothing back.
 */
export async function performAction(
  deps: Deps,
  officer: Officer,
  dossierId: string,
  action: string,
  input: unknown,
  meta: ActionMeta = {},
): Promise<DossierDetail> {
  await runAction(deps, officer, dossierId, action, input, meta);
  return getDossierDetail(deps, officer, dossierId, { audit: false, afterAction: true });
}
