/**
 * Issue #9: the province's branding and contacts — set by an administrator (audited, validated, the emblem through the
 * upload pipeline), shown on every portal page including the cached procedure pages, refused to everyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { loginAsOfficer, type TestOfficer } from "../helpers/officer.js";

let ctx: TestContext;
let admin: TestOfficer;
let clerk: TestOfficer;

// a 1×1 PNG
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000000000500010d0a2db40000000049454e44ae426082",
  "hex",
);
const valid = {
  portalNameVi: "Cổng dịch vụ công tỉnh Thử nghiệm",
  portalNameEn: "Thu Nghiem Public Service Portal",
  provinceName: "Ủy ban nhân dân tỉnh Thử nghiệm",
  hotline: "1900 1234",
  address: "Số 1 Đường Trung tâm, tỉnh Thử nghiệm",
  email: "dichvucong@thunghiem.gov.vn",
  footerLinks: [{ labelVi: "Hướng dẫn sử dụng", labelEn: "User guide", url: "/huong-dan" }],
};

const multipart = (fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }) => {
  const boundary = "----motcua-branding";
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  const head = Buffer.from(parts.join(""));
  const filePart = file
    ? Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="emblem"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
        ),
        file.bytes,
        Buffer.from("\r\n"),
      ])
    : Buffer.alloc(0);
  return {
    payload: Buffer.concat([head, filePart, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
};

beforeAll(async () => {
  ctx = await createTestApp();
  const unit = await ctx.deps.db.selectFrom("units").select("id").limit(1).executeTakeFirstOrThrow();
  admin = await loginAsOfficer(ctx, { unitId: unit.id, roles: ["admin"], username: "quantri.th" });
  clerk = await loginAsOfficer(ctx, { unitId: unit.id, roles: ["receiving"], username: "tiepnhan.th" });
});
afterAll(async () => ctx?.close());

describe("branding and contacts", () => {
  it("a fresh installation shows the default name and no emblem", async () => {
    const home = await ctx.app.inject({ url: "/" });
    expect(home.body).toContain("<title>");
    expect(home.body).toMatch(/– Cổng dịch vụ công<\/title>/);
    expect((await ctx.app.inject({ url: "/thuong-hieu/bieu-trung" })).statusCode).toBe(404);
  });

  it("an administrator's branding and emblem appear on every portal page, the cached procedure page too; audited", async () => {
    const before = await ctx.app.inject({ url: "/thu-tuc/1.001193" }); // cached per catalogue snapshot
    expect(before.body).not.toContain("tỉnh Thử nghiệm");
    const f = multipart(
      {
        portalNameVi: valid.portalNameVi,
        portalNameEn: valid.portalNameEn,
        provinceName: valid.provinceName,
        hotline: valid.hotline,
        address: valid.address,
        email: valid.email,
        "links.0.labelVi": "Hướng dẫn sử dụng",
        "links.0.labelEn": "User guide",
        "links.0.url": "/huong-dan",
      },
      { name: "bieu-trung.png", type: "image/png", bytes: PNG },
    );
    const saved = await ctx.app.inject({
      method: "POST",
      url: "/office/quan-tri/thuong-hieu",
      headers: { ...admin.headers, ...f.headers },
      payload: f.payload,
    });
    expect(saved.statusCode, saved.body).toBe(303);

    for (const url of ["/", "/thu-tuc/1.001193", "/thu-tuc", "/tra-cuu", "/thong-ke"]) {
      const r = await ctx.app.inject({ url });
      expect(r.statusCode, url).toBe(200);
      expect(r.body, url).toContain("– Cổng dịch vụ công tỉnh Thử nghiệm</title>");
      expect(r.body, url).toContain("Ủy ban nhân dân tỉnh Thử nghiệm");
      expect(r.body, url).toContain('<a href="tel:19001234">1900 1234</a>');
      expect(r.body, url).toContain('<a href="mailto:dichvucong@thunghiem.gov.vn">');
      expect(r.body, url).toContain('<a href="/huong-dan">Hướng dẫn sử dụng</a>');
      expect(r.body, url).toMatch(/<img class="emblem-img" src="\/thuong-hieu\/bieu-trung\?v=[0-9a-f]{8}"/);
    }
    const en = await ctx.app.inject({ url: "/?lang=en" });
    expect(en.body).toContain("– Thu Nghiem Public Service Portal</title>");
    expect(en.body).toContain('<a href="/huong-dan">User guide</a>');

    const emblem = await ctx.app.inject({ url: "/thuong-hieu/bieu-trung" });
    expect(emblem.statusCode).toBe(200);
    expect(emblem.headers["content-type"]).toBe("image/png");
    expect(Buffer.compare(emblem.rawPayload, PNG)).toBe(0);

    const api = (await ctx.app.inject({ url: "/api/admin/branding", headers: admin.headers })).json();
    expect(api).toMatchObject({ portalName: { vi: valid.portalNameVi, en: valid.portalNameEn }, hotline: "1900 1234" });
    const audit = await ctx.deps.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "branding.update")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: admin.id });
  });

  it("refuses bad input with the field named, and keeps what was saved", async () => {
    const bad = await ctx.app.inject({
      method: "PUT",
      url: "/api/admin/branding",
      headers: admin.headers,
      payload: { ...valid, footerLinks: [{ labelVi: "Lừa", labelEn: "", url: "javascript:alert(1)" }] },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.fields[0].path).toBe("body.footerLinks.0.url");
    const noName = await ctx.app.inject({
      method: "PUT",
      url: "/api/admin/branding",
      headers: admin.headers,
      payload: { ...valid, portalNameVi: "" },
    });
    expect(noName.statusCode).toBe(422);

    // an emblem that is not an image: the page shows the error beside the input; nothing changes
    const f = multipart(
      { portalNameVi: "Tên khác", portalNameEn: "", provinceName: "", hotline: "", address: "", email: "" },
      { name: "bieu-trung.png", type: "image/png", bytes: Buffer.from("%PDF-1.4 không phải ảnh") },
    );
    const page = await ctx.app.inject({
      method: "POST",
      url: "/office/quan-tri/thuong-hieu",
      headers: { ...admin.headers, ...f.headers },
      payload: f.payload,
    });
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('id="emblem-error"');
    expect(page.body).toContain('value="Tên khác"');
    const home = await ctx.app.inject({ url: "/" });
    expect(home.body).toContain("– Cổng dịch vụ công tỉnh Thử nghiệm</title>");
    expect((await ctx.app.inject({ url: "/api/admin/branding", headers: admin.headers })).json().portalName.vi).toBe(
      valid.portalNameVi,
    );
  });

  it("is for administrators only", async () => {
    expect((await ctx.app.inject({ url: "/api/admin/branding", headers: clerk.headers })).statusCode).toBe(403);
    expect(
      (await ctx.app.inject({ method: "PUT", url: "/api/admin/branding", headers: clerk.headers, payload: valid }))
        .statusCode,
    ).toBe(403);
    expect((await ctx.app.inject({ url: "/office/quan-tri/thuong-hieu", headers: clerk.headers })).statusCode).toBe(
      403,
    );
    expect((await ctx.app.inject({ url: "/api/admin/branding" })).statusCode).toBe(401);
  });

  it("removing the emblem brings the default back", async () => {
    const r = await ctx.app.inject({
      method: "PUT",
      url: "/api/admin/branding",
      headers: admin.headers,
      payload: { ...valid, removeEmblem: true },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().emblemFileId).toBeNull();
    expect((await ctx.app.inject({ url: "/" })).body).toContain('<span class="emblem" aria-hidden="true">★</span>');
    expect((await ctx.app.inject({ url: "/thuong-hieu/bieu-trung" })).statusCode).toBe(404);
  });
});
