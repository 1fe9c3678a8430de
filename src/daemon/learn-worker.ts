// The worker thread `router learn` fits in: reading the file and fitting take seconds on ~15k items,
// and on the daemon's own loop they would stall every request meanwhile. The weights come back
// transferred (no copy of the 2^bits Float32 tables).
import { parentPort, workerData } from 'node:worker_threads';
import type { LabeledItem } from '../learn/dataset.js';
import { checkModels, DataError, readItems } from '../learn/dataset.js';
import type { FitOptions, FitResult } from '../learn/fit.js';
import { fitModel } from '../learn/fit.js';

export interface LearnJob extends FitOptions {
  /** Absolute path of the JSONL (`--data`), or the items themselves (`--from-ledger`, labelled by the daemon). */
  file?: string;
  items?: LabeledItem[];
}

/** What the worker posts once: the fit, or why there is none (a data problem keeps its CLI code). */
export type LearnReply =
  { ok: true; fit: FitResult } | { ok: false; dataError?: DataError['code']; message: string; stack?: string | undefined };

function run(job: LearnJob): { reply: LearnReply; transfer: ArrayBuffer[] } {
  try {
    const items = job.items ?? readItems(job.file!);
    if (job.file) checkModels(items, job.file, [job.strong, job.weak]);
    const fit = fitModel(items, job);
    return { reply: { ok: true, fit }, transfer: [...new Set(fit.model.heads.map((h) => h.weights.buffer as ArrayBuffer))] };
  } catch (err) {
    if (err instanceof DataError) return { reply: { ok: false, dataError: err.code, message: err.message }, transfer: [] };
    const e = err instanceof Error ? err : new Error(String(err));
    return { reply: { ok: false, message: e.message, stack: e.stack }, transfer: [] };
  }
}

if (parentPort) {
  const { reply, transfer } = run(workerData as LearnJob);
  parentPort.postMessage(reply, transfer);
}
