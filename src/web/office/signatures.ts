import type { DossierDetail } from "../../app/office/index.js";
import { CHECK_STATUS_NAMES, type CheckStatus } from "../../domain/signing.js";
import { formatDateTime } from "../../shared/format.js";
import type { Lang } from "../../shared/text.js";
import { type Html, html } from "../html.js";
import { tx } from "./common.js";

/**
 * The verification of a file's digital signatures as the dossier page shows it (issue #7): a tag (valid, altered,
 * revoked, expired, untrusted, not signed) and who signed when. Non-PDF files (scans as images) show nothing.
 */
type FileRow = DossierDetail["files"][number];

const TAG_CLASS: Record<CheckStatus, string> = {
  valid: "ok",
  tampered: "err",
  revoked: "err",
  expired: "err",
  untrusted: "warn",
  unsigned: "",
  unreadable: "warn",
};

export const SIGNATURE_COLUMN = { vi: "Chữ ký số", en: "Digital signature" };

export function signatureCell(lang: Lang, f: FileRow): Html | "" {
  const s = f.signature;
  if (!s) return "";
  return html`<span class="tag ${TAG_CLASS[s.status]}">${tx(lang, CHECK_STATUS_NAMES[s.status])}</span>${
    s.signatures.length
      ? html`<ul class="signers">${s.signatures.map(
          (x) =>
            html`<li>${x.signer ?? "?"}${x.signedAt ? html` · ${formatDateTime(x.signedAt)}` : ""}${
              x.timestamped
                ? html` <span class="hint">(${tx(lang, { vi: "có dấu thời gian", en: "time-stamped" })})</span>`
                : ""
            }</li>`,
        )}</ul>`
      : ""
  }`;
}
