import { invalidateCatalogue } from "../../src/app/catalogue.js";
import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { sql } from "kysely";
import type { Component } from "../../src/domain/catalogue.js";
import type { EForm } from "../../src/shared/eform.js";
import type { TestContext } from "../helpers/app.js";
import { insertTestProcedure, TEST_EFORM, type TestProcedure } from "../helpers/catalogue.js";
import type { TestCitizen } from "../helpers/citizen.js";

/** Shared fixtures of the online-submission tests: a procedure with a richer e-form, files, multipart bodies. */

export const SUBMIT_EFORM: EForm = {
  sections: [
    ...TEST_EFORM.sections,
    {
      key: "address",
      title: { vi: "Nơi cư trú", en: "Residence" },
      fields: [
        { key: "province", type: "province", label: { vi: "Tỉnh, thành phố", en: "Province" }, required: true },
        {
          key: "commune",
          type: "commune",
          label: { vi: "Xã, phường", en: "Commune" },
          required: true,
          provinceField: "province",
        },
      ],
    },
    {
      key: "family",
      title: { vi: "Gia đình", en: "Family" },
      fields: [
        {
          key: "children",
          type: "group",
          label: { vi: "Con", en: "Child" },
          maxItems: 3,
          fields: [
            { key: "fullName", type: "text", label: { vi: "Họ và tên", en: "Full name" }, required: true },
            { key: "birthDate", type: "date", label: { vi: "Ngày sinh", en: "Date of birth" }, dateRule: "past" },
          ],
        },
      ],
    },
  ],
};

export const SUBMIT_COMPONENTS: Component[] = [
  { code: "TK", name: "Tờ khai", form: "original", quantity: 1, required: true },
  {
    code: "GT",
    name: "Giấy tờ kèm theo",
    form: "copy",
    quantity: 1,
    required: false,
    maxBytes: 4096,
    accept: ["application/pdf"],
  },
];

/** The test procedure (9.999001) with the e-form and components above. */
export async function insertSubmitProcedure(ctx: TestContext, opts: { code?: string } = {}): Promise<TestProcedure> {
  const p = await insertTestProcedure(ctx.deps.db, { code: opts.code });
  await ctx.deps.db
    .updateTable("procedure_versions")
    .set({ eform: JSON.stringify(SUBMIT_EFORM), components: JSON.stringify(SUBMIT_COMPONENTS) })
    .where("id", "=", p.versionId)
    .execute();
  invalidateCatalogue(ctx.deps); // a published version changed in place (only a test does that)
  return p;
}

/** Valid data of SUBMIT_EFORM, keyed by section then field, as typed (normalised on submission). */
export const VALID_DATA = {
  applicant: { fullName: "Nguyễn Văn An", idNumber: "001090012345", birthDate: "12/05/1990", phone: "0912 345 678" },
  address: { province: "01", commune: "00004" },
  family: { children: [{ fullName: "Nguyễn Minh Khang", birthDate: "2015-09-02" }] },
};

export const PDF = () =>
  Buffer.from(`%PDF-1.4\n% ${randomBytes(8).toString("hex")}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
export const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082",
  "hex",
);
export const ZIP = Buffer.concat([Buffer.from("504b0304140000000800", "hex"), Buffer.alloc(100)]);
export const EXE = Buffer.concat([Buffer.from("4d5a90000300000004000000ffff0000", "hex"), Buffer.alloc(200)]);
export const HTML = Buffer.from("<!doctype html><html><body><script>alert(1)</script></body></html>");

export interface Part {
  name: string;
  value?: string;
  file?: { filename: string; content: Buffer; type?: string };
}

/** A multipart/form-data body for app.inject. */
export function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----motcua${randomBytes(8).toString("hex")}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if (p.file) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.file.filename}"\r\nContent-Type: ${p.file.type ?? "application/octet-stream"}\r\n\r\n`,
        ),
        p.file.content,
        Buffer.from("\r\n"),
      );
    } else {
      chunks.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value ?? ""}\r\n`),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

export async function upload(
  ctx: TestContext,
  who: TestCitizen | null,
  file: { filename: string; content: Buffer; type?: string },
  q: { procedure?: string; component?: string; lang?: string } = { procedure: "9.999001", component: "TK" },
) {
  const body = multipart([{ name: "file", file: { type: "application/pdf", ...file } }]);
  const qs = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined) as Array<[string, string]>);
  return ctx.app.inject({
    method: "POST",
    url: `/api/uploads?${qs}`,
    payload: body.payload,
    headers: { ...body.headers, ...(who?.headers ?? {}) },
  });
}

export async function submit(
  ctx: TestContext,
  who: TestCitizen | null,
  body: unknown,
  opts: { key?: string; lang?: string } = {},
) {
  return ctx.app.inject({
    method: "POST",
    url: `/api/dossiers${opts.lang ? `?lang=${opts.lang}` : ""}`,
    payload: body as Record<string, unknown>,
    headers: { ...(who?.headers ?? {}), ...(opts.key ? { "idempotency-key": opts.key } : {}) },
  });
}

/** Row counts of everything a submission writes. */
export async function counts(ctx: TestContext) {
  const n = async (t: "dossiers" | "dossier_files" | "dossier_events" | "outbox" | "files" | "drafts") =>
    Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(ctx.deps.db)).rows[0].n);
  return {
    dossiers: await n("dossiers"),
    dossierFiles: await n("dossier_files"),
    events: await n("dossier_events"),
    outbox: await n("outbox"),
    files: await n("files"),
  };
}

/** Every blob in the file store (to prove a refused upload left nothing behind). */
export async function storedBlobs(ctx: TestContext): Promise<number> {
  const root = ctx.deps.config.filesDir;
  let n = 0;
  let dirs: string[] = [];
  try {
    dirs = await readdir(root);
  } catch {
    return 0;
  }
  for (const d of dirs) n += (await readdir(join(root, d))).length;
  return n;
}
