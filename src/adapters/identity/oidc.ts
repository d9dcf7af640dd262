import * as oidc from "openid-client";
import type { Config } from "../../config.js";

/**
 * Citizen identity through OpenID Connect (VNeID, or its sandbox): authorization code flow with PKCE (S256),
 * state and nonce. ID tokens are fully verified by `openid-client`: issuer, audience, expiry and issued-at, nonce,
 * and — because `enableNonRepudiationChecks` is switched on — the JWS signature against the provider's JWKS
 * (the library skips the signature by default for tokens received straight from the token endpoint over TLS).
 */

export interface OidcIdentity {
  issuer: string;
  sub: string;
  /** The account key we store: `iss|sub`. */
  subject: string;
  kind: "citizen" | "business";
  name: string;
  idNumber: string | null;
  taxCode: string | null;
  birthDate: string | null;
  gender: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
}

/** What the portal keeps (server-side) between the redirect to the provider and the callback. */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export type OidcFailure = "denied" | "state" | "invalid" | "unavailable";

/** A refused or failed login, classified for the user; `detail` is for the log only. */
export class OidcLoginError extends Error {
  constructor(
    readonly reason: OidcFailure,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

export const OIDC_SCOPE = "openid profile email phone address";

export interface OidcClient {
  redirectUri: string;
  /** The provider's authorization URL and the secrets to keep until the callback. */
  begin(): Promise<{ url: URL; pending: PendingLogin }>;
  /** Verifies the authorization response at `callbackUrl` and returns the identity. Throws OidcLoginError. */
  complete(callbackUrl: URL, pending: PendingLogin): Promise<OidcIdentity>;
}

const clients = new Map<string, OidcClient>();

/** The OIDC client for this configuration (discovery is done once, lazily, and retried after a failure). */
export function oidcClientFor(config: Config): OidcClient {
  const redirectUri = `${config.baseUrl}/dang-nhap/callback`;
  const cacheKey = [config.oidc.issuer, config.oidc.clientId, config.oidc.clientSecret, redirectUri].join("\n");
  let c = clients.get(cacheKey);
  if (!c) {
    c = createOidcClient(config.oidc, redirectUri);
    clients.set(cacheKey, c);
  }
  return c;
}

export function createOidcClient(
  settings: { issuer: string; clientId: string; clientSecret: string },
  redirectUri: string,
): OidcClient {
  let configuration: Promise<oidc.Configuration> | undefined;
  const discover = () => {
    if (!configuration) {
      const insecure = settings.issuer.startsWith("http://");
      configuration = oidc
        .discovery(
          new URL(settings.issuer),
          settings.clientId,
          { client_secret: settings.clientSecret, redirect_uris: [redirectUri], id_token_signed_response_alg: "RS256" },
          oidc.ClientSecretBasic(settings.clientSecret),
          {
            timeout: 10,
            execute: [
              // Plain http:// is allowed only for a local sandbox issuer; real providers are https://.
              ...(insecure ? [oidc.allowInsecureRequests] : []),
              oidc.enableNonRepudiationChecks,
            ],
          },
        )
        .catch((e: unknown) => {
          configuration = undefined;
          throw new OidcLoginError("unavailable", `discovery failed: ${(e as Error).message}`);
        });
    }
    return configuration;
  };

  return {
    redirectUri,
    async begin() {
      const config = await discover();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const pending: PendingLogin = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        response_type: "code",
        scope: OIDC_SCOPE,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: "S256",
      });
      return { url, pending };
    },

    async complete(callbackUrl, pending) {
      const params = callbackUrl.searchParams;
      // The state is compared here too, so a mismatch is reported as such (the library checks it again).
      if (params.get("state") !== pending.state) throw new OidcLoginError("state", "state mismatch");
      const error = params.get("error");
      if (error)
        throw new OidcLoginError(
          error === "access_denied" ? "denied" : "invalid",
          `${error}: ${params.get("error_description") ?? ""}`,
        );
      const config = await discover();
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          pkceCodeVerifier: pending.codeVerifier,
          idTokenExpected: true,
        });
      } catch (e) {
        throw classify(e);
      }
      const claims = tokens.claims();
      if (!claims) throw new OidcLoginError("invalid", "no ID token");
      let info: Record<string, unknown> = {};
      try {
        info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      } catch (e) {
        // The ID token is verified and carries the identity claims; UserInfo only completes them.
        if (isNetworkError(e)) info = {};
        else throw classify(e);
      }
      return identityFrom(claims.iss, claims.sub, { ...claims, ...info });
    },
  };
}

function isNetworkError(e: unknown): boolean {
  const err = e as { name?: string; code?: string; cause?: { code?: string } };
  return (
    err?.name === "TypeError" ||
    err?.name === "AbortError" ||
    err?.name === "TimeoutError" ||
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT"].includes(err?.cause?.code ?? "")
  );
}

function classify(e: unknown): OidcLoginError {
  if (e instanceof OidcLoginError) return e;
  if (isNetworkError(e)) return new OidcLoginError("unavailable", (e as Error).message);
  if (e instanceof oidc.AuthorizationResponseError)
    return new OidcLoginError(e.error === "access_denied" ? "denied" : "invalid", `${e.error}: ${e.message}`);
  const err = e as { message?: string; code?: string; error?: string };
  return new OidcLoginError("invalid", [err.code, err.error, err.message].filter(Boolean).join(": "));
}

const str = (v: unknown, re?: RegExp): string | null =>
  typeof v === "string" && v.trim() !== "" && (!re || re.test(v.trim())) ? v.trim() : null;

/** Maps verified claims (ID token + UserInfo) to the account fields we keep. */
export function identityFrom(issuer: string, sub: string, c: Record<string, unknown>): OidcIdentity {
  const name = str(c.name);
  if (!name) throw new OidcLoginError("invalid", "the identity has no name claim");
  const taxCode = str(c.tax_code, /^\d{10}(-\d{3})?$/);
  const address = c.address as { formatted?: unknown } | string | undefined;
  return {
    issuer,
    sub,
    subject: `${issuer}|${sub}`,
    kind: c.account_type === "business" || (taxCode && !c.cccd) ? "business" : "citizen",
    name,
    idNumber: str(c.cccd, /^\d{12}$/),
    taxCode,
    birthDate: str(c.birthdate, /^\d{4}-\d{2}-\d{2}$/),
    gender: str(c.gender),
    address: typeof address === "string" ? str(address) : str(address?.formatted),
    phone: str(c.phone_number),
    email: str(c.email, /^[^\s@]+@[^\s@]+$/),
  };
}
