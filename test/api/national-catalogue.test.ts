/**
 * Catalogue sync from the national procedure database (issue #6) against the national portal SANDBOX's two
 * snapshots: preview (new, changed field by field, withdrawn, broken reported while the rest imports), apply exactly
 * what was previewed (audited), local additions kept, only administrators.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewCatalogueImport } from "../../src/app/national-portal/catalogue-sync.js";
import { DEMO_PROCEDURES } from "../../src/demo/catalogue/index.js";
import {
  BROKEN_IN_DECEMBER,
  CHANGED_IN_DECEMBER,
  NEW_IN_DECEMBER,
  WITHDRAWN_IN_DECEMBER,
} from "../../src/sandboxes/national-portal/catalogue.js";
import { type NationalPortalSandbox, startNationalPortalSandbox } from "../../src/sandboxes/national-portal/server.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { loginAsOfficer, type TestOfficer } from "../helpers/officer.js";

let sb: NationalPortalSandbox;
let ctx: TestContext;
let admin: TestOfficer;
let supervisor: TestOfficer;
let receiving: TestOfficer;

const currentVersion = (code: string) =>
  ctx.deps.db
    .selectFrom("procedures as p")
    .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
    .selectAll("v")
    .where("p.national_code", "=", code)
    .executeTakeFirstOrThrow();

beforeAll(async () => {
  sb = await startNationalPortalSandbox({ port: 0, username: "u", password: "p", snapshot: "2026-11" });
  ctx = await createTestApp({
    config: {
      nationalPortal: {
        url: sb.url,
        username: "u",
        password: "p",
        callbackSecret: "x",
        timeoutMs: 5000,
        pollSeconds: 0,
        catalogueSyncSeconds: 0,
      },
    },
  });
  const unit = await ctx.deps.db.selectFrom("units").select("id").orderBy("code").executeTakeFirstOrThrow();
  admin = await loginAsOfficer(ctx, { unitId: unit.id, roles: ["admin"], username: "qt-danh-muc" });
  supervisor = await loginAsOfficer(ctx, { unitId: unit.id, roles: ["supervisor"], username: "gs-danh-muc" });
  receiving = await loginAsOfficer(ctx, { unitId: unit.id, roles: ["receiving", "leader"], username: "tn-danh-muc" });
});
afterAll(async () => {
  await ctx.close();
  await sb.close();
});

describe("catalogue sync: who may", () => {
  it("refuses everyone but administrators, and changes nothing", async () => {
    for (const who of [supervisor, receiving]) {
      const p = await ctx.app.inject({
        method: "POST",
        url: "/api/office/national-catalogue/preview",
        headers: who.headers,
      });
      expect(p.statusCode).toBe(403);
      expect(p.json().error.code).toBe("catalogue_admin_only");
      expect((await ctx.app.inject({ url: "/api/office/national-catalogue", headers: who.headers })).statusCode).toBe(
        403,
      );
      const page = await ctx.app.inject({
        url: "/office/national-catalogue",
        headers: { ...who.headers, accept: "text/html" },
      });
      expect(page.statusCode).toBe(403);
    }
    expect((await ctx.app.inject({ method: "POST", url: "/api/office/national-catalogue/preview" })).statusCode).toBe(
      401,
    );
    expect(await ctx.deps.db.selectFrom("catalogue_imports").selectAll().execute()).toEqual([]);
    expect(sb.state().calls.filter((c) => c.service === "LayDanhSachTTHC")).toEqual([]);
  });
});

describe("catalogue sync: preview then apply", () => {
  it("first import: the demo province's procedures match; the others are new (drafts)", async () => {
    const r = await ctx.app.inject({
      method: "POST",
      url: "/api/office/national-catalogue/preview",
      headers: admin.headers,
    });
    expect(r.statusCode).toBe(200);
    const { diff, status, id } = r.json();
    expect(status).toBe("previewed");
    expect(diff.source).toBe("2026-11");
    expect(diff.broken).toEqual([]);
    expect(diff.changed).toEqual([]);
    expect(diff.withdrawn).toEqual([]);
    expect(diff.unchanged).toBe(DEMO_PROCEDURES.length);
    expect(diff.new.length).toBe(diff.fetched - DEMO_PROCEDURES.length);
    expect(diff.new.length).toBeGreaterThan(20);
    // Nothing applied by the preview.
    const before = await ctx.deps.db.selectFrom("procedures").select("id").execute();
    expect(before).toHaveLength(DEMO_PROCEDURES.length);

    const applied = await ctx.app.inject({
      method: "POST",
      url: `/api/office/national-catalogue/${id}/apply`,
      headers: admin.headers,
    });
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toEqual({ created: diff.new.length, updated: 0, withdrawn: 0 });
    const draft = await ctx.deps.db
      .selectFrom("procedures as p")
      .innerJoin("procedure_versions as v", "v.procedure_id", "p.id")
      .select(["p.current_version_id", "v.status", "v.name", "v.time_limit"])
      .where("p.national_code", "=", "1.001695")
      .executeTakeFirstOrThrow();
    expect(draft).toMatchObject({
      current_version_id: null,
      status: "draft",
      name: "Đăng ký giám hộ",
      time_limit: { unit: "working_days", value: 3 },
    });
    // Applying the same preview twice is refused.
    const again = await ctx.app.inject({
      method: "POST",
      url: `/api/office/national-catalogue/${id}/apply`,
      headers: admin.headers,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("catalogue_import_not_pending");
  });

  it("update: changed field by field, withdrawn, new, the broken record reported while the rest imports; local additions survive", async () => {
    // A local addition on a procedure the update changes: a component template and upload limit, an e-form and a
    // process of the province's own.
    const changedCode = "1.001193";
    const cur = await currentVersion(changedCode);
    const components = cur.components.map((c, i) =>
      i === 0 ? { ...c, maxBytes: 2_000_000, template: { name: "Tờ khai (mẫu tỉnh)", file: "to-khai.pdf" } } : c,
    );
    await ctx.deps.db
      .updateTable("procedure_versions")
      .set({ components: JSON.stringify(components) })
      .where("id", "=", cur.id)
      .execute();
    const withdrawnVersion = await currentVersion(WITHDRAWN_IN_DECEMBER[0]);
    // an administrator is editing the next version of another changed procedure (a draft, issue #9)
    const drafted = await currentVersion("1.000894");
    const draft = await ctx.app.inject({
      method: "POST",
      url: "/api/admin/procedures/1.000894/versions",
      headers: admin.headers,
    });
    expect(draft.json()).toEqual({ code: "1.000894", version: drafted.version + 1 });

    sb.setSnapshot("2026-12");
    const r = await ctx.app.inject({
      method: "POST",
      url: "/api/office/national-catalogue/preview",
      headers: admin.headers,
    });
    expect(r.statusCode).toBe(200);
    const { diff, id } = r.json();
    expect(diff.source).toBe("2026-12");
    expect(diff.broken).toEqual([{ code: BROKEN_IN_DECEMBER, reason: expect.stringContaining("/TenTTHC") }]);
    expect(diff.broken[0].reason).toContain("/ThoiHanGiaiQuyet/GiaTri");
    expect(diff.new.map((n: any) => n.code)).toEqual([...NEW_IN_DECEMBER].sort());
    expect(diff.withdrawn.map((w: any) => w.code)).toEqual([...WITHDRAWN_IN_DECEMBER].sort());
    expect(diff.changed.map((c: any) => c.code)).toEqual([...CHANGED_IN_DECEMBER].sort());
    const byCode = Object.fromEntries(diff.changed.map((c: any) => [c.code, c]));
    expect(byCode["1.001193"].changes.map((x: any) => x.field)).toEqual(["components"]);
    expect(byCode["1.001193"].changes[0].after[0].name).toMatch(/\(mẫu 2026\)$/);
    expect(byCode["1.000894"].changes).toEqual([
      {
        field: "timeLimit",
        before: expect.objectContaining({ value: expect.any(Number) }),
        after: expect.objectContaining({ value: 7 }),
      },
    ]);
    const feeChange = byCode["2.000815"].changes;
    expect(feeChange.map((x: any) => x.field)).toEqual(["fees"]);
    expect(feeChange[0].after[0].amount).toBe(feeChange[0].before[0].amount + 1000);

    // The administrator reviews the page before applying.
    const page = await ctx.app.inject({
      url: "/office/national-catalogue",
      headers: { ...admin.headers, accept: "text/html" },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Thủ tục có thay đổi (3)");
    expect(page.body).toContain("Thủ tục bị bãi bỏ (2)");
    expect(page.body).toContain("Thủ tục mới (2)");
    expect(page.body).toContain("Bản ghi lỗi, không nhập (1)");
    expect(page.body).toContain(`action="/office/national-catalogue/${id}/apply"`);

    const applied = await ctx.app.inject({
      method: "POST",
      url: `/office/national-catalogue/${id}/apply`,
      headers: { ...admin.headers, accept: "text/html" },
    });
    expect(applied.statusCode).toBe(303);
    expect(applied.headers.location).toBe("/office/national-catalogue?done=applied");

    const next = await currentVersion(changedCode);
    expect(next.version).toBe(cur.version + 1);
    expect(next.status).toBe("published");
    expect(next.components[0].name).toMatch(/\(mẫu 2026\)$/);
    // local additions kept
    expect(next.components[0]).toMatchObject({
      maxBytes: 2_000_000,
      template: { name: "Tờ khai (mẫu tỉnh)", file: "to-khai.pdf" },
    });
    expect(next.eform).toEqual(cur.eform);
    expect(next.process).toEqual(cur.process);
    expect(next.competent_unit_id).toBe(cur.competent_unit_id);
    expect(next.implementing_unit_ids).toEqual(cur.implementing_unit_ids);
    const old = await ctx.deps.db
      .selectFrom("procedure_versions")
      .select("status")
      .where("id", "=", cur.id)
      .executeTakeFirstOrThrow();
    expect(old.status).toBe("retired");
    expect((await currentVersion("1.000894")).time_limit).toMatchObject({ unit: "working_days", value: 7 });
    // numbered after the administrator's draft, which stays a draft
    expect((await currentVersion("1.000894")).version).toBe(drafted.version + 2);
    expect(
      await ctx.deps.db
        .selectFrom("procedure_versions")
        .select("status")
        .where("procedure_id", "=", drafted.procedure_id)
        .where("version", "=", drafted.version + 1)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: "draft" });
    // withdrawn: its version retired, gone from the public catalogue
    const w = await ctx.deps.db
      .selectFrom("procedure_versions")
      .select("status")
      .where("id", "=", withdrawnVersion.id)
      .executeTakeFirstOrThrow();
    expect(w.status).toBe("retired");
    const pub = await ctx.app.inject({ url: `/api/procedures/${WITHDRAWN_IN_DECEMBER[0]}` });
    expect(pub.statusCode).toBe(404);
    // the broken one was not imported
    expect(
      await ctx.deps.db.selectFrom("procedures").select("id").where("national_code", "=", BROKEN_IN_DECEMBER).execute(),
    ).toEqual([]);
    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "catalogue.national_import.apply")
      .orderBy("id")
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({ actor_id: admin.id, target: id });
    expect(audit[1].data).toMatchObject({ created: 2, updated: 3, withdrawn: 2 });

    // A new preview right after applying finds nothing more to do (the broken record still reported).
    const again = await ctx.app.inject({
      method: "POST",
      url: "/api/office/national-catalogue/preview",
      headers: admin.headers,
    });
    const d2 = again.json().diff;
    expect([d2.new.length, d2.changed.length, d2.withdrawn.length, d2.broken.length]).toEqual([0, 0, 0, 1]);

    // The schedule stores a preview only when there is something to apply.
    expect(await previewCatalogueImport(ctx.deps, null, { onlyIfChanges: true })).toBeUndefined();
    sb.setSnapshot("2026-11");
    const scheduled = await previewCatalogueImport(ctx.deps, null, { onlyIfChanges: true });
    expect(scheduled?.status).toBe("previewed");
    expect(scheduled?.diff.changed.map((c) => c.code)).toEqual([...CHANGED_IN_DECEMBER].sort());
    const latest = await ctx.app.inject({ url: "/api/office/national-catalogue", headers: admin.headers });
    expect(latest.json().latest.id).toBe(scheduled?.id);
    sb.setSnapshot("2026-12");
  });

  it("the portal down: the preview is refused with a clear message, nothing stored", async () => {
    const before = await ctx.deps.db.selectFrom("catalogue_imports").select("id").execute();
    sb.setFault("unavailable");
    try {
      const r = await ctx.app.inject({
        method: "POST",
        url: "/api/office/national-catalogue/preview",
        headers: admin.headers,
      });
      expect(r.statusCode).toBe(502);
      expect(r.json().error.code).toBe("national_portal_failed");
      expect(r.json().error.message).toMatch(/^Không lấy được danh mục từ Cổng Dịch vụ công quốc gia \(UNAVAILABLE/);
    } finally {
      sb.setFault("none");
    }
    expect(await ctx.deps.db.selectFrom("catalogue_imports").select("id").execute()).toHaveLength(before.length);
  });
});
