/**
 * Notifications in the browser (issue #9): a citizen chooses SMS beside e-mail on a phone, an administrator edits the
 * status SMS with a preview and saves it; axe finds nothing on either page. The SMS itself, its delivery report and
 * the gateway's faults are tested over HTTP in test/api/notifications.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axe, describeViolations, officerLogIn, type RunningSystem, startSystem } from "./harness.js";

let sys: RunningSystem;
beforeAll(async () => {
  sys = await startSystem();
}, 180_000);
afterAll(() => sys?.stop());

describe("notification settings and templates", () => {
  it("a citizen on a phone adds SMS; an administrator previews and saves the status SMS", async () => {
    const { page, context } = await sys.newPage({ mobile: true });
    const check = async (what: string) => {
      const v = await axe(page);
      expect(v, `${what}: ${describeViolations(v)}`).toEqual([]);
    };
    await page.goto(`${sys.baseUrl}/ho-so-cua-toi`);
    await page.waitForURL(/\/dang-nhap/);
    await page.getByRole("button", { name: /VNeID/ }).first().click();
    await page.waitForURL(/\/authorize/);
    await page.locator('input[name=person][value="001085012345"]').check();
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL((u) => u.pathname === "/ho-so-cua-toi");
    await page.getByRole("link", { name: /Cài đặt nhận thông báo/ }).click();
    await page.waitForURL(/\/tai-khoan\/thong-bao$/);
    expect(await page.isChecked("#channel-email")).toBe(true);
    expect(await page.isChecked("#channel-sms")).toBe(false);
    await check("settings");
    // nothing chosen: refused in place
    await page.uncheck("#channel-email");
    await page.getByRole("button", { name: "Lưu" }).click();
    await page.waitForSelector("#channels-error");
    expect(await page.textContent("#channels-error")).toContain("Chọn ít nhất một cách");
    await check("settings refused");
    await page.check("#channel-email");
    await page.check("#channel-sms");
    await page.getByRole("button", { name: "Lưu" }).click();
    await page.waitForURL(/xong=1/);
    expect(await page.isChecked("#channel-sms")).toBe(true);
    await check("settings saved");
    await context.close();

    const admin = await officerLogIn(sys, "quantri");
    const a = admin.page;
    await a.click("a[href='/office/quan-tri/mau-thong-bao']");
    expect(await a.locator("h1").textContent()).toBe("Mẫu thông báo");
    const v1 = await axe(a);
    expect(v1, describeViolations(v1)).toEqual([]);
    await a.click("a[href='/office/quan-tri/mau-thong-bao/status.sms']");
    await a.fill("#body", "Ho so {{dossierRef}}: {{statusName}}. {{khongCo}}");
    await a.click("button[value=preview]");
    await a.waitForSelector("#body-error");
    expect(await a.textContent("#body-error")).toContain("«khongCo»");
    const v2 = await axe(a);
    expect(v2, describeViolations(v2)).toEqual([]);
    await a.fill("#body", "Hồ sơ {{dossierRef}}: {{statusName}}. Tra cứu: {{dossierUrl}}");
    await a.click("button[value=preview]");
    await a.waitForSelector("pre.preview");
    expect(await a.textContent("pre.preview")).toBe(
      "Ho so 000.00.12.H26-261204-0001: Da tiep nhan. Tra cuu: https://dichvucong.hanoi.gov.vn/ho-so-cua-toi/0b1c",
    );
    await a.click("button[value=save]");
    await a.waitForURL(/xong=luu/);
    const v3 = await axe(a);
    expect(v3, describeViolations(v3)).toEqual([]);
    const row = await sys.server.deps.db
      .selectFrom("settings")
      .select("value")
      .where("key", "=", "notify.template.status.sms")
      .executeTakeFirstOrThrow();
    expect((row.value as { body: string }).body).toContain("Tra cứu: {{dossierUrl}}");
    await admin.context.close();
  }, 180_000);
});
