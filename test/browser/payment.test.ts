/**
 * A citizen pays a fee online in Chromium (issue #7), against the whole system as `npm start` runs it (the payment
 * platform SANDBOX is its own server and calls motcua back): the dossier page offers the payment, the payment page
 * says what is owed and why, the platform's page (bank, card, QR, cancel), back to the result — a cancelled payment
 * can be paid again, a paid one shows the receipt and the dossier is processed again. axe finds no violation.
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Officer } from "../../src/app/actors.js";
import { loadOfficer } from "../../src/app/actors.js";
import { runAction } from "../../src/app/office/actions.js";
import { buildOnlineDossier } from "../factories/index.js";
import type { TestContext } from "../helpers/app.js";
import { axe, describeViolations, type RunningSystem, startSystem } from "./harness.js";

const PERSON = { key: "001085012345", name: "Nguyễn Văn An" };

describe("a citizen pays the fees of a dossier online", () => {
  let sys: RunningSystem;
  let dossierId: string;

  beforeAll(async () => {
    sys = await startSystem();
    const deps = sys.server.deps;
    // a birth registration received at its commune, with the late-registration fee and two copies requested
    const v = await deps.db
      .selectFrom("procedure_versions as v")
      .innerJoin("procedures as p", "p.id", "v.procedure_id")
      .select(["v.id", "v.procedure_id", "v.implementing_unit_ids"])
      .where("p.national_code", "=", "1.001193")
      .where("v.status", "=", "published")
      .executeTakeFirstOrThrow();
    // the fees as the procedure states them: a copy fee charged per copy, a late fee some applicants are exempt from
    await deps.db
      .updateTable("procedure_versions")
      .set({
        fees: JSON.stringify([
          { name: "Lệ phí đăng ký khai sinh đúng hạn", amount: 0 },
          { name: "Lệ phí đăng ký khai sinh quá hạn", amount: 5000, exemptFor: ["poor_household"] },
          { name: "Phí cấp bản sao Trích lục khai sinh", amount: 8000, basis: "per_copy" },
        ]),
      })
      .where("id", "=", v.id)
      .execute();
    const officers = await deps.db.selectFrom("officers").select(["id", "unit_id", "roles"]).execute();
    const receiving = officers.find(
      (o) => (v.implementing_unit_ids ?? []).includes(o.unit_id) && (o.roles as string[]).includes("receiving"),
    );
    if (!receiving) throw new Error("no receiving officer for 1.001193");
    const ctx = { deps } as unknown as TestContext;
    dossierId = await buildOnlineDossier(ctx, { unitId: receiving.unit_id, versionId: v.id } as never, {
      citizenId: null,
      idNumber: PERSON.key,
      name: PERSON.name,
      procedureId: v.procedure_id,
      versionId: v.id,
    });
    const officer = (await loadOfficer(deps, receiving.id)) as Officer;
    await runAction(deps, officer, dossierId, "receive", {});
    await runAction(deps, officer, dossierId, "forward", {});
    await runAction(deps, officer, dossierId, "request_payment", { include: [1, 2], copies: 2 });
  });
  afterAll(() => sys?.stop());

  it("sees what is owed, cancels once, pays by QR, gets the receipt; the dossier goes on", async () => {
    const { page, context } = await sys.newPage();
    const noViolations = async () => {
      const violations = await axe(page);
      expect(violations, describeViolations(violations)).toEqual([]);
    };
    await page.goto(`${sys.baseUrl}/ho-so-cua-toi/${dossierId}`);
    // log in through the VNeID sandbox, back to the dossier
    await page.waitForURL(/\/dang-nhap/);
    await page.getByRole("button", { name: /VNeID/ }).first().click();
    await page.waitForURL(/\/authorize/);
    await page.locator(`input[name=person][value="${PERSON.key}"]`).check();
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL((u) => u.pathname === `/ho-so-cua-toi/${dossierId}`);
    await page.getByRole("link", { name: "Nộp phí, lệ phí trực tuyến" }).click();

    // what is owed and why
    await page.waitForURL(/\/thanh-toan$/);
    const owed = await page.locator("main").innerText();
    expect(owed).toContain("Lệ phí đăng ký khai sinh quá hạn");
    expect(owed).toContain("8.000 ₫ × 2 bản = 16.000 ₫");
    expect(owed).toContain("21.000 ₫");
    await noViolations();

    // to the platform, and cancel
    await page.getByRole("button", { name: /Thanh toán trực tuyến/ }).click();
    await page.waitForURL(/\/pay\/PG/);
    expect(await page.content()).toContain("SANDBOX");
    expect(await page.locator("body").innerText()).toContain("21.000 ₫");
    await page.getByRole("button", { name: "Hủy giao dịch" }).click();
    await page.waitForURL(/\/thanh-toan\/ket-qua/);
    expect(await page.locator("main").innerText()).toContain("Bạn đã hủy giao dịch");
    await noViolations();

    // pay again, by QR this time
    await page.getByRole("link", { name: "Thanh toán lại" }).click();
    await page.getByRole("button", { name: /Thanh toán trực tuyến/ }).click();
    await page.waitForURL(/\/pay\/PG/);
    await page.getByLabel("Quét mã VietQR").check();
    await page.getByRole("button", { name: "Thanh toán", exact: true }).click();
    await page.waitForURL(/\/thanh-toan\/ket-qua/);
    const result = await page.locator("main").innerText();
    expect(result).toContain("Đã thanh toán thành công");
    await noViolations();

    // the receipt
    const link = page.getByRole("link", { name: /Tải biên lai/ });
    const href = await link.getAttribute("href");
    const pdf = await context.request.get(`${sys.baseUrl}${href}`);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", "-", "-"], { input: await pdf.body() })
      .toString("utf8")
      .replace(/\s+/g, " ");
    expect(text).toContain("BIÊN LAI THU PHÍ, LỆ PHÍ");
    expect(text).toContain("Người nộp: Nguyễn Văn An");
    expect(text).toContain("Tổng cộng: 21.000 ₫");
    expect(text).toContain("Quét mã QR");

    // the dossier goes on: processing again, the payment recorded online
    const d = await sys.server.deps.db
      .selectFrom("dossiers")
      .select("status")
      .where("id", "=", dossierId)
      .executeTakeFirstOrThrow();
    expect(d.status).toBe(4);
    await page.getByRole("link", { name: "Xem hồ sơ" }).click();
    expect(await page.locator("main").innerText()).toContain("Phí, lệ phí đã nộp và biên lai");
    await context.close();
  });
});
