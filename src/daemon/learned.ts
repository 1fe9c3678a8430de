// The learned difficulty model in use: loaded from router.db at start, replaced by `router learn`.
// Training runs in the daemon (the model is too big for one RPC message and the store is here), in
// a worker thread (learn-worker.ts): the fit takes seconds on ~15k items, and the loop keeps
// serving requests meanwhile. One training at a time: a second `learn.train` is refused.
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LearnedModel } from '../engine/learned-score.js';
import type { FitResult } from '../learn/fit.js';
import type { LedgerExchange } from '../learn/ledger-labels.js';
import { ledgerItems, notEnoughLabels } from '../learn/ledger-labels.js';
import type { LearnStatusDTO } from '../protocol/index.js';
import { RpcCode, RpcError } from '../protocol/index.js';
import type { LearnedModels, StoredModel } from '../store/learned-repo.js';
import type { LearnJob, LearnReply } from './learn-worker.js';

const workerFile = new URL('./learn-worker.js', import.meta.url);
/** Most recent captured requests one `--from-ledger` fit reads (the fit takes seconds on ~15k). */
const maxLedgerItems = 50_000;

export class LearnedHolder {
  private stored: StoredModel | null;
  private training = false;

  constructor(
    private readonly repo: LearnedModels,
    private readonly clock: () => number,
    /** Requests with captured prompts since a time (`--from-ledger`). */
    private readonly captured: (sinceMs: number, limit: number) => LedgerExchange[] = () => [],
  ) {
    this.stored = repo.latest();
  }

  current(): LearnedModel | undefined {
    return this.stored?.model;
  }

  status(): LearnStatusDTO {
    const s = this.stored;
    return s
      ? { version: s.version, createdAt: new Date(s.createdAt).toISOString(), threshold: s.model.threshold, meta: s.meta }
      : { version: null };
  }

  async train(p: { data: string; strong: string; weak: string; quality: number }): Promise<LearnStatusDTO> {
    const file = resolve(p.data);
    return this.fitAndStore({ file, strong: p.strong, weak: p.weak, quality: p.quality }, { data: file });
  }

  /** `router learn --from-ledger`: labels from ratings, escalations and failures on captured prompts. */
  async trainFromLedger(p: { strong: string; weak: string; quality: number; since?: number }): Promise<LearnStatusDTO> {
    const since = p.since ?? 0;
    const labels = ledgerItems(this.captured(since, maxLedgerItems), p.strong, p.weak);
    const why = notEnoughLabels(labels, p.strong, p.weak);
    if (why) throw new RpcError(RpcCode.InvalidParams, why);
    const source = { data: 'ledger', since: new Date(since).toISOString(), captured: labels.captured, labelled: labels.labelled };
    return this.fitAndStore({ items: labels.items, strong: p.strong, weak: p.weak, quality: p.quality }, source);
  }

  private async fitAndStore(job: LearnJob, source: Record<string, unknown>): Promise<LearnStatusDTO> {
    if (this.training) throw new RpcError(RpcCode.Conflict, 'a training is already running (router learn): wait for it to finish');
    this.training = true;
    let fit;
    try {
      fit = await fitInWorker(job);
    } finally {
      this.training = false;
    }
    const meta = { ...fit.meta, ...source };
    const version = this.repo.save(fit.model, meta, this.clock());
    this.stored = { version, createdAt: this.clock(), model: fit.model, meta };
    return this.status();
  }
}

function fitInWorker(job: LearnJob): Promise<FitResult> {
  return new Promise((done, fail) => {
    const worker = new Worker(workerFile, { workerData: job });
    // A daemon stopping mid-training exits without waiting for the fit; nobody is left to store it.
    worker.unref();
    let replied = false;
    worker.once('message', (reply: LearnReply) => {
      replied = true;
      if (reply.ok) return done(reply.fit);
      if (reply.dataError)
        return fail(new RpcError(reply.dataError === 'not_found' ? RpcCode.NotFound : RpcCode.InvalidParams, reply.message));
      const err = new Error(reply.message);
      if (reply.stack) err.stack = reply.stack;
      fail(err);
    });
    worker.once('error', (err) => {
      replied = true;
      fail(err);
    });
    worker.once('exit', (code) => {
      if (!replied) fail(new Error(`the training worker exited (code ${code}) without a model`));
    });
  });
}
