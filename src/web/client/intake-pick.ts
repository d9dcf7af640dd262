/**
 * The counter intake's procedure picker, type-to-search (progressive enhancement): without this script the search
 * box submits to the server, which answers with the matching procedures; with it, the list of the select narrows as
 * the officer types, with the same catalogue search (domain/search.ts: diacritics, typos, codes) run in the browser
 * over the unit's procedures.
 */
import { type SearchDoc, SearchIndex } from "../../domain/search.js";

interface Item extends SearchDoc {
  option: HTMLOptionElement;
}

document.addEventListener("DOMContentLoaded", () => {
  const search = document.querySelector<HTMLFormElement>("form[data-intake-search]");
  const input = document.querySelector<HTMLInputElement>("#intake-q");
  const select = document.querySelector<HTMLSelectElement>("#procedure");
  const status = document.querySelector<HTMLElement>("#intake-count");
  if (!search || !input || !select || !status) return;
  const placeholder = select.options[0];
  const items: Item[] = Array.from(select.options)
    .filter((o) => o.value)
    .map((option) => ({
      option,
      code: option.dataset.code ?? "",
      name: option.dataset.name ?? option.text,
      fieldCode: "",
      unitCodes: [],
      level: "",
      onlineKind: "none",
    }));
  const index = new SearchIndex(items);
  const template = select.dataset.matchText ?? "{n} / {total}";

  // The server rendered only the matches of the submitted search: fetch the whole list once so typing can widen it.
  let complete = !new URLSearchParams(location.search).get("q");
  const load = async () => {
    if (complete) return;
    complete = true;
    const url = new URL(location.href);
    url.searchParams.delete("q");
    const res = await fetch(url.toString(), { credentials: "same-origin" });
    if (!res.ok) return;
    const doc = new DOMParser().parseFromString(await res.text(), "text/html");
    const all = doc.querySelectorAll<HTMLOptionElement>("#procedure option[value]");
    const known = new Set(items.map((i) => i.option.value));
    const more: Item[] = [];
    for (const o of Array.from(all)) {
      if (!o.value || known.has(o.value)) continue;
      const option = document.importNode(o, true);
      more.push({
        option,
        code: option.dataset.code ?? "",
        name: option.dataset.name ?? option.text,
        fieldCode: "",
        unitCodes: [],
        level: "",
        onlineKind: "none",
      });
    }
    if (more.length) {
      items.push(...more);
      current = new SearchIndex(items);
      filter();
    }
  };
  let current = index;

  const filter = () => {
    const q = input.value.trim();
    const shown = q ? current.rank({ q }).map((h) => h.doc) : [...items];
    const chosen = select.value;
    select.replaceChildren(placeholder, ...shown.map((i) => i.option));
    if (shown.some((i) => i.option.value === chosen)) select.value = chosen;
    else if (shown.length === 1) select.value = shown[0].option.value;
    else select.value = "";
    status.textContent = q
      ? template.replace("{n}", String(shown.length)).replace("{total}", String(items.length))
      : "";
  };

  input.addEventListener("input", () => {
    filter();
    void load();
  });
  // With the script the search happens as you type; Enter moves on to the list instead of reloading the page.
  search.addEventListener("submit", (ev) => {
    ev.preventDefault();
    filter();
    select.focus();
  });
});
