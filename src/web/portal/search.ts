import type { CatalogueProcedure, FieldSummary, UnitSummary } from "../../app/catalogue.js";
import type { SearchResult } from "../../domain/search.js";
import type { Lang } from "../../shared/text.js";
import { pick } from "../../shared/text.js";
import { type Html, html } from "../html.js";
import { breadcrumb, type CatalogueFilters, pagination, procedureItem, searchBox } from "./components.js";
import { LEVELS, ONLINE_FILTERS, tr } from "./labels.js";

export interface SearchPageData {
  filters: CatalogueFilters;
  result: SearchResult<CatalogueProcedure>;
  fields: FieldSummary[];
  units: UnitSummary[];
}

const UNIT_GROUPS: Array<{ level: string; label: { vi: string; en: string } }> = [
  { level: "ministry", label: { vi: "Cấp bộ", en: "Ministry" } },
  { level: "province", label: { vi: "Cấp tỉnh", en: "Province" } },
  { level: "commune", label: { vi: "Cấp xã", en: "Commune" } },
];

function option(value: string, label: string, selected: string | undefined): Html {
  return html`<option value="${value}"${value === (selected ?? "") ? html` selected` : ""}>${label}</option>`;
}

/** The title of the results page: what was searched, or which field is being browsed. */
export function searchTitle(d: SearchPageData, lang: Lang): string {
  const f = d.filters;
  if (f.q) return lang === "vi" ? `Tìm “${f.q}”` : `Search “${f.q}”`;
  const field = d.fields.find((x) => x.code === f.field);
  if (field) return `${tr("field", lang)}: ${lang === "en" && field.nameEn ? field.nameEn : field.name}`;
  return tr("allProcedures", lang);
}

/** Search results with filters in one GET form: works without JavaScript, every filter is a labelled control. */
export function renderSearch(d: SearchPageData, lang: Lang): Html {
  const f = d.filters;
  const { total, page, pageSize, items } = d.result;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const title = searchTitle(d, lang);
  const units = d.units.filter((u) => u.procedures > 0 || u.code === f.unit);
  const fields = d.fields.filter((x) => x.procedures > 0 || x.code === f.field);
  const levelSlug: Record<string, string> = { province: "tinh", commune: "xa", ministry: "bo", sector: "nganh" };
  const onlineSlug: Record<string, string> = {
    available: "co",
    end_to_end: "toan-trinh",
    partial: "mot-phan",
    none: "khong",
  };
  const activeFilters = [f.field, f.unit, f.level, f.online].filter(Boolean).length;
  const filtered = activeFilters > 0;
  const first = (page - 1) * pageSize + 1;
  const countText =
    lang === "vi"
      ? total === 0
        ? "Không có thủ tục nào."
        : `Tìm thấy ${total.toLocaleString("vi-VN")} thủ tục${pages > 1 ? `, hiển thị ${first}–${first + items.length - 1}` : ""}.`
      : total === 0
        ? "No procedures."
        : `${total} procedure${total === 1 ? "" : "s"} found${pages > 1 ? `, showing ${first}–${first + items.length - 1}` : ""}.`;
  return html`${breadcrumb(lang, [{ label: tr("home", lang), href: "/" }, { label: title }])}
<h1>${title}</h1>
<form method="get" action="/thu-tuc" role="search" class="search-page">
  ${searchBox(lang, f.q ?? "")}
  <details class="filters"${filtered ? html` open` : ""}>
  <summary>${tr("filters", lang)}${filtered ? html` <span class="tag">${activeFilters}<span class="visually-hidden"> ${lang === "vi" ? "bộ lọc đang áp dụng" : "active"}</span></span>` : ""}</summary>
  <fieldset>
    <legend class="visually-hidden">${tr("filters", lang)}</legend>
    <div class="filter-grid">
      <div class="field">
        <label for="linh-vuc">${tr("field", lang)}</label>
        <select id="linh-vuc" name="linh-vuc">
          ${option("", tr("any", lang), f.field)}
          ${fields.map((x) => option(x.code, `${lang === "en" && x.nameEn ? x.nameEn : x.name} (${x.procedures})`, f.field))}
        </select>
      </div>
      <div class="field">
        <label for="don-vi">${tr("unit", lang)}</label>
        <select id="don-vi" name="don-vi">
          ${option("", tr("any", lang), f.unit)}
          ${UNIT_GROUPS.map((g) => {
            const list = units.filter((u) => u.level === g.level);
            return list.length
              ? html`<optgroup label="${pick(g.label, lang)}">${list.map((u) => option(u.code, u.name, f.unit))}</optgroup>`
              : "";
          })}
        </select>
      </div>
      <div class="field">
        <label for="cap">${tr("level", lang)}</label>
        <select id="cap" name="cap">
          ${option("", tr("any", lang), f.level ? levelSlug[f.level] : "")}
          ${Object.entries(LEVELS).map(([k, v]) => option(levelSlug[k], pick(v, lang), f.level ? levelSlug[f.level] : ""))}
        </select>
      </div>
      <div class="field">
        <label for="truc-tuyen">${tr("online", lang)}</label>
        <select id="truc-tuyen" name="truc-tuyen">
          ${option("", tr("any", lang), f.online ? onlineSlug[f.online] : "")}
          ${Object.entries(ONLINE_FILTERS).map(([k, v]) =>
            option(onlineSlug[k], pick(v, lang), f.online ? onlineSlug[f.online] : ""),
          )}
        </select>
      </div>
    </div>
    <p class="actions"><button type="submit" class="secondary">${tr("applyFilters", lang)}</button>${
      filtered || f.q ? html` <a href="/thu-tuc">${tr("clearFilters", lang)}</a>` : ""
    }</p>
  </fieldset>
  </details>
</form>
<p class="result-count" role="status">${countText}</p>
${
  items.length
    ? html`<ol class="results" start="${first}">${items.map((h) => procedureItem(h.doc, lang))}</ol>`
    : html`<div class="notice"><p>${tr("noResults", lang)}</p></div>`
}
${pagination(lang, f, page, pages)}`;
}
