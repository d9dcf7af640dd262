/**
 * Citizens' ratings of finished dossiers (issue #8; Circular 32/2017; domain.md §8): an overall level (Rất hài lòng /
 * Hài lòng / Chưa hài lòng) and the optional detailed criteria (ease and response time, on-time result, staff
 * attitude); "Chưa hài lòng" needs a reason and reaches the leaders of the receiving unit (outbox "notify.rating").
 *
 * Four ways in, one use case (`rateDossier`): the applicant's portal account ("my dossiers"), a signed single-use
 * expiring link from the closing e-mail (no login), the counter kiosk (a receiving officer's device, for walk-in
 * applicants, dossiers of the officer's unit only), and the National Public Service Portal (issue #6: ratings given
 * there, pulled with `LayDanhGia` by src/app/national-portal/ratings.ts, recorded by the integration actor). One
 * rating per dossier; a local rating may be changed within `config.ratings.changeWindowHours` of the first. Between
 * the two portals the first rating stands: a national rating of a dossier already rated is not recorded
 * (`rating_already_given`), and a rating given on the national portal is not changed from here
 * (`rating_given_elsewhere`), so the province and the national portal count the same rating. Each rating or change is an event ("rated") in the dossier's
 * history, in the same transaction, so the satisfaction statistics come from history like every other figure.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { type Static, Type } from "@sinclair/typebox";
import { RATING_LEVELS, type RatingLevel } from "../domain/measure/index766.js";
import { RATED } from "../domain/measure/statistics.js";
import { Status } from "../domain/status.js";
import type { Citizen, Officer } from "./actors.js";
import { ownedBy } from "./citizen-dossiers.js";
import type { Deps } from "./deps.js";
import { AppError, conflict, fieldError, notFound, parseInput } from "./errors.js";
import { type Actor, appendEvent } from "./history.js";
import { enqueue } from "./outbox.js";

const Level = Type.Union(
  RATING_LEVELS.map((l) => Type.Literal(l)),
  { description: "very_satisfied | satisfied | unsatisfied" },
);

/** The rating form, the same for the API, the portal page, the e-mail link and the kiosk. */
export const RatingInput = Type.Object({
  overall: Level,
  ease: Type.Optional(Level),
  onTime: Type.Optional(Level),
  attitude: Type.Optional(Level),
  reason: Type.Optional(Type.String({ maxLength: 2000, description: "Lý do chưa hài lòng" })),
});
export type RatingInput = Static<typeof RatingInput>;

export type Rater =
  | { via: "portal"; citizen: Citizen }
  | { via: "link"; token: string }
  | { via: "kiosk"; officer: Officer }
  /** A rating given on the national portal: the integration actor records it, once per national rating id. */
  | { via: "national_portal"; actor: Actor; ratingId: string; dossierRef: string; givenAt: string };

export type RatingChannel = Rater["via"];

export interface RatingView {
  dossierId: string;
  overall: RatingLevel;
  ease: RatingLevel | null;
  onTime: RatingLevel | null;
  attitude: RatingLevel | null;
  reason: string | null;
  via: RatingChannel;
  firstRatedAt: string;
  ratedAt: string;
  /** Until when the rating may still be changed. */
  changeableUntil: string;
}

const NOT_FOUND = notFound("dossier_not_found", {
  vi: "Không tìm thấy hồ sơ.",
  en: "Dossier not found.",
});
const LINK_INVALID = new AppError(404, "rating_link_invalid", {
  vi: "Liên kết đánh giá không hợp lệ.",
  en: "This rating link is not valid.",
});
const LINK_EXPIRED = new AppError(410, "rating_link_expired", {
  vi: "Liên kết đánh giá đã hết hạn.",
  en: "This rating link has expired.",
});
const LINK_USED = new AppError(410, "rating_link_used", {
  vi: "Liên kết đánh giá đã được sử dụng.",
  en: "This rating link has already been used.",
});

// ---------------------------------------------------------------------------------------------------------------
// Links: `<dossier id>.<expiry, ms base 36>.<HMAC-SHA256 of both, base64url>`

function mac(deps: Deps, dossierId: string, exp: string): string {
  return createHmac("sha256", deps.config.sessionSecret).update(`rating-link:${dossierId}:${exp}`).digest("base64url");
}

/** A rating link for the closing e-mail, valid `config.ratings.linkValidDays` days. */
export function ratingLink(deps: Deps, dossierId: string): string {
  const exp = (deps.now().getTime() + deps.config.ratings.linkValidDays * 86400_000).toString(36);
  return `${deps.config.baseUrl}/danh-gia/${dossierId}.${exp}.${mac(deps, dossierId, exp)}`;
}

/** Checks a link token; returns the dossier id and the signature (the single-use key). */
export function checkRatingToken(deps: Deps, token: string): { dossierId: string; signature: string } {
  const parts = token.split(".");
  if (parts.length !== 3) throw LINK_INVALID;
  const [dossierId, exp, sig] = parts;
  const want = Buffer.from(mac(deps, dossierId, exp));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) throw LINK_INVALID;
  const expMs = Number.parseInt(exp, 36);
  if (!Number.isFinite(expMs) || deps.now().getTime() > expMs) throw LINK_EXPIRED;
  return { dossierId, signature: sig };
}

// ---------------------------------------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function view(
  deps: Deps,
  r: {
    dossier_id: string;
    overall: RatingLevel;
    ease: RatingLevel | null;
    on_time: RatingLevel | null;
    attitude: RatingLevel | null;
    reason: string | null;
    via: RatingChannel;
    first_rated_at: Date;
    rated_at: Date;
  },
): RatingView {
  const first = new Date(r.first_rated_at);
  return {
    dossierId: r.dossier_id,
    overall: r.overall,
    ease: r.ease,
    onTime: r.on_time,
    attitude: r.attitude,
    reason: r.reason,
    via: r.via,
    firstRatedAt: first.toISOString(),
    ratedAt: new Date(r.rated_at).toISOString(),
    changeableUntil: new Date(first.getTime() + deps.config.ratings.changeWindowHours * 3600_000).toISOString(),
  };
}

/** Resolves who may rate which dossier: the dossier id (after the rater's own check), or a 404. */
async function targetOf(deps: Deps, rater: Rater, ref: string | undefined): Promise<string> {
  if (rater.via === "link") return checkRatingToken(deps, rater.token).dossierId;
  if (!ref) throw NOT_FOUND;
  if (rater.via === "national_portal") {
    // the caller resolved the portal's dossier reference to the dossier's id
    if (!UUID.test(ref)) throw NOT_FOUND;
    return ref;
  }
  if (rater.via === "portal") {
    if (!UUID.test(ref)) throw NOT_FOUND;
    const d = await deps.db
      .selectFrom("dossiers as d")
      .select("d.id")
      .where("d.id", "=", ref)
      .where(ownedBy(rater.citizen.id))
      .executeTakeFirst();
    if (!d) throw NOT_FOUND;
    return d.id;
  }
  // kiosk: a receiving officer of the unit that received the dossier, looked up by its code
  if (!rater.officer.roles.includes("receiving"))
    throw new AppError(403, "receiving_officer_only", {
      vi: "Chỉ cán bộ tiếp nhận và trả kết quả được mở trang đánh giá tại quầy.",
      en: "Only a receiving officer may open the counter rating page.",
    });
  const d = await deps.db
    .selectFrom("dossiers")
    .select("id")
    .where("code", "=", ref.trim())
    .where("receiving_unit_id", "=", rater.officer.unitId)
    .executeTakeFirst();
  if (!d) throw NOT_FOUND;
  return d.id;
}

/** The dossier's rating, if any, for a rater allowed to see the dossier. */
export async function getRating(deps: Deps, rater: Rater, ref?: string): Promise<RatingView | null> {
  const id = await targetOf(deps, rater, ref);
  const r = await deps.db.selectFrom("dossier_ratings").selectAll().where("dossier_id", "=", id).executeTakeFirst();
  return r ? view(deps, r) : null;
}

export const RATING_ALREADY_GIVEN = "rating_already_given";
export const RATING_GIVEN_ELSEWHERE = "rating_given_elsewhere";

/**
 * Records or changes the rating of a finished dossier. Refusals: 404 (not the rater's dossier, bad link), 410 (link
 * expired or used), 409 (not finished yet, change window closed, already rated on the other portal), 422 (input,
 * reason missing when not satisfied — the national portal's ratings carry the reason the citizen gave there, if any).
 */
export async function rateDossier(
  deps: Deps,
  rater: Rater,
  ref: string | undefined,
  raw: unknown,
  meta: { ip?: string | null } = {},
): Promise<RatingView> {
  const input = parseInput(RatingInput, raw);
  const reason = input.reason?.trim() || null;
  if (input.overall === "unsatisfied" && !reason && rater.via !== "national_portal")
    throw fieldError("body.reason", {
      vi: "Xin cho biết lý do Ông/Bà chưa hài lòng.",
      en: "Please tell us why you are not satisfied.",
    });
  const id = await targetOf(deps, rater, ref);
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const d = await trx
      .selectFrom("dossiers")
      .select(["id", "status", "code", "receiving_unit_id", "last_event_seq", "last_event_hash", "applicant"])
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst();
    if (!d) throw NOT_FOUND;
    if (d.status !== Status.RETURNED)
      throw conflict("rating_not_open", {
        vi: "Chỉ đánh giá được hồ sơ đã trả kết quả.",
        en: "Only a dossier whose result was returned can be rated.",
      });
    const before = await trx.selectFrom("dossier_ratings").selectAll().where("dossier_id", "=", id).executeTakeFirst();
    if (before && rater.via === "national_portal")
      throw conflict(RATING_ALREADY_GIVEN, {
        vi: "Hồ sơ đã được đánh giá trước đó; đánh giá đầu tiên được giữ.",
        en: "The dossier was already rated; the first rating stands.",
      });
    if (before?.via === "national_portal")
      throw conflict(RATING_GIVEN_ELSEWHERE, {
        vi: "Hồ sơ đã được đánh giá trên Cổng Dịch vụ công quốc gia.",
        en: "The dossier was already rated on the National Public Service Portal.",
      });
    if (before) {
      const until = new Date(before.first_rated_at).getTime() + deps.config.ratings.changeWindowHours * 3600_000;
      if (now.getTime() > until)
        throw conflict("rating_window_closed", {
          vi: "Hồ sơ đã được đánh giá; thời hạn thay đổi đánh giá đã hết.",
          en: "The dossier was already rated and the time to change the rating has passed.",
        });
    }
    if (rater.via === "link") {
      const used = await trx
        .insertInto("rating_link_uses")
        .values({ signature: checkRatingToken(deps, rater.token).signature, dossier_id: id, used_at: now })
        .onConflict((oc) => oc.column("signature").doNothing())
        .executeTakeFirst();
      if (Number(used.numInsertedOrUpdatedRows ?? 0) !== 1) throw LINK_USED;
    }
    const values = {
      overall: input.overall,
      ease: input.ease ?? null,
      on_time: input.onTime ?? null,
      attitude: input.attitude ?? null,
      reason,
      via: rater.via,
      citizen_id: rater.via === "portal" ? rater.citizen.id : null,
      rated_at: now,
    };
    const row = await trx
      .insertInto("dossier_ratings")
      .values({ dossier_id: id, first_rated_at: now, ...values })
      .onConflict((oc) =>
        oc.column("dossier_id").doUpdateSet({ ...values, changes: (eb) => eb("dossier_ratings.changes", "+", 1) }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    if (rater.via === "national_portal")
      await trx
        .insertInto("national_ratings")
        .values({
          rating_id: rater.ratingId,
          dossier_ref: rater.dossierRef,
          dossier_id: id,
          state: "recorded",
          given_at: rater.givenAt,
        })
        .execute();
    const applicantName = (d.applicant as { name?: string } | null)?.name ?? null;
    const actor: Actor =
      rater.via === "portal"
        ? { kind: "citizen", id: rater.citizen.id, name: rater.citizen.name, ip: meta.ip ?? null }
        : rater.via === "kiosk"
          ? { kind: "citizen", id: null, name: applicantName, unitId: rater.officer.unitId, ip: meta.ip ?? null }
          : rater.via === "national_portal"
            ? rater.actor
            : { kind: "citizen", id: null, name: applicantName, ip: meta.ip ?? null };
    const head = { id, last_event_seq: d.last_event_seq, last_event_hash: d.last_event_hash };
    const { seq } = await appendEvent(trx, head, actor, {
      type: RATED,
      at: now,
      fromStatus: d.status,
      toStatus: d.status,
      data: {
        overall: input.overall,
        criteria: { ease: values.ease, onTime: values.on_time, attitude: values.attitude },
        reason,
        via: rater.via,
        previous: before?.overall ?? null,
        ...(rater.via === "kiosk" ? { kiosk: { officerId: rater.officer.id, officerName: rater.officer.name } } : {}),
        ...(rater.via === "national_portal"
          ? { national: { ratingId: rater.ratingId, givenAt: rater.givenAt, applicant: applicantName } }
          : {}),
      },
    });
    if (input.overall === "unsatisfied")
      await enqueue(trx, {
        topic: "notify.rating",
        key: `${id}:${seq}`,
        dossierId: id,
        payload: { dossierId: id, seq },
      });
    return view(deps, row);
  });
}
