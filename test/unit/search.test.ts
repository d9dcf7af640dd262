import { describe, expect, it } from "vitest";
import { editDistance, maxTypos, type SearchDoc, SearchIndex } from "../../src/domain/search.js";
import { canonicalToken, foldVietnamese, normalizeText, tokenize } from "../../src/domain/text-normalize.js";

describe("text normalisation", () => {
  it("ignores case and Vietnamese diacritics, including đ", () => {
    expect(foldVietnamese("Đăng Ký Khai Sinh")).toBe("dang ky khai sinh");
    expect(foldVietnamese("ĐỒNG ĐẤT Ở ĐÂY")).toBe("dong dat o day");
    expect(foldVietnamese("Lý lịch tư pháp")).toBe("ly lich tu phap");
    expect(foldVietnamese("Hưởng trợ cấp thất nghiệp")).toBe("huong tro cap that nghiep");
  });

  it("treats composed and decomposed Unicode alike", () => {
    const composed = "Đăng ký khai sinh".normalize("NFC");
    const decomposed = "Đăng ký khai sinh".normalize("NFD");
    expect(decomposed).not.toBe(composed);
    expect(tokenize(decomposed)).toEqual(tokenize(composed));
    expect(tokenize(composed)).toEqual(["dang", "ki", "khai", "sinh"]);
  });

  it("folds the i/y spelling variants after a consonant but keeps uy, ay, ây", () => {
    expect(tokenize("dang ky")).toEqual(tokenize("đăng kí"));
    expect(canonicalToken("ly")).toBe("li");
    expect(canonicalToken("quy")).toBe("qui");
    expect(canonicalToken("my")).toBe("mi");
    expect(canonicalToken("huy")).toBe("huy");
    expect(canonicalToken("tay")).toBe("tay");
    expect(canonicalToken("day")).toBe("day");
    expect(canonicalToken("y")).toBe("y");
  });

  it("splits on punctuation and keeps numbers", () => {
    expect(tokenize("Nghị định 123/2015/NĐ-CP; (mẫu 01)")).toEqual([
      "nghi",
      "dinh",
      "123",
      "2015",
      "nd",
      "cp",
      "mau",
      "01",
    ]);
    expect(tokenize("  ...  ")).toEqual([]);
    expect(normalizeText("Cấp  GIẤY\tphép")).toBe("cap giay phep");
  });
});

describe("edit distance", () => {
  it("counts substitutions, insertions, deletions and adjacent transpositions as one edit", () => {
    expect(editDistance("dang", "dang")).toBe(0);
    expect(editDistance("dang", "dnag")).toBe(1);
    expect(editDistance("khai", "khia")).toBe(1);
    expect(editDistance("sinh", "sinhh")).toBe(1);
    expect(editDistance("sinh", "snh")).toBe(1);
    expect(editDistance("sinh", "tinh")).toBe(1);
    expect(editDistance("karaoke", "karoakee")).toBe(2);
    expect(editDistance("abcdef", "fedcba", 2)).toBe(3);
  });

  it("allows one typo from 4 characters and two from 8", () => {
    expect(maxTypos(3)).toBe(0);
    expect(maxTypos(4)).toBe(1);
    expect(maxTypos(7)).toBe(1);
    expect(maxTypos(8)).toBe(2);
  });
});

interface Doc extends SearchDoc {
  description?: string;
}

const doc = (
  code: string,
  name: string,
  o: Partial<Pick<Doc, "fieldCode" | "fieldName" | "unitCodes" | "level" | "onlineKind" | "extra">> = {},
): Doc => ({
  code,
  name,
  fieldCode: o.fieldCode ?? "HT",
  fieldName: o.fieldName ?? "Hộ tịch",
  unitCodes: o.unitCodes ?? ["XA-AN-BINH"],
  level: o.level ?? "commune",
  onlineKind: o.onlineKind ?? "end_to_end",
  extra: o.extra,
});

const CATALOGUE: Doc[] = [
  doc("1.001193", "Đăng ký khai sinh", { unitCodes: ["XA-AN-BINH", "XA-BINH-MINH"] }),
  doc("1.001695", "Đăng ký khai sinh có yếu tố nước ngoài", { level: "province", unitCodes: ["SO-TP"] }),
  doc("1.001022", "Đăng ký lại khai sinh"),
  doc("1.000689", "Đăng ký khai sinh kết hợp nhận cha, mẹ, con"),
  doc("1.000894", "Đăng ký kết hôn", { onlineKind: "partial" }),
  doc("1.000656", "Đăng ký khai tử"),
  doc("2.000635", "Cấp bản sao trích lục hộ tịch", { onlineKind: "none" }),
  doc("1.001417", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", {
    fieldCode: "LLTP",
    fieldName: "Lý lịch tư pháp",
    level: "province",
    unitCodes: ["SO-TP"],
  }),
  doc("1.004227", "Đăng ký thường trú", { fieldCode: "CT", fieldName: "Cư trú", unitCodes: ["CA-XA"] }),
  doc("1.009994", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", {
    fieldCode: "XD",
    fieldName: "Xây dựng",
    level: "province",
    onlineKind: "partial",
    unitCodes: ["SO-XD"],
  }),
  doc("2.000720", "Đăng ký thành lập hộ kinh doanh", {
    fieldCode: "DKKD",
    fieldName: "Thành lập và hoạt động của hộ kinh doanh",
    unitCodes: ["XA-AN-BINH"],
  }),
  doc("1.003111", "Cấp giấy phép đủ điều kiện kinh doanh dịch vụ karaoke", {
    fieldCode: "VH",
    fieldName: "Văn hóa",
    level: "province",
    onlineKind: "none",
    unitCodes: ["SO-VH"],
  }),
  doc("1.005000", "Xác nhận thông tin hộ tịch", { extra: "Người yêu cầu xác nhận thông tin về khai sinh của mình" }),
  doc("1.000948.H38", "Thủ tục khác cấp tỉnh", { fieldCode: "KHAC", fieldName: "Khác", level: "province" }),
];

const index = new SearchIndex(CATALOGUE);
const first = (q: string) => index.search({ q }).items[0]?.doc.name;
const names = (r: { items: Array<{ doc: Doc }> }) => r.items.map((h) => h.doc.name);

describe("search: matching", () => {
  it("finds “Đăng ký khai sinh” first however it is typed", () => {
    for (const q of [
      "dang ky khai sinh",
      "khai sinh",
      "Đăng ký khai sinh",
      "dang ki khai sinh",
      "ĐĂNG KÝ KHAI SINH",
      "Đăng ký khai sinh".normalize("NFD"),
      "  dang   ky,  khai-sinh ",
    ])
      expect(first(q), q).toBe("Đăng ký khai sinh");
  });

  it("tolerates small typos, transpositions and run-together words", () => {
    expect(first("dnag ky khia sinh")).toBe("Đăng ký khai sinh");
    expect(first("dang ky khai sinhh")).toBe("Đăng ký khai sinh");
    expect(first("khaisinh")).toBe("Đăng ký khai sinh");
    expect(first("ly lich tu phapp")).toBe("Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam");
    expect(first("karoakee")).toBe("Cấp giấy phép đủ điều kiện kinh doanh dịch vụ karaoke");
    // three edits in an 8-letter word are too many
    expect(index.search({ q: "kraoakee" }).total).toBe(0);
  });

  it("does not correct a short word, nor a correctly spelt word into another", () => {
    // "kat" is 3 letters: no typo allowed, no term starts with it… except as a prefix of nothing
    expect(index.search({ q: "kat" }).total).toBe(0);
    // "sinh" is a known word: it must not also match "tinh" (tỉnh) in "Thủ tục khác cấp tỉnh"
    expect(names(index.search({ q: "sinh", pageSize: 50 }))).not.toContain("Thủ tục khác cấp tỉnh");
  });

  it("matches the last word as a prefix, for search as you type", () => {
    expect(first("dang ky khai si")).toBe("Đăng ký khai sinh");
    expect(first("giay phep xay d")).toBe("Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ");
    expect(first("thuong t")).toBe("Đăng ký thường trú");
  });

  it("finds a procedure by its national code first", () => {
    const r = index.search({ q: "1.001193" });
    expect(r.items[0].doc.code).toBe("1.001193");
    expect(r.items[0].score).toBe(1000);
    expect(r.total).toBe(1);
    expect(index.search({ q: "1.000948.H38" }).items[0].doc.code).toBe("1.000948.H38");
    expect(index.search({ q: "1.000948.h38" }).items[0].doc.code).toBe("1.000948.H38");
    // a prefix of codes lists those procedures, the exact one first
    const prefix = index.search({ q: "1.0010" });
    expect(prefix.items.map((h) => h.doc.code).sort()).toEqual(["1.001022"]);
    expect(index.search({ q: "001193" }).items[0].doc.code).toBe("1.001193");
  });

  it("returns nothing for words the catalogue does not have, or only punctuation", () => {
    expect(index.search({ q: "zzzz qqqq" }).total).toBe(0);
    expect(index.search({ q: "!!! ... ???" }).total).toBe(0);
    expect(index.search({ q: "x".repeat(5000) }).total).toBe(0);
    expect(index.search({ q: "abcdefghijklmnopqrstuvwxyzabcdefghij".repeat(20) }).total).toBe(0);
    // a code that does not exist finds nothing (its digits are not searched as words)
    expect(index.search({ q: "9.999999" }).total).toBe(0);
  });
});

describe("search: ranking", () => {
  it("puts names holding every word above partial matches, and the exact name and phrase first", () => {
    const r = names(index.search({ q: "dang ky khai sinh", pageSize: 50 }));
    expect(r.slice(0, 4)).toEqual([
      "Đăng ký khai sinh",
      "Đăng ký khai sinh có yếu tố nước ngoài",
      "Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
      "Đăng ký lại khai sinh",
    ]);
    // partial matches (three of four words) come after every full match; two of four is too few
    expect(r.indexOf("Đăng ký khai tử")).toBeGreaterThan(3);
    expect(r).not.toContain("Đăng ký kết hôn");
  });

  it("ranks a match in the name above one in the field, above one in the description", () => {
    const r = index.search({ q: "ho tich", pageSize: 50 });
    const top = names(r);
    expect(top.slice(0, 2).sort()).toEqual(["Cấp bản sao trích lục hộ tịch", "Xác nhận thông tin hộ tịch"]);
    expect(top).toContain("Đăng ký kết hôn"); // field "Hộ tịch"
    const byName = (n: string) => r.items.find((h) => h.doc.name === n)!.score;
    expect(byName("Cấp bản sao trích lục hộ tịch")).toBeGreaterThan(byName("Đăng ký kết hôn"));

    const d = index.search({ q: "thong tin ve khai sinh", pageSize: 50 });
    expect(d.items[0].doc.name).toBe("Xác nhận thông tin hộ tịch"); // two words in the name, the rest in the text
  });

  it("prefers exact words to corrected ones", () => {
    const exact = index.search({ q: "dang ky ket hon" }).items[0];
    const typo = index.search({ q: "dang ky ket hno" }).items[0];
    expect(exact.doc.name).toBe("Đăng ký kết hôn");
    expect(typo.doc.name).toBe("Đăng ký kết hôn");
    expect(exact.score).toBeGreaterThan(typo.score);
  });

  it("lists everything in Vietnamese alphabetical order when no words are given", () => {
    const r = index.search({ pageSize: 100 });
    expect(r.total).toBe(CATALOGUE.length);
    const n = names(r);
    expect(n[0]).toBe("Cấp bản sao trích lục hộ tịch");
    // "Đ" sorts after "D"/"C" and before "T", "X"
    expect(n.indexOf("Đăng ký khai sinh")).toBeGreaterThan(
      n.indexOf("Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"),
    );
    expect(n[n.length - 1]).toBe("Xác nhận thông tin hộ tịch");
    expect(r.items.every((h) => h.score === 0)).toBe(true);
  });
});

describe("search: filters and pages", () => {
  it("filters by field, unit (competent or implementing), level and online kind", () => {
    expect(names(index.search({ field: "XD" }))).toEqual(["Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"]);
    expect(names(index.search({ unit: "XA-BINH-MINH" }))).toEqual(["Đăng ký khai sinh"]);
    expect(names(index.search({ unit: "SO-TP", pageSize: 50 })).sort()).toEqual([
      "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
      "Đăng ký khai sinh có yếu tố nước ngoài",
    ]);
    const province = index.search({ level: "province", pageSize: 50 });
    expect(province.items.every((h) => h.doc.level === "province")).toBe(true);
    expect(province.total).toBe(CATALOGUE.filter((d) => d.level === "province").length);
    expect(names(index.search({ online: "none", pageSize: 50 })).sort()).toEqual([
      "Cấp bản sao trích lục hộ tịch",
      "Cấp giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
    ]);
    const available = index.search({ online: "available", pageSize: 50 });
    expect(available.total).toBe(CATALOGUE.length - 2);
    expect(available.items.some((h) => h.doc.onlineKind === "partial")).toBe(true);
    expect(index.search({ online: "partial", pageSize: 50 }).items.every((h) => h.doc.onlineKind === "partial")).toBe(
      true,
    );
  });

  it("combines words with filters", () => {
    expect(names(index.search({ q: "khai sinh", level: "province" }))).toEqual([
      "Đăng ký khai sinh có yếu tố nước ngoài",
    ]);
    expect(index.search({ q: "khai sinh", field: "XD" }).total).toBe(0);
    expect(index.search({ q: "1.001193", level: "province" }).total).toBe(0);
  });

  it("pages through the results", () => {
    const all = names(index.search({ pageSize: 100 }));
    const p1 = index.search({ pageSize: 5, page: 1 });
    const p3 = index.search({ pageSize: 5, page: 3 });
    expect(p1.total).toBe(CATALOGUE.length);
    expect(names(p1)).toEqual(all.slice(0, 5));
    expect(names(p3)).toEqual(all.slice(10, 15));
    expect(index.search({ pageSize: 5, page: 99 }).items).toEqual([]);
    // nonsense paging is clamped, not an error
    const clamped = index.search({ pageSize: 0, page: -3 });
    expect(clamped.page).toBe(1);
    expect(clamped.pageSize).toBe(1);
  });

  it("gives the same answers on repeated and interleaved queries (scratch state is reset)", () => {
    const a = index.search({ q: "dang ky khai sinh", pageSize: 50 });
    index.search({ q: "ho tich", pageSize: 50 });
    index.search({ q: "giay phep", field: "XD" });
    expect(index.search({ q: "dang ky khai sinh", pageSize: 50 })).toEqual(a);
  });

  it("works on an empty catalogue", () => {
    const empty = new SearchIndex<Doc>([]);
    expect(empty.search({ q: "khai sinh" })).toEqual({ total: 0, page: 1, pageSize: 20, items: [] });
    expect(empty.search({}).total).toBe(0);
  });
});
