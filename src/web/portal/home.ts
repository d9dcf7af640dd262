import type { CatalogueProcedure, CatalogueStats, FieldSummary } from "../../app/catalogue.js";
import type { Lang } from "../../shared/text.js";
import { type Html, html } from "../html.js";
import { onlineTag, procedureUrl, searchBox, searchUrl } from "./components.js";
import { tr } from "./labels.js";

export interface HomeData {
  stats: CatalogueStats;
  fields: FieldSummary[];
  popular: CatalogueProcedure[];
  endToEnd: CatalogueProcedure[];
  siteTitle: string;
}

const fmt = (n: number) => n.toLocaleString("vi-VN");

function tile(p: CatalogueProcedure, lang: Lang): Html {
  return html`<li><a href="${procedureUrl(p.code)}"><span class="tile-name">${p.name}</span></a>${onlineTag(p.onlineKind, lang)}</li>`;
}

/** The portal home: search first, then popular services, fields (every service within 3 clicks) and counts. */
export function renderHome(d: HomeData, lang: Lang): Html {
  const fields = d.fields.filter((f) => f.procedures > 0);
  return html`<section class="hero" aria-labelledby="hero-h">
  <h1 id="hero-h">${d.siteTitle}</h1>
  <p class="lead">${tr("portalLead", lang)}</p>
  <form method="get" action="/thu-tuc" role="search">${searchBox(lang, "", { big: true })}</form>
</section>
<section aria-labelledby="stats-h">
  <h2 id="stats-h" class="visually-hidden">${tr("catalogueStats", lang)}</h2>
  <ul class="stats">
    <li><a href="/thu-tuc"><strong>${fmt(d.stats.procedures)}</strong> ${tr("statProcedures", lang)}</a></li>
    <li><a href="${searchUrl({ online: "end_to_end" })}"><strong>${fmt(d.stats.endToEnd)}</strong> ${tr("statEndToEnd", lang)}</a></li>
    <li><a href="${searchUrl({ online: "partial" })}"><strong>${fmt(d.stats.partial)}</strong> ${tr("statPartial", lang)}</a></li>
    <li><a href="#fields-h"><strong>${fmt(d.stats.fields)}</strong> ${tr("statFields", lang)}</a></li>
  </ul>
</section>
${
  d.popular.length
    ? html`<section aria-labelledby="popular-h">
  <h2 id="popular-h">${tr("popular", lang)}</h2>
  <ul class="tiles">${d.popular.map((p) => tile(p, lang))}</ul>
</section>`
    : ""
}
<section aria-labelledby="fields-h">
  <h2 id="fields-h">${tr("byField", lang)}</h2>
  <ul class="field-grid">${fields.map(
    (f) =>
      html`<li><a href="${searchUrl({ field: f.code })}"><span>${lang === "en" && f.nameEn ? f.nameEn : f.name}</span><span class="count">${fmt(f.procedures)} ${tr("procedures", lang)}</span></a></li>`,
  )}</ul>
</section>
${
  d.endToEnd.length
    ? html`<section aria-labelledby="e2e-h">
  <h2 id="e2e-h">${tr("endToEndServices", lang)}</h2>
  <ul class="tiles">${d.endToEnd.map((p) => tile(p, lang))}</ul>
  <p><a href="${searchUrl({ online: "end_to_end" })}">${tr("seeAll", lang)} (${fmt(d.stats.endToEnd)})</a></p>
</section>`
    : ""
}
<section aria-labelledby="quick-h" class="quick">
  <h2 id="quick-h">${tr("quickLinks", lang)}</h2>
  <ul class="cards two">
    <li><h3><a href="/tra-cuu">${tr("lookupDossier", lang)}</a></h3><p>${tr("lookupDossierHint", lang)}</p></li>
    <li><h3><a href="/ho-so-cua-toi">${lang === "vi" ? "Hồ sơ của tôi" : "My dossiers"}</a></h3><p>${tr("myDossiersHint", lang)}</p></li>
    <li><h3><a href="/thong-ke">${lang === "vi" ? "Thống kê giải quyết hồ sơ" : "Statistics"}</a></h3><p>${
      lang === "vi"
        ? "Số hồ sơ tiếp nhận, giải quyết, tỷ lệ đúng hạn và mức độ hài lòng từ đầu năm."
        : "Dossiers received and resolved, the share on time and satisfaction since 1 January."
    }</p></li>
  </ul>
</section>`;
}
