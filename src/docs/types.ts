/**
 * View models of the one-stop forms 01–07 (Circular 03/2025/TT-VPCP, domain.md §6).
 *
 * They are plain data: the office builds them from the dossier, the procedure version it pinned and its history, and
 * the renderers in `forms.ts` turn them into PDFs. Instants are `Date`s and are printed in Vietnam time (UTC+7);
 * calendar days may also be given as 'YYYY-MM-DD' strings where noted. Strings may be in any Unicode normal form:
 * the renderers normalise them to NFC so Vietnamese diacritics map to DejaVu's precomposed glyphs.
 */
import type { Component, TimeLimit } from "../domain/catalogue.js";

/** The unit that issues a form: printed in the left column of the heading. */
export interface FormIssuer {
  /** Governing authority printed above the unit, e.g. "UBND TỈNH BẮC NINH". Optional. */
  parentName?: string;
  /** The issuing unit, e.g. "Trung tâm Phục vụ hành chính công tỉnh" (printed in capitals). */
  name: string;
  /** Place name of the date line ("Bắc Ninh, ngày 10 tháng 02 năm 2026"). */
  place: string;
}

/** What every form carries. */
export interface FormBase {
  issuer: FormIssuer;
  /**
   * When the form is issued: prints the date line and is the PDF's CreationDate/ModDate, so the same view model
   * always gives the same bytes.
   */
  issuedAt: Date;
  /** Public look-up URL (e.g. `https://dichvucong.example.gov.vn/tra-cuu?ma=<code>`): encoded in the QR code and printed on every page. */
  lookupUrl: string;
  /** Document number and symbol, printed under the issuer as "Số: …" when given (e.g. "15/TB-TTPVHCC"). */
  documentNumber?: string;
}

/** The applicant (citizen or organisation) as printed on a form. */
export interface FormApplicant {
  name: string;
  address?: string;
  phone?: string;
  email?: string;
}

/** A person who signs a form. */
export interface FormSigner {
  /**
   * The signing capacity printed above the signature in capitals, e.g. "GIÁM ĐỐC" or, for signing on behalf,
   * "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" (lines separated by "\n").
   */
  title: string;
  /** Full name printed under the signature space. */
  name: string;
}

/** The form of a submitted paper: the catalogue code, or a free label printed as given. */
export type ComponentFormLabel = Component["form"] | (string & {});

/** One line of form 01's component table. */
export interface Form01Component {
  name: string;
  /** original | certified_copy | copy | original_or_copy, or a label such as "Bản điện tử". */
  form: ComponentFormLabel;
  /** Number of copies submitted (≥ 1). */
  quantity: number;
}

/** Where the result is returned: at the counter, by public postal service, or online. */
export interface ResultDelivery {
  method: "counter" | "post" | "online";
  /** Counter address, postal address, or the online account/data store, printed after the method when given. */
  detail?: string;
}

/** Mẫu số 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả (receipt and appointment slip). */
export interface Form01ViewModel extends FormBase {
  dossierCode: string;
  applicant: FormApplicant;
  /** The matter: the procedure's name. */
  procedureName: string;
  components: Form01Component[];
  /** Number of dossier sets submitted (≥ 1). */
  sets: number;
  /** Statutory time limit of the pinned procedure version. */
  timeLimit: TimeLimit;
  /** Time of receipt (printed hh:mm dd/mm/yyyy). */
  receivedAt: Date;
  /** Appointment to return the result (hh:mm dd/mm/yyyy), also for a same-day procedure (issue #10 item 5). */
  appointmentAt: Date;
  resultDelivery: ResultDelivery;
  /** Entry in the unit's log book (form 07): volume, e.g. "01/2026", and the year sequence number. */
  logBook: { volume?: string; entry: number };
  /** Who handed the dossier in when not the applicant (a representative); defaults to the applicant's name. */
  submitterName?: string;
  /** The receiving officer, printed under their signature. */
  receivingOfficerName: string;
}

/** One thing to add or correct, with its reason. */
export interface Form02Item {
  content: string;
  reason: string;
  /** The kind of paper asked for (original, certified copy, copy), when it is a paper. */
  form?: ComponentFormLabel;
  /** How many (≥ 1); printed as 1 when absent. */
  quantity?: number;
}

/** Mẫu số 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (request to complete the dossier). */
export interface Form02ViewModel extends FormBase {
  /** Absent when the dossier was checked at the counter and never entered. */
  dossierCode?: string;
  applicant: FormApplicant;
  procedureName: string;
  /** When the dossier was submitted/received, when known. */
  receivedAt?: Date;
  /** Everything to add or correct, at once and in full (Decree 61 Art. 15): at least one item. */
  items: Form02Item[];
  /** Date by which the supplement is expected, when the rule set sets one. */
  supplementDueAt?: Date;
  /** Whom the applicant contacts with questions. */
  contact: { name: string; unit?: string; phone?: string; email?: string };
  /** The officer who guides the applicant and signs ("Người hướng dẫn"). */
  officerName: string;
  /** Where the procedure's rules (components, forms, legal bases) are published, e.g. its page on the portal. */
  rulesPublishedAt?: string;
}

/** Mẫu số 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ (refusal to receive). */
export interface Form03ViewModel extends FormBase {
  dossierCode?: string;
  applicant: FormApplicant;
  procedureName: string;
  receivedAt?: Date;
  /** Why the dossier is refused. */
  reason: string;
  /** Legal bases of the refusal, one per line (at least one), e.g. "Khoản 2 Điều 15 Nghị định 61/2018/NĐ-CP". */
  legalBasis: string[];
  /** The officer who refuses and signs. */
  officerName: string;
}

/** Mẫu số 04 — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (apology and request to extend). */
export interface Form04ViewModel extends FormBase {
  dossierCode: string;
  applicant: FormApplicant;
  procedureName: string;
  receivedAt: Date;
  /** The original appointment. */
  originalDueAt: Date;
  /** Why the unit is late. */
  reason: string;
  /** The proposed new appointment (the date can be moved only once). */
  newDueAt: Date;
  /** The head of the late unit (the issuer), who signs. */
  signer: FormSigner;
  /** "Nơi nhận" distribution list; defaults to the applicant and the archive. */
  recipients?: string[];
}

/** Mẫu số 05 — Thông báo dừng giải quyết hồ sơ (notice that processing stops). */
export interface Form05ViewModel extends FormBase {
  dossierCode: string;
  applicant: FormApplicant;
  procedureName: string;
  receivedAt: Date;
  /** When processing stopped; defaults to issuedAt. */
  stoppedAt?: Date;
  reason: string;
  /** Legal bases, one per line (at least one). */
  legalBasis: string[];
  signer: FormSigner;
  recipients?: string[];
}

/** Result of one step against its budget. Absent while the step is still running. */
export type HandOverResult = "early" | "on_time" | "late";

/** One hand-over of the dossier (one row of the control sheet), read from the dossier's hand-over events. */
export interface Form06Row {
  /** Unit that hands the dossier over. */
  fromUnit: string;
  /** Unit that receives it. */
  toUnit: string;
  /** Instant of the hand-over. */
  at: Date;
  giverName: string;
  receiverName: string;
  /** How the giving step ended against its budget; absent/null if not assessed. */
  result?: HandOverResult | null;
  note?: string;
}

/** Mẫu số 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ (control sheet). */
export interface Form06ViewModel extends FormBase {
  dossierCode: string;
  applicantName: string;
  /** The applicant's address (printed under the name). */
  applicantAddress?: string;
  procedureName: string;
  receivedAt: Date;
  /** The dossier's current appointment. */
  dueAt: Date | null;
  /** Lead unit that resolves the dossier. */
  leadUnit: string;
  /** Units consulted or taking part (liên thông), if any. */
  coordinatingUnits?: string[];
  /** Hand-overs in time order. */
  rows: Form06Row[];
}

/** One line of the log book: one dossier. Dates may be instants or 'YYYY-MM-DD' days; empty when not reached. */
export interface Form07Line {
  /** Sequence number of the dossier in the unit's log book, continuous through the year (≥ 1). */
  seq: number;
  code: string;
  procedureName: string;
  sets: number;
  applicantName: string;
  address?: string;
  phone?: string;
  leadUnit: string;
  receivedAt: Date | string;
  dueAt?: Date | string | null;
  sentToUnitAt?: Date | string | null;
  resultBackAt?: Date | string | null;
  returnedAt?: Date | string | null;
  note?: string;
}

/** Mẫu số 07 — Sổ theo dõi hồ sơ (log book of a unit for a period), A4 landscape. */
export interface Form07ViewModel extends FormBase {
  /** First and last day of the period ('YYYY-MM-DD' or instants). */
  periodFrom: Date | string;
  periodTo: Date | string;
  /** Volume ("Quyển số"), e.g. "01/2026". */
  volume?: string;
  /** Lines in log-book order; their `seq` numbers must strictly increase. */
  lines: Form07Line[];
}
