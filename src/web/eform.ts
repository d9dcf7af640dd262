import {
  COMMUNES,
  findCommune,
  findProvince,
  hasCommuneList,
  PROVINCES,
  provincesWithCommunes,
} from "../shared/admin-units.js";
import type { EForm, EFormField, PrefillSource } from "../shared/eform.js";
import { type EFormError, hiddenPaths, parseDate } from "../shared/eform-validate.js";
import { formatDate } from "../shared/format.js";
import { type Lang, type LText, pick } from "../shared/text.js";
import { type Html, html, raw } from "./html.js";

/**
 * Server rendering of an e-form from its schema: accessible (visible labels, hints and errors tied to inputs,
 * required marked in text), working without JavaScript (repeating groups add/remove with submit buttons that
 * re-render on the server), and enhanced by /static/eform.js, which runs the same validator in the browser.
 */

const T = {
  required: { vi: "(bắt buộc)", en: "(required)" },
  optional: { vi: "(không bắt buộc)", en: "(optional)" },
  errorPrefix: { vi: "Lỗi:", en: "Error:" },
  choose: { vi: "— Chọn —", en: "— Choose —" },
  chooseProvinceFirst: { vi: "— Chọn xã/phường —", en: "— Choose a commune —" },
  add: { vi: "Thêm", en: "Add" },
  remove: { vi: "Xoá", en: "Remove" },
  item: { vi: "mục", en: "entry" },
  yes: { vi: "Có", en: "Yes" },
  no: { vi: "Không", en: "No" },
  summaryTitle: { vi: "Có lỗi cần sửa trước khi tiếp tục", en: "There is a problem" },
  dateHint: { vi: "Ví dụ: 15/03/1990", en: "For example: 15/03/1990" },
  none: { vi: "Không có", en: "None" },
} satisfies Record<string, LText>;

export const eformText = T;

/** The id of a field's input (and the error summary's link target): "family.children[1].fullName" → "f-family-children-1-fullName". */
export function fieldId(path: string): string {
  return `f-${path.replace(/\[([^\]]+)\]/g, "-$1").replace(/\./g, "-")}`;
}

const AUTOCOMPLETE: Partial<Record<PrefillSource, string>> = {
  name: "name",
  phone: "tel",
  email: "email",
  address: "street-address",
  birthDate: "bday",
};

const INPUTMODE: Partial<Record<EFormField["type"], string>> = {
  cccd: "numeric",
  phone: "tel",
  taxcode: "numeric",
  number: "decimal",
  email: "email",
};

export interface RenderOptions {
  lang: Lang;
  /** Values to show: the submitted data (raw, as the user typed it), a draft or the prefill. */
  values: Record<string, unknown>;
  errors?: EFormError[];
}

interface Ctx {
  lang: Lang;
  errors: Map<string, string>;
  /** Conditional fields hidden by the values shown (hiddenPaths in src/shared/eform-validate.ts). */
  hidden: Set<string>;
}

/** A conditional field's marks: the browser script shows and hides it as the applicant types. */
function cond(f: EFormField, path: string, ctx: Ctx): Html | "" {
  if (!f.showIf) return "";
  return html` data-show-if${ctx.hidden.has(path) ? html` hidden` : ""}`;
}

/** The e-form's sections and fields (to put inside a <form novalidate>). */
export function renderEForm(form: EForm, o: RenderOptions): Html {
  const ctx: Ctx = { lang: o.lang, errors: new Map(), hidden: hiddenPaths(form, o.values) };
  for (const e of o.errors ?? []) if (!ctx.errors.has(e.path)) ctx.errors.set(e.path, e.message);
  return html`${form.sections.map(
    (s) => html`<fieldset class="eform-section" id="s-${s.key}">
<legend><h2>${pick(s.title, o.lang)}</h2></legend>
${s.fields.map((f) => {
  const sv = sectionValues(o.values, s.key);
  return renderField(f, `${s.key}.${f.key}`, sv[f.key], sv, `${s.key}.`, ctx);
})}
</fieldset>`,
  )}`;
}

function sectionValues(values: Record<string, unknown> | undefined, key: string): Record<string, unknown> {
  const v = values?.[key];
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return String(v);
  return "";
}

function labelText(f: EFormField, ctx: Ctx): Html {
  const mark = f.required ? T.required : f.type === "checkbox" || f.type === "group" ? undefined : T.optional;
  return html`${pick(f.label, ctx.lang)}${mark ? html` <span class="req">${pick(mark, ctx.lang)}</span>` : ""}`;
}

function errorLine(id: string, msg: string | undefined, ctx: Ctx): Html | "" {
  if (!msg) return "";
  return html`<p class="error-message" id="${id}-error"><span class="visually-hidden">${pick(T.errorPrefix, ctx.lang)} </span>${msg}</p>`;
}

function describedBy(id: string, hasHint: boolean, hasError: boolean): string | undefined {
  const ids = [hasHint ? `${id}-hint` : "", hasError ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function attr(name: string, value: string | number | undefined | null | false): Html | "" {
  if (value === undefined || value === null || value === false) return "";
  return html` ${raw(name)}="${String(value)}"`;
}

function renderField(
  f: EFormField,
  path: string,
  value: unknown,
  siblings: Record<string, unknown>,
  siblingPrefix: string,
  ctx: Ctx,
): Html {
  if (f.type === "group") return renderGroup(f, path, value, ctx);
  const id = fieldId(path);
  const msg = ctx.errors.get(path);
  const help = f.help ? pick(f.help, ctx.lang) : "";
  const hint = help ? html`<p class="hint" id="${id}-hint">${help}</p>` : "";
  const db = describedBy(id, !!help, !!msg);
  const common = html`${attr("aria-describedby", db)}${attr("aria-invalid", msg ? "true" : undefined)}${attr("aria-required", f.required ? "true" : undefined)}`;
  const cls = `field${msg ? " has-error" : ""}`;
  const v = str(value);

  if (f.type === "radio") {
    return html`<div class="${cls}" data-path="${path}"${cond(f, path, ctx)}><fieldset id="${id}-set"${attr("aria-describedby", db)}>
<legend class="label">${labelText(f, ctx)}</legend>${hint}${errorLine(id, msg, ctx)}
${(f.options ?? []).map((opt, i) => {
  const oid = i === 0 ? id : `${id}-o${i}`;
  return html`<div class="choice"><input type="radio" id="${oid}" name="${path}" value="${opt.value}"${attr("checked", v === opt.value ? "checked" : undefined)}${attr("aria-invalid", msg ? "true" : undefined)}> <label for="${oid}">${pick(opt.label, ctx.lang)}</label></div>`;
})}
</fieldset></div>`;
  }

  if (f.type === "checkbox") {
    const checked = value === true || ["true", "on", "1"].includes(v);
    return html`<div class="${cls} choice" data-path="${path}"${cond(f, path, ctx)}>${errorLine(id, msg, ctx)}<input type="checkbox" id="${id}" name="${path}" value="true"${attr("checked", checked ? "checked" : undefined)}${common}> <label for="${id}">${labelText(f, ctx)}</label>${hint}</div>`;
  }

  const label = html`<label for="${id}">${labelText(f, ctx)}</label>`;
  let control: Html;
  switch (f.type) {
    case "textarea":
      control = html`<textarea id="${id}" name="${path}" rows="4"${attr("maxlength", f.maxLength)}${common}>${v}</textarea>`;
      break;
    case "select":
      control = html`<select id="${id}" name="${path}"${common}><option value="">${pick(T.choose, ctx.lang)}</option>${(
        f.options ?? []
      ).map(
        (opt) =>
          html`<option value="${opt.value}"${attr("selected", v === opt.value ? "selected" : undefined)}>${pick(opt.label, ctx.lang)}</option>`,
      )}</select>`;
      break;
    case "province":
      control = html`<select id="${id}" name="${path}" data-province${common}><option value="">${pick(T.choose, ctx.lang)}</option>${PROVINCES.map(
        (p) =>
          html`<option value="${p.code}"${attr("selected", v === p.code ? "selected" : undefined)}>${p.name}</option>`,
      )}</select>`;
      break;
    case "commune": {
      const provinceId = f.provinceField ? fieldId(`${siblingPrefix}${f.provinceField}`) : undefined;
      const chosenProvince = f.provinceField ? str(siblings[f.provinceField]) : "";
      if (chosenProvince && findProvince(chosenProvince) && !hasCommuneList(chosenProvince)) {
        // No list kept for that province: the commune is typed (the script swaps back to the list if needed).
        control = html`<input type="text" id="${id}" name="${path}" value="${v}" maxlength="100" data-commune-text${attr("data-province-select", provinceId)}${common}>`;
        break;
      }
      control = html`<select id="${id}" name="${path}"${attr("data-province-select", provinceId)}${common}><option value="">${pick(T.chooseProvinceFirst, ctx.lang)}</option>${provincesWithCommunes().map(
        (p) =>
          html`<optgroup label="${p.name}" data-province="${p.code}"${attr("hidden", chosenProvince && chosenProvince !== p.code && findProvince(chosenProvince) ? "hidden" : undefined)}>${COMMUNES.filter(
            (c) => c.province === p.code,
          ).map(
            (c) =>
              html`<option value="${c.code}"${attr("selected", v === c.code ? "selected" : undefined)}>${c.name}</option>`,
          )}</optgroup>`,
      )}</select>`;
      break;
    }
    case "date": {
      // type=date sends YYYY-MM-DD; a value typed as dd/mm/yyyy elsewhere is shown converted when it is valid.
      const iso = parseDate(v) ?? "";
      control = html`<input type="date" id="${id}" name="${path}" value="${iso || v}"${attr("autocomplete", f.prefill ? AUTOCOMPLETE[f.prefill] : undefined)}${common}>`;
      break;
    }
    default: {
      const type = f.type === "email" ? "email" : f.type === "phone" ? "tel" : "text";
      control = html`<input type="${type}" id="${id}" name="${path}" value="${v}"${attr("inputmode", INPUTMODE[f.type])}${attr("maxlength", f.type === "cccd" ? 12 : f.maxLength)}${attr("autocomplete", f.prefill ? AUTOCOMPLETE[f.prefill] : undefined)}${attr("spellcheck", ["cccd", "phone", "email", "taxcode"].includes(f.type) ? "false" : undefined)}${common}>`;
    }
  }
  return html`<div class="${cls}" data-path="${path}"${cond(f, path, ctx)}>${label}${hint}${errorLine(id, msg, ctx)}${control}</div>`;
}

function renderGroup(f: EFormField, path: string, value: unknown, ctx: Ctx): Html {
  const id = fieldId(path);
  const msg = ctx.errors.get(path);
  const items = Array.isArray(value) ? value : [];
  const count = Math.max(items.length, f.minItems ?? (f.required ? 1 : 0));
  const help = f.help ? pick(f.help, ctx.lang) : "";
  const canAdd = f.maxItems === undefined || count < f.maxItems;
  const label = pick(f.label, ctx.lang);
  return html`<fieldset class="eform-group field${msg ? " has-error" : ""}" id="${id}" tabindex="-1" data-group="${path}"${cond(f, path, ctx)}${attr("data-min", f.minItems)}${attr("data-max", f.maxItems)}${attr("aria-describedby", describedBy(id, !!help, !!msg))}>
<legend class="label">${labelText(f, ctx)}</legend>
${help ? html`<p class="hint" id="${id}-hint">${help}</p>` : ""}${errorLine(id, msg, ctx)}
<div class="eform-items">${Array.from({ length: count }, (_, i) => renderItem(f, path, i, items[i], ctx))}</div>
<button type="submit" class="secondary" name="_action" value="add:${path}" data-add="${path}"${attr("hidden", canAdd ? undefined : "hidden")}>${pick(T.add, ctx.lang)}: ${label}</button>
<template data-item-template="${path}">${renderItem(f, path, "__i__", undefined, { lang: ctx.lang, errors: new Map(), hidden: new Set() })}</template>
</fieldset>`;
}

function renderItem(f: EFormField, groupPath: string, index: number | "__i__", value: unknown, ctx: Ctx): Html {
  const itemPath = `${groupPath}[${index}]`;
  const n = index === "__i__" ? "__n__" : String(index + 1);
  const obj = (value && typeof value === "object" && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
  const label = pick(f.label, ctx.lang);
  return html`<fieldset class="eform-item" data-item="${itemPath}">
<legend>${label} (${pick(T.item, ctx.lang)} <span class="item-n">${n}</span>)</legend>
<input type="hidden" name="${itemPath}._item" value="1">
${(f.fields ?? []).map((sf) => renderField(sf, `${itemPath}.${sf.key}`, obj[sf.key], obj, `${itemPath}.`, ctx))}
<button type="submit" class="secondary" name="_action" value="remove:${itemPath}" data-remove="${itemPath}">${pick(T.remove, ctx.lang)} ${pick(T.item, ctx.lang)} <span class="item-n">${n}</span></button>
</fieldset>`;
}

/** An error summary (GOV.UK pattern): focusable, role=alert, each entry links to its field. */
export function renderErrorSummary(entries: Array<{ href: string; text: string }>, lang: Lang): Html | "" {
  if (!entries.length) return "";
  return html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${pick(T.summaryTitle, lang)}</h2>
<ul>${entries.map((e) => html`<li><a href="${e.href}">${e.text}</a></li>`)}</ul>
</div>`;
}

/** Summary entries for e-form errors, in the order the fields appear. */
export function eformSummaryEntries(errors: EFormError[]): Array<{ href: string; text: string }> {
  return errors.map((e) => ({ href: `#${e.path ? fieldId(e.path) : "s-form"}`, text: e.message }));
}

/** The schema for the browser script, embedded as JSON (safe inside a <script> element). */
export function eformScriptData(form: EForm, extra: Record<string, unknown> = {}): Html {
  const json = JSON.stringify({ form, ...extra }).replace(/</g, "\\u003c");
  return raw(`<script type="application/json" id="eform-data">${json}</script>`);
}

/** A read-only view of e-form data (review page, "my dossiers"). */
export function renderEFormValues(form: EForm, data: Record<string, unknown>, lang: Lang): Html {
  return html`${form.sections.map(
    (s) =>
      html`<section class="eform-values"><h3>${pick(s.title, lang)}</h3><dl class="facts">${s.fields.map((f) =>
        renderValue(f, sectionValues(data, s.key)[f.key], lang),
      )}</dl></section>`,
  )}`;
}

export function displayValue(f: EFormField, v: unknown, lang: Lang): string {
  if (v === undefined || v === null || v === "") return "—";
  switch (f.type) {
    case "date":
      return typeof v === "string" ? formatDate(v) : str(v);
    case "checkbox":
      return pick(v === true ? T.yes : T.no, lang);
    case "select":
    case "radio": {
      const o = (f.options ?? []).find((x) => x.value === v);
      return o ? pick(o.label, lang) : str(v);
    }
    case "province":
      return findProvince(str(v))?.name ?? str(v);
    case "commune":
      return findCommune(str(v))?.name ?? str(v);
    default:
      return str(v);
  }
}

function renderValue(f: EFormField, v: unknown, lang: Lang): Html {
  if (f.type === "group") {
    const items = Array.isArray(v) ? v : [];
    return html`<dt>${pick(f.label, lang)}</dt><dd>${
      items.length
        ? html`<ol class="eform-group-values">${items.map(
            (item) =>
              html`<li><dl class="facts">${(f.fields ?? []).map((sf) =>
                renderValue(sf, (item as Record<string, unknown>)?.[sf.key], lang),
              )}</dl></li>`,
          )}</ol>`
        : pick(T.none, lang)
    }</dd>`;
  }
  return html`<dt>${pick(f.label, lang)}</dt><dd>${displayValue(f, v, lang)}</dd>`;
}
