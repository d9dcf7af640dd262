/**
 * The data warehouse (issue #7): results shared when returned (with validity and structured data), counter scans
 * shared as digitised papers, uploads kept; "provide once" — a warehouse document picked into a submission instead of
 * an upload, seen by the officer as verified, counted as 766 reuse; refusals: another's document, an expired one, one
 * of another kind.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invalidateCatalogue } from "../../src/app/catalogue.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import { as, ok, PDF_BYTES, runToProcessed, type Staff, staff, upload, vn } from "./office-fixtures.js";
import {
  insertSubmitProcedure,
  multipart,
  PDF,
  SUBMIT_COMPONENTS,
  submit,
  upload as citizenUpload,
  VALID_DATA,
} from "./submission-helpers.js";
import type { TestProcedure } from "../helpers/catalogue.js";

let ctx: TestContext;
let p: TestProcedure;
let s: Staff;
let an: TestCitizen;
let binh: TestCitizen;

beforeAll(async () => {
  ctx = await createTestApp({ demo: false, now: vn("2026-03-02 07:00") });
  p = await insertSubmitProcedure(ctx);
  // the result is a proof of residence valid for 6 months with the applicant's name as data; component GT takes one
  await ctx.deps.db
    .updateTable("procedure_versions")
    .set({
      result: JSON.stringify({
        name: "Giấy xác nhận chỗ ở",
        electronic: true,
        kind: "giay-to-cho-o",
        validityMonths: 6,
        data: ["applicant.fullName", "applicant.idNumber"],
      }),
      components: JSON.stringify(
        SUBMIT_COMPONENTS.map((c) => (c.code === "GT" ? { ...c, kind: "giay-to-cho-o", maxBytes: undefined } : c)),
      ),
    })
    .where("id", "=", p.versionId)
    .execute();
  invalidateCatalogue(ctx.deps);
  s = await staff(ctx, p);
  an = await loginAsCitizen(ctx, { subject: "test|an", idNumber: "001090012345" });
  binh = await loginAsCitizen(ctx, { subject: "test|binh", idNumber: "001090099999", name: "Trần Thị Bình" });
});
afterAll(async () => {
  await ctx.close();
});

/** The citizen with a session opened now (sessions slide 30 minutes; the tests move the clock). */
const fresh = async (who: TestCitizen): Promise<TestCitizen> => {
  const headers = await as(ctx, who, "citizen");
  return { ...who, cookie: headers.cookie, headers };
};

async function submitWith(citizen: TestCitizen, files: { componentCode: string; fileId: string }[]) {
  const who = await fresh(citizen);
  const tk = await citizenUpload(ctx, who, { filename: "to-khai.pdf", content: PDF() });
  expect(tk.statusCode).toBe(201);
  const res = await submit(ctx, who, {
    procedureCode: p.code,
    data: VALID_DATA,
    files: [{ componentCode: "TK", fileId: tk.json().id }, ...files],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const warehouse = async (who: TestCitizen, q = "") =>
  ctx.app.inject({ method: "GET", url: `/api/warehouse${q}`, headers: (await fresh(who)).headers });
const pickDoc = async (
  who: TestCitizen,
  id: string,
  body: object = { procedureCode: "9.999001", componentCode: "GT" },
) =>
  ctx.app.inject({
    method: "POST",
    url: `/api/warehouse/${id}/pick`,
    headers: (await fresh(who)).headers,
    payload: body,
  });
const facts = (id: string) =>
  ctx.deps.db.selectFrom("dossier_facts").selectAll().where("dossier_id", "=", id).executeTakeFirstOrThrow();

let resultDocId: string;

describe("data warehouse", () => {
  it("holds the returned result with its structured data and validity, for its holder only", async () => {
    const id = await submitWith(an, []);
    expect((await facts(id)).data_reused).toBe(false);
    await runToProcessed(ctx, s, id, {
      receive: vn("2026-03-02 08:00"),
      forward: vn("2026-03-02 08:30"),
      appraise: vn("2026-03-02 09:00"),
      approve: vn("2026-03-02 10:00"),
    });
    // not shared before it is returned
    expect((await warehouse(an)).json()).toEqual([]);
    ctx.setNow(vn("2026-03-02 11:00"));
    await ok(ctx, s.receiving, id, "return_result", { method: "online" });
    const list = (await warehouse(an)).json();
    expect(list).toHaveLength(1);
    const code = (
      await ctx.deps.db.selectFrom("dossiers").select("code").where("id", "=", id).executeTakeFirstOrThrow()
    ).code;
    expect(list[0]).toMatchObject({
      source: "result",
      kind: "giay-to-cho-o",
      title: "Giấy xác nhận chỗ ở",
      mime: "application/pdf",
      dossierCode: code,
      validFrom: vn("2026-03-02 11:00").toISOString(),
      validUntil: vn("2026-09-02 11:00").toISOString(),
      valid: true,
      data: {
        dossierCode: code,
        issuedAt: vn("2026-03-02 11:00").toISOString(),
        "applicant.fullName": "Nguyễn Văn An",
        "applicant.idNumber": "001090012345",
      },
    });
    resultDocId = list[0].id;
    const file = await ctx.app.inject({
      method: "GET",
      url: `/api/warehouse/${resultDocId}/file`,
      headers: (await fresh(an)).headers,
    });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    // another citizen sees nothing and cannot download it; without a session, 401
    expect((await warehouse(binh)).json()).toEqual([]);
    const other = await ctx.app.inject({
      method: "GET",
      url: `/api/warehouse/${resultDocId}/file`,
      headers: (await fresh(binh)).headers,
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe("warehouse_document_not_found");
    expect((await ctx.app.inject({ method: "GET", url: "/api/warehouse" })).statusCode).toBe(401);
    // the page lists it, and the account menu links to it
    const page = await ctx.app.inject({ method: "GET", url: "/kho-du-lieu", headers: (await fresh(an)).headers });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Giấy xác nhận chỗ ở");
    expect(page.body).toContain("đến 02/09/2026");
    expect(page.body).toContain('href="/kho-du-lieu"');
  });

  it("provide once: a picked document goes into the submission like an upload, verified and counted as reuse", async () => {
    const picked = await pickDoc(an, resultDocId);
    expect(picked.statusCode, picked.body).toBe(200);
    const file = picked.json();
    // the same stored bytes, no copy
    const rows = await ctx.deps.db
      .selectFrom("files")
      .select(["id", "storage_key", "warehouse_document_id", "warehouse_verified_at", "owner_id"])
      .where("warehouse_document_id", "=", resultDocId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: file.id, owner_id: an.id });
    expect(rows[0].warehouse_verified_at).not.toBeNull();
    // picking again before it is used gives the same file
    expect((await pickDoc(an, resultDocId)).json().id).toBe(file.id);
    const id = await submitWith(an, [{ componentCode: "GT", fileId: file.id }]);
    expect((await facts(id)).data_reused).toBe(true);
    // the officer sees it came from the warehouse, verified
    const d = await ctx.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${id}`,
      headers: await as(ctx, s.receiving),
    });
    const gt = d.json().files.find((f: { componentCode: string }) => f.componentCode === "GT");
    expect(gt.warehouse).toMatchObject({ documentId: resultDocId, title: "Giấy xác nhận chỗ ở", verified: true });
    const pageRes = await ctx.app.inject({
      method: "GET",
      url: `/office/dossiers/${id}`,
      headers: await as(ctx, s.receiving),
    });
    expect(pageRes.body).toContain("Từ Kho dữ liệu");
    // once in a dossier, a new pick gives a new file over the same bytes
    const again = (await pickDoc(an, resultDocId)).json();
    expect(again.id).not.toBe(file.id);
  });

  it("offers the document under the component's upload control in the HTML form, and picks it there", async () => {
    const headers = { ...(await fresh(an)).headers, accept: "text/html" };
    const form = await ctx.app.inject({ method: "GET", url: `/nop-ho-so/${p.code}`, headers });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`value="pick:GT:${resultDocId}"`);
    expect(form.body).toContain("Dùng “Giấy xác nhận chỗ ở”");
    // TK asks for no kind: nothing offered there
    expect(form.body).not.toContain('value="pick:TK:');
    const body = multipart([
      { name: "applicant.fullName", value: "Nguyễn Văn An" },
      { name: "_action", value: `pick:GT:${resultDocId}` },
    ]);
    const res = await ctx.app.inject({
      method: "POST",
      url: `/nop-ho-so/${p.code}`,
      payload: body.payload,
      headers: { ...headers, ...body.headers },
    });
    expect(res.statusCode).toBe(200);
    const picked = /<input type="hidden" name="files\.GT" value="([0-9a-f-]{36})">/.exec(res.body);
    expect(picked).not.toBeNull();
    expect(res.body).toContain("từ Kho dữ liệu, đã xác thực");
    const row = await ctx.deps.db
      .selectFrom("files")
      .select("warehouse_document_id")
      .where("id", "=", picked![1])
      .executeTakeFirstOrThrow();
    expect(row.warehouse_document_id).toBe(resultDocId);
    // another's document is refused at the field
    const theirs = multipart([{ name: "_action", value: `pick:GT:${resultDocId}` }]);
    const refused = await ctx.app.inject({
      method: "POST",
      url: `/nop-ho-so/${p.code}`,
      payload: theirs.payload,
      headers: { ...(await fresh(binh)).headers, accept: "text/html", ...theirs.headers },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain("Không tìm thấy giấy tờ này trong Kho dữ liệu của bạn.");
  });

  it("refuses another's document, an expired one and one of another kind, writing nothing", async () => {
    const before = await ctx.deps.db
      .selectFrom("files")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const theirs = await pickDoc(binh, resultDocId);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().error.code).toBe("warehouse_document_not_found");
    const wrongKind = await pickDoc(an, resultDocId, { procedureCode: "9.999001", componentCode: "TK" });
    expect(wrongKind.statusCode).toBe(422);
    expect(wrongKind.json().error.code).toBe("warehouse_document_wrong_kind");
    ctx.setNow(vn("2026-09-03 08:00"));
    const expired = await pickDoc(an, resultDocId);
    expect(expired.statusCode).toBe(422);
    expect(expired.json().error.code).toBe("warehouse_document_expired");
    expect(expired.json().error.message).toContain("02/09/2026");
    const en = await ctx.app.inject({
      method: "POST",
      url: `/api/warehouse/${resultDocId}/pick?lang=en`,
      headers: (await fresh(an)).headers,
      payload: {},
    });
    expect(en.json().error.message).toContain("expired on 02/09/2026");
    expect((await warehouse(an)).json()[0].valid).toBe(false);
    const after = await ctx.deps.db
      .selectFrom("files")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // a document picked while valid is refused at submission once it has expired
    ctx.setNow(vn("2026-09-01 08:00"));
    const early = (await pickDoc(an, resultDocId)).json();
    ctx.setNow(vn("2026-09-03 08:00"));
    const tk = await citizenUpload(ctx, await fresh(an), { filename: "to-khai.pdf", content: PDF() });
    const late = await submit(ctx, await fresh(an), {
      procedureCode: p.code,
      data: VALID_DATA,
      files: [
        { componentCode: "TK", fileId: tk.json().id },
        { componentCode: "GT", fileId: early.id },
      ],
    });
    expect(late.statusCode).toBe(422);
    expect(late.json().error.fields).toEqual([
      {
        path: "files.GT",
        message:
          "Giấy tờ “Giấy xác nhận chỗ ở” trong Kho dữ liệu đã hết hiệu lực ngày 02/09/2026; vui lòng tải lên giấy tờ còn hiệu lực.",
      },
    ]);
    ctx.setNow(vn("2026-03-03 08:00"));
  });

  it("keeps an upload the citizen chooses, and only their own", async () => {
    const up = await citizenUpload(ctx, await fresh(an), { filename: "hop-dong-thue.pdf", content: PDF() }, {});
    const kept = await ctx.app.inject({
      method: "POST",
      url: "/api/warehouse",
      headers: (await fresh(an)).headers,
      payload: { fileId: up.json().id, kind: "giay-to-cho-o", title: "Hợp đồng thuê nhà", validUntil: "2026-12-31" },
    });
    expect(kept.statusCode, kept.body).toBe(201);
    expect(kept.json()).toMatchObject({
      source: "kept",
      kind: "giay-to-cho-o",
      title: "Hợp đồng thuê nhà",
      valid: true,
    });
    const stolen = await ctx.app.inject({
      method: "POST",
      url: "/api/warehouse",
      headers: (await fresh(binh)).headers,
      payload: { fileId: up.json().id },
    });
    expect(stolen.statusCode).toBe(422);
    const kinds = (await warehouse(an, "?kind=giay-to-cho-o")).json();
    expect(kinds.map((d: { title: string }) => d.title)).toContain("Hợp đồng thuê nhà");
  });

  it("shares the papers scanned at the counter as digitised, to the applicant's identity number", async () => {
    const up = await upload(ctx, s.receiving, [
      { name: "to-khai.pdf", bytes: PDF_BYTES },
      { name: "cho-o.pdf", bytes: PDF_BYTES },
    ]);
    expect(up.status).toBe(201);
    const [tk, gt] = up.body.files.map((f: { id: string }) => f.id);
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/office/intake",
      headers: await as(ctx, s.receiving),
      payload: {
        procedureId: p.procedureId,
        channel: "counter",
        applicant: { type: "citizen", name: "Trần Thị Bình", idNumber: "001090099999" },
        data: {
          ...VALID_DATA,
          applicant: { fullName: "Trần Thị Bình", idNumber: "001090099999", birthDate: "01/01/1990" },
        },
        components: [
          { code: "TK", fileIds: [tk] },
          { code: "GT", fileIds: [gt] },
        ],
        returnMethod: "counter",
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const list = (await warehouse(binh)).json();
    expect(list).toHaveLength(2);
    expect(list).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          source: "digitised",
          kind: "giay-to-cho-o",
          title: "Giấy tờ kèm theo",
          validUntil: null,
        }),
      ]),
    );
  });
  // last: the receipt renders its forms in the background, which would change the file counts of the tests above
  it("a dossier reusing warehouse data counts in the Decision 766 index once received", async () => {
    ctx.setNow(vn("2026-08-03 08:00"));
    const file = (await pickDoc(an, resultDocId)).json();
    const id = await submitWith(an, [{ componentCode: "GT", fileId: file.id }]);
    // received, it counts in the Decision 766 index: one more dossier reusing data over one more received
    const index = async () => {
      const now = ctx.deps.now();
      const r = await ctx.app.inject({
        method: "GET",
        url: `/api/office/reports/index766?kind=month&year=${now.getUTCFullYear()}&index=${now.getUTCMonth() + 1}&unitId=${p.unitId}`,
        headers: await as(ctx, s.supervisor),
      });
      expect(r.statusCode).toBe(200);
      return r
        .json()
        .index.groups.flatMap((g: any) => g.components)
        .find((c: any) => c.key === "digitised_data_reused");
    };
    const before = await index();
    await ok(ctx, s.receiving, id, "receive");
    const after = await index();
    expect(after.ratio.numerator).toBe((before.ratio?.numerator ?? 0) + 1);
    expect(after.ratio.denominator).toBe((before.ratio?.denominator ?? 0) + 1);
  });
});
