/**
 * The office JSON API (tag "office"): the work queue, the dossier with the actions allowed now, one route per action
 * (validated with the same TypeBox schemas as the use cases), counter/postal intake, uploads, files and forms; the
 * applicant's supplement and withdrawal (tag "portal"); and the administrator's calendar edit (tag "admin").
 * Routes are thin: authenticate, call the use case, present. Office errors are returned in the caller's language.
 */
import { type TSchema, Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { setCalendarDay } from "../../app/calendar.js";
import type { Deps } from "../../app/deps.js";
import { closeRenderPool } from "../../docs/render-pool.js";
import {
  ACTION_INPUTS,
  ACTION_LABELS,
  citizenSupplement,
  citizenWithdraw,
  formsSettled,
  getDossierDetail,
  getForm,
  getLogbook,
  getQueue,
  IntakeInput,
  intake,
  lawExceptions,
  OFFICER_ACTIONS,
  performAction,
  QueueFilters,
  readFileForOfficer,
} from "../../app/office/index.js";
import { invalidInput, parseInput } from "../../app/office/errors.js";
import { FileRef } from "../../app/office/schemas.js";
import { requireCitizen } from "../citizen-auth.js";
import { requireOfficer } from "../officer-auth.js";
import type { RouteModule } from "../types.js";
import { readFormBody } from "../form-body.js";
import { ErrorBody, FileResponse } from "../schemas.js";

export { ErrorBody };

const LTextSchema = Type.Object({ vi: Type.String(), en: Type.Optional(Type.String()) });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Open = (props: Record<string, TSchema> = {}, description?: string) =>
  Type.Object(props, { additionalProperties: true, description });

const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

const QueueItemSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  code: Nullable(Type.String()),
  reference: Type.String(),
  status: Type.Integer(),
  statusName: LTextSchema,
  channel: Type.String(),
  applicantName: Type.String(),
  procedureName: Type.String(),
  submittedAt: Type.String(),
  receivedAt: Nullable(Type.String()),
  dueAt: Nullable(Type.String()),
  stepDueAt: Nullable(Type.String()),
  dueState: Type.String(),
  currentStep: Nullable(Type.Integer()),
  assignee: Nullable(Type.Object({ id: Type.String(), name: Nullable(Type.String()) })),
  task: Type.Optional(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      name: Type.String(),
      dueAt: Nullable(Type.String()),
      lead: Type.Boolean(),
    }),
  ),
  postalDelivery: Type.Optional(
    Type.Object(
      { status: Type.String(), statusName: LTextSchema },
      { description: "The latest postal delivery of a processed dossier's result" },
    ),
  ),
});

export const QueueSchema = Type.Object({
  view: Type.String(),
  counts: Type.Object({
    byStatus: Type.Record(Type.String(), Type.Integer(), { description: "Dossiers of the view by status code" }),
    dueSoon: Type.Integer(),
    overdue: Type.Integer(),
    total: Type.Integer(),
  }),
  items: Type.Array(QueueItemSchema),
  total: Type.Integer(),
  totalCapped: Type.Boolean(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

const ActionFieldSchema = Type.Object({
  name: Type.String(),
  type: Type.String(),
  label: LTextSchema,
  required: Type.Boolean(),
  options: Type.Optional(Type.Array(Type.Object({ value: Type.String(), label: Type.String() }))),
  itemFields: Type.Optional(Type.Array(Type.Unknown(), { description: "Fields of each entry (same shape)" })),
  hint: Type.Optional(LTextSchema),
});

export const DetailSchema = Type.Object({
  dossier: Open(
    {
      id: Type.String(),
      code: Nullable(Type.String()),
      reference: Type.String(),
      status: Type.Integer(),
      statusName: LTextSchema,
      channel: Type.String(),
      dueAt: Nullable(Type.String()),
      dueState: Type.String(),
    },
    "The dossier's current row: status, applicant, e-form data, dates, current step, unit and assignee",
  ),
  procedure: Open({ code: Type.String(), name: Type.String() }, "The pinned procedure version: components, steps"),
  files: Type.Array(Open({ id: Type.String(), name: Type.String(), kind: Type.String(), url: Type.String() })),
  events: Type.Array(Open({ seq: Type.Integer(), type: Type.String(), at: Nullable(Type.String()) }), {
    description: "The history timeline (hash-chained events)",
  }),
  tasks: Type.Array(Open({ id: Type.String(), kind: Type.String(), status: Type.String() })),
  payments: Type.Array(Open()),
  postal: Type.Object(
    {
      choice: Type.Union([
        Open({ collect: Type.Boolean(), deliver: Type.Boolean(), address: Type.String() }),
        Type.Null(),
      ]),
      shipments: Type.Array(
        Open({
          kind: Type.String(),
          status: Type.String(),
          trackingNumber: Nullable(Type.String()),
          error: Nullable(Type.String()),
        }),
      ),
    },
    { description: "The applicant's public postal service choice and the shipments booked (collection, delivery)" },
  ),
  forms: Type.Array(Type.Object({ no: Type.String(), issuedAt: Nullable(Type.String()), url: Type.String() })),
  allowedActions: Type.Array(
    Type.Object({
      action: Type.String(),
      label: LTextSchema,
      input: Type.Object({ fields: Type.Array(ActionFieldSchema), schema: Open() }),
    }),
    { description: "The actions this officer may take now, with the fields each needs" },
  ),
});

const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
const ip = (req: FastifyRequest) => req.ip ?? null;

function sendPdf(reply: FastifyReply, file: { name: string; bytes: Buffer }) {
  return reply
    .header("content-type", "application/pdf")
    .header("content-disposition", `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header("cache-control", "private, no-store")
    .header("x-content-type-options", "nosniff")
    .send(file.bytes);
}

/**
 * Reads the multipart files of a request (field `file`, or `upload.<componentCode>`, or a `componentCode` field before
 * the file) and stores each for `owner`; the first refused file is the answer.
 */
async function readUploads(
  req: FastifyRequest,
  deps: Deps,
  owner: { kind: "officer" | "citizen"; id: string },
): Promise<{
  files: { id: string; name: string; mime: string; size: number; componentCode?: string }[];
  fields: Record<string, string>;
}> {
  const form = await readFormBody(req, deps, { files: { owner, throwFileErrors: true } });
  const last = (fields: Array<[string, string]>, name: string) => fields.findLast(([k]) => k === name)?.[1];
  const files = form.files.map((f) => {
    const code = f.field.startsWith("upload.")
      ? f.field.slice(7)
      : last(form.fields.slice(0, f.after), "componentCode");
    return { id: f.id, name: f.name, mime: f.mime, size: f.size, componentCode: code || undefined };
  });
  return { files, fields: Object.fromEntries(form.fields) };
}

export const officeApiRoutes: RouteModule = (app, deps) => {
  // forms still rendering in the background are finished before the server (and its database) closes
  app.addHook("onClose", async () => {
    await formsSettled(deps);
    // and the render pool's threads stop (the next render, by another app in this process, starts a new pool)
    await closeRenderPool();
  });

  app.get(
    "/api/office/queue",
    {
      schema: {
        tags: ["office"],
        summary: "The work queue of my unit",
        description:
          "Dossiers of the officer's unit with counts by status, due soon and overdue. Filters: status, due, procedure, channel, assignee=me; search by code, reference, ID number or name (accent-insensitive prefix). Paginated.",
        querystring: QueueFilters,
        response: { 200: QueueSchema, ...errors },
      },
    },
    async (req) => {
      const officer = await requireOfficer(req, deps);
      return getQueue(deps, officer, req.query);
    },
  );

  app.get(
    "/api/office/dossiers/:id",
    {
      schema: {
        tags: ["office"],
        summary: "A dossier with its history and the actions I may take now",
        params: IdParams,
        response: { 200: DetailSchema, ...errors },
      },
    },
    async (req) => {
      const officer = await requireOfficer(req, deps);
      return getDossierDetail(deps, officer, req.params.id, { ip: ip(req) });
    },
  );

  for (const action of OFFICER_ACTIONS) {
    app.post(
      `/api/office/dossiers/:id/actions/${action}`,
      {
        schema: {
          tags: ["office"],
          summary: `${ACTION_LABELS[action].en} (${ACTION_LABELS[action].vi})`,
          description:
            "Runs the action in one transaction and returns the dossier's new detail. 403: your role or unit may not do it; 404: the dossier is not in your units; 409: not allowed in the dossier's current state; 422: invalid input.",
          params: IdParams,
          body: ACTION_INPUTS[action],
          response: { 200: DetailSchema, ...errors },
        },
      },
      async (req) => {
        const officer = await requireOfficer(req, deps);
        return performAction(deps, officer, (req.params as { id: string }).id, action, req.body, { ip: ip(req) });
      },
    );
  }

  app.post(
    "/api/office/intake",
    {
      schema: {
        tags: ["office"],
        summary: "Counter or postal intake on behalf of an applicant",
        description:
          "Creates the dossier (channel counter or postal) with the scans uploaded through /api/office/uploads and, unless receive=false, receives it at once (code, due instant, form 01).",
        body: IntakeInput,
        response: { 201: DetailSchema, ...errors },
      },
    },
    async (req, reply) => {
      const officer = await requireOfficer(req, deps);
      const { id } = await intake(deps, officer, req.body, { ip: ip(req) });
      const detail = await getDossierDetail(deps, officer, id, { audit: false });
      return reply.code(201).send(detail);
    },
  );

  app.post(
    "/api/office/uploads",
    {
      schema: {
        tags: ["office"],
        summary: "Upload scans or result files (multipart)",
        description:
          "One or more files (PDF, JPEG, PNG; the type is detected from the content). Returns their ids to use in intake, results and supplements. The files belong to the uploading officer.",
        consumes: ["multipart/form-data"],
        response: {
          201: Type.Object({
            files: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                mime: Type.String(),
                size: Type.Integer(),
                componentCode: Type.Optional(Type.String()),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const officer = await requireOfficer(req, deps);
      if (!officer.roles.some((r) => r === "receiving" || r === "specialist" || r === "leader"))
        throw invalidInput([], {
          vi: "Tài khoản của bạn không được tải tệp lên hồ sơ.",
          en: "Your account may not upload files.",
        });
      if (!req.isMultipart())
        throw invalidInput([{ path: "file", text: { vi: "Chọn tệp để tải lên.", en: "Choose a file to upload." } }]);
      const { files } = await readUploads(req, deps, { kind: "officer", id: officer.id });
      if (files.length === 0)
        throw invalidInput([{ path: "file", text: { vi: "Chọn tệp để tải lên.", en: "Choose a file to upload." } }]);
      return reply.code(201).send({ files });
    },
  );

  app.get(
    "/api/office/files/:fileId",
    {
      schema: {
        tags: ["office"],
        summary: "View a file of a dossier I may see (inline)",
        params: Type.Object({ fileId: Type.String({ format: "uuid" }) }),
        response: {
          200: FileResponse("The file as stored", ["application/pdf", "image/jpeg", "image/png"]),
          401: ErrorBody,
          404: ErrorBody,
          422: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const officer = await requireOfficer(req, deps);
      const { file, bytes } = await readFileForOfficer(deps, officer, req.params.fileId, { ip: ip(req) });
      return reply
        .header("content-type", file.mime)
        .header("content-disposition", `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header("cache-control", "private, no-store")
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
        .send(bytes);
    },
  );

  app.get(
    "/api/office/dossiers/:id/forms/:no",
    {
      schema: {
        tags: ["office"],
        summary: "A form of the dossier as PDF (01–06)",
        description:
          "01 receipt and appointment, 02 supplement request, 03 refusal, 04 apology and extension, 05 stop notice (the latest issued), 06 control sheet (rendered now from the hand-overs).",
        params: Type.Object({
          id: Type.String({ format: "uuid" }),
          no: Type.Union(["01", "02", "03", "04", "05", "06"].map((n) => Type.Literal(n))),
        }),
        response: {
          200: FileResponse("The form", ["application/pdf"]),
          401: ErrorBody,
          404: ErrorBody,
          422: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const officer = await requireOfficer(req, deps);
      const file = await getForm(deps, officer, req.params.id, req.params.no, { ip: ip(req) });
      return sendPdf(reply, file);
    },
  );

  app.get(
    "/api/office/logbook",
    {
      schema: {
        tags: ["office"],
        summary: "The log book of my unit for a period (form 07, PDF)",
        querystring: Type.Object({
          from: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "First day (YYYY-MM-DD)" }),
          to: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "Last day (YYYY-MM-DD), same year" }),
        }),
        response: { 200: FileResponse("Form 07", ["application/pdf"]), 401: ErrorBody, 422: ErrorBody },
      },
    },
    async (req, reply) => {
      const officer = await requireOfficer(req, deps);
      const file = await getLogbook(deps, officer, req.query.from, req.query.to, { ip: ip(req) });
      return sendPdf(reply, file);
    },
  );

  app.get(
    "/api/office/reports/exceptions",
    {
      schema: {
        tags: ["office"],
        summary: "Exceptions to the law's limits recorded on my unit's dossiers in a period",
        description:
          "Supplement requests beyond the one a dossier may receive (allowed as an explicit exception with its legal basis where the rule set permits) and apologies (form 04) issued later than one working day before the due instant.",
        querystring: Type.Object({
          from: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "First day (YYYY-MM-DD)" }),
          to: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "Last day (YYYY-MM-DD)" }),
        }),
        response: {
          200: Type.Object({
            from: Type.String(),
            to: Type.String(),
            items: Type.Array(
              Type.Object({
                dossierId: Type.String({ format: "uuid" }),
                code: Nullable(Type.String()),
                kind: Type.Union([Type.Literal("supplement_exception"), Type.Literal("late_apology")]),
                at: Type.String(),
                actorName: Nullable(Type.String()),
                unitId: Nullable(Type.String()),
                detail: Open(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const officer = await requireOfficer(req, deps);
      return lawExceptions(deps, officer, req.query.from, req.query.to);
    },
  );

  // ---- the applicant's actions on their own dossier ----

  app.post(
    "/api/dossiers/:id/withdraw",
    {
      schema: {
        tags: ["portal"],
        summary: "Withdraw my dossier (before processing ends)",
        params: IdParams,
        body: Type.Optional(Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) })),
        response: { 200: Type.Object({ id: Type.String(), status: Type.Integer() }), ...errors },
      },
    },
    async (req) => {
      const citizen = await requireCitizen(req, deps);
      await citizenWithdraw(deps, citizen, req.params.id, (req.body ?? {}) as { reason?: string }, { ip: ip(req) });
      return { id: req.params.id, status: 7 };
    },
  );

  const SupplementJson = Type.Object({
    files: Type.Array(FileRef, { maxItems: 50, description: "Files uploaded with POST /api/uploads" }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  });
  app.post(
    "/api/dossiers/:id/supplement",
    {
      schema: {
        tags: ["portal"],
        summary: "Complete the requested supplement of my dossier",
        description:
          "JSON `{files: [{fileId, componentCode}], note}` with files uploaded through POST /api/uploads, or multipart with the files (field `upload.<componentCode>` or `file`) and a `note` field.",
        params: IdParams,
        response: { 200: Type.Object({ id: Type.String(), status: Type.Integer() }), ...errors },
      },
    },
    async (req) => {
      const citizen = await requireCitizen(req, deps);
      const id = (req.params as { id: string }).id;
      let input: { files: { fileId: string; componentCode?: string }[]; note?: string };
      if (req.isMultipart()) {
        const { files, fields } = await readUploads(req, deps, { kind: "citizen", id: citizen.id });
        input = { files: files.map((f) => ({ fileId: f.id, componentCode: f.componentCode })), note: fields.note };
      } else input = parseInput(SupplementJson, req.body);
      const { status } = await citizenSupplement(deps, citizen, id, input, { ip: ip(req) });
      return { id, status };
    },
  );

  // ---- administration ----

  app.put(
    "/api/admin/calendar/:day",
    {
      schema: {
        tags: ["admin"],
        summary: "Set or clear the working status of one day",
        description:
          "working true (a working day, e.g. a swapped Saturday), false (a day off), or null (remove the override: back to the rules). Administrators only; audited.",
        params: Type.Object({ day: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }) }),
        body: Type.Object({
          // one JSON type list (not anyOf): the validator's type coercion must not turn null into false
          working: Type.Unsafe<boolean | null>({ type: ["boolean", "null"], description: "true, false or null" }),
          reason: Type.String({ maxLength: 300 }),
        }),
        response: {
          200: Type.Object({
            day: Type.String(),
            working: Type.Unsafe<boolean | null>({ type: ["boolean", "null"] }),
            reason: Type.String(),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const officer = await requireOfficer(req, deps, ["admin"]);
      const working = req.body.working as boolean | null;
      await setCalendarDay(
        deps,
        { id: officer.id, unitId: officer.unitId, ip: req.ip },
        req.params.day,
        working,
        req.body.reason,
      );
      return { day: req.params.day, working, reason: req.body.reason };
    },
  );
};
