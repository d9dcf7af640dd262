import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import PDFDocument from "pdfkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CscError, cscSigningKey, listCredentials } from "../../src/adapters/signing/csc.js";
import { buildPkcs12, pkcs12SigningKey } from "../../src/adapters/signing/local.js";
import { signPdf } from "../../src/adapters/signing/pades.js";
import { tsaClient } from "../../src/adapters/signing/tsa.js";
import { verifyPdfSignatures } from "../../src/adapters/signing/verify.js";
import { type CscSandbox, startCscSandbox } from "../../src/sandboxes/csc/server.js";
import { createTestCa, privateKeyDer, type TestCa } from "../../src/sandboxes/pki.js";
import { startTsaSandbox, type TsaSandbox } from "../../src/sandboxes/tsa/server.js";

const run = promisify(execFile);
let ca: TestCa;
let csc: CscSandbox;
let tsa: TsaSandbox;
let dir: string;
const account = () => ({ baseUrl: csc.url, username: "lanhdao.hoankiem", password: "sandbox-pass" });

function pdf(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: "A5" });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.text(text);
    doc.end();
  });
}
const trust = () => ({ trustAnchors: [new Uint8Array(ca.cert.rawData)], fetchCrls: true });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "motcua-csc-"));
  ca = await createTestCa();
  csc = await startCscSandbox({
    port: 0,
    ca,
    users: [
      {
        userID: "lanhdao.hoankiem",
        password: "sandbox-pass",
        subject: "CN=Le Van Lanh Dao, O=UBND phuong Hoan Kiem, C=VN",
      },
      {
        userID: "seal.hoankiem",
        password: "seal-pass",
        subject: "CN=UBND phuong Hoan Kiem, O=UBND phuong Hoan Kiem, C=VN",
        kind: "seal",
      },
    ],
  });
  tsa = await startTsaSandbox({ port: 0, tsa: await ca.issue({ subject: "CN=SANDBOX TSA, C=VN", kind: "tsa" }) });
});
afterAll(async () => {
  await csc?.close();
  await tsa?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("remote signing through the CSC API", () => {
  it("signs with the officer's remote key after OTP authorisation; pdfsig and our verifier agree", async () => {
    const [credential] = await listCredentials(account());
    expect(credential).toBe(csc.credentialOf("lanhdao.hoankiem"));
    const key = cscSigningKey(account(), credential!, () => csc.otp(credential!));
    const signed = await signPdf(await pdf("Quyết định"), {
      key,
      timeStamp: tsaClient(tsa.url),
      name: "Le Van Lanh Dao",
      reason: "Phê duyệt",
      location: "Hà Nội",
    });
    expect(csc.signed()).toBe(1);
    const f = join(dir, "remote.pdf");
    await writeFile(f, signed);
    const { stdout } = await run("pdfsig", [f]).catch((e: { stdout: string }) => ({ stdout: e.stdout }));
    expect(stdout).toContain("Signature Validation: Signature is Valid.");
    const [check] = await verifyPdfSignatures(signed, trust());
    expect(check).toMatchObject({
      intact: true,
      coversWholeDocument: true,
      subFilter: "ETSI.CAdES.detached",
      chain: "trusted",
      signer: { commonName: "Le Van Lanh Dao" },
    });
    expect(check?.timestamp?.valid).toBe(true);
  });

  it("a wrong OTP is refused and nothing is signed; a service that is down fails cleanly", async () => {
    const credential = csc.credentialOf("lanhdao.hoankiem");
    const before = csc.signed();
    const key = cscSigningKey(account(), credential, () => "000000");
    const err = await signPdf(await pdf("x"), { key, name: "x", reason: "r", location: "l" }).catch((e) => e);
    expect(err).toBeInstanceOf(CscError);
    expect((err as CscError).code).toBe("invalid_otp");
    expect(csc.signed()).toBe(before);
    csc.setFault("unavailable");
    const down = await listCredentials(account()).catch((e) => e);
    expect((down as CscError).status).toBe(503);
    csc.setFault("none");
    const badLogin = await listCredentials({ ...account(), password: "nope" }).catch((e) => e);
    expect((badLogin as CscError).code).toBe("invalid_grant");
  });

  it("another user's credential cannot be used", async () => {
    const seal = csc.credentialOf("seal.hoankiem");
    const key = cscSigningKey(account(), seal, () => csc.otp(seal));
    await expect(key.chain()).rejects.toThrow("invalid_request");
  });
});

describe("verifying PDF signatures", () => {
  it("reports tampering, an unknown issuer, a revoked and an expired certificate", async () => {
    const officer = await ca.issue({ subject: "CN=Revoked Officer, C=VN", kind: "person", crlUrl: `${csc.url}/crl` });
    const p12 = buildPkcs12(await privateKeyDer(officer.keys.privateKey), [new Uint8Array(officer.cert.rawData)], "pw");
    const key = pkcs12SigningKey(p12, "pw");
    const doc = await signPdf(await pdf("Kết quả"), { key, name: "x", reason: "r", location: "l" });
    expect((await verifyPdfSignatures(doc, trust()))[0]?.chain).toBe("trusted");

    const other = await createTestCa("CN=Some Other CA, C=VN");
    const [untrusted] = await verifyPdfSignatures(doc, { trustAnchors: [new Uint8Array(other.cert.rawData)] });
    expect(untrusted?.intact).toBe(true);
    expect(untrusted?.chain).toBe("untrusted");

    const tampered = Buffer.from(doc);
    const i = tampered.indexOf(Buffer.from("stream\n"));
    tampered[i + 10] = (tampered[i + 10] ?? 0) ^ 1;
    expect((await verifyPdfSignatures(tampered, trust()))[0]?.intact).toBe(false);

    const appended = Buffer.concat([doc, Buffer.from("\n% appended after signing\n")]);
    expect((await verifyPdfSignatures(appended, trust()))[0]?.coversWholeDocument).toBe(false);

    ca.revoke(officer.cert, new Date(Date.now() - 60_000));
    expect((await verifyPdfSignatures(doc, trust()))[0]?.chain).toBe("revoked");

    const old = await ca.issue({
      subject: "CN=Expired Officer, C=VN",
      kind: "person",
      notBefore: new Date("2020-01-01T00:00:00Z"),
      notAfter: new Date("2021-01-01T00:00:00Z"),
    });
    const oldKey = pkcs12SigningKey(
      buildPkcs12(await privateKeyDer(old.keys.privateKey), [new Uint8Array(old.cert.rawData)], "pw"),
      "pw",
    );
    const late = await signPdf(await pdf("x"), { key: oldKey, name: "x", reason: "r", location: "l" });
    expect((await verifyPdfSignatures(late, trust()))[0]?.chain).toBe("expired");
  });

  it("a revoked remote credential can no longer sign", async () => {
    const credential = csc.credentialOf("seal.hoankiem");
    await csc.revoke(credential);
    const key = cscSigningKey({ baseUrl: csc.url, username: "seal.hoankiem", password: "seal-pass" }, credential, () =>
      csc.otp(credential),
    );
    await expect(key.chain()).rejects.toThrow("certificate_revoked");
  });
});
