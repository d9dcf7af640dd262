import type { Branding } from "../app/branding.js";
import { type Lang, pick } from "../shared/text.js";
import { assetUrl } from "./assets.js";
import { type Html, html } from "./html.js";
import { t } from "./i18n/index.js";

export interface PageOptions {
  title: string;
  lang: Lang;
  /** The request URL (path + query), for the language switch link. */
  url: string;
  body: Html;
  area?: "portal" | "office";
  user?: { name: string } | null;
  /** Extra scripts (served from /static/), loaded deferred; pages work without them. */
  scripts?: string[];
  description?: string;
  /** The province's branding (the catalogue snapshot's); without it, the defaults of a fresh installation. */
  brand?: Branding;
}

function switchLangUrl(url: string, lang: Lang): string {
  const u = new URL(url, "http://x");
  u.searchParams.set("lang", lang === "vi" ? "en" : "vi");
  return u.pathname + u.search;
}

/** The page shell shared by the portal and the office: skip link, header, navigation, main, footer. */
export function page(o: PageOptions): string {
  const area = o.area ?? "portal";
  const b = o.brand;
  const portalName = b ? pick(b.portalName, o.lang) : t(o.lang, "site.title");
  const subtitle = b?.provinceName ? b.provinceName : t(o.lang, "site.subtitle");
  const emblem = b?.emblemFileId
    ? html`<img class="emblem-img" src="/thuong-hieu/bieu-trung?v=${b.emblemFileId.slice(0, 8)}" alt="" width="37" height="37">`
    : html`<span class="emblem" aria-hidden="true">★</span>`;
  const contact = b
    ? [
        b.address ? html`<li>${b.address}</li>` : "",
        b.hotline
          ? html`<li>${o.lang === "vi" ? "Đường dây nóng" : "Hotline"}: <a href="tel:${b.hotline.replace(/[^0-9+]/g, "")}">${b.hotline}</a></li>`
          : "",
        b.email ? html`<li>E-mail: <a href="mailto:${b.email}">${b.email}</a></li>` : "",
      ].filter((x) => x !== "")
    : [];
  const path = new URL(o.url, "http://x").pathname;
  // The section the page belongs to is marked for assistive technology and styled as current.
  const item = (href: string, label: string) => {
    const current = href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);
    return current ? html`<a href="${href}" aria-current="page">${label}</a>` : html`<a href="${href}">${label}</a>`;
  };
  const nav =
    area === "portal"
      ? html`${item("/", t(o.lang, "nav.home"))}${item("/thu-tuc", t(o.lang, "nav.procedures"))}${item("/tra-cuu", t(o.lang, "nav.lookup"))}${item("/hoi-dap", t(o.lang, "nav.qa"))}${
          o.user
            ? html`${item("/ho-so-cua-toi", t(o.lang, "nav.myDossiers"))}${item("/phan-anh-cua-toi", t(o.lang, "nav.myPetitions"))}${item("/kho-du-lieu", t(o.lang, "nav.warehouse"))}<form method="post" action="/dang-xuat" class="inline account"><button type="submit" class="linkish">${t(o.lang, "nav.logout")} (${o.user.name})</button></form>`
            : html`<a class="account" href="/dang-nhap">${t(o.lang, "nav.login")}</a>`
        }`
      : html`<a href="/office">Hàng đợi</a>${o.user ? html`<span class="who">${o.user.name}</span><form method="post" action="/office/logout" class="inline"><button type="submit" class="linkish">${t(o.lang, "nav.logout")}</button></form>` : ""}`;
  return `<!doctype html>${html`<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} – ${portalName}</title>
${o.description ? html`<meta name="description" content="${o.description}">` : ""}
<meta name="theme-color" content="#a50e0e">
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='6' fill='%23a50e0e'/%3E%3Cpath d='M16 5l3.1 7.6 8.2.6-6.3 5.3 2 8-7-4.4-7 4.4 2-8-6.3-5.3 8.2-.6z' fill='%23ffde00'/%3E%3C/svg%3E">
<link rel="stylesheet" href="${assetUrl("app.css")}">
${(o.scripts ?? []).map((s) => html`<script defer src="${assetUrl(s)}"></script>`)}
</head>
<body class="${area}">
<a class="skip" href="#main">${t(o.lang, "nav.skip")}</a>
<header class="site">
  <div class="wrap bar">
    <a class="brand" href="${area === "portal" ? "/" : "/office"}">${emblem}<span>${area === "portal" ? portalName : "Một cửa điện tử"}<small>${subtitle}</small></span></a>
    <a class="lang" href="${switchLangUrl(o.url, o.lang)}" lang="${o.lang === "vi" ? "en" : "vi"}">${t(o.lang, "lang.switch")}</a>
  </div>
  <nav class="wrap" aria-label="${o.lang === "vi" ? "Điều hướng chính" : "Main navigation"}">${nav}</nav>
</header>
<main id="main" class="wrap" tabindex="-1">
${o.body}
</main>
<footer class="site"><div class="wrap">
  <p><strong>${area === "portal" ? portalName : "Một cửa điện tử"}</strong> · ${subtitle}</p>
  ${contact.length ? html`<ul class="footer-contact">${contact}</ul>` : ""}
  ${
    area === "portal"
      ? html`<ul class="footer-links"><li><a href="/thu-tuc">${t(o.lang, "nav.procedures")}</a></li><li><a href="/tra-cuu">${t(o.lang, "nav.lookup")}</a></li><li><a href="/thong-ke">${t(o.lang, "nav.statistics")}</a></li><li><a href="/api/docs/">API</a></li>${(b?.footerLinks ?? []).map((l) => html`<li><a href="${l.url}">${pick(l.label, o.lang)}</a></li>`)}</ul>`
      : ""
  }
  <p class="small">motcua · ${o.lang === "vi" ? "phần mềm nguồn mở" : "open-source software"}</p>
</div></footer>
</body>
</html>`}`;
}
