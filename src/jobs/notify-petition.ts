import type { Deps } from "../app/deps.js";
import { formatDateTime } from "../shared/format.js";
import type { OutboxRow } from "./outbox.js";

/**
 * `notify.petition`: the answer to a citizen's petition (phản ánh, kiến nghị, issue #8) is approved. The citizen gets
 * it by e-mail at their portal account's address, with a link to read it (and rate the handling). Payload
 * `{ petitionId }`, queued by the approving action in its transaction. No e-mail on the account: nobody to write to.
 */
export async function notifyPetition(row: OutboxRow, deps: Deps): Promise<void> {
  const p = row.payload as { petitionId?: unknown };
  if (typeof p.petitionId !== "string") throw new Error("notify.petition: payload needs petitionId");
  const r = await deps.db
    .selectFrom("petitions as p")
    .innerJoin("citizens as c", "c.id", "p.citizen_id")
    .innerJoin("units as u", "u.id", "p.unit_id")
    .select(["p.id", "p.code", "p.title", "p.answer", "p.answered_at", "c.email", "c.name", "u.name as unit_name"])
    .where("p.id", "=", p.petitionId)
    .executeTakeFirstOrThrow();
  const to = r.email?.trim();
  if (!to || !r.answer) return;
  const host = new URL(deps.config.baseUrl).hostname || "motcua.local";
  await deps.mailer.send({
    to,
    subject: `Phản ánh, kiến nghị ${r.code} đã được trả lời`,
    text: [
      `Kính gửi Ông/Bà ${r.name},`,
      "",
      `${r.unit_name} đã trả lời phản ánh, kiến nghị ${r.code} "${r.title}"${r.answered_at ? ` lúc ${formatDateTime(r.answered_at)}` : ""}:`,
      "",
      r.answer,
      "",
      `Xem và đánh giá việc giải quyết: ${deps.config.baseUrl}/phan-anh-cua-toi/${r.id}`,
    ].join("\n"),
    messageId: `<outbox-${row.id}.${encodeURIComponent(row.key)}@${host}>`,
  });
}
