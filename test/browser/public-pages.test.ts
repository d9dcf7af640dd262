import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axe, describeViolations, type RunningSystem, startSystem } from "./harness.js";

/** WCAG 2.1 AA on the public pages (axe finds nothing), on a desktop and on a phone, and readable without JavaScript. */
describe("public pages in Chromium", () => {
  let sys: RunningSystem;
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(() => sys?.stop());

  const pages = [
    { path: "/", title: /Cổng dịch vụ công/ },
    { path: "/thu-tuc?q=dang+ky+khai+sinh", title: /Đăng ký khai sinh/ },
    { path: "/thu-tuc/1.001193", title: /Đăng ký khai sinh/ },
    { path: "/tra-cuu", title: /Tra cứu/ },
    { path: "/dang-nhap", title: /Đăng nhập/ },
    { path: "/?lang=en", title: /Public Service Portal/ },
    { path: "/thong-ke", title: /Thống kê giải quyết thủ tục hành chính/ },
    { path: "/thong-ke?lang=en&period=q1", title: /Statistics on administrative procedures/ },
  ];

  for (const mobile of [false, true]) {
    for (const p of pages) {
      it(`${p.path} has no axe violations (${mobile ? "phone" : "desktop"})`, async () => {
        const { page, context } = await sys.newPage({ mobile });
        const res = await page.goto(sys.baseUrl + p.path);
        expect(res?.status()).toBe(200);
        expect(await page.content()).toMatch(p.title);
        const violations = await axe(page);
        expect(violations, describeViolations(violations)).toEqual([]);
        if (mobile) {
          // no horizontal scrolling on a 375 px wide phone
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow).toBeLessThanOrEqual(0);
        }
        await context.close();
      });
    }
  }

  it("the procedure page is complete without JavaScript", async () => {
    const context = await sys.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${sys.baseUrl}/thu-tuc/1.001193`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toMatch(/Đăng ký khai sinh/);
    expect(await page.locator("table").count()).toBeGreaterThan(0);
    expect(await page.getByRole("link", { name: /Nộp hồ sơ trực tuyến/ }).count()).toBeGreaterThan(0);
    await context.close();
  });
});
