/**
 * A dossier submitted on the National Public Service Portal, end to end (issue #6): taken in, processed, every push
 * echoing the portal's own id (MaHoSoQG) so the portal links it and shows the citizen its status (TraCuuHoSo by that
 * id); then ratings given on the national portal, pulled from a cursor and recorded through the one rating path
 * (counted in the satisfaction figures like local ones), once each; unknown or unfinished dossiers skipped; the
 * first rating of a dossier stands.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LgspClient } from "../../src/adapters/national-portal/client.js";
import { NationalPortalError } from "../../src/app/national-portal/port.js";
import { pullNationalSubmissions } from "../../src/app/national-portal/inbound.js";
import { pullNationalRatings, RATINGS_CURSOR_SETTING } from "../../src/app/national-portal/ratings.js";
import { setNationalSyncEnabled } from "../../src/app/national-portal/sync.js";
import { rateDossier, ratingLink } from "../../src/app/ratings.js";
import { rebuildStatistics } from "../../src/app/statistics.js";
import { runOutboxOnce } from "../../src/jobs/outbox.js";
import { type NationalPortalSandbox, startNationalPortalSandbox } from "../../src/sandboxes/national-portal/server.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { eventsOf, ok, type Staff, staff, submitOnline, vn } from "./office-fixtures.js";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const CREDS = { username: "H99-lgsp", password: "lgsp-secret" };
const CALLBACK = { callbackSecret: "cb-secret-ratings" };
let sb: NationalPortalSandbox;
let ctx: TestContext;
let p: TestProcedure;
let s: Staff;
let lgsp: LgspClient;

beforeAll(async () => {
  sb = await startNationalPortalSandbox({ port: 0, ...CREDS });
  ctx = await createTestApp({
    demo: false,
    now: vn("2026-12-01 07:00"),
    config: {
      nationalPortal: {
        url: sb.url,
        ...CREDS,
        ...CALLBACK,
        timeoutMs: 5000,
        pollSeconds: 0,
        catalogueSyncSeconds: 0,
      },
    },
  });
  p = await insertTestProcedure(ctx.deps.db);
  await ctx.deps.db
    .updateTable("procedures")
    .set({ portal_code: "1.001193" })
    .where("id", "=", p.procedureId)
    .execute();
  s = await staff(ctx, p);
  await setNationalSyncEnabled(ctx.deps.db, true);
  lgsp = new LgspClient({ url: sb.url, ...CREDS });
});
afterAll(async () => {
  await ctx.close();
  await sb.close();
});
beforeEach(() => sb.setFault("none"));

async function drain() {
  for (let i = 0; i < 200; i++) if ((await runOutboxOnce(ctx.deps)).claimed === 0) break;
}

/** A citizen submits on the national portal; the province pulls it in. Returns the national id and dossier id. */
async function submittedNationally(): Promise<{ nationalId: string; id: string }> {
  const res = await fetch(`${sb.url}/sandbox/submissions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      MaTTHC: "1.001193",
      MaDonViTiepNhan: p.unitCode,
      ChuHoSo: { HoTen: "Lê Thị Hoa", SoDinhDanh: "001190012345", LoaiDoiTuong: 1 },
      DuLieuBieuMau: { applicant: { fullName: "Lê Thị Hoa", idNumber: "001190012345", birthDate: "1990-05-06" } },
      TepDinhKem: [
        { MaThanhPhan: "TK", TenTep: "to-khai.pdf", LoaiTep: "application/pdf", NoiDungBase64: PDF.toString("base64") },
      ],
    }),
  });
  const nationalId = ((await res.json()) as { MaHoSoQG: string }).MaHoSoQG;
  const r = await pullNationalSubmissions(ctx.deps);
  const mine = r.find((x) => x.nationalId === nationalId);
  if (mine?.state !== "accepted") throw new Error(`not taken in: ${JSON.stringify(r)}`);
  return { nationalId, id: mine.dossierId };
}

let day = 0;
/** Received, handed over, appraised, approved, returned: 1 → 2 → 4 → 9 → 10, on its own day. */
async function process(id: string) {
  day++;
  const at = (h: string) => vn(`2026-12-${String(day).padStart(2, "0")} ${h}`);
  ctx.setNow(at("08:00"));
  await ok(ctx, s.receiving, id, "receive");
  ctx.setNow(at("09:00"));
  await ok(ctx, s.receiving, id, "forward");
  ctx.setNow(at("10:00"));
  await ok(ctx, s.deptSpecialist, id, "generate_result", { title: "Giấy xác nhận", content: "Xác nhận." });
  await ok(ctx, s.deptSpecialist, id, "forward");
  ctx.setNow(at("14:00"));
  await ok(ctx, s.deptLeader, id, "approve");
  ctx.setNow(at("16:00"));
  await ok(ctx, s.receiving, id, "return_result", { method: "online" });
  ctx.setNow(at("17:00"));
}

const codeOf = async (id: string) =>
  (await ctx.deps.db.selectFrom("dossiers").select("code").where("id", "=", id).executeTakeFirstOrThrow()).code!;
const rateNationally = async (ref: string, level: 1 | 2 | 3, extra: Record<string, unknown> = {}) => {
  const res = await fetch(`${sb.url}/sandbox/ratings`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ MaHoSo: ref, MucDoHaiLong: level, ...extra }),
  });
  return ((await res.json()) as { MaDanhGia: string }).MaDanhGia;
};
const satisfaction = async () => {
  const rows = await ctx.deps.db
    .selectFrom("stat_daily")
    .select(["metric"])
    .select((eb) => eb.fn.sum<number>("n").as("n"))
    .where("metric", "like", "rating_%")
    .groupBy("metric")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.metric, Number(r.n)]));
};
const linkToken = (id: string) => ratingLink(ctx.deps, id).split("/").pop()!;

describe("a dossier submitted on the national portal: its id echoed on every push", () => {
  it("links the province's dossier to the citizen's submission; the citizen sees the status there (TraCuuHoSo)", async () => {
    const { nationalId, id } = await submittedNationally();
    await process(id);
    await drain();
    const code = await codeOf(id);
    const pushed = sb.state().dossiers.find((d) => d.dossier.MaHoSo === code)!;
    expect(pushed.dossier).toMatchObject({ MaHoSo: code, MaHoSoQG: nationalId, KenhThucHien: 2, TrangThaiHoSo: 10 });
    expect(pushed.statuses.map((x) => x.status)).toEqual([2, 4, 9, 10]);
    expect(pushed.steps.length).toBeGreaterThan(0);
    expect(pushed.steps.every((x) => x.MaHoSoQG === nationalId)).toBe(true);
    expect(sb.state().submissions.find((x) => x.MaHoSoQG === nationalId)).toMatchObject({
      TrangThai: "DA_NHAN",
      MaHoSoDongBo: code,
    });
    // the citizen looks it up on the national portal by the id they were given there
    const seen = await lgsp.call<{ MaHoSo: string; TrangThaiHoSo: number; LichSuTrangThai: { status: number }[] }>(
      "TraCuuHoSo",
      { MaHoSo: nationalId },
    );
    expect(seen).toMatchObject({ MaHoSo: code, TrangThaiHoSo: 10, MaHoSoQG: nationalId });
    expect(seen.LichSuTrangThai.map((x) => x.status)).toEqual([2, 4, 9, 10]);
    // the sandbox's page shows the link and the status
    const page = await (await fetch(`${sb.url}/`)).text();
    expect(page).toContain(nationalId);
  });

  it("a dossier of another channel carries no national id; the portal refuses an id it did not issue or linked elsewhere", async () => {
    ctx.setNow(vn("2026-12-20 07:55"));
    const online = await submitOnline(ctx, p);
    ctx.setNow(vn("2026-12-20 08:00"));
    await ok(ctx, s.receiving, online, "receive");
    await drain();
    const code = await codeOf(online);
    const pushed = sb.state().dossiers.find((d) => d.dossier.MaHoSo === code)!;
    expect(pushed.dossier.MaHoSoQG).toBeUndefined();

    const update = { ...pushed.dossier, MaHoSoQG: "G22.000000.NOPE00" };
    const err = await lgsp.pushDossier(update, true).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NationalPortalError);
    expect((err as NationalPortalError).code).toBe("DATA_INVALID");
    expect((err as NationalPortalError).fields).toEqual([
      { field: "data.MaHoSoQG", message: "Không có hồ sơ “G22.000000.NOPE00” nộp trên Cổng quốc gia" },
    ]);
    // an id already linked to another dossier of the province
    const linked = sb.state().submissions.find((x) => x.MaHoSoDongBo)!;
    const stolen = await lgsp.pushDossier({ ...pushed.dossier, MaHoSoQG: linked.MaHoSoQG }, true).catch((e) => e);
    expect((stolen as NationalPortalError).fields[0].message).toMatch(/đã liên kết với hồ sơ/);
    expect(sb.state().dossiers.find((d) => d.dossier.MaHoSo === code)!.dossier.MaHoSoQG).toBeUndefined();
  });
});

describe("ratings given on the national portal", () => {
  it("are pulled from a cursor and recorded once through the one rating path, counted like local ones", async () => {
    const { nationalId, id } = await submittedNationally();
    await process(id);
    await drain();
    const before = await satisfaction();
    // the citizen rates on the national portal, by the id they know there
    const ratingId = await rateNationally(nationalId, 3, {
      TieuChi: { DeDang: 2, DungHen: 3, ThaiDo: 1 },
      YKien: "Phải đi lại hai lần.",
    });
    const r = await pullNationalRatings(ctx.deps);
    expect(r).toContainEqual({ ratingId, state: "recorded", dossierId: id });
    const row = await ctx.deps.db
      .selectFrom("dossier_ratings")
      .selectAll()
      .where("dossier_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      overall: "unsatisfied",
      ease: "satisfied",
      on_time: "unsatisfied",
      attitude: "very_satisfied",
      reason: "Phải đi lại hai lần.",
      via: "national_portal",
      citizen_id: null,
    });
    const ev = (await eventsOf(ctx, id)).at(-1)!;
    expect(ev).toMatchObject({ type: "rated", actor_kind: "integration", actor_name: "Cổng Dịch vụ công quốc gia" });
    expect(ev.data).toMatchObject({ overall: "unsatisfied", via: "national_portal", national: { ratingId } });
    // counted in the satisfaction figures, and the rebuild from history agrees
    const after = await satisfaction();
    expect((after.rating_unsatisfied ?? 0) - (before.rating_unsatisfied ?? 0)).toBe(1);
    await rebuildStatistics(ctx.deps.db);
    expect(await satisfaction()).toEqual(after);
    // the leaders of the unit hear of "not satisfied" like for a local rating
    const queued = await ctx.deps.db
      .selectFrom("outbox")
      .select("topic")
      .where("dossier_id", "=", id)
      .where("topic", "=", "notify.rating")
      .execute();
    expect(queued).toHaveLength(1);

    // the cursor is kept; pulled again (the portal lists it again): looked at once
    const cursor = await ctx.deps.db
      .selectFrom("settings")
      .select("value")
      .where("key", "=", RATINGS_CURSOR_SETTING)
      .executeTakeFirstOrThrow();
    expect(cursor.value).toEqual({ since: sb.state().ratings.find((x) => x.MaDanhGia === ratingId)!.ThoiDiem });
    const again = await pullNationalRatings(ctx.deps);
    // asked from one second before the cursor, so the portal lists it again: known, nothing recorded twice
    expect(again.filter((x) => x.ratingId === ratingId)).toEqual([{ ratingId, state: "known" }]);
    expect(await satisfaction()).toEqual(after);
    const events = (await eventsOf(ctx, id)).filter((e) => e.type === "rated");
    expect(events).toHaveLength(1);

    // the same dossier rated here afterwards: the national rating stands
    const local = await rateDossier(ctx.deps, { via: "link", token: linkToken(id) }, undefined, {
      overall: "very_satisfied",
    }).catch((e) => e);
    expect(local).toMatchObject({ status: 409, code: "rating_given_elsewhere" });
  });

  it("a dossier already rated here keeps its first rating; unknown and unfinished dossiers are skipped, not fatal", async () => {
    const { id } = await submittedNationally();
    await process(id);
    await drain();
    const code = await codeOf(id);
    await rateDossier(ctx.deps, { via: "link", token: linkToken(id) }, undefined, { overall: "satisfied" });
    const counted = await satisfaction();
    const late = await rateNationally(code, 1);
    const unknown = await rateNationally("000.00.00.H00-261201-9999", 2);
    const { nationalId: openNationalId, id: open } = await submittedNationally();
    const early = await rateNationally(openNationalId, 1);
    const r = await pullNationalRatings(ctx.deps);
    expect(r).toContainEqual({ ratingId: late, state: "kept_first", dossierId: id });
    expect(r).toContainEqual({ ratingId: unknown, state: "skipped", reason: expect.stringMatching(/Không tìm thấy/) });
    // a dossier submitted there but not finished here: the rating cannot be recorded yet
    expect(r).toContainEqual({
      ratingId: early,
      state: "skipped",
      reason: "Chỉ đánh giá được hồ sơ đã trả kết quả.",
    });
    expect(await satisfaction()).toEqual(counted);
    const rating = await ctx.deps.db
      .selectFrom("dossier_ratings")
      .selectAll()
      .where("dossier_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(rating).toMatchObject({ overall: "satisfied", via: "link" });
    const kept = await ctx.deps.db
      .selectFrom("national_ratings")
      .select(["rating_id", "state", "dossier_id"])
      .where("rating_id", "in", [late, unknown, early])
      .orderBy("state")
      .execute();
    expect(kept.map((k) => [k.rating_id, k.state, k.dossier_id])).toEqual(
      expect.arrayContaining([
        [late, "kept_first", id],
        [unknown, "skipped", null],
        [early, "skipped", open],
      ]),
    );
  });

  it("the portal down: the pull fails, the cursor stays, the ratings come on the next pull", async () => {
    const { id } = await submittedNationally();
    await process(id);
    await drain();
    const ratingId = await rateNationally(await codeOf(id), 2);
    const cursor = async () =>
      (
        await ctx.deps.db
          .selectFrom("settings")
          .select("value")
          .where("key", "=", RATINGS_CURSOR_SETTING)
          .executeTakeFirst()
      )?.value;
    const was = await cursor();
    sb.setFault("unavailable");
    await expect(pullNationalRatings(ctx.deps)).rejects.toThrow(NationalPortalError);
    expect(await cursor()).toEqual(was);
    sb.setFault("none");
    expect(await pullNationalRatings(ctx.deps)).toContainEqual({ ratingId, state: "recorded", dossierId: id });
  });
});
