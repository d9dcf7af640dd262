/**
 * `npm run bench -- signatures` (issue #7): PAdES signatures per second, local and remote, as the office makes them
 * when a leader signs a result (src/app/signing/result.ts): the generated result PDF (A4, rendered once) gets a
 * visible signature block and a CAdES signature with an RFC 3161 time stamp from the TSA SANDBOX, signed either by a
 * local PKCS#12 key or through the remote-signing SANDBOX over HTTP (CSC API: login, credentials/info, authorize
 * with the OTP, signHash — one round of each per signature, as for an officer). Then the verification of the signed
 * PDFs (chain to the trust list and the CA's CRL fetched over HTTP), as the dossier page does once per file. C
 * concurrent signers; the sandboxes run in the bench's process (say so beside the figures).
 */
import { buildPkcs12, pkcs12SigningKey } from "../src/adapters/signing/local.js";
import { cscSigningKey } from "../src/adapters/signing/csc.js";
import type { SigningKey } from "../src/adapters/signing/cms.js";
import { signPdf } from "../src/adapters/signing/pades.js";
import { tsaClient } from "../src/adapters/signing/tsa.js";
import { verifyPdfSignatures } from "../src/adapters/signing/verify.js";
import { renderDocument } from "../src/docs/render-pool.js";
import { closeRenderPool } from "../src/docs/render-pool.js";
import { startCscSandbox } from "../src/sandboxes/csc/server.js";
import { createTestCa, privateKeyDer } from "../src/sandboxes/pki.js";
import { startTsaSandbox } from "../src/sandboxes/tsa/server.js";
import type { PgbenchResult } from "./pgbench.js";
import { ratios } from "./pgbench.js";
import { concurrently, percentile, round } from "./stats.js";

const N = Number(process.env.BENCH_SIGNATURES ?? 100);
const CLIENTS = Number(process.env.BENCH_CLIENTS_SIGN ?? 4);

export interface SignatureBenchRow {
  what: string;
  n: number;
  clients: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
}

async function measure(what: string, n: number, clients: number, one: (i: number) => Promise<unknown>) {
  const { latencies, seconds } = await concurrently(n, clients, one);
  return {
    what,
    n,
    clients,
    perSecond: round(n / seconds, 1),
    p50ms: round(percentile(latencies, 50)),
    p99ms: round(percentile(latencies, 99)),
  };
}

export async function benchSignatures(): Promise<SignatureBenchRow[]> {
  const ca = await createTestCa();
  const csc = await startCscSandbox({
    port: 0,
    ca,
    users: [{ userID: "lanhdao.bench", password: "bench", subject: "CN=Lãnh Đạo Bench, O=UBND phường Bench, C=VN" }],
  });
  const tsa = await startTsaSandbox({ port: 0, tsa: await ca.issue({ subject: "CN=BENCH TSA, C=VN", kind: "tsa" }) });
  try {
    const issued = await ca.issue({ subject: "CN=Lãnh Đạo Cục Bộ, C=VN", kind: "person", crlUrl: `${csc.url}/crl` });
    const local = pkcs12SigningKey(
      buildPkcs12(
        await privateKeyDer(issued.keys.privateKey),
        [new Uint8Array(issued.cert.rawData), new Uint8Array(ca.cert.rawData)],
        "bench",
      ),
      "bench",
    );
    const pdf = await renderDocument({
      kind: "result",
      vm: {
        title: "GIẤY XÁC NHẬN",
        content: "Xác nhận nội dung yêu cầu của công dân.",
        dossierCode: "000.00.99.H26-261204-0001",
        procedureName: "Thủ tục thử nghiệm",
        applicantName: "Nguyễn Văn An",
        unitName: "UBND phường Bench",
        officerName: "Trần Chuyên Viên",
        issuedAt: new Date(),
      },
    });
    const account = { baseUrl: csc.url, username: "lanhdao.bench", password: "bench" };
    const credential = csc.credentialOf("lanhdao.bench");
    const timeStamp = tsaClient(tsa.url);
    const sign = (key: SigningKey) =>
      signPdf(pdf, {
        key,
        timeStamp,
        name: "Lãnh Đạo Bench",
        reason: "Phê duyệt kết quả",
        location: "UBND phường Bench",
        widgetRect: [351, 40, 571, 96],
        appearance: ["Ký bởi: Lãnh Đạo Bench", "Chức vụ: Chủ tịch", "Đơn vị: UBND phường Bench", "Thời gian ký: …"],
      });
    const signed: Buffer[] = [];
    const rows = [
      await measure("local PKCS#12 + TSA", N, CLIENTS, async () => signed.push(await sign(local))),
      await measure("remote CSC (login, info, authorize+OTP, signHash) + TSA", N, CLIENTS, async () =>
        signed.push(await sign(cscSigningKey(account, credential, () => csc.otp(credential)))),
      ),
    ];
    const trust = { trustAnchors: [new Uint8Array(ca.cert.rawData)], fetchCrls: true };
    rows.push(
      await measure("verification (chain, CRL over HTTP, time stamp)", signed.length, CLIENTS, async (i) => {
        const [c] = await verifyPdfSignatures(signed[i]!, trust);
        if (!c?.intact || c.chain !== "trusted") throw new Error(`signature ${i} does not verify: ${c?.chainMessage}`);
      }),
    );
    return rows;
  } finally {
    await csc.close();
    await tsa.close();
    await closeRenderPool();
  }
}

export async function main(pgb: PgbenchResult | undefined) {
  const rows = await benchSignatures();
  console.log(
    `\n## PAdES B-T signatures of a result PDF (A4, visible block, RFC 3161 time stamp), ${CLIENTS} concurrent signers; remote signing and TSA sandboxes in the bench's process`,
  );
  console.table(rows.map((r) => ({ ...r, ...ratios(r.perSecond, pgb) })));
}

if (import.meta.url === `file://${process.argv[1]}`) await main(undefined);
