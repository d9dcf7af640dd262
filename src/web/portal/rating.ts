/** The rating form (Circular 32/2017): overall level required, three criteria optional; works without JavaScript. */
import type { RatingView } from "../../app/ratings.js";
import type { FieldError } from "../../app/errors.js";
import { CRITERION_LABELS, RATING_LABELS, RATING_LEVELS, type RatingCriterion } from "../../domain/measure/index766.js";
import { type Lang, pick } from "../../shared/text.js";
import { type Html, html } from "../html.js";

const T = {
  title: { vi: "Đánh giá mức độ hài lòng", en: "Rate your satisfaction" },
  intro: {
    vi: "Ông/Bà vui lòng đánh giá việc giải quyết hồ sơ. Mức đánh giá chung là bắt buộc; các tiêu chí chi tiết không bắt buộc.",
    en: "Please rate how your dossier was handled. The overall rating is required; the detailed criteria are optional.",
  },
  overall: { vi: "Đánh giá chung", en: "Overall" },
  none: { vi: "Không đánh giá", en: "No rating" },
  reason: {
    vi: "Lý do chưa hài lòng (bắt buộc khi chọn “Chưa hài lòng”)",
    en: "Why not satisfied (required for “Not satisfied”)",
  },
  submit: { vi: "Gửi đánh giá", en: "Send the rating" },
  errors: { vi: "Có lỗi cần sửa", en: "There is a problem" },
  thanks: { vi: "Cảm ơn Ông/Bà đã đánh giá.", en: "Thank you for your rating." },
  current: { vi: "Đánh giá hiện tại", en: "Current rating" },
  changeUntil: { vi: "Có thể thay đổi đánh giá đến", en: "You may change it until" },
  code: { vi: "Mã hồ sơ", en: "Dossier code" },
  dossier: { vi: "Hồ sơ", en: "Dossier" },
};
export const RATING_TEXT = T;

const CRITERIA: { name: string; key: RatingCriterion }[] = [
  { name: "ease", key: "ease" },
  { name: "onTime", key: "on_time" },
  { name: "attitude", key: "attitude" },
];

const fmt = (iso: string) => new Date(iso).toLocaleString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", hour12: false });

export interface RatingFormOptions {
  lang: Lang;
  action: string;
  dossierLabel?: string;
  current?: RatingView | null;
  values?: Record<string, string>;
  errors?: FieldError[];
  done?: boolean;
  /** Kiosk: ask for the dossier code. */
  askCode?: boolean;
}

export function renderRatingForm(o: RatingFormOptions): Html {
  const { lang } = o;
  const v = o.values ?? {};
  const cur = o.current;
  const sel = (name: string) => v[name] ?? (cur ? String((cur as unknown as Record<string, unknown>)[name] ?? "") : "");
  const errFor = (name: string) => o.errors?.find((e) => e.path === `body.${name}` || e.path === name);
  const err = (name: string) => {
    const e = errFor(name);
    return e ? html`<p class="error" id="${name}-error">${pick(e.text, lang)}</p>` : "";
  };
  const group = (name: string, legend: string, required: boolean) =>
    html`<fieldset id="${name}"${
      errFor(name) ? html` aria-describedby="${name}-error"` : ""
    }><legend>${legend}${required ? " *" : ""}</legend>${err(name)}${RATING_LEVELS.map(
      (l) =>
        html`<label><input type="radio" name="${name}" value="${l}"${sel(name) === l ? " checked" : ""}${
          required ? " required" : ""
        }> ${pick(RATING_LABELS[l], lang)}</label>`,
    )}${
      required
        ? ""
        : html`<label><input type="radio" name="${name}" value=""${sel(name) === "" ? " checked" : ""}> ${pick(T.none, lang)}</label>`
    }</fieldset>`;
  return html`<h1>${pick(T.title, lang)}</h1>
${o.dossierLabel ? html`<p>${pick(T.dossier, lang)}: <strong>${o.dossierLabel}</strong></p>` : ""}
${o.done ? html`<p class="notice" role="status">${pick(T.thanks, lang)}</p>` : ""}
${
  o.errors?.length
    ? html`<div class="error-summary" role="alert"><h2>${pick(T.errors, lang)}</h2><ul>${o.errors.map(
        (e) => html`<li><a href="#${e.path.replace(/^body\./, "")}">${pick(e.text, lang)}</a></li>`,
      )}</ul></div>`
    : ""
}
${
  cur
    ? html`<p>${pick(T.current, lang)}: <strong>${pick(RATING_LABELS[cur.overall], lang)}</strong>. ${pick(T.changeUntil, lang)} ${fmt(cur.changeableUntil)}.</p>`
    : ""
}
<p>${pick(T.intro, lang)}</p>
<form method="post" action="${o.action}" class="rating">
${
  o.askCode
    ? html`<p><label for="code">${pick(T.code, lang)} *</label>${err("code")}<input id="code" name="code" required value="${v.code ?? ""}" autocomplete="off"></p>`
    : ""
}
${group("overall", pick(T.overall, lang), true)}
${CRITERIA.map((c) => group(c.name, pick(CRITERION_LABELS[c.key], lang), false))}
<p><label for="reason">${pick(T.reason, lang)}</label>${err("reason")}<textarea id="reason" name="reason" rows="3" maxlength="2000">${
    v.reason ?? cur?.reason ?? ""
  }</textarea></p>
<p><button type="submit">${pick(T.submit, lang)}</button></p>
</form>`;
}
