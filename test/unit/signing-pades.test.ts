import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import PDFDocument from "pdfkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPkcs12, pkcs12SigningKey } from "../../src/adapters/signing/local.js";
import { signPdf } from "../../src/adapters/signing/pades.js";
import { tsaClient } from "../../src/adapters/signing/tsa.js";
import { verifyPdfSignatures } from "../../src/adapters/signing/verify.js";
import { createTestCa, privateKeyDer, type TestCa } from "../../src/sandboxes/pki.js";
import { startTsaSandbox, type TsaSandbox } from "../../src/sandboxes/tsa/server.js";

const run = promisify(execFile);
let ca: TestCa;
let tsa: TsaSandbox;
let dir: string;
let p12: Uint8Array;

function pdf(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: "A5" });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.text(text);
    doc.rect(200, 40, 180, 60).stroke();
    doc.end();
  });
}

async function pdfsig(buf: Buffer, name: string): Promise<string> {
  const f = join(dir, name);
  await writeFile(f, buf);
  const { stdout } = await run("pdfsig", [f]).catch((e: { stdout: string }) => ({ stdout: e.stdout }));
  return stdout;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "motcua-sign-"));
  ca = await createTestCa();
  const officer = await ca.issue({ subject: "CN=Le Van Lanh Dao, O=UBND phuong Hoan Kiem, C=VN", kind: "person" });
  p12 = buildPkcs12(
    await privateKeyDer(officer.keys.privateKey),
    [new Uint8Array(officer.cert.rawData), new Uint8Array(ca.cert.rawData)],
    "secret",
  );
  const tsaCert = await ca.issue({ subject: "CN=motcua SANDBOX TSA, O=motcua SANDBOX, C=VN", kind: "tsa" });
  tsa = await startTsaSandbox({ port: 0, tsa: tsaCert });
});
afterAll(async () => {
  await tsa?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("PAdES signing with a local PKCS#12 key", () => {
  it("signs a PDF that pdfsig finds intact, ETSI.CAdES.detached, by the officer, time-stamped", async () => {
    const key = pkcs12SigningKey(p12, "secret");
    const signed = await signPdf(await pdf("Giấy tiếp nhận hồ sơ"), {
      key,
      timeStamp: tsaClient(tsa.url),
      name: "Le Van Lanh Dao",
      reason: "Phê duyệt kết quả",
      location: "Hà Nội",
      widgetRect: [200, 40, 380, 100],
    });
    expect(tsa.issued()).toBe(1);
    const out = await pdfsig(signed, "signed.pdf");
    expect(out).toContain("Signature #1");
    expect(out).toContain("Signer Certificate Common Name: Le Van Lanh Dao");
    expect(out).toContain("Signature Type: ETSI.CAdES.detached");
    expect(out).toContain("Signature Validation: Signature is Valid.");
    expect(out).toContain("Total document signed");
  });

  it("a tampered signed PDF no longer verifies", async () => {
    const key = pkcs12SigningKey(p12, "secret");
    const signed = await signPdf(await pdf("Kết quả"), { key, name: "x", reason: "r", location: "l" });
    // Change one byte of the first page's content stream (inside the signed byte range).
    const i = signed.indexOf(Buffer.from("stream\n"));
    const tampered = Buffer.from(signed);
    tampered[i + 10] = (tampered[i + 10] ?? 0) ^ 0x01;
    const out = await pdfsig(tampered, "tampered.pdf");
    expect(out).toContain("Signature Validation: Digest Mismatch.");
  });

  it("a second signature (the unit's seal) keeps the first one valid", async () => {
    const key = pkcs12SigningKey(p12, "secret");
    const once = await signPdf(await pdf("Kết quả"), { key, name: "A", reason: "Ký", location: "HN" });
    const twice = await signPdf(once, {
      key,
      name: "B",
      reason: "Đóng dấu",
      location: "HN",
      timeStamp: tsaClient(tsa.url),
    });
    const out = await pdfsig(twice, "twice.pdf");
    expect(out.match(/Signature is Valid\./g)).toHaveLength(2);
  });

  it("refuses a PKCS#12 file with the wrong password", () => {
    expect(() => pkcs12SigningKey(p12, "wrong")).toThrow("cannot open the PKCS#12 file");
  });

  it("fails cleanly when the TSA rejects or is down", async () => {
    const key = pkcs12SigningKey(p12, "secret");
    const doc = await pdf("x");
    tsa.setFault("reject");
    await expect(
      signPdf(doc, { key, name: "x", reason: "r", location: "l", timeStamp: tsaClient(tsa.url) }),
    ).rejects.toThrow("refused the request");
    tsa.setFault("error");
    await expect(
      signPdf(doc, { key, name: "x", reason: "r", location: "l", timeStamp: tsaClient(tsa.url) }),
    ).rejects.toThrow("HTTP 500");
    tsa.setFault("none");
  });
});

describe("reading a signature back", () => {
  it("a signature whose value ends with a zero byte is read whole (cut by its DER length, not its trailing zeros)", async () => {
    const key = pkcs12SigningKey(p12, "secret");
    const doc = await pdf("Kết quả");
    // an RSA signature ends with a zero byte once in 256: sign until one does (the signing time varies the digest)
    let signed: Buffer | undefined;
    for (let i = 0; i < 4000 && !signed; i++) {
      const s = await signPdf(doc, {
        key,
        name: "x",
        reason: "r",
        location: "l",
        signingTime: new Date(Date.now() - i * 1000),
      });
      const [, , b, c] = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)/.exec(s.toString("latin1"))!.map(Number);
      const hex = s.toString("latin1", b! + 1, c! - 1);
      const der = Buffer.from(hex, "hex");
      const len = 4 + der.readUInt16BE(2); // 30 82 LL LL
      if (der[len - 1] === 0) signed = s;
    }
    expect(signed).toBeDefined();
    const [check] = await verifyPdfSignatures(signed!, { trustAnchors: [new Uint8Array(ca.cert.rawData)] });
    expect(check).toMatchObject({ intact: true, chain: "trusted" });
  });
});
