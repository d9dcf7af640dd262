/** The citizen's data warehouse page, "Kho dữ liệu" (issue #7): their results and digitised papers with validity. */
import type { WarehouseDocument } from "../../app/warehouse.js";
import { formatBytes, formatDate } from "../../shared/format.js";
import { type Lang, pick } from "../../shared/text.js";
import { type Html, html } from "../html.js";

export const WAREHOUSE_TEXT = {
  title: { vi: "Kho dữ liệu", en: "Data warehouse" },
  intro: {
    vi: "Kết quả giải quyết thủ tục hành chính và giấy tờ đã số hóa của bạn. Khi nộp hồ sơ cần giấy tờ cùng loại, bạn có thể chọn giấy tờ còn hiệu lực trong kho thay vì tải lên lại.",
    en: "Your administrative-procedure results and digitised papers. When a later dossier needs a paper of the same kind, you may pick a valid one from here instead of uploading it again.",
  },
  none: { vi: "Kho dữ liệu của bạn chưa có giấy tờ nào.", en: "Your data warehouse holds no document yet." },
  noHolder: {
    vi: "Tài khoản chưa có số định danh cá nhân hoặc mã số thuế, nên chưa có Kho dữ liệu.",
    en: "Your account has no identity number or tax code, so it has no data warehouse yet.",
  },
  document: { vi: "Giấy tờ", en: "Document" },
  source: { vi: "Nguồn", en: "Source" },
  validity: { vi: "Hiệu lực", en: "Validity" },
  file: { vi: "Tệp", en: "File" },
  dossier: { vi: "Hồ sơ", en: "Dossier" },
  result: { vi: "Kết quả giải quyết", en: "Result" },
  digitised: { vi: "Số hóa tại bộ phận một cửa", en: "Digitised at the counter" },
  kept: { vi: "Tệp bạn lưu", en: "Kept upload" },
  from: { vi: "Từ {from}", en: "From {from}" },
  until: { vi: "đến {until}", en: "until {until}" },
  noEnd: { vi: "không thời hạn", en: "no end date" },
  expired: { vi: "Hết hiệu lực", en: "Expired" },
  valid: { vi: "Còn hiệu lực", en: "Valid" },
  download: { vi: "Tải về", en: "Download" },
  downloadOf: { vi: "Tải về {title}", en: "Download {title}" },
} as const;

const T = WAREHOUSE_TEXT;
const fillT = (t: { vi: string; en: string }, lang: Lang, p: Record<string, string>) =>
  pick(t, lang).replace(/\{(\w+)\}/g, (_, k) => p[k] ?? "");

/** The validity of a document as a short text: "Còn hiệu lực · từ 01/03/2026 đến 01/09/2026". */
export function validityText(d: Pick<WarehouseDocument, "valid" | "validFrom" | "validUntil">, lang: Lang): string {
  const state = pick(d.valid ? T.valid : T.expired, lang);
  const from = fillT(T.from, lang, { from: formatDate(d.validFrom) });
  const until = d.validUntil ? fillT(T.until, lang, { until: formatDate(d.validUntil) }) : pick(T.noEnd, lang);
  return `${state} · ${from} ${until}`;
}

export function renderWarehouse(docs: WarehouseDocument[], o: { lang: Lang; hasHolder: boolean }): Html {
  const { lang } = o;
  const q = lang === "en" ? "?lang=en" : "";
  if (!o.hasHolder) return html`<h1>${pick(T.title, lang)}</h1><p>${pick(T.noHolder, lang)}</p>`;
  return html`<h1>${pick(T.title, lang)}</h1>
<p>${pick(T.intro, lang)}</p>
${
  docs.length
    ? html`<table class="stack"><caption class="visually-hidden">${pick(T.title, lang)}</caption><thead><tr><th scope="col">${pick(T.document, lang)}</th><th scope="col">${pick(T.source, lang)}</th><th scope="col">${pick(T.validity, lang)}</th><th scope="col">${pick(T.file, lang)}</th></tr></thead><tbody>${docs.map(
        (d) =>
          html`<tr${d.valid ? "" : html` class="expired"`}><td data-label="${pick(T.document, lang)}"><strong>${d.title}</strong>${d.kindName ? html`<br><span class="small">${pick(d.kindName, lang)}</span>` : ""}${d.dossierCode ? html`<br><span class="small">${pick(T.dossier, lang)}: ${d.dossierCode}</span>` : ""}${
            d.data && Object.keys(d.data).length
              ? html`<dl class="facts small">${Object.entries(d.data)
                  .filter(([k]) => k !== "dossierCode" && k !== "issuedAt")
                  .map(([k, v]) => html`<dt>${k.split(".").pop() ?? k}</dt><dd>${String(v)}</dd>`)}</dl>`
              : ""
          }</td><td data-label="${pick(T.source, lang)}">${pick(T[d.source], lang)}</td><td data-label="${pick(T.validity, lang)}">${validityText(d, lang)}</td><td data-label="${pick(T.file, lang)}"><a href="/api/warehouse/${d.id}/file" aria-label="${fillT(T.downloadOf, lang, { title: d.title })}" download>${pick(T.download, lang)}</a><br><span class="small">${d.fileName} · ${formatBytes(d.size, lang)}</span></td></tr>`,
      )}</tbody></table>`
    : html`<p>${pick(T.none, lang)}</p>`
}
<p><a href="/ho-so-cua-toi${q}">${lang === "vi" ? "Hồ sơ của tôi" : "My dossiers"}</a></p>`;
}
