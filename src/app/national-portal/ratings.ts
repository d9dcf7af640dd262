import { nationalTime, type NationalRating } from "../../adapters/national-portal/protocol.js";
import type { RatingLevel } from "../../domain/measure/index766.js";
import type { Deps } from "../deps.js";
import { AppError } from "../errors.js";
import { RATING_ALREADY_GIVEN, rateDossier } from "../ratings.js";
import { PORTAL_ACTOR } from "./inbound.js";
import { nationalPortalOf } from "./sync.js";

/**
 * Ratings given on the National Public Service Portal (issue #6; domain.md §8): pulled with `LayDanhGia` on the
 * national-portal job schedule, from a cursor kept in `settings` (`national_portal.ratings`), and recorded through
 * the one rating path (`rateDossier`, rater "national_portal", the integration actor), so they are events of the
 * dossier's history and count in the satisfaction figures (statistics roll-ups, Decision 766) like local ones.
 *
 * - Idempotent by the national rating id (`MaDanhGia`, table `national_ratings`, written with the rating): a rating
 *   listed again is looked at once.
 * - The dossier is found by the code the province pushed (`MaHoSo`), or by the national portal's own dossier id when
 *   the citizen submitted there. An unknown dossier, or one whose result is not returned, is logged and skipped.
 * - A dossier already rated (locally, or by an earlier national rating) keeps its first rating: the national one is
 *   recorded as `kept_first` and not counted.
 * - The cursor moves past a rating only once it has been looked at; a failure (the database) stops the run and the
 *   rest is pulled again next time. It is asked from one second before the last rating seen, so ratings the portal
 *   stamps with that same second are not missed (those already seen are skipped by their id).
 */

export const RATINGS_CURSOR_SETTING = "national_portal.ratings";

const LEVEL: Record<number, RatingLevel> = { 1: "very_satisfied", 2: "satisfied", 3: "unsatisfied" };

export type NationalRatingOutcome =
  | { ratingId: string; state: "recorded"; dossierId: string }
  | { ratingId: string; state: "kept_first"; dossierId: string }
  | { ratingId: string; state: "skipped"; reason: string }
  | { ratingId: string; state: "known" };

type Log = { warn(obj: unknown, msg?: string): void };

/** The rating form of a national rating (levels 1–3 → the local levels; the known criteria). */
function inputOf(r: NationalRating) {
  const c = (r.TieuChi ?? {}) as Record<string, unknown>;
  const lvl = (v: unknown) => (typeof v === "number" ? LEVEL[v] : undefined);
  const reason = typeof r.YKien === "string" ? r.YKien.trim().slice(0, 2000) : "";
  return {
    overall: LEVEL[r.MucDoHaiLong],
    ...(lvl(c.DeDang) ? { ease: lvl(c.DeDang) } : {}),
    ...(lvl(c.DungHen) ? { onTime: lvl(c.DungHen) } : {}),
    ...(lvl(c.ThaiDo) ? { attitude: lvl(c.ThaiDo) } : {}),
    ...(reason ? { reason } : {}),
  };
}

/** The dossier a national rating names: by its code, else by the national portal's id of a submission taken in. */
async function dossierOf(deps: Deps, ref: string): Promise<string | undefined> {
  const byCode = await deps.db.selectFrom("dossiers").select("id").where("code", "=", ref).executeTakeFirst();
  if (byCode) return byCode.id;
  const inbound = await deps.db
    .selectFrom("national_inbound")
    .select("dossier_id")
    .where("national_id", "=", ref)
    .where("state", "=", "accepted")
    .executeTakeFirst();
  return inbound?.dossier_id ?? undefined;
}

async function note(
  deps: Deps,
  r: NationalRating,
  state: "kept_first" | "skipped",
  dossierId: string | null,
  reason: string,
) {
  await deps.db
    .insertInto("national_ratings")
    .values({
      rating_id: r.MaDanhGia,
      dossier_ref: String(r.MaHoSo ?? "").slice(0, 100),
      dossier_id: dossierId,
      state,
      reason: reason.slice(0, 2000),
      given_at: String(r.ThoiDiem ?? ""),
    })
    .onConflict((oc) => oc.column("rating_id").doNothing())
    .execute();
}

/** Looks at one national rating: records it, keeps the first rating, or skips it. Idempotent on `MaDanhGia`. */
export async function takeNationalRating(deps: Deps, r: NationalRating, log?: Log): Promise<NationalRatingOutcome> {
  const ratingId = typeof r?.MaDanhGia === "string" ? r.MaDanhGia.slice(0, 100) : "";
  if (!ratingId) {
    log?.warn({ rating: r }, "national portal: rating without an id skipped");
    return { ratingId: "", state: "skipped", reason: "MaDanhGia thiếu" };
  }
  const seen = await deps.db
    .selectFrom("national_ratings")
    .select("rating_id")
    .where("rating_id", "=", ratingId)
    .executeTakeFirst();
  if (seen) return { ratingId, state: "known" };
  const skip = async (reason: string, dossierId: string | null = null): Promise<NationalRatingOutcome> => {
    log?.warn({ ratingId, dossier: r.MaHoSo, reason }, "national portal: rating skipped");
    await note(deps, { ...r, MaDanhGia: ratingId }, "skipped", dossierId, reason);
    return { ratingId, state: "skipped", reason };
  };
  const input = inputOf(r);
  if (!input.overall) return skip(`Mức độ hài lòng không hợp lệ: ${String(r.MucDoHaiLong)}`);
  const ref = typeof r.MaHoSo === "string" ? r.MaHoSo.trim() : "";
  const dossierId = ref ? await dossierOf(deps, ref) : undefined;
  if (!dossierId) return skip(`Không tìm thấy hồ sơ “${ref}”.`);
  try {
    await rateDossier(
      deps,
      {
        via: "national_portal",
        actor: PORTAL_ACTOR,
        ratingId,
        dossierRef: ref.slice(0, 100),
        givenAt: String(r.ThoiDiem ?? ""),
      },
      dossierId,
      input,
    );
    return { ratingId, state: "recorded", dossierId };
  } catch (e) {
    if (e instanceof AppError && e.code === RATING_ALREADY_GIVEN) {
      await note(deps, { ...r, MaDanhGia: ratingId }, "kept_first", dossierId, e.text.vi);
      return { ratingId, state: "kept_first", dossierId };
    }
    if (e instanceof AppError && e.status < 500) return skip(e.text.vi, dossierId);
    // a unique violation: the same rating recorded meanwhile by another run
    if ((e as { code?: string })?.code === "23505") return { ratingId, state: "known" };
    throw e;
  }
}

/** The `yyyyMMddHHmmss` one second before `t` (so ratings stamped with the cursor's own second are asked again). */
function secondBefore(t: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(t);
  if (!m) return t;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  // the instant in Vietnam time, less one second, formatted back
  return nationalTime(new Date(Date.UTC(y, mo - 1, d, h - 7, mi, se) - 1000));
}

/** Pulls the ratings given since the cursor and takes each in, in the order given; moves the cursor past them. */
export async function pullNationalRatings(deps: Deps, log?: Log): Promise<NationalRatingOutcome[]> {
  const port = nationalPortalOf(deps);
  if (!port) return [];
  const row = await deps.db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", RATINGS_CURSOR_SETTING)
    .executeTakeFirst();
  const cursor = (row?.value as { since?: unknown } | undefined)?.since;
  const since = typeof cursor === "string" && /^\d{14}$/.test(cursor) ? cursor : undefined;
  const list = await port.listRatings(since ? secondBefore(since) : undefined);
  const sorted = [...list].sort((a, b) => String(a.ThoiDiem).localeCompare(String(b.ThoiDiem)));
  const out: NationalRatingOutcome[] = [];
  let last = since;
  try {
    for (const r of sorted) {
      out.push(await takeNationalRating(deps, r, log));
      const at = String(r.ThoiDiem ?? "");
      if (/^\d{14}$/.test(at) && (!last || at > last)) last = at;
    }
  } finally {
    if (last && last !== since) {
      const value = JSON.stringify({ since: last });
      await deps.db
        .insertInto("settings")
        .values({ key: RATINGS_CURSOR_SETTING, value })
        .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: new Date() }))
        .execute();
    }
  }
  return out;
}
