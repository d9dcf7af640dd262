import { describe, expect, it } from "vitest";
import { COMMUNES, findCommune, findProvince, PROVINCES } from "../../src/shared/admin-units.js";
import type { EForm, EFormField } from "../../src/shared/eform.js";
import {
  formEntriesToData,
  normalisePhone,
  parseDate,
  prefillFromAccount,
  validateEForm,
} from "../../src/shared/eform-validate.js";

const TODAY = "2026-03-15";
const f = (field: Partial<EFormField> & Pick<EFormField, "key" | "type">): EFormField => ({
  label: { vi: field.key, en: field.key },
  ...field,
});
const one = (field: EFormField): EForm => ({ sections: [{ key: "s", title: { vi: "S" }, fields: [field] }] });
/** Validates one field in a one-section form: the data is { s: { key: value } }, messages carry no section title. */
const run = (field: EFormField, value: unknown, lang: "vi" | "en" = "vi") => {
  const r = validateEForm(one(field), { s: { [field.key]: value } }, lang, { today: TODAY });
  return { value: (r.value.s ?? {}) as Record<string, unknown>, errors: r.errors };
};

describe("admin units", () => {
  it("lists the 34 provinces and cities after the 2025 merger, with unique codes", () => {
    expect(PROVINCES).toHaveLength(34);
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(34);
    expect(PROVINCES.filter((p) => p.kind === "city").map((p) => p.name)).toEqual([
      "Thành phố Hà Nội",
      "Thành phố Hải Phòng",
      "Thành phố Huế",
      "Thành phố Đà Nẵng",
      "Thành phố Hồ Chí Minh",
      "Thành phố Cần Thơ",
    ]);
  });

  it("lists the 126 communes and wards of the demo province (Hà Nội), each in a listed province", () => {
    expect(COMMUNES.filter((c) => c.province === "01")).toHaveLength(126);
    expect(new Set(COMMUNES.map((c) => c.code)).size).toBe(COMMUNES.length);
    for (const c of COMMUNES) expect(findProvince(c.province)).toBeDefined();
    expect(findCommune("00004")?.name).toBe("Phường Ba Đình");
  });
});

describe("validateEForm: field types", () => {
  it("required: missing, null and blank strings are errors in both languages", () => {
    const field = f({ key: "fullName", type: "text", label: { vi: "Họ và tên", en: "Full name" }, required: true });
    for (const v of [undefined, null, "", "   "]) {
      expect(run(field, v).errors).toEqual([
        { path: "s.fullName", key: "required", message: "Họ và tên: vui lòng nhập thông tin này." },
      ]);
    }
    expect(run(field, "", "en").errors[0].message).toBe("Full name: this field is required.");
  });

  it("optional empty fields are left out of the value", () => {
    const r = run(f({ key: "note", type: "text" }), "  ");
    expect(r.errors).toEqual([]);
    expect(r.value).toEqual({});
  });

  it("text: trims, checks length in characters (not bytes) and the pattern with its message", () => {
    const field = f({
      key: "name",
      type: "text",
      label: { vi: "Tên", en: "Name" },
      minLength: 2,
      maxLength: 5,
      pattern: "[^0-9]*",
      patternMessage: { vi: "không được chứa chữ số.", en: "must not contain digits." },
    });
    expect(run(field, "  Đức  ").value).toEqual({ name: "Đức" });
    expect(run(field, "Ắ").errors[0]).toMatchObject({ key: "minLength", message: "Tên: cần ít nhất 2 ký tự." });
    expect(run(field, "Nguyễn").errors[0]).toMatchObject({ key: "maxLength", message: "Tên: không được quá 5 ký tự." });
    expect(run(field, "An1").errors[0]).toMatchObject({ key: "pattern", message: "Tên: không được chứa chữ số." });
    expect(run(field, "An1", "en").errors[0].message).toBe("Name: must not contain digits.");
    const noMsg = f({ key: "x", type: "text", label: { vi: "Mã" }, pattern: "[A-Z]{3}" });
    expect(run(noMsg, "AB").errors[0].message).toBe("Mã: giá trị không đúng định dạng.");
  });

  it("wrong types give errors, never exceptions", () => {
    const text = f({ key: "t", type: "text", label: { vi: "Họ tên", en: "Name" } });
    expect(run(text, 42).errors[0]).toMatchObject({ key: "type", message: "Họ tên: giá trị phải là chuỗi ký tự." });
    expect(run(text, { a: 1 }).errors[0].key).toBe("type");
    expect(run(text, ["a"]).errors[0].key).toBe("type");
    expect(run(text, true, "en").errors[0].message).toBe("Name: the value must be text.");
    expect(run(f({ key: "d", type: "date" }), 20200101).errors[0].key).toBe("type");
    expect(run(f({ key: "n", type: "number" }), { v: 1 }).errors[0].key).toBe("number");
    expect(run(f({ key: "c", type: "checkbox" }), { v: 1 }).errors[0].key).toBe("checkbox");
    expect(run(f({ key: "g", type: "group", fields: [] }), "x").errors[0].key).toBe("group");
    const r = validateEForm(one(text), "not an object", "vi", { today: TODAY });
    expect(r.errors[0]).toMatchObject({ path: "", key: "form" });
    expect(validateEForm(one(text), { s: "x" }, "vi").errors[0]).toEqual({
      path: "s",
      key: "form",
      message: "S: dữ liệu của phần này phải là một đối tượng.",
    });
    expect(validateEForm(one(text), [1, 2], "en").errors[0].message).toBe("The form data must be an object.");
  });

  it("number: numbers and numeric strings (comma decimals), bounds", () => {
    const field = f({ key: "copies", type: "number", label: { vi: "Số bản", en: "Copies" }, min: 1, max: 10 });
    expect(run(field, 3).value).toEqual({ copies: 3 });
    expect(run(field, " 4 ").value).toEqual({ copies: 4 });
    expect(run(field, "2,5").value).toEqual({ copies: 2.5 });
    expect(run(field, "ba").errors[0].message).toBe("Số bản: vui lòng nhập một số.");
    expect(run(field, Number.NaN).errors[0].key).toBe("number");
    expect(run(field, 0).errors[0].message).toBe("Số bản: giá trị nhỏ nhất là 1.");
    expect(run(field, 11, "en").errors[0].message).toBe("Copies: must be at most 10.");
  });

  it("date: ISO and dd/mm/yyyy, real calendar dates only, past/future rules", () => {
    const field = f({
      key: "birthDate",
      type: "date",
      label: { vi: "Ngày sinh", en: "Date of birth" },
      dateRule: "past",
    });
    expect(run(field, "1990-05-12").value).toEqual({ birthDate: "1990-05-12" });
    expect(run(field, "12/05/1990").value).toEqual({ birthDate: "1990-05-12" });
    expect(run(field, "1/2/2000").value).toEqual({ birthDate: "2000-02-01" });
    expect(run(field, "29/02/2024").value).toEqual({ birthDate: "2024-02-29" });
    for (const bad of ["29/02/2023", "31/04/2020", "2020-13-01", "00/01/2020", "15-03", "hôm qua"])
      expect(run(field, bad).errors[0]).toMatchObject({
        key: "date",
        message: "Ngày sinh: ngày không hợp lệ, nhập theo dạng ngày/tháng/năm (ví dụ 15/03/1990).",
      });
    expect(run(field, TODAY).errors).toEqual([]);
    expect(run(field, "16/03/2026").errors[0].message).toBe("Ngày sinh: không được là ngày trong tương lai.");
    expect(run(field, "2026-03-16", "en").errors[0].message).toBe("Date of birth: must not be in the future.");
    const future = f({ key: "d", type: "date", label: { vi: "Ngày hẹn" }, dateRule: "future" });
    expect(run(future, "14/03/2026").errors[0].message).toBe("Ngày hẹn: không được là ngày đã qua.");
    expect(run(future, "15/03/2026").errors).toEqual([]);
    expect(parseDate("31/12/2025")).toBe("2025-12-31");
  });

  it("cccd: exactly 12 digits (spaces removed)", () => {
    const field = f({ key: "id", type: "cccd", label: { vi: "Số CCCD", en: "ID number" } });
    expect(run(field, "001 090 012 345").value).toEqual({ id: "001090012345" });
    for (const bad of ["00109001234", "0010900123456", "00109001234a", "001090012345.0"])
      expect(run(field, bad).errors[0].message).toBe("Số CCCD: số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.");
    expect(run(field, 1090012345).errors[0].key).toBe("type");
    expect(run(field, "123", "en").errors[0].message).toBe(
      "ID number: the personal identification number must be exactly 12 digits.",
    );
  });

  it("phone: Vietnamese mobile and landline numbers, normalised", () => {
    const field = f({ key: "phone", type: "phone", label: { vi: "Điện thoại", en: "Phone" } });
    expect(run(field, "0912 345 678").value).toEqual({ phone: "0912345678" });
    expect(run(field, "+84 912.345.678").value).toEqual({ phone: "0912345678" });
    expect(run(field, "84987654321").value).toEqual({ phone: "0987654321" });
    expect(run(field, "(024) 3825 1234").value).toEqual({ phone: "02438251234" });
    for (const bad of ["0112345678", "091234567", "09123456789", "12345", "phone"])
      expect(run(field, bad).errors[0].key).toBe("phone");
    expect(run(field, "12", "vi").errors[0].message).toBe(
      "Điện thoại: số điện thoại không hợp lệ (di động 10 số bắt đầu bằng 03, 05, 07, 08, 09 hoặc cố định 11 số bắt đầu bằng 02).",
    );
    expect(normalisePhone("+84 24 3825 1234")).toBe("02438251234");
  });

  it("email and tax code", () => {
    const email = f({ key: "email", type: "email", label: { vi: "Thư điện tử", en: "E-mail" } });
    expect(run(email, " An.Nguyen@Example.VN ").value).toEqual({ email: "An.Nguyen@example.vn" });
    for (const bad of ["an", "an@", "@x.vn", "an@x", "a n@x.vn"])
      expect(run(email, bad).errors[0].message).toBe(
        "Thư điện tử: địa chỉ thư điện tử không hợp lệ (ví dụ ten@example.vn).",
      );
    const tax = f({ key: "tax", type: "taxcode", label: { vi: "Mã số thuế", en: "Tax code" } });
    expect(run(tax, "0101234567").value).toEqual({ tax: "0101234567" });
    expect(run(tax, "0101234567001").value).toEqual({ tax: "0101234567-001" });
    expect(run(tax, "0101234567-001").value).toEqual({ tax: "0101234567-001" });
    for (const bad of ["010123456", "01012345670", "0101234567-01", "abcdefghij"])
      expect(run(tax, bad, "en").errors[0].message).toBe(
        "Tax code: the tax code must be 10 digits, or 13 digits (10-3).",
      );
  });

  it("select, radio and checkbox", () => {
    const options = [
      { value: "male", label: { vi: "Nam" } },
      { value: "female", label: { vi: "Nữ" } },
    ];
    for (const type of ["select", "radio"] as const) {
      const field = f({ key: "gender", type, label: { vi: "Giới tính", en: "Gender" }, options });
      expect(run(field, "female").value).toEqual({ gender: "female" });
      expect(run(field, "other").errors[0].message).toBe("Giới tính: vui lòng chọn một giá trị trong danh sách.");
      expect(run(field, "Nam", "en").errors[0].message).toBe("Gender: choose one of the listed values.");
    }
    const box = f({ key: "agree", type: "checkbox", label: { vi: "Cam đoan", en: "Declaration" }, required: true });
    expect(run(box, true).value).toEqual({ agree: true });
    expect(run(box, "true").value).toEqual({ agree: true });
    expect(run(box, "on").value).toEqual({ agree: true });
    expect(run(box, undefined).errors[0].message).toBe("Cam đoan: vui lòng đánh dấu để xác nhận.");
    expect(run(box, false, "en").errors[0].message).toBe("Declaration: please tick to confirm.");
    expect(run(f({ key: "opt", type: "checkbox" }), undefined).value).toEqual({ opt: false });
    expect(run(f({ key: "opt", type: "checkbox" }), "maybe").errors[0].key).toBe("checkbox");
  });

  it("province and commune: in the pick-lists, and the commune in the chosen province", () => {
    const form: EForm = {
      sections: [
        {
          key: "a",
          title: { vi: "Địa chỉ" },
          fields: [
            f({ key: "province", type: "province", label: { vi: "Tỉnh", en: "Province" }, required: true }),
            f({
              key: "commune",
              type: "commune",
              label: { vi: "Xã/phường", en: "Commune" },
              required: true,
              provinceField: "province",
            }),
          ],
        },
      ],
    };
    const v = (data: unknown, lang: "vi" | "en" = "vi") => validateEForm(form, { a: data }, lang, { today: TODAY });
    expect(v({ province: "01", commune: "00004" })).toEqual({
      value: { a: { province: "01", commune: "00004" } },
      errors: [],
    });
    expect(v({ province: "99", commune: "00004" }).errors).toEqual([
      { path: "a.province", key: "province", message: "Tỉnh: vui lòng chọn tỉnh/thành phố trong danh sách." },
    ]);
    expect(v({ province: "01", commune: "99999" }).errors[0].message).toBe(
      "Xã/phường: vui lòng chọn xã/phường trong danh sách.",
    );
    expect(v({ province: "79", commune: "00004" }, "en").errors).toEqual([
      {
        path: "a.commune",
        key: "communeProvince",
        message: "Commune: the chosen commune is not in the chosen province.",
      },
    ]);
    // A province whose communes are not listed here: the commune's name is typed.
    expect(v({ province: "79", commune: "  Phường   Sài Gòn " })).toEqual({
      value: { a: { province: "79", commune: "Phường Sài Gòn" } },
      errors: [],
    });
    expect(v({ province: "79", commune: "7" }).errors).toEqual([
      { path: "a.commune", key: "communeName", message: "Xã/phường: vui lòng nhập tên xã/phường (2–100 ký tự)." },
    ]);
    expect(v({ province: "99", commune: "Phường Sài Gòn" }).errors.map((e) => e.key)).toEqual(["province", "commune"]);
  });
});

describe("validateEForm: repeating groups", () => {
  const form: EForm = {
    sections: [
      {
        key: "family",
        title: { vi: "Gia đình" },
        fields: [
          f({
            key: "children",
            type: "group",
            label: { vi: "Con", en: "Child" },
            minItems: 1,
            maxItems: 2,
            fields: [
              f({ key: "fullName", type: "text", label: { vi: "Họ tên", en: "Name" }, required: true }),
              f({ key: "birthDate", type: "date", label: { vi: "Ngày sinh", en: "Born" }, dateRule: "past" }),
            ],
          }),
        ],
      },
    ],
  };
  const v = (data: unknown, lang: "vi" | "en" = "vi") => validateEForm(form, { family: data }, lang, { today: TODAY });

  it("validates each item recursively, with paths like family.children[1].fullName", () => {
    const r = v({
      children: [
        { fullName: "An", birthDate: "01/02/2010" },
        { fullName: "", birthDate: "31/02/2012" },
      ],
    });
    expect(r.errors).toEqual([
      {
        path: "family.children[1].fullName",
        key: "required",
        message: "Con (mục 2) – Họ tên: vui lòng nhập thông tin này.",
      },
      {
        path: "family.children[1].birthDate",
        key: "date",
        message: "Con (mục 2) – Ngày sinh: ngày không hợp lệ, nhập theo dạng ngày/tháng/năm (ví dụ 15/03/1990).",
      },
    ]);
    const en = v({ children: [{ fullName: 5 }] }, "en");
    expect(en.errors[0]).toEqual({
      path: "family.children[0].fullName",
      key: "type",
      message: "Child (entry 1) – Name: the value must be text.",
    });
  });

  it("keeps only known keys in items and at the top, normalising values", () => {
    const r = v({ children: [{ fullName: " Bình ", birthDate: "2010-02-01", extra: "x" }], injected: 1 });
    expect(r).toEqual({ value: { family: { children: [{ fullName: "Bình", birthDate: "2010-02-01" }] } }, errors: [] });
  });

  it("min and max items; blank entries are dropped; non-object items are errors", () => {
    expect(v({ children: [] }).errors).toEqual([
      { path: "family.children", key: "minItems", message: "Con: cần ít nhất 1 mục." },
    ]);
    expect(v({}).errors[0].key).toBe("minItems");
    expect(v({ children: [{ fullName: "A" }, { fullName: "B" }, { fullName: "C" }] }, "en").errors).toEqual([
      { path: "family.children", key: "maxItems", message: "Child: at most 2 entries." },
    ]);
    expect(v({ children: [{ fullName: "A" }, { fullName: "", birthDate: "" }] })).toEqual({
      value: { family: { children: [{ fullName: "A" }] } },
      errors: [],
    });
    expect(v({ children: ["A"] }).errors[0]).toMatchObject({ path: "family.children[0]", key: "form" });
  });
});

describe("validateEForm: sections", () => {
  it("keys data by section, so the same field key can appear in several sections, and names the section", () => {
    const person = (required: boolean) => [
      f({ key: "fullName", type: "text", label: { vi: "Họ và tên", en: "Full name" }, required }),
    ];
    const form: EForm = {
      sections: [
        { key: "mother", title: { vi: "Thông tin người mẹ", en: "Mother" }, fields: person(true) },
        { key: "father", title: { vi: "Thông tin người cha", en: "Father" }, fields: person(false) },
      ],
    };
    const r = validateEForm(form, { mother: { fullName: "" }, father: { fullName: " Lê Văn C " }, other: {} }, "vi");
    expect(r).toEqual({
      value: { father: { fullName: "Lê Văn C" } },
      errors: [
        {
          path: "mother.fullName",
          key: "required",
          message: "Thông tin người mẹ – Họ và tên: vui lòng nhập thông tin này.",
        },
      ],
    });
    expect(validateEForm(form, {}, "en").errors[0].message).toBe("Mother – Full name: this field is required.");
  });
});

describe("form entries and prefill", () => {
  const form: EForm = {
    sections: [
      {
        key: "s",
        title: { vi: "S" },
        fields: [
          f({ key: "fullName", type: "text", prefill: "name" }),
          f({
            key: "gender",
            type: "radio",
            prefill: "gender",
            options: [
              { value: "nam", label: { vi: "Nam" } },
              { value: "nu", label: { vi: "Nữ" } },
            ],
          }),
          f({ key: "birthDate", type: "date", prefill: "birthDate" }),
          f({ key: "email", type: "email", prefill: "email" }),
          f({
            key: "members",
            type: "group",
            fields: [f({ key: "name", type: "text" }), f({ key: "ok", type: "checkbox" })],
          }),
        ],
      },
    ],
  };

  it("turns HTML form names into nested data, keeping empty items and ignoring unknown names", () => {
    const data = formEntriesToData(form, [
      ["s.fullName", "An"],
      ["s.members[1].name", "Bình"],
      ["s.members[0]._item", "1"],
      ["s.members[1]._item", "1"],
      ["s.members[1].ok", "true"],
      ["s.unknown", "x"],
      ["fullName", "no section"],
      ["_action", "review"],
      ["files.TK", "x"],
      ["s.members[x].name", "bad"],
    ]);
    expect(data).toEqual({ s: { fullName: "An", members: [{}, { name: "Bình", ok: "true" }] } });
  });

  it("pre-fills from the account, mapping gender to the form's option values", () => {
    const out = prefillFromAccount(form, {
      name: "Nguyễn Văn An",
      gender: "male",
      birth_date: "1990-05-12",
      email: null,
      phone: "0912345678",
    });
    expect(out).toEqual({ s: { fullName: "Nguyễn Văn An", gender: "nam", birthDate: "1990-05-12" } });
  });
});
