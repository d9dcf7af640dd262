import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prefillFromAccount, validateEForm } from "../../src/shared/eform-validate.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import type { TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import { counts, HTML, insertSubmitProcedure, multipart, type Part, PDF } from "./submission-helpers.js";

/** The online submission as a browser without JavaScript uses it: server-rendered pages and form posts. */
describe("online submission pages (no JavaScript)", () => {
  let ctx: TestContext;
  let proc: TestProcedure;
  let an: TestCitizen;

  beforeAll(async () => {
    ctx = await createTestApp({ demo: false, now: "2026-03-16T02:30:00Z" });
    proc = await insertSubmitProcedure(ctx);
    an = await loginAsCitizen(ctx);
  });
  afterAll(() => ctx.close());

  const post = (parts: Part[], who: TestCitizen | null = an, url = `/nop-ho-so/${proc.code}`) => {
    const body = multipart(parts);
    return ctx.app.inject({
      method: "POST",
      url,
      payload: body.payload,
      headers: { ...body.headers, ...(who?.headers ?? {}), accept: "text/html" },
    });
  };
  const fields = (o: Record<string, string>): Part[] => Object.entries(o).map(([name, value]) => ({ name, value }));

  it("asks to log in first, then comes back to the form", async () => {
    const res = await ctx.app.inject({ url: `/nop-ho-so/${proc.code}`, headers: { accept: "text/html" } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/dang-nhap?next=${encodeURIComponent(`/nop-ho-so/${proc.code}`)}`);
  });

  it("renders an accessible form pre-filled from the account", async () => {
    const res = await ctx.app.inject({
      url: `/nop-ho-so/${proc.code}`,
      headers: { ...an.headers, accept: "text/html" },
    });
    expect(res.statusCode).toBe(200);
    const page = res.body;
    expect(page).toContain('enctype="multipart/form-data"');
    expect(page).toContain("novalidate");
    // Every visible input has a label pointing at it.
    const ids = [
      ...page.matchAll(/<(?:input|select|textarea)(?![^>]*type="(?:hidden|submit)")[^>]*\sid="([^"]+)"/g),
    ].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(8);
    for (const id of ids) expect(page).toContain(`for="${id}"`);
    // Provide once: the identity comes from the account.
    expect(page).toMatch(/id="f-applicant-fullName" name="applicant.fullName" value="Nguyễn Văn An"/);
    expect(page).toMatch(/id="f-applicant-idNumber" name="applicant.idNumber" value="001090012345"/);
    expect(page).toMatch(/type="date" id="f-applicant-birthDate" name="applicant.birthDate" value="1990-05-12"/);
    expect(page).toContain('Họ và tên <span class="req">(bắt buộc)</span>');
    expect(page).toContain('aria-required="true"');
    // Province and commune pick-lists: all communes of the demo province without JavaScript.
    expect(page).toContain('<option value="79">Thành phố Hồ Chí Minh</option>');
    expect(page).toContain('data-province-select="f-address-province"');
    expect(
      page.match(/<optgroup label="Thành phố Hà Nội"[^>]*>(.*?)<\/optgroup>/s)?.[1].match(/<option/g),
    ).toHaveLength(126);
    // Repeating group with a no-JavaScript "add" button and a template for the script.
    expect(page).toContain('name="_action" value="add:family.children"');
    expect(page).toContain('<template data-item-template="family.children">');
    // Upload per component, with its limits.
    expect(page).toContain('name="upload.TK"');
    expect(page).toContain("Định dạng: PDF, JPEG hoặc PNG; tối đa 10 MB mỗi tệp.");
    expect(page).toContain("Định dạng: PDF; tối đa 4 KB mỗi tệp.");
    // The script's URL carries its fingerprint (long-lived cache, issue #10 item 11).
    expect(page).toMatch(/<script defer src="\/static\/eform\.[0-9a-f]{12}\.js"><\/script>/);
    const en = await ctx.app.inject({
      url: `/nop-ho-so/${proc.code}?lang=en`,
      headers: { ...an.headers, accept: "text/html" },
    });
    expect(en.body).toContain("<h1>Submit online: ");
    expect(en.body).toContain('Full name <span class="req">(required)</span>');
    expect(en.body).toContain(`action="/nop-ho-so/${proc.code}?lang=en"`);
    expect(en.body).toContain("Format: PDF, JPEG or PNG; at most 10 MB per file.");
    expect(en.body).not.toContain("undefined");
    expect(page).toContain('id="eform-data"');
  });

  it("shows the same errors as the API next to the fields and in a linked summary", async () => {
    const before = await counts(ctx);
    const res = await post(
      fields({ "applicant.fullName": "", "applicant.idNumber": "12345", "applicant.birthDate": "", _action: "review" }),
    );
    expect(res.statusCode).toBe(422);
    const page = res.body;
    const summary = page.match(/<div class="error-summary" role="alert" tabindex="-1"[\s\S]*?<\/div>/)?.[0] ?? "";
    expect(summary).toContain(
      '<a href="#f-applicant-fullName">Người yêu cầu – Họ và tên: vui lòng nhập thông tin này.</a>',
    );
    expect(summary).toContain(
      '<a href="#f-applicant-idNumber">Người yêu cầu – Số định danh cá nhân: số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.</a>',
    );
    expect(summary).toContain('<a href="#u-TK">Tờ khai: vui lòng đính kèm ít nhất một tệp.</a>');
    expect(page).toMatch(
      /id="f-applicant-idNumber-error"[^>]*>.*Người yêu cầu – Số định danh cá nhân: số định danh cá nhân \(CCCD\) phải gồm đúng 12 chữ số\./,
    );
    expect(page).toMatch(
      /id="f-applicant-idNumber" name="applicant.idNumber" value="12345"[^>]*aria-describedby="f-applicant-idNumber-error" aria-invalid="true"/,
    );
    expect(await counts(ctx)).toEqual(before);
  });

  it("asks for the commune's name where the chosen province has no commune list", async () => {
    const res = await post(fields({ "address.province": "79", "address.commune": "", _action: "review" }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(
      /<input type="text" id="f-address-commune" name="address.commune" value="" maxlength="100" data-commune-text data-province-select="f-address-province"/,
    );
    expect(res.body).toContain("Nơi cư trú – Xã, phường: vui lòng nhập thông tin này.");
    const listed = await post(fields({ "address.province": "01", _action: "draft" }));
    expect(listed.body).toMatch(
      /<select id="f-address-commune" name="address.commune" data-province-select="f-address-province"/,
    );
  });

  it("adds and removes group items without JavaScript, keeping what was typed", async () => {
    const added = await post(
      fields({
        "applicant.fullName": "An",
        "family.children[0]._item": "1",
        "family.children[0].fullName": "Khang",
        _action: "add:family.children",
      }),
    );
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain('name="family.children[0].fullName" value="Khang"');
    expect(added.body).toContain('id="f-family-children-1-fullName" name="family.children[1].fullName" value=""');
    expect(added.body).toContain('value="remove:family.children[1]"');
    const removed = await post(
      fields({
        "family.children[0]._item": "1",
        "family.children[0].fullName": "Khang",
        "family.children[1]._item": "1",
        "family.children[1].fullName": "Mai",
        _action: "remove:family.children[0]",
      }),
    );
    expect(removed.body).toContain('name="family.children[0].fullName" value="Mai"');
    expect(removed.body).not.toContain("Khang");
    expect(removed.body).not.toContain('name="family.children[1].fullName"');
  });

  it("reads large forms whole (hundreds of fields)", async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 150; i++) {
      many[`family.children[${i}]._item`] = "1";
      many[`family.children[${i}].fullName`] = `Con ${i + 1}`;
    }
    // The action comes last: were the body cut at some field count, the draft would not be saved.
    many._action = "draft";
    const res = await post(fields(many));
    expect(res.statusCode).toBe(200);
    const draft = await ctx.app.inject({ url: `/api/drafts/${proc.code}`, headers: an.headers });
    // A draft keeps at most 100 entries of a group; every one of them arrived.
    expect(draft.json().data.family.children).toHaveLength(100);
    expect(draft.json().data.family.children[99]).toEqual({ fullName: "Con 100" });
    await ctx.app.inject({ method: "DELETE", url: `/api/drafts/${proc.code}`, headers: an.headers });
  });

  it("keeps uploads posted with the form, refuses disguised ones with a field error", async () => {
    const res = await post([
      ...fields({ "applicant.fullName": "Nguyễn Văn An", _action: "draft" }),
      { name: "upload.TK", file: { filename: "to-khai.pdf", content: PDF(), type: "application/pdf" } },
      { name: "upload.GT", file: { filename: "trang.pdf", content: HTML, type: "application/pdf" } },
      { name: "upload.GT", file: { filename: "", content: Buffer.alloc(0) } },
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/<input type="hidden" name="files.TK" value="[0-9a-f-]{36}"><span>to-khai.pdf/);
    expect(res.body).toContain(
      "Tệp “trang.pdf” không phải là tệp PDF hợp lệ: nội dung của tệp là không xác định. Hệ thống kiểm tra nội dung tệp, không dựa vào tên tệp.",
    );
    expect(res.body).toContain('<a href="#u-GT">');
    // The draft was saved with the good file.
    const draft = await ctx.app.inject({ url: `/api/drafts/${proc.code}`, headers: an.headers });
    expect(draft.json().files.TK).toHaveLength(1);
    expect(draft.json().data.applicant.fullName).toBe("Nguyễn Văn An");
  });

  it("goes form → review → submit → success, and a double submit gives the same dossier", async () => {
    const up = multipart([
      { name: "file", file: { filename: "to-khai.pdf", content: PDF(), type: "application/pdf" } },
    ]);
    const file = (
      await ctx.app.inject({
        method: "POST",
        url: `/api/uploads?procedure=${proc.code}&component=TK`,
        payload: up.payload,
        headers: { ...up.headers, ...an.headers },
      })
    ).json();
    const review = await post(
      fields({
        "applicant.fullName": "Nguyễn Văn An",
        "applicant.idNumber": "001090012345",
        "applicant.birthDate": "1990-05-12",
        "applicant.phone": "0912345678",
        "address.province": "01",
        "address.commune": "00004",
        "files.TK": file.id,
        _return: "counter",
        _action: "review",
      }),
    );
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain("Kiểm tra lại hồ sơ");
    expect(review.body).toContain("<dt>Ngày sinh</dt><dd>12/05/1990</dd>");
    expect(review.body).toContain("<dd>Phường Ba Đình</dd>");
    expect(review.body).toContain("to-khai.pdf");
    const key = review.body.match(/name="_idem" value="([^"]+)"/)?.[1];
    expect(key).toBeTruthy();

    const before = await counts(ctx);
    const send = () =>
      ctx.app.inject({
        method: "POST",
        url: `/nop-ho-so/${proc.code}/nop`,
        payload: `_idem=${key}`,
        headers: { ...an.headers, "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      });
    const [a, b] = await Promise.all([send(), send()]);
    expect(a.statusCode).toBe(303);
    expect(b.headers.location).toBe(a.headers.location);
    expect(a.headers.location).toMatch(new RegExp(`^/nop-ho-so/${proc.code}/da-nop/[0-9a-f-]{36}$`));
    const after = await counts(ctx);
    expect(after.dossiers).toBe(before.dossiers + 1);

    const success = await ctx.app.inject({
      url: a.headers.location as string,
      headers: { ...an.headers, accept: "text/html" },
    });
    expect(success.statusCode).toBe(200);
    expect(success.body).toContain("Nộp hồ sơ thành công");
    expect(success.body).toMatch(/<p class="reference">HS-[0-9A-Z]{8}<\/p>/);
    const id = (a.headers.location as string).split("/").pop();
    expect(success.body).toContain(`href="/ho-so-cua-toi/${id}"`);
    const d = await ctx.deps.db.selectFrom("dossiers").selectAll().where("id", "=", id!).executeTakeFirstOrThrow();
    expect(d).toMatchObject({ status: 1, channel: "online", return_method: "counter", idempotency_key: key });
    // The draft is gone: the form starts fresh, pre-filled again.
    const fresh = await ctx.app.inject({
      url: `/nop-ho-so/${proc.code}`,
      headers: { ...an.headers, accept: "text/html" },
    });
    expect(fresh.body).not.toContain("Đã khôi phục bản nháp");
  });

  it("answers an unknown procedure with a page", async () => {
    const res = await ctx.app.inject({ url: "/nop-ho-so/9.000000", headers: { ...an.headers, accept: "text/html" } });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain("Không tìm thấy thủ tục hành chính có mã “9.000000”.");
  });

  it("serves the browser script bundled with the shared validator", async () => {
    const res = await ctx.app.inject("/static/eform.js");
    expect(res.statusCode).toBe(200);
    // The validator's messages and the pick-lists are in the bundle (esbuild writes non-ASCII as escapes).
    expect(res.body.includes("{label}: vui l\\xF2ng nh\\u1EADp th\\xF4ng tin n\\xE0y.")).toBe(true);
    expect(res.body.includes('["00004","Ph\\u01B0\\u1EDDng Ba \\u0110\\xECnh"]')).toBe(true);
    expect(res.body.includes("eform-data")).toBe(true);
  });
});

/** Every e-form of the demo catalogue renders accessibly and its error summary links to real fields. */
describe("demo catalogue e-forms", () => {
  let ctx: TestContext;
  let an: TestCitizen;

  beforeAll(async () => {
    ctx = await createTestApp({ now: "2026-03-16T02:30:00Z" });
    an = await loginAsCitizen(ctx);
  });
  afterAll(() => ctx.close());

  it("renders every online procedure's form with labels, unique ids and linked errors", async () => {
    const procs = await ctx.deps.db
      .selectFrom("procedures")
      .innerJoin("procedure_versions as v", "v.id", "procedures.current_version_id")
      .select(["procedures.national_code", "v.online_kind", "v.applicant_types", "v.eform"])
      .where("v.status", "=", "published")
      .execute();
    const online = procs.filter((p) => p.online_kind !== "none");
    expect(online.length).toBeGreaterThan(0);
    for (const p of online) {
      if (!p.applicant_types.includes("citizen")) {
        // A citizen is told at once that the procedure is for organisations and businesses.
        const res = await ctx.app.inject({
          url: `/nop-ho-so/${p.national_code}`,
          headers: { ...an.headers, accept: "text/html" },
        });
        expect(res.statusCode, p.national_code).toBe(422);
        expect(res.body).toContain("Thủ tục này dành cho tổ chức, doanh nghiệp");
        continue;
      }
      const res = await ctx.app.inject({
        url: `/nop-ho-so/${p.national_code}`,
        headers: { ...an.headers, accept: "text/html" },
      });
      expect(res.statusCode, p.national_code).toBe(200);
      const page = res.body.replace(/<template[\s\S]*?<\/template>/g, "");
      const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size, `${p.national_code}: duplicate ids`).toBe(ids.length);
      const controls = [
        ...page.matchAll(/<(?:input|select|textarea)(?![^>]*type="(?:hidden|submit)")[^>]*\sid="([^"]+)"/g),
      ].map((m) => m[1]);
      for (const id of controls) expect(page, `${p.national_code}: label for ${id}`).toContain(`for="${id}"`);

      // The account's data pre-fills fields without making them invalid (provide once).
      const account = await ctx.deps.db
        .selectFrom("citizens")
        .selectAll()
        .where("id", "=", an.id)
        .executeTakeFirstOrThrow();
      const prefill = prefillFromAccount(p.eform, account);
      const prefilled = Object.entries(prefill).flatMap(([sk, v]) => Object.keys(v as object).map((k) => `${sk}.${k}`));
      const prefillErrors = validateEForm(p.eform, prefill, "vi").errors.filter((e) => prefilled.includes(e.path));
      expect(prefillErrors, p.national_code).toEqual([]);

      // Continue with nothing but the pre-filled identity: every error links to an element of the page.
      const bad = multipart([{ name: "_action", value: "review" }]);
      const err = await ctx.app.inject({
        method: "POST",
        url: `/nop-ho-so/${p.national_code}`,
        payload: bad.payload,
        headers: { ...bad.headers, ...an.headers, accept: "text/html" },
      });
      expect(err.statusCode, p.national_code).toBe(422);
      const errPage = err.body.replace(/<template[\s\S]*?<\/template>/g, "");
      const summary = errPage.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0] ?? "";
      const hrefs = [...summary.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
      expect(hrefs.length, p.national_code).toBeGreaterThan(0);
      for (const h of hrefs) expect(errPage, `${p.national_code}: #${h}`).toContain(` id="${h}"`);
    }
  });
});
