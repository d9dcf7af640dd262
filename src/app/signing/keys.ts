/**
 * Who signs with what (issue #7): an officer signs with their credential at the remote signing service (CSC API,
 * OTP per signature) or with a PKCS#12 key in the server's local key store (development); a unit's seal (the
 * organisation certificate) is a PKCS#12 key in the key store. Failures of the service become AppErrors with a
 * clear message, so an action that signs fails cleanly (nothing is stored before the signature exists).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { SigningKey, TimeStamper } from "../../adapters/signing/cms.js";
import { CscError, cscSigningKey, listCredentials } from "../../adapters/signing/csc.js";
import { pkcs12SigningKey } from "../../adapters/signing/local.js";
import { tsaClient } from "../../adapters/signing/tsa.js";
import type { TrustOptions } from "../../adapters/signing/verify.js";
import type { Deps } from "../deps.js";
import { AppError, fieldError } from "../errors.js";
import type { SigningMethod } from "../../domain/signing.js";

export type { SigningMethod };

export const SIGNING_UNAVAILABLE = () =>
  new AppError(503, "signing_unavailable", {
    vi: "Dịch vụ ký số đang không truy cập được; văn bản chưa được ký và hồ sơ không thay đổi. Vui lòng thử lại sau.",
    en: "The signing service cannot be reached; nothing was signed and the dossier is unchanged. Please try again later.",
  });

export const CERTIFICATE_REVOKED = () =>
  new AppError(409, "certificate_revoked", {
    vi: "Chứng thư số dùng để ký đã bị thu hồi; văn bản chưa được ký. Liên hệ quản trị để được cấp chứng thư mới.",
    en: "The signing certificate has been revoked; nothing was signed. Ask an administrator for a new certificate.",
  });

export const NO_SIGNATURE = () =>
  new AppError(409, "no_signing_method", {
    vi: "Bạn chưa được cấp chữ ký số trên hệ thống; đề nghị quản trị viên thiết lập phương thức ký.",
    en: "You have no digital signature set up; ask an administrator to set your signing method.",
  });

const WRONG_OTP = () =>
  fieldError(
    "body.otp",
    {
      vi: "Mã OTP không đúng hoặc đã hết hạn; văn bản chưa được ký.",
      en: "The OTP is wrong or expired; nothing was signed.",
    },
    "invalid_otp",
  );

const OTP_REQUIRED = () =>
  fieldError(
    "body.otp",
    { vi: "Nhập mã OTP trên ứng dụng ký số của bạn.", en: "Enter the OTP shown by your signing app." },
    "otp_required",
  );

/** Maps a failure of the remote service, the time-stamping authority or the key store to the user's message. */
export function signingFailure(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof CscError) {
    if (e.code === "invalid_otp") return WRONG_OTP();
    if (e.code === "certificate_revoked" || /revoked/i.test(e.message)) return CERTIFICATE_REVOKED();
    if (e.code.startsWith("certificate_"))
      return new AppError(409, "certificate_invalid", {
        vi: "Chứng thư số dùng để ký không còn hiệu lực; văn bản chưa được ký.",
        en: "The signing certificate is no longer valid; nothing was signed.",
      });
    if (e.code === "invalid_grant" || e.code === "invalid_request")
      return new AppError(409, "signing_account", {
        vi: "Tài khoản ký số từ xa của bạn không dùng được (sai tài khoản hoặc khóa ký); đề nghị quản trị viên kiểm tra.",
        en: "Your remote signing account cannot be used (wrong account or key); ask an administrator to check it.",
      });
  }
  return SIGNING_UNAVAILABLE();
}

const p12Cache = new Map<string, Promise<SigningKey | undefined>>();

/** A PKCS#12 key of the local key store (`<name>.p12`), or undefined when there is none. */
export function storedKey(deps: Pick<Deps, "config">, name: string): Promise<SigningKey | undefined> {
  const s = deps.config.services.signing;
  const file = join(s.keysDir, `${name.replace(/[^A-Za-z0-9._-]/g, "_")}.p12`);
  let k = p12Cache.get(file);
  if (!k) {
    k = readFile(file).then(
      (bytes) => pkcs12SigningKey(bytes, s.keysPassword ?? ""),
      (e: NodeJS.ErrnoException) => {
        if (e.code === "ENOENT") return undefined;
        throw e;
      },
    );
    // a missing key may be added later (key store provisioned while the server runs): only found keys are kept
    k.then((x) => x ?? p12Cache.delete(file)).catch(() => p12Cache.delete(file));
    p12Cache.set(file, k);
  }
  return k;
}

/** The unit's seal (organisation certificate) from the key store, or undefined when the unit has none. */
export const unitSealKey = (deps: Pick<Deps, "config">, unitCode: string) => storedKey(deps, `seal-${unitCode}`);

export interface SignerRow {
  username: string;
  signing_method: SigningMethod | null;
  signing_credential: string | null;
}

/**
 * The officer's signing key: remote (their CSC credential; `otp` authorises the one signature) or local (their
 * PKCS#12 file). Nothing is contacted yet: the remote service is called when the key signs.
 */
export async function officerSigningKey(deps: Pick<Deps, "config">, o: SignerRow, otp?: string): Promise<SigningKey> {
  if (o.signing_method === "local") {
    const key = await storedKey(deps, `officer-${o.username}`);
    if (!key)
      throw new AppError(409, "no_signing_key", {
        vi: "Không tìm thấy khóa ký cục bộ (PKCS#12) của bạn trong kho khóa; đề nghị quản trị viên cấp khóa.",
        en: "Your local signing key (PKCS#12) is not in the key store; ask an administrator to issue it.",
      });
    return key;
  }
  if (o.signing_method !== "remote") throw NO_SIGNATURE();
  const s = deps.config.services.signing;
  if (!s.cscUrl || !s.cscSecret) throw SIGNING_UNAVAILABLE();
  if (!otp) throw OTP_REQUIRED();
  const account = { baseUrl: s.cscUrl, username: o.signing_credential || o.username, password: s.cscSecret };
  let credential: string | undefined;
  const credentialId = async () => {
    if (credential) return credential;
    credential = (await listCredentials(account))[0];
    if (!credential) throw new CscError(400, "invalid_request", "the account has no signing credential");
    return credential;
  };
  // the credential is looked up on first use; the key's own calls then go to it
  let inner: SigningKey | undefined;
  const key = async () => {
    inner ??= cscSigningKey(account, await credentialId(), () => otp);
    return inner;
  };
  return {
    chain: async () => (await key()).chain(),
    signDigest: async (digest) => (await key()).signDigest(digest),
  };
}

/** The RFC 3161 time stamper of this configuration (signatures are PAdES B-T), or undefined (B-B). */
export function timeStamperOf(deps: Pick<Deps, "config">): TimeStamper | undefined {
  const url = deps.config.services.signing.tsaUrl;
  return url ? tsaClient(url) : undefined;
}

const anchorCache = new Map<string, Promise<Uint8Array[]>>();

/** The trust list (PEM certificates of TRUST_ANCHORS_FILE), read once; empty when unset or missing. */
export async function trustOf(deps: Pick<Deps, "config">): Promise<TrustOptions> {
  const file = deps.config.services.signing.trustAnchorsFile;
  let anchors: Promise<Uint8Array[]> = Promise.resolve([]);
  if (file) {
    let a = anchorCache.get(file);
    if (!a) {
      a = readFile(file, "utf8").then(
        (pem) =>
          [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map(
            (m) => new Uint8Array(Buffer.from((m[1] ?? "").replace(/\s+/g, ""), "base64")),
          ),
        () => [],
      );
      a.then((x) => x.length === 0 && anchorCache.delete(file));
      anchorCache.set(file, a);
    }
    anchors = a;
  }
  return { trustAnchors: await anchors, fetchCrls: true };
}
