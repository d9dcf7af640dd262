/**
 * The demo province: Thành phố Hà Nội in the two-level model (from 01/07/2025: the city and its 126 communes and
 * wards, no districts). Hà Nội matches the VNeID sandbox's demo people (CCCD prefix 001, addresses in Hà Nội wards).
 *
 * Identifier codes are written in QCVN 102:2016 notation (`000.00.12.H26`, H26 = Hà Nội) for the demo; they are
 * stored and compared as opaque strings, never parsed by position. Names of the units, communes and wards are the
 * real ones; addresses and phone numbers are for demonstration.
 */

import type { CatalogueUnit } from "../../domain/catalogue-rules.js";
import { demoCatalogueFile } from "./files.js";

export type DemoUnitKind = CatalogueUnit["kind"];

export interface DemoUnit {
  code: string;
  name: string;
  shortName?: string;
  kind: DemoUnitKind;
  level: "province" | "commune";
  /** Code of the parent unit. */
  parent?: string;
  address: string;
  phone: string;
  email?: string;
  /** Whether the unit receives dossiers from applicants (one-stop counter). Default true. */
  receivesDossiers?: boolean;
}

export const PROVINCE_NAME = "Thành phố Hà Nội";
export const PROVINCE_SUFFIX = "H26";

/** Ủy ban nhân dân thành phố Hà Nội. */
export const PROVINCE_UNIT_CODE = "000.00.00.H26";
/** Trung tâm Phục vụ hành chính công thành phố Hà Nội: receives province-level dossiers. */
export const CENTRE_CODE = "000.00.12.H26";

/** Province-level departments and agencies by short key. */
export const DEPT = {
  vanPhong: "000.00.01.H26",
  tuPhap: "000.00.02.H26",
  xayDung: "000.00.03.H26",
  nongNghiepMoiTruong: "000.00.04.H26",
  taiChinh: "000.00.05.H26",
  yTe: "000.00.06.H26",
  giaoDuc: "000.00.07.H26",
  noiVu: "000.00.08.H26",
  congThuong: "000.00.09.H26",
  congAn: "000.00.10.H26",
  vanHoaTheThao: "000.00.11.H26",
  khoaHocCongNghe: "000.00.13.H26",
  duLich: "000.00.14.H26",
  danTocTonGiao: "000.00.15.H26",
  quyHoachKienTruc: "000.00.16.H26",
  /** Văn phòng Đăng ký đất đai Hà Nội (under Sở Nông nghiệp và Môi trường). */
  dangKyDatDai: "000.01.04.H26",
} as const;

/** Every demo unit, parents before children (src/demo/catalogue/data/units-and-fields.json). */
export const DEMO_UNITS: DemoUnit[] = demoCatalogueFile("units-and-fields.json").units as DemoUnit[];

const communes = DEMO_UNITS.filter((u) => /^000\.\d{2}\.30\.H26$/.test(u.code));

/** Codes of the communes' People's Committees, in list order. */
export const COMMUNE_CODES: string[] = communes.map((u) => u.code);
/** Codes of the communes' police (Công an cấp xã: residence registration), in the same order. */
export const COMMUNE_POLICE_CODES: string[] = COMMUNE_CODES.map((c) => c.replace(/\.30\.H26$/, ".31.H26"));

/** A few communes by name, for tests and fixtures. */
export const COMMUNE = {
  hoanKiem: COMMUNE_CODES[0]!,
  baDinh: COMMUNE_CODES[2]!,
  lang: COMMUNE_CODES[8]!,
  cauGiay: COMMUNE_CODES[12]!,
  boDe: COMMUNE_CODES[18]!,
  haDong: COMMUNE_CODES[19]!,
  socSon: COMMUNE_CODES[21]!,
} as const;

/** The communes' names ("Phường Hoàn Kiếm"), in list order. */
export const COMMUNE_NAMES: string[] = communes.map((u) => (u.shortName ?? u.name).replace(/^UBND /, ""));
