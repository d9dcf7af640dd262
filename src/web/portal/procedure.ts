import type { PublishedProcedure, UnitRef } from "../../app/catalogue.js";
import { formatReceptionHours } from "../../domain/reception-hours.js";
import type { Component } from "../../domain/catalogue.js";
import { formatDate } from "../../shared/format.js";
import type { Lang } from "../../shared/text.js";
import { pick } from "../../shared/text.js";
import { type Html, html, raw } from "../html.js";
import { breadcrumb, onlineTag, searchUrl } from "./components.js";
import { APPLICANT_TYPES, COMPONENT_FORMS, formatFee, LEVELS, ONLINE_KINDS, timeLimitText, tr } from "./labels.js";

/** Template files served at /mau-don/<file>: plain names only (no paths). */
export { TEMPLATE_FILE } from "../../domain/catalogue.js";
import { TEMPLATE_FILE } from "../../domain/catalogue.js";

export const submitUrl = (code: string) => `/nop-ho-so/${encodeURIComponent(code)}`;

/** Plain text with blank-line paragraphs and "- " list lines, escaped. */
function prose(text: string): Html {
  const blocks = text
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean);
  return html`${blocks.map((b) => {
    const lines = b.split("\n").map((l) => l.trim());
    if (lines.every((l) => /^[-•*]\s+/.test(l)))
      return html`<ul>${lines.map((l) => html`<li>${l.replace(/^[-•*]\s+/, "")}</li>`)}</ul>`;
    return html`<p>${lines.map((l, i) => (i ? html`<br>${l}` : l))}</p>`;
  })}`;
}

function componentRow(c: Component, lang: Lang): Html {
  const template =
    c.template && TEMPLATE_FILE.test(c.template.file)
      ? html`<a href="/mau-don/${c.template.file}" download>${c.template.name}<span class="visually-hidden"> (${tr("download", lang)} ${c.template.file.endsWith(".pdf") ? "PDF" : "DOCX"})</span></a>`
      : html`<span aria-hidden="true">—</span>`;
  return html`<tr>
  <td data-label="${tr("componentName", lang)}"><div>${c.name}${c.note ? html`<p class="hint">${c.note}</p>` : ""}${
    c.declaration
      ? html`<p class="hint">${pick(
          {
            vi: "Khi nộp trực tuyến: khai trên tờ khai điện tử, không cần tải lên.",
            en: "Online: filled in as the e-form, nothing to upload.",
          },
          lang,
        )}</p>`
      : ""
  }</div></td>
  <td data-label="${tr("componentForm", lang)}"><div>${pick(COMPONENT_FORMS[c.form], lang)}</div></td>
  <td data-label="${tr("componentQuantity", lang)}"><div>${c.quantity}</div></td>
  <td data-label="${tr("componentRequired", lang)}"><div>${c.required ? html`<strong>${tr("yes", lang)}</strong>` : tr("no", lang)}</div></td>
  <td data-label="${tr("componentTemplate", lang)}"><div>${template}</div></td>
</tr>`;
}

function unitLine(u: UnitRef, lang: Lang): Html {
  return html`${u.name}${u.address ? html`<br><span class="hint">${u.address}</span>` : ""}${
    u.phone ? html`<br><span class="hint">${tr("phone", lang)}: ${u.phone}</span>` : ""
  }${
    u.receptionHours
      ? html`<br><span class="hint">${lang === "en" ? "Reception hours" : "Giờ tiếp nhận"}: ${formatReceptionHours(u.receptionHours, lang)}</span>`
      : ""
  }`;
}

/** Above this many units, lists are folded so that the page stays short on a phone. */
const MAX_LISTED_UNITS = 4;

function unitList(units: UnitRef[], lang: Lang): Html {
  const list = html`<ul class="plain units">${units.map((u) => html`<li>${unitLine(u, lang)}</li>`)}</ul>`;
  if (units.length <= MAX_LISTED_UNITS) return list;
  const summary =
    lang === "vi"
      ? `Xem danh sách ${units.length} nơi tiếp nhận hồ sơ`
      : `See the ${units.length} places that receive dossiers`;
  return html`<p>${
    lang === "vi"
      ? "Hồ sơ được tiếp nhận tại bất kỳ cơ quan nào dưới đây."
      : "Dossiers are received at any of the agencies below."
  }</p><details class="unit-list"><summary>${summary}</summary>${list}</details>`;
}

/** schema.org GovernmentService, for search engines. */
function structuredData(p: PublishedProcedure, baseUrl: string): Html {
  const data = {
    "@context": "https://schema.org",
    "@type": "GovernmentService",
    name: p.name,
    identifier: p.code,
    serviceType: p.field.name,
    url: `${baseUrl}/thu-tuc/${encodeURIComponent(p.code)}`,
    provider: { "@type": "GovernmentOrganization", name: p.competentUnit?.name },
    availableChannel: {
      "@type": "ServiceChannel",
      serviceUrl: p.onlineKind !== "none" ? `${baseUrl}${submitUrl(p.code)}` : undefined,
    },
  };
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return raw(`<script type="application/ld+json">${json}</script>`);
}

/** A one-line summary for the meta description. */
export function procedureDescription(p: PublishedProcedure, lang: Lang): string {
  const parts = [
    `${p.name} (${p.code})`,
    `${tr("timeLimit", lang)}: ${timeLimitText(p.timeLimit, lang)}`,
    pick(ONLINE_KINDS[p.onlineKind], lang),
    p.competentUnit?.name,
  ];
  return parts.filter(Boolean).join(" · ");
}

/** The procedure page: what it is, who decides, how long, what it costs, what to bring, and how to submit online. */
export function renderProcedure(p: PublishedProcedure, lang: Lang, baseUrl: string): Html {
  const online = p.onlineKind !== "none";
  const fieldName = lang === "en" && p.field.nameEn ? p.field.nameEn : p.field.name;
  const submit = online
    ? html`<div class="submit-panel">
  <a class="button primary big" href="${submitUrl(p.code)}">${tr("submitOnline", lang)}</a>
  ${
    p.onlineKind === "partial"
      ? html`<p><strong>${tr("partialReason", lang)}:</strong> ${p.onlineReason ?? ""}</p>`
      : html`<p>${lang === "vi" ? "Toàn bộ quá trình nộp hồ sơ, giải quyết và trả kết quả được thực hiện trực tuyến." : "The whole process, from submission to result, happens online."}</p>`
  }
</div>`
    : html`<div class="notice"><p>${tr("offlineHow", lang)}</p></div>`;
  const receiving = p.implementingUnits.length ? p.implementingUnits : p.competentUnit ? [p.competentUnit] : [];
  return html`${breadcrumb(lang, [
    { label: tr("home", lang), href: "/" },
    { label: fieldName, href: searchUrl({ field: p.field.code }) },
    { label: p.name },
  ])}
<article class="procedure">
<header class="procedure-head">
  <h1>${p.name}</h1>
  <p class="meta"><span>${tr("code", lang)}: <strong>${p.code}</strong></span> ${onlineTag(p.onlineKind, lang)}</p>
</header>
${submit}
<h2 id="thong-tin" class="visually-hidden">${lang === "vi" ? "Thông tin chung" : "Overview"}</h2>
<dl class="facts">
  <dt>${tr("code", lang)}</dt><dd>${p.code}</dd>
  <dt>${tr("field", lang)}</dt><dd><a href="${searchUrl({ field: p.field.code })}">${fieldName}</a></dd>
  <dt>${tr("level", lang)}</dt><dd>${pick(LEVELS[p.level], lang)}</dd>
  <dt>${tr("competentUnit", lang)}</dt><dd>${p.competentUnit ? p.competentUnit.name : ""}</dd>
  <dt>${tr("implementingUnits", lang)}</dt><dd>${
    p.implementingUnits.length > MAX_LISTED_UNITS
      ? html`<a href="#noi-nop">${lang === "vi" ? `${p.implementingUnits.length} cơ quan, đơn vị` : `${p.implementingUnits.length} agencies`}</a>`
      : p.implementingUnits.length
        ? html`<ul class="plain">${p.implementingUnits.map((u) => html`<li>${u.name}</li>`)}</ul>`
        : p.competentUnit?.name
  }</dd>
  <dt>${tr("timeLimit", lang)}</dt><dd><strong>${timeLimitText(p.timeLimit, lang)}</strong>${p.timeLimit.note ? html`<br><span class="hint">${p.timeLimit.note}</span>` : ""}</dd>
  <dt>${tr("fees", lang)}</dt><dd>${
    p.fees.length
      ? html`<ul class="plain">${p.fees.map((f) => html`<li>${formatFee(f, lang)}</li>`)}</ul>`
      : tr("noFee", lang)
  }</dd>
  <dt>${tr("applicants", lang)}</dt><dd>${p.applicantTypes.map((a) => pick(APPLICANT_TYPES[a] ?? { vi: a }, lang)).join(", ")}</dd>
  <dt>${tr("result", lang)}</dt><dd>${p.result.name}${p.result.electronic ? html` <span class="hint">(${tr("electronicResult", lang)})</span>` : ""}</dd>
  <dt>${tr("online", lang)}</dt><dd>${pick(ONLINE_KINDS[p.onlineKind], lang)}${
    p.onlineKind === "partial" && p.onlineReason ? html`<br><span class="hint">${p.onlineReason}</span>` : ""
  }</dd>
</dl>
<section aria-labelledby="thanh-phan">
  <h2 id="thanh-phan">${tr("components", lang)}</h2>
  ${
    p.components.length
      ? html`<div class="table-scroll"><table class="components stack">
    <caption class="visually-hidden">${tr("componentsCaption", lang)}</caption>
    <thead><tr><th scope="col">${tr("componentName", lang)}</th><th scope="col">${tr("componentForm", lang)}</th><th scope="col">${tr("componentQuantity", lang)}</th><th scope="col">${tr("componentRequired", lang)}</th><th scope="col">${tr("componentTemplate", lang)}</th></tr></thead>
    <tbody>${p.components.map((c) => componentRow(c, lang))}</tbody>
  </table></div>`
      : html`<p>${tr("noComponents", lang)}</p>`
  }
</section>
${
  p.description.trim()
    ? html`<section aria-labelledby="trinh-tu"><h2 id="trinh-tu">${tr("description", lang)}</h2>${prose(p.description)}</section>`
    : ""
}
${
  p.requirements.trim()
    ? html`<section aria-labelledby="yeu-cau"><h2 id="yeu-cau">${tr("requirements", lang)}</h2>${prose(p.requirements)}</section>`
    : ""
}
${
  receiving.length
    ? html`<section aria-labelledby="noi-nop"><h2 id="noi-nop">${tr("whereToSubmit", lang)}</h2>${unitList(receiving, lang)}</section>`
    : ""
}
${
  p.legalBases.length
    ? html`<section aria-labelledby="can-cu"><h2 id="can-cu">${tr("legalBases", lang)}</h2><ul>${p.legalBases.map(
        (b) => html`<li><strong>${b.number}</strong> ${b.title}${b.date ? html` (${formatDate(b.date)})` : ""}</li>`,
      )}</ul></section>`
    : ""
}
${online ? html`<p class="submit-again"><a class="button primary" href="${submitUrl(p.code)}">${tr("submitOnline", lang)}</a></p>` : ""}
<p class="hint">${tr("version", lang)} ${p.version}${p.publishedAt ? html`, ${tr("publishedOn", lang)} ${formatDate(p.publishedAt)}` : ""}</p>
</article>
${structuredData(p, baseUrl)}`;
}
