import type { Deps } from "../app/deps.js";
import { STATUS_NAMES, type StatusCode } from "../domain/status.js";
import { formatDateTime } from "../shared/format.js";
import type { OutboxRow } from "./outbox.js";
import { ratingLink } from "../app/ratings.js";
import { VN_MOBILE } from "../adapters/sms/protocol.js";
import { renderNotification, smsText } from "../app/notify-templates.js";
import { enqueue } from "../app/outbox.js";
import { SMS_TOPIC, sendSms } from "../app/sms.js";

/**
 * `notify.status`: tells the applicant by e-mail that their dossier changed (domain.md §1: notify on every status
 * change; §5: a moved deadline is told too). Payload `{ dossierId, status, seq }` as queued by the use cases.
 * The mail goes to the applicant's e-mail on the dossier, or else to the e-mail of their portal account; with
 * neither there is nobody to write to and the message is done. The texts are the notification templates
 * (src/app/notify-templates.ts); an applicant who chose SMS is also told through the SMS gateway.
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

export interface StatusSms {
  to: string;
  text: string;
}

type Channel = "email" | "sms";

/**
 * What one event of a dossier tells the applicant, and where: the template values, the recipients and the
 * channels. An applicant with a portal account is told on the channels they chose (default e-mail); one without
 * (counter and postal dossiers) by e-mail.
 */
async function statusNotice(deps: Deps, p: { dossierId: string; status?: number; seq?: number }) {
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
      "c.id as account_id",
      "c.email as account_email",
      "c.phone as account_phone",
      "c.name as account_name",
      "c.notify_channels",
    ])
    .where("dossiers.id", "=", p.dossierId)
    .executeTakeFirst();
  if (!d) throw new Error(`dossier ${p.dossierId} not found`);
  const email = str(d.applicant?.email) ?? str(d.account_email);
  const phone = (str(d.applicant?.phone) ?? str(d.account_phone))?.replace(/[\s.]/g, "");
  // SMS only with the applicant's consent, given on their portal account; without an account, e-mail as before
  const channels = new Set<Channel>(d.account_id ? (d.notify_channels ?? ["email"]) : ["email"]);

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
  const data = (ev?.data ?? {}) as Record<string, unknown>;
  const extended = ev?.type === "deadline_extended";
  const name = str(d.applicant?.name) ?? str(d.account_name);
  const business = d.applicant?.type === "business";
  const values: Record<string, string> = {
    addressee: name ? `${business ? "" : "Ông/Bà "}${name}` : "Ông/Bà",
    dossierRef: d.code ?? d.reference,
    dossierCode: d.code ?? "",
    reference: d.reference,
    procedureName: d.procedure_name,
    statusName: STATUS_NAMES[status].vi,
    eventTime: ev?.at ? vnDateTime(ev.at) : "",
    dueAt: d.due_at && SHOW_DUE.has(status) ? vnDateTime(d.due_at) : "",
    previousDueAt: extended && str(data.previousDueAt) ? vnDateTime(data.previousDueAt as string) : "",
    newDueAt: extended && str(data.newDueAt) ? vnDateTime(data.newDueAt as string) : "",
    reason: str(data.reason) ?? "",
    legalBasis: str(data.legalBasis) ?? "",
    unitName: d.unit_name,
    unitPhone: d.unit_phone ?? "",
    dossierUrl: `${deps.config.baseUrl}/ho-so-cua-toi/${d.id}`,
    ratingUrl: status === 10 ? ratingLink(deps, d.id) : "",
  };
  return {
    values,
    extended,
    email: channels.has("email") ? email : undefined,
    phone: channels.has("sms") && phone && VN_MOBILE.test(phone) ? phone : undefined,
  };
}

type Notice = Awaited<ReturnType<typeof statusNotice>>;
type NoticeInput = { dossierId: string; status?: number; seq?: number };

async function mailOf(deps: Deps, n: Notice): Promise<StatusMail | undefined> {
  if (!n.email) return undefined;
  const m = await renderNotification(deps, n.extended ? "extended.email" : "status.email", n.values);
  return { to: n.email, subject: m.subject, text: m.body };
}

async function smsOf(deps: Deps, n: Notice): Promise<StatusSms | undefined> {
  if (!n.phone) return undefined;
  const m = await renderNotification(deps, n.extended ? "extended.sms" : "status.sms", n.values);
  return { to: n.phone, text: smsText(m.body) };
}

/** Builds the e-mail for one event of a dossier, or undefined when the applicant is not told by e-mail. */
export async function buildStatusMail(deps: Deps, p: NoticeInput): Promise<StatusMail | undefined> {
  return mailOf(deps, await statusNotice(deps, p));
}

/** Builds the SMS for one event of a dossier, or undefined when the applicant is not told by SMS. */
export async function buildStatusSms(deps: Deps, p: NoticeInput): Promise<StatusSms | undefined> {
  return smsOf(deps, await statusNotice(deps, p));
}

const payloadOf = (row: OutboxRow) => {
  const p = row.payload as { dossierId?: unknown; status?: unknown; seq?: unknown; eventSeq?: unknown };
  const dossierId = typeof p.dossierId === "string" ? p.dossierId : row.dossierId;
  if (!dossierId) throw new Error(`${row.topic}: payload has no dossierId`);
  return {
    dossierId,
    status: typeof p.status === "number" ? p.status : undefined,
    seq: typeof p.seq === "number" ? p.seq : typeof p.eventSeq === "number" ? p.eventSeq : undefined,
  };
};

/**
 * The outbox handler: queues the SMS as its own message (`notify.sms`, same key, so a retry of the e-mail does not
 * send it twice and an SMS gateway fault does not hold the e-mail back), then sends the e-mail.
 */
export async function notifyStatus(row: OutboxRow, deps: Deps): Promise<void> {
  const p = payloadOf(row);
  // the dossier and its event are read once for both channels
  const n = await statusNotice(deps, p);
  if (deps.config.services.sms && n.phone)
    await enqueue(deps.db, { topic: SMS_TOPIC, key: row.key, dossierId: p.dossierId, payload: p });
  const mail = await mailOf(deps, n);
  if (!mail) return;
  const host = new URL(deps.config.baseUrl).hostname || "motcua.local";
  await deps.mailer.send({ ...mail, messageId: `<outbox-${row.id}.${encodeURIComponent(row.key)}@${host}>` });
}

/** `notify.sms`: sends the SMS of one event through the gateway (idempotent by the outbox key). */
export async function notifySms(row: OutboxRow, deps: Deps): Promise<void> {
  const p = payloadOf(row);
  const sms = await buildStatusSms(deps, p);
  if (!sms) return;
  await sendSms(deps, { ref: `${SMS_TOPIC}:${row.key}`, dossierId: p.dossierId, to: sms.to, text: sms.text });
}
