/**
 * Shared set-up of the online payment tests: the app listening on a free port (the platform SANDBOX calls it back
 * over HTTP), the sandbox on the app's clock, a test procedure with a fixed fee and a per-copy fee, officers, two
 * applicants, and a dossier brought to "financial obligation requested".
 */
import { expect } from "vitest";
import { loadServiceConfig } from "../../src/config-services.js";
import { type PaymentSandbox, startPaymentSandbox } from "../../src/sandboxes/payment/server.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { loginAsCitizen, type TestCitizen } from "../helpers/citizen.js";
import { freePort } from "../helpers/ports.js";
import { ok, type Staff, staff, submitOnline, vn } from "./office-fixtures.js";

export const SECRET = "payment-secret-for-tests";
export const MERCHANT = "H99-TEST";

export interface PaymentWorld {
  ctx: TestContext;
  sb: PaymentSandbox;
  p: TestProcedure;
  s: Staff;
  citizen: TestCitizen;
  other: TestCitizen;
  /** A dossier received Mon 02/03 08:00 (due Thu 05/03 08:00), at appraisal, with the fee requested Tue 10:00. */
  owing(fees?: object): Promise<string>;
  close(): Promise<void>;
}

export async function paymentWorld(): Promise<PaymentWorld> {
  const port = await freePort();
  let clock = () => new Date();
  const sb = await startPaymentSandbox({
    port: 0,
    merchants: [{ code: MERCHANT, secret: SECRET }],
    now: () => clock(),
  });
  const ctx = await createTestApp({
    demo: false,
    now: vn("2026-03-02 07:00"),
    config: {
      baseUrl: `http://127.0.0.1:${port}`,
      services: {
        ...loadServiceConfig({}, false, "/tmp"),
        payment: { url: sb.url, merchantCode: MERCHANT, secret: SECRET },
      },
    },
  });
  clock = () => ctx.deps.now();
  await ctx.app.listen({ port, host: "127.0.0.1" });
  const p = await insertTestProcedure(ctx.deps.db);
  await ctx.deps.db
    .updateTable("procedure_versions")
    .set({
      fees: JSON.stringify([
        { name: "Lệ phí cấp giấy xác nhận", amount: 50000, exemptFor: ["poor_household"] },
        { name: "Phí cấp bản sao", amount: 10000, basis: "per_copy" },
      ]),
    })
    .where("id", "=", p.versionId)
    .execute();
  const s = await staff(ctx, p);
  const citizen = await loginAsCitizen(ctx);
  const other = await loginAsCitizen(ctx, { subject: "test|other", idNumber: "001090099999", name: "Trần Văn Khác" });
  return {
    ctx,
    sb,
    p,
    s,
    citizen,
    other,
    async owing(fees: object = { copies: 2 }) {
      ctx.setNow(vn("2026-03-02 07:50"));
      const id = await submitOnline(ctx, p, { citizenId: citizen.id });
      ctx.setNow(vn("2026-03-02 08:00"));
      await ok(ctx, s.receiving, id, "receive");
      ctx.setNow(vn("2026-03-02 09:00"));
      await ok(ctx, s.receiving, id, "forward");
      ctx.setNow(vn("2026-03-03 10:00"));
      const r = await ok(ctx, s.deptSpecialist, id, "request_payment", fees);
      expect(r.dossier.status).toBe(6);
      return id;
    },
    async close() {
      await ctx.close();
      await sb.close();
    },
  };
}

export const platformRef = (url: string) => url.split("/pay/")[1];
