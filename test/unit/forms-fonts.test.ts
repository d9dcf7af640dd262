/**
 * Fonts parsed once per thread and shared by every document it renders (issue #11): what one document did to the
 * shared fonts must not show in the next. Some glyphs of Tinos serve two code points (space and no-break space,
 * hyphen and soft hyphen, the division slash U+2215 and the fraction slash U+2044), and fontkit remembers the code
 * points of a glyph's first use, which pdfkit writes into the ToUnicode map; a document that first used such a glyph
 * for one code point must not make the next document's text copy as the other. Both documents are rendered through
 * the worker pool with one thread, so they share its fonts, and read back with pdftotext (poppler-utils).
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeRenderPool, renderDocument } from "../../src/docs/render-pool.js";
import { form01 } from "./forms-fixtures.js";

const pdftotext = (pdf: Buffer) =>
  execFileSync("pdftotext", ["-enc", "UTF-8", "-", "-"], { input: pdf }).toString("utf8");

let saved: string | undefined;
beforeAll(() => {
  saved = process.env.MOTCUA_PDF_THREADS;
  process.env.MOTCUA_PDF_THREADS = "1";
});
afterAll(async () => {
  await closeRenderPool();
  if (saved === undefined) delete process.env.MOTCUA_PDF_THREADS;
  else process.env.MOTCUA_PDF_THREADS = saved;
});

describe("fonts shared across documents", () => {
  it("two different documents rendered one after the other on one thread both read back as written", async () => {
    const nbsp = "\u00a0";
    const a = await renderDocument({
      kind: "result",
      vm: {
        title: "Giấy xác nhận",
        content: `Số tiền:${nbsp}10${nbsp}000 đồng; tỷ lệ 1\u22152.`,
        dossierCode: "000.00.12.H56-260210-0007",
        procedureName: "Cấp bản sao trích lục hộ tịch",
        applicantName: "Nguyễn Văn An",
        unitName: `UBND${nbsp}xã Tiên${nbsp}Du`,
        officerName: "Trần Văn Đức",
        issuedAt: new Date("2026-02-10T01:20:00Z"),
      },
    });
    const b = await renderDocument({
      kind: "01",
      vm: { ...form01(), procedureName: "Cấp giấy phép (3\u20444 diện tích)" },
    });
    const ta = pdftotext(a);
    const tb = pdftotext(b);
    expect(ta).toContain("GIẤY XÁC NHẬN");
    expect(ta).toContain("Nguyễn Văn An");
    expect(ta.replace(/\u00a0/g, " ")).toContain("Số tiền: 10 000 đồng; tỷ lệ 1\u22152.");
    // the second document's spaces are spaces
    expect(tb).not.toContain(nbsp);
    expect(tb).toContain("Mẫu số 01");
    expect(tb).toContain("Ông/Bà/Tổ chức: Nguyễn Thị Hồng Nhung");
    expect(tb).toContain("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
    // the fraction slash copies as itself, not as the division slash the first document used the same glyph for
    expect(tb).toContain("Cấp giấy phép (3\u20444 diện tích)");
    // and the first again, after the second: the same bytes as the first time (nothing carried over)
    const a2 = await renderDocument({
      kind: "result",
      vm: {
        title: "Giấy xác nhận",
        content: `Số tiền:${nbsp}10${nbsp}000 đồng; tỷ lệ 1\u22152.`,
        dossierCode: "000.00.12.H56-260210-0007",
        procedureName: "Cấp bản sao trích lục hộ tịch",
        applicantName: "Nguyễn Văn An",
        unitName: `UBND${nbsp}xã Tiên${nbsp}Du`,
        officerName: "Trần Văn Đức",
        issuedAt: new Date("2026-02-10T01:20:00Z"),
      },
    });
    expect(a2.equals(a)).toBe(true);
  });
});
