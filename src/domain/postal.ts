/**
 * The public postal service's rules for a dossier (issue #7), pure: the applicant's postal choice as an e-form (one
 * definition renders the page and validates every request, src/shared/eform-validate.ts), what a tracking event does
 * to a shipment, and the names shown in the history.
 */
import type { EForm } from "../shared/eform.js";
import type { LText } from "../shared/text.js";

export type ShipmentKind = "pickup" | "delivery";
export type ShipmentStatus =
  | "booking"
  | "booked"
  | "picked_up"
  | "in_transit"
  | "delivered"
  | "failed"
  | "returned"
  | "booking_failed";
export type TrackingStatus = "CREATED" | "PICKED_UP" | "IN_TRANSIT" | "DELIVERED" | "FAILED" | "RETURNED";

/** Shipments still under way: at most one per dossier and kind. */
export const OPEN_SHIPMENT: ShipmentStatus[] = ["booking", "booked", "picked_up", "in_transit"];

/** The postal choice (section "postal" of this e-form): what the page shows and what every request is checked by. */
export const POSTAL_FORM: EForm = {
  sections: [
    {
      key: "postal",
      title: { vi: "Yêu cầu dịch vụ bưu chính", en: "Your postal request" },
      fields: [
        {
          key: "collect",
          type: "checkbox",
          label: {
            vi: "Thu gom hồ sơ giấy tại địa chỉ của tôi (nhân viên bưu chính đến nhận và chuyển về nơi tiếp nhận)",
            en: "Collect my paper documents at my address (the post brings them to the receiving office)",
          },
        },
        {
          key: "deliver",
          type: "checkbox",
          label: {
            vi: "Phát kết quả giải quyết đến địa chỉ của tôi",
            en: "Deliver the result to my address",
          },
        },
        {
          key: "name",
          type: "text",
          label: { vi: "Họ và tên người gửi/nhận", en: "Name of the sender/recipient" },
          required: true,
          minLength: 2,
          maxLength: 100,
          prefill: "name",
        },
        {
          key: "phone",
          type: "phone",
          label: { vi: "Số điện thoại", en: "Phone number" },
          required: true,
          prefill: "phone",
        },
        {
          key: "street",
          type: "text",
          label: { vi: "Số nhà, đường, thôn/xóm", en: "House number, street, hamlet" },
          required: true,
          minLength: 3,
          maxLength: 200,
        },
        {
          key: "province",
          type: "province",
          label: { vi: "Tỉnh/thành phố", en: "Province or city" },
          required: true,
        },
        {
          key: "commune",
          type: "commune",
          label: { vi: "Xã/phường/đặc khu", en: "Commune or ward" },
          required: true,
          provinceField: "province",
        },
        {
          key: "service",
          type: "radio",
          label: { vi: "Dịch vụ", en: "Service" },
          required: true,
          options: [
            { value: "EMS", label: { vi: "Chuyển phát nhanh (EMS)", en: "Express (EMS)" } },
            { value: "BUU_KIEN", label: { vi: "Bưu kiện thường", en: "Standard parcel" } },
          ],
        },
      ],
    },
  ],
};

/** Weight assumed for a dossier's papers and for a result (grams), for the quote and the booking. */
export const PAPERS_GRAMS = 500;
export const RESULT_GRAMS = 200;

const AFTER: Record<TrackingStatus, ShipmentStatus | undefined> = {
  CREATED: undefined,
  PICKED_UP: "picked_up",
  IN_TRANSIT: "in_transit",
  DELIVERED: "delivered",
  FAILED: "failed",
  RETURNED: "returned",
};

export type TrackingJudgement =
  | { kind: "apply"; to: ShipmentStatus }
  | { kind: "duplicate" }
  | { kind: "ignore"; reason: "reordered" | "no_change" | "closed" };

/**
 * What a verified tracking event does to a shipment. Events carry a sequence number increasing per shipment: one at
 * or below the last applied is a duplicate (same number) or arrived late (reordered) and changes nothing; "CREATED"
 * tells nothing new; a shipment delivered or returned is closed.
 */
export function judgeTracking(
  s: { status: ShipmentStatus; lastSequence: number },
  e: { status: TrackingStatus; sequence: number },
): TrackingJudgement {
  if (e.sequence === s.lastSequence) return { kind: "duplicate" };
  if (e.sequence < s.lastSequence) return { kind: "ignore", reason: "reordered" };
  if (s.status === "delivered" || s.status === "returned") return { kind: "ignore", reason: "closed" };
  const to = AFTER[e.status];
  if (!to) return { kind: "ignore", reason: "no_change" };
  return { kind: "apply", to };
}

/** History event types of the postal service, with their names (office and portal timelines). */
export const POSTAL_EVENT_NAMES: Record<string, LText> = {
  postal_chosen: { vi: "Đăng ký dịch vụ bưu chính công ích", en: "Public postal service chosen" },
  postal_pickup_requested: { vi: "Yêu cầu bưu chính thu gom hồ sơ", en: "Postal collection of the papers requested" },
  postal_delivery_requested: {
    vi: "Yêu cầu bưu chính phát kết quả",
    en: "Postal delivery of the result requested",
  },
  postal_booked: { vi: "Bưu chính đã nhận yêu cầu (có số hiệu bưu gửi)", en: "Booked with the post (tracking number)" },
  postal_booking_failed: { vi: "Không đặt được dịch vụ bưu chính", en: "Postal booking failed" },
  postal_picked_up: { vi: "Bưu chính: đã nhận bưu gửi", en: "Post: picked up" },
  postal_in_transit: { vi: "Bưu chính: đang vận chuyển", en: "Post: in transit" },
  postal_delivered: { vi: "Bưu chính: đã phát thành công", en: "Post: delivered" },
  postal_failed: { vi: "Bưu chính: phát không thành công", en: "Post: delivery failed" },
  postal_returned: { vi: "Bưu chính: đã chuyển hoàn", en: "Post: returned to sender" },
};

export const SHIPMENT_STATUS_NAMES: Record<ShipmentStatus, LText> = {
  booking: { vi: "Đang đặt dịch vụ với bưu chính", en: "Being booked with the post" },
  booked: { vi: "Đã đặt, chờ bưu chính nhận", en: "Booked, waiting for the post" },
  picked_up: { vi: "Bưu chính đã nhận bưu gửi", en: "Picked up by the post" },
  in_transit: { vi: "Đang vận chuyển", en: "In transit" },
  delivered: { vi: "Đã phát thành công", en: "Delivered" },
  failed: { vi: "Phát không thành công", en: "Delivery failed" },
  returned: { vi: "Đã chuyển hoàn", en: "Returned to sender" },
  booking_failed: { vi: "Không đặt được dịch vụ bưu chính", en: "Could not be booked" },
};

export const SHIPMENT_KIND_NAMES: Record<ShipmentKind, LText> = {
  pickup: { vi: "Thu gom hồ sơ", en: "Collection of the papers" },
  delivery: { vi: "Phát kết quả", en: "Delivery of the result" },
};
