/**
 * Ratings of finished dossiers (issue #8): from "my dossiers" (API and page), from the single-use expiring link in
 * the closing e-mail, on the counter kiosk; one rating per dossier, changeable within the window; "Chưa hài lòng"
 * needs a reason and reaches the unit's leaders; every refusal; satisfaction counted from history.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChains } from "../../src/app/history.js";
import { ratingLink } from "../../src/app/ratings.js";
import { rebuildStatistics } from "../../src/app/statistics.js";
import { buildStatusMail } from "../../src/jobs/notify.js";
import { runOutboxOnce } from "../../src/jobs/outbox.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import { as, eventsOf, ok, runToProcessed, type Staff, staff, submitOnline, vn } from "./office-fixtures.js";

let ctx: TestContext;
let p: TestProcedure;
let s: Staff;
let owner: TestCitizen;
let other: TestCitizen;

beforeAll(async () => {
  ctx = await createTestApp({ demo: false, now: vn("2026-03-02 07:00") });
  p = await insertTestProcedure(ctx.deps.db);
  s = await staff(ctx, p);
  owner = await loginAsCitizen(ctx);
  other = await loginAsCitizen(ctx, { subject: "test|001090099999", idNumber: "001090099999", name: "Lê Thị Khác" });
  await ctx.deps.db
    .updateTable("officers")
    .set({ email: "lanhdao.trungtam@thunghiem.gov.vn" })
    .where("id", "=", s.centreLeader.id)
    .execute();
});
afterAll(() => ctx.close());

let day = 2;
/** A dossier of `owner` taken to "result returned" (10), on its own day. */
async function returnedDossier(): Promise<string> {
  day++;
  const d = (h: string) => vn(`2026-03-${String(day).padStart(2, "0")} ${h}`);
  ctx.setNow(d("07:30"));
  const id = await submitOnline(ctx, p, { citizenId: owner.id });
  await runToProcessed(ctx, s, id, {
    receive: d("08:00"),
    forward: d("08:30"),
    appraise: d("09:00"),
    approve: d("09:30"),
  });
  ctx.setNow(d("10:00"));
  await ok(ctx, s.receiving, id, "return_result", { method: "counter" });
  return id;
}

const rateApi = async (who: { id: string } | null, id: string, body: object) => {
  const res = await ctx.app.inject({
    method: "POST",
    url: `/api/my/dossiers/${id}/rating`,
    headers: who ? await as(ctx, who, "citizen") : {},
    payload: body,
  });
  return { status: res.statusCode, body: res.json() as any };
};

const satisfactionRollup = async () => {
  const rows = await ctx.deps.db
    .selectFrom("stat_daily")
    .select(["metric"])
    .select((eb) => eb.fn.sum<number>("n").as("n"))
    .where("metric", "like", "rating_%")
    .groupBy("metric")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.metric, Number(r.n)]));
};

describe("rating from my dossiers", () => {
  it("records the rating, its event and the satisfaction count; a change within the window moves the count", async () => {
    const id = await returnedDossier();
    ctx.setNow(vn(`2026-03-0${day} 15:00`));
    const r = await rateApi(owner, id, { overall: "satisfied", ease: "very_satisfied", attitude: "satisfied" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      dossierId: id,
      overall: "satisfied",
      ease: "very_satisfied",
      onTime: null,
      attitude: "satisfied",
      via: "portal",
      changeableUntil: new Date(vn(`2026-03-0${day} 15:00`).getTime() + 72 * 3600_000).toISOString(),
    });
    expect(await satisfactionRollup()).toEqual({ rating_satisfied: 1 });
    const evs = await eventsOf(ctx, id);
    expect(evs.at(-1)).toMatchObject({
      type: "rated",
      actor_kind: "citizen",
      actor_id: owner.id,
      from_status: 10,
      to_status: 10,
    });

    ctx.setNow(vn(`2026-03-0${day + 1} 09:00`));
    const changed = await rateApi(owner, id, { overall: "very_satisfied" });
    expect(changed.status).toBe(200);
    expect(changed.body.firstRatedAt).toBe(r.body.firstRatedAt);
    expect(await satisfactionRollup()).toEqual({ rating_satisfied: 0, rating_very_satisfied: 1 });

    // after the window: refused, nothing written
    ctx.setNow(vn(`2026-03-0${day + 4} 09:00`));
    const late = await rateApi(owner, id, { overall: "unsatisfied", reason: "Chậm" });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe("Hồ sơ đã được đánh giá; thời hạn thay đổi đánh giá đã hết.");
    expect((await eventsOf(ctx, id)).filter((e) => e.type === "rated")).toHaveLength(2);
    expect((await verifyChains(ctx.deps.db, id)).broken).toBeUndefined();

    // the page shows the current rating
    const pageRes = await ctx.app.inject({
      method: "GET",
      url: `/ho-so-cua-toi/${id}/danh-gia`,
      headers: await as(ctx, owner, "citizen"),
    });
    expect(pageRes.statusCode).toBe(200);
    expect(pageRes.body).toContain("Đánh giá hiện tại: <strong>Rất hài lòng</strong>");
  });

  it("refuses: no login 401, someone else's dossier 404, not finished 409, no reason for 'Chưa hài lòng' 422", async () => {
    const id = await returnedDossier();
    expect((await rateApi(null, id, { overall: "satisfied" })).status).toBe(401);
    const foreign = await rateApi(other, id, { overall: "satisfied" });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.message).toBe("Không tìm thấy hồ sơ.");
    ctx.setNow(vn("2026-03-20 08:00"));
    const open = await submitOnline(ctx, p, { citizenId: owner.id });
    const notDone = await rateApi(owner, open, { overall: "satisfied" });
    expect(notDone.status).toBe(409);
    expect(notDone.body.error.message).toBe("Chỉ đánh giá được hồ sơ đã trả kết quả.");
    const noReason = await rateApi(owner, id, { overall: "unsatisfied" });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.fields).toEqual([
      { path: "body.reason", message: "Xin cho biết lý do Ông/Bà chưa hài lòng." },
    ]);
    const badLevel = await rateApi(owner, id, { overall: "great" });
    expect(badLevel.status).toBe(422);
    expect(
      await ctx.deps.db
        .selectFrom("dossier_ratings")
        .select("dossier_id")
        .where("dossier_id", "in", [id, open])
        .execute(),
    ).toEqual([]);
  });

  it("the page form shows the error next to the field and keeps the choice", async () => {
    const id = await returnedDossier();
    const res = await ctx.app.inject({
      method: "POST",
      url: `/ho-so-cua-toi/${id}/danh-gia`,
      headers: { ...(await as(ctx, owner, "citizen")), "content-type": "application/x-www-form-urlencoded" },
      payload: "overall=unsatisfied&ease=&onTime=&attitude=&reason=",
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<a href="#reason">Xin cho biết lý do Ông/Bà chưa hài lòng.</a>');
    expect(res.body).toContain('value="unsatisfied" checked');
  });
});

describe("rating by the link in the closing e-mail", () => {
  it("the closing e-mail carries a link that rates once without login; reuse, tampering and expiry are refused", async () => {
    const id = await returnedDossier();
    const seq = (await eventsOf(ctx, id)).at(-1)!.seq;
    const mail = await buildStatusMail(ctx.deps, { dossierId: id, status: 10, seq });
    const link = /http\S+\/danh-gia\/(\S+)/.exec(mail!.text);
    expect(link).not.toBeNull();
    const token = link![1];
    const post = (t: string, body: object) =>
      ctx.app.inject({ method: "POST", url: `/api/ratings/${t}`, payload: body });
    const tampered = `${token.slice(0, -2)}xx`;
    const bad = await post(tampered, { overall: "satisfied" });
    expect(bad.statusCode).toBe(404);
    expect(bad.json().error.message).toBe("Liên kết đánh giá không hợp lệ.");

    const first = await post(token, {
      overall: "unsatisfied",
      reason: "Cán bộ hướng dẫn chưa rõ",
      attitude: "unsatisfied",
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ via: "link", overall: "unsatisfied", attitude: "unsatisfied" });
    const again = await post(token, { overall: "satisfied" });
    expect(again.statusCode).toBe(410);
    expect(again.json().error.message).toBe("Liên kết đánh giá đã được sử dụng.");

    // the unit's leader hears about it (outbox → e-mail)
    ctx.mailer.sent = [];
    while ((await runOutboxOnce(ctx.deps)).claimed > 0);
    const toLeader = ctx.mailer.sent.find((m) => m.to === "lanhdao.trungtam@thunghiem.gov.vn");
    expect(toLeader?.subject).toMatch(/người dân chưa hài lòng$/);
    expect(toLeader?.text).toContain("Lý do: Cán bộ hướng dẫn chưa rõ");
    expect(toLeader?.text).toContain("Thái độ của cán bộ: Chưa hài lòng");

    // a link past its validity
    const id2 = await returnedDossier();
    const old = ratingLink(ctx.deps, id2).split("/danh-gia/")[1];
    ctx.setNow(new Date(ctx.deps.now().getTime() + 31 * 86400_000));
    const expired = await post(old, { overall: "satisfied" });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.message).toBe("Liên kết đánh giá đã hết hạn.");
  });
});

describe("rating on the counter kiosk", () => {
  it("a receiving officer's kiosk rates a dossier of its unit by code; other units' dossiers are not found", async () => {
    const id = await returnedDossier();
    const code = (
      await ctx.deps.db.selectFrom("dossiers").select("code").where("id", "=", id).executeTakeFirstOrThrow()
    ).code!;
    const form = (who: { id: string }, body: string) =>
      as(ctx, who).then((h) =>
        ctx.app.inject({
          method: "POST",
          url: "/office/kiosk/danh-gia",
          headers: { ...h, "content-type": "application/x-www-form-urlencoded" },
          payload: body,
        }),
      );
    const elsewhere = await form(s.deptReceiving, `code=${encodeURIComponent(code)}&overall=satisfied`);
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.body).toContain("Không tìm thấy hồ sơ.");
    const specialist = await form(s.specialist, `code=${encodeURIComponent(code)}&overall=satisfied`);
    expect(specialist.statusCode).toBe(403);
    const page = await ctx.app.inject({
      method: "GET",
      url: "/office/kiosk/danh-gia",
      headers: await as(ctx, s.receiving),
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="code"');
    const done = await form(
      s.receiving,
      `code=${encodeURIComponent(code)}&overall=very_satisfied&onTime=very_satisfied`,
    );
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("Cảm ơn Ông/Bà đã đánh giá.");
    const row = await ctx.deps.db
      .selectFrom("dossier_ratings")
      .selectAll()
      .where("dossier_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ overall: "very_satisfied", on_time: "very_satisfied", via: "kiosk", citizen_id: null });
    const noLogin = await ctx.app.inject({ method: "GET", url: "/office/kiosk/danh-gia" });
    expect(noLogin.statusCode).toBe(303);
  });

  it("the satisfaction counts rebuilt from history equal the maintained ones", async () => {
    const before = await satisfactionRollup();
    expect(Object.values(before).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3);
    await rebuildStatistics(ctx.deps.db);
    const after = await satisfactionRollup();
    const nonZero = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== 0));
    expect(nonZero(after)).toEqual(nonZero(before));
  });
});
