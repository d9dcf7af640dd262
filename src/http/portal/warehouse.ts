/**
 * The citizen's data warehouse (issue #7): the "Kho dữ liệu" page and its API — list, download, keep an upload, and
 * pick a document for a submission ("provide once"; the picked file is then named in the submission like an upload).
 * A citizen reaches only their own documents: another's is answered as unknown (404).
 */
import { type Static, Type } from "@sinclair/typebox";
import { DOCUMENT_KIND_NAMES } from "../../domain/catalogue-rules.js";
import { loadOnlineProcedure } from "../../app/submission.js";
import {
  holderOf,
  keepUpload,
  listWarehouse,
  pickableByKind,
  pickFromWarehouse,
  readWarehouseDocument,
  type WarehouseDocument,
} from "../../app/warehouse.js";
import type { Citizen } from "../../app/actors.js";
import type { Deps } from "../../app/deps.js";
import { AppError, type FieldError } from "../../app/errors.js";
import type { Component } from "../../domain/catalogue.js";
import { pick } from "../../shared/text.js";
import { page } from "../../web/layout.js";
import { renderWarehouse, WAREHOUSE_TEXT } from "../../web/portal/warehouse.js";
import { currentCitizen, requireCitizen } from "../citizen-auth.js";
import { DateTime, ErrorBody, FileResponse, sendAttachment } from "../schemas.js";
import type { RouteModule } from "../types.js";

const Kind = Type.Union(DOCUMENT_KIND_NAMES.map((k) => Type.Literal(k)));

const DocumentSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  source: Type.Union([Type.Literal("result"), Type.Literal("digitised"), Type.Literal("kept")]),
  kind: Type.Union([Type.String(), Type.Null()], {
    description: "Kind of paper (DOCUMENT_KINDS), matched with components",
  }),
  title: Type.String(),
  fileName: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  data: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
    description: "Structured data of a result, where the procedure defines it",
  }),
  dossierCode: Type.Union([Type.String(), Type.Null()]),
  validFrom: DateTime,
  validUntil: Type.Union([DateTime, Type.Null()]),
  valid: Type.Boolean(),
});

const StoredFileSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  name: Type.String(),
  size: Type.Integer(),
  mime: Type.String(),
  sha256: Type.String(),
});

const KeepBody = Type.Object(
  {
    fileId: Type.String({ format: "uuid", description: "One of my uploads (POST /api/uploads)" }),
    kind: Type.Optional(Kind),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    validUntil: Type.Optional(Type.String({ format: "date", description: "Last day of validity, if any" })),
  },
  { additionalProperties: false },
);

const PickBody = Type.Object(
  {
    procedureCode: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    componentCode: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  },
  { additionalProperties: false },
);

const IdParams = Type.Object({ id: Type.String({ maxLength: 60 }) });

const api = (d: WarehouseDocument) => ({ ...d, kindName: undefined });

/** The citizen's valid documents each component of a procedure may take (by component code), for the HTML form. */
export async function warehouseChoices(deps: Deps, citizen: Citizen, components: Component[]) {
  const kinds = components.filter((c) => c.kind && !c.declaration).map((c) => c.kind!);
  const byKind = await pickableByKind(deps, citizen, kinds);
  const out: Record<string, WarehouseDocument[]> = {};
  for (const c of components) if (c.kind && byKind.has(c.kind)) out[c.code] = byKind.get(c.kind)!;
  return out;
}

/** Picks a document for one component of the HTML form: the file to attach, or the refusal to show at the field. */
export async function pickIntoForm(
  deps: Deps,
  citizen: Citizen,
  components: Component[],
  componentCode: string,
  documentId: string,
): Promise<{ fileId: string } | { errors: FieldError[] }> {
  const component = components.find((c) => c.code === componentCode);
  const path = `files.${componentCode}`;
  if (!component) return { errors: [] };
  try {
    return { fileId: (await pickFromWarehouse(deps, citizen, documentId, component, path)).id };
  } catch (e) {
    if (e instanceof AppError && e.status < 500) return { errors: [{ path, text: e.text }] };
    throw e;
  }
}

export const warehouseRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/warehouse",
    {
      schema: {
        tags: ["portal"],
        summary: "My data warehouse: results and digitised papers, with validity",
        querystring: Type.Object({ kind: Type.Optional(Kind) }),
        response: { 200: Type.Array(DocumentSchema), 401: ErrorBody },
      },
    },
    async (req) => {
      const citizen = await requireCitizen(req, deps);
      return (await listWarehouse(deps, citizen, { kind: req.query.kind })).map(api);
    },
  );

  app.get(
    "/api/warehouse/:id/file",
    {
      schema: {
        tags: ["portal"],
        summary: "Download one of my warehouse documents",
        params: IdParams,
        response: {
          200: FileResponse("The document's file", ["application/pdf", "image/jpeg", "image/png"]),
          401: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const citizen = await requireCitizen(req, deps);
      const { doc, bytes } = await readWarehouseDocument(deps, citizen, req.params.id);
      return sendAttachment(reply, { mime: doc.mime, name: doc.fileName, bytes });
    },
  );

  app.post(
    "/api/warehouse",
    {
      schema: {
        tags: ["portal"],
        summary: "Keep one of my uploads in my data warehouse",
        body: KeepBody,
        response: { 201: DocumentSchema, 401: ErrorBody, 422: ErrorBody },
      },
    },
    async (req, reply) => {
      const citizen = await requireCitizen(req, deps);
      const b = req.body as Static<typeof KeepBody>;
      const until = b.validUntil ? new Date(`${b.validUntil}T23:59:59+07:00`) : null;
      const doc = await keepUpload(deps, citizen, {
        fileId: b.fileId,
        kind: b.kind,
        title: b.title,
        validUntil: until,
      });
      return reply.code(201).send(api(doc));
    },
  );

  app.post(
    "/api/warehouse/:id/pick",
    {
      schema: {
        tags: ["portal"],
        summary: "Pick one of my warehouse documents for a submission (provide once)",
        description:
          "Verifies the document's stored bytes and returns a file of mine over them, to be named in a submission (`files` of POST /api/dossiers) like an upload. With `procedureCode` and `componentCode`, the document must be of the kind that component asks for. Refused: another's or unknown document (404), expired (422 `warehouse_document_expired`), another kind (422 `warehouse_document_wrong_kind`).",
        params: IdParams,
        body: PickBody,
        response: { 200: StoredFileSchema, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody },
      },
    },
    async (req) => {
      const citizen = await requireCitizen(req, deps);
      const b = (req.body ?? {}) as Static<typeof PickBody>;
      let component: Parameters<typeof pickFromWarehouse>[3];
      if (b.componentCode) {
        if (!b.procedureCode)
          throw new AppError(
            422,
            "validation_failed",
            { vi: "Thiếu mã thủ tục.", en: "The procedure code is missing." },
            [{ path: "procedureCode", text: { vi: "Thiếu mã thủ tục.", en: "The procedure code is missing." } }],
          );
        const proc = await loadOnlineProcedure(deps, b.procedureCode);
        component = proc.components.find((c) => c.code === b.componentCode);
        if (!component)
          throw new AppError(422, "component_not_found", {
            vi: `Thủ tục không có thành phần hồ sơ mã “${b.componentCode}”.`,
            en: `The procedure has no dossier component with code “${b.componentCode}”.`,
          });
      }
      return pickFromWarehouse(deps, citizen, req.params.id, component);
    },
  );

  app.get("/kho-du-lieu", { schema: { hide: true } }, async (req, reply) => {
    const citizen = await currentCitizen(req, deps);
    if (!citizen) return reply.redirect(`/dang-nhap?next=${encodeURIComponent(req.url)}`, 303);
    const docs = await listWarehouse(deps, citizen);
    return reply.type("text/html; charset=utf-8").send(
      page({
        brand: req.brand,
        title: pick(WAREHOUSE_TEXT.title, req.lang),
        lang: req.lang,
        url: req.url,
        body: renderWarehouse(docs, { lang: req.lang, hasHolder: holderOf(citizen) !== undefined }),
        area: "portal",
        user: { name: citizen.name },
      }),
    );
  });
};
