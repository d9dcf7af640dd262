import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smtpMailer } from "../../src/adapters/mail/index.js";
import { loadConfig } from "../../src/config.js";
import { startSandboxes } from "../../src/sandboxes/index.js";
import { sandboxPortEnv } from "../helpers/ports.js";
import { type MailSandbox, startMailSandbox } from "../../src/sandboxes/mail/server.js";

const FROM = "Hệ thống giải quyết TTHC <no-reply@motcua.local>";

describe("mail capture sandbox", () => {
  let s: MailSandbox;
  beforeAll(async () => {
    s = await startMailSandbox({ smtpPort: 0, httpPort: 0, limit: 3 });
  });
  afterAll(() => s.close());

  it("receives what smtpMailer sends and lists it over HTTP", async () => {
    await fetch(`${s.url}/messages`, { method: "DELETE" });
    const mailer = smtpMailer(s.smtpUrl, FROM);
    try {
      await mailer.send({
        to: "nguyenvanan@example.com",
        subject: "Hồ sơ 000.00.12.H56-260315-0007: Được tiếp nhận",
        text: "Kính gửi Ông/Bà Nguyễn Văn An,\nHồ sơ của Ông/Bà đã được tiếp nhận.",
        messageId: "<outbox-1.abc@motcua.local>",
      });
    } finally {
      mailer.close();
    }
    const list = await fetch(`${s.url}/messages`);
    expect(list.headers.get("x-sandbox")).toContain("SANDBOX");
    const { sandbox, messages } = await list.json();
    expect(sandbox).toBe(true);
    expect(messages).toHaveLength(1);
    const m = messages[0];
    expect(m).toMatchObject({
      from: "no-reply@motcua.local",
      to: ["nguyenvanan@example.com"],
      subject: "Hồ sơ 000.00.12.H56-260315-0007: Được tiếp nhận",
      messageId: "<outbox-1.abc@motcua.local>",
    });
    expect(m.text).toContain("Kính gửi Ông/Bà Nguyễn Văn An,");
    expect(new Date(m.date).getTime()).not.toBeNaN();
    expect(typeof m.id).toBe("string");

    const one = await fetch(`${s.url}/messages/${m.id}`);
    expect(one.status).toBe(200);
    expect((await one.json()).subject).toBe(m.subject);
    expect((await fetch(`${s.url}/messages/nope`)).status).toBe(404);

    const filtered = await (await fetch(`${s.url}/messages?to=someone@example.com`)).json();
    expect(filtered.messages).toHaveLength(0);

    const page = await fetch(`${s.url}/`);
    const body = await page.text();
    expect(body).toContain("SANDBOX");
    expect(body).toContain("Hồ sơ 000.00.12.H56-260315-0007: Được tiếp nhận");

    const del = await (await fetch(`${s.url}/messages`, { method: "DELETE" })).json();
    expect(del).toEqual({ deleted: 1 });
    expect((await (await fetch(`${s.url}/messages`)).json()).messages).toHaveLength(0);
  });

  it("keeps a bounded number of messages, newest first", async () => {
    const mailer = smtpMailer(s.smtpUrl, FROM);
    try {
      for (let i = 1; i <= 5; i++) await mailer.send({ to: "a@example.com", subject: `thư ${i}`, text: `${i}` });
    } finally {
      mailer.close();
    }
    const { messages } = await (await fetch(`${s.url}/messages`)).json();
    expect(messages.map((m: { subject: string }) => m.subject)).toEqual(["thư 5", "thư 4", "thư 3"]);
  });
});

describe("startSandboxes", () => {
  it("starts every national service's sandbox on the configured ports", async () => {
    const dir = await mkdtemp(join(tmpdir(), "motcua-sandboxes-"));
    const config = loadConfig({ NODE_ENV: "test", DATA_DIR: dir, ...(await sandboxPortEnv()) });
    const started = await startSandboxes(config);
    try {
      expect(started.map((s) => s.name)).toEqual([
        "VNeID (OIDC)",
        "mail capture",
        "National Public Service Portal",
        "payment platform",
        "postal service",
        "population and business registries",
        "EMC (giám sát, đo lường)",
        "SMS gateway",
        "time-stamping authority (RFC 3161)",
        "remote signing (CSC API)",
      ]);
      for (const [name, url] of [
        ["payment", config.services.payment?.url],
        ["postal", config.services.postal?.url],
        ["registries", config.services.registries?.url],
        ["csc", config.services.signing.cscUrl],
      ])
        expect(
          started.some((s) => s.url === url),
          String(name),
        ).toBe(true);
      const info = await fetch(`${config.services.signing.cscUrl}/csc/v2/info`, { method: "POST" });
      expect(((await info.json()) as { specs: string }).specs).toBe("2.0.0.0");
      const login = await fetch(`${config.nationalPortal?.url}/lgsp/dang-nhap`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: config.nationalPortal?.username, password: config.nationalPortal?.password }),
      });
      expect(((await login.json()) as { error_code: string }).error_code).toBe("0");
      const d = await (await fetch(`${config.oidc.issuer}/.well-known/openid-configuration`)).json();
      expect(d.issuer).toBe(config.oidc.issuer);
      // The portal's client is registered with its callback.
      const u = new URL(d.authorization_endpoint);
      u.search = new URLSearchParams({
        client_id: config.oidc.clientId,
        redirect_uri: `${config.baseUrl}/dang-nhap/callback`,
        response_type: "code",
        scope: "openid",
        state: "s",
        nonce: "n",
        code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        code_challenge_method: "S256",
      }).toString();
      expect((await fetch(u)).status).toBe(200);
      const mailer = smtpMailer(config.smtp.url, config.smtp.from);
      await mailer.send({ to: "x@example.com", subject: "thử", text: "thử" });
      mailer.close();
      const { messages } = await (await fetch(`${config.mailSandboxUrl}/messages`)).json();
      expect(messages[0].subject).toBe("thử");
    } finally {
      for (const s of started) await s.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("does not start a sandbox for a real (non-local) service", async () => {
    const config = loadConfig({
      NODE_ENV: "test",
      OIDC_ISSUER: "https://vneid.gov.vn",
      SMTP_URL: "smtp://relay.example.com:25",
      NATIONAL_PORTAL_URL: "https://lgsp.example.gov.vn",
      PAYMENT_URL: "https://payment.example.gov.vn",
      POSTAL_URL: "https://api.vnpost.example.vn",
      REGISTRIES_URL: "https://dancu.example.gov.vn",
      CSC_URL: "https://ca.example.vn",
      TSA_URL: "https://tsa.example.vn",
      EMC_FEED_URL: "https://emc.example.gov.vn",
      SMS_URL: "https://sms.example.vn",
      EMC_SCRIPT_URL: "https://emc.example.gov.vn/emc.js",
      EMC_SITE_CODE: "000.00.00.H26",
      EMC_FEED_SECRET: "a-real-secret",
    });
    expect(await startSandboxes(config)).toEqual([]);
  });
});
