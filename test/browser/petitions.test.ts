/**
 * A petition's whole life in Chromium (issue #8): a citizen logs in with the VNeID sandbox and files a petition about
 * a ward's officers with an attachment; the ward's receiving officer assigns it, the specialist drafts the answer, the
 * leader (in a browser without JavaScript) approves and publishes it; the citizen reads the answer and rates it; the
 * Q&A page finds it typed without diacritics and shows no personal data. axe on every page visited.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMUNE } from "../../src/demo/catalogue/units.js";
import { axe, describeViolations, officerLogIn, type RunningSystem, startSystem } from "./harness.js";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n", "latin1");

async function noViolations(page: Page) {
  const v = await axe(page);
  expect(v, `${page.url()}\n${describeViolations(v)}`).toEqual([]);
}

describe("a petition's life in Chromium", () => {
  let sys: RunningSystem;
  beforeAll(async () => {
    sys = await startSystem();
  }, 120_000);
  afterAll(() => sys?.stop());

  it("is filed, assigned, answered, approved and published, read and rated, and shown on the Q&A page", async () => {
    const db = sys.server.deps.db;
    const ward = await db
      .selectFrom("units")
      .select(["id", "name"])
      .where("code", "=", COMMUNE.hoanKiem)
      .executeTakeFirstOrThrow();

    // 1. the citizen logs in with VNeID on the way to the form
    const { page } = await sys.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${sys.baseUrl}/hoi-dap`);
    await noViolations(page);
    await page.getByRole("link", { name: "Gửi phản ánh, kiến nghị" }).first().click();
    await page.waitForURL(/\/dang-nhap/);
    await page.getByRole("button", { name: /VNeID/ }).first().click();
    await page.waitForURL(/\/authorize/);
    await page.locator("input[name=person]").first().check();
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(/\/phan-anh-kien-nghi\/gui/);
    await noViolations(page);

    // 2. an empty form is refused with the errors linked to their fields
    await page.getByRole("button", { name: "Gửi phản ánh, kiến nghị" }).click();
    await page.waitForLoadState("load");
    expect(await page.locator(".error-summary").innerText()).toContain("Trường này là bắt buộc.");
    await noViolations(page);

    // 3. the petition, with an attachment and the consent to publish the answer
    await page.getByLabel("Cán bộ, công chức, đơn vị").check();
    await page.selectOption("#unitId", ward.id);
    await page.fill("#subjectText", "Bộ phận một cửa phường");
    await page.fill("#title", "Thời gian chờ tại quầy quá lâu");
    await page.fill(
      "#content",
      "Tôi phải chờ hơn hai giờ để được tiếp nhận hồ sơ khai sinh.\n\nĐề nghị bố trí thêm quầy.",
    );
    await page.setInputFiles("#attachments", { name: "phieu-cho.pdf", mimeType: "application/pdf", buffer: PDF });
    await page.locator("input[name=publishConsent]").check();
    await page.getByRole("button", { name: "Gửi phản ánh, kiến nghị" }).click();
    await page.waitForURL(/\/phan-anh-cua-toi\/[0-9a-f-]+\?xong=gui/);
    const notice = await page.locator(".notice").innerText();
    const code = /PAKN-[0-9A-Z.]+-\d{6}-\d{4}/.exec(notice)?.[0];
    expect(code).toBeDefined();
    expect(code!.startsWith(`PAKN-${COMMUNE.hoanKiem}-`)).toBe(true);
    const citizenUrl = page.url().split("?")[0];
    expect(await page.locator("main").innerText()).toContain("phieu-cho.pdf");
    await noViolations(page);
    await page.getByRole("link", { name: "Phản ánh của tôi" }).first().click();
    await page.waitForURL(/\/phan-anh-cua-toi$/);
    expect(await page.locator("main table").innerText()).toContain(code!);
    await noViolations(page);

    // 4. the ward's receiving officer assigns it to the specialist
    const desk = await officerLogIn(sys, "tiepnhan.hoankiem");
    await desk.page
      .getByRole("link", { name: /Phản ánh, kiến nghị/ })
      .first()
      .click();
    await desk.page.waitForURL(/\/office\/phan-anh$/);
    await noViolations(desk.page);
    desk.page.setDefaultTimeout(30_000);
    await desk.page.getByRole("link", { name: code! }).click();
    await desk.page.waitForURL(/\/office\/phan-anh\/[0-9a-f-]+$/);
    await noViolations(desk.page);
    const specialist = await db
      .selectFrom("officers")
      .select("id")
      .where("username", "=", "chuyenvien.hoankiem")
      .executeTakeFirstOrThrow();
    await desk.page.selectOption("#assign-officerId", specialist.id);
    await desk.page.locator("#assign-form button[type=submit]").click();
    await desk.page.waitForURL(/xong=assign/);
    expect(await desk.page.locator(".notice").innerText()).toContain("Phân công xử lý");
    const officeUrl = desk.page.url().split("?")[0];

    // 5. the specialist drafts the answer
    const spec = await officerLogIn(sys, "chuyenvien.hoankiem");
    await spec.page.goto(officeUrl);
    await spec.page.fill(
      "#answer-answer",
      "Từ ngày 01/04, phường bố trí thêm một quầy tiếp nhận hồ sơ hộ tịch vào buổi sáng.",
    );
    await spec.page.locator("#answer-form button[type=submit]").click();
    await spec.page.waitForURL(/xong=answer/);
    await noViolations(spec.page);

    // 6. the leader approves and publishes, in a browser without JavaScript
    const leader = await officerLogIn(sys, "lanhdao.hoankiem", { javaScript: false });
    leader.page.setDefaultTimeout(20_000);
    spec.page.setDefaultTimeout(20_000);
    await leader.page.goto(officeUrl);
    await leader.page.locator("#approve-form input[name=publish]").check();
    await leader.page.locator("#approve-form button[type=submit]").click();
    await leader.page.waitForURL(/xong=approve/);
    const done = await leader.page.locator("main").innerText();
    expect(done).toContain("Đã trả lời");
    expect(done).toContain("Đã công khai");
    // axe needs scripts: the answered petition is checked in the receiving officer's browser
    await desk.page.goto(officeUrl);
    expect(await desk.page.locator("main").innerText()).toContain("Đã trả lời");
    await noViolations(desk.page);

    // 7. the citizen reads the answer and rates the handling
    await page.goto(citizenUrl);
    expect(await page.locator(".answer").innerText()).toContain("bố trí thêm một quầy");
    await noViolations(page);
    await page.getByLabel("Rất hài lòng").check();
    await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    await page.waitForURL(/xong=danh-gia/);
    expect(await page.locator(".notice").innerText()).toBe("Cảm ơn Ông/Bà đã đánh giá.");
    expect(await page.locator("form.rating").count()).toBe(0);
    await noViolations(page);
    const row = await db
      .selectFrom("petitions")
      .select(["rating", "status"])
      .where("code", "=", code!)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ rating: "very_satisfied", status: "answered" });

    // 8. the public Q&A finds it typed without diacritics, with no personal data
    const anon = await sys.newPage();
    await anon.page.goto(`${sys.baseUrl}/hoi-dap`);
    await anon.page.fill("#qa-q", "thoi gian cho tai quay");
    await anon.page.getByRole("button", { name: "Tìm kiếm" }).click();
    await anon.page.waitForURL(/\/hoi-dap\?q=/);
    const qa = await anon.page.locator("main").innerText();
    expect(qa).toContain("Thời gian chờ tại quầy quá lâu");
    expect(qa).toContain("bố trí thêm một quầy");
    expect(qa).toContain(code!);
    const citizen = await db
      .selectFrom("citizens")
      .select(["name", "id_number"])
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    expect(qa).not.toContain(citizen.name);
    expect(qa).not.toContain(citizen.id_number ?? "-");
    await noViolations(anon.page);
  }, 300_000); // a petition's whole life through a browser on a shared 2-core machine
});
