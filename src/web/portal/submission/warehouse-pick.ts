/**
 * "Provide once" in the submission form (issue #7): under a component's upload control, the citizen's valid
 * documents of the kind it asks for, each a button that picks it from their data warehouse instead of an upload. The
 * pick goes back to the server (action `pick:<component>:<document>`) with and without JavaScript.
 */
import type { WarehouseDocument } from "../../../app/warehouse.js";
import { formatDate } from "../../../shared/format.js";
import { type Lang, pick } from "../../../shared/text.js";
import { type Html, html } from "../../html.js";

export type WarehouseChoice = Pick<WarehouseDocument, "id" | "title" | "validUntil" | "dossierCode">;

const T = {
  orPick: {
    vi: "Hoặc dùng giấy tờ có sẵn trong Kho dữ liệu của bạn:",
    en: "Or use a document from your data warehouse:",
  },
  use: { vi: "Dùng “{title}”", en: "Use “{title}”" },
  until: { vi: "còn hiệu lực đến {until}", en: "valid until {until}" },
  noEnd: { vi: "không thời hạn", en: "no end date" },
  fromWarehouse: { vi: "từ Kho dữ liệu, đã xác thực", en: "from your data warehouse, verified" },
} as const;

const fillT = (t: { vi: string; en: string }, lang: Lang, p: Record<string, string>) =>
  pick(t, lang).replace(/\{(\w+)\}/g, (_, k) => p[k] ?? "");

/** The pick buttons of one component (nothing when the warehouse holds no valid document of its kind). */
export function warehousePicks(componentCode: string, choices: WarehouseChoice[], lang: Lang): Html | "" {
  if (choices.length === 0) return "";
  return html`<div class="warehouse-picks"><p class="hint">${pick(T.orPick, lang)}</p><ul>${choices.map(
    (d) =>
      html`<li><button type="submit" class="secondary" name="_action" value="pick:${componentCode}:${d.id}">${fillT(T.use, lang, { title: d.title })}</button> <span class="hint">${d.validUntil ? fillT(T.until, lang, { until: formatDate(d.validUntil) }) : pick(T.noEnd, lang)}${d.dossierCode ? ` · ${d.dossierCode}` : ""}</span></li>`,
  )}</ul></div>`;
}

/** The mark of an attached file picked from the warehouse. */
export const pickedMark = (lang: Lang): Html => html` <span class="tag ok">${pick(T.fromWarehouse, lang)}</span>`;
