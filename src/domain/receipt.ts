/**
 * No receipt of an empty dossier (issue #10 item 3; Decree 61 Art. 15, digitisation at receipt under Decree 107/2021):
 * a counter or postal dossier is received only with every required paper scanned — or recorded as kept on paper only,
 * where the rule set allows it — and with its e-form data. The papers actually received (kind and number) are what
 * form 01 lists, never the catalogue's list. Pure.
 */
import type { Component } from "./catalogue.js";
import type { RuleSet } from "./rules.js";

export type PaperKind = "original" | "certified_copy" | "copy";

/** One paper received at the counter or by post, as the receiving officer records it. */
export interface ReceivedPaper {
  code: string;
  kind: PaperKind;
  /** Number of copies received (≥ 1). */
  quantity: number;
  /** Scans of it attached to the dossier. */
  files: number;
  /** Recorded as kept on paper only (not scanned). */
  paperOnly: boolean;
}

export type ReceiptGap =
  | { kind: "not_scanned"; code: string; name: string }
  | { kind: "paper_only_not_allowed"; code: string; name: string }
  | { kind: "no_eform_data" };

/** A paper channel: the dossier arrives as paper and is digitised at receipt. */
export const isPaperChannel = (channel: string) => channel === "counter" || channel === "postal";

/**
 * What keeps a paper dossier from being received: each required component without a scan (or, where the rule set
 * allows it, a paper-only record), a paper-only record the rule set does not allow, and missing e-form data.
 */
export function receiptGaps(
  components: Component[],
  papers: ReceivedPaper[],
  o: { hasEFormData: boolean; eformHasFields: boolean },
  rules: RuleSet,
): ReceiptGap[] {
  const gaps: ReceiptGap[] = [];
  const byCode = new Map<string, ReceivedPaper[]>();
  for (const p of papers) byCode.set(p.code, [...(byCode.get(p.code) ?? []), p]);
  for (const c of components) {
    const got = byCode.get(c.code) ?? [];
    for (const p of got)
      if (p.paperOnly && rules.paperOnlyReceipt !== "allowed")
        gaps.push({ kind: "paper_only_not_allowed", code: c.code, name: c.name });
    if (!c.required) continue;
    const ok = got.some((p) => p.files > 0 || (p.paperOnly && rules.paperOnlyReceipt === "allowed"));
    if (!ok && !got.some((p) => p.paperOnly)) gaps.push({ kind: "not_scanned", code: c.code, name: c.name });
  }
  if (o.eformHasFields && !o.hasEFormData) gaps.push({ kind: "no_eform_data" });
  return gaps;
}

/** The kind a paper defaults to: the catalogue's, unless the catalogue leaves it open (then a copy). */
export function defaultKind(c: Component | undefined): PaperKind {
  return c && c.form !== "original_or_copy" ? c.form : "copy";
}

/** Whether an e-form asks for any data at all (a procedure without an e-form has nothing to key in). */
export function eformHasFields(eform: unknown): boolean {
  const sections = (eform as { sections?: { fields?: unknown[] }[] } | null | undefined)?.sections ?? [];
  return sections.some((s) => (s.fields?.length ?? 0) > 0);
}
