/**
 * Rating a finished dossier from "my dossiers" in Chromium (issue #8; Circular 32/2017): the citizen logs in with the
 * VNeID sandbox, opens the dossier whose result was returned, follows "Đánh giá mức độ hài lòng", is asked for a
 * reason when not satisfied, and rates; the rating is recorded with its event. axe on every page visited.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDossierDetail, performAction } from "../../src/app/office/index.js";
import { COMMUNE } from "../../src/demo/catalogue/units.js";
import { axe, demoDossier, demoOfficers, describeViolations, type RunningSystem, startSystem } from "./harness.js";

const PROCEDURE = "1.001193"; // Đăng ký khai sinh, received and processed at the ward

async function noViolations(page: Page) {
  const v = await axe(page);
  expect(v, `${page.url()}\n${describeViolations(v)}`).toEqual([]);
}

/** Takes a dossier through the ward's officers to "result returned", each doing what the server offers. */
async function runToReturned(sys: RunningSystem, id: string) {
  const deps = sys.server.deps;
  const officers = await demoOfficers(sys, ["tiepnhan.hoankiem", "chuyenvien.hoankiem", "lanhdao.hoankiem"]);
  const inputs: Record<string, object> = {
    generate_result: { title: "Giấy khai sinh", content: "Cấp giấy khai sinh cho trẻ." },
    return_result: { method: "online" },
  };
  const preference = ["receive", "take", "generate_result", "forward", "approve", "return_result"];
  const done: string[] = [];
  for (let round = 0; round < 20 && !done.includes("return_result"); round++) {
    let acted = false;
    for (const o of officers) {
      const allowed = (await getDossierDetail(deps, o, id, { audit: false })).allowedActions.map((a) => a.action);
      const next = preference.find(
        (a) => allowed.includes(a as never) && !(a === "generate_result" && done.includes(a)),
      );
      if (!next) continue;
      await performAction(deps, o, id, next, inputs[next] ?? {});
      done.push(next);
      acted = true;
      break;
    }
    expect(acted, `nobody could act after ${done.join(" → ")}`).toBe(true);
  }
  expect(done[done.length - 1]).toBe("return_result");
}

describe("rating a finished dossier from my dossiers in Chromium", () => {
  let sys: RunningSystem;
  beforeAll(async () => {
    sys = await startSystem();
  }, 120_000);
  afterAll(() => sys?.stop());

  it("asks for a reason when not satisfied, then records the rating", async () => {
    const deps = sys.server.deps;
    const { page } = await sys.newPage();
    page.setDefaultTimeout(30_000);

    // 1. the citizen logs in with VNeID
    await page.goto(`${sys.baseUrl}/ho-so-cua-toi`);
    await page.waitForURL(/\/dang-nhap/);
    await page.getByRole("button", { name: /VNeID/ }).first().click();
    await page.waitForURL(/\/authorize/);
    await page.locator("input[name=person]").first().check();
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(/\/ho-so-cua-toi$/);
    const citizen = await deps.db
      .selectFrom("citizens")
      .select(["id", "name", "id_number"])
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();

    // 2. one of their dossiers, processed by the ward and returned
    const id = await demoDossier(sys, PROCEDURE, COMMUNE.hoanKiem, {
      citizenId: citizen.id,
      name: citizen.name,
      idNumber: citizen.id_number ?? undefined,
    });
    await runToReturned(sys, id);

    // 3. from "my dossiers" to the dossier and its rating form
    await page.reload();
    await noViolations(page);
    const reference = (
      await deps.db.selectFrom("dossiers").select("reference").where("id", "=", id).executeTakeFirstOrThrow()
    ).reference;
    await page.getByRole("link", { name: reference }).click();
    await page.waitForURL(new RegExp(`/ho-so-cua-toi/${id}$`));
    await noViolations(page);
    await page.getByRole("link", { name: "Đánh giá mức độ hài lòng" }).click();
    await page.waitForURL(new RegExp(`/ho-so-cua-toi/${id}/danh-gia$`));
    await noViolations(page);

    // 4. "not satisfied" without a reason is refused, with the message beside the field
    await page.locator("#overall input[value=unsatisfied]").check();
    await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    await page.waitForLoadState("load");
    expect(await page.locator(".error-summary").innerText()).toContain("Xin cho biết lý do Ông/Bà chưa hài lòng.");
    await noViolations(page);
    expect(
      await deps.db.selectFrom("dossier_ratings").select("dossier_id").where("dossier_id", "=", id).execute(),
    ).toEqual([]);

    // 5. with a reason and a detailed criterion, the rating is recorded
    await page.locator("#overall input[value=unsatisfied]").check();
    await page.locator("#attitude input[value=satisfied]").check();
    await page.fill("#reason", "Phải đi lại hai lần mới nhận được kết quả.");
    await page.getByRole("button", { name: "Gửi đánh giá" }).click();
    await page.waitForLoadState("load");
    expect(await page.locator("main").innerText()).toContain("Cảm ơn Ông/Bà đã đánh giá.");
    await noViolations(page);
    const rating = await deps.db
      .selectFrom("dossier_ratings")
      .select(["overall", "attitude", "reason", "via", "citizen_id"])
      .where("dossier_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(rating).toEqual({
      overall: "unsatisfied",
      attitude: "satisfied",
      reason: "Phải đi lại hai lần mới nhận được kết quả.",
      via: "portal",
      citizen_id: citizen.id,
    });
    const events = await deps.db
      .selectFrom("dossier_events")
      .select("type")
      .where("dossier_id", "=", id)
      .orderBy("seq")
      .execute();
    expect(events.map((e) => e.type)).toContain("rated");
  }, 300_000); // a browser on a shared 2-core machine
});
