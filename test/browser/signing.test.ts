/**
 * An officer signing a result document in Chromium (issue #7): the ward's leader, holding the approval step, opens
 * the dossier page, picks the generated result and types the OTP of their remote-signing app (read from the CSC
 * SANDBOX, as the officer's phone would show it); a wrong OTP is refused in place and nothing is signed; the right
 * one signs — leader's signature, then the ward's seal — and the page shows the signed result as verified. axe on
 * every state of the page.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDossierDetail, performAction } from "../../src/app/office/index.js";
import { COMMUNE } from "../../src/demo/catalogue/units.js";
import type { CscSandbox } from "../../src/sandboxes/csc/server.js";
import {
  axe,
  demoDossier,
  demoOfficers,
  describeViolations,
  officerLogIn,
  type RunningSystem,
  startSystem,
} from "./harness.js";

const PROCEDURE = "1.001193"; // Đăng ký khai sinh, received and processed at the ward

async function noViolations(page: Page) {
  const v = await axe(page);
  expect(v, `${page.url()}\n${describeViolations(v)}`).toEqual([]);
}

describe("an officer signs a result with the OTP of the remote signing service", () => {
  let sys: RunningSystem;
  beforeAll(async () => {
    sys = await startSystem();
  }, 120_000);
  afterAll(() => sys?.stop());

  it("refuses a wrong OTP in place, signs with the right one and shows the verified signatures", async () => {
    const deps = sys.server.deps;
    const id = await demoDossier(sys, PROCEDURE, COMMUNE.hoanKiem);
    // the ward's officers bring it to the leader's approval step, with a generated result
    const officers = await demoOfficers(sys, ["tiepnhan.hoankiem", "chuyenvien.hoankiem", "lanhdao.hoankiem"]);
    const leader = officers[2]!;
    const done: string[] = [];
    for (let round = 0; round < 10; round++) {
      const leaderActions = (await getDossierDetail(deps, leader, id, { audit: false })).allowedActions;
      if (leaderActions.some((a) => a.action === "sign_result")) break;
      let acted = false;
      for (const o of officers) {
        const allowed = (await getDossierDetail(deps, o, id, { audit: false })).allowedActions.map((a) => a.action);
        const next = ["receive", "take", "generate_result", "forward"].find(
          (a) => allowed.includes(a as never) && !(a === "generate_result" && done.includes(a)),
        );
        if (!next) continue;
        await performAction(
          deps,
          o,
          id,
          next,
          next === "generate_result" ? { title: "Giấy khai sinh", content: "Cấp giấy khai sinh cho trẻ." } : {},
        );
        done.push(next);
        acted = true;
        break;
      }
      expect(acted, `nobody could act after ${done.join(" → ")}`).toBe(true);
    }

    const { page, context } = await officerLogIn(sys, "lanhdao.hoankiem");
    page.setDefaultTimeout(30_000);
    await page.goto(`${sys.baseUrl}/office/dossiers/${id}`);
    await noViolations(page);
    await page.locator("#act-sign_result summary").click();
    const form = page.locator("form[action*='/actions/sign_result']");
    // the officer is told how they sign
    expect(await form.textContent()).toContain("Ký số từ xa");
    const select = form.locator("select[name=fileId]");
    if (!(await select.inputValue())) await select.selectOption({ index: 1 });

    // a wrong OTP: refused beside the field, nothing signed
    await form.locator("input[name=otp]").fill("000000");
    await form.locator("button[type=submit]").click();
    await page.waitForLoadState("load");
    expect(page.url()).not.toContain("done=");
    expect(await page.locator("main").textContent()).toContain("Mã OTP không đúng hoặc đã hết hạn");
    await noViolations(page);

    // the OTP the officer's signing app shows, read from the CSC sandbox's page for it
    const csc = sys.sandboxes.find((s) => s.name === "remote signing (CSC API)") as CscSandbox;
    const credential = csc.credentialOf("lanhdao.hoankiem");
    const { otp } = (await (await fetch(`${csc.url}/sandbox/otp/${credential}`)).json()) as { otp: string };
    const retry = page.locator("form[action*='/actions/sign_result']");
    if (!(await retry.isVisible())) await page.locator("#act-sign_result summary").click();
    const again = retry.locator("select[name=fileId]");
    if (!(await again.inputValue())) await again.selectOption({ index: 1 });
    await retry.locator("input[name=otp]").fill(otp);
    await retry.locator("button[type=submit]").click();
    await page.waitForURL(/[?&]done=sign_result/);
    const main = (await page.locator("main").textContent()) ?? "";
    expect(main).toContain("Chữ ký số hợp lệ");
    expect(main).toContain("Ký số văn bản kết quả");
    await noViolations(page);
    const signed = await deps.db
      .selectFrom("dossier_files as df")
      .innerJoin("file_signature_checks as k", "k.file_id", "df.file_id")
      .select(["k.status", "k.signatures"])
      .where("df.dossier_id", "=", id)
      .where("df.kind", "=", "result")
      .executeTakeFirstOrThrow();
    expect(signed.status).toBe("valid");
    expect((signed.signatures as { signer: string }[]).length).toBeGreaterThanOrEqual(1);
    await context.close();
  }, 240_000);
});
