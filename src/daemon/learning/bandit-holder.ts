// The daemon's bandit posteriors: the live book in memory (plan() reads a snapshot; every change
// replaces the scope's object, so a snapshot never changes under a planner), saved to router.db
// about once a second and on shutdown. Behind BanditRepo so a cluster can mirror it elsewhere.
import { observeArm, type BanditArm, type BanditBook } from '../../engine/bandit.js';
import type { BanditRepo } from '../../store/bandit-repo.js';

const SAVE_DELAY_MS = 1_000;

export class BanditHolder {
  private book: BanditBook;
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  /** Told of each observation made here (a cluster shares them); not of those applied from elsewhere. */
  private listener: ((scope: string, target: string, reward: number) => void) | null = null;

  constructor(
    private readonly repo: BanditRepo | null,
    private readonly clock: () => number = Date.now,
  ) {
    this.book = repo?.load() ?? {};
  }

  current(): BanditBook {
    return this.book;
  }

  onObserve(listener: ((scope: string, target: string, reward: number) => void) | null): void {
    this.listener = listener;
  }

  observe(scope: string, target: string, reward: number): void {
    this.applyRemote(scope, target, reward);
    this.listener?.(scope, target, reward);
  }

  /** An observation another daemon of the cluster made: the same update, not shared again. */
  applyRemote(scope: string, target: string, reward: number): void {
    this.book = { ...this.book, [scope]: observeArm(this.book[scope], target, reward) };
    // Every arm of the scope was discounted, so every arm of it is saved.
    this.dirty.add(scope);
    if (this.timer || !this.repo) return;
    this.timer = setTimeout(() => this.persist(), SAVE_DELAY_MS);
    this.timer.unref();
  }

  persist(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.repo || this.dirty.size === 0) return;
    const changed: Array<{ scope: string; target: string; arm: BanditArm }> = [];
    for (const scope of this.dirty)
      for (const [target, arm] of Object.entries(this.book[scope] ?? {})) changed.push({ scope, target, arm });
    this.dirty.clear();
    this.repo.save(changed, this.clock());
  }
}
