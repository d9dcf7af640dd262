import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  /** The public half as published in the JWKS. */
  publicJwk: JWK;
}

/** A fresh RS256 key pair with its thumbprint as `kid`. */
export async function newSigningKey(): Promise<{ key: SigningKey; privateJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = await exportJWK(privateKey);
  return {
    key: { kid, privateKey, publicJwk: { ...publicJwk, kid, alg: "RS256", use: "sig" } },
    privateJwk: { ...privateJwk, kid, alg: "RS256" },
  };
}

async function fromPrivateJwk(jwk: JWK): Promise<SigningKey> {
  const privateKey = (await importJWK(jwk, "RS256")) as CryptoKey;
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = jwk;
  const kid = jwk.kid ?? (await calculateJwkThumbprint(pub));
  return { kid, privateKey, publicJwk: { kty: pub.kty, n: pub.n, e: pub.e, kid, alg: "RS256", use: "sig" } };
}

/**
 * The sandbox's signing key: read from `file` when it exists (so tokens and cached JWKS survive a restart),
 * otherwise generated and, when `file` is given, written there (mode 0600).
 */
export async function loadOrCreateSigningKey(file?: string): Promise<SigningKey> {
  if (file) {
    try {
      return await fromPrivateJwk(JSON.parse(await readFile(file, "utf8")) as JWK);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
  const { key, privateJwk } = await newSigningKey();
  if (file) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  return key;
}
