/**
 * The Decision 766/QĐ-TTg index of serving citizens and businesses (domain.md §8): six groups, 100 points, each
 * component a share measured as numerator / denominator and scored `max × min(1, share / fullAt)`. The formulas are
 * the ones observed on the national portal, not the legal text.
 *
 * A component that motcua cannot measure (no payment platform, no petitions, nothing synced yet…) or that has
 * nothing to measure in the period (denominator 0) is "no data": it scores neither zero nor full marks, and the
 * total is shown against the maximum of the components that have data.
 */
import type { LText } from "../../shared/text.js";
import { type Ratio, ratio, round2 } from "./ratio.js";

export type GroupKey = "transparency" | "progress" | "online" | "payment" | "digitisation" | "satisfaction";

export type ComponentKey =
  | "procedures_announced_on_time"
  | "procedures_updated_on_time"
  | "procedures_published_in_full"
  | "dossiers_synced"
  | "progress"
  | "procedures_online"
  | "online_services_used"
  | "dossiers_online"
  | "online_payment"
  | "electronic_results"
  | "digitised_components"
  | "e_certified_copies"
  | "digitised_data_reused"
  | "results_to_data_warehouse"
  | "population_data_used"
  | "procedures_population_connected"
  | "petitions_on_time"
  | "petition_satisfaction"
  | "dossier_satisfaction";

export interface ComponentSpec {
  key: ComponentKey;
  group: GroupKey;
  max: number;
  /** The share at which the component reaches full marks (1 = 100 %). */
  fullAt: number;
  label: LText;
  /** What the numerator and denominator count. */
  numerator: LText;
  denominator: LText;
}

const C = (
  key: ComponentKey,
  group: GroupKey,
  max: number,
  fullAt: number,
  vi: string,
  en: string,
  num: [string, string],
  den: [string, string],
): ComponentSpec => ({
  key,
  group,
  max,
  fullAt,
  label: { vi, en },
  numerator: { vi: num[0], en: num[1] },
  denominator: { vi: den[0], en: den[1] },
});

const PROCS: [string, string] = ["Số thủ tục", "Procedures"];

export const COMPONENTS: readonly ComponentSpec[] = [
  C(
    "procedures_announced_on_time",
    "transparency",
    6,
    1,
    "Công bố TTHC đúng hạn",
    "Procedures announced on time",
    ["Thủ tục công bố đúng hạn", "Announced on time"],
    PROCS,
  ),
  C(
    "procedures_updated_on_time",
    "transparency",
    4,
    1,
    "Cập nhật, công khai TTHC đúng hạn",
    "Procedures updated on time",
    ["Thủ tục cập nhật đúng hạn", "Updated on time"],
    PROCS,
  ),
  C(
    "procedures_published_in_full",
    "transparency",
    2,
    1,
    "Công khai đầy đủ thông tin TTHC",
    "Procedures published in full",
    ["Thủ tục công khai đầy đủ", "Published in full"],
    PROCS,
  ),
  C(
    "dossiers_synced",
    "transparency",
    6,
    1,
    "Đồng bộ hồ sơ lên Cổng DVC quốc gia",
    "Dossiers synced to the national portal",
    ["Hồ sơ đồng bộ thành công", "Dossiers synced"],
    ["Hồ sơ tiếp nhận", "Dossiers received"],
  ),
  C(
    "progress",
    "progress",
    20,
    1,
    "Tiến độ giải quyết",
    "Resolution progress",
    ["Hồ sơ giải quyết trước và đúng hạn", "Resolved early or on time"],
    ["Hồ sơ tiếp nhận", "Dossiers received"],
  ),
  C(
    "procedures_online",
    "online",
    2,
    0.8,
    "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến",
    "Procedures offered online",
    ["Thủ tục có DVC trực tuyến", "Offered online"],
    PROCS,
  ),
  C(
    "online_services_used",
    "online",
    4,
    1,
    "Tỷ lệ DVC trực tuyến có phát sinh hồ sơ",
    "Online services that received a dossier",
    ["DVC trực tuyến có hồ sơ trực tuyến", "With an online dossier"],
    ["DVC trực tuyến", "Online services"],
  ),
  C(
    "dossiers_online",
    "online",
    6,
    0.5,
    "Tỷ lệ hồ sơ nộp trực tuyến",
    "Dossiers submitted online",
    ["Hồ sơ trực tuyến", "Online dossiers"],
    ["Hồ sơ tiếp nhận", "Dossiers received"],
  ),
  C(
    "online_payment",
    "payment",
    10,
    1,
    "Thanh toán trực tuyến",
    "Online payment",
    ["Hồ sơ thanh toán trực tuyến", "Paid online"],
    ["Hồ sơ có nghĩa vụ tài chính", "With a financial obligation"],
  ),
  C(
    "electronic_results",
    "digitisation",
    6,
    1,
    "Cấp kết quả điện tử",
    "Electronic results",
    ["Hồ sơ có kết quả điện tử", "With an electronic result"],
    ["Hồ sơ đã giải quyết", "Dossiers resolved"],
  ),
  C(
    "digitised_components",
    "digitisation",
    4,
    1,
    "Số hóa thành phần hồ sơ",
    "Digitised dossier components",
    ["Hồ sơ được số hóa", "Digitised"],
    ["Hồ sơ tiếp nhận", "Dossiers received"],
  ),
  C(
    "e_certified_copies",
    "digitisation",
    2,
    1,
    "Chứng thực bản sao điện tử",
    "Electronic certified copies",
    ["Bản sao điện tử", "E-certified copies"],
    ["Yêu cầu chứng thực", "Certification requests"],
  ),
  C(
    "digitised_data_reused",
    "digitisation",
    2,
    0.8,
    "Tái sử dụng dữ liệu số hóa",
    "Digitised data reused",
    ["Hồ sơ tái sử dụng dữ liệu", "Reusing data"],
    ["Hồ sơ tiếp nhận", "Dossiers received"],
  ),
  C(
    "results_to_data_warehouse",
    "digitisation",
    4,
    1,
    "Kết quả đưa vào kho dữ liệu cá nhân, tổ chức",
    "Results in the personal data warehouse",
    ["Kết quả đã chia sẻ", "Results shared"],
    ["Kết quả điện tử", "Electronic results"],
  ),
  C(
    "population_data_used",
    "digitisation",
    2,
    1,
    "Khai thác dữ liệu dân cư",
    "Population data used",
    ["Hồ sơ khai thác CSDL dân cư", "Using population data"],
    ["Hồ sơ tiếp nhận", "Dossiers received"],
  ),
  C(
    "procedures_population_connected",
    "digitisation",
    2,
    1,
    "TTHC kết nối CSDL dân cư",
    "Procedures connected to the population database",
    ["Thủ tục đã kết nối", "Connected"],
    PROCS,
  ),
  C(
    "petitions_on_time",
    "satisfaction",
    6,
    1,
    "Xử lý phản ánh, kiến nghị đúng hạn",
    "Petitions handled on time",
    ["Phản ánh xử lý đúng hạn", "Handled on time"],
    ["Phản ánh đã xử lý", "Handled"],
  ),
  C(
    "petition_satisfaction",
    "satisfaction",
    6,
    1,
    "Hài lòng về xử lý phản ánh, kiến nghị",
    "Satisfaction with petition handling",
    ["Đánh giá hài lòng", "Satisfied"],
    ["Lượt đánh giá", "Ratings"],
  ),
  C(
    "dossier_satisfaction",
    "satisfaction",
    6,
    0.9,
    "Hài lòng về giải quyết hồ sơ",
    "Satisfaction with dossier handling",
    ["Đánh giá hài lòng", "Satisfied"],
    ["Lượt đánh giá", "Ratings"],
  ),
];

export const GROUPS: readonly { key: GroupKey; max: number; label: LText }[] = [
  { key: "transparency", max: 18, label: { vi: "Công khai, minh bạch", en: "Transparency" } },
  { key: "progress", max: 20, label: { vi: "Tiến độ giải quyết", en: "Progress" } },
  { key: "online", max: 12, label: { vi: "Dịch vụ công trực tuyến", en: "Online services" } },
  { key: "payment", max: 10, label: { vi: "Thanh toán trực tuyến", en: "Online payment" } },
  { key: "digitisation", max: 22, label: { vi: "Số hóa hồ sơ", en: "Digitisation" } },
  { key: "satisfaction", max: 18, label: { vi: "Mức độ hài lòng", en: "Satisfaction" } },
];

/** A measured input: a share, or the reason motcua cannot measure it. */
export type Measured = { numerator: number; denominator: number } | { noData: LText };

export type ComponentResult = ComponentSpec &
  (
    | { status: "scored"; ratio: Ratio; points: number }
    | { status: "no_data"; reason: LText; ratio: Ratio | null; points: null }
  );

export interface GroupResult {
  key: GroupKey;
  label: LText;
  max: number;
  /** Sum of the points of the components with data; null when none has data. */
  points: number | null;
  /** Sum of the maxima of the components with data. */
  scoredMax: number;
  components: ComponentResult[];
}

export interface IndexResult {
  groups: GroupResult[];
  /** Sum of the points of every component with data. */
  points: number;
  /** Sum of the maxima of the components with data (≤ 100). */
  scoredMax: number;
  max: 100;
  /** points / scoredMax, null when nothing has data. */
  share: number | null;
  noData: ComponentKey[];
}

export const NOTHING_TO_MEASURE: LText = {
  vi: "Không có đối tượng để tính trong kỳ.",
  en: "Nothing to measure in the period.",
};

/** Points of one component: max × min(1, share / fullAt), rounded to two decimals. */
export function componentPoints(spec: Pick<ComponentSpec, "max" | "fullAt">, r: Ratio): number | null {
  if (r.value === null) return null;
  return round2(spec.max * Math.min(1, r.value / spec.fullAt));
}

export function scoreComponent(spec: ComponentSpec, m: Measured): ComponentResult {
  if ("noData" in m) return { ...spec, status: "no_data", reason: m.noData, ratio: null, points: null };
  const r = ratio(m.numerator, m.denominator);
  const points = componentPoints(spec, r);
  if (points === null) return { ...spec, status: "no_data", reason: NOTHING_TO_MEASURE, ratio: r, points: null };
  return { ...spec, status: "scored", ratio: r, points };
}

/** The whole index from one measured input per component (every component must be given). */
export function index766(inputs: Record<ComponentKey, Measured>): IndexResult {
  const groups: GroupResult[] = GROUPS.map((g) => {
    const components = COMPONENTS.filter((c) => c.group === g.key).map((c) => scoreComponent(c, inputs[c.key]));
    const scored = components.filter((c) => c.status === "scored");
    return {
      key: g.key,
      label: g.label,
      max: g.max,
      points: scored.length ? round2(scored.reduce((s, c) => s + (c.points ?? 0), 0)) : null,
      scoredMax: scored.reduce((s, c) => s + c.max, 0),
      components,
    };
  });
  const points = round2(groups.reduce((s, g) => s + (g.points ?? 0), 0));
  const scoredMax = groups.reduce((s, g) => s + g.scoredMax, 0);
  return {
    groups,
    points,
    scoredMax,
    max: 100,
    share: scoredMax === 0 ? null : points / scoredMax,
    noData: groups.flatMap((g) => g.components.filter((c) => c.status === "no_data").map((c) => c.key)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Ratings (Circular 32/2017): three levels, an overall rating required, detailed criteria optional.

export const RATING_LEVELS = ["very_satisfied", "satisfied", "unsatisfied"] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];
export const RATING_LABELS: Record<RatingLevel, LText> = {
  very_satisfied: { vi: "Rất hài lòng", en: "Very satisfied" },
  satisfied: { vi: "Hài lòng", en: "Satisfied" },
  unsatisfied: { vi: "Chưa hài lòng", en: "Not satisfied" },
};
export const RATING_CRITERIA = ["ease", "on_time", "attitude"] as const;
export type RatingCriterion = (typeof RATING_CRITERIA)[number];
export const CRITERION_LABELS: Record<RatingCriterion, LText> = {
  ease: { vi: "Sự thuận tiện và thời gian phản hồi", en: "Ease and response time" },
  on_time: { vi: "Kết quả đúng hạn", en: "Result on time" },
  attitude: { vi: "Thái độ của cán bộ", en: "Staff attitude" },
};

/** Satisfaction = overall ratings "Rất hài lòng" or "Hài lòng" / all overall ratings. */
export function satisfaction(counts: Record<RatingLevel, number>): Ratio {
  return ratio(counts.very_satisfied + counts.satisfied, counts.very_satisfied + counts.satisfied + counts.unsatisfied);
}
