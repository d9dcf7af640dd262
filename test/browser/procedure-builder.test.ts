/**
 * Issue #9 in Chromium: an administrator builds a new procedure on the editor's pages — basic data, an e-form with a
 * conditional field and a cross-field rule, a four-step process with an approval step — previews and publishes it; a
 * citizen finds it on the portal and submits under it (the conditional field appears, the rule is enforced in the
 * browser); the ward's officers process the dossier to the returned result. Axe on the administration pages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axe, carryThrough, describeViolations, officerLogIn, type RunningSystem, startSystem } from "./harness.js";

const CODE = "1.999301";

describe("the procedure editor in Chromium", () => {
  let sys: RunningSystem;
  beforeAll(async () => {
    sys = await startSystem();
  }, 120_000);
  afterAll(() => sys?.stop());

  it("an administrator builds and publishes a procedure, a citizen submits under it, officers process it", async () => {
    const db = sys.server.deps.db;
    const ward = await db
      .selectFrom("officers as o")
      .innerJoin("units as u", "u.id", "o.unit_id")
      .select(["u.code"])
      .where("o.username", "=", "tiepnhan.hoankiem")
      .executeTakeFirstOrThrow();
    const field = await db
      .selectFrom("procedures as p")
      .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
      .innerJoin("fields as f", "f.id", "v.field_id")
      .select("f.code")
      .where("p.national_code", "=", "1.001193")
      .executeTakeFirstOrThrow();

    // 1. the administrator opens the editor and starts a new procedure
    const admin = await officerLogIn(sys, "quantri");
    const page = admin.page;
    const check = async (what: string) => {
      const v = await axe(page);
      expect(v, `${what}: ${describeViolations(v)}`).toEqual([]);
    };
    await page.click("a[href='/office/quan-tri/thu-tuc']");
    expect(await page.locator("h1").textContent()).toBe("Thủ tục, biểu mẫu điện tử và quy trình");
    await check("procedure list");
    await page.click(`a[href='/office/quan-tri/thu-tuc/moi']`);
    expect(await page.locator("h1").textContent()).toBe("Thủ tục mới");
    await check("new procedure");

    await page.fill("#p-code", CODE);
    await page.fill("#p-name", "Xác nhận thông tin người giám hộ (thử nghiệm)");
    await page.selectOption("#p-fieldCode", field.code);
    await page.selectOption("#p-level", "commune");
    await page.selectOption("#p-competentUnit", ward.code);
    await page.fill("#p-implementingUnits", ward.code);
    await page.fill("#p-timeLimitValue", "3");
    await page.selectOption("#p-timeLimitUnit", "working_days");
    await page.fill("#p-resultName", "Giấy xác nhận");
    // the components, fees and legal bases in their rows
    await page.fill("#c0-code", "TK");
    await page.fill("#c0-name", "Tờ khai đề nghị xác nhận");
    await page.selectOption("#c0-form", "original");
    await page.fill("#c0-quantity", "1");
    await page.check("#c0-required");
    await page.check("#c0-declaration");
    await page.fill("#lb0-number", "59/2020/QH14");
    await page.fill("#lb0-title", "Luật thử nghiệm");

    // the e-form: a section and its first fields
    await page.fill("#s0-key", "applicant");
    await page.fill("#s0-vi", "Người đề nghị");
    await page.fill("#s0-en", "Applicant");
    const row = async (i: number, o: Record<string, string>, required = true) => {
      for (const [k, v] of Object.entries(o)) {
        const el = page.locator(`#f${i}-${k}`);
        if ((await el.evaluate((n) => n.tagName)) === "SELECT") await el.selectOption(v);
        else await el.fill(v);
      }
      if (required) await page.locator(`#f${i}-required`).check();
    };
    await row(0, { key: "fullName", type: "text", vi: "Họ và tên", en: "Full name", prefill: "name" });
    await row(1, {
      key: "birthDate",
      type: "date",
      vi: "Ngày sinh của người đề nghị",
      en: "Applicant's date of birth",
    });
    await row(2, {
      key: "relation",
      type: "select",
      vi: "Quan hệ với trẻ",
      en: "Relation to the child",
      options: "parent | Cha, mẹ | Parent\nguardian | Người giám hộ | Guardian",
    });
    // the process: reception and appraisal first
    const step = async (i: number, o: Record<string, string>) => {
      for (const [k, v] of Object.entries(o)) {
        const el = page.locator(`#p${i}-${k}`);
        if ((await el.evaluate((n) => n.tagName)) === "SELECT") await el.selectOption(v);
        else await el.fill(v);
      }
    };
    await step(0, { code: "TN", name: "Tiếp nhận hồ sơ", unit: "receiving", role: "receiving", budget: "2" });
    await step(1, { code: "TD", name: "Thẩm định", unit: "competent", role: "specialist", budget: "18" });
    await page.click("button[name=_action][value=preview]");
    // not finished yet: the checker names what is missing (the budgets do not reach the time limit)
    expect(await page.locator("#problems").textContent()).toContain(
      `${CODE}: các bước cộng lại 20 giờ, thời hạn cho phép 24 giờ`,
    );
    await check("builder with problems");

    // more fields: the conditional one, the child's, and the cross-field rule; the last two steps
    await row(3, {
      key: "decision",
      type: "text",
      vi: "Số quyết định công nhận giám hộ",
      en: "Guardianship decision number",
      showIf: "relation",
      showValues: "guardian",
    });
    // the live preview follows the rows as they are typed, without a round trip of the page
    await page.locator("#eform [data-path='applicant.decision']").waitFor({ state: "attached" });
    expect(await page.locator("#eform [data-path='applicant.decision']").isHidden()).toBe(true);
    await row(4, { key: "childName", type: "text", vi: "Họ và tên trẻ", en: "Child's name" });
    await row(5, { key: "childBirthDate", type: "date", vi: "Ngày sinh của trẻ", en: "Child's date of birth" });
    await page.fill("#r0-field", "applicant.birthDate");
    await page.selectOption("#r0-op", "lt");
    await page.fill("#r0-other", "applicant.childBirthDate");
    await page.fill("#r0-vi", "người đề nghị phải sinh trước trẻ.");
    await page.fill("#r0-en", "the applicant must be born before the child.");
    await step(2, { code: "PD", name: "Phê duyệt", unit: "competent", role: "leader", kind: "approval", budget: "2" });
    await step(3, { code: "TKQ", name: "Trả kết quả", unit: "receiving", role: "receiving", budget: "2" });
    await page.click("button[name=_action][value=preview]");
    expect(await page.locator(".notice").textContent()).toBe("Không có lỗi: thủ tục có thể lưu và công bố.");
    // the live preview is the portal's form: the conditional field appears when "guardian" is chosen
    const decision = page.locator("#eform [data-path='applicant.decision']");
    expect(await decision.isHidden()).toBe(true);
    await page.selectOption("#eform [name='applicant.relation']", "guardian");
    await decision.waitFor({ state: "visible" });
    await check("builder with preview");

    await page.click("button[name=_action][value=save]");
    await page.waitForURL(/done=created/);
    expect(await page.locator(".notice").textContent()).toBe(`Đã tạo thủ tục ${CODE} (bản nháp phiên bản 1).`);
    await page.click("button[name=_action][value=publish]");
    await page.waitForURL(/done=published/);
    expect(await page.locator(".notice").textContent()).toBe("Đã công bố phiên bản 1.");
    expect(await page.locator("table").first().textContent()).toContain("đang công bố");
    await check("published procedure");

    // 2. a citizen finds it on the portal and submits under it
    const citizen = await sys.newPage();
    const c = citizen.page;
    await c.goto(`${sys.baseUrl}/thu-tuc/${CODE}`);
    expect(await c.getByRole("heading", { level: 1 }).textContent()).toContain("Xác nhận thông tin người giám hộ");
    await c
      .getByRole("link", { name: /Nộp hồ sơ trực tuyến/ })
      .first()
      .click();
    await c.waitForURL(/\/dang-nhap/);
    await c.getByRole("button", { name: /VNeID/ }).first().click();
    await c.waitForURL(/\/authorize/);
    await c.locator("input[name=person]").first().check();
    await c.getByRole("button", { name: "Đăng nhập" }).click();
    await c.waitForURL(new RegExp(`/nop-ho-so/${CODE.replace(/\./g, "\\.")}`));
    expect(await c.locator('[name="applicant.fullName"]').inputValue()).toBe("Nguyễn Văn An");
    const cDecision = c.locator("[data-path='applicant.decision']");
    expect(await cDecision.isHidden()).toBe(true);
    await c.fill('[name="applicant.birthDate"]', "1990-04-12");
    await c.selectOption('[name="applicant.relation"]', "guardian");
    await cDecision.waitFor({ state: "visible" });
    await c.fill('[name="applicant.decision"]', "15/QĐ-UBND");
    await c.fill('[name="applicant.childName"]', "Nguyễn Minh Khôi");
    await c.fill('[name="applicant.childBirthDate"]', "1985-01-01");
    await c
      .getByRole("button", { name: /Tiếp tục/ })
      .last()
      .click();
    // the cross-field rule, in the browser, before anything is sent
    expect(await c.locator("#error-summary").textContent()).toContain(
      "Ngày sinh của người đề nghị: người đề nghị phải sinh trước trẻ.",
    );
    const v = await axe(c);
    expect(v, describeViolations(v)).toEqual([]);
    await c.fill('[name="applicant.childBirthDate"]', "2019-06-01");
    await c
      .getByRole("button", { name: /Tiếp tục/ })
      .last()
      .click();
    await c.getByRole("button", { name: "Nộp hồ sơ" }).click();
    await c.waitForSelector(".reference");
    const reference = (await c.locator(".reference").textContent())?.trim() ?? "";
    const dossier = await db
      .selectFrom("dossiers as d")
      .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
      .select(["d.id", "v.version", "d.data"])
      .where("d.reference", "=", reference)
      .executeTakeFirstOrThrow();
    expect(dossier.version).toBe(1);
    expect(dossier.data).toMatchObject({ applicant: { relation: "guardian", decision: "15/QĐ-UBND" } });
    await citizen.context.close();

    // 3. the ward's officers carry it through the process the administrator built
    const dossierUrl = `${sys.baseUrl}/office/dossiers/${dossier.id}`;
    const officers = {
      receiving: await officerLogIn(sys, "tiepnhan.hoankiem"),
      specialist: await officerLogIn(sys, "chuyenvien.hoankiem"),
      leader: await officerLogIn(sys, "lanhdao.hoankiem"),
    };
    const done = await carryThrough(dossierUrl, officers, [
      "receive",
      "take",
      "generate_result",
      "forward",
      "approve",
      "return_result",
    ]);
    expect(done).toEqual(expect.arrayContaining(["receive", "approve", "return_result"]));
    await officers.receiving.page.goto(dossierUrl);
    const final = (await officers.receiving.page.locator("main").textContent()) ?? "";
    expect(final).toContain("Đã trả kết quả");
    for (const label of ["Tiếp nhận hồ sơ", "Thẩm định", "Phê duyệt"]) expect(final).toContain(label);
    for (const o of Object.values(officers)) await o.context.close();
    await admin.context.close();
  }, 300_000); // a whole procedure's life through a browser on a shared 2-core machine
});
