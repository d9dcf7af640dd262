/**
 * Shared set-up of the digital-signature tests: the remote-signing (CSC) and time-stamping SANDBOXES on a test CA,
 * a trust list holding that CA, a key store with the competent unit's seal, the app configured for them, officers,
 * and a dossier brought to the leader's approval step with a generated result document.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadServiceConfig } from "../../src/config-services.js";
import { type CscSandbox, startCscSandbox } from "../../src/sandboxes/csc/server.js";
import { provisionKeyStore } from "../../src/sandboxes/keys.js";
import { createTestCa, type TestCa } from "../../src/sandboxes/pki.js";
import { startTsaSandbox, type TsaSandbox } from "../../src/sandboxes/tsa/server.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { ok, type Staff, staff, submitOnline, vn } from "./office-fixtures.js";

export const CSC_SECRET = "csc-secret-for-tests";
export const KEYS_PASSWORD = "keys-password-for-tests";

export interface SigningWorld {
  ctx: TestContext;
  ca: TestCa;
  csc: CscSandbox;
  tsa: TsaSandbox;
  dir: string;
  p: TestProcedure;
  s: Staff;
  /** A dossier at the department leader's approval step, with a generated result document (PDF). */
  atApproval(): Promise<{ id: string; resultId: string }>;
  close(): Promise<void>;
}

export async function signingWorld(opts: { listen?: boolean } = {}): Promise<SigningWorld> {
  const dir = await mkdtemp(join(tmpdir(), "motcua-sign-"));
  const ca = await createTestCa();
  await writeFile(
    join(dir, "trust.pem"),
    `-----BEGIN CERTIFICATE-----\n${Buffer.from(ca.cert.rawData).toString("base64")}\n-----END CERTIFICATE-----\n`,
  );
  const csc = await startCscSandbox({
    port: 0,
    ca,
    users: ["ld.hanh", "cv.duc", "ld.centre"].map((u) => ({
      userID: u,
      password: CSC_SECRET,
      subject: `CN=${u === "ld.hanh" ? "Vũ Thị Hạnh" : u}, O=Sở Thử Nghiệm, C=VN`,
    })),
  });
  const tsa = await startTsaSandbox({ port: 0, tsa: await ca.issue({ subject: "CN=TEST TSA, C=VN", kind: "tsa" }) });
  const ctx = await createTestApp({
    demo: false,
    now: vn("2026-03-02 07:00"),
    config: {
      services: {
        ...loadServiceConfig({}, false, dir),
        signing: {
          cscUrl: csc.url,
          tsaUrl: tsa.url,
          trustAnchorsFile: join(dir, "trust.pem"),
          cscSecret: CSC_SECRET,
          keysDir: join(dir, "keys"),
          keysPassword: KEYS_PASSWORD,
        },
      },
    },
  });
  if (opts.listen) await ctx.app.listen({ port: 0, host: "127.0.0.1" });
  const p = await insertTestProcedure(ctx.deps.db);
  const s = await staff(ctx, p);
  const dept = await ctx.deps.db
    .selectFrom("units")
    .select(["code", "name"])
    .where("id", "=", p.specialistUnitId)
    .executeTakeFirstOrThrow();
  await provisionKeyStore(
    ca,
    join(dir, "keys"),
    KEYS_PASSWORD,
    [{ name: `seal-${dept.code}`, subject: `CN=${dept.name}, O=${dept.name}, C=VN`, kind: "seal" }],
    `${csc.url}/crl`,
  );
  let day = 2;
  return {
    ctx,
    ca,
    csc,
    tsa,
    dir,
    p,
    s,
    async atApproval() {
      const d = `2026-03-${String(day++).padStart(2, "0")}`;
      ctx.setNow(vn(`${d} 07:50`));
      const id = await submitOnline(ctx, p);
      ctx.setNow(vn(`${d} 08:00`));
      await ok(ctx, s.receiving, id, "receive");
      await ok(ctx, s.receiving, id, "forward");
      ctx.setNow(vn(`${d} 09:00`));
      await ok(ctx, s.deptSpecialist, id, "generate_result", { title: "Giấy xác nhận", content: "Xác nhận." });
      const r = await ok(ctx, s.deptSpecialist, id, "forward");
      const resultId = (r.files as { id: string; kind: string }[]).find((f) => f.kind === "result")?.id;
      if (!resultId) throw new Error("no result file");
      return { id, resultId };
    },
    async close() {
      await ctx.close();
      await csc.close();
      await tsa.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
