import { randomBytes, randomInt } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { Secret, TOTP } from "otpauth";
import type { Role } from "../domain/catalogue.js";
import type { LText } from "../shared/text.js";
import type { Deps } from "./deps.js";
import { type FieldError, invalidInput } from "./errors.js";
import * as throttle from "./login-throttle.js";
import { createSession, destroySession, findSession } from "./sessions.js";

/**
 * Officer accounts and their two-step login: password (argon2id) then a TOTP code (RFC 6238: 30 s, 6 digits,
 * ±1 step). Failures (either step) are throttled per account and source with growing delays (./login-throttle.ts),
 * never locking an officer out from elsewhere; an unknown username gets the very same answers and the same
 * throttling, so nothing tells whether an account exists.
 *
 * Bookkeeping rows live in the `sessions` table with kind "pending" (they expire like sessions):
 * - the login ticket between the two steps (id = hash of the ticket token, data.purpose = "officer-login");
 * - a used TOTP step (id = "totp-used:<officer>:<step>"), so a code cannot be replayed within its window;
 * - the failure counters (id = "login-throttle:<sha256(key)>", see ./login-throttle.ts).
 */

/** Time allowed between the password step and the code step. */
export const LOGIN_TICKET_TTL = 5 * 60;
export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
export const TOTP_WINDOW = 1;
export const TOTP_ISSUER = "motcua";
export const ALL_ROLES: Role[] = ["receiving", "specialist", "leader", "admin", "supervisor"];

// ---------------------------------------------------------------------------------------------------------------
// Passwords and TOTP

/** argon2id with the library's defaults (19 MiB, 2 passes: the OWASP minimum). */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 /* Argon2id */ });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // malformed hash (e.g. an account without a usable password)
  }
}

let dummyHash: Promise<string> | undefined;
/** Spends the same work as a real check, so an unknown username answers as slowly as a wrong password. */
async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  await verifyPassword(await dummyHash, password);
}

/** A new random TOTP secret (160 bits, base32). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, username = "officer"): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: username,
    secret: Secret.fromBase32(secret),
    algorithm: "SHA1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD,
  });
}

/** The otpauth:// URI an authenticator app scans. */
export function totpUri(username: string, secret: string): string {
  return totp(secret, username).toString();
}

/** The code valid at `at` (for the dev CLI and tests). */
export function totpCode(secret: string, at: Date): string {
  return totp(secret).generate({ timestamp: at.getTime() });
}

/** The time step a code belongs to, if it is valid at `at` within ±1 step; undefined otherwise. */
export function totpStep(secret: string, code: string, at: Date): number | undefined {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return undefined;
  const delta = totp(secret).validate({ token, timestamp: at.getTime(), window: TOTP_WINDOW });
  if (delta === null) return undefined;
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD) + delta;
}

export const MIN_PASSWORD_LENGTH = 10;

/** Why a new password is refused (too short, not confirmed, or the one being replaced), if it is. */
export async function newPasswordProblem(
  oldHash: string,
  password: string,
  confirmation: string,
): Promise<{ field: "newPassword" | "newPassword2"; text: LText } | undefined> {
  if (password.length < MIN_PASSWORD_LENGTH)
    return {
      field: "newPassword",
      text: {
        vi: `Mật khẩu mới tối thiểu ${MIN_PASSWORD_LENGTH} ký tự.`,
        en: `The new password needs at least ${MIN_PASSWORD_LENGTH} characters.`,
      },
    };
  if (password !== confirmation)
    return {
      field: "newPassword2",
      text: { vi: "Hai lần nhập mật khẩu mới không khớp.", en: "The two entries of the new password differ." },
    };
  if (await verifyPassword(oldHash, password))
    return {
      field: "newPassword",
      text: {
        vi: "Mật khẩu mới phải khác mật khẩu tạm thời.",
        en: "The new password must differ from the temporary one.",
      },
    };
  return undefined;
}

/** A readable random password: 16 characters from an alphabet without look-alikes, with each class present. */
export function generatePassword(): string {
  const sets = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "@#%+=!?"];
  const all = sets.join("");
  const chars = sets.map((s) => s[randomInt(s.length)]);
  while (chars.length < 16) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join("");
}

// ---------------------------------------------------------------------------------------------------------------
// Audit

export interface AuditEntry {
  action: string;
  actorId?: string | null;
  unitId?: string | null;
  target?: string | null;
  ip?: string | null;
  data?: Record<string, unknown>;
}

/** Writes an officer's action to the audit log (in `db`, a transaction, when the action is part of one). */
export async function auditOfficer(
  deps: Deps,
  e: AuditEntry,
  db: Pick<Deps["db"], "insertInto"> = deps.db,
): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      at: deps.now(),
      actor_kind: "officer",
      actor_id: e.actorId ?? null,
      unit_id: e.unitId ?? null,
      action: e.action,
      target: e.target ?? null,
      ip: e.ip ?? null,
      data: JSON.stringify(e.data ?? {}),
    })
    .execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Login

export type LoginFailure =
  | { ok: false; reason: "invalid" | "expired" }
  /** Too many failures from this source (or device) for this account: wait `retryAfter` seconds. */
  | { ok: false; reason: "throttled"; retryAfter: number }
  /** The account is under attack from elsewhere: an unknown device signs in with password and code together. */
  | { ok: false; reason: "needs_code"; retryAfter: number };
export type PasswordStepResult =
  | { ok: true; next: "otp"; ticket: string }
  | { ok: true; next: "enrol"; ticket: string; secret: string; uri: string }
  /** Password and second factor were given together and both are right: start the session. */
  | { ok: true; next: "done"; officerId: string }
  | LoginFailure;
export type CodeStepResult =
  | { ok: true; officerId: string }
  | LoginFailure
  /** The account was reset by an administrator: a new password (with its confirmation) must come with the code. */
  | { ok: false; reason: "new_password"; field: "newPassword" | "newPassword2"; text: LText };

interface OfficerRow {
  id: string;
  username: string;
  unit_id: string;
  password_hash: string;
  totp_secret: string | null;
  active: boolean;
}

const normaliseUsername = (u: string) => u.trim().toLowerCase();

async function findOfficer(deps: Deps, username: string): Promise<OfficerRow | undefined> {
  return deps.db
    .selectFrom("officers")
    .select(["id", "username", "unit_id", "password_hash", "totp_secret", "active"])
    .where("username", "=", normaliseUsername(username))
    .executeTakeFirst();
}

/** Where an attempt comes from: the officer's known device when it proved one, else the client address. */
export interface LoginSource {
  ip: string | null;
  /** The id of a known device (a signed cookie set after an earlier full sign-in), with the account it belongs to. */
  device?: { id: string; officerId: string };
}

const sourceOf = (src: LoginSource, officerId: string | undefined) =>
  src.device && officerId && src.device.officerId === officerId ? `device:${src.device.id}` : `ip:${src.ip ?? "-"}`;
const knownDevice = (src: LoginSource, officerId: string | undefined) =>
  !!(src.device && officerId && src.device.officerId === officerId);

/** Counts a failed attempt against the account and source, and audits it. */
async function countFailure(
  deps: Deps,
  who: { username: string; officer?: OfficerRow },
  source: string,
  ip: string | null,
  data: Record<string, unknown>,
): Promise<void> {
  const bySource = await throttle.countFailure(
    deps,
    throttle.sourceKey(who.username, source),
    throttle.SOURCE_FREE_FAILURES,
    who.username,
  );
  const byAccount = await throttle.countFailure(
    deps,
    throttle.accountKey(who.username),
    throttle.ACCOUNT_FREE_FAILURES,
    who.username,
  );
  await auditOfficer(deps, {
    action: "officer.login_failed",
    actorId: who.officer?.id ?? null,
    unitId: who.officer?.unit_id ?? null,
    target: who.username.slice(0, 100),
    ip,
    data: { ...data, ...(who.officer ? {} : { unknownUser: true }) },
  });
  if (bySource.waitSeconds > 0 || byAccount.waitSeconds > 0)
    await auditOfficer(deps, {
      action: "officer.login_throttled",
      actorId: who.officer?.id ?? null,
      unitId: who.officer?.unit_id ?? null,
      target: who.username.slice(0, 100),
      ip,
      data: {
        source: source.startsWith("device:") ? "device" : "address",
        sourceFailures: bySource.failures,
        sourceWaitSeconds: bySource.waitSeconds,
        accountFailures: byAccount.failures,
        accountWaitSeconds: byAccount.waitSeconds,
      },
    });
}

async function refuseThrottled(
  deps: Deps,
  who: { username: string; officer?: OfficerRow },
  ip: string | null,
  stage: string,
  failure: LoginFailure,
): Promise<LoginFailure> {
  await auditOfficer(deps, {
    action: "officer.login_failed",
    actorId: who.officer?.id ?? null,
    unitId: who.officer?.unit_id ?? null,
    target: who.username.slice(0, 100),
    ip,
    data: { stage, reason: failure.reason },
  });
  return failure;
}

/**
 * Step 1: username and password. On success returns a short-lived ticket for step 2 (and, for an officer without
 * a TOTP secret yet, a fresh secret to enrol). Unknown user and wrong password give the same answer, and are
 * throttled the same way. When the account is throttled for unknown devices, `code` (the second factor) must come
 * with the password; both right starts the session at once (`next: "done"`).
 */
export async function loginWithPassword(
  deps: Deps,
  input: { username: string; password: string; code?: string; ip?: string | null; device?: LoginSource["device"] },
): Promise<PasswordStepResult> {
  const ip = input.ip ?? null;
  const now = deps.now();
  const username = normaliseUsername(input.username ?? "");
  const found = username ? await findOfficer(deps, username) : undefined;
  const o = found?.active ? found : undefined;
  const who = { username, officer: o };
  const src: LoginSource = { ip, device: input.device };
  const source = sourceOf(src, o?.id);
  const bySource = await throttle.throttleState(deps, throttle.sourceKey(username, source));
  if (bySource.waitSeconds > 0)
    return refuseThrottled(deps, who, ip, "password", {
      ok: false,
      reason: "throttled",
      retryAfter: bySource.waitSeconds,
    });
  const code = (input.code ?? "").trim();
  if (!knownDevice(src, o?.id)) {
    const byAccount = await throttle.throttleState(deps, throttle.accountKey(username));
    if (byAccount.waitSeconds > 0 && !code)
      return refuseThrottled(deps, who, ip, "password", {
        ok: false,
        reason: "needs_code",
        retryAfter: byAccount.waitSeconds,
      });
  }
  if (!o) {
    await burnPasswordCheck(input.password ?? "");
    if (username) await countFailure(deps, who, source, ip, { stage: "password", reason: "unknown_user" });
    return { ok: false, reason: "invalid" };
  }
  const passwordOk = await verifyPassword(o.password_hash, input.password ?? "");
  if (code) {
    // Password and code together: one answer for either being wrong, so neither can be guessed alone.
    const step = o.totp_secret && passwordOk ? totpStep(o.totp_secret, code, now) : undefined;
    const fresh = step !== undefined && (await claimTotpStep(deps, o.id, step));
    if (!passwordOk || !fresh) {
      await countFailure(deps, who, source, ip, { stage: "password+otp", reason: "wrong_password_or_code" });
      return { ok: false, reason: "invalid" };
    }
    await completeLogin(deps, o, source, ip);
    return { ok: true, next: "done", officerId: o.id };
  }
  if (!passwordOk) {
    await countFailure(deps, who, source, ip, { stage: "password", reason: "wrong_password" });
    return { ok: false, reason: "invalid" };
  }
  const enrolSecret = o.totp_secret ? undefined : newTotpSecret();
  const ticket = await createSession(deps.db, {
    kind: "pending",
    accountId: o.id,
    data: { purpose: "officer-login", enrolSecret, source },
    ttlSeconds: LOGIN_TICKET_TTL,
    now,
  });
  if (enrolSecret)
    return { ok: true, next: "enrol", ticket, secret: enrolSecret, uri: totpUri(o.username, enrolSecret) };
  return { ok: true, next: "otp", ticket };
}

/** A full sign-in: the counters of this account and source start again, and the login is audited. */
async function completeLogin(deps: Deps, o: OfficerRow, source: string, ip: string | null) {
  await throttle.clearFailures(deps, throttle.sourceKey(o.username, source), throttle.accountKey(o.username));
  await auditOfficer(deps, { action: "officer.login", actorId: o.id, unitId: o.unit_id, target: o.username, ip });
}

export interface LoginTicket {
  officerId: string;
  username: string;
  enrolSecret?: string;
  /** The source (address or known device) the password step came from: the code step is counted against it. */
  source?: string;
  /** An administrator reset the account: the officer chooses a new password with the code. */
  mustChangePassword: boolean;
}

/** What a ticket stands for (to render the code page), if it is still valid. */
export async function readLoginTicket(deps: Deps, ticket: string | undefined): Promise<LoginTicket | undefined> {
  const s = await findSession(deps.db, ticket, "pending", deps.now());
  if (!s?.accountId || s.data.purpose !== "officer-login") return undefined;
  const o = await deps.db
    .selectFrom("officers")
    .select(["username", "must_change_password"])
    .where("id", "=", s.accountId)
    .executeTakeFirst();
  if (!o) return undefined;
  const enrolSecret = typeof s.data.enrolSecret === "string" ? s.data.enrolSecret : undefined;
  const source = typeof s.data.source === "string" ? s.data.source : undefined;
  return {
    officerId: s.accountId,
    username: o.username,
    enrolSecret,
    source,
    mustChangePassword: o.must_change_password,
  };
}

/** Marks a TOTP step as used by an officer; false when it already was (a replay). */
async function claimTotpStep(deps: Deps, officerId: string, step: number): Promise<boolean> {
  const now = deps.now();
  const row = await deps.db
    .insertInto("sessions")
    .values({
      id: `totp-used:${officerId}:${step}`,
      kind: "pending",
      account_id: officerId,
      data: JSON.stringify({ purpose: "totp-used", step }),
      created_at: now,
      last_seen_at: now,
      // After the step's window has passed the code is refused anyway.
      expires_at: new Date((step + TOTP_WINDOW + 1) * TOTP_PERIOD * 1000),
    })
    .onConflict((oc) => oc.column("id").doNothing())
    .returning("id")
    .executeTakeFirst();
  return !!row;
}

/**
 * Step 2: the TOTP code for the ticket (or, when enrolling, the first code of the new secret, which is then saved).
 * Returns the officer to start a session for. A wrong or replayed code counts as a failed login.
 */
export async function loginWithCode(
  deps: Deps,
  input: { ticket: string | undefined; code: string; ip?: string | null; newPassword?: string; newPassword2?: string },
): Promise<CodeStepResult> {
  const ip = input.ip ?? null;
  const now = deps.now();
  const t = await readLoginTicket(deps, input.ticket);
  if (!t) return { ok: false, reason: "expired" };
  const o = await deps.db
    .selectFrom("officers")
    .select(["id", "username", "unit_id", "password_hash", "totp_secret", "active", "must_change_password"])
    .where("id", "=", t.officerId)
    .executeTakeFirst();
  if (!o?.active) {
    await destroySession(deps.db, input.ticket);
    return { ok: false, reason: "expired" };
  }
  const who = { username: o.username, officer: o };
  const source = t.source ?? `ip:${ip ?? "-"}`;
  const bySource = await throttle.throttleState(deps, throttle.sourceKey(o.username, source));
  if (bySource.waitSeconds > 0) {
    await destroySession(deps.db, input.ticket);
    return refuseThrottled(deps, who, ip, "otp", { ok: false, reason: "throttled", retryAfter: bySource.waitSeconds });
  }
  const secret = o.totp_secret ?? t.enrolSecret;
  if (!secret) return { ok: false, reason: "expired" };
  // A reset account: the new password is checked before the code, so a mistyped password does not spend the code.
  let newHash: string | undefined;
  if (o.must_change_password) {
    const bad = await newPasswordProblem(o.password_hash, input.newPassword ?? "", input.newPassword2 ?? "");
    if (bad) return { ok: false, reason: "new_password", ...bad };
    newHash = await hashPassword(input.newPassword ?? "");
  }
  const step = totpStep(secret, input.code ?? "", now);
  const fresh = step !== undefined && (await claimTotpStep(deps, o.id, step));
  if (!fresh) {
    await countFailure(deps, who, source, ip, {
      stage: "otp",
      reason: step === undefined ? "wrong_code" : "replayed_code",
    });
    return { ok: false, reason: "invalid" };
  }
  await destroySession(deps.db, input.ticket);
  if (newHash) {
    await deps.db
      .updateTable("officers")
      .set({ password_hash: newHash, must_change_password: false })
      .where("id", "=", o.id)
      .execute();
    await auditOfficer(deps, {
      action: "officer.password_changed",
      actorId: o.id,
      unitId: o.unit_id,
      target: o.username,
      ip,
    });
  }
  if (!o.totp_secret) {
    await deps.db
      .updateTable("officers")
      .set({ totp_secret: secret })
      .where("id", "=", o.id)
      .where("totp_secret", "is", null)
      .execute();
    await auditOfficer(deps, {
      action: "officer.totp_enrolled",
      actorId: o.id,
      unitId: o.unit_id,
      target: o.username,
      ip,
    });
  }
  await completeLogin(deps, o, source, ip);
  return { ok: true, officerId: o.id };
}

export async function recordLogout(
  deps: Deps,
  officer: { id: string; unitId: string; username: string },
  ip: string | null,
) {
  await auditOfficer(deps, {
    action: "officer.logout",
    actorId: officer.id,
    unitId: officer.unitId,
    target: officer.username,
    ip,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Accounts

export interface NewOfficer {
  username: string;
  name: string;
  unitCode: string;
  roles: Role[];
  title?: string;
  email?: string;
  /** Given password; generated when absent. */
  password?: string;
  /** Given TOTP secret; generated when absent. */
  totpSecret?: string;
}

/** Creates an officer account; returns the password (generated unless given) and the TOTP enrolment URI. */
export async function createOfficer(
  deps: Deps,
  input: NewOfficer,
  actor?: { id: string | null; unitId?: string | null; ip?: string | null },
): Promise<{ id: string; username: string; password: string; totpSecret: string; totpUri: string }> {
  const username = normaliseUsername(input.username);
  const fields: FieldError[] = [];
  const bad = (path: string, vi: string, en: string) => fields.push({ path, text: { vi, en } });
  if (!/^[a-z0-9][a-z0-9._-]{2,49}$/.test(username))
    bad(
      "username",
      "3–50 ký tự: chữ thường không dấu, số, dấu chấm, gạch",
      "3–50 characters: lower-case letters without accents, digits, dots, hyphens",
    );
  if (!input.name.trim()) bad("name", "Bắt buộc nhập họ tên", "The full name is required");
  if (input.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email))
    bad("email", "Địa chỉ thư điện tử không hợp lệ.", "Not a valid e-mail address.");
  const roles = [...new Set(input.roles)];
  if (roles.length === 0 || roles.some((r) => !ALL_ROLES.includes(r)))
    bad("roles", `Vai trò hợp lệ: ${ALL_ROLES.join(", ")}`, `Valid roles: ${ALL_ROLES.join(", ")}`);
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH)
    bad("password", "Mật khẩu tối thiểu 10 ký tự", "The password needs at least 10 characters");
  const unit = await deps.db.selectFrom("units").select(["id"]).where("code", "=", input.unitCode).executeTakeFirst();
  if (!unit) bad("unitCode", `Không có đơn vị mã ${input.unitCode}`, `No unit has the code ${input.unitCode}`);
  const taken = await deps.db.selectFrom("officers").select("id").where("username", "=", username).executeTakeFirst();
  if (taken) bad("username", "Tên đăng nhập đã được dùng", "This username is taken");
  if (fields.length || !unit) throw invalidInput(fields);
  const password = input.password ?? generatePassword();
  const totpSecret = input.totpSecret ?? newTotpSecret();
  const row = await deps.db
    .insertInto("officers")
    .values({
      username,
      name: input.name.trim(),
      title: input.title ?? null,
      email: input.email ?? null,
      unit_id: unit.id,
      roles: JSON.stringify(roles),
      password_hash: await hashPassword(password),
      totp_secret: totpSecret,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await deps.db
    .insertInto("audit_log")
    .values({
      at: deps.now(),
      actor_kind: actor?.id ? "officer" : "system",
      actor_id: actor?.id ?? null,
      unit_id: actor?.unitId ?? null,
      action: "officer.created",
      target: username,
      ip: actor?.ip ?? null,
      data: JSON.stringify({ officerId: row.id, unitCode: input.unitCode, roles }),
    })
    .execute();
  return { id: row.id, username, password, totpSecret, totpUri: totpUri(username, totpSecret) };
}
