/**
 * The statistics fold and the Decision 766 deltas kept with it (src/domain/measure/statistics.ts), as properties over
 * random histories: the open-due stock a dossier leaves is 1 while it is pending and 0 once it has left; it is received
 * at most once and closed at most once, after its receipt; a digitised receipt, an electronic result and an online
 * payment are counted only with their receipt, resolution and confirmation.
 */
import { describe, expect, it } from "vitest";
import { prng } from "../../bench/province-gen.js";
import {
  factDeltas,
  foldStatEvent,
  initialStatState,
  type StatDelta,
  type StatEvent,
} from "../../src/domain/measure/statistics.js";

const at = (day: number) => new Date(Date.UTC(2026, 0, 5 + day, 3));

/** A random history: submitted, maybe received, then random suspensions, moves of the deadline and one exit. */
function history(rand: () => number): StatEvent[] {
  const evs: StatEvent[] = [{ type: "submitted", at: at(0), fromStatus: null, toStatus: 1, data: {} }];
  let status = 1;
  let d = 0;
  const go = (type: string, to: number | null, data: Record<string, unknown> = {}) => {
    d += 1 + Math.floor(rand() * 5);
    evs.push({ type, at: at(d), fromStatus: to === null ? null : status, toStatus: to, data });
    if (to !== null) status = to;
  };
  if (rand() < 0.1) return evs;
  if (rand() < 0.05) {
    go("refused", 3);
    return evs;
  }
  go("received", 2, { changes: { due_at: { from: null, to: at(d + 10).toISOString() } } });
  go("handed_over", 4);
  for (let i = 0; i < 3; i++) {
    const r = rand();
    if (r < 0.2) {
      go("payment_requested", 6, { changes: { suspended_at: { from: null, to: at(d).toISOString() } } });
      if (rand() < 0.8)
        go("payment_confirmed", 4, {
          method: rand() < 0.5 ? "online" : "counter",
          changes: { suspended_at: { from: "x", to: null }, due_at: { from: null, to: at(d + 12).toISOString() } },
        });
      else return evs;
    } else if (r < 0.3) go("result_attached", null);
  }
  const exit = rand();
  if (exit < 0.15) return evs;
  if (exit < 0.2) go("withdrawn", 7);
  else if (exit < 0.25) go("stopped", 8);
  else go("approved", 9, { changes: { outcome: { from: null, to: rand() < 0.1 ? "late" : "on_time" } } });
  return evs;
}

describe("the statistics fold over random histories", () => {
  it("keeps the stock, the flows and the 766 counts consistent", () => {
    const rand = prng(42);
    for (let i = 0; i < 2000; i++) {
      const evs = history(rand);
      const files = { component: rand() < 0.7, result: rand() < 0.5 };
      let st = initialStatState();
      const all: StatDelta[] = [];
      for (const ev of evs) {
        const x = foldStatEvent(st, ev);
        st = x.state;
        all.push(...x.deltas, ...factDeltas(ev, x.deltas, files));
      }
      const sum = (m: string) => all.filter((x) => x.metric === m).reduce((a, x) => a + x.n, 0);
      const closed = sum("resolved_early") + sum("resolved_on_time") + sum("resolved_late");
      const left = closed + sum("withdrawn") + sum("stopped") + sum("refused");
      expect(sum("received")).toBe(st.received ? 1 : 0);
      // pending = received − left, and the open-due stock says the same
      expect(sum("open_due")).toBe(sum("received") - left);
      expect(sum("open_due")).toBe(st.open ? 1 : 0);
      expect(sum("received_digitised")).toBe(files.component ? sum("received") : 0);
      expect(sum("resolved_e_result")).toBe(files.result ? closed : 0);
      const confirmed = evs.filter((e) => e.type === "payment_confirmed");
      expect(sum("payment_confirmed")).toBe(confirmed.length);
      expect(sum("paid_online")).toBe(confirmed.filter((e) => e.data.method === "online").length);
      expect(sum("paid_online")).toBeLessThanOrEqual(sum("payment_confirmed"));
    }
  });
});

describe("Decision 766 deltas of a receipt", () => {
  it("count digitised components, reused warehouse data and a population look-up on the day received", () => {
    const ev = { type: "received", at: new Date("2026-03-02T01:00:00Z"), data: {} } as unknown as Parameters<
      typeof factDeltas
    >[0];
    const received = [{ day: "2026-03-02", metric: "received", bucket: "", n: 1 }] as Parameters<typeof factDeltas>[1];
    const all = factDeltas(ev, received, { component: true, result: false, reused: true, populationData: true });
    expect(all.map((d) => d.metric).sort()).toEqual([
      "received_data_reused",
      "received_digitised",
      "received_population_data",
    ]);
    expect(factDeltas(ev, received, { component: true, result: false }).map((d) => d.metric)).toEqual([
      "received_digitised",
    ]);
  });
});
