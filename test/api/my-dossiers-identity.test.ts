/**
 * Issue #10 item 6: a citizen's dossiers are theirs whatever the channel. "My dossiers" lists the counter and postal
 * dossiers whose applicant carries the account's identity number (CCCD from VNeID), and the citizen opens them (status,
 * history, files), looks them up as their owner and acts on them — while another citizen never sees them (404, as for
 * any dossier that is not theirs), and a business applicant's dossier is not a citizen's because of an ID number.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import { as, PDF_BYTES, staff, type Staff, upload, vn } from "./office-fixtures.js";

const AN_ID = "001090012345";
const BINH_ID = "079195001234";

describe("my dossiers by identity number", () => {
  let ctx: TestContext;
  let p: TestProcedure;
  let s: Staff;
  let an: TestCitizen;
  let binh: TestCitizen;
  let counter: { id: string; code: string; reference: string };
  let postal: { id: string };
  let forBinh: { id: string };
  let business: { id: string };

  const intake = async (body: Record<string, unknown>) => {
    const up = await upload(ctx, s.receiving, [{ name: "to-khai.pdf", bytes: PDF_BYTES }]);
    expect(up.status).toBe(201);
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/office/intake",
      headers: await as(ctx, s.receiving),
      payload: {
        procedureId: p.procedureId,
        components: [{ code: "TK", fileIds: [up.body.files[0].id] }],
        sets: 1,
        returnMethod: "counter",
        ...body,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().dossier as { id: string; code: string; reference: string };
  };
  const person = (name: string, idNumber: string) => ({
    applicant: { type: "citizen", name, idNumber },
    data: { applicant: { fullName: name, idNumber, birthDate: "1990-05-12" } },
  });

  beforeAll(async () => {
    ctx = await createTestApp({ demo: false, now: vn("2026-03-02 09:00") });
    p = await insertTestProcedure(ctx.deps.db);
    s = await staff(ctx, p);
    an = await loginAsCitizen(ctx, { subject: "test|an", idNumber: AN_ID, name: "Nguyễn Văn An" });
    binh = await loginAsCitizen(ctx, { subject: "test|binh", idNumber: BINH_ID, name: "Trần Thị Bình" });
    counter = await intake({ channel: "counter", ...person("Nguyễn Văn An", AN_ID) });
    postal = await intake({ channel: "postal", ...person("Nguyễn Văn An", AN_ID) });
    forBinh = await intake({ channel: "counter", ...person("Trần Thị Bình", BINH_ID) });
    // an organisation whose representative typed An's ID number: the organisation's dossier, not An's
    business = await intake({
      channel: "counter",
      applicant: { type: "business", name: "Công ty TNHH An Phát", idNumber: AN_ID, taxCode: "0101234567" },
      data: { applicant: { fullName: "Nguyễn Văn An", idNumber: AN_ID, birthDate: "1990-05-12" } },
    });
  });
  afterAll(() => ctx.close());

  it("lists the counter and postal dossiers carrying the citizen's identity number, and only those", async () => {
    const list = await ctx.app.inject({ url: "/api/my/dossiers", headers: await as(ctx, an, "citizen") });
    expect(list.statusCode).toBe(200);
    const rows = list.json() as Array<{ id: string; channel: string; code: string | null; status: number }>;
    expect(rows.map((r) => r.id).sort()).toEqual([counter.id, postal.id].sort());
    expect(rows.find((r) => r.id === counter.id)).toMatchObject({ channel: "counter", code: counter.code, status: 2 });
    expect(rows.find((r) => r.id === postal.id)).toMatchObject({ channel: "postal" });

    const other = await ctx.app.inject({ url: "/api/my/dossiers", headers: await as(ctx, binh, "citizen") });
    expect((other.json() as Array<{ id: string }>).map((r) => r.id)).toEqual([forBinh.id]);

    // the page lists them too
    const page = await ctx.app.inject({ url: "/ho-so-cua-toi", headers: await as(ctx, an, "citizen") });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`/ho-so-cua-toi/${counter.id}`);
    expect(page.body).toContain(counter.code);
    expect(page.body).not.toContain(forBinh.id);
    expect(page.body).not.toContain(business.id);
  });

  it("opens a counter dossier with its status, history and files", async () => {
    const one = await ctx.app.inject({ url: `/api/my/dossiers/${counter.id}`, headers: await as(ctx, an, "citizen") });
    expect(one.statusCode).toBe(200);
    const d = one.json();
    expect(d).toMatchObject({ id: counter.id, code: counter.code, channel: "counter", status: 2 });
    expect(d.events.map((e: { type: string }) => e.type)).toEqual(["submitted", "received"]);
    const scan = d.files.find((f: { componentCode: string }) => f.componentCode === "TK");
    expect(scan).toBeTruthy();
    const file = await ctx.app.inject({
      url: `/ho-so-cua-toi/${counter.id}/tep/${scan.id}`,
      headers: await as(ctx, an, "citizen"),
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-type"]).toBe("application/pdf");

    const page = await ctx.app.inject({ url: `/ho-so-cua-toi/${counter.id}`, headers: await as(ctx, an, "citizen") });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Tiếp nhận hồ sơ");
  });

  it("refuses another citizen with 404 everywhere: detail, page, file, look-up owner link, withdrawal", async () => {
    const h = await as(ctx, binh, "citizen");
    const api = await ctx.app.inject({ url: `/api/my/dossiers/${counter.id}`, headers: h });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe("dossier_not_found");
    expect((await ctx.app.inject({ url: `/ho-so-cua-toi/${counter.id}`, headers: h })).statusCode).toBe(404);
    const files = await ctx.deps.db
      .selectFrom("dossier_files")
      .select("file_id")
      .where("dossier_id", "=", counter.id)
      .execute();
    for (const f of files)
      expect(
        (await ctx.app.inject({ url: `/ho-so-cua-toi/${counter.id}/tep/${f.file_id}`, headers: h })).statusCode,
      ).toBe(404);
    const look = await ctx.app.inject({ url: `/api/lookup/${encodeURIComponent(counter.code)}`, headers: h });
    expect(look.statusCode).toBe(200);
    expect(look.json().ownerUrl).toBeUndefined();
    expect(look.json().reference).toBeNull();
    const w = await ctx.app.inject({
      method: "POST",
      url: `/api/dossiers/${counter.id}/withdraw`,
      headers: h,
      payload: { reason: "not mine" },
    });
    expect(w.statusCode).toBe(404);
    const row = await ctx.deps.db
      .selectFrom("dossiers")
      .select(["status", "last_event_seq"])
      .where("id", "=", counter.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 2, last_event_seq: 2 });

    // the business applicant's dossier is not An's, although An's number was typed as the representative's
    const biz = await ctx.app.inject({ url: `/api/my/dossiers/${business.id}`, headers: await as(ctx, an, "citizen") });
    expect(biz.statusCode).toBe(404);
  });

  it("gives the owner the look-up link and lets them withdraw their counter dossier", async () => {
    const h = await as(ctx, an, "citizen");
    const look = await ctx.app.inject({ url: `/api/lookup/${encodeURIComponent(counter.code)}`, headers: h });
    expect(look.json()).toMatchObject({ ownerUrl: `/ho-so-cua-toi/${counter.id}`, reference: counter.reference });
    const w = await ctx.app.inject({
      method: "POST",
      url: `/api/dossiers/${postal.id}/withdraw`,
      headers: h,
      payload: { reason: "Đã nộp nhầm thủ tục" },
    });
    expect(w.statusCode).toBe(200);
    const ev = await ctx.deps.db
      .selectFrom("dossier_events")
      .select(["type", "actor_kind", "actor_id", "to_status"])
      .where("dossier_id", "=", postal.id)
      .orderBy("seq", "desc")
      .executeTakeFirstOrThrow();
    expect(ev).toEqual({ type: "withdrawn", actor_kind: "citizen", actor_id: an.id, to_status: 7 });
  });

  it("a business account sees the dossiers carrying its tax code", async () => {
    const biz = await ctx.deps.db
      .insertInto("citizens")
      .values({ subject: "test|biz", kind: "business", name: "Công ty TNHH An Phát", tax_code: "0101234567" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const list = await ctx.app.inject({ url: "/api/my/dossiers", headers: await as(ctx, biz, "citizen") });
    expect((list.json() as Array<{ id: string }>).map((r) => r.id)).toEqual([business.id]);
  });
});
