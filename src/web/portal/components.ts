import type { CatalogueProcedure } from "../../app/catalogue.js";
import type { Lang } from "../../shared/text.js";
import { pick } from "../../shared/text.js";
import { type Html, html } from "../html.js";
import { LEVEL_SLUGS, LEVELS, ONLINE_KINDS, ONLINE_SLUGS, slugOf, timeLimitText, tr } from "./labels.js";

/** The filters of /thu-tuc in API terms. */
export interface CatalogueFilters {
  q?: string;
  field?: string;
  unit?: string;
  level?: string;
  online?: string;
  page?: number;
}

/** /thu-tuc?q=…&linh-vuc=…&don-vi=…&cap=…&truc-tuyen=…&trang=… */
export function searchUrl(f: CatalogueFilters): string {
  const p = new URLSearchParams();
  if (f.q) p.set("q", f.q);
  if (f.field) p.set("linh-vuc", f.field);
  if (f.unit) p.set("don-vi", f.unit);
  const level = slugOf(LEVEL_SLUGS, f.level);
  if (level) p.set("cap", level);
  const online = slugOf(ONLINE_SLUGS, f.online);
  if (online) p.set("truc-tuyen", online);
  if (f.page && f.page > 1) p.set("trang", String(f.page));
  const s = p.toString();
  return s ? `/thu-tuc?${s}` : "/thu-tuc";
}

export const procedureUrl = (code: string) => `/thu-tuc/${encodeURIComponent(code)}`;

export function onlineTag(kind: CatalogueProcedure["onlineKind"], lang: Lang): Html {
  const cls = kind === "end_to_end" ? "tag ok" : kind === "partial" ? "tag warn" : "tag";
  return html`<span class="${cls}">${pick(ONLINE_KINDS[kind], lang)}</span>`;
}

/** The search box (GET /thu-tuc), usable without JavaScript. */
export function searchBox(lang: Lang, q: string, opts: { id?: string; big?: boolean } = {}): Html {
  const id = opts.id ?? "q";
  return html`<div class="search-box${opts.big ? " big" : ""}">
  <label for="${id}">${tr("searchLabel", lang)}</label>
  <p class="hint" id="${id}-hint">${tr("searchHint", lang)}</p>
  <div class="search-row">
    <input type="search" id="${id}" name="q" value="${q}" aria-describedby="${id}-hint" autocomplete="off" spellcheck="false" maxlength="200">
    <button type="submit">${tr("searchButton", lang)}</button>
  </div>
</div>`;
}

/** One procedure in a result list. */
export function procedureItem(p: CatalogueProcedure, lang: Lang, headingLevel: 2 | 3 = 2): Html {
  const link = html`<a href="${procedureUrl(p.code)}">${p.name}</a>`;
  const field = lang === "en" && p.fieldNameEn ? p.fieldNameEn : p.fieldName;
  return html`<li class="result">
  ${headingLevel === 2 ? html`<h2>${link}</h2>` : html`<h3>${link}</h3>`}
  <p class="meta"><span><span class="visually-hidden">${tr("code", lang)}: </span>${p.code}</span> · <span>${field}</span> · <span>${pick(LEVELS[p.level], lang)}</span> · <span>${timeLimitText(p.timeLimit, lang)}</span></p>
  <p>${onlineTag(p.onlineKind, lang)}</p>
</li>`;
}

export function breadcrumb(lang: Lang, items: Array<{ label: string; href?: string }>): Html {
  return html`<nav class="breadcrumb" aria-label="${tr("breadcrumb", lang)}"><ol>${items.map((it, i) =>
    i === items.length - 1
      ? html`<li><span aria-current="page">${it.label}</span></li>`
      : html`<li><a href="${it.href ?? "/"}">${it.label}</a></li>`,
  )}</ol></nav>`;
}

/** Numbered pages of the catalogue search with previous/next. */
export function pagination(lang: Lang, f: CatalogueFilters, page: number, pages: number): Html {
  return pageLinks(lang, page, pages, (n) => searchUrl({ ...f, page: n }));
}

/** Numbered pages with previous/next, each linked by \`href\`; every page is one click away when there are few. */
export function pageLinks(lang: Lang, page: number, pages: number, href: (page: number) => string): Html {
  if (pages <= 1) return html``;
  const shown = new Set<number>([1, pages]);
  if (pages <= 12) for (let i = 1; i <= pages; i++) shown.add(i);
  else for (let i = Math.max(1, page - 2); i <= Math.min(pages, page + 2); i++) shown.add(i);
  const nums = [...shown].sort((a, b) => a - b);
  const items: Html[] = [];
  if (page > 1) items.push(html`<li><a rel="prev" href="${href(page - 1)}">‹ ${tr("previous", lang)}</a></li>`);
  let last = 0;
  for (const n of nums) {
    if (n - last > 1) items.push(html`<li class="gap" aria-hidden="true">…</li>`);
    items.push(
      n === page
        ? html`<li><a aria-current="page" href="${href(n)}"><span class="visually-hidden">${tr("page", lang)} </span>${n}</a></li>`
        : html`<li><a href="${href(n)}"><span class="visually-hidden">${tr("page", lang)} </span>${n}</a></li>`,
    );
    last = n;
  }
  if (page < pages) items.push(html`<li><a rel="next" href="${href(page + 1)}">${tr("next", lang)} ›</a></li>`);
  return html`<nav class="pagination" aria-label="${tr("pagination", lang)}"><ul>${items}</ul></nav>`;
}
