import { OID, type SigningKey } from "./cms.js";

/**
 * Remote signing through the Cloud Signature Consortium API v2: the officer's key lives in the provider's HSM; we
 * send the hash of what is to be signed and the officer's one-time password, and get the signature back.
 * Errors of the service come back as `CscError` with the service's code (`invalid_otp`, `invalid_token`, …).
 */

export class CscError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    description: string,
  ) {
    super(`remote signing service: ${code}: ${description}`);
  }
}

export interface CscAccount {
  /** Base URL of the service; the API is under `/csc/v2/`. */
  baseUrl: string;
  username: string;
  password: string;
  timeoutMs?: number;
}

async function post<T>(a: CscAccount, path: string, body: unknown, auth: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${a.baseUrl.replace(/\/$/, "")}/csc/v2/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: auth },
      body: JSON.stringify(body ?? {}),
      signal: AbortSignal.timeout(a.timeoutMs ?? 15_000),
    });
  } catch (e) {
    throw new CscError(0, "unreachable", (e as Error).message);
  }
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok)
    throw new CscError(res.status, String(json.error ?? `http_${res.status}`), String(json.error_description ?? ""));
  return json as T;
}

async function login(a: CscAccount): Promise<string> {
  const basic = Buffer.from(`${a.username}:${a.password}`).toString("base64");
  const r = await post<{ access_token: string }>(a, "auth/login", {}, `Basic ${basic}`);
  return `Bearer ${r.access_token}`;
}

/** The credentials (signing keys) of the account. */
export async function listCredentials(a: CscAccount): Promise<string[]> {
  const auth = await login(a);
  return (await post<{ credentialIDs: string[] }>(a, "credentials/list", {}, auth)).credentialIDs;
}

/**
 * A signing key held by the remote service. `otp` is asked for once per signature (explicit authorisation);
 * the SAD the service returns is bound to that one hash.
 */
export function cscSigningKey(a: CscAccount, credentialID: string, otp: () => Promise<string> | string): SigningKey {
  let auth: string | undefined;
  const session = async () => {
    auth ??= await login(a);
    return auth;
  };
  let chain: Uint8Array[] | undefined;
  return {
    async chain() {
      if (chain) return chain;
      const info = await post<{ cert: { status: string; certificates: string[] } }>(
        a,
        "credentials/info",
        { credentialID, certificates: "chain", certInfo: true, authInfo: true },
        await session(),
      );
      if (info.cert.status !== "valid")
        throw new CscError(400, `certificate_${info.cert.status}`, "the signing certificate is not valid");
      chain = info.cert.certificates.map((c) => new Uint8Array(Buffer.from(c, "base64")));
      return chain;
    },
    async signDigest(digest) {
      const hash = Buffer.from(digest).toString("base64");
      const authz = await post<{ SAD: string }>(
        a,
        "credentials/authorize",
        { credentialID, numSignatures: 1, hashes: [hash], hashAlgorithmOID: OID.sha256, OTP: await otp() },
        await session(),
      );
      const r = await post<{ signatures: string[] }>(
        a,
        "signatures/signHash",
        { credentialID, SAD: authz.SAD, hashes: [hash], hashAlgorithmOID: OID.sha256, signAlgo: OID.sha256WithRSA },
        await session(),
      );
      const sig = r.signatures[0];
      if (!sig) throw new CscError(502, "no_signature", "the service returned no signature");
      return new Uint8Array(Buffer.from(sig, "base64"));
    },
  };
}
