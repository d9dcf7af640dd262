/** The render pool's worker: renders one job with this thread's parsed fonts; a refused view model keeps its field. */
import { type RenderJob, renderJob } from "./render-job.js";
import { FormInputError } from "./validate.js";

export default async function render(
  job: RenderJob,
): Promise<Uint8Array | { formInputError: { field: string; message: string } }> {
  try {
    return await renderJob(job);
  } catch (e) {
    if (e instanceof FormInputError)
      return { formInputError: { field: e.field, message: e.message.slice(e.field.length + 2) } };
    throw e;
  }
}
