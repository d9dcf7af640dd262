/**
 * "Provide once" from the national databases in the submission form (issue #7): a button that looks the applicant up
 * in the population database (a citizen) or the business registration database (a business) and fills the e-form
 * with the answer, and, once looked up, the papers the procedure no longer asks for. The look-up goes to the server
 * (action `registry:<population|business>`) with and without JavaScript.
 */
import type { Registry } from "../../../domain/catalogue.js";
import { type Lang, pick } from "../../../shared/text.js";
import { type Html, html } from "../../html.js";

export interface RegistryPanel {
  /** The database this account may be looked up in. */
  registry: Registry;
  /** Looked up for this procedure (recently): the components no longer asked for. */
  used: boolean;
  held: { code: string; name: string }[];
}

const T = {
  title: { vi: "Lấy thông tin từ cơ sở dữ liệu quốc gia", en: "Fill in from the national databases" },
  population: {
    vi: "Lấy thông tin của tôi từ Cơ sở dữ liệu quốc gia về dân cư",
    en: "Fill in my details from the national population database",
  },
  business: {
    vi: "Lấy thông tin doanh nghiệp từ Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp",
    en: "Fill in the business's details from the national business registration database",
  },
  intro: {
    vi: "Thông tin được lấy trực tiếp từ cơ sở dữ liệu quốc gia; các giấy tờ có thông tin trong đó không cần nộp.",
    en: "The details come straight from the national database; the papers whose data it holds need not be attached.",
  },
  used: { vi: "Đã lấy thông tin từ cơ sở dữ liệu quốc gia.", en: "Your details came from the national database." },
  heldList: { vi: "Không cần nộp:", en: "No need to attach:" },
} as const;

export function registryPanel(p: RegistryPanel | undefined, lang: Lang): Html | "" {
  if (!p) return "";
  return html`<section class="eform-section registry-lookup" aria-labelledby="h-registry"><h2 id="h-registry">${pick(T.title, lang)}</h2>
<p class="hint">${pick(T.intro, lang)}</p>
${
  p.used
    ? html`<p class="notice ok" role="status">${pick(T.used, lang)}${p.held.length ? html` ${pick(T.heldList, lang)} ${p.held.map((c) => c.name).join("; ")}.` : ""}</p>`
    : ""
}
<button type="submit" class="secondary" name="_action" value="registry:${p.registry}">${pick(T[p.registry], lang)}</button>
</section>`;
}
