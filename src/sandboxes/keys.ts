import { access, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildPkcs12 } from "../adapters/signing/local.js";
import { privateKeyDer, type TestCa } from "./pki.js";

/**
 * SANDBOX provisioning of the local key store (SIGNING_KEYS_DIR): PKCS#12 files issued by the sandbox's test CA —
 * each unit's seal (`seal-<unit code>.p12`, an organisation certificate) and, on request, officers' development keys
 * (`officer-<username>.p12`). A file already there is kept (documents it signed still verify). In production the
 * key store holds the province's real seal keys and nothing here runs.
 */
export interface KeyToIssue {
  /** File name without `.p12`, e.g. `seal-H26.001`. */
  name: string;
  subject: string;
  kind: "person" | "seal";
}

export async function provisionKeyStore(
  ca: TestCa,
  dir: string,
  password: string,
  keys: KeyToIssue[],
  crlUrl?: string,
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const k of keys) {
    const file = join(dir, `${k.name.replace(/[^A-Za-z0-9._-]/g, "_")}.p12`);
    if (
      await access(file).then(
        () => true,
        () => false,
      )
    )
      continue;
    const issued = await ca.issue({ subject: k.subject, kind: k.kind, crlUrl });
    const p12 = buildPkcs12(
      await privateKeyDer(issued.keys.privateKey),
      [new Uint8Array(issued.cert.rawData), new Uint8Array(ca.cert.rawData)],
      password,
    );
    await writeFile(file, p12, { mode: 0o600 });
    written.push(file);
  }
  return written;
}
