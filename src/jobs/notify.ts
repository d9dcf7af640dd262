import type { Deps } from "../app/deps.js";
import { STATUS_NAMES, type StatusCode } from "../domain/status.js";
import { formatDateTime } from "../shared/format.js";
import type { OutboxRow } from "./outbox.js";
import { ratingLink } from "../app/ratings.js";

/**
 * `notify.status`: tells the applicant by e-mail that their dossier changed (domain.md §1: notify on every status
 * change; §5: a moved deadline is told too). Payload `{ dossierId, status, seq }` as queued by the use cases.
 * The mail goes to the applicant's e-mail on the dossier, or else to the e-mail of their portal account; with
 * neither there is nobody to write to and the message is done.
 */

/** Statuses for which the appointment (due instant) is worth repeating. */
const SHOW_DUE = new Set<number>([1, 2, 4, 6, 9]);

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);

/** "17:00 ngày 20/03/2026" */
function vnDateTime(d: Date | string): string {
  const [time, date] = formatDateTime(d).split(" ");
  return `${time} ngày ${date}`;
}

export interface StatusMail {
  to: string;
  subject: string;
  text: string;
}

/** Builds the notification for one event of a dossier, or undefined when the applicant has no e-mail. */
export async function buildStatusMail(
  deps: Deps,
  p: { dossierId: string; status?: number; seq?: number },
): Promise<StatusMail | undefined> {
  const d = await deps.db
    .selectFrom("dossiers")
    .innerJoin("procedure_versions as v", "v.id", "dossiers.procedure_version_id")
    .innerJoin("units as u", "u.id", "dossiers.receiving_unit_id")
    .leftJoin("citizens as c", "c.id", "dossiers.applicant_account_id")
    .select([
      "dossiers.id",
      "dossiers.code",
      "dossiers.reference",
      "dossiers.status",
      "dossiers.applicant",
      "dossiers.due_at",
      "v.name as procedure_name",
      "u.name as unit_name",
      "u.phone as unit_phone",
      "c.email as account_email",
      "c.name as account_name",
    ])
    .where("dossiers.id", "=", p.dossierId)
    .executeTakeFirst();
  if (!d) throw new Error(`dossier ${p.dossierId} not found`);
  const to = str(d.applicant?.email) ?? str(d.account_email);
  if (!to) return undefined;

  const ev =
    typeof p.seq === "number"
      ? await deps.db
          .selectFrom("dossier_events")
          .select(["type", "at", "data", "to_status"])
          .where("dossier_id", "=", d.id)
          .where("seq", "=", p.seq)
          .executeTakeFirst()
      : undefined;
  const status = (
    typeof p.status === "number" && STATUS_NAMES[p.status as StatusCode] ? p.status : (ev?.to_status ?? d.status)
  ) as StatusCode;
  const statusName = STATUS_NAMES[status].vi;
  const ref = d.code ?? d.reference;
  const data = (ev?.data ?? {}) as Record<string, unknown>;
  const extended = ev?.type === "deadline_extended";
  const name = str(d.applicant?.name) ?? str(d.account_name);
  const business = d.applicant?.type === "business";

  const lines: string[] = [];
  lines.push(name ? `Kính gửi ${business ? "" : "Ông/Bà "}${name},` : "Kính gửi Ông/Bà,", "");
  if (extended) {
    lines.push(
      "Cơ quan giải quyết xin lỗi vì hồ sơ của Ông/Bà chưa được giải quyết đúng hẹn và đề nghị gia hạn thời gian giải quyết.",
    );
  } else {
    lines.push(`Hồ sơ của Ông/Bà đã chuyển sang trạng thái: ${statusName}.`);
  }
  lines.push("", `Thủ tục: ${d.procedure_name}`);
  lines.push(d.code ? `Mã hồ sơ: ${d.code}` : `Số tham chiếu: ${d.reference}`);
  lines.push(`Trạng thái: ${statusName}`);
  if (ev?.at) lines.push(`Thời điểm: ${vnDateTime(ev.at)}`);
  if (extended && str(data.previousDueAt))
    lines.push(`Hạn trả kết quả cũ: ${vnDateTime(data.previousDueAt as string)}`);
  if (extended && str(data.newDueAt)) lines.push(`Hạn trả kết quả mới: ${vnDateTime(data.newDueAt as string)}`);
  else if (d.due_at && SHOW_DUE.has(status)) lines.push(`Hạn trả kết quả: ${vnDateTime(d.due_at)}`);
  if (str(data.reason)) lines.push(`Lý do: ${str(data.reason)}`);
  if (str(data.legalBasis)) lines.push(`Căn cứ pháp lý: ${str(data.legalBasis)}`);
  lines.push(`Nơi tiếp nhận: ${d.unit_name}${d.unit_phone ? ` (điện thoại ${d.unit_phone})` : ""}`);
  lines.push("", `Xem chi tiết hồ sơ: ${deps.config.baseUrl}/ho-so-cua-toi/${d.id}`, "");
  if (status === 10)
    lines.push(
      "Mời Ông/Bà đánh giá mức độ hài lòng về việc giải quyết hồ sơ (không cần đăng nhập, liên kết dùng một lần):",
      ratingLink(deps, d.id),
      "",
    );
  lines.push(
    "Đây là thư tự động của Hệ thống thông tin giải quyết thủ tục hành chính. Vui lòng không trả lời thư này.",
  );

  return {
    to,
    subject: extended ? `Hồ sơ ${ref}: gia hạn thời gian giải quyết` : `Hồ sơ ${ref}: ${statusName}`,
    text: lines.join("\n"),
  };
}

/** The outbox handler. */
export async function notifyStatus(row: OutboxRow, deps: Deps): Promise<void> {
  const p = row.payload as { dossierId?: unknown; status?: unknown; seq?: unknown; eventSeq?: unknown };
  const dossierId = typeof p.dossierId === "string" ? p.dossierId : row.dossierId;
  if (!dossierId) throw new Error("notify.status: payload has no dossierId");
  const mail = await buildStatusMail(deps, {
    dossierId,
    status: typeof p.status === "number" ? p.status : undefined,
    seq: typeof p.seq === "number" ? p.seq : typeof p.eventSeq === "number" ? p.eventSeq : undefined,
  });
  if (!mail) return;
  const host = new URL(deps.config.baseUrl).hostname || "motcua.local";
  await deps.mailer.send({ ...mail, messageId: `<outbox-${row.id}.${encodeURIComponent(row.key)}@${host}>` });
}
