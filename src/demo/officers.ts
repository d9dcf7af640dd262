import type { Deps } from "../app/deps.js";
import { hashPassword } from "../app/officers.js";
import type { Role } from "../domain/catalogue.js";
import { CENTRE_CODE, COMMUNE, DEPT } from "./catalogue/units.js";

/**
 * Demo officer accounts of the demo province (for testers and the README; never loaded in production unless
 * DEMO_DATA is set). Every account has the same password and a fixed TOTP secret, so anyone can sign in with an
 * authenticator app (or `npm run cli -- totp <username>`).
 */
export const DEMO_PASSWORD = "Motcua@2026";

export interface DemoOfficer {
  username: string;
  name: string;
  title: string;
  roles: Role[];
  unitCode: string;
  /** Short name of the unit, for the README table. */
  unitLabel: string;
  /** Base32 TOTP secret (SHA-1, 6 digits, 30 s). */
  totpSecret: string;
}

export const DEMO_OFFICERS: DemoOfficer[] = [
  // Trung tâm Phục vụ hành chính công thành phố (receives province-level dossiers)
  {
    username: "tiepnhan.tttphcc",
    name: "Nguyễn Thị Thu Hà",
    title: "Công chức tiếp nhận và trả kết quả",
    roles: ["receiving"],
    unitCode: CENTRE_CODE,
    unitLabel: "Trung tâm PVHCC thành phố",
    totpSecret: "HUXQVWPJONQTVOBPEVG5AFB3LFPMN7TT",
  },
  {
    username: "chuyenvien.tttphcc",
    name: "Trần Minh Đức",
    title: "Chuyên viên",
    roles: ["specialist"],
    unitCode: CENTRE_CODE,
    unitLabel: "Trung tâm PVHCC thành phố",
    totpSecret: "XS3GAX3LPFBHG7OUD2X5VNPPW6KOQIFG",
  },
  {
    username: "lanhdao.tttphcc",
    name: "Lê Văn Hùng",
    title: "Phó Giám đốc Trung tâm",
    roles: ["leader"],
    unitCode: CENTRE_CODE,
    unitLabel: "Trung tâm PVHCC thành phố",
    totpSecret: "WUKXCAMT4UDQVRB44O3DHLAUBBMYAFJY",
  },
  // Sở Tư pháp (appraises and decides province-level justice procedures)
  {
    username: "tiepnhan.stp",
    name: "Phạm Thị Lan",
    title: "Công chức tiếp nhận và trả kết quả",
    roles: ["receiving"],
    unitCode: DEPT.tuPhap,
    unitLabel: "Sở Tư pháp",
    totpSecret: "ONX4BXSA3L733SPQZAMQDAC7CEWW7LFF",
  },
  {
    username: "chuyenvien.stp",
    name: "Hoàng Văn Nam",
    title: "Chuyên viên Phòng Hành chính tư pháp",
    roles: ["specialist"],
    unitCode: DEPT.tuPhap,
    unitLabel: "Sở Tư pháp",
    totpSecret: "RPFM2MIAS75E64KEIVG5WM65WAWBR2CG",
  },
  {
    username: "lanhdao.stp",
    name: "Vũ Thị Minh Nguyệt",
    title: "Phó Giám đốc Sở",
    roles: ["leader"],
    unitCode: DEPT.tuPhap,
    unitLabel: "Sở Tư pháp",
    totpSecret: "IBKFPT53C7BHCYSHOGIDLQRXSSQFJCAA",
  },
  // Ủy ban nhân dân phường Hoàn Kiếm
  {
    username: "tiepnhan.hoankiem",
    name: "Đặng Thị Mai",
    title: "Công chức Bộ phận Một cửa",
    roles: ["receiving"],
    unitCode: COMMUNE.hoanKiem,
    unitLabel: "UBND phường Hoàn Kiếm",
    totpSecret: "4OHE4KBKBPAGZQWE3Y262VVJMCY4OHYV",
  },
  {
    username: "chuyenvien.hoankiem",
    name: "Bùi Quang Huy",
    title: "Công chức Tư pháp - Hộ tịch",
    roles: ["specialist"],
    unitCode: COMMUNE.hoanKiem,
    unitLabel: "UBND phường Hoàn Kiếm",
    totpSecret: "JSYZHFBRG6D4XF2ACMQSAA2AE7YU47FF",
  },
  {
    username: "lanhdao.hoankiem",
    name: "Ngô Văn Thành",
    title: "Phó Chủ tịch UBND phường",
    roles: ["leader"],
    unitCode: COMMUNE.hoanKiem,
    unitLabel: "UBND phường Hoàn Kiếm",
    totpSecret: "ZM4W5NJLOHBU4TN63ZNRIAUMRHLJX4BO",
  },
  // Ủy ban nhân dân phường Cầu Giấy
  {
    username: "tiepnhan.caugiay",
    name: "Đỗ Thị Hồng Nhung",
    title: "Công chức Bộ phận Một cửa",
    roles: ["receiving"],
    unitCode: COMMUNE.cauGiay,
    unitLabel: "UBND phường Cầu Giấy",
    totpSecret: "TZB5WFOQNT3UZG7UZIW2LYDMEAPOIKVS",
  },
  {
    username: "chuyenvien.caugiay",
    name: "Trịnh Văn Long",
    title: "Công chức Văn hóa - Xã hội",
    roles: ["specialist"],
    unitCode: COMMUNE.cauGiay,
    unitLabel: "UBND phường Cầu Giấy",
    totpSecret: "A5BNXKBPIZ5RYK2XM6NUVS2TKRGZWOLO",
  },
  {
    username: "lanhdao.caugiay",
    name: "Phan Thị Thanh Tâm",
    title: "Chủ tịch UBND phường",
    roles: ["leader"],
    unitCode: COMMUNE.cauGiay,
    unitLabel: "UBND phường Cầu Giấy",
    totpSecret: "OK4SGDD5UZDA5DJ3VDWEGYJR6PXAAKTR",
  },
  // System administrator and the province's supervisor
  {
    username: "quantri",
    name: "Lý Minh Tuấn",
    title: "Quản trị hệ thống",
    roles: ["admin"],
    unitCode: CENTRE_CODE,
    unitLabel: "Trung tâm PVHCC thành phố",
    totpSecret: "X22FPO3FRUUGF5WJN64FOAOWAFL7VE2Y",
  },
  {
    username: "giamsat",
    name: "Đinh Thị Phương",
    title: "Chuyên viên theo dõi, giám sát TTHC",
    roles: ["supervisor"],
    unitCode: DEPT.vanPhong,
    unitLabel: "Văn phòng UBND thành phố",
    totpSecret: "OYJLCEKXT2GLCUF7MR2B3IAWS2U2FKRQ",
  },
];

/** The demo accounts as the README lists them. */
export function demoOfficerAccounts(): Array<{
  username: string;
  name: string;
  role: string;
  unit: string;
  unitCode: string;
  password: string;
  totpSecret: string;
}> {
  return DEMO_OFFICERS.map((o) => ({
    username: o.username,
    name: o.name,
    role: o.roles.join(", "),
    unit: o.unitLabel,
    unitCode: o.unitCode,
    password: DEMO_PASSWORD,
    totpSecret: o.totpSecret,
  }));
}

/**
 * Creates the demo officers that do not exist yet (idempotent). The demo password is hashed at most once per run
 * and not at all when every account is already there. Accounts whose unit is not loaded are skipped.
 */
export async function seedDemoOfficers(deps: Deps): Promise<number> {
  const existing = new Set(
    (
      await deps.db
        .selectFrom("officers")
        .select("username")
        .where(
          "username",
          "in",
          DEMO_OFFICERS.map((o) => o.username),
        )
        .execute()
    ).map((r) => r.username),
  );
  const missing = DEMO_OFFICERS.filter((o) => !existing.has(o.username));
  if (missing.length === 0) return 0;
  const units = await deps.db
    .selectFrom("units")
    .select(["id", "code"])
    .where("code", "in", [...new Set(missing.map((o) => o.unitCode))])
    .execute();
  const unitId = new Map(units.map((u) => [u.code, u.id]));
  const rows = missing.filter((o) => unitId.has(o.unitCode));
  if (rows.length === 0) return 0;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const inserted = await deps.db
    .insertInto("officers")
    .values(
      rows.map((o) => ({
        username: o.username,
        name: o.name,
        title: o.title,
        unit_id: unitId.get(o.unitCode)!,
        roles: JSON.stringify(o.roles),
        password_hash: passwordHash,
        totp_secret: o.totpSecret,
        // every demo officer signs through the remote-signing SANDBOX (account = username, OTP from its page)
        signing_method: "remote" as const,
      })),
    )
    .onConflict((oc) => oc.column("username").doNothing())
    .returning("id")
    .execute();
  return inserted.length;
}
