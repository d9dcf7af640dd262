import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/domain/canonical-json.js";
import { formatDossierCode, parseDossierCode, vnDay } from "../../src/domain/dossier-code.js";
import { formatDate, formatDateTime, formatVnd, toVnIso } from "../../src/shared/format.js";

describe("dossier code (domain.md §4)", () => {
  it("formats <unit>-<YYMMDD>-<NNNN>", () => {
    expect(formatDossierCode("000.00.12.H56", "2024-03-15", 7)).toBe("000.00.12.H56-240315-0007");
    expect(() => formatDossierCode("000.00.12.H56", "2024-03-15", 10000)).toThrow(RangeError);
    expect(() => formatDossierCode("000.00.12.H56", "2024-03-15", 0)).toThrow(RangeError);
  });
  it("parses back without reading the unit code by position", () => {
    expect(parseDossierCode("G01.05-240315-0012")).toEqual({ unitCode: "G01.05", day: "2024-03-15", seq: 12 });
    expect(parseDossierCode("nonsense")).toBeUndefined();
  });
  it("uses the Vietnamese day (UTC+7)", () => {
    expect(vnDay(new Date("2026-03-15T16:59:59Z"))).toBe("2026-03-15");
    expect(vnDay(new Date("2026-03-15T17:00:00Z"))).toBe("2026-03-16");
  });
});

describe("formats", () => {
  it("shows dates dd/mm/yyyy and times hh:mm dd/mm/yyyy in Vietnam time", () => {
    expect(formatDate(new Date("2026-02-20T17:30:00Z"))).toBe("21/02/2026");
    expect(formatDate("2026-02-05")).toBe("05/02/2026");
    expect(formatDateTime(new Date("2026-02-20T09:30:00Z"))).toBe("16:30 20/02/2026");
    expect(toVnIso(new Date("2026-02-20T09:30:00Z"))).toBe("2026-02-20T16:30:00+07:00");
  });
  it("shows money in VND", () => {
    expect(formatVnd(1500000)).toBe("1.500.000 ₫");
    expect(formatVnd(0)).toBe("0 ₫");
  });
  it("hashes canonically", () => {
    expect(canonicalJson({ b: 1, a: [2, { d: null, c: "x" }] })).toBe('{"a":[2,{"c":"x","d":null}],"b":1}');
  });
});
