/**
 * The e-form in the browser: runs the SAME validator as the server (src/shared/eform-validate.ts) on blur and on
 * "Continue", shows the same messages next to the fields and in an error summary, manages repeating groups without
 * a round trip, filters communes by province and uploads attachments with a progress bar. Without this script the
 * form still works: every action is a submit button handled by the server.
 */
import { COMMUNES, hasCommuneList, PROVINCES } from "../../shared/admin-units.js";
import type { EForm } from "../../shared/eform.js";
import { type EFormError, formEntriesToData, hiddenPaths, validateEForm } from "../../shared/eform-validate.js";

interface Config {
  form: EForm;
  lang: "vi" | "en";
  procedure: string;
  components?: Array<{ code: string; name: string; required: boolean; message: string }>;
  text?: Record<string, string>;
}

const fid = (path: string) => `f-${path.replace(/\[([^\]]+)\]/g, "-$1").replace(/\./g, "-")}`;

function init() {
  const dataEl = document.getElementById("eform-data");
  const form = document.getElementById("eform") as HTMLFormElement | null;
  if (!dataEl || !form) return;
  let cfg = JSON.parse(dataEl.textContent || "{}") as Config;
  const lang = cfg.lang === "en" ? "en" : "vi";
  const text = cfg.text ?? {};

  const gather = () => {
    const entries: Array<[string, string]> = [];
    new FormData(form).forEach((v, k) => {
      if (typeof v === "string") entries.push([k, v]);
    });
    return formEntriesToData(cfg.form, entries);
  };

  const validate = () => validateEForm(cfg.form, gather(), lang).errors;

  // ---- errors next to fields ----
  function containerOf(path: string): HTMLElement | null {
    return form!.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"], [data-group="${CSS.escape(path)}"]`);
  }

  function setFieldError(path: string, message: string | undefined) {
    const box = containerOf(path);
    if (!box) return;
    const id = fid(path);
    box.querySelectorAll(`#${CSS.escape(`${id}-error`)}`).forEach((n) => {
      n.remove();
    });
    box.classList.toggle("has-error", !!message);
    const controls = box.matches("[data-group]")
      ? [box]
      : Array.from(box.querySelectorAll<HTMLElement>("input, select, textarea"));
    for (const c of controls) {
      const ids = (c.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && x !== `${id}-error`);
      if (message) ids.push(`${id}-error`);
      if (ids.length) c.setAttribute("aria-describedby", ids.join(" "));
      else c.removeAttribute("aria-describedby");
      if (!box.matches("[data-group]")) {
        if (message) c.setAttribute("aria-invalid", "true");
        else c.removeAttribute("aria-invalid");
      }
    }
    if (!message) return;
    const p = document.createElement("p");
    p.className = "error-message";
    p.id = `${id}-error`;
    const hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = lang === "vi" ? "Lỗi: " : "Error: ";
    p.append(hidden, message);
    const anchor = box.querySelector(":scope > label, :scope > legend, :scope > fieldset > legend, :scope > .hint");
    const hint = box.querySelector(":scope > .hint, :scope > fieldset > .hint");
    const after = hint ?? anchor;
    if (after?.parentElement) after.parentElement.insertBefore(p, after.nextSibling);
    else box.prepend(p);
  }

  function clearAllErrors() {
    form!.querySelectorAll<HTMLElement>("[data-path].has-error, [data-group].has-error").forEach((box) => {
      const path = box.getAttribute("data-path") ?? box.getAttribute("data-group")!;
      setFieldError(path, undefined);
    });
  }

  function summary(entries: Array<{ href: string; text: string }>) {
    const slot = document.getElementById("error-summary-slot");
    if (!slot) return;
    slot.textContent = "";
    if (!entries.length) return;
    const box = document.createElement("div");
    box.className = "error-summary";
    box.id = "error-summary";
    box.setAttribute("role", "alert");
    box.tabIndex = -1;
    box.setAttribute("aria-labelledby", "error-summary-title");
    const h = document.createElement("h2");
    h.id = "error-summary-title";
    h.textContent = text.summaryTitle ?? (lang === "vi" ? "Có lỗi cần sửa trước khi tiếp tục" : "There is a problem");
    const ul = document.createElement("ul");
    for (const e of entries) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = e.href;
      a.textContent = e.text;
      a.addEventListener("click", (ev) => {
        const target = document.getElementById(e.href.slice(1));
        if (target) {
          ev.preventDefault();
          target.focus();
          target.scrollIntoView({ block: "center" });
        }
      });
      li.append(a);
      ul.append(li);
    }
    box.append(h, ul);
    slot.append(box);
    box.focus();
  }

  function componentErrors(): Array<{ code: string; message: string }> {
    const out: Array<{ code: string; message: string }> = [];
    for (const c of cfg.components ?? []) {
      if (!c.required) continue;
      const box = form!.querySelector(`[data-component="${CSS.escape(c.code)}"]`);
      const has = box?.querySelector(`input[type=hidden][name="files.${CSS.escape(c.code)}"]`);
      const chosen = box?.querySelector<HTMLInputElement>("input[type=file]")?.files?.length;
      if (!has && !chosen) out.push({ code: c.code, message: c.message });
    }
    return out;
  }

  function setComponentError(code: string, message: string | undefined) {
    const box = form!.querySelector<HTMLElement>(`[data-component="${CSS.escape(code)}"]`);
    if (!box) return;
    const id = `u-${code.replace(/[^\w-]/g, "_")}`;
    box.querySelectorAll(`#${CSS.escape(`${id}-error`)}`).forEach((n) => {
      n.remove();
    });
    box.classList.toggle("has-error", !!message);
    const input = box.querySelector<HTMLInputElement>("input[type=file]");
    if (message) {
      const p = document.createElement("p");
      p.className = "error-message";
      p.id = `${id}-error`;
      p.textContent = message;
      box.querySelector(".hint")?.after(p);
      input?.setAttribute("aria-invalid", "true");
      input?.setAttribute("aria-describedby", `${id}-hint ${id}-error`);
    } else {
      input?.removeAttribute("aria-invalid");
      input?.setAttribute("aria-describedby", `${id}-hint`);
    }
  }

  // ---- conditional fields: shown and hidden as the applicant types (the validator ignores hidden ones) ----
  function showConditional() {
    const hidden = hiddenPaths(cfg.form, gather());
    form!.querySelectorAll<HTMLElement>("[data-show-if]").forEach((box) => {
      const path = box.getAttribute("data-path") ?? box.getAttribute("data-group") ?? "";
      const hide = hidden.has(path);
      if (box.hidden !== hide) {
        box.hidden = hide;
        if (hide) setFieldError(path, undefined);
      }
    });
  }
  form.addEventListener("input", showConditional);
  form.addEventListener("change", showConditional);
  showConditional();
  // The procedure builder's live preview replaces the form's fields and schema, then asks for this.
  form.addEventListener("eform:reload", () => {
    cfg = JSON.parse(dataEl.textContent || "{}") as Config;
    wireProvinces(form);
    showConditional();
  });

  // ---- validation on blur ----
  form.addEventListener("focusout", (ev) => {
    const t = ev.target as HTMLElement;
    if (!t.matches("input, select, textarea") || (t as HTMLInputElement).type === "file") return;
    const box = t.closest<HTMLElement>("[data-path]");
    if (!box) return;
    // Wait for the focus to settle, so a radio group is checked once the focus leaves it.
    setTimeout(() => {
      if (box.contains(document.activeElement)) return;
      const path = box.getAttribute("data-path")!;
      const err = validate().find((e) => e.path === path);
      setFieldError(path, err?.message);
    }, 0);
  });

  // ---- validation on Continue ----
  form.addEventListener("submit", (ev) => {
    const submitter = (ev as SubmitEvent).submitter as HTMLButtonElement | null;
    const action = submitter?.value ?? "review";
    if (action !== "review") return;
    const errors: EFormError[] = validate();
    const compErrors = componentErrors();
    clearAllErrors();
    for (const c of cfg.components ?? []) setComponentError(c.code, undefined);
    if (!errors.length && !compErrors.length) return;
    ev.preventDefault();
    const seen = new Set<string>();
    for (const e of errors)
      if (!seen.has(e.path)) {
        seen.add(e.path);
        setFieldError(e.path, e.message);
      }
    for (const c of compErrors) setComponentError(c.code, c.message);
    summary([
      ...errors.map((e) => ({ href: `#${e.path ? fid(e.path) : "s-form"}`, text: e.message })),
      ...compErrors.map((c) => ({ href: `#u-${c.code.replace(/[^\w-]/g, "_")}`, text: c.message })),
    ]);
  });

  // ---- repeating groups ----
  function items(group: HTMLElement): HTMLElement[] {
    const list = group.querySelector(":scope > .eform-items");
    return list ? (Array.from(list.children) as HTMLElement[]).filter((n) => n.matches("[data-item]")) : [];
  }

  function updateAddButton(group: HTMLElement) {
    const max = group.getAttribute("data-max");
    const btn = group.querySelector<HTMLElement>(":scope > [data-add]");
    if (btn) btn.hidden = max !== null && items(group).length >= Number(max);
  }

  const RENUMBER_ATTRS = [
    "name",
    "value",
    "id",
    "for",
    "aria-describedby",
    "data-item",
    "data-path",
    "data-group",
    "data-remove",
    "data-add",
    "data-province-select",
    "href",
  ];

  function renumber(el: Element, groupPath: string, from: number, to: number) {
    const a = `${groupPath}[${from}]`;
    const b = `${groupPath}[${to}]`;
    const ia = `${fid(groupPath)}-${from}`;
    const ib = `${fid(groupPath)}-${to}`;
    const nodes = [el, ...Array.from(el.querySelectorAll("*"))];
    for (const n of nodes) {
      for (const attr of RENUMBER_ATTRS) {
        const v = n.getAttribute(attr);
        if (v === null) continue;
        const nv = v
          .split(a)
          .join(b)
          .replace(new RegExp(`${ia.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?=-|$|\\s)`, "g"), ib);
        if (
          nv !== v &&
          !(attr === "value" && n instanceof HTMLInputElement && n.type !== "hidden" && n.type !== "radio")
        )
          n.setAttribute(attr, nv);
      }
    }
    el.querySelectorAll(".item-n").forEach((s) => {
      if (s.closest("[data-item]") === el) s.textContent = String(to + 1);
    });
  }

  form.addEventListener("click", (ev) => {
    const btn = (ev.target as HTMLElement).closest<HTMLButtonElement>("button");
    if (!btn || !form.contains(btn)) return;
    const add = btn.getAttribute("data-add");
    const remove = btn.getAttribute("data-remove");
    if (add) {
      const group = btn.closest<HTMLElement>("[data-group]")!;
      const tpl = group.querySelector<HTMLTemplateElement>(":scope > template[data-item-template]");
      const list = group.querySelector(":scope > .eform-items");
      if (!tpl || !list) return;
      ev.preventDefault();
      const i = items(group).length;
      const holder = document.createElement("div");
      holder.innerHTML = tpl.innerHTML
        .split("__i__")
        .join(String(i))
        .split("__n__")
        .join(String(i + 1));
      const item = holder.firstElementChild as HTMLElement;
      list.append(item);
      wireProvinces(item);
      updateAddButton(group);
      showConditional();
      item.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea")?.focus();
      return;
    }
    if (remove) {
      const item = btn.closest<HTMLElement>("[data-item]");
      const group = item?.closest<HTMLElement>("[data-group]");
      if (!item || !group) return;
      ev.preventDefault();
      const groupPath = group.getAttribute("data-group")!;
      const all = items(group);
      const k = all.indexOf(item);
      item.remove();
      for (let j = k + 1; j < all.length; j++) renumber(all[j], groupPath, j, j - 1);
      updateAddButton(group);
      (group.querySelector<HTMLElement>(":scope > [data-add]") ?? group).focus();
      return;
    }
    if (btn.value?.startsWith("removeFile:")) {
      ev.preventDefault();
      const li = btn.closest("li");
      const box = btn.closest<HTMLElement>("[data-component]");
      li?.remove();
      box?.querySelector<HTMLInputElement>("input[type=file]")?.focus();
    }
  });

  // ---- communes filtered by province (typed as text where no list is kept) ----
  const COPY_ATTRS = ["id", "name", "aria-describedby", "aria-invalid", "aria-required", "data-province-select"];
  const placeholder = lang === "vi" ? "— Chọn xã/phường —" : "— Choose a commune —";

  function communeSelect(): HTMLSelectElement {
    const sel = document.createElement("select");
    sel.append(new Option(placeholder, ""));
    for (const p of PROVINCES) {
      if (!hasCommuneList(p.code)) continue;
      const og = document.createElement("optgroup");
      og.label = p.name;
      og.setAttribute("data-province", p.code);
      for (const c of COMMUNES) if (c.province === p.code) og.append(new Option(c.name, c.code));
      sel.append(og);
    }
    return sel;
  }

  function swap(from: HTMLElement, to: HTMLElement) {
    for (const a of COPY_ATTRS) {
      const v = from.getAttribute(a);
      if (v !== null) to.setAttribute(a, v);
      else to.removeAttribute(a);
    }
    from.replaceWith(to);
  }

  function filterCommunes(communeSel: HTMLSelectElement, province: string) {
    let keep = false;
    for (const og of Array.from(communeSel.querySelectorAll("optgroup"))) {
      const show = !province || og.getAttribute("data-province") === province;
      og.hidden = !show;
      og.disabled = !show;
      if (show && communeSel.value && og.querySelector(`option[value="${CSS.escape(communeSel.value)}"]`)) keep = true;
    }
    if (!keep) communeSel.value = "";
  }

  function syncCommune(communeId: string, province: string) {
    const el = document.getElementById(communeId);
    if (!el) return;
    const wantText = !!province && !hasCommuneList(province);
    if (wantText && el.tagName === "SELECT") {
      const input = document.createElement("input");
      input.type = "text";
      input.maxLength = 100;
      input.setAttribute("data-commune-text", "");
      swap(el, input);
    } else if (!wantText && el.tagName === "INPUT") {
      const sel = communeSelect();
      swap(el, sel);
      filterCommunes(sel, province);
    } else if (!wantText) filterCommunes(el as HTMLSelectElement, province);
  }

  function wireProvinces(root: ParentNode) {
    root.querySelectorAll<HTMLElement>("[data-province-select]").forEach((el) => {
      const provinceSel = document.getElementById(el.getAttribute("data-province-select")!) as HTMLSelectElement | null;
      if (provinceSel?.value) syncCommune(el.id, provinceSel.value);
    });
  }
  wireProvinces(form);
  // Delegated, so items added or renumbered later are covered too.
  form.addEventListener("change", (ev) => {
    const t = ev.target as HTMLElement;
    if (!(t instanceof HTMLSelectElement) || !t.hasAttribute("data-province")) return;
    form.querySelectorAll<HTMLElement>(`[data-province-select="${CSS.escape(t.id)}"]`).forEach((el) => {
      syncCommune(el.id, t.value);
    });
  });

  // ---- uploads with progress ----
  form.querySelectorAll<HTMLInputElement>("[data-component] input[type=file]").forEach((input) => {
    const box = input.closest<HTMLElement>("[data-component]")!;
    const code = box.getAttribute("data-component")!;
    const id = input.id;
    const progress = document.getElementById(`${id}-progress`) as HTMLProgressElement | null;
    const status = document.getElementById(`${id}-status`);
    const list = document.getElementById(`${id}-list`);
    input.addEventListener("change", async () => {
      const files = Array.from(input.files ?? []);
      setComponentError(code, undefined);
      for (const file of files) {
        try {
          const stored = await upload(file, code, (pct) => {
            if (progress) {
              progress.hidden = false;
              progress.value = pct;
            }
            if (status) status.textContent = `${file.name}: ${pct}%`;
          });
          const li = document.createElement("li");
          const hidden = document.createElement("input");
          hidden.type = "hidden";
          hidden.name = `files.${code}`;
          hidden.value = stored.id;
          const span = document.createElement("span");
          span.textContent = `${stored.name} (${Math.max(1, Math.round(stored.size / 1024))} KB)`;
          const rm = document.createElement("button");
          rm.type = "submit";
          rm.className = "secondary";
          rm.name = "_action";
          rm.value = `removeFile:${code}:${stored.id}`;
          rm.textContent = text.removeFile ?? (lang === "vi" ? "Xoá tệp" : "Remove file");
          li.append(hidden, span, " ", rm);
          list?.append(li);
          if (status) status.textContent = `${stored.name}: ${lang === "vi" ? "đã tải lên" : "uploaded"}`;
        } catch (e) {
          setComponentError(code, (e as Error).message);
          if (status) status.textContent = "";
        }
      }
      if (progress) progress.hidden = true;
      // The files are on the server now: do not send them again with the form.
      input.value = "";
    });
  });

  function upload(file: File, component: string, onProgress: (pct: number) => void) {
    return new Promise<{ id: string; name: string; size: number }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      const qs = new URLSearchParams({ procedure: cfg.procedure, component, lang });
      xhr.open("POST", `/api/uploads?${qs}`);
      xhr.responseType = "json";
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
      };
      xhr.onload = () => {
        if (xhr.status === 201) resolve(xhr.response);
        else
          reject(
            new Error(
              xhr.response?.error?.message ?? (lang === "vi" ? "Tải tệp lên không thành công." : "The upload failed."),
            ),
          );
      };
      xhr.onerror = () =>
        reject(
          new Error(
            lang === "vi"
              ? "Mất kết nối khi tải tệp lên. Vui lòng thử lại."
              : "Connection lost while uploading. Try again.",
          ),
        );
      const fd = new FormData();
      fd.append("file", file, file.name);
      xhr.send(fd);
    });
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
