import { createHash, randomBytes } from "node:crypto";
import * as asn1js from "asn1js";
import Fastify from "fastify";
import * as pkijs from "pkijs";
import { ab, OID } from "../../adapters/signing/cms.js";
import type { RunningSandbox } from "../index.js";
import type { Issued } from "../pki.js";

/**
 * Time-stamping authority SANDBOX (RFC 3161 over HTTP): `POST /` with an `application/timestamp-query` body answers
 * an `application/timestamp-reply` whose token is signed by a TSA certificate of the sandbox CA (extended key usage
 * timeStamping, critical). Controls: `POST /sandbox/fault {mode: "none"|"error"|"reject"}`.
 */

export interface TsaSandboxOptions {
  port: number;
  host?: string;
  /** The TSA's certificate and keys, issued by the sandbox CA. */
  tsa: Issued;
  /** Certificates to include after the TSA's own (its issuers). */
  chain?: pkijs.Certificate[];
  now?: () => Date;
}

export interface TsaSandbox extends RunningSandbox {
  setFault(mode: "none" | "error" | "reject"): void;
  issued(): number;
}

const SANDBOX_POLICY = "1.3.6.1.4.1.99999.1.1";

export async function startTsaSandbox(o: TsaSandboxOptions): Promise<TsaSandbox> {
  const now = o.now ?? (() => new Date());
  let fault: "none" | "error" | "reject" = "none";
  let count = 0;
  const tsaCert = pkijs.Certificate.fromBER(o.tsa.cert.rawData);
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  app.addContentTypeParser("application/timestamp-query", { parseAs: "buffer" }, (_req, body, done) =>
    done(null, body),
  );
  app.addHook("onSend", async (_req, reply) => {
    reply.header("x-sandbox", "time-stamping-authority");
  });

  const answer = (resp: pkijs.TimeStampResp) => Buffer.from(resp.toSchema().toBER());
  const refused = (status: pkijs.PKIStatus, text: string) =>
    new pkijs.TimeStampResp({
      status: new pkijs.PKIStatusInfo({
        status,
        statusStrings: [new asn1js.Utf8String({ value: text })],
      }),
    });

  app.post("/", async (req, reply) => {
    if (fault === "error") return reply.code(500).send("SANDBOX TSA: simulated failure");
    reply.type("application/timestamp-reply");
    if (fault === "reject") return answer(refused(pkijs.PKIStatus.rejection, "SANDBOX: request rejected on demand"));
    let request: pkijs.TimeStampReq;
    try {
      request = pkijs.TimeStampReq.fromBER(ab(req.body as Buffer));
    } catch {
      return answer(refused(pkijs.PKIStatus.rejection, "bad request"));
    }
    if (request.messageImprint.hashAlgorithm.algorithmId !== OID.sha256)
      return answer(refused(pkijs.PKIStatus.rejection, "only SHA-256 imprints are accepted"));
    const serial = randomBytes(10);
    serial[0] = (serial[0] ?? 0) & 0x7f;
    const tst = new pkijs.TSTInfo({
      version: 1,
      policy: SANDBOX_POLICY,
      messageImprint: request.messageImprint,
      serialNumber: new asn1js.Integer({ valueHex: ab(serial) }),
      genTime: now(),
      accuracy: new pkijs.Accuracy({ seconds: 1 }),
      ordering: false,
      ...(request.nonce ? { nonce: request.nonce } : {}),
    });
    const tstDer = new Uint8Array(tst.toSchema().toBER());
    const digest = createHash("sha256").update(tstDer).digest();
    const certHash = createHash("sha256").update(Buffer.from(o.tsa.cert.rawData)).digest();
    const signed = new pkijs.SignedData({
      version: 3,
      encapContentInfo: new pkijs.EncapsulatedContentInfo({
        eContentType: OID.tstInfo,
        eContent: new asn1js.OctetString({ valueHex: ab(tstDer) }),
      }),
      certificates: request.certReq ? [tsaCert, ...(o.chain ?? [])] : [],
      signerInfos: [
        new pkijs.SignerInfo({
          version: 1,
          sid: new pkijs.IssuerAndSerialNumber({ issuer: tsaCert.issuer, serialNumber: tsaCert.serialNumber }),
          signedAttrs: new pkijs.SignedAndUnsignedAttributes({
            type: 0,
            attributes: [
              new pkijs.Attribute({
                type: OID.contentType,
                values: [new asn1js.ObjectIdentifier({ value: OID.tstInfo })],
              }),
              new pkijs.Attribute({
                type: OID.messageDigest,
                values: [new asn1js.OctetString({ valueHex: ab(digest) })],
              }),
              new pkijs.Attribute({
                type: OID.signingCertificateV2,
                values: [
                  new asn1js.Sequence({
                    value: [
                      new asn1js.Sequence({
                        value: [new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: ab(certHash) })] })],
                      }),
                    ],
                  }),
                ],
              }),
            ],
          }),
        }),
      ],
    });
    await signed.sign(o.tsa.keys.privateKey, 0, "SHA-256");
    count++;
    return answer(
      new pkijs.TimeStampResp({
        status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
        timeStampToken: new pkijs.ContentInfo({ contentType: OID.signedData, content: signed.toSchema(true) }),
      }),
    );
  });
  app.post("/sandbox/fault", async (req, reply) => {
    const mode = (req.body as { mode?: string } | undefined)?.mode;
    if (mode !== "none" && mode !== "error" && mode !== "reject")
      return reply.code(400).send({ error: "mode must be none|error|reject" });
    fault = mode;
    return { fault };
  });

  const host = o.host ?? "127.0.0.1";
  await app.listen({ port: o.port, host });
  const port = (app.server.address() as { port: number }).port;
  return {
    name: "time-stamping authority (RFC 3161)",
    url: `http://${host}:${port}`,
    setFault(m) {
      fault = m;
    },
    issued: () => count,
    close: () => app.close(),
  };
}
