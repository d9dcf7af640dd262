import { ACTION_LABELS, type ActionField, type DossierDetail, type OfficerAction } from "../../app/office/index.js";
import { SHIPMENT_KIND_NAMES } from "../../domain/postal.js";
import { STATUS_NAMES } from "../../domain/status.js";
import type { EForm } from "../../shared/eform.js";
import { formatDateTime, formatVnd } from "../../shared/format.js";
import type { Lang, LText } from "../../shared/text.js";
import { renderEFormValues } from "../eform.js";
import { type Html, html } from "../html.js";
import {
  errorSummary,
  type FieldErr,
  notice,
  type OfficeUser,
  officePage,
  ROLE_NAMES,
  tx,
  withLang,
} from "./common.js";
import { CHANNEL_NAMES, DUE_NAMES } from "./queue.js";
import { SIGNATURE_COLUMN, signatureCell } from "./signatures.js";

/** The dossier page of the office: header, e-form data, files, forms, steps and tasks, history, allowed actions. */

export const OUTCOME_NAMES: Record<string, LText> = {
  early: { vi: "Trước hạn", en: "Early" },
  on_time: { vi: "Đúng hạn", en: "On time" },
  late: { vi: "Trễ hạn", en: "Late" },
};

const RETURN_NAMES: Record<string, LText> = {
  counter: { vi: "Trực tiếp tại Bộ phận Một cửa", en: "At the counter" },
  post: { vi: "Qua bưu chính công ích", en: "By post" },
  online: { vi: "Trực tuyến", en: "Online" },
};

export const FORM_TITLES: Record<string, LText> = {
  "01": { vi: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", en: "Receipt and appointment slip" },
  "02": { vi: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", en: "Request to supplement the dossier" },
  "03": { vi: "Phiếu từ chối tiếp nhận giải quyết hồ sơ", en: "Refusal to accept the dossier" },
  "04": { vi: "Văn bản xin lỗi và đề nghị gia hạn", en: "Apology and extension request" },
  "05": { vi: "Thông báo dừng giải quyết hồ sơ", en: "Notice of stopped processing" },
  "06": { vi: "Phiếu kiểm soát quá trình giải quyết hồ sơ", en: "Processing control sheet" },
};

const TASK_KINDS: Record<string, LText> = {
  step: { vi: "Bước xử lý", en: "Step" },
  consultation: { vi: "Xin ý kiến", en: "Consultation" },
  interagency: { vi: "Liên thông", en: "Inter-agency" },
};
const TASK_STATUS: Record<string, LText> = {
  open: { vi: "Đang thực hiện", en: "Open" },
  done: { vi: "Hoàn thành", en: "Done" },
  cancelled: { vi: "Huỷ", en: "Cancelled" },
};
const FILE_KINDS: Record<string, LText> = {
  component: { vi: "Thành phần hồ sơ", en: "Dossier component" },
  result: { vi: "Kết quả", en: "Result" },
  form: { vi: "Biểu mẫu", en: "Form" },
  supplement: { vi: "Bổ sung", en: "Supplement" },
  other: { vi: "Khác", en: "Other" },
};

/** Labels of the keys that appear in event details. */
const DATA_KEYS: Record<string, LText> = {
  note: { vi: "Ghi chú", en: "Note" },
  reason: { vi: "Lý do", en: "Reason" },
  legalBasis: { vi: "Căn cứ pháp lý", en: "Legal basis" },
  items: { vi: "Nội dung bổ sung", en: "Items" },
  channel: { vi: "Kênh", en: "Channel" },
  returnMethod: { vi: "Hình thức trả kết quả", en: "Return method" },
  question: { vi: "Nội dung xin ý kiến", en: "Question" },
  reply: { vi: "Trả lời", en: "Reply" },
  amount: { vi: "Số tiền", en: "Amount" },
  description: { vi: "Nội dung", en: "Description" },
  method: { vi: "Hình thức", en: "Method" },
  reference: { vi: "Số biên lai", en: "Reference" },
  receiverName: { vi: "Người nhận", en: "Received by" },
  onBehalfOf: { vi: "Nộp thay cho", en: "On behalf of" },
  code: { vi: "Mã hồ sơ", en: "Code" },
  dueAt: { vi: "Hạn trả kết quả", en: "Due" },
  newDueAt: { vi: "Hạn mới", en: "New due date" },
  outcome: { vi: "Kết quả so với hạn", en: "Outcome" },
  title: { vi: "Tiêu đề", en: "Title" },
  trackingNumber: { vi: "Số hiệu bưu gửi", en: "Tracking number" },
  fee: { vi: "Cước phí", en: "Fee" },
  address: { vi: "Địa chỉ", en: "Address" },
};

const T = {
  code: { vi: "Mã hồ sơ", en: "Dossier code" },
  reference: { vi: "Mã tham chiếu", en: "Reference" },
  status: { vi: "Trạng thái", en: "Status" },
  procedure: { vi: "Thủ tục", en: "Procedure" },
  applicant: { vi: "Người nộp", en: "Applicant" },
  channel: { vi: "Kênh nộp", en: "Channel" },
  submitted: { vi: "Nộp lúc", en: "Submitted" },
  received: { vi: "Tiếp nhận lúc", en: "Received" },
  due: { vi: "Hẹn trả kết quả", en: "Due" },
  originalDue: { vi: "Hạn ban đầu", en: "Original due date" },
  outcome: { vi: "Kết quả so với hạn", en: "Outcome" },
  returnMethod: { vi: "Hình thức nhận kết quả", en: "Result returned" },
  currentUnit: { vi: "Đơn vị đang xử lý", en: "Processing unit" },
  assignee: { vi: "Cán bộ được giao", en: "Assigned to" },
  receivingUnit: { vi: "Đơn vị tiếp nhận", en: "Receiving unit" },
  sets: { vi: "Số bộ hồ sơ", en: "Sets" },
  suspended: { vi: "Tạm dừng tính thời gian từ", en: "Clock suspended since" },
  eform: { vi: "Thông tin tờ khai", en: "Application data" },
  noEform: { vi: "Không có dữ liệu tờ khai.", en: "No application data." },
  files: { vi: "Giấy tờ, tệp đính kèm", en: "Files" },
  noFiles: { vi: "Chưa có tệp nào.", en: "No files yet." },
  fromWarehouse: {
    vi: "Từ Kho dữ liệu của người nộp: “{title}”, đã xác thực lúc {at}",
    en: "From the applicant's data warehouse: “{title}”, verified at {at}",
  },
  fileName: { vi: "Tệp", en: "File" },
  fileKind: { vi: "Loại", en: "Kind" },
  component: { vi: "Thành phần", en: "Component" },
  added: { vi: "Thêm lúc", en: "Added" },
  forms: { vi: "In phiếu, biểu mẫu (PDF)", en: "Print forms (PDF)" },
  noForms: { vi: "Chưa có biểu mẫu nào được ban hành.", en: "No forms issued yet." },
  form: { vi: "Mẫu", en: "Form" },
  steps: { vi: "Quy trình và phần việc", en: "Process and tasks" },
  task: { vi: "Phần việc", en: "Task" },
  kind: { vi: "Loại", en: "Kind" },
  unit: { vi: "Đơn vị", en: "Unit" },
  start: { vi: "Bắt đầu", en: "Started" },
  taskDue: { vi: "Hạn", en: "Due" },
  finished: { vi: "Hoàn thành", en: "Finished" },
  taskStatus: { vi: "Tình trạng", en: "State" },
  lead: { vi: "chủ trì", en: "lead" },
  noTasks: { vi: "Chưa có phần việc nào.", en: "No tasks yet." },
  history: { vi: "Lịch sử xử lý", en: "History" },
  actor: { vi: "Người thực hiện", en: "By" },
  actions: { vi: "Thao tác được phép", en: "Allowed actions" },
  noActions: {
    vi: "Bạn không có thao tác nào với hồ sơ này ở trạng thái hiện tại.",
    en: "You have no action on this dossier in its current state.",
  },
  back: { vi: "← Về hàng đợi", en: "← Back to the queue" },
  payments: { vi: "Nghĩa vụ tài chính", en: "Financial obligations" },
  postal: { vi: "Dịch vụ bưu chính công ích", en: "Public postal service" },
  postalChoice: { vi: "Công dân đăng ký", en: "The applicant chose" },
  postalCollect: { vi: "thu gom hồ sơ", en: "collection of the papers" },
  postalDeliver: { vi: "phát kết quả", en: "delivery of the result" },
  postalError: { vi: "Lỗi", en: "Error" },
  required: { vi: "(bắt buộc)", en: "(required)" },
  choose: { vi: "— Chọn —", en: "— Choose —" },
  row: { vi: "Dòng", en: "Row" },
  rowsHint: {
    vi: "Điền các dòng cần dùng; dòng để trống sẽ được bỏ qua.",
    en: "Fill in the rows you need; empty rows are ignored.",
  },
  linesHint: { vi: "Mỗi dòng một căn cứ.", en: "One per line." },
  datetimeHint: { vi: "Giờ Việt Nam (UTC+7).", en: "Vietnam time (UTC+7)." },
  done: { vi: "Đã thực hiện: {action}.", en: "Done: {action}." },
  intakeDone: {
    vi: "Đã tạo và tiếp nhận hồ sơ {code}.",
    en: "Dossier {code} created and received.",
  },
  printForm01: { vi: "In Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)", en: "Print the receipt (form 01)" },
  jump: { vi: "Đến phần thao tác", en: "Go to actions" },
  yes: { vi: "Có", en: "Yes" },
  paid: { vi: "Đã nộp", en: "Paid" },
  refused: { vi: "Không thực hiện được thao tác", en: "The action was not carried out" },
  handover: { vi: "Bàn giao", en: "Hand-over" },
  stepDone: { vi: "Bước", en: "Step" },
  nextStep: { vi: "Bước tiếp theo", en: "Next step" },
  requested: { vi: "Chờ nộp", en: "Awaiting payment" },
} satisfies Record<string, LText>;

const fill = (s: string, p: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k) => p[k] ?? "");
const dt = (v: string | null | undefined) =>
  v ? html`<time datetime="${v}">${formatDateTime(v)}</time>` : html`<span class="muted">—</span>`;
const statusName = (lang: Lang, s: number | null | undefined) =>
  s ? tx(lang, STATUS_NAMES[s as keyof typeof STATUS_NAMES] ?? { vi: String(s) }) : "—";

/** The id of an action form's input for a field path (e.g. "items.0.content"). */
export function actionFieldId(action: string, path: string): string {
  return `a-${action}-${path.replace(/\[(\d+)\]/g, ".$1").replace(/\./g, "-")}`;
}

/** Maps an error path of the engine ("body.items[0].content", "body.items.0.content") to the form field's id. */
export function actionErrorId(action: string, path: string): string {
  return actionFieldId(action, path.replace(/^body\.?/, "") || "form");
}

export interface ActionFormState {
  action: string;
  values: Record<string, string | string[]>;
  errors: FieldErr[];
  message: string;
}

/** Number of rows offered for list inputs ("items", "units") without JavaScript. */
export const LIST_ROWS = 3;

function renderActionField(
  lang: Lang,
  action: string,
  f: ActionField,
  state: ActionFormState | undefined,
  prefix = "",
  parentOptions?: ActionField["options"],
): Html {
  const name = `${prefix}${f.name}`;
  const id = actionFieldId(action, name);
  const err = state?.errors.find((e) => e.id === id);
  const raw = state?.values[name];
  const value = Array.isArray(raw) ? raw[0] : (raw ?? "");
  const req = f.required ? html` <span class="req">${tx(lang, T.required)}</span>` : "";
  const hintText = f.hint
    ? tx(lang, f.hint)
    : f.type === "lines"
      ? tx(lang, T.linesHint)
      : f.type === "datetime"
        ? tx(lang, T.datetimeHint)
        : "";
  const describedBy = [hintText ? `${id}-hint` : "", err ? `${id}-error` : ""].filter(Boolean).join(" ");
  const aria = html`${describedBy ? html` aria-describedby="${describedBy}"` : ""}${err ? html` aria-invalid="true"` : ""}${
    f.required ? html` aria-required="true"` : ""
  }`;
  const hint = hintText ? html`<p class="hint" id="${id}-hint">${hintText}</p>` : "";
  const errLine = err ? html`<p class="error-message" id="${id}-error">${err.message}</p>` : "";
  const cls = `field${err ? " has-error" : ""}`;
  if (f.type === "items" || f.type === "units") {
    const sub = f.itemFields ?? [];
    return html`<fieldset class="${cls} rows" id="${id}" tabindex="-1"${aria}><legend class="label">${tx(lang, f.label)}${req}</legend>
${hint}${errLine}<p class="hint">${tx(lang, T.rowsHint)}</p>
${Array.from(
  { length: LIST_ROWS },
  (_, i) =>
    html`<fieldset class="row"><legend>${tx(lang, T.row)} ${i + 1}</legend>${sub.map((sf) =>
      renderActionField(lang, action, { ...sf, required: false }, state, `${name}.${i}.`, f.options),
    )}</fieldset>`,
)}
</fieldset>`;
  }
  if (f.type === "checkbox")
    return html`<div class="${cls} check">${errLine}<input type="checkbox" id="${id}" name="${name}" value="true"${
      value === "true" ? html` checked` : ""
    }${aria}> <label for="${id}">${tx(lang, f.label)}</label>${hint}</div>`;
  const label = html`<label for="${id}">${tx(lang, f.label)}${req}</label>`;
  let control: Html;
  switch (f.type) {
    case "textarea":
    case "lines":
      control = html`<textarea id="${id}" name="${name}" rows="3"${aria}>${value}</textarea>`;
      break;
    case "number":
      control = html`<input type="number" id="${id}" name="${name}" value="${value}" inputmode="decimal" min="0" step="any"${aria}>`;
      break;
    case "datetime":
      control = html`<input type="datetime-local" id="${id}" name="${name}" value="${value}"${aria}>`;
      break;
    case "select": {
      const options = f.options ?? parentOptions ?? [];
      control = html`<select id="${id}" name="${name}"${aria}><option value="">${tx(lang, T.choose)}</option>${options.map(
        (o) => html`<option value="${o.value}"${o.value === value ? html` selected` : ""}>${o.label}</option>`,
      )}</select>`;
      break;
    }
    case "file":
    case "files":
      control = html`<input type="file" id="${id}" name="${name}" accept="application/pdf,image/jpeg,image/png"${
        f.type === "files" ? html` multiple` : ""
      }${aria}>`;
      break;
    default:
      control = html`<input type="text" id="${id}" name="${name}" value="${value}"${aria}>`;
  }
  return html`<div class="${cls}">${label}${hint}${errLine}${control}</div>`;
}

function actionForm(
  lang: Lang,
  dossierId: string,
  a: DossierDetail["allowedActions"][number],
  state: ActionFormState | undefined,
  openAll: boolean,
): Html {
  const mine = state?.action === a.action ? state : undefined;
  const multipart = a.input.fields.some((f) => f.type === "file" || f.type === "files");
  const dangerous = ["refuse", "stop", "record_withdrawal"].includes(a.action);
  const label = tx(lang, a.label);
  return html`<details class="action" id="act-${a.action}"${mine || openAll ? html` open` : ""}>
<summary>${label}</summary>
${mine ? errorSummary(lang, mine.errors.length ? mine.errors : [{ id: `act-${a.action}`, message: mine.message }]) : ""}
<form method="post" action="${withLang(`/office/dossiers/${dossierId}/actions/${a.action}`, lang)}"${
    multipart ? html` enctype="multipart/form-data"` : ""
  } novalidate${dangerous ? html` data-confirm="${label}?"` : ""}>
${a.input.fields.map((f) => renderActionField(lang, a.action, f, mine))}
<button type="submit"${dangerous ? html` class="danger"` : ""}>${label}</button>
</form>
</details>`;
}

/** Changed fields of the dossier worth showing in the timeline, with their labels. */
const CHANGE_KEYS: Record<string, LText> = {
  code: { vi: "Mã hồ sơ", en: "Code" },
  due_at: { vi: "Hạn trả kết quả", en: "Due" },
  outcome: { vi: "Kết quả so với hạn", en: "Outcome" },
  return_method: { vi: "Hình thức trả kết quả", en: "Return method" },
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v);
const nameOf = (v: unknown): string | undefined =>
  isObj(v) && typeof v.name === "string" ? v.name : typeof v === "string" ? v : undefined;

/** The details of one history event: the meaningful values only (no internal ids). */
function eventDetails(lang: Lang, data: Record<string, unknown>): Html | "" {
  const show = (k: string, v: unknown): string => {
    if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T/.test(v)) return formatDateTime(v);
    if ((k === "amount" || k === "fee") && typeof v === "number") return formatVnd(v);
    if ((k === "outcome" || k === "outcome_change") && typeof v === "string")
      return tx(lang, OUTCOME_NAMES[v] ?? { vi: v });
    if (k === "channel" && typeof v === "string") return tx(lang, CHANNEL_NAMES[v] ?? { vi: v });
    if ((k === "returnMethod" || k === "return_method" || k === "method") && typeof v === "string")
      return tx(lang, RETURN_NAMES[v] ?? { vi: v });
    if (Array.isArray(v))
      return v
        .map((x) =>
          isObj(x)
            ? Object.values(x)
                .filter((y) => typeof y === "string" || typeof y === "number")
                .join(" — ")
            : String(x),
        )
        .join("; ");
    if (isObj(v)) return nameOf(v) ?? "";
    return String(v);
  };
  const rows: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(data ?? {})) {
    if (v === null || v === undefined || v === "" || !DATA_KEYS[k]) continue;
    const text = show(k, v);
    if (text) rows.push([tx(lang, DATA_KEYS[k]), text]);
  }
  const step = (label: LText, v: unknown) => {
    if (!isObj(v) || typeof v.name !== "string") return;
    const due = typeof v.dueAt === "string" ? ` (${tx(lang, T.taskDue).toLowerCase()} ${formatDateTime(v.dueAt)})` : "";
    rows.push([tx(lang, label), `${v.name}${due}`]);
  };
  const handover = data?.handover;
  if (isObj(handover)) {
    const from = nameOf(handover.fromUnit);
    const to = nameOf(handover.toUnit);
    const outcome =
      typeof handover.outcome === "string" ? tx(lang, OUTCOME_NAMES[handover.outcome] ?? { vi: handover.outcome }) : "";
    if (from || to) rows.push([tx(lang, T.handover), `${from ?? "—"} → ${to ?? "—"}${outcome ? ` · ${outcome}` : ""}`]);
  }
  step(T.stepDone, data?.step);
  step(T.nextStep, data?.nextStep);
  const changes = (isObj(data?.changes) ? data.changes : {}) as Record<string, { from: unknown; to: unknown }>;
  const shown = new Set(rows.map(([label]) => label));
  for (const [k, c] of Object.entries(changes)) {
    if (!CHANGE_KEYS[k] || !isObj(c) || shown.has(tx(lang, CHANGE_KEYS[k]))) continue;
    rows.push([
      tx(lang, CHANGE_KEYS[k]),
      `${c.from == null ? "—" : show(k, c.from)} → ${c.to == null ? "—" : show(k, c.to)}`,
    ]);
  }
  if (rows.length === 0) return "";
  return html`<dl class="event-data">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

/** The applicant's postal choice and the shipments (a booking given up shows its error here and in the history). */
function postalSection(lang: Lang, p: DossierDetail["postal"]): Html | "" {
  if (!p.choice && !p.shipments.length) return "";
  const chosen = p.choice
    ? [p.choice.collect ? tx(lang, T.postalCollect) : "", p.choice.deliver ? tx(lang, T.postalDeliver) : ""]
        .filter(Boolean)
        .join(", ")
    : "";
  return html`<section aria-labelledby="h-postal"><h2 id="h-postal">${tx(lang, T.postal)}</h2>
${p.choice ? html`<p>${tx(lang, T.postalChoice)}: ${chosen} — ${p.choice.name}, ${p.choice.phone}, ${p.choice.address} (${p.choice.service})</p>` : ""}
<ul>${p.shipments.map(
    (s) =>
      html`<li>${tx(lang, SHIPMENT_KIND_NAMES[s.kind as "pickup" | "delivery"])}${s.trackingNumber ? ` · ${s.trackingNumber}` : ""}: <strong>${tx(lang, s.statusName)}</strong>${s.fee !== null ? ` · ${formatVnd(s.fee)}` : ""}${s.error ? html` — ${tx(lang, T.postalError)}: ${s.error}` : ""}</li>`,
  )}</ul></section>`;
}

export function dossierPage(o: {
  lang: Lang;
  url: string;
  user: OfficeUser;
  detail: DossierDetail;
  eform: EForm | null;
  flash?: { action?: string; intake?: boolean };
  actionState?: ActionFormState;
}): string {
  const { lang, detail } = o;
  const d = detail.dossier;
  const p = detail.procedure;
  const title = `${d.code ?? d.reference} – ${p.name}`;
  const dueTag = DUE_NAMES[d.dueState];
  const actionLabel = o.flash?.action ? ACTION_LABELS[o.flash.action as OfficerAction] : undefined;
  let flash: Html | "" = "";
  if (o.flash?.intake) {
    const has01 = detail.forms.some((f) => f.no === "01");
    flash = html`<div class="notice ok" role="status" tabindex="-1" data-autofocus><p>${fill(tx(lang, T.intakeDone), {
      code: d.code ?? d.reference,
    })}</p>${
      has01
        ? html`<p><a class="button" href="/api/office/dossiers/${d.id}/forms/01" target="_blank" rel="noopener">${tx(lang, T.printForm01)}</a></p>`
        : ""
    }</div>`;
  } else if (o.flash?.action) {
    flash = notice(fill(tx(lang, T.done), { action: actionLabel ? tx(lang, actionLabel) : o.flash.action }));
  }
  const formsList = [
    ...detail.forms.map((f) => ({ no: f.no as string, url: f.url, at: f.issuedAt })),
    ...(d.receivedAt && !detail.forms.some((f) => f.no === "06")
      ? [{ no: "06", url: `/api/office/dossiers/${d.id}/forms/06`, at: null as string | null }]
      : []),
  ];
  const facts: Array<[LText, Html | string]> = [
    [T.status, html`<strong>${tx(lang, d.statusName)}</strong>`],
    [T.procedure, `${p.code} – ${p.name}`],
    [
      T.applicant,
      `${d.applicant.name}${d.applicant.idNumber ? ` · ${d.applicant.idNumber}` : ""}${d.applicant.phone ? ` · ${d.applicant.phone}` : ""}`,
    ],
    [T.channel, tx(lang, CHANNEL_NAMES[d.channel] ?? { vi: d.channel })],
    [T.receivingUnit, d.receivingUnit.name ?? ""],
    [T.submitted, dt(d.submittedAt)],
    [T.received, dt(d.receivedAt)],
    [
      T.due,
      html`${dt(d.dueAt)}${
        dueTag ? html` <span class="tag ${d.dueState === "overdue" ? "err" : "warn"}">${tx(lang, dueTag)}</span>` : ""
      }`,
    ],
  ];
  if (d.originalDueAt && d.originalDueAt !== d.dueAt) facts.push([T.originalDue, dt(d.originalDueAt)]);
  if (d.suspendedAt) facts.push([T.suspended, dt(d.suspendedAt)]);
  if (d.outcome) facts.push([T.outcome, tx(lang, OUTCOME_NAMES[d.outcome] ?? { vi: d.outcome })]);
  if (d.currentUnit) facts.push([T.currentUnit, d.currentUnit.name ?? ""]);
  if (d.assignee) facts.push([T.assignee, d.assignee.name ?? ""]);
  facts.push([
    T.returnMethod,
    `${tx(lang, RETURN_NAMES[d.returnMethod] ?? { vi: d.returnMethod })}${d.returnAddress ? ` – ${d.returnAddress}` : ""}`,
  ]);
  facts.push([T.sets, String(d.sets)]);

  const stepRows = p.steps.map((s) => {
    const task = [...detail.tasks].reverse().find((t) => t.kind === "step" && t.stepIndex === s.index);
    return { s, task };
  });
  const otherTasks = detail.tasks.filter((t) => t.kind !== "step");

  const body = html`<p><a href="${withLang("/office", lang)}">${tx(lang, T.back)}</a> · <a href="#actions" accesskey="a">${tx(lang, T.jump)} <kbd>A</kbd></a></p>
${flash}
<header class="dossier-head">
<h1>${d.code ?? d.reference}<small>${p.name}</small></h1>
${d.code ? html`<p class="hint">${tx(lang, T.reference)}: ${d.reference}</p>` : ""}
<dl class="facts">${facts.map(([k, v]) => html`<dt>${tx(lang, k)}</dt><dd>${v}</dd>`)}</dl>
</header>

<section aria-labelledby="h-actions" id="actions" tabindex="-1">
<h2 id="h-actions">${tx(lang, T.actions)}</h2>
${
  o.actionState && !detail.allowedActions.some((a) => a.action === o.actionState?.action)
    ? html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary" data-autofocus><h2>${tx(lang, T.refused)}</h2><p>${o.actionState.message}</p></div>`
    : ""
}
${
  detail.allowedActions.length === 0
    ? html`<p>${tx(lang, T.noActions)}</p>`
    : detail.allowedActions.map((a) => actionForm(lang, d.id, a, o.actionState, detail.allowedActions.length === 1))
}
</section>

<section aria-labelledby="h-eform">
<h2 id="h-eform">${tx(lang, T.eform)}</h2>
${
  o.eform && Object.keys(d.data ?? {}).length
    ? renderEFormValues(o.eform, d.data as Record<string, unknown>, lang)
    : html`<p>${tx(lang, T.noEform)}</p>`
}
</section>

<section aria-labelledby="h-files">
<h2 id="h-files">${tx(lang, T.files)}</h2>
${
  detail.files.length === 0
    ? html`<p>${tx(lang, T.noFiles)}</p>`
    : html`<table><thead><tr><th scope="col">${tx(lang, T.fileName)}</th><th scope="col">${tx(lang, T.fileKind)}</th><th scope="col">${tx(lang, T.component)}</th><th scope="col">${tx(lang, T.added)}</th><th scope="col">${tx(lang, SIGNATURE_COLUMN)}</th></tr></thead><tbody>${detail.files.map(
        (f) => {
          const comp = p.components.find((c) => c.code === f.componentCode);
          return html`<tr><td><a href="${f.url}" target="_blank" rel="noopener">${f.name}</a>${f.size === null ? "" : html` <span class="hint">(${Math.max(1, Math.round(f.size / 1024))} KB)</span>`}${f.warehouse ? html`<br><span class="tag ok">${fill(tx(lang, T.fromWarehouse), { title: f.warehouse.title ?? "", at: f.warehouse.verifiedAt ? formatDateTime(f.warehouse.verifiedAt) : "—" })}</span>` : ""}</td><td>${tx(lang, FILE_KINDS[f.kind] ?? { vi: f.kind })}</td><td>${comp?.name ?? f.componentCode ?? ""}</td><td>${dt(f.addedAt)}</td><td>${signatureCell(lang, f)}</td></tr>`;
        },
      )}</tbody></table>`
}
</section>

<section aria-labelledby="h-forms">
<h2 id="h-forms">${tx(lang, T.forms)}</h2>
${
  formsList.length === 0
    ? html`<p>${tx(lang, T.noForms)}</p>`
    : html`<ul class="forms">${formsList.map(
        (f) =>
          html`<li><a href="${f.url}" target="_blank" rel="noopener">${tx(lang, T.form)} ${f.no}: ${tx(lang, FORM_TITLES[f.no] ?? { vi: "" })}</a>${
            f.at ? html` <span class="hint">(${formatDateTime(f.at)})</span>` : ""
          }</li>`,
      )}</ul>`
}
</section>

${
  detail.payments.length
    ? html`<section aria-labelledby="h-pay"><h2 id="h-pay">${tx(lang, T.payments)}</h2><ul>${detail.payments.map(
        (x) =>
          html`<li>${x.description}: ${formatVnd(x.amount)} — ${tx(lang, x.status === "paid" ? T.paid : T.requested)}${
            x.paidAt ? html` (${formatDateTime(x.paidAt)})` : ""
          }</li>`,
      )}</ul></section>`
    : ""
}

${postalSection(lang, detail.postal)}
<section aria-labelledby="h-steps">
<h2 id="h-steps">${tx(lang, T.steps)}</h2>
<div class="table-scroll"><table class="steps">
<thead><tr><th scope="col">${tx(lang, T.task)}</th><th scope="col">${tx(lang, T.unit)}</th><th scope="col">${tx(lang, T.assignee)}</th><th scope="col">${tx(lang, T.start)}</th><th scope="col">${tx(lang, T.taskDue)}</th><th scope="col">${tx(lang, T.finished)}</th><th scope="col">${tx(lang, T.taskStatus)}</th></tr></thead>
<tbody>${stepRows.map(
    ({ s, task }) =>
      html`<tr${task?.status === "open" ? html` class="current"` : ""}><th scope="row">${s.index + 1}. ${s.name} <span class="hint">(${tx(lang, ROLE_NAMES[s.role] ?? { vi: s.role })}, ${s.budgetHours} h)</span></th><td>${task?.unit.name ?? s.unit?.name ?? ""}</td><td>${task?.assignee?.name ?? ""}</td><td>${dt(task?.startedAt)}</td><td>${dt(task?.dueAt)}</td><td>${dt(task?.finishedAt)}</td><td>${
        task ? tx(lang, TASK_STATUS[task.status] ?? { vi: task.status }) : ""
      }${task?.outcome ? html` · ${tx(lang, OUTCOME_NAMES[task.outcome] ?? { vi: task.outcome })}` : ""}</td></tr>`,
  )}${otherTasks.map(
    (t) =>
      html`<tr${t.status === "open" ? html` class="current"` : ""}><th scope="row">${tx(lang, TASK_KINDS[t.kind] ?? { vi: t.kind })}: ${t.name}${
        t.lead ? html` <span class="tag">${tx(lang, T.lead)}</span>` : ""
      }</th><td>${t.unit.name ?? ""}</td><td>${t.assignee?.name ?? ""}</td><td>${dt(t.startedAt)}</td><td>${dt(t.dueAt)}</td><td>${dt(t.finishedAt)}</td><td>${tx(lang, TASK_STATUS[t.status] ?? { vi: t.status })}${
        t.outcome ? html` · ${tx(lang, OUTCOME_NAMES[t.outcome] ?? { vi: t.outcome })}` : ""
      }</td></tr>`,
  )}</tbody></table></div>
</section>

<section aria-labelledby="h-history">
<h2 id="h-history">${tx(lang, T.history)}</h2>
<ol class="timeline">${detail.events.map(
    (e) => html`<li>
<p class="when">${dt(e.at)}</p>
<p class="what"><strong>${tx(lang, e.label)}</strong>${
      e.fromStatus !== e.toStatus && e.toStatus
        ? html` <span class="transition">${e.fromStatus ? statusName(lang, e.fromStatus) : "—"} → ${statusName(lang, e.toStatus)}</span>`
        : ""
    }</p>
<p class="who">${tx(lang, T.actor)}: ${e.actor.name ?? e.actor.kind}${e.unit?.name ? html` · ${e.unit.name}` : ""}</p>
${eventDetails(lang, e.data as Record<string, unknown>)}
</li>`,
  )}</ol>
</section>`;
  return officePage({ title, lang, url: o.url, body, user: o.user, current: "" });
}
