/**
 * The office pages: the queue shows only the officer's units' dossiers; the dossier page offers exactly the actions
 * the server allows each role, and the server refuses a forbidden POST even though the page hides it; actions run
 * with Post/Redirect/Get; counter intake; the log book; login required.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvent } from "../../src/app/history.js";
import { getDossierDetail } from "../../src/app/office/index.js";
import { DEFAULT_RULE_SET_CODE } from "../../src/domain/rules.js";
import { loadOfficer } from "../../src/http/officer-auth.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsOfficer, type TestOfficer } from "../helpers/officer.js";

/** Vietnam wall-clock instant: vn("2026-03-16 09:00"). */
const vn = (s: string) => new Date(`${s.replace(" ", "T")}:00+07:00`);

let ctx: TestContext;
let p: TestProcedure;
let otherUnitId: string;
const staff = {} as Record<
  "receiving" | "specialist" | "leader" | "supervisor" | "deptSpecialist" | "otherReceiving",
  TestOfficer
>;

let seq = 0;
/** A dossier submitted online (status 1) to `unitId`, with a component file and its "submitted" event. */
async function submitOnline(unitId: string, name: string, idNumber = "001090012345"): Promise<string> {
  seq++;
  return ctx.deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("dossiers")
      .values({
        reference: `HS-PG${String(seq).padStart(4, "0")}`,
        procedure_id: p.procedureId,
        procedure_version_id: p.versionId,
        rule_set_code: DEFAULT_RULE_SET_CODE,
        receiving_unit_id: unitId,
        status: 1,
        channel: "online",
        applicant: JSON.stringify({ type: "citizen", name, idNumber, phone: "0912345678" }),
        data: JSON.stringify({ fullName: name, idNumber, birthDate: "1990-05-12" }),
        return_method: "online",
        submitted_at: ctx.deps.now(),
      })
      .returning(["id", "last_event_seq", "last_event_hash"])
      .executeTakeFirstOrThrow();
    const put = await ctx.deps.files.put(Buffer.from("%PDF-1.4\n%test\n"));
    const file = await trx
      .insertInto("files")
      .values({
        storage_key: put.key,
        sha256: put.sha256,
        size: put.size,
        mime: "application/pdf",
        name: "to-khai.pdf",
        owner_kind: "citizen",
        owner_id: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("dossier_files")
      .values({ dossier_id: row.id, file_id: file.id, component_code: "TK", kind: "component" })
      .execute();
    await appendEvent(
      trx,
      row,
      { kind: "citizen", id: null, name },
      { type: "submitted", at: ctx.deps.now(), fromStatus: null, toStatus: 1, data: { channel: "online" } },
    );
    return row.id;
  });
}

const get = (who: TestOfficer | null, url: string) =>
  ctx.app.inject({ method: "GET", url, headers: who ? who.headers : {} });
const post = (who: TestOfficer, url: string, payload: Record<string, string>) =>
  ctx.app.inject({ method: "POST", url, headers: who.headers, payload });
const status = async (id: string) =>
  await ctx.deps.db.selectFrom("dossiers").select(["status", "code"]).where("id", "=", id).executeTakeFirstOrThrow();
/** The actions offered as forms on a dossier page. */
const offered = (body: string) => [...body.matchAll(/\/actions\/([a-z_]+)"/g)].map((m) => m[1]).sort();

/** A multipart body for app.inject. */
function multipart(
  fields: Array<[string, string]>,
  files: Array<{ field: string; name: string; type: string; bytes: Buffer }>,
) {
  const boundary = "----motcuaTestBoundary";
  const parts: Buffer[] = [];
  for (const [k, v] of fields)
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
      f.bytes,
      Buffer.from("\r\n"),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

beforeAll(async () => {
  ctx = await createTestApp({ demo: false, now: vn("2026-03-16 09:00") });
  p = await insertTestProcedure(ctx.deps.db);
  const other = await ctx.deps.db
    .insertInto("units")
    .values({ code: "000.01.30.H99", name: "Ủy ban nhân dân xã Thử Nghiệm", kind: "commune", level: "commune" })
    .returning("id")
    .executeTakeFirstOrThrow();
  otherUnitId = other.id;
  const mk = (unitId: string, roles: Array<"receiving" | "specialist" | "leader" | "supervisor">, username: string) =>
    loginAsOfficer(ctx, { unitId, roles, username, name: `Cán bộ ${username}` });
  staff.receiving = await mk(p.unitId, ["receiving"], "pg.tiepnhan");
  staff.specialist = await mk(p.unitId, ["specialist"], "pg.chuyenvien");
  staff.leader = await mk(p.unitId, ["leader"], "pg.lanhdao");
  staff.supervisor = await mk(p.unitId, ["supervisor"], "pg.giamsat");
  staff.deptSpecialist = await mk(p.specialistUnitId, ["specialist"], "pg.cv.so");
  staff.otherReceiving = await mk(otherUnitId, ["receiving"], "pg.tiepnhan.xa");
});
afterAll(async () => ctx?.close());

describe("office pages", () => {
  let mine: string;
  let theirs: string;

  it("requires a logged-in officer and sends others to the login page", async () => {
    const res = await get(null, "/office?status=1");
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/office/login?next=%2Foffice%3Fstatus%3D1");
    const intake = await get(null, "/office/intake");
    expect(intake.headers.location).toBe("/office/login?next=%2Foffice%2Fintake");
  });

  it("shows each officer only the dossiers of their own unit, with counts, filters and search", async () => {
    mine = await submitOnline(p.unitId, "Nguyễn Văn An", "001090012345");
    theirs = await submitOnline(otherUnitId, "Trần Thị Khác", "001090099999");

    const q = await get(staff.receiving, "/office");
    expect(q.statusCode).toBe(200);
    expect(q.headers["content-type"]).toContain("text/html");
    expect(q.body).toContain(`/office/dossiers/${mine}`);
    expect(q.body).toContain("Nguyễn Văn An");
    expect(q.body).not.toContain(`/office/dossiers/${theirs}`);
    expect(q.body).not.toContain("Trần Thị Khác");
    // counts per status as tabs: one dossier "Mới đăng ký"
    expect(q.body).toMatch(/Mới đăng ký <span class="count">1<\/span>/);
    expect(q.body).toContain('accesskey="s"'); // search box reachable from the keyboard

    const other = await get(staff.otherReceiving, "/office");
    expect(other.body).toContain(`/office/dossiers/${theirs}`);
    expect(other.body).not.toContain(`/office/dossiers/${mine}`);

    // search by applicant (without diacritics) and by ID number; filters that match nothing
    expect((await get(staff.receiving, "/office?q=nguyen+van")).body).toContain(`/office/dossiers/${mine}`);
    expect((await get(staff.receiving, "/office?q=001090012345")).body).toContain(`/office/dossiers/${mine}`);
    const none = await get(staff.receiving, "/office?q=Tr%E1%BA%A7n+Th%E1%BB%8B");
    expect(none.body).not.toContain("/office/dossiers/");
    expect(none.body).toContain("Không có hồ sơ nào phù hợp.");
    expect((await get(staff.receiving, "/office?channel=counter")).body).not.toContain(`/office/dossiers/${mine}`);
    expect((await get(staff.receiving, "/office?status=1&channel=online")).body).toContain(`/office/dossiers/${mine}`);
    // bad filter values are ignored, not errors
    expect((await get(staff.receiving, "/office?status=99&procedure=x&due=never")).statusCode).toBe(200);

    // another unit's dossier does not exist for this officer
    const hidden = await get(staff.receiving, `/office/dossiers/${theirs}`);
    expect(hidden.statusCode).toBe(404);
  });

  it("offers on the dossier page exactly the actions the server allows each role", async () => {
    for (const who of ["receiving", "specialist", "leader", "supervisor"] as const) {
      const res = await get(staff[who], `/office/dossiers/${mine}`);
      expect(res.statusCode).toBe(200);
      const officer = (await loadOfficer(ctx.deps, staff[who].id))!;
      const allowed = (await getDossierDetail(ctx.deps, officer, mine, { audit: false })).allowedActions
        .map((a) => a.action)
        .sort();
      expect(offered(res.body)).toEqual(allowed);
      if (who === "receiving")
        expect(allowed).toEqual(expect.arrayContaining(["receive", "refuse", "request_supplement"]));
      else {
        expect(allowed).not.toContain("receive");
        expect(res.body).toContain("Bạn không có thao tác nào với hồ sơ này ở trạng thái hiện tại.");
      }
    }
    const page = await get(staff.receiving, `/office/dossiers/${mine}`);
    // header, e-form data with the labels of the procedure's e-form, files opening inline, history
    expect(page.body).toContain("HS-PG0001");
    expect(page.body).toContain("Mới đăng ký");
    expect(page.body).toContain("Họ và tên");
    expect(page.body).toContain("Số định danh cá nhân");
    expect(page.body).toMatch(/href="\/api\/office\/files\/[0-9a-f-]{36}"/);
    expect(page.body).toContain("Nộp hồ sơ");
    expect(page.body).toContain('accesskey="a"');
    const en = await get(staff.receiving, `/office/dossiers/${mine}?lang=en`);
    expect(en.body).toContain("Allowed actions");
    expect(en.body).toContain("Receive the dossier");
  });

  it("refuses a forbidden POST on the server even though the page does not offer it", async () => {
    for (const who of ["specialist", "leader", "supervisor"] as const) {
      const res = await post(staff[who], `/office/dossiers/${mine}/actions/receive`, { note: "thử" });
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('class="error-summary"');
    }
    const notVisible = await post(staff.otherReceiving, `/office/dossiers/${mine}/actions/receive`, {});
    expect(notVisible.statusCode).toBe(404);
    const unknown = await post(staff.receiving, `/office/dossiers/${mine}/actions/delete_everything`, {});
    expect(unknown.statusCode).toBe(404);
    expect((await status(mine)).status).toBe(1);
  });

  it("shows the field errors of an action next to its fields and keeps the dossier unchanged", async () => {
    const res = await post(staff.receiving, `/office/dossiers/${mine}/actions/refuse`, { reason: "", legalBasis: "" });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('href="#a-refuse-reason"');
    expect(res.body).toContain('id="a-refuse-reason"');
    expect(res.body).toMatch(/<details class="action" id="act-refuse" open>/);
    expect((await status(mine)).status).toBe(1);
  });

  it("runs an allowed action with Post/Redirect/Get and shows the notice, the new status and the forms to print", async () => {
    const res = await post(staff.receiving, `/office/dossiers/${mine}/actions/receive`, {
      sets: "2",
      note: "Đủ hồ sơ",
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/office/dossiers/${mine}?done=receive`);
    const row = await status(mine);
    expect(row.status).toBe(2);
    expect(row.code).toMatch(/^000\.00\.99\.H99-260316-\d{4}$/);
    const ev = await ctx.deps.db
      .selectFrom("dossier_events")
      .selectAll()
      .where("dossier_id", "=", mine)
      .where("type", "=", "received")
      .executeTakeFirstOrThrow();
    expect(ev.actor_id).toBe(staff.receiving.id);
    expect(ev.ip).toBeTruthy();

    const after = await get(staff.receiving, res.headers.location as string);
    expect(after.body).toContain('class="notice ok"');
    expect(after.body).toContain("Được tiếp nhận");
    expect(after.body).toContain(row.code!);
    expect(after.body).toContain(`/api/office/dossiers/${mine}/forms/01`);
    expect(after.body).toContain(`/api/office/dossiers/${mine}/forms/06`);
    expect(after.body).toContain("Tiếp nhận hồ sơ"); // timeline entry
    expect(offered(after.body)).not.toContain("receive");
  });

  it("takes in a counter dossier: form, scans, e-form validation, then the dossier with form 01 to print", async () => {
    const pick = await get(staff.receiving, "/office/intake");
    expect(pick.statusCode).toBe(200);
    expect(pick.body).toContain(`value="${p.procedureId}"`);
    const form = await get(staff.receiving, `/office/intake?procedure=${p.procedureId}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('enctype="multipart/form-data"');
    expect(form.body).toContain('name="intake.file.TK"');
    expect(form.body).toContain("Họ và tên");
    // the e-form's inputs, named by their data paths as the shared e-form renderer names them
    const nameOf = (key: string) => new RegExp(`id="f-[^"]+" name="([^"]*\\b${key})"`).exec(form.body)?.[1] as string;
    const [fullName, idNumber, birthDate] = [nameOf("fullName"), nameOf("idNumber"), nameOf("birthDate")];
    expect(fullName && idNumber && birthDate).toBeTruthy();
    const fid = (name: string) => `f-${name.replace(/\[(\d+)\]/g, "-$1").replace(/\./g, "-")}`;

    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    const fields: Array<[string, string]> = [
      ["intake.procedureId", p.procedureId],
      ["intake.channel", "counter"],
      ["intake.applicant.type", "citizen"],
      ["intake.applicant.name", "Lê Thị Quầy"],
      ["intake.applicant.idNumber", "001190054321"],
      ["intake.applicant.phone", "0987654321"],
      [fullName, "Lê Thị Quầy"],
      [idNumber, "001190054321"],
      [birthDate, "2030-01-01"], // in the future: refused by the e-form rules
      ["intake.sets", "1"],
      ["intake.returnMethod", "counter"],
      ["_action", "review"],
    ];
    const bad = multipart(fields, [
      { field: "intake.file.TK", name: "to-khai.pdf", type: "application/pdf", bytes: pdf },
    ]);
    const r1 = await ctx.app.inject({
      method: "POST",
      url: "/office/intake",
      headers: { ...staff.receiving.headers, ...bad.headers },
      payload: bad.payload,
    });
    expect(r1.statusCode).toBe(422);
    expect(r1.body).toContain(`href="#${fid(birthDate)}"`);
    expect(r1.body).not.toContain(`href="#${fid(fullName)}"`);
    // the uploaded scan is kept for the next attempt
    const kept = /name="intake\.kept\.TK" value="([0-9a-f-]{36})"/.exec(r1.body);
    expect(kept).toBeTruthy();

    const good = multipart(
      [...fields.filter(([k]) => k !== birthDate), [birthDate, "1990-01-01"], ["intake.kept.TK", kept![1]]],
      [],
    );
    const r2 = await ctx.app.inject({
      method: "POST",
      url: "/office/intake",
      headers: { ...staff.receiving.headers, ...good.headers },
      payload: good.payload,
    });
    expect(r2.statusCode).toBe(303);
    const id = /\/office\/dossiers\/([0-9a-f-]{36})\?done=intake/.exec(r2.headers.location as string)?.[1];
    expect(id).toBeTruthy();
    const row = await ctx.deps.db.selectFrom("dossiers").selectAll().where("id", "=", id!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 2, channel: "counter", return_method: "counter", receiving_unit_id: p.unitId });
    expect(row.applicant.name).toBe("Lê Thị Quầy");
    expect(JSON.stringify(row.data)).toContain('"fullName":"Lê Thị Quầy"');
    expect(JSON.stringify(row.data)).toContain('"birthDate":"1990-01-01"');
    const files = await ctx.deps.db.selectFrom("dossier_files").selectAll().where("dossier_id", "=", id!).execute();
    expect(files.map((f) => f.file_id)).toContain(kept![1]);

    const page = await get(staff.receiving, r2.headers.location as string);
    expect(page.body).toContain(`/api/office/dossiers/${id}/forms/01`);
    expect(page.body).toContain("In Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)");

    // only receiving officers take dossiers in
    expect((await get(staff.specialist, "/office/intake")).statusCode).toBe(403);
    const sneaky = multipart(fields, []);
    const r3 = await ctx.app.inject({
      method: "POST",
      url: "/office/intake",
      headers: { ...staff.specialist.headers, ...sneaky.headers },
      payload: sneaky.payload,
    });
    expect(r3.statusCode).toBe(403);
  });

  it("prints the log book (form 07) for a period and explains a bad period", async () => {
    const form = await get(staff.receiving, "/office/logbook");
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="2026-03-01"');
    expect(form.body).toContain('value="2026-03-16"');
    const pdf = await get(staff.receiving, "/office/logbook/pdf?from=2026-03-01&to=2026-03-31");
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const bad = await get(staff.receiving, "/office/logbook/pdf?from=2026-03-31&to=2026-03-01");
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#to"');
  });
});
