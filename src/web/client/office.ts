/**
 * Office keyboard helpers (progressive enhancement: every page works without this script).
 * - Moves focus to the element marked data-autofocus (a notice or an error summary) so screen readers announce it.
 * - "/" jumps to the search box; "j"/"k" move between dossiers in the queue, Enter opens the focused one.
 * - Asks for confirmation before forms marked data-confirm are sent.
 */
function isTyping(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (el as HTMLElement).isContentEditable;
}

document.addEventListener("DOMContentLoaded", () => {
  const target = document.querySelector<HTMLElement>("[data-autofocus]");
  if (target) target.focus();

  document.addEventListener("keydown", (ev) => {
    if (ev.altKey || ev.ctrlKey || ev.metaKey || isTyping(document.activeElement)) return;
    if (ev.key === "/") {
      const search = document.querySelector<HTMLInputElement>("#q");
      if (search) {
        ev.preventDefault();
        search.focus();
        search.select();
      }
      return;
    }
    if (ev.key === "j" || ev.key === "k") {
      const links = Array.from(document.querySelectorAll<HTMLAnchorElement>("table.queue a.dossier-link"));
      if (links.length === 0) return;
      const i = links.indexOf(document.activeElement as HTMLAnchorElement);
      const next = ev.key === "j" ? Math.min(links.length - 1, i + 1) : Math.max(0, i < 0 ? 0 : i - 1);
      ev.preventDefault();
      links[next].focus();
    }
  });

  for (const form of Array.from(document.querySelectorAll<HTMLFormElement>("form[data-confirm]"))) {
    form.addEventListener("submit", (ev) => {
      if (!window.confirm(form.dataset.confirm ?? "")) ev.preventDefault();
    });
  }
});
