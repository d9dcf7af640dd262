import { type Static, Type } from "@sinclair/typebox";
import { sql } from "kysely";
import type { Role } from "../../domain/catalogue.js";
import type { Officer } from "../actors.js";
import type { Deps } from "../deps.js";
import type { SigningMethod } from "../signing/keys.js";
import { AppError, type FieldError, forbidden, invalidInput, notFound, parseInput } from "../errors.js";
import { clearAccount, type ThrottledAccount, throttledAccounts } from "../login-throttle.js";
import { ALL_ROLES, auditOfficer, createOfficer, generatePassword, hashPassword } from "../officers.js";

/**
 * Administration of officer accounts (issue #9), for the administrator role: list and find, create, edit name, title,
 * e-mail, unit and roles, disable and enable, lift sign-in delays ("unlock"), reset the password and second factor
 * (a temporary password shown once; the officer chooses a new password and enrols a new authenticator at the next
 * sign-in), and the account's last sign-ins. Every change is audited (`officer.*` actions in `audit_log`).
 *
 * An administrator never changes their own rights: their own roles, unit and active state, and their own reset, are
 * refused (another administrator does it), so nobody can administer themselves into more rights or out of the audit.
 */

export const OFFICER_ADMINS: Role[] = ["admin"];

export function authoriseOfficerAdmin(officer: Pick<Officer, "roles">): void {
  if (!officer.roles.some((r) => OFFICER_ADMINS.includes(r)))
    throw forbidden("forbidden", {
      vi: "Chỉ quản trị viên được quản lý tài khoản cán bộ.",
      en: "Only administrators manage officer accounts.",
    });
}

const SELF = {
  vi: "Không thể tự thay đổi quyền, đơn vị, trạng thái hay cấp lại mật khẩu cho chính mình; hãy nhờ một quản trị viên khác.",
  en: "You cannot change your own rights, unit or state, or reset your own account; ask another administrator.",
};
const NO_OFFICER = { vi: "Không tìm thấy cán bộ.", en: "Officer not found." };

export interface OfficerSummary {
  id: string;
  username: string;
  name: string;
  title: string | null;
  email: string | null;
  unitCode: string;
  unitName: string;
  roles: Role[];
  active: boolean;
  mustChangePassword: boolean;
  hasSecondFactor: boolean;
  /** How the officer signs documents (issue #7): remote (signing service), local (PKCS#12 key) or none. */
  signingMethod: SigningMethod | "none";
  /** The officer's account at the remote signing service; null = their username. */
  signingCredential: string | null;
  createdAt: Date;
  lastLoginAt: Date | null;
}

export interface OfficerDetail extends OfficerSummary {
  lastLogins: Array<{ at: Date; ip: string | null }>;
  /** A sign-in delay in force now, if any. */
  throttled: ThrottledAccount | null;
}

const lastLoginAt = sql<Date | null>`(select max(a.at) from audit_log a where a.actor_id = o.id and a.action = 'officer.login')`;

function baseQuery(deps: Deps) {
  return deps.db
    .selectFrom("officers as o")
    .innerJoin("units as u", "u.id", "o.unit_id")
    .select([
      "o.id",
      "o.username",
      "o.name",
      "o.title",
      "o.email",
      "o.roles",
      "o.active",
      "o.must_change_password",
      "o.created_at",
      "o.signing_method",
      "o.signing_credential",
      "u.code as unit_code",
      "u.name as unit_name",
      sql<boolean>`o.totp_secret is not null`.as("has_totp"),
      lastLoginAt.as("last_login_at"),
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>["executeTakeFirstOrThrow"]>>;
const summary = (r: Row): OfficerSummary => ({
  id: r.id,
  username: r.username,
  name: r.name,
  title: r.title,
  email: r.email,
  unitCode: r.unit_code,
  unitName: r.unit_name,
  roles: r.roles as Role[],
  active: r.active,
  mustChangePassword: r.must_change_password,
  hasSecondFactor: r.has_totp,
  signingMethod: r.signing_method ?? "none",
  signingCredential: r.signing_credential,
  createdAt: r.created_at,
  lastLoginAt: r.last_login_at ? new Date(r.last_login_at) : null,
});

export const OfficerFilter = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: "Part of the username or name (accents ignored)" })),
  unitCode: Type.Optional(Type.String({ maxLength: 40 })),
  role: Type.Optional(Type.Union(ALL_ROLES.map((r) => Type.Literal(r)))),
  state: Type.Optional(Type.Union([Type.Literal("active"), Type.Literal("disabled"), Type.Literal("all")])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
});
export type OfficerFilter = Static<typeof OfficerFilter>;

export async function listOfficers(
  deps: Deps,
  admin: Pick<Officer, "roles">,
  filter: OfficerFilter = {},
): Promise<{ total: number; items: OfficerSummary[] }> {
  authoriseOfficerAdmin(admin);
  let q = baseQuery(deps);
  const text = filter.q?.trim();
  if (text)
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(o.username)`, "like", `%${text.toLowerCase().replace(/[%_\\]/g, "\\$&")}%`),
        eb(sql`vn_fold(o.name)`, "like", sql`'%' || vn_fold(${text}) || '%'`),
      ]),
    );
  if (filter.unitCode) q = q.where("u.code", "=", filter.unitCode);
  if (filter.role) q = q.where(sql<boolean>`o.roles @> ${JSON.stringify([filter.role])}::jsonb`);
  const state = filter.state ?? "all";
  if (state !== "all") q = q.where("o.active", "=", state === "active");
  const total = await deps.db
    .selectFrom(q.as("x"))
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  const rows = await q
    .orderBy("u.code")
    .orderBy("o.username")
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0)
    .execute();
  return { total: total.n, items: rows.map(summary) };
}

export async function getOfficerDetail(deps: Deps, admin: Pick<Officer, "roles">, id: string): Promise<OfficerDetail> {
  authoriseOfficerAdmin(admin);
  const row = await baseQuery(deps).where("o.id", "=", id).executeTakeFirst();
  if (!row) throw notFound("not_found", NO_OFFICER);
  const logins = await deps.db
    .selectFrom("audit_log")
    .select(["at", "ip"])
    .where("actor_id", "=", id)
    .where("action", "=", "officer.login")
    .orderBy("at", "desc")
    .limit(10)
    .execute();
  const throttled = (await throttledAccounts(deps)).find((t) => t.username === row.username) ?? null;
  return { ...summary(row), lastLogins: logins.map((l) => ({ at: l.at, ip: l.ip })), throttled };
}

const Roles = Type.Array(Type.Union(ALL_ROLES.map((r) => Type.Literal(r))), { minItems: 1, maxItems: 5 });

export const NewOfficerInput = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 50 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  title: Type.Optional(Type.String({ maxLength: 200 })),
  email: Type.Optional(Type.String({ maxLength: 200 })),
  unitCode: Type.String({ minLength: 1, maxLength: 40 }),
  roles: Roles,
});
export type NewOfficerInput = Static<typeof NewOfficerInput>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
function checkEmail(fields: FieldError[], email: string | undefined) {
  if (email && !EMAIL.test(email))
    fields.push({
      path: "email",
      text: { vi: "Địa chỉ thư điện tử không hợp lệ.", en: "Not a valid e-mail address." },
    });
}

/** Creates an account; answers it with its initial password and authenticator secret (shown once). */
export async function adminCreateOfficer(
  deps: Deps,
  admin: Officer,
  raw: unknown,
  ctx: { ip?: string | null } = {},
): Promise<{ officer: OfficerSummary; password: string; totpUri: string }> {
  authoriseOfficerAdmin(admin);
  const input = parseInput(NewOfficerInput, raw);
  const created = await createOfficer(
    deps,
    {
      username: input.username,
      name: input.name,
      title: input.title?.trim() || undefined,
      email: input.email?.trim() || undefined,
      unitCode: input.unitCode,
      roles: input.roles,
    },
    { id: admin.id, unitId: admin.unitId, ip: ctx.ip ?? null },
  );
  // The new account must choose its own password at its first sign-in, like a reset one.
  await deps.db.updateTable("officers").set({ must_change_password: true }).where("id", "=", created.id).execute();
  const row = await baseQuery(deps).where("o.id", "=", created.id).executeTakeFirstOrThrow();
  return { officer: summary(row), password: created.password, totpUri: created.totpUri };
}

export const OfficerChanges = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  title: Type.Optional(Type.String({ maxLength: 200 })),
  email: Type.Optional(Type.String({ maxLength: 200 })),
  unitCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  roles: Type.Optional(Roles),
  signingMethod: Type.Optional(
    Type.Union([Type.Literal("remote"), Type.Literal("local"), Type.Literal("none")], {
      description: "remote: the officer's credential at the remote signing service (OTP); local: a PKCS#12 key",
    }),
  ),
  signingCredential: Type.Optional(
    Type.String({ maxLength: 100, description: "The account at the remote signing service (empty: the username)" }),
  ),
});
export type OfficerChanges = Static<typeof OfficerChanges>;

async function loadTarget(deps: Deps, id: string) {
  const t = await deps.db
    .selectFrom("officers")
    .select([
      "id",
      "username",
      "name",
      "title",
      "email",
      "unit_id",
      "roles",
      "active",
      "signing_method",
      "signing_credential",
    ])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!t) throw notFound("not_found", NO_OFFICER);
  return t;
}

/** Edits an account. Roles and unit changes of one's own account are refused. */
export async function updateOfficer(
  deps: Deps,
  admin: Officer,
  id: string,
  raw: unknown,
  ctx: { ip?: string | null } = {},
): Promise<OfficerSummary> {
  authoriseOfficerAdmin(admin);
  const input = parseInput(OfficerChanges, raw);
  const target = await loadTarget(deps, id);
  const fields: FieldError[] = [];
  const set: {
    name?: string;
    title?: string | null;
    email?: string | null;
    unit_id?: string;
    roles?: string;
    signing_method?: SigningMethod | null;
    signing_credential?: string | null;
  } = {};
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (input.name !== undefined && input.name.trim() !== target.name) {
    if (!input.name.trim())
      fields.push({ path: "name", text: { vi: "Bắt buộc nhập họ tên", en: "The full name is required" } });
    set.name = input.name.trim();
    changes.name = { from: target.name, to: set.name };
  }
  if (input.title !== undefined && (input.title.trim() || null) !== target.title) {
    set.title = input.title.trim() || null;
    changes.title = { from: target.title, to: set.title };
  }
  if (input.email !== undefined && (input.email.trim() || null) !== target.email) {
    checkEmail(fields, input.email.trim() || undefined);
    set.email = input.email.trim() || null;
    changes.email = { from: target.email, to: set.email };
  }
  const rightsChange =
    (input.unitCode !== undefined &&
      (await deps.db.selectFrom("units").select("id").where("code", "=", input.unitCode).executeTakeFirst())?.id !==
        target.unit_id) ||
    (input.roles !== undefined &&
      [...new Set(input.roles)].sort().join(",") !== [...(target.roles as string[])].sort().join(","));
  if (rightsChange && target.id === admin.id) throw new AppError(403, "own_rights", SELF);
  if (input.unitCode !== undefined) {
    const unit = await deps.db
      .selectFrom("units")
      .select(["id", "code"])
      .where("code", "=", input.unitCode)
      .executeTakeFirst();
    if (!unit)
      fields.push({
        path: "unitCode",
        text: { vi: `Không có đơn vị mã ${input.unitCode}`, en: `No unit has the code ${input.unitCode}` },
      });
    else if (unit.id !== target.unit_id) {
      set.unit_id = unit.id;
      changes.unit = { from: target.unit_id, to: unit.id };
    }
  }
  if (input.roles !== undefined) {
    const roles = [...new Set(input.roles)];
    if ([...roles].sort().join(",") !== [...(target.roles as string[])].sort().join(",")) {
      set.roles = JSON.stringify(roles);
      changes.roles = { from: target.roles, to: roles };
    }
  }
  if (input.signingMethod !== undefined) {
    const method = input.signingMethod === "none" ? null : input.signingMethod;
    if (method !== target.signing_method) {
      set.signing_method = method;
      changes.signingMethod = { from: target.signing_method, to: method };
    }
  }
  if (input.signingCredential !== undefined && (input.signingCredential.trim() || null) !== target.signing_credential) {
    set.signing_credential = input.signingCredential.trim() || null;
    changes.signingCredential = { from: target.signing_credential, to: set.signing_credential };
  }
  if (fields.length) throw invalidInput(fields);
  if (Object.keys(set).length) {
    await deps.db.transaction().execute(async (tx) => {
      await tx.updateTable("officers").set(set).where("id", "=", id).execute();
      await auditOfficer(
        deps,
        {
          action: "officer.updated",
          actorId: admin.id,
          unitId: admin.unitId,
          target: target.username,
          ip: ctx.ip ?? null,
          data: { officerId: id, changes },
        },
        tx,
      );
    });
  }
  return summary(await baseQuery(deps).where("o.id", "=", id).executeTakeFirstOrThrow());
}

/** Disables (every session ends at once) or enables an account. Never one's own. */
export async function setOfficerActive(
  deps: Deps,
  admin: Officer,
  id: string,
  active: boolean,
  ctx: { ip?: string | null } = {},
): Promise<OfficerSummary> {
  authoriseOfficerAdmin(admin);
  const target = await loadTarget(deps, id);
  if (target.id === admin.id) throw new AppError(403, "own_rights", SELF);
  if (target.active !== active) {
    await deps.db.transaction().execute(async (tx) => {
      await tx.updateTable("officers").set({ active }).where("id", "=", id).execute();
      if (!active) await tx.deleteFrom("sessions").where("account_id", "=", id).where("kind", "=", "officer").execute();
      await auditOfficer(
        deps,
        {
          action: active ? "officer.enabled" : "officer.disabled",
          actorId: admin.id,
          unitId: admin.unitId,
          target: target.username,
          ip: ctx.ip ?? null,
          data: { officerId: id },
        },
        tx,
      );
    });
  }
  return summary(await baseQuery(deps).where("o.id", "=", id).executeTakeFirstOrThrow());
}

/** Lifts every sign-in delay on an account (an officer locked out by mistyping, or after an attack has ended). */
export async function unlockOfficer(
  deps: Deps,
  admin: Officer,
  id: string,
  ctx: { ip?: string | null } = {},
): Promise<{ cleared: number }> {
  authoriseOfficerAdmin(admin);
  const target = await loadTarget(deps, id);
  const cleared = await clearAccount(deps, target.username);
  await auditOfficer(deps, {
    action: "officer.unlocked",
    actorId: admin.id,
    unitId: admin.unitId,
    target: target.username,
    ip: ctx.ip ?? null,
    data: { officerId: id, cleared },
  });
  return { cleared };
}

/**
 * Resets the password and the second factor: a temporary password (answered once, never stored in clear), the
 * authenticator forgotten, every session ended. At the next sign-in the officer gives the temporary password, enrols
 * a new authenticator and chooses a new password.
 */
export async function resetOfficerCredentials(
  deps: Deps,
  admin: Officer,
  id: string,
  ctx: { ip?: string | null } = {},
): Promise<{ username: string; temporaryPassword: string }> {
  authoriseOfficerAdmin(admin);
  const target = await loadTarget(deps, id);
  if (target.id === admin.id) throw new AppError(403, "own_rights", SELF);
  const temporaryPassword = generatePassword();
  const password_hash = await hashPassword(temporaryPassword);
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .updateTable("officers")
      .set({ password_hash, totp_secret: null, must_change_password: true })
      .where("id", "=", id)
      .execute();
    await tx.deleteFrom("sessions").where("account_id", "=", id).execute();
    await auditOfficer(
      deps,
      {
        action: "officer.reset",
        actorId: admin.id,
        unitId: admin.unitId,
        target: target.username,
        ip: ctx.ip ?? null,
        data: { officerId: id },
      },
      tx,
    );
  });
  await clearAccount(deps, target.username);
  return { username: target.username, temporaryPassword };
}

/** Accounts with a sign-in delay in force (for the operations page). */
export async function lockedAccounts(deps: Deps, admin: Pick<Officer, "roles">): Promise<ThrottledAccount[]> {
  authoriseOfficerAdmin(admin);
  return throttledAccounts(deps);
}
