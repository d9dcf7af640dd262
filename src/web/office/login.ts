import type { Lang, LText } from "../../shared/text.js";
import { html, raw } from "../html.js";
import { errorSummary, officePage, tx, withLang } from "./common.js";

export const LOGIN_TEXT = {
  title: { vi: "Đăng nhập một cửa điện tử", en: "One-stop office sign-in" },
  intro: {
    vi: "Dành cho cán bộ, công chức. Đăng nhập gồm hai bước: mật khẩu, sau đó mã xác thực 6 số từ ứng dụng xác thực.",
    en: "For officers. Sign-in has two steps: your password, then a 6-digit code from your authenticator app.",
  },
  username: { vi: "Tên đăng nhập", en: "Username" },
  password: { vi: "Mật khẩu", en: "Password" },
  submit: { vi: "Tiếp tục", en: "Continue" },
  otpTitle: { vi: "Nhập mã xác thực", en: "Enter your verification code" },
  otpIntro: {
    vi: "Mở ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…) và nhập mã 6 số đang hiển thị cho tài khoản {user}.",
    en: "Open your authenticator app (Google Authenticator, Microsoft Authenticator…) and enter the 6-digit code shown for {user}.",
  },
  enrolTitle: { vi: "Thiết lập xác thực hai lớp", en: "Set up two-step verification" },
  enrolIntro: {
    vi: "Tài khoản {user} chưa có mã xác thực. Quét mã QR bằng ứng dụng xác thực, hoặc nhập khoá bí mật bên dưới, rồi nhập mã 6 số đầu tiên để xác nhận.",
    en: "Account {user} has no verification code yet. Scan the QR code with an authenticator app, or type the secret key below, then enter the first 6-digit code to confirm.",
  },
  qrAlt: {
    vi: "Mã QR chứa địa chỉ otpauth để thêm tài khoản vào ứng dụng xác thực",
    en: "QR code holding the otpauth address to add the account to an authenticator app",
  },
  secret: { vi: "Khoá bí mật (nhập tay)", en: "Secret key (manual entry)" },
  code: { vi: "Mã xác thực 6 số", en: "6-digit verification code" },
  codeHint: { vi: "Mã đổi sau mỗi 30 giây.", en: "The code changes every 30 seconds." },
  resetIntro: {
    vi: "Quản trị viên đã cấp lại mật khẩu tạm thời cho tài khoản này. Hãy đặt mật khẩu mới (tối thiểu 10 ký tự) cùng với mã xác thực.",
    en: "An administrator issued a temporary password for this account. Choose a new password (at least 10 characters) together with the code.",
  },
  newPassword: { vi: "Mật khẩu mới", en: "New password" },
  newPassword2: { vi: "Nhập lại mật khẩu mới", en: "New password again" },
  verify: { vi: "Xác nhận và đăng nhập", en: "Verify and sign in" },
  restart: { vi: "Đăng nhập lại từ đầu", en: "Start again" },
  invalid: {
    vi: "Tên đăng nhập hoặc mật khẩu không đúng.",
    en: "The username or password is incorrect.",
  },
  throttled: {
    vi: "Đăng nhập tạm thời bị hạn chế do nhập sai nhiều lần từ nơi này. Vui lòng thử lại sau {seconds} giây.",
    en: "Too many failed sign-ins from here. Please try again in {seconds} seconds.",
  },
  needsCode: {
    vi: "Tài khoản đang bị hạn chế đăng nhập do nhiều lần nhập sai từ nơi khác. Hãy nhập mật khẩu cùng mã xác thực 6 số để đăng nhập.",
    en: "Sign-in to this account is restricted after many failed attempts elsewhere. Enter your password together with your 6-digit verification code to sign in.",
  },
  badCode: {
    vi: "Mã xác thực không đúng, đã hết hạn hoặc đã được sử dụng. Vui lòng nhập mã mới đang hiển thị.",
    en: "The verification code is wrong, expired or already used. Please enter the new code shown.",
  },
  expired: {
    vi: "Phiên đăng nhập đã hết hạn. Vui lòng nhập lại tên đăng nhập và mật khẩu.",
    en: "Your sign-in attempt has expired. Please enter your username and password again.",
  },
  required: { vi: "Vui lòng nhập {field}.", en: "Please enter your {field}." },
  loggedOut: { vi: "Bạn đã đăng xuất.", en: "You have signed out." },
  sessionEnded: {
    vi: "Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.",
    en: "Your session has ended. Please sign in again.",
  },
} satisfies Record<string, LText>;

const fill = (s: string, params: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k) => params[k] ?? "");

export function loginPage(o: {
  lang: Lang;
  url: string;
  username?: string;
  next?: string;
  errors?: Array<{ id: string; message: string }>;
  message?: string;
  /** Ask for the verification code with the password (the account is throttled for unknown devices). */
  askCode?: boolean;
}): string {
  const { lang } = o;
  const errs = o.errors ?? [];
  const errFor = (id: string) => errs.find((e) => e.id === id);
  const field = (id: string, label: LText, input: ReturnType<typeof html>) => {
    const e = errFor(id);
    return html`<div class="field${e ? " has-error" : ""}"><label for="${id}">${tx(lang, label)}</label>${
      e ? html`<p class="error-message" id="${id}-error">${e.message}</p>` : ""
    }${input}</div>`;
  };
  const body = html`<div class="narrow">
<h1>${tx(lang, LOGIN_TEXT.title)}</h1>
${o.message ? html`<div class="notice" role="status">${o.message}</div>` : ""}
${errorSummary(lang, errs)}
<p>${tx(lang, LOGIN_TEXT.intro)}</p>
<form method="post" action="${withLang("/office/login", lang)}" novalidate>
${o.next ? html`<input type="hidden" name="next" value="${o.next}">` : ""}
${field(
  "username",
  LOGIN_TEXT.username,
  html`<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${o.username ?? ""}"${errFor("username") ? html` aria-invalid="true" aria-describedby="username-error"` : ""}${errs.length === 0 ? html` autofocus` : ""}>`,
)}
${field(
  "password",
  LOGIN_TEXT.password,
  html`<input id="password" name="password" type="password" autocomplete="current-password" required${errFor("password") ? html` aria-invalid="true" aria-describedby="password-error"` : ""}>`,
)}
${
  o.askCode
    ? field(
        "code",
        LOGIN_TEXT.code,
        html`<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="7" required>`,
      )
    : ""
}
<button type="submit">${tx(lang, LOGIN_TEXT.submit)}</button>
</form>
</div>`;
  return officePage({ title: tx(lang, LOGIN_TEXT.title), lang, url: o.url, body });
}

export function otpPage(o: {
  lang: Lang;
  url: string;
  username: string;
  enrol?: { secret: string; uri: string; qrSvg: string };
  error?: string;
  /** The account was reset: a new password is asked for with the code. */
  newPassword?: boolean;
  passwordError?: { id: string; message: string };
}): string {
  const { lang } = o;
  const errs = [...(o.passwordError ? [o.passwordError] : []), ...(o.error ? [{ id: "code", message: o.error }] : [])];
  const pwField = (id: "newPassword" | "newPassword2") => {
    const err = o.passwordError?.id === id ? o.passwordError.message : undefined;
    return html`<div class="field${err ? " has-error" : ""}">
<label for="${id}">${tx(lang, LOGIN_TEXT[id])}</label>
${err ? html`<p class="error-message" id="${id}-error">${err}</p>` : ""}
<input id="${id}" name="${id}" type="password" autocomplete="new-password" minlength="10" required${err ? html` aria-invalid="true" aria-describedby="${id}-error"` : ""}>
</div>`;
  };
  const title = tx(lang, o.enrol ? LOGIN_TEXT.enrolTitle : LOGIN_TEXT.otpTitle);
  const grouped = o.enrol?.secret.replace(/(.{4})/g, "$1 ").trim();
  const body = html`<div class="narrow">
<h1>${title}</h1>
${errorSummary(lang, errs)}
<p>${fill(tx(lang, o.enrol ? LOGIN_TEXT.enrolIntro : LOGIN_TEXT.otpIntro), { user: o.username })}</p>
${
  o.enrol
    ? html`<figure class="qr"><div role="img" aria-label="${tx(lang, LOGIN_TEXT.qrAlt)}">${raw(o.enrol.qrSvg)}</div>
<figcaption><strong>${tx(lang, LOGIN_TEXT.secret)}:</strong> <code class="secret">${grouped}</code></figcaption></figure>
<details><summary>otpauth URI</summary><p><code class="uri">${o.enrol.uri}</code></p></details>`
    : ""
}
<form method="post" action="${withLang("/office/login/otp", lang)}" novalidate>
${o.newPassword ? html`<p>${tx(lang, LOGIN_TEXT.resetIntro)}</p>${pwField("newPassword")}${pwField("newPassword2")}` : ""}
<div class="field${o.error ? " has-error" : ""}">
<label for="code">${tx(lang, LOGIN_TEXT.code)}</label>
<p class="hint" id="code-hint">${tx(lang, LOGIN_TEXT.codeHint)}</p>
${o.error ? html`<p class="error-message" id="code-error">${o.error}</p>` : ""}
<input id="code" name="code" class="code" type="text" inputmode="numeric" pattern="[0-9]{6}" maxlength="7" autocomplete="one-time-code" required autofocus aria-describedby="code-hint${o.error ? " code-error" : ""}"${o.error ? html` aria-invalid="true"` : ""}>
</div>
<button type="submit">${tx(lang, LOGIN_TEXT.verify)}</button>
</form>
<p><a href="${withLang("/office/login", lang)}">${tx(lang, LOGIN_TEXT.restart)}</a></p>
</div>`;
  return officePage({ title, lang, url: o.url, body });
}

export { fill };
