import { type Static, Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import {
  type CatalogueProcedure,
  catalogueStats,
  listFields,
  listUnits,
  popularProcedures,
  type PublishedProcedure,
  publishedView,
  searchProcedures,
} from "../../app/catalogue.js";
import type { Deps } from "../../app/deps.js";
import { notFound } from "../../app/errors.js";
import { templateFile } from "../../app/templates.js";
import type { OnlineFilter } from "../../domain/search.js";
import { pick } from "../../shared/text.js";
import { page } from "../../web/layout.js";
import type { CatalogueFilters } from "../../web/portal/components.js";
import { renderError, errorTitle } from "../../web/portal/error.js";
import { renderHome } from "../../web/portal/home.js";
import { LEVEL_SLUGS, ONLINE_SLUGS, L, tr } from "../../web/portal/labels.js";
import { procedureDescription, renderProcedure, TEMPLATE_FILE } from "../../web/portal/procedure.js";
import { renderSearch, searchTitle } from "../../web/portal/search.js";
import { currentCitizen } from "../citizen-auth.js";
import { KeptText } from "../kept-text.js";
import type { RouteModule } from "../types.js";
import { ErrorBody } from "../schemas.js";

// ---------- API schemas ----------

const LText = Type.Object({ vi: Type.String(), en: Type.Optional(Type.String()) });
const Level = Type.Union([
  Type.Literal("province"),
  Type.Literal("commune"),
  Type.Literal("ministry"),
  Type.Literal("sector"),
]);
const OnlineKind = Type.Union([Type.Literal("end_to_end"), Type.Literal("partial"), Type.Literal("none")]);
const TimeLimit = Type.Object({
  unit: Type.Union([Type.Literal("working_days"), Type.Literal("working_hours"), Type.Literal("immediate")]),
  value: Type.Number(),
  note: Type.Optional(Type.String()),
});
const FieldRef = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
});

const SearchQuerySchema = Type.Object({
  q: Type.Optional(
    Type.String({ maxLength: 200, description: "Words (with or without diacritics) or a national code" }),
  ),
  field: Type.Optional(Type.String({ maxLength: 60, description: "Field code" })),
  unit: Type.Optional(Type.String({ maxLength: 60, description: "Unit code (competent or implementing)" })),
  level: Type.Optional(Level),
  online: Type.Optional(
    Type.Union([Type.Literal("end_to_end"), Type.Literal("partial"), Type.Literal("none"), Type.Literal("available")], {
      description: "available = end_to_end or partial",
    }),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});

const ProcedureSummary = Type.Object({
  code: Type.String(),
  name: Type.String(),
  field: FieldRef,
  level: Level,
  onlineKind: OnlineKind,
  timeLimit: TimeLimit,
  score: Type.Number({ description: "Relevance; 0 when no words were given" }),
});

const SearchResponse = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(ProcedureSummary),
});

const UnitRefSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  level: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  receptionHours: Type.Union(
    [Type.Array(Type.Array(Type.Object({ start: Type.String(), end: Type.String() }))), Type.Null()],
    { description: "Reception hours, Monday first, when they differ from the working time; null otherwise" },
  ),
});

const EFormFieldSchema = Type.Object(
  {
    key: Type.String(),
    type: Type.String(),
    label: LText,
    help: Type.Optional(LText),
    required: Type.Optional(Type.Boolean()),
    options: Type.Optional(Type.Array(Type.Object({ value: Type.String(), label: LText }))),
    fields: Type.Optional(
      Type.Array(
        Type.Object({ key: Type.String(), type: Type.String(), label: LText }, { additionalProperties: true }),
      ),
    ),
  },
  { additionalProperties: true },
);

const ProcedureDetail = Type.Object({
  code: Type.String(),
  name: Type.String(),
  version: Type.Integer(),
  field: FieldRef,
  level: Level,
  competentUnit: UnitRefSchema,
  implementingUnits: Type.Array(UnitRefSchema),
  applicantTypes: Type.Array(Type.Union([Type.Literal("citizen"), Type.Literal("business")])),
  description: Type.String(),
  requirements: Type.String(),
  timeLimit: TimeLimit,
  fees: Type.Array(Type.Object({ name: Type.String(), amount: Type.Number(), note: Type.Optional(Type.String()) })),
  components: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      form: Type.Union([
        Type.Literal("original"),
        Type.Literal("certified_copy"),
        Type.Literal("copy"),
        Type.Literal("original_or_copy"),
      ]),
      quantity: Type.Integer(),
      required: Type.Boolean(),
      declaration: Type.Optional(
        Type.Boolean({
          description: "The application form itself: made from the e-form when the dossier is created, not uploaded",
        }),
      ),
      note: Type.Optional(Type.String()),
      template: Type.Optional(Type.Object({ name: Type.String(), file: Type.String(), url: Type.String() })),
      maxBytes: Type.Integer(),
      accept: Type.Array(Type.String()),
    }),
  ),
  result: Type.Object({ name: Type.String(), electronic: Type.Boolean() }),
  legalBases: Type.Array(
    Type.Object({ number: Type.String(), title: Type.String(), date: Type.Optional(Type.String()) }),
  ),
  onlineKind: OnlineKind,
  onlineReason: Type.Union([Type.String(), Type.Null()]),
  submitUrl: Type.Union([Type.String(), Type.Null()], { description: "Where to submit online, when allowed" }),
  eform: Type.Object(
    {
      sections: Type.Array(
        Type.Object(
          { key: Type.String(), title: LText, fields: Type.Array(EFormFieldSchema) },
          { additionalProperties: true },
        ),
      ),
    },
    { additionalProperties: true },
  ),
  publishedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
});

const FieldsResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      nameEn: Type.Union([Type.String(), Type.Null()]),
      procedures: Type.Integer({ description: "Published procedures in the field" }),
    }),
  ),
});

const UnitsResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      shortName: Type.Union([Type.String(), Type.Null()]),
      kind: Type.String(),
      level: Type.String(),
      parentCode: Type.Union([Type.String(), Type.Null()]),
      procedures: Type.Integer({ description: "Published procedures the unit decides or carries out" }),
    }),
  ),
});

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_ACCEPT = ["application/pdf", "image/jpeg", "image/png"];

function summary(p: CatalogueProcedure, score: number): Static<typeof ProcedureSummary> {
  return {
    code: p.code,
    name: p.name,
    field: { code: p.fieldCode, name: p.fieldName, nameEn: p.fieldNameEn },
    level: p.level,
    onlineKind: p.onlineKind,
    timeLimit: p.timeLimit,
    score,
  };
}

function unitRef(u: PublishedProcedure["competentUnit"]): Static<typeof UnitRefSchema> {
  return {
    code: u.code,
    name: u.name,
    kind: u.kind,
    level: u.level,
    address: u.address,
    phone: u.phone,
    email: u.email,
    receptionHours: u.receptionHours,
  };
}

/** The public definition of a published version (the internal process is not part of it). */
export function publicDefinition(p: PublishedProcedure): Static<typeof ProcedureDetail> {
  return {
    code: p.code,
    name: p.name,
    version: p.version,
    field: { code: p.field.code, name: p.field.name, nameEn: p.field.nameEn },
    level: p.level,
    competentUnit: unitRef(p.competentUnit),
    implementingUnits: p.implementingUnits.map(unitRef),
    applicantTypes: p.applicantTypes,
    description: p.description,
    requirements: p.requirements,
    timeLimit: p.timeLimit,
    fees: p.fees,
    components: p.components.map((c) => ({
      code: c.code,
      name: c.name,
      form: c.form,
      quantity: c.quantity,
      required: c.required,
      ...(c.declaration ? { declaration: true } : {}),
      note: c.note,
      template:
        c.template && TEMPLATE_FILE.test(c.template.file)
          ? { name: c.template.name, file: c.template.file, url: `/mau-don/${c.template.file}` }
          : undefined,
      maxBytes: c.maxBytes ?? DEFAULT_MAX_BYTES,
      accept: c.accept ?? DEFAULT_ACCEPT,
    })),
    result: p.result,
    legalBases: p.legalBases,
    onlineKind: p.onlineKind,
    onlineReason: p.onlineReason,
    submitUrl: p.onlineKind !== "none" ? `/nop-ho-so/${encodeURIComponent(p.code)}` : null,
    eform: p.eform as Static<typeof ProcedureDetail>["eform"],
    publishedAt: p.publishedAt ? new Date(p.publishedAt).toISOString() : null,
  };
}

// ---------- page helpers ----------

const str = (v: unknown, max = 200): string | undefined => {
  if (typeof v !== "string") return undefined;
  const s = v.trim().slice(0, max);
  return s || undefined;
};

/** Reads the filters of /thu-tuc leniently: unknown values are ignored, never an error page. */
function pageFilters(query: Record<string, unknown>): CatalogueFilters {
  const level = str(query.cap, 20);
  const online = str(query["truc-tuyen"], 20);
  const levels = Object.values(LEVEL_SLUGS);
  const onlines = Object.values(ONLINE_SLUGS) as string[];
  const pageNo = Number.parseInt(str(query.trang, 6) ?? "1", 10);
  return {
    q: str(query.q),
    field: str(query["linh-vuc"], 60),
    unit: str(query["don-vi"], 60),
    level: level ? (LEVEL_SLUGS[level] ?? (levels.includes(level) ? level : undefined)) : undefined,
    online: online ? (ONLINE_SLUGS[online] ?? (onlines.includes(online) ? online : undefined)) : undefined,
    page: Number.isFinite(pageNo) && pageNo >= 1 ? Math.min(pageNo, 10000) : 1,
  };
}

const splitUrl = (url: string): [string, string] => {
  const i = url.indexOf("?");
  return i < 0 ? [url, ""] : [url.slice(0, i), url.slice(i + 1)];
};

async function sendPage(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: Deps,
  o: { title: string; description?: string; body: ReturnType<typeof renderHome> },
) {
  const citizen = await currentCitizen(req, deps);
  return reply.type("text/html; charset=utf-8").send(
    page({
      brand: req.brand,
      title: o.title,
      description: o.description,
      lang: req.lang,
      url: req.url,
      body: o.body,
      area: "portal",
      user: citizen ? { name: citizen.name } : null,
    }),
  );
}

export const catalogueRoutes: RouteModule = (app, deps) => {
  app.errorPage = (req, status, message) =>
    page({
      brand: req.brand,
      title: errorTitle(status, req.lang),
      lang: req.lang,
      url: req.url,
      area: req.url.startsWith("/office") ? "office" : "portal",
      body: renderError(status, message, req.lang, req.id),
    });

  // ---------- pages ----------

  app.get("/", { schema: { hide: true } }, async (req, reply) => {
    const [stats, fields, popular, e2e] = await Promise.all([
      catalogueStats(deps),
      listFields(deps),
      popularProcedures(deps, 8),
      searchProcedures(deps, { online: "end_to_end", pageSize: 10 }),
    ]);
    const lang = req.lang;
    return sendPage(req, reply, deps, {
      title: lang === "vi" ? "Tra cứu và nộp hồ sơ thủ tục hành chính trực tuyến" : "Find procedures and submit online",
      description: pick(L.portalLead, lang),
      body: renderHome(
        {
          stats,
          fields,
          popular,
          endToEnd: e2e.items.map((h) => h.doc),
          siteTitle: lang === "vi" ? "Dịch vụ công trực tuyến" : "Online public services",
        },
        lang,
      ),
    });
  });

  app.get("/thu-tuc", { schema: { hide: true } }, async (req, reply) => {
    const filters = pageFilters(req.query as Record<string, unknown>);
    const pageSize = filters.q ? 20 : 50;
    const query = {
      q: filters.q,
      field: filters.field,
      unit: filters.unit,
      level: filters.level,
      online: filters.online as OnlineFilter | undefined,
      pageSize,
    };
    let result = await searchProcedures(deps, { ...query, page: filters.page });
    const pages = Math.max(1, Math.ceil(result.total / pageSize));
    if (result.total > 0 && (filters.page ?? 1) > pages) {
      filters.page = pages;
      result = await searchProcedures(deps, { ...query, page: pages });
    }
    const [fields, units] = await Promise.all([listFields(deps), listUnits(deps)]);
    const data = { filters, result, fields, units };
    const lang = req.lang;
    return sendPage(req, reply, deps, {
      title: searchTitle(data, lang),
      description:
        lang === "vi"
          ? "Danh mục thủ tục hành chính: tìm theo tên (có dấu hoặc không dấu), lĩnh vực, cơ quan, cấp thực hiện và hình thức trực tuyến."
          : "Catalogue of administrative procedures: search by name, field, agency, level and online service.",
      body: renderSearch(data, lang),
    });
  });

  app.get<{ Params: { code: string } }>("/thu-tuc/:code", { schema: { hide: true } }, async (req, reply) => {
    // The page of a published version is rendered once per catalogue snapshot and language (publishedView); the
    // whole page is kept too for visitors who are not logged in and open the plain address (or ?lang=…), which is
    // what almost every visitor does. Anything else wraps the kept body in the page shell per request.
    const { code } = req.params;
    const lang = req.lang;
    const content = await publishedView(deps, code, `content:${lang}`, (p) => ({
      title: `${p.name} (${p.code})`,
      description: procedureDescription(p, lang),
      body: renderProcedure(p, lang, deps.config.baseUrl),
    }));
    if (!content) {
      reply.code(404);
      return sendPage(req, reply, deps, {
        title: tr("pageNotFound", lang),
        body: renderError(404, tr("procedureNotFound", lang), lang, req.id),
      });
    }
    const citizen = await currentCitizen(req, deps);
    const [path, query] = splitUrl(req.url);
    if (!citizen && path === `/thu-tuc/${code}` && (query === "" || query === "lang=vi" || query === "lang=en")) {
      const whole = await publishedView(
        deps,
        code,
        `page:${lang}:${query}`,
        () =>
          new KeptText(
            page({ brand: req.brand, ...content, lang, url: req.url, area: "portal", user: null }),
            "text/html; charset=utf-8",
          ),
      );
      if (whole !== undefined) return whole.send(req, reply);
    }
    return reply.type("text/html; charset=utf-8").send(
      page({
        brand: req.brand,
        ...content,
        lang,
        url: req.url,
        area: "portal",
        user: citizen ? { name: citizen.name } : null,
      }),
    );
  });

  app.get<{ Params: { file: string } }>("/mau-don/:file", { schema: { hide: true } }, async (req, reply) => {
    const f = await templateFile(deps, req.params.file);
    if (!f) throw notFound("template_not_found");
    return reply
      .type(f.type)
      .header("content-disposition", `attachment; filename="${req.params.file}"`)
      .header("cache-control", "public, max-age=86400")
      .header("x-content-type-options", "nosniff")
      .send(f.body);
  });

  // ---------- JSON API ----------

  app.get(
    "/api/procedures",
    {
      schema: {
        tags: ["catalogue"],
        summary: "Search the published procedures",
        description:
          "Ignores case and Vietnamese diacritics, tolerates small typos, ranks by relevance (a national code first). " +
          "Without q, lists in alphabetical order.",
        querystring: SearchQuerySchema,
        response: { 200: SearchResponse, 422: ErrorBody },
      },
    },
    async (req) => {
      const r = await searchProcedures(deps, {
        q: req.query.q,
        field: req.query.field,
        unit: req.query.unit,
        level: req.query.level,
        online: req.query.online,
        page: req.query.page ?? 1,
        pageSize: req.query.pageSize ?? 20,
      });
      return { total: r.total, page: r.page, pageSize: r.pageSize, items: r.items.map((h) => summary(h.doc, h.score)) };
    },
  );

  app.get(
    "/api/procedures/:code",
    {
      schema: {
        tags: ["catalogue"],
        summary: "The published definition of a procedure, with its components and e-form",
        params: Type.Object({ code: Type.String({ maxLength: 60, description: "National code, e.g. 1.001193" }) }),
        response: { 200: ProcedureDetail, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      // Serialised once per catalogue snapshot, with this route's response schema (see publishedView).
      const json = await publishedView(deps, req.params.code, "api", (p) => reply.serialize(publicDefinition(p)));
      if (json === undefined) throw notFound("procedure_not_found");
      // A string with a JSON content type is sent as is (the schema's serialiser already ran).
      return (reply as FastifyReply).type("application/json; charset=utf-8").send(json);
    },
  );

  app.get(
    "/api/fields",
    {
      schema: {
        tags: ["catalogue"],
        summary: "Fields (lĩnh vực) with their published procedure counts",
        response: { 200: FieldsResponse },
      },
    },
    async () => ({
      items: (await listFields(deps)).map((f) => ({
        code: f.code,
        name: f.name,
        nameEn: f.nameEn,
        procedures: f.procedures,
      })),
    }),
  );

  app.get(
    "/api/units",
    {
      schema: {
        tags: ["catalogue"],
        summary: "Units (agencies) with their identifier codes",
        response: { 200: UnitsResponse },
      },
    },
    async () => {
      const units = await listUnits(deps);
      const codeById = new Map(units.map((u) => [u.id, u.code]));
      return {
        items: units.map((u) => ({
          code: u.code,
          name: u.name,
          shortName: u.shortName,
          kind: u.kind,
          level: u.level,
          parentCode: u.parentId ? (codeById.get(u.parentId) ?? null) : null,
          procedures: u.procedures,
        })),
      };
    },
  );
};
