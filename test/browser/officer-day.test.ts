import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { extractText } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillEForm } from "../../bench/eform-fill.js";
import type { EForm, EFormField } from "../../src/shared/eform.js";
import { axe, carryThrough, describeViolations, officerLogIn, startSystem, type RunningSystem } from "./harness.js";

const PROCEDURE = "1.001193"; // Đăng ký khai sinh, received and processed at the ward

async function fillEFormFields(page: Page, form: EForm) {
  const values = fillEForm(form);
  const fill = async (fields: EFormField[], data: Record<string, unknown>, prefix: string) => {
    for (const f of fields) {
      const path = `${prefix}${f.key}`;
      const v = data[f.key];
      if (f.type === "group") {
        for (const [i, item] of ((v as Record<string, unknown>[]) ?? []).entries())
          await fill(f.fields ?? [], item, `${path}[${i}].`);
      } else if (v !== undefined && f.required) {
        const el = page.locator(`[name="${path}"]`).first();
        if (f.type === "radio") await page.locator(`input[name="${path}"][value="${v}"]`).check();
        else if (f.type === "checkbox") await el.check();
        else if (["select", "province", "commune"].includes(f.type)) await el.selectOption(String(v));
        else await el.fill(String(v));
      }
    }
  };
  for (const s of form.sections) await fill(s.fields, values[s.key], `${s.key}.`);
}

describe("an officer's day in Chromium: counter intake, form 01, processing, return", () => {
  let sys: RunningSystem;
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(() => sys?.stop());

  it("receives a walk-in applicant at the counter and carries the dossier to the returned result", async () => {
    const desk = await officerLogIn(sys, "tiepnhan.hoankiem");
    const page = desk.page;
    expect(await page.locator("main").textContent()).toBeTruthy();
    let violations = await axe(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    // counter intake: pick the procedure, enter the applicant, the e-form and the scans
    await page.goto(`${sys.baseUrl}/office/intake`);
    const optionValue = await page.$eval(
      "#procedure",
      (sel, code) => [...(sel as HTMLSelectElement).options].find((o) => o.text.startsWith(`${code} `))?.value ?? "",
      PROCEDURE,
    );
    await page.selectOption("#procedure", optionValue);
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await page.waitForSelector('[name="applicant.fullName"]');
    const proc = await (await fetch(`${sys.baseUrl}/api/procedures/${PROCEDURE}`)).json();
    await fillEFormFields(page, proc.eform);
    // the applicant's details are typed once, in the e-form (not in a second applicant block)
    expect(await page.locator("#in-applicant-name").count()).toBe(0);
    await page.fill('[name="applicant.fullName"]', "Phạm Thị Lan");
    await page.fill('[name="applicant.idNumber"]', "001188004321");
    await page.fill('[name="applicant.phone"]', "0987654321");
    for (const c of proc.components.filter(
      (x: { required: boolean; declaration?: boolean }) => x.required && !x.declaration,
    ))
      await page.locator(`input[type=file][name="intake.file.${c.code}"]`).setInputFiles({
        name: `scan-${c.code}.pdf`,
        mimeType: "application/pdf",
        buffer: Buffer.concat([Buffer.from("%PDF-1.4\n"), randomBytes(5000), Buffer.from("\n%%EOF\n")]),
      });
    violations = await axe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.locator("button[name=_action][value=review]").click();

    // the dossier is received: legal code assigned, form 01 offered for printing
    await page.waitForURL(/\/office\/dossiers\/[0-9a-f-]{36}/);
    const dossierUrl = page.url().split("?")[0];
    const header = (await page.locator("main").textContent()) ?? "";
    const code = /000\.01\.30\.H26-\d{6}-\d{4}/.exec(header)?.[0];
    expect(code, header.slice(0, 400)).toBeDefined();
    expect(header).toContain("Được tiếp nhận");
    const form01 = await desk.context.request.get(`${dossierUrl.replace("/office/", "/api/office/")}/forms/01`);
    expect(form01.status()).toBe(200);
    expect(form01.headers()["content-type"]).toContain("application/pdf");
    const { text } = await extractText(new Uint8Array(await form01.body()), { mergePages: true });
    expect(text).toContain(code!);
    expect(text).toContain("Phạm Thị Lan");

    // processing: each officer acts on what the server offers, in the natural order of the work
    const officers = {
      receiving: desk,
      specialist: await officerLogIn(sys, "chuyenvien.hoankiem"),
      leader: await officerLogIn(sys, "lanhdao.hoankiem"),
    };
    // the specialist drafts the result during appraisal; the leader approves (signs) it; the counter returns it
    const done = await carryThrough(dossierUrl, officers, [
      "take",
      "generate_result",
      "forward",
      "approve",
      "return_result",
    ]);
    expect(done).toContain("approve");
    expect(done[done.length - 1]).toBe("return_result");
    await desk.page.goto(dossierUrl);
    const final = (await desk.page.locator("main").textContent()) ?? "";
    expect(final).toContain("Đã trả kết quả");
    // the timeline shows every step
    for (const label of ["Được tiếp nhận", "Đang xử lý", "Đã xử lý xong", "Đã trả kết quả"])
      expect(final).toContain(label);
    for (const o of Object.values(officers)) await o.context.close();
  }, 240_000); // a whole working day through a browser on a shared 2-core machine
});
