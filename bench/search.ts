/**
 * Catalogue search benchmark: a synthetic catalogue of 2,500 procedures with realistic Vietnamese names (built from
 * the vocabulary of real procedure names), searched in memory with a few thousand varied queries: with and without
 * diacritics, with typos, run-together or half-typed words, national codes and filters.
 *
 *   npx tsx bench/search.ts
 */
import { pathToFileURL } from "node:url";
import { type OnlineKind, type SearchDoc, SearchIndex, type SearchQuery } from "../src/domain/search.js";
import { foldVietnamese } from "../src/domain/text-normalize.js";

export interface SearchBenchResult {
  procedures: number;
  queries: number;
  /** Milliseconds per query. */
  p50: number;
  p99: number;
}

const ACTIONS = [
  "Cấp",
  "Cấp lại",
  "Cấp đổi",
  "Cấp bản sao",
  "Điều chỉnh",
  "Gia hạn",
  "Thu hồi",
  "Đăng ký",
  "Đăng ký lại",
  "Đăng ký thay đổi",
  "Xác nhận",
  "Công nhận",
  "Thẩm định",
  "Phê duyệt",
  "Chấp thuận",
  "Thông báo",
  "Giải quyết",
  "Hỗ trợ",
  "Chuyển đổi",
  "Sửa đổi, bổ sung",
];

const OBJECTS: Array<{ text: string; field: number }> = [
  { text: "khai sinh", field: 0 },
  { text: "kết hôn", field: 0 },
  { text: "khai tử", field: 0 },
  { text: "nhận cha, mẹ, con", field: 0 },
  { text: "giám hộ", field: 0 },
  { text: "thay đổi, cải chính hộ tịch", field: 0 },
  { text: "trích lục hộ tịch", field: 0 },
  { text: "Phiếu lý lịch tư pháp", field: 1 },
  { text: "thường trú", field: 2 },
  { text: "tạm trú", field: 2 },
  { text: "hộ kinh doanh", field: 3 },
  { text: "giấy chứng nhận đăng ký doanh nghiệp", field: 4 },
  { text: "giấy chứng nhận đăng ký hoạt động chi nhánh", field: 4 },
  { text: "giấy phép xây dựng", field: 5 },
  { text: "giấy phép sửa chữa, cải tạo công trình", field: 5 },
  { text: "giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất", field: 6 },
  { text: "biến động đất đai", field: 6 },
  { text: "giấy phép môi trường", field: 7 },
  { text: "giấy phép khai thác khoáng sản", field: 8 },
  { text: "giấy phép lái xe", field: 9 },
  { text: "giấy chứng nhận đăng ký xe", field: 9 },
  { text: "phù hiệu xe kinh doanh vận tải", field: 9 },
  { text: "trợ cấp xã hội hằng tháng", field: 10 },
  { text: "hỗ trợ chi phí mai táng", field: 10 },
  { text: "giấy xác nhận khuyết tật", field: 10 },
  { text: "trợ cấp thất nghiệp", field: 11 },
  { text: "giấy phép lao động cho người nước ngoài", field: 11 },
  { text: "chứng chỉ hành nghề khám bệnh, chữa bệnh", field: 12 },
  { text: "giấy chứng nhận đủ điều kiện kinh doanh dược", field: 12 },
  { text: "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", field: 13 },
  { text: "bằng tốt nghiệp trung học phổ thông", field: 14 },
  { text: "học bổng chính sách", field: 14 },
  { text: "giấy phép thành lập trường mầm non", field: 14 },
  { text: "giấy phép kinh doanh dịch vụ karaoke", field: 15 },
  { text: "giấy phép tổ chức lễ hội", field: 15 },
  { text: "giấy phép hoạt động điện lực", field: 16 },
  { text: "giấy chứng nhận đầu tư", field: 17 },
  { text: "chủ trương đầu tư dự án", field: 17 },
  { text: "giấy phép kinh doanh bán lẻ rượu", field: 18 },
  { text: "giấy phép sử dụng vật liệu nổ công nghiệp", field: 18 },
  { text: "chứng chỉ năng lực hoạt động xây dựng", field: 5 },
  { text: "giấy phép khai thác, sử dụng nước mặt", field: 7 },
  { text: "giấy phép nuôi con nuôi", field: 0 },
  { text: "tên doanh nghiệp", field: 4 },
  { text: "người đại diện theo pháp luật", field: 4 },
  { text: "danh hiệu gia đình văn hóa", field: 15 },
  { text: "chế độ người có công với cách mạng", field: 19 },
  { text: "trợ cấp một lần đối với thân nhân liệt sĩ", field: 19 },
];

const QUALIFIERS = [
  "",
  "",
  "",
  "có yếu tố nước ngoài",
  "cho công dân Việt Nam",
  "cho người nước ngoài",
  "đối với nhà ở riêng lẻ",
  "đối với tổ chức",
  "đối với cá nhân",
  "trong trường hợp bị mất, hư hỏng",
  "do hết thời hạn",
  "trên địa bàn tỉnh",
  "tại Ủy ban nhân dân cấp xã",
  "cho doanh nghiệp nhỏ và vừa",
  "theo yêu cầu của người dân",
  "khi thay đổi nội dung",
  "thuộc thẩm quyền cấp tỉnh",
  "kết hợp",
];

const FIELDS = [
  "Hộ tịch",
  "Lý lịch tư pháp",
  "Cư trú",
  "Thành lập và hoạt động của hộ kinh doanh",
  "Thành lập và hoạt động doanh nghiệp",
  "Hoạt động xây dựng",
  "Đất đai",
  "Môi trường",
  "Khoáng sản",
  "Đường bộ",
  "Bảo trợ xã hội",
  "Việc làm",
  "Khám bệnh, chữa bệnh",
  "An toàn thực phẩm",
  "Giáo dục và Đào tạo",
  "Văn hóa",
  "Điện",
  "Đầu tư tại Việt Nam",
  "Lưu thông hàng hóa trong nước",
  "Người có công",
];

const ONLINE: OnlineKind[] = ["end_to_end", "end_to_end", "end_to_end", "partial", "none"];

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same work. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticCatalogue(size = 2500, seed = 20260101): SearchDoc[] {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const seen = new Set<string>();
  const docs: SearchDoc[] = [];
  const provinceUnits = Array.from({ length: 30 }, (_, i) => `000.${String(i + 1).padStart(2, "0")}.00.H56`);
  const communeUnits = Array.from({ length: 150 }, (_, i) => `${String(i + 1).padStart(3, "0")}.20.00.H56`);
  let serial = 1000;
  for (let guard = 0; docs.length < size && guard < size * 50; guard++) {
    const obj = pick(OBJECTS);
    const name = [pick(ACTIONS), obj.text, pick(QUALIFIERS)].filter(Boolean).join(" ");
    const display = name.charAt(0).toUpperCase() + name.slice(1);
    if (seen.has(display)) continue;
    seen.add(display);
    const level = rand() < 0.35 ? "commune" : rand() < 0.9 ? "province" : "sector";
    const unitCodes =
      level === "commune"
        ? Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(communeUnits))
        : [pick(provinceUnits)];
    docs.push({
      code: `${1 + Math.floor(rand() * 2)}.${String(serial++).padStart(6, "0")}`,
      name: display,
      fieldCode: `H56-${String(obj.field + 1).padStart(2, "0")}`,
      fieldName: FIELDS[obj.field],
      unitCodes,
      level,
      onlineKind: pick(ONLINE),
      extra: `Tổ chức, cá nhân nộp hồ sơ ${obj.text} tại bộ phận một cửa. Kết quả: văn bản ${pick(ACTIONS).toLowerCase()} ${obj.text}.`,
    });
  }
  // The everyday ones, under their real names and codes.
  docs.push(
    { ...docs[0], code: "1.001193", name: "Đăng ký khai sinh", fieldCode: "H56-01", fieldName: "Hộ tịch" },
    { ...docs[1], code: "1.000894", name: "Đăng ký kết hôn", fieldCode: "H56-01", fieldName: "Hộ tịch" },
  );
  return docs.slice(-size);
}

function typo(word: string, rand: () => number): string {
  if (word.length < 4) return word;
  const i = 1 + Math.floor(rand() * (word.length - 2));
  switch (Math.floor(rand() * 3)) {
    case 0:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2); // transposition
    case 1:
      return word.slice(0, i) + word.slice(i + 1); // deletion
    default:
      return word.slice(0, i) + word[i] + word.slice(i); // doubled letter
  }
}

export function syntheticQueries(docs: SearchDoc[], count = 4000, seed = 7): SearchQuery[] {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const out: SearchQuery[] = [
    { q: "dang ky khai sinh" },
    { q: "khai sinh" },
    { q: "Đăng ký khai sinh" },
    { q: "dang ki khai sinh" },
    { q: "1.001193" },
  ];
  while (out.length < count) {
    const d = pick(docs);
    const words = d.name.split(/\s+/);
    const len = Math.min(words.length, 1 + Math.floor(rand() * 4));
    const start = Math.floor(rand() * (words.length - len + 1));
    let q = words.slice(start, start + len).join(" ");
    const kind = rand();
    if (kind < 0.45) q = foldVietnamese(q);
    else if (kind < 0.65) {
      const parts = foldVietnamese(q).split(" ");
      const k = Math.floor(rand() * parts.length);
      parts[k] = typo(parts[k], rand);
      q = parts.join(" ");
    } else if (kind < 0.72)
      q = foldVietnamese(q).slice(0, Math.max(2, q.length - 2)); // typing
    else if (kind < 0.76) q = foldVietnamese(q).replace(/ /g, "");
    else if (kind < 0.8) q = d.code;
    else if (kind < 0.85) q = foldVietnamese(d.name);
    const query: SearchQuery = { q };
    const f = rand();
    if (f < 0.1) query.field = d.fieldCode;
    else if (f < 0.15) query.online = "available";
    else if (f < 0.2) query.level = d.level;
    else if (f < 0.23) query.unit = d.unitCodes[0];
    if (rand() < 0.1) query.page = 2;
    out.push(query);
  }
  return out;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

export async function benchSearch(): Promise<SearchBenchResult> {
  const docs = syntheticCatalogue(2500);
  const index = new SearchIndex(docs);
  const queries = syntheticQueries(docs, 4000);
  // Warm up the JIT on a different query set, so the figures describe a running server.
  for (const q of syntheticQueries(docs, 500, 99)) index.search(q);
  const times: number[] = [];
  for (const q of queries) {
    const t0 = performance.now();
    index.search(q);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    procedures: index.size,
    queries: queries.length,
    p50: round(percentile(times, 50)),
    p99: round(percentile(times, 99)),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const t0 = performance.now();
  new SearchIndex(syntheticCatalogue(2500));
  const build = performance.now() - t0;
  benchSearch().then((r) =>
    console.log(
      `catalogue search: ${r.procedures} procedures, ${r.queries} queries, p50 ${r.p50} ms, p99 ${r.p99} ms (index build ${build.toFixed(0)} ms)`,
    ),
  );
}
