import type {
  CataloguePage,
  LookedUpDossier,
  NationalDossier,
  NationalProcedure,
  NationalRating,
  NationalSubmission,
  ProgressStep,
} from "../../adapters/national-portal/protocol.js";

/**
 * What motcua asks of the National Public Service Portal (domain.md §9), whatever carries it (the LGSP adapter in
 * src/adapters/national-portal). Business code sees these calls and `NationalPortalError`, never HTTP.
 */
export interface NationalPortalPort {
  /** `DongBoHoSoMC`: the first push of a dossier (`isUpdating` false) or a later one. */
  pushDossier(dossier: NationalDossier, isUpdating: boolean): Promise<void>;
  /** `CapNhatTienDoHoSoMC`: one processing step (idempotent on `MaTienDo`). */
  pushStep(step: ProgressStep): Promise<void>;
  /** `TraCuuHoSo`: the dossier as the portal holds it, or undefined when it has none. */
  lookupDossier(code: string): Promise<LookedUpDossier | undefined>;
  /** `LayDanhSachTTHC`: one page of the national catalogue (pages from 1). */
  listProcedures(page: number, size: number): Promise<CataloguePage>;
  /** `LayThuTuc`: one procedure's full record, or undefined when the portal does not know the code. */
  getProcedure(code: string): Promise<NationalProcedure | undefined>;
  /** `LayDanhSachHoSoMoi`: dossiers citizens submitted on the national portal, not yet acknowledged. */
  listNewSubmissions(max: number): Promise<NationalSubmission[]>;
  /** `LayTepDinhKem`: one attached file's bytes. */
  fetchFile(fileId: string): Promise<{ name: string; type: string; content: Buffer }>;
  /** `XacNhanHoSoMoi`: tells the portal a submission became a dossier (DA_NHAN, with its code) or was refused. */
  acknowledgeSubmission(
    nationalId: string,
    outcome: { accepted: true; code: string } | { accepted: false; reason: string },
  ): Promise<void>;
  /** `LayDanhGia`: ratings given on the national portal after a `yyyyMMddHHmmss` instant. */
  listRatings(since?: string): Promise<NationalRating[]>;
}

/**
 * A failed call. `transient` errors (the portal unreachable, timing out, answering 5xx or "busy") are worth
 * retrying as they are; the others are the portal's coded refusals (`DATA_INVALID`, `STATUS_TRANSITION`,
 * `TTHC_NOT_FOUND`, …), which the same request will meet again.
 */
export class NationalPortalError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly transient: boolean,
    readonly fields: { field: string; message: string }[] = [],
  ) {
    super(message);
    this.name = "NationalPortalError";
  }

  /** One line for logs and the sync health page: code, message and the first field errors. */
  summary(): string {
    const f = this.fields
      .slice(0, 5)
      .map((x) => `${x.field}: ${x.message}`)
      .join("; ");
    return `${this.code}: ${this.message}${f ? ` (${f})` : ""}`;
  }
}
