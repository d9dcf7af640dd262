/**
 * Issue #9: the procedure editor — a procedure created and edited as a draft, published now or at a scheduled
 * instant, withdrawn; a published version never changes; a broken e-form and an impossible process are refused naming
 * the field or step; administrators only; every change audited; the portal sees each change through the catalogue.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishDueVersions } from "../../src/app/admin/procedures.js";
import { buildOnlineDossier } from "../factories/index.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { loginAsOfficer, type TestOfficer } from "../helpers/officer.js";

let ctx: TestContext;
let admin: TestOfficer;
let clerk: TestOfficer;
type Procedure = Record<string, any>;
let base: Procedure;

const CODE = "1.999101";
const api = (method: "GET" | "POST" | "PUT", url: string, payload?: unknown, who: TestOfficer | null = admin) =>
  ctx.app.inject({
    method,
    url,
    headers: who ? who.headers : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const versions = (code = CODE) =>
  ctx.deps.db
    .selectFrom("procedure_versions as v")
    .innerJoin("procedures as p", "p.id", "v.procedure_id")
    .select(["v.version", "v.status", "v.name"])
    .where("p.national_code", "=", code)
    .orderBy("v.version")
    .execute();

/** A form with a conditional field (shown when the applicant is a guardian) and a cross-field date rule. */
const EFORM = {
  sections: [
    {
      key: "applicant",
      title: { vi: "Người đề nghị", en: "Applicant" },
      fields: [
        { key: "fullName", type: "text", label: { vi: "Họ và tên", en: "Full name" }, required: true },
        { key: "birthDate", type: "date", label: { vi: "Ngày sinh", en: "Date of birth" }, required: true },
        {
          key: "relation",
          type: "select",
          label: { vi: "Quan hệ với trẻ", en: "Relation to the child" },
          required: true,
          options: [
            { value: "parent", label: { vi: "Cha, mẹ", en: "Parent" } },
            { value: "guardian", label: { vi: "Người giám hộ", en: "Guardian" } },
          ],
        },
        {
          key: "guardianDecision",
          type: "text",
          label: { vi: "Số quyết định giám hộ", en: "Guardianship decision number" },
          required: true,
          showIf: { field: "relation", values: ["guardian"] },
        },
      ],
    },
    {
      key: "child",
      title: { vi: "Trẻ", en: "Child" },
      fields: [
        { key: "fullName", type: "text", label: { vi: "Họ và tên trẻ", en: "Child's name" }, required: true },
        { key: "birthDate", type: "date", label: { vi: "Ngày sinh của trẻ", en: "Child's date of birth" } },
      ],
    },
  ],
  rules: [
    {
      field: "applicant.birthDate",
      op: "lt",
      other: "child.birthDate",
      message: { vi: "người đề nghị phải sinh trước trẻ.", en: "the applicant must be born before the child." },
    },
  ],
};

beforeAll(async () => {
  ctx = await createTestApp();
  const unit = await ctx.deps.db.selectFrom("units").select("id").limit(1).executeTakeFirstOrThrow();
  admin = await loginAsOfficer(ctx, { unitId: unit.id, roles: ["admin"], username: "quantri.tt" });
  clerk = await loginAsOfficer(ctx, { unitId: unit.id, roles: ["receiving", "leader"], username: "tiepnhan.tt" });
  const file = (await api("GET", "/api/admin/catalogue")).json();
  const p = structuredClone(file.procedures.find((x: Procedure) => x.code === "1.001193"));
  delete p.version;
  delete p.searchWords;
  base = {
    ...p,
    code: CODE,
    name: "Thủ tục thử nghiệm soạn trên trang quản trị",
    components: p.components.filter((c: Procedure) => !c.declaration),
    eform: EFORM,
  };
});
afterAll(async () => ctx?.close());

const form = (url: string, fields: Record<string, string>) =>
  ctx.app.inject({
    method: "POST",
    url,
    headers: { ...admin.headers, "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams(fields).toString(),
  });

const unescapeHtml = (x: string) =>
  x
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
/** What the editor page's form would post as it stands (the portal preview's own inputs ride along, ignored). */
function pageFields(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of body.matchAll(
    /<input(?![^>]*type="(?:checkbox|hidden|radio)")[^>]*\bname="([^"]+)"[^>]*\bvalue="([^"]*)"/g,
  ))
    fields[m[1]!] = unescapeHtml(m[2]!);
  for (const m of body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
    fields[m[1]!] = unescapeHtml(m[2]!);
  for (const m of body.matchAll(/<input type="checkbox" id="[^"]+" name="([^"]+)" value="true" checked>/g))
    fields[m[1]!] = "true";
  for (const m of body.matchAll(/<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g))
    fields[m[1]!] = unescapeHtml(m[2]!);
  for (const m of body.matchAll(/<select id="[^"]+" name="([^"]+)"[^>]*>(.*?)<\/select>/gs)) {
    const chosen = /<option value="([^"]*)" selected>/.exec(m[2]!) ?? /<option value="([^"]*)"/.exec(m[2]!);
    fields[m[1]!] = unescapeHtml(chosen?.[1] ?? "");
  }
  return fields;
}

describe("procedure editor pages", () => {
  it("round-trips a procedure through the builder's rows, previews it, and names a broken field", async () => {
    const page = await ctx.app.inject({ url: "/office/quan-tri/thu-tuc/1.001193", headers: admin.headers });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Biểu mẫu điện tử");
    expect(page.body).toContain('id="eform"'); // the live preview, rendered by the portal's renderer
    // the page's own form, posted back unchanged for a check, passes the checker
    const fields = pageFields(page.body);
    const ok = await form("/office/quan-tri/thu-tuc/1.001193", { ...fields, _action: "preview" });
    expect(ok.statusCode, ok.body.match(/<ul class="error-list"[\s\S]*?<\/ul>/)?.[0]).toBe(200);
    expect(ok.body).toContain("Không có lỗi: thủ tục có thể lưu và công bố.");

    // the live preview: the rows rendered by the portal's renderer, with the schema for its script
    const live = await form("/office/quan-tri/thu-tuc/1.001193/xem-truoc", fields);
    expect(live.statusCode).toBe(200);
    expect(live.json().html).toContain('data-path="applicant.fullName"');
    expect(live.json().config.form.sections.length).toBeGreaterThan(0);

    const broken = await form("/office/quan-tri/thu-tuc/1.001193", {
      ...fields,
      "f0.showIf": "khongCo",
      _action: "preview",
    });
    expect(broken.statusCode).toBe(422);
    expect(broken.body).toMatch(/1\.001193:\w+\.\w+: điều kiện hiển thị chỉ tới trường khongCo không có bên cạnh/);

    // saving over the published version is refused with the rule's message
    const refused = await form("/office/quan-tri/thu-tuc/1.001193", { ...fields, _action: "save" });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain("đã công bố, không được sửa");
  });
  it("loses nothing: every demo procedure saved unchanged through the builder's rows is the same procedure", async () => {
    const file = (await api("GET", "/api/admin/catalogue")).json();
    expect(file.procedures.length).toBeGreaterThan(5);
    for (const published of file.procedures as Procedure[]) {
      const code = published.code as string;
      expect((await api("POST", `/api/admin/procedures/${code}/versions`)).statusCode).toBe(201);
      const page = await ctx.app.inject({ url: `/office/quan-tri/thu-tuc/${code}`, headers: admin.headers });
      const saved = await form(`/office/quan-tri/thu-tuc/${code}`, { ...pageFields(page.body), _action: "save" });
      expect([code, saved.statusCode], saved.body.match(/<ul class="error-list"[\s\S]*?<\/ul>/)?.[0]).toEqual([
        code,
        303,
      ]);
      const draft = (await api("GET", `/api/admin/procedures/${code}`)).json();
      const { version: _v, searchWords: _w, ...before } = published;
      const { version: _d, ...after } = draft.content;
      // the order of the applicant types is not kept (two boxes to tick)
      for (const x of [before, after]) x.applicantTypes = [...x.applicantTypes].sort();
      expect([code, after]).toEqual([code, before]);
    }
  });

  it("edits fees, components with their blank form, and legal bases in rows; a wrong amount is named", async () => {
    const code = "1.001193";
    const page = await ctx.app.inject({ url: `/office/quan-tri/thu-tuc/${code}`, headers: admin.headers });
    expect(page.body).toContain('id="builder-components"');
    const fields = pageFields(page.body);
    const nFees = Object.keys(fields).filter((k) => /^fee\d+\.name$/.test(k)).length; // with the blank row
    const nComp = Object.keys(fields).filter((k) => /^c\d+\.code$/.test(k)).length;
    const nLegal = Object.keys(fields).filter((k) => /^lb\d+\.number$/.test(k)).length;
    const added = {
      ...fields,
      [`fee${nFees - 1}.name`]: "Phí thẩm định",
      [`fee${nFees - 1}.amount`]: "25.000",
      [`fee${nFees - 1}.basis`]: "per_copy",
      [`fee${nFees - 1}.exemptFor`]: "poor_household, disabled",
      [`c${nComp - 2}.code`]: "GCN",
      [`c${nComp - 2}.name`]: "Giấy chứng nhận hộ nghèo",
      [`c${nComp - 2}.form`]: "certified_copy",
      [`c${nComp - 2}.quantity`]: "1",
      [`c${nComp - 2}.templateFile`]: "khong-co-mau.pdf",
      [`lb${nLegal - 1}.number`]: "15/2026/NĐ-CP",
      [`lb${nLegal - 1}.title`]: "Nghị định thử nghiệm",
      [`lb${nLegal - 1}.date`]: "2026-01-15",
      _action: "save",
    };
    const missing = await form(`/office/quan-tri/thu-tuc/${code}`, added);
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain("khong-co-mau.pdf");
    const wrong = await form(`/office/quan-tri/thu-tuc/${code}`, {
      ...added,
      [`c${nComp - 2}.templateFile`]: "",
      [`fee${nFees - 1}.amount`]: "hai mươi",
    });
    expect(wrong.statusCode).toBe(422);
    const ok = await form(`/office/quan-tri/thu-tuc/${code}`, { ...added, [`c${nComp - 2}.templateFile`]: "" });
    expect(ok.statusCode, ok.body.match(/<ul class="error-list"[\s\S]*?<\/ul>/)?.[0]).toBe(303);
    const draft = (await api("GET", `/api/admin/procedures/${code}`)).json().content;
    expect(draft.fees.at(-1)).toEqual({
      name: "Phí thẩm định",
      amount: 25000,
      basis: "per_copy",
      exemptFor: ["poor_household", "disabled"],
    });
    expect(draft.components.at(-1)).toEqual({
      code: "GCN",
      name: "Giấy chứng nhận hộ nghèo",
      form: "certified_copy",
      quantity: 1,
      required: false,
    });
    expect(draft.legalBases.at(-1)).toEqual({
      number: "15/2026/NĐ-CP",
      title: "Nghị định thử nghiệm",
      date: "2026-01-15",
    });
  });
});

describe("procedure editor", () => {
  it("refuses a broken e-form definition, naming the field, and writes nothing", async () => {
    const broken = structuredClone(base);
    broken.eform.sections[0].fields[3].showIf = { field: "khongCo" };
    broken.eform.sections[1].fields.push({ key: "siblings", type: "group", label: { vi: "Anh chị em" } });
    broken.eform.rules[0].other = "child.fullName";
    const r = await api("POST", "/api/admin/procedures", broken);
    expect(r.statusCode, r.body).toBe(422);
    const err = r.json().error;
    expect(err.code).toBe("procedure_invalid");
    expect(err.fields).toEqual([
      {
        path: "body.eform",
        message: `${CODE}:applicant.guardianDecision: điều kiện hiển thị chỉ tới trường khongCo không có bên cạnh`,
      },
      { path: "body.eform", message: `${CODE}:child.siblings: nhóm không có trường` },
      {
        path: "body.eform",
        message: `${CODE}:applicant.birthDate: quy tắc so sánh cần hai trường cùng kiểu ngày hoặc cùng kiểu số (date, text)`,
      },
    ]);
    const shape = structuredClone(base);
    shape.eform.sections[0].fields[0].type = "colour";
    const typed = await api("POST", "/api/admin/procedures?lang=en", shape);
    expect(typed.statusCode).toBe(422);
    expect(typed.json().error.fields[0].path).toBe("body.eform.sections.0.fields.0.type");
    expect(await versions()).toEqual([]);
  });

  it("refuses a cyclic or impossible process and budgets that do not fit the time limit", async () => {
    const steps = base.process.steps as Procedure[];
    const cyclic = structuredClone(base);
    cyclic.process.steps[1].next = steps[0]!.code;
    let r = await api("POST", "/api/admin/procedures", cyclic);
    expect(r.statusCode).toBe(422);
    expect(r.json().error.fields).toEqual([
      {
        path: "body.process",
        message: `${CODE}: quy trình quay vòng (${steps[0]!.code} → ${steps[1]!.code} → ${steps[0]!.code}); hồ sơ sẽ không bao giờ xử lý xong`,
      },
    ]);

    const skipping = structuredClone(base);
    skipping.process.steps[0].next = steps.at(-1)!.code;
    r = await api("POST", "/api/admin/procedures", skipping);
    expect(r.statusCode).toBe(422);
    expect(r.json().error.fields[0].message).toBe(
      `${CODE}: không bước nào dẫn tới ${steps
        .slice(1, -1)
        .map((s) => s.code)
        .join(", ")}`,
    );

    const impossible = structuredClone(base);
    impossible.timeLimit = { unit: "working_days", value: 1 };
    impossible.process.steps[1].kind = "approval"; // a specialist's step
    impossible.process.steps[1].role = "specialist";
    impossible.process.steps[2].kind = "interagency";
    impossible.process.steps[2].unit = "competent";
    impossible.process.steps[0].budgetHours = 99;
    r = await api("POST", "/api/admin/procedures", impossible);
    expect(r.statusCode).toBe(422);
    const messages = r.json().error.fields.map((f: { message: string }) => f.message);
    expect(messages).toEqual([
      `${CODE}/${steps[0]!.code}: bước cần 99 giờ, vượt thời hạn 8 giờ của thủ tục`,
      `${CODE}/${steps[1]!.code}: bước phê duyệt phải do lãnh đạo thực hiện`,
      `${CODE}/${steps[2]!.code}: bước liên thông phải chỉ rõ cơ quan phối hợp (mã đơn vị)`,
      expect.stringMatching(new RegExp(`^${CODE}: các bước cộng lại \\d+ giờ, thời hạn cho phép 8 giờ$`)),
    ]);
    expect(await versions()).toEqual([]);
  });

  it("creates a draft, publishes it, refuses to change the published version, schedules the next, withdraws", async () => {
    const r = await api("POST", "/api/admin/procedures", base);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toEqual({ code: CODE, version: 1 });
    expect(await versions()).toEqual([{ version: 1, status: "draft", name: base.name }]);
    expect((await api("GET", `/api/procedures/${CODE}`, undefined, null)).statusCode).toBe(404);
    // the same code twice
    expect((await api("POST", "/api/admin/procedures", base)).json().error.code).toBe("procedure_exists");

    // edit the draft, then publish it: the portal shows it at once on this node
    const edited = { ...base, name: "Thủ tục thử nghiệm (bản nháp đã sửa)" };
    expect((await api("PUT", `/api/admin/procedures/${CODE}/versions/1`, edited)).statusCode).toBe(200);
    const pub = await api("POST", `/api/admin/procedures/${CODE}/versions/1/publish`, {});
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json()).toMatchObject({ code: CODE, version: 1, publishAt: null });
    const portal = await api("GET", `/api/procedures/${CODE}`, undefined, null);
    expect(portal.statusCode).toBe(200);
    expect(portal.json()).toMatchObject({ name: edited.name, version: 1 });
    expect(portal.json().eform.rules).toEqual(EFORM.rules);

    // a published version never changes
    const change = await api("PUT", `/api/admin/procedures/${CODE}/versions/1`, {
      ...edited,
      name: "Sửa bản đã công bố",
    });
    expect(change.statusCode).toBe(409);
    expect(change.json().error).toMatchObject({
      code: "version_not_draft",
      message: `Thủ tục ${CODE}: phiên bản 1 đã công bố, không được sửa; hồ sơ đã nộp theo phiên bản này. Hãy tạo phiên bản mới (bản nháp).`,
    });
    expect((await api("POST", `/api/admin/procedures/${CODE}/versions/1/publish`, {})).statusCode).toBe(409);

    // a dossier submitted under version 1
    const v1 = await ctx.deps.db
      .selectFrom("procedures as p")
      .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
      .select(["v.id", "v.implementing_unit_ids"])
      .where("p.national_code", "=", CODE)
      .executeTakeFirstOrThrow();
    const dossierId = await buildOnlineDossier(ctx, {
      versionId: v1.id,
      unitId: v1.implementing_unit_ids[0],
    } as never);

    // the next version: a draft copied from version 1, one at a time, scheduled for tomorrow
    const draft = await api("POST", `/api/admin/procedures/${CODE}/versions`);
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json()).toEqual({ code: CODE, version: 2 });
    expect((await api("POST", `/api/admin/procedures/${CODE}/versions`)).json().error.code).toBe("draft_exists");
    const v2 = { ...edited, name: "Thủ tục thử nghiệm, phiên bản 2" };
    expect((await api("PUT", `/api/admin/procedures/${CODE}/versions/2`, v2)).statusCode).toBe(200);
    const at = new Date(ctx.deps.now().getTime() + 24 * 3600_000);
    const scheduled = await api("POST", `/api/admin/procedures/${CODE}/versions/2/publish`, { at: at.toISOString() });
    expect(scheduled.statusCode, scheduled.body).toBe(200);
    expect(scheduled.json()).toMatchObject({ version: 2, publishedAt: null, publishAt: at.toISOString() });
    expect(await publishDueVersions(ctx.deps)).toBe(0);
    expect((await api("GET", `/api/procedures/${CODE}`, undefined, null)).json().version).toBe(1);
    const detail = (await api("GET", `/api/admin/procedures/${CODE}`)).json();
    expect(detail.draft).toEqual({ version: 2, publishAt: at.toISOString() });
    expect(detail.content.name).toBe(v2.name);

    // when due, the publication job publishes it; version 1 is retired and the dossier keeps it
    ctx.setNow(new Date(at.getTime() + 60_000));
    expect(await publishDueVersions(ctx.deps)).toBe(1);
    const firstAdmin = admin.id;
    admin = await loginAsOfficer(ctx, { unitId: admin.unitId, roles: ["admin"], username: "quantri.tt2" });
    clerk = await loginAsOfficer(ctx, {
      unitId: admin.unitId,
      roles: ["receiving", "leader"],
      username: "tiepnhan.tt2",
    });
    expect(await versions()).toEqual([
      { version: 1, status: "retired", name: edited.name },
      { version: 2, status: "published", name: v2.name },
    ]);
    expect((await api("GET", `/api/procedures/${CODE}`, undefined, null)).json()).toMatchObject({
      version: 2,
      name: v2.name,
    });
    const dossier = await ctx.deps.db
      .selectFrom("dossiers")
      .select("procedure_version_id")
      .where("id", "=", dossierId)
      .executeTakeFirstOrThrow();
    expect(dossier.procedure_version_id).toBe(v1.id);

    // withdrawn: gone from the portal, listed as withdrawn
    const w = await api("POST", `/api/admin/procedures/${CODE}/withdraw`);
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json()).toEqual({ code: CODE, retired: [2], unscheduled: [] });
    expect((await api("GET", `/api/procedures/${CODE}`, undefined, null)).statusCode).toBe(404);
    const list = (await api("GET", `/api/admin/procedures?q=${CODE}`)).json().items;
    expect(list).toEqual([{ code: CODE, name: v2.name, published: null, withdrawn: true, draft: null }]);
    expect((await api("POST", `/api/admin/procedures/${CODE}/withdraw`)).json().error.code).toBe("nothing_to_withdraw");

    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .select(["action", "actor_id"])
      .where("target", "=", CODE)
      .orderBy("at")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      "procedure.create",
      "procedure.save",
      "procedure.publish",
      "procedure.draft",
      "procedure.save",
      "procedure.schedule",
      "procedure.publish_scheduled",
      "procedure.withdraw",
    ]);
    expect(audit.map((a) => a.actor_id)).toEqual([...Array(7).fill(firstAdmin), admin.id]);
  });

  it("is for administrators only, on every route", async () => {
    const calls: Array<[string, "GET" | "POST" | "PUT", string, unknown?]> = [
      ["list", "GET", "/api/admin/procedures"],
      ["create", "POST", "/api/admin/procedures", { ...base, code: "1.999102" }],
      ["detail", "GET", "/api/admin/procedures/1.001193"],
      ["draft", "POST", "/api/admin/procedures/1.001193/versions"],
      ["save", "PUT", "/api/admin/procedures/1.001193/versions/1", base],
      ["publish", "POST", "/api/admin/procedures/1.001193/versions/1/publish", {}],
      ["withdraw", "POST", "/api/admin/procedures/1.001193/withdraw"],
    ];
    const pages: Array<[string, "GET" | "POST", string]> = [
      ["list page", "GET", "/office/quan-tri/thu-tuc"],
      ["new page", "GET", "/office/quan-tri/thu-tuc/moi"],
      ["edit page", "GET", "/office/quan-tri/thu-tuc/1.001193"],
      ["create form", "POST", "/office/quan-tri/thu-tuc/moi"],
      ["edit form", "POST", "/office/quan-tri/thu-tuc/1.001193"],
      ["live preview", "POST", "/office/quan-tri/thu-tuc/1.001193/xem-truoc"],
    ];
    const before = await ctx.deps.db.selectFrom("procedure_versions").select(["id", "status"]).execute();
    for (const [name, method, url] of pages) {
      const r = await ctx.app.inject({
        method,
        url,
        headers: {
          ...clerk.headers,
          ...(method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        },
        ...(method === "POST" ? { payload: "_action=withdraw&code=1.001193" } : {}),
      });
      expect([name, r.statusCode]).toEqual([name, 403]);
    }
    for (const [name, method, url, body] of calls) {
      expect([name, (await api(method, url, body, clerk)).statusCode]).toEqual([name, 403]);
      expect([name, (await api(method, url, body, null)).statusCode]).toEqual([name, 401]);
    }
    expect(await ctx.deps.db.selectFrom("procedure_versions").select(["id", "status"]).execute()).toEqual(before);
  });
});
