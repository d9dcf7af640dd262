import { createHash, randomBytes, webcrypto } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

/**
 * CAdES detached signatures (ETSI EN 319 122, the CMS profile PAdES embeds in a PDF) built with pkijs. The private
 * key never has to be here: the signature value comes from a `SigningKey`, local (PKCS#12) or remote (CSC API).
 */

pkijs.setEngine("node", new pkijs.CryptoEngine({ name: "node", crypto: webcrypto as unknown as Crypto }));

export const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  signatureTimeStampToken: "1.2.840.113549.1.9.16.2.14",
  tstInfo: "1.2.840.113549.1.9.16.1.4",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha256WithRSA: "1.2.840.113549.1.1.11",
} as const;

/** A key that signs: the signer's certificate chain and an RSA PKCS#1 v1.5 signature over a SHA-256 digest. */
export interface SigningKey {
  /** DER certificates: the signer's first, then its issuers. */
  chain(): Promise<Uint8Array[]>;
  /** Signs a SHA-256 digest (the hash of the DER signed attributes). */
  signDigest(digest: Uint8Array): Promise<Uint8Array>;
}

/** Obtains an RFC 3161 time-stamp token (a DER ContentInfo) over `data` (sent as its SHA-256 imprint). */
export type TimeStamper = (data: Uint8Array) => Promise<Uint8Array>;

const sha256 = (b: Uint8Array) => new Uint8Array(createHash("sha256").update(b).digest());
const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(ab(der));
}

/** ESS signing-certificate-v2 (RFC 5035): binds the signature to the signer's certificate by its SHA-256. */
function signingCertificateV2(certDer: Uint8Array): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: ab(sha256(certDer)) })] })],
      }),
    ],
  });
}

/**
 * A detached CAdES signature over content whose SHA-256 is `contentDigest`: signed attributes content-type,
 * message-digest and signing-certificate-v2 (no signing-time: PAdES puts the time in the signature dictionary),
 * the chain, and — when a time stamper is given — a signature time-stamp token (PAdES B-T).
 */
export async function cadesDetached(
  contentDigest: Uint8Array,
  key: SigningKey,
  timeStamp?: TimeStamper,
): Promise<Uint8Array> {
  const chainDer = await key.chain();
  if (chainDer.length === 0) throw new Error("signing key has no certificate");
  const certs = chainDer.map(parseCertificate);
  const signer = certs[0]!;
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
      new pkijs.Attribute({
        type: OID.messageDigest,
        values: [new asn1js.OctetString({ valueHex: ab(contentDigest) })],
      }),
      new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(chainDer[0]!)] }),
    ],
  });
  const toSign = new Uint8Array(signedAttrs.toSchema().toBER());
  toSign[0] = 0x31; // signed over the DER of SET OF, not the [0] IMPLICIT tag it is stored under
  signedAttrs.encodedValue = ab(toSign);
  const signature = await key.signDigest(sha256(toSign));
  const info = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() }),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: OID.sha256WithRSA,
      algorithmParams: new asn1js.Null(),
    }),
    signedAttrs,
    signature: new asn1js.OctetString({ valueHex: ab(signature) }),
  });
  if (timeStamp) {
    const token = await timeStamp(signature);
    const parsed = asn1js.fromBER(ab(token));
    if (parsed.offset === -1) throw new Error("time-stamp token is not DER");
    info.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [new pkijs.Attribute({ type: OID.signatureTimeStampToken, values: [parsed.result] })],
    });
  }
  const signed = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: certs,
    signerInfos: [info],
  });
  const ci = new pkijs.ContentInfo({ contentType: OID.signedData, content: signed.toSchema(true) });
  return new Uint8Array(ci.toSchema().toBER());
}

/** A fresh random nonce for time-stamp requests. */
export const nonce = () => {
  const b = randomBytes(8);
  b[0] = (b[0] ?? 0) & 0x7f;
  return b;
};

export { ab, sha256 };
