import type { Deps } from "../app/deps.js";
import { CRITERION_LABELS, RATING_LABELS, type RatingLevel } from "../domain/measure/index766.js";
import type { OutboxRow } from "./outbox.js";

/**
 * `notify.rating`: an applicant rated a dossier "Chưa hài lòng" (issue #8). Every active leader of the receiving unit
 * with an e-mail address gets the rating, the reason and a link to the dossier. Payload `{ dossierId, seq }` (the
 * "rated" event). A unit without a leader's e-mail has nobody to write to: the message is done.
 */
export async function notifyRating(row: OutboxRow, deps: Deps): Promise<void> {
  const p = row.payload as { dossierId?: unknown; seq?: unknown };
  const dossierId = typeof p.dossierId === "string" ? p.dossierId : row.dossierId;
  if (!dossierId || typeof p.seq !== "number") throw new Error("notify.rating: payload needs dossierId and seq");
  const d = await deps.db
    .selectFrom("dossiers")
    .innerJoin("procedure_versions as v", "v.id", "dossiers.procedure_version_id")
    .innerJoin("units as u", "u.id", "dossiers.receiving_unit_id")
    .select(["dossiers.id", "dossiers.code", "dossiers.reference", "v.name as procedure_name", "u.id as unit_id"])
    .select("u.name as unit_name")
    .where("dossiers.id", "=", dossierId)
    .executeTakeFirstOrThrow();
  const ev = await deps.db
    .selectFrom("dossier_events")
    .select(["at", "data", "actor_name"])
    .where("dossier_id", "=", dossierId)
    .where("seq", "=", p.seq)
    .executeTakeFirstOrThrow();
  const data = ev.data as {
    overall?: RatingLevel;
    reason?: string | null;
    criteria?: Record<string, RatingLevel | null>;
    via?: string;
  };
  const leaders = await deps.db
    .selectFrom("officers")
    .select(["email", "name", "roles"])
    .where("unit_id", "=", d.unit_id)
    .where("active", "=", true)
    .where("email", "is not", null)
    .execute();
  const to = leaders.filter((o) => (o.roles as string[]).includes("leader") && o.email).map((o) => o.email!);
  if (to.length === 0) return;
  const ref = d.code ?? d.reference;
  const crit = data.criteria ?? {};
  const lines = [
    `Kính gửi lãnh đạo ${d.unit_name},`,
    "",
    `Người nộp hồ sơ ${ref} đánh giá: ${RATING_LABELS[data.overall ?? "unsatisfied"].vi}.`,
    `Thủ tục: ${d.procedure_name}`,
    `Lý do: ${data.reason ?? "(không nêu)"}`,
    ...(["ease", "onTime", "attitude"] as const)
      .filter((k) => crit[k])
      .map(
        (k) => `${CRITERION_LABELS[k === "onTime" ? "on_time" : k].vi}: ${RATING_LABELS[crit[k] as RatingLevel].vi}`,
      ),
    "",
    `Xem hồ sơ: ${deps.config.baseUrl}/office/dossiers/${d.id}`,
  ];
  const host = new URL(deps.config.baseUrl).hostname || "motcua.local";
  await deps.mailer.send({
    to: to.join(", "),
    subject: `Hồ sơ ${ref}: người dân chưa hài lòng`,
    text: lines.join("\n"),
    messageId: `<outbox-${row.id}.${encodeURIComponent(row.key)}@${host}>`,
  });
}
