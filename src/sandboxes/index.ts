import { join } from "node:path";
import type { Config } from "../config.js";
import { startMailSandbox } from "./mail/server.js";
import { type NationalPortalSandboxOptions, startNationalPortalSandbox } from "./national-portal/server.js";
import { startS3Sandbox } from "./s3/server.js";
import { startVneidSandbox, type VneidSandboxOptions } from "./vneid/server.js";

export interface RunningSandbox {
  name: string;
  url: string;
  close(): Promise<void>;
}

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
