/**
 * Settings of the national services the province connects to beyond identity and mail (issue #7): the online
 * payment platform, the public postal service, the national population and business registries, remote signing
 * (CSC API) and time stamping (RFC 3161). A service left unset in production is off; outside production each
 * defaults to its local SANDBOX (started by `npm start`).
 */
export interface ServiceConfig {
  /**
   * The national monitoring platform (EMC, Hệ thống giám sát, đo lường mức độ cung cấp và sử dụng dịch vụ Chính phủ
   * số): its tracking script, placed on every public page with the site's code; off unless both are set.
   */
  emc: { scriptUrl: string; siteCode: string } | undefined;
  /**
   * The platform's dossier-level feed (EMC_FEED_URL, the site's code EMC_SITE_CODE and its key EMC_FEED_SECRET), pushed
   * through the outbox (src/app/emc.ts); off when unset in production, the local SANDBOX otherwise.
   */
  emcFeed: { url: string; siteCode: string; secret: string } | undefined;
  payment: { url: string; merchantCode: string; secret: string } | undefined;
  /**
   * The public postal service (POSTAL_URL, POSTAL_CLIENT_ID, POSTAL_SECRET): quotes, bookings and signed tracking
   * callbacks (src/app/postal). `provinceCode` (POSTAL_PROVINCE_CODE) is the province the receiving offices are in
   * (the quote's origin); `contactPhone` (POSTAL_CONTACT_PHONE) the office's phone on bookings when a unit has none.
   */
  postal: { url: string; clientId: string; secret: string; provinceCode?: string; contactPhone?: string } | undefined;
  registries: { url: string; clientId: string; secret: string } | undefined;
  /** SMS gateway (brandname SMS) for notifications beside e-mail: SMS_URL, SMS_CLIENT_ID, SMS_SECRET, SMS_SENDER. */
  sms: { url: string; clientId: string; secret: string; sender: string } | undefined;
  signing: {
    /** Remote signing service (CSC API v2 base URL). */
    cscUrl: string | undefined;
    /** RFC 3161 time-stamping authority. */
    tsaUrl: string | undefined;
    /** PEM file of the trusted root certificates used to verify signatures (the trust list). */
    trustAnchorsFile: string | undefined;
    /**
     * The province's secret at the remote signing service: motcua logs in as the officer's account
     * (`officers.signing_credential`) with it; the officer's OTP authorises each signature (CSC_CLIENT_SECRET).
     */
    cscSecret: string | undefined;
    /**
     * The local key store (SIGNING_KEYS_DIR, SIGNING_KEYS_PASSWORD): PKCS#12 files `seal-<unit code>.p12` (each
     * unit's seal, the organisation certificate) and `officer-<username>.p12` (officers who sign locally).
     */
    keysDir: string;
    keysPassword: string | undefined;
  };
}

export const SERVICE_PORTS = {
  payment: 3105,
  postal: 3106,
  registries: 3107,
  csc: 3108,
  tsa: 3109,
  emc: 3110,
  sms: 3111,
} as const;

export function loadServiceConfig(env: NodeJS.ProcessEnv, production: boolean, dataDir: string): ServiceConfig {
  const port = (name: string, d: number) => {
    const v = env[name];
    const n = v === undefined || v === "" ? d : Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, not "${v}"`);
    return n;
  };
  const local = (name: keyof typeof SERVICE_PORTS, varName: string) =>
    production ? "" : `http://127.0.0.1:${port(varName, SERVICE_PORTS[name])}`;
  const url = (v: string | undefined, fallback: string) => (v || fallback).replace(/\/+$/, "") || undefined;
  const dev = (v: string | undefined, sandbox: string) => v || (production ? "" : sandbox);
  const paymentUrl = url(env.PAYMENT_URL, local("payment", "PAYMENT_SANDBOX_PORT"));
  const postalUrl = url(env.POSTAL_URL, local("postal", "POSTAL_SANDBOX_PORT"));
  const registriesUrl = url(env.REGISTRIES_URL, local("registries", "REGISTRIES_SANDBOX_PORT"));
  const smsUrl = url(env.SMS_URL, local("sms", "SMS_SANDBOX_PORT"));
  const emcScript = env.EMC_SCRIPT_URL?.trim();
  const emcSite = env.EMC_SITE_CODE?.trim();
  if (!!emcScript !== !!emcSite) throw new Error("EMC_SCRIPT_URL and EMC_SITE_CODE must be set together");
  if (emcScript) {
    let u: URL;
    try {
      u = new URL(emcScript);
    } catch {
      throw new Error(`EMC_SCRIPT_URL must be a URL, not "${emcScript}"`);
    }
    if (u.protocol !== "https:" && (production || u.protocol !== "http:"))
      throw new Error("EMC_SCRIPT_URL must be an https:// URL");
  }
  const emcFeedUrl = url(env.EMC_FEED_URL, local("emc", "EMC_SANDBOX_PORT"));
  return {
    emcFeed: emcFeedUrl
      ? {
          url: emcFeedUrl,
          siteCode: dev(env.EMC_SITE_CODE, "H26-SANDBOX"),
          secret: dev(env.EMC_FEED_SECRET, "emc-sandbox-secret"),
        }
      : undefined,
    emc: emcScript && emcSite ? { scriptUrl: emcScript, siteCode: emcSite } : undefined,
    payment: paymentUrl
      ? {
          url: paymentUrl,
          merchantCode: dev(env.PAYMENT_MERCHANT_CODE, "H26-SANDBOX"),
          secret: dev(env.PAYMENT_SECRET, "payment-sandbox-secret"),
        }
      : undefined,
    postal: postalUrl
      ? {
          url: postalUrl,
          clientId: dev(env.POSTAL_CLIENT_ID, "H26"),
          secret: dev(env.POSTAL_SECRET, "postal-sandbox-secret"),
          provinceCode: env.POSTAL_PROVINCE_CODE || "01",
          // outside production, the SANDBOX account's contact number
          ...(dev(env.POSTAL_CONTACT_PHONE, "02400000000")
            ? { contactPhone: dev(env.POSTAL_CONTACT_PHONE, "02400000000") }
            : {}),
        }
      : undefined,
    registries: registriesUrl
      ? {
          url: registriesUrl,
          clientId: dev(env.REGISTRIES_CLIENT_ID, "H26"),
          secret: dev(env.REGISTRIES_SECRET, "registries-sandbox-secret"),
        }
      : undefined,
    sms: smsUrl
      ? {
          url: smsUrl,
          clientId: dev(env.SMS_CLIENT_ID, "H26"),
          secret: dev(env.SMS_SECRET, "sms-sandbox-secret"),
          sender: dev(env.SMS_SENDER, "DVCHANOI"),
        }
      : undefined,
    signing: {
      cscUrl: url(env.CSC_URL, local("csc", "CSC_SANDBOX_PORT")),
      tsaUrl: url(env.TSA_URL, local("tsa", "TSA_SANDBOX_PORT")),
      trustAnchorsFile: env.TRUST_ANCHORS_FILE || (production ? undefined : `${dataDir}/sandboxes/ca.pem`),
      cscSecret: dev(env.CSC_CLIENT_SECRET, "csc-sandbox") || undefined,
      keysDir: env.SIGNING_KEYS_DIR || `${dataDir}/signing-keys`,
      keysPassword: dev(env.SIGNING_KEYS_PASSWORD, "motcua-dev-keys") || undefined,
    },
  };
}
