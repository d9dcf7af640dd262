import { TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deps } from "../../src/app/deps.js";
import { type Actor, appendEvent } from "../../src/app/history.js";
import { createOfficer, newTotpSecret, verifyPassword } from "../../src/app/officers.js";
import { verifyChainReport } from "../../src/app/ops.js";
import { DEMO_OFFICERS, DEMO_PASSWORD, demoOfficerAccounts, seedDemoOfficers } from "../../src/demo/officers.js";
import { DEFAULT_RULE_SET_CODE } from "../../src/domain/rules.js";
import { OFFICER_COOKIE } from "../../src/http/officer-auth.js";
import { LOGIN_TICKET_COOKIE } from "../../src/http/office/auth.js";
import { createTestApp, type TestContext } from "../helpers/app.js";
import { insertTestProcedure, type TestProcedure } from "../helpers/catalogue.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

const PASSWORD = "Thu-nghiem@2026";
const T0 = new Date("2026-03-16T02:00:00.000Z"); // 09:00 Monday in Vietnam

/** The code an authenticator app shows at `at` (computed independently of the app's own helper). */
const codeAt = (secret: string, at: Date) =>
  new TOTP({ secret, digits: 6, period: 30, algorithm: "SHA1" }).generate({ timestamp: at.getTime() });

function cookieFrom(res: { cookies: Array<{ name: string; value: string }> }, name: string): string | undefined {
  return res.cookies.find((c) => c.name === name)?.value;
}

describe("officer login (password + TOTP)", () => {
  let ctx: TestContext;
  let proc: TestProcedure;
  let secret: string;
  let clock = T0.getTime();
  /** Each test works at its own minute, so codes used in one test never collide with another's. */
  const tick = (minutes = 2) => {
    clock += minutes * 60_000;
    ctx.setNow(new Date(clock));
    return new Date(clock);
  };

  const make = async (username: string, roles: Array<"receiving" | "specialist" | "leader"> = ["receiving"]) => {
    secret = newTotpSecret();
    await createOfficer(ctx.deps, {
      username,
      name: `Cán bộ ${username}`,
      unitCode: proc.unitCode,
      roles,
      password: PASSWORD,
      totpSecret: secret,
    });
    return secret;
  };
  const apiPassword = (username: string, password: string, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: "POST", url: "/api/office/login", payload: { username, password }, headers });
  const apiCode = (ticket: string, code: string) =>
    ctx.app.inject({ method: "POST", url: "/api/office/login/otp", payload: { ticket, code } });
  const audit = (target: string) =>
    ctx.deps.db.selectFrom("audit_log").selectAll().where("target", "=", target).orderBy("id").execute();

  beforeAll(async () => {
    ctx = await createTestApp({ demo: false, now: T0 });
    proc = await insertTestProcedure(ctx.deps.db);
  });
  afterAll(async () => ctx?.close());

  it("logs in with password then TOTP through the pages, and the session opens the office", async () => {
    tick();
    const s = await make("tiepnhan.web");
    const form = await ctx.app.inject({ method: "GET", url: "/office/login" });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="username"');
    expect(form.body).toContain('autocomplete="current-password"');

    const step1 = await ctx.app.inject({
      method: "POST",
      url: "/office/login",
      payload: { username: "tiepnhan.web", password: PASSWORD, next: "/office?status=2" },
    });
    expect(step1.statusCode).toBe(303);
    expect(step1.headers.location).toBe("/office/login/otp?next=%2Foffice%3Fstatus%3D2");
    const ticket = cookieFrom(step1, LOGIN_TICKET_COOKIE);
    expect(ticket).toBeTruthy();
    expect(cookieFrom(step1, OFFICER_COOKIE)).toBeUndefined();

    const otpForm = await ctx.app.inject({
      method: "GET",
      url: "/office/login/otp",
      cookies: { [LOGIN_TICKET_COOKIE]: ticket! },
    });
    expect(otpForm.statusCode).toBe(200);
    expect(otpForm.body).toContain('autocomplete="one-time-code"');
    expect(otpForm.body).not.toContain("<svg"); // already enrolled: no QR code

    const step2 = await ctx.app.inject({
      method: "POST",
      url: "/office/login/otp?next=%2Foffice%3Fstatus%3D2",
      cookies: { [LOGIN_TICKET_COOKIE]: ticket! },
      payload: { code: codeAt(s, ctx.deps.now()) },
    });
    expect(step2.statusCode).toBe(303);
    expect(step2.headers.location).toBe("/office?status=2");
    const sid = cookieFrom(step2, OFFICER_COOKIE);
    expect(sid).toBeTruthy();

    const me = await ctx.app.inject({ method: "GET", url: "/api/office/me", cookies: { [OFFICER_COOKIE]: sid! } });
    expect(me.statusCode).toBe(200);
    expect(me.json().officer).toMatchObject({
      username: "tiepnhan.web",
      unitCode: proc.unitCode,
      roles: ["receiving"],
    });

    // The ticket was used up: it cannot open a second session.
    const again = await apiCode(ticket!, codeAt(s, ctx.deps.now()));
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe("login_expired");
  });

  it("logs in through the JSON API and writes the audit rows with actor, unit and IP", async () => {
    tick();
    const s = await make("chuyenvien.api", ["specialist"]);
    const r1 = await apiPassword("chuyenvien.api", PASSWORD, { "x-forwarded-for": "203.0.113.7" });
    expect(r1.statusCode).toBe(200);
    expect(r1.json().next).toBe("otp");
    expect(cookieFrom(r1, OFFICER_COOKIE)).toBeUndefined();
    const r2 = await apiCode(r1.json().ticket, codeAt(s, ctx.deps.now()));
    expect(r2.statusCode).toBe(200);
    expect(r2.json().officer.roles).toEqual(["specialist"]);
    expect(cookieFrom(r2, OFFICER_COOKIE)).toBeTruthy();
    const rows = await audit("chuyenvien.api");
    const login = rows.find((r) => r.action === "officer.login");
    expect(login).toBeTruthy();
    expect(login!.actor_id).toBe(r2.json().officer.id);
    expect(login!.unit_id).toBe(proc.unitId);
    expect(login!.actor_kind).toBe("officer");
    expect(typeof login!.ip).toBe("string");
  });

  it("refuses a wrong password and an unknown user with the same message", async () => {
    tick();
    await make("lanhdao.sai", ["leader"]);
    const wrong = await apiPassword("lanhdao.sai", "not-the-password");
    const unknown = await apiPassword("khong.ton.tai", "not-the-password");
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe("invalid_credentials");
    expect(unknown.json().error.code).toBe("invalid_credentials");
    expect(wrong.json().error.message).toBe("Tên đăng nhập hoặc mật khẩu không đúng.");
    expect(unknown.json().error.message).toBe(wrong.json().error.message);

    // Same on the page, in both languages.
    const page = (username: string, lang = "") =>
      ctx.app.inject({ method: "POST", url: `/office/login${lang}`, payload: { username, password: "x-wrong" } });
    const [p1, p2] = [await page("lanhdao.sai"), await page("khong.ton.tai")];
    expect(p1.statusCode).toBe(401);
    expect(p2.statusCode).toBe(401);
    for (const p of [p1, p2]) {
      expect(p.body).toContain("Tên đăng nhập hoặc mật khẩu không đúng.");
      expect(p.body).toContain('class="error-summary"');
      expect(p.body).toContain('href="#username"');
    }
    const en = await page("khong.ton.tai", "?lang=en");
    expect(en.body).toContain("The username or password is incorrect.");

    const failed = (await audit("lanhdao.sai")).filter((r) => r.action === "officer.login_failed");
    expect(failed.length).toBe(2);
    expect(failed[0].data).toMatchObject({ stage: "password", reason: "wrong_password" });
    const unknownRows = (await audit("khong.ton.tai")).filter((r) => r.action === "officer.login_failed");
    expect(unknownRows.length).toBe(3);
    expect(unknownRows[0].actor_id).toBeNull();
  });

  it("asks for both fields before checking anything", async () => {
    const res = await ctx.app.inject({ method: "POST", url: "/office/login", payload: { username: "", password: "" } });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('href="#username"');
    expect(res.body).toContain('href="#password"');
    const api = await ctx.app.inject({ method: "POST", url: "/api/office/login", payload: { username: "a" } });
    expect(api.statusCode).toBe(422);
  });

  // Issue #10 item 12 (a named change of behaviour): failures no longer lock an account from anywhere for 15 minutes.
  // They are throttled per account AND source with growing delays (429 + Retry-After); another address, a known
  // device, or the second factor given with the password still let the officer in.
  const fromIp = (ip: string, username: string, password: string, extra: Record<string, string> = {}) =>
    ctx.app.inject({
      method: "POST",
      url: "/api/office/login",
      payload: { username, password, ...extra },
      remoteAddress: ip,
    });
  const seconds = (n: number) => {
    clock += n * 1000;
    ctx.setNow(new Date(clock));
  };

  it("throttles failures per account and address with growing delays, without locking the officer out elsewhere", async () => {
    tick();
    const s = await make("khoa.taikhoan");
    const A = "198.51.100.1";
    for (let i = 1; i <= 3; i++) expect((await fromIp(A, "khoa.taikhoan", `wrong-${i}`)).statusCode).toBe(401);
    // The fourth attempt from that address, even with the right password, waits 15 seconds.
    const held = await fromIp(A, "khoa.taikhoan", PASSWORD);
    expect(held.statusCode).toBe(429);
    expect(held.headers["retry-after"]).toBe("15");
    expect(held.json().error).toMatchObject({
      code: "login_throttled",
      message: "Đăng nhập tạm thời bị hạn chế do nhập sai nhiều lần từ nơi này. Vui lòng thử lại sau 15 giây.",
    });
    const page = await ctx.app.inject({
      method: "POST",
      url: "/office/login",
      payload: { username: "khoa.taikhoan", password: PASSWORD },
      remoteAddress: A,
    });
    expect(page.statusCode).toBe(429);
    expect(page.body).toContain("Vui lòng thử lại sau 15 giây.");

    // Meanwhile the officer at another counter signs in.
    const B = "198.51.100.2";
    const elsewhere = await fromIp(B, "khoa.taikhoan", PASSWORD);
    expect(elsewhere.statusCode).toBe(200);
    expect(
      (
        await ctx.app.inject({
          method: "POST",
          url: "/api/office/login/otp",
          payload: { ticket: elsewhere.json().ticket, code: codeAt(s, ctx.deps.now()) },
          remoteAddress: B,
        })
      ).statusCode,
    ).toBe(200);

    // Back at A, after the wait: one more failure doubles the delay.
    seconds(16);
    expect((await fromIp(A, "khoa.taikhoan", "wrong-4")).statusCode).toBe(401);
    const longer = await fromIp(A, "khoa.taikhoan", PASSWORD);
    expect(longer.statusCode).toBe(429);
    expect(longer.headers["retry-after"]).toBe("30");
    seconds(31);
    const ok = await fromIp(A, "khoa.taikhoan", PASSWORD);
    expect(ok.statusCode).toBe(200);

    const actions = (await audit("khoa.taikhoan")).map((r) => r.action);
    expect(actions.filter((a) => a === "officer.login_failed").length).toBe(7); // 4 wrong + 3 while held
    expect(actions.filter((a) => a === "officer.login_throttled").length).toBe(2);
    expect(actions).toContain("officer.login");
  });

  it("throttles an unknown username exactly like an account, so it does not reveal whether it exists", async () => {
    tick();
    await make("co.that");
    const answers = async (username: string, ip: string) => {
      const out = [];
      for (let i = 0; i < 5; i++) out.push(await fromIp(ip, username, "whatever-1"));
      return out;
    };
    const real = await answers("co.that", "203.0.113.50");
    const ghost = await answers("ai.do.khong.co", "203.0.113.51");
    expect(ghost.map((a) => a.statusCode)).toEqual([401, 401, 401, 429, 429]);
    expect(real.map((a) => a.statusCode)).toEqual(ghost.map((a) => a.statusCode));
    expect(ghost[4].json().error.message).toBe(real[4].json().error.message);
    expect(ghost[4].headers["retry-after"]).toBe(real[4].headers["retry-after"]);
  });

  it("counts wrong codes as failures of the same account and address", async () => {
    tick();
    const s = await make("sai.ma");
    const r1 = await apiPassword("sai.ma", PASSWORD);
    const ticket = r1.json().ticket;
    const good = codeAt(s, ctx.deps.now());
    const bad = String((Number(good) + 1) % 1_000_000).padStart(6, "0");
    for (let i = 0; i < 3; i++) {
      const r = await apiCode(ticket, bad);
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe("invalid_code");
    }
    // Held: even the right code waits, and the ticket is gone; the password step waits too.
    const held = await apiCode(ticket, good);
    expect(held.statusCode).toBe(429);
    expect(held.headers["retry-after"]).toBe("15");
    expect((await apiPassword("sai.ma", PASSWORD)).statusCode).toBe(429);
    const rows = (await audit("sai.ma")).filter((r) => r.action === "officer.login_failed");
    expect(rows[0].data).toMatchObject({ stage: "otp", reason: "wrong_code" });
  });

  it("under attack from many addresses, asks unknown devices for the code with the password; a known device gets in", async () => {
    tick();
    const s = await make("bi.tan.cong");
    // The officer signs in once at their counter: the browser becomes a known device.
    const counter = "10.20.30.40";
    const first = await fromIp(counter, "bi.tan.cong", PASSWORD);
    const done = await ctx.app.inject({
      method: "POST",
      url: "/api/office/login/otp",
      payload: { ticket: first.json().ticket, code: codeAt(s, ctx.deps.now()) },
      remoteAddress: counter,
    });
    expect(done.statusCode).toBe(200);
    const device = done.cookies.find((c) => c.name === "motcua_odev");
    expect(device?.httpOnly).toBe(true);
    expect(device?.maxAge).toBe(180 * 24 * 3600);
    const deviceCookie = { cookie: `motcua_odev=${encodeURIComponent(device!.value)}` };

    // Ten addresses guess once each: no address is throttled, the account is.
    seconds(31);
    for (let i = 1; i <= 10; i++)
      expect((await fromIp(`192.0.2.${i}`, "bi.tan.cong", `guess-${i}`)).statusCode).toBe(401);
    const unknown = await fromIp("192.0.2.200", "bi.tan.cong", PASSWORD);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error).toMatchObject({
      code: "second_factor_required",
      message:
        "Tài khoản đang bị hạn chế đăng nhập do nhiều lần nhập sai từ nơi khác. Hãy nhập mật khẩu cùng mã xác thực 6 số để đăng nhập.",
    });
    const page = await ctx.app.inject({
      method: "POST",
      url: "/office/login",
      payload: { username: "bi.tan.cong", password: PASSWORD },
      remoteAddress: "192.0.2.200",
    });
    expect(page.statusCode).toBe(401);
    expect(page.body).toContain('name="code"');

    // The known device is not held by the attack on the account.
    const known = await ctx.app.inject({
      method: "POST",
      url: "/api/office/login",
      payload: { username: "bi.tan.cong", password: PASSWORD },
      headers: deviceCookie,
      remoteAddress: "192.0.2.201",
    });
    expect(known.statusCode).toBe(200);
    expect(known.json().next).toBe("otp");
    // A forged device cookie is just an unknown device.
    const forged = await ctx.app.inject({
      method: "POST",
      url: "/api/office/login",
      payload: { username: "bi.tan.cong", password: PASSWORD },
      headers: {
        cookie: `motcua_odev=${encodeURIComponent(`${device!.value.split(".")[0]}.aaaaaaaaaaaaaaaaaaaaaaaa`)}`,
      },
      remoteAddress: "192.0.2.202",
    });
    expect(forged.json().error.code).toBe("second_factor_required");

    // From an unknown device, the password with a wrong code is one refusal; with the right code, the officer is in.
    seconds(31);
    const good = codeAt(s, ctx.deps.now());
    const bad = String((Number(good) + 1) % 1_000_000).padStart(6, "0");
    const wrong = await fromIp("192.0.2.210", "bi.tan.cong", PASSWORD, { code: bad });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe("invalid_credentials");
    const inside = await fromIp("192.0.2.211", "bi.tan.cong", PASSWORD, { code: good });
    expect(inside.statusCode).toBe(200);
    expect(inside.json()).toMatchObject({ next: "done", officer: { username: "bi.tan.cong" } });
    const session = inside.cookies.find((c) => c.name === OFFICER_COOKIE)!.value;
    const me = await ctx.app.inject({ url: "/api/office/me", headers: { cookie: `${OFFICER_COOKIE}=${session}` } });
    expect(me.statusCode).toBe(200);
  });

  it("refuses a code replayed within its window, and accepts codes one step either side", async () => {
    tick();
    const s = await make("phatlai.ma");
    const first = await apiPassword("phatlai.ma", PASSWORD);
    const code = codeAt(s, ctx.deps.now());
    expect((await apiCode(first.json().ticket, code)).statusCode).toBe(200);

    // Same code, a new ticket, still within the window: refused as a replay.
    const second = await apiPassword("phatlai.ma", PASSWORD);
    const replay = await apiCode(second.json().ticket, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe("invalid_code");
    const rows = (await audit("phatlai.ma")).filter((r) => r.action === "officer.login_failed");
    expect(rows.at(-1)!.data).toMatchObject({ stage: "otp", reason: "replayed_code" });

    // The previous step's code (30 s ago) is still accepted once; two steps ago is not.
    const now = ctx.deps.now();
    const prev = codeAt(s, new Date(now.getTime() - 30_000));
    const old = codeAt(s, new Date(now.getTime() - 60_000));
    if (old !== prev && old !== code) expect((await apiCode(second.json().ticket, old)).statusCode).toBe(401);
    expect((await apiCode(second.json().ticket, prev)).statusCode).toBe(200);
    const next = codeAt(s, new Date(now.getTime() + 30_000));
    const third = await apiPassword("phatlai.ma", PASSWORD);
    expect((await apiCode(third.json().ticket, next)).statusCode).toBe(200);
  });

  it("refuses an expired login ticket", async () => {
    tick();
    const s = await make("ve.hethan");
    const r1 = await apiPassword("ve.hethan", PASSWORD);
    tick(6);
    const r2 = await apiCode(r1.json().ticket, codeAt(s, ctx.deps.now()));
    expect(r2.statusCode).toBe(401);
    expect(r2.json().error.code).toBe("login_expired");
  });

  it("enrols an officer without a TOTP secret: QR code on the page, secret saved after the first code", async () => {
    tick();
    await createOfficer(ctx.deps, {
      username: "moi.dangky",
      name: "Cán bộ mới",
      unitCode: proc.unitCode,
      roles: ["receiving"],
      password: PASSWORD,
    });
    await ctx.deps.db.updateTable("officers").set({ totp_secret: null }).where("username", "=", "moi.dangky").execute();
    const step1 = await ctx.app.inject({
      method: "POST",
      url: "/office/login",
      payload: { username: "moi.dangky", password: PASSWORD },
    });
    const ticket = cookieFrom(step1, LOGIN_TICKET_COOKIE)!;
    const page = await ctx.app.inject({
      method: "GET",
      url: "/office/login/otp",
      cookies: { [LOGIN_TICKET_COOKIE]: ticket },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<svg");
    const uri = /otpauth:\/\/totp\/[^<"]+/.exec(page.body)?.[0].replace(/&amp;/g, "&");
    expect(uri).toBeTruthy();
    const enrolSecret = new URL(uri!).searchParams.get("secret")!;
    expect(enrolSecret).toMatch(/^[A-Z2-7]+$/);

    const bad = await ctx.app.inject({
      method: "POST",
      url: "/office/login/otp",
      cookies: { [LOGIN_TICKET_COOKIE]: ticket },
      payload: { code: "12345" },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.body).toContain('href="#code"');
    expect(bad.body).toContain("<svg"); // still enrolling

    const ok = await ctx.app.inject({
      method: "POST",
      url: "/office/login/otp",
      cookies: { [LOGIN_TICKET_COOKIE]: ticket },
      payload: { code: codeAt(enrolSecret, ctx.deps.now()) },
    });
    expect(ok.statusCode).toBe(303);
    const row = await ctx.deps.db
      .selectFrom("officers")
      .select(["totp_secret"])
      .where("username", "=", "moi.dangky")
      .executeTakeFirstOrThrow();
    expect(row.totp_secret).toBe(enrolSecret);
    expect((await audit("moi.dangky")).map((r) => r.action)).toContain("officer.totp_enrolled");
  });

  it("ends sessions after 30 idle minutes and after 10 hours in all", async () => {
    tick();
    const s = await make("het.phien");
    const login = async () => {
      const r1 = await apiPassword("het.phien", PASSWORD);
      const r2 = await apiCode(r1.json().ticket, codeAt(s, ctx.deps.now()));
      expect(r2.statusCode).toBe(200);
      return cookieFrom(r2, OFFICER_COOKIE)!;
    };
    const me = (sid: string) =>
      ctx.app.inject({ method: "GET", url: "/api/office/me", cookies: { [OFFICER_COOKIE]: sid } });
    const page = (sid: string) => ctx.app.inject({ method: "GET", url: "/office", cookies: { [OFFICER_COOKIE]: sid } });

    const sid = await login();
    expect((await me(sid)).statusCode).toBe(200);
    tick(31);
    expect((await me(sid)).statusCode).toBe(401);
    const redirect = await page(sid);
    expect(redirect.statusCode).toBe(303);
    expect(redirect.headers.location).toBe("/office/login?next=%2Foffice&ended=1");

    // Active all day: every 20 minutes, yet the session ends 10 hours after login.
    tick(1);
    const sid2 = await login();
    for (let i = 0; i < 29; i++) {
      tick(20);
      expect((await me(sid2)).statusCode).toBe(200);
    }
    tick(21); // 10 h 1 min after login
    expect((await me(sid2)).statusCode).toBe(401);
  });

  it("logs out: the session ends and the logout is audited", async () => {
    tick();
    const s = await make("dang.xuat");
    const r1 = await apiPassword("dang.xuat", PASSWORD);
    const r2 = await apiCode(r1.json().ticket, codeAt(s, ctx.deps.now()));
    const sid = cookieFrom(r2, OFFICER_COOKIE)!;
    const out = await ctx.app.inject({ method: "POST", url: "/office/logout", cookies: { [OFFICER_COOKIE]: sid } });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe("/office/login?out=1");
    expect(out.cookies.find((c) => c.name === OFFICER_COOKIE)?.value).toBe("");
    const me = await ctx.app.inject({ method: "GET", url: "/api/office/me", cookies: { [OFFICER_COOKIE]: sid } });
    expect(me.statusCode).toBe(401);
    const logout = (await audit("dang.xuat")).find((r) => r.action === "officer.logout");
    expect(logout?.actor_id).toBe(r2.json().officer.id);
    expect(logout?.unit_id).toBe(proc.unitId);

    // The JSON logout too.
    const r3 = await apiPassword("dang.xuat", PASSWORD);
    const r4 = await apiCode(r3.json().ticket, codeAt(s, new Date(ctx.deps.now().getTime() + 30_000)));
    const sid2 = cookieFrom(r4, OFFICER_COOKIE)!;
    const out2 = await ctx.app.inject({
      method: "POST",
      url: "/api/office/logout",
      cookies: { [OFFICER_COOKIE]: sid2 },
    });
    expect(out2.statusCode).toBe(204);
    expect(
      (await ctx.app.inject({ method: "GET", url: "/api/office/me", cookies: { [OFFICER_COOKIE]: sid2 } })).statusCode,
    ).toBe(401);
    expect((await audit("dang.xuat")).filter((r) => r.action === "officer.logout").length).toBe(2);
  });

  it("does not follow a next link outside the office", async () => {
    tick();
    const res = await ctx.app.inject({
      method: "POST",
      url: "/office/login",
      payload: { username: "dang.xuat", password: PASSWORD, next: "//evil.example/office" },
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/office/login/otp");
  });
});

describe("ops commands: verify-chain and create-officer", () => {
  let t: TestDatabase;
  let p: TestProcedure;
  const actor: Actor = { kind: "officer", id: null, name: "Nguyễn Thị Thu Hà", ip: "10.0.0.8" };
  beforeAll(async () => {
    t = await createTestDatabase();
    p = await insertTestProcedure(t.db);
  });
  afterAll(() => t?.drop());

  async function dossierWithHistory(ref: string, code: string) {
    const head = await t.db
      .insertInto("dossiers")
      .values({
        reference: ref,
        code,
        procedure_id: p.procedureId,
        procedure_version_id: p.versionId,
        rule_set_code: DEFAULT_RULE_SET_CODE,
        receiving_unit_id: p.unitId,
        status: 2,
        channel: "counter",
        applicant: JSON.stringify({ type: "citizen", name: "Lê Văn Cường" }),
        data: JSON.stringify({}),
        submitted_at: T0,
      })
      .returning(["id", "last_event_seq", "last_event_hash"])
      .executeTakeFirstOrThrow();
    await appendEvent(t.db, head, actor, { type: "submitted", at: T0, toStatus: 1 });
    await appendEvent(t.db, head, actor, { type: "received", at: T0, fromStatus: 1, toStatus: 2 });
    await appendEvent(t.db, head, actor, { type: "assigned", at: T0, fromStatus: 2, toStatus: 4, data: { to: "x" } });
    return head.id;
  }

  it("reports OK with the number of events, then names the first broken link of a tampered event", async () => {
    const a = await dossierWithHistory("HS-OPS-A", `${p.unitCode}-260316-0001`);
    const b = await dossierWithHistory("HS-OPS-B", `${p.unitCode}-260316-0002`);
    const ok = await verifyChainReport(t.db);
    expect(ok.exitCode).toBe(0);
    expect(ok.output).toBe("OK: 6 events verified (all dossiers)");
    expect((await verifyChainReport(t.db, a)).output).toBe(`OK: 3 events verified (dossier ${a})`);

    // Someone edits the second event of dossier B directly in the database.
    await t.db
      .updateTable("dossier_events")
      .set({ data: JSON.stringify({ note: "sửa lén" }) })
      .where("dossier_id", "=", b)
      .where("seq", "=", 2)
      .execute();
    const broken = await verifyChainReport(t.db);
    expect(broken.exitCode).toBe(1);
    expect(broken.output).toContain(`dossier: ${b}`);
    expect(broken.output).toContain(`code:    ${p.unitCode}-260316-0002`);
    expect(broken.output).toContain("seq:     2");
    expect(broken.output).toContain("reason:  hash_mismatch");
    // Dossier A alone is still intact.
    expect((await verifyChainReport(t.db, a)).exitCode).toBe(0);

    // A deleted last event is caught by the head check.
    await t.db.deleteFrom("dossier_events").where("dossier_id", "=", a).where("seq", "=", 3).execute();
    const cut = await verifyChainReport(t.db, a);
    expect(cut.exitCode).toBe(1);
    expect(cut.output).toContain("seq:     3");
    expect(cut.output).toContain("head_mismatch");

    expect((await verifyChainReport(t.db, "not-a-uuid")).exitCode).toBe(2);
    expect((await verifyChainReport(t.db, "00000000-0000-4000-8000-000000000000")).exitCode).toBe(2);
  });

  it("creates an officer with a generated password and a TOTP URI that work for login, and refuses bad input", async () => {
    const deps = { db: t.db, now: () => new Date() } as unknown as Deps;
    const o = await createOfficer(deps, {
      username: "Chuyenvien.Moi",
      name: "Chuyên viên Mới",
      unitCode: p.unitCode,
      roles: ["specialist"],
    });
    expect(o.username).toBe("chuyenvien.moi");
    expect(o.password).toMatch(/^.{16}$/);
    expect(o.totpUri).toMatch(/^otpauth:\/\/totp\/motcua:chuyenvien\.moi\?/);
    const row = await t.db
      .selectFrom("officers")
      .select(["password_hash", "totp_secret", "roles", "unit_id"])
      .where("username", "=", "chuyenvien.moi")
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.password_hash, o.password)).toBe(true);
    expect(await verifyPassword(row.password_hash, `${o.password}x`)).toBe(false);
    expect(new URL(o.totpUri).searchParams.get("secret")).toBe(row.totp_secret);
    expect(row.roles).toEqual(["specialist"]);
    expect(row.unit_id).toBe(p.unitId);

    await expect(
      createOfficer(deps, { username: "chuyenvien.moi", name: "X", unitCode: p.unitCode, roles: ["specialist"] }),
    ).rejects.toMatchObject({ status: 422, fields: [{ path: "username" }] });
    await expect(
      createOfficer(deps, { username: "ok.name", name: "X", unitCode: "000.00.00.X00", roles: ["specialist"] }),
    ).rejects.toMatchObject({ fields: [{ path: "unitCode" }] });
    await expect(
      createOfficer(deps, { username: "ok.name", name: "X", unitCode: p.unitCode, roles: ["boss" as "leader"] }),
    ).rejects.toMatchObject({ fields: [{ path: "roles" }] });
  });
});

describe("demo officers", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({ now: T0 });
  });
  afterAll(async () => ctx?.close());

  it("seeds every demo account in its unit with its role, idempotently", async () => {
    const rows = await ctx.deps.db
      .selectFrom("officers")
      .innerJoin("units", "units.id", "officers.unit_id")
      .select(["officers.username", "officers.roles", "officers.totp_secret", "units.code"])
      .where(
        "officers.username",
        "in",
        DEMO_OFFICERS.map((o) => o.username),
      )
      .execute();
    expect(rows.length).toBe(DEMO_OFFICERS.length);
    for (const o of DEMO_OFFICERS) {
      const r = rows.find((x) => x.username === o.username)!;
      expect(r.code).toBe(o.unitCode);
      expect(r.roles).toEqual(o.roles);
      expect(r.totp_secret).toBe(o.totpSecret);
    }
    // Each of the four units has a receiving officer, a specialist and a leader; plus an administrator and a supervisor.
    const roles = new Set(DEMO_OFFICERS.flatMap((o) => o.roles.map((r) => `${o.unitCode}:${r}`)));
    for (const unit of new Set(DEMO_OFFICERS.filter((o) => o.roles[0] === "receiving").map((o) => o.unitCode)))
      for (const r of ["receiving", "specialist", "leader"]) expect(roles.has(`${unit}:${r}`)).toBe(true);
    expect(DEMO_OFFICERS.some((o) => o.roles.includes("admin"))).toBe(true);
    expect(DEMO_OFFICERS.some((o) => o.roles.includes("supervisor"))).toBe(true);
    expect(await seedDemoOfficers(ctx.deps)).toBe(0);
    expect(demoOfficerAccounts().every((a) => a.password === DEMO_PASSWORD)).toBe(true);
  });

  it("lets a tester sign in as a demo officer with the documented password and TOTP secret", async () => {
    const o = DEMO_OFFICERS.find((x) => x.username === "tiepnhan.tttphcc")!;
    const r1 = await ctx.app.inject({
      method: "POST",
      url: "/api/office/login",
      payload: { username: o.username, password: DEMO_PASSWORD },
    });
    expect(r1.statusCode).toBe(200);
    const r2 = await ctx.app.inject({
      method: "POST",
      url: "/api/office/login/otp",
      payload: { ticket: r1.json().ticket, code: codeAt(o.totpSecret, ctx.deps.now()) },
    });
    expect(r2.statusCode).toBe(200);
    expect(r2.json().officer).toMatchObject({ username: o.username, unitCode: o.unitCode, roles: ["receiving"] });
  });
});
