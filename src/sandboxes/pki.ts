import "reflect-metadata";
import { randomBytes, webcrypto } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import * as x509 from "@peculiar/x509";

/**
 * A small test PKI for the SANDBOXES (remote signing service, time-stamping authority): a root CA that issues
 * officer, organisation-seal and TSA certificates and publishes a CRL. Nothing here is trusted outside a sandbox.
 */

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export const RSA: RsaHashedKeyGenParams = {
  name: "RSASSA-PKCS1-v1_5",
  hash: "SHA-256",
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

export interface Issued {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
}

export interface TestCa extends Issued {
  name: string;
  /** Issues an end-entity certificate signed by this CA. */
  issue(o: IssueOptions): Promise<Issued>;
  /** Marks a certificate revoked; the next `crl()` lists it. */
  revoke(cert: x509.X509Certificate, at?: Date): void;
  crl(now?: Date): Promise<x509.X509Crl>;
}

export interface IssueOptions {
  /** Distinguished name, e.g. `CN=Nguyễn Văn A, O=UBND phường Hoàn Kiếm, C=VN`. */
  subject: string;
  kind: "person" | "seal" | "tsa";
  notBefore?: Date;
  notAfter?: Date;
  /** Where the CA publishes its CRL (put into the certificate's CRL distribution point). */
  crlUrl?: string;
}

const serial = () => {
  const b = randomBytes(12);
  b[0] = (b[0] ?? 0) & 0x7f;
  return b.toString("hex");
};

export async function createTestCa(name = "CN=motcua SANDBOX Root CA, O=motcua SANDBOX, C=VN"): Promise<TestCa> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ["sign", "verify"])) as CryptoKeyPair;
  const now = new Date();
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name,
    notBefore: new Date(now.getTime() - 24 * 3600_000),
    notAfter: new Date(now.getTime() + 10 * 365 * 24 * 3600_000),
    keys,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return caFrom(name, root, keys);
}

/**
 * The sandbox CA kept in `file` (JSON: certificate and PKCS#8 key) so that documents signed before a restart still
 * verify; created on first use. Its certificate is also written as PEM beside it (`ca.pem`): the development trust
 * list.
 */
export async function loadOrCreateTestCa(file: string): Promise<TestCa> {
  try {
    const j = JSON.parse(await readFile(file, "utf8")) as { name: string; cert: string; key: string };
    const cert = new x509.X509Certificate(Buffer.from(j.cert, "base64"));
    const privateKey = await webcrypto.subtle.importKey("pkcs8", Buffer.from(j.key, "base64"), RSA, true, ["sign"]);
    const publicKey = await cert.publicKey.export(RSA, ["verify"]);
    return caFrom(j.name, cert, { privateKey, publicKey } as CryptoKeyPair);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const ca = await createTestCa();
  await mkdir(dirname(file), { recursive: true });
  const json = JSON.stringify({
    name: ca.name,
    cert: Buffer.from(ca.cert.rawData).toString("base64"),
    key: (await privateKeyDer(ca.keys.privateKey)).toString("base64"),
  });
  await writeFile(file, json, { mode: 0o600 });
  await writeFile(join(dirname(file), "ca.pem"), ca.cert.toString("pem"));
  return ca;
}

function caFrom(name: string, cert: x509.X509Certificate, keys: CryptoKeyPair): TestCa {
  const revoked: { serial: string; at: Date }[] = [];
  return {
    name,
    cert,
    keys,
    async issue(o) {
      const k = (await webcrypto.subtle.generateKey(RSA, true, ["sign", "verify"])) as CryptoKeyPair;
      const ku =
        o.kind === "tsa"
          ? x509.KeyUsageFlags.digitalSignature
          : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
      const extensions: x509.Extension[] = [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(ku, true),
        await x509.SubjectKeyIdentifierExtension.create(k.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(cert),
      ];
      if (o.kind === "tsa") extensions.push(new x509.ExtendedKeyUsageExtension(["1.3.6.1.5.5.7.3.8"], true));
      else extensions.push(new x509.ExtendedKeyUsageExtension(["1.3.6.1.5.5.7.3.4"], false));
      if (o.crlUrl) extensions.push(new x509.CRLDistributionPointsExtension([o.crlUrl]));
      const issued = await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: o.subject,
        issuer: cert.subject,
        notBefore: o.notBefore ?? new Date(Date.now() - 3600_000),
        notAfter: o.notAfter ?? new Date(Date.now() + 2 * 365 * 24 * 3600_000),
        publicKey: k.publicKey,
        signingKey: keys.privateKey,
        signingAlgorithm: RSA,
        extensions,
      });
      return { cert: issued, keys: k };
    },
    revoke(c, at = new Date()) {
      if (!revoked.some((r) => r.serial === c.serialNumber)) revoked.push({ serial: c.serialNumber, at });
    },
    async crl(at = new Date()) {
      return x509.X509CrlGenerator.create({
        issuer: cert.subject,
        thisUpdate: at,
        nextUpdate: new Date(at.getTime() + 24 * 3600_000),
        entries: revoked.map((r) => ({
          serialNumber: r.serial,
          revocationDate: r.at,
          reason: x509.X509CrlReason.keyCompromise,
        })),
        signingKey: keys.privateKey,
        signingAlgorithm: RSA,
      });
    },
  };
}

/** PKCS#8 DER of a private key (for the local-key signer and PKCS#12 files in tests and development). */
export async function privateKeyDer(key: CryptoKey): Promise<Buffer> {
  return Buffer.from(await webcrypto.subtle.exportKey("pkcs8", key));
}
