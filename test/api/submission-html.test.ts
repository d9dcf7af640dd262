import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
    expect(page).toMatch(/id="f-fullName" name="fullName" value="Nguyễn Văn An"/);
    expect(page).toMatch(/id="f-idNumber" name="idNumber" value="001090012345"/);
    expect(page).toMatch(/type="date" id="f-birthDate" name="birthDate" value="1990-05-12"/);
    expect(page).toContain('Họ và tên <span class="req">(bắt buộc)</span>');
    expect(page).toContain('aria-required="true"');
    // Province and commune pick-lists: all communes of the demo province without JavaScript.
    expect(page).toContain('<option value="79">Thành phố Hồ Chí Minh</option>');
    expect(page).toContain('data-province-select="f-province"');
    expect(
      page.match(/<optgroup label="Thành phố Hà Nội"[^>]*>(.*?)<\/optgroup>/s)?.[1].match(/<option/g),
    ).toHaveLength(126);
    // Repeating group with a no-JavaScript "add" button and a template for the script.
    expect(page).toContain('name="_action" value="add:children"');
    expect(page).toContain('<template data-item-template="children">');
    // Upload per component, with its limits.
    expect(page).toContain('name="upload.TK"');
    expect(page).toContain("Định dạng: PDF, JPEG hoặc PNG; tối đa 10 MB mỗi tệp.");
    expect(page).toContain("Định dạng: PDF; tối đa 4 KB mỗi tệp.");
    expect(page).toContain('<script defer src="/static/eform.js"></script>');
    expect(page).toContain('id="eform-data"');
  });

  it("shows the same errors as the API next to the fields and in a linked summary", async () => {
    const before = await counts(ctx);
    const res = await post(fields({ fullName: "", idNumber: "12345", birthDate: "", _action: "review" }));
    expect(res.statusCode).toBe(422);
    const page = res.body;
    const summary = page.match(/<div class="error-summary" role="alert" tabindex="-1"[\s\S]*?<\/div>/)?.[0] ?? "";
    expect(summary).toContain('<a href="#f-fullName">Họ và tên: vui lòng nhập thông tin này.</a>');
    expect(summary).toContain(
      '<a href="#f-idNumber">Số định danh cá nhân: số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.</a>',
    );
    expect(summary).toContain('<a href="#u-TK">Tờ khai: vui lòng đính kèm ít nhất một tệp.</a>');
    expect(page).toMatch(
      /id="f-idNumber-error"[^>]*>.*Số định danh cá nhân: số định danh cá nhân \(CCCD\) phải gồm đúng 12 chữ số\./,
    );
    expect(page).toMatch(
      /id="f-idNumber" name="idNumber" value="12345"[^>]*aria-describedby="f-idNumber-error" aria-invalid="true"/,
    );
    expect(await counts(ctx)).toEqual(before);
  });

  it("adds and removes group items without JavaScript, keeping what was typed", async () => {
    const added = await post(
      fields({ fullName: "An", "children[0]._item": "1", "children[0].fullName": "Khang", _action: "add:children" }),
    );
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain('name="children[0].fullName" value="Khang"');
    expect(added.body).toContain('id="f-children-1-fullName" name="children[1].fullName" value=""');
    expect(added.body).toContain('value="remove:children[1]"');
    const removed = await post(
      fields({
        "children[0]._item": "1",
        "children[0].fullName": "Khang",
        "children[1]._item": "1",
        "children[1].fullName": "Mai",
        _action: "remove:children[0]",
      }),
    );
    expect(removed.body).toContain('name="children[0].fullName" value="Mai"');
    expect(removed.body).not.toContain("Khang");
    expect(removed.body).not.toContain('name="children[1].fullName"');
  });

  it("keeps uploads posted with the form, refuses disguised ones with a field error", async () => {
    const res = await post([
      ...fields({ fullName: "Nguyễn Văn An", _action: "draft" }),
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
    expect(draft.json().data.fullName).toBe("Nguyễn Văn An");
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
        fullName: "Nguyễn Văn An",
        idNumber: "001090012345",
        birthDate: "1990-05-12",
        phone: "0912345678",
        province: "01",
        commune: "00004",
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
