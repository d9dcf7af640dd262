import type { Component, Fee, LegalBasis, ProcessSpec, ResultSpec, TimeLimit } from "../../domain/catalogue.js";
import type { EForm } from "../../shared/eform.js";

/**
 * One procedure of the demo catalogue, written from its public description. Units are named by code;
 * the seed resolves them to ids.
 */
export interface DemoProcedure {
  /** National code from the national TTHC database (e.g. 1.001193). */
  code: string;
  name: string;
  fieldCode: string;
  level: "province" | "commune";
  /**
   * The competent unit. For commune-level procedures every commune's People's Committee is competent for the
   * dossiers it receives; the row names a reference commune and the process runs at the receiving unit.
   */
  competentUnit: string;
  /** Units that receive dossiers for this procedure. */
  implementingUnits: string[];
  applicantTypes: Array<"citizen" | "business">;
  description: string;
  requirements: string;
  timeLimit: TimeLimit;
  fees: Fee[];
  components: Component[];
  result: ResultSpec;
  legalBases: LegalBasis[];
  onlineKind: "end_to_end" | "partial" | "none";
  /** Published reason why the procedure is only partly online (required for `partial`). */
  onlineReason?: string;
  eform: EForm;
  process: ProcessSpec;
}
