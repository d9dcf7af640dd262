import type { NotifySettings } from "../../app/notify-settings.js";
import { type Lang, type LText, pick } from "../../shared/text.js";
import { type Html, html } from "../html.js";
import { withLang } from "../office/common.js";

/** The citizen's notification settings page (/tai-khoan/thong-bao): e-mail, SMS or both. */

export const NOTIFY_SETTINGS_TEXT = {
  title: { vi: "Cài đặt nhận thông báo", en: "Notification settings" },
  intro: {
    vi: "Cổng dịch vụ công báo cho Ông/Bà mỗi khi hồ sơ chuyển trạng thái, có yêu cầu bổ sung hoặc được gia hạn. Chọn cách nhận thông báo (ít nhất một cách).",
    en: "The portal tells you whenever a dossier changes status, needs more papers or is extended. Choose how to be told (at least one way).",
  },
  channels: { vi: "Nhận thông báo qua", en: "Be told by" },
  email: { vi: "Thư điện tử", en: "E-mail" },
  sms: { vi: "Tin nhắn SMS (không dấu)", en: "SMS (without diacritics)" },
  noEmail: { vi: "tài khoản chưa có địa chỉ thư điện tử", en: "the account has no e-mail address" },
  noPhone: {
    vi: "tài khoản chưa có số điện thoại di động hợp lệ hoặc chưa kết nối cổng tin nhắn",
    en: "the account has no valid mobile number, or no SMS gateway is connected",
  },
  source: {
    vi: "Địa chỉ thư điện tử và số điện thoại lấy từ tài khoản định danh điện tử VNeID; cập nhật trên VNeID nếu cần.",
    en: "The e-mail address and phone number come from your VNeID account; update them there if needed.",
  },
  save: { vi: "Lưu", en: "Save" },
  saved: { vi: "Đã lưu cách nhận thông báo.", en: "Notification settings saved." },
  back: { vi: "Về hồ sơ của tôi", en: "Back to my dossiers" },
} satisfies Record<string, LText>;
const T = NOTIFY_SETTINGS_TEXT;

export function renderNotifySettings(
  s: NotifySettings,
  lang: Lang,
  o: { saved?: boolean; error?: string; chosen?: string[] } = {},
): Html {
  const chosen = new Set(o.chosen ?? s.channels);
  const box = (value: "email" | "sms", label: LText, address: string | null, missing: LText, available: boolean) =>
    html`<div class="field checkbox"><input type="checkbox" id="channel-${value}" name="channels" value="${value}"${chosen.has(value) ? " checked" : ""}${available ? "" : " disabled"}${o.error ? html` aria-describedby="channels-error"` : ""}><label for="channel-${value}">${pick(label, lang)}${available && address ? html` — ${address}` : html` (${pick(missing, lang)})`}</label></div>`;
  return html`<p><a href="${withLang("/ho-so-cua-toi", lang)}">${pick(T.back, lang)}</a></p>
<h1>${pick(T.title, lang)}</h1>
${o.saved ? html`<div class="notice" role="status"><p>${pick(T.saved, lang)}</p></div>` : ""}
<p>${pick(T.intro, lang)}</p>
<form method="post" action="${withLang("/tai-khoan/thong-bao", lang)}" novalidate>
<fieldset${o.error ? html` class="has-error"` : ""}><legend>${pick(T.channels, lang)}</legend>
${o.error ? html`<p class="error-message" id="channels-error" role="alert">${o.error}</p>` : ""}
${box("email", T.email, s.email, T.noEmail, !!s.email)}
${box("sms", T.sms, s.phone, T.noPhone, s.smsAvailable)}
</fieldset>
<p class="hint">${pick(T.source, lang)}</p>
<div class="actions"><button type="submit">${pick(T.save, lang)}</button></div>
</form>`;
}
