/**
 * Look-ups in the national population and business databases (issue #7): a citizen or business about themselves for a
 * procedure's e-form (`/api/registry-lookups`), a receiving officer about the applicant at the counter
 * (`/api/office/registry-lookups`). A registry down or untrusted answers 503 with a message saying to go on by hand.
 */
import { type Static, Type } from "@sinclair/typebox";
import type { Citizen } from "../../app/actors.js";
import type { Deps } from "../../app/deps.js";
import { AppError } from "../../app/errors.js";
import { backingLookups, eformPurpose, heldComponents, INTAKE_PURPOSE, lookUp } from "../../app/registry-lookups.js";
import { loadOnlineProcedure, type OnlineProcedure } from "../../app/submission.js";
import { REGISTRY_NAMES } from "../../domain/catalogue-rules.js";
import type { Registry } from "../../domain/catalogue.js";
import { prefillFromAccount } from "../../shared/eform-validate.js";
import type { RegistryPanel } from "../../web/portal/submission/registry-lookup.js";
import { requireCitizen } from "../citizen-auth.js";
import { requireOfficer } from "../officer-auth.js";
import { ErrorBody } from "../schemas.js";
import type { RouteModule } from "../types.js";

const RegistrySchema = Type.Union([Type.Literal(REGISTRY_NAMES[0]), Type.Literal(REGISTRY_NAMES[1])]);

const CitizenLookupBody = Type.Object(
  {
    registry: RegistrySchema,
    procedureCode: Type.String({ minLength: 1, maxLength: 60, description: "The procedure whose e-form is filled" }),
  },
  { additionalProperties: false },
);

const OfficeLookupBody = Type.Object(
  {
    registry: RegistrySchema,
    subject: Type.String({
      minLength: 10,
      maxLength: 14,
      description: "Identity number (12 digits) or enterprise code",
    }),
  },
  { additionalProperties: false },
);

/** The database an account may look itself up in, and its own number there. */
export function ownRegistry(citizen: Citizen): { registry: Registry; subject: string } | undefined {
  if (citizen.kind === "business")
    return citizen.tax_code ? { registry: "business", subject: citizen.tax_code } : undefined;
  return citizen.id_number ? { registry: "population", subject: citizen.id_number } : undefined;
}

/** The registry panel of a procedure's form, and its components with those the look-up brought made optional. */
export async function registryState(deps: Deps, citizen: Citizen, proc: OnlineProcedure) {
  const own = ownRegistry(citizen);
  if (!own || !proc.components.some((c) => c.heldBy === own.registry))
    return { panel: undefined, components: proc.components };
  const used = await backingLookups(
    deps.db,
    deps.now(),
    { kind: "citizen", id: citizen.id },
    { [own.registry]: own.subject },
    eformPurpose(proc.code),
  );
  const held = heldComponents(proc.components, used);
  const panel: RegistryPanel = {
    registry: own.registry,
    used: used.length > 0,
    held: held.map((c) => ({ code: c.code, name: c.name })),
  };
  return { panel, components: proc.components.map((c) => (held.includes(c) ? { ...c, required: false } : c)) };
}

/** Looks the citizen up for a procedure's e-form; returns the look-up and the e-form data it fills. */
export async function lookUpForEForm(deps: Deps, citizen: Citizen, proc: OnlineProcedure, registry: Registry) {
  const own = ownRegistry(citizen);
  const subject = own?.registry === registry ? own.subject : "";
  if (!subject)
    throw new AppError(403, "registry_lookup_not_yours", {
      vi: "Tài khoản này không tra cứu được cơ sở dữ liệu đó.",
      en: "This account cannot be looked up in that database.",
    });
  const answer = await lookUp(deps, { kind: "citizen", citizen }, registry, subject, eformPurpose(proc.code));
  return { answer, data: prefillFromAccount(proc.eform, answer.identity) };
}

export const registryRoutes: RouteModule = (app, deps) => {
  app.post(
    "/api/registry-lookups",
    {
      schema: {
        tags: ["portal"],
        summary: "Fill a procedure's e-form from the national population or business database (my own data)",
        description:
          "Looks the logged-in account up (its identity number, or a business's enterprise code) for the procedure: answers the e-form data the record fills and the components no longer asked for when submitting that procedure within 24 hours. 503 `registry_unavailable` / `registry_answer_untrusted` when the database cannot be reached or its answer is not signed: type the data and attach the papers instead.",
        body: CitizenLookupBody,
        response: {
          200: Type.Object({
            id: Type.String({ format: "uuid" }),
            registry: RegistrySchema,
            data: Type.Record(Type.String(), Type.Unknown()),
            heldComponents: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
          }),
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          422: ErrorBody,
          503: ErrorBody,
        },
      },
    },
    async (req) => {
      const citizen = await requireCitizen(req, deps);
      const b = req.body as Static<typeof CitizenLookupBody>;
      const proc = await loadOnlineProcedure(deps, b.procedureCode);
      const { answer, data } = await lookUpForEForm(deps, citizen, proc, b.registry);
      return {
        id: answer.id,
        registry: answer.registry,
        data,
        heldComponents: heldComponents(proc.components, [answer]).map((c) => ({ code: c.code, name: c.name })),
      };
    },
  );

  app.post(
    "/api/office/registry-lookups",
    {
      schema: {
        tags: ["office"],
        summary: "Look an applicant up at the counter in the national population or business database",
        description:
          "Receiving officers only; recorded with its purpose and in the audit log. Name the answer's `id` in the intake (`registryLookupIds`) within 24 hours: the components those databases hold are then not asked for. 503 when the database cannot be reached or its answer is not signed: key the data in and scan the papers instead.",
        body: OfficeLookupBody,
        response: {
          200: Type.Object({
            id: Type.String({ format: "uuid" }),
            registry: RegistrySchema,
            subject: Type.String(),
            applicant: Type.Object({
              type: Type.Union([Type.Literal("citizen"), Type.Literal("business")]),
              name: Type.String(),
              idNumber: Type.Optional(Type.String()),
              taxCode: Type.Optional(Type.String()),
              birthDate: Type.Optional(Type.String()),
              address: Type.Optional(Type.String()),
            }),
          }),
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          422: ErrorBody,
          503: ErrorBody,
        },
      },
    },
    async (req) => {
      const officer = await requireOfficer(req, deps);
      const b = req.body as Static<typeof OfficeLookupBody>;
      const a = await lookUp(deps, { kind: "officer", officer, ip: req.ip }, b.registry, b.subject, INTAKE_PURPOSE);
      const i = a.identity;
      return {
        id: a.id,
        registry: a.registry,
        subject: a.subject,
        applicant: {
          type: a.registry === "business" ? ("business" as const) : ("citizen" as const),
          name: i.name ?? "",
          ...(i.id_number ? { idNumber: i.id_number } : {}),
          ...(i.tax_code ? { taxCode: i.tax_code } : {}),
          ...(i.birth_date ? { birthDate: i.birth_date } : {}),
          ...(i.address ? { address: i.address } : {}),
        },
      };
    },
  );
};
