import { describe, expect, it } from "vitest";
import { bannerLines } from "../../src/banner.js";

/** Issue #10 item 16: the start banner names the mail capture's web page as what it is, and its SMTP server apart. */
describe("start banner", () => {
  it("names each sandbox address for what it is", () => {
    const lines = bannerLines({ baseUrl: "http://localhost:3000", dataDir: "/tmp/d" }, "pglite", [
      { name: "VNeID (OIDC)", url: "http://127.0.0.1:4001" },
      {
        name: "mail capture",
        url: "http://127.0.0.1:4002",
        urlLabel: "web page",
        endpoints: [{ label: "SMTP server", url: "smtp://127.0.0.1:2525" }],
      },
    ]);
    const mail = lines.filter((l) => l.includes("mail"));
    expect(mail.map((l) => l.trim().split(/\s{2,}/))).toEqual([
      ["SANDBOX mail capture: web page", "http://127.0.0.1:4002"],
      ["SANDBOX mail capture: SMTP server", "smtp://127.0.0.1:2525"],
    ]);
    // no line gives an http:// page the name SMTP
    expect(lines.filter((l) => /SMTP/.test(l) && /http:\/\//.test(l))).toEqual([]);
    expect(lines).toContain("  Database:                          PGlite in /tmp/d/pglite");
  });
});
