import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "../helpers/app.js";
import type { TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import {
  counts,
  EXE,
  insertSubmitProcedure,
  multipart,
  PDF,
  PNG,
  storedBlobs,
  upload,
  ZIP,
} from "./submission-helpers.js";

describe("attachments API", () => {
  let ctx: TestContext;
  let proc: TestProcedure;
  let an: TestCitizen;
  let binh: TestCitizen;

  beforeAll(async () => {
    ctx = await createTestApp({ demo: false });
    proc = await insertSubmitProcedure(ctx);
    an = await loginAsCitizen(ctx);
    binh = await loginAsCitizen(ctx, { subject: "test|binh", idNumber: "079195001234", name: "Trần Thị Bình" });
  });
  afterAll(() => ctx.close());

  it("stores a file durably with its checksum and the type detected from its content", async () => {
    const res = await upload(ctx, an, { filename: "anh-chan-dung.pdf", content: PNG, type: "application/pdf" });
    expect(res.statusCode).toBe(201);
    const f = res.json();
    // PNG bytes named .pdf and declared as PDF: allowed (PNG is accepted), recorded as what it is.
    expect(f).toMatchObject({ name: "anh-chan-dung.pdf", mime: "image/png", size: PNG.length });
    expect(f.sha256).toBe(createHash("sha256").update(PNG).digest("hex"));
    const row = await ctx.deps.db.selectFrom("files").selectAll().where("id", "=", f.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ owner_kind: "citizen", owner_id: an.id, mime: "image/png", sha256: f.sha256 });
    expect(Buffer.compare(await ctx.deps.files.get(row.storage_key!), PNG)).toBe(0);
    // Only its owner can read it back.
    const mine = await ctx.app.inject({ url: `/api/uploads/${f.id}`, headers: an.headers });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers["content-type"]).toBe("image/png");
    expect(mine.headers["x-content-type-options"]).toBe("nosniff");
    expect(Buffer.compare(mine.rawPayload, PNG)).toBe(0);
    const theirs = await ctx.app.inject({ url: `/api/uploads/${f.id}`, headers: binh.headers });
    expect(theirs.statusCode).toBe(404);
  });

  it("uses the defaults without a component, and the component's limits with one", async () => {
    const noComponent = await upload(ctx, an, { filename: "x.pdf", content: PDF() }, {});
    expect(noComponent.statusCode).toBe(201);
    const gt = await upload(ctx, an, { filename: "x.png", content: PNG }, { procedure: proc.code, component: "GT" });
    expect(gt.statusCode).toBe(422);
    expect(gt.json().error.message).toBe(
      "Tệp “x.png” không phải là tệp PDF hợp lệ: nội dung của tệp là PNG. Hệ thống kiểm tra nội dung tệp, không dựa vào tên tệp.",
    );
    // The component can also be named in form fields sent before the file.
    const body = multipart([
      { name: "procedure", value: proc.code },
      { name: "component", value: "GT" },
      { name: "file", file: { filename: "y.png", content: PNG } },
    ]);
    const fields = await ctx.app.inject({
      method: "POST",
      url: "/api/uploads",
      payload: body.payload,
      headers: { ...body.headers, ...an.headers },
    });
    expect(fields.statusCode).toBe(422);
    expect(fields.json().error.code).toBe("file_type_not_allowed");
  });

  it("refuses bad uploads with localised errors and stores nothing", async () => {
    const before = await counts(ctx);
    const blobs = await storedBlobs(ctx);
    const cases: Array<[Awaited<ReturnType<typeof upload>>, number, string]> = [
      [
        await upload(ctx, null, { filename: "a.pdf", content: PDF() }),
        401,
        "Bạn cần đăng nhập để thực hiện thao tác này.",
      ],
      [await upload(ctx, an, { filename: "a.pdf", content: Buffer.alloc(0) }), 422, "Tệp “a.pdf” không có nội dung."],
      [
        await upload(
          ctx,
          an,
          { filename: "setup.pdf", content: EXE },
          { procedure: proc.code, component: "TK", lang: "en" },
        ),
        422,
        "The file “setup.pdf” is not a valid PDF, JPEG or PNG file: its content is EXE. Files are checked by their content, not their name.",
      ],
      [
        await upload(ctx, an, { filename: "../../etc/ho-so.pdf", content: ZIP }),
        422,
        "Tệp “ho-so.pdf” không phải là tệp PDF, JPEG hoặc PNG hợp lệ: nội dung của tệp là ZIP. Hệ thống kiểm tra nội dung tệp, không dựa vào tên tệp.",
      ],
      [
        await upload(ctx, an, { filename: "a.pdf", content: PDF() }, { procedure: "9.000000", component: "TK" }),
        404,
        "Không tìm thấy thủ tục hành chính có mã “9.000000”.",
      ],
      [
        await upload(ctx, an, { filename: "a.pdf", content: PDF() }, { procedure: proc.code, component: "ZZ" }),
        422,
        "Thủ tục không có thành phần hồ sơ mã “ZZ”.",
      ],
    ];
    for (const [res, status, message] of cases) {
      expect(res.statusCode).toBe(status);
      expect(res.json().error.message).toBe(message);
    }
    const fieldsOnly = multipart([{ name: "component", value: "TK" }]);
    const noFile = await ctx.app.inject({
      method: "POST",
      url: "/api/uploads",
      payload: fieldsOnly.payload,
      headers: { ...fieldsOnly.headers, ...an.headers },
    });
    expect(noFile.statusCode).toBe(422);
    expect(noFile.json().error.message).toBe("Vui lòng chọn một tệp để tải lên.");
    // A body cut or mangled on the way (its boundary does not match) is a bad request, not a crash.
    const mangled = await ctx.app.inject({
      method: "POST",
      url: "/api/uploads",
      payload: multipart([{ name: "file", file: { filename: "a.pdf", content: PDF() } }]).payload,
      headers: { ...multipart([]).headers, ...an.headers },
    });
    expect(mangled.statusCode).toBe(400);
    expect(mangled.json().error.message).toBe("Dữ liệu gửi lên không hợp lệ.");
    const json = await ctx.app.inject({
      method: "POST",
      url: "/api/uploads",
      payload: { file: "x" },
      headers: an.headers,
    });
    expect(json.statusCode).toBe(422);
    expect(json.json().error.message).toBe("Vui lòng chọn một tệp để tải lên.");
    expect(await counts(ctx)).toEqual(before);
    expect(await storedBlobs(ctx)).toBe(blobs);
  });

  it("refuses a file over the transport limit as too large", async () => {
    const small = await createTestApp({ demo: false, config: { maxUploadBytes: 1024 } });
    try {
      const p = await insertSubmitProcedure(small);
      const who = await loginAsCitizen(small);
      const big = Buffer.concat([PDF(), Buffer.alloc(12 * 1024 * 1024, 0x20)]);
      const res = await upload(
        small,
        who,
        { filename: "lon.pdf", content: big },
        { procedure: p.code, component: "TK" },
      );
      expect(res.statusCode).toBe(413);
      expect(res.json().error.message).toBe(
        "Tệp “lon.pdf” vượt quá dung lượng cho phép (10 MB) của thành phần “Tờ khai”.",
      );
      expect(await storedBlobs(small)).toBe(0);
    } finally {
      await small.close();
    }
  });

  it("an unknown file id answers 404", async () => {
    const res = await ctx.app.inject({ url: `/api/uploads/${randomUUID()}`, headers: an.headers });
    expect(res.statusCode).toBe(404);
  });
});
