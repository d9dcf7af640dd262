import type { FastifyReply, FastifyRequest } from "fastify";
import { intakeProcedure, matchingProcedures, unitProcedures, versionEForm } from "../../app/office/procedures.js";
import { AppError } from "../../app/errors.js";
import {
  type ActionField,
  allowedActionFields,
  getDossierDetail,
  getLogbook,
  getQueue,
  intake,
  type QueueResult,
  runAction,
} from "../../app/office/index.js";
import { limitsOf, uploadsOf } from "../../app/uploads.js";
import { formEntriesToData, parsePath, prefillFromAccount, validateEForm } from "../../shared/eform-validate.js";
import { heldComponents, INTAKE_PURPOSE, lookUp } from "../../app/registry-lookups.js";
import type { Component } from "../../domain/catalogue.js";
import type { PaperKind } from "../../domain/receipt.js";
import { vnParts } from "../../shared/format.js";
import { type Lang, pick } from "../../shared/text.js";
import type { FieldErr } from "../../web/office/common.js";
import { tx, withLang } from "../../web/office/common.js";
import { actionErrorId, type ActionFormState, dossierPage } from "../../web/office/dossier.js";
import { applicantFromEForm } from "../../shared/eform-applicant.js";
import {
  INTAKE_TEXT,
  type IntakeState,
  intakeFormPage,
  intakePickPage,
  PAPER_KINDS,
  paperInputIds,
  paperInputs,
} from "../../web/office/intake.js";
import { logbookPage } from "../../web/office/logbook.js";
import { type QueueFiltersView, type QueueView, queueHref, queuePage } from "../../web/office/queue.js";
import type { Officer } from "../../app/actors.js";
import type { RouteModule } from "../types.js";
import { formValues, readFormBody, refusedFiles } from "../form-body.js";
import { officerForPage } from "./auth.js";
import { one, userOf } from "./page-helpers.js";

/**
 * The office pages (server-rendered, no JavaScript needed): work queue, dossier page with the allowed actions
 * (Post/Redirect/Get), counter/postal intake and the log book. They call the office engine (src/app/office) directly;
 * the engine enforces what each officer may see and do.
 */

const HTML = "text/html; charset=utf-8";
const PAGE_SIZE = 25;
const OPEN_TABS = [1, 2, 4, 5, 6, 9];
const CHANNELS = ["online", "counter", "postal", "national_portal"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A refusal or bad request from the engine (shown in place, in the caller's language, by the page). */
const asAppError = (e: unknown): AppError | undefined => (e instanceof AppError ? e : undefined);

/** "2026-03-20T10:30" typed in Vietnam time → "2026-03-20T10:30:00+07:00". */
function vnLocalToIso(v: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(v.trim());
  return m ? `${m[1]}T${m[2]}${m[3] ?? ":00"}+07:00` : v.trim();
}

function setPath(root: Record<string, unknown>, path: string[], value: unknown) {
  let cur: Record<string, unknown> | unknown[] = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    const nextIsIndex = /^\d+$/.test(path[i + 1]);
    const container = cur as Record<string, unknown>;
    container[key] ??= nextIsIndex ? [] : {};
    cur = container[key] as Record<string, unknown>;
  }
  (cur as Record<string, unknown>)[path[path.length - 1]] = value;
}

/**
 * Builds an action's input from the posted form, using the field types the engine declared (lines → array,
 * datetime → ISO instant in Vietnam time, checkboxes → booleans, list rows → arrays without the empty rows).
 * Values stay strings otherwise: the engine converts and validates them against the action's schema.
 */
function actionInput(fields: ActionField[] | undefined, entries: Array<[string, string]>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const type = new Map<string, ActionField["type"]>();
  const walk = (fs: ActionField[], prefix: string) => {
    for (const f of fs) {
      type.set(prefix + f.name, f.type);
      if (f.itemFields) walk(f.itemFields, `${prefix}${f.name}.*.`);
    }
  };
  walk(fields ?? [], "");
  for (const [name, value] of entries) {
    if (name.startsWith("_") || !/^[A-Za-z][\w]*(\.\d{1,2}\.[A-Za-z]\w*)?$/.test(name)) continue;
    const kind = type.get(name.replace(/\.\d+\./, ".*."));
    const v = value.trim();
    if (v === "") continue;
    let out: unknown = v;
    if (kind === "lines")
      out = v
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean);
    else if (kind === "datetime") out = vnLocalToIso(v);
    else if (kind === "checkbox") out = v === "true" || v === "on";
    setPath(raw, name.split("."), out);
  }
  // list rows: drop empty rows, keep the rest in order
  for (const [k, v] of Object.entries(raw))
    if (Array.isArray(v)) raw[k] = v.filter((x) => x !== undefined && x !== null);
  return raw;
}

function queueFilters(q: Record<string, unknown>): {
  view: QueueFiltersView;
  engine: Record<string, unknown>;
  page: number;
} {
  const status = Number(one(q.status));
  const due = one(q.due);
  const procedure = one(q.procedure);
  const channel = one(q.channel);
  const mine = one(q.mine);
  const search = one(q.q)?.trim().slice(0, 200);
  const listView = one(q.view);
  const page = Math.min(10_000, Math.max(1, Math.floor(Number(one(q.page)) || 1)));
  const view: QueueFiltersView = {
    status: Number.isInteger(status) && status >= 1 && status <= 10 ? status : undefined,
    due: due === "soon" || due === "overdue" ? due : undefined,
    procedure: procedure && UUID.test(procedure) ? procedure : undefined,
    channel: channel && CHANNELS.includes(channel) ? channel : undefined,
    mine: mine === "1" || mine === "true" || mine === "on",
    q: search || undefined,
    view: listView === "receiving" || listView === "processing" || listView === "tasks" ? listView : undefined,
  };
  const engine: Record<string, unknown> = { page, pageSize: PAGE_SIZE };
  if (view.view) engine.view = view.view;
  if (view.status) engine.status = view.status;
  if (view.due) engine.due = view.due === "soon" ? "due_soon" : "overdue";
  if (view.procedure) engine.procedureId = view.procedure;
  if (view.channel) engine.channel = view.channel;
  if (view.mine) engine.assignee = "me";
  if (view.q) engine.q = view.q;
  return { view, engine, page };
}

function toQueueView(
  f: QueueFiltersView,
  r: QueueResult,
  procedures: QueueView["procedures"],
  lang: Lang,
  page: number,
): QueueView {
  const tabs = [
    ...new Set([
      ...OPEN_TABS,
      ...Object.keys(r.counts.byStatus)
        .map(Number)
        .filter((s) => (r.counts.byStatus[s] ?? 0) > 0),
    ]),
  ].sort((a, b) => a - b);
  const more = page * r.pageSize < r.total;
  const base = queueHref({ ...f, view: r.view }, lang, {});
  const withPage = (n: number) => `${base}${base.includes("?") ? "&" : "?"}page=${n}`;
  return {
    filters: { ...f, view: r.view },
    statusCounts: tabs.map((s) => ({ status: s, count: r.counts.byStatus[String(s)] ?? 0 })),
    allCount: OPEN_TABS.reduce((a, s) => a + (r.counts.byStatus[String(s)] ?? 0), 0),
    dueCounts: { soon: r.counts.dueSoon, overdue: r.counts.overdue },
    procedures,
    rows: r.items.map((i) => ({
      id: i.id,
      code: i.code,
      reference: i.reference,
      procedureName: i.procedureName,
      applicantName: i.applicantName,
      channel: i.channel,
      status: i.status,
      dueAt: r.view === "processing" && i.stepDueAt ? new Date(i.stepDueAt) : i.dueAt ? new Date(i.dueAt) : null,
      dueState: i.dueState,
      stepName: i.task ? i.task.name : null,
      assigneeName: i.assignee?.name ?? null,
      postalDelivery: i.postalDelivery,
    })),
    nextHref: more ? withPage(page + 1) : undefined,
    firstHref: page > 1 ? base : undefined,
    totalLabel: r.totalCapped ? `≥ ${r.total}` : String(r.total),
  };
}

export const officePageRoutes: RouteModule = (app, deps) => {
  // ---- work queue ------------------------------------------------------------------------------------------------
  app.get<{ Querystring: Record<string, unknown> }>("/office", { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    const { view, engine, page } = queueFilters(req.query ?? {});
    let result: QueueResult;
    try {
      result = await getQueue(deps, officer, engine);
    } catch (e) {
      const err = asAppError(e);
      if (err && err.status === 422) result = await getQueue(deps, officer, { pageSize: PAGE_SIZE });
      else throw e;
    }
    const procedures = await unitProcedures(deps, officer.unitId);
    return reply.type(HTML).send(
      queuePage({
        lang: req.lang,
        url: req.url,
        user: userOf(officer),
        view: toQueueView(view, result, procedures, req.lang, page),
      }),
    );
  });

  // ---- dossier page and actions ----------------------------------------------------------------------------------
  const renderDossier = async (
    req: FastifyRequest,
    reply: FastifyReply,
    officer: Officer,
    id: string,
    status: number,
    extra: { flash?: { action?: string; intake?: boolean }; actionState?: ActionFormState },
  ) => {
    const detail = await getDossierDetail(deps, officer, id, { ip: req.ip, audit: status === 200 });
    const eform = await versionEForm(deps, detail.procedure.versionId);
    return reply
      .code(status)
      .type(HTML)
      .send(dossierPage({ lang: req.lang, url: req.url, user: userOf(officer), detail, eform, ...extra }));
  };

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>(
    "/office/dossiers/:id",
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      const done = req.query.done;
      const flash =
        done === "intake" ? { intake: true } : done && /^[a-z_]{2,40}$/.test(done) ? { action: done } : undefined;
      return renderDossier(req, reply, officer, req.params.id, 200, { flash });
    },
  );

  app.post<{ Params: { id: string; action: string } }>(
    "/office/dossiers/:id/actions/:action",
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      const { id, action } = req.params;
      const lang = req.lang;
      // The fields the engine declared for this action (when the officer may take it): they say how to read the form.
      // The page redirects after the action, so the dossier's detail is read once, by the page it redirects to.
      const declared = (await allowedActionFields(deps, officer, id, action)) ?? [];
      // Uploaded files (in the action's file inputs only) become file ids of the officer; the action attaches them.
      const form = await readFormBody(req, deps, {
        files: {
          owner: { kind: "officer", id: officer.id },
          limitsFor: (name) => {
            const type = declared.find((x) => x.name === name)?.type;
            return type === "file" || type === "files" ? limitsOf(undefined) : null;
          },
          pathOf: (name) => `body.${name}`,
        },
      });
      const entries = [...form.fields];
      const state: ActionFormState = { action, values: formValues(form), errors: [], message: "" };
      try {
        if (form.fileErrors.length) throw refusedFiles(form.fileErrors);
        for (const f of form.files) {
          const type = declared.find((x) => x.name === f.field)?.type;
          entries.push([
            type === "files"
              ? `${f.field}.${entries.filter(([k]) => k.startsWith(`${f.field}.`)).length}.fileId`
              : f.field,
            f.id,
          ]);
        }
        const input = actionInput(
          declared.map((f) =>
            f.type === "files"
              ? {
                  ...f,
                  type: "items" as const,
                  itemFields: [{ name: "fileId", type: "text" as const, label: f.label, required: false }],
                }
              : f,
          ),
          entries,
        );
        await runAction(deps, officer, id, action, input, { ip: req.ip });
      } catch (e) {
        const err = asAppError(e);
        if (!err) throw e;
        if (err.status === 404 || err.status === 401) throw err;
        state.message = pick(err.text, lang);
        state.errors = err.fields.map((f) => ({
          id: actionErrorId(action, f.path),
          message: pick(f.text, lang) || state.message,
        }));
        return renderDossier(req, reply, officer, id, err.status, { actionState: state });
      }
      return reply.redirect(withLang(`/office/dossiers/${id}?done=${action}`, lang), 303);
    },
  );

  // ---- counter / postal intake -----------------------------------------------------------------------------------
  /** The procedure to take in, by its id or its national code (`/office/intake?procedure=1.001193`). */
  const loadIntakeProcedure = (officer: Officer, idOrCode: string | undefined) =>
    intakeProcedure(deps, officer, idOrCode);

  const forbiddenIntake = () =>
    new AppError(403, "receiving_officer_only", {
      vi: "Chỉ cán bộ tiếp nhận và trả kết quả được tiếp nhận hồ sơ trực tiếp hoặc qua bưu chính.",
      en: "Only a receiving officer may take in counter or postal dossiers.",
    });

  app.get<{ Querystring: { procedure?: string; q?: string } }>(
    "/office/intake",
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      if (!officer.roles.includes("receiving")) throw forbiddenIntake();
      const wanted = one(req.query.procedure)?.trim();
      const proc = await loadIntakeProcedure(officer, wanted);
      if (!proc) {
        const all = await unitProcedures(deps, officer.unitId, true);
        // the server side of the picker's type-to-search (the page's script filters the same way as you type)
        const q = one(req.query.q)?.trim().slice(0, 200) ?? "";
        const procedures = q ? await matchingProcedures(deps, all, q) : all;
        return reply
          .code(wanted ? 404 : 200)
          .type(HTML)
          .send(
            intakePickPage({ lang: req.lang, url: req.url, user: userOf(officer), procedures, q, total: all.length }),
          );
      }
      const state: IntakeState = { values: {}, data: {}, kept: {}, errors: [], eformErrors: [] };
      return reply
        .type(HTML)
        .send(intakeFormPage({ lang: req.lang, url: req.url, user: userOf(officer), procedure: proc, state }));
    },
  );

  app.post("/office/intake", { schema: { hide: true } }, async (req, reply) => {
    const officer = await officerForPage(req, reply, deps);
    if (!officer) return reply;
    const lang = req.lang;
    if (!officer.roles.includes("receiving")) throw forbiddenIntake();
    // The scans come after the procedure's id in the form: each is stored as it arrives, for a component of it.
    let procedure: ReturnType<typeof loadIntakeProcedure> | undefined;
    const procedureOf = (fields: ReadonlyArray<[string, string]>) =>
      (procedure ??= loadIntakeProcedure(officer, fields.find(([k]) => k === "intake.procedureId")?.[1]));
    const form = await readFormBody(req, deps, {
      maxFields: 2000,
      files: {
        owner: { kind: "officer", id: officer.id },
        limitsFor: async (name, before) => {
          if (!name.startsWith("intake.file.")) return null;
          const code = name.slice("intake.file.".length);
          const proc = await procedureOf(before);
          return proc?.components.some((c) => c.code === code && !c.declaration) ? limitsOf(undefined) : null;
        },
      },
    });
    const values: Record<string, string> = {};
    for (const [k, v] of form.fields) if (k.startsWith("intake.") && !k.startsWith("intake.kept.")) values[k] = v;
    const proc = await procedureOf(form.fields);
    if (!proc) {
      const procedures = await unitProcedures(deps, officer.unitId, true);
      return reply
        .code(422)
        .type(HTML)
        .send(intakePickPage({ lang, url: req.url, user: userOf(officer), procedures }));
    }
    const data = formEntriesToData(proc.eform, form.fields);
    const state: IntakeState = { values, data, kept: {}, errors: [], eformErrors: [] };
    if (values["intake.registryLookup"] && UUID.test(values["intake.registryLookup"]))
      state.registry = { lookupId: values["intake.registryLookup"] };

    // Files kept from an earlier attempt (the officer's own uploads, not yet in a dossier) and new uploads.
    const keptIds = form.fields.filter(([k, v]) => k.startsWith("intake.kept.") && UUID.test(v));
    const owned = await uploadsOf(
      deps,
      { kind: "officer", id: officer.id },
      keptIds.map(([, v]) => v),
    );
    const names = new Map(owned.map((r) => [r.id, r.name]));
    for (const [k, v] of keptIds)
      if (names.has(v)) keep(state, k.slice("intake.kept.".length), { id: v, name: names.get(v)! });
    for (const f of form.files) keep(state, f.field.slice("intake.file.".length), { id: f.id, name: f.name });
    for (const f of form.fileErrors)
      state.errors.push({
        id: `in-file-${f.field.slice("intake.file.".length).replace(/\W/g, "-")}`,
        message: pick(f.error.text, lang),
      });

    const action = form.fields.find(([k]) => k === "_action")?.[1] ?? "review";
    const rerender = (status: number) =>
      reply
        .code(status)
        .type(HTML)
        .send(intakeFormPage({ lang, url: req.url, user: userOf(officer), procedure: proc, state }));
    // Repeating groups of the e-form without JavaScript: add or remove an item and show the form again.
    if (action.startsWith("add:")) {
      groupArray(state.data, action.slice(4))?.push({});
      return rerender(200);
    }
    if (action.startsWith("remove:")) {
      const m = /^(.*)\[(\d+)\]$/.exec(action.slice(7));
      if (m) groupArray(state.data, m[1])?.splice(Number(m[2]), 1);
      return rerender(200);
    }
    // the applicant looked up in a national database: the answer fills the applicant and the e-form (issue #7)
    if (action === "registry:population" || action === "registry:business") {
      const registry = action.slice(9) as "population" | "business";
      const typed = applicantFromEForm(proc.eform, data);
      const subject = (
        values[registry === "population" ? "intake.applicant.idNumber" : "intake.applicant.taxCode"] ||
        (registry === "population" ? typed.idNumber : typed.taxCode) ||
        ""
      ).trim();
      try {
        const a = await lookUp(deps, { kind: "officer", officer, ip: req.ip }, registry, subject, INTAKE_PURPOSE);
        for (const [section, v] of Object.entries(prefillFromAccount(proc.eform, a.identity)))
          state.data[section] = { ...((state.data[section] as object | undefined) ?? {}), ...(v as object) };
        const fill: Record<string, string | null | undefined> = {
          type: registry === "business" ? "business" : "citizen",
          name: a.identity.name,
          idNumber: a.identity.id_number,
          taxCode: a.identity.tax_code,
          birthDate: a.identity.birth_date,
          address: a.identity.address,
        };
        for (const [k, v] of Object.entries(fill)) if (v) values[`intake.applicant.${k}`] = v;
        values["intake.registryLookup"] = a.id;
        const held = heldComponents(proc.components, [a]).map((c) => c.name);
        state.registry = {
          lookupId: a.id,
          notice: {
            kind: "ok",
            text: tx(lang, {
              vi: `Đã lấy thông tin từ cơ sở dữ liệu quốc gia.${held.length ? ` Không cần thu: ${held.join("; ")}.` : ""}`,
              en: `The details came from the national database.${held.length ? ` No need to collect: ${held.join("; ")}.` : ""}`,
            }),
          },
        };
        return rerender(200);
      } catch (e) {
        const err = asAppError(e);
        if (!err || (err.status >= 500 && err.status !== 503)) throw e;
        state.registry = { ...state.registry, notice: { kind: "info", text: pick(err.text, lang) } };
        return rerender(200);
      }
    }

    const checked = validateEForm(proc.eform, data, lang, { today: vnToday(deps.now()) });
    state.eformErrors = checked.errors;
    // the applicant's details typed once in the e-form, unless the officer entered them apart
    const applicant: Record<string, string> = { ...applicantFromEForm(proc.eform, checked.value) };
    for (const k of ["type", "name", "idNumber", "taxCode", "birthDate", "address", "phone", "email"]) {
      const v = values[`intake.applicant.${k}`]?.trim();
      if (v) applicant[k] = v;
    }
    applicant.type ??= "citizen";
    if (!applicant.name)
      state.errors.push({
        id: "in-applicant-name",
        message: tx(lang, { vi: "Nhập họ tên người nộp hồ sơ.", en: "Enter the applicant's name." }),
      });
    const components = receivedComponents(proc, state, lang);
    if (state.errors.length || state.eformErrors.length) return rerender(422);

    const input = {
      procedureId: proc.id,
      channel: values["intake.channel"] === "postal" ? "postal" : "counter",
      applicant,
      data: checked.value,
      components,
      sets: values["intake.sets"] || "1",
      returnMethod: values["intake.returnMethod"] || "counter",
      returnAddress: values["intake.returnAddress"]?.trim() || undefined,
      note: values["intake.note"]?.trim() || undefined,
      ...(state.registry?.lookupId ? { registryLookupIds: [state.registry.lookupId] } : {}),
      receive: true,
    };
    try {
      const { id } = await intake(deps, officer, input, { ip: req.ip });
      return reply.redirect(withLang(`/office/dossiers/${id}?done=intake`, lang), 303);
    } catch (e) {
      const err = asAppError(e);
      if (!err || err.status >= 500) throw e;
      state.errors = err.fields.length
        ? err.fields.map((f) => ({ id: intakeErrorId(f.path), message: pick(f.text, lang) }))
        : [{ id: "in-applicant-name", message: pick(err.text, lang) }];
      return rerender(err.status);
    }
  });

  // ---- log book (form 07) ----------------------------------------------------------------------------------------
  const defaultPeriod = () => {
    const p = vnParts(deps.now());
    const pad = (n: number) => String(n).padStart(2, "0");
    return { from: `${p.year}-${pad(p.month)}-01`, to: `${p.year}-${pad(p.month)}-${pad(p.day)}` };
  };

  app.get<{ Querystring: { from?: string; to?: string } }>(
    "/office/logbook",
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      const d = defaultPeriod();
      return reply.type(HTML).send(
        logbookPage({
          lang: req.lang,
          url: req.url,
          user: userOf(officer),
          from: one(req.query.from) ?? d.from,
          to: one(req.query.to) ?? d.to,
        }),
      );
    },
  );

  app.get<{ Querystring: { from?: string; to?: string } }>(
    "/office/logbook/pdf",
    { schema: { hide: true } },
    async (req, reply) => {
      const officer = await officerForPage(req, reply, deps);
      if (!officer) return reply;
      const from = one(req.query.from) ?? "";
      const to = one(req.query.to) ?? "";
      try {
        const pdf = await getLogbook(deps, officer, from, to, { ip: req.ip });
        return reply
          .type("application/pdf")
          .header("content-disposition", `inline; filename*=UTF-8''${encodeURIComponent(pdf.name)}`)
          .header("cache-control", "private, no-store")
          .send(pdf.bytes);
      } catch (e) {
        const err = asAppError(e);
        if (err?.status !== 422) throw e;
        const errors: FieldErr[] = err.fields.map((f) => ({
          id: f.path.replace(/^querystring\./, ""),
          message: pick(f.text, req.lang),
        }));
        return reply
          .code(422)
          .type(HTML)
          .send(logbookPage({ lang: req.lang, url: req.url, user: userOf(officer), from, to, errors }));
      }
    },
  );
};

/** The array of a repeating e-form group at `path` ("family.children"), created when missing. */
function groupArray(data: Record<string, unknown>, path: string): unknown[] | undefined {
  const segs = parsePath(path);
  if (!segs) return undefined;
  let cur = data as Record<string | number, unknown>;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    if (i === segs.length - 1) {
      if (!Array.isArray(cur[seg])) cur[seg] = [];
      return cur[seg] as unknown[];
    }
    if (cur[seg] === undefined) cur[seg] = typeof segs[i + 1] === "number" ? [] : {};
    if (typeof cur[seg] !== "object" || cur[seg] === null) return undefined;
    cur = cur[seg] as Record<string | number, unknown>;
  }
  return undefined;
}

/**
 * The papers received, per component, as the intake use case takes them: the scans, the kind and number of copies the
 * officer recorded (the catalogue's kind and one copy when left as they are), and "kept on paper only" where the rule
 * set in force allows it. A component neither scanned nor kept on paper was not received. A bad number of copies is an
 * error beside its input (added to `state`).
 */
function receivedComponents(
  proc: { components: Component[]; paperOnlyAllowed: boolean },
  state: IntakeState,
  lang: Lang,
): Array<{ code: string; fileIds: string[]; kind?: PaperKind; quantity?: number; paperOnly?: boolean }> {
  const out = [];
  for (const c of proc.components) {
    if (c.declaration) continue;
    const names = paperInputs(c.code);
    const files = state.kept[c.code] ?? [];
    const paperOnly = proc.paperOnlyAllowed && state.values[names.paperOnly] === "true";
    if (!files.length && !paperOnly) continue;
    const kind = PAPER_KINDS.find((k) => k === state.values[names.kind]);
    const q = state.values[names.quantity]?.trim() ?? "";
    const quantity = /^\d{1,3}$/.test(q) && Number(q) >= 1 && Number(q) <= 100 ? Number(q) : undefined;
    if (q !== "" && quantity === undefined)
      state.errors.push({
        id: paperInputIds(c.code).quantity,
        message: tx(lang, {
          vi: `Số bản của “${c.name}” phải là số nguyên từ 1 đến 100.`,
          en: `The number of copies of “${c.name}” must be a whole number from 1 to 100.`,
        }),
      });
    out.push({
      code: c.code,
      fileIds: files.map((f) => f.id),
      ...(kind ? { kind } : {}),
      ...(quantity ? { quantity } : {}),
      ...(paperOnly ? { paperOnly: true } : {}),
    });
  }
  return out;
}

function keep(state: IntakeState, code: string, file: { id: string; name: string }) {
  const list = state.kept[code] ?? [];
  list.push(file);
  state.kept[code] = list;
}

/** Maps an intake error path ("body.applicant.name", "body.components[0]") to the id of its input. */
function intakeErrorId(path: string): string {
  const p = path.replace(/^body\.?/, "").replace(/\[(\d+)\]/g, ".$1");
  if (p.startsWith("components") || p.startsWith("files")) return "in-components";
  if (p.startsWith("data.")) return `f-${p.slice(5).replace(/\./g, "-")}`;
  if (p === "procedureId") return "in-applicant-name";
  return `in-${p.replace(/\./g, "-")}`;
}

function vnToday(now: Date): string {
  const p = vnParts(now);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

export { INTAKE_TEXT };
