import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invalidateCatalogue } from "../../src/app/catalogue.js";
import { verifyChains } from "../../src/app/history.js";
import { DEFAULT_RULE_SET_CODE } from "../../src/domain/rules.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import {
  counts,
  EXE,
  HTML,
  insertSubmitProcedure,
  PDF,
  PNG,
  storedBlobs,
  submit,
  upload,
  VALID_DATA,
  ZIP,
} from "./submission-helpers.js";

const NOW = "2026-03-16T02:30:00.000Z"; // 09:30 Monday 16/03/2026 in Vietnam

describe("online submission API", () => {
  let ctx: TestContext;
  let proc: TestProcedure;
  let an: TestCitizen;
  let binh: TestCitizen;

  beforeAll(async () => {
    ctx = await createTestApp({ demo: false, now: NOW });
    proc = await insertSubmitProcedure(ctx);
    an = await loginAsCitizen(ctx);
    binh = await loginAsCitizen(ctx, { subject: "test|binh", idNumber: "079195001234", name: "Trần Thị Bình" });
  });
  afterAll(() => ctx.close());

  async function tkFile(who: TestCitizen = an) {
    const res = await upload(ctx, who, { filename: "to-khai.pdf", content: PDF() });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  }

  /** Asserts a refused request wrote nothing a submission writes. */
  async function expectNothingWritten(before: Awaited<ReturnType<typeof counts>>) {
    expect(await counts(ctx)).toEqual(before);
  }

  it("submits: status 1 dossier, files, first hash-chained event and outbox message in one go", async () => {
    const bytes = PDF();
    const up = await upload(ctx, an, { filename: "tờ khai.pdf", content: bytes, type: "text/plain" });
    expect(up.statusCode).toBe(201);
    const file = up.json();
    expect(file).toMatchObject({
      name: "tờ khai.pdf",
      mime: "application/pdf",
      size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    // A draft exists before, and is gone after the submission.
    const draft = await ctx.app.inject({
      method: "PUT",
      url: `/api/drafts/${proc.code}`,
      headers: an.headers,
      payload: { data: { fullName: "Nguyễn Văn An" } },
    });
    expect(draft.statusCode).toBe(200);

    const res = await submit(ctx, an, {
      procedureCode: proc.code,
      data: { ...VALID_DATA, unknownKey: "dropped" },
      files: [{ componentCode: "TK", fileId: file.id }],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      id: expect.any(String),
      reference: expect.stringMatching(/^HS-[0-9A-HJKMNP-TV-Z]{8}$/),
      status: 1,
      statusName: "Mới đăng ký",
    });

    const d = await ctx.deps.db.selectFrom("dossiers").selectAll().where("id", "=", body.id).executeTakeFirstOrThrow();
    expect(d).toMatchObject({
      reference: body.reference,
      code: null,
      status: 1,
      channel: "online",
      procedure_id: proc.procedureId,
      procedure_version_id: proc.versionId,
      rule_set_code: DEFAULT_RULE_SET_CODE,
      receiving_unit_id: proc.unitId,
      applicant_account_id: an.id,
      return_method: "online",
      last_event_seq: 1,
    });
    expect(d.submitted_at.toISOString()).toBe(NOW);
    expect(d.applicant).toEqual({
      type: "citizen",
      name: "Nguyễn Văn An",
      idNumber: "001090012345",
      birthDate: "1990-05-12",
      address: "12 Trần Phú, phường Ba Đình, Hà Nội",
      phone: "0912345678",
      email: "an.nguyen@example.vn",
    });
    // The validated, normalised data; unknown keys are not stored.
    expect(d.data).toEqual({
      applicant: { fullName: "Nguyễn Văn An", idNumber: "001090012345", birthDate: "1990-05-12", phone: "0912345678" },
      address: { province: "01", commune: "00004" },
      family: { children: [{ fullName: "Nguyễn Minh Khang", birthDate: "2015-09-02" }] },
    });

    const files = await ctx.deps.db.selectFrom("dossier_files").selectAll().where("dossier_id", "=", body.id).execute();
    expect(files).toEqual([expect.objectContaining({ file_id: file.id, component_code: "TK", kind: "component" })]);

    const events = await ctx.deps.db
      .selectFrom("dossier_events")
      .selectAll()
      .where("dossier_id", "=", body.id)
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      seq: 1,
      type: "submitted",
      actor_kind: "citizen",
      actor_id: an.id,
      actor_name: "Nguyễn Văn An",
      from_status: null,
      to_status: 1,
      prev_hash: null,
    });
    expect(events[0].data).toMatchObject({
      channel: "online",
      procedureVersionId: proc.versionId,
      files: [{ fileId: file.id, componentCode: "TK", sha256: file.sha256 }],
    });
    expect(await verifyChains(ctx.deps.db, body.id)).toEqual({ checked: 1 });

    const outbox = await ctx.deps.db.selectFrom("outbox").selectAll().where("dossier_id", "=", body.id).execute();
    expect(outbox).toEqual([
      expect.objectContaining({
        topic: "notify.status",
        key: `${body.id}:1`,
        payload: { dossierId: body.id, status: 1, seq: 1 },
      }),
    ]);
    const gone = await ctx.app.inject({ url: `/api/drafts/${proc.code}`, headers: an.headers });
    expect(gone.statusCode).toBe(404);
  });

  it("refuses an anonymous submission", async () => {
    const res = await submit(ctx, null, { procedureCode: proc.code, data: VALID_DATA });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toBe("Bạn cần đăng nhập để thực hiện thao tác này.");
  });

  describe("bad input: a clear, localised error and no partial record", () => {
    it("wrong types inside the e-form data", async () => {
      const fileId = await tkFile();
      const before = await counts(ctx);
      const res = await submit(ctx, an, {
        procedureCode: proc.code,
        data: {
          ...VALID_DATA,
          applicant: { ...VALID_DATA.applicant, fullName: 123, birthDate: { day: 12 }, idNumber: 1090012345 },
          family: { children: "Khang" },
        },
        files: [{ componentCode: "TK", fileId }],
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({
        code: "validation_failed",
        message: "Hồ sơ chưa hợp lệ, vui lòng kiểm tra các trường được nêu.",
        fields: [
          { path: "data.applicant.fullName", message: "Người yêu cầu – Họ và tên: giá trị phải là chuỗi ký tự." },
          {
            path: "data.applicant.idNumber",
            message: "Người yêu cầu – Số định danh cá nhân: giá trị phải là chuỗi ký tự.",
          },
          { path: "data.applicant.birthDate", message: "Người yêu cầu – Ngày sinh: giá trị phải là chuỗi ký tự." },
          { path: "data.family.children", message: "Gia đình – Con: dữ liệu phải là một danh sách." },
        ],
      });
      await expectNothingWritten(before);
    });

    it("wrong types in the request body itself (schema)", async () => {
      const before = await counts(ctx);
      const res = await submit(ctx, an, { procedureCode: proc.code, data: "họ tên", files: "TK" });
      expect(res.statusCode).toBe(422);
      const err = res.json().error;
      expect(err.code).toBe("validation_failed");
      expect(err.message).toBe("Dữ liệu gửi lên không hợp lệ.");
      expect(err.fields).toEqual(
        expect.arrayContaining([{ path: "body.data", message: "Sai kiểu dữ liệu, cần đối tượng." }]),
      );
      const extra = await submit(ctx, an, { procedureCode: proc.code, data: {}, status: 9 });
      expect(extra.statusCode).toBe(422);
      expect(extra.json().error.fields).toEqual([{ path: "body.status", message: "Trường này không được phép." }]);
      await expectNothingWritten(before);
    });

    it("missing required fields, in Vietnamese and in English, with item paths in groups", async () => {
      const fileId = await tkFile();
      const before = await counts(ctx);
      const res = await submit(ctx, an, {
        procedureCode: proc.code,
        data: { family: { children: [{ birthDate: "31/02/2015" }] } },
        files: [{ componentCode: "TK", fileId }],
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.fields).toEqual([
        { path: "data.applicant.fullName", message: "Người yêu cầu – Họ và tên: vui lòng nhập thông tin này." },
        {
          path: "data.applicant.idNumber",
          message: "Người yêu cầu – Số định danh cá nhân: vui lòng nhập thông tin này.",
        },
        { path: "data.applicant.birthDate", message: "Người yêu cầu – Ngày sinh: vui lòng nhập thông tin này." },
        { path: "data.address.province", message: "Nơi cư trú – Tỉnh, thành phố: vui lòng nhập thông tin này." },
        { path: "data.address.commune", message: "Nơi cư trú – Xã, phường: vui lòng nhập thông tin này." },
        {
          path: "data.family.children[0].fullName",
          message: "Gia đình – Con (mục 1) – Họ và tên: vui lòng nhập thông tin này.",
        },
        {
          path: "data.family.children[0].birthDate",
          message:
            "Gia đình – Con (mục 1) – Ngày sinh: ngày không hợp lệ, nhập theo dạng ngày/tháng/năm (ví dụ 15/03/1990).",
        },
      ]);
      const en = await submit(
        ctx,
        an,
        {
          procedureCode: proc.code,
          data: { ...VALID_DATA, applicant: { ...VALID_DATA.applicant, idNumber: "12345" } },
        },
        { lang: "en" },
      );
      expect(en.json().error).toMatchObject({
        message: "The dossier is not valid yet: check the fields listed.",
        fields: [
          {
            path: "data.applicant.idNumber",
            message: "Applicant – Personal ID number: the personal identification number must be exactly 12 digits.",
          },
          { path: "files.TK", message: "Tờ khai: attach at least one file." },
        ],
      });
      await expectNothingWritten(before);
    });

    it("a commune outside the chosen province", async () => {
      const fileId = await tkFile();
      const before = await counts(ctx);
      const res = await submit(ctx, an, {
        procedureCode: proc.code,
        data: { ...VALID_DATA, address: { province: "79", commune: "00004" } },
        files: [{ componentCode: "TK", fileId }],
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.fields).toEqual([
        {
          path: "data.address.commune",
          message: "Nơi cư trú – Xã, phường: xã/phường đã chọn không thuộc tỉnh/thành phố đã chọn.",
        },
      ]);
      await expectNothingWritten(before);
    });

    it("a missing required component", async () => {
      const before = await counts(ctx);
      const res = await submit(ctx, an, { procedureCode: proc.code, data: VALID_DATA, files: [] });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.fields).toEqual([
        { path: "files.TK", message: "Tờ khai: vui lòng đính kèm ít nhất một tệp." },
      ]);
      await expectNothingWritten(before);
    });

    it("an oversized file is refused at upload (413) and nothing is stored", async () => {
      const before = await counts(ctx);
      const blobs = await storedBlobs(ctx);
      const big = Buffer.concat([PDF(), Buffer.alloc(5000, 0x20)]);
      const res = await upload(
        ctx,
        an,
        { filename: "ban-sao.pdf", content: big },
        { procedure: proc.code, component: "GT" },
      );
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toMatchObject({
        code: "file_too_large",
        message: "Tệp “ban-sao.pdf” vượt quá dung lượng cho phép (4 KB) của thành phần “Giấy tờ kèm theo”.",
      });
      const en = await upload(
        ctx,
        an,
        { filename: "copy.pdf", content: big },
        { procedure: proc.code, component: "GT", lang: "en" },
      );
      expect(en.json().error.message).toBe(
        "The file “copy.pdf” is larger than the 4 KB allowed for “Giấy tờ kèm theo”.",
      );
      await expectNothingWritten(before);
      expect(await storedBlobs(ctx)).toBe(blobs);
    });

    it("disguised files (HTML, ZIP, EXE named .pdf/.jpg) are refused by content, nothing stored", async () => {
      const before = await counts(ctx);
      const blobs = await storedBlobs(ctx);
      const html = await upload(ctx, an, { filename: "ho-so.pdf", content: HTML, type: "application/pdf" });
      expect(html.statusCode).toBe(422);
      expect(html.json().error).toMatchObject({
        code: "file_type_not_allowed",
        message:
          "Tệp “ho-so.pdf” không phải là tệp PDF, JPEG hoặc PNG hợp lệ: nội dung của tệp là không xác định. Hệ thống kiểm tra nội dung tệp, không dựa vào tên tệp.",
      });
      const zip = await upload(ctx, an, { filename: "giay-to.pdf", content: ZIP });
      expect(zip.json().error.message).toContain("nội dung của tệp là ZIP");
      const exe = await upload(ctx, an, { filename: "anh.jpg", content: EXE, type: "image/jpeg" });
      expect(exe.statusCode).toBe(422);
      expect(exe.json().error.message).toContain("nội dung của tệp là EXE");
      // A real PNG where the component takes PDF only.
      const png = await upload(
        ctx,
        an,
        { filename: "scan.pdf", content: PNG },
        { procedure: proc.code, component: "GT", lang: "en" },
      );
      expect(png.json().error.message).toBe(
        "The file “scan.pdf” is not a valid PDF file: its content is PNG. Files are checked by their content, not their name.",
      );
      await expectNothingWritten(before);
      expect(await storedBlobs(ctx)).toBe(blobs);
    });

    it("an unknown procedure (404), an unpublished one and one not offered online (422)", async () => {
      const draftProc = await insertTestProcedure(ctx.deps.db, { code: "9.999002", status: "draft" });
      const offline = await insertTestProcedure(ctx.deps.db, {
        code: "9.999003",
        onlineKind: "none",
        name: "Thủ tục chỉ nộp trực tiếp",
      });
      const before = await counts(ctx);
      const unknown = await submit(ctx, an, { procedureCode: "9.000000", data: VALID_DATA });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error).toMatchObject({
        code: "procedure_not_found",
        message: "Không tìm thấy thủ tục hành chính có mã “9.000000”.",
      });
      const unpublished = await submit(ctx, an, { procedureCode: draftProc.code, data: VALID_DATA });
      expect(unpublished.statusCode).toBe(422);
      expect(unpublished.json().error).toMatchObject({
        code: "procedure_not_published",
        message: "Thủ tục “9.999002” chưa được công bố hoặc đã ngừng áp dụng nên không thể nộp hồ sơ.",
      });
      const none = await submit(ctx, an, { procedureCode: offline.code, data: VALID_DATA }, { lang: "en" });
      expect(none.statusCode).toBe(422);
      expect(none.json().error).toMatchObject({
        code: "online_submission_not_allowed",
        message:
          "The procedure “Thủ tục chỉ nộp trực tiếp” cannot be submitted online. Please submit at the counter or by post.",
      });
      await expectNothingWritten(before);
    });

    it("someone else's file, an unknown component and an unknown receiving unit", async () => {
      const theirs = await tkFile(binh);
      const mine = await tkFile(an);
      const before = await counts(ctx);
      const res = await submit(ctx, an, {
        procedureCode: proc.code,
        receivingUnitId: proc.specialistUnitId,
        data: VALID_DATA,
        files: [
          { componentCode: "TK", fileId: theirs },
          { componentCode: "XX", fileId: mine },
        ],
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.fields).toEqual([
        { path: "receivingUnitId", message: "Nơi tiếp nhận đã chọn không thực hiện thủ tục này." },
        { path: "files.TK", message: "Tờ khai: tệp đính kèm không tồn tại hoặc không phải do bạn tải lên." },
        { path: "files.XX", message: "Thủ tục không có thành phần hồ sơ mã “XX”." },
      ]);
      const random = await submit(ctx, an, {
        procedureCode: proc.code,
        data: VALID_DATA,
        files: [{ componentCode: "TK", fileId: randomUUID() }],
      });
      expect(random.json().error.fields).toEqual([
        { path: "files.TK", message: "Tờ khai: tệp đính kèm không tồn tại hoặc không phải do bạn tải lên." },
      ]);
      await expectNothingWritten(before);
    });

    it("an invalid Idempotency-Key", async () => {
      const before = await counts(ctx);
      const res = await submit(ctx, an, { procedureCode: proc.code, data: VALID_DATA }, { key: "x" });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe("invalid_idempotency_key");
      await expectNothingWritten(before);
    });
  });

  it("a replayed submission (same Idempotency-Key) returns the same dossier and writes nothing more", async () => {
    const fileId = await tkFile();
    const key = randomUUID();
    const body = { procedureCode: proc.code, data: VALID_DATA, files: [{ componentCode: "TK", fileId }] };
    const first = await submit(ctx, an, body, { key });
    expect(first.statusCode).toBe(201);
    const before = await counts(ctx);
    const again = await submit(ctx, an, body, { key });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    // The key reused with another body is refused, not answered with the old dossier (issue #10 item 14).
    const reused = await submit(ctx, an, { procedureCode: proc.code, data: {} }, { key });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error).toMatchObject({
      code: "idempotency_key_reused",
      message:
        "Khoá chống gửi trùng (Idempotency-Key) này đã được dùng cho một hồ sơ khác với nội dung khác. Hãy dùng khoá mới cho mỗi hồ sơ.",
    });
    const changed = await submit(ctx, an, { ...body, data: { ...VALID_DATA, extra: 1 } }, { key });
    expect(changed.statusCode).toBe(409);
    await expectNothingWritten(before);
    const rows = await ctx.deps.db
      .selectFrom("dossiers")
      .select("id")
      .where("applicant_account_id", "=", an.id)
      .where("idempotency_key", "=", key)
      .execute();
    expect(rows).toHaveLength(1);
    // The same key from another account is another submission.
    const theirs = await submit(
      ctx,
      binh,
      { ...body, files: [{ componentCode: "TK", fileId: await tkFile(binh) }] },
      { key },
    );
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().id).not.toBe(first.json().id);
  });

  it("concurrent submissions with the same key create exactly one dossier", async () => {
    const fileId = await tkFile();
    const key = `concurrent-${randomUUID()}`;
    const body = { procedureCode: proc.code, data: VALID_DATA, files: [{ componentCode: "TK", fileId }] };
    const before = await counts(ctx);
    const results = await Promise.all(Array.from({ length: 5 }, () => submit(ctx, an, body, { key })));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 201]);
    const ids = new Set(results.map((r) => r.json().id));
    expect(ids.size).toBe(1);
    const after = await counts(ctx);
    expect(after).toEqual({
      ...before,
      dossiers: before.dossiers + 1,
      dossierFiles: before.dossierFiles + 1,
      events: before.events + 1,
      outbox: before.outbox + 1,
    });
    expect((await verifyChains(ctx.deps.db)).broken).toBeUndefined();
  });

  it("an uploaded file belongs to one dossier: a second dossier cannot take it, even concurrently", async () => {
    const fileId = await tkFile();
    const body = { procedureCode: proc.code, data: VALID_DATA, files: [{ componentCode: "TK", fileId }] };
    const first = await submit(ctx, an, body, { key: randomUUID() });
    expect(first.statusCode).toBe(201);
    const before = await counts(ctx);
    const second = await submit(ctx, an, body, { key: randomUUID() });
    expect(second.statusCode).toBe(422);
    expect(second.json().error.fields).toEqual([
      {
        path: "files.TK",
        message:
          "Tờ khai: tệp “to-khai.pdf” đã thuộc một hồ sơ khác; mỗi tệp tải lên chỉ thuộc một hồ sơ. Vui lòng tải tệp lên lại.",
      },
    ]);
    await expectNothingWritten(before);

    // Two submissions racing with the same fresh file: the database lets one dossier have it.
    const raced = await tkFile();
    const race = { ...body, files: [{ componentCode: "TK", fileId: raced }] };
    const results = await Promise.all([0, 1, 2].map(() => submit(ctx, an, race, { key: randomUUID() })));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 201))
      expect(["file_in_another_dossier", "validation_failed"]).toContain(r.json().error.code);
    const links = await ctx.deps.db
      .selectFrom("dossier_files")
      .select("dossier_id")
      .where("file_id", "=", raced)
      .execute();
    expect(links).toHaveLength(1);

    // The rule holds below the use cases too: the database refuses a second dossier for the file.
    const other = await submit(ctx, an, { ...body, files: [{ componentCode: "TK", fileId: await tkFile() }] });
    expect(other.statusCode).toBe(201);
    await expect(
      ctx.deps.db
        .insertInto("dossier_files")
        .values({ dossier_id: other.json().id, file_id: fileId, component_code: "TK", kind: "component" })
        .execute(),
    ).rejects.toThrow(/dossier_files_one_dossier|unique|duplicate/i);
  });

  it("without a key, two submissions are two dossiers with distinct references", async () => {
    const body = (fileId: string) => ({
      procedureCode: proc.code,
      data: VALID_DATA,
      files: [{ componentCode: "TK", fileId }],
    });
    const a = await submit(ctx, an, body(await tkFile()));
    const b = await submit(ctx, an, body(await tkFile()));
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(a.json().reference).not.toBe(b.json().reference);
  });

  it("chooses among several receiving units only when asked to, and requires a choice", async () => {
    await ctx.deps.db
      .updateTable("procedure_versions")
      .set({ implementing_unit_ids: JSON.stringify([proc.unitId, proc.specialistUnitId]) })
      .where("id", "=", proc.versionId)
      .execute();
    invalidateCatalogue(ctx.deps); // a published version changed in place (only a test does that)
    try {
      const fileId = await tkFile();
      const missing = await submit(ctx, an, {
        procedureCode: proc.code,
        data: VALID_DATA,
        files: [{ componentCode: "TK", fileId }],
      });
      expect(missing.statusCode).toBe(422);
      expect(missing.json().error.fields).toEqual([
        { path: "receivingUnitId", message: "Vui lòng chọn nơi tiếp nhận hồ sơ." },
      ]);
      const chosen = await submit(ctx, an, {
        procedureCode: proc.code,
        receivingUnitId: proc.specialistUnitId,
        data: VALID_DATA,
        files: [{ componentCode: "TK", fileId }],
        returnMethod: "post",
      });
      expect(chosen.statusCode).toBe(201);
      const d = await ctx.deps.db
        .selectFrom("dossiers")
        .select(["receiving_unit_id", "return_method", "return_address"])
        .where("id", "=", chosen.json().id)
        .executeTakeFirstOrThrow();
      expect(d).toEqual({
        receiving_unit_id: proc.specialistUnitId,
        return_method: "post",
        return_address: "12 Trần Phú, phường Ba Đình, Hà Nội",
      });
    } finally {
      await ctx.deps.db
        .updateTable("procedure_versions")
        .set({ implementing_unit_ids: JSON.stringify([proc.unitId]) })
        .where("id", "=", proc.versionId)
        .execute();
      invalidateCatalogue(ctx.deps);
    }
  });

  it("documents the routes in the OpenAPI document", async () => {
    const doc = (await ctx.app.inject("/api/openapi.json")).json();
    for (const p of ["/api/dossiers", "/api/uploads", "/api/drafts/{code}", "/api/my/dossiers", "/api/lookup/{code}"])
      expect(doc.paths[p]).toBeDefined();
    expect(doc.paths["/api/dossiers"].post.requestBody).toBeDefined();
  });
});
