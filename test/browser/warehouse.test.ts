/**
 * "Provide once" in Chromium (issue #7): a citizen logged in with VNeID finds a result in their data warehouse
 * ("Kho dữ liệu"), then, submitting a procedure whose component asks for that kind of paper, picks it under the
 * component's upload control instead of uploading, and submits; an expired document of the same kind is not offered.
 * axe finds no violation on the warehouse page and the form, on a desktop and on a 375 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeUpload } from "../../src/app/uploads.js";
import type { EForm } from "../../src/shared/eform.js";
import { axe, describeViolations, fillRenderedForm, pdfBytes, type RunningSystem, startSystem } from "./harness.js";

const PERSON = { key: "001085012345", name: "Nguyễn Văn An" };
const VALID = "Giấy xác nhận thông tin về cư trú";
const EXPIRED = "Hợp đồng thuê nhà năm 2020";

describe("a citizen picks a document from their data warehouse in a submission", () => {
  let sys: RunningSystem;

  beforeAll(async () => {
    sys = await startSystem();
    const deps = sys.server.deps;
    const now = deps.now();
    // two documents of the kind "proof of lawful residence" in the citizen's warehouse: one valid, one expired
    for (const [title, until] of [
      [VALID, new Date(now.getTime() + 180 * 86_400_000)],
      [EXPIRED, new Date(now.getTime() - 86_400_000)],
    ] as const) {
      const file = await storeUpload(
        deps,
        { kind: "integration", id: null },
        { name: `${title}.pdf`, bytes: pdfBytes() },
      );
      await deps.db
        .insertInto("warehouse_documents")
        .values({
          holder_type: "citizen",
          holder_id: PERSON.key,
          source: "result",
          kind: "giay-to-cho-o",
          title,
          file_id: file.id,
          data: null,
          dossier_id: null,
          valid_from: new Date(now.getTime() - 365 * 86_400_000),
          valid_until: until,
          created_at: now,
        })
        .execute();
    }
  });
  afterAll(() => sys?.stop());

  for (const mobile of [false, true]) {
    it(`lists it in Kho dữ liệu, picks it instead of an upload and submits (${mobile ? "phone" : "desktop"})`, async () => {
      const { page, context } = await sys.newPage({ mobile });
      const noViolations = async () => {
        const violations = await axe(page);
        expect(violations, describeViolations(violations)).toEqual([]);
      };
      const fitsPhone = async () => {
        if (mobile) expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      };
      await page.goto(`${sys.baseUrl}/kho-du-lieu`);
      await page.waitForURL(/\/dang-nhap/);
      await page.getByRole("button", { name: /VNeID/ }).first().click();
      await page.waitForURL(/\/authorize/);
      await page.locator(`input[name=person][value="${PERSON.key}"]`).check();
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await page.waitForURL((u) => u.pathname === "/kho-du-lieu");
      const list = await page.locator("main").innerText();
      expect(list).toContain(VALID);
      expect(list).toContain(EXPIRED);
      expect(list).toContain("Hết hiệu lực");
      await noViolations();
      await fitsPhone();

      // a procedure whose component "proof of lawful residence" the warehouse holds (1.004194, temporary residence)
      await page.goto(`${sys.baseUrl}/nop-ho-so/1.004194`);
      const proc = await (await fetch(`${sys.baseUrl}/api/procedures/1.004194`)).json();
      // the required fields (its optional household members left empty)
      await fillRenderedForm(page, {
        sections: proc.eform.sections.map((sec: EForm["sections"][number]) => ({
          ...sec,
          fields: sec.fields.filter((f) => f.type !== "group"),
        })),
      });
      const unit = page.locator("#f-receivingUnitId");
      if (await unit.count()) await unit.selectOption({ index: 1 });
      const cho = page.locator('[data-component="CHO"]');
      expect(await cho.innerText()).not.toContain(EXPIRED);
      await noViolations();
      await cho.getByRole("button", { name: `Dùng “${VALID}”` }).click();
      await page.waitForSelector('[data-component="CHO"] input[type=hidden][name="files.CHO"]', { state: "attached" });
      const attached = await page.locator('[data-component="CHO"] .files').innerText();
      expect(attached).toContain(`${VALID}.pdf`);
      expect(attached).toContain("từ Kho dữ liệu, đã xác thực");
      await noViolations();
      await fitsPhone();

      await page
        .getByRole("button", { name: /Tiếp tục/ })
        .last()
        .click();
      await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
      await page.waitForSelector(".reference");
      const reference = (await page.locator(".reference").textContent())?.trim() ?? "";
      // the dossier holds the picked document and counts it as reused (766)
      const row = await sys.server.deps.db
        .selectFrom("dossiers as d")
        .innerJoin("dossier_files as df", "df.dossier_id", "d.id")
        .innerJoin("files as f", "f.id", "df.file_id")
        .innerJoin("dossier_facts as x", "x.dossier_id", "d.id")
        .select(["f.name", "f.warehouse_document_id", "x.data_reused"])
        .where("d.reference", "=", reference)
        .where("df.component_code", "=", "CHO")
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ name: `${VALID}.pdf`, data_reused: true });
      expect(row.warehouse_document_id).not.toBeNull();
      await context.close();
    }, 240_000); // a journey through a browser on a shared 2-core machine
  }
});
