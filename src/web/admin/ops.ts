import type { OutboxItem, OutboxState, OutboxTopicCount } from "../../app/admin/outbox.js";
import { formatDateTime } from "../../shared/format.js";
import type { Lang, LText } from "../../shared/text.js";
import { html } from "../html.js";
import { notice, type OfficeUser, officePage, tx, withLang } from "../office/common.js";

/** The outbox on the administrators' operations page (issue #9). */

export const OPS_TEXT = {
  title: { vi: "Hàng đợi gửi đi", en: "Outbox" },
  intro: {
    vi: "Thư điện tử, dữ liệu đồng bộ Cổng DVC quốc gia và các thông điệp khác được gửi từ hàng đợi này, thử lại khi lỗi. Thông điệp đã hết số lần thử cần được gửi lại sau khi khắc phục nguyên nhân.",
    en: "E-mails, national portal pushes and other messages leave from this queue and are retried on errors. A message that used up its retries is requeued once its cause is fixed.",
  },
  topic: { vi: "Loại", en: "Topic" },
  pending: { vi: "Đang chờ", en: "Pending" },
  failed: { vi: "Lỗi (hết lượt thử)", en: "Failed (retries used up)" },
  done: { vi: "Đã gửi trong 24 giờ", en: "Sent in the last 24 hours" },
  oldest: { vi: "Chờ lâu nhất từ", en: "Oldest pending since" },
  none: { vi: "Không có thông điệp nào.", en: "No message." },
  dossier: { vi: "Hồ sơ", en: "Dossier" },
  created: { vi: "Tạo lúc", en: "Created" },
  attempts: { vi: "Số lần thử", en: "Attempts" },
  error: { vi: "Lỗi gần nhất", en: "Last error" },
  action: { vi: "Thao tác", en: "Action" },
  requeue: { vi: "Gửi lại", en: "Requeue" },
  requeued: { vi: "Đã đưa thông điệp số {id} trở lại hàng đợi.", en: "Message {id} is back in the queue." },
  show: { vi: "Xem", en: "Show" },
} satisfies Record<string, LText>;
const T = OPS_TEXT;

export function outboxPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  state: OutboxState;
  topic?: string;
  topics: OutboxTopicCount[];
  items: OutboxItem[];
  flash?: string;
}): string {
  const { lang } = o;
  const base = "/office/quan-tri/hang-doi";
  const link = (state: OutboxState, topic?: string) =>
    withLang(`${base}?state=${state}${topic ? `&topic=${encodeURIComponent(topic)}` : ""}`, lang);
  const body = html`<h1>${tx(lang, T.title)}</h1>
${notice(o.flash)}
<p>${tx(lang, T.intro)}</p>
${
  o.topics.length === 0
    ? html`<p>${tx(lang, T.none)}</p>`
    : html`<div class="table-scroll" tabindex="0" role="region" aria-label="${tx(lang, T.title)}"><table>
<caption>${tx(lang, T.title)}</caption>
<thead><tr><th scope="col">${tx(lang, T.topic)}</th><th scope="col">${tx(lang, T.pending)}</th><th scope="col">${tx(lang, T.failed)}</th><th scope="col">${tx(lang, T.done)}</th><th scope="col">${tx(lang, T.oldest)}</th></tr></thead>
<tbody>${o.topics.map(
        (t) => html`<tr><th scope="row"><code>${t.topic}</code></th>
<td><a href="${link("pending", t.topic)}">${String(t.pending)}</a></td>
<td><a href="${link("failed", t.topic)}">${String(t.failed)}</a></td>
<td>${String(t.doneLastDay)}</td><td>${t.oldestPendingAt ? formatDateTime(t.oldestPendingAt) : "—"}</td></tr>`,
      )}</tbody></table></div>`
}
<h2>${tx(lang, o.state === "failed" ? T.failed : T.pending)}${o.topic ? html` · <code>${o.topic}</code>` : ""}</h2>
<p><a href="${link(o.state === "failed" ? "pending" : "failed", o.topic)}">${tx(lang, o.state === "failed" ? T.pending : T.failed)}</a></p>
${
  o.items.length === 0
    ? html`<p>${tx(lang, T.none)}</p>`
    : html`<div class="table-scroll" tabindex="0" role="region" aria-label="${tx(lang, o.state === "failed" ? T.failed : T.pending)}"><table>
<caption>${tx(lang, o.state === "failed" ? T.failed : T.pending)}</caption>
<thead><tr><th scope="col">#</th><th scope="col">${tx(lang, T.topic)}</th><th scope="col">${tx(lang, T.dossier)}</th><th scope="col">${tx(lang, T.created)}</th><th scope="col">${tx(lang, T.attempts)}</th><th scope="col">${tx(lang, T.error)}</th>${o.state === "failed" ? html`<th scope="col">${tx(lang, T.action)}</th>` : ""}</tr></thead>
<tbody>${o.items.map(
        (i) => html`<tr><td>${String(i.id)}</td><td><code>${i.topic}</code></td><td>${i.dossierCode ?? "—"}</td>
<td>${formatDateTime(i.createdAt)}</td><td>${String(i.attempts)}</td><td>${i.lastError ?? "—"}</td>${
          o.state === "failed"
            ? html`<td><form method="post" action="${withLang(`${base}/${i.id}/requeue`, lang)}"><button type="submit" aria-label="${tx(lang, T.requeue)} #${String(i.id)}">${tx(lang, T.requeue)}</button></form></td>`
            : ""
        }</tr>`,
      )}</tbody></table></div>`
}`;
  return officePage({ title: tx(lang, T.title), lang, url: o.url, user: o.user, current: base, body });
}
