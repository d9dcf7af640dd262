import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvent } from "../../src/app/history.js";
import { DEFAULT_RULE_SET_CODE } from "../../src/domain/rules.js";
import { axe, describeViolations, officerLogIn, startSystem, type RunningSystem } from "./harness.js";

const portal = (sys: RunningSystem) => sys.server.deps.config.nationalPortal!.url;
const sandbox = (sys: RunningSystem, path: string, body: unknown) =>
  fetch(`${portal(sys)}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** A received dossier whose receipt is queued for the national portal (as the office's receive action leaves it). */
async function receivedDossier(sys: RunningSystem): Promise<string> {
  const db = sys.server.deps.db;
  const p = await db
    .selectFrom("procedures as p")
    .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
    .select(["p.id", "v.id as version_id", "v.competent_unit_id"])
    .where("p.national_code", "=", "1.001193")
    .executeTakeFirstOrThrow();
  const unit = await db
    .selectFrom("units")
    .select(["id", "code"])
    .where("id", "=", p.competent_unit_id)
    .executeTakeFirstOrThrow();
  const now = new Date();
  const code = `${unit.code}-${new Date(now.getTime() + 7 * 3600_000).toISOString().slice(2, 10).replace(/-/g, "")}-9${String(now.getTime() % 1000).padStart(3, "0")}`;
  return db.transaction().execute(async (trx) => {
    const d = await trx
      .insertInto("dossiers")
      .values({
        reference: `HS-BR${String(now.getTime()).slice(-6)}`,
        code,
        procedure_id: p.id,
        procedure_version_id: p.version_id,
        rule_set_code: DEFAULT_RULE_SET_CODE,
        receiving_unit_id: unit.id,
        status: 2,
        channel: "counter",
        applicant: JSON.stringify({ type: "citizen", name: "Phạm Văn Bình", idNumber: "001080012345" }),
        data: JSON.stringify({}),
        submitted_at: now,
        received_at: now,
        due_at: new Date(now.getTime() + 3 * 86400_000),
      })
      .returning(["id", "last_event_seq", "last_event_hash"])
      .executeTakeFirstOrThrow();
    const head = { id: d.id, last_event_seq: d.last_event_seq, last_event_hash: d.last_event_hash };
    await appendEvent(
      trx,
      head,
      { kind: "system", id: null, name: "Hệ thống" },
      {
        type: "received",
        at: now,
        fromStatus: 1,
        toStatus: 2,
        data: { changes: { code: { from: null, to: code }, status: { from: 1, to: 2 } } },
      },
    );
    return code;
  });
}

describe("national portal administration in Chromium", () => {
  let sys: RunningSystem;
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(() => sys?.stop());

  it("reviews and applies a catalogue update from the national database", async () => {
    const { page, context } = await officerLogIn(sys, "quantri");
    await page.click("a[href='/office/national-catalogue']");
    expect(await page.textContent("h1")).toBe("Cập nhật danh mục thủ tục từ CSDL quốc gia");
    let v = await axe(page);
    expect(v, describeViolations(v)).toEqual([]);
    // First fetch (2026-11): the procedures the province does not have yet are new.
    await page.click("text=Lấy danh mục từ CSDL quốc gia");
    await page.waitForURL(/done=previewed/);
    expect(await page.textContent(".notice")).toContain("Đã lấy danh mục");
    expect(await page.textContent("main")).toMatch(/Thủ tục mới \(\d+\)/);
    await page.click("text=Áp dụng cập nhật");
    await page.waitForURL(/done=applied/);
    expect(await page.textContent(".notice")).toMatch(
      /^Đã áp dụng: \d+ thủ tục mới \(bản nháp\), 0 thủ tục cập nhật, 0 thủ tục bãi bỏ\.$/,
    );

    // The national database publishes its December snapshot.
    expect((await sandbox(sys, "/sandbox/catalogue", { snapshot: "2026-12" })).status).toBe(200);
    await page.click("text=Lấy danh mục từ CSDL quốc gia");
    await page.waitForURL(/done=previewed/);
    const main = (await page.textContent("main")) ?? "";
    expect(main).toContain("Thủ tục có thay đổi (3)");
    expect(main).toContain("Thủ tục bị bãi bỏ (2)");
    expect(main).toContain("Thủ tục mới (2)");
    expect(main).toContain("Bản ghi lỗi, không nhập (1)");
    expect(main).toContain("(mẫu 2026)");
    v = await axe(page);
    expect(v, describeViolations(v)).toEqual([]);
    await page.click("text=Áp dụng cập nhật");
    await page.waitForURL(/done=applied/);
    expect(await page.textContent(".notice")).toBe(
      "Đã áp dụng: 2 thủ tục mới (bản nháp), 3 thủ tục cập nhật, 2 thủ tục bãi bỏ.",
    );
    await context.close();
  });

  it("retries a dossier whose sync failed", async () => {
    expect((await sandbox(sys, "/sandbox/fault", { mode: "error" })).status).toBe(200);
    const code = await receivedDossier(sys);
    const db = sys.server.deps.db;
    /** Waits until the dossier's sync record satisfies `done` (the dispatcher runs on its own). */
    const syncRecord = async (done: (s: { pending_since: unknown; last_error: string | null }) => boolean) => {
      for (let i = 0; i < 300; i++) {
        const s = await db
          .selectFrom("national_sync as s")
          .innerJoin("dossiers as d", "d.id", "s.dossier_id")
          .select(["s.pending_since", "s.last_error"])
          .where("d.code", "=", code)
          .executeTakeFirst();
        if (s && done(s)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    // The running dispatcher tries and fails.
    await syncRecord((s) => s.last_error !== null);
    const { page, context } = await officerLogIn(sys, "quantri");
    await page.click("a[href='/office/national-sync']");
    const row = page.locator("tr", { hasText: code });
    expect(await row.textContent()).toContain("Đang lỗi");
    expect(await row.textContent()).toContain("SYSTEM_ERROR");
    const v = await axe(page);
    expect(v, describeViolations(v)).toEqual([]);

    expect((await sandbox(sys, "/sandbox/fault", { mode: "none" })).status).toBe(200);
    await row.locator("button", { hasText: "Gửi lại ngay" }).click();
    await page.waitForURL(/retried=/);
    expect(await page.textContent(".notice")).toBe(`Đã đưa hồ sơ ${code} vào hàng gửi lại ngay.`);
    // Delivered by the running dispatcher.
    let state: unknown;
    for (let i = 0; i < 300; i++) {
      const res = await fetch(`${portal(sys)}/sandbox/state`);
      const j = (await res.json()) as { dossiers: { dossier: { MaHoSo: string }; statuses: { status: number }[] }[] };
      state = j.dossiers.find((d) => d.dossier.MaHoSo === code)?.statuses.map((s) => s.status);
      if (state) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toEqual([2]);
    // The portal answers before the dispatcher records the delivery: wait for the record, then look.
    await syncRecord((s) => s.pending_since === null && s.last_error === null);
    await page.goto(`${sys.baseUrl}/office/national-sync?code=${encodeURIComponent(code)}`);
    expect(await page.locator("tr", { hasText: code }).textContent()).toContain("Đã đồng bộ");
    await context.close();
  });
});
