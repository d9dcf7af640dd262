/**
 * One rendering job: which document and its view model. The same function renders in the calling thread or in a
 * worker of the render pool (render-pool.ts); view models are plain data (Dates survive the structured clone).
 */
import {
  renderForm01,
  renderForm02,
  renderForm03,
  renderForm04,
  renderForm05,
  renderForm06,
  renderForm07,
} from "./forms.js";
import { type DeclarationInput, renderDeclarationPdf } from "./declaration.js";
import { type ResultViewModel, renderResultPdf } from "./result.js";
import type {
  Form01ViewModel,
  Form02ViewModel,
  Form03ViewModel,
  Form04ViewModel,
  Form05ViewModel,
  Form06ViewModel,
  Form07ViewModel,
} from "./types.js";

export type RenderJob =
  | { kind: "01"; vm: Form01ViewModel }
  | { kind: "02"; vm: Form02ViewModel }
  | { kind: "03"; vm: Form03ViewModel }
  | { kind: "04"; vm: Form04ViewModel }
  | { kind: "05"; vm: Form05ViewModel }
  | { kind: "06"; vm: Form06ViewModel }
  | { kind: "07"; vm: Form07ViewModel }
  | { kind: "result"; vm: ResultViewModel }
  | { kind: "declaration"; vm: DeclarationInput };

export function renderJob(job: RenderJob): Promise<Buffer> {
  switch (job.kind) {
    case "01":
      return renderForm01(job.vm);
    case "02":
      return renderForm02(job.vm);
    case "03":
      return renderForm03(job.vm);
    case "04":
      return renderForm04(job.vm);
    case "05":
      return renderForm05(job.vm);
    case "06":
      return renderForm06(job.vm);
    case "07":
      return renderForm07(job.vm);
    case "result":
      return renderResultPdf(job.vm);
    case "declaration":
      return renderDeclarationPdf(job.vm);
  }
}
