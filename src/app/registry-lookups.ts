/**
 * Look-ups in the national population and business databases ("provide once", issue #7), for the e-form (a citizen
 * or business about themselves) and the counter intake (an officer about the applicant in front of them). Each
 * look-up goes through the registries adapter (signed REST; a tampered answer is refused there), is recorded with
 * who asked and why (`registry_lookups`; an officer's also in the audit log), and answers the applicant's data in the
 * shape of the account identity, so the e-form is filled by the same "provide once" prefill as from the account.
 * A submission or intake that relied on a successful look-up names it in its "submitted" event (`registryLookups`):
 * the procedure's components held by that database (Component.heldBy) are then not asked for, and the dossier counts
 * for 766 CITIZEN_DATA_CONNECTED_*. A registry down or untrusted is a clear 503: the applicant goes on by hand.
 */
import type { BusinessRecord, CitizenRecord } from "../adapters/registries/protocol.js";
import { RegistryError, registries } from "../adapters/registries/client.js";
import type { Component, Registry } from "../domain/catalogue.js";
import type { AccountIdentity } from "../shared/eform-validate.js";
import type { LText } from "../shared/text.js";
import type { Citizen, Officer } from "./actors.js";
import type { Deps } from "./deps.js";
import { AppError, fill } from "./errors.js";
import { auditOfficer } from "./officers.js";

/** The purpose of a look-up made in a procedure's e-form (a submission of that procedure relies on it). */
export const eformPurpose = (procedureCode: string) => `eform:${procedureCode}`;
/** The purpose of a look-up made at the counter. */
export const INTAKE_PURPOSE = "intake";

/** How long a successful look-up may back a submission or an intake. */
export const LOOKUP_VALID_MS = 24 * 3600_000;

const NAMES: Record<Registry, LText> = {
  population: { vi: "Cơ sở dữ liệu quốc gia về dân cư", en: "the national population database" },
  business: { vi: "Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp", en: "the national business registration database" },
};

const M = {
  unavailable: {
    vi: "Không kết nối được với {registry} lúc này. Bạn có thể tự nhập thông tin và đính kèm giấy tờ để tiếp tục.",
    en: "{registry} cannot be reached right now. You can type the details and attach the papers yourself to go on.",
  },
  untrusted: {
    vi: "Dữ liệu trả về từ {registry} không có chữ ký hợp lệ nên không được sử dụng. Bạn có thể tự nhập thông tin và đính kèm giấy tờ để tiếp tục.",
    en: "The answer from {registry} does not carry a valid signature, so it is not used. You can type the details and attach the papers yourself to go on.",
  },
  notConfigured: {
    vi: "Hệ thống chưa kết nối với {registry}. Bạn có thể tự nhập thông tin và đính kèm giấy tờ.",
    en: "The system is not connected to {registry}. You can type the details and attach the papers yourself.",
  },
  notFound: {
    vi: "{registry} không có thông tin của số “{subject}”. Vui lòng kiểm tra lại, hoặc tự nhập thông tin và đính kèm giấy tờ.",
    en: "{registry} holds nothing for “{subject}”. Check it, or type the details and attach the papers yourself.",
  },
  notYours: {
    vi: "Bạn chỉ được tra cứu thông tin của chính mình (số định danh cá nhân hoặc mã số doanh nghiệp của tài khoản).",
    en: "You may only look up your own data (your account's identity number or enterprise code).",
  },
  badSubject: {
    vi: "Số định danh cá nhân gồm 12 chữ số; mã số doanh nghiệp gồm 10 hoặc 13 chữ số.",
    en: "An identity number has 12 digits; an enterprise code 10 or 13 digits.",
  },
  intakeOnly: {
    vi: "Chỉ cán bộ tiếp nhận được tra cứu thông tin người nộp hồ sơ.",
    en: "Only a receiving officer may look up an applicant.",
  },
} satisfies Record<string, LText>;

export const registryText = { ...M, names: NAMES };

export interface LookupAnswer {
  id: string;
  registry: Registry;
  subject: string;
  /** The applicant's data as an account identity (the e-form's prefill sources). */
  identity: AccountIdentity;
  /** The record as the registry answered it. */
  record: CitizenRecord | BusinessRecord;
}

const SUBJECT: Record<Registry, RegExp> = { population: /^\d{12}$/, business: /^\d{10}(-\d{3})?$/ };

/** "dd/mm/yyyy" or "yyyy-mm-dd" as the registry gives it, to "yyyy-mm-dd". */
function isoDay(d: string): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(d);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : d;
}

function identityOf(registry: Registry, r: CitizenRecord | BusinessRecord): AccountIdentity {
  if (registry === "population") {
    const c = r as CitizenRecord;
    return {
      name: c.hoTen,
      id_number: c.soDinhDanh,
      birth_date: isoDay(c.ngaySinh),
      gender: c.gioiTinh === "Nữ" ? "female" : "male",
      address: c.noiThuongTru,
    };
  }
  const b = r as BusinessRecord;
  return { name: b.tenDoanhNghiep, tax_code: b.maSoDoanhNghiep, address: b.diaChiTruSo };
}

type Asker = { kind: "citizen"; citizen: Citizen } | { kind: "officer"; officer: Officer; ip?: string | null };

/**
 * Looks `subject` up in `registry` for `purpose`: a citizen only about their own account (identity number or
 * enterprise code, 403 otherwise), an officer only as a receiving officer. Records the look-up whatever its outcome.
 */
export async function lookUp(
  deps: Deps,
  asker: Asker,
  registry: Registry,
  subject: string,
  purpose: string,
): Promise<LookupAnswer> {
  const name = NAMES[registry];
  if (!SUBJECT[registry].test(subject))
    throw new AppError(422, "validation_failed", M.badSubject, [{ path: "subject", text: M.badSubject }]);
  if (asker.kind === "citizen") {
    const own = registry === "population" ? asker.citizen.id_number : asker.citizen.tax_code;
    if (own !== subject) throw new AppError(403, "registry_lookup_not_yours", M.notYours);
  } else if (!asker.officer.roles.includes("receiving"))
    throw new AppError(403, "receiving_officer_only", M.intakeOnly);
  const actorId = asker.kind === "citizen" ? asker.citizen.id : asker.officer.id;
  const record = async (outcome: "found" | "not_found" | "failed", error: string | null) => {
    const row = await deps.db
      .insertInto("registry_lookups")
      .values({ registry, subject, actor_kind: asker.kind, actor_id: actorId, purpose, outcome, error, at: deps.now() })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (asker.kind === "officer")
      await auditOfficer(deps, {
        actorId,
        unitId: asker.officer.unitId,
        action: `registry.${registry}.lookup`,
        target: subject,
        ip: asker.ip ?? null,
        data: { purpose, outcome, lookup: row.id },
      });
    return row.id;
  };
  const service = deps.config.services.registries;
  if (!service) throw new AppError(503, "registry_not_configured", fill(M.notConfigured, { registry: name }));
  const client = registries({ baseUrl: service.url, clientId: service.clientId, secret: service.secret });
  let found: CitizenRecord | BusinessRecord | undefined;
  try {
    // the request id the registry logs is the purpose trail: who asked, for what
    const requestId = `${asker.kind}:${actorId}:${purpose}`.slice(0, 200);
    found =
      registry === "population" ? await client.citizen(subject, requestId) : await client.business(subject, requestId);
  } catch (e) {
    if (!(e instanceof RegistryError)) throw e;
    await record("failed", e.code);
    const untrusted = e.code === "bad_answer_signature";
    throw new AppError(
      503,
      untrusted ? "registry_answer_untrusted" : "registry_unavailable",
      fill(untrusted ? M.untrusted : M.unavailable, { registry: name }),
    );
  }
  if (!found) {
    await record("not_found", null);
    throw new AppError(404, "registry_record_not_found", fill(M.notFound, { registry: name, subject }), [
      { path: "subject", text: fill(M.notFound, { registry: name, subject }) },
    ]);
  }
  const id = await record("found", null);
  return { id, registry, subject, identity: identityOf(registry, found), record: found };
}

/**
 * The successful look-ups that back a submission or an intake: this actor's, recent, about `subjects` (the
 * applicant's identity number / enterprise code), one per registry (the latest).
 */
export async function backingLookups(
  db: Pick<Deps["db"], "selectFrom">,
  now: Date,
  actor: { kind: "citizen" | "officer"; id: string },
  subjects: Partial<Record<Registry, string | null | undefined>>,
  purpose: string,
  ids?: string[],
): Promise<{ id: string; registry: Registry }[]> {
  const wanted = (Object.entries(subjects) as [Registry, string | null | undefined][]).filter(
    (e): e is [Registry, string] => !!e[1],
  );
  if (wanted.length === 0 || (ids && ids.length === 0)) return [];
  const rows = await db
    .selectFrom("registry_lookups")
    .select(["id", "registry", "subject", "at"])
    .where("actor_kind", "=", actor.kind)
    .where("actor_id", "=", actor.id)
    .where("outcome", "=", "found")
    .where("purpose", "=", purpose)
    .where("at", ">", new Date(now.getTime() - LOOKUP_VALID_MS))
    .where((eb) => eb.or(wanted.map(([r, s]) => eb.and([eb("registry", "=", r), eb("subject", "=", s)]))))
    .$if(ids !== undefined, (q) => q.where("id", "in", ids!))
    .orderBy("at", "desc")
    .execute();
  const out = new Map<Registry, string>();
  for (const r of rows) if (!out.has(r.registry)) out.set(r.registry, r.id);
  return [...out].map(([registry, id]) => ({ id, registry }));
}

/** The components whose papers need not be given: held by a database the applicant's data was looked up in. */
export const heldComponents = (components: Component[], used: { registry: Registry }[]) =>
  components.filter((c) => c.heldBy && used.some((u) => u.registry === c.heldBy));
