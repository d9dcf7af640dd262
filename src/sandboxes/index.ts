import { join } from "node:path";
import type { Config } from "../config.js";
import { DEMO_OFFICERS } from "../demo/officers.js";
import { startCscSandbox } from "./csc/server.js";
import { startEmcSandbox } from "./emc/server.js";
import { startMailSandbox } from "./mail/server.js";
import { type NationalPortalSandboxOptions, startNationalPortalSandbox } from "./national-portal/server.js";
import { startPaymentSandbox } from "./payment/server.js";
import { provisionKeyStore } from "./keys.js";
import { loadOrCreateTestCa } from "./pki.js";
import { startPostalSandbox } from "./postal/server.js";
import { startRegistrySandbox } from "./registries/server.js";
import { startS3Sandbox } from "./s3/server.js";
import { startSmsSandbox } from "./sms/server.js";
import { startTsaSandbox } from "./tsa/server.js";
import { startVneidSandbox, type VneidSandboxOptions } from "./vneid/server.js";

export interface RunningSandbox {
  name: string;
  /** Its web address: a page for people (mail capture) or the protocol's base URL (VNeID, S3, national portal). */
  url: string;
  /** What `url` is, when the name alone would not say it (the start banner prints it). */
  urlLabel?: string;
  /** Other addresses it listens on, e.g. the mail capture's SMTP server. */
  endpoints?: Array<{ label: string; url: string }>;
  close(): Promise<void>;
}

/**
 * Every environment variable that sets a sandbox's port. Tests and parallel instances give each a free port (see
 * test/helpers/ports.ts), so two instances never collide: a new sandbox adds its variable here.
 */
export const SANDBOX_PORT_VARIABLES = [
  "VNEID_SANDBOX_PORT",
  "MAIL_SANDBOX_HTTP_PORT",
  "MAIL_SANDBOX_SMTP_PORT",
  "S3_SANDBOX_PORT",
  "NATIONAL_PORTAL_SANDBOX_PORT",
  "PAYMENT_SANDBOX_PORT",
  "POSTAL_SANDBOX_PORT",
  "REGISTRIES_SANDBOX_PORT",
  "CSC_SANDBOX_PORT",
  "TSA_SANDBOX_PORT",
  "EMC_SANDBOX_PORT",
  "SMS_SANDBOX_PORT",
] as const;

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** A local http:// address (host and port), or undefined when the URL points elsewhere (a real service). */
function localAddress(url: string | undefined, protocol: string): { host: string; port: number } | undefined {
  if (!url) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== protocol || !LOCAL_HOSTS.has(u.hostname) || !u.port) return undefined;
  return { host: u.hostname === "localhost" ? "127.0.0.1" : u.hostname.replace(/^\[|\]$/g, ""), port: Number(u.port) };
}

/**
 * The VNeID sandbox's options for this configuration: it listens where OIDC_ISSUER points and knows the portal's
 * client with redirect URI `${baseUrl}/dang-nhap/callback`. Undefined when the issuer is not a local http:// URL.
 */
export function vneidOptionsFrom(config: Config): VneidSandboxOptions | undefined {
  const at = localAddress(config.oidc.issuer, "http:");
  if (!at) return undefined;
  return {
    port: at.port,
    host: at.host,
    issuer: config.oidc.issuer.replace(/\/$/, ""),
    clients: [
      {
        clientId: config.oidc.clientId,
        clientSecret: config.oidc.clientSecret,
        redirectUris: [`${config.baseUrl}/dang-nhap/callback`],
        postLogoutRedirectUris: [`${config.baseUrl}/`],
      },
    ],
  };
}

/**
 * The national portal sandbox's options for this configuration: it listens where NATIONAL_PORTAL_URL points, knows
 * the province's LGSP credentials, and announces new national-portal dossiers to the server's callback route.
 */
export function nationalPortalOptionsFrom(config: Config): NationalPortalSandboxOptions | undefined {
  const np = config.nationalPortal;
  const at = localAddress(np?.url, "http:");
  if (!np || !at) return undefined;
  return {
    port: at.port,
    host: at.host,
    username: np.username,
    password: np.password,
    callbackUrl: `${config.baseUrl}/api/integration/national-portal/callback`,
    callbackSecret: np.callbackSecret,
  };
}

/**
 * Local stand-ins for the national services (VNeID, mail, …), each its own HTTP server on its own port.
 * Business code reaches them only through the adapters' real protocols. A sandbox whose configured address is not
 * local (the real service is configured) is not started.
 */
export async function startSandboxes(config: Config): Promise<RunningSandbox[]> {
  const started: RunningSandbox[] = [];
  try {
    const vneid = vneidOptionsFrom(config);
    if (vneid)
      started.push(await startVneidSandbox({ ...vneid, keyFile: join(config.dataDir, "sandboxes", "vneid-key.json") }));
    const smtp = localAddress(config.smtp.url, "smtp:");
    const mailHttp = localAddress(config.mailSandboxUrl, "http:");
    if (smtp && mailHttp)
      started.push(await startMailSandbox({ smtpPort: smtp.port, httpPort: mailHttp.port, host: smtp.host }));
    const np = nationalPortalOptionsFrom(config);
    if (np) started.push(await startNationalPortalSandbox(np));
    started.push(...(await startServiceSandboxes(config)));
    const s3 = config.fileStore === "s3" ? localAddress(config.s3.endpoint, "http:") : undefined;
    if (s3)
      started.push(
        await startS3Sandbox({
          port: s3.port,
          host: s3.host,
          dir: join(config.dataDir, "sandboxes", "s3"),
          region: config.s3.region,
          credentials: [{ accessKeyId: config.s3.accessKeyId, secretAccessKey: config.s3.secretAccessKey }],
          buckets: [config.s3.bucket],
        }),
      );
  } catch (e) {
    for (const s of started) await s.close();
    throw e;
  }
  return started;
}

/** Password of every demo officer's account at the remote-signing SANDBOX (and of each unit's seal account). */
export const CSC_SANDBOX_PASSWORD = "csc-sandbox";

/** The sandboxes of issue #7's services (payment, post, registries, time stamping, remote signing), EMC's feed and SMS. */
async function startServiceSandboxes(config: Config): Promise<RunningSandbox[]> {
  const s = config.services;
  const out: RunningSandbox[] = [];
  const pay = localAddress(s.payment?.url, "http:");
  if (s.payment && pay)
    out.push(
      await startPaymentSandbox({ ...pay, merchants: [{ code: s.payment.merchantCode, secret: s.payment.secret }] }),
    );
  const post = localAddress(s.postal?.url, "http:");
  if (s.postal && post)
    out.push(await startPostalSandbox({ ...post, clients: [{ id: s.postal.clientId, secret: s.postal.secret }] }));
  const reg = localAddress(s.registries?.url, "http:");
  if (s.registries && reg)
    out.push(
      await startRegistrySandbox({ ...reg, clients: [{ id: s.registries.clientId, secret: s.registries.secret }] }),
    );
  const emc = localAddress(s.emcFeed?.url, "http:");
  if (s.emcFeed && emc)
    out.push(await startEmcSandbox({ ...emc, sites: [{ code: s.emcFeed.siteCode, secret: s.emcFeed.secret }] }));
  const sms = localAddress(s.sms?.url, "http:");
  if (s.sms && sms)
    out.push(
      await startSmsSandbox({
        ...sms,
        clients: [{ id: s.sms.clientId, secret: s.sms.secret, senders: [s.sms.sender] }],
      }),
    );
  const tsa = localAddress(s.signing.tsaUrl, "http:");
  const csc = localAddress(s.signing.cscUrl, "http:");
  if (tsa || csc) {
    const ca = await loadOrCreateTestCa(join(config.dataDir, "sandboxes", "ca.json"));
    if (tsa)
      out.push(
        await startTsaSandbox({
          ...tsa,
          tsa: await ca.issue({ subject: "CN=motcua SANDBOX TSA, O=motcua SANDBOX, C=VN", kind: "tsa" }),
        }),
      );
    if (csc) {
      const units = new Map(DEMO_OFFICERS.map((o) => [o.unitCode, o.unitLabel]));
      const password = s.signing.cscSecret ?? CSC_SANDBOX_PASSWORD;
      const service = await startCscSandbox({
        ...csc,
        ca,
        users: [
          ...DEMO_OFFICERS.map((o) => ({
            userID: o.username,
            password,
            subject: `CN=${o.name}, O=${o.unitLabel}, C=VN`,
          })),
          ...[...units].map(([code, label]) => ({
            userID: `seal.${code}`,
            password,
            subject: `CN=${label}, O=${label}, C=VN`,
            kind: "seal" as const,
          })),
        ],
      });
      out.push(service);
      // each demo unit's seal in the local key store, issued by the same test CA (its CRL served by this sandbox)
      if (s.signing.keysPassword)
        await provisionKeyStore(
          ca,
          s.signing.keysDir,
          s.signing.keysPassword,
          [...units].map(([code, label]) => ({
            name: `seal-${code}`,
            subject: `CN=${label}, O=${label}, C=VN`,
            kind: "seal",
          })),
          `${service.url}/crl`,
        );
    }
  }
  return out;
}
