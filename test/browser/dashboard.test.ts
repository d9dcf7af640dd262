/**
 * The leaders' dashboard in Chromium (issue #8): the province's supervisor opens it from the office navigation, the
 * charts are images with names, the filters work without JavaScript, and axe finds nothing on a desktop or a phone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axe, describeViolations, officerLogIn, type RunningSystem, startSystem } from "./harness.js";

let sys: RunningSystem;
beforeAll(async () => {
  sys = await startSystem();
}, 120_000);
afterAll(async () => sys?.stop());

describe("leaders' dashboard in Chromium", () => {
  it("opens from the navigation, charts are named images, filters apply; axe finds nothing", async () => {
    const { page, context } = await officerLogIn(sys, "giamsat");
    await page.click("a[href='/office/bang-dieu-khien']");
    expect(await page.locator("h1").textContent()).toBe("Bảng điều khiển lãnh đạo");
    const charts = page.getByRole("img", { name: "Hồ sơ tiếp nhận và đã giải quyết theo tháng" });
    expect(await charts.count()).toBe(1);
    let v = await axe(page);
    expect(v, describeViolations(v)).toEqual([]);
    await page.selectOption("select[name=channel]", "counter");
    await page.selectOption("select[name=kind]", "quarter");
    await page.fill("input[name=index]", "1");
    await page.click("form.filters button[type=submit]");
    expect(page.url()).toContain("channel=counter");
    expect(await page.locator("p strong").first().textContent()).toMatch(/^Quý I\//);
    v = await axe(page);
    expect(v, describeViolations(v)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    v = await axe(page);
    expect(v, describeViolations(v)).toEqual([]);
    await context.close();
  });
});
