/**
 * Electronic certified copies (issue #7): the officer holding the step certifies the scan of an original (a component
 * file of the dossier) as an unsigned result document, then signs it with the one signing path (sign_result, remote
 * with OTP, then the unit's seal): pdfsig verifies the signatures, the certification reads in the text, the dossier
 * counts one 766 certified copy. Refused: an officer not holding the step, a file that is not a component scan.
 */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { act, as, detail, eventsOf, ok } from "./office-fixtures.js";
import { type SigningWorld, signingWorld } from "./signing-fixtures.js";

const run = promisify(execFile);
let w: SigningWorld;

beforeAll(async () => {
  w = await signingWorld();
  const res = await w.ctx.app.inject({
    method: "PATCH",
    url: `/api/admin/officers/${w.s.deptLeader.id}`,
    headers: await as(w.ctx, w.s.admin),
    payload: { signingMethod: "remote" },
  });
  expect(res.statusCode).toBe(200);
}, 120_000);
afterAll(async () => {
  await w?.close();
});

async function bytesOf(fileId: string): Promise<Buffer> {
  const res = await w.ctx.app.inject({
    method: "GET",
    url: `/api/office/files/${fileId}`,
    headers: await as(w.ctx, w.s.deptLeader),
  });
  expect(res.statusCode).toBe(200);
  return res.rawPayload;
}

describe("electronic certified copies", () => {
  it("are issued from a component scan, signed with the OTP and the seal, and counted", async () => {
    const { id, resultId } = await w.atApproval();
    // only under a procedure that certifies copies (its result is a certified copy): refused elsewhere
    const plain = await detail(w.ctx, w.s.deptLeader, id);
    expect(plain.allowedActions.map((a: any) => a.action)).not.toContain("certify_copy");
    const scan0 = plain.files.find((f: any) => f.kind === "component");
    const elsewhere = await act(w.ctx, w.s.deptLeader, id, "certify_copy", { fileId: scan0.id, number: "1/2026" });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.error.code).toBe("not_a_certification_procedure");
    const v = await w.ctx.deps.db
      .selectFrom("procedure_versions")
      .select("result")
      .where("id", "=", w.p.versionId)
      .executeTakeFirstOrThrow();
    await w.ctx.deps.db
      .updateTable("procedure_versions")
      .set({ result: JSON.stringify({ ...v.result, kind: "ban-sao-chung-thuc" }) })
      .where("id", "=", w.p.versionId)
      .execute();
    const before = await detail(w.ctx, w.s.deptLeader, id);
    const scan = before.files.find((f: any) => f.kind === "component");
    const offer = before.allowedActions.find((a: any) => a.action === "certify_copy");
    expect(offer.input.fields.map((f: any) => f.name)).toEqual(["fileId", "number"]);
    expect(offer.input.fields[0].options.map((o: any) => o.value)).toEqual([scan.id]);

    // refused: not the step's holder; not a component scan
    const spec = await act(w.ctx, w.s.deptSpecialist, id, "certify_copy", { fileId: scan.id, number: "1/2026" });
    expect(spec.status).toBe(403);
    const notScan = await act(w.ctx, w.s.deptLeader, id, "certify_copy", { fileId: resultId, number: "1/2026" });
    expect(notScan.status).toBe(422);
    expect(notScan.body.error.fields[0].path).toBe("body.fileId");
    expect((await eventsOf(w.ctx, id)).length).toBe(before.events.length);

    const d = await ok(w.ctx, w.s.deptLeader, id, "certify_copy", { fileId: scan.id, number: "15/2026/SCT/BS" });
    const copy = d.files.find((f: any) => f.kind === "result" && f.name.startsWith("ban-sao-chung-thuc-"));
    expect(copy).toBeTruthy();
    const facts = await w.ctx.deps.db
      .selectFrom("dossier_facts")
      .select(["e_certified_copies", "electronic_result"])
      .where("dossier_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(facts).toEqual({ e_certified_copies: 1, electronic_result: true });
    expect((await eventsOf(w.ctx, id)).at(-1)).toMatchObject({
      type: "certified_copy_issued",
      data: { original: { id: scan.id }, number: "15/2026/SCT/BS" },
    });

    // signed through the one signing path: the copy is offered for signing, and signed it verifies
    const signOffer = d.allowedActions.find((a: any) => a.action === "sign_result");
    expect(signOffer.input.fields[0].options.map((o: any) => o.value)).toContain(copy.id);
    const cred = w.csc.credentialOf("ld.hanh");
    const signedDetail = await ok(w.ctx, w.s.deptLeader, id, "sign_result", {
      fileId: copy.id,
      otp: w.csc.otp(cred),
    });
    const signed = signedDetail.files.find((f: any) => f.kind === "result" && f.name.includes("ban-sao-chung-thuc-"));
    expect(signed.name).toMatch(/-da-ky\.pdf$/);
    expect(signed.signature.status).toBe("valid");
    const pdf = await bytesOf(signed.id);
    const file = join(w.dir, "certified-copy.pdf");
    await writeFile(file, pdf);
    const sig = await run("pdfsig", [file]).catch((e: { stdout: string }) => ({ stdout: e.stdout }));
    expect(sig.stdout.match(/Signature is Valid\./g)).toHaveLength(2);
    const text = (await run("pdftotext", [file, "-"])).stdout;
    expect(text).toContain("LỜI CHỨNG CHỨNG THỰC BẢN SAO TỪ BẢN CHÍNH");
    expect(text).toContain("Số chứng thực: 15/2026/SCT/BS");
    // counted once, however it is signed
    const after = await w.ctx.deps.db
      .selectFrom("dossier_facts")
      .select("e_certified_copies")
      .where("dossier_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(after.e_certified_copies).toBe(1);
  });
});
