/**
 * A citizen chooses the public postal service in Chromium (issue #7), against the whole system as `npm start` runs it
 * (the postal SANDBOX is its own server and calls motcua back): from the dossier page to the postal page, the address
 * with the province and commune pickers, the service's quote before confirming, and then the collection booked by
 * the outbox and its tracking steps (sent by the sandbox as signed callbacks) on the dossier's page. axe finds no
 * violation, on a desktop and on a 375 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOnlineDossier } from "../factories/index.js";
import type { TestContext } from "../helpers/app.js";
import { axe, describeViolations, type RunningSystem, startSystem } from "./harness.js";

const PERSON = { key: "001085012345", name: "Nguyễn Văn An" };

describe("a citizen chooses postal collection and delivery", () => {
  let sys: RunningSystem;
  let dossierId: string;

  beforeAll(async () => {
    sys = await startSystem();
    const deps = sys.server.deps;
    const v = await deps.db
      .selectFrom("procedure_versions as v")
      .innerJoin("procedures as p", "p.id", "v.procedure_id")
      .select(["v.id", "v.procedure_id", "v.implementing_unit_ids"])
      .where("p.national_code", "=", "1.001193")
      .where("v.status", "=", "published")
      .executeTakeFirstOrThrow();
    const ctx = { deps } as unknown as TestContext;
    dossierId = await buildOnlineDossier(
      ctx,
      { unitId: (v.implementing_unit_ids ?? [])[0], versionId: v.id } as never,
      {
        citizenId: null,
        idNumber: PERSON.key,
        name: PERSON.name,
        procedureId: v.procedure_id,
        versionId: v.id,
      },
    );
  });
  afterAll(() => sys?.stop());

  for (const mobile of [false, true]) {
    it(`sees the quote, confirms, and follows the collection's tracking (${mobile ? "phone" : "desktop"})`, async () => {
      const { page, context } = await sys.newPage({ mobile });
      const noViolations = async () => {
        const violations = await axe(page);
        expect(violations, describeViolations(violations)).toEqual([]);
      };
      await page.goto(`${sys.baseUrl}/ho-so-cua-toi/${dossierId}`);
      await page.waitForURL(/\/dang-nhap/);
      await page.getByRole("button", { name: /VNeID/ }).first().click();
      await page.waitForURL(/\/authorize/);
      await page.locator(`input[name=person][value="${PERSON.key}"]`).check();
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await page.waitForURL((u) => u.pathname === `/ho-so-cua-toi/${dossierId}`);
      if (mobile) {
        // the choice was made on the desktop: the tracking is there, and the page fits the phone
        expect(await page.locator("main").innerText()).toContain("Bưu gửi và hành trình");
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        await noViolations();
        await page.getByRole("link", { name: /Dịch vụ bưu chính/ }).click();
        await page.waitForURL(/\/buu-chinh/);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        await noViolations();
        // the choice is shown again as stored; its quote fits the phone too
        await page.getByRole("button", { name: "Xem cước phí" }).click();
        expect(await page.locator("#postal-total").innerText()).toBe("50.000 ₫");
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        await noViolations();
        await context.close();
        return;
      }
      await page.getByRole("link", { name: /Dịch vụ bưu chính/ }).click();
      await page.waitForURL(/\/buu-chinh$/);
      await noViolations();

      // a missing phone and commune: the error summary names them
      await page.getByLabel(/Thu gom hồ sơ giấy/).check();
      await page.getByLabel("Số điện thoại").fill("");
      await page.getByRole("button", { name: "Xem cước phí" }).click();
      const errors = await page.locator(".error-summary").innerText();
      expect(errors).toContain("Số điện thoại");
      expect(errors).toContain("Xã/phường/đặc khu");
      await noViolations();

      await page.getByLabel("Số điện thoại").fill("0912345678");
      await page.getByLabel("Số nhà, đường, thôn/xóm").fill("12 Hàng Bạc");
      await page.getByLabel("Tỉnh/thành phố").selectOption("01");
      await page.getByLabel("Xã/phường/đặc khu").selectOption("00070");
      await page.getByRole("button", { name: "Xem cước phí" }).click();

      // the postal service's quote, before confirming: collection and delivery, EMS within the province
      const quote = await page.locator("main").innerText();
      expect(quote).toContain("Thu gom hồ sơ");
      expect(quote).toContain("Phát kết quả");
      expect(await page.locator("#postal-total").innerText()).toBe("50.000 ₫");
      expect(quote).toContain("12 Hàng Bạc");
      await noViolations();
      await page.getByRole("button", { name: "Xác nhận sử dụng dịch vụ bưu chính" }).click();
      await page.waitForURL(/xong=1/);
      expect(await page.locator("#done").innerText()).toContain("Đã ghi nhận yêu cầu");
      await noViolations();

      // the outbox books the collection; the post picks it up and brings it to the office (signed callbacks)
      const db = sys.server.deps.db;
      let tn: string | null = null;
      for (let i = 0; i < 300 && !tn; i++) {
        const s = await db
          .selectFrom("postal_shipments")
          .select(["tracking_number"])
          .where("dossier_id", "=", dossierId)
          .executeTakeFirst();
        tn = s?.tracking_number ?? null;
        if (!tn) await new Promise((r) => setTimeout(r, 100));
      }
      expect(tn).toMatch(/^EV\d{9}VN$/);
      const postalUrl = sys.server.deps.config.services.postal!.url;
      for (const status of ["PICKED_UP", "DELIVERED"]) {
        const res = await fetch(`${postalUrl}/sandbox/advance`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ trackingNumber: tn, status }),
        });
        expect(((await res.json()) as { deliveries: { status: number }[] }).deliveries).toEqual([{ status: 200 }]);
      }
      await page.getByRole("link", { name: "Quay lại hồ sơ" }).click();
      await page.waitForURL((u) => u.pathname === `/ho-so-cua-toi/${dossierId}`);
      const dossier = await page.locator("main").innerText();
      expect(dossier).toContain(tn);
      expect(dossier).toContain("Bưu chính: đã nhận bưu gửi");
      expect(dossier).toContain("Bưu chính: đã phát thành công");
      expect(dossier).toContain("Qua dịch vụ bưu chính");
      await noViolations();
      await context.close();
    });
  }
});
