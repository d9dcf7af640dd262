import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import PDFDocument from "pdfkit";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPkcs12, pkcs12SigningKey } from "../../src/adapters/signing/local.js";
import { signPdf } from "../../src/adapters/signing/pades.js";
import { createTestCa, privateKeyDer } from "../../src/sandboxes/pki.js";
import { provisionKeyStore } from "../../src/sandboxes/keys.js";
import { act, as, detail, eventsOf, ok, upload } from "./office-fixtures.js";
import { KEYS_PASSWORD, type SigningWorld, signingWorld } from "./signing-fixtures.js";

const run = promisify(execFile);
let w: SigningWorld;

beforeAll(async () => {
  w = await signingWorld();
}, 120_000);
afterAll(async () => {
  await w?.close();
});

async function pdfsig(bytes: Buffer, name: string): Promise<string> {
  const f = join(w.dir, name);
  await writeFile(f, bytes);
  const { stdout } = await run("pdfsig", [f]).catch((e: { stdout: string }) => ({ stdout: e.stdout }));
  return stdout;
}

async function fileBytes(fileId: string): Promise<Buffer> {
  const res = await w.ctx.app.inject({
    method: "GET",
    url: `/api/office/files/${fileId}`,
    headers: await as(w.ctx, w.s.deptLeader),
  });
  expect(res.statusCode).toBe(200);
  return res.rawPayload;
}

async function setMethod(method: "remote" | "local" | "none", who = w.s.deptLeader) {
  const res = await w.ctx.app.inject({
    method: "PATCH",
    url: `/api/admin/officers/${who.id}`,
    headers: await as(w.ctx, w.s.admin),
    payload: { signingMethod: method },
  });
  expect(res.statusCode).toBe(200);
  expect(res.json().signingMethod).toBe(method);
}

const snapshot = async (id: string) => ({
  files: await w.ctx.deps.db
    .selectFrom("dossier_files")
    .select(["file_id", "kind"])
    .where("dossier_id", "=", id)
    .execute(),
  events: (await eventsOf(w.ctx, id)).length,
  stored: (await w.ctx.deps.db.selectFrom("files").select("id").execute()).length,
});

function plainPdf(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: "A4" });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.text(text);
    doc.end();
  });
}

describe("signing method per officer (administration)", () => {
  it("only an administrator sets it; it is shown in the account and audited", async () => {
    const refused = await w.ctx.app.inject({
      method: "PATCH",
      url: `/api/admin/officers/${w.s.deptLeader.id}`,
      headers: await as(w.ctx, w.s.deptLeader),
      payload: { signingMethod: "remote" },
    });
    expect(refused.statusCode).toBe(403);
    const bad = await w.ctx.app.inject({
      method: "PATCH",
      url: `/api/admin/officers/${w.s.deptLeader.id}`,
      headers: await as(w.ctx, w.s.admin),
      payload: { signingMethod: "pen" },
    });
    expect(bad.statusCode).toBe(422);
    await setMethod("remote");
    const audit = await w.ctx.deps.db
      .selectFrom("audit_log")
      .select("data")
      .where("action", "=", "officer.updated")
      .where("target", "=", "ld.hanh")
      .execute();
    expect(audit.map((a) => (a.data as any).changes.signingMethod)).toContainEqual({ from: null, to: "remote" });
  });
});

describe("signing a result document", () => {
  it("is offered to the leader of the approval step only, and refused to others", async () => {
    await setMethod("remote");
    const { id, resultId } = await w.atApproval();
    const spec = await act(w.ctx, w.s.deptSpecialist, id, "sign_result", { fileId: resultId, otp: "123456" });
    expect(spec.status).toBe(403);
    expect(spec.body.error.code).toBe("signer_only");
    const other = await act(w.ctx, w.s.centreLeader, id, "sign_result", { fileId: resultId, otp: "123456" });
    expect([403, 404]).toContain(other.status);
    const d = await detail(w.ctx, w.s.deptLeader, id);
    const offer = d.allowedActions.find((a: any) => a.action === "sign_result");
    expect(offer.input.fields.map((f: any) => f.name)).toEqual(["fileId", "otp"]);
    expect(offer.input.fields[0].options.map((o: any) => o.value)).toEqual([resultId]);
    expect(offer.input.fields[0].hint.vi).toContain("Ký số từ xa");
  });

  it("a wrong OTP, a service that is down and a missing OTP leave the dossier as it was", async () => {
    await setMethod("remote");
    const { id, resultId } = await w.atApproval();
    const before = await snapshot(id);
    const wrong = await act(w.ctx, w.s.deptLeader, id, "sign_result", { fileId: resultId, otp: "000000" });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe("invalid_otp");
    expect(wrong.body.error.message).toBe("Mã OTP không đúng hoặc đã hết hạn; văn bản chưa được ký.");
    const missing = await act(w.ctx, w.s.deptLeader, id, "sign_result", { fileId: resultId });
    expect(missing.status).toBe(422);
    expect(missing.body.error.code).toBe("otp_required");
    w.csc.setFault("unavailable");
    try {
      const cred = w.csc.credentialOf("ld.hanh");
      const down = await act(w.ctx, w.s.deptLeader, id, "sign_result", { fileId: resultId, otp: w.csc.otp(cred) });
      expect(down.status).toBe(503);
      expect(down.body.error.code).toBe("signing_unavailable");
    } finally {
      w.csc.setFault("none");
    }
    expect(await snapshot(id)).toEqual(before);
  });

  it("signs remotely with the OTP, then the unit's seal: the signed PDF is the result, verified, audited, in the history", async () => {
    await setMethod("remote");
    const { id, resultId } = await w.atApproval();
    const cred = w.csc.credentialOf("ld.hanh");
    const before = w.csc.signed();
    const d = await ok(w.ctx, w.s.deptLeader, id, "sign_result", { fileId: resultId, otp: w.csc.otp(cred) });
    expect(w.csc.signed()).toBe(before + 1);
    const results = d.files.filter((f: any) => f.kind === "result");
    expect(results).toHaveLength(1);
    const signed = results[0];
    expect(signed.id).not.toBe(resultId);
    expect(signed.name).toMatch(/-da-ky\.pdf$/);
    expect(signed.signature.status).toBe("valid");
    expect(signed.signature.signatures.map((x: any) => x.signer)).toEqual(["Vũ Thị Hạnh", expect.any(String)]);
    expect(signed.signature.signatures.every((x: any) => x.timestamped && x.chain === "trusted")).toBe(true);
    const out = await pdfsig(await fileBytes(signed.id), "remote.pdf");
    expect(out.match(/Signature is Valid\./g)).toHaveLength(2);
    expect(out).toContain("Signer Certificate Common Name: Vũ Thị Hạnh");
    expect(out).toContain("Total document signed");
    const { stdout: text } = await run("pdftotext", [join(w.dir, "remote.pdf"), "-"]);
    expect(text).toContain("Ký bởi: Vũ Thị Hạnh");
    expect(text).toContain("Con dấu:");
    // a pdf.js-based viewer (unpdf bundles pdf.js) opens it, reads the page, and finds the two signature fields with
    // an appearance to draw (the visible blocks)
    const pdf = await getDocumentProxy(new Uint8Array(await fileBytes(signed.id)));
    const annotations = (await (await pdf.getPage(1)).getAnnotations()) as Array<{
      fieldType?: string;
      hasAppearance?: boolean;
    }>;
    const sigs = annotations.filter((a) => a.fieldType === "Sig");
    expect(sigs).toHaveLength(2);
    expect(sigs.every((a) => a.hasAppearance)).toBe(true);
    expect((await extractText(pdf, { mergePages: true })).text).toContain("Người yêu cầu: Nguyễn Văn An");
    const ev = (await eventsOf(w.ctx, id)).at(-1)!;
    expect(ev.type).toBe("result_signed");
    expect(ev.data).toMatchObject({ from: { id: resultId }, file: { id: signed.id }, method: "remote", sealed: true });
    const audit = await w.ctx.deps.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "dossier.sign_result")
      .where("actor_id", "=", w.s.deptLeader.id)
      .execute();
    expect(audit.some((a) => (a.data as any).file === signed.id)).toBe(true);
    // nothing left to sign: the action is no longer offered, and approval goes on
    const after = await detail(w.ctx, w.s.deptLeader, id);
    expect(after.allowedActions.map((a: any) => a.action)).not.toContain("sign_result");
    await ok(w.ctx, w.s.deptLeader, id, "approve");
  });

  it("a revoked remote certificate is refused with a clear message and nothing is signed", async () => {
    await setMethod("remote", w.s.centreLeader);
    await setMethod("remote");
    const { id, resultId } = await w.atApproval();
    const before = await snapshot(id);
    const cred = w.csc.credentialOf("ld.hanh");
    await w.csc.revoke(cred);
    const r = await act(w.ctx, w.s.deptLeader, id, "sign_result", { fileId: resultId, otp: w.csc.otp(cred) }, "en");
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("certificate_revoked");
    expect(r.body.error.message).toBe(
      "The signing certificate has been revoked; nothing was signed. Ask an administrator for a new certificate.",
    );
    expect(await snapshot(id)).toEqual(before);
  });

  it("signs with a local PKCS#12 key; a local key whose certificate the CA revoked signs nothing", async () => {
    await setMethod("local");
    const { id, resultId } = await w.atApproval();
    const noKey = await act(w.ctx, w.s.deptLeader, id, "sign_result", { fileId: resultId });
    expect(noKey.status).toBe(409);
    expect(noKey.body.error.code).toBe("no_signing_key");
    await provisionKeyStore(
      w.ca,
      join(w.dir, "keys"),
      KEYS_PASSWORD,
      [{ name: "officer-ld.hanh", subject: "CN=Vũ Thị Hạnh (khóa cục bộ), C=VN", kind: "person" }],
      `${w.csc.url}/crl`,
    );
    const d = await ok(w.ctx, w.s.deptLeader, id, "sign_result", { fileId: resultId });
    const signed = d.files.find((f: any) => f.kind === "result");
    expect(signed.signature.status).toBe("valid");
    expect((await pdfsig(await fileBytes(signed.id), "local.pdf")).match(/Signature is Valid\./g)).toHaveLength(2);

    // the same key, revoked at the CA: the signature made is checked against the CRL before anything is kept
    const second = await w.atApproval();
    const { readFile } = await import("node:fs/promises");
    const key = pkcs12SigningKey(await readFile(join(w.dir, "keys", "officer-ld.hanh.p12")), KEYS_PASSWORD);
    const [der] = await key.chain();
    const { X509Certificate } = await import("@peculiar/x509");
    w.ca.revoke(new X509Certificate(Buffer.from(der!)), new Date(Date.now() - 60_000));
    const before = await snapshot(second.id);
    const r = await act(w.ctx, w.s.deptLeader, second.id, "sign_result", { fileId: second.resultId });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("certificate_revoked");
    expect(await snapshot(second.id)).toEqual(before);
  });
});

describe("verifying the PDFs a dossier holds", () => {
  it("shows officers whether an attached PDF is signed and valid, tampered, untrusted or unsigned", async () => {
    const { id } = await w.atApproval();
    const issued = await w.ca.issue({ subject: "CN=Nguyễn Văn Ký, C=VN", kind: "person", crlUrl: `${w.csc.url}/crl` });
    const p12 = buildPkcs12(
      await privateKeyDer(issued.keys.privateKey),
      [new Uint8Array(issued.cert.rawData), new Uint8Array(w.ca.cert.rawData)],
      "pw",
    );
    const good = await signPdf(await plainPdf("Văn bản đã ký"), {
      key: pkcs12SigningKey(p12, "pw"),
      name: "Nguyễn Văn Ký",
      reason: "r",
      location: "l",
    });
    const tampered = Buffer.from(good);
    const at = tampered.indexOf("Văn bản") > 0 ? tampered.indexOf("/Producer") : 200;
    tampered[at + 2] = tampered[at + 2] === 0x41 ? 0x42 : 0x41;
    const stranger = await createTestCa("CN=Unknown CA, C=VN");
    const other = await stranger.issue({ subject: "CN=Người Lạ, C=VN", kind: "person" });
    const untrusted = await signPdf(await plainPdf("Ký bởi CA lạ"), {
      key: pkcs12SigningKey(
        buildPkcs12(await privateKeyDer(other.keys.privateKey), [new Uint8Array(other.cert.rawData)], "pw"),
        "pw",
      ),
      name: "x",
      reason: "r",
      location: "l",
    });
    const verdicts: Record<string, string> = {};
    for (const [name, bytes] of [
      ["good.pdf", good],
      ["tampered.pdf", tampered],
      ["untrusted.pdf", untrusted],
      ["plain.pdf", await plainPdf("Không ký")],
    ] as const) {
      const up = await upload(w.ctx, w.s.deptLeader, [{ name, bytes }]);
      expect(up.status).toBe(201);
      await ok(w.ctx, w.s.deptLeader, id, "attach_result", { fileId: up.body.files[0].id });
    }
    const d = await detail(w.ctx, w.s.deptLeader, id);
    for (const f of d.files) verdicts[f.name] = f.signature?.status;
    expect(verdicts).toMatchObject({
      "good.pdf": "valid",
      "tampered.pdf": "tampered",
      "untrusted.pdf": "untrusted",
      "plain.pdf": "unsigned",
    });
    const good1 = d.files.find((f: any) => f.name === "good.pdf");
    expect(good1.signature.signatures[0].signer).toBe("Nguyễn Văn Ký");
    // checked once: the verdict is stored, not recomputed at each view
    const rows = await w.ctx.deps.db.selectFrom("file_signature_checks").select("file_id").execute();
    await detail(w.ctx, w.s.deptLeader, id);
    expect((await w.ctx.deps.db.selectFrom("file_signature_checks").select("file_id").execute()).length).toBe(
      rows.length,
    );
    // the office page shows the verdicts
    const page = await w.ctx.app.inject({
      method: "GET",
      url: `/office/dossiers/${id}`,
      headers: await as(w.ctx, w.s.deptLeader),
    });
    expect(page.body).toContain("Văn bản đã bị sửa đổi sau khi ký");
    expect(page.body).toContain("Chứng thư số không thuộc danh sách tin cậy");
  });
});

describe("forms issued by the system", () => {
  it("carry the issuing unit's seal (PAdES, time-stamped) when the key store holds one", async () => {
    const centre = await w.ctx.deps.db
      .selectFrom("units")
      .select(["code", "name"])
      .where("id", "=", w.p.unitId)
      .executeTakeFirstOrThrow();
    await provisionKeyStore(
      w.ca,
      join(w.dir, "keys"),
      KEYS_PASSWORD,
      [{ name: `seal-${centre.code}`, subject: `CN=${centre.name}, O=${centre.name}, C=VN`, kind: "seal" }],
      `${w.csc.url}/crl`,
    );
    const { id } = await w.atApproval();
    const res = await w.ctx.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${id}/forms/01`,
      headers: await as(w.ctx, w.s.receiving),
    });
    expect(res.statusCode).toBe(200);
    const out = await pdfsig(res.rawPayload, "form01.pdf");
    expect(out).toContain(`Signer Certificate Common Name: ${centre.name}`);
    expect(out).toContain("Signature Validation: Signature is Valid.");
    expect(out).toContain("Total document signed");
    const d = await detail(w.ctx, w.s.receiving, id);
    const form = d.files.find((f: any) => f.kind === "form");
    expect(form.signature).toMatchObject({ status: "valid", signatures: [{ signer: centre.name, timestamped: true }] });

    // the control sheet and the log book, rendered at each read, are sealed too
    const sheet = await w.ctx.app.inject({
      method: "GET",
      url: `/api/office/dossiers/${id}/forms/06`,
      headers: await as(w.ctx, w.s.receiving),
    });
    expect(sheet.statusCode).toBe(200);
    const out06 = await pdfsig(sheet.rawPayload, "form06.pdf");
    expect(out06).toContain(`Signer Certificate Common Name: ${centre.name}`);
    expect(out06).toContain("Signature Validation: Signature is Valid.");
    const day = new Date(w.ctx.deps.now().getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    const book = await w.ctx.app.inject({
      method: "GET",
      url: `/api/office/logbook?from=${day.slice(0, 4)}-01-01&to=${day}`,
      headers: await as(w.ctx, w.s.receiving),
    });
    expect(book.statusCode).toBe(200);
    const out07 = await pdfsig(book.rawPayload, "form07.pdf");
    expect(out07).toContain(`Signer Certificate Common Name: ${centre.name}`);
    expect(out07).toContain("Signature Validation: Signature is Valid.");
  });
});
