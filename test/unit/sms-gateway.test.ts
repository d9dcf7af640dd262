/**
 * The SMS gateway contract (issue #9): the SANDBOX refuses what a carrier refuses (unsigned or forged requests, a
 * number that is not a Vietnamese mobile, text outside GSM-7, more than three parts, an unregistered brandname), is
 * idempotent by reference; the province's text is made GSM-7 and cut to three parts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SmsError, smsGateway } from "../../src/adapters/sms/client.js";
import { segmentsOf } from "../../src/adapters/sms/protocol.js";
import { smsText } from "../../src/app/notify-templates.js";
import { type SmsSandbox, startSmsSandbox } from "../../src/sandboxes/sms/server.js";

let sb: SmsSandbox;
const account = (secret = "s3cret") => ({ baseUrl: sb.url, clientId: "H99", secret });
const msg = (over: object = {}) => ({
  ref: `r-${Math.random()}`,
  to: "0912345678",
  text: "Ho so 000.00.12.H26-261204-0001: Da tiep nhan.",
  sender: "DVCTEST",
  callbackUrl: "http://127.0.0.1:9/unused",
  ...over,
});
const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as SmsError;
  }
  throw new Error("not refused");
};

beforeAll(async () => {
  sb = await startSmsSandbox({ port: 0, clients: [{ id: "H99", secret: "s3cret", senders: ["DVCTEST"] }] });
});
afterAll(() => sb?.close());

describe("SMS gateway SANDBOX", () => {
  it("accepts a signed message once per reference", async () => {
    const gw = smsGateway(account());
    const m = msg();
    const a = await gw.send(m);
    const b = await gw.send(m);
    expect(a.messageId).toMatch(/^SMS[0-9A-F]{12}$/);
    expect(b.messageId).toBe(a.messageId);
    expect(sb.messages().filter((x) => x.ref === m.ref)).toHaveLength(1);
    expect((await gw.get(a.messageId)).ref).toBe(m.ref);
  });

  it("refuses a forged signature, a bad number, non-GSM text, more than three parts and another brandname", async () => {
    expect((await refusal(smsGateway(account("wrong")).send(msg()))).code).toBe("bad_signature");
    const gw = smsGateway(account());
    expect((await refusal(gw.send(msg({ to: "0241234567" })))).code).toBe("invalid_request");
    expect((await refusal(gw.send(msg({ text: "Hồ sơ đã tiếp nhận" })))).code).toBe("not_gsm7");
    expect((await refusal(gw.send(msg({ text: "x".repeat(460) })))).code).toBe("too_long");
    expect((await refusal(gw.send(msg({ sender: "OTHER" })))).code).toBe("invalid_request");
    sb.setFault("error");
    const down = await refusal(gw.send(msg()));
    sb.setFault("none");
    expect(down.status).toBe(503);
  });
});

describe("the province's SMS text", () => {
  it("drops tone marks, writes đ as d, replaces what GSM-7 lacks, and fits three parts", () => {
    expect(smsText("Hồ sơ Đăng ký khai sinh “gấp” – đã tiếp nhận")).toBe(
      'Ho so Dang ky khai sinh "gap" - da tiep nhan',
    );
    expect(smsText("Thủ tục 😀 xong")).toBe("Thu tuc ? xong");
    const long = smsText("Thông báo ".repeat(80));
    expect(segmentsOf(long)).toBe(3);
    expect(long.endsWith("...")).toBe(true);
  });
});
