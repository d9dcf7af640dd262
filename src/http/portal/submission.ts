import { randomUUID } from "node:crypto";
import { postalSection } from "./postal.js";
import { type Static, Type } from "@sinclair/typebox";
import type { SwaggerTransform } from "@fastify/swagger";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../../app/deps.js";
import { deleteDraft, getDraft, listDrafts, saveDraft } from "../../app/drafts.js";
import { AppError, notFound } from "../../app/errors.js";
import {
  checkApplicantType,
  checkSubmission,
  findByKey,
  loadOnlineProcedure,
  type OnlineProcedure,
  receivingUnits,
  type SubmitInput,
  submitDossier,
} from "../../app/submission.js";
import {
  discardStaged,
  isUuid,
  limitsOf,
  noFileError,
  ownFiles,
  readOwnUpload,
  stageUpload,
  uploadLimits,
} from "../../app/uploads.js";
import { cleanValue } from "../boundary/text.js";
import { pickIntoForm, warehouseChoices } from "./warehouse.js";
import { lookUpForEForm, registryState } from "./registries.js";
import { formValue, readFormBody } from "../form-body.js";
import { getMyDossier } from "../../app/citizen-dossiers.js";
import { formEntriesToData, type PathNode, parsePath, prefillFromAccount } from "../../shared/eform-validate.js";
import { formatDateTime } from "../../shared/format.js";
import { type FieldMessage, type Lang, pick, pickFields } from "../../shared/text.js";
import type { Html } from "../../web/html.js";
import { page } from "../../web/layout.js";
import {
  type AttachedFile,
  type FormState,
  pageText,
  renderReview,
  renderSubmissionForm,
  renderSuccess,
} from "../../web/portal/submission/pages.js";
import type { Citizen } from "../../app/actors.js";
import { currentCitizen, requireCitizen } from "../citizen-auth.js";
import type { RouteModule } from "../types.js";
import { DateTime, ErrorBody, FileResponse, NoContent, sendAttachment } from "../schemas.js";

// ---------- schemas ----------

const StoredFileSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  name: Type.String(),
  size: Type.Integer(),
  mime: Type.String(),
  sha256: Type.String(),
});

const ReturnMethod = Type.Union([Type.Literal("counter"), Type.Literal("post"), Type.Literal("online")]);

const SubmitBody = Type.Object(
  {
    procedureCode: Type.String({ minLength: 1, maxLength: 60, description: "National procedure code, e.g. 1.001193" }),
    receivingUnitId: Type.Optional(
      Type.String({ format: "uuid", description: "One of the procedure's implementing units (optional if only one)" }),
    ),
    data: Type.Record(Type.String(), Type.Unknown(), { description: "E-form data, validated against the schema" }),
    files: Type.Optional(
      Type.Array(
        Type.Object({
          componentCode: Type.String({ minLength: 1, maxLength: 60 }),
          fileId: Type.String({ format: "uuid", description: "Id returned by POST /api/uploads" }),
        }),
        { maxItems: 200 },
      ),
    ),
    returnMethod: Type.Optional(ReturnMethod),
    returnAddress: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

const SubmittedSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  reference: Type.String({ description: "Applicant reference, given at once (e.g. HS-7K2M9QXD)" }),
  status: Type.Integer(),
  statusName: Type.String(),
});

const DraftBody = Type.Object(
  {
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    files: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String(), { maxItems: 50 }))),
    receivingUnitId: Type.Optional(Type.Union([Type.String({ format: "uuid" }), Type.Null()])),
    returnMethod: Type.Optional(Type.Union([ReturnMethod, Type.Null()])),
    returnAddress: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  },
  { additionalProperties: false },
);

const DraftSchema = Type.Object({
  procedureCode: Type.String(),
  procedureName: Type.String(),
  procedureVersionId: Type.String(),
  receivingUnitId: Type.Union([Type.String(), Type.Null()]),
  returnMethod: Type.Union([ReturnMethod, Type.Null()]),
  returnAddress: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
  files: Type.Record(Type.String(), Type.Array(Type.String())),
  updatedAt: DateTime,
});

const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 60 }) });

// ---------- helpers ----------

function sendPage(
  req: FastifyRequest,
  reply: FastifyReply,
  citizen: Citizen | undefined,
  o: { title: string; body: Html; status?: number; scripts?: string[] },
) {
  reply.code(o.status ?? 200);
  return reply.type("text/html; charset=utf-8").send(
    page({
      brand: req.brand,
      title: o.title,
      lang: req.lang,
      url: req.url,
      body: o.body,
      area: "portal",
      user: citizen ? { name: citizen.name } : null,
      scripts: o.scripts,
    }),
  );
}

function loginRedirect(req: FastifyRequest, reply: FastifyReply, next?: string) {
  return reply.redirect(`/dang-nhap?next=${encodeURIComponent(next ?? req.url)}`, 303);
}

const langQs = (lang: Lang, sep = "?") => (lang === "en" ? `${sep}lang=en` : "");

/** Files per component from "CODE" → ids, resolved to the citizen's own uploads (others' ids drop out). */
async function attachedFiles(
  deps: Deps,
  citizenId: string,
  ids: Record<string, string[]>,
): Promise<Record<string, AttachedFile[]>> {
  const all = Object.values(ids).flat();
  const own = new Map((await ownFiles(deps, citizenId, all)).map((f) => [f.id, f]));
  const out: Record<string, AttachedFile[]> = {};
  for (const [code, list] of Object.entries(ids)) {
    const files = [...new Set(list)]
      .map((id) => own.get(id))
      .filter((f): f is NonNullable<typeof f> => !!f)
      .map((f) => ({ id: f.id, name: f.name, size: Number(f.size), fromWarehouse: f.warehouse_document_id !== null }));
    if (files.length) out[code] = files;
  }
  return out;
}

const fileIds = (files: Record<string, AttachedFile[]>) =>
  Object.fromEntries(Object.entries(files).map(([c, list]) => [c, list.map((f) => f.id)]));

const flatFiles = (files: Record<string, string[]>) =>
  Object.entries(files).flatMap(([componentCode, ids]) => ids.map((fileId) => ({ componentCode, fileId })));

interface ParsedForm {
  entries: Array<[string, string]>;
  uploads: Array<{ component: string; file: AttachedFile }>;
  uploadErrors: FieldMessage[];
}

/**
 * Reads the HTML form through the one form-body reader: fields, and files posted with it (without JavaScript the files
 * come with the form, each in `upload.<componentCode>`). Each file is checked and stored for its component as it
 * streams in; a refused file becomes a field error at `files.<componentCode>`; a file for no component is dropped.
 */
async function readHtmlForm(
  req: FastifyRequest,
  deps: Deps,
  citizen: Citizen,
  proc: OnlineProcedure,
): Promise<ParsedForm> {
  const componentOf = (field: string) =>
    field.startsWith("upload.") ? proc.components.find((c) => c.code === field.slice(7)) : undefined;
  const body = await readFormBody(req, deps, {
    maxFileBytes: Math.max(deps.config.maxUploadBytes, ...proc.components.map((c) => limitsOf(c).maxBytes)),
    maxFields: 2000,
    maxFiles: 100,
    files: {
      owner: { kind: "citizen", id: citizen.id },
      limitsFor: (field) => {
        const c = componentOf(field);
        return c ? limitsOf(c) : null;
      },
      pathOf: (field) => `files.${field.slice(7)}`,
    },
  });
  return {
    entries: body.fields,
    uploads: body.files.map((f) => ({ component: f.field.slice(7), file: { id: f.id, name: f.name, size: f.size } })),
    uploadErrors: body.fileErrors.flatMap((e) => pickFields(e.error.fields, req.lang)),
  };
}

function entry(entries: Array<[string, string]>, name: string): string | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i][0] === name) return entries[i][1];
  return undefined;
}

/** Walks `data` along a group path ("children" or "a[0].children") to its array, creating it if needed. */
function groupArray(data: Record<string, unknown>, path: string): unknown[] | undefined {
  const segs = parsePath(path);
  if (!segs) return undefined;
  let cur: PathNode = data;
  for (let i = 0; i < segs.length; i++) {
    const last = i === segs.length - 1;
    const seg = segs[i];
    if (last) {
      if (!Array.isArray(cur[seg])) cur[seg] = [];
      return cur[seg] as unknown[];
    }
    if (cur[seg] === undefined) cur[seg] = typeof segs[i + 1] === "number" ? [] : {};
    if (typeof cur[seg] !== "object" || cur[seg] === null) return undefined;
    cur = cur[seg] as PathNode;
  }
  return undefined;
}

async function formPage(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: Deps,
  citizen: Citizen,
  proc: OnlineProcedure,
  state: FormState,
  errors: FieldMessage[],
  notice?: { kind: "ok" | "info"; text: string },
) {
  const units = await receivingUnits(deps, proc);
  const warehouse = await warehouseChoices(deps, citizen, proc.components);
  const registry = await registryState(deps, citizen, proc);
  return sendPage(req, reply, citizen, {
    title: `${tx(pageText.submitTitle, req.lang)}: ${proc.name}`,
    status: errors.length ? 422 : 200,
    scripts: ["eform.js"],
    body: renderSubmissionForm({
      lang: req.lang,
      procedure: {
        code: proc.code,
        name: proc.name,
        eform: proc.eform,
        components: registry.components,
        resultElectronic: proc.resultElectronic,
      },
      units,
      state,
      errors,
      notice,
      warehouse,
      registry: registry.panel,
    }),
  });
}

const tx = (t: { vi: string; en?: string }, lang: Lang, p: Record<string, string> = {}) =>
  (lang === "en" ? (t.en ?? t.vi) : t.vi).replace(/\{(\w+)\}/g, (_, k) => p[k] ?? "");

// ---------- one-request submission (multipart) ----------

const SUBMIT_DESCRIPTION = [
  "Creates the dossier at status 1 (Mới đăng ký) in one transaction. Send an `Idempotency-Key` header: a retry with the same key returns the same dossier (200) instead of creating another (201); the same key with another request is refused (409).",
  "",
  "Two forms of body, one use case, the same checks and errors:",
  "- `application/json`: the files were uploaded before (`POST /api/uploads`) and are named by id in `files`.",
  "- `multipart/form-data`: the submission and its files in one request. Text fields first — `procedureCode`, `receivingUnitId`, `returnMethod`, `returnAddress`, `data` (the e-form data as JSON text) and, optionally, `files` (JSON, ids of earlier uploads) — then one file part per attached file, named `files.<componentCode>` (repeat it for several files of a component). Each file is checked as it arrives (type from its content, the component's limits: 413 `file_too_large`, 422 `file_empty` / `file_type_not_allowed` at `files.<componentCode>`) and written to the file store while the rest is read and validated; the dossier, its files and its first event are then written at once and are durable before the reply. A refused request keeps no file. The fingerprint kept with the Idempotency-Key covers each file's SHA-256.",
].join("\n");

/** Field names of the multipart submission (besides the file parts `files.<componentCode>`). */
const SUBMIT_FIELDS = ["procedureCode", "receivingUnitId", "returnMethod", "returnAddress", "data", "files"] as const;
/** The largest file the transport reads for a component before refusing it as too large. */
const MAX_SUBMISSION_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Reads a multipart submission: its text fields into the JSON body's shape (validated against the same schema, so the
 * errors are the JSON route's), its files staged through the one upload pipeline as they stream in, under the limits
 * of their component (src/http/form-body.ts). A refused file or a malformed body leaves nothing stored.
 */
async function readSubmissionForm(req: FastifyRequest, deps: Deps): Promise<Omit<SubmitInput, "idempotencyKey">> {
  const staged: NonNullable<SubmitInput["uploads"]> = [];
  try {
    const form = await readFormBody(req, deps, {
      maxFileBytes: Math.max(deps.config.maxUploadBytes, MAX_SUBMISSION_FILE_BYTES),
      maxFields: SUBMIT_FIELDS.length * 2,
      files: {
        owner: { kind: "citizen", id: null },
        throwFileErrors: true,
        limitsFor: async (field, before) => {
          if (!field.startsWith("files.")) return null;
          const code = formValue({ fields: [...before] }, "procedureCode");
          if (!code) return limitsOf(undefined);
          const proc = await loadOnlineProcedure(deps, code);
          return limitsOf(proc.components.find((c) => c.code === field.slice(6)));
        },
        pathOf: (field) => field,
        store: async (input, limits, path) => {
          const file = await stageUpload(deps, input, { limits, path });
          staged.push({ componentCode: path.slice(6), file });
          return file;
        },
      },
    });
    const body: Record<string, unknown> = {};
    for (const name of SUBMIT_FIELDS) {
      const v = formValue(form, name);
      if (v === undefined || (v === "" && name !== "data")) continue;
      body[name] = name === "data" || name === "files" ? parseJsonField(v, `body.${name}`) : v;
    }
    const validate = req.compileValidationSchema(SubmitBody, "body");
    if (!validate(body))
      throw Object.assign(new Error("body validation"), {
        statusCode: 400,
        validation: validate.errors ?? [],
        validationContext: "body",
      });
    return { ...(body as Static<typeof SubmitBody>), uploads: staged };
  } catch (e) {
    await discardStaged(
      deps,
      staged.map((u) => u.file),
    );
    throw e;
  }
}

/** A JSON text field; text that is not JSON stays text, so that the schema names the field. */
function parseJsonField(v: string, path: string): unknown {
  try {
    return cleanValue(JSON.parse(v), path);
  } catch (e) {
    if (e instanceof SyntaxError) return v;
    throw e;
  }
}

/** The OpenAPI document of POST /api/dossiers with its multipart form beside the JSON one. */
const withMultipartSubmitDoc: SwaggerTransform = ({ schema, url }) => {
  const body = (schema as { body: { content: Record<string, unknown> } }).body;
  const multipart = Type.Object(
    {
      procedureCode: Type.String({ description: "National procedure code, e.g. 1.001193" }),
      receivingUnitId: Type.Optional(Type.String({ format: "uuid" })),
      returnMethod: Type.Optional(ReturnMethod),
      returnAddress: Type.Optional(Type.String({ maxLength: 500 })),
      data: Type.String({ description: "The e-form data as JSON text (an object), validated against the e-form" }),
      files: Type.Optional(
        Type.String({ description: "JSON: [{componentCode, fileId}] of files uploaded before (POST /api/uploads)" }),
      ),
    },
    {
      patternProperties: {
        "^files\\..+$": Type.Array(Type.String({ format: "binary" }), {
          description: "The files of one component: part name `files.<componentCode>`, one part per file",
        }),
      },
    },
  );
  return {
    url,
    schema: {
      ...schema,
      body: { content: { ...body.content, "multipart/form-data": { schema: multipart } } },
    },
  };
};

// ---------- routes ----------

export const submissionRoutes: RouteModule = (app, deps) => {
  // --- API: attachments ---
  app.post(
    "/api/uploads",
    {
      schema: {
        tags: ["portal"],
        summary: "Upload one attachment (multipart field `file`)",
        description:
          "The type is detected from the content, not the name. Pass `procedure` and `component` (query or fields before the file) to apply that component's limits. The file belongs to the logged-in citizen.",
        consumes: ["multipart/form-data"],
        querystring: Type.Object({
          procedure: Type.Optional(Type.String({ maxLength: 60 })),
          component: Type.Optional(Type.String({ maxLength: 60 })),
        }),
        response: { 201: StoredFileSchema, 401: ErrorBody, 404: ErrorBody, 413: ErrorBody, 422: ErrorBody },
      },
    },
    async (req, reply) => {
      const citizen = await requireCitizen(req, deps);
      if (!req.isMultipart()) throw noFileError();
      const { procedure, component } = req.query;
      const known = await uploadLimits(deps, procedure, component);
      const body = await readFormBody(req, deps, {
        maxFileBytes: Math.max(deps.config.maxUploadBytes, known.maxBytes),
        maxFiles: 1,
        files: {
          owner: { kind: "citizen", id: citizen.id },
          throwFileErrors: true,
          pathOf: () => "file",
          // the query's procedure and component, else the fields sent before the file
          limitsFor: (_field, before) => {
            const p = procedure ?? formValue({ fields: [...before] }, "procedure");
            const c = component ?? formValue({ fields: [...before] }, "component");
            return p === procedure && c === component ? known : uploadLimits(deps, p, c);
          },
        },
      });
      const file = body.files[0];
      if (!file) throw noFileError();
      const stored = { id: file.id, name: file.name, size: file.size, mime: file.mime, sha256: file.sha256 };
      return reply.code(201).send(stored);
    },
  );

  app.get(
    "/api/uploads/:id",
    {
      schema: {
        tags: ["portal"],
        summary: "Download one of my uploads",
        params: Type.Object({ id: Type.String({ maxLength: 60 }) }),
        response: {
          200: FileResponse("The file as uploaded", ["application/pdf", "image/jpeg", "image/png"]),
          401: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const citizen = await requireCitizen(req, deps);
      const f = await readOwnUpload(deps, citizen.id, req.params.id);
      if (!f) throw notFound("file_not_found");
      return sendAttachment(reply, { mime: f.row.mime, name: f.row.name, bytes: f.bytes });
    },
  );

  // --- API: drafts ---
  app.get(
    "/api/drafts",
    {
      schema: {
        tags: ["portal"],
        summary: "My drafts",
        response: {
          200: Type.Array(
            Type.Object({
              procedureCode: Type.String(),
              procedureName: Type.String(),
              updatedAt: DateTime,
            }),
          ),
          401: ErrorBody,
        },
      },
    },
    async (req) => {
      const citizen = await requireCitizen(req, deps);
      return listDrafts(deps, citizen.id);
    },
  );

  app.get(
    "/api/drafts/:code",
    {
      schema: {
        tags: ["portal"],
        summary: "My draft for a procedure (from any device)",
        params: CodeParams,
        response: { 200: DraftSchema, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const citizen = await requireCitizen(req, deps);
      const d = await getDraft(deps, citizen.id, req.params.code);
      if (!d) throw notFound("draft_not_found");
      return d;
    },
  );

  app.put(
    "/api/drafts/:code",
    {
      schema: {
        tags: ["portal"],
        summary: "Save my draft for a procedure",
        description: "Keeps what was typed (not validated yet), only the e-form's keys, and only my own uploads.",
        params: CodeParams,
        body: DraftBody,
        response: { 200: DraftSchema, 401: ErrorBody, 404: ErrorBody, 422: ErrorBody },
      },
    },
    async (req) => {
      const citizen = await requireCitizen(req, deps);
      return saveDraft(deps, citizen.id, req.params.code, req.body);
    },
  );

  app.delete(
    "/api/drafts/:code",
    {
      schema: {
        tags: ["portal"],
        summary: "Delete my draft for a procedure",
        params: CodeParams,
        response: { 204: NoContent, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const citizen = await requireCitizen(req, deps);
      const gone = await deleteDraft(deps, citizen.id, req.params.code);
      if (!gone) throw notFound("draft_not_found");
      return reply.code(204).send();
    },
  );

  // --- API: submission ---
  app.post(
    "/api/dossiers",
    {
      schema: {
        tags: ["portal"],
        summary: "Submit a dossier online",
        description: SUBMIT_DESCRIPTION,
        headers: Type.Object({ "idempotency-key": Type.Optional(Type.String({ maxLength: 200 })) }),
        // JSON is validated here; a multipart body is read by the handler and its fields validated against the same
        // schema (its documentation is added below, swaggerTransform)
        body: { content: { "application/json": { schema: SubmitBody } } } as unknown as typeof SubmitBody,
        response: {
          200: SubmittedSchema,
          201: SubmittedSchema,
          400: ErrorBody,
          401: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          413: ErrorBody,
          422: ErrorBody,
        },
      },
      config: { swaggerTransform: withMultipartSubmitDoc },
    },
    async (req, reply) => {
      const citizen = await requireCitizen(req, deps);
      const key = req.headers["idempotency-key"];
      const idempotencyKey = typeof key === "string" ? key : undefined;
      const input: SubmitInput = req.isMultipart()
        ? { ...(await readSubmissionForm(req, deps)), idempotencyKey }
        : { ...(req.body as Static<typeof SubmitBody>), idempotencyKey };
      const result = await submitDossier(deps, citizen, input, { ip: req.ip });
      return reply
        .code(result.created ? 201 : 200)
        .send({ ...result.dossier, statusName: pick(result.dossier.statusName, req.lang) });
    },
  );

  // --- pages ---
  app.get<{ Params: { code: string } }>("/nop-ho-so/:code", { schema: { hide: true } }, async (req, reply) => {
    const citizen = await currentCitizen(req, deps);
    if (!citizen) return loginRedirect(req, reply);
    const proc = await loadOnlineProcedure(deps, req.params.code);
    checkApplicantType(proc, citizen.kind);
    const prefill = prefillFromAccount(proc.eform, citizen);
    const draft = await getDraft(deps, citizen.id, proc.code);
    const state: FormState = draft
      ? {
          data: { ...prefill, ...draft.data },
          files: await attachedFiles(deps, citizen.id, draft.files),
          receivingUnitId: draft.receivingUnitId,
          returnMethod: draft.returnMethod,
          returnAddress: draft.returnAddress,
        }
      : { data: prefill, files: {} };
    const notice = draft
      ? { kind: "info" as const, text: tx(pageText.draftRestored, req.lang, { at: formatDateTime(draft.updatedAt) }) }
      : Object.keys(prefill).length
        ? { kind: "info" as const, text: tx(pageText.prefilled, req.lang) }
        : undefined;
    return formPage(req, reply, deps, citizen, proc, state, [], notice);
  });

  app.post<{ Params: { code: string } }>("/nop-ho-so/:code", { schema: { hide: true } }, async (req, reply) => {
    const citizen = await currentCitizen(req, deps);
    if (!citizen) return loginRedirect(req, reply, `/nop-ho-so/${encodeURIComponent(req.params.code)}`);
    const proc = await loadOnlineProcedure(deps, req.params.code);
    const form = await readHtmlForm(req, deps, citizen, proc);
    const { entries } = form;
    const data = formEntriesToData(proc.eform, entries);
    const ids: Record<string, string[]> = {};
    const addId = (code: string, id: string) => {
      ids[code] = [...(ids[code] ?? []), id];
    };
    for (const [name, value] of entries) if (name.startsWith("files.") && isUuid(value)) addId(name.slice(6), value);
    for (const u of form.uploads) addId(u.component, u.file.id);
    const action = entry(entries, "_action") ?? "review";
    // "provide once": a document picked from the citizen's data warehouse joins the component's files (issue #7)
    const pickErrors: FieldMessage[] = [];
    if (action.startsWith("pick:")) {
      const [, code, documentId] = action.split(":");
      const picked = await pickIntoForm(deps, citizen, proc.components, code, documentId);
      if ("fileId" in picked) addId(code, picked.fileId);
      else pickErrors.push(...pickFields(picked.errors, req.lang));
    }
    if (action.startsWith("removeFile:")) {
      const [, code, id] = action.split(":");
      if (ids[code]) ids[code] = ids[code].filter((x) => x !== id);
    }
    const state: FormState = {
      data,
      files: await attachedFiles(deps, citizen.id, ids),
      receivingUnitId: entry(entries, "_unit") || null,
      returnMethod: entry(entries, "_return") || null,
      returnAddress: entry(entries, "_returnAddress") || null,
    };
    // Repeating groups without JavaScript: add or remove an item and show the form again.
    if (action.startsWith("add:")) {
      const arr = groupArray(state.data, action.slice(4));
      if (arr) arr.push({});
      return formPage(req, reply, deps, citizen, proc, state, form.uploadErrors);
    }
    if (action.startsWith("remove:")) {
      const m = /^(.*)\[(\d+)\]$/.exec(action.slice(7));
      const arr = m ? groupArray(state.data, m[1]) : undefined;
      if (arr && m) arr.splice(Number(m[2]), 1);
      return formPage(req, reply, deps, citizen, proc, state, form.uploadErrors);
    }
    if (action.startsWith("removeFile:") || action.startsWith("pick:"))
      return formPage(req, reply, deps, citizen, proc, state, [...form.uploadErrors, ...pickErrors]);
    // "provide once" from a national database: the answer fills the e-form; a failure says to go on by hand
    if (action === "registry:population" || action === "registry:business") {
      try {
        const { data } = await lookUpForEForm(deps, citizen, proc, action.slice(9) as "population" | "business");
        for (const [section, values] of Object.entries(data))
          state.data[section] = { ...((state.data[section] as object | undefined) ?? {}), ...(values as object) };
        return formPage(req, reply, deps, citizen, proc, state, form.uploadErrors, {
          kind: "ok",
          text: tx(pageText.prefilledFromRegistry, req.lang),
        });
      } catch (e) {
        if (!(e instanceof AppError) || (e.status >= 500 && e.status !== 503)) throw e;
        return formPage(req, reply, deps, citizen, proc, state, form.uploadErrors, {
          kind: "info",
          text: pick(e.text, req.lang),
        });
      }
    }

    const draftInput = {
      data: state.data,
      files: fileIds(state.files),
      receivingUnitId: state.receivingUnitId,
      returnMethod: state.returnMethod as "online" | "counter" | "post" | null,
      returnAddress: state.returnAddress,
    };
    if (action === "draft") {
      const saved = await saveDraft(deps, citizen.id, proc.code, draftInput);
      return formPage(req, reply, deps, citizen, proc, state, form.uploadErrors, {
        kind: "ok",
        text: tx(pageText.draftSaved, req.lang, { at: formatDateTime(saved.updatedAt) }),
      });
    }

    // Continue: validate everything exactly as the submission will, then show the review step.
    const input: SubmitInput = {
      procedureCode: proc.code,
      receivingUnitId: state.receivingUnitId ?? undefined,
      data: state.data,
      files: flatFiles(fileIds(state.files)),
      returnMethod: ["online", "counter", "post"].includes(state.returnMethod ?? "")
        ? (state.returnMethod as SubmitInput["returnMethod"])
        : undefined,
      returnAddress: state.returnAddress ?? undefined,
    };
    let checked: Awaited<ReturnType<typeof checkSubmission>>;
    try {
      checked = await checkSubmission(deps, citizen, input);
    } catch (e) {
      if (e instanceof AppError && e.status === 422 && e.fields.length)
        return formPage(req, reply, deps, citizen, proc, state, [
          ...form.uploadErrors,
          ...pickFields(e.fields, req.lang),
        ]);
      throw e;
    }
    if (form.uploadErrors.length) return formPage(req, reply, deps, citizen, proc, state, form.uploadErrors);
    await saveDraft(deps, citizen.id, proc.code, {
      ...draftInput,
      receivingUnitId: checked.unitId,
      returnMethod: checked.returnMethod,
    });
    const unit = (await receivingUnits(deps, proc)).find((u) => u.id === checked.unitId)!;
    return sendPage(req, reply, citizen, {
      title: `${tx(pageText.reviewTitle, req.lang)}: ${proc.name}`,
      body: renderReview({
        lang: req.lang,
        procedure: { code: proc.code, name: proc.name, eform: proc.eform, components: proc.components },
        unit,
        state: { ...state, returnMethod: checked.returnMethod, returnAddress: checked.returnAddress },
        idempotencyKey: randomUUID(),
      }),
    });
  });

  app.post<{ Params: { code: string }; Body: { _idem?: string } }>(
    "/nop-ho-so/:code/nop",
    { schema: { hide: true } },
    async (req, reply) => {
      const citizen = await currentCitizen(req, deps);
      const formUrl = `/nop-ho-so/${encodeURIComponent(req.params.code)}`;
      if (!citizen) return loginRedirect(req, reply, formUrl);
      const proc = await loadOnlineProcedure(deps, req.params.code);
      const key = typeof req.body?._idem === "string" && req.body._idem ? req.body._idem : randomUUID();
      const draft = await getDraft(deps, citizen.id, proc.code);
      if (!draft) {
        // Submitted already (the draft went with it): a second click or a retry lands on the same dossier.
        const done = await findByKey(deps.db, citizen.id, key);
        if (done) return reply.redirect(`${formUrl}/da-nop/${done.id}${langQs(req.lang)}`, 303);
      }
      try {
        const result = await submitDossier(
          deps,
          citizen,
          {
            procedureCode: proc.code,
            receivingUnitId: draft?.receivingUnitId ?? undefined,
            data: draft?.data ?? {},
            files: flatFiles(draft?.files ?? {}),
            returnMethod: draft?.returnMethod ?? undefined,
            returnAddress: draft?.returnAddress ?? undefined,
            idempotencyKey: key,
          },
          { ip: req.ip },
        );
        return reply.redirect(`${formUrl}/da-nop/${result.dossier.id}${langQs(req.lang)}`, 303);
      } catch (e) {
        if (!(e instanceof AppError && e.status === 422 && e.fields.length)) throw e;
        if (!draft) return reply.redirect(`${formUrl}${langQs(req.lang)}`, 303);
        const state: FormState = {
          data: draft.data,
          files: await attachedFiles(deps, citizen.id, draft.files),
          receivingUnitId: draft.receivingUnitId,
          returnMethod: draft.returnMethod,
          returnAddress: draft.returnAddress,
        };
        return formPage(req, reply, deps, citizen, proc, state, pickFields(e.fields, req.lang));
      }
    },
  );

  app.get<{ Params: { code: string; id: string } }>(
    "/nop-ho-so/:code/da-nop/:id",
    { schema: { hide: true } },
    async (req, reply) => {
      const citizen = await currentCitizen(req, deps);
      if (!citizen) return loginRedirect(req, reply);
      const d = await getMyDossier(deps, citizen.id, req.params.id);
      return sendPage(req, reply, citizen, {
        title: tx(pageText.successTitle, req.lang),
        body: renderSuccess(
          {
            id: d.id,
            reference: d.reference,
            statusName: pick(d.statusName, req.lang),
            procedureName: d.procedureName,
          },
          req.lang,
          await postalSection(deps, d.id, req.lang),
        ),
      });
    },
  );
};
