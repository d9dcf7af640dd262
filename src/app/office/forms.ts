/**
 * The one-stop forms of a dossier (domain.md §6) built from its data and history: 01 receipt (at receipt, again when a
 * restarted clock gives a new appointment), 02 supplement request, 03 refusal, 04 apology and extension, 05 stop —
 * each rendered once from the event that issued it and stored as a file of the dossier; 06 control sheet rendered on
 * demand from the hand-over events; 07 the log book of a unit for a period, numbered continuously through the year.
 * See docs/law.md#forms-0107.
 */
import { fileBytes } from "../file-bytes.js";
import { vnDay } from "../../domain/calendar/days.js";
import { isPaperChannel } from "../../domain/receipt.js";
import { formatDateTime } from "../../shared/format.js";
import { type FormApplicant, FormInputError, type FormIssuer } from "../../docs/forms.js";
import { renderDocument } from "../../docs/render-pool.js";
import type {
  Form01ViewModel,
  Form02ViewModel,
  Form03ViewModel,
  Form04ViewModel,
  Form05ViewModel,
  Form06ViewModel,
  Form07ViewModel,
} from "../../docs/types.js";
import type { Form06Row, Form07Line } from "../../docs/types.js";
import type { Officer } from "../actors.js";
import type { Deps } from "../deps.js";
import {
  type DossierRow,
  loadDossier,
  loadUnits,
  loadVisible,
  type Tx,
  type UnitInfo,
  type VersionInfo,
} from "./context.js";
import { type FormNo, receivedPapers } from "./engine.js";
import { AppError, invalidInput } from "./errors.js";
import { storeGeneratedFile } from "./files.js";
import { sealDocument } from "../signing/seal.js";
import { componentFileCounts, dossierEvents } from "../dossiers/repo.js";

// the forms render in the render pool's threads (src/docs/render-pool.ts), off the event loop
const renderForm01 = (vm: Form01ViewModel) => renderDocument({ kind: "01", vm });
const renderForm02 = (vm: Form02ViewModel) => renderDocument({ kind: "02", vm });
const renderForm03 = (vm: Form03ViewModel) => renderDocument({ kind: "03", vm });
const renderForm04 = (vm: Form04ViewModel) => renderDocument({ kind: "04", vm });
const renderForm05 = (vm: Form05ViewModel) => renderDocument({ kind: "05", vm });
const renderForm06 = (vm: Form06ViewModel) => renderDocument({ kind: "06", vm });
const renderForm07 = (vm: Form07ViewModel) => renderDocument({ kind: "07", vm });

export type AnyFormNo = FormNo | "06" | "07";
export const FORM_NOS: AnyFormNo[] = ["01", "02", "03", "04", "05", "06", "07"];

/** Which event types issue which form. */
const ISSUING_EVENTS: Record<FormNo, string[]> = {
  "01": ["received", "supplement_completed"],
  "02": ["supplement_requested"],
  "03": ["refused"],
  "04": ["deadline_extended"],
  "05": ["stopped"],
};

const lookupUrl = (deps: Deps, code: string) => `${deps.config.baseUrl}/tra-cuu?ma=${encodeURIComponent(code)}`;

/** The place printed in the date line: the province/city of the unit's address, or of its name. */
function placeOf(u: UnitInfo): string {
  const fromAddress = u.address?.split(",").pop()?.trim();
  const src = fromAddress || u.name;
  const m = /(?:thành phố|tỉnh|tp\.)\s+(.+)$/i.exec(src);
  return (m ? m[1] : src).trim();
}

async function issuerOf(tx: Tx, unitId: string): Promise<FormIssuer> {
  const units = await loadUnits(tx, [unitId]);
  const u = units.get(unitId)!;
  const parent = u.parent_id ? (await loadUnits(tx, [u.parent_id])).get(u.parent_id) : undefined;
  return { name: u.name, parentName: parent?.name.toUpperCase(), place: placeOf(u) };
}

function applicantOf(d: DossierRow): FormApplicant {
  const a = d.applicant;
  return { name: a.name, address: a.address, phone: a.phone, email: a.email };
}

/** A hand-over as the office actions record it in an event's data (src/app/office/actions.ts), read back. */
type StoredHandover = {
  step?: { name?: string };
  fromUnit?: { name?: string } | null;
  toUnit?: { name?: string } | null;
  giver?: { name?: string };
  receiver?: { name?: string } | null;
  at?: string;
  outcome?: Form06Row["result"];
  returned?: boolean;
};

type EventRow = {
  seq: number;
  type: string;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  unit_id: string | null;
  data: Record<string, unknown>;
};

/**
 * The papers actually received, as form 01 lists them (issue #10 item 3), never the catalogue's list: for a counter
 * or postal dossier each paper recorded at intake with its kind and number (and the scans added since); for an
 * electronic dossier each component it has files for, as electronic copies.
 */
async function componentsOf(tx: Tx, d: DossierRow, version: VersionInfo) {
  const names = new Map(version.components.map((c) => [c.code, c.name]));
  if (isPaperChannel(d.channel)) {
    const papers = await receivedPapers(tx, d, version);
    return papers.map((p) => ({
      name: `${names.get(p.code) ?? p.code}${p.paperOnly ? " (chỉ lưu bản giấy)" : ""}`,
      form: p.kind,
      quantity: Math.max(1, p.quantity),
    }));
  }
  const count = await componentFileCounts(tx, d.id);
  return version.components
    .filter((c) => count.has(c.code))
    .map((c) => ({ name: c.name, form: "Bản điện tử", quantity: count.get(c.code) ?? 1 }));
}

/** The unit in whose name form `no` is issued: the acting unit for 04 and 05, the receiving unit otherwise. */
const formIssuerUnit = (d: DossierRow, no: FormNo, ev: EventRow) =>
  no === "04" || no === "05" ? (ev.unit_id ?? d.receiving_unit_id) : d.receiving_unit_id;

async function renderIssued(deps: Deps, tx: Tx, d: DossierRow, version: VersionInfo, no: FormNo, ev: EventRow) {
  const data = ev.data as Record<string, unknown>;
  const issuerUnit = formIssuerUnit(d, no, ev);
  const base = {
    issuer: await issuerOf(tx, issuerUnit),
    issuedAt: ev.at,
    lookupUrl: lookupUrl(deps, d.code ?? d.reference),
  };
  const officer = ev.actor_id
    ? await tx.selectFrom("officers").select(["name", "title"]).where("id", "=", ev.actor_id).executeTakeFirst()
    : undefined;
  const officerName = officer?.name ?? ev.actor_name ?? "Cán bộ tiếp nhận";
  const signer = { title: (officer?.title ?? "Thủ trưởng đơn vị").toUpperCase(), name: officerName };
  switch (no) {
    case "01": {
      const receivedAt = d.received_at ?? ev.at;
      return renderForm01({
        ...base,
        documentNumber: d.logbook_no ? `${d.logbook_no}/TNHS` : undefined,
        dossierCode: d.code!,
        applicant: applicantOf(d),
        procedureName: version.name,
        components: await componentsOf(tx, d, version),
        sets: d.sets,
        timeLimit: version.timeLimit,
        receivedAt: ev.type === "received" ? receivedAt : ev.at,
        // always the appointment the system holds (a same-day procedure too: 17:00, or the next working day)
        appointmentAt: new Date(String(data.dueAt ?? d.due_at)),
        resultDelivery: { method: d.return_method, detail: d.return_address ?? undefined },
        logBook: { volume: d.logbook_year ? `01/${d.logbook_year}` : undefined, entry: d.logbook_no ?? 1 },
        receivingOfficerName: officerName,
      });
    }
    case "02": {
      const unit = (await loadUnits(tx, [d.receiving_unit_id])).get(d.receiving_unit_id)!;
      return renderForm02({
        ...base,
        documentNumber: typeof data.documentNumber === "string" ? data.documentNumber : undefined,
        rulesPublishedAt: `${deps.config.baseUrl}/thu-tuc/${encodeURIComponent(version.procedureCode)}`,
        dossierCode: d.code ?? undefined,
        applicant: applicantOf(d),
        procedureName: version.name,
        receivedAt: d.received_at ?? d.submitted_at,
        items: (data.items as Form02ViewModel["items"]) ?? [],
        contact: { name: officerName, unit: unit.name, phone: unit.phone ?? undefined, email: unit.email ?? undefined },
        officerName,
      });
    }
    case "03":
      return renderForm03({
        ...base,
        dossierCode: d.code ?? undefined,
        applicant: applicantOf(d),
        procedureName: version.name,
        receivedAt: d.received_at ?? d.submitted_at,
        reason: String(data.reason),
        legalBasis: data.legalBasis as string[],
        officerName,
      });
    case "04":
      return renderForm04({
        ...base,
        dossierCode: d.code!,
        applicant: applicantOf(d),
        procedureName: version.name,
        receivedAt: d.received_at!,
        originalDueAt: new Date(String(data.originalDueAt)),
        newDueAt: new Date(String(data.newDueAt)),
        reason: String(data.reason),
        signer,
      });
    case "05":
      return renderForm05({
        ...base,
        dossierCode: d.code ?? d.reference,
        applicant: applicantOf(d),
        procedureName: version.name,
        receivedAt: d.received_at ?? d.submitted_at,
        stoppedAt: ev.at,
        reason: String(data.reason),
        legalBasis: data.legalBasis as string[],
        signer,
      });
  }
}

const FILE_NAMES: Record<FormNo, string> = {
  "01": "mau-01-giay-tiep-nhan",
  "02": "mau-02-yeu-cau-bo-sung",
  "03": "mau-03-tu-choi",
  "04": "mau-04-xin-loi-gia-han",
  "05": "mau-05-dung-giai-quyet",
};

/** Renders and stores the form issued by event `seq` unless already stored; returns its file id. */
export async function ensureForm(deps: Deps, dossierId: string, no: FormNo, seq: number): Promise<string> {
  const existing = await deps.db
    .selectFrom("dossier_forms")
    .select("file_id")
    .where("dossier_id", "=", dossierId)
    .where("form_no", "=", no)
    .where("event_seq", "=", seq)
    .executeTakeFirst();
  if (existing) return existing.file_id;
  const l = await loadDossier(deps.db, dossierId);
  if (!l) throw new Error(`dossier ${dossierId} not found`);
  const ev = await deps.db
    .selectFrom("dossier_events")
    .select(["seq", "type", "at", "actor_id", "actor_name", "unit_id", "data"])
    .where("dossier_id", "=", dossierId)
    .where("seq", "=", seq)
    .executeTakeFirstOrThrow();
  const rendered = (await renderIssued(deps, deps.db, l.d, l.version, no, ev))!;
  // issued in the unit's name: sealed with the unit's organisation certificate when the key store has one
  const issuer = await deps.db
    .selectFrom("units")
    .select(["code", "name"])
    .where("id", "=", formIssuerUnit(l.d, no, ev))
    .executeTakeFirstOrThrow();
  const pdf = await sealDocument(deps, issuer, rendered, {
    reason: `Mẫu số ${no} — hồ sơ ${l.d.code ?? l.d.reference}`,
    at: deps.now(),
  });
  return deps.db.transaction().execute(async (trx) => {
    const name = `${FILE_NAMES[no]}-${l.d.code ?? l.d.reference}-${seq}.pdf`;
    const fileId = await storeGeneratedFile(deps, trx, pdf, name, dossierId);
    const inserted = await trx
      .insertInto("dossier_forms")
      .values({ dossier_id: dossierId, form_no: no, event_seq: seq, file_id: fileId, issued_at: ev.at })
      .onConflict((oc) => oc.columns(["dossier_id", "form_no", "event_seq"]).doNothing())
      .returning("file_id")
      .executeTakeFirst();
    if (!inserted) {
      // rendered concurrently by another request: keep theirs
      await trx.deleteFrom("files").where("id", "=", fileId).execute();
      const row = await trx
        .selectFrom("dossier_forms")
        .select("file_id")
        .where("dossier_id", "=", dossierId)
        .where("form_no", "=", no)
        .where("event_seq", "=", seq)
        .executeTakeFirstOrThrow();
      return row.file_id;
    }
    await trx
      .insertInto("dossier_files")
      .values({ dossier_id: dossierId, file_id: fileId, component_code: `form-${no}`, kind: "form", added_at: ev.at })
      .execute();
    return fileId;
  });
}

/**
 * When the forms an action issued are rendered (a form renders in a few hundred milliseconds, too long to hold up
 * every receipt): "background" (default) renders them after the action returns, one at a time per database;
 * "inline" before the action returns; "on_demand" at first read only. In every mode a form that is not stored yet is
 * rendered when it is read, so nothing depends on the background work having finished.
 */
export type FormRendering = "background" | "inline" | "on_demand";
const renderModes = new WeakMap<object, FormRendering>();
const renderQueues = new WeakMap<object, Promise<void>>();

export function setFormRendering(deps: Pick<Deps, "db">, mode: FormRendering): void {
  renderModes.set(deps.db, mode);
}

/** Waits until the forms queued for background rendering are done (before shutdown). */
export async function formsSettled(deps: Pick<Deps, "db">): Promise<void> {
  for (;;) {
    const q = renderQueues.get(deps.db);
    if (!q) return;
    await q;
    if (renderQueues.get(deps.db) === q) {
      renderQueues.delete(deps.db);
      return;
    }
  }
}

async function renderAll(deps: Deps, dossierId: string, forms: { no: FormNo; seq: number }[], rethrow: boolean) {
  for (const f of forms) {
    try {
      await ensureForm(deps, dossierId, f.no, f.seq);
    } catch (e) {
      if (rethrow) throw e;
      console.error(`form ${f.no} of dossier ${dossierId} (event ${f.seq}) not rendered now: ${(e as Error).message}`);
    }
  }
}

/** After an action commits: render (or queue) the forms its events issued. */
export async function ensureIssuedForms(deps: Deps, dossierId: string, forms: { no: FormNo; seq: number }[]) {
  if (forms.length === 0) return;
  const mode = renderModes.get(deps.db) ?? "background";
  if (mode === "on_demand") return;
  if (mode === "inline") return renderAll(deps, dossierId, forms, process.env.NODE_ENV === "test");
  const previous = renderQueues.get(deps.db) ?? Promise.resolve();
  renderQueues.set(
    deps.db,
    previous.then(() => renderAll(deps, dossierId, forms, false)),
  );
}

/** A completed supplement issues a new form 01 only when it gave a new appointment (after receipt). */
const issuesForm = (no: FormNo, e: { type: string; data: unknown }) =>
  !(no === "01" && e.type === "supplement_completed" && !(e.data as { dueAt?: unknown }).dueAt);

/** The forms issued so far (the latest of each), for the dossier page. */
export async function issuedForms(
  tx: Tx,
  dossierId: string,
): Promise<{ no: AnyFormNo; seq: number | null; issuedAt: Date | null }[]> {
  const events = await tx
    .selectFrom("dossier_events")
    .select(["seq", "type", "at", "data"])
    .where("dossier_id", "=", dossierId)
    .where("type", "in", Object.values(ISSUING_EVENTS).flat())
    .orderBy("seq")
    .execute();
  const out: { no: AnyFormNo; seq: number | null; issuedAt: Date | null }[] = [];
  for (const no of Object.keys(ISSUING_EVENTS) as FormNo[]) {
    const last = events.filter((e) => ISSUING_EVENTS[no].includes(e.type) && issuesForm(no, e)).pop();
    if (last) out.push({ no, seq: last.seq, issuedAt: last.at });
  }
  if (events.some((e) => e.type === "received")) out.push({ no: "06", seq: null, issuedAt: null });
  return out;
}

async function latestIssuing(tx: Tx, dossierId: string, no: FormNo): Promise<{ seq: number } | undefined> {
  const events = await tx
    .selectFrom("dossier_events")
    .select(["seq", "type", "data"])
    .where("dossier_id", "=", dossierId)
    .where("type", "in", ISSUING_EVENTS[no])
    .orderBy("seq", "desc")
    .execute();
  const e = events.find((x) => issuesForm(no, x));
  return e ? { seq: e.seq } : undefined;
}

async function audit(
  deps: Deps,
  officer: Officer,
  action: string,
  target: string,
  data: Record<string, unknown>,
  ip?: string | null,
) {
  await deps.db
    .insertInto("audit_log")
    .values({
      at: deps.now(),
      actor_kind: "officer",
      actor_id: officer.id,
      unit_id: officer.unitId,
      action,
      target,
      ip: ip ?? null,
      data: JSON.stringify(data),
    })
    .execute();
}

/** A form whose data is incomplete (e.g. the unit has no phone or e-mail to print) is a 409 naming what is missing. */
async function renderable<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof FormInputError)
      throw new AppError(409, "form_data_missing", {
        vi: `Chưa đủ dữ liệu để in biểu mẫu (${e.field}): bổ sung thông tin của đơn vị hoặc hồ sơ rồi thử lại.`,
        en: `Not enough data to print the form (${e.field}): complete the unit's or dossier's details and retry.`,
      });
    throw e;
  }
}

const formNotIssued = (no: string) =>
  new AppError(404, "form_not_issued", {
    vi: `Hồ sơ chưa có mẫu số ${no}.`,
    en: `Form ${no} has not been issued for this dossier.`,
  });

/** The control sheet (form 06) rows: the hand-over events, in time order. */
async function form06(deps: Deps, dossierId: string): Promise<Buffer> {
  const l = (await loadDossier(deps.db, dossierId))!;
  const { d, version } = l;
  const events = await dossierEvents(deps.db, dossierId);
  const unitNames = await loadUnits(
    deps.db,
    events.map((e) => e.unit_id),
  );
  const unitName = (id: string | null | undefined) => (id ? (unitNames.get(id)?.name ?? "") : "");
  const rows: Form06Row[] = [];
  for (const e of events) {
    const data = e.data as {
      handover?: StoredHandover;
      unit?: { name?: string };
      dueAt?: string;
      outcome?: Form06Row["result"];
      units?: { unit?: { name?: string }; lead?: boolean; work?: string; dueAt?: string }[];
    };
    const h = data.handover;
    if (h) {
      rows.push({
        fromUnit: h.fromUnit?.name ?? "",
        toUnit: h.toUnit?.name ?? "",
        at: new Date(h.at ?? e.at),
        giverName: h.giver?.name ?? "",
        receiverName: h.receiver?.name ?? h.toUnit?.name ?? "",
        result: h.outcome ?? null,
        note: `${h.step?.name ?? ""}${h.returned ? " (trả lại)" : ""}`,
      });
      continue;
    }
    // consultations and inter-agency processing are hand-overs too (domain.md §5): out to the unit, back with its part
    const from = unitName(e.unit_id) || "Bộ phận xử lý";
    const by = e.actor_name ?? "";
    if (e.type === "consultation_requested")
      rows.push({
        fromUnit: from,
        toUnit: data.unit?.name ?? "",
        at: e.at,
        giverName: by,
        receiverName: data.unit?.name ?? "",
        note: `Xin ý kiến${data.dueAt ? `, hạn ${formatDateTime(new Date(data.dueAt))}` : ""}`,
      });
    else if (e.type === "consultation_replied")
      rows.push({
        fromUnit: data.unit?.name ?? from,
        toUnit: unitName(l.d.current_unit_id) || "Bộ phận xử lý",
        at: e.at,
        giverName: by,
        receiverName: unitName(l.d.current_unit_id) || "Bộ phận xử lý",
        result: data.outcome ?? null,
        note: "Trả lời xin ý kiến",
      });
    else if (e.type === "interagency_started")
      for (const u of data.units ?? [])
        rows.push({
          fromUnit: from,
          toUnit: u.unit?.name ?? "",
          at: e.at,
          giverName: by,
          receiverName: u.unit?.name ?? "",
          note: `Liên thông${u.lead ? " (chủ trì)" : ""}: ${u.work ?? ""}${u.dueAt ? `, hạn ${formatDateTime(new Date(u.dueAt))}` : ""}`,
        });
    else if (e.type === "interagency_task_completed")
      rows.push({
        fromUnit: data.unit?.name ?? from,
        toUnit: unitName(l.d.current_unit_id) || "Bộ phận xử lý",
        at: e.at,
        giverName: by,
        receiverName: unitName(l.d.current_unit_id) || "Bộ phận xử lý",
        result: data.outcome ?? null,
        note: "Hoàn thành phần việc liên thông",
      });
  }
  const units = await loadUnits(deps.db, [
    version.competentUnitId,
    ...l.tasks.filter((t) => t.kind !== "step").map((t) => t.unit_id),
  ]);
  const coordinating = [
    ...new Set(l.tasks.filter((t) => t.kind !== "step").map((t) => units.get(t.unit_id)?.name ?? "")),
  ].filter(Boolean);
  return renderForm06({
    issuer: await issuerOf(deps.db, d.receiving_unit_id),
    issuedAt: deps.now(),
    lookupUrl: lookupUrl(deps, d.code ?? d.reference),
    dossierCode: d.code ?? d.reference,
    applicantName: d.applicant.name,
    applicantAddress: d.applicant.address ?? undefined,
    procedureName: version.name,
    receivedAt: d.received_at ?? d.submitted_at,
    dueAt: d.due_at,
    leadUnit: units.get(version.competentUnitId)?.name ?? "",
    coordinatingUnits: coordinating,
    rows,
  });
}

/** A document issued in a unit's name, sealed with its organisation certificate (unsigned when it has no seal key). */
async function sealInUnit(deps: Deps, unitId: string, pdf: Buffer, reason: string): Promise<Buffer> {
  const unit = await deps.db
    .selectFrom("units")
    .select(["code", "name"])
    .where("id", "=", unitId)
    .executeTakeFirstOrThrow();
  return sealDocument(deps, unit, pdf, { reason, at: deps.now() });
}

/**
 * A form of a dossier as PDF, for an officer who may see the dossier (404 otherwise). Forms 01–05: the latest one
 * issued (rendered now if it was not yet); 06: rendered from the history now. Writes an audit record.
 */
export async function getForm(
  deps: Deps,
  officer: Officer,
  dossierId: string,
  no: string,
  meta: { ip?: string | null } = {},
): Promise<{ name: string; bytes: Buffer }> {
  const l = await loadVisible(deps.db, officer, dossierId);
  const code = l.d.code ?? l.d.reference;
  let out: { name: string; bytes: Buffer };
  if (no === "06") {
    if (!l.d.received_at) throw formNotIssued(no);
    const sheet = await renderable(() => form06(deps, dossierId));
    // rendered from the history at each request, and sealed then in the receiving unit's name
    const bytes = await sealInUnit(deps, l.d.receiving_unit_id, sheet, `Mẫu số 06 — hồ sơ ${code}`);
    out = { name: `mau-06-phieu-kiem-soat-${code}.pdf`, bytes };
  } else if (no in ISSUING_EVENTS) {
    const ev = await latestIssuing(deps.db, dossierId, no as FormNo);
    if (!ev) throw formNotIssued(no);
    const fileId = await renderable(() => ensureForm(deps, dossierId, no as FormNo, ev.seq));
    const f = await deps.db
      .selectFrom("files")
      .select(["id", "name", "storage_key"])
      .where("id", "=", fileId)
      .executeTakeFirstOrThrow();
    out = { name: f.name, bytes: await fileBytes(deps, f) };
  } else {
    throw new AppError(404, "unknown_form", { vi: `Không có mẫu số ${no}.`, en: `No form ${no}.` });
  }
  await audit(deps, officer, "form.download", dossierId, { form: no }, meta.ip);
  return out;
}

const MAX_LOGBOOK_LINES = 5000;

/**
 * The log book (form 07) of the officer's unit for the days [from, to] (YYYY-MM-DD, within one year): one line per
 * dossier received, in log-book order (numbered continuously through the year).
 */
export async function getLogbook(
  deps: Deps,
  officer: Officer,
  from: string,
  to: string,
  meta: { ip?: string | null } = {},
): Promise<{ name: string; bytes: Buffer }> {
  const dayRe = /^\d{4}-\d{2}-\d{2}$/;
  const bad: { path: string; text: { vi: string; en: string } }[] = [];
  if (!dayRe.test(from))
    bad.push({
      path: "querystring.from",
      text: { vi: "Ngày không hợp lệ (YYYY-MM-DD).", en: "Invalid day (YYYY-MM-DD)." },
    });
  if (!dayRe.test(to))
    bad.push({
      path: "querystring.to",
      text: { vi: "Ngày không hợp lệ (YYYY-MM-DD).", en: "Invalid day (YYYY-MM-DD)." },
    });
  if (bad.length === 0 && from > to)
    bad.push({
      path: "querystring.to",
      text: { vi: "Ngày kết thúc phải sau ngày bắt đầu.", en: "The end day must not be before the start day." },
    });
  if (bad.length === 0 && from.slice(0, 4) !== to.slice(0, 4))
    bad.push({
      path: "querystring.to",
      text: {
        vi: "Sổ theo dõi lập theo từng năm: chọn khoảng thời gian trong cùng một năm.",
        en: "The log book is kept per year: choose a period within one year.",
      },
    });
  if (bad.length) throw invalidInput(bad);
  const start = new Date(`${from}T00:00:00+07:00`);
  const end = new Date(new Date(`${to}T00:00:00+07:00`).getTime() + 86_400_000);
  const rows = await deps.db
    .selectFrom("dossiers as d")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .innerJoin("units as cu", "cu.id", "v.competent_unit_id")
    .select([
      "d.id",
      "d.code",
      "d.sets",
      "d.applicant",
      "d.received_at",
      "d.due_at",
      "d.processed_at",
      "d.returned_at",
      "d.status",
      "d.logbook_no",
      "v.name as procedure_name",
      "cu.name as lead_unit",
    ])
    .where("d.receiving_unit_id", "=", officer.unitId)
    .where("d.logbook_year", "=", Number(from.slice(0, 4)))
    .where("d.logbook_no", "is not", null)
    .where("d.received_at", ">=", start)
    .where("d.received_at", "<", end)
    .orderBy("d.logbook_no")
    .limit(MAX_LOGBOOK_LINES + 1)
    .execute();
  if (rows.length > MAX_LOGBOOK_LINES)
    throw invalidInput([
      {
        path: "querystring.to",
        text: {
          vi: `Khoảng thời gian có hơn ${MAX_LOGBOOK_LINES} hồ sơ: chọn khoảng ngắn hơn.`,
          en: `More than ${MAX_LOGBOOK_LINES} dossiers: choose a shorter period.`,
        },
      },
    ]);
  // when the dossier went to the processing unit: its first hand-over
  const sent = new Map<string, Date>();
  if (rows.length > 0) {
    const ev = await deps.db
      .selectFrom("dossier_events")
      .select(["dossier_id", "at"])
      .where(
        "dossier_id",
        "in",
        rows.map((r) => r.id),
      )
      .where("type", "in", ["handed_over", "approved", "processed"])
      .orderBy("seq")
      .execute();
    for (const e of ev) if (!sent.has(e.dossier_id)) sent.set(e.dossier_id, e.at);
  }
  const NOTES: Record<number, string> = { 3: "Từ chối tiếp nhận", 7: "Rút hồ sơ", 8: "Dừng giải quyết" };
  const lines: Form07Line[] = rows.map((r) => ({
    seq: r.logbook_no!,
    code: r.code ?? "",
    procedureName: r.procedure_name,
    sets: r.sets,
    applicantName: r.applicant.name,
    address: r.applicant.address,
    phone: r.applicant.phone,
    leadUnit: r.lead_unit,
    receivedAt: r.received_at!,
    dueAt: r.due_at,
    sentToUnitAt: sent.get(r.id) ?? null,
    resultBackAt: r.processed_at,
    returnedAt: r.returned_at,
    note: NOTES[r.status],
  }));
  const bytes = await renderForm07({
    issuer: await issuerOf(deps.db, officer.unitId),
    issuedAt: deps.now(),
    lookupUrl: `${deps.config.baseUrl}/tra-cuu`,
    periodFrom: from,
    periodTo: to,
    volume: `01/${from.slice(0, 4)}`,
    lines,
  });
  const sealed = await sealInUnit(deps, officer.unitId, bytes, `Mẫu số 07 — sổ theo dõi ${from} – ${to}`);
  await audit(deps, officer, "form.download", officer.unitId, { form: "07", from, to, lines: lines.length }, meta.ip);
  return { name: `mau-07-so-theo-doi-${from}-${to}.pdf`, bytes: sealed };
}

export { vnDay };
