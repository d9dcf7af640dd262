/**
 * Issue #9: conditional fields and cross-field rules of the e-form — the one validator on the server, the same code as
 * bundled for the browser (esbuild, as src/web/assets.ts bundles the client script), and the renderer's marks.
 */
import { runInNewContext } from "node:vm";
import { buildSync } from "esbuild";
import { describe, expect, it } from "vitest";
import { eformProblems } from "../../src/domain/catalogue-rules.js";
import type { EForm } from "../../src/shared/eform.js";
import { hiddenPaths, validateEForm } from "../../src/shared/eform-validate.js";
import { renderEForm } from "../../src/web/eform.js";

const TODAY = "2026-03-15";
const FORM: EForm = {
  sections: [
    {
      key: "applicant",
      title: { vi: "Người đề nghị", en: "Applicant" },
      fields: [
        { key: "birthDate", type: "date", label: { vi: "Ngày sinh", en: "Date of birth" }, required: true },
        {
          key: "relation",
          type: "radio",
          label: { vi: "Quan hệ", en: "Relation" },
          required: true,
          options: [
            { value: "parent", label: { vi: "Cha, mẹ" } },
            { value: "guardian", label: { vi: "Người giám hộ" } },
          ],
        },
        {
          key: "decision",
          type: "text",
          label: { vi: "Số quyết định giám hộ", en: "Guardianship decision" },
          required: true,
          showIf: { field: "relation", values: ["guardian"] },
        },
        { key: "hasIncome", type: "checkbox", label: { vi: "Có thu nhập" } },
        {
          key: "income",
          type: "number",
          label: { vi: "Thu nhập", en: "Income" },
          required: true,
          showIf: { field: "hasIncome" },
        },
        { key: "ceiling", type: "number", label: { vi: "Mức trần", en: "Ceiling" } },
      ],
    },
    {
      key: "child",
      title: { vi: "Trẻ", en: "Child" },
      fields: [{ key: "birthDate", type: "date", label: { vi: "Ngày sinh của trẻ", en: "Child's date of birth" } }],
    },
  ],
  rules: [
    {
      field: "applicant.birthDate",
      op: "lt",
      other: "child.birthDate",
      message: { vi: "phải trước ngày sinh của trẻ.", en: "must be before the child's date of birth." },
    },
    {
      field: "applicant.income",
      op: "lte",
      other: "applicant.ceiling",
      message: { vi: "không được vượt mức trần.", en: "must not exceed the ceiling." },
    },
  ],
};

type Validate = typeof validateEForm;
type Hidden = typeof hiddenPaths;
/** The shared validator as the browser gets it: bundled by esbuild to an IIFE and run outside Node's modules. */
function browserBuild(): { validateEForm: Validate; hiddenPaths: Hidden } {
  const out = buildSync({
    stdin: {
      contents: 'export { validateEForm, hiddenPaths } from "./src/shared/eform-validate.ts";',
      resolveDir: process.cwd(),
      loader: "ts",
    },
    bundle: true,
    format: "iife",
    globalName: "eform",
    target: "es2019",
    write: false,
    logLevel: "silent",
  });
  const sandbox: Record<string, unknown> = {};
  runInNewContext(`${out.outputFiles[0]!.text}; this.eform = eform;`, sandbox);
  return sandbox.eform as { validateEForm: Validate; hiddenPaths: Hidden };
}

const cases: Array<[string, unknown, Array<[string, string]>]> = [
  [
    "a guardian without a decision number",
    { applicant: { birthDate: "1990-01-01", relation: "guardian" } },
    [["applicant.decision", "Người đề nghị – Số quyết định giám hộ: vui lòng nhập thông tin này."]],
  ],
  [
    "a parent: the decision number is hidden, not required",
    { applicant: { birthDate: "1990-01-01", relation: "parent" } },
    [],
  ],
  [
    "the applicant born after the child",
    { applicant: { birthDate: "2020-05-01", relation: "parent" }, child: { birthDate: "2019-01-01" } },
    [["applicant.birthDate", "Người đề nghị – Ngày sinh: phải trước ngày sinh của trẻ."]],
  ],
  [
    "income over the ceiling, shown by the ticked box",
    { applicant: { birthDate: "1990-01-01", relation: "parent", hasIncome: "true", income: "900", ceiling: "500" } },
    [["applicant.income", "Người đề nghị – Thu nhập: không được vượt mức trần."]],
  ],
  [
    "income required once the box is ticked",
    { applicant: { birthDate: "1990-01-01", relation: "parent", hasIncome: "true" } },
    [["applicant.income", "Người đề nghị – Thu nhập: vui lòng nhập thông tin này."]],
  ],
];

describe("e-form conditional fields and cross-field rules", () => {
  const browser = browserBuild();
  for (const [name, data, expected] of cases)
    it(`${name}: the server and the browser bundle give the same errors`, () => {
      const server = validateEForm(FORM, data, "vi", { today: TODAY });
      expect(server.errors.map((e) => [e.path, e.message])).toEqual(expected);
      const client = browser.validateEForm(FORM, data, "vi", { today: TODAY });
      expect(client.errors).toEqual(server.errors);
      expect(client.value).toEqual(server.value);
    });

  it("drops a hidden field's value and keeps a shown one", () => {
    const hidden = validateEForm(
      FORM,
      { applicant: { birthDate: "1990-01-01", relation: "parent", decision: "12/QĐ", income: "300" } },
      "vi",
      { today: TODAY },
    );
    expect(hidden.errors).toEqual([]);
    expect(hidden.value).toEqual({ applicant: { birthDate: "1990-01-01", relation: "parent", hasIncome: false } });
    const shown = validateEForm(
      FORM,
      { applicant: { birthDate: "1990-01-01", relation: "guardian", decision: "12/QĐ" } },
      "en",
      { today: TODAY },
    );
    expect(shown.errors).toEqual([]);
    expect(shown.value).toMatchObject({ applicant: { decision: "12/QĐ" } });
  });

  it("a rule is in English too, and silent while either side is empty", () => {
    const r = validateEForm(
      FORM,
      { applicant: { birthDate: "2020-05-01", relation: "parent" }, child: { birthDate: "2019-01-01" } },
      "en",
      {
        today: TODAY,
      },
    );
    expect(r.errors.map((e) => e.message)).toEqual([
      "Applicant – Date of birth: must be before the child's date of birth.",
    ]);
    expect(
      validateEForm(FORM, { applicant: { birthDate: "2020-05-01", relation: "parent" } }, "vi", { today: TODAY })
        .errors,
    ).toEqual([]);
  });

  it("the renderer hides what the values hide, and the browser bundle computes the same hidden paths", () => {
    const values = { applicant: { relation: "parent" } };
    expect([...hiddenPaths(FORM, values)]).toEqual(["applicant.decision", "applicant.income"]);
    expect([...browser.hiddenPaths(FORM, values)]).toEqual(["applicant.decision", "applicant.income"]);
    const page = String(renderEForm(FORM, { lang: "vi", values }));
    expect(page).toMatch(/<div class="field" data-path="applicant\.decision" data-show-if hidden>/);
    const shown = String(renderEForm(FORM, { lang: "vi", values: { applicant: { relation: "guardian" } } }));
    expect(shown).toMatch(/<div class="field" data-path="applicant\.decision" data-show-if>/);
  });

  it("the definition checker names the field of a broken condition or rule", () => {
    const broken: EForm = structuredClone(FORM);
    broken.sections[0]!.fields[2]!.showIf = { field: "relation", values: ["uncle"] };
    broken.sections[0]!.fields[4]!.showIf = { field: "income" };
    broken.rules![0]!.other = "child.name";
    broken.rules![1]!.op = "eq" as "lt";
    expect(eformProblems(broken, "1.000001").map((p) => p.vi)).toEqual([
      "1.000001:applicant.decision: điều kiện hiển thị dùng giá trị uncle mà trường relation không có",
      "1.000001:applicant.income: điều kiện hiển thị chỉ tới trường income không có bên cạnh",
      "1.000001:applicant.birthDate: quy tắc so sánh chỉ tới trường không có (child.name)",
      "1.000001:applicant.income: phép so sánh eq không có",
    ]);
    const loop: EForm = structuredClone(FORM);
    loop.sections[0]!.fields[3]!.showIf = { field: "income" };
    expect(eformProblems(loop, "1.000001").map((p) => p.en)).toContain(
      "1.000001:applicant.income: display conditions go round in a circle (income → hasIncome)",
    );
  });
});
