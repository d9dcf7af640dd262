/**
 * In-memory catalogue search: no I/O, built once per catalogue snapshot and queried many times.
 *
 * - Text is folded (case, Vietnamese diacritics in composed or decomposed form, đ → d, i/y variants) into tokens.
 * - An inverted index maps each token to the procedures that contain it, per zone (name, field, other text).
 * - Small typos are tolerated per token (edit distance ≤ 1 for tokens of 4+ characters, ≤ 2 for 8+, transpositions
 *   count as one edit) through a deletion-neighbourhood index over the vocabulary (SymSpell), so a query never
 *   computes edit distances against the whole catalogue; a token run together ("khaisinh") is split into known words;
 *   the last token also matches as a prefix (search as you type).
 * - Ranking: national code match first, then procedures whose name holds every query token, the exact name and the
 *   query as a phrase (at the start of the name best), then partial matches; name beats field beats description;
 *   shorter names win ties, then alphabetical order.
 */
import { foldVietnamese, tokenize } from "./text-normalize.js";

export type OnlineKind = "end_to_end" | "partial" | "none";
/** "available": online submission is possible (end-to-end or partial). */
export type OnlineFilter = OnlineKind | "available";

/** What the index needs to know about one procedure; callers may carry more properties. */
export interface SearchDoc {
  code: string;
  name: string;
  fieldCode: string;
  fieldName?: string;
  /** Competent and implementing units' codes. */
  unitCodes: readonly string[];
  level: string;
  onlineKind: OnlineKind;
  /** Lower-weight text: description, result, unit names. */
  extra?: string;
  /** What people type for it that the name does not say ("sổ hồng", "TNHH"): searched with the name's weight. */
  searchWords?: readonly string[];
}

export interface SearchQuery {
  q?: string;
  field?: string;
  unit?: string;
  level?: string;
  online?: OnlineFilter;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface SearchHit<T> {
  doc: T;
  score: number;
}

export interface SearchResult<T> {
  total: number;
  page: number;
  pageSize: number;
  items: SearchHit<T>[];
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 200;
/** Query tokens beyond this are ignored (nobody types a 12-word query; bounds the work per query). */
const MAX_QUERY_TOKENS = 10;
const ZONES = 3;
const Z_NAME = 0;
const Z_FIELD = 1;
const Z_EXTRA = 2;
const ZONE_WEIGHT = [1, 0.5, 0.3];
const Q_EXACT = 1;
const Q_PREFIX = 0.75;
const Q_TYPO1 = 0.6;
const Q_TYPO2 = 0.4;
const MAX_PREFIX_TERMS = 300;
/** Longer tokens are matched exactly only (no word has more letters; bounds the typo neighbourhood). */
const MAX_FUZZY_LENGTH = 20;
const MAX_QUERY_LENGTH = 200;

/** Allowed edits for a token of this length. */
export function maxTypos(length: number): number {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), or max + 1 as soon as it is known to
 * exceed `max`.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  let prev2 = new Array<number>(lb + 1).fill(0);
  let prev = new Array<number>(lb + 1);
  let cur = new Array<number>(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= lb; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb];
}

/** Every string obtained from `word` by deleting up to `max` characters (the word itself included). */
function deletions(word: string, max: number): Set<string> {
  const out = new Set<string>([word]);
  let frontier = [word];
  for (let d = 0; d < max; d++) {
    const next: string[] = [];
    for (const w of frontier) {
      if (w.length <= 1) continue;
      for (let i = 0; i < w.length; i++) {
        const v = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(v)) {
          out.add(v);
          next.push(v);
        }
      }
    }
    frontier = next;
  }
  return out;
}

const CODE_LIKE = /^[0-9][0-9a-z.]*$/;
const collator = new Intl.Collator("vi", { sensitivity: "base", numeric: true });

/** A match inside the index: document number and score. */
interface Hit {
  i: number;
  score: number;
}

/** A query token's matching vocabulary terms with the quality of each match (1 = exact). */
type Expansion = Map<number, number>;

export class SearchIndex<T extends SearchDoc> {
  readonly docs: readonly T[];
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  /** zone → term id → ascending doc ids */
  private readonly postings: number[][][] = [[], [], []];
  private readonly nameTerms: Int32Array[] = [];
  private readonly nameRank: Int32Array;
  private readonly byName: Int32Array;
  private readonly sortedTerms: string[];
  private readonly deleteIndex = new Map<string, number[]>();
  private readonly codes: string[];
  private readonly expansionCache = new Map<string, Expansion>();
  // Scratch buffers reused by every query (search is synchronous, so they are never shared).
  private readonly best: Float32Array[];
  private readonly touched: Int32Array;
  private readonly seen: Uint8Array;

  constructor(docs: readonly T[]) {
    this.docs = docs;
    const n = docs.length;
    docs.forEach((d, i) => {
      const name = tokenize(d.name).map((t) => this.term(t));
      this.nameTerms.push(Int32Array.from(name));
      this.post(Z_NAME, name, i);
      for (const w of d.searchWords ?? [])
        this.post(
          Z_NAME,
          tokenize(w).map((t) => this.term(t)),
          i,
        );
      this.post(Z_FIELD, d.fieldName ? tokenize(d.fieldName).map((t) => this.term(t)) : [], i);
      this.post(Z_EXTRA, d.extra ? tokenize(d.extra).map((t) => this.term(t)) : [], i);
    });
    this.sortedTerms = [...this.terms].sort();
    this.terms.forEach((t, id) => {
      if (t.length < 3 || /\d/.test(t)) return;
      for (const v of deletions(t, t.length >= 6 ? 2 : 1)) {
        const list = this.deleteIndex.get(v);
        if (list) list.push(id);
        else this.deleteIndex.set(v, [id]);
      }
    });
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => collator.compare(docs[a].name, docs[b].name) || (docs[a].code < docs[b].code ? -1 : 1),
    );
    this.byName = Int32Array.from(order);
    this.nameRank = new Int32Array(n);
    order.forEach((doc, rank) => {
      this.nameRank[doc] = rank;
    });
    this.codes = docs.map((d) => d.code.toLowerCase());
    this.best = Array.from({ length: ZONES }, () => new Float32Array(n * MAX_QUERY_TOKENS));
    this.touched = new Int32Array(n);
    this.seen = new Uint8Array(n);
  }

  get size(): number {
    return this.docs.length;
  }

  search(query: SearchQuery): SearchResult<T> {
    const pageSize = Math.min(Math.max(Math.trunc(query.pageSize ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
    const page = Math.max(Math.trunc(query.page ?? 1), 1);
    const hits = this.ranked(query);
    const start = (page - 1) * pageSize;
    return {
      total: hits.length,
      page,
      pageSize,
      items: hits.slice(start, start + pageSize).map((h) => ({ doc: this.docs[h.i], score: h.score })),
    };
  }

  /** Every match of the query, best first. */
  rank(query: SearchQuery): SearchHit<T>[] {
    return this.ranked(query).map((h) => ({ doc: this.docs[h.i], score: h.score }));
  }

  private ranked(query: SearchQuery): Hit[] {
    const q = (query.q ?? "").slice(0, MAX_QUERY_LENGTH).trim();
    const pass = (i: number) => this.passes(this.docs[i], query);
    if (!q) {
      const out: Hit[] = [];
      for (const i of this.byName) if (pass(i)) out.push({ i, score: 0 });
      return out;
    }
    const byCode = this.codeHits(q, pass);
    if (byCode) return byCode;
    return this.textHits(q, pass);
  }

  private term(t: string): number {
    let id = this.termIds.get(t);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(t);
      this.termIds.set(t, id);
      for (let z = 0; z < ZONES; z++) this.postings[z].push([]);
    }
    return id;
  }

  private post(zone: number, termIds: number[], doc: number) {
    for (const id of termIds) {
      const list = this.postings[zone][id];
      if (list[list.length - 1] !== doc) list.push(doc);
    }
  }

  private passes(d: T, f: SearchQuery): boolean {
    if (f.field && d.fieldCode !== f.field) return false;
    if (f.unit && !d.unitCodes.includes(f.unit)) return false;
    if (f.level && d.level !== f.level) return false;
    if (f.online) {
      if (f.online === "available") {
        if (d.onlineKind === "none") return false;
      } else if (d.onlineKind !== f.online) return false;
    }
    return true;
  }

  /**
   * A query that looks like a national code ("1.001193", "1.000948.H38") finds procedures by code only (exact, then
   * prefix); a long run of digits ("001193") too, unless no code holds it (then it is searched as words).
   * Returns undefined when the query is not a code.
   */
  private codeHits(q: string, pass: (i: number) => boolean): Hit[] | undefined {
    const c = foldVietnamese(q).replace(/\s+/g, "");
    if (!CODE_LIKE.test(c) || !(c.includes(".") || c.length >= 5)) return undefined;
    const out: Hit[] = [];
    for (let i = 0; i < this.codes.length; i++) {
      const code = this.codes[i];
      const score = code === c ? 1000 : code.startsWith(c) ? 500 : c.length >= 5 && code.includes(c) ? 300 : 0;
      if (score && pass(i)) out.push({ i, score });
    }
    if (!out.length && !c.includes(".")) return undefined;
    return out.sort((a, b) => b.score - a.score || (this.codes[a.i] < this.codes[b.i] ? -1 : 1));
  }

  /** Splits a run-together token ("khaisinh") into known words, if it is not itself a word. */
  private segment(token: string): string[] {
    if (token.length < 5 || token.length > MAX_FUZZY_LENGTH * 2 || this.termIds.has(token) || /\d/.test(token))
      return [token];
    const n = token.length;
    // best[i] = fewest pieces covering token[0, i)
    const best = new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY);
    const from = new Array<number>(n + 1).fill(-1);
    best[0] = 0;
    for (let i = 0; i < n; i++) {
      if (best[i] === Number.POSITIVE_INFINITY) continue;
      for (let j = i + 2; j <= Math.min(n, i + 7); j++) {
        if (best[i] + 1 < best[j] && this.termIds.has(token.slice(i, j))) {
          best[j] = best[i] + 1;
          from[j] = i;
        }
      }
    }
    if (best[n] === Number.POSITIVE_INFINITY || best[n] > 4) return [token];
    const pieces: string[] = [];
    for (let j = n; j > 0; j = from[j]) pieces.unshift(token.slice(from[j], j));
    return pieces;
  }

  private expand(token: string, asPrefix: boolean): Expansion {
    const key = (asPrefix ? "*" : "=") + token;
    const cached = this.expansionCache.get(key);
    if (cached) return cached;
    const m: Expansion = new Map();
    const exact = this.termIds.get(token);
    if (exact !== undefined) m.set(exact, Q_EXACT);
    if (asPrefix) {
      let lo = 0;
      let hi = this.sortedTerms.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.sortedTerms[mid] < token) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo, k = 0; i < this.sortedTerms.length && k < MAX_PREFIX_TERMS; i++, k++) {
        const t = this.sortedTerms[i];
        if (!t.startsWith(token)) break;
        if (t !== token) m.set(this.termIds.get(t)!, Q_PREFIX);
      }
    }
    // Typo tolerance only for words the catalogue does not know: a correctly spelt word is not "corrected" into
    // another one ("sinh" must not also match "tinh").
    const max = maxTypos(token.length);
    if (exact === undefined && max > 0 && token.length <= MAX_FUZZY_LENGTH && !/\d/.test(token)) {
      for (const v of deletions(token, max)) {
        const ids = this.deleteIndex.get(v);
        if (!ids) continue;
        for (const id of ids) {
          if (m.has(id)) continue;
          const d = editDistance(token, this.terms[id], max);
          if (d >= 1 && d <= max) m.set(id, d === 1 ? Q_TYPO1 : Q_TYPO2);
        }
      }
    }
    if (this.expansionCache.size > 20_000) this.expansionCache.clear();
    this.expansionCache.set(key, m);
    return m;
  }

  private textHits(q: string, pass: (i: number) => boolean): Hit[] {
    const tokens = tokenize(q)
      .flatMap((t) => this.segment(t))
      .slice(0, MAX_QUERY_TOKENS);
    const nq = tokens.length;
    if (!nq) return [];
    const exp = tokens.map((t, i) => this.expand(t, i === nq - 1));
    const { best, touched, seen } = this;
    let nTouched = 0;
    for (let z = 0; z < ZONES; z++) {
      const zb = best[z];
      const zp = this.postings[z];
      for (let i = 0; i < nq; i++) {
        for (const [termId, quality] of exp[i]) {
          for (const doc of zp[termId]) {
            const k = doc * MAX_QUERY_TOKENS + i;
            if (zb[k] < quality) zb[k] = quality;
            if (!seen[doc]) {
              seen[doc] = 1;
              touched[nTouched++] = doc;
            }
          }
        }
      }
    }
    // Partial matches must hold most of the words (2 of 3, 3 of 4…); with one or two words, any of them.
    const needed = nq <= 2 ? 1 : Math.ceil((nq * 2) / 3);
    const out: Hit[] = [];
    for (let t = 0; t < nTouched; t++) {
      const doc = touched[t];
      const base = doc * MAX_QUERY_TOKENS;
      let matched = 0;
      let inName = 0;
      let inNameOrField = 0;
      let sum = 0;
      for (let i = 0; i < nq; i++) {
        const nameQ = best[Z_NAME][base + i];
        const fieldQ = best[Z_FIELD][base + i];
        const s = Math.max(
          nameQ * ZONE_WEIGHT[Z_NAME],
          fieldQ * ZONE_WEIGHT[Z_FIELD],
          best[Z_EXTRA][base + i] * ZONE_WEIGHT[Z_EXTRA],
        );
        if (s > 0) matched++;
        if (nameQ > 0) inName++;
        if (nameQ > 0 || fieldQ > 0) inNameOrField++;
        sum += s;
      }
      // A partial match that only touches the description is noise.
      if (matched < needed || (matched < nq && inNameOrField === 0) || !pass(doc)) continue;
      const name = this.nameTerms[doc];
      let score = (60 * sum) / nq;
      if (inName === nq) {
        score += 100;
        const at = phraseAt(name, exp);
        if (at >= 0) {
          score += 40;
          if (at === 0) score += 10;
          if (name.length === nq) score += 30;
        }
      }
      score -= 2 * Math.min(Math.max(name.length - inName, 0), 10);
      out.push({ i: doc, score: Math.round(score * 100) / 100 });
    }
    // Reset the scratch buffers for the next query.
    for (let t = 0; t < nTouched; t++) {
      const doc = touched[t];
      seen[doc] = 0;
      const base = doc * MAX_QUERY_TOKENS;
      for (let z = 0; z < ZONES; z++) best[z].fill(0, base, base + nq);
    }
    const rank = this.nameRank;
    return out.sort((a, b) => b.score - a.score || rank[a.i] - rank[b.i]);
  }
}

/** Where the query tokens appear in order and contiguously in the name, or -1. */
function phraseAt(name: Int32Array, exp: Expansion[]): number {
  const n = exp.length;
  outer: for (let s = 0; s + n <= name.length; s++) {
    for (let j = 0; j < n; j++) if (!exp[j].has(name[s + j])) continue outer;
    return s;
  }
  return -1;
}
