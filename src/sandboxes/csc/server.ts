import { randomBytes, timingSafeEqual, createHash } from "node:crypto";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { Secret, TOTP } from "otpauth";
import { rsaSignDigest } from "../../adapters/signing/local.js";
import { OID } from "../../adapters/signing/cms.js";
import type { RunningSandbox } from "../index.js";
import type { Issued, TestCa } from "../pki.js";
import { privateKeyDer } from "../pki.js";
import { createPrivateKey, type KeyObject } from "node:crypto";

/**
 * Remote signing SANDBOX speaking the Cloud Signature Consortium API v2 (the protocol of Vietnamese remote-signing
 * providers): `auth/login` (HTTP Basic → bearer token), `info`, `credentials/list`, `credentials/info`,
 * `credentials/authorize` (explicit authorisation with the signer's one-time password → SAD bound to the hashes),
 * `signatures/signHash`. Certificates come from the sandbox's own test CA; its CRL is at `GET /crl`.
 * Controls (sandbox only): `GET /sandbox/otp/:credentialID` (the current OTP, as the officer's phone app would show),
 * `POST /sandbox/revoke {credentialID}`, `POST /sandbox/fault {mode: "none"|"error"|"unavailable"}`.
 */

export interface CscUser {
  userID: string;
  password: string;
  /** Certificate subject, e.g. `CN=Lê Văn Lãnh Đạo, O=UBND phường Hoàn Kiếm, C=VN`. */
  subject: string;
  kind?: "person" | "seal";
}

export interface CscSandboxOptions {
  port: number;
  host?: string;
  ca: TestCa;
  users: CscUser[];
  now?: () => Date;
}

export interface CscSandbox extends RunningSandbox {
  /** Credential id of a user (one credential per user). */
  credentialOf(userID: string): string;
  /** The current one-time password of a credential. */
  otp(credentialID: string): string;
  revoke(credentialID: string): Promise<void>;
  setFault(mode: "none" | "error" | "unavailable"): void;
  /** How many hashes were signed. */
  signed(): number;
}

interface Credential {
  id: string;
  user: CscUser;
  totp: TOTP;
  revoked: boolean;
  /** The certificate and key, issued on first use (key generation is slow; most demo accounts never sign). */
  keys?: Promise<{ issued: Issued; key: KeyObject }>;
}

const cscError = (reply: FastifyReply, status: number, error: string, description: string) =>
  reply.code(status).send({ error, error_description: description });

const eq = (a: string, b: string) =>
  timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest());

export async function startCscSandbox(o: CscSandboxOptions): Promise<CscSandbox> {
  const now = o.now ?? (() => new Date());
  const host = o.host ?? "127.0.0.1";
  let fault: "none" | "error" | "unavailable" = "none";
  let signedCount = 0;
  const app = Fastify({ logger: false });
  const credentials = new Map<string, Credential>();
  const tokens = new Map<string, { userID: string; exp: number }>();
  const sads = new Map<string, { credentialID: string; hashes: Set<string>; left: number; exp: number }>();

  app.addHook("onSend", async (_req, reply) => {
    reply.header("x-sandbox", "remote-signing-csc");
  });
  app.addHook("onRequest", async (req, reply) => {
    if (!req.url.startsWith("/csc/")) return;
    if (fault === "error") return cscError(reply, 500, "server_error", "SANDBOX: simulated failure");
    if (fault === "unavailable")
      return cscError(reply, 503, "temporarily_unavailable", "SANDBOX: down for maintenance");
  });

  function bearer(req: FastifyRequest, reply: FastifyReply): string | undefined {
    const h = req.headers.authorization ?? "";
    const t = /^Bearer (.+)$/.exec(h)?.[1];
    const session = t ? tokens.get(t) : undefined;
    if (!session || session.exp < now().getTime()) {
      cscError(reply, 401, "invalid_token", "The access token is missing, unknown or expired.");
      return undefined;
    }
    return session.userID;
  }
  function ownCredential(userID: string, id: unknown, reply: FastifyReply): Credential | undefined {
    const c = typeof id === "string" ? credentials.get(id) : undefined;
    if (!c || c.user.userID !== userID) {
      cscError(reply, 400, "invalid_request", "Invalid parameter credentialID");
      return undefined;
    }
    return c;
  }
  function keysOf(c: Credential) {
    c.keys ??= (async () => {
      const issued = await o.ca.issue({ subject: c.user.subject, kind: c.user.kind ?? "person", crlUrl: `${url}/crl` });
      const key = createPrivateKey({ key: await privateKeyDer(issued.keys.privateKey), format: "der", type: "pkcs8" });
      return { issued, key };
    })();
    return c.keys;
  }

  app.post("/csc/v2/info", async () => ({
    specs: "2.0.0.0",
    name: "motcua SANDBOX remote signing service",
    logo: "",
    region: "VN",
    lang: "vi-VN",
    description: "SANDBOX — không phải dịch vụ ký số thật",
    authType: ["basic"],
    methods: ["auth/login", "credentials/list", "credentials/info", "credentials/authorize", "signatures/signHash"],
  }));

  app.post("/csc/v2/auth/login", async (req, reply) => {
    const m = /^Basic (.+)$/.exec(req.headers.authorization ?? "");
    const [user, pass] = m
      ? Buffer.from(m[1] ?? "", "base64")
          .toString()
          .split(":", 2)
      : [];
    const u = o.users.find((x) => x.userID === user);
    if (!u || pass === undefined || !eq(pass, u.password))
      return cscError(reply, 401, "invalid_grant", "Authentication failed.");
    const token = randomBytes(24).toString("base64url");
    tokens.set(token, { userID: u.userID, exp: now().getTime() + 3600_000 });
    return { access_token: token, expires_in: 3600 };
  });

  app.post("/csc/v2/credentials/list", async (req, reply) => {
    const userID = bearer(req, reply);
    if (!userID) return reply;
    return { credentialIDs: [...credentials.values()].filter((c) => c.user.userID === userID).map((c) => c.id) };
  });

  app.post("/csc/v2/credentials/info", async (req, reply) => {
    const userID = bearer(req, reply);
    if (!userID) return reply;
    const b = (req.body ?? {}) as { credentialID?: unknown; certificates?: string };
    const c = ownCredential(userID, b.credentialID, reply);
    if (!c) return reply;
    const { issued } = await keysOf(c);
    const mode = b.certificates ?? "single";
    const certs =
      mode === "none" ? [] : mode === "chain" ? [issued.cert.rawData, o.ca.cert.rawData] : [issued.cert.rawData];
    const validTo = issued.cert.notAfter;
    return {
      key: { status: c.revoked ? "disabled" : "enabled", algo: ["1.2.840.113549.1.1.1"], len: 2048 },
      cert: {
        status: c.revoked ? "revoked" : validTo < now() ? "expired" : "valid",
        certificates: certs.map((d) => Buffer.from(d).toString("base64")),
        issuerDN: issued.cert.issuer,
        serialNumber: issued.cert.serialNumber,
        subjectDN: issued.cert.subject,
        validFrom: issued.cert.notBefore.toISOString(),
        validTo: validTo.toISOString(),
      },
      authMode: "explicit",
      PIN: { presence: "false" },
      OTP: {
        presence: "true",
        type: "offline",
        format: "N",
        label: "Mã OTP",
        description: "Mã trên ứng dụng xác thực",
      },
      multisign: 10,
      lang: "vi-VN",
    };
  });

  app.post("/csc/v2/credentials/authorize", async (req, reply) => {
    const userID = bearer(req, reply);
    if (!userID) return reply;
    const b = (req.body ?? {}) as {
      credentialID?: unknown;
      numSignatures?: unknown;
      hashes?: unknown;
      hashAlgorithmOID?: unknown;
      OTP?: unknown;
    };
    const c = ownCredential(userID, b.credentialID, reply);
    if (!c) return reply;
    if (c.revoked) return cscError(reply, 400, "invalid_request", "The credential is revoked.");
    const n = Number(b.numSignatures);
    const hashes = Array.isArray(b.hashes) ? b.hashes.filter((h): h is string => typeof h === "string") : [];
    if (!Number.isInteger(n) || n < 1 || n > 10 || hashes.length !== n)
      return cscError(reply, 400, "invalid_request", "numSignatures must match the number of hashes (1–10).");
    if (b.hashAlgorithmOID !== OID.sha256) return cscError(reply, 400, "invalid_request", "Only SHA-256 hashes.");
    if (typeof b.OTP !== "string" || c.totp.validate({ token: b.OTP, window: 1 }) === null)
      return cscError(reply, 400, "invalid_otp", "The OTP is invalid.");
    const sad = randomBytes(24).toString("base64url");
    sads.set(sad, { credentialID: c.id, hashes: new Set(hashes), left: n, exp: now().getTime() + 300_000 });
    return { SAD: sad, expiresIn: 300 };
  });

  app.post("/csc/v2/signatures/signHash", async (req, reply) => {
    const userID = bearer(req, reply);
    if (!userID) return reply;
    const b = (req.body ?? {}) as { credentialID?: unknown; SAD?: unknown; hashes?: unknown; signAlgo?: unknown };
    const c = ownCredential(userID, b.credentialID, reply);
    if (!c) return reply;
    const s = typeof b.SAD === "string" ? sads.get(b.SAD) : undefined;
    if (!s || s.credentialID !== c.id || s.exp < now().getTime())
      return cscError(reply, 400, "invalid_request", "Invalid or expired SAD.");
    if (b.signAlgo !== OID.sha256WithRSA && b.signAlgo !== "1.2.840.113549.1.1.1")
      return cscError(reply, 400, "invalid_request", "Unsupported signAlgo.");
    const hashes = Array.isArray(b.hashes) ? b.hashes.filter((h): h is string => typeof h === "string") : [];
    if (hashes.length === 0 || hashes.length > s.left || hashes.some((h) => !s.hashes.has(h)))
      return cscError(reply, 400, "invalid_request", "The hashes were not authorised by this SAD.");
    s.left -= hashes.length;
    for (const h of hashes) s.hashes.delete(h);
    if (s.left === 0) sads.delete(b.SAD as string);
    signedCount += hashes.length;
    const { key } = await keysOf(c);
    return {
      signatures: hashes.map((h) => Buffer.from(rsaSignDigest(key, Buffer.from(h, "base64"))).toString("base64")),
    };
  });

  app.get("/crl", async (_req, reply) => {
    const crl = await o.ca.crl(now());
    return reply.type("application/pkix-crl").send(Buffer.from(crl.rawData));
  });
  app.get("/ca.cer", async (_req, reply) => reply.type("application/pkix-cert").send(Buffer.from(o.ca.cert.rawData)));

  app.get("/sandbox/otp/:credentialID", async (req, reply) => {
    const c = credentials.get((req.params as { credentialID: string }).credentialID);
    if (!c) return reply.code(404).send({ error: "unknown credential" });
    return { otp: c.totp.generate() };
  });
  app.post("/sandbox/revoke", async (req, reply) => {
    const id = (req.body as { credentialID?: string } | undefined)?.credentialID ?? "";
    if (!credentials.has(id)) return reply.code(404).send({ error: "unknown credential" });
    await revoke(id);
    return { revoked: id };
  });
  app.post("/sandbox/fault", async (req, reply) => {
    const mode = (req.body as { mode?: string } | undefined)?.mode;
    if (mode !== "none" && mode !== "error" && mode !== "unavailable")
      return reply.code(400).send({ error: "mode must be none|error|unavailable" });
    fault = mode;
    return { fault };
  });

  async function revoke(id: string) {
    const c = credentials.get(id);
    if (!c) return;
    c.revoked = true;
    o.ca.revoke((await keysOf(c)).issued.cert, now());
  }

  await app.listen({ port: o.port, host });
  const port = (app.server.address() as { port: number }).port;
  const url = `http://${host}:${port}`;

  for (const user of o.users) {
    const id = `cred-${createHash("sha256").update(user.userID).digest("hex").slice(0, 16)}`;
    credentials.set(id, {
      id,
      user,
      totp: new TOTP({ issuer: "motcua SANDBOX CSC", label: user.userID, secret: new Secret({ size: 20 }) }),
      revoked: false,
    });
  }

  return {
    name: "remote signing (CSC API)",
    url,
    credentialOf(userID) {
      const c = [...credentials.values()].find((x) => x.user.userID === userID);
      if (!c) throw new Error(`no credential for ${userID}`);
      return c.id;
    },
    otp: (id) => {
      const c = credentials.get(id);
      if (!c) throw new Error(`no credential ${id}`);
      return c.totp.generate();
    },
    revoke,
    setFault(m) {
      fault = m;
    },
    signed: () => signedCount,
    close: () => app.close(),
  };
}
