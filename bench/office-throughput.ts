/**
 * Receive-and-process throughput on PostgreSQL through the engine's own use cases, the path the office API calls:
 * N dossiers taken in at the counter without receipt (intake, status 1), then W concurrent workers each take the
 * next dossier and run it through its whole internal process with performAction:
 *   receive → forward (to the appraising step) → take → generate_result → forward (to the leader) → approve
 *   (processed, status 9) → return_result (status 10)
 * Half the dossiers are a province-level procedure received at the centre and appraised and approved at a
 * department, half a ward procedure handled within the ward. Forms 01 render in the background as in production
 * (FormRendering "background"); the figures give the time until the last action and until the last form is stored.
 */
import { loadavg } from "node:os";
import { storeUpload } from "../src/app/uploads.js";
import type { Component } from "../src/domain/catalogue.js";
import type { EForm } from "../src/shared/eform.js";
import { fillEForm } from "./eform-fill.js";
import { samplePdf } from "./submission.js";
import { type FormRendering, formsSettled, intake, performAction, setFormRendering } from "../src/app/office/index.js";
import { DEPT } from "../src/demo/catalogue/units.js";
import { loadOfficer, type Officer } from "../src/http/officer-auth.js";
import type { OfficeBenchDb } from "./office-populate.js";
import { percentile, round } from "./stats.js";

export const PIPELINE = [
  "receive",
  "forward",
  "take",
  "generate_result",
  "forward#2",
  "approve",
  "return_result",
] as const;
type Step = (typeof PIPELINE)[number];

export interface ThroughputResult {
  workers: number;
  /** When forms 01 are rendered: "background" as the server does, or "on_demand" (not during the run). */
  forms: FormRendering;
  dossiers: number;
  completed: number;
  errors: number;
  firstErrors: string[];
  /** Until the last action returned. */
  seconds: number;
  dossiersPerSecond: number;
  actionsPerSecond: number;
  /** Until the forms 01 queued in the background were stored too. */
  secondsWithForms: number;
  intake: { p50: number; p99: number };
  /** Milliseconds per action (performAction: the action's transaction and the dossier detail it returns). */
  perAction: Record<Step, { p50: number; p99: number }>;
  loadAverage: number;
}

interface Flow {
  procedureId: string;
  components: Component[];
  eform: EForm;
  receiving: Officer;
  specialist: Officer;
  leader: Officer;
}

async function officer(h: OfficeBenchDb, username: string): Promise<Officer> {
  const row = await h.deps.db
    .selectFrom("officers")
    .select("id")
    .where("username", "=", username)
    .executeTakeFirstOrThrow();
  return (await loadOfficer(h.deps, row.id))!;
}

async function procedure(
  h: OfficeBenchDb,
  code: string,
): Promise<{ procedureId: string; components: Component[]; eform: EForm }> {
  const r = await h.deps.db
    .selectFrom("procedures as p")
    .innerJoin("procedure_versions as v", "v.id", "p.current_version_id")
    .select(["p.id", "v.components", "v.eform"])
    .where("p.national_code", "=", code)
    .executeTakeFirstOrThrow();
  return { procedureId: r.id, components: r.components ?? [], eform: r.eform as EForm };
}

/** A small scan (the counter's digitised paper). */
const SCAN = Buffer.from(samplePdf());

async function flows(h: OfficeBenchDb): Promise<Flow[]> {
  return [
    {
      // Cấp mã số đơn vị có quan hệ với ngân sách: centre receives, the Department of Finance appraises and approves
      ...(await procedure(h, "2.001610")),
      receiving: await officer(h, "tiepnhan.tttphcc"),
      specialist: await officer(h, `bench.cv.${DEPT.taiChinh}`),
      leader: await officer(h, `bench.ld.${DEPT.taiChinh}`),
    },
    {
      // a ward procedure (3 working days) handled within the ward of Hoàn Kiếm
      ...(await procedure(h, "1.004873")),
      receiving: await officer(h, "tiepnhan.hoankiem"),
      specialist: await officer(h, "chuyenvien.hoankiem"),
      leader: await officer(h, "lanhdao.hoankiem"),
    },
  ];
}

async function pool<T>(items: T[], workers: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

export async function benchThroughput(
  h: OfficeBenchDb,
  opts: { workers: number; dossiers: number; forms?: FormRendering; log?: (s: string) => void },
): Promise<ThroughputResult> {
  const { workers, dossiers } = opts;
  const forms = opts.forms ?? "background";
  setFormRendering(h.deps, forms);
  const fl = await flows(h);
  const errors: string[] = [];

  // N dossiers at status 1 through the counter intake use case (not received yet)
  const intakeTimes: number[] = [];
  const jobs: { id: string; flow: Flow }[] = [];
  await pool(
    Array.from({ length: dossiers }, (_, i) => i),
    workers,
    async (i) => {
      const flow = fl[i % fl.length];
      // a counter dossier is received only scanned and with its e-form data (#10 item 3): one scan per required
      // paper, uploaded as the counter does, and the e-form filled
      const components = [];
      for (const c of flow.components.filter((x) => x.required)) {
        const f = await storeUpload(
          h.deps,
          { kind: "officer", id: flow.receiving.id },
          { bytes: SCAN, name: `${c.code}.pdf` },
        );
        components.push({ code: c.code, fileIds: [f.id] });
      }
      const s = performance.now();
      const { id } = await intake(h.deps, flow.receiving, {
        procedureId: flow.procedureId,
        data: fillEForm(flow.eform),
        components,
        channel: "counter",
        applicant: {
          type: "citizen",
          name: `Nguyễn Văn Thử ${i}`,
          idNumber: String(1_090_000_000 + i).padStart(12, "0"),
          address: "Số 1 Tràng Tiền, phường Hoàn Kiếm, Thành phố Hà Nội",
          phone: "0912345678",
        },
        returnMethod: "counter",
        receive: false,
      });
      intakeTimes.push(performance.now() - s);
      jobs.push({ id, flow });
    },
  );

  const times = Object.fromEntries(PIPELINE.map((s) => [s, [] as number[]])) as Record<Step, number[]>;
  let completed = 0;
  const act = async (step: Step, who: Officer, id: string, input: unknown) => {
    const s = performance.now();
    await performAction(h.deps, who, id, step.replace(/#\d$/, ""), input);
    times[step].push(performance.now() - s);
  };
  const t0 = performance.now();
  await pool(jobs, workers, async ({ id, flow }) => {
    try {
      await act("receive", flow.receiving, id, {});
      await act("forward", flow.receiving, id, { note: "Chuyển thẩm định" });
      await act("take", flow.specialist, id, {});
      await act("generate_result", flow.specialist, id, {
        title: "Quyết định giải quyết thủ tục hành chính",
        content: "Chấp thuận đề nghị của công dân theo hồ sơ đã tiếp nhận.\nKết quả có hiệu lực kể từ ngày ký.",
      });
      await act("forward#2", flow.specialist, id, { note: "Trình lãnh đạo phê duyệt" });
      await act("approve", flow.leader, id, { note: "Đồng ý" });
      await act("return_result", flow.receiving, id, { method: "counter", receiverName: "Nguyễn Văn Thử" });
      completed++;
    } catch (e) {
      const err = e as { code?: string; message?: string };
      errors.push(`${id}: ${err.code ?? ""} ${err.message ?? String(e)}`);
    }
  });
  const seconds = (performance.now() - t0) / 1000;
  await formsSettled(h.deps);
  const secondsWithForms = (performance.now() - t0) / 1000;
  const actions = Object.values(times).reduce((a, t) => a + t.length, 0);
  const stat = (t: number[]) => ({ p50: round(percentile(t, 50), 1), p99: round(percentile(t, 99), 1) });
  setFormRendering(h.deps, "background");
  const result: ThroughputResult = {
    workers,
    forms,
    dossiers,
    completed,
    errors: errors.length,
    firstErrors: errors.slice(0, 3),
    seconds: round(seconds, 1),
    dossiersPerSecond: round(completed / seconds, 2),
    actionsPerSecond: round(actions / seconds, 1),
    secondsWithForms: round(secondsWithForms, 1),
    intake: stat(intakeTimes),
    perAction: Object.fromEntries(PIPELINE.map((s) => [s, stat(times[s])])) as ThroughputResult["perAction"],
    loadAverage: round(loadavg()[0], 2),
  };
  opts.log?.(
    `  ${workers} workers, forms ${forms}: ${completed}/${dossiers} dossiers in ${result.seconds} s = ${result.dossiersPerSecond}/s` +
      ` (${result.actionsPerSecond} actions/s; forms stored at ${result.secondsWithForms} s)`,
  );
  return result;
}
