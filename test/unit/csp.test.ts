import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, formTargetOrigins } from "../../src/http/boundary/headers.js";

describe("Content-Security-Policy form-action", () => {
  it("lets forms lead to the identity provider and the payment platform, and nowhere else", () => {
    const targets = formTargetOrigins([
      "http://127.0.0.1:3101/",
      "https://pay.example.gov.vn/api",
      undefined,
      "not a url",
    ]);
    expect(targets).toEqual(["http://127.0.0.1:3101", "https://pay.example.gov.vn"]);
    const csp = contentSecurityPolicy("/dang-nhap", targets);
    expect(csp).toContain("form-action 'self' http://127.0.0.1:3101 https://pay.example.gov.vn;");
    expect(contentSecurityPolicy("/")).toContain("form-action 'self';");
  });
});
