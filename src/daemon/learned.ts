// The learned difficulty model in use: loaded from router.db at start, replaced by `router learn`.
// Training runs in the daemon (the model is too big for one RPC message and the store is here);
// it blocks the loop for a few seconds on ~15k items, which `router learn` is documented to cost.
import { resolve } from 'node:path';
import type { LearnedModel } from '../engine/learned-score.js';
import { checkModels, DataError, readItems } from '../learn/dataset.js';
import { fitModel } from '../learn/fit.js';
import type { LearnStatusDTO } from '../protocol/index.js';
import { RpcCode, RpcError } from '../protocol/index.js';
import type { LearnedModels, StoredModel } from '../store/learned-repo.js';

export class LearnedHolder {
  private stored: StoredModel | null;

  constructor(
    private readonly repo: LearnedModels,
    private readonly clock: () => number,
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

  train(p: { data: string; strong: string; weak: string; quality: number }): LearnStatusDTO {
    const file = resolve(p.data);
    let fit;
    try {
      const items = readItems(file);
      checkModels(items, file, [p.strong, p.weak]);
      fit = fitModel(items, p);
    } catch (err) {
      if (err instanceof DataError) throw new RpcError(err.code === 'not_found' ? RpcCode.NotFound : RpcCode.InvalidParams, err.message);
      throw err;
    }
    const meta = { ...fit.meta, data: file };
    const version = this.repo.save(fit.model, meta, this.clock());
    this.stored = { version, createdAt: this.clock(), model: fit.model, meta };
    return this.status();
  }
}
