import { type Static, Type } from "@sinclair/typebox";
import type { LText } from "../shared/text.js";
import type { Officer } from "./actors.js";
import { authoriseOfficerAdmin } from "./admin/officers.js";
import { invalidateCatalogue } from "./catalogue.js";
import type { Deps } from "./deps.js";
import { AppError, parseInput } from "./errors.js";
import { auditOfficer } from "./officers.js";
import { type StoredFile, storeUpload, type UploadInput } from "./uploads.js";

/**
 * The province's branding (issue #9, "branding and settings"): the portal's name, the province, its hotline, address,
 * e-mail, footer links and emblem — what a province changes to make the portal its own without a developer. Kept in
 * `settings` under BRANDING_KEY and read with the catalogue's snapshot (src/app/catalogue.ts), so every node and every
 * cached page follows a change within seconds.
 */
export const BRANDING_KEY = "portal.branding";

export interface Branding {
  portalName: LText;
  provinceName: string;
  hotline: string;
  address: string;
  email: string;
  footerLinks: Array<{ label: LText; url: string }>;
  /** The emblem image (PNG or JPEG), a stored file; null: the default star. */
  emblemFileId: string | null;
}

/** What a fresh installation shows until its administrators set their own. */
export const DEFAULT_BRANDING: Branding = {
  portalName: { vi: "Cổng dịch vụ công", en: "Public Service Portal" },
  provinceName: "",
  hotline: "",
  address: "",
  email: "",
  footerLinks: [],
  emblemFileId: null,
};

const Str = (max: number) => Type.String({ maxLength: max });
/** A link is a path on this site or an http(s) address: never `javascript:` or another scheme. */
const Url = Type.String({ maxLength: 500, pattern: "^(/[^/\\\\]|/$|https?://)" });
export const BrandingInput = Type.Object(
  {
    portalNameVi: Type.String({ minLength: 1, maxLength: 120 }),
    portalNameEn: Str(120),
    provinceName: Str(120),
    hotline: Type.String({ maxLength: 40, pattern: "^[0-9 .+()-]*$" }),
    address: Str(300),
    email: Type.Union([Type.Literal(""), Type.String({ maxLength: 200, format: "email" })]),
    footerLinks: Type.Array(
      Type.Object({ labelVi: Type.String({ minLength: 1, maxLength: 80 }), labelEn: Str(80), url: Url }),
      { maxItems: 10 },
    ),
    removeEmblem: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type BrandingInput = Static<typeof BrandingInput>;

/** A stored branding value read back, with defaults for what it lacks (a value written by an older version). */
export function brandingFrom(value: unknown): Branding {
  if (!value || typeof value !== "object" || Array.isArray(value)) return DEFAULT_BRANDING;
  return { ...DEFAULT_BRANDING, ...(value as Partial<Branding>) };
}

const EMBLEM_LIMITS = { accept: ["image/png", "image/jpeg"], maxBytes: 512 * 1024 };

/**
 * An administrator changes the branding (audited). The emblem, when one is sent, goes through the one upload pipeline
 * (PNG or JPEG by its content, at most 512 KB) before anything is written.
 */
export async function saveBranding(
  deps: Deps,
  admin: Officer,
  raw: unknown,
  emblem?: UploadInput,
  ctx: { ip?: string | null } = {},
): Promise<Branding> {
  authoriseOfficerAdmin(admin);
  const input = parseInput(BrandingInput, raw);
  let stored: StoredFile | undefined;
  if (emblem)
    stored = await storeUpload(deps, { kind: "officer", id: admin.id }, emblem, {
      limits: EMBLEM_LIMITS,
      path: "emblem",
    });
  return deps.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom("settings")
      .select("value")
      .where("key", "=", BRANDING_KEY)
      .forUpdate()
      .executeTakeFirst();
    const before = brandingFrom(row?.value);
    const after: Branding = {
      portalName: {
        vi: input.portalNameVi.trim(),
        ...(input.portalNameEn.trim() ? { en: input.portalNameEn.trim() } : {}),
      },
      provinceName: input.provinceName.trim(),
      hotline: input.hotline.trim(),
      address: input.address.trim(),
      email: input.email.trim(),
      footerLinks: input.footerLinks.map((l) => ({
        label: { vi: l.labelVi.trim(), ...(l.labelEn.trim() ? { en: l.labelEn.trim() } : {}) },
        url: l.url.trim(),
      })),
      emblemFileId: stored ? stored.id : input.removeEmblem ? null : before.emblemFileId,
    };
    await tx
      .insertInto("settings")
      .values({ key: BRANDING_KEY, value: JSON.stringify(after) })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(after), updated_at: deps.now() }))
      .execute();
    await auditOfficer(
      deps,
      {
        action: "branding.update",
        actorId: admin.id,
        unitId: admin.unitId,
        target: BRANDING_KEY,
        ip: ctx.ip ?? null,
        data: { before, after },
      },
      tx,
    );
    invalidateCatalogue(deps);
    return after;
  });
}

/** The emblem's file, for the public route that serves it. */
export async function emblemFile(deps: Deps, branding: Branding) {
  if (!branding.emblemFileId) return undefined;
  return deps.db.selectFrom("files").selectAll().where("id", "=", branding.emblemFileId).executeTakeFirst();
}

export const noEmblem = () =>
  new AppError(404, "not_found", { vi: "Chưa có biểu trưng.", en: "No emblem has been set." });
