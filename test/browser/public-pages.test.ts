import { generateProvince } from "../../bench/province-gen.js";
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

  it("the statistics page pages a province's services and finds one typed without diacritics, without JavaScript, on a phone", async () => {
    // a province's year of dossiers (the seeded generator, small): hundreds of services with figures
    await generateProvince(sys.server.deps.db, { dossiers: 1500, seed: 20261205, end: new Date(), batch: 500 });
    const context = await sys.browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${sys.baseUrl}/thong-ke`);
    const services = page.locator("section[aria-labelledby=service-h]");
    const hint = async () => (await services.locator("p.hint").first().textContent()) ?? "";
    const [, total, pages] = /^(\d+) dịch vụ, nhiều hồ sơ nhất trước; trang 1\/(\d+)\.$/.exec(await hint()) ?? [];
    expect(Number(total)).toBeGreaterThan(50);
    expect(Number(pages)).toBe(Math.ceil(Number(total) / 50));
    const first = await services.locator("tbody tr th").allTextContents();
    expect(first).toHaveLength(50);
    // the next page: the next 50, the period kept
    await services.locator("a[rel=next]").click();
    await page.waitForURL(/trang=2/);
    const third = page.url().replace("trang=2", "trang=3");
    expect(await hint()).toBe(`${total} dịch vụ, nhiều hồ sơ nhất trước; trang 2/${pages}.`);
    const second = await services.locator("tbody tr th").allTextContents();
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((r) => first.includes(r))).toEqual([]);
    // a search without diacritics finds the services whose names have them, and starts from page 1
    await services.getByRole("searchbox", { name: "Tìm dịch vụ công" }).fill("thu tuc thu nghiem 1");
    await services.getByRole("button", { name: "Tìm" }).click();
    await page.waitForURL(/dv=thu\+tuc\+thu\+nghiem\+1/);
    expect(page.url()).not.toContain("trang=");
    const found = await services.locator("tbody tr th").allTextContents();
    expect(found.length).toBeGreaterThan(0);
    for (const r of found) expect(r).toMatch(/^Thủ tục thử nghiệm 1\d* \(GEN\.\d+\)$/);
    expect(await services.getByRole("searchbox").inputValue()).toBe("thu tuc thu nghiem 1");
    // the found page, and a page further on, pass axe and fit a phone (axe runs with scripts on)
    for (const url of [page.url(), third]) {
      const phone = await sys.newPage({ mobile: true });
      await phone.page.goto(url);
      const v = await axe(phone.page);
      expect(v, describeViolations(v)).toEqual([]);
      const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await phone.context.close();
    }
    await services.getByRole("searchbox").fill("khong co dich vu nay");
    await services.getByRole("button", { name: "Tìm" }).click();
    await page.waitForURL(/dv=khong/);
    expect(await services.textContent()).toContain("Không có dịch vụ nào khớp với từ tìm kiếm.");
    await context.close();
  });

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
