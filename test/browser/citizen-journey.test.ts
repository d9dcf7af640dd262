import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axe, describeViolations, fillRenderedForm, pdfBytes, type RunningSystem, startSystem } from "./harness.js";

describe("a citizen's journey in Chromium: find, read, log in with VNeID, fill, attach, submit, follow", () => {
  let sys: RunningSystem;
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(() => sys?.stop());

  it("goes from a search without diacritics to a submitted dossier with its history", async () => {
    const { page, context } = await sys.newPage();
    // 1. find the procedure by typing without diacritics
    await page.goto(`${sys.baseUrl}/`);
    await page.getByRole("searchbox").first().fill("dang ky khai sinh");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/thu-tuc\?/);
    const first = page.locator("main a[href^='/thu-tuc/']").first();
    expect((await first.textContent())?.trim()).toBe("Đăng ký khai sinh");
    await first.click();

    // 2. read it, then start the online submission
    await page.waitForURL(/\/thu-tuc\/1\.001193/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Đăng ký khai sinh");
    await page
      .getByRole("link", { name: /Nộp hồ sơ trực tuyến/ })
      .first()
      .click();

    // 3. log in through the VNeID sandbox (OIDC code + PKCE)
    await page.waitForURL(/\/dang-nhap/);
    await page.getByRole("button", { name: /VNeID/ }).first().click();
    await page.waitForURL(/\/authorize/);
    expect(await page.content()).toContain("SANDBOX");
    await page.locator("input[name=person]").first().check();
    await page.getByRole("button", { name: "Đăng nhập" }).click();

    // 4. back on the e-form, pre-filled from the identity ("provide once")
    await page.waitForURL(/\/nop-ho-so\/1\.001193/);
    const proc = await (await fetch(`${sys.baseUrl}/api/procedures/1.001193`)).json();
    const prefilled = await page.locator('[name="applicant.fullName"]').inputValue();
    expect(prefilled).toBe("Nguyễn Văn An");
    await fillRenderedForm(page, proc.eform);
    const unit = page.locator("#f-receivingUnitId");
    if (await unit.count()) await unit.selectOption({ index: 1 });

    // 5. attach the required papers
    for (const c of proc.components.filter(
      (x: { required: boolean; declaration?: boolean }) => x.required && !x.declaration,
    )) {
      await page
        .locator(`input[type=file][name="upload.${c.code}"]`)
        .setInputFiles({ name: `${c.code}.pdf`, mimeType: "application/pdf", buffer: pdfBytes() });
    }
    const violations = await axe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page
      .getByRole("button", { name: /Tiếp tục/ })
      .last()
      .click();

    // 6. review and submit
    await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
    await page.waitForSelector(".reference");
    const reference = (await page.locator(".reference").textContent())?.trim() ?? "";
    expect(reference).toMatch(/^HS-[A-Z0-9]{8}$/);

    // 7. follow it: my dossiers, then its history
    await page.goto(`${sys.baseUrl}/ho-so-cua-toi`);
    await page
      .getByRole("link", { name: new RegExp(reference) })
      .first()
      .click();
    const body = await page.locator("main").textContent();
    expect(body).toContain("Mới đăng ký");
    expect(body).toContain("Đăng ký khai sinh");
    expect(body).toMatch(/\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}|\d{2}\/\d{2}\/\d{4}/);

    // 8. anyone else looking it up sees only its status
    const stranger = await sys.browser.newContext();
    const other = await stranger.newPage();
    await other.goto(`${sys.baseUrl}/tra-cuu?ma=${reference}`);
    const seen = await other.locator("main").textContent();
    expect(seen).toContain("Mới đăng ký");
    expect(seen).not.toContain("Nguyễn Văn An");
    await stranger.close();
    await context.close();
  }, 240_000); // a whole journey through a browser on a shared 2-core machine
});
