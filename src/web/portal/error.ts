import type { Lang } from "../../shared/text.js";
import { type Html, html } from "../html.js";
import { searchBox } from "./components.js";
import { tr } from "./labels.js";

export function errorTitle(status: number, lang: Lang): string {
  return status === 404 ? tr("pageNotFound", lang) : tr("errorTitle", lang);
}

/** An error as a page: what happened, in plain words, and a way on (home, search). */
export function renderError(status: number, message: string, lang: Lang, requestId?: string): Html {
  return html`<h1>${errorTitle(status, lang)}</h1>
<div class="notice err" role="alert"><p>${message}</p></div>
<p><a href="/">${tr("home", lang)}</a> · <a href="/thu-tuc">${lang === "vi" ? "Danh mục thủ tục hành chính" : "Procedure catalogue"}</a></p>
<form method="get" action="/thu-tuc" role="search">${searchBox(lang, "", { id: "q-error" })}</form>
<p class="hint">${tr("errorCode", lang)}: ${status}${requestId ? html` · ${requestId}` : ""}</p>`;
}
