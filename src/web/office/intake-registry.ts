/**
 * The counter intake's look-up in the national databases (issue #7): a button that looks the applicant's identity
 * number (or a business's enterprise code) up and fills the applicant and e-form from the answer; the look-up's id
 * goes with the intake (hidden field), so the papers those databases hold are not asked for. A failure says to go on
 * by hand.
 */
import { type Lang, pick } from "../../shared/text.js";
import { type Html, html } from "../html.js";

const T = {
  population: { vi: "Tra cứu CSDL quốc gia về dân cư", en: "Look up in the population database" },
  business: { vi: "Tra cứu CSDL đăng ký doanh nghiệp", en: "Look up in the business registration database" },
  hint: {
    vi: "Nhập số định danh cá nhân (hoặc mã số doanh nghiệp) rồi tra cứu: thông tin người nộp được điền từ cơ sở dữ liệu quốc gia và các giấy tờ có thông tin trong đó không cần thu.",
    en: "Type the identity number (or enterprise code) and look it up: the applicant's details come from the national database, and the papers whose data it holds need not be collected.",
  },
} as const;

export interface IntakeRegistryState {
  lookupId?: string;
  notice?: { kind: "ok" | "info"; text: string };
}

export function intakeRegistryPanel(s: IntakeRegistryState | undefined, lang: Lang): Html {
  return html`<div class="field registry-lookup"><p class="hint" id="in-registry-hint">${pick(T.hint, lang)}</p>
${s?.notice ? html`<p class="notice${s.notice.kind === "ok" ? " ok" : ""}" role="status">${s.notice.text}</p>` : ""}
${s?.lookupId ? html`<input type="hidden" name="intake.registryLookup" value="${s.lookupId}">` : ""}
<button type="submit" class="secondary" name="_action" value="registry:population" aria-describedby="in-registry-hint">${pick(T.population, lang)}</button>
<button type="submit" class="secondary" name="_action" value="registry:business" aria-describedby="in-registry-hint">${pick(T.business, lang)}</button></div>`;
}
