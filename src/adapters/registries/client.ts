import { randomUUID } from "node:crypto";
import { answerSignature, type BusinessRecord, type CitizenRecord, equalHex, requestSignature } from "./protocol.js";

/**
 * Look-ups in the national population and business registries ("provide once"): a citizen by identity number, a
 * business by its enterprise code. `undefined` when the registry has no such record; `RegistryError` when the
 * registry cannot be asked or its answer cannot be trusted (bad signature) — never a guess.
 */

export class RegistryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`national registry: ${code}: ${message}`);
  }
}

export interface RegistryAccount {
  baseUrl: string;
  clientId: string;
  secret: string;
  timeoutMs?: number;
}

export function registries(a: RegistryAccount) {
  async function get<T>(path: string, requestId: string): Promise<T | undefined> {
    const ts = String(Math.floor(Date.now() / 1000));
    let res: Response;
    try {
      res = await fetch(`${a.baseUrl.replace(/\/$/, "")}${path}`, {
        headers: {
          "x-client-id": a.clientId,
          "x-timestamp": ts,
          "x-request-id": requestId,
          "x-signature": requestSignature(a.secret, "GET", path, ts, requestId, ""),
        },
        signal: AbortSignal.timeout(a.timeoutMs ?? 10_000),
      });
    } catch (e) {
      throw new RegistryError("unreachable", (e as Error).message);
    }
    const body = await res.text();
    if (!res.ok) {
      let code = `http_${res.status}`;
      try {
        code = (JSON.parse(body) as { error?: string }).error ?? code;
      } catch {
        // not JSON
      }
      throw new RegistryError(code, body.slice(0, 200));
    }
    const ats = res.headers.get("x-timestamp") ?? "";
    if (!equalHex(res.headers.get("x-signature") ?? "", answerSignature(a.secret, ats, body)))
      throw new RegistryError("bad_answer_signature", "the registry's answer does not carry a valid signature");
    const j = JSON.parse(body) as { found: boolean; data?: T };
    return j.found ? j.data : undefined;
  }
  return {
    /** `requestId` names the lawful purpose trail, e.g. the dossier or intake it serves. */
    citizen: (id: string, requestId: string = randomUUID()) =>
      get<CitizenRecord>(`/api/v1/citizens/${encodeURIComponent(id)}`, requestId),
    business: (code: string, requestId: string = randomUUID()) =>
      get<BusinessRecord>(`/api/v1/businesses/${encodeURIComponent(code)}`, requestId),
  };
}
