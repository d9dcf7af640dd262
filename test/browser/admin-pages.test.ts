/**
 * Issue #9 in Chromium: an administrator creates an officer account through the pages, sees the temporary password
 * once, edits the account, changes a calendar day and reads the audit log; axe on every administration page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axe, describeViolations, officerLogIn, type RunningSystem, startSystem } from "./harness.js";

let sys: RunningSystem;
beforeAll(async () => {
  sys = await startSystem();
}, 120_000);
afterAll(async () => sys?.stop());

describe("administration pages in Chromium", () => {
  it("creates and edits an officer, changes a calendar day, reads the audit log and the outbox; axe finds nothing", async () => {
    const { page, context } = await officerLogIn(sys, "quantri");
    const check = async (what: string) => {
      const v = await axe(page);
      expect(v, `${what}: ${describeViolations(v)}`).toEqual([]);
    };
    await page.click("a[href='/office/quan-tri/can-bo']");
    expect(await page.locator("h1").textContent()).toBe("Quản lý cán bộ");
    expect(await page.locator("table").first().textContent()).toContain("tiepnhan.hoankiem");
    await check("officer list");

    await page.click("a[href='/office/quan-tri/can-bo/moi']");
    await check("new officer form");
    // a missing name is shown beside the field, the rest kept
    await page.fill("#username", "nguyen.thu");
    await page.locator("#role-receiving").check();
    await page.click("form[action^='/office/quan-tri/can-bo/moi'] button[type=submit]");
    expect(await page.locator(".error-summary a[href='#name']").count()).toBe(1);
    expect(await page.inputValue("#username")).toBe("nguyen.thu");
    await check("new officer form with errors");
    await page.fill("#name", "Nguyễn Thị Thu");
    await page.click("form[action^='/office/quan-tri/can-bo/moi'] button[type=submit]");
    expect(await page.locator("h1").textContent()).toBe("Thông tin đăng nhập tạm thời");
    expect((await page.locator("code.secret").textContent())?.length).toBeGreaterThanOrEqual(16);
    await check("temporary password");

    await page.click("main a[href^='/office/quan-tri/can-bo/']");
    await page.fill("#title", "Chuyên viên một cửa");
    await page.locator("#role-specialist").check();
    await page.click("form.narrow button[type=submit]");
    await page.waitForURL(/done=saved/);
    expect(await page.textContent(".notice")).toBe("Đã lưu thay đổi.");
    expect(await page.locator("#role-specialist").isChecked()).toBe(true);
    await check("officer page");

    await page.click("a[href='/office/quan-tri/lich']");
    await check("calendar");
    await page.fill("#day", "2027-05-03");
    await page.fill("#reason", "Nghỉ bù theo thông báo thử nghiệm");
    await page.click("form.narrow button[type=submit]");
    await page.waitForURL(/saved=2027-05-03/);
    expect(await page.textContent(".notice")).toBe("Đã cập nhật lịch làm việc ngày 03/05/2027.");
    await check("calendar after a change");

    await page.click("a[href='/office/quan-tri/nhat-ky']");
    await page.fill("#a-action", "officer.");
    await page.click("form.filters button[type=submit]");
    const log = await page.locator("table.audit").textContent();
    expect(log).toContain("officer.created");
    expect(log).toContain("officer.updated");
    await check("audit log");

    await page.click("a[href='/office/quan-tri/hang-doi']");
    expect(await page.locator("h1").textContent()).toBe("Hàng đợi gửi đi");
    await check("outbox");

    await page.click("a[href='/office/quan-tri/don-vi']");
    expect(await page.locator("h1").textContent()).toBe("Đơn vị");
    await check("units");
    await page.locator("table a").first().click();
    await page.fill("#phone", "024 3825 0000");
    await page.click("form[action^='/office/quan-tri/don-vi/'] button[type=submit]");
    await page.waitForURL(/saved=1/);
    expect(await page.textContent(".notice")).toBe("Đã lưu thay đổi của đơn vị.");
    await check("unit page");

    await page.click("a[href='/office/quan-tri/tu-khoa']");
    await page.fill("#w-q", "1.001193");
    await page.click("form.filters button[type=submit]");
    await page.fill("#words-1-001193", "ĐKKS\ngiấy khai sinh");
    await page.click("form[action^='/office/quan-tri/tu-khoa/1.001193'] button[type=submit]");
    await page.waitForURL(/saved=1\.001193/);
    expect(await page.textContent(".notice")).toBe("Đã lưu từ khoá của thủ tục 1.001193.");
    await check("search words");

    // the catalogue: a file with an error is refused with its problems shown; the exported catalogue imports back
    await page.click("a[href='/office/quan-tri/danh-muc']");
    expect(await page.locator("h1").textContent()).toBe("Nhập, xuất danh mục thủ tục");
    await check("catalogue");
    const exported = await page.request.get(`${sys.baseUrl}/api/admin/catalogue`);
    expect(exported.status()).toBe(200);
    const catalogue = await exported.json();
    const broken = { ...catalogue, procedures: [{ ...catalogue.procedures[0], fieldCode: "KHONG-CO" }] };
    await page.setInputFiles("#catalogue-files", {
      name: "loi.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(broken)),
    });
    await page.click("form[action^='/office/quan-tri/danh-muc'] button[type=submit]");
    await page.waitForSelector(".error-summary");
    expect(await page.textContent("#catalogue-problems")).toContain("không có lĩnh vực KHONG-CO");
    await check("catalogue refused");
    await page.setInputFiles("#catalogue-files", {
      name: "danh-muc.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(catalogue)),
    });
    await page.click("form[action^='/office/quan-tri/danh-muc'] button[type=submit]");
    await page.waitForSelector(".notice");
    expect(await page.textContent(".notice")).toContain(`${catalogue.procedures.length} thủ tục không đổi`);
    await check("catalogue imported");

    // branding: the province's name and hotline appear on the portal
    await page.click("a[href='/office/quan-tri/thuong-hieu']");
    expect(await page.locator("h1").textContent()).toBe("Thương hiệu và thông tin liên hệ");
    await check("branding");
    await page.fill("#provinceName", "Ủy ban nhân dân tỉnh Thử nghiệm");
    await page.fill("#hotline", "1900 1234");
    await page.click("form[action^='/office/quan-tri/thuong-hieu'] button[type=submit]");
    await page.waitForURL(/saved=1/);
    await check("branding saved");
    await page.goto(`${sys.baseUrl}/`);
    expect(await page.textContent("header.site .brand small")).toBe("Ủy ban nhân dân tỉnh Thử nghiệm");
    expect(await page.textContent("footer.site")).toContain("1900 1234");
    await context.close();
  }, 180_000);
});
