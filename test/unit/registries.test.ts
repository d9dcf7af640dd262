import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RegistryError, registries } from "../../src/adapters/registries/client.js";
import { type RegistrySandbox, startRegistrySandbox } from "../../src/sandboxes/registries/server.js";

let sb: RegistrySandbox;
const SECRET = "registry-secret-for-tests";
const client = (secret = SECRET, clientId = "H26") => registries({ baseUrl: sb.url, clientId, secret });

beforeAll(async () => {
  sb = await startRegistrySandbox({ port: 0, clients: [{ id: "H26", secret: SECRET }] });
});
afterAll(() => sb.close());
beforeEach(() => sb.setFault("none"));

describe("national registries (provide once)", () => {
  it("finds a citizen and a business, answers 'not found' honestly, and logs each look-up with its purpose", async () => {
    const c = await client().citizen("001085012345", "intake:000.00.12.H26");
    expect(c).toMatchObject({ hoTen: "Nguyễn Văn An", ngaySinh: "1985-03-12", gioiTinh: "Nam" });
    const b = await client().business("0109876543");
    expect(b).toMatchObject({
      tenDoanhNghiep: "Công ty TNHH Thương mại và Dịch vụ Hồng Hà",
      tinhTrang: "DANG_HOAT_DONG",
    });
    expect(b?.nguoiDaiDien.hoTen).toBe("Hoàng Văn Dũng");
    expect(await client().citizen("001099999999")).toBeUndefined();
    expect(sb.log().find((e) => e.requestId === "intake:000.00.12.H26")?.found).toBe(true);
  });

  it("refuses wrong credentials and bad ids, and detects a tampered answer", async () => {
    expect(
      (
        (await client("wrong")
          .citizen("001085012345")
          .catch((e) => e)) as RegistryError
      ).code,
    ).toBe("bad_signature");
    expect(
      (
        (await client(SECRET, "H99")
          .citizen("001085012345")
          .catch((e) => e)) as RegistryError
      ).code,
    ).toBe("unauthenticated");
    expect(
      (
        (await client()
          .citizen("12345")
          .catch((e) => e)) as RegistryError
      ).code,
    ).toBe("invalid_id");
    sb.setFault("tamper");
    expect(
      (
        (await client()
          .citizen("001085012345")
          .catch((e) => e)) as RegistryError
      ).code,
    ).toBe("bad_answer_signature");
    sb.setFault("error");
    expect(
      (
        (await client()
          .business("0109876543")
          .catch((e) => e)) as RegistryError
      ).code,
    ).toBe("server_error");
  });
});
