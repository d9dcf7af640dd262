/**
 * The procedure builder's live preview (progressive enhancement: without this script the Preview button re-renders
 * the page). As the administrator edits the builder's rows, the rows are sent to the server, which reads them as the
 * save would and renders the e-form with the portal's own renderer; the preview's fields and schema are replaced and
 * the portal's e-form script (./eform.ts) takes them up, so conditional fields and rules can be tried at once.
 */
function init() {
  const builder = document.querySelector<HTMLFormElement>("form[data-preview]");
  const preview = document.getElementById("eform") as HTMLFormElement | null;
  const dataEl = document.getElementById("eform-data");
  if (!builder || !preview || !dataEl) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sent = 0;
  const refresh = async () => {
    const mine = ++sent;
    const body = new URLSearchParams();
    new FormData(builder).forEach((v, k) => {
      if (typeof v === "string") body.append(k, v);
    });
    try {
      const r = await fetch(builder.dataset.preview!, { method: "POST", body, credentials: "same-origin" });
      if (!r.ok || mine !== sent) return;
      const answer = (await r.json()) as { html: string; config: unknown };
      preview.innerHTML = answer.html;
      dataEl.textContent = JSON.stringify(answer.config);
      preview.dispatchEvent(new Event("eform:reload"));
    } catch {
      // the Preview button still works
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 600);
  };
  builder.addEventListener("input", later);
  builder.addEventListener("change", later);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
