import { Type } from "@sinclair/typebox";
import Mustache from "mustache";
import { MAX_SEGMENTS, MAX_SMS_SEPTETS, nonGsmCharacters, segmentsOf } from "../adapters/sms/protocol.js";
import type { LText } from "../shared/text.js";
import { authoriseOfficerAdmin } from "./admin/officers.js";
import type { Deps } from "./deps.js";
import { fieldError, fill, notFound, parseInput } from "./errors.js";
import type { Officer } from "./actors.js";
import { auditOfficer } from "./officers.js";

/**
 * The notification templates (issue #9, "notification templates editable with a preview"): what the applicant is
 * told by e-mail and by SMS when their dossier changes status or its deadline is extended. Templates are Mustache
 * text (`{{variable}}`, `{{#variable}}…{{/variable}}` for a part shown only when the value is present,
 * `{{^variable}}…{{/variable}}` when absent) over a fixed list of variables per template; an administrator edits them
 * and sees a preview with sample values. Stored in `settings` under `notify.template.<id>`; the defaults are the
 * texts below. A template that does not parse, names an unknown variable, or (SMS) cannot fit three GSM-7 parts with
 * the sample values is refused with a message naming the problem.
 */

export const TEMPLATE_IDS = ["status.email", "extended.email", "status.sms", "extended.sms"] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export interface TemplateVariable {
  name: string;
  description: LText;
  sample: string;
}

/** The values a dossier notification may use (empty string: not available for this event). */
export const DOSSIER_VARIABLES: TemplateVariable[] = [
  {
    name: "addressee",
    description: { vi: "Người nhận: «Ông/Bà Họ tên», tên doanh nghiệp, hoặc «Ông/Bà»", en: "Addressee" },
    sample: "Ông/Bà Nguyễn Văn An",
  },
  {
    name: "dossierRef",
    description: { vi: "Mã hồ sơ, hoặc số tham chiếu khi chưa có mã", en: "Dossier code, or reference" },
    sample: "000.00.12.H26-261204-0001",
  },
  {
    name: "dossierCode",
    description: { vi: "Mã hồ sơ (trống khi chưa tiếp nhận)", en: "Dossier code (empty before receipt)" },
    sample: "000.00.12.H26-261204-0001",
  },
  {
    name: "reference",
    description: { vi: "Số tham chiếu khi nộp trực tuyến", en: "Online submission reference" },
    sample: "TC-7KQ2-M9XD",
  },
  { name: "procedureName", description: { vi: "Tên thủ tục", en: "Procedure" }, sample: "Đăng ký khai sinh" },
  { name: "statusName", description: { vi: "Trạng thái mới", en: "New status" }, sample: "Đã tiếp nhận" },
  {
    name: "eventTime",
    description: { vi: "Thời điểm thay đổi", en: "When it changed" },
    sample: "09:15 ngày 04/12/2026",
  },
  {
    name: "dueAt",
    description: { vi: "Hạn trả kết quả (khi trạng thái có hẹn)", en: "Due (for statuses with an appointment)" },
    sample: "17:00 ngày 07/12/2026",
  },
  {
    name: "previousDueAt",
    description: { vi: "Hạn cũ (khi gia hạn)", en: "Previous due (extension)" },
    sample: "17:00 ngày 07/12/2026",
  },
  {
    name: "newDueAt",
    description: { vi: "Hạn mới (khi gia hạn)", en: "New due (extension)" },
    sample: "17:00 ngày 10/12/2026",
  },
  {
    name: "reason",
    description: { vi: "Lý do (từ chối, bổ sung, gia hạn…)", en: "Reason" },
    sample: "Thiếu bản sao giấy chứng sinh",
  },
  { name: "legalBasis", description: { vi: "Căn cứ pháp lý", en: "Legal basis" }, sample: "Điều 16 Luật Hộ tịch 2014" },
  { name: "unitName", description: { vi: "Nơi tiếp nhận", en: "Receiving unit" }, sample: "UBND phường Hoàn Kiếm" },
  {
    name: "unitPhone",
    description: { vi: "Điện thoại nơi tiếp nhận", en: "Receiving unit's phone" },
    sample: "024 3825 3536",
  },
  {
    name: "dossierUrl",
    description: { vi: "Liên kết xem hồ sơ", en: "Link to the dossier" },
    sample: "https://dichvucong.hanoi.gov.vn/ho-so-cua-toi/0b1c",
  },
  {
    name: "ratingUrl",
    description: { vi: "Liên kết đánh giá (khi đã trả kết quả)", en: "Rating link (when finished)" },
    sample: "https://dichvucong.hanoi.gov.vn/danh-gia/abc",
  },
];

export interface TemplateDef {
  id: TemplateId;
  channel: "email" | "sms";
  name: LText;
  /** E-mail only. */
  subject?: string;
  body: string;
}

/** The lines both default e-mails share: who and what the dossier is, and (after the dates) where and how. */
const DOSSIER_LINES = `Thủ tục: {{procedureName}}
{{#dossierCode}}
Mã hồ sơ: {{dossierCode}}
{{/dossierCode}}
{{^dossierCode}}
Số tham chiếu: {{reference}}
{{/dossierCode}}
Trạng thái: {{statusName}}
{{#eventTime}}
Thời điểm: {{eventTime}}
{{/eventTime}}`;
const CLOSING_LINES = `{{#reason}}
Lý do: {{reason}}
{{/reason}}
{{#legalBasis}}
Căn cứ pháp lý: {{legalBasis}}
{{/legalBasis}}
Nơi tiếp nhận: {{unitName}}{{#unitPhone}} (điện thoại {{unitPhone}}){{/unitPhone}}

Xem chi tiết hồ sơ: {{dossierUrl}}
`;
const FOOTER =
  "Đây là thư tự động của Hệ thống thông tin giải quyết thủ tục hành chính. Vui lòng không trả lời thư này.";

const STATUS_EMAIL = `Kính gửi {{addressee}},

Hồ sơ của Ông/Bà đã chuyển sang trạng thái: {{statusName}}.

${DOSSIER_LINES}
{{#dueAt}}
Hạn trả kết quả: {{dueAt}}
{{/dueAt}}
${CLOSING_LINES}
{{#ratingUrl}}
Mời Ông/Bà đánh giá mức độ hài lòng về việc giải quyết hồ sơ (không cần đăng nhập, liên kết dùng một lần):
{{ratingUrl}}

{{/ratingUrl}}
${FOOTER}`;

const EXTENDED_EMAIL = `Kính gửi {{addressee}},

Cơ quan giải quyết xin lỗi vì hồ sơ của Ông/Bà chưa được giải quyết đúng hẹn và đề nghị gia hạn thời gian giải quyết.

${DOSSIER_LINES}
{{#previousDueAt}}
Hạn trả kết quả cũ: {{previousDueAt}}
{{/previousDueAt}}
{{#newDueAt}}
Hạn trả kết quả mới: {{newDueAt}}
{{/newDueAt}}
{{^newDueAt}}
{{#dueAt}}
Hạn trả kết quả: {{dueAt}}
{{/dueAt}}
{{/newDueAt}}
${CLOSING_LINES}
${FOOTER}`;

export const DEFAULT_TEMPLATES: Record<TemplateId, TemplateDef> = {
  "status.email": {
    id: "status.email",
    channel: "email",
    name: { vi: "Thư điện tử: hồ sơ chuyển trạng thái", en: "E-mail: the dossier's status changed" },
    subject: "Hồ sơ {{dossierRef}}: {{statusName}}",
    body: STATUS_EMAIL,
  },
  "extended.email": {
    id: "extended.email",
    channel: "email",
    name: { vi: "Thư điện tử: gia hạn thời gian giải quyết", en: "E-mail: the deadline is extended" },
    subject: "Hồ sơ {{dossierRef}}: gia hạn thời gian giải quyết",
    body: EXTENDED_EMAIL,
  },
  "status.sms": {
    id: "status.sms",
    channel: "sms",
    name: { vi: "Tin nhắn SMS: hồ sơ chuyển trạng thái", en: "SMS: the dossier's status changed" },
    body: "Hồ sơ {{dossierRef}}: {{statusName}}.{{#dueAt}} Hạn trả kết quả: {{dueAt}}.{{/dueAt}}{{#reason}} Lý do: {{reason}}.{{/reason}} Chi tiết: {{dossierUrl}}",
  },
  "extended.sms": {
    id: "extended.sms",
    channel: "sms",
    name: { vi: "Tin nhắn SMS: gia hạn thời gian giải quyết", en: "SMS: the deadline is extended" },
    body: "Hồ sơ {{dossierRef}} được gia hạn giải quyết{{#newDueAt}} đến {{newDueAt}}{{/newDueAt}}. Cơ quan giải quyết xin lỗi Ông/Bà. Chi tiết: {{dossierUrl}}",
  },
};

const settingKey = (id: TemplateId) => `notify.template.${id}`;
const ALLOWED = new Set(DOSSIER_VARIABLES.map((v) => v.name));
const SAMPLE: Record<string, string> = Object.fromEntries(DOSSIER_VARIABLES.map((v) => [v.name, v.sample]));

export const isTemplateId = (s: string): s is TemplateId => (TEMPLATE_IDS as readonly string[]).includes(s);

/** Text without tone marks, đ → d, and characters outside GSM-7 replaced: what brandname SMS carries. */
function smsPlain(s: string): string {
  const plain = s
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/đ/g, "d")
    .replace(/[ĐÐ]/g, "D")
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, "-")
    .replace(/\s+/g, " ")
    .trim();
  const bad = nonGsmCharacters(plain);
  return bad ? [...plain].map((c) => (bad.includes(c) ? "?" : c)).join("") : plain;
}

/** The SMS as sent: plain GSM-7, cut to what three parts hold (a long procedure name cannot make it undeliverable). */
export function smsText(s: string): string {
  const safe = smsPlain(s);
  return segmentsOf(safe) > MAX_SEGMENTS ? `${[...safe].slice(0, MAX_SMS_SEPTETS - 6).join("")}...` : safe;
}

const render = (template: string, view: Record<string, string>) =>
  Mustache.render(template, view, {}, { escape: (s: string) => s });

/** Checks a template's text: it parses, and every tag names a variable of the list (no partials, no delimiters). */
function checkTemplate(path: string, text: string): void {
  let tokens: unknown[];
  try {
    tokens = Mustache.parse(text);
  } catch (e) {
    throw fieldError(path, {
      vi: `Mẫu không hợp lệ: ${(e as Error).message}`,
      en: `The template does not parse: ${(e as Error).message}`,
    });
  }
  const walk = (list: unknown[]) => {
    for (const t of list as Array<[string, string, number, number, unknown[]?]>) {
      const [type, value] = t;
      if (type === "text" || type === "!") continue;
      if (type === ">" || type === "=")
        throw fieldError(path, {
          vi: "Mẫu không được dùng mẫu con ({{> …}}) hoặc đổi dấu ngoặc ({{= … =}}).",
          en: "Templates may not use partials ({{> …}}) or change delimiters ({{= … =}}).",
        });
      if (!ALLOWED.has(value))
        throw fieldError(
          path,
          fill(
            {
              vi: "Biến «{name}» không có trong danh sách biến của mẫu thông báo.",
              en: "«{name}» is not one of the notification's variables.",
            },
            { name: value },
          ),
        );
      if (Array.isArray(t[4])) walk(t[4]);
    }
  };
  walk(tokens);
}

export interface TemplateText {
  subject?: string;
  body: string;
}

export const TemplateInput = Type.Object(
  {
    subject: Type.Optional(Type.String({ maxLength: 300 })),
    body: Type.String({ minLength: 1, maxLength: 10_000 }),
  },
  { additionalProperties: false },
);

/** Validates a template for its channel; returns the preview with the sample values. */
export function previewTemplate(id: TemplateId, raw: unknown): { subject?: string; body: string; segments?: number } {
  const input = parseInput(TemplateInput, raw);
  const def = DEFAULT_TEMPLATES[id];
  if (def.channel === "email") {
    if (!input.subject?.trim())
      throw fieldError("body.subject", { vi: "Nhập tiêu đề thư.", en: "Enter the e-mail's subject." });
    checkTemplate("body.subject", input.subject);
  }
  checkTemplate("body.body", input.body);
  if (def.channel === "sms") {
    const text = smsPlain(render(input.body, SAMPLE));
    const segments = segmentsOf(text);
    if (segments > MAX_SEGMENTS)
      throw fieldError(
        "body.body",
        fill(
          {
            vi: "Tin nhắn với giá trị mẫu dài {n} phần; tối đa {max} phần (khoảng {chars} ký tự không dấu).",
            en: "With the sample values the message takes {n} parts; at most {max} (about {chars} characters).",
          },
          { n: segments, max: MAX_SEGMENTS, chars: MAX_SMS_SEPTETS },
        ),
      );
    return { body: text, segments };
  }
  return { subject: render(input.subject ?? "", SAMPLE), body: render(input.body, SAMPLE) };
}

/** The template in force: the administrator's version, or the default. */
export async function templateText(
  deps: Pick<Deps, "db">,
  id: TemplateId,
): Promise<TemplateText & { custom: boolean }> {
  const row = await deps.db.selectFrom("settings").select("value").where("key", "=", settingKey(id)).executeTakeFirst();
  const v = row?.value as Partial<TemplateText> | undefined;
  const def = DEFAULT_TEMPLATES[id];
  if (v && typeof v.body === "string")
    return { subject: typeof v.subject === "string" ? v.subject : def.subject, body: v.body, custom: true };
  return { subject: def.subject, body: def.body, custom: false };
}

/** Renders the template in force with a dossier's values (absent values are empty). */
export async function renderNotification(
  deps: Pick<Deps, "db">,
  id: TemplateId,
  values: Partial<Record<string, string>>,
): Promise<{ subject: string; body: string }> {
  const t = await templateText(deps, id);
  const view = Object.fromEntries(DOSSIER_VARIABLES.map((v) => [v.name, values[v.name] ?? ""]));
  return { subject: render(t.subject ?? "", view), body: render(t.body, view) };
}

export async function listTemplates(deps: Deps, admin: Officer) {
  authoriseOfficerAdmin(admin);
  const out = [];
  for (const id of TEMPLATE_IDS) {
    const t = await templateText(deps, id);
    const def = DEFAULT_TEMPLATES[id];
    out.push({ id, channel: def.channel, name: def.name, subject: t.subject, body: t.body, custom: t.custom });
  }
  return out;
}

const unknownTemplate = () =>
  notFound("template_not_found", { vi: "Không có mẫu thông báo này.", en: "No such notification template." });

export function templateIdOf(s: string): TemplateId {
  if (!isTemplateId(s)) throw unknownTemplate();
  return s;
}

/** An administrator saves a template (validated like the preview; audited with before and after). */
export async function saveTemplate(
  deps: Deps,
  admin: Officer,
  id: TemplateId,
  raw: unknown,
  ctx: { ip?: string | null } = {},
): Promise<TemplateText> {
  authoriseOfficerAdmin(admin);
  previewTemplate(id, raw);
  const input = parseInput(TemplateInput, raw);
  const after: TemplateText =
    DEFAULT_TEMPLATES[id].channel === "email"
      ? { subject: input.subject?.trim(), body: input.body }
      : { body: input.body };
  await deps.db.transaction().execute(async (tx) => {
    const before = await templateText({ db: tx }, id);
    await tx
      .insertInto("settings")
      .values({ key: settingKey(id), value: JSON.stringify(after) })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(after), updated_at: deps.now() }))
      .execute();
    await auditOfficer(
      deps,
      {
        action: "notify_template.update",
        actorId: admin.id,
        unitId: admin.unitId,
        target: id,
        ip: ctx.ip ?? null,
        data: { before: { subject: before.subject, body: before.body }, after },
      },
      tx,
    );
  });
  return after;
}

/** An administrator goes back to the default text (audited). */
export async function resetTemplate(deps: Deps, admin: Officer, id: TemplateId, ctx: { ip?: string | null } = {}) {
  authoriseOfficerAdmin(admin);
  await deps.db.transaction().execute(async (tx) => {
    const before = await templateText({ db: tx }, id);
    await tx.deleteFrom("settings").where("key", "=", settingKey(id)).execute();
    await auditOfficer(
      deps,
      {
        action: "notify_template.reset",
        actorId: admin.id,
        unitId: admin.unitId,
        target: id,
        ip: ctx.ip ?? null,
        data: { before: { subject: before.subject, body: before.body } },
      },
      tx,
    );
  });
}
