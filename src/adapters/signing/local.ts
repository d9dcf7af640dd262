import { constants, createPrivateKey, privateEncrypt, type KeyObject } from "node:crypto";
import forge from "node-forge";
import type { SigningKey } from "./cms.js";

/**
 * A local signing key from a PKCS#12 file (.p12/.pfx) — for development and for units that keep their seal on the
 * server. The private key stays in this process; signatures are RSA PKCS#1 v1.5 over SHA-256 digests.
 */

/** DER DigestInfo prefix of a SHA-256 digest (RFC 8017 §9.2 note 1). */
const SHA256_DIGEST_INFO = Buffer.from("3031300d060960864801650304020105000420", "hex");

export function rsaSignDigest(key: KeyObject, digest: Uint8Array): Uint8Array {
  if (digest.length !== 32) throw new Error("expected a SHA-256 digest");
  return new Uint8Array(
    privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, digest])),
  );
}

export function pkcs12SigningKey(p12: Uint8Array, password: string): SigningKey {
  let asn1: forge.asn1.Asn1;
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(p12).toString("binary")));
    parsed = forge.pkcs12.pkcs12FromAsn1(asn1, password);
  } catch (e) {
    throw new Error(`cannot open the PKCS#12 file: ${(e as Error).message}`);
  }
  const keyBag = parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[
    forge.pki.oids.pkcs8ShroudedKeyBag
  ]?.[0];
  const certBags = parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  if (!keyBag?.key) throw new Error("the PKCS#12 file holds no private key");
  const key = createPrivateKey(forge.pki.privateKeyToPem(keyBag.key));
  const certs = certBags.flatMap((b) => (b.cert ? [b.cert] : []));
  const modulus = (keyBag.key as forge.pki.rsa.PrivateKey).n;
  const own = certs.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n.equals(modulus));
  if (!own) throw new Error("the PKCS#12 file holds no certificate for its key");
  const der = (c: forge.pki.Certificate) =>
    new Uint8Array(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(c)).getBytes(), "binary"));
  const chain = [own, ...certs.filter((c) => c !== own)].map(der);
  return {
    chain: async () => chain,
    signDigest: async (digest) => rsaSignDigest(key, digest),
  };
}

/** Builds a PKCS#12 file from a PKCS#8 private key and DER certificates (signer first): for tests and dev keys. */
export function buildPkcs12(pkcs8Der: Uint8Array, certsDer: Uint8Array[], password: string): Uint8Array {
  const pem = createPrivateKey({ key: Buffer.from(pkcs8Der), format: "der", type: "pkcs8" }).export({
    format: "pem",
    type: "pkcs8",
  }) as string;
  const key = forge.pki.privateKeyFromPem(pem);
  const certs = certsDer.map((d) =>
    forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(d).toString("binary"))),
  );
  const p12 = forge.pkcs12.toPkcs12Asn1(key, certs, password, { algorithm: "aes256" });
  return new Uint8Array(Buffer.from(forge.asn1.toDer(p12).getBytes(), "binary"));
}
