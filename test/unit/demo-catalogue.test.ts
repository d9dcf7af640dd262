import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { checkProcedure, distributeBudget } from "../../src/domain/catalogue-rules.js";
import {
  CENTRE_CODE,
  COMMUNE,
  COMMUNE_CODES,
  DEMO_FIELDS,
  DEMO_PROCEDURES,
  DEMO_UNITS,
  type DemoProcedure,
} from "../../src/demo/catalogue/index.js";
import { TEMPLATE_FORMS } from "../../src/demo/templates/forms.js";
import type { EFormField } from "../../src/shared/eform.js";

const fieldCodes = new Set(DEMO_FIELDS.map((f) => f.code));
const TEMPLATES = join(import.meta.dirname, "../../src/demo/templates");
const templateExists = (file: string) => existsSync(join(TEMPLATES, file));
const problemsOf = (p: DemoProcedure) => checkProcedure(p, DEMO_UNITS, fieldCodes, templateExists).map((m) => m.en);
const byCode = (code: string) => DEMO_PROCEDURES.find((p) => p.code === code)!;
const allFields = (fields: EFormField[]): EFormField[] => fields.flatMap((f) => [f, ...allFields(f.fields ?? [])]);
const formFields = (p: DemoProcedure) => p.eform.sections.flatMap((s) => allFields(s.fields));

describe("demo units", () => {
  it("has unique codes, parents listed before their children, and the two-level shape", () => {
    const codes = DEMO_UNITS.map((u) => u.code);
    expect(new Set(codes).size).toBe(codes.length);
    const seen = new Set<string>();
    for (const u of DEMO_UNITS) {
      if (u.parent) expect(seen.has(u.parent), `${u.code} parent ${u.parent}`).toBe(true);
      seen.add(u.code);
      expect(u.code).toMatch(/^\d{3}\.\d{2}\.\d{2}\.H26$/);
      expect(u.address).toBeTruthy();
      expect(u.phone).toBeTruthy();
    }
    const provinceAgencies = DEMO_UNITS.filter((u) => u.level === "province" && u.kind !== "province");
    expect(provinceAgencies.length).toBeGreaterThanOrEqual(10);
    expect(DEMO_UNITS.filter((u) => u.kind === "commune").length).toBeGreaterThanOrEqual(20);
    expect(DEMO_UNITS.filter((u) => u.kind === "province")).toHaveLength(1);
    expect(DEMO_UNITS.find((u) => u.code === CENTRE_CODE)?.kind).toBe("centre");
    expect(COMMUNE_CODES).toContain(COMMUNE.baDinh);
  });
});

describe("demo procedures", () => {
  it("has at least 30 procedures with unique national codes", () => {
    expect(DEMO_PROCEDURES.length).toBeGreaterThanOrEqual(30);
    const codes = DEMO_PROCEDURES.map((p) => p.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("every procedure is internally consistent", () => {
    const problems = DEMO_PROCEDURES.flatMap(problemsOf);
    expect(problems).toEqual([]);
  });

  it("the consistency check catches broken procedures", () => {
    const good = byCode("1.001193");
    expect(problemsOf(good)).toEqual([]);
    const broken: DemoProcedure = structuredClone(good);
    broken.eform.sections[0]!.fields.push({ ...broken.eform.sections[0]!.fields[0]! });
    broken.eform.sections[1]!.fields.push({
      key: "ward",
      type: "commune",
      label: { vi: "Xã" },
      provinceField: "nowhere",
    });
    broken.components.push({ ...broken.components[0]!, template: { name: "x", file: "khong-co.pdf" } });
    broken.process.steps[1]!.budgetHours += 6;
    broken.onlineKind = "partial";
    broken.implementingUnits = [...broken.implementingUnits, "000.99.99.H26", CENTRE_CODE];
    broken.fees = [{ name: "Lệ phí", amount: 12.5 }];
    const problems = problemsOf(broken).join("\n");
    expect(problems).toMatch(/applicant\.fullName: duplicate key/);
    expect(problems).toMatch(/child\.ward: provinceField/);
    expect(problems).toMatch(/duplicate component TK/);
    expect(problems).toMatch(/template khong-co\.pdf missing/);
    expect(problems).toMatch(/step budgets sum to 10 h/);
    expect(problems).toMatch(/partial online without a reason/);
    expect(problems).toMatch(/unknown implementing unit 000\.99\.99\.H26/);
    expect(problems).toMatch(/implementing unit 000\.00\.12\.H26 is not at commune level/);
    expect(problems).toMatch(/not a whole VND amount/);
  });

  it("covers the common fields and both levels, with real e-form features", () => {
    const fields = new Set(DEMO_PROCEDURES.map((p) => p.fieldCode));
    expect(fields.size).toBeGreaterThanOrEqual(10);
    expect(DEMO_PROCEDURES.some((p) => p.level === "province")).toBe(true);
    expect(DEMO_PROCEDURES.some((p) => p.level === "commune")).toBe(true);
    for (const kind of ["end_to_end", "partial", "none"] as const)
      expect(
        DEMO_PROCEDURES.some((p) => p.onlineKind === kind),
        kind,
      ).toBe(true);
    const types = new Set(DEMO_PROCEDURES.flatMap(formFields).map((f) => f.type));
    for (const t of ["cccd", "date", "province", "commune", "group", "select", "phone", "email", "number"])
      expect(types.has(t as EFormField["type"]), t).toBe(true);
    // Every procedure asks for the applicant once, prefilled from the account.
    for (const p of DEMO_PROCEDURES)
      expect(
        formFields(p).some((f) => f.prefill === "name" || f.prefill === "taxCode"),
        p.code,
      ).toBe(true);
  });

  it("birth registration matches the published procedure", () => {
    const p = byCode("1.001193");
    expect(p.name).toBe("Đăng ký khai sinh");
    expect(p.level).toBe("commune");
    expect(p.implementingUnits).toEqual(COMMUNE_CODES);
    expect(p.fees[0]).toMatchObject({ amount: 0 });
    expect(p.components[0]?.template).toEqual({
      name: "Tờ khai đăng ký khai sinh",
      file: "to-khai-dang-ky-khai-sinh.pdf",
    });
    expect(p.legalBases.map((b) => b.number)).toContain("60/2014/QH13");
    const mother = p.eform.sections.find((s) => s.key === "mother")!;
    expect(mother.fields.find((f) => f.key === "idNumber")?.type).toBe("cccd");
  });

  it("every registered template is used and every used template is registered", () => {
    const used = new Set(
      DEMO_PROCEDURES.flatMap((p) => p.components.flatMap((c) => (c.template ? [c.template.file] : []))),
    );
    for (const file of used) expect(TEMPLATE_FORMS[file], file).toBeDefined();
    for (const file of Object.keys(TEMPLATE_FORMS)) expect(used.has(file), file).toBe(true);
  });
});

describe("process budgets", () => {
  it("distributes a working-day limit exactly, at least one hour a step", () => {
    const spec = distributeBudget({ unit: "working_days", value: 3 }, [
      ["A", "a", "receiving", "receiving", 1],
      ["B", "b", "competent", "specialist", 5],
      ["C", "c", "competent", "leader", 2],
    ]);
    expect(spec.steps.reduce((s, x) => s + x.budgetHours, 0)).toBe(24);
    expect(spec.steps.every((s) => s.budgetHours >= 1)).toBe(true);
    expect(spec.steps[1]!.budgetHours).toBeGreaterThan(spec.steps[0]!.budgetHours);
  });
  it("refuses more steps than hours", () => {
    expect(() =>
      distributeBudget({ unit: "working_hours", value: 1 }, [
        ["A", "a", "receiving", "receiving", 1],
        ["B", "b", "receiving", "leader", 1],
      ]),
    ).toThrow(/do not fit/);
  });
});
