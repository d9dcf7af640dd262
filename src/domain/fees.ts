/**
 * Fees and charges (phí, lệ phí) of a dossier (issue #7; domain.md §2 and §5): computed from the pinned procedure
 * version's fees when the officer raises the financial obligation, so the applicant sees what is owed and why.
 * A fee applies once (fixed), per copy issued, or per item (page, signature, case), up to its cap; an applicant in
 * one of the fee's exempt categories owes nothing for it. Pure: the use case passes the fees and the officer's
 * choices and stores the lines it gets back.
 */
import { formatVnd } from "../shared/format.js";
import type { LText } from "../shared/text.js";
import type { Fee } from "./catalogue.js";

/** Applicant categories the fee laws exempt (Law on Fees and Charges 2015 Art. 10; HĐND resolutions). */
export const EXEMPTION_CATEGORIES = {
  revolution_merit: {
    vi: "Người có công với cách mạng, thân nhân người có công",
    en: "Person of merit to the revolution or their relative",
  },
  poor_household: { vi: "Thành viên hộ nghèo, hộ cận nghèo", en: "Member of a poor or near-poor household" },
  disability: { vi: "Người khuyết tật", en: "Person with a disability" },
  child: { vi: "Trẻ em dưới 16 tuổi", en: "Child under 16" },
  elderly: { vi: "Người cao tuổi", en: "Elderly person" },
} as const satisfies Record<string, LText>;
export type ExemptionCategory = keyof typeof EXEMPTION_CATEGORIES;
export const isExemptionCategory = (c: string): c is ExemptionCategory => Object.hasOwn(EXEMPTION_CATEGORIES, c);

/** What the officer states when raising the obligation. */
export interface FeeSelection {
  /** Indexes of the procedure's fees that apply to this dossier; default: all. */
  include?: number[];
  /** Copies issued (for per-copy fees); default 1. */
  copies?: number;
  /** Items (pages, signatures, cases) for per-item fees; default 1. */
  items?: number;
  /** The applicant's exempt categories, as established by the officer. */
  exemptions?: ExemptionCategory[];
}

export interface FeeLine {
  /** Index of the fee in the procedure version. */
  index: number;
  name: string;
  basis: "fixed" | "per_copy" | "per_item";
  unitAmount: number;
  quantity: number;
  /** What is owed for this line (0 when exempt or not charged). */
  amount: number;
  /** True when the cap reduced the amount. */
  capped: boolean;
  exemptBy: ExemptionCategory | null;
  note: string | null;
}

export interface FeeAssessment {
  lines: FeeLine[];
  total: number;
}

export type FeeProblem = { path: string; text: LText };

/** Checks a selection against the fees of a version; the problems name the field. */
export function checkFeeSelection(fees: Fee[], sel: FeeSelection): FeeProblem[] {
  const out: FeeProblem[] = [];
  if (fees.length === 0)
    out.push({
      path: "amount",
      text: { vi: "Thủ tục không quy định phí, lệ phí.", en: "The procedure charges no fee." },
    });
  for (const [i, n] of (sel.include ?? []).entries())
    if (!Number.isInteger(n) || n < 0 || n >= fees.length)
      out.push({
        path: `include[${i}]`,
        text: { vi: "Thủ tục không có khoản phí, lệ phí này.", en: "The procedure has no such fee." },
      });
  if (sel.include && new Set(sel.include).size !== sel.include.length)
    out.push({ path: "include", text: { vi: "Mỗi khoản chỉ chọn một lần.", en: "Each fee may be chosen once." } });
  for (const k of ["copies", "items"] as const) {
    const v = sel[k];
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 10_000))
      out.push({
        path: k,
        text: {
          vi: "Số lượng phải là số nguyên từ 0 đến 10.000.",
          en: "The quantity must be a whole number 0–10,000.",
        },
      });
  }
  for (const [i, c] of (sel.exemptions ?? []).entries())
    if (!isExemptionCategory(c))
      out.push({
        path: `exemptions[${i}]`,
        text: { vi: "Đối tượng miễn phí, lệ phí không hợp lệ.", en: "Unknown exemption category." },
      });
  return out;
}

/** The lines and total owed for a dossier. Call `checkFeeSelection` first: indexes out of range are skipped. */
export function assessFees(fees: Fee[], sel: FeeSelection = {}): FeeAssessment {
  const include = sel.include ?? fees.map((_, i) => i);
  const exemptions = new Set(sel.exemptions ?? []);
  const lines: FeeLine[] = [];
  for (const index of [...include].sort((a, b) => a - b)) {
    const f = fees[index];
    if (!f) continue;
    const basis = f.basis ?? "fixed";
    const quantity = basis === "per_copy" ? (sel.copies ?? 1) : basis === "per_item" ? (sel.items ?? 1) : 1;
    const full = Math.max(0, Math.round(f.amount)) * quantity;
    const capped = f.max !== undefined && full > f.max;
    const exemptBy = (f.exemptFor ?? []).find((c): c is ExemptionCategory => exemptions.has(c as ExemptionCategory));
    lines.push({
      index,
      name: f.name,
      basis,
      unitAmount: f.amount,
      quantity,
      amount: exemptBy ? 0 : capped ? (f.max as number) : full,
      capped,
      exemptBy: exemptBy ?? null,
      note: f.note ?? null,
    });
  }
  return { lines, total: lines.reduce((s, l) => s + l.amount, 0) };
}

const UNIT: Record<FeeLine["basis"], LText> = {
  fixed: { vi: "", en: "" },
  per_copy: { vi: "bản", en: "copies" },
  per_item: { vi: "trang/việc", en: "items" },
};

/** Why a line costs what it costs, in words: "8.000 ₫ × 2 bản = 16.000 ₫", "miễn (hộ nghèo)". */
export function explainFeeLine(l: FeeLine): LText {
  if (l.exemptBy) {
    const c = EXEMPTION_CATEGORIES[l.exemptBy];
    return { vi: `Miễn (${c.vi})`, en: `Exempt (${c.en})` };
  }
  if (l.unitAmount === 0) return { vi: "Không thu", en: "Not charged" };
  const cap = l.capped ? { vi: ` (tối đa ${formatVnd(l.amount)})`, en: ` (capped at ${formatVnd(l.amount)})` } : null;
  if (l.basis === "fixed") return { vi: formatVnd(l.amount), en: formatVnd(l.amount) };
  const u = UNIT[l.basis];
  const full = formatVnd(l.unitAmount * l.quantity);
  return {
    vi: `${formatVnd(l.unitAmount)} × ${l.quantity} ${u.vi} = ${full}${cap?.vi ?? ""}`,
    en: `${formatVnd(l.unitAmount)} × ${l.quantity} ${u.en} = ${full}${cap?.en ?? ""}`,
  };
}

/** The obligation's one-line description (what the payment order and the receipt say). */
export function describeAssessment(procedureName: string, a: FeeAssessment): string {
  const names = a.lines.filter((l) => l.amount > 0).map((l) => l.name);
  return `${names.length ? names.join("; ") : "Phí, lệ phí"} – ${procedureName}`.slice(0, 1000);
}
