import { randomUUID } from "node:crypto";
import Fastify from "fastify";
import { createSession } from "../src/app/sessions.js";
import { loadConfig } from "../src/config.js";
import { CITIZEN_COOKIE } from "../src/http/citizen-auth.js";
import { startServer } from "../src/server.js";

/**
 * The server under benchmark, in its own process (so the load generator does not share its event loop).
 * Prints one JSON line (bench/child.ts ChildInfo) when ready: citizen sessions made directly in the database, and the
 * address of a bare Fastify app in the same process (one small page), the ceiling of the same window.
 */
const config = {
  ...loadConfig({ ...process.env, SANDBOXES: "off", DEMO_DATA: "on", LOG_LEVEL: "warn" }),
  port: Number(process.env.PORT ?? 0),
};
const server = await startServer(config, { logger: false, jobs: false });
const cookies: string[] = [];
for (let i = 0; i < Number(process.env.BENCH_CITIZENS ?? 16); i++) {
  const id = String(100000000000 + i).padStart(12, "0");
  const row = await server.deps.db
    .insertInto("citizens")
    .values({
      subject: `bench|${randomUUID()}`,
      name: `Công dân thử tải ${i}`,
      id_number: id,
      birth_date: "1990-05-12",
      email: `bench${i}@example.vn`,
      phone: "0912345678",
      address: "Hà Nội",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const token = await createSession(server.deps.db, {
    kind: "citizen",
    accountId: row.id,
    ttlSeconds: 3600,
    now: new Date(),
  });
  cookies.push(`${CITIZEN_COOKIE}=${token}`);
}
const version = await server.deps.db
  .selectFrom("procedures")
  .innerJoin("procedure_versions", "procedure_versions.id", "procedures.current_version_id")
  .select("procedure_versions.implementing_unit_ids")
  .where("procedures.national_code", "=", process.env.BENCH_PROCEDURE ?? "1.001193")
  .executeTakeFirstOrThrow();
const units = version.implementing_unit_ids;
const bare = Fastify({ logger: false });
const barePage = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Trang</title></head><body><p>${"Dịch vụ công trực tuyến. ".repeat(20)}</p></body></html>`;
bare.get("/", async (_req, reply) => reply.type("text/html; charset=utf-8").send(barePage));
const bareUrl = await bare.listen({ host: "127.0.0.1", port: 0 });
process.stdout.write(`${JSON.stringify({ url: server.url, bareUrl, cookies, units, db: server.deps.dbKind })}\n`);
process.on("SIGTERM", async () => {
  await bare.close();
  await server.close();
  process.exit(0);
});
