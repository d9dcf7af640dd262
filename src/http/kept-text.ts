/**
 * A text answer made once and sent many times: a public page or a JSON document kept in process (a published
 * procedure's page, a minute of public statistics). Its body is compressed once per encoding the clients accept,
 * not per request: a province's statistics page is a hundred kilobytes, and compressing it for every visitor would
 * cost more than everything else the request does. The boundary's compression (src/http/boundary/headers.ts) leaves
 * an answer that already carries its encoding alone.
 */
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { FastifyReply, FastifyRequest } from "fastify";
import { withTag } from "./boundary/headers.js";

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

export class KeptText {
  private readonly encoded = new Map<"br" | "gzip", Promise<Buffer>>();
  private readonly tagged = new Map<string, KeptText>();
  /** The body as UTF-8 bytes, encoded once (a string would be encoded again for every reply). */
  private bytes: Buffer | undefined;
  constructor(
    readonly text: string,
    readonly type: string,
  ) {}

  /**
   * The body in `encoding`, compressed on first use (off the event loop, in libuv's pool, so the requests that wait
   * for nothing are not held behind it) and kept. Brotli at quality 7: most of quality 11's gain at a small part
   * of its time.
   */
  in(encoding: "br" | "gzip"): Promise<Buffer> {
    let packed = this.encoded.get(encoding);
    if (!packed) {
      packed =
        encoding === "br"
          ? brotli(this.text, {
              params: {
                [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
                [constants.BROTLI_PARAM_QUALITY]: 7,
                [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(this.text),
              },
            })
          : gzipped(this.text);
      this.encoded.set(encoding, packed);
      packed.catch(() => this.encoded.delete(encoding));
    }
    return packed;
  }

  /** Sends the kept body, compressed as the client accepts (`vary: accept-encoding`). */
  async send(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    // what the boundary puts into every page of its kind (req.pageTag) goes into the kept text, once
    const tag = req.pageTag;
    if (tag && this.type.startsWith("text/html")) {
      req.pageTag = null;
      let t = this.tagged.get(tag);
      if (!t) {
        t = new KeptText(withTag(this.text, tag), this.type);
        this.tagged.set(tag, t);
      }
      return t.send(req, reply);
    }
    reply.type(this.type).header("vary", "accept-encoding");
    const encoding = acceptedEncoding(req.headers["accept-encoding"]);
    if (encoding) return reply.header("content-encoding", encoding).send(await this.in(encoding));
    this.bytes ??= Buffer.from(this.text);
    return reply.send(this.bytes);
  }
}

/** br or gzip when the client accepts it (not with q=0), else null. */
export function acceptedEncoding(header: string | string[] | undefined): "br" | "gzip" | null {
  const accepted = new Set(
    String(header ?? "")
      .split(",")
      .map((t) => t.trim().toLowerCase().split(";"))
      .filter(([, q]) => !q || !/^q=0(\.0*)?$/.test(q.trim()))
      .map(([name]) => name),
  );
  return accepted.has("br") ? "br" : accepted.has("gzip") ? "gzip" : null;
}

/**
 * Things made from an owner (an object that stands for one computation: while it lives and is the current one, what
 * was made from it holds), kept per owner and key. At most `limit` keys per owner; beyond, the owner's start again.
 */
export function keptPer<O extends object, V>(limit: number) {
  const store = new WeakMap<O, Map<string, V>>();
  return (owner: O, key: string, make: () => V): V => {
    let m = store.get(owner);
    if (!m) {
      m = new Map();
      store.set(owner, m);
    }
    let v = m.get(key);
    if (v === undefined) {
      v = make();
      if (m.size >= limit) m.clear();
      m.set(key, v);
    }
    return v;
  };
}

const jsonTexts = keptPer<object, KeptText>(1);

/**
 * The JSON of a kept value (one object per computation, e.g. figures kept for a minute): serialised once, then sent
 * as kept. The route's response schema documents the shape; the value is not serialised again per request.
 */
export function keptJson(value: object): KeptText {
  return jsonTexts(value, "json", () => new KeptText(JSON.stringify(value), "application/json; charset=utf-8"));
}
