// The requests in flight, as the shutdown sees them: when the drain (limits.drainMs) is over, each
// one still running is cut the way its client can understand (an in-stream error, or a 503), and
// the shutdown waits until each has written its ledger row before the store closes.
export class Cutoff {
  private readonly running = new Set<() => void>();
  private idleWaiters: Array<() => void> = [];
  private cutting = false;

  /** Registers one request; `cut` ends it for the client. Returns the call that says it is recorded. */
  enter(cut: () => void): () => void {
    if (this.cutting) queueMicrotask(cut);
    this.running.add(cut);
    return () => {
      this.running.delete(cut);
      if (this.running.size === 0) for (const w of this.idleWaiters.splice(0)) w();
    };
  }

  get size(): number {
    return this.running.size;
  }

  /** Cuts every request in flight (and any that starts from now on). */
  cutAll(): void {
    this.cutting = true;
    for (const cut of [...this.running]) cut();
  }

  /** Resolves once every request has been recorded, or after `timeoutMs` (a stuck one must not hold the exit). */
  idle(timeoutMs: number): Promise<void> {
    if (this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
