/**
 * The blank forms (mẫu đơn, tờ khai) that procedure components offer for download (issue #9: "components with
 * templates"): the demo's ship in src/demo/templates; an administrator uploads the province's own through the one
 * upload pipeline (PDF or DOCX by content), kept in the file store under a plain file name. The catalogue checker
 * knows both, and the portal serves both at /mau-don/<file>.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TEMPLATE_FILE } from "../domain/catalogue.js";
import { foldVietnamese } from "../domain/text-normalize.js";
import type { Officer } from "./actors.js";
import { authoriseOfficerAdmin } from "./admin/officers.js";
import type { Deps } from "./deps.js";
import { fileBytes } from "./file-bytes.js";
import { auditOfficer } from "./officers.js";
import { storeUpload, type UploadInput } from "./uploads.js";

export const TEMPLATES_DIR = fileURLToPath(new URL("../demo/templates/", import.meta.url));
const TYPES: Record<string, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};
const EXT: Record<string, string> = Object.fromEntries(Object.entries(TYPES).map(([e, m]) => [m, e]));
export const TEMPLATE_LIMITS = { accept: Object.values(TYPES), maxBytes: 5 * 1024 * 1024 };

/**
 * A blank template by file name from `dir`, or undefined. Only plain names like `to-khai-khai-sinh.pdf` are
 * accepted, so nothing outside the folder can be reached.
 */
export async function readTemplate(dir: string, name: string): Promise<{ body: Buffer; type: string } | undefined> {
  const m = TEMPLATE_FILE.exec(name);
  if (!m) return undefined;
  try {
    return { body: await readFile(join(dir, name)), type: TYPES[m[1]!]! };
  } catch {
    return undefined;
  }
}

let shipped: Promise<string[]> | undefined;
const shippedTemplates = () => {
  shipped ??= readdir(TEMPLATES_DIR).then((names) => names.filter((n) => TEMPLATE_FILE.test(n)).sort());
  return shipped;
};

/** Every template name components may use: the shipped ones and the uploaded ones. */
export async function templateNames(deps: Pick<Deps, "db">): Promise<Set<string>> {
  const [files, rows] = await Promise.all([
    shippedTemplates(),
    deps.db.selectFrom("catalogue_templates").select("file").execute(),
  ]);
  return new Set([...files, ...rows.map((r) => r.file)]);
}

/** The catalogue checker's question "does this template exist?", answered from one read of the names. */
export async function templateChecker(deps: Pick<Deps, "db">): Promise<(file: string) => boolean> {
  const names = await templateNames(deps);
  return (file) => names.has(file);
}

/** A template's bytes for the portal: shipped first, then uploaded; undefined when there is none. */
export async function templateFile(deps: Deps, name: string): Promise<{ body: Buffer; type: string } | undefined> {
  const m = TEMPLATE_FILE.exec(name);
  if (!m) return undefined;
  const local = await readTemplate(TEMPLATES_DIR, name);
  if (local) return local;
  const row = await deps.db
    .selectFrom("catalogue_templates as t")
    .innerJoin("files as f", "f.id", "t.file_id")
    .selectAll("f")
    .where("t.file", "=", name)
    .executeTakeFirst();
  if (!row) return undefined;
  return { body: Buffer.from(await fileBytes(deps, row)), type: TYPES[m[1]!]! };
}

export interface TemplateEntry {
  file: string;
  name: string;
  source: "shipped" | "uploaded";
  uploadedAt: Date | null;
}

export async function listCatalogueTemplates(deps: Deps, admin: Officer): Promise<TemplateEntry[]> {
  authoriseOfficerAdmin(admin);
  const rows = await deps.db
    .selectFrom("catalogue_templates")
    .select(["file", "name", "uploaded_at"])
    .orderBy("uploaded_at", "desc")
    .execute();
  return [
    ...rows.map((r) => ({ file: r.file, name: r.name, source: "uploaded" as const, uploadedAt: r.uploaded_at })),
    ...(await shippedTemplates()).map((f) => ({ file: f, name: f, source: "shipped" as const, uploadedAt: null })),
  ];
}

/** "Tờ khai đăng ký kết hôn (mẫu mới).pdf" → "to-khai-dang-ky-ket-hon-mau-moi" */
const slug = (s: string) =>
  foldVietnamese(s)
    .replace(/\.[a-z0-9]+$/, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80) || "mau";

/**
 * An administrator uploads a blank form (audited): checked by content (PDF or DOCX, at most 5 MB) by the upload
 * pipeline, named after its title in plain letters (a number added if the name is taken), and usable at once as a
 * component's template.
 */
export async function uploadCatalogueTemplate(
  deps: Deps,
  admin: Officer,
  input: UploadInput,
  title: string | undefined,
  ctx: { ip?: string | null } = {},
): Promise<TemplateEntry> {
  authoriseOfficerAdmin(admin);
  const stored = await storeUpload(deps, { kind: "officer", id: admin.id }, input, {
    limits: TEMPLATE_LIMITS,
    path: "template",
  });
  const ext = EXT[stored.mime] ?? "pdf";
  const name = title?.trim() || stored.name.replace(/\.[A-Za-z0-9]+$/, "");
  const taken = await templateNames(deps);
  const base = slug(name);
  let file = `${base}.${ext}`;
  for (let i = 2; taken.has(file); i++) file = `${base}-${i}.${ext}`;
  const row = await deps.db.transaction().execute(async (tx) => {
    const r = await tx
      .insertInto("catalogue_templates")
      .values({ file, name, file_id: stored.id, uploaded_by: admin.id })
      .returning(["file", "name", "uploaded_at"])
      .executeTakeFirstOrThrow();
    await auditOfficer(
      deps,
      {
        action: "catalogue_template.uploaded",
        actorId: admin.id,
        unitId: admin.unitId,
        target: file,
        ip: ctx.ip ?? null,
        data: { name, fileId: stored.id, size: stored.size, sha256: stored.sha256 },
      },
      tx,
    );
    return r;
  });
  return { file: row.file, name: row.name, source: "uploaded", uploadedAt: row.uploaded_at };
}
