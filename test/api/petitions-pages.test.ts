/**
 * The petition pages without JavaScript (issue #8): the citizen's form (multipart, with an attachment through the one
 * upload pipeline, errors shown beside their fields with nothing written), "my petitions" and the rating form, the
 * office's queue and action forms, and the public Q&A page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import { as, multipart, PDF_BYTES, type Staff, staff, vn } from "./office-fixtures.js";

let ctx: TestContext;
let p: TestProcedure;
let s: Staff;
let owner: TestCitizen;

beforeAll(async () => {
  ctx = await createTestApp({ demo: false, now: vn("2026-03-02 09:00") });
  p = await insertTestProcedure(ctx.deps.db);
  s = await staff(ctx, p);
  owner = await loginAsCitizen(ctx);
});
afterAll(() => ctx.close());

const page = async (url: string, who: { id: string } | null, kind: "citizen" | "officer" = "citizen") => {
  const res = await ctx.app.inject({ method: "GET", url, headers: who ? await as(ctx, who, kind) : {} });
  return { status: res.statusCode, body: res.body, location: res.headers.location as string | undefined };
};
const post = async (
  url: string,
  who: { id: string },
  kind: "citizen" | "officer",
  form: Record<string, string>,
  files: { field: string; name: string; type: string; bytes: Buffer }[] = [],
) => {
  const body = multipart(form, files);
  const res = await ctx.app.inject({
    method: "POST",
    url,
    headers: { ...(await as(ctx, who, kind)), ...body.headers },
    payload: body.payload,
  });
  return { status: res.statusCode, body: res.body, location: res.headers.location as string | undefined };
};

describe("petition pages", () => {
  let id: string;

  it("the form asks for a login, then shows the subjects; errors are shown with nothing written", async () => {
    const anon = await page("/phan-anh-kien-nghi/gui", null);
    expect(anon.status).toBe(303);
    expect(anon.location).toBe("/dang-nhap?next=%2Fphan-anh-kien-nghi%2Fgui");
    const form = await page("/phan-anh-kien-nghi/gui", owner);
    expect(form.status).toBe(200);
    expect(form.body).toContain("Quy định hành chính");
    expect(form.body).toContain('name="publishConsent"');
    const bad = await post("/phan-anh-kien-nghi/gui", owner, "citizen", {
      subjectKind: "procedure",
      procedureCode: "0.000000",
      title: "",
      content: "Nội dung",
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain(
      '<a href="#procedureCode">Không tìm thấy thủ tục hành chính đang áp dụng có mã này.</a>',
    );
    expect(bad.body).toContain('<a href="#title">Trường này là bắt buộc.</a>');
    expect(bad.body).toContain('value="0.000000"');
    const n = await ctx.deps.db.selectFrom("petitions").select("id").execute();
    expect(n).toEqual([]);
    const nothing = await post("/phan-anh-kien-nghi/gui", owner, "citizen", { title: "" });
    expect(nothing.status).toBe(422);
    expect(nothing.body).toContain(
      '<a href="#subjectKind">Vui lòng chọn nội dung phản ánh, kiến nghị về quy định, thủ tục, cán bộ hay hồ sơ.</a>',
    );
    expect(nothing.body).toContain('<a href="#content">Trường này là bắt buộc.</a>');
    const wrongFile = await post(
      "/phan-anh-kien-nghi/gui",
      owner,
      "citizen",
      { subjectKind: "procedure", procedureCode: p.code, title: "T", content: "C" },
      [{ field: "attachments", name: "virus.exe", type: "application/pdf", bytes: Buffer.from("MZ not a pdf") }],
    );
    expect(wrongFile.status).toBe(422);
    expect(wrongFile.body).toContain("virus.exe");
    expect(await ctx.deps.db.selectFrom("petitions").select("id").execute()).toEqual([]);
    // a good attachment on a refused petition is not kept either: its row is written only with the petition
    const filesBefore = await ctx.deps.db.selectFrom("files").select("id").execute();
    const refused = await post(
      "/phan-anh-kien-nghi/gui",
      owner,
      "citizen",
      { subjectKind: "procedure", procedureCode: p.code, title: "", content: "C" },
      [{ field: "attachments", name: "minh-chung.pdf", type: "application/pdf", bytes: PDF_BYTES }],
    );
    expect(refused.status).toBe(422);
    expect(await ctx.deps.db.selectFrom("files").select("id").execute()).toEqual(filesBefore);
  });

  it("files with an attachment, redirects to the petition with its code, listed under my petitions", async () => {
    const r = await post(
      "/phan-anh-kien-nghi/gui",
      owner,
      "citizen",
      {
        subjectKind: "procedure",
        procedureCode: p.code,
        title: "Đề nghị giảm giấy tờ",
        content: "Thủ tục yêu cầu bản sao không cần thiết.",
        publishConsent: "yes",
      },
      [{ field: "attachments", name: "minh-chung.pdf", type: "application/pdf", bytes: PDF_BYTES }],
    );
    expect(r.status).toBe(303);
    id = r.location!.split("/")[2].split("?")[0];
    expect(r.location).toBe(`/phan-anh-cua-toi/${id}?xong=gui`);
    const shown = await page(r.location!, owner);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatch(/Mã số để theo dõi: PAKN-000\.01\.99\.H99-260302-0001\./);
    expect(shown.body).toContain("minh-chung.pdf");
    expect(shown.body).toContain("16/03/2026");
    const mine = await page("/phan-anh-cua-toi", owner);
    expect(mine.body).toContain("PAKN-000.01.99.H99-260302-0001");
    const file = (await ctx.deps.db.selectFrom("petition_files").select("file_id").executeTakeFirstOrThrow()).file_id;
    const bytes = await page(`/phan-anh-cua-toi/${id}/tep/${file}`, owner);
    expect(bytes.status).toBe(200);
    expect(bytes.body.startsWith("%PDF")).toBe(true);
  });

  it("the office handles it through its pages: queue, assign, draft, approve and publish", async () => {
    const queue = await page("/office/phan-anh", s.deptReceiving, "officer");
    expect(queue.status).toBe(200);
    expect(queue.body).toContain("PAKN-000.01.99.H99-260302-0001");
    const detail = await page(`/office/phan-anh/${id}`, s.deptReceiving, "officer");
    expect(detail.body).toContain('action="/office/phan-anh/' + id + '/assign"');
    const none = await post(`/office/phan-anh/${id}/assign`, s.deptReceiving, "officer", { officerId: "" });
    expect(none.status).toBe(422);
    expect(none.body).toContain("Vui lòng chọn cán bộ của đơn vị để phân công.");
    const assigned = await post(`/office/phan-anh/${id}/assign`, s.deptReceiving, "officer", {
      officerId: s.deptSpecialist.id,
    });
    expect(assigned.status).toBe(303);
    expect(assigned.location).toBe(`/office/phan-anh/${id}?xong=assign`);
    const other = await page(`/office/phan-anh/${id}`, s.receiving, "officer");
    expect(other.status).toBe(404);
    const answered = await post(`/office/phan-anh/${id}/answer`, s.deptSpecialist, "officer", {
      answer: "Sở sẽ rà soát thành phần hồ sơ trong quý II.",
    });
    expect(answered.status).toBe(303);
    const approved = await post(`/office/phan-anh/${id}/approve`, s.deptLeader, "officer", { publish: "yes" });
    expect(approved.status).toBe(303);
    const done = await page(approved.location!, s.deptLeader, "officer");
    expect(done.body).toContain("Đã thực hiện: Duyệt và gửi trả lời.");
    expect(done.body).toContain("Sở sẽ rà soát thành phần hồ sơ trong quý II.");
  });

  it("the citizen reads the answer and rates it once; the Q&A page shows it without the citizen's name", async () => {
    const shown = await page(`/phan-anh-cua-toi/${id}`, owner);
    expect(shown.body).toContain("Sở sẽ rà soát thành phần hồ sơ trong quý II.");
    expect(shown.body).toContain(`action="/phan-anh-cua-toi/${id}/danh-gia"`);
    const noReason = await post(`/phan-anh-cua-toi/${id}/danh-gia`, owner, "citizen", { level: "unsatisfied" });
    expect(noReason.status).toBe(422);
    expect(noReason.body).toContain("Xin cho biết lý do Ông/Bà chưa hài lòng.");
    const rated = await post(`/phan-anh-cua-toi/${id}/danh-gia`, owner, "citizen", { level: "satisfied" });
    expect(rated.status).toBe(303);
    const after = await page(rated.location!, owner);
    expect(after.body).toContain("Cảm ơn Ông/Bà đã đánh giá.");
    expect(after.body).not.toContain(`action="/phan-anh-cua-toi/${id}/danh-gia"`);
    const again = await post(`/phan-anh-cua-toi/${id}/danh-gia`, owner, "citizen", { level: "very_satisfied" });
    expect(again.status).toBe(409);

    const qa = await page("/hoi-dap?q=giam+giay+to", null);
    expect(qa.status).toBe(200);
    expect(qa.body).toContain("Đề nghị giảm giấy tờ");
    expect(qa.body).toContain("Sở sẽ rà soát thành phần hồ sơ trong quý II.");
    expect(qa.body).not.toContain("Nguyễn Văn An");
    const en = await page("/hoi-dap?q=nothing&lang=en", null);
    expect(en.body).toContain("No answer matches.");
  });
});
