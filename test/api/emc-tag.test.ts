/**
 * The national monitoring platform's (EMC) script on every public page, when configured (issue #8): the tag with the
 * site's code on portal pages (and their error pages), none on office pages or API answers, and the content security
 * policy allowing the platform's origin on public pages only; nothing of it when not configured; the two settings
 * go together.
 */
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadServiceConfig } from "../../src/config-services.js";
import { createTestApp, type TestContext } from "../helpers/app.js";

const EMC = { scriptUrl: "https://emc.example.gov.vn/js/emc.js?v=2", siteCode: "H26-DVC" };

describe("EMC monitoring script", () => {
  let on: TestContext;
  let off: TestContext;
  beforeAll(async () => {
    const services = loadServiceConfig({}, false, "/tmp/motcua-emc");
    on = await createTestApp({ demo: false, config: { services: { ...services, emc: EMC } } });
    off = await createTestApp({ demo: false, config: { services: { ...services, emc: undefined } } });
  });
  afterAll(async () => {
    await on?.close();
    await off?.close();
  });

  const get = (ctx: TestContext, url: string) =>
    ctx.app.inject({ method: "GET", url, headers: { accept: "text/html" } });

  it("is on every public page when configured, and the policy allows its origin there", async () => {
    for (const url of ["/", "/thong-ke", "/tra-cuu", "/thu-tuc/khong-co"]) {
      const res = await get(on, url);
      expect(res.body).toContain(
        '<script async src="https://emc.example.gov.vn/js/emc.js?v=2" id="emc-monitoring" data-site-code="H26-DVC"></script></head>',
      );
      const csp = String(res.headers["content-security-policy"]);
      expect(csp).toContain("script-src 'self' https://emc.example.gov.vn;");
      expect(csp).toContain("connect-src 'self' https://emc.example.gov.vn;");
    }
  });

  it("is in the pages kept whole, once, whether sent compressed or not", async () => {
    const withDemo = await createTestApp({
      config: { services: { ...loadServiceConfig({}, false, "/tmp/motcua-emc"), emc: EMC } },
    });
    try {
      for (const url of ["/thu-tuc/1.001193", "/thong-ke"]) {
        for (const encoding of ["br", "gzip", "identity", "br", "gzip", "identity"]) {
          const res = await withDemo.app.inject({
            method: "GET",
            url,
            headers: { accept: "text/html", "accept-encoding": encoding },
          });
          expect(res.statusCode).toBe(200);
          const raw = res.rawPayload;
          const body =
            encoding === "br"
              ? brotliDecompressSync(raw).toString()
              : encoding === "gzip"
                ? gunzipSync(raw).toString()
                : raw.toString();
          expect(res.headers["content-encoding"]).toBe(encoding === "identity" ? undefined : encoding);
          expect(body.split('id="emc-monitoring"').length, `${url} ${encoding}`).toBe(2);
          expect(body).toContain('data-site-code="H26-DVC"></script></head>');
        }
      }
    } finally {
      await withDemo.close();
    }
  });

  it("is not on office pages or API answers, whose policy stays closed", async () => {
    const office = await get(on, "/office/login");
    expect(office.statusCode).toBe(200);
    expect(office.body).not.toContain("emc-monitoring");
    expect(String(office.headers["content-security-policy"])).toContain("script-src 'self';");
    const api = await on.app.inject({ method: "GET", url: "/api/statistics" });
    expect(api.body).not.toContain("emc-monitoring");
    expect(String(api.headers["content-security-policy"])).not.toContain("emc.example.gov.vn");
  });

  it("is nowhere when not configured", async () => {
    const res = await get(off, "/");
    expect(res.body).not.toContain("emc-monitoring");
    expect(String(res.headers["content-security-policy"])).toContain("script-src 'self';");
  });

  it("needs both settings, and an https address", () => {
    expect(() => loadServiceConfig({ EMC_SCRIPT_URL: EMC.scriptUrl }, false, "/tmp")).toThrow(/together/);
    expect(() => loadServiceConfig({ EMC_SITE_CODE: "X" }, false, "/tmp")).toThrow(/together/);
    expect(() => loadServiceConfig({ EMC_SCRIPT_URL: "http://x.vn/e.js", EMC_SITE_CODE: "X" }, true, "/tmp")).toThrow(
      /https/,
    );
    expect(loadServiceConfig({ EMC_SCRIPT_URL: EMC.scriptUrl, EMC_SITE_CODE: "H26-DVC" }, false, "/tmp").emc).toEqual(
      EMC,
    );
  });
});
