/**
 * Population and business databases (issue #7): a citizen fills a procedure's e-form from the population database
 * and need not attach the paper it holds; a receiving officer looks the applicant up at the counter and the intake
 * drops that paper too; both record the 766 use. Refusals: another's data, a non-receiving officer, a look-up of
 * another person named in the intake, the database down or its answer tampered (a clear 503; the applicant goes on
 * by hand, the paper asked for again).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invalidateCatalogue } from "../../src/app/catalogue.js";
import { type RegistrySandbox, startRegistrySandbox } from "../../src/sandboxes/registries/server.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import type { TestProcedure } from "../helpers/catalogue.js";
import { as, multipart as officeMultipart, PDF_BYTES, type Staff, staff, upload } from "./office-fixtures.js";
import {
  insertSubmitProcedure,
  PDF,
  SUBMIT_COMPONENTS,
  submit,
  upload as citizenUpload,
  VALID_DATA,
} from "./submission-helpers.js";

const AN = { idNumber: "001085012345", name: "Nguyễn Văn An" };
let sb: RegistrySandbox;
let ctx: TestContext;
let p: TestProcedure;
let s: Staff;
let an: TestCitizen;
let binh: TestCitizen;

beforeAll(async () => {
  sb = await startRegistrySandbox({ port: 0, clients: [{ id: "H99", secret: "registries-test" }] });
  ctx = await createTestApp({ demo: false, now: new Date() });
  ctx.deps.config.services.registries = { url: sb.url, clientId: "H99", secret: "registries-test" };
  p = await insertSubmitProcedure(ctx);
  // GT: a copy of the identity card, whose data the population database holds
  await ctx.deps.db
    .updateTable("procedure_versions")
    .set({
      components: JSON.stringify(
        SUBMIT_COMPONENTS.map((c) =>
          c.code === "GT" ? { ...c, name: "Bản sao căn cước", required: true, heldBy: "population" } : c,
        ),
      ),
    })
    .where("id", "=", p.versionId)
    .execute();
  invalidateCatalogue(ctx.deps);
  s = await staff(ctx, p);
  an = await loginAsCitizen(ctx, { subject: "test|an", idNumber: AN.idNumber, name: AN.name });
  binh = await loginAsCitizen(ctx, { subject: "test|binh", idNumber: "001192034567", name: "Trần Thị Bình" });
});
afterAll(async () => {
  await ctx.close();
  await sb.close();
});

const lookUp = (who: TestCitizen, body: object, lang = "") =>
  ctx.app.inject({ method: "POST", url: `/api/registry-lookups${lang}`, headers: who.headers, payload: body });
const officeLookUp = async (who: { id: string }, body: object) =>
  ctx.app.inject({ method: "POST", url: "/api/office/registry-lookups", headers: await as(ctx, who), payload: body });
const facts = (id: string) =>
  ctx.deps.db.selectFrom("dossier_facts").selectAll().where("dossier_id", "=", id).executeTakeFirstOrThrow();
async function submitTkOnly(who: TestCitizen) {
  const tk = await citizenUpload(ctx, who, { filename: "to-khai.pdf", content: PDF() });
  return submit(ctx, who, {
    procedureCode: p.code,
    data: VALID_DATA,
    files: [{ componentCode: "TK", fileId: tk.json().id }],
  });
}

describe("population database in the e-form", () => {
  it("asks for the paper until the citizen's data comes from the database", async () => {
    const res = await submitTkOnly(an);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields).toEqual([
      { path: "files.GT", message: "Bản sao căn cước: vui lòng đính kèm ít nhất một tệp." },
    ]);
  });

  it("refuses a clear 503 when the database is down or its answer tampered, and the paper is still asked for", async () => {
    sb.setFault("error");
    const down = await lookUp(an, { registry: "population", procedureCode: p.code });
    expect(down.statusCode).toBe(503);
    expect(down.json().error.code).toBe("registry_unavailable");
    expect(down.json().error.message).toContain("Bạn có thể tự nhập thông tin và đính kèm giấy tờ để tiếp tục");
    sb.setFault("tamper");
    const tampered = await lookUp(an, { registry: "population", procedureCode: p.code }, "?lang=en");
    expect(tampered.statusCode).toBe(503);
    expect(tampered.json().error.code).toBe("registry_answer_untrusted");
    expect(tampered.json().error.message).toContain("does not carry a valid signature");
    sb.setFault("none");
    const rows = await ctx.deps.db.selectFrom("registry_lookups").select(["outcome", "error"]).execute();
    expect(rows).toEqual([
      { outcome: "failed", error: "server_error" },
      { outcome: "failed", error: "bad_answer_signature" },
    ]);
    expect((await submitTkOnly(an)).statusCode).toBe(422);
    // the HTML form says so too, and lets the citizen go on
    const html = await ctx.app.inject({
      method: "GET",
      url: `/nop-ho-so/${p.code}`,
      headers: { ...an.headers, accept: "text/html" },
    });
    expect(html.body).toContain('value="registry:population"');
  });

  it("refuses a look-up of anything but the account's own data", async () => {
    const business = await lookUp(an, { registry: "business", procedureCode: p.code });
    expect(business.statusCode).toBe(403);
    expect(business.json().error.code).toBe("registry_lookup_not_yours");
    const anon = await ctx.app.inject({
      method: "POST",
      url: "/api/registry-lookups",
      payload: { registry: "population", procedureCode: p.code },
    });
    expect(anon.statusCode).toBe(401);
  });

  it("fills the e-form, drops the paper and records the 766 use", async () => {
    const res = await lookUp(an, { registry: "population", procedureCode: p.code });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      registry: "population",
      data: { applicant: { fullName: AN.name, idNumber: AN.idNumber } },
      heldComponents: [{ code: "GT", name: "Bản sao căn cước" }],
    });
    const sub = await submitTkOnly(an);
    expect(sub.statusCode, sub.body).toBe(201);
    const id = sub.json().id;
    expect(await facts(id)).toMatchObject({ population_data_used: true });
    const ev = await ctx.deps.db
      .selectFrom("dossier_events")
      .select("data")
      .where("dossier_id", "=", id)
      .where("type", "=", "submitted")
      .executeTakeFirstOrThrow();
    expect(ev.data.registryLookups).toEqual([{ id: res.json().id, registry: "population" }]);
    // the registry logged the look-up with its purpose trail
    expect(sb.log().at(-1)).toMatchObject({ found: true, requestId: `citizen:${an.id}:eform:${p.code}` });
    // another citizen did not look up: the paper is still asked of them
    expect((await submitTkOnly(binh)).statusCode).toBe(422);
  });

  it("fills the HTML form from the database on the citizen's request", async () => {
    const body = `_action=${encodeURIComponent("registry:population")}`;
    const res = await ctx.app.inject({
      method: "POST",
      url: `/nop-ho-so/${p.code}`,
      headers: { ...an.headers, accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
      payload: body,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Thông tin đã được lấy từ cơ sở dữ liệu quốc gia.");
    expect(res.body).toContain(`value="${AN.name}"`);
    expect(res.body).toContain("Không cần nộp:");
  });
});

describe("population database at the counter", () => {
  async function intake(lookupIds: string[] | undefined, idNumber = AN.idNumber) {
    const up = await upload(ctx, s.receiving, [{ name: "to-khai.pdf", bytes: PDF_BYTES }]);
    return ctx.app.inject({
      method: "POST",
      url: "/api/office/intake",
      headers: await as(ctx, s.receiving),
      payload: {
        procedureId: p.procedureId,
        channel: "counter",
        applicant: { type: "citizen", name: AN.name, idNumber },
        data: { ...VALID_DATA, applicant: { fullName: AN.name, idNumber, birthDate: "12/05/1985" } },
        components: [{ code: "TK", fileIds: [up.body.files[0].id] }],
        returnMethod: "counter",
        ...(lookupIds ? { registryLookupIds: lookupIds } : {}),
      },
    });
  }

  it("lets a receiving officer look the applicant up (audited) and the intake drop the paper", async () => {
    const refused = await officeLookUp(s.deptSpecialist, { registry: "population", subject: AN.idNumber });
    expect(refused.statusCode).toBe(403);
    const res = await officeLookUp(s.receiving, { registry: "population", subject: AN.idNumber });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().applicant).toMatchObject({ type: "citizen", name: AN.name, idNumber: AN.idNumber });
    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .select(["action", "target", "actor_id"])
      .where("action", "=", "registry.population.lookup")
      .execute();
    expect(audit).toEqual([{ action: "registry.population.lookup", target: AN.idNumber, actor_id: s.receiving.id }]);
    // without the look-up, or with a look-up of someone else, the paper is asked for
    const without = await intake(undefined);
    expect(without.statusCode).toBe(422);
    expect(JSON.stringify(without.json())).toContain("Bản sao căn cước");
    expect((await intake([res.json().id], "001192034567")).statusCode).toBe(422);
    const made = await intake([res.json().id]);
    expect(made.statusCode, made.body).toBe(201);
    expect(await facts(made.json().dossier.id)).toMatchObject({ population_data_used: true });
  });

  it("fills the intake page from the database and takes the dossier in without the paper", async () => {
    const headers = await as(ctx, s.receiving);
    const base: Array<[string, string]> = [
      ["intake.procedureId", p.procedureId],
      ["intake.channel", "counter"],
      ["intake.applicant.type", "citizen"],
      ["intake.applicant.idNumber", AN.idNumber],
      ["address.province", "01"],
      ["address.commune", "00004"],
      ["intake.returnMethod", "counter"],
    ];
    const post = (fields: Array<[string, string]>, files: Parameters<typeof officeMultipart>[1] = []) => {
      const body = officeMultipart(Object.fromEntries(fields), files);
      return ctx.app.inject({
        method: "POST",
        url: "/office/intake",
        headers: { ...headers, ...body.headers },
        payload: body.payload,
      });
    };
    const looked = await post([...base, ["_action", "registry:population"]]);
    expect(looked.statusCode).toBe(200);
    expect(looked.body).toContain("Đã lấy thông tin từ cơ sở dữ liệu quốc gia. Không cần thu: Bản sao căn cước.");
    expect(looked.body).toContain(`value="${AN.name}"`);
    const lookupId = /name="intake\.registryLookup" value="([0-9a-f-]{36})"/.exec(looked.body)?.[1];
    expect(lookupId).toBeTruthy();
    const done = await post(
      [
        ...base,
        ["intake.applicant.name", AN.name],
        ["applicant.fullName", AN.name],
        ["applicant.idNumber", AN.idNumber],
        ["applicant.birthDate", "1985-03-12"],
        ["intake.registryLookup", lookupId!],
        ["_action", "review"],
      ],
      [{ field: "intake.file.TK", name: "to-khai.pdf", type: "application/pdf", bytes: PDF_BYTES }],
    );
    expect(done.statusCode, done.body.slice(0, 3000)).toBe(303);
    const id = /\/office\/dossiers\/([0-9a-f-]{36})/.exec(done.headers.location as string)![1];
    expect(await facts(id)).toMatchObject({ population_data_used: true });
    // the registry down: the page says so and the officer goes on by hand
    sb.setFault("error");
    const down = await post([...base, ["_action", "registry:population"]]);
    sb.setFault("none");
    expect(down.statusCode).toBe(200);
    expect(down.body).toContain("Không kết nối được với Cơ sở dữ liệu quốc gia về dân cư lúc này.");
  });

  it("answers unknown numbers and malformed ones clearly", async () => {
    const unknown = await officeLookUp(s.receiving, { registry: "population", subject: "001099999999" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("registry_record_not_found");
    const bad = await officeLookUp(s.receiving, { registry: "population", subject: "00109999999x" });
    expect(bad.statusCode).toBe(422);
  });
});
