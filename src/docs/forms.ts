/**
 * Renderers of the one-stop forms 01–07 (Circular 03/2025/TT-VPCP; domain.md §6). Each takes a plain view model and
 * returns the PDF bytes: forms 01–06 on A5 portrait, the log book (07) on A4 landscape. Every form has the national
 * heading, the issuing unit, the place and date line, its "Mẫu số" label, a QR code to the public look-up and that
 * URL in the footer of every page. Fonts (DejaVu Sans) are embedded and subset, so Vietnamese prints and copies
 * correctly. Output is deterministic: the same view model gives the same bytes (CreationDate = issuedAt).
 *
 * A view model that would print a wrong or empty form is refused with a FormInputError naming the field.
 */
import { formatDateTime } from "../shared/format.js";
import { componentFormLabel, dayText, deliveryLabel, RESULT_LABELS, timeLimitText, whenText } from "./labels.js";
import { FormWriter } from "./pdf.js";
import type {
  Form01ViewModel,
  Form02ViewModel,
  Form03ViewModel,
  Form04ViewModel,
  Form05ViewModel,
  Form06ViewModel,
  Form07ViewModel,
  FormApplicant,
  FormSigner,
} from "./types.js";
import {
  checkBase,
  FormInputError,
  optionalDate,
  optionalDay,
  optionalText,
  requireDate,
  requireDay,
  requireNonEmptyList,
  requirePositiveInt,
  requireText,
} from "./validate.js";

export { FORM_TITLES, type FormNo, placeDateLine, RESULT_LABELS } from "./labels.js";
export type * from "./types.js";
export { FormInputError } from "./validate.js";

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

function checkApplicant(a: FormApplicant | undefined, field = "applicant"): void {
  if (!a || typeof a !== "object") throw new FormInputError(field, "required");
  requireText(a.name, `${field}.name`);
  optionalText(a.address, `${field}.address`);
  optionalText(a.phone, `${field}.phone`);
  optionalText(a.email, `${field}.email`);
}

function checkSigner(s: FormSigner | undefined, field = "signer"): void {
  if (!s || typeof s !== "object") throw new FormInputError(field, "required");
  requireText(s.title, `${field}.title`);
  requireText(s.name, `${field}.name`);
}

function checkLegalBasis(list: unknown, field = "legalBasis"): void {
  requireNonEmptyList(list, field);
  (list as unknown[]).forEach((b, i) => {
    requireText(b, `${field}[${i}]`);
  });
}

/** An optional list of texts: if given, a list of non-empty texts. */
function checkList(list: unknown, field: string): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) throw new FormInputError(field, "must be a list");
  list.forEach((r, i) => {
    requireText(r, `${field}[${i}]`);
  });
}

/** The applicant lines common to forms 01–03. */
function applicantFields(w: FormWriter, a: FormApplicant): void {
  w.field("Ông/Bà/Tổ chức", a.name, { indent: 8 });
  w.field("Địa chỉ", a.address, { indent: 8 });
  w.field("Số điện thoại", a.phone, { indent: 8 });
  if (a.email) w.field("Thư điện tử", a.email, { indent: 8 });
}

/** Mẫu số 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export async function renderForm01(vm: Form01ViewModel): Promise<Buffer> {
  checkBase(vm);
  requireText(vm.dossierCode, "dossierCode");
  checkApplicant(vm.applicant);
  requireText(vm.procedureName, "procedureName");
  requireNonEmptyList(vm.components, "components");
  vm.components.forEach((c, i) => {
    requireText(c?.name, `components[${i}].name`);
    requireText(c?.form, `components[${i}].form`);
    requirePositiveInt(c?.quantity, `components[${i}].quantity`);
  });
  requirePositiveInt(vm.sets, "sets");
  if (!vm.timeLimit || !["working_days", "working_hours", "immediate"].includes(vm.timeLimit.unit)) {
    throw new FormInputError("timeLimit", "unit must be working_days, working_hours or immediate");
  }
  if (vm.timeLimit.unit !== "immediate" && !(typeof vm.timeLimit.value === "number" && vm.timeLimit.value > 0)) {
    throw new FormInputError("timeLimit.value", "must be a positive number");
  }
  requireDate(vm.receivedAt, "receivedAt");
  // the return line always prints the appointment, also for a same-day procedure (due 17:00, or the next working day
  // when received after the cut-off)
  requireDate(vm.appointmentAt, "appointmentAt");
  if (vm.appointmentAt.getTime() < vm.receivedAt.getTime()) {
    throw new FormInputError("appointmentAt", "is before the time of receipt");
  }
  if (!vm.resultDelivery || !["counter", "post", "online"].includes(vm.resultDelivery.method)) {
    throw new FormInputError("resultDelivery.method", "must be counter, post or online");
  }
  if (!vm.logBook) throw new FormInputError("logBook", "required");
  requirePositiveInt(vm.logBook.entry, "logBook.entry");
  optionalText(vm.logBook.volume, "logBook.volume");
  optionalText(vm.submitterName, "submitterName");
  requireText(vm.receivingOfficerName, "receivingOfficerName");

  const w = FormWriter.create("A5", "01", vm);
  w.heading();
  w.titleBlock([{ text: `Mã hồ sơ: ${vm.dossierCode}`, bold: true, size: 9.5 }], vm.dossierCode);
  w.para(`${vm.issuer.name} tiếp nhận hồ sơ của:`);
  applicantFields(w, vm.applicant);
  w.field("Nội dung yêu cầu giải quyết", vm.procedureName);
  w.para("1. Thành phần hồ sơ nộp gồm:", { gapAfter: 2 });
  w.table(
    [
      { header: "STT", weight: 0.55, align: "center" },
      { header: "Tên giấy tờ", weight: 4.2 },
      { header: "Hình thức (bản chính, bản sao…)", weight: 1.9, align: "center" },
      { header: "Số lượng", weight: 0.9, align: "center" },
    ],
    vm.components.map((c, i) => [String(i + 1), c.name, componentFormLabel(c.form), String(c.quantity)]),
    { fontSize: 7.5, headerFontSize: 7 },
  );
  w.moveDown(3);
  w.field("2. Số lượng hồ sơ", `${two(vm.sets)} bộ`);
  w.field("3. Thời hạn giải quyết hồ sơ theo quy định", timeLimitText(vm.timeLimit));
  w.field("4. Thời gian nhận hồ sơ", formatDateTime(vm.receivedAt));
  w.field("5. Thời gian trả kết quả giải quyết hồ sơ", formatDateTime(vm.appointmentAt));
  w.field("6. Nơi nhận kết quả", deliveryLabel(vm.resultDelivery));
  w.para(
    `Vào Sổ theo dõi hồ sơ${vm.logBook.volume ? `, Quyển số: ${vm.logBook.volume}` : ""}, Số thứ tự: ${vm.logBook.entry}`,
    { italic: true, size: 8 },
  );
  w.signatures([
    { title: "Người nộp hồ sơ", name: vm.submitterName || vm.applicant.name },
    { title: "Người tiếp nhận hồ sơ", name: vm.receivingOfficerName },
  ]);
  return w.finish();
}

/** The opening of forms 02 and 03: heading, title with the dossier code, the applicant, the matter, when it came in. */
function dossierPreamble(w: FormWriter, vm: Form02ViewModel | Form03ViewModel): void {
  w.heading();
  w.titleBlock(
    vm.dossierCode ? [{ text: `Mã hồ sơ: ${vm.dossierCode}`, bold: true, size: 9.5 }] : [],
    vm.dossierCode || "Tra cứu hồ sơ",
  );
  w.para(`${vm.issuer.name} tiếp nhận hồ sơ của:`);
  applicantFields(w, vm.applicant);
  w.field("Nội dung yêu cầu giải quyết", vm.procedureName);
  if (vm.receivedAt) w.field("Thời gian nộp hồ sơ", formatDateTime(vm.receivedAt));
}

/** Mẫu số 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. */
export async function renderForm02(vm: Form02ViewModel): Promise<Buffer> {
  checkBase(vm);
  optionalText(vm.dossierCode, "dossierCode");
  checkApplicant(vm.applicant);
  requireText(vm.procedureName, "procedureName");
  optionalDate(vm.receivedAt, "receivedAt");
  requireNonEmptyList(vm.items, "items");
  vm.items.forEach((it, i) => {
    requireText(it?.content, `items[${i}].content`);
    requireText(it?.reason, `items[${i}].reason`);
    optionalText(it?.form, `items[${i}].form`);
    if (it.quantity !== undefined) requirePositiveInt(it.quantity, `items[${i}].quantity`);
  });
  optionalText(vm.rulesPublishedAt, "rulesPublishedAt");
  optionalDate(vm.supplementDueAt, "supplementDueAt");
  if (!vm.contact) throw new FormInputError("contact", "required");
  requireText(vm.contact.name, "contact.name");
  if (!vm.contact.phone && !vm.contact.email)
    throw new FormInputError("contact.phone", "a phone or e-mail is required");
  requireText(vm.officerName, "officerName");

  const w = FormWriter.create("A5", "02", vm);
  dossierPreamble(w, vm);
  w.moveDown(2);
  w.para(
    "Sau khi xem xét, đối chiếu với quy định hiện hành, đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
    { gapAfter: 3 },
  );
  w.table(
    [
      { header: "STT", weight: 0.55, align: "center" },
      { header: "Nội dung cần bổ sung, hoàn thiện", weight: 3.1 },
      { header: "Hình thức (bản chính, bản sao…)", weight: 1.45, align: "center" },
      { header: "Số lượng", weight: 0.8, align: "center" },
      { header: "Lý do", weight: 2.4 },
    ],
    vm.items.map((it, i) => [
      String(i + 1),
      it.content,
      it.form ? componentFormLabel(it.form) : "",
      String(it.quantity ?? 1),
      it.reason,
    ]),
    { fontSize: 7.5, headerFontSize: 7 },
  );
  w.moveDown(3);
  if (vm.rulesPublishedAt)
    w.para(
      `Thành phần hồ sơ, biểu mẫu và căn cứ pháp lý của thủ tục hành chính được công khai tại: ${vm.rulesPublishedAt}`,
      { size: 8.5 },
    );
  if (vm.supplementDueAt) w.field("Thời hạn bổ sung, hoàn thiện hồ sơ", formatDateTime(vm.supplementDueAt));
  const c = vm.contact;
  const how = [c.phone ? `số điện thoại ${c.phone}` : "", c.email ? `thư điện tử ${c.email}` : ""].filter(Boolean);
  w.para(
    `Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ ${c.name}` +
      `${c.unit ? ` (${c.unit})` : ""}, ${how.join(", ")} để được hướng dẫn.`,
  );
  w.signatures([{ title: "Người hướng dẫn", name: vm.officerName }]);
  return w.finish();
}

/** Mẫu số 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ. */
export async function renderForm03(vm: Form03ViewModel): Promise<Buffer> {
  checkBase(vm);
  optionalText(vm.dossierCode, "dossierCode");
  checkApplicant(vm.applicant);
  requireText(vm.procedureName, "procedureName");
  optionalDate(vm.receivedAt, "receivedAt");
  requireText(vm.reason, "reason");
  checkLegalBasis(vm.legalBasis);
  requireText(vm.officerName, "officerName");

  const w = FormWriter.create("A5", "03", vm);
  dossierPreamble(w, vm);
  w.moveDown(2);
  w.para(`Qua xem xét, ${vm.issuer.name} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:`, {
    gapAfter: 2,
  });
  w.para(vm.reason, { indent: 10, bold: true, gapAfter: 3 });
  w.para("Căn cứ pháp lý:", { gapAfter: 1 });
  for (const b of vm.legalBasis) w.item("-", [{ text: b }]);
  w.moveDown(2);
  w.para("Xin thông báo để Ông/Bà được biết và thực hiện./.");
  w.signatures([{ title: "Người tiếp nhận hồ sơ", name: vm.officerName }]);
  return w.finish();
}

/** Mẫu số 04 — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết. */
export async function renderForm04(vm: Form04ViewModel): Promise<Buffer> {
  checkBase(vm);
  requireText(vm.dossierCode, "dossierCode");
  checkApplicant(vm.applicant);
  requireText(vm.procedureName, "procedureName");
  requireDate(vm.receivedAt, "receivedAt");
  requireDate(vm.originalDueAt, "originalDueAt");
  requireText(vm.reason, "reason");
  requireDate(vm.newDueAt, "newDueAt");
  if (vm.newDueAt.getTime() <= vm.originalDueAt.getTime()) {
    throw new FormInputError("newDueAt", "must be later than the original due date");
  }
  checkSigner(vm.signer);
  checkList(vm.recipients, "recipients");

  const w = FormWriter.create("A5", "04", vm);
  w.heading();
  w.titleBlock([{ text: `Mã hồ sơ: ${vm.dossierCode}`, bold: true, size: 9.5 }], vm.dossierCode);
  w.para(`Kính gửi: Ông/Bà ${vm.applicant.name}`, { align: "center", gapAfter: 2 });
  if (vm.applicant.address) w.para(`Địa chỉ: ${vm.applicant.address}`, { align: "center", size: 8, gapAfter: 4 });
  w.para(
    `Vào lúc ${formatDateTime(vm.receivedAt)}, ${vm.issuer.name} đã tiếp nhận hồ sơ của Ông/Bà ` +
      `đề nghị giải quyết thủ tục hành chính: ${vm.procedureName}.`,
    { gapAfter: 2 },
  );
  w.field("Thời hạn trả kết quả đã hẹn", formatDateTime(vm.originalDueAt));
  w.para(`Tuy nhiên, đến nay ${vm.issuer.name} chưa giải quyết xong hồ sơ của Ông/Bà. Lý do:`, { gapAfter: 1 });
  w.para(vm.reason, { indent: 10, bold: true, gapAfter: 3 });
  w.para(
    `Sự chậm trễ này đã gây phiền hà cho Ông/Bà. ${vm.issuer.name} trân trọng xin lỗi Ông/Bà và đề nghị ` +
      "gia hạn thời gian giải quyết hồ sơ như sau:",
    { gapAfter: 1 },
  );
  w.field("Thời gian trả kết quả mới", formatDateTime(vm.newDueAt), { indent: 10 });
  w.moveDown(2);
  w.para("Kính mong Ông/Bà thông cảm./.");
  w.letterEnd(vm.signer, vm.recipients ?? ["Như trên", "Lưu: VT, hồ sơ"]);
  return w.finish();
}

/** Mẫu số 05 — Thông báo dừng giải quyết hồ sơ. */
export async function renderForm05(vm: Form05ViewModel): Promise<Buffer> {
  checkBase(vm);
  requireText(vm.dossierCode, "dossierCode");
  checkApplicant(vm.applicant);
  requireText(vm.procedureName, "procedureName");
  requireDate(vm.receivedAt, "receivedAt");
  optionalDate(vm.stoppedAt, "stoppedAt");
  requireText(vm.reason, "reason");
  checkLegalBasis(vm.legalBasis);
  checkSigner(vm.signer);
  checkList(vm.recipients, "recipients");

  const w = FormWriter.create("A5", "05", vm);
  w.heading();
  w.titleBlock([{ text: `Mã hồ sơ: ${vm.dossierCode}`, bold: true, size: 9.5 }], vm.dossierCode);
  w.para(`Kính gửi: Ông/Bà ${vm.applicant.name}`, { align: "center", gapAfter: 2 });
  if (vm.applicant.address) w.para(`Địa chỉ: ${vm.applicant.address}`, { align: "center", size: 8, gapAfter: 4 });
  w.para(
    `Vào lúc ${formatDateTime(vm.receivedAt)}, ${vm.issuer.name} đã tiếp nhận hồ sơ của Ông/Bà ` +
      `đề nghị giải quyết thủ tục hành chính: ${vm.procedureName}.`,
    { gapAfter: 2 },
  );
  w.para(
    `${vm.issuer.name} thông báo dừng giải quyết hồ sơ nêu trên kể từ ${formatDateTime(vm.stoppedAt ?? vm.issuedAt)}.`,
    { gapAfter: 2 },
  );
  w.para("Lý do:", { gapAfter: 1 });
  w.para(vm.reason, { indent: 10, bold: true, gapAfter: 3 });
  w.para("Căn cứ pháp lý:", { gapAfter: 1 });
  for (const b of vm.legalBasis) w.item("-", [{ text: b }]);
  w.moveDown(2);
  w.para("Xin thông báo để Ông/Bà được biết./.");
  w.letterEnd(vm.signer, vm.recipients ?? ["Như trên", "Lưu: VT, hồ sơ"]);
  return w.finish();
}

/** Mẫu số 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ. */
export async function renderForm06(vm: Form06ViewModel): Promise<Buffer> {
  checkBase(vm);
  requireText(vm.dossierCode, "dossierCode");
  requireText(vm.applicantName, "applicantName");
  optionalText(vm.applicantAddress, "applicantAddress");
  requireText(vm.procedureName, "procedureName");
  requireDate(vm.receivedAt, "receivedAt");
  if (vm.dueAt !== null) requireDate(vm.dueAt, "dueAt");
  requireText(vm.leadUnit, "leadUnit");
  checkList(vm.coordinatingUnits, "coordinatingUnits");
  if (!Array.isArray(vm.rows)) throw new FormInputError("rows", "must be a list");
  let previous = -Infinity;
  vm.rows.forEach((r, i) => {
    requireText(r?.fromUnit, `rows[${i}].fromUnit`);
    requireText(r?.toUnit, `rows[${i}].toUnit`);
    requireDate(r?.at, `rows[${i}].at`);
    requireText(r?.giverName, `rows[${i}].giverName`);
    requireText(r?.receiverName, `rows[${i}].receiverName`);
    if (r.result !== undefined && r.result !== null && !(r.result in RESULT_LABELS)) {
      throw new FormInputError(`rows[${i}].result`, "must be early, on_time or late");
    }
    optionalText(r.note, `rows[${i}].note`);
    if (r.at.getTime() < previous) throw new FormInputError(`rows[${i}].at`, "hand-overs must be in time order");
    previous = r.at.getTime();
  });

  const w = FormWriter.create("A5", "06", vm);
  w.heading();
  w.titleBlock([{ text: `Mã hồ sơ: ${vm.dossierCode}`, bold: true, size: 9.5 }], vm.dossierCode);
  w.field("Kèm theo hồ sơ của", vm.applicantName);
  if (vm.applicantAddress) w.field("Địa chỉ", vm.applicantAddress);
  w.field("Thủ tục hành chính", vm.procedureName);
  w.field("Thời gian tiếp nhận", formatDateTime(vm.receivedAt));
  w.field("Thời hạn trả kết quả", vm.dueAt ? formatDateTime(vm.dueAt) : "Không có");
  w.field("Cơ quan (bộ phận) giải quyết hồ sơ", vm.leadUnit);
  w.field(
    "Cơ quan phối hợp giải quyết hồ sơ",
    vm.coordinatingUnits?.length ? vm.coordinatingUnits.join("; ") : "Không có",
  );
  w.moveDown(4);
  const rows = vm.rows.map((r, i) => [
    String(i + 1),
    `Giao: ${r.fromUnit}\nNhận: ${r.toUnit}`,
    formatDateTime(r.at),
    `Giao: ${r.giverName}\nNhận: ${r.receiverName}`,
    r.result ? RESULT_LABELS[r.result] : "",
    r.note ?? "",
  ]);
  if (rows.length === 0) rows.push(["", "Chưa có lượt giao, nhận hồ sơ", "", "", "", ""]);
  w.table(
    [
      { header: "STT", weight: 0.45, align: "center" },
      { header: "Tên cơ quan, đơn vị giao, nhận", weight: 2.5 },
      { header: "Thời gian giao, nhận hồ sơ", weight: 1.15, align: "center" },
      { header: "Người giao, người nhận", weight: 2.05 },
      { header: "Kết quả (trước hạn/ đúng hạn/ quá hạn)", weight: 1.1, align: "center" },
      { header: "Ghi chú", weight: 1.3 },
    ],
    rows,
    { fontSize: 7, headerFontSize: 6.5 },
  );
  return w.finish();
}

/** Mẫu số 07 — Sổ theo dõi hồ sơ (A4 landscape, header repeated on every page). */
export async function renderForm07(vm: Form07ViewModel): Promise<Buffer> {
  checkBase(vm);
  requireDay(vm.periodFrom, "periodFrom");
  requireDay(vm.periodTo, "periodTo");
  optionalText(vm.volume, "volume");
  if (!Array.isArray(vm.lines)) throw new FormInputError("lines", "must be a list");
  let previous = 0;
  vm.lines.forEach((l, i) => {
    requirePositiveInt(l?.seq, `lines[${i}].seq`);
    if (l.seq <= previous) throw new FormInputError(`lines[${i}].seq`, "sequence numbers must strictly increase");
    previous = l.seq;
    requireText(l.code, `lines[${i}].code`);
    requireText(l.procedureName, `lines[${i}].procedureName`);
    requirePositiveInt(l.sets, `lines[${i}].sets`);
    requireText(l.applicantName, `lines[${i}].applicantName`);
    requireText(l.leadUnit, `lines[${i}].leadUnit`);
    requireDay(l.receivedAt, `lines[${i}].receivedAt`);
    optionalDay(l.dueAt, `lines[${i}].dueAt`);
    optionalDay(l.sentToUnitAt, `lines[${i}].sentToUnitAt`);
    optionalDay(l.resultBackAt, `lines[${i}].resultBackAt`);
    optionalDay(l.returnedAt, `lines[${i}].returnedAt`);
  });

  const w = FormWriter.create("A4-landscape", "07", vm);
  w.heading();
  const sub = [{ text: `Từ ngày ${dayText(vm.periodFrom)} đến ngày ${dayText(vm.periodTo)}`, size: 9 }];
  if (vm.volume) sub.push({ text: `Quyển số: ${vm.volume}`, size: 9 });
  w.titleBlock(sub, "Tra cứu hồ sơ");
  const rows = vm.lines.map((l) => [
    String(l.seq),
    l.code,
    l.procedureName,
    String(l.sets),
    l.applicantName,
    [l.address, l.phone ? `ĐT: ${l.phone}` : ""].filter(Boolean).join("\n"),
    l.leadUnit,
    whenText(l.receivedAt),
    whenText(l.dueAt),
    whenText(l.sentToUnitAt),
    whenText(l.resultBackAt),
    whenText(l.returnedAt),
    "",
    l.note ?? "",
  ]);
  if (rows.length === 0) rows.push(["", "Không có hồ sơ trong kỳ", "", "", "", "", "", "", "", "", "", "", "", ""]);
  w.table(
    [
      { header: "STT", weight: 0.5, align: "center" },
      // A dossier code (000.00.12.H56-260210-0007) stays on one line.
      { header: "Mã hồ sơ", weight: 1.7, noWrap: true },
      { header: "Tên thủ tục hành chính", weight: 1.85 },
      { header: "Số lượng hồ sơ (bộ)", weight: 0.6, align: "center" },
      { header: "Tên cá nhân, tổ chức", weight: 1.2 },
      { header: "Địa chỉ, số điện thoại", weight: 1.45 },
      { header: "Cơ quan chủ trì giải quyết", weight: 1.2 },
      { header: "Nhận hồ sơ", weight: 0.8, align: "center" },
      { header: "Hẹn trả kết quả", weight: 0.8, align: "center" },
      { header: "Chuyển hồ sơ đến cơ quan giải quyết", weight: 0.8, align: "center" },
      { header: "Nhận kết quả từ cơ quan giải quyết", weight: 0.8, align: "center" },
      { header: "Trả kết quả cho cá nhân, tổ chức", weight: 0.8, align: "center" },
      { header: "Ký nhận", weight: 0.8, align: "center" },
      { header: "Ghi chú", weight: 0.9 },
    ],
    rows,
    { fontSize: 6.5, headerFontSize: 6.5, groups: [{ label: "Ngày, tháng, năm", from: 7, to: 11 }] },
  );
  return w.finish();
}
