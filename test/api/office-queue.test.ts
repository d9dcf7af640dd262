/**
 * The work queue (views, counts kept by the trigger, filters, search, pagination), counter and postal intake with
 * officer uploads, the forms 01 and 07, and tamper detection of the history.
 */
import { sql } from "kysely";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChains } from "../../src/app/history.js";
import { getQueue } from "../../src/app/office/index.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import {
  act,
  as,
  dossierRow,
  eventsOf,
  officerOf,
  ok,
  PDF_BYTES,
  type Staff,
  staff,
  submitOnline,
  upload,
  vn,
} from "./office-fixtures.js";

let ctx: TestContext;
let p: TestProcedure;
let p2: TestProcedure;
let s: Staff;

beforeAll(async () => {
  ctx = await createTestApp({ demo: false, now: vn("2026-03-02 07:00") });
  p = await insertTestProcedure(ctx.deps.db);
  p2 = await insertTestProcedure(ctx.deps.db, { code: "9.999002", name: "Thủ tục thử nghiệm thứ hai" });
  s = await staff(ctx, p);
});
afterAll(() => ctx.close());

async function queue(who: Staff[keyof Staff], query = "") {
  const res = await ctx.app.inject({ method: "GET", url: `/api/office/queue?${query}`, headers: await as(ctx, who) });
  if (res.statusCode !== 200) throw new Error(res.body);
  return res.json();
}

const pdfText = async (bytes: Buffer) =>
  (await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true })).text.replace(/\s+/g, " ");

describe("work queue", () => {
  const ids: string[] = [];

  it("counts by status per view, kept by the trigger in step with the table", async () => {
    ctx.setNow(vn("2026-03-02 07:30"));
    ids.push(await submitOnline(ctx, p, { name: "Nguyễn Văn An", idNumber: "001090000001" }));
    ids.push(await submitOnline(ctx, p, { name: "Trần Thị Bích", idNumber: "001090000002" }));
    ids.push(await submitOnline(ctx, p2, { name: "Đỗ Văn Cường", idNumber: "001090000003" }));
    ids.push(await submitOnline(ctx, p, { name: "Lê Thị Dung", idNumber: "001090000004" }));
    ctx.setNow(vn("2026-03-02 08:00"));
    await ok(ctx, s.receiving, ids[0], "receive");
    ctx.setNow(vn("2026-03-02 08:10"));
    await ok(ctx, s.receiving, ids[1], "receive");
    await ok(ctx, s.receiving, ids[1], "forward");
    await ok(ctx, s.receiving, ids[3], "refuse", { reason: "Không đủ điều kiện", legalBasis: ["Điều 15"] });

    const r = await queue(s.receiving);
    expect(r.view).toBe("receiving");
    expect(r.counts.byStatus).toMatchObject({ "1": 1, "2": 1, "3": 1, "4": 1 });
    expect(r.counts.total).toBe(4);
    // default: open dossiers by due instant (nulls last)
    expect(r.items.map((i: any) => i.id)).toEqual([ids[0], ids[1], ids[2]]);
    expect(r.total).toBe(3);
    expect(r.items[0]).toMatchObject({
      status: 2,
      statusName: { vi: "Được tiếp nhận" },
      applicantName: "Nguyễn Văn An",
    });

    const dept = await queue(s.deptSpecialist);
    expect(dept.view).toBe("processing");
    expect(dept.counts.byStatus["4"]).toBe(1);
    expect(dept.items.map((i: any) => i.id)).toEqual([ids[1]]);

    // the maintained counts equal a count of the table
    const real = await sql<{ status: number; n: number }>`
      select status, count(*)::int as n from dossiers where receiving_unit_id = ${p.unitId} group by status`.execute(
      ctx.deps.db,
    );
    const kept = await ctx.deps.db
      .selectFrom("dossier_counts")
      .select(["bucket", "n"])
      .where("unit_id", "=", p.unitId)
      .where("scope", "=", "r")
      .execute();
    for (const row of real.rows) expect(kept.find((k) => k.bucket === `s${row.status}`)?.n).toBe(row.n);
  });

  it("filters: status, procedure, channel, assignee; search by code, ID number, accent-free name, reference", async () => {
    expect((await queue(s.receiving, "status=1")).items.map((i: any) => i.id)).toEqual([ids[2]]);
    expect((await queue(s.receiving, "status=3")).total).toBe(1);
    expect((await queue(s.receiving, `procedureId=${p2.procedureId}`)).items.map((i: any) => i.id)).toEqual([ids[2]]);
    expect((await queue(s.receiving, "channel=counter")).items).toEqual([]);
    expect((await queue(s.receiving, "assignee=me")).items.map((i: any) => i.id)).toEqual([ids[0]]);
    const code = (await dossierRow(ctx, ids[0])).code!;
    expect((await queue(s.receiving, `q=${encodeURIComponent(code)}`)).items.map((i: any) => i.id)).toEqual([ids[0]]);
    expect((await queue(s.receiving, "q=001090000004")).items.map((i: any) => [i.id, i.status])).toEqual([[ids[3], 3]]);
    expect((await queue(s.receiving, `q=${encodeURIComponent("tran thi")}`)).items.map((i: any) => i.id)).toEqual([
      ids[1],
    ]);
    expect((await queue(s.receiving, `q=${encodeURIComponent("ĐỖ VĂN")}`)).items.map((i: any) => i.id)).toEqual([
      ids[2],
    ]);
    const ref = (await dossierRow(ctx, ids[2])).reference;
    expect((await queue(s.receiving, `q=${ref}`)).items.map((i: any) => i.id)).toEqual([ids[2]]);
    expect((await queue(s.receiving, "q=50%25")).items).toEqual([]);
  });

  it("paginates in a stable order and validates filters", async () => {
    const one = await queue(s.receiving, "pageSize=2&page=1");
    const two = await queue(s.receiving, "pageSize=2&page=2");
    expect(one.items.length).toBe(2);
    expect([...one.items, ...two.items].map((i: any) => i.id)).toEqual([ids[0], ids[1], ids[2]]);
    expect(two).toMatchObject({ page: 2, pageSize: 2, total: 3 });
    const bad = await ctx.app.inject({
      method: "GET",
      url: "/api/office/queue?status=12",
      headers: await as(ctx, s.receiving),
    });
    expect(bad.statusCode).toBe(422);
    // the same function serves the office pages
    const direct = await getQueue(ctx.deps, await officerOf(ctx, s.receiving), { status: 1 });
    expect(direct.items.map((i) => i.id)).toEqual([ids[2]]);
  });
});

describe("counter and postal intake", () => {
  it("uploads are typed by content; intake creates and receives the dossier with its scans", async () => {
    const bad = await upload(ctx, s.receiving, [
      { name: "scan.pdf", bytes: Buffer.from("MZ\x90\x00 not a pdf at all") },
    ]);
    // One upload pipeline for the portal and the office (issue #11): the same code, status and message.
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("file_type_not_allowed");
    expect(bad.body.error.message).toBe(
      "Tệp “scan.pdf” không phải là tệp PDF, JPEG hoặc PNG hợp lệ: nội dung của tệp là EXE. Hệ thống kiểm tra nội dung tệp, không dựa vào tên tệp.",
    );
    const up = await upload(ctx, s.receiving, [
      { name: "to-khai.pdf", bytes: PDF_BYTES },
      { name: "../../cccd.pdf", bytes: PDF_BYTES },
    ]);
    expect(up.status).toBe(201);
    expect(up.body.files.map((f: any) => [f.name, f.mime])).toEqual([
      ["to-khai.pdf", "application/pdf"],
      ["cccd.pdf", "application/pdf"],
    ]);

    ctx.setNow(vn("2026-03-02 14:00"));
    const body = {
      procedureId: p.procedureId,
      channel: "counter",
      applicant: {
        type: "citizen",
        name: "Phạm Thị Hoa",
        idNumber: "001185004321",
        address: "5 Hàng Bài, phường Hoàn Kiếm, Hà Nội",
        phone: "0987654321",
      },
      data: { applicant: { fullName: "Phạm Thị Hoa", idNumber: "001185004321", birthDate: "1985-04-01" } },
      components: [
        { code: "TK", fileIds: [up.body.files[0].id] },
        { code: "GT", fileIds: [up.body.files[1].id] },
      ],
      sets: 1,
      returnMethod: "post",
    };
    const byLeader = await ctx.app.inject({
      method: "POST",
      url: "/api/office/intake",
      headers: await as(ctx, s.leader),
      payload: body,
    });
    expect(byLeader.statusCode).toBe(403);
    const badCode = await ctx.app.inject({
      method: "POST",
      url: "/api/office/intake",
      headers: await as(ctx, s.receiving),
      payload: { ...body, components: [{ code: "XX", fileIds: [] }] },
    });
    expect(badCode.statusCode).toBe(422);
    expect(badCode.json().error.fields[0].path).toBe("body.components[0].code");
    // the e-form is validated with the same schema as the portal's: an API client gets the same field errors
    const badForm = await ctx.app.inject({
      method: "POST",
      url: "/api/office/intake",
      headers: await as(ctx, s.receiving),
      payload: {
        ...body,
        data: { applicant: { fullName: "Phạm Thị Hoa", idNumber: "12345", birthDate: "1985-04-01" } },
      },
    });
    expect(badForm.statusCode).toBe(422);
    expect(badForm.json().error.fields.map((f: { path: string }) => f.path)).toEqual(["body.data.applicant.idNumber"]);
    expect(await ctx.deps.db.selectFrom("dossiers").select("id").where("channel", "=", "counter").execute()).toEqual(
      [],
    );

    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/office/intake",
      headers: await as(ctx, s.receiving),
      payload: body,
    });
    expect(res.statusCode).toBe(201);
    const d = res.json();
    expect(d.dossier).toMatchObject({
      status: 2,
      channel: "counter",
      returnMethod: "post",
      returnAddress: "5 Hàng Bài, phường Hoàn Kiếm, Hà Nội",
    });
    expect(d.dossier.code).toMatch(/^000\.00\.99\.H99-260302-\d{4}$/);
    expect(d.dossier.reference).toMatch(/^TQ-260302-[A-Z2-9]{6}$/);
    // Mon 14:00 + 24 working hours → Thu 14:00
    expect(d.dossier.dueAt).toBe(vn("2026-03-05 14:00").toISOString());
    expect(d.files.filter((f: any) => f.kind === "component").map((f: any) => f.componentCode)).toEqual(["TK", "GT"]);
    const evs = await eventsOf(ctx, d.dossier.id);
    expect(evs.map((e) => [e.type, e.actor_id, e.from_status, e.to_status])).toEqual([
      ["submitted", s.receiving.id, null, 1],
      ["received", s.receiving.id, 1, 2],
    ]);
    expect(await verifyChains(ctx.deps.db, d.dossier.id)).toEqual({ checked: 2 });
    // the same scans cannot be attached to a second dossier
    const reuse = await ctx.app.inject({
      method: "POST",
      url: "/api/office/intake",
      headers: await as(ctx, s.receiving),
      payload: body,
    });
    expect(reuse.statusCode).toBe(422);

    // form 01: code, applicant, components, appointment
    const f01 = await ctx.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${d.dossier.id}/forms/01`,
      headers: await as(ctx, s.receiving),
    });
    expect(f01.headers["content-disposition"]).toContain("inline");
    const text = await pdfText(f01.rawPayload);
    for (const x of [
      d.dossier.code,
      "Phạm Thị Hoa",
      "Tờ khai",
      "Giấy tờ kèm theo",
      "14:00 02/03/2026",
      "14:00 05/03/2026",
      "Trần Thị Bình",
    ])
      expect(text).toContain(x);
    const stored = await ctx.deps.db
      .selectFrom("dossier_forms")
      .select(["form_no", "event_seq"])
      .where("dossier_id", "=", d.dossier.id)
      .execute();
    expect(stored).toEqual([{ form_no: "01", event_seq: 2 }]);
  });

  it("postal intake left for checking (receive=false) stays at status 1 without a code", async () => {
    ctx.setNow(vn("2026-03-02 15:00"));
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/office/intake",
      headers: await as(ctx, s.receiving),
      payload: {
        procedureId: p.procedureId,
        channel: "postal",
        applicant: { type: "citizen", name: "Vũ Văn Bưu", address: "Bưu cục Hàng Trống" },
        returnMethod: "post",
        receive: false,
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().dossier).toMatchObject({ status: 1, code: null, channel: "postal" });
    expect(res.json().allowedActions.map((a: any) => a.action)).toEqual([
      "receive",
      "request_supplement",
      "refuse",
      "record_withdrawal",
    ]);
  });
});

describe("log book and history", () => {
  it("form 07 lists the unit's dossiers of the period in log-book order", async () => {
    const res = await ctx.app.inject({
      method: "GET",
      url: "/api/office/logbook?from=2026-03-01&to=2026-03-31",
      headers: await as(ctx, s.receiving),
    });
    expect(res.statusCode).toBe(200);
    const rows = await ctx.deps.db
      .selectFrom("dossiers")
      .select(["code", "logbook_no"])
      .where("receiving_unit_id", "=", p.unitId)
      .where("logbook_no", "is not", null)
      .orderBy("logbook_no")
      .execute();
    expect(rows.map((r) => r.logbook_no)).toEqual(rows.map((_, i) => i + 1));
    const text = await pdfText(res.rawPayload);
    let at = -1;
    for (const r of rows) {
      const i = text.indexOf(r.code!);
      expect(i).toBeGreaterThan(at);
      at = i;
    }
    const span = await ctx.app.inject({
      method: "GET",
      url: "/api/office/logbook?from=2025-12-01&to=2026-01-31",
      headers: await as(ctx, s.receiving),
    });
    expect(span.statusCode).toBe(422);
  });

  it("a tampered event is detected: verifyChains names the dossier and the sequence", async () => {
    ctx.setNow(vn("2026-03-03 08:00"));
    const id = await submitOnline(ctx, p);
    await ok(ctx, s.receiving, id, "receive");
    await ok(ctx, s.receiving, id, "forward");
    expect((await verifyChains(ctx.deps.db, id)).broken).toBeUndefined();
    await sql`update dossier_events set data = jsonb_set(data, '{code}', '"000.00.99.H99-260303-9999"') where dossier_id = ${id} and seq = 2`.execute(
      ctx.deps.db,
    );
    expect(await verifyChains(ctx.deps.db, id)).toEqual({
      checked: 2,
      broken: { dossierId: id, seq: 2, reason: "hash_mismatch" },
    });
    const all = await verifyChains(ctx.deps.db);
    expect(all.broken).toEqual({ dossierId: id, seq: 2, reason: "hash_mismatch" });
    // a further action on the dossier still appends (the chain head is intact); the break stays detectable
    const r = await act(ctx, s.deptSpecialist, id, "take");
    expect(r.status).toBe(200);
    expect((await verifyChains(ctx.deps.db, id)).broken).toEqual({ dossierId: id, seq: 2, reason: "hash_mismatch" });
  });
});
