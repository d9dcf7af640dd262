/**
 * The public postal service for a dossier (issue #7): the province's account (POSTAL_URL, a local SANDBOX outside
 * production), the applicant's choice (collection of the papers and/or delivery of the result, with the address and
 * the fee quoted by the service), the bookings — queued in the same transaction as the history event and sent
 * through the outbox (topic `postal.book`, retried with back-off, idempotent at the service by the shipment's
 * reference) — and what a booking that finally fails leaves: a `postal_booking_failed` event on the dossier that
 * officers see, the dossier unchanged otherwise.
 */
import type { Selectable } from "kysely";
import { PostalError, postalService } from "../../adapters/postal/client.js";
import type { PostalAddress, ShipmentRequest } from "../../adapters/postal/protocol.js";
import type { PostalReceiver, PostalShipmentsTable } from "../../adapters/db/schema.js";
import { OPEN_SHIPMENT, PAPERS_GRAMS, POSTAL_FORM, RESULT_GRAMS, type ShipmentKind } from "../../domain/postal.js";
import { Status } from "../../domain/status.js";
import { findCommune, findProvince } from "../../shared/admin-units.js";
import { vnToday } from "../../shared/eform-validate.js";
import type { LText } from "../../shared/text.js";
import type { Citizen } from "../actors.js";
import { getCalendar } from "../calendar.js";
import { ownedBy } from "../citizen-dossiers.js";
import type { Deps } from "../deps.js";
import { checkEForm } from "../eform-check.js";
import { AppError, type FieldError } from "../errors.js";
import type { Actor } from "../history.js";
import { loadDossier, type Tx } from "../office/context.js";
import { type ActionContext, commit } from "../office/engine.js";
import { enqueue } from "../outbox.js";

export const POSTAL_TOPIC = "postal.book";
export const CALLBACK_PATH = "/api/integration/postal/callback";
/** Attempts of one booking before it is given up and shown to officers (back-off between them: the outbox's). */
export const POSTAL_MAX_ATTEMPTS = 6;

export const POSTAL_ACTOR: Actor = { kind: "integration", id: null, name: "Bưu chính công ích" };

export const POSTAL_TEXT = {
  off: {
    vi: "Chưa kết nối dịch vụ bưu chính công ích; vui lòng nộp hồ sơ và nhận kết quả tại Bộ phận Một cửa.",
    en: "The public postal service is not connected; please submit and collect at the one-stop counter.",
  },
  down: {
    vi: "Dịch vụ bưu chính công ích tạm thời không trả lời; vui lòng thử lại sau ít phút.",
    en: "The public postal service is not answering; please try again in a few minutes.",
  },
  invalid: {
    vi: "Thông tin dịch vụ bưu chính chưa hợp lệ, vui lòng kiểm tra các trường được nêu.",
    en: "The postal service details are not valid: check the fields listed.",
  },
  nothingChosen: {
    vi: "Vui lòng chọn thu gom hồ sơ, phát kết quả, hoặc cả hai.",
    en: "Choose collection of the papers, delivery of the result, or both.",
  },
  collectTooLate: {
    vi: "Chỉ đăng ký thu gom hồ sơ khi hồ sơ chưa được tiếp nhận.",
    en: "Collection of the papers can be chosen only before the dossier is received.",
  },
  collectBooked: {
    vi: "Đã đặt bưu chính thu gom hồ sơ; không thể thay đổi yêu cầu thu gom.",
    en: "The collection of the papers is already booked; it cannot be changed.",
  },
  ended: {
    vi: "Hồ sơ đã kết thúc hoặc đã trả kết quả; không thể đăng ký dịch vụ bưu chính.",
    en: "The dossier has ended or its result was returned; the postal service can no longer be chosen.",
  },
  deliveryUnderWay: {
    vi: "Kết quả đang được bưu chính phát; không thể thay đổi địa chỉ nhận.",
    en: "The result is being delivered by the post; the address cannot be changed.",
  },
  deliveryInFlight: {
    vi: "Kết quả của hồ sơ đang được phát qua bưu chính; chờ bưu chính báo phát thành công hoặc không thành công.",
    en: "The result is being delivered by the post; wait until the post reports it delivered or failed.",
  },
  notYours: { vi: "Không tìm thấy hồ sơ.", en: "Dossier not found." },
} satisfies Record<string, LText>;

const cache = new WeakMap<object, ReturnType<typeof postalService>>();

/** The postal service client of this configuration, or undefined when the province is not connected. */
export function postalOf(deps: Pick<Deps, "config" | "now">) {
  const p = deps.config.services.postal;
  if (!p) return undefined;
  let c = cache.get(p);
  if (!c) {
    c = postalService({
      baseUrl: p.url,
      clientId: p.clientId,
      secret: p.secret,
      timeoutMs: 10_000,
      now: () => deps.now(),
    });
    cache.set(p, c);
  }
  return c;
}

export function requirePostal(deps: Pick<Deps, "config" | "now">) {
  const c = postalOf(deps);
  if (!c) throw new AppError(503, "postal_not_configured", POSTAL_TEXT.off);
  return c;
}

const originProvince = (deps: Pick<Deps, "config">) => deps.config.services.postal?.provinceCode ?? "01";

export interface PostalChoice {
  collect: boolean;
  deliver: boolean;
  service: "EMS" | "BUU_KIEN";
  receiver: PostalReceiver;
}

/**
 * Checks a postal choice with the page's own e-form (POSTAL_FORM): `body` is `{ postal: {...} }`, as the HTML form
 * posts it and as the JSON API takes it. Throws one 422 with every field error.
 */
export function checkPostalChoice(body: unknown, now: Date, prefix = "body"): PostalChoice {
  const { value, errors } = checkEForm(POSTAL_FORM, body, vnToday(now), prefix);
  const fields: FieldError[] = [...errors];
  const v = (value.postal ?? {}) as Record<string, unknown>;
  if (!errors.some((e) => e.path.startsWith(`${prefix}.postal.collect`)) && !v.collect && !v.deliver)
    fields.push({ path: `${prefix}.postal.collect`, text: POSTAL_TEXT.nothingChosen });
  if (fields.length) throw new AppError(422, "validation_failed", POSTAL_TEXT.invalid, fields);
  const province = findProvince(String(v.province));
  const communeCode = String(v.commune);
  const commune = findCommune(communeCode)?.name ?? communeCode;
  const street = String(v.street);
  return {
    collect: !!v.collect,
    deliver: !!v.deliver,
    service: v.service === "BUU_KIEN" ? "BUU_KIEN" : "EMS",
    receiver: {
      name: String(v.name),
      phone: String(v.phone),
      street,
      provinceCode: String(v.province),
      communeCode,
      address: [street, commune, province?.name].filter(Boolean).join(", "),
    },
  };
}

/** The choice as the page's e-form values (to show it again). */
export function choiceValues(c: { collect: boolean; deliver: boolean; service: string; receiver: PostalReceiver }) {
  return {
    postal: {
      collect: c.collect,
      deliver: c.deliver,
      name: c.receiver.name,
      phone: c.receiver.phone,
      street: c.receiver.street,
      province: c.receiver.provinceCode,
      commune: c.receiver.communeCode,
      service: c.service,
    },
  };
}

export interface Quote {
  collect: { fee: number; estimatedDays: number } | null;
  deliver: { fee: number; estimatedDays: number } | null;
  total: number;
}

/** The postal service's fee quote for a choice (one signed call per leg). */
export async function quoteChoice(deps: Deps, choice: PostalChoice): Promise<Quote> {
  const client = requirePostal(deps);
  const from = originProvince(deps);
  const to = choice.receiver.provinceCode;
  try {
    const [collect, deliver] = await Promise.all([
      choice.collect
        ? client.quote({ service: choice.service, weightGrams: PAPERS_GRAMS, from: to, to: from })
        : Promise.resolve(null),
      choice.deliver
        ? client.quote({ service: choice.service, weightGrams: RESULT_GRAMS, from, to })
        : Promise.resolve(null),
    ]);
    return { collect, deliver, total: (collect?.fee ?? 0) + (deliver?.fee ?? 0) };
  } catch (e) {
    if (e instanceof PostalError) throw new AppError(503, "postal_unavailable", POSTAL_TEXT.down);
    throw e;
  }
}

type ShipmentRow = Selectable<PostalShipmentsTable>;

async function ownDossier(tx: Tx, citizenId: string, dossierId: string) {
  const own = await tx
    .selectFrom("dossiers as d")
    .select("d.id")
    .where("d.id", "=", dossierId)
    .where(ownedBy(citizenId))
    .executeTakeFirst();
  if (!own) throw new AppError(404, "dossier_not_found", POSTAL_TEXT.notYours);
}

const ENDED: number[] = [Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED];

/** The applicant's postal choice for a dossier and its shipments (404 for anyone else's dossier). */
export async function myPostal(deps: Deps, citizenId: string, dossierId: string) {
  await ownDossier(deps.db, citizenId, dossierId);
  return dossierPostal(deps, dossierId);
}

/** A dossier's postal choice and shipments (no authorisation: callers have checked it). */
export async function dossierPostal(deps: Pick<Deps, "db">, dossierId: string) {
  const [choice, shipments, d] = await Promise.all([
    deps.db.selectFrom("dossier_postal").selectAll().where("dossier_id", "=", dossierId).executeTakeFirst(),
    deps.db
      .selectFrom("postal_shipments")
      .selectAll()
      .where("dossier_id", "=", dossierId)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
    deps.db.selectFrom("dossiers").select(["status", "return_method"]).where("id", "=", dossierId).executeTakeFirst(),
  ]);
  const events = await deps.db
    .selectFrom("dossier_events")
    .select(["seq", "type", "at", "data"])
    .where("dossier_id", "=", dossierId)
    .where("type", "like", "postal\\_%")
    .orderBy("seq")
    .execute();
  const status = d?.status ?? 0;
  const openDelivery = shipments.some((s) => s.kind === "delivery" && OPEN_SHIPMENT.includes(s.status));
  return {
    choice: choice ?? null,
    shipments: shipments.map((s) => ({
      ...s,
      tracking: events
        .filter((e) => (e.data as { shipment?: string } | null)?.shipment === s.id)
        .map((e) => ({
          type: e.type,
          at: e.at,
          note: ((e.data as { note?: string }).note ?? null) as string | null,
        })),
    })),
    /** The applicant may choose or change the postal service now. */
    canChoose: !ENDED.includes(status) && !openDelivery,
    canCollect: status === Status.SUBMITTED,
    /** The result is to be returned by post but no postal delivery (address, quote) was confirmed yet. */
    deliveryToConfirm: d?.return_method === "post" && !choice?.deliver && !ENDED.includes(status),
  };
}

/**
 * Stores the applicant's postal choice (one transaction: the choice, the history event, the return method and
 * address of the dossier, and — for a collection — the pickup's booking queued in the outbox). The fees are the
 * service's quote at the moment of confirming.
 */
export async function choosePostal(
  deps: Deps,
  citizen: Pick<Citizen, "id" | "name">,
  dossierId: string,
  body: unknown,
  meta: { ip?: string | null } = {},
): Promise<{ quote: Quote }> {
  const choice = checkPostalChoice(body, deps.now());
  // the dossier must be theirs before the service is asked anything
  await ownDossier(deps.db, citizen.id, dossierId);
  const quote = await quoteChoice(deps, choice);
  const cal = await getCalendar(deps);
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const l = await loadDossier(trx, dossierId, { lock: true, hoursPerDay: cal.hoursPerDay });
    if (!l) throw new AppError(404, "dossier_not_found", POSTAL_TEXT.notYours);
    await ownDossier(trx, citizen.id, dossierId);
    if (ENDED.includes(l.d.status)) throw new AppError(409, "postal_dossier_ended", POSTAL_TEXT.ended);
    const shipments = await trx
      .selectFrom("postal_shipments")
      .selectAll()
      .where("dossier_id", "=", dossierId)
      .forUpdate()
      .execute();
    const open = (k: ShipmentKind) => shipments.find((s) => s.kind === k && OPEN_SHIPMENT.includes(s.status));
    if (open("delivery")) throw new AppError(409, "postal_delivery_under_way", POSTAL_TEXT.deliveryUnderWay);
    const pickup = shipments.find((s) => s.kind === "pickup" && s.status !== "booking_failed");
    if (pickup && !choice.collect)
      throw new AppError(409, "postal_collect_booked", POSTAL_TEXT.collectBooked, [
        { path: "body.postal.collect", text: POSTAL_TEXT.collectBooked },
      ]);
    const newPickup = choice.collect && !pickup;
    if (newPickup && l.d.status !== Status.SUBMITTED)
      throw new AppError(409, "postal_collect_too_late", POSTAL_TEXT.collectTooLate, [
        { path: "body.postal.collect", text: POSTAL_TEXT.collectTooLate },
      ]);
    // the same choice again (a retried request, a second click): nothing to record
    const before = await trx
      .selectFrom("dossier_postal")
      .selectAll()
      .where("dossier_id", "=", dossierId)
      .executeTakeFirst();
    if (
      before &&
      before.collect === choice.collect &&
      before.deliver === choice.deliver &&
      before.service === choice.service &&
      (Object.keys(choice.receiver) as (keyof PostalReceiver)[]).every(
        (k) => before.receiver[k] === choice.receiver[k],
      ) &&
      !newPickup
    )
      return;
    const row = {
      collect: choice.collect,
      deliver: choice.deliver,
      receiver: JSON.stringify(choice.receiver),
      service: choice.service,
      collect_fee: quote.collect?.fee ?? null,
      deliver_fee: quote.deliver?.fee ?? null,
      estimated_days: Math.max(quote.collect?.estimatedDays ?? 0, quote.deliver?.estimatedDays ?? 0) || null,
      chosen_by: citizen.id,
      updated_at: now,
    };
    await trx
      .insertInto("dossier_postal")
      .values({ dossier_id: dossierId, chosen_at: now, ...row })
      .onConflict((oc) => oc.column("dossier_id").doUpdateSet(row))
      .execute();
    const c: ActionContext = {
      trx,
      deps,
      cal,
      now,
      actor: { kind: "citizen", id: citizen.id, name: citizen.name, ip: meta.ip ?? null },
      l,
      head: { id: l.d.id, last_event_seq: l.d.last_event_seq, last_event_hash: l.d.last_event_hash },
      forms: [],
    };
    await commit(
      c,
      choice.deliver
        ? { return_method: "post", return_address: choice.receiver.address }
        : l.d.return_method === "post"
          ? { return_method: "counter", return_address: null }
          : {},
      {
        type: "postal_chosen",
        data: {
          collect: choice.collect,
          deliver: choice.deliver,
          service: choice.service,
          address: choice.receiver.address,
          fee: quote.total,
        },
      },
    );
    if (newPickup) {
      const attempt = shipments.filter((s) => s.kind === "pickup").length + 1;
      await requestShipment(c, "pickup", `${l.d.reference}:pickup:${attempt}`);
    }
  });
  return { quote };
}

/**
 * Records a shipment to book (status "booking"), its history event, and queues the booking (outbox, keyed by the
 * reference, which is also the service's idempotency key). Runs in the caller's transaction.
 */
export async function requestShipment(c: ActionContext, kind: ShipmentKind, reference: string): Promise<string> {
  const s = await c.trx
    .insertInto("postal_shipments")
    .values({
      dossier_id: c.l.d.id,
      kind,
      reference,
      requested_by: c.actor.name ?? c.actor.kind,
      created_at: c.now,
      updated_at: c.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await commit(
    c,
    {},
    {
      type: kind === "pickup" ? "postal_pickup_requested" : "postal_delivery_requested",
      data: { shipment: s.id, kind, reference },
    },
  );
  await enqueue(c.trx, { topic: POSTAL_TOPIC, key: reference, dossierId: c.l.d.id, payload: { shipmentId: s.id } });
  return s.id;
}

/**
 * The officer returns the result by post on a dossier whose applicant chose postal delivery: the delivery is booked
 * instead of ending the dossier now; the service's "delivered" callback ends the return step (src/app/postal/
 * tracking.ts). Returns false when the dossier has no postal delivery to book (the counter's way applies).
 */
export async function bookResultDelivery(c: ActionContext): Promise<boolean> {
  if (!postalOf(c.deps)) return false;
  const choice = await c.trx
    .selectFrom("dossier_postal")
    .select(["deliver"])
    .where("dossier_id", "=", c.l.d.id)
    .executeTakeFirst();
  if (!choice?.deliver) return false;
  const earlier = await c.trx
    .selectFrom("postal_shipments")
    .select(["id"])
    .where("dossier_id", "=", c.l.d.id)
    .where("kind", "=", "delivery")
    .execute();
  await requestShipment(c, "delivery", `${c.l.d.code ?? c.l.d.reference}:result:${earlier.length + 1}`);
  return true;
}

/** Refuses (409) any return of the result while a postal delivery of it is under way. */
export async function refuseWhileDelivering(c: Pick<ActionContext, "trx" | "l">): Promise<void> {
  const open = await c.trx
    .selectFrom("postal_shipments")
    .select("id")
    .where("dossier_id", "=", c.l.d.id)
    .where("kind", "=", "delivery")
    .where("status", "in", OPEN_SHIPMENT)
    .executeTakeFirst();
  if (open) throw new AppError(409, "postal_delivery_in_flight", POSTAL_TEXT.deliveryInFlight);
}

async function addresses(
  deps: Deps,
  s: ShipmentRow,
): Promise<{ sender: PostalAddress; receiver: PostalAddress; service: ShipmentRequest["service"] }> {
  const [choice, unit] = await Promise.all([
    deps.db.selectFrom("dossier_postal").selectAll().where("dossier_id", "=", s.dossier_id).executeTakeFirstOrThrow(),
    deps.db
      .selectFrom("dossiers as d")
      .innerJoin("units as u", "u.id", "d.receiving_unit_id")
      .select(["u.name", "u.phone", "u.address"])
      .where("d.id", "=", s.dossier_id)
      .executeTakeFirstOrThrow(),
  ]);
  const r = choice.receiver;
  const person: PostalAddress = {
    name: r.name,
    phone: r.phone.replace(/\D/g, ""),
    address: r.address,
    provinceCode: r.provinceCode,
  };
  const office: PostalAddress = {
    name: unit.name,
    phone: (unit.phone ?? deps.config.services.postal?.contactPhone ?? "").replace(/\D/g, ""),
    address: unit.address ?? unit.name,
    provinceCode: originProvince(deps),
  };
  return s.kind === "pickup"
    ? { sender: person, receiver: office, service: choice.service }
    : { sender: office, receiver: person, service: choice.service };
}

/** Appends an event of the postal service to a dossier, in its own transaction (the dossier locked). */
export async function postalEvent(
  deps: Deps,
  dossierId: string,
  act: (c: ActionContext) => Promise<void>,
): Promise<void> {
  const cal = await getCalendar(deps);
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const l = await loadDossier(trx, dossierId, { lock: true, hoursPerDay: cal.hoursPerDay });
    if (!l) throw new Error(`postal: dossier ${dossierId} missing`);
    await act({
      trx,
      deps,
      cal,
      now,
      actor: POSTAL_ACTOR,
      l,
      head: { id: l.d.id, last_event_seq: l.d.last_event_seq, last_event_hash: l.d.last_event_hash },
      forms: [],
    });
  });
}

const FAILED_NOTE = {
  pickup:
    "Không đặt được bưu chính thu gom hồ sơ; công dân nộp hồ sơ giấy trực tiếp hoặc đăng ký lại. Lỗi của dịch vụ bưu chính: ",
  delivery:
    "Không đặt được bưu chính phát kết quả; kết quả ở lại Bộ phận Một cửa để trả trực tiếp hoặc trả lại qua bưu chính. Lỗi của dịch vụ bưu chính: ",
};

/**
 * The outbox handler of `postal.book`: books the shipment with the service (idempotent there by reference), stores
 * the tracking number and fee and appends `postal_booked`. A refusal by the service (bad request, route not served)
 * is final at once; an unreachable or failing service is retried with the outbox's back-off until the last attempt,
 * which records `postal_booking_failed` on the dossier (shown to officers) and leaves it otherwise unchanged.
 */
export async function postalBookHandler(
  row: { payload: Record<string, unknown>; attempt: number },
  deps: Deps,
): Promise<void> {
  const id = String(row.payload.shipmentId ?? "");
  const s = await deps.db.selectFrom("postal_shipments").selectAll().where("id", "=", id).executeTakeFirst();
  if (s?.status !== "booking") return;
  const client = postalOf(deps);
  let failure: string | undefined;
  let booked: { trackingNumber: string; fee: number } | undefined;
  if (!client) failure = "postal service not configured";
  else {
    const a = await addresses(deps, s);
    try {
      booked = await client.book({
        reference: s.reference,
        kind: s.kind,
        service: a.service,
        sender: a.sender,
        receiver: a.receiver,
        weightGrams: s.kind === "pickup" ? PAPERS_GRAMS : RESULT_GRAMS,
        callbackUrl: `${deps.config.baseUrl}${CALLBACK_PATH}`,
      });
    } catch (e) {
      if (!(e instanceof PostalError)) throw e;
      const final =
        (e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 429) ||
        row.attempt >= POSTAL_MAX_ATTEMPTS;
      if (!final) throw e;
      failure = e.message;
    }
  }
  await postalEvent(deps, s.dossier_id, async (c) => {
    const now = c.now;
    const updated = await c.trx
      .updateTable("postal_shipments")
      .set(
        booked
          ? {
              status: "booked",
              tracking_number: booked.trackingNumber,
              fee: booked.fee,
              booked_at: now,
              updated_at: now,
              error: null,
            }
          : { status: "booking_failed", error: (failure ?? "").slice(0, 500), updated_at: now },
      )
      .where("id", "=", s.id)
      .where("status", "=", "booking")
      .returning("id")
      .executeTakeFirst();
    if (!updated) return;
    if (booked)
      await commit(
        c,
        {},
        {
          type: "postal_booked",
          data: { shipment: s.id, kind: s.kind, trackingNumber: booked.trackingNumber, fee: booked.fee },
        },
      );
    else
      await commit(c, s.kind === "delivery" ? { current_unit_id: c.l.d.receiving_unit_id } : {}, {
        type: "postal_booking_failed",
        data: { shipment: s.id, kind: s.kind, note: `${FAILED_NOTE[s.kind]}${failure ?? ""}`.slice(0, 600) },
        notify: true,
      });
  });
}
