/** Issue #9: search words — shipped for the demo catalogue, edited by administrators, used by the portal's search. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { loginAsOfficer, type TestOfficer } from "../helpers/officer.js";

let ctx: TestContext;
let admin: TestOfficer;
let clerk: TestOfficer;
const search = async (q: string) =>
  (await ctx.app.inject({ method: "GET", url: `/api/procedures?q=${encodeURIComponent(q)}` }))
    .json()
    .items.map((i: { code: string }) => i.code) as string[];

beforeAll(async () => {
  ctx = await createTestApp();
  const unit = await ctx.deps.db.selectFrom("units").select("id").limit(1).executeTakeFirstOrThrow();
  admin = await loginAsOfficer(ctx, { unitId: unit.id, roles: ["admin"], username: "quantri.tk" });
  clerk = await loginAsOfficer(ctx, { unitId: unit.id, roles: ["receiving"], username: "tiepnhan.tk" });
});
afterAll(async () => ctx?.close());

describe("search words", () => {
  it("the demo catalogue's words find what the official names do not say, without diacritics", async () => {
    // both land procedures carry "sổ hồng" / "sổ đỏ" (first issue, and transfer): both come first
    expect((await search("so hong")).slice(0, 2).sort()).toEqual(["1.012753", "1.012766"]);
    expect((await search("sổ đỏ")).slice(0, 2).sort()).toEqual(["1.012753", "1.012766"]);
    expect((await search("cap so lan dau"))[0]).toBe("1.012753");
    expect((await search("TNHH"))[0]).toBe("2.001610");
    expect((await search("lltp"))[0]).toBe("2.000488");
    // typo tolerance as for names
    expect(await search("bang lai xe")).toContain("1.002809");
  });

  it("an administrator's words are searched at once; bad words are refused with nothing changed; audited", async () => {
    expect(await search("dkks")).toEqual([]);
    const r = await ctx.app.inject({
      method: "POST",
      url: "/office/quan-tri/tu-khoa/1.001193",
      headers: { ...admin.headers, "content-type": "application/x-www-form-urlencoded" },
      payload: `words=${encodeURIComponent("ĐKKS\nđkks\n  khai sinh cho con  ")}`,
    });
    expect(r.statusCode).toBe(303);
    expect((await search("dkks"))[0]).toBe("1.001193");
    const words = (
      await ctx.app.inject({ method: "GET", url: "/api/admin/search-words?q=1.001193", headers: admin.headers })
    ).json().items[0].words;
    expect(words).toEqual(["ĐKKS", "khai sinh cho con"]);
    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "procedure.search_words")
      .where("target", "=", "1.001193")
      .execute();
    expect(audit).toHaveLength(1);

    const bad = await ctx.app.inject({
      method: "PUT",
      url: "/api/admin/procedures/1.001193/search-words",
      headers: admin.headers,
      payload: { words: ["x".repeat(61)] },
    });
    expect(bad.statusCode).toBe(422);
    const page = await ctx.app.inject({
      method: "POST",
      url: "/office/quan-tri/tu-khoa/1.001193",
      headers: { ...admin.headers, "content-type": "application/x-www-form-urlencoded" },
      payload: `words=${"y".repeat(70)}`,
    });
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('aria-invalid="true"');
    expect((await search("dkks"))[0]).toBe("1.001193");
    const unknown = await ctx.app.inject({
      method: "PUT",
      url: "/api/admin/procedures/9.999999/search-words",
      headers: admin.headers,
      payload: { words: ["abc"] },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it("refuses non-administrators", async () => {
    const put = await ctx.app.inject({
      method: "PUT",
      url: "/api/admin/procedures/1.001193/search-words",
      headers: clerk.headers,
      payload: { words: ["abc"] },
    });
    expect(put.statusCode).toBe(403);
    expect(
      (await ctx.app.inject({ method: "GET", url: "/office/quan-tri/tu-khoa", headers: clerk.headers })).statusCode,
    ).toBe(403);
  });
});
