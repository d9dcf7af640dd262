import { type EmcDossierRecord, emcSignature } from "./protocol.js";

/** Pushes one dossier record to the platform (signed); throws on anything but a 2xx answer, naming it. */
export async function pushEmcRecord(
  feed: { url: string; siteCode: string; secret: string },
  record: EmcDossierRecord,
  now: Date,
): Promise<{ stored: boolean }> {
  const path = "/api/v1/dossiers";
  const body = JSON.stringify(record);
  const ts = String(Math.floor(now.getTime() / 1000));
  const res = await fetch(new URL(path, `${feed.url}/`), {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-emc-site": feed.siteCode,
      "x-emc-timestamp": ts,
      "x-emc-signature": emcSignature(feed.secret, ts, "POST", path, body),
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`EMC answered ${res.status}: ${text.slice(0, 300)}`);
  return { stored: !!(JSON.parse(text) as { stored?: boolean }).stored };
}
