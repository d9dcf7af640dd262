import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { ab, nonce, OID, sha256, type TimeStamper } from "./cms.js";

/**
 * RFC 3161 time-stamp client over HTTP (`application/timestamp-query` → `application/timestamp-reply`). It asks for
 * the TSA's certificate, sends a nonce, and checks that the token answers this request (message imprint and nonce)
 * before returning it.
 */
export function tsaClient(url: string, opts: { timeoutMs?: number } = {}): TimeStamper {
  return async (data) => {
    const digest = sha256(data);
    const n = nonce();
    const req = new pkijs.TimeStampReq({
      version: 1,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() }),
        hashedMessage: new asn1js.OctetString({ valueHex: ab(digest) }),
      }),
      nonce: new asn1js.Integer({ valueHex: ab(n) }),
      certReq: true,
    });
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/timestamp-query" },
      body: Buffer.from(req.toSchema().toBER()),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    if (!res.ok) throw new Error(`time-stamping authority answered HTTP ${res.status}`);
    const resp = pkijs.TimeStampResp.fromBER(await res.arrayBuffer());
    const status = resp.status.status;
    if (status !== pkijs.PKIStatus.granted && status !== pkijs.PKIStatus.grantedWithMods)
      throw new Error(`time-stamping authority refused the request (PKIStatus ${status})`);
    if (!resp.timeStampToken) throw new Error("time-stamp response has no token");
    const signed = new pkijs.SignedData({ schema: resp.timeStampToken.content });
    const content = signed.encapContentInfo.eContent;
    if (!content) throw new Error("time-stamp token has no TSTInfo");
    const tst = pkijs.TSTInfo.fromBER(content.getValue());
    const imprint = new Uint8Array(tst.messageImprint.hashedMessage.valueBlock.valueHexView);
    if (Buffer.compare(Buffer.from(imprint), Buffer.from(digest)) !== 0)
      throw new Error("time-stamp token is for another message");
    const got = tst.nonce ? Buffer.from(tst.nonce.valueBlock.valueHexView) : undefined;
    if (got?.compare(n) !== 0) throw new Error("time-stamp token does not answer our nonce");
    const verified = await signed.verify({ signer: 0, data: ab(data), checkChain: false }).catch(() => false);
    if (!verified) throw new Error("time-stamp token signature does not verify");
    return new Uint8Array(resp.timeStampToken.toSchema().toBER());
  };
}
