/**
 * Issue #10 item 16, counter intake: the procedure picker searches as you type (here its server side, used without
 * JavaScript: diacritic-insensitive, by name or code, limited to the unit's procedures), `?procedure=<national code>`
 * opens the procedure's form, and the applicant's details are asked once — in the e-form — not a second time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "../../src/domain/rules.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsOfficer, type TestOfficer } from "../helpers/officer.js";
import { multipart, PDF_BYTES, vn } from "./office-fixtures.js";

describe("counter intake: picker and applicant", () => {
  let ctx: TestContext;
  let p: TestProcedure;
  let other: TestProcedure;
  let officer: TestOfficer;
  const get = (url: string) => ctx.app.inject({ url, headers: officer.headers });
  const options = (body: string) =>
    [...body.matchAll(/<option value="([0-9a-f-]{36})" data-code="([^"]+)"/g)].map((m) => m[2]);

  beforeAll(async () => {
    ctx = await createTestApp({ demo: false, now: vn("2026-03-02 09:00") });
    p = await insertTestProcedure(ctx.deps.db, { code: "9.999001", name: "Cấp giấy xác nhận thử nghiệm" });
    other = await insertTestProcedure(ctx.deps.db, { code: "9.999002", name: "Đăng ký hộ kinh doanh thử nghiệm" });
    officer = await loginAsOfficer(ctx, { unitId: p.unitId, roles: ["receiving"], username: "tn.picker" });
  });
  afterAll(() => ctx.close());

  it("offers a search box and answers a search without diacritics with the matching procedures only", async () => {
    const all = await get("/office/intake");
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('<input type="search" id="intake-q" name="q"');
    expect(all.body).toMatch(/<script defer src="\/static\/intake-pick(\.[0-9a-f]+)?\.js"><\/script>/);
    expect(options(all.body).sort()).toEqual(["9.999001", "9.999002"]);

    const found = await get(`/office/intake?q=${encodeURIComponent("dang ky ho kinh doanh")}`);
    expect(found.statusCode).toBe(200);
    expect(options(found.body)).toEqual(["9.999002"]);
    expect(found.body).toContain('value="dang ky ho kinh doanh"');
    expect(found.body).toContain("1 thủ tục phù hợp (trong 2 thủ tục).");

    const byCode = await get("/office/intake?q=9.999001&lang=en");
    expect(options(byCode.body)).toEqual(["9.999001"]);
    expect(byCode.body).toContain("1 matching procedures (of 2).");

    const none = await get("/office/intake?q=xyzxyz");
    expect(options(none.body)).toEqual([]);
  });

  it("opens the form of a procedure named by its national code", async () => {
    const res = await get("/office/intake?procedure=9.999002");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`name="intake.procedureId" value="${other.procedureId}"`);
    expect(res.body).toContain("9.999002 – Đăng ký hộ kinh doanh thử nghiệm");
    expect((await get("/office/intake?procedure=9.999404")).statusCode).toBe(404);
  });

  it("asks for the applicant's details once: the e-form's, and records them on the dossier", async () => {
    const form = await get(`/office/intake?procedure=${p.code}`);
    // the test e-form asks for the name, ID number, date of birth and phone (prefill fields): not asked again
    for (const k of ["name", "idNumber", "birthDate", "phone"])
      expect(form.body).not.toContain(`name="intake.applicant.${k}"`);
    // what the e-form does not hold is still asked
    for (const k of ["address", "email"]) expect(form.body).toContain(`name="intake.applicant.${k}"`);
    expect(form.body).toContain("Nhập một lần trong tờ khai điện tử bên dưới");
    // one input for the ID number on the whole page
    expect(form.body.match(/<input[^>]*name="[^"]*idNumber"/g)?.length).toBe(1);

    const body = multipart(
      {
        "intake.procedureId": p.procedureId,
        "intake.channel": "counter",
        "intake.applicant.type": "citizen",
        "intake.applicant.address": "5 Hàng Bài, phường Hoàn Kiếm, Hà Nội",
        "applicant.fullName": "Lê Thị Quầy",
        "applicant.idNumber": "001190054321",
        "applicant.birthDate": "1990-01-01",
        "applicant.phone": "0987654321",
        "intake.sets": "1",
        "intake.returnMethod": "counter",
        _action: "review",
      },
      [{ field: "intake.file.TK", name: "to-khai.pdf", type: "application/pdf", bytes: PDF_BYTES }],
    );
    const res = await ctx.app.inject({
      method: "POST",
      url: "/office/intake",
      headers: { ...officer.headers, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    const id = /\/office\/dossiers\/([0-9a-f-]{36})/.exec(String(res.headers.location))?.[1];
    const row = await ctx.deps.db.selectFrom("dossiers").selectAll().where("id", "=", id!).executeTakeFirstOrThrow();
    expect(row.applicant).toEqual({
      type: "citizen",
      name: "Lê Thị Quầy",
      idNumber: "001190054321",
      birthDate: "1990-01-01",
      phone: "0987654321",
      address: "5 Hàng Bài, phường Hoàn Kiếm, Hà Nội",
    });
  });

  it("an API intake takes the applicant's ID number from the e-form when only the name is given", async () => {
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/office/intake",
      headers: officer.headers,
      payload: {
        procedureId: p.procedureId,
        channel: "postal",
        applicant: { type: "citizen", name: "Đỗ Văn Bưu" },
        data: { applicant: { fullName: "Đỗ Văn Bưu", idNumber: "001080011111", birthDate: "1980-02-02" } },
        returnMethod: "counter",
        // left for checking: its papers are not scanned yet (no receipt of an empty dossier, issue #10 item 3)
        receive: false,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json().dossier;
    const row = await ctx.deps.db
      .selectFrom("dossiers")
      .select("applicant")
      .where("id", "=", d.id)
      .executeTakeFirstOrThrow();
    expect(row.applicant).toMatchObject({ name: "Đỗ Văn Bưu", idNumber: "001080011111", birthDate: "1980-02-02" });
  });

  // Issue #11 item 5 (the #10 caveat): the officer records what was received of each paper — its kind, the number of
  // copies and, where the rule set allows it, that it is kept on paper only — instead of the defaults.
  const intakeFields = (extra: Record<string, string>) => ({
    "intake.procedureId": p.procedureId,
    "intake.channel": "counter",
    "intake.applicant.type": "citizen",
    "applicant.fullName": "Phạm Văn Giấy",
    "applicant.idNumber": "001085012345",
    "applicant.birthDate": "1985-05-05",
    "applicant.phone": "0912345678",
    "intake.sets": "1",
    "intake.returnMethod": "counter",
    _action: "review",
    ...extra,
  });
  const postIntake = async (fields: Record<string, string>, files: Parameters<typeof multipart>[1] = []) => {
    const body = multipart(fields, files);
    return ctx.app.inject({
      method: "POST",
      url: "/office/intake",
      headers: { ...officer.headers, ...body.headers },
      payload: body.payload,
    });
  };
  const papersOf = async (location: unknown) => {
    const id = /\/office\/dossiers\/([0-9a-f-]{36})/.exec(String(location))?.[1];
    const ev = await ctx.deps.db
      .selectFrom("dossier_events")
      .select("data")
      .where("dossier_id", "=", id!)
      .where("type", "=", "submitted")
      .executeTakeFirstOrThrow();
    return (ev.data as { papers?: unknown }).papers;
  };
  const selected = (body: string, name: string) =>
    new RegExp(
      `<select id="[^"]+" name="${name.replace(/\./g, "\\.")}">.*?<option value="([a-z_]+)" selected>`,
      "s",
    ).exec(body)?.[1];

  it("lets the officer record each paper's kind and number of copies, with labels in both languages", async () => {
    const form = await get(`/office/intake?procedure=${p.code}`);
    expect(form.statusCode).toBe(200);
    // one labelled select and number input per scanned component; the catalogue's kind and one copy by default
    expect(form.body).toContain(
      '<label for="in-kind-TK">Hình thức</label><select id="in-kind-TK" name="intake.kind.TK">',
    );
    expect(form.body).toContain('<label for="in-quantity-TK">Số bản</label>');
    expect(form.body).toMatch(
      /<input type="number" id="in-quantity-TK" name="intake\.quantity\.TK" min="1" max="100"[^>]* value="1"/,
    );
    expect(selected(form.body, "intake.kind.TK")).toBe("original");
    expect(selected(form.body, "intake.kind.GT")).toBe("copy");
    expect(form.body).toContain('<option value="certified_copy">Bản sao chứng thực</option>');
    // the rule set in force does not allow paper-only receipt: not offered
    expect(form.body).not.toContain('name="intake.paperOnly.TK"');
    const en = await get(`/office/intake?procedure=${p.code}&lang=en`);
    expect(en.body).toContain('<label for="in-kind-TK">Kind</label>');
    expect(en.body).toContain('<label for="in-quantity-TK">Copies</label>');
    expect(en.body).toContain('<option value="certified_copy">Certified copy</option>');

    // a number of copies that is not a whole number from 1 to 100 is shown beside its input, the rest kept
    const bad = await postIntake(intakeFields({ "intake.kind.TK": "certified_copy", "intake.quantity.TK": "0" }), [
      { field: "intake.file.TK", name: "to-khai.pdf", type: "application/pdf", bytes: PDF_BYTES },
    ]);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#in-quantity-TK"');
    expect(bad.body).toContain('aria-invalid="true" aria-describedby="in-quantity-TK-error"');
    expect(bad.body).toContain("Số bản của “Tờ khai” phải là số nguyên từ 1 đến 100.");
    expect(selected(bad.body, "intake.kind.TK")).toBe("certified_copy");
    const kept = /name="intake\.kept\.TK" value="([0-9a-f-]{36})"/.exec(bad.body)?.[1];
    expect(kept).toBeTruthy();

    const good = await postIntake(
      intakeFields({
        "intake.kept.TK": kept!,
        "intake.kind.TK": "certified_copy",
        "intake.quantity.TK": "2",
        "intake.kind.GT": "original",
        "intake.quantity.GT": "3",
      }),
      [{ field: "intake.file.GT", name: "giay-to.pdf", type: "application/pdf", bytes: PDF_BYTES }],
    );
    expect(good.statusCode, good.body.slice(0, 2000)).toBe(303);
    expect(await papersOf(good.headers.location)).toEqual([
      { code: "TK", kind: "certified_copy", quantity: 2, files: 1, paperOnly: false },
      { code: "GT", kind: "original", quantity: 3, files: 1, paperOnly: false },
    ]);
  });

  it("where the rule set in force allows it, records a paper as kept on paper only", async () => {
    await ctx.deps.db
      .insertInto("rule_sets")
      .values({
        code: "TEST-PAGE-PAPER-ONLY",
        name: "Thử nghiệm: cho phép chỉ lưu bản giấy",
        effective_from: "2026-01-01",
        rules: JSON.stringify({ ...DEFAULT_RULES, paperOnlyReceipt: "allowed" }),
      })
      .execute();
    const form = await get(`/office/intake?procedure=${p.code}`);
    expect(form.body).toContain(
      '<input type="checkbox" id="in-paperOnly-TK" name="intake.paperOnly.TK" value="true"> <label for="in-paperOnly-TK">Chỉ lưu bản giấy, không quét',
    );
    const res = await postIntake(intakeFields({ "intake.paperOnly.TK": "true" }));
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    expect(await papersOf(res.headers.location)).toEqual([
      { code: "TK", kind: "original", quantity: 1, files: 0, paperOnly: true },
    ]);
  });
});
