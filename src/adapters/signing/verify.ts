import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { ab, OID } from "./cms.js";

/**
 * Checks every signature of a PDF: the signed bytes are intact, the CMS signature verifies with the signer's
 * certificate, the chain leads to a configured trust anchor, no certificate of the chain is revoked (CRLs given or
 * fetched from the certificates' distribution points) or outside its validity at the signing time (the time-stamp's
 * time when there is one, else the time the signer claims), and whether the signature covers the whole file.
 */

export interface TrustOptions {
  /** DER certificates of the trusted roots (the trust list). */
  trustAnchors: Uint8Array[];
  /** DER CRLs known beforehand. */
  crls?: Uint8Array[];
  /** Fetch CRLs from the certificates' CRL distribution points (http only). */
  fetchCrls?: boolean;
  /** Time to judge validity when the signature has no time at all (default now). */
  now?: Date;
}

export type ChainStatus = "trusted" | "untrusted" | "revoked" | "expired" | "unknown";

export interface SignatureCheck {
  /** Byte range as written in the file. */
  byteRange: [number, number, number, number];
  /** The signed bytes hash to the message digest and the CMS signature verifies. */
  intact: boolean;
  /** The signature covers the file up to its last byte (nothing was appended after it). */
  coversWholeDocument: boolean;
  subFilter: string | undefined;
  signer: { commonName: string; subject: string; serialNumber: string } | undefined;
  /** The claimed signing time (/M), and the time-stamp's time when the signature carries a valid token. */
  claimedTime: Date | undefined;
  timestamp: { time: Date; valid: boolean } | undefined;
  chain: ChainStatus;
  /** Why the chain is not trusted, in the words of the validator. */
  chainMessage: string;
}

function parsePdfDate(s: string): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(s);
  if (!m) return undefined;
  const [y, mo = "01", d = "01", h = "00", mi = "00", se = "00"] = m.slice(1, 7);
  let offset = 0;
  const tz = m[7];
  if (tz && tz !== "Z") {
    const t = /([+-])(\d{2})'?(\d{2})/.exec(tz);
    if (t) offset = (t[1] === "-" ? -1 : 1) * (Number(t[2]) * 60 + Number(t[3]));
  }
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se)) - offset * 60_000);
}

const commonName = (name: pkijs.RelativeDistinguishedNames): string =>
  name.typesAndValues.find((t) => t.type === "2.5.4.3")?.value.valueBlock.value ?? "";
const dn = (name: pkijs.RelativeDistinguishedNames): string =>
  name.typesAndValues.map((t) => `${t.type}=${t.value.valueBlock.value}`).join(", ");

function crlUrls(cert: pkijs.Certificate): string[] {
  const ext = cert.extensions?.find((e) => e.extnID === "2.5.29.31");
  const points = ext?.parsedValue as pkijs.CRLDistributionPoints | undefined;
  const urls: string[] = [];
  for (const p of points?.distributionPoints ?? [])
    for (const n of Array.isArray(p.distributionPoint) ? p.distributionPoint : [])
      if (n.type === 6 && typeof n.value === "string" && n.value.startsWith("http")) urls.push(n.value);
  return urls;
}

async function loadCrls(certs: pkijs.Certificate[], o: TrustOptions): Promise<pkijs.CertificateRevocationList[]> {
  const out = (o.crls ?? []).map((d) => pkijs.CertificateRevocationList.fromBER(ab(d)));
  if (!o.fetchCrls) return out;
  for (const url of new Set(certs.flatMap(crlUrls))) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (res.ok) out.push(pkijs.CertificateRevocationList.fromBER(await res.arrayBuffer()));
    } catch {
      // an unreachable CRL leaves revocation unknown for that certificate
    }
  }
  return out;
}

/**
 * The DER value at the start of `b` (a /Contents placeholder is padded with zeros after it). Cut by the DER length,
 * not by stripping trailing zero bytes: a signature may itself end with a zero byte.
 */
function derPrefix(b: Buffer): Buffer {
  if (b.length < 2 || b[0] !== 0x30) return b;
  const first = b[1] ?? 0;
  if (first < 0x80) return b.subarray(0, 2 + first);
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (b[2 + i] ?? 0);
  return b.subarray(0, Math.min(b.length, 2 + n + len));
}

/** Finds the signatures of a PDF by their /ByteRange: the /Contents value fills the gap between the two ranges. */
function findSignatures(pdf: Buffer): { range: [number, number, number, number]; contents: Buffer; dict: string }[] {
  const out: { range: [number, number, number, number]; contents: Buffer; dict: string }[] = [];
  const text = pdf.toString("latin1");
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const range = m.slice(1, 5).map(Number) as [number, number, number, number];
    const [a, b, c, d] = range;
    if (a !== 0 || a + b > c || c + d > pdf.length) continue;
    const gap = text.slice(a + b, c).trim();
    if (!gap.startsWith("<") || !gap.endsWith(">")) continue;
    const hex = gap.slice(1, -1).replace(/\s+/g, "");
    const dictStart = text.lastIndexOf("<<", m.index);
    const dictEnd = text.indexOf(">>", c);
    out.push({
      range,
      contents: derPrefix(Buffer.from(hex, "hex")),
      dict: text.slice(dictStart, a + b) + text.slice(c, dictEnd),
    });
  }
  return out;
}

export async function verifyPdfSignatures(pdf: Buffer, o: TrustOptions): Promise<SignatureCheck[]> {
  const anchors = o.trustAnchors.map((d) => pkijs.Certificate.fromBER(ab(d)));
  const results: SignatureCheck[] = [];
  for (const sig of findSignatures(pdf)) {
    const [a, b, c, d] = sig.range;
    const signedBytes = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
    const subFilter = /\/SubFilter\s*\/([\w.]+)/.exec(sig.dict)?.[1];
    const claimed = /\/M\s*\(([^)]*)\)/.exec(sig.dict)?.[1];
    const base: SignatureCheck = {
      byteRange: sig.range,
      intact: false,
      coversWholeDocument: c + d === pdf.length,
      subFilter,
      signer: undefined,
      claimedTime: claimed ? parsePdfDate(claimed) : undefined,
      timestamp: undefined,
      chain: "unknown",
      chainMessage: "",
    };
    let signed: pkijs.SignedData;
    try {
      const asn = asn1js.fromBER(ab(new Uint8Array(sig.contents)));
      const ci = new pkijs.ContentInfo({ schema: asn.result });
      if (ci.contentType !== OID.signedData) throw new Error("not SignedData");
      signed = new pkijs.SignedData({ schema: ci.content });
    } catch {
      results.push({ ...base, chainMessage: "the signature value is not a CMS SignedData" });
      continue;
    }
    const certs = (signed.certificates ?? []).filter((x): x is pkijs.Certificate => x instanceof pkijs.Certificate);
    const info = signed.signerInfos[0];
    const sid = info?.sid;
    const signerCert =
      sid instanceof pkijs.IssuerAndSerialNumber
        ? certs.find((x) => x.issuer.isEqual(sid.issuer) && x.serialNumber.isEqual(sid.serialNumber))
        : undefined;
    if (signerCert)
      base.signer = {
        commonName: commonName(signerCert.subject),
        subject: dn(signerCert.subject),
        serialNumber: Buffer.from(signerCert.serialNumber.valueBlock.valueHexView).toString("hex"),
      };
    base.intact = await signed
      .verify({ signer: 0, data: ab(new Uint8Array(signedBytes)), checkChain: false })
      .catch(() => false);
    // Signature time-stamp (PAdES B-T): a token over the signature value.
    const tokenAttr = info?.unsignedAttrs?.attributes.find((x) => x.type === OID.signatureTimeStampToken);
    if (tokenAttr && info) {
      try {
        const tsd = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: tokenAttr.values[0] }).content });
        const tst = pkijs.TSTInfo.fromBER(tsd.encapContentInfo.eContent?.getValue() ?? new ArrayBuffer(0));
        const valid = await tsd
          .verify({ signer: 0, data: info.signature.valueBlock.valueHexView.slice().buffer, checkChain: false })
          .catch(() => false);
        base.timestamp = { time: tst.genTime, valid };
      } catch {
        base.timestamp = undefined;
      }
    }
    if (!signerCert) {
      results.push({ ...base, chainMessage: "the signer's certificate is not in the signature" });
      continue;
    }
    const at = base.timestamp?.valid ? base.timestamp.time : (base.claimedTime ?? o.now ?? new Date());
    const crls = await loadCrls(certs, o);
    const engine = new pkijs.CertificateChainValidationEngine({
      trustedCerts: anchors,
      certs: [signerCert, ...certs.filter((x) => x !== signerCert)],
      crls,
      checkDate: at,
    });
    const r = await engine.verify().catch((e: unknown) => ({
      result: false,
      resultCode: -1,
      resultMessage: e instanceof Error ? e.message : String((e as { resultMessage?: string }).resultMessage ?? e),
    }));
    if (r.result) base.chain = "trusted";
    else if (/revoked/i.test(r.resultMessage)) base.chain = "revoked";
    else if (/validity|expired|not yet/i.test(r.resultMessage)) base.chain = "expired";
    else base.chain = "untrusted";
    base.chainMessage = r.resultMessage;
    // A certificate revoked before the signing time makes the signature worthless even if the chain otherwise holds.
    if (base.chain === "trusted") {
      const serial = signerCert.serialNumber;
      for (const crl of crls)
        for (const rc of crl.revokedCertificates ?? [])
          if (rc.userCertificate.isEqual(serial) && rc.revocationDate.value <= at) {
            base.chain = "revoked";
            base.chainMessage = "the signer's certificate was revoked before the signing time";
          }
    }
    results.push(base);
  }
  return results;
}
