import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { randomBytes } from "node:crypto";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { fillEForm } from "../../bench/eform-fill.js";
import type { EForm, EFormField } from "../../src/shared/eform.js";
import { loadConfig } from "../../src/config.js";
import { startSandboxes, type RunningSandbox } from "../../src/sandboxes/index.js";
import { type RunningServer, startServer } from "../../src/server.js";
import { TOTP } from "otpauth";
import { demoOfficerAccounts } from "../../src/demo/officers.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { freePort, sandboxPortEnv } from "../helpers/ports.js";
import { loadOfficer, type Officer } from "../../src/app/actors.js";
import { buildOnlineDossier } from "../factories/index.js";
import type { TestContext } from "../helpers/app.js";
import type { TestProcedure } from "../helpers/catalogue.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface RunningSystem {
  server: RunningServer;
  sandboxes: RunningSandbox[];
  baseUrl: string;
  mailUrl: string;
  browser: Browser;
  newPage(opts?: { mobile?: boolean }): Promise<{ page: Page; context: BrowserContext }>;
  stop(): Promise<void>;
}

/**
 * The whole system as `npm start` runs it — sandboxes as their own HTTP servers, the server with demo data on a
 * fresh database (PGlite in a temp folder, or a new PostgreSQL database with MOTCUA_TEST_PG) — and a headless
 * Debian Chromium driven by playwright-core.
 */
export async function startSystem(): Promise<RunningSystem> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Browser tests need Debian's chromium at ${CHROMIUM}: sudo apt-get install -y chromium`);
  const dir = await mkdtemp(join(tmpdir(), "motcua-browser-"));
  let database: TestDatabase | undefined;
  if (process.env.MOTCUA_TEST_PG) database = await createTestDatabase();
  const port = await freePort();
  const sandboxPorts = await sandboxPortEnv();
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: String(port),
    DATA_DIR: dir,
    ...(database?.url ? { DATABASE_URL: database.url } : {}),
    ...sandboxPorts,
    LOG_LEVEL: "warn",
  });
  const sandboxes = await startSandboxes(config);
  const server = await startServer(config, { logger: false });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const cspViolations: string[] = [];
  return {
    server,
    sandboxes,
    baseUrl: config.baseUrl,
    mailUrl: config.mailSandboxUrl ?? "",
    browser,
    async newPage(opts = {}) {
      const context = await browser.newContext(
        opts.mobile
          ? { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
          : { viewport: { width: 1280, height: 900 } },
      );
      const page = await context.newPage();
      // The pages' Content-Security-Policy must not block anything they need: a violation fails the test file.
      page.on("console", (m) => {
        if (m.type() === "error" && /Content Security Policy/i.test(m.text()))
          cspViolations.push(`${page.url()}: ${m.text()}`);
      });
      return { page, context };
    },
    async stop() {
      await browser.close();
      await server.close();
      for (const s of sandboxes) await s.close();
      await database?.drop();
      await rm(dir, { recursive: true, force: true });
      if (cspViolations.length) throw new Error(`Content-Security-Policy violations:\n${cspViolations.join("\n")}`);
    },
  };
}

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve("axe-core/axe.min.js");
let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; html: string }>;
}

/** Runs axe-core on the current page with the WCAG 2.0/2.1 A and AA rules; returns the violations. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol rather than added as an inline <script>: the pages' Content-Security-
  // Policy (no inline scripts) applies to the page, not to the test's own tooling.
  axeSource ??= readFileSync(AXE_PATH, "utf8");
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => ({ target: n.target, html: n.html })),
    }));
  });
}

/** A readable summary of axe violations for an assertion message. */
export const describeViolations = (vs: AxeViolation[]) =>
  vs
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => `${n.target.join(" ")} ${n.html.slice(0, 120)}`).join("\n  ")}`,
    )
    .join("\n");

/** The TOTP step last used per officer in this process: the office refuses a code replayed within its window. */
const usedSteps = new Map<string, number>();

/** A TOTP code for a step this officer has not used yet (waits for the next 30-second step when needed). */
async function freshTotpCode(username: string, secret: string): Promise<string> {
  const totp = new TOTP({ secret });
  let step = Math.floor(Date.now() / 1000 / totp.period);
  while (usedSteps.get(username) === step) {
    await new Promise((r) => setTimeout(r, 250));
    step = Math.floor(Date.now() / 1000 / totp.period);
  }
  usedSteps.set(username, step);
  return totp.generate({ timestamp: step * totp.period * 1000 });
}

/**
 * Signs a demo officer in through the login pages (password, then TOTP) and answers on the office home page.
 * `javaScript: false` uses a context without scripts (the pages work without them).
 */
export async function officerLogIn(
  sys: RunningSystem,
  username: string,
  opts: { javaScript?: boolean } = {},
): Promise<{ page: Page; context: BrowserContext; id: string }> {
  const account = demoOfficerAccounts().find((a) => a.username === username);
  if (!account) throw new Error(`no demo officer ${username}`);
  const { page, context } =
    opts.javaScript === false
      ? await (async () => {
          const context = await sys.browser.newContext({ javaScriptEnabled: false });
          return { context, page: await context.newPage() };
        })()
      : await sys.newPage();
  await page.goto(`${sys.baseUrl}/office/login`);
  await page.fill("#username", account.username);
  await page.fill("#password", account.password);
  await page.locator("form button[type=submit]").first().click();
  await page.waitForURL(/\/office\/login\/otp/);
  await page.fill("#code", await freshTotpCode(account.username, account.totpSecret));
  await page.locator("form button[type=submit]").first().click();
  await page.waitForURL((u) => u.pathname === "/office");
  const row = await sys.server.deps.db
    .selectFrom("officers")
    .select("id")
    .where("username", "=", account.username)
    .executeTakeFirstOrThrow();
  return { page, context, id: row.id };
}

/** The actions offered on a dossier's office page now (the server decides which). */
export const offeredActions = (page: Page) =>
  page.$$eval("form[action*='/actions/']", (forms) =>
    forms.map((f) => /\/actions\/([a-z_]+)/.exec(f.getAttribute("action") ?? "")?.[1] ?? ""),
  );

/**
 * Carries a dossier through its process on the office pages: round after round, the first officer to whom the
 * server offers one of `preference` does it (text fields filled, required choices taken), until `return_result`.
 * A result is generated once. Returns the actions done, in order.
 */
export async function carryThrough(
  dossierUrl: string,
  officers: Record<string, { page: Page }>,
  preference: string[],
): Promise<string[]> {
  const done: string[] = [];
  for (let round = 0; round < 20 && !done.includes("return_result"); round++) {
    let acted = false;
    for (const [role, o] of Object.entries(officers)) {
      await o.page.goto(dossierUrl);
      const actions = await offeredActions(o.page);
      const next = preference.find((a) => actions.includes(a) && !(a === "generate_result" && done.includes(a)));
      if (!next) continue;
      await o.page.locator(`#act-${next} summary`).click();
      const form = o.page.locator(`form[action*='/actions/${next}']`);
      for (const area of await form.locator("textarea, input[type=text]").all())
        if (!(await area.inputValue())) await area.fill("Hồ sơ hợp lệ, đủ điều kiện.");
      // required choices only: an optional assignee stays open to whoever holds the step's role
      for (const sel of await form.locator("select").all()) {
        const label = await o.page.locator(`label[for="${await sel.getAttribute("id")}"]`).textContent();
        if (!(await sel.inputValue()) && label?.includes("bắt buộc")) await sel.selectOption({ index: 1 });
      }
      await form.locator("button[type=submit]").click();
      await o.page.waitForLoadState("load");
      if (!/[?&]done=/.test(o.page.url()))
        throw new Error(`${role} ${next} failed: ${(await o.page.locator(`#act-${next}`).innerText()).slice(0, 800)}`);
      done.push(next);
      acted = true;
      break;
    }
    if (!acted) throw new Error(`nobody could act after ${done.join(" → ")}`);
  }
  return done;
}

/** Fills the rendered e-form field by field, as a person would, leaving pre-filled values alone. */
export async function fillRenderedForm(page: Page, form: EForm) {
  const values = fillEForm(form);
  const fill = async (fields: EFormField[], data: Record<string, unknown>, prefix: string) => {
    for (const f of fields) {
      const path = `${prefix}${f.key}`;
      const v = data[f.key];
      if (f.type === "group") {
        const items = (v as Record<string, unknown>[]) ?? [];
        for (const [i, item] of items.entries()) await fill(f.fields ?? [], item, `${path}[${i}].`);
        continue;
      }
      if (v === undefined || !f.required) continue;
      const el = page.locator(`[name="${path}"]`).first();
      if (f.type === "radio") await page.locator(`input[name="${path}"][value="${v}"]`).check();
      else if (f.type === "checkbox") await el.check();
      else if (["select", "province", "commune"].includes(f.type)) {
        if (!(await el.inputValue())) await el.selectOption(String(v));
      } else if (!(await el.inputValue())) await el.fill(String(v));
    }
  };
  for (const s of form.sections) await fill(s.fields, values[s.key], `${s.key}.`);
}

/** A PDF (recognised by its content) of some 20 kB. */
export function pdfBytes(): Buffer {
  return Buffer.concat([
    Buffer.from("%PDF-1.4\n1 0 obj << >> endobj\n", "latin1"),
    randomBytes(20_000),
    Buffer.from("\n%%EOF\n"),
  ]);
}

/** The demo officers with these usernames, as the use cases take them (to act through performAction). */
export async function demoOfficers(sys: RunningSystem, usernames: string[]): Promise<Officer[]> {
  const deps = sys.server.deps;
  const out: Officer[] = [];
  for (const username of usernames) {
    const row = await deps.db
      .selectFrom("officers")
      .select("id")
      .where("username", "=", username)
      .executeTakeFirstOrThrow();
    const o = await loadOfficer(deps, row.id);
    if (!o) throw new Error(`no demo officer ${username}`);
    out.push(o);
  }
  return out;
}

/** An online dossier of the demo procedure `nationalCode`, submitted to the unit `unitCode` (the factory's path). */
export async function demoDossier(
  sys: RunningSystem,
  nationalCode: string,
  unitCode: string,
  applicant: Parameters<typeof buildOnlineDossier>[2] = { citizenId: null },
): Promise<string> {
  const deps = sys.server.deps;
  const version = await deps.db
    .selectFrom("procedures as p")
    .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
    .select(["v.id"])
    .where("p.national_code", "=", nationalCode)
    .executeTakeFirstOrThrow();
  const unit = await deps.db.selectFrom("units").select("id").where("code", "=", unitCode).executeTakeFirstOrThrow();
  return buildOnlineDossier(
    { deps } as unknown as TestContext,
    { versionId: version.id, unitId: unit.id } as TestProcedure,
    applicant,
  );
}
