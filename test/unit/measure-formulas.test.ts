/** The measuring formulas (domain.md §8) against hand-computed cases, edges included. */
import { describe, expect, it } from "vitest";
import {
  COMPONENTS,
  type ComponentKey,
  GROUPS,
  index766,
  type Measured,
  NOTHING_TO_MEASURE,
  satisfaction,
  scoreComponent,
} from "../../src/domain/measure/index766.js";
import {
  checkReport,
  emptyCounts,
  nextPeriod,
  onTimeRate,
  period,
  periodicReport,
  periodLabel,
} from "../../src/domain/measure/periodic-report.js";
import { formatPercent, ratio } from "../../src/domain/measure/ratio.js";

const spec = (k: ComponentKey) => COMPONENTS.find((c) => c.key === k)!;
const NO = { noData: { vi: "Chưa có dữ liệu", en: "No data" } };

describe("periodic report (form II.06a)", () => {
  it("adds up received, resolved and pending as the form does", () => {
    // 10 carried over + 30 online + 20 at the counter = 60 received;
    // resolved 12 early + 20 on time + 8 late = 40; withdrawn 2, stopped 1; pending 17 of which 5 overdue.
    const r = periodicReport({
      ...emptyCounts(),
      carriedOver: 10,
      receivedOnline: 30,
      receivedCounterPostal: 20,
      resolvedEarly: 12,
      resolvedOnTime: 20,
      resolvedLate: 8,
      withdrawn: 2,
      stopped: 1,
      pending: 17,
      pendingOverdue: 5,
    });
    expect(r.received).toEqual({ total: 60, online: 30, counterPostal: 20, carriedOver: 10 });
    expect(r.resolved).toEqual({ total: 40, early: 12, onTime: 20, late: 8 });
    expect(r.pending).toEqual({ total: 17, withinDeadline: 12, overdue: 5 });
    // Decree 61 Art. 30: (12 + 20) / 40 = 80 %
    expect(r.onTimeRate).toEqual({ numerator: 32, denominator: 40, value: 0.8 });
    expect(r.onlineShare).toEqual({ numerator: 30, denominator: 50, value: 0.6 });
    expect(checkReport(r)).toEqual([]);
  });

  it("reports a report that does not balance, and a carried-over that is not the last pending", () => {
    const base = { ...emptyCounts(), receivedOnline: 5, resolvedOnTime: 3, pending: 1 };
    const r = periodicReport(base);
    expect(checkReport(r).map((v) => v.rule)).toEqual(["received_balance"]);
    const ok = periodicReport({ ...base, pending: 2 });
    expect(checkReport(ok)).toEqual([]);
    const next = periodicReport({ ...emptyCounts(), carriedOver: 3, pending: 3 });
    expect(checkReport(ok, next).map((v) => v.rule)).toEqual(["carried_over"]);
    const good = periodicReport({ ...emptyCounts(), carriedOver: 2, pending: 2 });
    expect(checkReport(ok, good)).toEqual([]);
  });

  it("refuses negative counts and more overdue than pending", () => {
    expect(() => periodicReport({ ...emptyCounts(), pending: -1 })).toThrow(RangeError);
    expect(() => periodicReport({ ...emptyCounts(), pending: 1, pendingOverdue: 2 })).toThrow(RangeError);
  });

  it("has no on-time rate when nothing was resolved (not 0 %, not 100 %)", () => {
    expect(onTimeRate({ resolvedEarly: 0, resolvedOnTime: 0, resolvedLate: 0 })).toEqual({
      numerator: 0,
      denominator: 0,
      value: null,
    });
    expect(formatPercent(onTimeRate({ resolvedEarly: 0, resolvedOnTime: 0, resolvedLate: 0 }))).toBe("—");
    expect(formatPercent(ratio(2, 3))).toBe("66,7 %");
    expect(formatPercent(ratio(2, 3), "en")).toBe("66.7%");
  });

  it("cuts months, quarters, halves and years into [from, to) days and chains them", () => {
    expect(period("month", 2026, 2)).toMatchObject({ from: "2026-02-01", to: "2026-03-01" });
    expect(period("month", 2026, 12)).toMatchObject({ from: "2026-12-01", to: "2027-01-01" });
    expect(period("quarter", 2026, 3)).toMatchObject({ from: "2026-07-01", to: "2026-10-01" });
    expect(period("half", 2026, 2)).toMatchObject({ from: "2026-07-01", to: "2027-01-01" });
    expect(period("year", 2026)).toMatchObject({ from: "2026-01-01", to: "2027-01-01" });
    expect(nextPeriod(period("quarter", 2026, 4))).toMatchObject({ year: 2027, index: 1, from: "2027-01-01" });
    expect(periodLabel(period("quarter", 2026, 2))).toBe("Quý II/2026");
    expect(periodLabel(period("half", 2026, 1))).toBe("6 tháng đầu năm 2026");
    expect(() => period("quarter", 2026, 5)).toThrow(RangeError);
  });
});

describe("Decision 766 index", () => {
  it("has six groups worth 100 points, each the sum of its components", () => {
    expect(GROUPS.map((g) => [g.key, g.max])).toEqual([
      ["transparency", 18],
      ["progress", 20],
      ["online", 12],
      ["payment", 10],
      ["digitisation", 22],
      ["satisfaction", 18],
    ]);
    for (const g of GROUPS)
      expect(COMPONENTS.filter((c) => c.group === g.key).reduce((s, c) => s + c.max, 0)).toBe(g.max);
    expect(COMPONENTS.reduce((s, c) => s + c.max, 0)).toBe(100);
  });

  it("scores progress as 20 × (early + on time) / received", () => {
    const c = scoreComponent(spec("progress"), { numerator: 45, denominator: 60 });
    expect(c).toMatchObject({ status: "scored", points: 15, ratio: { numerator: 45, denominator: 60 } });
  });

  it("gives full marks for online procedures at 80 % and proportional points below", () => {
    // 2 × min(1, 0.6 / 0.8) = 1.5
    expect(scoreComponent(spec("procedures_online"), { numerator: 60, denominator: 100 }).points).toBe(1.5);
    expect(scoreComponent(spec("procedures_online"), { numerator: 80, denominator: 100 }).points).toBe(2);
    expect(scoreComponent(spec("procedures_online"), { numerator: 95, denominator: 100 }).points).toBe(2);
  });

  it("gives full marks for online dossiers at 50 %", () => {
    // 6 × min(1, 0.3 / 0.5) = 3.6
    expect(scoreComponent(spec("dossiers_online"), { numerator: 3, denominator: 10 }).points).toBe(3.6);
    expect(scoreComponent(spec("dossiers_online"), { numerator: 5, denominator: 10 }).points).toBe(6);
    expect(scoreComponent(spec("dossiers_online"), { numerator: 9, denominator: 10 }).points).toBe(6);
  });

  it("gives full marks for dossier satisfaction at 90 % and reuse of digitised data at 80 %", () => {
    // 6 × (0.81 / 0.9) = 5.4
    expect(scoreComponent(spec("dossier_satisfaction"), { numerator: 81, denominator: 100 }).points).toBe(5.4);
    expect(scoreComponent(spec("dossier_satisfaction"), { numerator: 90, denominator: 100 }).points).toBe(6);
    // 2 × (0.4 / 0.8) = 1
    expect(scoreComponent(spec("digitised_data_reused"), { numerator: 4, denominator: 10 }).points).toBe(1);
    // 6 × 2/3 = 4 (two decimals)
    expect(scoreComponent(spec("electronic_results"), { numerator: 2, denominator: 3 }).points).toBe(4);
    expect(scoreComponent(spec("progress"), { numerator: 1, denominator: 3 }).points).toBe(6.67);
  });

  it("shows no ratings and no petitions as no data, never as zero or full marks", () => {
    const none = scoreComponent(spec("dossier_satisfaction"), { numerator: 0, denominator: 0 });
    expect(none).toMatchObject({ status: "no_data", points: null, reason: NOTHING_TO_MEASURE });
    const petitions = scoreComponent(spec("petitions_on_time"), NO);
    expect(petitions).toMatchObject({ status: "no_data", points: null, ratio: null });
    // zero satisfied of some ratings is a real zero
    expect(scoreComponent(spec("dossier_satisfaction"), { numerator: 0, denominator: 4 }).points).toBe(0);
  });

  it("totals only what has data and says what has none", () => {
    const inputs = Object.fromEntries(COMPONENTS.map((c) => [c.key, NO])) as Record<ComponentKey, Measured>;
    inputs.progress = { numerator: 45, denominator: 60 }; // 15 / 20
    inputs.dossiers_online = { numerator: 3, denominator: 10 }; // 3.6 / 6
    inputs.dossier_satisfaction = { numerator: 9, denominator: 10 }; // 6 / 6
    inputs.online_services_used = { numerator: 0, denominator: 0 }; // nothing to measure
    const r = index766(inputs);
    expect(r.points).toBe(24.6);
    expect(r.scoredMax).toBe(32);
    expect(r.max).toBe(100);
    expect(r.share).toBeCloseTo(24.6 / 32, 10);
    expect(r.noData).toHaveLength(COMPONENTS.length - 3);
    expect(r.noData).toContain("online_services_used");
    const online = r.groups.find((g) => g.key === "online")!;
    expect(online).toMatchObject({ points: 3.6, scoredMax: 6, max: 12 });
    expect(r.groups.find((g) => g.key === "payment")).toMatchObject({ points: null, scoredMax: 0 });
  });

  it("with nothing measured has no total share", () => {
    const inputs = Object.fromEntries(COMPONENTS.map((c) => [c.key, NO])) as Record<ComponentKey, Measured>;
    expect(index766(inputs)).toMatchObject({ points: 0, scoredMax: 0, share: null });
  });

  it("computes satisfaction from the three levels", () => {
    expect(satisfaction({ very_satisfied: 5, satisfied: 3, unsatisfied: 2 })).toEqual({
      numerator: 8,
      denominator: 10,
      value: 0.8,
    });
    expect(satisfaction({ very_satisfied: 0, satisfied: 0, unsatisfied: 0 }).value).toBeNull();
    expect(() => ratio(3, 2)).toThrow(RangeError);
  });
});
